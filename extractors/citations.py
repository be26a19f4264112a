"""Citations between documents: every 文号 or decree number cited in a document's body.

* ``CITES`` {kind}: the document mentions another by its number. ``kind`` says how:
  ``doc_number`` for a 文号 (``晋政办发〔2020〕17号``, any of the brackets ``〔〕 () （） [] 【】``,
  spaces inside), ``decree`` for the number of a 令 (``农业农村部令第3号``, ``国务院令588号``,
  ``财政部第12号令``, ``省人民政府令〔2019〕第5号``), ``title`` for a document named by its title only.
* ``REPEALS`` {kind}: the text abolishes the cited document (废止, 同时废止, 即行废止, 从即日起废止,
  不再执行, 停止执行…), also when the repealed document is named by its 《title》 in the repeal
  sentence: the number printed next to the same title elsewhere in the document (or on that document
  in the same gazette) is the one repealed; with no number anywhere the repeal targets a Document
  known by its title only (``kind`` ``title``). Every number listed under a heading of repealed
  documents (``附件1：…决定废止的政策性文件目录（28件）``) is repealed.

Numbers are read on the compacted body (whitespace removed, offsets kept), so a hard wrap or a page
seam anywhere in a number (inside the issuer prefix ``（某政`` / ``办发〔2019〕12号）``, before the year,
before the serial) does not cut it. The prefix (机关代字) never swallows what precedes it: a lead-in
word (根据, 按照, 印发…), a date (``…1日``), a title (``…的通知``, ``》``), a table cell (tab) or a whole
line above it (a masthead issuer over its number).

The target is a Document node known only by its number (``doc_number``, ``name``) or title
(``title``, ``name``); ``in_corpus`` is left unset so the documents extractor decides it. A
document's own number is never a citation. Evidence = the cited number (or the cited title); the edge
line is the line where it starts. One edge per (from, to); a repealed target gets only ``REPEALS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extractors import ExtractContext, register

from kg.keys import document_key
from kg.layout import document_furniture_lines
from kg.model import Document, GraphBatch, Text
from kg.normalize import compare_key, nfkc_digits, normalize_doc_number
from kg.vocab import L, R

NAME = "citations"
VERSION = "0.2.0"

# ---------------------------------------------------------------- thresholds
# The longest 机关代字 looked for before the bracketed year ("国卫办医发", "晋交运管发": ≤ 8 in
# practice; a longer run is cut by the rules below).
MAX_PREFIX = 14
# After a number, a repeal word this close (characters, titles and numbers of a list not counted)
# repeals it: "（…号）同时废止", "（…号）等文件即行废止".
REPEAL_AFTER_CHARS = 12
# Before a number, "废止《title》（…号）": the title may be this long.
REPEAL_BEFORE_CHARS = 90
# A title printed right before its number: "《title》（…号）" within this many characters.
TITLE_BEFORE_NUMBER_CHARS = 90

# In the heading of a list of repealed documents, between the repeal word and 目录/清单.
REPEAL_LIST_HEAD_CHARS = 30

# A repealed title shorter than this is not matched to a number printed elsewhere ("《办法》").
MIN_TITLE_KEY = 4

KIND_DOCNO = "doc_number"
KIND_DECREE = "decree"
KIND_TITLE = "title"

_OPEN = "〔[(（【［﹝〖"
_CLOSE = "〕])）】］﹞〗"
_CJK = "\u4e00-\u9fff"
_CN_NUM = "〇零一二三四五六七八九十百千"
_YEAR = r"(?:19|20)\d{2}"
# 机关代字 + 〔year〕 + (第) serial + 号, on compacted text.
# The closing bracket of the year may be lost ("国办发〔2018104号"): a year bracket (never a
# parenthesis) followed straight by the serial.
_DOCNO = re.compile(
    rf"(?P<prefix>[{_CJK}]{{1,{MAX_PREFIX}}})(?:[{re.escape(_OPEN)}](?P<year>{_YEAR})[{re.escape(_CLOSE)}]"
    rf"|(?P<bracket>[〔\[【［﹝〖])(?P<year2>{_YEAR})(?=\d{{1,5}}[号號]))第?(?P<num>\d{{1,5}})"
    rf"(?P<more>(?:[、，,]\d{{1,5}}){{0,9}})[号號]"
)
_PAIR = dict(zip(_OPEN, _CLOSE, strict=True))
# A 令 number: "<org>令第N号", "<org>令N号", "<org>令〔YYYY〕第N号", "<org>令YYYY年第N号", "<org>第N号令"
# (N in digits or Chinese numerals), optionally after "YYYY年". The issuing body ends like a body.
_ORG_TAIL = r"(?:委员会|总局|银行|政府|办公厅|主席|部|委|局|署|院|厅|会)"
_DECREE_N = rf"(?:\d{{1,5}}|[{_CN_NUM}]{{1,8}})"
_DECREE = re.compile(
    rf"(?:(?P<year>{_YEAR})年)?(?P<org>[{_CJK}]{{1,20}}?{_ORG_TAIL})"
    rf"(?:令(?:[{re.escape(_OPEN)}]{_YEAR}[{re.escape(_CLOSE)}]|{_YEAR}年)?第?{_DECREE_N}[号號](?!令)"
    rf"|(?:{_YEAR}年)?第{_DECREE_N}[号號]令)"
)
# Characters that never sit inside a 机关代字: the prefix starts after the last of them.
_STOP = set("的按据照依见于和与及是为在将由对以即从并或等号件令第之其该本此")
# A decree's issuing body is spelt out and may hold 和 ("中华人民共和国主席令").
_ORG_STOP = _STOP - {"和"}
# Words that lead into a number ("根据…", "印发…", "落实…"): the prefix starts after the last one.
_LEAD_INS = ("根据", "按照", "依据", "依照", "遵照", "参照", "对照", "贯彻", "落实", "执行", "印发", "转发",
             "实施", "结合", "参考", "详见", "通过", "发布", "公布", "颁布", "废止", "修订", "修改", "文件",
             "精神", "要求", "规定")
_TITLE_TAILS = ("通知", "意见", "办法", "决定", "方案", "规定", "通报", "批复", "细则", "规划", "请示", "报告", "函",
                "措施", "预案", "纲要", "要点", "条例", "规则", "计划", "清单", "名单", "公告", "通告", "纪要")
_HEADING_TAILS = (*_TITLE_TAILS, "政府", "办公室", "办公厅", "委员会", "局", "厅", "委", "部", "院", "署", "中心",
                  "公司", "集团", "文件")
# A date printed before a number ("2019年5月1日水利部令第5号"): the number starts after it.
_DATE_IN_PREFIX = re.compile(rf"(?:[\d{_CN_NUM}]{{1,4}}年)?(?:[\d{_CN_NUM}]{{1,3}}月)?[\d{_CN_NUM}]{{1,3}}日")
# A prefix made only of these is a kind of paper, not an issuer ("办发〔2019〕12号" cut from its issuer).
_KIND_ONLY = re.compile(r"^[办发函字文号电令通复]+$")
_REPEAL_WORDS = re.compile(r"废止|不再执行|停止执行|不再施行|停止施行|同时失效|予以撤销|即行失效|自行失效|宣布失效")
# More serials under one prefix and year: "〔2019〕12号、13号", "〔2019〕12、13号".
_MORE_SERIALS = re.compile(r"(?:[、，,和及与]|以及)(?P<num>\d{1,5})(?P<hao>[号號])?")
_TITLE = r"《[^《》]*(?:《[^《》]*》[^《》]*)*》"
_TITLE_RE = re.compile(r"《(?P<t>[^《》]*(?:《[^《》]*》[^《》]*)*)》")
# What may sit between the items of a repealed list and the repeal word: numbers in brackets,
# connectors, "同时" / "自即日起" / "予以" …
_FILLER = re.compile(
    r"^(?:[（(〔\[【][^（）()]{0,40}?[）)〕\]】]|[、，,和及与或]|以及|等|文件|原|同时|即行|一并|均|自即日起|从即日起|"
    r"自本[\u4e00-\u9fff]{1,6}(?:施行|实施|印发|发布)之日起|自发布之日起|予以|相应|也|都)*$"
)
_SENTENCE_END = "。；;！？!?"


@dataclass
class Cite:
    number: str  # as printed, whitespace removed ("" for a title-only target)
    start: int  # index into the compacted document text
    end: int
    repeals: bool = False
    kind: str = KIND_DOCNO
    title: str | None = None  # the title, for a document named by its title only
    reason: str | None = None  # why the number differs from its evidence (a repair)
    view: str = ""  # the number as read (simplified characters), for keys; "" when as printed


@dataclass
class _Compact:
    """A text with its whitespace removed, and what was removed before each character:
    ``"\\t"`` a cell boundary (a tab, a run of spaces, an ideographic space), ``"\\n"`` a line
    break, ``" "`` a single space, ``""`` nothing."""

    text: Text
    gap: list[str]

    @classmethod
    def of(cls, t: Text) -> _Compact:
        keep: list[int] = []
        gap: list[str] = []
        run = ""
        for i, ch in enumerate(t.text):
            if ch.isspace():
                run += ch
                continue
            keep.append(i)
            if not run:
                gap.append("")
            elif "\t" in run:
                gap.append("\t")
            elif "\n" in run:
                gap.append("\n")
            elif "\u3000" in run or run.count(" ") >= 2:
                gap.append("\t")
            else:
                gap.append(" ")
            run = ""
        s = nfkc_digits("".join(t.text[i] for i in keep))
        return cls(Text(s, [t.offsets[i] for i in keep], t.source), gap)


def _last_end(pattern: re.Pattern[str] | str, s: str) -> int:
    ends = [m.end() for m in re.finditer(pattern, s)]
    return ends[-1] if ends else 0


def _prefix_start(c: _Compact, start: int, end: int, stop: frozenset[str] | set[str] = _STOP) -> int:
    """Where the 机关代字 between ``start`` and ``end`` (the bracket or 令) begins."""
    s = c.text.text
    run_start = start
    for i in range(start + 1, end):  # a cell boundary ends what came before
        if c.gap[i] == "\t":
            start = i
    p = s[start:end]
    cut = max((i + 1 for i, ch in enumerate(p) if ch in stop), default=0)
    for w in _LEAD_INS:
        k = p.rfind(w)
        if k >= 0:
            cut = max(cut, k + len(w))
    word_cut = cut
    date_cut = _last_end(_DATE_IN_PREFIX, p)
    cut = max(cut, date_cut)
    if cut == 0 and p[:1] in "年月日" and start > 0 and (s[start - 1].isdigit() or s[start - 1] in _CN_NUM):
        cut = 1  # "…1日" / "2020年" before the prefix: digits stop the run, their unit does not
    rest = p[cut:]
    for tail in _TITLE_TAILS:
        k = rest.find(tail)
        if k >= 0 and len(rest) - (k + len(tail)) >= 2:
            cut += k + len(tail)
            word_cut = cut
            rest = p[cut:]
    start += cut
    breaks = [i for i in range(start + 1, end) if c.gap[i] == "\n"]
    if breaks:
        # A line break inside the prefix is a wrap ("（某政" / "办发〔…") only when the part before
        # it starts at a boundary on its own line; a whole line above (a masthead issuer) is not.
        # A line of bare Chinese text ending like a title or a unit (a heading, an issuer over
        # its number) is never the first half.
        line_start = max((i for i in range(start + 1) if c.gap[i] in ("\n", "\t")), default=0)
        line = s[line_start : breaks[0]]
        heading = bool(re.fullmatch(rf"[{_CJK}]+", line)) and line.endswith(_HEADING_TAILS)
        # Otherwise the part after the break must be no issuer by itself ("办发"), or the part
        # before it must open right after a word or mark that ends what precedes a number (（, 》,
        # 根据…); a date before it does not count ("…16日广东省" / "东府办函〔…": a new line).
        after_alone = s[breaks[-1] : end]
        bounded = not heading and (bool(_KIND_ONLY.match(after_alone)) or word_cut == cut > 0
                                   or (start > 0 and c.gap[start] == "" and start == run_start
                                       and not ("\u4e00" <= s[start - 1] <= "\u9fff")))
        if not bounded:
            start = breaks[-1]
    return start


def _shared_serials(c: _Compact, m: re.Match[str], start: int) -> list[Cite]:
    """The numbers that share a matched number's prefix and year: "〔2019〕12、13号" is 12 and 13,
    "晋政发〔2019〕26号、27号" is 26 and 27. The first serial is the match's own."""
    s = c.text.text
    head_view, head = s[start : m.start("num")], c.text[start : m.start("num")].printed()
    out: list[Cite] = []
    # the evidence of each runs from the prefix to its own 号
    for k in re.finditer(r"\d{1,5}", m.group("more")):
        out.append(Cite(f"{head}{k.group(0)}号", start, m.end(), view=f"{head_view}{k.group(0)}号"))
    pos = m.end()
    while (nxt := _MORE_SERIALS.match(s, pos)) and nxt.group("hao"):
        num = nxt.group("num")
        out.append(Cite(f"{head}{num}{nxt.group('hao')}", start, nxt.end(), view=f"{head_view}{num}号"))
        pos = nxt.end()
    return out


def find_numbers(text: str | Text) -> list[Cite]:
    """Every 文号 / 令 number in ``text``; positions index the compacted text (whitespace removed)."""
    c = _Compact.of(text if isinstance(text, Text) else Text.plain(text))
    return _find_numbers(c)


def _find_numbers(c: _Compact) -> list[Cite]:
    s = c.text.text
    out: list[Cite] = []
    for m in _DOCNO.finditer(s):
        start = _prefix_start(c, m.start("prefix"), m.end("prefix"))
        prefix = s[start : m.end("prefix")]
        if not prefix or _KIND_ONLY.match(prefix):
            continue
        own_end = m.end("num")  # "〔2019〕12、13号": this match's own serial is 12
        view = s[start:own_end] + "号"
        printed, reason = c.text[start:own_end].printed() + c.text[m.end() - 1 : m.end()].printed(), None
        if m.group("bracket"):  # the lost closing bracket put back
            close = _PAIR[m.group("bracket")]
            k = m.end("year2") - start
            view, printed = view[:k] + close + view[k:], printed[:k] + close + printed[k:]
            reason = f"the year's closing bracket {close} is missing in print"
        out.append(Cite(printed, start, m.end(), reason=reason, view=view))
        out.extend(_shared_serials(c, m, start))
    taken = [(x.start, x.end) for x in out]
    for m in _DECREE.finditer(s):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        org_end = m.end("org")
        start = _prefix_start(c, m.start("org"), org_end, _ORG_STOP)
        while s[start] in "和及与" and org_end - start > 2:
            start += 1  # "…第588号和国务院令…": a connector before the body is not part of it
        if org_end - start < 2:
            continue
        if m.group("year") is not None and start == m.start("org"):
            start = m.start()  # "2019年农业农村部令第3号": the year is part of the number as printed
        out.append(Cite(c.text[start : m.end()].printed(), start, m.end(), kind=KIND_DECREE, view=s[start : m.end()]))
    out.sort(key=lambda x: x.start)
    return out


_DECREE_PARTS = re.compile(
    rf"^(?:(?P<y1>{_YEAR})年)?(?P<org>.+?)(?:令(?:[{re.escape(_OPEN)}](?P<y2>{_YEAR})[{re.escape(_CLOSE)}]|(?P<y3>{_YEAR})年)?"
    rf"第?(?P<n1>{_DECREE_N})号|(?:(?P<y4>{_YEAR})年)?第(?P<n2>{_DECREE_N})号令)$"
)


def cite_key(c: Cite) -> str:
    """One key per cited document, whatever the printed form: a 文号 normalised
    (brackets, digits), a 令 number as ``[YYYY年]<org>令第N号`` ("国务院令588号" and
    "国务院令第588号" are one decree, "财政部第12号令" is "财政部令第12号"), a title by its text."""
    if c.kind == KIND_TITLE:
        return "title:" + compare_key(c.title)
    if c.kind == KIND_DECREE:
        m = _DECREE_PARTS.match(c.view or c.number)
        if m:
            year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
            return f"{year + '年' if year else ''}{m.group('org')}令第{m.group('n1') or m.group('n2')}号"
    return normalize_doc_number(c.view or c.number)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    a = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END)
    b_candidates = [text.find(ch, end) for ch in _SENTENCE_END]
    b_candidates = [x for x in b_candidates if x >= 0]
    return a + 1, (min(b_candidates) if b_candidates else len(text))


def _without_list_items(s: str) -> str:
    """``s`` without the titles and bracketed numbers of a list ("、《B》（Y号）")."""
    s = re.sub(_TITLE, "", s)
    return re.sub(r"[（(〔\[【][^（）()]{0,40}?号[）)〕\]】]", "", s)


def _is_repeal(text: str, c: Cite) -> bool:
    s0, s1 = _sentence_bounds(text, c.start, c.end)
    after = text[c.end : s1]
    m = _REPEAL_WORDS.search(after)
    # "（X号）、《B》（Y号）同时废止" repeals X too; after a comma a title has a repeal of its own
    # ("…3号文件，《甲办法》（…）同时废止").
    if m and len(_without_list_items(after[: m.start()]).strip("）)]〕")) <= REPEAL_AFTER_CHARS \
            and not re.search(r"[，,；;：:]《", after[: m.start()]):
        return True
    before = text[s0 : c.start]
    found = list(_REPEAL_WORDS.finditer(before))
    m2 = found[-1] if found else None
    if m2 is not None:
        between = before[m2.end() :]
        # "废止《…》（X号）", "废止《A》（X号）、《B》（Y号）": only titles and numbers of the list lie between.
        between = _without_list_items(between.lstrip("：:")).rstrip("（(〔[【")
        if len(between) <= REPEAL_BEFORE_CHARS and _FILLER.match(between):
            return True
    return False


@dataclass
class _Title:
    key: str  # compare_key of the title
    title: str  # as printed, whitespace removed
    start: int  # of the title inside 《》
    end: int
    numbered: bool  # its number is printed right after it in the repeal sentence


def _repealed_titles(text: str) -> list[_Title]:
    """Titles named in a repeal sentence: "《A》、《B》同时废止", "废止《A》和《B》"."""
    out: list[_Title] = []
    for m in _REPEAL_WORDS.finditer(text):
        s0, s1 = _sentence_bounds(text, m.start(), m.end())
        for a, b in ((s0, m.start()), (m.end(), s1)):
            seg = text[a:b]
            titles = list(_TITLE_RE.finditer(seg))
            if not titles:
                if a == s0:
                    out.extend(_bare_titles(text, s0, m.start()))
                continue
            if a == s0:  # before the word: the titles must run up to it
                tail = seg[titles[-1].end() :]
                if not _FILLER.match(_without_list_items(tail)):
                    continue
                lo = 0
                for t in reversed(titles[:-1]):  # the list: only connectors / numbers between its items
                    nxt = next(x for x in titles if x.start() > t.start())
                    if not _FILLER.match(_without_list_items(seg[t.end() : nxt.start()])):
                        lo = titles.index(nxt)
                        break
                items = titles[lo:]
            else:  # after the word: "废止《A》（X号）、《B》"
                if not _FILLER.match(_without_list_items(seg[: titles[0].start()].lstrip("：:"))):
                    continue
                items = [titles[0]]
                for t in titles[1:]:
                    if not _FILLER.match(_without_list_items(seg[items[-1].end() : t.start()])):
                        break
                    items.append(t)
            for t in items:
                after = seg[t.end() : t.end() + 30]
                numbered = bool(re.match(r"^[（(〔\[【]?[^（）()《》]{0,20}号", after))
                out.append(_Title(compare_key(t.group("t")), t.group("t"), a + t.start("t"), a + t.end("t"),
                                  numbered))
    return out


def _text_before(text: str, c: Cite) -> str:
    """What is printed right before a number, as a compare key without 《》 and the opening
    bracket: a title printed with its number ("《title》（…号）", "关于…的通知（…号）") ends it."""
    before = text[max(0, c.start - TITLE_BEFORE_NUMBER_CHARS) : c.start].rstrip("（(〔[【")
    return compare_key(before.replace("《", "").replace("》", ""))


# An unbracketed title right before a repeal word: "…市政府办公室关于…的通知（…号）同时废止".
_BARE_TITLE = re.compile(rf"(?P<t>[{_CJK}（）()、“”]{{2,40}}?关于[^《》，,；;。]{{2,100}}?(?:{'|'.join(_TITLE_TAILS)}))$")
_BARE_LEAD = re.compile(rf"^.*(?:印发的|发布的|制定的|出台的|下发的|原|将|把)(?=[{_CJK}]{{2,}}关于)")


def _bare_titles(text: str, s0: int, end: int) -> list[_Title]:
    """An unbracketed title (…关于…的通知) ending a repeal clause at ``end``."""
    seg = text[s0:end]
    k = max(seg.rfind(ch) for ch in "，,：:")
    clause = seg[k + 1 :]
    lead = _BARE_LEAD.match(clause)
    body = clause[lead.end() :] if lead else clause
    m = re.match(r"^(?P<t>.*?)(?P<fill>(?:[（(〔\[【][^（）()]{0,40}?[）)〕\]】]|同时|即行|一并|均|自即日起|从即日起|予以)*)$", body)
    if not m:
        return []
    t = _BARE_TITLE.search(m.group("t"))
    if not t or t.start() != 0:
        return []
    a = s0 + k + 1 + (lead.end() if lead else 0)
    numbered = bool(re.search(r"号[）)〕\]】]", m.group("fill")))
    return [_Title(compare_key(t.group("t")), t.group("t"), a, a + len(t.group("t")), numbered)]


# The heading of a list of repealed documents: "附件1：…决定废止的政策性文件目录（28件）". The
# list runs to the next attachment heading.
_REPEAL_LIST_HEAD = re.compile(
    rf"(?:废止|失效|停止执行|不再执行)[^。；;，,：:（）()]{{0,{REPEAL_LIST_HEAD_CHARS}}}?(?:目录|清单|名单|一览表)"
    r"(?:[（(][\d一二三四五六七八九十百]+件[）)])?"
)
_NEXT_PART = re.compile(r"附件\d*[：:]")


def _repeal_lists(text: str) -> list[tuple[int, int]]:
    """Spans of the compacted text listed under a heading of repealed documents."""
    out: list[tuple[int, int]] = []
    for m in _REPEAL_LIST_HEAD.finditer(text):
        nxt = _NEXT_PART.search(text, m.end())
        out.append((m.end(), nxt.start() if nxt else len(text)))
    return out


def doc_text(doc: Document) -> Text:
    """The document body as one Text (blocks joined by newlines), TOC and page
    furniture excluded (also a page number or running title judged by its line alone,
    so a number cut by a page seam joins up), offsets kept."""
    furniture = document_furniture_lines(doc)
    parts = [b.text for b in doc.blocks
             if b.kind != "header_footer" and not (b.lines and set(b.lines) <= furniture)]
    return Text.join(parts, "\n")


def _other_number(others: dict[str, str] | None, key: str) -> str | None:
    """The number of the other document whose title is ``key``, or ends with it (the issuer
    left out: "《关于…的通知》" names "测试市人民政府关于…的通知")."""
    if not others or len(key) < MIN_TITLE_KEY:
        return None
    if key in others:
        return others[key]
    hits = {n for t, n in others.items() if t.endswith(key)}
    return hits.pop() if len(hits) == 1 else None


def find_citations(doc: Document, others: dict[str, str] | None = None) -> list[tuple[Cite, Text]]:
    """Distinct citations of ``doc`` with their evidence Text.

    ``others`` maps the titles (compare keys) of the other documents of the gazette to their
    numbers, so a repeal by title of a document printed in the same issue finds its number."""
    c = _Compact.of(doc_text(doc))
    text = c.text.text
    own = compare_key(normalize_doc_number(doc.doc_number)) if doc.doc_number else None
    cites = [x for x in _find_numbers(c)
             if own not in (compare_key(normalize_doc_number(x.number)), compare_key(cite_key(x)))]
    lists = _repeal_lists(text)
    for x in cites:
        x.repeals = _is_repeal(text, x) or any(a <= x.start < b for a, b in lists)
    befores = [(_text_before(text, x), x) for x in cites]
    for rt in _repealed_titles(text):
        if rt.numbered:
            continue  # "《A》（X号）同时废止": the number printed with it is the one repealed
        hit = next((x for b, x in befores if len(rt.key) >= MIN_TITLE_KEY and b.endswith(rt.key)), None)
        if hit is not None:
            hit.repeals = True
        elif (num := _other_number(others, rt.key)) and compare_key(normalize_doc_number(num)) != own:
            cites.append(Cite(num, rt.start, rt.end, repeals=True))
        else:
            cites.append(Cite("", rt.start, rt.end, repeals=True, kind=KIND_TITLE,
                              title=c.text[rt.start : rt.end].printed()))
    best: dict[str, Cite] = {}
    for x in cites:
        key = cite_key(x)
        cur = best.get(key)
        if cur is None or (x.repeals and not cur.repeals):
            best[key] = x
    return [(x, c.text[x.start : x.end]) for x in sorted(best.values(), key=lambda x: x.start)]


@register(NAME, version=VERSION, assigns=(L.DOCUMENT, R.CITES, R.REPEALS))
def extract_citations(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_citations.info
    batch = GraphBatch()
    if not doc.blocks:
        return batch
    others = {compare_key(d.title): d.doc_number for d in ctx.gazette.documents
              if d is not doc and d.title and d.doc_number}
    src = batch.add_node(L.DOCUMENT, doc.key)
    for cite, ev in find_citations(doc, others):
        if cite.number:
            key = document_key(cite_key(cite), doc.gazette_id, cite.number)
            dst = batch.add_node(L.DOCUMENT, key, doc_number=cite.number, name=cite.number)
        else:
            title = cite.title or ""
            dst = batch.add_node(L.DOCUMENT, document_key(None, doc.gazette_id, title), title=title, name=title)
        if dst == src:
            continue
        prov = info.provenance(doc, ev, reason=cite.reason)
        rel = R.REPEALS if cite.repeals else R.CITES
        batch.add_edge(rel, src, dst, prov, as_printed=cite.number or cite.title, kind=cite.kind)
    return batch
