"""``kg coverage``: what the extractors did not read (thin edge over kg.coverage)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def coverage(
        file: Annotated[Path | None, typer.Argument(help="Only regions of this input file.")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: table, json or csv.")] = "table",
        store: Annotated[str | None, typer.Option("--store", help="Store URI.")] = None,
    ) -> None:
        """List the tables, rosters and lists that looked readable but gave no fact (with where and why)."""
        from kg.cli import _check_format
        from kg.cli.output import print_rows
        from kg.coverage import unread_regions
        from kg.stores import open_store

        _check_format(fmt)
        st = open_store(store, read_only=True)
        try:
            rows = unread_regions(st, str(file) if file is not None else None)
        finally:
            st.close()
        cols = ["file", "doc_number", "line", "end_line", "region", "text"]
        print_rows(cols, [[r[c] for c in cols] for r in rows], fmt)
        if fmt == "table":
            typer.echo(f"{len(rows)} region(s) not read")
