"""Benchmark (not a test): views in a real browser, and the embed endpoint.

1. A 2,000-node view: time until it is ready in headless Chromium —
   ours (layout computed in Python, physics off: first draw) beside stock
   pyvis defaults on the same graph (physics on: stabilizationIterationsDone
   and the later ``stabilized``). Driven by playwright-core (npm, at the repo
   root) with the system ``/usr/bin/chromium``; outside requests are aborted
   (stock pyvis links Bootstrap from a CDN).
2. Embed-page requests/s (``GET /embed/who``) beside a bare FastAPI endpoint
   returning a constant string, both under uvicorn on loopback, loaded by an
   httpx loop for a bounded time.

    .venv/bin/python bench/bench_views.py [--nodes 2000] [--seconds 5]

Prints the numbers and their ratios. Needs: chromium (apt), ``npm ci`` (for
playwright-core); without them part 1 is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_NODE_SCRIPT = r"""
const { chromium } = require(process.env.PW_CORE);
(async () => {
  const pages = JSON.parse(process.argv[2]);
  const limitMs = Number(process.argv[3]);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  const out = {};
  for (const [name, file] of Object.entries(pages)) {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    let blocked = 0;
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) { return route.continue(); }
      blocked++; return route.abort();
    });
    const t0 = Date.now();
    await page.goto("file://" + file, { waitUntil: "load", timeout: limitMs });
    const loadMs = Date.now() - t0;
    let res;
    try {
      await page.waitForFunction(() => window.__bench && window.__bench.done, null, { timeout: limitMs, polling: 100 });
      res = await page.evaluate(() => window.__bench);
    } catch (e) {
      res = await page.evaluate(() => window.__bench || {});
      res.timeout = true;
    }
    out[name] = Object.assign({ loadMs: loadMs, wallMs: Date.now() - t0, blocked: blocked }, res);
    await ctx.close();
  }
  await browser.close();
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""

# Hooks both pages' global `network` (pyvis templates and ours keep it global).
_PROBE = """<script>
(function () {
  var b = window.__bench = { done: false };
  function now() { return Math.round(performance.now()); }
  var physics = !!(network && network.physics && network.physics.options && network.physics.options.enabled);
  b.physics = physics;
  function ready() { if (b.done) { return; } b.readyMs = now(); b.done = true; }
  // our pages record their own first draw (it may come before this probe is attached)
  var d = document.body.dataset;
  if (!physics && d.kgReadyMs) { b.firstDrawMs = Number(d.kgReadyMs); b.readyMs = b.firstDrawMs; b.done = true; }
  b.labelPx = d.kgLabelPx ? Number(d.kgLabelPx) : null;
  document.addEventListener("kg:ready", function (ev) { b.labelPx = ev.detail.labelPx; });
  network.once("afterDrawing", function () { if (!b.firstDrawMs) { b.firstDrawMs = now(); } if (!physics) { ready(); } });
  network.once("stabilizationIterationsDone", function () {
    b.stabilizationDoneMs = now();
    network.once("afterDrawing", ready);  // the settled layout on screen
  });
  network.once("stabilized", function (p) { b.stabilizedMs = now(); b.iterations = p && p.iterations; });
})();
</script>
"""


def synthetic_rows(n_nodes: int, seed: int = 7) -> list[list[dict[str, Any]]]:
    """A gazette-shaped graph: agencies lead / support tasks, people supervise
    mines and sit on groups. Returned as query-like rows (a, r, b)."""
    rng = random.Random(seed)
    n_ag, n_person, n_group, n_mine = n_nodes // 20, n_nodes // 10, n_nodes // 50, n_nodes // 8
    n_task = n_nodes - n_ag - n_person - n_group - n_mine
    ag = [{"_label": "Agency", "id": f"a{i}", "name": f"测试市第{i}局"} for i in range(n_ag)]
    ps = [{"_label": "Person", "id": f"p{i}", "name": f"人员{i}"} for i in range(n_person)]
    gr = [{"_label": "Group", "id": f"g{i}", "name": f"第{i}领导小组"} for i in range(n_group)]
    mi = [{"_label": "CoalMine", "id": f"m{i}", "name": f"第{i}煤矿"} for i in range(n_mine)]
    tk = [
        {"_label": "Task", "id": f"t{i}", "name": f"任务{i}", "text": f"开展第{i}项工作"}
        for i in range(n_task)
    ]
    rows: list[list[dict[str, Any]]] = []
    k = 0

    def rel(t: str, **p: Any) -> dict[str, Any]:
        nonlocal k
        k += 1
        return {"_type": t, "id": f"e{k}", "file": "bench.txt", "line": k, "evidence": f"证据{k}", **p}

    for i, t in enumerate(tk):
        rows.append([ag[rng.randrange(n_ag)], rel("LEADS", ordinal=1), t])
        if i % 2 == 0:
            rows.append([ag[rng.randrange(n_ag)], rel("SUPPORTS", ordinal=2), t])
    for m in mi:
        rows.append(
            [ps[rng.randrange(n_person)], rel("SUPERVISES", level="市级", valid_from="2020-01-01"), m]
        )
    for p in ps:
        rows.append([p, rel("MEMBER_OF", role="成员"), gr[rng.randrange(n_group)]])
    return rows


def stock_pyvis_html(rows: list[list[dict[str, Any]]]) -> str:
    """The same graph through stock pyvis defaults (Network(), add_node, add_edge)."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")  # 'local' would load vis-network from a CDN
    seen: set[str] = set()
    for a, r, b in rows:
        for n in (a, b):
            if n["id"] not in seen:
                seen.add(n["id"])
                net.add_node(n["id"], label=n["name"])
        net.add_edge(a["id"], b["id"], title=r["_type"])
    return str(net.generate_html())


def _inject(page: str) -> str:
    i = page.rfind("</body>")
    return page[:i] + _PROBE + page[i:]


def bench_browser(n_nodes: int, limit_s: float) -> dict[str, Any] | None:
    from kg.visualisations import render_html, view_from_rows

    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium")
    pw = ROOT / "node_modules" / "playwright-core"
    node = shutil.which("node")
    if not chromium or not pw.exists() or not node:
        print("browser part skipped: needs chromium (apt-get install -y chromium), node and `npm ci`")
        return None
    rows = synthetic_rows(n_nodes)
    t = time.perf_counter()
    view = view_from_rows(rows, title="bench")
    t_view = time.perf_counter() - t
    t = time.perf_counter()
    ours = render_html(view)
    t_render = time.perf_counter() - t
    t = time.perf_counter()
    stock = stock_pyvis_html(rows)
    t_stock = time.perf_counter() - t
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    files = {"kg": tmp / "kg.html", "pyvis": tmp / "pyvis.html"}
    files["kg"].write_text(_inject(ours), encoding="utf-8")
    files["pyvis"].write_text(_inject(stock), encoding="utf-8")
    script = tmp / "bench.js"
    script.write_text(_NODE_SCRIPT, encoding="utf-8")
    env = dict(os.environ, PW_CORE=str(pw), CHROMIUM=chromium)
    proc = subprocess.run(
        [node, str(script), json.dumps({k: str(v) for k, v in files.items()}), str(int(limit_s * 1000))],
        capture_output=True,
        text=True,
        env=env,
        timeout=limit_s * 3 + 60,
    )
    shutil.rmtree(tmp, ignore_errors=True)
    if proc.returncode != 0:
        print("browser part failed:", proc.stderr[-2000:])
        return None
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["python"] = {
        "view_s": t_view,
        "render_s": t_render,
        "stock_render_s": t_stock,
        "nodes": len(view.nodes),
        "edges": len(view.edges),
        "html_kb": len(ours) // 1024,
        "stock_html_kb": len(stock) // 1024,
    }
    return res


# label size on screen under which vis-network does not draw a label (its default drawThreshold)
READABLE_LABEL_PX = 5.0
# most items one view may draw and still be read
READABLE_ITEMS = 3000


def bench_view_ready(n_nodes: int, limit_s: float = 120.0) -> dict[str, Any] | None:
    """Our view of ``n_nodes`` (level of detail above kg.visualisations.lod.LOD_VIEW):
    Python time to the HTML, then Chromium time from navigation to the first
    draw, and whether it can be read (labels drawn at the fitted zoom, at most
    READABLE_ITEMS items drawn)."""
    from kg.visualisations import render_html, view_from_rows

    chromium = os.environ.get("KG_CHROMIUM") or shutil.which("chromium")
    pw = ROOT / "node_modules" / "playwright-core"
    node = shutil.which("node")
    if not chromium or not pw.exists() or not node:
        print("view part skipped: needs chromium (apt-get install -y chromium), node and `npm ci`")
        return None
    rows = synthetic_rows(n_nodes)
    t = time.perf_counter()
    view = view_from_rows(rows, title="bench")
    page = render_html(view)
    python_s = time.perf_counter() - t
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    f = tmp / "kg.html"
    f.write_text(_inject(page), encoding="utf-8")
    script = tmp / "bench.js"
    script.write_text(_NODE_SCRIPT, encoding="utf-8")
    env = dict(os.environ, PW_CORE=str(pw), CHROMIUM=chromium)
    proc = subprocess.run(
        [node, str(script), json.dumps({"kg": str(f)}), str(int(limit_s * 1000))],
        capture_output=True, text=True, env=env, timeout=limit_s * 2 + 60,
    )
    shutil.rmtree(tmp, ignore_errors=True)
    if proc.returncode != 0:
        print("view part failed:", proc.stderr[-2000:])
        return None
    res = json.loads(proc.stdout.strip().splitlines()[-1])["kg"]
    label_px = float(res.get("labelPx") or 0)
    visible = len(view.nodes) + len(view.edges)
    return {
        "python_s": python_s,
        "ready_ms": res.get("readyMs"),
        "html_kb": len(page) // 1024,
        "visible": visible,
        "clusters": len(view.clusters),
        "label_px": label_px,
        "readable": bool(res.get("readyMs")) and label_px >= READABLE_LABEL_PX and visible <= READABLE_ITEMS,
    }


# ---------------------------------------------------------------- HTTP


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(app: Any) -> tuple[Any, str]:
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.02)
    return srv, f"http://127.0.0.1:{port}"


def _load(url: str, seconds: float, workers: int) -> tuple[float, int]:
    import httpx

    stop = time.monotonic() + seconds
    counts = [0] * workers
    errors = [0] * workers

    def loop(i: int) -> None:
        with httpx.Client(timeout=30) as c:
            while time.monotonic() < stop:
                r = c.get(url)
                if r.status_code == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1

    t = time.monotonic()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return sum(counts) / (time.monotonic() - t), sum(errors)


def bench_http(seconds: float, workers: int) -> dict[str, Any]:
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse

    from kg.model import GraphBatch, Provenance
    from kg.service import create_app
    from kg.stores import open_store

    b = GraphBatch()
    lead = b.add_node("Agency", "a1", name="市应急管理局")
    sup = b.add_node("Agency", "a2", name="市公安局")
    for i in range(40):
        t = b.add_node("Task", f"t{i}", name=f"专项任务{i}", text=f"专项任务{i}")
        ev = f"市应急管理局牵头，市公安局配合，专项任务{i}"
        b.add_edge("LEADS", lead, t, Provenance("b.txt", None, i + 1, 0, 0, 1, ev, "bench", "1"))
        b.add_edge("SUPPORTS", sup, t, Provenance("b.txt", None, i + 1, 0, 0, 1, ev, "bench", "1"))
    uri = "embedded://" + tempfile.mkdtemp(prefix="kg-bench-") + "/g"
    st = open_store(uri)
    st.load(b, replace=True)
    st.close()

    bare = FastAPI()

    @bare.get("/bare")
    def _bare() -> PlainTextResponse:
        return PlainTextResponse("ok")

    s1, base1 = _start(create_app(uri, token=""))
    s2, base2 = _start(bare)
    embed_url = base1 + "/embed/who?text=%E4%B8%93%E9%A1%B9"
    import httpx

    first = httpx.get(embed_url, timeout=30)
    assert first.status_code == 200, first.text[:300]
    out: dict[str, Any] = {"embed_kb": len(first.content) // 1024, "workers": workers}
    out["embed_rps"], out["embed_errors"] = _load(embed_url, seconds, workers)
    out["bare_rps"], out["bare_errors"] = _load(base2 + "/bare", seconds, workers)
    s1.should_exit = s2.should_exit = True
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--seconds", type=float, default=5.0, help="load time per HTTP endpoint")
    ap.add_argument("--workers", type=int, default=4, help="concurrent HTTP clients")
    ap.add_argument("--browser-limit", type=float, default=60.0, help="seconds to wait for a page to settle")
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-http", action="store_true")
    args = ap.parse_args(argv)

    if not args.skip_browser:
        res = bench_browser(args.nodes, args.browser_limit)
        if res:
            py, kg, pv = res["python"], res["kg"], res["pyvis"]
            print(f"== {py['nodes']} nodes, {py['edges']} edges in headless Chromium ==")
            print(
                f"python: view model + layout {py['view_s']:.2f}s, render {py['render_s']:.2f}s "
                f"({py['html_kb']} KB); stock pyvis render {py['stock_render_s']:.2f}s ({py['stock_html_kb']} KB)"
            )
            print(
                f"kg (layout in Python, physics off): ready (first draw) at {kg.get('readyMs')} ms "
                f"after navigation start; blocked requests {kg['blocked']}"
            )
            print(
                f"stock pyvis defaults (physics on): stabilizationIterationsDone at {pv.get('stabilizationDoneMs')} ms, "
                f"stabilized at {pv.get('stabilizedMs')} ms, first draw {pv.get('firstDrawMs')} ms"
                f"{' (TIMED OUT at limit)' if pv.get('timeout') else ''}; blocked requests {pv['blocked']}"
            )
            if kg.get("readyMs") and pv.get("readyMs"):
                print(f"ratio stock/kg time-to-ready: {pv['readyMs'] / kg['readyMs']:.1f}x")
            elif kg.get("readyMs") and pv.get("timeout"):
                bound = args.browser_limit * 1000 / kg["readyMs"]
                print(
                    f"ratio stock/kg time-to-ready: > {bound:.0f}x (stock not ready within {args.browser_limit:.0f}s)"
                )
            if kg.get("readyMs") and pv.get("stabilizedMs"):
                print(f"ratio stock stabilized / kg ready: {pv['stabilizedMs'] / kg['readyMs']:.1f}x")
    if not args.skip_http:
        h = bench_http(args.seconds, args.workers)
        print(f"== HTTP on loopback, {h['workers']} clients, {args.seconds:.0f}s each ==")
        print(
            f"GET /embed/who (42 nodes, {h['embed_kb']} KB page): {h['embed_rps']:.1f} req/s "
            f"(errors {h['embed_errors']})"
        )
        print(f"bare FastAPI endpoint: {h['bare_rps']:.1f} req/s (errors {h['bare_errors']})")
        print(f"ratio bare/embed: {h['bare_rps'] / max(h['embed_rps'], 1e-9):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
