"""The trained role model: which mentions are the source and the target of each act.

``geostance_roles`` scores every (trigger, mention) pair of a sentence — and the speaker of a
quote the trigger sits in — with two independent probabilities: that the mention is the act's
source, and that it is its target. No mention scored as a target means a null target (the act
is about an issue, or has no addressee). Features: the dependency path between the two words,
the prepositions on it, the mention's kind and the act label
(:func:`geostance.nlp.features.role_features`), joined to both words' contextual vectors.
It writes ``doc._.geostance_roles``: ``[trigger, mention index, p_source, p_target]`` rows.

Gold roles for training sit in the reference Doc's ``user_data["geostance_roles"]``: trigger
token -> (label, [source mention indices], [target mention indices]).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Token
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Model, Optimizer

from geostance.nlp import network
from geostance.nlp.clauses import listed_top, named_heads
from geostance.nlp.features import N_ROLE_FEATURES, dense_width, role_features
from geostance.nlp.mention_words import EVENT_NOUNS, RELATIVE_PRONOUNS
from geostance.nlp.mentions import Mention
from geostance.nlp.speech import Quote, quote_of
from geostance.nlp.votes import VOTE_LABELS

__all__ = [
    "GOLD_KEY", "RoleModel", "candidate_pairs", "move_author", "reaction_author",
    "relative_subject", "ruled_roles", "stranded_subject",
]  # fmt: skip

GOLD_KEY = "geostance_roles"
DEFAULT_MODEL = {
    "@architectures": "geostance.EventNet.v1",
    "n_features": N_ROLE_FEATURES,
    "dense_width": 192,
    "embed_width": 48,
    "rows": 24000,
    "hidden": 128,
    "n_out": 2,
    "output": "sigmoid",
}

for _name in ("geostance_roles", "geostance_mentions", "geostance_quotes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def mentions_of(doc: Doc) -> list[Mention]:
    return [Mention.unpack(m) for m in (doc._.geostance_mentions or [])]


def quotes_of(doc: Doc) -> list[Quote]:
    return [Quote.unpack(q) for q in (doc._.geostance_quotes or [])]


def relative_subject(trigger: Token, named: dict[int, int]) -> int | None:
    """The named actor a relative pronoun stands for when it is the subject of the trigger's
    clause: "Chile, which accused Peru of meddling" and "Ghana, which condemned the decision
    and summoned Togo's envoy" make Chile and Ghana the source, whatever the role model says
    (it reads the clause path alone, the same for "the text, which Russia vetoed")."""
    verb = trigger
    while verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
    if verb.dep_ != "relcl" or verb.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
        return None
    return named.get(verb.head.i)


# Verbs whose subject the parser took for the end of the phrase before: "… at the border and
# Rwanda accused Uganda …" may hang "Rwanda" on "border" and leave "accused" with no subject.
# Finite forms only: a participle with no subject is often meant so
# ("accusing Hamas of …", "a text drafted by France").
_SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj", "csubjpass", "expl"])
_FINITE = frozenset(["VBD", "VBZ", "VBP"])
_STRANDED_DEPS = frozenset(["conj", "ROOT", "advcl", "ccomp", "parataxis", "dep"])


def stranded_subject(
    trigger: Token, mentions: Sequence[Mention], named: dict[int, int]
) -> int | None:
    """The named actor just before a finite verb the parser left with no subject, when the
    parser hung that actor on a phrase before it (a list member, an object) rather than on the
    verb: "soldiers clashed at the border and Rwanda accused Uganda", read with "Rwanda" as a
    second border, is Rwanda's act."""
    verb = trigger
    if verb.pos_ != "VERB" or verb.tag_ not in _FINITE or verb.dep_ not in _STRANDED_DEPS:
        return None
    if not verb.is_lower:
        return None  # a table cell or a headline may open on it ("| Kenya | Hosted talks")
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    prev = verb.i - 1
    while prev >= 0 and verb.doc[prev].pos_ == "ADV":
        prev -= 1  # "and Lithuania duly called …"
    if prev < 0 or prev < verb.sent.start:
        return None
    for head, k in named.items():
        m = mentions[k]
        if m.end - 1 != prev:
            continue
        h = verb.doc[head]
        if h.dep_ in _SUBJECTS or h.head.i == verb.i or h.dep_ == "poss":
            return None  # a subject of another clause, or a word of this verb's own phrase
        return k
    return None


# Acts that answer another's move, and the prepositions that bring in the move answered
# ("disappointed by the American move", "reacted angrily to Israel's decision").
ANSWERING = frozenset(["oppose/criticize", "condemn", "accuse/blame", "support"])
ANSWER_PREPS = frozenset(["by", "at", "over", "about", "to", "against", "with", "of"])


def reaction_author(trigger: Token, label: str, named: dict[int, int]) -> int | None:
    """The named actor whose move an answering act is about, when the trigger's preposition
    names the move with its author: "deeply disappointed by the American move", "angry at
    Britain's decision", "critical of the Indian step" make the US, Britain and India the
    target, whatever the role model says (it gives the adjective's actor little weight)."""
    if label not in ANSWERING:
        return None
    for prep in trigger.children:
        if prep.dep_ not in ("prep", "agent") or prep.lower_ not in ANSWER_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.lemma_.lower() not in EVENT_NOUNS:
                continue
            for mod in obj.children:
                if mod.dep_ in ("amod", "poss", "compound") and mod.i in named:
                    return named[mod.i]
    return None


def move_author(trigger: Token, label: str, named: dict[int, int]) -> int | None:
    """The named subject of the clause a reaction's move noun stands beside: "Egypt signed a
    pact with Somalia, a move Ethiopia described as destabilising" and "…, a decision
    welcomed by France" answer Egypt and whoever acted, not the last actor named."""
    if label not in ANSWERING:
        return None
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # "a step Warsaw called outrageous": the adjective's verb
    noun = verb.head
    before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    moved = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in EVENT_NOUNS]
    if before and moved and before[0].i < moved[0].i:
        clause = before[0]  # misparsed: "[Egypt signed a pact], a move [Ethiopia described]"
    elif verb.dep_ not in ("relcl", "acl") or noun.lemma_.lower() not in EVENT_NOUNS:
        return None
    elif noun.dep_ not in ("appos", "npadvmod", "attr"):
        return None
    else:
        clause = noun.head
    while clause.head.i != clause.i and (
        clause.pos_ not in ("VERB", "AUX")  # "… with Somalia, a move": the verb above
        or (
            clause.dep_ in ("conj", "xcomp") and not any(c.dep_ == "nsubj" for c in clause.children)
        )
    ):
        clause = clause.head  # "… and began flying in weapons, a move": the shared subject
    for subj in clause.children:
        if subj.dep_ == "nsubj":
            if subj.i in named:
                return named[subj.i]
            poss = [c.i for c in subj.children if c.dep_ == "poss" and c.i in named]
            return named[poss[0]] if poss else None
    return None


# The acts a town named in the gazetteer's ``places`` can be the target of: it stands for
# its state where force hits it ("Russian drones struck Kharkiv", guide §5: attacks on Gaza
# are on PSE); it never acts, and no meeting, visit or aid is aimed at a town.
PLACE_TARGETED = frozenset(["attack/use_force"])
_GATHERINGS = frozenset("summit talk meeting conference session negotiation ceremony forum".split())


def _venue(tok: Token) -> bool:
    """Whether an actor word names where a gathering is held ("a summit in Granada, Spain",
    "talks in Switzerland", "a ceremony in Pemba"): a place, not a party to it."""
    tok = listed_top(tok)
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.lower_ in ("in", "at")
        and prep.head.lemma_.lower() in _GATHERINGS
    )


_AUTHORING = frozenset("sponsor cosponsor co-sponsor draft table propose author present".split())


def _sponsor(tok: Token) -> bool:
    """Whether an actor word names the author of a text in a participle before it ("the
    Albanian-sponsored text", "a US-drafted resolution")."""
    head = tok.head
    return (
        tok.dep_ in ("npadvmod", "compound", "amod", "nmod")
        and head.dep_ == "amod"
        and head.lemma_.lower() in _AUTHORING
    )


def _destination(tok: Token) -> bool:
    """Whether an actor word is where a trip goes: the object of "to", "into" or "in"."""
    tok = listed_top(tok)
    return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "into", "in")


def _where_place(trigger: Token) -> set[int]:
    """The place a "where" clause the trigger is in describes ("a summit in Granada, Spain,
    where he was to talk with Pashinyan": Granada and Spain), with its appositions and
    conjuncts: where an act happens, not who does it."""
    for tok in (trigger, *trigger.ancestors):
        if tok.dep_ == "relcl" and any(c.lower_ == "where" for c in tok.children):
            place = tok.head
            return {
                t.i
                for p in (place, *place.conjuncts)
                for t in (p, *p.children)
                if t.i == p.i or t.dep_ == "appos"
            }
    return set()


# "the first such rebuke", "his latest visit": an act counted among its kind
_COUNTED = frozenset("first second third last latest next such".split())


def _cleft_it(trigger: Token, mentions: Sequence[Mention]) -> int | None:
    """The mention of "it" that only introduces an act counted among its kind ("It was
    Putin's first trip abroad", "It was the first such rebuke of Iran by the board"): neither
    the act's source nor its target; None when there is no such "it". "It is Iran's biggest
    customer" says who "it" is and keeps it."""
    be = trigger.head
    if trigger.dep_ != "attr" or be.lemma_ != "be":
        return None
    if not any(c.dep_ == "amod" and c.lower_ in _COUNTED for c in trigger.children):
        return None
    subjects = {c.i for c in be.children if c.dep_ == "nsubj" and c.lower_ == "it"}
    return next((k for k, m in enumerate(mentions) if m.head in subjects), None)


def ruled_roles(
    trigger: Token, label: str, mentions: Sequence[Mention], scored: list[tuple[int, float, float]]
) -> list[tuple[int, float, float]]:
    """``scored`` (mention, p_source, p_target) with what the grammar says outright: the noun
    of a relative pronoun is the source and no target (:func:`relative_subject`), and so is an
    actor the parser hung just before a verb it left with no subject (:func:`stranded_subject`);
    the author of a move answered is the target (:func:`reaction_author`, :func:`move_author`);
    the "it" of "it was the first such visit" is neither (:func:`_cleft_it`), nor a town of
    the gazetteer's places a source or the target of anything but force, and the place a
    "where" clause describes is no source in it (:func:`_where_place`), nor the venue of a
    gathering a target but of a visit (:func:`_venue`), nor a visit's destination its source
    (:func:`_destination`), nor a text's author what a vote on it is about (:func:`_sponsor`).
    All read the named mentions by head token (mention index), built once here."""
    named = named_heads(mentions)
    source = relative_subject(trigger, named)
    if source is None:
        source = stranded_subject(trigger, mentions, named)
    target = reaction_author(trigger, label, named)
    if target is None:
        target = move_author(trigger, label, named)
    empty = _cleft_it(trigger, mentions)
    place = _where_place(trigger)
    out = []
    for k, ps, pt in scored:
        tok = trigger.doc[mentions[k].head]
        if k == empty:
            ps, pt = 0.0, 0.0
        elif mentions[k].form == "place":
            ps, pt = 0.0, (pt if label in PLACE_TARGETED else 0.0)  # "struck Kharkiv"
        elif tok.i in place:
            ps = 0.0  # "a summit in Granada, Spain, where he was to talk with Pashinyan"
        elif label in VOTE_LABELS and _sponsor(tok):
            pt = 0.0  # "voted for the Albanian-sponsored text": its author, not its subject
        elif label == "visit" and _destination(tok):
            ps = 0.0  # "a tour that will also take him to Qatar": where he goes, not who
        elif label != "visit" and _venue(tok):
            pt = 0.0  # "boycotted a summit in Granada" (but one goes to a summit in Granada)
        elif k == source:
            ps, pt = max(ps, 0.9), 0.0
        elif k == target:
            ps, pt = min(ps, 0.1), max(pt, 0.9)
        out.append((k, ps, pt))
    return out


def candidate_pairs(
    doc: Doc, triggers: Sequence[int], mentions: Sequence[Mention], quotes: Sequence[Quote]
) -> list[tuple[int, int]]:
    """(trigger, mention index) pairs: the mentions of the trigger's sentence, and the speaker
    of the quote the trigger is in."""
    out: list[tuple[int, int]] = []
    for ti in triggers:
        sent = doc[ti].sent
        ks = [k for k, m in enumerate(mentions) if sent.start <= m.head < sent.end and m.head != ti]
        q = quote_of(quotes, ti)
        if q is not None and q.speaker >= 0 and q.speaker not in ks:
            ks.append(q.speaker)
        out.extend((ti, k) for k in ks)
    return out


def _inputs(
    docs: Sequence[Doc], triggers: Sequence[dict[int, str]], width: int
) -> tuple[list[list[tuple[int, int]]], tuple[Any, Any]]:
    pairs_per_doc: list[list[tuple[int, int]]] = []
    ids: list[np.ndarray] = []
    dense: list[np.ndarray] = []
    half = width // 2
    for doc, trig in zip(docs, triggers, strict=True):
        mentions = mentions_of(doc)
        quotes = quotes_of(doc)
        pairs = candidate_pairs(doc, sorted(trig), mentions, quotes)
        pairs_per_doc.append(pairs)
        labels = [trig[ti] for ti, _ in pairs]
        ids.append(role_features(doc, pairs, labels, mentions, quotes))
        block = np.zeros((len(pairs), width), dtype="float32")
        if pairs and dense_width(doc) == half:
            tensor = np.asarray(doc.tensor, dtype="float32")
            block[:, :half] = tensor[[ti for ti, _ in pairs]]
            block[:, half:] = tensor[[mentions[k].head for _, k in pairs]]
        dense.append(block)
    all_ids = np.concatenate(ids) if ids else np.zeros((0, N_ROLE_FEATURES), dtype="uint64")
    all_dense = np.concatenate(dense) if dense else np.zeros((0, width), dtype="float32")
    return pairs_per_doc, (all_ids, all_dense)


class RoleModel(TrainablePipe):
    """Scores source and target roles of mentions for each trigger (module docstring)."""

    def __init__(self, vocab: Vocab, model: Model[Any, Any], name: str) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {}

    def _width(self) -> int:
        return int(self.model.get_dim("nD"))

    def predict(self, docs: Iterable[Doc]) -> tuple[list[list[tuple[int, int]]], np.ndarray]:
        docs = list(docs)
        trig = [{int(r[0]): str(r[1]) for r in (d._.geostance_triggers or [])} for d in docs]
        pairs, X = _inputs(docs, trig, self._width())
        if not len(X[0]):
            return pairs, np.zeros((0, 2), dtype="float32")
        return pairs, network.predict(self.model, X)

    def set_annotations(self, docs: Iterable[Doc], scores: Any) -> None:
        pairs, probs = scores
        row = 0
        for doc, doc_pairs in zip(docs, pairs, strict=True):
            out = []
            for ti, k in doc_pairs:
                p = probs[row]
                row += 1
                out.append([ti, k, round(float(p[0]), 4), round(float(p[1]), 4)])
            doc._.geostance_roles = out

    def _gold(self, examples: Sequence[Example]) -> list[dict[int, Any]]:
        return [eg.reference.user_data.get(GOLD_KEY, {}) for eg in examples]

    def _truth(self, gold: list[dict[int, Any]], pairs: list[list[tuple[int, int]]]) -> np.ndarray:
        out: list[tuple[float, float]] = []
        for g, doc_pairs in zip(gold, pairs, strict=True):
            for ti, k in doc_pairs:
                _, srcs, tgts = g[ti]
                out.append((float(k in srcs), float(k in tgts)))
        return np.asarray(out, dtype="float32").reshape((-1, 2))

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        gold = self._gold(examples)
        trig = [{ti: str(v[0]) for ti, v in g.items()} for g in gold]
        pairs, X = _inputs([eg.predicted for eg in examples], trig, self._width())
        if not len(X[0]):
            return losses
        probs, backprop = self.model.begin_update(X)
        truth = self.model.ops.xp.asarray(self._truth(gold, pairs))
        d = (probs - truth) / max(len(truth), 1)
        backprop(d)
        if sgd is not None:
            self.finish_update(sgd)
        eps = 1e-7
        loss = -(truth * np.log(probs + eps) + (1 - truth) * np.log(1 - probs + eps)).mean()
        losses[self.name] += float(loss)
        return losses

    def get_loss(self, examples: Iterable[Example], scores: Any) -> tuple[float, Any]:
        pairs, probs = scores
        truth = self._truth(self._gold(list(examples)), pairs)
        return float(((probs - truth) ** 2).mean()), probs - truth

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None
    ) -> None:
        self.model.initialize()


@Language.factory(
    "geostance_roles",
    default_config={"model": DEFAULT_MODEL},
    requires=["doc._.geostance_triggers", "doc._.geostance_mentions", "doc.tensor"],
    assigns=["doc._.geostance_roles"],
)
def make_roles(nlp: Language, name: str, model: Model[Any, Any]) -> RoleModel:
    """Factory of the trained role component."""
    return RoleModel(nlp.vocab, model, name)
