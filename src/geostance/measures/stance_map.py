"""Stance map: every source's stance toward one target, in one channel (issue 14).

The scores are the dyad scores of ``measures.stance``, computed for all sources at once:
events are grouped into the same ``Tally`` rows and scored by ``score_tallies`` (so a
negated event, or an act demanded of someone else, is never a deed and never scored), and
votes are scored by the rule of ``vote_score``. A country's row on the map therefore says
what its dyad page says. A scored row is *thin* when fewer than ``min_evidence`` acts (events or
votes) were scored; the map hatches it.

Pure: data frames in, typed rows out; no store, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geostance.measures.stance import (
    CHANNELS,
    METHOD,
    Channel,
    ChannelScore,
    Tally,
    _round,
    score_masses,
    score_tallies,
)

#: The columns of ``Geostance.events_df`` that scoring reads.
EVENT_COLUMNS = ("source", "quad_class", "goldstein", "modality", "negated", "cameo_root")
#: The columns of the vote frame: one row per recorded vote, ``sign`` +1 when a yes favours
#: the target and -1 when it goes against it (``Geostance.votes_toward``'s rule).
VOTE_COLUMNS = ("country", "vote", "sign")


@dataclass(frozen=True, slots=True)
class MapRow:
    """One source's stance toward the map's target in one channel.

    ``score`` is in [-1, 1] (``None`` when nothing was scored), ``low``/``high`` its 95%
    interval, ``n`` the acts scored, ``negated`` the negated events left out, ``thin`` True
    when there is a score but from fewer than the map's ``min_evidence`` acts.
    """

    source: str
    channel: Channel
    score: float | None
    low: float | None
    high: float | None
    n: int
    thin: bool
    negated: int = 0
    method: str = METHOD

    @classmethod
    def of(cls, source: str, s: ChannelScore, min_evidence: int) -> MapRow:
        thin = s.score is not None and s.n < min_evidence
        return cls(source, s.channel, s.score, s.low, s.high, s.n, thin, s.negated)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "channel": self.channel,
            "score": _round(self.score),
            "low": _round(self.low),
            "high": _round(self.high),
            "n": self.n,
            "thin": self.thin,
            "negated": self.negated,
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class StanceMap:
    """Every source's stance toward ``target`` in one channel, sources in id order.

    ``targets`` are the actor ids whose events were pooled as the target's (PA and PLO with
    PSE); ``topic`` is the vote topic when the map was asked for one (``palestine``);
    ``notes`` says in words what was pooled or left out.
    """

    target: str
    channel: Channel
    rows: tuple[MapRow, ...]
    min_evidence: int
    since: dt.date | None = None
    until: dt.date | None = None
    topic: str | None = None
    targets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    method: str = METHOD

    def row(self, source: str) -> MapRow | None:
        return next((r for r in self.rows if r.source == source), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "channel": self.channel,
            "topic": self.topic,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "min_evidence": self.min_evidence,
            "targets": list(self.targets or (self.target,)),
            "rows": [r.to_dict() for r in self.rows],
            "notes": list(self.notes),
            "method": self.method,
        }


def check_channel(channel: str) -> Channel:
    """The channel name, or ValueError naming the allowed ones."""
    for c in CHANNELS:
        if channel == c:
            return c
    raise ValueError(f"channel {channel!r}: use one of {', '.join(CHANNELS)}")


def event_tallies(
    events: pd.DataFrame, *, pool: Mapping[str, str] | None = None
) -> dict[str, list[Tally]]:
    """Events (a frame with ``EVENT_COLUMNS``) as tallies per source, sources sorted.

    ``pool`` maps an actor id to the one its events count as (the Soviet Union as Russia);
    the grouping is the one ``measures.stance.tallies`` makes from events.
    """
    if events is None or len(events) == 0:
        return {}
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise ValueError(f"events frame lacks columns {', '.join(missing)}")
    gold = events["goldstein"].astype(float).fillna(0.0)
    frame = pd.DataFrame(
        {
            "source": events["source"].astype(str).map(lambda s: (pool or {}).get(s, s)),
            "quad_class": events["quad_class"].astype(int),
            "polarity": np.sign(gold).astype(int),
            "modality": events["modality"].astype(str),
            "negated": events["negated"].fillna(False).astype(bool),
            "cameo_root": events["cameo_root"].astype(str),
            "goldstein": gold,
        }
    )
    keys = ["source", "quad_class", "polarity", "modality", "negated", "cameo_root"]
    grouped = frame.groupby(keys, sort=True).agg(
        count=("goldstein", "size"), goldstein=("goldstein", "sum")
    )
    out: dict[str, list[Tally]] = {}
    for (src, q, p, m, neg, root), count, g in grouped.itertuples(name=None):
        out.setdefault(str(src), []).append(
            Tally(int(q), int(p), str(m), bool(neg), str(root), int(count), float(g))
        )
    return out


def event_map(
    events: pd.DataFrame,
    channel: Channel,
    *,
    min_evidence: int,
    pool: Mapping[str, str] | None = None,
) -> tuple[MapRow, ...]:
    """One row per source with events in the frame (``words`` or ``deeds``).

    A source whose events all fall in the other channel, or are all negated or demanded,
    still gets a row, with ``n`` 0 and no score: the map shows it as "no evidence".
    """
    if channel == "votes":
        raise ValueError("votes are scored by vote_map")
    return tuple(
        MapRow.of(src, score_tallies(ts, channel), min_evidence)
        for src, ts in event_tallies(events, pool=pool).items()
    )


def vote_map(votes: pd.DataFrame, *, min_evidence: int) -> tuple[MapRow, ...]:
    """One row per country of a vote frame (``VOTE_COLUMNS``), scored as ``vote_score`` does.

    A yes on a roll call whose yes favours the target (sign +1), or a no on one whose yes goes
    against it (sign -1), is pro; the opposite con; an abstention neutral. Absences and rows
    without a sign are no position and are not counted.
    """
    if votes is None or len(votes) == 0:
        return ()
    missing = [c for c in VOTE_COLUMNS if c not in votes.columns]
    if missing:
        raise ValueError(f"votes frame lacks columns {', '.join(missing)}")
    vote = votes["vote"].astype(str).str.lower()
    sign = pd.to_numeric(votes["sign"], errors="coerce")
    cast = vote.isin(["yes", "no", "abstain"]) & sign.isin([1, -1])
    frame = pd.DataFrame(
        {
            "country": votes["country"].astype(str),
            "n": cast.astype(int),
            "neutral": (cast & (vote == "abstain")).astype(float),
            "pro": (cast & (vote != "abstain") & ((vote == "yes") == (sign == 1))).astype(float),
            "con": (cast & (vote != "abstain") & ((vote == "yes") != (sign == 1))).astype(float),
        }
    )
    sums = frame.groupby("country", sort=True)[["pro", "con", "neutral", "n"]].sum()
    return tuple(
        MapRow.of(str(country), score_masses("votes", pro, con, neutral, int(n)), min_evidence)
        for country, pro, con, neutral, n in sums.itertuples(name=None)
    )


def stance_map(
    *,
    target: str,
    channel: str,
    min_evidence: int,
    events: pd.DataFrame | None = None,
    votes: pd.DataFrame | None = None,
    pool: Mapping[str, str] | None = None,
    keep: Iterable[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    topic: str | None = None,
    targets: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
) -> StanceMap:
    """The map of one channel: events for ``words``/``deeds``, votes for ``votes``.

    ``keep`` limits the rows to those sources (e.g. states); a source that is one of the
    target's own ids (``targets``) is left out, as a state's stance toward itself is no stance.
    """
    ch = check_channel(channel)
    if ch == "votes":
        rows = vote_map(votes if votes is not None else pd.DataFrame(), min_evidence=min_evidence)
    else:
        frame = events if events is not None else pd.DataFrame()
        rows = event_map(frame, ch, min_evidence=min_evidence, pool=pool)
    own = set(targets or (target,))
    allowed = None if keep is None else set(keep)
    rows = tuple(
        r for r in rows if r.source not in own and (allowed is None or r.source in allowed)
    )
    return StanceMap(
        target, ch, rows, min_evidence, since, until, topic, targets or (target,), notes
    )


__all__ = [
    "EVENT_COLUMNS",
    "VOTE_COLUMNS",
    "MapRow",
    "StanceMap",
    "check_channel",
    "event_map",
    "event_tallies",
    "stance_map",
    "vote_map",
]
