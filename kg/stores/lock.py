"""One writer per store.

A build reads the graph, merges its batch and writes the result; two at once
would each write a graph without the other's gazette. Every writing store
operation (``load``, ``clear``) therefore holds the store's writer lock:

* **embedded** — an advisory ``flock`` on a lock file beside the database
  (``PATH.writer.lock``). The kernel drops it when the holder exits, however
  it exits, so a killed build never leaves a stale lock. The file names the
  holder (pid, host, since) for the message a waiting writer prints.
* **Neo4j** — a lease on one ``KgMeta {id: "writer-lock"}`` node (unique by
  constraint): taken only when free or expired, renewed by a heartbeat thread
  every :data:`LEASE_SECONDS` / 3, released at the end. A crashed holder's
  lease runs out after :data:`LEASE_SECONDS` (``$KG_WRITER_LEASE``, default 30).

A second writer waits up to ``wait`` seconds (``kg build --wait SECONDS``),
reporting ``("waiting for the writer lock", seconds waited, wait)`` through its
progress callback about every :data:`REPORT_EVERY` seconds, then fails with
:class:`~kg.errors.StoreLockedError` (KG304) naming the holder.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import StoreLockedError

WaitFn = Callable[[str, int, int], None]  # (phase, seconds waited, seconds allowed)

POLL_SECONDS = 0.2
REPORT_EVERY = 2.0
LEASE_SECONDS = float(os.environ.get("KG_WRITER_LEASE", "30"))  # how long a crashed writer's Neo4j lease lasts
WAIT_PHASE = "waiting for the writer lock"


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _waited(t0: float, wait: float, last: list[float], on_wait: WaitFn | None) -> bool:
    """True while the caller may keep waiting; reports progress now and then."""
    now = time.monotonic()
    if now - t0 >= wait:
        return False
    if on_wait is not None and now - last[0] >= REPORT_EVERY:
        last[0] = now
        on_wait(WAIT_PHASE, int(now - t0), int(wait))
    time.sleep(POLL_SECONDS)
    return True


def _describe(info: dict[str, Any]) -> str:
    if not info:
        return "another build"
    since = info.get("since")
    when = time.strftime("%H:%M:%S", time.localtime(since)) if isinstance(since, int | float) else "?"
    return f"another build (pid {info.get('pid', '?')} on {info.get('host', '?')}, since {when})"


@contextlib.contextmanager
def file_lock(path: Path, *, wait: float = 0.0, on_wait: WaitFn | None = None) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        t0, last = time.monotonic(), [time.monotonic()]
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not _waited(t0, wait, last, on_wait):
                    raise StoreLockedError(
                        f"{_describe(_read_info(path))} is writing this store; try again later or wait "
                        f"with --wait SECONDS (waited {wait:g} s)",
                        path=str(path.with_name(path.name.removesuffix(".writer.lock"))),
                    ) from None
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_info(path: Path) -> dict[str, Any]:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---- Neo4j: a lease on a lock node ----------------------------------------
LOCK_ID = "writer-lock"
_TAKE = (
    "MERGE (l:KgMeta {id: $id}) WITH l WHERE l.owner IS NULL OR l.expires < timestamp() "
    "SET l.owner = $me, l.expires = timestamp() + $lease, l.pid = $pid, l.host = $host, "
    "l.since = timestamp() / 1000.0 RETURN l.owner AS owner"
)
_RENEW = "MATCH (l:KgMeta {id: $id}) WHERE l.owner = $me SET l.expires = timestamp() + $lease RETURN l.owner"
_RELEASE = "MATCH (l:KgMeta {id: $id}) WHERE l.owner = $me SET l.owner = null, l.expires = null"
_HOLDER = "MATCH (l:KgMeta {id: $id}) RETURN l.pid AS pid, l.host AS host, l.since AS since"


@contextlib.contextmanager
def lease_lock(
    run_write: Callable[[str, dict[str, Any]], list[dict[str, Any]]],
    *,
    where: str,
    wait: float = 0.0,
    on_wait: WaitFn | None = None,
    lease: float = LEASE_SECONDS,
) -> Iterator[None]:
    """Hold the lease on the lock node; ``run_write(cypher, params)`` runs one
    auto-committed write statement and returns its records (thread-safe)."""
    me = holder_id()
    params = {"id": LOCK_ID, "me": me, "lease": int(lease * 1000), "pid": os.getpid(), "host": socket.gethostname()}
    t0, last = time.monotonic(), [time.monotonic()]
    while not run_write(_TAKE, params):
        if not _waited(t0, wait, last, on_wait):
            rows = run_write(_HOLDER, {"id": LOCK_ID})
            raise StoreLockedError(
                f"{_describe(rows[0] if rows else {})} is writing this store; try again later or wait "
                f"with --wait SECONDS (waited {wait:g} s)",
                path=where,
            )
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(lease / 3):
            with contextlib.suppress(Exception):
                run_write(_RENEW, params)

    beat = threading.Thread(target=heartbeat, name="kg-writer-lease", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()
        with contextlib.suppress(Exception):
            run_write(_RELEASE, params)
