"""The ontology is the single source: Python constants, store schema and RDF export agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import vocab
from kg.rdf import serialize, to_rdf, validate
from kg.schema import PROVENANCE_PROPS, load_schema
from kg.stores import open_store
from tests.conftest import sample_batch

REQUIRED_LABELS = {"Gazette", "Document", "Agency", "Person", "Post", "Group", "Task", "Plan", "Place",
                   "CoalMine", "Enterprise", "Event"}
REQUIRED_RELS = {"PUBLISHED_IN", "ISSUED_BY", "ADDRESSED_TO", "CITES", "REPEALS", "ATTACHES", "HAS_TASK", "LEADS",
                 "RESPONSIBLE_FOR", "SUPPORTS", "MEMBER_OF", "HOLDS_POST", "POST_OF", "APPOINTED_TO", "REMOVED_FROM",
                 "SET_UP_BY", "SUPERVISES", "LOCATED_IN", "PART_OF", "OWNED_BY"}


def test_vocab_matches_ontology() -> None:
    s = load_schema()
    assert vocab.labels() == sorted(s.labels)
    assert vocab.rel_types() == sorted(s.rels)
    assert set(s.labels) >= REQUIRED_LABELS
    assert set(s.rels) >= REQUIRED_RELS


def test_every_relationship_carries_provenance_props() -> None:
    for rel in load_schema().rels.values():
        assert set(PROVENANCE_PROPS) <= set(rel.props), rel.name


def test_relationship_specific_props() -> None:
    s = load_schema()
    assert {"role", "position"} <= set(s.rels["MEMBER_OF"].props)
    assert {"since", "until"} <= set(s.rels["HOLDS_POST"].props)
    assert {"level", "valid_from", "valid_to"} <= set(s.rels["SUPERVISES"].props)
    assert "date" in s.rels["APPOINTED_TO"].props


@pytest.fixture
def sample_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = open_store("embedded://" + str(tmp_path / "g"))
    st.load(sample_batch())
    yield st
    st.close()


def test_rdf_export_conforms_to_shapes(sample_store) -> None:  # type: ignore[no-untyped-def]
    g = to_rdf(sample_store)
    ok, report = validate(g)
    assert ok, report
    ttl = serialize(g, "turtle")
    assert "kg:Assertion" in ttl and 'kg:p_evidence "市应急局牵头"' in ttl
    jsonld = serialize(g, "json-ld")
    assert '"@id"' in jsonld


def test_shacl_catches_a_fact_without_provenance(sample_store) -> None:  # type: ignore[no-untyped-def]
    import rdflib

    g = to_rdf(sample_store)
    kg = rdflib.Namespace("https://w3id.org/kg-gazette/ontology#")
    victim = next(g.subjects(rdflib.RDF.type, kg.Assertion))
    g.remove((victim, kg.p_evidence, None))
    ok, report = validate(g)
    assert not ok and "p_evidence" in report
