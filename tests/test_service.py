"""kg.service against a real embedded store built from a small fixture."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.model import GraphBatch, Provenance

HAS_EMBEDDED = importlib.util.find_spec("kg.stores.embedded") is not None
HAS_QUESTIONS = importlib.util.find_spec("kg.questions") is not None

pytestmark = pytest.mark.skipif(
    not HAS_EMBEDDED, reason="kg.stores.embedded (EmbeddedStore) is not in this build yet"
)

DOC = "测政发〔2020〕1号"
GAZ = "data/gazettes/测试市公报2020-1.txt"


def _prov(line: int, evidence: str) -> Provenance:
    return Provenance(GAZ, DOC, line, 0, 0, len(evidence), evidence, "fixture", "1")


def fixture_batch() -> GraphBatch:
    b = GraphBatch()
    a1 = b.add_node("Agency", "a1", name="市应急管理局", city="测试市")
    a2 = b.add_node("Agency", "a2", name="市公安局", city="测试市")
    t1 = b.add_node("Task", "t1", name="开展煤矿安全检查", text="开展煤矿安全检查", doc_number=DOC, line=10)
    p1 = b.add_node("Person", "p1", name="李四", city="测试市")
    m1 = b.add_node("CoalMine", "m1", name="红星煤矿", city="测试市")
    g1 = b.add_node("Group", "g1", name="安全生产领导小组", city="测试市")
    b.add_node(
        "Document",
        "d1",
        name="关于开展煤矿安全检查的通知",
        title="关于开展煤矿安全检查的通知",
        doc_number=DOC,
        in_corpus=True,
        date="2020-01-05",
    )
    b.add_edge(
        "LEADS",
        a1,
        t1,
        _prov(10, "市应急管理局牵头，市公安局配合，开展煤矿安全检查"),
        as_printed="市应急管理局",
        ordinal=1,
    )
    b.add_edge(
        "SUPPORTS",
        a2,
        t1,
        _prov(10, "市应急管理局牵头，市公安局配合，开展煤矿安全检查"),
        as_printed="市公安局",
        ordinal=2,
    )
    b.add_edge("SUPERVISES", p1, m1, _prov(20, "李四 红星煤矿 市级"), level="市级", valid_from="2020-01-05")
    b.add_edge("MEMBER_OF", p1, g1, _prov(30, "组长：李四"), role="组长")
    return b


@pytest.fixture(scope="module")
def store_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kg.stores import open_store

    path: Path = tmp_path_factory.mktemp("svc") / "graph"
    uri = "embedded://" + str(path)
    st = open_store(uri)
    try:
        st.load(fixture_batch(), replace=True)
    finally:
        st.close()
    return uri


def _testclient() -> Any:
    """starlette.testclient warns (an error under -W error) when only httpx,
    not httpx2, is installed; either works for these tests."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    import functools

    # a token-less service answers local host names only (DNS rebinding guard)
    return functools.partial(TestClient, base_url="http://localhost")


def _client(store_uri: str, **kw: Any) -> Any:
    from kg.service import create_app

    TestClient = _testclient()

    kw.setdefault("token", "")
    return TestClient(create_app(store_uri, **kw))


@pytest.fixture(scope="module")
def client(store_uri: str) -> Iterator[Any]:
    with _client(store_uri) as c:
        yield c


# ------------------------------------------------------------------ /api/query


def test_query_returns_rows(client: Any) -> None:
    r = client.post("/api/query", json={"cypher": "MATCH (a:Agency) RETURN a.name AS name ORDER BY name"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["name"]
    assert body["rows"] == [["市公安局"], ["市应急管理局"]]
    assert body["truncated"] is False


def test_query_params_and_graph_values(client: Any) -> None:
    r = client.post(
        "/api/query",
        json={
            "cypher": "MATCH (a:Agency)-[r:LEADS]->(t:Task) WHERE a.name = $n RETURN a, r, t",
            "params": {"n": "市应急管理局"},
        },
    )
    assert r.status_code == 200, r.text
    a, rel, t = r.json()["rows"][0]
    assert a["_label"] == "Agency" and a["name"] == "市应急管理局"
    assert rel["_type"] == "LEADS" and rel["line"] == 10 and "牵头" in rel["evidence"]
    assert t["_label"] == "Task"


@pytest.mark.parametrize(
    "cypher",
    [
        "CREATE (n:Agency {id: 'x', name: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Agency) SET n.name = 'x'",
        "MATCH (n) RETURN n; MATCH (m) DELETE m",
        "CALL dbms.components()",
        "COPY Agency FROM '/tmp/x.csv'",
        "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    ],
)
def test_writes_refused_403(client: Any, cypher: str) -> None:
    r = client.post("/api/query", json={"cypher": cypher})
    assert r.status_code == 403
    assert r.json()["code"] == "KG401"
    # and the graph is untouched
    n = client.post("/api/query", json={"cypher": "MATCH (n) RETURN count(n) AS c"}).json()["rows"][0][0]
    assert n == 7


def test_store_itself_is_read_only(store_uri: str) -> None:
    """Even past the checker, the store opened by the service cannot write."""
    from kg.errors import KgError
    from kg.service import create_app

    app = create_app(store_uri, token="")
    with pytest.raises(KgError):
        app.state.holder.query("CREATE (n:Agency {id: 'zz', name: 'zz'})", None, 5.0)
    app.state.holder.close()


def test_row_limit(store_uri: str) -> None:
    with _client(store_uri, row_limit=2) as c:
        r = c.post("/api/query", json={"cypher": "MATCH (n) RETURN n.name AS name"})
        assert r.status_code == 200
        assert r.json()["row_count"] == 2 and r.json()["truncated"] is True


def test_timeout_is_passed_to_the_store(store_uri: str) -> None:
    seen: list[float | None] = []

    from kg.stores import open_store

    real = open_store(store_uri, read_only=True)

    class Spy:
        uri, dialect, read_only = real.uri, real.dialect, True

        def query(self, cypher: str, params: Any = None, *, timeout: float | None = None,
                  max_rows: int | None = None) -> Any:
            seen.append(timeout)
            return real.query(cypher, params, timeout=timeout, max_rows=max_rows)

        def close(self) -> None:
            real.close()

    from kg.service import create_app

    with _testclient()(create_app(token="", store=Spy(), timeout=2.5)) as c:  # type: ignore[arg-type]
        assert c.post("/api/query", json={"cypher": "RETURN 1 AS x"}).status_code == 200
    real.close()
    assert seen == [2.5]


def test_bad_cypher_is_a_coded_400(client: Any) -> None:
    r = client.post("/api/query", json={"cypher": "MATCH (n RETURN n"})
    assert r.status_code == 400
    assert r.json()["code"].startswith("KG4")


def test_missing_body_field_is_coded(client: Any) -> None:
    r = client.post("/api/query", json={"params": {}})
    assert r.status_code == 422 and r.json()["code"] == "KG405"


def test_missing_store_is_coded_503(tmp_path: Path) -> None:
    with _client("embedded://" + str(tmp_path / "nothing")) as c:
        r = c.post("/api/query", json={"cypher": "RETURN 1"})
    assert r.status_code == 503 and r.json()["code"].startswith("KG3")


# ------------------------------------------------------------------ auth


def test_token_required(store_uri: str) -> None:
    with _client(store_uri, token="s3cret") as c:
        body = {"cypher": "RETURN 1 AS x"}
        r = c.post("/api/query", json=body)
        assert r.status_code == 401 and r.json()["code"] == "KG501"
        assert c.post("/api/query", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/query", json=body, headers={"Authorization": "Bearer s3cret"}).status_code == 200
        # query-string token only for pages, not for the JSON API
        assert c.post("/api/query?token=s3cret", json=body).status_code == 401
        assert c.get("/").status_code == 401
        assert c.get("/?token=s3cret").status_code == 200
        assert c.get("/api/health").status_code == 200


def test_token_from_environment(store_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.service import create_app

    monkeypatch.setenv("KG_API_TOKEN", "envtok")
    with _testclient()(create_app(store_uri)) as c:
        assert c.post("/api/query", json={"cypher": "RETURN 1"}).status_code == 401
        ok = c.post("/api/query", json={"cypher": "RETURN 1"}, headers={"Authorization": "Bearer envtok"})
        assert ok.status_code == 200


# ------------------------------------------------------------------ pages

_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)


def test_index_page(client: Any) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "文号" in r.text and "/api/search" in r.text
    assert not _EXTERNAL.search(r.text)


def test_search(client: Any) -> None:
    r = client.get("/api/search", params={"q": "煤矿"})
    assert r.status_code == 200, r.text
    hits = r.json()["hits"]
    by_label = {h["label"]: h for h in hits}
    assert by_label["CoalMine"]["question"] == "chain"
    assert by_label["CoalMine"]["view"].startswith("/view/chain?mine=")
    r = client.get("/api/search", params={"q": "〔2020〕1号"})
    assert any(h["label"] == "Document" for h in r.json()["hits"])


@pytest.mark.skipif(not HAS_QUESTIONS, reason="kg.questions (named questions) not in this build yet")
def test_questions_api(client: Any) -> None:
    names = {q["name"] for q in client.get("/api/questions").json()["questions"]}
    assert {"who", "duties"} <= names
    r = client.get("/api/questions/who", params={"text": "煤矿安全"})
    assert r.status_code == 200, r.text
    roles = {row["role"] for row in r.json()["rows"]}
    assert {"牵头", "配合"} <= roles
    r = client.get("/api/questions/nope")
    assert r.status_code == 404 and r.json()["code"] == "KG404"
    r = client.get("/api/questions/who", params={"bogus": "1"})
    assert r.status_code == 422 and r.json()["code"] == "KG405"


@pytest.mark.skipif(not HAS_QUESTIONS, reason="kg.questions (named questions) not in this build yet")
def test_embed_view_headers_and_content(client: Any) -> None:
    r = client.get("/embed/who", params={"text": "煤矿安全"})
    assert r.status_code == 200, r.text
    page = r.text
    assert 'class="kg-embed"' in page
    assert "牵头" in page and "配合" in page and "市应急管理局" in page
    assert not _EXTERNAL.search(page)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert r.headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.skipif(not HAS_QUESTIONS, reason="kg.questions (named questions) not in this build yet")
def test_embed_framing_from_configured_origins(store_uri: str) -> None:
    with _client(store_uri, token="t0k", allowed_origins=["https://portal.example.org"]) as c:
        assert c.get("/embed/who", params={"text": "煤矿"}).status_code == 401
        r = c.get("/embed/who", params={"text": "煤矿", "token": "t0k"})
        assert r.status_code == 200
        assert "frame-ancestors https://portal.example.org" in r.headers["content-security-policy"]
        assert "x-frame-options" not in r.headers
        # the token is not passed on to the question as an argument
        assert "t0k" not in r.text


@pytest.mark.skipif(not HAS_QUESTIONS, reason="kg.questions (named questions) not in this build yet")
def test_view_page_of_a_mine(client: Any) -> None:
    r = client.get("/view/chain", params={"mine": "红星煤矿"})
    assert r.status_code == 200, r.text
    assert "挂牌" in r.text and "李四" in r.text
    assert 'class="kg-page"' in r.text


def test_openapi_docs(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/query" in spec["paths"] and "/embed/{question}" in spec["paths"]
    assert client.get("/docs").status_code == 200


# ------------------------------------------------------------------ kg render / serve helpers


def test_render_cypher_to_file(store_uri: str, tmp_path: Path) -> None:
    from kg.cli.views_cmd import render

    out = tmp_path / "leads.html"
    rep = render("MATCH (a)-[r]->(b) RETURN a, r, b", out=out, store=store_uri)
    assert rep.nodes == 6 and rep.edges == 4 and rep.dropped_edges == 0
    page = out.read_text(encoding="utf-8")
    assert "牵头" in page and "挂牌" in page and "成员" in page
    assert not _EXTERNAL.search(page)


def test_render_paths(store_uri: str, tmp_path: Path) -> None:
    from kg.cli.views_cmd import render

    rep = render(
        "MATCH p = (a)-[r:SUPERVISES]->(b) RETURN p", out=tmp_path / "p.html", store=store_uri, embed=True
    )
    assert (rep.nodes, rep.edges) == (2, 1)


def test_render_refuses_writes(store_uri: str, tmp_path: Path) -> None:
    from kg.cli.views_cmd import render
    from kg.errors import WriteQueryRefusedError

    with pytest.raises(WriteQueryRefusedError):
        render("MATCH (n) DETACH DELETE n", out=tmp_path / "x.html", store=store_uri)
    assert not (tmp_path / "x.html").exists()


@pytest.mark.skipif(not HAS_QUESTIONS, reason="kg.questions (named questions) not in this build yet")
def test_render_question(store_uri: str, tmp_path: Path) -> None:
    from kg.cli.views_cmd import render

    rep = render(question="duties", args=["市应急管理局"], out=tmp_path / "d.html", store=store_uri)
    assert rep.edges >= 1
    assert "牵头" in (tmp_path / "d.html").read_text(encoding="utf-8")


def test_serve_binds_localhost_without_token() -> None:
    from kg.cli.views_cmd import resolve_bind

    host, warning = resolve_bind("0.0.0.0", "")
    assert host == "127.0.0.1" and warning and "KG_API_TOKEN" in warning
    host, warning = resolve_bind("0.0.0.0", "tok")
    assert host == "0.0.0.0" and warning is None
    assert resolve_bind(None, "")[0] == "127.0.0.1"
