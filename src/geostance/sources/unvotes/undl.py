"""UN Digital Library voting records as scraped into two files (records and votes, 1946-2021).

``undl_records`` holds one row per record (GA or SC, with totals and link) and ``undl_votes`` one
row per country and record, joined by ``undl_id``; stored as roll calls ``undl:<undl_id>``. The
library's own bulk files (one row per member state and resolution) are read by
``undl_published``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geostance.sources.unvotes.common import ROLLCALL_COLUMNS, FileReport, Format, Parser, _Problems
from geostance.sources.unvotes.fields import (
    _dates,
    _duplicates,
    _empty_rollcalls,
    _frame,
    _ints,
    _vote_rows,
    normalise_symbol,
)

FORMATS: tuple[Format, ...] = (
    Format(
        "undl_records",
        frozenset({"undl_id", "council", "date", "resolution", "title"}),
        frozenset(
            {
                "year",
                "total_yes",
                "total_no",
                "total_abstain",
                "total_non_voting",
                "total_members",
                "undl_link",
            }
        ),
        description="UN Digital Library voting records, GA and SC",
    ),
    Format(
        "undl_votes",
        frozenset({"undl_id", "vote"}),
        frozenset({"iso3", "country_raw"}),
        description="UN Digital Library votes (one row per country and record)",
    ),
)


def _undl_records(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    uid = _ints(df, "undl_id", p, required=True)
    _duplicates(df, ["undl_id"], p, "records", "keep one row per undl_id")
    dates = _dates(df, "date", p, allow_year=True)
    council = df["council"].str.strip().str.upper()
    rows = np.flatnonzero(~council.isin(["GA", "SC"]).to_numpy())
    p.add(
        "unknown council",
        rows.tolist(),
        lambda r: f"council {council.iloc[r]!r} is not GA or SC",
        "write GA or SC",
    )
    year = _ints(df, "year", p, required=False) if "year" in df else None
    yfd = pd.Series([x.year if x else None for x in dates], dtype="Int64")
    no_day = int(sum(x is None for x in dates))
    if no_day:
        rep.warnings.append(f"{no_day} record(s) have a year but no day; stored without a date")
    d = _empty_rollcalls(len(df))
    d.update(
        id="undl:" + uid.astype(str),
        dataset="undl",
        body=council,
        year=yfd.fillna(year) if year is not None else yfd,
        date=dates,
        symbol=df["resolution"].map(normalise_symbol).replace("", None),
        title=df["title"].str.strip(),
        url=df["undl_link"].str.strip().replace("", None) if "undl_link" in df else None,
        total_yes=_ints(df, "total_yes", p, required=False) if "total_yes" in df else None,
        total_no=_ints(df, "total_no", p, required=False) if "total_no" in df else None,
        total_abstain=(
            _ints(df, "total_abstain", p, required=False) if "total_abstain" in df else None
        ),
        total_absent=(
            _ints(df, "total_non_voting", p, required=False) if "total_non_voting" in df else None
        ),
    )
    return {"rollcalls": _frame(ROLLCALL_COLUMNS, d)}


def _undl_votes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    uid = _ints(df, "undl_id", p, required=True)
    votes = _vote_rows(df, p, rep, "undl:" + uid.astype(str), "iso3", "country_raw")
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per record and country")
    return {"votes": votes}


PARSERS: dict[str, Parser] = {"undl_records": _undl_records, "undl_votes": _undl_votes}
