"""Views of named-question answers (:mod:`kg.questions`).

An :class:`~kg.questions.Answer` is a table (who / duty / target, with the
evidence as ``file:line text``), not graph values, so each question names the
columns that make an edge. Unknown questions fall back to: first column →
relation-like column → next column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kg.visualisations.view import ViewBuilder, ViewModel, _ontology

# Chinese relation word -> label of the node it points at
_TARGET_LABEL = {
    "牵头": "Task",
    "负责": "Task",
    "配合": "Task",
    "成员": "Group",
    "挂牌": "CoalMine",
    "任职": "Post",
    "任命": "Post",
    "免去": "Post",
    "cites": "Document",
    "repeals": "Document",
    "cited by": "Document",
    "repealed by": "Document",
}
_LINEAGE = {
    "cites": ("CITES", False),
    "repeals": ("REPEALS", False),
    "cited by": ("CITES", True),
    "repealed by": ("REPEALS", True),
}
_REL_COLS = ("relation", "role", "duty", "rel", "type")
_EVIDENCE_RE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+)\s*(?P<text>.*)$", re.S)


def _rel_type(word: str) -> str:
    """Ontology type for a Chinese relation word (牵头 -> LEADS), else the word."""
    for name, term in _ontology()[0].items():
        if word in term.split("/"):
            return name
    return word


def _props(row: Mapping[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if k not in skip and v not in (None, "")}
    ev = row.get("evidence")
    if isinstance(ev, str):
        m = _EVIDENCE_RE.match(ev)
        if m:
            props.update(file=m["file"], line=int(m["line"]), evidence=m["text"])
    return props


def _node(label: str, name: Any) -> dict[str, Any] | None:
    if name in (None, ""):
        return None
    return {"_label": label, "name": str(name)}


def view_from_answer(
    answer: Any, args: Mapping[str, Any] | None = None, *, title: str | None = None
) -> ViewModel:
    """A view of ``answer`` (``question``, ``columns``, ``rows`` as dicts)."""
    question = str(getattr(answer, "question", "") or "")
    columns: list[str] = list(getattr(answer, "columns", []) or [])
    rows: list[Mapping[str, Any]] = list(getattr(answer, "rows", []) or [])
    args = dict(args or {})
    b = ViewBuilder()
    for row in rows:
        src: dict[str, Any] | None
        dst: dict[str, Any] | None
        skip: tuple[str, ...]
        rel: str
        if question == "who":
            word = str(row.get("role") or "")
            src, dst = _node("Agency", row.get("unit")), _node("Task", row.get("task"))
            rel, skip = _rel_type(word), ("unit", "task", "role")
        elif question in ("duties", "person"):
            who_col, rel_col = ("who", "duty") if question == "duties" else ("person", "relation")
            word = str(row.get(rel_col) or "")
            kind = row.get("kind") if question == "duties" else "Person"
            src = _node(str(kind or "Agency"), row.get(who_col))
            dst = _node(_TARGET_LABEL.get(word, "?"), row.get("target"))
            rel, skip = _rel_type(word), (who_col, rel_col, "target", "kind")
        elif question == "chain":
            holder = row.get("holder_on_date") or row.get("leader")
            src, dst = _node("Person", holder), _node("CoalMine", row.get("mine"))
            rel, skip = "SUPERVISES", ("mine",)
        elif question in ("diff", "audit"):
            continue  # a diff is drawn from its context (before → dropped, after → added); an audit is a table
        elif question == "lineage":
            word = str(row.get("relation") or "")
            rel, reverse = _LINEAGE.get(word, (word, False))
            subject = _node("Document", next(iter(args.values()), None) or "?")
            other = {"_label": "Document", "name": str(row.get("document") or "?")}
            if row.get("title"):
                other["title"] = row["title"]
            src, dst = (other, subject) if reverse else (subject, other)
            skip = ("relation", "document")
        else:
            found = next((c for c in columns if c in _REL_COLS), None)
            rest = [c for c in columns if c != found and c not in ("evidence", "doc_number")]
            if found is None or len(rest) < 2:
                for c in rest[:1]:
                    n = _node("?", row.get(c))
                    if n:
                        b.add_node(n)
                continue
            src, dst = _node("?", row.get(rest[0])), _node("?", row.get(rest[1]))
            rel, skip = _rel_type(str(row.get(found) or "")), (rest[0], rest[1], found)
        if src is None or dst is None:
            if src is not None:
                b.add_node(src)
            continue
        b.add_triple(src, rel, dst, _props(row, skip))
    for src_n, rel_t, dst_n, props in getattr(answer, "context", []) or []:
        b.add_triple({k: v for k, v in src_n.items() if v is not None}, rel_t,
                     {k: v for k, v in dst_n.items() if v is not None}, dict(props))
    heading = title or " ".join([question or "kg", *[str(v) for v in args.values() if v not in (None, "")]])
    return b.build(title=heading)
