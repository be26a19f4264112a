"""Persons and the posts printed beside them (HOLDS_POST), with POST_OF agency.

Sources, all structural (no name lists):

* group rosters (``组 长：张 韬 市委常委、常务副市长``, continuation lines,
  two-column rows) — read by :func:`kg.extractors.groups.iter_members`;
* roster-form lines anywhere (``name<space>post``, every name with a common
  surname and every post ending in a title);
* table rows: a cell that is a name followed by a cell that is a post (e.g.
  the 姓名/职务 columns of a 挂牌 table);
* the masthead before the first document (``总编辑 高明道``,
  ``本期编辑 齐爱平 尹杰玲``, ``总 编 辑：李四``): a title followed by names;
* running text where a post stands right before a name and a verb of office
  follows (``市委副书记、市长张三主持召开…``, ``副市长李 四出席会议``), as in 大事记.

Appointment notices are read by the ``appointments`` extractor, which emits
HOLDS_POST for them. Honorific mentions in running text (``习近平总书记``,
name before title, no verb of office) are deliberately not read.

``position`` is the printed post with whitespace removed; ``agency`` is
``<city>人民政府`` for 市长/副市长 posts, else the unit printed at the start of
the post (:func:`kg.names.post_agency`); ``since`` is the document date.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from kg.extractors import ExtractContext, register
from kg.extractors.groups import iter_members, logical_lines

from kg.keys import agency_key, person_key, post_key
from kg.model import Document, GraphBatch, Provenance, Text
from kg.names import (
    is_name,
    is_post,
    parse_roster_cells,
    post_agency,
    split_names,
    starts_with_title,
    tokens,
)
from kg.vocab import L, R

VERSION = "0.1.0"

_LABEL_PREFIX_RE = re.compile(r"^\s*[\u4e00-\u9fff\s]{1,12}?[：:]\s*")


def _ws(s: str) -> str:
    return re.sub(r"\s+", "", s)


_CELL_SPLIT_RE = re.compile(r"\t+|[ \u3000]{2,}")
_NAME_BRACKET_POST_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4})[（(](?P<post>[^（）()]{2,40})[）)]$")


def _cells(t: Text) -> list[Text]:
    """Cells of a table row: split at tabs, or at runs of two or more spaces
    (ASCII or full-width) in a row flattened with spaces."""
    cells: list[Text] = []
    pos = 0
    for m in _CELL_SPLIT_RE.finditer(t.text):
        cells.append(t[pos : m.start()])
        pos = m.end()
    cells.append(t[pos:])
    return [c.strip(" \u3000") for c in cells]


def _table_pairs(t: Text) -> Iterator[tuple[str, str]]:
    """(name, post) from a table row: a name cell followed by a post cell (cells
    split at tabs or at runs of spaces), or one cell printed ``姓名（职务）``."""
    if not _CELL_SPLIT_RE.search(t.text.strip(" \u3000")):
        return
    cells = _cells(t)
    for c in cells:
        m = _NAME_BRACKET_POST_RE.match(_ws(c.text))
        if m and is_name(m.group("name"), strict=True) and is_post(m.group("post")):
            yield m.group("name"), m.group("post")
    for a, b in itertools.pairwise(cells):
        name = _ws(a.text)
        post = _ws(b.text)
        if post and is_name(name, strict=True) and is_post(post) and not is_name(post):
            yield name, post


def _roster_pairs(t: Text) -> Iterator[tuple[str, str]]:
    m = _LABEL_PREFIX_RE.match(t.text)
    rest = t[m.end() :] if m else t
    entries = parse_roster_cells(rest)
    if not entries:
        return
    if all(e.post_str and is_post(e.post_str) and is_name(e.name_str, strict=True) for e in entries):
        for e in entries:
            assert e.post_str is not None
            yield e.name_str, e.post_str


def _title_names(t: Text) -> Iterator[tuple[str, str]]:
    """``总编辑 高明道`` / ``本期编辑 齐爱平 尹杰玲`` / ``总 编 辑：李向东`` /
    ``责任编辑：冯 婷 牛 犇``: a title (spaced out or not, a colon after it or not), then names."""
    m = re.match(r"^\s*(?P<title>[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{1,12}?)\s*[：:]\s*(?=\S)", t.text)
    if m:
        title = _ws(m.group("title"))
        if is_post(title) and len(title) <= 8:
            names = split_names(t[m.end() :])
            if names and all(is_name(n.text, strict=True) for n in names):
                for n in names:
                    yield _ws(n.text), title
        return
    toks = tokens(t)
    if len(toks) < 2:
        return
    title = _ws(toks[0].text.text)
    if not is_post(title) or len(title) > 8:
        return
    rest = t[len(t.text) - len(t.text.lstrip()) :]
    rest = rest[rest.text.find(toks[1].text.text) :] if toks[1].text.text in rest.text else rest
    names = split_names(rest)
    if names and all(is_name(n.text, strict=True) for n in names):
        for n in names:
            yield _ws(n.text), title


# What a named official does in a chronicle or news item: the verb after "<post><name>".
_ACT_RE = re.compile(
    r"(?:主持召开|主持|出席|带队|参加|调研|检查|督导|视察|会见|陪同|讲话|召开|率队|率团|看望|慰问|听取|签署|宣布|作)"
)
_CLAUSE_RE = re.compile(r"[^，,。；;：:！？!?“”（）()\t]+")
_ACTOR_POST_START_RE = re.compile(r"^(?:[市县区省州]委|[市县区省州]政府|市|县|区|省|州|副|常务)")


def _actors(t: Text) -> Iterator[tuple[str, str]]:
    """``市委副书记、市长陈志远主持召开…`` / ``副市长秦 峰出席会议``: in running text,
    a post printed right before a name that a verb of office follows. Party ranks
    joined by 、 belong to the post (市委常委、常务副市长)."""
    s = re.sub(r"[ \u3000]+", "", re.sub(r"[ \u3000]{2,}|\t", "，", t.text))
    for m in _CLAUSE_RE.finditer(s):
        clause = re.sub(r"^\d{1,2}月\d{1,2}日", "", m.group(0))
        for act in _ACT_RE.finditer(clause):
            head = clause[: act.start()]
            found = _post_then_name(head)
            if found:
                yield found
                break


def _post_then_name(head: str) -> tuple[str, str] | None:
    for k in (3, 2):
        name, before = head[-k:], head[:-k]
        if len(before) < 2 or not is_name(name, strict=True):
            continue
        # the post is the longest tail of ``before`` that reads as a post
        for a in range(len(before) - 1):
            post = before[a:]
            if _ACTOR_POST_START_RE.match(post) and is_post(post) and not re.search(r"[由和与及同]", post):
                return name, post
    return None


def _pieces(t: Text) -> list[Text]:
    """``t`` cut where its characters change physical line (separators that layout
    repair inserted are dropped)."""
    src = t.source
    if src is None:
        return [t]
    out: list[Text] = []
    start: int | None = None
    line = -1
    for i, off in enumerate(t.offsets):
        if off < 0:
            if start is not None:
                out.append(t[start:i])
                start = None
            continue
        ln = src.locate(off)[0]
        if start is None or ln != line:
            if start is not None:
                out.append(t[start:i])
            start, line = i, ln
    if start is not None:
        out.append(t[start:])
    return [p for p in out if p.text.strip()]


def _complete_entries(t: Text) -> bool:
    """``t`` is one or more roster entries, each a name with a whole post (either order)."""
    m = _LABEL_PREFIX_RE.match(t.text)
    rest = t[m.end() :] if m else t
    entries = parse_roster_cells(rest)
    return bool(entries) and all(
        e.post_str is not None and is_post(e.post_str) and is_name(e.name_str, strict=True) for e in entries
    )


def _split_roster(t: Text) -> list[Text] | None:
    """The physical lines of a logical line that joined whole roster lines.

    A line read as hard-wrapped may in fact be a roster line that is complete on
    its own (``马 超  市公安局副局长`` / ``市财政局主要负责人``, ``市林业局局长  薛振华`` /
    ``市气象局局长  任小梅``). When the first physical line is a complete entry and
    every following one is a complete entry too, or a post of its own (not the
    tail of a cut post such as ``助理、…部长``), the lines are read one by one."""
    parts = _pieces(t)
    if len(parts) < 2 or not _complete_entries(parts[0]):
        return None
    for p in parts[1:]:
        if _complete_entries(p):
            continue
        c = _ws(p.text)
        if is_post(c) and not starts_with_title(c):
            continue
        return None
    return parts


def _flat_cells(lines: list[tuple[int, Text]]) -> Iterator[tuple[str, str, Text]]:
    """A roster table flattened one cell per line (职务 / 姓名 / 工作单位及职务): a bare role
    line, then a line that is only a name, then a line that is only a post."""
    for (_a, role), (_b, name), (_c, post) in zip(lines, lines[1:], lines[2:], strict=False):
        r, n, p = _ws(role.text), _ws(name.text), _ws(post.text)
        if not (2 <= len(r) <= 6 and is_post(r) and not is_name(r)):
            continue
        if is_name(n, strict=True) and len(name.text.split()) <= 2 and is_post(p) and not is_name(p) and len(p) > len(r):
            yield n, p, Text.join([name, post], "\n")


# a visiting delegation: "…副厅长赵某一行到我市调研", "会见…公司副总经理李某一行"
_DELEGATION_RE = re.compile(r"一行")


def _delegations(t: Text) -> Iterator[tuple[str, str]]:
    """``<post><name>一行`` in running text: the post is what stands between the last
    verb of office (or the start of the clause) and the name."""
    s = re.sub(r"[ \u3000]+", "", re.sub(r"[ \u3000]{2,}|\t", "，", t.text))
    for m in _CLAUSE_RE.finditer(s):
        clause = re.sub(r"^\d{1,2}月\d{1,2}日", "", m.group(0))
        for d in _DELEGATION_RE.finditer(clause):
            head = clause[: d.start()]
            acts = list(_ACT_RE.finditer(head))
            if acts:
                head = head[acts[-1].end() :]
            for k in (3, 2):
                name, post = head[-k:], head[:-k]
                if (len(post) >= 4 and is_name(name, strict=True) and is_post(post)
                        and not re.search(r"[由和与及同等]", post)):
                    yield name, post
                    break


def iter_people(doc: Document, ctx: ExtractContext | None = None) -> Iterator[tuple[str, str, Text]]:
    """(person, position, evidence) pairs printed in ``doc``."""
    lines = logical_lines(doc)
    found: list[tuple[str, str, Text]] = []
    cut_posts: dict[str, str] = {}  # name -> post read from a logical line split back into roster lines
    for _no, t in lines:
        split = _split_roster(t)
        units = split if split is not None else [t]
        for u in units:
            for name, post in _table_pairs(u):
                found.append((name, post, u))
            for name, post in _roster_pairs(u):
                found.append((name, post, u))
                if split is not None:
                    cut_posts[name] = post
        for name, post in _actors(t):
            found.append((name, post, t))
        for name, post in _delegations(t):
            found.append((name, post, t))
    found.extend(_flat_cells(lines))
    for mem in iter_members(doc):
        if mem.person and mem.position and is_post(mem.position):
            position = mem.position
            short = cut_posts.get(mem.person)
            if short and position != short and (position.startswith(short) or position.endswith(short)):
                position = short  # the roster reader ran a complete entry into the next (or last) line
            yield mem.person, position, mem.evidence
    yield from found


def _masthead(doc: Document, ctx: ExtractContext) -> Iterator[tuple[str, str, Text]]:
    gz = ctx.gazette
    if not gz.documents or gz.documents[0] is not doc:
        return
    src = doc.source
    for no in range(1, min(doc.start_line, src.line_count + 1)):
        t = src.line_text(no)
        if t.text.strip():
            for name, title in _title_names(t):
                yield name, title, t


@register("people", version=VERSION, assigns=("Person", "Post", "HOLDS_POST", "POST_OF"))
def extract_people(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_people.info
    batch = GraphBatch()
    city = ctx.city or doc.city
    seen: set[tuple[str, str]] = set()

    def emit(name: str, position: str, ev: Text, agency: str | None, prov: Provenance) -> None:
        if (name, position) in seen:
            return
        seen.add((name, position))
        pref = batch.add_node(L.PERSON, person_key(city, name), name=name, city=city)
        post = batch.add_node(L.POST, post_key(city, position), name=position, city=city, agency=agency)
        ctx.known_people.add(name)
        batch.add_edge(R.HOLDS_POST, pref, post, prov, position=position, agency=agency, since=doc.date)
        if agency:
            aref = batch.add_node(L.AGENCY, agency_key(city, agency), name=agency, city=city)
            batch.add_edge(R.POST_OF, post, aref, prov)

    for name, position, ev in iter_people(doc, ctx):
        emit(name, position, ev, post_agency(position, city), info.provenance(doc, ev))
    paper = f"{city}人民政府公报" if city else None
    for name, position, ev in _masthead(doc, ctx):
        prov = Provenance.from_span(ev.span(), doc_number=None, extractor=info.name, version=info.version)
        emit(name, position, ev, paper, prov)
    return batch
