"""The embedded DuckDB store: the only module that imports duckdb.

``Store(path)`` opens (or creates) the file and applies pending migrations. Writes of one
document (its row, sentences and events) happen in one transaction, so a process killed
mid-ingest leaves every document either fully stored or absent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
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

EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Document))


def _bulk_insert(
    con: Any,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    key: str | None = None,
) -> None:
    """Insert rows as one Arrow table (``INSERT ... SELECT``): memory stays flat with the
    number of rows, unlike a per-row ``executemany ... ON CONFLICT`` (issue 13, about 1,300
    events per document at DuckDB's default memory limit). With ``key``, rows whose key is
    already stored are skipped (the caller removes duplicates within ``rows``)."""
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
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name} n{where}")
    finally:
        con.unregister(name)


def _extension_dir() -> str | None:
    try:
        import duckdb_ext
    except ImportError:
        return None
    return os.path.join(list(duckdb_ext.__path__)[0], "extensions")


class Store(AttachStoreMixin, SearchStoreMixin, VotesStoreMixin):
    """A geostance store in one DuckDB file (or ``":memory:"``)."""

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        read_only: bool = False,
        memory_limit: str | None = None,
    ) -> None:
        self.path = str(path)
        config: dict[str, Any] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        ext = _extension_dir()
        if ext:
            config["extension_directory"] = ext
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except (duckdb.Error, OSError) as e:
            raise StoreError(
                f"cannot open store {self.path}: {e}; check the path, or close the other "
                "process that holds it"
            ) from None
        if memory_limit:
            try:
                self.set_memory_limit(memory_limit)
            except StoreError:
                self.con.close()
                raise
        self._in_tx = False
        if not read_only:
            self.migrate()
        self.attach_notes: list[str] = []
        self.refresh_views()  # all_events / all_documents: native rows + attached Parquet

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

    # -- lifecycle -------------------------------------------------------------------------
    def cursor(self) -> Store:
        """A Store on the same database through its own DuckDB cursor, for another thread.

        A DuckDB connection must not be used by two threads at once; a cursor shares the
        database (and sees its committed writes) without sharing the connection. Migrations are
        not re-run (the parent applied them); the temporary views (``all_events``,
        ``all_documents``) live per connection, so they are rebuilt here. ``close()`` on the
        result closes only the cursor, never the parent's connection.
        """
        try:
            con = self.con.cursor()
        except duckdb.Error as e:
            raise StoreError(
                f"cannot open a cursor on store {self.path}: {e}; the store was probably "
                "closed; open it again"
            ) from None
        other = type(self).__new__(type(self))
        other.path = self.path
        other.con = con
        other._in_tx = False
        other.attach_notes = []
        other.refresh_views()
        return other

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Run the block in one transaction; nested calls join the outer one."""
        if self._in_tx:
            yield self.con
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_tx = False

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
        row = self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row is not None

    def fingerprints(self) -> list[tuple[str, int]]:
        """(id, fingerprint) of every original (non-duplicate) document."""
        return [
            (r[0], int(r[1]))
            for r in self.con.execute(
                "SELECT id, fingerprint FROM documents WHERE duplicate_of IS NULL"
            ).fetchall()
        ]

    def add_document(
        self, doc: Document, sentences: Sequence[Sentence] = (), events: Sequence[Event] = ()
    ) -> bool:
        """Store a document with its sentences and events in one transaction.

        Returns False (and writes nothing) when a document with this id is already stored.
        """
        try:
            with self.transaction() as con:
                if self.has_document(doc.id):
                    return False
                con.execute(
                    f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})",
                    [getattr(doc, c) for c in DOCUMENT_COLUMNS],
                )
                if sentences:
                    _bulk_insert(
                        con,
                        "sentences",
                        ("doc_id", "idx", "start", "end", "paragraph", "text"),
                        [
                            (s.doc_id, s.index, s.start, s.end, s.paragraph, s.text)
                            for s in sentences
                        ],  # fmt: skip
                    )
                self._insert_events(con, events)
        except duckdb.Error as e:
            raise StoreError(f"cannot store document {doc.origin}: {e}") from None
        return True

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
        where = "WHERE duplicate_of IS NULL" if originals_only else ""
        lim = f"LIMIT {int(limit)}" if limit else ""
        rows = self.con.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents {where} "
            f"ORDER BY ingested_at DESC, id {lim}"
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
