"""Agreement between states under the three conventions (``voeten``, ``statedept``,
``identical``; defined in ``votes.py``'s docstring and ``docs/votes.md``): pairwise counts for
all states at once (``pair_counts``), the agreement matrix of a session or year
(``agreement_matrix``, ``agreement_matrices``) and one pair's agreement per period, with its
gaps and topic-limited years shown as such (``agreement``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geostance.errors import VotesError
from geostance.measures import vote_topics as vt
from geostance.measures.vote_matrix import CODES, VoteMatrix, encode
from geostance.measures.vote_positions import topic_mask

CONVENTIONS = ("voeten", "statedept", "identical")
#: Sources that hold only the votes of one topic: a year they alone cover has no overall figure.
TOPICAL_DATASETS = frozenset({"ga_palestine"})


def pair_counts(m: VoteMatrix) -> dict[str, np.ndarray]:
    """For every ordered pair (i, j): same, opposite, partial, identical-yes/no and absent counts.

    ``absent[i, j]`` counts roll calls where i voted and j was recorded absent.
    """
    c = m.codes
    n = c.shape[0]
    # One Gram matrix of the stacked indicators gives every cross product in one BLAS call:
    # block (u, v) of G counts the roll calls where i voted u and j voted v.
    stacked = np.concatenate([(c == k).astype(np.float32) for k in (1, 2, 3, 4)], axis=0)
    g = stacked @ stacked.T

    def blk(u: int, v: int) -> np.ndarray:
        return g[(u - 1) * n : u * n, (v - 1) * n : v * n]

    yy, aa, nn = blk(1, 1), blk(2, 2), blk(3, 3)
    yn, ny = blk(1, 3), blk(3, 1)
    partial = blk(2, 1) + blk(2, 3) + blk(1, 2) + blk(3, 2)
    absent = blk(1, 4) + blk(2, 4) + blk(3, 4)
    return {
        "same": yy + nn + aa,
        "same_yn": yy + nn,
        "opposite": yn + ny,
        "partial": partial,
        "absent": absent,
    }


def agreement_from_counts(
    counts: dict[str, np.ndarray], convention: str = "voeten", *, absent_as_half: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(agreement, number of roll calls counted) under a convention; NaN where none counted."""
    same, opp, part = counts["same"], counts["opposite"], counts["partial"]
    if convention == "voeten" or (convention == "statedept" and not absent_as_half):
        num, den = same + 0.5 * part, same + opp + part
    elif convention == "statedept":
        absent = counts["absent"].T  # i voted, j absent -> from i's point of view
        num, den = same + 0.5 * (part + absent), same + opp + part + absent
    elif convention == "identical":
        num, den = counts["same_yn"], counts["same_yn"] + opp
    else:
        raise VotesError(
            f"unknown agreement convention {convention!r}; use one of {', '.join(CONVENTIONS)}"
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return out, den


def agreement_matrix(m: VoteMatrix, convention: str = "voeten", **kw: bool) -> pd.DataFrame:
    """All pairs at once: a countries x countries DataFrame of agreement."""
    agree, _ = agreement_from_counts(pair_counts(m), convention, **kw)
    return pd.DataFrame(agree, index=m.countries, columns=m.countries)


def agreement_matrices(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    *,
    by: str = "session",
    convention: str = "voeten",
) -> dict[int, pd.DataFrame]:
    """One agreement matrix per session or year (the benchmark's workload)."""
    out: dict[int, pd.DataFrame] = {}
    groups = _period_groups(rollcalls, by)
    ids = [i for g in groups.values() for i in g]
    whole = encode(votes, rollcalls=ids)
    start = 0
    for period, group in groups.items():
        block = whole.codes[:, start : start + len(group)]
        start += len(group)
        members = np.flatnonzero((block > 0).any(axis=1))
        if members.size == 0:
            continue
        m = VoteMatrix(whole.countries[members], whole.rollcalls[:0], block[members])
        out[period] = agreement_matrix(m, convention, absent_as_half=_half(convention, by, period))
    return out


def _half(convention: str, by: str, period: int) -> bool:
    return convention == "statedept" and by == "year" and period >= 2022


def _period_groups(rollcalls: pd.DataFrame, by: str) -> dict[int, list[str]]:
    if by not in ("year", "session"):
        raise VotesError(f"cannot group votes by {by!r}; use year or session")
    rc = rollcalls[rollcalls[by].notna()]
    return {int(k): list(v) for k, v in rc.groupby(by)["id"]}


def agreement(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    a: str,
    b: str,
    *,
    by: str | None = "year",
    issue: str | None = None,
    convention: str = "voeten",
    table: tuple[vt.TopicRule, ...] | None = None,
) -> pd.DataFrame:
    """Agreement of two states per year or session (or overall when ``by`` is None).

    Columns: the period, ``agreement``, ``votes`` (roll calls counted), ``same``, ``opposite``,
    ``partial``, ``absent`` (b absent while a voted), ``sources`` (the datasets the roll calls
    come from). Gaps are gaps: a year or session between the first and last with no roll call
    is a row with no agreement (NaN), 0 votes and ``sources`` "no data", never a 0; a period
    seen only through a topic-limited file (the 2023-2025 Gaza votes) has no overall figure.
    """
    if issue:
        rollcalls = rollcalls[topic_mask(rollcalls, issue, table)]
    pair = votes[votes["country"].isin([a, b]) & votes["rollcall"].isin(rollcalls["id"])]
    for s in (a, b):
        if not (pair["country"] == s).any():
            raise VotesError(
                f"no votes of {s!r} in the selected roll calls; check the ISO3 id and that "
                "the voting files are imported (geostance votes import PATH)"
            )
    wide = pair.pivot(index="rollcall", columns="country", values="vote")
    rc = rollcalls.set_index("id").loc[wide.index]
    va = wide[a].map(CODES).fillna(0).to_numpy()
    vb = wide[b].map(CODES).fillna(0).to_numpy()
    frame = pd.DataFrame(_pair_flags(va, vb), index=wide.index)
    key = by if by else "all"
    frame[key] = rc[by].to_numpy() if by else "all"
    datasets = (
        pd.Series(rc["dataset"].to_numpy(), index=frame.index)
        .groupby(frame[key])
        .agg(lambda d: ", ".join(sorted(set(map(str, d)))))
    )
    grouped = frame.groupby(key).sum()
    rows = []
    for period, r in grouped.iterrows():
        counts = {k: np.array([[r[k]]], dtype=float) for k in grouped.columns}
        counts["absent"] = counts["absent"].T
        half = _half(convention, by or "", int(period)) if by else False
        ag, den = agreement_from_counts(counts, convention, absent_as_half=half)
        rows.append(
            {
                key: period,
                "agreement": float(ag[0, 0]),
                "votes": int(den[0, 0]),
                "same": int(r["same"]),
                "opposite": int(r["opposite"]),
                "partial": int(r["partial"]),
                "absent": int(r["absent"]),
                "sources": datasets.get(period, ""),
            }
        )
    cols = [key, "agreement", "votes", "same", "opposite", "partial", "absent", "sources"]
    out = pd.DataFrame(rows, columns=cols)
    if not issue and len(out):  # a year seen only through a topic file is not that year's votes
        topical = out["sources"].isin(TOPICAL_DATASETS)
        out.loc[topical, "agreement"] = np.nan
        out.loc[topical, "sources"] = (
            out.loc[topical, "sources"] + " only (topic-limited: no score)"
        )
    if by and len(out):
        periods = pd.to_numeric(out[key], errors="coerce").dropna().astype(int)
        if len(periods):
            have = set(periods)
            gaps = [p for p in range(min(have), max(have) + 1) if p not in have]
            if gaps:
                blank = pd.DataFrame(
                    {
                        key: gaps,
                        "agreement": np.nan,
                        "votes": 0,
                        "same": 0,
                        "opposite": 0,
                        "partial": 0,
                        "absent": 0,
                        "sources": "no data",
                    }  # fmt: skip
                )
                out = pd.concat([out, blank], ignore_index=True).sort_values(key)
                out = out.reset_index(drop=True)
    return out


def _pair_flags(va: np.ndarray, vb: np.ndarray) -> dict[str, np.ndarray]:
    pa, pb = np.isin(va, (1, 2, 3)), np.isin(vb, (1, 2, 3))
    both = pa & pb
    return {
        "same": (both & (va == vb)).astype(int),
        "same_yn": (both & (va == vb) & (va != 2)).astype(int),
        "opposite": (both & (va != vb) & (va != 2) & (vb != 2)).astype(int),
        "partial": (both & (va != vb) & ((va == 2) | (vb == 2))).astype(int),
        "absent": (pa & (vb == 4)).astype(int),
    }
