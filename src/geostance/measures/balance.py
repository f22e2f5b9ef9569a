"""Rivals' balance: how one source splits its cooperation and conflict between two targets
(``balance`` -> a ``Balance`` of two ``BalanceSide``), with the tilt between them and a
plain-words verdict. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from geostance.measures.scores import (
    METHOD,
    QUAD_NAMES,
    ChannelScore,
    _round,
    channel_score,
    quad_counts,
)
from geostance.models import Event


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
