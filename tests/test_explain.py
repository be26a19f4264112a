"""kg explain: a fact's source passage with its spans marked (library, CLI, service, Chromium)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import pipeline
from kg.cli import app
from kg.errors import NotFoundError
from kg.explain import explain, passage_bounds, render_html
from kg.model import GraphBatch
from kg.stores import open_store
from tests.test_browser import CHROMIUM, _free_port, _no_blocked_requests, body_state, dump_dom
from tests.test_service import _testclient

FIXTURE = Path(__file__).parent / "fixtures" / "plugins" / "contacts-2021-01.txt"
LEAD_LINE = "一、加强汛期值班值守。（市应急局牵头，市发改委、市应急管理局配合）"


@pytest.fixture(scope="module")
def batch() -> GraphBatch:
    return pipeline.run([FIXTURE]).batch


def _lead_id(batch: GraphBatch) -> str:
    [key] = [k for k, e in batch.edges.items() if e.type == "LEADS"]
    return key


def _loaded(uri: str, batch: GraphBatch) -> None:
    st = open_store(uri)
    try:
        st.load(batch, replace=True)
    finally:
        st.close()


def test_explain_a_fact_by_id_on_every_store(store_uri: str, batch: GraphBatch) -> None:
    _loaded(store_uri, batch)
    st = open_store(store_uri, read_only=True)
    try:
        [e] = explain(st, _lead_id(batch))
    finally:
        st.close()
    assert e.type == "LEADS" and e.note is None
    assert e.passage.split("\n") == ["为做好防汛值班工作，现就有关事项通知如下。", LEAD_LINE, "二、成立测试市防汛工作领导小组。"]
    marks = {(m.label, e.passage[m.start : m.end]) for m in e.marks}
    assert marks == {("LEADS", "加强汛期值班值守。（市应急局"), ("Agency", "市应急局"), ("Task", "加强汛期值班值守。")}
    assert e.first_line == 9
    assert e.props["extractor"] == "tasks"


def test_explain_a_node_by_any_printed_form(store_uri: str, batch: GraphBatch) -> None:
    _loaded(store_uri, batch)
    st = open_store(store_uri, read_only=True)
    try:
        by_alias = explain(st, "市应急局")  # the resolved node is 市应急管理局
        by_number = explain(st, "测政办发〔2019〕11号")
        with pytest.raises(NotFoundError):
            explain(st, "没有这个单位")
    finally:
        st.close()
    assert {"LEADS", "SUPPORTS", "POST_OF"} <= {e.type for e in by_alias}
    assert [e.type for e in by_number] == ["REPEALS"]


def test_a_missing_source_shows_the_stored_evidence(tmp_path: Path) -> None:
    src = tmp_path / "gone-2021-01.txt"
    src.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    b = pipeline.run([src]).batch
    uri = "embedded://" + str(tmp_path / "graph")
    _loaded(uri, b)
    src.unlink()
    st = open_store(uri, read_only=True)
    try:
        [e] = explain(st, _lead_id(b))
    finally:
        st.close()
    assert e.note and "not readable" in e.note
    assert e.passage == "加强汛期值班值守。（市应急局"
    assert ("Agency", "市应急局") in {(m.label, e.passage[m.start : m.end]) for m in e.marks}


@pytest.mark.parametrize(
    ("text", "start", "end", "want"),
    [
        ("a\nbb\nccc\nd", 3, 4, "a\nbb\nccc"),
        ("a\nbb\nccc\nd", 0, 1, "a\nbb"),
        ("a\nbb\nccc\nd", 9, 10, "ccc\nd"),
        ("one line", 2, 5, "one line"),
    ],
)
def test_passage_bounds(text: str, start: int, end: int, want: str) -> None:
    lo, hi = passage_bounds(text, start, end)
    assert text[lo:hi] == want


def test_cli_prints_and_writes(tmp_path: Path, batch: GraphBatch) -> None:
    uri = "embedded://" + str(tmp_path / "graph")
    _loaded(uri, batch)
    fid = _lead_id(batch)
    runner = CliRunner()
    res = runner.invoke(app, ["explain", fid, "--store", uri])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[:4] == [
        f"市应急管理局 -LEADS-> 加强汛期值班值守。  {FIXTURE}:10  tasks 0.1.0  id {fid}",
        "为做好防汛值班工作，现就有关事项通知如下。",
        LEAD_LINE,
        "二、成立测试市防汛工作领导小组。",
    ]
    assert "  [Agency] 市应急局" in res.output.splitlines()
    out = tmp_path / "x.html"
    res = runner.invoke(app, ["explain", "市应急局", "--store", uri, "--out", str(out)])
    assert res.exit_code == 0 and res.output.startswith(f"wrote {out}: ")
    page = out.read_text(encoding="utf-8")
    assert f'data-fact="{fid}"' in page and "http" not in page.replace("http-equiv", "")
    res = runner.invoke(app, ["explain", "nothing-like-this", "--store", uri])
    assert res.exit_code != 0


def test_a_terminal_gets_the_marks_highlighted(tmp_path: Path, batch: GraphBatch) -> None:
    import io

    from rich.console import Console

    from kg.explain import render_console

    uri = "embedded://" + str(tmp_path / "graph")
    _loaded(uri, batch)
    st = open_store(uri, read_only=True)
    try:
        found = explain(st, _lead_id(batch))
    finally:
        st.close()
    buf = io.StringIO()
    render_console(found, Console(file=buf, force_terminal=True, color_system="truecolor", width=200))
    out = buf.getvalue()
    assert "\x1b[" in out  # ANSI styles
    assert "78;121;167" in out  # the Agency colour of the views, #4e79a7
    plain = io.StringIO()
    render_console(found, Console(file=plain, force_terminal=False, width=200))
    assert "\x1b[" not in plain.getvalue() and LEAD_LINE in plain.getvalue()


def test_service_serves_the_same_page(tmp_path: Path, batch: GraphBatch) -> None:
    from kg.service import create_app

    uri = "embedded://" + str(tmp_path / "graph")
    _loaded(uri, batch)
    fid = _lead_id(batch)
    client = _testclient()(create_app(uri, token="tok"))
    r = client.get(f"/explain/{fid}?token=tok")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    st = open_store(uri, read_only=True)
    try:
        assert r.text == render_html(explain(st, fid), title=f"kg explain {fid}")
    finally:
        st.close()
    assert client.get(f"/explain/{fid}").status_code == 401
    miss = client.get("/explain/nothing-like-this?token=tok")
    assert miss.status_code == 404 and miss.json()["code"] == "KG406"


def test_views_link_an_edge_to_its_explanation(batch: GraphBatch) -> None:
    from kg.visualisations import render_html as render_view
    from kg.visualisations.view import edge_title

    fid = _lead_id(batch)
    e = batch.edges[fid]
    props = {**e.prov.as_props(), **e.props, "id": fid}
    assert f"/explain/{fid}" in edge_title("LEADS", props, "市应急管理局", "任务")
    from kg.visualisations.view import view_from_rows

    rows = [[{"_label": "Agency", "id": "a", "name": "市应急管理局"}, {"_type": "LEADS", **props},
             {"_label": "Task", "id": "t", "name": "任务"}]]
    page = render_view(view_from_rows(rows))
    assert f'"kgFact": "{fid}"' in page and 'network.on("doubleClick"' in page


@pytest.fixture(scope="module")
def explain_server(tmp_path_factory: pytest.TempPathFactory, batch: GraphBatch) -> Iterator[str]:
    import uvicorn

    from kg.service import create_app

    uri = "embedded://" + str(tmp_path_factory.mktemp("explain") / "graph")
    _loaded(uri, batch)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(uri, token="tok"), host="127.0.0.1", port=port,
                                        log_level="warning", lifespan="on"))
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


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install -y chromium)")
def test_chromium_lays_out_every_mark(explain_server: str, batch: GraphBatch, tmp_path: Path) -> None:
    fid = _lead_id(batch)
    dom, log = dump_dom(f"{explain_server}/explain/{fid}?token=tok", tmp_path, budget_ms=5000)
    state = body_state(dom)
    assert state.get("ready") == "1", log[-2000:]
    assert state["facts"] == "1"
    assert state["marks-shown"] == "3"
    assert sorted(state["labels"].split()) == ["Agency", "LEADS", "Task"]
    _no_blocked_requests(log)
    # a node's page: every fact of 市应急局, each with its marks
    dom, log = dump_dom(f"{explain_server}/explain/市应急局?token=tok", tmp_path, budget_ms=5000)
    state = body_state(dom)
    assert int(state["facts"]) >= 3 and int(state["marks-shown"]) >= 2 * int(state["facts"])
    _no_blocked_requests(log)
