"""人事任免: appointments (任命 X 为 Y) and removals (免去 X 的 Y 职务).

Two printed forms:

* list notices (人事任免 / 任免职务的通知): one item per line after "任命：",
  "免去：" or just "现通知如下：" — ``张三为阳泉市X局副局长（试用期一年）；`` and
  ``李四的阳泉市Y局局长职务；``. The form of the item gives the action, so
  scrambled notices (a removal printed before "任命：") still read right.
  Items broken over lines ("…主任职" / "务；") are joined.
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
from kg.extractors.groups import furniture_lines

from kg.keys import person_key, post_key
from kg.model import Document, GraphBatch, Text
from kg.names import is_name, is_post, post_agency
from kg.vocab import L, R

VERSION = "0.1.0"

_PROBATION_RE = re.compile(r"[（(]试用期[^）)]*[）)]")
# a note printed after a removal: "…副局长职务（退休）；"
_AFTER_NOTE_RE = re.compile(r"(?<=职务)[（(][^（）()]{1,12}[）)]")
_ITEM_APPOINT_RE = re.compile(r"^(?:任命)?(?P<name>[\u4e00-\u9fff]{2,4}?)为(?P<post>[^；;。，,]{2,60}?)[；;。，,]?$")
_ITEM_REMOVE_RE = re.compile(r"^(?:免去)?(?P<name>[\u4e00-\u9fff]{2,4}?)的(?P<post>[^；;。，,]{2,60}?)职务[；;。，,]?$")
_INLINE_APPOINT_RE = re.compile(r"任命(?P<name>[\u4e00-\u9fff]{2,4}?)为(?P<post>[^；;。，,、]{2,60}?)(?=[；;。，,]|$|（试用期)")
_INLINE_REMOVE_RE = re.compile(r"免去(?P<name>[\u4e00-\u9fff]{2,4}?)的?(?P<post>[^；;。，,、]{2,60}?)职务")
_LIST_TITLE_RE = re.compile(r"任免|任命|免去|聘任|免职")
# a list header the first item is glued to: "…研究决定，任命：张三为…"
_GLUED_HEADER_RE = re.compile(r"(?:任命|免去|聘任|免职)[：:](?=[\u4e00-\u9fff]{2,4}?(?:为|的))")


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
    skip = furniture_lines(doc)
    return [(no, t) for no, t in doc.line_texts() if t.text.strip() and no not in skip]


def iter_appointments(doc: Document) -> Iterator[Appointment]:
    lines = _lines(doc)
    list_mode = doc.kind == "appointment" or bool(_LIST_TITLE_RE.search(doc.title or ""))
    i = 0
    seen: set[tuple[str, str, str]] = set()

    def out(name: str, action: str, post: str, ev: Text) -> Iterator[Appointment]:
        post = _PROBATION_RE.sub("", post).strip()
        if not is_name(name) or (not is_post(post) and not re.search(r"[长任师员]$", post)):
            return
        key = (name, action, post)
        if key in seen:
            return
        seen.add(key)
        yield Appointment(name, action, post, ev)

    while i < len(lines):
        _no, t = lines[i]
        c = _compact(t)
        used = i
        if list_mode:
            glued = _GLUED_HEADER_RE.search(c.text)
            if glued:
                c = c[glued.end() :]
            # an item broken over lines: join while the item has no end
            j = i
            while (
                j + 1 < len(lines)
                and re.match(r"^[\u4e00-\u9fff]{2,4}?(?:为|的)", c.text)
                and not re.search(r"[；;。]$|职务[；;。，,]?$", c.text)
                and len(_compact(lines[j + 1][1]).text) <= 12
            ):
                nxt = _compact(lines[j + 1][1])
                if re.match(r"^[\u4e00-\u9fff]{2,4}?(?:为|的)", nxt.text):
                    break
                c = Text.join([c, nxt])
                j += 1
            body = _AFTER_NOTE_RE.sub("", _PROBATION_RE.sub("", c.text))
            body_t = c
            ma = _ITEM_REMOVE_RE.match(body) or None
            if ma:
                yield from out(ma.group("name"), "remove", ma.group("post"), body_t)
                i = j + 1
                continue
            ma = _ITEM_APPOINT_RE.match(body)
            if ma:
                yield from out(ma.group("name"), "appoint", ma.group("post"), body_t)
                i = j + 1
                continue
        for m in _INLINE_APPOINT_RE.finditer(c.text):
            yield from out(m.group("name"), "appoint", m.group("post"), c)
        for m in _INLINE_REMOVE_RE.finditer(_AFTER_NOTE_RE.sub("", c.text)):
            yield from out(m.group("name"), "remove", m.group("post"), c)
        i = used + 1


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
