"""The eight ratios of `make bench` (issue 12), each measured side by side in one run.

    P1            kg build of the corpus ÷ spaCy blank("zh") tokenising the same text   (goal ≤ 2)
    P2_time       build of a 32× corpus ÷ (32 × build of the 1× corpus)                  (goal ≤ 1.06)
    P2_rss        peak RSS of that build ÷ peak RSS of the 1× build                       (goal ≤ 1.5)
    P3_vs_unwind  Neo4jStore.load rows/s ÷ bare UNWIND … CREATE rows/s                   (goal ≥ 0.5)
    P3_vs_merge   Neo4jStore.load rows/s ÷ per-row MERGE rows/s                           (goal ≥ 10)
    P4            p95 latency of the named questions on a 100× graph ÷ on the 1× graph    (goal ≤ 2)
    P5            20,000-node view ready and readable ÷ the same for 2,000 nodes          (goal ≤ 10)
    P6            GET /embed req/s ÷ a bare FastAPI endpoint, loopback, bounded time       (goal ≥ 0.5)

Benchmarks, not tests: nothing here fails on a slow machine; a part that
cannot run (no Neo4j jars, no Chromium, no spaCy) reports ``null`` and says why.

Neo4j: ``$KG_TEST_NEO4J_URI`` (its graph is CLEARED), else a private server on
free loopback ports; ``KG_BENCH_NO_NEO4J=1`` skips P3.

Sizes: ``KG_BENCH_SIZE=full`` (default, the sizes above), ``small`` (4×, 10×,
5,000/500 nodes) or ``tiny`` (one gazette, 2×, 400/40 nodes: the smoke test).
The 32× corpus is written by :mod:`kg.scale` (distinct cities, people, mines,
文号 and dates; same layouts); the 100× graph is the 1× graph plus 99 copies
rewritten the same way (:meth:`kg.scale.ScaleCorpus.rewrite_batch`), so it is
not extracted from 100× text (that would take an hour here).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

SIZES: dict[str, dict[str, Any]] = {
    "full": {"p2": 32, "p4": 100, "p5": (20_000, 2_000), "p3": (20_000, 60_000, 6_000), "p6_s": 5.0,
             "p4_reps": 5},
    "small": {"p2": 4, "p4": 10, "p5": (5_000, 500), "p3": (4_000, 12_000, 2_000), "p6_s": 2.0, "p4_reps": 3},
    "tiny": {"p2": 2, "p4": 2, "p5": (1_200, 120), "p3": (300, 900, 300), "p6_s": 0.5, "p4_reps": 2},
}
KEYS = ("P1", "P2_time", "P2_rss", "P3_vs_unwind", "P3_vs_merge", "P4", "P5", "P6")


def size() -> tuple[str, dict[str, Any]]:
    name = os.environ.get("KG_BENCH_SIZE", "full")
    if name not in SIZES:
        raise SystemExit(f"KG_BENCH_SIZE must be one of {', '.join(SIZES)}, not {name!r}")
    return name, SIZES[name]


def corpus(name: str) -> list[Path]:
    files = sorted((ROOT / "data" / "gazettes").glob("*.txt"))
    if name == "tiny":
        return [min(files, key=lambda f: f.stat().st_size)]
    return files


def say(msg: str) -> None:
    print(msg, flush=True)


# ---------------------------------------------------------------- P1, P2
def _build_child(uri: str, paths: list[Path]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(HERE / "build_once.py"), uri, *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def spacy_seconds(paths: list[Path]) -> float | None:
    try:
        import spacy
    except ImportError:
        say("P1: spaCy is not installed (pip install -e '.[bench]'): P1 = null")
        return None
    nlp = spacy.blank("zh")  # the character segmenter: no model, no download
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp.max_length = max(len(t) for t in texts) + 1
    nlp("预热")  # untimed warm-up
    t0 = time.perf_counter()
    tokens = 0
    for t in texts:
        tokens += len(nlp(t))
    seconds = time.perf_counter() - t0
    say(f"spaCy {spacy.__version__} blank('zh') tokeniser: {tokens:,} tokens in {seconds:.2f} s")
    return seconds


def p1_p2(name: str, cfg: dict[str, Any], files: list[Path], tmp: Path) -> dict[str, float | None]:
    from kg.scale import ScaleCorpus

    one = _build_child("embedded://" + str(tmp / "g1"), files)
    say(f"kg build, 1× ({one['files']} files, {one['chars']:,} chars): {one['seconds']:.2f} s "
        f"= {one['chars'] / one['seconds']:,.0f} chars/s, peak RSS {one['rss_mb']:.0f} MB")
    sp = spacy_seconds(files)
    out: dict[str, float | None] = {"P1": one["seconds"] / sp if sp else None}
    n = cfg["p2"]
    sc = ScaleCorpus.from_corpus(files)
    big_dir = tmp / f"x{n}"
    t0 = time.perf_counter()
    written = sc.write(big_dir, n)
    say(f"scale corpus: {len(written)} files ({n}× the corpus, distinct) written in {time.perf_counter() - t0:.1f} s")
    big = _build_child("embedded://" + str(tmp / f"g{n}"), [big_dir])
    say(f"kg build, {n}× ({big['files']} files, {big['chars']:,} chars): {big['seconds']:.2f} s "
        f"= {big['chars'] / big['seconds']:,.0f} chars/s, peak RSS {big['rss_mb']:.0f} MB, {big['items']:,} items")
    out["P2_time"] = big["seconds"] / (n * one["seconds"])
    out["P2_rss"] = big["rss_mb"] / one["rss_mb"]
    out["_p2_copies"] = n
    return out


# ---------------------------------------------------------------- P3
def p3(cfg: dict[str, Any]) -> dict[str, float | None]:
    nodes, edges, per_row = cfg["p3"]
    if os.environ.get("KG_BENCH_NO_NEO4J") == "1":
        say("P3: skipped (KG_BENCH_NO_NEO4J=1)")
        return {"P3_vs_unwind": None, "P3_vs_merge": None}
    args = ["--nodes", str(nodes), "--edges", str(edges), "--per-row-limit", str(per_row), "--json"]
    proc = subprocess.run([sys.executable, str(HERE / "bench_neo4j_load.py"), *args],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        say("P3: Neo4j load benchmark could not run: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
        return {"P3_vs_unwind": None, "P3_vs_merge": None}
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    say(f"Neo4j ({r['server']}): {r['nodes']:,} nodes + {r['edges']:,} relationships")
    say(f"  Neo4jStore.load      {r['store_load']['seconds']:8.2f} s {r['store_load']['rows_per_s']:>9,} rows/s")
    say(f"  bare UNWIND CREATE   {r['unwind_create']['seconds']:8.2f} s {r['unwind_create']['rows_per_s']:>9,} rows/s")
    say(f"  per-row MERGE        {r['per_row_merge']['seconds']:8.2f} s {r['per_row_merge']['rows_per_s']:>9,} rows/s "
        f"({r['per_row_merge']['rows']:,} rows)")
    return {"P3_vs_unwind": r["store_vs_create"], "P3_vs_merge": r["store_vs_per_row"]}


# ---------------------------------------------------------------- P4
def question_args(batch: Any) -> list[tuple[str, dict[str, Any]]]:
    """One argument per named question, taken from the graph itself (first in
    sort order that has an answer), so no corpus name is written here."""
    nodes = {ref: n for ref, n in batch.nodes.items()}

    def first(rel: str, src_label: str | None, pick: str, prop: str) -> str | None:
        vals = []
        for e in batch.edges.values():
            if e.type != rel or (src_label and e.src.label != src_label):
                continue
            node = nodes[e.src if pick == "src" else e.dst]
            v = node.props.get(prop)
            if v:
                vals.append(str(v))
        return sorted(vals)[0] if vals else None

    out: list[tuple[str, dict[str, Any]]] = []
    task = first("LEADS", "Agency", "dst", "text")
    if task:
        out.append(("who", {"text": task[:8]}))
    agency = first("LEADS", "Agency", "src", "name")
    if agency:
        out.append(("duties", {"name": agency}))
    mine = first("SUPERVISES", None, "dst", "name")
    if mine:
        out.append(("chain", {"mine": mine}))
    doc = first("CITES", None, "src", "doc_number")
    if doc:
        out.append(("lineage", {"doc_number": doc}))
    person = first("SUPERVISES", "Person", "src", "name")
    if person:
        out.append(("person", {"name": person}))
    return out


def _p95(xs: list[float]) -> float:
    if len(xs) < 2:
        return xs[0]
    return statistics.quantiles(xs, n=20, method="inclusive")[18]


def p4(name: str, cfg: dict[str, Any], files: list[Path], tmp: Path) -> dict[str, float | None]:
    from kg import pipeline
    from kg.questions import run
    from kg.scale import ScaleCorpus
    from kg.stores import open_store

    batch = pipeline.run(files).batch
    sc = ScaleCorpus.from_corpus(files)
    n = cfg["p4"]
    qs = question_args(batch)
    lat: dict[int, list[float]] = {}
    for copies in (1, n):
        uri = "embedded://" + str(tmp / f"q{copies}")
        st = open_store(uri)
        t0 = time.perf_counter()
        step = 10  # load in slices of copies: the whole 100× batch is never in memory at once
        for start in range(0, copies, step):
            part = scaled_batch_range(sc, batch, start, min(copies, start + step))
            st.load(part, replace=start == 0)
        load_s = time.perf_counter() - t0
        counts = st.counts()
        st.close()
        st = open_store(uri, read_only=True)
        for q, kw in qs:  # warm-up, untimed: the first query of a connection pays for opening it
            run(q, st, **kw)
        times: list[float] = []
        for _ in range(cfg["p4_reps"]):
            for q, kw in qs:
                t = time.perf_counter()
                run(q, st, **kw)
                times.append(time.perf_counter() - t)
        st.close()
        lat[copies] = times
        say(f"named questions on the {copies}× graph ({sum(counts.values()):,} items, loaded in {load_s:.1f} s): "
            f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {_p95(times) * 1000:.1f} ms "
            f"({len(times)} answers: {', '.join(q for q, _ in qs)})")
    return {"P4": _p95(lat[n]) / _p95(lat[1]), "_p4_copies": n}


def scaled_batch_range(sc: Any, batch: Any, start: int, stop: int) -> Any:
    from kg.scale import scaled_batch

    return scaled_batch(sc, batch, stop, start=start)


# ---------------------------------------------------------------- P5
def p5(cfg: dict[str, Any]) -> dict[str, float | None]:
    import bench_views as bv

    big, small = cfg["p5"]
    res = {}
    for n in (small, big):
        r = bv.bench_view_ready(n)
        if r is None:
            return {"P5": None}
        res[n] = r
        say(f"view of {n:,} nodes: python {r['python_s']:.2f} s (view model + level of detail + layout + HTML, "
            f"{r['html_kb']:,} KB), Chromium ready at {r['ready_ms']} ms; drawn {r['visible']} items "
            f"({r['clusters']} clusters), readable: {r['readable']}")
    if not all(r["readable"] for r in res.values()):
        say("P5: a view was not readable (too many items drawn or labels hidden)")
    total = {n: r["python_s"] * 1000 + r["ready_ms"] for n, r in res.items()}
    return {"P5": total[big] / total[small], "_p5_readable": all(r["readable"] for r in res.values())}


# ---------------------------------------------------------------- P6
def p6(cfg: dict[str, Any]) -> dict[str, float | None]:
    import bench_views as bv

    h = bv.bench_http(cfg["p6_s"], 4)
    say(f"GET /embed/who ({h['embed_kb']} KB page): {h['embed_rps']:.1f} req/s (errors {h['embed_errors']}); "
        f"bare FastAPI endpoint: {h['bare_rps']:.1f} req/s (errors {h['bare_errors']}); "
        f"4 clients, {cfg['p6_s']:.1f} s each")
    return {"P6": h["embed_rps"] / max(h["bare_rps"], 1e-9)}


def main() -> int:
    name, cfg = size()
    files = corpus(name)
    say(f"== make bench, size {name} ({', '.join(f.name for f in files)})")
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as t:
        tmp = Path(t)
        for label, fn in (
            ("P1, P2: build", lambda: p1_p2(name, cfg, files, tmp)),
            ("P3: Neo4j load", lambda: p3(cfg)),
            ("P4: named questions at scale", lambda: p4(name, cfg, files, tmp)),
            ("P5: large views in Chromium", lambda: p5(cfg)),
            ("P6: embed throughput", lambda: p6(cfg)),
        ):
            say(f"\n-- {label}")
            try:
                out.update(fn())
            except Exception as exc:  # a benchmark that breaks reports null, the others still run
                say(f"{label} failed: {type(exc).__name__}: {exc}")
    figures = {k: (round(out[k], 3) if isinstance(out.get(k), float | int) else None) for k in KEYS}
    say("")
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
