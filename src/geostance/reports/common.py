"""What every form of a report shares: the names of the result types it reads by attribute,
and the small helpers that write one value the same way in text, Markdown and HTML (a score
with its interval, a date at its precision, a citation, an evidence line, a verdict's heading,
an event's line) and decide whether a URL may be linked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeAlias

from geostance.measures.stance import QUAD_NAMES, ChannelScore

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


def _heading(v: ChannelVerdict) -> str:
    """A verdict's label: its channel, or 'Russia (votes)' when it names its state."""
    return str(getattr(v, "heading", v.channel))


def _event_line(e: Any) -> str:
    neg = "NOT " if e.negated else ""
    quad = QUAD_NAMES.get(e.quad_class, "?")
    where = f" (sentence {e.sentence_index})" if e.sentence_index is not None else ""
    return f"{e.source} {neg}{e.trigger} -> {e.target or '?'}: CAMEO {e.cameo}, {quad}{where}"


def _safe_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))
