"""Evidence you can see: the source passage of a fact with the fact's spans marked.

:func:`explain` finds facts in a store — one by its id (``r.id``, the edge key shown in views
and JSON answers), or every fact touching the nodes printed as a name or 文号 — and, for each,
cuts the passage around the fact from the source file (re-read with :mod:`kg.ingest`, so the
character offsets of the provenance hold), then marks in it the fact's evidence (label: the
relationship) and where each end of the fact is printed (label: the node's label, found the
way ``kg_spans`` finds it, :func:`kg.language.node_span`).

:func:`render_html` draws the passages with displaCy's span visualiser
(``displacy.render(doc, style="span")``) in the views' colours, into one offline page (no
request; one inline script reports on ``<body>`` how many marks were laid out); :func:`render_console` prints them with rich highlighting. When the
source file is gone or changed since the build, the passage is the stored evidence alone and
the page says so.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError, NotFoundError
from kg.model import Edge, Node, NodeRef, Provenance
from kg.normalize import strip_ws
from kg.stores.base import GraphStore

if TYPE_CHECKING:
    from rich.console import Console

# lines of context shown before and after the lines of a fact's evidence
PASSAGE_CONTEXT_LINES = 1
# most facts one `kg explain NAME` shows
EXPLAIN_LIMIT = 50
# colour of the evidence span (the fact itself); node spans take the views' label colours
FACT_COLOUR = "#bbbbbb"
LINE_BREAK = "↵"
_SHOWN = str.maketrans({"\n": LINE_BREAK, " ": "\u00a0", "\t": "\u2003"})
# displaCy puts a space after every token outside a span; none belongs after a CJK character
_CJK_SPACE_RE = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f↵]) ")
# characters of a marked span repeated under the passage in the terminal
CONSOLE_MARK_CHARS = 60


@dataclass(slots=True)
class Mark:
    start: int  # offset in the passage
    end: int
    label: str  # relationship type or node label
    kind: str  # "fact" | "node"


@dataclass(slots=True)
class Explanation:
    fact_id: str
    type: str
    src: dict[str, Any]
    dst: dict[str, Any]
    props: dict[str, Any]
    passage: str
    offset: int  # character offset of the passage in the source file (-1: evidence only)
    first_line: int
    marks: list[Mark] = field(default_factory=list)
    note: str | None = None  # why the passage is the evidence alone

    @property
    def where(self) -> str:
        return f"{self.props.get('file')}:{self.props.get('line')}"


def _rows(store: GraphStore, target: str, limit: int) -> list[dict[str, Any]]:
    from kg.queries import load

    rows = store.query(load("explain_fact", store.dialect), {"id": target}).records()
    if not rows:
        rows = store.query(load("explain_node", store.dialect), {"name": strip_ws(target), "limit": limit}).records()
    return rows


def explain(store: GraphStore, target: str, *, limit: int = EXPLAIN_LIMIT) -> list[Explanation]:
    """The facts for ``target`` (a fact id, or a node's name or 文号), each with its passage."""
    target = target.strip()
    if not target:
        raise NotFoundError("give a fact id or a node name")
    rows = _rows(store, target, limit)
    if not rows:
        raise NotFoundError(f"no fact with id {target!r} and no node named {target!r} in the graph")
    sources: dict[str, str | None] = {}
    return [_explanation(r["a"], r["r"], r["b"], sources) for r in rows]


def _read(path: str, cache: dict[str, str | None]) -> str | None:
    if path not in cache:
        from kg.ingest import read_source

        try:
            # as printed (evidence and names are), offsets as read (the same)
            src = read_source(path) if Path(path).is_file() else None
            cache[path] = (src.printed or src.text) if src is not None else None
        except KgError:
            cache[path] = None
    return cache[path]


def _props(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not k.startswith("_") and v is not None}


def _edge(a: dict[str, Any], r: dict[str, Any], b: dict[str, Any]) -> tuple[Edge, Node, Node]:
    rp = _props(r)
    prov = Provenance(
        str(rp.get("file") or ""), rp.get("doc_number"), int(rp.get("line") or 0), int(rp.get("col") or 0),
        int(rp.get("char_start") or 0), int(rp.get("char_end") or 0), str(rp.get("evidence") or ""),
        str(rp.get("extractor") or ""), str(rp.get("extractor_version") or ""),
        rp.get("confidence") or "certain", rp.get("reason"),
    )
    src = Node(str(a.get("_label")), str(a.get("id")), _props(a))
    dst = Node(str(b.get("_label")), str(b.get("id")), _props(b))
    edge = Edge(str(r.get("_type")), NodeRef(src.label, src.key), NodeRef(dst.label, dst.key), prov, rp)
    return edge, src, dst


def _explanation(a: dict[str, Any], r: dict[str, Any], b: dict[str, Any], sources: dict[str, str | None]) -> Explanation:
    from kg.language import node_span

    edge, src, dst = _edge(a, r, b)
    p = edge.prov
    text = _read(p.file, sources) if p.file else None
    note = None
    if text is not None and not (
        0 <= p.char_start < p.char_end <= len(text)
        and strip_ws(text[p.char_start : p.char_end])[:20] == strip_ws(p.evidence)[:20]
    ):
        note = "the source file changed since the build: showing the stored evidence"
        text = None
    elif text is None:
        note = "the source file is not readable here: showing the stored evidence"
    expl = Explanation(
        fact_id=edge.key if not r.get("id") else str(r["id"]), type=edge.type, src=src.props | {"_label": src.label},
        dst=dst.props | {"_label": dst.label}, props=edge.props, passage="", offset=-1, first_line=p.line, note=note,
    )
    if text is None:  # the evidence alone, marks found in it
        expl.passage = p.evidence
        local = Edge(edge.type, edge.src, edge.dst, Provenance(
            p.file, p.doc_number, p.line, p.col, 0, len(p.evidence), p.evidence, p.extractor, p.extractor_version,
        ), edge.props)
        expl.marks.append(Mark(0, len(p.evidence), edge.type, "fact"))
        for node, ref in ((src, edge.src), (dst, edge.dst)):
            hit = node_span(p.evidence, local, node, ref)
            if hit:
                expl.marks.append(Mark(hit[0], hit[1], node.label, "node"))
        return expl
    lo, hi = passage_bounds(text, p.char_start, p.char_end)
    expl.passage = text[lo:hi]
    expl.offset = lo
    expl.first_line = text.count("\n", 0, lo) + 1
    expl.marks.append(Mark(p.char_start - lo, p.char_end - lo, edge.type, "fact"))
    for node, ref in ((src, edge.src), (dst, edge.dst)):
        hit = node_span(text, edge, node, ref)
        if hit and lo <= hit[0] and hit[1] <= hi:
            expl.marks.append(Mark(hit[0] - lo, hit[1] - lo, node.label, "node"))
    return expl


def passage_bounds(text: str, start: int, end: int, context: int = PASSAGE_CONTEXT_LINES) -> tuple[int, int]:
    """The lines holding ``text[start:end]`` and ``context`` lines either side (no final newline)."""
    lo = text.rfind("\n", 0, start) + 1
    for _ in range(context):
        if lo == 0:
            break
        lo = text.rfind("\n", 0, lo - 1) + 1
    hi = text.find("\n", max(end - 1, start))
    hi = len(text) if hi < 0 else hi
    for _ in range(context):
        if hi >= len(text):
            break
        nxt = text.find("\n", hi + 1)
        hi = len(text) if nxt < 0 else nxt
    return lo, hi


# --------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------


def colours() -> dict[str, str]:
    """Span label -> colour: the views' node colours, one grey for facts."""
    from kg.schema import load_schema
    from kg.visualisations.view import LABEL_STYLE

    out = {label: colour for label, (colour, _shape) in LABEL_STYLE.items()}
    for rel in load_schema().rels:
        out.setdefault(rel, FACT_COLOUR)
    return out


def to_doc(expl: Explanation) -> Any:
    """The passage as a spaCy Doc (blank zh, one token per character) with the marks in
    ``doc.spans["sc"]``."""
    nlp = _blank()
    # a line break of the source is shown as ↵, a space or tab as a no-break space (one
    # character for one: the offsets hold)
    doc = nlp.make_doc(expl.passage.translate(_SHOWN))
    spans = []
    for m in sorted(expl.marks, key=lambda m: (m.start, -m.end)):
        sp = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
        if sp is not None:
            spans.append(sp)
    doc.spans["sc"] = spans
    return doc


_NLP: list[Any] = []


def _blank() -> Any:
    if not _NLP:
        import spacy

        _NLP.append(spacy.blank("zh"))
    return _NLP[0]


def _header(expl: Explanation) -> str:
    from kg.visualisations.view import chinese_term

    def name(d: dict[str, Any]) -> str:
        return str(d.get("name") or d.get("doc_number") or d.get("title") or d.get("id") or "?")

    term = chinese_term(expl.type)
    p = expl.props
    meta = " · ".join(
        x for x in (
            f"{html.escape(str(p.get('file')))}:{p.get('line')}",
            f"文号 {html.escape(str(p['doc_number']))}" if p.get("doc_number") else "",
            f"{html.escape(str(p.get('extractor')))} {html.escape(str(p.get('extractor_version')))}",
            f"confidence {html.escape(str(p.get('confidence')))}" if p.get("confidence") else "",
        ) if x
    )
    out = (
        f'<h2>{html.escape(name(expl.src))} <span class="rel">{html.escape(term)} ({html.escape(expl.type)})</span> '
        f'{html.escape(name(expl.dst))}</h2><p class="meta">{meta}<br><code>{html.escape(expl.fact_id)}</code></p>'
    )
    if p.get("reason"):
        out += f'<p class="meta">reason: {html.escape(str(p["reason"]))}</p>'
    if expl.note:
        out += f'<p class="note">{html.escape(expl.note)}</p>'
    return out


def render_html(explanations: list[Explanation], *, title: str = "kg explain") -> str:
    """One self-contained page: each fact's header and its passage drawn by displaCy."""
    from spacy import displacy

    cols = colours()
    parts: list[str] = []
    for e in explanations:
        doc = to_doc(e)
        markup = displacy.render(doc, style="span", page=False, jupyter=False, minify=True,
                                 options={"spans_key": "sc", "colors": cols})
        markup = _CJK_SPACE_RE.sub("", markup)
        parts.append(
            f'<section class="fact" data-fact="{html.escape(e.fact_id)}" data-type="{html.escape(e.type)}" '
            f'data-marks="{len(doc.spans["sc"])}">{_header(e)}'
            f'<p class="meta">第 {e.first_line} 行起 from line {e.first_line}</p>{markup}</section>'
        )
    legend = "".join(
        f'<li><span class="sw" style="background:{html.escape(c)}"></span>{html.escape(label)}</li>'
        for label, c in cols.items()
        if any(m.label == label for e in explanations for m in e.marks)
    )
    return _PAGE.format(title=html.escape(title), count=len(explanations), legend=legend, body="".join(parts))


_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 body {{ font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2em auto; max-width: 60em; color: #222; }}
 h1 {{ font-size: 1.3em; }} h2 {{ font-size: 1.05em; margin: 0 0 .2em; }} .rel {{ color: #555; font-weight: normal; }}
 .meta {{ color: #666; font-size: .85em; margin: .2em 0; }} .note {{ color: #a60; font-size: .9em; }}
 section.fact {{ border-top: 1px solid #ddd; padding: 1em 0; }}
 ul.legend {{ list-style: none; padding: 0; }} ul.legend li {{ display: inline-block; margin-right: 1em; font-size: .85em; }}
 .sw {{ display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: middle; }}
</style></head>
<body data-kg-facts="{count}">
<h1>{title}</h1>
<ul class="legend">{legend}</ul>
{body}
<script>
/* The page reports what it drew on <body> (as the graph views do): marks laid out with a size. */
(function () {{
  var shown = 0, labels = [];
  document.querySelectorAll("section.fact .spans span[style*='z-index: 10']").forEach(function (el) {{
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) {{ shown++; labels.push(el.textContent.trim()); }}
  }});
  document.body.dataset.kgMarksShown = String(shown);
  document.body.dataset.kgLabels = labels.join(" ");
  document.body.dataset.kgReady = "1";
}})();
</script>
</body></html>
"""


def render_console(explanations: list[Explanation], console: Console) -> None:
    """Print each passage with its marks highlighted (rich; plain text when not a terminal)."""
    from rich.text import Text as RichText

    cols = colours()
    for e in explanations:
        s, d = e.src, e.dst
        console.print(
            f"{s.get('name') or s.get('doc_number') or '?'} -{e.type}-> {d.get('name') or d.get('doc_number') or '?'}"
            f"  {e.where}  {e.props.get('extractor')} {e.props.get('extractor_version')}  id {e.fact_id}",
            markup=False, highlight=False,
        )
        if e.note:
            console.print(e.note, markup=False, highlight=False)
        t = RichText(e.passage)
        for m in sorted(e.marks, key=lambda m: m.kind != "fact"):
            colour = cols.get(m.label, FACT_COLOUR)
            t.stylize(f"underline on {colour}" if m.kind == "fact" else f"bold {colour}", m.start, m.end)
        console.print(t)
        for m in e.marks:
            shown = e.passage[m.start : m.end].replace("\n", " ")
            shown = shown if len(shown) <= CONSOLE_MARK_CHARS else shown[:CONSOLE_MARK_CHARS] + "…"
            console.print(f"  [{m.label}] {shown}", markup=False, highlight=False)
        console.print()
