"""What the interactive charts share: channels, fonts, the scored point, the figure frame and
number helpers."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CHANNELS = ("words", "deeds", "votes")


#: The page's evidence list follows the range brushed (zoomed or box-selected) on this chart.
BRUSH_EVIDENCE = "evidence"


FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12}


STANCE_TICKS = {
    "tickvals": [-1, -0.5, 0, 0.5, 1],
    "ticktext": ["−1 opposes", "−0.5", "0", "+0.5", "+1 supports"],
}


Figure = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Point:
    """One scored period of one channel: where it sits in time and what it says."""

    label: str
    x: str  # ISO date: the middle of the period
    score: float
    low: float | None
    high: float | None
    n: int


def _figure(
    data: list[dict[str, Any]],
    *,
    height: int,
    width: int | None = None,
    margin: Mapping[str, int] | None = None,
    showlegend: bool | None = None,
    **layout: Any,
) -> Figure:
    """A figure with the dashboard's look: white ground, light grid, legend below."""
    base: dict[str, Any] = {
        "height": height,
        "margin": {"l": 84, "r": 16, "t": 28, "b": 40} | dict(margin or {}),
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        "dragmode": "zoom",
        "showlegend": len(data) > 1 if showlegend is None else showlegend,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
    }
    if width is not None:
        base["width"] = width
    for key in ("xaxis", "yaxis"):
        layout[key] = {"gridcolor": "#e9ecef", "zerolinecolor": "#adb5bd"} | layout.get(key, {})
    return {"data": data, "layout": base | layout}


def _note(text: str) -> dict[str, Any]:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1,
        "xanchor": "right",
        "yanchor": "top",
        "showarrow": False,
        "font": {"color": "#5f6b73", "size": 11},
    }


def interval_text(low: float | None, high: float | None) -> str:
    return "[—]" if low is None or high is None else f"[{low:+.2f}, {high:+.2f}]"


def rgba(color: str, alpha: float) -> str:
    """``#rrggbb`` as ``rgba(r, g, b, alpha)``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _score(c: Mapping[str, Any] | None) -> float | None:
    return _num(c.get("score")) if isinstance(c, Mapping) else None


def _bound(c: Mapping[str, Any], key: str, sign: int) -> float | None:
    score, bound = _score(c), _num(c.get(key))
    return None if score is None or bound is None else round(sign * (bound - score), 4)


def _num(value: Any) -> float | None:
    """A finite float or None (JSON has no NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


_YEAR = re.compile(r"^(\d{4})(?:$|-)")


def _year(value: Any) -> int | None:
    """The year of "2023", "2023-05-01" or 2023; None for "undated" and the like."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    m = _YEAR.match(str(value or ""))
    return int(m.group(1)) if m else None


def count_ticks(peak: int) -> list[int]:
    """Tick values from -peak to peak at a round step (1, 2 or 5 times a power of ten)."""
    raw = max(1.0, peak / 3)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    k = int(peak // step)
    return [int(i * step) for i in range(-k, k + 1)]


def _up(p: Point | None) -> float | None:
    return None if p is None or p.high is None else round(p.high - p.score, 4)


def _down(p: Point | None) -> float | None:
    return None if p is None or p.low is None else round(p.score - p.low, 4)


def period_middle(row: Mapping[str, Any]) -> str | None:
    """The middle day of a period row (``start``/``end``), or of its year label."""
    start, end = _day(row.get("start")), _day(row.get("end"))
    if start and end:
        return (start + (end - start) / 2).isoformat()
    if start or end:
        return (start or end or dt.date.min).isoformat()
    year = _year(row.get("period") or row.get("label"))
    return f"{year}-07-02" if year is not None else None


def _touch(i: int, a: Mapping[str, Any], j: int, b: Mapping[str, Any]) -> bool:
    """Periods ``a`` (row i) and ``b`` (row j) are next to each other in the series and in
    the calendar (when both carry dates)."""
    if j != i + 1:
        return False
    end, start = _day(a.get("end")), _day(b.get("start"))
    return end is None or start is None or start <= end + dt.timedelta(days=1)
