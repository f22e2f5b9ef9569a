"""The verdict a labelling verb passes: "called the deal a historic step" backs it, "described
the vote as a sham" criticises it. The trigger model learns that "called" and "described" are
acts, but whether the act backs or criticises hangs on the words of the verdict, a few tokens
away, and it often misses the act when the verdict is short ("what he called an illegitimate
dictatorship"). So a plainly approving or plainly hostile verdict makes the verb an act
(support, or oppose/criticize) whatever the model's probability, which stays how sure the
event is for the filter; where the model chose an act, the verdict overrides it only when the
model chose the opposite side (a verbal conflict act for an approving verdict; support or a
neutral statement for a hostile one). A reported clause passes a verdict too: in "said the
annexation was a violation of international law" the predicate is the act, unless the verb
reporting it is already one ("argued that the occupation was unlawful").

Pure functions over a parsed token.
"""

from __future__ import annotations

from spacy.tokens import Token

from geostance.nlp.acts import CRITICAL_LABELS
from geostance.nlp.mention_words import EVENT_NOUNS

__all__ = ["APPROVING", "HOSTILE", "LABELLING", "verdict", "verdict_label"]

_NOT_CRITICAL = frozenset(["support", "statement_neutral"])

# Verbs whose object is given a verdict: "called X Y", "described X as Y", "termed X Y".
LABELLING = frozenset("call describe term label brand dub deem characterise characterize".split())
# Plainly approving and plainly hostile words of a verdict (lemmas, lower case).
APPROVING = frozenset(
    """historic welcome positive good important constructive credible significant legitimate
    fair balanced encouraging milestone breakthrough success successful achievement landmark
    courageous brave wise reasonable helpful useful promising valuable excellent great
    victory triumph sensible responsible pragmatic productive fruitful friendly
    cordial""".split()
)
HOSTILE = frozenset(
    """sham illegal illegitimate unacceptable reckless provocation provocative dangerous
    irresponsible outrageous absurd baseless unfounded null void violation breach aggression
    crime terrorism terrorist farce mistake blow threat insult hostile unjustified shameful
    disgraceful deplorable regrettable destabilising destabilizing interference meddling
    propaganda lie fabrication betrayal setback travesty hypocritical hypocrisy barbaric
    brutal criminal cowardly heinous despicable treacherous unlawful invalid worthless
    politicised politicized biased one-sided flawed""".split()
)
_NEGATORS = frozenset(["not", "no", "never", "hardly", "neither", "nor"])


def _verdict_tokens(trigger: Token) -> list[Token]:
    """The words of the verdict: the predicate of "called X Y" (``oprd``, ``ccomp``,
    ``xcomp``, ``acomp``) and the object of "as" in "described X as Y"."""
    out: list[Token] = []
    for c in trigger.children:
        if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp"):
            out.extend(c.subtree)
        elif c.dep_ == "prep" and c.lower_ == "as":
            out.extend(t for t in c.subtree if t.i != c.i)
        elif c.dep_ == "dobj":  # "called it a sham" parsed with the verdict under the object
            for g in c.children:
                if g.dep_ in ("oprd", "appos", "acl") or (g.dep_ == "prep" and g.lower_ == "as"):
                    out.extend(g.subtree)
    return out


def verdict(trigger: Token) -> str | None:
    """``support`` when ``trigger`` is a labelling verb whose verdict is plainly approving,
    ``oppose/criticize`` when it is plainly hostile; None when it is no labelling verb, or
    the verdict is mixed, negated or has no evaluative word. "Called for" and "called on"
    are calls, not verdicts. The predicate of a reported "be" clause is read the same way
    (:func:`_said_to_be`)."""
    if trigger.dep_ in ("attr", "acomp") and trigger.pos_ in ("NOUN", "ADJ"):
        return _said_to_be(trigger)
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in LABELLING:
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") for c in trigger.children):
        return None
    return _side(_verdict_tokens(trigger), trigger)


def _side(words: list[Token], verb: Token) -> str | None:
    """``support`` for plainly approving ``words``, ``oppose/criticize`` for plainly hostile
    ones; None when they are mixed, hold no evaluative word or are negated (among themselves
    or on ``verb``)."""
    lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
    if lemmas & _NEGATORS or any(c.dep_ == "neg" for c in verb.children):
        return None
    good, bad = bool(lemmas & APPROVING), bool(lemmas & HOSTILE)
    if good != bad:
        return "support" if good else "oppose/criticize"
    return None


# Verbs of reported speech whose clause "X was Y" passes a verdict on X.
SAYING = frozenset("say tell insist add argue declare state stress note reply".split())
# What such a clause judges: a move, or the act just reported ("it", "this").
_JUDGED = frozenset("it this that".split())


def _said_to_be(word: Token) -> str | None:
    """The verdict of "said the annexation was a violation of international law" and "said
    it was unacceptable": the predicate of a reported "be" clause whose subject is a move or
    "it"; None when the clause is negated, mixed or not evaluative."""
    be = word.head
    if be.lemma_ != "be" or be.dep_ != "ccomp" or be.head.lemma_.lower() not in SAYING:
        return None
    subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.lemma_.lower() in EVENT_NOUNS or subj.lower_ in _JUDGED):
        return None
    inner = {t.i for c in word.children if c.dep_ == "prep" for t in c.subtree}
    words = [t for t in word.subtree if t.i not in inner]  # not "a response to aggression"
    return _side(words, be)


def verdict_label(trigger: Token, label: str) -> str:
    """The act of ``trigger`` given the model's ``label``: ``support`` for a verbal conflict
    act whose verdict is plainly approving, ``oppose/criticize`` for support or a neutral
    statement whose verdict is plainly hostile; ``label`` otherwise."""
    if label not in CRITICAL_LABELS and label not in _NOT_CRITICAL:
        return label
    said = verdict(trigger)
    if said == "support" and label in CRITICAL_LABELS:
        return said
    if said == "oppose/criticize" and label in _NOT_CRITICAL:
        return said
    return label
