"""Headless Chromium opens embed pages served by uvicorn and checks the graph drew.

Needs the Debian package ``chromium`` (``apt-get install -y chromium``); skipped
with a reason when it is absent. The page reports its state on <body>
(data-kg-ready, data-kg-nodes, data-kg-painted = sampled non-transparent
canvas pixels), which ``--dump-dom`` prints after the page settled.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.model import GraphBatch, Provenance

CHROMIUM = next(
    (
        p
        for p in (os.environ.get("KG_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"))
        if p
    ),
    None,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="headless Chromium not installed (apt-get install -y chromium)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("kg.stores.embedded") is None, reason="no embedded store yet"
    ),
    pytest.mark.skipif(importlib.util.find_spec("kg.questions") is None, reason="no named questions yet"),
]

MANY = 620  # tasks led by one agency: more than LARGE_VIEW nodes in one view


def _prov(line: int, ev: str) -> Provenance:
    return Provenance("data/gazettes/b.txt", "测政发〔2021〕2号", line, 0, 0, len(ev), ev, "fixture", "1")


def _batch() -> GraphBatch:
    b = GraphBatch()
    lead = b.add_node("Agency", "a1", name="市应急管理局", city="测试市")
    help_ = b.add_node("Agency", "a2", name="市公安局", city="测试市")
    for i in range(MANY):
        t = b.add_node(
            "Task", f"t{i}", name=f"专项整治任务{i}", text=f"专项整治任务{i}", doc_number="测政发〔2021〕2号"
        )
        b.add_edge(
            "LEADS", lead, t, _prov(100 + i, f"市应急管理局牵头专项整治任务{i}"), as_printed="市应急管理局"
        )
        if i % 3 == 0:
            b.add_edge(
                "SUPPORTS", help_, t, _prov(100 + i, f"市公安局配合专项整治任务{i}"), as_printed="市公安局"
            )
    p = b.add_node("Person", "p1", name="王五", city="测试市")
    m = b.add_node("CoalMine", "m1", name="青山煤矿", city="测试市")
    b.add_edge("SUPERVISES", p, m, _prov(20, "王五 青山煤矿"), level="市级", valid_from="2021-02-01")
    return b


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from kg.service import create_app
    from kg.stores import open_store

    uri = "embedded://" + str(tmp_path_factory.mktemp("browser") / "graph")
    st = open_store(uri)
    try:
        st.load(_batch(), replace=True)
    finally:
        st.close()
    port = _free_port()
    app = create_app(uri, token="tok", row_limit=5000)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def dump_dom(url: str, tmp: Path, budget_ms: int = 30000) -> tuple[str, str]:
    """(DOM after the page settled, Chromium's stderr with console messages)."""
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--mute-audio",
        "--hide-scrollbars",
        f"--user-data-dir={tmp}",
        "--window-size=1200,800",
        "--enable-logging=stderr",
        "--v=0",
        f"--virtual-time-budget={budget_ms}",
        "--dump-dom",
        url,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return proc.stdout, proc.stderr


def body_state(dom: str) -> dict[str, str]:
    m = re.search(r"<body([^>]*)>", dom)
    assert m, dom[:500]
    return dict(re.findall(r'data-kg-([a-z-]+)="([^"]*)"', m.group(1)))


def _no_blocked_requests(log: str) -> None:
    """The server's CSP is default-src 'none': any outside request (or eval)
    the page tried shows up as a violation in the console log."""
    console = [ln for ln in log.splitlines() if "CONSOLE" in ln]
    assert not [ln for ln in console if "Content Security Policy" in ln or "Refused to" in ln], console
    assert not [ln for ln in console if "Uncaught" in ln], console


def _url(base: str, path: str, **params: Any) -> str:
    return f"{base}{path}?" + urllib.parse.urlencode({**params, "token": "tok"})


def test_small_embed_draws_with_physics(server: str, tmp_path: Path) -> None:
    dom, log = dump_dom(_url(server, "/embed/chain", mine="青山煤矿"), tmp_path)
    state = body_state(dom)
    assert "error" not in state, state
    assert state.get("ready") == "1", (state, log[-2000:])
    # leader -> mine, plus the assigning document drawn as context (document -> mine)
    assert state["nodes"] == "3" and state["edges"] == "2"
    assert int(state["painted"]) > 20  # pixels of nodes, edge and labels on the canvas
    _no_blocked_requests(log)


def test_large_embed_draws_without_physics(server: str, tmp_path: Path) -> None:
    dom, log = dump_dom(_url(server, "/embed/who", text="专项整治"), tmp_path)
    state = body_state(dom)
    assert "error" not in state, state
    assert state.get("ready") == "1", (state, log[-2000:])
    assert int(state["nodes"]) == MANY + 2
    assert int(state["edges"]) == MANY + (MANY + 2) // 3
    assert int(state["painted"]) > 100
    assert '"physics": {"enabled": false}' in dom
    _no_blocked_requests(log)


def test_unauthorised_embed_does_not_draw(server: str, tmp_path: Path) -> None:
    dom, _ = dump_dom(f"{server}/embed/chain?mine=x", tmp_path, budget_ms=2000)
    assert "KG501" in dom
    assert "data-kg-ready" not in dom
