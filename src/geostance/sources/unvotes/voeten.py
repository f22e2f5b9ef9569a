"""Erik Voeten's UN General Assembly roll calls, votes and issue codes (the unvotes files).

Three files joined by ``rcid``: roll calls (one row per roll call, with issue flags), votes (one
row per country and roll call) and issue codes in long form. Stored as roll calls
``voeten:<rcid>``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geostance.sources.unvotes.common import ROLLCALL_COLUMNS, FileReport, Format, Parser, _Problems
from geostance.sources.unvotes.fields import (
    _dates,
    _duplicates,
    _empty_rollcalls,
    _flag,
    _frame,
    _ints,
    _vote_rows,
    normalise_symbol,
)

ISSUES: dict[str, str] = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

FORMATS: tuple[Format, ...] = (
    Format(
        "voeten_rollcalls",
        frozenset({"rcid", "session", "date", "unres"}),
        frozenset({"year", "importantvote", "amend", "para", "short", "descr", *ISSUES}),
        description="Voeten/unvotes GA roll calls (one row per roll call)",
    ),
    Format(
        "voeten_issues",
        frozenset({"rcid", "short_name"}),
        frozenset({"issue"}),
        description="Voeten/unvotes issue codes, long form",
    ),
    Format(
        "voeten_votes",
        frozenset({"rcid", "vote"}),
        frozenset({"country", "country_code", "iso3"}),
        description="Voeten/unvotes GA votes (one row per country and roll call)",
    ),
)


def _voeten_rollcalls(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    rcid = _ints(df, "rcid", p, required=True)
    _duplicates(df, ["rcid"], p, "roll calls", "keep one row per rcid")
    dates = _dates(df, "date", p, allow_year=False)
    n = len(df)
    d = _empty_rollcalls(n)
    d.update(
        id="voeten:" + rcid.astype(str),
        dataset="voeten",
        body="GA",
        session=_ints(df, "session", p, required=True),
        year=pd.Series([x.year if x else None for x in dates], dtype="Int64"),
        date=dates,
        symbol=df["unres"].map(normalise_symbol).replace("", None),
        title=df["short"].str.strip() if "short" in df else None,
        descr=df["descr"].str.strip() if "descr" in df else None,
        amend=_flag(df, "amend"),
        para=_flag(df, "para"),
        important=_flag(df, "importantvote"),
    )
    rollcalls = _frame(ROLLCALL_COLUMNS, d)
    issues = [
        pd.DataFrame({"rollcall": rollcalls["id"][_flag(df, k).fillna(False)], "issue": k})
        for k in ISSUES
        if k in df
    ]
    iss = pd.concat(issues) if issues else pd.DataFrame(columns=["rollcall", "issue"])
    iss["name"] = iss["issue"].map(ISSUES)
    return {"rollcalls": rollcalls, "issues": iss.reset_index(drop=True)}


def _voeten_issues(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    rcid = _ints(df, "rcid", p, required=True)
    code = df["short_name"].str.strip().str.lower()
    rows = np.flatnonzero(~code.isin(list(ISSUES)).to_numpy())
    p.add(
        "unknown issue codes",
        rows.tolist(),
        lambda r: f"issue code {code.iloc[r]!r} is unknown",
        f"use one of {', '.join(ISSUES)}",
    )
    _duplicates(df, ["rcid", "short_name"], p, "issue rows", "keep one row per rcid and issue")
    out = pd.DataFrame({"rollcall": "voeten:" + rcid.astype(str), "issue": code})
    out["name"] = code.map(ISSUES)
    return {"issues": out}


def _voeten_votes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    rcid = _ints(df, "rcid", p, required=True)
    votes = _vote_rows(df, p, rep, "voeten:" + rcid.astype(str), "iso3", "country")
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per rcid and country")
    return {"votes": votes}


PARSERS: dict[str, Parser] = {
    "voeten_rollcalls": _voeten_rollcalls,
    "voeten_issues": _voeten_issues,
    "voeten_votes": _voeten_votes,
}
