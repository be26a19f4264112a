"""Golden tests for the unit-list splitter and unit-name recogniser (kg.agencies)."""

from __future__ import annotations

import pytest

from kg.agencies import is_unit_name, split_unit_strings, split_units, unit_prefix
from kg.model import SourceFile, Text

SPLIT_CASES: list[tuple[str, list[str]]] = [
    # plain separators
    ("市发改委、市财政局，各县（市、区）人民政府", ["市发改委", "市财政局", "各县（市、区）人民政府"]),
    ("市发改委,市财政局;市税务局；市统计局", ["市发改委", "市财政局", "市税务局", "市统计局"]),
    # never inside brackets, whatever their style
    ("各县〔市、区〕政府、朔州经济开发区管委会", ["各县〔市、区〕政府", "朔州经济开发区管委会"]),
    ("各县[市、区]政府、市交通局", ["各县[市、区]政府", "市交通局"]),
    ("各县(市、区)人民政府,市住建局", ["各县(市、区)人民政府", "市住建局"]),
    ("市行政审批局（市政务信息管理局）、市财政局", ["市行政审批局（市政务信息管理局）", "市财政局"]),
    ("县级农业农村部门(畜牧兽医部门)", ["县级农业农村部门(畜牧兽医部门)"]),
    # 和 inside a name is not a separator
    ("市规划和自然资源局、市住房和城乡建设局", ["市规划和自然资源局", "市住房和城乡建设局"]),
    ("市发展和改革委员会、市工业和信息化局", ["市发展和改革委员会", "市工业和信息化局"]),
    ("规划和自然资源部门", ["规划和自然资源部门"]),
    # 和 between two units is
    ("市消防救援支队和国网阳泉供电公司", ["市消防救援支队", "国网阳泉供电公司"]),
    ("社会组织和居委会、村委会", ["社会组织", "居委会", "村委会"]),
    ("市应急局 and 市水利局", ["市应急局", "市水利局"]),
    ("市应急局and市水利局", ["市应急局", "市水利局"]),
    # a bare generic word stays with its list
    ("市直各相关部门和单位", ["市直各相关部门和单位"]),
    # trailing 等 dropped, inner 等 kept
    ("市总工会等", ["市总工会"]),
    ("市防震减灾中心等相关部門", ["市防震减灾中心"]),
    ("市发改委等市直相关部门", ["市发改委等市直相关部门"]),
    ("市科技、财政、税务等部门", ["市科技", "财政", "税务"]),
    # space-separated cells: split only between whole names, a branch stays with its company
    ("中国移动测试分公司 中国电信测试分公司 中国铁塔股份有限公司 测试市分公司",
     ["中国移动测试分公司", "中国电信测试分公司", "中国铁塔股份有限公司测试市分公司"]),
    ("测试煤电铁路 管理 分公司", ["测试煤电铁路管理分公司"]),
    # a page seam that repeats the last character of a name
    ("各县（市、区）人民政府\n\n府，市公安局交警支队", ["各县（市、区）人民政府", "市公安局交警支队"]),
    ("市水务局\n局、市城市管理局", ["市水务局", "市城市管理局"]),
    ("市委办、市政府办", ["市委办", "市政府办"]),
]


@pytest.mark.parametrize(("printed", "expected"), SPLIT_CASES)
def test_split_units(printed: str, expected: list[str]) -> None:
    assert split_unit_strings(printed) == expected


def test_known_names_are_not_split() -> None:
    # a name seen elsewhere in the gazette wins over the structural rule
    assert split_unit_strings("甲局和乙局") == ["甲局", "乙局"]
    assert split_unit_strings("甲局和乙局", {"甲局和乙局"}) == ["甲局和乙局"]


def test_split_keeps_source_offsets() -> None:
    src = SourceFile.from_text("（责任单位：市卫健委、各县（市、区）人民政府）\n")
    line = src.line_text(1)
    inner = line[6:-1]
    units = split_units(inner)
    assert [u.text for u in units] == ["市卫健委", "各县（市、区）人民政府"]
    for u in units:
        span = u.span()
        assert src.text[span.char_start: span.char_end] == u.text
        assert span.line == 1


def test_split_plain_text_has_no_source() -> None:
    assert [u.text for u in split_units(Text.plain("市财政局、市税务局"))] == ["市财政局", "市税务局"]


UNIT_NAMES = ["市应急局", "各县（市、区）人民政府", "朔州车务段", "人行阳泉中心支行", "市委宣传部",
              "卫生健康部门", "武警阳泉支队", "市行政审批局（市政务信息管理局）", "市红十字会", "各部门"]
NOT_UNIT_NAMES = ["部门", "有关单位", "副市长", "加强组织领导", "市应急局牵头", "此件详见市政府网站",
                  "市应急局局长", "办公室主任由市应急局", "要积极与市直相关部门", "",
                  # role words and labels of member lists and table headers
                  "成员", "成 员", "成员单位", "牵头单位", "组长单位", "配合部门",
                  # list markers, pronouns, alternatives, delegation, plans: descriptions, not names
                  "③医疗卫生机构", "1.市水务局", "其任免机关或者行政监察机关", "政府授权或委托相关部门",
                  "政府专项及其部门", "专项应急预案、部门", "应急预案编制单位", "本单位",
                  "有关部门检查核实灾情", "市水务局负责人"]
# names that keep role-like words inside them
UNIT_NAMES += ["市森林防火领导小组成员单位", "市防汛领导小组各成员单位", "市委老干部局", "河东市住房和城乡建设局",
               "市规划和自然资源局", "北岭供电公司"]


@pytest.mark.parametrize("name", UNIT_NAMES)
def test_is_unit_name(name: str) -> None:
    assert is_unit_name(name)


@pytest.mark.parametrize("name", NOT_UNIT_NAMES)
def test_is_not_unit_name(name: str) -> None:
    assert not is_unit_name(name)


@pytest.mark.parametrize(
    ("post", "unit"),
    [
        ("市交通局局长", "市交通局"),
        ("市应急管理局副局长", "市应急管理局"),
        ("市发展和改革委员会主任", "市发展和改革委员会"),
        ("朔州经济开发区管委会主任助理、建设管理部部长", "朔州经济开发区管委会"),
        ("市政府副秘书长", "市政府"),
        ("市卫健委党组成员、副主任", "市卫健委"),
        ("市委常委、常务副市长", None),  # a party rank, not a seat in a unit
        ("副市长", None),
        ("分管应急工作的副市长", None),
    ],
)
def test_unit_prefix(post: str, unit: str | None) -> None:
    assert unit_prefix(post) == unit
