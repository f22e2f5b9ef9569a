"""Full-text search over stored sentences (DuckDB's fts extension, BM25).

The index is a derived table (``geostance_fts``: each sentence with the facts of the events
it holds) rebuilt when the store has changed since it was built; its signature is kept in
``geostance_fts_state``. Without the extension, a plain word match is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

FTS_TABLE = "geostance_fts"
FTS_STATE = "geostance_fts_state"

_COLUMNS = """f.doc_id, f.idx, f.start, f."end", f.text, f.score, d.title, d.date, d.url,
              d.origin, f.n_events"""


class SearchStoreMixin:
    """Mixed into ``Store``."""

    con: Any

    def transaction(self) -> AbstractContextManager[Any]:  # provided by Store
        raise NotImplementedError

    def load_extension(self, name: str) -> bool:  # provided by Store
        raise NotImplementedError

    def search_sentences(
        self, query: str, limit: int, *, words: Sequence[str] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows (doc_id, idx, start, end, text, score, title, date, url, origin, n_events),
        best first; near-duplicate copies left out."""
        if self._ensure_fts():
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

    def _ensure_fts(self) -> bool:
        """Build the index when missing or stale; False when fts cannot be used here."""
        import duckdb

        if not self.load_extension("fts"):
            return False
        sig = self._fts_signature()
        try:
            row = self.con.execute(f"SELECT signature FROM {FTS_STATE}").fetchone()
            if row and row[0] == sig:
                return True
        except duckdb.Error:
            pass  # no state table yet: build below
        try:
            self._build_fts(sig)
        except duckdb.Error:  # e.g. a read-only store: plain search instead
            return False
        return True

    def _build_fts(self, sig: str) -> None:
        with self.transaction() as con:
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
            con.execute(f"CREATE OR REPLACE TABLE {FTS_STATE} (signature VARCHAR)")
            con.execute(f"INSERT INTO {FTS_STATE} VALUES (?)", [sig])
        self.con.execute(
            f"PRAGMA create_fts_index('{FTS_TABLE}', 'sid', 'text', 'facts', overwrite=1)"
        )

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
