"""大事记 (chronicle) entries → Event nodes.

A chronicle lists dated entries::

    1月
    1月2日 市政府召开常务会议，审议《…》（测政发〔2021〕3号）。
    5日  市应急管理局开展煤矿安全大检查。

Each entry becomes an ``Event`` (date, text, line) that the chronicle RECORDS;
the entry INVOLVES every document it cites by 文号 and every unit it names
(recognised by structure with :func:`kg.agencies.is_unit_name`, never from a
list). A month heading ("1月", "一月") sets the month for entries that print
only the day. The year comes from the chronicle's title, else its date.
"""

from __future__ import annotations

import re

from kg.extractors import ExtractContext, register

from kg.agencies import is_unit_name
from kg.keys import agency_key, document_key, event_key
from kg.layout import document_furniture_lines
from kg.model import Document, GraphBatch, Text
from kg.normalize import normalize_doc_number, strip_ws
from kg.vocab import L, R

VERSION = "0.1.0"

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_MONTH_HEAD = re.compile(r"^\s*(?:(\d{1,2})|(十[一二]?|[一二三四五六七八九]))\s*月\s*(?:份)?\s*$")
_ENTRY = re.compile(r"^\s*[△▲●·•\-—]*\s*(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:[—\-至到]\s*\d{1,2}\s*日)?[\s，,：:]*")
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[（(【]\s*\d{4}\s*[〕\]）)】]\s*\d{1,4}\s*号")
_UNIT = re.compile(r"(?:市|县|区|省)[\u4e00-\u9fff]{1,14}?(?:人民政府办公室|人民政府|委员会|局|委|办公室|办|中心|厅|支队|集团(?:有限公司)?|有限公司)")


def _year(doc: Document) -> int | None:
    m = re.search(r"(\d{4})\s*年", doc.title)
    if m:
        return int(m.group(1))
    if doc.date:
        return int(doc.date[:4])
    return None


_END = "。；;！!？?"


def _lines(doc: Document) -> list[tuple[Text, bool]]:
    """(line, continues the previous line) for the document's printed lines.

    Works on raw lines rather than repaired paragraphs because a month heading
    ("1月") and the first entry must stay apart. A line continues the one before
    when that one is as long as the page's wrap width and ends mid-sentence.
    """
    furniture = document_furniture_lines(doc)
    rows = [t for no, t in doc.line_texts() if t.text.strip() and no not in furniture]
    lengths = sorted(len(t.text.rstrip()) for t in rows)
    wrap = lengths[int(len(lengths) * 0.9)] if lengths else 0
    out: list[tuple[Text, bool]] = []
    for i, t in enumerate(rows):
        prev = rows[i - 1].text.rstrip() if i else ""
        cont = bool(prev) and len(prev) >= max(wrap - 1, 8) and prev[-1] not in _END
        out.append((t, cont))
    return out


def chronicle_entries(doc: Document) -> list[tuple[str | None, Text]]:
    """The dated entries of a chronicle: (ISO date or None, the entry's lines joined)."""
    year = _year(doc)
    month: int | None = None
    entries: list[tuple[str | None, Text]] = []
    for para, cont in _lines(doc):
        s = para.text
        mh = _MONTH_HEAD.match(s)
        if mh and not cont:
            month = int(mh.group(1)) if mh.group(1) else _CN_NUM.get(mh.group(2))
            continue
        me = None if cont and entries else _ENTRY.match(s)
        if me:
            mon = int(me.group(1)) if me.group(1) else month
            if me.group(1):
                month = mon
            day = int(me.group(2))
            ok = year and mon and 1 <= mon <= 12 and 1 <= day <= 31
            date = f"{year:04d}-{mon:02d}-{day:02d}" if ok else None
            entries.append((date, para))
        elif entries and not s.strip().endswith("大事记"):
            date, prev = entries[-1]
            entries[-1] = (date, Text.join([prev, para]))
    return entries


@register("events", version=VERSION, assigns=(L.EVENT, R.RECORDS, R.INVOLVES))
def extract_events(doc: Document, ctx: ExtractContext) -> GraphBatch:
    batch = GraphBatch()
    if doc.kind != "chronicle":
        return batch
    info = extract_events.info
    dref = batch.add_node(L.DOCUMENT, doc.key)
    for date, text in chronicle_entries(doc):
        body = text.strip()
        if not body.text:
            continue
        line = body.first_line or doc.start_line
        me = _ENTRY.match(body.text)
        content = strip_ws(body.text[me.end() :] if me else body.text)
        eref = batch.add_node(L.EVENT, event_key(doc.key, line), name=content[:40], date=date,
                              doc_number=doc.doc_number, line=line)
        batch.add_edge(R.RECORDS, dref, eref, info.provenance(doc, body))
        for dm in _DOCNO.finditer(body.text):
            num = normalize_doc_number(dm.group(0))
            if doc.doc_number and num == normalize_doc_number(doc.doc_number):
                continue
            cited = batch.add_node(L.DOCUMENT, document_key(num, doc.gazette_id, num), doc_number=num, name=num)
            batch.add_edge(R.INVOLVES, eref, cited, info.provenance(doc, body, dm.start(), dm.end()))
        seen: set[str] = set()
        for um in _UNIT.finditer(body.text):
            name = strip_ws(um.group(0))
            if name in seen or not is_unit_name(name):
                continue
            seen.add(name)
            aref = batch.add_node(L.AGENCY, agency_key(ctx.city, name), name=name, city=ctx.city, aliases=[name])
            batch.add_edge(R.INVOLVES, eref, aref, info.provenance(doc, body, um.start(), um.end()), as_printed=name)
    return batch
