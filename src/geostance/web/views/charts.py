"""Chart data derived from the page dicts (HTML only): the colours every chart shares and the
static SVG charts, which are the no-JavaScript fallback of the interactive ones
(``views/plots.py``)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from geostance.web.views.common import QUAD_COLORS, QUAD_NAMES

#: One colour per stance channel, on every chart and legend (the map's too). Okabe-Ito hues
#: that stay apart for colour-blind readers and clash with neither the cooperation greens
#: nor the conflict reds of ``QUAD_COLORS``.
CHANNEL_COLORS: dict[str, str] = {"words": "#0072b2", "deeds": "#e69f00", "votes": "#cc79a7"}

#: Ten distinct colours for states and peers (Tableau 10), so eight states never share one.
SERIES_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)


def series_colors(names: Sequence[str]) -> dict[str, str]:
    """A colour per name: a channel's own colour, else the palette in the order given."""
    out: dict[str, str] = {}
    others = [n for n in names if n not in CHANNEL_COLORS]
    for name in names:
        if name in CHANNEL_COLORS:
            out[name] = CHANNEL_COLORS[name]
        else:
            out[name] = SERIES_PALETTE[others.index(name) % len(SERIES_PALETTE)]
    return out


def line_chart(
    series: Mapping[str, Sequence[tuple[str, float | None]]],
    *,
    width: int = 640,
    height: int = 220,
    y_range: tuple[float, float] | None = None,
) -> dict[str, Any] | None:
    """Polylines over shared categorical x labels (sorted), one per series; a channel's series
    takes the channel's colour."""
    labels = sorted({x for pts in series.values() for x, y in pts if y is not None})
    values = [y for pts in series.values() for _, y in pts if y is not None]
    if not labels or not values:
        return None
    lo, hi = y_range or (min(values), max(values))
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    left, right, top, bottom = 44, 12, 12, 28
    step = (width - left - right) / max(1, len(labels) - 1)

    def sx(label: str) -> float:
        i = labels.index(label)
        return round(left + (i * step if len(labels) > 1 else (width - left - right) / 2), 1)

    def sy(v: float) -> float:
        return round(top + (hi - v) / (hi - lo) * (height - top - bottom), 1)

    colors = series_colors(list(series))
    lines = []
    for name, pts in series.items():
        marks = [(sx(x), sy(y), x, y) for x, y in sorted(pts) if y is not None]
        if not marks:
            continue
        lines.append(
            {
                "name": name,
                "color": colors[name],
                "points": " ".join(f"{x},{y}" for x, y, _, _ in marks),
                "marks": [
                    {"x": x, "y": y, "title": f"{name} {lab}: {v:.2f}"} for x, y, lab, v in marks
                ],
            }
        )
    every = max(1, len(labels) // 10)
    return {
        "width": width,
        "height": height,
        "lines": lines,
        "xticks": [{"x": sx(lab), "label": lab} for lab in labels[::every]],
        "yticks": [{"y": sy(v), "label": f"{v:.2g}"} for v in (lo, (lo + hi) / 2, hi)],
        "zero": sy(0.0) if lo < 0 < hi else None,
        "base": height - bottom,
        "left": left,
        "right": width - right,
    }


def mix_chart(
    mix: Sequence[Mapping[str, Any]], *, width: int = 640, height: int = 200
) -> dict[str, Any] | None:
    """Stacked bars of events per period, coloured by QuadClass."""
    if not mix:
        return None
    periods = sorted({m["period"] for m in mix})
    totals = {p: sum(m["events"] for m in mix if m["period"] == p) for p in periods}
    peak = max(totals.values()) or 1
    left, right, top, bottom = 44, 12, 12, 28
    band = (width - left - right) / len(periods)
    bars = []
    for i, p in enumerate(periods):
        y = height - bottom
        for q in (1, 2, 3, 4):
            n = sum(m["events"] for m in mix if m["period"] == p and m["quad_class"] == q)
            if not n:
                continue
            h = n / peak * (height - top - bottom)
            y -= h
            bars.append(
                {
                    "x": round(left + i * band + band * 0.1, 1),
                    "y": round(y, 1),
                    "w": round(band * 0.8, 1),
                    "h": round(max(h, 0.5), 1),
                    "color": QUAD_COLORS[q],
                    "title": f"{p}: {n} {QUAD_NAMES[q]}",
                }
            )
    every = max(1, len(periods) // 10)
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "xticks": [
            {"x": round(left + i * band + band / 2, 1), "label": p}
            for i, p in enumerate(periods)
            if i % every == 0
        ],
        "peak": peak,
        "base": height - bottom,
        "top": top,
        "left": left,
        "legend": [{"color": QUAD_COLORS[q], "label": QUAD_NAMES[q]} for q in (1, 2, 3, 4)],
    }


def graph_chart(
    center: str, partners: Sequence[Mapping[str, Any]], *, size: int = 420
) -> dict[str, Any] | None:
    """A radial layout: the actor in the middle, partners on a circle, edges by tone."""
    if not partners:
        return None
    c = size / 2
    r = size / 2 - 60
    peak = max(p["events"] for p in partners) or 1
    nodes = []
    for i, p in enumerate(partners):
        angle = 2 * math.pi * i / len(partners) - math.pi / 2
        x, y = c + r * math.cos(angle), c + r * math.sin(angle)
        coop = p["cooperation"] >= p["conflict"]
        nodes.append(
            {
                "id": p["id"],
                "name": p["name"],
                "x": round(x, 1),
                "y": round(y, 1),
                "lx": round(c + (r + 26) * math.cos(angle), 1),
                "ly": round(c + (r + 26) * math.sin(angle) + 4, 1),
                "width": round(1 + 7 * p["events"] / peak, 1),
                "color": "#1b7837" if coop else "#b2182b",
                "link": p["link"],
                "title": (
                    f"{p['name']}: {p['cooperation']} cooperative, {p['conflict']} conflictual"
                ),
            }
        )
    return {"size": size, "cx": c, "cy": c, "center": center, "nodes": nodes}


def heatmap_chart(matrix: Mapping[str, Any] | None, *, cell: int = 44) -> dict[str, Any] | None:
    """Cells coloured from red (0: never agree) to green (1: always agree)."""
    if not matrix or not matrix.get("states"):
        return None
    states = matrix["states"]
    pad = 48
    cells = []
    for i, a in enumerate(states):
        for j, b in enumerate(states):
            v = matrix["values"][i][j]
            cells.append(
                {
                    "x": pad + j * cell,
                    "y": pad + i * cell,
                    "color": _diverging(v),
                    "label": "" if v is None else f"{v:.2f}",
                    "title": f"{a}–{b}: {'no data' if v is None else f'{v:.2f}'}",
                }
            )
    size = pad + len(states) * cell + 4
    return {
        "size": size,
        "cell": cell,
        "cells": cells,
        "rows": [{"y": pad + i * cell + cell / 2 + 4, "label": s} for i, s in enumerate(states)],
        "cols": [{"x": pad + j * cell + cell / 2, "label": s} for j, s in enumerate(states)],
        "pad": pad,
    }


def _diverging(v: float | None) -> str:
    if v is None:
        return "#eeeeee"
    t = min(1.0, max(0.0, float(v)))
    red, green = (178, 24, 43), (27, 120, 55)
    mid = (247, 247, 247)
    a, b, u = (red, mid, t * 2) if t < 0.5 else (mid, green, (t - 0.5) * 2)
    return "#" + "".join(f"{round(x + (y - x) * u):02x}" for x, y in zip(a, b, strict=True))


def charts(page: Mapping[str, Any]) -> dict[str, Any]:
    """Every chart of a page, derived from its dict alone."""
    kind = page.get("page")
    out: dict[str, Any] = {}
    if kind == "dyad":
        out["mix"] = mix_chart(page["event_mix"])
        out["stance"] = line_chart(stance_series(page.get("stance")), y_range=(-1.0, 1.0))
    elif kind == "actor":
        out["graph"] = graph_chart(page["actor"]["id"], page["partners"])
        series: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
        for p in page["alignment"]:
            series[p["peer"]].append((p["period"], p["agreement"]))
        out["alignment"] = line_chart(series, y_range=(0.0, 1.0))
    elif kind == "votes":
        out["heatmap"] = heatmap_chart(page.get("matrix"))
        pos: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
        for p in page["positions"]:
            pos[p["state"]].append((p["period"], p["value"]))
        out["positions"] = line_chart(pos, y_range=(0.0, 1.0))
    elif kind == "answer" and page.get("answer"):
        out["stance"] = line_chart(stance_series(page["answer"]), y_range=(-1.0, 1.0))
    return out


def stance_series(data: Any) -> dict[str, list[tuple[str, float | None]]]:
    """Per-channel score series found in a stance or answer dict.

    Looks for a list of period rows (``series``, ``timeline`` or ``periods``) whose items name
    a period and hold per-channel scores, either as ``{"words": 0.3, ...}`` or as
    ``{"channel": "words", "score": 0.3}`` rows.
    """
    out: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    if not isinstance(data, Mapping):
        return out
    rows = next(
        (data[k] for k in ("series", "timeline", "periods") if isinstance(data.get(k), list)), None
    )
    if rows is None:
        nested = data.get("stance") or data.get("measure")
        return stance_series(nested) if isinstance(nested, Mapping) else out
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        period = next(
            (row[k] for k in ("period", "year", "label", "start") if row.get(k) is not None), None
        )
        if period is None:
            continue
        if "channel" in row and isinstance(row.get("score"), int | float):
            out[str(row["channel"])].append((str(period), float(row["score"])))
            continue
        nested = row.get("channels")
        chans: Mapping[str, Any] = nested if isinstance(nested, Mapping) else row
        for ch in ("words", "deeds", "votes"):
            v = chans.get(ch)
            if isinstance(v, Mapping):
                v = v.get("score")
            if isinstance(v, int | float):
                out[ch].append((str(period), float(v)))
    return out
