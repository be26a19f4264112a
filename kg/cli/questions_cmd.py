"""Named questions as CLI commands: ``kg who``, ``kg duties``, ``kg chain``,
``kg lineage``, ``kg person``. Each prints rows with their evidence (file:line
and text) as a table, JSON or CSV; notes (validity, holders) follow a table."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kg.cli.output import FORMATS, format_rows


def _run(name: str, store: str | None, fmt: str, *args: Any, **kwargs: Any) -> None:
    from kg.errors import BadParameterError
    from kg.questions import run
    from kg.stores import open_store

    if fmt not in FORMATS:
        raise BadParameterError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    st = open_store(store, read_only=True)
    try:
        answer = run(name, st, *args, **kwargs)
    finally:
        st.close()
    if fmt == "json":
        import json

        typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return
    cols, rows = answer.table()
    typer.echo(format_rows(cols, rows, fmt))
    if fmt == "table":
        for note in answer.notes:
            typer.echo(f"note: {note}")


StoreOpt = Annotated[str | None, typer.Option("--store", help="Store URI (default KG_STORE or embedded://.kg/graph).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]


def register(app: typer.Typer) -> None:
    @app.command()
    def who(
        text: Annotated[str, typer.Argument(help="Words of the task, e.g. 健康科普.")],
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """Who leads (牵头), is responsible for (负责) or supports (配合) the tasks matching TEXT."""
        _run("who", store, fmt, text)

    @app.command()
    def duties(
        name: Annotated[str, typer.Argument(help="An agency (any printed form) or a person.")],
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """Everything an agency or person leads, supports, sits on and supervises."""
        _run("duties", store, fmt, name)

    @app.command()
    def chain(
        mine: Annotated[str, typer.Argument(help="The mine's name or part of it.")],
        on: Annotated[str | None, typer.Option("--on", help="Answer as of this date (YYYY-MM-DD).")] = None,
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """A coal mine's 挂牌 supervision chain: district, owner, leaders, documents, validity."""
        _run("chain", store, fmt, mine, on=on)

    @app.command()
    def lineage(
        doc_number: Annotated[str, typer.Argument(help="A 文号, e.g. 朔政办发〔2020〕49号 (any bracket style).")],
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """What a document cites and repeals, and what later cited or repealed it."""
        _run("lineage", store, fmt, doc_number)

    @app.command()
    def person(
        name: Annotated[str, typer.Argument(help="A person's name (spaces ignored).")],
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """A person's posts over time, groups, appointments and supervisions."""
        _run("person", store, fmt, name)
