"""Score extracted facts against hand-checked gold files (``kg eval``).

Matching follows ``SCHEMA.md``: names compared with all whitespace removed and
brackets normalised (:func:`kg.normalize.compare_key`). Keys per relation:

* documents: 文号 (or title when a document has none); title, date and issuer
  accuracy are reported over the matched documents.
* citations: (from, to, relation).
* leading_groups: (doc, person — or the post when no name is printed, role).
* mine_supervision: (doc, mine, leader — or post, level); also scored on the
  gold rows marked ``certain`` only.
* task_responsibilities: a gold task matches a predicted task of the same
  document whose text starts the same way (first 12 characters, or the first 6
  within 3 lines); ``lead_exact`` is the share of matched tasks whose lead
  units are exactly the gold ones, and agency-level F1 is given per role.
  The gold annotates tasks in some documents only (and "at least 40" in long
  ones), so ``precision_annotated_docs`` counts predictions in annotated
  documents only.
* appointments: (doc, person, action, position).
* people_posts: (person, position).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.facts import FACT_FILES
from kg.normalize import compare_key as ck

Record = dict[str, Any]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        d.update({k: round(v, 4) for k, v in self.extra.items()})
        return d


def _multiset_score(gold: Iterable[tuple[Any, ...]], pred: Iterable[tuple[Any, ...]]) -> Score:
    g, p = Counter(gold), Counter(pred)
    tp = sum((g & p).values())
    return Score(tp, sum(p.values()) - tp, sum(g.values()) - tp)


def _key_fn(name: str) -> Callable[[Record], tuple[Any, ...]]:
    keys: dict[str, Callable[[Record], tuple[Any, ...]]] = {
        "citations": lambda r: (ck(r["from"]), ck(r["to"]), r["relation"]),
        "leading_groups": lambda r: (ck(r["doc"]), ck(r["person"] or r["position"]), r["role"]),
        "mine_supervision": lambda r: (ck(r["doc"]), ck(r["mine"]), ck(r["leader"] or r["leader_position"]), r["level"]),
        "appointments": lambda r: (ck(r["doc"]), ck(r["person"]), r["action"], ck(r["position"])),
        "people_posts": lambda r: (ck(r["person"]), ck(r["position"])),
    }
    return keys[name]


def score_documents(gold: list[Record], pred: list[Record]) -> Score:
    def key(r: Record) -> str:
        return ck(r["doc_number"]) if r.get("doc_number") else "title:" + ck(r["title"])

    s = _multiset_score([(key(r),) for r in gold], [(key(r),) for r in pred])
    by_key = {key(r): r for r in pred}
    matched = [(g, by_key[key(g)]) for g in gold if key(g) in by_key]
    if matched:
        for fld in ("title", "date", "issuer", "kind", "line"):
            s.extra[f"{fld}_accuracy"] = sum(ck(str(g[fld])) == ck(str(p[fld])) for g, p in matched) / len(matched)
    return s


def _task_match(gold: list[Record], pred: list[Record]) -> list[tuple[Record, Record]]:
    pairs: list[tuple[Record, Record]] = []
    used: set[int] = set()
    for strict in (True, False):
        for g in gold:
            if any(g is gg for gg, _ in pairs):
                continue
            gt = ck(g["task"])
            for i, p in enumerate(pred):
                if i in used or ck(p["doc"]) != ck(g["doc"]):
                    continue
                pt = ck(p["task"])
                if strict:
                    ok = gt[:12] == pt[:12] and abs((p["line"] or 0) - (g["line"] or 0)) <= 40
                else:
                    ok = gt[:6] == pt[:6] and abs((p["line"] or 0) - (g["line"] or 0)) <= 3
                if ok:
                    pairs.append((g, p))
                    used.add(i)
                    break
    return pairs


def score_tasks(gold: list[Record], pred: list[Record]) -> Score:
    pairs = _task_match(gold, pred)
    s = Score(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    # The gold annotates a subset of documents for tasks: precision over the annotated ones only.
    annotated = {ck(g["doc"]) for g in gold}
    in_annotated = [p for p in pred if ck(p["doc"]) in annotated]
    if in_annotated:
        s.extra["precision_annotated_docs"] = len(pairs) / len(in_annotated)
    if pairs:
        for fld in ("lead", "responsible", "support"):
            s.extra[f"{fld}_exact"] = sum(
                [ck(x) for x in g[fld]] == [ck(x) for x in p[fld]] for g, p in pairs
            ) / len(pairs)
        s.extra["deadline_exact"] = sum(ck(g["deadline"]) == ck(p["deadline"]) for g, p in pairs) / len(pairs)
    # agency-level F1 over all (task, role, agency) triples of matched tasks
    gi = [(id(g), fld, ck(a)) for g, _ in pairs for fld in ("lead", "responsible", "support") for a in g[fld]]
    pi = [(id(g), fld, ck(a)) for g, p in pairs for fld in ("lead", "responsible", "support") for a in p[fld]]
    if pairs:
        s.extra["agency_f1"] = _multiset_score(gi, pi).f1
    return s


def score_relation(name: str, gold: list[Record], pred: list[Record]) -> Score:
    if name == "documents":
        return score_documents(gold, pred)
    if name == "task_responsibilities":
        return score_tasks(gold, pred)
    key = _key_fn(name)
    s = _multiset_score([key(r) for r in gold], [key(r) for r in pred])
    if name == "mine_supervision":
        certain_gold = [key(r) for r in gold if r.get("confidence") == "certain"]
        certain_keys = set(certain_gold)
        ambiguous_keys = {key(r) for r in gold if r.get("confidence") != "certain"}
        certain_pred = [key(r) for r in pred if key(r) not in ambiguous_keys or key(r) in certain_keys]
        c = _multiset_score(certain_gold, [k for k in certain_pred if k not in ambiguous_keys])
        s.extra["certain_f1"] = c.f1
        flagged = {key(r) for r in pred if r.get("confidence") == "ambiguous"}
        if ambiguous_keys:
            s.extra["ambiguous_flagged"] = len(ambiguous_keys & flagged) / len(ambiguous_keys)
    return s


def read_jsonl(path: Path) -> list[Record]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_gold(gold_dir: Path, gazette_id: str) -> dict[str, list[Record]]:
    return {name: read_jsonl(gold_dir / gazette_id / f"{name}.jsonl") for name in FACT_FILES}


@dataclass
class EvalReport:
    per_gazette: dict[str, dict[str, Score]]
    total: dict[str, Score]
    # files the pipeline refused (scored as giving no facts): gazette id -> "KGnnn message"
    refused: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gazettes": {g: {r: s.as_dict() for r, s in rel.items()} for g, rel in self.per_gazette.items()},
            "total": {r: s.as_dict() for r, s in self.total.items()},
            "refused": dict(self.refused),
        }


def evaluate(
    predicted: dict[str, dict[str, list[Record]]],
    gold_dir: Path,
) -> EvalReport:
    per: dict[str, dict[str, Score]] = {}
    total = {name: Score() for name in FACT_FILES}
    for gid, facts in sorted(predicted.items()):
        if not (gold_dir / gid).is_dir():
            continue
        gold = read_gold(gold_dir, gid)
        per[gid] = {}
        for name in FACT_FILES:
            s = score_relation(name, gold[name], facts.get(name, []))
            per[gid][name] = s
            total[name].add(s)
    # extras in the total: recompute over the pooled records
    for name in FACT_FILES:
        pooled_g: list[Record] = []
        pooled_p: list[Record] = []
        for gid in per:
            gold = read_gold(gold_dir, gid)
            pooled_g += gold[name]
            pooled_p += predicted[gid].get(name, [])
        total[name].extra = score_relation(name, pooled_g, pooled_p).extra
    return EvalReport(per, total)


def evaluate_corpus(corpus: Path, gold_dir: Path) -> EvalReport:
    from kg.errors import InputError, KgError
    from kg.facts import extract_facts

    files = sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".pdf"} and (gold_dir / p.stem).is_dir())
    if not files:
        raise InputError(f"no corpus file in {corpus} has a gold folder in {gold_dir}")
    try:
        return evaluate(extract_facts(files), gold_dir)
    except KgError:
        pass
    # Some file is refused: score file by file, a refused file as giving no facts
    # (a scorer must not hide a refusal by dropping the file from the total).
    predicted: dict[str, dict[str, list[Record]]] = {}
    refused: dict[str, str] = {}
    for f in files:
        try:
            predicted.update(extract_facts([f]))
        except KgError as exc:
            predicted[f.stem] = {}
            refused[f.stem] = f"{exc.code} {exc.message}"
    report = evaluate(predicted, gold_dir)
    report.refused = refused
    return report
