"""Results as Markdown: an answer (on its own, or inside a report citing the report's evidence
list), a comparison, a summary, a brief and the dyad report; document text is escaped
(``_md``) and only http(s) URLs are linked. Charts are in the HTML form only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from geostance.measures.stance import Measure
from geostance.reports.common import (
    Answer,
    Brief,
    Comparison,
    Report,
    Summary,
    VoteItem,
    _date,
    _event_line,
    _heading,
    _num,
    _safe_url,
    _score_cells,
    _when,
)


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


def comparison_markdown(c: Comparison) -> str:
    target = c.names.get(c.target, c.target)
    notes = [f"> {_md(n)}" for n in c.notes]
    return "\n".join([f"## Toward {_md(target)}", "", _measure_table_md(c.rows, c), "", *notes])


def summary_markdown(s: Summary) -> str:
    head = _md_link(s.title or s.origin or s.doc_id, s.url)
    out = [f"## Summary: {head}", "", f"{len(s.sentences)} of {s.total_sentences} sentences", ""]
    out += [f"- {_md(x.text)}" for x in s.sentences]
    if s.events:
        out += ["", "### Key events", ""] + [f"- {_md(_event_line(e))}" for e in s.events]
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
