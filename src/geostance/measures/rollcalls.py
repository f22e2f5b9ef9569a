"""Choosing and reading roll calls: one series per body without double counting overlapping
sources (``canonical_rollcalls``), the State Department's coincidence set
(``coincidence_rollcalls``), the records of a symbol best source first (``find_symbol``,
``DATASET_ORDER``), what one roll call decided (``vote_facts``) and a state's vote on it
(``vote_on``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geostance.measures.vetoes import P5

PREFERRED_DATASETS: tuple[str, ...] = ("undl_voting",)
"""Datasets whose records replace any other source's record of the same body and symbol: the UN
Digital Library's published voting data, the official and most complete record."""

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _symbol_key(symbol: object) -> object:
    """``A/RES/66(I)``, the UN's form for sessions 1-30, -> ``A/RES/1/66``, Voeten's form."""
    m = re.fullmatch(r"A/RES/(\d+)\(([IVXL]+)\)(.*)", symbol) if isinstance(symbol, str) else None
    if not m:
        return symbol
    v = [_ROMAN[c] for c in m[2]]
    session = sum(-x if i + 1 < len(v) and x < v[i + 1] else x for i, x in enumerate(v))
    return f"A/RES/{session}/{m[1]}{m[3].strip('[]')}"


def canonical_rollcalls(rollcalls: pd.DataFrame, body: str = "GA") -> pd.DataFrame:
    """One series per body without double counting overlapping sources.

    First the records of ``PREFERRED_DATASETS``; another source's record with the same symbol is
    left out, unless it is one of Voeten's amendment or paragraph votes. Of the rest, GA:
    Voeten's roll calls, then UN Digital Library records dated after Voeten's last one, then the
    2023-2025 Palestine file's votes not already present. SC: the 1994-2025 draft votes (with
    failed and vetoed drafts), and UN Digital Library SC records before them.
    """
    rc = rollcalls[rollcalls["body"] == body]
    best = rc["dataset"].isin(PREFERRED_DATASETS)
    if best.any():
        keys = set(rc.loc[best, "symbol"].dropna().map(_symbol_key))
        part = pd.Series(False, index=rc.index)
        for col in ("amend", "para"):
            if col in rc:
                part |= rc[col].astype("boolean").fillna(False).astype(bool)
        same = rc["symbol"].map(_symbol_key).isin(keys) & ~part
        return pd.concat([rc[best], canonical_rollcalls(rc[~best & ~same], body)])
    ds = rc["dataset"]
    dates = pd.to_datetime(rc["date"])
    if body == "GA":
        main = rc[ds == "voeten"]
        last = pd.to_datetime(main["date"]).max() if len(main) else pd.Timestamp.min
        undl = rc[(ds == "undl") & ((dates > last) | (dates.isna() & (rc["year"] > last.year)))]
        chosen = pd.concat([main, undl])
        extra = rc[(ds == "ga_palestine") & ~rc["symbol"].isin(chosen["symbol"].dropna())]
        return pd.concat([chosen, extra])
    main = rc[ds == "unsc"]
    first = pd.to_datetime(main["date"]).min() if len(main) else pd.Timestamp.max
    undl = rc[(ds == "undl") & (dates < first)]
    return pd.concat([undl, main])


def coincidence_rollcalls(rollcalls: pd.DataFrame) -> pd.DataFrame:
    """The State Department counts final plenary votes by calendar year: UN DL GA records (the
    library's published voting data first) and the 2023-2025 Palestine votes (all carry
    absences), not Voeten's amendment votes; one record per symbol."""
    rc = rollcalls[
        (rollcalls["body"] == "GA")
        & rollcalls["dataset"].isin(["undl_voting", "undl", "ga_palestine"])
    ]
    rank = rc["dataset"].map({"undl_voting": 0, "undl": 1, "ga_palestine": 2})
    rc = rc.assign(_rank=rank).sort_values("_rank", kind="stable").drop(columns="_rank")
    dup = rc["symbol"].notna() & rc.duplicated("symbol")
    return rc[~dup].sort_index()


#: Which record of a vote wins when several sources hold it: the library's published voting
#: data, then the SC draft file and the Gaza file, then the older library records, then Voeten.
DATASET_ORDER: dict[str, int] = {
    "undl_voting": -1, "unsc": 0, "ga_palestine": 0, "undl": 1, "voeten": 2,
}  # fmt: skip


def _normalised(col: pd.Series) -> pd.Series:
    key: pd.Series = col.fillna("").astype(str).str.replace(" ", "").str.upper()
    return key


def find_symbol(rollcalls: pd.DataFrame, ref: str, body: str | None = None) -> pd.DataFrame:
    """The roll calls recorded under a symbol or draft symbol, best source first. A symbol
    given without its suffix finds the suffixed one ("S/RES/2334" -> "S/RES/2334(2016)",
    "A/RES/181" -> "A/RES/181(II)[A]") when nothing matches exactly."""
    key = ref.replace(" ", "").upper()
    rc = rollcalls if body is None else rollcalls[rollcalls["body"] == body]
    sym, drf = _normalised(rc["symbol"]), _normalised(rc["draft"])
    hit = rc[(sym == key) | (drf == key)]
    if hit.empty:
        hit = rc[sym.str.replace(r"[(\[].*$", "", regex=True) == key]
    rank = hit["dataset"].map(DATASET_ORDER).fillna(3)
    return hit.assign(_o=rank).sort_values("_o", kind="stable").drop(columns="_o")


@dataclass(frozen=True)
class VoteFacts:
    """What one roll call decided: its outcome, tally and who vetoed it."""

    outcome: str
    yes: int
    no: int
    abstain: int
    absent: int
    vetoed_by: tuple[str, ...]


def vote_facts(record: Mapping[str, Any], votes: Mapping[str, str]) -> VoteFacts:
    """The record's own outcome and totals, else what its votes (state -> vote) say: a
    resolution symbol was adopted; a vetoed draft was vetoed by the permanent members that
    voted no."""
    counted: dict[str, int] = {}
    for v in votes.values():
        counted[v] = counted.get(v, 0) + 1

    def total(vote: str) -> int:
        given = record.get(f"total_{vote}")
        return int(given) if given is not None and pd.notna(given) else counted.get(vote, 0)

    outcome = record.get("outcome")
    outcome = str(outcome) if outcome is not None and pd.notna(outcome) else ""
    if not outcome:
        symbol = record.get("symbol")
        adopted = isinstance(symbol, str) and "/RES/" in symbol
        outcome = "adopted" if adopted else "outcome not in the data"
    vetoed: tuple[str, ...] = ()
    if "veto" in outcome.lower():
        vetoed = tuple(sorted(s for s, v in votes.items() if v == "no" and s in P5))
    return VoteFacts(outcome, total("yes"), total("no"), total("abstain"), total("absent"), vetoed)


def vote_on(votes: pd.DataFrame, rollcall_ids: Iterable[str], state: str) -> str | None:
    """The state's vote on the first of these roll calls where it has a row (else None)."""
    mine = votes[(votes["country"] == state)].set_index("rollcall")["vote"]
    for rid in rollcall_ids:
        if rid in mine.index:
            return str(mine.loc[rid])
    return None
