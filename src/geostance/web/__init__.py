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

DuckDB connections are not safe to share between threads, so the app keeps a small pool of
facade views, each with its own cursor on the one database; a request borrows one.
"""

from __future__ import annotations

import contextlib
import copy
import hmac
import ipaddress
import queue
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path, PurePath
from typing import Annotated, Any
from urllib.parse import urlsplit

import jinja2
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geostance import __version__, config
from geostance.errors import GeostanceError
from geostance.web import views

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


# -- connections -------------------------------------------------------------------------------
class FacadePool:
    """Views of one ``Geostance`` for concurrent requests, each with its own DuckDB cursor.

    A view is a shallow copy of the facade whose store is ``Store.cursor()``: it shares the
    loaded gazetteer and settings but never a connection with another thread.
    Writes (ingest) go through the main facade under one lock, since the spaCy pipeline and
    the near-duplicate check are not meant to run twice at once.
    """

    def __init__(self, g: Any, *, size: int = 8, owned: bool = True) -> None:
        self.main = g
        self.size = size
        self.owned = owned
        self.write_lock = threading.Lock()
        self._free: queue.LifoQueue[Any] = queue.LifoQueue()
        self._made = 0
        self._lock = threading.Lock()
        self._views: list[Any] = []
        with contextlib.suppress(GeostanceError, ImportError, AttributeError):
            _ = g.gazetteer  # load once, before views copy the facade

    def _make(self) -> Any:
        view = copy.copy(self.main)
        view.store = self.main.store.cursor()  # own cursor, temporary views rebuilt on it
        self._views.append(view)
        return view

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Any]:
        """A facade view for this request; blocks while all ``size`` views are busy."""
        try:
            view = self._free.get_nowait()
        except queue.Empty:
            with self._lock:
                view = self._make() if self._made < self.size else None
                if view is not None:
                    self._made += 1
            if view is None:
                view = self._free.get()
        try:
            yield view
        finally:
            self._free.put(view)

    def close(self) -> None:
        for view in self._views:
            with contextlib.suppress(Exception):
                view.store.close()  # a cursor store: closes the cursor, not the database
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
    """Page dicts by (page, arguments), dropped whole on every write through the app.

    The server process holds the DuckDB file open for writing, so no other process can change
    the store while it runs: the app's own ingest is the only writer, and it clears the cache.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._data: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            hit = self._data.get(key)
        if hit is not None:
            return hit
        value = build()
        with self._lock:
            if len(self._data) >= self.size:
                self._data.pop(next(iter(self._data)))
            self._data[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


# -- request guards ----------------------------------------------------------------------------
class _TooLarge(Exception):
    pass


class LimitsMiddleware:
    """Adds the security headers and refuses bodies over the size limit with 413.

    A declared ``Content-Length`` over the limit is refused before reading; a body without
    one is counted as it streams and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        refused = False  # once 413 is sent, whatever the app sends later is dropped

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

        async def counted() -> Message:
            """Pass the body through, counting; past the limit answer 413 and hang up."""
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
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


async def _plain_error(send: Callable[[Message], Awaitable[None]], status: int, msg: str) -> None:
    body = JSONResponse({"error": msg, "status": status}).body
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
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
def create_app(source: Any, *, pool_size: int = 8) -> FastAPI:
    """The ASGI app over a store: give Settings, a ``Geostance``, or a function making one."""
    g, owned = _open_facade(source)
    pool = FacadePool(g, size=pool_size, owned=owned)
    settings: config.Settings = g.settings
    render = Renderer()
    cache = PageCache()

    def page_data(name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The page dict from ``views.<name>`` over a borrowed facade view, cached."""
        key = (name, args, tuple(sorted(kwargs.items())))

        def build() -> dict[str, Any]:
            with pool.borrow() as v:
                result: dict[str, Any] = getattr(views, name)(v, *args, **kwargs)
                return result

        return cache.get(key, build)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

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
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(LimitsMiddleware, max_bytes=settings.max_upload_bytes)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(GeostanceError)
    async def geostance_error(request: Request, exc: GeostanceError) -> Response:
        return _error(request, 400, str(exc))

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
    def home_view(request: Request, as_json: bool) -> Response:
        data = page_data("home")
        return render.either(request, "home.html", data, as_json)

    @app.get("/index.json", **twin(views.HomePage, "Home page data"))
    def home_json(request: Request) -> Response:
        return home_view(request, True)

    @app.get(
        "/", **html_route(views.HomePage, "Home: ask box, recent documents, most active dyads")
    )
    def home_page(request: Request) -> Response:
        return home_view(request, False)

    # answer
    def ask_view(request: Request, q: str, as_json: bool) -> Response:
        try:
            data = page_data("ask", q)
        except GeostanceError as e:
            data = {"page": "answer", "q": q, "answer": None, "error": str(e)}
            return render.either(request, "answer.html", data, as_json, status=400)
        return render.either(request, "answer.html", data, as_json)

    @app.get("/ask.json", **twin(views.AnswerPage, "Answer a question (JSON)"))
    def ask_json(request: Request, q: str = Query("", max_length=500)) -> Response:
        return ask_view(request, q, True)

    @app.get(
        "/ask",
        **html_route(views.AnswerPage, "Answer a question: verdict per channel, peers, evidence"),
    )
    def ask_page(request: Request, q: str = Query("", max_length=500)) -> Response:
        return ask_view(request, q, False)

    # dyad
    def dyad_view(request: Request, source: str, target: str, as_json: bool, **kw: Any) -> Response:
        a, b = _check_actor(source), _check_actor(target)
        data = page_data("dyad", a, b, **kw)
        return render.either(request, "dyad.html", data, as_json)

    @app.get("/dyad/{source}/{target}.json", **twin(views.DyadPage, "A dyad's stance and evidence"))
    def dyad_json(
        request: Request,
        source: str,
        target: str,
        kw: Annotated[dict[str, Any], Depends(_dyad_filters)],
    ) -> Response:
        return dyad_view(request, source, target, True, **kw)

    @app.get(
        "/dyad/{source}/{target}",
        **html_route(views.DyadPage, "A dyad: stance over time, votes, evidence"),
    )
    def dyad_page(
        request: Request,
        source: str,
        target: str,
        kw: Annotated[dict[str, Any], Depends(_dyad_filters)],
    ) -> Response:
        return dyad_view(request, source, target, False, **kw)

    # actor
    def actor_view(request: Request, actor_id: str, as_json: bool) -> Response:
        a = _check_actor(actor_id)
        data = page_data("actor", a)
        return render.either(request, "actor.html", data, as_json)

    @app.get("/actor/{actor_id}.json", **twin(views.ActorPage, "An actor's partners and alignment"))
    def actor_json(request: Request, actor_id: str) -> Response:
        return actor_view(request, actor_id, True)

    @app.get(
        "/actor/{actor_id}",
        **html_route(views.ActorPage, "An actor: cooperation graph and UN alignment"),
    )
    def actor_page(request: Request, actor_id: str) -> Response:
        return actor_view(request, actor_id, False)

    # document
    def document_view(
        request: Request, doc_id: str, summary: int | None, as_json: bool
    ) -> Response:
        _check_doc_id(doc_id)
        with pool.borrow() as v:
            data = views.document(v, doc_id, summary=summary)
        if data is None:
            raise _not_found(f"document {doc_id!r}")
        return render.either(request, "document.html", data, as_json)

    @app.get(
        "/document/{doc_id}.json", **twin(views.DocumentPage, "A document with its coded events")
    )
    def document_json(
        request: Request, doc_id: str, summary: int | None = Query(None, ge=1, le=20)
    ) -> Response:
        return document_view(request, doc_id, summary, True)

    @app.get(
        "/document/{doc_id}",
        **html_route(views.DocumentPage, "A document, coded events highlighted"),
    )
    def document_page(
        request: Request, doc_id: str, summary: int | None = Query(None, ge=1, le=20)
    ) -> Response:
        return document_view(request, doc_id, summary, False)

    # votes
    def votes_view(
        request: Request, states: str, year: int | None, on: str, as_json: bool
    ) -> Response:
        chosen = [s for s in (views.check_actor(x.strip()) for x in states.split(",")) if s]
        states_key = tuple(chosen or views.DEFAULT_VOTE_STATES)
        data = page_data("votes", states=states_key, year=year, on=on)
        return render.either(request, "votes.html", data, as_json)

    default_states = ",".join(views.DEFAULT_VOTE_STATES)

    @app.get("/votes.json", **twin(views.VotesPage, "UN agreement and positions"))
    def votes_json(request: Request, states: str = Query(default_states, max_length=400),
                   year: int | None = Query(None, ge=1945, le=2100),
                   on: str = Query("palestine", max_length=80)) -> Response:  # fmt: skip
        return votes_view(request, states, year, on, True)

    @app.get(
        "/votes", **html_route(views.VotesPage, "UN votes: agreement heatmap, positions over time")
    )
    def votes_page(request: Request, states: str = Query(default_states, max_length=400),
                   year: int | None = Query(None, ge=1945, le=2100),
                   on: str = Query("palestine", max_length=80)) -> Response:  # fmt: skip
        return votes_view(request, states, year, on, False)

    # search
    def search_view(request: Request, q: str, as_json: bool) -> Response:
        data = page_data("search", q)
        return render.either(request, "search.html", data, as_json)

    @app.get("/search.json", **twin(views.SearchPage, "Full-text search over sentences"))
    def search_json(request: Request, q: str = Query("", max_length=500)) -> Response:
        return search_view(request, q, True)

    @app.get("/search", **html_route(views.SearchPage, "Full-text search over sentences"))
    def search_page(request: Request, q: str = Query("", max_length=500)) -> Response:
        return search_view(request, q, False)

    # writing
    @app.post(
        "/api/ingest",
        response_model=views.IngestResponse,
        summary="Ingest an uploaded file or an http(s) URL (needs the write token)",
        responses={401: {"model": views.ErrorBody}, 403: {"model": views.ErrorBody},
                   413: {"model": views.ErrorBody}},
    )  # fmt: skip
    def ingest(
        request: Request,
        file: Annotated[UploadFile | None, File()] = None,
        url: Annotated[str | None, Form(max_length=2000)] = None,
    ) -> Response:
        _authorise(request, settings.write_token)
        if (file is None) == (url is None):
            raise HTTPException(400, "give either a file upload or a url form field")
        if url is not None:
            _check_url(url, settings.allow_private)
            with pool.write_lock:
                results = pool.main.ingest(url)
                cache.clear()
            return JSONResponse(views.ingest_results(results))
        assert file is not None
        with tempfile.TemporaryDirectory(prefix="geostance-upload-") as tmp:
            path = Path(tmp) / _safe_name(file.filename)
            path.write_bytes(
                file.file.read(settings.max_upload_bytes + 1)[: settings.max_upload_bytes]
            )
            with pool.write_lock:
                results = pool.main.ingest(str(path))
                cache.clear()
        return JSONResponse(views.ingest_results(results))

    return app


def _dyad_filters(
    type: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    negated: Annotated[str, Query(max_length=10)] = "any",
    vs: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """The evidence filters of the dyad page: type, dates, negation and paging."""
    return {
        "type": type,
        "since": since,
        "until": until,
        "negated": negated,
        "vs": vs,
        "limit": limit,
        "offset": offset,
    }


def _authorise(request: Request, token: str) -> None:
    """Writing needs a configured token and that token as a Bearer credential."""
    if not token:
        raise HTTPException(403, "writing is off; start the server with --token TOKEN to allow it")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise HTTPException(401, "missing or wrong token; send 'Authorization: Bearer <token>'")


__all__ = ["CSP", "FacadePool", "create_app"]
