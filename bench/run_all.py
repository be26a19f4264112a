"""`make bench`: run every benchmark script in this folder, one after another."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS = ["bench_embedded.py", "bench_neo4j_load.py", "bench_views.py", "variants.py"]

if __name__ == "__main__":
    status = 0
    for name in SCRIPTS:
        path = HERE / name
        if not path.exists():
            continue
        print(f"\n=== {name}", flush=True)
        status |= subprocess.call([sys.executable, str(path)])
    sys.exit(status)
