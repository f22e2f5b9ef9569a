"""Security Council: votes on every draft put to the vote (1994-2025) and the veto list.

``unsc_votes`` has one row per member and decision, failed and vetoed drafts included; stored as
roll calls ``unsc:<decision_id>``. ``unsc_vetoes`` is the Dag Hammarskjold Library veto list, one
row per vetoed draft with up to three vetoing members.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from geostance.sources.unvotes.common import (
    MAX_ERRORS_SHOWN,
    ROC_SEAT_END,
    ROLLCALL_COLUMNS,
    VETO_COLUMNS,
    FileReport,
    Format,
    Parser,
    _physical_lines_from,
    _Problems,
)
from geostance.sources.unvotes.fields import (
    _dates,
    _empty_rollcalls,
    _frame,
    _ints,
    _vote_rows,
    normalise_symbol,
)

VETO_MEMBERS: dict[str, str] = {
    "USSR": "RUS",
    "Russia": "RUS",
    "USA": "USA",
    "UK": "GBR",
    "France": "FRA",
    "China": "CHN",
}

FORMATS: tuple[Format, ...] = (
    Format(
        "unsc_votes",
        frozenset({"decision_id", "date", "draft", "outcome", "vote"}),
        frozenset(
            {
                "year",
                "resolution",
                "meeting",
                "agenda_item",
                "topic",
                "category",
                "region",
                "submitted_by",
                "member_state",
                "iso3",
                "membership_status",
            }
        ),
        description="Security Council votes on drafts, one row per member and decision",
    ),
    Format(
        "unsc_vetoes",
        frozenset({"date", "draft", "member_veto1"}),
        frozenset(
            {
                "year",
                "month",
                "meeting_record",
                "agenda_item",
                "crisis_topic",
                "region",
                "member_veto2",
                "member_veto3",
                "single_veto",
                "multiple_vetoes",
                "China",
                "France",
                "Russia",
                "USSR",
                "USA",
                "UK",
                "russia_china",
                "usa_uk",
                "usa_france",
                "usa_france_uk",
                "france_uk",
            }
        ),
        description="Security Council vetoes (Dag Hammarskjold Library list)",
    ),
)


def _unsc_votes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    did = _ints(df, "decision_id", p, required=True)
    dates = _dates(df, "date", p, allow_year=False)
    ids = "unsc:" + did.astype(str)
    votes = _vote_rows(df, p, rep, ids, "iso3", "member_state")
    dup = votes.duplicated(["rollcall", "country"], keep="first")
    if dup.any():
        # The source lists a member twice in a few decisions (documented in its README);
        # the first row is kept and each extra row reported.
        lines = _physical_lines_from(df)
        for r in np.flatnonzero(dup.to_numpy())[:MAX_ERRORS_SHOWN]:
            rep.warnings.append(
                f"line {lines(int(r))}: {votes['country'].iloc[r]} listed twice in decision "
                f"{did.iloc[r]}; kept the first row"
            )
        rep.skipped += int(dup.sum())
        votes = votes[~dup.to_numpy()]
    meta = pd.DataFrame({"id": ids, "date": dates})
    for c in ("resolution", "draft", "agenda_item", "topic", "outcome", "submitted_by"):
        meta[c] = df[c].str.strip() if c in df else ""
    meta = meta.drop_duplicates("id")
    d = _empty_rollcalls(len(meta))
    # Later rows of the source sometimes hold the draft symbol under "resolution" and the
    # adopted S/RES symbol under "draft": put each back in its place.
    res = meta["resolution"].map(normalise_symbol)
    drf = meta["draft"].map(normalise_symbol)
    swapped = drf.str.startswith("S/RES/") & ~res.str.startswith("S/RES/")
    sym = res.where(~swapped, drf)
    meta["draft"] = meta["draft"].where(~swapped, meta["resolution"])
    d.update(
        id=meta["id"].to_numpy(),
        dataset="unsc",
        body="SC",
        date=meta["date"].to_numpy(),
        year=[x.year if x else None for x in meta["date"]],
        symbol=sym.where(sym.str.startswith("S/RES/"), None).to_numpy(),
        draft=meta["draft"].replace("", None).to_numpy(),
        title=(meta["agenda_item"] + (" - " + meta["topic"]).where(meta["topic"] != "", "")),
        outcome=meta["outcome"].to_numpy(),
        submitted_by=meta["submitted_by"].replace("", None).to_numpy(),
    )
    rc = _frame(ROLLCALL_COLUMNS, d)
    counts = votes.groupby("rollcall")["vote"].value_counts().unstack(fill_value=0)
    for col, v in (("total_yes", "yes"), ("total_no", "no"), ("total_abstain", "abstain")):
        rc[col] = rc["id"].map(counts[v] if v in counts else {}).fillna(0).astype("Int64")
    return {"rollcalls": rc, "votes": votes.reset_index(drop=True)}


def _veto_detail(raw: str, _row: int) -> str:
    return f"vetoing member {raw!r} is not a permanent member"


def _unsc_vetoes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    dates = _dates(df, "date", p, "%m/%d/%Y", allow_year=False)
    rows: list[dict[str, Any]] = []
    for i in range(len(df)):
        for col in ("member_veto1", "member_veto2", "member_veto3"):
            raw = df[col].iloc[i].strip() if col in df else ""
            if not raw:
                continue
            iso = VETO_MEMBERS.get(raw)
            if iso == "CHN" and dates.iloc[i] is not None and dates.iloc[i] <= ROC_SEAT_END:
                iso = "TWN"
            if iso is None:
                p.add(
                    "unknown veto members",
                    [i],
                    partial(_veto_detail, raw),
                    f"use one of {', '.join(VETO_MEMBERS)}",
                )
                continue
            rows.append(
                {
                    "dataset": "vetoes",
                    "seq": i + 1,
                    "date": dates.iloc[i],
                    "year": dates.iloc[i].year if dates.iloc[i] else None,
                    "draft": df["draft"].iloc[i].strip(),
                    "meeting": df.get("meeting_record", df["draft"]).iloc[i].strip(),
                    "agenda": " ".join(df["agenda_item"].iloc[i].split())
                    if "agenda_item" in df
                    else "",
                    "topic": df["crisis_topic"].iloc[i].strip() if "crisis_topic" in df else "",
                    "region": df["region"].iloc[i].strip() if "region" in df else "",
                    "member": iso,
                    "member_raw": raw,
                }
            )
    return {"vetoes": pd.DataFrame(rows, columns=list(VETO_COLUMNS))}


PARSERS: dict[str, Parser] = {"unsc_votes": _unsc_votes, "unsc_vetoes": _unsc_vetoes}
