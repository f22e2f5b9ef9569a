"""Reading events out of a ``Store``: events by source, target, window and document (as
``Event`` objects or a DataFrame), the SQL those share, counts per dyad and QuadClass, row
counts per table, and plain read queries for the facade's measures. Reads go through the
``all_events`` / ``all_documents`` views, so attached Parquet folders count too, and
near-duplicate documents are left out unless asked for. Mixed into ``Store`` as
``EventsStoreMixin``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from geostance.models import Event

EVENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))


def window_clause(since: dt.date | None, until: dt.date | None) -> tuple[list[str], list[Any]]:
    """The conditions (and their parameters) that keep the events of a date window, on the
    events table as ``e``: an event that spans dates counts in every window it reaches."""
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("COALESCE(e.date_end, e.date) >= ?")
        params.append(since)
    if until:
        where.append("e.date <= ?")
        params.append(until)
    return where, params


class EventsStoreMixin:
    """Mixed into ``Store``; uses ``self.con``."""

    con: Any

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
        window, dates = window_clause(since, until)
        where += window
        params += dates
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
