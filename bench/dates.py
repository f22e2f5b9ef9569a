"""Time `find_dates`: a sentence with no date candidate (the regex gate), one with a date,
and hostile megabyte inputs. Run: `.venv/bin/python bench/dates.py`."""

from __future__ import annotations

import datetime as dt
import timeit

from geostance.nlp.dates import find_dates

REF = dt.date(2024, 5, 15)
NO_DATE = (
    "The foreign ministry said the council should meet again soon and that the envoys "
    "would keep talking with all sides about the proposals now on the table before"
)
WITH_DATE = (
    "Russia voted for the draft at the General Assembly on 10 May 2024 after a long "
    "debate in which 143 members backed the text and nine voted against it"
)


def per_call(text: str, number: int) -> float:
    return timeit.timeit(lambda: find_dates(text, reference=REF), number=number) / number


def main() -> None:
    for name, text in (("no candidate", NO_DATE), ("one date", WITH_DATE)):
        t = per_call(text, 5000)
        print(f"{name:13s} {len(text.split())} words: {t * 1e6:7.1f} us/call")
    for name, text in (("1 MB digits", "7" * 1_000_000), ("1 MB 'in 2016 '", "in 2016 " * 125_000)):
        print(f"{name}: {per_call(text, 1):.2f} s")


if __name__ == "__main__":
    main()
