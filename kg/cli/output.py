"""Printing for the CLI: plain tables (stable, testable), JSON, CSV, progress."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from kg.evaluate import EvalReport

FORMATS = ("table", "json", "csv")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def format_table(columns: list[str], rows: list[list[Any]]) -> str:
    cells = [[" ".join(_cell(v).split()) for v in row] for row in rows]
    widths = [_width(c) for c in columns]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], _width(c))

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (widths[i] - _width(v)) for i, v in enumerate(values)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def format_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(v) for v in r])
        return buf.getvalue().rstrip("\n")
    return format_table(columns, rows)


def print_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> None:
    typer.echo(format_rows(columns, rows, fmt))


@contextlib.contextmanager
def progress_stage(description: str) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield lambda label, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    ) as progress:
        task = progress.add_task(description, total=None)

        def update(label: str, done: int, total: int) -> None:
            progress.update(task, description=f"{description}: {label}", completed=done, total=total)

        yield update


def print_eval(report: EvalReport) -> None:
    from kg.facts import FACT_FILES

    def table(title: str, scores: dict[str, Any]) -> None:
        typer.echo(title)
        rows = []
        for name in FACT_FILES:
            s = scores[name]
            extra = ", ".join(f"{k} {v:.3f}" for k, v in s.extra.items())
            rows.append([name, s.tp, s.fp, s.fn, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", extra])
        typer.echo(format_table(["relation", "tp", "fp", "fn", "P", "R", "F1", "details"], rows).rsplit("\n", 1)[0])
        typer.echo("")

    for gid, scores in report.per_gazette.items():
        table(f"== {gid}" + (f"  (refused: {report.refused[gid]})" if gid in report.refused else ""), scores)
    if report.refused:
        typer.echo(f"refused (scored as no facts): {len(report.refused)} of {len(report.per_gazette)} files")
        typer.echo("")
    table("== total", report.total)
