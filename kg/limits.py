"""Every limit kg enforces, named in one place (README, "Guarantees and limits").

Each can be set through its environment variable; the CLI and service options
that exist override them.
"""

from __future__ import annotations

import os


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value > 0 else default


# -- queries on a read-only store ------------------------------------------
# Memory one query may use on the embedded store (LadybugDB buffer pool of a
# read-only open): a query needing more fails with KG510 instead of growing
# the process (`MATCH (a),(b),(c) RETURN a,b,c` stops at ~350 MB with 256).
QUERY_MEMORY_MB = _env_number("KG_QUERY_MEMORY_MB", 512)

# -- the HTTP service ----------------------------------------------------------
MAX_BODY_BYTES = int(_env_number("KG_MAX_BODY_BYTES", 1_000_000))  # a request body (KG511, 413)
MAX_CYPHER_CHARS = int(_env_number("KG_MAX_CYPHER_CHARS", 20_000))  # one statement (KG511)
MAX_PARAMS_BYTES = int(_env_number("KG_MAX_PARAMS_BYTES", 100_000))  # its parameters as JSON (KG511)
MAX_CONCURRENT_REQUESTS = int(_env_number("KG_MAX_CONCURRENT", 16))  # in flight at once (KG512, 429)

# -- inputs -----------------------------------------------------------------
MAX_INPUT_MB = _env_number("KG_MAX_INPUT_MB", 64)  # one input file (KG514)
