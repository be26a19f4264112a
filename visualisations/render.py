"""Render a :class:`~kg.visualisations.view.ViewModel` to one self-contained
HTML page with pyvis 0.3.2.

pyvis's own template links Bootstrap from a CDN even with
``cdn_resources='in_line'``, and ``'local'`` loads vis-network from a CDN, so
the page is rendered from our template (``templates/graph.html``, set with
``Network.set_template_dir``) and vis-network's standalone UMD build
(``static/vis-network.min.js``, Apache-2.0 OR MIT, CSS built in) is inlined.
No request leaves the page.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.visualisations.view import ViewModel

VIS_JS = "vis-network.min.js"
TEMPLATE = "graph.html"


def _package_dir() -> Path:
    return Path(str(resources.files("kg.visualisations")))


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vendored vis-network standalone build (raises if it is missing)."""
    path = _package_dir() / "static" / VIS_JS
    if not path.exists():
        from kg.errors import ToolError

        raise ToolError(
            f"{path} is missing; run `npm ci && npm run vendor` at the repository root "
            "(copies vis-network/standalone/umd/vis-network.min.js)"
        )
    js = path.read_text(encoding="utf-8")
    # never let the library close our <script> early
    return js.replace("</script", "<\\/script")


@lru_cache(maxsize=1)
def vis_network_bytes() -> bytes:
    """vis-network as served by kg serve (one file, cached by browsers)."""
    return vis_network_js().encode("utf-8")


@lru_cache(maxsize=1)
def vis_network_name() -> str:
    """``vis-network-<hash>.min.js``: a new build gets a new name, so it can be cached forever."""
    import hashlib

    return f"vis-network-{hashlib.sha256(vis_network_bytes()).hexdigest()[:12]}.min.js"


def _legend_html(view: ViewModel) -> str:
    items: list[str] = []
    for g in view.legend:
        shape = g.shape
        if g.kind == "edge":
            shape = "line"
        items.append(
            f'<li data-kind="{g.kind}" data-name="{html.escape(g.name)}">'
            f'<span class="sw shape-{html.escape(shape)}" style="background:{html.escape(g.color)}"></span>'
            f'{html.escape(g.caption)} <span class="n">{g.count}</span></li>'
        )
    if any(e.dashed for e in view.edges):
        items.append('<li><span class="sw shape-dashed"></span>有歧义 ambiguous</li>')
    return "<ul>" + "".join(items) + "</ul>"


def _header_html(view: ViewModel) -> str:
    counts = f"{len(view.nodes)} 节点 nodes · {len(view.edges)} 关系 edges"
    if view.clusters:
        counts = (f"{view.total_nodes} 节点 nodes · {view.total_edges} 关系 edges · "
                  f"{len(view.nodes)} shown, {len(view.clusters)} 聚类 clusters (double-click to open)")
    if view.large:
        counts += " · 预先布局 pre-computed layout"
    return (
        f"<h1>{html.escape(view.title)}</h1>"
        f'<span class="kg-counts">{counts}</span>'
        '<input id="kg-search" type="search" placeholder="查找 find…" '
        'oninput="kgSearch(this.value)" aria-label="find a node">'
    )


def build_network(view: ViewModel, *, height: str = "100%", width: str = "100%") -> Any:
    """The pyvis ``Network`` for ``view`` (template set, data added)."""
    from pyvis.network import Network

    net = Network(height=height, width=width, directed=True, cdn_resources="in_line", heading=view.title)
    net.set_template_dir(str(_package_dir() / "templates") + "/", TEMPLATE)
    # Chinese stays readable in the page (tojson still escapes < > & ')
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    for n in view.nodes:
        extra: dict[str, Any] = {"title": n.title, "kgLabel": n.label}
        if n.x is not None and n.y is not None:
            extra.update(x=n.x, y=n.y)
        if n.shape not in ("box", "ellipse", "database", "circle", "text"):
            extra["size"] = n.props.get("size", 14) if n.props.get("cluster") else 14
        if n.props.get("cluster"):
            extra["kgCluster"] = True
        net.add_node(n.id, label=n.caption, shape=n.shape, color=n.color, **extra)
    for e in view.edges:
        extra = {"id": e.id, "label": e.caption, "title": e.title, "kgType": e.type}
        if e.dashed:
            extra["dashes"] = True
        if e.props.get("id") and e.props.get("evidence"):
            extra["kgFact"] = str(e.props["id"])  # double-click opens /explain/<id> (served pages)
        net.add_edge(e.src, e.dst, **extra)
    net.options = view.options
    return net


def render_html(
    view: ViewModel, out_path: str | Path | None = None, *, embed: bool = False, vis_src: str | None = None
) -> str:
    """The page for ``view``; written to ``out_path`` when given.

    ``embed``: a minimal page for an ``<iframe>`` (no header, graph fills
    the frame). ``vis_src``: load vis-network from this same-origin URL
    instead of inlining it (the service does, so a browser fetches it once)."""
    net = build_network(view)
    page = net.generate_html()
    page = page.replace("@@KG_BODY_CLASS@@", "kg-embed" if embed else "kg-page", 1)
    page = page.replace("@@KG_HEADER@@", "" if embed else _header_html(view), 1)
    page = page.replace("@@KG_LEGEND@@", _legend_html(view), 1)
    clusters = json.dumps(view.clusters, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    page = page.replace("/*@@KG_CLUSTERS@@*/null", clusters, 1)
    if vis_src is not None:
        page = page.replace("<script>/*@@KG_VIS_JS@@*/</script>", f'<script src="{html.escape(vis_src)}"></script>', 1)
    else:
        page = page.replace("/*@@KG_VIS_JS@@*/", vis_network_js(), 1)
    if out_path is not None:
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
    return page
