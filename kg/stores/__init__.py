"""Graph stores: one protocol (:class:`kg.stores.base.GraphStore`), a registry
of backends by URI scheme, and :func:`open_store`."""

from kg.stores.base import DEFAULT_URI, GraphStore, LoadReport, QueryResult, open_store, register_backend

__all__ = ["DEFAULT_URI", "GraphStore", "LoadReport", "QueryResult", "open_store", "register_backend"]
