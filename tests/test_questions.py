"""Named questions on every store: identical answers, time and post-holder logic."""

from __future__ import annotations

import pytest

from kg.errors import BadParameterError, NotFoundError, UnknownQuestionError
from kg.model import GraphBatch, Provenance, SourceFile
from kg.questions import chain, duties, lineage, person, run, who
from kg.stores import open_store

TEXT = """测州市人民政府办公室关于落实煤矿挂牌责任制的通知
测政办发〔2020〕49号
根据晋政办发〔2012〕37号，甲煤矿：市政府 张三 副市长；市应急管理局 李四 市应急管理局副局长。
测州市人民政府办公室关于调整煤矿挂牌责任人的通知
测政办发〔2021〕10号
测政办发〔2020〕49号同时废止。甲煤矿：市政府 王五 副市长。
测州市人民政府关于赵六等任免职务的通知
任命赵六为市应急管理局副局长；免去李四的市应急管理局副局长职务。
（一）开展隐患排查。（市应急局牵头，市财政局配合）
"""


def _batch() -> GraphBatch:
    src = SourceFile.from_text(TEXT, "/data/测州-2021-01.txt")
    b = GraphBatch()

    def prov(line: int, needle: str, doc: str) -> Provenance:
        t = src.line_text(line)
        i = t.text.index(needle)
        return Provenance.from_span(t.span(i, i + len(needle)), doc_number=doc, extractor="test", version="1")

    d49 = b.add_node("Document", "doc:测政办发〔2020〕49号", doc_number="测政办发〔2020〕49号", title="关于落实煤矿挂牌责任制的通知",
                     date="2020-11-05", in_corpus=True, file=src.path, line=1)
    d10 = b.add_node("Document", "doc:测政办发〔2021〕10号", doc_number="测政办发〔2021〕10号", title="关于调整煤矿挂牌责任人的通知",
                     date="2021-06-01", in_corpus=True, file=src.path, line=4)
    b.add_node("Document", "doc:测政任字〔2021〕1号", doc_number="测政任字〔2021〕1号", title="关于赵六等任免职务的通知",
                     date="2021-03-01", in_corpus=True, file=src.path, line=7)
    prov_doc = b.add_node("Document", "doc:晋政办发〔2012〕37号", doc_number="晋政办发〔2012〕37号")
    mine = b.add_node("CoalMine", "mine:甲煤矿", name="甲煤矿", district="某县", gas_level="低瓦斯", city="测州市")
    p3 = b.add_node("Person", "person:测州市:张三", name="张三", city="测州市")
    p4 = b.add_node("Person", "person:测州市:李四", name="李四", city="测州市")
    p5 = b.add_node("Person", "person:测州市:王五", name="王五", city="测州市")
    p6 = b.add_node("Person", "person:测州市:赵六", name="赵六", city="测州市")
    post = b.add_node("Post", "post:测州市:市应急管理局副局长", name="市应急管理局副局长", city="测州市")
    b.add_edge("CITES", d49, prov_doc, prov(3, "晋政办发〔2012〕37号", "测政办发〔2020〕49号"))
    b.add_edge("REPEALS", d10, d49, prov(6, "测政办发〔2020〕49号", "测政办发〔2021〕10号"))
    b.add_edge("SUPERVISES", p3, mine, prov(3, "张三", "测政办发〔2020〕49号"), level="市政府", position="副市长",
               valid_from="2020-11-05")
    b.add_edge("SUPERVISES", p4, mine, prov(3, "李四", "测政办发〔2020〕49号"), level="市应急管理局",
               position="市应急管理局副局长", valid_from="2020-11-05")
    b.add_edge("SUPERVISES", p5, mine, prov(6, "王五", "测政办发〔2021〕10号"), level="市政府", position="副市长",
               valid_from="2021-06-01")
    b.add_edge("APPOINTED_TO", p6, post, prov(8, "任命赵六为市应急管理局副局长", "测政任字〔2021〕1号"),
               position="市应急管理局副局长", date="2021-03-01")
    b.add_edge("REMOVED_FROM", p4, post, prov(8, "免去李四的市应急管理局副局长职务", "测政任字〔2021〕1号"),
               position="市应急管理局副局长", date="2021-03-01")
    task = b.add_node("Task", "task:1", text="开展隐患排查。", doc_number="测政办发〔2021〕10号", line=9)
    lead = b.add_node("Agency", "agency:测州市:市应急管理局", name="市应急管理局", aliases=["市应急局", "市应急管理局"])
    sup = b.add_node("Agency", "agency:测州市:市财政局", name="市财政局", aliases=["市财政局"])
    b.add_edge("LEADS", lead, task, prov(9, "市应急局牵头", "测政办发〔2021〕10号"), as_printed="市应急局", ordinal=0)
    b.add_edge("SUPPORTS", sup, task, prov(9, "市财政局配合", "测政办发〔2021〕10号"), as_printed="市财政局", ordinal=0)
    return b


@pytest.fixture
def store(store_uri: str):  # type: ignore[no-untyped-def]
    st = open_store(store_uri)
    st.load(_batch(), replace=True)
    yield st
    st.close()


def test_who(store) -> None:  # type: ignore[no-untyped-def]
    a = who(store, "隐患排查")
    assert [(r["role"], r["unit"]) for r in a.rows] == [("牵头", "市应急局"), ("配合", "市财政局")]
    assert a.rows[0]["evidence"] == "测州-2021-01.txt:9 市应急局牵头"


def test_duties_by_alias(store) -> None:  # type: ignore[no-untyped-def]
    a = duties(store, "市应急局")
    assert [(r["who"], r["duty"], r["doc_number"]) for r in a.rows] == [("市应急管理局", "牵头", "测政办发〔2021〕10号")]


def test_chain_validity_and_repeal(store) -> None:  # type: ignore[no-untyped-def]
    before = chain(store, "甲煤矿", on="2020-12-01")
    assert [(r["level"], r["leader"], r["valid_to"]) for r in before.rows] == [
        ("市政府", "张三", "2021-06-01"),
        ("市应急管理局", "李四", "2021-06-01"),
    ]
    after = chain(store, "甲煤矿", on="2021-07-01")
    assert [(r["level"], r["leader"], r["valid_from"]) for r in after.rows] == [("市政府", "王五", "2021-06-01")]
    assert any("rests on 晋政办发〔2012〕37号" in n for n in before.notes)


def test_chain_responsibility_follows_the_post(store) -> None:  # type: ignore[no-untyped-def]
    a = chain(store, "甲煤矿", on="2021-04-01")
    row = next(r for r in a.rows if r["level"] == "市应急管理局")
    assert row["leader"] == "李四" and row["holder_on_date"] == "赵六"
    assert any("follows the post" in n and "赵六" in n for n in a.notes)


def test_lineage(store) -> None:  # type: ignore[no-untyped-def]
    a = lineage(store, "测政办发[2020]49号")
    assert [(r["relation"], r["document"]) for r in a.rows] == [
        ("cites", "晋政办发〔2012〕37号"),
        ("repealed by", "测政办发〔2021〕10号"),
    ]
    assert a.rows[1]["date"] == "2021-06-01"


def test_person(store) -> None:  # type: ignore[no-untyped-def]
    a = person(store, "李 四")
    assert [(r["relation"], r["date"]) for r in a.rows] == [("挂牌", "2020-11-05"), ("免去", "2021-03-01")]


def test_errors(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        chain(store, "不存在的矿")
    with pytest.raises(BadParameterError):
        chain(store, "甲煤矿", on="someday")
    with pytest.raises(UnknownQuestionError):
        run("nope", store)
    with pytest.raises(NotFoundError):
        lineage(store, "无〔2000〕1号")
