"""Golden tests for the places extractor (省 -> 市 -> 县/区 -> 乡镇)."""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.places import extract_places

from kg.model import Document, Gazette, GraphBatch, SourceFile
from kg.normalize import strip_ws


def run(text: str, city: str = "甲州市", province: str | None = "某省") -> GraphBatch:
    src = SourceFile.from_text(text, "snippet.txt")
    gz = Gazette(src, src.name, city, province, 2020, 1, 1, None)
    doc = Document(src, gz.id, "通知", "甲政办发〔2020〕1号", None, "2020-01-01", "notice", None, 1,
                   max(src.line_count, 1), city=city)
    gz.documents.append(doc)
    return extract_places(doc, ExtractContext(gz))


def part_of(b: GraphBatch) -> set[tuple[str, str, str]]:
    return {(b.nodes[e.src].props["name"], b.nodes[e.dst].props["name"], b.nodes[e.src].props["level"])
            for e in b.edges.values() if e.type == "PART_OF"}


CITY = ("甲州市", "某省", "市")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of county-level names
        ("甲州市人民政府\n各县（市、区）：东城区、西山县、北川市等地要做好工作。\n",
         {CITY, ("东城区", "甲州市", "县"), ("西山县", "甲州市", "县"), ("北川市", "甲州市", "县")}),
        # a lead word before the first item is cut off
        ("甲州市人民政府\n对东城区、西山县等地开展检查。\n", {CITY, ("东城区", "甲州市", "县"), ("西山县", "甲州市", "县")}),
        # the first item glued to running text is dropped (where it starts is a guess)
        ("甲州市人民政府\n要做好东城区、西山县、北川市等地的工作。\n",
         {CITY, ("西山县", "甲州市", "县"), ("北川市", "甲州市", "县")}),
        # 各县（市、区） alone names no place
        ("甲州市人民政府\n各县（市、区）人民政府：\n", {CITY}),
        # a list of cities is not a list of counties
        ("甲州市人民政府\n与乙州市、丙州市开展合作。\n", {CITY}),
        # the last item runs on into a longer name (a development zone): dropped, list too short
        ("甲州市人民政府\n包括东城区经济开发区、西山县经济开发区。\n", {CITY}),
        # a name right after the city, and a township after a known county
        ("甲州市人民政府\n甲州市东城区南关镇人民政府\n", {CITY, ("东城区", "甲州市", "县"), ("南关镇", "东城区", "乡镇")}),
        # a per-county heading
        ("甲州市人民政府\n一、西山县（4 座）\n", {CITY, ("西山县", "甲州市", "县")}),
        # places of another city are not put under this one
        ("甲州市人民政府\n乙州市东城区的经验。\n", {CITY}),
    ],
)
def test_places(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert part_of(run(text)) == expected


def test_table_district_cells_and_keys() -> None:
    text = ("序号\t矿井名称\t所在行政区域\t矿井瓦斯等级\t市政府挂牌煤矿领导\t\n"
            "\t\t\t\t姓名\t职务\n"
            "1\t测试甲煤业有限公司\t南山区\t低瓦斯\t赵一\t副市长\n")
    b = run(text)
    assert ("南山区", "甲州市", "县") in part_of(b)
    keys = {r.key for r in b.nodes if r.label == "Place"}
    assert "place:某省/甲州市/南山区" in keys and "place:某省" in keys
    for e in b.edges.values():
        assert strip_ws(str(b.nodes[e.src].props["name"])) in strip_ws(e.prov.evidence)


def test_city_swapped_and_no_province() -> None:
    b = run("乙州市人民政府\n各县区：东城区、西山县。\n", city="乙州市", province=None)
    assert part_of(b) == {("东城区", "乙州市", "县"), ("西山县", "乙州市", "县")}
    assert "place:乙州市/东城区" in {r.key for r in b.nodes}


def test_page_furniture_names_no_place() -> None:
    """A running title of a county gazette and page numbers are not text: no place, no evidence."""
    text = ("甲州市东城区人民政府公报\n\n— 3 —\n\n各县（市、区）：西山县、北川市要做好工作。\n\n— 4 —\n\n"
            "甲州市东城区人民政府公报\n\n甲州市人民政府\n")
    b = run(text)
    assert part_of(b) == {CITY, ("西山县", "甲州市", "县"), ("北川市", "甲州市", "县")}
    for e in b.edges.values():
        assert "公报" not in e.prov.evidence
    city_edge = next(e for e in b.edges.values() if b.nodes[e.src].props["name"] == "甲州市")
    assert city_edge.prov.line == 11  # "甲州市人民政府", not the running title on line 1


def test_wrapped_list_and_paged_table() -> None:
    """A list cut by a 20-character wrap and a district cell after a page seam are still read."""
    para = "为做好全市安全生产工作，现通知如下，对东城区、西山县、北川市等地开展检查，确保各项措施落实到位。"
    wrapped = "\n".join(para[i : i + 20] for i in range(0, len(para), 20))
    table = ("序号\t矿井名称\t所在行政区域\t矿井瓦斯等级\t市政府挂牌煤矿领导\t\n\t\t\t\t姓名\t职务\n"
             "1\t测试甲煤业有限公司\t南山区\t低瓦斯\t赵一\t副市长\n\n— 5 —\n\n甲州市人民政府公报\n\n"
             "2\t测试乙煤业有限公司\t北岭县\t\t\t\n")
    b = run("甲州市人民政府\n" + wrapped + "\n" + "\n".join("第二段文字内容较长需要折行处理第二段文字"[:20] for _ in range(5))
            + "\n\n" + table)
    got = part_of(b)
    assert {("东城区", "甲州市", "县"), ("西山县", "甲州市", "县"), ("北川市", "甲州市", "县"),
            ("南山区", "甲州市", "县"), ("北岭县", "甲州市", "县")} <= got
