"""Periods and dates of the stance measures: a period spec is "year", "quarter", "month", "all" or
a sequence of named ``Era`` (``RUSSIA_ERAS``); ``period_key`` gives the period holding a day and
``check_period`` validates a spec early; ``as_date`` reads a date from whatever a row holds, and
``filter_events`` keeps the events inside a window. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from geostance.models import Event

PeriodSpec = str | Sequence["Era"]


@dataclass(frozen=True, slots=True)
class Era:
    """A named span of time (both ends inclusive; ``None`` is open)."""

    name: str
    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


#: Named eras for Russia and the Soviet Union, used when ``period="eras"``.
RUSSIA_ERAS: tuple[Era, ...] = (
    Era("Soviet era", None, dt.date(1991, 12, 25)),
    Era("1990s", dt.date(1991, 12, 26), dt.date(1999, 12, 31)),
    Era("2000-2022", dt.date(2000, 1, 1), dt.date(2023, 10, 6)),
    Era("since 7 Oct 2023", dt.date(2023, 10, 7), None),
)


def period_key(day: dt.date, period: PeriodSpec) -> tuple[str, dt.date | None, dt.date | None]:
    """The label and bounds of the period holding ``day``.

    ``period`` is "year", "quarter", "month", "all", or a sequence of ``Era`` (a day outside
    every era falls in "other").
    """
    if not isinstance(period, str):
        for era in period:
            if era.contains(day):
                return era.name, era.start, era.end
        return "other", None, None
    if period == "year":
        return str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if period == "quarter":
        q = (day.month - 1) // 3
        start = dt.date(day.year, 3 * q + 1, 1)
        return f"{day.year}-Q{q + 1}", start, _month_end(day.year, 3 * q + 3)
    if period == "month":
        label = f"{day.year}-{day.month:02d}"
        return label, dt.date(day.year, day.month, 1), _month_end(day.year, day.month)
    if period == "all":
        return "all", None, None
    raise ValueError(f"period {period!r}: use year, quarter, month, all or a list of eras")


def check_period(period: PeriodSpec) -> PeriodSpec:
    """Validate a period spec early (raises ValueError naming the allowed values)."""
    period_key(dt.date(2000, 1, 1), period)
    return period


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or an ISO string; None for None, NaN, NaT or junk."""
    if value is None or value != value or str(value) in ("NaT", "nan", "None"):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def filter_events(
    events: Iterable[Event],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    keep: Callable[[Event], bool] | None = None,
) -> list[Event]:
    """Events inside [since, until] (an undated event is kept only without bounds)."""
    out = []
    for e in events:
        if since or until:
            if e.date is None:
                continue
            if since and (e.date_end or e.date) < since:
                continue
            if until and e.date > until:
                continue
        if keep is None or keep(e):
            out.append(e)
    return out
