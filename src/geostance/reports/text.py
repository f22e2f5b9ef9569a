"""Results as plain text, what the CLI prints by default: an answer (headline, channel
verdicts, peers, periods, votes, evidence), a comparison, a document's summary, a brief and
search hits.
"""

from __future__ import annotations

from collections.abc import Sequence

from geostance.reports.common import (
    Answer,
    Brief,
    Comparison,
    Hit,
    Summary,
    _cite,
    _date,
    _event_line,
    _evidence_line,
    _heading,
    _num,
    _safe_url,
    _score_cells,
)


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


def comparison_text(c: Comparison) -> str:
    target = c.names.get(c.target, c.target)
    out = [f"Toward {target} (score [95% interval] n):"]
    for m in c.rows:
        cells = "  ".join(f"{ch.channel} {_score_cells(ch)}" for ch in m.channels)
        out.append(f"  {c.names.get(m.source, m.source):16} {cells}  gap {_num(m.gap)}")
    out += [f"Note: {n}" for n in c.notes]
    return "\n".join(out) + "\n"


def summary_text(s: Summary) -> str:
    head = s.title or s.origin or s.doc_id
    out = [f"{head} ({_date(s.date)}) — {len(s.sentences)} of {s.total_sentences} sentences", ""]
    out += [f"[{x.index}] {x.text}" for x in s.sentences] or ["(no sentences)"]
    if s.events:
        out += ["", "Key events:"]
        out += [f"  {_event_line(e)}" for e in s.events]
    return "\n".join(out) + "\n"


def brief_text(b: Brief) -> str:
    since = f" since {b.since.isoformat()}" if b.since else ""
    out = [f"Brief: {b.source} -> {b.target}{since} ({b.documents} documents)", ""]
    if not b.sentences:
        out.append("No events between them in the store; nothing to brief.")
    out += [f'[{i}] "{x.text}" — {_cite(x)}' for i, x in enumerate(b.sentences, 1)]
    return "\n".join(out) + "\n"


def hits_text(hits: Sequence[Hit]) -> str:
    if not hits:
        return "No matching sentences.\n"
    return "\n".join(f'[{i}] "{h.sentence}" — {_cite(h)}' for i, h in enumerate(hits, 1)) + "\n"
