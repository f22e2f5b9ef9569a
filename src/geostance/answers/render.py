"""Answers in words: the facts in the first line, the numbers and cited sentences after.

``build_answer`` weighs what the facade fetched for one parsed question; ``vote_answer``
states recorded UN votes; ``combine`` joins the answers to several questions in one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from geostance.answers.measure import compare_measures, eras_of, stance_result
from geostance.answers.models import (
    Answer,
    ChannelVerdict,
    Comparison,
    EvidenceItem,
    Hit,
    Question,
    RollCall,
    Volume,
)
from geostance.answers.parse import PAST
from geostance.answers.retrieve import rank_evidence, topic_votes, vote_items
from geostance.answers.verdict import (
    channel_verdict,
    possessive,
    reading,
    volume,
    volume_reading,
)
from geostance.errors import QuestionError
from geostance.measures.stance import Balance, ChannelScore, Measure, say_do_gap
from geostance.models import Document, Event

QUOTE_CHARS = 240


def day(d: dt.date | None) -> str:
    """'11 Dec 2024' (the form analysts write)."""
    return f"{d.day} {d:%b %Y}" if d else "undated"


def build_answer(
    q: Question,
    events: Mapping[str, Sequence[Event]],
    votes: Mapping[str, Sequence[Mapping[str, Any]]],
    docs: Mapping[str, Document],
    *,
    peers: Mapping[str, Measure] | None = None,
    votes_available: bool = True,
    min_evidence: int = 3,
    period: Any = "year",
    notes: Sequence[str] = (),
    balance: Balance | None = None,
    hits: Sequence[Hit] = (),
) -> Answer:
    """Weigh the fetched evidence into an Answer for a parsed (non-search, non-vote) question.

    ``events[s]`` are the events of subject ``s`` toward the object (already windowed; for
    acts, reactions and issues: the subject's events that the facade matched to the act),
    ``votes[s]`` its vote rows, ``docs`` the documents those events cite, ``peers`` the
    measures of other states toward the object, ``balance`` the split toward the object and
    its counterpart, ``hits`` stored sentences naming the subject and the act.
    """
    if q.kind == "search" or not q.subjects or (q.object is None and not q.act):
        raise QuestionError(f"{q.text!r} is not a stance question; use search")
    all_notes = [*q.notes, *notes]
    if q.kind == "compare":
        return _compare_answer(
            q, events, votes, docs, min_evidence, votes_available, all_notes, peers or {}
        )
    subject = q.subjects[0]
    target = q.object or (q.act or "?")
    evs = list(events.get(subject, ()))
    vrows = list(votes.get(subject, ()))
    if q.kind == "votes" and q.topic:
        vrows, topic_note = topic_votes(vrows, q.topic)
        if topic_note:
            all_notes.append(topic_note)
    res = stance_result(evs, vrows, source=subject, target=target, period=period)
    m = res.overall
    sname = q.name(subject)
    oname = q.name(q.object) if q.object else (q.act or "?")
    verdicts = tuple(
        channel_verdict(c, sname, oname, min_evidence=min_evidence, votes_available=votes_available)
        for c in m.channels
    )
    peer_rows = tuple(v for k, v in (peers or {}).items() if k != subject)
    gaps = (say_do_gap(m), *(say_do_gap(p) for p in peer_rows))
    vols = (volume(m), *(volume(p) for p in peer_rows))
    act_words = tuple(w for w in (q.act or "").split() if len(w) > 2)
    evidence = rank_evidence(evs, docs, channel=q.channel, cameo=q.cameo, words=act_words)
    read = reading(verdicts, min_evidence)
    if q.kind in ("acts", "reaction", "issue") or q.object is None:
        headline, thin = _acts_headline(q, evs, evidence, hits, sname, oname, verdicts, read)
    elif q.kind == "relation":
        headline, thin = _relation_headline(q, evs, min_evidence)
    elif q.kind == "votes":
        headline, thin = _focus_headline(verdicts[2], sname, oname, "votes")
        items = vote_items(subject, vrows)
        if items and len(items) <= 8:
            headline += (
                " Votes: "
                + "; ".join(
                    f"{v.vote} on {v.symbol} ({day(v.date)})"
                    for v in sorted(items, key=lambda v: v.date or dt.date.min)
                )
                + "."
            )
    elif q.kind == "deeds":
        headline, thin = _deeds_headline(m, verdicts[1], sname, oname)
    elif q.kind == "gap":
        headline, thin = _gap_headline(verdicts, vols, sname, oname, read)
    elif q.kind == "balance":
        headline, thin = _balance_headline(balance, q, sname)
    elif q.kind == "shift":
        headline, thin = _shift_headline(res.periods, sname, oname, verdicts, read)
    else:
        headline, thin = _stance_headline(verdicts, sname, oname, read)
        extra = volume_reading(vols[0], vols[1:], sname, oname)
        if hits and read in ("none", "thin"):
            headline += " Stored sentences naming both (not coded as events): " + " ".join(
                _quote(h.sentence) for h in hits[:2]
            )
        if extra and extra.startswith("much said"):
            headline += f" Say–do gap: {extra}."
        if balance is not None:
            headline += " " + _balance_headline(balance, q, sname)[0]
    return Answer(
        q,
        q.kind,
        headline,
        verdicts,
        m,
        peer_rows,
        gaps,
        res.series,
        res.periods,
        evidence,
        vote_items(subject, vrows),
        hits=tuple(hits),
        notes=tuple(all_notes),
        thin=thin,
        balance=balance,
        volumes=vols,
        reading=read,
    )


def _stance_headline(
    verdicts: Sequence[ChannelVerdict], s: str, o: str, read: str
) -> tuple[str, bool]:
    scored = [v for v in verdicts if v.score.n > 0]
    if read == "none":
        return (f"No evidence in the store about {possessive(s)} stance toward {o}: no events or "
                f"votes found; nothing to conclude."), True  # fmt: skip
    parts = [f"{v.channel} {v.label} ({v.score.score:+.2f}, n={v.score.n})" for v in scored]
    signs = {1 if (v.score.score or 0) > 0 else -1 for v in scored if v.score.n >= 1}
    if read == "consistent":
        lead = (f"Yes: {s} supports {o}" if signs == {1} or sum(
            (v.score.score or 0) for v in scored) > 0 else f"No: {s} opposes {o}")  # fmt: skip
        lead += ", consistently across the channels with evidence"
    elif read == "mixed":
        lead = f"Mixed: {possessive(s)} channels disagree about {o} beyond their uncertainty"
    elif read == "thin":
        lean = (
            "leans toward"
            if signs == {1}
            else "leans against"
            if signs == {-1}
            else "is divided on"
        )
        lead = f"Too little evidence to tell: on the little recorded, {s} {lean} {o}"
    elif read == "leaning":
        way = "toward supporting" if signs == {1} else "toward opposing"
        lead = (
            f"Leans {way} {o}: {possessive(s)} record points one way, but no channel is conclusive"
        )
    else:
        lead = f"No clear lean: {possessive(s)} record toward {o} points both ways"
    text = f"{lead} — " + "; ".join(parts) + "."
    return text, read in ("thin", "none")


def _quote(text: str) -> str:
    t = " ".join(text.split())
    return f"“{t if len(t) <= QUOTE_CHARS else t[: QUOTE_CHARS - 1] + '…'}”"


def _acts_headline(
    q: Question,
    evs: Sequence[Event],
    evidence: Sequence[EvidenceItem],
    hits: Sequence[Hit],
    s: str,
    o: str,
    verdicts: Sequence[ChannelVerdict],
    read: str,
) -> tuple[str, bool]:
    window = _window_words(q)
    what = {"reaction": f"{possessive(s)} reaction to {q.act or o}",
            "issue": f"{s} on {q.act or o}",
            "acts": f"What {s} did about {q.act or o}"}.get(
        q.kind, f"Did {s} {q.relation} {q.act or o}?")  # fmt: skip
    if q.kind == "acts" and q.object and q.act and q.name(q.object) not in (q.act or ""):
        what += f" ({q.name(q.object)})"
    cited, coded = _best_sentences(q, evidence, hits)
    if not cited:
        return (f"{what}{window}: nothing in the stored documents; no event or sentence names "
                f"{s} with {q.act or o}."), True  # fmt: skip
    source = "coded events" if coded else "stored sentences (no coded event)"
    text = f"{what}{window}: " + " ".join(_quote(c) for c in cited) + f" ({source})."
    if q.kind == "issue":
        lab = [v for v in verdicts if v.score.n]
        if lab:
            text += (
                " Stance: "
                + "; ".join(
                    f"{v.channel} {v.label} ({v.score.score:+.2f}, n={v.score.n})" for v in lab
                )
                + "."
            )
    return text, not evidence and len(hits) < 2


def _best_sentences(
    q: Question, evidence: Sequence[EvidenceItem], hits: Sequence[Hit]
) -> tuple[list[str], bool]:
    """The two sentences that name most of the act's words, coded events first on ties;
    and whether the best one is a coded event's."""
    stems = [w[:5].lower() for w in (q.act or "").split() if len(w) > 2]
    pool = [(e.sentence, True) for e in evidence if not e.negated] + [
        (h.sentence, False) for h in hits
    ]
    if not pool:
        return [], False

    def named(text: str) -> int:
        low = text.lower()
        return sum(1 for x in stems if x in low)

    order = sorted(range(len(pool)), key=lambda i: (-named(pool[i][0]), not pool[i][1], i))
    seen: list[str] = []
    for i in order:
        if pool[i][0] not in seen:
            seen.append(pool[i][0])
        if len(seen) == 2:
            break
    return seen, pool[order[0]][1]


def _gap_headline(
    verdicts: Sequence[ChannelVerdict], vols: Sequence[Volume], s: str, o: str, read: str
) -> tuple[str, bool]:
    w, d = verdicts[0].score, verdicts[1].score
    scale = (f"words {w.score:+.2f} (n={w.n})" if w.n else "no statements") + ", " + (
        f"deeds {d.score:+.2f} (n={d.n})" if d.n else "no material acts")  # fmt: skip
    vol = volume_reading(vols[0], vols[1:], s, o)
    if vol is None:
        return f"No say–do gap can be measured for {s} toward {o}: {scale}.", True
    lead = (
        "Yes, a say–do gap"
        if vol.startswith("much said")
        else ("No say–do gap" if vol.startswith("deeds match") else "Say–do gap, as measured")
    )
    return f"{lead}: {s} toward {o} — {scale}; {vol}.", w.n + d.n < 3


def _balance_headline(b: Balance | None, q: Question, s: str) -> tuple[str, bool]:
    if b is None:
        return f"No counterpart to weigh {q.name(q.object)} against; name both sides.", True
    a_name, b_name = q.name(b.a.target), q.name(b.b.target)
    total = b.a.cooperation + b.a.conflict + b.b.cooperation + b.b.conflict
    if total == 0:
        return f"Balance: no events of {s} toward {a_name} or {b_name} in the record.", True
    parts = [
        f"toward {a_name} {b.a.cooperation} cooperative ({b.a.counts[1]} material) and "
        f"{b.a.conflict} conflictual acts",
        f"toward {b_name} {b.b.cooperation} cooperative ({b.b.counts[1]} material) and "
        f"{b.b.conflict} conflictual",
    ]
    if b.material_with_both:
        lean = f"cooperates materially with both {a_name} and {b_name}"
    elif b.tilt is None:
        lean = "too little on one side to compare"
    elif abs(b.tilt) < 0.25:
        lean = "balanced between them"
    else:
        lean = f"leans toward {a_name if b.tilt > 0 else b_name} (tilt {b.tilt:+.2f})"
    return f"Balance of {s} between {a_name} and {b_name}: {lean} — " + "; ".join(
        parts
    ) + ".", total < 3


def _shift_headline(
    periods: Sequence[Any], s: str, o: str, verdicts: Sequence[ChannelVerdict], read: str
) -> tuple[str, bool]:
    if not periods:
        return f"No dated evidence of {s} toward {o}: no change to measure.", True
    parts = []
    for p in periods:
        era = eras_of(p)
        score = "no score" if p.score is None else f"{p.score:+.2f}"
        parts.append(f"{p.label}{f' ({era})' if era else ''}: {score}, n={p.n}")
    if len(periods) == 1:
        return f"No change found in {possessive(s)} stance toward {o}: one period, " + parts[
            0
        ] + ".", True
    return f"{possessive(s)} stance toward {o} changed over {len(periods)} periods — " + "; ".join(
        parts
    ) + ".", False


def _focus_headline(v: ChannelVerdict, s: str, o: str, what: str) -> tuple[str, bool]:
    if v.score.n == 0:
        return f"{s}: {v.text}.", True
    return f"{s} on {o} ({what}): {v.text}.", v.thin


def _deeds_headline(m: Measure, v: ChannelVerdict, s: str, o: str) -> tuple[str, bool]:
    mat = m.quad.counts[1] + m.quad.counts[3]
    if mat == 0:
        verbal = m.quad.counts[0] + m.quad.counts[2]
        return (f"No material acts of {s} toward {o} in the record"
                f"{f' (only {verbal} verbal events)' if verbal else ''}."), True  # fmt: skip
    types = ", ".join(f"{t} ({k})" for t, k in m.top_types) or "various acts"
    text = (
        f"{s} toward {o}: {m.quad.counts[1]} acts of material cooperation, "
        f"{m.quad.counts[3]} of material conflict; mainly {types}. Deeds {v.label}"
        f" ({v.score.score:+.2f}, n={v.score.n})."
    )
    return text, v.thin


def _relation_headline(q: Question, evs: Sequence[Event], min_evidence: int) -> tuple[str, bool]:
    s, o = q.name(q.subjects[0]), q.name(q.object)
    window = _window_words(q)
    match = [e for e in evs if e.cameo.startswith(q.cameo)]
    did = [e for e in match if not e.negated]
    did_not = [e for e in match if e.negated]
    if did:
        first = min((e.date for e in did if e.date), default=None)
        text = (
            f"Yes: {len(did)} reported act{'s' if len(did) != 1 else ''} in which {s} "
            f"{PAST.get(q.relation, q.relation)} {o}{window}"
            f"{f', the first dated {first.isoformat()}' if first else ''}."
        )
    else:
        text = (
            f"No evidence that {s} {PAST.get(q.relation, q.relation)} {o}{window} "
            "in the stored documents"
        )
        text += f" ({len(evs)} other events between them)." if evs else " (no events between them)."
    if did_not:
        text += (
            f" {_plural(len(did_not), 'sentence')} report that {s} did not {q.relation} "
            f"{o} (negated, shown as such)."
        )
    return text, len(did) < min_evidence


def _window_words(q: Question) -> str:
    if q.since and q.until:
        return f" between {q.since.isoformat()} and {q.until.isoformat()}"
    if q.since:
        return f" since {q.since.isoformat()}"
    if q.until:
        return f" until {q.until.isoformat()}"
    return ""


def _compare_answer(
    q: Question,
    events: Mapping[str, Sequence[Event]],
    votes: Mapping[str, Sequence[Mapping[str, Any]]],
    docs: Mapping[str, Document],
    min_evidence: int,
    votes_available: bool,
    notes: list[str],
    measures: Mapping[str, Measure],
) -> Answer:
    """Subjects side by side; ``measures`` (from the store's counts) win over ``events``."""
    assert q.object is not None
    comp = compare_measures(q.subjects, q.object, events, votes, names=q.names)
    if measures:
        rows = tuple(measures.get(m.source, m) for m in comp.rows)
        comp = Comparison(comp.target, rows, tuple(say_do_gap(m) for m in rows), comp.names)
    lines: list[str] = []
    evidence: list[EvidenceItem] = []
    verdicts: list[ChannelVerdict] = []
    for m in comp.rows:
        v = channel_verdict(
            _best_channel(m), q.name(m.source), q.name(q.object),
            min_evidence=min_evidence, votes_available=votes_available,
        )  # fmt: skip
        verdicts.append(dataclasses.replace(v, source=m.source, source_name=q.name(m.source)))
        lines.append(f"{q.name(m.source)}: {_summary_line(m)}")
        evidence += rank_evidence(list(events.get(m.source, ())), docs, k=2, negated_slots=1)
    thin = all(m.n < min_evidence for m in comp.rows)
    head = f"Compared on {q.name(q.object)}: " + "; ".join(lines) + "."
    if thin:
        head += " Evidence is thin for every state."
    return Answer(
        q,
        "compare",
        head,
        tuple(verdicts),
        None,
        comp.rows,
        comp.gaps,
        evidence=tuple(evidence),
        notes=tuple(notes),
        thin=thin,
    )


def _best_channel(m: Measure) -> ChannelScore:
    return max(m.channels, key=lambda c: (c.n, c.channel == "words"))


def _summary_line(m: Measure) -> str:
    parts = []
    for c in m.channels:
        if c.n:
            assert c.score is not None
            parts.append(f"{c.channel} {c.score:+.2f} (n={c.n})")
    return ", ".join(parts) if parts else "no evidence"


def search_answer(q: Question, hits: Sequence[Hit]) -> Answer:
    """A fallback answer: the most relevant stored sentences, each cited."""
    if not hits:
        head = f"Not understood, and no stored sentence matches {q.text!r}; nothing to cite."
    else:
        head = (
            f"Not understood as a question geostance measures; searched: the {len(hits)} most "
            f"relevant stored sentence{'s' if len(hits) != 1 else ''} (full-text search, BM25)."
        )
    return Answer(q, "search", head, hits=tuple(hits), notes=q.notes, thin=not hits)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def vote_answer(
    q: Question,
    rollcalls: Sequence[RollCall],
    notes: Sequence[str] = (),
    hits: Sequence[Hit] = (),
) -> Answer:
    """A recorded-vote answer: how the asked states voted, or who voted a way; the facts
    (symbol, date, title, outcome, tally) in the first line."""
    if not rollcalls:
        what = ", ".join(q.symbols) or (q.act or "that resolution")
        head = (
            f"No recorded UN vote matches {what}{_window_words(q)} in the imported votes"
            " (check the symbol, or import more with `geostance votes import PATH`)."
        )
        if hits:
            head += " Stored sentences say: " + " ".join(_quote(h.sentence) for h in hits[:2])
        return Answer(q, q.kind, head, hits=tuple(hits), notes=(*q.notes, *notes), thin=True)
    lines = []
    for r in rollcalls:
        facts = _rollcall_facts(r)
        if q.kind == "who_voted":
            lines.append(_who_line(q, r, facts))
        else:
            said = ", ".join(f"{n} voted {v}" for _a, n, v in r.votes)
            lead = ""
            if q.vote_filter in ("yes", "no", "abstain") and len(r.votes) == 1:
                lead = "Yes: " if r.votes[0][2] == q.vote_filter else "No: "
            lines.append(f"{lead}{said} on {r.label} ({facts}).")
    return Answer(q, q.kind, " ".join(lines), rollcalls=tuple(rollcalls),
                  notes=(*q.notes, *notes))  # fmt: skip


def _rollcall_facts(r: RollCall) -> str:
    body = {"GA": "General Assembly", "SC": "Security Council"}.get(r.body, r.body)
    title = re.sub(r"\s*:\s*resolution\s*/\s*adopted by the .*$", "", r.title).strip()
    out = f"{day(r.date)}, {body}: {title}"
    outcome = r.outcome or "outcome not recorded"
    out += f"; {outcome}"
    if r.tally:
        out += f", {r.tally} (yes-no-abstain)"
    return out


def _who_line(q: Question, r: RollCall, facts: str) -> str:
    if not r.groups:
        return f"{r.label} ({facts})."
    ((label, who),) = r.groups.items()
    if not who:
        return f"No state {label} on {r.label} ({facts})."
    verb = {"vetoed": "Vetoed by", "no": "Voted against", "yes": "Voted in favour",
            "abstain": "Abstained", "absent": "Absent"}.get(label, label)  # fmt: skip
    shown = ", ".join(who[:25]) + (f" and {len(who) - 25} more" if len(who) > 25 else "")
    return f"{verb} {r.label}: {shown} ({len(who)}) — {facts}."


def combine(q: Question, parts: Sequence[Answer]) -> Answer:
    """Several answers to the questions in one text, their first lines joined."""
    head = " ".join(f"({i}) {p.headline}" for i, p in enumerate(parts, 1))
    return Answer(q, "multi", head, parts=tuple(parts), thin=all(p.thin for p in parts),
                  notes=tuple(n for p in parts for n in p.notes))  # fmt: skip
