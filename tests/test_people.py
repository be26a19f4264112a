"""Golden tests for the people extractor (HOLDS_POST from rosters, tables, masthead)."""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.people import extract_people

from kg.model import Document, Gazette
from kg.testing import make_document, make_gazette, make_source


def _holds(doc: Document, gz: Gazette | None = None) -> set[tuple[str, str, str | None]]:
    batch = extract_people(doc, ExtractContext(gz or make_gazette(doc)))
    out = set()
    for e in batch.edges.values():
        if e.type == "HOLDS_POST":
            name = batch.nodes[e.src].props["name"]
            assert name in e.prov.evidence.replace(" ", "").replace("\t", "")
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
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
        else:
            out.extend(line[k : k + width] for k in range(0, len(line), width))
    return "\n".join(out)


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
    out: list[str] = []
    for i, line in enumerate(text.split("\n"), 1):
        if i % every == 0:
            out.extend(["", f"— {i} —", "", "测试市人民政府公报", ""])
        out.append(line)
    return "\n".join(out)


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
