"""The say-do gap: words and deeds side by side with their intervals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from geostance.web.views.charts import CHANNEL_COLORS
from geostance.web.views.plots.common import (
    STANCE_TICKS,
    Figure,
    _bound,
    _figure,
    _num,
    _score,
    interval_text,
    rgba,
)


@dataclass(frozen=True, slots=True)
class SayDoRow:
    """One row of the say-do chart: words and deeds of one source (or period), and the gap."""

    label: str
    words: Mapping[str, Any] | None
    deeds: Mapping[str, Any] | None
    gap: float | None = None
    low: float | None = None
    high: float | None = None


def dyad_say_do_rows(stance: Mapping[str, Any]) -> list[SayDoRow]:
    """The whole window, then each period of the period table."""
    rows = []
    overall = stance.get("overall")
    gap = stance.get("gap") or {}
    if isinstance(overall, Mapping):
        ch = overall.get("channels") or {}
        rows.append(
            SayDoRow(
                "whole window",
                ch.get("words"),
                ch.get("deeds"),
                _num(gap.get("gap")),
                _num(gap.get("low")),
                _num(gap.get("high")),
            )
        )
    for p in stance.get("periods") or []:
        ch = p.get("channels") or {}
        rows.append(SayDoRow(str(p.get("label")), ch.get("words"), ch.get("deeds")))
    return rows


def answer_say_do_rows(answer: Mapping[str, Any]) -> list[SayDoRow]:
    """The subject, then its peers: channel scores from the measures, gaps from ``gaps``."""
    gaps = {g.get("source"): g for g in answer.get("gaps") or [] if isinstance(g, Mapping)}
    rows = []
    for m in [answer.get("measure"), *(answer.get("peers") or [])]:
        if not isinstance(m, Mapping):
            continue
        ch = m.get("channels") or {}
        g = gaps.get(m.get("source")) or {}
        rows.append(
            SayDoRow(
                str(m.get("source")),
                ch.get("words"),
                ch.get("deeds"),
                _num(g.get("gap")),
                _num(g.get("low")),
                _num(g.get("high")),
            )
        )
    return rows


def say_do_figure(rows: Iterable[SayDoRow]) -> Figure | None:
    """Words and deeds side by side per row, joined where both are scored: the length of the
    join is the say-do gap. Needs at least one row with both channels."""
    kept = [r for r in rows if _score(r.words) is not None or _score(r.deeds) is not None]
    if not any(_score(r.words) is not None and _score(r.deeds) is not None for r in kept):
        return None
    join_x: list[Any] = []
    join_y: list[Any] = []
    for r in kept:
        w, d = _score(r.words), _score(r.deeds)
        if w is not None and d is not None:
            join_x += [w, d, None]
            join_y += [r.label, r.label, None]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": join_x,
            "y": join_y,
            "line": {"color": "#5f6b73", "width": 4},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    ]
    for ch in ("words", "deeds"):
        shown = [r for r in kept if _score(getattr(r, ch)) is not None]
        cs = [getattr(r, ch) for r in shown]
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": ch,
                "x": [_score(c) for c in cs],
                "y": [r.label for r in shown],
                "marker": {"color": CHANNEL_COLORS[ch], "size": 11},
                "error_x": {
                    "type": "data",
                    "symmetric": False,
                    "array": [_bound(c, "high", +1) for c in cs],
                    "arrayminus": [_bound(c, "low", -1) for c in cs],
                    "color": rgba(CHANNEL_COLORS[ch], 0.4),
                    "thickness": 1.5,
                    "width": 4,
                },
                "customdata": [
                    [interval_text(_num(c.get("low")), _num(c.get("high"))), c.get("n"), _gap(r)]
                    for r, c in zip(shown, cs, strict=True)
                ],
                "hovertemplate": (
                    f"%{{y}}: {ch} %{{x:+.2f}} %{{customdata[0]}} · n=%{{customdata[1]}}"
                    "<br>%{customdata[2]}<extra></extra>"
                ),
            }
        )
    return _figure(
        data,
        height=70 + 34 * len(kept),
        xaxis={"range": [-1.08, 1.08], "fixedrange": True, "zeroline": True, **STANCE_TICKS},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [r.label for r in kept],
            "autorange": "reversed",
            "fixedrange": True,
        },
        margin={"l": 120},
    )


def _gap(r: SayDoRow) -> str:
    w, d = _score(r.words), _score(r.deeds)
    if w is None or d is None:
        return "say–do gap: needs both words and deeds"
    gap = r.gap if r.gap is not None else w - d
    extra = f" {interval_text(r.low, r.high)}" if r.low is not None else ""
    return f"say–do gap (words − deeds) {gap:+.2f}{extra}"
