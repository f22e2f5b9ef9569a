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

from collections.abc import Callable, Collection, Sequence

from spacy.tokens import Span, Token

from geostance.nlp.mentions import Mention

__all__ = [
    "RES_NOUNS",
    "VOTE_LABELS",
    "about_actor",
    "against_words",
    "described_resolution",
    "resolution_of",
    "vote_class",
]

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


# Words that name a bid rather than a text: their possessor is what the vote is about
# ("blocked North Macedonia's bid"); on a text it is the sponsor ("a US draft").
BID_NOUNS = frozenset("bid application membership accession admission candidacy".split())
_DESCRIBING = frozenset(["acl", "relcl", "prep", "ccomp", "xcomp", "advcl"])


def resolution_of(trigger: Token) -> Token | None:
    """The text a vote word is on: its object ("vetoed a draft"), the object of its
    preposition ("voted against the resolution", "in favour of the text", "abstained on"),
    or the subject of a passive ("the draft was vetoed")."""
    for c in trigger.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    for prep in (c for c in trigger.children if c.dep_ == "prep"):
        for g in prep.children:
            if g.dep_ != "pobj":
                continue
            if g.lower_ in ("favour", "favor"):  # "in favour of the text"
                of = next((x for x in g.children if x.dep_ == "prep"), None)
                return next((x for x in of.children if x.dep_ == "pobj"), None) if of else None
            return g
    return None


def _about_tokens(head: Token, *, own: bool) -> set[int]:
    """Tokens that say what a text is about: the clauses and prepositions hanging from it,
    and (``own``, for a bid) its possessor."""
    ids: set[int] = set()
    for c in head.children:
        if c.dep_ in _DESCRIBING or (own and c.dep_ == "poss"):
            ids.update(t.i for t in c.subtree)
    return ids


def about_actor(
    head: Token,
    mentions: Sequence[Mention],
    resolved: dict[int, str | None],
    kind_of: Callable[[str], str],
    skip: Collection[str] = (),
) -> tuple[int, str] | None:
    """(mention index, actor) a text or vote is about: the first actor named in what
    describes it ("a draft condemning Russia's annexation" -> RUS; "vetoes on aid to Syria"
    -> SYR), not its sponsor ("a US draft"), not a body that votes (igo), not one of
    ``skip`` (the voters themselves)."""
    own = head.lemma_.lower() in BID_NOUNS
    ids = _about_tokens(head, own=own)
    for k, m in enumerate(mentions):
        actor = resolved.get(k)
        if actor is None or m.head not in ids or actor in skip:
            continue
        if kind_of(actor) == "igo":
            continue
        return k, actor
    return None


def described_resolution(
    sent: Span,
    mentions: Sequence[Mention],
    resolved: dict[int, str | None],
    kind_of: Callable[[str], str],
) -> tuple[str, bool] | None:
    """(actor, against) of a resolution described in a sentence ("a draft demanding that
    Russia withdraw its troops" -> RUS, against), for votes on "it" in later sentences."""
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in RES_NOUNS:
            continue
        if not any(c.dep_ in ("acl", "relcl", "prep") for c in tok.children):
            continue
        found = about_actor(tok, mentions, resolved, kind_of)
        if found is not None:
            return found[1], against_words(list(tok.subtree))
    return None
