"""Sources the grammar names beside the ones the role model scores.

The role model scores each mention alone, so it can keep the first actor of a list and miss
the rest, or take an actor that acts *with* the source for its target. These rules read the
parse around a source the model found:

* echoes repeat the act: "Peru condemned the coup, as did Chile and Bolivia"; "joined
  Russia in voting against" is the vote, and no act of its own;
* the rest of a list the source is in, when the list is an apposition or the object of a
  preposition: "fury from Chile, Peru and Bolivia", "hosted by Britain, France and the AU",
  but not "talks between Israel and Egypt", whose list names the parties; and the rest of a
  subject list two of whose members are sources;
* the other actors of a subject list are never the act's target, but for acts done between
  them (:func:`subject_mates`);
* those listed as attending a gathering are not each other's targets, nor a pair: "among
  those in attendance were Kenya's president, Ghana's foreign minister and the leaders of
  Peru and Chile" is no negotiation between them (:func:`no_parties`), nor are those a
  "with" phrase says were only there: "with the World Bank observing" (:func:`bystanders`);
* co-agents: "signed alongside Trump", "convened talks together with Saudi Arabia",
  "France, along with Germany, condemned …". They are sources, and never targets;
* a clause with its own subject is that subject's act alone: in "Brazil condemned it, and
  Nicaragua went further, breaking off relations", Brazil did not break off relations.

Pure functions over a parsed sentence and its mentions.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from geostance.nlp.clauses import SUBJECTS, listed_top, lists_of
from geostance.nlp.mentions import Mention, list_head, listed

__all__ = [
    "ATTENDING",
    "MEDIATING",
    "attends",
    "co_agents",
    "cosources",
    "bystanders",
    "in_echoes",
    "is_echo",
    "joins",
    "mediates",
    "no_parties",
    "own_clause",
    "owned_object",
    "subject_mates",
]

# "together with", "jointly with", "along with": the actor after "with" acts too
_CO_MARKERS = frozenset(["together", "jointly", "along"])
# a list after these prepositions names an act's parties, not its sources
_PARTY_PREPS = frozenset(["between", "among", "amongst"])
# Words of a third party's good offices: whoever does them "with" another, or beside another in
# a list, is a fellow mediator ("Doha brokered, with Egypt, the pause"; "mediation by Kuwait
# and the United States"), not a party between whom they mediate (guide §6: mediators target
# the parties).
MEDIATING = frozenset("mediate mediation mediator broker facilitate".split())
# Words of attending: those who came to one gathering are not each other's targets.
ATTENDING = frozenset("attend attendance attendee participant participate participation".split())


def is_echo(tok: Token) -> bool:
    """ "did" in "as did Chile", "joined" in "joined Russia in voting against": it repeats
    another act (the vote its "in" names) and is none of its own."""
    if tok.lemma_.lower() == "join":
        return any(g.lemma_.lower() in ("vote", "abstain") for g in _done_in(tok))
    return (
        tok.lemma_.lower() in ("do", "have")
        and tok.dep_ in ("advcl", "conj")
        and any(c.lower_ in ("as", "so") for c in tok.children)
    )


def joins(tok: Token) -> bool:
    """ "joined NATO": a body joined, its direct object; not "joined Russia in voting against"
    nor "joined France in condemning" (the act of the "in", done alongside)."""
    if tok.lemma_.lower() != "join" or not any(c.dep_ == "dobj" for c in tok.children):
        return False
    return not any(g.dep_ == "pcomp" or g.tag_ == "VBG" for g in _done_in(tok))


def _done_in(tok: Token) -> list[Token]:
    """What the "in" phrases of ``tok`` hold ("voting" in "joined Russia in voting")."""
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children]


def cosources(
    trigger: Token, sources: Sequence[int], mentions: Sequence[Mention], agents: Sequence[int]
) -> list[int]:
    """``sources`` (mention indices) with the mentions the grammar adds to them, in this
    order: echoes, the rest of the sources' lists, then ``agents`` (:func:`co_agents`)."""
    out = list(sources)
    out += [k for k in _echoes(trigger, mentions) if k not in out]
    out += [k for k in _list_mates(trigger, out, mentions) if k not in out]
    out += [k for k in agents if k not in out]
    return out


def own_clause(trigger: Token, sources: Sequence[int], mentions: Sequence[Mention]) -> list[int]:
    """``sources`` without the subjects of other clauses, when the subject of the trigger's
    own clause (the nearest word above it that has one) is among them: a subject of a verb
    that does not govern the trigger (a coordinated clause's) is not its source."""
    doc = trigger.doc
    above = [trigger, *trigger.ancestors]
    subjects: list[Token] = []
    for v in above:  # the nearest word above the trigger that has a subject
        subjects = [c for c in v.children if c.dep_ in SUBJECTS]
        if subjects:
            break
    own = {t.i for s in subjects for t in s.subtree}
    if not any(mentions[k].head in own for k in sources):
        return list(sources)
    # a clause does not govern the clause coordinated with it ("condemned it, and … went")
    governing = {trigger.i} | {
        t.head.i
        for t in above
        if t.head.i != t.i and not (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"))
    }
    out: list[int] = []
    for k in sources:
        first = list_head(doc[mentions[k].head])
        if first.dep_ == "poss":  # "Brazil's envoy"
            first = list_head(first.head)
        if first.dep_ in SUBJECTS and first.head.i not in governing and first.i not in own:
            continue
        out.append(k)
    return out


def mediates(trigger: Token) -> bool:
    """Whether ``trigger`` is a word of mediation (:data:`MEDIATING`)."""
    return trigger.lemma_.lower() in MEDIATING or trigger.lower_ in MEDIATING


def attends(trigger: Token) -> bool:
    """Whether ``trigger`` is a word of attending a gathering (:data:`ATTENDING`)."""
    return trigger.lemma_.lower() in ATTENDING


def no_parties(
    trigger: Token, sources: Sequence[int], mentions: Sequence[Mention], agents: Sequence[int]
) -> set[int]:
    """Mentions that are not the act's target: those a "with" phrase says were only there
    (:func:`bystanders`), and the sources of a word of mediation that mediate beside another:
    its ``agents`` (:func:`co_agents`) and the sources listed with another source ("mediation
    by Kuwait and the United States"), none of them a party to what they mediate. For a word
    of attending, every actor of the phrase that lists a source among those who came."""
    return bystanders(trigger, mentions) | _fellow_mediators(trigger, sources, mentions, agents)


# What those of a "with" phrase do when they are only there: "with the World Bank observing",
# "with Qatari envoys present", "with American and Chinese diplomats in the room".
_THERE = frozenset("present observe attend".split())
_ROOMS = frozenset("room hall table attendance audience".split())


def bystanders(trigger: Token, mentions: Sequence[Mention]) -> set[int]:
    """The mentions of a "with" phrase of the trigger's sentence that says who else was there
    ("talks hosted by Malaysia, with American and Chinese diplomats in the room"): they
    watched, and the act is not done to them."""
    phrases: list[Token] = []
    for w in trigger.sent:
        if w.lower_ != "with":
            continue
        if w.dep_ == "mark" and w.head.lemma_.lower() in _THERE:  # "with Qatari envoys present"
            phrases += [c for c in w.head.children if c.dep_ == "nsubj"]
        for c in w.children if w.dep_ == "prep" else ():
            if c.dep_ == "pcomp" and c.lemma_.lower() in _THERE:  # "with the UN observing"
                phrases += [g for g in c.children if g.dep_ == "nsubj"]
            elif c.dep_ == "pobj" and any(_there(g) for g in c.children):
                phrases.append(c)
    inside = {t.i for p in phrases for t in p.subtree}
    return {k for k, m in enumerate(mentions) if m.head in inside}


def _there(tok: Token) -> bool:
    """ "in the room", "in attendance", "present" said of a noun."""
    if tok.dep_ in ("amod", "acl"):
        return tok.lemma_.lower() in _THERE
    rooms = (o.lemma_.lower() in _ROOMS for o in tok.children if o.dep_ == "pobj")
    return tok.dep_ == "prep" and tok.lower_ in ("in", "at") and any(rooms)


def _fellow_mediators(
    trigger: Token, sources: Sequence[int], mentions: Sequence[Mention], agents: Sequence[int]
) -> set[int]:
    if attends(trigger):  # "among those in attendance were Kenya's president, Ghana's …"
        return _fellow_attendees(trigger, sources, mentions) | set(agents)
    if not mediates(trigger):
        return set()
    doc = trigger.doc
    heads = {mentions[k].head: k for k in sources}
    listed_mates = {k for k in sources if len(listed(doc[mentions[k].head], heads)) > 1}
    return set(agents) | listed_mates


def _fellow_attendees(
    trigger: Token, sources: Sequence[int], mentions: Sequence[Mention]
) -> set[int]:
    """The mentions in the phrase that lists a source among those attending (through lists
    and appositions, which the parser mixes up in long lists of leaders)."""
    doc = trigger.doc
    out: set[int] = set()
    for k in sources:
        tok = listed_top(doc[mentions[k].head])  # the whole phrase: "the leaders of Italy, Spain"
        while tok.dep_ == "pobj" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            tok = listed_top(tok.head.head)
        span = range(tok.left_edge.i, tok.right_edge.i + 1)
        if trigger.i in span:
            continue  # the phrase holds the act itself: it lists no one
        out.update(j for j, m in enumerate(mentions) if m.head in span and j != k)
    return out


def subject_mates(trigger: Token, sources: Sequence[int], mentions: Sequence[Mention]) -> set[int]:
    """The other actors of a list a source is in when the list is a subject ("Egypt, Jordan
    and Iraq issued statements of condemnation"): they do the act with it, and none of them is
    its target (the caller spares acts done between them)."""
    out: set[int] = set()
    for k, first, members in lists_of(trigger, sources, mentions):
        if first.dep_ in SUBJECTS:
            out.update(j for j in members if j != k)
    return out


def co_agents(trigger: Token, mentions: Sequence[Mention]) -> list[int]:
    """Mentions that do the act with its source: "alongside X" or "together / jointly /
    along with X" on the trigger or on its object, and plain "with X" on a word of mediation
    before any object it has ("brokered, with Egypt, the pause"; not "brokered a truce with
    Hamas")."""
    heads = {m.head: k for k, m in enumerate(mentions)}
    first_object = min(
        (c.i for c in trigger.children if c.dep_ == "dobj" and c.i > trigger.i),
        default=len(trigger.doc),
    )
    plain_with = mediates(trigger)
    anchors = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    preps = [p for a in anchors for p in a.children if p.dep_ == "prep"]
    # "France, along with Germany, condemned": "with" hangs from "along"
    preps += [p for a in preps if a.lower_ == "along" for p in a.children if p.dep_ == "prep"]
    out: list[int] = []
    for prep in preps:
        before = prep.doc[prep.i - 1].lower_ if prep.i > 0 else ""
        fellow = plain_with and prep.head.i == trigger.i and prep.i < first_object
        if prep.lower_ == "alongside" or (
            prep.lower_ == "with" and (before in _CO_MARKERS or fellow)
        ):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                out.extend(listed(obj, heads))
    return out


def in_echoes(trigger: Token, mentions: Sequence[Mention]) -> list[int]:
    """Every mention in an echo of the act ("as did Britain's Boris Johnson, who called it
    good news"): actors that repeat the act or belong to the one who does, never its target."""
    inside = {t.i for c in trigger.children if is_echo(c) for t in c.subtree}
    return [k for k, m in enumerate(mentions) if m.head in inside]


def _echoes(trigger: Token, mentions: Sequence[Mention]) -> list[int]:
    """Mentions that repeat the act after it: "Peru condemned the coup, as did Chile and
    Bolivia"; "Germany recalled its envoy, and so did France"."""
    heads = {m.head: k for k, m in enumerate(mentions)}
    out: list[int] = []
    for c in (c for c in trigger.children if is_echo(c)):
        for subj in (g for g in c.children if g.dep_ == "nsubj"):
            out.extend(listed(subj, heads))
    return out


def _list_mates(trigger: Token, sources: Sequence[int], mentions: Sequence[Mention]) -> list[int]:
    """The other named actors of a list a source is in, when the list is an apposition or
    the object of a preposition other than "between" or "among", or a subject list two of
    whose members are sources already ("Egypt, Qatar and the United States issued a joint
    statement": the role model scores each alone and can pass the first and the last)."""
    out: list[int] = []
    for _, first, members in lists_of(trigger, sources, mentions):
        if first.dep_ == "appos" or (
            first.dep_ == "pobj" and first.head.lower_ not in _PARTY_PREPS
        ):
            out.extend(members)
        elif first.dep_ in SUBJECTS and sum(j in sources for j in members) >= 2:
            out.extend(members)  # "Egypt, Qatar and the United States issued": two say all
    return out


def owned_object(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` is the possessed object of ``trigger`` or its owner ("recalled Israel's
    envoys", "urged his rivals"): the source's own people or things, when the source is that
    owner, are not its target."""
    if tok.dep_ != "poss" and not any(c.dep_ == "poss" for c in tok.children):
        return False
    while tok.dep_ in ("poss", "compound", "conj", "appos") and tok.head != tok:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.head == trigger:
        return True
    return tok.head == trigger and tok.dep_ in ("dobj", "dative", "attr", "oprd")
