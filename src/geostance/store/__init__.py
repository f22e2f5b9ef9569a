"""The embedded DuckDB store: the only module that imports duckdb.

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
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math
import os
import sys
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from geostance.errors import StoreError
from geostance.models import Document, Event, Sentence
from geostance.store.attach import AttachStoreMixin
from geostance.store.migrations import MIGRATIONS
from geostance.store.search import SearchStoreMixin
from geostance.store.votes import VotesStoreMixin
from geostance.store.writer import INSERT_BATCH, DocumentWriter

EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Document))
#: Seconds a store waits for another process's hold on the file before giving up.
LOCK_WAIT = 30.0
#: A waiting writer's intent file counts while it was touched this recently (seconds).
INTENT_FRESH = 2.0
#: A shared writer keeps its write connection this long after a commit (seconds), so that
#: the documents an ingest stores in a burst share one opening of the file; it lets go at
#: once when anyone waits for the file.
WRITE_LINGER = 0.2
#: A shared writer rebuilds the full-text index right after a write at most this often
#: (seconds, or ten times the last build's duration if longer); otherwise on ``release()``.
SEARCH_INDEX_EVERY = 10.0


def _file_kind(path: str) -> str | None:
    """What a file that DuckDB cannot open is, by its first bytes (None: unknown)."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3"):
        return "an SQLite database"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    if head[:2] == b"\x1f\x8b":
        return "a gzip file"
    if head.startswith(b"PK"):
        return "a zip file"
    return None


def _bulk_insert(
    con: Any,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    key: str | None = None,
) -> int:
    """Insert rows as one Arrow table (``INSERT ... SELECT``): memory stays flat with the
    number of rows, unlike a per-row ``executemany ... ON CONFLICT`` (issue 13, about 1,300
    events per document at DuckDB's default memory limit). With ``key``, rows whose key is
    already stored are skipped (the caller removes duplicates within ``rows``). Returns the
    number of rows inserted."""
    import pyarrow as pa

    data = pa.Table.from_arrays(
        [pa.array([r[i] for r in rows]) for i in range(len(columns))], names=list(columns)
    )
    name = f"_bulk_{table}"
    cols = ", ".join(f'"{c}"' for c in columns)
    where = (
        f' WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t."{key}" = n."{key}")' if key else ""
    )
    con.register(name, data)
    try:
        row = con.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name} n{where}"
        ).fetchone()
    finally:
        con.unregister(name)
    return int(row[0]) if row else 0


def _extension_dir() -> str | None:
    try:
        import duckdb_ext
    except ImportError:
        return None
    return os.path.join(list(duckdb_ext.__path__)[0], "extensions")


def _is_busy(error: Exception) -> bool:
    """The file is held by another process (a lock), or by this one in the other mode."""
    text = str(error)
    return (
        "Could not set lock" in text
        or "Conflicting lock" in text
        or "different configuration" in text
    )


#: DuckDB's words when this process already has the file open in the other mode.
_HERE = "different configuration"


def write_intent_path(path: str | Path) -> Path:
    """The file a waiting writer touches beside the store: ``<store>.write-intent``."""
    return Path(f"{path}.write-intent")


def read_intent_path(path: str | Path) -> Path:
    """The file a waiting reader touches beside the store: ``<store>.read-intent``."""
    return Path(f"{path}.read-intent")


def _fresh(intent: Path) -> bool:
    try:
        touched = intent.stat().st_mtime
    except OSError:
        return False
    return time.time() - touched < INTENT_FRESH


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


class Store(AttachStoreMixin, SearchStoreMixin, VotesStoreMixin):
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

    # -- documents -------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        with self._briefly() as con:
            row = con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row is not None

    def fingerprints(self) -> list[tuple[str, int]]:
        """(id, fingerprint) of every original (non-duplicate) document."""
        with self._briefly() as con:
            rows = con.execute(
                "SELECT id, fingerprint FROM documents WHERE duplicate_of IS NULL"
            ).fetchall()
        return [(r[0], int(r[1])) for r in rows]

    def add_document(
        self, doc: Document, sentences: Sequence[Sentence] = (), events: Sequence[Event] = ()
    ) -> bool:
        """Store a document with its sentences and events in one transaction.

        Returns False (and writes nothing) when a document with this id is already stored.
        A document given in pieces, too long to hold at once, goes through ``writer()``.
        """
        with self.writer(doc, batch=sys.maxsize) as w:
            w.add(sentences, events)
            return w.commit() is not None

    def writer(self, doc: Document, *, batch: int = INSERT_BATCH) -> DocumentWriter:
        """A writer that stores ``doc`` with sentences and events given in pieces, holding
        at most ``batch`` rows in memory, all in one transaction at ``commit()``."""
        return DocumentWriter(self, doc, batch=batch)

    def _insert_events(self, con: Any, events: Iterable[Event]) -> int:
        rows = []
        seen: set[str] = set()
        for e in events:
            if e.id in seen:
                continue
            seen.add(e.id)
            rows.append([e.id, *(getattr(e, c) for c in EVENT_COLUMNS)])
        if rows:
            _bulk_insert(con, "events", ("id", *EVENT_COLUMNS), rows, key="id")
        return len(rows)

    def replace_events(self, doc_id: str, events: Sequence[Event]) -> int:
        """Replace the events of one document (recoding) in one transaction."""
        with self.transaction() as con:
            con.execute("DELETE FROM events WHERE doc_id = ?", [doc_id])
            return self._insert_events(con, events)

    def document(self, doc_id: str) -> Document | None:
        row = self.con.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM all_documents WHERE id = ? OR id LIKE ? "
            "ORDER BY id LIMIT 1",
            [doc_id, doc_id + "%"],
        ).fetchone()
        if row is None:
            return None
        return Document(**dict(zip(DOCUMENT_COLUMNS, row, strict=True)))

    def documents(
        self, *, limit: int | None = None, originals_only: bool = False
    ) -> list[Document]:
        """Stored documents, newest first by their date (undated last, then by ingestion)."""
        where = "WHERE duplicate_of IS NULL" if originals_only else ""
        lim = f"LIMIT {int(limit)}" if limit else ""
        rows = self.con.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents {where} "
            f"ORDER BY date DESC NULLS LAST, ingested_at DESC, id {lim}"
        ).fetchall()
        return [Document(**dict(zip(DOCUMENT_COLUMNS, r, strict=True))) for r in rows]

    def sentences(self, doc_id: str) -> list[Sentence]:
        rows = self.con.execute(
            'SELECT doc_id, idx, start, "end", text, paragraph FROM sentences '
            "WHERE doc_id = ? ORDER BY idx",
            [doc_id],
        ).fetchall()
        return [Sentence(*r) for r in rows]

    # -- events ----------------------------------------------------------------------------
    def events(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        doc_id: str | None = None,
        include_duplicates: bool = False,
        limit: int | None = None,
    ) -> list[Event]:
        """Events matching the filters, by date then document order.

        Events of documents linked as near-duplicates of another are left out unless asked
        for, so that one syndicated story is counted once.
        """
        sql, params = self._event_query(
            source=source,
            target=target,
            since=since,
            until=until,
            doc_id=doc_id,
            include_duplicates=include_duplicates,
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = self.con.execute(sql, params).fetchall()
        return [Event(**dict(zip(EVENT_COLUMNS, r, strict=True))) for r in rows]

    def _event_query(
        self,
        *,
        source: str | None,
        target: str | None,
        since: dt.date | None,
        until: dt.date | None,
        doc_id: str | None,
        include_duplicates: bool,
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if source:
            where.append("e.source = ?")
            params.append(source)
        if target:
            where.append("e.target = ?")
            params.append(target)
        if since:
            where.append("COALESCE(e.date_end, e.date) >= ?")
            params.append(since)
        if until:
            where.append("e.date <= ?")
            params.append(until)
        if doc_id:
            where.append("e.doc_id = ?")
            params.append(doc_id)
        if not include_duplicates:
            where.append("d.duplicate_of IS NULL")
        cols = ", ".join(f"e.{c}" if c != "doc" else "e.doc" for c in EVENT_COLUMNS)
        sql = f"SELECT {cols} FROM all_events e JOIN all_documents d ON d.id = e.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_start, e.trigger_start"
        return sql, params

    def events_df(self, **filters: Any) -> Any:
        """The same as ``events`` as a pandas DataFrame (with the ``id`` column)."""
        sql, params = self._event_query(
            source=filters.get("source"),
            target=filters.get("target"),
            since=filters.get("since"),
            until=filters.get("until"),
            doc_id=filters.get("doc_id"),
            include_duplicates=filters.get("include_duplicates", False),
        )
        sql = sql.replace("SELECT ", "SELECT e.id, ", 1)
        return self.con.execute(sql, params).df()

    def dyad_counts(self, *, min_events: int = 1) -> Any:
        """Events per (source, target) with counts per QuadClass and negated counts."""
        return self.con.execute(
            """
            SELECT e.source, coalesce(e.target, '-') AS target, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS q1_verbal_coop,
                   count(*) FILTER (WHERE quad_class = 2) AS q2_material_coop,
                   count(*) FILTER (WHERE quad_class = 3) AS q3_verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS q4_material_conflict,
                   count(*) FILTER (WHERE negated) AS negated,
                   round(sum(goldstein) FILTER (WHERE NOT negated), 1) AS goldstein_sum
            FROM all_events e JOIN all_documents d ON d.id = e.doc_id
            WHERE d.duplicate_of IS NULL
            GROUP BY ALL HAVING count(*) >= ?
            ORDER BY events DESC, e.source, target
            """,
            [min_events],
        ).df()

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "sentences", "events"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query (for the facade's measures); returns rows."""
        return self.con.execute(sql, list(params)).fetchall()

    def query_df(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.con.execute(sql, list(params)).df()
