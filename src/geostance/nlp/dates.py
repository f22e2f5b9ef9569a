"""Dates of events, not of stories.

A news story is dated, but the events it reports often are not on that day: "Moscow
recognised Palestine in 1988", "during the Cold War", "last month". The event coder asks
this module for the date of each sentence's event:

1. an explicit date in the sentence itself (method ``"sentence"``), relative expressions
   ("yesterday", "last month", "on Monday") resolved against the document's date;
2. else the most recent explicit date earlier in the same paragraph (``"paragraph"``), moved
   when the sentence counts from it ("three weeks later", "two years earlier", "the next
   day"; in units no finer than that date's precision);
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

The vocabulary, the calendar arithmetic and the handler of each form are in ``date_forms.py``;
the pattern table that finds the forms, and the choice of an event's date, are here.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from geostance.nlp.date_forms import (
    CENTURY_ORD,
    DASH,
    ERA_ALIASES,
    ERAS,
    GATE,
    MONTH_ALT,
    NOT_TIME_NOUNS,
    NOT_YEAR_AFTER,
    NUMBER_WORDS,
    ORD,
    POINT,
    UNITS,
    UNKNOWN,
    WEEKDAYS,
    Blocked,
    EventDate,
    Handler,
    h_ago,
    h_between,
    h_century,
    h_day_month,
    h_day_range,
    h_decade,
    h_era,
    h_full,
    h_iso,
    h_month_alone,
    h_month_range,
    h_month_year,
    h_relative_day,
    h_relative_unit,
    h_weekday,
    h_year,
    h_year_part,
    h_year_range,
    h_year_weak,
    month_group,
)

__all__ = ["ERAS", "EventDate", "event_date", "find_dates"]


# --- patterns -----------------------------------------------------------------------------

_ERA_NAMES = sorted(
    {*ERAS, *ERA_ALIASES} - {"october 7 attack", "october 7 attacks"}, key=len, reverse=True
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
    "month": re.compile(rf"\b(?:{MONTH_ALT})\b"),
    "weekday": re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b"),
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
    handler: Handler
    anchor: str
    lead: bool = True


_D = rf"\b(?P<d>\d{{1,2}}){ORD}"
_PATTERNS: tuple[_Pattern, ...] = tuple(
    _Pattern(re.compile(p), h, anchor, lead)
    for p, h, anchor, lead in (
        (
            r"(?<![\d/.-])(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?![\d/-])",
            h_iso,
            "year",
            True,
        ),
        (rf"{_D}\s+(?:of\s+)?{month_group('m')},?\s+(?P<y>\d{{4}})\b", h_full, "month", True),
        (
            rf"\b{month_group('m')}\s+(?P<d>\d{{1,2}}){ORD}\b,?\s+(?P<y>\d{{4}})\b",
            h_full,
            "month",
            True,
        ),
        (rf"{_D}\s+(?:of\s+)?{month_group('m')}", h_day_month, "month", True),
        (
            rf"\b{month_group('m')}\s+(?P<d>\d{{1,2}}){ORD}\b(?![\d,.]*\d)",
            h_day_month,
            "month",
            True,
        ),
        (rf"\b{month_group('m')},?\s+(?:of\s+)?(?P<y>\d{{4}})\b", h_month_year, "month", True),
        (
            r"\b(?i:in|since|during|until|till|by|before|after|of|early|late|from)\s+"
            rf"{month_group('m')}(?!\s*\d)",
            h_month_alone,
            "month",
            False,
        ),
        (rf"\b(?i:mid)-{month_group('m')}(?!\s*\d)", h_month_alone, "month", True),
        (
            rf"\b{month_group('m1')}{DASH}{month_group('m2')},?\s+(?P<y>\d{{4}})\b",
            h_month_range,
            "month",
            True,
        ),
        (
            rf"\b(?P<d1>\d{{1,2}}){ORD}{DASH}(?P<d2>\d{{1,2}}){ORD}\s+{month_group('m')},?\s+"
            rf"(?P<y>\d{{4}})\b",
            h_day_range,
            "month",
            True,
        ),
        (
            rf"\b(?i:from|between)\s+(?P<a>{POINT})\s+(?i:to|and|until|till|through)\s+"
            rf"(?P<b>{POINT})\b",
            h_between,
            "year",
            False,
        ),
        (
            r"(?<![\d/.$-])(?P<a>\d{4})\s*[-\u2013\u2014]\s*(?P<b>\d{4})(?![\d/-])",
            h_year_range,
            "year",
            True,
        ),
        (
            r"\b(?i:in|since|by|until|till|before|after|during|from|of|circa|around|year|"
            rf"throughout)\s+(?P<y>\d{{4}})\b{NOT_YEAR_AFTER}",
            h_year,
            "year",
            False,
        ),
        (r"\((?P<y>\d{4})\)", h_year_weak, "year", False),
        (r"(?<![\d.,/-])\b(?P<y>\d{4})['\u2019]s\b", h_year_weak, "year", False),
        (
            rf"\b(?i:the)\s+(?P<y>\d{{4}})(?=\s+[a-z])(?!\s+(?:{NOT_TIME_NOUNS}|{UNITS})\b)",
            h_year_weak,
            "year",
            False,
        ),
        (
            r"\b(?P<part>(?i:early|mid|late))[\s-]+(?P<y>\d{4})\b(?![\d/-])",
            h_year_part,
            "year",
            True,
        ),
        (
            r"\b(?i:the)\s+(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<y>\d{3}0)['\u2019]?s\b",
            h_decade,
            "year",
            True,
        ),
        (
            r"\b(?i:the)\s+(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
            rf"(?P<n>\d{{1,2}}(?:st|nd|rd|th)|(?i:{CENTURY_ORD}))[\s-]+(?i:century)\b",
            h_century,
            "century",
            True,
        ),
        (
            rf"\b(?i:{_ERA_PREP})\s+(?:(?i:the)\s+)?(?P<era>(?i:{_ERA_ALT}))\b"
            r"(?:\s+(?i:era|years|period))?",
            h_era,
            "era",
            False,
        ),
        (r"\b(?P<w>(?i:yesterday|today|tomorrow))\b", h_relative_day, "relative", False),
        (
            rf"\b(?P<prep>(?i:on|last|this\s+past))\s+(?P<wd>{'|'.join(WEEKDAYS)})\b",
            h_weekday,
            "weekday",
            False,
        ),
        (
            r"\b(?P<earlier>(?i:earlier)\s+)?(?P<which>(?i:" + _REL_WHICH + r"))\s+"
            r"(?P<unit>(?i:week|month|year))\b(?!['\u2019]s)",
            h_relative_unit,
            "relative",
            False,
        ),
        (
            r"\b(?P<n>\d{1,3}|(?i:" + "|".join(NUMBER_WORDS) + r"))\s+"
            r"(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b",
            h_ago,
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
    result: EventDate | Blocked


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
    (frozenset(WEEKDAYS), True),
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
    if not text or GATE.search(text) is None:
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
        anchor = (adverbial or dated)[-1]
        return _moved(sentence, anchor) or replace(anchor, method="paragraph")
    if doc_date is not None:
        return EventDate(doc_date, None, "day", "document", None)
    return UNKNOWN


# "three weeks later", "two years earlier", "the next day": the paragraph's date, moved
_MOVED = re.compile(
    rf"\b(?P<n>{'|'.join(NUMBER_WORDS)}|\d{{1,2}})\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<dir>later|earlier)\b|\bthe\s+(?:next|following)\s+(?P<next>day|week|month|year)\b",
    re.IGNORECASE,
)
_COARSENESS = {"day": 0, "week": 1, "month": 2, "year": 3}


def _moved(sentence: str, anchor: EventDate) -> EventDate | None:
    """The date of a sentence that dates its event from the paragraph's date ("Moscow hosted
    a Hamas delegation three weeks later"), or None. The move is read only in units no finer
    than the anchor's precision ("two years later" after "in 1988"; not "two days later")."""
    m = _MOVED.search(sentence)
    if m is None or anchor.date is None or anchor.precision not in ("day", "month", "year"):
        return None
    unit = (m["unit"] or m["next"]).lower()
    if _COARSENESS[unit] < _COARSENESS[anchor.precision]:
        return None
    n = (NUMBER_WORDS.get(m["n"].lower()) or int(m["n"])) if m["n"] else 1
    n = -n if (m["dir"] or "").lower() == "earlier" else n
    d, text = anchor.date, m[0]
    if unit in ("day", "week"):
        day = d + dt.timedelta(days=n if unit == "day" else 7 * n)
        if unit == "day":
            return EventDate(day, None, "day", "paragraph", text)
        monday = day - dt.timedelta(days=day.weekday())
        return EventDate(monday, monday + dt.timedelta(days=6), "range", "paragraph", text)
    if unit == "month":
        year, month = divmod(d.year * 12 + d.month - 1 + n, 12)
        last = calendar.monthrange(year, month + 1)[1]
        start, end = dt.date(year, month + 1, 1), dt.date(year, month + 1, last)
        return EventDate(start, end, "month", "paragraph", text)
    return EventDate(
        dt.date(d.year + n, 1, 1), dt.date(d.year + n, 12, 31), "year", "paragraph", text
    )
