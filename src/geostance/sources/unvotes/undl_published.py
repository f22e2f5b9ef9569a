"""The UN Digital Library's own voting data, read as the library publishes it.

The Dag Hammarskjold Library publishes "UN General Assembly Voting Data"
(https://digitallibrary.un.org/record/4060887) and "UN Security Council Voting Data"
(https://digitallibrary.un.org/record/4055387) as CSV files with one row per member state and
adopted resolution; the record's fields (symbol, draft, date, title or description, agenda,
subjects, totals, link) repeat on each of its rows. Columns, from the data dictionaries of the
July 2025 releases (GA to 79/317, SC to resolution 2787):

* GA: undl_id, ms_code, ms_name, ms_vote, date, session, resolution, draft, committee_report,
  meeting, title, agenda_title, subjects, vote_note, total_yes, total_no, total_abstentions,
  total_non_voting, total_ms, undl_link (older releases lack vote_note; some carry modality).
* SC: undl_id, ms_code, ms_name, permanent_member, ms_vote, date, resolution, draft, meeting,
  description, agenda, subjects, vote_note, modality, total_yes, total_no, total_abstentions,
  total_non_voting, total_ms, undl_link.

``ms_vote`` is Y, N, A or X (non-voting); a blank or ``NV`` (older releases) is read as X.
``ms_code`` is the member's three-letter code, checked against the country table (the name is
used when the code is not known). Stored as roll calls ``undl_voting:<undl_id>`` with the
library's totals; ``measures.votes.canonical_rollcalls`` prefers them over any other source of
the same vote.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geostance.sources.unvotes.common import (
    ROC_SEAT_END,
    ROLLCALL_COLUMNS,
    FileReport,
    Format,
    Parser,
    _physical_lines_from,
    _Problems,
)
from geostance.sources.unvotes.fields import (
    _country_ids,
    _dates,
    _duplicates,
    _empty_rollcalls,
    _frame,
    _ga_session,
    _ints,
    _on_or_before,
    _votes,
    normalise_symbol,
)

DATASET = "undl_voting"
"""The dataset name (and roll-call id prefix) of records read from the library's files."""

_SHARED = frozenset(
    {
        "ms_name",
        "draft",
        "meeting",
        "subjects",
        "vote_note",
        "modality",
        "total_yes",
        "total_no",
        "total_abstentions",
        "total_non_voting",
        "total_ms",
        "undl_link",
    }
)
_KEYS = frozenset({"undl_id", "ms_code", "ms_vote", "date", "resolution"})

FORMATS: tuple[Format, ...] = (
    Format(
        "undl_ga_voting",
        _KEYS | {"title"},
        _SHARED | {"session", "committee_report", "agenda_title"},
        description="UN Digital Library GA voting data (one row per member state and resolution)",
    ),
    Format(
        "undl_sc_voting",
        _KEYS | {"description"},
        _SHARED | {"permanent_member", "agenda"},
        description="UN Digital Library SC voting data (one row per member state and resolution)",
    ),
)

LACKS: dict[str, str] = {
    "GA": "the library's GA file holds resolutions adopted by a recorded vote only: no votes on "
    "amendments, paragraphs or rejected drafts, and no issue codes (import Voeten's files for "
    "those); meeting, committee report and vote notes are not stored",
    "SC": "the library's SC file holds adopted resolutions only: no failed or vetoed drafts "
    "(import the SC draft votes and veto files for those) and no sponsors; meeting, "
    "permanent-member flag and vote notes are not stored",
}
"""What each file does not give, said in every report of such a file."""

_TALLY = (
    ("total_yes", "total_yes", "yes"),
    ("total_no", "total_no", "no"),
    ("total_abstain", "total_abstentions", "abstain"),
    ("total_absent", "total_non_voting", "absent"),
)
"""(stored column, published column, vote value): the tally; non-voting is stored as absent."""

_WITHOUT_VOTE = re.compile(r"without|acclamation|consensus", re.IGNORECASE)


def _text(df: pd.DataFrame, col: str) -> pd.Series:
    """A text column with runs of white space collapsed; empty or missing -> None."""
    if col not in df:
        return pd.Series([None] * len(df), index=df.index, dtype=object)
    s = df[col].str.replace(r"\s+", " ", regex=True).str.strip()
    return s.where(s != "", None)


def _member_votes(
    df: pd.DataFrame, p: _Problems, rep: FileReport, ids: pd.Series, dates: pd.Series
) -> pd.DataFrame:
    """One row per member and record; blank and ``NV`` votes read as non-voting (X)."""
    raw = df["ms_vote"].str.strip()
    blank = raw.str.upper().isin(["", "NV"])
    if blank.any():
        rep.warnings.append(f"{int(blank.sum())} member row(s) with a blank or NV vote: read as X")
    vote = _votes(df.assign(ms_vote=raw.mask(blank, "X")), "ms_vote", p)
    country = _country_ids(df, "ms_code", "ms_name", p, rep, dates)
    roc = _on_or_before(dates, ROC_SEAT_END)
    country = country.mask((country == "CHN").to_numpy() & roc, "TWN")
    name = df["ms_name"].str.strip() if "ms_name" in df else df["ms_code"].str.strip()
    return pd.DataFrame({"rollcall": ids, "country": country, "country_raw": name, "vote": vote})


def _sessions(df: pd.DataFrame, p: _Problems, rep: FileReport, dates: pd.Series) -> pd.Series:
    """GA session numbers; special and emergency special sessions (``S-28``, ``ES-10``) are
    stored under the regular session running on their date, as Voeten's files do."""
    raw = df["session"].str.strip() if "session" in df else pd.Series([""] * len(df))
    special = raw.str.fullmatch(r"(?i)E?S-\d+").to_numpy()
    if special.any():
        rep.warnings.append(
            f"rows of special or emergency special sessions (e.g. {raw[special].iloc[0]}): "
            "stored under the regular session running on their date"
        )
    regular = _ints(df.assign(session=raw.mask(special, "")), "session", p, required=False)
    if not regular.isna().any():
        return regular
    by_date = dates.map({d: _ga_session(d) for d in dates[regular.isna()].unique()})
    return regular.fillna(by_date.astype("Int64"))


def _outcome(rec: pd.DataFrame, rep: FileReport) -> pd.Series:
    modality = rec["modality"].fillna("") if "modality" in rec else pd.Series([""] * len(rec))
    without = modality.str.contains(_WITHOUT_VOTE).to_numpy()
    if without.any():
        rep.warnings.append(
            f"{int(without.sum())} resolution(s) adopted without a vote: the library records "
            "every member present as Y"
        )
    return pd.Series(np.where(without, "Adopted without a vote", "Adopted"), index=rec.index)


def _check_tally(rc: pd.DataFrame, counted: pd.DataFrame, rep: FileReport) -> None:
    """Published totals are kept; member rows that do not add up to them are reported."""
    off = np.zeros(len(rc), dtype=bool)
    for col, _pub, v in _TALLY:
        have = rc["id"].map(counted[v] if v in counted else {}).fillna(0).to_numpy()
        want = rc[col].to_numpy(dtype="float64", na_value=np.nan)
        off |= ~np.isnan(want) & (want != have)
    if off.any():
        first = rc[off].iloc[0]
        rep.warnings.append(
            f"{int(off.sum())} record(s) whose member rows do not add up to the published totals "
            f"(first: {first['id']}, {first['symbol']}); the published totals are stored"
        )


def _parse(df: pd.DataFrame, p: _Problems, rep: FileReport, body: str) -> dict[str, pd.DataFrame]:
    uid = _ints(df, "undl_id", p, required=True)
    dates = _dates(df, "date", p, allow_year=False)
    ids = DATASET + ":" + uid.astype(str)
    symbols = df["resolution"].map({r: normalise_symbol(r) for r in df["resolution"].unique()})
    votes = _member_votes(df, p, rep, ids, dates)
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per undl_id and ms_code")
    _disagreements(pd.DataFrame({"id": ids, "date": dates, "symbol": symbols}), df, rep)
    first = ~ids.duplicated().to_numpy()
    rec = df[first]
    d = _empty_rollcalls(len(rec))
    d.update(
        id=ids[first].to_numpy(),
        dataset=DATASET,
        body=body,
        session=_sessions(df, p, rep, dates)[first].to_numpy() if body == "GA" else None,
        year=[x.year if x else None for x in dates[first]],
        date=dates[first].to_numpy(),
        symbol=symbols[first].replace("", None).to_numpy(),
        draft=_text(rec, "draft").to_numpy(),
        title=_text(rec, "title" if body == "GA" else "description").to_numpy(),
        agenda=_text(rec, "agenda_title" if body == "GA" else "agenda").to_numpy(),
        subjects=_text(rec, "subjects").to_numpy(),
        outcome=_outcome(rec, rep).to_numpy(),
        url=_text(rec, "undl_link").to_numpy(),
    )
    rc = _frame(ROLLCALL_COLUMNS, d)
    counted = votes.groupby("rollcall")["vote"].value_counts().unstack(fill_value=0)
    published = [pub for _c, pub, _v in _TALLY if pub in df]
    for col, pub, v in _TALLY:
        count = rc["id"].map(counted[v] if v in counted else {}).fillna(0).astype("Int64")
        if pub in df:
            given = _ints(df, pub, p, required=False)[first].reset_index(drop=True)
            rc[col] = given.fillna(count)
        else:
            rc[col] = count
    if published:
        _check_tally(rc, counted, rep)
    else:
        rep.warnings.append("no total_* columns: totals counted from the member rows")
    rep.warnings.append(LACKS[body])
    return {"rollcalls": rc, "votes": votes.reset_index(drop=True)}


def _disagreements(keys: pd.DataFrame, df: pd.DataFrame, rep: FileReport) -> None:
    """Rows of one record should repeat its date and symbol; the first row's are kept."""
    k = keys.astype(str)
    first = k.groupby("id")[["date", "symbol"]].transform("first")
    bad = ((k["date"] != first["date"]) | (k["symbol"] != first["symbol"])).to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        rep.warnings.append(
            f"{k['id'][bad].nunique()} record(s) whose rows disagree on date or resolution "
            f"(first at line {_physical_lines_from(df)(row)}); kept each record's first row"
        )


def _ga(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    return _parse(df, p, rep, "GA")


def _sc(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    return _parse(df, p, rep, "SC")


PARSERS: dict[str, Parser] = {"undl_ga_voting": _ga, "undl_sc_voting": _sc}
