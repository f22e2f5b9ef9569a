"""Running the app with uvicorn, with the limits a server facing many clients needs.

uvicorn times out idle keep-alive connections but not a request whose headers never finish
(a client sending one byte a minute holds its connection for ever). ``serve`` runs uvicorn's
h11 protocol with a header timer: the request line and headers must arrive within
``HEADER_TIMEOUT`` seconds of the connection opening (or of the previous response), else the
connection gets 408 and is closed. Bodies have their own deadline (``LimitsMiddleware``); the
number of connections is capped (``MAX_CONNECTIONS``, beyond it 503), so memory stays bounded.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds for the request line and headers to arrive.
HEADER_TIMEOUT = 10.0
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
#: Open connections (and running requests) at most; more are answered 503.
MAX_CONNECTIONS = 1000
_LATE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 35\r\nconnection: close\r\n\r\nrequest headers not received in time"
)


class HeaderTimeoutH11(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers are late."""

    header_timeout = HEADER_TIMEOUT
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self._header_timer is not None and self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in; the body has its own deadline

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # waiting for the next request on this connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.write(_LATE)
            self.transport.close()


def serve(
    app: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    header_timeout: float = HEADER_TIMEOUT,
    keep_alive: int = KEEP_ALIVE,
    max_connections: int = MAX_CONNECTIONS,
) -> None:
    """Run ``app`` with uvicorn on HOST:PORT until stopped (SIGINT/SIGTERM)."""
    protocol = type("GeostanceH11", (HeaderTimeoutH11,), {"header_timeout": header_timeout})
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=keep_alive,
        limit_concurrency=max_connections,
        timeout_graceful_shutdown=10,
    )
    uvicorn.Server(config).run()
