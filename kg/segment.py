"""Split a gazette issue into its documents.

The table of contents is NOT trusted (its titles and numbers differ from the
body in real issues); documents are anchored on the title blocks of the body:

* a 文号 line standing alone (``朔政办发〔2020〕43号``, ``阳政办发〔2020〕99 号``,
  ``[2020]``/``(2020)``/``（2020）`` brackets, or split over two lines), with the
  title lines above it (issuer on its own line, or issuer and 关于… on one line);
* a title that opens with an issuer and is followed by a 主送 line (documents
  printed without a number);
* chronicle (大事记) and work-report (政府工作报告) headings.

Each document runs until the next document's title block. The TOC is used only
to give documents their section (【市政府文件】) when the body has no section
headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg import layout
from kg.model import Attachment, Block, DocKind, Document, Gazette, SourceFile, Text
from kg.normalize import compare_key, normalize_doc_number, strip_ws
from kg.thresholds import SINGLE_DOC_TITLE_WINDOW, TITLE_CONFIRM_LINES, TITLE_MAX_CHARS

# The 34 provincial-level divisions and their one-character abbreviations
# (the first character of provincial 文号 such as 晋政发).
PROVINCES: dict[str, tuple[str, ...]] = {
    "北京市": ("京",), "天津市": ("津",), "河北省": ("冀",), "山西省": ("晋",),
    "内蒙古自治区": ("蒙",), "辽宁省": ("辽",), "吉林省": ("吉",), "黑龙江省": ("黑",),
    "上海市": ("沪",), "江苏省": ("苏",), "浙江省": ("浙",), "安徽省": ("皖",),
    "福建省": ("闽",), "江西省": ("赣",), "山东省": ("鲁",), "河南省": ("豫",),
    "湖北省": ("鄂",), "湖南省": ("湘",), "广东省": ("粤",), "广西壮族自治区": ("桂",),
    "海南省": ("琼",), "重庆市": ("渝",), "四川省": ("川", "蜀"), "贵州省": ("黔", "贵"),
    "云南省": ("滇", "云"), "西藏自治区": ("藏",), "陕西省": ("陕", "秦"), "甘肃省": ("甘", "陇"),
    "青海省": ("青",), "宁夏回族自治区": ("宁",), "新疆维吾尔自治区": ("新",),
    "香港特别行政区": ("港",), "澳门特别行政区": ("澳",), "台湾省": ("台",),
}

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}

_ISSUER_SUFFIX = r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|办公厅|办公室|委员会|政府)"
# An issuer at the start of a title line: "朔州市人民政府", "阳泉市人民政府办公室".
_ISSUER_START = re.compile(rf"^(?P<issuer>[\u4e00-\u9fff]{{1,24}}?{_ISSUER_SUFFIX})(?=\s|关于|印发|$)")

_BRACKETS_OPEN = "〔[(（【［﹝〖"
_BRACKETS_CLOSE = "〕])）】］﹞〗"
_DOCNO = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,12}})\s*[{re.escape(_BRACKETS_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_BRACKETS_CLOSE)}]\s*(?P<num>\d{{1,5}})\s*号"
)
_DOCNO_EXACT = re.compile(
    rf"^[（(]?(?P<no>[\u4e00-\u9fff]{{1,12}}[{re.escape(_BRACKETS_OPEN)}](?:19|20)\d{{2}}"
    rf"[{re.escape(_BRACKETS_CLOSE)}]\d{{1,5}}号)[）)]?$"
)

_DATE = re.compile(
    r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日?"
)

_TITLE_WORDS = ("关于", "印发", "通知", "意见", "批复", "决定", "报告", "措施", "通报", "命令", "大事记")
_TITLE_TAIL = re.compile(
    r"(?:通知|意见|批复|决定|通报|报告|方案|预案|办法|规定|细则|规划|措施|计划|命令|公告|通告|函|要点|"
    r"大事记|纪要|决议|清单|名单|责任分解|任务分工|责任分工)$"
)


_PERIOD_LINE = re.compile(r"[（(][\d〇零一二三四五六七八九十年月日至—\-－~～]{2,24}[）)]")


# a period printed on its own line above a chronicle heading: "2022年6月", "2022年第二季度"
_PERIOD_ABOVE = re.compile(r"[（(]?\d{4}年(?:\d{1,2}月|第?[一二三四1-4]季度|[上下]半年)?(?:[—\-－至]\d{1,2}月)?[）)]?")
_PERIOD_TAIL = re.compile(r"[（(][^）)]*[）)]$")


@dataclass
class _Anchor:
    start: int  # first line of the title block
    docno_line: int | None  # first line of the 文号 (None: no number)
    after: int  # first line after the title block (and 文号)
    title_lines: list[int]
    doc_number: str | None
    # first line of the whole head (a 文号 or 红头 printed above the title); the
    # document before ends above it
    block_start: int | None = None

    @property
    def head(self) -> int:
        return self.block_start or self.start


# ---------------------------------------------------------------- public


def parse_gazette(source: SourceFile) -> Gazette:
    """Split ``source`` into a :class:`Gazette` with its :class:`Document` s."""
    blocks = layout.repair(source)
    furniture = layout.header_footer_lines(source)
    # Page furniture (running headers, page numbers) reads as blank lines here.
    lines = [
        "" if no in furniture else strip_ws(source.line(no)).strip("|｜")
        for no in range(1, source.line_count + 1)
    ]
    raw = [strip_ws(source.line(no)) for no in range(1, min(source.line_count, 120) + 1)]
    city = _city(raw)
    year, issue, total, published = _masthead(raw)
    gazette = Gazette(source, source.name, city, None, year, issue, total, published, blocks=blocks)
    tabbed = {
        no for no in range(1, source.line_count + 1) if "\t" in source.line(no).strip()
    }
    anchors = _find_anchors(lines, furniture, tabbed)
    if not anchors:
        # not an issue with a masthead and title blocks: one document as published
        single = _single_document_anchor(lines, furniture)
        anchors = [single] if single is not None else []
    if len(anchors) == 1 and anchors[0].doc_number is None:
        # a captured page's metadata gives the number its text does not print
        meta = _meta_fields(lines, min(len(lines), anchors[0].start + SINGLE_DOC_TITLE_WINDOW))
        if "发文字号" in meta and _DOCNO.search(strip_ws(meta["发文字号"][0])):
            anchors[0].doc_number = normalize_doc_number(strip_ws(meta["发文字号"][0]))
    toc = _toc_sections(lines, anchors[0].start if anchors else len(lines) + 1)
    body_sections = _body_sections(lines, anchors)
    docs: list[Document] = []
    for i, a in enumerate(anchors):
        end = (anchors[i + 1].head - 1) if i + 1 < len(anchors) else len(lines)
        while end > a.start and not lines[end - 1]:
            end -= 1
        docs.append(_make_document(source, gazette, a, end, lines, furniture, toc, body_sections))
    _fill_sections(docs)
    gazette.documents = docs
    gazette.province = _province(lines, docs)
    if gazette.city is None:
        gazette.city = _city_of_issuers(docs)
        for d in docs:
            d.city = gazette.city
    return gazette


# an issuer's own place: "昆明市官渡区人民政府" -> 昆明市官渡区, "上海市人民政府办公厅" -> 上海市
_ISSUER_PLACE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{1,10}?(?:市|州|盟|地区|县|区|旗))"
    r"(?:人民政府|政府|人民代表大会|人大常委会|委员会|[\u4e00-\u9fff]{0,12}(?:局|委|办公室|办))"
)


def _city_of_issuers(docs: list[Document]) -> str | None:
    """The place a file without a masthead belongs to: the one its documents' issuers name."""
    counts: dict[str, int] = {}
    for d in docs:
        m = _ISSUER_PLACE.match(d.issuer or "") or _ISSUER_PLACE.match(d.title or "")
        if m:
            counts[m.group("place")] = counts.get(m.group("place"), 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


# ---------------------------------------------------------------- masthead


def _city(lines: list[str]) -> str | None:
    for s in lines[:80]:
        m = re.match(r"^(?P<city>[\u4e00-\u9fff]{2,12}?(?:市|州|盟|地区|县|区))人民政府公报", s)
        if m:
            return m.group("city")
    for s in lines[:80]:
        m = re.match(r"^(?P<city>[\u4e00-\u9fff]{2,12}?(?:市|州|盟))(?:政府)?公报", s)
        if m:
            return m.group("city")
    return None


def _masthead(lines: list[str]) -> tuple[int | None, int | None, int | None, str | None]:
    year = issue = total = None
    published = None
    for s in lines[:80]:
        if year is None:
            m = re.search(r"(\d{4})年?第(\d{1,3})期", s)
            if m:
                year, issue = int(m.group(1)), int(m.group(2))
        if total is None:
            m = re.search(r"总第(\d{1,5})期", s)
            if m:
                total = int(m.group(1))
        if published is None and "出版" in s:
            m = _DATE.search(s)
            if m:
                published = _iso(m)
    return year, issue, total, published


def _province(lines: list[str], docs: list[Document]) -> str | None:
    counts: dict[str, int] = {}
    text = "\n".join(lines)
    for name in PROVINCES:
        n = text.count(name)
        if n:
            counts[name] = n
    if counts:
        return max(counts, key=lambda k: counts[k])
    abbrev = {a: name for name, abbrs in PROVINCES.items() for a in abbrs}
    for m in _DOCNO.finditer(text):
        first = m.group("prefix")[-len(m.group("prefix")):][:1]
        if first in abbrev:
            counts[abbrev[first]] = counts.get(abbrev[first], 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


# ---------------------------------------------------------------- dates


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if all(ch in _CN_DIGITS for ch in s) and "十" not in s:
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    # 十, 十一, 二十, 二十九, 三十一
    if "十" in s:
        left, _, right = s.partition("十")
        tens = _CN_DIGITS[left] if left else 1
        ones = _CN_DIGITS[right] if right else 0
        return tens * 10 + ones
    return int("".join(str(_CN_DIGITS.get(ch, 0)) for ch in s))


def _iso(m: re.Match[str]) -> str | None:
    try:
        y, mo, d = _cn_int(m.group("y")), _cn_int(m.group("m")), _cn_int(m.group("d"))
    except (KeyError, ValueError):
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_date(s: str) -> str | None:
    """ISO date of a printed date ("2020 年 9 月 11 日", "二〇二〇年十月三十日")."""
    m = _DATE.search(strip_ws(s))
    return _iso(m) if m else None


_DATE_HEAD = re.compile(
    r"^(?:\d{1,4}|[〇○零一二三四五六七八九]{1,4})(?:年(?:[\d一二三四五六七八九十]{1,3}(?:月[\d一二三四五六七八九十]{0,3})?)?)?$"
)


def _date_at(lines: list[str], i: int) -> tuple[str | None, int]:
    """If line i (0-based) is a standalone date, possibly cut over two lines by
    a page seam ("2020年12月29" / "" / "日"): (iso, lines used)."""
    s = lines[i]
    m = _DATE.fullmatch(s)
    if m and s.endswith("日"):
        return _iso(m), 1
    if not (m or _DATE_HEAD.match(s)) or not s:
        return None, 0
    j = i + 1
    while j < len(lines) and not lines[j] and j - i <= 6:
        j += 1
    if j < len(lines) and lines[j] and len(lines[j]) <= 8:
        m2 = _DATE.fullmatch(s + lines[j])
        if m2 and lines[j].endswith("日"):
            return _iso(m2), j - i + 1
    return None, 0


# ---------------------------------------------------------------- anchors


def _docno_at(lines: list[str], i: int) -> tuple[str | None, int]:
    """A 文号 standing alone on line i (0-based), possibly continued on the next
    non-blank line. Returns (normalised number, index of its last line)."""
    s = lines[i]
    if not s or len(s) > 30:
        return None, i
    m = _DOCNO_EXACT.match(s)
    if m:
        return normalize_doc_number(m.group("no")), i
    # a decree number: "某市人民政府令" over "第48号", or "某市人民政府令第48号" on one line
    m = _DECREE.fullmatch(s)
    if m:
        if m.group("num"):
            return s, i
        j = _next_nonblank(lines, i, set())
        if j is not None and j - i <= 2 and _DECREE_NUM.fullmatch(lines[j]):
            return s + lines[j], j
    # split over two lines: "朔政办发〔2020〕" / "43号", "朔政办发" / "〔2020〕43号"
    if re.fullmatch(rf"[（(]?[\u4e00-\u9fff]{{1,12}}(?:[{re.escape(_BRACKETS_OPEN)}]\d{{0,4}}"
                    rf"(?:[{re.escape(_BRACKETS_CLOSE)}]\d{{0,5}})?)?", s):
        j = i + 1
        while j < len(lines) and not lines[j] and j - i <= 2:
            j += 1
        if j < len(lines) and len(lines[j]) <= 14:
            m = _DOCNO_EXACT.match(s + lines[j])
            if m and not _DOCNO_EXACT.match(lines[j]):
                return normalize_doc_number(m.group("no")), j
    return None, i


def _is_stop_line(s: str) -> bool:
    """A line that cannot belong to a title block above a 文号."""
    if not s:
        return False
    if s[-1] in "。；;：:！？!?" or s.endswith(("。）", "。)")):
        return True
    if _DATE.fullmatch(s) or re.fullmatch(r"日", s):
        return True
    if s.startswith(("（此件", "(此件", "此件", "【")) or layout.is_toc_line(s):
        return True
    return bool(re.fullmatch(r"附[件表图]\d*[:：]?", s))


def _prev_nonblank(lines: list[str], i: int, skip: set[int]) -> int | None:
    j = i - 1
    while j >= 0 and (not lines[j] or (j + 1) in skip):
        j -= 1
    return j if j >= 0 else None


def _next_nonblank(lines: list[str], i: int, skip: set[int]) -> int | None:
    j = i + 1
    while j < len(lines) and (not lines[j] or (j + 1) in skip):
        j += 1
    return j if j < len(lines) else None


def _title_above(lines: list[str], i: int, skip: set[int], raw_tabs: set[int]) -> list[int]:
    """0-based indices of the title lines just above line i (the 文号)."""
    out: list[int] = []
    j = _prev_nonblank(lines, i, skip)
    while j is not None and len(out) < 5:
        s = lines[j]
        if _is_stop_line(s) or (j + 1) in raw_tabs:
            break
        if len(s) > 80:
            break
        out.insert(0, j)
        if _ISSUER_START.match(s):
            break
        j = _prev_nonblank(lines, j, skip)
    # The block must read as a title.
    if not any(w in "".join(lines[k] for k in out) for w in _TITLE_WORDS):
        return []
    # Drop leading lines that precede the line holding the issuer (e.g. a
    # stray heading of the previous document) when an issuer line exists.
    for n, k in enumerate(out):
        if _ISSUER_START.match(lines[k]):
            return out[n:]
    # No issuer: keep from the line that opens the title (关于/印发…).
    for n, k in enumerate(out):
        if lines[k].startswith(("关于", "印发")):
            return out[n:]
    return out


def _find_anchors(lines: list[str], furniture: set[int], tabbed: set[int]) -> list[_Anchor]:
    n = len(lines)
    anchors: list[_Anchor] = []
    used_until = -1
    i = 0
    while i < n:
        if i <= used_until or (i + 1) in furniture:
            i += 1
            continue
        no, last = _docno_at(lines, i)
        if no:
            title = _title_above(lines, i, furniture, tabbed)
            if title and title[0] > used_until:
                anchors.append(_Anchor(title[0] + 1, i + 1, last + 2, [k + 1 for k in title], no))
                used_until = last
                i = last + 1
                continue
            below = _title_below(lines, last, furniture)
            if below:
                # the 红头 layout: (issuer 文件 line,) 文号, then the title
                head = _red_head_above(lines, i, furniture)
                anchors.append(_Anchor(below[0] + 1, i + 1, below[-1] + 2, [k + 1 for k in below], no,
                                       block_start=(head if head is not None else i) + 1))
                used_until = below[-1]
                i = below[-1] + 1
                continue
        s = lines[i]
        m = _ISSUER_START.match(s)
        if m and i > used_until:
            a = _numberless_anchor(lines, i, furniture)
            if a is not None:
                anchors.append(a)
                used_until = a.after - 2
                i = a.after - 1
                continue
        heading = re.fullmatch(r"[\u4e00-\u9fff\d年]{0,30}(?:大事记|政府工作报告)", s)
        period_above = (
            heading is not None and i > 0 and _PERIOD_ABOVE.fullmatch(strip_ws(lines[i - 1])) is not None
            and _is_block_start(lines, i - 1)
        )
        if heading and (_is_block_start(lines, i) or period_above):
            title_lines = [i, i + 1] if period_above else [i + 1]
            # a period printed under the heading belongs to the title: "（2019年3月）"
            nj = _next_nonblank(lines, i, furniture)
            if nj is not None and _PERIOD_LINE.fullmatch(strip_ws(lines[nj])):
                title_lines.append(nj + 1)
            anchors.append(_Anchor(title_lines[0], None, title_lines[-1] + 1, title_lines, None))
            used_until = title_lines[-1] - 1
        i += 1
    return _drop_toc_anchors(anchors, lines)


def _is_block_start(lines: list[str], i: int) -> bool:
    return i == 0 or not lines[i - 1] or _is_stop_line(lines[i - 1])


def _numberless_anchor(lines: list[str], i: int, skip: set[int]) -> _Anchor | None:
    """Issuer + 关于… title followed directly by a 主送 line (no 文号 printed)."""
    if not _is_block_start(lines, i):
        return None
    title = [i]
    j = i
    text = lines[i]
    while not _TITLE_TAIL.search(text):
        nj = _next_nonblank(lines, j, skip)
        if nj is None or len(title) >= 4 or _is_stop_line(lines[nj]):
            return None
        title.append(nj)
        text += lines[nj]
        j = nj
    if "关于" not in text and "印发" not in text:
        return None
    nj = _next_nonblank(lines, j, skip)
    if nj is None:
        return None
    nxt = lines[nj]
    if _docno_at(lines, nj)[0]:
        return None  # handled by the 文号 anchor
    if _ADOPTED.fullmatch(nxt):
        return _Anchor(i + 1, None, nj + 2, [k + 1 for k in title], None)
    if not (nxt.endswith(("：", ":")) and len(nxt) <= 120):
        return None
    return _Anchor(i + 1, None, j + 2, [k + 1 for k in title], None)


_DECREE = re.compile(r"[（(]?[\u4e00-\u9fff]{2,24}令(?P<num>(?:第|〔\d{4}〕第?)[\d〇一二三四五六七八九十百]{1,5}号)?[）)]?")
_DECREE_NUM = re.compile(r"第[\d〇一二三四五六七八九十百]{1,5}号")
# "（2021年6月30日某市第四届人民代表大会常务委员会第三十次会议通过）": a decision's adoption line
_ADOPTED = re.compile(r"[（(][^（()）]{4,80}(?:通过|批准|审议|决定)[）)]")
# "某某市人民政府文件", "某某县人民政府办公室文件": the 红头 over a 文号
_RED_HEAD = re.compile(rf"[\u4e00-\u9fff]{{2,30}}{_ISSUER_SUFFIX}?文件")


def _red_head_above(lines: list[str], i: int, skip: set[int]) -> int | None:
    j = _prev_nonblank(lines, i, skip)
    if j is not None and i - j <= 3 and _RED_HEAD.fullmatch(lines[j]):
        return j
    return None


def _title_lines_from(lines: list[str], j: int, skip: set[int]) -> list[int]:
    """The title block starting at line j (0-based): an issuer line and/or lines that
    open with 关于/印发/the issuer, up to the line ending with a title word."""
    out: list[int] = []
    text = ""
    k: int | None = j
    while k is not None and len(out) < 4:
        t = lines[k]
        if _is_stop_line(t) or len(text) + len(t) > TITLE_MAX_CHARS or _DOCNO.search(t):
            return []
        out.append(k)
        text += t
        if _TITLE_TAIL.search(_PERIOD_TAIL.sub("", text)) and (len(out) > 1 or not _ISSUER_ONLY.fullmatch(t)):
            break
        k = _next_nonblank(lines, k, skip)
    else:
        return []
    core = _PERIOD_TAIL.sub("", text)
    if not _TITLE_TAIL.search(core) or not (any(w in text for w in _TITLE_WORDS) or core != text):
        return []
    return out


_ISSUER_ONLY = re.compile(rf"[\u4e00-\u9fff]{{1,24}}{_ISSUER_SUFFIX}")


def _title_below(lines: list[str], i: int, skip: set[int]) -> list[int]:
    """0-based title lines right under a 文号 ending on line i (the 红头 layout)."""
    j = _next_nonblank(lines, i, skip)
    if j is None or j - i > 3:
        return []
    first = lines[j]
    if not (_ISSUER_START.match(first) or first.startswith(("关于", "印发"))):
        return []
    return _title_lines_from(lines, j, skip)


# ---------------------------------------------------------------- single documents

# web-page furniture around a capture: breadcrumbs, share and print links, font switches
_NAV = re.compile(
    r"(?:首页|当前位置|您的位置|所在位置).{0,60}|.*(?:>|＞|»|→).*(?:>|＞|»|→)?.*|"
    r".{0,20}(?:分享到|打印本页|关闭窗口|字体[：:]?\s*[大中小]|【[大中小]】|扫一扫|浏览次数|访问量|责任编辑).{0,40}"
)
# metadata fields of a document page: "发文字号：", "标 题：", "成文日期：" …
_META = re.compile(
    r"^[•·\-\s|｜]*(?P<key>索\s*引\s*号|发文字号|文件编号|文\s*号|发文机关|发文机构|发布机构|标\s*题|名\s*称|"
    r"成文日期|发文日期|发布日期)\s*[：:]\s*(?P<value>.*)$"
)
# the metadata keys anywhere in a |-flattened row: "索引号：| … | 成文日期：| 2022-04-18 |"
_META_CELL = re.compile(r"(?P<key>发文字号|文件编号|发文机关|发文机构|发布机构|成文日期)[：:]\|(?P<value>[^|]+)")


def _meta_fields(lines: list[str], limit: int) -> dict[str, tuple[str, int]]:
    """Metadata printed above a captured document: key -> (value, 0-based line). A
    value printed on the next non-blank line (list layouts) is taken from there."""
    out: dict[str, tuple[str, int]] = {}
    for i in range(min(limit, len(lines))):
        m = _META.match(lines[i])
        if not m:
            continue
        key = strip_ws(m.group("key"))
        value, at = strip_ws(m.group("value")), i
        if not value:
            j = _next_nonblank(lines, i, set())
            if j is not None and j - i <= 3 and not _META.match(lines[j]):
                value, at = lines[j], j
        key = _META_KEYS.get(key, key)
        if value and key not in out:
            out[key] = (value.strip("|｜ ").split("|")[0], at)
    for i in range(min(limit, len(lines))):
        for m in _META_CELL.finditer(lines[i]):
            key = _META_KEYS.get(m.group("key"), m.group("key"))
            if key not in out and m.group("value"):
                out[key] = (m.group("value"), i)
    return out


_META_KEYS = {"文号": "发文字号", "文件编号": "发文字号", "发文机构": "发文机关", "发布机构": "发文机关",
              "名称": "标题", "发文日期": "成文日期"}


def _reads_as_title(s: str) -> bool:
    if not s or len(s) > TITLE_MAX_CHARS or _is_stop_line(s) or _NAV.fullmatch(s) or _RED_HEAD.fullmatch(s):
        return False
    if _META.match(s) or _DOCNO.search(s) or "。" in s:
        return False
    core = _PERIOD_TAIL.sub("", s)
    return bool(_TITLE_TAIL.search(core)) and (any(w in s for w in _TITLE_WORDS) or core != s)


# a headline (news pages of 人大 sites, chronicle pages): a short line with no sentence mark
_HEADLINE = re.compile(r"(?![一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])[^。；：:，,！？!?]{6,32}")
# the byline under a headline: 来源/日期/时间/作者/发布 …
_BYLINE = re.compile(r"(?:来源|信息来源|日期|时间|发布时间|作者|编辑|浏览|点击)[：:]?.*|[\d\-/: ]{8,20}")


def _confirms_title(lines: list[str], k: int, skip: set[int]) -> int | None:
    """The 0-based line under a title that confirms it (a 文号, a 主送 line, an adoption
    line) within TITLE_CONFIRM_LINES, or None."""
    j: int | None = k
    for _ in range(TITLE_CONFIRM_LINES):
        j = _next_nonblank(lines, j, skip) if j is not None else None
        if j is None:
            return None
        s = lines[j]
        if _docno_at(lines, j)[0] or _ADOPTED.fullmatch(s) or (s.endswith("：") and len(s) <= 120):
            return j
        if len(s) > TITLE_MAX_CHARS:
            return None
    return None


def _single_document_anchor(lines: list[str], skip: set[int]) -> _Anchor | None:
    """One document as published on a web page (or cut from one): its title is the
    first line in the head of the file that reads as a title, preferring one that a
    文号, 主送 or adoption line confirms; the page's metadata fill what the head lacks.
    A capture with no title at all still gives its (untitled) document when it has a
    body: a 主送 line or paragraphs of text."""
    window = min(len(lines), SINGLE_DOC_TITLE_WINDOW)
    meta = _meta_fields(lines, window)
    candidates: list[list[int]] = []
    i = 0
    while i < window:
        s = lines[i]
        if (i + 1) not in skip and s and (_reads_as_title(s) or _ISSUER_ONLY.fullmatch(s)):
            block = _title_lines_from(lines, i, skip)
            if block and all(not _NAV.fullmatch(lines[k]) for k in block):
                candidates.append(block)
                i = block[-1] + 1
                continue
        i += 1
    confirmed = [c for c in candidates if _confirms_title(lines, c[-1], skip) is not None]
    title: list[int] | None = (confirmed or candidates or [None])[0]  # type: ignore[list-item]
    doc_number = None
    if "发文字号" in meta and _DOCNO.search(strip_ws(meta["发文字号"][0])):
        doc_number = normalize_doc_number(strip_ws(meta["发文字号"][0]))
    if title is not None:
        after = title[-1] + 1
        conf = _confirms_title(lines, title[-1], skip)
        if conf is not None:
            no, last = _docno_at(lines, conf)
            if no:
                doc_number, after = no, last + 1
        if doc_number is None:  # a 文号 printed just above the title (红头 layout)
            j = _prev_nonblank(lines, title[0], skip)
            if j is not None and title[0] - j <= 3:
                doc_number = _docno_at(lines, j)[0]
        return _Anchor(title[0] + 1, None, after + 1, [k + 1 for k in title], doc_number)
    if "标题" in meta:
        at = meta["标题"][1]
        return _Anchor(at + 1, None, at + 2, [at + 1], doc_number)
    # no official title: the body starts at the first line of running text after the
    # page furniture; the page's headline above it, if any, is the title
    headline: int | None = None
    for i in range(len(lines)):
        s = lines[i]
        if not s or (i + 1) in skip or _NAV.fullmatch(s) or _META.match(s):
            continue
        if s.endswith("：") or len(s) >= 40:
            if headline is not None:
                return _Anchor(headline + 1, None, headline + 2, [headline + 1], doc_number)
            return _Anchor(i + 1, None, i + 1, [], doc_number)
        if _HEADLINE.fullmatch(s) and not _BYLINE.fullmatch(s) and not _DATE.search(s):
            headline = i
    return None


def _drop_toc_anchors(anchors: list[_Anchor], lines: list[str]) -> list[_Anchor]:
    """A 文号 printed twice as an anchor: the earlier one is a TOC entry."""
    last_by_no: dict[str, int] = {}
    for k, a in enumerate(anchors):
        if a.doc_number:
            last_by_no[a.doc_number] = k
    out = []
    for k, a in enumerate(anchors):
        if a.doc_number and last_by_no[a.doc_number] != k:
            nxt = anchors[k + 1].start if k + 1 < len(anchors) else len(lines) + 1
            body = [s for s in lines[a.after - 1 : nxt - 1] if s]
            if len(body) < 2:
                continue
        out.append(a)
    return out


# ---------------------------------------------------------------- sections


def _toc_sections(lines: list[str], body_start: int) -> list[tuple[str, str]]:
    """(section, compact TOC text of the section) before the body: each section's
    TOC lines joined, so entries wrapped over several lines still match."""
    out: list[tuple[str, str]] = []
    section: str | None = None
    buf: list[str] = []
    for s in lines[: body_start - 1]:
        m = re.fullmatch(r"【(.{2,20})】", s)
        if m:
            if section:
                out.append((section, "".join(buf)))
            section, buf = m.group(1), []
            continue
        if section and s:
            buf.append(s)
    if section:
        out.append((section, "".join(buf)))
    return out


def _body_sections(lines: list[str], anchors: list[_Anchor]) -> dict[int, str]:
    """Section headings printed in the body: anchor start line -> section."""
    out: dict[int, str] = {}
    if not anchors:
        return out
    current: str | None = None
    k = 0
    for no in range(anchors[0].start - 5, len(lines) + 1):
        if no < 1:
            continue
        while k < len(anchors) and anchors[k].start <= no:
            if current:
                out[anchors[k].start] = current
            k += 1
        m = re.fullmatch(r"【(.{2,20})】", lines[no - 1])
        if m:
            current = m.group(1)
    return out


def _section_from_toc(doc: Document, toc: list[tuple[str, str]]) -> str | None:
    if not toc:
        return None
    if doc.doc_number:
        key = compare_key(doc.doc_number)
        for section, s in toc:
            if key and key in compare_key(s):
                return section
    title_key = compare_key(doc.title)
    core = title_key
    if doc.issuer and core.startswith(compare_key(doc.issuer)):
        core = core[len(compare_key(doc.issuer)) :]
    core = core.replace("关于", "", 1)
    best: tuple[float, str | None] = (0.0, None)
    for section, s in toc:
        s = compare_key(re.sub(r"[.…·]{2,}[（(]?\d{0,4}[）)]?", "", s))
        if core and core in s:
            return section
        score = _overlap(core, s)
        if score > best[0]:
            best = (score, section)
    return best[1] if best[0] >= 0.8 else None


def _overlap(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    grams = {a[i : i + 2] for i in range(len(a) - 1)}
    if not grams:
        return 0.0
    return sum(1 for g in grams if g in b) / len(grams)


def _fill_sections(docs: list[Document]) -> None:
    """A document the TOC does not place inherits the section of its neighbour."""
    for k, d in enumerate(docs):
        if d.section is None:
            prev = next((x.section for x in reversed(docs[:k]) if x.section), None)
            nxt = next((x.section for x in docs[k + 1 :] if x.section), None)
            d.section = prev if prev is not None else nxt


# ---------------------------------------------------------------- documents


def _make_document(
    source: SourceFile,
    gazette: Gazette,
    a: _Anchor,
    end: int,
    lines: list[str],
    furniture: set[int],
    toc: list[tuple[str, str]],
    body_sections: dict[int, str],
) -> Document:
    title_raw = "".join(lines[k - 1] for k in a.title_lines)
    title = strip_ws(title_raw)
    m = _ISSUER_START.match(title)
    issuer = m.group("issuer") if m else None
    date, sig_issuer = _signature_date(lines, a.after, end, furniture)
    if issuer is None:
        issuer = sig_issuer
    doc = Document(
        source=source,
        gazette_id=gazette.id,
        title=title,
        doc_number=a.doc_number,
        issuer=issuer,
        date=date,
        kind=_kind(title, a.doc_number),
        section=None,
        start_line=a.start,
        end_line=max(end, a.start),
        city=gazette.city,
    )
    doc.recipients = _recipients(lines, a.after, end, furniture)
    doc.blocks = layout.repair(source, doc.start_line, doc.end_line)
    doc.attachments = _attachments(lines, doc, a.after, furniture)
    doc.section = body_sections.get(a.start) or _section_from_toc(doc, toc)
    return doc


_SIGNER = re.compile(rf"{_ISSUER_SUFFIX}$|[\u4e00-\u9fff]{{2,30}}(?:局|委|厅|院|会|部|处|中心|指挥部|小组)$")


def _signature_date(
    lines: list[str], after: int, end: int, furniture: set[int]
) -> tuple[str | None, str | None]:
    """The 落款 date: the first standalone date line under a signature line
    (falls back to the first standalone date line of the document)."""
    first: str | None = None
    for i in range(after - 1, end):
        if (i + 1) in furniture:
            continue
        iso, _ = _date_at(lines, i)
        if not iso:
            continue
        prev = _prev_nonblank(lines, i, furniture)
        signer = lines[prev] if prev is not None else ""
        if prev is not None and _SIGNER.search(signer) and len(signer) <= 40:
            return iso, signer if _ISSUER_START.match(signer) else None
        if first is None:
            first = iso
    return first, None


def _recipients(lines: list[str], after: int, end: int, furniture: set[int]) -> list[str]:
    """The 主送 line(s) right after the title block: "各县（市、区）人民政府，市直各有关单位："."""
    i = after - 1
    while i < end and (not lines[i] or (i + 1) in furniture):
        i += 1
    text = ""
    for _ in range(3):
        if i >= end:
            return []
        text += lines[i]
        if text.endswith(("：", ":")):
            break
        if len(text) > 120 or text[-1] in "。；;":
            return []
        i = _next_nonblank(lines, i, furniture) or end
    else:
        return []
    if len(text) > 150 or "。" in text:
        return []
    return split_list(text.rstrip("：:"))


def split_list(s: str) -> list[str]:
    """Split an agency list on ，,、；; outside brackets."""
    out: list[str] = []
    depth = 0
    cur = ""
    for ch in s:
        if ch in "（(〔[【":
            depth += 1
        elif ch in "）)〕]】":
            depth = max(0, depth - 1)
        if depth == 0 and ch in "，,、；;":
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return [x for x in (strip_ws(p) for p in out) if x]


_PLAN_KIND = re.compile(
    r"(分解表|任务表|一览表|清单|方案|预案|办法|细则|规定|规划|计划|措施|要点|制度|规则|标准|名单|目录|意见|指引|指南|表)"
    r"[》”）)]?$"
)


def _attachments(lines: list[str], doc: Document, after: int, furniture: set[int]) -> list[Attachment]:
    """Attached plans: "附件N" headings followed by a title, and the plan a 印发
    notice prints after its signature."""
    out: list[Attachment] = []
    seen: set[str] = set()

    def add(title: str, line: int) -> None:
        t = strip_ws(title).strip("《》")
        if not t or t in seen or len(t) > 80:
            return
        m = _PLAN_KIND.search(t)
        seen.add(t)
        out.append(Attachment(t, line, m.group(1) if m else None))

    end = doc.end_line
    # 1. the printed plan right after the signature/date (and "（此件公开发布）")
    for i in range(after - 1, end):
        iso, used = _date_at(lines, i)
        if not iso:
            continue
        j = i + used - 1
        nj = _next_nonblank(lines, j, furniture)
        if nj is not None and nj < end and lines[nj].startswith(("（此件", "(此件")):
            nj = _next_nonblank(lines, nj, furniture)
        if nj is not None and nj < end:
            s = lines[nj]
            if not re.match(r"^附[件表图]", s) and _PLAN_KIND.search(s) and len(s) <= 60 and not _is_stop_line(s):
                add(s, nj + 1)
        break
    # 2. "附件" / "附件1" headings with the title on the same or the next line
    for i in range(after - 1, end):
        s = lines[i]
        m = re.fullmatch(r"附[件表]\s*\d*[:：]?(?P<title>.*)", s)
        if not m or (i + 1) in furniture:
            continue
        title = m.group("title")
        if title:
            # "附件：1. …" lists in the covering notice name the attachments too
            title = re.sub(r"^\d+[.．、]", "", title)
            if _PLAN_KIND.search(title) and len(title) <= 60:
                add(title, i + 1)
            continue
        nj = _next_nonblank(lines, i, furniture)
        if nj is not None and nj < end:
            t = lines[nj]
            if len(t) <= 60 and not _is_stop_line(t) and "\t" not in t:
                add(t, nj + 1)
    return out


def _kind(title: str, doc_number: str | None) -> DocKind:
    t = title
    personnel = ("任免", "任职", "免职", "任命", "免去", "辞去", "辞职", "罢免", "代理")
    if any(w in t for w in personnel) or (doc_number and "任" in doc_number.split("〔")[0]):
        return "appointment"
    if t.endswith("大事记") or "大事记" in _PERIOD_TAIL.sub("", t)[-8:]:
        return "chronicle"
    if t.endswith("批复"):
        return "approval"
    if t.endswith("意见"):
        return "opinion"
    if t.endswith("报告"):
        return "report"
    if re.search(r"(通知|通报|公告|通告|函)$", t):
        return "notice"
    if re.search(r"(方案|预案|规划|计划|办法|细则|规定)$", t):
        return "plan"
    return "other"


def doc_blocks(doc: Document) -> list[Block]:
    """The repaired blocks of one document (computed once by parse_gazette)."""
    return doc.blocks


def title_text(doc: Document) -> Text:
    """The body title of ``doc`` as a :class:`Text` (its printed lines joined,
    whitespace removed), for provenance."""
    want = len(strip_ws(doc.title))
    parts: list[Text] = []
    got = 0
    for no in range(doc.start_line, min(doc.end_line, doc.start_line + 12) + 1):
        t = doc.source.line_text(no).remove_whitespace()
        if not t.text:
            continue
        parts.append(t)
        got += len(t.text)
        if got >= want:
            break
    return Text.join(parts)


def find_text(doc: Document, needle: str, start_line: int | None = None) -> Text | None:
    """The first block text of ``doc`` (from ``start_line``) containing ``needle``
    (whitespace ignored), trimmed to the match."""
    key = strip_ws(needle)
    if not key:
        return None
    for b in doc.blocks:
        if start_line is not None and b.line < start_line:
            continue
        t = b.text.remove_whitespace()
        k = t.text.find(key)
        if k >= 0:
            return t[k : k + len(key)]
    return None
