"""Level of detail for very large views: hubs stay, the rest is clustered.

vis-network pages stop being usable past a few thousand nodes: every frame
draws every node, and once the whole graph is fitted on screen the labels are
smaller than vis-network's draw threshold, so nothing can be read. Above
:data:`LOD_VIEW` nodes :func:`cluster_view` keeps the best-connected nodes
(hubs) as they are and folds every other node into one cluster per (hub it
hangs on, label) — "the 37 tasks 市应急管理局 leads" — or, for nodes on no hub,
one cluster per label. Edges become one edge per (end, end, type) with a
count. The result has at most about :data:`LOD_TARGET` items, so the page
opens at once and its labels can be read; the members of each cluster travel
in the page and a double click opens the cluster in place.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.visualisations.view import ViewEdge, ViewNode

from kg.thresholds import LOD_TARGET, LOD_VIEW

__all__ = ["LOD_TARGET", "LOD_VIEW", "cluster_view"]
# members listed in a cluster's hover text
_TITLE_MEMBERS = 12


def cluster_view(
    nodes: list[ViewNode], edges: list[ViewEdge], *, target: int = LOD_TARGET
) -> tuple[list[ViewNode], list[ViewEdge], dict[str, list[dict[str, Any]]]]:
    """(visible nodes, visible edges, members of each cluster id)."""
    from kg.visualisations.view import ViewEdge, ViewNode, chinese_term

    index = {n.id: n for n in nodes}
    degree: dict[str, int] = dict.fromkeys(index, 0)
    neighbours: dict[str, list[str]] = {nid: [] for nid in index}
    for e in edges:
        degree[e.src] += 1
        degree[e.dst] += 1
        neighbours[e.src].append(e.dst)
        neighbours[e.dst].append(e.src)
    ranked = sorted(index, key=lambda nid: (-degree[nid], nid))
    hubs_n = max(1, target // 3)
    while True:
        hubs = set(ranked[:hubs_n])
        home: dict[str, str] = {}
        for nid in ranked[hubs_n:]:
            best = max((h for h in neighbours[nid] if h in hubs), key=lambda h: (degree[h], h), default=None)
            home[nid] = f"cluster:{best or '-'}:{index[nid].label}"
        items = len(hubs) + len(set(home.values()))
        if items <= target or hubs_n <= 8:
            break
        hubs_n = max(8, int(hubs_n * 0.7))
    groups: dict[str, list[str]] = {}
    for nid, cid in home.items():
        groups.setdefault(cid, []).append(nid)
    visible: dict[str, ViewNode] = {h: index[h] for h in ranked[:hubs_n]}
    where: dict[str, str] = {h: h for h in visible}
    members: dict[str, list[dict[str, Any]]] = {}
    for cid, ids in sorted(groups.items()):
        if len(ids) == 1:  # a cluster of one is the node itself
            visible[ids[0]] = index[ids[0]]
            where[ids[0]] = ids[0]
            continue
        first = index[ids[0]]
        hub = cid.split(":", 2)[1]
        on = f" · {index[hub].caption}" if hub in index else ""
        ids.sort(key=lambda i: index[i].caption)
        shown = "\n".join(f"  {index[i].caption}" for i in ids[:_TITLE_MEMBERS])
        more = f"\n  … {len(ids) - _TITLE_MEMBERS} more" if len(ids) > _TITLE_MEMBERS else ""
        visible[cid] = ViewNode(
            id=cid,
            label=first.label,
            caption=f"{first.label} ×{len(ids)}{on}"[:28],
            title=f"{len(ids)} {first.label} nodes{on} (double-click to open)\n{shown}{more}",
            color=first.color,
            shape="dot",
            props={"cluster": True, "members": len(ids), "size": round(10 + 6 * math.log2(len(ids)), 1)},
        )
        members[cid] = [
            {"id": index[i].id, "label": index[i].caption, "title": index[i].title, "color": index[i].color,
             "shape": index[i].shape, "kgLabel": index[i].label}
            for i in ids
        ]
        for i in ids:
            where[i] = cid
    agg: dict[tuple[str, str, str], list[ViewEdge]] = {}
    for e in edges:
        a, b = where[e.src], where[e.dst]
        if a == b:
            continue
        agg.setdefault((a, b, e.type), []).append(e)
    out_edges: list[ViewEdge] = []
    for (a, b, t), es in sorted(agg.items()):
        if len(es) == 1 and a == es[0].src and b == es[0].dst:
            out_edges.append(es[0])
            continue
        term = chinese_term(t)
        out_edges.append(
            ViewEdge(id=f"agg:{t}:{a}:{b}", src=a, dst=b, type=t, caption=f"{term} ×{len(es)}",
                     title=f"{len(es)} × {term} ({t})", props={"count": len(es)})
        )
    return list(visible.values()), out_edges, members
