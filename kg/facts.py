"""The fact view of the graph: the seven JSON Lines files of the gold schema
(``data/gold/SCHEMA.md``), read **from a store by queries** (``queries/facts_*``).

A relation no extractor produced yet gives an empty file.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.normalize import strip_ws
from kg.stores.base import GraphStore

FACT_FILES: tuple[str, ...] = (
    "documents",
    "citations",
    "leading_groups",
    "mine_supervision",
    "task_responsibilities",
    "appointments",
    "people_posts",
)


def _rows(store: GraphStore, name: str, file: str) -> list[dict[str, Any]]:
    from kg.queries import load

    return store.query(load(f"facts_{name}", store.dialect), {"file": file}).records()


def documents(store: GraphStore, file: str) -> list[dict[str, Any]]:
    return [
        {
            "title": r["title"],
            "doc_number": r["doc_number"],
            "issuer": r["issuer"],
            "date": r["date"],
            "section": r["section"],
            "line": r["line"],
            "kind": r["kind"],
        }
        for r in _rows(store, "documents", file)
    ]


def citations(store: GraphStore, file: str) -> list[dict[str, Any]]:
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for r in _rows(store, "citations", file):
        key = (r["from_doc"], r["to_doc"])
        rel = "repeals" if r["rel"] == "REPEALS" else "cites"
        cur = pairs.get(key)
        if cur is None or (rel == "repeals" and cur["relation"] == "cites"):
            pairs[key] = {"from": r["from_doc"], "to": r["to_doc"], "relation": rel, "line": r["line"]}
        elif rel == cur["relation"]:
            cur["line"] = min(cur["line"], r["line"])
    return sorted(pairs.values(), key=lambda x: (x["line"], x["to"]))


def leading_groups(store: GraphStore, file: str) -> list[dict[str, Any]]:
    out = []
    for r in _rows(store, "leading_groups", file):
        is_person = r["member_label"] == "Person"
        out.append(
            {
                "doc": r["doc"],
                "group": r["group_name"],
                "person": r["member"] if is_person else None,
                "role": r["role"],
                "position": r["position"] if r["position"] is not None or is_person else r["member"],
                "line": r["line"],
            }
        )
    return out


def mine_supervision(store: GraphStore, file: str) -> list[dict[str, Any]]:
    out = []
    for r in _rows(store, "mine_supervision", file):
        is_person = r["leader_label"] == "Person"
        out.append(
            {
                "doc": r["doc"],
                "mine": r["mine"],
                "district": r["district"],
                "gas_level": r["gas_level"],
                "leader": r["leader"] if is_person else None,
                "leader_position": r["leader_position"] if r["leader_position"] or is_person else r["leader"],
                "level": r["level"],
                "confidence": r["confidence"],
                "line": r["line"],
            }
        )
    return out


_REL_FIELD = {"LEADS": "lead", "RESPONSIBLE_FOR": "responsible", "SUPPORTS": "support"}


def task_responsibilities(store: GraphStore, file: str) -> list[dict[str, Any]]:
    tasks: dict[str, dict[str, Any]] = {}
    members: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for r in _rows(store, "task_responsibilities", file):
        tid = r["task_id"]
        if tid not in tasks:
            tasks[tid] = {
                "doc": r["doc"],
                "task": strip_ws(r["text"] or "")[:40],
                "lead": [],
                "responsible": [],
                "support": [],
                "deadline": r["deadline"],
                "line": r["line"],
            }
            members[tid] = {"lead": [], "responsible": [], "support": []}
        members[tid][_REL_FIELD[r["rel"]]].append((r["ordinal"] or 0, r["agency"]))
    for tid, rec in tasks.items():
        for fld, items in members[tid].items():
            seen: list[str] = []
            for _, name in sorted(items, key=lambda x: x[0]):
                if name not in seen:
                    seen.append(name)
            rec[fld] = seen
    return sorted(tasks.values(), key=lambda x: (x["line"], x["task"]))


def appointments(store: GraphStore, file: str) -> list[dict[str, Any]]:
    return [
        {
            "doc": r["doc"],
            "person": r["person"],
            "action": "appoint" if r["rel"] == "APPOINTED_TO" else "remove",
            "position": r["position"],
            "line": r["line"],
        }
        for r in _rows(store, "appointments", file)
    ]


def people_posts(store: GraphStore, file: str) -> list[dict[str, Any]]:
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for r in _rows(store, "people_posts", file):
        key = (r["person"], r["position"])
        if key not in best or r["line"] < best[key]["line"]:
            best[key] = {"person": r["person"], "position": r["position"], "agency": r["agency"], "line": r["line"]}
    return sorted(best.values(), key=lambda x: (x["line"], x["person"]))


def facts_for_file(store: GraphStore, file: str) -> dict[str, list[dict[str, Any]]]:
    """All seven fact lists for one input file."""
    fns = {
        "documents": documents,
        "citations": citations,
        "leading_groups": leading_groups,
        "mine_supervision": mine_supervision,
        "task_responsibilities": task_responsibilities,
        "appointments": appointments,
        "people_posts": people_posts,
    }
    return {name: fns[name](store, file) for name in FACT_FILES}


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(path)


def extract_facts(paths: Iterable[str | Path]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Build a temporary embedded graph from ``paths`` and read the fact view
    back from it: ``{gazette_id: {fact_file: records}}``."""
    from kg import pipeline
    from kg.stores.embedded import EmbeddedStore

    result = pipeline.run(paths)
    with tempfile.TemporaryDirectory(prefix="kg-facts-") as tmp:
        store = EmbeddedStore("embedded://" + str(Path(tmp) / "graph"))
        try:
            store.load(result.batch, replace=True)
            return {g.id: facts_for_file(store, g.source.path) for g in result.gazettes}
        finally:
            store.close()


def write_facts(paths: Iterable[str | Path], out_dir: str | Path) -> dict[str, dict[str, int]]:
    """``kg facts``: one input file -> the seven files in ``out_dir``; several ->
    one sub-folder per gazette (named after the file, like the gold folders)."""
    facts = extract_facts(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, dict[str, int]] = {}
    for gid, per_file in facts.items():
        target = out if len(facts) == 1 else out / gid
        target.mkdir(parents=True, exist_ok=True)
        for name, records in per_file.items():
            write_jsonl(target / f"{name}.jsonl", records)
        counts[gid] = {name: len(records) for name, records in per_file.items()}
    return counts
