"""Leading groups (领导小组, 指挥部, 委员会, 联席会议, 专班, 工作组) and their members.

The walk runs over *logical lines* (:func:`logical_lines`): page furniture
(running headers, page numbers) dropped, and lines cut at the document's wrap
width joined again, so a roster wrapped at ~20 characters or cut by a page seam
reads like the flat one; every character keeps its source offset, so every
member keeps the line it is printed on. Printed forms:

* rosters: ``组 长：张 韬 市委常委、常务副市长`` and unlabelled continuation
  lines ``杨东峰 市交通局局长``. Two-column rosters (``name post name post``
  in one row) are read column by column: the right column carries on the
  list after the left column ends, so its entries take the role of the last
  left-column entry (no group prints 8 组长 beside 8 成员).
* label + post list: ``副指挥长：市政府协管副秘书长，市市场监管局、市应急局主要负责人``.
  A post shared out over a unit list is given to each unit (one Post member
  per unit, position = unit + shared post).
* tables with a role cell: ``副 指 挥 长\t市发改委主任\t…`` then rows with an
  empty first cell (a merged cell; rows above the label of a merged cell that
  follow a one-person role belong to the next role), or ``组长\t张 韬\t职务``.
* prose: ``组长由副市长田东、刘亮担任``, ``办公室主任由X兼任``,
  ``召集人为市民政局局长``, ``市市场监管局局长兼任办公室主任``,
  ``成员有…等有关单位分管负责人``.

Group names come from ``成立/建立/调整/设立/为 X`` phrases, headings and
attachment headings; an attachment heading whose name contains the body name
(as a subsequence) replaces it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

from kg.extractors import ExtractContext, register

from kg.agencies import unit_prefix
from kg.keys import group_key, person_key, post_key
from kg.layout import document_furniture_lines, outline_of
from kg.model import Document, GraphBatch, NodeRef, Text
from kg.names import (
    NamePost,
    is_name,
    is_post,
    looks_like_unit,
    parse_roster_cells,
    split_name_post,
    split_post_name,
    starts_with_title,
)
from kg.tables import tab_cells
from kg.vocab import L, R

VERSION = "0.1.0"

# Roles, longest first (alternation order matters).
ROLES: tuple[str, ...] = (
    "办公室常务副主任", "办公室副主任", "办公室主任", "办公室成员",
    "常务副组长", "副组长", "组长", "常务副总指挥", "副总指挥", "总指挥", "常务副指挥长", "副指挥长", "指挥长",
    "总召集人", "副召集人", "召集人", "联络员", "成员", "常务副主任", "副主任", "主任",
    "秘书长", "委员",
)
_ROLE_ALT = "|".join(ROLES)
_SPACED_ROLE_ALT = "|".join(r"\s*".join(map(re.escape, r)) for r in ("成员单位", *ROLES))
_LABEL_RE = re.compile(rf"^\s*(?:[（(]?\d{{1,2}}[)）.、]\s*)?(?P<role>{_SPACED_ROLE_ALT})\s*[：:]\s*")

_CELL_LABEL_RE = re.compile(rf"^(?P<role>{_SPACED_ROLE_ALT})[ \u3000]*\t")
_GROUP_SUFFIX = r"(?:领导小组|领导组|协调小组|工作小组|指挥部|委员会|联席会议|工作专班|专班|工作组|服务小组)"
_NAME_CORE = r"(?:[\u4e00-\u9fff\d]|（[\u4e00-\u9fff]{1,8}）|\([\u4e00-\u9fff]{1,8}\)|“[^”]{1,10}”){1,40}?"
_TRIGGER_RE = re.compile(rf"(?:成立|建立|调整(?:后的)?|设立|组建|为|关于)(?P<name>{_NAME_CORE}{_GROUP_SUFFIX})")
_HEAD_TAIL = (
    r"(?:组成人员名单|成员名单|组成人员|人员名单|工作职责表|组成及职责|及其成员单位职责|及成员单位职责|"
    r"及其办公室职责|及职责|组成|名单|职责)?"
)
_OUTLINE_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[.、．]?|附件\d*[：:]?)\s*"
)
_HEADING_RE = re.compile(rf"^(?P<name>{_NAME_CORE}{_GROUP_SUFFIX}){_HEAD_TAIL}[：:。]?$")
_LINESTART_RE = re.compile(rf"^(?P<name>{_NAME_CORE}{_GROUP_SUFFIX})(?:设置如下|组成如下|由(?=[^。；]*任))")
_WORKGROUP_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,12}组)[：:]?$")
_NTH_GROUP_RE = re.compile(r"^(?P<name>第[一二三四五六七八九十\d]+组)[：:]?$")
_SECTION_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?P<title>[\u4e00-\u9fff]{2,20})$")

_ABBREV_CORE = re.compile(rf"^(?:[市县区省]级?)?(?:应急)?{_GROUP_SUFFIX}$")

_ABBREV_HEAD_RE = re.compile(rf"^(?:[市县区省]级?)?{_GROUP_SUFFIX}(?:组成及职责|及职责|组成)?$")

_TERMINAL = "。！？；;：:"


def _ws(s: str) -> str:
    return re.sub(r"\s+", "", s)


@dataclass
class Member:
    group: str
    role: str
    person: str | None
    position: str | None
    evidence: Text
    ordinal: int = 0
    from_prose: bool = False


@dataclass
class _State:
    group: str | None = None
    group_line: int = 0
    role: str | None = None
    office: bool = False
    last_member_role: str | None = None
    right_column: list[tuple[str | None, str | None, Text]] = field(default_factory=list)
    section: str | None = None
    last_roster: int = -99
    table_role: str | None = None
    table_pending: list[tuple[str | None, str | None, Text]] = field(default_factory=list)


def _suffix(name: str) -> str:
    m = re.search(rf"{_GROUP_SUFFIX}$", name)
    return m.group(0) if m else ""


def _suffix_in(text: str) -> str | None:
    m = re.search(_GROUP_SUFFIX, text)
    return m.group(0) if m else None


def _is_abbrev(name: str) -> bool:
    return bool(_ABBREV_CORE.match(name))


def _subsequence(a: str, b: str) -> bool:
    it = iter(b)
    return all(ch in it for ch in a)


def _strip_city(name: str) -> str:
    return re.sub(r"^[\u4e00-\u9fff]{1,3}?市(?=[\u4e00-\u9fff]{4,})", "", name) if not name.startswith("市") else name[1:]


_ALIAS_RE = re.compile(rf"(?P<name>{_NAME_CORE}{_GROUP_SUFFIX})[（(]以下简称")
_LEAD_WORDS_RE = re.compile(r"^(?:成立|建立|调整(?:后的)?|设立|组建|印发|关于|市级|本级|决定|同意)+")
_HYPOTHETICAL_RE = re.compile(r"^(?:相应|有关|相关|各级|本级|上级|下级|其他|联合|县[（(]|县级|区级)")


def _clean_group_name(name: str) -> str | None:
    name = re.split(r"成立|建立|调整后的|调整|设立|组建|关于|为|由", name)[-1]
    name = re.sub(r"^[\d.．、]+", "", name)
    name = _LEAD_WORDS_RE.sub("", name)
    # "朔州市全市文物安全工作联席会议": a scope word after the place name is not part of the name
    name = re.sub(r"^([\u4e00-\u9fff]{1,6}?([市县区]))全\2(?=[\u4e00-\u9fff]{4,})", r"\1", name)
    if _is_abbrev(name) or len(name) < 4 or _HYPOTHETICAL_RE.match(name):
        return None
    return name


def _main_name(names: list[str], title: str | None, suffix: str | None) -> str:
    """The group a document is about, for an abbreviated heading (``2.1 市指挥部``):
    among the names with the heading's suffix, the one the title names, else the
    longest, else the most often printed."""
    pool = [n for n in names if not suffix or _suffix(n) == suffix] or names
    in_title = [n for n in pool if title and n in _ws(title)]
    if in_title:
        pool = in_title
    return max(pool, key=lambda n: (len(n), pool.count(n)))


def _first_mention_sentence(s: str) -> int:
    """Start of the first sentence of ``s`` that names a group (0 if none does)."""
    for m in re.finditer(r"[^。；]+[。；]?", s):
        if group_mentions(m.group(0)):
            return m.start()
    return 0


# "<group>的<noun>" after 成立/建立…: the group name only modifies another noun,
# unless that noun is the document itself ("关于成立X的通知").
_MODIFIER_RE = re.compile(r"的(?!通知|决定|批复|请示|函|意见|报告|公告|通告|实施方案|方案)")


def group_mentions(line: str) -> list[str]:
    """Group names introduced on one line (whitespace removed), in printed order."""
    s = _ws(line)
    found: list[tuple[int, str]] = []
    for rx in (_TRIGGER_RE, _ALIAS_RE):
        for m in rx.finditer(s):
            if rx is _TRIGGER_RE and _MODIFIER_RE.match(s, m.end("name")):
                continue  # "建立突发事件处置现场与上级应急指挥部的通信联络": not a group being set up
            name = _clean_group_name(m.group("name"))
            if name:
                found.append((m.start("name"), name))
    pos = 0
    for sent in re.split(r"(?<=[。；])", s):
        ms = _LINESTART_RE.match(sent)
        if ms:
            name = _clean_group_name(ms.group("name"))
            if name:
                found.append((pos, name))
        pos += len(sent)
    if not found:
        h = _OUTLINE_RE.sub("", re.sub(r"[（(]以下简称[^）)]*[）)]", "", s))
        mh = _HEADING_RE.match(h)
        if mh and len(h) <= 60:
            name = _clean_group_name(mh.group("name"))
            if name:
                found.append((0, name))
    found.sort(key=lambda f: f[0])
    out: list[str] = []
    for _p, n in found:
        if n not in out:
            out.append(n)
        else:
            out.remove(n)
            out.append(n)
    return out


# --------------------------------------------------------------------------
# lines and paragraphs
# --------------------------------------------------------------------------


def _table_role(label: str, st: _State) -> str:
    role = _ws(label)
    return "成员" if role == "成员单位" else _norm_role(role, "", st.group, st.office)


def _prose_text(t: Text) -> Text:
    """Whitespace removed, but a tab (a table-cell break) becomes a "，" boundary."""
    chars: list[str] = []
    offs: list[int] = []
    for ch, off in zip(t.text, t.offsets, strict=True):
        if ch == "\t":
            if chars and chars[-1] != "，":
                chars.append("，")
                offs.append(off)
        elif not ch.isspace():
            chars.append(ch)
            offs.append(off)
    return Text("".join(chars), offs, t.source)


def _nonblank(doc: Document) -> list[tuple[int, Text]]:
    return logical_lines(doc)


# Punctuation a hard wrap can push onto a line of its own.
_PUNCT_ONLY_RE = re.compile(r"^[：:，,。；;、！？!?）)”’》】]+$")


def wrap_width(lines: list[tuple[int, Text]]) -> int | None:
    """The width prose lines were hard-wrapped at, or ``None`` if they were not.

    A document wrapped at ~W characters has many lines of length W (give or
    take one: a hanging punctuation mark, a space at the cut); a document of
    whole paragraphs has no such peak. Only widths of 16 or more count, so a
    column of short roster lines is not taken for a wrap.
    """
    lens = [len(t.text.rstrip()) for _no, t in lines if "\t" not in t.text and len(t.text.strip()) >= 10]
    if len(lens) < 6:
        return None
    c = Counter(lens)
    best = max(range(16, 80), key=lambda w: (c[w - 1] + c[w] + c[w + 1], c[w]))
    score = c[best - 1] + c[best] + c[best + 1]
    if score >= 5 and score >= 0.25 * len(lens):
        return best
    return None


def _starts_entry(t: Text) -> bool:
    """The line opens something of its own: a role label, an outline number, a roster entry, a group heading."""
    s = t.text.strip()
    if _LABEL_RE.match(s) or outline_of(s)[0] or re.match(r"附[件表图录]", s) or _roster_line(t):
        return True
    return bool(_HEADING_RE.match(_ws(s)))


def _joins(a: Text, b: Text, width: int | None) -> bool:
    """Line ``b`` carries on line ``a``, which a hard wrap or a page seam cut."""
    sa, sb = a.text.rstrip(), b.text.strip()
    if not sa or "\t" in sa or "\t" in b.text.strip(" \u3000"):
        return False
    if sa[-1] in _TERMINAL or (sa[-1] in "）)”’》" and len(sa) >= 2 and sa[-2] in _TERMINAL):
        return False
    if _PUNCT_ONLY_RE.match(sb):
        return True
    if width is None or not (width - 2 <= len(sa) <= width + 2):
        return False
    if _is_heading_line(sa):
        return False
    if _complete_roster_line(a):
        # "苏 福 朔州经济开发区管委会主任" / "助理、建设管理部部长": only a post fragment
        # carries on; a line of its own ("市财政局主要负责人", "市林业局局长 薛振华") is the
        # next entry, even when the line above ends in a spaced one-character name cell
        first = re.split(r"[、，,；;\s]", sb, maxsplit=1)[0]
        return (
            bool(first)
            and starts_with_title(first)
            and is_post(first)
            and not is_name(first)
            and not re.search(r"[，,。；;]", sb)
            and not _complete_roster_line(b)  # "副市长 陈树林": a post-first entry of its own
        )
    if re.search(r"[\s：:][\u4e00-\u9fff]$", sa):
        return True  # "… 常务副市长 胡" / "贵卿 市生态环境局副局长": the wrap cut a name or a post
    return not _starts_entry(b)


_HEADING_TAIL_RE = re.compile(
    r"(?:职责|组成|名单|分工|机制|体系|原则|目标|任务|措施|要求|保障|机构|人员|办公室|如下)[：:]?$"
)


def _is_heading_line(s: str) -> bool:
    """``2.1 市防汛抗旱指挥部及职责``: an outline-numbered line without sentence
    punctuation that ends like a heading, however wide it is."""
    c = _ws(s)
    if not outline_of(s.strip())[0] or re.search(r"[，,。；;、]", c):
        return False
    body = _OUTLINE_RE.sub("", c)
    return bool(_HEADING_TAIL_RE.search(body) or _HEADING_RE.match(body))


def _complete_roster_line(t: Text) -> bool:
    """A roster entry whose (last) post is complete: ``马武生 银保监朔州分局副局长``."""
    m = _LABEL_RE.match(t.text)
    rest = t[m.end() :] if m else t
    entries = parse_roster_cells(rest)
    return bool(entries) and entries[-1].post is not None and is_post(entries[-1].post.text)


def logical_lines(doc: Document) -> list[tuple[int, Text]]:
    """The non-blank lines of ``doc`` with page furniture dropped and hard wraps undone.

    A line that runs to the document's wrap width without ending a sentence is
    joined with the next line (blank lines and page headers between them do
    not matter), unless the next line opens an entry of its own. Each logical
    line keeps the number of its first physical line; its Text keeps the
    offsets of every character.
    """
    skip = document_furniture_lines(doc)
    raw = [(no, t) for no, t in doc.line_texts() if t.text.strip() and no not in skip]
    width = wrap_width(raw)
    out: list[tuple[int, Text]] = []
    last: Text | None = None  # the last physical line of out[-1]
    for no, t in raw:
        if out and last is not None and _joins(last, t, width):
            prev_no, prev = out[-1]
            sep = " " if _name_then_post(prev, t) else ""
            out[-1] = (prev_no, Text.join([prev.strip(" \u3000"), t.strip(" \u3000")], sep))
            last = t
            continue
        out.append((no, t))
        last = t
    return out


def _name_then_post(a: Text, b: Text) -> bool:
    """A wrap fell between a name and its post: ``…成 员：张三丰`` / ``市交通局局长``."""
    ta, tb = a.text.split(), b.text.split()
    if not ta or not tb:
        return False
    tail = ta[-1].split("：")[-1].split(":")[-1]
    return is_name(tail, strict=True) and (is_post(tb[0]) or looks_like_unit(tb[0]))


def _is_bare_title(s: str) -> bool:
    s = _ws(s)
    return 1 < len(s) <= 6 and is_post(s) and not is_name(s)


def _roster_line(t: Text) -> bool:
    rest = t
    m = _LABEL_RE.match(t.text)
    if m:
        rest = t[m.end() :]
    entries = parse_roster_cells(rest)
    return bool(entries) and any(e.post is not None for e in entries)


def _paragraph(lines: list[tuple[int, Text]], i: int) -> tuple[Text, int]:
    """The line ``i`` joined with following lines while the sentence is not finished.
    Returns (text, index of the last line used)."""
    parts = [lines[i][1]]
    j = i
    while j + 1 < len(lines):
        cur = parts[-1].text.rstrip()
        if not cur or cur[-1] in _TERMINAL or _roster_line(lines[j][1]):
            break
        if _OUTLINE_RE.match(cur.strip()) and not re.search(r"[，,。、]", _OUTLINE_RE.sub("", cur.strip())):
            break  # a heading
        nxt = lines[j + 1][1]
        if _LABEL_RE.match(nxt.text) or (_OUTLINE_RE.match(nxt.text.strip()) and nxt.text.strip()[0] not in "局委"):
            break
        if len(_ws(cur)) < 12 and not re.search(r"[，,、]", cur):
            break
        parts.append(nxt)
        j += 1
    return Text.join([p.strip() for p in parts]), j


# --------------------------------------------------------------------------
# post lists
# --------------------------------------------------------------------------

# "…等单位以及各县人民政府…" joins two lists; "…等部门和单位负责人" is one tail
_DENG_JOIN_RE = re.compile(r"等(?:有关|相关)?(?:单位|部门)?(?:以及|和|及)(?!单位|部门)")
_DENG_TAIL_RE = re.compile(
    r"等(?:有关|相关|其他)?(?:(?:单位|部门)(?:和|及|或)(?:单位|部门)|单位|部门|成员单位)?"
    r"(?=[\u4e00-\u9fff（(]*?(?:负责人|负责同志|局长|主任)$)"
)
_SOFT_SPLIT_RE = re.compile(r"以及|和|及|与")
_UNIT_TAIL_RE = re.compile(r"(?:局|委|办|厅|院|部|处|队|会|所|站|社|校|行|关|司|署|馆|台|段|团|中心|公司|政府|海关|管委会|分局)$")


def _split_items(x: Text) -> list[Text]:
    """Split a post list on 、，,；; and on 和/以及 between units or posts."""
    s = x.text
    cuts: list[tuple[int, int]] = []
    depth = 0
    for i, ch in enumerate(s):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、，,；;":
            cuts.append((i, i + 1))
    for m in _DENG_JOIN_RE.finditer(s):
        cuts.append((m.start(), m.end()))
    cuts.sort()
    items: list[Text] = []
    pos = 0
    for a, b in cuts:
        if a < pos:
            continue
        items.append(x[pos:a])
        pos = b
    items.append(x[pos:])
    out: list[Text] = []
    for it in items:
        out.extend(_soft_split(it))
    return [it for it in (i.strip(" 。：:") for i in out) if it.text]


# A party rank printed before the government post of the same person: "市委副书记、市长周立新".
_PARTY_RANK_RE = re.compile(r"^(?:[市县区省州]委|党组|党委)(?:常委|副书记|书记)$")


def _merge_ranks(x: Text, items: list[Text]) -> list[Text]:
    """Join a bare party rank to the post after it (``市委常委``, ``常务副市长孙浩`` ->
    ``市委常委、常务副市长孙浩``): the two are one composite post."""
    out: list[Text] = []
    k = 0
    while k < len(items):
        it, last = items[k], items[k]
        while k + 1 < len(items) and _PARTY_RANK_RE.match(_ws(last.text)):
            nxt = _ws(items[k + 1].text)
            if not (is_post(nxt) or split_post_name(nxt)):
                break
            last = items[k + 1]
            it = x[_rel_start(x, it) : _rel_end(x, last)]
            k += 1
        out.append(it)
        k += 1
    return out


def _soft_split(it: Text) -> list[Text]:
    s = it.text
    for m in _SOFT_SPLIT_RE.finditer(s):
        left, right = s[: m.start()], s[m.end() :]
        if len(left) >= 3 and len(right) >= 3 and (_UNIT_TAIL_RE.search(left) or is_post(left)):
            if is_post(left) and not is_post(right):
                continue
            return [it[: m.start()], *_soft_split(it[m.end() :])]
    return [it]


def _clean_item(t: Text) -> Text:
    t = t.strip(" 。：:，,")
    m = _DENG_TAIL_RE.search(t.text)
    if m:
        t = Text.join([t[: m.start()], t[m.end() :]])
    t = t.strip()
    for tail in ("同志", "（兼）", "(兼)"):
        if t.text.endswith(tail):
            t = t[: len(t) - len(tail)]
    if t.text.startswith("由"):
        t = t[1:]
    return t


@dataclass
class _Item:
    span: Text
    person: str | None = None
    post: str | None = None
    unit: str | None = None


def _classify(t: Text) -> _Item:
    s = _ws(t.text)
    if unit_prefix(s) is not None and is_post(s):
        return _Item(t, post=s)
    if is_name(s, strict=True):
        return _Item(t, person=s)
    pn = split_post_name(s)
    if pn:
        return _Item(t, person=pn[1], post=pn[0])
    np_ = split_name_post(s)
    if np_ and is_name(np_[0], strict=True):
        return _Item(t, person=np_[0], post=np_[1])
    if is_post(s):
        return _Item(t, post=s)
    return _Item(t, unit=s)


def _shared_suffix(post: str) -> str | None:
    unit = unit_prefix(post)
    if unit and len(unit) < len(post):
        return post[len(unit) :]
    m = re.search(r"(?:主要|分管|有关)?负责(?:人|同志)$", post)
    if m and m.start() > 0:
        return m.group(0)
    return None


def members_from_list(x: Text, roster: dict[str, str]) -> list[tuple[str | None, str | None, Text]]:
    """(person, position, evidence) for each entry of a printed list of posts/persons."""
    items = [_classify(_clean_item(t)) for t in _merge_ranks(x, _split_items(x))]
    items = [it for it in items if it.span.text]
    out: list[tuple[str | None, str | None, Text]] = []
    end = len(x)
    for k, it in enumerate(items):
        ev_end = max(0, min(end, _rel_end(x, it.span)))
        ev_start = _rel_start(x, it.span)
        if it.unit is not None:
            nxt = next((o for o in items[k + 1 :] if o.post is not None and o.person is None), None)
            if nxt is None or nxt.post is None:
                continue
            suffix = _shared_suffix(nxt.post)
            if not suffix or not (looks_like_unit(it.unit) or len(it.unit) >= 3):
                continue
            unit = it.unit
            if unit.endswith("分") and suffix.startswith("分管"):
                unit = unit[:-1]  # "市委宣传部分，…分管负责人": the 分 of 分管 printed twice
            ev_end = max(ev_end, _rel_end(x, nxt.span))
            out.append((None, unit + suffix, x[ev_start:ev_end]))
        elif it.person is not None:
            post = it.post
            if post is None:
                prev = next((o for o in reversed(items[:k]) if o.post is not None), None)
                post = prev.post if prev is not None else roster.get(it.person)
            out.append((it.person, post, x[ev_start:ev_end]))
        else:
            out.append((None, it.post, x[ev_start:ev_end]))
    return out


def _rel_start(x: Text, sub: Text) -> int:
    if not sub.offsets or sub.offsets[0] < 0:
        i = x.text.find(sub.text)
        return max(i, 0)
    try:
        return x.offsets.index(sub.offsets[0])
    except ValueError:
        return max(x.text.find(sub.text), 0)


def _rel_end(x: Text, sub: Text) -> int:
    if not sub.offsets or sub.offsets[-1] < 0:
        i = x.text.find(sub.text)
        return len(x) if i < 0 else i + len(sub.text)
    try:
        return x.offsets.index(sub.offsets[-1]) + 1
    except ValueError:
        return len(x)


# --------------------------------------------------------------------------
# prose patterns
# --------------------------------------------------------------------------

_P_BY = re.compile(rf"(?P<role>{_ROLE_ALT})[，,]?由(?P<x>[^。；]*?)(?:共同)?(?:兼任|担任|组成)")
_P_IS = re.compile(rf"(?P<role>{_ROLE_ALT})(?:为|有|包括)[：:]?(?P<x>[^。；]+)")
_P_TAKES = re.compile(
    rf"(?:^|(?<=[，。；,由]))(?P<x>[^，。；,由]{{2,40}}?)(?:兼任|担任|(?<![担兼])任)(?P<gap>[^，。；,]{{0,6}}?)(?P<role>{_ROLE_ALT})(?=兼|[^\u4e00-\u9fff]|$)"
)
# "…任副总指挥兼指挥部办公室主任": a second role held by the same people
_P_ALSO = re.compile(rf"兼(?:任)?(?P<gap>[^，。；,]{{0,6}}?)(?P<role>{_ROLE_ALT})(?![\u4e00-\u9fff])")
_IS_CUT = re.compile(rf"[，,](?=(?:{_ROLE_ALT})(?:为|由)|成员单位|负责|承担|联席|根据|指挥长可)")
_BAD_X = re.compile(rf"抽调|可以|可根据|确定|要求|需要|有关科室负责同志|各成员单位|负责同志担任|(?:{_GROUP_SUFFIX})成员")


def _norm_role(role: str, sentence: str, group: str | None, office: bool) -> str:
    if role in ("主任", "副主任", "常务副主任", "成员") and (office or "办公室" in sentence):
        if role == "成员" and not office:
            return role
        return "办公室" + role
    return role


# --------------------------------------------------------------------------
# the walk
# --------------------------------------------------------------------------


def iter_members(doc: Document) -> Iterator[Member]:
    """Every group member printed in ``doc`` (roster order).

    A member named in prose by post only ("由常务副市长任组长") is dropped when a
    roster of the same group names a person in that role: the prose describes
    the make-up, the roster names who fills it."""
    members = list(_iter_members(doc))
    named = {(m.group, m.role) for m in members if m.person and not m.from_prose}
    for m in members:
        if m.from_prose and m.person is None and (m.group, m.role) in named:
            continue
        yield m


def _iter_members(doc: Document) -> Iterator[Member]:
    lines = _nonblank(doc)
    st = _State()
    roster: dict[str, str] = {}
    consumed: set[int] = set()
    # attachment headings that extend a body name: collected first
    all_names: list[str] = group_mentions(doc.title or "")
    for _no, t in lines:
        all_names.extend(group_mentions(t.text))

    def canonical(name: str) -> str:
        core = _strip_city(name)
        best = name
        for other in all_names:
            if len(other) > len(best) and _suffix(other) == _suffix(name) and _subsequence(core, other):
                best = other
        return best

    def flush_right() -> Iterator[Member]:
        if st.right_column and st.group:
            role = st.last_member_role or "成员"
            for person, post, ev in st.right_column:
                yield Member(st.group, role, person, post, ev)
        st.right_column = []

    i = 0
    while i < len(lines):
        no, t = lines[i]
        stripped = _ws(t.text)
        prev_group, prev_office = st.group, st.office
        # ---- group context
        names = group_mentions(t.text)
        nth = _NTH_GROUP_RE.match(stripped)
        sec = _SECTION_RE.match(t.text.strip())
        if sec:
            st.section = sec.group("title")
        new_group: str | None = None
        abbrev_head = _ABBREV_HEAD_RE.match(_OUTLINE_RE.sub("", stripped)) if _OUTLINE_RE.match(stripped) else None
        if names:
            new_group = canonical(names[-1])
        elif abbrev_head and all_names:
            new_group = canonical(_main_name(all_names, doc.title, _suffix_in(abbrev_head.group(0))))
        elif nth and st.section:
            new_group = st.section + nth.group("name")
        else:
            wg = _WORKGROUP_RE.match(_OUTLINE_RE.sub("", stripped)) if _OUTLINE_RE.match(stripped) else None
            if wg:
                new_group = wg.group("name")
        if new_group and new_group != st.group:
            yield from flush_right()
            st.group, st.group_line, st.role, st.office, st.last_member_role = new_group, no, None, False, None

        # ---- table rows: a role cell ("副 指 挥 长\t市发改委主任\t…"), then rows whose
        # first cell is empty (a merged role cell) carrying on the same role
        cm = _CELL_LABEL_RE.match(t.text)
        if "\t" not in t.text or cm:
            # rows under a one-person role (指挥长, 组长) before the next role cell belong to
            # that next role: a merged cell prints its label in the middle of its rows
            next_role = _table_role(cm.group("role"), st) if cm else None
            for person, post, ev in st.table_pending:
                if st.group:
                    yield Member(st.group, next_role or st.table_role or "成员", person, post, ev)
            st.table_pending = []
            st.table_role = None
        if cm and st.group is None and all_names:
            st.group = canonical(_main_name(all_names, doc.title, None))
        if st.group and (cm or (st.table_role and t.text.startswith("\t"))):
            if cm:
                st.table_role = st.role = _table_role(cm.group("role"), st)
            assert st.table_role is not None
            cells = tab_cells(t)
            body = [c for c in cells[1:] if c.text.strip()]
            entries = parse_roster_cells(Text.join(body[:2], "\t")) if body else []
            found: list[tuple[str | None, str | None, Text]] = []
            if entries and all(e.post is not None for e in entries):
                for e in entries:
                    if e.post_str:
                        roster.setdefault(e.name_str, e.post_str)
                    found.append((e.name_str, e.post_str, t))
            elif body and is_post(body[0].text) and not is_name(body[0].text):
                found.append((None, _ws(body[0].text), body[0]))
            if not cm and not re.match(r"^(?:副|成员|委员|联络员)", st.table_role):
                st.table_pending.extend(found)
            else:
                for person, post, ev in found:
                    yield Member(st.group, st.table_role, person, post, ev)
            consumed.add(i)
            i += 1
            continue

        # ---- a table flattened one cell per line (职务 / 姓名 / 工作单位及职务): a bare
        # role line, then a name line and a post line, or only a post line (empty name cell)
        bare_role = _BARE_ROLE_RE.match(stripped)
        if st.group and bare_role and not names and i + 1 < len(lines):
            role = _norm_role(bare_role.group("role"), "", st.group, st.office)
            n1 = _ws(lines[i + 1][1].text)
            n2 = _ws(lines[i + 2][1].text) if i + 2 < len(lines) else ""
            if (
                is_name(n1)
                and len(lines[i + 1][1].text.split()) <= 2
                and is_post(n2)
                and not is_name(n2)
                and not _BARE_ROLE_RE.match(n2)
            ):
                roster.setdefault(n1, n2)
                st.role, st.last_roster = role, i + 2
                yield Member(st.group, role, n1, n2, lines[i + 1][1])
                i += 3
                continue
            if _post_only(lines[i + 1][1].text):
                st.role, st.last_roster = role, i + 1
                yield Member(st.group, role, None, n1, lines[i + 1][1])
                i += 2
                continue

        # ---- labelled line
        m = _LABEL_RE.match(t.text)
        if m and st.group is None and all_names:
            st.group = canonical(_main_name(all_names, doc.title, None))
        if m and st.group:
            role = _ws(m.group("role"))
            if role == "成员单位":
                role = "成员"
            if role == "办公室主任":
                st.office = True
            role = _norm_role(role, "", st.group, st.office)
            rest = t[m.end() :]
            rest_clean = _clean_rest(rest)
            entries = parse_roster_cells(rest_clean) if rest_clean.text.strip() else []
            st.role = role
            if not rest_clean.text.strip():
                # a label alone on its line ("组 长：") heads the entries printed under it
                st.last_roster = i
                i += 1
                continue
            if entries:
                i = yield from _emit_roster(entries, lines, i, st, roster, t)
                continue
            para, j = _paragraph(lines, i)
            mm = _LABEL_RE.match(para.text)
            x = para[mm.end() :] if mm else para
            x = _prose_text(x)
            cut = re.search(r"[。；]", x.text)
            if cut:
                x = x[: cut.start()]
            for person, post, ev in members_from_list(x, roster):
                if person is None and post is None:
                    continue
                yield Member(st.group, role, person, post, ev)
            for k in range(i, j + 1):
                consumed.add(k)
            i = j + 1
            continue

        # ---- unlabelled roster continuation
        if st.group and st.role and not names and i - st.last_roster <= 3:
            entries = parse_roster_cells(t)
            if (
                entries
                and entries[-1].post is not None
                and i + 1 < len(lines)
                and not is_post(entries[-1].post.text)
                and _is_bare_title(lines[i + 1][1].text)
            ):
                entries[-1].post = Text.join([entries[-1].post, lines[i + 1][1].strip()])
            bracketed = bool(re.search(r"[（(]", t.text))
            if entries and all(e.post is not None and (is_post(e.post.text) or (bracketed and looks_like_unit(e.post.text)))
                               for e in entries):
                # "何某(市财政局)": a member printed with the unit that sends them
                i = yield from _emit_roster(entries, lines, i, st, roster, t)
                continue
            if not entries and _post_only(t.text):
                # "市税务局分管负责人" inside a roster: a member printed by post only
                st.last_roster = i
                yield Member(st.group, st.role, None, _ws(t.text), t)
                i += 1
                continue

        # ---- prose
        if (i not in consumed and st.group is not None) or names:
            para, j = _paragraph(lines, i)
            x = _prose_text(para)
            seam = _first_mention_sentence(x.text) if names and prev_group and prev_group != st.group else 0
            if seam > 0:
                # "…办公室主任由X兼任。同时建立Y联席会议制度": the sentences before the
                # new group is named still speak of the previous one
                cur_group, cur_office = st.group, st.office
                st.group, st.office = prev_group, prev_office
                yield from _prose(x[:seam], st, roster)
                st.group, st.office = cur_group, cur_office
                x = x[seam:]
            if st.group:
                yield from _prose(x, st, roster)
                if _ROSTER_INTRO_RE.search(x.text):
                    # "调整后的指挥部成员如下：": unlabelled rows that follow are members
                    st.role, st.last_roster = "成员", j
            for k in range(i, j + 1):
                consumed.add(k)
            i = j + 1
            continue
        i += 1
    for person, post, ev in st.table_pending:
        if st.group and st.table_role:
            yield Member(st.group, st.table_role, person, post, ev)
    yield from flush_right()


# a line that is only a role: the role cell of a table flattened one cell per line
_BARE_ROLE_RE = re.compile(rf"^(?P<role>{_ROLE_ALT})$")

# the sentence that announces an unlabelled member list
_ROSTER_INTRO_RE = re.compile(r"成员(?:名单)?(?:如下|为)[：:]$")


def _clean_rest(rest: Text) -> Text:
    s = rest.text
    for tail in ("（兼）", "(兼)"):
        k = s.find(tail)
        if k >= 0:
            rest = Text.join([rest[:k], rest[k + len(tail) :]])
            s = rest.text
    return rest.strip(" 。；;")


def _emit_roster(
    entries: list[NamePost], lines: list[tuple[int, Text]], i: int, st: _State, roster: dict[str, str], t: Text
) -> Generator[Member, None, int]:
    """Yield roster members of line ``i``; returns the next line index."""
    _no, line = lines[i]
    nxt_i = i + 1
    st.last_roster = i
    # a post broken over lines: "文建华 市规划和自然资源局" / "局长"
    last = entries[-1]
    if (
        last.post is not None
        and not is_post(last.post.text)
        and i + 1 < len(lines)
        and _is_bare_title(lines[i + 1][1].text)
    ):
        last.post = Text.join([last.post, lines[i + 1][1].strip()])
        nxt_i = i + 2
    role = st.role or "成员"
    left = entries[0]
    post = left.post_str if left.post is not None else roster.get(left.name_str)
    if left.post_str:
        roster.setdefault(left.name_str, left.post_str)
    assert st.group is not None
    yield Member(st.group, role, left.name_str, post, line)
    if not role.startswith("办公室"):
        st.last_member_role = role
    two_col = len(entries) >= 2 and entries[0].post is not None
    for e in entries[1:]:
        if e.post_str:
            roster.setdefault(e.name_str, e.post_str)
        if two_col:
            st.right_column.append((e.name_str, e.post_str, line))
        else:
            yield Member(st.group, role, e.name_str, e.post_str or roster.get(e.name_str), line)
    # "陈 刚\t市公安局交警支队支队长\t各县（市、区）人民政府分管负责人": a last cell
    # printed by post only is the next entry of the list
    end = last.post if last.post is not None else last.name
    if end.offsets and end.offsets[-1] in line.offsets:
        tail = line[line.offsets.index(end.offsets[-1]) + 1 :].strip(" \t\u3000")
        if tail.text and _post_only(tail.text):
            if entries[0].post is not None:
                st.right_column.append((None, _ws(tail.text), line))
            else:
                yield Member(st.group, role, None, _ws(tail.text), line)
    return nxt_i


def _post_only(s: str) -> bool:
    """A roster cell or line that is a post with no name: ``市税务局分管负责人``,
    ``各县（区）人民政府分管负责人`` (a unit, then a title; no sentence punctuation)."""
    c = _ws(s).rstrip("；;。")
    bare = re.sub(r"[（(][^（）()]*[）)]", "", c)
    if not c or len(c) > 40 or re.search(r"[，,。；;：:、]", bare) or "\t" in s.strip():
        return False
    if not is_post(c) or _is_bare_title(c):
        return False
    return unit_prefix(c) is not None or c.startswith("各")


def _prose(x: Text, st: _State, roster: dict[str, str]) -> Iterator[Member]:
    s = x.text
    assert st.group is not None
    seen: list[tuple[int, int]] = []
    found: list[tuple[int, str, Text]] = []
    for m in _P_BY.finditer(s):
        found.append((m.start(), m.group("role"), x[m.start("x") : m.end("x")]))
        seen.append((m.start(), m.end()))
    pos = 0
    while True:
        mi = _P_IS.search(s, pos)
        if mi is None:
            break
        m = mi
        xs = x[m.start("x") : m.end("x")]
        cut = _IS_CUT.search(xs.text)
        if cut:
            xs = xs[: cut.start()]
        pos = m.start("x") + max(len(xs), 1)
        if any(a <= m.start() < b for a, b in seen):
            continue
        found.append((m.start(), m.group("role"), xs))
        seen.append((m.start(), m.start("x") + len(xs)))
    for m in _P_TAKES.finditer(s):
        if any(a <= m.start("x") < b for a, b in seen):
            continue
        found.append((m.start(), m.group("role"), x[m.start("x") : m.end("x")]))
        also = _P_ALSO.match(s, m.end())
        if also:
            found.append((m.start(), also.group("role"), x[m.start("x") : m.end("x")]))
    found.sort(key=lambda f: f[0])
    for start, role_raw, xs in found:
        if _BAD_X.search(xs.text) or not xs.text:
            continue
        sent_start = max(s.rfind("。", 0, start), s.rfind("；", 0, start)) + 1
        sentence = s[sent_start : start + 1]
        role = _norm_role(role_raw, sentence, st.group, st.office)
        if role in ("主任", "副主任", "常务副主任") and not st.group.endswith("委员会"):
            continue
        for person, post, ev in members_from_list(xs, roster):
            if person is None and (post is None or not is_post(post)):
                continue
            yield Member(st.group, role, person, post, ev, from_prose=True)


# --------------------------------------------------------------------------
# extractor
# --------------------------------------------------------------------------


@register("groups", version=VERSION, assigns=("Group", "MEMBER_OF", "SET_UP_BY"))
def extract_groups(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_groups.info
    batch = GraphBatch()
    city = ctx.city or doc.city
    doc_ref = NodeRef(L.DOCUMENT, doc.key)
    groups: dict[str, NodeRef] = {}
    seen: set[tuple[str, str, str]] = set()
    ordinals: dict[str, int] = {}
    for mem in iter_members(doc):
        who = mem.person or mem.position or ""
        ident = (mem.group, mem.role, who)
        if not who or ident in seen:
            continue
        seen.add(ident)
        gref = groups.get(mem.group)
        if gref is None:
            gref = batch.add_node(L.GROUP, group_key(doc.key, mem.group), name=mem.group, city=city,
                                  doc_number=doc.doc_number)
            groups[mem.group] = gref
            batch.add_edge(R.SET_UP_BY, gref, doc_ref, info.provenance(doc, mem.evidence))
        if mem.person:
            src = batch.add_node(L.PERSON, person_key(city, mem.person), name=mem.person, city=city)
            ctx.known_people.add(mem.person)
        else:
            assert mem.position is not None
            src = batch.add_node(L.POST, post_key(city, mem.position), name=mem.position, city=city,
                                 agency=unit_prefix(mem.position))
        ordinals[mem.group] = ordinals.get(mem.group, 0) + 1
        batch.add_edge(R.MEMBER_OF, src, gref, info.provenance(doc, mem.evidence), role=mem.role,
                       position=mem.position, ordinal=ordinals[mem.group])
    return batch
