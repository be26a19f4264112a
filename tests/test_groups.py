"""Golden tests for the groups extractor on nasty roster layouts."""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.groups import extract_groups

from kg.testing import make_document, make_gazette

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
            assert person in e.prov.evidence.replace(" ", "").replace("\t", "")
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
