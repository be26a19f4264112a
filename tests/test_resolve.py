"""Golden tests for alias and identity resolution (kg.resolve)."""

from __future__ import annotations

import pytest

from kg.keys import agency_key, post_key
from kg.model import GraphBatch, NodeRef, Provenance, SourceFile
from kg.resolve import comparison_form, resolve

SRC = SourceFile.from_text("（一）开展排查。（市应急局牵头，市应急管理局配合）\n第二行\n第三行\n", "/d/测试-2020-01.txt")


def prov(line: int = 1, start: int = 0) -> Provenance:
    t = SRC.line_text(line)
    return Provenance.from_span(t.span(start, start + 2), doc_number="测政办发〔2020〕9号", extractor="t", version="1")


def agency(b: GraphBatch, city: str, name: str) -> NodeRef:
    return b.add_node("Agency", agency_key(city, name), name=name, city=city)


@pytest.mark.parametrize(
    ("forms", "canonical"),
    [
        (["市应急局", "市应急管理局"], "市应急管理局"),
        (["市应急局", "测试市应急管理局"], "市应急管理局"),
        (["测试市应急管理局"], "市应急管理局"),  # the city's name is implied by the key
        (["市应急管理局", "测试市应急管理局"], "市应急管理局"),
        (["市政府", "测试市人民政府"], "市人民政府"),
        (["市发改委", "市发展和改革委员会", "市发展改革委"], "市发展和改革委员会"),
        (["市卫健委", "市卫生健康委"], "市卫生健康委"),
        (["市住建局", "市住房和城乡建设局"], "市住房和城乡建设局"),
        (["市市场监管局", "市市场监督管理局"], "市市场监督管理局"),
        (["市工信局", "市工业和信息化局"], "市工业和信息化局"),
        (["市人社局", "市人力资源和社会保障局"], "市人力资源和社会保障局"),
        (["市自然资源局", "市规划和自然资源局"], "市规划和自然资源局"),
        (["市交通局", "市交通运输局"], "市交通运输局"),
        (["县应急局", "县应急管理局"], "县应急管理局"),
    ],
)
def test_aliases_merge_into_one_agency(forms: list[str], canonical: str) -> None:
    b = GraphBatch()
    task = b.add_node("Task", "task:1", text="开展排查")
    for i, f in enumerate(forms):
        b.add_edge("LEADS", agency(b, "测试市", f), task, prov(1, i), as_printed=f)
    out = resolve(b)
    agencies = [n for r, n in out.nodes.items() if r.label == "Agency"]
    assert len(agencies) == 1
    node = agencies[0]
    assert node.key == agency_key("测试市", comparison_form(canonical, "测试市"))
    assert node.props["name"] == canonical
    assert node.props["name"] == canonical
    assert sorted(node.props["aliases"]) == sorted(forms)
    # every edge re-pointed, as_printed kept
    printed = sorted(e.props["as_printed"] for e in out.edges.values())
    assert printed == sorted(forms)
    assert all(e.src.key == node.key for e in out.edges.values())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市应急管理局", "市财政局"),
        ("市发改委", "市发展和改革研究中心"),
        ("市规划和自然资源局", "市生态环境局"),
        ("市卫健委", "市卫生健康委员会办公室"),
    ],
)
def test_different_units_stay_apart(a: str, b: str) -> None:
    g = GraphBatch()
    agency(g, "测试市", a)
    agency(g, "测试市", b)
    out = resolve(g)
    assert len([r for r in out.nodes if r.label == "Agency"]) == 2


def test_same_abbreviation_in_two_cities_stays_two_units() -> None:
    b = GraphBatch()
    t = b.add_node("Task", "task:1")
    b.add_edge("LEADS", agency(b, "甲市", "市应急局"), t, prov(1, 0), as_printed="市应急局")
    b.add_edge("LEADS", agency(b, "乙市", "市应急管理局"), t, prov(1, 2), as_printed="市应急管理局")
    out = resolve(b)
    keys = sorted(r.key for r in out.nodes if r.label == "Agency")
    assert keys == [agency_key("乙市", "市应急局"), agency_key("甲市", "市应急局")]


def test_identical_facts_merge_after_repointing() -> None:
    b = GraphBatch()
    t = b.add_node("Task", "task:1")
    p = prov(1, 0)
    b.add_edge("LEADS", agency(b, "测试市", "市应急局"), t, p)
    b.add_edge("LEADS", agency(b, "测试市", "市应急管理局"), t, p)
    assert len(b.edges) == 2
    out = resolve(b)
    assert len(out.edges) == 1
    e = next(iter(out.edges.values()))
    assert e.key in out.edges and e.src.key == agency_key("测试市", "市应急局")
    assert out.nodes[e.src].props["name"] == "市应急管理局"


def test_posts_with_aliased_agency_merge_position_kept() -> None:
    b = GraphBatch()
    g = b.add_node("Group", "group:指挥部@doc")
    for i, post in enumerate(["市应急局局长", "市应急管理局局长", "测试市应急管理局局长"]):
        ref = b.add_node("Post", post_key("测试市", post), name=post, city="测试市")
        b.add_edge("MEMBER_OF", ref, g, prov(2, i), role="成员", position=post)
    other = b.add_node("Post", post_key("测试市", "市应急管理局副局长"), name="市应急管理局副局长", city="测试市")
    b.add_edge("MEMBER_OF", other, g, prov(3, 0), role="成员", position="市应急管理局副局长")
    out = resolve(b)
    posts = sorted(r.key for r in out.nodes if r.label == "Post")
    assert posts == [post_key("测试市", "市应急局副局长"), post_key("测试市", "市应急局局长")]
    assert sorted(out.nodes[r].props["name"] for r in out.nodes if r.label == "Post") == [
        "市应急管理局副局长", "市应急管理局局长"]
    positions = sorted(e.props["position"] for e in out.edges.values())
    assert positions == ["市应急局局长", "市应急管理局副局长", "市应急管理局局长", "测试市应急管理局局长"]


def test_nothing_to_merge_returns_batch_unchanged() -> None:
    b = GraphBatch()
    t = b.add_node("Task", "task:1")
    b.add_edge("LEADS", agency(b, "测试市", "市财政局"), t, prov())
    out = resolve(b)
    assert out.nodes == b.nodes and out.edges.keys() == b.edges.keys()


@pytest.mark.parametrize(
    ("name", "form"),
    [("测试市应急管理局", "市应急局"), ("市发展和改革委员会", "市发改委"), ("测试市人民政府", "市政府"),
     ("市城市管理局", "市城管局"), ("测试市", "测试市")],
)
def test_comparison_form(name: str, form: str) -> None:
    assert comparison_form(name, "测试市") == form
