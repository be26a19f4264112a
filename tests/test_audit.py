"""kg audit and kg diff: every check on an invented graph where each finding is
known, the bundled corpus on both stores (identical reports), the CLI, the
service and the diff view."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import pipeline
from kg.audit import CHECKS, AuditConfigError, audit, diff, diff_builds
from kg.cli import app, main
from kg.errors import BadParameterError, NotFoundError
from kg.model import GraphBatch, NodeRef, Provenance
from kg.stores import open_store
from kg.stores.base import GraphStore
from tests.conftest import DATA, _neo4j_uri

CITY = "测试市"
D0, D1, D2, D3 = "测政办发〔2019〕5号", "测政办发〔2020〕1号", "测政办发〔2021〕2号", "测政发〔2021〕9号"


def audit_batch() -> GraphBatch:
    """Two 挂牌 lists (D1, then D2), an old list D0 repealed by D3, tasks, groups, a removal."""
    b = GraphBatch()
    n = iter(range(1, 1000))

    def prov(doc: str, text: str) -> Provenance:
        line = next(n)
        return Provenance(f"/data/{CITY}-2021-01.txt", doc, line, 0, line * 10, line * 10 + len(text), text, "test", "1")

    docs = {}
    for num, date in ((D0, "2019-02-01"), (D1, "2020-01-10"), (D2, "2021-03-01"), (D3, "2021-06-01")):
        docs[num] = b.add_node("Document", f"doc:{num}", name=num, doc_number=num, date=date, city=CITY, in_corpus=True)
    mines = {
        name: b.add_node("CoalMine", f"mine:{name}", name=name, gas_level=gas, city=CITY)
        for name, gas in (("青山煤矿", "高瓦斯"), ("白水煤矿", "低瓦斯"), ("老窑煤矿", "低瓦斯"), ("新井煤矿", "低瓦斯"))
    }
    people = {p: b.add_node("Person", f"person:{CITY}:{p}", name=p, city=CITY) for p in ("王一", "李二", "赵三", "钱四")}

    def sup(person: str, mine: str, doc: str, level: str, position: str) -> None:
        b.add_edge("SUPERVISES", people[person], mines[mine], prov(doc, f"{mine} {person} {position}"),
                   level=level, position=position)

    sup("王一", "青山煤矿", D1, "市政府", "副市长")  # high-gas mine to a deputy: post_rule
    sup("李二", "青山煤矿", D1, "市应急管理局", "市应急管理局局长")
    sup("王一", "白水煤矿", D1, "市政府", "副市长")  # no 市应急管理局 leader: no_leader
    sup("钱四", "老窑煤矿", D0, "市政府", "副市长")  # D0 repealed by D3, never replaced: repealed_basis
    sup("赵三", "青山煤矿", D2, "市政府", "市长")  # leader changed D1 -> D2
    sup("李二", "青山煤矿", D2, "市应急管理局", "市应急管理局局长")
    sup("钱四", "新井煤矿", D2, "市政府", "副市长")  # mine added in D2
    sup("李二", "新井煤矿", D2, "市应急管理局", "市应急管理局副局长")
    b.add_edge("REPEALS", docs[D3], docs[D0], prov(D3, f"{D0}同时废止"))
    a1 = b.add_node("Agency", f"agency:{CITY}:市应急管理局", name="市应急管理局", city=CITY)
    a2 = b.add_node("Agency", f"agency:{CITY}:市财政局", name="市财政局", city=CITY)
    for key, doc, text, deadline, rels in (
        ("t1", D1, "开展煤矿隐患排查整治。", "2020年底前", (("LEADS", a1),)),
        ("t2", D1, "建立健全监管台账。", None, (("LEADS", a1),)),  # no deadline in a dated document
        ("t3", D1, "做好经费保障。", None, (("SUPPORTS", a2),)),  # supported, never led
        ("t4", D2, "开展煤矿隐患排查整治。", "2021年底前", (("LEADS", a2),)),  # t1 reassigned in D2
    ):
        t = b.add_node("Task", f"task:{key}", name=text[:10], text=text, deadline=deadline, doc_number=doc,
                       file=f"/data/{CITY}-2021-01.txt", line=next(n))
        for rel, unit in rels:
            b.add_edge(rel, unit, t, prov(doc, text), as_printed=None)
    g1 = b.add_node("Group", "group:g1", name="煤矿安全领导小组", city=CITY, doc_number=D1)
    g2 = b.add_node("Group", "group:g2", name="旧领导小组", city=CITY, doc_number=D0)
    b.add_edge("MEMBER_OF", people["王一"], g1, prov(D1, "组 长：王一 副市长"), role="组长", position="副市长")
    b.add_edge("SET_UP_BY", g1, docs[D1], prov(D1, "成立煤矿安全领导小组"))
    b.add_edge("SET_UP_BY", g2, docs[D0], prov(D0, "成立旧领导小组"))
    post = b.add_node("Post", f"post:{CITY}:副市长", name="副市长", city=CITY)
    b.add_edge("REMOVED_FROM", people["王一"], post, prov(D3, "免去王一的副市长职务"), date="2021-06-01")
    assert NodeRef("Group", "group:g1") in b.nodes
    return b


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "embedded":
        uri = "embedded://" + str(tmp_path / "g")
    else:
        found = _neo4j_uri()
        if found is None:
            pytest.skip("no Neo4j")
        uri = found
    st = open_store(uri)
    st.load(audit_batch(), replace=True)
    yield st
    if request.param == "neo4j":
        st.clear()
    st.close()


def _found(report: object) -> set[tuple[str, str]]:
    return {(f.check, f.subject) for f in report.findings}  # type: ignore[attr-defined]


def test_every_check_finds_its_case(store: GraphStore, tmp_path: Path) -> None:
    cfg = tmp_path / "rules.toml"
    from importlib import resources

    text = resources.files("kg").joinpath("audit.toml").read_text(encoding="utf-8")
    cfg.write_text(text.replace("max_mines_per_leader = 5", "max_mines_per_leader = 1"), encoding="utf-8")
    early = audit(store, on="2020-06-01", config=cfg)  # D1 and D0 in force; D3's repeal and removal not yet
    assert _found(early) == {
        ("no_leader", "白水煤矿"),
        ("overloaded", "王一"),  # 青山煤矿 and 白水煤矿
        ("post_rule", "青山煤矿"),
        ("task_no_lead", "做好经费保障。"),
        ("task_no_deadline", "建立健全监管台账。"),
    }
    late = audit(store, config=cfg)  # the graph as it stands: D2 in force, D0 repealed, 王一 removed
    assert _found(late) == {
        ("no_leader", "白水煤矿"),
        ("overloaded", "李二"),  # 青山煤矿 and 新井煤矿 at 市应急管理局 after D2
        ("task_no_lead", "做好经费保障。"),
        ("task_no_deadline", "建立健全监管台账。"),
        ("group_leader_gone", "煤矿安全领导小组"),
        ("repealed_basis", "老窑煤矿"),
        ("repealed_basis", "旧领导小组"),
    }
    gone = next(f for f in late.findings if f.check == "group_leader_gone")
    assert "王一 removed from 副市长 on 2021-06-01 by 测政发〔2021〕9号" in gone.detail
    assert len(gone.evidence) == 2 and all(e.startswith("测试市-2021-01.txt:") for e in gone.evidence)
    rule = next(f for f in early.findings if f.check == "post_rule")
    assert "王一 (副市长) for a 高瓦斯 mine" in rule.detail and rule.doc_number == D1
    # the packaged limit (5) reports nobody; another city has no findings at all
    assert not [f for f in audit(store).findings if f.check == "overloaded"]
    assert audit(store, city="别的市").findings == []


def test_bad_date_and_bad_config(store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(BadParameterError):
        audit(store, on="yesterday")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[post_rules]]\nname = "x"\nlevel = "("\ngas = "."\npost = "."\n', encoding="utf-8")
    with pytest.raises(AuditConfigError, match="KG710"):
        audit(store, config=bad)
    with pytest.raises(AuditConfigError):
        audit(store, config=tmp_path / "missing.toml")


def test_diff_of_two_documents(store: GraphStore) -> None:
    ans = diff(store, D1, "测政办发[2021]2号")  # any bracket style
    got = {(r["change"], r["subject"], r["level"], r["before"], r["after"]) for r in ans.rows}
    assert got == {
        ("leader changed", "青山煤矿", "市政府", "王一 副市长", "赵三 市长"),
        ("mine dropped", "白水煤矿", None, "市政府 王一", None),
        ("mine added", "新井煤矿", None, None, "市应急管理局 李二、市政府 钱四"),
        ("task reassigned", "开展煤矿隐患排查整治。", None, "市应急管理局", "市财政局"),
    }
    assert ans.notes == [f"{D1} → {D2}: mine added 1, mine dropped 1, leader changed 1, task reassigned 1"]
    with pytest.raises(NotFoundError):
        diff(store, D1, "测政办发〔2099〕1号")


def test_diff_view_draws_before_and_after(store: GraphStore) -> None:
    from kg.visualisations import view_from_answer

    view = view_from_answer(diff(store, D1, D2), {"a": D1, "b": D2})
    edges = {(e.type, e.dashed) for e in view.edges}
    assert ("DIFF_ADDED", False) in edges and ("DIFF_DROPPED", True) in edges
    captions = {n.caption for n in view.nodes}
    assert {"青山煤矿", "王一 副市长", "赵三 市长", "开展煤矿隐患排查整治。"} <= captions


def test_service_audit_diff_and_diff_view(store: GraphStore) -> None:
    from kg.service import create_app
    from tests.test_service import _testclient

    with _testclient()(create_app(store=store, token="")) as c:
        r = c.get("/api/audit", params={"on": "2020-06-01"})
        assert r.status_code == 200, r.text
        assert r.json()["counts"]["post_rule"] == 1 and r.json()["counts"]["no_leader"] == 1
        r = c.get("/api/diff", params={"a": D1, "b": D2})
        assert r.status_code == 200 and len(r.json()["rows"]) == 4
        assert c.get("/api/diff", params={"a": D1, "b": "测政办发〔2099〕1号"}).json()["code"] == "KG406"
        page = c.get("/view/diff", params={"a": D1, "b": D2})
        assert page.status_code == 200 and "新增" in page.text and "撤除" in page.text
        assert c.get("/api/audit", params={"on": "bad"}).json()["code"] == "KG405"


# ---------------------------------------------------------------- the bundled corpus


@pytest.fixture(scope="module")
def corpus_stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[GraphStore]]:
    batch = pipeline.run([DATA]).batch
    emb = open_store("embedded://" + str(tmp_path_factory.mktemp("emb") / "g"))
    emb.load(batch, replace=True)
    emb.close()
    emb = open_store(emb.uri, read_only=True)  # the CLI opens it too
    out = [emb]
    uri = _neo4j_uri()
    if uri is not None:
        neo = open_store(uri)
        neo.load(batch, replace=True)
        out.append(neo)
    yield out
    for st in out[1:]:
        st.clear()
    for st in out:
        st.close()


def test_corpus_audit_identical_on_both_stores(corpus_stores: list[GraphStore]) -> None:
    reports = [audit(st) for st in corpus_stores]
    first = reports[0]
    counts = first.counts()
    # the 挂牌 list prints department-level leaders who are not 副局长 (the rule its own text states)
    assert counts["post_rule"] > 0 and counts["overloaded"] >= 1
    assert all(f.evidence and f.doc_number for f in first.findings if f.check in ("post_rule", "overloaded"))
    assert set(counts) == set(CHECKS)
    for other in reports[1:]:
        assert [f.as_row() for f in other.findings] == [f.as_row() for f in first.findings]
    city = next(f.city for f in first.findings if f.check == "post_rule")
    only = audit(corpus_stores[0], city=city)
    assert only.findings and all(f.city == city for f in only.findings)


def test_corpus_diff_of_two_builds(corpus_stores: list[GraphStore], tmp_path: Path) -> None:
    """Build B = the corpus with one 挂牌 table row's leader renamed: the diff names exactly that change."""
    emb = corpus_stores[0]
    row = emb.query(
        "MATCH (p:Person)-[r:SUPERVISES]->(m:CoalMine) RETURN p.name AS leader, r.file AS file, r.line AS line, "
        "m.name AS mine, r.level AS level ORDER BY r.line, r.level LIMIT 1"
    ).records()[0]
    src = Path(row["file"])
    if not src.is_absolute():
        src = DATA.parent.parent / src
    lines = src.read_text(encoding="utf-8").split("\n")
    line = lines[row["line"] - 1]
    spaced = row["leader"][0] + " " + row["leader"][1:]
    printed = spaced if spaced in line else row["leader"]
    assert printed in line
    lines[row["line"] - 1] = line.replace(printed, "甄" + "某" * (len(row["leader"]) - 1), 1)
    changed = tmp_path / "corpus"
    changed.mkdir()
    for f in DATA.glob("*.txt"):
        (changed / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (changed / src.name).write_text("\n".join(lines), encoding="utf-8")
    other = open_store("embedded://" + str(tmp_path / "b"))
    other.load(pipeline.run([changed]).batch, replace=True)
    try:
        ans = diff_builds(emb, other)
    finally:
        other.close()
    changes = [(r["change"], r["subject"], r["level"]) for r in ans.rows]
    assert ("leader changed", row["mine"], row["level"]) in changes
    assert all(c[0] == "leader changed" for c in changes), changes
    assert all("甄" in (r["after"] or "") for r in ans.rows)


def test_cli_audit_and_diff(corpus_stores: list[GraphStore], capsys: pytest.CaptureFixture[str]) -> None:
    emb = corpus_stores[0]
    runner = CliRunner()
    res = runner.invoke(app, ["audit", "--store", emb.uri, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["question"] == "audit" and data["counts"] == audit(emb).counts()
    res = runner.invoke(app, ["audit", "--store", emb.uri, "--format", "csv"])
    assert res.output.splitlines()[0] == "check,city,subject,detail,doc_number,evidence"
    for argv in (["audit", "--store", emb.uri, "--on", "someday"], ["diff", emb.uri, "测政办发〔2020〕1号"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2 and capsys.readouterr().err.startswith("error: KG405 ")
    res = runner.invoke(app, ["diff", emb.uri, emb.uri])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[-2:] == ["(0 rows)", f"note: {emb.uri} → {emb.uri}: mine added 0, mine dropped 0, "
                                            "leader changed 0, task reassigned 0"]
