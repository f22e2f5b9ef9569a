"""Stance measures: events and UN vote rows in, typed scores per channel out.

A *channel* is one way a state shows where it stands toward another actor:

* ``words``: verbal events (QuadClass 1 verbal cooperation, 3 verbal conflict);
* ``deeds``: material events (QuadClass 2 material cooperation, 4 material conflict);
* ``votes``: UN roll-call votes on resolutions about the target.

Each channel gets a score in [-1, 1] (``2p - 1`` where ``p`` is the weighted share of
cooperative acts among the acts that lean one way), its evidence count and a Wilson score
interval that shrinks with the evidence, so three events never look as sure as three
hundred. Negated events ("did not condemn") are counted and shown on their own and never
enter the score: a withheld act is not the opposite act. Every measure records the method
name ``geostance.stance.v1``. Formulas and reasons: ``docs/method.md``.

Everything here is pure: no store, no model, no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
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
PeriodSpec = str | Sequence["Era"]


@dataclass(frozen=True, slots=True)
class Era:
    """A named span of time (both ends inclusive; ``None`` is open)."""

    name: str
    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


#: Named eras for Russia and the Soviet Union, used when ``period="eras"``.
RUSSIA_ERAS: tuple[Era, ...] = (
    Era("Soviet era", None, dt.date(1991, 12, 25)),
    Era("1990s", dt.date(1991, 12, 26), dt.date(1999, 12, 31)),
    Era("2000-2022", dt.date(2000, 1, 1), dt.date(2023, 10, 6)),
    Era("since 7 Oct 2023", dt.date(2023, 10, 7), None),
)


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


@dataclass(frozen=True, slots=True)
class Measure:
    """A source's stance toward a target over one period, by channel."""

    source: str
    target: str
    period: str
    start: dt.date | None
    end: dt.date | None
    words: ChannelScore
    deeds: ChannelScore
    votes: ChannelScore
    quad: QuadCounts = field(default_factory=QuadCounts)
    top_types: tuple[tuple[str, int], ...] = ()
    method: str = METHOD

    @property
    def channels(self) -> tuple[ChannelScore, ChannelScore, ChannelScore]:
        return (self.words, self.deeds, self.votes)

    def channel(self, name: str) -> ChannelScore:
        return {"words": self.words, "deeds": self.deeds, "votes": self.votes}[name]

    @property
    def gap(self) -> float | None:
        """Say-do gap: words score minus deeds score (None if either is missing)."""
        if self.words.score is None or self.deeds.score is None:
            return None
        return self.words.score - self.deeds.score

    @property
    def n(self) -> int:
        return self.words.n + self.deeds.n + self.votes.n

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "period": self.period,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "channels": {c.channel: c.to_dict() for c in self.channels},
            "gap": None if self.gap is None else round(self.gap, 4),
            "quad": self.quad.to_dict(),
            "top_types": [{"type": t, "count": c} for t, c in self.top_types],
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class Gap:
    """Say-do gap of one source toward a target with its interval (``None`` when unknown)."""

    source: str
    target: str
    words: float | None
    deeds: float | None
    gap: float | None
    low: float | None
    high: float | None
    n_words: int
    n_deeds: int
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class BalanceSide:
    """What a source does toward one of two targets: counts by QuadClass and channel scores."""

    target: str
    counts: tuple[int, int, int, int]
    words: ChannelScore
    deeds: ChannelScore

    @property
    def cooperation(self) -> int:
        return self.counts[0] + self.counts[1]

    @property
    def conflict(self) -> int:
        return self.counts[2] + self.counts[3]

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "counts": dict(zip(QUAD_NAMES.values(), self.counts, strict=True)),
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "words": self.words.to_dict(),
            "deeds": self.deeds.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Balance:
    """How a source's cooperation and conflict split between two targets.

    ``coop_share_a`` is the share of the source's cooperative acts (QuadClass 1+2) toward
    either target that went to ``a``; ``conflict_share_a`` the same for conflict. ``tilt`` is
    the difference of the overall scores (a minus b) over words and deeds together.
    """

    source: str
    a: BalanceSide
    b: BalanceSide
    coop_share_a: float | None
    conflict_share_a: float | None
    material_with_both: bool
    tilt: float | None
    method: str = METHOD

    @property
    def verdict(self) -> str:
        """A plain-words reading of the split."""
        if self.a.cooperation + self.a.conflict + self.b.cooperation + self.b.conflict == 0:
            return f"no events of {self.source} toward {self.a.target} or {self.b.target}"
        parts = []
        if self.material_with_both:
            parts.append(f"cooperates materially with both {self.a.target} and {self.b.target}")
        if self.tilt is None:
            parts.append("too little evidence on one side to compare")
        elif abs(self.tilt) < 0.25:
            parts.append("balanced between them")
        else:
            side = self.a.target if self.tilt > 0 else self.b.target
            parts.append(f"leans toward {side} (tilt {self.tilt:+.2f})")
        return f"{self.source} " + "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "coop_share_a": _round(self.coop_share_a),
            "conflict_share_a": _round(self.conflict_share_a),
            "material_with_both": self.material_with_both,
            "tilt": _round(self.tilt),
            "verdict": self.verdict,
            "method": self.method,
        }


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


def measure(
    events: Iterable[Event],
    votes: Iterable[Mapping[str, Any]] = (),
    *,
    source: str,
    target: str,
    period: str = "all",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Measure:
    """One Measure over all the events and vote rows given (filter them before)."""
    return measure_tallies(
        tallies(events), votes, source=source, target=target, period=period, start=start,
        end=end,
    )  # fmt: skip


def measure_tallies(
    groups: Iterable[Tally],
    votes: Iterable[Mapping[str, Any]] = (),
    *,
    source: str,
    target: str,
    period: str = "all",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Measure:
    """One Measure from tallies (e.g. counted by the store) and vote rows."""
    ts = list(groups)
    return Measure(
        source,
        target,
        period,
        start,
        end,
        score_tallies(ts, "words"),
        score_tallies(ts, "deeds"),
        vote_score(votes),
        quad_tallies(ts),
        top_tallies(ts),
    )


def say_do_gap(m: Measure) -> Gap:
    """Words minus deeds, with an interval from the two channels' intervals.

    The interval is the difference of the bounds (words.low - deeds.high ..), a conservative
    box that never looks surer than either channel.
    """
    w, d = m.words, m.deeds
    if w.score is None or d.score is None:
        return Gap(m.source, m.target, w.score, d.score, None, None, None, w.n, d.n)
    assert w.low is not None and w.high is not None and d.low is not None and d.high is not None
    return Gap(
        m.source,
        m.target,
        w.score,
        d.score,
        w.score - d.score,
        w.low - d.high,
        w.high - d.low,
        w.n,
        d.n,
    )


def balance(events: Iterable[Event], *, source: str, a: str, b: str) -> Balance:
    """How ``source`` splits cooperation and conflict between targets ``a`` and ``b``."""
    evs = [e for e in events if e.source == source]
    side_a = _side([e for e in evs if e.target == a], a)
    side_b = _side([e for e in evs if e.target == b], b)
    coop = side_a.cooperation + side_b.cooperation
    conf = side_a.conflict + side_b.conflict
    sa, sb = _overall(side_a), _overall(side_b)
    return Balance(
        source,
        side_a,
        side_b,
        side_a.cooperation / coop if coop else None,
        side_a.conflict / conf if conf else None,
        side_a.counts[1] > 0 and side_b.counts[1] > 0,
        None if sa is None or sb is None else sa - sb,
    )


def _side(events: list[Event], target: str) -> BalanceSide:
    q = quad_counts(events)
    return BalanceSide(
        target, q.counts, channel_score(events, "words"), channel_score(events, "deeds")
    )


def _overall(side: BalanceSide) -> float | None:
    """Words and deeds pooled by their masses (None with no scored events)."""
    w, d = side.words, side.deeds
    p = w.pro + d.pro + (w.neutral + d.neutral) / 2
    c = w.con + d.con + (w.neutral + d.neutral) / 2
    return None if p + c <= 0 else (p - c) / (p + c)


# -- periods -------------------------------------------------------------------------------


def period_key(day: dt.date, period: PeriodSpec) -> tuple[str, dt.date | None, dt.date | None]:
    """The label and bounds of the period holding ``day``.

    ``period`` is "year", "quarter", "month", "all", or a sequence of ``Era`` (a day outside
    every era falls in "other").
    """
    if not isinstance(period, str):
        for era in period:
            if era.contains(day):
                return era.name, era.start, era.end
        return "other", None, None
    if period == "year":
        return str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if period == "quarter":
        q = (day.month - 1) // 3
        start = dt.date(day.year, 3 * q + 1, 1)
        return f"{day.year}-Q{q + 1}", start, _month_end(day.year, 3 * q + 3)
    if period == "month":
        label = f"{day.year}-{day.month:02d}"
        return label, dt.date(day.year, day.month, 1), _month_end(day.year, day.month)
    if period == "all":
        return "all", None, None
    raise ValueError(f"period {period!r}: use year, quarter, month, all or a list of eras")


def check_period(period: PeriodSpec) -> PeriodSpec:
    """Validate a period spec early (raises ValueError naming the allowed values)."""
    period_key(dt.date(2000, 1, 1), period)
    return period


def series(
    events: Iterable[Event],
    votes: Iterable[Mapping[str, Any]] = (),
    *,
    source: str,
    target: str,
    period: PeriodSpec = "year",
) -> tuple[Measure, ...]:
    """Measures per period, in time order; undated events and votes are left out of it.

    Only periods with evidence appear (a gap in the series is a gap in the record).
    """
    check_period(period)
    ev_by: dict[str, list[Event]] = {}
    vote_by: dict[str, list[Mapping[str, Any]]] = {}
    bounds: dict[str, tuple[dt.date | None, dt.date | None, dt.date]] = {}
    for e in events:
        if e.date is None:
            continue
        label, s, t = period_key(e.date, period)
        ev_by.setdefault(label, []).append(e)
        _note_bounds(bounds, label, s, t, e.date)
    for row in votes:
        day = as_date(row.get("date"))
        if day is None:
            continue
        label, s, t = period_key(day, period)
        vote_by.setdefault(label, []).append(row)
        _note_bounds(bounds, label, s, t, day)
    labels = sorted(bounds, key=lambda lb: (bounds[lb][2], lb))
    return tuple(
        measure(
            ev_by.get(lb, ()),
            vote_by.get(lb, ()),
            source=source,
            target=target,
            period=lb,
            start=bounds[lb][0],
            end=bounds[lb][1],
        )
        for lb in labels
    )


def _note_bounds(
    bounds: dict[str, tuple[dt.date | None, dt.date | None, dt.date]],
    label: str,
    start: dt.date | None,
    end: dt.date | None,
    day: dt.date,
) -> None:
    """Remember a period's bounds and its earliest day (for ordering)."""
    old = bounds.get(label)
    first = day if old is None else min(old[2], day)
    bounds[label] = (start, end, first)


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or an ISO string; None for None, NaN, NaT or junk."""
    if value is None or value != value or str(value) in ("NaT", "nan", "None"):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class StanceResult:
    """Everything ``Geostance.stance`` measures for one dyad.

    ``sources`` lists the actor ids whose events were pooled (e.g. RUS and its predecessor
    SUN); ``notes`` says so in words. ``periods`` is the change-point table (see ``shifts``).
    """

    source: str
    target: str
    overall: Measure
    series: tuple[Measure, ...]
    periods: tuple[Any, ...] = ()
    gap: Gap | None = None
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "sources": list(self.sources),
            "overall": self.overall.to_dict(),
            "series": [m.to_dict() for m in self.series],
            "periods": [p.to_dict() for p in self.periods],
            "gap": self.gap.to_dict() if self.gap else None,
            "notes": list(self.notes),
            "method": self.method,
        }


def filter_events(
    events: Iterable[Event],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    keep: Callable[[Event], bool] | None = None,
) -> list[Event]:
    """Events inside [since, until] (an undated event is kept only without bounds)."""
    out = []
    for e in events:
        if since or until:
            if e.date is None:
                continue
            if since and (e.date_end or e.date) < since:
                continue
            if until and e.date > until:
                continue
        if keep is None or keep(e):
            out.append(e)
    return out


def _clamp(x: float) -> float:
    return max(-1.0, min(1.0, x))


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None
