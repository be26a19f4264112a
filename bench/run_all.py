"""`make bench`: the absolute figures and, as the last line, one JSON object with
the eight ratios of issue 12 (see bench/ratios.py; KG_BENCH_SIZE=small|tiny for
a shorter run). The older scripts beside it (bench_embedded.py,
bench_neo4j_load.py, bench_views.py, variants.py) still run on their own."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ratios import main

if __name__ == "__main__":
    sys.exit(main())
