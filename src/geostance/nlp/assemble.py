"""Events of a parsed chunk, put together from what the components found.

For each sentence, in order: the mentions are resolved to actors (:mod:`.discourse`); each
trigger the trigger model found gets the sources and targets the role model scored highest;
its frame gives negation and modality (:mod:`.modality`); its act label, frame and target
give the CAMEO code and the QuadClass, with the annotation guide's class rules (a halted
cooperation is conflict, a vote for a condemnation is conflict, a call to stop is conflict).
A symmetric act with two sources and no target ("Egypt and Greece held talks") is one event
between them. Offsets of the :class:`Coded` values are offsets into the chunk's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from geostance.models import Modality
from geostance.nlp import frames
from geostance.nlp.acts import (
    ACTS,
    cameo_code,
    denies,
    halts_talks,
    issue_of,
    mutual_ties,
    quarrel_sides,
    reciprocal,
)
from geostance.nlp.classes import event_class, kept_by_rule, quad_of
from geostance.nlp.clauses import actor_heads, one_target, repeated_preps, target_mates
from geostance.nlp.cosources import (
    attends,
    co_agents,
    cosources,
    in_echoes,
    is_echo,
    mediates,
    no_parties,
    own_clause,
    owned_object,
    subject_mates,
)
from geostance.nlp.discourse import Discourse
from geostance.nlp.echoes import echoes
from geostance.nlp.filter import EventFilter, Signals, signals_of
from geostance.nlp.mention_words import EVENT_NOUNS
from geostance.nlp.mentions import Mention, list_head
from geostance.nlp.modality import frame_in_context, frame_of
from geostance.nlp.relabels import threatened
from geostance.nlp.roles import mentions_of, quotes_of, ruled_roles
from geostance.nlp.speech import Quote, quote_of
from geostance.nlp.votes import (
    VOTE_LABELS,
    adopted_text,
    co_voters,
    described_resolution,
    story_subject,
    vote_target,
    voting_rows,
)

__all__ = ["Coded", "Thresholds", "chunk_events"]

# Acts that answer an earlier act: with no target named, they answer who last acted on the source.
REACTIONS = frozenset("oppose/criticize condemn accuse/blame sanction attack/use_force".split())


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision rules of the role model, tuned on the development split and stored with the
    model (``geostance_roles`` cfg): source and target thresholds, their fallbacks, the event
    filter's thresholds (``event``; ``event_negated`` for acts stated as not done) and each
    act's rate of null targets in training (an act that rarely has none gets its best-scored
    target, an answered act's actor, or no event)."""

    source: float = 0.5
    target: float = 0.5
    source_fallback: float = 0.3
    target_fallback: float = 0.2
    null_cutoff: float = 0.1
    event: float = 0.0
    event_negated: float = 0.0
    null_rates: tuple[tuple[str, float], ...] = ()

    def null_rate(self, label: str) -> float:
        return dict(self.null_rates).get(label, 1.0)


@dataclass(frozen=True, slots=True)
class Coded:
    """One event of a chunk; character offsets are offsets into the chunk text."""

    sent_start: int
    sent_end: int
    trigger_start: int
    trigger_end: int
    label: str
    source: str
    source_start: int
    source_end: int
    target: str | None
    target_start: int | None
    target_end: int | None
    cameo: str
    quad: int
    negated: bool
    modality: Modality
    confidence: float
    issue: str | None = None
    attribution: str | None = None
    ruled: bool = False  # kept whatever the event filter says (:func:`.kept_by_rule`)
    signals: Signals | None = field(default=None, compare=False, repr=False)


def chunk_events(
    doc: Doc,
    discourse: Discourse,
    on: dt.date | None,
    thresholds: Thresholds | None = None,
    event_filter: EventFilter | None = None,
) -> list[Coded]:
    """Every event of a chunk that the components found (see the module docstring)."""
    th = thresholds or Thresholds()
    mentions = mentions_of(doc)
    quotes = quotes_of(doc)
    triggers = {int(r[0]): (str(r[1]), float(r[2])) for r in (doc._.geostance_triggers or [])}
    roles: dict[int, list[tuple[int, float, float]]] = {}
    for ti, k, ps, pt in doc._.geostance_roles or []:
        roles.setdefault(int(ti), []).append((int(k), float(ps), float(pt)))
    out: list[Coded] = []
    for sent in doc.sents:
        idx = [k for k, m in enumerate(mentions) if sent.start <= m.head < sent.end]
        for q in quotes:
            if q.speaker >= 0 and q.speaker not in idx and sent.start <= q.start < sent.end:
                idx.append(q.speaker)
        resolved = discourse.resolve(doc, mentions, quotes, sorted(idx), on)
        described = described_resolution(sent, mentions, resolved, discourse.table.kind_of)
        if described is not None:
            discourse.last_resolution = described
        if not frames.yes_no_question(sent):
            here = sorted(t for t in triggers if sent.start <= t < sent.end)
            args = (doc, sent, here, triggers, roles, mentions, quotes, resolved, discourse, th)
            scored = _sentence_candidates(*args, event_filter)
            candidates = [c for c in scored if _kept(c, th, event_filter)]
            bound = _bind_eventrefs(doc, idx, mentions, resolved, candidates)
            # "When the Assembly demanded that Russia withdraw, Brazil backed the text"
            votes = [c.trigger_start for c in scored if c.label in VOTE_LABELS]
            if described is None and votes:
                early = [c for c in scored if c.trigger_end <= max(votes)]
                adopted = adopted_text(doc, idx, mentions, resolved, discourse, early)
                if adopted not in (None, discourse.last_resolution):
                    discourse.last_resolution = adopted
                    bound = True
            if bound:
                scored = _sentence_candidates(*args, event_filter)
                candidates = [c for c in scored if _kept(c, th, event_filter)]
            found: dict[tuple[str, str | None, str], Coded] = {}
            for ev in candidates:
                key = (ev.source, ev.target, ev.label)
                if key not in found or ev.confidence > found[key].confidence:
                    found[key] = ev
            found = _echoed(doc, sent, mentions, resolved, found)
            if described is None:  # what a body adopted, even if too unsure to code as its act
                adopted = adopted_text(
                    doc, idx, mentions, resolved, discourse, [*found.values(), *scored]
                )
                discourse.last_resolution = adopted or discourse.last_resolution
            for ev in found.values():
                out.append(ev)
                if ev.modality == "asserted":
                    discourse.note_act(ev.label, ev.source, ev.target)
        discourse.next_sentence()
    return out


def _echoed(
    doc: Doc,
    sent: Span,
    mentions: Sequence[Mention],
    resolved: dict[int, str | None],
    found: dict[tuple[str, str | None, str], Coded],
) -> dict[tuple[str, str | None, str], Coded]:
    """``found`` with the acts of the sentence's echoes (:mod:`.echoes`: "and Poland followed
    its lead" is the act it follows, done by Poland); an echo verb has no act of its own."""
    if not found:  # most sentences: nothing to follow, no need to read them again
        return found
    tokens = {t.idx: t for t in sent}
    triggers = [tokens[c.trigger_start] for c in found.values() if c.trigger_start in tokens]
    out: list[Coded] = []
    for verb, act, who in echoes(sent, mentions, resolved, triggers):
        frame = frame_of(verb, True)
        copied = {c.target: c for c in found.values() if c.trigger_start == act.idx}
        for k in who:
            follower, m = resolved[k], mentions[k]
            for c in copied.values():
                if follower is None or follower in (c.source, c.target):
                    continue
                out.append(
                    replace(
                        c, trigger_start=verb.idx, trigger_end=verb.idx + len(verb.text),
                        source=follower, source_start=doc[m.start].idx,
                        source_end=doc[m.end - 1].idx + len(doc[m.end - 1].text),
                        target_start=None, target_end=None, modality=frame.modality,
                        negated=c.negated != frame.negated, attribution=None, signals=None,
                    )
                )  # fmt: skip
    own = {e.trigger_start for e in out}
    kept = {key: c for key, c in found.items() if c.trigger_start not in own}
    for e in out:
        kept.setdefault((e.source, e.target, e.label), e)
    return kept


def _sentence_candidates(
    doc: Doc,
    sent: Span,
    here: Sequence[int],
    triggers: dict[int, tuple[str, float]],
    roles: dict[int, list[tuple[int, float, float]]],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    resolved: dict[int, str | None],
    discourse: Discourse,
    th: Thresholds,
    event_filter: EventFilter | None,
) -> list[Coded]:
    """The events of one sentence's triggers, with the event filter's confidence."""
    candidates = [
        ev
        for ti in here
        for ev in _trigger_events(
            doc, sent, ti, triggers[ti][0], triggers[ti][1], roles.get(ti, []),
            mentions, quotes, resolved, discourse, th, len(here),
        )
    ]  # fmt: skip
    if event_filter is None or not candidates:
        return candidates
    scores = event_filter.score([c.signals for c in candidates if c.signals])
    scored = [replace(c, confidence=round(p, 4)) for c, p in zip(candidates, scores, strict=True)]
    heads = {doc[mentions[k].start].idx: list_head(doc[mentions[k].head]).i for k in resolved}
    return _lists_share(heads, scored)


def _lists_share(heads: dict[int, int], coded: list[Coded]) -> list[Coded]:
    """One confidence for the members of a listed source: events of one trigger, target, act
    and negation whose sources are one list ("Turkey and Italy issued a joint appeal") take
    the highest the filter gave any of them. The filter scores each alone and trusts the
    first-named most, so it kept Turkey and dropped Italy; the grammar says they did one act.
    ``heads``: where each of the sentence's mentions starts -> the first token of its list."""
    keys = [
        (c.trigger_start, c.target, c.label, c.negated, heads.get(c.source_start, -1 - n))
        for n, c in enumerate(coded)
    ]
    best: dict[tuple[int, str | None, str, bool, int], float] = {}
    for c, key in zip(coded, keys, strict=True):
        best[key] = max(best.get(key, 0.0), c.confidence)
    return [replace(c, confidence=best[key]) for c, key in zip(coded, keys, strict=True)]


def _kept(c: Coded, th: Thresholds, event_filter: EventFilter | None) -> bool:
    """Whether an event passes the event filter's threshold (every one does without a filter)."""
    threshold = th.event_negated if c.negated else th.event
    return event_filter is None or c.confidence >= threshold or c.ruled


def _bind_eventrefs(
    doc: Doc,
    idx: Sequence[int],
    mentions: Sequence[Mention],
    resolved: dict[int, str | None],
    coded: Sequence[Coded],
) -> bool:
    """Resolve an act named as a thing to the source of an act coded before it in the same
    sentence ("When Hamas attacked Israel, Bahrain condemned the assault"): the document memory
    only holds the acts of earlier sentences. True when a mention was bound."""
    bound = False
    for k in idx:
        m = mentions[k]
        if m.kind != "eventref" or resolved.get(k) is not None:
            continue
        at = doc[m.start].idx
        force = EVENT_NOUNS.get(m.form, "any") == "force"
        before = [
            c
            for c in coded
            if c.modality == "asserted"
            and not c.negated
            and c.trigger_end <= at
            and (not force or c.label == "attack/use_force")
        ]
        if before:
            resolved[k] = max(before, key=lambda c: c.trigger_start).source
            bound = True
    return bound


def _trigger_events(
    doc: Doc,
    sent: Span,
    ti: int,
    label: str,
    p_trigger: float,
    scored: list[tuple[int, float, float]],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    resolved: dict[int, str | None],
    discourse: Discourse,
    th: Thresholds,
    n_triggers: int = 1,
) -> list[Coded]:
    if not scored or label not in ACTS or is_echo(doc[ti]):
        return []
    act = ACTS[label]
    trigger = doc[ti]
    if label in VOTE_LABELS:  # a text does not vote, nor the body of a tally's count
        scored = voting_rows(trigger, mentions, scored)
        if not scored:
            return []
    scored = ruled_roles(trigger, label, mentions, scored)  # what the grammar says outright
    src_k = [k for k, ps, _ in scored if ps >= th.source]
    if not src_k:
        best = max(scored, key=lambda r: r[1])
        if best[1] >= th.source_fallback:
            src_k = [best[0]]
    co = co_agents(trigger, mentions)  # "alongside Greece": a source too, never a target
    # "as did Britain's Boris Johnson": every actor of an echo does the act, none is its target
    not_tgt = set(co) | set(in_echoes(trigger, mentions))
    if src_k:
        src_k = cosources(trigger, own_clause(trigger, src_k, mentions), mentions, co)
        if label in VOTE_LABELS:
            src_k += [k for k in co_voters(trigger, mentions) if k not in src_k]
    not_tgt |= no_parties(trigger, src_k, mentions, co)  # fellow mediators, bystanders
    if not (act.symmetric or reciprocal(trigger) or mutual_ties(trigger)):
        not_tgt |= subject_mates(trigger, src_k, mentions)  # "Egypt and Iraq condemned"
    mine = {a for k in src_k for a in _actors(k, resolved, discourse)}
    if len(mine) == 1 and label not in VOTE_LABELS:  # "Katz recalled Israel's envoys from …"
        owned = [k for k, _, _ in scored if owned_object(doc[mentions[k].head], trigger)]
        not_tgt |= {k for k in owned if set(_actors(k, resolved, discourse)) == mine}
    tgt_k = [
        k
        for k, ps, pt in scored
        if pt >= th.target and (k not in src_k or pt > ps) and k not in not_tgt
    ]
    if label in VOTE_LABELS:
        tgt_k = [k for k in tgt_k if k not in src_k]
    if len(tgt_k) > 1:
        tgt_k = one_target(doc, tgt_k, scored, mentions)
    # "to Israel and then to Doha"; "met Macron, Scholz and Michel": two targets say all
    more = repeated_preps(trigger, tgt_k, mentions) + target_mates(trigger, tgt_k, mentions)
    tgt_k += [k for k in more if k not in tgt_k and k not in src_k and k not in not_tgt]
    rare_null = th.null_rate(label) < th.null_cutoff
    origin = "role"
    if not tgt_k and rare_null:
        rest = [(k, pt) for k, _, pt in scored if k not in src_k and k not in not_tgt]
        if rest:
            k, pt = max(rest, key=lambda r: r[1])
            if pt >= th.target_fallback:
                tgt_k = [k]
                origin = "fallback"
    sources = [(k, a) for k in src_k for a in _actors(k, resolved, discourse)]
    named = [(k, _actors(k, resolved, discourse)) for k in tgt_k]
    reacts = label in REACTIONS or denies(trigger, label)  # it answers an earlier act
    if named and not any(actors for _, actors in named):
        # "Canada and Mexico agreed …, the leaders of the two countries said": an unnamed
        # group beside two sources of a symmetric act is the pair itself
        pair = act.symmetric and len(mine) > 1 and all(mentions[k].kind == "group" for k in tgt_k)
        if not (reacts or pair):
            return []  # a target the document does not let us name: no event, not a wrong one
        tgt_k = []  # "condemned the strikes" that no act before names: whom it answers, below
    targets = [(k, a) for k, actors in named for a in actors]
    if not sources:
        return []
    sides = quarrel_sides(trigger)  # "India and China clashed over …": each the other's target
    if sides is not None and len({a for _, a in sources}) > 1:
        targets = [t for t in targets if t[0] >= 0 and mentions[t[0]].head in sides]
    two_way = not act.symmetric and (reciprocal(trigger) or (sides is not None and act.material))
    # no pair: fellow mediators or attendees ("brokered, with Egypt, …"); a quarrel is one
    mutual = (act.symmetric and not (mediates(trigger) or attends(trigger))) or two_way
    mutual = mutual or sides is not None or (label == "recognize" and mutual_ties(trigger))
    symmetric_pair = not targets and mutual and len({a for k, a in sources if k not in co}) > 1
    if not targets and reacts and not tgt_k:
        answered = [(-2, a) for a in {discourse.reacting_to(a) for _, a in sources} if a]
        if len(answered) != 1:  # "Moscow has rejected the idea": whoever acted just before
            last = discourse.last_actor({a for _, a in sources})
            answered = [(-2, last)] if last else []
        if answered:  # "Moscow reacted with scorn": to whoever just acted on it
            targets, origin = answered, "answered"
        elif other := discourse.counterpart({a for _, a in sources}):
            targets, origin = [(-2, other)], "fallback"  # else the story's other party
    if label in VOTE_LABELS:
        ruled = vote_target(trigger, mentions, resolved, discourse, {a for _, a in sources})
        if ruled is not None:
            targets, origin = [ruled], "vote"
    if not targets and label in VOTE_LABELS:  # a text the document does not name here
        about = story_subject(discourse, {a for _, a in sources})
        targets, origin = ([about], "fallback") if about else (targets, origin)
    if not targets and label == "mediate/negotiate" and mediates(trigger) and not symmetric_pair:
        # "Moscow brokered the ceasefire": between the story's two main actors (an offer or
        # an agreement with no party named is not said to be between them)
        parties = discourse.most_named(2, {a for _, a in sources})
        if len(parties) == 2:
            targets, origin = [(-2, a) for a in parties], "fallback"
    if not targets and rare_null and not symmetric_pair and label not in VOTE_LABELS:
        return []  # an act that nearly always has a target, and none found
    pairs: list[tuple[tuple[int, str], tuple[int, str] | None]]
    if symmetric_pair:
        first = sources[0]
        pairs = [(first, s) for s in sources[1:] if s[1] != first[1]]
        if not act.symmetric:  # ties two states restore: one record each way (guide §6)
            pairs += [(s, first) for s in sources[1:] if s[1] != first[1]]
    else:
        options: list[tuple[int, str] | None] = list(targets) if targets else [None]
        pairs = [(s, t) for s in sources for t in options]
        if two_way:  # "Russia and Ukraine traded blame", the model's target is one of the two
            pairs += [
                (t, s) for s, t in pairs if t is not None and t[0] >= 0 and (t, s) not in pairs
            ]
    frame = frame_in_context(trigger, act.cls == "cooperation", actor_heads(mentions, resolved))
    near = [trigger, *trigger.children]
    near += [g for c in trigger.children if c.dep_ == "prep" for g in c.children]
    words = {t.lemma_.lower() for t in near} | ({"threaten"} if threatened(trigger) else set())
    out: list[Coded] = []
    best_ps = {k: ps for k, ps, _ in scored}
    best_pt = {k: pt for k, _, pt in scored}
    for (sk, s), tgt in pairs:
        if tgt is not None and tgt[1] == s:
            if origin != "vote":
                continue
            tgt = None  # a vote on a text about the voter itself: kept, with no target
        tk, t = tgt if tgt is not None else (-1, None)
        cls, conflict_call = event_class(
            label, act.cls, frame, trigger, doc, mentions, tk, discourse,
            len({a for _, a in targets}),
        )  # fmt: skip
        quad = quad_of(act.material and not halts_talks(trigger), cls, act.cls)
        code = cameo_code(label, words, conflict_call)
        sm = mentions[sk]
        tm = mentions[tk] if tk >= 0 else None  # -2: the resolution remembered
        conf = p_trigger * best_ps.get(sk, 0.5) * (best_pt.get(tk, 0.5) if tk >= 0 else 0.8)
        q = quote_of(quotes, ti)
        attribution = None
        if q is not None and q.speaker >= 0 and resolved.get(q.speaker) not in (None, s):
            sp = mentions[q.speaker]
            attribution = doc[sp.start : sp.end].text
        how = "group" if tk >= 0 and discourse.expanded.get(tk) else origin if tgt else "none"
        signals = signals_of(
            doc, sent, trigger, label, frame.how, frame.modality, frame.negated, sm, tm, how,
            (p_trigger, best_ps.get(sk, 0.0), best_pt.get(tk, 0.0) if tk >= 0 else 0.0),
            (len(sources), len(targets), n_triggers),
            q is not None, q is not None and q.speaker == sk,
        )  # fmt: skip
        out.append(
            Coded(
                sent_start=sent.start_char,
                sent_end=sent.end_char,
                trigger_start=trigger.idx,
                trigger_end=trigger.idx + len(trigger.text),
                label=label,
                source=s,
                source_start=doc[sm.start].idx,
                source_end=doc[sm.end - 1].idx + len(doc[sm.end - 1].text),
                target=t,
                target_start=doc[tm.start].idx if tm is not None else None,
                target_end=(
                    doc[tm.end - 1].idx + len(doc[tm.end - 1].text) if tm is not None else None
                ),
                cameo=code,
                quad=quad,
                negated=frame.negated,
                modality=frame.modality,
                confidence=round(min(1.0, conf), 4),
                issue=issue_of(trigger, mentions) if t is None else None,
                attribution=attribution,
                ruled=kept_by_rule(label, trigger, t, how, discourse.table),
                signals=signals,
            )
        )
    return out


def _actors(k: int, resolved: dict[int, str | None], discourse: Discourse) -> list[str]:
    """The actor(s) of a mention: a group ("the two countries") stands for several."""
    group = discourse.expanded.get(k)
    if group:
        return group
    actor = resolved.get(k)
    return [actor] if actor is not None else []
