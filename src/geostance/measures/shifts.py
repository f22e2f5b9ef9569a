"""Shifts: change points in a stance series, and the period table they cut.

The series is a sequence of ``Measure`` (one per year, quarter, month or era, from
``stance.series``). Each period's channels are pooled into one value
``x_t = (P - C) / (P + C)`` weighted by its evidence mass ``w_t = P + C``. Change points
minimise the weighted within-segment sum of squares plus a penalty per change (PELT,
exact and deterministic); adjacent segments whose pooled scores differ by less than
``min_shift`` are merged, so that a statistically real but tiny wobble in a large corpus is
not reported as a shift. Formulas and reasons: ``docs/method.md``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geostance.measures.stance import (
    METHOD,
    ChannelScore,
    Measure,
    score_masses,
)


@dataclass(frozen=True, slots=True)
class Period:
    """One segment of the period table: dates, channel scores, dominant event types."""

    label: str
    start: dt.date | None
    end: dt.date | None
    first: str
    last: str
    words: ChannelScore
    deeds: ChannelScore
    votes: ChannelScore
    score: float | None
    n: int
    top_types: tuple[tuple[str, int], ...]
    description: str
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "first": self.first,
            "last": self.last,
            "channels": {c.channel: c.to_dict() for c in (self.words, self.deeds, self.votes)},
            "score": None if self.score is None else round(self.score, 4),
            "n": self.n,
            "top_types": [{"type": t, "count": c} for t, c in self.top_types],
            "description": self.description,
            "method": self.method,
        }


def pooled(m: Measure) -> tuple[float | None, float]:
    """A period's pooled value over all channels and its evidence mass."""
    p = c = 0.0
    for ch in m.channels:
        p += ch.pro + ch.neutral / 2
        c += ch.con + ch.neutral / 2
    mass = p + c
    return (None if mass <= 0 else (p - c) / mass), mass


def change_points(
    values: Sequence[float],
    weights: Sequence[float] | None = None,
    *,
    penalty: float | None = None,
    min_size: int = 1,
) -> list[int]:
    """Indices where a new segment starts (PELT on weighted squared error).

    ``penalty`` defaults to ``3 * s2 * ln(T + 1)`` where ``s2 = max(0.05, mean(1 - x^2))``
    estimates the per-period noise of a weighted score (a binomial share weighted by its
    count has variance about ``1 - x^2``). Returns [] for fewer than ``2 * min_size`` points.
    """
    n = len(values)
    w = [1.0] * n if weights is None else [max(0.0, float(x)) for x in weights]
    if len(w) != n:
        raise ValueError("values and weights differ in length")
    if n < 2 * max(1, min_size):
        return []
    if penalty is None:
        s2 = max(0.05, sum(1 - min(1.0, x * x) for x in values) / n)
        penalty = 3.0 * s2 * math.log(n + 1)
    cum_w, cum_wx, cum_wxx = [0.0], [0.0], [0.0]
    for x, wi in zip(values, w, strict=True):
        cum_w.append(cum_w[-1] + wi)
        cum_wx.append(cum_wx[-1] + wi * x)
        cum_wxx.append(cum_wxx[-1] + wi * x * x)

    def cost(i: int, j: int) -> float:
        sw = cum_w[j] - cum_w[i]
        if sw <= 0:
            return 0.0
        sx = cum_wx[j] - cum_wx[i]
        return max(0.0, (cum_wxx[j] - cum_wxx[i]) - sx * sx / sw)

    return _pelt(n, cost, penalty, max(1, min_size))


def _pelt(n: int, cost: Any, beta: float, min_size: int) -> list[int]:
    """Exact optimal partition with pruning (Killick et al. 2012); ties keep the earlier cut."""
    best = [math.inf] * (n + 1)
    prev = [0] * (n + 1)
    best[0] = -beta
    candidates = [0]
    for t in range(1, n + 1):
        ready = [s for s in candidates if t - s >= min_size]
        if not ready:
            continue
        totals = {s: best[s] + cost(s, t) for s in ready}
        arg = min(ready, key=lambda s: (round(totals[s], 12), s))
        best[t], prev[t] = totals[arg] + beta, arg
        candidates = [s for s in candidates if t - s < min_size or totals[s] <= best[t]]
        candidates.append(t)
    cuts = []
    t = n
    while t > 0:
        t = prev[t]
        if t > 0:
            cuts.append(t)
    return sorted(cuts)


def periods(
    series: Sequence[Measure],
    *,
    penalty: float | None = None,
    min_size: int = 2,
    min_shift: float = 0.15,
) -> tuple[Period, ...]:
    """The period table: the series cut at its change points, each segment summarised."""
    if not series:
        return ()
    values, weights, index = [], [], []
    for i, m in enumerate(series):
        x, mass = pooled(m)
        if x is not None:
            values.append(x)
            weights.append(mass)
            index.append(i)
    cuts = [index[c] for c in change_points(values, weights, penalty=penalty, min_size=min_size)]
    bounds = [0, *cuts, len(series)]
    segments = [list(series[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    segments = _merge_small_shifts(segments, min_shift)
    return tuple(_period(seg) for seg in segments)


def _merge_small_shifts(segments: list[list[Measure]], min_shift: float) -> list[list[Measure]]:
    """Merge neighbours whose pooled scores differ by less than ``min_shift``."""
    merged: list[list[Measure]] = []
    for seg in segments:
        if merged:
            a, b = _segment_value(merged[-1]), _segment_value(seg)
            if a is None or b is None or abs(a - b) < min_shift:
                merged[-1] = merged[-1] + seg
                continue
        merged.append(seg)
    return merged


def _segment_value(seg: Sequence[Measure]) -> float | None:
    p = c = 0.0
    for m in seg:
        x, mass = pooled(m)
        if x is not None:
            p += mass * (1 + x) / 2
            c += mass * (1 - x) / 2
    return None if p + c <= 0 else (p - c) / (p + c)


def combine(scores: Sequence[ChannelScore]) -> ChannelScore:
    """Add channel scores of the same channel (their masses are additive)."""
    ch = scores[0].channel
    return score_masses(
        ch,
        sum(s.pro for s in scores),
        sum(s.con for s in scores),
        sum(s.neutral for s in scores),
        sum(s.n for s in scores),
        negated=sum(s.negated for s in scores),
        negated_pro=sum(s.negated_pro for s in scores),
        negated_con=sum(s.negated_con for s in scores),
        goldstein=sum(s.goldstein for s in scores),
    )


def _period(seg: Sequence[Measure]) -> Period:
    words = combine([m.words for m in seg])
    deeds = combine([m.deeds for m in seg])
    votes = combine([m.votes for m in seg])
    types: Counter[str] = Counter()
    for m in seg:
        for name, k in m.top_types:
            types[name] += k
    top = tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
    first, last = seg[0].period, seg[-1].period
    label = first if first == last else f"{first} to {last}"
    score = _segment_value(seg)
    return Period(
        label,
        seg[0].start,
        seg[-1].end,
        first,
        last,
        words,
        deeds,
        votes,
        score,
        words.n + deeds.n + votes.n,
        top,
        describe(words, deeds, votes, top),
    )


def lean(score: ChannelScore) -> str:
    """A word for a channel: cooperative, conflictual, mixed (both sides weigh), leaning
    cooperative / conflictual (interval across zero, one side only), or none (no evidence)."""
    if score.score is None or score.low is None or score.high is None:
        return "none"
    if score.low > 0:
        return "cooperative"
    if score.high < 0:
        return "conflictual"
    mass = score.pro + score.con
    if mass > 0 and min(score.pro, score.con) >= 0.25 * mass:
        return "mixed"
    return "leaning cooperative" if score.score > 0 else "leaning conflictual"


def describe(
    words: ChannelScore,
    deeds: ChannelScore,
    votes: ChannelScore,
    top: Sequence[tuple[str, int]],
) -> str:
    """A segment in words, e.g. "cooperative words, conflictual deeds; mainly aid, demand"."""
    parts = [f"{lean(c)} {c.channel}" for c in (words, deeds, votes) if c.n]
    text = ", ".join(parts) if parts else "no scored evidence"
    if top:
        text += "; mainly " + ", ".join(name for name, _ in top)
    return text
