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
    out = []
    for line in text.split("\n"):
        out.extend([line[i : i + width] for i in range(0, len(line), width)] or [""])
    return "\n".join(out)


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
