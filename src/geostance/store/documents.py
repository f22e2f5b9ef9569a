"""Documents in a ``Store``: storing one with its sentences and events in one transaction
(``add_document``, or ``writer()`` for one given in pieces), recoding a document's events,
and reading documents, their fingerprints and sentences back. ``_bulk_insert`` (also used by
``writer``) inserts rows as one Arrow table. Mixed into ``Store`` as ``DocumentsStoreMixin``.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, cast

from geostance.models import Document, Event, Sentence
from geostance.store.events import EVENT_COLUMNS
from geostance.store.writer import INSERT_BATCH, DocumentWriter

if TYPE_CHECKING:
    from geostance.store import Store

DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Document))


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


class DocumentsStoreMixin:
    """Mixed into ``Store``; uses ``self.con``, ``self.transaction()`` and ``self._briefly()``."""

    con: Any

    if TYPE_CHECKING:

        def transaction(self) -> AbstractContextManager[Any]: ...

        def _briefly(self) -> AbstractContextManager[Any]: ...

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
        return DocumentWriter(cast("Store", self), doc, batch=batch)

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
