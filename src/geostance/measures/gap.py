"""The say-do gap: a ``Measure``'s words score minus its deeds score, with a conservative
interval built from the two channels' intervals (``say_do_gap`` -> ``Gap``). Pure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from geostance.measures.dyad import Measure
from geostance.measures.scores import METHOD


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
