"""Event counts: the event mix per period and the balance between two targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from geostance.web.views.common import QUAD_COLORS, QUAD_NAMES
from geostance.web.views.plots.common import (
    BRUSH_EVIDENCE,
    Figure,
    _figure,
    _note,
    _num,
    _year,
    count_ticks,
)


def balance_figure(balance: Mapping[str, Any] | None) -> Figure | None:
    """Events of the source toward each of two targets by QuadClass: cooperation to the
    right, conflict to the left."""
    if not isinstance(balance, Mapping):
        return None
    sides = [s for s in (balance.get("a"), balance.get("b")) if isinstance(s, Mapping)]
    if len(sides) != 2:
        return None
    counts = [_quad_counts(s) for s in sides]
    if not any(any(c) for c in counts):
        return None
    targets = [str(s.get("target")) for s in sides]
    data = []
    for q in (1, 2, 3, 4):
        sign = 1 if q in (1, 2) else -1
        values = [c[q - 1] for c in counts]
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": QUAD_NAMES[q],
                "y": targets,
                "x": [sign * v for v in values],
                "customdata": values,
                "marker": {"color": QUAD_COLORS[q]},
                "hovertemplate": (f"toward %{{y}}: %{{customdata}} {QUAD_NAMES[q]}<extra></extra>"),
            }
        )
    peak = max(max(c[0] + c[1], c[2] + c[3]) for c in counts) or 1
    ticks = count_ticks(peak)
    return _figure(
        data,
        height=190,
        barmode="relative",
        xaxis={
            "range": [-peak * 1.1, peak * 1.1],
            "tickvals": ticks,
            "ticktext": [str(abs(t)) for t in ticks],
            "fixedrange": True,
            "zeroline": True,
            "title": {"text": "← conflictual events · cooperative events →"},
        },
        yaxis={"type": "category", "autorange": "reversed", "fixedrange": True},
        margin={"l": 70},
    )


def _quad_counts(side: Mapping[str, Any]) -> list[int]:
    """Counts in QuadClass order from a side's ``counts`` (a name -> count map or a list)."""
    raw = side.get("counts")
    if isinstance(raw, Mapping):
        return [int(raw.get(QUAD_NAMES[q]) or 0) for q in (1, 2, 3, 4)]
    if isinstance(raw, list | tuple) and len(raw) == 4:
        return [int(v or 0) for v in raw]
    return [0, 0, 0, 0]


def mix_figure(mix: Sequence[Mapping[str, Any]], *, brush: bool = False) -> Figure | None:
    """Events per year stacked by QuadClass on a time axis (years without events are empty
    space, not squeezed out); undated events are counted in a note."""
    dated = [m for m in mix if _year(m.get("period")) is not None]
    if not dated:
        return None
    undated = sum(int(m.get("events") or 0) for m in mix if _year(m.get("period")) is None)
    data = []
    for q in (1, 2, 3, 4):
        rows = sorted((m for m in dated if m.get("quad_class") == q), key=lambda m: m["period"])
        if not rows:
            continue
        data.append(
            {
                "type": "bar",
                "name": QUAD_NAMES[q],
                "x": [f"{_year(m['period'])}-01-01" for m in rows],
                "xperiod": "M12",
                "xperiodalignment": "middle",
                "y": [int(m["events"]) for m in rows],
                "customdata": [[str(m["period"]), _num(m.get("goldstein"))] for m in rows],
                "marker": {"color": QUAD_COLORS[q]},
                "hovertemplate": (
                    f"%{{customdata[0]}}: %{{y}} {QUAD_NAMES[q]}"
                    "<br>Goldstein sum %{customdata[1]:.1f}<extra></extra>"
                ),
            }
        )
    fig = _figure(
        data,
        height=250,
        barmode="stack",
        xaxis={"type": "date"},
        yaxis={"fixedrange": True, "rangemode": "tozero", "title": {"text": "events"}},
    )
    if undated:
        fig["layout"]["annotations"] = [
            _note(f"{undated} undated event{'s' if undated != 1 else ''} not shown")
        ]
    if brush:
        fig["brush"] = BRUSH_EVIDENCE
        fig["layout"]["selectdirection"] = "h"
    return fig
