"""The bundled corpus in both stores: same counts, idempotent re-load, and every
named question answers identically on the embedded store and on Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import pipeline
from kg.model import GraphBatch
from kg.questions import chain, duties, lineage, person, who
from kg.stores import open_store
from kg.stores.base import GraphStore
from tests.conftest import DATA, _neo4j_uri


@pytest.fixture(scope="module")
def corpus_batch() -> GraphBatch:
    return pipeline.run([DATA]).batch


@pytest.fixture(scope="module")
def stores(corpus_batch: GraphBatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, GraphStore]]:
    uri = _neo4j_uri()
    if uri is None:
        pytest.skip("no Neo4j (make install fetches it; .ci/run starts it)")
    emb = open_store("embedded://" + str(Path(tmp_path_factory.mktemp("emb")) / "g"))
    neo = open_store(uri)
    emb.load(corpus_batch, replace=True)
    neo.load(corpus_batch, replace=True)
    yield emb, neo
    neo.clear()
    emb.close()
    neo.close()


def test_same_counts_and_idempotent(stores: tuple[GraphStore, GraphStore], corpus_batch: GraphBatch) -> None:
    emb, neo = stores
    counts = emb.counts()
    assert counts == neo.counts()
    assert counts == corpus_batch.counts()
    neo.load(corpus_batch)
    emb.load(corpus_batch)
    assert neo.counts() == counts == emb.counts()


def _pick(store: GraphStore, cypher: str) -> str:
    rows = store.query(cypher).rows
    assert rows, cypher
    return str(rows[0][0])


def test_named_questions_identical(stores: tuple[GraphStore, GraphStore]) -> None:
    emb, neo = stores
    mine = _pick(emb, "MATCH (p:Person)-[:SUPERVISES]->(m:CoalMine) RETURN m.name AS n ORDER BY n LIMIT 1")
    doc = _pick(emb, "MATCH (d:Document)-[:REPEALS]->(x:Document) RETURN d.doc_number AS n ORDER BY n LIMIT 1")
    agency = _pick(emb, "MATCH (a:Agency)-[:LEADS]->(t:Task) RETURN a.name AS n ORDER BY n LIMIT 1")
    name = _pick(emb, "MATCH (p:Person)-[:MEMBER_OF]->(g:Group) RETURN p.name AS n ORDER BY n LIMIT 1")
    text = _pick(emb, "MATCH (a:Agency)-[:LEADS]->(t:Task) RETURN t.text AS n ORDER BY n LIMIT 1")[:4]
    for q, args in ((chain, (mine,)), (lineage, (doc,)), (duties, (agency,)), (person, (name,)), (who, (text,))):
        a, b = q(emb, *args), q(neo, *args)
        assert a.rows, (q.__name__, args)
        assert a.as_dict() == b.as_dict(), q.__name__
    on = chain(emb, mine, on="2021-01-01")
    assert on.as_dict() == chain(neo, mine, on="2021-01-01").as_dict()
