"""Scoring one event and one channel: the stance vocabulary, each event's channel, polarity and
weight, and a channel's score with its Wilson interval. Here are the method name and channel
names, the modality weights and the CAMEO roots in words; the typed ``ChannelScore`` and
``QuadCounts``; and the functions that turn events, or their ``Tally`` groups (the same numbers
the store counts with GROUP BY), into them: ``channel_of``, ``polarity``, ``weight``,
``wilson``, ``score_masses``, ``tallies``, ``score_tallies``, ``channel_score``, ``vote_score``,
``quad_counts`` and ``top_types``. Pure: no store, no model, no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from geostance.models import Event

METHOD = "geostance.stance.v1"
Channel = Literal["words", "deeds", "votes"]
CHANNELS: tuple[Channel, ...] = ("words", "deeds", "votes")
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: How much an event of each modality weighs: an act done counts fully; an announced
#: intention counts less, and only as words (a statement of intent is not a deed). An act
#: *demanded* of the actor by someone else ("Israel called on Moscow to expel the delegation"),
#: banned or warned against, or only imagined ("could", "if") is not the actor's act at all:
#: weight 0, so it is shown as evidence but neither scored nor counted in any channel.
MODALITY_WEIGHT: Mapping[str, float] = {
    "asserted": 1.0,
    "intended": 0.75,
    "demanded": 0.0,
    "hypothetical": 0.0,
}
#: z for a 95% two-sided interval.
Z95 = 1.959963984540054
#: CAMEO root codes in plain words (used for "dominant event types").
CAMEO_ROOTS: Mapping[str, str] = {
    "01": "public statement",
    "02": "appeal",
    "03": "intent to cooperate",
    "04": "consultation",
    "05": "diplomatic cooperation",
    "06": "material cooperation",
    "07": "aid",
    "08": "yielding",
    "09": "investigation",
    "10": "demand",
    "11": "disapproval",
    "12": "rejection",
    "13": "threat",
    "14": "protest",
    "15": "show of force",
    "16": "reduced relations",
    "17": "coercion",
    "18": "assault",
    "19": "fighting",
    "20": "mass violence",
}


@dataclass(frozen=True, slots=True)
class QuadCounts:
    """Counts and Goldstein sums by QuadClass (index 0 is QuadClass 1), negated apart."""

    counts: tuple[int, int, int, int] = (0, 0, 0, 0)
    goldstein: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    negated: tuple[int, int, int, int] = (0, 0, 0, 0)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            QUAD_NAMES[q + 1]: {
                "quad_class": q + 1,
                "count": self.counts[q],
                "goldstein_sum": round(self.goldstein[q], 3),
                "negated": self.negated[q],
            }
            for q in range(4)
        }


@dataclass(frozen=True, slots=True)
class ChannelScore:
    """One channel's stance: score in [-1, 1] with a 95% interval, or ``None`` without evidence.

    ``n`` counts the acts scored (negated events excluded); ``pro``/``con``/``neutral`` are
    their weighted masses; ``negated`` counts negated events (``negated_pro``/``_con``
    say which way the withheld act pointed); ``goldstein`` is the sum over scored events.
    """

    channel: Channel
    score: float | None
    low: float | None
    high: float | None
    n: int
    pro: float = 0.0
    con: float = 0.0
    neutral: float = 0.0
    negated: int = 0
    negated_pro: int = 0
    negated_con: int = 0
    goldstein: float = 0.0
    method: str = METHOD

    @property
    def width(self) -> float:
        """Interval width (2.0 when there is no evidence)."""
        if self.low is None or self.high is None:
            return 2.0
        return self.high - self.low

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("score", "low", "high", "pro", "con", "neutral", "goldstein"):
            if d[k] is not None:
                d[k] = round(d[k], 4)
        return d


# -- the scores ----------------------------------------------------------------------------


def channel_of(event: Event) -> Channel:
    """Verbal events (QuadClass 1 and 3) are words; material ones (2 and 4) are deeds, when
    asserted: an act only announced, demanded or imagined is never a deed."""
    return _channel(event.quad_class, event.modality)


def _channel(quad_class: int, modality: str) -> Channel:
    if quad_class in (1, 3) or modality != "asserted":
        return "words"
    return "deeds"


def polarity(event: Event) -> int:
    """+1 cooperative, -1 conflictual, 0 neutral; from the Goldstein sign, else QuadClass.

    The Goldstein sign is used first because some QuadClass 1 codes are negative
    ("pessimistic comment"); a zero Goldstein with a known class is neutral (a plain statement).
    """
    if event.goldstein > 0:
        return 1
    if event.goldstein < 0:
        return -1
    return 0


def weight(event: Event) -> float:
    """An event's weight: its modality's weight (asserted 1, intended .75, ...)."""
    return MODALITY_WEIGHT.get(event.modality, 0.5)


def wilson(pro: float, con: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for p = pro / (pro + con), mapped to [-1, 1] as 2p - 1.

    Wilson rather than the normal approximation: it stays inside [0, 1], is sensible at
    p = 0 or 1 and for small n, and its width falls like 1/sqrt(n).
    """
    n = pro + con
    if n <= 0:
        return (-1.0, 1.0)
    p = pro / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    lo, hi = max(0.0, centre - half), min(1.0, centre + half)
    return (2 * lo - 1, 2 * hi - 1)


def score_masses(
    channel: Channel,
    pro: float,
    con: float,
    neutral: float,
    n: int,
    *,
    negated: int = 0,
    negated_pro: int = 0,
    negated_con: int = 0,
    goldstein: float = 0.0,
) -> ChannelScore:
    """A ChannelScore from weighted masses; neutral mass counts as half pro, half con.

    Counting neutral acts half each way pulls a channel full of plain statements toward 0
    and keeps its interval honest, instead of scoring only the few leaning acts.
    """
    if n == 0:
        return ChannelScore(
            channel, None, None, None, 0, negated=negated, negated_pro=negated_pro,
            negated_con=negated_con,
        )  # fmt: skip
    p_mass = pro + neutral / 2
    c_mass = con + neutral / 2
    total = p_mass + c_mass
    score = 0.0 if total <= 0 else (p_mass - c_mass) / total
    low, high = wilson(p_mass, c_mass)
    return ChannelScore(
        channel,
        _clamp(score),
        _clamp(min(low, score)),
        _clamp(max(high, score)),
        n,
        pro,
        con,
        neutral,
        negated,
        negated_pro,
        negated_con,
        goldstein,
    )


@dataclass(frozen=True, slots=True)
class Tally:
    """Events grouped by what scoring needs: the same numbers whether counted in Python
    from events (``tallies``) or in SQL with GROUP BY (the facade's fast path)."""

    quad_class: int
    polarity: int
    modality: str
    negated: bool
    cameo_root: str
    count: int
    goldstein: float


def tallies(events: Iterable[Event]) -> list[Tally]:
    """Group events by (quad, polarity, modality, negated, CAMEO root), in a fixed order."""
    groups: dict[tuple[int, int, str, bool, str], list[float]] = {}
    for e in events:
        key = (e.quad_class, polarity(e), e.modality, e.negated, e.cameo_root)
        acc = groups.setdefault(key, [0.0, 0.0])
        acc[0] += 1
        acc[1] += e.goldstein
    return [Tally(*k, int(v[0]), v[1]) for k, v in sorted(groups.items())]


def score_tallies(groups: Iterable[Tally], channel: Channel) -> ChannelScore:
    """Score one channel (``words`` or ``deeds``) from tallies; other channels are ignored."""
    pro = con = neutral = gold = 0.0
    n = negated = neg_pro = neg_con = 0
    for t in groups:
        if _channel(t.quad_class, t.modality) != channel:
            continue
        if t.negated:
            negated += t.count
            neg_pro += t.count if t.polarity > 0 else 0
            neg_con += t.count if t.polarity < 0 else 0
            continue
        w = MODALITY_WEIGHT.get(t.modality, 0.5) * t.count
        if w == 0:
            continue
        n += t.count
        gold += t.goldstein
        if t.polarity > 0:
            pro += w
        elif t.polarity < 0:
            con += w
        else:
            neutral += w
    return score_masses(
        channel, pro, con, neutral, n, negated=negated, negated_pro=neg_pro,
        negated_con=neg_con, goldstein=gold,
    )  # fmt: skip


def channel_score(events: Iterable[Event], channel: Channel) -> ChannelScore:
    """Score the events of one channel (``words`` or ``deeds``); others are ignored."""
    return score_tallies(tallies(events), channel)


def vote_score(rows: Iterable[Mapping[str, Any]]) -> ChannelScore:
    """Score UN votes: a vote for the target's side is pro, against is con, abstain neutral.

    Each row has ``vote`` (yes/no/abstain/absent) and ``sign`` (+1 when a yes favours the
    target, -1 when a yes goes against it). Absent rows are no position and are skipped.
    """
    pro = con = neutral = 0.0
    n = 0
    for row in rows:
        vote = str(row.get("vote", "")).lower()
        try:
            sign = int(row.get("sign", 0))
        except (TypeError, ValueError):
            continue
        if vote not in ("yes", "no", "abstain") or sign not in (1, -1):
            continue
        n += 1
        if vote == "abstain":
            neutral += 1
        elif (vote == "yes") == (sign == 1):
            pro += 1
        else:
            con += 1
    return score_masses("votes", pro, con, neutral, n)


def quad_counts(events: Iterable[Event]) -> QuadCounts:
    """Counts and Goldstein sums by QuadClass; negated events are tallied apart."""
    return quad_tallies(tallies(events))


def quad_tallies(groups: Iterable[Tally]) -> QuadCounts:
    counts = [0, 0, 0, 0]
    gold = [0.0, 0.0, 0.0, 0.0]
    neg = [0, 0, 0, 0]
    for t in groups:
        if t.quad_class not in (1, 2, 3, 4):
            continue
        q = t.quad_class - 1
        if t.negated:
            neg[q] += t.count
            continue
        counts[q] += t.count
        gold[q] += t.goldstein
    return QuadCounts(
        (counts[0], counts[1], counts[2], counts[3]),
        (gold[0], gold[1], gold[2], gold[3]),
        (neg[0], neg[1], neg[2], neg[3]),
    )


def top_types(events: Iterable[Event], k: int = 3) -> tuple[tuple[str, int], ...]:
    """The k most frequent event types (CAMEO roots in words), ties broken by code."""
    return top_tallies(tallies(events), k)


def top_tallies(groups: Iterable[Tally], k: int = 3) -> tuple[tuple[str, int], ...]:
    c: Counter[str] = Counter()
    for t in groups:
        if not t.negated:
            c[t.cameo_root] += t.count
    ranked = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return tuple((CAMEO_ROOTS.get(code, f"CAMEO {code}"), n) for code, n in ranked)


def _clamp(x: float) -> float:
    return max(-1.0, min(1.0, x))


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
