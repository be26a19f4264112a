"""A deterministic layout for large views, computed in Python before drawing.

Above :data:`kg.visualisations.view.LARGE_VIEW` nodes the browser gets fixed
positions and physics off, so thousands of nodes open at once. The layout is
a Fruchterman–Reingold force layout in numpy (vectorised, a bounded number
of iterations, float32) started from rings by label, so nodes of one label
start together and the result is the same on every run. Isolated nodes are
put on a grid below the connected part instead of being pushed to the edge.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.visualisations.view import ViewEdge, ViewNode

# rough canvas size per node, in vis-network canvas units
_SPACING = 55.0


def compute_layout(nodes: list[ViewNode], edges: list[ViewEdge], *, iterations: int | None = None) -> None:
    """Set ``x``/``y`` on every node (in place)."""
    import numpy as np

    n = len(nodes)
    if n == 0:
        return
    index = {node.id: i for i, node in enumerate(nodes)}
    pairs = [
        (index[e.src], index[e.dst]) for e in edges if e.src in index and e.dst in index and e.src != e.dst
    ]
    degree = np.zeros(n, dtype=np.int64)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    linked = np.flatnonzero(degree > 0)
    lonely = np.flatnonzero(degree == 0)

    pos = np.zeros((n, 2), dtype=np.float32)
    if len(linked):
        sub = {int(old): i for i, old in enumerate(linked)}
        sub_pairs = np.array([(sub[a], sub[b]) for a, b in pairs], dtype=np.int64).reshape(-1, 2)
        labels = [nodes[int(i)].label for i in linked]
        pos[linked] = _force_layout(labels, sub_pairs, iterations=iterations)
    if len(lonely):
        top = float(pos[linked, 1].max()) + 2 * _SPACING if len(linked) else 0.0
        left = float(pos[linked, 0].min()) if len(linked) else 0.0
        width = float(np.ptp(pos[linked, 0])) if len(linked) else math.sqrt(len(lonely)) * _SPACING
        cols = max(1, int(width // (_SPACING * 2)) + 1)
        # group lonely nodes by label so the grid reads like a legend
        order = sorted(lonely.tolist(), key=lambda i: (nodes[i].label, nodes[i].caption))
        for k, i in enumerate(order):
            pos[i, 0] = left + (k % cols) * _SPACING * 2
            pos[i, 1] = top + (k // cols) * _SPACING
    for node, (x, y) in zip(nodes, pos.tolist(), strict=True):
        node.x = round(float(x), 1)
        node.y = round(float(y), 1)


def _force_layout(labels: list[str], pairs: Any, *, iterations: int | None = None) -> Any:
    import numpy as np

    edges = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    n = len(labels)
    if n == 1:
        return np.zeros((1, 2), dtype=np.float32)
    # start: one ring sector per label, deterministic jitter
    groups: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(i)
    radius = math.sqrt(n) * _SPACING / 2
    pos = np.zeros((n, 2), dtype=np.float32)
    rng = np.random.default_rng(20240601)
    start = 0.0
    for lab in sorted(groups):
        members = groups[lab]
        share = 2 * math.pi * len(members) / n
        angles = start + share * (np.arange(len(members)) + 0.5) / len(members)
        r = radius * (0.55 + 0.45 * rng.random(len(members)))
        pos[members, 0] = (r * np.cos(angles)).astype(np.float32)
        pos[members, 1] = (r * np.sin(angles)).astype(np.float32)
        start += share
    k = _SPACING  # ideal edge length
    if iterations is None:
        # cost is O(n^2) per step: ~60 steps for a few hundred nodes, ~25 for 2-3k
        iterations = int(max(15, min(80, 60 * (1000 / max(n, 1)) ** 0.5)))
    temp = radius / 4
    cool = (2.0 / max(temp, 1.0)) ** (1.0 / max(iterations, 1))
    src, dst = edges[:, 0], edges[:, 1]
    k2 = np.float32(k * k)
    x = pos[:, 0].copy()
    y = pos[:, 1].copy()
    diag = np.arange(n)
    dx = np.empty((n, n), dtype=np.float32)
    dy = np.empty((n, n), dtype=np.float32)
    w = np.empty((n, n), dtype=np.float32)
    disp = np.empty((n, 2), dtype=np.float32)
    for _ in range(iterations):
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=w)
        w += dy * dy
        w += np.float32(1e-2)
        np.divide(k2, w, out=w)  # repulsion k^2/d along delta/d = delta * k^2/d^2
        w[diag, diag] = 0
        disp[:, 0] = (dx * w).sum(axis=1)
        disp[:, 1] = (dy * w).sum(axis=1)
        pos[:, 0] = x
        pos[:, 1] = y
        if len(edges):
            d = pos[src] - pos[dst]
            dist = np.sqrt((d * d).sum(axis=1, keepdims=True)) + np.float32(1e-3)
            f = d * (dist / k)  # attraction d^2/k along d/d
            np.add.at(disp, src, -f)
            np.add.at(disp, dst, f)
        disp -= pos * np.float32(0.01)  # weak gravity keeps components together
        length = np.sqrt((disp * disp).sum(axis=1, keepdims=True)) + np.float32(1e-6)
        pos += disp / length * np.minimum(length, np.float32(temp))
        x[:] = pos[:, 0]
        y[:] = pos[:, 1]
        temp *= cool
    pos -= pos.mean(axis=0)
    return pos
