"""Golden tests for the groups extractor on nasty roster layouts."""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.groups import extract_groups

from kg.testing import hard_wrap, insert_page_furniture, make_document, make_gazette

Fact = tuple[str, str | None, str | None]  # role, person, position


def _members(text: str, city: str = "测试市") -> set[Fact]:
    doc = make_document(text, city=city)
    batch = extract_groups(doc, ExtractContext(make_gazette(doc)))
    out: set[Fact] = set()
    for e in batch.edges.values():
        if e.type != "MEMBER_OF":
            continue
        node = batch.nodes[e.src]
        person = node.props["name"] if e.src.label == "Person" else None
        out.add((e.props["role"], person, e.props.get("position")))
        # evidence contains the person (whitespace removed)
        if person:
            assert person in "".join(e.prov.evidence.split())
    return out


def _groups(text: str) -> set[str]:
    doc = make_document(text)
    batch = extract_groups(doc, ExtractContext(make_gazette(doc)))
    return {n.props["name"] for n in batch.nodes.values() if n.label == "Group"}


SPACED = """市人民政府决定成立测试市推进柴油货车淘汰工作领导小组（成员名单见附件1）。

附件1

测试市推进柴油货车淘汰工作领导小组

组 长：武跃飞 副市长

副组长：霍永生 市政府办公室副主任

杨东峰 市交通局局长

成 员：高 才 市财政局二级调研员

赵 忠 市生态环境局副局长

领导小组下设办公室，办公室设在市交通局。

张 梁 市市场监管局副局长

办公室主任：赵 忠（兼）。
"""

TWO_COLUMN = """附件

测试市第一次全国自然灾害综合风险普查领导小组组成人员名单

组 长：黄海涛\t市委常委、常务副市长\t胡贵卿\t市生态环境局副局长
副组长：王存才\t市政府副秘书长\t曹慧晟\t市交通运输局副局长
成 员：张忠灵\t市发展改革委副主任\t何文斌\t市应急局副局长
李 旭\t市规划和自然资源局副 局长\t\t
贺占忠\t市水利局副局长\t\t

领导小组办公室主任由市应急局局长王存才兼任。
"""

BROKEN_POST = """关于调整测试市建设中医药强市领导小组组成人员的通知

组 长：吴秀玲 市委副书记、市长

成 员：文建华 市规划和自然资源局

局长

王 悦 市教育局局长

领导小组办公室设在市卫健委。办公室主任由吴秀玲同志兼任。办公室副主任由市卫健委、市工信局主要负责人兼任。
"""

POSTS = """2.1 市特种设备事故应急指挥部

指挥长：分管特种设备安全工作的副市长。

副指挥长：市政府协管副秘书长,市市场监管

局、市应急局主要负责人。

成员：市委宣传部分，市发改委、市消防救援支队和国网测试供电公司等有关单位分管负责人。根据实际，指挥长可抽调相关市直单位分管负责人为成员。

成员单位：市公安局、市财政局、测试车务段等。

市指挥部办公室设在市市场监管局，办公室主任由市市场监管局局长兼任。
"""

PROSE = """六、保障措施

成立测试绿色产业发展集团有限公司筹备专班，组长由副市长田东、刘亮担任，力争年底前完成组建。

市级成立市场监管事件（药品）应急指挥部（以下简称市指挥部）。指挥长由市政府分管市场监管工作的副市长担任，副指挥长由市应急管理局局长、市消防救援支队支队长担任。成员有市委宣传部、市公安局等有关单位分管负责人。

联席会议办公室设在市文物局，办公室主任由市文物局局长担任。联席会议设联络员，由市文物局文物科科长担任。
"""

LIAISON = """四、入企服务小组

第一组:

组 长：黄海涛 市委常委、常务副市长

副组长：王开英 市工信局副局长

成员单位：市发改委、市财政局、晋商银行

联络员：张聚平 张 涛

第二组：

组 长：靳润喜 副市长

联络员：赵 昀
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SPACED,
            {
                ("组长", "武跃飞", "副市长"),
                ("副组长", "霍永生", "市政府办公室副主任"),
                ("副组长", "杨东峰", "市交通局局长"),
                ("成员", "高才", "市财政局二级调研员"),
                ("成员", "赵忠", "市生态环境局副局长"),
                ("成员", "张梁", "市市场监管局副局长"),
                ("办公室主任", "赵忠", "市生态环境局副局长"),
            },
        ),
        (
            TWO_COLUMN,
            {
                ("组长", "黄海涛", "市委常委、常务副市长"),
                ("副组长", "王存才", "市政府副秘书长"),
                ("成员", "张忠灵", "市发展改革委副主任"),
                ("成员", "李旭", "市规划和自然资源局副局长"),
                ("成员", "贺占忠", "市水利局副局长"),
                # the right column continues the 成员 list, it is not 组长/副组长
                ("成员", "胡贵卿", "市生态环境局副局长"),
                ("成员", "曹慧晟", "市交通运输局副局长"),
                ("成员", "何文斌", "市应急局副局长"),
                ("办公室主任", "王存才", "市应急局局长"),
            },
        ),
        (
            BROKEN_POST,
            {
                ("组长", "吴秀玲", "市委副书记、市长"),
                ("成员", "文建华", "市规划和自然资源局局长"),
                ("成员", "王悦", "市教育局局长"),
                ("办公室主任", "吴秀玲", "市委副书记、市长"),
                ("办公室副主任", None, "市卫健委主要负责人"),
                ("办公室副主任", None, "市工信局主要负责人"),
            },
        ),
        (
            POSTS,
            {
                ("指挥长", None, "分管特种设备安全工作的副市长"),
                ("副指挥长", None, "市政府协管副秘书长"),
                ("副指挥长", None, "市市场监管局主要负责人"),
                ("副指挥长", None, "市应急局主要负责人"),
                ("成员", None, "市委宣传部分管负责人"),
                ("成员", None, "市发改委分管负责人"),
                ("成员", None, "市消防救援支队分管负责人"),
                ("成员", None, "国网测试供电公司分管负责人"),
                ("办公室主任", None, "市市场监管局局长"),
            },
        ),
        (
            PROSE,
            {
                ("组长", "田东", "副市长"),
                ("组长", "刘亮", "副市长"),
                ("指挥长", None, "市政府分管市场监管工作的副市长"),
                ("副指挥长", None, "市应急管理局局长"),
                ("副指挥长", None, "市消防救援支队支队长"),
                ("成员", None, "市委宣传部分管负责人"),
                ("成员", None, "市公安局分管负责人"),
                ("办公室主任", None, "市文物局局长"),
                ("联络员", None, "市文物局文物科科长"),
            },
        ),
        (
            LIAISON,
            {
                ("组长", "黄海涛", "市委常委、常务副市长"),
                ("副组长", "王开英", "市工信局副局长"),
                ("联络员", "张聚平", None),
                ("联络员", "张涛", None),
                ("组长", "靳润喜", "副市长"),
                ("联络员", "赵昀", None),
            },
        ),
    ],
    ids=["spaced", "two-column", "broken-post", "post-lists", "prose", "liaison"],
)
def test_members(text: str, expected: set[Fact]) -> None:
    assert _members(text) == expected


def test_two_column_reordered_columns_same_members() -> None:
    """Swapping which person sits in which column does not change roles of the left column."""
    swapped = TWO_COLUMN.replace("胡贵卿\t市生态环境局副局长", "何文斌\t市应急局副局长", 1).replace(
        "张忠灵\t市发展改革委副主任\t何文斌\t市应急局副局长", "张忠灵\t市发展改革委副主任\t胡贵卿\t市生态环境局副局长"
    )
    assert _members(swapped) == _members(TWO_COLUMN)


def test_city_swapped_and_names_changed() -> None:
    text = SPACED.replace("测试市", "晋城市").replace("武跃飞", "孙 悦").replace("杨东峰", "欧阳明")
    got = _members(text, city="晋城市")
    assert ("组长", "孙悦", "副市长") in got
    assert ("副组长", "欧阳明", "市交通局局长") in got


def test_rewrapped_prose_post_list() -> None:
    """The same 副指挥长 list wrapped at 20 characters gives the same members."""
    flat = "2.1 市指挥部\n\n副指挥长：市政府协管副秘书长、市应急局、市卫健委主要负责人。\n"
    body = "副指挥长：市政府协管副秘书长、市应急局、市卫健委主要负责人。"
    wrapped = "2.1 市指挥部\n\n" + "\n\n".join(body[i : i + 20] for i in range(0, len(body), 20)) + "\n"
    head = "测试市特种设备事故应急指挥部组成及职责\n\n"
    assert _members(head + flat) == _members(head + wrapped)
    assert ("副指挥长", None, "市卫健委主要负责人") in _members(head + wrapped)


def test_bare_units_give_no_members() -> None:
    text = "测试市较大事件应急指挥部\n\n成员单位：市委宣传部、市发改委、测试车务段等。\n"
    assert _members(text) == set()


def test_group_names() -> None:
    assert _groups(SPACED) == {"测试市推进柴油货车淘汰工作领导小组"}
    assert "入企服务小组第一组" in _groups(LIAISON)
    assert "测试绿色产业发展集团有限公司筹备专班" in _groups(PROSE)


# --------------------------------------------------------------------------
# layout variants: hard wraps, page furniture, seams, wrapped two-column rows
# --------------------------------------------------------------------------


def _wrap(text: str, width: int = 20) -> str:
    """Hard-wrap every line longer than ``width`` (tab rows are left alone), as PDF extraction does."""
    return hard_wrap(text, width)


def _paged(text: str, every: int = 7, city: str = "测试市") -> str:
    """Insert a page number and a running header every ``every`` lines (seams fall mid-list)."""
    return insert_page_furniture(text, every, city=city)


ROSTER = """测试市人民政府办公室关于成立测试市社会组织管理工作领导小组的通知

各县（市、区）人民政府，测试经济开发区管委会，市直各有关单位：

根据工作需要，为加强对全市社会组织管理工作的组织领导，市政府决定成立测试市社会组织管理工作领导小组，现将有关事项通知如下：

一、组成人员

组 长：魏元平 副市长

副组长：李晋文 市政府办二级调研员

谷富民 市民政局局长

成 员：段 泳 市委组织部部务委员、非公经济组织和社会组织工委书记

安文义 市委宣传部副部长

苏 福 测试经济开发区管委会主任助理、建设管理部部长

闫 玉 市发改委党组成员、新兴产业发展促进中心主任

张润喜 测试市再生能源热力有限公司董事长

马武生 银保监测试分局副局长

领导小组办公室设在市民政局，承担领导小组日常工作，办公室主任由谷富民同志兼任。

二、主要职责

研究制定全市社会组织管理工作的政策措施，协调解决社会组织管理工作中的重大问题，督促检查各项工作落实情况。
"""

ROSTER_FACTS = {
    ("组长", "魏元平", "副市长"),
    ("副组长", "李晋文", "市政府办二级调研员"),
    ("副组长", "谷富民", "市民政局局长"),
    ("成员", "段泳", "市委组织部部务委员、非公经济组织和社会组织工委书记"),
    ("成员", "安文义", "市委宣传部副部长"),
    ("成员", "苏福", "测试经济开发区管委会主任助理、建设管理部部长"),
    ("成员", "闫玉", "市发改委党组成员、新兴产业发展促进中心主任"),
    ("成员", "张润喜", "测试市再生能源热力有限公司董事长"),
    ("成员", "马武生", "银保监测试分局副局长"),
    ("办公室主任", "谷富民", "市民政局局长"),
}

SEAM_LIST = """测试市人民政府办公室关于印发测试市重污染天气应急预案的通知

为有效应对重污染天气，保障人民群众身体健康，根据有关法律法规和上级预案，结合我市实际，制定本预案。

2. 指挥体系

全市重污染天气应急指挥体系由市、县（市、区）重污染天气应急指挥部组成，市重污染天气应急指挥部负责全市应对工作。

2.1 市指挥部

指挥长：市政府分管生态环境工作的副市长

副指挥长：市政府协管副秘书长、市生态环境局主要负责人。

成员：市委宣传部、市发改委、市教育局、市工信局、市公安局、市财政局、市交通局、

测试公路分局、测试供电公司、各通信公司等单位分管负责人。

市指挥部办公室设在市生态环境局，办公室主任由市生态环境局主要负责人兼任。

附件1

测试市重污染天气应急指挥部及其成员单位职责

附件2

测试市重污染天气应急工作组组成及职责

工作组\t组长单位\t成员单位
预报预警组\t市生态环境局\t市气象局
"""

SEAM_FACTS = {
    ("指挥长", None, "市政府分管生态环境工作的副市长"),
    ("副指挥长", None, "市政府协管副秘书长"),
    ("副指挥长", None, "市生态环境局主要负责人"),
    *(
        ("成员", None, unit + "分管负责人")
        for unit in ("市委宣传部", "市发改委", "市教育局", "市工信局", "市公安局", "市财政局", "市交通局",
                     "测试公路分局", "测试供电公司", "各通信公司")
    ),
    ("办公室主任", None, "市生态环境局主要负责人"),
}


def _seam(text: str) -> str:
    """Cut the 成员 list at a page seam (page number + running header between the halves)."""
    return text.replace("市交通局、\n\n测试公路分局", "市交通局、\n\n\n— 7 —\n\n测试市人民政府公报\n\n测试公路分局")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ROSTER, ROSTER_FACTS),
        (_wrap(ROSTER), ROSTER_FACTS),
        (_wrap(ROSTER, 16), ROSTER_FACTS),
        (_paged(ROSTER), ROSTER_FACTS),
        (_paged(_wrap(ROSTER), every=9), ROSTER_FACTS),
        (SEAM_LIST.replace("市交通局、\n\n测试公路分局", "市交通局、测试公路分局"), SEAM_FACTS),
        (_paged(_seam(SEAM_LIST), every=11), SEAM_FACTS),
        (_paged(_wrap(_seam(SEAM_LIST)), every=11), SEAM_FACTS),
    ],
    ids=["roster", "roster-wrap20", "roster-wrap16", "roster-paged", "roster-wrap20-paged", "list",
         "list-seam-paged", "list-seam-wrap20-paged"],
)
def test_layout_variants(text: str, expected: set[Fact]) -> None:
    assert _members(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (ROSTER, "测试市社会组织管理工作领导小组"),
        (_wrap(ROSTER), "测试市社会组织管理工作领导小组"),  # the name is cut over two lines
        (_paged(_wrap(ROSTER), every=9), "测试市社会组织管理工作领导小组"),
        # "2.1 市指挥部" is the group of the title, not the 工作组 of the attachment list
        (SEAM_LIST, "测试市重污染天气应急指挥部"),
        (_paged(_wrap(_seam(SEAM_LIST)), every=11), "测试市重污染天气应急指挥部"),
    ],
)
def test_group_name_of_variants(text: str, name: str) -> None:
    assert _groups(text) == {name}


TWO_COLUMN_SPACED = """测试市人民政府办公室关于成立测试市第一次全国自然灾害综合风险普查领导小组的通知

为切实做好我市第一次全国自然灾害综合风险普查工作，经市人民政府同意，决定成立测试市第一次全国自然灾害综合风险普查领导小组，组成人员如下：

组 长：黄海涛 市委常委、常务副市长 胡贵卿 市生态环境局副局长
副组长：王存才 市政府副秘书长 曹慧晟 市交通运输局副局长
成 员：张忠灵 市发展改革委副主任 何文斌 市应急局副局长
李 旭 市规划和自然资源局副局长
贺占忠 市水利局副局长

领导小组办公室设在市应急局，办公室主任由市应急局局长王存才兼任，负责领导小组日常工作和普查工作的组织实施。
"""


def test_two_column_roster_wrapped() -> None:
    """A space-separated two-column roster read across, then hard-wrapped at 20 characters."""
    flat = _members(TWO_COLUMN_SPACED)
    assert ("成员", "胡贵卿", "市生态环境局副局长") in flat
    assert ("组长", "黄海涛", "市委常委、常务副市长") in flat
    assert _members(_wrap(TWO_COLUMN_SPACED)) == flat


def test_full_width_heading_not_joined() -> None:
    """A heading that happens to fill the wrap width is not glued to the paragraph after it."""
    text = _wrap(ROSTER).replace("一、组成人员", "一、领导小组组成人员名单及职责分")  # 16+ chars, no punctuation
    assert ("组长", "魏元平", "副市长") in _members(text)


def test_group_name_scope_word_and_modifier() -> None:
    """"<city>全市X联席会议" names the title's group; "建立X指挥部的通信联络" sets up no group."""
    text = (
        "测试市人民政府办公室关于调整测试市文物安全工作联席会议制度及成员名单的通知\n\n"
        "为加强文物安全工作，建立测试市全市文物安全工作联席会议制度。\n\n"
        "总召集人：张 韬 副市长\n\n"
        "后勤保障组负责救灾物资储备，建立突发事件处置现场与上级应急指挥部的通信联络。\n"
    )
    assert _groups(text) == {"测试市文物安全工作联席会议"}


def test_sentences_before_a_new_group_stay_with_the_old_one() -> None:
    text = (
        "关于成立测试市城市地下管线综合治理工作领导小组的通知\n\n"
        "组 长：吴秀玲 副市长\n\n"
        "领导小组下设办公室，办公室主任由吴秀玲同志兼任。同时建立地下管线治理联席会议制度，成员由领导小组成员组成。\n"
    )
    doc = make_document(text)
    batch = extract_groups(doc, ExtractContext(make_gazette(doc)))
    groups = {e.dst: batch.nodes[e.dst].props["name"] for e in batch.edges.values() if e.type == "MEMBER_OF"}
    assert set(groups.values()) == {"测试市城市地下管线综合治理工作领导小组"}


ROLE_TABLE = """测试市大面积停电事件应急指挥部组成及职责

指挥机构\t\t职 责
指 挥 长\t分管能源工作的副市长\t市指挥部主要职责：负责全市应对工作。
\t市政府协管副秘书长\t
副 指 挥 长\t市发改委主任\t市指挥部办公室主要职责：承担日常工作。
\t市应急管理局局长\t
成 员 单 位\t市委宣传部\t负责新闻报道。
\t市委网信办\t负责网络舆情。
"""

NAME_TABLE = """测试市某某工作领导小组组成人员名单

职务\t姓名\t单位及职务
组长\t张 韬\t市委常委、常务副市长
副组长\t王存才\t市政府副秘书长
成员\t李 旭\t市规划和自然资源局副局长
\t贺占忠\t市水利局副局长
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            ROLE_TABLE,
            {
                ("指挥长", None, "分管能源工作的副市长"),
                # a merged 副指挥长 cell prints its label on its middle row
                ("副指挥长", None, "市政府协管副秘书长"),
                ("副指挥长", None, "市发改委主任"),
                ("副指挥长", None, "市应急管理局局长"),
            },
        ),
        (
            NAME_TABLE,
            {
                ("组长", "张韬", "市委常委、常务副市长"),
                ("副组长", "王存才", "市政府副秘书长"),
                ("成员", "李旭", "市规划和自然资源局副局长"),
                ("成员", "贺占忠", "市水利局副局长"),
            },
        ),
        (
            "测试市某某工作领导小组\n\n组　长：张　韬　市委常委、常务副市长\n\n成　员：李　旭　市规划和自然资源局副局长\n",
            {("组长", "张韬", "市委常委、常务副市长"), ("成员", "李旭", "市规划和自然资源局副局长")},
        ),
    ],
    ids=["role-cells-merged", "role-name-post-columns", "fullwidth-spaces"],
)
def test_roster_tables(text: str, expected: set[Fact]) -> None:
    assert _members(text) == expected


# ---- held-out layouts: prose 指挥部 with party ranks, 组成 lists, post-only roster entries

HQ_PROSE = """2.1 市抗旱防汛指挥部

市人民政府设立测试市抗旱防汛指挥部（以下简称市抗指），统一领导全市抗旱防汛工作。

指挥长由市委副书记、市长庞 越担任；常务副指挥长由市委常委、常务副市长柯明达担任；副指挥长由副市长蒲 青、测试军分区参谋长和市水务局局长担任。

市抗指成员由市财政局、市交通运输局、市规划和自然资源局等部门和单位负责人组成。
"""

HQ_PROSE_FACTS = {
    ("指挥长", "庞越", "市委副书记、市长"),
    ("常务副指挥长", "柯明达", "市委常委、常务副市长"),
    ("副指挥长", "蒲青", "副市长"),
    ("副指挥长", None, "测试军分区参谋长"),
    ("副指挥长", None, "市水务局局长"),
    ("成员", None, "市财政局负责人"),
    ("成员", None, "市交通运输局负责人"),
    ("成员", None, "市规划和自然资源局负责人"),
}


def _wrap20_with_headers(text: str) -> str:
    """Re-wrap every paragraph at 20 characters and put page furniture every 9 lines."""
    out: list[str] = []
    n = 0
    for para in text.split("\n"):
        chunks = [para[k : k + 20] for k in range(0, len(para), 20)] or [""]
        for c in chunks:
            out.append(c)
            n += 1
            if n % 9 == 0:
                out.extend(["", f"— {n // 9} —", "", "测试市人民政府公报", ""])
    return "\n".join(out)


@pytest.mark.parametrize("wrap", [False, True], ids=["flat", "wrap20-headers"])
def test_prose_headquarters_party_ranks_and_composed_members(wrap: bool) -> None:
    text = _wrap20_with_headers(HQ_PROSE) if wrap else HQ_PROSE
    assert _members(text) == HQ_PROSE_FACTS


def test_members_composed_of_group_members_is_no_list() -> None:
    text = "测试市人民政府决定成立测试市供水保障领导小组。\n\n同时建立供水联席会议制度，成员由领导小组成员组成。\n"
    assert _members(text) == set()


POST_ONLY_ROSTER = """测试市创建园林城市工作领导小组

组 长：庞 越 市长
成 员：柯明达 市财政局副局长
蒲 青 市城市管理局（市园林服务中心）
局长
市税务局分管负责人
各县（区）人民政府分管负责人

领导小组下设办公室，办公室设在市城市管理局。
"""

POST_ONLY_TABBED = """测试市农村公路建设工作领导小组

组 长：庞 越\t副市长

成 员：柯明达\t市财政局副局长\t蒲 青\t市水务局副局长

韦 华\t市公安局交警支队支队长\t各县（市、区）人民政府分管负责人

二、领导小组职责
"""

BRACKET_ROSTER = """测试市数字政府建设领导小组

组 长：庞 越（市委常委、常务副市长）

成 员：柯明达（市财政局副局长）

蒲 青（市水务局副局长）
"""

POST_FIRST_ROSTER = """测试市数字政府建设领导小组

组 长：市委常委、常务副市长 庞 越

成 员：市财政局副局长 柯明达

市水务局副局长 蒲 青
"""

NAMED_ROSTER_FACTS = {
    ("组长", "庞越", "市委常委、常务副市长"),
    ("成员", "柯明达", "市财政局副局长"),
    ("成员", "蒲青", "市水务局副局长"),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            POST_ONLY_ROSTER,
            {
                ("组长", "庞越", "市长"),
                ("成员", "柯明达", "市财政局副局长"),
                ("成员", "蒲青", "市城市管理局（市园林服务中心）局长"),
                ("成员", None, "市税务局分管负责人"),
                ("成员", None, "各县（区）人民政府分管负责人"),
            },
        ),
        (
            POST_ONLY_TABBED,
            {
                ("组长", "庞越", "副市长"),
                ("成员", "柯明达", "市财政局副局长"),
                ("成员", "蒲青", "市水务局副局长"),
                ("成员", "韦华", "市公安局交警支队支队长"),
                ("成员", None, "各县（市、区）人民政府分管负责人"),
            },
        ),
        (BRACKET_ROSTER, NAMED_ROSTER_FACTS),
        (POST_FIRST_ROSTER, NAMED_ROSTER_FACTS),
    ],
    ids=["post-only-lines", "post-only-last-cell", "post-in-brackets", "post-before-name"],
)
def test_roster_entry_forms(text: str, expected: set[Fact]) -> None:
    assert _members(text) == expected


_WRAPPED_INTRO = (
    "因人员变动和工作需要，经市人民政府同意，决定调整{group}组成人员，请各成员单位按照职责分工"
    "密切配合，认真履行职责，切实抓好安全生产各项工作。现将调整后的组成人员通知如下："
)

# Roster lines about as long as the wrap width: a post-first line ending in a spaced
# one-character name cell, and a post-only line, are entries of their own, not wrap tails.
WRAPPED_POST_FIRST = _wrap(_WRAPPED_INTRO.format(group="测试市安全生产委员会")) + """
主　　任：市　　长　庞　越
委　　员：市人民政府副秘书长　柯　达
　　　　　市应急管理局局长　蒲　青
　　　　　市消防救援支队支队长
　　　　　市市场监督管理局局长　韦　华
"""

WRAPPED_POST_ONLY_ROW = _wrap(_WRAPPED_INTRO.format(group="测试市安全生产领导小组")) + """
组　　长：庞　越　　市长
成　　员：柯　达　　市公安局副局长
　　　　　　　　　　市财政局主要负责人
　　　　　蒲　青　　市交通运输局局长
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            WRAPPED_POST_FIRST,
            {
                ("主任", "庞越", "市长"),
                ("委员", "柯达", "市人民政府副秘书长"),
                ("委员", "蒲青", "市应急管理局局长"),
                ("委员", None, "市消防救援支队支队长"),
                ("委员", "韦华", "市市场监督管理局局长"),
            },
        ),
        (
            WRAPPED_POST_ONLY_ROW,
            {
                ("组长", "庞越", "市长"),
                ("成员", "柯达", "市公安局副局长"),
                ("成员", None, "市财政局主要负责人"),
                ("成员", "蒲青", "市交通运输局局长"),
            },
        ),
    ],
    ids=["post-first-spaced-name-at-wrap-width", "post-only-row-at-wrap-width"],
)
def test_roster_lines_at_wrap_width_are_not_joined(text: str, expected: set[Fact]) -> None:
    assert _members(text) == expected


UNLABELLED_AFTER_INTRO = """经市政府同意，决定调整测试市森林防火指挥部组成人员。调整后的指挥部成员如下：
市政府副秘书长　　　　　　　柯　达
市林业局局长　　　　　　　　蒲　青
各县（市、区）分管负责同志
指挥部办公室设在市林业局。
"""


@pytest.mark.parametrize("wrap", [False, True], ids=["flat", "wrap20"])
def test_unlabelled_rows_after_member_list_intro(wrap: bool) -> None:
    text = _wrap(UNLABELLED_AFTER_INTRO) if wrap else UNLABELLED_AFTER_INTRO
    assert _members(text) == {
        ("成员", "柯达", "市政府副秘书长"),
        ("成员", "蒲青", "市林业局局长"),
        ("成员", None, "各县（市、区）分管负责同志"),
    }


ONE_CELL_PER_LINE = """市人民政府决定成立测试市非法采砂整治领导小组。领导小组成员名单如下：

职务
姓名
工作单位及职务
组长
庞　越
市委常委、常务副市长
副组长
柯明达
市水务局局长
成员

市人民检察院分管负责人
成员
蒲　青
市公安局副局长

领导小组办公室设在市水务局，柯明达同志兼任办公室主任。
"""


def test_roster_flattened_one_cell_per_line() -> None:
    assert _members(ONE_CELL_PER_LINE) == {
        ("组长", "庞越", "市委常委、常务副市长"),
        ("副组长", "柯明达", "市水务局局长"),
        ("成员", None, "市人民检察院分管负责人"),
        ("成员", "蒲青", "市公安局副局长"),
        ("办公室主任", "柯明达", "市水务局局长"),
    }


# a post-first row as wide as the wrap, then a row that is a whole post-first entry
# starting with a bare title ("副市长 柯 达"): two entries, not one post cut by the wrap
WRAPPED_POST_FIRST_TITLE_ROW = _wrap(_WRAPPED_INTRO.format(group="测试市安全生产委员会")) + """
主　　任：市　　长　庞　越
副 主 任：市委常委、常务副市长　韦海明
　　　　　副市长　柯　达
委　　员：市应急管理局局长　蒲　青
"""


def test_post_first_row_starting_with_a_title_is_not_a_wrap_tail() -> None:
    assert _members(WRAPPED_POST_FIRST_TITLE_ROW) == {
        ("主任", "庞越", "市长"),
        ("副主任", "韦海明", "市委常委、常务副市长"),
        ("副主任", "柯达", "副市长"),
        ("委员", "蒲青", "市应急管理局局长"),
    }


PROSE_GROUP_AT_SENTENCE_START = """二、明确职责分工

测试市森林防火指挥部由分管林业工作的副市长任指挥长，市林业局局长、市公安局局长任副指挥长，指挥部办公室设在市林业局，办公室主任由市林业局分管负责人担任。
"""


def test_group_named_at_sentence_start_with_you_ren() -> None:
    assert _groups(PROSE_GROUP_AT_SENTENCE_START) == {"测试市森林防火指挥部"}
    assert _members(PROSE_GROUP_AT_SENTENCE_START) == {
        ("指挥长", None, "分管林业工作的副市长"),
        ("副指挥长", None, "市林业局局长"),
        ("副指挥长", None, "市公安局局长"),
        ("办公室主任", None, "市林业局分管负责人"),
    }


PROSE_SECOND_ROLE = """因人事变动和工作需要，为切实做好全市防汛抗旱各项工作，经市政府同意，决定调整测试市防汛抗旱指挥部组成人员。指挥部由市长庞越任总指挥，副市长柯明达任副总指挥，市水务局局长蒲青任副总指挥兼指挥部办公室主任。指挥部办公室设在市水务局，承担指挥部日常工作。
"""


@pytest.mark.parametrize("wrap", [False, True], ids=["flat", "wrap20"])
def test_prose_second_role_after_jian(wrap: bool) -> None:
    text = _wrap(PROSE_SECOND_ROLE) if wrap else PROSE_SECOND_ROLE
    assert _members(text) == {
        ("总指挥", "庞越", "市长"),
        ("副总指挥", "柯明达", "副市长"),
        ("副总指挥", "蒲青", "市水务局局长"),
        ("办公室主任", "蒲青", "市水务局局长"),
    }


PROSE_MAKEUP_THEN_ROSTER = """市人民政府成立测试市智慧矿山建设工作领导小组，由常务副市长任组长，分管工业的副市长任副组长，成员由市直相关部门负责人组成。领导小组组成人员如下：

组　长：庞　越　市委常委、常务副市长
副组长：柯明达　副市长
成　员：蒲　青　市工业和信息化局局长

领导小组办公室设在市工业和信息化局，办公室主任由市工业和信息化局分管负责人担任。
"""


def test_prose_makeup_by_post_gives_way_to_the_named_roster() -> None:
    assert _members(PROSE_MAKEUP_THEN_ROSTER) == {
        ("组长", "庞越", "市委常委、常务副市长"),
        ("副组长", "柯明达", "副市长"),
        ("成员", "蒲青", "市工业和信息化局局长"),
        ("办公室主任", None, "市工业和信息化局分管负责人"),
    }


LABELS_ABOVE_BRACKETED = """测试市人民政府办公室关于成立测试市创建卫生城市工作领导小组的通知
为确保创建工作顺利开展，市政府决定成立测试市创建卫生城市工作领导小组。该领导小组由如下人员组成:
组 长:
刘某祥(市委常委、常务副市长)
副组长:
梁某东(市政府副秘书长)
成 员:
唐某明(市财政局副局长)
何某森(市市政局)
钟 超(市发展计划局)
领导小组办公室设在市建设局。
"""


def test_labels_alone_on_their_lines_head_bracketed_entries() -> None:
    """A role label printed alone ("组 长:") heads the "姓名(职务)" lines under it; a
    bracket may hold the unit that sends the member instead of a post."""
    assert _members(LABELS_ABOVE_BRACKETED) == {
        ("组长", "刘某祥", "市委常委、常务副市长"),
        ("副组长", "梁某东", "市政府副秘书长"),
        ("成员", "唐某明", "市财政局副局长"),
        ("成员", "何某森", "市市政局"),
        ("成员", "钟超", "市发展计划局"),
    }
