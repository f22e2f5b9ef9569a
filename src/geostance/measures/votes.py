"""Roll calls -> agreement, coincidence, topic positions, vetoes (pure, vectorised).

Votes are encoded once as a states x roll-calls matrix of small integers; pairwise counts for
all states at once are matrix products of one-hot indicator matrices (``Y @ Y.T`` counts the
roll calls where both voted yes), so a whole session's agreement matrix costs a few BLAS calls.

Conventions (see ``docs/votes.md``):

* ``voeten``: 1 for the same vote, 0.5 when one abstains and the other votes yes or no,
  0 for opposite votes; averaged over roll calls where both cast a vote (absences excluded).
* ``statedept``: the State Department's published "voting coincidence". Its reports for
  2018-2021 count an abstention against a yes/no as half: (same + partial/2) /
  (same + opposite + partial), absences excluded (this reproduces the published figures; the
  strict reading "identical / (identical + opposite)" does not). From 2022 an absence also counts
  as half and the denominator is every vote the first state cast.
* ``identical``: identical yes/no votes / (identical + opposite); abstentions and absences
  excluded - the definition printed in the older reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geostance.errors import VotesError
from geostance.measures import vote_topics as vt

CODES: dict[str, int] = {"yes": 1, "abstain": 2, "no": 3, "absent": 4}
"""0 means no record (not a member, or not listed)."""
NAMES = np.array(["", "yes", "abstain", "no", "absent"], dtype=object)
CONVENTIONS = ("voeten", "statedept", "identical")
#: Sources that hold only the votes of one topic: a year they alone cover has no overall figure.
TOPICAL_DATASETS = frozenset({"ga_palestine"})
P5 = ("CHN", "FRA", "GBR", "RUS", "USA")

PALESTINE_RE = (
    r"palestin|gaza|unrwa|occupied (?:arab |palestinian |syrian )?territor|israeli settlement"
    r"|settlements? in the occupied|settlement activit|west bank|east jerusalem|"
    r"question of palestine|palestine refugees"
)
ISRAEL_POLICY_RE = (
    r"settlement|occupied|occupation|occupying|gaza|golan|jerusalem|israeli practices|"
    r"annex|blockade|wall in the occupied|ceasefire|cease-fire|humanitarian truce|protection of "
    r"civilians"
)
# Named topics, and which way a yes vote points for whom: ``measures/vote_topics.py`` over
# the reviewed table ``data/votes/topics.csv``.

SIGN_OVERRIDES: dict[str, tuple[float | None, float | None]] = {
    # symbol or draft -> (sign towards PSE, sign towards ISR); None = relation not known.
    "A/RES/46/86": (-1.0, 1.0),  # revoked the 1975 "Zionism is racism" resolution
    "S/2018/520": (None, None),  # US draft on Gaza condemning Hamas (failed)
    "S/2017/1060": (1.0, -1.0),  # status of Jerusalem (vetoed)
    "S/2024/312": (1.0, None),  # admission of Palestine (vetoed)
    "A/RES/ES-10/23": (1.0, None),  # admission / added rights of Palestine
    "A/RES/80/1": (1.0, None),  # Palestine's participation by video
    "A/DEC/80/506": (1.0, None),  # two-State declaration
}


# -- encoding --------------------------------------------------------------------------------
@dataclass(frozen=True)
class VoteMatrix:
    """Votes as a states x roll-calls int8 matrix (codes in ``CODES``; 0 = no record)."""

    countries: np.ndarray
    rollcalls: np.ndarray
    codes: np.ndarray

    def one_hot(self, dtype: type = np.float32) -> dict[str, np.ndarray]:
        c = self.codes
        return {k: (c == v).astype(dtype) for k, v in CODES.items()}


def encode(
    votes: pd.DataFrame,
    *,
    rollcalls: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
) -> VoteMatrix:
    """Build the matrix from a (rollcall, country, vote) frame; order follows the arguments."""
    rc_index = np.asarray(
        rollcalls if rollcalls is not None else pd.unique(votes["rollcall"]), dtype=object
    )
    c_index = np.asarray(
        countries if countries is not None else np.sort(pd.unique(votes["country"])), dtype=object
    )
    rows = _positions(votes["country"], c_index)
    cols = _positions(votes["rollcall"], rc_index)
    vals = _positions(votes["vote"], np.asarray(list(CODES), dtype=object)) + 1
    ok = (rows >= 0) & (cols >= 0) & (vals > 0)
    codes = np.zeros((len(c_index), len(rc_index)), dtype=np.int8)
    codes[rows[ok], cols[ok]] = vals[ok].astype(np.int8)
    return VoteMatrix(c_index, rc_index, codes)


def _positions(values: pd.Series, universe: np.ndarray) -> np.ndarray:
    """Index of each value in ``universe`` (-1 when absent), via Arrow's hash lookup: about ten
    times faster than a pandas indexer on 870k strings."""
    arr = pa.array(values, from_pandas=True)
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    found = pc.index_in(arr, value_set=pa.array([str(u) for u in universe], type=pa.string()))
    return np.asarray(found.fill_null(-1), dtype=np.int64)


# -- agreement -------------------------------------------------------------------------------
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


# -- choosing roll calls ---------------------------------------------------------------------
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


# -- topics and positions --------------------------------------------------------------------
def topic_mask(
    rollcalls: pd.DataFrame, on: str, table: tuple[vt.TopicRule, ...] | None = None
) -> pd.Series:
    """Roll calls on a topic: a Voeten issue code, a named topic of the topic table
    (``data/votes/topics.csv``), or any text to search for in titles."""
    key = on.strip().lower()
    if not key:
        raise VotesError("empty topic; give an issue code (me, nu, di, hr, co, ec) or a word")
    issues = (
        rollcalls["issues"].fillna("") if "issues" in rollcalls else pd.Series("", rollcalls.index)
    )
    if key in ("me", "nu", "di", "hr", "co", "ec"):
        return issues.str.contains(rf"\b{key}\b", regex=True)
    named = vt.named_mask(rollcalls, key, table or vt.rules())
    if named is not None:
        return named
    text = rollcalls["title"].fillna("") + " " + rollcalls["descr"].fillna("")
    return text.str.contains(re.escape(key), case=False, regex=True)


def topic_actor(on: str, table: tuple[vt.TopicRule, ...] | None = None) -> str | None:
    """The actor a named topic's votes are signed toward (palestine -> PSE), if any."""
    key = on.strip().lower()
    return next((r.actor for r in (table or vt.rules()) if r.topic == key and r.actor), None)


def position(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    state: str,
    *,
    on: str,
    table: tuple[vt.TopicRule, ...] | None = None,
) -> pd.DataFrame:
    """Per year: how ``state`` voted on roll calls of a topic, and how often with the majority.

    ``with_majority`` is the share of its yes/no/abstain votes that matched the side with most
    votes; ``in_favour`` the share of votes favouring the named party (yes on a roll call the
    sign rule says favours it), for topics that name one (palestine, gaza, unrwa, settlements).
    """
    rc = rollcalls[topic_mask(rollcalls, on, table)]
    mine = votes[(votes["country"] == state) & votes["rollcall"].isin(rc["id"])]
    if mine.empty:
        return pd.DataFrame(
            columns=[
                "year",
                "votes",
                "yes",
                "no",
                "abstain",
                "absent",
                "share_yes",
                "with_majority",
                "in_favour",
            ]
        )
    totals = votes[votes["rollcall"].isin(mine["rollcall"])]
    tally = totals.groupby(["rollcall", "vote"]).size().unstack(fill_value=0)
    for v in CODES:
        if v not in tally:
            tally[v] = 0
    majority = tally[["yes", "no", "abstain"]].idxmax(axis=1)
    meta = rc.set_index("id")
    df = mine.assign(
        year=mine["rollcall"].map(meta["year"]),
        majority=mine["rollcall"].map(majority),
        sign=mine["rollcall"].map(relation(rc, actor, table).set_axis(rc["id"]))
        if (actor := topic_actor(on, table))
        else np.nan,
    )
    cast = df["vote"] != "absent"
    df["with_maj"] = np.where(cast, (df["vote"] == df["majority"]).astype(float), np.nan)
    signed = df["sign"].notna() & cast
    df["favour"] = np.where(
        signed, ((df["vote"] == "yes") == (df["sign"] > 0)).astype(float), np.nan
    )
    df.loc[signed & (df["vote"] == "abstain"), "favour"] = 0.0
    g = df.groupby("year")
    out = pd.DataFrame(
        {
            "votes": g.size(),
            **{v: g["vote"].apply(lambda s, v=v: int((s == v).sum())) for v in CODES},
        }
    )
    cast_n = out["yes"] + out["no"] + out["abstain"]
    out["share_yes"] = (out["yes"] / cast_n.where(cast_n > 0)).round(4)
    out["with_majority"] = g["with_maj"].mean().round(4)
    out["in_favour"] = g["favour"].mean().round(4)
    return out.reset_index()


def relation(
    rollcalls: pd.DataFrame, target: str, table: tuple[vt.TopicRule, ...] | None = None
) -> pd.Series:
    """+1 when a yes vote favours ``target``, -1 when it goes against it, NaN when not known.

    The rule (docs/votes.md): roll calls on the Palestinian question (Voeten issue ``me`` or a
    title/description matching ``PALESTINE_RE``) favour PSE; those that criticise Israeli policy
    (settlements, occupation, Gaza, ...: ``ISRAEL_POLICY_RE``) go against ISR; what the topic
    table excludes for PSE (peacekeeping financing, the 1947 partition plan) is neither. Other
    actors take the signs of the topic table's rows (``data/votes/topics.csv``). Amendment and
    paragraph votes, oral amendments and drafts tabled by the United States alone are left out
    (their direction is not known from the record); ``SIGN_OVERRIDES`` corrects known cases.
    """
    table = table or vt.rules()
    tgt = target.upper()
    if tgt in ("PLO", "PA", "PAL"):
        tgt = "PSE"
    sign = pd.Series(np.nan, index=rollcalls.index, dtype="float64")
    excluded = (
        rollcalls["amend"].fillna(False).astype(bool)
        | rollcalls["para"].fillna(False).astype(bool)
        | rollcalls["draft"].fillna("").str.contains("amendment", case=False)
        | (rollcalls["submitted_by"].fillna("").str.strip() == "United States")
    )
    if tgt not in ("PSE", "ISR"):
        sign = vt.signs(rollcalls, tgt, table)
        sign[excluded] = np.nan
        return sign
    text = rollcalls["title"].fillna("") + " " + rollcalls["descr"].fillna("")
    issues = rollcalls["issues"].fillna("") if "issues" in rollcalls else pd.Series("", sign.index)
    pal = text.str.contains(PALESTINE_RE, case=False, regex=True) | issues.str.contains(r"\bme\b")
    pal |= text.str.contains(r"palestinian question", case=False)
    off_topic = vt.exclusions("PSE", table)
    if off_topic:
        pal &= ~text.str.contains(off_topic, case=False, regex=True)
    if tgt == "PSE":
        sign[pal & ~excluded] = 1.0
    else:
        crit = text.str.contains(ISRAEL_POLICY_RE, case=False, regex=True)
        sc_pal = (rollcalls["body"] == "SC") & pal
        sign[pal & (crit | sc_pal) & ~excluded] = -1.0
    col = 0 if tgt == "PSE" else 1
    for key in ("symbol", "draft"):
        vals = rollcalls[key].fillna("").str.replace(" ", "")
        for ref, signs in SIGN_OVERRIDES.items():
            hit = vals == ref
            if hit.any():
                sign[hit] = np.nan if signs[col] is None else signs[col]
    return sign


# -- Security Council ------------------------------------------------------------------------
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
