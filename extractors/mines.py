"""Coal-mine 挂牌 tables: which leader supervises which mine.

A 挂牌 table lists mines (序号, 矿井名称, 所在行政区域, 矿井瓦斯等级) and, for each
supervising level (市政府, 市应急管理局, 县政府 …), the leader's 姓名 and 职务.
PDF extraction flattens it:

* cells are separated by tabs (positional: an empty cell is an empty string) or
  by runs of spaces (not positional: empty cells vanish, so cells are assigned
  to columns by their content, see :func:`_align`);
* the header rows repeat at every page break, and a header cell may be split
  over two rows (``市政府挂牌煤矿领导`` over ``姓名 / 职务``);
* a merged cell keeps its value in the first row of its span and leaves the rows
  below empty, so each column is filled down until the next printed value;
* a physical row may be hard-wrapped over several lines.

Rules for the confidence of a filled-down assignment (no row is special-cased):

* a 职务 printed with an empty 姓名 beside it -> the name is filled down but the
  fact is ``ambiguous`` (the 职务 cell shows the row has a seat of its own; the
  name may be missing from the source);
* a run of rows that starts a new value in a grouping column (行政区域 or 瓦斯等级)
  and prints no leader cell at all in any level -> every leader of those rows is
  filled across a visible group boundary -> ``ambiguous``;
* everything else that is filled down is ``certain`` (the converter keeps a
  merged value at the top of its span), with ``reason`` naming the source row.

Ownership: a mine is OWNED_BY the longest company/group prefix of its name that
leaves a mine part behind (``中煤平朔集团有限公司`` + ``安家岭露天矿``). A mine that
is itself a company (``山西中煤东坡煤业有限公司``) gets an owner only when a group
prefix is printed inside its name (``大同煤矿集团`` + ``朔州朔煤王坪煤电有限责任公司``);
the company is the mine, so no extra Enterprise is made for it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from kg.extractors import ExtractContext, register

from kg import layout
from kg.agencies import is_unit_name, unit_prefix
from kg.keys import enterprise_key, mine_key, person_key, place_key, post_key
from kg.model import Confidence, Document, GraphBatch, NodeRef, Provenance, Text
from kg.names import parse_roster_cells
from kg.normalize import strip_ws
from kg.tables import (
    DISTRICT,
    GAS,
    MINE,
    OTHER,
    PNAME,
    POST,
    SEQ,
    Cell,
    Column,
    Row,
    Table,
    strong_cells,
    tab_cells,
)
from kg.tables import affinity as _affinity
from kg.tables import fill as _fill
from kg.tables import find_tables as engine_tables
from kg.vocab import L, R

NAME = "mines"
VERSION = "0.1.0"

# ---------------------------------------------------------------- cell kinds
GROUPING_KINDS = (DISTRICT, GAS)

_NEG = -10_000
_INT_RE = re.compile(r"^[0-9０-９]{1,4}$")
_CJK = r"\u4e00-\u9fff"
_DISTRICT_RE = re.compile(rf"^[{_CJK}]{{1,10}}(?:区|县|市|旗|矿区|特区)$")
_POST_END_RE = re.compile(
    r"(?:长|主任|委员|调研员|巡视员|书记|主席|秘书长|常委|负责人|干部|助理|组员|专员|员|政委|经理|督察|总师|工程师)$"
)
_GOV_HEAD_RE = re.compile(r"(?:市长|县长|区长|旗长|州长|省长)$")
_NOT_NAME_RE = re.compile(r"局|委|办|室|处|科|队|部|政府|公司|煤|矿|区|县|省|瓦斯|职务|姓名|领导|序号")


def _classify_header(h: str) -> tuple[str, str | None]:
    """(kind, level) of one combined header text (whitespace removed)."""
    h = strip_ws(h)
    if not h:
        return OTHER, None
    if h in {"序号", "序", "编号", "No", "No."} or h.startswith("序号"):
        return SEQ, None
    if "姓名" in h or "职务" in h or "职位" in h:
        kind = PNAME if "姓名" in h else POST
        rest = re.sub(r"姓名|职务|职位", "", h)
        return kind, (_group_level(rest) if rest else None)
    if "瓦斯" in h:
        return GAS, None
    if re.search(r"领导|责任人|挂牌", h):
        return "group", _group_level(h)
    if re.search(r"区域|所在地|县区|县（市、区）|属地|所在县|所在区|行政区", h):
        return DISTRICT, None
    if re.search(r"名称|矿井|煤矿|矿名|企业", h):
        return MINE, None
    return OTHER, None


def _group_level(h: str) -> str:
    """``市政府挂牌煤矿领导`` -> ``市政府``; ``市应急管理局挂牌煤矿领导`` -> ``市应急管理局``."""
    s = strip_ws(h)
    s = re.sub(r"(?:挂牌)?(?:煤矿|矿井)?(?:挂牌)?(?:领导|责任人|包保领导|负责人)?$", "", s)
    s = re.sub(r"挂牌.*$", "", s)
    s = s or strip_ws(h)
    # the schema spells a level by its short official form: 市人民政府 -> 市政府, 市应急局 -> 市应急管理局
    s = re.sub(r"人民政府$", "政府", s)
    return re.sub(r"应急局$", "应急管理局", s)


# ---------------------------------------------------------------- lines
def logical_lines(lines: Sequence[Text]) -> list[Text]:
    """Undo a fixed-width hard wrap: a line cut at the wrap width continues on the next line.

    A line that is exactly the wrap width may also end a row by chance, so for
    tab-separated rows the expected number of tabs (the commonest count after a
    naive join) decides: a row already holding all its tabs only takes a short,
    tab-less tail (the end of its last cell); a space-separated row does not take
    a next line that opens with a row number.
    """
    wrap = layout.wrap_width(lines)
    if wrap is None:
        return list(lines)
    naive = _unwrap(lines, wrap, None)
    counts = Counter(t.text.count("\t") for t in naive if t.text.count("\t") >= 2)
    tabs = counts.most_common(1)[0][0] if counts else None
    return _unwrap(lines, wrap, tabs)


def _unwrap(lines: Sequence[Text], wrap: layout.Wrap, tabs: int | None) -> list[Text]:
    out: list[Text] = []
    buf: list[Text] = []
    nonblank = [t for t in lines if not layout.is_blank(t)]
    follower = {id(a): b for a, b in itertools.pairwise(nonblank)}
    for t in lines:
        if layout.is_blank(t):
            if not buf:
                out.append(t)
            continue  # a blank line inside a wrapped run is dropped
        buf.append(t)
        nxt = follower.get(id(t))
        if not wrap.full(t.text) or nxt is None or not _continues(buf, nxt, wrap, tabs):
            out.append(Text.join(buf))
            buf = []
    if buf:
        out.append(Text.join(buf))
    return out


def _continues(buf: list[Text], nxt: Text, wrap: layout.Wrap, tabs: int | None) -> bool:
    first = re.split(r"\t|[ \u3000]{2,}", nxt.text.strip(), maxsplit=1)[0]
    if first and _classify_header(first)[0] == SEQ:
        return False  # a header block (repeated after a page seam) starts here
    acc = sum(t.text.count("\t") for t in buf)
    if tabs is not None and acc:
        if acc < tabs:
            # short of cells, unless the next line is a numbered row that would overfill
            # this one (the rest of a row cut by a page seam ends where the next row starts)
            return not (re.match(r"^[0-9]{1,4}\t", nxt.text) and acc + nxt.text.count("\t") > tabs)
        return "\t" not in nxt.text and not wrap.full(nxt.text) and wrap.measure(nxt.text) < wrap.width
    if tabs is not None and nxt.text.startswith("\t") and nxt.text.count("\t") <= tabs:
        # a full-width first cell (a long mine name) cut just before its tab: the
        # next line opens with that tab; prose would not run into a table row
        return not re.search(r"[。，；：,;:]", "".join(t.text for t in buf))
    return not re.match(r"^\s*[0-9]{1,3}(?:\t|\s)", nxt.text)


def _split_cells(t: Text) -> tuple[list[Text], bool]:
    """Cells of a line and whether they are positional (tab-separated)."""
    if "\t" in t.text:
        return tab_cells(t), True
    return strong_cells(t), False


def _header_cells(t: Text) -> tuple[list[Text], bool]:
    """Cells of a header line; header words hold no spaces, so one space separates too."""
    cells, positional = _split_cells(t)
    if not positional and len(cells) <= 2 and re.search(r"\S \S", t.text):
        return [t[m.start() : m.end()] for m in re.finditer(r"\S+", t.text)], False
    return cells, positional


def _is_header_line(t: Text) -> bool:
    cells, _ = _header_cells(t)
    kinds = [_classify_header(c.text)[0] for c in cells if c.text]
    has_mine = MINE in kinds
    has_leader = "group" in kinds or PNAME in kinds or POST in kinds
    known = sum(1 for k in kinds if k != OTHER)
    return has_mine and has_leader and known >= 3 and not any(_INT_RE.match(strip_ws(c.text)) for c in cells)


def _is_header_continuation(t: Text) -> bool:
    cells, _ = _header_cells(t)
    vals = [strip_ws(c.text) for c in cells if c.text.strip()]
    if not vals:
        return False
    if any(_INT_RE.match(v) or re.search(r"公司|煤业|矿$", v) for v in vals):
        return False
    return bool(all(len(v) <= 10 for v in vals) and any(re.search(r"姓名|职务|职位|名称|区域|等级|序号", v) for v in vals))


def _header_words(t: Text) -> int:
    cells, _ = _header_cells(t)
    return sum(1 for c in cells if re.fullmatch(r"姓名|职务|职位|名称|区域|等级|序号", strip_ws(c.text)))


def _build_columns(head: list[Text]) -> list[Column] | None:
    rows = [_header_cells(t) for t in head]
    positional = all(p for _, p in rows)
    if positional and len(rows) > 1:
        cols = _columns_positional([[c.text for c in cells] for cells, _ in rows])
        if cols is not None:
            return cols
    # a single tab-separated header row whose leader groups have no 姓名/职务 row below:
    # each group is one cell per row (``姓名（职务）``)
    combined = positional and len(rows) == 1
    return _columns_sequential([[c.text for c in cells if c.text.strip()] for cells, _ in rows], combined)


def _columns_positional(rows: list[list[str]]) -> list[Column] | None:
    n = max(len(r) for r in rows)
    grid = [[strip_ws(r[i]) if i < len(r) else "" for i in range(n)] for r in rows]
    cols: list[Column] = []
    group: str | None = None
    for i in range(n):
        top = grid[0][i]
        below = "".join(g[i] for g in grid[1:])
        if top and _classify_header(top)[0] == "group":
            group = _classify_header(top)[1]
        elif top:
            group = None
        if re.search(r"姓名|职务|职位", below):
            kind, lvl = _classify_header(below)
            lvl = lvl or group
            if lvl is None:
                return None
            cols.append(Column(kind, lvl, top + below))
        else:
            kind, lvl = _classify_header(top + below)
            if kind == "group":
                kind = OTHER
            cols.append(Column(kind, lvl if kind in (PNAME, POST) else None, top + below))
    while cols and cols[-1].kind == OTHER and not cols[-1].header:
        cols.pop()
    return cols if _valid(cols) else None


def _columns_sequential(rows: list[list[str]], combined: bool = False) -> list[Column] | None:
    top = rows[0]
    subs = [strip_ws(s) for r in rows[1:] for s in r if re.search(r"姓名|职务|职位", s)]
    frags = [strip_ws(s) for r in rows[1:] for s in r if not re.search(r"姓名|职务|职位", s)]
    cols: list[Column] = []
    for cell in top:
        h = strip_ws(cell)
        kind, lvl = _classify_header(h)
        if kind == "group":
            seen: set[str] = set()
            while subs:
                k2, _ = _classify_header(subs[0])
                if k2 in seen:
                    break
                seen.add(k2)
                cols.append(Column(k2, lvl, h + subs.pop(0)))
            if not seen and combined:
                cols.append(Column(PNAME, lvl, h, combined=True))
            elif not seen:
                cols.append(Column(PNAME, lvl, h))
                cols.append(Column(POST, lvl, h))
            continue
        if kind == OTHER and frags:
            h = h + frags.pop(0)
            kind, lvl = _classify_header(h)
        cols.append(Column(kind, lvl, h))
    return cols if _valid(cols) else None


def _valid(cols: list[Column]) -> bool:
    kinds = [c.kind for c in cols]
    return MINE in kinds and (PNAME in kinds or POST in kinds)


# ---------------------------------------------------------------- cell scores
def _is_name(s: str) -> bool:
    return bool(re.fullmatch(rf"[{_CJK}·]{{2,6}}", s)) and len(s.replace("·", "")) <= 4 \
        and not _NOT_NAME_RE.search(s) and not _POST_END_RE.search(s) and not _GOV_HEAD_RE.search(s)


def _bracketed(s: str) -> tuple[str, str] | None:
    """``周某（常务副市长）`` -> (周某, 常务副市长): a name with its post in brackets, one cell."""
    if not re.search(r"[（(]", s):
        return None
    got = parse_roster_cells(Text.plain(s))
    if len(got) != 1 or got[0].post_str is None:
        return None
    return got[0].name_str, got[0].post_str


def _is_post(s: str) -> bool:
    return len(s) >= 2 and bool(_POST_END_RE.search(s)) and not re.search(r"公司|煤业|矿井|瓦斯", s)


def _score(col: Column, s: str) -> int:
    if not s:
        return 0
    k = col.kind
    if k == SEQ:
        return 5 if _INT_RE.match(s) else _NEG
    if k == MINE:
        return 5 if len(s) >= 4 and re.search(r"矿|煤|公司|井", s) else _NEG
    if k == DISTRICT:
        return 4 if _DISTRICT_RE.match(s) and not re.search(r"公司|矿|局|委", s) and len(s) <= 10 else _NEG
    if k == GAS:
        return 5 if re.search(r"瓦斯|突出", s) else _NEG
    if k == PNAME:
        if col.combined or not _is_name(s):
            np = _bracketed(s)
            return 6 + _affinity(np[1], col.level) if np else _NEG
        return 3
    if k == POST:
        return 3 + _affinity(s, col.level) if _is_post(s) else _NEG
    return 1 if not _INT_RE.match(s) else _NEG


def _hint(col: Column, s: str) -> int:
    """Tie-break only: a 职务 that names the body of its level's column."""
    return 1 if col.kind == POST and col.level and len(col.level) >= 3 and col.level in s else 0


def _tokens(t: Text) -> list[tuple[Text, bool]]:
    """Whitespace-separated tokens and whether a strong separator precedes each."""
    out: list[tuple[Text, bool]] = []
    for m in re.finditer(r"\S+", t.text):
        gap = t.text[: m.start()]
        gap_tail = gap[len(gap.rstrip()) :]
        strong = not out or "\t" in gap_tail or "\u3000" in gap_tail or len(gap_tail) >= 2
        if strong and out and gap_tail == "\u3000" and len(m.group()) == 1 and len(out[-1][0].text) == 1 \
                and re.fullmatch(rf"[{_CJK}]", m.group()) \
                and re.fullmatch(rf"[{_CJK}]", out[-1][0].text):
            strong = False  # "贺　亮": a two-character name spaced out with one ideographic space
        out.append((t[m.start() : m.end()], strong))
    return out


def _align(t: Text, cols: list[Column]) -> tuple[dict[int, Text], bool]:
    """Assign the cells of a non-positional row to columns by content.

    Dynamic programme over (token, column): a cell is one or more tokens not
    separated by a strong gap (tab / 2+ spaces), so "张 韬" and "市应急管理局 副局长"
    stay one cell. Returns the assignment and whether it was unique.
    """
    toks = _tokens(t)
    n, m = len(toks), len(cols)
    Res = tuple[int, int, int, list[tuple[int, int, int]]]  # score, ways, hint, assignment
    memo: dict[tuple[int, int, bool], Res] = {}

    def best(i: int, j: int, prev_filled: bool) -> Res:
        # tokens[i:] onto columns[j:]; returns (score, ways, assignment[(col, a, b)])
        key = (i, j, prev_filled)
        if key in memo:
            return memo[key]
        res: Res
        if i == n:
            res = (0, 1, 0, [])
        elif j == m:
            res = (_NEG * 4, 1, 0, [])
        else:
            cands: list[Res] = [best(i, j + 1, False)]  # column j empty
            for k in range(i + 1, n + 1):
                if k > i + 1 and toks[k - 1][1]:
                    break  # a strong separator ends a cell
                if k > i + 1 and cols[j].kind in (SEQ, DISTRICT, GAS):
                    break  # one-word cells
                a, b = toks[i][0], toks[k - 1][0]
                s = strip_ws(t.text[_idx(t, a) : _idx(t, b) + len(b.text)])
                sc0 = _score(cols[j], s)
                if sc0 <= _NEG // 2:
                    continue
                bonus = 1 if (cols[j].kind == POST and prev_filled and j > 0 and cols[j - 1].kind == PNAME
                              and cols[j - 1].level == cols[j].level) else 0
                if k < n and not toks[k][1]:
                    bonus -= 1  # splitting at a weak gap (a single space) costs a little
                sc, w, hint, asg = best(k, j + 1, True)
                cands.append((sc + sc0 + bonus, w, hint + _hint(cols[j], s), [(j, i, k), *asg]))
            top = max(c[0] for c in cands)
            ways = sum(c[1] for c in cands if c[0] == top)
            # a tie is a tie (the row stays unsure), but the reading taken is the one whose
            # 职务 names its level's own body (市政府秘书长 under 市政府)
            pick = max((c for c in cands if c[0] == top), key=lambda c: c[2])
            res = (top, ways, pick[2], pick[3])
        memo[key] = res
        return res

    score, ways, _, asg = best(0, 0, False)
    out: dict[int, Text] = {}
    if score <= _NEG // 2:
        return out, False
    for j, a, b in asg:
        ta, tb = toks[a][0], toks[b - 1][0]
        out[j] = t[_idx(t, ta) : _idx(t, tb) + len(tb.text)]
    return out, ways == 1


def _idx(t: Text, part: Text) -> int:
    """Index of a slice of ``t`` inside ``t`` (by its first source offset)."""
    if part.offsets and part.offsets[0] >= 0:
        return t.offsets.index(part.offsets[0])
    return t.text.find(part.text)


# ---------------------------------------------------------------- tables
def _row_cells(t: Text, cols: list[Column]) -> tuple[dict[int, Text], str | None]:
    cells, positional = _split_cells(t)
    if positional:
        while len(cells) > len(cols) and not cells[-1].text:
            cells.pop()
        if len(cells) <= len(cols):
            return {i: c for i, c in enumerate(cells) if c.text}, None
    got, unique = _align(t, cols)
    return got, None if unique else "cells could be read into more than one column layout"


def _seq_of(t: Text, cols: list[Column]) -> int | None:
    cells, positional = _split_cells(t)
    seq_idx = next((i for i, c in enumerate(cols) if c.kind == SEQ), None)
    if positional and seq_idx is not None and seq_idx < len(cells):
        v = strip_ws(cells[seq_idx].text)
        return int(_fold_digits(v)) if _INT_RE.match(v) else None
    for c in cells:
        v = strip_ws(c.text)
        if _INT_RE.match(v):
            return int(_fold_digits(v))
        v0 = v.split()[0] if v.split() else ""
        if _INT_RE.match(v0):
            return int(_fold_digits(v0))
    m = re.match(r"^\s*([0-9]{1,4})\s", t.text)
    return int(m.group(1)) if m else None


def _fold_digits(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in s)


def _is_row_start(t: Text, cols: list[Column]) -> bool:
    if not t.text.strip() or _is_header_line(t) or _is_header_continuation(t):
        return False
    has_seq = any(c.kind == SEQ for c in cols)
    if has_seq and _seq_of(t, cols) is None:
        return False
    if not has_seq and len(_split_cells(t)[0]) < 2:
        return False  # no row number to go by: a row has at least two cells (a title line has one)
    if re.search(r"矿|煤|公司", t.text):
        return True
    # a tab row numbered in its 序号 column whose mine name was cut by a page seam
    # ("7\t山西某某平鲁区茂\t…" / seam / "\t华下梨园煤业有限公司\t…")
    cells, positional = _split_cells(t)
    mine_idx = next((k for k, c in enumerate(cols) if c.kind == MINE), None)
    return has_seq and positional and len(cells) <= len(cols) + 1 and mine_idx is not None \
        and mine_idx < len(cells) and bool(cells[mine_idx].text)


def find_tables(lines: Sequence[Text]) -> Iterator[Table]:
    """Every 挂牌 table in a run of (logical) lines."""
    i = 0
    n = len(lines)
    while i < n:
        if not _is_header_line(lines[i]):
            i += 1
            continue
        head = [lines[i]]
        j = i + 1
        while j < n and len(head) < 3:
            k = _next_nonblank(lines, j)
            if k >= n or not _is_header_continuation(lines[k]):
                break
            head.append(lines[k])
            j = k + 1
        cols = _build_columns(head)
        if cols is None:
            i += 1
            continue
        table = Table(cols, [], lines[i].first_line or 0, _title_district(lines, i, cols))
        i = _read_rows(lines, j, table)
        if table.rows:
            yield table


_TITLE_DISTRICT_RE = re.compile(rf"^([{_CJK}]{{1,8}}?(?:特区|区|县|旗))(?:[0-9]{{4}}年|[0-9]{{4}}—)")


def _title_district(lines: Sequence[Text], i: int, cols: list[Column]) -> str | None:
    """``某某区2021年度低瓦斯煤矿县级“挂牌”责任人名单`` over a table with no 行政区域 column."""
    if any(c.kind == DISTRICT for c in cols):
        return None
    k, seen = i - 1, 0
    while k >= 0 and seen < 2:
        t = strip_ws(lines[k].text)
        if t:
            seen += 1
            m = _TITLE_DISTRICT_RE.match(t)
            if m and re.search(r"名单|表|责任", t):
                return m.group(1)
        k -= 1
    return None


def _next_nonblank(lines: Sequence[Text], k: int) -> int:
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    return k


def _read_rows(lines: Sequence[Text], i: int, table: Table) -> int:
    cols = table.columns
    n = len(lines)
    current: list[Text] = []

    def flush() -> None:
        if not current:
            return
        t = Text.join(current)
        cells, unsure = _row_cells(t, cols)
        table.rows.append(Row(_seq_of(t, cols), t, t.first_line or 0, cells, unsure))
        current.clear()

    def goes_on(k: int) -> bool:
        nxt = _next_nonblank(lines, k)
        return nxt >= n or _is_row_start(lines[nxt], cols) or _is_header_line(lines[nxt]) \
            or _is_row_rest(lines[nxt], cols)

    while i < n:
        t = lines[i]
        if not t.text.strip():
            i += 1
            continue
        if _is_header_line(t):  # repeated header at a page break
            flush()
            head = [t, *(lines[k] for k in range(i + 1, min(i + 3, n)) if _is_header_continuation(lines[k]))]
            again = _build_columns(head)
            if again is not None and _signature(again) != _signature(cols):
                return i  # a header of other columns: the next table starts here
            table.seams.append(t.first_line or 0)
            i += 1
            while i < n and (_is_header_continuation(lines[i]) or not lines[i].text.strip()):
                i += 1
            continue
        if _is_header_continuation(t) and (not current or _header_words(t) >= 2):
            flush()  # the lower header row repeated at a page break (without the upper one)
            table.seams.append(t.first_line or 0)
            i += 1
            continue
        if _is_row_start(t, cols):
            flush()
            current.append(t)
            i += 1
            continue
        if _is_row_rest(t, cols) and (current or table.rows) and goes_on(i + 1):
            # the rest of a row cut by a page seam: its cells continue the row above
            flush()
            row = table.rows[-1]
            have, more = row.text.text.count("\t"), t.text.count("\t")
            if have < len(cols) - 1 and have + more <= len(cols) - 1:
                # the row was cut inside its line (a wrap met the seam): the texts join
                table.rows.pop()
                current.extend([row.text, t])
            else:
                _merge_rest(row, t, cols)  # each cell of the row cut on its own
            i += 1
            continue
        if not current and table.rows and len(t.text) <= 80 and "。" not in t.text and goes_on(i + 1):
            # after a repeated header: the rest of the row above, cut by the page seam.
            # A tab-less tail of a tab row ends its last cell; in a space-separated row
            # the cut may fall inside a cell or between cells, so a single space (a weak
            # gap the cell alignment may read either way) stands for the seam.
            row = table.rows.pop()
            positional = _split_cells(row.text)[1]
            current.append(row.text if positional else Text.join([row.text, Text.plain("")], " "))
        if current:
            # a line that is neither a row nor a header: the rest of a wrapped row
            # when the row is still short of cells, or when the table goes on after it
            short = _split_cells(Text.join(current))[1] and len(_split_cells(Text.join(current))[0]) < len(cols)
            if (short or goes_on(i + 1)) and len(t.text) <= 80 and "。" not in t.text:
                current.append(t)
                i += 1
                continue
        break
    flush()
    return i


def _signature(cols: list[Column]) -> list[tuple[str, str | None]]:
    """What a header says, whether or not its 姓名/职务 row was repeated with it."""
    out: list[tuple[str, str | None]] = []
    for c in cols:
        sig = ("leader", c.level) if c.kind in (PNAME, POST) else (c.kind, None)
        if sig[0] != OTHER and sig not in out:
            out.append(sig)
    return out


def _is_row_rest(t: Text, cols: list[Column]) -> bool:
    """A tab-separated line with an empty 序号 cell and some printed cells: the part
    of a row printed after a page seam (the row number stays on the page above)."""
    cells, positional = _split_cells(t)
    if not positional or len(cells) > len(cols) or not any(c.text for c in cells):
        return False
    if _is_header_line(t) or _is_header_continuation(t):
        return False
    seq_idx = next((k for k, c in enumerate(cols) if c.kind == SEQ), None)
    return seq_idx is not None and (seq_idx >= len(cells) or not cells[seq_idx].text)


def _merge_rest(row: Row, t: Text, cols: list[Column]) -> None:
    """Add the cells of a row's continuation to it: a cell cut in two is joined."""
    rest, _ = _row_cells(t, cols)
    for ci, cell in rest.items():
        row.cells[ci] = Text.join([row.cells[ci], cell]) if ci in row.cells else cell
    row.text = Text.join([row.text, t], "\n")


def _leaderless_runs(table: Table, filled: list[dict[int, Cell]]) -> dict[int, str]:
    """Rows whose leaders all come from above across a change of a grouping column."""
    leader_cols = [i for i, c in enumerate(table.columns) if c.kind in (PNAME, POST)]
    printed_leader = [any(i in r.cells for i in leader_cols) for r in table.rows]
    flagged: dict[int, str] = {}
    # the first row after a page break that prints nothing but its mine, below a row that
    # printed no leader either: the converter does not repeat a merged cell's text on the
    # new page, so whether the leader cells run on over two leaderless rows and the break
    # or the row lost its own cells can't be told
    grouping = [i for i, c in enumerate(table.columns) if c.kind in GROUPING_KINDS]
    for seam in table.seams:
        k = next((k for k, r in enumerate(table.rows) if r.line > seam), None)
        if k is not None and k > 0 and not printed_leader[k] and not printed_leader[k - 1] \
                and not any(i in table.rows[k].cells for i in grouping):
            flagged.setdefault(k, f"row {table.rows[k].seq} is the first after a page break (header repeated at "
                                  f"line {seam}) and prints no cell but its mine; its leaders are filled across the break")
    for ci, col in enumerate(table.columns):
        if col.kind not in GROUPING_KINDS:
            continue
        vals = [_val(f[ci]) for f in filled]
        start = 0
        while start < len(vals):
            end = start
            while end + 1 < len(vals) and vals[end + 1] == vals[start]:
                end += 1
            # the run is out of order (its value was printed already inside the span of a
            # leader it would be filled from) and a next group follows that it may belong
            # to; a run with a value fresh to those spans, or at the end of the table, is
            # the merged cells' own continuation
            top = min((max((k for k in range(start) if i in table.rows[k].cells), default=0)
                        for i in leader_cols), default=0)
            if start > 0 and vals[start] is not None and vals[start - 1] != vals[start] \
                    and not any(printed_leader[start : end + 1]) \
                    and vals[start] in vals[top:start] and end + 1 < len(vals):
                a, b = table.rows[start], table.rows[end]
                span = f"{a.seq}" if start == end else f"{a.seq}-{b.seq}"
                for k in range(start, end + 1):
                    flagged.setdefault(
                        k,
                        f"row(s) {span} print no leader cell and begin a new {col.header or col.kind} "
                        f"({vals[start - 1]} -> {vals[start]}); the leader is filled down across that boundary",
                    )
            start = end + 1
    return flagged


# ---------------------------------------------------------------- owners
_COMPANY_END_RE = re.compile(r"集团有限责任公司|集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团")


def mine_owner(name: str) -> str | None:
    """The company/group that owns a mine, from the mine's name (see module doc)."""
    s = strip_ws(name)
    best: str | None = None
    for m in _COMPANY_END_RE.finditer(s):
        head, rest = s[: m.end()], s[m.end() :]
        if len(head) >= 4 and len(rest) >= 2:
            best = head if best is None or len(head) > len(best) else best
    return best


def post_agency(post: str, city: str | None, district: str | None = None) -> str | None:
    """Agency of a printed post: the unit prefix, or the people's government of a 市长/县长 post."""
    p = strip_ws(post)
    u = unit_prefix(p)
    if u:
        # an internal department (政治部, 办公室, 科, 处) belongs to the unit before it
        m = re.match(r"^(.{3,}?(?:局|委员会|委|政府|办|厅|中心|大队|支队))(?:[^局委]{1,6}(?:部|处|科|室|办公室))$", u)
        if m and is_unit_name(m.group(1)):
            return m.group(1)
        return u
    if re.search(r"市长$", p) and city:
        return f"{city}人民政府"
    if re.search(r"(?:县|区|旗)长$", p) and district:
        return f"{district}人民政府"
    return None


# ---------------------------------------------------------------- extractor
def _prov(doc: Document, row: Row, sources: list[Row], confidence: Confidence, reason: str | None) -> Provenance:
    span = row.text.span()
    evidence = span.text
    extra = [r for r in sources if r is not row]
    seen: set[int] = set()
    for r in extra:
        if r.line in seen:
            continue
        seen.add(r.line)
        evidence += f"\n[filled from line {r.line}] " + r.text.text
    return Provenance(
        span.file, doc.doc_number, span.line, span.col, span.char_start, span.char_end, evidence,
        NAME, VERSION, confidence, reason,
    )


def _at(f: dict[int, Cell], i: int | None) -> Cell | None:
    return f.get(i) if i is not None else None


def _val(c: Cell | None) -> str | None:
    return strip_ws(c.text.text) if c is not None and c.text is not None else None


@register(NAME, version=VERSION, assigns=(
    L.COAL_MINE, L.ENTERPRISE, L.PERSON, L.POST, L.PLACE,
    R.SUPERVISES, R.LOCATED_IN, R.OWNED_BY, R.HOLDS_POST,
))
def extract_mines(doc: Document, ctx: ExtractContext) -> GraphBatch:
    batch = GraphBatch()
    city = doc.city or ctx.city
    province = ctx.gazette.province
    lines = logical_lines(layout.content_lines(doc))
    seen_posts: set[tuple[str, str]] = set()
    tables = list(find_tables(lines))
    if not tables:
        # no table in a layout the row reader knows: read the cells as a stream
        # (one cell per line, single spaces, cut headers) with the table engine
        tables = engine_tables(layout.content_lines(doc))
    for table in tables:
        _emit_table(doc, table, batch, city, province, seen_posts)
    return batch


def _emit_table(doc: Document, table: Table, batch: GraphBatch, city: str | None, province: str | None,
                seen_posts: set[tuple[str, str]]) -> None:
    cols = table.columns
    filled = _fill(table)
    flagged = _leaderless_runs(table, filled)
    idx = {k: next((i for i, c in enumerate(cols) if c.kind == k), None) for k in (MINE, DISTRICT, GAS)}
    levels: list[str] = []
    for c in cols:
        if c.kind in (PNAME, POST) and c.level and c.level not in levels:
            levels.append(c.level)
    for row, f in zip(table.rows, filled, strict=True):
        mine = _val(_at(f, idx[MINE]))
        if not mine:
            continue
        d_cell = _at(f, idx[DISTRICT])
        district = _val(d_cell) or table.district
        gas = _val(_at(f, idx[GAS]))
        mref = batch.add_node(L.COAL_MINE, mine_key(mine), name=mine, gas_level=gas, district=district, city=city)
        if district and d_cell is not None and d_cell.row is not None:
            path = [p for p in (province, city, district) if p]
            pref = batch.add_node(L.PLACE, place_key(path), name=district, level="县")
            why = None if not d_cell.filled else f"所在行政区域 filled down from row {d_cell.row.seq} (line {d_cell.row.line})"
            batch.add_edge(R.LOCATED_IN, mref, pref, _prov(doc, row, [d_cell.row], "certain", why), as_printed=district)
        owner = mine_owner(mine)
        if owner:
            eref = batch.add_node(L.ENTERPRISE, enterprise_key(owner), name=owner)
            batch.add_edge(R.OWNED_BY, mref, eref, _prov(doc, row, [], "certain", None))
        for level in levels:
            _emit_leader(doc, table, row, f, level, mref, district, gas, batch, city, flagged, seen_posts)


def _emit_leader(doc: Document, table: Table, row: Row, f: dict[int, Cell], level: str, mref: NodeRef,
                 district: str | None, gas: str | None, batch: GraphBatch, city: str | None,
                 flagged: dict[int, str], seen_posts: set[tuple[str, str]]) -> None:
    cols = table.columns
    ni = next((i for i, c in enumerate(cols) if c.kind == PNAME and c.level == level), None)
    pi = next((i for i, c in enumerate(cols) if c.kind == POST and c.level == level), None)
    ncell = f.get(ni) if ni is not None else None
    pcell = f.get(pi) if pi is not None else None
    name = _val(ncell)
    post = _val(pcell)
    if ncell is not None and ncell.text is not None and name and (pi is None or not _is_name(name)):
        np = _bracketed(name)
        if np is not None:
            name, post = np
            pcell = ncell  # the post is printed (or filled) with the name
    if not name and not post:
        return
    reasons: list[str] = []
    confidence: Confidence = "certain"
    sources: list[Row] = []
    for label, c in (("姓名", ncell), ("职务", pcell)):
        if c is not None and c.filled and c.row is not None:
            sources.append(c.row)
            reasons.append(f"{label} {strip_ws(c.text.text) if c.text else ''} filled down from row {c.row.seq} "
                           f"(line {c.row.line})")
    name_printed = ncell is not None and not ncell.filled and ncell.text is not None
    post_printed = pcell is not None and not pcell.filled and pcell.text is not None
    if post_printed and not name_printed:
        confidence = "ambiguous"
        reasons.insert(0, "职务 printed with an empty 姓名 cell: the name may be missing from the source"
                       if name else "职务 printed with no 姓名 and no name above to fill from")
    elif (pcell is not None and pcell.filled and pcell.row is not None and ni is not None and pi is not None
          and ni not in pcell.row.cells and pi in pcell.row.cells and name):
        # filled from a row that printed the 职务 without its 姓名: the same doubt runs on
        confidence = "ambiguous"
        reasons.insert(0, f"filled from row {pcell.row.seq or pcell.row.line} (line {pcell.row.line}), whose 职务 "
                       "was printed with an empty 姓名 cell: the name may be missing from the source")
    if not name_printed and not post_printed and table.rows.index(row) in flagged:
        confidence = "ambiguous"
        reasons.insert(0, flagged[table.rows.index(row)])
    if row.unsure:
        confidence = "ambiguous"
        reasons.insert(0, row.unsure)
    reason = "; ".join(reasons) or None
    prov = _prov(doc, row, sources, confidence, reason)
    agency = post_agency(post, city, district) if post else None
    if name:
        src = batch.add_node(L.PERSON, person_key(city, name), name=name, city=city)
    else:
        assert post is not None
        src = batch.add_node(L.POST, post_key(city, post), name=post, city=city, agency=agency)
    batch.add_edge(R.SUPERVISES, src, mref, prov, level=level, position=post, district=district,
                   gas_level=gas, row=row.seq, valid_from=doc.date)
    if name and post and name_printed and post_printed and (name, post) not in seen_posts:
        seen_posts.add((name, post))
        pref = batch.add_node(L.POST, post_key(city, post), name=post, city=city, agency=agency)
        batch.add_edge(R.HOLDS_POST, src, pref, _prov(doc, row, [], "certain", None), position=post, agency=agency)


def mine_rows(doc: Document) -> list[tuple[Table, list[dict[int, Cell]]]]:
    """Parsed 挂牌 tables of a document with their filled cells (used by the places extractor)."""
    lines = logical_lines(layout.content_lines(doc))
    return [(t, _fill(t)) for t in find_tables(lines)]


def column_counts(table: Table) -> Counter[str]:
    return Counter(c.kind for c in table.columns)
