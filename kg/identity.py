"""Fact identity from content, and one merge rule for every place facts meet.

Re-ingesting a gazette must change nothing, and a graph built from A and B must
not depend on whether they came in one build, or B first and A later. Two things
make that hold:

* **Keys from content, not paths.** A gazette is known by the hash of its decoded
  text (:func:`content_id`; UTF-8, GB18030, UTF-16, a BOM or CRLF give the same
  hash), so a copy under another name or in another encoding is the same
  gazette. :func:`rekey_by_content` replaces the file stem in gazette and
  number-less document keys by that id and sets every edge's ``origin``, which
  stands for the file in the edge key. Agency and post keys come from their
  comparison form (:mod:`kg.resolve`), which does not depend on the other forms
  a build happens to hold.
* **One merge that is commutative, associative and idempotent**
  (:func:`merge_props`), used when a build puts its files together, when the
  embedded store merges a batch into its graph and when the Neo4j store merges
  into the nodes and relationships it holds. Per property: a missing value takes
  the other; equal values stay; ``aliases`` is the sorted union (for posts,
  without the name); other lists, the sorted union when they differ; booleans,
  either; numbers, the smaller; other strings, the longer (then the smaller), so
  a document's title wins over the bare 文号 another gazette cited it by. A
  ``name`` equal to the node's ``id`` is a placeholder and yields to any name.
  Path-like strings (``file``, ``gazette``, a gazette's ``name``) keep the value
  held first: the same content read again from another path is still shown
  under the path it was first read from, so re-ingesting a copy changes nothing.
  (This is the one rule that is not commutative; it only matters for the same
  fact read from two paths, never for two different files.)
"""

from __future__ import annotations

from typing import Any

from kg.model import Edge, Gazette, GraphBatch, Node, NodeRef, Provenance, SourceFile

# Path-like strings: the value held first stays (the file a fact is shown under
# when the same content was read from several paths).
PATH_PROPS = frozenset({"file", "gazette"})
# (label, property) pairs that are path-like for one label only.
PATH_PROPS_OF: frozenset[tuple[str, str]] = frozenset({("Gazette", "name")})
CONTENT_ID_CHARS = 16


def content_id(source: SourceFile) -> str:
    """The identity of an input file: a prefix of the SHA-256 of its decoded text."""
    return source.sha256[:CONTENT_ID_CHARS]


def merge_value(label: str, prop: str, a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None or a == b:
        return a
    if isinstance(a, list) and isinstance(b, list):
        return sorted({*map(_hashable, a), *map(_hashable, b)}, key=repr)
    if isinstance(a, bool) and isinstance(b, bool):
        return a or b
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool | str):
        return min(a, b)
    if isinstance(a, str) and isinstance(b, str):
        if prop in PATH_PROPS or (label, prop) in PATH_PROPS_OF:
            return a  # the path it was first read from
        return min(a, b, key=lambda s: (-len(s), s))
    return min(a, b, key=repr)  # mixed types: any fixed order will do


def _hashable(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


def merge_props(label: str, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The merged properties of one node or relationship (see module doc)."""
    if a == b:
        return dict(a)
    had_name = "name" in a or "name" in b
    a, b = _drop_placeholder_name(a), _drop_placeholder_name(b)
    out: dict[str, Any] = {}
    for k in sorted({*a, *b}):
        out[k] = merge_value(label, k, a.get(k), b.get(k))
    if label == "Post" and ("aliases" in a or "aliases" in b):  # a post's aliases: its other printed forms
        forms = set(out.get("aliases", [])) | {v for v in (a.get("name"), b.get("name")) if isinstance(v, str)}
        forms.discard(out.get("name"))
        out["aliases"] = sorted(forms)  # kept even when empty: the key says "forms are remembered here"
    elif "aliases" in out:
        out["aliases"] = sorted(set(out["aliases"]))
    if had_name and "name" not in out and "id" in out:
        out["name"] = out["id"]
    return out


def _drop_placeholder_name(p: dict[str, Any]) -> dict[str, Any]:
    if "name" in p and "id" in p and p["name"] == p["id"]:
        return {k: v for k, v in p.items() if k != "name"}
    return p


def merge_provenance(a: Provenance, b: Provenance) -> Provenance:
    if a == b:
        return a
    merged = merge_props("Provenance", a.as_props(), b.as_props())
    fields: dict[str, Any] = {k: merged.get(k) for k in a.as_props()}
    return Provenance(**fields)


def merge_node(a: Node, b: Node) -> Node:
    return Node(a.label, a.key, merge_props(a.label, a.props, b.props))


def merge_edge(a: Edge, b: Edge) -> Edge:
    return Edge(a.type, a.src, a.dst, merge_provenance(a.prov, b.prov),
                merge_props(a.type, a.props, b.props), a.origin)


def merge_batch(into: GraphBatch, other: GraphBatch) -> None:
    """Merge ``other`` into ``into`` with :func:`merge_props`."""
    for ref, node in other.nodes.items():
        have = into.nodes.get(ref)
        into.nodes[ref] = node if have is None else merge_node(have, node)
    for key, edge in other.edges.items():
        cur = into.edges.get(key)
        into.edges[key] = edge if cur is None else merge_edge(cur, edge)


def rekey_by_content(batch: GraphBatch, gazette: Gazette) -> GraphBatch:
    """The batch of one gazette with its keys taken from the file's content.

    ``gazette:<stem>`` becomes ``gazette:<content id>``; a number-less document's
    ``doc:<stem>:…`` (and every key built on it: groups, tasks, plans, events)
    becomes ``doc:<content id>:…``; each edge's ``origin`` is the content id.
    """
    cid = content_id(gazette.source)
    old_doc, new_doc = f"doc:{gazette.id}:", f"doc:{cid}:"
    old_gz, new_gz = f"gazette:{gazette.id}", f"gazette:{cid}"

    def key(k: str) -> str:
        if k == old_gz:
            return new_gz
        return k.replace(old_doc, new_doc) if old_doc in k else k

    def ref(r: NodeRef) -> NodeRef:
        k = key(r.key)
        return r if k == r.key else NodeRef(r.label, k)

    out = GraphBatch()
    for r, node in batch.nodes.items():
        nr = ref(r)
        props = dict(node.props)
        if "id" in props and isinstance(props["id"], str) and r.label != "Gazette":
            props["id"] = key(props["id"])
        new = Node(nr.label, nr.key, props)
        have = out.nodes.get(nr)
        out.nodes[nr] = new if have is None else merge_node(have, new)
    for edge in batch.edges.values():
        e = Edge(edge.type, ref(edge.src), ref(edge.dst), edge.prov, dict(edge.props), cid)
        cur = out.edges.get(e.key)
        out.edges[e.key] = e if cur is None else merge_edge(cur, e)
    return out
