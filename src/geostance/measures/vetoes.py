"""Security Council vetoes: the permanent members (``P5``), every veto from the veto list
extended by the SC draft votes (``vetoes_table``), and veto counts per member, year or topic
(``veto_counts``).
"""

from __future__ import annotations

import pandas as pd

from geostance.errors import VotesError

P5 = ("CHN", "FRA", "GBR", "RUS", "USA")


def vetoes_table(
    veto_list: pd.DataFrame,
    sc_rollcalls: pd.DataFrame,
    sc_votes: pd.DataFrame,
) -> pd.DataFrame:
    """Every veto: the veto list, extended after its last date by the SC draft votes
    (a permanent member's No on a draft "Not adopted - veto")."""
    cols = ["date", "year", "draft", "agenda", "topic", "member"]
    base = veto_list[[c for c in cols if c in veto_list]].copy()
    base["source"] = "veto list"
    last = pd.to_datetime(base["date"]).max() if len(base) else pd.Timestamp.min
    vetoed = sc_rollcalls[sc_rollcalls["outcome"].fillna("").str.contains("veto", case=False)]
    vetoed = vetoed[pd.to_datetime(vetoed["date"]) > last]
    nos = sc_votes[
        sc_votes["rollcall"].isin(vetoed["id"])
        & (sc_votes["vote"] == "no")
        & sc_votes["country"].isin(P5)
    ]
    meta = vetoed.set_index("id")
    extra = pd.DataFrame(
        {
            "date": nos["rollcall"].map(meta["date"]),
            "year": nos["rollcall"].map(meta["year"]),
            "draft": nos["rollcall"].map(meta["draft"]),
            "agenda": nos["rollcall"].map(meta["title"]),
            "topic": nos["rollcall"].map(meta["title"]).str.split(" - ").str[-1],
            "member": nos["country"],
            "source": "SC votes",
        }
    )
    out = pd.concat([base, extra], ignore_index=True)
    out["date"] = pd.to_datetime(out["date"]).dt.date
    return out.sort_values(["date", "member"]).reset_index(drop=True)


def veto_counts(vetoes: pd.DataFrame, *, by: str = "member") -> pd.DataFrame:
    """Veto counts per member, or per member and year/topic (``by``: member, year, topic)."""
    if by not in ("member", "year", "topic"):
        raise VotesError(f"cannot count vetoes by {by!r}; use member, year or topic")
    keys = ["member"] if by == "member" else [by, "member"]
    counts = vetoes.groupby(keys).size().rename("vetoes").reset_index()
    return counts.sort_values(keys).reset_index(drop=True)
