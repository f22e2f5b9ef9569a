"""Interactive chart figures (Plotly.js) derived from the page dicts (HTML only).

One module per kind of chart: ``stance.py`` (stance over time), ``say_do.py`` (the say-do
gap), ``events.py`` (event mix and balance), ``votes.py`` (heatmap, positions, alignment);
what they share is in ``common.py``.

Every builder takes a part of a page dict and returns a Plotly figure as plain JSON,
``{"data": [...], "layout": {...}}``, or ``None`` when there is nothing to draw. The page
carries each figure in a ``<script type="application/json">`` block (data, never run) and
``static/charts.js`` draws it with the Plotly.js the package ships (``web/vendor.py``). The
static SVG of ``views/charts.py`` stays in the page as the no-JavaScript fallback.

Conventions the charts share: one colour per channel (``charts.CHANNEL_COLORS``); a period
without evidence is a gap in the line (``None`` between two periods that do not touch, and
``connectgaps`` off), never a line across it; hover texts are formatted here, so the browser
only draws; no ``<b>`` or ``<i>`` in any text, since Plotly turns them into ``style``
attributes, which the CSP refuses (use ``font.weight``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geostance.web.views.plots.common import BRUSH_EVIDENCE, CHANNELS, Figure, Point, count_ticks
from geostance.web.views.plots.events import balance_figure, mix_figure
from geostance.web.views.plots.say_do import (
    SayDoRow,
    answer_say_do_rows,
    dyad_say_do_rows,
    say_do_figure,
)
from geostance.web.views.plots.stance import channel_points, interval_band, stance_figure
from geostance.web.views.plots.votes import (
    alignment_figure,
    heatmap_figure,
    positions_figure,
    year_runs,
)


def plots(page: Mapping[str, Any]) -> dict[str, Figure]:
    """Every interactive chart of a page, derived from its dict alone (absent when empty)."""
    kind = page.get("page")
    out: dict[str, Figure | None] = {}
    if kind == "dyad":
        stance = page.get("stance") or {}
        out["stance"] = stance_figure(stance.get("series") or [], brush=True)
        out["saydo"] = say_do_figure(dyad_say_do_rows(stance))
        out["balance"] = balance_figure(page.get("balance"))
        out["mix"] = mix_figure(page.get("event_mix") or [], brush=True)
    elif kind == "answer" and page.get("answer"):
        answer = page["answer"]
        out["stance"] = stance_figure(answer.get("timeline") or [])
        out["saydo"] = say_do_figure(answer_say_do_rows(answer))
        out["balance"] = balance_figure(answer.get("balance"))
    elif kind == "votes":
        out["heatmap"] = heatmap_figure(page.get("matrix"))
        out["positions"] = positions_figure(page.get("positions") or [], page.get("states") or [])
    elif kind == "actor":
        out["alignment"] = alignment_figure(page.get("alignment") or [])
    return {k: v for k, v in out.items() if v is not None}


__all__ = [
    "BRUSH_EVIDENCE",
    "CHANNELS",
    "Figure",
    "Point",
    "SayDoRow",
    "alignment_figure",
    "answer_say_do_rows",
    "balance_figure",
    "channel_points",
    "count_ticks",
    "dyad_say_do_rows",
    "heatmap_figure",
    "interval_band",
    "mix_figure",
    "plots",
    "positions_figure",
    "say_do_figure",
    "stance_figure",
    "year_runs",
]
