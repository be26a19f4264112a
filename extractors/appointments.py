"""人事任免: appointments (任命 X 为 Y) and removals (免去 X 的 Y 职务).

The printed forms:

* list notices (人事任免 / 任免职务的通知): one item per line after "任命：",
  "免去：" or just "现通知如下：" — ``张三为阳泉市X局副局长（试用期一年）；`` and
  ``李四的阳泉市Y局局长职务；``. The form of the item gives the action, so
  scrambled notices (a removal printed before "任命：") still read right.
  Items broken over lines ("…主任职" / "务；") are joined.
* run-on paragraphs, hard-wrapped anywhere (even inside a name, across page
  seams): ``决定：任命张三为…；任命李四、王五为…；免去赵六的…职务。`` — read
  clause by clause; one post may be given to several people (``任命A、B为…``).
* inline sentences anywhere (e.g. 大事记): ``任命张三为…``, ``免去李四的…职务``.
* the forms a decision is reported in (chronicles, 人大常委会 decisions, news of a meeting):
  ``…决定：X任…；Y不再担任…职务``, ``X当选为…市长``, ``选举X为…``, ``决定接受X辞去…职务的请求`` /
  ``X辞去…职务`` (a removal; ``接受X辞职`` takes the post printed before X elsewhere in the
  document), ``…副市长X代理市长职务`` / ``由X代理…`` (the post as printed from 代理 on). ``X同志`` is X. A known surname is required, and a post that is a group role (``张三任组长``,
  ``…领导小组副组长``, ``副总指挥兼指挥部办公室主任``) is a roster line, not an appointment.
* one verb over a list of items: ``免去A的…职务，B的…职务；C的…职务``, ``任命D为…，E为…``.

The position is the post as printed (``…副区长、代理区长`` is one position, as the gold schema
has it). An act named inside a title (``关于任命X为…的决定``) is not read there: the body states it.
The probation note （试用期…） and a note after 职务 （退休） are not part of the position. Each fact is a
Person -APPOINTED_TO/REMOVED_FROM-> Post {date, position} and, as the gold
convention has it, a Person -HOLDS_POST-> Post for both (``since`` for an
appointment, ``until`` for a removal). The date is the act's: in a chronicle the date of the entry
that reports it (``6月3日``, under its month, or ``2021年6月3日``), elsewhere the document's date, or for a decision without a 落款 the date it was
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
from kg.names import is_name, is_post, post_agency
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
_POST = r"(?P<post>[^；;。，,的《》]{2,60}?)"
_POST_END = r"(?=[；;。，,]|$|（试用期)"
_INLINE_APPOINT_RE = re.compile(rf"任命{_NAMES}为{_POST}{_POST_END}")
# 的 never sits in a post, so a name is never cut short before it ("免去汤志远的…")
_INLINE_REMOVE_RE = re.compile(rf"免去{_NAMES}的?(?P<post>[^；;。，,、的《》]{{2,60}}?(?:、[^；;。，,、的《》]{{2,60}}?)*)职务")
# Verbless items of a list under one verb: "免去A的X职务，B的Y职务", "任命C为X，D为Y".
_PIECE_REMOVE_RE = re.compile(rf"^{_NAMES}的{_POST}职务$")
_PIECE_APPOINT_RE = re.compile(rf"^{_NAMES}为{_POST}(?:（试用期[^）]*）)?$")
# Where a name opens an act reported without a verb before it: a clause start, after 决定/同意,
# after an entry's date ("6月3日张三任…"), after the post the person holds ("副市长徐志代理…").
_OPEN = r"(?:^|(?<=[：:，,、；;。])|(?<=决定)|(?<=同意)|(?<=\d日)|(?<=[长任记员]))"
# The forms a decision is reported in (chronicles, 人大常委会 decisions, news of a meeting):
# (pattern, action, the post is an acting one). A known surname and a post that is no group role
# are required, so a roster's "张三任组长" is not read.
_REPORT_FORMS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(rf"{_OPEN}(?:由)?{_NAMES}(?<!不再)(?:担任|任)(?!命|职|务|期){_POST}{_POST_END}"), "appoint", False),
    (re.compile(rf"{_OPEN}{_NAMES}不再(?:担任|兼任|任)(?P<post>[^；;。，,的《》]{{2,60}}?)(?:职务)?(?=[；;。，,]|$)"),
     "remove", False),
    (re.compile(rf"(?:(?<=接受)|{_OPEN}){_NAMES}辞去{_POST}职务"), "remove", False),
    (re.compile(rf"{_OPEN}{_NAMES}当选(?:为)?{_POST}{_POST_END}"), "appoint", False),
    (re.compile(rf"选举{_NAMES}为{_POST}{_POST_END}"), "appoint", False),
    (re.compile(rf"{_OPEN}(?:由)?{_NAMES}代理{_POST}(?:职务)?(?=[；;。，,]|$)"), "appoint", True),
)
# "接受X辞职" / "接受X的辞职请求": the post is the one printed before X elsewhere ("…副市长X").
_RESIGNATION_RE = re.compile(rf"(?<=接受){_NAMES}(?:的)?辞职")
_POST_LEAD_CUT = re.compile(r"^.*(?:[，,。；;：:、（）()《》“”]|关于|接受|决定|鉴于|同意|任命|免去|批准|提请)")
# A role in a group, never a post given by a decision: "张三任组长", "李四任领导小组副组长",
# "王五任副总指挥兼指挥部办公室主任", "办公室设在…，赵六任主任".
_GROUP_ROLE_RE = re.compile(
    r"(?:组长|组员|成员|总指挥|指挥长|召集人|联络员)$|领导小组|指挥部|工作组|专班|联席会议"
    r"|^(?:办公室)?(?:常务)?(?:副)?(?:主任|秘书长|委员)$"
)
# An act named in a title: "关于任命X为…的决定", "关于…徐志代理市长职务的决定".
_IN_TITLE_RE = re.compile(r"^(?:职务)?(?:的)?(?:决定|通知|批复|请示|报告|议案|公告)")
_LIST_TITLE_RE = re.compile(r"任免|任命|免去|聘任|免职")
_CONGRESS_RE = re.compile(r"人民代表大会常务委员会|人大常委会")
# How far before a name its post is looked for ("宿州市人民政府副市长张三": 12).
RESIGNED_POST_CHARS = 30
# A chronicle entry opening with its full date: "2021年3月5日　…", "1949年8月3日，…".
_ENTRY_DATE_RE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
                            r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日")
# A decision's adoption line: "（2023年4月27日测试市第十七届人民代表大会常务委员会第三次会议通过）".
_ADOPTED_RE = re.compile(r"[（(](?P<date>[^（）()]{6,16}日)[^（）()]{0,60}?会议(?:通过|决定)[）)]")
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


def _post_before(text: str, name: str) -> str | None:
    """The post printed right before ``name`` somewhere in ``text`` ("…人民政府副市长张三")."""
    for m in re.finditer(re.escape(name), text):
        before = _POST_LEAD_CUT.sub("", text[max(0, m.start() - RESIGNED_POST_CHARS) : m.start()])
        if len(before) >= 2 and is_post(before):
            return before
    return None


def _pieces(clause: Text) -> Iterator[tuple[int, str]]:
    """(offset, text) of the comma-separated pieces of a clause, closing marks removed."""
    start = 0
    for i, ch in enumerate(clause.text + "，"):
        if ch in "，,；;。":
            if i > start:
                yield start, clause.text[start:i]
            start = i + 1


def iter_appointments(doc: Document) -> Iterator[Appointment]:
    """Appointments and removals of ``doc``, read clause by clause from its paragraphs.

    A clause (a paragraph cut at ；/。) holds one item: in a list notice the form
    of the item gives the action (``X为Y`` appoints, ``X的Y职务`` removes, with or
    without the verb, after a list header such as ``任命：`` or ``决定：``); anywhere
    the verbs 任命/免去 mark an item inside running text, and the items after it in the
    same sentence (``免去A的…职务，B的…职务``); and the report forms (``X任…``,
    ``X不再担任…``, ``X当选为…``, ``接受X辞去…职务``, ``X代理…``).
    The evidence of a fact starts at the (first) name, so a verb cut from its name by the
    wrap (``…；任`` / ``命李 敏为…``) does not move the fact to the line before."""
    list_mode = doc.kind == "appointment" or bool(_LIST_TITLE_RE.search(doc.title or ""))
    seen: set[tuple[str, str, str]] = set()

    def out(m: re.Match[str], action: str, clause: Text, base: int, *, acting: bool = False,
            report: bool = False) -> Iterator[Appointment]:
        if _IN_TITLE_RE.match(clause.text[base + m.end() :]):
            return  # "关于任命X为…的决定": the title names the act the body states
        post = _PROBATION_RE.sub("", m.group("post")).strip()
        if acting:
            post = "代理" + post
        names = _names(m)
        if not is_post(post) and not re.search(r"[长任师员]$", post):
            return
        if report and _GROUP_ROLE_RE.search(post):
            return  # "张三任组长": a role in a roster, not a post
        if not all(is_name(n, strict=report) for n, _ in names):
            return
        ev = clause[base + names[0][1] :]
        # output as printed (traditional characters stay): the same stretch of the source
        seg = m.group("post")
        lead = len(seg) - len(seg.lstrip())
        cut = 2 if acting else 0
        start = base + m.start("post") + lead
        shown_post = post
        if seg[lead:].startswith(post[cut:]):
            shown_post = ("代理" if acting else "") + clause[start : start + len(post) - cut].printed()
        for name, pos in names:
            key = (name, action, post)
            if key in seen:
                continue
            seen.add(key)
            shown = clause[base + pos : base + pos + len(name)].printed()
            yield Appointment(shown, action, shown_post, ev, para_date)

    chronicle = doc.kind == "chronicle"
    paras = _paragraphs(_lines(doc), list_mode)
    whole: str | None = None  # the document's text, compacted, when a resignation needs its post
    for para in paras:
        carry: str | None = None  # the verb of the sentence, over its verbless items
        # an entry printed with its full date ("2021年3月5日，…"), which the month/day reader skips
        lead = _ENTRY_DATE_RE.match(para.text) if chronicle else None
        para_date = parse_date(lead.group(0)) if lead else None
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
            for off, piece in _pieces(clause):
                piece = _AFTER_NOTE_RE.sub("", piece)
                found = False
                for m in _INLINE_APPOINT_RE.finditer(piece):
                    found, carry = True, "appoint"
                    yield from out(m, "appoint", clause, off)
                for m in _INLINE_REMOVE_RE.finditer(piece):
                    found, carry = True, "remove"
                    yield from out(m, "remove", clause, off)
                closed = off + len(piece) < len(clause.text)  # an open last item may be cut off
                if not found and carry is not None and closed:
                    pm = (_PIECE_REMOVE_RE if carry == "remove" else _PIECE_APPOINT_RE).match(piece)
                    if pm:
                        yield from out(pm, carry, clause, off)
            for pat, action, acting in _REPORT_FORMS:
                for m in pat.finditer(text):
                    yield from out(m, action, clause, 0, acting=acting, report=True)
            for m in _RESIGNATION_RE.finditer(text):
                if _IN_TITLE_RE.match(text[m.end() :].lstrip("请求")):
                    continue
                if whole is None:
                    whole = "".join(p.text for p in paras)
                for name, pos in _names(m):
                    post = _post_before(whole, name)
                    if post and is_name(name, strict=True) and (name, "remove", post) not in seen:
                        seen.add((name, "remove", post))
                        yield Appointment(clause[pos : pos + len(name)].printed(), "remove", post, clause[pos:],
                                          para_date)
            if clause.text.endswith(("。", "！", "？")):
                carry = None


def _adoption_date(doc: Document) -> str | None:
    """The date a decision was adopted, from its adoption line (wrapped or not)."""
    text = "".join(t.text for _no, t in doc.line_texts())
    m = _ADOPTED_RE.search(re.sub(r"\s+", "", text))
    return parse_date(m.group("date")) if m else None


def entry_dates(doc: Document) -> Callable[[Text], str | None]:
    """The date of the chronicle entry an act's evidence sits in (None outside dated entries)."""
    if doc.kind != "chronicle":
        return lambda _ev: None
    spans: list[tuple[int, int, str | None]] = []
    for date, entry in chronicle_entries(doc):
        offs = [o for o in entry.offsets if o >= 0]
        if offs:
            spans.append((min(offs), max(offs), date))

    def date_of(ev: Text) -> str | None:
        off = ev.source_offset(0)
        if off is not None:
            for a, b, date in spans:
                if a <= off <= b and date:
                    return date
        return None

    return date_of


def _act_default(doc: Document) -> str | None:
    """The document's date, or for a decision without a 落款 the date it was adopted."""
    if doc.date:
        return doc.date
    text = (doc.title or "") + (doc.issuer or "") + " ".join(t.text for _n, t in doc.line_texts())
    return _adoption_date(doc) if _CONGRESS_RE.search(text) else None


@register("appointments", version=VERSION, assigns=("APPOINTED_TO", "REMOVED_FROM", "HOLDS_POST"))
def extract_appointments(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_appointments.info
    batch = GraphBatch()
    city = ctx.city or doc.city
    date_of: Callable[[Text], str | None] | None = None
    default: str | None = None
    for ap in iter_appointments(doc):
        if date_of is None:
            date_of, default = entry_dates(doc), _act_default(doc)
        date = date_of(ap.evidence) or ap.date or default
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
