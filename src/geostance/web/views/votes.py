"""The votes page: the agreement heatmap of a few states and their positions over time."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from geostance.web.views.common import _channel, _is_frame, _Model, period_value, plain

DEFAULT_VOTE_STATES = ("USA", "RUS", "CHN", "GBR", "FRA", "IND", "BRA", "ZAF")


class MatrixData(_Model):
    states: list[str]
    values: list[list[float | None]]


class PositionPoint(_Model):
    state: str
    period: str
    value: float | None
    #: "GA" or "SC" when the facade says which body voted (a year can have one of each).
    body: str | None = None
    #: Roll calls of the topic the state was recorded on that year.
    votes: int | None = None


class VotesPage(_Model):
    page: str
    states: list[str]
    year: int | None
    on: str
    matrix: MatrixData | None
    matrix_error: str | None
    positions: list[PositionPoint]
    positions_error: str | None


def votes(
    g: Any,
    *,
    states: Sequence[str] = DEFAULT_VOTE_STATES,
    year: int | None = None,
    on: str = "palestine",
) -> dict[str, Any]:
    """The agreement heatmap of a few states and their position on a topic over time."""
    states = [s for s in dict.fromkeys(states) if s][:30]
    frame, matrix_error = _channel(g, "agreement_matrix", year=year)
    matrix = _matrix(frame, states) if frame is not None else None
    if frame is not None and matrix is None:
        matrix_error = "no votes for these states; import UN votes with `geostance votes import`"
    positions: list[PositionPoint] = []
    errors = []
    for state in states:
        rows, error = _channel(g, "position", state, on=on)
        if error:
            errors.append(error)
            continue
        positions.extend(_position_points(state, plain(rows) or []))
    page = VotesPage(
        page="votes",
        states=list(states),
        year=year,
        on=on,
        matrix=matrix,
        matrix_error=matrix_error,
        positions=positions,
        positions_error="; ".join(sorted(set(errors))) or None,
    )
    return page.model_dump()


def _matrix(frame: Any, states: Sequence[str]) -> MatrixData | None:
    """The sub-matrix of a square agreement frame (states as index and columns)."""
    if not _is_frame(frame):
        return None
    have = [s for s in states if s in set(frame.index) and s in set(frame.columns)]
    if not have:
        return None
    values = [[_num(frame.loc[a, b]) for b in have] for a in have]
    return MatrixData(states=have, values=values)


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return round(f, 4) if math.isfinite(f) else None


def _position_points(state: str, records: list[Any]) -> list[PositionPoint]:
    points = []
    for rec in records:
        found = period_value(rec, ("yes_share", "share_yes", "position", "value", "score"))
        if found is not None:
            period, value = found
            n = _num(rec.get("votes"))
            points.append(
                PositionPoint(
                    state=state,
                    period=str(period),
                    value=_num(value),
                    body=str(rec["body"]) if rec.get("body") else None,
                    votes=int(n) if n is not None else None,
                )
            )
    return points
