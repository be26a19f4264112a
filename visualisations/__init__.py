"""Graph views: a view model built from query rows, drawn with pyvis into one
self-contained HTML page (vis-network inlined, no network requests).

    from kg.visualisations import view_from_rows, render_html
    view = view_from_rows(store.query("MATCH (a)-[r:LEADS]->(t) RETURN a, r, t").rows)
    html = render_html(view, "leads.html")

pyvis is imported only by :func:`render_html`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.visualisations.view import (
    LARGE_VIEW,
    LegendEntry,
    ViewEdge,
    ViewModel,
    ViewNode,
    chinese_term,
    view_from_result,
    view_from_rows,
    view_from_triples,
)

if TYPE_CHECKING:
    from pathlib import Path


def render_html(
    view: ViewModel, out_path: str | Path | None = None, embed: bool = False, vis_src: str | None = None
) -> str:
    """Render ``view`` to HTML (see :func:`kg.visualisations.render.render_html`)."""
    from kg.visualisations.render import render_html as _render

    return _render(view, out_path, embed=embed, vis_src=vis_src)


def render_rows(
    rows: Any, out_path: str | Path | None = None, *, embed: bool = False, title: str = "kg"
) -> str:
    """Rows -> view model -> HTML in one call."""
    return render_html(view_from_rows(rows, title=title), out_path, embed=embed)


__all__ = [
    "LARGE_VIEW",
    "LegendEntry",
    "ViewEdge",
    "ViewModel",
    "ViewNode",
    "chinese_term",
    "render_html",
    "render_rows",
    "view_from_answer",
    "view_from_result",
    "view_from_rows",
    "view_from_triples",
]


def view_from_answer(answer: Any, args: Any = None, *, title: str | None = None) -> ViewModel:
    """A view of a named-question answer (see :mod:`kg.visualisations.answers`)."""
    from kg.visualisations.answers import view_from_answer as _from_answer

    return _from_answer(answer, args, title=title)
