"""Time against input size: one gazette file of about 1 MB and one of N MB (default 8;
``--mb 50`` for the issue's case), built from the bundled gazettes repeated (each copy a
full issue: documents, tables and page furniture). Prints seconds per MB for both and
their ratio (1.0 = linear). A benchmark, not a test: nothing fails on a slow machine.

    python bench/bench_linear.py [--mb N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import pipeline  # noqa: E402


def make_input(dirpath: Path, mb: float) -> Path:
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "gazettes").glob("*.txt"))]
    out: list[str] = []
    size = 0
    i = 0
    while size < mb * 1_000_000:
        text = parts[i % len(parts)]
        out.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    path = dirpath / f"big-{mb:g}mb.txt"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def seconds(path: Path) -> float:
    t0 = time.perf_counter()
    pipeline.run([path])
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=8.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        small, big = make_input(Path(d), 1.0), make_input(Path(d), args.mb)
        ms, mb = small.stat().st_size / 1e6, big.stat().st_size / 1e6
        ts, tb = seconds(small), seconds(big)
    print(f"{ms:6.2f} MB  {ts:7.1f} s  {ts / ms:6.2f} s/MB")
    print(f"{mb:6.2f} MB  {tb:7.1f} s  {tb / mb:6.2f} s/MB")
    print(f"per-MB time ratio ({mb:.0f} MB vs 1 MB): {(tb / mb) / (ts / ms):.2f}  (1.0 = linear)")


if __name__ == "__main__":
    main()
