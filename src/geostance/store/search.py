"""Full-text search over stored sentences (DuckDB's fts extension, BM25).

The index is a derived table (``geostance_fts``: each sentence with the facts of the events
it holds) and DuckDB's BM25 index over it; ``geostance_fts_state`` keeps the signature of the
store it was built from. The writer builds it, after its writes (``refresh_search_index``), in
one transaction, so a reader never sees it half-built or dropped. A reader that finds it missing
or stale does not rebuild it: it falls back to a plain word match until the next write. Only
the writer itself brings the index up to date before it searches: a store that holds its file
for writing the whole time (``Store(path)``, ``":memory:"``), or a shared store that wrote and
left the rebuild for later (``SEARCH_INDEX_EVERY``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

FTS_TABLE = "geostance_fts"
FTS_STATE = "geostance_fts_state"

_COLUMNS = """f.doc_id, f.idx, f.start, f."end", f.text, f.score, d.title, d.date, d.url,
              d.origin, f.n_events"""


class SearchStoreMixin:
    """Mixed into ``Store``."""

    con: Any
    shared: bool
    read_only: bool
    _in_tx: bool
    _owner: bool
    _search_built_at: float
    _search_cost: float
    _search_stale: bool

    def load_extension(self, name: str) -> bool:  # provided by Store
        raise NotImplementedError

    def search_sentences(
        self, query: str, limit: int, *, words: Sequence[str] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows (doc_id, idx, start, end, text, score, title, date, url, origin, n_events),
        best first; near-duplicate copies left out."""
        if self._search_index_ready():
            return list(
                self.con.execute(
                    f"""
                    SELECT {_COLUMNS}
                    FROM (SELECT *, fts_main_{FTS_TABLE}.match_bm25(sid, ?) AS score
                          FROM {FTS_TABLE}) f
                    JOIN documents d ON d.id = f.doc_id
                    WHERE f.score IS NOT NULL AND d.duplicate_of IS NULL
                    ORDER BY f.score DESC, f.doc_id, f.idx
                    LIMIT ?
                    """,
                    [query, limit],
                ).fetchall()
            )
        return self._search_plain([w for w in words if len(w) > 2][:12], limit)

    def _fts_signature(self) -> str:
        row = self.con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
            "(SELECT count(*) FROM events), (SELECT max(ingested_at) FROM documents)"
        ).fetchone()
        return ":".join(str(x) for x in row or ())

    def _fts_state(self) -> str | None:
        import duckdb

        try:
            row = self.con.execute(f"SELECT signature FROM {FTS_STATE}").fetchone()
        except duckdb.Error:
            return None  # never built
        return str(row[0]) if row else None

    def _search_index_changed(self) -> bool:
        """The store differs from what the index was built from (or there is no index)."""
        return self._fts_state() != self._fts_signature()

    def _search_index_ready(self) -> bool:
        """True when the BM25 index matches the store and can be queried here."""
        import duckdb

        if self.shared and self._search_stale and not self._in_tx:
            self.release()  # this process wrote and deferred the build: build it now
        try:
            if not self._search_index_changed():
                return self.load_extension("fts")
        except duckdb.Error:
            return False
        if self.shared or self.read_only or not self._owner or self._in_tx:
            return False  # a reader: plain word match until the writer rebuilds it
        return self.refresh_search_index()

    def refresh_search_index(self) -> bool:
        """(Re)build the index when the store has changed since it was built; the writer
        calls this after its writes. Atomic: readers see the old index or the new one.
        True when the index is current, False when it cannot be built here."""
        import duckdb

        if self._in_tx or not self.load_extension("fts"):
            return False
        sig = self._fts_signature()
        if self._fts_state() == sig:
            self._search_stale = False
            return True
        started = time.monotonic()
        con = self.con
        try:
            con.execute("BEGIN TRANSACTION")
        except duckdb.Error:
            return False
        try:
            self._build_fts(con, sig)
            con.execute("COMMIT")
        except duckdb.Error:  # e.g. a read-only store: plain search instead
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the failed statement already ended the transaction
            return False
        self._search_built_at = time.monotonic()
        self._search_cost = self._search_built_at - started
        self._search_stale = False
        return True

    def release(self) -> None:  # provided by Store
        raise NotImplementedError

    @staticmethod
    def _build_fts(con: Any, sig: str) -> None:
        con.execute(
            f"""
            CREATE OR REPLACE TABLE {FTS_TABLE} AS
            SELECT s.doc_id || ':' || s.idx AS sid, s.doc_id, s.idx, s.start, s."end",
                   s.text, count(e.id) AS n_events,
                   coalesce(string_agg(e.source || ' ' || coalesce(e.target, '') || ' ' ||
                            coalesce(e.trigger, '') || ' ' || coalesce(e.plover, ''), ' '),
                            '') AS facts
            FROM sentences s
            LEFT JOIN events e ON e.doc_id = s.doc_id AND e.sentence_start = s.start
            GROUP BY ALL
            """
        )
        con.execute(f"PRAGMA create_fts_index('{FTS_TABLE}', 'sid', 'text', 'facts', overwrite=1)")
        con.execute(f"CREATE OR REPLACE TABLE {FTS_STATE} (signature VARCHAR)")
        con.execute(f"INSERT INTO {FTS_STATE} VALUES (?)", [sig])

    def _search_plain(self, words: Sequence[str], limit: int) -> list[tuple[Any, ...]]:
        if not words:
            return []
        score = " + ".join("CAST(s.text ILIKE ? AS INTEGER)" for _ in words)
        pats = [f"%{w}%" for w in words]
        return list(
            self.con.execute(
                f"""
                SELECT s.doc_id, s.idx, s.start, s."end", s.text, ({score}) AS score, d.title,
                       d.date, d.url, d.origin, 0
                FROM sentences s JOIN documents d ON d.id = s.doc_id
                WHERE d.duplicate_of IS NULL AND ({score}) > 0
                ORDER BY score DESC, s.doc_id, s.idx LIMIT ?
                """,
                [*pats, *pats, limit],
            ).fetchall()
        )
