"""The local Neo4j server (kg neo4j start/status/stop) and Neo4jStore on it.

Tests marked ``neo4j`` need the server jars (``make install``). They use the
server at ``$KG_TEST_NEO4J_URI`` when set (``.ci/run`` starts one), else a
session fixture starts a private server on free loopback ports. The
lifecycle test always starts (and stops) its own small server.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import neo4j_server as srv
from kg.errors import (
    BadParameterError,
    LoadError,
    Neo4jServerError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreUnavailableError,
    ValidationError,
    WriteQueryRefusedError,
)
from kg.model import GraphBatch, Provenance
from kg.stores.neo4j import Neo4jStore, load_statements, split_credentials
from kg.stores.rows import batch_to_raw


def _jars_installed() -> bool:
    try:
        srv.check_jars()
        srv.find_java()
    except Neo4jServerError:
        return False
    return True


NO_JARS = "Neo4j server jars not installed: run `make install` (mvn -q -f tools/neo4j/pom.xml dependency:copy-dependencies)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    uri = os.environ.get("KG_TEST_NEO4J_URI")
    if uri:
        yield uri
        return
    if not _jars_installed():
        pytest.skip(NO_JARS)
    home = tmp_path_factory.mktemp("neo4j-session")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_NEO4J_STATE", str(home / "registry"))
        info = srv.start(home, bolt_port=_free_port(), http_port=_free_port(), heap="512m", pagecache="64m")
        try:
            yield info.bolt_uri
        finally:
            srv.stop(home)


@pytest.fixture
def store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    st = Neo4jStore(neo4j_uri)
    st.clear()
    try:
        yield st
    finally:
        st.clear()
        st.close()


def tiny_batch(city: str = "甲市", bad_name: object = None) -> GraphBatch:
    b = GraphBatch()
    prov = Provenance(f"/data/{city}.txt", "甲政发〔2024〕1号", 3, 0, 40, 48, "市应急局牵头", "tasks", "1")
    doc = b.add_node("Document", f"doc:{city}:1", name="通知", doc_number="甲政发〔2024〕1号", in_corpus=True,
                     recipients=["各县区"], line=1)
    agency = b.add_node("Agency", f"agency:{city}:应急局", name="市应急管理局", city=city, aliases=["市应急局"])
    task = b.add_node("Task", f"task:{city}:1", name="隐患排查", text="开展隐患排查。", line=3)
    b.add_edge("HAS_TASK", doc, task, prov)
    b.add_edge("LEADS", agency, task, prov, as_printed="市应急局", ordinal=0, not_in_ontology="dropped")
    if bad_name is not None:  # a property value Neo4j cannot store, on the last label written
        b.add_node("Task", f"task:{city}:bad", name=bad_name)
    return b


# --------------------------------------------------------------------------
# No server needed
# --------------------------------------------------------------------------


def test_missing_jars_says_make_install(tmp_path: Path) -> None:
    with pytest.raises(Neo4jServerError, match="make install"):
        srv.check_jars(tmp_path)


def test_missing_java_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(Neo4jServerError, match="java not found"):
        srv.find_java()


@pytest.mark.skipif(not _jars_installed(), reason=NO_JARS)
def test_busy_port_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NEO4J_STATE", str(tmp_path / "registry"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        with pytest.raises(Neo4jServerError, match=f"port {busy} on 127.0.0.1 is busy"):
            srv.start(tmp_path / "home", bolt_port=busy, http_port=_free_port())
    assert srv.status(tmp_path / "home").state == "stopped"


def test_status_of_a_home_never_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_NEO4J_STATE", str(tmp_path / "registry"))
    info = srv.status(tmp_path)
    assert not info.running and info.bolt_uri == "bolt://127.0.0.1:7687"
    assert srv.stop(tmp_path).state == "stopped"


def test_credentials_in_uri_are_taken_out() -> None:
    assert split_credentials("bolt://u:p%40ss@db.example:7687") == ("bolt://db.example:7687", "u", "p@ss")
    assert split_credentials("neo4j+s://abc.databases.neo4j.io") == ("neo4j+s://abc.databases.neo4j.io", None, None)
    st = Neo4jStore("bolt://alice:secret@127.0.0.1:7687")
    assert st.uri == "bolt://127.0.0.1:7687" and st.user == "alice" and "secret" not in repr(vars(st).get("uri"))


def test_replace_deletes_before_it_writes() -> None:
    from kg.schema import load_schema

    raw = batch_to_raw(tiny_batch(), load_schema())
    phases = [p for p, _, _ in load_statements(raw, replace=True)]
    assert phases == sorted(phases, key=["delete", "nodes", "relationships"].index)
    merge = list(load_statements(raw, replace=False))
    assert all("SET n = row" in c or "SET r = row.props" in c for _, c, _ in merge)
    (leads,) = [rows for _, c, rows in merge if ":`LEADS`" in c]
    assert "not_in_ontology" not in leads[0]["props"] and leads[0]["props"]["evidence"] == "市应急局牵头"


def test_unreachable_server_names_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    st = Neo4jStore(uri)
    try:
        with pytest.raises(StoreUnavailableError, match=uri.replace(".", r"\.")):
            st.counts()
    finally:
        st.close()


# --------------------------------------------------------------------------
# The server's life cycle (own server, always started and stopped here)
# --------------------------------------------------------------------------


@pytest.mark.neo4j
@pytest.mark.skipif(not _jars_installed(), reason=NO_JARS)
def test_start_status_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from kg.cli.neo4j_cmd import app

    monkeypatch.setenv("KG_NEO4J_STATE", str(tmp_path / "registry"))
    monkeypatch.setenv("KG_NEO4J_HEAP", "256m")
    monkeypatch.setenv("KG_NEO4J_PAGECACHE", "32m")
    home, bolt, http = tmp_path / "home", _free_port(), _free_port()
    runner = CliRunner()
    try:
        res = runner.invoke(app, ["start", "--data", str(home), "--port", str(bolt), "--http-port", str(http)])
        assert res.exit_code == 0, res.output
        uri = res.output.strip().splitlines()[-1]
        assert uri == f"bolt://127.0.0.1:{bolt}"
        assert srv.bolt_answers("127.0.0.1", bolt)
        disc = srv.http_discovery(http)
        assert disc is not None and disc["neo4j_version"].startswith("5.26.")
        assert disc["bolt_direct"] == uri  # advertised address is the loopback one we bound

        res = runner.invoke(app, ["status"])  # the only registered server
        assert res.exit_code == 0 and res.output.startswith("running: Neo4j 5.26.")
        assert res.output.strip().splitlines()[-1] == uri
        res = runner.invoke(app, ["status", "--uri", uri])
        assert res.exit_code == 0 and "Neo4j/5.26." in res.output, res.output

        again = srv.start(home, bolt_port=bolt, http_port=http)
        assert again.pid == srv.status(home).pid  # idempotent
        with pytest.raises(Neo4jServerError, match="busy"):
            srv.start(tmp_path / "other", bolt_port=bolt, http_port=_free_port())

        st = Neo4jStore(uri)
        try:
            assert st.server_agent().startswith("Neo4j/5.26.")
        finally:
            st.close()

        res = runner.invoke(app, ["stop"])
        assert res.exit_code == 0 and res.output.startswith("neo4j stopped"), res.output
        assert not srv.bolt_answers("127.0.0.1", bolt)
        res = runner.invoke(app, ["status", "--data", str(home)])
        assert res.exit_code == 1 and res.output.startswith("stopped")
        res = runner.invoke(app, ["stop", "--data", str(home)])
        assert res.exit_code == 0 and "was not running" in res.output
    finally:
        srv.stop(home)


# --------------------------------------------------------------------------
# Neo4jStore on the server
# --------------------------------------------------------------------------


@pytest.mark.neo4j
def test_load_and_query_round_trip(store: Neo4jStore) -> None:
    report = store.load(tiny_batch())
    expected = {"Agency": 1, "Document": 1, "HAS_TASK": 1, "LEADS": 1, "Task": 1}
    assert report.counts == expected and (report.nodes, report.edges) == (3, 2)
    res = store.query(
        "MATCH (a:Agency)-[r:LEADS]->(t:Task) WHERE t.line = $line RETURN a, r, t.text AS text", {"line": 3}
    )
    assert res.columns == ["a", "r", "text"]
    ((a, r, text),) = res.rows
    assert a == {"_label": "Agency", "id": "agency:甲市:应急局", "name": "市应急管理局", "city": "甲市",
                 "aliases": ["市应急局"]}
    assert r["_type"] == "LEADS" and r["as_printed"] == "市应急局" and r["ordinal"] == 0
    assert r["line"] == 3 and r["evidence"] == "市应急局牵头" and r["doc_number"] == "甲政发〔2024〕1号"
    assert "not_in_ontology" not in r and "reason" not in r  # off-ontology and None props are dropped
    assert text == "开展隐患排查。"
    store.load(tiny_batch())  # idempotent
    assert store.counts() == expected


@pytest.mark.neo4j
def test_values_come_back_plain(store: Neo4jStore) -> None:
    store.load(tiny_batch())
    (row,) = store.query(
        "MATCH p = (:Document)-[:HAS_TASK]->(:Task) "
        "RETURN p, date('2024-01-02') AS d, datetime('2024-01-02T03:04:05Z') AS t, duration('P1D') AS du, "
        "point({x: 1, y: 2}) AS pt, [1, 'a', null] AS l, {k: [true]} AS m"
    ).rows
    path, d, t, du, pt, lst, m = row
    assert [n["_label"] for n in path["nodes"]] == ["Document", "Task"]
    assert [r["_type"] for r in path["rels"]] == ["HAS_TASK"]
    assert d == "2024-01-02" and t.startswith("2024-01-02T03:04:05") and du == "P1D"
    assert pt == {"srid": 7203, "x": 1.0, "y": 2.0}
    assert lst == [1, "a", None] and m == {"k": [True]}


@pytest.mark.neo4j
def test_replace_makes_the_graph_exactly_the_batch(store: Neo4jStore) -> None:
    store.load(tiny_batch("甲市"))
    store.load(tiny_batch("乙市"))
    assert store.counts()["Agency"] == 2
    b = tiny_batch("乙市")
    b.nodes[next(r for r in b.nodes if r.label == "Agency")].props.pop("aliases")
    store.load(b, replace=True)
    assert store.counts() == {"Agency": 1, "Document": 1, "HAS_TASK": 1, "LEADS": 1, "Task": 1}
    (agency,) = store.query("MATCH (a:Agency) RETURN a").rows[0]
    assert agency["city"] == "乙市" and "aliases" not in agency  # props set exactly, not merged


@pytest.mark.neo4j
def test_failed_load_rolls_back(store: Neo4jStore) -> None:
    store.load(tiny_batch("甲市"))
    before = store.counts()
    # Agency, Document and some Task rows are written before the server rejects
    # the map-valued property; the one transaction rolls all of it back.
    with pytest.raises(LoadError, match="previous graph kept"):
        store.load(tiny_batch("乙市", bad_name={"not": "storable"}))
    assert store.counts() == before
    assert store.query("MATCH (a:Agency) RETURN a.city AS c").records() == [{"c": "甲市"}]
    with pytest.raises(LoadError):
        store.load(tiny_batch("乙市", bad_name={"not": "storable"}), replace=True)
    assert store.counts() == before
    dangling = tiny_batch("丙市")
    dangling.nodes.pop(next(r for r in dangling.nodes if r.label == "Task"))
    with pytest.raises(ValidationError):
        store.load(dangling)
    assert store.counts() == before


@pytest.mark.neo4j
def test_query_errors_are_mapped(store: Neo4jStore, neo4j_uri: str) -> None:
    store.load(tiny_batch())
    with pytest.raises(WriteQueryRefusedError):
        store.query("MATCH (n) DETACH DELETE n")
    with pytest.raises(WriteQueryRefusedError):
        store.query("CREATE INDEX nope FOR (n:Agency) ON (n.city)")
    with pytest.raises(QuerySyntaxError):
        store.query("MATCH (n RETURN n")
    with pytest.raises(BadParameterError):
        store.query("RETURN $missing AS x")
    with pytest.raises(QueryTimeoutError):
        store.query("UNWIND range(1, 2000000000) AS x RETURN count(x)", timeout=0.5)
    assert store.counts()["Agency"] == 1
    ro = Neo4jStore(neo4j_uri, read_only=True)
    try:
        for write in (lambda: ro.load(tiny_batch()), ro.clear, ro.ensure_schema):
            with pytest.raises(WriteQueryRefusedError):
                write()
        assert ro.counts()["Agency"] == 1
    finally:
        ro.close()


@pytest.mark.neo4j
def test_wrong_password_is_a_clear_error(neo4j_uri: str) -> None:
    st = Neo4jStore(neo4j_uri, password="definitely-not-the-password")
    try:
        try:
            st.counts()
        except StoreUnavailableError as exc:
            assert "NEO4J_PASSWORD" in exc.message and neo4j_uri in exc.message
        else:
            pytest.skip("this server does not check passwords")
    finally:
        st.close()


@pytest.mark.neo4j
def test_progress_is_reported(store: Neo4jStore) -> None:
    seen: list[tuple[str, int, int]] = []
    store.load(tiny_batch(), progress=lambda phase, done, total: seen.append((phase, done, total)))
    assert seen[-1] == ("relationships", 5, 5)
    assert [p for p, _, _ in seen] == ["nodes"] * 3 + ["relationships"] * 2
