"""Every Cypher statement kg runs against a store lives in this package as a
named ``.cypher`` file, parameterised (never built from user input).

``NAME.cypher`` is portable Cypher; ``NAME.neo4j.cypher`` or
``NAME.ladybug.cypher`` overrides it for one store dialect where the two
disagree (LadybugDB writes ``label(x)``, Neo4j ``type(r)`` / ``labels(n)[0]``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from kg.errors import UnknownQuestionError


@lru_cache(maxsize=256)
def load(name: str, dialect: str | None = None) -> str:
    """The text of query ``name`` for ``dialect`` (falls back to the portable one)."""
    root = resources.files(__name__)
    candidates = [f"{name}.{dialect}.cypher"] if dialect else []
    candidates.append(f"{name}.cypher")
    for fname in candidates:
        f = root.joinpath(fname)
        if f.is_file():
            return f.read_text(encoding="utf-8")
    raise UnknownQuestionError(f"no query named {name!r}")


def names() -> list[str]:
    """Every query name (without dialect suffix)."""
    out = set()
    for f in resources.files(__name__).iterdir():
        if f.name.endswith(".cypher"):
            out.add(f.name.split(".", 1)[0])
    return sorted(out)
