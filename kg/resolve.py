"""Identity resolution after extraction: one Agency node per real unit per city.

Gazettes print one unit under several names: ``市应急管理局`` / ``市应急局`` /
``朔州市应急管理局``; ``市发展和改革委员会`` / ``市发展改革委`` / ``市发改委``. Each
printed form gets its own Agency key from the extractors; :func:`resolve` maps
every form to a *comparison form* and merges the nodes of one city whose
comparison forms agree:

* the city's own name at the start is the ``市`` of a city gazette
  (``朔州市应急管理局`` -> ``市应急管理局``; the key already holds the city, so
  朔州's 市应急局 never meets 阳泉's);
* the standard short forms of ``kg/lexicons/agencies.tsv`` (``市审批局`` =
  ``市行政审批服务管理局``, county level too: ``朔城区应急局`` = ``朔城区应急管理局``);
* common abbreviation morphemes of government unit names (general knowledge,
  ``kg/lexicons/morphemes.tsv``: 发展和改革 / 发展改革 -> 发改, 卫生健康 -> 卫健, 住房和城乡建设 ->
  住建, 市场监督管理 -> 市场监管, 工业和信息化 -> 工信, 人力资源和社会保障 -> 人社 …);
* ``委员会`` -> ``委`` and ``X管理局`` -> ``X局`` at the end of a name (``endings.tsv``).

Only printed forms are merged (a rule never invents a unit): two forms merge
when both occur. The merged node takes the fullest printed form as its name
(``市`` form preferred over the city-prefixed one) and keeps every printed form
in ``aliases``; edges keep their ``as_printed``. Post nodes whose agency part is
an alias merge the same way (``市应急局局长`` = ``市应急管理局局长``); the
``position`` on edges stays as printed. Edges are re-pointed and their keys
recomputed, so two facts that become identical merge.
"""

from __future__ import annotations

from typing import Any

from kg import lexicons
from kg.agencies import unit_prefix
from kg.keys import agency_key, post_key
from kg.model import Edge, GraphBatch, Node, NodeRef
from kg.normalize import strip_ws

# Full form -> short form of common morphemes of unit names (longest first) and of
# name endings: data, in kg/lexicons/morphemes.tsv and endings.tsv.
MORPHEMES: tuple[tuple[str, str], ...] = lexicons.morphemes()
_ENDINGS: tuple[tuple[str, str], ...] = lexicons.endings()


def comparison_form(name: str, city: str | None) -> str:
    """The form two printed names of one unit share (see module doc)."""
    s = strip_ws(name)
    if city and s.startswith(city) and len(s) > len(city):
        s = "市" + s[len(city) :]
    s = lexicons.standard_name(s) or s  # 市审批局 -> 市行政审批服务管理局 (kg/lexicons/agencies.tsv)
    for full, short_form in MORPHEMES:
        s = s.replace(full, short_form)
    for full, short_form in _ENDINGS:
        if s.endswith(full):
            s = s[: -len(full)] + short_form
    return s


def _city_of(node: Node, prefix: str) -> str | None:
    city = node.props.get("city")
    if city:
        return str(city)
    parts = node.key.split(":", 2)
    if len(parts) == 3 and parts[0] == prefix and parts[1] != "-":
        return parts[1]
    return None


def _name_of(node: Node) -> str:
    name = node.props.get("name")
    if name:
        return strip_ws(str(name))
    return node.key.split(":", 2)[-1]


def _strip_city(f: str, city: str | None) -> str:
    return "市" + f[len(city) :] if city and f.startswith(city) and len(f) > len(city) else f


def _preferred(forms: list[str], city: str | None) -> str:
    """The fullest printed form, read without the city's name (``朔州市应急管理局`` ->
    ``市应急管理局``: the key holds the city already)."""
    cands = [_strip_city(f, city) for f in forms]
    return sorted(cands, key=lambda f: (-len(f), f))[0]


def _merge_props(nodes: list[Node], name: str, aliases: list[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for n in nodes:
        for k, v in n.props.items():
            if k == "aliases" or v is None:
                continue
            props.setdefault(k, v)
    props["name"] = name
    props["aliases"] = sorted(set(aliases))
    return props


def _forms(nodes: list[Node]) -> list[str]:
    forms: list[str] = []
    for n in nodes:
        for f in [_name_of(n), *(strip_ws(str(a)) for a in n.props.get("aliases", []) or [])]:
            if f not in forms:
                forms.append(f)
    return forms


def resolve(batch: GraphBatch) -> GraphBatch:
    """Key every agency (and post) by its comparison form; merge the printed forms
    of one unit; re-point edges.

    The key depends on the printed form alone, never on which other forms the
    batch holds, so a gazette resolved alone gets the keys it gets inside a
    larger build or against a graph that already holds other gazettes; the
    canonical ``name`` (the fullest form) is recomputed whenever two nodes meet
    (:func:`kg.identity.merge_props`: the longer string wins).
    """
    from kg.identity import merge_node

    mapping: dict[NodeRef, NodeRef] = {}
    new_nodes: dict[NodeRef, Node] = {}

    # ---- agencies
    agency_groups: dict[tuple[str | None, str], list[Node]] = {}
    for ref, node in batch.nodes.items():
        if ref.label == "Agency":
            city = _city_of(node, "agency")
            agency_groups.setdefault((city, comparison_form(_name_of(node), city)), []).append(node)
    for (city, form), nodes in agency_groups.items():
        new = NodeRef("Agency", agency_key(city, form))
        forms = _forms(nodes)
        name = _preferred(forms, city)
        if len(nodes) == 1 and nodes[0].ref == new and _name_of(nodes[0]) == name:
            continue
        new_nodes[new] = Node("Agency", new.key, _merge_props(nodes, name, forms))
        for n in nodes:
            mapping[n.ref] = new

    # ---- posts (their agency part compared as an agency)
    post_groups: dict[tuple[str | None, str], list[Node]] = {}
    for ref, node in batch.nodes.items():
        if ref.label == "Post":
            city = _city_of(node, "post")
            post_groups.setdefault((city, _post_form(_name_of(node), city)), []).append(node)
    for (city, form), nodes in post_groups.items():
        new = NodeRef("Post", post_key(city, form.replace("|", "")))
        forms = [_name_of(n) for n in nodes]
        name = _preferred(forms, city)
        if len(nodes) == 1 and nodes[0].ref == new and _name_of(nodes[0]) == name:
            continue
        aliases = sorted({f for f in forms if f != name} | {
            strip_ws(str(a)) for n in nodes for a in n.props.get("aliases", []) or [] if strip_ws(str(a)) != name})
        props = _merge_props(nodes, name, aliases)
        if not aliases:
            props.pop("aliases")
        new_nodes[new] = Node("Post", new.key, props)
        for n in nodes:
            mapping[n.ref] = new

    if not mapping:
        return batch
    out = GraphBatch()
    for ref, node in batch.nodes.items():
        if ref in mapping:
            continue
        out.nodes[ref] = node
    for ref, node in new_nodes.items():
        have = out.nodes.get(ref)  # a canonical key that was already a node of its own
        out.nodes[ref] = node if have is None else merge_node(have, node)
    for edge in batch.edges.values():
        src = mapping.get(edge.src, edge.src)
        dst = mapping.get(edge.dst, edge.dst)
        if src == edge.src and dst == edge.dst:
            out.edges.setdefault(edge.key, edge)
            continue
        new_edge = Edge(edge.type, src, dst, edge.prov, dict(edge.props), edge.origin)
        out.edges.setdefault(new_edge.key, new_edge)
    return out


def _post_form(post: str, city: str | None) -> str:
    """Comparison form of a post: its agency part compared as an agency, the title as printed."""
    s = strip_ws(post)
    unit = unit_prefix(s)
    if not unit:
        return s
    return comparison_form(unit, city) + "|" + s[len(unit) :]
