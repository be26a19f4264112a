"""Floors for citations and appointments on the real fixtures (tests/fixtures/real).

Scored end to end (segmentation included), file by file. The figures were measured blind
first (see CHANGELOG.md); these floors guard the figures after the fixes against regressions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import Score, read_gold, score_relation
from kg.facts import extract_facts

REAL = Path(__file__).parent / "fixtures" / "real"
FLOORS = {"citations": 0.6, "appointments": 0.9}


@pytest.mark.slow
def test_real_fixture_floors() -> None:
    files = sorted(p for p in (REAL / "corpus").glob("*.txt") if (REAL / "gold" / p.stem).is_dir())
    if not files:
        pytest.skip("no real fixtures")
    total = {name: Score() for name in FLOORS}
    for f in files:
        facts = next(iter(extract_facts([f]).values()))
        gold = read_gold(REAL / "gold", f.stem)
        for name in FLOORS:
            total[name].add(score_relation(name, gold[name], facts[name]))
    for name, floor in FLOORS.items():
        assert total[name].f1 >= floor, (name, total[name].as_dict())
