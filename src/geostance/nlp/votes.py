"""Votes on resolutions: what a resolution is about, and which way a vote on it leans.

The role model finds who voted; these rules say what the vote means (annotation guide §6):

* a vote's target is the actor the resolution is about; a vote on "the resolution" or "it"
  takes the resolution described last in the document ("a draft demanding that Russia
  withdraw ... China voted against it");
* a resolution that condemns, censures or makes demands of an actor is *against* it: a vote
  for it is conflict, a vote against it cooperation; a vote for a resolution that upholds an
  actor is cooperation, against it conflict; vetoes are conflict, abstentions neutral;
* a generic resolution (a truce, humanitarian access) has no target.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from geostance.nlp.mentions import Mention

__all__ = ["RES_NOUNS", "VOTE_LABELS", "described_resolution", "vote_class", "against_words"]

VOTE_LABELS = frozenset(["vote_for", "vote_against", "vote_abstain", "veto"])
RES_NOUNS = frozenset("resolution draft text motion measure proposal bid".split())
AGAINST_LEMMAS = frozenset(
    """condemn condemnation censure deplore criticise criticize denounce demand accuse sanction
    withdraw withdrawal reprimand rebuke blame violation aggression occupation annexation
    investigate investigation ban embargo""".split()
)


def against_words(tokens: Sequence[Token]) -> bool:
    """Whether words describing a resolution make it one against its subject."""
    return any(t.lemma_.lower() in AGAINST_LEMMAS for t in tokens)


def _path_words(trigger: Token, target: Token) -> list[Token]:
    """Tokens from the target up to (not including) the vote word, or up to the sentence root."""
    out: list[Token] = []
    cur = target
    for _ in range(10):
        if cur.i == trigger.i or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.i != trigger.i:
            out.append(cur)
    return out


def vote_class(
    label: str, trigger: Token, target: Token | None, remembered_against: bool | None
) -> str:
    """The class (cooperation, conflict, neutral) of a vote toward its target."""
    if label == "vote_abstain":
        return "neutral"
    if label == "veto":
        return "conflict"
    if target is None:
        against = bool(remembered_against)
    else:
        against = against_words(_path_words(trigger, target))
    if label == "vote_for":
        return "conflict" if against else "cooperation"
    return "cooperation" if against else "conflict"


def described_resolution(
    sent: Span, mentions: Sequence[Mention], resolved: dict[int, str | None]
) -> tuple[str, bool] | None:
    """(actor, against) of a resolution described in a sentence ("a draft demanding that
    Russia withdraw its troops" -> RUS, against), for votes on "it" in later sentences."""
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in RES_NOUNS:
            continue
        if not any(c.dep_ in ("acl", "relcl", "prep") for c in tok.children):
            continue
        subtree = list(tok.subtree)
        ids = {t.i for t in subtree}
        for k, m in enumerate(mentions):
            actor = resolved.get(k)
            if actor is None or m.head not in ids or m.head == tok.i:
                continue
            return actor, against_words(subtree)
    return None
