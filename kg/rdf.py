"""RDF export of a graph (Turtle, JSON-LD) and SHACL validation.

Nodes become resources typed with their ontology class; each relationship
becomes a direct triple *and* a ``kg:Assertion`` (a reified statement) that
carries its provenance, so the export keeps every fact traceable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kg.schema import ONTOLOGY_NS, load_schema, ontology_text, shapes_text
from kg.stores.base import GraphStore

if TYPE_CHECKING:
    import rdflib

ID_NS = "https://w3id.org/kg-gazette/id/"
FORMATS = {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld", "nt": "nt"}


def _iri(node_id: str) -> str:
    return ID_NS + quote(node_id, safe="")


def to_rdf(store: GraphStore) -> rdflib.Graph:
    import rdflib
    from rdflib.namespace import RDF, XSD

    from kg.queries import load

    schema = load_schema()
    kg = rdflib.Namespace(ONTOLOGY_NS)
    g = rdflib.Graph()
    g.bind("kg", kg)
    g.bind("kgid", rdflib.Namespace(ID_NS))

    def literal(value: Any, typ: str) -> list[rdflib.Literal]:
        if typ == "strings":
            return [rdflib.Literal(str(v)) for v in value]
        if typ == "int":
            return [rdflib.Literal(int(value), datatype=XSD.integer)]
        if typ == "bool":
            return [rdflib.Literal(bool(value), datatype=XSD.boolean)]
        return [rdflib.Literal(str(value))]

    for (node,) in store.query(load("export_nodes", store.dialect)).rows:
        label = node["_label"]
        props = schema.labels[label].props
        s = rdflib.URIRef(_iri(node["id"]))
        g.add((s, RDF.type, kg[label]))
        for k, v in node.items():
            if k.startswith("_") or v is None or k not in props:
                continue
            for lit in literal(v, props[k]):
                g.add((s, kg["p_" + k], lit))
    for s_id, rel, o_id in store.query(load("export_edges", store.dialect)).rows:
        rtype = rel["_type"]
        props = schema.rels[rtype].props
        s, o, p = rdflib.URIRef(_iri(s_id)), rdflib.URIRef(_iri(o_id)), kg[rtype]
        g.add((s, p, o))
        a = rdflib.URIRef(_iri("edge:" + rel["id"]))
        g.add((a, RDF.type, kg.Assertion))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        for k, v in rel.items():
            if k.startswith("_") or k == "id" or v is None or k not in props:
                continue
            for lit in literal(v, props[k]):
                g.add((a, kg["p_" + k], lit))
    return g


def serialize(graph: rdflib.Graph, fmt: str) -> str:
    from kg.errors import BadParameterError

    if fmt not in FORMATS:
        raise BadParameterError(f"RDF format must be one of {', '.join(sorted(FORMATS))}, not {fmt!r}")
    out = graph.serialize(format=FORMATS[fmt])
    return out if isinstance(out, str) else out.decode("utf-8")


def validate(graph: rdflib.Graph) -> tuple[bool, str]:
    """SHACL-validate an exported graph against ``ontology/shapes.ttl``."""
    import rdflib
    from pyshacl import validate as shacl

    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    ont = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    conforms, _, text = shacl(graph, shacl_graph=shapes, ont_graph=ont, inference="none")
    return bool(conforms), str(text)
