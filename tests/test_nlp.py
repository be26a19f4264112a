"""kg.nlp(): kg's stages as spaCy components, one by one and as a pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from kg.extractors import load_all
from spacy.language import Language

import kg
from kg import pipeline
from kg.errors import ExtractionError, UnknownExtractorError
from kg.model import SourceFile
from tests.conftest import DATA

FIXTURE = Path(__file__).parent / "fixtures" / "plugins" / "contacts-2021-01.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")

EXTRACTORS = ["documents", "citations", "tasks", "groups", "appointments", "people", "mines", "places", "events"]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return kg.nlp(plugins_=False)


def test_pipeline_order_factories_and_meta(nlp: Language) -> None:
    assert nlp.lang == "zh"
    assert nlp.tokenizer.segmenter == "char"  # the default: nothing downloaded
    assert nlp.pipe_names == [
        "kg_layout", *(f"kg_{n}" for n in EXTRACTORS), "kg_coverage", "kg_printed", "kg_resolve", "kg_lexicon", "kg_spans"
    ]
    registry = load_all()
    comps = nlp.meta["kg"]["components"]
    for name in EXTRACTORS:
        meta = Language.get_factory_meta(f"kg_{name}")
        assert meta.requires == ["doc._.gazette", "doc._.kg_context", "doc._.facts"]
        assert meta.assigns == ["doc._.facts"]
        assert comps[f"kg_{name}"]["version"] == registry[name].version
        assert comps[f"kg_{name}"]["makes"] == list(registry[name].assigns)
    assert Language.get_factory_meta("kg_layout").assigns == [
        "doc._.source", "doc._.gazette", "doc._.kg_context", "doc._.facts"
    ]
    assert nlp.meta["version"] == kg.__version__
    analysis = nlp.analyze_pipes()
    assert all(not p for p in analysis["problems"].values())


def test_components_one_by_one(nlp: Language) -> None:
    doc = nlp.make_doc(TEXT)
    assert doc._.gazette is None
    doc = nlp.get_pipe("kg_layout")(doc)
    assert doc._.gazette.city == "测试市" and len(doc._.gazette.documents) == 1
    assert doc._.source.text == TEXT and len(doc._.facts.edges) == 0

    doc = nlp.get_pipe("kg_documents")(doc)
    types = {e.type for e in doc._.facts.edges.values()}
    assert types == {"PUBLISHED_IN", "ISSUED_BY", "ADDRESSED_TO"}
    doc = nlp.get_pipe("kg_citations")(doc)
    doc = nlp.get_pipe("kg_tasks")(doc)
    by_type = {e.type: e for e in doc._.facts.edges.values()}
    assert {"REPEALS", "HAS_TASK", "LEADS", "SUPPORTS"} <= set(by_type)
    registry = load_all()
    for e in doc._.facts.edges.values():  # every fact carries its component's name and version
        assert e.prov.extractor_version == registry[e.prov.extractor].version
    assert by_type["LEADS"].prov.extractor == "tasks"

    # before resolution the two printed forms are two agencies; kg_resolve merges them
    agencies = {n.props["name"] for n in doc._.facts.nodes.values() if n.label == "Agency"}
    assert {"市应急局", "市应急管理局"} <= agencies
    doc = nlp.get_pipe("kg_resolve")(doc)
    merged = [n for n in doc._.facts.nodes.values() if n.label == "Agency" and n.props["name"] == "市应急管理局"]
    assert len(merged) == 1 and "市应急局" in merged[0].props["aliases"]

    doc = nlp.get_pipe("kg_lexicon")(doc)
    lex = {(s.text, s.label_, s.id_) for s in doc.spans["lexicon"]}
    assert ("市发改委", "AGENCY", "市发展和改革委员会") in lex
    assert ("市应急局", "AGENCY", "市应急管理局") in lex

    doc = nlp.get_pipe("kg_spans")(doc)
    assert [(s.text, s.label_) for s in doc.spans["task"]] == [("加强汛期值班值守。", "Task")]


def test_an_extractor_needs_the_layout_component(nlp: Language) -> None:
    with pytest.raises(ExtractionError, match="kg_layout"):
        nlp.get_pipe("kg_tasks")(nlp.make_doc(TEXT))


# (span group, printed text, label) the whole pipeline marks in the fixture: a golden table
EXPECTED_SPANS = [
    ("agency", "市应急局", "Agency"),
    ("agency", "市发改委", "Agency"),
    ("agency", "市应急管理局", "Agency"),
    ("agency", "各县（市、区）人民政府", "Agency"),
    ("person", "张 韬", "Person"),
    ("person", "李 明", "Person"),
    ("post", "副市长", "Post"),
    ("post", "市应急管理局局长", "Post"),
    ("group", "测试市防汛工作领导小组", "Group"),
    ("task", "加强汛期值班值守。", "Task"),
    ("document", "测政办发〔2019〕11号", "Document"),
    ("facts", "测政办发〔2019〕11号", "REPEALS"),
]


def test_pipeline_spans_have_offsets_into_the_original_text(nlp: Language) -> None:
    doc = nlp(TEXT)
    got = {(key, s.text, s.label_) for key, group in doc.spans.items() for s in group}
    for row in EXPECTED_SPANS:
        assert row in got, row
    for key, group in doc.spans.items():
        for s in group:
            assert TEXT[s.start_char : s.end_char] == s.text, (key, s.text)
    # kb_id ties a span to its node (or fact) in doc._.facts
    nodes = {ref.key for ref in doc._.facts.nodes}
    assert all(s.kb_id_ in nodes for s in doc.spans["agency"])
    assert {s.kb_id_ for s in doc.spans["facts"]} <= set(doc._.facts.edges)
    # the agency of 副市长 (the city government) is not printed on that line: no span is made up
    assert "市人民政府" not in {s.text for s in doc.spans["agency"]}


def test_a_snippet_without_a_document_is_one_document(nlp: Language) -> None:
    doc = nlp("一、加强值班值守。（市应急局牵头，市公安局配合）\n")
    assert len(doc._.gazette.documents) == 1
    assert [s.text for s in doc.spans["agency"]] == ["市应急局", "市公安局"]


def test_only_keeps_the_named_extractors_and_documents() -> None:
    nlp = kg.nlp(only=["citations"], plugins_=False, spans=False)
    assert nlp.pipe_names == ["kg_layout", "kg_documents", "kg_citations", "kg_printed"]
    with pytest.raises(UnknownExtractorError):
        kg.nlp(only=["no_such_extractor"], plugins_=False)


def test_build_runs_the_same_components() -> None:
    source = SourceFile.from_text(TEXT, "contacts-2021-01.txt")
    built = pipeline.extract(pipeline.parse(source))
    doc = kg.nlp(plugins_=False, spans=False, path="contacts-2021-01.txt")(TEXT)
    assert set(built.edges) == set(doc._.facts.edges)
    assert {(e.prov.extractor, e.prov.extractor_version) for e in built.edges.values()} == {
        (e.prov.extractor, e.prov.extractor_version) for e in doc._.facts.edges.values()
    }


@pytest.mark.slow
def test_a_dev_gazette_through_the_pipeline(nlp: Language) -> None:
    text = (DATA / "shuozhou-2020-04.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    for key in ("agency", "person", "post", "task", "document", "group", "mine", "place"):
        assert len(doc.spans[key]) >= 5, key
        for s in doc.spans[key]:
            assert text[s.start_char : s.end_char] == s.text


def test_a_traditional_text_is_read_simplified_and_marked_as_printed(nlp: Language) -> None:
    from tests.test_single_documents import TRADITIONAL

    doc = nlp(TRADITIONAL)
    assert doc._.source.text != TRADITIONAL  # read in its reading view (simplified) …
    titles = [s.text for s in doc.spans["document"]]
    assert titles == ["某莞市人民政府關於印發重點工作任務分工方案的通知"]  # … spans as printed
    assert "各鎮人民政府（街道辦事處）" in [s.text for s in doc.spans["agency"]]
