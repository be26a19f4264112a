"""Idempotent merges on every store: a fact's identity comes from the file's content,
not its path, encoding or the order of builds (kg.identity).

Build A; build A again; build A re-encoded (GB18030, another name and folder); build
A+B in one go against B then A: the same counts and the same graph, property for
property. A and B are two real issues of one city, so they share agencies printed in
different forms (alias resolution must not depend on what else is in the build).
"""

from __future__ import annotations

import shutil
from functools import cache
from typing import Any

import pytest

from kg import pipeline
from kg.model import GraphBatch
from kg.questions import chain, duties
from kg.schema import load_schema
from kg.stores import open_store
from kg.stores.base import GraphStore
from tests.conftest import DATA

A = DATA / "shuozhou-2022-06.txt"
B = DATA / "shuozhou-2020-04.txt"


@cache
def _batch(*paths: str) -> GraphBatch:
    return pipeline.run(list(paths)).batch


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A copied to another folder, and A re-encoded as GB18030 under another name."""
    d = tmp_path_factory.mktemp("zz-copies")
    same = d / A.name
    shutil.copyfile(A, same)
    gb = d / "zz-reencoded.txt"
    gb.write_bytes(A.read_text(encoding="utf-8").encode("gb18030"))
    return str(same), str(gb)


def dump(store: GraphStore) -> dict[str, Any]:
    """Every node and relationship with all its properties, sorted."""
    schema = load_schema()
    out: dict[str, Any] = {}
    for label in schema.labels:
        rows = store.query(f"MATCH (n:`{label}`) RETURN n").rows
        out[label] = sorted((sorted(_plain(r[0]).items()) for r in rows), key=repr)
    for rel in schema.rels:
        rows = store.query(f"MATCH (a)-[r:`{rel}`]->(b) RETURN a.id, b.id, r").rows
        out[rel] = sorted(((a, b, sorted(_plain(r).items())) for a, b, r in rows), key=repr)
    return out


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (sorted(v) if k == "aliases" else v) for k, v in d.items() if v is not None}


def _answers(store: GraphStore) -> list[Any]:
    return [chain(store, "安家岭").rows if _has_mine(store) else [], duties(store, "市应急局").rows]


def _has_mine(store: GraphStore) -> bool:
    return bool(store.query("MATCH (m:CoalMine) WHERE m.name CONTAINS '安家岭' RETURN m.id LIMIT 1").rows)


def _build(uri: str, *steps: tuple[str, ...], replace_first: bool = True) -> tuple[dict[str, int], dict[str, Any]]:
    st = open_store(uri)
    try:
        for i, paths in enumerate(steps):
            st.load(_batch(*paths), replace=replace_first and i == 0)
        return st.counts(), dump(st)
    finally:
        st.close()


def test_reingest_same_copy_and_reencoded_change_nothing(store_uri: str, copies: tuple[str, str]) -> None:
    same, gb = copies
    counts, graph = _build(store_uri, (str(A),))
    st = open_store(store_uri, read_only=True)
    answers = _answers(st)
    st.close()
    assert counts["Gazette"] == 1
    for again in ((str(A),), (same,), (gb,), (same, gb)):
        c, g = _build(store_uri, again, replace_first=False)
        assert c == counts, again
        assert g == graph, again
    st = open_store(store_uri, read_only=True)
    assert _answers(st) == answers
    st.close()


def test_a_plus_b_is_b_then_a_is_a_then_b(store_uri: str) -> None:
    together = _build(store_uri, (str(A), str(B)))
    b_then_a = _build(store_uri, (str(B),), (str(A),))
    a_then_b = _build(store_uri, (str(A),), (str(B),))
    assert together[0] == b_then_a[0] == a_then_b[0]
    assert together[1] == b_then_a[1] == a_then_b[1]
    # and building A again on top of A+B changes nothing (the case that split agencies)
    again = _build(store_uri, (str(A), str(B)), (str(A),))
    assert again == together


def test_alias_resolution_does_not_depend_on_the_build() -> None:
    """Every agency of A keeps its key whether A is resolved alone or with B."""
    alone = {r.key for r in _batch(str(A)).nodes if r.label in ("Agency", "Post")}
    both = {r.key for r in _batch(str(A), str(B)).nodes if r.label in ("Agency", "Post")}
    assert alone <= both
    only_b = {r.key for r in _batch(str(B)).nodes if r.label in ("Agency", "Post")}
    assert both == alone | only_b


def test_gazette_identity_is_its_content(copies: tuple[str, str]) -> None:
    same, gb = copies
    keys = [sorted(r.key for r in _batch(p).nodes if r.label == "Gazette") for p in (str(A), same, gb)]
    assert keys[0] == keys[1] == keys[2] and len(keys[0]) == 1
    edges = [set(_batch(p).edges) for p in (str(A), same, gb)]
    assert edges[0] == edges[1] == edges[2]


# ---- the merge rule itself (kg.identity.merge_props) ---------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as hs  # noqa: E402

from kg.identity import merge_props  # noqa: E402

_text = hs.text("甲乙丙ab", max_size=4)
_props = hs.fixed_dictionaries({}, optional={  # typed as the ontology types them
    "name": _text, "title": _text, "kind": _text, "line": hs.integers(-5, 5), "in_corpus": hs.booleans(),
    "aliases": hs.lists(hs.text("甲乙", max_size=2), max_size=3), "recipients": hs.lists(_text, max_size=3)})


@settings(max_examples=300, deadline=None)
@given(_props, _props, _props, hs.sampled_from(["Agency", "Post", "Document", "Gazette"]))
def test_merge_is_commutative_associative_idempotent(a: dict, b: dict, c: dict, label: str) -> None:
    m = lambda x, y: merge_props(label, x, y)  # noqa: E731
    assert m(a, a) == a
    if label != "Gazette":  # a gazette's name is path-like: the one held first stays
        assert m(a, b) == m(b, a)
    assert m(m(a, b), c) == m(a, m(b, c))
    assert m(m(a, b), b) == m(a, b)


def test_merge_rules_by_example() -> None:
    cited = {"id": "doc:X", "name": "doc:X", "doc_number": "X"}
    printed = {"id": "doc:X", "name": "关于印发某方案的通知", "doc_number": "X", "in_corpus": True, "line": 9}
    assert merge_props("Document", cited, printed)["name"] == "关于印发某方案的通知"
    assert merge_props("Document", printed, cited) == merge_props("Document", cited, printed)
    a = {"name": "市应急局", "aliases": ["市应急局"]}
    b = {"name": "市应急管理局", "aliases": ["市应急管理局", "朔州市应急管理局"]}
    assert merge_props("Agency", a, b) == {"name": "市应急管理局", "aliases": ["市应急局", "市应急管理局", "朔州市应急管理局"]}
    p = merge_props("Post", {"name": "市应急局局长", "aliases": []}, {"name": "市应急管理局局长"})
    assert p == {"name": "市应急管理局局长", "aliases": ["市应急局局长"]}
    # no aliases on either side (the ontology may not keep them): none invented
    assert merge_props("Post", {"name": "市应急局局长"}, {"name": "市应急管理局局长"}) == {"name": "市应急管理局局长"}
    # a path keeps the value held first: a copy read later does not move the fact
    assert merge_props("LEADS", {"file": "/b/a.txt"}, {"file": "/a/a.txt"})["file"] == "/b/a.txt"
