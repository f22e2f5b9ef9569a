"""Votes on resolutions: what a resolution is about, and which way a vote on it leans.

The role model finds who voted; these rules say what the vote means (annotation guide §6):

* a vote's target is the actor the resolution is about; a vote on "the resolution" or "it"
  takes the resolution described last in the document ("a draft demanding that Russia
  withdraw ... China voted against it");
* a resolution that condemns, censures or makes demands of an actor is *against* it: a vote
  for it is conflict, a vote against it cooperation; a vote for a resolution that upholds an
  actor is cooperation, against it conflict; vetoes are conflict, abstentions neutral;
* a resolution that upholds a state and makes demands of its adversary is about the state it
  upholds ("demanding Russia's withdrawal from Ukraine", "affirming Guyana's sovereignty"):
  a vote for it is cooperation with that state, a vote against it conflict;
* a generic resolution (a truce, humanitarian access) has no target;
* some words state a vote by their form, whatever the trigger model says ("voted against",
  "abstentions", "its veto", "opposed the text"), and voters named beside the voter vote the
  same way ("voted against it alongside Russia", "joined Russia in voting no").
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from geostance.nlp.discourse import Discourse
from geostance.nlp.mentions import Mention, listed

__all__ = [
    "ADOPTING",
    "BID_NOUNS",
    "RES_NOUNS",
    "VOTE_LABELS",
    "VOTER_PREPS",
    "about_actor",
    "adopted_text",
    "against_words",
    "bare_vote",
    "co_voters",
    "described_resolution",
    "resolution_of",
    "ruled_vote_label",
    "story_subject",
    "upheld",
    "vote_class",
    "vote_target",
    "voting_rows",
]

VOTE_LABELS = frozenset(["vote_for", "vote_against", "vote_abstain", "veto"])
RES_NOUNS = frozenset("resolution draft text motion measure proposal bid".split())
AGAINST_LEMMAS = frozenset(
    """condemn condemnation censure deplore criticise criticize denounce demand accuse sanction
    withdraw withdrawal reprimand rebuke blame violation aggression occupation annexation
    investigate investigation ban embargo breach veto oppose reject block cap accountability
    abuse atrocity crime illegitimate objection expel expulsion""".split()
)
# Words that make a demand of their object ("urging Israel to halt"; "calling on" too): a
# text that makes a demand of the actor it is about is against it (guide §6).
DEMANDING = frozenset("urge press order require instruct".split())


# What a text can uphold for a state ("the territorial integrity of Georgia", "Guyana's
# sovereignty"), and what it can condemn or end on a state's soil ("the invasion of Ukraine",
# "withdraw from Kosovo", "peace in Sudan"): that state is the text's target (guide §6).
UPHELD_NOUNS = frozenset(
    """sovereignty integrity independence territory borders border unity""".split()
)
UPHELD_HEADS = frozenset(
    """invasion aggression annexation occupation war attack attacks assault offensive incursion
    withdrawal withdraw pull peace""".split()
)
# What a text can oppose being done to a state, only when said so ("threats to use force
# against Venezuela", "interference in its affairs"; not "the threat from Iran").
UPHELD_AGAINST = frozenset("force threat interference".split())


def upheld(tok: Token) -> bool:
    """Whether an actor word sits where a text upholds it: possessor or "of" object of
    sovereignty / integrity, or the object of "of / against / in / from" on an act of war done
    to it ("aggression against Ukraine", "withdraw its forces from Kosovo")."""
    head = tok.head
    if tok.dep_ == "poss":
        return head.lemma_.lower() in UPHELD_NOUNS
    if tok.dep_ != "pobj" or head.dep_ != "prep":
        return False
    word = head.head.lemma_.lower()
    if head.lower_ == "of" and word in UPHELD_NOUNS:
        return True
    if word in UPHELD_AGAINST:
        return head.lower_ == "against" or (head.lower_ == "in" and word == "interference")
    if word in ("withdrawal", "withdraw", "pull") and head.lower_ == "of":
        return False  # "the withdrawal of Israeli forces": those asked to withdraw
    return head.lower_ in ("of", "against", "in", "from", "on") and word in UPHELD_HEADS


def against_words(tokens: Sequence[Token], of: Token | None = None) -> bool:
    """Whether words describing a resolution make it one against its subject ``of``: a word of
    censure, "against" after a noun ("measures against Iran"; not the vote's own "voted
    against"), or a demand made of that actor ("calling on Russia to return the plant"; not
    "calling on all states not to recognise …", a demand of others)."""
    return any(
        t.lemma_.lower() in AGAINST_LEMMAS
        or (t.lower_ == "against" and t.head.pos_ == "NOUN")
        or (of is not None and _demands(t, of))
        for t in tokens
    )


def _demands(t: Token, of: Token) -> bool:
    """Whether ``t`` asks something of ``of``: "calling on Russia to …", "urging Israel to …"
    (not "calling for a truce", which asks it of no one)."""
    lemma = t.lemma_.lower()
    if lemma == "call":
        objs = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children]
    elif lemma in DEMANDING:
        objs = [c for c in t.children if c.dep_ == "dobj"]
    else:
        return False
    return any(of.i in (o.i, *(x.i for x in o.conjuncts)) for o in objs)


# Prepositions that bring in the voters of a vote noun ("abstentions from Egypt and Kenya").
VOTER_PREPS = frozenset(["from", "by", "among", "including", "alongside", "with"])
VOTE_TEXTS = frozenset("resolution draft text motion".split())


def ruled_vote_label(tok: Token) -> str | None:
    """The vote a word states by its form, whatever the trigger model says: "voted against",
    "voted in favour", "voting no", "abstained", "abstentions", "vetoed", "its veto", "opposed
    the text", "backed the draft", "a text opposed by Russia", "cast a ballot against"."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    if tok.pos_ == "VERB" and lemma == "vote":
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "against":
                return "vote_against"
            if c.dep_ == "prep" and c.lower_ == "for":
                return "vote_for"
            if (
                c.dep_ == "prep"
                and c.lower_ == "in"
                and any(g.lower_ in ("favour", "favor") for g in c.children)
            ):
                return "vote_for"
            if c.dep_ in ("dobj", "advmod", "npadvmod", "intj") and c.lower_ in ("no", "yes"):
                return "vote_against" if c.lower_ == "no" else "vote_for"
        return None
    if low in ("abstention", "abstentions", "abstainers") or (
        lemma == "abstain" and not any(c.lower_ == "from" for c in tok.children)
    ):
        return "vote_abstain"  # not "abstained from criticising Moscow"
    if lemma == "veto" and (
        tok.pos_ == "VERB"
        or tok.head.lemma_ == "cast"
        or any(c.dep_ == "poss" for c in tok.children)
    ):
        return "veto"
    if tok.pos_ == "VERB" and lemma == "cast":
        return _cast_vote(tok)
    if tok.pos_ == "VERB" and _text_described(tok) is not None:
        on_text = any(c.dep_ == "agent" for c in tok.children)  # "a text opposed by Russia"
    else:
        on_text = any(c.dep_ == "dobj" and c.lemma_.lower() in VOTE_TEXTS for c in tok.children)
    if on_text:
        if lemma in ("oppose", "reject"):
            return "vote_against"
        if lemma in ("back", "support", "endorse"):
            return "vote_for"
    return None


def _text_described(verb: Token) -> Token | None:
    """The text a participle describes: "a draft opposed by Russia", "a text drafted by France
    and opposed by Russia"."""
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        verb = verb.head
    if verb.dep_ != "acl":
        return None
    noun = verb.head
    for _ in range(3):
        if noun.lemma_.lower() in VOTE_TEXTS:
            return noun
        if noun.dep_ != "dobj" or noun.head.dep_ != "acl":
            return None
        noun = noun.head.head  # "a text condemning Iran, drafted by France": hung on "Iran"
    return None


def _cast_vote(tok: Token) -> str | None:
    """The vote "cast" states with its ballot: "cast a ballot against", "cast the only vote
    against", "cast its vote in favour" (not "cast a veto", read by its noun)."""
    ballots = [
        c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in ("vote", "ballot")
    ]
    if not ballots:
        return None
    words = [c for t in (tok, *ballots) for c in t.children]
    if any(w.lower_ in ("against", "no") for w in words):
        return "vote_against"
    if any(w.lower_ in ("for", "yes") for w in words) or any(
        g.lower_ in ("favour", "favor") for w in words if w.lower_ == "in" for g in w.children
    ):
        return "vote_for"
    return None


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
        against = not upheld(target) and against_words(_path_words(trigger, target), target)
    if label == "vote_for":
        return "conflict" if against else "cooperation"
    return "cooperation" if against else "conflict"


# Words that name a bid rather than a text: their possessor is what the vote is about
# ("blocked North Macedonia's bid"); on a text it is the sponsor ("a US draft").
BID_NOUNS = frozenset("bid application membership accession admission candidacy".split())
_DESCRIBING = frozenset(["acl", "relcl", "prep", "ccomp", "xcomp", "advcl"])
# the tally a text won is its voters': "won the backing of 19 states, among them Argentina"
_TALLY = frozenset(["vote", "backing", "support", "approval", "majority", "endorsement"])


def resolution_of(trigger: Token) -> Token | None:
    """The text a vote word is on: its object ("vetoed a draft"), the object of its
    preposition ("voted against the resolution", "in favour of the text", "abstained on"),
    or the subject of a passive ("the draft was vetoed")."""
    for c in trigger.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            return c
    for prep in (c for c in trigger.children if c.dep_ == "prep"):
        if prep.lower_ in VOTER_PREPS:
            continue  # "voted with Russia against the text": Russia is a voter
        for g in prep.children:
            if g.dep_ != "pobj" or g.ent_type_ in ("DATE", "TIME"):
                continue  # "voted on Monday"
            if g.lower_ in ("favour", "favor"):  # "in favour of the text"
                of = next((x for x in g.children if x.dep_ == "prep"), None)
                return next((x for x in of.children if x.dep_ == "pobj"), None) if of else None
            return g
    return None


def _about_tokens(head: Token, *, own: bool) -> set[int]:
    """Tokens that say what a text is about: the clauses and prepositions hanging from it,
    and (``own``, for a bid) its possessor; when the text is the subject of a clause, that
    clause too ("the text demands that Russia withdraw"). Not its sponsors ("drafted by
    Ukraine", "presented by Britain")."""
    ids: set[int] = set()
    for c in head.children:
        if c.dep_ in _DESCRIBING or (own and c.dep_ == "poss"):
            ids.update(t.i for t in c.subtree)
    if head.dep_ == "nsubj" and head.head.pos_ == "VERB":
        verb = head.head  # not its voters: "passed with abstentions from Egypt"
        ids.add(verb.i)
        ids.update(
            t.i
            for c in verb.children
            if c.i != head.i
            and not (c.dep_ == "prep" and c.lower_ in VOTER_PREPS)
            and not (c.dep_ == "dobj" and c.lemma_.lower() in _TALLY)
            for t in c.subtree
        )
    for i in sorted(ids):
        t = head.doc[i]
        if i in ids and (t.dep_ == "agent" or (t.lower_ == "by" and t.head.dep_ == "acl")):
            ids.difference_update(x.i for x in t.subtree)
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
    found: list[tuple[int, str]] = []
    for k, m in enumerate(mentions):
        actor = resolved.get(k)
        if actor is None or m.head not in ids or actor in skip:
            continue
        if kind_of(actor) == "igo":
            continue
        found.append((k, actor))
    held = [f for f in found if upheld(head.doc[mentions[f[0]].head])]
    return held[0] if held else (found[0] if found else None)


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
        if not any(c.dep_ in ("acl", "relcl", "prep") for c in tok.children) and not (
            tok.dep_ == "nsubj" and tok.head.pos_ == "VERB"
        ):
            continue
        found = about_actor(tok, mentions, resolved, kind_of)
        if found is not None:
            if upheld(tok.doc[mentions[found[0]].head]):
                return found[1], False
            # its own words ("a sanctions resolution", "condemning Russia") and its clause
            clause = [tok.doc[i] for i in sorted(_about_tokens(tok, own=False))]
            about = tok.doc[mentions[found[0]].head]
            return found[1], against_words([*tok.subtree, *clause], about)
    return None


def voting_rows(
    trigger: Token, mentions: Sequence[Mention], scored: list[tuple[int, float, float]]
) -> list[tuple[int, float, float]]:
    """The role rows of a vote word whose mentions may vote: never a text ("the measure passed
    with abstentions"), and for a counted tally ("with 58 abstentions", "by 93 votes") only an
    actor it names ("58 abstentions, from Egypt and Kenya among others"): the body that held
    the vote, the sponsors and the other side's voters do not abstain by it. A tally the
    voters are "among" ("with China among the 32 abstentions") keeps every row."""
    doc = trigger.doc
    rows = [r for r in scored if doc[mentions[r[0]].head].lemma_.lower() not in RES_NOUNS]
    if trigger.pos_ != "NOUN" or not any(c.dep_ == "nummod" for c in trigger.children):
        return rows
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "among":
        return rows  # "with China among the abstentions": the parser hangs "among" anywhere
    named = {t.i for t in trigger.subtree}
    return [r for r in rows if mentions[r[0]].head in named]


def co_voters(trigger: Token, mentions: Sequence[Mention]) -> list[int]:
    """Mentions that vote the same way: "voted against it alongside Russia", "voted with
    Moscow against the text"."""
    heads = {m.head: k for k, m in enumerate(mentions)}
    objs = [
        g
        for prep in trigger.children
        if prep.dep_ == "prep" and prep.lower_ in ("with", "alongside")
        for g in prep.children
        if g.dep_ == "pobj"
    ]
    verb = trigger.head.head if trigger.dep_ == "pcomp" else trigger.head
    if verb.lemma_.lower() == "join" and trigger.dep_ in ("pcomp", "advcl", "xcomp"):
        objs += [c for c in verb.children if c.dep_ == "dobj"]  # "joined Russia in voting no"
    return [k for obj in objs for k in listed(obj, heads)]


def bare_vote(trigger: Token, actor_heads: set[int]) -> bool:
    """A vote with no resolution named, or on "it" / "the resolution" / "the text", or on
    something that names no actor and no text ("abstained on that occasion")."""
    objs = [c for c in trigger.children if c.dep_ == "dobj"]
    for prep in (c for c in trigger.children if c.dep_ == "prep"):
        if prep.lower_ in VOTER_PREPS:
            continue  # "abstentions from Egypt and Kenya": the voters
        objs.extend(g for g in prep.children if g.dep_ in ("pobj", "pcomp"))
        for g in prep.children:  # "in favour of it"
            objs.extend(x for p2 in g.children if p2.dep_ == "prep" for x in p2.children)
    for o in objs:
        if o.lower_ in ("it", "this", "that", "them", "favour", "favor", "no", "yes"):
            continue
        lemma = o.lemma_.lower()
        if lemma in RES_NOUNS and not any(
            c.dep_ in ("acl", "relcl", "prep", "amod", "compound", "nummod") for c in o.children
        ):
            continue
        if (
            o.pos_ == "NOUN"
            and lemma not in RES_NOUNS | BID_NOUNS
            and not any(t.i in actor_heads for t in o.subtree)
            and not any(c.dep_ in ("acl", "relcl") for c in o.children)
        ):
            continue  # "on that occasion", "on the question"
        return False
    return True


def vote_target(
    trigger: Token,
    mentions: Sequence[Mention],
    resolved: dict[int, str | None],
    discourse: Discourse,
    voters: set[str],
) -> tuple[int, str] | None:
    """A vote's target by the rules of this module, over what the role model chose: the
    resolution remembered for a vote on "it" (index -2), else the actor its text is about
    ("voted against a draft condemning Russia"), else ``None`` (the role model decides)."""
    if bare_vote(trigger, {m.head for k, m in enumerate(mentions) if resolved.get(k)}):
        remembered = discourse.last_resolution
        return (-2, remembered[0]) if remembered is not None else None
    heads = [resolution_of(trigger)]
    if trigger.pos_ == "NOUN":
        heads.append(trigger)  # "Russian vetoes on aid to Syria"
    for head in heads:
        if head is not None:
            found = about_actor(head, mentions, resolved, discourse.table.kind_of, voters)
            if found is not None:
                return found
    return None


def story_subject(discourse: Discourse, voters: Collection[str]) -> tuple[int, str] | None:
    """(-2, actor) a vote is about when neither its sentence nor the document's memory names
    the text: the state or group the document has named most (at least twice), not a voter
    (here or in a vote the memory holds: "Belarus voted no") nor a body (guide §8: the target
    is whom the resolution is about); None when there is none. The class of such a vote stays
    its default (what the text says is not known), and the event filter judges it
    (``assemble._ruled``)."""
    voted = set(voters) | {src for label, src, _, _ in discourse.acts if label in VOTE_LABELS}
    main = [a for a in discourse.most_named(3, voted) if discourse.table.kind_of(a) != "igo"]
    return (-2, main[0]) if main else None


# Acts of a body that amount to adopting a text a later vote can be on.
ADOPTING = frozenset(
    ["call_for", "condemn", "accuse/blame", "oppose/criticize", "support", "sanction", "recognize"]
)


class CodedAct(Protocol):
    """What these rules read of a coded act (``assemble.Coded``)."""

    @property
    def label(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str | None: ...
    @property
    def modality(self) -> str: ...
    @property
    def negated(self) -> bool: ...
    @property
    def quad(self) -> int: ...


def adopted_text(
    doc: Doc,
    idx: Sequence[int],
    mentions: Sequence[Mention],
    resolved: dict[int, str | None],
    discourse: Discourse,
    coded: Iterable[CodedAct],
) -> tuple[str, bool] | None:
    """The resolution a body adopted when it acted in the sentence ("the General Assembly
    demanded that Russia withdraw from Ukraine"), for votes on it later in the sentence or
    after: (the state it upholds, or else the act's target, and whether it is against that
    actor)."""
    for c in coded:
        if c.modality != "asserted" or c.negated or c.target is None or c.label not in ADOPTING:
            continue
        if discourse.table.kind_of(c.source) != "igo":
            continue
        if discourse.table.kind_of(c.target) == "igo":
            continue  # "asked the Security Council to reconsider": not what the text is about
        for k in idx:
            actor = resolved.get(k)
            if actor and actor != c.source and upheld(doc[mentions[k].head]):
                return actor, False
        return c.target, c.quad >= 3
    return None
