"""Golden tests for the people extractor (HOLDS_POST from rosters, tables, masthead)."""

from __future__ import annotations

import re

import pytest
from kg.extractors import ExtractContext
from kg.extractors.people import extract_people

from kg.model import Document, Gazette
from kg.testing import hard_wrap, insert_page_furniture, make_document, make_gazette, make_source


def _holds(doc: Document, gz: Gazette | None = None) -> set[tuple[str, str, str | None]]:
    batch = extract_people(doc, ExtractContext(gz or make_gazette(doc)))
    out = set()
    for e in batch.edges.values():
        if e.type == "HOLDS_POST":
            name = batch.nodes[e.src].props["name"]
            assert name in re.sub(r"\s+", "", e.prov.evidence)
            out.add((name, e.props["position"], e.props.get("agency")))
    return out


def test_roster_people() -> None:
    text = "关于成立测试市某工作领导小组的通知\n\n组 长：李润军 副市长\n\n副组长：何勇儒 市城市管理局局长\n\n成 员：陈 钊 朔城区副区长\n"
    assert _holds(make_document(text)) == {
        ("李润军", "副市长", "测试市人民政府"),
        ("何勇儒", "市城市管理局局长", "市城市管理局"),
        ("陈钊", "朔城区副区长", "朔城区人民政府"),
    }


def test_mine_table_pairs() -> None:
    text = (
        "序号\t矿井名称\t所在行政区域\t矿井瓦斯等级\t市政府挂牌煤矿领导\t\t市应急管理局挂牌煤矿领导\t\n"
        "\t\t\t\t姓名\t职务\t姓名\t职务\n"
        "1\t某煤业有限公司\t平鲁区\t低瓦斯\t张 韬\t市委常委 副市长\t高 昇\t市应急管理局 副局长\n"
        "2\t某二煤业有限公司\t\t\t\t\t吕 俊\t市应急管理局副局长\n"
    )
    assert _holds(make_document(text)) == {
        ("张韬", "市委常委副市长", "测试市人民政府"),
        ("高昇", "市应急管理局副局长", "市应急管理局"),
        ("吕俊", "市应急管理局副局长", "市应急管理局"),
    }


def test_masthead_before_first_document() -> None:
    text = "测试市人民政府公报\n\n总编辑 高明道\n\n本期编辑 齐爱平 尹杰玲\n\n测试市人民政府关于某事的通知\n\n正文。\n"
    src = make_source(text)
    doc = Document(src, src.name, "测试市人民政府关于某事的通知", "测政发〔2020〕1号", "测试市人民政府",
                   "2020-01-01", "notice", None, 7, src.line_count, city="测试市")
    gz = Gazette(src, src.name, "测试市", None, 2020, 1, 1, None, [doc])
    assert _holds(doc, gz) == {
        ("高明道", "总编辑", "测试市人民政府公报"),
        ("齐爱平", "本期编辑", "测试市人民政府公报"),
        ("尹杰玲", "本期编辑", "测试市人民政府公报"),
    }


def test_honorifics_and_contacts_skipped() -> None:
    text = "深入贯彻习近平总书记重要讲话精神。\n\n联系人：王瑞杰\n\n联系电话：1234567\n"
    assert _holds(make_document(text)) == set()


def _wrap(text: str, width: int = 20) -> str:
    return hard_wrap(text, width)


ROSTER = (
    "测试市人民政府办公室关于成立测试市城市地下管线综合治理工作领导小组的通知\n\n"
    "为进一步加强我市城市地下管线综合治理工作的组织领导，强化各部门协调配合，经市政府同意，决定成立领导小组。\n\n"
    "组 长：吴秀玲 副市长\n"
    "成 员：苏 福 测试经济开发区管委会主任助理、建设管理部部长\n"
    "吴滨义 测试富华燃气公司总经理\n"
    "张润喜 测试市再生能源热力有限公司董事长\n"
    "芦成祥 山西地方电力有限公司测试分公司总经理\n"
    "马武生 银保监测试分局副局长\n\n"
    "领导小组办公室设在市城市管理局，负责领导小组日常工作，办公室主任由市城市管理局局长兼任。\n"
)
ROSTER_HOLDS = {
    ("吴秀玲", "副市长"),
    ("苏福", "测试经济开发区管委会主任助理、建设管理部部长"),
    ("吴滨义", "测试富华燃气公司总经理"),
    ("张润喜", "测试市再生能源热力有限公司董事长"),
    ("芦成祥", "山西地方电力有限公司测试分公司总经理"),
    ("马武生", "银保监测试分局副局长"),
}


def _paged(text: str, every: int = 4) -> str:
    return insert_page_furniture(text, every, number_by_line=True)


@pytest.mark.parametrize(
    "text",
    [ROSTER, _wrap(ROSTER), _wrap(ROSTER, 16), _paged(ROSTER), _paged(_wrap(ROSTER), 5)],
    ids=["flat", "wrap20", "wrap16", "paged", "wrap20-paged"],
)
def test_roster_layout_variants(text: str) -> None:
    """Hard wraps cut long posts (and rows of exactly the wrap width end a post); page furniture sits between rows."""
    assert {(n, p) for n, p, _a in _holds(make_document(text))} == ROSTER_HOLDS


def test_masthead_spaced_titles_with_colons() -> None:
    text = ("测试市人民政府公报\n\n主办：测试市人民政府办公室\n\n总 编 辑：柯明达\n\n责任编辑：蒲 青 韦 华\n\n"
            "测试市人民政府关于某事的通知\n\n正文。\n")
    src = make_source(text)
    doc = Document(src, src.name, "测试市人民政府关于某事的通知", "测政发〔2020〕1号", "测试市人民政府",
                   "2020-01-01", "notice", None, 11, src.line_count, city="测试市")
    gz = Gazette(src, src.name, "测试市", None, 2020, 1, 1, None, [doc])
    assert _holds(doc, gz) == {
        ("柯明达", "总编辑", "测试市人民政府公报"),
        ("蒲青", "责任编辑", "测试市人民政府公报"),
        ("韦华", "责任编辑", "测试市人民政府公报"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "3月2日  市委副书记、市长庞 越主持召开市政府第9次常务会议，研究部署重点工作。",
            {("庞越", "市委副书记、市长", "测试市人民政府")},
        ),
        ("3月9日  全市春耕工作会议召开，副市长蒲 青出席会议并讲话。", {("蒲青", "副市长", "测试市人民政府")}),
        ("5月6日  市水务局局长柯明达带队检查防汛工作。", {("柯明达", "市水务局局长", "市水务局")}),
        # no verb of office after the name, or no post before it: nothing
        ("3月9日  市人民政府召开全市春季造林绿化动员大会。", set()),
        ("副市长蒲青、韦华出席。", set()),
        ("深入学习贯彻习近平总书记重要讲话精神。", set()),
    ],
    ids=["rank-and-post", "spaced-name", "unit-post", "no-person", "two-names", "honorific"],
)
def test_running_text_post_before_name(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert _holds(make_document(text)) == expected


def _wrap18(s: str) -> str:
    return "\n".join(s[i : i + 18] for i in range(0, len(s), 18))


_PROSE = ("为切实加强煤矿安全生产工作，进一步压实各级各部门监管责任，推动专项整治各项任务落地见效，"
          "市政府决定成立测试市煤矿安全专项整治工作领导小组，统筹推进专项整治各项工作。领导小组组成人员如下：")


def test_roster_lines_of_wrap_width_are_not_run_together() -> None:
    """In a narrow-column document a roster line as long as the wrap width is complete on its
    own: the next line (a post-only member, or a post-first entry) is not the tail of its post."""
    roster = ("组\u3000\u3000长：秦卫国\u3000\u3000市长\n"
              "成\u3000\u3000员：钱　进\u3000\u3000市公安局副局长\n"
              "\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000市财政局主要负责人\n"
              "\u3000\u3000\u3000\u3000\u3000孔　丽\u3000\u3000市交通运输局局长\n")
    post_first = ("调整后的指挥部成员如下：\n"
                  "市政府副秘书长\u3000\u3000\u3000\u3000\u3000\u3000\u3000魏　东\n"
                  "市林业局局长\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000蒋明辉\n"
                  "市消防救援支队支队长\u3000\u3000\u3000\u3000沈　涛\n"
                  "各县（市、区）分管负责同志\n")
    text = _wrap18(_PROSE) + "\n" + roster + _wrap18(_PROSE) + "\n" + post_first
    holds = {(n, p) for n, p, _a in _holds(make_document(text, title="测试市人民政府关于成立某领导小组的通知"))}
    assert holds == {
        ("秦卫国", "市长"), ("钱进", "市公安局副局长"), ("孔丽", "市交通运输局局长"),
        ("魏东", "市政府副秘书长"), ("蒋明辉", "市林业局局长"), ("沈涛", "市消防救援支队支队长"),
    }


def test_wrapped_post_tail_still_joins() -> None:
    """A line that opens with a bare title (助理、…) is the rest of the post above it."""
    text = (_wrap18(_PROSE) + "\n成\u3000\u3000员：苏　福\u3000\u3000测试开发区管委会主任\n助理、建设管理部部长\n"
            "\u3000\u3000\u3000\u3000\u3000孔　丽\u3000\u3000市交通运输局局长\n")
    holds = {(n, p) for n, p, _a in _holds(make_document(text, title="测试市人民政府关于成立某领导小组的通知"))}
    assert ("苏福", "测试开发区管委会主任助理、建设管理部部长") in holds
    assert ("苏福", "测试开发区管委会主任") not in holds


@pytest.mark.parametrize("sep", ["\t", "    ", "\u3000\u3000"])
def test_table_rows_cells_by_tabs_or_runs_of_spaces(sep: str) -> None:
    """Space-flattened rows (empty cells vanish) and "姓名（职务）" cells."""
    rows = [
        ["1", "测试市某某煤业有限公司", "东山县", "高瓦斯", "邹明", "市委常委、常务副市长", "华　强", "市应急管理局局长"],
        ["2", "测试市某某煤矿", "华　强", "市应急管理局局长"],
        ["3", "测试市另一煤矿", "西山区", "卫国平（副市长）", "柏　杨（市应急局副局长）"],
    ]
    text = "\n".join(sep.join(r) for r in rows) + "\n"
    holds = {(n, p) for n, p, _a in _holds(make_document(text))}
    assert holds == {("邹明", "市委常委、常务副市长"), ("华强", "市应急管理局局长"),
                     ("卫国平", "副市长"), ("柏杨", "市应急局副局长")}


def test_table_flattened_one_cell_per_line() -> None:
    """职务 / 姓名 / 工作单位及职务 printed one cell per line; an empty name cell gives no person."""
    text = ("领导小组成员名单如下：\n职务\n姓名\n工作单位及职务\n组长\n秦卫国\n市委常委、常务副市长\n"
            "副组长\n孔　丽\n市应急局局长\n成员\n\n市人民检察院分管负责人\n成员\n蒋明辉\n市人力资源社会保障局副局长\n")
    holds = {(n, p) for n, p, _a in _holds(make_document(text, title="测试市人民政府关于开展某专项行动的通知"))}
    assert holds == {("秦卫国", "市委常委、常务副市长"), ("孔丽", "市应急局局长"), ("蒋明辉", "市人力资源社会保障局副局长")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5月3日　某省应急管理厅副厅长韩　松一行到我市调研防汛工作。\n", {("韩松", "某省应急管理厅副厅长")}),
        ("6月9日　市长秦卫国会见某某能源集团有限公司副总经理蒋明辉一行，双方进行座谈。\n",
         {("秦卫国", "市长"), ("蒋明辉", "某某能源集团有限公司副总经理")}),
        (_wrap18("6月2日　市政府召开第十次常务会议，研究部署全市煤矿安全生产和防汛减灾工作。"
                 "6月9日　市长秦卫国会见某某能源集团有限公司副总经理蒋明辉一行，双方就合作进行座谈。"
                 "6月12日　市政府印发某某实施方案，部署开展专项整治工作。") + "\n",
         {("秦卫国", "市长"), ("蒋明辉", "某某能源集团有限公司副总经理")}),
    ],
    ids=["visiting-official", "received-delegation", "received-delegation-wrapped"],
)
def test_delegations_in_running_text(text: str, expected: set[tuple[str, str]]) -> None:
    """``<post><name>一行``: the head of a visiting delegation, post printed before the name."""
    doc = make_document(text, title="测试市人民政府大事记", kind="chronicle")
    assert {(n, p) for n, p, _a in _holds(doc)} == expected


def test_post_modifiers_are_not_names() -> None:
    """"由常务副市长任组长": 常务 is no person's name."""
    text = "市政府成立某工作领导小组，由常务副市长任组长，分管能源工作的副市长任副组长。\n"
    assert _holds(make_document(text, title="测试市人民政府关于成立某领导小组的通知")) == set()
