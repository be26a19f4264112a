"""Chinese personal names and posts (职务) in printed rosters and prose.

Rules, none of them a list of names from any corpus:

* A personal name is 2-4 CJK characters. The first character (or the first
  two, for a compound surname) is usually a common surname; the surname table
  below is general knowledge (百家姓) and is used as a soft signal only.
* PDF extraction prints 2-character names with a space between the
  characters (``张 韬``) so that they line up with 3-character names. So a
  single CJK character followed by one space and another single CJK character
  forms one 2-character name; a token of 2-4 characters is a name on its own.
  ``张聚平 张 涛`` is therefore two names, 张聚平 and 张涛.
* A post ends in a title (局长, 副主任, 调研员, 负责人 …); a unit ends in a unit
  word (局, 委, 办, 公司 …). A token that looks like either is not a name.

The functions work on :class:`kg.model.Text` so that every name and post
keeps its offsets into the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicons
from kg.model import Text
from kg.thresholds import NAME_CACHE_SIZE

__all__ = [
    "SURNAMES",
    "NamePost",
    "is_name",
    "is_post",
    "looks_like_unit",
    "parse_roster_cells",
    "post_title_end",
    "split_name_post",
    "split_names",
    "split_post_name",
    "starts_with_title",
    "tokens",
]

# Common single-character surnames (百家姓 and the most frequent modern surnames).
SURNAMES: frozenset[str] = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康"
    "伍余元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵"
    "席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗"
    "丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫"
    "乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄"
    "印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴鬱胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂"
    "濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘"
    "匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相"
    "查后荆红游竺权逯盖益桓公闫候降呼芦仝智郇晋银达覃年"
)
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
     "夏侯", "令狐", "端木", "申屠", "轩辕", "独孤", "南宫", "西门", "钟离", "闻人", "万俟"}
)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(rf"^[{_CJK}]+$")
_CJK_CHAR = re.compile(rf"[{_CJK}]")

# Titles a post ends with (longest first so that alternation prefers them): data, kg/lexicons/posts.tsv.
_TITLES: list[str] = list(lexicons.post_titles())
_TITLE_ALT = "|".join(map(re.escape, _TITLES))
_TITLE_END_RE = re.compile(rf"(?:{_TITLE_ALT})$")
_TITLE_ANY_RE = re.compile(rf"(?:{_TITLE_ALT})")

# Unit words a unit name ends with.
_UNIT_END_RE = re.compile(
    r"(?:局|委|办|厅|院|部|处|科|队|组|会|所|站|社|校|行|关|司|署|馆|台|段|团|室|中心|公司|集团|"
    r"政府|机关|单位|部门|海关|管委会|分局|支行|分行|办公室|联合会|协会)$"
)
# Characters that never occur inside a person's name in these texts but do in units/posts.
_NOT_IN_NAME = set("市县区省局委办厅部处科队组会所站社校司署馆段室党政府长员记任席团等各有负责工作副")

# Words that can look like a 2-4 character name but are not.
_NOT_NAMES = frozenset(
    {"成员", "组长", "同志", "单位", "部门", "领导", "联络", "主任", "职务", "附件", "名单", "人员",
     "以上", "以下", "其中", "另外", "同时", "根据", "按照", "分管", "协管", "兼任", "担任",
     "服务", "县区", "城区", "郊区", "矿区", "开发区", "联系人", "电话", "地址", "邮编",
     "姓名", "职责", "备注", "序号", "合计", "小计", "共计", "全体", "全市", "我市", "本市",
     # modifiers of a post ("由常务副市长任组长", "市财政局主要负责人")
     "常务", "主要", "专职", "兼职",
     # words with 关, a character given names use too ("陶关锋")
     "有关", "相关", "机关", "海关", "关于", "关系", "关键", "公关", "把关", "攸关", "各有关"}
)
# Verbs a list item starts with ("任命郭 伟为…"): a token that begins with one is no name.
_VERB_PREFIXES = ("任命", "免去", "聘任", "聘请", "免职", "提名", "决定", "同意")


def _is_cjk(s: str) -> bool:
    return bool(s) and bool(_CJK_RE.match(s))


@lru_cache(maxsize=NAME_CACHE_SIZE)  # a pure function of the string, asked again and again
def is_post(s: str) -> bool:
    """True when ``s`` (whitespace ignored) ends in a post title: ``市交通局局长``, ``副市长``."""
    s = re.sub(r"\s+", "", s).rstrip("。；;，,")
    if re.search(r"[）)]长$", s):  # 事发地县（市、区）长
        return True
    s = re.sub(r"[（(][^（）()]*[）)]$", "", s)
    return len(s) >= 2 and bool(_TITLE_END_RE.search(s))


def looks_like_unit(s: str) -> bool:
    """True when ``s`` ends in a unit word (局, 委, 公司 …) and is not a bare title."""
    s = re.sub(r"\s+", "", s)
    return len(s) >= 2 and bool(_UNIT_END_RE.search(s)) and not is_post(s)


def post_title_end(s: str) -> int | None:
    """End offset of the first post title in ``s`` (``市工信局局长彭国勇`` -> 6)."""
    m = _TITLE_ANY_RE.search(s)
    return m.end() if m else None


def starts_with_title(s: str) -> bool:
    """True when ``s`` (whitespace ignored) opens with a bare title or a list mark
    (``助理、建设管理部部长``, ``主任``, ``、…``): the tail of a post a wrap cut, not
    a post of its own (``市财政局主要负责人``)."""
    s = re.sub(r"\s+", "", s)
    return bool(s) and (s[0] in "、，," or bool(re.match(rf"(?:{_TITLE_ALT})", s)))


@lru_cache(maxsize=NAME_CACHE_SIZE)  # a pure function of the string, asked again and again
def is_name(s: str, *, strict: bool = False) -> bool:
    """True when ``s`` (whitespace removed) can be a personal name.

    2-4 CJK characters, none of the unit/post characters, not a title or a
    common word. ``strict`` also requires a known surname (use it where a
    name is not expected by the layout, e.g. in running prose).
    """
    s = re.sub(r"\s+", "", s)
    if not (2 <= len(s) <= 4) or not _is_cjk(s):
        return False
    if s in _NOT_NAMES or is_post(s):
        return False
    if any(ch in _NOT_IN_NAME for ch in s[1:]) and s[:2] not in COMPOUND_SURNAMES:
        return False
    if s[0] in "市县区省各该本我其" or s.startswith(_VERB_PREFIXES):
        return False
    has_surname = s[0] in SURNAMES or s[:2] in COMPOUND_SURNAMES
    if len(s) == 4:
        return s[:2] in COMPOUND_SURNAMES
    if strict:
        return has_surname
    return True


# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    text: Text
    cell: int  # index of the tab-separated cell the token came from


_TOKEN_RE = re.compile(r"[^\s]+")


def tokens(t: Text) -> list[Token]:
    """Whitespace tokens of ``t``; ``cell`` counts tab-separated cells (runs of
    tabs or of 2+ full-width spaces are cell breaks)."""
    out: list[Token] = []
    cell = 0
    pos = 0
    for m in _TOKEN_RE.finditer(t.text):
        gap = t.text[pos : m.start()]
        if out and ("\t" in gap or "\u3000\u3000" in gap):
            cell += 1
        out.append(Token(t[m.start() : m.end()], cell))
        pos = m.end()
    return out


def _single(tok: Token) -> bool:
    return len(tok.text.text) == 1 and _is_cjk(tok.text.text)


def split_names(t: Text) -> list[Text]:
    """Names printed in a row: ``张聚平 张 涛`` -> [张聚平, 张涛].

    Two single characters separated by whitespace form one name; a token of
    2-4 characters is a name. Returns [] if any token is not a name.
    """
    toks = [tok for tok in tokens(t) if tok.text.text.strip("，,、；;。")]
    out: list[Text] = []
    i = 0
    while i < len(toks):
        a = toks[i].text.strip("，,、；;。")
        if len(a.text) == 1 and i + 1 < len(toks) and len(toks[i + 1].text.text.strip("，,、；;。")) == 1:
            b = toks[i + 1].text.strip("，,、；;。")
            name = Text.join([a, b])
            i += 2
        else:
            name = a
            i += 1
        if not is_name(name.text):
            return []
        out.append(name)
    return out


# --------------------------------------------------------------------------
# Name + post
# --------------------------------------------------------------------------


@dataclass(slots=True)
class NamePost:
    """One roster entry: a name (whitespace removed, with offsets) and the post printed beside it."""

    name: Text
    post: Text | None

    @property
    def name_str(self) -> str:
        return re.sub(r"\s+", "", self.name.text)

    @property
    def post_str(self) -> str | None:
        if self.post is None:
            return None
        s = re.sub(r"\s+", "", self.post.text).rstrip("。；;，,")
        return s or None


# Characters a unit name ends with: a post never starts with one unless it is a bare title (部长).
_UNIT_TAIL_CHARS = frozenset("分区县局委办部队军司厅院所站处科")
_POST_START_RE = re.compile(r"^(?:副|常务|市|县|区|省|州|党|总|主|分管|协管|中|国|团|人|银|阳|朔|各|驻)")


def _take_name(toks: list[Token], i: int) -> tuple[Text, int] | None:
    """A name starting at token ``i``: one 2-4 char token, or two single chars."""
    if i >= len(toks):
        return None
    a = toks[i].text
    if _single(toks[i]) and i + 1 < len(toks) and _single(toks[i + 1]) and toks[i + 1].cell == toks[i].cell:
        name = Text.join([a, toks[i + 1].text])
        return (name, i + 2) if is_name(name.text) else None
    if is_name(a.text):
        return a, i + 1
    return None


def _is_post_token(s: str) -> bool:
    s = s.strip("，,、；;。")
    s = re.sub(r"(?<=.)[（(][^（）()]*[）)]$", "", s)  # "市城市管理局（市园林服务中心）" + wrapped "局长"
    return is_post(s) or looks_like_unit(s) or bool(_TITLE_ANY_RE.search(s))


def parse_roster_cells(t: Text) -> list[NamePost]:
    """Parse the content of a roster line into name + post pairs.

    ``张 韬\\t市委常委、常务副市长\\t魏学明\\t市应急管理局局长`` -> two pairs;
    ``高 才 市财政局二级调研员`` -> one; ``张聚平 张 涛`` -> two names without
    posts. Returns [] when the text is not a roster entry (the first item is
    not a name, or a post is not post-like).
    """
    toks = tokens(t)
    if not toks:
        return []
    bracketed = _bracket_entries(t)
    if bracketed:
        return bracketed
    if _take_name(toks, 0) is None:
        return _post_first_entries(toks)
    out: list[NamePost] = []
    i = 0
    tabbed = any(tok.cell for tok in toks)
    while i < len(toks):
        got = _take_name(toks, i)
        if got is None:
            # a name glued to its post ("赵智国网…") is not split here
            return out if out else []
        name, j = got
        # post: following tokens until the next name that is itself followed by a post
        k = j
        post_toks: list[Token] = []
        while k < len(toks):
            if tabbed:
                if post_toks and toks[k].cell != post_toks[-1].cell:
                    break
                if not post_toks and k > j and toks[k].cell != toks[j].cell:
                    break
            nxt = _take_name(toks, k) if post_toks else None
            if (
                nxt is not None
                and (nxt[1] >= len(toks) or _is_post_token(toks[nxt[1]].text.text))
                and (not tabbed or toks[k].cell != post_toks[-1].cell)
            ):
                break
            if not post_toks and _take_name(toks, k) is not None and not _is_post_token(toks[k].text.text):
                break  # another bare name: a list of names
            post_toks.append(toks[k])
            k += 1
        if post_toks:
            post = Text.join([p.text for p in post_toks])
            if not _is_post_token(post.text):
                return []
            out.append(NamePost(name, post))
        else:
            out.append(NamePost(name, None))
        i = k
    return out


_BRACKET_ENTRY_RE = re.compile(
    rf"(?P<name>[{_CJK}](?:[ \u3000]{{0,3}}[{_CJK}]){{1,3}})[ \u3000]*[（(](?P<post>[^（）()]{{2,40}})[）)]"
)


def _bracket_entries(t: Text) -> list[NamePost]:
    """``张 韬（市委常委、常务副市长）`` (entries separated by spaces or 、，；): the post
    in brackets after the name. [] unless the whole text is such entries."""
    out: list[NamePost] = []
    pos = 0
    for m in _BRACKET_ENTRY_RE.finditer(t.text):
        if t.text[pos : m.start()].strip(" \t\u3000、，,；;"):
            return []
        name, post = t[m.start("name") : m.end("name")], t[m.start("post") : m.end("post")]
        # the bracket holds the post, or the unit that sends the member ("何某(市财政局)")
        if not is_name(name.text, strict=True) or not (is_post(post.text) or looks_like_unit(post.text)):
            return []
        out.append(NamePost(name, post))
        pos = m.end()
    if t.text[pos:].strip(" \t\u3000、，,；;。"):
        return []
    return out


def _post_first_entries(toks: list[Token]) -> list[NamePost]:
    """``市委常委、常务副市长 张 韬 市财政局局长 李 四``: each post printed before its
    name. [] unless every post ends in a title and every name has a common surname."""
    out: list[NamePost] = []
    i = 0
    while i < len(toks):
        k = i
        while k < len(toks) and _take_name(toks, k) is None:
            k += 1
        got = _take_name(toks, k) if k > i else None
        if got is None:
            return []
        name, j = got
        post = Text.join([tok.text for tok in toks[i:k]])
        if not is_post(post.text) or not is_name(name.text, strict=True):
            return []
        out.append(NamePost(name, post))
        i = j
    return out


# titles never printed after a person's name: "X领导" / "X负责人" describe a post holder
_DESCRIBED_ONLY = frozenset({"领导", "负责人", "负责同志", "同志", "科长", "干部"})


def split_name_post(s: str) -> tuple[str, str] | None:
    """``魏元平副市长`` -> (魏元平, 副市长): a name glued before a post."""
    s = re.sub(r"\s+", "", s)
    best: tuple[str, str] | None = None
    for k in (3, 2, 4):
        name, post = s[:k], s[k:]
        if len(post) < 2 or not is_name(name) or not is_post(post):
            continue
        if post in _DESCRIBED_ONLY:
            continue  # "包片领导", "分管负责人": a description of whoever holds a duty, not a name
        if post[0] in _UNIT_TAIL_CHARS and post not in _TITLES:
            continue  # "晋城军分区参谋长": the cut falls inside a unit name
        if _POST_START_RE.match(post):
            return name, post
        if best is None:
            best = (name, post)
    return best


def split_post_name(s: str) -> tuple[str, str] | None:
    """``市工信局局长彭国勇`` -> (市工信局局长, 彭国勇); ``副市长田东`` -> (副市长, 田东)."""
    s = re.sub(r"\s+", "", s)
    for k in (3, 2, 4):
        if len(s) - k < 2:
            continue
        post, name = s[:-k], s[-k:]
        if is_name(name, strict=True) and is_post(post):
            return post, name
    return None


_GOV_POST_RE = re.compile(r"^(?:(?:[市县区]委(?:常委|副书记|书记)[、，]?)+)?(?:市政府)?(?:常务)?(?:副)?(?:市长|秘书长)$")
_COUNTY_POST_RE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,6}?[县区市旗])(?:常务)?(?:副)?(?:县长|区长|市长|旗长)$")


def post_agency(post: str, city: str | None) -> str | None:
    """The agency a post belongs to: ``<city>人民政府`` for 市长/副市长/常务副市长/
    市政府副秘书长 (party ranks before them allowed), ``<county>人民政府`` for a
    county head, else the unit printed at the start of the post (the first unit
    of a composite post), else ``None``."""
    from kg.agencies import unit_prefix

    s = re.sub(r"\s+", "", post)
    if _GOV_POST_RE.match(s) and ("市长" in s or "市政府" in s):
        return f"{city}人民政府" if city else "人民政府"
    m = _COUNTY_POST_RE.match(s)
    if m and not s.startswith("市"):
        return m.group("place") + "人民政府"
    first = re.split(r"[、，]", s)[0]
    return unit_prefix(first) or unit_prefix(s)
