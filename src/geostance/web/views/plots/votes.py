"""UN votes: the agreement heatmap, positions per state, alignment with peers."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from geostance.web.views.charts import series_colors
from geostance.web.views.plots.common import Figure, _figure, _num, _year


def heatmap_figure(matrix: Mapping[str, Any] | None) -> Figure | None:
    """Agreement between states, red (never agree) through white to green (always)."""
    if not isinstance(matrix, Mapping) or not matrix.get("states"):
        return None
    states = [str(s) for s in matrix["states"]]
    z = [[_num(v) for v in row] for row in matrix.get("values") or []]
    data = [
        {
            "type": "heatmap",
            "x": states,
            "y": states,
            "z": z,
            "zmin": 0,
            "zmax": 1,
            "colorscale": [[0, "#b2182b"], [0.5, "#f7f7f7"], [1, "#1b7837"]],
            "hoverongaps": False,
            "texttemplate": "%{z:.2f}",
            "showscale": False,  # the colour bar sets style="" attributes, which the CSP refuses
            # Gaps between cells keep Plotly off its "fast" path, which scales a 1-pixel-per-cell
            # image with a style attribute the CSP refuses (the cells would blur).
            "xgap": 2,
            "ygap": 2,
            "hovertemplate": "%{y} and %{x}: %{z:.0%} of votes agree<extra></extra>",
        }
    ]
    size = 80 + 44 * len(states)
    return _figure(
        data,
        height=size,
        width=size + 110,
        xaxis={"type": "category", "side": "top", "fixedrange": True},
        yaxis={"type": "category", "autorange": "reversed", "fixedrange": True},
        margin={"l": 56, "t": 40},
        showlegend=False,
    )


def year_runs(
    points: Iterable[tuple[int, float | None, Any]],
) -> tuple[list[Any], list[Any], list[Any]]:
    """(x, y, extra) in year order with ``None`` between years that are not consecutive; a
    year without a value is left out (so it is a gap too); two values for one year are kept
    in their order."""
    xs: list[Any] = []
    ys: list[Any] = []
    extras: list[Any] = []
    last: int | None = None
    for year, value, extra in sorted(points, key=lambda p: p[0]):
        if value is None:
            continue
        if last is not None and year > last + 1:
            xs.append(None)
            ys.append(None)
            extras.append(None)
        xs.append(year)
        ys.append(value)
        extras.append(extra)
        last = year
    return xs, ys, extras


def positions_figure(
    positions: Sequence[Mapping[str, Any]], states: Sequence[str]
) -> Figure | None:
    """Small multiples: one panel per state (its own colour), the share of yes votes per year
    in the General Assembly (line) and the Security Council (dotted), on one shared year
    axis; zooming one panel zooms all."""
    by_state: dict[str, dict[str, list[tuple[int, float | None, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for p in positions:
        year = _year(p.get("period"))
        if year is not None:
            body = str(p.get("body") or "GA")
            n = p.get("votes")
            by_state[str(p.get("state"))][body].append(
                (year, _num(p.get("value")), f" of {n} vote{'s' if n != 1 else ''}" if n else "")
            )
    order = [s for s in states if s in by_state] + sorted(set(by_state) - set(states))
    order = [s for s in order if any(v is not None for b in by_state[s].values() for _, v, _ in b)]
    if not order:
        return None
    colors = series_colors(order)
    cols = min(4, len(order))
    rows = math.ceil(len(order) / cols)
    data = []
    layout_axes: dict[str, Any] = {}
    notes = []
    for i, state in enumerate(order):
        xid, yid = ("x", "y") if i == 0 else (f"x{i + 1}", f"y{i + 1}")
        for body in sorted(by_state[state]):
            xs, ys, ns = year_runs(by_state[state][body])
            sc = body == "SC"
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "connectgaps": False,
                    "name": f"{state} {body}",
                    "x": xs,
                    "y": ys,
                    "xaxis": xid,
                    "yaxis": yid,
                    "customdata": ns,
                    "showlegend": False,
                    "line": {"color": colors[state], "width": 1 if sc else 2}
                    | ({"dash": "dot"} if sc else {}),
                    "marker": {
                        "color": colors[state],
                        "size": 5,
                        "symbol": "circle-open" if sc else "circle",
                    },
                    "hovertemplate": (
                        f"{state} %{{x}} ({body}): %{{y:.0%}} yes%{{customdata}}<extra></extra>"
                    ),
                }
            )
        axis = "" if i == 0 else str(i + 1)
        layout_axes[f"xaxis{axis}"] = {"type": "linear", "tickformat": "d"} | (
            {"matches": "x"} if i else {}
        )
        layout_axes[f"yaxis{axis}"] = {
            "range": [-0.05, 1.05],
            "fixedrange": True,
            "tickformat": ".0%",
            "tickvals": [0, 0.5, 1],
        }
        notes.append(
            {
                "text": state,
                "xref": f"{xid} domain",
                "yref": f"{yid} domain",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": colors[state], "weight": "bold"},
            }
        )
    fig = _figure(data, height=60 + 170 * rows, margin={"t": 24}, showlegend=False)
    fig["layout"] |= layout_axes
    fig["layout"]["grid"] = {
        "rows": rows,
        "columns": cols,
        "pattern": "independent",
        "ygap": 0.35,
        "xgap": 0.12,
    }
    fig["layout"]["annotations"] = notes
    return fig


def alignment_figure(alignment: Sequence[Mapping[str, Any]]) -> Figure | None:
    """The actor's share of agreeing UN votes with each peer per year, broken at gaps."""
    by_peer: dict[str, list[tuple[int, float | None, Any]]] = defaultdict(list)
    for p in alignment:
        year = _year(p.get("period"))
        if year is not None:
            by_peer[str(p.get("peer"))].append((year, _num(p.get("agreement")), None))
    peers = [k for k, v in by_peer.items() if any(y is not None for _, y, _ in v)]
    if not peers:
        return None
    colors = series_colors(peers)
    data = []
    for peer in peers:
        xs, ys, _ = year_runs(by_peer[peer])
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "connectgaps": False,
                "name": peer,
                "x": xs,
                "y": ys,
                "line": {"color": colors[peer], "width": 2},
                "marker": {"color": colors[peer], "size": 5},
                "hovertemplate": f"with {peer} %{{x}}: %{{y:.0%}} agree<extra></extra>",
            }
        )
    return _figure(
        data,
        height=280,
        xaxis={"type": "linear", "tickformat": "d"},
        yaxis={"range": [-0.05, 1.05], "fixedrange": True, "tickformat": ".0%"},
    )
