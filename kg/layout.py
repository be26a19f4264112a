"""Layout repair: turn the lines of a PDF-extracted gazette into blocks.

The text handed to us was extracted from PDF and is messy:

* paragraphs are hard-wrapped (some issues wrap every ~20 characters);
* running page headers / footers and page numbers sit between the lines;
* a page seam cuts a sentence in two with a blank line between the halves
  ("土地管理法律" / "" / "法规和政策…", "2020年12月29" / "" / "日");
* tables are flattened into rows whose cells are separated by tabs or runs of
  spaces, with HTML tags (``<p>``, ``<ol …>``) left inside the cells.

:func:`repair` undoes this and returns :class:`~kg.model.Block` s. Every block's
:class:`~kg.model.Text` keeps the source offset of each character, so any span
an extractor finds maps back to the original line and column. Characters
layout repair inserts itself carry offset ``-1``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.model import Block, Document, SourceFile, Text
from kg.tables import split_cells

# ---------------------------------------------------------------- patterns

_CN_NUM = "一二三四五六七八九十百零〇"

# Outline markers at the start of a line, with their level.
_OUTLINE_PATTERNS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile(rf"^[{_CN_NUM}]+[、，,．.]"), 1),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), 2),
    (re.compile(r"^\d{1,2}(?:\.\d{1,2})+(?=[\s\u3000]|$)"), None),  # "1.1 编制目的" section numbers
    (re.compile(r"^\d{1,3}[.．、](?!\d)"), 3),
    (re.compile(r"^[（(]\d{1,3}[）)]"), 4),
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 5),
    (re.compile(rf"^第[{_CN_NUM}\d]+[章节条]"), None),
)

# List bullets left by the converter ("- ", "• ").
_BULLET = re.compile(r"^[-•·●▪■◆*]\s+")

# HTML / markdown debris inside cells and lines.
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_MD_BOLD = re.compile(r"\*\*")

# Sentence / clause terminators: a line ending with one of these is complete.
_TERMINAL = set("。！？；：!?;:…")
# Closing characters that end a line without completing a sentence by themselves.
_CLOSERS = set("）)】」』”’》〉]")

# Page numbers and similar furniture.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～·•\s]*\d{1,4}[-—–－~～·•\s]*|第\s*\d+\s*页(?:\s*/?\s*共\s*\d+\s*页)?|"
    r"[-—–－]?\s*[（(]\s*\d{1,4}\s*[）)]\s*[-—–－]?|Page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)

_DATE_LINE = re.compile(
    r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})日?$"
)
_DOCNO_LINE = re.compile(
    r"^[（(]?[\u4e00-\u9fff]{1,12}[〔\[(（【［﹝〖]\d{4}[〕\])）】］﹞〗]\d{1,5}号?[）)]?$"
)

# Lines that end a title or heading (a new block starts after them).
_TITLE_END = re.compile(
    r"(?:通知|意见|批复|决定|通报|报告|方案|预案|办法|规定|细则|规划|清单|措施|计划|命令|公告|通告|函|要点|"
    r"名单|目录|大事记|条例|制度|规则|标准|纪要)[》”]?$"
)

_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:人民政府办公室|人民政府办公厅|人民政府|办公厅|办公室)$")

_CELL_SPLIT = re.compile(r"\t|[ \u3000]{2,}")


# ---------------------------------------------------------------- helpers


def outline_of(text: str) -> tuple[str | None, int | None]:
    """The outline marker a line opens with ("一、", "（一）", "1.", "（1）") and its level."""
    s = text.lstrip()
    for pat, level in _OUTLINE_PATTERNS:
        m = pat.match(s)
        if m:
            return m.group(0), level
    return None, None


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _furniture_key(s: str) -> str:
    """Normalise a line for running header/footer detection (digits vary per page)."""
    return re.sub(r"\d+", "#", _compact(s))


def header_footer_lines(source: SourceFile) -> set[int]:
    """Line numbers of running headers/footers and bare page numbers."""
    counts: Counter[str] = Counter()
    keys: dict[int, str] = {}
    for no in range(1, source.line_count + 1):
        raw = source.line(no)
        if "\t" in raw:
            continue
        s = _compact(raw)
        if not s or len(s) > 40:
            continue
        key = _furniture_key(s)
        keys[no] = key
        counts[key] += 1
    out: set[int] = set()
    candidates = [no for no in keys if _PAGE_NUMBER.match(_compact(source.line(no)))]
    page_numbers = _drop_row_numbers(candidates, source)
    row_numbers = set(candidates) - set(page_numbers)
    if len(page_numbers) >= 3:
        out.update(no for no in page_numbers if not _DOCNO_LINE.match(_compact(source.line(no))))
    for no, key in keys.items():
        n = counts[key]
        if n < 3:
            continue
        if "公报" in key:
            out.add(no)  # running header: "朔州市人民政府公报", "…公报 2020年第4期 — # —"
        elif n >= 5 and no not in row_numbers and re.fullmatch(r"[^\u4e00-\u9fff]*(?:[第页共]+[^\u4e00-\u9fff]*)*", key) \
                and "#" in key:
            out.add(no)  # "第#页", "Page # of #", "#/#"
    return out


def _drop_row_numbers(lines: list[int], source: SourceFile) -> list[int]:
    """Bare numbers that count up within a few lines are the row numbers of a table
    printed one cell per line, not page numbers (a page holds more lines than that)."""
    from kg.thresholds import PAGE_NUMBER_MIN_GAP_LINES

    val: dict[int, int] = {}
    for no in lines:
        bare = source.line(no).strip()
        if bare.isdigit() and len(bare) <= 4:  # a decorated mark ("— 3 —") is never a row number
            val[no] = int(bare)
    rows: set[int] = set()
    ordered = sorted(val)
    for a, b in itertools.pairwise(ordered):
        if val[b] == val[a] + 1 and b - a < PAGE_NUMBER_MIN_GAP_LINES:
            rows.update((a, b))
    return [no for no in lines if no not in rows]


# ---------------------------------------------------------------- page furniture
#
# Page furniture is what the printer put on every page, not the author: page
# numbers, running titles and issue labels. It sits between the lines of the
# text after extraction. Two views of it:
#
# * :func:`header_footer_lines` judges the whole file (a page-number shape seen
#   on many lines, a short line with 公报 repeated on many pages) — what
#   :func:`repair` leaves out of paragraphs;
# * :func:`is_furniture_line` judges one line alone (so a table of a few lines
#   is cleaned as well as a whole issue); :func:`furniture_lines` is the union
#   of both over a range of lines, and :func:`content_lines` drops it (with the
#   blank lines around it) from a document.

# A page number printed with dashes, dots or brackets around it: "— 3 —", "-3-", "·3·", "（3）", "第3页".
_PAGE_MARK = re.compile(
    r"^(?:[-—–－~～·•]+\s*[0-9０-９]{1,4}\s*[-—–－~～·•]+|[（(]\s*[0-9０-９]{1,4}\s*[）)]"
    r"|第\s*[0-9０-９]{1,4}\s*页(?:\s*/?\s*共\s*[0-9０-９]{1,4}\s*页)?|Page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^[0-9０-９]{1,4}$")
# The issue label of a running header or footer printed alone: "2021年第3期", "第3期（总第120期）".
_ISSUE_LABEL = re.compile(r"^(?:[0-9]{4}年)?第[0-9]{1,3}期(?:[（(]总第?[0-9]{1,5}期[）)])?$")
# A running title: "<city>人民政府公报", "…政报 2020年第4期", optionally with the page number after it.
_RUNNING_TITLE = re.compile(
    r"^[\u4e00-\u9fff]{1,20}(?:省|市|州|盟|县|区|旗)(?:人民政府|政府|人大常委会|人民代表大会常务委员会)?(?:公报|政报)"
    r"(?:[（(]?[0-9]{4}年?第?[0-9]{1,3}期(?:[（(]总第?[0-9]{1,5}期[）)])?[）)]?)?"
    r"(?:[-—–－·•]*[0-9]{1,4}[-—–－·•]*)?$"
)


def is_blank(t: Text | str) -> bool:
    """An empty line (a line of tabs is not blank: it is a row of empty cells)."""
    s = t.text if isinstance(t, Text) else t
    return not s.strip() and "\t" not in s


def is_furniture_line(t: Text | str, prev_blank: bool = False, next_blank: bool = False) -> bool:
    """A page number, running title or issue label printed between the lines of the text.

    Judged by the line alone: a decorated page number ("— 3 —", "·15·", "第3页"),
    a short tab-less title ending in 公报/政报 (with its 期 and page number), or an
    issue label ("2021年第3期"). A bare number counts only when it stands alone
    between blank lines (a row number is never alone on a line).
    """
    s = t.text if isinstance(t, Text) else t
    if "\t" in s:
        return False
    s = _compact(s)
    if not s or len(s) > 40:
        return False
    if _PAGE_MARK.match(s) or _RUNNING_TITLE.match(s) or _ISSUE_LABEL.match(s):
        return True
    return bool(_BARE_NUMBER.match(s)) and prev_blank and next_blank


_FILE_FURNITURE: dict[tuple[str, str], frozenset[int]] = {}


def _file_furniture(source: SourceFile) -> frozenset[int]:
    """:func:`header_footer_lines` of a file, remembered for the last few files."""
    key = (source.path, source.sha256)
    if key not in _FILE_FURNITURE:
        if len(_FILE_FURNITURE) > 8:
            _FILE_FURNITURE.clear()
        _FILE_FURNITURE[key] = frozenset(header_footer_lines(source))
    return _FILE_FURNITURE[key]


def furniture_lines(source: SourceFile, start_line: int = 1, end_line: int | None = None) -> set[int]:
    """Page furniture among lines ``start_line..end_line`` (1-based, inclusive).

    The union of what the whole file shows (:func:`header_footer_lines`) and what
    each line shows alone (:func:`is_furniture_line`; the ends of the range count
    as blank lines, so a bare page number opening a document is furniture).
    """
    last = source.line_count if end_line is None else min(end_line, source.line_count)
    nos = list(range(max(start_line, 1), last + 1))
    whole = _file_furniture(source) if nos else frozenset()
    lines = [source.line(no) for no in nos]
    blank = [is_blank(s) for s in lines]
    return {
        no
        for k, (no, s) in enumerate(zip(nos, lines, strict=True))
        if not blank[k]
        and (no in whole or is_furniture_line(s, k == 0 or blank[k - 1], k + 1 == len(nos) or blank[k + 1]))
    }


def document_furniture_lines(doc: Document) -> set[int]:
    """:func:`furniture_lines` of the lines of ``doc``."""
    return furniture_lines(doc.source, doc.start_line, doc.end_line)


def content_lines(doc: Document) -> list[Text]:
    """The lines of ``doc`` without page furniture (offsets kept, so evidence maps back).

    The blank lines around a page header go with it, so a table row, a wrapped
    line or a header block cut by a page seam reads as if no seam were there.
    """
    numbered = list(doc.line_texts())
    furniture = document_furniture_lines(doc) if numbered else set()
    blank = [is_blank(t) for _, t in numbered]
    furn = [no in furniture for no, _ in numbered]
    drop = list(furn)
    for k in range(len(numbered)):
        if not blank[k]:
            continue
        a = k
        while a >= 0 and blank[a]:
            a -= 1
        b = k
        while b < len(numbered) and blank[b]:
            b += 1
        drop[k] = (a >= 0 and furn[a]) or (b < len(numbered) and furn[b])
    return [t for (_, t), d in zip(numbered, drop, strict=True) if not d]


_REPEATS: list[tuple[object, dict[str, int]]] = []  # (source file, counts) of the last file seen


def line_repeats(t: Text, source: SourceFile | None = None) -> int:
    """How often the (digit-normalised) text of a short line is printed as a whole line
    in its source file."""
    src = source or t.source
    if src is None:
        return 0
    if not _REPEATS or _REPEATS[0][0] is not src:
        counts: dict[str, int] = {}
        for line in src.text.split("\n"):
            key = _furniture_key(line)
            if key and len(key) <= 24:
                counts[key] = counts.get(key, 0) + 1
        _REPEATS[:] = [(src, counts)]
    return _REPEATS[0][1].get(_furniture_key(t.text), 0)


def is_running_header(blocks: Sequence[Block], k: int) -> bool:
    """A running header the layout pass left as text (``2021年第3期`` after a page
    number): a short line with no sentence punctuation, printed as a whole line at
    least three times in the file, next to recognised page furniture."""
    b = blocks[k]
    s = _compact(b.text.text)
    if b.kind in ("blank", "header_footer", "table_row") or not s or len(s) > 24 or re.search(r"[。，,；;：:、]", s):
        return False
    near = False
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(blocks) and blocks[j].kind == "blank":
            j += step
        if 0 <= j < len(blocks) and blocks[j].kind == "header_footer":
            near = True
    return near and line_repeats(b.text) >= 3


# ---------------------------------------------------------------- hard wrap


def display_width(s: str) -> int:
    """Printed width in half-width units: an ASCII digit, letter or space is 1, a CJK
    character or full-width mark (and a tab) is 2."""
    return sum(1 if ch < "\u1100" and ch != "\t" else 2 for ch in s)


@dataclass(frozen=True)
class Wrap:
    """A hard wrap: the measure it counts with and its width.

    A line is *full* (it may have been cut) when the next character would not
    have fitted: by character count exactly the width, by display width within one
    character of it. One character more is allowed either way, as a line may keep a
    closing punctuation mark that must not open the next line.
    """

    width: int
    display: bool

    def measure(self, s: str) -> float:
        return display_width(s) / 2 if self.display else float(len(s))

    def full(self, s: str, slack: int = 1) -> bool:
        m = self.measure(s)
        lo = self.width - 1 if self.display else self.width - 0.5
        return lo < m <= self.width + slack


def wrap_width(lines: Sequence[Text]) -> Wrap | None:
    """The hard wrap of a run of lines, when most long lines are cut at one width.

    Both measures are tried (a wrap counts characters, or display width where
    half-width digits take half a column); the one under which most lines are
    full wins. Table rows left unwrapped and a few longer tab-less lines (a
    title) do not hide the wrap.
    """
    texts = [t.text for t in lines if not is_blank(t)]
    if len(texts) < 6:
        return None
    best: tuple[int, Wrap] | None = None
    for display in (False, True):
        probe = Wrap(0, display)
        counts = Counter(math.ceil(probe.measure(s)) for s in texts if probe.measure(s) >= 8)
        for top, _n in counts.most_common(3):
            w = Wrap(top, display)
            full = sum(1 for s in texts if w.full(s, slack=0))  # cut right at the width
            longer = sum(1 for s in texts if "\t" not in s and w.measure(s) > top + 1)
            if full >= 5 and full >= 0.3 * len(texts) and top <= 200 and longer <= max(2, 0.05 * len(texts)) \
                    and (best is None or full > best[0]):
                best = (full, w)
    return best[1] if best else None


def strip_markup(t: Text) -> Text:
    """Remove HTML tags and markdown bold markers, keeping offsets of the rest.

    The reading view (:mod:`kg.textview`) has already blanked tags; they are found
    again in the printed text so that cells lose them instead of gaining spaces."""
    printed = t.source.printed if t.source is not None else None
    seen = t.text if printed is None else "".join(
        printed[o] if o >= 0 else ch for ch, o in zip(t.text, t.offsets, strict=True)
    )
    if "<" not in seen and "**" not in seen:
        return t
    keep = [True] * len(t.text)
    for pat in (_HTML_TAG, _MD_BOLD):
        for m in pat.finditer(seen):
            for i in range(m.start(), m.end()):
                keep[i] = False
    if all(keep):
        return t
    idx = [i for i, k in enumerate(keep) if k]
    return Text("".join(t.text[i] for i in idx), [t.offsets[i] for i in idx], t.source)


def is_toc_line(s: str) -> bool:
    """A table-of-contents entry: dot leaders or a trailing page number."""
    c = _compact(s)
    return bool(re.search(r"(?:\.{3,}|…{2,}|·{3,})\s*[（(]?\d{1,4}[）)]?$", c))


def is_date_line(s: str) -> bool:
    return bool(_DATE_LINE.match(_compact(s)))


def is_docno_line(s: str) -> bool:
    return bool(_DOCNO_LINE.match(_compact(s)))


def _is_heading(s: str) -> bool:
    """A short line that reads as a heading (no sentence punctuation inside)."""
    c = _compact(s)
    if not c or len(c) > 40:
        return False
    if c[-1] in _TERMINAL or c[-1] in "，,、":
        return False
    if re.search(r"[，。；;,]", c):
        return False
    if c.startswith("【") and c.endswith("】"):
        return True
    if _ISSUER_LINE.match(c) or _TITLE_END.search(c):
        return True
    if re.fullmatch(r"附件\s*\d*[:：]?", c) or re.match(r"^附[件表图]\s*\d*$", c):
        return True
    mark, _ = outline_of(s.strip())
    return bool(mark) and len(c) <= 30


def _opens_item(s: str) -> bool:
    """The line opens a new paragraph/item whatever came before it."""
    c = s.strip()
    if not c:
        return False
    if _BULLET.match(c):
        return True
    mark, _ = outline_of(c)
    if mark:
        return True
    cc = _compact(c)
    if is_date_line(cc) or is_docno_line(cc) or is_toc_line(cc):
        return True
    if cc.startswith(("附件", "（此件", "(此件", "【")):
        return True
    return bool(_ISSUER_LINE.match(cc))


def _ends_complete(s: str) -> bool:
    c = s.rstrip()
    if not c:
        return True
    if c[-1] in _TERMINAL:
        return True
    # "…。）" / "…。”": a sentence closed inside brackets or quotes.
    return c[-1] in _CLOSERS and len(c) >= 2 and c[-2] in _TERMINAL


def _digit_seam(prev: str, nxt: str) -> bool:
    """ "2020年12月29" + "日", "（晋政发〔2021〕48" + "号）": a number cut before its unit."""
    return bool(re.search(r"\d\s*$", prev)) and bool(re.match(r"^\s*[号日月年]", nxt))


# ---------------------------------------------------------------- repair


class _Para:
    __slots__ = ("gap_after", "parts")

    def __init__(self, first: Text) -> None:
        self.parts: list[Text] = [first]
        self.gap_after = False

    @property
    def last(self) -> str:
        return self.parts[-1].text

    @property
    def width(self) -> int:
        return max(len(_compact(p.text)) for p in self.parts)


def _continues(para: _Para, nxt: str, gap: bool) -> bool:
    prev = para.last
    if is_toc_line(prev):
        return False
    if _digit_seam(prev, nxt):
        return True
    if _ends_complete(prev) or _opens_item(nxt):
        return False
    cp = _compact(prev)
    if not gap:
        # Consecutive lines: a hard wrap unless the previous line is a heading
        # that stands on its own.
        if len(para.parts) == 1 and _is_heading(prev) and _is_heading(nxt):
            return False
        return not (len(para.parts) == 1 and _is_heading(prev) and len(cp) < 12)
    # Across a blank line / page furniture: only mend a line that was cut, i.e.
    # one that ran to the full width (long prose, or the wrap width of its block).
    if _is_heading(prev) or _TITLE_END.search(cp):
        return False
    # A short heading-like line after a blank is a new block … unless it is a
    # word fragment such as "局长" or "委" continuing a cut list.
    short_heading = _is_heading(nxt) and len(_compact(nxt)) <= 12
    if short_heading and not re.match(r"^[\u4e00-\u9fff]{1,3}[，、。；]", nxt) and not re.search(r"[，、]", cp):
        return False
    if len(cp) >= 24 and re.search(r"[，、；。“”《》（）]", cp):
        return True
    if len(para.parts) >= 2 and len(cp) >= 0.85 * para.width and len(cp) >= 8:
        return True
    return len(cp) >= 30


def repair(source: SourceFile, start_line: int = 1, end_line: int | None = None) -> list[Block]:
    """Repaired layout of lines ``start_line..end_line`` (1-based, inclusive)."""
    last = source.line_count if end_line is None else min(end_line, source.line_count)
    furniture = _file_furniture(source)  # once per file, not once per document (quadratic in file size)
    blocks: list[Block] = []
    para: _Para | None = None
    pending: list[Block] = []
    gap = False

    def flush() -> None:
        nonlocal para
        if para is not None:
            blocks.append(_para_block(para.parts))
            para = None

    for no in range(max(start_line, 1), last + 1):
        line = source.line_text(no)
        raw = line.text
        if not raw.strip():
            gap = True
            continue
        if no in furniture:
            # Furniture does not break a paragraph: it is emitted after it.
            hf = Block("header_footer", line.strip())
            if para is None:
                blocks.append(hf)
            else:
                pending.append(hf)
            gap = True
            continue
        clean = strip_markup(line)
        cells = split_cells(clean)
        if cells is not None and not is_toc_line(clean.text):
            flush()
            blocks.extend(_drain(pending))
            blocks.append(Block("table_row", clean.strip(" \u3000"), cells=cells))
            gap = False
            continue
        body = clean.strip(" \u3000\t")
        m = _BULLET.match(body.text)
        if m and len(body.text) > m.end():
            body = body[m.end() :]
        if para is not None and _continues(para, body.text, gap):
            para.parts.append(body)
        else:
            flush()
            blocks.extend(_drain(pending))
            para = _Para(body)
        gap = False
    flush()
    blocks.extend(_drain(pending))
    return blocks


def _drain(items: list[Block]) -> Iterable[Block]:
    out = list(items)
    items.clear()
    return out


def _para_block(parts: list[Text]) -> Block:
    text = Text.join(parts)
    s = text.text
    mark, level = outline_of(s)
    if _is_heading(s):
        kind = "heading"
    elif mark:
        kind = "list_item"
    else:
        kind = "paragraph"
    return Block(kind, text, outline=mark, level=level)  # type: ignore[arg-type]


def lines_of(blocks: Iterable[Block]) -> list[int]:
    """All source lines covered by ``blocks`` (sorted, unique)."""
    seen: set[int] = set()
    for b in blocks:
        seen.update(b.lines)
    return sorted(seen)
