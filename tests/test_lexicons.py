"""Lexicons as data (kg/lexicons/*.tsv): every row has its source; the resolver reads them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg import agencies, lexicons, names
from kg.model import GraphBatch, Provenance
from kg.resolve import comparison_form, resolve
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", lexicons.LEXICONS)
def test_every_row_has_a_source_and_no_row_twice(name: str) -> None:
    rows = lexicons.rows(name)
    assert rows
    seen = set()
    for r in rows:
        assert r["source"].strip(), r
        key = tuple(v for k, v in r.items() if k != "source")
        assert key not in seen, r
        seen.add(key)


def test_a_short_form_names_one_unit() -> None:
    names_of: dict[str, set[str]] = {}
    for r in lexicons.rows("agencies"):
        if r["short"]:
            names_of.setdefault(r["short"], set()).add(r["name"])
    assert {s: n for s, n in names_of.items() if len(n) > 1} == {}


def test_the_modules_read_the_files() -> None:
    assert tuple(r["suffix"] for r in lexicons.rows("org_suffixes")) == agencies._UNIT_SUFFIXES
    assert set(names._TITLES) == {r["title"] for r in lexicons.rows("posts")}
    assert sorted(names._TITLES, key=len, reverse=True) == names._TITLES


# printed form -> standard name by agencies.tsv (None: not in the lexicon, never guessed)
STANDARD = [
    ("市发改委", "市发展和改革委员会"),
    ("市发展改革委", "市发展和改革委员会"),
    ("市应急局", "市应急管理局"),
    ("市审批局", "市行政审批服务管理局"),
    ("市卫健委", "市卫生健康委员会"),
    ("市网信办", "市委网络安全和信息化委员会办公室"),
    ("县应急局", "县应急管理局"),
    ("区住建局", "区住房和城乡建设局"),
    ("朔城区应急局", "朔城区应急管理局"),
    ("平定县发改局", "平定县发展和改革局"),
    ("市应急管理局", "市应急管理局"),
    ("市某某局", None),
    ("应急局", None),
]


@pytest.mark.parametrize(("form", "standard"), STANDARD)
def test_standard_name(form: str, standard: str | None) -> None:
    assert lexicons.standard_name(form) == standard


def _prov(line: int) -> Provenance:
    return Provenance("t.txt", None, line, 0, line * 10, line * 10 + 4, "x", "test", "1")


def test_the_resolver_merges_lexicon_forms_only_when_both_are_printed() -> None:
    b = GraphBatch()
    task = b.add_node("Task", "t1", name="任务")
    for i, name in enumerate(["市审批局", "市行政审批服务管理局", "市网信办", "市委网信办", "市财政局"], 1):
        ref = b.add_node("Agency", f"agency:测试市:{name}", name=name, city="测试市")
        b.add_edge("LEADS", ref, task, _prov(i), as_printed=name)
    out = resolve(b)
    groups = sorted(sorted(n.props.get("aliases") or [n.props["name"]]) for n in out.nodes.values() if n.label == "Agency")
    assert groups == [["市委网信办", "市网信办"], ["市审批局", "市行政审批服务管理局"], ["市财政局"]]
    # a form whose standard name is not printed keeps its own node
    assert comparison_form("市审批局", "测试市") == comparison_form("市行政审批服务管理局", "测试市")


def _alias_groups(corpus: Path) -> set[tuple[str | None, tuple[str, ...]]]:
    from kg import pipeline

    res = pipeline.run([corpus])
    return {
        (n.props.get("city"), tuple(sorted(n.props.get("aliases") or [])))
        for n in res.batch.nodes.values()
        if n.label == "Agency" and len(n.props.get("aliases") or []) > 1
    }


@pytest.mark.slow
def test_a_city_swap_resolves_the_same_aliases(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from variants import _swap, city  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    src = DATA / "shuozhou-2022-06.txt"
    lines = src.read_text(encoding="utf-8").split("\n")
    (tmp_path / "orig").mkdir()
    (tmp_path / "swap").mkdir()
    (tmp_path / "orig" / src.name).write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "swap" / src.name).write_text("\n".join(city(lines, "朔州市")[0]), encoding="utf-8")
    orig = {(_swap(c or ""), tuple(sorted(_swap(a) for a in al))) for c, al in _alias_groups(tmp_path / "orig")}
    swapped = {(c or "", al) for c, al in _alias_groups(tmp_path / "swap")}
    assert len(orig) >= 5
    assert swapped == orig
