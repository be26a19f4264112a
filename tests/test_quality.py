"""The quality bars of the issues, as regression tests on the development sets.

* ``data/gold`` (the hand-checked facts of the three bundled gazettes, kept in the
  repository) — the bars the issues set, per gazette.
* ``tests/fixtures/heldout`` and ``heldout2`` — synthetic gazettes of other cities,
  provinces and layouts (hard-wrapped at 18–24 characters, running page headers,
  space-flattened tables), written without looking at the extractors; floors a
  little under what the code scores today.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import EvalReport, evaluate_corpus
from tests.conftest import GOLD, ROOT

HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
HELDOUT2 = ROOT / "tests" / "fixtures" / "heldout2"


@pytest.fixture(scope="module")
def dev() -> EvalReport:
    assert GOLD.is_dir(), f"the development gold ships in {GOLD}"
    return evaluate_corpus(ROOT / "data" / "gazettes", GOLD)


@pytest.fixture(scope="module")
def heldout() -> EvalReport:
    return evaluate_corpus(HELDOUT / "corpus", HELDOUT / "gold")


@pytest.fixture(scope="module")
def heldout2() -> EvalReport:
    return evaluate_corpus(HELDOUT2 / "corpus", HELDOUT2 / "gold")


def test_documents_and_citations_per_gazette(dev: EvalReport) -> None:
    for gid, s in dev.per_gazette.items():
        assert s["documents"].f1 >= 0.97, gid
        for fld in ("title", "date", "issuer"):
            assert s["documents"].extra[f"{fld}_accuracy"] >= 0.95, (gid, fld)
        assert s["citations"].f1 >= 0.95, gid


def test_repeals_exact(dev: EvalReport) -> None:
    from kg.evaluate import read_gold
    from kg.facts import extract_facts

    files = sorted((ROOT / "data" / "gazettes").glob("*.txt"))
    facts = extract_facts(files)
    for gid, per in facts.items():
        gold = {(r["from"], r["to"]) for r in read_gold(GOLD, gid)["citations"] if r["relation"] == "repeals"}
        got = {(r["from"], r["to"]) for r in per["citations"] if r["relation"] == "repeals"}
        assert got == gold, gid


def test_responsibility_bars(dev: EvalReport) -> None:
    t = dev.total
    assert t["leading_groups"].f1 >= 0.95
    assert t["mine_supervision"].extra["certain_f1"] >= 0.95
    assert t["mine_supervision"].extra["ambiguous_flagged"] == 1.0
    assert t["task_responsibilities"].recall >= 0.90
    assert t["task_responsibilities"].extra["lead_exact"] >= 0.85
    assert t["appointments"].f1 >= 0.95
    assert t["people_posts"].f1 >= 0.90


HELDOUT_FLOORS = {
    "documents": 0.97,
    "citations": 0.97,
    "leading_groups": 0.95,
    "mine_supervision": 0.93,
    "task_responsibilities": 0.95,
    "appointments": 0.95,
    "people_posts": 0.95,
}
HELDOUT2_FLOORS = {
    "documents": 0.97,
    "citations": 0.97,
    "leading_groups": 0.95,
    "mine_supervision": 0.95,
    "task_responsibilities": 0.85,
    "appointments": 0.95,
    "people_posts": 0.95,
}


@pytest.mark.parametrize("relation", sorted(HELDOUT_FLOORS))
def test_heldout_floors(heldout: EvalReport, relation: str) -> None:
    assert heldout.total[relation].f1 >= HELDOUT_FLOORS[relation], heldout.total[relation].as_dict()


@pytest.mark.parametrize("relation", sorted(HELDOUT2_FLOORS))
def test_heldout2_floors(heldout2: EvalReport, relation: str) -> None:
    assert heldout2.total[relation].f1 >= HELDOUT2_FLOORS[relation], heldout2.total[relation].as_dict()


def test_ambiguous_mine_rows_are_flagged(heldout2: EvalReport) -> None:
    assert heldout2.total["mine_supervision"].extra["ambiguous_flagged"] == 1.0


def test_heldout_fixture_is_present() -> None:
    assert sorted(p.name for p in (HELDOUT / "corpus").glob("*.txt")) == [
        "changzhi-2021-03.txt",
        "jincheng-2019-02.txt",
    ]
    assert all((HELDOUT / "gold" / Path(p).stem).is_dir() for p in ("changzhi-2021-03", "jincheng-2019-02"))


# ---------------------------------------------------------------- real documents
REAL = ROOT / "tests" / "fixtures" / "real"
# F1 of the code as it was when the real documents arrived (scored blind, before any
# change made for them): the honest estimate for unseen text. Kept here so that no
# change can ever take a relation below where it started.
REAL_BLIND = {
    "documents": 0.308,
    "citations": 0.222,
    "leading_groups": 0.105,
    "task_responsibilities": 0.087,
    "appointments": 0.000,
    "people_posts": 0.278,
}
# Regression floors a little under what the code scores on them now (22 documents:
# documents 0.909, citations 0.875, groups 0.971, tasks 0.884, appointments 0.963,
# people–posts 0.776).
REAL_FLOORS = {
    "documents": 0.88,
    "citations": 0.80,
    "leading_groups": 0.93,
    "task_responsibilities": 0.84,
    "appointments": 0.90,
    "people_posts": 0.72,
}


@pytest.fixture(scope="module")
def real() -> EvalReport:
    return evaluate_corpus(REAL / "corpus", REAL / "gold")


@pytest.mark.parametrize("relation", sorted(REAL_FLOORS))
def test_real_floors(real: EvalReport, relation: str) -> None:
    f1 = real.total[relation].f1
    assert f1 >= REAL_BLIND[relation], real.total[relation].as_dict()
    assert f1 >= REAL_FLOORS[relation], real.total[relation].as_dict()


def test_no_real_document_is_refused(real: EvalReport) -> None:
    assert real.refused == {}
    assert len(real.per_gazette) >= 12
