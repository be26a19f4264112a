"""``kg explain``: the source passage of a fact, its spans marked (kg.explain)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def explain(
        target: Annotated[str, typer.Argument(help="A fact id (r.id, shown in views and JSON answers) or a node's name or 文号.")],
        out: Annotated[Path | None, typer.Option("--out", help="Write an HTML page (displaCy spans) instead of printing.")] = None,
        store: Annotated[str | None, typer.Option("--store", help="Store URI (default from KG_STORE, else embedded://.kg/graph).")] = None,
        limit: Annotated[int, typer.Option("--limit", help="Most facts shown for a node name.")] = 50,
    ) -> None:
        """Show the passage a fact came from with the fact's spans marked (HTML with --out, else the terminal)."""
        from kg.explain import explain as do_explain
        from kg.explain import render_console, render_html
        from kg.stores import open_store

        st = open_store(store, read_only=True)
        try:
            found = do_explain(st, target, limit=limit)
        finally:
            st.close()
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render_html(found, title=f"kg explain {target}"), encoding="utf-8")
            typer.echo(f"wrote {out}: {len(found)} fact(s)")
            return
        from rich.console import Console

        render_console(found, Console(highlight=False, soft_wrap=True))
