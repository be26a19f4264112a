"""Recognise and split printed government-unit names.

Gazettes print responsibilities as unit lists: ``市发改委、市财政局，各县（市、区）
人民政府等``. This module splits such lists and recognises unit names **by their
structure** (a suffix such as 局/委/办/中心/政府/公司/支队/部门, no sentence
punctuation, no verbs) and by the names already seen in the same gazette (the
``known`` set, whitespace removed). It holds no list of names from any corpus.

Public functions (other modules import them; keep the names stable):

* :func:`split_units` – split a printed unit list (a :class:`~kg.model.Text`, so
  every unit keeps its source offsets) on 、，,；; and on 和/及/与/and where both
  sides are unit names; never inside brackets.
* :func:`is_unit_name` – does a string look like the name of a unit?
* :func:`unit_prefix` – the unit at the start of a post string.
* :func:`clean_unit` – trim one list item (punctuation, a trailing 等 …).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicons
from kg.model import Text
from kg.thresholds import NAME_CACHE_SIZE

__all__ = [
    "CLOSERS",
    "OPENERS",
    "clean_unit",
    "is_unit_name",
    "split_unit_strings",
    "split_units",
    "unit_prefix",
]

OPENERS = "（(〔[【［﹝《“‘〖<"
CLOSERS = "）)〕]】］﹞》”’〗>"
_PAIR = dict(zip(OPENERS, CLOSERS, strict=True))

# Separators that always split a list (at bracket depth 0).
_HARD_SEPS = "、，,；;"
# Conjunctions that split only when both sides are unit names.
_SOFT_SEPS = ("以及", "和", "及", "与", "and", "AND", "And")

# Name endings of units (we test endswith on each): data, kg/lexicons/org_suffixes.tsv.
_UNIT_SUFFIXES: tuple[str, ...] = lexicons.org_suffixes()
# Bare generic words that are not a unit by themselves.
_GENERIC = frozenset({
    "部门", "部門", "单位", "机构", "机关", "企业", "组织", "中心", "政府", "公司", "集团",
    "有关部门", "相关部门", "有关单位", "相关单位", "各单位", "会", "委", "办", "局",
    "分公司", "支行", "分行", "分局", "工作组", "组织实施",
    # role labels of a list or a table column, not a unit
    "成员单位", "牵头单位", "组长单位", "责任单位", "配合单位", "协办单位", "参与单位", "主办单位",
    "承办单位", "实施单位", "落实单位", "牵头部门", "责任部门", "配合部门", "成员部门", "主管部门",
})
# Words that mark a clause, not a name.
_VERB_RE = re.compile(
    r"牵头|负责|配合|参与|会同|详见|此件|见附件|需要|包括|设在|落实|推进|协助|协调|组织实施|按照|职责|分工|要求|加强|开展|建立|完善|"
    r"确保|做好|督促|指导|提供|制定|实施|支持|鼓励|推动|进行|根据|开展|应当|可以|必须|"
    r"[。：:！？!?]"
)
# A unit name starts with a letter of a name (a CJK character, a Latin letter, or
# an opening bracket/quote), never with a list marker (③, 1., ——).
_NAME_START_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z（(〔\[“\"《]")
# Words that make a description or a clause, not a name: a pronoun (其/本/该),
# an alternative (或/或者), delegation (授权/委托), a plan or document (预案, 方案),
# a role word of a person list (成员, 人员, 负责人, 同志, 领导).
_NOT_NAME_RE = re.compile(
    r"其|或|授权|委托|预案|方案|意见|通知|人员|成员(?!单位)|负责人|同志|领导(?!小组)|"
    r"^(?:本|该|此|上述|以下|以上)"
)
# Post titles that may follow a unit at the start of a post string.
_POST_START_RE = re.compile(
    r"^(?:党组|党委|党工委|纪检|主要|分管|专职|兼职|常务|总|副|一级|二级|三级|四级|"
    r"局长|主任|书记|队长|处长|科长|部长|院长|行长|经理|主席|秘书长|会长|负责人|站长|所长|"
    r"校长|馆长|政委|司令|董事长|调研员|巡视员|委员|支队长|大队长|团长|组长|社长|台长|理事长|"
    r"段长|审计师|工程师|检察长|庭长|关长|署长|厅长|领导|干部|成员)"
)
# Party leadership posts: rank of a person, not a seat in a unit.
_PARTY_RANK_RE = re.compile(r"^[市县区省州]委(?:常委|书记|副书记)")

_TRAILING_DENG_RE = re.compile(
    r"等(?:\d+|[一二三四五六七八九十]+)?(?:个|家)?(?:其他|其它|有关|相关)?(?:部门|部門|单位|机构|成员单位)?$"
)
# Final characters of unit names that no name prints twice in a row.
_SEAM_DOUBLE = "府局委办厅部队司署"
_EDGE_PUNCT = " \t\u3000。．.：:，,、；;\"'“”‘’—-－–…·•*"


def _brackets(s: str) -> list[int]:
    """Depth at each character; unmatched openers/closers count as plain text."""
    stack: list[int] = []
    match: dict[int, int] = {}
    for i, ch in enumerate(s):
        if ch in _PAIR:
            stack.append(i)
        elif ch in CLOSERS:
            # Close the nearest opener whose closer is ch (ignore a stray closer).
            for k in range(len(stack) - 1, -1, -1):
                if _PAIR[s[stack[k]]] == ch:
                    match[stack[k]] = i
                    del stack[k:]
                    break
    depth = [0] * len(s)
    d = 0
    closing: dict[int, int] = {}
    for _o, c in match.items():
        closing[c] = closing.get(c, 0) + 1
    for i in range(len(s)):
        if i in match:
            d += 1
        depth[i] = d
        if i in closing:
            d -= closing[i]
    return depth


def _strip_trailing_brackets(s: str) -> str:
    """``市行政审批局（市政务信息管理局）`` -> ``市行政审批局``."""
    while s and s[-1] in CLOSERS:
        depth = _brackets(s)
        if depth[-1] == 0:  # a stray closer
            return s[:-1]
        i = len(s) - 1
        while i > 0 and not (s[i] in OPENERS and depth[i] == depth[-1] and (i == 0 or depth[i - 1] < depth[i])):
            i -= 1
        if i <= 0:
            return s
        s = s[:i]
    return s


@lru_cache(maxsize=NAME_CACHE_SIZE)  # a pure function of the string, asked again and again
def is_unit_name(s: str) -> bool:
    """True when ``s`` has the structure of a unit name.

    A unit name ends in a unit suffix (局, 委, 办, 中心, 政府, 公司, 支队, 部门 …; a
    trailing bracketed alias is ignored), is at least three characters long (or a
    two-character 局/委/办 abbreviation such as 财政局 is not needed: 2 chars are too
    ambiguous), carries no sentence punctuation or verb, and is not a bare generic
    word (部门, 有关单位).
    """
    s = re.sub(r"\s+", "", s)
    if not s or len(s) > 40:
        return False
    if not _NAME_START_RE.match(s) or _NOT_NAME_RE.search(_strip_brackets_content(s)):
        return False
    if s in _GENERIC or re.match(r"^(?:and|AND|And|和|及|与|或|要|对|向|经|按|把|将|请|由|从|据|凡|为|在|以)", s):
        return False
    if "由" in s or re.search(r"(?:主任|组长|局长|市长|负责人)", _strip_brackets_content(s)):
        return False
    if _VERB_RE.search(_strip_brackets_content(s)):
        return False
    core = _strip_trailing_brackets(s)
    if len(core) < 2 or core in _GENERIC:
        return False
    if not core.endswith(_UNIT_SUFFIXES):
        return False
    # "…的…" inside a unit is rare; "…的部门" is a description, not a name.
    if "的" in core and not core.startswith("的"):
        return bool(re.search(r"(主管|管理)部门$", core)) and len(core) <= 20
    return not (len(core) == 2 and core[-1] in "会行所社段处室科台团司")


def _strip_brackets_content(s: str) -> str:
    depth = _brackets(s)
    return "".join(ch for ch, d in zip(s, depth, strict=True) if d == 0)


def clean_unit(t: Text) -> Text:
    """Trim one list item: edge punctuation and whitespace, a trailing 等 /
    等有关部门 / 等相关单位, a stray unmatched bracket at either end."""
    t = t.strip(_EDGE_PUNCT)
    # a page seam that repeats the last character of a name (``人民政府⏎⏎府``)
    m = re.search(r"(\S)\s*(\S)$", t.text)
    if m and m.group(1) == m.group(2) and m.group(2) in _SEAM_DOUBLE and is_unit_name(t.text[: m.start(2)]):
        t = t[: m.start(2)].strip(_EDGE_PUNCT)
    for _ in range(3):
        before = t.text
        m = _TRAILING_DENG_RE.search(t.text)
        if m and m.start() > 0:
            t = t[: m.start()].strip(_EDGE_PUNCT)
        s = t.text
        if s and s[0] in OPENERS and _brackets(s)[-1] > 0:
            t = t[1:].strip(_EDGE_PUNCT)
        s = t.text
        if s and s[-1] in CLOSERS and s.count(s[-1]) > sum(s.count(o) for o, c in _PAIR.items() if c == s[-1]):
            t = t[:-1].strip(_EDGE_PUNCT)
        if t.text == before:
            break
    return t


def _split_at(t: Text, cuts: list[tuple[int, int]]) -> list[Text]:
    out: list[Text] = []
    pos = 0
    for a, b in cuts:
        out.append(t[pos:a])
        pos = b
    out.append(t[pos:])
    return out


# A stretch of text longer than this (whitespace included) is never one unit
# name (is_unit_name allows 40 characters): _soft_split does not test it, which
# keeps a long item linear (a 390 KB single line took > 300 s when every later
# cut was tried against every earlier one).
UNIT_SPAN_MAX_CHARS = 200


def _soft_split(t: Text, known: set[str]) -> list[Text]:
    """Split one item on 和/及/与/and (or plain whitespace) where every piece is a unit."""
    s = t.text
    whole = re.sub(r"\s+", "", s)
    if whole in known:
        return [t]
    depth = _brackets(s)
    cands: list[tuple[int, int]] = []
    conj_re = "|".join(re.escape(c) for c in _SOFT_SEPS)
    covered: set[int] = set()
    for m in re.finditer(rf"\s*(?:{conj_re})\s*", s):
        if depth[m.start()] == 0 and m.start() > 0 and m.end() < len(s):
            cands.append((m.start(), m.end()))
            covered.update(range(m.start(), m.end()))
    # whitespace runs between two unit names (table cells joined by spaces)
    for m in re.finditer(r"\s+", s):
        if depth[m.start()] == 0 and m.start() > 0 and m.end() < len(s) and m.start() not in covered:
            cands.append((m.start(), m.end()))
    if not cands:
        return [t]
    cands.sort()
    # Greedy left-to-right: accept a cut when the piece before it and the rest
    # after it (up to the next candidate cut) are both unit names.
    pieces: list[Text] = []
    start = 0
    for i, (a, b) in enumerate(cands):
        if a < start or a - start > UNIT_SPAN_MAX_CHARS:
            continue  # the piece before this cut is too long to be a unit
        left = t[start:a].strip()
        if not _ok(left, known):
            continue
        nxt = len(s)
        for a2, _b2 in cands[i + 1:]:
            if a2 - b > UNIT_SPAN_MAX_CHARS:
                break
            if a2 > b and _ok(t[b:a2].strip(), known):
                nxt = a2
                break
        if nxt - b > UNIT_SPAN_MAX_CHARS:
            continue
        right = t[b:nxt].strip()
        rest_ok = len(s) - b <= UNIT_SPAN_MAX_CHARS and _ok(t[b:].strip(), known)
        if (_ok(right, known) or rest_ok) and not _is_branch_tail(right.text):
            pieces.append(left)
            start = b
    pieces.append(t[start:].strip())
    return pieces


def _ok(t: Text, known: set[str]) -> bool:
    s = re.sub(r"\s+", "", t.text)
    return s in known or is_unit_name(s)


def _is_branch_tail(s: str) -> bool:
    """``朔州市分公司`` after ``…股份有限公司`` is part of the same name."""
    s = re.sub(r"\s+", "", s)
    return bool(re.fullmatch(r"(?:[\u4e00-\u9fff]{1,4}[市县区省]|[\u4e00-\u9fff]{2,3})"
                             r"(?:分公司|分局|支行|分行|分中心|营业部)", s)) and not re.match(r"^[市县区省各]", s)


def split_units(text: Text, known: set[str] | None = None) -> list[Text]:
    """Split a printed unit list into units (each a :class:`Text` slice).

    * hard separators 、 ， , ； ; split at bracket depth 0 only, so
      ``各县（市、区）人民政府`` and ``市行政审批局（市政务信息管理局）`` stay whole;
    * 和 / 及 / 与 / English "and" and plain whitespace split only where the
      pieces on both sides are unit names (:func:`is_unit_name`) or names in
      ``known`` – so ``市规划和自然资源局`` stays whole but
      ``市消防救援支队和国网阳泉供电公司`` splits; a name in ``known`` is never split;
    * every item is trimmed by :func:`clean_unit` (a trailing 等 is dropped, an
      inner one kept: ``市发改委等市直相关部门``); empty items are dropped.
    """
    known = known or set()
    s = text.text
    depth = _brackets(s)
    cuts = [(i, i + 1) for i, ch in enumerate(s) if ch in _HARD_SEPS and depth[i] == 0]
    out: list[Text] = []
    for part in _split_at(text, cuts):
        part = clean_unit(part)
        if not part.text:
            continue
        for piece in _soft_split(part, known):
            piece = clean_unit(piece)
            if piece.text:
                out.append(piece)
    return out


def split_unit_strings(s: str, known: set[str] | None = None) -> list[str]:
    """:func:`split_units` on a plain string; items with whitespace removed."""
    return [re.sub(r"\s+", "", t.text) for t in split_units(Text.plain(s), known)]


def unit_prefix(post: str) -> str | None:
    """The unit printed at the start of a post string, or ``None``.

    ``市交通局局长`` -> ``市交通局``; ``市应急管理局副局长`` -> ``市应急管理局``;
    ``朔州经济开发区管委会主任助理、建设管理部部长`` -> ``朔州经济开发区管委会``.
    The shortest leading unit name that is followed by a post title wins, so
    ``市发展和改革委员会主任`` gives ``市发展和改革委员会`` (``…委`` + ``员会主任``
    is not a title). Choice: party leadership ranks (``市委常委、常务副市长``,
    ``市委书记``) return ``None`` – they are a person's rank, not a seat in a
    unit; bare posts (``副市长``) return ``None`` too.
    """
    s = re.sub(r"\s+", "", post)
    if _PARTY_RANK_RE.match(s):
        return None
    for i in range(2, len(s)):
        head, rest = s[:i], s[i:]
        if is_unit_name(head) and _POST_START_RE.match(rest):
            return head
    return None
