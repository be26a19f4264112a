"""Benchmark (not a test): Neo4jStore.load against two baselines, one run.

On the same synthetic rows (default 20k nodes + 60k relationships, every
relationship with full provenance), each on an emptied graph with the
store's constraints and indexes in place:

1. ``Neo4jStore.load`` — batched ``UNWIND $rows … MERGE … SET += …``, the
   whole batch in one transaction (what ``kg build --store bolt://…`` does).
2. bare ``UNWIND $rows … CREATE`` of the same rows, same chunks, one
   transaction: the floor for loading over Bolt (not idempotent).
3. per-row ``MERGE``: one statement per row, all in one transaction (the
   naive loader). ``--per-row-limit N`` runs it on a proportional sub-batch of
   N rows instead, to keep the run short; rows/s are reported either way.

    .venv/bin/python bench/bench_neo4j_load.py [--uri bolt://127.0.0.1:7687]
        [--nodes 20000] [--edges 60000] [--per-row-limit 0] [--json]

Without ``--uri`` (or ``$KG_TEST_NEO4J_URI``) it starts a private local server
(``make install`` must have fetched the jars) on free loopback ports and stops
it at the end. The graph at ``--uri`` is CLEARED.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import GraphBatch, NodeRef, Provenance  # noqa: E402
from kg.schema import load_schema  # noqa: E402
from kg.stores.neo4j import CHUNK, Neo4jStore, _q  # noqa: E402
from kg.stores.rows import RawGraph, batch_to_raw  # noqa: E402

# (label, share of nodes)
_NODE_MIX = (("Task", 0.4), ("Agency", 0.2), ("Person", 0.2), ("Post", 0.1), ("Document", 0.1))
# (type, src label, dst label, share of edges)
_EDGE_MIX = (
    ("LEADS", "Agency", "Task", 0.25),
    ("SUPPORTS", "Agency", "Task", 0.25),
    ("RESPONSIBLE_FOR", "Post", "Task", 0.1),
    ("HAS_TASK", "Document", "Task", 0.2),
    ("HOLDS_POST", "Person", "Post", 0.1),
    ("POST_OF", "Post", "Agency", 0.1),
)


def synthetic_batch(n_nodes: int, n_edges: int, seed: int = 7) -> GraphBatch:
    rnd = random.Random(seed)
    b = GraphBatch()
    refs: dict[str, list[NodeRef]] = {}
    for label, share in _NODE_MIX:
        count = max(1, round(n_nodes * share))
        for i in range(count):
            key = f"{label.lower()}:bench:{i}"
            props: dict[str, Any] = {"name": f"{label}第{i}号"}
            if label == "Task":
                props.update(text=f"开展第{i}项隐患排查整治工作，确保按期完成。", line=i % 5000 + 1, doc_number=f"测政发〔2024〕{i % 97}号")
            elif label == "Agency":
                props.update(city="测试市", aliases=[f"市第{i}局"])
            elif label == "Document":
                props.update(doc_number=f"测政发〔2024〕{i}号", title=f"关于印发第{i}号方案的通知", in_corpus=True)
            refs.setdefault(label, []).append(b.add_node(label, key, **props))
    i = 0
    for rel, src, dst, share in _EDGE_MIX:
        for _ in range(round(n_edges * share)):
            i += 1
            prov = Provenance(
                "/data/测试市-2024-01.txt", f"测政发〔2024〕{i % 97}号", i % 5000 + 1, i % 40, i, i + 12,
                f"第{i}条证据文字：市应急局牵头，市财政局配合", "bench", "1",
            )
            extra = {"as_printed": f"市第{i % 50}局", "ordinal": i % 5} if rel in ("LEADS", "SUPPORTS") else {}
            b.add_edge(rel, rnd.choice(refs[src]), rnd.choice(refs[dst]), prov, **extra)
    return b


def _rows(raw: RawGraph) -> int:
    return raw.node_count() + raw.edge_count()


def bench_store(st: Neo4jStore, batch: GraphBatch) -> float:
    st.clear()
    t0 = time.perf_counter()
    st.load(batch)
    return time.perf_counter() - t0


def bench_create(st: Neo4jStore, raw: RawGraph) -> float:
    """Bare UNWIND … CREATE of the same rows and chunks, one transaction."""
    st.clear()

    def work(tx: Any) -> None:
        for label, nodes in sorted(raw.nodes.items()):
            rows = list(nodes.values())
            for i in range(0, len(rows), CHUNK):
                tx.run(f"UNWIND $rows AS row CREATE (n:{_q(label)}) SET n = row", rows=rows[i : i + CHUNK]).consume()
        for rel, edges in sorted(raw.edges.items()):
            groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for sl, sid, dl, did, props in edges.values():
                groups.setdefault((sl, dl), []).append({"src": sid, "dst": did, "props": props})
            for (sl, dl), rows in sorted(groups.items()):
                cypher = (
                    f"UNWIND $rows AS row MATCH (a:{_q(sl)} {{id: row.src}}) MATCH (b:{_q(dl)} {{id: row.dst}}) "
                    f"CREATE (a)-[r:{_q(rel)}]->(b) SET r = row.props"
                )
                for i in range(0, len(rows), CHUNK):
                    tx.run(cypher, rows=rows[i : i + CHUNK]).consume()

    t0 = time.perf_counter()
    with st._session(write=True) as session:
        session.execute_write(work)
    return time.perf_counter() - t0


def bench_per_row(st: Neo4jStore, raw: RawGraph) -> float:
    """One MERGE statement per row, one transaction."""
    st.clear()

    def work(tx: Any) -> None:
        for label, nodes in sorted(raw.nodes.items()):
            cypher = f"MERGE (n:{_q(label)} {{id: $id}}) SET n += $props"
            for nid, props in nodes.items():
                tx.run(cypher, id=nid, props=props).consume()
        for rel, edges in sorted(raw.edges.items()):
            for eid, (sl, sid, dl, did, props) in edges.items():
                tx.run(
                    f"MATCH (a:{_q(sl)} {{id: $src}}) MATCH (b:{_q(dl)} {{id: $dst}}) "
                    f"MERGE (a)-[r:{_q(rel)} {{id: $id}}]->(b) SET r += $props",
                    src=sid, dst=did, id=eid, props=props,
                ).consume()

    t0 = time.perf_counter()
    with st._session(write=True) as session:
        session.execute_write(work)
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uri", default=os.environ.get("KG_TEST_NEO4J_URI"), help="Bolt URI (graph is cleared)")
    ap.add_argument("--nodes", type=int, default=20_000)
    ap.add_argument("--edges", type=int, default=60_000)
    ap.add_argument("--per-row-limit", type=int, default=0, help="rows for the per-row run (0: all)")
    ap.add_argument("--heap", default="1g", help="heap of the private server")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args(argv)

    from kg import neo4j_server as srv

    home = None
    uri = args.uri
    if not uri:
        home = Path(tempfile.mkdtemp(prefix="kg-bench-neo4j-"))
        os.environ["KG_NEO4J_STATE"] = str(home / "registry")
        print(f"starting a private Neo4j in {home} ...", file=sys.stderr)
        uri = srv.start(home, bolt_port=_free_port(), http_port=_free_port(), heap=args.heap).bolt_uri
    try:
        batch = synthetic_batch(args.nodes, args.edges)
        raw = batch_to_raw(batch, load_schema())
        n = _rows(raw)
        if args.per_row_limit and args.per_row_limit < n:
            share = args.per_row_limit / n
            small = batch_to_raw(synthetic_batch(round(args.nodes * share), round(args.edges * share)), load_schema())
        else:
            small = raw
        st = Neo4jStore(uri)
        try:
            st.ensure_schema()
            # Warm up the JVM and the plan cache on a small batch, untimed.
            warm = synthetic_batch(200, 600, seed=1)
            bench_store(st, warm)
            bench_create(st, batch_to_raw(warm, load_schema()))
            bench_per_row(st, batch_to_raw(synthetic_batch(20, 60, seed=1), load_schema()))

            t_store = bench_store(st, batch)
            counts = st.counts()
            t_create = bench_create(st, raw)
            t_row = bench_per_row(st, small)
            version = st.server_agent()
            st.clear()
        finally:
            st.close()
    finally:
        if home is not None:
            srv.stop(home)

    rs_store, rs_create, rs_row = n / t_store, n / t_create, _rows(small) / t_row
    result = {
        "server": version,
        "uri": uri,
        "nodes": raw.node_count(),
        "edges": raw.edge_count(),
        "counts_after_store_load": counts,
        "store_load": {"seconds": round(t_store, 3), "rows_per_s": round(rs_store)},
        "unwind_create": {"seconds": round(t_create, 3), "rows_per_s": round(rs_create)},
        "per_row_merge": {"rows": _rows(small), "seconds": round(t_row, 3), "rows_per_s": round(rs_row)},
        "store_vs_create": round(rs_store / rs_create, 3),
        "store_vs_per_row": round(rs_store / rs_row, 2),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{version} at {uri}: {raw.node_count()} nodes + {raw.edge_count()} relationships = {n} rows")
    print(f"{'method':<46}{'rows':>8}{'seconds':>10}{'rows/s':>10}")
    print(f"{'Neo4jStore.load (UNWIND MERGE, one tx)':<46}{n:>8}{t_store:>10.2f}{rs_store:>10.0f}")
    print(f"{'bare UNWIND CREATE (one tx)':<46}{n:>8}{t_create:>10.2f}{rs_create:>10.0f}")
    print(f"{'per-row MERGE (one statement per row, one tx)':<46}{_rows(small):>8}{t_row:>10.2f}{rs_row:>10.0f}")
    print(f"store / bare CREATE: {rs_store / rs_create:.2f}x   store / per-row MERGE: {rs_store / rs_row:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
