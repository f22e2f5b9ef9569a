"""Actor mentions and events from spaCy parses: plain functions, no model loading here.

The two spaCy components in :mod:`geostance.nlp.components` call :func:`find_mentions` and
:func:`find_events`; :func:`code_documents` streams documents through a pipeline and turns
what the components found into :class:`geostance.models.Event` values with document-level
offsets, dates and actor ids. The coding rules are described in ``docs/coding.md``.

Precision comes first: an event needs a source and a target that are both known actors
(gazetteer entries); words that only look like actors (unknown organisations, "officials")
never become actors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from geostance.models import CODER_NAME, Document, Event, Modality, Sentence
from geostance.nlp import codes as cameo
from geostance.nlp import frames
from geostance.nlp.actors import Gazetteer
from geostance.nlp.dates import EventDate, event_date, find_dates

__all__ = [
    "ActorTable",
    "Mention",
    "RawEvent",
    "code_documents",
    "code_text",
    "find_events",
    "find_mentions",
    "split_paragraphs",
]

MAX_CHUNK = 100_000  # characters parsed at once; paragraphs longer than this are cut

# ---------------------------------------------------------------- word lists
# Nouns that stand for the people or bodies acting for an actor ("the foreign minister of Iran").
AGENT_NOUNS = frozenset(
    """minister president premier government administration official spokesman spokeswoman
    spokesperson ambassador envoy diplomat delegation leader leadership king queen prince emir
    sultan chancellor army military force troops troop soldier navy police authority authorities
    regime parliament cabinet ministry embassy office representative negotiator secretary
    commander general chief people state country nation side camp lawmaker legislature
    senate congress court judge prosecutor agency council militant fighter rebel mission mayor
    governor member citizen national prisoner detainee hostage activist journalist worker
    civilian resident student dissident refugee protester protestor demonstrator opponent
    supporter group faction party movement unit division brigade guard service intelligence
    lawyer adviser advisor aide head director staff team crew settler inspector observer
    peacekeeper monitor ship vessel warship aircraft plane jet drone bureau politburo wing
    negotiator mediator""".split()
)
# Agent nouns that are institutions: "a court in Guyana" is Guyana's court.
INSTITUTION_NOUNS = frozenset(
    """government court parliament police authority authorities ministry embassy army military
    officials official forces force legislature senate cabinet regime prosecutor""".split()
)
# Nouns that name someone else than their possessor: "Israel's ally" is not Israel.
RELATIONAL_NOUNS = frozenset(
    """partner ally neighbour neighbor rival enemy counterpart friend foe adversary opponent
    critic proxy client patron""".split()
)
# Nouns whose "of"/"by" object is the actor they belong to ("the policies of Israel").
ACT_NOUNS = frozenset(
    """policy action decision conduct behaviour behavior move stance position plan statement
    remark comment aggression attack strike campaign operation offensive bombing violation
    support role program programme intervention creation establishment independence right
    cause sovereignty security existence restraint position base target facility site
    headquarters stronghold camp installation asset interest border territory""".split()
)
# Things a force act hits that belong to the country they are in ("targets in Lebanon").
PLACE_NOUNS = frozenset(
    """target site facility base position installation headquarters stronghold camp""".split()
)
RES_NOUNS = frozenset(
    "resolution draft motion text measure bid proposal application membership".split()
)
DEAL_NOUNS = frozenset(
    """agreement deal treaty accord pact memorandum contract declaration charter convention
    protocol communique""".split()
)
AID_NOUNS = frozenset(
    """aid assistance funding fund money loan grant weapon arm missile ammunition munition
    tank jet equipment supply delivery shipment food medicine relief vaccine fuel defence defense
    system""".split()
)
ARMS_WORDS = frozenset(
    """weapon arm missile ammunition munition tank jet military drone rocket artillery defence
    defense""".split()
)
ECON_WORDS = frozenset("economic financial money loan fund funding budget dollar grant".split())
HUMANITARIAN_WORDS = frozenset("humanitarian food medicine relief vaccine medical".split())
EASE_OBJECTS = {
    "sanction": "085",
    "embargo": "085",
    "boycott": "085",
    "blockade": "0872",
    "siege": "0872",
    "restriction": "081",
    "curfew": "0813",
    "ban": "081",
}
TROOP_WORDS = frozenset("troop force soldier warship missile army unit battalion jet".split())
WEAPON_WORDS = frozenset(
    "rocket missile shell mortar drone bomb attack strike salvo battery gun round grenade".split()
)
MIL_WORDS = frozenset("military naval joint war army air drill live-fire".split())
ENVOY_WORDS = frozenset("ambassador envoy diplomat charge attache".split())
# Verbs that carry a noun's act ("gave support to", "imposed sanctions on").
LIGHT_VERBS = frozenset(
    """give offer provide extend express voice lend pledge announce declare reiterate reaffirm
    show signal grant deliver send impose launch carry conduct hold make stage issue lodge file
    level open order take begin resume mount unleash initiate establish restore approve
    promise confirm seek continue step intensify escalate renew agree reach conclude pay
    unveil allocate earmark authorize authorise provide sign present stag deepen strengthen
    expand boost bolster enhance improve upgrade build forge bring join""".split()
)
# Verbs that stop an act; a cooperation they stop is coded as that cooperation, negated.
HALT_VERBS = frozenset(
    """halt suspend freeze stop end cut cease withhold pause scrap cancel terminate curtail
    break sever abandon""".split()
)
# Verbs that cut a cooperation back without ending it: CAMEO's own "reduce" acts (16x).
REDUCE_VERBS = frozenset("reduce slash trim curb scale downgrade lower".split())
SPEECH_VERBS = frozenset(
    """say tell report announce claim state add note write quote insist stress assert argue
    suggest confirm reiterate explain declare tweet""".split()
)
INTENT_VERBS = frozenset(
    """plan intend pledge promise vow aim seek want hope expect prepare agree decide offer
    commit try attempt move set wish""".split()
)
NEG_VERBS = frozenset("refuse decline fail reject avoid neglect omit".split())
DEMAND_VERBS = frozenset("demand insist order".split())
APPEAL_VERBS = frozenset(
    "urge ask appeal press encourage implore request plead pressure call".split()
)
HYPO_VERBS = frozenset("consider weigh mull contemplate".split())
# Nouns whose infinitive says what their possessor does: "Israel's refusal to join".
NEG_NOUNS = frozenset("refusal reluctance failure unwillingness".split())
INTENT_NOUNS = frozenset(
    """decision plan pledge promise offer commitment bid attempt readiness willingness
    intention vow""".split()
)
CONTROL_NOUNS = NEG_NOUNS | INTENT_NOUNS
PRONOUNS = {
    "he": "person",
    "him": "person",
    "his": "person",
    "she": "person",
    "her": "person",
    "it": "body",
    "its": "body",
    "they": "body",
    "them": "body",
    "their": "body",
}
COREF_NOUNS = {
    "country": "state",
    "kingdom": "state",
    "republic": "state",
    "state": "state",
    "emirate": "state",
    "nation": "state",
    "group": "group",
    "movement": "group",
    "organisation": "igo",
    "organization": "igo",
    "alliance": "igo",
    "bloc": "igo",
}
HYPO_AUX = frozenset("would could might may should".split())
FUTURE_AUX = frozenset(["will", "shall", "'ll", "wo"])
NE_LABELS = frozenset("GPE NORP ORG LOC PERSON FAC EVENT".split())
FORMS_CASELESS = frozenset(["name", "short", "official", "adjective", "demonym"])


# ---------------------------------------------------------------- actor table
@dataclass(frozen=True, slots=True)
class FormInfo:
    """One surface form of a gazetteer entry as the coder uses it."""

    text: str
    key: str
    kind: str
    form: str
    ambiguous: bool
    case_sensitive: bool


class ActorTable:
    """The gazetteer as the coder sees it: surface forms with their entry key, kind, form and
    ambiguity, and date-aware resolution of entry keys to actor ids. Built once per pipeline."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.forms: list[FormInfo] = []
        self.kinds: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        for sf in _gazetteer_forms(gazetteer):
            text = re.sub(r"^(?:the|The)\s+", "", sf.text.strip())
            if not text or (text, sf.key) in seen:
                continue
            seen.add((text, sf.key))
            kind = self.kinds.get(sf.key) or gazetteer.entry(sf.key).kind
            self.kinds[sf.key] = kind
            self.forms.append(
                FormInfo(text, sf.key, kind, sf.form, sf.ambiguous, sf.case_sensitive)
            )

    def resolve(self, keys: Sequence[str], on: dt.date | None) -> str | None:
        """The actor id that entry keys (one mention's candidates) stand for on a date:
        a person's country in the term in force, else the entry active on the date, else the
        first candidate (a person's latest country)."""
        gaz = self.gazetteer
        for key in keys:
            actor = gaz.entry(key)
            if actor.kind == "person":
                country = gaz.speaks_for(key, on) if on is not None else None
                if country is not None:
                    return country
            elif _active(actor, on):
                return actor.id
        first = gaz.entry(keys[0])
        if first.kind == "person":
            return gaz.speaks_for(keys[0], None) or first.country
        return first.id


def _active(actor: object, on: dt.date | None) -> bool:
    start = getattr(actor, "start", None)
    end = getattr(actor, "end", None)
    if on is None:
        return end is None
    return (start is None or start <= on) and (end is None or on <= end)


@dataclass(frozen=True, slots=True)
class _Form:
    text: str
    key: str
    form: str
    ambiguous: bool
    case_sensitive: bool


def _gazetteer_forms(gazetteer: Gazetteer) -> list[_Form]:
    """Surface forms with their flags (``Gazetteer.forms``), or plain (text, key) pairs."""
    forms = getattr(gazetteer, "forms", None)
    if callable(forms):
        return [
            _Form(f.text, f.key, f.form, bool(f.ambiguous), bool(f.case_sensitive)) for f in forms()
        ]
    return [
        _Form(t, k, "name", False, t.isupper() and len(t) <= 4)
        for t, k in gazetteer.surface_forms()
    ]


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mention: token span [start, end) of a Doc and its candidate entry keys."""

    start: int
    end: int
    keys: tuple[str, ...]
    kind: str
    form: str
    ambiguous: bool

    @property
    def key(self) -> str:
        return self.keys[0]


def build_matchers(nlp: Language, table: ActorTable) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-exact and case-free PhraseMatchers over the gazetteer's surface forms.

    Acronyms flagged case-sensitive ("US", "WHO") match only as written, so the words "us"
    and "who" stay words; every other form matches in any case ("iSrael", "tunisian")."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
    for i, f in enumerate(table.forms):
        label = f"geostance_form_{i}"
        if f.case_sensitive:
            exact.add(label, [nlp.make_doc(f.text)])
        else:
            caseless.add(label, [nlp.make_doc(f.text.lower())])
    return exact, caseless


def find_mentions(
    doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher], table: ActorTable
) -> list[Mention]:
    """Actor mentions in a Doc: longest non-overlapping matches, every entry a span matches
    kept as a candidate; ambiguous forms and one-word person names count only when the
    entity recogniser labels them as a name."""
    strings = doc.vocab.strings
    spans: dict[tuple[int, int], list[FormInfo]] = {}
    for matcher in matchers:
        for match_id, start, end in matcher(doc):
            f = table.forms[int(strings[match_id].rsplit("_", 1)[1])]
            if _plausible(doc, start, end, f):
                spans.setdefault((start, end), []).append(f)
    taken: set[int] = set()
    out: list[Mention] = []
    by_length = sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0]))
    for (start, end), forms in by_length:
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        keys = tuple(dict.fromkeys(f.key for f in forms))
        f0 = forms[0]
        out.append(Mention(start, end, keys, f0.kind, f0.form, any(f.ambiguous for f in forms)))
    out.sort(key=lambda m: m.start)
    return [
        m
        for k, m in enumerate(out)
        if not (
            k > 0
            and m.form in ("demonym", "adjective")
            and out[k - 1].end == m.start
            and out[k - 1].form in ("adjective", "demonym", "name", "short")
            and out[k - 1].key != m.key
        )
    ]


def _plausible(doc: Doc, start: int, end: int, info: FormInfo) -> bool:
    """Reject matches that are ordinary words: ambiguous forms and single-word person names
    need a name label from NER; single words tagged as verbs or adverbs are words."""
    tok = doc[start]
    if info.ambiguous or (info.kind == "person" and end - start == 1):
        if tok.ent_type_ not in NE_LABELS:
            return False
    if end - start == 1 and tok.pos_ in ("VERB", "AUX", "ADV", "ADP"):
        return False
    if info.form in ("adjective", "demonym") and start > 0:
        if doc[start - 1].lower_ in ("ethnic", "pro", "anti", "non", "former"):
            return False  # "ethnic Albanians" are not Albania; "pro-Russian" not Russia
        if start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("pro", "anti"):
            return False
    return True


# ---------------------------------------------------------------- events
@dataclass(frozen=True, slots=True)
class Arg:
    """An argument of an event resolved to a gazetteer key, with its character span."""

    key: str
    start: int
    end: int
    via: str  # direct | modifier | of | coref | relcl
    keys: tuple[str, ...] = ()
    ambiguous: bool = False

    @property
    def candidates(self) -> tuple[str, ...]:
        return self.keys or (self.key,)


@dataclass(frozen=True, slots=True)
class RawEvent:
    """An event found in one parsed chunk; offsets are character offsets into the chunk."""

    sent_start: int
    sent_end: int
    source: Arg
    target: Arg
    trigger_start: int
    trigger_end: int
    code: str
    negated: bool = False
    modality: Modality = "asserted"
    confidence: float = 0.5
    attribution: str | None = None
    attribution_keys: tuple[str, ...] = ()

    @classmethod
    def at(
        cls,
        sent: Span,
        trigger: Token,
        source: Arg,
        target: Arg,
        code: str,
        negated: bool = False,
        modality: Modality = "asserted",
        confidence: float = 0.5,
        attribution: str | None = None,
    ) -> RawEvent:
        """An event of ``sent`` whose trigger is the token ``trigger`` (offsets derived)."""
        return cls(
            sent.start_char,
            sent.end_char,
            source,
            target,
            trigger.idx,
            trigger.idx + len(trigger.text),
            code,
            negated,
            modality,
            confidence,
            attribution,
        )

    def pack(self) -> list[object]:
        """Plain values only, so spaCy can ship the Doc between processes (msgpack)."""
        return [
            self.sent_start, self.sent_end, _pack_arg(self.source), _pack_arg(self.target),
            self.trigger_start, self.trigger_end, self.code, self.negated, self.modality,
            self.confidence, self.attribution, list(self.attribution_keys),
        ]  # fmt: skip

    @classmethod
    def unpack(cls, row: Sequence[Any]) -> RawEvent:
        """The inverse of :meth:`pack` (lists may come back for tuples)."""
        return cls(
            row[0], row[1], _unpack_arg(row[2]), _unpack_arg(row[3]), row[4], row[5], row[6],
            bool(row[7]), row[8], float(row[9]), row[10], tuple(row[11]),
        )  # fmt: skip


def _pack_arg(a: Arg) -> list[object]:
    return [a.key, a.start, a.end, a.via, list(a.keys), a.ambiguous]


def _unpack_arg(row: Sequence[Any]) -> Arg:
    return Arg(row[0], row[1], row[2], row[3], tuple(row[4]), bool(row[5]))


@dataclass
class _Ctx:
    """Per-Doc lookup state shared by the rule functions."""

    doc: Doc
    mentions: list[Mention]
    tok2m: dict[int, Mention] = field(default_factory=dict)
    verbs: dict[str, list[cameo.Trigger]] = field(default_factory=dict)
    nouns: dict[str, cameo.Trigger] = field(default_factory=dict)
    coref_groups: dict[int, list[Arg]] = field(default_factory=dict)
    last_resolution: tuple[Arg, str] | None = None
    speaker_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pending_votes: list[RawEvent] = field(default_factory=list)


def trigger_tables() -> tuple[dict[str, list[cameo.Trigger]], dict[str, cameo.Trigger]]:
    """Lexicon rows keyed by lemma: verbs (several rows per lemma, by particle) and nouns."""
    verbs: dict[str, list[cameo.Trigger]] = {}
    nouns: dict[str, cameo.Trigger] = {}
    for row in cameo.lexicon():
        if row.pos == "verb":
            verbs.setdefault(row.lemma, []).append(row)
        else:
            nouns.setdefault(row.lemma, row)
    return verbs, nouns


def find_events(
    doc: Doc,
    mentions: list[Mention],
    verbs: dict[str, list[cameo.Trigger]],
    nouns: dict[str, cameo.Trigger],
) -> list[RawEvent]:
    """Every event in a parsed Doc whose sentence holds an actor mention and a trigger."""
    return find_events_in_chunk(doc, mentions, verbs, nouns).events


@dataclass(frozen=True, slots=True)
class ChunkEvents:
    """What one parsed chunk (paragraph) gives: its events, its votes on "the resolution"
    that name no resolution of their own (``code`` is ``vote:<choice>``, the target empty),
    and the last resolution it describes (target, stance) for the paragraphs after it."""

    events: list[RawEvent]
    pending_votes: list[RawEvent] = field(default_factory=list)
    last_resolution: tuple[Arg, str] | None = None

    def pack(self) -> list[object]:
        """Plain values only (see :meth:`RawEvent.pack`)."""
        last = self.last_resolution
        return [
            [e.pack() for e in self.events],
            [e.pack() for e in self.pending_votes],
            [_pack_arg(last[0]), last[1]] if last is not None else None,
        ]

    @classmethod
    def unpack(cls, row: Sequence[Any]) -> ChunkEvents:
        """The inverse of :meth:`pack`."""
        last = (_unpack_arg(row[2][0]), str(row[2][1])) if row[2] else None
        return cls([RawEvent.unpack(r) for r in row[0]], [RawEvent.unpack(r) for r in row[1]], last)


def find_events_in_chunk(
    doc: Doc,
    mentions: list[Mention],
    verbs: dict[str, list[cameo.Trigger]],
    nouns: dict[str, cameo.Trigger],
) -> ChunkEvents:
    """:func:`find_events` with what the next paragraphs need: votes waiting for a
    resolution named earlier in the document, and the last resolution described here."""
    if not mentions:
        return ChunkEvents([])
    ctx = _Ctx(doc, mentions, verbs=verbs, nouns=nouns)
    for m in mentions:
        for i in range(m.start, m.end):
            ctx.tok2m[i] = m
    out: list[RawEvent] = []
    sents_done: set[int] = set()
    for m in mentions:
        sent = doc[m.start].sent
        if sent.start in sents_done:
            continue
        sents_done.add(sent.start)
        out.extend(_sentence_events(ctx, sent))
    events = [
        replace(e, attribution_keys=ctx.speaker_keys[e.attribution])
        if e.attribution in ctx.speaker_keys
        else e
        for e in out
    ]
    return ChunkEvents(events, ctx.pending_votes, ctx.last_resolution)


def _sentence_events(ctx: _Ctx, sent: Span) -> list[RawEvent]:
    """The events of one sentence; a yes/no question asserts nothing, and triggers inside a
    hedge ("analysts argue that", "is widely seen as") are skipped (see :mod:`.frames`)."""
    if frames.yes_no_question(sent):
        return []
    events: list[RawEvent] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and lemma in RES_NOUNS:
            _remember_resolution(ctx, tok)
        is_verb = tok.pos_ in ("VERB", "AUX") and lemma in ctx.verbs
        is_noun = not is_verb and tok.pos_ in ("NOUN", "PROPN") and lemma in ctx.nouns
        if not (is_verb or is_noun) or _hedged(ctx, tok):
            continue
        if is_verb:
            events.extend(_verb_events(ctx, tok, sent))
        else:
            events.extend(_noun_events(ctx, tok, sent))
    return _dedupe(events)


def _hedged(ctx: _Ctx, tok: Token) -> bool:
    """Whether a trigger (or, for a noun, the verb it hangs from) sits inside a hedge."""
    anchor: Token | None = tok
    if tok.pos_ not in ("VERB", "AUX"):
        anchor = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if anchor is None:
        return False
    return frames.hedged(anchor, lambda t: _np_actor(ctx, t, role="source") is not None)


def _dedupe(events: list[RawEvent]) -> list[RawEvent]:
    best: dict[tuple[str, str, int, int], RawEvent] = {}
    for e in events:
        k = (e.source.key, e.target.key, e.target.start, e.trigger_start)
        if k not in best or e.confidence > best[k].confidence:
            best[k] = e
    return [e for e in best.values() if e.source.key != e.target.key]


def _row_for(ctx: _Ctx, verb: Token) -> cameo.Trigger | None:
    """The lexicon row of a verb: a row whose particle/preposition hangs off the verb wins."""
    rows = ctx.verbs.get(verb.lemma_.lower(), [])
    preps = {
        c.lower_
        for c in verb.children
        if c.dep_ in ("prt", "prep", "advmod")
        and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
    }
    plain = None
    for row in rows:
        if row.prep and row.prep in preps:
            return row
        if not row.prep:
            plain = row
    return plain


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in wanted:
            out.extend(_children(c, "pobj"))
        elif c.dep_ == "prep" and c.lower_ == "in" and "in favour of" in wanted:
            out.extend(_pobjs(c, ["favour_of"]))
    return out


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


# ---- actors of noun phrases
def _span_arg(ctx: _Ctx, m: Mention, head: Token, via: str) -> Arg:
    doc = ctx.doc
    start = min(m.start, head.i)
    end = max(m.end, head.i + 1)
    if via in ("coref", "of", "relcl"):
        start, end = m.start, m.end
    last = doc[end - 1]
    return Arg(m.key, doc[start].idx, last.idx + len(last.text), via, m.keys, m.ambiguous)


def _np_actor(ctx: _Ctx, tok: Token, *, role: str, depth: int = 0) -> Arg | None:
    """The actor a noun phrase headed by ``tok`` stands for, if any.

    Order: the head itself is a mention; a possessive, compound or adjective modifier is one
    ("Israel's settlements", "the Israeli government"); an agent noun's "of" object ("the
    foreign minister of Iran"); a relative pronoun's antecedent; a pronoun or "the country"
    by coreference.
    """
    m = ctx.tok2m.get(tok.i)
    if m is not None:
        return _span_arg(ctx, m, tok, "direct")
    if depth > 2:
        return None
    lower = tok.lower_
    if tok.tag_ in ("WDT", "WP", "WP$") and tok.head.dep_ == "relcl":
        return _np_actor(ctx, tok.head.head, role=role, depth=depth + 1)
    if lower in PRONOUNS and tok.pos_ == "PRON" or (lower in ("his", "its", "their", "her")):
        return _coref(ctx, tok, PRONOUNS.get(lower, "body"))
    if lemma_of(tok) in RELATIONAL_NOUNS:
        return None
    for dep in ("poss", "compound", "amod", "nmod"):
        for c in tok.children:
            if c.dep_ != dep:
                continue
            cm = ctx.tok2m.get(c.i)
            if cm is not None:
                if cm.form == "capital" and dep == "compound" and lemma_of(tok) not in AGENT_NOUNS:
                    continue  # "the Madrid conference" is a place, not Spain
                return _span_arg(ctx, cm, tok, "modifier")
            if dep == "poss" and c.pos_ == "PRON":
                return _coref(ctx, c, PRONOUNS.get(c.lower_, "body"))
            if dep == "compound":
                for cc in c.children:
                    ccm = ctx.tok2m.get(cc.i) if cc.dep_ in ("compound", "amod", "poss") else None
                    if ccm is not None:
                        return _span_arg(ctx, ccm, tok, "modifier")
    lemma = tok.lemma_.lower()
    if lemma in AGENT_NOUNS or (role == "target" and lemma in ACT_NOUNS):
        preps: tuple[str, ...] = ("of", "from", "for") if lemma in AGENT_NOUNS else ("of", "by")
        if lemma in INSTITUTION_NOUNS or (role == "target" and lemma in PLACE_NOUNS):
            preps += ("in",)  # "a court in Guyana", "struck targets in Lebanon"
        for p in _pobjs(tok, preps):
            a = _np_actor(ctx, p, role=role, depth=depth + 1)
            if a is not None:
                return replace(a, via="of")
    if role == "target" and lemma in DEAL_NOUNS:
        for p in _pobjs(tok, ("with", "between")):
            a = _np_actor(ctx, p, role=role, depth=depth + 1)
            if a is not None:
                return replace(a, via="of")
    if lemma in AGENT_NOUNS:
        app = _child(tok, "appos")
        if app is not None:
            return _np_actor(ctx, app, role=role, depth=depth + 1)
    if lemma in COREF_NOUNS and any(c.lower_ == "the" for c in tok.children):
        if not _children(tok, "prep", "amod", "compound"):
            return _coref(ctx, tok, COREF_NOUNS[lemma])
    if tok.pos_ == "PROPN" and lemma not in AGENT_NOUNS:
        app = _child(tok, "appos")
        if app is not None and app.i in ctx.tok2m:
            return _np_actor(ctx, app, role=role, depth=depth + 1)
    return None


def lemma_of(tok: Token) -> str:
    return tok.lemma_.lower()


def _coref(ctx: _Ctx, tok: Token, want: str) -> Arg | None:
    """The most recent compatible actor mention before ``tok`` in the same chunk (paragraph).

    "he"/"she" take persons; "it"/"its" take states, organisations and groups; "they" takes
    any actor (and a coordinated group as a whole); "the country" takes states. Mentions used
    as places ("in Zurich") and adjectives are not antecedents."""
    plural = tok.lower_ in ("they", "them", "their")
    own = _governing_subjects(tok) if tok.dep_ == "poss" else set()
    fallback: Mention | None = None
    for m in reversed(ctx.mentions):
        if m.start >= tok.i:
            continue
        if m.start >= tok.sent.start and _same_clause_subject(ctx, m, tok):
            continue
        mt = ctx.doc[m.end - 1]
        if m.form == "adjective" or _is_place(mt):
            continue
        ok = (
            (want == "person" and m.kind == "person")
            or (want == "body" and (m.kind != "person" or plural))
            or (want == "state" and m.kind in ("state", "former_state"))
            or (want == "group" and m.kind == "group")
            or (want == "igo" and m.kind == "igo")
        )
        if not ok:
            continue
        if own and any(i in own for i in range(m.start, m.end)):
            return None  # "Russia defended its policy": "its" is the subject itself
        if fallback is None:
            fallback = m
        if not _subjectish(ctx.doc[m.start]):
            continue  # prefer the latest subject to a later object (salience)
        return _coref_arg(ctx, tok, m, plural)
    if fallback is not None:
        return _coref_arg(ctx, tok, fallback, plural)
    return None


def _subjectish(t: Token) -> bool:
    """A mention that is a subject, or modifies one ("the Kremlin's reluctance")."""
    for _ in range(3):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return True
        if t.dep_ not in ("poss", "compound", "amod", "conj", "appos"):
            return False
        t = t.head
    return False


def _coref_arg(ctx: _Ctx, tok: Token, m: Mention, plural: bool) -> Arg:
    """The Arg of a pronoun resolved to mention ``m`` (a coordinated group for "they")."""
    arg = Arg(m.key, tok.idx, tok.idx + len(tok.text), "coref", m.keys)
    if plural:
        head = ctx.doc[m.start]
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        group = []
        for t in (head, *head.conjuncts):
            gm = ctx.tok2m.get(t.i)
            if gm is not None:
                group.append(Arg(gm.key, tok.idx, tok.idx + len(tok.text), "coref", gm.keys))
        if group:
            ctx.coref_groups[tok.i] = group
            return group[0]
    return arg


def _governing_subjects(tok: Token) -> set[int]:
    """Tokens of the subjects of the verbs above a possessive ("Russia defended its policy":
    "its" is not a second actor, so the subject is no antecedent for a target)."""
    out: set[int] = set()
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            subj, _ = _subject_token(anc)
            if subj is not None:
                for t in (subj, *subj.conjuncts):
                    out.add(t.i)
                    out.update(c.i for c in t.children if c.dep_ in ("compound", "amod", "poss"))
            break
    return out


def _is_place(tok: Token) -> bool:
    """A mention used as a place: the object of a locative preposition."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "near", "into", "outside")


def _same_clause_subject(ctx: _Ctx, m: Mention, tok: Token) -> bool:
    """A pronoun object does not refer to its own clause's subject ("Israel defended it")."""
    mt = ctx.doc[m.start]
    return tok.dep_ in ("dobj", "pobj") and mt.head == tok.head and mt.dep_ == "nsubj"


def _with_conjuncts(ctx: _Ctx, tok: Token, role: str) -> list[Arg]:
    """The actors of a noun phrase and of its conjuncts and listed appositions ("the US,
    Russia and China"; "US and British activists"; "they" after "Obama and Putin")."""
    toks = [tok, *tok.conjuncts]
    for c in tok.children:
        if c.dep_ == "appos" and c.i in ctx.tok2m:
            toks.extend([c, *c.conjuncts])
        if c.dep_ == "prep" and c.lower_ in ("including", "like") and tok.i not in ctx.tok2m:
            for p in _children(c, "pobj"):  # "members, including Russia and China"
                toks.extend([p, *p.conjuncts])
    out: list[Arg] = []
    seen: set[str] = set()
    for t in toks:
        a = _np_actor(ctx, t, role=role)
        if a is None:
            continue
        group = [a]
        if a.via == "modifier":
            for c in t.children:
                if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in ctx.tok2m:
                    for cc in c.conjuncts:
                        m = ctx.tok2m.get(cc.i)
                        if m is not None:
                            group.append(_span_arg(ctx, m, cc, "modifier"))
        elif a.via == "coref" and t.lower_ in ("they", "them", "their"):
            group = ctx.coref_groups.get(t.i, group)
        for g in group:
            if g.key not in seen:
                seen.add(g.key)
                out.append(g)
    return out


# ---- subjects and objects of verbs
def _subject_token(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The token naming who acts, and whether it came through a passive "by" phrase."""
    subj = _child(verb, "nsubj", "csubj")
    if subj is not None:
        return subj, False
    if _is_passive(verb):
        agent = _child(verb, "agent")
        if agent is not None:
            pobj = _child(agent, "pobj")
            return pobj, True
        return None, True
    if depth > 3:
        return None, False
    if verb.dep_ == "xcomp" and _is_passive(verb.head):
        # "Saudi Arabia is expected to normalise", "Israel was urged to halt": the passive's
        # subject does the complement (hedges such as "is believed to" are dropped earlier)
        return _child(verb.head, "nsubjpass"), False
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and _child(verb, "dobj") is not None:
        head = verb.head  # "Egypt and Qatar, the two mediators, hosted ...": a misparsed
        while head.dep_ == "appos" and head.head.i != head.i:  # main verb under an apposition
            head = head.head
        if head.dep_ == "ROOT" and head.pos_ in ("PROPN", "NOUN"):
            return head, False
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in APPEAL_VERBS | DEMAND_VERBS:
            obj = _child(head, "dobj")
            if obj is None:
                called = _pobjs(head, ("on", "upon"))
                obj = called[0] if called else None
            if obj is not None:
                return obj, False
        if verb.dep_ == "advcl" and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        ):
            return None, False
        return _subject_token(head, depth + 1)
    if verb.dep_ == "acl" and lemma_of(verb.head) in CONTROL_NOUNS:
        poss = _child(verb.head, "poss")  # "Israel's refusal to join sanctions"
        return poss, False
    ctl = frames.gerund_controller(verb)
    if ctl is not None:
        head, prep = ctl  # "stopped short of condemning": the controller's subject acts
        if head.pos_ in ("VERB", "AUX"):
            obj = _child(head, "dobj")
            if prep.lower_ in ("of", "for") and obj is not None:
                return obj, False  # "accused X of attacking Y": X attacks
            return _subject_token(head, depth + 1)
    return None, False


def _object_tokens(verb: Token, row: cameo.Trigger | None, passive: bool) -> list[Token]:
    if passive:
        subj = _child(verb, "nsubjpass")
        return [subj] if subj is not None else []
    out = _children(verb, "dobj", "dative")
    if row is not None and row.targets:
        out.extend(_pobjs(verb, row.targets))
    for prt in _children(verb, "prt"):
        out.extend(_pobjs(prt, row.targets if row else ()))
    return out


# ---- negation and modality
def _negated_here(tok: Token) -> bool:
    """ "not", "n't", "never", "no longer" (parsed as "longer" with a "no" below it)."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ == "never":
            return True
        if c.lower_ == "longer" and any(x.lower_ == "no" for x in c.children):
            return True
    return False


def _modality_and_negation(verb: Token) -> tuple[Modality, bool, Token | None]:
    """(modality, negated, reporting verb) of a verb from its auxiliaries and the verbs that
    control it ("refused to", "plans to", "called on X to", "said that")."""
    negated = _negated_here(verb)
    modality: Modality = "asserted"
    speech: Token | None = None
    for c in verb.children:
        if c.dep_ == "aux":
            low = c.lower_
            if low in FUTURE_AUX or low == "going":
                modality = "intended"
            elif low in HYPO_AUX:
                modality = "hypothetical"
            elif low == "must":
                modality = "demanded"
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "lest"):
            modality = "hypothetical"
        if (
            c.dep_ == "mark"
            and c.lower_ == "that"
            and any(x.lower_ == "so" for x in verb.children if x.i < c.i)
        ):
            modality = "hypothetical"  # "so that X does not clash with Y": a purpose
    if verb.dep_ == "acl" and lemma_of(verb.head) in CONTROL_NOUNS:
        if lemma_of(verb.head) in NEG_NOUNS:
            negated = not negated
        elif modality == "asserted":
            modality = "intended"
    subj = _child(verb, "nsubj", "nsubjpass")
    if subj is not None and any(c.lower_ in ("neither", "nor") for c in subj.children):
        negated = not negated  # "Neither Russia nor China has recognised ..."
    if (
        verb.dep_ == "ROOT"
        and subj is not None
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        modality = "intended"  # a headline's "China to host Palestinian factions"
    cur = verb
    for _ in range(5):
        if frames.negating_frame(cur):
            negated = not negated  # "refrained from criticising", "has yet to condemn"
            ctl = frames.gerund_controller(cur)
            if ctl is not None and _negated_here(ctl[0]):
                negated = not negated
        if cur.dep_ == "pcomp":
            ctl = frames.gerund_controller(cur)
            if ctl is None or not frames.negating_frame(cur):
                break  # "accused X of attacking": the accusation's frame is not the act's
            cur = ctl[0]  # "will refrain from criticising": the controller's modality
            continue
        if cur.dep_ not in ("xcomp", "ccomp", "advcl", "conj") or cur.head.i == cur.i:
            break
        head = cur.head
        hl = head.lemma_.lower()
        if cur.dep_ == "xcomp":
            if hl in NEG_VERBS:
                negated = not negated
                if _negated_here(head):
                    negated = not negated
            elif hl in APPEAL_VERBS or hl in DEMAND_VERBS:
                modality = "demanded"
                break
            elif hl in HYPO_VERBS:
                modality = "hypothetical"
            elif hl in INTENT_VERBS or hl == "threaten":
                if modality == "asserted":
                    modality = "intended"
                if _negated_here(head):
                    negated = not negated
            elif hl == "be" and any(c.lower_ in ("set", "due", "expected") for c in head.children):
                modality = "intended"
        elif cur.dep_ == "advcl" and (hl in APPEAL_VERBS or hl in DEMAND_VERBS):
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
                modality = "demanded"
                break
        elif cur.dep_ == "ccomp" and hl in WANT_VERBS and _child(cur, "nsubj") is not None:
            modality = "demanded"
            break
        elif cur.dep_ == "ccomp" and hl in SPEECH_VERBS:
            speech = head
            auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
            if modality == "hypothetical" and "would" in auxes:
                modality = "intended"  # "said he would not provide support"
            elif "should" in auxes:
                modality = "demanded"  # "said the US should lift its sanctions"
            break
        elif cur.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in cur.children):
            modality = "hypothetical"
        cur = head
    return modality, negated, speech


def _attribution(ctx: _Ctx, verb: Token, source: Arg) -> str | None:
    """Who reports the event: the subject of a reporting verb above it ("..., TASS reported"),
    or "according to X" - unless that is the event's own source."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            p = _pobjs(c, ("to",))
            if p:
                return _phrase(ctx, p[0])
    cur = verb
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in SPEECH_VERBS:
            subj = _child(head, "nsubj")
            if subj is None:
                return None
            a = _np_actor(ctx, subj, role="source")
            if a is not None and a.key == source.key:
                return None
            phrase = _phrase(ctx, subj)
            if a is not None and a.via == "direct":
                ctx.speaker_keys[phrase] = a.candidates  # compared with the source later
            return phrase
        if cur.dep_ == "ROOT":
            for c in cur.children:
                if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in SPEECH_VERBS:
                    if c.i > verb.i:
                        subj = _child(c, "nsubj")
                        if subj is not None:
                            return _phrase(ctx, subj)
            break
        cur = head
    return None


def _phrase(ctx: _Ctx, tok: Token) -> str:
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "appos", "flat"):
            right = c.right_edge.i
    return ctx.doc[left : right + 1].text


# ---- code refinement
def _lemmas_under(tok: Token, limit: int = 12) -> set[str]:
    out = {tok.lemma_.lower()}
    for i, t in enumerate(tok.subtree):
        if i > limit:
            break
        out.add(t.lemma_.lower())
    return out


def _refine(code: str, words: set[str]) -> str:
    """Narrow a family code using words in the act's object ("humanitarian aid" -> 073)."""
    root = code[:2]
    if root == "07":
        if words & HUMANITARIAN_WORDS:
            return "073"
        if words & ARMS_WORDS:
            return "072"
        if words & ECON_WORDS:
            return "071"
        if "peacekeeper" in words or "peacekeeping" in words:
            return "074"
    if code in ("080", "085"):
        for w, c in EASE_OBJECTS.items():
            if w in words:
                return c
    if code == "050" and words & {"military", "defence", "defense", "security"}:
        return "062"
    if root == "06" and words & ARMS_WORDS:
        return "062"  # "arms sales to Israel": military cooperation
    if code == "112":
        if words & {"genocide", "war", "crime"} >= {"war", "crime"} or "genocide" in words:
            return "1124"
        if words & {"aggression", "invasion"}:
            return "1123"
        if words & {"espionage", "spy", "spying"}:
            return "1125"
    return code


INTENT_CODE = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
THREAT_CODE = {"18": "138", "19": "138", "20": "138", "17": "130", "15": "138", "14": "133"}
FORCE_ROOTS = frozenset(["18", "19", "20"])
FIGHT_NOUNS = {
    "firefight": "193",
    "gunfight": "193",
    "battle": "190",
    "fighting": "190",
    "clash": "190",
    "combat": "190",
    "skirmish": "190",
    "war": "190",
    "fight": "190",
    "exchange": "190",
}
SYMMETRIC_VERBS = frozenset("meet talk confer negotiate clash fight cooperate trade".split())
MIRRORED_CODES = frozenset(["040", "046"])
WANT_VERBS = frozenset("want expect need wish".split())
ACCUSING_SPEECH = frozenset("say claim allege charge insist assert accuse".split())
DEMAND_CODE = {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}
APPEAL_CODE = {"04": "026", "05": "022", "06": "021", "07": "023", "08": "025"}


def _intent_code(code: str) -> str:
    """CAMEO codes a stated intention as its own act: cooperation -> 03x, force -> 13x."""
    root = code[:2]
    if root in INTENT_CODE:
        return INTENT_CODE[root]
    if root in FORCE_ROOTS:
        return "138"
    return code


# ---- verb events
def _verb_events(ctx: _Ctx, verb: Token, sent: Span) -> list[RawEvent]:
    row = _row_for(ctx, verb)
    if row is None:
        return []
    flags = row.flags
    lemma = row.lemma
    if lemma in WANT_VERBS:
        return _want_events(ctx, verb, sent)
    if flags & {"neg", "intent"} and _child(verb, "xcomp") is not None:
        return []  # the complement carries the act ("refused to condemn")
    if "light" in flags or lemma in LIGHT_VERBS:
        obj = _child(verb, "dobj")
        if obj is not None and obj.lemma_.lower() in ctx.nouns:
            return []  # coded from the noun ("pledged support to")
    if lemma in ("vote", "abstain") or ("vote" in flags and _res_object(verb) is not None):
        return _vote_events(ctx, verb, sent, row)
    if "needres" in flags or lemma in HALT_VERBS:
        return []
    if "nocomp" in flags and _children(verb, "oprd", "xcomp", "ccomp", "acomp"):
        return []  # "called the move illegal" is no phone call
    if row.code == "054" and any(
        _lemmas_under(p) & {"terrorist", "terror", "enemy", "threat", "aggressor"}
        for p in _pobjs(verb, ("as",))
    ):
        return []  # recognising a group "as a terrorist organisation" is no recognition
    if "needfight" in flags:
        fights = [p for p in _pobjs(verb, ("in", "into")) if p.lemma_.lower() in FIGHT_NOUNS]
        if not fights:
            return []
        row = replace(row, code=FIGHT_NOUNS[fights[0].lemma_.lower()])
    passive = _is_passive(verb)
    objects = _object_tokens(verb, row, passive)
    code = row.code
    obj_words: set[str] = set()
    for o in objects[:2]:
        obj_words |= _lemmas_under(o)
    if not _needs_met(flags, objects, obj_words, ctx):
        return []
    if "needaid" in flags:
        code = _refine("070", obj_words) if obj_words & AID_NOUNS else code
    elif "needarms" in flags:
        code = "072"
    code = _refine(code, obj_words)
    subj_tok, by_agent = _subject_token(verb)
    if subj_tok is None:
        return []
    sources = _with_conjuncts(ctx, subj_tok, "source")
    if not sources:
        return []
    sources += _ellipsis_sources(ctx, verb, sources)
    targets = _targets_of(ctx, objects, row, verb)
    conf = 0.8
    if not targets and code[:2] == "14":
        targets = _place_targets(ctx, verb)  # a protest is aimed at where it is held
        conf -= 0.1
    elif (
        not targets and code[:2] in FORCE_ROOTS and any(lemma_of(o) in PLACE_NOUNS for o in objects)
    ):
        targets = _place_targets(ctx, verb)  # "attacked civilian targets in Lebanon"
        conf -= 0.1
    pairs: list[tuple[Arg, Arg]] = [(s, t) for s in sources for t in targets]
    if not targets and lemma in SYMMETRIC_VERBS and len(sources) > 1:
        pairs = [(a, b) for a in sources for b in sources if a.key != b.key]
        targets = sources
    if not pairs:
        return []
    modality, negated, speech = _modality_and_negation(verb)
    if (
        lemma in SYMMETRIC_VERBS
        and code in MIRRORED_CODES
        and targets is not sources
        and not negated
        and modality == "asserted"
    ):
        pairs += [(t, s) for s, t in pairs]
    xcomp = _child(verb, "xcomp")
    xrow = _row_for(ctx, xcomp) if xcomp is not None else None
    if "threat" in flags and xrow is not None:
        code = _threat_code(xrow.code)
    if flags & {"demand", "appeal"} and xrow is not None:
        table = DEMAND_CODE if "demand" in flags else APPEAL_CODE
        code = table.get(xrow.code[:2], code)
    if _under_threat(verb):
        code, modality = _threat_code(code), "asserted"
    elif modality == "intended":
        code = _intent_code(code)
    conf = _confidence(conf, sources, targets, passive=passive or by_agent, verb=verb)
    if modality == "hypothetical":
        conf -= 0.1
    attribution = _attribution(ctx, verb, sources[0])
    if attribution is not None:
        conf -= 0.05
    out = [
        RawEvent.at(
            sent,
            verb,
            s,
            t,
            code,
            negated,
            modality,
            _clamp(conf - _distance_penalty(verb, s, t)),
            attribution,
        )
        for s, t in pairs
        if s.key != t.key
    ]
    if speech is not None and out:
        out.extend(_accusations(ctx, speech, out, sent))
    return out


def _ellipsis_sources(ctx: _Ctx, verb: Token, sources: list[Arg]) -> list[Arg]:
    """Actors that do the same act by ellipsis or comparison: "..., as did France and
    Britain", "and so did China", "Like Moscow, Beijing voted ..." ("unlike" is no match)."""
    toks: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("advcl", "conj") and c.lemma_.lower() == "do":
            marked = any(
                x.lower_ == "as" and x.dep_ == "mark" or x.lower_ == "so" for x in c.children
            )
            if marked and not _children(c, "dobj", "xcomp", "ccomp", "neg"):
                toks.extend(_children(c, "nsubj"))
        if c.dep_ == "prep" and c.lower_ == "like" and c.i < verb.i:
            toks.extend(_children(c, "pobj"))
    subj = _child(verb, "nsubj")
    if subj is not None:
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ == "like":
                toks.extend(_children(c, "pobj"))
    have = {s.key for s in sources}
    out: list[Arg] = []
    for t in toks:
        for a in _with_conjuncts(ctx, t, "source"):
            if a.key not in have and a.via in ("direct", "modifier"):
                have.add(a.key)
                out.append(replace(a, via="of"))
    return out


def _under_threat(verb: Token) -> bool:
    """An act threatened ("threatened to strike", "warned it would cut ties")."""
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in ("threaten", "warn")


def _threat_code(code: str) -> str:
    """ "threatened to strike" -> 138, "threatened sanctions" -> 1312, else 130."""
    if code[:2] in FORCE_ROOTS:
        return "138"
    if code.startswith("163"):
        return "1312"
    if code[:2] == "16":
        return "131"
    return THREAT_CODE.get(code[:2], "130")


def _place_targets(ctx: _Ctx, verb: Token) -> list[Arg]:
    out: list[Arg] = []
    for p in _pobjs(verb, ("in", "outside", "at")):
        out = _with_conjuncts(ctx, p, "target")
        if out:
            break
    return out


def _want_events(ctx: _Ctx, verb: Token, sent: Span) -> list[RawEvent]:
    """ "Obama wants Putin to attack X": an appeal from Obama to Putin (the wanted act is
    coded on its own, with modality demanded)."""
    comp = _child(verb, "ccomp")
    if comp is None:
        return []
    subj = _child(verb, "nsubj")
    obj = _child(comp, "nsubj")
    if subj is None or obj is None:
        return []
    sources = _with_conjuncts(ctx, subj, "source")
    targets = _with_conjuncts(ctx, obj, "target")
    if not sources or not targets:
        return []
    crow = _row_for(ctx, comp)
    code = APPEAL_CODE.get(crow.code[:2], "020") if crow is not None else "020"
    modality, negated, _ = _modality_and_negation(verb)
    conf = _confidence(0.7, sources, targets, passive=False, verb=verb)
    return [
        RawEvent.at(
            sent,
            verb,
            s,
            t,
            code,
            negated,
            modality,
            _clamp(conf),
            None,
        )
        for s in sources
        for t in targets
        if s.key != t.key
    ]


def _accusations(
    ctx: _Ctx, speech: Token, events: list[RawEvent], sent: Span, verb: Token | None = None
) -> list[RawEvent]:
    """ "Ukraine says Russia attacked Kyiv": the speaker accuses the attacker (CAMEO 112);
    "Russia says Israel must end its strikes": the speaker demands it (10x; "should": 02x)."""
    if speech.lemma_.lower() not in ACCUSING_SPEECH:
        return []
    subj = _child(speech, "nsubj")
    if subj is None:
        return []
    speakers = [a for a in _with_conjuncts(ctx, subj, "source") if a.via in ("direct", "coref")]
    out: list[RawEvent] = []
    for e in events:
        code = "112"
        trig = ctx.doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
        head = verb if verb is not None else (trig.root if trig is not None else None)
        auxes = {c.lower_ for c in head.children if c.dep_ == "aux"} if head is not None else set()
        if "must" in auxes:  # "Russia says Israel must end its strikes": a demand
            code = DEMAND_CODE.get(e.code[:2], "100")
        elif "should" in auxes:  # "... should end ...": an appeal
            code = APPEAL_CODE.get(e.code[:2], "020")
        elif e.negated or e.modality != "asserted" or cameo.lookup(e.code).quad_class != 4:
            continue
        for sp in speakers:
            if sp.key in (e.source.key,):
                continue
            accused = replace(e.source, via="direct")
            out.append(
                RawEvent.at(
                    sent,
                    speech,
                    sp,
                    accused,
                    code,
                    False,
                    "asserted",
                    _clamp(e.confidence - 0.1),
                    None,
                )
            )
    return out


def _needs_met(flags: frozenset[str], objects: list[Token], words: set[str], ctx: _Ctx) -> bool:
    """Rows that only code with a fitting object ("sign" needs an agreement, "sell" arms)."""
    if "needdeal" in flags:
        return bool(words & DEAL_NOUNS) or any(o.i in ctx.tok2m for o in objects)
    if "needaid" in flags:
        return bool(words & AID_NOUNS)
    if "needarms" in flags:
        return bool(words & ARMS_WORDS)
    if "needobj" in flags:
        return bool(words & set(EASE_OBJECTS))
    if "needtroops" in flags:
        return bool(words & TROOP_WORDS)
    if "needweapon" in flags:
        return bool(words & WEAPON_WORDS)
    if "needenvoy" in flags:
        return bool(words & ENVOY_WORDS)
    if "needborder" in flags:
        return bool(words & {"border", "crossing", "airspace", "port", "frontier"})
    if "needactor" in flags:
        return any(_names_actor(ctx, o) for o in objects)
    return True


# Nouns that stand for their actor's standing as a state ("recognised Palestinian statehood").
STATUS_NOUNS = frozenset("statehood independence sovereignty state government".split())


def _names_actor(ctx: _Ctx, o: Token) -> bool:
    """An object that is an actor: a mention, or a phrase of people or standing that belongs
    to one ("Hamas leaders", "Palestinian statehood") - not a thing ("Russian weapons")."""
    if o.i in ctx.tok2m:
        return True
    if lemma_of(o) in AGENT_NOUNS or lemma_of(o) in STATUS_NOUNS:
        return _np_actor(ctx, o, role="target") is not None
    return False


def _targets_of(
    ctx: _Ctx, objects: list[Token], row: cameo.Trigger | None, verb: Token
) -> list[Arg]:
    """The first object that names an actor, directly or through its own prepositions
    ("lift the sanctions on Iran", "endorsed an agreement with the EU")."""
    for o in objects:
        found = _with_conjuncts(ctx, o, "target")
        if found:
            return found
        preps: tuple[str, ...] = row.targets if row is not None else ()
        nrow = ctx.nouns.get(o.lemma_.lower())
        if nrow is not None:
            preps = preps + nrow.targets
        elif lemma_of(o) in EASE_OBJECTS:
            preps = preps + ("on", "against")  # "lift the ban on Cypriot ships"
        for p in _pobjs(o, preps):
            found = _with_conjuncts(ctx, p, "target")
            if found:
                return found
    return []


def _confidence(
    base: float, sources: list[Arg], targets: list[Arg], *, passive: bool, verb: Token
) -> float:
    conf = base
    for a in (sources[0], targets[0]):
        if a.ambiguous:
            conf -= 0.1
        if a.via == "coref":
            conf -= 0.2
        elif a.via in ("of", "relcl"):
            conf -= 0.05
        elif a.via == "modifier":
            conf -= 0.05
    if passive:
        conf -= 0.1
    if len(sources) > 1 or len(targets) > 1:
        conf -= 0.05
    return conf - _depth_penalty(verb)


def _depth_penalty(tok: Token) -> float:
    """Acts embedded under other verbs or nouns are less certain than the main clause's."""
    depth = 0
    cur = tok
    while cur.head.i != cur.i and depth < 5:
        if cur.dep_ not in ("conj", "ccomp", "parataxis"):
            depth += 1
        cur = cur.head
    return 0.03 * depth


def _distance_penalty(trigger: Token, *args: Arg) -> float:
    doc = trigger.doc
    far = 0
    for a in args:
        tok = doc.char_span(a.start, a.end, alignment_mode="expand")
        if tok is not None and len(tok):
            far = max(far, abs(tok.root.i - trigger.i))
    return 0.02 * max(0, far - 8)


def _clamp(x: float) -> float:
    return round(min(0.95, max(0.05, x)), 3)


# ---- votes
def _res_object(verb: Token) -> Token | None:
    for o in _children(verb, "dobj") + _pobjs(verb, ("for", "against", "on", "of")):
        if o.lemma_.lower() in RES_NOUNS:
            return o
    return None


def _bare_resolution(res: Token) -> bool:
    """ "the resolution", "that text": a resolution named before, with no description here."""
    return res.lemma_.lower() in RES_NOUNS and not any(
        c.dep_ in ("prep", "acl", "relcl", "amod", "compound") for c in res.children
    )


def _vote_choice(verb: Token) -> tuple[str, Token | None]:
    lemma = verb.lemma_.lower()
    if lemma == "vote":
        for c in verb.children:
            if c.dep_ != "prep":
                continue
            if c.lower_ == "for":
                return "for", _child(c, "pobj")
            if c.lower_ == "against":
                return "against", _child(c, "pobj")
            if c.lower_ == "in":
                fav = _child(c, "pobj")
                if fav is not None and fav.lower_ in ("favour", "favor"):
                    of = _pobjs(fav, ("of",))
                    return "for", of[0] if of else None
        for c in verb.children:
            if c.dep_ in ("advmod", "prt") and c.lower_ in ("against", "for"):
                return ("against" if c.lower_ == "against" else "for"), None
        for c in verb.children:  # "voted to grant Palestine observer status"
            if c.dep_ in ("xcomp", "advcl") and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children
            ):
                return "for", c
        return "", None
    res = _res_object(verb)
    if lemma == "abstain":
        p = _pobjs(verb, ("on", "from", "in", "during"))
        return "abstain", p[0] if p else None
    if lemma in ("veto", "block"):
        return "veto", res
    if lemma in ("oppose", "reject"):
        return "against", res
    return "for", res


def _vote_events(ctx: _Ctx, verb: Token, sent: Span, row: cameo.Trigger) -> list[RawEvent]:
    """Votes and stands on resolutions: the target is the actor the resolution is about."""
    choice, res = _vote_choice(verb)
    if not choice:
        return []
    subj_tok, by_agent = _subject_token(verb)
    if subj_tok is None:
        return []
    sources = _with_conjuncts(ctx, subj_tok, "source")
    if not sources:
        return []
    sources += _ellipsis_sources(ctx, verb, sources)
    target: Arg | None
    refers_back = (
        res is None or res.lower_ in ("it", "this", "that", "them") or _bare_resolution(res)
    )
    if ctx.last_resolution is not None and refers_back:
        target, stance = ctx.last_resolution  # "... while the US voted against it"
        target = replace(target, via="coref")
    elif res is not None:
        target, stance = _resolution_target(ctx, res, {s.key for s in sources})
    else:
        target, stance = None, "051"
    if target is None:
        if refers_back and (res is None or res.pos_ in ("NOUN", "PRON")):
            _pend_vote(ctx, verb, sent, sources, choice, by_agent)
        return []
    ctx.last_resolution = (target, stance)
    if res is not None and res.pos_ == "VERB" and _row_for(ctx, res) is not None:
        return []  # "voted to condemn X": the complement is coded as its own event
    if res is not None and res.pos_ == "VERB":
        obj = _child(res, "dobj")
        if obj is not None and lemma_of(obj) in ctx.nouns and lemma_of(res) in LIGHT_VERBS:
            return []  # "voted to grant Palestine observer status": coded from the noun
    modality, negated, _ = _modality_and_negation(verb)
    code, negated = vote_code(choice, stance, negated)
    conf = _confidence(0.75, sources, [target], passive=by_agent, verb=verb)
    return [
        RawEvent.at(
            sent,
            verb,
            s,
            target,
            code,
            negated,
            modality,
            _clamp(conf),
            _attribution(ctx, verb, s),
        )
        for s in sources
        if s.key != target.key
    ]


def vote_code(choice: str, stance: str, negated: bool) -> tuple[str, bool]:
    """The code of a vote on a resolution of ``stance``: for = the stance; against = 120
    (reject) when the stance is cooperative, else the stance negated; veto = 129 or the stance
    negated; abstain = the stance negated."""
    conflict = cameo.lookup(stance).quad_class >= 3
    if choice == "for":
        return stance, negated
    if choice == "against":
        return (stance, not negated) if conflict else ("120", negated)
    if choice == "veto":
        return (stance, not negated) if conflict else ("129", negated)
    return stance, True


def _pend_vote(
    ctx: _Ctx, verb: Token, sent: Span, sources: list[Arg], choice: str, by_agent: bool
) -> None:
    """A vote on "the resolution" with none described earlier in the paragraph: kept for
    :func:`code_documents`, which gives it the last resolution of an earlier paragraph."""
    modality, negated, _ = _modality_and_negation(verb)
    back = Arg("", 0, 0, "coref")
    conf = _clamp(_confidence(0.75, sources, [back], passive=by_agent, verb=verb))
    for s in sources:
        ctx.pending_votes.append(
            RawEvent.at(
                sent,
                verb,
                s,
                back,
                "vote:" + choice,
                negated,
                modality,
                conf,
                _attribution(ctx, verb, s),
            )  # fmt: skip
        )


def _remember_resolution(ctx: _Ctx, res: Token) -> None:
    """A resolution described in the text ("considered a resolution that condemned Israeli
    settlements") is what a later "voted for the resolution" refers to."""
    if _bare_resolution(res) or not any(c.dep_ in ("prep", "acl", "relcl") for c in res.children):
        return
    verb = res.head.head if res.dep_ == "pobj" else res.head
    row = _row_for(ctx, verb) if verb.pos_ in ("VERB", "AUX") else None
    if row is not None and ("vote" in row.flags or row.lemma in ("vote", "abstain")):
        if _vote_choice(verb)[0] and _res_object(verb) is not None:
            return  # the vote rule itself remembers it, with the voters left out
    target, stance = _resolution_target(ctx, res, set())
    if target is not None:
        ctx.last_resolution = (target, stance)


# Adjectives that give a resolution's stance toward the actor after them ("critical of").
STANCE_ADJECTIVES = {"critical": "111", "condemnatory": "111", "hostile": "111"}
# Resolution nouns whose possessor or modifier is who the request is for ("Palestine's bid",
# "Palestinian membership"), unlike a text's author ("a US draft").
REQUEST_NOUNS = frozenset("bid application membership request candidacy status".split())
AUTHOR_VERBS = frozenset("draft sponsor propose table submit write author introduce".split())


def _resolution_target(ctx: _Ctx, res: Token, exclude: set[str]) -> tuple[Arg | None, str]:
    """The first actor named in a resolution's description and the resolution's stance:
    the code of a conflict trigger above that actor ("condemning Israel's settlements" -> 111),
    else 051 (a resolution for or about an actor's cause).

    A modifier of a request ("Palestine's bid", "Palestinian membership of the UN") is what the
    request is about; a state modifying a text ("a US draft") or its agent ("drafted by
    Algeria") is the author, the target only when the text names nobody else: vetoing a US
    draft rejects the US proposal."""
    bodies = [
        ctx.tok2m[c.i]
        for c in res.children
        if c.dep_ in ("compound", "nmod", "poss", "amod") and c.i in ctx.tok2m
    ]
    if lemma_of(res) in REQUEST_NOUNS:
        for b in bodies:
            if b.kind != "igo" and b.key not in exclude:
                first, last = ctx.doc[b.start], ctx.doc[b.end - 1]
                return Arg(b.key, first.idx, last.idx + len(last.text), "of", b.keys), "051"
    body_tokens = {i for m in bodies for i in range(m.start, m.end)}
    for tok in res.subtree:
        m = ctx.tok2m.get(tok.i)
        if m is None or m.key in exclude or tok.i != m.start or tok.i in body_tokens:
            continue
        if _authored_by(tok, res):
            continue
        stance = "051"
        cur = tok
        about = False  # reached through "in"/"for"/"of": the resolution is about the actor
        while cur.i != res.i and cur.head.i != cur.i:
            if cur.dep_ == "pobj" and cur.head.lower_ in ("in", "for", "of", "to", "with", "over"):
                about = True
            cur = cur.head
            lem = cur.lemma_.lower()
            trig = None
            if cur.pos_ == "VERB" and lem in ctx.verbs:
                r = _row_for(ctx, cur)
                trig = r.code if r else None
            elif cur.pos_ == "NOUN" and lem in ctx.nouns:
                trig = ctx.nouns[lem].code
            elif cur.pos_ == "ADJ":
                trig = STANCE_ADJECTIVES.get(lem)  # "resolutions critical of Israel"
            if trig is not None and cameo.lookup(trig).quad_class >= 3:
                if not (about and trig[:2] == "10"):
                    stance = trig  # "demanded that Russia withdraw": a demand on Russia
                break
        if stance == "051" and res.pos_ == "VERB" and lemma_of(res) in ctx.verbs:
            r = _row_for(ctx, res)  # the description is a verb: "voted to condemn Israel"
            if r is not None and cameo.lookup(r.code).quad_class >= 3 and r.code[:2] != "10":
                stance = r.code
        head = ctx.doc[m.end - 1]
        return Arg(m.key, tok.idx, head.idx + len(head.text), "direct", m.keys), stance
    for m in bodies:  # "vetoed a Security Council resolution": the body itself
        if m.key not in exclude and m.kind == "igo":
            first, last = ctx.doc[m.start], ctx.doc[m.end - 1]
            return Arg(m.key, first.idx, last.idx + len(last.text), "of", m.keys), "051"
    for m in bodies:  # "vetoed a US draft": the author's proposal
        if m.key not in exclude and m.kind in ("state", "group") and m.form != "capital":
            first, last = ctx.doc[m.start], ctx.doc[m.end - 1]
            return Arg(m.key, first.idx, last.idx + len(last.text), "of", m.keys), "051"
    return None, "051"


def _authored_by(tok: Token, res: Token) -> bool:
    """An actor named as a text's author: the agent of "drafted / sponsored / proposed by"."""
    cur = tok
    while cur.i != res.i and cur.head.i != cur.i:
        if cur.dep_ == "pobj" and cur.head.dep_ == "agent":
            return lemma_of(cur.head.head) in AUTHOR_VERBS
        if cur.dep_ == "pobj" and cur.head.lower_ == "by" and cur.head.head.i == res.i:
            return True  # "a draft by Algeria"
        cur = cur.head
    return False


# ---- noun events (nominal forms and light verbs)
def _noun_events(ctx: _Ctx, noun: Token, sent: Span) -> list[RawEvent]:
    row = ctx.nouns[noun.lemma_.lower()]
    head = noun.head
    hl = head.lemma_.lower()
    if noun.dep_ == "dobj" and hl in ELICIT_VERBS and row.code[:2] in REACTION_ROOTS:
        return _elicited_events(ctx, noun, head, row, sent)
    if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and head.i != noun.i:
        if hl in LIGHT_VERBS | HALT_VERBS | INTENT_VERBS | REDUCE_VERBS or hl == "vote":
            light = _light_events(ctx, noun, head, row, sent)
            if light or noun.dep_ != "nsubjpass":
                return light
            # "Washington's aid to Israel is set by a memorandum": the noun's own act
        elif hl in ctx.verbs:
            if noun.dep_ == "dobj" and _own_source(ctx, noun) is not None:
                return _nominal_events(ctx, noun, row, sent)  # "condemns Israeli strike on X"
            return []  # "condemned the strikes": the verb is the event
    if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "VERB":
        giver = noun.head.head  # "provided Israel with military assistance"
        if lemma_of(giver) in LIGHT_VERBS | {"supply", "furnish", "equip", "arm"}:
            return _light_events(ctx, noun, giver, row, sent)
    if (
        "needlight" in row.flags
        or "needmil" in row.flags
        and not (_lemmas_under(noun, 4) & MIL_WORDS)
    ):
        return []
    if noun.dep_ == "pobj" and noun.head.lower_ in ("for", "of") and noun.head.head.pos_ == "VERB":
        return []  # "voted for support of", "accused X of aggression": the verb codes it
    return _nominal_events(ctx, noun, row, sent)


# Verbs whose object is a reaction to their subject: "the decision drew criticism from Israel".
ELICIT_VERBS = frozenset("draw earn attract prompt provoke spark trigger win receive".split())
REACTION_ROOTS = frozenset(["01", "05", "11", "12", "14"])


def _own_source(ctx: _Ctx, noun: Token) -> Arg | None:
    """The actor modifying an act noun itself ("Israeli strike", "Israel's strike")."""
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in ctx.tok2m:
            return _span_arg(ctx, ctx.tok2m[c.i], c, "modifier")
    return None


def _elicited_events(
    ctx: _Ctx, noun: Token, verb: Token, row: cameo.Trigger, sent: Span
) -> list[RawEvent]:
    """ "Israel's bombardment of Gaza drew condemnation from Moscow and Beijing": those
    named after "from" react (the noun's code) to the actor of the subject."""
    givers = _pobjs(noun, ("from", "by")) or _pobjs(verb, ("from", "by"))
    subj = _child(verb, "nsubj")
    if not givers or subj is None:
        return []
    sources = _with_conjuncts(ctx, givers[0], "source")
    targets = _with_conjuncts(ctx, subj, "target")
    if not sources or not targets:
        return []
    modality, negated, _ = _modality_and_negation(verb)
    if _noun_negated(noun):
        negated = not negated
    code = _refine(row.code, _lemmas_under(noun))
    conf = _confidence(0.7, sources, targets, passive=False, verb=verb)
    return [
        RawEvent.at(
            sent,
            noun,
            s,
            t,
            code,
            negated,
            modality,
            _clamp(conf - _distance_penalty(noun, s, t)),
            _attribution(ctx, verb, s),
        )  # fmt: skip
        for s in sources
        for t in targets
        if s.key != t.key
    ]


def _noun_negated(noun: Token) -> bool:
    """ "no support", "little aid" (but not "a little aid")."""
    for c in noun.children:
        if c.dep_ == "det" and c.lower_ in ("no", "neither"):
            return True
        if c.dep_ == "amod" and c.lower_ == "little":
            return not any(x.lower_ == "a" for x in c.children) and not any(
                x.dep_ == "det" and x.lower_ == "a" for x in noun.children
            )
    return False


def _light_events(
    ctx: _Ctx, noun: Token, verb: Token, row: cameo.Trigger, sent: Span
) -> list[RawEvent]:
    """ "gave support to", "imposed sanctions on", "suspended funding for" (halt = negated)."""
    vl = verb.lemma_.lower()
    halted = vl in HALT_VERBS
    code = row.code
    if halted and code in ("050",) and noun.lemma_.lower() in ("relation", "tie"):
        code, halted = "161", False
    elif vl in REDUCE_VERBS:
        if code[:2] not in ("05", "06", "07"):
            return []
        code = "161" if code[:2] == "05" else ("162" if code[:2] == "07" else "160")
    elif halted and cameo.lookup(code).quad_class >= 3:
        # stopping a hostile act is CAMEO's yielding: "ended its offensive" = de-escalate
        if code[:2] in FORCE_ROOTS:
            code = "087"
        elif code.startswith("163"):
            code = "085"
        elif code.startswith("191"):
            code = "0872"
        else:
            return []
        halted = False
    if "needmil" in row.flags and not (_lemmas_under(noun, 4) & MIL_WORDS):
        return []
    if vl in ("seek",) and code[:2] not in ("02",):
        code = APPEAL_CODE.get(code[:2], "020")
    words = _lemmas_under(noun)
    code = _refine(code, words)
    passive = _is_passive(verb)
    subj_tok, by_agent = _subject_token(verb)
    if subj_tok is None:
        return []
    sources = _with_conjuncts(ctx, subj_tok, "source")
    if not sources:
        return []
    sources += _ellipsis_sources(ctx, verb, sources)
    verb_preps = row.targets + (("to", "with") if halted else ("to",))
    cand: list[Token] = _pobjs(noun, row.targets) + _pobjs(verb, verb_preps)
    cand += _children(verb, "dative")
    if noun.dep_ == "pobj" and noun.head.lower_ == "with":
        cand += _children(verb, "dobj")  # the one provided with it
    for conj in noun.conjuncts:  # "suspended aid and arms deals with Pakistan"
        cand += _pobjs(conj, row.targets + ("with", "to"))
    targets: list[Arg] = []
    for c in cand:
        targets = _with_conjuncts(ctx, c, "target")
        if targets:
            break
    if not targets:
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "poss") and c.i in ctx.tok2m:
                targets = [_span_arg(ctx, ctx.tok2m[c.i], c, "modifier")]
                break
    if not targets and code[:2] == "14":
        targets = _place_targets(ctx, verb) or _place_targets(ctx, noun)
    pairs = [(s, t) for s in sources for t in targets]
    if not targets and len(sources) > 1 and code[:2] in ("04", "05", "06"):
        # "A and B deepened ties": each toward the other
        pairs = [(a, b) for a in sources for b in sources if a.key != b.key]
    if not pairs:
        return []
    modality, negated, speech = _modality_and_negation(verb)
    if code in MIRRORED_CODES and not halted and not negated and modality == "asserted":
        pairs += [(t, s) for s, t in pairs]
    if halted:
        negated = not negated
    if vl in ("pledge", "promise", "vow") or (vl == "offer" and code[:2] in INTENT_CODE):
        modality = "intended" if modality == "asserted" else modality
    if _under_threat(verb):
        code, modality, negated = _threat_code(code), "asserted", False
    elif modality == "intended":
        code = _intent_code(code)
    if _noun_negated(noun):
        negated = not negated
    conf = _confidence(
        0.75, sources, targets or sources[1:], passive=passive or by_agent, verb=verb
    )
    out = [
        RawEvent.at(
            sent,
            noun,
            s,
            t,
            code,
            negated,
            modality,
            _clamp(conf - _distance_penalty(noun, s, t)),
            _attribution(ctx, verb, s),
        )
        for s, t in pairs
        if s.key != t.key
    ]
    if speech is not None and out:
        out.extend(_accusations(ctx, speech, out, sent, verb))
    return out


def _nominal_events(ctx: _Ctx, noun: Token, row: cameo.Trigger, sent: Span) -> list[RawEvent]:
    """ "Moscow's support for Palestinian statehood", "the US veto of the resolution"."""
    source: Arg | None = None
    extra: list[Arg] = []
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in ctx.tok2m:
            source = _span_arg(ctx, ctx.tok2m[c.i], c, "modifier")
            for cc in c.conjuncts:  # "American and British strikes"
                if cc.i in ctx.tok2m:
                    extra.append(_span_arg(ctx, ctx.tok2m[cc.i], cc, "modifier"))
            break
        if c.dep_ == "poss" and c.pos_ == "PRON":
            source = _coref(ctx, c, PRONOUNS.get(c.lower_, "body"))
            break
        if c.dep_ == "poss" and lemma_of(c) in COREF_NOUNS:
            source = _np_actor(ctx, c, role="source")  # "the group's attack on Israel"
            break
    if source is None:
        for p in _pobjs(noun, ("by", "from")):
            source = _np_actor(ctx, p, role="source")
            if source is not None:
                break
    if source is None:
        return []
    targets: list[Arg] = []
    if row.code == "129":
        res = _pobjs(noun, ("of", "on", "against"))
        if res:
            t, stance = _resolution_target(ctx, res[0], {source.key})
            if t is None:
                return []
            code, neg = ("129", False) if cameo.lookup(stance).quad_class < 3 else (stance, True)
            return [
                RawEvent.at(
                    sent,
                    noun,
                    source,
                    t,
                    code,
                    neg,
                    "asserted",
                    0.6,
                    None,
                )
            ]
    for p in _pobjs(noun, row.targets):
        targets = _with_conjuncts(ctx, p, "target")
        if targets:
            break
    if not targets:
        return []
    code = _refine(row.code, _lemmas_under(noun))
    negated = _noun_negated(noun)
    conf = 0.65 - (0.2 if source.via == "coref" else 0.0)
    if noun.dep_ in ("dobj", "pobj", "nsubjpass") and noun.head.pos_ in ("VERB", "ADP"):
        conf -= 0.1  # an act named inside another clause ("prompting American strikes")
    return [
        RawEvent.at(
            sent,
            noun,
            src,
            t,
            code,
            negated,
            "asserted",
            _clamp(conf - _distance_penalty(noun, src, t)),
            None,
        )
        for src in (source, *extra)
        for t in targets
        if t.key != src.key
    ]


# ---------------------------------------------------------------- documents
_PARA = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*")


def split_paragraphs(text: str, max_chunk: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(paragraph index, start offset, text) chunks: paragraphs are separated by blank lines;
    a paragraph longer than ``max_chunk`` (default MAX_CHUNK) is cut at a line or sentence end
    (else hard), so spaCy never sees more than that at once."""
    max_chunk = max_chunk or MAX_CHUNK
    pos = 0
    para = 0
    n = len(text)
    while pos < n:
        m = _PARA.search(text, pos)
        end = m.start() if m else n
        nxt = m.end() if m else n
        block_start = pos
        emitted = False
        while block_start < end:
            # skip leading whitespace, keep offsets
            while block_start < end and text[block_start].isspace():
                block_start += 1
            if block_start >= end:
                break
            stop = min(end, block_start + max_chunk)
            if stop < end:
                cut = max(
                    text.rfind("\n", block_start, stop),
                    text.rfind(". ", block_start, stop),
                )
                if cut > block_start + max_chunk // 2:
                    stop = cut + 1
            chunk = text[block_start:stop].rstrip()
            if chunk:
                emitted = True
                yield para, block_start, chunk
            block_start = stop
        para += int(emitted)
        pos = nxt


def doc_id_for(text: str) -> str:
    """The id of a text coded without a store: a hash of its whitespace-normalised text."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8", "replace")).hexdigest()[:16]


@dataclass
class _Pending:
    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # the last resolution described so far (target with document offsets, stance, date)
    last_resolution: tuple[Arg, str, EventDate] | None = None
    seen: set[tuple[int, str, str | None, int, str]] = field(default_factory=set)


def code_documents(
    nlp: Language,
    documents: Iterable[Document],
    *,
    gazetteer: Gazetteer,
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[tuple[Document, list[Sentence], list[Event]]]:
    """Stream: nlp.pipe over the documents' texts (as_tuples), yield each document with its
    sentences (doc-level offsets, paragraph index: paragraphs are separated by blank lines)
    and its events (every offset into Document.text).

    Documents are cut into paragraph chunks before parsing, so memory stays bounded whatever
    a document's length; coreference stays within a paragraph.
    """
    table = _table_of(nlp, gazetteer)
    pending: deque[_Pending] = deque()

    def chunks() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for k, document in enumerate(documents):
            pending.append(_Pending(document))
            for para, start, chunk in split_paragraphs(document.text):
                yield chunk, (k, para, start)

    first_index = 0
    for doc, (k, para, start) in nlp.pipe(
        chunks(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        while first_index < k:
            yield _finish(pending.popleft())
            first_index += 1
        _add_chunk(pending[0], doc, para, start, table)
    while pending:
        yield _finish(pending.popleft())


def _finish(p: _Pending) -> tuple[Document, list[Sentence], list[Event]]:
    return p.document, p.sentences, p.events


def _table_of(nlp: Language, gazetteer: Gazetteer) -> ActorTable:
    if "geostance_actors" in nlp.pipe_names:
        table = getattr(nlp.get_pipe("geostance_actors"), "table", None)
        if isinstance(table, ActorTable):
            return table
    return ActorTable(gazetteer)


def _add_chunk(p: _Pending, doc: Doc, para: int, offset: int, table: ActorTable) -> None:
    document = p.document
    packed = (doc._.geostance_events if Doc.has_extension("geostance_events") else None) or []
    raw = [RawEvent.unpack(row) for row in packed]
    memory = (doc._.geostance_memory if Doc.has_extension("geostance_memory") else None) or []
    waiting = bool(memory and (memory[0] or memory[1]))
    para_dates = find_dates(doc.text, reference=document.date) if raw or waiting else []
    back_dated: dict[int, EventDate] = {}
    if memory:
        if p.last_resolution is not None:
            for r in _resolve_pending(p, [RawEvent.unpack(r) for r in memory[0]], offset):
                raw.append(r)
                back_dated[id(r)] = p.last_resolution[2]
        if memory[1]:
            arg = _unpack_arg(memory[1][0])
            moved = replace(arg, start=arg.start + offset, end=arg.end + offset)
            sent = doc.char_span(arg.start, arg.end, alignment_mode="expand")
            when = _date_at(doc, sent.sent if sent is not None else None, para_dates, document)
            p.last_resolution = (moved, str(memory[1][1]), when)
    sent_index0 = len(p.sentences)
    for s in doc.sents:
        text = s.text.strip()
        if not text:
            continue
        lead = len(s.text) - len(s.text.lstrip())
        start = offset + s.start_char + lead
        p.sentences.append(
            Sentence(document.id, len(p.sentences), start, start + len(text), text, para)
        )
    del sent_index0
    for r in raw:
        before = [d for (s0, e0, d) in para_dates if e0 <= r.sent_start]
        sent_text = doc.text[r.sent_start : r.sent_end]
        when = event_date(sent_text, paragraph_dates=before, doc_date=document.date)
        if when.method == "document" and id(r) in back_dated:
            when = replace(back_dated[id(r)], method="paragraph")  # dated paragraphs earlier
        elif when.method == "sentence" and _ongoing_since(doc, r):
            when = _until_document(when, document)
        ev = _to_event(r, document, offset, when, table)
        if ev is None:
            continue
        key = (ev.sentence_start, ev.source, ev.target, ev.trigger_start, ev.cameo)
        if key in p.seen:
            continue  # "Turkey's president, Erdogan, ...": two mentions of one source
        p.seen.add(key)
        p.events.append(ev)


def _date_at(
    doc: Doc, sent: Span | None, para_dates: list[tuple[int, int, EventDate]], document: Document
) -> EventDate:
    """The date of what a sentence of a chunk tells (see :func:`event_date`)."""
    if sent is None:
        return event_date("", paragraph_dates=[], doc_date=document.date)
    before = [d for (s0, e0, d) in para_dates if e0 <= sent.start_char]
    return event_date(sent.text, paragraph_dates=before, doc_date=document.date)


def _ongoing_since(doc: Doc, r: RawEvent) -> bool:
    """ "Russia has recognised the State of Palestine since 1988": a state that holds from
    the "since" date on, not a one-day act (the trigger or the verb of a noun trigger has it)."""
    span = doc.char_span(r.trigger_start, r.trigger_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.children)


def _until_document(when: EventDate, document: Document) -> EventDate:
    """A "since" date made a range that runs to the document's date."""
    if when.date is None or document.date is None or document.date <= when.date:
        return when
    return replace(when, date_end=document.date, precision="range")


def _resolve_pending(p: _Pending, votes: list[RawEvent], offset: int) -> list[RawEvent]:
    """Votes on "the resolution" of this paragraph, given the last resolution described in an
    earlier one (target offsets made relative to this chunk, so they point back to it)."""
    if p.last_resolution is None or not votes:
        return []
    target, stance, _ = p.last_resolution
    back = replace(target, start=target.start - offset, end=target.end - offset, via="coref")
    out = []
    for v in votes:
        code, negated = vote_code(v.code.split(":", 1)[1], stance, v.negated)
        out.append(replace(v, target=back, code=code, negated=negated))
    return out


def _to_event(
    r: RawEvent, document: Document, offset: int, when: EventDate, table: ActorTable
) -> Event | None:
    """An Event from a chunk's RawEvent; offsets become document offsets (a target may lie in
    an earlier paragraph: a resolution voted on later)."""
    text = document.text
    on = when.date or document.date
    source = table.resolve(r.source.candidates, on)
    target = table.resolve(r.target.candidates, on)
    if source is None or target is None or source == target:
        return None
    info = cameo.lookup(r.code)
    sent = text[offset + r.sent_start : offset + r.sent_end]
    lead = len(sent) - len(sent.lstrip())
    sent = sent.strip()
    conf = r.confidence
    attribution = r.attribution
    if r.attribution_keys and table.resolve(r.attribution_keys, on) == source:
        attribution = None  # "Lavrov said Moscow supports ...": the speaker is the source
    return Event(
        doc_id=document.id,
        sentence=sent,
        sentence_start=offset + r.sent_start + lead,
        sentence_end=offset + r.sent_start + lead + len(sent),
        source=source,
        source_text=text[offset + r.source.start : offset + r.source.end],
        source_start=offset + r.source.start,
        source_end=offset + r.source.end,
        trigger=text[offset + r.trigger_start : offset + r.trigger_end],
        trigger_start=offset + r.trigger_start,
        trigger_end=offset + r.trigger_end,
        cameo=info.code,
        cameo_root=info.root,
        quad_class=info.quad_class,
        goldstein=info.goldstein,
        plover=info.plover,
        target=target,
        target_text=text[offset + r.target.start : offset + r.target.end],
        target_start=offset + r.target.start,
        target_end=offset + r.target.end,
        plover_mode=info.plover_mode,
        negated=r.negated,
        modality=r.modality,
        date=when.date,
        date_end=when.date_end,
        date_precision=when.precision,  # type: ignore[arg-type]
        date_method=when.method,
        confidence=conf,
        coder=CODER_NAME,
        attribution=attribution,
        doc=document.origin,
    )


def code_text(
    nlp: Language,
    text: str,
    *,
    gazetteer: Gazetteer,
    doc_date: dt.date | None = None,
    origin: str = "<text>",
) -> list[Event]:
    """Code one text and return its events (a convenience for tests and the eval bench)."""
    document = Document(id=doc_id_for(text), text=text, origin=origin, date=doc_date)
    events: list[Event] = []
    for _, _, evs in code_documents(nlp, [document], gazetteer=gazetteer):
        events.extend(evs)
    return events
