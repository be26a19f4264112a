"""`kg export --format neo4j-admin`: the CSVs of the bundled corpus, and the same
graph after `neo4j-admin database import full` into a fresh local Neo4j (same
counts, same answers to every named question as the embedded store)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import pipeline
from kg.admin_export import ARRAY_DELIMITER
from kg.cli import app
from kg.questions import chain, duties, lineage, person, who
from kg.stores import open_store
from kg.stores.base import GraphStore
from tests.conftest import DATA, _free_port


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphStore, Path]]:
    uri = "embedded://" + str(tmp_path_factory.mktemp("emb") / "g")
    st = open_store(uri)
    batch = pipeline.run([DATA]).batch
    st.load(batch, replace=True)
    st.close()
    labels = {ref.label for ref in batch.nodes}
    out = tmp_path_factory.mktemp("admin")
    res = CliRunner().invoke(app, ["export", "--format", "neo4j-admin", "--out", str(out), "--store", uri])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"wrote {len(batch.nodes)} nodes in {len(labels)} files and {len(batch.edges)} ")
    ro = open_store(uri, read_only=True)
    yield ro, out
    ro.close()


def test_csv_headers_counts_and_values(built: tuple[GraphStore, Path]) -> None:
    emb, out = built
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = emb.counts()
    per_label: dict[str, int] = {}
    for name, n in manifest["nodes"].items():
        per_label[name.removeprefix("nodes_").removesuffix(".csv")] = n
    per_type: dict[str, int] = {}
    for name, n in manifest["relationships"].items():
        t = name.removeprefix("rels_").split("__")[0]
        per_type[t] = per_type.get(t, 0) + n
    assert {**per_label, **per_type} == counts
    with (out / "nodes_Agency.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert header[0] == "id:ID(Agency)" and header[-1] == ":LABEL" and "aliases:string[]" in header
    i = header.index("aliases:string[]")
    multi = [r for r in rows[1:] if ARRAY_DELIMITER in r[i]]
    assert multi, "some agency has several printed forms"
    agency = emb.query("MATCH (a:Agency {id: $id}) RETURN a.aliases", {"id": multi[0][0]}).rows[0][0]
    assert multi[0][i].split(ARRAY_DELIMITER) == agency
    with (out / "rels_SUPERVISES__Person__CoalMine.csv").open(encoding="utf-8", newline="") as f:
        sup = list(csv.DictReader(f))
    assert sup and all(r[":TYPE"] == "SUPERVISES" and r["line:long"].isdigit() for r in sup)
    args = (out / "import.args").read_text(encoding="utf-8").splitlines()
    assert args[0] == "neo4j" and "--multiline-fields=true" in args
    assert sum(a.startswith("--relationships=") for a in args) == len(manifest["relationships"])
    assert "REQUIRE n.id IS UNIQUE" in (out / "schema.cypher").read_text(encoding="utf-8")


@pytest.mark.neo4j
def test_admin_import_gives_the_same_graph(built: tuple[GraphStore, Path], tmp_path: Path) -> None:
    from kg.errors import KgError
    from kg.neo4j_server import admin_import, check_jars, start, stop

    try:
        check_jars()
    except KgError as exc:
        pytest.skip(str(exc))
    emb, out = built
    home = tmp_path / "imported"
    report = admin_import(home, out)
    assert "IMPORT DONE" in report, report[-1500:]
    bolt = int(os.environ.get("KG_TEST_ADMIN_BOLT") or _free_port())
    http = int(os.environ.get("KG_TEST_ADMIN_HTTP") or _free_port())
    info = start(home, bolt_port=bolt, http_port=http)
    try:
        neo = open_store(info.bolt_uri)
        try:
            neo.ensure_schema()  # schema.cypher's statements
            assert neo.counts() == emb.counts()

            def pick(cypher: str) -> str:
                return str(emb.query(cypher).rows[0][0])

            mine = pick("MATCH (p:Person)-[:SUPERVISES]->(m:CoalMine) RETURN m.name AS n ORDER BY n LIMIT 1")
            doc = pick("MATCH (d:Document)-[:REPEALS]->(x:Document) RETURN d.doc_number AS n ORDER BY n LIMIT 1")
            agency = pick("MATCH (a:Agency)-[:LEADS]->(t:Task) RETURN a.name AS n ORDER BY n LIMIT 1")
            name = pick("MATCH (p:Person)-[:MEMBER_OF]->(g:Group) RETURN p.name AS n ORDER BY n LIMIT 1")
            text = pick("MATCH (a:Agency)-[:LEADS]->(t:Task) RETURN t.text AS n ORDER BY n LIMIT 1")[:4]
            for q, arg in ((chain, mine), (lineage, doc), (duties, agency), (person, name), (who, text)):
                a, b = q(emb, arg), q(neo, arg)
                assert a.rows, q.__name__
                assert a.as_dict() == b.as_dict(), q.__name__
        finally:
            neo.close()
    finally:
        stop(home)
