"""The view model: what a graph picture shows, before any drawing library.

:func:`view_from_rows` turns query rows (as :meth:`GraphStore.query` returns
them: nodes ``{"_label": ..., **props}``, relationships ``{"_type": ...,
**props}``, paths ``{"nodes": [...], "rels": [...]}`` or alternating lists)
into a :class:`ViewModel`: nodes with colour, shape and hover text, edges
with their Chinese label (from the ontology's ``kg:chinese``), validity and
evidence, a legend, and drawing options. The renderer
(:mod:`kg.visualisations.render`) only turns a ViewModel into HTML.

Relationships in query results carry no endpoints, so an edge is placed
between the nodes next to it in a row (``RETURN a, r, b``), along a path, or
from an explicit ``{"src": ..., "type": ..., "dst": ...}`` /
``(src, "TYPE", dst)`` row. Direction follows the row, flipped when only the
reverse is allowed by the ontology.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.schema import PROVENANCE_PROPS

# Nodes above this count are laid out in Python and drawn with physics off.
LARGE_VIEW = 500

# label -> (colour, vis-network shape)
LABEL_STYLE: dict[str, tuple[str, str]] = {
    "Agency": ("#4e79a7", "box"),
    "Person": ("#f28e2b", "ellipse"),
    "Post": ("#edc948", "ellipse"),
    "Group": ("#b07aa1", "hexagon"),
    "Task": ("#59a14f", "box"),
    "Document": ("#c9a98f", "box"),
    "Plan": ("#bab0ac", "box"),
    "Gazette": ("#79706e", "square"),
    "CoalMine": ("#e15759", "triangle"),
    "Enterprise": ("#76b7b2", "diamond"),
    "Place": ("#86bcb6", "star"),
    "Event": ("#ff9da7", "dot"),
}
_PALETTE = ("#8cd17d", "#b6992d", "#499894", "#d37295", "#a0cbe8", "#ffbe7d", "#d4a6c8", "#9d7660")
_SHAPES_WITH_LABEL_INSIDE = {"box", "ellipse", "database", "circle", "text"}

# properties shown as the node caption, first present wins
_CAPTION_PROPS = ("name", "title", "doc_number", "text", "id")
# provenance properties shown in their own hover section: those the ontology puts on every relationship
_PROV_PROPS = PROVENANCE_PROPS
_VALIDITY = (("valid_from", "valid_to"), ("since", "until"))


@dataclass(slots=True)
class ViewNode:
    id: str
    label: str  # node label (Agency, Person …)
    caption: str
    title: str  # hover text (plain text, newlines)
    color: str
    shape: str
    props: dict[str, Any] = field(default_factory=dict)
    x: float | None = None
    y: float | None = None


@dataclass(slots=True)
class ViewEdge:
    id: str
    src: str
    dst: str
    type: str
    caption: str  # Chinese term (+ validity)
    title: str
    props: dict[str, Any] = field(default_factory=dict)
    dashed: bool = False  # ambiguous facts


@dataclass(slots=True)
class LegendEntry:
    kind: str  # "node" | "edge"
    name: str  # label or relationship type
    caption: str  # what the legend prints (label; Chinese term for edges)
    color: str
    shape: str
    count: int


@dataclass(slots=True)
class ViewModel:
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    legend: list[LegendEntry]
    options: dict[str, Any]
    title: str = "kg"
    dropped_edges: int = 0  # relationships whose endpoints were not in the rows
    # level of detail (kg.visualisations.lod): members of each cluster node, and the full graph's size
    clusters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    total_nodes: int | None = None
    total_edges: int | None = None

    @property
    def large(self) -> bool:
        return len(self.nodes) > LARGE_VIEW

    def to_json(self) -> dict[str, Any]:
        """Plain data (for the service and tests)."""
        return {
            "title": self.title,
            "nodes": [
                {
                    "id": n.id,
                    "label": n.label,
                    "caption": n.caption,
                    "color": n.color,
                    "shape": n.shape,
                    "x": n.x,
                    "y": n.y,
                    "props": n.props,
                }
                for n in self.nodes
            ],
            "edges": [
                {
                    "id": e.id,
                    "from": e.src,
                    "to": e.dst,
                    "type": e.type,
                    "caption": e.caption,
                    "props": e.props,
                }
                for e in self.edges
            ],
            "legend": [
                {"kind": g.kind, "name": g.name, "caption": g.caption, "color": g.color, "count": g.count}
                for g in self.legend
            ],
            "options": self.options,
            "dropped_edges": self.dropped_edges,
            "clusters": {cid: len(m) for cid, m in self.clusters.items()},
            "total_nodes": self.total_nodes if self.total_nodes is not None else len(self.nodes),
            "total_edges": self.total_edges if self.total_edges is not None else len(self.edges),
        }


# --------------------------------------------------------------------------
# ontology look-ups
# --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _ontology() -> tuple[dict[str, str], dict[str, frozenset[tuple[str, str]]]]:
    """(relationship type -> Chinese term, type -> allowed (from, to) pairs)."""
    try:
        from kg.schema import load_schema

        schema = load_schema()
    except Exception:  # pragma: no cover - an ontology that cannot load must not break drawing
        return {}, {}
    chinese = {name: r.chinese for name, r in schema.rels.items() if r.chinese}
    pairs = {name: frozenset(r.pairs) for name, r in schema.rels.items()}
    return chinese, pairs


# Relationship types that exist only in views (context drawn around an answer).
VIEW_TERMS = {"ASSIGNS": "挂牌依据", "DIFF_ADDED": "新增", "DIFF_DROPPED": "撤除"}


def chinese_term(rel_type: str) -> str:
    """The ontology's Chinese term for a relationship type, else the type."""
    term = _ontology()[0].get(rel_type) or VIEW_TERMS.get(rel_type)
    if not term:
        return rel_type
    return term.split("/", 1)[0]


def label_style(label: str) -> tuple[str, str]:
    style = LABEL_STYLE.get(label)
    if style is not None:
        return style
    h = int(hashlib.sha1(label.encode("utf-8")).hexdigest(), 16)
    return _PALETTE[h % len(_PALETTE)], "dot"


# --------------------------------------------------------------------------
# recognising values
# --------------------------------------------------------------------------


def _is_node(v: Any) -> bool:
    return isinstance(v, Mapping) and "_label" in v and "_type" not in v


def _is_rel(v: Any) -> bool:
    return isinstance(v, Mapping) and "_type" in v


_PATH_KEYS = (("nodes", "rels"), ("_nodes", "_rels"), ("_NODES", "_RELS"))


def _path_parts(v: Any) -> tuple[list[Any], list[Any]] | None:
    """(nodes, rels) of a path value, in any of the spellings stores use."""
    if not isinstance(v, Mapping) or "_label" in v or "_type" in v:
        return None
    for nk, rk in _PATH_KEYS:
        if nk in v and rk in v and isinstance(v[nk], list) and isinstance(v[rk], list):
            return list(v[nk]), list(v[rk])
    return None


def _is_path(v: Any) -> bool:
    return _path_parts(v) is not None


_REL_TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _is_triple(row: Any) -> bool:
    """``(src, "TYPE", dst[, props])`` with src/dst node dicts or names."""
    return (
        isinstance(row, list | tuple)
        and len(row) in (3, 4)
        and isinstance(row[1], str)
        and bool(_REL_TYPE_RE.match(row[1]))
        and all(_is_node(x) or (isinstance(x, str) and x) for x in (row[0], row[2]))
        and (len(row) == 3 or row[3] is None or isinstance(row[3], Mapping))
    )


def _short(s: str, n: int) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _node_id(node: Mapping[str, Any]) -> str:
    label = str(node.get("_label", "?"))
    for key in ("id", "name", "doc_number", "title"):
        v = node.get(key)
        if v not in (None, ""):
            return f"{label}:{v}"
    blob = json.dumps({k: node[k] for k in sorted(node)}, ensure_ascii=False, default=str)
    return f"{label}:#" + hashlib.sha1(blob.encode("utf-8")).hexdigest()[:12]


def _fmt(v: Any) -> str:
    if isinstance(v, list | tuple):
        return "、".join(str(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def validity(props: Mapping[str, Any]) -> str | None:
    """``2020-01-01–2020-12-31`` from valid_from/valid_to or since/until."""
    for a, b in _VALIDITY:
        start, end = props.get(a), props.get(b)
        if start or end:
            return f"{start or '…'}–{end or '…'}"
    return None


def node_title(label: str, props: Mapping[str, Any]) -> str:
    lines = [f"{label}: {_short(_caption_text(props), 80)}"]
    for k in sorted(props):
        if k.startswith("_") or k in ("id",):
            continue
        lines.append(f"{k}: {_short(_fmt(props[k]), 200)}")
    return "\n".join(lines)


def _caption_text(props: Mapping[str, Any]) -> str:
    for k in _CAPTION_PROPS:
        v = props.get(k)
        if v not in (None, ""):
            return _fmt(v)
    return "?"


def edge_title(rel_type: str, props: Mapping[str, Any], src: str, dst: str) -> str:
    term = chinese_term(rel_type)
    head = f"{term} ({rel_type})" if term != rel_type else rel_type
    lines = [head, f"{src} → {dst}"]
    valid = validity(props)
    if valid:
        lines.append(f"有效期 valid: {valid}")
    for k in sorted(props):
        if (
            k.startswith("_")
            or k in _PROV_PROPS
            or k == "id"
            or k in ("valid_from", "valid_to", "since", "until")
        ):
            continue
        lines.append(f"{k}: {_short(_fmt(props[k]), 200)}")
    where = props.get("file")
    if where:
        loc = f"{where}:{props['line']}" if props.get("line") is not None else str(where)
        lines.append(f"来源 source: {loc}")
    if props.get("doc_number"):
        lines.append(f"文号: {props['doc_number']}")
    if props.get("evidence"):
        lines.append(f"证据 evidence: {_short(str(props['evidence']), 400)}")
    extra = [f"{k}={props[k]}" for k in ("extractor", "extractor_version", "confidence") if props.get(k)]
    if extra:
        lines.append(" ".join(extra))
    if props.get("reason"):
        lines.append(f"reason: {_short(str(props['reason']), 200)}")
    if props.get("id") and props.get("evidence"):
        lines.append(f"证据原文 see the passage: double-click · /explain/{props['id']} · kg explain {props['id']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------


class ViewBuilder:
    """Collects nodes and edges (deduplicated) and makes a :class:`ViewModel`."""

    def __init__(self) -> None:
        self._nodes: dict[str, ViewNode] = {}
        self._edges: dict[str, ViewEdge] = {}
        self.dropped = 0

    # -- nodes -------------------------------------------------------------
    def add_node(self, node: Mapping[str, Any]) -> str:
        nid = _node_id(node)
        if nid in self._nodes:
            return nid
        label = str(node.get("_label", "?"))
        props = {k: v for k, v in node.items() if not k.startswith("_") and v is not None}
        color, shape = label_style(label)
        self._nodes[nid] = ViewNode(
            id=nid,
            label=label,
            caption=_short(_caption_text(props), 24),
            title=node_title(label, props),
            color=color,
            shape=shape,
            props=props,
        )
        return nid

    def _ref(self, v: Any) -> str | None:
        """A node id for an endpoint given as a node dict or a plain name/id."""
        if _is_node(v):
            return self.add_node(v)
        if isinstance(v, str) and v:
            if v in self._nodes:
                return v
            for n in self._nodes.values():
                if n.props.get("id") == v or n.props.get("name") == v:
                    return n.id
            return self.add_node({"_label": "?", "name": v})
        return None

    # -- edges -------------------------------------------------------------
    def add_edge(self, rel_type: str, src: str, dst: str, props: Mapping[str, Any] | None = None) -> None:
        props = {k: v for k, v in (props or {}).items() if not k.startswith("_") and v is not None}
        a, b = self._nodes.get(src), self._nodes.get(dst)
        if a is not None and b is not None:
            pairs = _ontology()[1].get(rel_type)
            if pairs and (a.label, b.label) not in pairs and (b.label, a.label) in pairs:
                src, dst, a, b = dst, src, b, a
        ident = str(props.get("id") or "")
        if not ident:
            blob = json.dumps([rel_type, src, dst, props], ensure_ascii=False, sort_keys=True, default=str)
            ident = hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]
        eid = f"{rel_type}:{ident}"
        if eid in self._edges:
            return
        term = chinese_term(rel_type)
        valid = validity(props)
        caption = f"{term} {valid}" if valid else term
        self._edges[eid] = ViewEdge(
            id=eid,
            src=src,
            dst=dst,
            type=rel_type,
            caption=caption,
            title=edge_title(rel_type, props, a.caption if a else src, b.caption if b else dst),
            props=props,
            dashed=props.get("confidence") == "ambiguous" or rel_type == "DIFF_DROPPED",
        )

    # -- rows --------------------------------------------------------------
    def add_sequence(self, items: Sequence[Any]) -> None:
        """Values of one row in order: node, rel, node … (nested lists and
        paths are flattened in place)."""
        flat: list[Any] = []
        self._flatten(items, flat)
        prev_node: str | None = None
        pending: list[Mapping[str, Any]] = []
        for v in flat:
            if _is_node(v):
                nid = self.add_node(v)
                if prev_node is not None:
                    for r in pending:
                        self.add_edge(str(r["_type"]), prev_node, nid, r)
                else:
                    self.dropped += len(pending)
                pending = []
                prev_node = nid
            elif v is _BREAK:
                self.dropped += len(pending)
                pending = []
                prev_node = None
            elif _is_rel(v):
                if "_src" in v and "_dst" in v:
                    s, d = self._ref(v["_src"]), self._ref(v["_dst"])
                    if s and d:
                        self.add_edge(str(v["_type"]), s, d, v)
                        continue
                pending.append(v)
        self.dropped += len(pending)

    def _flatten(self, items: Iterable[Any], out: list[Any]) -> None:
        for v in items:
            parts = _path_parts(v)
            if parts is not None:
                nodes, rels = parts
                for i, n in enumerate(nodes):
                    out.append(n)
                    if i < len(rels):
                        out.append(rels[i])
                out.append(_BREAK)
            elif isinstance(v, list | tuple):
                self._flatten(v, out)
                out.append(_BREAK)
            elif isinstance(v, Mapping) and not _is_node(v) and not _is_rel(v):
                self._flatten(v.values(), out)
            else:
                out.append(v)

    def add_triple(self, src: Any, rel_type: str, dst: Any, props: Mapping[str, Any] | None = None) -> None:
        s, d = self._ref(src), self._ref(dst)
        if s is None or d is None:
            self.dropped += 1
            return
        if _is_rel(props):
            assert props is not None
            rel_type = rel_type or str(props["_type"])
        self.add_edge(rel_type, s, d, props)

    def add_row(self, row: Any) -> None:
        if isinstance(row, Mapping):
            if ("src" in row or "source" in row) and ("dst" in row or "target" in row):
                src = row.get("src", row.get("source"))
                dst = row.get("dst", row.get("target"))
                rel = row.get("rel") or row.get("r") or row.get("props")
                rel_type = row.get("type") or (rel.get("_type") if isinstance(rel, Mapping) else None)
                if rel_type:
                    self.add_triple(src, str(rel_type), dst, rel if isinstance(rel, Mapping) else None)
                    return
            self.add_sequence(list(row.values()))
            return
        if _is_triple(row):
            props = row[3] if len(row) == 4 and isinstance(row[3], Mapping) else None
            self.add_triple(row[0], row[1], row[2], props)
            return
        if isinstance(row, list | tuple):
            self.add_sequence(row)
            return
        if _is_node(row) or _is_path(row):
            self.add_sequence([row])

    # -- result ------------------------------------------------------------
    def build(self, *, title: str = "kg", layout: bool = True) -> ViewModel:
        nodes = list(self._nodes.values())
        edges = [e for e in self._edges.values() if e.src in self._nodes and e.dst in self._nodes]
        legend = _legend(nodes, edges)
        total_nodes, total_edges = len(nodes), len(edges)
        clusters: dict[str, list[dict[str, Any]]] = {}
        from kg.visualisations.lod import LOD_VIEW, cluster_view

        if len(nodes) > LOD_VIEW:
            nodes, edges, clusters = cluster_view(nodes, edges)
        large = len(nodes) > LARGE_VIEW or bool(clusters)
        if large and layout:
            from kg.visualisations.layout import compute_layout

            compute_layout(nodes, edges)
        return ViewModel(nodes, edges, legend, default_options(large=large), title, self.dropped, clusters,
                         total_nodes, total_edges)


class _Break:
    """Marks the end of a path or list inside a row (edges never span it)."""


_BREAK = _Break()


def _legend(nodes: list[ViewNode], edges: list[ViewEdge]) -> list[LegendEntry]:
    out: list[LegendEntry] = []
    by_label: dict[str, int] = {}
    for n in nodes:
        by_label[n.label] = by_label.get(n.label, 0) + 1
    order = {name: i for i, name in enumerate(LABEL_STYLE)}
    for label in sorted(by_label, key=lambda x: (order.get(x, len(order)), x)):
        color, shape = label_style(label)
        out.append(LegendEntry("node", label, label, color, shape, by_label[label]))
    by_type: dict[str, int] = {}
    for e in edges:
        by_type[e.type] = by_type.get(e.type, 0) + 1
    for t in sorted(by_type):
        term = chinese_term(t)
        out.append(
            LegendEntry("edge", t, term if term == t else f"{term} {t}", "#666666", "line", by_type[t])
        )
    return out


def default_options(*, large: bool) -> dict[str, Any]:
    """vis-network options: physics for small views, none for large ones
    (positions come from :mod:`kg.visualisations.layout`)."""
    opts: dict[str, Any] = {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 11, "align": "middle", "face": "sans-serif"},
            "color": {"inherit": False, "color": "#888888"},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": False},
    }
    if large:
        opts["physics"] = {"enabled": False}
        opts["edges"]["smooth"] = False
        opts["interaction"].update({"hideEdgesOnDrag": True, "hideEdgesOnZoom": True})
        opts["layout"] = {"improvedLayout": False}
    else:
        opts["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50},
        }
        opts["edges"]["smooth"] = {"enabled": True, "type": "dynamic"}
    return opts


def view_from_rows(rows: Iterable[Any], *, title: str = "kg", layout: bool = True) -> ViewModel:
    """A :class:`ViewModel` from query rows (records as dicts or lists)."""
    b = ViewBuilder()
    for row in rows:
        b.add_row(row)
    return b.build(title=title, layout=layout)


def view_from_result(result: Any, *, title: str = "kg", layout: bool = True) -> ViewModel:
    """From a :class:`kg.stores.QueryResult` (or anything with ``rows``)."""
    rows = getattr(result, "rows", result)
    return view_from_rows(rows, title=title, layout=layout)


def view_from_triples(
    triples: Iterable[tuple[Any, str, Any] | tuple[Any, str, Any, Mapping[str, Any]]],
    *,
    title: str = "kg",
    layout: bool = True,
) -> ViewModel:
    """From explicit ``(src, TYPE, dst[, props])`` triples; src/dst are node
    dicts or names."""
    b = ViewBuilder()
    for t in triples:
        props = t[3] if len(t) == 4 else None
        b.add_triple(t[0], t[1], t[2], props)
    return b.build(title=title, layout=layout)
