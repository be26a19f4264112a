"""Golden tests for kg.names: spaced names, name/post splitting, agencies."""

from __future__ import annotations

import pytest

from kg.model import Text
from kg.names import (
    is_name,
    is_post,
    parse_roster_cells,
    post_agency,
    split_name_post,
    split_names,
    split_post_name,
    starts_with_title,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张聚平 张 涛", ["张聚平", "张涛"]),
        ("王少锋 李 洋", ["王少锋", "李洋"]),
        ("吕文华 康 睿", ["吕文华", "康睿"]),
        ("赵 昀", ["赵昀"]),
        ("张 涛 张聚平", ["张涛", "张聚平"]),
        ("齐爱平 尹杰玲", ["齐爱平", "尹杰玲"]),
        ("市交通局 局长", []),
    ],
)
def test_split_names(line: str, expected: list[str]) -> None:
    assert [n.text.replace(" ", "") for n in split_names(Text.plain(line))] == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张 韬 市委常委、常务副市长", [("张韬", "市委常委、常务副市长")]),
        ("高 才 市财政局二级调研员", [("高才", "市财政局二级调研员")]),
        (
            "张 韬\t市委常委、常务副市长\t魏学明\t市应急管理局局长",
            [("张韬", "市委常委、常务副市长"), ("魏学明", "市应急管理局局长")],
        ),
        (
            "叶文鑫\t市财政局党组成员、 副县级领导干部\t尹 亮\t市卫健委党组成员副 主任",
            [("叶文鑫", "市财政局党组成员、副县级领导干部"), ("尹亮", "市卫健委党组成员副主任")],
        ),
        ("白世平\t市住房和城乡建设局副局长\t\t", [("白世平", "市住房和城乡建设局副局长")]),
        ("张聚平 张 涛", [("张聚平", None), ("张涛", None)]),
        ("领导小组下设办公室，办公室设在市交通局。", []),
        ("市政府协管副秘书长，市气象局主要负责人", []),
        # post in brackets after the name
        ("庞 越（市委常委、常务副市长）", [("庞越", "市委常委、常务副市长")]),
        (
            "庞 越（市委常委、常务副市长）、柯明达（市水务局局长）",
            [("庞越", "市委常委、常务副市长"), ("柯明达", "市水务局局长")],
        ),
        ("庞 越（兼）", []),
        # post printed before the name
        ("市委常委、常务副市长 庞 越", [("庞越", "市委常委、常务副市长")]),
        ("副市长 柯明达 市水务局局长 蒲 青", [("柯明达", "副市长"), ("蒲青", "市水务局局长")]),
        ("1\t山西某某煤业有限公司\t某某县\t低瓦斯\t柯明达\t副市长", []),
        ("市水务局分管负责人", []),
        # a verb glued to the name is no roster line
        ("任命郭 达为测试市水务局副局长", []),
    ],
)
def test_parse_roster_cells(line: str, expected: list[tuple[str, str | None]]) -> None:
    got = [(e.name_str, e.post_str) for e in parse_roster_cells(Text.plain(line))]
    assert got == expected


def test_roster_keeps_offsets() -> None:
    from kg.model import SourceFile

    src = SourceFile.from_text("x\n成 员：高 才 市财政局二级调研员\n")
    t = src.line_text(2)
    entry = parse_roster_cells(t[4:])[0]
    assert entry.name.span().line == 2
    assert src.text[entry.name.offsets[0]] == "高"


@pytest.mark.parametrize(
    ("s", "name", "post"),
    [
        ("张三", True, False),
        ("欧阳修文", True, False),
        ("晋商银行", False, False),
        ("市应急局", False, False),
        ("副市长", False, True),
        ("市交通局局长", False, True),
        ("事发地县（市、区）长", False, True),
        ("成员", False, True),
        ("任命郭", False, False),
        ("免去柯", False, False),
        ("某军分区参谋长", False, True),
        ("常务", False, False),  # "由常务副市长任组长"
        ("常务副", False, False),
        ("主要", False, False),  # "市财政局主要负责人"
    ],
)
def test_is_name_is_post(s: str, name: bool, post: bool) -> None:
    assert is_name(s) is name
    assert is_post(s) is post


def test_glued_name_and_post() -> None:
    assert split_name_post("魏元平副市长") == ("魏元平", "副市长")
    assert split_post_name("市工信局局长彭国勇") == ("市工信局局长", "彭国勇")
    assert split_post_name("副市长田东") == ("副市长", "田东")
    assert split_post_name("武警朔州支队支队长") is None
    # a cut inside a unit name ("晋城军|分区参谋长") is no name + post
    assert split_name_post("晋城军分区参谋长") is None
    assert split_name_post("林城军分区司令员") is None
    assert split_name_post("柯明达部长") == ("柯明达", "部长")


@pytest.mark.parametrize(
    ("post", "city", "agency"),
    [
        ("市委常委、常务副市长", "测试市", "测试市人民政府"),
        ("副市长", "阳泉市", "阳泉市人民政府"),
        ("市委副书记、市长", "朔州市", "朔州市人民政府"),
        ("朔城区副区长", "朔州市", "朔城区人民政府"),
        ("市交通局局长", "朔州市", "市交通局"),
        ("朔州经济开发区管委会主任助理、建设管理部部长", "朔州市", "朔州经济开发区管委会"),
    ],
)
def test_post_agency(post: str, city: str, agency: str) -> None:
    assert post_agency(post, city) == agency


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("助理、建设管理部部长", True),  # the tail of "…管委会主任" cut by a wrap
        ("主任", True),
        ("、副局长", True),
        ("市财政局主要负责人", False),  # a post of its own
        ("各县（市、区）分管负责同志", False),
        ("市场监管局局长", False),
    ],
)
def test_starts_with_title(s: str, expected: bool) -> None:
    assert starts_with_title(s) is expected


@pytest.mark.parametrize("s", ["包片领导", "分管负责人", "包片科长", "主要负责同志"])
def test_a_described_post_holder_is_no_name_and_post(s: str) -> None:
    from kg.names import split_name_post

    assert split_name_post(s) is None
