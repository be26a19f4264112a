"""Coverage accounting: nothing is lost silently.

Every stretch of a document that *looks like* something the extractors read — a
table, a roster, a numbered list with responsibility markers, an appointment
list, a 挂牌 list — is found here by its structure alone, and checked against the
facts the extractors made: a region that no fact's evidence touches is reported
as an ``UnreadRegion`` (kept in the store, listed by ``kg coverage``) with its
location and the reason it was flagged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import Document, Gazette, GraphBatch, Provenance, Text
from kg.normalize import strip_ws
from kg.thresholds import COVERAGE_GAP_LINES, COVERAGE_MIN_LINES, MINE_HEADER_MAX_CHARS
from kg.vocab import L, R

EXTRACTOR = "coverage"
VERSION = "0.1.0"

TABLE, ROSTER, DUTIES, APPOINTMENTS, MINE_LIST = "table", "roster", "responsibility list", "appointment list", "挂牌 list"

_ROLE_LABEL = re.compile(
    r"^(?:组\s*长|副\s*组\s*长|常务副组长|第一副组长|成\s*员|组\s*员|主\s*任|副\s*主\s*任|常务副主任|总指挥|副总指挥|"
    r"指挥长|副指挥长|办公室主任|办公室副主任|秘书长|联络员)\s*[：:]"
)
_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[①-⑳])")
_DUTY_WORD = re.compile(r"牵头|负责(?!人|同志)|配合|责任单位|责任部门|协办|参与单位")
_APPOINT = re.compile(r"任命|免去|不再担任|辞去[^，。；]{0,30}职务|当选为|^[\u4e00-\u9fff]{2,4}任[\u4e00-\u9fff]{2,30}?(?:长|主任|书记)")
_MINE = re.compile(r"煤矿|煤业|矿井|露天矿")
_MINE_DUTY = re.compile(r"挂牌|包保|包联|联系")
_SENTENCE = re.compile(r"[。；]")

# What each kind needs to count as a region (lines of that kind within the gap).
_MIN_LINES = {TABLE: COVERAGE_MIN_LINES, ROSTER: 2, DUTIES: 2, APPOINTMENTS: 1, MINE_LIST: 1}


@dataclass
class Region:
    kind: str
    start_line: int
    end_line: int
    char_start: int
    char_end: int
    sample: Text  # the first line, for evidence


def _kinds(t: Text) -> list[str]:
    from kg.layout import split_cells

    s = strip_ws(t.text)
    if not s:
        return []
    out: list[str] = []
    cells = split_cells(t)
    tabular = cells is not None and sum(1 for c in cells if c.text.strip()) >= 2 and not _SENTENCE.search(s[:-1])
    if tabular:
        out.append(TABLE)
    if _ROLE_LABEL.match(s):
        out.append(ROSTER)
    if _OUTLINE.match(s) and _DUTY_WORD.search(s):
        out.append(DUTIES)
    if _APPOINT.search(s):
        out.append(APPOINTMENTS)
    if _MINE_DUTY.search(s) and _MINE.search(s) and (tabular or len(s) <= MINE_HEADER_MAX_CHARS):
        out.append(MINE_LIST)
    return out


# the run a table, 挂牌 list or labelled appointment list heads: the lines below it
# without a sentence mark, up to a blank line
_EXTENDS = (TABLE, MINE_LIST, APPOINTMENTS)


def find_regions(doc: Document) -> list[Region]:
    """The regions of ``doc`` that look like something the extractors read."""
    from kg.layout import content_lines

    all_lines = content_lines(doc)
    lines = [t for t in all_lines if t.text.strip()]
    runs: dict[str, list[list[int]]] = {}
    last_at: dict[str, int] = {}
    title = strip_ws(doc.title or "")
    for i, t in enumerate(lines):
        if title and strip_ws(t.text) in title:
            continue  # the document's own title ("关于落实煤矿挂牌责任制的通知")
        for kind in _kinds(t):
            groups = runs.setdefault(kind, [])
            if groups and i - last_at[kind] <= COVERAGE_GAP_LINES:
                groups[-1].append(i)
            else:
                groups.append([i])
            last_at[kind] = i
    blank_after = {id(a) for a, b in itertools.pairwise(all_lines) if not b.text.strip()}
    out: list[Region] = []
    for kind, groups in runs.items():
        for g in groups:
            if len(g) < _MIN_LINES[kind]:
                continue
            end = g[-1]
            if strip_ws(lines[end].text).endswith(("：", ":")):
                # a label ("任命：", "成员：") heads the entries printed under it
                end = min(end + COVERAGE_GAP_LINES, len(lines) - 1)
            elif kind in _EXTENDS:
                while end + 1 < len(lines) and id(lines[end]) not in blank_after \
                        and not _SENTENCE.search(strip_ws(lines[end + 1].text)):
                    end += 1
            first, last = lines[g[0]], lines[end]
            a = first.source_offset(0)
            b = last.source_offset(len(last.text) - 1)
            if a is None or b is None:
                continue
            out.append(Region(kind, first.first_line or 0, last.first_line or 0, a, b + 1, first))
    return sorted(out, key=lambda r: (r.start_line, r.kind))


def _touched(region: Region, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < region.char_end and b > region.char_start for a, b in spans)


def account(gazette: Gazette, batch: GraphBatch) -> GraphBatch:
    """UnreadRegion nodes (and LEFT_UNREAD edges from their documents) for every
    region of ``gazette`` that no fact of ``batch`` was read from."""
    from kg.keys import document_key

    path = gazette.source.path
    spans = [
        (e.prov.char_start, e.prov.char_end)
        for e in batch.edges.values()
        if e.prov.file == path and e.prov.extractor not in ("documents", "places")
    ]
    out = GraphBatch()
    for doc in gazette.documents:
        for region in find_regions(doc):
            if _touched(region, spans):
                continue
            span = region.sample.span()
            key = f"unread:{gazette.source.sha256[:16]}:{region.start_line}:{region.kind}"
            reason = f"looks like a {region.kind} (lines {region.start_line}–{region.end_line}); no extractor read a fact from it"
            node = out.add_node(
                L.UNREAD_REGION, key, name=f"{region.kind} at line {region.start_line}", region=region.kind,
                file=path, doc_number=doc.doc_number, line=region.start_line, end_line=region.end_line,
                reason=reason, text=strip_ws(region.sample.text)[:120],
            )
            dref = out.add_node(L.DOCUMENT, document_key(doc.doc_number, doc.gazette_id, doc.title))
            prov = Provenance(
                span.file, doc.doc_number, span.line, span.col, region.char_start, region.char_end,
                span.text or region.kind, EXTRACTOR, VERSION, "certain", reason,
            )
            out.add_edge(R.LEFT_UNREAD, dref, node, prov)
    return out


def summary(batch: GraphBatch) -> str:
    """One line for the end of a build: how many regions were left unread, by kind."""
    from collections import Counter

    kinds = Counter(n.props.get("region") for n in batch.nodes.values() if n.label == L.UNREAD_REGION)
    if not kinds:
        return "coverage: every table, roster and list found was read"
    parts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    return f"coverage: {sum(kinds.values())} region(s) not read ({parts}); see `kg coverage`"


def unread_regions(store: object, file: str | None = None) -> list[dict[str, object]]:
    """The UnreadRegion records of a store (all files, or one)."""
    from kg.queries import load
    from kg.stores.base import GraphStore

    assert isinstance(store, GraphStore)
    return store.query(load("q_coverage", store.dialect), {"file": file or ""}).records()
