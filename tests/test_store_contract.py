"""The store contract: every backend must pass these, with identical answers."""

from __future__ import annotations

import pytest

from kg.errors import KgError, ValidationError, WriteQueryRefusedError
from kg.facts import FACT_FILES, facts_for_file
from kg.model import GraphBatch, NodeRef, Provenance
from kg.stores import open_store
from tests.conftest import sample_batch

EXPECTED_COUNTS = {
    "Agency": 3, "CoalMine": 1, "Document": 2, "Gazette": 1, "Group": 1, "Person": 1, "Post": 1, "Task": 1,
    "HAS_TASK": 1, "HOLDS_POST": 1, "ISSUED_BY": 1, "LEADS": 1, "MEMBER_OF": 1, "PUBLISHED_IN": 1,
    "REPEALS": 1, "SET_UP_BY": 1, "SUPERVISES": 1, "SUPPORTS": 1,
}


def test_load_counts_and_idempotence(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        assert st.counts() == EXPECTED_COUNTS
        st.load(sample_batch())
        assert st.counts() == EXPECTED_COUNTS
    finally:
        st.close()


def test_merge_then_replace(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch("甲市"))
        st.load(sample_batch("乙市"))
        merged = st.counts()
        assert merged["Agency"] == 6 and merged["Person"] == 2
        st.load(sample_batch("乙市"), replace=True)
        assert st.counts() == EXPECTED_COUNTS
    finally:
        st.close()


def test_failed_load_keeps_previous_graph(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        bad = sample_batch("丙市")
        p = next(iter(bad.edges.values())).prov
        bad.add_edge("LEADS", NodeRef("Agency", "agency:丙市:nowhere"), NodeRef("Task", "task:1"), p)
        with pytest.raises(ValidationError):
            st.load(bad)
        assert st.counts() == EXPECTED_COUNTS
    finally:
        st.close()


def test_off_ontology_label_is_refused(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        b = GraphBatch()
        b.add_node("Spaceship", "x")
        with pytest.raises(ValidationError):
            st.load(b)
        assert st.counts() == {}
    finally:
        st.close()


def test_query_returns_plain_values(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        res = st.query(
            "MATCH (a:Agency)-[r:LEADS]->(t:Task) RETURN a, r.as_printed AS printed, r.line AS line, t.text AS text"
        )
        assert res.columns == ["a", "printed", "line", "text"]
        (row,) = res.rows
        assert row[0] == {"_label": "Agency", "id": "agency:测试市:市应急管理局", "name": "市应急管理局",
                          "city": "测试市", "aliases": ["市应急局"]}
        assert row[1:] == ["市应急局", 3, "开展隐患排查。"]
        res = st.query("MATCH (p:Person)-[r:MEMBER_OF]->(g:Group) RETURN r")
        rel = res.rows[0][0]
        assert rel["_type"] == "MEMBER_OF" and rel["role"] == "组长" and rel["evidence"] == "张 韬 副市长"
        assert rel["line"] == 4 and rel["col"] == 4 and rel["extractor"] == "groups"
    finally:
        st.close()


def test_parameters(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        res = st.query("MATCH (d:Document) WHERE d.doc_number = $n RETURN d.date AS date", {"n": "测政办发〔2020〕9号"})
        assert res.records() == [{"date": "2020-03-01"}]
    finally:
        st.close()


def test_read_only_store_refuses_writes(store_uri: str) -> None:
    st = open_store(store_uri)
    st.load(sample_batch())
    st.close()
    ro = open_store(store_uri, read_only=True)
    try:
        with pytest.raises(KgError) as exc:
            ro.query("CREATE (n:Place {id: 'p', name: 'x'})")
        assert isinstance(exc.value, WriteQueryRefusedError)
        with pytest.raises(WriteQueryRefusedError):
            ro.load(sample_batch())
    finally:
        ro.close()
    st = open_store(store_uri)
    try:
        assert st.counts() == EXPECTED_COUNTS
    finally:
        st.close()


def test_fact_queries_run(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        facts = facts_for_file(st, "/data/测试市-2020-01.txt")
        assert set(facts) == set(FACT_FILES)
        assert facts["citations"] == [
            {"from": "测政办发〔2020〕9号", "to": "测政办发〔2019〕11号", "relation": "repeals", "line": 5}
        ]
        assert facts["task_responsibilities"] == [
            {"doc": "测政办发〔2020〕9号", "task": "开展隐患排查。", "lead": ["市应急局"], "responsible": [],
             "support": ["市财政局"], "deadline": None, "line": 3}
        ]
        assert facts["leading_groups"][0]["person"] == "张韬"
        assert facts["mine_supervision"][0]["leader"] == "张韬"
        assert facts["people_posts"] == [{"person": "张韬", "position": "副市长", "agency": None, "line": 4}]
    finally:
        st.close()


def test_provenance_on_every_relationship(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        from kg.schema import load_schema

        for rel in load_schema().rels:
            res = st.query(f"MATCH ()-[r:{rel}]->() RETURN r.file AS f, r.line AS l, r.evidence AS e, r.extractor AS x")
            for f, line, ev, ex in res.rows:
                assert f and line and ev and ex, rel
    finally:
        st.close()


def test_provenance_dataclass_round_trip() -> None:
    p = Provenance("f.txt", None, 1, 0, 0, 2, "ab", "x", "1")
    assert p.as_props()["evidence"] == "ab"


def test_paths_come_back_as_nodes_and_rels(store_uri: str) -> None:
    st = open_store(store_uri)
    try:
        st.load(sample_batch())
        (row,) = st.query("MATCH p = (a:Agency)-[:LEADS]->(t:Task) RETURN p").rows
        path = row[0]
        assert [n["_label"] for n in path["nodes"]] == ["Agency", "Task"]
        assert [r["_type"] for r in path["rels"]] == ["LEADS"]
        assert path["rels"][0]["as_printed"] == "市应急局"
    finally:
        st.close()
