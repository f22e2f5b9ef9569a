"""Dates of events, not of stories.

A news story is dated, but the events it reports often are not on that day: "Moscow
recognised Palestine in 1988", "during the Cold War", "last month". The event coder asks
this module for the date of each sentence's event:

1. an explicit date in the sentence itself (method ``"sentence"``), relative expressions
   ("yesterday", "last month", "on Monday") resolved against the document's date;
2. else the most recent explicit date earlier in the same paragraph (``"paragraph"``);
3. else the document's date (``"document"``, precision ``"day"``);
4. else nothing (``"none"``, precision ``"unknown"``).

Why regular expressions and ``datetime`` rather than dateparser: dateparser is slow (tens
of milliseconds per call), reads bare numbers such as "2334" or "138" as dates, and fills a
missing day or month from *today*, which silently dates a 1988 event to this week. Every
form listed below is matched by one anchored pattern and resolved by hand, so results are
deterministic and a sentence without a date candidate costs one regex search.

Forms understood (with an optional leading "on", "in", "during", "since" ... kept in the
matched text): ``18 April 2024``, ``April 18, 2024``, ``2024-04-18``, ``Monday, 18 April
2024``, ``7 October`` / ``October 7`` (year from the reference), ``in April 2024`` (month),
``in April`` (the latest April not after the reference), ``in 2016`` / ``(2016)`` /
``2016's`` / ``the 2012 vote`` (year), ``Aug–Oct 2025``, ``between August and October
2025``, ``5–10 June 1967``, ``from 2008 to 2012``, ``1947–1991`` (ranges), ``early/mid/late
2023``, ``the 1990s``, ``the late 1980s``, ``the 20th century`` (ranges), named eras after
a temporal preposition ("during the Cold War", "since the Oslo Accords"), and the relative
forms ``yesterday``, ``today``, ``tomorrow``, ``on Monday``, ``last Monday``, ``last/this
week|month|year``, ``earlier this week|month|year``, ``the past week|month|year``, ``three
days ago``. Purely numeric forms like ``18/04/2024`` are ambiguous (day or month first) and
are not read.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

__all__ = ["ERAS", "EventDate", "event_date", "find_dates"]


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
_ERA_ALIASES: dict[str, str] = {
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

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_NUMBER_WORDS = {
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
_MONTH_ALT = f"{_MONTH_FULL}|{_MONTH_ABBR}"
# A full name ends at a word boundary; an abbreviation may carry its dot ("Sept.").
_MON_NG = rf"(?:(?:{_MONTH_FULL})\b|(?:{_MONTH_ABBR})\b\.?)"


def _month(name: str) -> str:
    """A month-name group (``name`` is the group name)."""
    return rf"(?P<{name}>{_MON_NG})"


_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"\s*(?:[-\u2013\u2014]|\b(?i:to|through|until|till|and)\b)\s*"

# Things a four-digit number is counted in, so "in 2000 votes" is not a year.
_UNITS = (
    r"votes|people|persons|soldiers|troops|tons|tonnes|members|delegates|rockets|missiles|"
    r"km|kilometres|kilometers|miles|dollars|euros|roubles|rubles|shekels|deaths|casualties|"
    r"cases|times|words|pages|refugees|settlers|homes|units|hectares|acres|metres|meters"
)
_NOT_YEAR_AFTER = (
    rf"(?!\s*(?:%|(?i:per\s?cent|percent)\b)|[\d/.,:]\d|\s*[-\u2013]\s*\d|\s+(?i:{_UNITS})\b)"
)
# "the 1967 borders" names a line on a map, not a time.
_NOT_TIME_NOUNS = r"(?i:borders?|lines?|boundaries|frontiers?|ceasefire\s+lines?)"

_CENTURY_ORD = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))

# A cheap superset of every pattern: text without a match has no date.
_GATE = re.compile(
    rf"\d{{4}}|\b(?:{_MONTH_ALT})\b|\b(?:{'|'.join(_WEEKDAYS)})\b"
    r"|(?i:yesterday|today|tomorrow|week|month|year|\bago\b|war|intifada|accords?|spring"
    r"|soviet|crisis|conference|centur)"
)


@dataclass(frozen=True, slots=True)
class _Blocked:
    """A span that looks like a date but is not a valid one ("31 February 2024").

    It claims its characters so that no shorter pattern reads a date inside it.
    """


_BLOCK = _Blocked()
_Result = EventDate | _Blocked | None
_Handler = Callable[[re.Match[str], str, dt.date | None], _Result]


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


def _range(start: dt.date, end: dt.date) -> EventDate | _Blocked:
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


def _h_iso(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    found = _day(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _made(found, None, "day") if found else _BLOCK


def _h_full(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
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


def _h_day_month(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    month, day = _month_num(m["m"]), int(m["d"])
    if _day(2024, month, day) is None:  # 2024 is a leap year: tests day-of-month validity
        return _BLOCK
    if month == 10 and day == 7 and _is_october_seventh_attack(m, text, ref):
        return _made(_OCT7, None, "day")
    if ref is None:
        return None
    found = _latest_day_not_after(month, day, ref)
    return _made(found, None, "day") if found else None


def _h_month_year(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    return _month_span(year, _month_num(m["m"])) if _plausible_year(year) else None


def _h_month_alone(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    month = _month_num(m["m"])
    year = ref.year if month <= ref.month else ref.year - 1
    return _month_span(year, month)


def _h_month_range(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    first, last = _month_num(m["m1"]), _month_num(m["m2"])
    if first > last:  # "Nov-Feb 2025": the range crosses a new year
        return _range(dt.date(year - 1, first, 1), _month_end(year, last))
    return _range(dt.date(year, first, 1), _month_end(year, last))


def _h_day_range(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year, month = int(m["y"]), _month_num(m["m"])
    start, end = _day(year, month, int(m["d1"])), _day(year, month, int(m["d2"]))
    return _range(start, end) if start and end else _BLOCK


_POINT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_month('m')},?\s+(?P<y>\d{{4}})"), "day"),
    (re.compile(rf"{_month('m')}\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})"), "day"),
    (re.compile(rf"{_month('m')},?\s+(?P<y>\d{{4}})"), "month"),
    (re.compile(r"(?P<y>\d{4})"), "year"),
)
_POINT = (
    rf"(?:\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MON_NG},?\s+\d{{4}}|{_MON_NG}\s+\d{{1,2}}{_ORD},?\s+\d{{4}}"
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


def _h_between(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    a, b = _point(m["a"]), _point(m["b"])
    return _range(a[0], b[1]) if a and b else _BLOCK


def _h_year_range(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    a, b = int(m["a"]), int(m["b"])
    if not (_plausible_year(a, 1100) and _plausible_year(b, 1100)) or not a < b <= a + 300:
        return None
    return _range(dt.date(a, 1, 1), dt.date(b, 12, 31))


def _h_year(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    return _year_span(year) if _plausible_year(year) else None


def _h_year_weak(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    """A year without a preposition ("(2016)", "2016's", "the 2012 vote"): modern years only."""
    year = int(m["y"])
    if not _plausible_year(year, 1800):
        return None
    start = text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"(?:resolution|no\.|number|#|\$|€|£)\s*\(?$", start):
        return None
    return _year_span(year)


def _h_year_part(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    return _range(*_part(dt.date(year, 1, 1), dt.date(year, 12, 31), m["part"]))


def _h_decade(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    year = int(m["y"])
    if not _plausible_year(year):
        return None
    return _range(*_part(dt.date(year, 1, 1), dt.date(year + 9, 12, 31), m["part"]))


def _h_century(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    raw = m["n"].lower()
    n = _ORDINAL_WORDS.get(raw) or int(re.sub(r"\D", "", raw))
    if not 1 <= n <= 21:
        return None
    start, end = dt.date((n - 1) * 100 + 1, 1, 1), dt.date(n * 100, 12, 31)
    return _range(*_part(start, end, m["part"]))


def _h_era(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    key = re.sub(r"\s+", " ", m["era"].lower()).replace("\u2019", "'")
    key = _ERA_ALIASES.get(key, key)
    start, end = ERAS[key]
    return _made(start, None, "day") if end is None else _range(start, end)


def _h_relative_day(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["w"].lower()]
    return _made(ref + dt.timedelta(days=offset), None, "day")


def _h_weekday(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    """ "on Monday": the Monday on or before the reference; "last Monday": strictly before."""
    if ref is None:
        return None
    back = (ref.weekday() - _WEEKDAYS.index(m["wd"])) % 7
    if back == 0 and m["prep"].lower() != "on":
        back = 7
    return _made(ref - dt.timedelta(days=back), None, "day")


def _h_relative_unit(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
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


def _h_ago(m: re.Match[str], text: str, ref: dt.date | None) -> _Result:
    if ref is None:
        return None
    raw = m["n"].lower()
    n = _NUMBER_WORDS[raw] if raw in _NUMBER_WORDS else int(raw)
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


# --- patterns -----------------------------------------------------------------------------

_ERA_NAMES = sorted(
    {*ERAS, *_ERA_ALIASES} - {"october 7 attack", "october 7 attacks"}, key=len, reverse=True
)
_ERA_ALT = "|".join(
    r"[-\s]+".join(re.escape(word) for word in re.split(r"[-\s]+", name)) for name in _ERA_NAMES
)
_ERA_PREP = (
    r"during|since|after|before|until|in|throughout|following|"
    r"at\s+the\s+(?:end|start|height|beginning|close)\s+of|by\s+the\s+end\s+of"
)
_REL_WHICH = r"last|previous|this|the\s+past|past"

# Each pattern needs one anchor (a four-digit number, a month name ...); a pattern whose
# anchor is absent from the text is not run, which keeps hostile input (a megabyte of
# digits) linear and cheap. Patterns marked ``lead`` take a leading preposition, weekday or
# "the" into the found text ("on Monday, 18 April 2024"); this is done after the match, on a
# short slice, because an optional prefix in the pattern itself is tried at every position.
_ANCHORS: dict[str, re.Pattern[str]] = {
    "year": re.compile(r"\d{4}"),
    "month": re.compile(rf"\b(?:{_MONTH_ALT})\b"),
    "weekday": re.compile(rf"\b(?:{'|'.join(_WEEKDAYS)})\b"),
    "relative": re.compile(r"(?i:yesterday|today|tomorrow|week|month|year|\bago\b)"),
    "era": re.compile(r"(?i:war|intifada|accord|spring|soviet|crisis|conference)"),
    "century": re.compile(r"(?i:century)"),
}
_LEAD_PREPS = (
    "on in during since by until till before after from of throughout around between over"
).split()


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    handler: _Handler
    anchor: str
    lead: bool = True


_D = rf"\b(?P<d>\d{{1,2}}){_ORD}"
_PATTERNS: tuple[_Pattern, ...] = tuple(
    _Pattern(re.compile(p), h, anchor, lead)
    for p, h, anchor, lead in (
        (
            r"(?<![\d/.-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?![\d/-])",
            _h_iso,
            "year",
            True,
        ),
        (rf"{_D}\s+(?:of\s+)?{_month('m')},?\s+(?P<y>\d{{4}})\b", _h_full, "month", True),
        (
            rf"\b{_month('m')}\s+(?P<d>\d{{1,2}}){_ORD}\b,?\s+(?P<y>\d{{4}})\b",
            _h_full,
            "month",
            True,
        ),
        (rf"{_D}\s+(?:of\s+)?{_month('m')}", _h_day_month, "month", True),
        (
            rf"\b{_month('m')}\s+(?P<d>\d{{1,2}}){_ORD}\b(?![\d,.]*\d)",
            _h_day_month,
            "month",
            True,
        ),
        (rf"\b{_month('m')},?\s+(?:of\s+)?(?P<y>\d{{4}})\b", _h_month_year, "month", True),
        (
            r"\b(?i:in|since|during|until|till|by|before|after|of|early|late|from)\s+"
            rf"{_month('m')}(?!\s*\d)",
            _h_month_alone,
            "month",
            False,
        ),
        (rf"\b(?i:mid)-{_month('m')}(?!\s*\d)", _h_month_alone, "month", True),
        (
            rf"\b{_month('m1')}{_DASH}{_month('m2')},?\s+(?P<y>\d{{4}})\b",
            _h_month_range,
            "month",
            True,
        ),
        (
            rf"\b(?P<d1>\d{{1,2}}){_ORD}{_DASH}(?P<d2>\d{{1,2}}){_ORD}\s+{_month('m')},?\s+"
            rf"(?P<y>\d{{4}})\b",
            _h_day_range,
            "month",
            True,
        ),
        (
            rf"\b(?i:from|between)\s+(?P<a>{_POINT})\s+(?i:to|and|until|till|through)\s+"
            rf"(?P<b>{_POINT})\b",
            _h_between,
            "year",
            False,
        ),
        (
            r"(?<![\d/.$-])(?P<a>\d{4})\s*[-\u2013\u2014]\s*(?P<b>\d{4})(?![\d/-])",
            _h_year_range,
            "year",
            True,
        ),
        (
            r"\b(?i:in|since|by|until|till|before|after|during|from|of|circa|around|year|"
            rf"throughout)\s+(?P<y>\d{{4}})\b{_NOT_YEAR_AFTER}",
            _h_year,
            "year",
            False,
        ),
        (r"\((?P<y>\d{4})\)", _h_year_weak, "year", False),
        (r"(?<![\d.,/-])\b(?P<y>\d{4})['\u2019]s\b", _h_year_weak, "year", False),
        (
            rf"\b(?i:the)\s+(?P<y>\d{{4}})(?=\s+[a-z])(?!\s+(?:{_NOT_TIME_NOUNS}|{_UNITS})\b)",
            _h_year_weak,
            "year",
            False,
        ),
        (
            r"\b(?P<part>(?i:early|mid|late))[\s-]+(?P<y>\d{4})\b(?![\d/-])",
            _h_year_part,
            "year",
            True,
        ),
        (
            r"\b(?i:the)\s+(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<y>\d{3}0)['\u2019]?s\b",
            _h_decade,
            "year",
            True,
        ),
        (
            r"\b(?i:the)\s+(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
            rf"(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:{_CENTURY_ORD}))[\s-]+(?i:century)\b",
            _h_century,
            "century",
            True,
        ),
        (
            rf"\b(?i:{_ERA_PREP})\s+(?:(?i:the)\s+)?(?P<era>(?i:{_ERA_ALT}))\b"
            r"(?:\s+(?i:era|years|period))?",
            _h_era,
            "era",
            False,
        ),
        (r"\b(?P<w>(?i:yesterday|today|tomorrow))\b", _h_relative_day, "relative", False),
        (
            rf"\b(?P<prep>(?i:on|last|this\s+past))\s+(?P<wd>{'|'.join(_WEEKDAYS)})\b",
            _h_weekday,
            "weekday",
            False,
        ),
        (
            r"\b(?P<earlier>(?i:earlier)\s+)?(?P<which>(?i:" + _REL_WHICH + r"))\s+"
            r"(?P<unit>(?i:week|month|year))\b(?!['\u2019]s)",
            _h_relative_unit,
            "relative",
            False,
        ),
        (
            r"\b(?P<n>\d{1,3}|(?i:" + "|".join(_NUMBER_WORDS) + r"))\s+"
            r"(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b",
            _h_ago,
            "relative",
            False,
        ),
    )
)


# --- public API ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    result: EventDate | _Blocked


def _word_before(text: str, pos: int) -> tuple[int, str] | None:
    """The word (and its start) just before ``pos`` across 1-3 spaces, with any comma after it."""
    j = pos
    while j > 0 and pos - j < 3 and text[j - 1].isspace():
        j -= 1
    if j == pos:
        return None
    k = j - 1 if j > 0 and text[j - 1] == "," else j
    i = k
    while i > 0 and k - i < 12 and text[i - 1].isalpha():
        i -= 1
    if i == k or (i > 0 and text[i - 1].isalnum()):
        return None
    return i, text[i:j]


_LEAD_STAGES: tuple[tuple[frozenset[str], bool], ...] = (
    (frozenset({"the"}), False),
    (frozenset(_WEEKDAYS), True),
    (frozenset(_LEAD_PREPS), False),
)


def _lead_start(text: str, start: int) -> int:
    """Where a leading preposition, weekday or "the" before ``start`` begins.

    Walks back word by word (at most three) instead of running a regex on the left context,
    because this runs once per candidate and a huge text may have many.
    """
    for words, case_sensitive in _LEAD_STAGES:
        found = _word_before(text, start)
        if found is None:
            break
        i, word = found
        key = word.rstrip(",")
        if word.endswith(",") and not case_sensitive:
            continue
        if (key if case_sensitive else key.lower()) in words:
            start = i
    return start


def _candidates(text: str, reference: dt.date | None) -> list[_Candidate]:
    """Every pattern's matches that resolve to a date or block a span."""
    present: dict[str, bool] = {}
    found: list[_Candidate] = []
    for pat in _PATTERNS:
        if pat.anchor not in present:
            present[pat.anchor] = _ANCHORS[pat.anchor].search(text) is not None
        if not present[pat.anchor]:
            continue
        for m in pat.regex.finditer(text):
            result = pat.handler(m, text, reference)
            if result is not None:
                start = _lead_start(text, m.start()) if pat.lead else m.start()
                found.append(_Candidate(start, m.end(), result))
    return found


def _non_overlapping(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest match first, then leftmost; a candidate overlapping a kept one is dropped.

    Kept spans are held sorted by start so each check is a binary search (a huge hostile
    text can yield many candidates).
    """
    starts: list[int] = []
    ends: list[int] = []
    kept: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        i = bisect.bisect_left(starts, c.start)
        if i > 0 and ends[i - 1] > c.start:
            continue
        if i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def find_dates(text: str, *, reference: dt.date | None) -> list[tuple[int, int, EventDate]]:
    """Explicit date expressions in ``text`` as ``(start, end, EventDate)``, in text order.

    Relative expressions ("last month", "on Monday", "in April") are resolved against
    ``reference`` (the document's date); without one they are left out, because guessing
    from today's date would misdate old stories. Numbers that are not years in context
    ("138 votes", "resolution 2334", "A/RES/67/19", "2,000") and impossible dates
    ("31 February 2024") are not dates. Every result has method ``"sentence"``.
    """
    if not text or _GATE.search(text) is None:
        return []
    out: list[tuple[int, int, EventDate]] = []
    for c in _non_overlapping(_candidates(text, reference)):
        if isinstance(c.result, EventDate):
            out.append((c.start, c.end, replace(c.result, text=text[c.start : c.end])))
    return out


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "range": 3, "unknown": 4}


def _attributive(text: str | None) -> bool:
    """Whether a found date modifies a noun rather than the verb.

    "the attack of 7 October 2023", "the 2012 vote", "(2016)" and "2016's" name when
    something else happened; "on 7 October 2023" and "in 2012" say when this event did.
    """
    if not text:
        return False
    lowered = text.lower()
    return lowered.startswith(("of ", "the ", "(")) or lowered.endswith(("'s", "\u2019s"))


def _best_in_sentence(sentence: str, reference: dt.date | None) -> EventDate | None:
    """The sentence's own date: adverbial before attributive, then the most precise, then first.

    "In 2016 Russia cited the attack of 7 October 2023" is dated 2016; "On 5 May 2024 Russia
    voted for the 1947 plan" is dated 5 May 2024.
    """
    found = find_dates(sentence, reference=reference)
    if not found:
        return None
    return min(
        found,
        key=lambda f: (_attributive(f[2].text), _PRECISION_RANK.get(f[2].precision, 4), f[0]),
    )[2]


def event_date(
    sentence: str,
    *,
    paragraph_dates: Sequence[EventDate],
    doc_date: dt.date | None,
    reference: dt.date | None = None,
) -> EventDate:
    """The date of the event told in ``sentence``.

    The sentence's own explicit date (method ``"sentence"``; relative ones resolved against
    ``reference``, which defaults to ``doc_date``); else the most recent date in
    ``paragraph_dates`` (the dates found earlier in the paragraph, in text order: the last
    adverbial one wins over attributive ones such as "the attack of 7 October 2023", method
    ``"paragraph"``); else the document's date (method ``"document"``, precision ``"day"``);
    else unknown (method ``"none"``).
    """
    own = _best_in_sentence(sentence, reference if reference is not None else doc_date)
    if own is not None:
        return own
    dated = [d for d in paragraph_dates if d.date is not None]
    if dated:
        adverbial = [d for d in dated if not _attributive(d.text)]
        return replace((adverbial or dated)[-1], method="paragraph")
    if doc_date is not None:
        return EventDate(doc_date, None, "day", "document", None)
    return UNKNOWN
