"""Named questions over the graph. Each is a Python function taking a store and
returning an :class:`Answer` (rows with evidence); the CLI (``kg who`` …), the
HTTP service (``/api/questions/{name}``) and the views call the same functions.

All Cypher comes from ``queries/q_*.cypher``; rows are sorted here, so both
stores give identical answers.

Time: a 挂牌 assignment is valid from its document's date until the date of a
document that repeals it, or of a later document that assigns the same mine
at the same level (a later list supersedes the earlier one). When the post's
holder changes (an appointment or removal in the graph), the answer names the
holder at the asked date: the responsibility follows the post.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.errors import BadParameterError, NotFoundError, UnknownQuestionError
from kg.stores.base import GraphStore

Row = dict[str, Any]

REL_ZH = {
    "LEADS": "牵头",
    "RESPONSIBLE_FOR": "负责",
    "SUPPORTS": "配合",
    "MEMBER_OF": "成员",
    "SUPERVISES": "挂牌",
    "HOLDS_POST": "任职",
    "APPOINTED_TO": "任命",
    "REMOVED_FROM": "免去",
}


Triple = tuple[dict[str, Any], str, dict[str, Any], dict[str, Any]]


@dataclass
class Answer:
    question: str
    columns: list[str]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    # Context for graph views: (source node, relationship type, target node, props);
    # nodes are {"_label": ..., "name": ...}. Not part of the tabular answer.
    context: list[Triple] = field(default_factory=list)

    def table(self) -> tuple[list[str], list[list[Any]]]:
        return self.columns, [[r.get(c) for c in self.columns] for r in self.rows]

    def as_dict(self) -> dict[str, Any]:
        return {"question": self.question, "columns": self.columns, "rows": self.rows, "notes": self.notes}


def _q(store: GraphStore, query: str, /, **params: Any) -> list[Row]:
    from kg.queries import load

    return store.query(load(query, store.dialect), params).records()


def _evidence(r: Row) -> str:
    f = (r.get("file") or "").rsplit("/", 1)[-1]
    return f"{f}:{r.get('line')} {r.get('evidence') or ''}".strip()


def _edge_fields(r: Row) -> Row:
    """The part of a duties/person row that describes one relationship."""
    return {
        "target": r["target"],
        "role": r["role"] or r["level"] or r["position"],
        "doc_number": r["doc_number"],
        "evidence": _evidence(r),
    }


def _key(*cols: str) -> Callable[[Row], tuple[str, ...]]:
    return lambda r: tuple("" if r.get(c) is None else str(r.get(c)) for c in cols)


# ---------------------------------------------------------------- who
def who(store: GraphStore, text: str) -> Answer:
    """Who leads / is responsible for / supports the tasks matching ``text``."""
    if not text.strip():
        raise BadParameterError("who needs some task text to look for")
    rows = []
    for r in _q(store, "q_who", text=text.strip()):
        rows.append(
            {
                "task": (r["task"] or "")[:60],
                "doc_number": r["doc_number"],
                "deadline": r["deadline"],
                "role": REL_ZH.get(r["rel"], r["rel"]),
                "unit": r["as_printed"] or r["unit"],
                "canonical": r["unit"],
                "evidence": _evidence(r),
            }
        )
    order = {"牵头": 0, "负责": 1, "配合": 2}
    rows.sort(key=lambda r: (r["doc_number"] or "", r["evidence"], order.get(r["role"], 9), r["unit"] or ""))
    return Answer("who", ["task", "doc_number", "deadline", "role", "unit", "evidence"], rows)


# ---------------------------------------------------------------- duties
def duties(store: GraphStore, name: str) -> Answer:
    """Everything an agency or person leads, supports, sits on, supervises."""
    name = "".join(name.split())
    if not name:
        raise BadParameterError("duties needs an agency or person name")
    names = [name] + [r["name"] for r in _q(store, "q_duties_alias", name=name)]
    seen: set[tuple[str, ...]] = set()
    rows = []
    for n in dict.fromkeys(names):
        for r in _q(store, "q_duties_edges", name=n):
            row = {"who": r["name"], "kind": r["kind"], "duty": REL_ZH.get(r["rel"], r["rel"]), **_edge_fields(r)}
            k = _key(*row)(row)
            if k not in seen:
                seen.add(k)
                rows.append(row)
    rows.sort(key=_key("who", "duty", "doc_number", "evidence", "target"))
    return Answer("duties", ["who", "duty", "target", "role", "doc_number", "evidence"], rows)


# ---------------------------------------------------------------- lineage
def lineage(store: GraphStore, doc_number: str) -> Answer:
    """What a document cites and repeals, what cites it and what later repealed it."""
    from kg.normalize import normalize_doc_number

    num = normalize_doc_number(doc_number)
    docs = _q(store, "q_document", number=num)
    if not docs:
        raise NotFoundError(f"no document {num} in the graph")
    rows: list[Row] = []
    for r in _q(store, "q_cites_of", numbers=[num]):
        rows.append({"relation": "cites", "document": r["to_doc"], "title": r["to_title"], "date": None,
                     "evidence": _evidence(r)})
    for r in _q(store, "q_repeals_of", numbers=[num]):
        rows.append({"relation": "repeals", "document": r["to_doc"], "title": r["to_title"], "date": None,
                     "evidence": _evidence(r)})
    for r in _q(store, "q_cited_by", numbers=[num]):
        rows.append({"relation": "cited by", "document": r["from_doc"], "title": r["from_title"], "date": None,
                     "evidence": _evidence(r)})
    for r in _q(store, "q_repealed_by", numbers=[num]):
        rows.append({"relation": "repealed by", "document": r["by_doc"], "title": r["by_title"],
                     "date": r["by_date"], "evidence": _evidence(r)})
    order = {"cites": 0, "repeals": 1, "cited by": 2, "repealed by": 3}
    rows.sort(key=lambda r: (order[r["relation"]], r["document"] or "", r["evidence"]))
    d = docs[0]
    notes = [f"{d['doc_number']} {d['title'] or ''} ({d['date'] or 'date unknown'})"
             + ("" if d["in_corpus"] else " — known only by its number")]
    return Answer("lineage", ["relation", "document", "title", "date", "evidence"], rows, notes)


# ---------------------------------------------------------------- chain
def _repeals_by_doc(store: GraphStore, assignments: list[Row]) -> dict[str, list[tuple[str, str]]]:
    """(date, why) of every dated repeal of the assigning documents, one query for all."""
    numbers = sorted({a["doc_number"] for a in assignments if a.get("doc_number")})
    out: dict[str, list[tuple[str, str]]] = {n: [] for n in numbers}
    if numbers:
        for r in _q(store, "q_repealed_by", numbers=numbers):
            if r["by_date"]:
                out[r["repealed"]].append((r["by_date"], f"repealed by {r['by_doc']}"))
    return out


def _valid_to(
    assignment: Row, all_assignments: list[Row], repeals: dict[str, list[tuple[str, str]]]
) -> tuple[str | None, str | None]:
    """(end date, why) of one assignment: a repeal of its document, or a later
    document assigning the same mine at the same level."""
    ends: list[tuple[str, str]] = list(repeals.get(assignment.get("doc_number") or "", []))
    start = assignment.get("valid_from") or assignment.get("doc_date") or ""
    for other in all_assignments:
        od = other.get("valid_from") or other.get("doc_date") or ""
        if other["level"] == assignment["level"] and other["doc_number"] != assignment["doc_number"] and od > start:
            ends.append((od, f"superseded by {other['doc_number']}"))
    if assignment.get("valid_to"):
        ends.append((assignment["valid_to"], "end date printed"))
    if not ends:
        return None, None
    return min(ends)


def holder_at(store: GraphStore, post: str, on: str | None, since: str | None) -> tuple[str | None, str | None]:
    """The person appointed to ``post`` most recently at ``on`` (after ``since``), if the graph records one."""
    if not post:
        return None, None
    events = _q(store, "q_post_holders", post=post) + _q(store, "q_post_removals", post=post)
    events = [e for e in events if e["date"] and (since is None or e["date"] >= since) and (on is None or e["date"] <= on)]
    events.sort(key=lambda e: (e["date"], e["action"] == "appoint"))
    holder: str | None = None
    why: str | None = None
    for e in events:
        if e["action"] == "appoint":
            holder, why = e["person"], f"appointed {e['date']} by {e['doc_number']} ({_evidence(e)})"
        elif holder == e["person"] or holder is None:
            holder, why = None, f"{e['person']} removed {e['date']} by {e['doc_number']}"
    return holder, why


def _rests_on(store: GraphStore, doc_number: str, depth: int = 3) -> list[Row]:
    out: list[Row] = []
    frontier = [doc_number]
    seen = {doc_number}
    for hop in range(1, depth + 1):
        if not frontier:
            break
        nxt = []
        for r in _q(store, "q_cites_of", numbers=frontier):
            if r["to_doc"] in seen:
                continue
            seen.add(r["to_doc"])
            nxt.append(r["to_doc"])
            out.append({"hop": hop, "from": r["from_doc"], "document": r["to_doc"], "title": r["to_title"],
                        "evidence": _evidence(r)})
        frontier = nxt
    return out


def chain(store: GraphStore, mine: str, on: str | None = None) -> Answer:
    """A mine's district and owner, its 挂牌 leaders at each level with their
    posts, the assigning document, what it rests on, and the validity period."""
    from kg.segment import parse_date

    mine = "".join(mine.split())
    if not mine:
        raise BadParameterError("chain needs a mine name")
    if on is not None:
        iso = parse_date(on) if not _is_iso(on) else on
        if iso is None:
            raise BadParameterError(f"--on wants a date like 2021-06-30, got {on!r}")
        on = iso
    mines = _q(store, "q_chain_mines", mine=mine)
    if not mines:
        raise NotFoundError(f"no coal mine matching {mine!r} in the graph")
    rows: list[Row] = []
    notes: list[str] = []
    context: list[Triple] = []
    for m in {r["id"]: r for r in mines}.values():
        sups = _q(store, "q_chain_supervisors", mine_id=m["id"])
        mnode = {"_label": "CoalMine", "name": m["mine"]}
        if m["place"] or m["district"]:
            context.append((mnode, "LOCATED_IN", {"_label": "Place", "name": m["place"] or m["district"]}, {}))
        if m["owner"]:
            context.append((mnode, "OWNED_BY", {"_label": "Enterprise", "name": m["owner"]}, {}))
        notes.append(
            f"{m['mine']}: {m['district'] or m['place'] or '?'}, gas {m['gas_level'] or '?'}, owner {m['owner'] or '—'}"
        )
        for s in sups:
            s["valid_from"] = s["valid_from"] or s["doc_date"]
        repeals = _repeals_by_doc(store, sups)
        for s in sups:
            end, why = _valid_to(s, sups, repeals)
            valid = on is None or ((s["valid_from"] or "") <= on and (end is None or on < end))
            if not valid:
                continue
            holder, holder_why = (None, None)
            if on is not None or s["kind"] == "Post":
                holder, holder_why = holder_at(store, s["position"], on, s["valid_from"])
            leader = s["leader"] if s["kind"] == "Person" else None
            row = {
                "mine": m["mine"],
                "level": s["level"],
                "leader": leader,
                "position": s["position"],
                "holder_on_date": holder or leader,
                "doc_number": s["doc_number"],
                "valid_from": s["valid_from"],
                "valid_to": end,
                "confidence": s["confidence"],
                "evidence": _evidence(s),
            }
            if holder and holder != leader:
                notes.append(
                    f"{m['mine']} {s['level']}: the post {s['position']} is now held by {holder} ({holder_why}); "
                    f"the 挂牌 responsibility follows the post, not {leader or 'the earlier holder'}."
                )
            if why:
                notes.append(f"{m['mine']} {s['level']} {leader or s['position']}: valid until {end} ({why}).")
            if s["confidence"] == "ambiguous" and s["reason"]:
                notes.append(f"{m['mine']} {s['level']}: ambiguous — {s['reason']}")
            rows.append(row)
        docs = sorted({s["doc_number"] for s in sups if s["doc_number"]})
        for d in docs:
            title = next((s["doc_title"] for s in sups if s["doc_number"] == d and s["doc_title"]), None)
            context.append(({"_label": "Document", "name": d, "title": title}, "ASSIGNS", mnode, {}))
            for r in _rests_on(store, d):
                notes.append(f"{d} rests on {r['document']} {r['title'] or ''} (hop {r['hop']}, {r['evidence']})")
                ev = r["evidence"].split(" ", 1)
                context.append(({"_label": "Document", "name": r["from"]}, "CITES",
                                {"_label": "Document", "name": r["document"], "title": r["title"]},
                                {"evidence": ev[-1], "source": ev[0]}))
    order = {"市政府": 0, "市应急管理局": 1}
    rows.sort(key=lambda r: (r["mine"], order.get(r["level"], 5), r["level"] or "", r["valid_from"] or "", r["leader"] or ""))
    cols = ["mine", "level", "leader", "position", "holder_on_date", "doc_number", "valid_from", "valid_to",
            "confidence", "evidence"]
    return Answer("chain", cols, rows, list(dict.fromkeys(notes)), context)


def _is_iso(s: str) -> bool:
    import re

    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) is not None


# ---------------------------------------------------------------- person
def person(store: GraphStore, name: str) -> Answer:
    """Posts over time, groups, appointments, supervisions of a person."""
    name = "".join(name.split())
    if not name:
        raise BadParameterError("person needs a name")
    rows = []
    for r in _q(store, "q_person_edges", name=name):
        rows.append(
            {"person": r["person"], "city": r["city"], "date": r["date"],
             "relation": REL_ZH.get(r["rel"], r["rel"]), **_edge_fields(r)}
        )
    if not rows:
        raise NotFoundError(f"no person named {name!r} in the graph")
    rows.sort(key=_key("city", "date", "relation", "target", "evidence"))
    return Answer("person", ["person", "city", "date", "relation", "target", "role", "doc_number", "evidence"], rows)


QUESTIONS: dict[str, Callable[..., Answer]] = {
    "who": who,
    "duties": duties,
    "chain": chain,
    "lineage": lineage,
    "person": person,
}


def run(name: str, store: GraphStore, /, *args: Any, **kwargs: Any) -> Answer:
    fn = QUESTIONS.get(name)
    if fn is None:
        raise UnknownQuestionError(f"no question named {name!r}; known: {', '.join(QUESTIONS)}")
    return fn(store, *args, **kwargs)
