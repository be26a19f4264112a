"""The `make bench` harness runs end to end on a tiny size and ends with the JSON
line of the eight ratios (a smoke test: no figure is checked against a goal)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, _neo4j_uri

KEYS = ["P1", "P2_time", "P2_rss", "P3_vs_unwind", "P3_vs_merge", "P4", "P5", "P6"]


@pytest.mark.slow
def test_bench_harness_prints_the_json_line_last() -> None:
    env = dict(os.environ, KG_BENCH_SIZE="tiny")
    uri = _neo4j_uri()
    if uri:
        env["KG_TEST_NEO4J_URI"] = uri
    else:
        env["KG_BENCH_NO_NEO4J"] = "1"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run_all.py")], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    figures = json.loads(lines[-1])
    assert list(figures) == KEYS
    assert all(v is None or (isinstance(v, int | float) and v > 0) for v in figures.values()), figures
    for key in ("P2_time", "P2_rss", "P4", "P6"):
        assert figures[key] is not None, (key, proc.stdout[-3000:])
    assert (figures["P1"] is None) == (importlib.util.find_spec("spacy") is None)
    assert (figures["P3_vs_unwind"] is None) == (uri is None)
    browser = shutil.which("chromium") and (ROOT / "node_modules" / "playwright-core").exists()
    assert (figures["P5"] is None) == (not browser), proc.stdout[-3000:]
    out = proc.stdout
    assert "kg build, 1×" in out and "kg build, 2×" in out and "named questions on the 2× graph" in out
