"""Shared fixtures: stores for the contract suite, a small built graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import GraphBatch, Provenance, SourceFile

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "gazettes"
GOLD = ROOT / "data" / "gold"


def sample_batch(city: str = "测试市") -> GraphBatch:
    """A small graph touching most labels, with provenance on every edge."""
    text = (
        f"{city}人民政府办公室关于印发{city}煤矿安全监管工作方案的通知\n"
        "测政办发〔2020〕9号\n"
        "（一）开展隐患排查。（市应急局牵头，市财政局配合）\n"
        "组 长：张 韬 副市长\n"
        "本方案自印发之日起施行，测政办发〔2019〕11号同时废止。\n"
    )
    src = SourceFile.from_text(text, f"/data/{city}-2020-01.txt")
    b = GraphBatch()

    def prov(line: int, needle: str, ex: str = "sample") -> Provenance:
        t = src.line_text(line)
        i = t.text.index(needle)
        return Provenance.from_span(t.span(i, i + len(needle)), doc_number="测政办发〔2020〕9号", extractor=ex, version="1")

    gz = b.add_node("Gazette", "gazette:t", name=f"{city}公报", city=city, year=2020, issue=1)
    doc = b.add_node(
        "Document", "doc:测政办发〔2020〕9号", name="通知", title=f"{city}人民政府办公室关于印发…的通知",
        doc_number="测政办发〔2020〕9号", date="2020-03-01", kind="notice", in_corpus=True, line=1,
        file=src.path, recipients=["各县（市、区）人民政府"],
    )
    old = b.add_node("Document", "doc:测政办发〔2019〕11号", name="测政办发〔2019〕11号", doc_number="测政办发〔2019〕11号")
    issuer = b.add_node("Agency", f"agency:{city}:{city}人民政府办公室", name=f"{city}人民政府办公室", city=city)
    lead = b.add_node("Agency", f"agency:{city}:市应急管理局", name="市应急管理局", city=city, aliases=["市应急局"])
    sup = b.add_node("Agency", f"agency:{city}:市财政局", name="市财政局", city=city, aliases=["市财政局"])
    task = b.add_node("Task", "task:1", name="开展隐患排查", text="开展隐患排查。", line=3, doc_number="测政办发〔2020〕9号", file=src.path)
    person = b.add_node("Person", f"person:{city}:张韬", name="张韬", city=city)
    post = b.add_node("Post", f"post:{city}:副市长", name="副市长", city=city)
    group = b.add_node("Group", "group:g@doc", name="煤矿安全监管工作领导小组", doc_number="测政办发〔2020〕9号")
    mine = b.add_node("CoalMine", "mine:某煤业有限公司", name="某煤业有限公司", gas_level="低瓦斯", city=city)
    b.add_edge("PUBLISHED_IN", doc, gz, prov(2, "测政办发〔2020〕9号", "documents"))
    b.add_edge("ISSUED_BY", doc, issuer, prov(1, f"{city}人民政府办公室", "documents"), as_printed=f"{city}人民政府办公室")
    b.add_edge("REPEALS", doc, old, prov(5, "测政办发〔2019〕11号", "citations"), as_printed="测政办发〔2019〕11号")
    b.add_edge("HAS_TASK", doc, task, prov(3, "开展隐患排查", "tasks"))
    b.add_edge("LEADS", lead, task, prov(3, "市应急局牵头", "tasks"), as_printed="市应急局", ordinal=0)
    b.add_edge("SUPPORTS", sup, task, prov(3, "市财政局配合", "tasks"), as_printed="市财政局", ordinal=0)
    b.add_edge("MEMBER_OF", person, group, prov(4, "张 韬 副市长", "groups"), role="组长", position="副市长")
    b.add_edge("HOLDS_POST", person, post, prov(4, "张 韬 副市长", "people"), position="副市长", since="2020-03-01")
    b.add_edge("SUPERVISES", person, mine, prov(4, "张 韬", "mines"), level="市政府", position="副市长", valid_from="2020-03-01")
    b.add_edge("SET_UP_BY", group, doc, prov(4, "组 长", "groups"))
    return b


_NEO4J: dict[str, str | None] = {}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _neo4j_uri() -> str | None:
    """The Neo4j the suite runs against: $KG_TEST_NEO4J_URI (set by .ci/run), else a
    local server this session starts itself from the jars `make install` fetched."""
    if "uri" in _NEO4J:
        return _NEO4J["uri"]
    uri = os.environ.get("KG_TEST_NEO4J_URI") or None
    if uri is None and os.environ.get("KG_TEST_NO_NEO4J") != "1":
        from kg.errors import KgError
        from kg.neo4j_server import check_jars, start

        try:
            check_jars()
        except KgError:
            _NEO4J["uri"] = None
            return None
        import tempfile

        home = tempfile.mkdtemp(prefix="kg-test-neo4j-")
        info = start(home, bolt_port=_free_port(), http_port=_free_port())
        _NEO4J["home"] = home
        uri = info.bolt_uri
    _NEO4J["uri"] = uri
    return uri


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    home = _NEO4J.get("home")
    if home:
        from kg.neo4j_server import stop

        stop(home)


STORE_KINDS = ["embedded", "neo4j"]


@pytest.fixture(params=STORE_KINDS)
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store of each kind (the contract suite runs on all)."""
    if request.param == "embedded":
        yield "embedded://" + str(tmp_path / "graph")
        return
    uri = _neo4j_uri()
    if uri is None:
        pytest.skip("no Neo4j: the jars are not installed (make install) and KG_TEST_NEO4J_URI is unset")
    from kg.stores import open_store

    st = open_store(uri)
    st.clear(wait=60)  # a writer killed by a test leaves a lease that runs out
    st.close()
    yield uri
    st = open_store(uri)
    st.clear(wait=60)
    st.close()
