"""Generalisation check: score the dev set on layout variants of the corpus.

Each variant rewrites every corpus file (and maps the gold's line numbers and
names the same way), then runs the normal pipeline and scorer:

* ``wrap20``   — every line hard-wrapped at 20 characters (blank line kept between paragraphs)
* ``headers``  — a running page header and a page number every 45 lines, page seams mid-paragraph
* ``brackets`` — 文号 brackets 〔〕 printed as [] and as （）
* ``city``     — the city's name swapped for an invented one (朔州→云州, 阳泉→石泉)
* ``wrap+headers`` — both wrap20 and headers

Usage: python bench/variants.py [--gold ../shared/gold] [--corpus ../shared/corpus] [--only wrap20,city]
Prints F1 per relation for the original and each variant.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Transform = Callable[[list[str], str], tuple[list[str], dict[int, int]]]


def wrap20(lines: list[str], _city: str) -> tuple[list[str], dict[int, int]]:
    out: list[str] = []
    mapping: dict[int, int] = {}
    for i, line in enumerate(lines, 1):
        mapping[i] = len(out) + 1
        if "\t" in line or len(line) <= 20:
            out.append(line)
            continue
        for k in range(0, len(line), 20):
            out.append(line[k : k + 20])
    return out, mapping


def headers(lines: list[str], city: str) -> tuple[list[str], dict[int, int]]:
    out: list[str] = []
    mapping: dict[int, int] = {}
    page = 1
    for i, line in enumerate(lines, 1):
        if i > 60 and i % 45 == 0:
            out.extend(["", f"— {page} —", "", f"{city}人民政府公报", ""])
            page += 1
        mapping[i] = len(out) + 1
        out.append(line)
    return out, mapping


def brackets(lines: list[str], _city: str) -> tuple[list[str], dict[int, int]]:
    out = []
    for i, line in enumerate(lines):
        if i % 2:
            out.append(line.replace("〔", "[").replace("〕", "]"))
        else:
            out.append(line.replace("〔", "（").replace("〕", "）"))
    return out, {i: i for i in range(1, len(lines) + 1)}


CITY_SWAP = {"朔州": "云州", "阳泉": "石泉", "朔": "云", "阳": "石"}


def _swap(s: str) -> str:
    for a in ("朔州", "阳泉"):
        s = s.replace(a, CITY_SWAP[a])
    s = re.sub(r"朔(政|办)", r"云\1", s)
    s = re.sub(r"阳(政|医)", r"石\1", s)
    return s


def city(lines: list[str], _city: str) -> tuple[list[str], dict[int, int]]:
    return [_swap(x) for x in lines], {i: i for i in range(1, len(lines) + 1)}


def wrap_headers(lines: list[str], cityname: str) -> tuple[list[str], dict[int, int]]:
    a, m1 = wrap20(lines, cityname)
    b, m2 = headers(a, cityname)
    return b, {k: m2[v] for k, v in m1.items()}


VARIANTS: dict[str, Transform] = {
    "wrap20": wrap20,
    "headers": headers,
    "brackets": brackets,
    "city": city,
    "wrap+headers": wrap_headers,
}


def _map_gold(rec: dict, mapping: dict[int, int], swap: bool) -> dict:
    out = dict(rec)
    if isinstance(out.get("line"), int):
        out["line"] = mapping.get(out["line"], out["line"])
    if swap:
        out = {k: (_swap(v) if isinstance(v, str) else [_swap(x) for x in v] if isinstance(v, list) else v)
               for k, v in out.items()}
    return out


def make_variant(name: str, corpus: Path, gold: Path, dest: Path) -> None:
    fn = VARIANTS[name]
    (dest / "corpus").mkdir(parents=True)
    for f in sorted(corpus.glob("*.txt")):
        lines = f.read_text(encoding="utf-8").split("\n")
        cityname = "朔州市" if "朔州" in lines[4] or "朔州" in "".join(lines[:10]) else "阳泉市"
        new, mapping = fn(lines, cityname)
        (dest / "corpus" / f.name).write_text("\n".join(new), encoding="utf-8")
        gdir = dest / "gold" / f.stem
        gdir.mkdir(parents=True)
        for g in (gold / f.stem).glob("*.jsonl"):
            recs = [json.loads(x) for x in g.read_text(encoding="utf-8").splitlines() if x.strip()]
            with (gdir / g.name).open("w", encoding="utf-8") as fh:
                for r in recs:
                    fh.write(json.dumps(_map_gold(r, mapping, name == "city"), ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--only", default="")
    ap.add_argument("--set", dest="which", default="", help="score a fixture set instead: heldout or heldout2")
    args = ap.parse_args()
    from kg.evaluate import evaluate_corpus
    from kg.facts import FACT_FILES

    if args.which:
        base_dir = ROOT / "tests" / "fixtures" / args.which
        args.corpus, args.gold = str(base_dir / "corpus"), str(base_dir / "gold")
    names = [n for n in (args.only.split(",") if args.only else VARIANTS) if n]
    results: dict[str, dict[str, float]] = {}
    base = evaluate_corpus(Path(args.corpus), Path(args.gold))
    results["original"] = {r: base.total[r].f1 for r in FACT_FILES}
    for n in names:
        with tempfile.TemporaryDirectory() as tmp:
            make_variant(n, Path(args.corpus), Path(args.gold), Path(tmp))
            rep = evaluate_corpus(Path(tmp) / "corpus", Path(tmp) / "gold")
            results[n] = {r: rep.total[r].f1 for r in FACT_FILES}
    cols = list(results)
    w = {c: max(10, len(c) + 2) for c in cols}
    print("relation".ljust(24) + "".join(c.rjust(w[c]) for c in cols))
    for r in FACT_FILES:
        print(r.ljust(24) + "".join(f"{results[c][r]:{w[c]}.3f}" for c in cols))


if __name__ == "__main__":
    main()
