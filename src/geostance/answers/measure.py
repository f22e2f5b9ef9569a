"""Measures an answer reports: the dyad's stance and periods, comparisons, volumes, eras."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from geostance.answers.models import Comparison
from geostance.measures.shifts import Period
from geostance.measures.stance import StanceResult, measure, say_do_gap, series
from geostance.models import Event

#: Eras that name the periods of any dyad's timeline.
ERAS: tuple[tuple[str, dt.date, dt.date], ...] = (
    ("the early Cold War", dt.date(1945, 1, 1), dt.date(1966, 12, 31)),
    ("the late Cold War", dt.date(1967, 1, 1), dt.date(1991, 12, 25)),
    ("the 1990s", dt.date(1991, 12, 26), dt.date(1999, 12, 31)),
    ("the 2000s", dt.date(2000, 1, 1), dt.date(2009, 12, 31)),
    ("the 2010s", dt.date(2010, 1, 1), dt.date(2019, 12, 31)),
    ("the 2020s", dt.date(2020, 1, 1), dt.date(2029, 12, 31)),
)


def eras_of(p: Period) -> str:
    """The eras a period covers: 'the late Cold War to the 1990s'."""
    start = p.start or dt.date(1945, 1, 1)
    end = p.end or dt.date.today()
    names = [n for n, a, b in ERAS if a <= end and b >= start]
    if not names:
        return ""
    return names[0] if len(names) == 1 else f"{names[0]} to {names[-1]}"


def stance_result(
    events: Sequence[Event],
    votes: Sequence[Mapping[str, Any]],
    *,
    source: str,
    target: str,
    period: Any = "year",
    sources: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> StanceResult:
    """Overall measure, series, period table and gap for one dyad."""
    from geostance.measures.shifts import periods as cut

    overall = measure(events, votes, source=source, target=target)
    ser = series(events, votes, source=source, target=target, period=period)
    return StanceResult(
        source,
        target,
        overall,
        ser,
        cut(ser),
        say_do_gap(overall),
        tuple(sources) or (source,),
        tuple(notes),
    )


def compare_measures(
    sources: Sequence[str],
    target: str,
    events: Mapping[str, Sequence[Event]],
    votes: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    names: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> Comparison:
    """Measures of several sources toward one target, with their say-do gaps."""
    rows = tuple(
        measure(events.get(s, ()), votes.get(s, ()), source=s, target=target) for s in sources
    )
    return Comparison(target, rows, tuple(say_do_gap(m) for m in rows), dict(names or {}),
                      tuple(notes))  # fmt: skip
