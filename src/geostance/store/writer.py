"""Storing one document whose sentences and events arrive in pieces (issue 13).

A long document is coded a chunk at a time (``nlp.coder.code_pieces``); holding all its
events as Python objects until the end grew with the document (a 50 MB text passed 870 MB
halfway). A :class:`DocumentWriter` keeps at most ``batch`` rows (sentences and events) in
memory; when more come it *stages* them: they are appended, as Arrow row groups, to Parquet
files in a staging folder beside the store (``.<store name>.staging-<pid>-*``). ``commit()``
then stores the document row, its sentences and its events in **one transaction**, the
rows read back from the staging files by DuckDB (``INSERT ... SELECT ... FROM read_parquet``),
which streams them. So:

* a document is stored all or nothing: a failure or a kill -9 before or during the commit
  leaves none of it in the store, only staging files, which the next writer on that store
  removes when the process that wrote them is gone;
* the store is held for writing only for the commit, not while the document is coded, so
  readers of a shared store are not locked out by a long document;
* events are deduplicated by id within each batch in Python and across batches in the
  insert, and the count ``commit()`` returns is the number of events stored.

A document whose rows fit in one batch (nearly all) never touches the disk: its rows go in
as one Arrow table, as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from geostance.errors import StoreError
from geostance.models import Document, Event, Sentence

if TYPE_CHECKING:
    from geostance.store import Store

#: Rows (sentences and events) of one document kept in memory before they are staged.
INSERT_BATCH = 5_000
SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "idx", "start", "end", "paragraph", "text")


def staging_prefix(store_path: str) -> tuple[Path, str]:
    """Where a store's staging folders go, and how their names start."""
    if store_path == ":memory:":
        return Path(tempfile.gettempdir()), "geostance-staging-"
    path = Path(store_path).resolve()
    return path.parent, f".{path.name}.staging-"


def sweep_staging(store_path: str) -> list[Path]:
    """Remove the staging folders of this store left by processes that are gone (a kill -9
    mid-document); return them."""
    root, prefix = staging_prefix(store_path)
    removed = []
    with contextlib.suppress(OSError):
        for folder in root.glob(f"{prefix}*"):
            pid = folder.name[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class _Stage:
    """A staging folder with one Parquet file per table, appended a batch at a time."""

    def __init__(self, store_path: str, schemas: dict[str, Any]) -> None:
        sweep_staging(store_path)
        root, prefix = staging_prefix(store_path)
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=root))
        except OSError:  # the store's folder is not writable: the temporary folder
            self.folder = Path(tempfile.mkdtemp(prefix=f"geostance-staging-{os.getpid()}-"))
        self.schemas = schemas
        self.writers: dict[str, Any] = {}
        self.rows: dict[str, int] = {}

    def path(self, table: str) -> Path:
        return self.folder / f"{table}.parquet"

    def write(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not rows:
            return
        schema = self.schemas[table]
        data = pa.Table.from_arrays(
            [pa.array([r[i] for r in rows], type=f.type) for i, f in enumerate(schema)],
            schema=schema,
        )
        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(self.path(table), schema)
        self.writers[table].write_table(data)
        self.rows[table] = self.rows.get(table, 0) + len(rows)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()
        self.writers.clear()

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class DocumentWriter:
    """Stores one document whose sentences and events are given in pieces (see the module
    docstring). ``add`` them, then ``commit()``; leaving the ``with`` block (or ``discard()``)
    without a commit stores nothing and removes the staging files."""

    def __init__(self, store: Store, doc: Document, *, batch: int = INSERT_BATCH) -> None:
        self.store = store
        self.doc = doc
        self.batch = max(1, batch)
        self.events_given = 0  # after duplicates within a batch are dropped
        self._sentences: list[tuple[Any, ...]] = []
        self._events: list[list[Any]] = []
        self._ids: set[str] = set()  # event ids of the batch in memory
        self._stage: _Stage | None = None
        self._done = False

    def __enter__(self) -> DocumentWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    @property
    def staged(self) -> bool:
        """True once rows went to the staging files (the document outgrew one batch)."""
        return self._stage is not None

    def add(self, sentences: Iterable[Sentence] = (), events: Iterable[Event] = ()) -> None:
        """Take more sentences and events of the document; stage them when the batch is full."""
        from geostance.store import EVENT_COLUMNS

        if self._done:
            raise StoreError(f"document {self.doc.origin} was already committed or discarded")
        for s in sentences:
            self._sentences.append((s.doc_id, s.index, s.start, s.end, s.paragraph, s.text))
        for e in events:
            if e.id in self._ids:
                continue
            self._ids.add(e.id)
            self._events.append([e.id, *(getattr(e, c) for c in EVENT_COLUMNS)])
            self.events_given += 1
        if len(self._sentences) + len(self._events) >= self.batch:
            self._spill()

    def _spill(self) -> None:
        if self._stage is None:
            self._stage = _Stage(self.store.path, self._schemas())
        try:
            self._stage.write("sentences", self._sentences)
            self._stage.write("events", self._events)
        except (OSError, ValueError, TypeError) as e:  # a full disk, a value of a wrong type
            raise StoreError(f"cannot stage document {self.doc.origin}: {e}") from None
        self._sentences, self._events, self._ids = [], [], set()

    def _schemas(self) -> dict[str, Any]:
        from geostance.store import EVENT_COLUMNS

        out = {}
        with self.store._briefly() as con:
            for table, columns in (
                ("sentences", SENTENCE_COLUMNS),
                ("events", ("id", *EVENT_COLUMNS)),
            ):
                cols = ", ".join(f'"{c}"' for c in columns)
                out[table] = (
                    con.execute(f"SELECT {cols} FROM {table} LIMIT 0").fetch_arrow_table().schema
                )
        return out

    def commit(self) -> int | None:
        """Store the document with everything added, in one transaction; return the number
        of events stored, or None (and store nothing) when the document is already stored."""
        from geostance.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, _bulk_insert

        store, doc = self.store, self.doc
        if self._done:
            raise StoreError(f"document {doc.origin} was already committed or discarded")
        try:
            if self._stage is not None:
                self._spill()
                self._stage.close()
            with store.transaction() as con:
                if store.has_document(doc.id):
                    return None
                con.execute(
                    f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})",
                    [getattr(doc, c) for c in DOCUMENT_COLUMNS],
                )
                event_columns = ("id", *EVENT_COLUMNS)
                if self._stage is None:
                    if self._sentences:
                        _bulk_insert(con, "sentences", SENTENCE_COLUMNS, self._sentences)
                    if not self._events:
                        return 0
                    return _bulk_insert(con, "events", event_columns, self._events, key="id")
                return self._insert_staged(con, event_columns)
        except duckdb.Error as e:
            raise StoreError(f"cannot store document {doc.origin}: {e}") from None
        finally:
            self.discard()

    def _insert_staged(self, con: Any, event_columns: Sequence[str]) -> int:
        assert self._stage is not None
        stage = self._stage
        if stage.rows.get("sentences"):
            cols = ", ".join(f'"{c}"' for c in SENTENCE_COLUMNS)
            con.execute(
                f"INSERT INTO sentences ({cols}) SELECT {cols} "
                f"FROM read_parquet({_sql_path(stage.path('sentences'))})"
            )
        if not stage.rows.get("events"):
            return 0
        cols = ", ".join(f'"{c}"' for c in event_columns)
        # one row per id (a duplicate may sit in another batch), none already stored
        row = con.execute(
            f"INSERT INTO events ({cols}) SELECT {cols} "
            f"FROM read_parquet({_sql_path(stage.path('events'))}) n "
            "WHERE NOT EXISTS (SELECT 1 FROM events t WHERE t.id = n.id) "
            "QUALIFY row_number() OVER (PARTITION BY n.id) = 1"
        ).fetchone()
        return int(row[0]) if row else 0

    def discard(self) -> None:
        """Drop what was added and remove the staging files (after a commit, or instead)."""
        self._done = True
        self._sentences, self._events, self._ids = [], [], set()
        if self._stage is not None:
            self._stage.remove()
            self._stage = None
