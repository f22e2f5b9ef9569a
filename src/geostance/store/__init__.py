"""The embedded DuckDB store: the only package that imports duckdb.

``Store(path)`` opens (or creates) the file and applies pending migrations. Writes of one
document (its row, sentences and events) happen in one transaction, so a process killed
mid-ingest leaves every document either fully stored or absent.

DuckDB lets many processes read a file, or one process write it, never both at once. A
*shared* store (``Store(path, shared=True)``, what the ``Geostance`` facade opens) therefore
holds the file only while it uses it: reads go through a read-only connection opened on first
use and closed by ``release()``; each write transaction opens the file for writing, commits,
brings the full-text index up to date and closes it again. A store that finds the file held
by another process retries for up to ``lock_wait`` seconds; a writer that waits leaves a
*write intent* file beside the store (``<store>.write-intent``), which tells a server to finish
its reads and let go. See ``docs/schema.md``.

The pieces, one module each: ``connection`` (holding the file: opening, sharing, write
sessions, ``release()``), ``files`` (lock waits, intent files, what a file is), ``documents``
(storing and reading documents, sentences and their events), ``events`` (event queries and
counts), ``writer`` (a document given in pieces), ``migrations`` (the schema), ``attach``
(Parquet folders), ``search`` (full-text search), ``votes`` (UN roll calls). ``Store`` mixes
them together and keeps its lifecycle here: open, ``cursor()``, ``close()``,
``transaction()`` and ``migrate()``.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from geostance.errors import StoreError
from geostance.store.attach import AttachStoreMixin
from geostance.store.connection import (
    _SHARED,
    WRITE_LINGER,
    ConnectionStoreMixin,
    _Connection,
)
from geostance.store.documents import DOCUMENT_COLUMNS, DocumentsStoreMixin
from geostance.store.documents import _bulk_insert as _bulk_insert  # for ``writer``
from geostance.store.events import EVENT_COLUMNS, EventsStoreMixin
from geostance.store.files import (
    INTENT_FRESH,
    LOCK_WAIT,
    _extension_dir,
    read_intent_path,
    write_intent_path,
)
from geostance.store.migrations import MIGRATIONS
from geostance.store.search import SearchStoreMixin
from geostance.store.votes import VotesStoreMixin

__all__ = [
    "DOCUMENT_COLUMNS",
    "EVENT_COLUMNS",
    "INTENT_FRESH",
    "LOCK_WAIT",
    "SEARCH_INDEX_EVERY",
    "WRITE_LINGER",
    "Store",
    "read_intent_path",
    "write_intent_path",
]

#: A shared writer rebuilds the full-text index right after a write at most this often
#: (seconds, or ten times the last build's duration if longer); otherwise on ``release()``.
SEARCH_INDEX_EVERY = 10.0


class Store(
    ConnectionStoreMixin,
    DocumentsStoreMixin,
    EventsStoreMixin,
    AttachStoreMixin,
    SearchStoreMixin,
    VotesStoreMixin,
):
    """A geostance store in one DuckDB file (or ``":memory:"``).

    By default the store holds its connection from open to ``close()``: read-write, or
    read-only with ``read_only=True``. With ``shared=True`` (a file only) it holds the file
    only while it uses it, so that other processes can read and write between its operations
    (see the module docstring). ``lock_wait`` is how long to wait for another process's hold.
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        read_only: bool = False,
        shared: bool = False,
        memory_limit: str | None = None,
        lock_wait: float = LOCK_WAIT,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.shared = shared and self.path != ":memory:"
        self.lock_wait = lock_wait
        self._memory_limit = memory_limit
        self._config: dict[str, Any] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        ext = _extension_dir()
        if ext:
            self._config["extension_directory"] = ext
        self._reset(owner=True)
        if self.shared:
            _SHARED.add(self)
            self._open_shared()
            return
        self._open(write=not read_only)
        if not read_only:
            self.migrate()
        self.refresh_views()  # all_events / all_documents: native rows + attached Parquet

    def _reset(self, *, owner: bool) -> None:
        """Per-object state (also for ``cursor()``, which skips ``__init__``)."""
        self._con: Any = None
        self._writing = False  # the open connection is read-write
        self._thread = 0  # the thread that opened it
        self._mutex = threading.RLock()  # the connection against the lingering writer's thread
        self._sessions = 0  # write sessions running (a transaction, a migration, an index build)
        self._linger_until = 0.0
        self._lingering = False
        self._in_tx = False
        self._closed = False
        self._owner = owner  # False for a cursor: it never builds the search index
        self._proxy = _Connection(self)
        self._search_built_at = -math.inf
        self._search_cost = 0.0
        self._search_stale = False  # a shared writer deferred the index build
        self.attach_notes: list[str] = []

    # -- lifecycle -------------------------------------------------------------------------
    def cursor(self) -> Store:
        """A Store on the same database through its own DuckDB cursor, for another thread.

        A DuckDB connection must not be used by two threads at once; a cursor shares the
        database (and sees its committed writes) without sharing the connection. Migrations are
        not re-run (the parent applied them); the temporary views (``all_events``,
        ``all_documents``) live per connection, so they are rebuilt here. ``close()`` on the
        result closes only the cursor, never the parent's connection. A shared store's cursor
        is a read-only store of its own on the same file (close it before the parent writes).
        """
        if self.shared:
            if self._closed:
                raise StoreError(
                    f"cannot open a cursor on store {self.path}: the store was closed; open it "
                    "again"
                )
            return Store(
                self.path, read_only=True, memory_limit=self._memory_limit, lock_wait=self.lock_wait
            )
        try:
            con = self.con.cursor()
        except duckdb.Error as e:
            raise StoreError(
                f"cannot open a cursor on store {self.path}: {e}; the store was probably "
                "closed; open it again"
            ) from None
        other = type(self).__new__(type(self))
        other.path = self.path
        other.read_only = self.read_only
        other.shared = False
        other.lock_wait = self.lock_wait
        other._memory_limit = self._memory_limit
        other._config = self._config
        other._reset(owner=False)
        other._con = con
        other._writing = self._writing
        other.refresh_views()
        return other

    def close(self) -> None:
        if self._closed:
            return
        if self.shared:
            with contextlib.suppress(StoreError, duckdb.Error):
                self.release()
        elif self._owner and not self.read_only and self.path != ":memory:":
            with contextlib.suppress(StoreError, duckdb.Error):
                self.refresh_search_index()  # the writer leaves the index current
        with self._mutex:
            self._close_con()
            self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Run the block in one transaction; nested calls join the outer one.

        A shared store opens the file for writing for the block only: after the commit it
        brings the full-text index up to date (or leaves that to ``release()`` when it was
        rebuilt moments ago) and lets go of the file (``WRITE_LINGER``).
        """
        if self._in_tx:
            yield self.con
            return
        if not self.shared:
            with self._atomic() as con:
                yield con
            return
        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only; it cannot be written")
        with self._write_session(linger=True, views=True):
            with self._atomic() as con:
                yield con
            if self._sessions == 1:  # not inside a migration or another session
                self._after_write()

    @contextmanager
    def _atomic(self) -> Iterator[Any]:
        con = self._con
        con.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield con
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")
        finally:
            self._in_tx = False

    def _after_write(self) -> None:
        """In a shared writer's session, after a commit: rebuild the full-text index now, or
        mark it for ``release()`` when the last rebuild was moments ago (a long ingest)."""
        wait = max(SEARCH_INDEX_EVERY, 10 * self._search_cost)
        if time.monotonic() - self._search_built_at < wait:
            self._search_stale = True  # release() checks whether anything changed
            return
        try:
            if self._search_index_changed():
                self.refresh_search_index()
        except duckdb.Error:
            return

    def migrate(self) -> list[str]:
        """Apply pending migrations in order; return the names applied."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name VARCHAR PRIMARY KEY, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        done = {r[0] for r in self.con.execute("SELECT name FROM _migrations").fetchall()}
        applied = []
        for name, fn in MIGRATIONS:
            if name in done:
                continue
            try:
                with self.transaction() as con:
                    fn(con)
                    con.execute("INSERT INTO _migrations (name) VALUES (?)", [name])
            except duckdb.Error as e:
                raise StoreError(f"migration {name} failed on {self.path}: {e}") from None
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        rows = self.con.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
        return [r[0] for r in rows]

    def load_extension(self, name: str) -> bool:
        """Load a bundled DuckDB extension (fts); False when it is not installed."""
        try:
            self.con.execute(f"LOAD {name}")
            return True
        except duckdb.Error:
            return False
