"""The HTTP service: read-only Cypher, named questions and embeddable views.

``create_app`` is an app factory (tests pass a temporary store)::

    POST /api/query            {"cypher": ..., "params": {...}} -> {"columns", "rows", "truncated"}
    GET  /api/questions        names of the named questions
    GET  /api/questions/{name}?arg=...      the answer as JSON
    GET  /api/search?q=...     nodes whose name or 文号 contains q, with the view to open
    GET  /api/audit?on=&city=  audit findings with evidence (kg.audit)
    GET  /api/diff?a=&b=       what document b changes against a (two 文号); /view/diff draws it
    GET  /embed/{question}?arg=...&token=... a view for an <iframe> (no page chrome)
    GET  /view/{question}?arg=...           the same view as a full page
    GET  /explain/{fact id | name}          the source passage of a fact, its spans marked (kg.explain)
    GET  /                     a small search page
    GET  /docs                 OpenAPI (FastAPI's Swagger UI, from its CDN)

Read-only twice: the store is opened with ``read_only=True`` and every
statement is checked by :mod:`kg.readonly` first (refused: 403, ``KG401``).
Errors are ``{"code": "KG…", "message": ...}`` with the error's http_status.
Auth: with a token (``token=`` or ``KG_API_TOKEN``) every route but
``/api/health`` wants ``Authorization: Bearer TOKEN``; only the HTML routes
(``/embed``, ``/view``, ``/``) also take ``?token=`` so an ``<iframe src>`` can
carry it, and ``kg serve`` scrubs it from the access log. Without a token the
service answers only requests for local host names (DNS rebinding). Limits
(:mod:`kg.limits`): body size, statement and parameter size, requests in
flight (429), rows streamed up to the row limit. View pages are
self-contained and sent with a Content-Security-Policy that forbids any
request (``default-src 'none'``) and allows framing only from the configured
origins (``frame-ancestors``; ``X-Frame-Options: SAMEORIGIN`` when none).
"""

from __future__ import annotations

import hmac
import html
import inspect
import os
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Body, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from kg.errors import (
    AuthError,
    BadParameterError,
    KgError,
    ServiceError,
    UnknownQuestionError,
)
from kg.readonly import check_read_only
from kg.stores.base import GraphStore, QueryResult

# which named question opens the view of a node of a label, and its argument
LABEL_QUESTION: dict[str, tuple[str, str, str]] = {
    # label: (question, argument name, node property)
    "Agency": ("duties", "name", "name"),
    "Person": ("person", "name", "name"),
    "CoalMine": ("chain", "mine", "name"),
    "Document": ("lineage", "doc_number", "doc_number"),
    "Task": ("who", "text", "name"),
    "Group": ("duties", "name", "name"),
    "Post": ("duties", "name", "name"),
}

# Rendered view pages kept per (store generation, question, arguments, embed); the
# generation of a store that cannot tell it cheaply (Neo4j: a count query) is re-read
# at most this often, so a new build shows within that many seconds.
PAGE_CACHE_SIZE = 256
GENERATION_TTL_S = 2.0

SEARCH_CYPHER = (
    "MATCH (n) WHERE n.name CONTAINS $q OR n.doc_number CONTAINS $q "
    "RETURN n ORDER BY size(n.name) LIMIT $limit"
)


class QueryBody(BaseModel):
    cypher: str = Field(
        ..., description="One read-only Cypher statement.", examples=["MATCH (n:Agency) RETURN n LIMIT 5"]
    )
    params: dict[str, Any] = Field(default_factory=dict, description="Query parameters ($name).")


class StoreHolder:
    """Opens the store read-only on first use; one query at a time (the
    embedded store shares one connection).

    Sees rebuilds without a restart: before each request it compares the
    store's :meth:`~kg.stores.base.GraphStore.generation` with the one it
    opened (an embedded load swaps a new file in, which an open read-only
    database would never see) and, when it changed, opens the new graph
    first and only then closes the old one, between two requests (they are
    serialised), so no request fails during the swap. A new graph that cannot
    be opened yet leaves the old one serving. Neo4j serves each committed
    load at once; its build stamp is only reported (``/api/health``).
    """

    def __init__(self, uri: str | None, store: GraphStore | None = None) -> None:
        self.uri = uri
        self._store = store
        self._owned = store is None
        self._lock = threading.Lock()
        self._generation: str | None = None
        self.swaps = 0
        self._checked = 0.0

    def _current(self) -> GraphStore:
        """The store to use now (call with the lock held)."""
        if self._store is None:
            from kg.stores import open_store

            store = open_store(self.uri, read_only=True)
            self._generation = _generation(store)
            self._store = store
            return store
        if self._owned and self._store.dialect == "ladybug":
            gen = _generation(self._store)
            if gen is not None and gen != self._generation:
                self._swap(gen)
        return self._store

    def _swap(self, gen: str) -> None:
        from kg.stores import open_store

        assert self._store is not None
        new = open_store(self.uri, read_only=True)
        try:
            new.query("RETURN 1")  # opened and readable, before the old one goes
        except KgError:
            new.close()
            return
        old, self._store, self._generation = self._store, new, gen
        old.close()
        self.swaps += 1

    def get(self) -> GraphStore:
        with self._lock:
            return self._current()

    def generation(self) -> str | None:
        """The generation of the store being served (an embedded rebuild is swapped in
        first, see :meth:`_current`); a store that cannot tell it cheaply (Neo4j: a
        query) is asked at most every GENERATION_TTL_S seconds."""
        import time

        with self._lock:
            store = self._current()
            if store.dialect == "ladybug":
                return self._generation
            now = time.monotonic()
            if self._generation is None or now - self._checked > GENERATION_TTL_S:
                self._generation = _generation(store)
                self._checked = now
            return self._generation

    def query(
        self, cypher: str, params: dict[str, Any] | None, timeout: float | None, max_rows: int | None = None
    ) -> QueryResult:
        with self._lock:
            return self._current().query(cypher, params or {}, timeout=timeout, max_rows=max_rows)

    def run_locked(self, fn: Callable[[GraphStore], Any]) -> Any:
        with self._lock:
            return fn(self._current())

    def close(self) -> None:
        if self._store is not None and self._owned:
            self._store.close()
            self._store = None


def _generation(store: GraphStore) -> str | None:
    fn = getattr(store, "generation", None)
    try:
        return fn() if callable(fn) else None
    except KgError:
        return None


def check_request_size(cypher: str, params: dict[str, Any]) -> None:
    """KG511 for a statement or parameters over the limits, KG516 for text that
    cannot be passed on (lone surrogates from a ``\\ud800`` escape)."""
    import json

    from kg.errors import BadRequestBodyError, RequestTooLargeError
    from kg.limits import MAX_CYPHER_CHARS, MAX_PARAMS_BYTES

    if len(cypher) > MAX_CYPHER_CHARS:
        raise RequestTooLargeError(f"the statement has {len(cypher)} characters; at most {MAX_CYPHER_CHARS}")
    try:
        size = len(json.dumps(params, ensure_ascii=False).encode("utf-8"))
        cypher.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRequestBodyError(f"lone surrogate (\\u{ord(exc.object[exc.start]):04x}) in the request") from exc
    except (TypeError, ValueError) as exc:
        raise BadRequestBodyError(f"parameters are not plain JSON values: {exc}") from exc
    if size > MAX_PARAMS_BYTES:
        raise RequestTooLargeError(f"the parameters take {size} bytes as JSON; at most {MAX_PARAMS_BYTES}")


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


class GuardMiddleware:
    """Before any route runs: at most ``max_concurrent`` requests in flight (429
    KG512 past it, with Retry-After), bodies at most ``max_body`` bytes (413
    KG511, counted as they arrive, also without Content-Length), and, for a
    token-less service, only the local host names in ``Host`` (421 KG513: a page
    on another site cannot reach it by DNS rebinding)."""

    def __init__(self, app: Any, *, max_concurrent: int, max_body: int, allowed_hosts: frozenset[str] | None) -> None:
        self.app = app
        self.max_concurrent = max_concurrent
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts
        self.in_flight = 0
        self._count_lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from kg.errors import HostNotAllowedError, RequestTooLargeError, ServiceBusyError

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None:
            host = headers.get("host", "")
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.lower() not in self.allowed_hosts:
                await _send_error(send, HostNotAllowedError(
                    f"Host {host!r} is not served: without an API token kg answers only "
                    f"{', '.join(sorted(self.allowed_hosts))}"))
                return
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _send_error(send, RequestTooLargeError(f"request body over {self.max_body} bytes"))
            return
        with self._count_lock:
            if self.in_flight >= self.max_concurrent:
                busy = True
            else:
                busy = False
                self.in_flight += 1
        if busy:
            await _send_error(send, ServiceBusyError(
                f"{self.max_concurrent} requests are in flight already; retry shortly"), retry_after=1)
            return
        seen = 0
        started = False

        async def limited_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message.get("type") == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _send_error(send, RequestTooLargeError(f"request body over {self.max_body} bytes"))
        finally:
            with self._count_lock:
                self.in_flight -= 1


class _BodyTooLarge(Exception):
    pass


async def _send_error(send: Any, exc: KgError, retry_after: int | None = None) -> None:
    import json

    body = json.dumps({"code": exc.code, "message": exc.message}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": exc.http_status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _questions() -> dict[str, Callable[..., Any]]:
    try:
        from kg import questions
    except ImportError:
        return {}
    table = getattr(questions, "QUESTIONS", None)
    out = dict(table) if isinstance(table, dict) else {}
    from kg.audit import SERVICE_QUESTIONS

    out.update(SERVICE_QUESTIONS)  # audit, diff (two 文号): answered and drawn like the others
    return out


def _error(exc: KgError) -> JSONResponse:
    return JSONResponse(status_code=exc.http_status, content={"code": exc.code, "message": exc.message})


def frame_headers(allowed_origins: list[str]) -> dict[str, str]:
    """Headers for view pages: no requests at all, framing only from the origins."""
    ancestors = " ".join(allowed_origins) if allowed_origins else "'self'"
    csp = (
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
        f"img-src data:; font-src data:; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if not allowed_origins:
        headers["X-Frame-Options"] = "SAMEORIGIN"
    return headers


def create_app(
    store_uri: str | None = None,
    *,
    token: str | None = None,
    allowed_origins: list[str] | None = None,
    row_limit: int = 1000,
    timeout: float = 10.0,
    store: GraphStore | None = None,
    allowed_hosts: list[str] | None = None,
    max_concurrent: int | None = None,
) -> FastAPI:
    """The service app. ``token=None`` reads ``KG_API_TOKEN``; ``""`` means no
    auth. ``store`` injects an open store (tests); otherwise ``store_uri`` is
    opened read-only on first use."""
    if token is None:
        token = os.environ.get("KG_API_TOKEN") or ""
    origins = list(allowed_origins or [])
    holder = StoreHolder(store_uri, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="kg",
        version=_version(),
        description="Read-only access to the knowledge graph of municipal gazettes (who is responsible for what).",
        lifespan=lifespan,
    )
    app.state.holder = holder
    app.state.row_limit = row_limit
    app.state.timeout = timeout
    from kg.limits import MAX_BODY_BYTES, MAX_CONCURRENT_REQUESTS

    hosts: frozenset[str] | None = None
    if not token:  # token-less: local names only (plus any the caller binds to on purpose)
        hosts = frozenset({*LOCAL_HOSTS, *(h.lower() for h in (allowed_hosts or []))})
    app.add_middleware(
        GuardMiddleware,
        max_concurrent=max_concurrent or MAX_CONCURRENT_REQUESTS,
        max_body=MAX_BODY_BYTES,
        allowed_hosts=hosts,
    )
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    @app.exception_handler(KgError)
    async def _kg_error(_: Request, exc: KgError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        from kg.errors import BadRequestBodyError

        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            where = next((e.get("ctx", {}).get("error") for e in errors if e.get("type") == "json_invalid"), None)
            return _error(BadRequestBodyError(f"the request body is not valid JSON{f': {where}' if where else ''}"))
        msg = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors)
        return _error(BadParameterError(msg or "bad request"))

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # every error body carries a code: unknown routes, wrong methods … (KG500 + the HTTP status)
        err = ServiceError(str(exc.detail))
        return JSONResponse(status_code=exc.status_code, content={"code": err.code, "message": err.message},
                            headers=getattr(exc, "headers", None))

    def _check(supplied: str | None) -> None:
        if token and not (supplied and hmac.compare_digest(supplied.encode(), token.encode())):
            raise AuthError("missing or wrong API token (Authorization: Bearer …)")

    def bearer(request: Request) -> str | None:
        auth = request.headers.get("authorization") or ""
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None

    def api_auth(request: Request) -> None:
        _check(bearer(request))

    def page_auth(request: Request) -> None:
        _check(bearer(request) or request.query_params.get("token"))

    def question_args(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.query_params.items() if k != "token"}

    def answer(name: str, args: dict[str, Any]) -> Any:
        table = _questions()
        fn = table.get(name)
        if fn is None:
            known = ", ".join(sorted(table)) or "none (kg.questions is not available)"
            raise UnknownQuestionError(f"no question named {name!r}; known: {known}")
        try:
            inspect.signature(fn).bind(None, **args)
        except TypeError as exc:
            params = [p for p in inspect.signature(fn).parameters if p != "store"]
            raise BadParameterError(f"{name} takes {', '.join(params)}: {exc}") from exc
        # call the function itself: kg.questions.run(name, store, **kw) cannot take an argument called "name"
        return holder.run_locked(lambda st: fn(st, **args))

    # ---------------------------------------------------------------- API
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        try:
            gen = holder.generation()
        except KgError:
            gen = None
        return {"ok": True, "read_only": True, "auth": bool(token), "generation": gen}

    @app.post("/api/query", tags=["query"], dependencies=[Depends(api_auth)])
    def query(body: QueryBody = Body(...)) -> dict[str, Any]:  # noqa: B008
        """Run one read-only Cypher statement; at most ``row_limit`` rows come back."""
        check_request_size(body.cypher, body.params)
        check_read_only(body.cypher)
        res = holder.query(body.cypher, body.params, timeout, max_rows=row_limit)
        return {
            "columns": res.columns,
            "rows": res.rows,
            "row_count": len(res.rows),
            "truncated": res.truncated,
        }

    @app.get("/api/questions", tags=["questions"], dependencies=[Depends(api_auth)])
    def list_questions() -> dict[str, Any]:
        out = []
        for name, fn in sorted(_questions().items()):
            params = [p for p in list(inspect.signature(fn).parameters)[1:]]
            out.append({"name": name, "params": params, "doc": (inspect.getdoc(fn) or "").split("\n")[0]})
        return {"questions": out}

    @app.get("/api/questions/{name}", tags=["questions"], dependencies=[Depends(api_auth)])
    def get_question(name: str, request: Request) -> dict[str, Any]:
        """Answer a named question; its arguments are query parameters."""
        ans = answer(name, question_args(request))
        data: dict[str, Any] = ans.as_dict() if hasattr(ans, "as_dict") else {"rows": list(ans)}
        rows = data.get("rows") or []
        data["truncated"] = len(rows) > row_limit
        data["rows"] = rows[:row_limit]
        return data

    @app.get("/api/audit", tags=["audit"], dependencies=[Depends(api_auth)])
    def get_audit(on: str | None = None, city: str | None = None) -> dict[str, Any]:
        """Audit findings with their evidence (kg audit; the packaged rules)."""
        from kg.audit import audit

        report = holder.run_locked(lambda st: audit(st, on=on, city=city))
        data: dict[str, Any] = report.answer().as_dict()
        data["counts"] = report.counts()
        data["truncated"] = len(data["rows"]) > row_limit
        data["rows"] = data["rows"][:row_limit]
        return data

    @app.get("/api/diff", tags=["audit"], dependencies=[Depends(api_auth)])
    def get_diff(a: str, b: str) -> dict[str, Any]:
        """What document ``b`` (a 文号) changes against ``a``: mines, leaders, tasks. Drawn at /view/diff."""
        from kg.audit import diff

        data: dict[str, Any] = holder.run_locked(lambda st: diff(st, a, b)).as_dict()
        data["truncated"] = len(data["rows"]) > row_limit
        data["rows"] = data["rows"][:row_limit]
        return data

    @app.get("/api/search", tags=["questions"], dependencies=[Depends(api_auth)])
    def search(q: str, limit: int = 20) -> dict[str, Any]:
        """Agencies, people, mines, documents … whose name or 文号 contains ``q``."""
        q = "".join(q.split())
        if not q:
            raise BadParameterError("q must not be empty")
        res = holder.query(SEARCH_CYPHER, {"q": q, "limit": max(1, min(limit, 100))}, timeout)
        hits = []
        for row in res.rows:
            node = row[0] if row else None
            if not isinstance(node, dict):
                continue
            label = str(node.get("_label", ""))
            spec = LABEL_QUESTION.get(label)
            hit: dict[str, Any] = {
                "label": label,
                "name": node.get("name"),
                "doc_number": node.get("doc_number"),
            }
            if spec is not None and node.get(spec[2]):
                question, arg, prop = spec
                hit["question"] = question
                hit["args"] = {arg: node[prop]}
                hit["view"] = f"/view/{question}?" + urllib.parse.urlencode({arg: node[prop]})
            hits.append(hit)
        return {"q": q, "hits": hits}

    # ---------------------------------------------------------------- pages
    from kg.visualisations.render import vis_network_name

    vis_path = "/static/" + vis_network_name()
    pages: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
    pages_lock = threading.Lock()
    page_headers = frame_headers(origins)

    def view_page(name: str, request: Request, embed: bool) -> Response:
        args = question_args(request)
        key = (holder.generation(), name, tuple(sorted(args.items())), embed)
        with pages_lock:
            cached = pages.get(key)
            if cached is not None:
                pages.move_to_end(key)
        if cached is None:
            from kg.visualisations import render_html, view_from_answer

            ans = answer(name, args)
            rows = list(getattr(ans, "rows", []) or [])
            if len(rows) > row_limit and hasattr(ans, "rows"):
                ans.rows = rows[:row_limit]
            page = render_html(view_from_answer(ans, args), embed=embed, vis_src=vis_path)
            cached = page.encode("utf-8")
            with pages_lock:
                pages[key] = cached
                while len(pages) > PAGE_CACHE_SIZE:
                    pages.popitem(last=False)
        return Response(cached, media_type="text/html; charset=utf-8", headers=page_headers)

    @app.get(vis_path, include_in_schema=False)
    def vis_network() -> Response:
        """vis-network, once per browser: immutable (its name carries its hash), no token needed."""
        from kg.visualisations.render import vis_network_bytes

        return Response(vis_network_bytes(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=31536000, immutable",
                                 "X-Content-Type-Options": "nosniff"})

    @app.get(
        "/embed/{question}", response_class=HTMLResponse, tags=["views"], dependencies=[Depends(page_auth)]
    )
    def embed(question: str, request: Request) -> Response:
        """A self-contained view of a named question for an ``<iframe>``."""
        return view_page(question, request, embed=True)

    @app.get(
        "/view/{question}", response_class=HTMLResponse, tags=["views"], dependencies=[Depends(page_auth)]
    )
    def view(question: str, request: Request) -> Response:
        return view_page(question, request, embed=False)

    @app.get(
        "/explain/{target}", response_class=HTMLResponse, tags=["views"], dependencies=[Depends(page_auth)]
    )
    def explain_page(target: str) -> HTMLResponse:
        """A fact's source passage (``target`` = fact id) or those of a node's facts (a name or 文号),
        the spans marked with displaCy, as ``kg explain --out`` writes it."""
        from kg.explain import explain, render_html

        found = holder.run_locked(lambda st: explain(st, target))
        return HTMLResponse(render_html(found, title=f"kg explain {target}"), headers=frame_headers(origins))

    @app.get("/", response_class=HTMLResponse, tags=["views"], dependencies=[Depends(page_auth)])
    def index() -> HTMLResponse:
        headers = frame_headers(origins)
        headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
            "default-src 'none';", "default-src 'none'; connect-src 'self';"
        )
        return HTMLResponse(
            _INDEX_HTML.replace("@@QUESTIONS@@", html.escape(", ".join(sorted(_questions())))),
            headers=headers,
        )

    return app


def _version() -> str:
    from kg import __version__

    return __version__


_INDEX_HTML = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>kg 查询</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 body { font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 2em auto; max-width: 46em; color: #222; }
 input { font-size: 1.1em; padding: .3em .5em; width: 70%; }
 li { margin: .3em 0; } .label { color: #666; font-size: .9em; } .err { color: #b00; }
</style></head>
<body>
<h1>kg — 公报知识图谱</h1>
<p>查找单位、人员、煤矿或文号 · Search an agency, person, mine or 文号:</p>
<form id="f"><input id="q" name="q" autofocus placeholder="市应急管理局 / 李四 / 煤矿 / 〔2020〕1号"> <button>查找</button></form>
<ul id="hits"></ul>
<p class="label">Questions: @@QUESTIONS@@ · <a href="/docs">API</a></p>
<script>
(function () {
  var token = new URLSearchParams(location.search).get("token") || "";
  function esc(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  document.getElementById("f").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("q").value.trim(), ul = document.getElementById("hits");
    if (!q) { return; }
    var headers = token ? { "Authorization": "Bearer " + token } : {};
    fetch("/api/search?q=" + encodeURIComponent(q), { headers: headers }).then(function (r) { return r.json(); }).then(function (data) {
      if (!data.hits) { ul.innerHTML = '<li class="err">' + esc(data.code) + " " + esc(data.message) + "</li>"; return; }
      if (!data.hits.length) { ul.innerHTML = "<li>没有结果 no match</li>"; return; }
      ul.innerHTML = data.hits.map(function (h) {
        var text = esc(h.name || h.doc_number) + ' <span class="label">' + esc(h.label) + (h.doc_number && h.name ? " · " + esc(h.doc_number) : "") + "</span>";
        if (!h.view) { return "<li>" + text + "</li>"; }
        var href = h.view + (token ? "&token=" + encodeURIComponent(token) : "");
        return '<li><a href="' + esc(href) + '">' + text + "</a></li>";
      }).join("");
    }).catch(function (e) { ul.innerHTML = '<li class="err">' + esc(e) + "</li>"; });
  });
})();
</script>
</body></html>
"""
