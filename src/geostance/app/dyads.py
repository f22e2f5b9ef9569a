"""Fetching a dyad's events for the stance facade (:mod:`geostance.app.stance`): the actors pooled
into each side (predecessor states, organs), the events and counts the store holds for them,
the votes channel's rows, and documents fetched only when an answer cites them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from geostance import answers as ans
from geostance.errors import GeostanceError, QuestionError
from geostance.measures.stance import Tally
from geostance.models import Document, Event
from geostance.store import DOCUMENT_COLUMNS, EVENT_COLUMNS
from geostance.store.events import window_clause

if TYPE_CHECKING:
    from geostance import config
    from geostance.store import Store

__all__ = ["EVENTS_FROM", "MAX_QUERY", "DyadMixin"]

MAX_QUERY = 1000
# the events a dyad's queries read, each with its document (dates, duplicates)
EVENTS_FROM = "FROM events e JOIN documents d ON d.id = e.doc_id"


class _LazyDocs(Mapping[str, Document]):
    """Documents fetched from the store only when an answer cites them."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, Document | None] = {}

    def __getitem__(self, key: str) -> Document:
        if key not in self._cache:
            rows = self._store.query(
                f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?", [key]
            )
            self._cache[key] = (
                Document(**dict(zip(DOCUMENT_COLUMNS, rows[0], strict=True))) if rows else None
            )
        doc = self._cache[key]
        if doc is None:
            raise KeyError(key)
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._cache.items() if v is not None)

    def __len__(self) -> int:
        return sum(v is not None for v in self._cache.values())


class DyadMixin:
    """A dyad's events, counts, pooled actors and votes, fetched from the store."""

    store: Store
    settings: config.Settings
    gazetteer: Any
    nlp: Any

    # -- fetching --------------------------------------------------------------------------
    def _members(self) -> dict[str, list[Any]]:
        """actor id -> actors pooled with it: predecessor states and organs (parent links)."""
        cached = self.__dict__.get("_stance_members")
        if cached is not None:
            return cached
        members: dict[str, list[Any]] = {}
        try:
            everyone = self.gazetteer.actors()
        except (GeostanceError, TypeError, ValueError):
            everyone = []
        for a in everyone:
            heads = set()
            if a.kind == "former_state":
                heads.add(_call(self.gazetteer, "successor", a.id))
            heads.add(_call(self.gazetteer, "parent", a.id))
            for head in heads - {None, a.id}:
                members.setdefault(str(head), []).append(a)
        self.__dict__["_stance_members"] = members
        return members

    def _lineage(
        self, actor: str, since: dt.date | None = None, until: dt.date | None = None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The actor with the actors pooled into it inside the window, and notes saying so.

        A predecessor state (SUN for RUS) counts only when the window reaches its years; an
        organ (PA, PLO for PSE) always.
        """
        pooled = []
        for a in sorted(self._members().get(actor, []), key=lambda a: a.id):
            if since and a.end and a.end < since:
                continue
            if until and a.start and a.start > until:
                continue
            pooled.append(a)
        notes = tuple(
            f"{self._name(actor)} includes "
            + ("its predecessor " if a.kind == "former_state" else "")
            + f"{a.name} ({a.id}): its events are counted as {actor}'s"
            for a in pooled
        )
        return (actor, *(a.id for a in pooled)), notes

    def _sides(
        self, source: str, target: str, since: dt.date | None, until: dt.date | None
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """A dyad's two sides, each with the actors pooled into it, and the notes saying so."""
        sources, s_notes = self._lineage(source, since, until)
        targets, t_notes = self._lineage(target, since, until)
        return sources, targets, (*s_notes, *t_notes)

    def _name(self, actor: str) -> str:
        try:
            a = self.gazetteer.get(actor)
        except (GeostanceError, KeyError):
            a = None
        return a.name if a is not None else actor

    def _actor_id(self, name: str) -> str:
        """An actor id from an id or a name; QuestionError with suggestions otherwise."""
        names: dict[str, str] = {}
        return ans.resolve_slot(name, self.gazetteer, names, [])

    def _dyad_events(
        self,
        source: str,
        target: str,
        since: dt.date | None,
        until: dt.date | None,
        *,
        strongest: int | None = None,
    ) -> tuple[list[Event], tuple[str, ...]]:
        """Events of the source (with predecessors) toward the target (with predecessors).

        ``strongest`` keeps only that many events, the strongest first (for evidence only).
        """
        sources, targets, notes = self._sides(source, target, since, until)
        where, params = _dyad_where(sources, targets, since, until)
        cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
        rows = self.store.query(
            f"SELECT {cols} {EVENTS_FROM} WHERE {where} "
            + (
                "ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_start, e.trigger_start"
                if strongest is None
                else "ORDER BY abs(e.goldstein) DESC, e.confidence DESC, e.doc_id, "
                f"e.sentence_start, e.trigger_start LIMIT {int(strongest)}"
            ),
            params,
        )
        out = [Event(**dict(zip(EVENT_COLUMNS, r, strict=True))) for r in rows]
        if strongest is not None:  # a sample: its counts would not be the dyad's
            return out, notes
        counts = Counter((e.source, e.target or "") for e in out)
        return out, self._pool_notes(source, target, sources, targets, counts)

    def _dyad_tallies(
        self,
        source: str,
        target: str,
        since: dt.date | None,
        until: dt.date | None,
        *,
        counted: bool = True,
    ) -> tuple[list[Tally], tuple[str, ...]]:
        """The dyad's events counted by the store (GROUP BY), for measures without evidence.

        With ``counted`` the notes say how many events each pooled actor brings (one more
        query when an actor is pooled); without, only which actors are pooled.
        """
        sources, targets, notes = self._sides(source, target, since, until)
        where, params = _dyad_where(sources, targets, since, until)
        rows = self.store.query(
            "SELECT e.quad_class, CAST(sign(e.goldstein) AS INTEGER), e.modality, e.negated, "
            "e.cameo_root, count(*), sum(e.goldstein) "
            f"{EVENTS_FROM} WHERE {where} "
            "GROUP BY ALL ORDER BY ALL",
            params,
        )
        out = [Tally(int(q), int(p), str(m), bool(n), str(r), int(c), float(g))
               for q, p, m, n, r, c, g in rows]  # fmt: skip
        if not counted or (len(sources) == 1 and len(targets) == 1):
            return out, notes
        return out, self._pool_notes(
            source, target, sources, targets, self._pair_counts(sources, targets, since, until)
        )

    def _pair_counts(
        self,
        sources: Sequence[str],
        targets: Sequence[str],
        since: dt.date | None,
        until: dt.date | None,
    ) -> Counter[tuple[str, str]]:
        """Events per (source id, target id) among the given ids, as the measures count them."""
        where, params = _dyad_where(sources, targets, since, until)
        rows = self.store.query(
            f"SELECT e.source, e.target, count(*) {EVENTS_FROM} WHERE {where} GROUP BY ALL",
            params,
        )
        return Counter({(str(s), str(t or "")): int(n) for s, t, n in rows})

    def _pooled(
        self,
        source: str,
        target: str,
        sources: Sequence[str],
        targets: Sequence[str],
        counts: Mapping[tuple[str, str], int],
    ) -> list[dict[str, Any]]:
        """Each actor pooled into either side, with the number of the dyad's events it brings."""
        out = []
        for side, into, ids in (("source", source, sources), ("target", target, targets)):
            at = 0 if side == "source" else 1
            for pooled in ids[1:]:
                actor = _call(self.gazetteer, "get", pooled)
                out.append(
                    {
                        "id": pooled,
                        "name": self._name(pooled),
                        "kind": getattr(actor, "kind", None),
                        "side": side,
                        "into": into,
                        "events": sum(n for pair, n in counts.items() if pair[at] == pooled),
                    }
                )
        return out

    def _pool_notes(
        self,
        source: str,
        target: str,
        sources: Sequence[str],
        targets: Sequence[str],
        counts: Mapping[tuple[str, str], int],
    ) -> tuple[str, ...]:
        """Which actors pooled into the dyad bring events to it, and how many each."""
        notes = []
        for p in self._pooled(source, target, sources, targets, counts):
            if not p["events"]:
                continue
            head = p["into"]
            what = "its predecessor " if p["kind"] == "former_state" else ""
            n = f"{p['events']} event{'' if p['events'] == 1 else 's'}"
            brings = (
                f"{n} of {p['id']} toward {self._name(target)} counted as {head}'s"
                if p["side"] == "source"
                else f"{n} of {self._name(source)} toward {p['id']} counted as toward {head}"
            )
            notes.append(f"{self._name(head)} includes {what}{p['name']} ({p['id']}): {brings}")
        return tuple(notes)

    def pooled_actors(
        self,
        source: str,
        target: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> list[dict[str, Any]]:
        """The actors pooled into a dyad's two sides inside the window (predecessor states,
        organs) and how many of its events each brings: ``id``, ``name``, ``kind``, ``side``
        ("source" or "target"), ``into`` (the actor it counts as) and ``events``."""
        src, tgt = self._actor_id(source), self._actor_id(target)
        d0, d1 = _date(since, "since"), _date(until, "until")
        sources, targets, _ = self._sides(src, tgt, d0, d1)
        if len(sources) == 1 and len(targets) == 1:
            return []
        counts = self._pair_counts(sources, targets, d0, d1)
        return self._pooled(src, tgt, sources, targets, counts)

    def pooled_events(
        self,
        source: str,
        target: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> list[Event]:
        """A dyad's events as its stance measures and answers count them: those of the actors
        pooled into either side too (each keeps its own source and target ids)."""
        src, tgt = self._actor_id(source), self._actor_id(target)
        events, _ = self._dyad_events(src, tgt, _date(since, "since"), _date(until, "until"))
        return events

    def _votes(
        self,
        source: str,
        target: str,
        since: dt.date | None,
        until: dt.date | None,
        *,
        check: bool = True,
    ) -> tuple[list[dict[str, Any]], bool]:
        """Vote rows from the votes channel, and whether any UN votes are imported at all
        (asked only when ``check``: peers do not need to know)."""
        fn = getattr(self, "votes_toward", None)
        if fn is None:
            return [], False
        df = fn(source, target, since=since, until=until)
        rows = [] if df is None or len(df) == 0 else df.to_dict("records")
        return rows, bool(rows) or (check and self._any_votes())

    def _any_votes(self) -> bool:
        """True when the store holds UN votes (asked of the votes channel's store methods)."""
        counts = getattr(self.store, "vote_counts", None)
        if counts is None:
            return False
        try:
            return any(int(v) > 0 for v in counts().values())
        except (GeostanceError, TypeError, ValueError, AttributeError):
            return False


def _dyad_where(
    sources: Sequence[str],
    targets: Sequence[str],
    since: dt.date | None,
    until: dt.date | None,
) -> tuple[str, list[Any]]:
    """WHERE clause of a dyad's events (the store's filters, for several ids at once)."""
    where = [
        f"e.source IN ({', '.join('?' * len(sources))})",
        f"e.target IN ({', '.join('?' * len(targets))})",
        "d.duplicate_of IS NULL",
    ]
    window, dates = window_clause(since, until)
    return " AND ".join([*where, *window]), [*sources, *targets, *dates]


def _call(obj: Any, method: str, *args: Any) -> Any:
    """Call an optional gazetteer method; None when it is missing or fails."""
    fn = getattr(obj, method, None)
    if fn is None:
        return None
    try:
        return fn(*args)
    except (GeostanceError, KeyError, ValueError):
        return None


def _date(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise QuestionError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD") from None
