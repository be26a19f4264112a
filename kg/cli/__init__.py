"""The ``kg`` command line: a thin edge over the library.

Commands parse arguments, call :mod:`kg` functions and print; errors are
:class:`kg.errors.KgError` s, printed as ``CODE path: message`` on stderr with
a non-zero exit. Heavy modules (stores, rdflib, pyvis, FastAPI) are imported
inside the commands, so ``kg --help`` answers at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kg import __version__
from kg.cli.output import FORMATS, print_rows
from kg.errors import BadParameterError, KgError

app = typer.Typer(
    name="kg",
    help="Knowledge graph of Chinese municipal government gazettes: who is responsible for what.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Store URI: embedded://PATH (default from KG_STORE, else embedded://.kg/graph) or bolt://host:port."),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output format: table, json or csv.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """kg turns gazette issues (.txt or .pdf) into a graph with provenance and answers questions over it."""


def parse_params(values: list[str] | None) -> dict[str, Any]:
    """``NAME=VALUE`` pairs; integers and JSON literals are decoded."""
    import json

    out: dict[str, Any] = {}
    for item in values or []:
        if "=" not in item:
            raise BadParameterError(f"--param wants NAME=VALUE, got {item!r}")
        check_text_argument(item, "--param")
        name, raw = item.split("=", 1)
        try:
            val: Any = json.loads(raw)
        except ValueError:
            val = raw
        out[name.strip()] = val
    return out


def check_text_argument(value: str, what: str) -> None:
    """Text from the command line that is not valid UTF-8 arrives with lone
    surrogates (Python's surrogateescape): refuse it with a code and the byte."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start]
        raw = f"byte 0x{ord(bad) - 0xDC00:02x}" if 0xDC80 <= ord(bad) <= 0xDCFF else f"\\u{ord(bad):04x}"
        raise BadParameterError(f"{what} is not valid UTF-8 ({raw} at character {exc.start})") from exc


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise BadParameterError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return fmt


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Gazette files (.txt, .pdf) or directories.")],
    store: StoreOpt = None,
    replace: Annotated[bool, typer.Option("--replace", help="Make the graph exactly these inputs (drop what was there).")] = False,
    wait: Annotated[float, typer.Option("--wait", help="Seconds to wait for another build writing this store (default: fail at once, KG304).")] = 0.0,
    max_input_mb: Annotated[float | None, typer.Option("--max-input-mb", help="Largest input file in MB (default $KG_MAX_INPUT_MB or 64; KG514 past it).")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="Seconds one input file may take (KG517 past it; default: no limit).")] = None,
) -> None:
    """Extract facts from gazettes and load them into a store (atomic, idempotent, one writer at a time)."""
    from kg import pipeline
    from kg.cli.output import progress_stage
    from kg.stores.base import resolve_uri
    from kg.stores.lock import WAIT_PHASE

    if not wait >= 0 or wait == float("inf"):
        raise BadParameterError(f"--wait must be a number of seconds >= 0, not {wait}")
    if timeout is not None and not (0 < timeout < float("inf")):
        raise BadParameterError(f"--timeout must be a number of seconds > 0, not {timeout}")
    if max_input_mb is not None and not (0 < max_input_mb < float("inf")):
        raise BadParameterError(f"--max-input-mb must be a number > 0, not {max_input_mb}")
    uri = resolve_uri(store)

    def on_load(phase: str, done: int, total: int) -> None:
        if phase == WAIT_PHASE:
            typer.echo(f"kg build: {WAIT_PHASE} of {uri} ({done} s of {total} s)", err=True)

    with progress_stage("reading and extracting") as on_stage:
        result, counts = pipeline.build(paths, uri, replace=replace, on_stage=on_stage, wait=wait, on_load=on_load,
                                        max_input_mb=max_input_mb, timeout=timeout)
    for path, why in result.skipped:
        typer.echo(f"kg build: skipped {path}: {why}", err=True)
    docs = sum(len(g.documents) for g in result.gazettes)
    typer.echo(f"built {uri}: {len(result.gazettes)} gazette(s), {docs} document(s)")
    for name, n in counts.items():
        typer.echo(f"  {name:<16} {n}")
    from kg.coverage import summary

    typer.echo(summary(result.batch))


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher statement.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (repeatable).")] = None,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds before the query is stopped.")] = 30.0,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Most rows read (streamed; the rest are never fetched).")] = 100_000,
) -> None:
    """Run a read-only Cypher query (write statements are refused)."""
    from kg.readonly import check_read_only
    from kg.stores import open_store

    _check_format(fmt)
    check_text_argument(cypher, "the statement")
    if timeout is not None and not (0 < timeout < float("inf")):
        raise BadParameterError(f"--timeout must be a number of seconds > 0, not {timeout}")
    if max_rows < 1:
        raise BadParameterError(f"--max-rows must be at least 1, not {max_rows}")
    params = parse_params(param)
    check_read_only(cypher)
    st = open_store(store, read_only=True)
    try:
        res = st.query(cypher, params, timeout=timeout, max_rows=max_rows)
    finally:
        st.close()
    print_rows(res.columns, res.rows, fmt)
    if res.truncated:
        typer.echo(f"kg query: stopped after {max_rows} rows (--max-rows)", err=True)


@app.command()
def facts(
    paths: Annotated[list[Path], typer.Argument(help="Gazette files or directories.")],
    out: Annotated[Path, typer.Option("--out", help="Output directory.")],
) -> None:
    """Write the seven fact files (gold schema) read back from a temporary graph."""
    from kg.facts import write_facts

    counts = write_facts(paths, out)
    for gid, per in counts.items():
        typer.echo(f"{gid}: " + ", ".join(f"{k} {v}" for k, v in per.items()))


@app.command("eval")
def eval_(
    corpus: Annotated[Path, typer.Option("--corpus", help="Directory of gazette files.")],
    gold: Annotated[Path, typer.Option("--gold", help="Directory with one gold folder per gazette.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score extraction against hand-checked gold facts (precision, recall, F1 per relation)."""
    from kg.cli.output import print_eval
    from kg.errors import MissingPathError
    from kg.evaluate import evaluate_corpus

    for p in (corpus, gold):
        if not p.is_dir():
            raise MissingPathError("not a directory", path=str(p))
    report = evaluate_corpus(corpus, gold)
    if as_json:
        import json

        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print_eval(report)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": False})
def render(
    cypher: Annotated[str | None, typer.Argument(help="A read-only Cypher statement (or use --question).")] = None,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("kg-view.html"),
    question: Annotated[str | None, typer.Option("--question", "-q", help="A named question: who, duties, chain, lineage, person.")] = None,
    arg: Annotated[list[str] | None, typer.Option("--arg", "-a", help="Question argument (repeatable; NAME=VALUE for options).")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Cypher NAME=VALUE (repeatable).")] = None,
    store: StoreOpt = None,
    embed: Annotated[bool, typer.Option("--embed", help="Write a fragment for an <iframe>.")] = False,
    title: Annotated[str | None, typer.Option("--title", help="Title shown above the graph.")] = None,
) -> None:
    """Render a query or a named question as a self-contained, offline HTML graph view (pyvis).

    With --question the first positional argument is the question's argument:
    kg render --question chain 安家岭 --out view.html
    """
    from kg.cli.views_cmd import render as do_render

    args = list(arg or [])
    if question is not None and cypher is not None:
        args.insert(0, cypher)
        cypher = None
    report = do_render(cypher, out=out, question=question, args=args, params=parse_params(param), store=store,
                       embed=embed, title=title)
    typer.echo(f"wrote {report.out}: {report.nodes} nodes, {report.edges} edges"
               + (" (large view: layout precomputed, physics off)" if report.large else ""))


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option("--host", help="Interface to bind (no KG_API_TOKEN: localhost only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    origin: Annotated[list[str] | None, typer.Option("--allow-origin", help="Origin allowed to frame /embed views (repeatable).")] = None,
    row_limit: Annotated[int, typer.Option("--row-limit", help="Most rows one API query returns.")] = 1000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds before an API query is stopped.")] = 10.0,
) -> None:
    """Serve read-only queries, named questions and embeddable views over HTTP (FastAPI; docs at /docs)."""
    from kg.cli.views_cmd import serve as do_serve

    do_serve(store, host, port, allowed_origins=origin or [], row_limit=row_limit, timeout=timeout, echo=typer.echo)


def _mount_optional() -> None:
    """Sub-commands that live in their own modules."""
    import importlib

    for mod, attr, name in (("kg.cli.neo4j_cmd", "app", "neo4j"),):
        try:
            sub = getattr(importlib.import_module(mod), attr)
        except ModuleNotFoundError:
            continue
        app.add_typer(sub, name=name)
    for mod in ("kg.cli.questions_cmd", "kg.cli.views_cmd", "kg.cli.export_cmd", "kg.cli.coverage_cmd",
                "kg.cli.audit_cmd", "kg.cli.explain_cmd"):
        try:
            m = importlib.import_module(mod)
        except ModuleNotFoundError:
            continue
        register = getattr(m, "register", None)
        if register is not None:
            register(app)


_mount_optional()


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:
        # Usage errors from (typer's copy of) click: show them like click does.
        show = getattr(exc, "show", None)
        if callable(show) and isinstance(getattr(exc, "exit_code", None), int):
            show()
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
