"""Topics and positions: which roll calls are on a topic (``topic_mask``, ``topic_actor``), which
way a yes vote points for a target (``relation``, with the Palestine and Israel-policy patterns
and ``SIGN_OVERRIDES``), and how one state voted on a topic per year (``position``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geostance.errors import VotesError
from geostance.measures import vote_topics as vt
from geostance.measures.vote_matrix import CODES

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
