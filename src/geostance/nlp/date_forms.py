"""What each written form of a date means: the vocabulary, calendar arithmetic and handlers.

``dates.py`` finds date expressions with its pattern table and calls one handler here per
match; a handler turns the match into an ``EventDate`` (a day, month, year or range), or
a block when the text is not a date after all ("7 October" naming the 2023 attack). Also
here: the ``EventDate`` model and the named eras ("the Cold War").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "Blocked",
    "CENTURY_ORD",
    "DASH",
    "ERAS",
    "ERA_ALIASES",
    "EventDate",
    "GATE",
    "Handler",
    "MONTH_ALT",
    "NOT_TIME_NOUNS",
    "NOT_YEAR_AFTER",
    "NUMBER_WORDS",
    "ORD",
    "POINT",
    "UNITS",
    "UNKNOWN",
    "WEEKDAYS",
    "h_ago",
    "h_between",
    "h_century",
    "h_day_month",
    "h_day_range",
    "h_decade",
    "h_era",
    "h_full",
    "h_iso",
    "h_month_alone",
    "h_month_range",
    "h_month_year",
    "h_relative_day",
    "h_relative_unit",
    "h_weekday",
    "h_year",
    "h_year_part",
    "h_year_range",
    "h_year_weak",
    "month_group",
]


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, how precisely, and how we found out.

    ``date`` is the start (or the day); ``date_end`` the inclusive end of a month, year or
    range (``None`` for a day). ``method`` is ``"sentence"``, ``"paragraph"``, ``"document"``
    or ``"none"``; ``text`` is the expression found, e.g. ``"on 18 April 2024"``.
    """

    date: dt.date | None
    date_end: dt.date | None
    precision: str
    method: str
    text: str | None = None


UNKNOWN = EventDate(None, None, "unknown", "none", None)

# Named periods: (start, end or None for a single day). End dates are inclusive.
ERAS: dict[str, tuple[dt.date, dt.date | None]] = {
    "cold war": (dt.date(1947, 1, 1), dt.date(1991, 12, 31)),
    "soviet era": (dt.date(1922, 12, 30), dt.date(1991, 12, 26)),
    "suez crisis": (dt.date(1956, 10, 29), dt.date(1956, 11, 7)),
    "six-day war": (dt.date(1967, 6, 5), dt.date(1967, 6, 10)),
    "yom kippur war": (dt.date(1973, 10, 6), dt.date(1973, 10, 25)),
    "camp david accords": (dt.date(1978, 9, 17), None),
    "first intifada": (dt.date(1987, 12, 1), dt.date(1993, 9, 30)),
    "gulf war": (dt.date(1990, 8, 2), dt.date(1991, 2, 28)),
    "madrid conference": (dt.date(1991, 10, 30), dt.date(1991, 11, 1)),
    "oslo accords": (dt.date(1993, 9, 13), None),
    "second intifada": (dt.date(2000, 9, 1), dt.date(2005, 2, 28)),
    "arab spring": (dt.date(2010, 12, 1), dt.date(2012, 12, 31)),
    "october 7 attack": (dt.date(2023, 10, 7), None),
}

# Other spellings of the eras above (lower case, spaces normalised).
ERA_ALIASES: dict[str, str] = {
    "soviet times": "soviet era",
    "soviet period": "soviet era",
    "six day war": "six-day war",
    "1967 six-day war": "six-day war",
    "october war": "yom kippur war",
    "camp david accord": "camp david accords",
    "oslo accord": "oslo accords",
    "oslo i accord": "oslo accords",
    "al-aqsa intifada": "second intifada",
    "al aqsa intifada": "second intifada",
    "madrid peace conference": "madrid conference",
    "october 7 attacks": "october 7 attack",
    "7 october attack": "october 7 attack",
    "7 october attacks": "october 7 attack",
}

_OCT7 = dt.date(2023, 10, 7)

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}  # fmt: skip


# Month names are matched in Title case or UPPER case only: "may", "march" and "jan" in
# lower case are usually not months.
def _alternation(words: list[str]) -> str:
    """Title and UPPER case spellings of ``words``, longest first."""
    spellings = {v for w in words for v in (w.capitalize(), w.upper())}
    return "|".join(sorted(spellings, key=len, reverse=True))


_MONTH_FULL = _alternation([k for k in _MONTH_NAMES if len(k) > 4 or k in ("may", "june", "july")])
_MONTH_ABBR = _alternation([k for k in _MONTH_NAMES if len(k) <= 4 and k not in ("june", "july")])
MONTH_ALT = f"{_MONTH_FULL}|{_MONTH_ABBR}"
# A full name ends at a word boundary; an abbreviation may carry its dot ("Sept.").
_MON_NG = rf"(?:(?:{_MONTH_FULL})\b|(?:{_MONTH_ABBR})\b\.?)"


def month_group(name: str) -> str:
    """A month-name group (``name`` is the group name)."""
    return rf"(?P<{name}>{_MON_NG})"


ORD = r"(?:st|nd|rd|th)?"
DASH = r"\s*(?:[-\u2013\u2014]|\b(?i:to|through|until|till|and)\b)\s*"

# Things a four-digit number is counted in, so "in 2000 votes" is not a year.
UNITS = (
    r"votes|people|persons|soldiers|troops|tons|tonnes|members|delegates|rockets|missiles|"
    r"km|kilometres|kilometers|miles|dollars|euros|roubles|rubles|shekels|deaths|casualties|"
    r"cases|times|words|pages|refugees|settlers|homes|units|hectares|acres|metres|meters"
)
NOT_YEAR_AFTER = (
    rf"(?!\s*(?:%|(?i:per\s?cent|percent)\b)|[\d/.,:]\d|\s*[-\u2013]\s*\d|\s+(?i:{UNITS})\b)"
)
# "the 1967 borders" names a line on a map, not a time.
NOT_TIME_NOUNS = r"(?i:borders?|lines?|boundaries|frontiers?|ceasefire\s+lines?)"

CENTURY_ORD = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))

# A cheap superset of every pattern: text without a match has no date.
GATE = re.compile(
    rf"\d{{4}}|\b(?:{MONTH_ALT})\b|\b(?:{'|'.join(WEEKDAYS)})\b"
    r"|(?i:yesterday|today|tomorrow|week|month|year|\bago\b|war|intifada|accords?|spring"
    r"|soviet|crisis|conference|centur)"
)


@dataclass(frozen=True, slots=True)
class Blocked:
    """A span that looks like a date but is not a valid one ("31 February 2024").

    It claims its characters so that no shorter pattern reads a date inside it.
    """


_BLOCK = Blocked()
_Result = EventDate | Blocked | None
Handler = Callable[[re.Match[str], str, dt.date | None], _Result]


# --- small date helpers -------------------------------------------------------------------


def _day(y: int, m: int, d: int) -> dt.date | None:
    """The date, or None when it does not exist (31 February, 29 February 2023)."""
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _month_num(name: str) -> int:
    return _MONTH_NAMES[name.rstrip(".").lower()]


def _plausible_year(y: int, low: int = 1000) -> bool:
    return low <= y <= 2099


def _made(start: dt.date, end: dt.date | None, precision: str) -> EventDate:
    """An EventDate found in a sentence; ``text`` is filled in by ``find_dates``."""
    return EventDate(start, end, precision, "sentence")


def _latest_day_not_after(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The latest ``day month`` on or before ``reference`` (looks back 8 years for 29 Feb)."""
    for year in range(reference.year, reference.year - 9, -1):
        found = _day(year, month, day)
        if found is not None and found <= reference:
            return found
    return None


def _shift_months(d: dt.date, months: int) -> tuple[int, int]:
    """(year, month) of the month ``months`` after the month of ``d`` (may be negative)."""
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _month_span(y: int, m: int) -> EventDate:
    return _made(dt.date(y, m, 1), _month_end(y, m), "month")


def _year_span(y: int) -> EventDate:
    return _made(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _range(start: dt.date, end: dt.date) -> EventDate | Blocked:
    return _made(start, end, "range") if start <= end else _BLOCK


_PART_THIRDS = {"early": (0, 1), "mid": (1, 2), "late": (2, 3)}


def _part(start: dt.date, end: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """Early, mid or late third of a period (whole months for years, whole years above)."""
    if not part:
        return start, end
    a, b = _PART_THIRDS[part.lower()]
    if start.year == end.year:  # a year: Jan-Apr, May-Aug, Sep-Dec
        return dt.date(start.year, 4 * a + 1, 1), _month_end(start.year, 4 * b)
    years = end.year - start.year + 1
    if years == 10:  # a decade: early 0-3, mid 4-6, late 7-9
        lo, hi = ((0, 3), (4, 6), (7, 9))[a]
        return dt.date(start.year + lo, 1, 1), dt.date(start.year + hi, 12, 31)
    lo = start.year + round(years * a / 3)
    hi = start.year + round(years * b / 3) - 1
    return dt.date(lo, 1, 1), dt.date(hi, 12, 31)


# --- handlers: one per pattern ------------------------------------------------------------


def h_iso(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    found = _day(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _made(found, None, "day") if found else _BLOCK


def h_full(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    found = _day(int(m["y"]), _month_num(m["m"]), int(m["d"]))
    return _made(found, None, "day") if found else _BLOCK


def _is_october_seventh_attack(m: re.Match[str], text: str, ref: dt.date | None) -> bool:
    """Whether a yearless "7 October" names the 2023 attack rather than this year's day.

    Only after that day, and only when the context says so: "since/after/before 7 October",
    "the October 7 attack", or a sentence about Hamas, Gaza or Israel (not an anniversary).
    """
    if ref is not None and ref < _OCT7:
        return False
    lowered = text.lower()
    if "anniversary" in lowered:
        return False
    before = text[max(0, m.start() - 12) : m.start() + 12].lower()
    after = text[m.end() : m.end() + 20].lower()
    if re.search(r"\b(?:since|after|before|following|until)\b", before):
        return True
    if re.match(r"\s*(?:attacks?|massacre|assault|raid)", after):
        return True
    return ref is not None and re.search(r"\b(?:hamas|gaza|israel)", lowered) is not None


def h_day_month(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    month, day = _month_num(m["m"]), int(m["d"])
    if _day(2024, month, day) is None:  # 2024 is a leap year: tests day-of-month validity
        return _BLOCK
    if month == 10 and day == 7 and _is_october_seventh_attack(m, text, ref):
        return _made(_OCT7, None, "day")
    if ref is None:
        return None
    found = _latest_day_not_after(month, day, ref)
    return _made(found, None, "day") if found else None


def h_month_year(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    return _month_span(year, _month_num(m["m"])) if _plausible_year(year) else None


def h_month_alone(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    month = _month_num(m["m"])
    year = ref.year if month <= ref.month else ref.year - 1
    return _month_span(year, month)


def h_month_range(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    first, last = _month_num(m["m1"]), _month_num(m["m2"])
    if first > last:  # "Nov-Feb 2025": the range crosses a new year
        return _range(dt.date(year - 1, first, 1), _month_end(year, last))
    return _range(dt.date(year, first, 1), _month_end(year, last))


def h_day_range(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year, month = int(m["y"]), _month_num(m["m"])
    start, end = _day(year, month, int(m["d1"])), _day(year, month, int(m["d2"]))
    return _range(start, end) if start and end else _BLOCK


_POINT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"(?P<d>\d{{1,2}}){ORD}\s+(?:of\s+)?{month_group('m')},?\s+(?P<y>\d{{4}})"),
        "day",
    ),
    (re.compile(rf"{month_group('m')}\s+(?P<d>\d{{1,2}}){ORD},?\s+(?P<y>\d{{4}})"), "day"),
    (re.compile(rf"{month_group('m')},?\s+(?P<y>\d{{4}})"), "month"),
    (re.compile(r"(?P<y>\d{4})"), "year"),
)
POINT = (
    rf"(?:\d{{1,2}}{ORD}\s+(?:of\s+)?{_MON_NG},?\s+\d{{4}}|{_MON_NG}\s+\d{{1,2}}{ORD},?\s+\d{{4}}"
    rf"|{_MON_NG},?\s+\d{{4}}|\d{{4}})"
)


def _point(s: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a day, month or year written as ``s`` (None if invalid)."""
    for pattern, kind in _POINT_PATTERNS:
        m = pattern.fullmatch(s)
        if m is None:
            continue
        year = int(m["y"])
        if not _plausible_year(year):
            return None
        if kind == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = _month_num(m["m"])
        if kind == "month":
            return dt.date(year, month, 1), _month_end(year, month)
        day = _day(year, month, int(m["d"]))
        return (day, day) if day else None
    return None


def h_between(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    a, b = _point(m["a"]), _point(m["b"])
    return _range(a[0], b[1]) if a and b else _BLOCK


def h_year_range(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    a, b = int(m["a"]), int(m["b"])
    if not (_plausible_year(a, 1100) and _plausible_year(b, 1100)) or not a < b <= a + 300:
        return None
    return _range(dt.date(a, 1, 1), dt.date(b, 12, 31))


def h_year(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    return _year_span(year) if _plausible_year(year) else None


def h_year_weak(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    """A year without a preposition ("(2016)", "2016's", "the 2012 vote"): modern years only."""
    year = int(m["y"])
    if not _plausible_year(year, 1800):
        return None
    start = text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"(?:resolution|no\.|number|#|\$|€|£)\s*\(?$", start):
        return None
    return _year_span(year)


def h_year_part(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    return _range(*_part(dt.date(year, 1, 1), dt.date(year, 12, 31), m["part"]))


def h_decade(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    return _range(*_part(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), m["part"]))


def h_century(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    raw = m["n"].lower()
    n = _ORDINAL_WORDS.get(raw) or int(re.sub(r"\D", "", raw))
    if not 1 <= n <= 21:
        return None
    start, end = dt.date((n - 1) * 100 + 1, 1, 1), dt.date(n * 100, 12, 31)
    return _range(*_part(start, end, m["part"]))


def h_era(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    key = re.sub(r"\s+", " ", m["era"].lower()).replace("\u2019", "'")
    key = ERA_ALIASES.get(key, key)
    start, end = ERAS[key]
    return _made(start, None, "day") if end is None else _range(start, end)


def h_relative_day(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["w"].lower()]
    return _made(ref + dt.timedelta(days=offset), None, "day")


def h_weekday(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    """ "on Monday": the Monday on or before the reference; "last Monday": strictly before."""
    if ref is None:
        return None
    back = (ref.weekday() - WEEKDAYS.index(m["wd"])) % 7
    if back == 0 and m["prep"].lower() != "on":
        back = 7
    return _made(ref - dt.timedelta(days=back), None, "day")


def h_relative_unit(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    which, unit = re.sub(r"\s+", " ", m["which"].lower()), m["unit"].lower()
    earlier = bool(m["earlier"])
    if which == "past" or which == "the past":
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return _range(ref - dt.timedelta(days=days), ref)
    shift = -1 if which in ("last", "previous") else 0
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=shift)
        end = ref if (earlier and shift == 0) else monday + dt.timedelta(days=6)
        return _range(monday, end)
    if unit == "month":
        year, month = _shift_months(ref, shift)
        if earlier and shift == 0:
            return _range(dt.date(year, month, 1), ref)
        return _month_span(year, month)
    if earlier and shift == 0:
        return _range(dt.date(ref.year, 1, 1), ref)
    return _year_span(ref.year + shift)


def h_ago(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    raw = m["n"].lower()
    n = NUMBER_WORDS[raw] if raw in NUMBER_WORDS else int(raw)
    unit = m["unit"].lower()
    if unit == "day":
        return _made(ref - dt.timedelta(days=n), None, "day")
    if unit == "week":
        day = ref - dt.timedelta(weeks=n)
        monday = day - dt.timedelta(days=day.weekday())
        return _range(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        return _month_span(*_shift_months(ref, -n))
    return _year_span(ref.year - n) if ref.year - n >= 1 else None
