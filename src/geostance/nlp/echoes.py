"""Acts that repeat another act of their sentence: "the Soviet Union broke off relations with
Israel, and within days Poland and Hungary followed its lead"; "the accords the Emirates signed
with Israel, followed within months by Morocco and Sudan"; "… and Chile did the same".

The followers are named, the act and its target are not: they are those of the act the echo
verb is tied to in the parse, done by the followers. Only an act of the same sentence is
copied: the act a follower repeats in a later sentence ("Norway followed suit") is often one
the coder missed, and the latest act coded is then another one. Echoes that hang from the
act's own verb ("Peru condemned the coup, as did Chile", "and so did France") are read where
the act is, as its co-sources (:mod:`.cosources`).

Pure functions over a parsed sentence and its mentions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from spacy.tokens import Span, Token

from geostance.nlp.mentions import Mention, listed

__all__ = ["Echo", "FOLLOW_OBJECTS", "echoes"]

# "followed suit", "followed its lead / example": what one follows when one repeats an act
FOLLOW_OBJECTS = frozenset(["suit", "lead", "example", "footsteps"])
# "did the same", "did likewise"
_SAME = frozenset(["same", "likewise"])
_CLAUSES = frozenset(["acl", "relcl"])


class Echo(NamedTuple):
    """``verb`` repeats the act of the trigger ``act``, done by the mentions ``followers``."""

    verb: Token
    act: Token
    followers: list[int]


def echoes(
    sent: Span,
    mentions: Sequence[Mention],
    resolved: Mapping[int, str | None],
    triggers: Sequence[Token],
) -> list[Echo]:
    """The echoes of ``sent``, each tied to the latest of ``triggers`` (the triggers of the
    sentence's coded acts) before it that the parse links it to."""
    heads = {m.head: k for k, m in enumerate(mentions) if resolved.get(k)}
    out: list[Echo] = []
    for verb in sent:
        if not _echo_verb(verb):
            continue
        acts = [t for t in triggers if t.i < verb.i and _tied(verb, t)]
        who = _followers(verb, heads)
        if acts and who:
            out.append(Echo(verb, max(acts, key=lambda t: t.i), who))
    return out


def _echo_verb(tok: Token) -> bool:
    """ "followed", "followed suit / its lead", "did the same": no act of their own."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "follow":
        objs = [c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp")]
        return all(o.lemma_.lower() in FOLLOW_OBJECTS for o in objs)
    return lemma == "do" and any(
        c.lower_ in _SAME for c in tok.children if c.dep_ in ("dobj", "advmod")
    )


def _tied(verb: Token, act: Token) -> bool:
    """The echo verb repeats ``act``: a conjunct of it ("X broke off relations, and Y followed
    its lead"), or about the act's own noun or the noun its clause describes ("the accords that
    X signed, followed by Y": the parser makes "the accords" the subject of "followed")."""
    if verb.dep_ == "conj" and verb.head.i == act.i:
        return True
    if act.head.i == verb.i or (act.dep_ in _CLAUSES and act.head.head.i == verb.i):
        return True
    return verb.dep_ in _CLAUSES and (
        act.i == verb.head.i or (act.dep_ in _CLAUSES and act.head.i == verb.head.i)
    )


def _followers(verb: Token, heads: Mapping[int, int]) -> list[int]:
    """The subjects of an echo verb, or the agents of "followed by"."""
    who: list[int] = []
    for c in verb.children:
        if c.dep_ == "nsubj":
            who.extend(listed(c, heads))
        elif c.dep_ == "agent":
            for g in (g for g in c.children if g.dep_ == "pobj"):
                who.extend(listed(g, heads))
    return who
