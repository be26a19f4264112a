"""The table engine: flattened tables read by structure and by content.

A table extracted from a PDF or a web page reaches us flattened: cells separated
by tabs, by runs of spaces, by single spaces, or printed one cell per line;
header cells cut mid-word (``序`` / ``号``), a parent header over ``姓名 职务``
sub-columns, the header repeated after a page break, a cell's last line fused
with the next row's number (``副局长4``), row numbers detached from two-line
cells, merged cells printed once at the top of their span.

Every one of those flattenings keeps the **reading order** of the cells. So the
engine reads a table as a stream of *tokens* (:func:`tokens`), whatever separated
them, and rebuilds it from structure alone:

1. **header** — the tokens before the first row number, joined and cut into
   column headers by their words (:data:`HEADER_WORDS`): cut words rejoin, and a
   parent header (``市政府挂牌煤矿领导``) gives its level to the ``姓名``/``职务``
   pair under it;
2. **rows** — anchored on the sequence numbers, which must run 1, 2, 3 …: a
   number fused to the end or the start of a cell is cut off it, a cell printed
   before its row's number (a two-line cell centred on it) moves down, and a
   repeat of the header is dropped;
3. **cells** — a row's tokens are assigned to the columns by what they contain
   (:func:`fits`: person name, post, district, gas level, mine or enterprise,
   agency, date or deadline), joining tokens that make one cell (a two-line
   mine name, ``市应急管理局 副局长``); a column with no token is a merged cell,
   filled down by the reader; a row that reads more than one way is ``unsure``
   with the reason.

Every cell keeps its :class:`~kg.model.Text`, so its line and character span.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import Text
from kg.names import is_name, is_post
from kg.normalize import strip_ws
from kg.thresholds import TABLE_CONTENT_SHARE, TABLE_MAX_CELL_TOKENS, TABLE_MAX_TASK_TOKENS, TABLE_MIN_ROWS

# ---------------------------------------------------------------- column kinds
SEQ, MINE, DISTRICT, GAS, PNAME, POST, REMARK, OTHER = (
    "seq", "mine", "district", "gas", "name", "post", "remark", "other",
)
# columns of a task table (任务分解表, 责任清单)
TASK, LEAD, RESP, SUPP, LEADER, DEADLINE = "task", "lead", "resp", "supp", "leader", "deadline"
GROUP = "group"  # a parent header over a 姓名/职务 pair; gives them its level

_LEVEL_CHARS = r"(?:(?!瓦斯|等级|名称|区域|序号|姓名|职务|备注)[\u4e00-\u9fff])"
# Header words, in the order they are tried at each position of the joined header.
HEADER_WORDS: tuple[tuple[str, str], ...] = (
    (SEQ, r"序号|编号|序"),
    (MINE, r"(?:煤矿|矿井|企业|单位)名称|矿名|名称"),
    (DISTRICT, r"所在(?:行政)?区域|行政区域|所在地|所在县(?:[（(]市、区[）)])?|县[（(]市、区[）)]|县区|属地"),
    (GAS, r"(?:矿井)?瓦斯等级|瓦斯|矿井类型"),
    (PNAME, r"姓名"),
    (POST, r"职务|职位"),
    (REMARK, r"备注"),
    (LEAD, r"牵头(?:责任)?(?:单位|部门)"),
    (SUPP, r"配合(?:单位|部门)|协办单位|参与单位|协助单位"),
    (RESP, r"责任(?:单位|部门)|实施(?:单位|部门)|承办单位|落实单位"),
    (LEADER, r"责任领导|分管领导|牵头领导|包联领导|联系领导|责任人"),
    (DEADLINE, r"完成时限|完成时间|时间节点|时限要求|时限|完成期限"),
    (TASK, r"(?:重点)?工作任务|重点工作|(?:工作|任务)内容|(?:具体|主要|重点)任务|(?:具体|工作)措施|目标任务|任务"),
    # tried last at each position, so the words above are never swallowed into a level
    # (a level never spans another header's words: "矿井瓦斯等级市政府挂牌煤矿领导" is two columns)
    (GROUP, rf"(?P<level>{_LEVEL_CHARS}{{2,14}}?)(?:挂牌|包保|包联|联系)(?:煤矿|矿井)?(?:责任人|领导|负责人)"
            rf"|(?P<level2>{_LEVEL_CHARS}{{2,14}}?)(?:煤矿)?(?:挂牌)?(?:责任人|包保领导)"),
)
_HEADER_RE = re.compile("|".join(f"(?P<k{i}>{pat})" for i, (_, pat) in enumerate(HEADER_WORDS)))
# a token made only of header words (a header repeated after a page break)
_HEADER_ONLY_RE = re.compile(rf"(?:{_HEADER_RE.pattern})+")

_SEP = re.compile(r"\t|[ \u3000]{2,}|\u3000")
_INT = re.compile(r"[0-9０-９]{1,4}")
_FUSED_END = re.compile(r"(?P<head>.*[^0-9０-９\s])(?P<num>[0-9０-９]{1,3})")
_FUSED_START = re.compile(r"(?P<num>[0-9０-９]{1,3})(?P<tail>[^0-9０-９.．、)）%％].*)")
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{1,10}(?:区|县|市|旗|矿区|特区)")
_MINE = re.compile(r"煤矿|煤业|矿业|公司|矿井|露天矿|[^区县市]矿$|井$")
_GAS = re.compile(r"瓦斯|突出|煤与")


@dataclass
class Column:
    kind: str
    level: str | None = None  # supervising level of a 姓名/职务 column
    header: str = ""
    combined: bool = False  # one cell holds the name with its post: ``周某（副市长）``


@dataclass
class Row:
    seq: int | None
    text: Text  # the row's tokens joined (its printed text)
    line: int
    cells: dict[int, Text] = field(default_factory=dict)  # column index -> printed cell
    unsure: str | None = None  # why the column assignment of the cells is uncertain


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    header_line: int
    district: str | None = None
    seams: list[int] = field(default_factory=list)  # lines of header rows repeated at a page break


@dataclass
class Cell:
    """A cell after filling: the printed (or filled) text and the row it was printed in."""

    text: Text | None
    row: Row | None
    filled: bool


def fill(table: Table) -> list[dict[int, Cell]]:
    """Merged cells filled down: a column with no cell in a row takes the last one
    printed above it (sequence numbers and mine names are never filled)."""
    last: dict[int, tuple[Text, Row]] = {}
    out: list[dict[int, Cell]] = []
    for row in table.rows:
        got: dict[int, Cell] = {}
        for ci, col in enumerate(table.columns):
            printed = row.cells.get(ci)
            if col.kind in (SEQ, MINE):
                got[ci] = Cell(printed, row if printed is not None else None, False)
            elif printed is not None:
                last[ci] = (printed, row)
                got[ci] = Cell(printed, row, False)
            elif ci in last:
                got[ci] = Cell(last[ci][0], last[ci][1], True)
            else:
                got[ci] = Cell(None, None, False)
        out.append(got)
    return out


# ---------------------------------------------------------------- cells of one line
#
# Every reader splits a flattened row with these; none splits rows itself.


def tab_cells(t: Text) -> list[Text]:
    """The tab-separated cells of a row, stripped, offsets kept (empty cells kept: a
    merged cell prints nothing)."""
    out: list[Text] = []
    pos = 0
    for part in t.text.split("\t"):
        out.append(t[pos : pos + len(part)].strip())
        pos += len(part) + 1
    return out


def strong_cells(t: Text) -> list[Text]:
    """The non-empty cells of a row separated by tabs, runs of spaces or an ideographic space."""
    out: list[Text] = []
    pos = 0
    for m in _SEP.finditer(t.text):
        out.append(t[pos : m.start()].strip())
        pos = m.end()
    out.append(t[pos:].strip())
    return [c for c in out if c.text]


def words(t: Text) -> list[Text]:
    """Whitespace-separated words (a row flattened with single spaces)."""
    return [t[m.start() : m.end()] for m in re.finditer(r"\S+", t.text)]


def split_cells(t: Text) -> list[Text] | None:
    """Cells of a flattened table row, or None when the line is not one.

    Tabs always separate cells (empty cells are kept: merged cells); runs of two
    or more spaces separate cells when they give at least two non-empty cells.
    """
    s = t.text.rstrip("\n")
    if not s.strip():
        return None
    if "\t" in s.strip(" \u3000"):
        parts = tab_cells(t)
        nonempty = [p for p in parts if p.text.strip()]
        if len(nonempty) >= 2 or (len(nonempty) == 1 and parts and not parts[0].text.strip()):
            return [p.strip() for p in parts]
        return None
    if re.search(r"[ \u3000]{2,}", s.strip()):
        st = t.strip()
        parts, pos = [], 0
        for m in re.finditer(r"[ \u3000]{2,}", st.text):
            parts.append(st[pos : m.start()])
            pos = m.end()
        parts.append(st[pos:])
        if sum(1 for p in parts if p.text.strip()) >= 2:
            return [p.strip() for p in parts]
    return None


# ---------------------------------------------------------------- tokens


def _fold(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in s)


def tokens(lines: Sequence[Text]) -> list[Text]:
    """The cells of ``lines`` in reading order, whatever separated them: tabs, runs
    of spaces, single spaces or line ends. A two-character name spaced out with one
    space (``张 韬``) stays one token."""
    out: list[Text] = []
    for line in lines:
        pos = 0
        parts: list[Text] = []
        for m in _SEP.finditer(line.text):
            parts.append(line[pos : m.start()])
            pos = m.end()
        parts.append(line[pos:])
        for p in parts:
            words = [p[m.start() : m.end()] for m in re.finditer(r"[^\s|｜]+", p.text)]
            k = 0
            while k < len(words):
                w = words[k]
                # "张 韬": one-character pieces belong together
                if len(w.text) == 1 and k + 1 < len(words) and len(words[k + 1].text) == 1 \
                        and not _INT.fullmatch(w.text) and not _INT.fullmatch(words[k + 1].text):
                    w = Text.join([w, words[k + 1]])
                    k += 1
                out.append(w)
                k += 1
    return [t for t in out if t.text.strip()]


# ---------------------------------------------------------------- header


def parse_header(text: str, cuts: Sequence[int] = ()) -> list[Column]:
    """Columns of a joined header text (``序号煤矿名称所在行政区域瓦斯等级市政府挂牌
    煤矿领导市应急局挂牌煤矿领导姓名职务姓名职务``). Text between known words is a
    column of unknown meaning; groups pass their level to the 姓名/职务 pairs that follow."""
    h = strip_ws(text)
    cols: list[Column] = []
    pos = 0

    def unknown(a: int, b: int) -> None:
        # text of no known word: one column per printed cell (``cuts``: where cells began)
        edges = [a, *[c for c in cuts if a < c < b], b]
        for x, y in itertools.pairwise(edges):
            cols.append(Column(OTHER, header=h[x:y]))

    for m in _HEADER_RE.finditer(h):
        if m.start() > pos:
            unknown(pos, m.start())
        kind = next(HEADER_WORDS[i][0] for i in range(len(HEADER_WORDS)) if m.group(f"k{i}") is not None)
        level = None
        if kind == GROUP:
            level = normalise_level(m.group("level") or m.group("level2") or "")
        cols.append(Column(kind, level, header=m.group(0)))
        pos = m.end()
    if pos < len(h):
        unknown(pos, len(h))
    return _distribute_groups(cols)


def normalise_level(s: str) -> str:
    """A level as the schema spells it: 市人民政府 -> 市政府, 市应急局 -> 市应急管理局; an
    unknown header word glued before it (``监管类别市政府``) is cut at the body's first
    character."""
    if len(s) > 6:
        starts = [m.start() for m in re.finditer(r"[市县区省州旗]", s)]
        good = [k for k in starts if re.fullmatch(r"[市县区省州旗][\u4e00-\u9fff]{0,10}?"
                                                  r"(?:人民政府|政府|局|委员会|委|办公室|办|中心)", s[k:])]
        if good:
            s = s[good[0] :]
    s = re.sub(r"人民政府$", "政府", s)
    return re.sub(r"应急局$", "应急管理局", s)


def _distribute_groups(cols: list[Column]) -> list[Column]:
    """Parent headers printed before their sub-columns: the k-th 姓名/职务 pair gets the
    k-th group's level and takes the group's place."""
    groups = [c for c in cols if c.kind == GROUP]
    if not groups:
        return cols
    subs = [c for c in cols if c.kind in (PNAME, POST)]
    pairs: list[list[Column]] = []
    for c in subs:
        if c.kind == PNAME or not pairs or any(x.kind == POST for x in pairs[-1]):
            pairs.append([c])
        else:
            pairs[-1].append(c)
    out: list[Column] = []
    if len(pairs) == len(groups):
        gi = 0
        for c in cols:
            if c.kind == GROUP:
                for sub in pairs[gi]:
                    out.append(Column(sub.kind, c.level, header=c.header + sub.header))
                gi += 1
            elif c.kind not in (PNAME, POST):
                out.append(c)
        return out
    # groups with no sub-columns: one cell per group holds the name (and post)
    for c in cols:
        if c.kind == GROUP:
            out.append(Column(PNAME, c.level, header=c.header, combined=True))
        elif c.kind not in (PNAME, POST):
            out.append(c)
    return out


# ---------------------------------------------------------------- cell content


def fits(kind: str, s: str) -> int:
    """How well the text ``s`` fits a column of ``kind`` (negative: it does not)."""
    if not s:
        return -1
    if kind == SEQ:
        return 5 if _INT.fullmatch(s) else -9
    if kind == MINE:
        return 5 if len(s) >= 4 and _MINE.search(s) else -9
    if kind == DISTRICT:
        return 4 if _DISTRICT.fullmatch(s) and len(s) <= 10 and not _MINE.search(s) else -9
    if kind == GAS:
        return 5 if _GAS.search(s) else -9
    if kind == PNAME:
        return 3 if is_name(s) else -9
    if kind == POST:
        return 3 if is_post(s) and not _MINE.search(s) and not _GAS.search(s) else -9
    if kind == REMARK:
        return 0
    if kind == TASK:
        return 4 if len(s) >= 8 and not _units_only(s) else -9
    if kind in (LEAD, RESP, SUPP):
        return 4 if _units_only(s) else -9
    if kind == LEADER:
        return 3 if all(is_name(x) for x in _ITEM_SEP.split(s) if x) else -9
    if kind == DEADLINE:
        return 4 if len(s) <= 24 and _DEADLINE.search(s) else -9
    return 1 if not _INT.fullmatch(s) else -9


_ITEM_SEP = re.compile(r"[、，,；;]")
_DEADLINE = re.compile(r"\d{4}年|\d{1,2}月|年底|年末|底前|月前|全年|长期|持续|常态|季度|立即|每年|每月")


def _units_only(s: str) -> bool:
    """A cell that lists units and nothing else (市发改委、市财政局)."""
    from kg.names import looks_like_unit

    items = [x for x in _ITEM_SEP.split(s) if x]
    return bool(items) and all(looks_like_unit(x) or x.startswith("各") for x in items)


def affinity(post: str, level: str | None) -> int:
    """How well a post fits a level's column: 副市长 under 市政府, 市应急管理局副局长 under
    市应急管理局 (the body a post names settles which group a lone leader belongs to)."""
    if not level:
        return 0
    if level.endswith("政府"):
        return 2 if re.search(r"(?:市长|县长|区长|旗长|州长|省长)$", post) else 0
    core = re.sub(r"^[市县区省州旗]", "", level)
    stem = re.sub(r"(?:管理)?(?:局|委员会|委|办公室|办)$", "", core)
    if core and core in post:
        return 2
    return 1 if len(stem) >= 2 and stem[:2] in post else 0


def _post_part(s: str) -> bool:
    """The first line of a post cut by a wrap (``市应急管理局`` before ``副局长``)."""
    return bool(re.search(r"(?:局|委|办|政府|中心|室|部|队|党组)$", s)) or s.endswith(("党组成员", "、"))


def _assign(toks: list[Text], cols: list[Column]) -> tuple[dict[int, Text], bool]:
    """Assign a row's tokens to columns in order by content (dynamic programme over
    (token, column); a cell may take up to TABLE_MAX_CELL_TOKENS consecutive tokens).
    Returns the cells and whether the best reading was the only one."""
    n, m = len(toks), len(cols)
    Res = tuple[int, int, list[tuple[int, int, int]]]
    memo: dict[tuple[int, int, bool], Res] = {}

    def best(i: int, j: int, prev_filled: bool) -> Res:
        if (i, j, prev_filled) in memo:
            return memo[(i, j, prev_filled)]
        res: Res
        if i == n:
            res = (0, 1, [])
        elif j == m:
            res = (-100 * (n - i), 1, [])
        else:
            cands = [best(i, j + 1, False)]  # column j empty (a merged cell)
            longest = TABLE_MAX_TASK_TOKENS if cols[j].kind == TASK else TABLE_MAX_CELL_TOKENS
            for k in range(i + 1, min(n, i + longest) + 1):
                parts = [strip_ws(t.text) for t in toks[i:k]]
                s = "".join(parts)
                sc = fits(cols[j].kind, s)
                if cols[j].kind == POST and k - i > 1 and not all(_post_part(p) for p in parts[:-1]):
                    sc = -9
                if cols[j].kind == PNAME and cols[j].combined and sc < 0:
                    sc = 4 if re.search(r"[（(]", s) or (is_name(parts[0]) and len(parts) > 1) else -9
                if sc < 0:
                    continue
                if cols[j].kind == POST:
                    sc += affinity(s, cols[j].level)
                    # a post printed right after the name of its own group
                    if prev_filled and j and cols[j - 1].kind == PNAME and cols[j - 1].level == cols[j].level:
                        sc += 1
                if k - i > 1 and cols[j].kind not in (MINE, POST, OTHER, REMARK, PNAME, TASK, LEAD, RESP, SUPP):
                    continue
                if k - i > 1 and cols[j].kind == PNAME and not cols[j].combined:
                    continue
                sub = best(k, j + 1, True)
                cands.append((sub[0] + sc, sub[1], [(j, i, k), *sub[2]]))
            top = max(c[0] for c in cands)
            ways = sum(c[1] for c in cands if c[0] == top)
            res = (top, ways, next(c[2] for c in cands if c[0] == top))
        memo[(i, j, prev_filled)] = res
        return res

    score, ways, asg = best(0, 0, False)
    if score < 0:
        return {}, False
    return {j: Text.join(toks[a:b], " ") if b - a > 1 else toks[a] for j, a, b in asg}, ways == 1


# ---------------------------------------------------------------- rows


def _split_seq(tok: Text, expected: int) -> tuple[Text | None, Text | None, bool]:
    """(before, after, starts_row): cut the row number ``expected`` off a token."""
    s = _fold(tok.text.strip())
    if _INT.fullmatch(s) and int(s) == expected:
        return None, None, True
    m = _FUSED_END.fullmatch(s)
    if m and int(m.group("num")) == expected and not _INT.fullmatch(m.group("head")):
        cut = len(m.group("head"))
        return tok[:cut], None, True
    m = _FUSED_START.fullmatch(s)
    if m and int(m.group("num")) == expected:
        return None, tok[len(m.group("num")) :], True
    return None, None, False


def _is_mine_fragment(s: str) -> bool:
    return len(s) >= 2 and not _MINE.search(s) and fits(PNAME, s) < 0 and fits(POST, s) < 0 \
        and fits(DISTRICT, s) < 0 and fits(GAS, s) < 0


def _cuts(head: list[Text]) -> list[int]:
    """Offsets in the joined header text where a printed header cell began."""
    out, pos = [], 0
    for t in head:
        out.append(pos)
        pos += len(strip_ws(t.text))
    return out[1:]


def read_stream(toks: list[Text], header_line: int = 0) -> Table | None:
    """A table from its tokens in reading order (header first)."""
    first = next((k for k, t in enumerate(toks) if _fold(strip_ws(t.text)) == "1"), None)
    if first is None or first == 0:
        return None
    head = toks[:first]
    # the header starts at its 序号 cell, else at the first cell that opens with a header word
    start = next((k for k, t in enumerate(head) if re.match(HEADER_WORDS[0][1], strip_ws(t.text))), None)
    if start is None:
        start = next((k for k, t in enumerate(head) if _HEADER_RE.match(strip_ws(t.text))), None)
    if start is None:
        return None
    head = head[start:]
    head_text = "".join(strip_ws(t.text) for t in head)
    cols = parse_header(head_text, _cuts(head))
    # a first row's cell printed above its number (a two-line cell centred on it) ends
    # the header as a column of no known meaning: it belongs to row 1
    lead: list[Text] = []
    while cols and cols[-1].kind == OTHER and len(head) > 1:
        tail, k = "", len(head)
        while k > 0 and len(tail) < len(cols[-1].header):
            k -= 1
            tail = strip_ws(head[k].text) + tail
        if tail != cols[-1].header or _HEADER_RE.search(tail) or fits(MINE, tail) < 0:
            break  # a header word of no known meaning, not the first line of a long cell
        lead = head[k:] + lead
        head = head[:k]
        head_text = "".join(strip_ws(t.text) for t in head)
        cols = parse_header(head_text, _cuts(head))
    if table_kind(cols) is None and not any(c.kind == OTHER for c in cols):
        return None
    header_line = header_line or (head[0].first_line or 0)
    rows: list[tuple[int, list[Text]]] = []
    seams: list[int] = []
    expected = 1
    k = first
    while k < len(toks):
        tok = toks[k]
        s = strip_ws(tok.text)
        if _HEADER_ONLY_RE.fullmatch(s) or (s in head_text and len(s) <= 3 and not _INT.fullmatch(s)
                                             and fits(PNAME, s) < 0):
            if tok.first_line and tok.first_line not in seams:
                seams.append(tok.first_line)
            k += 1
            continue
        before, after, starts = _split_seq(tok, expected)
        if starts and (not rows or rows[-1][1] or before is not None):
            if before is not None and rows:
                rows[-1][1].append(before)
            moved: list[Text] = []
            # a two-line cell centred on the number: its first line printed before it
            if rows and rows[-1][1] and _is_mine_fragment(strip_ws(rows[-1][1][-1].text)) \
                    and any(fits(MINE, strip_ws(x.text)) > 0 for x in rows[-1][1][:-1]):
                moved.append(rows[-1][1].pop())
            if not rows:
                moved = lead
            rows.append((expected, moved + ([after] if after is not None else [])))
            expected += 1
        elif rows:
            rows[-1][1].append(tok)
        k += 1
    if len(rows) < TABLE_MIN_ROWS:
        return None
    if any(c.kind == OTHER for c in cols):
        cols = _type_by_content(cols, rows)
    if table_kind(cols) is None:
        return None
    body = [c for c in cols if c.kind != SEQ]
    seq_cols = {i for i, c in enumerate(cols) if c.kind == SEQ}
    out: list[Row] = []
    for seq, rtoks in rows:
        cells, unique = _assign(rtoks, body)
        mapped: dict[int, Text] = {}
        bi = 0
        for ci in range(len(cols)):
            if ci in seq_cols:
                continue
            if bi in cells:
                mapped[ci] = cells[bi]
            bi += 1
        text = Text.join(rtoks, " ") if rtoks else Text.plain("")
        line = text.first_line or 0
        out.append(Row(seq, text, line, mapped,
                       None if unique else "the row's cells can be read into more than one column layout"))
    return Table(cols, out, header_line, seams=seams)


_CONTENT_KINDS = (MINE, DISTRICT, GAS, PNAME, POST)


def table_kind(cols: Sequence[Column]) -> str | None:
    """What a table is for: ``"mines"`` (a mine column and leaders), ``"tasks"`` (a task
    column and units or leaders responsible), or None."""
    kinds = {c.kind for c in cols}
    if MINE in kinds and kinds & {PNAME, POST}:
        return "mines"
    if TASK in kinds and kinds & {LEAD, RESP, SUPP, LEADER}:
        return "tasks"
    return None


def _type_by_content(cols: list[Column], rows: list[tuple[int, list[Text]]]) -> list[Column]:
    """Columns whose header words are unknown take the meaning of what their cells hold:
    the rows are read once with such columns open to anything, then each takes the
    kind most of its cells fit (TABLE_CONTENT_SHARE of them), unless a known column
    already has that kind."""
    body = [c for c in cols if c.kind != SEQ]
    votes: dict[int, dict[str, int]] = {}
    filled: dict[int, int] = {}
    for _, rtoks in rows:
        cells, _unique = _assign(rtoks, body)
        for bi, cell in cells.items():
            if body[bi].kind != OTHER:
                continue
            s = strip_ws(cell.text)
            filled[bi] = filled.get(bi, 0) + 1
            best = max(_CONTENT_KINDS, key=lambda k: fits(k, s))
            if fits(best, s) > 0:
                votes.setdefault(bi, {}).setdefault(best, 0)
                votes[bi][best] += 1
    known = {c.kind for c in body if c.kind != OTHER}
    out: list[Column] = []
    bi = 0
    for c in cols:
        if c.kind == SEQ:
            out.append(c)
            continue
        v = votes.get(bi, {})
        if c.kind == OTHER and v:
            kind, n = max(v.items(), key=lambda kv: kv[1])
            if n >= TABLE_CONTENT_SHARE * filled[bi] and (kind not in known or kind in (PNAME, POST)):
                c = Column(kind, c.level, header=c.header)
        out.append(c)
        bi += 1
    return out


def find_tables(lines: Sequence[Text]) -> list[Table]:
    """Every table with a recognisable header in a run of lines, read as a token stream.

    Before a header (a 序号 cell), a line of running text (a sentence mark) ends the
    run of tokens; after it, cells may hold sentences (a task's text), so the table
    runs until a heading of the outline, an attachment line or the end."""
    from kg.layout import is_furniture_line

    toks: list[Text] = []
    out: list[Table] = []
    in_table = False
    for line in [*lines, Text.plain("。")]:
        body = line.text.strip()
        if body and is_furniture_line(line):
            continue  # a page number or running title between the rows
        sentence = (re.search(r"[。；]$|[。；].{8,}", body) and len(body) > 12) or body == "。"
        ends = body == "。" or (in_table and bool(_TABLE_END.match(body))) or (not in_table and sentence)
        if ends:
            if toks:
                t = read_stream(toks)
                if t is not None:
                    out.append(t)
            toks, in_table = [], False
            continue
        new = tokens([line])
        in_table = in_table or any(_SEQ_HEADER.fullmatch(strip_ws(t.text)) for t in new)
        toks.extend(new)
    return out


_SEQ_HEADER = re.compile(r"序号|编号|序")
# what ends a table once it has started: an outline heading, an attachment, a note line
_TABLE_END = re.compile(r"^(?:[一二三四五六七八九十]+、|附件|附表|（此件|\(此件|抄送|注[:：])")
