"""One source's stance toward one target: the ``Measure`` (words, deeds and votes scores,
QuadClass counts, dominant event types) over all the evidence given (``measure``, or
``measure_tallies`` from counted tallies), and one ``Measure`` per period in time order
(``series``). Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from geostance.measures.periods import PeriodSpec, as_date, check_period, period_key
from geostance.measures.scores import (
    METHOD,
    ChannelScore,
    QuadCounts,
    Tally,
    quad_tallies,
    score_tallies,
    tallies,
    top_tallies,
    vote_score,
)
from geostance.models import Event


@dataclass(frozen=True, slots=True)
class Measure:
    """A source's stance toward a target over one period, by channel."""

    source: str
    target: str
    period: str
    start: dt.date | None
    end: dt.date | None
    words: ChannelScore
    deeds: ChannelScore
    votes: ChannelScore
    quad: QuadCounts = field(default_factory=QuadCounts)
    top_types: tuple[tuple[str, int], ...] = ()
    method: str = METHOD

    @property
    def channels(self) -> tuple[ChannelScore, ChannelScore, ChannelScore]:
        return (self.words, self.deeds, self.votes)

    def channel(self, name: str) -> ChannelScore:
        return {"words": self.words, "deeds": self.deeds, "votes": self.votes}[name]

    @property
    def gap(self) -> float | None:
        """Say-do gap: words score minus deeds score (None if either is missing)."""
        if self.words.score is None or self.deeds.score is None:
            return None
        return self.words.score - self.deeds.score

    @property
    def n(self) -> int:
        return self.words.n + self.deeds.n + self.votes.n

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "period": self.period,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "channels": {c.channel: c.to_dict() for c in self.channels},
            "gap": None if self.gap is None else round(self.gap, 4),
            "quad": self.quad.to_dict(),
            "top_types": [{"type": t, "count": c} for t, c in self.top_types],
            "method": self.method,
        }


def measure(
    events: Iterable[Event],
    votes: Iterable[Mapping[str, Any]] = (),
    *,
    source: str,
    target: str,
    period: str = "all",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Measure:
    """One Measure over all the events and vote rows given (filter them before)."""
    return measure_tallies(
        tallies(events), votes, source=source, target=target, period=period, start=start,
        end=end,
    )  # fmt: skip


def measure_tallies(
    groups: Iterable[Tally],
    votes: Iterable[Mapping[str, Any]] = (),
    *,
    source: str,
    target: str,
    period: str = "all",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Measure:
    """One Measure from tallies (e.g. counted by the store) and vote rows."""
    ts = list(groups)
    return Measure(
        source,
        target,
        period,
        start,
        end,
        score_tallies(ts, "words"),
        score_tallies(ts, "deeds"),
        vote_score(votes),
        quad_tallies(ts),
        top_tallies(ts),
    )


def series(
    events: Iterable[Event],
    votes: Iterable[Mapping[str, Any]] = (),
    *,
    source: str,
    target: str,
    period: PeriodSpec = "year",
) -> tuple[Measure, ...]:
    """Measures per period, in time order; undated events and votes are left out of it.

    Only periods with evidence appear (a gap in the series is a gap in the record).
    """
    check_period(period)
    ev_by: dict[str, list[Event]] = {}
    vote_by: dict[str, list[Mapping[str, Any]]] = {}
    bounds: dict[str, tuple[dt.date | None, dt.date | None, dt.date]] = {}
    for e in events:
        if e.date is None:
            continue
        label, s, t = period_key(e.date, period)
        ev_by.setdefault(label, []).append(e)
        _note_bounds(bounds, label, s, t, e.date)
    for row in votes:
        day = as_date(row.get("date"))
        if day is None:
            continue
        label, s, t = period_key(day, period)
        vote_by.setdefault(label, []).append(row)
        _note_bounds(bounds, label, s, t, day)
    labels = sorted(bounds, key=lambda lb: (bounds[lb][2], lb))
    return tuple(
        measure(
            ev_by.get(lb, ()),
            vote_by.get(lb, ()),
            source=source,
            target=target,
            period=lb,
            start=bounds[lb][0],
            end=bounds[lb][1],
        )
        for lb in labels
    )


def _note_bounds(
    bounds: dict[str, tuple[dt.date | None, dt.date | None, dt.date]],
    label: str,
    start: dt.date | None,
    end: dt.date | None,
    day: dt.date,
) -> None:
    """Remember a period's bounds and its earliest day (for ordering)."""
    old = bounds.get(label)
    first = day if old is None else min(old[2], day)
    bounds[label] = (start, end, first)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None
