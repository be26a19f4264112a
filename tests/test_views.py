"""kg.visualisations: view model from query rows, and the self-contained HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from kg.visualisations import (
    LARGE_VIEW,
    chinese_term,
    render_html,
    view_from_answer,
    view_from_rows,
    view_from_triples,
)

AGENCY = {"_label": "Agency", "id": "a1", "name": "市应急管理局"}
AGENCY2 = {"_label": "Agency", "id": "a2", "name": "市公安局"}
TASK = {"_label": "Task", "id": "t1", "text": "开展煤矿安全大检查", "deadline": "2020年6月底"}
PERSON = {"_label": "Person", "id": "p1", "name": "李四"}
MINE = {"_label": "CoalMine", "id": "m1", "name": "红星煤矿", "gas_level": "低瓦斯"}
GROUP = {"_label": "Group", "id": "g1", "name": "安全生产领导小组"}


def rel(type_: str, id_: str, **props: object) -> dict[str, object]:
    base: dict[str, object] = {
        "_type": type_,
        "id": id_,
        "file": "data/gazettes/g1.txt",
        "line": 42,
        "evidence": "市应急管理局牵头，市公安局配合",
        "extractor": "tasks",
        "extractor_version": "1",
        "confidence": "certain",
    }
    base.update(props)
    return base


LEADS = rel("LEADS", "e1", as_printed="市应急管理局", ordinal=1)
SUPPORTS = rel("SUPPORTS", "e2", as_printed="市公安局", ordinal=2)
SUPERVISES = rel(
    "SUPERVISES", "e3", evidence="李四 红星煤矿", valid_from="2020-01-01", valid_to="2020-12-31", level="市级"
)
MEMBER = rel("MEMBER_OF", "e4", evidence="李四任组长", role="组长", confidence="ambiguous")


def by_type(view: Any, t: str) -> list[Any]:
    return [e for e in view.edges if e.type == t]


# ------------------------------------------------------------------ view model


def test_rows_as_lists_and_dicts() -> None:
    rows = [[AGENCY, LEADS, TASK], {"a": AGENCY2, "r": SUPPORTS, "t": TASK}]
    view = view_from_rows(rows)
    assert {n.id for n in view.nodes} == {"Agency:a1", "Agency:a2", "Task:t1"}
    assert [(e.src, e.dst, e.caption) for e in view.edges] == [
        ("Agency:a1", "Task:t1", "牵头"),
        ("Agency:a2", "Task:t1", "配合"),
    ]
    assert view.dropped_edges == 0


def test_nodes_and_edges_deduplicated() -> None:
    rows = [[AGENCY, LEADS, TASK]] * 3
    view = view_from_rows(rows)
    assert len(view.nodes) == 2 and len(view.edges) == 1


def test_path_values() -> None:
    path = {"nodes": [PERSON, GROUP], "rels": [MEMBER]}
    view = view_from_rows([[path]])
    assert [(e.src, e.dst, e.type) for e in view.edges] == [("Person:p1", "Group:g1", "MEMBER_OF")]
    assert view.edges[0].caption == "成员"
    assert view.edges[0].dashed  # ambiguous


def test_alternating_list_path() -> None:
    view = view_from_rows([[[AGENCY, LEADS, TASK, SUPPORTS, AGENCY2]]])
    pairs = {(e.src, e.dst) for e in view.edges}
    # SUPPORTS runs Agency -> Task in the ontology: the reversed row order is flipped
    assert pairs == {("Agency:a1", "Task:t1"), ("Agency:a2", "Task:t1")}


def test_direction_kept_when_ontology_allows_it() -> None:
    view = view_from_rows([[TASK, LEADS, AGENCY]])
    assert (view.edges[0].src, view.edges[0].dst) == ("Agency:a1", "Task:t1")


def test_relationship_without_endpoints_is_dropped() -> None:
    view = view_from_rows([[LEADS], [AGENCY, LEADS]])
    assert view.edges == []
    assert view.dropped_edges == 2
    assert [n.id for n in view.nodes] == ["Agency:a1"]


def test_explicit_triples() -> None:
    view = view_from_triples(
        [(PERSON, "SUPERVISES", MINE, SUPERVISES), ("市应急管理局", "LEADS", "安全检查")]
    )
    sup = by_type(view, "SUPERVISES")[0]
    assert sup.caption == "挂牌 2020-01-01–2020-12-31"
    named = by_type(view, "LEADS")[0]
    assert named.src.endswith("市应急管理局") and named.dst.endswith("安全检查")


def test_triple_rows_from_a_query() -> None:
    rows = [["市应急管理局", "LEADS", "安全检查"], {"src": AGENCY, "type": "RESPONSIBLE_FOR", "dst": TASK}]
    view = view_from_rows(rows)
    assert sorted(e.caption for e in view.edges) == ["牵头", "负责"]
    # plain scalar rows are not mistaken for triples
    assert view_from_rows([["a", "b", "c"]]).edges == []


def test_chinese_terms_from_ontology() -> None:
    assert chinese_term("LEADS") == "牵头"
    assert chinese_term("RESPONSIBLE_FOR") == "负责"
    assert chinese_term("SUPPORTS") == "配合"
    assert chinese_term("SUPERVISES") == "挂牌"
    assert chinese_term("MEMBER_OF") == "成员"
    assert chinese_term("PUBLISHED_IN") == "刊登于"
    assert chinese_term("ASSIGNS") == "挂牌依据"  # view-only context edge
    assert chinese_term("ISSUED_BY") == "印发"  # first of 印发/发布
    assert chinese_term("NOT_A_TYPE") == "NOT_A_TYPE"


def test_hover_shows_evidence_and_validity() -> None:
    view = view_from_rows([[PERSON, SUPERVISES, MINE]])
    title = view.edges[0].title
    assert "data/gazettes/g1.txt:42" in title
    assert "李四 红星煤矿" in title
    assert "2020-01-01–2020-12-31" in title
    assert "level: 市级" in title
    node = next(n for n in view.nodes if n.label == "CoalMine")
    assert "gas_level: 低瓦斯" in node.title


def test_since_until_validity() -> None:
    held = rel("HOLDS_POST", "e9", since="2019-03", position="局长")
    post = {"_label": "Post", "id": "po1", "name": "市应急管理局局长"}
    view = view_from_rows([[PERSON, held, post]])
    assert view.edges[0].caption == "任职 2019-03–…"


def test_colour_shape_and_legend() -> None:
    view = view_from_rows(
        [[AGENCY, LEADS, TASK], [PERSON, SUPERVISES, MINE], [{"_label": "Weird", "name": "x"}]]
    )
    colours = {n.label: (n.color, n.shape) for n in view.nodes}
    assert len({c for c, _ in colours.values()}) == len(colours)  # one colour per label
    legend = {(g.kind, g.name): g for g in view.legend}
    assert legend[("node", "Agency")].count == 1
    assert legend[("edge", "LEADS")].caption == "牵头 LEADS"
    assert ("node", "Weird") in legend


def test_small_views_use_physics_large_ones_a_python_layout() -> None:
    small = view_from_rows([[AGENCY, LEADS, TASK]])
    assert small.options["physics"]["enabled"] is True
    assert all(n.x is None for n in small.nodes)

    triples = []
    for i in range(LARGE_VIEW + 100):
        a = {"_label": "Agency", "id": f"a{i}", "name": f"单位{i}"}
        t = {"_label": "Task", "id": f"t{i // 3}", "text": f"任务{i // 3}"}
        triples.append((a, "LEADS", t, {"id": f"e{i}"}))
    big = view_from_triples(triples)
    assert big.large
    assert big.options["physics"]["enabled"] is False
    assert all(n.x is not None and n.y is not None for n in big.nodes)
    xy = {(n.x, n.y) for n in big.nodes}
    assert len(xy) > 0.95 * len(big.nodes)  # spread out, not stacked
    again = view_from_triples(triples)
    assert [(n.x, n.y) for n in again.nodes] == [(n.x, n.y) for n in big.nodes]  # deterministic


def test_to_json_is_plain() -> None:
    view = view_from_rows([[AGENCY, LEADS, TASK]])
    data = json.loads(json.dumps(view.to_json(), ensure_ascii=False))
    assert data["edges"][0]["caption"] == "牵头"


# ------------------------------------------------------------------ HTML

_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE
)


def test_html_is_self_contained(tmp_path: Path) -> None:
    view = view_from_rows([[AGENCY, LEADS, TASK], [PERSON, SUPERVISES, MINE]], title="测试视图")
    out = tmp_path / "v.html"
    page = render_html(view, out)
    assert out.read_text(encoding="utf-8") == page
    assert not _EXTERNAL.search(page)
    assert "@import" not in page
    assert "cdn." not in page and "cdnjs" not in page and "jsdelivr" not in page
    assert "vis.Network" in page and "vis-network" in page  # library inlined
    assert "@@KG_" not in page
    assert "牵头" in page and "挂牌" in page
    assert "<title>测试视图</title>" in page
    assert 'id="kg-header"><h1>' in page


def test_embed_page_has_no_chrome() -> None:
    view = view_from_rows([[AGENCY, LEADS, TASK]])
    page = render_html(view, embed=True)
    assert 'class="kg-embed"' in page
    assert 'id="kg-header"></div>' in page
    assert not _EXTERNAL.search(page)


def test_html_escapes_hostile_text() -> None:
    evil = {"_label": "Agency", "id": "x", "name": "</script><script>alert(1)</script>"}
    view = view_from_rows([[evil, LEADS, TASK]], title="<img src=x onerror=alert(1)>")
    page = render_html(view)
    assert "</script><script>alert(1)" not in page
    assert "<img src=x" not in page


def test_large_html_has_positions_and_no_physics() -> None:
    triples = [
        (
            {"_label": "Person", "id": f"p{i}", "name": f"人{i}"},
            "HOLDS_POST",
            {"_label": "Post", "id": f"q{i % 50}"},
        )
        for i in range(LARGE_VIEW + 10)
    ]
    page = render_html(view_from_triples(triples))
    assert '"physics": {"enabled": false}' in page
    assert '"x": ' in page


def test_chain_view_draws_its_context() -> None:
    from kg.questions import Answer

    answer = Answer(
        "chain",
        ["mine", "level", "leader"],
        [{"mine": "甲矿", "level": "市政府", "leader": "张三", "holder_on_date": "张三", "position": "副市长",
          "evidence": "a.txt:3 张三 副市长"}],
        [],
        [({"_label": "CoalMine", "name": "甲矿"}, "LOCATED_IN", {"_label": "Place", "name": "某县"}, {}),
         ({"_label": "Document", "name": "测〔2020〕1号"}, "ASSIGNS", {"_label": "CoalMine", "name": "甲矿"}, {})],
    )
    view = view_from_answer(answer, {"mine": "甲矿"})
    labels = sorted(n.label for n in view.nodes)
    assert labels == ["CoalMine", "Document", "Person", "Place"]
    assert sorted(e.type for e in view.edges) == ["ASSIGNS", "LOCATED_IN", "SUPERVISES"]
