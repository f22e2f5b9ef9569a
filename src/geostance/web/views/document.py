"""The document page: the text cut into segments, coded sentences carrying their events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from geostance.measures.stance import CAMEO_ROOTS
from geostance.models import Event
from geostance.web.views.common import (
    QUAD_NAMES,
    DocRef,
    EvidenceRow,
    _channel,
    _Model,
    _names,
    doc_ref,
    evidence_row,
    plain,
)


class Segment(_Model):
    start: int
    end: int
    text: str
    event_ids: list[str]
    hover: str | None
    triggers: list[list[int]]


class KeyEventRow(_Model):
    """A summary's key event as a reader sees it: who did what to whom, when, and where."""

    source: str
    source_name: str
    target: str | None
    target_name: str | None
    action: str
    trigger: str
    cameo: str
    quad_name: str
    negated: bool
    date: str | None
    date_precision: str = "day"
    date_end: str | None = None
    sentence: str | None
    link: str | None


class DocumentPage(_Model):
    page: str
    document: DocRef
    text_length: int
    segments: list[Segment]
    events: list[EvidenceRow]
    summary: dict[str, Any] | None
    summary_error: str | None
    #: The summary's key events, readable (the raw ones are in ``summary.events``).
    key_events: list[KeyEventRow] = []


def document(g: Any, doc_id: str, *, summary: int | None = None) -> dict[str, Any] | None:
    """The text cut into segments, each coded sentence carrying its events; None if unknown."""
    doc = g.document(doc_id)
    if doc is None:
        return None
    events = g.events(doc_id=doc.id)
    summary_value, summary_error = None, None
    if summary:
        n = max(1, min(int(summary), 20))
        summary_value, summary_error = _channel(g, "summarize", doc.id, sentences=n)
    titles = {doc.id: doc.title or doc.origin}
    summary_dict = plain(summary_value) if summary_value is not None else None
    page = DocumentPage(
        page="document",
        document=doc_ref(doc),
        text_length=len(doc.text),
        segments=segments(doc.text, events),
        events=[evidence_row(e, titles) for e in events],
        summary=summary_dict,
        summary_error=summary_error,
        key_events=key_events(g, (summary_dict or {}).get("events") or [], events),
    )
    return page.model_dump()


def key_events(
    g: Any, raw: Sequence[Mapping[str, Any]], events: Sequence[Event]
) -> list[KeyEventRow]:
    """A summary's key events with actor names, the act in words and a link to the sentence
    that states each (when it is one of the document's stored events)."""
    by_id = {e.id: e for e in events}
    names = _names(g, [x for k in raw for x in (k.get("source"), k.get("target")) if x])
    rows = []
    for k in raw:
        event = by_id.get(str(k.get("event_id")))
        root = str(k.get("cameo", ""))[:2]
        target = k.get("target")
        rows.append(
            KeyEventRow(
                source=str(k.get("source")),
                source_name=names.get(str(k.get("source")), str(k.get("source"))),
                target=target,
                target_name=names.get(target, target) if target else None,
                action=CAMEO_ROOTS.get(root, f"CAMEO {k.get('cameo')}"),
                trigger=str(k.get("trigger", "")),
                cameo=str(k.get("cameo", "")),
                quad_name=QUAD_NAMES.get(int(k.get("quad_class") or 0), "other"),
                negated=bool(k.get("negated")),
                date=k.get("date"),
                date_precision=(event.date_precision if event else None) or "day",
                date_end=event.date_end.isoformat() if event and event.date_end else None,
                sentence=event.sentence if event else None,
                link=f"#ev-{event.id}" if event else None,
            )
        )
    return rows


def _hover(events: Sequence[Event]) -> str:
    parts = []
    for e in events:
        date = e.date.isoformat() if e.date else "undated"
        neg = " (negated)" if e.negated else ""
        parts.append(f"CAMEO {e.cameo}{neg} · {e.source} → {e.target or '?'} · {date}")
    return "\n".join(parts)


def segments(text: str, events: Sequence[Event]) -> list[Segment]:
    """Cut the text at coded sentences: plain runs and marked sentences, covering it all.

    Overlapping sentence spans (never expected, but the data are outside input) are merged
    into the first one; spans outside the text are ignored.
    """
    by_span: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in events:
        if 0 <= e.sentence_start < e.sentence_end <= len(text):
            by_span[(e.sentence_start, e.sentence_end)].append(e)
    out: list[Segment] = []
    pos = 0
    for (start, end), evs in sorted(by_span.items()):
        if start < pos:
            continue
        if start > pos:
            out.append(
                Segment(
                    start=pos,
                    end=start,
                    text=text[pos:start],
                    event_ids=[],
                    hover=None,
                    triggers=[],
                )
            )
        triggers = sorted(
            {
                (e.trigger_start - start, e.trigger_end - start)
                for e in evs
                if start <= e.trigger_start < e.trigger_end <= end
            }
        )
        out.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                event_ids=[e.id for e in evs],
                hover=_hover(evs),
                triggers=[list(t) for t in _disjoint(triggers)],
            )
        )
        pos = end
    if pos < len(text):
        out.append(
            Segment(
                start=pos, end=len(text), text=text[pos:], event_ids=[], hover=None, triggers=[]
            )
        )
    return out


def _disjoint(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return kept


def pieces(segment: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """A marked segment's text as (text, is_trigger) runs, for the template to emphasise."""
    text: str = segment["text"]
    runs: list[tuple[str, bool]] = []
    pos = 0
    for s, e in segment["triggers"]:
        if s > pos:
            runs.append((text[pos:s], False))
        runs.append((text[s:e], True))
        pos = e
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs
