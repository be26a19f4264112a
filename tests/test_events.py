"""Golden tests for the 大事记 (chronicle) extractor."""

from __future__ import annotations

import pytest
from kg.extractors import ExtractContext
from kg.extractors.events import extract_events

from kg.testing import make_document, make_gazette

CHRONICLE = """2021年测州市大事记
1月
1月2日 市政府召开常务会议，审议通过《测州市煤矿安全生产专项整治方案》（测政办发〔2021〕3号）。
5日 市应急管理局会同市能源局开展煤矿安全大检查。
二月
3日 市人民政府与测州经济开发区管委会签署合作协议，
双方将共建产业园。
"""


def _events(text: str):  # type: ignore[no-untyped-def]
    doc = make_document(text, kind="chronicle", title="2021年测州市大事记", doc_number=None, date=None)
    batch = extract_events(doc, ExtractContext(make_gazette(doc)))
    events = sorted((n.props["line"], n.props["date"], n.props["name"]) for n in batch.nodes.values() if n.label == "Event")
    involves = sorted((e.prov.line, e.dst.label, e.props.get("as_printed") or e.dst.key) for e in batch.edges.values()
                      if e.type == "INVOLVES")
    return events, involves, batch


def test_entries_dates_and_links() -> None:
    events, involves, batch = _events(CHRONICLE)
    assert [(line, date) for line, date, _ in events] == [(3, "2021-01-02"), (4, "2021-01-05"), (6, "2021-02-03")]
    assert events[2][2].startswith("市人民政府与测州经济开发区管委会签署合作协议，双方将共建")
    assert (3, "Document", "doc:测政办发〔2021〕3号") in involves
    assert (4, "Agency", "市应急管理局") in involves and (4, "Agency", "市能源局") in involves
    for e in batch.edges.values():
        assert e.prov.evidence and e.prov.extractor == "events"
        if e.type == "INVOLVES" and e.dst.label == "Agency":
            assert e.props["as_printed"] in e.prov.evidence


@pytest.mark.parametrize("width", [12, 20])
def test_hard_wrapped_chronicle(width: int) -> None:
    lines = []
    for line in CHRONICLE.splitlines():
        lines.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    events, _, _ = _events("\n".join(lines) + "\n")
    assert [date for _, date, _ in events] == ["2021-01-02", "2021-01-05", "2021-02-03"]


def test_non_chronicle_documents_give_nothing() -> None:
    doc = make_document(CHRONICLE, kind="notice")
    assert not extract_events(doc, ExtractContext(make_gazette(doc))).nodes
