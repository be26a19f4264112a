"""Golden tests for the tasks extractor: one invented snippet per printed pattern,
each run on nasty variants of its layout (hard wrap at 20 characters, another
city, [] for 〔〕); tables in tabs, spaces, with repeated headers, merged cells,
wrapped cells and reordered columns. Every variant must give the same facts.
"""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.tasks import extract_tasks, find_deadline

from kg.keys import agency_key
from kg.model import GraphBatch
from kg.normalize import strip_ws
from kg.testing import hard_wrap, make_document, make_gazette

Rec = tuple[str, list[str], list[str], list[str], str | None]  # task start, lead, responsible, support, deadline


def run(text: str, city: str = "测试市") -> GraphBatch:
    doc = make_document(text, city=city)
    return extract_tasks(doc, ExtractContext(make_gazette(doc)))


def records(batch: GraphBatch) -> list[Rec]:
    tasks = {ref: n for ref, n in batch.nodes.items() if ref.label == "Task"}
    roles: dict[object, dict[str, list[tuple[int, str]]]] = {
        ref: {"LEADS": [], "RESPONSIBLE_FOR": [], "SUPPORTS": []} for ref in tasks}
    for e in batch.edges.values():
        if e.type in ("LEADS", "RESPONSIBLE_FOR", "SUPPORTS") and e.src.label == "Agency":
            roles[e.dst][e.type].append((e.props["ordinal"], e.props["as_printed"]))
    out = []
    for ref, n in sorted(tasks.items(), key=lambda kv: (kv[1].props["line"], kv[1].props["text"])):
        r = roles[ref]
        out.append((n.props["text"][:12], [x for _, x in sorted(r["LEADS"])],
                    [x for _, x in sorted(r["RESPONSIBLE_FOR"])], [x for _, x in sorted(r["SUPPORTS"])],
                    n.props.get("deadline")))
    return out


def check_provenance(batch: GraphBatch, text: str) -> None:
    """Every edge's evidence names what it links and starts on the line it claims."""
    lines = text.split("\n")
    for e in batch.edges.values():
        ev = strip_ws(e.prov.evidence)
        if e.type != "HAS_TASK":
            assert e.props["as_printed"] in ev, (e.props["as_printed"], ev)
        first = strip_ws(e.prov.evidence)[:2]
        assert first in strip_ws("".join(lines[e.prov.line - 1:e.prov.line + 1])), (e.prov.line, ev)


def wrap20(text: str) -> str:
    """Hard-wrap every prose line at 20 characters (table rows untouched)."""
    return hard_wrap(text, 20)


def swap_city(text: str) -> str:
    return text.replace("测试", "新城")


def square(text: str) -> str:
    return text.replace("〔", "[").replace("〕", "]")


PROSE_CASES: list[tuple[str, str, list[Rec]]] = [
    (
        "lead_then_responsible_halfwidth",
        "1. 建立并完善市级健康科普专家库,开展健康科普活动。(市卫健委牵头,市委宣传部、市科技局按职责分工负责)\n",
        [("建立并完善市级健康科普专家", ["市卫健委"], ["市委宣传部", "市科技局"], [], None)],
    ),
    (
        "lead_support_implement",
        "二、大气污染物排放不能达到相应标准的企业一律依法停产整治。（市生态环境局牵头，市工信局配合，"
        "各县〔市、区〕政府、测试经济开发区管委会落实）\n",
        [("大气污染物排放不能达到相应", ["市生态环境局"], ["各县〔市、区〕政府", "测试经济开发区管委会"],
          ["市工信局"], None)],
    ),
    (
        "labelled_responsible_support_and_counties",
        "（一）开展医疗废物综合评估。2020年底前，摸清全市医疗废物产生单位数。（责任单位：市卫健委，"
        "配合单位：市生态环境局、市交通局，各县（市、区）人民政府负责落实）\n",
        [("开展医疗废物综合评估。2020", [], ["市卫健委", "各县（市、区）人民政府"], ["市生态环境局", "市交通局"],
          "2020年底前")],
    ),
    (
        "lead_department_semicolon_support",
        "1. 开展地震灾害风险调查和重点隐患排查。摸清全市地震灾害风险底数。（牵头部门：市应急局、市住建局；"
        "配合部门：市发改委、武警测试支队等，各县区人民政府）。\n",
        [("开展地震灾害风险调查和重点", ["市应急局", "市住建局"], [], ["市发改委", "武警测试支队", "各县区人民政府"],
          None)],
    ),
    (
        "respectively_responsible_participate",
        "（三）健全公共卫生应急物资保障体系。加强药品和医疗防护物资储备。（市发展改革委、市工信局、市卫健委等"
        "分别负责，各相关部门参与）\n",
        [("健全公共卫生应急物资保障体", [], ["市发展改革委", "市工信局", "市卫健委"], ["各相关部门"], None)],
    ),
    (
        "he_inside_names",
        "（二）推进城市更新。（市规划和自然资源局牵头，市住房和城乡建设局、市发展和改革委员会配合）\n",
        [("推进城市更新。", ["市规划和自然资源局"], [], ["市住房和城乡建设局", "市发展和改革委员会"], None)],
    ),
    (
        "clause_level_brackets",
        "（一）促进流通新业态新模式发展。推动企业业务云化。（市工信局）对引入的优质电子商务服务企业给予奖励。"
        "（市商务局）\n坚持依法监管和包容审慎原则。\n（市市场监管局）制定重点产品安全监管目录。（市民\n政局）\n",
        [
            ("促进流通新业态新模式发展。", [], ["市工信局"], [], None),
            ("对引入的优质电子商务服务企", [], ["市商务局"], [], None),
            ("坚持依法监管和包容审慎原则", [], ["市市场监管局"], [], None),
            ("制定重点产品安全监管目录。", [], ["市民政局"], [], None),
        ],
    ),
    (
        "bracket_on_its_own_line",
        "5. 加强质量安全管理。完善检验监测体系。\n\n(责任单位:市发展改革委、市市场监管局)\n\n"
        "6. 强化市场监测。完善监测网络。（责任单位：市发展改革委）\n",
        [
            ("加强质量安全管理。完善检验", [], ["市发展改革委", "市市场监管局"], [], None),
            ("强化市场监测。完善监测网络", [], ["市发展改革委"], [], None),
        ],
    ),
    (
        "heading_sentence_then_body_paragraph",
        "（十二）落实主体责任，强化安全生产管理。\n\n严格落实安全生产责任制，强化作业安全管理。（责任单位：市气象局、"
        "市应急局，各县（市、区）人民政府）\n",
        [("落实主体责任，强化安全生产", [], ["市气象局", "市应急局", "各县（市、区）人民政府"], [], None)],
    ),
    (
        "inherited_counties",
        "（一）支持康养产业发展。扶持一批骨干企业。（责任单位：市发改委、市文旅局，各县（市、区）人民政府。"
        "以下均需各县（市、区）人民政府落实，不再列出）\n（二）完善养老服务体系。构建养老服务体系。（责任单位：市民政局）\n",
        [
            ("支持康养产业发展。扶持一批", [], ["市发改委", "市文旅局", "各县（市、区）人民政府"], [], None),
            ("完善养老服务体系。构建养老", [], ["市民政局", "各县（市、区）人民政府"], [], None),
        ],
    ),
    (
        "duty_lines_and_working_group",
        "市公安局：负责事发地的现场保护、治安秩序维护工作。\n"
        "事件调查组：由市市场监管局、市公安局、市卫健委等部门组成。负责调查事件的发生原因。\n",
        [
            ("负责事发地的现场保护、治安", [], ["市公安局"], [], None),
            ("负责调查事件的发生原因。", [], ["市市场监管局", "市公安局", "市卫健委"], [], None),
        ],
    ),
    (
        "prose_subjects",
        "市应急局会同市财政局、市水利局等部门，做好技术指导工作。灾后恢复与重建工作由县(区)人民政府负责。"
        "市规划和自然资源局要加强对土地征收工作的指导和监管。\n",
        [
            ("市应急局会同市财政局、市水", ["市应急局"], [], ["市财政局", "市水利局"], None),
            ("灾后恢复与重建工作由县(区", [], ["县(区)人民政府"], [], None),
            ("市规划和自然资源局要加强对", [], ["市规划和自然资源局"], [], None),
        ],
    ),
    (
        "no_task_without_units",
        "一、总体要求\n\n为贯彻落实有关部署（以下简称“部署”），现提出如下意见。\n"
        "——个人和家庭：\n1. 提倡个人定期记录身心健康状况（2020年修订）。\n本办法由市应急局负责解释。\n",
        [],
    ),
]

VARIANTS = {"as_printed": lambda t: t, "wrap20": wrap20, "square_brackets": square}


def _expect(expected: list[Rec], variant: str) -> list[Rec]:
    expected = [(t[:12], a, b, c, d) for t, a, b, c, d in expected]
    if variant != "square_brackets":
        return expected
    def sq(xs: list[str]) -> list[str]:
        return [x.replace("〔", "[").replace("〕", "]") for x in xs]

    return [(t, sq(a), sq(b), sq(c), d) for t, a, b, c, d in expected]


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(("name", "text", "expected"), PROSE_CASES, ids=[c[0] for c in PROSE_CASES])
def test_prose_patterns(name: str, text: str, expected: list[Rec], variant: str) -> None:
    snippet = VARIANTS[variant](text)
    batch = run(snippet)
    assert sorted(records(batch)) == sorted(_expect(expected, variant))
    check_provenance(batch, snippet)


def test_city_swap_changes_only_the_city() -> None:
    text = PROSE_CASES[1][1]
    a, b = run(text), run(swap_city(text), city="新城市")
    assert [r[0] for r in records(a)] == [r[0] for r in records(b)]
    keys_b = {ref.key for ref in b.nodes if ref.label == "Agency"}
    assert agency_key("新城市", "新城经济开发区管委会") in keys_b
    assert agency_key("新城市", "市生态环境局") in keys_b
    assert not any(k.startswith("agency:测试市") for k in keys_b)


def test_outline_hierarchy_and_props() -> None:
    text = ("（四）规范医疗废物处置。（责任单位：市卫健委）\n"
            "1. 持续强化对医疗机构的监管。2021年6月底前完成。（责任单位：市卫健委，配合单位：市生态环境局）\n")
    batch = run(text)
    tasks = {n.props["outline"]: n for n in batch.nodes.values() if n.label == "Task"}
    assert set(tasks) == {"（四）", "1."}
    child = tasks["1."]
    assert child.props["text"].startswith("持续强化对医疗机构的监管")
    assert child.props["deadline"] == "2021年6月底前"
    assert child.props["deadline_date"] == "2021-06-30"
    assert child.props["line"] == 2 and child.props["doc_number"] == "测政发〔2020〕1号"
    has = {(e.src.key, e.dst.key) for e in batch.edges.values() if e.type == "HAS_TASK"}
    assert (tasks["（四）"].key, child.key) in has
    assert ("doc:测政发〔2020〕1号", tasks["（四）"].key) in has


# ---------------------------------------------------------------- tables
TABLE_EXPECTED: list[Rec] = [
    ("强化指标刚性约束", ["市水利局"], [], ["市发改委", "市工信局"], "2020年12月底前"),
    # a 完成时限 cell without a date ("长期坚持", "持续推进") is no deadline (gold convention)
    ("严格用水全过程管理", ["市水利局"], [], ["市财政局"], None),
    ("大力推进节水灌溉", ["市农业农村局"], [], ["市发改委", "市规划和自然资源局"], "2021年6月底前"),
]
COLS = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "强化指标刚性约束", "市水利局", "市发改委、市工信局", "2020年12月底前"],
    ["2", "严格用水全过程管理", "", "市财政局", "长期坚持"],  # merged 牵头单位 cell
    ["3", "大力推进节水灌溉", "市农业农村局", "市发改委、市规划和", "2021年6月底前"],
    ["", "", "", "自然资源局", ""],  # the 配合单位 cell wraps onto a second line
]


def table(order: list[int], sep: str = "\t", rows: list[list[str]] = ROWS, repeat_after: int = 2) -> str:
    head = sep.join(COLS[i] for i in order)
    lines = ["附件", "", "重点任务分工", "", head]
    for k, r in enumerate(rows):
        if k == repeat_after:
            lines += ["", head]  # page break: the header is printed again
        lines.append(sep.join(r[i] for i in order))
    return "\n".join(lines) + "\n\n二、保障措施\n"


@pytest.mark.parametrize(
    "order", [[0, 1, 2, 3, 4], [0, 4, 3, 1, 2], [1, 0, 2, 3, 4]], ids=["printed", "reordered", "task_first"])
def test_table_tabs(order: list[int]) -> None:
    text = table(order)
    batch = run(text)
    assert records(batch) == TABLE_EXPECTED
    check_provenance(batch, text)
    dates = sorted(n.props.get("deadline_date") or "" for n in batch.nodes.values() if n.label == "Task")
    assert dates == ["", "2020-12-31", "2021-06-30"]


def test_table_spaces() -> None:
    rows = [r for r in ROWS[:3]]
    rows[2] = ["3", "大力推进节水灌溉", "市农业农村局", "市发改委、市规划和自然资源局", "2021年6月底前"]
    text = table([0, 1, 2, 3, 4], sep=" ", rows=rows)
    assert records(run(text)) == TABLE_EXPECTED


def test_table_merged_cell_not_filled_across_group() -> None:
    text = ("序号\t工作任务\t牵头单位\t配合单位\n1\t加强组织领导\t市发改委\t市财政局\n"
            "（二）保障措施\t\t\t\n2\t强化督促检查\t\t市审计局\n")
    recs = records(run(text))
    assert recs == [("加强组织领导", ["市发改委"], [], ["市财政局"], None),
                    ("强化督促检查", [], [], ["市审计局"], None)]


def test_table_responsible_leader_person() -> None:
    text = "序号\t工作任务\t责任单位\t责任领导\n1\t推进项目建设\t市发改委\t张 三\n"
    batch = run(text)
    people = [n for n in batch.nodes.values() if n.label == "Person"]
    assert [p.props["name"] for p in people] == ["张三"]
    edges = [e for e in batch.edges.values() if e.src.label == "Person"]
    assert [(e.type, e.props["as_printed"]) for e in edges] == [("RESPONSIBLE_FOR", "张三")]


def test_group_blocks_lead_and_members() -> None:
    text = ("2.2.1 现场处置组\n\n组长单位：市规划和自然资源局\n\n成员单位：市应急管理局、市水利局、测试军分区\n\n"
            "主要职责：协助和指导灾害发生地开展调查、监测和应急处置。\n")
    for variant in (text, swap_city(text)):
        recs = records(run(variant))
        assert len(recs) == 1
        assert recs[0][1] == ["市规划和自然资源局"]
        assert recs[0][3][:2] == ["市应急管理局", "市水利局"]


@pytest.mark.parametrize(
    ("printed", "year", "expected"),
    [
        ("2020年12月底前完成", 2020, ("2020年12月底前", "2020-12-31")),
        ("2021年6月底前", 2020, ("2021年6月底前", "2021-06-30")),
        ("年底前完成整改", 2021, ("年底前", "2021-12-31")),
        ("于9月12日前报送", 2020, ("9月12日前", "2020-09-12")),
        ("2022年底前建成", 2020, ("2022年底前", "2022-12-31")),
        ("到2025年底，覆盖率达到60%", 2022, ("到2025年底", "2025-12-31")),
        ("到2022年和2030年分别达到", 2020, (None, None)),
        ("长期坚持", 2020, (None, None)),
    ],
)
def test_find_deadline(printed: str, year: int, expected: tuple[str | None, str | None]) -> None:
    assert find_deadline(printed, year) == expected


# ------------------------------------------- other layouts (invented 河东市 gazette)
def page_seam(lines: list[str], at: list[int], city: str = "河东市") -> str:
    """Insert a running page header and a page number before the given line indexes."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if k in at:
            out += ["", f"— {k} —", "", f"{city}人民政府公报", ""]
        out.append(line)
    return "\n".join(out) + "\n"


KEY_TASKS_EXPECTED: list[Rec] = [
    ("推进老旧小区改造", [], ["市住房和城乡建设局"], ["市规划和自然资源局", "市财政局"], "2021年10月底前"),
    ("完善城市排水防涝设施", [], ["市住房和城乡建设局"], ["市水务局"], "2021年6月底前"),
    ("建设智慧停车平台", [], ["市城市管理局", "市公安局交警支队"], ["市发展和改革委员会"], "2022年底前"),
]


def key_tasks_table(sep: str) -> list[str]:
    head = sep.join(["序号", "重点任务", "责任单位", "配合单位", "完成时限"])
    return [
        "附件", "", "2021年城市建设重点任务分工表", "", head,
        sep.join(["1", "推进老旧小区改造", "市住房和城乡建设局", "市规划和自然资源局、", "2021年10月底前"]),
        sep.join(["", "", "", "市财政局", ""]),  # the 配合单位 cell wraps
        head,  # the header printed again on the next page
        sep.join(["2", "完善城市排水防涝设施", "", "市水务局", "2021年6月底前"]),  # merged 责任单位
        sep.join(["3", "建设智慧停车平台", "市城市管理局、市公安局交警支队", "市发展和改革委员会", "2022年底前"]),
        "", "二、保障措施",
    ]


@pytest.mark.parametrize("seam", [False, True], ids=["one_page", "page_header"])
def test_key_task_table_other_columns(seam: bool) -> None:
    lines = key_tasks_table("\t")
    text = page_seam(lines, [7]) if seam else "\n".join(lines) + "\n"
    batch = run(text, city="河东市")
    assert records(batch) == KEY_TASKS_EXPECTED
    check_provenance(batch, text)


def test_leader_lead_resp_table_reordered_spaces() -> None:
    # 主要任务 / 牵头领导 / 牵头单位 / 责任单位 / 时间节点, flattened with spaces in another order
    cols = ["时间节点", "主要任务", "牵头单位", "责任单位", "牵头领导"]
    rows = [
        ["2021年9月底前", "完成河道清淤整治", "市水务局", "各县（市、区）人民政府", "王 明"],
        ["2021年12月底前", "建成垃圾分类处理中心", "市城市管理局", "市生态环境局", "李 强"],
    ]
    text = "\n".join([" ".join(cols), *(" ".join(r) for r in rows)]) + "\n"
    recs = records(run(text, city="河东市"))
    assert recs == [
        ("完成河道清淤整治", ["市水务局"], ["各县（市、区）人民政府"], [], "2021年9月底前"),
        ("建成垃圾分类处理中心", ["市城市管理局"], ["市生态环境局"], [], "2021年12月底前"),
    ]


def test_bracket_items_wrapped_and_cut_at_page_seam() -> None:
    lines = [
        "（一）加快推进城乡供水一体化建设，提升农村供水保障水平。（市水务局牵头，市发展和改革委员会、市财政局配合，"
        "各县（市、区）人民政府负责落实）",
        "（二）全面推行河长制湖长制，加强河湖管理保护。（责任单位：市水务局，配合单位：市规划和自然资源局）",
    ]
    text = wrap20("\n".join(lines))
    wrapped = text.split("\n")
    text = page_seam(wrapped, [3, 6, len(wrapped) - 2])  # three pages: a running header
    recs = records(run(text, city="河东市"))
    assert recs == [
        ("加快推进城乡供水一体化建", ["市水务局"], ["各县（市、区）人民政府"], ["市发展和改革委员会", "市财政局"], None),
        ("全面推行河长制湖长制，加", [], ["市水务局"], ["市规划和自然资源局"], None),
    ]


JUNK_CASES: list[tuple[str, str, list[Rec]]] = [
    (
        "member_list_of_a_headquarters",
        "2.1 市指挥部组成\n\n指挥长：市政府分管副市长\n\n副指挥长：市应急局局长。\n\n"
        "成员：市委宣传部、市发改委、市公安局、市财政局、北岭供电公司等单位分管负责人。\n",
        [],
    ),
    (
        "group_table_header_is_no_unit",
        "工作组\t牵头单位\t成 员\t职 责\n"
        "综合协调组\t市市场监管局\t市公安局、市交通局和事发地县级人民政府相关人员组成。\t负责事故现场的工作协调。\n"
        "善后工作组\t事发地县级人民政府\t市、县民政、人社等相关部门和乡镇（街道）人员组成\t负责善后处理工作。\n",
        [
            ("负责事故现场的工作协调。", ["市市场监管局"], [], ["市公安局", "市交通局", "事发地县级人民政府"], None),
            ("负责善后处理工作。", ["事发地县级人民政府"], [], [], None),
        ],
    ),
    (
        "huitong_generic_then_verb",
        "市应急局会同有关部门检查核实灾情，做好救灾物资的储备工作。市指挥部办公室要会同灾害发生地及时组织调查评估。\n",
        [
            ("市应急局会同有关部门检查核", ["市应急局"], [], ["有关部门"], None),
            ("市指挥部办公室要会同灾害发", ["市指挥部办公室"], [], [], None),  # no unit after 会同
        ],
    ),
    (
        "list_markers_and_plan_words",
        "③医疗卫生机构加强对呼吸疾病患者的防护宣传。\n"
        "市级部门应急预案的编制工作于2021年底前完成。\n"
        "政府专项及其部门应急预案编制过程中应当广泛听取意见。\n",
        [("医疗卫生机构加强对呼吸疾病", [], ["医疗卫生机构"], [], None)],
    ),
    (
        "composition_is_no_duty",
        "北岭市森林防火指挥部（以下简称市指挥部）及事发地县（市、区）人民政府防火指挥机构组成。\n",
        [],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), JUNK_CASES, ids=[c[0] for c in JUNK_CASES])
def test_no_junk_agencies(name: str, text: str, expected: list[Rec]) -> None:
    for variant in (text, wrap20(text)):
        batch = run(variant, city="北岭市")
        assert records(batch) == [(t[:12], a, b, c, d) for t, a, b, c, d in expected]
        check_provenance(batch, variant)


def test_evidence_names_agency_and_task() -> None:
    text = ("（三）强化校园周边交通秩序整治，完善学校周边交通安全设施。（牵头单位：市公安局交警支队；"
            "配合单位：市教育局、市住房和城乡建设局）\n")
    batch = run(wrap20(text), city="河东市")
    edges = [e for e in batch.edges.values() if e.type in ("LEADS", "SUPPORTS")]
    assert len(edges) == 3
    for e in edges:
        ev = strip_ws(e.prov.evidence)
        assert e.props["as_printed"] in ev and "强化校园周边交通秩序整治" in ev, ev


def test_hard_wrap_puts_a_marker_like_word_first() -> None:
    # wrapped at 20 characters: a line starts with "一、" that is no outline marker,
    # and a clause after a bracket is cut at "；" (its bracket follows on later lines)
    items = [
        "1. 完善河道管理信息系统，逐步建立起统一、高效的巡查执法信息管理机制。建立完善水质监测网络，系统收集相关信息。"
        "（市水务局牵头，市财政局按职责分工负责）",
        "2. 推动城区公园提档升级，完善配套服务设施。（市城市管理局）加强体育场馆多功能综合开发，实现场馆设施的多"
        "元化经营，进一步提高场馆设施和配套服务设施综合利用率；继续推动公共体育设施免费或低收费向社会开放。（市体育局）",
        "3. 加快推进智慧城市建设，提升城市治理水平，推进数据共享和业务协同，完善城市运行管理平台建设。"
        "（市大数据中心）",
    ]
    text = wrap20("\n\n".join(items))
    assert "\n一、高效的巡查执法信息管理机制" in text and "综合利用率；\n" in text
    recs = records(run(text, city="河东市"))
    assert recs == [
        ("完善河道管理信息系统，逐", ["市水务局"], ["市财政局"], [], None),
        ("推动城区公园提档升级，完", [], ["市城市管理局"], [], None),
        ("加强体育场馆多功能综合开", [], ["市体育局"], [], None),
        ("加快推进智慧城市建设，提", [], ["市大数据中心"], [], None),
    ]


# ------------------------------------------- prose inside outlined items (held-out review)
PROSE_ITEM_CASES: list[tuple[str, str, list[Rec]]] = [
    (
        # a document that uses brackets: an item without one may still name its unit
        # in prose with an explicit 负责 (not 要); its first statement keeps the heading
        "bracket_doc_items_in_prose",
        "一、重点任务\n"
        "（一）推进智慧交通建设。建成城市交通大脑一期工程。（市交通运输局牵头，市公安局配合）\n"
        "（二）完善停车设施。新增公共停车泊位2000个。（市住房和城乡建设局牵头，市城市管理局配合）\n"
        "（三）推动绿色出行。新增新能源公交车100辆。（市交通运输局牵头，市财政局配合）\n"
        "（四）加强监测预警。密切关注汛期天气，道路积水监测由市城市管理局负责，市气象局、市应急管理局配合。\n"
        "（五）强化用地保障。停车场项目用地由市规划和自然资源局负责保障，充电设施用电由国网河东供电公司负责接入。\n"
        "（六）优化营商服务。清理规范涉企收费。该项工作由市发展和改革委员会负责，各县（区）人民政府和市直各部门配合。\n"
        "（七）完善考核机制。考核采取日常和年终相结合的方式。年度考核由市政府办公室负责组织。\n"
        "（八）加强宣传引导。各县（区）要广泛宣传绿色出行理念。\n"
        "二、保障措施\n"
        "（一）加强组织领导。市交通运输局负责统筹协调全市智慧交通建设工作。\n",
        [
            ("推进智慧交通建设。建成城", ["市交通运输局"], [], ["市公安局"], None),
            ("完善停车设施。新增公共停", ["市住房和城乡建设局"], [], ["市城市管理局"], None),
            ("推动绿色出行。新增新能源", ["市交通运输局"], [], ["市财政局"], None),
            ("加强监测预警。密切关注汛", [], ["市城市管理局"], ["市气象局", "市应急管理局"], None),
            ("强化用地保障。停车场项目", [], ["市规划和自然资源局"], [], None),
            ("充电设施用电由国网河东供", [], ["国网河东供电公司"], [], None),
            # "该项工作" refers back to the item: the task is the item
            ("优化营商服务。清理规范涉", [], ["市发展和改革委员会"], ["各县（区）人民政府", "市直各部门"], None),
            # a statement deep in a longer item starts at its own sentence
            ("年度考核由市政府办公室负责", [], ["市政府办公室"], [], None),
            ("加强组织领导。市交通运输", [], ["市交通运输局"], [], None),
        ],
    ),
    (
        "subject_duty_forms",
        "第三条 市住房和城乡建设局负责全市老旧小区改造的统筹协调。\n"
        "第四条 市发展和改革委员会、市财政局按照职责分工，负责补助资金的争取和监管。\n"
        "第五条 各县（区）人民政府是改造工作的责任主体，负责本辖区项目的组织实施。\n"
        "3.1 火险预警。森林火险预警由市林业局会同市气象局发布，预警级别分为四级。\n"
        "3.2 各抗旱服务队全力投入抗旱，统一调配设备和人员。市防汛抗旱指挥部负责协调用水计划。\n",
        [
            ("市住房和城乡建设局负责全市", [], ["市住房和城乡建设局"], [], None),
            ("市发展和改革委员会、市财政", [], ["市发展和改革委员会", "市财政局"], [], None),
            ("各县（区）人民政府是改造工", [], ["各县（区）人民政府"], [], None),
            ("火险预警。森林火险预警由市", ["市林业局"], [], ["市气象局"], None),
            # the item opens with a statement, not a heading: the task starts at its own sentence
            ("市防汛抗旱指挥部负责协调用", [], ["市防汛抗旱指挥部"], [], None),
        ],
    ),
]


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(("name", "text", "expected"), PROSE_ITEM_CASES, ids=[c[0] for c in PROSE_ITEM_CASES])
def test_prose_in_outlined_items(name: str, text: str, expected: list[Rec], variant: str) -> None:
    snippet = VARIANTS[variant](text)
    batch = run(snippet, city="河东市")
    assert sorted(records(batch)) == sorted(_expect(expected, variant))
    check_provenance(batch, snippet)


def test_running_header_without_gazette_name_and_heading_cut_by_wrap() -> None:
    # wrapped at 20; page furniture "— n —" + a running header that alternates between
    # the gazette name and the issue ("2022年第5期", which names no 公报); a seam falls
    # right after the first line of 第四条, which layout takes for a heading
    body = "\n".join([
        "第三条 市住房和城乡建设局负责全市老旧小区改造的统筹协调、业务指导和监督考核工作。",
        "第四条 市发展和改革委员会、市财政局按照职责分工，负责中央和省级补助资金的争取、下达和监管。",
        "第五条 改造项目涉及的规划审批等事项，由市规划和自然资源局负责办理。",
        "第六条 各县（区）人民政府是老旧小区改造的责任主体，负责本辖区改造项目的组织实施和后续管理。",
        "第七条 本办法自2022年5月1日起施行。",
    ])
    lines = wrap20(body).split("\n")
    cut = next(k for k, x in enumerate(lines) if x.startswith("第四条")) + 1
    out: list[str] = []
    seams = {1: 1, 2: 2, 3: 3, cut: 4, cut + 3: 5, cut + 5: 6}
    for k, line in enumerate(lines):
        if k in seams:
            n = seams[k]
            out += ["", f"— {n} —", "", "河东市人民政府公报" if n % 2 == 0 else "2022年第5期", ""]
        out.append(line)
    text = "\n".join(out) + "\n"
    batch = run(text, city="河东市")
    assert records(batch) == _expect([
        ("市住房和城乡建设局负责全市", [], ["市住房和城乡建设局"], [], None),
        ("市发展和改革委员会、市财政", [], ["市发展和改革委员会", "市财政局"], [], None),
        ("改造项目涉及的规划审批等事", [], ["市规划和自然资源局"], [], None),
        ("各县（区）人民政府是老旧小", [], ["各县（区）人民政府"], [], None),
    ], "as_printed")
    task = next(n for n in batch.nodes.values() if n.label == "Task" and n.props["text"].startswith("市发展"))
    assert "年第" not in task.props["text"] and "公报" not in task.props["text"]
    check_provenance(batch, text)


def test_table_county_names_and_undated_deadline_cells() -> None:
    text = (
        "序号\t重点任务\t责任单位\t配合单位\t完成时限\n"
        "1\t打造沿河旅游精品线路\t市文化和旅游局\t市交通运输局、东川县、西岭县、南山县人民政府\t2022年12月底前\n"
        "2\t开展交通秩序专项整治\t市公安局\t市司法局\t持续推进\n"
    )
    assert records(run(text, city="河东市")) == [
        ("打造沿河旅游精品线路", [], ["市文化和旅游局"], ["市交通运输局", "东川县", "西岭县", "南山县人民政府"],
         "2022年12月底前"),
        ("开展交通秩序专项整治", [], ["市公安局"], ["市司法局"], None),
    ]


LONG_HEADER_TABLE = """某州市人民政府办公室关于印发2020年重点工作任务分解表的通知
某政办发〔2020〕12号
各县（区）人民政府，市直各有关单位：
现将《2020年重点工作任务分解表》印发给你们，请认真贯彻落实。
某州市人民政府办公室
2020年3月2日
2020年重点工作任务分解表
序号\t某某省2020年重点工作任务\t某州市2020年重点工作任务\t牵头责任单位\t责任领导\t分管领导\t责任科室\t责任人\t完成时限
1\t全面推进农村人居环境整治三年行动，完成年度目标任务\t完成农村户用卫生厕所改造1.2万座，建成一批美丽宜居示范村\t市农业农村局\t王建国\t刘海\t农村社会事业科\t陈明\t2020年12月底前
2\t深入开展蓝天保卫战，持续改善环境空气质量\t完成燃煤锅炉淘汰任务，PM2.5平均浓度下降5%\t市生态环境局\t王建国\t赵军\t大气环境科\t李强\t2020年11月底前
"""


def test_task_table_with_long_headers_two_task_columns_and_person_columns(tmp_path) -> None:
    """The city's task column (not the province's) is the task; 牵头责任单位 leads; every
    责任领导 / 分管领导 / 责任人 column names a person responsible for the task."""
    from kg.facts import extract_facts

    f = tmp_path / "tt.txt"
    f.write_text(LONG_HEADER_TABLE, encoding="utf-8")
    rows = extract_facts([f])["tt"]["task_responsibilities"]
    got = [(r["task"][:8], r["lead"], r["responsible"], r["deadline"]) for r in rows]
    assert got == [
        ("完成农村户用卫生", ["市农业农村局"], ["王建国", "刘海", "陈明"], "2020年12月底前"),
        ("完成燃煤锅炉淘汰", ["市生态环境局"], ["王建国", "赵军", "李强"], "2020年11月底前"),
    ]
    # the province's task is kept beside the city's as its context
    from kg import pipeline

    tasks = [n for n in pipeline.run([f]).batch.nodes.values() if n.label == "Task"]
    assert sorted(n.props["context"][:8] for n in tasks) == ["全面推进农村人居", "深入开展蓝天保卫"]


PROSE_FORMS = """某市人民政府办公室关于做好2021年森林防火工作的通知
某政办发〔2021〕5号
各县（区）人民政府，市直各有关单位：
为切实做好森林防火工作，经市政府同意，现将有关事项通知如下：
一、加强组织领导
市森林防火指挥部办公室设在市应急管理局，负责指挥部日常工作，组织开展森林火灾隐患排查。
二、明确部门职责
市林业局：
负责森林防火宣传教育，组织开展防火巡护。
指导各县（区）建设防火隔离带。
市公安局：
负责森林火灾案件侦破工作。
三、强化督导检查
各县（区）人民政府要落实属地责任，加强火源管控。市财政局负责落实森林防火经费保障。
某市人民政府办公室
2021年2月1日
"""


def test_prose_forms_office_at_unit_headings_and_cover_notice_sentences(tmp_path) -> None:
    """…办公室设在X，负责…; a unit printed as a heading with its duties on the lines below;
    X要… / X负责… sentences of a cover notice."""
    from kg.facts import extract_facts

    f = tmp_path / "prose.txt"
    f.write_text(PROSE_FORMS, encoding="utf-8")
    rows = extract_facts([f])["prose"]["task_responsibilities"]
    assert [(r["task"][:8], r["responsible"], r["line"]) for r in rows] == [
        ("指挥部日常工作，", ["市应急管理局"], 6),
        ("负责森林防火宣传", ["市林业局"], 9),
        ("指导各县（区）建", ["市林业局"], 10),
        ("负责森林火灾案件", ["市公安局"], 12),
        ("各县（区）人民政", ["各县（区）人民政府"], 14),
        ("市财政局负责落实", ["市财政局"], 14),
    ]


LABEL_FORMS = """某区人民政府关于印发2023年重点工作任务分工方案的通知
某政发〔2023〕2号
各街道，区直各部门：
现将分工方案印发给你们，请认真贯彻执行。
某区人民政府
2023年2月1日
一、主要预期目标

1.努力实现地区生产总值增长6%左右。

牵头单位:区发改局

责任单位:某某经济开发区,各街道

2.固定资产投资增长12%。[牵头单位:区发改局(粮食局);责任单位:各镇人民政府,某某经济开发区]

3.推进完善PPP健康运行长效机制，加强存量项目监管。

责任单位:区发改局、区财政局(第一责任单位为牵头单位,下同)时限要求:持续推进

4.城乡居民收入增速快于经济增长。

责任单位:区人社局、区农业农村局分别牵头
"""


def test_label_lines_square_brackets_notes_and_time_limits(tmp_path) -> None:
    """Consecutive 牵头单位:/责任单位: lines (blank lines between) close one item; square
    brackets close an item like round ones; a note in brackets and a 时限要求 label are no
    units; "X、Y分别牵头" leads."""
    from kg.facts import extract_facts

    f = tmp_path / "labels.txt"
    f.write_text(LABEL_FORMS, encoding="utf-8")
    rows = extract_facts([f])["labels"]["task_responsibilities"]
    assert [(r["task"][:6], r["lead"], r["responsible"]) for r in rows] == [
        ("努力实现地区", ["区发改局"], ["某某经济开发区", "各街道"]),
        ("固定资产投资", ["区发改局(粮食局)"], ["各镇人民政府", "某某经济开发区"]),
        ("推进完善PP", [], ["区发改局", "区财政局"]),
        ("城乡居民收入", ["区人社局", "区农业农村局"], []),
    ]
