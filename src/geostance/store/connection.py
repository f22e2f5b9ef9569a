"""How a ``Store`` holds its DuckDB file: opening it read-only or for writing (retrying while
another process holds it, and keeping the intent files fresh meanwhile), the proxy
``Store.con`` of a shared store, write sessions and the lingering write connection of a burst
of writes, the reads a writer makes between its writes, ``release()``, the memory limit, and
the cheap version tokens caches compare. Mixed into ``Store`` as ``ConnectionStoreMixin``;
the module docstring of ``geostance.store`` tells the sharing rules.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from geostance.errors import StoreError
from geostance.store.files import (
    _HERE,
    _file_kind,
    _fresh,
    _is_busy,
    read_intent_path,
    write_intent_path,
)
from geostance.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    from geostance.store import Store

#: A shared writer keeps its write connection this long after a commit (seconds), so that
#: the documents an ingest stores in a burst share one opening of the file; it lets go at
#: once when anyone waits for the file.
WRITE_LINGER = 0.2


class _Connection:
    """``Store.con`` of a shared store: forwards to whichever connection is open now,
    opening a read-only one on first use (so ``con`` taken before a transaction still
    writes inside it)."""

    __slots__ = ("_store",)

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)  # no cycle: a dropped Store closes at once

    def __getattr__(self, name: str) -> Any:
        store = self._store()
        if store is None:
            raise StoreError("the store of this connection is gone; open it again")
        return getattr(store._live(), name)


#: This process's shared stores: one needing the file in the other mode asks the others to
#: let go of their idle read connections (``Store._others_let_go``).
_SHARED: weakref.WeakSet[Store] = weakref.WeakSet()


class ConnectionStoreMixin:
    """Mixed into ``Store`` first, before the other mixins (``SearchStoreMixin`` declares a
    ``release`` stub that this one must win over); ``Store.__init__`` and ``Store._reset`` set
    the state it uses."""

    path: str
    read_only: bool
    shared: bool
    lock_wait: float
    _memory_limit: str | None
    _config: dict[str, Any]
    _con: Any
    _writing: bool
    _thread: int
    _mutex: Any
    _sessions: int
    _linger_until: float
    _lingering: bool
    _in_tx: bool
    _closed: bool
    _owner: bool
    _proxy: _Connection
    _search_stale: bool

    if TYPE_CHECKING:

        def migrate(self) -> list[str]: ...

        def refresh_views(self) -> list[str]: ...

        def refresh_search_index(self) -> bool: ...

    # -- connections -----------------------------------------------------------------------
    @property
    def con(self) -> Any:
        """The DuckDB connection; for a shared store, whichever is open now (opened on use)."""
        return self._proxy if self.shared else self._con

    @con.setter
    def con(self, value: Any) -> None:
        self._con = value

    def _connect(self, *, write: bool) -> Any:
        """``duckdb.connect``, retrying while another process (or this one, in the other
        mode) holds the file; a waiting writer keeps the write-intent file fresh."""
        deadline = time.monotonic() + self.lock_wait
        delay = 0.005
        intent = None
        if self.path != ":memory:":
            intent = write_intent_path(self.path) if write else read_intent_path(self.path)
        touched = False
        try:
            while True:
                try:
                    return duckdb.connect(self.path, read_only=not write, config=self._config)
                except duckdb.Error as e:
                    here = _HERE in str(e)  # this process holds it in the other mode
                    if here and self._others_let_go():
                        continue
                    if here and not write and self.shared and not self.read_only:
                        with contextlib.suppress(duckdb.Error):  # held for writing here: join
                            return duckdb.connect(self.path, config=self._config)
                    if not _is_busy(e) or time.monotonic() >= deadline:
                        raise self._open_error(e, busy=_is_busy(e)) from None
                if intent is not None:
                    with contextlib.suppress(OSError):
                        intent.touch()
                        touched = True
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        finally:
            if touched and intent is not None:
                with contextlib.suppress(OSError):
                    intent.unlink()

    def _others_let_go(self) -> bool:
        """Close the idle read connections of this thread's other shared stores on the same
        file (True if any): two facades of one notebook or test give way to each other."""
        me, thread, closed = os.path.abspath(self.path), threading.get_ident(), False
        for other in list(_SHARED):
            if (
                other is not self
                and other._con is not None
                and not other._in_tx
                and not other._sessions
                and other._thread == thread
                and os.path.abspath(other.path) == me
            ):
                with other._mutex:
                    other._close_con()
                closed = True
        return closed

    def _open_error(self, e: Exception, *, busy: bool) -> StoreError:
        if busy:
            return StoreError(
                f"store {self.path} is busy: another process (or connection) holds it ({e}); "
                f"waited {self.lock_wait:g} s. Try again when it is done, or stop that process"
            )
        kind = _file_kind(self.path)
        if kind:
            return StoreError(
                f"cannot open store {self.path}: it is {kind}, not a geostance (DuckDB) store; "
                "give the path of a .duckdb file, or a new path to create one"
            )
        return StoreError(
            f"cannot open store {self.path}: {e}; check the path, or close the other "
            "process that holds it"
        )

    def _open(self, *, write: bool) -> None:
        """Open the connection (read-write or read-only) and apply the memory limit."""
        if write and self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise self._open_error(e, busy=False) from None
        self._con = self._connect(write=write)
        self._writing = write
        self._thread = threading.get_ident()
        if self._memory_limit:
            try:
                self.set_memory_limit(self._memory_limit)
            except StoreError:
                self._close_con()
                raise

    def _close_con(self) -> None:
        if self._con is not None:
            with contextlib.suppress(duckdb.Error):
                self._con.close()
        if self.shared:
            self._con = None
        self._writing = False

    def _open_shared(self) -> None:
        """Create or migrate the file if needed (briefly writing), else open it to read."""
        if not self.read_only and not Path(self.path).exists():
            self._write_briefly(self.migrate)
            return
        self._open(write=False)
        if self.read_only or not self._pending_migrations():
            self.refresh_views()
            return
        self._close_con()
        try:
            self._write_briefly(self.migrate)
        except StoreError:  # a store we may read but not write: read it as it is
            self._open(write=False)
            self.refresh_views()

    def _write_briefly(self, fn: Any) -> Any:
        with self._write_session(linger=False):
            return fn()

    @contextmanager
    def _write_session(self, *, linger: bool, views: bool = False) -> Iterator[Any]:
        """The file open for writing for the block (reusing a write connection still open
        from a moment ago, unless someone waits for the file); afterwards it is closed, or
        with ``linger`` kept ``WRITE_LINGER`` seconds for the next write of a burst."""
        with self._mutex:
            self._sessions += 1
            try:
                reuse = self._writing and (self._sessions > 1 or not self._someone_waits())
                if not reuse:
                    self._close_con()
                    self._open(write=True)
                    if views:
                        self.refresh_views()
            except BaseException:
                self._sessions -= 1
                raise
        try:
            yield self._con
        finally:
            with self._mutex:
                self._sessions -= 1
                if not self._sessions and self._writing:
                    if linger and not self._closed and not self._someone_waits():
                        self._linger()
                    else:
                        self._close_con()

    def _someone_waits(self) -> bool:
        """Another process (or connection) waits for the file, to read or to write it."""
        return self.write_wanted() or _fresh(read_intent_path(self.path))

    def _linger(self) -> None:
        self._linger_until = time.monotonic() + WRITE_LINGER
        if not self._lingering:
            self._lingering = True
            threading.Thread(
                target=self._let_go_when_idle, name="geostance-store", daemon=True
            ).start()

    def _let_go_when_idle(self) -> None:
        """Close the lingering write connection once the burst is over or anyone waits."""
        while True:
            with self._mutex:
                if self._con is None or not self._writing:
                    self._lingering = False
                    return
                idle = not self._sessions and not self._in_tx
                if idle and (time.monotonic() >= self._linger_until or self._someone_waits()):
                    self._close_con()
                    self._lingering = False
                    return
            time.sleep(0.01)

    def _pending_migrations(self) -> bool:
        try:
            rows = self._con.execute("SELECT name FROM _migrations").fetchall()
        except duckdb.Error:
            return True
        done = {r[0] for r in rows}
        return any(name not in done for name, _ in MIGRATIONS)

    def _live(self) -> Any:
        """The open connection of a shared store, opening a read-only one when none is (a
        write connection left from a burst of writes gives way to it)."""
        with self._mutex:
            if self._writing and not self._sessions and not self._in_tx:
                self._close_con()
            if self._con is None:
                if self._closed:
                    raise StoreError(f"store {self.path} is closed; open it again")
                self._open(write=False)
                self.refresh_views()
            return self._con

    @contextmanager
    def _briefly(self) -> Iterator[Any]:
        """One read by a writer between its writes (ingest, while it codes the next
        documents): a shared store keeps its read connection, which other readers share, but
        lets go of the file when another writer waits, so two writers never wait on each
        other's read connections."""
        try:
            yield self.con
        finally:
            if self.shared and not self._in_tx and self.write_wanted():
                self._close_con()

    def version(self) -> tuple[Any, ...] | None:
        """A cheap token that changes whenever the file changes (size and time of the file
        and its write-ahead log); None for ``":memory:"``. Caches compare it."""
        if self.path == ":memory:":
            return None
        out: list[Any] = []
        for name in (self.path, self.path + ".wal"):
            try:
                st = os.stat(name)
            except OSError:
                out.append(None)
            else:
                out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(out)

    def votes_version(self) -> int:
        """How many UN vote files are imported: changes exactly when the vote tables do."""
        try:
            row = self.con.execute("SELECT count(*) FROM vote_imports").fetchone()
        except duckdb.Error:
            return 0
        return int(row[0]) if row else 0

    def write_wanted(self) -> bool:
        """True while a writer (another process, or this one) waits for the file."""
        if self.path == ":memory:":
            return False
        return _fresh(write_intent_path(self.path))

    def release(self) -> None:
        """Done for now: bring the full-text index up to date after this store's writes and,
        for a shared store, close the file so that other processes may write it (the next
        use opens it again)."""
        if self._in_tx:
            return
        if not self.shared:
            if self._owner and not self.read_only and self.path != ":memory:":
                self.refresh_search_index()
            return
        if self._search_stale and not self.read_only and not self._closed:
            self._write_briefly(self.refresh_search_index)
        with self._mutex:
            self._close_con()

    def set_memory_limit(self, limit: str) -> None:
        """Cap DuckDB's memory (its default is 80% of RAM), so a long ingest stays bounded.

        Set with SET rather than at connect time, so that other connections to the same file
        in this process (a web pool, tests) do not clash over a differing configuration.
        """
        text = limit.strip()
        if not text.replace(".", "").isalnum():
            raise StoreError(f"memory_limit {limit!r} is not a size; write e.g. 512MB or 2GB")
        try:
            self.con.execute(f"SET memory_limit = '{text}'")
        except duckdb.Error as e:
            raise StoreError(
                f"memory_limit {limit!r} is not a size DuckDB accepts ({e}); write e.g. 512MB"
            ) from None
        self._memory_limit = text
