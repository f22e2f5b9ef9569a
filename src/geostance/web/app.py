"""The app: ``create_app`` and its routes, one block per page, each served as HTML and JSON."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import hmac
import ipaddress
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path, PurePath
from typing import Annotated, Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from geostance import __version__, config
from geostance.errors import GeostanceError, StoreError
from geostance.web import views
from geostance.web.cache import PageCache, page_key
from geostance.web.middleware import BODY_TIMEOUT, FastPaths, LimitsMiddleware
from geostance.web.pool import FacadePool, _open_facade
from geostance.web.render import HERE, Renderer, wants_json

#: Threads that render pages (HTML or JSON); database work has its own ``pool_size``.
RENDER_THREADS = 4


#: Pages built from the UN vote tables alone: a new document leaves them as they are.
VOTES_PAGES = frozenset({"votes"})


#: Pages that read every UN vote into memory the first time (hundreds of MB): built one at a
#: time, so concurrent first requests fill the facade's vote tables once, not once each.
HEAVY_PAGES = frozenset({"votes", "actor"})


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

    # map (stance of every state toward one target, per channel)
    async def map_view(
        request: Request, target: str, channel: str, since: str | None, until: str | None,
        as_json: bool,
    ) -> Response:  # fmt: skip
        if channel not in views.MAP_CHANNELS:
            raise HTTPException(
                400, f"channel {channel!r}: use one of {', '.join(views.MAP_CHANNELS)}"
            )
        kw = {"channel": channel, "since": since or None, "until": until or None}
        try:
            return await cached_page(
                request, "map.html", as_json, lambda: page_data("map", target, **kw)
            )
        except StoreError:
            raise
        except GeostanceError as e:  # unknown target, a topic with no side, a bad date
            data = views.map_error(target, channel, str(e))
            return render.either(request, "map.html", data, as_json, status=400)

    @app.get("/map.json", **twin(views.MapPage, "Stance of every state toward one target"))
    async def map_json(request: Request, target: str = Query("PSE", max_length=80),
                       channel: str = Query("words", max_length=10),
                       since: str | None = Query(None, max_length=10),
                       until: str | None = Query(None, max_length=10)) -> Response:  # fmt: skip
        return await map_view(request, target, channel, since, until, True)

    @app.get(
        "/map",
        **html_route(views.MapPage, "World map of stance toward an actor or vote topic"),
    )
    async def map_page(request: Request, target: str = Query("PSE", max_length=80),
                       channel: str = Query("words", max_length=10),
                       since: str | None = Query(None, max_length=10),
                       until: str | None = Query(None, max_length=10)) -> Response:  # fmt: skip
        return await map_view(request, target, channel, since, until, False)

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
    pooled: Annotated[bool, Query()] = True,
) -> dict[str, Any]:
    """The evidence filters of the dyad page: type, dates, negation, pooling and paging."""
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
        "pooled": pooled,
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
