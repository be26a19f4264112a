"""kg.segment.parse_gazette: documents anchored on body title blocks.

1. A synthetic issue (tests/fixtures/segment/) with every title-block layout we
   know: issuer on its own line / on the title line, title broken with spaces,
   文号 split over two lines with [] brackets, dates with spaces, cut by a page
   seam, in Chinese numerals, 任免 and 大事记 documents, a TOC that disagrees.
2. Variants of the dev corpus (re-wrapped at 20 chars, running page headers
   with sentences cut at page seams, [] for 〔〕, another city): the same
   documents must come out.
3. The dev set against the gold annotations (data/gold, a copy of the hand-checked gold).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.ingest import read_source
from kg.model import Gazette, SourceFile
from kg.normalize import compare_key
from kg.segment import parse_date, parse_gazette, split_list, title_text

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "segment" / "synthetic-2021-01.txt"
CORPUS = HERE.parent / "data" / "gazettes"
GOLD = HERE.parent / "data" / "gold"
DEV = ["shuozhou-2020-04", "shuozhou-2022-06", "yangquan-2020-05"]


@pytest.fixture(scope="module")
def synthetic() -> Gazette:
    return parse_gazette(read_source(FIXTURE))


def test_synthetic_masthead(synthetic: Gazette) -> None:
    g = synthetic
    assert (g.id, g.city, g.province, g.year, g.issue, g.total, g.published) == (
        "synthetic-2021-01", "大同市", "山西省", 2021, 1, 13, "2021-01-10",
    )


EXPECTED = [
    # doc_number, title, issuer, date, kind, section, start, end
    ("同政发〔2020〕88号", "大同市人民政府关于印发大同市防汛应急预案的通知", "大同市人民政府", "2020-12-29", "notice",
     "市政府文件", 29, 55),
    ("同政任字〔2020〕9号", "大同市人民政府关于王某等二人任免职务的通知", "大同市人民政府", "2020-12-30", "appointment",
     "人事任免", 57, 75),
    ("同政办发〔2020〕77号", "大同市人民政府办公室关于加强秸秆禁烧工作的实施意见", "大同市人民政府办公室", "2020-11-03",
     "opinion", "市政府办公室文件", 77, 88),
    (None, "2020年大同市大事记", None, None, "chronicle", "市政府办公室文件", 90, 94),
]


def test_synthetic_documents(synthetic: Gazette) -> None:
    got = [(d.doc_number, d.title, d.issuer, d.date, d.kind, d.section, d.start_line, d.end_line)
           for d in synthetic.documents]
    assert got == EXPECTED


def test_synthetic_recipients_and_attachments(synthetic: Gazette) -> None:
    d0, d1, d2, _ = synthetic.documents
    assert d0.recipients == ["各县（区）人民政府", "市直各有关单位"]
    assert d1.recipients == ["各县（区）人民政府", "市直各单位"]
    assert [(a.title, a.line, a.kind) for a in d0.attachments] == [
        ("大同市防汛应急预案", 49, "预案"),
        ("大同市防汛指挥部成员单位职责分解表", 55, "分解表"),
    ]
    assert d2.attachments == []


def test_title_text_maps_to_the_title_lines(synthetic: Gazette) -> None:
    d0 = synthetic.documents[0]
    t = title_text(d0)
    assert t.text == d0.title
    assert t.first_line == 29
    d2 = synthetic.documents[2]
    assert title_text(d2).span().line == 77


def test_blocks_belong_to_their_document(synthetic: Gazette) -> None:
    for d in synthetic.documents:
        assert d.blocks
        assert all(d.start_line <= ln <= d.end_line for b in d.blocks for ln in b.lines)
    assert synthetic.blocks


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020年10月30日", "2020-10-30"),
        ("2020 年 9 月 11 日", "2020-09-11"),
        ("二〇二〇年十月三十日", "2020-10-30"),
        ("二〇二一年一月五日", "2021-01-05"),
        ("二〇二〇年十二月二十一日", "2020-12-21"),
        ("2020年13月1日", None),
        ("无日期", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_split_list_keeps_brackets() -> None:
    assert split_list("各县（市、区）人民政府，朔州经济开发区管委会、市直各有关单位") == [
        "各县（市、区）人民政府", "朔州经济开发区管委会", "市直各有关单位",
    ]


def test_masthead_date_is_not_a_document_date() -> None:
    text = (
        "测试市人民政府公报\n\n2021年1月10日出版\n\n测试市人民政府\n\n关于开展测试工作的通知\n\n测政发〔2020〕3号\n\n"
        "各县（区）人民政府：\n\n请认真贯彻执行。\n"
    )
    g = parse_gazette(SourceFile.from_text(text, "t.txt"))
    assert g.published == "2021-01-10"
    assert [(d.doc_number, d.date, d.start_line) for d in g.documents] == [("测政发〔2020〕3号", None, 5)]


def test_toc_entries_are_not_documents() -> None:
    text = (
        "目 录\n\n【市政府文件】\n\n测试市人民政府关于开展测试工作的通知\n\n测政发〔2020〕3号\n\n"
        "测试市人民政府\n\n关于开展测试工作的通知\n\n测政发〔2020〕3号\n\n各县（区）人民政府：\n\n请认真贯彻执行。\n\n"
        "测试市人民政府\n\n2020年3月1日\n"
    )
    g = parse_gazette(SourceFile.from_text(text, "t.txt"))
    assert [(d.doc_number, d.start_line, d.section, d.date) for d in g.documents] == [
        ("测政发〔2020〕3号", 9, "市政府文件", "2020-03-01"),
    ]


# ---------------------------------------------------------------- corpus variants


def _rewrap(text: str, width: int = 20) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
            continue
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def _page_headers(text: str, every: int = 37, header: str = "朔州市人民政府公报") -> str:
    """Insert a page footer and a running header every ``every`` lines; a long
    line there is cut in two (a sentence cut at a page seam)."""
    out: list[str] = []
    page = 1
    for i, line in enumerate(text.split("\n")):
        if i and i % every == 0:
            k = len(line) // 2 if len(line.strip()) > 30 and "\t" not in line else 0
            out += [line[:k], "", f"— {page} —", "", header, "", line[k:]]
            page += 1
        else:
            out.append(line)
    return "\n".join(out)


def _square_brackets(text: str) -> str:
    return text.replace("〔", "[").replace("〕", "]")


def _other_city(text: str) -> str:
    return text.replace("朔州", "忻州").replace("阳泉", "晋中")


def _summary(g: Gazette, city_map: bool = False) -> set[tuple[str | None, ...]]:
    def f(s: str | None) -> str | None:
        if s is None:
            return None
        s = compare_key(s)
        return s.replace("忻州", "朔州").replace("晋中", "阳泉") if city_map else s

    return {(f(d.doc_number), f(d.title), f(d.issuer), d.date, d.kind, f(d.section)) for d in g.documents}


@pytest.fixture(scope="module")
def baseline() -> dict[str, tuple[str, Gazette]]:
    out = {}
    for name in DEV:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = (text, parse_gazette(SourceFile.from_text(text, f"{name}.txt")))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", DEV)
@pytest.mark.parametrize(
    "variant",
    [_rewrap, _page_headers, _square_brackets, lambda t: _page_headers(_rewrap(t), every=53)],
    ids=["wrap20", "page-headers", "square-brackets", "wrap20+headers"],
)
def test_variants_give_the_same_documents(
    baseline: dict[str, tuple[str, Gazette]], name: str, variant: Callable[[str], str]
) -> None:
    text, base = baseline[name]
    g = parse_gazette(SourceFile.from_text(variant(text), f"{name}.txt"))
    assert _summary(g) == _summary(base)
    assert g.city == base.city and g.year == base.year and g.issue == base.issue


@pytest.mark.slow
@pytest.mark.parametrize("name", DEV)
def test_other_city_gives_the_same_documents(baseline: dict[str, tuple[str, Gazette]], name: str) -> None:
    text, base = baseline[name]
    g = parse_gazette(SourceFile.from_text(_other_city(text), f"{name}.txt"))
    assert _summary(g, city_map=True) == _summary(base)
    assert g.city in {"忻州市", "晋中市"}
    assert g.province == "山西省"


def test_start_lines_point_at_the_title_in_variants(baseline: dict[str, tuple[str, Gazette]]) -> None:
    # with running headers inserted, start lines shift but still point at the issuer/title
    text, _ = baseline["shuozhou-2020-04"]
    v = _page_headers(text)
    src = SourceFile.from_text(v, "x.txt")
    g = parse_gazette(src)
    assert len(g.documents) == 21
    for d in g.documents:
        first = compare_key(src.line(d.start_line))
        assert first and compare_key(d.title).startswith(first)


# ---------------------------------------------------------------- gold


def _gold(name: str) -> list[dict[str, object]]:
    path = GOLD / name / "documents.jsonl"
    assert path.exists(), f"the development gold ships in {GOLD}"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.slow
@pytest.mark.parametrize("name", DEV)
def test_dev_set_against_gold(baseline: dict[str, tuple[str, Gazette]], name: str) -> None:
    gold = {compare_key(str(g["doc_number"])): g for g in _gold(name)}
    _, g = baseline[name]
    pred = {compare_key(d.doc_number): d for d in g.documents}
    tp = set(gold) & set(pred)
    precision, recall = len(tp) / len(pred), len(tp) / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.97
    for field in ("title", "date", "issuer", "line", "section", "kind"):
        ok = 0
        for k in tp:
            d = pred[k]
            value = {"title": d.title, "date": d.date, "issuer": d.issuer, "line": d.start_line,
                     "section": d.section, "kind": d.kind}[field]
            ok += compare_key(str(value)) == compare_key(str(gold[k][field]))
        assert ok / len(tp) >= 0.95, field


DECISION_AND_CHRONICLE = """测州市人民政府
关于表彰2020年度安全生产先进集体的决定
测政发〔2021〕3号
各县（市、区）人民政府：
经研究，决定对以下集体予以表彰。
测州市人民政府
2021年2月26日

【政府大事记】

测州市人民政府大事记

（2021年2月）

2月1日 市政府召开常务会议。
"""


def test_decision_is_other_and_chronicle_title_keeps_its_period() -> None:
    g = parse_gazette(SourceFile.from_text(DECISION_AND_CHRONICLE, "测州-2021-02.txt"))
    got = [(d.doc_number, d.kind, d.title, d.start_line) for d in g.documents]
    assert got == [
        ("测政发〔2021〕3号", "other", "测州市人民政府关于表彰2020年度安全生产先进集体的决定", 1),
        (None, "chronicle", "测州市人民政府大事记（2021年2月）", 11),
    ]


def test_chronicle_heading_with_its_period_on_the_line_above() -> None:
    text = DECISION_AND_CHRONICLE.replace("测州市人民政府大事记\n\n（2021年2月）", "2021年2月\n测州市人民政府大事记")
    g = parse_gazette(SourceFile.from_text(text, "测州-2021-02.txt"))
    assert [(d.kind, d.title, d.start_line) for d in g.documents][1] == ("chronicle", "2021年2月测州市人民政府大事记", 11)
