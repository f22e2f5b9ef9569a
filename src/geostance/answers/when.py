"""Dates and windows in a question: "in March 2024", "since 7 October", "between 2012 and 2016"."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping

#: Day-months that, said without a year, name one well-known day.
NAMED_DAYS: Mapping[tuple[int, int], dt.date] = {
    (10, 7): dt.date(2023, 10, 7),
    (9, 11): dt.date(2001, 9, 11),
}
MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTHS["sept"] = 9


_WINDOW = re.compile(
    r"\s+(?P<prep>after|since|from|before|until|till|up\s+to|in|during|between)\s+"
    r"(?P<when>(?:the\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec).*)$",
    re.I,
)


def split_window(
    text: str, today: dt.date
) -> tuple[str, dt.date | None, dt.date | None, str | None]:
    """Split 'Hamas after October 7' into ('Hamas', since, until, a note saying how read)."""
    m = _WINDOW.search(text)
    if not m:
        return text, None, None, None
    prep = m.group("prep").lower()
    when = m.group("when").strip(" ?.!")
    if prep == "between":
        parts = re.split(r"\s+and\s+", when, maxsplit=1, flags=re.I)
        if len(parts) != 2:
            return text, None, None, None
        a, b = parse_when(parts[0], today), parse_when(parts[1], today)
        if a is None or b is None:
            return text, None, None, None
        since, until = a[0], b[1]
    else:
        span = parse_when(when, today)
        if span is None:
            return text, None, None, None
        if prep in ("after", "since", "from"):
            since, until = span[0], None
        elif prep in ("before", "until", "till") or prep.startswith("up"):
            since, until = None, span[1]
        else:
            since, until = span
    head = text[: m.start()].strip()
    window = f"from {since.isoformat() if since else 'the start'} to "
    window += until.isoformat() if until else "now"
    return head, since, until, f"window read as {window} ('{prep} {when}')"


def parse_when(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """A date or span in words -> (first day, last day); None when not understood.

    A day and month without a year is a named day when it is one (7 October -> 2023-10-07),
    else the latest such day not after ``today``.
    """
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().lower().replace(",", " "))
    t = re.sub(r"^the\s+", "", " ".join(t.split()))
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})s", t):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    if m := re.fullmatch(r"(\d{4})", t):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", t):
        mo = MONTHS.get(m[1])
        if mo:
            y = int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?", t) or re.fullmatch(
        r"([a-z]+)\.?\s+(\d{1,2})(?:\s+(\d{4}))?", t
    )
    if m:
        day_s, mon_s = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        mo = MONTHS.get(mon_s)
        if not mo:
            return None
        if m[3]:
            return _day(int(m[3]), mo, int(day_s))
        named = NAMED_DAYS.get((mo, int(day_s)))
        if named:
            return named, named
        for y in (today.year, today.year - 1):
            span = _day(y, mo, int(day_s))
            if span and span[0] <= today:
                return span
    return None


def _day(y: int, m: int, d: int) -> tuple[dt.date, dt.date] | None:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day, day
