"""What runs before routing: security headers, size and body-time limits, static files and
current cached pages answered without a thread."""

from __future__ import annotations

import contextlib
import mimetypes
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geostance.web.cache import PageCache, page_key
from geostance.web.vendor import CACHE_CONTROL, VendorFile, vendor_files

#: Inline ``<style>`` elements the vendored Plotly.js adds, allowed by hash and nothing else.
#: ``EMPTY_STYLE`` is the empty ``<style>`` it fills through the CSSOM (``insertRule``, which
#: the CSP does not govern) with its hover, cursor and mode-bar rules: an empty element
#: can carry no rule of its own, so allowing it lets no injected markup style the page.
#: ``MAPLIBRE_STYLE`` is the map-tile stylesheet the bundle inserts as it loads (unused here:
#: allowed so the console stays free of CSP errors). ``tests/test_web_charts.py`` recomputes
#: both from the installed bundle, so a Plotly upgrade that changes them fails a test.
#: No ``'unsafe-inline'``, no ``'unsafe-eval'``, no ``'unsafe-hashes'``: scripts stay
#: ``'self'`` only, and ``style`` attributes stay refused (the charts set none).
EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
MAPLIBRE_STYLE = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"

CSP = (
    f"default-src 'self'; script-src 'self'; style-src 'self' {EMPTY_STYLE} {MAPLIBRE_STYLE}; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


#: Seconds for a request body to arrive in full, once the app asks for it.
BODY_TIMEOUT = 60.0


#: Seconds the pool holds back for a waiting writer before it lends connections again anyway.
MAX_YIELD = 10.0


class FastPaths:
    """Answers what needs no routing, before the framework parses anything: static files
    and vendored scripts (held in memory) and pages whose rendered body is cached for the
    store as it is now. Under load these are most requests, and they cost no thread and no
    database."""

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
        self.vendor = vendor_files()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path = scope["path"]
            vendored = self.vendor.get(path)
            if vendored is not None:
                await _send_vendored(send, vendored, dict(scope.get("headers", [])))
                return
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


async def _send_vendored(send: Send, f: VendorFile, headers: dict[bytes, bytes]) -> None:
    """A vendored script: 304 when the client holds this version, gzipped when it takes
    gzip, with a long cache lifetime either way."""
    common = [
        (b"cache-control", CACHE_CONTROL.encode()),
        (b"etag", f.etag.encode()),
        (b"vary", b"accept-encoding"),
    ]
    if f.etag.encode() in headers.get(b"if-none-match", b""):
        await send({"type": "http.response.start", "status": 304, "headers": common})
        await send({"type": "http.response.body", "body": b""})
        return
    zipped = b"gzip" in headers.get(b"accept-encoding", b"").lower()
    body = f.gzipped if zipped else f.body
    extra = [(b"content-encoding", b"gzip")] if zipped else []
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", f.media_type.encode()),
                (b"content-length", str(len(body)).encode()),
                *common,
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
