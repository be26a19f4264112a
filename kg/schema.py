"""The graph schema, read from ``ontology/kg.ttl`` (the single source of truth).

Stores build their tables / constraints from :func:`load_schema`; the
validator checks batches against it; :mod:`kg.vocab` holds the same names as
Python constants (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

PROVENANCE_PROPS: tuple[str, ...] = (
    "file",
    "doc_number",
    "line",
    "col",
    "char_start",
    "char_end",
    "evidence",
    "extractor",
    "extractor_version",
    "confidence",
    "reason",
)

ONTOLOGY_NS = "https://w3id.org/kg-gazette/ontology#"


@dataclass(frozen=True)
class LabelDef:
    name: str
    comment: str
    props: dict[str, str]  # name -> "string" | "int" | "bool" | "strings"


@dataclass(frozen=True)
class RelDef:
    name: str
    pairs: tuple[tuple[str, str], ...]
    props: dict[str, str]
    chinese: str | None = None


@dataclass(frozen=True)
class Schema:
    labels: dict[str, LabelDef] = field(default_factory=dict)
    rels: dict[str, RelDef] = field(default_factory=dict)

    def node_props(self, label: str) -> dict[str, str]:
        return self.labels[label].props

    def rel_props(self, rel: str) -> dict[str, str]:
        return self.rels[rel].props


_TYPES = {
    "http://www.w3.org/2001/XMLSchema#string": "string",
    "http://www.w3.org/2001/XMLSchema#integer": "int",
    "http://www.w3.org/2001/XMLSchema#boolean": "bool",
    ONTOLOGY_NS + "StringList": "strings",
}


def ontology_text() -> str:
    return resources.files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8")


def shapes_text() -> str:
    return resources.files("kg.ontology").joinpath("shapes.ttl").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    import rdflib
    from rdflib.namespace import RDF, RDFS

    g = rdflib.Graph()
    g.parse(data=ontology_text(), format="turtle")
    kg = rdflib.Namespace(ONTOLOGY_NS)

    def props_of(subject: rdflib.term.Node) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in g.objects(subject, kg.property):
            name = str(g.value(p, kg.propertyName))
            out[name] = _TYPES[str(g.value(p, kg.datatype))]
        return out

    def local(term: rdflib.term.Node) -> str:
        return str(term).rsplit("#", 1)[-1]

    labels: dict[str, LabelDef] = {}
    for s in g.subjects(RDF.type, kg.NodeLabel):
        name = str(g.value(s, RDFS.label))
        props = props_of(s)
        labels[name] = LabelDef(name, str(g.value(s, RDFS.comment) or ""), dict(sorted(props.items())))
    prov_types = {"line": "int", "col": "int", "char_start": "int", "char_end": "int"}
    rels: dict[str, RelDef] = {}
    for s in g.subjects(RDF.type, kg.RelationshipType):
        name = str(g.value(s, RDFS.label))
        froms = sorted(local(o) for o in g.objects(s, kg["from"]))
        tos = sorted(local(o) for o in g.objects(s, kg.to))
        props = {"id": "string"}
        props.update({p: prov_types.get(p, "string") for p in PROVENANCE_PROPS})
        props.update(props_of(s))
        chinese = g.value(s, kg.chinese)
        rels[name] = RelDef(
            name,
            tuple((f, t) for f in froms for t in tos),
            props,
            str(chinese) if chinese is not None else None,
        )
    return Schema(dict(sorted(labels.items())), dict(sorted(rels.items())))
