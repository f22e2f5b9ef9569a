"""Store methods for UN roll calls and votes (issue 4).

A validated file's tables are written in one transaction together with its row in
``vote_imports`` (keyed by the file's SHA-256), so an import is all-or-nothing and re-importing
the same bytes stores nothing. Keyed tables use ``INSERT OR IGNORE``, so overlapping files (the
roll-call file and the issues file both carry issue codes) add each fact once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from geostance.errors import StoreError

_TABLES: dict[str, str] = {
    "rollcalls": "un_rollcalls",
    "votes": "un_votes",
    "issues": "un_rollcall_issues",
    "vetoes": "un_vetoes",
    "idealpoints": "un_idealpoints",
    "coincidence": "un_coincidence",
}
_REPLACE = {"idealpoints", "coincidence"}
"""Tables where a newer file's figure replaces the stored one (same key, corrected value)."""

_DATE_COLUMNS = ("date",)


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Dates as datetime64 and text as plain objects, so DuckDB infers the column types."""
    out = df.copy()
    for c in _DATE_COLUMNS:
        if c in out:
            out[c] = pd.to_datetime(out[c], errors="coerce")
    return out


class VotesStoreMixin:
    """Mixed into ``Store``; uses ``self.con`` (a DuckDB connection) and ``self.transaction()``."""

    con: Any
    path: str

    def transaction(self) -> Any:  # provided by Store
        raise NotImplementedError

    # -- writing ---------------------------------------------------------------------------
    def vote_import_seen(self, checksum: str) -> bool:
        """True when a file with these bytes was imported before."""
        row = self.con.execute(
            "SELECT 1 FROM vote_imports WHERE checksum = ?", [checksum]
        ).fetchone()
        return row is not None

    def add_vote_file(
        self,
        *,
        path: str,
        format: str,
        checksum: str,
        rows: int,
        tables: dict[str, pd.DataFrame],
    ) -> int:
        """Store one validated file's tables in one transaction; return rows newly stored.

        Returns 0 and writes nothing when the same bytes were imported before.
        """
        try:
            with self.transaction() as con:
                if self.vote_import_seen(checksum):
                    return 0
                stored = sum(self._insert_table(con, k, df) for k, df in tables.items())
                con.execute(
                    "INSERT INTO vote_imports (checksum, path, format, rows, stored) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [checksum, path, format, rows, stored],
                )
                return stored
        except duckdb.Error as e:
            raise StoreError(
                f"cannot store votes from {path}: {e}; nothing was stored from this file"
            ) from None

    def _insert_table(self, con: Any, kind: str, df: pd.DataFrame) -> int:
        if kind not in _TABLES:
            raise StoreError(f"unknown votes table {kind!r}; known: {', '.join(_TABLES)}")
        if df.empty:
            return 0
        table = _TABLES[kind]
        before = self._count(table)
        view = f"_incoming_{kind}"
        con.register(view, _prepare(df))
        try:
            cols = ", ".join(f'"{c}"' for c in df.columns)
            verb = "INSERT OR REPLACE" if kind in _REPLACE else "INSERT OR IGNORE"
            con.execute(f"{verb} INTO {table} ({cols}) SELECT {cols} FROM {view}")
        finally:
            con.unregister(view)
        after = self._count(table)
        return after - before if kind not in _REPLACE else len(df)

    def _count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # -- reading ---------------------------------------------------------------------------
    def vote_imports(self) -> pd.DataFrame:
        """One row per imported file (path, format, checksum, rows read and stored)."""
        return self.con.execute(
            "SELECT path, format, checksum, rows, stored, imported_at FROM vote_imports "
            "ORDER BY imported_at, path"
        ).df()

    def vote_counts(self) -> dict[str, int]:
        return {k: self._count(t) for k, t in _TABLES.items()}

    def rollcalls_df(
        self, *, body: str | None = None, datasets: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Roll calls with their issue codes (``issues``: comma-separated, sorted)."""
        where, params = self._rollcall_filter("r", body, datasets)
        return self.con.execute(
            "SELECT r.*, (SELECT string_agg(i.issue, ',' ORDER BY i.issue) "
            "FROM un_rollcall_issues i WHERE i.rollcall = r.id) AS issues "
            f"FROM un_rollcalls r {where} ORDER BY r.date NULLS LAST, r.id",
            params,
        ).df()

    def votes_df(
        self,
        *,
        body: str | None = None,
        datasets: Sequence[str] | None = None,
        rollcalls: Sequence[str] | None = None,
        countries: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Votes (rollcall, country, vote) filtered by body, dataset, roll call or country."""
        where, params = self._rollcall_filter("r", body, datasets)
        extra = []
        if rollcalls is not None:
            extra.append("v.rollcall IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(rollcalls))
        if countries is not None:
            extra.append("v.country IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(countries))
        if extra:
            where = (where + " AND " if where else "WHERE ") + " AND ".join(extra)
        return self.con.execute(
            "SELECT v.rollcall, v.country, v.vote FROM un_votes v "
            f"JOIN un_rollcalls r ON r.id = v.rollcall {where}",
            params,
        ).df()

    def votes_of(
        self, countries: Sequence[str], *, rollcalls: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """The votes (rollcall, country, vote) of a few states, optionally on given roll calls.

        The per-state read behind ``votes_toward`` and ``compare_votes``: DuckDB filters the
        vote table, so asking about one state never loads the other ~1.8M rows into pandas.
        Rows come ordered by roll call and country, so callers get a fixed order.
        """
        if not countries or (rollcalls is not None and not rollcalls):
            return pd.DataFrame(
                {c: pd.Series(dtype=object) for c in ("rollcall", "country", "vote")}
            )
        sql = "SELECT rollcall, country, vote FROM un_votes WHERE country IN (SELECT unnest(?))"
        params: list[Any] = [[str(c) for c in countries]]
        if rollcalls is not None:
            sql += " AND rollcall IN (SELECT unnest(?::VARCHAR[]))"
            params.append([str(r) for r in rollcalls])
        return self.con.execute(sql + " ORDER BY rollcall, country", params).df()

    @staticmethod
    def _rollcall_filter(
        alias: str, body: str | None, datasets: Sequence[str] | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if body:
            where.append(f"{alias}.body = ?")
            params.append(body)
        if datasets is not None:
            where.append(f"{alias}.dataset IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(datasets))
        return ("WHERE " + " AND ".join(where) if where else ""), params

    def vetoes_df(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT date, year, draft, meeting, agenda, topic, region, member, member_raw "
            "FROM un_vetoes ORDER BY date, seq, member"
        ).df()

    def idealpoints_df(
        self,
        *,
        dataset: str | None = None,
        issue: str | None = None,
        variant: str | None = None,
    ) -> pd.DataFrame:
        where, params = [], []
        for col, val in (("dataset", dataset), ("issue", issue), ("variant", variant)):
            if val is not None:
                where.append(f"{col} = ?")
                params.append(val)
        sql = "SELECT * FROM un_idealpoints"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.con.execute(sql + " ORDER BY period, country", params).df()

    def coincidence_df(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM un_coincidence ORDER BY year, country").df()
