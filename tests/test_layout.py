"""Golden tests for kg.layout.repair on nasty snippets.

Each case: input text -> the exact blocks (kind, text, source lines, outline,
level, cells). Offsets are checked separately: every character of every block
maps back to the same character of the original file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from kg.layout import (
    Wrap,
    content_lines,
    display_width,
    furniture_lines,
    header_footer_lines,
    is_furniture_line,
    outline_of,
    repair,
    split_cells,
    strip_markup,
    wrap_width,
)
from kg.model import Block, SourceFile, Text


@dataclass
class B:
    kind: str
    text: str
    lines: list[int]
    outline: str | None = None
    level: int | None = None
    cells: list[str] | None = field(default=None)


CASES: list[tuple[str, str, list[B]]] = [
    (
        "hard wrap at ~20 chars, number split before 号",
        "为贯彻落实《山西省人民政府关于取消和下放\n一批行政审批事项的决定》（晋政发〔2021〕48\n号）文件精神，进一步深化行政审批制度改革，转\n"
        "变政府职能。\n\n一、总体目标\n\n到2022年，健康促进政策体系基本建立。\n",
        [
            B("paragraph", "为贯彻落实《山西省人民政府关于取消和下放一批行政审批事项的决定》（晋政发〔2021〕48号）文件精神，"
              "进一步深化行政审批制度改革，转变政府职能。", [1, 2, 3, 4]),
            B("heading", "一、总体目标", [6], "一、", 1),
            B("paragraph", "到2022年，健康促进政策体系基本建立。", [8]),
        ],
    ),
    (
        "wrapped paragraph continues across a blank line at the wrap width",
        "各县（市、区），市直各相关部门要结合“一\n枚印章管审批”改革，认真做好下放行政审批事项\n的承接工作，进一步细化改革配套措施，加强和创\n\n"
        "新事中事后监管，确保放得开、稳得住、管得好。\n",
        [
            B("paragraph", "各县（市、区），市直各相关部门要结合“一枚印章管审批”改革，认真做好下放行政审批事项的承接工作，"
              "进一步细化改革配套措施，加强和创新事中事后监管，确保放得开、稳得住、管得好。", [1, 2, 3, 5]),
        ],
    ),
    (
        "sentence cut at a page seam (blank line inside a sentence)",
        "三、各级各有关部门要积极组织有关人员加强业务学习，准确把握用地报批政策，要严格遵守土地管理法律\n\n"
        "法规和政策，严格履行征地程序。\n\n四、在报批工作完成后，将材料备案存档。\n",
        [
            B("list_item", "三、各级各有关部门要积极组织有关人员加强业务学习，准确把握用地报批政策，要严格遵守土地管理法律"
              "法规和政策，严格履行征地程序。", [1, 3], "三、", 1),
            B("list_item", "四、在报批工作完成后，将材料备案存档。", [5], "四、", 1),
        ],
    ),
    (
        "unit list cut inside a word at a page seam",
        "成员：市委宣传部、市发改委、市教育局、市工信局、市公安局、市民政局、市财政局、市卫健\n\n"
        "委、市应急管理局、市能源局、市气象局负责人。\n",
        [
            B("paragraph", "成员：市委宣传部、市发改委、市教育局、市工信局、市公安局、市民政局、市财政局、市卫健委、"
              "市应急管理局、市能源局、市气象局负责人。", [1, 3]),
        ],
    ),
    (
        "running headers, page numbers (— 12 —, ·13·, bare 13) inside a sentence",
        "各县（市、区）人民政府要加强组织领导，明确责任分工，确保各项任务落到实处，\n\n— 12 —\n\n朔州市人民政府公报\n\n"
        "并于每月底前报送进展情况。\n\n朔州市人民政府公报\n\n·13·\n\n二、保障措施\n\n朔州市人民政府公报\n\n14\n",
        [
            B("paragraph", "各县（市、区）人民政府要加强组织领导，明确责任分工，确保各项任务落到实处，并于每月底前报送进展情况。",
              [1, 7]),
            B("header_footer", "— 12 —", [3]),
            B("header_footer", "朔州市人民政府公报", [5]),
            B("header_footer", "朔州市人民政府公报", [9]),
            B("header_footer", "·13·", [11]),
            B("heading", "二、保障措施", [13], "二、", 1),
            B("header_footer", "朔州市人民政府公报", [15]),
            B("header_footer", "14", [17]),
        ],
    ),
    (
        "date cut at a page seam; signature and date not joined",
        "朔州市人民政府办公室\n\n2020年12月29\n\n日\n\n（此件公开发布）\n\n阳泉市人民政府\n2020年9月17日\n",
        [
            B("heading", "朔州市人民政府办公室", [1]),
            B("paragraph", "2020年12月29日", [3, 5]),
            B("paragraph", "（此件公开发布）", [7]),
            B("heading", "阳泉市人民政府", [9]),
            B("paragraph", "2020年9月17日", [10]),
        ],
    ),
    (
        "title block: issuer line, broken title, 文号, recipients over two lines",
        "朔州市人民政府\n\n关于授权开发区农用地转用和土地征收 开通直报事项的通知\n\n朔政发〔2020〕47号\n\n"
        "各县（市、区）人民政府，朔州经济开发区管委会，\n市直各有关单位：\n",
        [
            B("heading", "朔州市人民政府", [1]),
            B("heading", "关于授权开发区农用地转用和土地征收 开通直报事项的通知", [3]),
            B("paragraph", "朔政发〔2020〕47号", [5]),
            B("paragraph", "各县（市、区）人民政府，朔州经济开发区管委会，市直各有关单位：", [7, 8]),
        ],
    ),
    (
        "table with tabs: empty (merged) cells kept in place",
        "序号\t矿井名称\t所在行政区域\t瓦斯等级\n1\t山西中煤某矿\t平鲁区\t低瓦斯\n2\t某某煤业\t\t\n\t某某二矿\t朔城区\t\n",
        [
            B("table_row", "序号\t矿井名称\t所在行政区域\t瓦斯等级", [1], cells=["序号", "矿井名称", "所在行政区域", "瓦斯等级"]),
            B("table_row", "1\t山西中煤某矿\t平鲁区\t低瓦斯", [2], cells=["1", "山西中煤某矿", "平鲁区", "低瓦斯"]),
            B("table_row", "2\t某某煤业\t\t", [3], cells=["2", "某某煤业", "", ""]),
            B("table_row", "\t某某二矿\t朔城区\t", [4], cells=["", "某某二矿", "朔城区", ""]),
        ],
    ),
    (
        "table with runs of spaces / full-width spaces",
        "单位  职责  备注\n市应急局\u3000\u3000负责综合协调\u3000\u3000无\n",
        [
            B("table_row", "单位  职责  备注", [1], cells=["单位", "职责", "备注"]),
            B("table_row", "市应急局\u3000\u3000负责综合协调\u3000\u3000无", [2], cells=["市应急局", "负责综合协调", "无"]),
        ],
    ),
    (
        "HTML tags inside cells are dropped",
        '1\t农药经营许可\t<p>1. 开展监管。</p> <ol style="list-style-type: none"> 2. 加强检测。</ol>\t\n',
        [
            B("table_row", "1\t农药经营许可\t1. 开展监管。  2. 加强检测。\t", [1],
              cells=["1", "农药经营许可", "1. 开展监管。  2. 加强检测。", ""]),
        ],
    ),
    (
        "outline levels, bullets, articles, numbered sections",
        "一、总体要求\n\n（一）指导思想。坚持以人民为中心。\n\n1. 提升保供稳价水平。落实责任。\n\n（1）开展监测。\n\n"
        "- （二）车辆来历凭证；\n\n第三条 本办法自发布之日起施行。\n\n1.1 编制目的\n\n(三) 转变工作作风,推动工作落实。\n",
        [
            B("heading", "一、总体要求", [1], "一、", 1),
            B("list_item", "（一）指导思想。坚持以人民为中心。", [3], "（一）", 2),
            B("list_item", "1. 提升保供稳价水平。落实责任。", [5], "1.", 3),
            B("list_item", "（1）开展监测。", [7], "（1）", 4),
            B("list_item", "（二）车辆来历凭证；", [9], "（二）", 2),
            B("list_item", "第三条 本办法自发布之日起施行。", [11], "第三条", None),
            B("heading", "1.1 编制目的", [13], "1.1", None),
            B("list_item", "(三) 转变工作作风，推动工作落实。", [15], "(三)", 2),
        ],
    ),
    (
        "TOC lines with tabs and dot leaders are not table rows",
        "朔州市人民政府办公室关于调整2020年重点工程项目名单的通知\n\n朔政办发〔2020〕46号.....\t57\n"
        "朔州市人民政府办公室关于印发《朔州市气象灾害应急预案》的通知\t\n",
        [
            B("heading", "朔州市人民政府办公室关于调整2020年重点工程项目名单的通知", [1]),
            B("paragraph", "朔政办发〔2020〕46号.....\t57", [3]),
            B("heading", "朔州市人民政府办公室关于印发《朔州市气象灾害应急预案》的通知", [4]),
        ],
    ),
]


def _as_b(b: Block) -> B:
    return B(b.kind, b.text.text, b.lines, b.outline, b.level, [c.text for c in b.cells] if b.cells else None)


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_repair_golden(name: str, text: str, expected: list[B]) -> None:
    src = SourceFile.from_text(text)
    got = [_as_b(b) for b in repair(src)]
    assert got == expected


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_offsets_map_back_to_the_source(name: str, text: str, expected: list[B]) -> None:
    src = SourceFile.from_text(text)
    for b in repair(src):
        for t in [b.text, *(b.cells or [])]:
            for ch, off in zip(t.text, t.offsets, strict=True):
                if off >= 0:
                    assert src.text[off] == ch
                else:
                    assert ch.isspace()  # only joiners are inserted


def test_span_gives_line_and_column_of_a_joined_paragraph() -> None:
    text = "前言\n\n要严格遵守土地管理法律法规和政策，严格履行征地程序，依法开展报批前的公告、风险评估、现状调查、听证、签订协议\n\n法规和政策。\n"
    src = SourceFile.from_text(text)
    para = next(b for b in repair(src) if b.lines == [3, 5])
    k = para.text.text.index("法规和政策。")
    span = para.text.span(k, k + 6)
    assert (span.line, span.col) == (5, 0)
    assert span.text == "法规和政策。"


def test_range_repair_only_covers_the_range() -> None:
    text = "第一段。\n\n第二段落，\n继续。\n\n第三段。\n"
    src = SourceFile.from_text(text)
    blocks = repair(src, 3, 4)
    assert [b.text.text for b in blocks] == ["第二段落，继续。"]
    assert blocks[0].lines == [3, 4]


def test_repeated_lines_that_are_not_furniture_are_kept() -> None:
    # Signatures and "（此件公开发布）" repeat in every issue; they are content.
    text = "\n".join(["朔州市人民政府", "", "2020年10月30日", "", "（此件公开发布）", ""] * 5)
    src = SourceFile.from_text(text)
    assert header_footer_lines(src) == set()
    # a list bullet with numbers is not a page number either
    text2 = "\n".join(["- (1) 城镇干旱缺水率在5%以上；"] * 4)
    assert header_footer_lines(SourceFile.from_text(text2)) == set()


@pytest.mark.parametrize(
    ("line", "mark", "level"),
    [
        ("一、总体目标", "一、", 1),
        ("十二、附则", "十二、", 1),
        ("（三）强化督导", "（三）", 2),
        ("(八)加强监管", "(八)", 2),
        ("3. 做好宣贯", "3.", 3),
        ("12．开展检查", "12．", 3),
        ("（2）市场监管", "（2）", 4),
        ("①第一项", "①", 5),
        ("2020年工作", None, None),
        ("1.5万亩", None, None),
        ("（市、区）建设", None, None),
    ],
)
def test_outline_of(line: str, mark: str | None, level: int | None) -> None:
    assert outline_of(line) == (mark, level)


def test_strip_markup_keeps_offsets() -> None:
    src = SourceFile.from_text("<p>**统筹**推进</p>")
    t = strip_markup(src.line_text(1))
    assert t.text == "统筹推进"
    assert [src.text[o] for o in t.offsets] == list("统筹推进")


def test_split_cells_none_for_prose() -> None:
    assert split_cells(Text.plain("市应急局负责综合协调，市财政局配合。")) is None
    assert split_cells(Text.plain("召集人：刘晓琰 市文物局局长")) is None
    cells = split_cells(Text.plain("召集人：刘晓琰 市文物局局长  杨文 市文物局副局长"))
    assert cells is not None and [c.text for c in cells] == ["召集人：刘晓琰 市文物局局长", "杨文 市文物局副局长"]


@pytest.mark.parametrize(
    ("line", "furniture_line"),
    [("— 3 —", True), ("-12-", True), ("第 4 页", True), ("测试市人民政府公报", True),
     ("某某省人民政府公报 2020年第4期", True), ("测试市人民政府公报 — 5 —", True),
     ("2021年第3期", True), ("第3期（总第120期）", True), ("2021年第3期工作要点", False),
     ("测试市第七次全国人口普查公报", False), ("3\t测试戊己煤业有限公司", False), ("市应急管理局副局长", False)],
)
def test_is_furniture_line(line: str, furniture_line: bool) -> None:
    assert is_furniture_line(Text.plain(line)) is furniture_line
    assert is_furniture_line(line) is furniture_line


def test_bare_number_is_furniture_only_between_blank_lines() -> None:
    assert is_furniture_line("12", prev_blank=True, next_blank=True)
    assert not is_furniture_line("12", prev_blank=True, next_blank=False)
    text = "第一行内容，\n\n12\n\n第二行内容。\n3\n第三行。"
    src = SourceFile.from_text(text)
    assert furniture_lines(src) == {3}
    # the ends of the range count as blank
    assert furniture_lines(src, 6, 6) == {6}


def test_content_lines_drop_furniture_with_its_blank_lines() -> None:
    from kg.testing import make_document

    text = "一、总体要求\n加强监管，落实\n\n— 3 —\n\n测试市人民政府公报\n\n责任。"
    doc = make_document(text)
    lines = content_lines(doc)
    assert [t.text for t in lines] == ["一、总体要求", "加强监管，落实", "责任。"]
    assert lines[2].first_line == 8


def test_display_width_counts_half_width_characters_as_half() -> None:
    assert display_width("2021年第3期") == 4 + 2 + 2 + 1 + 2
    assert display_width("ab") == 2 and display_width("中文") == 4


def test_wrap_width_by_characters_or_by_printed_width() -> None:
    prose = "市应急管理局负责综合协调工作，市财政局负责保障资金，各县区按照职责分工抓好落实。" * 4
    by_chars = [Text.plain(prose[i : i + 20]) for i in range(0, 160, 20)]
    assert wrap_width(by_chars) == Wrap(20, False)
    # digits take half a column: lines cut at a printed width of 20 have 20..23 characters
    lines = [Text.plain("测" * (20 - k % 4) + "1" * (2 * (k % 4))) for k in range(8)]
    assert wrap_width(lines) == Wrap(20, True)
    # too few lines, or whole paragraphs, are no wrap
    assert wrap_width(by_chars[:4]) is None
    assert wrap_width([Text.plain(prose[: 10 + 7 * k]) for k in range(8)]) is None
