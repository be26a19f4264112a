"""kg's spaCy pipeline: what it costs, and what the lexicons resolve.

* CPU seconds of ``pipeline.run`` over the dev corpus (what ``kg build`` runs before the store),
  of building the pipeline (``import spacy`` + ``kg.nlp``), and of ``kg.nlp()(text)`` per gazette
  (tokenisation and spans included, which a build skips);
* agency alias groups (one unit, several printed forms) on the dev set and on its city-swap
  variant (bench/variants.py ``city``): the same groups must come back, names swapped.

Usage: python bench/bench_nlp.py [--corpus data/gazettes]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def alias_groups(corpus: Path, batch: object | None = None) -> set[tuple[str, tuple[str, ...]]]:
    from kg import pipeline

    res = batch if batch is not None else pipeline.run([corpus]).batch
    return {
        (str(n.props.get("city")), tuple(sorted(n.props.get("aliases") or [])))
        for n in res.nodes.values()  # type: ignore[attr-defined]
        if n.label == "Agency" and len(n.props.get("aliases") or []) > 1
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT / "data" / "gazettes"))
    args = ap.parse_args()
    corpus = Path(args.corpus)

    t = time.process_time()
    import kg
    from kg.language import _build_nlp, _installed

    _build_nlp(None, _installed())
    setup = time.process_time() - t
    from kg import pipeline

    t = time.process_time()
    result = pipeline.run([corpus])
    run = time.process_time() - t
    print(f"pipeline setup (import spacy, kg.nlp): {setup:.2f} s CPU")
    print(f"pipeline.run over {corpus} ({len(result.gazettes)} gazettes): {run:.2f} s CPU")
    nlp = kg.nlp()
    for f in sorted(corpus.glob("*.txt"))[:1]:
        text = f.read_text(encoding="utf-8")
        t = time.process_time()
        doc = nlp(text)
        print(f"kg.nlp()(text) on {f.name} ({len(text)} chars, {len(doc)} tokens, spans included): "
              f"{time.process_time() - t:.2f} s CPU")

    from variants import _swap, city

    orig = alias_groups(corpus, result.batch)
    with tempfile.TemporaryDirectory() as tmp:
        for f in sorted(corpus.glob("*.txt")):
            lines = f.read_text(encoding="utf-8").split("\n")
            (Path(tmp) / f.name).write_text("\n".join(city(lines, "")[0]), encoding="utf-8")
        swapped = alias_groups(Path(tmp))
    want = {(_swap(c), tuple(sorted(_swap(a) for a in al))) for c, al in orig}
    print(f"agency alias groups: original {len(orig)}, city swap {len(swapped)}, "
          f"same after the swap {len(want & swapped)}, missing {len(want - swapped)}, extra {len(swapped - want)}")


if __name__ == "__main__":
    main()
