"""Places: 省 -> 市 -> 县/市/区 -> 乡镇, linked by PART_OF.

The province and city come from the gazette (``ctx.gazette.province`` / ``.city``).
County-level places are taken from the text, only where the text shows they lie
inside the gazette's city:

* the 所在行政区域 cells of a 挂牌 table (parsed by :mod:`kg.extractors.mines`);
* lists of two or more county-level names (``朔城区、平鲁区、山阴县``), each item a
  short name ending in 县/区/市/旗; a list made only of ``…市`` items is a list of
  cities and is skipped, as is a list naming the gazette's own city;
* a name printed right after the city's name (``朔州市朔城区``, ``山西朔州平鲁区…``);
* headings of a per-county list (``一、朔城区（4 座）``).

A township (镇/乡/街道) is added when it is printed right after a county that is
known to be in the city (``平鲁区井坪镇``). Nothing is looked up in a list of
names: a county named only once in running prose is left out.

Place keys are paths (``kg.keys.place_key``); the mines extractor keys the
district of a mine with the same path, so both meet in one node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extractors import ExtractContext, register
from kg.extractors.mines import DISTRICT, logical_lines, mine_rows

from kg.keys import place_key
from kg.layout import content_lines
from kg.model import Document, GraphBatch, NodeRef, Provenance, Text
from kg.normalize import strip_ws
from kg.vocab import L, R

NAME = "places"
VERSION = "0.1.0"

PROVINCE, CITY, COUNTY, TOWNSHIP = "省", "市", "县", "乡镇"

_CJK = "\u4e00-\u9fff"
_COUNTY_RE = re.compile(rf"^(?:[{_CJK}]{{1,3}}(?:县|区|市)|[{_CJK}]{{2,5}}旗)$")
_GENERIC_RE = re.compile(
    r"^(?:全|本|我|各|该|此|每|其|外|省|市县|县市|县区|市区|城乡|地区|辖区|郊县|山区|牧区|灾区|园区|景区)"
    r"|(?:开发区|园区|示范区|景区|保护区|片区|社区|小区|库区|采空区|沉陷区|功能区|试验区|集聚区|经济区|工业区|"
    r"产业区|服务区|核心区|新城区|老城区|主城区|市辖区|县城区|行政区|地区|区县|市县|县市|城市|都市|超市|上市|门市|"
    r"股市|夜市|集市|闹市|街区|禁区|盲区|误区|专区|营区|校区|分区|警备区|产区|果区|植区|旱区|林区|农区|"
    r"风区|湖区|口区|港区|站区|厂区|营市)$"
)
_LIST_RE = re.compile(rf"[{_CJK}]{{1,5}}(?:县|区|市|旗)(?:、[{_CJK}]{{1,5}}(?:县|区|市|旗))+")
_HEADING_RE = re.compile(rf"^\s*[一二三四五六七八九十]+、\s*([{_CJK}]{{1,4}}(?:县|区|市|旗))\s*(?:[（(].*[）)])?\s*$")
_TOWN_RE = re.compile(rf"([{_CJK}]{{1,4}}(?:镇|乡|街道|苏木))")


def _is_county(s: str) -> bool:
    return bool(_COUNTY_RE.match(s)) and not _GENERIC_RE.search(s) and len(s) >= 2


def _short(city: str) -> str:
    return city[:-1] if len(city) > 2 and city.endswith(("市", "州", "盟")) else city


_LEAD_RE = re.compile(r"^(?:包括|其中|即|对|在|和|及|与|涉及|覆盖|为|是|有|由|将|向|从|到|至|以)")
_TAIL_OK_RE = re.compile(rf"^(?:$|[^{_CJK}]|等|和|及|与|共|两|三|四|五|六|七|八|九|十|个|各|的|要|均|分别|已|为)")


def _list_items(t: Text, city: str) -> Iterator[Text]:
    """County-level names in 、-lists of a line (every item must be a name)."""
    s = t.text
    for m in _LIST_RE.finditer(s):
        parts: list[tuple[int, int]] = []
        pos = m.start()
        for piece in s[m.start() : m.end()].split("、"):
            parts.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        a0, b0 = parts[0]
        if a0 > 0 and re.match(rf"[{_CJK}]", s[a0 - 1]):
            continue  # the list starts inside a longer word
        lead = _LEAD_RE.match(s[a0:b0])
        if lead and _is_county(s[a0 + lead.end() : b0]):
            parts[0] = (a0 + lead.end(), b0)
        elif not _is_county(s[a0:b0]):
            parts.pop(0)  # the first item is glued to running text: where it starts is a guess
        if not _TAIL_OK_RE.match(s[parts[-1][1] :]):
            parts.pop()  # the last item runs on into a longer name (平鲁区经济技术开发区)
        names = [s[a:b] for a, b in parts]
        if len(names) < 2 or not all(_is_county(n) for n in names):
            continue
        if all(n.endswith("市") for n in names) or city in names or _short(city) in names:
            continue
        for a, b in parts:
            yield t[a:b]


def _after_city(t: Text, city: str) -> Iterator[Text]:
    """``朔州市朔城区`` / ``朔州平鲁区``: a two-character name + 县/区/旗 right after the city."""
    s = t.text
    for prefix in dict.fromkeys((city, _short(city))):
        for m in re.finditer(re.escape(prefix) + rf"([{_CJK}]{{2}}(?:县|区|旗))", s):
            name = m.group(1)
            if prefix != city and name.startswith(city[len(prefix) :]):
                continue  # "朔州市区" read from the short prefix
            if _is_county(name):
                yield t[m.start(1) : m.end(1)]


_FIRST_DOC: dict[tuple[int, str, str], int] = {}


@register(NAME, version=VERSION, assigns=(L.PLACE, R.PART_OF))
def extract_places(doc: Document, ctx: ExtractContext) -> GraphBatch:
    batch = GraphBatch()
    city = doc.city or ctx.city
    province = ctx.gazette.province
    if not city:
        return batch
    # page furniture (running titles such as "甲州市东城区人民政府公报", page numbers) names no
    # place; a hard wrap is undone so a list or a name cut at the line end is whole again
    lines = logical_lines(content_lines(doc))
    path_city = [p for p in (province, city) if p]
    city_ref = batch.add_node(L.PLACE, place_key(path_city), name=city, level=CITY)
    if province:
        prov_ref = batch.add_node(L.PLACE, place_key([province]), name=province, level=PROVINCE)
        first = _city_line(lines, city)
        if first is not None and _first_doc_printing(ctx, doc, city):
            t, i = first
            batch.add_edge(R.PART_OF, city_ref, prov_ref, _prov(doc, t, i, i + len(city)))

    counties: dict[str, NodeRef] = {}

    def add_county(t: Text) -> None:
        name = strip_ws(t.text)
        if name in counties or name == city:
            return
        ref = batch.add_node(L.PLACE, place_key([*path_city, name]), name=name, level=COUNTY)
        counties[name] = ref
        batch.add_edge(R.PART_OF, ref, city_ref, _prov(doc, t, 0, len(t.text)))

    for table, _filled in mine_rows(doc):
        for ci, col in enumerate(table.columns):
            if col.kind != DISTRICT:
                continue
            for row in table.rows:
                cell = row.cells.get(ci)
                if cell is not None and _is_county(strip_ws(cell.text)):
                    add_county(cell)
    for t in lines:
        for item in _list_items(t, city):
            add_county(item)
        for item in _after_city(t, city):
            add_county(item)
        m = _HEADING_RE.match(t.text)
        if m and _is_county(m.group(1)):
            add_county(t[m.start(1) : m.end(1)])
    # townships printed right after a county of the city
    for t in lines:
        for name, ref in counties.items():
            for m in re.finditer(re.escape(name), t.text):
                tm = _TOWN_RE.match(t.text, m.end())
                if not tm:
                    continue
                town = _town_name(tm.group(1))
                if town is None:
                    continue
                tref = batch.add_node(L.PLACE, place_key([*path_city, name, town]), name=town, level=TOWNSHIP)
                batch.add_edge(R.PART_OF, tref, ref, _prov(doc, t, m.start(), tm.start() + len(town)))
    return batch


def _town_name(s: str) -> str | None:
    """The shortest 镇/乡/街道 name at the start of ``s`` (``井坪镇人民政府`` -> ``井坪镇``)."""
    m = re.match(rf"^([{_CJK}]{{1,4}}?(?:镇|乡|街道|苏木))", s)
    if not m or re.match(r"^(?:城|乡|村|各|全|本|该|市|县|区)", m.group(1)):
        return None
    return m.group(1)


def _city_line(lines: list[Text], city: str) -> tuple[Text, int] | None:
    for t in lines:
        i = t.text.find(city)
        if i >= 0:
            return t, i
    return None


def _first_doc_printing(ctx: ExtractContext, doc: Document, city: str) -> bool:
    """Only the first document that prints the city's name carries its PART_OF edge."""
    key = (id(ctx), ctx.gazette.id, ctx.gazette.source.sha256)
    if key not in _FIRST_DOC:
        _FIRST_DOC.clear()
        for d in ctx.gazette.documents or [doc]:
            if any(city in t.text for t in content_lines(d)):
                _FIRST_DOC[key] = id(d)
                break
        else:
            _FIRST_DOC[key] = id(doc)
    return _FIRST_DOC[key] == id(doc)


def _prov(doc: Document, t: Text, start: int, end: int) -> Provenance:
    return Provenance.from_span(t.span(start, end), doc_number=doc.doc_number, extractor=NAME, version=VERSION)
