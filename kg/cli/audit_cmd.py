"""``kg audit`` and ``kg diff``: thin edges over :mod:`kg.audit`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.output import FORMATS, format_rows

StoreOpt = Annotated[str | None, typer.Option("--store", help="Store URI (default KG_STORE or embedded://.kg/graph).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]


def _print(answer: object, fmt: str, extra: dict[str, object] | None = None) -> None:
    import json

    from kg.errors import BadParameterError
    from kg.questions import Answer

    assert isinstance(answer, Answer)
    if fmt not in FORMATS:
        raise BadParameterError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "json":
        typer.echo(json.dumps({**answer.as_dict(), **(extra or {})}, ensure_ascii=False, indent=2))
        return
    cols, rows = answer.table()
    typer.echo(format_rows(cols, rows, fmt))
    if fmt == "table":
        for note in answer.notes:
            typer.echo(f"note: {note}")


def register(app: typer.Typer) -> None:
    @app.command()
    def audit(
        on: Annotated[str | None, typer.Option("--on", help="Audit the graph as of this date (YYYY-MM-DD).")] = None,
        city: Annotated[str | None, typer.Option("--city", help="Only this city (e.g. 朔州市).")] = None,
        config: Annotated[Path | None, typer.Option("--config", help="Rules and limits (TOML; default kg/audit.toml).")] = None,
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """Audit findings with evidence: mines without a leader at a level, overloaded leaders,
        leaders whose post breaks the rules, tasks without a lead or deadline, groups whose
        leader left the post, assignments resting on repealed documents."""
        from kg.audit import audit as run_audit
        from kg.stores import open_store

        st = open_store(store, read_only=True)
        try:
            report = run_audit(st, on=on, city=city, config=config)
        finally:
            st.close()
        _print(report.answer(), fmt, {"counts": report.counts()})

    @app.command()
    def diff(
        a: Annotated[str, typer.Argument(help="A 文号, or a store URI (embedded://…, bolt://…) for two builds.")],
        b: Annotated[str, typer.Argument(help="The later 文号, or the other store URI.")],
        on: Annotated[str | None, typer.Option("--on", help="Two builds: compare the 挂牌 in force at this date.")] = None,
        fmt: FormatOpt = "table",
        store: StoreOpt = None,
    ) -> None:
        """What B changes against A: mines added or dropped, leaders changed, tasks reassigned."""
        from kg.audit import diff as diff_docs
        from kg.audit import diff_builds
        from kg.errors import BadParameterError
        from kg.stores import open_store

        if ("://" in a) != ("://" in b):
            raise BadParameterError("kg diff compares two 文号 or two store URIs, not one of each")
        if "://" in a:
            sa, sb = open_store(a, read_only=True), open_store(b, read_only=True)
            try:
                answer = diff_builds(sa, sb, on=on)
            finally:
                sa.close()
                sb.close()
        else:
            st = open_store(store, read_only=True)
            try:
                answer = diff_docs(st, a, b)
            finally:
                st.close()
        _print(answer, fmt)
