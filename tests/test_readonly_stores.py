"""Every write or admin statement of tests/test_readonly.py is refused through the
HTTP API and through `kg query`, on both stores, and the graph stays as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.stores import open_store
from tests.conftest import _neo4j_uri, sample_batch
from tests.test_readonly import REFUSED
from tests.test_service import _testclient


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def loaded_uri(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "embedded":
        uri = "embedded://" + str(Path(tmp_path_factory.mktemp("ro")) / "g")
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
        st.clear()
        st.close()


def _counts(uri: str) -> dict[str, int]:
    st = open_store(uri, read_only=True)
    try:
        return st.counts()
    finally:
        st.close()


def test_at_least_fifty_statements() -> None:
    assert len(REFUSED) >= 50


def test_refused_through_the_api(loaded_uri: str) -> None:
    from kg.service import create_app

    before = _counts(loaded_uri)
    with _testclient()(create_app(loaded_uri, token="")) as client:
        for cypher in REFUSED:
            r: Any = client.post("/api/query", json={"cypher": cypher})
            assert r.status_code == 403, (cypher, r.text)
            assert r.json()["code"] == "KG401", cypher
    assert _counts(loaded_uri) == before


def test_refused_through_kg_query(loaded_uri: str) -> None:
    runner = CliRunner()
    before = _counts(loaded_uri)
    for cypher in REFUSED:
        r = runner.invoke(app, ["query", cypher, "--store", loaded_uri])
        assert r.exit_code != 0, cypher
        assert "KG401" in repr(r.exception) or "KG401" in r.output, cypher
    assert _counts(loaded_uri) == before
