"""The actor page: whom it cooperates with and opposes, and its UN agreement with peers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from geostance.web.views.common import (
    ActorRef,
    _channel,
    _Model,
    _names,
    actor_ref,
    period_value,
    plain,
)


class Partner(_Model):
    id: str
    name: str
    events: int
    cooperation: int
    conflict: int
    goldstein: float
    link: str


class AlignmentPoint(_Model):
    peer: str
    period: str
    agreement: float | None


class ActorPage(_Model):
    page: str
    actor: ActorRef
    events_as_source: int
    events_as_target: int
    partners: list[Partner]
    alignment: list[AlignmentPoint]
    alignment_error: str | None


def actor(g: Any, actor_id: str, *, peers: Sequence[str] = ("USA", "RUS", "CHN")) -> dict[str, Any]:
    """Whom the actor cooperates with and opposes, and its UN agreement with a few peers."""
    out_df = g.events_df(source=actor_id)
    in_df = g.events_df(target=actor_id)
    partners = _partners(g, actor_id, out_df, in_df)
    alignment: list[AlignmentPoint] = []
    errors: list[str] = []
    for peer in peers:
        if peer == actor_id:
            continue
        frame, error = _channel(g, "agreement", actor_id, peer, by="year")
        if error:
            errors.append(error)
            continue
        alignment.extend(_alignment_points(peer, plain(frame) or []))
    page = ActorPage(
        page="actor",
        actor=actor_ref(g, actor_id),
        events_as_source=len(out_df),
        events_as_target=len(in_df),
        partners=partners,
        alignment=alignment,
        alignment_error="; ".join(sorted(set(errors))) or None,
    )
    return page.model_dump()


def _partners(g: Any, actor_id: str, out_df: Any, in_df: Any) -> list[Partner]:
    """Counterparts in either direction, with cooperation and conflict counts."""
    rows: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    for df, col in ((out_df, "target"), (in_df, "source")):
        if len(df) == 0:
            continue
        for other, quad, gold in zip(df[col], df["quad_class"], df["goldstein"], strict=True):
            if other is None or other != other or other == actor_id:
                continue
            r = rows[str(other)]
            r[0] += 1
            r[1 if int(quad) in (1, 2) else 2] += 1
            r[3] += float(gold)
    names = _names(g, rows)
    ranked = sorted(rows.items(), key=lambda kv: (-kv[1][0], kv[0]))[:24]
    return [
        Partner(
            id=k,
            name=names[k],
            events=int(v[0]),
            cooperation=int(v[1]),
            conflict=int(v[2]),
            goldstein=round(v[3], 3),
            link=f"/dyad/{actor_id}/{k}",
        )
        for k, v in ranked
    ]


def _alignment_points(peer: str, records: list[Any]) -> list[AlignmentPoint]:
    """Read an agreement frame tolerantly: a period column and an agreement column."""
    points = []
    for rec in records:
        found = period_value(rec, ("agreement", "coincidence", "value", "score"))
        if found is None:
            continue
        period, value = found
        points.append(
            AlignmentPoint(
                peer=peer,
                period=str(period),
                # a year without data is a gap in the chart, never a 0 (NaN -> None)
                agreement=float(value)
                if isinstance(value, int | float) and value == value
                else None,
            )
        )
    return points
