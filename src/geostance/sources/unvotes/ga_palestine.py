"""General Assembly votes on Gaza, UNRWA and the status of Palestine since October 2023.

One row per country and vote, keyed by the resolution symbol; stored as roll calls
``ga:<symbol>`` with titles of our own (``GA_2023_TITLES``): the file holds symbols only.
"""

from __future__ import annotations

import pandas as pd

from geostance.sources.unvotes.common import ROLLCALL_COLUMNS, FileReport, Format, Parser, _Problems
from geostance.sources.unvotes.fields import (
    _dates,
    _duplicates,
    _empty_rollcalls,
    _frame,
    _ga_session,
    _vote_rows,
    normalise_symbol,
)

GA_2023_TITLES: dict[str, str] = {
    # Our own short descriptions of the twelve votes in unga_palestine_gaza_votes_2023_2025.csv,
    # which holds symbols only. Used for display and for the topic rules of docs/votes.md.
    "A/RES/ES-10/21": "Gaza: protection of civilians; humanitarian truce (Oct 2023)",
    "A/RES/ES-10/22": "Gaza: demand for an immediate humanitarian ceasefire (Dec 2023)",
    "A/RES/ES-10/23": "Admission of Palestine as a UN member; added rights in the Assembly",
    "A/RES/ES-10/24": "ICJ advisory opinion: end of Israel's presence in the occupied "
    "Palestinian territory",
    "A/RES/ES-10/25": "Support for UNRWA, the agency for Palestine refugees (Dec 2024)",
    "A/RES/ES-10/26": "Gaza: demand for an immediate, permanent ceasefire (Dec 2024)",
    "A/RES/79/232": "Request for an ICJ advisory opinion on Israel's obligations towards "
    "UN and aid bodies in the occupied Palestinian territory",
    "A/RES/ES-10/27": "Gaza: protection of civilians; ceasefire demand (Jun 2025)",
    "A/DEC/80/506": "Endorsement of the New York declaration on the two-State solution (Palestine)",
    "A/RES/80/1": "Participation of the State of Palestine by video in the high-level week",
    "A/RES/80/78": "Palestine question resolution of 5 Dec 2025 (title not in the source file)",
    "A/RES/80/116": "Palestine question resolution of 12 Dec 2025 (title not in the source file)",
}

FORMATS: tuple[Format, ...] = (
    Format(
        "ga_palestine",
        frozenset({"resolution", "date", "vote"}),
        frozenset({"iso3", "country", "source"}),
        description="GA votes on Gaza, UNRWA and Palestine since Oct 2023",
    ),
)


def _ga_palestine(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    dates = _dates(df, "date", p, allow_year=False)
    sym = df["resolution"].map(normalise_symbol)
    ids = "ga:" + sym
    votes = _vote_rows(df, p, rep, ids, "iso3", "country", dates)
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per resolution and state")
    first = pd.DataFrame({"id": ids, "symbol": sym, "date": dates}).drop_duplicates("id")
    counts = votes.groupby("rollcall")["vote"].value_counts().unstack(fill_value=0)
    d = _empty_rollcalls(len(first))
    d.update(
        id=first["id"].to_numpy(),
        dataset="ga_palestine",
        body="GA",
        date=first["date"].to_numpy(),
        year=[x.year if x else None for x in first["date"]],
        symbol=first["symbol"].to_numpy(),
        title=[GA_2023_TITLES.get(s, s) for s in first["symbol"]],
        session=[_ga_session(x) for x in first["date"]],
        outcome="Adopted",
    )
    for col, v in (("total_yes", "yes"), ("total_no", "no"), ("total_abstain", "abstain")):
        d[col] = [int(counts.at[i, v]) if v in counts else 0 for i in first["id"]]
    d["total_absent"] = [
        int(counts.at[i, "absent"]) if "absent" in counts else 0 for i in first["id"]
    ]
    return {"rollcalls": _frame(ROLLCALL_COLUMNS, d), "votes": votes}


PARSERS: dict[str, Parser] = {"ga_palestine": _ga_palestine}
