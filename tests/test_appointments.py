"""Golden tests for the appointments extractor (人事任免 notices and inline sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kg.extractors import ExtractContext
from kg.extractors.appointments import extract_appointments

from kg.testing import hard_wrap, insert_page_furniture, make_document, make_gazette

Fact = tuple[str, str, str]  # person, action, position


def _facts(text: str, *, title: str = "测试市人民政府关于张三等三人任免职务的通知", kind: str = "appointment",
           city: str = "测试市") -> tuple[set[Fact], set[tuple[str, str]]]:
    doc = make_document(text, title=title, kind=kind, city=city, date="2020-09-07")  # type: ignore[arg-type]
    batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
    facts: set[Fact] = set()
    holds: set[tuple[str, str]] = set()
    for e in batch.edges.values():
        person = batch.nodes[e.src].props["name"]
        if e.type in ("APPOINTED_TO", "REMOVED_FROM"):
            facts.add((person, "appoint" if e.type == "APPOINTED_TO" else "remove", e.props["position"]))
            assert e.props["date"] == "2020-09-07"
            assert person in e.prov.evidence.replace(" ", "")
        elif e.type == "HOLDS_POST":
            holds.add((person, e.props["position"]))
    return facts, holds


LIST = """经测试市人民政府2020年9月1日常务会议决定，任命：

张峥嵘为测试市公安局常务副局长（试用期一年）；

刘怀禄为测试市市场监管综合行政执法队队长；

张鹏程为测试市农业综合行政执法队队长

（试用期一年）；

王 垚为测试市城市管理综合行政执法队队长（试用期一年）。

免去：

刘怀禄的测试市私营企业协会秘书长职务；

权红红的测试市疾病预防控制中心副主任职务。
"""

NO_KEYWORD = """石峥等五人任免职务的提请已经市人民代表大会常务委员会审议通过，现通知如下：

石 峥为测试市发展和改革委员会主任；

王 刚为测试市市场监督管理局局长。

免去：

冯维明的测试市发展和改革委员会主任职

务；

王 刚的测试市信访局局长职务。
"""

SCRAMBLED = """各县（区）人民政府，市直各单位：

孙福利的测试市文化艺术学校副校长职务。

经测试市人民政府2020年10月19日常务会议决定，任命：

测试市人民政府

2020年10月26日

李 军为测试市审计局副局长。

免去：

李 军的测试市审计局总审计师职务；
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            LIST,
            {
                ("张峥嵘", "appoint", "测试市公安局常务副局长"),
                ("刘怀禄", "appoint", "测试市市场监管综合行政执法队队长"),
                ("张鹏程", "appoint", "测试市农业综合行政执法队队长"),
                ("王垚", "appoint", "测试市城市管理综合行政执法队队长"),
                ("刘怀禄", "remove", "测试市私营企业协会秘书长"),
                ("权红红", "remove", "测试市疾病预防控制中心副主任"),
            },
        ),
        (
            NO_KEYWORD,
            {
                ("石峥", "appoint", "测试市发展和改革委员会主任"),
                ("王刚", "appoint", "测试市市场监督管理局局长"),
                ("冯维明", "remove", "测试市发展和改革委员会主任"),
                ("王刚", "remove", "测试市信访局局长"),
            },
        ),
        (
            SCRAMBLED,
            {
                ("孙福利", "remove", "测试市文化艺术学校副校长"),
                ("李军", "appoint", "测试市审计局副局长"),
                ("李军", "remove", "测试市审计局总审计师"),
            },
        ),
    ],
    ids=["list", "no-keyword", "scrambled"],
)
def test_notice(text: str, expected: set[Fact]) -> None:
    facts, holds = _facts(text)
    assert facts == expected
    # people_posts convention: both appointed and removed posts are held posts
    assert holds == {(p, pos) for p, _a, pos in expected}


def test_inline_chronicle_entry() -> None:
    text = "9月1日，市政府常务会议决定，任命赵六为测试市统计局局长，免去钱七的测试市统计局局长职务。\n"
    facts, _ = _facts(text, title="测试市2020年9月大事记", kind="chronicle")
    assert facts == {("赵六", "appoint", "测试市统计局局长"), ("钱七", "remove", "测试市统计局局长")}


def test_not_an_appointment_notice() -> None:
    """Outside 任免 notices a line "X为Y" is not read as an appointment."""
    text = "本办法为测试市行政规范性文件。\n\n张三为联系人。\n"
    facts, _ = _facts(text, title="测试市人民政府关于印发某办法的通知", kind="notice")
    assert facts == set()


def _wrap(text: str, width: int) -> str:
    return hard_wrap(text, width, keep_tab_rows=False)


def _paged(text: str, every: int) -> str:
    """A page number and a running header every ``every`` lines: seams fall inside items."""
    return insert_page_furniture(text, every, number_by_line=True)


@pytest.mark.parametrize(
    "variant",
    [lambda t: _wrap(t, 20), lambda t: _wrap(t, 12), lambda t: _paged(t, 4), lambda t: _paged(_wrap(t, 12), 3)],
    ids=["wrap20", "wrap12", "paged", "wrap12-paged"],
)
@pytest.mark.parametrize("text", [LIST, NO_KEYWORD], ids=["list", "no-keyword"])
def test_layout_variants(text: str, variant: Callable[[str], str]) -> None:
    assert _facts(variant(text))[0] == _facts(text)[0]


GLUED = """经2021年3月9日市人民政府第5次常务会议研究决定：

任命柯 达为测试市水务局副局长
（试用期一年）；

蒲青云为测试市审计局副局长（试用期一年）。

免去韦 华的测试市统计局副局长职务；

庞立新的测试市商务局副局长职务（退休）。
"""


def test_verbs_glued_to_first_items_and_notes_after_duty() -> None:
    facts, holds = _facts(GLUED)
    assert facts == {
        ("柯达", "appoint", "测试市水务局副局长"),
        ("蒲青云", "appoint", "测试市审计局副局长"),
        ("韦华", "remove", "测试市统计局副局长"),
        ("庞立新", "remove", "测试市商务局副局长"),
    }
    assert holds == {(p, pos) for p, _a, pos in facts}


def test_list_header_glued_to_first_item() -> None:
    text = ("经市人民政府常务会议研究决定，任命：柯 达为测试市水务局副局长\n（试用期一年）；\n\n"
            "蒲青云为测试市审计局副局长。\n\n免去：韦 华的测试市统计局副局长职务；\n\n庞立新的测试市商务局副局长职务。\n")
    facts, _holds = _facts(text)
    assert facts == {
        ("柯达", "appoint", "测试市水务局副局长"),
        ("蒲青云", "appoint", "测试市审计局副局长"),
        ("韦华", "remove", "测试市统计局副局长"),
        ("庞立新", "remove", "测试市商务局副局长"),
    }


# One wrapped run-on paragraph (narrow column, no blank lines): items separated by ；, the wrap
# cuts a verb from its name ("任" / "命…"), a probation note and a name printed with a space.
RUN_ON = """经2023年2月3日市政府第八次常务会议研究，决定：任命钱明远为测试市交通运输局副局长（试用期一年）；任命孔　卫为测试市水利局副局长；任命齐国栋为测试市统计局总统计师；免去齐国栋的测试市统计局副局长职务；免去沈佳宁的测试市水利局副局长职务。
测试市人民政府
二〇二三年二月六日
"""

RUN_ON_FACTS = {
    ("钱明远", "appoint", "测试市交通运输局副局长"),
    ("孔卫", "appoint", "测试市水利局副局长"),
    ("齐国栋", "appoint", "测试市统计局总统计师"),
    ("齐国栋", "remove", "测试市统计局副局长"),
    ("沈佳宁", "remove", "测试市水利局副局长"),
}


@pytest.mark.parametrize("width", [17, 19, 21, 23, 200])
def test_run_on_paragraph_wrapped_anywhere(width: int) -> None:
    """Every wrap width cuts somewhere else (inside names, verbs, notes); a person appointed and
    removed in the same notice gives both facts."""
    facts, holds = _facts(_wrap(RUN_ON, width))
    assert facts == RUN_ON_FACTS
    assert holds == {(p, pos) for p, _a, pos in RUN_ON_FACTS}


def test_run_on_paragraph_across_page_seams() -> None:
    text = _paged(_wrap(RUN_ON, 18), 3).replace("测试市人民政府公报", "2023年第2期", 1)
    assert _facts(text)[0] == RUN_ON_FACTS


def test_verb_cut_from_name_keeps_the_name_line() -> None:
    """Provenance starts at the name: a verb left on the line above does not move the fact."""
    doc = make_document("决定：任命钱明远为测试市交通运输局副局长；任\n命孔　卫为测试市水利局副局长。\n",
                        title="测试市人民政府关于钱明远等同志职务任免的通知", kind="appointment", city="测试市")
    batch = extract_appointments(doc, ExtractContext(make_gazette(doc)))
    lines = {batch.nodes[e.src].props["name"]: e.prov.line for e in batch.edges.values() if e.type == "APPOINTED_TO"}
    assert lines == {"钱明远": 1, "孔卫": 2}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("决定：\n任命周　平、吴晓东为测试市应急管理局副局长（试用期一年）；\n任命郑好为测试市能源局局长。\n",
         {("周平", "appoint", "测试市应急管理局副局长"), ("吴晓东", "appoint", "测试市应急管理局副局长"),
          ("郑好", "appoint", "测试市能源局局长")}),
        ("免去：\n冯一凡、褚文的测试市商务局副局长职务。\n",
         {("冯一凡", "remove", "测试市商务局副局长"), ("褚文", "remove", "测试市商务局副局长")}),
        ("任命：杨柳为测试市林业局局长；卫东为测试市气象局局长；\n蒋青为测试市农业农村局局长。\n",
         {("杨柳", "appoint", "测试市林业局局长"), ("卫东", "appoint", "测试市气象局局长"),
          ("蒋青", "appoint", "测试市农业农村局局长")}),
    ],
    ids=["two-people-one-post", "two-people-removed", "verbless-items-in-a-run"],
)
def test_several_people_and_run_on_items(text: str, expected: set[Fact]) -> None:
    assert _facts(text)[0] == expected


def test_chronicle_entry_wrapped() -> None:
    text = ("6月3日　市政府第九次常务会议研究人\n事事项，决定任命秦　朗为测试市人民政府副\n秘书长。\n"
            "6月9日　副市长韩东出席全市防汛工作会议。\n")
    facts, _ = _facts(text, title="2023年6月测试市人民政府大事记", kind="chronicle")
    assert facts == {("秦朗", "appoint", "测试市人民政府副秘书长")}
