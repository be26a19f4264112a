"""Backend-neutral row forms of a graph, shared by every store.

:func:`batch_to_raw` turns a :class:`~kg.model.GraphBatch` into the property
rows a store writes (node id = ``Node.key``, edge id = ``Edge.key``, edge
properties = provenance + the edge's own props, restricted to what the
ontology declares). :func:`normalize_value` turns driver values into the plain
JSON values the store protocol promises.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from kg.model import GraphBatch
from kg.schema import Schema

# (src_label, src_id, dst_label, dst_id, props)
EdgeRow = tuple[str, str, str, str, dict[str, Any]]


@dataclass
class RawGraph:
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # label -> id -> props
    edges: dict[str, dict[str, EdgeRow]] = field(default_factory=dict)  # type -> id -> row

    def merge(self, other: RawGraph) -> None:
        """Merge ``other`` into ``self`` with :func:`kg.identity.merge_props`
        (see there: the order of merges does not matter, a path held first stays)."""
        from kg.identity import merge_props

        for label, nodes in other.nodes.items():
            mine = self.nodes.setdefault(label, {})
            for nid, props in nodes.items():
                mine[nid] = merge_props(label, mine[nid], props) if nid in mine else props
        for rel, edges in other.edges.items():
            have = self.edges.setdefault(rel, {})
            for eid, row in edges.items():
                cur = have.get(eid)
                have[eid] = row if cur is None else (*row[:4], merge_props(rel, cur[4], row[4]))

    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    def edge_count(self) -> int:
        return sum(len(v) for v in self.edges.values())


def batch_to_raw(batch: GraphBatch, schema: Schema) -> RawGraph:
    from kg.errors import ValidationError

    raw = RawGraph()
    for node in batch.nodes.values():
        ldef = schema.labels.get(node.label)
        if ldef is None:
            raise ValidationError(f"node label {node.label!r} is not in the ontology")
        props = {k: v for k, v in node.props.items() if k in ldef.props and v is not None}
        props["id"] = node.key
        props.setdefault("name", node.key)
        raw.nodes.setdefault(node.label, {})[node.key] = props
    for edge in batch.edges.values():
        rdef = schema.rels.get(edge.type)
        if rdef is None:
            raise ValidationError(f"relationship type {edge.type!r} is not in the ontology")
        if (edge.src.label, edge.dst.label) not in rdef.pairs:
            raise ValidationError(
                f"{edge.type} may not link {edge.src.label} to {edge.dst.label} "
                f"(ontology allows {', '.join(f'{a}->{b}' for a, b in rdef.pairs)})"
            )
        for ref in (edge.src, edge.dst):
            if ref.key not in raw.nodes.get(ref.label, {}):
                raise ValidationError(f"{edge.type} edge points at a missing {ref.label} node {ref.key!r}")
        props = {k: v for k, v in edge.prov.as_props().items() if v is not None}
        props.update({k: v for k, v in edge.props.items() if v is not None})
        props = {k: v for k, v in props.items() if k in rdef.props}
        props["id"] = edge.key
        raw.edges.setdefault(edge.type, {})[edge.key] = (
            edge.src.label,
            edge.src.key,
            edge.dst.label,
            edge.dst.key,
            props,
        )
    return raw


def normalize_value(v: Any) -> Any:
    """Plain JSON-able value: nodes -> {"_label", props}, rels -> {"_type", props}."""
    if isinstance(v, dict):
        if "_LABEL" in v and "_ID" in v and "_SRC" not in v:
            out = {"_label": v["_LABEL"]}
            out.update({k: normalize_value(x) for k, x in v.items() if not k.startswith("_") and x is not None})
            return out
        if "_SRC" in v and "_DST" in v:
            out = {"_type": v["_LABEL"]}
            out.update({k: normalize_value(x) for k, x in v.items() if not k.startswith("_") and x is not None})
            return out
        for nk, rk in (("_nodes", "_rels"), ("_NODES", "_RELS")):
            if nk in v and rk in v:
                return {"nodes": [normalize_value(n) for n in v[nk]], "rels": [normalize_value(r) for r in v[rk]]}
        return {k: normalize_value(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [normalize_value(x) for x in v]
    if isinstance(v, _dt.datetime | _dt.date):
        return v.isoformat()
    return v
