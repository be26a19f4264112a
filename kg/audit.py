"""Audit reports and diffs over the graph: the questions auditors ask that no one
asks by hand. Library functions; ``kg audit`` / ``kg diff`` and the service's
``/api/audit`` / ``/api/diff`` (and ``/view/diff``) call them.

:func:`audit` returns one :class:`Finding` per problem, each with its evidence
(``file:line text`` of the facts it rests on):

``no_leader``        a mine with no 挂牌 leader at a level its assigning document fills for other mines
``overloaded``       a leader with more mines than ``limits.max_mines_per_leader``
``post_rule``        a mine whose leader's post breaks the rule for its level and gas class
``task_no_lead``     a task someone supports (配合) but nobody leads or is responsible for
``task_no_deadline`` a led task without a deadline, in a document that gives its other tasks one
``group_leader_gone`` a group led by someone removed from (or replaced in) the post he led it in
``repealed_basis``   a mine's assignment, or a group, that still rests on a repealed document

The rules and limits are data (``kg/audit.toml``, or ``--config FILE``), not code.
Validity of assignments follows :mod:`kg.questions` (a document's date until a
repeal or a later list at the same level); ``on`` answers as of a date.

:func:`diff` compares two 挂牌 / task documents (two 文号) in one graph, or two
graphs (two builds): mines added and dropped, leaders changed, tasks reassigned.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import BadParameterError, InputError, NotFoundError
from kg.questions import Answer, _evidence, _is_iso, _valid_to
from kg.stores.base import GraphStore

Row = dict[str, Any]

CHECKS = (
    "no_leader",
    "overloaded",
    "post_rule",
    "task_no_lead",
    "task_no_deadline",
    "group_leader_gone",
    "repealed_basis",
)
LEAD_RELS = ("LEADS", "RESPONSIBLE_FOR")
GROUP_LEADER_ROLES = ("组长", "总指挥", "指挥长", "主任")


class AuditConfigError(InputError):
    code = "KG710"


@dataclass(frozen=True)
class PostRule:
    name: str
    level: re.Pattern[str]
    gas: re.Pattern[str]
    post: re.Pattern[str]


@dataclass(frozen=True)
class AuditConfig:
    max_mines_per_leader: int
    post_rules: tuple[PostRule, ...]
    source: str

    @classmethod
    def load(cls, path: str | Path | None = None) -> AuditConfig:
        """The rules of ``path`` (a TOML file), else the packaged ``kg/audit.toml``."""
        if path is None:
            text = resources.files("kg").joinpath("audit.toml").read_text(encoding="utf-8")
            source = "kg/audit.toml"
        else:
            p = Path(path)
            if not p.is_file():
                raise AuditConfigError("no such audit config file", path=str(p))
            text, source = p.read_text(encoding="utf-8"), str(p)
        try:
            data = tomllib.loads(text)
            limit = int(data.get("limits", {}).get("max_mines_per_leader", 5))
            rules = tuple(
                PostRule(str(r["name"]), re.compile(r["level"]), re.compile(r["gas"]), re.compile(r["post"]))
                for r in data.get("post_rules", [])
            )
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, re.error) as exc:
            raise AuditConfigError(f"bad audit config: {type(exc).__name__}: {exc}", path=source) from exc
        return cls(limit, rules, source)


@dataclass
class Finding:
    check: str
    city: str | None
    subject: str  # the mine, leader, task or group
    detail: str
    doc_number: str | None
    evidence: list[str] = field(default_factory=list)

    def as_row(self) -> Row:
        row = asdict(self)
        row["evidence"] = " | ".join(self.evidence)
        return row


@dataclass
class AuditReport:
    on: str | None
    city: str | None
    config: str
    findings: list[Finding]

    COLUMNS = ("check", "city", "subject", "detail", "doc_number", "evidence")

    def counts(self) -> dict[str, int]:
        return {c: sum(1 for f in self.findings if f.check == c) for c in CHECKS}

    def answer(self) -> Answer:
        notes = [f"{c}: {n}" for c, n in self.counts().items()]
        notes.append(f"rules: {self.config}" + (f"; as of {self.on}" if self.on else ""))
        return Answer("audit", list(self.COLUMNS), [f.as_row() for f in self.findings], notes)


def _q(store: GraphStore, name: str, /, **params: Any) -> list[Row]:
    from kg.queries import load

    return store.query(load(name, store.dialect), params).records()


def _check_date(on: str | None) -> str | None:
    if on is None or on == "":
        return None
    if _is_iso(on):
        return on
    from kg.segment import parse_date

    iso = parse_date(on)
    if iso is None:
        raise BadParameterError(f"--on wants a date like 2021-06-30, got {on!r}")
    return iso


# ---------------------------------------------------------------- 挂牌 in force
def _assignments(store: GraphStore, on: str | None, city: str | None) -> tuple[list[Row], list[Row], dict[str, Row]]:
    """(assignments in force at ``on``, all assignments, documents by 文号), each
    assignment with ``valid_from`` / ``valid_to`` / ``ended_by`` filled."""
    docs = {d["doc_number"]: d for d in _q(store, "audit_documents") if d["doc_number"]}
    rows = [r for r in _q(store, "audit_supervision") if city is None or r["city"] == city]
    repeals: dict[str, list[tuple[str, str]]] = {}
    for r in _q(store, "audit_repeals"):
        if r["by_date"]:
            repeals.setdefault(r["repealed"], []).append((r["by_date"], f"repealed by {r['by_doc']}"))
    by_mine: dict[str, list[Row]] = {}
    for r in rows:
        d = docs.get(r["doc_number"] or "")
        r["doc_date"] = d["date"] if d else None
        r["valid_from"] = r["valid_from"] or r["doc_date"]
        by_mine.setdefault(r["mine_id"], []).append(r)
    for group in by_mine.values():
        for r in group:
            end, why = _valid_to(r, group, repeals)
            r["valid_to"], r["ended_by"] = end, why
    live = [r for r in rows if (on is None and r["valid_to"] is None)
            or (on is not None and (r["valid_from"] or "") <= on and (r["valid_to"] is None or on < r["valid_to"]))]
    return live, rows, docs


def _gas(r: Row) -> str:
    return str(r.get("gas_level") or r.get("mine_gas") or "")


def _leader(r: Row) -> str:
    return str(r["leader"] if r["kind"] == "Person" else r["position"] or r["leader"])


# ---------------------------------------------------------------- checks
def _no_leader(live: list[Row], all_rows: list[Row]) -> list[Finding]:
    levels_of_doc: dict[str, set[str]] = {}
    mines_of_doc: dict[str, dict[str, Row]] = {}
    for r in all_rows:
        if r["doc_number"] and r["level"]:
            levels_of_doc.setdefault(r["doc_number"], set()).add(r["level"])
            mines_of_doc.setdefault(r["doc_number"], {}).setdefault(r["mine_id"], r)
    have: dict[tuple[str, str], list[Row]] = {}
    for r in live:
        have.setdefault((r["mine_id"], r["level"]), []).append(r)
    live_mines = {r["mine_id"]: r for r in live}
    out = []
    for mine_id, r in sorted(live_mines.items()):
        doc = r["doc_number"]
        for level in sorted(levels_of_doc.get(doc, set())):
            if (mine_id, level) in have:
                continue
            others = sum(1 for m in mines_of_doc.get(doc, {}) if (m, level) in have)
            own = [x for (m, _), xs in sorted(have.items()) if m == mine_id for x in xs]  # its row, other levels
            out.append(Finding(
                "no_leader", r["city"], r["mine"],
                f"no 挂牌 leader at level {level} ({doc} names one for {others} other mines)",
                doc, [_evidence(x) for x in own[:2]],
            ))
    return out


def _overloaded(live: list[Row], limit: int) -> list[Finding]:
    by_leader: dict[tuple[str | None, str], dict[str, Row]] = {}
    for r in live:
        by_leader.setdefault((r["city"], _leader(r)), {})[r["mine_id"]] = r
    out = []
    for (city, leader), mines in sorted(by_leader.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        if len(mines) > limit:
            names = sorted(m["mine"] for m in mines.values())
            docs = sorted({m["doc_number"] for m in mines.values() if m["doc_number"]})
            out.append(Finding(
                "overloaded", city, leader,
                f"挂牌 to {len(mines)} mines (limit {limit}): " + "、".join(names),
                "、".join(docs) or None, [_evidence(m) for m in sorted(mines.values(), key=lambda m: m["line"] or 0)],
            ))
    return out


def _post_rule(live: list[Row], rules: tuple[PostRule, ...]) -> list[Finding]:
    out = []
    for r in sorted(live, key=lambda r: (r["mine_id"], r["level"] or "", _leader(r))):
        post = "".join(str(r["position"] or "").split())
        gas = _gas(r)
        for rule in rules:
            if rule.level.search(r["level"] or "") and gas and rule.gas.search(gas) and not rule.post.search(post):
                out.append(Finding(
                    "post_rule", r["city"], r["mine"],
                    f"{r['level']} leader {_leader(r)} ({post or 'no post printed'}) for a {gas} mine; "
                    f"rule: {rule.name}",
                    r["doc_number"], [_evidence(r)],
                ))
    return out


def _tasks(store: GraphStore, docs: dict[str, Row], city: str | None) -> list[Finding]:
    tasks: dict[str, Row] = {}
    for r in _q(store, "audit_tasks"):
        t = tasks.setdefault(r["task_id"], {**r, "rels": set(), "units": []})
        if r["rel"]:
            t["rels"].add(r["rel"])
            t["units"].append((r["rel"], r["as_printed"] or r["unit"], r["evidence"]))
    if city is not None:
        tasks = {k: t for k, t in tasks.items() if (docs.get(t["doc_number"] or "") or {}).get("city") == city}
    dated_docs = {t["doc_number"] for t in tasks.values() if t["deadline"]}
    out = []
    for t in sorted(tasks.values(), key=lambda t: (t["doc_number"] or "", t["line"] or 0, t["task_id"])):
        text = " ".join(str(t["text"] or "").split())[:60]
        tcity = (docs.get(t["doc_number"] or "") or {}).get("city")
        where = f"{(t['file'] or '').rsplit('/', 1)[-1]}:{t['line']} {text}"
        led = bool(t["rels"] & set(LEAD_RELS))
        if t["rels"] and not led:
            supporters = sorted({u for rel, u, _ in t["units"] if rel == "SUPPORTS" and u})
            out.append(Finding("task_no_lead", tcity, text,
                               "supported by " + "、".join(supporters) + " but no unit leads or is responsible",
                               t["doc_number"], [where]))
        elif led and not t["deadline"] and t["doc_number"] in dated_docs:
            leads = sorted({u for rel, u, _ in t["units"] if rel in LEAD_RELS and u})
            out.append(Finding("task_no_deadline", tcity, text,
                               "led by " + "、".join(leads) + f"; other tasks of {t['doc_number']} have deadlines",
                               t["doc_number"], [where]))
    return out


def _same_post(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a and b) and (a == b or a.endswith(b) or b.endswith(a))


def _groups(store: GraphStore, docs: dict[str, Row], on: str | None, city: str | None) -> list[Finding]:
    leaders = [r for r in _q(store, "audit_group_leaders", roles=list(GROUP_LEADER_ROLES))
               if city is None or r["city"] == city]
    changes = _q(store, "audit_post_changes")
    out = []
    for g in leaders:
        since = (docs.get(g["doc_number"] or "") or {}).get("date") or ""
        position = str(g["position"] or "")
        for c in changes:
            if not c["date"] or c["date"] < since or (on is not None and c["date"] > on):
                continue
            if c["city"] != g["person_city"] or not _same_post(position, str(c["post"] or "")):
                continue
            removed = c["action"] == "REMOVED_FROM" and c["person"] == g["leader"]
            # another person appointed to the very post (a post one person holds: not a deputy's)
            replaced = (c["action"] == "APPOINTED_TO" and c["person"] != g["leader"]
                        and "副" not in position and "".join(position.split()) == "".join(str(c["post"]).split()))
            if removed or replaced:
                how = (f"{g['leader']} removed from {c['post']} on {c['date']} by {c['doc_number']}" if removed
                       else f"{c['person']} appointed {c['post']} on {c['date']} by {c['doc_number']}")
                out.append(Finding(
                    "group_leader_gone", g["city"], g["group_name"],
                    f"{g['role']} {g['leader']} led it as {position} ({g['doc_number']}); {how}",
                    g["doc_number"], [_evidence(g), _evidence(c)],
                ))
    return out


def _repealed(store: GraphStore, live: list[Row], all_rows: list[Row], on: str | None,
              city: str | None) -> list[Finding]:
    repeals: dict[str, list[Row]] = {}
    for r in _q(store, "audit_repeals"):
        if on is None or (r["by_date"] and r["by_date"] <= on):
            repeals.setdefault(r["repealed"], []).append(r)
    out = []
    live_keys = {(r["mine_id"], r["level"]) for r in live}
    latest: dict[tuple[str, str], Row] = {}
    for r in sorted(all_rows, key=lambda r: r["valid_from"] or ""):
        latest[(r["mine_id"], r["level"])] = r
    for key, r in sorted(latest.items()):
        rep = repeals.get(r["doc_number"] or "")
        if rep and key not in live_keys:
            out.append(Finding(
                "repealed_basis", r["city"], r["mine"],
                f"{r['level']} 挂牌 ({_leader(r)}) rests on {r['doc_number']}, repealed by {rep[0]['by_doc']} "
                f"({rep[0]['by_date'] or 'date unknown'}); no later list assigns this mine at this level",
                r["doc_number"], [_evidence(r), _evidence(rep[0])],
            ))
    for g in _q(store, "audit_group_documents"):
        if city is not None and g["city"] != city:
            continue
        rep = repeals.get(g["doc_number"] or "")
        if rep:
            out.append(Finding(
                "repealed_basis", g["city"], g["group_name"],
                f"set up by {g['doc_number']}, repealed by {rep[0]['by_doc']} ({rep[0]['by_date'] or 'date unknown'})",
                g["doc_number"], [_evidence(g), _evidence(rep[0])],
            ))
    return out


def audit(
    store: GraphStore,
    on: str | None = None,
    city: str | None = None,
    config: str | Path | AuditConfig | None = None,
) -> AuditReport:
    """Every finding of every check (see the module docstring), sorted by check."""
    on = _check_date(on)
    city = "".join(city.split()) if city else None
    cfg = config if isinstance(config, AuditConfig) else AuditConfig.load(config)
    live, all_rows, docs = _assignments(store, on, city)
    findings = (
        _no_leader(live, all_rows)
        + _overloaded(live, cfg.max_mines_per_leader)
        + _post_rule(live, cfg.post_rules)
        + _tasks(store, docs, city)
        + _groups(store, docs, on, city)
        + _repealed(store, live, all_rows, on, city)
    )
    order = {c: i for i, c in enumerate(CHECKS)}
    findings.sort(key=lambda f: order[f.check])
    return AuditReport(on, city, cfg.source, findings)


def audit_answer(store: GraphStore, on: str | None = None, city: str | None = None) -> Answer:
    """Audit findings with their evidence (service and views; the packaged rules)."""
    return audit(store, on=on, city=city).answer()


# ---------------------------------------------------------------- diff
DIFF_COLUMNS = ["change", "subject", "level", "before", "after", "doc_before", "doc_after", "evidence"]


def _supervision_by_mine(rows: list[Row]) -> dict[tuple[str, str], dict[str, Row]]:
    """(mine name, city) -> level -> row (the first leader in reading order per level)."""
    out: dict[tuple[str, str], dict[str, Row]] = {}
    for r in sorted(rows, key=lambda r: (r["line"] or 0, _leader(r))):
        out.setdefault((r["mine"], r["city"] or ""), {}).setdefault(r["level"] or "", r)
    return out


def _task_key(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _tasks_by_text(rows: list[Row]) -> dict[str, tuple[set[str], Row]]:
    out: dict[str, tuple[set[str], Row]] = {}
    for r in rows:
        key = _task_key(r["text"])
        if not key:
            continue
        units = out.setdefault(key, (set(), r))[0]
        if r["rel"] in LEAD_RELS and r["unit"]:
            units.add(r["unit"])
    return out


def _compare(a_sup: list[Row], b_sup: list[Row], a_tasks: list[Row], b_tasks: list[Row]) -> list[Row]:
    rows: list[Row] = []
    a, b = _supervision_by_mine(a_sup), _supervision_by_mine(b_sup)
    for key in sorted(set(a) | set(b)):
        mine = key[0]
        if key not in a:
            r = next(iter(b[key].values()))
            rows.append({"change": "mine added", "subject": mine, "level": None, "before": None,
                         "after": "、".join(f"{lv} {_leader(x)}" for lv, x in sorted(b[key].items())),
                         "doc_before": None, "doc_after": r["doc_number"], "evidence": _evidence(r)})
            continue
        if key not in b:
            r = next(iter(a[key].values()))
            rows.append({"change": "mine dropped", "subject": mine, "level": None,
                         "before": "、".join(f"{lv} {_leader(x)}" for lv, x in sorted(a[key].items())), "after": None,
                         "doc_before": r["doc_number"], "doc_after": None, "evidence": _evidence(r)})
            continue
        for level in sorted(set(a[key]) | set(b[key])):
            x, y = a[key].get(level), b[key].get(level)
            before = f"{_leader(x)} {x['position'] or ''}".strip() if x else None
            after = f"{_leader(y)} {y['position'] or ''}".strip() if y else None
            if x and y and _leader(x) == _leader(y):
                continue
            rows.append({"change": "leader changed", "subject": mine, "level": level, "before": before, "after": after,
                         "doc_before": x["doc_number"] if x else None, "doc_after": y["doc_number"] if y else None,
                         "evidence": " | ".join(_evidence(r) for r in (x, y) if r)})
    ta, tb = _tasks_by_text(a_tasks), _tasks_by_text(b_tasks)
    for text in sorted(set(ta) & set(tb)):
        (ua, ra), (ub, rb) = ta[text], tb[text]
        if ua and ub and ua != ub:
            rows.append({"change": "task reassigned", "subject": text[:60], "level": None,
                         "before": "、".join(sorted(ua)), "after": "、".join(sorted(ub)),
                         "doc_before": ra["doc_number"], "doc_after": rb["doc_number"],
                         "evidence": f"{(ra['file'] or '').rsplit('/', 1)[-1]}:{ra['line']} | "
                                     f"{(rb['file'] or '').rsplit('/', 1)[-1]}:{rb['line']}"})
    return rows


def _diff_answer(rows: list[Row], a: str, b: str) -> Answer:
    context = []
    for r in rows:
        if r["change"] in ("leader changed", "mine added", "mine dropped"):
            mine = {"_label": "CoalMine", "name": r["subject"]}
            for side, rel in (("before", "DIFF_DROPPED"), ("after", "DIFF_ADDED")):
                who = r[side]
                if who:
                    label = "Person" if r["change"] == "leader changed" else "Document"
                    name = who if label == "Person" else r[f"doc_{side}"]
                    context.append(({"_label": label, "name": name}, rel, mine,
                                     {"level": r["level"], "evidence": r["evidence"]}))
        elif r["change"] == "task reassigned":
            task = {"_label": "Task", "name": r["subject"]}
            for side, rel in (("before", "DIFF_DROPPED"), ("after", "DIFF_ADDED")):
                for unit in str(r[side] or "").split("、"):
                    if unit:
                        context.append(({"_label": "Agency", "name": unit}, rel, task, {"evidence": r["evidence"]}))
    counts = {c: sum(1 for r in rows if r["change"] == c)
              for c in ("mine added", "mine dropped", "leader changed", "task reassigned")}
    notes = [f"{a} → {b}: " + ", ".join(f"{k} {v}" for k, v in counts.items())]
    return Answer("diff", DIFF_COLUMNS, rows, notes, context)


def diff(store: GraphStore, a: str, b: str) -> Answer:
    """Two documents (文号) of one graph: what ``b`` changes against ``a``."""
    from kg.normalize import normalize_doc_number

    na, nb = normalize_doc_number(a), normalize_doc_number(b)
    docs = {d["doc_number"] for d in _q(store, "audit_documents")}
    for n in (na, nb):
        if n not in docs:
            raise NotFoundError(f"no document {n} in the graph")
    sup = _q(store, "audit_supervision")
    tasks = _q(store, "audit_tasks")
    rows = _compare([r for r in sup if r["doc_number"] == na], [r for r in sup if r["doc_number"] == nb],
                    [r for r in tasks if r["doc_number"] == na], [r for r in tasks if r["doc_number"] == nb])
    return _diff_answer(rows, na, nb)


def diff_builds(a: GraphStore, b: GraphStore, on: str | None = None) -> Answer:
    """Two graphs (two builds): the 挂牌 in force in each (at ``on``), and every task's lead units."""
    on = _check_date(on)
    live_a, _, _ = _assignments(a, on, None)
    live_b, _, _ = _assignments(b, on, None)
    rows = _compare(live_a, live_b, _q(a, "audit_tasks"), _q(b, "audit_tasks"))
    return _diff_answer(rows, a.uri, b.uri)


# named for the service: /api/questions/audit, /embed/diff …
SERVICE_QUESTIONS: dict[str, Callable[..., Answer]] = {"audit": audit_answer, "diff": diff}
