"""Negation and modality of an act: did it happen, was it withheld, or is it only demanded,
planned or imagined? Rules over the dependency parse, from the trigger word up the chain of
verbs that govern it.

* **Negated** — "did not condemn", "never recognised", "sent no condolences", "has yet to",
  "stopped short of criticising", "refused to", "ruled out talks", "halted arms exports",
  "called off talks", "paused its participation in meetings", "no longer recognises";
  a negation reaches a coordinated verb that has no subject of its own ("did not condemn the
  attack or offer condolences" negates both).
* **How** it was negated decides the class (annotation guide §8): an omission ("did not") is
  neutral; a halt or a refusal of a cooperation ("suspended aid", "refused to let convoys
  cross", "no longer recognises") is conflict.
* **Modality** — ``demanded`` (urged, called for, demanded, warned against, banned: not the
  actor's deed), ``intended`` (will, plans to, pledged to, is set to), ``hypothetical``
  (would, could, may, if, considering; a sanction or force vetoed, blocked or prevented);
  else ``asserted``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Token

from geostance.models import Modality
from geostance.nlp import frames
from geostance.nlp.acts import phrasal

__all__ = ["Frame", "frame_in_context", "frame_of", "negated_here"]

HALT_VERBS = frozenset(
    """halt suspend freeze stop end cut cease withhold pause scrap cancel terminate curtail
    break sever abandon revoke withdraw shut close drop quit boycott exit renounce""".split()
)
HALT_NOUNS = frozenset("halt suspension freeze end cessation withdrawal cut".split())
# a share in an act, which a halt word can stop as it stops the act ("paused their participation
# in meetings held under Russia's chairmanship")
_TAKING_PART = frozenset("participation involvement membership".split())
# Verbs that keep a conflict act from happening: "vetoed the sanctions against Moscow",
# "blocked an embargo", "prevented an EU ban on Russian gas" (no sanction was imposed).
BLOCK_VERBS = frozenset(
    "block veto prevent thwart obstruct torpedo scuttle derail foil avert".split()
)
REFUSE_VERBS = frozenset("refuse reject deny bar block veto decline resist rebuff spurn".split())
OMIT_VERBS = frozenset("fail avoid neglect omit".split())
BAN_VERBS = frozenset("ban bar prohibit forbid outlaw".split())
DEMAND_VERBS = frozenset(
    """demand insist order urge ask appeal press encourage implore request plead pressure call
    push warn caution advise tell""".split()
)
INTENT_VERBS = frozenset(
    """plan intend pledge promise vow aim seek want hope expect prepare agree decide offer
    commit try attempt move set wish threaten propose""".split()
)
# Verbs whose object is the act itself: "did not issue a condemnation" negates the condemnation
# (but "did not condemn the attack" does not negate the attack)
LIGHT_VERBS = frozenset(
    """issue voice express join offer make extend lodge file hold take give sign pledge
    announce raise send register have maintain keep""".split()
)
HYPO_VERBS = frozenset("consider weigh mull contemplate discuss explore".split())
NEG_NOUNS = frozenset("refusal reluctance failure unwillingness".split())
INTENT_NOUNS = frozenset(
    """decision plan pledge promise offer commitment bid attempt readiness willingness
    intention vow threat""".split()
)
DEMAND_NOUNS = frozenset("call demand appeal request plea ultimatum".split())
HYPO_AUX = frozenset("would could might may should can".split())
FUTURE_AUX = frozenset(["will", "shall", "'ll", "wo"])


@dataclass(frozen=True, slots=True)
class Frame:
    """What a trigger's frame says of its act: modality, negation, and the kind of negation
    (``omission``, ``halt`` or ``refusal``; empty when not negated)."""

    modality: Modality = "asserted"
    negated: bool = False
    how: str = ""


# "the no column", "the no camp": the side of a vote, not a negation
VOTE_SIDES = frozenset(["column", "camp"])


def negated_here(tok: Token) -> bool:
    """ "not", "n't", "never", "no longer", "no" (as the determiner of a noun trigger),
    "neither" ("neither criticised X nor tried to")."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ == "never":
            return True
        if c.dep_ == "preconj" and c.lower_ == "neither":
            return True
        if c.lower_ == "longer" and any(x.lower_ == "no" for x in c.children):
            return True
        if c.dep_ == "det" and c.lower_ == "no" and tok.lemma_.lower() not in VOTE_SIDES:
            return True  # but "the no column" is a side of a vote
    return False


def _no_longer(tok: Token) -> bool:
    return any(
        c.lower_ == "longer" and any(x.lower_ == "no" for x in c.children) for c in tok.children
    )


def frame_in_context(trigger: Token, cooperative: bool, named: Collection[int]) -> Frame:
    """The trigger's frame (:func:`frame_of`); an act inside a hedge ("analysts argue that
    ...") is hypothetical. ``named``: token indices of the heads of the named actors."""
    frame = frame_of(trigger, cooperative)
    anchor: Token | None = trigger
    if trigger.pos_ not in ("VERB", "AUX"):
        anchor = next((a for a in trigger.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if anchor is not None and frame.modality == "asserted":
        if frames.hedged(anchor, lambda t: t.i in named):
            return Frame("hypothetical", frame.negated, frame.how)
    return frame


def frame_of(trigger: Token, cooperative: bool) -> Frame:
    """The frame of a trigger word; ``cooperative`` says whether its act is a cooperation (a
    halted cooperation is negated; a halted conflict act is not coded as such)."""
    negated = False
    how = ""
    modality: Modality = "asserted"

    def flip(kind: str) -> None:
        nonlocal negated, how
        negated = not negated
        how = kind if negated else ""

    lemma = trigger.lemma_.lower()
    if negated_here(trigger):
        flip("halt" if _no_longer(trigger) else "omission")
    if cooperative and lemma in HALT_VERBS:
        flip("halt")  # "halted" labelled as the cooperation it stops
    elif cooperative and lemma in ("refuse", "decline"):
        flip("refusal")
    elif cooperative and lemma in OMIT_VERBS:
        flip("omission")
    if _neither_subject(trigger):
        flip("omission")  # "Neither China nor India condemned Russia"
    cur = trigger
    for _ in range(6):
        modality = _aux_modality(cur, modality)
        if frames.negating_frame(cur):
            flip("omission")  # "refrained from criticising", "has yet to condemn"
        head = cur.head
        if head.i == cur.i:
            break
        dep = cur.dep_
        hl = head.lemma_.lower()
        if dep == "conj":
            nor = any(c.dep_ == "cc" and c.lower_ == "nor" for c in head.children)
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
                if negated_here(head) or nor:
                    flip("omission")  # "did not condemn the attack or offer condolences"
                cur = head
                continue
            if nor:
                flip("omission")  # "…, nor did it offer condolences"
            break
        if dep in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            if dep == "dobj" and hl in LIGHT_VERBS and negated_here(head):
                flip("omission")  # "did not issue a condemnation", "took no action"
            elif cooperative and (hl in HALT_VERBS or phrasal(head, "call", "off")):
                flip("halt")  # "halted arms exports", "aid was suspended", "called off talks"
                if negated_here(head):
                    flip("omission")
            elif hl in BAN_VERBS:
                return Frame("demanded", not negated, "")  # "a law that bars funding"
            elif not cooperative and hl in BLOCK_VERBS:
                return Frame("hypothetical", negated, how)  # "vetoed the sanctions"
            elif cooperative and hl in REFUSE_VERBS:
                flip("refusal")
            elif phrasal(head, "rule", "out"):
                flip("refusal" if cooperative else "omission")  # "ruled out talks with Hamas"
            cur = head
            continue
        if dep == "pobj" and head.dep_ == "prep":
            top = head.head
            tl = top.lemma_.lower()
            if head.lower_ in ("against", "from") and tl in DEMAND_VERBS | BAN_VERBS:
                return Frame("demanded", True, "")  # "warned Beijing against sending"
            if head.lower_ in ("for",) and tl in DEMAND_VERBS:
                return Frame("demanded", negated, how)  # "called for the release of"
            if not cooperative and _blocked_whole(head, top):
                return Frame("hypothetical", negated, how)  # "blocked a package of sanctions"
            if cooperative and top.pos_ in ("NOUN",) and tl in HALT_NOUNS:
                flip("halt")  # "a halt to arms sales"
            if head.lower_ == "in" and top.pos_ == "NOUN" and tl in _TAKING_PART:
                cur = top  # "paused their participation in meetings": the meetings halted
                continue
            break
        if dep == "pcomp":
            ctl = frames.gerund_controller(cur)
            if ctl is not None:
                top, prep = ctl
                tl = top.lemma_.lower()
                if prep.lower_ in ("against", "from") and tl in DEMAND_VERBS | BAN_VERBS:
                    return Frame("demanded", True, "")
                if prep.lower_ in ("from",) and tl in ("refrain", "abstain", "desist"):
                    cur = top
                    continue
                if frames.negating_frame(cur):
                    cur = top  # "will refrain from criticising": the controller's modality
                    continue
            break
        if dep == "acl" and head.pos_ == "NOUN":
            if hl in NEG_NOUNS:
                flip("refusal")
            elif hl in DEMAND_NOUNS:
                return Frame("demanded", negated, how)
            elif hl in INTENT_NOUNS and modality == "asserted":
                modality = "intended"
            break
        if dep not in ("xcomp", "ccomp", "advcl"):
            break
        if dep == "xcomp":
            if hl in REFUSE_VERBS or hl == "refuse":
                flip("refusal")
                if negated_here(head):
                    flip("omission")
            elif hl in OMIT_VERBS:
                flip("omission")
                if negated_here(head):
                    flip("omission")
            elif cooperative and hl in HALT_VERBS:
                flip("halt")  # "stopped sending aid"
            elif hl in BAN_VERBS:
                return Frame("demanded", not negated, "")
            elif hl in DEMAND_VERBS:
                return Frame("demanded", negated, how)
            elif hl in HYPO_VERBS:
                modality = "hypothetical"
            elif hl in INTENT_VERBS:
                if modality == "asserted":
                    modality = "intended"
                if negated_here(head):
                    flip("omission")
            elif hl == "be" and any(c.lower_ in ("set", "due", "expected") for c in head.children):
                modality = "intended"
        elif dep == "ccomp":
            if hl in DEMAND_VERBS - {"tell", "warn"} or (
                hl in ("warn", "tell") and _has_aux(cur, "to")
            ):
                return Frame("demanded", negated, how)  # "demanded that Russia withdraw"
            if hl in ("want", "wish", "expect", "need") and _subject(cur) is not None:
                return Frame("demanded", negated, how)
            auxes = {c.lower_ for c in cur.children if c.dep_ == "aux"}
            if modality == "hypothetical" and "would" in auxes:
                modality = "intended"  # "said he would not provide support"
            elif "should" in auxes or "must" in auxes:
                modality = "demanded"  # "said the US should lift its sanctions"
            break
        elif dep == "advcl":
            if any(c.lower_ in ("if", "unless") for c in cur.children):
                modality = "hypothetical"
            if hl in DEMAND_VERBS and _has_aux(cur, "to"):
                return Frame("demanded", negated, how)
            break
        cur = head
    return Frame(modality, negated, how)


def _blocked_whole(prep: Token, top: Token) -> bool:
    """ "a package of sanctions" that a verb of :data:`BLOCK_VERBS` kept from happening."""
    return (
        prep.lower_ == "of"
        and top.pos_ == "NOUN"
        and top.dep_ in ("dobj", "nsubjpass")
        and top.head.lemma_.lower() in BLOCK_VERBS
    )


def _neither_subject(trigger: Token) -> bool:
    """A subject coordinated with "neither ... nor", or "no one" / "none" as the subject."""
    verb = trigger
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = _subject(verb)
    if subj is None:
        return False
    words = {c.lower_ for t in (subj, *subj.conjuncts) for c in t.children}
    return bool(words & {"neither", "nor"}) or subj.lower_ in ("none", "nobody", "neither")


def _aux_modality(verb: Token, modality: Modality) -> Modality:
    for c in verb.children:
        low = c.lower_
        if c.dep_ == "aux":
            if low in FUTURE_AUX or low == "going":
                if modality == "asserted":
                    modality = "intended"
            elif low in HYPO_AUX:
                modality = "hypothetical"
            elif low == "must":
                modality = "demanded"
        if c.dep_ == "mark" and low in ("if", "unless", "whether", "lest"):
            modality = "hypothetical"
    if (
        verb.dep_ == "ROOT"
        and _subject(verb) is not None
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        modality = "intended"  # a headline's "China to host Palestinian factions"
    return modality


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _has_aux(verb: Token, word: str) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == word for c in verb.children)
