"""Stance over time per channel: lines broken at gaps, the interval band, lone points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from geostance.web.views.charts import CHANNEL_COLORS
from geostance.web.views.plots.common import (
    BRUSH_EVIDENCE,
    CHANNELS,
    STANCE_TICKS,
    Figure,
    Point,
    _down,
    _figure,
    _num,
    _touch,
    _up,
    interval_text,
    period_middle,
    rgba,
)


def channel_points(series: Sequence[Mapping[str, Any]], channel: str) -> list[Point | None]:
    """The scored periods of one channel in time order, with ``None`` between two that do not
    touch: a period in between without a score for this channel, or a gap in the calendar
    (the series lists only periods with evidence)."""
    out: list[Point | None] = []
    last: tuple[int, Mapping[str, Any]] | None = None
    for i, row in enumerate(series):
        c = (row.get("channels") or {}).get(channel)
        score = _num(c.get("score")) if isinstance(c, Mapping) else None
        x = period_middle(row)
        if c is None or score is None or x is None:
            continue
        if last is not None and not _touch(last[0], last[1], i, row):
            out.append(None)
        out.append(
            Point(
                label=str(row.get("period") or row.get("label") or x[:4]),
                x=x,
                score=score,
                low=_num(c.get("low")),
                high=_num(c.get("high")),
                n=int(c.get("n") or 0),
            )
        )
        last = (i, row)
    return out


def stance_figure(series: Sequence[Mapping[str, Any]], *, brush: bool = False) -> Figure | None:
    """Stance per channel over time: a line per channel broken at gaps, its 95% interval as a
    band (an error bar for a period that stands alone), hover with score, interval and n."""
    data: list[dict[str, Any]] = []
    for ch in CHANNELS:
        points = channel_points(series, ch)
        if not points:
            continue
        color = CHANNEL_COLORS[ch]
        band = interval_band(points)
        if band is not None:
            data.append(
                {
                    "type": "scatter",
                    "name": f"{ch} 95% interval",
                    "legendgroup": ch,
                    "showlegend": False,
                    "x": band[0],
                    "y": band[1],
                    "mode": "lines",
                    "fill": "toself",
                    "fillcolor": rgba(color, 0.16),
                    "line": {"width": 0, "color": color},
                    "hoverinfo": "skip",
                }
            )
        alone = {id(p) for p in lone_points(points)}
        data.append(
            {
                "type": "scatter",
                "name": ch,
                "legendgroup": ch,
                "mode": "lines+markers",
                "connectgaps": False,
                "x": [p.x if p else None for p in points],
                "y": [p.score if p else None for p in points],
                "customdata": [
                    [p.label, interval_text(p.low, p.high), p.n] if p else None for p in points
                ],
                "line": {"color": color, "width": 2},
                "marker": {"color": color, "size": 7},
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": [_up(p) if id(p) in alone else None for p in points],
                    "arrayminus": [_down(p) if id(p) in alone else None for p in points],
                    "color": rgba(color, 0.45),
                    "thickness": 1.5,
                    "width": 3,
                },
                "hovertemplate": (
                    f"{ch} %{{customdata[0]}}: %{{y:+.2f}}<br>"
                    "95% interval %{customdata[1]} · n=%{customdata[2]}<extra></extra>"
                ),
            }
        )
    if not data:
        return None
    fig = _figure(
        data,
        height=300,
        xaxis={"type": "date", "title": {"text": ""}},
        yaxis={"range": [-1.08, 1.08], "fixedrange": True, "zeroline": True, **STANCE_TICKS},
    )
    if brush:
        fig["brush"] = BRUSH_EVIDENCE
        fig["layout"]["selectdirection"] = "h"
    return fig


def interval_band(points: Sequence[Point | None]) -> tuple[list[Any], list[Any]] | None:
    """Polygons (x, y) of the interval around each run of two or more touching points, runs
    apart by ``None`` (Plotly's ``fill: "toself"`` closes each run on its own)."""
    xs: list[Any] = []
    ys: list[Any] = []
    for run in runs(points):
        run = [p for p in run if p.low is not None and p.high is not None]
        if len(run) < 2:
            continue
        if xs:
            xs.append(None)
            ys.append(None)
        xs += [p.x for p in run] + [p.x for p in reversed(run)]
        ys += [p.high for p in run] + [p.low for p in reversed(run)]
    return (xs, ys) if xs else None


def runs(points: Sequence[Point | None]) -> list[list[Point]]:
    """The runs of touching points (the pieces between the ``None`` gaps)."""
    out: list[list[Point]] = [[]]
    for p in points:
        if p is None:
            out.append([])
        else:
            out[-1].append(p)
    return [r for r in out if r]


def lone_points(points: Sequence[Point | None]) -> list[Point]:
    """Points that touch no other: their interval is an error bar (no band to draw)."""
    return [r[0] for r in runs(points) if len(r) == 1]
