"""Neo4j store over Bolt, through the official ``neo4j`` Python driver.

Opened from ``bolt://``, ``neo4j://`` and their ``+s`` / ``+ssc`` variants,
so the same code serves the local server of ``kg neo4j start``, a user's own
Neo4j 5 or Aura. Credentials come from ``NEO4J_USER`` (default ``neo4j``) and
``NEO4J_PASSWORD`` (default ``kgpassword``, the local server's), or from the
URI (``bolt://user:password@host:7687``); ``NEO4J_DATABASE`` picks a database
other than the server's default.

Loads are atomic: the whole batch (and, with ``replace``, the deletion of
everything not in it) is written in ONE write transaction of batched
``UNWIND $rows … MERGE`` statements, so a failed load rolls back and leaves
the previous graph as it was; there is nothing to clean up afterwards. Rows
come from :func:`kg.stores.rows.batch_to_raw` (node id = ``Node.key``, edge
id = ``Edge.key``, only ontology properties), the same rows the embedded
store writes. Queries run in read transactions: the server refuses writes; a read-only store
also runs a statement only when its EXPLAIN plan is all reads (kg.readonly: no LoadCSV, no admin
command, no procedure off the read list).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from kg.errors import (
    BadParameterError,
    KgError,
    LoadError,
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    StoreUnavailableError,
    WriteQueryRefusedError,
)
from kg.model import GraphBatch
from kg.schema import load_schema
from kg.stores.base import LoadReport, ProgressFn, QueryResult
from kg.stores.rows import RawGraph, batch_to_raw

DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kgpassword"  # the local server's (kg.neo4j_server.DEFAULT_PASSWORD)
CHUNK = 5000  # rows per UNWIND statement (all inside one transaction)
META = "KgMeta"  # kg's own bookkeeping nodes (writer lock, build stamp); not part of the graph
STAMP = f"MERGE (m:{META} {{id: 'store'}}) SET m.generation = coalesce(m.generation, 0) + 1, m.built_at = timestamp()"
INDEXED_PROPS = ("name", "doc_number")


def _q(name: str) -> str:
    """Backtick-quote a label, type or property name."""
    return "`" + name.replace("`", "``") + "`"


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """``bolt://u:p@host:7687`` -> (``bolt://host:7687``, u, p)."""
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri, None, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return clean, user, password


def schema_statements() -> dict[str, str]:
    """name -> statement: uniqueness of every label's ``id``, indexes on ``name`` /
    ``doc_number`` and on every relationship type's ``id`` (from the ontology)."""
    schema = load_schema()
    wanted: dict[str, str] = {}
    for label, ldef in schema.labels.items():
        name = f"kg_{label}_id"
        wanted[name] = f"CREATE CONSTRAINT {_q(name)} IF NOT EXISTS FOR (n:{_q(label)}) REQUIRE n.id IS UNIQUE"
        for prop in INDEXED_PROPS:
            if prop in ldef.props:
                name = f"kg_{label}_{prop}"
                wanted[name] = f"CREATE INDEX {_q(name)} IF NOT EXISTS FOR (n:{_q(label)}) ON (n.{_q(prop)})"
    for rel in schema.rels:
        name = f"kg_{rel}_id"
        wanted[name] = f"CREATE INDEX {_q(name)} IF NOT EXISTS FOR ()-[r:{_q(rel)}]-() ON (r.id)"
    return wanted


class Neo4jStore:
    dialect = "neo4j"

    def __init__(
        self,
        uri: str,
        *,
        read_only: bool = False,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        clean, uri_user, uri_password = split_credentials(uri)
        self.uri = clean  # never keeps a password
        self.read_only = read_only
        self.user = user or uri_user or os.environ.get("NEO4J_USER") or DEFAULT_USER
        self._password = password or uri_password or os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self._driver: Any = None
        self._schema_ready = False
        self._lock_depth = 0

    # -- connection ---------------------------------------------------------
    def _get_driver(self) -> Any:
        if self._driver is None:
            import neo4j

            try:
                self._driver = neo4j.GraphDatabase.driver(
                    self.uri,
                    auth=(self.user, self._password),
                    user_agent="kg",
                    connection_timeout=10.0,
                    max_transaction_retry_time=15.0,
                    # Portable queries read properties some rel types lack; the server's
                    # "property key does not exist" notices would reach users' stderr.
                    notifications_min_severity="OFF",
                )
            except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
                raise StoreUnavailableError(f"bad Neo4j URI {self.uri!r}: {exc}") from exc
            try:  # fail fast (managed transactions would retry an unreachable server)
                self._driver.verify_connectivity()
            except Exception as exc:
                self._driver.close()
                self._driver = None
                raise self._map_error(exc) from exc
        return self._driver

    def _session(self, write: bool) -> Any:
        import neo4j

        mode = neo4j.WRITE_ACCESS if write and not self.read_only else neo4j.READ_ACCESS
        return self._get_driver().session(database=self.database, default_access_mode=mode)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def server_agent(self) -> str:
        """``Neo4j/5.26.x`` of the server (checks connectivity and credentials)."""
        try:
            info = self._get_driver().get_server_info()
        except Exception as exc:
            raise self._map_error(exc) from exc
        return str(info.agent)

    def _run_write(self, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """One auto-committed write statement in its own session (thread-safe)."""
        try:
            with self._session(write=True) as session:
                return [dict(r) for r in session.run(cypher, params)]
        except Exception as exc:
            raise self._map_error(exc) from exc

    @contextlib.contextmanager
    def writer_lock(self, *, wait: float = 0.0, on_wait: ProgressFn | None = None) -> Iterator[None]:
        """Hold this store's writer lock, a lease on a ``KgMeta`` node (kg.stores.lock)."""
        self._refuse_writes("writer lock")
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        from kg.stores.lock import lease_lock

        self.ensure_schema()
        with lease_lock(self._run_write, where=self.uri, wait=wait, on_wait=on_wait):
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0

    def generation(self) -> str | None:
        """The build stamp every load bumps (on the ``KgMeta {id: "store"}`` node)."""
        try:
            with self._session(write=False) as session:
                rec = session.run(f"MATCH (m:{META} {{id: 'store'}}) RETURN m.generation AS g").single()
        except Exception as exc:
            raise self._map_error(exc) from exc
        return None if rec is None or rec["g"] is None else str(rec["g"])

    def _refuse_writes(self, what: str) -> None:
        if self.read_only:
            raise WriteQueryRefusedError(f"{self.uri} is open read-only: {what} refused")

    # -- schema -------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Uniqueness constraints on every label's ``id``, indexes on
        ``name`` / ``doc_number`` and on every relationship type's ``id``."""
        self._refuse_writes("schema change")
        if self._schema_ready:
            return
        wanted = schema_statements()
        wanted["kg_meta_id"] = f"CREATE CONSTRAINT kg_meta_id IF NOT EXISTS FOR (n:{META}) REQUIRE n.id IS UNIQUE"
        try:
            with self._session(write=True) as session:
                # SHOW INDEXES lists constraint-backing indexes under the constraint's name.
                have = {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
                missing = [stmt for name, stmt in wanted.items() if name not in have]
                for stmt in missing:
                    session.run(stmt).consume()
                if missing:
                    session.run("CALL db.awaitIndexes(300)").consume()
        except Exception as exc:
            raise self._map_error(exc) from exc
        self._schema_ready = True

    # -- writes -------------------------------------------------------------
    def load(
        self, batch: GraphBatch, *, replace: bool = False, progress: ProgressFn | None = None, wait: float = 0.0
    ) -> LoadReport:
        self._refuse_writes("load")
        with self.writer_lock(wait=wait, on_wait=progress):  # read, merge and write as the one writer
            return self._load(batch, replace=replace, progress=progress)

    def _load(self, batch: GraphBatch, *, replace: bool, progress: ProgressFn | None) -> LoadReport:
        t0 = time.perf_counter()
        raw = batch_to_raw(batch, load_schema())  # ValidationError before anything is written
        self.ensure_schema()
        total = sum(len(v) for v in raw.nodes.values()) + sum(len(v) for v in raw.edges.values())

        def work(tx: Any) -> None:
            rows_of = raw if replace else merged_with_stored(tx, raw)
            done = 0
            for phase, cypher, rows in load_statements(rows_of, replace=replace):
                if phase == "delete":  # one statement; $keep: the ids (or names) to keep
                    tx.run(cypher, keep=rows).consume()
                    continue
                for i in range(0, len(rows), CHUNK):
                    chunk = rows[i : i + CHUNK]
                    tx.run(cypher, rows=chunk).consume()
                    done += len(chunk)
                    if progress is not None:
                        progress(phase, done, total)
            tx.run(STAMP).consume()

        try:
            self._write_transaction(work)
        except KgError:
            raise
        except Exception as exc:
            mapped = self._map_error(exc)
            if isinstance(mapped, StoreUnavailableError):
                raise mapped from exc
            hint = ""
            if "MemoryPoolOutOfMemory" in (getattr(exc, "code", None) or ""):
                hint = (
                    f" (the batch, {total} rows, is written in one transaction and does not fit the server's "
                    "transaction memory: give it more heap, e.g. `kg neo4j start --heap 2g`, or raise "
                    "dbms.memory.transaction.total.max)"
                )
            raise LoadError(
                f"loading into {self.uri} failed, previous graph kept: {mapped.message}{hint}"
            ) from exc
        report = LoadReport(nodes=raw.node_count(), edges=raw.edge_count())
        report.counts = self.counts()
        report.seconds = time.perf_counter() - t0
        return report

    def _write_transaction(self, work: Callable[[Any], None], attempts: int = 3) -> None:
        """Run ``work`` in one explicit write transaction; retry transient
        failures (deadlock, leader switch) but not memory exhaustion, which
        would only fail again."""
        import neo4j.exceptions as ne

        for attempt in range(attempts):
            try:
                with self._session(write=True) as session, session.begin_transaction() as tx:
                    work(tx)
                    tx.commit()
                return
            except ne.TransientError as exc:
                if "MemoryPoolOutOfMemory" in (exc.code or "") or attempt == attempts - 1:
                    raise
            except (ne.SessionExpired, ne.ServiceUnavailable):
                if attempt == attempts - 1:
                    raise
            time.sleep(0.5 * 2**attempt)

    def clear(self, *, wait: float = 0.0) -> None:
        """Delete every node and relationship (in bounded transactions)."""
        self._refuse_writes("clear")
        with self.writer_lock(wait=wait):
            try:
                with self._session(write=True) as session:
                    while True:
                        rec = session.run(
                            f"MATCH (n) WHERE NOT n:{META} WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n"
                        ).single()
                        if not rec or not rec["n"]:
                            break
                    session.run(STAMP).consume()
            except Exception as exc:
                raise self._map_error(exc) from exc

    # -- reads --------------------------------------------------------------
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        import neo4j

        def work(tx: Any) -> QueryResult:
            if self.read_only:
                from kg.readonly import neo4j_plan_refusal, plan_statement

                why = neo4j_plan_refusal(tx.run(plan_statement(cypher), params or {}).consume().plan)
                if why:
                    raise WriteQueryRefusedError(f"refused by the read-only store: {why}")
            res = tx.run(cypher, params or {})
            cols = list(res.keys())
            rows: list[list[Any]] = []
            for rec in res:  # streamed: records are fetched as they are read, up to the limit
                if max_rows is not None and len(rows) >= max_rows:
                    return QueryResult(cols, rows, True)
                rows.append([to_plain(v) for v in rec.values()])
            return QueryResult(cols, rows)

        fn: Callable[[Any], QueryResult] = work
        if timeout is not None:
            fn = neo4j.unit_of_work(timeout=timeout)(work)
        try:
            with self._session(write=False) as session:
                result: QueryResult = session.execute_read(fn)
                return result
        except Exception as exc:
            raise self._map_error(exc) from exc

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type (count store), zeros omitted."""

        def work(tx: Any) -> dict[str, int]:
            out: dict[str, int] = {}
            labels = [r[0] for r in tx.run("CALL db.labels() YIELD label RETURN label") if r[0] != META]
            for label in labels:
                n = tx.run(f"MATCH (n:{_q(label)}) RETURN count(n)").single()[0]
                if n:
                    out[label] = n
            types = [r[0] for r in tx.run("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType")]
            for rel in types:
                n = tx.run(f"MATCH ()-[r:{_q(rel)}]->() RETURN count(r)").single()[0]
                if n:
                    out[rel] = n
            return dict(sorted(out.items()))

        try:
            with self._session(write=False) as session:
                result: dict[str, int] = session.execute_read(work)
                return result
        except Exception as exc:
            raise self._map_error(exc) from exc

    # -- errors -------------------------------------------------------------
    def _map_error(self, exc: BaseException) -> KgError:
        return map_error(exc, self.uri, self.user)


# --------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------


def load_statements(raw: RawGraph, *, replace: bool) -> Iterable[tuple[str, str, list[Any]]]:
    """(progress phase, Cypher, rows) in execution order.

    ``delete`` statements run once with ``$keep`` = rows; the others run in
    chunks of :data:`CHUNK` with ``$rows``.

    With ``replace`` the graph is first pruned to the batch (nodes and
    relationships whose id is not in it go). Properties are set exactly
    (``SET n = row``): a merge load has already merged the rows with what the
    store holds (:func:`merged_with_stored`).
    """
    if replace:
        labels = sorted(raw.nodes)
        types = sorted(raw.edges)
        yield ("delete", "MATCH ()-[r]->() WHERE NOT type(r) IN $keep DELETE r", types)
        for rel in types:
            yield ("delete", f"MATCH ()-[r:{_q(rel)}]->() WHERE NOT r.id IN $keep DELETE r", sorted(raw.edges[rel]))
        yield ("delete", "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $keep) DETACH DELETE n", [*labels, META])
        for label in labels:
            yield ("delete", f"MATCH (n:{_q(label)}) WHERE NOT n.id IN $keep DETACH DELETE n", sorted(raw.nodes[label]))
    set_op = "="
    for label in sorted(raw.nodes):
        rows = list(raw.nodes[label].values())
        yield (
            "nodes",
            f"UNWIND $rows AS row MERGE (n:{_q(label)} {{id: row.id}}) SET n {set_op} row",
            rows,
        )
    for rel in sorted(raw.edges):
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for sl, sid, dl, did, props in raw.edges[rel].values():
            groups.setdefault((sl, dl), []).append({"id": props["id"], "src": sid, "dst": did, "props": props})
        for (sl, dl), rows in sorted(groups.items()):
            yield (
                "relationships",
                f"UNWIND $rows AS row "
                f"MATCH (a:{_q(sl)} {{id: row.src}}) MATCH (b:{_q(dl)} {{id: row.dst}}) "
                # MERGE on the top-level row.id: with row.props.id the planner scans the
                # whole relationship index per row (quadratic) instead of expanding a->b.
                f"MERGE (a)-[r:{_q(rel)} {{id: row.id}}]->(b) SET r {set_op} row.props",
                rows,
            )


def merged_with_stored(tx: Any, raw: RawGraph) -> RawGraph:
    """``raw`` merged (:func:`kg.identity.merge_props`) with the stored nodes and
    relationships of the same ids, read inside the load's transaction."""
    stored = RawGraph()
    for label, nodes in raw.nodes.items():
        ids = sorted(nodes)
        for i in range(0, len(ids), CHUNK):
            res = tx.run(f"UNWIND $ids AS id MATCH (n:{_q(label)} {{id: id}}) RETURN n.id AS id, properties(n) AS p",
                         ids=ids[i : i + CHUNK])
            for rec in res:
                stored.nodes.setdefault(label, {})[rec["id"]] = dict(rec["p"])
    for rel, edges in raw.edges.items():
        ids = sorted(edges)
        for i in range(0, len(ids), CHUNK):
            res = tx.run(f"UNWIND $ids AS id MATCH ()-[r:{_q(rel)} {{id: id}}]->() RETURN r.id AS id, properties(r) AS p",
                         ids=ids[i : i + CHUNK])
            for rec in res:
                sl, sid, dl, did, _ = edges[rec["id"]]
                stored.edges.setdefault(rel, {})[rec["id"]] = (sl, sid, dl, did, dict(rec["p"]))
    stored.merge(raw)
    return stored


# --------------------------------------------------------------------------
# Values and errors
# --------------------------------------------------------------------------


def to_plain(v: Any) -> Any:
    """Driver values -> plain JSON-able values (the store protocol's shapes).

    Node -> ``{"_label": first label, **props}``, Relationship ->
    ``{"_type": type, **props}``, Path -> ``{"nodes": [...], "rels": [...]}``
    (the embedded store's shape), temporal values -> ISO strings, points ->
    ``{"srid", "x", "y"[, "z"]}``. Internal element ids never leave.
    """
    from neo4j.graph import Node, Path, Relationship

    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, Node):
        out: dict[str, Any] = {"_label": sorted(v.labels)[0] if v.labels else None}
        out.update({k: to_plain(x) for k, x in v.items()})
        return out
    if isinstance(v, Relationship):
        rel: dict[str, Any] = {"_type": v.type}
        rel.update({k: to_plain(x) for k, x in v.items()})
        return rel
    if isinstance(v, Path):
        return {"nodes": [to_plain(n) for n in v.nodes], "rels": [to_plain(r) for r in v.relationships]}
    if isinstance(v, dict):
        return {k: to_plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    iso = getattr(v, "iso_format", None)
    if callable(iso):  # neo4j.time Date, Time, DateTime, Duration
        return iso()
    isoformat = getattr(v, "isoformat", None)
    if callable(isoformat):  # datetime / date / time
        return isoformat()
    srid = getattr(v, "srid", None)
    if srid is not None:  # spatial point
        point: dict[str, Any] = {"srid": srid}
        point.update(zip(("x", "y", "z"), (float(c) for c in v), strict=False))
        return point
    if isinstance(v, bytes | bytearray):
        return v.hex()
    if isinstance(v, tuple):
        return [to_plain(x) for x in v]
    return v


def map_error(exc: BaseException, uri: str, user: str = DEFAULT_USER) -> KgError:
    """A driver exception as the matching :class:`kg.errors.KgError`."""
    if isinstance(exc, KgError):
        return exc
    import neo4j.exceptions as ne

    if isinstance(exc, ne.AuthError):
        return StoreUnavailableError(
            f"Neo4j at {uri} refused the credentials of user {user!r}: set NEO4J_USER / NEO4J_PASSWORD"
        )
    if isinstance(exc, ne.ServiceUnavailable | ne.SessionExpired | OSError):
        return StoreUnavailableError(
            f"cannot reach Neo4j at {uri} ({_message(exc)}); start the local server with `kg neo4j start` "
            "or point --store / KG_STORE at a running one"
        )
    if isinstance(exc, ne.DriverError):
        return StoreError(f"Neo4j driver error for {uri}: {_message(exc)}")
    code = getattr(exc, "code", None) or ""
    msg = _message(exc)
    if isinstance(exc, ne.Neo4jError):
        if code.endswith("Statement.AccessMode") or isinstance(exc, ne.ForbiddenOnReadOnlyDatabase):
            return WriteQueryRefusedError(f"write refused (read-only query): {msg}")
        if "TransactionTimedOut" in code or code.endswith("Transaction.Terminated"):
            return QueryTimeoutError(f"query timed out: {msg}")
        if code.endswith("Statement.SyntaxError"):
            return QuerySyntaxError(msg)
        if code.endswith("Statement.ParameterMissing"):
            return BadParameterError(msg)
        if code.startswith("Neo.ClientError.Database.DatabaseNotFound"):
            return StoreUnavailableError(f"{msg} (at {uri}; set NEO4J_DATABASE)")
        if code.startswith("Neo.ClientError.Security."):
            return StoreUnavailableError(f"Neo4j at {uri}: {msg}")
        if code.startswith("Neo.ClientError."):
            return QueryError(msg)
        return StoreError(f"Neo4j at {uri}: {code}: {msg}")
    return StoreError(f"Neo4j at {uri}: {type(exc).__name__}: {msg}")


def _message(exc: BaseException) -> str:
    msg = getattr(exc, "message", None)
    return str(msg) if msg else str(exc)
