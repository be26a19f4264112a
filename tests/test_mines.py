"""Golden tests for the 挂牌 table extractor, on nasty layouts of one invented table.

Every variant (tabs, spaces, one space, 20-character hard wrap, reordered columns,
repeated or missing page headers, another city) must give exactly the same facts.
"""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.mines import extract_mines, mine_owner, post_agency

from kg.model import Document, Gazette, GraphBatch, SourceFile
from kg.normalize import strip_ws
from kg.testing import hard_wrap

H1 = "序号\t矿井名称\t所在行政区域\t矿井瓦斯等级\t市政府挂牌煤矿领导\t\t市应急管理局挂牌煤矿领导\t"
H2 = "\t\t\t\t姓名\t职务\t姓名\t职务"
ROWS_P1 = [
    "1\t甲乙集团有限公司北山露天矿\t东城区\t低瓦斯\t赵 一\t市委常委 副市长\t钱 二\t市应急管理局 副局长",
    "2\t测试丙丁煤业有限公司\t西城区\t\t\t\t孙三\t市应急管理局 副局长",
    "3\t测试戊己煤业有限公司\t\t\t\t\t\t",
]
ROWS_P2 = [
    "4\t甲乙集团有限公司南山井工矿\t东城区\t\t李四\t副市长\t周五\t市应急管理局副局长",
    "5\t测试庚辛煤业有限公司\t\t\t\t\t\t市应急管理局副局长",
    "6\t测试壬癸煤业有限公司\t南川县\t高瓦斯\t\t\t吴六\t市应急救援大队队长",
    "7\t甲乙集团有限公司西山矿\t东城区\t\t\t\t\t",
    "8\t测试子丑煤业有限公司\t南川县\t\t郑七\t副市长\t王八\t市应急管理局党委委员",
    "9\t大华煤矿集团北岭煤电有限责任公司\t\t\t\t\t\t",
]
INTRO = "附件\n\n测试市政府及煤炭监管部门领导挂牌煤矿表\n"
OUTRO = "\n测试市人民政府办公室关于另一件事的通知\n\n为做好工作，现通知如下。\n"


def table_text(rows1: list[str] = ROWS_P1, rows2: list[str] = ROWS_P2, repeat_header: bool = True) -> str:
    lines = [H1, H2, *rows1, ""]
    if repeat_header:
        lines += [H1, H2]
    lines += rows2
    return INTRO + "\n" + "\n".join(lines) + "\n" + OUTRO


C, A = "certain", "ambiguous"
GOV, EM = "市政府", "市应急管理局"
# (mine, leader, level, confidence); leader None = a Post node
EXPECTED = {
    ("甲乙集团有限公司北山露天矿", "赵一", GOV, C), ("甲乙集团有限公司北山露天矿", "钱二", EM, C),
    ("测试丙丁煤业有限公司", "赵一", GOV, C), ("测试丙丁煤业有限公司", "孙三", EM, C),
    ("测试戊己煤业有限公司", "赵一", GOV, C), ("测试戊己煤业有限公司", "孙三", EM, C),
    ("甲乙集团有限公司南山井工矿", "李四", GOV, C), ("甲乙集团有限公司南山井工矿", "周五", EM, C),
    # 职务 printed, 姓名 empty: filled, but flagged
    ("测试庚辛煤业有限公司", "李四", GOV, C), ("测试庚辛煤业有限公司", "周五", EM, A),
    ("测试壬癸煤业有限公司", "李四", GOV, C), ("测试壬癸煤业有限公司", "吴六", EM, C),
    # a district run with no leader cell at all: fill-down crosses a visible boundary
    ("甲乙集团有限公司西山矿", "李四", GOV, A), ("甲乙集团有限公司西山矿", "吴六", EM, A),
    ("测试子丑煤业有限公司", "郑七", GOV, C), ("测试子丑煤业有限公司", "王八", EM, C),
    ("大华煤矿集团北岭煤电有限责任公司", "郑七", GOV, C), ("大华煤矿集团北岭煤电有限责任公司", "王八", EM, C),
}


def make_doc(text: str, city: str = "测试市", province: str | None = "某某省") -> tuple[Document, ExtractContext]:
    src = SourceFile.from_text(text, "snippet.txt")
    gz = Gazette(src, src.name, city, province, 2020, 1, 1, None)
    doc = Document(src, gz.id, "测试通知", "测政办发〔2020〕9号", None, "2020-11-05", "notice", None, 1,
                   max(src.line_count, 1), city=city)
    gz.documents.append(doc)
    return doc, ExtractContext(gz)


def run(text: str, city: str = "测试市") -> GraphBatch:
    doc, ctx = make_doc(text, city)
    return extract_mines(doc, ctx)


def facts(b: GraphBatch) -> set[tuple[str, str | None, str, str]]:
    out: set[tuple[str, str | None, str, str]] = set()
    for e in b.edges.values():
        if e.type == "SUPERVISES":
            src = b.nodes[e.src]
            who = src.props["name"] if e.src.label == "Person" else None
            out.add((b.nodes[e.dst].props["name"], who, e.props["level"], e.prov.confidence))
    return out


# ---------------------------------------------------------------- variants
def wrap(text: str, width: int = 20) -> str:
    return hard_wrap(text, width, keep_tab_rows=False)


def spaces(text: str, sep: str = "  ") -> str:
    return "\n".join(sep.join(c for c in line.split("\t") if c) if "\t" in line else line
                     for line in text.split("\n"))


# column blocks: seq, mine, district, gas, city leader (2), bureau leader (2)
_BLOCKS = [[0], [1], [2], [3], [4, 5], [6, 7]]


def reorder(text: str, order: tuple[int, ...] = (1, 0, 5, 3, 4, 2)) -> str:
    out = []
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        cells += [""] * (8 - len(cells))
        out.append("\t".join(cells[i] for b in order for i in _BLOCKS[b]))
    return "\n".join(out)


def furniture(page: int, city: str = "测试市") -> list[str]:
    """A page seam as the converter prints it: page number and running title between blank lines."""
    return ["", f"— {page} —", "", f"{city}人民政府公报", ""]


def paged(text: str, every: int, first: int = 1) -> str:
    """Page furniture after every ``every`` lines, counted from line ``first`` (lands inside the table)."""
    out: list[str] = []
    page = 3
    for k, line in enumerate(text.split("\n"), 1):
        if k > first and (k - first) % every == 0:
            out.extend(furniture(page))
            page += 1
        out.append(line)
    return "\n".join(out)


def seam_with_header(text: str, after_row: str) -> str:
    """A page break after the row starting with ``after_row``: furniture, then the header block again."""
    out: list[str] = []
    for line in text.split("\n"):
        out.append(line)
        if line.startswith(after_row + "\t") or line.startswith(after_row + "  "):
            out += [*furniture(7), H1, H2] if "\t" in line else [*furniture(7), *spaces(H1 + "\n" + H2).split("\n")]
    return "\n".join(out)


VARIANTS = {
    "tabs": table_text(),
    "no_repeated_header": table_text(repeat_header=False),
    "wrapped_20": wrap(table_text()),
    "two_spaces": spaces(table_text()),
    "ideographic_space": spaces(table_text(), "\u3000"),
    "reordered_columns": reorder(table_text()),
    "reordered_and_wrapped": wrap(reorder(table_text()), 20),
    "spaces_and_wrapped": wrap(spaces(table_text()), 20),
    "crlf": table_text().replace("\n", "\r\n"),
    # page furniture ("— 3 —", "测试市人民政府公报", blank lines) inside the table
    **{f"paged_every_{k}": paged(table_text(), k) for k in (2, 3, 4, 5, 7)},
    "paged_between_header_and_rows": paged(table_text(), 2, first=4),
    "paged_no_repeated_header": paged(table_text(repeat_header=False), 3),
    "seam_then_header_block": seam_with_header(table_text(repeat_header=False), "2"),
    "seam_then_upper_header_row_only": table_text(repeat_header=False).replace(
        ROWS_P2[0], "\n".join([*furniture(6), H1, ROWS_P2[0]])),
    "seam_then_lower_header_row_only": table_text(repeat_header=False).replace(
        ROWS_P2[0], "\n".join([*furniture(6), H2, ROWS_P2[0]])),
    "lower_header_row_repeated_without_seam": table_text(repeat_header=False).replace(
        ROWS_P2[0], "\n".join([H2, ROWS_P2[0]])),
    "seam_then_header_block_spaces": spaces(seam_with_header(table_text(repeat_header=False), "5")),
    "wrapped_20_and_paged": paged(wrap(table_text()), 4),
    "wrapped_20_and_paged_5": paged(wrap(table_text()), 5),
    "paged_then_wrapped_20": wrap(paged(table_text(), 3)),
    "reordered_and_paged": paged(reorder(table_text()), 3),
    "reordered_wrapped_and_paged": paged(wrap(reorder(table_text())), 4),
    "spaces_and_paged": paged(spaces(table_text()), 3),
    "spaces_wrapped_and_paged": paged(wrap(spaces(table_text())), 4),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variants_give_the_same_facts(name: str) -> None:
    assert facts(run(VARIANTS[name])) == EXPECTED


def test_single_space_separated_cells() -> None:
    """One space between cells and inside cells: cells are recovered by content."""
    got = facts(run(spaces(table_text(), " ")))
    assert got == EXPECTED


def test_evidence_contains_linked_names_and_fill_reason() -> None:
    b = run(table_text())
    for e in b.edges.values():
        ev = strip_ws(e.prov.evidence)
        for ref in (e.src, e.dst):
            name = b.nodes[ref].props.get("name")
            if ref.label in ("Person", "CoalMine", "Enterprise"):
                assert str(name) in ev, (e.type, name, e.prov.evidence)
    rows = {(b.nodes[e.dst].props["name"], e.props["level"]): e for e in b.edges.values() if e.type == "SUPERVISES"}
    filled = rows[("测试戊己煤业有限公司", GOV)]
    assert filled.prov.line == 9  # the row's own line
    assert filled.prov.reason is not None and "row 1" in filled.prov.reason
    assert filled.prov.confidence == C
    assert str(rows[("测试庚辛煤业有限公司", EM)].prov.reason).startswith("职务 printed with an empty 姓名")


def test_edge_properties() -> None:
    b = run(table_text())
    e = next(e for e in b.edges.values() if e.type == "SUPERVISES" and b.nodes[e.src].props["name"] == "赵一"
             and b.nodes[e.dst].props["name"] == "测试戊己煤业有限公司")
    assert e.props == {"level": GOV, "position": "市委常委副市长", "district": "西城区", "gas_level": "低瓦斯",
                       "row": 3, "valid_from": "2020-11-05"}
    mine = b.nodes[e.dst]
    assert mine.props == {"name": "测试戊己煤业有限公司", "gas_level": "低瓦斯", "district": "西城区", "city": "测试市"}
    located = [e for e in b.edges.values() if e.type == "LOCATED_IN" and e.src == e.dst.__class__("CoalMine", mine.key)]
    assert [x.dst.key for x in located] == ["place:某某省/测试市/西城区"]


def test_holds_post_pairs_printed_in_the_table() -> None:
    b = run(table_text())
    pairs = {(b.nodes[e.src].props["name"], e.props["position"], e.props.get("agency"))
             for e in b.edges.values() if e.type == "HOLDS_POST"}
    assert pairs == {
        ("赵一", "市委常委副市长", "测试市人民政府"), ("钱二", "市应急管理局副局长", "市应急管理局"),
        ("孙三", "市应急管理局副局长", "市应急管理局"), ("李四", "副市长", "测试市人民政府"),
        ("周五", "市应急管理局副局长", "市应急管理局"), ("吴六", "市应急救援大队队长", "市应急救援大队"),
        ("郑七", "副市长", "测试市人民政府"), ("王八", "市应急管理局党委委员", "市应急管理局"),
    }


def test_city_and_names_swapped() -> None:
    text = table_text().replace("赵 一", "冯 九").replace("测试", "乙地")
    b = run(text, city="乙市")
    keys = {e.src.key for e in b.edges.values() if e.type == "SUPERVISES"}
    assert "person:乙市:冯九" in keys and not any("测试市" in k for k in keys)
    assert ("乙地戊己煤业有限公司", "冯九", GOV, C) in facts(b)


def test_post_without_any_name_supervises_from_post() -> None:
    rows1 = ["1\t测试甲煤业有限公司\t东城区\t低瓦斯\t赵一\t副市长\t\t市应急管理局副局长", *ROWS_P1[1:]]
    b = run(table_text(rows1=rows1))
    got = facts(b)
    assert ("测试甲煤业有限公司", None, EM, A) in got
    e = next(e for e in b.edges.values() if e.type == "SUPERVISES" and e.src.label == "Post")
    assert e.src.key == "post:测试市:市应急管理局副局长"


def test_split_header_cells_and_county_levels() -> None:
    h1 = "序号\t矿井\t所在行政\t矿井瓦斯\t县政府挂牌领导\t\t县应急管理局挂牌领导\t"
    h2 = "\t名称\t区域\t等级\t姓名\t职务\t姓名\t职务"
    rows = [
        "1\t测试甲煤业有限公司\t东川县\t低瓦斯\t陈 十\t副县长\t林一\t县应急管理局副局长",
        "2\t测试乙煤业有限公司\t\t\t\t\t\t",
    ]
    b = run("\n".join([h1, h2, *rows]) + "\n")
    assert facts(b) == {
        ("测试甲煤业有限公司", "陈十", "县政府", C), ("测试甲煤业有限公司", "林一", "县应急管理局", C),
        ("测试乙煤业有限公司", "陈十", "县政府", C), ("测试乙煤业有限公司", "林一", "县应急管理局", C),
    }
    agencies = {e.props.get("agency") for e in b.edges.values() if e.type == "HOLDS_POST"}
    assert agencies == {"东川县人民政府", "县应急管理局"}


def test_no_table_no_facts() -> None:
    text = "序号\t项目名称\t建设内容\n1\t道路工程\t新建道路\n"
    assert run(text).edges == {}


@pytest.mark.parametrize(
    ("mine", "owner"),
    [
        ("甲乙集团有限公司北山露天矿", "甲乙集团有限公司"),
        ("测试丙丁煤业有限公司", None),  # the mine is the company
        ("大华煤矿集团北岭煤电有限责任公司", "大华煤矿集团"),
        ("大华煤矿集团铁山煤业有限公司南坡煤矿", "大华煤矿集团铁山煤业有限公司"),
        ("某市焦煤矿有限责任公司一矿", "某市焦煤矿有限责任公司"),
        ("大华煤矿集团东峪煤矿", "大华煤矿集团"),
    ],
)
def test_mine_owner(mine: str, owner: str | None) -> None:
    assert mine_owner(mine) == owner


@pytest.mark.parametrize(
    ("post", "agency"),
    [("副市长", "测试市人民政府"), ("市委常委副市长", "测试市人民政府"), ("市应急管理局政治部主任", "市应急管理局"),
     ("市应急管理综合行政执法队队长", "市应急管理综合行政执法队"), ("副县长", "东川县人民政府")],
)
def test_post_agency(post: str, agency: str) -> None:
    assert post_agency(post, "测试市", "东川县") == agency


# ---------------------------------------------------------------- rows cut by a page seam
ROW4 = ROWS_P2[0]  # "4\t甲乙集团有限公司南山井工矿\t东城区\t\t李四\t副市长\t周五\t市应急管理局副局长"


def cut_row4(text: str, first: str, rest: str, header: bool = True) -> str:
    """Row 4 printed in two parts with a page seam (and maybe the header block) between them."""
    seam = [*furniture(5), H1, H2] if header else furniture(5)
    return text.replace(ROW4, "\n".join([first, *seam, rest]))


SEAM_CUTS = {
    # the rest of each cell on the next page, in the same column; a cell cut in two is joined
    "cells_cut_inside": ("4\t甲乙集团有限公司南山\t东城区\t\t李四\t副\t\t",
                         "\t井工矿\t\t\t\t市长\t周五\t市应急管理局副局长"),
    "leaders_on_next_page": ("4\t甲乙集团有限公司南山井工矿\t东城区\t\t\t\t\t",
                             "\t\t\t\t李四\t副市长\t周五\t市应急管理局副局长"),
    # every cell cut, the mine name before the words that make it look like a mine
    "every_cell_cut": ("4\t甲乙集团有\t东城\t\t李\t副市\t周\t市应急管理局",
                       "\t限公司南山井工矿\t区\t\t四\t长\t五\t副局长"),
    "only_last_cell_cut": ("4\t甲乙集团有限公司南山井工矿\t东城区\t\t李四\t副市长\t周五\t市应急管理局",
                           "副局长"),
}


@pytest.mark.parametrize("name", sorted(SEAM_CUTS))
@pytest.mark.parametrize("header", [True, False])
def test_row_cut_by_a_page_seam_is_one_row(name: str, header: bool) -> None:
    first, rest = SEAM_CUTS[name]
    text = cut_row4(table_text(repeat_header=False), first, rest, header)
    assert facts(run(text)) == EXPECTED


def test_row_cut_by_a_page_seam_spaces() -> None:
    """Space-separated: the cut may fall inside a cell ("南山" | "井工矿") or between cells."""
    base = spaces(table_text(repeat_header=False))
    row4 = spaces(ROW4)
    for first, rest in (("4  甲乙集团有限公司南山井工矿  东城区  李四", "副市长  周五  市应急管理局副局长"),
                        ("4  甲乙集团有限公司南山", "井工矿  东城区  李四  副市长  周五  市应急管理局副局长")):
        text = base.replace(row4, "\n".join([first, *furniture(5), *spaces(H1 + "\n" + H2).split("\n"), rest]))
        assert facts(run(text)) == EXPECTED, first


def test_furniture_is_not_a_row_and_evidence_has_none() -> None:
    b = run(paged(table_text(), 2))
    mines = {n.props["name"] for n in b.nodes.values() if n.key.startswith("mine:")}
    assert mines == {m for m, *_ in EXPECTED}
    for e in b.edges.values():
        assert "公报" not in e.prov.evidence and "—" not in e.prov.evidence, e.prov.evidence


def test_filled_row_after_a_seam_cites_its_source_row() -> None:
    """Fill-down crosses the page seam: row 3 (after the furniture) takes 赵一 from row 1."""
    text = table_text().replace(ROWS_P1[2], "\n".join([*furniture(4), ROWS_P1[2]]))
    b = run(text)
    e = next(e for e in b.edges.values() if e.type == "SUPERVISES" and b.nodes[e.dst].props["name"] == "测试戊己煤业有限公司"
             and e.props["level"] == GOV)
    assert b.nodes[e.src].props["name"] == "赵一" and e.prov.confidence == C
    assert e.prov.reason is not None and "row 1" in e.prov.reason
    assert e.prov.line == text.split("\n").index(ROWS_P1[2]) + 1


@pytest.mark.parametrize("paged_too", [False, True])
def test_wrap_cuts_right_before_the_first_tab(paged_too: bool) -> None:
    """Columns reordered (mine first) and a 20-character mine name wrapped at 20: the row's
    next line opens with the tab that ended the name; it is still one row."""
    long_name = "大华煤矿集团测试北岭东山煤电有限责任公司"
    assert len(long_name) == 20
    old = "大华煤矿集团北岭煤电有限责任公司"
    text = wrap(reorder(table_text().replace(old, long_name)))
    assert f"\n{long_name}\n\t" in text
    if paged_too:
        text = paged(text, 6)
    want = {(long_name if m == old else m, who, lvl, conf) for m, who, lvl, conf in EXPECTED}
    assert facts(run(text)) == want


def display_wrap(text: str, width: int = 20) -> str:
    """Hard wrap by display width: a half-width character (digit, space) takes half a column,
    a tab one; a closing mark that may not open a line stays at the end of the line above."""
    out: list[str] = []
    for line in text.split("\n"):
        cur, w = "", 0.0
        for ch in line:
            cw = 0.5 if ch < "\u1100" and ch != "\t" else 1.0
            if w + cw > width and cur and ch not in "，。；、）":
                out.append(cur)
                cur, w = "", 0.0
            cur += ch
            w += cw
        out.append(cur)
    return "\n".join(out)


@pytest.mark.parametrize("paged_too", [False, True])
def test_display_width_wrap(paged_too: bool) -> None:
    """A wrap that counts display width (digits half a column) and keeps closing marks:
    lines are 20 to 25 characters long, yet the rows are rebuilt."""
    intro = ("根据2020年12月31日第10次常务会议的决定，现将2021年度市级领导挂牌煤矿名单印发给你们，"
             "请各县（市、区）认真落实，确保2021年安全生产形势稳定。\n") * 3
    text = display_wrap(intro + table_text(repeat_header=False))
    assert any(len(x) > 20 for x in text.split("\n") if "\t" not in x)  # not a character-count wrap
    if paged_too:
        text = paged(text, 9).replace("测试市人民政府公报", "2020年第1期")
    assert facts(run(text)) == EXPECTED


def test_wrapped_row_cut_by_a_seam_with_the_header_repeated() -> None:
    """Wrapped at 20: row 4's first line is full (so it "continues"), but what follows the
    page seam is the repeated header block, then the rest of row 4."""
    lines = wrap(table_text(repeat_header=False)).split("\n")
    k = next(i for i, x in enumerate(lines) if x.startswith("4\t"))
    assert len(lines[k]) == 20
    header = wrap(H1 + "\n" + H2).split("\n")
    text = "\n".join([*lines[: k + 1], *furniture(8), *header, *lines[k + 1 :]])
    assert facts(run(text)) == EXPECTED


# ---------------------------------------------------------------- no 序号, 姓名（职务） cells, a county table
NOSEQ_CITY = "\n".join([
    "附件1", "", "测试市2021年度市级煤矿“挂牌”责任人名单", "",
    "矿井名称\t所在县（市、区）\t瓦斯等级\t市人民政府挂牌领导\t市应急局挂牌领导",
    "东城区甲镇一号煤矿\t东城区\t高瓦斯\t赵一（常务副市长）\t钱二（市应急局局长）",
    "东城区乙镇二号煤矿\t\t\t\t",
    "西城区丙镇三号煤矿\t西城区\t突出\t孙三（副市长）\t李四（市应急局副局长）",
    "南川县丁镇四号煤矿\t南川县\t\t\t",
    "", "附件2", "", "东城区2021年度低瓦斯煤矿县级“挂牌”责任人名单", "",
    "矿井名称\t县政府挂牌领导\t\t县应急管理局挂牌领导\t\t瓦斯等级",
    "\t姓名\t职务\t姓名\t职务\t",
    "东城区戊镇五号煤矿\t周五\t区委常委、常务副区长\t吴六\t区应急管理局局长\t低瓦斯",
    "东城区己镇六号煤矿\t\t\t郑七\t区应急管理局副局长\t",
    "东城区庚镇七号煤矿\t\t副区长\t\t\t",
    "东城区辛镇八号煤矿\t\t\t\t\t",
])
NOSEQ_EXPECTED = {
    ("东城区甲镇一号煤矿", "赵一", GOV, C), ("东城区甲镇一号煤矿", "钱二", EM, C),
    ("东城区乙镇二号煤矿", "赵一", GOV, C), ("东城区乙镇二号煤矿", "钱二", EM, C),
    ("西城区丙镇三号煤矿", "孙三", GOV, C), ("西城区丙镇三号煤矿", "李四", EM, C),
    # last row, a district new to the table: the merged cells run on (no next group to belong to)
    ("南川县丁镇四号煤矿", "孙三", GOV, C), ("南川县丁镇四号煤矿", "李四", EM, C),
    ("东城区戊镇五号煤矿", "周五", "县政府", C), ("东城区戊镇五号煤矿", "吴六", "县应急管理局", C),
    ("东城区己镇六号煤矿", "周五", "县政府", C), ("东城区己镇六号煤矿", "郑七", "县应急管理局", C),
    # 职务 printed without 姓名, and the row below that inherits the doubt
    ("东城区庚镇七号煤矿", "周五", "县政府", A), ("东城区庚镇七号煤矿", "郑七", "县应急管理局", C),
    ("东城区辛镇八号煤矿", "周五", "县政府", A), ("东城区辛镇八号煤矿", "郑七", "县应急管理局", C),
}


@pytest.mark.parametrize("variant", ["tabs", "wrapped_20", "other_city"])
def test_no_seq_column_bracketed_leaders_and_county_table(variant: str) -> None:
    text = {"tabs": NOSEQ_CITY, "wrapped_20": wrap(NOSEQ_CITY),
            "other_city": NOSEQ_CITY.replace("测试市", "某某市")}[variant]
    assert facts(run(text)) == NOSEQ_EXPECTED


def test_bracketed_leader_cell_gives_name_and_post() -> None:
    b = run(NOSEQ_CITY)
    got = {(b.nodes[e.dst].props["name"], b.nodes[e.src].props["name"], e.props["position"])
           for e in b.edges.values() if e.type == "SUPERVISES"}
    assert ("东城区乙镇二号煤矿", "赵一", "常务副市长") in got
    assert ("西城区丙镇三号煤矿", "李四", "市应急局副局长") in got
    assert ("东城区庚镇七号煤矿", "周五", "副区长") in got


# ---------------------------------------------------------------- space-flattened rows placed by content
FLAT = "\n".join([
    "附件", "", "测试市2022年度煤矿安全生产挂牌责任表", "",
    "序号　　煤矿名称　　　　所在县（市、区）　瓦斯等级　　市政府挂牌领导　　　　市应急管理局挂牌领导",
    "　　　　　　　　　　　　　　　　　　　　　　　　　　姓名　　职务　　　　姓名　　职务",
    "1   东城区甲镇一号煤矿有限公司    东城区    低瓦斯    赵一  副市长    钱二  市应急管理局局长",
    "2   东城区乙镇二号煤矿",
    "3   东城区丙镇三号煤矿    孙　三  副市长    李　四  市应急管理局副局长",
    "4   西城区丁镇四号煤矿    西城区    周五  市政府副秘书长",
    "5   西城区戊镇五号煤矿    孙三  副市长    吴六  市应急管理局副局长",
])
FLAT_EXPECTED = {
    ("东城区甲镇一号煤矿有限公司", "赵一", GOV, C), ("东城区甲镇一号煤矿有限公司", "钱二", EM, C),
    ("东城区乙镇二号煤矿", "赵一", GOV, C), ("东城区乙镇二号煤矿", "钱二", EM, C),
    # names spaced out with one ideographic space stay one cell
    ("东城区丙镇三号煤矿", "孙三", GOV, C), ("东城区丙镇三号煤矿", "李四", EM, C),
    # a lone name + post whose column can't be told (empty cells vanished): both readings
    # are possible, so both facts of the row are flagged; the post that names the city
    # government decides which reading is recorded
    ("西城区丁镇四号煤矿", "周五", GOV, A), ("西城区丁镇四号煤矿", "李四", EM, A),
    ("西城区戊镇五号煤矿", "孙三", GOV, C), ("西城区戊镇五号煤矿", "吴六", EM, C),
}


@pytest.mark.parametrize("variant", ["spaces", "wrapped_24", "other_city"])
def test_space_flattened_rows_placed_by_content(variant: str) -> None:
    text = {"spaces": FLAT, "wrapped_24": wrap(FLAT, 24), "other_city": FLAT.replace("测试市", "某某市")}[variant]
    assert facts(run(text)) == FLAT_EXPECTED


def test_unplaceable_flattened_row_says_why() -> None:
    b = run(FLAT)
    reasons = [e.prov.reason for e in b.edges.values()
               if e.type == "SUPERVISES" and b.nodes[e.dst].props["name"] == "西城区丁镇四号煤矿"]
    assert len(reasons) == 2 and all(r and "more than one column layout" in r for r in reasons)


def test_county_table_district_from_its_title() -> None:
    b = run(NOSEQ_CITY)
    got = {(b.nodes[e.dst].props["name"], e.props["district"]) for e in b.edges.values() if e.type == "SUPERVISES"}
    assert ("东城区戊镇五号煤矿", "东城区") in got and ("东城区辛镇八号煤矿", "东城区") in got
    assert ("南川县丁镇四号煤矿", "南川县") in got  # a printed 行政区域 column wins


def test_mine_only_row_after_a_seam_below_a_leaderless_row_is_ambiguous() -> None:
    rows1 = ["1\t测试甲煤业有限公司\t东城区\t低瓦斯\t赵一\t副市长\t钱二\t市应急管理局副局长",
             "2\t测试乙煤业有限公司\t西城区\t\t\t\t\t"]
    rows2 = ["3\t测试丙煤业有限公司\t\t\t\t\t\t",
             "4\t测试丁煤业有限公司\t北川县\t\t孙三\t副市长\t李四\t市应急管理局副局长"]
    b = run(table_text(rows1, rows2))
    got = facts(b)
    assert ("测试丙煤业有限公司", "赵一", GOV, A) in got and ("测试丙煤业有限公司", "钱二", EM, A) in got
    # a fresh district right after a printed leader, no seam: the merged cells run on
    assert ("测试乙煤业有限公司", "赵一", GOV, C) in got
    # without the page break the same rows are read by fill-down
    assert ("测试丙煤业有限公司", "赵一", GOV, C) in facts(run(table_text(rows1, rows2, repeat_header=False)))
