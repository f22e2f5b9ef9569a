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

The code is split by concern, one module each: ``scores`` (the vocabulary, one event's channel,
polarity and weight, a channel's score), ``dyad`` (a ``Measure`` of one source toward one
target, over all the evidence or per period), ``periods`` (period specs, eras, dates),
``gap`` (the say-do gap) and ``balance`` (a source's balance between two rivals). This module
holds ``StanceResult`` and re-exports their names, so ``geostance.measures.stance`` stays the
one import.

Everything here is pure: no store, no model, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geostance.measures.balance import Balance, BalanceSide, balance
from geostance.measures.dyad import Measure, measure, measure_tallies, series
from geostance.measures.gap import Gap, say_do_gap
from geostance.measures.periods import (
    RUSSIA_ERAS,
    Era,
    PeriodSpec,
    as_date,
    check_period,
    filter_events,
    period_key,
)
from geostance.measures.scores import (
    CAMEO_ROOTS,
    CHANNELS,
    METHOD,
    MODALITY_WEIGHT,
    QUAD_NAMES,
    Z95,
    Channel,
    ChannelScore,
    QuadCounts,
    Tally,
    channel_of,
    channel_score,
    polarity,
    quad_counts,
    quad_tallies,
    score_masses,
    score_tallies,
    tallies,
    top_tallies,
    top_types,
    vote_score,
    weight,
    wilson,
)
from geostance.measures.scores import _round as _round

__all__ = [
    "CAMEO_ROOTS",
    "CHANNELS",
    "METHOD",
    "MODALITY_WEIGHT",
    "QUAD_NAMES",
    "RUSSIA_ERAS",
    "Z95",
    "Balance",
    "BalanceSide",
    "Channel",
    "ChannelScore",
    "Era",
    "Gap",
    "Measure",
    "PeriodSpec",
    "QuadCounts",
    "StanceResult",
    "Tally",
    "as_date",
    "balance",
    "channel_of",
    "channel_score",
    "check_period",
    "filter_events",
    "measure",
    "measure_tallies",
    "period_key",
    "polarity",
    "quad_counts",
    "quad_tallies",
    "say_do_gap",
    "score_masses",
    "score_tallies",
    "series",
    "tallies",
    "top_tallies",
    "top_types",
    "vote_score",
    "weight",
    "wilson",
]


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
