"""Choosing what an answer cites: events as evidence, vote rows, resolutions, search hits.

Pure: the facade fetches rows from the store and hands them here to be ranked and typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from geostance.answers.models import EvidenceItem, Hit, RollCall, VoteItem
from geostance.measures.stance import CAMEO_ROOTS, as_date, channel_of, weight
from geostance.measures.votes import DATASET_ORDER, vote_facts
from geostance.models import Document, Event

_WORD = re.compile(r"[a-z][a-z\-]{2,}")
_NOT_TOPIC = {
    "resolution", "resolutions", "draft", "vote", "voted", "votes", "general", "assembly",
    "security", "council", "the", "and", "for", "on", "about", "text", "motion", "adopted",
    "un", "u.n.", "how", "did", "does", "which", "who", "what", "was", "were", "its",
}  # fmt: skip


def evidence_item(event: Event, doc: Document | None) -> EvidenceItem:
    """An event as a citation; the document gives title, date and link."""
    return EvidenceItem(
        anchor=f"ev-{event.id}",
        doc_id=event.doc_id,
        sentence=event.sentence,
        start=event.sentence_start,
        end=event.sentence_end,
        source=event.source,
        target=event.target,
        cameo=event.cameo,
        action=CAMEO_ROOTS.get(event.cameo_root, f"CAMEO {event.cameo}"),
        quad_class=event.quad_class,
        goldstein=event.goldstein,
        negated=event.negated,
        modality=event.modality,
        date=event.date or (doc.date if doc else None),
        title=doc.title if doc else None,
        url=doc.url if doc else None,
        origin=(doc.origin if doc else event.doc) or "",
        event_id=event.id,
        date_precision=event.date_precision if event.date else "day",
        date_end=event.date_end if event.date else None,
    )


def vote_items(source: str, rows: Iterable[Mapping[str, Any]]) -> tuple[VoteItem, ...]:
    """Vote rows (``votes_toward`` records) as typed items, most recent first."""
    items = []
    for r in rows:
        day = as_date(r.get("date"))
        try:
            sign = int(r.get("sign", 0))
        except (TypeError, ValueError):
            sign = 0
        items.append(
            VoteItem(
                source,
                day,
                str(r.get("body") or ""),
                str(r.get("symbol") or ""),
                str(r.get("title") or ""),
                str(r.get("vote") or "").lower(),
                sign,
                (str(r["url"]) if r.get("url") else None),
            )
        )
    items.sort(key=lambda v: (v.date or dt.date.min, v.symbol), reverse=True)
    return tuple(items)


def rank_evidence(
    events: Sequence[Event],
    docs: Mapping[str, Document],
    *,
    k: int = 6,
    channel: str | None = None,
    cameo: Sequence[str] = (),
    per_doc: int = 2,
    negated_slots: int = 2,
    words: Sequence[str] = (),
) -> tuple[EvidenceItem, ...]:
    """The best evidence: strong, confident, asserted acts in focus, spread across documents.

    Negated events get up to ``negated_slots`` places of their own, so they are shown as
    such rather than crowded out or silently dropped.
    """

    prefixes = tuple(cameo)
    stems = [w[:5].lower() for w in words]

    def strength(e: Event) -> tuple[float, str, int, int]:
        s = abs(e.goldstein) / 10 + e.confidence + weight(e)
        if channel and channel_of(e) == channel:
            s += 1
        if prefixes and e.cameo.startswith(prefixes):
            s += 2
        if stems:
            low = f"{e.sentence} {e.issue or ''}".lower()
            s += 3 * sum(1 for x in stems if x in low) / len(stems)
        return (-s, e.doc_id, e.sentence_start, e.trigger_start)

    chosen: list[Event] = []
    per: dict[str, int] = {}
    seen_sentences: set[tuple[str, int]] = set()
    pos = sorted((e for e in events if not e.negated), key=strength)
    neg = sorted((e for e in events if e.negated), key=strength)[:negated_slots]
    for e in [*pos, *neg]:
        key = (e.doc_id, e.sentence_start)
        if key in seen_sentences or per.get(e.doc_id, 0) >= per_doc:
            continue
        if len(chosen) >= k and not e.negated:
            continue
        if len(chosen) >= k + negated_slots:
            break
        chosen.append(e)
        seen_sentences.add(key)
        per[e.doc_id] = per.get(e.doc_id, 0) + 1
    return tuple(evidence_item(e, docs.get(e.doc_id)) for e in chosen)


def topic_votes(
    rows: list[Mapping[str, Any]], topic: Sequence[str]
) -> tuple[list[Mapping[str, Any]], str | None]:
    """Votes whose title mentions a topic word ('membership'); all of them if none does."""
    words = [w for w in topic if len(w) > 3]
    if not words:
        return rows, None
    stems = [w[:6] for w in words]  # "membership" also finds "Members", "admission" "admit"
    hits = [r for r in rows if any(x in str(r.get("title", "")).lower() for x in stems)]
    if hits:
        return hits, f"votes on resolutions whose title mentions {', '.join(words)}"
    if rows:
        return rows, f"no vote title mentions {', '.join(words)}: all votes on the target shown"
    return rows, None


def match_rollcalls(
    rollcalls: Sequence[Mapping[str, Any]],
    *,
    words: Sequence[str] = (),
    body: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 1,
) -> list[Mapping[str, Any]]:
    """The roll calls a question describes (a symbol is looked up by ``measures.votes.
    find_symbol``): the best title overlap with ``words`` within the window and body. The best
    source (``DATASET_ORDER``) wins among records of the same vote."""

    def rank(r: Mapping[str, Any]) -> tuple[int, str]:
        return DATASET_ORDER.get(str(r.get("dataset") or ""), 3), str(r.get("id"))

    stems = [w[:5] for w in words if w not in _NOT_TOPIC]
    if not stems:
        return []
    scored = []
    for r in rollcalls:
        if body and r.get("body") != body:
            continue
        day = as_date(r.get("date"))
        if (since and (day is None or day < since)) or (until and (day is None or day > until)):
            continue
        title = f"{r.get('title') or ''} {r.get('descr') or ''}".lower()
        hit = sum(1 for s in stems if s in title)
        if hit:
            scored.append((-hit, rank(r), r))
    scored.sort(key=lambda x: (x[0], x[1]))
    best = scored[0][0] if scored else 0
    out = [r for h, _, r in scored if h == best][:limit]
    related = [r for _h, _, r in scored]
    return [_same_vote_better_source(r, related, rank) for r in out]


def _same_vote_better_source(
    r: Mapping[str, Any],
    rollcalls: Sequence[Mapping[str, Any]],
    rank: Callable[[Mapping[str, Any]], tuple[int, str]],
) -> Mapping[str, Any]:
    """The record of the same vote from the source that names it best (UN Digital Library
    over Voeten, whose dates run up to weeks early): among ``rollcalls`` (records that also
    match the question), same body, tallies equal or unknown, within 30 days."""
    day = as_date(r.get("date"))
    if day is None:
        return r
    yes, no = _int(r.get("total_yes")), _int(r.get("total_no"))

    def same_tally(x: Mapping[str, Any]) -> bool:
        xy, xn = _int(x.get("total_yes")), _int(x.get("total_no"))
        return xy is None or yes is None or (xy, xn) == (yes, no)

    same = [
        x for x in rollcalls
        if x.get("body") == r.get("body") and same_tally(x)
        and (d := as_date(x.get("date"))) is not None and abs((d - day).days) <= 30
    ]  # fmt: skip
    return min(same, key=rank) if same else r


def _int(value: Any) -> int | None:
    try:
        return None if value is None or value != value else int(value)
    except (TypeError, ValueError):
        return None


def rollcall(
    r: Mapping[str, Any],
    votes: Mapping[str, str],
    asked: Sequence[tuple[str, str]],
    *,
    group: str | None = None,
    names: Mapping[str, str] | None = None,
) -> RollCall:
    """A roll-call record with the asked states' votes (``votes``: state id -> vote) and,
    when ``group`` is given ("no", "veto"...), the states that voted that way."""
    facts = vote_facts(r, votes)
    mine = tuple((a, n, votes.get(a, "no vote recorded")) for a, n in asked)
    groups: dict[str, tuple[str, ...]] = {}
    if group == "adopted" and facts.vetoed_by:
        group = "veto"  # "was it adopted?" of a vetoed draft: say who vetoed it
    if group and group != "adopted":
        who = (
            list(facts.vetoed_by)
            if group == "veto"
            else sorted(a for a, v in votes.items() if v == group)
        )
        label = "vetoed" if group == "veto" else group
        groups[label] = tuple((names or {}).get(a, a) for a in who)
    return RollCall(
        str(r.get("body") or ""),
        str(r.get("symbol") or "") if str(r.get("symbol") or "") != "nan" else "",
        (str(r["draft"]) if r.get("draft") and str(r.get("draft")) != "nan" else None),
        as_date(r.get("date")),
        str(r.get("title") or ""),
        facts.outcome,
        facts.yes,
        facts.no,
        facts.abstain,
        (str(r["url"]) if r.get("url") and str(r.get("url")) != "nan" else None),
        mine,
        groups,
    )


def cited_hits(
    hits: Sequence[Hit],
    *,
    must: Sequence[Sequence[str]],
    since: dt.date | None = None,
    until: dt.date | None = None,
    k: int = 4,
) -> tuple[Hit, ...]:
    """Search hits that name every group in ``must`` (any surface of each) and fall in the
    window (by the document's date); at most two per document, best first."""
    out: list[Hit] = []
    per: dict[str, int] = {}
    for h in hits:
        low = h.sentence.lower()
        if any(g and not any(s.lower() in low for s in g) for g in must):
            continue
        if (since or until) and h.date is not None:
            if (since and h.date < since.replace(day=1)) or (until and h.date > until):
                continue
        if per.get(h.doc_id, 0) >= 2:
            continue
        per[h.doc_id] = per.get(h.doc_id, 0) + 1
        out.append(h)
        if len(out) >= k:
            break
    return tuple(out)
