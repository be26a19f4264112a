"""The store protocol every backend implements, and the backend registry.

Backends are registered by URI scheme as ``"module:Class"`` strings and
imported only when opened (rdflib's plugin pattern), so ``kg --help`` never
loads a database driver.

Contract (checked by ``tests/test_store_contract.py`` on every backend):

* :meth:`GraphStore.load` is atomic: it either applies the whole batch or
  leaves the previous graph exactly as it was; it is idempotent (MERGE on
  ``id``), so loading the same batch twice gives the same counts.
* :meth:`GraphStore.query` runs read-only Cypher and returns plain JSON-able
  values: nodes come back as ``{"_label": ..., **props}``, relationships as
  ``{"_type": ..., **props}``, lists as lists. Internal ids never leak.
* ``read_only=True`` opens the store so that no statement can write.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kg.errors import UnknownStoreError
from kg.model import GraphBatch

DEFAULT_URI = "embedded://.kg/graph"

ProgressFn = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class LoadReport:
    nodes: int = 0
    edges: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


@runtime_checkable
class GraphStore(Protocol):
    uri: str
    dialect: str  # "ladybug" or "neo4j": selects a query variant in kg.queries
    read_only: bool

    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes from the ontology (idempotent)."""

    def load(self, batch: GraphBatch, *, replace: bool = False, progress: ProgressFn | None = None) -> LoadReport:
        """Atomically merge ``batch`` into the graph (``replace``: the graph
        becomes exactly ``batch``)."""

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run one read-only statement."""

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type (zeros omitted), sorted by name."""

    def generation(self) -> str:
        """A token that changes when the graph changes (caches key on it)."""

    def clear(self) -> None:
        """Remove every node and relationship."""

    def close(self) -> None: ...


_BACKENDS: dict[str, str] = {
    "embedded": "kg.stores.embedded:EmbeddedStore",
    "bolt": "kg.stores.neo4j:Neo4jStore",
    "bolt+s": "kg.stores.neo4j:Neo4jStore",
    "bolt+ssc": "kg.stores.neo4j:Neo4jStore",
    "neo4j": "kg.stores.neo4j:Neo4jStore",
    "neo4j+s": "kg.stores.neo4j:Neo4jStore",
    "neo4j+ssc": "kg.stores.neo4j:Neo4jStore",
}


def register_backend(scheme: str, target: str) -> None:
    """Register ``"module:Class"`` for URIs ``scheme://…``."""
    _BACKENDS[scheme] = target


def resolve_uri(uri: str | None) -> str:
    return uri or os.environ.get("KG_STORE") or DEFAULT_URI


def open_store(uri: str | None = None, *, read_only: bool = False) -> GraphStore:
    uri = resolve_uri(uri)
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    target = _BACKENDS.get(scheme)
    if target is None:
        known = ", ".join(sorted(f"{s}://" for s in _BACKENDS))
        raise UnknownStoreError(f"unknown store URI {uri!r}; use one of {known}")
    module, cls = target.split(":")
    store_cls = getattr(importlib.import_module(module), cls)
    store: GraphStore = store_cls(uri, read_only=read_only)
    return store
