"""Tasks and who leads / is responsible for / supports them.

Reads the repaired layout of a document (``doc.blocks``; a plain line-based
fallback when layout repair has not run) and recognises:

* outlined paragraphs closed by a responsibility bracket – ``（市发改委牵头，市财政局配合）``,
  ``（责任单位：…）``, ``（牵头部门：A；配合部门：B等，各县区人民政府）``,
  ``（X、Y分别负责，Z参与）``, ``（责任单位：A，配合单位：B，各县（市、区）人民政府负责落实）``;
  a bracket on its own line closes the item above it;
* clause-level brackets – ``…推动企业业务云化。（市工信局）对引入的…（市商务局）`` gives
  one task per clause;
* flattened tables with a header naming the columns (序号 / 工作任务 / 牵头单位 / 责任单位 /
  配合单位 / 责任领导 / 完成时限 in any order and subset): repeated headers skipped,
  wrapped cells joined, merged (empty) cells filled down within the table;
* unit–duty rows and lines (``市公安局：负责…``; a row ``市公安局⇥负责…``) and working
  groups (``X组：由A、B、C等部门组成。负责…``, ``组长单位：…`` / ``成员单位：…`` blocks);
* prose – ``A负责…``, ``由A负责/牵头…``, ``A会同B、C…``, ``A要…`` – only in documents
  that do not use the bracket convention (there the bracket is the statement).

Every edge carries the provenance of the span that names its agency.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.extractors import ExtractContext, ExtractorInfo, register

from kg.agencies import clean_unit, is_unit_name, split_units
from kg.keys import agency_key, person_key, post_key, task_key
from kg.layout import display_width, is_running_header, line_repeats
from kg.model import Block, Document, GraphBatch, NodeRef, SourceFile, Text
from kg.normalize import nfkc_digits, strip_ws
from kg.tables import tab_cells, words
from kg.thresholds import TASK_HEADER_MAX_CHARS
from kg.vocab import L, R

VERSION = "0.1.0"

LEAD, RESP, SUPP = "lead", "responsible", "support"
_EDGE = {LEAD: R.LEADS, RESP: R.RESPONSIBLE_FOR, SUPP: R.SUPPORTS}

_OPEN = "（([［【"
_CLOSE = "）)]］】"
_CN_NUM = "一二三四五六七八九十百零〇"

# --------------------------------------------------------------------------
# outline
# --------------------------------------------------------------------------
_OUTLINE_RES: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^\s*[{_CN_NUM}]+\s*[、．.]\s*")),
    (2, re.compile(rf"^\s*[（(]\s*[{_CN_NUM}]+\s*[）)]\s*[、．.]?\s*")),
    (3, re.compile(r"^\s*\d{1,3}\s*(?:[.．、](?!\d)|\s(?=[\u4e00-\u9fff]))\s*")),
    (4, re.compile(r"^\s*[（(]\s*\d{1,3}\s*[）)]\s*")),
    (5, re.compile(rf"^\s*第[{_CN_NUM}\d]+条\s*")),
    (6, re.compile(r"^\s*[\u2460-\u2473\u2474-\u2487\u2776-\u277f]\s*")),  # ① ⑴ ❶
]
_SECTION_RE = re.compile(r"^\s*\d+(?:\.\d+)+\s*")


def _outline(text: str) -> tuple[str | None, int | None, int]:
    """(marker as printed, level, length of the marker incl. trailing spaces)."""
    for level, rx in _OUTLINE_RES:
        m = rx.match(text)
        if m and m.end() < len(text):
            return strip_ws(m.group(0)), level, m.end()
    m = _SECTION_RE.match(text)
    if m and m.end() < len(text):
        return strip_ws(m.group(0)), 1 + m.group(0).count("."), m.end()
    return None, None, 0


# --------------------------------------------------------------------------
# segments: the document as paragraphs and table rows
# --------------------------------------------------------------------------
@dataclass
class Seg:
    kind: str  # "para" | "row" | "heading"
    text: Text
    cells: list[Text] | None = None
    spaced: bool = False  # cells were separated by single spaces: empty cells are invisible

    @property
    def line(self) -> int:
        return self.text.first_line or 0


_TERMINAL = "。；;！!？?：:）)」』”"


def _raw_segments(doc: Document) -> list[Seg | None]:
    """Blocks as segments; ``None`` marks a blank line / page break."""
    out: list[Seg | None] = []
    if doc.blocks:
        blocks = list(doc.blocks)
        for k, b in enumerate(blocks):
            if is_running_header(blocks, k):
                out.append(None)
                continue
            out.extend(_from_block(b))
        return out
    for _no, t in doc.line_texts():
        s = t.text
        if not s.strip():
            out.append(None)
        elif "\t" in s:
            out.append(Seg("row", t, tab_cells(t)))
        else:
            out.append(Seg("para", t.strip()))
    return out


def _from_block(b: Block) -> list[Seg | None]:
    if b.kind in ("blank", "header_footer"):
        return [None]
    if b.kind == "table_row":
        if "\t" not in b.text.text:  # cells separated by spaces: re-split, placed by type later
            return [Seg("row", b.text, words(b.text), spaced=True)]
        return [Seg("row", b.text, list(b.cells) if b.cells is not None else tab_cells(b.text))]
    if "\t" in b.text.text:
        return [Seg("row", b.text, tab_cells(b.text))]
    kind = "heading" if b.kind == "heading" else "para"
    return [Seg(kind, b.text.strip())]


def _starts_new(t: str) -> bool:
    if _outline(t)[0] is not None:
        return True
    if re.match(r"^\s*(附件|附表|——|-\s)", t):
        return True
    return bool(re.match(r"^\s*[\u4e00-\u9fff“”A-Za-z（）()、]{1,14}[：:]", t))


def _segments(doc: Document) -> list[Seg]:
    """Join paragraphs broken by hard wraps or page breaks.

    A paragraph that ends without closing punctuation (or inside an open
    bracket) is continued by the next paragraph unless that one opens a new
    item (outline number, 附件, a label). Tables flattened with spaces are
    split back into rows by their source lines.
    """
    raw: list[Seg | None] = []
    for seg in _raw_segments(doc):
        raw.extend(_space_rows(seg) if seg is not None and seg.kind != "row" else [seg])
    out: list[Seg] = []
    gap = False
    wrap = _wrap_width(doc)
    for seg in raw:
        if seg is None:
            gap = True
            continue
        prev = out[-1] if out else None
        open_bracket = prev is not None and _unclosed(prev.text.text)
        if (prev is not None and wrap and prev.kind != "row" and seg.kind != "row" and prev.text.text
                and prev.text.text[-1] not in _TERMINAL and wrap.full(prev.text)
                and _outline(seg.text.text)[0] is not None and not _is_heading_like(seg.text.text)
                and not _is_heading_like(prev.text.text)):
            # "…建立统⏎一、高效的…": a hard wrap that put a list-marker-like word first
            prev.text = Text.join([prev.text, seg.text])
            prev.kind = "para"
            gap = False
            continue
        if (
            prev is not None
            and prev.kind != "row"
            and seg.kind == "para"
            and prev.text.text
            and (open_bracket or (
                (prev.kind == "para" or _is_cut_sentence(prev.text.text)
                 or (wrap is not None and wrap.full(prev.text)))
                and prev.text.text[-1] not in _TERMINAL
                and not _starts_new(seg.text.text)
                and (len(prev.text.text) >= 15 or not gap)
                and not _is_heading_like(prev.text.text)))
        ):
            prev.text = Text.join([prev.text, seg.text])
            prev.kind = "para"
        else:
            out.append(seg)
        gap = False
    return out


@dataclass(frozen=True)
class _Wrap:
    """Hard-wrap width of a document: in characters (every line cut at exactly n
    characters) and/or in printed width (half-width units, give or take a character)."""
    chars: int | None
    disp: int | None

    def full(self, t: Text) -> bool:
        """Does the text end on a line filled up to the wrap width (so the line break
        is the wrap's, not the author's)? One character short counts in printed
        width: a closing mark is pulled up to the line before, digits are half-width."""
        line = _last_source_line(t)
        if line is None:
            return False
        return bool((self.chars and len(line) >= self.chars) or (self.disp and display_width(line) + 2 >= self.disp))


def _chars_wrap(lens: list[int]) -> int | None:
    if len(lens) < 8:
        return None
    n, k = max(((lens.count(x), x) for x in set(lens) if x >= 10), default=(0, 0))
    return k if n * 3 >= len(lens) else None


def _disp_wrap(lens: list[int]) -> int | None:
    if len(lens) < 8:
        return None
    k = max({x for x in lens if x >= 20}, key=lambda x: (sum(1 for y in lens if abs(y - x) <= 2), x), default=0)
    n = sum(1 for y in lens if abs(y - k) <= 2)
    return k if k and n * 3 >= len(lens) else None


def _wrap_width(doc: Document) -> _Wrap | None:
    """How the document's lines were hard-wrapped, if they were: the commonest length
    of its non-blank lines when at least a third of them have it (exactly, in
    characters; or within a character, in printed width – in the document, or else
    in its whole file, as a short document has too few lines to tell)."""
    lines = [t.text.rstrip() for _no, t in doc.line_texts()
             if t.text.strip() and "\t" not in t.text and line_repeats(t) < 3]  # page furniture left out
    chars = _chars_wrap([len(x) for x in lines])
    disp = _disp_wrap([display_width(x) for x in lines])
    if disp is None and doc.source is not None:
        disp = _file_disp_wrap(doc.source)
    return _Wrap(chars, disp) if chars or disp else None


_FILE_WRAP: dict[tuple[str, str], int | None] = {}


def _file_disp_wrap(source: SourceFile) -> int | None:
    """The printed-width wrap of a whole file, computed once per file (every short
    document of an issue asks for it)."""
    key = (source.path, source.sha256)
    if key not in _FILE_WRAP:
        if len(_FILE_WRAP) > 8:
            _FILE_WRAP.clear()
        _FILE_WRAP[key] = _disp_wrap([display_width(x.rstrip()) for x in source.text.split("\n")
                                      if x.strip() and "\t" not in x and line_repeats(Text.plain(x), source) < 3])
    return _FILE_WRAP[key]


def _last_source_line(t: Text) -> str | None:
    lines = _source_lines(t)
    if not lines or lines[-1].source is None:
        return None
    off = lines[-1].source_offset(0)
    if off is None:
        return None
    no = lines[-1].source.locate(off)[0]
    return lines[-1].source.line(no).rstrip()


def _width(seg: Seg) -> int:
    return len(seg.cells or [])


def _is_cut_sentence(s: str) -> bool:
    """A "heading" that is really a sentence cut at a page seam: it is long, has a
    subject's verb (负责/牵头/要/应当/会同) and no closing punctuation."""
    body = s[_outline(s)[2]:]
    return (len(strip_ws(body)) >= 15 and s[-1:] not in _TERMINAL
            and bool(re.search(r"负责|牵头|会同|要|应当", body)))


def _unclosed(s: str) -> bool:
    return sum(s.count(c) for c in _OPEN) > sum(s.count(c) for c in _CLOSE)


def _source_lines(t: Text) -> list[Text]:
    """Split a Text at the boundaries of its source lines."""
    src = t.source
    if src is None:
        return [t]
    out: list[Text] = []
    start = 0
    cur: int | None = None
    for i, off in enumerate(t.offsets):
        if off < 0:
            continue
        ln = src.locate(off)[0]
        if cur is not None and ln != cur:
            out.append(t[start:i])
            start = i
        cur = ln
    out.append(t[start:])
    return [x.strip() for x in out if x.text.strip()]


def _space_rows(seg: Seg) -> list[Seg | None]:
    """A table flattened with spaces, glued into a paragraph: rows again."""
    lines = _source_lines(seg.text)
    for k, ln in enumerate(lines):
        cells = words(ln)
        if len(cells) >= 3 and _header(cells) is not None:
            head: list[Seg | None] = []
            if k:
                head.append(Seg(seg.kind, Text.join(lines[:k])))
            return [*head, *(Seg("row", x, words(x), spaced=True) for x in lines[k:])]
    return [seg]


def _is_heading_like(s: str) -> bool:
    """A short line with an outline number and no sentence punctuation."""
    marker, _level, n = _outline(s)
    body = s[n:]
    return marker is not None and len(strip_ws(body)) <= 14 and not re.search(r"[。；;，,]", body)


# --------------------------------------------------------------------------
# brackets and role lists
# --------------------------------------------------------------------------
def _bracket_groups(s: str) -> list[tuple[int, int]]:
    """Top-level (start, end-exclusive) of round-bracket groups; mixed ( ） accepted."""
    out: list[tuple[int, int]] = []
    depth = 0
    start = -1
    for i, ch in enumerate(s):
        if ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


_LABELS: list[tuple[str, str]] = [
    (r"(?:牵头单位|牵头部门|组长单位|牵头领导|主责单位|牵头)\s*[：:]", LEAD),
    (r"(?:责任单位|责任部门|主体单位|实施单位|承办单位|落实单位|责任主体|主办单位|负责单位)\s*[：:]", RESP),
    (r"(?:配合单位|配合部门|协办单位|参与单位|协助单位|成员单位|参加单位)\s*[：:]", SUPP),
]
_SUFFIXES: list[tuple[str, str]] = [
    (r"(?:分别|共同|各自)?牵头(?:负责|组织|实施|落实)?", LEAD),
    (r"(?:按照?各自)?(?:按照?)?(?:职责)?(?:分工)?(?:分别|共同|具体|各自)?(?:负责落实|负责|落实|实施|推进)"
     r"|按照?职责(?:分工)?(?:负责|落实|推进|共同推进)?", RESP),
    (r"(?:按照?职责(?:分工)?)?(?:配合|参与|协助|协同|协办)", SUPP),
]
_LABEL_RE = re.compile("|".join(f"(?P<l{i}>{p})" for i, (p, _r) in enumerate(_LABELS)))
_SUFFIX_RE = re.compile("|".join(f"(?P<s{i}>{p})" for i, (p, _r) in enumerate(_SUFFIXES)))
_LABEL_LINE_RE = re.compile(r"^\s*(?:牵头单位|责任单位|责任部门|牵头部门|配合单位|配合部门)\s*[：:]")
_UNIT_HEADING_RE = re.compile(r"(?P<u>[\u4e00-\u9fff（）()、]{2,30}?)[：:]")
_DUTY_START = re.compile(r"^\s*(?:负责|承担|组织|指导|协调|配合|牵头|做好|开展|督促|统筹|会同|加强|落实|监督|参与)")
_OFFICE_AT_RE = re.compile(
    r"办公室设在(?P<u>[^，,。；;（(]{2,30}?)[，,]\s*(?:具体)?(?:负责|承担)(?P<d>(?:[^。；;，,]|[，,](?!办公室|由|主任))+)"
)
_INHERIT_RE = re.compile(r"[。；;，,]?\s*以下(?:均|都)?(?:需|由|须)?(?P<u>.+?)(?:负责)?落实[，,]?\s*不再(?:一一)?列出[。]?")
_ROLE_TAIL_RE = re.compile(r"(?:按照?|根据)(?:各自)?职责(?:分工)?.*$|共同推进$")


@dataclass
class Assign:
    role: str
    unit: Text
    ordinal: int
    evidence: Text


@dataclass
class Roles:
    items: list[Assign] = field(default_factory=list)
    inherit: list[Text] = field(default_factory=list)

    def add(self, role: str, units: Iterable[Text], evidence: Text) -> None:
        for u in units:
            n = sum(1 for a in self.items if a.role == role) + 1
            self.items.append(Assign(role, u, n, evidence))

    def __bool__(self) -> bool:
        return bool(self.items)


def _depth0(s: str) -> list[bool]:
    d = 0
    out: list[bool] = []
    for ch in s:
        if ch in "（(〔[【［":
            d += 1
        out.append(d == 0)
        if ch in "）)〕]】］" and d > 0:
            d -= 1
    return out


_GENERIC_PEERS = frozenset({"有关部门", "相关部门", "有关单位", "相关单位", "各有关部门", "各相关部门", "其他有关部门"})


def _sector(t: Text) -> bool:
    """A sector printed for its department in a list closed by 等部门: ``农业农村``, ``市科技``."""
    s = strip_ws(t.text)
    return bool(re.fullmatch(r"[市县区]?[\u4e00-\u9fff]{2,6}", s)) and not _CLAUSE_RE.search(s)


_CLAUSE_RE = re.compile(r"地$|^(?:对|向|在|把|将|由|从|为)|检查|核实|组织|开展|加强|做好|建立|及时|其|或")


def _unitish(t: Text, known: set[str]) -> bool:
    s = strip_ws(t.text)
    if not s:
        return False
    return s in known or is_unit_name(s)


def _units(t: Text, known: set[str], *, strict: bool) -> list[Text] | None:
    """Units of a list; ``None`` if ``strict`` and an item does not look like a unit."""
    t = t.strip(" \t，,、；;。：:")
    m = _ROLE_TAIL_RE.search(t.text)
    if m and m.start() > 0:
        t = t[: m.start()]
    items = split_units(t, known)
    items = _merge_generic(items)
    items = [clean_unit(i) for i in items]
    items = [i for i in items if strip_ws(i.text)]
    if not items:
        return None
    for i in items:
        s = strip_ws(i.text)
        if len(s) > 40 or re.search(r"[。！？]", s):
            return None
        if strict and not _unitish(i, known):
            return None
    return items


_MADE_UP_OF_RE = re.compile(
    r"(?:等(?:有关|相关)?(?:部门|单位))?的?(?:相关|有关)?(?:人员|负责人|负责同志|同志)?组成[。；;]?\s*$")


def _plausible(t: Text, known: set[str]) -> bool:
    """A list item of a table cell that names a unit, a sector or a generic body."""
    s = strip_ws(t.text)
    return (_unitish(t, known) or s in _GENERIC_PEERS or _place(s)
            or bool(re.search(r"(?:部门|部門|单位|机构|政府|企业)$", s) and not _CLAUSE_RE.search(s)))


_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:县|旗|区)|[\u4e00-\u9fff]{2,3}市")
_NOT_PLACE = re.compile(r"^(?:本|全|各|我|该|辖|市|县|城市)|(?:社|辖|园|景|小|片|矿|库|山|林|城市|新)区$")


def _place(s: str) -> bool:
    """A county, district or county-level city printed by its name in an agency list
    (``市交通运输局、泽州县、陵川县人民政府``): the printed name stands for its government."""
    return bool(_PLACE_RE.fullmatch(s)) and not _NOT_PLACE.search(s)


def _cell_units(cell: Text, known: set[str]) -> list[Text] | None:
    """Units of an agency cell: ``A、B和C相关人员组成。`` gives A, B, C; a cell with
    an item that is no unit (``根据情况确定``, ``市、县民政…``) gives none – a
    missing fact is better than a wrong one."""
    m = _MADE_UP_OF_RE.search(cell.text)
    if m and m.start() > 0:
        cell = cell[: m.start()]
    units = _units(cell, known, strict=False)
    if units and not all(_plausible(u, known) for u in units):
        return None
    return units


def _merge_generic(items: list[Text]) -> list[Text]:
    """``事发地各级政府及相关部门、单位`` stays one item (a bare 单位 is no unit)."""
    out: list[Text] = []
    for it in items:
        if out and strip_ws(it.text) in ("单位", "部门", "机构", "部門") \
                and re.search(r"(?:政府|部门|部門|机构|单位|组织|企业)$", strip_ws(out[-1].text)):
            prev = out[-1]
            src = prev.source
            # re-join through the source so the separator is kept
            if src is not None and prev.offsets and it.offsets and prev.offsets[-1] >= 0 and it.offsets[0] >= 0:
                a, b = prev.offsets[0], it.offsets[-1] + 1
                if 0 <= a < b:
                    out[-1] = Text(src.text[a:b], list(range(a, b)), src)
                    continue
            out[-1] = Text.join([prev, Text.plain("、"), it])
        else:
            out.append(it)
    return out


def parse_roles(content: Text, known: set[str], *, bare_ok: bool = True) -> Roles | None:
    """Roles named in the text of a responsibility bracket (without the brackets).

    Returns ``None`` when the text is not a responsibility statement.
    """
    content = _drop_notes(content)
    s = content.text
    roles = Roles()
    m_inh = _INHERIT_RE.search(s)
    if m_inh:
        inh = _units(content[m_inh.start("u"): m_inh.end("u")], known, strict=False)
        if inh:
            roles.inherit = inh
        content = Text.join([content[: m_inh.start()], content[m_inh.end():]])
        s = content.text
    top = _depth0(s)
    marks: list[tuple[int, int, str, str]] = []  # start, end, kind(label|suffix), role
    for m in _LABEL_RE.finditer(s):
        if top[m.start()]:
            role = next(_LABELS[i][1] for i in range(len(_LABELS)) if m.group(f"l{i}"))
            marks.append((m.start(), m.end(), "label", role))
    for m in _SUFFIX_RE.finditer(s):
        if not top[m.start()] or any(a <= m.start() < b for a, b, _k, _r in marks):
            continue
        # a suffix must close a list: followed by punctuation / end / another list
        rest = s[m.end():].lstrip(" ")
        if rest and rest[0] not in "，,；;。、）)" and not _LABEL_RE.match(rest):
            continue
        role = next(_SUFFIXES[i][1] for i in range(len(_SUFFIXES)) if m.group(f"s{i}"))
        marks.append((m.start(), m.end(), "suffix", role))
    marks.sort()
    if not marks:
        if not bare_ok:
            return None
        units = _units(content, known, strict=True)
        if not units:
            return None
        roles.add(RESP, units, content)
        return roles
    label_role: str | None = None
    pos = 0
    for a, b, kind, role in marks:
        chunk = content[pos:a]
        if kind == "label":
            if strip_ws(chunk.text).strip("，,；;。"):
                units = _units(chunk, known, strict=label_role is None)
                if units is None:
                    return None
                roles.add(label_role or RESP, units, chunk)
            label_role = role
        else:
            if label_role is not None and label_role != role:
                # "配合单位：A、B，C负责落实": only the last comma group takes the suffix role
                cut = _last_top_comma(chunk.text)
                if cut is not None:
                    head, chunk = chunk[:cut], chunk[cut + 1:]
                    hu = _units(head, known, strict=False)
                    if hu:
                        roles.add(label_role, hu, head)
            units = _units(chunk, known, strict=label_role is None)
            if units is None:
                if strip_ws(chunk.text).strip("，,；;。"):
                    return None
            else:
                roles.add(role, units, chunk)
            if label_role == role:
                label_role = None
        pos = b
    tail = content[pos:]
    if strip_ws(tail.text).strip("，,；;。"):
        units = _units(tail, known, strict=label_role is None)
        if units is None:
            if label_role is None:
                return roles or None
            return None
        roles.add(label_role or RESP, units, tail)
    return roles or None


# a bracket holding a note, not a unit's own name: "（第一责任单位为牵头单位，下同）"
_NOTE_BRACKET_RE = re.compile(r"[（(][^（）()]*(?:下同|为牵头|为责任|即|指)[^（）()]*[）)]")
# another label after the units: the time limit of a table-like item
_OTHER_LABEL_RE = re.compile(r"(?:时限要求|完成时限|完成时间|时间节点|时限|完成期限)\s*[：:]")


def _drop_notes(t: Text) -> Text:
    """The units of a responsibility text without notes in brackets and without a
    following time-limit label."""
    m = _OTHER_LABEL_RE.search(t.text)
    if m:
        t = t[: m.start()]
    while True:
        n = _NOTE_BRACKET_RE.search(t.text)
        if not n:
            return t
        t = Text.join([t[: n.start()], t[n.end():]])


def _last_top_comma(s: str) -> int | None:
    top = _depth0(s)
    for i in range(len(s) - 1, -1, -1):
        if s[i] in "，," and top[i]:
            return i
    return None


# --------------------------------------------------------------------------
# deadlines
# --------------------------------------------------------------------------
_DEADLINE_RE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?:(?P<d>\d{1,2})\s*日\s*)?"
    r"(?P<e>年底|年末|底|末|上旬|中旬|下旬)?\s*(?:以)?前"
)
_DEADLINE_TO_RE = re.compile(r"到\s*(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*)?(?P<e>底|末)")
_DEADLINE_WORDS = re.compile(r"长期坚持|持续推进|长期|持续|常态化|立即|\d+\s*(?:个)?(?:小时|天|日|个工作日)内")


def find_deadline(text: str, year: int | None) -> tuple[str | None, str | None]:
    """(deadline as printed with whitespace removed, ISO date or None)."""
    t = nfkc_digits(text)
    for m in _DEADLINE_RE.finditer(t):
        y, mo, d, e = m.group("y"), m.group("m"), m.group("d"), m.group("e")
        if not (y or mo or e in ("年底", "年末")):
            continue
        if y and not (mo or e):
            continue  # "2022年前" reads as "before the year"; no safe date
        printed = strip_ws(m.group(0))
        return printed, _iso(y, mo, d, e, year)
    m2 = _DEADLINE_TO_RE.search(t)
    if m2:
        return strip_ws(m2.group(0)), _iso(m2.group("y"), m2.group("m"), None, m2.group("e"), year)
    return None, None


def _iso(y: str | None, mo: str | None, d: str | None, e: str | None, year: int | None) -> str | None:
    yy = int(y) if y else year
    if yy is None:
        return None
    if mo is None:
        return f"{yy:04d}-12-31" if e in ("年底", "年末", "底", "末") else None
    mm = int(mo)
    if not 1 <= mm <= 12:
        return None
    last = calendar.monthrange(yy, mm)[1]
    if d:
        dd = int(d)
        return f"{yy:04d}-{mm:02d}-{dd:02d}" if 1 <= dd <= last else None
    if e in ("底", "末", "下旬"):
        return f"{yy:04d}-{mm:02d}-{last:02d}"
    if e == "上旬":
        return f"{yy:04d}-{mm:02d}-10"
    if e == "中旬":
        return f"{yy:04d}-{mm:02d}-20"
    return f"{yy:04d}-{mm:02d}-{last:02d}"


# --------------------------------------------------------------------------
# task candidates
# --------------------------------------------------------------------------
@dataclass
class Cand:
    text: Text  # task text, outline removed
    outline: str | None
    level: int | None
    roles: Roles
    deadline: str | None = None
    deadline_text: Text | None = None
    leaders: list[tuple[Text, Text]] = field(default_factory=list)  # (name/post, evidence)
    context: str | None = None  # the wider level's task printed beside it (a province's, beside the city's)
    parent: int | None = None
    inherits: bool = True
    line: int | None = None  # where the item starts when not where its text starts


_AFTER_UNIT_RE = re.compile(
    r"是(?=[^，,。；;]{0,30}责任主体[，,])|等|也|还|要(?!求)|应(?!急|对|用|届)|须|必须|具体|统一|主要(?!负责人)|及时|依法|分别|共同|负责|牵头|会同|督促|协调|指导|组织|统筹|承担|开展|"
    r"建立|做好|加强|制定|落实|审核|监督|推进|根据|按照|依据|发布|实施|另行|[，,。；;\s]|[（(]以下简称")
_GROUP_LABEL_RE = re.compile(r"\s*(组长单位|牵头单位|牵头部门|成员单位|配合单位|主要职责|工作职责|职责)\s*[：:]\s*")
_BOILERPLATE_RE = re.compile(r"^本(?:预案|办法|方案|意见|细则|规定|通知|制度|规则|措施)由.{2,40}负责解释")
# "X由A、B组成。" / "…及C组成。": who a body consists of, not a duty
_COMPOSITION_RE = re.compile(r"组成[。；;]?$")
_STRONG = r"(?:具体负责|统一负责|主要负责|负责|牵头|会同)"
_WEAK = r"(?:要|应当|应|须|必须)"


class _Doc:
    def __init__(self, doc: Document, ctx: ExtractContext, info: ExtractorInfo) -> None:
        self.doc = doc
        self.ctx = ctx
        self.info = info
        self.known: set[str] = ctx.known_agencies
        self.cands: list[Cand] = []
        self.year = _doc_year(doc, ctx)
        self.stack: list[tuple[int, int | None]] = []  # (level, cand index or None)
        self.inherit: Roles | None = None
        self._last_cols: tuple[dict[str, int], int] | None = None
        self._last_table_end = -10
        self._last_fill: dict[str, Text] = {}
        # a unit printed as a heading ("市林业局：") whose duties follow line by line
        self.heading_unit: Text | None = None
        # the item a "牵头单位：" line just closed (a "责任单位：" line may follow)
        self._label_cand: Cand | None = None

    # -- helpers --------------------------------------------------------
    def add(self, cand: Cand, level: int | None) -> int:
        if level is not None:
            while self.stack and self.stack[-1][0] >= level:
                self.stack.pop()
        cand.parent = next((i for _lv, i in reversed(self.stack) if i is not None), None)
        self.cands.append(cand)
        idx = len(self.cands) - 1
        if level is not None:
            self.stack.append((level, idx))
        for a in cand.roles.items:
            self._learn(a.unit)
        return idx

    def _learn(self, unit: Text) -> None:
        """Remember a unit name for later lists of the gazette – only a name that has
        the structure of one (a sector word such as 财政 is accepted in its list, but
        must not make a later ``财政：…`` line a duty)."""
        name = strip_ws(unit.text)
        if is_unit_name(name):
            self.known.add(name)

    def heading(self, level: int | None) -> None:
        if level is None:
            return
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, None))

    # -- main -----------------------------------------------------------
    def run(self) -> None:
        segs = _segments(self.doc)
        bracket_doc = self._count_bracket_items(segs) >= 3
        # the item above that has not met its responsibility bracket yet
        pending: tuple[Text, str | None, int | None, int] | None = None
        i = 0
        while i < len(segs):
            seg = segs[i]
            if seg.kind == "row":
                j = i
                while j < len(segs) and segs[j].kind == "row":
                    j += 1
                self.stack.clear()  # a table is not inside the outline above it
                between = segs[max(self._last_table_end, 0): i]
                inherited = self._last_cols if (
                    i - self._last_table_end <= 2
                    and not any(re.match(r"^\s*(?:附件|附表)", x.text.text) for x in between)
                    and (segs[i].spaced or _width(segs[i]) == (self._last_cols[1] if self._last_cols else -1))
                ) else None
                # the same table on the next page (header printed again after page
                # furniture that was not recognised): merged cells go on filling down
                hdr0 = _header(segs[i].cells or [])
                carry = self._last_fill if (
                    hdr0 is not None and self._last_cols is not None and hdr0 == self._last_cols[0]
                    and i - self._last_table_end <= 4
                    and all(len(strip_ws(x.text.text)) <= 30 and not re.search(r"[。；;，,]", x.text.text)
                            for x in between)
                ) else None
                self._last_cols = self.table(segs[i:j], inherited, carry)
                self._last_table_end = j
                pending = None
                i = j
                continue
            text = seg.text
            marker, level, n = _outline(text.text)
            body = text[n:].strip() if marker else text
            if (marker is None and pending is not None and pending[3] < 4 and not _LABEL_LINE_RE.match(body.text)
                    and (pending[1] is not None or body.text[:1] in _OPEN
                         or (pending[3] == 0 and strip_ws(pending[0].text)[-1:] not in "。！？!?"))):
                combined, cm, cl = Text.join([pending[0], body]), pending[1], pending[2]
            else:
                combined, cm, cl = body, marker, level
            if self.unit_heading(body) and marker is None:
                pending = None
                i += 1
                continue
            if self.heading_unit is not None and (marker is not None or not _DUTY_START.match(body.text)):
                self.heading_unit = None
            made, trailing = self.bracketed(combined, cm, cl)
            if made:
                # 0: a clause after a bracket, still open (its bracket may follow in the next block)
                pending = (trailing, None, None, 0) if trailing is not None else None
                i += 1
                continue
            if self.standalone_roles(body, pending):
                pending = None
                i += 1
                continue
            self._label_cand = None
            used = self.labelled_group(segs, i)
            if used:
                i += used
                pending = None
                continue
            if self.duty_under_heading(body):
                pending = None
                i += 1
                continue
            self.office_at(body)  # a task of its own; the sentence may hold others too
            made_duty = self.duty_line(body)
            made_prose = False if made_duty else self.prose(body, marker, level, strong_only=bracket_doc)
            if made_duty or made_prose:
                pending = None
            elif marker is not None:
                self.heading(level)
                pending = (body, marker, level, 1)
            elif pending is not None and pending[1] is not None:
                pending = (combined, cm, cl, pending[3] + 1)
            else:
                # plain text: may be closed by a bracket opening the next paragraph
                pending = (body, None, None, 1)
            i += 1

    def _count_bracket_items(self, segs: list[Seg]) -> int:
        n = 0
        for seg in segs:
            if seg.kind != "para":
                continue
            s = seg.text.text
            for a, b in _bracket_groups(s):
                inner = seg.text[a + 1: b - 1]
                if _LABEL_RE.search(inner.text) or (
                    _SUFFIX_RE.search(inner.text) and parse_roles(inner, self.known, bare_ok=False)
                ):
                    n += 1
                    break
        return n

    # -- pattern: bracket closing an item / clause ---------------------
    def _role_brackets(self, body: Text) -> list[tuple[int, int, Roles]]:
        s = body.text
        out: list[tuple[int, int, Roles]] = []
        for a, b in _bracket_groups(s):
            inner = body[a + 1: b - 1]
            before = s[:a].rstrip()
            after = s[b:].lstrip()
            at_end = not after.strip("。；;，,. ")
            after_sentence = (not before) or before[-1] in "。；;！!？?.．"
            labelled = bool(_LABEL_RE.search(inner.text))
            roles = parse_roles(inner, self.known, bare_ok=(after_sentence and bool(before)) or (at_end and after_sentence))
            if roles is None and not roles_inherit_only(inner):
                continue
            if roles is None:
                roles = Roles()
                inh = _INHERIT_RE.search(inner.text)
                if inh:
                    roles.inherit = _units(inner[inh.start("u"): inh.end("u")], self.known, strict=False) or []
            if not labelled and not after_sentence and not at_end:
                continue
            if not labelled and not (at_end or after_sentence):
                continue
            if not labelled and not _SUFFIX_RE.search(inner.text) and not after_sentence:
                continue
            out.append((a, b, roles))
        return out

    def bracketed(self, body: Text, marker: str | None, level: int | None) -> tuple[bool, Text | None]:
        """Tasks closed by responsibility brackets; returns (made any, trailing text)."""
        brs = self._role_brackets(body)
        if not brs:
            return False, None
        s = body.text
        start = 0
        made = False
        first = True
        for a, b, roles in brs:
            task_text = body[start:a].strip(" \t")
            if roles.inherit:
                self.inherit = Roles()
                self.inherit.add(RESP, roles.inherit, body[a:b])
            if strip_ws(task_text.text).strip("。；;，,") and roles:
                cand = Cand(task_text, marker if first else None, level, roles)
                self._deadline(cand)
                self._extra_prose_leads(task_text, level)
                self.add(cand, level if first else None)
                made = True
                first = False
            start = b
            while start < len(s) and s[start] in "。；;，, \t":
                start += 1
        trailing = body[start:].strip()
        if len(strip_ws(trailing.text)) < 4:
            return made, None
        return made, trailing

    def _extra_prose_leads(self, text: Text, level: int | None) -> None:
        """``…由市财政局牵头另行制定。`` inside a bracketed item is a task of its own."""
        for sent in _sentences(text):
            m = re.search(r"由(?P<u>[^，,。；;由]{2,40}?)牵头", sent.text)
            if not m:
                continue
            units = _units(sent[m.start("u"): m.end("u")], self.known, strict=True)
            if not units:
                continue
            roles = Roles()
            roles.add(LEAD, units, sent)
            cand = Cand(sent.strip(), None, None, roles, inherits=False)
            self._deadline(cand)
            self.add(cand, None)

    def standalone_roles(self, body: Text, pending: tuple[Text, str | None, int | None, int] | None) -> bool:
        """A bracket (or a 责任单位： line) printed on its own line closes the item above."""
        s = body.text.strip()
        inner: Text | None = None
        groups = _bracket_groups(body.text)
        if groups and groups[0][0] == 0 and not body.text[groups[0][1]:].strip("。；;，, \t"):
            inner = body[1: groups[0][1] - 1]
        elif re.match(r"^(?:牵头单位|责任单位|责任部门|牵头部门|配合单位)\s*[：:]", s) and (
                pending is not None or self._label_cand is not None):
            inner = body
        if inner is None:
            return False
        last = self._label_cand
        roles = parse_roles(inner, self.known, bare_ok=pending is not None)
        if roles is None:
            return False
        if pending is None:
            if last is not None and inner is body:
                # "牵头单位：A" / "责任单位：B" on consecutive lines: one item's units
                last.roles.items.extend(roles.items)
                self._label_cand = last
                return True
            return False
        text, marker, level, _n = pending
        cand = Cand(text, marker, level, roles)
        self._deadline(cand)
        self.add(cand, level)
        self._label_cand = cand if inner is body else None
        return True

    # -- pattern: 单位：职责 -------------------------------------------
    # -- pattern: a unit as a heading, its duties on the lines below ------
    def unit_heading(self, body: Text) -> bool:
        """``市林业局：`` alone on its line: the lines under it that open with a duty verb
        are that unit's tasks."""
        m = _UNIT_HEADING_RE.fullmatch(body.text.strip())
        if not m:
            return False
        unit = body[m.start("u"): m.end("u")].strip()
        if not _unitish(unit, self.known) or _LABEL_RE.match(body.text):
            return False
        self.heading_unit = unit
        return True

    def duty_under_heading(self, body: Text) -> bool:
        if self.heading_unit is None or not _DUTY_START.match(body.text) or len(strip_ws(body.text)) < 6:
            return False
        roles = Roles()
        roles.add(RESP, [self.heading_unit], self.heading_unit)
        cand = Cand(body.strip(), None, None, roles, inherits=False)
        self._deadline(cand)
        self.add(cand, None)
        return True

    # -- pattern: "…办公室设在X，负责…" ----------------------------------
    def office_at(self, body: Text) -> bool:
        m = _OFFICE_AT_RE.search(body.text)
        if not m:
            return False
        unit = body[m.start("u"): m.end("u")].strip()
        if not _unitish(unit, self.known):
            return False
        roles = Roles()
        roles.add(RESP, [unit], body[m.start(): m.end("u")])
        cand = Cand(body[m.start("d"): m.end("d")].strip(), None, None, roles, inherits=False)
        self._deadline(cand)
        self.add(cand, None)
        return True

    def duty_line(self, body: Text) -> bool:
        m = re.match(r"^(?P<u>[^：:，,。；;]{2,40}?)[：:](?P<d>.+)$", body.text)
        if not m:
            return False
        unit = body[m.start("u"): m.end("u")].strip()
        duty = body[m.start("d"):].strip()
        grp = re.match(r"^由(?P<l>.+?)(?:等)?(?:有关|相关)?(?:部门|单位)?组成[。；;，,]?", duty.text)
        if _LABEL_RE.match(body.text) or not (_unitish(unit, self.known) or (grp and strip_ws(unit.text).endswith("组"))):
            return False
        roles = Roles()
        if grp:
            units = _units(duty[grp.start("l"): grp.end("l")], self.known, strict=True)
            if not units:
                return False
            roles.add(RESP, units, duty[: grp.end()])
            duty = duty[grp.end():].strip()
            # "涉外时包括X等部门。负责…": the duty starts at its 负责 / 主要职责 sentence
            sents = _sentences(duty)
            if sents and not re.match(r"^(?:负责|主要职责|职责)", sents[0].text):
                for k, sn in enumerate(sents[1:], 1):
                    if re.match(r"^(?:负责|主要职责|职责)", sn.text):
                        duty = Text.join(sents[k:])
                        break
            if not strip_ws(duty.text):
                return False
        else:
            if len(strip_ws(duty.text)) < 6 or _unitish(duty, self.known):
                return False
            roles.add(RESP, [unit], body[: m.end("u")])
        if strip_ws(unit.text).endswith("组") and not grp:
            return False
        cand = Cand(duty, None, None, roles, inherits=False)
        self._deadline(cand)
        self.add(cand, None)
        return True

    # -- pattern: 组长单位/牵头单位 + 成员单位 + 主要职责 blocks --------
    def labelled_group(self, segs: list[Seg], i: int) -> int:
        """``2.2.1 现场处置组`` / ``组长单位：A`` / ``成员单位：B、C`` / ``主要职责：…``
        (the labels may be glued into one paragraph by layout repair)."""
        head_is_title = not _GROUP_LABEL_RE.match(segs[i].text.text)
        j = i + 1 if head_is_title else i
        if head_is_title and (_outline(segs[i].text.text)[0] is None and segs[i].kind != "heading"):
            return 0
        roles = Roles()
        duty: Text | None = None
        k = j
        while k < len(segs) and k < j + 4 and segs[k].kind != "row" and duty is None:
            t = segs[k].text
            if not _GROUP_LABEL_RE.match(t.text):
                break
            marks = [m for m in _GROUP_LABEL_RE.finditer(t.text)]
            for n, m in enumerate(marks):
                end = marks[n + 1].start() if n + 1 < len(marks) else len(t.text)
                label = m.group(1)
                rest = t[m.end():end]
                if "职责" in label:
                    duty = rest.strip()
                    break
                units = _cell_units(rest, self.known)
                if units:
                    roles.add(LEAD if label in ("组长单位", "牵头单位", "牵头部门") else SUPP, units, t[m.start():end])
            k += 1
        if duty is None or not strip_ws(duty.text) or not any(a.role == LEAD for a in roles.items):
            return 0
        cand = Cand(duty, None, None, roles, inherits=False)
        cand.line = segs[i].line
        self._deadline(cand)
        self.add(cand, None)
        return k - i

    # -- pattern: prose -------------------------------------------------
    def prose(self, body: Text, marker: str | None, level: int | None, *, strong_only: bool) -> bool:
        """Prose statements of a paragraph, one task per statement.

        In an outlined item (``（三）强化保障。用地由A负责…``) the first statement's
        task starts at the item's own text (its heading sentence included), as a
        bracket item's does, when it follows no more than the item's short heading
        sentence or refers back to the item (``该项工作由A负责``); a statement deep
        in a longer item, and later statements, start at their sentence, or at their
        clause when one sentence gives two ``由X负责`` clauses to different units.
        In a document that uses the bracket convention, an outlined item without a
        bracket may still state its unit in prose, with an explicit verb only
        (``A负责…``, ``由A负责…``; not ``A要…``)."""
        made = False
        item_start = marker is not None
        mode = "item" if strong_only and marker is not None else ("strong" if strong_only else "all")
        spans = _sentence_spans(body.text)
        # the item opens with a heading sentence: "加强组织领导。", "水情雨情监测。"
        headed = bool(spans) and len(strip_ws(body.text[spans[0][0]:spans[0][1]])) <= 20 \
            and not re.search(r"[，,；;]", body.text[spans[0][0]:spans[0][1]])
        for k, (a, b) in enumerate(spans):
            sent = body[a:b]
            for ca, cb in _clause_spans(sent.text, self.known):
                roles = self._prose_roles(sent[ca:cb], mode=mode)
                if not roles:
                    continue
                whole = item_start and (k == 0 or (headed and (k == 1 or bool(_ANAPHOR_RE.match(sent.text)))))
                text = body[0 if whole else a + ca: a + cb].strip()
                cand = Cand(text, None, None, roles, inherits=False)
                self._deadline(cand)
                self.add(cand, None)
                made = True
                item_start = False
        return made

    def _leading_units(self, t: Text, start: int) -> tuple[list[Text], int] | None:
        """The shortest unit (or 、-list of units) printed at ``start`` and followed
        by a verb, modal or punctuation; (units, end offset)."""
        s = t.text
        limit = min(len(s), start + 60)
        for end in range(start + 2, limit + 1):
            ch = s[end - 1]
            if ch in "，,。；;：:":
                return None  # a prose subject is never cut by a comma
            if end < len(s) and s[end] in "、（(〔":
                continue
            if end < len(s) and not _AFTER_UNIT_RE.match(s, end):
                continue
            span = _drop_alias(t[start:end])
            if not _unitish_tail(span.text):
                continue
            units = _units(span, self.known, strict=True)
            if units:
                return units, end
        return None

    def _prose_roles(self, sent: Text, *, mode: str = "all") -> Roles | None:
        """Roles of one prose statement. ``mode``: ``all`` – every form; ``strong`` –
        only ``由A牵头`` (a document that states its units in brackets); ``item`` –
        explicit verbs only (an outlined item without a bracket in such a document)."""
        s = sent.text
        if _BOILERPLATE_RE.search(s.strip()) or _COMPOSITION_RE.search(s.strip()):
            return None
        # 由A负责 / 由A牵头 / 由A组织实施 …
        for m in re.finditer(r"由", s):
            lu = self._leading_units(sent, m.end())
            if lu is None:
                continue
            units, end = lu
            rest = s[end:].lstrip()
            rest = re.sub(r"^等(?:有关|相关)?(?:部门|单位)?", "", rest)
            v = re.match(r"^(?:牵头|具体负责|统一负责|负责(?!人|同志)|组织|统一|会同|根据|按照|依法|及时|依据|发布|实施|承担|另行)", rest)
            if not v or (mode == "strong" and v.group(0) != "牵头") or (
                    mode == "item" and v.group(0) not in ("牵头", "具体负责", "统一负责", "负责")):
                continue
            roles = Roles()
            roles.add(LEAD if v.group(0) in ("牵头", "会同") else RESP, units, sent)
            if v.group(0) == "会同":
                self._huitong(sent, end, roles)
            else:
                self._then_support(sent, end, roles)
            return roles
        if mode == "strong":
            return None
        # A牵头，B配合 inside a sentence
        mp = re.search(r"(?:^|[，,])\s*(?P<a>[^，,。；;]{2,60}?)牵头[，,](?P<b>[^。；;]{2,200}?)(?:等)?(?:有关|相关)?(?:部门|部門|单位)?配合", s)
        if mp:
            lead = _units(sent[mp.start("a"): mp.end("a")], self.known, strict=True)
            sup = _units(sent[mp.start("b"): mp.end("b")], self.known, strict=False)
            if lead and sup:
                roles = Roles()
                roles.add(LEAD, lead, sent)
                roles.add(SUPP, sup, sent)
                return roles
        # A负责… / A要… / A会同B… : A at the start of the sentence or of a clause
        starts = [0] + [i + 1 for i, ch in enumerate(s) if ch in "，,"]
        for k, st in enumerate(starts):
            while st < len(s) and s[st] in " \t":
                st += 1
            lu = self._leading_units(sent, st)
            if lu is None:
                continue
            units, end = lu
            rest = s[end:]
            rest = re.sub(r"^(?:等(?:有关|相关)?(?:部门|单位)?)", "", rest)
            # "A、B按照职责分工，负责…" / "A是…的责任主体，负责…": the subject's own duty
            rest = re.sub(r"^(?:(?:按照?|根据)(?:各自)?职责(?:分工)?|是[^，,。；;]{0,30}?责任主体)[，,]\s*(?=负责)", "",
                          rest)
            mod = re.match(r"^(?:也|还|要(?!求)|应当|应(?!急|对|用|届)|须|必须|具体|统一|主要|及时|依法|分别|共同)*", rest)
            after = rest[mod.end():] if mod else rest
            strong = re.match(r"^(?:负责(?!人|同志)|牵头|会同)", after)
            weak = bool(mod and re.search(r"要|应|须", mod.group(0)) and re.match(r"^[\u4e00-\u9fff]", after)
                        and not after.startswith(("职责", "任务"))) or re.match(
                r"^(?:督促|协调|指导|组织|统筹|承担|开展|建立|做好|加强|制定|落实|审核|监督|推进)", after)
            if k > 0 and not strong:
                continue  # inside a sentence only an explicit 负责/牵头/会同 counts
            if not (strong or weak) or (mode == "item" and not (strong and strong.group(0) == "负责")):
                continue
            if not strong and not all(_specific(x, self.known, self.ctx.city) for x in units):
                continue
            if _BOILERPLATE_RE.search(s):
                return None
            roles = Roles()
            roles.add(LEAD if strong and strong.group(0) in ("牵头", "会同") else RESP, units, sent)
            if strong and strong.group(0) == "会同":
                self._huitong(sent, end, roles)
            elif strong:
                self._then_support(sent, end, roles)
            return roles
        return None

    def _then_support(self, sent: Text, pos: int, roles: Roles) -> None:
        """``由A负责，B、C配合`` / ``A负责…，B配合``: the next clause names the supporters."""
        s = sent.text
        top = _depth0(s)
        cut = next((i for i in range(pos, len(s)) if s[i] in "，,；;。" and top[i]), None)
        if cut is None or s[cut] not in "，,":
            return
        m = re.compile(r"\s*(?P<u>[^，,。；;]{2,80}?)(?:等(?:有关|相关)?(?:部门|单位))?(?:积极|共同|协同)?配合"
                       r"(?=$|[，,。；;])").match(s, cut + 1)
        if not m:
            return
        units = _units(sent[m.start("u"): m.end("u")], self.known, strict=False)
        if units and all(_unitish(u, self.known) or strip_ws(u.text) in _GENERIC_PEERS for u in units):
            roles.add(SUPP, units, sent)

    def _huitong(self, sent: Text, pos: int, roles: Roles) -> None:
        """``A会同B、C等部门…``: A leads, B and C support."""
        s = sent.text
        m = re.compile(r"会同").search(s, pos)
        if not m:
            return
        clause_end = len(s)
        for i in range(m.end(), len(s)):
            if s[i] in "，,。；;":
                clause_end = i
                break
        clause = s[m.end():clause_end]
        d = re.search(r"等(?:有关|相关|其他)?(?:部门|单位|机构)?", clause)
        v = re.search(r"(?:对|开展|做好|建立|根据|依据|制定|进行|共同|研究|组织|加强|按照|依法|负责|及时)", clause)
        g = re.match(r"(?:各)?(?:有关|相关|其他)(?:部门|单位|机构)", clause)
        if g and not d:
            cut = g.end()  # 会同有关部门检查… : the list is the generic word
        else:
            cut = min(x.start() for x in (d, v) if x is not None) if (d or v) else len(clause)
        if not (d or v or g):
            # "A会同B发布…": a verb outside the list above; the list ends at the first unit
            # name followed by one (a clause that starts with no unit gives nothing)
            lu = self._leading_units(sent, m.end())
            cut = lu[1] - m.end() if lu is not None else cut
        span = sent[m.end(): m.end() + cut]
        units = _units(span, self.known, strict=False)
        # A list closed by 等…部门 may name sectors (农业农村、市场监管等部门); any
        # other list must consist of unit names.
        sector_list = d is not None and d.start() == cut and bool(d.group(0)[1:])
        if units and not all(
            _unitish(u, self.known) or strip_ws(u.text) in _GENERIC_PEERS or (sector_list and _sector(u))
            for u in units
        ):
            units = None
        if units:
            for a in roles.items:
                if a.role == RESP:
                    a.role = LEAD
            roles.add(SUPP, units, sent)

    # -- pattern: tables --------------------------------------------------
    def table(self, rows: list[Seg], inherited: tuple[dict[str, int], int] | None = None,
              carry: dict[str, Text] | None = None) -> tuple[dict[str, int], int] | None:
        """Rows of one flattened table; ``inherited`` = the header of the same table
        interrupted by a group heading (merged cells are not filled across it);
        ``carry`` = the merged cells of the same table on the page before."""
        cols: dict[str, int] | None = None
        ncols = 0
        if inherited is not None and rows and _header(rows[0].cells or []) is None:
            cols, ncols = dict(inherited[0]), inherited[1]
        last: dict[str, Text] = dict(carry) if carry else {}
        self._last_fill = last
        prev: Cand | None = None
        prev_cells: dict[str, Text] = {}
        group_task: Cand | None = None
        for row in rows:
            cells = row.cells or []
            hdr = _header(cells)
            if hdr is not None:
                cols, ncols = hdr, len(cells)
                continue
            if cols is None:
                made = self.free_row(row, group_task)
                if isinstance(made, Cand):
                    group_task = made
                continue
            if row.spaced and len(cells) != ncols:
                cells = _align_spaced(cells, cols, ncols)
            get = _getter(cells, cols, ncols)
            task_cell = get("task")
            seq = get("seq")
            nonempty = [c for c in cells if strip_ws(c.text)]
            if len(nonempty) == 1 and not seq and task_cell is None:
                # a group heading spanning the table: ends merged cells
                last = {}
                self._last_fill = last
                continue
            if prev is not None and (("seq" in cols and not seq and task_cell is not None and strip_ws(task_cell.text))
                                     or ((task_cell is None or not strip_ws(task_cell.text)) and "seq" in cols and not seq)):
                # wrapped cells: continue the previous row
                for k in cols:
                    c = get(k)
                    if c is not None and strip_ws(c.text):
                        prev_cells[k] = Text.join([prev_cells[k], c]) if k in prev_cells else c
                self._finish_row(prev, prev_cells)
                continue
            if task_cell is None or not strip_ws(task_cell.text):
                continue
            cur: dict[str, Text] = {}
            for k in cols:
                c = get(k)
                if c is not None and strip_ws(c.text):
                    cur[k] = c
                elif k in last and k not in ("task", "seq"):
                    cur[k] = last[k]  # merged cell: fill down
            last = dict(cur)
            self._last_fill = last
            cand = Cand(task_cell, None, None, Roles(), inherits=False)
            prev, prev_cells = cand, cur
            self._finish_row(cand, cur)
            if cand.roles or cand.leaders:
                self.add(cand, None)
            else:
                prev = None
        return (cols, ncols) if cols is not None else None

    def _finish_row(self, cand: Cand, cur: dict[str, Text]) -> None:
        cand.text = cur.get("task", cand.text)
        if "context" in cur and strip_ws(cur["context"].text):
            cand.context = strip_ws(cur["context"].text)
        roles = Roles()
        for key, role in (("lead", LEAD), ("resp", RESP), ("supp", SUPP)):
            if key in cur:
                units = _cell_units(cur[key], self.known)
                if units:
                    roles.add(role, units, cur[key])
        cand.roles.items[:] = roles.items
        cand.leaders = []
        for key in sorted((k for k in cur if k.split("#")[0] == "leader"), key=lambda k: (len(k), k)):
            cell = cur[key]
            for m in re.finditer(r"[^、，,；;]+", cell.text):
                part = cell[m.start(): m.end()].strip()
                pieces = [x for x in re.finditer(r"\S+", part.text)]
                if len(pieces) > 1 and all(len(x.group(0)) >= 2 for x in pieces):
                    cand.leaders.extend((part[x.start(): x.end()], cell) for x in pieces)
                elif strip_ws(part.text):
                    cand.leaders.append((part, cell))
        if "deadline" in cur and re.search(r"\d|[一二三四五六七八九十]月|年底|年末|底前|前$", strip_ws(cur["deadline"].text)):
            # a 完成时限 cell is a deadline when it names a date; "长期坚持" / "持续推进" are none
            cand.deadline = strip_ws(cur["deadline"].text)
            cand.deadline_text = cur["deadline"]
        else:
            cand.deadline = None

    def free_row(self, row: Seg, group_task: Cand | None) -> Cand | bool:
        """Rows without a recognised header: ``A⇥负责…`` and ``X组⇥牵头单位⇥A⇥职责``."""
        cells = [c for c in (row.cells or []) if strip_ws(c.text)]
        for idx, c in enumerate(cells):
            lab = re.fullmatch(r"\s*(牵头单位|组长单位|牵头部门|成员单位|配合单位|责任单位)\s*", c.text)
            if lab and idx + 1 < len(cells):
                role = LEAD if lab.group(1) in ("牵头单位", "组长单位", "牵头部门") else (
                    SUPP if lab.group(1) in ("成员单位", "配合单位") else RESP)
                duty = cells[idx + 2] if idx + 2 < len(cells) else None
                units = (_units(cells[idx + 1], self.known, strict=True) if role == LEAD
                         else _cell_units(cells[idx + 1], self.known))
                if role == LEAD and duty is not None and units:
                    roles = Roles()
                    roles.add(role, units, cells[idx + 1])
                    cand = Cand(duty, None, None, roles, inherits=False)
                    self._deadline(cand)
                    self.add(cand, None)
                    return cand
                if role == SUPP and group_task is not None and (duty is None or len(strip_ws(duty.text)) < 4):
                    if units and not _unitish(cells[idx + 1], set()) and re.search(r"确定|根据", cells[idx + 1].text):
                        return True
                    if units:
                        group_task.roles.add(SUPP, units, cells[idx + 1])
                        for u in units:
                            self._learn(u)
                    return True
                return False
        # unit ⇥ duty
        for idx in range(len(cells) - 1):
            u, d = cells[idx], cells[idx + 1]
            if idx + 2 < len(cells):
                continue  # the duty must be the last cell
            us = _units(u, self.known, strict=True)
            if not us or len(strip_ws(d.text)) < 6 or _unitish(d, self.known):
                continue
            if not re.match(r"^\s*(负责|组织|指导|协调|配合|参与|做好|根据|承担|按照|督导|督促|在|提供|加强|开展)", d.text):
                continue
            roles = Roles()
            roles.add(RESP, us, u)
            cand = Cand(d, None, None, roles, inherits=False)
            self._deadline(cand)
            self.add(cand, None)
            return True
        return False

    # -- deadlines --------------------------------------------------------
    def _deadline(self, cand: Cand) -> None:
        printed, _iso_date = find_deadline(cand.text.text, self.year)
        cand.deadline = printed

    # -- tables the row reader did not take, read by the table engine ---------
    def engine_tables(self) -> None:
        """Task tables in layouts the row reader does not know (one cell per line,
        ``|``-bordered cells, single spaces): read as a token stream by
        :mod:`kg.tables`; a table whose rows already gave tasks is left alone."""
        from kg.layout import content_lines
        from kg.tables import DEADLINE, LEAD, LEADER, RESP, SUPP, TASK, find_tables, table_kind

        taken = {c.text.first_line for c in self.cands}
        for table in find_tables(content_lines(self.doc)):
            if table_kind(table.columns) != "tasks" or not table.rows:
                continue
            lines = {r.line for r in table.rows}
            if any(first is not None and min(lines) <= first <= max(lines) for first in taken):
                continue
            key = {LEAD: "lead", RESP: "resp", SUPP: "supp", LEADER: "leader", DEADLINE: "deadline", TASK: "task"}
            for row in table.rows:
                cur = {key[table.columns[ci].kind]: cell for ci, cell in row.cells.items()
                       if table.columns[ci].kind in key}
                if "task" not in cur:
                    continue
                cand = Cand(cur["task"], None, None, Roles(), inherits=False)
                self._finish_row(cand, cur)
                if cand.roles or cand.leaders:
                    self.add(cand, None)

    # -- output ---------------------------------------------------------------
    def emit(self) -> GraphBatch:
        batch = GraphBatch()
        doc = self.doc
        doc_ref = NodeRef(L.DOCUMENT, doc.key)
        refs: list[NodeRef] = []
        for cand in self.cands:
            text = cand.text.strip(" \t")
            flat = strip_ws(text.text)
            line = cand.line or text.first_line or 0
            key = task_key(doc.key, line, flat)
            dl_date = None
            if cand.deadline:
                dl_date = find_deadline(cand.deadline, self.year)[1]
                if dl_date is None and not re.search(r"\d", cand.deadline):
                    dl_date = None
            ref = batch.add_node(
                L.TASK, key,
                name=flat[:40], text=flat, outline=cand.outline, deadline=cand.deadline,
                deadline_date=dl_date, doc_number=doc.doc_number, line=line, file=doc.source.path,
                context=cand.context,
            )
            refs.append(ref)
        for cand, ref in zip(self.cands, refs, strict=True):
            parent = refs[cand.parent] if cand.parent is not None else doc_ref
            prov = self.info.provenance(doc, cand.text, 0, min(len(cand.text), 80))
            batch.add_edge(R.HAS_TASK, parent, ref, prov)
            items = list(cand.roles.items)
            if cand.inherits and self.inherit is not None:
                have = {strip_ws(a.unit.text) for a in items}
                n = sum(1 for a in items if a.role == RESP)
                for a in self.inherit.items:
                    if strip_ws(a.unit.text) not in have:
                        n += 1
                        items.append(Assign(RESP, a.unit, n, a.evidence))
            for a in items:
                name = strip_ws(a.unit.text)
                if not name:
                    continue
                ag = batch.add_node(L.AGENCY, agency_key(self.ctx.city, name), name=name, city=self.ctx.city,
                                    aliases=[name])
                self._learn(a.unit)
                ev = _evidence_for(a, cand.text)
                prov = self.info.provenance(doc, ev)
                batch.add_edge(_EDGE[a.role], ag, ref, prov, as_printed=name, ordinal=a.ordinal)
            for n, (who, ev) in enumerate(cand.leaders, 1):
                name = strip_ws(who.text)
                if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name) and not re.search(r"[长任记员理]$", name):
                    src = batch.add_node(L.PERSON, person_key(self.ctx.city, name), name=name, city=self.ctx.city)
                    self.ctx.known_people.add(name)
                else:
                    src = batch.add_node(L.POST, post_key(self.ctx.city, name), name=name, city=self.ctx.city)
                lev = _evidence_for(Assign(RESP, who, n, ev), cand.text)
                batch.add_edge(R.RESPONSIBLE_FOR, src, ref, self.info.provenance(doc, lev), as_printed=name, ordinal=n)
        return batch


def roles_inherit_only(inner: Text) -> bool:
    return bool(_INHERIT_RE.search(inner.text))


def _drop_alias(t: Text) -> Text:
    """``市深化…办公室（以下简称“营商办”）`` -> the name before the alias note."""
    m = re.search(r"[（(](?:以下简称|下称|简称)[^）)]*[）)]?", t.text)
    if not m:
        return t
    rest = t[m.end():]
    # "A（以下简称B）及C…": what follows the alias is still part of the span
    return Text.join([t[: m.start()], rest]) if strip_ws(rest.text) else t[: m.start()]


def _unitish_tail(s: str) -> bool:
    s = strip_ws(s)
    return bool(s) and (s[-1] in "局委办厅心府司团队部院会行所站门位构关处室科段社馆校台联协署组）)" or s.endswith("财政"))


_EVIDENCE_SPAN = 240  # longest stretch of source quoted whole as evidence
_TASK_HEAD = 40  # characters of the task quoted when the stretch is longer


def _evidence_for(a: Assign, task: Text) -> Text:
    """Evidence that names both the agency and the task.

    The agency's own evidence (its bracket, cell, label or sentence) is widened to
    the unit if it does not contain it; when it does not contain the start of the
    task either, the evidence becomes the source from the task to the agency (or
    back) if that stretch is short, else the task's head and the agency's evidence
    joined by `` … `` in source order (offsets kept, so the span covers both).
    """
    ev = a.evidence
    if strip_ws(a.unit.text) not in strip_ws(ev.text):
        ev = a.unit
    head = task.strip(" \t")[:_TASK_HEAD]
    if not strip_ws(head.text) or strip_ws(head.text)[:20] in strip_ws(ev.text):
        return ev
    src = ev.source
    offs = [o for o in (*head.offsets, *ev.offsets) if o >= 0]
    if src is not None and offs and head.source is src:
        a0, b0 = min(offs), max(offs) + 1
        stretch = src.text[a0:b0]
        if b0 - a0 <= _EVIDENCE_SPAN and strip_ws(a.unit.text) in strip_ws(stretch) \
                and strip_ws(head.text)[:20] in strip_ws(stretch):
            return Text(stretch, list(range(a0, b0)), src)
    first, second = (head, ev) if (head.source_offset(0) or 0) <= (ev.source_offset(0) or 0) else (ev, head)
    return Text.join([first, second], sep=" … ")


def _specific(u: Text, known: set[str], city: str | None) -> bool:
    s = strip_ws(u.text)
    if s in known:
        return True
    if re.match(r"^[市县区省]|^各(?:县|区|市|级)", s):
        return True
    if len(s) >= 4 and re.search(r"(?:部门|机构|机关)$", s):
        return True
    stem = (city or "")[:2]
    return bool(stem) and s.startswith(stem)


def _sentence_spans(s: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``s`` (closed by 。；！？ outside brackets), stripped."""
    top = _depth0(s)
    raw: list[tuple[int, int]] = []
    pos = 0
    for i, ch in enumerate(s):
        if ch in "。；;！!？?" and top[i]:
            raw.append((pos, i + 1))
            pos = i + 1
    if s[pos:].strip():
        raw.append((pos, len(s)))
    out: list[tuple[int, int]] = []
    for a, b in raw:
        while a < b and s[a] in " \t\u3000":
            a += 1
        while b > a and s[b - 1] in " \t\u3000":
            b -= 1
        if a < b:
            out.append((a, b))
    return out


_ANAPHOR_RE = re.compile(r"^(?:该项|此项|上述|以上|这项|该)(?:工作|任务|措施|事项)")
_BY_CLAUSE_RE = re.compile(r"由(?P<u>[^，,。；;由]{2,40}?)(?:具体|统一)?(?:负责|牵头)")


def _clause_spans(s: str, known: set[str]) -> list[tuple[int, int]]:
    """One sentence, or its clauses when it gives two ``由X负责`` clauses to
    different units (``用地由A负责保障，用电由B负责接入。``): each clause is then a
    statement of its own, running to the comma before the next one."""
    top = _depth0(s)
    commas = [i for i, ch in enumerate(s) if ch in "，," and top[i]]
    bounds = [0, *(c + 1 for c in commas)]
    ends = [*commas, len(s)]
    marked: list[tuple[int, str]] = []
    for k, (a, b) in enumerate(zip(bounds, ends, strict=True)):
        m = _BY_CLAUSE_RE.search(s, a, b)
        if m and (is_unit_name(strip_ws(m.group("u"))) or strip_ws(m.group("u")) in known):
            marked.append((k, strip_ws(m.group("u"))))
    if len(marked) < 2 or len({u for _k, u in marked}) < 2:
        return [(0, len(s))]
    out: list[tuple[int, int]] = []
    for n, (k, _u) in enumerate(marked):
        a = 0 if n == 0 else bounds[k]
        b = ends[marked[n + 1][0] - 1] if n + 1 < len(marked) else len(s)
        out.append((a, b))
    return out


def _sentences(t: Text) -> list[Text]:
    s = t.text
    top = _depth0(s)
    out: list[Text] = []
    pos = 0
    for i, ch in enumerate(s):
        if ch in "。；;！!？?" and top[i]:
            out.append(t[pos: i + 1])
            pos = i + 1
    if s[pos:].strip():
        out.append(t[pos:])
    return [x for x in (o.strip() for o in out) if x.text]


_HEADER_KEYS: list[tuple[str, str]] = [
    (r"^序号$|^编号$", "seq"),
    (r"^原|^工作组$|^组别$|^小组名?称?$", "ignore"),
    (r"牵头(?:责任)?单位|牵头(?:责任)?部门|牵头$|组长单位", "lead"),
    (r"配合单位|配合部门|协办单位|参与单位|成员单位|^成员$", "supp"),
    (r"责任单位|责任部门|下放后.*部门|实施单位|实施部门|承办单位|承接部门|落实单位|责任主体", "resp"),
    (r"责任领导|牵头领导|分管领导|包联领导|市级领导|责任人", "leader"),
    (r"完成时限|完成时间|时间节点|时限|时间要求|完成期限", "deadline"),
    (r"工作任务|主要内容|重点任务|任务内容|工作内容|具体任务|具体措施|工作措施|主要任务|任务$|事项名称|改革事项|工作事项|^职责$|主要职责|工作职责", "task"),
]


# A long header cell naming the tasks of one level: "某某省2020年重点工作任务" beside
# "某州市2020年重点工作任务" (the province's task and the city's).
_LONG_TASK_HEADER = re.compile(r"(?:重点)?(?:工作)?任务$|(?:工作|任务)内容$|(?:具体|工作)措施$|工作目标$")
_LEVEL_IN_HEADER = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,10}?(?:省|自治区|市|州|盟|县|区|旗))")
# the level of a task column's header, from the most local to the widest
_LEVEL_RANK = {"区": 0, "县": 0, "旗": 0, "市": 1, "州": 1, "盟": 1, "省": 2, "区域": 2}


def _header(cells: list[Text]) -> dict[str, int] | None:
    """Column keys of a header row. Several 责任领导/分管领导/责任人 columns are kept as
    ``leader``, ``leader#2`` …; of several task columns the most local level's is the
    task (the issuing body's own), the others are ``context``."""
    cols: dict[str, int] = {}
    hits = 0
    tasks: list[tuple[int, int]] = []  # (rank, column)
    for i, c in enumerate(cells):
        s = strip_ws(c.text)
        if not s:
            continue
        if len(s) > 12:
            if len(s) <= TASK_HEADER_MAX_CHARS and _LONG_TASK_HEADER.search(s):
                m = _LEVEL_IN_HEADER.match(s)
                tasks.append((_LEVEL_RANK.get(m.group("place")[-1], 1) if m else 1, i))
                hits += 1
            continue
        for rx, key in _HEADER_KEYS:
            if re.search(rx, s):
                hits += 1
                if key == "task":
                    tasks.append((1, i))
                elif key == "leader":
                    n = sum(1 for k in cols if k.split("#")[0] == "leader")
                    cols["leader" if n == 0 else f"leader#{n + 1}"] = i
                elif key not in cols and key != "ignore":
                    cols[key] = i
                break
    if tasks:
        # the most local level; at equal level the first printed
        _, col = min(tasks, key=lambda t: (t[0], t[1]))
        cols["task"] = col
        others = [c for _, c in tasks if c != col]
        if others:
            cols["context"] = others[0]
    if "task" in cols and any(k in cols for k in ("lead", "resp", "supp", "leader")) and hits >= 2:
        return cols
    if hits >= 3 and any(k in cols for k in ("lead", "resp", "supp")):
        return cols if "task" in cols else None
    return None


_DEADLINE_CELL_RE = re.compile(r"\d{4}年|\d+月|年底|前$|长期|持续|常态|立即|完成$")


def _align_spaced(cells: list[Text], cols: dict[str, int], ncols: int) -> list[Text]:
    """Place the cells of a space-separated row into the header's columns.

    Empty cells leave no trace in such a row, so cells are placed by what they
    look like, whatever the column order: a person's name printed with a space
    (``王 明``) is one cell; a number at the 序号 end of the row goes to 序号 and a
    date-like cell at the 完成时限 end to 完成时限 (either end); of the remaining
    columns, those before the task column take one cell each from the left, those
    after it one cell each from the right, and the task takes what is left (cells
    beyond the column count are spaces inside the task text). When cells are
    missing, the missing one is taken to be a merged cell of the leftmost agency
    column (typically 牵头单位), to be filled down.
    """
    out = [Text.plain("") for _ in range(ncols)]
    rest = _join_split_names(list(cells))
    order = sorted(cols.items(), key=lambda kv: kv[1])
    order = [(k, i) for k, i in order if i < ncols]
    # peel 序号 / 完成时限 from either end of the row
    for _ in range(2):
        if order and rest:
            k, i = order[0]
            if (k == "seq" and re.fullmatch(r"\d+", strip_ws(rest[0].text))) or (
                    k == "deadline" and len(rest) > 1 and _DEADLINE_CELL_RE.search(rest[0].text)):
                out[i] = rest.pop(0)
                order.pop(0)
        if order and rest:
            k, i = order[-1]
            if (k == "deadline" and len(rest) > 1 and _DEADLINE_CELL_RE.search(rest[-1].text)) or (
                    k == "seq" and re.fullmatch(r"\d+", strip_ws(rest[-1].text))):
                out[i] = rest.pop()
                order.pop()
    order = [(k, i) for k, i in order if k not in ("seq", "deadline", "ignore")]
    keys = [k for k, _i in order]
    if "task" not in keys:
        for (_k, i), cell in zip(order, rest, strict=False):
            out[i] = cell
        return out
    t = keys.index("task")
    before, after = order[:t], order[t + 1:]
    if len(rest) >= len(order):
        for (_k, i), cell in zip(before, rest, strict=False):
            out[i] = cell
        rest = rest[len(before):]
        n_after = len(after)
        tail = rest[len(rest) - n_after:] if n_after else []
        for (_k, i), cell in zip(after, tail, strict=True):
            out[i] = cell
        out[order[t][1]] = Text.join(rest[: len(rest) - n_after], sep=" ")
        return out
    # cells missing: the task is the first remaining cell when no agency column precedes it
    agency = [(k, i) for k, i in order if k != "task"]
    if before:
        # place from the right; the leftmost agency columns are the merged (missing) ones
        placed = order[len(order) - len(rest):]
        for (_k, i), cell in zip(placed, rest, strict=True):
            out[i] = cell
        return out
    out[order[t][1]] = rest[0]
    rest = rest[1:]
    for (_k, i), cell in zip(agency[len(agency) - len(rest):], rest, strict=False):
        out[i] = cell
    return out


def _join_split_names(cells: list[Text]) -> list[Text]:
    """``王 明`` printed with a space: two single-character cells are one name."""
    out: list[Text] = []
    k = 0
    while k < len(cells):
        c = cells[k]
        if (k + 1 < len(cells) and len(strip_ws(c.text)) == 1 and len(strip_ws(cells[k + 1].text)) in (1, 2)
                and re.fullmatch(r"[\u4e00-\u9fff]", strip_ws(c.text))
                and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", strip_ws(cells[k + 1].text))):
            out.append(Text.join([c, cells[k + 1]], sep=" "))
            k += 2
            continue
        out.append(c)
        k += 1
    return out


def _getter(cells: list[Text], cols: dict[str, int], ncols: int) -> Callable[[str], Text | None]:
    """Cell accessor tolerant to rows that lost their leading (empty) cell."""
    shift = 0
    if (len(cells) < ncols and cells and strip_ws(cells[0].text) and "seq" in cols and cols["seq"] == 0
            and not re.fullmatch(r"\d+", strip_ws(cells[0].text))):
        shift = ncols - len(cells)

    def get(key: str) -> Text | None:
        if key not in cols:
            return None
        i = cols[key] - shift
        if 0 <= i < len(cells):
            if key == "seq":
                s = strip_ws(cells[i].text)
                return cells[i] if re.fullmatch(r"\d+|[一二三四五六七八九十]+", s) else None
            return cells[i]
        return None

    return get


def _doc_year(doc: Document, ctx: ExtractContext) -> int | None:
    if doc.date and re.match(r"\d{4}", doc.date):
        return int(doc.date[:4])
    if doc.doc_number:
        m = re.search(r"[〔\[(（](\d{4})", doc.doc_number)
        if m:
            return int(m.group(1))
    return ctx.gazette.year


@register("tasks", version=VERSION, assigns=("Task", "HAS_TASK", "LEADS", "RESPONSIBLE_FOR", "SUPPORTS"))
def extract_tasks(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info: ExtractorInfo = extract_tasks.info
    d = _Doc(doc, ctx, info)
    d.run()
    d.engine_tables()
    return d.emit()


__all__ = ["VERSION", "extract_tasks", "find_deadline", "parse_roles"]
