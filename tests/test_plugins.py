"""Plugins: the example package under tests/plugins is installed into the venv (pip, offline,
from a copy so the work tree stays clean), picked up by kg.nlp(), `kg build` and `kg facts`,
and uninstalled at the end."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg import pipeline

HERE = Path(__file__).parent
PLUGIN_SRC = HERE / "plugins" / "kg-example-contacts"
FIXTURE = HERE / "fixtures" / "plugins" / "contacts-2021-01.txt"
KG = str(Path(sys.executable).with_name("kg"))
NAME, VERSION = "kg_example_contacts", "0.2.0"


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args], check=True)


@pytest.fixture(scope="module")
def example_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    src = tmp_path_factory.mktemp("plugin") / "kg-example-contacts"
    shutil.copytree(PLUGIN_SRC, src)
    _pip("install", "--no-deps", "--no-build-isolation", "--no-index", str(src))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        _pip("uninstall", "--yes", "kg-example-contacts")
        sys.modules.pop(NAME, None)
        importlib.invalidate_caches()


def test_the_plugin_is_a_component_of_kg_nlp(example_plugin: None) -> None:
    nlp = kg.nlp()
    names = nlp.pipe_names
    assert names.index(NAME) == names.index("kg_events") + 1 and names.index(NAME) + 1 == names.index("kg_coverage")
    meta = nlp.meta["kg"]["components"][NAME]
    assert meta == {
        "stage": "extract", "extractor": NAME, "version": VERSION, "plugin": "kg-example-contacts",
        "entry_point": "kg_example_contacts:make_contacts",
    }
    doc = nlp(FIXTURE.read_text(encoding="utf-8"))
    mine = [e for e in doc._.facts.edges.values() if e.prov.extractor == NAME]
    assert sorted(e.type for e in mine) == ["HOLDS_POST", "POST_OF"]
    assert {e.prov.extractor_version for e in mine} == {VERSION}
    assert "张 三" in [s.text for s in doc.spans["person"]]


def test_a_build_in_process_picks_the_plugin_up(example_plugin: None) -> None:
    result = pipeline.run([FIXTURE])
    holds = [e for e in result.batch.edges.values() if e.type == "HOLDS_POST" and e.prov.extractor == NAME]
    assert [e.props["position"] for e in holds] == ["市应急管理局办公室主任"]


def test_kg_build_and_kg_facts_carry_the_plugin_facts(example_plugin: None, tmp_path: Path) -> None:
    store = "embedded://" + str(tmp_path / "graph")
    subprocess.run([KG, "build", str(FIXTURE), "--store", store], check=True, capture_output=True)
    out = subprocess.run(
        [KG, "query", "MATCH (p:Person)-[r:HOLDS_POST]->(x:Post) RETURN p.name, r.extractor, r.extractor_version "
         "ORDER BY p.name", "--store", store, "--format", "json"],
        check=True, capture_output=True, text=True,
    ).stdout
    rows = json.loads(out)
    assert {"p.name": "张三", "r.extractor": NAME, "r.extractor_version": VERSION} in rows
    facts = tmp_path / "facts"
    subprocess.run([KG, "facts", str(FIXTURE), "--out", str(facts)], check=True, capture_output=True)
    people = [json.loads(x) for x in (facts / "people_posts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"person": "张三", "position": "市应急管理局办公室主任", "agency": "市应急管理局办公室", "line": 14} in people


def test_plugins_false_leaves_them_out(example_plugin: None) -> None:
    nlp = kg.nlp(plugins_=False)
    assert NAME not in nlp.pipe_names
    doc = nlp(FIXTURE.read_text(encoding="utf-8"))
    assert not [e for e in doc._.facts.edges.values() if e.prov.extractor == NAME]


def test_the_readme_plugin_example_runs() -> None:
    """Docs that are tested: the README's plugin code registers a factory kg.nlp() can run."""
    from kg.language import PLUGIN_GROUP, Plugin

    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    code = readme.split("# acme_kg.py\n", 1)[1].split("```", 1)[0]
    toml = readme.split("# pyproject.toml of the plugin\n", 1)[1].split("```", 1)[0]
    assert f"[project.entry-points.{PLUGIN_GROUP}]" in toml and 'acme_hotlines = "acme_kg:make_hotlines"' in toml
    exec(compile(code, "README.md", "exec"), {})
    nlp = kg.nlp(plugins_=[Plugin("acme_hotlines", "acme_kg:make_hotlines", "acme-kg", "1.0.0")])
    assert nlp.meta["kg"]["components"]["acme_hotlines"]["version"] == "1.0.0"
    doc = nlp(FIXTURE.read_text(encoding="utf-8"))
    assert doc._.facts.edges
    example = (PLUGIN_SRC / "pyproject.toml").read_text(encoding="utf-8")
    assert f"[project.entry-points.{PLUGIN_GROUP}]" in example


def _fake_dist(root: Path, name: str, entry: str, module: str | None = None) -> None:
    """A real (if tiny) installed distribution on sys.path: dist-info with an entry point."""
    info = root / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[kg_extractors]\n{entry}\n", encoding="utf-8")
    if module:
        (root / f"{module}.py").write_text("VALUE = 1\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("entry", "module", "message"),
    [
        ("kg_no_factory = kg_no_factory_mod:VALUE", "kg_no_factory_mod", "registers no spaCy factory"),
        ("kg_missing = kg_missing_module_xyz:make", None, "cannot be imported"),
    ],
)
def test_a_broken_plugin_stops_with_kg810(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str, module: str | None, message: str
) -> None:
    from kg.errors import PluginError

    _fake_dist(tmp_path, "kg-broken", entry, module)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    with pytest.raises(PluginError, match=message) as err:
        kg.nlp()
    assert err.value.code == "KG810"
