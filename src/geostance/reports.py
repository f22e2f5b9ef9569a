"""Rendering typed results: dicts for JSON, plain text, Markdown and a self-contained HTML report.

Pure formatting: nothing here reads the store or the network. The HTML report needs no
network and no JavaScript to view: charts are inline SVG drawn here, styles are inline, and
every piece of document text is escaped with ``html.escape``. Links to documents are only
emitted for http(s) URLs (a ``javascript:`` or odd URL in a stored document becomes text);
every verdict links to the anchors of its evidence sentences in the report's evidence list.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any, TypeAlias

from geostance.measures.shifts import Period
from geostance.measures.stance import QUAD_NAMES, ChannelScore, Gap, Measure

# The result types live in ``answers`` and ``summarise``, siblings this module may not import
# (import-linter keeps the three output modules independent); they are read by attribute.
Answer: TypeAlias = Any
Comparison: TypeAlias = Any
Report: TypeAlias = Any
Summary: TypeAlias = Any
Brief: TypeAlias = Any
EvidenceItem: TypeAlias = Any
Hit: TypeAlias = Any
VoteItem: TypeAlias = Any
ChannelVerdict: TypeAlias = Any

FORMATS = ("text", "markdown", "json")
COLOURS = {"words": "#1f77b4", "deeds": "#d62728", "votes": "#2ca02c"}


def to_json(obj: Any) -> str:
    """Any typed result (with ``to_dict``) or list of them as indented JSON."""
    if isinstance(obj, list | tuple):
        data: Any = [o.to_dict() for o in obj]
    else:
        data = obj.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def render(obj: Any, format: str = "text") -> str:
    """Render an Answer, Comparison, Summary, Brief or Report as text, markdown or json."""
    format = "markdown" if format == "md" else format
    if format not in FORMATS:
        raise ValueError(f"format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "json":
        return to_json(obj)
    table: dict[str, tuple[Callable[[Any], str], Callable[[Any], str]]] = {
        "Answer": (answer_text, answer_markdown),
        "Comparison": (comparison_text, comparison_markdown),
        "Summary": (summary_text, summary_markdown),
        "Brief": (brief_text, brief_markdown),
        "Report": (report_markdown, report_markdown),
    }
    kind = type(obj).__name__
    if kind not in table:
        raise ValueError(
            f"cannot render a {kind}; give an Answer, Comparison, Summary, Brief or Report"
        )
    text_fn, md_fn = table[kind]
    return text_fn(obj) if format == "text" else md_fn(obj)


# -- small helpers -------------------------------------------------------------------------


def _num(x: float | None, signed: bool = True) -> str:
    if x is None:
        return "–"
    return f"{x:+.2f}" if signed else f"{x:.2f}"


def _date(d: dt.date | None) -> str:
    return d.isoformat() if d else "undated"


def _when(e: Any) -> str:
    """An evidence item's date at its precision: 1988, 2024-04, 1990–1999, 2024-04-18."""
    d = getattr(e, "date", None)
    if d is None:
        return "undated"
    precision = getattr(e, "date_precision", "day")
    end = getattr(e, "date_end", None)
    if precision == "year":
        return f"{d.year}"
    if precision == "month":
        return f"{d.year}-{d.month:02d}"
    if precision == "range" and end is not None:
        return f"{d.isoformat()}–{end.isoformat()}"
    return str(d.isoformat())


def _cite(e: EvidenceItem | Hit | Any) -> str:
    title = getattr(e, "title", None) or getattr(e, "origin", "") or getattr(e, "doc_id", "")
    return f"{title}, {_when(e)}, {e.link or e.doc_id}"


def _evidence_line(e: EvidenceItem) -> str:
    flag = "NEGATED (reported as not done): " if e.negated else ""
    mod = "" if e.modality == "asserted" else f" [{e.modality}]"
    return f'{flag}"{e.sentence}"{mod} — {_cite(e)}'


def _score_cells(c: ChannelScore) -> str:
    if c.n == 0:
        return "–"
    return f"{_num(c.score)} [{_num(c.low)}, {_num(c.high)}] n={c.n}"


# -- text and markdown ---------------------------------------------------------------------


def answer_text(a: Answer) -> str:
    """An answer as plain text: headline, channel verdicts, peers, timeline, evidence."""
    out = [a.question.text, "", a.headline, ""]
    for r in a.rollcalls:
        out.append(f"  {r.body} {r.label} {_date(r.date)}: {r.outcome or '?'}"
                   f"{', ' + r.tally if r.tally else ''} — {r.title}"
                   f"{' — ' + r.url if _safe_url(r.url) else ''}")  # fmt: skip
    for i, part in enumerate(a.parts, 1):
        body = answer_text(part).rstrip("\n").split("\n")[:-1]  # its own method line dropped
        out += [f"({i}) " + body[0], *("    " + x for x in body[1:]), ""]
    for v in a.channels:
        out.append(f"  {_heading(v) + (':' if getattr(v, 'source', None) else ''):6} {v.text}")
    if a.peers:
        out += ["", "Side by side (score [95% interval] n):"]
        for m in ((a.measure,) if a.measure else ()) + a.peers:
            name = a.question.name(m.source)
            cells = "  ".join(f"{c.channel} {_score_cells(c)}" for c in m.channels)
            out.append(f"  {name:16} {cells}")
    if a.periods:
        out += ["", "Periods:"]
        out += [f"  {p.label}: {p.description} (score {_num(p.score)}, n={p.n})" for p in a.periods]
    if a.votes:
        out += ["", "UN votes:"]
        for vote in a.votes[:10]:
            out.append(
                f"  {_date(vote.date)} {vote.body} {vote.symbol} {vote.vote} ({vote.favours}) "
                f"{vote.title}"
            )
    if a.evidence:
        out += ["", "Evidence:"]
        out += [f"  [{i}] {_evidence_line(e)}" for i, e in enumerate(a.evidence, 1)]
    if a.hits:
        out += ["", "Most relevant sentences:"]
        out += [f'  [{i}] "{h.sentence}" — {_cite(h)}' for i, h in enumerate(a.hits, 1)]
    if a.notes:
        out += ["", *(f"Note: {n}" for n in a.notes)]
    out += ["", f"method: {a.method}"]
    return "\n".join(out) + "\n"


def _heading(v: ChannelVerdict) -> str:
    """A verdict's label: its channel, or 'Russia (votes)' when it names its state."""
    return str(getattr(v, "heading", v.channel))


def _md_notes(notes: Iterable[str]) -> list[str]:
    """Notes as a block quote, one paragraph each (adjacent ``>`` lines would run together)."""
    out: list[str] = []
    for n in notes:
        out += [">", f"> {_md(n)}"] if out else [f"> {_md(n)}"]
    return out


def _md(text: str) -> str:
    """Escape Markdown's active characters in document text (and HTML in it)."""
    text = escape(text, quote=False)
    for ch in "\\`*_[]|<>#":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def _md_link(label: str, url: str | None) -> str:
    return f"[{_md(label)}]({url})" if _safe_url(url) else _md(label)


def answer_markdown(
    a: Answer, *, detail: bool = True, shown: Sequence[str] = (), cite: Sequence[Any] = ()
) -> str:
    """An answer as Markdown; evidence numbered and linked to its documents.

    Inside a report (``detail=False``) the tables the report shows once (peers, periods,
    votes, evidence) are left out, notes and verdicts in ``shown`` are not repeated, and the
    evidence is cited by its number in ``cite`` (the report's evidence list).
    """
    out = [f"## {_md(a.question.text)}", "", f"**{_md(a.headline)}**", ""]
    if a.rollcalls:
        out += [
            "| resolution | date | body | outcome | tally | votes |",
            "|---|---|---|---|---|---|",
        ]
        for r in a.rollcalls:
            votes = "; ".join(f"{n}: {v}" for _a, n, v in r.votes) or "; ".join(
                f"{k}: {', '.join(names)}" for k, names in r.groups.items()
            )
            out.append(f"| {_md_link(r.label, r.url)} | {_date(r.date)} | {r.body} | "
                       f"{_md(r.outcome)} | {r.tally or '–'} | {_md(votes)} |")  # fmt: skip
        out.append("")
    for part in a.parts:
        out += [answer_markdown(part).replace("## ", "### ", 1), ""]
    out += [
        f"- **{_md(_heading(v))}**: {_md(v.text)}"
        for v in a.channels
        if detail or v.text not in shown
    ]
    if not detail:
        while out[-1] == "":
            out.pop()
        anchors = [getattr(e, "anchor", None) for e in cite]
        numbers = [anchors.index(e.anchor) + 1 for e in a.evidence if e.anchor in anchors]
        if numbers:
            out += ["", "Evidence: " + ", ".join(f"[{i}]" for i in numbers) + " (below)."]
        notes = [n for n in a.notes if n not in shown]
        if notes:
            out += ["", *_md_notes(notes)]
        return "\n".join(out) + "\n"
    if a.peers:
        out += ["", _measure_table_md(((a.measure,) if a.measure else ()) + a.peers, a)]
    if a.periods:
        out += ["", "| period | reading | score | n |", "|---|---|---|---|"]
        out += [
            f"| {p.label} | {_md(p.description)} | {_num(p.score)} | {p.n} |" for p in a.periods
        ]
    if a.votes:
        out += [
            "",
            "| date | body | resolution | vote | for the target? |",
            "|---|---|---|---|---|",
        ]
        out += _votes_md(a.votes)
    if a.evidence:
        out += ["", "### Evidence", ""]
        for i, e in enumerate(a.evidence, 1):
            flag = "**negated** " if e.negated else ""
            title = e.title or e.origin or e.doc_id
            out.append(f'{i}. {flag}"{_md(e.sentence)}" — {_md_link(title, e.link)}, {_when(e)}')
    if a.hits:
        out += ["", "### Most relevant sentences", ""]
        for i, h in enumerate(a.hits, 1):
            title = h.title or h.origin or h.doc_id
            out.append(f'{i}. "{_md(h.sentence)}" — {_md_link(title, h.link)}, {_date(h.date)}')
    if a.notes:
        out += ["", *_md_notes(a.notes)]
    out += ["", f"<sub>method {a.method}</sub>", ""]
    return "\n".join(out)


#: Votes a Markdown answer or report lists; the rest are counted (and are in the JSON).
MD_VOTES = 20


def _votes_md(votes: Sequence[VoteItem]) -> list[str]:
    """The vote table rows (newest first as given), at most MD_VOTES, and a count of the rest."""
    rows = [
        f"| {_date(v.date)} | {v.body} | {_md_link(v.symbol, v.url)} | {v.vote} | {v.favours} |"
        for v in votes[:MD_VOTES]
    ]
    if len(votes) > MD_VOTES:
        rows += ["", f"{len(votes) - MD_VOTES} more votes not listed (all are in `--format json`)."]
    return rows


def _measure_table_md(rows: Iterable[Measure], a: Answer | Comparison | None = None) -> str:
    def name(s: str) -> str:
        if a is None:
            return s
        if hasattr(a, "question"):
            return str(a.question.name(s))
        return str(a.names.get(s, s))

    out = ["| state | words | deeds | votes | say–do gap |", "|---|---|---|---|---|"]
    for m in rows:
        cells = " | ".join(_score_cells(c) for c in m.channels)
        out.append(f"| {_md(name(m.source))} | {cells} | {_num(m.gap)} |")
    return "\n".join(out)


def comparison_text(c: Comparison) -> str:
    target = c.names.get(c.target, c.target)
    out = [f"Toward {target} (score [95% interval] n):"]
    for m in c.rows:
        cells = "  ".join(f"{ch.channel} {_score_cells(ch)}" for ch in m.channels)
        out.append(f"  {c.names.get(m.source, m.source):16} {cells}  gap {_num(m.gap)}")
    out += [f"Note: {n}" for n in c.notes]
    return "\n".join(out) + "\n"


def comparison_markdown(c: Comparison) -> str:
    target = c.names.get(c.target, c.target)
    notes = [f"> {_md(n)}" for n in c.notes]
    return "\n".join([f"## Toward {_md(target)}", "", _measure_table_md(c.rows, c), "", *notes])


def summary_text(s: Summary) -> str:
    head = s.title or s.origin or s.doc_id
    out = [f"{head} ({_date(s.date)}) — {len(s.sentences)} of {s.total_sentences} sentences", ""]
    out += [f"[{x.index}] {x.text}" for x in s.sentences] or ["(no sentences)"]
    if s.events:
        out += ["", "Key events:"]
        out += [f"  {_event_line(e)}" for e in s.events]
    return "\n".join(out) + "\n"


def _event_line(e: Any) -> str:
    neg = "NOT " if e.negated else ""
    quad = QUAD_NAMES.get(e.quad_class, "?")
    where = f" (sentence {e.sentence_index})" if e.sentence_index is not None else ""
    return f"{e.source} {neg}{e.trigger} -> {e.target or '?'}: CAMEO {e.cameo}, {quad}{where}"


def summary_markdown(s: Summary) -> str:
    head = _md_link(s.title or s.origin or s.doc_id, s.url)
    out = [f"## Summary: {head}", "", f"{len(s.sentences)} of {s.total_sentences} sentences", ""]
    out += [f"- {_md(x.text)}" for x in s.sentences]
    if s.events:
        out += ["", "### Key events", ""] + [f"- {_md(_event_line(e))}" for e in s.events]
    return "\n".join(out) + "\n"


def brief_text(b: Brief) -> str:
    since = f" since {b.since.isoformat()}" if b.since else ""
    out = [f"Brief: {b.source} -> {b.target}{since} ({b.documents} documents)", ""]
    if not b.sentences:
        out.append("No events between them in the store; nothing to brief.")
    out += [f'[{i}] "{x.text}" — {_cite(x)}' for i, x in enumerate(b.sentences, 1)]
    return "\n".join(out) + "\n"


def brief_markdown(b: Brief) -> str:
    since = f" since {b.since.isoformat()}" if b.since else ""
    out = [f"## Brief: {b.source} → {b.target}{since}", ""]
    if not b.sentences:
        out.append("No events between them in the store; nothing to brief.")
    for i, x in enumerate(b.sentences, 1):
        link = _md_link(x.title or x.origin or x.doc_id, x.link)
        out.append(f'{i}. "{_md(x.text)}" — {link}, {_date(x.date)}')
    return "\n".join(out) + "\n"


def hits_text(hits: Sequence[Hit]) -> str:
    if not hits:
        return "No matching sentences.\n"
    return "\n".join(f'[{i}] "{h.sentence}" — {_cite(h)}' for i, h in enumerate(hits, 1)) + "\n"


def report_markdown(r: Report) -> str:
    """The dyad report as Markdown (charts are in the HTML form only)."""
    s, t = r.names.get(r.source, r.source), r.names.get(r.target, r.target)
    st = r.stance
    shown = tuple(dict.fromkeys((*r.notes, *st.notes)))
    out = [f"# {_md(s)} and {_md(t)}: where it stands", "", *_md_notes(shown), ""]
    if r.qa:
        out += ["## Questions and answers", ""]
    said: list[str] = []  # verdicts already given by an earlier answer
    for a in r.qa:
        text = answer_markdown(a, detail=False, shown=(*shown, *said), cite=r.evidence)
        out += [text.replace("## ", "### ", 1)]
        said += [v.text for v in a.channels]
    out += ["## Overall", "", _measure_table_md((st.overall,), r.peers), ""]
    out += ["## Side by side", "", _measure_table_md(r.peers.rows, r.peers), ""]
    if st.periods:
        out += [
            "## Periods",
            "",
            "| period | reading | words | deeds | votes |",
            "|---|---|---|---|---|",
        ]
        for p in st.periods:
            cells = " | ".join(_score_cells(c) for c in (p.words, p.deeds, p.votes))
            out.append(f"| {p.label} | {_md(p.description)} | {cells} |")
        out.append("")
    if r.balance:
        out += ["## Balance", "", _md(r.balance.verdict), ""]
    if r.votes:
        out += [
            f"## UN votes ({len(r.votes)})",
            "",
            "| date | body | resolution | vote | for the target? |",
            "|---|---|---|---|---|",
            *_votes_md(r.votes),
            "",
        ]
    out += ["## Evidence", ""]
    for i, e in enumerate(r.evidence, 1):
        flag = "**negated** " if e.negated else ""
        title = e.title or e.origin or e.doc_id
        out.append(f'{i}. {flag}"{_md(e.sentence)}" — {_md_link(title, e.link)}, {_when(e)}')
    out += ["", f"<sub>method {r.method}</sub>", ""]
    return "\n".join(out)


# -- HTML and SVG --------------------------------------------------------------------------


def _safe_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def _a(label: str, url: str | None) -> str:
    """A link to a document (escaped), or the escaped label when the URL is not http(s)."""
    if _safe_url(url):
        assert url is not None
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(label)}</a>'
    return escape(label)


def _refs(items: Sequence[EvidenceItem], keep: Callable[[EvidenceItem], bool]) -> str:
    """Superscript links to the evidence anchors that back a claim."""
    links = [f'<a href="#{escape(e.anchor)}">[{i}]</a>' for i, e in enumerate(items, 1) if keep(e)]
    return f' <span class="refs">{" ".join(links[:6])}</span>' if links else ""


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


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:980px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .5em;
font-size:.92em;text-align:left}th{background:#f5f5f5}.refs a{font-size:.8em;text-decoration:none}
.neg{color:#7a4b00;font-weight:600}.note{color:#555;font-style:italic}.empty{color:#777}
ol.evidence li{margin:.4em 0}ol.evidence li:target{background:#fff3bf}
.thin{color:#a33}.headline{font-size:1.1em;font-weight:600}
"""


def _verdict_html(v: ChannelVerdict, evidence: Sequence[EvidenceItem]) -> str:
    thin = ' <span class="thin">(thin)</span>' if v.thin else ""

    def keep(e: EvidenceItem) -> bool:
        verbal = e.quad_class in (1, 3)
        return (v.channel == "words" and verbal) or (v.channel == "deeds" and not verbal)

    return f"<li><b>{escape(_heading(v))}</b>: {escape(v.text)}{thin}{_refs(evidence, keep)}</li>"


def _measure_rows_html(rows: Sequence[Measure], names: dict[str, str]) -> str:
    head = "<tr><th>state</th><th>words</th><th>deeds</th><th>votes</th><th>say–do gap</th></tr>"
    body = "".join(
        f"<tr><td>{escape(names.get(m.source, m.source))}</td>"
        + "".join(f"<td>{escape(_score_cells(c))}</td>" for c in m.channels)
        + f"<td>{_num(m.gap)}</td></tr>"
        for m in rows
    )
    return f"<table>{head}{body}</table>"


def _periods_html(periods: Sequence[Period], evidence: Sequence[EvidenceItem]) -> str:
    if not periods:
        return '<p class="empty">No dated evidence: no periods.</p>'
    head = (
        "<tr><th>period</th><th>from</th><th>to</th><th>reading</th><th>words</th><th>deeds</th>"
        "<th>votes</th></tr>"
    )
    rows = []
    for p in periods:

        def inside(e: EvidenceItem, p: Period = p) -> bool:
            return (
                e.date is not None
                and (p.start is None or e.date >= p.start)
                and (p.end is None or e.date <= p.end)
            )

        cells = "".join(f"<td>{escape(_score_cells(c))}</td>" for c in (p.words, p.deeds, p.votes))
        rows.append(
            f"<tr><td>{escape(p.label)}</td><td>{_date(p.start) if p.start else '…'}</td>"
            f"<td>{_date(p.end) if p.end else '…'}</td><td>{escape(p.description)}"
            f"{_refs(evidence, inside)}</td>{cells}</tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _votes_html(votes: Sequence[VoteItem]) -> str:
    if not votes:
        return ""
    head = "<tr><th>date</th><th>body</th><th>resolution</th><th>vote</th><th>for target?</th>"
    head += "<th>title</th></tr>"
    rows = "".join(
        f"<tr><td>{_date(v.date)}</td><td>{escape(v.body)}</td><td>{_a(v.symbol, v.url)}</td>"
        f"<td>{escape(v.vote)}</td><td>{escape(v.favours)}</td><td>{escape(v.title)}</td></tr>"
        for v in votes[:40]
    )
    more = (
        f'<p class="note">{len(votes) - 40} more votes not listed.</p>' if len(votes) > 40 else ""
    )
    return f"<table>{head}{rows}</table>{more}"


def _evidence_html(items: Sequence[EvidenceItem]) -> str:
    if not items:
        return '<p class="empty">No evidence sentences: nothing in the store supports a claim.</p>'
    lis = []
    for e in items:
        neg = '<span class="neg">negated (reported as not done):</span> ' if e.negated else ""
        mod = f" <i>[{escape(e.modality)}]</i>" if e.modality != "asserted" else ""
        title = e.title or e.origin or e.doc_id
        lis.append(
            f'<li id="{escape(e.anchor)}">{neg}“{escape(e.sentence)}”{mod}<br>'
            f"<small>{_a(title, e.link)} · {_when(e)} · {escape(e.source)} → "
            f"{escape(e.target or '?')} · {escape(e.action)} (CAMEO {escape(e.cameo)}) · "
            f"doc {escape(e.doc_id[:12])} chars {e.start}–{e.end}</small></li>"
        )
    return f'<ol class="evidence">{"".join(lis)}</ol>'


def _qa_html(a: Answer, evidence: Sequence[EvidenceItem], shown: Sequence[str] = ()) -> str:
    """One question and its answer; notes already shown at the top are not repeated."""
    items = "".join(_verdict_html(v, evidence) for v in a.channels)
    wanted = {e.anchor for e in a.evidence}
    refs = _refs(evidence, lambda e: e.anchor in wanted)
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in a.notes if n not in shown)
    return (
        f'<h3>{escape(a.question.text)}</h3><p class="headline">{escape(a.headline)}{refs}</p>'
        f"<ul>{items}</ul>{notes}"
    )


def _gap_rows(gaps: Sequence[Gap], names: dict[str, str]) -> list[tuple[str, float, str]]:
    return [
        (names.get(g.source, g.source), g.gap, "#9467bd" if g.gap >= 0 else "#8c564b")
        for g in gaps
        if g.gap is not None
    ]


def report_html(r: Report) -> str:
    """The dyad report as one self-contained HTML page (no scripts, no external resources)."""
    names = dict(r.names)
    s, t = names.get(r.source, r.source), names.get(r.target, r.target)
    st = r.stance
    ev = r.evidence
    overall = st.overall
    gap_rows = _gap_rows(r.peers.gaps, names)
    bal = ""
    if r.balance:
        b = r.balance
        rows = [
            (f"{b.a.target} words", b.a.words.score or 0.0, COLOURS["words"]),
            (f"{b.a.target} deeds", b.a.deeds.score or 0.0, COLOURS["deeds"]),
            (f"{b.b.target} words", b.b.words.score or 0.0, COLOURS["words"]),
            (f"{b.b.target} deeds", b.b.deeds.score or 0.0, COLOURS["deeds"]),
        ]
        share = "–" if b.coop_share_a is None else f"{b.coop_share_a:.0%}"
        bal = (
            f"<h2>Balance: {escape(b.a.target)} and {escape(b.b.target)}</h2>"
            f"<p>{escape(b.verdict)}. Share of cooperative acts going to {escape(b.a.target)}: "
            f"{share}.{_refs(ev, lambda e: e.target in (b.a.target, b.b.target))}</p>"
            + svg_hbars(rows, label="balance")
        )
    notes = "".join(
        f'<p class="note">{escape(n)}</p>' for n in dict.fromkeys((*r.notes, *st.notes))
    )
    qa = "".join(_qa_html(a, ev, (*r.notes, *st.notes)) for a in r.qa)
    gap = st.gap
    gap_text = (
        "words or deeds missing: no gap to measure"
        if gap is None or gap.gap is None
        else f"words {_num(gap.words)} minus deeds {_num(gap.deeds)} = {_num(gap.gap)} "
        f"(box {_num(gap.low)} to {_num(gap.high)})"
    )
    title = f"{s} and {t}: where it stands"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{escape(title)}</title><meta name="viewport" '
        'content="width=device-width,initial-scale=1">'
        f"<style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>{notes}"
        f"<h2>Questions and answers</h2>{qa or '<p class=empty>No questions answered.</p>'}"
        f"<h2>Overall</h2>{_measure_rows_html((overall,), names)}"
        f"<h2>Stance over time</h2>{svg_series(st.series)}"
        f"<h2>Periods</h2>{_periods_html(st.periods, ev)}"
        f"<h2>Say–do gap</h2><p>{escape(gap_text)}.{_refs(ev, lambda e: True)}</p>"
        + svg_hbars(gap_rows, lo=-2.0, hi=2.0, label="say-do gap by state")
        + f"<h2>Peers side by side</h2>{_measure_rows_html(r.peers.rows, names)}"
        f"<h2>Event mix</h2>{svg_mix(overall)}"
        f"<h2>UN votes</h2>{svg_votes(r.votes)}{_votes_html(r.votes)}"
        f"{bal}"
        f'<h2 id="evidence">Evidence</h2>{_evidence_html(ev)}'
        f'<p class="note">method {escape(r.method)}; scores in [-1, 1] with 95% intervals; '
        "negated events are listed but not scored.</p></body></html>\n"
    )
