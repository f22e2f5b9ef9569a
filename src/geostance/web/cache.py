"""The page cache: one build per key however many requests ask at once, kept per store version."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from starlette.types import Scope


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
