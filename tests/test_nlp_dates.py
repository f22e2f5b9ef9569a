"""Event dates: explicit, relative, ranges, eras, and the numbers that are not dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geostance.nlp.dates import ERAS, EventDate, event_date, find_dates

D = dt.date
# A Wednesday, used as the document date for relative expressions.
REF = D(2024, 5, 15)
MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()


def only(text: str, reference: dt.date | None = REF) -> EventDate:
    """The single date found in ``text`` (fails if there is not exactly one)."""
    found = find_dates(text, reference=reference)
    assert len(found) == 1, found
    return found[0][2]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "found"),
    [
        ("on 18 April 2024", D(2024, 4, 18), None, "day", "on 18 April 2024"),
        ("18 April 2024", D(2024, 4, 18), None, "day", "18 April 2024"),
        ("April 18, 2024", D(2024, 4, 18), None, "day", "April 18, 2024"),
        ("Sept. 3, 2020", D(2020, 9, 3), None, "day", "Sept. 3, 2020"),
        ("the 5th of June 1967", D(1967, 6, 5), None, "day", "the 5th of June 1967"),
        ("on Monday, 18 April 2024", D(2024, 4, 18), None, "day", "on Monday, 18 April 2024"),
        ("2024-04-18", D(2024, 4, 18), None, "day", "2024-04-18"),
        ("stamped 2024-04-18T10:00:00Z", D(2024, 4, 18), None, "day", "2024-04-18"),
        ("in April 2024", D(2024, 4, 1), D(2024, 4, 30), "month", "in April 2024"),
        ("in February 2024", D(2024, 2, 1), D(2024, 2, 29), "month", "in February 2024"),
        ("in Aug\u2013Oct 2025", D(2025, 8, 1), D(2025, 10, 31), "range", "in Aug\u2013Oct 2025"),
        (
            "between August and October 2025",
            D(2025, 8, 1),
            D(2025, 10, 31),
            "range",
            "between August and October 2025",
        ),
        ("from 2008 to 2012", D(2008, 1, 1), D(2012, 12, 31), "range", "from 2008 to 2012"),
        ("between 1948 and 1956", D(1948, 1, 1), D(1956, 12, 31), "range", "between 1948 and 1956"),
        (
            "from March 2020 to May 2021",
            D(2020, 3, 1),
            D(2021, 5, 31),
            "range",
            "from March 2020 to May 2021",
        ),
        ("in 1947\u20131991", D(1947, 1, 1), D(1991, 12, 31), "range", "in 1947\u20131991"),
        ("5\u201310 June 1967", D(1967, 6, 5), D(1967, 6, 10), "range", "5\u201310 June 1967"),
        ("in 2016", D(2016, 1, 1), D(2016, 12, 31), "year", "in 2016"),
        ("in 1947", D(1947, 1, 1), D(1947, 12, 31), "year", "in 1947"),
        ("(2016)", D(2016, 1, 1), D(2016, 12, 31), "year", "(2016)"),
        ("2016's", D(2016, 1, 1), D(2016, 12, 31), "year", "2016's"),
        ("the 2012 vote", D(2012, 1, 1), D(2012, 12, 31), "year", "the 2012"),
        ("in late 2023", D(2023, 9, 1), D(2023, 12, 31), "range", "in late 2023"),
        ("in mid-2024", D(2024, 5, 1), D(2024, 8, 31), "range", "in mid-2024"),
        ("in the 1990s", D(1990, 1, 1), D(1999, 12, 31), "range", "in the 1990s"),
        ("in the late 1980s", D(1987, 1, 1), D(1989, 12, 31), "range", "in the late 1980s"),
        ("in the early 2000s", D(2000, 1, 1), D(2003, 12, 31), "range", "in the early 2000s"),
        ("in the 20th century", D(1901, 1, 1), D(2000, 12, 31), "range", "in the 20th century"),
        ("the twenty-first century", D(2001, 1, 1), D(2100, 12, 31), "range", None),
        ("during the Cold War", D(1947, 1, 1), D(1991, 12, 31), "range", "during the Cold War"),
        ("during the Six-Day War", D(1967, 6, 5), D(1967, 6, 10), "range", None),
        ("after the Yom Kippur War", D(1973, 10, 6), D(1973, 10, 25), "range", None),
        ("during the First Intifada", D(1987, 12, 1), D(1993, 9, 30), "range", None),
        ("during the second intifada", D(2000, 9, 1), D(2005, 2, 28), "range", None),
        ("since the Oslo Accords", D(1993, 9, 13), None, "day", "since the Oslo Accords"),
        ("during the Arab Spring", D(2010, 12, 1), D(2012, 12, 31), "range", None),
        ("in the Soviet era", D(1922, 12, 30), D(1991, 12, 26), "range", "in the Soviet era"),
        ("on 7 October 2023", D(2023, 10, 7), None, "day", "on 7 October 2023"),
    ],
)
def test_dates_explicit_forms(
    text: str, start: dt.date, end: dt.date | None, precision: str, found: str | None
) -> None:
    for reference in (REF, None):
        got = only(f"Moscow acted {text} and said so.", reference)
        assert (got.date, got.date_end, got.precision, got.method) == (
            start,
            end,
            precision,
            "sentence",
        )
        assert got.text == (found or text)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("on Monday", D(2024, 5, 13), None, "day"),
        ("on Wednesday", REF, None, "day"),  # the reference day itself
        ("on Thursday", D(2024, 5, 9), None, "day"),
        ("last Wednesday", D(2024, 5, 8), None, "day"),
        ("yesterday", D(2024, 5, 14), None, "day"),
        ("today", REF, None, "day"),
        ("three days ago", D(2024, 5, 12), None, "day"),
        ("last week", D(2024, 5, 6), D(2024, 5, 12), "range"),
        ("earlier this week", D(2024, 5, 13), REF, "range"),
        ("last month", D(2024, 4, 1), D(2024, 4, 30), "month"),
        ("earlier this month", D(2024, 5, 1), REF, "range"),
        ("two months ago", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("last year", D(2023, 1, 1), D(2023, 12, 31), "year"),
        ("earlier this year", D(2024, 1, 1), REF, "range"),
        ("in April", D(2024, 4, 1), D(2024, 4, 30), "month"),
        ("in May", D(2024, 5, 1), D(2024, 5, 31), "month"),
        ("in June", D(2023, 6, 1), D(2023, 6, 30), "month"),  # latest June not after REF
        ("in mid-March", D(2024, 3, 1), D(2024, 3, 31), "month"),
        ("on 18 April", D(2024, 4, 18), None, "day"),
        ("on December 25", D(2023, 12, 25), None, "day"),
    ],
)
def test_dates_relative_forms_use_the_reference(
    text: str, start: dt.date, end: dt.date | None, precision: str
) -> None:
    got = only(f"The ministry spoke {text} about the talks.")
    assert (got.date, got.date_end, got.precision) == (start, end, precision)
    assert got.text == text
    assert find_dates(f"The ministry spoke {text} about the talks.", reference=None) == []


def test_dates_relative_month_and_year_cross_new_year() -> None:
    january = D(2025, 1, 10)
    assert only("It happened last month.", january).date == D(2024, 12, 1)
    assert only("It happened last week.", D(2025, 1, 1)).date == D(2024, 12, 23)
    assert only("It happened in December.", january).date == D(2024, 12, 1)
    assert only("It happened in January.", january).date == D(2025, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "The resolution passed with 138 votes in favour.",
        "Security Council resolution 2334 condemned settlements.",
        "The General Assembly adopted A/RES/67/19 that day.",
        "Resolution 242 called for withdrawal.",
        "Support rose to 2016% of the target.",
        "Turnout was 45 percent and 2020 per cent of nothing.",
        "Aid worth $2016 million was promised.",
        "Israel received 2000 rockets and 1500 tonnes of cargo.",
        "The motion won in 2000 votes to 12.",
        "Talks on the 1967 borders resumed.",
        "Palestinians want a state on pre-1967 lines.",
        "Room 1994-B was closed.",
        "The phone number is 2016-5555.",
        "Call 18/04/2024 a numeric date we do not read.",
        "You may march to the square with Jan and Mark.",
        "The march in may was small.",
        "2,016 people marched.",
        "The score was 1.2016 in the index.",
        "ES-10/23 was the resolution symbol.",
    ],
)
def test_dates_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, reference=REF) == []


@pytest.mark.parametrize(
    "text",
    [
        "31 February 2024",
        "29 February 2023",
        "2024-02-30",
        "2023-13-01",
        "April 31, 2024",
        "31 June",
    ],
)
def test_dates_invalid_dates_are_not_dates(text: str) -> None:
    # and the month or year inside them is not read instead
    assert find_dates(f"It happened on {text} they said.", reference=REF) == []


def test_dates_leap_days() -> None:
    assert only("on 29 February 2024").date == D(2024, 2, 29)
    assert only("on 2024-02-29").date == D(2024, 2, 29)
    # a yearless leap day resolves to the latest real 29 February not after the reference
    assert only("on 29 February", D(2025, 3, 1)).date == D(2024, 2, 29)
    assert only("in February 2023").date_end == D(2023, 2, 28)


def test_dates_october_seventh_reads_the_attack_when_context_says_so() -> None:
    later = D(2024, 12, 1)
    assert only("Hamas attacked Israel on 7 October.", later).date == D(2023, 10, 7)
    assert only("Relations froze after 7 October.", later).date == D(2023, 10, 7)
    assert only("Moscow's line since October 7 held.", None).date == D(2023, 10, 7)
    # an anniversary, or no context, is this year's day
    assert only("Israel marked the anniversary on 7 October.", later).date == D(2024, 10, 7)
    assert only("The fair opened on 7 October.", later).date == D(2024, 10, 7)
    # before the attack, 7 October cannot mean it
    assert only("Talks ended after 7 October.", D(2023, 9, 1)).date == D(2022, 10, 7)


def test_dates_spans_point_at_the_text_in_order() -> None:
    text = (
        "Russia recognised Israel in May 1948, broke ties in June 1967 and restored them in 1991."
    )
    found = find_dates(text, reference=None)
    assert [d.text for _, _, d in found] == ["in May 1948", "in June 1967", "in 1991"]
    for start, end, got in found:
        assert text[start:end] == got.text
    assert [d.precision for _, _, d in found] == ["month", "month", "year"]


def test_dates_eras_table_is_consistent() -> None:
    for name, (start, end) in ERAS.items():
        assert end is None or start <= end, name
    # a mere mention without a temporal preposition is not a date
    assert find_dates("Russia cited the Oslo Accords and the Cold War.", reference=REF) == []


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x02\xff\ufffd", "\u202e2024\u202c", "<script>alert(2016)</script>"[:14]],
)
def test_dates_empty_and_binary_input(text: str) -> None:
    assert find_dates(text, reference=REF) == []


def test_dates_huge_hostile_input_is_sane() -> None:
    assert find_dates("7" * 1_000_000, reference=REF) == []
    assert find_dates(" " * 500_000 + "in 2016", reference=REF)[0][2].date == D(2016, 1, 1)
    assert find_dates("-" * 300_000 + "/" * 300_000, reference=None) == []
    dense = "It was signed on 18 April 2024. " * 3000
    found = find_dates(dense, reference=None)
    assert len(found) == 3000
    assert {d.date for _, _, d in found} == {D(2024, 4, 18)}


def test_dates_repeated_month_names_do_not_read_as_dates() -> None:
    assert find_dates("May " * 20_000, reference=None) == []
    assert find_dates("May " * 20_000, reference=REF) == []


# --- event_date -----------------------------------------------------------------------------


def test_event_date_prefers_the_sentence() -> None:
    got = event_date(
        "Russia recognised the State of Palestine on 18 November 1988.",
        paragraph_dates=[EventDate(D(2024, 1, 1), None, "day", "sentence", "x")],
        doc_date=D(2024, 5, 1),
    )
    assert (got.date, got.precision, got.method) == (D(1988, 11, 18), "day", "sentence")


def test_event_date_most_precise_and_adverbial_first() -> None:
    got = event_date(
        "On 10 May 2024 Russia cited the 1947 partition plan.", paragraph_dates=[], doc_date=None
    )
    assert got.date == D(2024, 5, 10)
    got = event_date("In 2016 Russia praised the 2012 vote.", paragraph_dates=[], doc_date=None)
    assert got.text == "In 2016"


def test_event_date_adverbial_beats_attributive_even_if_less_precise() -> None:
    got = event_date(
        "In 2016 Russia cited the attack of 7 October 2023.", paragraph_dates=[], doc_date=None
    )
    assert (got.date, got.precision, got.text) == (D(2016, 1, 1), "year", "In 2016")
    got = event_date(
        "Biden visited Israel yesterday, eleven days after the attack of 7 October 2023.",
        paragraph_dates=[],
        doc_date=D(2023, 10, 19),
    )
    assert (got.date, got.text) == (D(2023, 10, 18), "yesterday")
    # an attributive date alone still dates the sentence
    got = event_date("Russia praised the 2012 vote.", paragraph_dates=[], doc_date=D(2020, 1, 1))
    assert (got.date, got.method) == (D(2012, 1, 1), "sentence")


def test_event_date_paragraph_skips_attributive_dates_when_it_can() -> None:
    found = [
        d
        for _, _, d in find_dates(
            "He came yesterday, after the attack of 7 October.", reference=D(2023, 10, 19)
        )
    ]
    assert [d.text for d in found] == ["yesterday", "of 7 October"]
    got = event_date("He met Netanyahu.", paragraph_dates=found, doc_date=D(2023, 10, 19))
    assert (got.date, got.method) == (D(2023, 10, 18), "paragraph")
    got = event_date("He met Netanyahu.", paragraph_dates=found[1:], doc_date=D(2023, 10, 19))
    assert (got.date, got.method) == (D(2023, 10, 7), "paragraph")


def test_event_date_falls_back_to_paragraph_then_document_then_none() -> None:
    earlier = [
        EventDate(D(2012, 11, 29), None, "day", "sentence", "on 29 November 2012"),
        EventDate(None, None, "unknown", "none"),
    ]
    sentence = "Russia voted in favour."
    got = event_date(sentence, paragraph_dates=earlier, doc_date=D(2024, 5, 1))
    assert (got.date, got.method, got.text) == (D(2012, 11, 29), "paragraph", "on 29 November 2012")
    got = event_date(sentence, paragraph_dates=[], doc_date=D(2024, 5, 1))
    assert (got.date, got.date_end, got.precision, got.method) == (
        D(2024, 5, 1),
        None,
        "day",
        "document",
    )
    got = event_date(sentence, paragraph_dates=[], doc_date=None)
    assert (got.date, got.precision, got.method) == (None, "unknown", "none")


def test_event_date_paragraph_takes_the_latest_mentioned() -> None:
    earlier = [
        EventDate(D(1988, 1, 1), D(1988, 12, 31), "year", "sentence", "in 1988"),
        EventDate(D(1991, 1, 1), D(1991, 12, 31), "year", "sentence", "in 1991"),
    ]
    got = event_date("Moscow agreed.", paragraph_dates=earlier, doc_date=None)
    assert (got.date, got.date_end, got.method) == (D(1991, 1, 1), D(1991, 12, 31), "paragraph")


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision"),
    [
        (
            "Moscow hosted a Hamas delegation three weeks later.",
            D(2023, 10, 23),
            D(2023, 10, 29),
            "range",
        ),
        ("Two days later Iran replied.", D(2023, 10, 9), None, "day"),
        ("The next day Iran replied.", D(2023, 10, 8), None, "day"),
        ("Four months later talks resumed.", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("A year earlier Russia abstained.", D(2022, 1, 1), D(2022, 12, 31), "year"),
    ],
)
def test_event_date_later_moves_the_paragraphs_date(
    sentence: str, start: dt.date, end: dt.date | None, precision: str
) -> None:
    """ "three weeks later" counts from the paragraph's date (7 October 2023), not the story's."""
    earlier = [EventDate(D(2023, 10, 7), None, "day", "sentence", "on 7 October 2023")]
    got = event_date(sentence, paragraph_dates=earlier, doc_date=D(2024, 5, 1))
    assert (got.date, got.date_end, got.precision, got.method) == (
        start,
        end,
        precision,
        "paragraph",
    )


def test_event_date_later_is_not_finer_than_the_paragraphs_date() -> None:
    in_1988 = [EventDate(D(1988, 1, 1), D(1988, 12, 31), "year", "sentence", "in 1988")]
    got = event_date(
        "Two years later it opened an embassy.", paragraph_dates=in_1988, doc_date=None
    )
    assert (got.date, got.precision) == (D(1990, 1, 1), "year")
    got = event_date("Two days later it opened an embassy.", paragraph_dates=in_1988, doc_date=None)
    assert (got.date, got.precision, got.text) == (D(1988, 1, 1), "year", "in 1988")
    # with no date before it in the paragraph, the story's date stands
    got = event_date("Two days later it opened an embassy.", paragraph_dates=[], doc_date=REF)
    assert (got.date, got.method) == (REF, "document")


def test_event_date_relative_uses_doc_date_unless_reference_given() -> None:
    got = event_date("Lavrov met Abbas yesterday.", paragraph_dates=[], doc_date=D(2024, 3, 1))
    assert (got.date, got.method) == (D(2024, 2, 29), "sentence")
    got = event_date(
        "Lavrov met Abbas yesterday.",
        paragraph_dates=[],
        doc_date=D(2024, 3, 1),
        reference=D(2024, 1, 1),
    )
    assert got.date == D(2023, 12, 31)
    # no date to resolve against: the relative expression is skipped, nothing is invented
    got = event_date("Lavrov met Abbas yesterday.", paragraph_dates=[], doc_date=None)
    assert got.method == "none"


# --- properties ---------------------------------------------------------------------------

FRAGMENTS = [
    "on", "in", "the", "2016", "1990s", "April", "May", "18", "7", "October", "2024",
    "-", "\u2013", "and", "between", "from", "to", "votes", "resolution", "2334", "Monday",
    "last", "month", "year", "ago", "three", "Cold", "War", "during", ",", ".", "(", ")",
    "'s", "late", "early", "century", "20th", "x", "Russia", "31", "February", "29",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=25),
    reference=st.none() | st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31)),
)
def test_dates_results_are_well_formed(words: list[str], reference: dt.date | None) -> None:
    text = " ".join(words)
    found = find_dates(text, reference=reference)
    previous_end = 0
    for start, end, got in found:
        assert previous_end <= start < end <= len(text)
        previous_end = end
        assert text[start:end] == got.text
        assert got.method == "sentence"
        assert got.date is not None
        assert got.precision in {"day", "month", "year", "range"}
        if got.precision == "day":
            assert got.date_end is None
        else:
            assert got.date_end is not None and got.date <= got.date_end


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=D(1000, 1, 1), max_value=D(2099, 12, 31)))
def test_dates_round_trip_written_forms(day: dt.date) -> None:
    month = MONTH_NAMES[day.month - 1]
    for text in (
        f"on {day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        day.isoformat(),
    ):
        got = only(f"It happened {text}.", None)
        assert (got.date, got.precision) == (day, "day")
