"""Benchmark (not a test): the pipeline and the embedded store, measured in one run.

Prints the pipeline's throughput on the bundled corpus (characters/s), the
embedded store's load rate (copy-and-swap) beside per-row MERGE of the same
rows in LadybugDB, and a re-load of the same graph (idempotent).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from kg import pipeline
    from kg.schema import load_schema
    from kg.stores.embedded import EmbeddedStore
    from kg.stores.rows import batch_to_raw

    data = ROOT / "data" / "gazettes"
    chars = sum(len(p.read_text(encoding="utf-8")) for p in data.glob("*.txt"))
    t0 = time.perf_counter()
    result = pipeline.run([data])
    t_pipe = time.perf_counter() - t0
    raw = batch_to_raw(result.batch, load_schema())
    rows = raw.node_count() + raw.edge_count()
    print(f"pipeline: {chars} chars in {t_pipe:.2f} s = {chars / t_pipe:,.0f} chars/s "
          f"({len(result.gazettes)} gazettes, {rows} rows)")

    with tempfile.TemporaryDirectory() as tmp:
        st = EmbeddedStore("embedded://" + str(Path(tmp) / "g"))
        t0 = time.perf_counter()
        st.load(result.batch, replace=True)
        t_copy = time.perf_counter() - t0
        t0 = time.perf_counter()
        st.load(result.batch)
        t_reload = time.perf_counter() - t0
        counts = st.counts()
        st.close()

        # per-row MERGE of the same node rows (a sample, extrapolated) in a fresh database
        import ladybug

        db = ladybug.Database(str(Path(tmp) / "m"))
        conn = ladybug.Connection(db)
        EmbeddedStore._create_schema(conn)
        sample = []
        for label, nodes in raw.nodes.items():
            for nid, props in list(nodes.items())[:150]:
                sample.append((label, nid, props.get("name")))
        t0 = time.perf_counter()
        for label, nid, name in sample:
            conn.execute(f"MERGE (n:`{label}` {{id: $id}}) SET n.name = $name", {"id": nid, "name": name})
        t_merge = (time.perf_counter() - t0) / len(sample)
        conn.close()
        db.close()
    copy_rate = rows / t_copy
    merge_rate = 1 / t_merge
    print(f"embedded load (COPY + atomic swap): {rows} rows in {t_copy:.2f} s = {copy_rate:,.0f} rows/s")
    print(f"embedded re-load of the same graph (merge, idempotent): {t_reload:.2f} s; counts unchanged: "
          f"{sum(counts.values())} items")
    print(f"per-row MERGE in LadybugDB: {merge_rate:,.0f} rows/s (sample of {len(sample)} node rows)")
    print(f"ratio COPY/per-row MERGE: {copy_rate / merge_rate:.1f}x")


if __name__ == "__main__":
    main()
