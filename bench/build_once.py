"""One measured `kg build` in a fresh process (used by bench/ratios.py).

    python bench/build_once.py STORE_URI PATH...

Prints one JSON object: seconds of ``pipeline.build`` (imports excluded),
characters read, and the process's peak RSS in MB (``ru_maxrss``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    uri, paths = argv[0], argv[1:]
    import kg.extractors  # noqa: F401  imports are not the build

    from kg import pipeline
    from kg.ingest import iter_input_files
    from kg.stores import open_store

    st = open_store(uri)  # the store's driver imported and its schema made, untimed
    st.close()
    files = iter_input_files(paths)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    _, counts = pipeline.build(paths, uri, replace=True)
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "chars": chars, "files": len(files), "rss_mb": rss,
                      "rss_before_mb": rss_before, "items": sum(counts.values())}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
