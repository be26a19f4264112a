"""人事任免: appointments (任命 X 为 Y) and removals (免去 X 的 Y 职务).

Two printed forms:

* list notices (人事任免 / 任免职务的通知): one item per line after "任命：",
  "免去：" or just "现通知如下：" — ``张三为阳泉市X局副局长（试用期一年）；`` and
  ``李四的阳泉市Y局局长职务；``. The form of the item gives the action, so
  scrambled notices (a removal printed before "任命：") still read right.
  Items broken over lines ("…主任职" / "务；") are joined.
* run-on paragraphs, hard-wrapped anywhere (even inside a name, across page
  seams): ``决定：任命张三为…；任命李四、王五为…；免去赵六的…职务。`` — read
  clause by clause; one post may be given to several people (``任命A、B为…``).
* inline sentences anywhere (e.g. 大事记): ``任命张三为…``, ``免去李四的…职务``.

The probation note （试用期…） and a note after 职务 （退休） are not part of the position. Each fact is a
Person -APPOINTED_TO/REMOVED_FROM-> Post {date, position} and, as the gold
convention has it, a Person -HOLDS_POST-> Post for both (``since`` for an
appointment, ``until`` for a removal).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extractors import ExtractContext, register

from kg.keys import person_key, post_key
from kg.layout import document_furniture_lines
from kg.model import Document, GraphBatch, Text
from kg.names import is_name, is_post, post_agency
from kg.vocab import L, R

VERSION = "0.1.0"

_PROBATION_RE = re.compile(r"[（(]试用期[^）)]*[）)]")
# a note printed after a removal: "…副局长职务（退休）；"
_AFTER_NOTE_RE = re.compile(r"(?<=职务)[（(][^（）()]{1,12}[）)]")
_N = r"[\u4e00-\u9fff]{2,4}?"
_NAMES = rf"(?P<names>{_N}(?:、{_N})*)"  # one post given to several people: "任命A、B为…"
_ITEM_APPOINT_RE = re.compile(rf"^(?:任命)?{_NAMES}为(?P<post>[^；;。，,]{{2,60}}?)[；;。，,]?$")
_ITEM_REMOVE_RE = re.compile(rf"^(?:免去)?{_NAMES}的(?P<post>[^；;。，,]{{2,60}}?)职务[；;。，,]?$")
_INLINE_APPOINT_RE = re.compile(rf"任命{_NAMES}为(?P<post>[^；;。，,、]{{2,60}}?)(?=[；;。，,]|$|（试用期)")
_INLINE_REMOVE_RE = re.compile(rf"免去{_NAMES}的?(?P<post>[^；;。，,、]{{2,60}}?)职务")
_LIST_TITLE_RE = re.compile(r"任免|任命|免去|聘任|免职")
# a list item printed at the start of a line: "张三为…" / "李四的…职务" / "任命…" / "免去…"
_ITEM_START_RE = re.compile(r"^(?:任命|免去|(?P<name>[\u4e00-\u9fff]{2,4}?)(?:、[\u4e00-\u9fff]{2,4}?)*(?:为|的))")
# where a paragraph ends: a wrap or a page seam never falls after one of these
_PARA_END_RE = re.compile(r"[。；;：:！？!?]$")
_CLAUSE_END = "；;。"


@dataclass
class Appointment:
    person: str
    action: str  # "appoint" | "remove"
    position: str
    evidence: Text


def _compact(t: Text) -> Text:
    return t.remove_whitespace()


def _lines(doc: Document) -> list[tuple[int, Text]]:
    """Non-blank lines without page furniture (a page header never sits inside an item)."""
    skip = document_furniture_lines(doc)
    return [(no, t) for no, t in doc.line_texts() if t.text.strip() and no not in skip]


def _starts_item(c: str) -> bool:
    m = _ITEM_START_RE.match(c)
    if m is None:
        return False
    return m.group("name") is None or is_name(m.group("name"), strict=True)


def _paragraphs(lines: list[tuple[int, Text]], list_mode: bool) -> list[Text]:
    """Physical lines (whitespace removed) joined into paragraphs: a line that does
    not end a sentence or a header (。；：…) was cut by a hard wrap or a page seam
    and carries on in the next line, even inside a name (``…；任`` / ``命李 敏为…``).
    In a list notice a line that opens an item (``张三为…``, ``免去…``) starts a
    paragraph of its own, so an item without a closing mark is not glued to a
    signature printed above it."""
    out: list[Text] = []
    cur: list[Text] = []
    for _no, t in lines:
        c = _compact(t)
        if not c.text:
            continue
        if cur and list_mode and _starts_item(c.text):
            out.append(Text.join(cur))
            cur = []
        cur.append(c)
        if _PARA_END_RE.search(c.text):
            out.append(Text.join(cur))
            cur = []
    if cur:
        out.append(Text.join(cur))
    return out


def _clauses(p: Text) -> Iterator[Text]:
    """``p`` cut after each ；/。 (the mark stays with its clause)."""
    start = 0
    for i, ch in enumerate(p.text):
        if ch in _CLAUSE_END:
            if p.text[start : i + 1].strip(_CLAUSE_END):
                yield p[start : i + 1]
            start = i + 1
    if p.text[start:]:
        yield p[start:]


def _names(m: re.Match[str]) -> list[tuple[str, int]]:
    """The names of a match and their offsets in the matched string."""
    out: list[tuple[str, int]] = []
    pos = m.start("names")
    for part in m.group("names").split("、"):
        out.append((part, pos))
        pos += len(part) + 1
    return out


def iter_appointments(doc: Document) -> Iterator[Appointment]:
    """Appointments and removals of ``doc``, read clause by clause from its paragraphs.

    A clause (a paragraph cut at ；/。) holds one item: in a list notice the form
    of the item gives the action (``X为Y`` appoints, ``X的Y职务`` removes, with or
    without the verb, after a list header such as ``任命：`` or ``决定：``); anywhere
    the verbs 任命/免去 mark an item inside running text. The evidence of a fact
    starts at the (first) name, so a verb cut from its name by the wrap
    (``…；任`` / ``命李 敏为…``) does not move the fact to the line before."""
    list_mode = doc.kind == "appointment" or bool(_LIST_TITLE_RE.search(doc.title or ""))
    seen: set[tuple[str, str, str]] = set()

    def out(m: re.Match[str], action: str, clause: Text, base: int) -> Iterator[Appointment]:
        post = _PROBATION_RE.sub("", m.group("post")).strip()
        names = _names(m)
        if not is_post(post) and not re.search(r"[长任师员]$", post):
            return
        if not all(is_name(n) for n, _ in names):
            return
        ev = clause[base + names[0][1] :]
        for name, _ in names:
            key = (name, action, post)
            if key in seen:
                continue
            seen.add(key)
            yield Appointment(name, action, post, ev)

    for para in _paragraphs(_lines(doc), list_mode):
        for clause in _clauses(para):
            if list_mode:
                # an item after its list header on the same line: "…决定，任命：张三为…"
                colon = max(clause.text.rfind("："), clause.text.rfind(":"))
                base = colon + 1
                # notes come after the names, so name offsets in ``body`` hold in ``item``
                body = _AFTER_NOTE_RE.sub("", _PROBATION_RE.sub("", clause.text[base:]))
                item = clause[base:]
                ma = _ITEM_REMOVE_RE.match(body)
                if ma:
                    yield from out(ma, "remove", item, 0)
                    continue
                ma = _ITEM_APPOINT_RE.match(body)
                if ma:
                    yield from out(ma, "appoint", item, 0)
                    continue
            for m in _INLINE_APPOINT_RE.finditer(clause.text):
                yield from out(m, "appoint", clause, 0)
            for m in _INLINE_REMOVE_RE.finditer(_AFTER_NOTE_RE.sub("", clause.text)):
                yield from out(m, "remove", clause, 0)


@register("appointments", version=VERSION, assigns=("APPOINTED_TO", "REMOVED_FROM", "HOLDS_POST"))
def extract_appointments(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_appointments.info
    batch = GraphBatch()
    city = ctx.city or doc.city
    for ap in iter_appointments(doc):
        agency = post_agency(ap.position, city)
        pref = batch.add_node(L.PERSON, person_key(city, ap.person), name=ap.person, city=city)
        post = batch.add_node(L.POST, post_key(city, ap.position), name=ap.position, city=city, agency=agency)
        ctx.known_people.add(ap.person)
        prov = info.provenance(doc, ap.evidence)
        rel = R.APPOINTED_TO if ap.action == "appoint" else R.REMOVED_FROM
        batch.add_edge(rel, pref, post, prov, date=doc.date, position=ap.position)
        if ap.action == "appoint":
            batch.add_edge(R.HOLDS_POST, pref, post, prov, position=ap.position, agency=agency, since=doc.date)
        else:
            batch.add_edge(R.HOLDS_POST, pref, post, prov, position=ap.position, agency=agency, until=doc.date)
    return batch
