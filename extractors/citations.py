"""Citations between documents: every 文号 cited in a document's body.

* ``CITES``: the document mentions another by its number (``晋政办发〔2020〕17号``,
  ``(2021)``/``[2021]``/``（2021）`` brackets, spaces inside, split over lines,
  ``2019年农业农村部令第3号``-style 部令 numbers).
* ``REPEALS``: the text abolishes the cited document (废止, 同时废止, 即行废止,
  从即日起废止, 不再执行, 停止执行), also when the repealed document is named by its
  title in the repeal sentence and its number is printed elsewhere in the document.

The target is a Document node known only by its number (``doc_number``,
``name``); ``in_corpus`` is left unset so the documents extractor decides it.
A document's own number is never a citation. Evidence = the cited number (with
its 《title》 when printed right before it); the edge line is the line where the
number starts. One edge per (from, to, relation); a repealed pair gets only
``REPEALS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extractors import ExtractContext, register

from kg.keys import document_key
from kg.model import Document, GraphBatch, Text
from kg.normalize import compare_key, normalize_doc_number, strip_ws
from kg.vocab import L, R

NAME = "citations"
VERSION = "0.1.0"

_OPEN = "〔[(（【［﹝〖"
_CLOSE = "〕])）】］﹞〗"
# 机关代字 + 〔year〕 + serial + 号; whitespace (even a line break) may sit between the parts.
_DOCNO = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,14}})[ \t\u3000]*\n?[ \t\u3000]*[{re.escape(_OPEN)}]\s*"
    rf"(?P<year>(?:19|20)\d{{2}})\s*[{re.escape(_CLOSE)}]\s*(?P<num>\d{{1,5}})\s*号"
)
# 部令: "2019年农业农村部令第3号", "国务院令第588号".
_ORDER = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<org>[\u4e00-\u9fff]{2,16}?(?:部|委员会|委|总局|局|署|院|银行))"
    r"\s*令\s*第\s*(?P<num>\d{1,5})\s*号"
)
# Characters that never sit inside a 机关代字: the prefix starts after the last of them.
_STOP = set("的按据照依见于和与及是为在将由对以即从并或等号件令第之其该本此")
_TITLE_TAILS = ("通知", "意见", "办法", "决定", "方案", "规定", "通报", "批复", "细则", "规划", "请示", "报告", "函")
_REPEAL_WORDS = re.compile(r"废止|不再执行|停止执行|同时失效|予以撤销|即行失效")


@dataclass
class Cite:
    number: str  # as printed, whitespace removed
    start: int  # index into the document text
    end: int
    repeals: bool = False


def _clean_prefix(prefix: str) -> str:
    cut = 0
    for i, ch in enumerate(prefix):
        if ch in _STOP:
            cut = i + 1
    p = prefix[cut:]
    for tail in _TITLE_TAILS:
        k = p.find(tail)
        if k >= 0 and len(p) - (k + len(tail)) >= 2:
            p = p[k + len(tail) :]
    return p


def find_numbers(text: str) -> list[Cite]:
    """Every 文号 / 部令 number in ``text`` (positions into ``text``)."""
    out: list[Cite] = []
    for m in _DOCNO.finditer(text):
        prefix = _clean_prefix(m.group("prefix"))
        if not prefix:
            continue
        start = m.start("prefix") + (len(m.group("prefix")) - len(prefix))
        printed = strip_ws(text[start : m.end()])
        out.append(Cite(printed, start, m.end()))
    taken = [(c.start, c.end) for c in out]
    for m in _ORDER.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        org = m.group("org")
        cut = 0
        for i, ch in enumerate(org):
            if ch in _STOP - {"和"}:
                cut = i + 1
        org = org[cut:]
        if len(org) < 2:
            continue
        start = m.start("org") + cut if m.group("year") is None else m.start()
        printed = strip_ws(text[start : m.end()])
        out.append(Cite(printed, start, m.end()))
    out.sort(key=lambda c: c.start)
    return out


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(ch, 0, start) for ch in "。；;！？!?")
    b_candidates = [text.find(ch, end) for ch in "。；;！？!?"]
    b_candidates = [x for x in b_candidates if x >= 0]
    return a + 1, (min(b_candidates) if b_candidates else len(text))


def _is_repeal(text: str, c: Cite) -> bool:
    s0, s1 = _sentence_bounds(text, c.start, c.end)
    after = text[c.end : s1]
    m = _REPEAL_WORDS.search(after)
    if m and len(strip_ws(after[: m.start()]).strip("）)]〕")) <= 12:
        return True
    before = text[s0 : c.start]
    found = list(_REPEAL_WORDS.finditer(before))
    m2 = found[-1] if found else None
    if m2 is not None:
        between = strip_ws(before[m2.end() :])
        # "废止《…》（X号）": only the cited title lies between the word and the number.
        if len(between) <= 90 and re.fullmatch(r"[：:]?(?:原)?(?:《[^《》]*(?:《[^《》]*》[^《》]*)*》)?[（(\[]?", between):
            return True
    return False


def _repealed_titles(text: str) -> list[str]:
    """Titles named in a repeal sentence without a number: "《…》同时废止"."""
    out = []
    for m in _REPEAL_WORDS.finditer(text):
        s0, _ = _sentence_bounds(text, m.start(), m.end())
        before = text[s0 : m.start()]
        t = re.search(r"《([^《》]{4,80})》[^《》。；]{0,8}$", before)
        if t:
            out.append(compare_key(t.group(1)))
    return out


def doc_text(doc: Document) -> Text:
    """The document body as one Text (blocks joined by newlines), TOC and page
    furniture excluded, offsets kept."""
    parts = [b.text for b in doc.blocks if b.kind != "header_footer"]
    return Text.join(parts, "\n")


def find_citations(doc: Document) -> list[tuple[Cite, Text]]:
    """Distinct (number, relation) citations of ``doc`` with their evidence Text."""
    body = doc_text(doc)
    text = body.text
    own = compare_key(normalize_doc_number(doc.doc_number)) if doc.doc_number else None
    cites = [c for c in find_numbers(text) if compare_key(normalize_doc_number(c.number)) != own]
    for c in cites:
        c.repeals = _is_repeal(text, c)
    titles = _repealed_titles(text)
    if titles:
        for c in cites:
            if c.repeals:
                continue
            t = re.search(r"《([^《》]{4,80})》[（(\[\s]*$", text[max(0, c.start - 90) : c.start])
            if t and compare_key(t.group(1)) in titles:
                c.repeals = True
    best: dict[str, Cite] = {}
    for c in cites:
        key = compare_key(normalize_doc_number(c.number))
        cur = best.get(key)
        if cur is None or (c.repeals and not cur.repeals):
            best[key] = c
    out = []
    for c in sorted(best.values(), key=lambda x: x.start):
        out.append((c, body[c.start : c.end]))
    return out


@register(NAME, version=VERSION, assigns=(L.DOCUMENT, R.CITES, R.REPEALS))
def extract_citations(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_citations.info
    batch = GraphBatch()
    if not doc.blocks:
        return batch
    src = batch.add_node(L.DOCUMENT, doc.key)
    for cite, ev in find_citations(doc):
        key = document_key(cite.number, doc.gazette_id, cite.number)
        dst = batch.add_node(L.DOCUMENT, key, doc_number=cite.number, name=cite.number)
        if dst == src:
            continue
        prov = info.provenance(doc, ev)
        rel = R.REPEALS if cite.repeals else R.CITES
        batch.add_edge(rel, src, dst, prov, as_printed=cite.number)
    return batch
