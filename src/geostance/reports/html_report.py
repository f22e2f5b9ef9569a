"""The dyad report as one self-contained HTML page: inline styles and SVG charts, every piece
of document text escaped, links only to http(s) URLs, and each verdict, period and claim
linked to the anchors of its evidence sentences in the report's evidence list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from geostance.measures.shifts import Period
from geostance.measures.stance import Gap, Measure
from geostance.reports.charts import COLOURS, svg_hbars, svg_mix, svg_series, svg_votes
from geostance.reports.common import (
    Answer,
    ChannelVerdict,
    EvidenceItem,
    Report,
    VoteItem,
    _date,
    _heading,
    _num,
    _safe_url,
    _score_cells,
    _when,
)


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
