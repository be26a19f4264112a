"""Limits that bound memory and work before the fact, and service hygiene (kg.limits).

Rows are streamed and reading stops at the row limit; one query's memory on the
embedded store is bounded (KG510); request body, statement and parameter sizes
(KG511, 413); requests in flight (KG512, 429); a token-less service answers local
host names only (KG513, 421); malformed JSON and lone surrogates are coded (KG516);
every error body carries a KG code; tokens in the query string only on HTML routes,
scrubbed from the access log.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from kg import pipeline
from kg.errors import QueryMemoryError
from kg.stores import open_store
from tests.conftest import ROOT, sample_batch
from tests.test_service import _testclient

A = ROOT / "tests/fixtures/heldout/corpus/changzhi-2021-03.txt"


@pytest.fixture(scope="module")
def small_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    uri = "embedded://" + str(Path(tmp_path_factory.mktemp("lim")) / "g")
    st = open_store(uri)
    st.load(sample_batch(), replace=True)
    st.close()
    return uri


def _client(uri: str, **kw: Any) -> Any:
    from kg.service import create_app

    return _testclient()(create_app(uri, **{"token": "", **kw}))


def test_rows_are_streamed_and_cut_at_the_limit(store_uri: str) -> None:
    st = open_store(store_uri)
    st.load(sample_batch(), replace=True)
    st.close()
    st = open_store(store_uri, read_only=True)
    try:
        res = st.query("UNWIND range(1, 100000) AS x RETURN x", max_rows=3)
        assert res.rows == [[1], [2], [3]] and res.truncated
        res = st.query("UNWIND range(1, 3) AS x RETURN x", max_rows=3)
        assert len(res.rows) == 3 and not res.truncated
    finally:
        st.close()


def test_service_row_limit_is_a_streaming_cut(small_uri: str) -> None:
    with _client(small_uri, row_limit=5) as c:
        r = c.post("/api/query", json={"cypher": "UNWIND range(1, 1000000) AS x RETURN x"})
        body = r.json()
        assert r.status_code == 200 and body["row_count"] == 5 and body["truncated"] is True


def test_one_query_cannot_take_the_memory_of_the_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.limits

    uri = "embedded://" + str(tmp_path / "g")
    pipeline.build([A], uri, replace=True)
    monkeypatch.setattr(kg.limits, "QUERY_MEMORY_MB", 64)
    st = open_store(uri, read_only=True)
    try:
        # 164 nodes, 4.4 M rows unsorted stream: the first 1,000 come back, the rest are never built
        res = st.query("MATCH (a), (b), (c) RETURN a, b, c", max_rows=1000)
        assert len(res.rows) == 1000 and res.truncated
        # the same rows sorted do not fit 64 MB: refused, not grown into
        with pytest.raises(QueryMemoryError) as info:
            st.query("MATCH (a), (b), (c) RETURN a.id, b.id, c.id ORDER BY a.id, b.id, c.id", max_rows=10)
        assert info.value.code == "KG510" and "KG_QUERY_MEMORY_MB" in info.value.message
        assert st.query("MATCH (n) RETURN count(n)").rows[0][0] > 0  # the store still answers
    finally:
        st.close()


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [
        ({"cypher": "RETURN 1 AS x" + " " * 30_000}, "KG511", 413),
        ({"cypher": "RETURN $p AS x", "params": {"p": "长" * 60_000}}, "KG511", 413),
        ({"cypher": "RETURN $p AS x", "params": {"p": "\ud800"}}, "KG516", 400),
        ({"cypher": "RETURN '\udfff' AS x"}, "KG516", 400),
    ],
)
def test_statement_and_parameter_limits(small_uri: str, body: dict[str, Any], code: str, status: int) -> None:
    import json

    raw = json.dumps(body)  # ASCII escapes: a lone surrogate travels as \\ud800, as a client would send it
    with _client(small_uri) as c:
        r = c.post("/api/query", content=raw, headers={"content-type": "application/json"})
        assert r.status_code == status and r.json()["code"] == code, r.text


def test_body_limit_before_parsing(small_uri: str) -> None:
    with _client(small_uri) as c:
        r = c.post("/api/query", content=b"{" + b" " * 2_000_000 + b"}", headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["code"] == "KG511"


def test_malformed_json_and_unknown_routes_carry_codes(small_uri: str) -> None:
    with _client(small_uri) as c:
        r = c.post("/api/query", content=b'{"cypher": ', headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.json()["code"] == "KG516"
        r = c.post("/api/query", content=b'{"cypher": "RETURN 1"', headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.json()["code"] == "KG516"
        r = c.get("/no/such/route")
        assert r.status_code == 404 and r.json()["code"].startswith("KG")
        r = c.put("/api/query")
        assert r.status_code == 405 and r.json()["code"].startswith("KG")
        r = c.post("/api/query", json={"params": {}})
        assert r.status_code == 422 and r.json()["code"] == "KG405"


def test_token_less_service_answers_local_hosts_only(small_uri: str) -> None:
    with _client(small_uri) as c:
        ok = c.post("/api/query", json={"cypher": "RETURN 1 AS x"})
        assert ok.status_code == 200
        for host in ("evil.example", "evil.example:8000", "192.168.1.5"):
            r = c.post("/api/query", json={"cypher": "RETURN 1 AS x"}, headers={"host": host})
            assert r.status_code == 421 and r.json()["code"] == "KG513", host
        assert c.get("/api/health", headers={"host": "127.0.0.1:8000"}).status_code == 200
    with _client(small_uri, token="s3cret") as c:  # with a token any Host may ask (auth decides)
        r = c.post("/api/query", json={"cypher": "RETURN 1 AS x"}, headers={"host": "kg.example",
                                                                           "authorization": "Bearer s3cret"})
        assert r.status_code == 200


def test_query_string_tokens_only_on_html_routes(small_uri: str) -> None:
    with _client(small_uri, token="s3cret") as c:
        r = c.post("/api/query?token=s3cret", json={"cypher": "RETURN 1 AS x"})
        assert r.status_code == 401 and r.json()["code"] == "KG501"
        assert c.get("/api/search?q=市&token=s3cret").status_code == 401
        assert c.get("/api/search?q=市", headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/?token=s3cret").status_code == 200


def test_access_log_scrubs_tokens() -> None:
    from kg.cli.views_cmd import TokenScrubber

    rec = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                            ("127.0.0.1:5", "GET", "/embed/chain?mine=x&token=s3cret&y=1", "1.1", 200), None)
    TokenScrubber().filter(rec)
    assert "s3cret" not in rec.getMessage() and "token=***" in rec.getMessage()


def test_requests_in_flight_are_bounded() -> None:
    """The middleware around a route that blocks until released: the second
    request in flight gets 429 KG512 with Retry-After, the first completes."""
    from kg.service import GuardMiddleware

    release = asyncio.Event()

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = GuardMiddleware(slow_app, max_concurrent=1, max_body=1000, allowed_hosts=None)

    async def call() -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(m: dict[str, Any]) -> None:
            sent.append(m)

        await guard({"type": "http", "headers": []}, receive, send)
        return sent

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        first = asyncio.ensure_future(call())
        await asyncio.sleep(0)
        second = await call()
        release.set()
        return await first, second

    first, second = asyncio.run(scenario())
    assert first[0]["status"] == 200
    assert second[0]["status"] == 429 and (b"retry-after", b"1") in second[0]["headers"]
    assert b"KG512" in second[1]["body"]
    assert guard.in_flight == 0
