"""``kg render`` and ``kg serve``: plain functions the CLI registers.

``kg render (CYPHER | --question NAME ARGS...) --out FILE.html [--store URI] [--embed]``
runs one read-only statement (checked by :mod:`kg.readonly`, store opened
read-only) or a named question (:mod:`kg.questions`), builds the view model
and writes one self-contained HTML page.

``kg serve`` runs :func:`kg.service.create_app` under uvicorn. Without an API
token (``--token`` or ``KG_API_TOKEN``) it binds to 127.0.0.1 only, and says so.

Nothing heavy (pyvis, FastAPI, uvicorn) is imported at module import.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass
class RenderReport:
    out: Path
    nodes: int
    edges: int
    dropped_edges: int
    large: bool


def parse_question_args(args: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """``["红星煤矿", "on=2020-06-01"]`` -> (positional, keyword)."""
    pos: list[str] = []
    kw: dict[str, str] = {}
    for a in args:
        key, sep, value = a.partition("=")
        if sep and key.isidentifier():
            kw[key] = value
        elif a.startswith("--") and "=" in a:
            k, _, v = a[2:].partition("=")
            kw[k.replace("-", "_")] = v
        else:
            pos.append(a)
    return pos, kw


def render(
    cypher: str | None = None,
    *,
    out: str | Path,
    question: str | None = None,
    args: Sequence[str] = (),
    params: dict[str, Any] | None = None,
    store: str | None = None,
    embed: bool = False,
    title: str | None = None,
    timeout: float | None = 60.0,
) -> RenderReport:
    """Write the view of ``cypher`` (or of ``question`` with ``args``) to ``out``."""
    from kg.errors import BadParameterError
    from kg.stores import open_store
    from kg.visualisations import render_html, view_from_answer, view_from_rows

    if (cypher is None) == (question is None):
        raise BadParameterError("give either a Cypher statement or --question NAME")
    out_path = Path(out)
    if out_path.suffix.lower() not in (".html", ".htm"):
        raise BadParameterError(f"--out must be an .html file, not {str(out_path)!r}")
    st = open_store(store, read_only=True)
    try:
        if cypher is not None:
            from kg.readonly import check_read_only

            check_read_only(cypher)
            result = st.query(cypher, params or {}, timeout=timeout)
            view = view_from_rows(result.rows, title=title or _short(cypher))
        else:
            assert question is not None
            from kg import questions
            from kg.errors import UnknownQuestionError

            table = getattr(questions, "QUESTIONS", {})
            fn = table.get(question)
            if fn is None:
                raise UnknownQuestionError(
                    f"no question named {question!r}; known: {', '.join(sorted(table))}"
                )
            pos, kw = parse_question_args(args)
            try:
                answer = fn(st, *pos, **kw)
            except TypeError as exc:
                raise BadParameterError(f"{question}: {exc}") from exc
            shown: dict[str, Any] = {str(i): v for i, v in enumerate(pos)}
            shown.update(kw)
            view = view_from_answer(answer, shown, title=title)
    finally:
        st.close()
    render_html(view, out_path, embed=embed)
    return RenderReport(out_path, len(view.nodes), len(view.edges), view.dropped_edges, view.large)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def resolve_bind(host: str | None, token: str | None) -> tuple[str, str | None]:
    """(host to bind, warning). No token -> loopback only."""
    if not token:
        if host and host not in LOOPBACK:
            return "127.0.0.1", (
                f"no API token (KG_API_TOKEN) set: refusing to bind to {host}; "
                "serving on 127.0.0.1 only. Set KG_API_TOKEN to serve other hosts."
            )
        return host or "127.0.0.1", "no API token (KG_API_TOKEN) set: serving on localhost only, without auth"
    return host or "127.0.0.1", None


def serve(
    store: str | None = None,
    host: str | None = "127.0.0.1",
    port: int = 8000,
    *,
    token: str | None = None,
    allowed_origins: Sequence[str] = (),
    row_limit: int = 1000,
    timeout: float = 10.0,
    echo: Callable[[str], None] | None = None,
    log_level: str = "info",
) -> None:
    """Run the HTTP service (blocks)."""
    import uvicorn

    from kg.service import create_app
    from kg.stores.base import resolve_uri

    say = echo or (lambda s: print(s, file=sys.stderr))
    token = token if token is not None else (os.environ.get("KG_API_TOKEN") or "")
    bind, warning = resolve_bind(host, token)
    if warning:
        say(f"kg serve: {warning}")
    origins = list(allowed_origins) or [
        o.strip() for o in os.environ.get("KG_ALLOWED_ORIGINS", "").split(",") if o.strip()
    ]
    app = create_app(store, token=token, allowed_origins=origins, row_limit=row_limit, timeout=timeout)
    say(f"kg serve: store {resolve_uri(store)} (read-only) on http://{bind}:{port}/  (API docs: /docs)")
    if origins:
        say(f"kg serve: views may be framed by {', '.join(origins)}")
    config = uvicorn.Config(app, host=bind, port=port, log_level=log_level)  # configures uvicorn's logging
    logging.getLogger("uvicorn.access").addFilter(TokenScrubber())
    uvicorn.Server(config).run()


class TokenScrubber(logging.Filter):
    """Access-log lines show ``token=***`` instead of a token from an embed URL."""

    _TOKEN = re.compile(r"(?i)([?&]token=)[^&\s]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._TOKEN.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self._TOKEN.sub(r"\1***", record.msg)
        return True
