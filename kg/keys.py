"""Node identity. Every extractor builds keys with these functions so that the
same real thing found by two extractors (or two gazettes) is one node."""

from __future__ import annotations

import hashlib

from kg.normalize import normalize_doc_number, strip_ws


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def document_key(doc_number: str | None, gazette_id: str, title: str) -> str:
    """Documents are keyed by 文号, so a document cited in one gazette and
    printed in another is one node. Without a number: gazette + title."""
    if doc_number:
        return "doc:" + normalize_doc_number(doc_number)
    return "doc:" + gazette_id + ":" + _h(strip_ws(title))


def gazette_key(gazette_id: str) -> str:
    return "gazette:" + gazette_id


def agency_key(city: str | None, canonical_name: str) -> str:
    return f"agency:{city or '-'}:{strip_ws(canonical_name)}"


def person_key(city: str | None, name: str) -> str:
    """Persons are keyed by name (whitespace removed) and city."""
    return f"person:{city or '-'}:{strip_ws(name)}"


def post_key(city: str | None, post: str) -> str:
    return f"post:{city or '-'}:{strip_ws(post)}"


def group_key(doc_key: str, name: str) -> str:
    return f"group:{strip_ws(name)}@{doc_key}"


def task_key(doc_key: str, line: int, text: str) -> str:
    return f"task:{doc_key}:{line}:{_h(strip_ws(text)[:80])}"


def mine_key(name: str) -> str:
    return "mine:" + strip_ws(name)


def enterprise_key(name: str) -> str:
    return "enterprise:" + strip_ws(name)


def place_key(path: list[str]) -> str:
    """Places are keyed by their path: ["山西省", "朔州市", "平鲁区"]."""
    return "place:" + "/".join(strip_ws(p) for p in path)


def plan_key(doc_key: str, title: str) -> str:
    return f"plan:{strip_ws(title)}@{doc_key}"


def event_key(doc_key: str, line: int) -> str:
    return f"event:{doc_key}:{line}"
