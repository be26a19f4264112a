"""Golden tests for the citations extractor (and the documents extractor that
gives citations their source nodes).

Table-driven: snippet -> exact (relation, target 文号, line) facts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kg.extractors import ExtractContext, load_all
from kg.extractors.citations import extract_citations, find_numbers
from kg.extractors.documents import extract_documents

from kg.ingest import read_source
from kg.keys import document_key
from kg.model import Gazette, GraphBatch, SourceFile
from kg.normalize import compare_key
from kg.segment import parse_gazette
from kg.testing import make_document, make_gazette
from kg.vocab import L, R

HERE = Path(__file__).parent
CORPUS = HERE.parent / "data" / "gazettes"
GOLD = HERE.parent / "data" / "gold"
DEV = ["shuozhou-2020-04", "shuozhou-2022-06", "yangquan-2020-05"]

Fact = tuple[str, str, int]  # (relation, target doc_number, line)

CASES: list[tuple[str, str, list[Fact]]] = [
    (
        "plain citation in full-width brackets",
        "根据《国务院关于实施健康中国行动的意见》（国发〔2019〕13号）、《山西省人民政府关于推进健康中国·山西行动的实施意见》"
        "（晋政发〔2019〕27号）和《“健康朔州2030”规划纲要》，制定本方案。\n",
        [("CITES", "国发〔2019〕13号", 1), ("CITES", "晋政发〔2019〕27号", 1)],
    ),
    (
        "space before 号, ASCII and square brackets",
        "按照《通知》（晋政办发〔2020〕17 号）和《通知》（朔政办发(2020)9号）、《通知》(晋交运管发[2020]178号)要求。\n",
        [("CITES", "晋政办发〔2020〕17号", 1), ("CITES", "朔政办发(2020)9号", 1), ("CITES", "晋交运管发[2020]178号", 1)],
    ),
    (
        "number split over two lines (hard wrap)",
        "为贯彻落实《山西省人民政府关于取消和下放\n一批行政审批事项的决定》（晋政发〔2021〕48\n号）文件精神。\n",
        [("CITES", "晋政发〔2021〕48号", 2)],
    ),
    (
        "number split over a page seam with a blank line",
        "为贯彻落实《山西省人民政府办公厅关于加强秸秆综合利用的意见》（晋政办发〔2020〕\n\n33号），现提出如下意见。\n",
        [("CITES", "晋政办发〔2020〕33号", 1)],
    ),
    (
        "部令-style numbers, with and without a space",
        "《农作物种子质量检验机构考核管理办法》（2019年农业农村部令 第3号）第四条；《蚕种管理办法》(2006年农业部令第68号)\n",
        [("CITES", "2019年农业农村部令第3号", 1), ("CITES", "2006年农业部令第68号", 1)],
    ),
    (
        "the document's own number is not a citation",
        "测政发〔2020〕1号\n\n根据《通知》（晋政发〔2019〕26号）精神。\n",
        [("CITES", "晋政发〔2019〕26号", 3)],
    ),
    (
        "one edge per distinct target (first line kept)",
        "依据（国办发〔2020〕12号）。\n\n再次依据（国办发〔2020〕12号）。\n",
        [("CITES", "国办发〔2020〕12号", 1)],
    ),
    (
        "repeal: 同时废止 after the number",
        "本预案自发布之日起实施。2017年1月24日发布的《阳泉市森林火灾应急预案》(阳政办发〔2017〕6号)同时废止。\n",
        [("REPEALS", "阳政办发〔2017〕6号", 1)],
    ),
    (
        "repeal: 原…从即日起废止",
        "原《朔州市人民政府办公厅关于进一步落实煤矿安全生产挂牌责任制的通知》(朔政办发〔2019〕11号)从即日起废止。\n",
        [("REPEALS", "朔政办发〔2019〕11号", 1)],
    ),
    (
        "repeal: title and number in different paragraphs",
        "现印发给你们，请认真贯彻执行。2018年9月29日《朔州市人民政府办公厅关于印发朔州市大面积停电事件应急预案的通知》\n\n"
        "（朔政办发〔2018〕71号）同时废止。\n",
        [("REPEALS", "朔政办发〔2018〕71号", 3)],
    ),
    (
        "repeal: 废止 before the cited title",
        "自本办法施行之日起，废止《测试市市政设施管理办法》（测政发〔2012〕5号）。\n",
        [("REPEALS", "测政发〔2012〕5号", 1)],
    ),
    (
        "repeal: 不再执行",
        "《关于加强管理的通知》（测政办发〔2016〕8号）不再执行。\n",
        [("REPEALS", "测政办发〔2016〕8号", 1)],
    ),
    (
        "repeal by title; its number printed elsewhere in the document",
        "根据《测试市供水管理办法》（测政发〔2010〕3号）的实施情况，制定本办法。\n\n本办法自发布之日起施行，"
        "《测试市供水管理办法》同时废止。\n",
        [("REPEALS", "测政发〔2010〕3号", 1)],
    ),
    (
        "basis of a repeal sentence is cited, not repealed",
        "根据《国务院关于取消一批行政许可事项的决定》（国发〔2020〕13号），我市对相关规定予以清理，部分文件废止。\n",
        [("CITES", "国发〔2020〕13号", 1)],
    ),
    (
        "an amendment (调整) is a citation, not a repeal",
        "对《关于印发朔州市2020年重点工程项目名单的通知》（朔政办发〔2020〕15号）中的项目进行调整。\n",
        [("CITES", "朔政办发〔2020〕15号", 1)],
    ),
    (
        "standards, phone numbers and years are not numbers",
        "执行GB50974-2014标准，联系电话：(0349) 2021918。2020年工作要点。\n",
        [],
    ),
    (
        "prefix stops at words before the 机关代字",
        "市级监管机构按国卫办医发(2021)15号与医疗机构执业登记工作。\n",
        [("CITES", "国卫办医发(2021)15号", 1)],
    ),
    (
        "HTML inside a table cell",
        "12\t校验工作\t<p>由市级监管机构按国卫办医发(2021)15号执行</p>\t\n",
        [("CITES", "国卫办医发(2021)15号", 1)],
    ),
]


def _facts(batch: GraphBatch) -> list[Fact]:
    out = []
    for e in batch.edges.values():
        node = batch.nodes[e.dst]
        out.append((e.type, node.props["doc_number"], e.prov.line))
    return sorted(out, key=lambda f: (f[2], f[1]))


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_citations_golden(name: str, text: str, expected: list[Fact]) -> None:
    doc = make_document(text)
    batch = extract_citations(doc, ExtractContext(make_gazette(doc)))
    assert _facts(batch) == sorted(expected, key=lambda f: (f[2], f[1]))
    for e in batch.edges.values():
        target = batch.nodes[e.dst]
        # evidence contains the cited number; target nodes never claim in_corpus
        assert compare_key(str(target.props["doc_number"])) in compare_key(e.prov.evidence)
        assert "in_corpus" not in target.props
        assert e.prov.extractor == "citations" and e.prov.doc_number == "测政发〔2020〕1号"
        assert e.src.key == document_key("测政发〔2020〕1号", "x", "x")


# ---------------------------------------------------------------- wraps, prefixes, decrees, repeals by title

KindFact = tuple[str, str, int, str]  # (relation, target 文号 / decree number / title, line, kind)

KIND_CASES: list[tuple[str, str, list[KindFact]]] = [
    (
        "hard wrap inside the issuer prefix, repeal kept",
        "原《测试市人民政府办公室关于加强某项管理的通知》（测政\n办发〔2019〕12号）从即日起废止。\n",
        [("REPEALS", "测政办发〔2019〕12号", 1, "doc_number")],
    ),
    (
        "wrap right before the bracketed year and before the serial",
        "按照测政办发\n〔2019〕\n12号和测政发〔2020〕\n7号文件要求。\n",
        [("CITES", "测政办发〔2019〕12号", 1, "doc_number"), ("CITES", "测政发〔2020〕7号", 3, "doc_number")],
    ),
    (
        "page seam (page number, running title) inside a number",
        "依据《办法》（测政\n\n— 3 —\n\n测试市人民政府公报\n\n发〔2010〕3号）精神，制定本办法。\n",
        [("CITES", "测政发〔2010〕3号", 1, "doc_number")],
    ),
    (
        "half-width brackets and spaces, a date before the number",
        "2020年3月1日测政发(2020) 9 号印发后，各地按照测政办发[2020]11号执行。\n",
        [("CITES", "测政发(2020)9号", 1, "doc_number"), ("CITES", "测政办发[2020]11号", 1, "doc_number")],
    ),
    (
        "a lead-in verb, 》 and 的 never join the prefix",
        "贯彻落实测政发〔2021〕2号精神；《规定》测政发〔2021〕4号的要求；印发的测政办发〔2021〕5号。\n",
        [("CITES", "测政发〔2021〕2号", 1, "doc_number"), ("CITES", "测政发〔2021〕4号", 1, "doc_number"),
         ("CITES", "测政办发〔2021〕5号", 1, "doc_number")],
    ),
    (
        "an issuer line above a number is not its prefix",
        "测试市发展和改革委员会\n测发改发〔2021〕9号\n关于某事的函\n",
        [("CITES", "测发改发〔2021〕9号", 2, "doc_number")],
    ),
    (
        "a kind of paper cut from its issuer is not a number",
        "详见（\n办发〔2019〕12号）。\n",
        [],
    ),
    (
        "decree numbers: 令第N号, N号 without 第, 第N号令, a date before, Chinese numerals",
        "根据《条例》（国务院令第588号）、《办法》（某部令12号）、某部第13号令和2019年5月1日某某部令第5号，"
        "依照中华人民共和国主席令第三十一号。\n",
        [("CITES", "国务院令第588号", 1, "decree"), ("CITES", "某部令12号", 1, "decree"),
         ("CITES", "某部第13号令", 1, "decree"), ("CITES", "某某部令第5号", 1, "decree"),
         ("CITES", "中华人民共和国主席令第三十一号", 1, "decree")],
    ),
    (
        "one decree printed two ways is one citation; a year-numbered decree keeps its year",
        "依照国务院令第588号和国务院令588号，以及某某委令2019年第2号。\n",
        [("CITES", "国务院令第588号", 1, "decree"), ("CITES", "某某委令2019年第2号", 1, "decree")],
    ),
    (
        "a decree number split by a wrap, repealed",
        "《测试市某某管理办法》（测试市人民政府\n令第12号）同时废止。\n",
        [("REPEALS", "测试市人民政府令第12号", 1, "decree")],
    ),
    (
        "repeal of a list: numbers after their titles, the repeal word after the list",
        "《甲办法》（测政发〔2011〕1号）、《乙办法》（测政发〔2012〕2号）和《丙办法》（测政发〔2013〕3号）同时废止。\n",
        [("REPEALS", "测政发〔2011〕1号", 1, "doc_number"), ("REPEALS", "测政发〔2012〕2号", 1, "doc_number"),
         ("REPEALS", "测政发〔2013〕3号", 1, "doc_number")],
    ),
    (
        "repeal of a list with the verb first",
        "自本办法施行之日起，废止《甲办法》（测政发〔2011〕1号）、《乙办法》（测政发〔2012〕2号）。\n",
        [("REPEALS", "测政发〔2011〕1号", 1, "doc_number"), ("REPEALS", "测政发〔2012〕2号", 1, "doc_number")],
    ),
    (
        "repeal by title, the number printed next to the same title earlier (wrapped there)",
        "根据《测试市人民政府关于加强某项\n工作的通知》（测政发〔2015〕6号），结合实际，制定本办法。\n\n"
        "本办法自印发之日起施行，《测试市人民政府关于加强某项工作的通知》同时废止。\n",
        [("REPEALS", "测政发〔2015〕6号", 2, "doc_number")],
    ),
    (
        "repeal by an unbracketed title, the number printed beside it elsewhere",
        "根据测试市人民政府办公室关于加强供水管理的通知（测政办发〔2015〕3号）制定。\n\n"
        "测试市人民政府办公室关于加强供水管理的通知同时废止。\n",
        [("REPEALS", "测政办发〔2015〕3号", 1, "doc_number")],
    ),
    (
        "repeal by title with no number anywhere: a repeal of a title-only document",
        "本通知自即日起施行，《测试市人民政府关于某项工作的意见》和《测试市某项办法》同时废止。\n",
        [("REPEALS", "测试市人民政府关于某项工作的意见", 1, "title"), ("REPEALS", "测试市某项办法", 1, "title")],
    ),
    (
        "every number listed under a heading of repealed documents is repealed, up to the next attachment",
        "一、以下文件予以废止。（目录见附件1）\n根据测政发〔1999〕1号制定。\n\n附件1：测试市人民政府决定废止的规范性文件目录（2件）\n"
        "序号 文件名称 文号 说明\n1 关于某事的通知 测政发〔2000〕65号 已不适应\n2 关于某事的意见 测政办发〔2001〕3号 已过时\n"
        "附件2：参考文件\n1 关于某事的通知 测政发〔2002〕5号\n",
        [("CITES", "测政发〔1999〕1号", 2, "doc_number"), ("REPEALS", "测政发〔2000〕65号", 6, "doc_number"),
         ("REPEALS", "测政办发〔2001〕3号", 7, "doc_number"), ("CITES", "测政发〔2002〕5号", 9, "doc_number")],
    ),
    (
        "a year bracket whose closing half was lost, and traditional 號",
        "貫徹《關於某事的通知》(测办发〔2018104号)和粵府〔2021〕13號精神。\n",
        [("CITES", "测办发〔2018〕104号", 1, "doc_number"), ("CITES", "粵府〔2021〕13號", 1, "doc_number")],
    ),
    (
        "serials sharing one prefix and year",
        "根据测政发〔2019〕12号、13号和测政办发〔2020〕3、4号文件，《甲办法》（测政发〔2011〕1号、2号）同时废止。\n",
        [("CITES", "测政发〔2019〕12号", 1, "doc_number"), ("CITES", "测政发〔2019〕13号", 1, "doc_number"),
         ("CITES", "测政办发〔2020〕3号", 1, "doc_number"), ("CITES", "测政办发〔2020〕4号", 1, "doc_number"),
         ("REPEALS", "测政发〔2011〕1号", 1, "doc_number"), ("REPEALS", "测政发〔2011〕2号", 1, "doc_number")],
    ),
    (
        "a title cited without a repeal is not a fact",
        "按照《测试市人民政府关于某项工作的意见》要求，做好某项工作。\n",
        [],
    ),
    (
        "a title amended, not repealed",
        "《测试市某项办法》第三条修改为：……本办法其他条款不再执行的，另行通知。\n",
        [],
    ),
]


def _kind_facts(batch: GraphBatch) -> list[KindFact]:
    out = []
    for e in batch.edges.values():
        node = batch.nodes[e.dst].props
        out.append((e.type, node.get("doc_number") or node["title"], e.prov.line, e.props["kind"]))
    return sorted(out, key=lambda f: (f[2], f[1]))


@pytest.mark.parametrize(("name", "text", "expected"), KIND_CASES, ids=[c[0] for c in KIND_CASES])
def test_citation_kinds_golden(name: str, text: str, expected: list[KindFact]) -> None:
    doc = make_document(text)
    batch = extract_citations(doc, ExtractContext(make_gazette(doc)))
    assert _kind_facts(batch) == sorted(expected, key=lambda f: (f[2], f[1]))
    for e in batch.edges.values():
        target = batch.nodes[e.dst].props
        # the evidence holds the number, or the reason says how it was mended
        ev = compare_key(e.prov.evidence)
        name = compare_key(str(target.get("doc_number") or target["title"]))
        # a number sharing its prefix with the one before it ("〔2019〕12、13号") has its parts in the evidence
        parts = [p.rstrip("号號") for p in re.split(r"[()]", name) if p.rstrip("号號")]
        assert name in ev or all(p in ev for p in parts) or (e.prov.reason and "missing" in e.prov.reason)
        if e.props["kind"] == "title":
            assert "doc_number" not in target and target["name"] == target["title"]


def test_repeal_by_title_of_a_document_in_the_same_gazette() -> None:
    """A repealed title that is the title of another document of the issue resolves to its number."""
    doc = make_document("本办法自印发之日起施行，《测试市某项管理办法》和《关于某事的通知》同时废止。\n")
    other = make_document("正文。\n", doc_number="测政发〔2016〕4号", title="测试市某项管理办法")
    third = make_document("正文。\n", doc_number="测政办发〔2017〕9号", title="测试市人民政府办公室关于某事的通知")
    g = make_gazette(doc)
    g.documents.extend([other, third])
    batch = extract_citations(doc, ExtractContext(g))
    assert [(e.type, batch.nodes[e.dst].props["doc_number"]) for e in batch.edges.values()] == \
        [("REPEALS", "测政发〔2016〕4号"), ("REPEALS", "测政办发〔2017〕9号")]


def test_find_numbers_prefix_boundaries() -> None:
    got = [c.number for c in find_numbers("依照晋政发〔2019〕26号和国发〔2014〕27号的通知朔政办发〔2020〕9号执行")]
    assert got == ["晋政发〔2019〕26号", "国发〔2014〕27号", "朔政办发〔2020〕9号"]


def test_extractors_are_registered() -> None:
    reg = load_all()
    assert reg["documents"].version == "0.1.0"
    assert reg["citations"].version == "0.2.0"  # 0.2.0: decree kinds, wraps in prefixes, repeals by title
    assert list(reg)[:2] == ["documents", "citations"]


# ---------------------------------------------------------------- documents extractor


def test_documents_extractor_on_synthetic_issue() -> None:
    g = parse_gazette(read_source(HERE / "fixtures" / "segment" / "synthetic-2021-01.txt"))
    ctx = ExtractContext(g)
    batch = GraphBatch()
    for d in g.documents:
        batch.extend(extract_documents(d, ctx))
    doc = batch.nodes[next(r for r in batch.nodes if r.label == L.DOCUMENT and r.key == "doc:同政发〔2020〕88号")]
    assert doc.props["title"] == doc.props["name"] == "大同市人民政府关于印发大同市防汛应急预案的通知"
    assert doc.props["in_corpus"] is True and doc.props["line"] == 29 and doc.props["date"] == "2020-12-29"
    assert doc.props["gazette"] == "synthetic-2021-01" and doc.props["city"] == "大同市"
    assert doc.props["recipients"] == ["各县（区）人民政府", "市直各有关单位"]
    edges = [e for e in batch.edges.values() if e.src == doc.ref]
    by_type: dict[str, list[str]] = {}
    for e in edges:
        by_type.setdefault(e.type, []).append(batch.nodes[e.dst].props.get("name", ""))
        assert e.prov.line > 0 and e.prov.evidence
        name = batch.nodes[e.dst].props.get("name")
        if e.type != R.PUBLISHED_IN:
            assert name and name in e.prov.evidence
    assert by_type[R.ISSUED_BY] == ["大同市人民政府"]
    assert sorted(by_type[R.ADDRESSED_TO]) == sorted(["各县（区）人民政府", "市直各有关单位"])
    assert by_type[R.ATTACHES] == ["大同市防汛应急预案", "大同市防汛指挥部成员单位职责分解表"]
    assert by_type[R.PUBLISHED_IN] == ["synthetic-2021-01"]
    issued = next(e for e in edges if e.type == R.ISSUED_BY)
    assert issued.prov.line == 29 and issued.props["as_printed"] == "大同市人民政府"
    chronicle = [n for n in batch.nodes.values() if n.label == L.DOCUMENT and n.props.get("kind") == "chronicle"]
    assert len(chronicle) == 1 and chronicle[0].props.get("doc_number") is None


# ---------------------------------------------------------------- corpus


def _dev_citations(g: Gazette) -> dict[tuple[str, str], tuple[str, int]]:
    ctx = ExtractContext(g)
    out: dict[tuple[str, str], tuple[str, int]] = {}
    for d in g.documents:
        batch = extract_citations(d, ctx)
        for e in batch.edges.values():
            key = (compare_key(d.doc_number), compare_key(str(batch.nodes[e.dst].props["doc_number"])))
            out[key] = ("repeals" if e.type == R.REPEALS else "cites", e.prov.line)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", DEV)
def test_dev_citations_against_gold(name: str) -> None:
    path = GOLD / name / "citations.jsonl"
    assert path.exists(), f"the development gold ships in {GOLD}"
    gold = {
        (compare_key(r["from"]), compare_key(r["to"])): (r["relation"], r["line"])
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    pred = _dev_citations(parse_gazette(read_source(CORPUS / f"{name}.txt")))
    tp = set(gold) & set(pred)
    p, r = len(tp) / max(1, len(pred)), len(tp) / max(1, len(gold))
    assert 2 * p * r / max(1e-9, p + r) >= 0.95
    assert {k for k in pred if pred[k][0] == "repeals"} == {k for k in gold if gold[k][0] == "repeals"}
    assert sum(pred[k][1] == gold[k][1] for k in tp) / len(tp) >= 0.95


@pytest.mark.slow
@pytest.mark.parametrize("name", DEV)
def test_citations_survive_wrapping_and_brackets(name: str) -> None:
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    base = _dev_citations(parse_gazette(SourceFile.from_text(text, f"{name}.txt")))

    def rewrap(t: str) -> str:
        out = []
        for line in t.split("\n"):
            while "\t" not in line and len(line) > 20:
                out.append(line[:20])
                line = line[20:]
            out.append(line)
        return "\n".join(out)

    variant = rewrap(text).replace("〔", "[").replace("〕", "]")
    got = _dev_citations(parse_gazette(SourceFile.from_text(variant, f"{name}.txt")))
    assert {k: v[0] for k, v in got.items()} == {k: v[0] for k, v in base.items()}


# ---------------------------------------------------------------- through a store and the export


def test_kinds_and_title_only_repeals_through_the_store(tmp_path: Path) -> None:
    """A decree citation and a title-only repeal load, come back in the fact view (the title
    standing for the missing number) and pass the SHACL shapes of the export."""
    from kg.facts import citations
    from kg.rdf import to_rdf, validate
    from kg.stores import open_store

    text = ("根据《某条例》（国务院令第588号），制定本办法。\n\n"
            "本办法自印发之日起施行，《测试市某项管理办法》同时废止。\n")
    doc = make_document(text, path=str(tmp_path / "snippet.txt"))
    ctx = ExtractContext(make_gazette(doc))
    batch = extract_documents(doc, ctx)
    batch.extend(extract_citations(doc, ctx))
    store = open_store("embedded://" + str(tmp_path / "g"))
    try:
        store.load(batch)
        got = {(r["to"], r["relation"]) for r in citations(store, doc.source.path)}
        assert got == {("国务院令第588号", "cites"), ("测试市某项管理办法", "repeals")}
        kinds = store.query("MATCH (:Document)-[r:CITES|REPEALS]->(:Document) RETURN r.kind AS kind").records()
        assert sorted(r["kind"] for r in kinds) == ["decree", "title"]
        ok, report = validate(to_rdf(store))
        assert ok, report
    finally:
        store.close()


@given(st.text(alphabet="测政办发〔〕()（）[]2019年月日号令第的根据《》、，。；\n\t 0123456789某市部", max_size=80))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_citations_without_crashing(text: str) -> None:
    doc = make_document(text or "空")
    batch = extract_citations(doc, ExtractContext(make_gazette(doc)))
    for e in batch.edges.values():
        assert e.props["kind"] in {"doc_number", "decree", "title"} and e.prov.evidence
