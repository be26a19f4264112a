"""The whole pipeline, in the order it runs:

    read (kg.ingest) -> layout repair + segment into documents (kg.layout, kg.segment)
    -> extract (every registered extractor, per document) -> resolve aliases and
    places (kg.resolve) -> validate against the ontology (kg.validate) -> store

Each stage takes and returns the typed contracts of :mod:`kg.model`.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExtractionTimeoutError, InputError, NoDocumentsError
from kg.model import Gazette, GraphBatch, SourceFile

StageFn = Callable[[str, int, int], None]  # (label, done, total)


def read(path: str | Path, *, max_mb: float | None = None) -> SourceFile:
    from kg.ingest import read_source

    return read_source(path, max_mb=max_mb)


def parse(source: SourceFile) -> Gazette:
    from kg.segment import parse_gazette

    gazette = parse_gazette(source)
    if not gazette.documents:
        raise NoDocumentsError("no official document found in the gazette text", path=source.path)
    return gazette


def extract(gazette: Gazette, only: Sequence[str] | None = None) -> GraphBatch:
    """Run kg's spaCy pipeline (:mod:`kg.language`: every extractor, every plugin,
    coverage (:func:`account`, not with ``only``) and the facts given back as printed
    (:func:`_output_as_printed`) as components) over one parsed gazette; resolution
    waits for the whole build."""
    from kg.language import extract_gazette

    return extract_gazette(gazette, only)


# what names a fact or a node, as opposed to its identity (keys), file or dates
_NAMING_PROPS = frozenset({"name", "title", "doc_number", "issuer", "text", "position", "as_printed", "role",
                           "agency", "aliases", "recipients", "district", "gas_level", "deadline", "outline"})


def _output_as_printed(gazette: Gazette, batch: GraphBatch) -> None:
    """A file in traditional characters is read in simplified (so its units resolve
    like everyone else's), but its facts are given back as printed. Keys stay as read."""
    from kg.textview import as_printed, is_traditional, printed_map

    src = gazette.source
    if src.printed is None or not is_traditional(src.printed):
        return
    cmap = printed_map(src.text, src.printed)

    def back(props: dict[str, object]) -> None:
        for k, v in props.items():
            if k in _NAMING_PROPS:
                if isinstance(v, str):
                    props[k] = as_printed(v, cmap)
                elif isinstance(v, list):
                    props[k] = [as_printed(x, cmap) if isinstance(x, str) else x for x in v]

    for node in batch.nodes.values():
        back(node.props)
    for edge in batch.edges.values():
        back(edge.props)
    for doc in gazette.documents:
        doc.title = as_printed(doc.title, cmap)
        doc.issuer = as_printed(doc.issuer, cmap) if doc.issuer else doc.issuer


def account(gazette: Gazette, batch: GraphBatch) -> GraphBatch:
    """Coverage: every table, roster or list the extractors did not read, reported."""
    from kg.coverage import account as _account

    return _account(gazette, batch)


def resolve(batch: GraphBatch) -> GraphBatch:
    try:
        from kg.resolve import resolve as _resolve
    except ModuleNotFoundError:
        return batch
    return _resolve(batch)


def validate(batch: GraphBatch) -> None:
    from kg.schema import load_schema
    from kg.stores.rows import batch_to_raw

    batch_to_raw(batch, load_schema())  # raises ValidationError on anything off-ontology


@dataclass
class BuildResult:
    gazettes: list[Gazette] = field(default_factory=list)
    batch: GraphBatch = field(default_factory=GraphBatch)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why) found in folders, not read


class _FileTimeout(BaseException):
    """Raised by the per-file alarm; a BaseException so no extractor's
    ``except Exception`` can take it for its own failure."""


@contextlib.contextmanager
def _time_limit(seconds: float | None, path: str) -> Iterator[None]:
    """At most ``seconds`` for one file (main thread only: SIGALRM), else KG517."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def alarm(_signum: int, _frame: object) -> None:
        raise _FileTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _FileTimeout:
        raise ExtractionTimeoutError(
            f"took longer than the per-file time limit of {seconds:g} s (--timeout); the input is slow, "
            "not broken: raise the limit or split the file",
            path=path,
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(
    paths: Iterable[str | Path],
    *,
    only: Sequence[str] | None = None,
    on_stage: StageFn | None = None,
    max_input_mb: float | None = None,
    timeout: float | None = None,
) -> BuildResult:
    """Read, parse, extract, resolve and validate every input file.

    Nothing is written anywhere: a bad input raises before a store is touched.
    What a folder holds but cannot be read is listed in ``skipped``. Each file
    gets at most ``timeout`` seconds (KG517); files over ``max_input_mb`` are
    refused before they are read (KG514).
    """
    from kg.ingest import scan_inputs

    paths = list(paths)
    scan = scan_inputs(paths)
    files = scan.files
    if not files:
        raise InputError("no .txt or .pdf input found in " + ", ".join(str(p) for p in paths))
    from kg.identity import merge_batch, rekey_by_content

    result = BuildResult(skipped=scan.skipped)
    for i, f in enumerate(files):
        if on_stage:
            on_stage(str(f), i, len(files))
        with _time_limit(timeout, str(f)):
            source = read(f, max_mb=max_input_mb)
            gazette = parse(source)
            # Each file is resolved on its own and keyed by its content, then merged
            # with the one rule the stores use too: A+B in one build is B then A.
            batch = rekey_by_content(resolve(extract(gazette, only)), gazette)
        result.gazettes.append(gazette)
        merge_batch(result.batch, batch)
    if on_stage:
        on_stage("validate", len(files), len(files))
    validate(result.batch)
    return result


def build(
    paths: Iterable[str | Path],
    store_uri: str | None = None,
    *,
    replace: bool = False,
    on_stage: StageFn | None = None,
    wait: float = 0.0,
    on_load: StageFn | None = None,
    max_input_mb: float | None = None,
    timeout: float | None = None,
) -> tuple[BuildResult, dict[str, int]]:
    """Run the pipeline and load the result into a store atomically, as the
    store's one writer (waiting up to ``wait`` seconds for another build)."""
    from kg.stores import open_store

    result = run(paths, on_stage=on_stage, max_input_mb=max_input_mb, timeout=timeout)
    store = open_store(store_uri)
    try:
        report = store.load(result.batch, replace=replace, wait=wait, progress=on_load)
    finally:
        store.close()
    return result, report.counts
