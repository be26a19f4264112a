"""One writer per store, with real concurrent processes (kg.stores.lock).

* two `kg build` processes merging different gazettes into one store at once, with
  --wait: both exit 0 and the graph holds both gazettes (before the lock, one was lost);
* a store whose lock another process holds: `kg build` fails at once with KG304, or
  after --wait seconds with a progress line;
* a live build's temporary database is never removed by another build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.stores import open_store
from tests.conftest import ROOT

KG = [sys.executable, "-c", "import sys; from kg.cli import main; main(sys.argv[1:])"]
SMALL = [ROOT / "tests/fixtures/heldout/corpus/changzhi-2021-03.txt", ROOT / "tests/fixtures/heldout/corpus/jincheng-2019-02.txt"]

HOLD = """
import sys, time
from kg.stores import open_store
st = open_store(sys.argv[1])
with st.writer_lock():
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _env() -> dict[str, str]:
    # a killed holder's Neo4j lease runs out after 3 s instead of 30
    return {**os.environ, "PYTHONPATH": str(ROOT), "KG_WRITER_LEASE": "3"}


def _build(uri: str, path: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*KG, "build", str(path), "--store", uri, *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)


def _holder(uri: str, seconds: float) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-c", HOLD, uri, str(seconds)], stdout=subprocess.PIPE, text=True,
                         env=_env(), cwd=ROOT)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def _stop(p: subprocess.Popen[str]) -> None:
    p.kill()
    p.communicate(timeout=60)


def _gazettes(uri: str) -> int:
    st = open_store(uri, read_only=True)
    try:
        return int(st.query("MATCH (g:Gazette) RETURN count(g)").rows[0][0])
    finally:
        st.close()


@pytest.mark.parametrize("trial", range(3))
def test_two_concurrent_builds_keep_both_gazettes(store_uri: str, trial: int) -> None:
    procs = [_build(store_uri, p, "--wait", "120") for p in SMALL]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert _gazettes(store_uri) == 2


def test_held_lock_fails_fast_with_kg304(store_uri: str) -> None:
    holder = _holder(store_uri, 60)
    try:
        t0 = time.monotonic()
        p = _build(store_uri, SMALL[0])
        _, err = p.communicate(timeout=120)
        assert p.returncode == 3 and "KG304" in err and "--wait" in err, err
        p = _build(store_uri, SMALL[0], "--wait", "3")
        _, err = p.communicate(timeout=120)
        assert p.returncode == 3 and "KG304" in err and "waiting for the writer lock" in err, err
        assert time.monotonic() - t0 < 60  # it did not wait for the holder
    finally:
        _stop(holder)
    # the holder died: its lock went with it (embedded: at once; Neo4j: when its lease runs out)
    p = _build(store_uri, SMALL[0], *(() if store_uri.startswith("embedded") else ("--wait", "30")))
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err


def test_waiting_build_goes_ahead_when_the_holder_finishes(store_uri: str) -> None:
    holder = _holder(store_uri, 3)
    p = _build(store_uri, SMALL[0], "--wait", "120")
    _, err = p.communicate(timeout=300)
    holder.communicate(timeout=60)
    assert p.returncode == 0, err
    assert _gazettes(store_uri) == 1


def test_a_live_builds_temporary_files_are_not_touched(tmp_path: Path) -> None:
    uri = "embedded://" + str(tmp_path / "graph")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        other = tmp_path / f".graph.building-{live.pid}"
        other.write_bytes(b"another build's database")
        dead = tmp_path / ".graph.building-999999999"
        dead.write_bytes(b"left by a killed build")
        p = _build(uri, SMALL[0])
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert other.exists() and not dead.exists()
    finally:
        live.kill()
        live.wait()


def test_lock_file_sits_beside_the_database(tmp_path: Path) -> None:
    st = open_store("embedded://" + str(tmp_path / "g"))
    with st.writer_lock(), st.writer_lock():  # re-entrant in one store object
        assert (tmp_path / "g.writer.lock").exists()
    st.close()
