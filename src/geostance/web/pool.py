"""Connections: one reading facade shared by request threads, each reading through a store
it borrowed from a small pool (DuckDB connections are never shared between threads)."""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from geostance import config
from geostance.errors import GeostanceError, StoreError
from geostance.web.middleware import MAX_YIELD

Factory = Callable[[], Any]


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
