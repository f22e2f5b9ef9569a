"""The web shell: a FastAPI app serving each page as HTML and as its JSON twin.

``create_app(settings_or_factory)`` returns the ASGI app; ``geostance serve`` runs it with
uvicorn. This is the only module that imports the web framework. Page dicts come from
``geostance.web.views`` (framework-free); this module routes, negotiates (``.json`` suffix or
``Accept: application/json`` gives the dict, anything else the page), guards and renders.

Security model, in one place:

* every response carries a strict Content-Security-Policy (``default-src 'self'``, no
  inline script, no inline style), ``X-Content-Type-Options`` and ``Referrer-Policy``;
* templates autoescape, so stored document text is shown as text, never run;
* ids in paths must match a strict pattern or the route answers 404;
* request bodies larger than ``settings.max_upload_bytes`` get 413 before they are read whole;
* writing (``POST /api/ingest``) is off unless ``settings.write_token`` is set, and then needs
  ``Authorization: Bearer <token>``; URL ingest takes only http(s) and the sources stage
  refuses private and loopback addresses unless ``settings.allow_private``.

DuckDB connections are not safe to share between threads, so requests share one reading
facade whose store is a connection each database thread borrows from a small pool. The app
reads a store it opened itself read-only and only while requests run, so the CLI and ``watch``
can read and write the same file meanwhile (``FacadePool``, ``docs/schema.md``).

Under load: rendered pages are cached per URL and store version, built once however many
requests ask at the same moment, and served as they were while a write makes them rebuild
(``PageCache``); static files (held in memory) and current cached pages are answered before
routing (``FastPaths``); database work has ``pool_size`` threads of its own and rendering a
few more, so nothing else waits for the database; request bodies must arrive within
``body_timeout`` and headers within ``server.HEADER_TIMEOUT``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import hashlib
import hmac
import ipaddress
import mimetypes
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator
from pathlib import Path, PurePath
from typing import Annotated, Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
import jinja2
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geostance import __version__, config
from geostance.errors import GeostanceError, StoreError
from geostance.web import views
from geostance.web.server import HEADER_TIMEOUT, serve

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
Factory = Callable[[], Any]
#: Seconds for a request body to arrive in full, once the app asks for it.
BODY_TIMEOUT = 60.0
#: Threads that render pages (HTML or JSON); database work has its own ``pool_size``.
RENDER_THREADS = 4
#: Seconds the pool holds back for a waiting writer before it lends connections again anyway.
MAX_YIELD = 10.0
#: Pages built from the UN vote tables alone: a new document leaves them as they are.
VOTES_PAGES = frozenset({"votes"})
#: Pages that read every UN vote into memory the first time (hundreds of MB): built one at a
#: time, so concurrent first requests fill the facade's vote tables once, not once each.
HEAVY_PAGES = frozenset({"votes", "actor"})


# -- connections -------------------------------------------------------------------------------
class _BorrowedStore:
    """The ``store`` of the facade requests read through: the store this thread borrowed."""

    def __init__(self, local: threading.local) -> None:
        self._local = local

    def __getattr__(self, name: str) -> Any:
        store = getattr(self._local, "store", None)
        if store is None:
            raise StoreError("no store borrowed in this thread; use FacadePool.borrow()")
        return getattr(store, name)


class FacadePool:
    """One ``Geostance`` for concurrent requests, each thread reading through its own store.

    Requests share one facade (``reader``: a copy of the main one, so the gazetteer and the
    UN vote tables are loaded once for all of them) whose ``store`` is the store the current
    thread borrowed: DuckDB connections are never shared between threads. The reader is made
    afresh when another process imports votes (its vote caches would be stale).

    Over a shared store (what ``geostance serve`` opens) a borrowed store is a read-only
    connection to the file, and the pool holds the file only while requests use it: it closes
    its connections after ``idle`` seconds without a request and, as soon as a writer waits for
    the file (the store's write intent: another process's ``ingest`` or ``watch``, or an upload
    to this app), it stops lending, lets the running requests finish, closes every connection
    and lends again once the writer is done. So the CLI and ``watch`` can write while the
    dashboard runs. Over a store its caller holds (``":memory:"``,
    ``Geostance(read_only=False)``) borrowed stores are cursors of that store's connection.

    Writes (ingest) go through the main facade under one lock, since the spaCy pipeline and
    the near-duplicate check are not meant to run twice at once.
    """

    def __init__(self, g: Any, *, size: int = 8, owned: bool = True, idle: float = 1.0) -> None:
        self.main = g
        self.size = size
        self.owned = owned
        self.idle = idle
        self.shared = bool(getattr(g.store, "shared", False))
        self.write_lock = threading.Lock()
        self.peak = 0  # most connections open at once
        self._cond = threading.Condition()
        self._local = threading.local()
        self._free: list[Any] = []
        self._made = 0  # connections open now, lent or free
        self._in_use = 0
        self._last_used = 0.0
        self._watching = False
        self._closed = False
        self._seen: tuple[Any, Any] = (None, None)  # (store version, votes version) last seen
        self._yielding_since: float | None = None
        with contextlib.suppress(GeostanceError, ImportError, AttributeError):
            _ = g.gazetteer  # load once, before the reader copies the facade
        self._pristine = copy.copy(g)
        self.reader = self._fresh_reader()
        if self.shared:
            g.store.release()  # the main facade only writes: let go of the file meanwhile

    def _fresh_reader(self) -> Any:
        reader = copy.copy(self._pristine)
        reader.store = _BorrowedStore(self._local)
        return reader

    def version(self) -> Any:
        """The store's version token (None for ``":memory:"``): cached pages compare it."""
        return self.main.store.version()

    def votes_version(self) -> Any:
        """A token that changes only when the UN vote tables do, once a request has looked at
        the store as it is now; else the store's version."""
        version = self.version()
        seen_version, votes = self._seen
        if version is not None and seen_version == version:
            return ("votes", votes)
        return version

    def _writer_waits(self) -> bool:
        """A writer waits for the file: lend nothing new. A writer kept waiting by some other
        process does not stall the dashboard for ever: after ``MAX_YIELD`` seconds the pool
        lends again for two, then holds back again."""
        if not (self.shared and self.main.store.write_wanted()):
            self._yielding_since = None
            return False
        now = time.monotonic()
        if self._yielding_since is None:
            self._yielding_since = now
        return (now - self._yielding_since) % (MAX_YIELD + 2.0) < MAX_YIELD

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Any]:
        """The reading facade with a store for this thread; blocks while all ``size`` stores
        are busy, or while a writer waits for a shared store."""
        store = self._acquire()
        self._local.store = store
        try:
            reader = self._reader_for(store)
            yield reader
        finally:
            self._local.store = None
            self._give_back(store)

    def _reader_for(self, store: Any) -> Any:
        """The shared reader, made afresh when the UN votes changed since it was made."""
        version = self.version()
        if version is None or version == self._seen[0]:
            return self.reader
        votes = store.votes_version()
        with self._cond:
            if votes != self._seen[1] and self._seen[1] is not None:
                self.reader = self._fresh_reader()
            self._seen = (version, votes)
            return self.reader

    def _acquire(self) -> Any:
        with self._cond:
            while True:
                if self._closed:
                    raise StoreError("the server is shutting down; try again")
                if self._writer_waits():
                    self._close_free()  # running requests finish; nothing new starts
                    self._cond.wait(0.02)
                elif self._in_use >= self.size:
                    self._cond.wait(0.5)
                else:
                    break
            self._in_use += 1
            store = self._free.pop() if self._free else None
            if store is None:
                self._made += 1
                self.peak = max(self.peak, self._made)
        if store is None:
            try:
                store = self.main.store.cursor()  # own connection, temporary views built on it
            except BaseException:
                with self._cond:
                    self._in_use -= 1
                    self._made -= 1
                    self._cond.notify_all()
                raise
        return store

    def _give_back(self, store: Any) -> None:
        with self._cond:
            self._in_use -= 1
            self._last_used = time.monotonic()
            if self._closed or self._writer_waits():
                self._close(store)
            else:
                self._free.append(store)
            self._cond.notify_all()
            if self.shared and self._in_use == 0 and self._made and not self._watching:
                self._watching = True
                threading.Thread(
                    target=self._watch_idle, name="geostance-pool", daemon=True
                ).start()

    def _watch_idle(self) -> None:
        """While no request runs: close the connections when a writer waits or after ``idle``."""
        with self._cond:
            try:
                while self._in_use == 0 and self._made and not self._closed:
                    if self._writer_waits() or time.monotonic() - self._last_used >= self.idle:
                        self._close_free()
                        self._cond.notify_all()
                        break
                    self._cond.wait(0.05)
            finally:
                self._watching = False

    def _close(self, store: Any) -> None:
        with contextlib.suppress(Exception):
            store.close()  # a cursor store: closes the cursor, not the database
        self._made -= 1

    def _close_free(self) -> None:
        while self._free:
            self._close(self._free.pop())

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._close_free()
            self._cond.notify_all()
        if self.owned:
            self.main.close()


def _open_facade(source: Any) -> tuple[Any, bool]:
    """The facade from Settings, a factory or a facade; True when the app owns (closes) it."""
    if isinstance(source, config.Settings):
        from geostance.app import Geostance

        return Geostance(settings=source), True
    if hasattr(source, "store") and hasattr(source, "settings"):
        return source, False
    if callable(source):
        return source(), True
    raise TypeError("create_app takes Settings, a Geostance, or a function returning one")


class PageCache:
    """Built pages by key, each kept with the store version it was built from.

    One build per key at a time (single flight): requests for a page that is being built wait
    for that build instead of starting their own. An entry whose version is not the store's
    current one is built again, so writes by other processes (the CLI, ``watch``) show on the
    next request; with ``stale=True`` the old entry is served meanwhile, while one build runs
    in the background (a write does not make every reader wait for every page at once).
    ``clear()`` drops everything (after a write through the app to a store with no version,
    i.e. ``":memory:"``). Bounded by ``size`` entries and ``max_bytes`` (the total ``weigh``
    of the entries), oldest use dropped first. Used from the event loop only.
    """

    def __init__(
        self,
        size: int = 256,
        *,
        max_bytes: int | None = None,
        weigh: Callable[[Any], int] | None = None,
        stale: bool = False,
    ) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.weigh = weigh or (lambda _value: 0)
        self.stale = stale
        self.bytes = 0
        self._data: OrderedDict[Hashable, tuple[Any, Any, int]] = OrderedDict()
        self._flights: dict[tuple[Hashable, Any], asyncio.Future[Any]] = {}

    def __len__(self) -> int:
        return len(self._data)

    def peek(self, key: Hashable, version: Any) -> Any:
        """The entry for ``key`` if it was built at ``version``, else None; builds nothing."""
        hit = self._data.get(key)
        if hit is None or hit[0] != version:
            return None
        self._data.move_to_end(key)
        return hit[1]

    async def get(self, key: Hashable, version: Any, build: Callable[[], Awaitable[Any]]) -> Any:
        """The page for ``key`` at ``version``, built by ``build()`` once if missing."""
        hit = self._data.get(key)
        if hit is not None:
            self._data.move_to_end(key)
            if hit[0] == version:
                return hit[1]
            if self.stale:
                self._flight(key, version, build)  # rebuilt in the background
                return hit[1]
        # shielded: one caller giving up does not stop the build the others wait for
        return await asyncio.shield(self._flight(key, version, build))

    def _flight(
        self, key: Hashable, version: Any, build: Callable[[], Awaitable[Any]]
    ) -> asyncio.Future[Any]:
        flight = self._flights.get((key, version))
        if flight is None:
            flight = asyncio.ensure_future(self._build(key, version, build))
            flight.add_done_callback(_retrieved)
            self._flights[(key, version)] = flight
        return flight

    async def _build(self, key: Hashable, version: Any, build: Callable[[], Awaitable[Any]]) -> Any:
        try:
            value = await build()
            self._put(key, version, value)
            return value
        finally:
            self._flights.pop((key, version), None)

    def _put(self, key: Hashable, version: Any, value: Any) -> None:
        old = self._data.pop(key, None)
        if old is not None:
            self.bytes -= old[2]
        weight = self.weigh(value)
        if self.max_bytes is not None and weight > self.max_bytes:
            return  # larger than the whole cache: serve it, keep nothing
        self._data[key] = (version, value, weight)
        self.bytes += weight
        while len(self._data) > self.size or (
            self.max_bytes is not None and self.bytes > self.max_bytes
        ):
            _, (_, _, w) = self._data.popitem(last=False)
            self.bytes -= w

    def clear(self) -> None:
        self._data.clear()
        self.bytes = 0


def _retrieved(flight: asyncio.Future[Any]) -> None:
    """Mark a build's error as seen when every caller has gone (no asyncio warning)."""
    if not flight.cancelled():
        flight.exception()


def page_key(scope: Scope) -> tuple[str, str, bool]:
    """A rendered page's cache key: path, query and whether the JSON twin is wanted (a
    ``.json`` path, or an Accept header preferring JSON over HTML)."""
    path = str(scope["path"])
    accept = ""
    for name, value in scope.get("headers", []):
        if name == b"accept":
            accept = value.decode("latin-1")
    as_json = path.endswith(".json") or ("application/json" in accept and "text/html" not in accept)
    return path, scope.get("query_string", b"").decode("latin-1"), as_json


class FastPaths:
    """Answers what needs no routing, before the framework parses anything: static files
    (held in memory) and pages whose rendered body is cached for the store as it is now.
    Under load these are most requests, and they cost no thread and no database."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        static: Path,
        bodies: PageCache,
        version: Callable[[], Any],
    ) -> None:
        self.app = app
        self.bodies = bodies
        self.version = version
        self.files: dict[str, tuple[bytes, str]] = {}
        for f in sorted(static.iterdir()):
            if f.is_file():
                kind = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind.endswith("javascript"):
                    kind += "; charset=utf-8"
                self.files[f"/static/{f.name}"] = (f.read_bytes(), kind)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path = scope["path"]
            found = self.files.get(path)
            if found is None and not path.startswith(("/static/", "/api/")):
                found = self.bodies.peek(page_key(scope), self.version())
            if found is not None:
                body, kind = found
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", kind.encode()),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


# -- request guards ----------------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class LimitsMiddleware:
    """Adds the security headers, refuses bodies over the size limit with 413 and bodies that
    do not arrive in time with 408.

    A declared ``Content-Length`` over the limit is refused before reading; a body without
    one is counted as it streams and refused as soon as it passes the limit. The whole body
    must arrive within ``body_timeout`` seconds of the app first asking for it, so a client
    trickling bytes cannot hold a worker (slow headers are the server's ``HEADER_TIMEOUT``).
    """

    def __init__(self, app: ASGIApp, max_bytes: int, body_timeout: float = BODY_TIMEOUT) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        refused = False  # once 413/408 is sent, whatever the app sends later is dropped

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS.items():
                    if k.lower().encode() not in names:
                        headers.append((k.lower().encode(), v.encode()))
                message = {**message, "headers": headers}
            await send(message)

        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _plain_error(send_with_headers, 413, self._message())
            return
        seen = 0
        deadline: float | None = None
        body_done = False

        async def counted() -> Message:
            """Pass the body through, counting; past the limit answer 413, past the deadline
            408, and hang up."""
            nonlocal seen, refused, deadline, body_done
            if refused:
                return {"type": "http.disconnect"}
            if body_done:  # the app waits for a disconnect now: no deadline on that
                return await receive()
            now = anyio.current_time()
            deadline = now + self.body_timeout if deadline is None else deadline
            message: Message | None = None
            with anyio.move_on_after(max(0.0, deadline - now)):
                message = await receive()
            if message is None:
                if not started:
                    await _plain_error(send_with_headers, 408, self._late())
                refused = True
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if seen > self.max_bytes:
                    if not started:
                        await _plain_error(send_with_headers, 413, self._message())
                    refused = True
                    return {"type": "http.disconnect"}
            return message

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counted, send_with_headers)

    def _message(self) -> str:
        return (
            f"request body larger than {self.max_bytes} bytes; send a smaller file or raise "
            "the max_upload_bytes setting"
        )

    def _late(self) -> str:
        return f"request body not received within {self.body_timeout:g} s; send it again"


async def _plain_error(send: Callable[[Message], Awaitable[None]], status: int, msg: str) -> None:
    body = JSONResponse({"error": msg, "status": status}).body
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),  # the rest of the body is never read
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- rendering ---------------------------------------------------------------------------------
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["pieces"] = views.pieces
    env.globals["version"] = __version__
    env.globals["quad_names"] = views.QUAD_NAMES
    env.filters["fmt"] = _fmt
    return env


def _fmt(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def wants_json(request: Request, as_json: bool = False) -> bool:
    """The JSON twin for a ``.json`` path or an Accept header preferring JSON over HTML."""
    if as_json:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


class Renderer:
    def __init__(self) -> None:
        self.env = _environment()

    def page(
        self, request: Request, template: str, data: dict[str, Any], status: int = 200
    ) -> Response:
        html = self.env.get_template(template).render(
            data=data,
            charts=views.charts(data),
            request_path=request.url.path,
            query=request.query_params,
        )
        return HTMLResponse(html, status_code=status)

    def either(
        self,
        request: Request,
        template: str,
        data: dict[str, Any],
        as_json: bool,
        status: int = 200,
    ) -> Response:
        if wants_json(request, as_json):
            return JSONResponse(data, status_code=status)
        return self.page(request, template, data, status)


def _not_found(what: str) -> HTTPException:
    return HTTPException(404, f"{what} not found")


def _check_doc_id(doc_id: str) -> str:
    if not views.DOC_ID.match(doc_id):
        raise _not_found(f"document {doc_id!r}")
    return doc_id


def _check_actor(actor_id: str) -> str:
    up = views.check_actor(actor_id)
    if up is None:
        raise _not_found(f"actor {actor_id!r}")
    return up


def _check_url(url: str, allow_private: bool) -> None:
    """Only http(s) URLs; refuse literal private, loopback and link-local hosts early.

    Host names are resolved and checked again by the sources stage when it fetches.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HTTPException(400, f"url {url!r}: give an http(s) URL")
    if allow_private:
        return
    host = parts.hostname
    if host == "localhost" or host.endswith(".localhost"):
        raise HTTPException(
            400, f"url {url!r}: loopback addresses are refused (allow_private is off)"
        )
    with contextlib.suppress(ValueError):
        ip = ipaddress.ip_address(host)
        if not ip.is_global:
            raise HTTPException(
                400,
                f"url {url!r}: private and loopback addresses are refused (allow_private is off)",
            )


def _safe_name(name: str | None) -> str:
    base = PurePath((name or "upload.txt").replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in base).lstrip(".")
    return cleaned[:80] or "upload.txt"


# -- the app -----------------------------------------------------------------------------------
def create_app(
    source: Any,
    *,
    pool_size: int = 8,
    body_timeout: float = BODY_TIMEOUT,
    warm: bool = False,
) -> FastAPI:
    """The ASGI app over a store: give Settings, a ``Geostance``, or a function making one.

    With ``warm`` the app builds the home and votes pages in the background once it starts,
    so the UN vote tables are in memory before the first visitor asks (``geostance serve``).

    Given Settings, the app opens the store shared and reads it read-only (see
    ``FacadePool``), so the CLI can use the same file while it runs. Database work runs on
    ``pool_size`` threads of its own and rendering on a few more, so neither can hold up
    static files or cached pages, which need no thread at all.
    """
    g, owned = _open_facade(source)
    pool = FacadePool(g, size=pool_size, owned=owned)
    settings: config.Settings = g.settings
    render = Renderer()
    cache = PageCache(128)  # page dicts
    bodies = PageCache(1024, max_bytes=64 * 2**20, weigh=lambda v: len(v[0]), stale=True)
    db_threads = anyio.CapacityLimiter(pool_size)
    render_threads = anyio.CapacityLimiter(RENDER_THREADS)
    write_threads = anyio.CapacityLimiter(1)
    heavy = anyio.Lock()

    async def on_view(fn: Callable[[Any], Any]) -> Any:
        """``fn(view)`` on a database thread with a borrowed facade view."""

        def work() -> Any:
            with pool.borrow() as v:
                return fn(v)

        return await anyio.to_thread.run_sync(work, limiter=db_threads)

    async def page_data(name: str, *args: Any, **kwargs: Any) -> Any:
        """The page dict from ``views.<name>`` over a borrowed facade view, cached."""
        key = (name, args, tuple(sorted(kwargs.items())))

        async def build() -> Any:
            def fn(v: Any) -> Any:
                return getattr(views, name)(v, *args, **kwargs)

            if name not in HEAVY_PAGES:
                return await on_view(fn)
            async with heavy:
                return await on_view(fn)

        version = pool.votes_version() if name in VOTES_PAGES else pool.version()
        return await cache.get(key, version, build)

    async def cached_page(
        request: Request,
        template: str,
        as_json: bool,
        data: Callable[[], Awaitable[dict[str, Any]]],
    ) -> Response:
        """The rendered page (HTML or its JSON twin) for this URL, cached per store version."""
        key = page_key(request.scope)

        async def build() -> tuple[bytes, str]:
            page = await data()
            response = await anyio.to_thread.run_sync(
                functools.partial(render.either, request, template, page, as_json),
                limiter=render_threads,
            )
            return bytes(response.body), response.media_type or "text/html"

        body, media_type = await bodies.get(key, pool.version(), build)
        return Response(body, media_type=media_type)

    async def write(fn: Callable[[Any], Any]) -> Any:
        """``fn(facade)`` on the write thread; then the index is current and the file let go."""

        def work() -> Any:
            with pool.write_lock:
                try:
                    return fn(pool.main)
                finally:
                    with contextlib.suppress(GeostanceError):
                        pool.main.store.release()

        try:
            return await anyio.to_thread.run_sync(work, limiter=write_threads)
        finally:
            if pool.version() is None:  # ":memory:": no version tells the caches of the write
                cache.clear()
                bodies.clear()

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        warming = asyncio.ensure_future(warm_up()) if warm else None
        yield
        if warming is not None:
            warming.cancel()
        pool.close()

    async def warm_up() -> None:
        states = tuple(views.DEFAULT_VOTE_STATES)
        with contextlib.suppress(Exception):  # a store without votes: nothing to warm
            await page_data("home")
            await page_data("votes", states=states, year=None, on="palestine")

    app = FastAPI(
        title="geostance",
        version=__version__,
        description="Where countries stand: pages and their JSON twins over one geostance store.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.cache = cache
    app.state.bodies = bodies
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(FastPaths, static=HERE / "static", bodies=bodies, version=pool.version)
    app.add_middleware(
        LimitsMiddleware, max_bytes=settings.max_upload_bytes, body_timeout=body_timeout
    )  # outermost: its headers and limits apply to the fast paths too

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(GeostanceError)
    async def geostance_error(request: Request, exc: GeostanceError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        """The store could not be read or written now (busy, or not writable): 503."""
        response = _error(request, 503, str(exc))
        response.headers["Retry-After"] = "2"
        return response

    def _error(request: Request, status: int, message: str) -> Response:
        data = {"error": message, "status": status}
        as_json = request.url.path.endswith(".json") or request.url.path.startswith("/api/")
        if wants_json(request, as_json):
            return JSONResponse(data, status_code=status)
        return render.page(request, "error.html", {"page": "error", **data}, status)

    def twin(model: type[Any], summary: str) -> dict[str, Any]:
        return {"response_model": model, "summary": summary}

    def html_route(model: type[Any], summary: str) -> dict[str, Any]:
        """An HTML page whose JSON (``Accept: application/json``) is its twin's model."""
        ref = {"$ref": f"#/components/schemas/{model.__name__}"}
        return {
            "response_class": HTMLResponse,
            "summary": summary,
            "responses": {200: {"content": {"application/json": {"schema": ref}}}},
        }

    # home
    async def home_view(request: Request, as_json: bool) -> Response:
        return await cached_page(request, "home.html", as_json, lambda: page_data("home"))

    @app.get("/index.json", **twin(views.HomePage, "Home page data"))
    async def home_json(request: Request) -> Response:
        return await home_view(request, True)

    @app.get(
        "/", **html_route(views.HomePage, "Home: ask box, recent documents, most active dyads")
    )
    async def home_page(request: Request) -> Response:
        return await home_view(request, False)

    # answer
    async def ask_view(request: Request, q: str, as_json: bool) -> Response:
        try:
            return await cached_page(request, "answer.html", as_json, lambda: page_data("ask", q))
        except StoreError:
            raise
        except GeostanceError as e:
            data = {"page": "answer", "q": q, "answer": None, "error": str(e)}
            return render.either(request, "answer.html", data, as_json, status=400)

    @app.get("/ask.json", **twin(views.AnswerPage, "Answer a question (JSON)"))
    async def ask_json(request: Request, q: str = Query("", max_length=500)) -> Response:
        return await ask_view(request, q, True)

    @app.get(
        "/ask",
        **html_route(views.AnswerPage, "Answer a question: verdict per channel, peers, evidence"),
    )
    async def ask_page(request: Request, q: str = Query("", max_length=500)) -> Response:
        return await ask_view(request, q, False)

    # dyad
    async def dyad_view(
        request: Request, source: str, target: str, as_json: bool, **kw: Any
    ) -> Response:
        a, b = _check_actor(source), _check_actor(target)
        return await cached_page(
            request, "dyad.html", as_json, lambda: page_data("dyad", a, b, **kw)
        )

    @app.get("/dyad/{source}/{target}.json", **twin(views.DyadPage, "A dyad's stance and evidence"))
    async def dyad_json(
        request: Request,
        source: str,
        target: str,
        kw: Annotated[dict[str, Any], Depends(_dyad_filters)],
    ) -> Response:
        return await dyad_view(request, source, target, True, **kw)

    @app.get(
        "/dyad/{source}/{target}",
        **html_route(views.DyadPage, "A dyad: stance over time, votes, evidence"),
    )
    async def dyad_page(
        request: Request,
        source: str,
        target: str,
        kw: Annotated[dict[str, Any], Depends(_dyad_filters)],
    ) -> Response:
        return await dyad_view(request, source, target, False, **kw)

    # actor
    async def actor_view(request: Request, actor_id: str, as_json: bool) -> Response:
        a = _check_actor(actor_id)
        return await cached_page(request, "actor.html", as_json, lambda: page_data("actor", a))

    @app.get("/actor/{actor_id}.json", **twin(views.ActorPage, "An actor's partners and alignment"))
    async def actor_json(request: Request, actor_id: str) -> Response:
        return await actor_view(request, actor_id, True)

    @app.get(
        "/actor/{actor_id}",
        **html_route(views.ActorPage, "An actor: cooperation graph and UN alignment"),
    )
    async def actor_page(request: Request, actor_id: str) -> Response:
        return await actor_view(request, actor_id, False)

    # document
    async def document_view(
        request: Request, doc_id: str, summary: int | None, as_json: bool
    ) -> Response:
        _check_doc_id(doc_id)

        async def data() -> dict[str, Any]:
            found: dict[str, Any] | None = await page_data("document", doc_id, summary=summary)
            if found is None:
                raise _not_found(f"document {doc_id!r}")
            return found

        return await cached_page(request, "document.html", as_json, data)

    @app.get(
        "/document/{doc_id}.json", **twin(views.DocumentPage, "A document with its coded events")
    )
    async def document_json(
        request: Request, doc_id: str, summary: int | None = Query(None, ge=1, le=20)
    ) -> Response:
        return await document_view(request, doc_id, summary, True)

    @app.get(
        "/document/{doc_id}",
        **html_route(views.DocumentPage, "A document, coded events highlighted"),
    )
    async def document_page(
        request: Request, doc_id: str, summary: int | None = Query(None, ge=1, le=20)
    ) -> Response:
        return await document_view(request, doc_id, summary, False)

    # votes
    async def votes_view(
        request: Request, states: str, year: int | None, on: str, as_json: bool
    ) -> Response:
        chosen = [s for s in (views.check_actor(x.strip()) for x in states.split(",")) if s]
        states_key = tuple(chosen or views.DEFAULT_VOTE_STATES)
        return await cached_page(
            request,
            "votes.html",
            as_json,
            lambda: page_data("votes", states=states_key, year=year, on=on),
        )

    default_states = ",".join(views.DEFAULT_VOTE_STATES)

    @app.get("/votes.json", **twin(views.VotesPage, "UN agreement and positions"))
    async def votes_json(request: Request, states: str = Query(default_states, max_length=400),
                         year: int | None = Query(None, ge=1945, le=2100),
                         on: str = Query("palestine", max_length=80)) -> Response:  # fmt: skip
        return await votes_view(request, states, year, on, True)

    @app.get(
        "/votes", **html_route(views.VotesPage, "UN votes: agreement heatmap, positions over time")
    )
    async def votes_page(request: Request, states: str = Query(default_states, max_length=400),
                         year: int | None = Query(None, ge=1945, le=2100),
                         on: str = Query("palestine", max_length=80)) -> Response:  # fmt: skip
        return await votes_view(request, states, year, on, False)

    # search
    async def search_view(request: Request, q: str, as_json: bool) -> Response:
        return await cached_page(request, "search.html", as_json, lambda: page_data("search", q))

    @app.get("/search.json", **twin(views.SearchPage, "Full-text search over sentences"))
    async def search_json(request: Request, q: str = Query("", max_length=500)) -> Response:
        return await search_view(request, q, True)

    @app.get("/search", **html_route(views.SearchPage, "Full-text search over sentences"))
    async def search_page(request: Request, q: str = Query("", max_length=500)) -> Response:
        return await search_view(request, q, False)

    # writing
    @app.post(
        "/api/ingest",
        response_model=views.IngestResponse,
        summary="Ingest an uploaded file or an http(s) URL (needs the write token)",
        responses={401: {"model": views.ErrorBody}, 403: {"model": views.ErrorBody},
                   413: {"model": views.ErrorBody}, 503: {"model": views.ErrorBody}},
    )  # fmt: skip
    async def ingest(
        request: Request,
        file: Annotated[UploadFile | None, File()] = None,
        url: Annotated[str | None, Form(max_length=2000)] = None,
    ) -> Response:
        _authorise(request, settings.write_token)
        if (file is None) == (url is None):
            raise HTTPException(400, "give either a file upload or a url form field")
        if url is not None:
            _check_url(url, settings.allow_private)
            given = url
            results = await write(lambda main: main.ingest(given))
            return JSONResponse(views.ingest_results(results))
        assert file is not None
        content = (await file.read(settings.max_upload_bytes + 1))[: settings.max_upload_bytes]
        name = _safe_name(file.filename)

        def ingest_upload(main: Any) -> Any:
            db = str(settings.db)
            if db == ":memory:":
                with tempfile.TemporaryDirectory(prefix="geostance-upload-") as tmp:
                    path = Path(tmp) / name
                    path.write_bytes(content)
                    return main.ingest(str(path))
            # Kept beside the store, so a document's origin is a file that still exists.
            folder = Path(db).with_name(Path(db).name + ".uploads")
            folder.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256(content).hexdigest()[:12]
            path = folder / f"{digest}-{name}"
            if not path.exists():
                path.write_bytes(content)
            return main.ingest(str(path))

        results = await write(ingest_upload)
        return JSONResponse(views.ingest_results(results))

    return app


async def _dyad_filters(
    type: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    negated: Annotated[str, Query(max_length=10)] = "any",
    vs: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """The evidence filters of the dyad page: type, dates, negation and paging."""
    if type and not _valid_type(type):
        names = ", ".join(n.replace(" ", "-") for n in views.QUAD_NAMES.values())
        raise HTTPException(
            400,
            f"type {type!r} is not a QuadClass (1-4), a QuadClass name ({names}) or a CAMEO "
            "root code (01-20)",
        )
    return {
        "type": type,
        "since": since,
        "until": until,
        "negated": negated,
        "vs": vs,
        "limit": limit,
        "offset": offset,
    }


def _valid_type(kind: str) -> bool:
    """What ``views._type_matches`` understands: 1-4, a QuadClass name, or a CAMEO root."""
    if kind.isdigit():
        return 1 <= int(kind) <= 4 if len(kind) == 1 else 1 <= int(kind) <= 20
    names = {n.replace(" ", "-") for n in views.QUAD_NAMES.values()}
    return kind.replace(" ", "-") in names


def _authorise(request: Request, token: str) -> None:
    """Writing needs a configured token and that token as a Bearer credential."""
    if not token:
        raise HTTPException(403, "writing is off; start the server with --token TOKEN to allow it")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise HTTPException(401, "missing or wrong token; send 'Authorization: Bearer <token>'")


__all__ = [
    "BODY_TIMEOUT",
    "CSP",
    "HEADER_TIMEOUT",
    "FacadePool",
    "PageCache",
    "create_app",
    "serve",
]
