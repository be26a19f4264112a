"""The read-only guarantee at every layer, on both stores, through the CLI and HTTP.

* ATTACKS (≥ 150: every write/admin statement of tests/test_readonly.py and the probe's
  classes — CYPHER / EXPLAIN / PROFILE prefixes before admin commands, COPY … TO,
  CHECKPOINT, LOAD FROM / LOAD CSV, ATTACH, INSTALL, dbms procedures, comments and
  look-alikes) are refused with KG401 by `kg query` and `POST /api/query`, the graph
  and the file system unchanged;
* STORE_ATTACKS reach the read-only stores directly, past the checker: none runs (the
  store plans the statement and refuses any plan that is not all reads, or the
  database cannot parse it);
* LEGIT (≥ 35 reads, with write keywords in strings, comments and variable names)
  are all answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.readonly import refusal_reason
from kg.stores import open_store
from tests.conftest import _neo4j_uri, sample_batch
from tests.test_readonly import REFUSED
from tests.test_service import _testclient

SINK = "/tmp/kg-attack-sink"  # every file an attack would write lands here; it must stay absent

PROBES = [
    # CYPHER / EXPLAIN / PROFILE prefixes before admin commands (passed the old checker)
    "CYPHER SHOW USERS",
    "CYPHER planner=dp SHOW CURRENT USER",
    "CYPHER runtime=slotted SHOW DATABASES YIELD name RETURN name",
    "CYPHER SHOW SETTINGS YIELD name, value RETURN name, value",
    "EXPLAIN SHOW USERS",
    "PROFILE SHOW USERS",
    "EXPLAIN PROFILE SHOW ROLES",
    "CYPHER 5 SHOW PROCEDURES",
    "CYPHER expressionEngine=interpreted SHOW FUNCTIONS",
    "CYPHER planner=cost runtime=pipelined SHOW TRANSACTIONS",
    "CYPHER EXPLAIN SHOW SERVERS",
    "EXPLAIN CYPHER SHOW PRIVILEGES",
    "cypher show users",
    "/* x */ CYPHER /* y */ SHOW USERS",
    "CYPHER\nSHOW\tUSERS",
    "EXPLAIN TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CYPHER CREATE (n:Agency {id: 'x'})",
    "EXPLAIN CREATE (n)",
    "PROFILE MATCH (n) DETACH DELETE n",
    "CYPHER planner=dp MATCH (n) SET n.name = 'x'",
    "MATCH (n) RETURN n EXPLAIN",
    "MATCH (n) CYPHER RETURN n",
    "CYPHER runtime=slotted",
    "EXPLAIN",
    "SHOW CURRENT USER",
    "SHOW SETTINGS YIELD name RETURN name",
    "SHOW DATABASES",
    "SHOW USERS",
    # embedded: statements that write files or change the database state
    f"COPY (MATCH (n:Agency) RETURN n.name) TO '{SINK}/a.csv'",
    f"COPY (MATCH (n) RETURN n) TO '{SINK}/b.parquet'",
    f"copy (match (n:Agency) return n.name) to '{SINK}/c.csv'",
    f"/* read */ COPY (MATCH (n:Agency) RETURN n.name) TO '{SINK}/d.csv'",
    "COPY Agency FROM '/etc/passwd'",
    f"COPY Agency TO '{SINK}/e.csv'",
    "CHECKPOINT",
    "checkpoint;",
    "BEGIN TRANSACTION",
    "BEGIN TRANSACTION READ ONLY",
    "COMMIT",
    "ROLLBACK",
    "LOAD FROM '/etc/passwd' RETURN *",
    "LOAD FROM '/etc/passwd' (file_format='csv') RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN *",
    "INSTALL json",
    "INSTALL httpfs",
    "LOAD EXTENSION json",
    "LOAD EXTENSION '/tmp/evil.so'",
    "UNINSTALL json",
    f"ATTACH '{SINK}/other' AS other (dbtype lbug)",
    "ATTACH 'postgres://x' AS pg (dbtype postgres)",
    "DETACH other",
    "USE other",
    f"EXPORT DATABASE '{SINK}/export'",
    "IMPORT DATABASE '/tmp/somewhere'",
    "CALL threads = 1",
    "CALL timeout=1000",
    "CALL checkpoint_threshold=1",
    # Neo4j: file and network reads, admin procedures
    "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv from 'https://example.org/x' as r return r",
    "WITH 1 AS x LOAD CSV FROM 'http://169.254.169.254/' AS row RETURN row",
    "CALL dbms.listConfig() YIELD name, value RETURN name, value",
    "CALL dbms.listConfig('dbms.directories') YIELD value RETURN value",
    "CALL dbms.components() YIELD name RETURN name",
    "CALL dbms.security.listUsers()",
    "CALL dbms.killQueries(['q-1'])",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "RETURN dbms.components()",
    "CALL db.createLabel('X')",
    "CALL db.clearQueryCaches()",
    "CALL db.checkpoint()",
    "CALL apoc.load.csv('file:///etc/passwd')",
    "CALL apoc.export.csv.all('/tmp/x.csv', {})",
    "CALL apoc.cypher.runWrite('CREATE (n)', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
    "RETURN apoc.create.uuid()",
    # look-alikes and hiding places
    "ＣＲＥＡＴＥ (n)",
    "MATCH (n) ＳＥＴ n.x = 1",
    "MATCH (n) DE\u200bLETE n",
    "MATCH (n) RETURN n\u200b;CREATE (m)",
    "MATCH (n) RETURN n; // second\nCREATE (m)",
    "MATCH (n) /* */ DELETE /* */ n",
    "MATCH (n) WITH n AS set SET set.name = 'x'",
    "MATCH (set) SET set.x = 1",
    "MATCH (load) LOAD CSV FROM 'http://x' AS row RETURN row",
    "MATCH (n) CALL { WITH n SET n.x = 1 } RETURN n",
    "MATCH (n) CALL { CREATE (m) } RETURN n",
    "UNWIND [1] AS x CALL { CREATE (:T) } IN TRANSACTIONS",
    "MATCH (n) RETURN [x IN [1] | x] AS l UNION CREATE (m) RETURN m AS l",
    "MATCH (n) WHERE n.name = 'x' OR true DETACH DELETE n",
    "MATCH (`n`) DELETE `n`",
    "OPTIONAL MATCH (n) MERGE (n)-[:R]->(m)",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:T))",
    "RETURN 1; CHECKPOINT",
    "RETURN 1 /* ; */ ; CHECKPOINT",
    "MATCH (n) USE system RETURN n",
    "CALL { USE system SHOW USERS }",
    "GRANT ROLE admin TO neo4j",
    "ALTER USER neo4j SET PASSWORD 'x'",
    "CREATE USER eve SET PASSWORD 'x'",
    "DENY READ {*} ON GRAPH * TO PUBLIC",
    "'unterminated",
    "MATCH (n) /* unterminated",
]
ATTACKS = list(dict.fromkeys([*REFUSED, *PROBES]))

# What reaches a read-only store past the checker (kg.readonly's plan guard is the lock).
STORE_ATTACKS = [p for p in PROBES if not p.startswith(("'", "MATCH (n) /*"))] + [
    "MATCH (n) SET n.name = 'x'",
    "CREATE (n:Agency {id: 'x'})",
    "MATCH (n) DETACH DELETE n",
]

LEGIT = [
    "MATCH (n:Agency) RETURN n.name AS name ORDER BY name LIMIT 5",
    "MATCH (a:Agency) WHERE a.name CONTAINS 'CREATE' RETURN a.name",
    "MATCH (a:Agency) WHERE a.name = 'DELETE FROM x; DROP TABLE y' RETURN count(a)",
    "MATCH (set:Agency) RETURN set.name LIMIT 3",
    "MATCH (load:Agency) RETURN load.name AS name LIMIT 3",
    "MATCH (merge:Agency)-[r:LEADS]->(t:Task) RETURN merge.name, t.text LIMIT 3",
    "MATCH (t:Task) RETURN t.text AS create_text LIMIT 2",
    "MATCH (a:Agency) WITH a AS delete RETURN delete.name LIMIT 2",
    "MATCH (n:Document) RETURN n.title AS `CREATE INDEX` LIMIT 2",
    "MATCH (n:Document) WHERE n.title STARTS WITH 'COPY' RETURN n.title",
    "MATCH (d:Document) RETURN d.doc_number, d.date ORDER BY d.date DESC SKIP 1 LIMIT 3",
    "MATCH (d:Document)-[:REPEALS]->(x:Document) RETURN d.doc_number, x.doc_number",
    "MATCH (d:Document)-[c:CITES]->(x:Document) RETURN d.doc_number, count(c) AS n ORDER BY n DESC LIMIT 3",
    "MATCH (p:Person)-[r:SUPERVISES]->(m:CoalMine) RETURN p.name, r.level, m.name LIMIT 5",
    "MATCH (p:Person)-[r:MEMBER_OF]->(g:Group) RETURN g.name, collect(p.name) AS members LIMIT 3",
    "MATCH (p:Person)-[h:HOLDS_POST]->(q:Post) WHERE h.since >= '2020-01-01' RETURN p.name, q.name LIMIT 5",
    "OPTIONAL MATCH (m:CoalMine)-[:LOCATED_IN]->(pl:Place) RETURN m.name, pl.name LIMIT 5",
    "MATCH (a:Agency) OPTIONAL MATCH (a)-[:LEADS]->(t:Task) RETURN a.name, count(t) AS led ORDER BY led DESC LIMIT 3",
    "MATCH (t:Task) WHERE t.deadline_date < $d RETURN t.text LIMIT 3",
    "MATCH (a:Agency {name: $name}) RETURN a.id",
    "UNWIND ['SET', 'LOAD', 'MERGE'] AS word RETURN word",
    "UNWIND range(1, 3) AS x RETURN x * 2 AS y",
    "WITH 'CALL dbms.listConfig()' AS s RETURN s",
    "RETURN 'LOAD CSV FROM http://x' AS text",
    "RETURN 1 AS one",
    "MATCH (n:Agency) RETURN n.name UNION MATCH (m:Post) RETURN m.name AS `n.name`",
    "MATCH (n:Agency) WHERE EXISTS { MATCH (n)-[:LEADS]->() } RETURN n.name LIMIT 3",
    "MATCH p = (a:Agency)-[:LEADS]->(t:Task) RETURN p LIMIT 1",
    "MATCH (a:Agency)-[:LEADS|SUPPORTS]->(t:Task) RETURN a.name, count(*) AS c ORDER BY c DESC LIMIT 3",
    "MATCH (a)-[r]->(b) WHERE r.evidence CONTAINS 'INSTALL' RETURN count(r)",
    "MATCH (g:Gazette) RETURN g.year, g.issue",
    "// CHECKPOINT and DETACH DELETE in a comment\nMATCH (n:Gazette) RETURN count(n)",
    "/* ATTACH 'x' AS y */ MATCH (n:Place) RETURN n.name LIMIT 2",
    "MATCH (n:Agency) WHERE n.name =~ '.*应急.*' RETURN n.name LIMIT 3",
    "MATCH (n:Agency) RETURN n.name, size(n.aliases) AS forms ORDER BY forms DESC LIMIT 3",
    "MATCH (a:Agency) WHERE a.name IN ['市应急管理局', '市财政局'] RETURN a.name",
    "MATCH (a:Agency) RETURN DISTINCT a.city",
    "MATCH (n:Task) RETURN n.outline, n.text LIMIT 2;",
    "EXPLAIN MATCH (n:Agency) RETURN n.name",
    "MATCH (p:Person) WHERE p.name CONTAINS 'USE' OR p.name CONTAINS 'SHOW' RETURN p.name",
    "MATCH (m:CoalMine) RETURN m.name, coalesce(m.gas_level, 'unknown') AS gas LIMIT 3",
    "MATCH (a:Agency)-[r:LEADS]->(t:Task)<-[:HAS_TASK]-(d:Document) RETURN d.doc_number, a.name LIMIT 3",
    "MATCH (n:Document) WITH n ORDER BY n.date LIMIT 2 RETURN n.title",
    "MATCH (x:Agency) WITH x.name AS remove RETURN [remove] AS names LIMIT 2",
]
PARAMS = {"d": "2021-01-01", "name": "市财政局"}


def test_suite_sizes() -> None:
    assert len(ATTACKS) >= 150 and len(set(ATTACKS)) == len(ATTACKS)
    assert len(LEGIT) >= 35 and len(set(LEGIT)) == len(LEGIT)


@pytest.mark.parametrize("cypher", PROBES)
def test_checker_refuses_every_probe(cypher: str) -> None:
    assert refusal_reason(cypher) is not None, cypher


@pytest.mark.parametrize("cypher", LEGIT)
def test_checker_allows_every_read(cypher: str) -> None:
    assert refusal_reason(cypher) is None, cypher


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def loaded_uri(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "embedded":
        uri = "embedded://" + str(Path(tmp_path_factory.mktemp("attack")) / "g")
    else:
        found = _neo4j_uri()
        if found is None:
            pytest.skip("no Neo4j (make install fetches it; .ci/run starts it)")
        uri = found
    st = open_store(uri)
    st.load(sample_batch(), replace=True)
    st.close()
    yield uri
    if request.param == "neo4j":
        st = open_store(uri)
        st.clear(wait=60)
        st.close()


def _snapshot(uri: str) -> tuple[dict[str, int], Any]:
    st = open_store(uri, read_only=True)
    try:
        names = st.query("MATCH (n:Agency) RETURN n.name ORDER BY n.name").rows
        return st.counts(), names
    finally:
        st.close()


def _files(uri: str) -> list[str]:
    out = sorted(str(p) for p in Path(SINK).rglob("*")) if Path(SINK).exists() else []
    if uri.startswith("embedded://"):
        db = Path(uri.split("://", 1)[1])
        out += sorted(p.name for p in db.parent.iterdir())
    return out


def test_attacks_refused_by_the_api(loaded_uri: str) -> None:
    from kg.service import create_app

    before, files = _snapshot(loaded_uri), _files(loaded_uri)
    refused = 0
    with _testclient()(create_app(loaded_uri, token="")) as client:
        for cypher in ATTACKS:
            r: Any = client.post("/api/query", json={"cypher": cypher})
            assert r.status_code == 403 and r.json()["code"] == "KG401", (cypher, r.text)
            refused += 1
    assert refused == len(ATTACKS)
    assert _snapshot(loaded_uri) == before and _files(loaded_uri) == files


def test_attacks_refused_by_kg_query(loaded_uri: str) -> None:
    runner = CliRunner()
    before, files = _snapshot(loaded_uri), _files(loaded_uri)
    for cypher in ATTACKS:
        r = runner.invoke(app, ["query", cypher, "--store", loaded_uri])
        assert r.exit_code != 0, cypher
        assert "KG401" in repr(r.exception) or "KG401" in r.output, cypher
    assert _snapshot(loaded_uri) == before and _files(loaded_uri) == files


def test_read_only_stores_refuse_past_the_checker(loaded_uri: str) -> None:
    before, files = _snapshot(loaded_uri), _files(loaded_uri)
    st = open_store(loaded_uri, read_only=True)
    ran = []
    try:
        for cypher in STORE_ATTACKS:
            try:
                st.query(cypher)
            except KgError as exc:
                # refused (KG401), or the database would not even parse / plan it (KG402, KG400:
                # e.g. Community Edition's "unsupported administration command")
                assert exc.code in ("KG401", "KG402", "KG400"), (cypher, exc)
            else:
                ran.append(cypher)
    finally:
        st.close()
    assert ran == []
    assert _snapshot(loaded_uri) == before and _files(loaded_uri) == files
    st = open_store(loaded_uri, read_only=True)  # and the store still opens read-only (no CHECKPOINT ran)
    st.query("MATCH (n) RETURN count(n)")
    st.close()


def test_legit_reads_answered(loaded_uri: str) -> None:
    from kg.service import create_app

    with _testclient()(create_app(loaded_uri, token="")) as client:
        for cypher in LEGIT:
            r: Any = client.post("/api/query", json={"cypher": cypher, "params": PARAMS})
            assert r.status_code == 200, (cypher, r.text)
    runner = CliRunner()
    for cypher in LEGIT:
        r2 = runner.invoke(app, ["query", cypher, "--store", loaded_uri, "-p", "d=2021-01-01", "-p", "name=市财政局"])
        assert r2.exit_code == 0, (cypher, r2.output, r2.exception)
