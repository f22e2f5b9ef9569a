"""The HTML report's charts as inline SVG strings (no scripts, no external resources): stance
over time per channel with its interval bands, horizontal bars from a zero line, the event mix
by QuadClass, and UN vote alignment by year; ``COLOURS`` gives each channel its colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from geostance.measures.stance import QUAD_NAMES, Measure
from geostance.reports.common import VoteItem, _num

COLOURS = {"words": "#1f77b4", "deeds": "#d62728", "votes": "#2ca02c"}


def svg_series(series: Sequence[Measure], width: int = 720, height: int = 240) -> str:
    """Stance over time per channel: lines with 95% interval bands, on a -1..+1 axis."""
    if not series:
        return '<p class="empty">No dated evidence to draw.</p>'
    pad_l, pad_r, pad_t, pad_b = 40, 90, 10, 40
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    n = len(series)

    def x(i: int) -> float:
        return pad_l + (w * (i + 0.5) / n)

    def y(v: float) -> float:
        return pad_t + h * (1 - (v + 1) / 2)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="stance over time">',
        f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>',
    ]
    for v in (-1, -0.5, 0.5, 1):
        parts.append(
            f'<text x="{pad_l - 4}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end">'
            f"{v:+g}</text>"
        )
    step = max(1, n // 12)
    for i, m in enumerate(series):
        if i % step == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 20}" font-size="10" '
                f'text-anchor="middle">{escape(m.period)}</text>'
            )
    for k, ch in enumerate(("words", "deeds", "votes")):
        pts = [(i, m.channel(ch)) for i, m in enumerate(series) if m.channel(ch).n]
        if not pts:
            continue
        colour = COLOURS[ch]
        upper = [f"{x(i):.1f},{y(c.high or 0):.1f}" for i, c in pts]
        lower = [f"{x(i):.1f},{y(c.low or 0):.1f}" for i, c in reversed(pts)]
        parts.append(
            f'<polygon points="{" ".join(upper + lower)}" fill="{colour}" fill-opacity="0.12"/>'
        )
        line = " ".join(f"{x(i):.1f},{y(c.score or 0):.1f}" for i, c in pts)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, c in pts:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(c.score or 0):.1f}" r="3" fill="{colour}">'
                f"<title>{ch} {escape(series[i].period)}: {_num(c.score)} "
                f"[{_num(c.low)}, {_num(c.high)}] n={c.n}</title></circle>"
            )
        parts.append(
            f'<text x="{pad_l + w + 8}" y="{pad_t + 14 + 16 * k}" font-size="12" '
            f'fill="{colour}">{ch}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_hbars(
    rows: Sequence[tuple[str, float, str]],
    *,
    lo: float = -1.0,
    hi: float = 1.0,
    width: int = 520,
    label: str = "chart",
) -> str:
    """Horizontal bars from a zero line: (label, value, colour) rows on a lo..hi axis."""
    if not rows:
        return '<p class="empty">Nothing to draw.</p>'
    pad_l, bar = 130, 18
    w = width - pad_l - 50
    height = 10 + len(rows) * (bar + 6) + 10

    def x(v: float) -> float:
        return pad_l + w * (max(lo, min(hi, v)) - lo) / (hi - lo)

    zero = x(max(lo, min(hi, 0.0)))
    parts = [
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">',
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="4" y2="{height - 4}" stroke="#999"/>',
    ]
    for k, (name, value, colour) in enumerate(rows):
        top = 10 + k * (bar + 6)
        x0, x1 = sorted((zero, x(value)))
        fmt = f"{value:+.2f}" if lo < 0 else f"{value:g}"
        parts.append(
            f'<text x="{pad_l - 6}" y="{top + 13}" font-size="12" text-anchor="end">'
            f"{escape(name)}</text>"
            f'<rect x="{x0:.1f}" y="{top}" width="{max(1.0, x1 - x0):.1f}" height="{bar}" '
            f'fill="{colour}"><title>{escape(name)}: {fmt}</title></rect>'
            f'<text x="{x1 + 4:.1f}" y="{top + 13}" font-size="11">{fmt}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_mix(m: Measure) -> str:
    """The event mix: counts by QuadClass, and negated events apart."""
    q = m.quad
    top = max([*q.counts, *q.negated, 1])
    colours = ("#6baed6", "#2171b5", "#fc9272", "#cb181d")
    rows = [(QUAD_NAMES[i + 1], float(q.counts[i]), colours[i]) for i in range(4)]
    rows.append(("negated (not done)", float(sum(q.negated)), "#969696"))
    return svg_hbars(rows, lo=0.0, hi=float(top), label="event mix")


def svg_votes(votes: Sequence[VoteItem], width: int = 720) -> str:
    """Vote alignment by year: stacked columns for, against, neither (abstain/absent)."""
    if not votes:
        return '<p class="empty">No UN votes on resolutions about the target.</p>'
    years: dict[int, list[int]] = {}
    for v in votes:
        if v.date is None:
            continue
        row = years.setdefault(v.date.year, [0, 0, 0])
        row[{"for": 0, "against": 1}.get(v.favours, 2)] += 1
    if not years:
        return '<p class="empty">No dated UN votes.</p>'
    keys = sorted(years)
    height, pad_l, pad_b = 200, 30, 30
    colw = max(4.0, (width - pad_l - 10) / len(keys))
    top = max(sum(r) for r in years.values())
    parts = [
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="vote alignment">'
    ]
    colours = ("#2ca02c", "#d62728", "#bbbbbb")
    names = ("for the target", "against", "abstain/absent")
    step = max(1, len(keys) // 12)
    for i, yr in enumerate(keys):
        base = float(height - pad_b)
        for k, count in enumerate(years[yr]):
            hh = (height - pad_b - 10) * count / top
            base -= hh
            if count:
                parts.append(
                    f'<rect x="{pad_l + i * colw:.1f}" y="{base:.1f}" width="{colw * 0.8:.1f}" '
                    f'height="{hh:.1f}" fill="{colours[k]}"><title>{yr}: {count} '
                    f"{names[k]}</title></rect>"
                )
        if i % step == 0:
            parts.append(
                f'<text x="{pad_l + i * colw + colw * 0.4:.1f}" y="{height - 10}" '
                f'font-size="10" text-anchor="middle">{yr}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
