"""kg.readonly: write/admin Cypher is refused (KG401), reads pass."""

from __future__ import annotations

import pytest

from kg.errors import WriteQueryRefusedError
from kg.readonly import check_read_only, is_read_only, refusal_reason, tokenize

REFUSED = [
    # plain writes
    "CREATE (n:Agency {name: 'x'})",
    "create (n)",
    "MATCH (n) SET n.name = 'x'",
    "MATCH (n) SET n:Extra",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) REMOVE n:Agency",
    "MERGE (n:Agency {id: 'a'})",
    "MATCH (a), (b) MERGE (a)-[:LEADS]->(b)",
    "MERGE (n {id: 1}) ON CREATE SET n.x = 1",
    "MATCH (n) WITH n CREATE (m)",
    "UNWIND [1, 2] AS x CREATE (:T {v: x})",
    "MATCH (n) FOREACH (x IN [1] | SET n.v = x)",
    "OPTIONAL MATCH (n) DELETE n",
    "MATCH (n) RETURN n UNION MATCH (m) DETACH DELETE m RETURN m",
    # schema / admin
    "DROP INDEX idx",
    "CREATE INDEX FOR (n:Agency) ON (n.name)",
    "CREATE CONSTRAINT FOR (n:Agency) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT c",
    "CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))",
    "DROP TABLE Agency",
    "ALTER TABLE Agency ADD x INT64",
    "ALTER DATABASE neo4j SET ACCESS READ WRITE",
    "CREATE DATABASE foo",
    "DROP DATABASE neo4j",
    "START DATABASE neo4j",
    "STOP DATABASE neo4j",
    "GRANT ROLE admin TO bob",
    "REVOKE ROLE admin FROM bob",
    "DENY READ {*} ON GRAPH * TO bob",
    "CREATE USER bob SET PASSWORD 'x'",
    "SHOW DATABASES",
    "SHOW USERS",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'tx-1'",
    "USE system MATCH (n) RETURN n",
    "MATCH (n) CALL { USE other MATCH (m) RETURN m } RETURN n",
    "BEGIN TRANSACTION",
    "COMMIT",
    "ROLLBACK",
    "CHECKPOINT",
    # files and extensions
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row RETURN row",
    "LOAD FROM '/etc/passwd' RETURN *",
    "LOAD EXTENSION fts",
    "INSTALL fts",
    "COPY Agency FROM 'agencies.csv'",
    "COPY (MATCH (n) RETURN n) TO '/tmp/out.csv'",
    "EXPORT DATABASE '/tmp/db'",
    "IMPORT DATABASE '/tmp/db'",
    "ATTACH '/tmp/other' AS other (dbtype lbug)",
    "DETACH other",
    # procedures
    "CALL dbms.security.createUser('bob', 'pw', false)",
    "CALL dbms.killQuery('q')",
    "CALL dbms.components()",
    "CALL db.createLabel('X')",
    "CALL db.index.fulltext.createNodeIndex('i', ['A'], ['name'])",
    "CALL db.clearQueryCaches()",
    "CALL apoc.create.node(['X'], {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
    "CALL apoc.cypher.runWrite('CREATE (n)', {})",
    "CALL apoc.export.csv.all('/tmp/x.csv', {})",
    "CALL apoc.load.json('https://example.org')",
    "CALL apoc.refactor.mergeNodes([])",
    "MATCH (n) CALL apoc.nodes.delete(n, 10) YIELD value RETURN value",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})",
    "CALL create_fts_index('Agency', 'idx', ['name'])",
    "CALL drop_fts_index('Agency', 'idx')",
    "CALL threads = 4",
    "CALL some.unknown.proc()",
    "MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "MATCH (n) CALL { WITH n RETURN n } IN TRANSACTIONS RETURN n",
    # several statements
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "MATCH (n) RETURN n; MATCH (m) RETURN m",
    "RETURN 1;;",
    # disguises: case, comments, whitespace, unicode, backslashes
    "cReAtE (n)",
    "MATCH (n)/* hi */DELETE n",
    "MATCH (n) // RETURN n\nDELETE n",
    "MATCH (n) // comment\u2028DETACH DELETE n",
    "MATCH (n)\u00a0SET\u00a0n.x = 1",
    "MATCH (n)\u3000SET n.x = 1",
    "MATCH (n)\tDETACH\u2003DELETE n",
    "CRE\u200bATE (n)",
    "MATCH (n) DE\u200dLETE n",
    "\ufeffCREATE (n)",
    "ＣＲＥＡＴＥ (n)",
    "MATCH (n) WHERE n.name = 'a\\' ' DELETE n",
    'MATCH (n) WHERE n.name = "a\\"" SET n.x = 1',
    "MATCH (n) WHERE n.name = 'unterminated RETURN n",
    "MATCH (n) /* unterminated RETURN n",
    "MATCH (n) RETURN n `unterminated",
    # not a read clause first
    "FINISH",
    "(n)",
    ":use system",
    "",
    "   ",
    "// only a comment",
]

ALLOWED = [
    "MATCH (n:Agency) RETURN n.name AS name",
    "MATCH (n:Agency {name: $name}) RETURN n LIMIT 10",
    "OPTIONAL MATCH (n:Person)-[r:HOLDS_POST]->(p:Post) RETURN n, r, p",
    "WITH 1 AS x RETURN x",
    "UNWIND [1, 2, 3] AS x RETURN x * 2",
    "MATCH p = (a)-[*1..2]->(b) RETURN p",
    "MATCH (a)-[r]->(b) WHERE r.evidence CONTAINS 'CREATE (x)' RETURN a, r, b",
    'MATCH (n) WHERE n.name = "DELETE me; DROP TABLE" RETURN n',
    "MATCH (n) RETURN n.set, n.created, n.delete",
    "MATCH (n:`CREATE`) RETURN n AS `delete`",
    "MATCH (n)-[:SET]->(m) RETURN m",
    "MATCH (n {delete: true}) RETURN n",
    "MATCH (n) WHERE n.name = $create RETURN n",
    "// DELETE everything\nMATCH (n) RETURN count(n)",
    "/* CREATE (x) */ MATCH (n) RETURN n",
    "MATCH (n) RETURN n;",
    "MATCH (n) RETURN n ;  // trailing comment",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
    "CALL db.labels()",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType",
    "CALL show_tables() RETURN *",
    "CALL table_info('Agency') RETURN *",
    "MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN count(m) AS c } RETURN n, c",
    "MATCH (n) WHERE EXISTS { MATCH (n)-[:LEADS]->() } RETURN n",
    "MATCH (n) RETURN COUNT { (n)-->() } AS degree",
    "MATCH (start:Agency)-[r]->(stop) RETURN start, stop",
    "MATCH (n) RETURN replace(n.name, '市', '') AS short",
    "MATCH (n) RETURN n.name ORDER BY n.name DESC SKIP 1 LIMIT 5",
    "MATCH (n) RETURN n UNION MATCH (m) RETURN m AS n",
    "match (n) return n",
    "MATCH\u3000(n)\u00a0RETURN n",
    "MATCH (n:Agency) WHERE n.name =~ '.*应急.*' RETURN n",
    "RETURN apoc.text.join(['a', 'b'], ',') AS s",
    "MATCH (n) RETURN n.created_at, n.updated",
    "CYPHER 5 MATCH (n) RETURN n",
]


@pytest.mark.parametrize("cypher", REFUSED)
def test_refused(cypher: str) -> None:
    assert not is_read_only(cypher), cypher
    with pytest.raises(WriteQueryRefusedError) as info:
        check_read_only(cypher)
    assert info.value.code == "KG401"
    assert info.value.http_status == 403


@pytest.mark.parametrize("cypher", ALLOWED)
def test_allowed(cypher: str) -> None:
    assert refusal_reason(cypher) is None
    check_read_only(cypher)


def test_enough_cases() -> None:
    assert len(REFUSED) >= 50
    assert len(set(REFUSED)) == len(REFUSED)


def test_reason_names_the_keyword() -> None:
    why = refusal_reason("MATCH (n) DETACH DELETE n")
    assert why is not None and "DETACH" in why
    why = refusal_reason("CALL dbms.components()")
    assert why is not None and "dbms" in why


def test_tokenizer_keeps_strings_and_names_apart() -> None:
    toks = tokenize("MATCH (n:`a``b`) WHERE n.x = 'it\\'s' // CREATE\nRETURN $p")
    kinds = [(t.kind, t.text) for t in toks]
    assert ("quoted", "a`b") in kinds
    assert ("string", "it\\'s") in kinds
    assert ("param", "p") in kinds
    assert ("word", "CREATE") not in kinds


def test_format_chars_both_ways() -> None:
    # joined: CRE+ATE -> CREATE; split: n + SET -> SET
    assert not is_read_only("MATCH (n) RETURN n\u200bSET n.x = 1")
    assert not is_read_only("CRE\u200bATE (n)")
