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

* in chronicles (大事记), 人大常委会 decisions and other personnel documents, the forms a
  meeting's decision is reported in: ``…决定：X任…；Y不再担任…职务``, ``X当选为…市长``,
  ``选举X为…``, ``决定接受X辞去…职务的请求`` / ``X辞去…职务`` (a removal), ``决定任命X为…副市长、
  代理市长`` (two posts: the second, a bare title, shares the first one's unit), ``决定由X代理…市长``
  (the post ``…代理市长``). ``X同志`` is X. These forms are read only in such documents, so a
  roster sentence (``张三任组长``) is no appointment.

The probation note （试用期…） and a note after 职务 （退休） are not part of the position. Each fact is a
Person -APPOINTED_TO/REMOVED_FROM-> Post {date, position} and, as the gold
convention has it, a Person -HOLDS_POST-> Post for both (``since`` for an
appointment, ``until`` for a removal). The date is the act's: in a chronicle the date of the entry
that reports it, elsewhere the document's date, or for a decision without a 落款 the date it was
adopted (``（2023年4月27日…常务委员会第…次会议通过）``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kg.extractors import ExtractContext, register
from kg.extractors.events import chronicle_entries

from kg.keys import person_key, post_key
from kg.layout import document_furniture_lines
from kg.model import Document, GraphBatch, Text
from kg.names import is_name, is_post, post_agency, post_title_end, starts_with_title
from kg.segment import parse_date
from kg.vocab import L, R

VERSION = "0.2.0"

_PROBATION_RE = re.compile(r"[（(]试用期[^）)]*[）)]")
# a note printed after a removal: "…副局长职务（退休）；"
_AFTER_NOTE_RE = re.compile(r"(?<=职务)[（(][^（）()]{1,12}[）)]")
_N = r"(?!接受|决定|同意|任命|免去|选举|由)[\u4e00-\u9fff]{2,4}?"
_COMRADE = r"(?:同志)?"
# one post given to several people: "任命A、B为…", "A、B同志不再担任…"
_NAMES = rf"(?P<names>{_N}{_COMRADE}(?:、{_N}{_COMRADE})*)"
_ITEM_APPOINT_RE = re.compile(rf"^(?:任命)?{_NAMES}为(?P<post>[^；;。，,]{{2,60}}?)[；;。，,]?$")
_ITEM_REMOVE_RE = re.compile(rf"^(?:免去)?{_NAMES}的(?P<post>[^；;。，,]{{2,60}}?)职务[；;。，,]?$")
_POST = r"(?P<post>[^；;。，,]{2,60}?)"
_POST_END = r"(?=[；;。，,]|$|（试用期)"
_INLINE_APPOINT_RE = re.compile(rf"任命{_NAMES}为{_POST}{_POST_END}")
_INLINE_REMOVE_RE = re.compile(rf"免去{_NAMES}的?(?P<post>[^；;。，,、]{{2,60}}?(?:、[^；;。，,、]{{2,60}}?)*)职务")
# Where a name opens an act reported without a verb before it: a clause start, after 决定/同意,
# after an entry's date ("6月3日张三任…").
_OPEN = r"(?:^|(?<=[：:，,、；;。])|(?<=决定)|(?<=同意)|(?<=\d日))"
# The forms of personnel documents (chronicles, 人大常委会 decisions, 任免 notices):
# (pattern, action, the post is an acting one, the post must name its unit).
_PERSONNEL_FORMS: tuple[tuple[re.Pattern[str], str, bool, bool], ...] = (
    (re.compile(rf"{_OPEN}(?:由)?{_NAMES}(?<!不再)(?:担任|任)(?!命|职|务|期|期间){_POST}{_POST_END}"), "appoint", False, True),
    (re.compile(rf"{_OPEN}{_NAMES}不再(?:担任|兼任|任)(?P<post>[^；;。，,]{{2,60}}?)(?:职务)?(?=[；;。，,]|$)"),
     "remove", False, False),
    (re.compile(rf"(?:(?<=接受)|{_OPEN}){_NAMES}辞去{_POST}职务"), "remove", False, False),
    (re.compile(rf"{_OPEN}{_NAMES}当选(?:为)?{_POST}{_POST_END}"), "appoint", False, False),
    (re.compile(rf"选举{_NAMES}为{_POST}{_POST_END}"), "appoint", False, False),
    (re.compile(rf"{_OPEN}(?:由)?{_NAMES}代理{_POST}(?:职务)?(?=[；;。，,]|$)"), "appoint", True, False),
)
_LIST_TITLE_RE = re.compile(r"任免|任命|免去|聘任|免职")
# A document of personnel acts, where the verbless report forms are read.
_PERSONNEL_TITLE_RE = re.compile(r"任免|任命|免去|聘任|免职|辞去|辞职|当选|选举|人事|职务|大事记")
_CONGRESS_RE = re.compile(r"人民代表大会常务委员会|人大常委会")
# A decision's adoption line: "（2023年4月27日测试市第十七届人民代表大会常务委员会第三次会议通过）".
_ADOPTED_RE = re.compile(r"[（(](?P<date>[^（）()]{6,16}日)[^（）()]{0,60}?会议(?:通过|决定)[）)]")
# A bare title (with its modifiers) after 、 in a post: "…副市长、代理市长" shares the unit before it.
_MODIFIERS = r"(?:代理|常务|第一|专职|兼职|副)*"
# A unit word in the part of a post before its title.
_UNIT_WORD_RE = re.compile(r"[市县区省州旗局委办厅院部]|中心|公司|集团|法院|检察院")
# The longest bare title ("副秘书长", "总经济师", "主任委员").
BARE_TITLE_MAX = 5
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
    date: str | None = None  # the act's date, when it is not the document's


def _bare_title(s: str) -> bool:
    """A title with its modifiers and no unit: "代理市长", "副市长", "常务副县长"."""
    t = re.sub(rf"^{_MODIFIERS}", "", s)
    return 2 <= len(t) <= BARE_TITLE_MAX and is_post(t) and starts_with_title(t)


def _unit_of(post: str) -> str | None:
    """The unit a post names before its title: "测试市人民政府副市长" -> "测试市人民政府"."""
    for k in range(1, len(post) - 1):
        if _bare_title(post[k:]):
            return post[:k]
    return None


def _names_unit(post: str) -> bool:
    """Does ``post`` name its own unit ("测试市税务局局长"), rather than a title in another's
    unit ("代理市长", "党组书记")?"""
    unit = _unit_of(post)
    if unit is None:
        k = post_title_end(post)
        unit = post[: k - 2] if k else None  # a title ending in one of its own ("党组书记": "党组")
    return bool(unit) and bool(_UNIT_WORD_RE.search(unit or ""))


def split_posts(post: str, acting: bool = False) -> list[str]:
    """The posts of one act: "…人民政府副市长、代理市长" is two, the bare second title sharing
    the first one's unit; an acting post ("代理…市长") is named "…代理市长"."""
    parts = [p for p in post.split("、") if p]
    out: list[str] = []
    for p in parts:
        unit = _unit_of(out[0]) if out else None
        if out and not is_post(p):
            return [post]  # not a list of posts: keep it as printed
        if out and unit and not _names_unit(p):
            p = unit + p  # "副市长、代理市长", "局长、党组书记": the second post is in the first one's unit
        out.append(p)
    if acting:
        out = [(u + "代理" + p[len(u) :]) if (u := _unit_of(p)) else "代理" + p for p in out]
    return out


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
    """The names of a match and their offsets in the matched string ("X同志" is X)."""
    out: list[tuple[str, int]] = []
    pos = m.start("names")
    for part in m.group("names").split("、"):
        name = part[:-2] if part.endswith("同志") and len(part) > 3 else part
        out.append((name, pos))
        pos += len(part) + 1
    return out


def is_personnel_doc(doc: Document) -> bool:
    """A document that reports personnel acts: a 任免 notice, a chronicle, a 人大常委会 decision."""
    title = doc.title or ""
    return (doc.kind in ("appointment", "chronicle") or bool(_PERSONNEL_TITLE_RE.search(title))
            or bool(_CONGRESS_RE.search(title + (doc.issuer or ""))))


def iter_appointments(doc: Document) -> Iterator[Appointment]:
    """Appointments and removals of ``doc``, read clause by clause from its paragraphs.

    A clause (a paragraph cut at ；/。) holds one item: in a list notice the form
    of the item gives the action (``X为Y`` appoints, ``X的Y职务`` removes, with or
    without the verb, after a list header such as ``任命：`` or ``决定：``); anywhere
    the verbs 任命/免去 mark an item inside running text; in a personnel document the
    report forms (``X任…``, ``X不再担任…``, ``X当选为…``, ``接受X辞去…职务``, ``X代理…``) too.
    The evidence of a fact starts at the (first) name, so a verb cut from its name by the
    wrap (``…；任`` / ``命李 敏为…``) does not move the fact to the line before."""
    list_mode = doc.kind == "appointment" or bool(_LIST_TITLE_RE.search(doc.title or ""))
    personnel = list_mode or is_personnel_doc(doc)
    seen: set[tuple[str, str, str]] = set()

    def out(m: re.Match[str], action: str, clause: Text, base: int, *, acting: bool = False,
            with_unit: bool = False) -> Iterator[Appointment]:
        printed = _PROBATION_RE.sub("", m.group("post")).strip()
        names = _names(m)
        posts = split_posts(printed, acting)
        if not all(is_post(p) or re.search(r"[长任师员]$", p) for p in posts):
            return
        if with_unit and any(_bare_title(p) for p in posts):
            return  # "张三任组长": a role in a roster, not a post given by a decision
        if not all(is_name(n, strict=personnel and not list_mode) for n, _ in names):
            return
        ev = clause[base + names[0][1] :]
        for name, _ in names:
            for post in posts:
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
            text = _AFTER_NOTE_RE.sub("", clause.text)
            for m in _INLINE_APPOINT_RE.finditer(text):
                yield from out(m, "appoint", clause, 0)
            for m in _INLINE_REMOVE_RE.finditer(text):
                yield from out(m, "remove", clause, 0)
            if personnel:
                for pat, action, acting, with_unit in _PERSONNEL_FORMS:
                    for m in pat.finditer(text):
                        yield from out(m, action, clause, 0, acting=acting, with_unit=with_unit)


def _adoption_date(doc: Document) -> str | None:
    """The date a decision was adopted, from its adoption line (wrapped or not)."""
    text = "".join(t.text for _no, t in doc.line_texts())
    m = _ADOPTED_RE.search(re.sub(r"\s+", "", text))
    return parse_date(m.group("date")) if m else None


def act_dates(doc: Document) -> Callable[[Text], str | None]:
    """The date of an act by its evidence: in a chronicle the date of the entry it is reported in
    (the document's date when it sits in none), elsewhere the document's (or adoption) date."""
    default = doc.date or (_adoption_date(doc) if _CONGRESS_RE.search((doc.title or "") + (doc.issuer or "")
                                                                       + " ".join(t.text for _n, t in doc.line_texts()))
                           else None)
    if doc.kind != "chronicle":
        return lambda _ev: default
    spans: list[tuple[int, int, str | None]] = []
    for date, entry in chronicle_entries(doc):
        offs = [o for o in entry.offsets if o >= 0]
        if offs:
            spans.append((min(offs), max(offs), date))

    def date_of(ev: Text) -> str | None:
        off = ev.source_offset(0)
        if off is not None:
            for a, b, date in spans:
                if a <= off <= b:
                    return date or default
        return default

    return date_of


@register("appointments", version=VERSION, assigns=("APPOINTED_TO", "REMOVED_FROM", "HOLDS_POST"))
def extract_appointments(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_appointments.info
    batch = GraphBatch()
    city = ctx.city or doc.city
    date_of: Callable[[Text], str | None] | None = None
    for ap in iter_appointments(doc):
        if date_of is None:
            date_of = act_dates(doc)
        date = date_of(ap.evidence)
        agency = post_agency(ap.position, city)
        pref = batch.add_node(L.PERSON, person_key(city, ap.person), name=ap.person, city=city)
        post = batch.add_node(L.POST, post_key(city, ap.position), name=ap.position, city=city, agency=agency)
        ctx.known_people.add(ap.person)
        prov = info.provenance(doc, ap.evidence)
        rel = R.APPOINTED_TO if ap.action == "appoint" else R.REMOVED_FROM
        batch.add_edge(rel, pref, post, prov, date=date, position=ap.position)
        if ap.action == "appoint":
            batch.add_edge(R.HOLDS_POST, pref, post, prov, position=ap.position, agency=agency, since=date)
        else:
            batch.add_edge(R.HOLDS_POST, pref, post, prov, position=ap.position, agency=agency, until=date)
    return batch
