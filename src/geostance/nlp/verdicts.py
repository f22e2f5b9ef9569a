"""The verdict a labelling verb passes: "called the deal a historic step" backs it, "described
the vote as a sham" criticises it. The trigger model learns that "called" and "described" are
acts, but whether the act backs or criticises hangs on the words of the verdict, a few tokens
away; so where the verdict is plainly approving and the model chose a verbal conflict act, the
act is support, and where it is plainly hostile and the model chose support or a neutral
statement, it is oppose/criticize. The model's probability stays how sure the act is.

Pure functions over a parsed token.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["APPROVING", "HOSTILE", "LABELLING", "verdict_label"]

_CRITICAL = frozenset(["oppose/criticize", "condemn", "accuse/blame"])
_NOT_CRITICAL = frozenset(["support", "statement_neutral"])

# Verbs whose object is given a verdict: "called X Y", "described X as Y", "termed X Y".
LABELLING = frozenset("call describe term label brand dub deem characterise characterize".split())
# Plainly approving and plainly hostile words of a verdict (lemmas, lower case).
APPROVING = frozenset(
    """historic welcome positive good important constructive credible significant legitimate
    fair balanced encouraging milestone breakthrough success successful achievement landmark
    courageous brave wise reasonable helpful useful promising valuable excellent great
    step-forward victory triumph sensible responsible pragmatic productive fruitful
    friendly cordial""".split()
)
HOSTILE = frozenset(
    """sham illegal illegitimate unacceptable reckless provocation provocative dangerous
    irresponsible outrageous absurd baseless unfounded null void violation breach aggression
    crime terrorism terrorist farce mistake blow threat insult hostile unjustified shameful
    disgraceful deplorable regrettable destabilising destabilizing interference meddling
    propaganda lie fabrication betrayal setback travesty hypocritical hypocrisy barbaric
    brutal criminal cowardly heinous despicable treacherous unlawful illegitimate
    invalid worthless politicised politicized biased one-sided flawed""".split()
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


def verdict_label(trigger: Token, label: str) -> str:
    """The act of ``trigger`` given the model's ``label``: ``support`` for a verbal conflict
    act whose verdict is plainly approving, ``oppose/criticize`` for support or a neutral
    statement whose verdict is plainly hostile; ``label`` otherwise (not a labelling verb,
    mixed or negated verdict). "Called for" and "called on" are calls, not verdicts."""
    if label not in _CRITICAL and label not in _NOT_CRITICAL:
        return label
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in LABELLING:
        return label
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") for c in trigger.children):
        return label
    words = _verdict_tokens(trigger)
    lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
    if lemmas & _NEGATORS or any(c.dep_ == "neg" for c in trigger.children):
        return label
    good, bad = bool(lemmas & APPROVING), bool(lemmas & HOSTILE)
    if good and not bad and label in _CRITICAL:
        return "support"
    if bad and not good and label in _NOT_CRITICAL:
        return "oppose/criticize"
    return label
