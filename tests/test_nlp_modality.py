"""Negation and modality of acts (``geostance.nlp.modality``), on sentences parsed by hand.

One test per kind of act that did not happen as a deed (demanded, warned against, banned,
conditional, hypothetical, intended) and per kind of negation (omission, halt, refusal)."""

from __future__ import annotations

import pytest

from doc_helpers import parsed
from geostance.nlp.modality import frame_of

NOT_CONDEMN = (
    "Russia/PROPN/nsubj/3 did/AUX/aux/3/do not/PART/neg/3 condemn/VERB/ROOT/3 "
    "Israel/PROPN/dobj/3 ./PUNCT/punct/3"
)
HALTED = (
    "Turkey/PROPN/nsubj/1 halted/VERB/ROOT/1/halt trade/NOUN/dobj/1 with/ADP/prep/2 "
    "Israel/PROPN/pobj/3 ./PUNCT/punct/1"
)
REFUSED = (
    "Egypt/PROPN/nsubj/1 refused/VERB/ROOT/1/refuse to/PART/aux/3 reopen/VERB/xcomp/1 "
    "the/DET/det/5 crossing/NOUN/dobj/3 ./PUNCT/punct/1"
)
WARNED_AGAINST = (
    "Washington/PROPN/nsubj/1 warned/VERB/ROOT/1/warn Beijing/PROPN/dobj/1 "
    "against/ADP/prep/1 sending/VERB/pcomp/3/send weapons/NOUN/dobj/4 to/ADP/prep/4 "
    "Moscow/PROPN/pobj/6 ./PUNCT/punct/1"
)
BANNED = (
    "The/DET/det/1 law/NOUN/nsubj/2 bars/VERB/ROOT/2/bar funding/NOUN/dobj/2 "
    "for/ADP/prep/3 UNRWA/PROPN/pobj/4 ./PUNCT/punct/2"
)
DEMANDED = (
    "The/DET/det/1 US/PROPN/nsubj/2 demanded/VERB/ROOT/2/demand that/SCONJ/mark/5 "
    "Russia/PROPN/nsubj/5 withdraw/VERB/ccomp/2 its/PRON/poss/7 troops/NOUN/dobj/5 "
    "./PUNCT/punct/2"
)
CONDITIONAL = (
    "If/SCONJ/mark/2 Israel/PROPN/nsubj/2 attacks/VERB/advcl/6/attack ,/PUNCT/punct/6 "
    "Iran/PROPN/nsubj/6 will/AUX/aux/6 respond/VERB/ROOT/6 ./PUNCT/punct/6"
)
COULD = (
    "Russia/PROPN/nsubj/2 could/AUX/aux/2 send/VERB/ROOT/2 aid/NOUN/dobj/2 "
    "to/ADP/prep/2 Gaza/PROPN/pobj/4 ./PUNCT/punct/2"
)
OR_OFFER = (
    "Russia/PROPN/nsubj/3 did/AUX/aux/3/do not/PART/neg/3 condemn/VERB/ROOT/3 "
    "the/DET/det/5 attack/NOUN/dobj/3 or/CCONJ/cc/3 offer/VERB/conj/3 "
    "condolences/NOUN/dobj/7/condolence ./PUNCT/punct/3"
)
NEITHER = (
    "Neither/CCONJ/preconj/1 Russia/PROPN/nsubj/4 nor/CCONJ/cc/1 China/PROPN/conj/1 "
    "condemned/VERB/ROOT/4/condemn Iran/PROPN/dobj/4 ./PUNCT/punct/4"
)
NEITHER_VERBS = (
    "China/PROPN/nsubj/3 has/AUX/aux/3/have neither/CCONJ/preconj/3 "
    "criticised/VERB/ROOT/3/criticise India/PROPN/dobj/3 nor/CCONJ/cc/3 "
    "tried/VERB/conj/3/try to/PART/aux/8 match/VERB/xcomp/6 it/PRON/dobj/8 ./PUNCT/punct/3"
)
NOR_DID = (
    "Japan/PROPN/nsubj/3 did/AUX/aux/3/do not/PART/neg/3 condemn/VERB/ROOT/3 "
    "the/DET/det/5 strike/NOUN/dobj/3 ,/PUNCT/punct/3 nor/CCONJ/cc/3 did/AUX/aux/10/do "
    "it/PRON/nsubj/10 offer/VERB/conj/3 support/NOUN/dobj/10 ./PUNCT/punct/3"
)
WITHOUT = (
    "The/DET/det/1 council/NOUN/nsubj/2 called/VERB/ROOT/2/call for/ADP/prep/2 "
    "calm/NOUN/pobj/3 without/ADP/prep/2 naming/VERB/pcomp/5/name Russia/PROPN/dobj/6 "
    "./PUNCT/punct/2"
)
QUIT = (
    "The/DET/det/1 US/PROPN/nsubj/2 quit/VERB/ROOT/2/quit the/DET/det/5 "
    "nuclear/ADJ/amod/5 agreement/NOUN/dobj/2 ./PUNCT/punct/2"
)
STOPPED_SHORT = (
    "Moscow/PROPN/nsubj/1 stopped/VERB/ROOT/1/stop short/ADV/advmod/1 of/ADP/prep/2 "
    "condemning/VERB/pcomp/3/condemn Hamas/PROPN/dobj/4 ./PUNCT/punct/1"
)
NO_LONGER = (
    "Russia/PROPN/nsubj/3 no/ADV/neg/2 longer/ADV/advmod/3 supplies/VERB/ROOT/3/supply "
    "weapons/NOUN/dobj/3/weapon to/ADP/prep/3 Syria/PROPN/pobj/5 ./PUNCT/punct/3"
)

RULED_OUT = (
    "Israel/PROPN/nsubj/1 ruled/VERB/ROOT/1/rule out/ADP/prt/1 talks/NOUN/dobj/1/talk "
    "with/ADP/prep/3 Hamas/PROPN/pobj/4 ./PUNCT/punct/1"
)
CALLED_OFF = (
    "Seoul/PROPN/nsubj/1 called/VERB/ROOT/1/call off/ADP/prt/1 talks/NOUN/dobj/1/talk "
    "with/ADP/prep/3 Pyongyang/PROPN/pobj/4 ./PUNCT/punct/1"
)
PAUSED_PART = (
    "Norway/PROPN/nsubj/1 paused/VERB/ROOT/1/pause its/PRON/poss/3 "
    "participation/NOUN/dobj/1/participation in/ADP/prep/3 meetings/NOUN/pobj/4/meeting "
    "./PUNCT/punct/1"
)


@pytest.mark.parametrize(
    ("spec", "trigger", "cooperative", "modality", "negated", "how"),
    [
        (NOT_CONDEMN, 3, False, "asserted", True, "omission"),
        (HALTED, 2, True, "asserted", True, "halt"),
        (REFUSED, 3, True, "asserted", True, "refusal"),
        (RULED_OUT, 3, True, "asserted", True, "refusal"),  # "ruled out talks"
        (RULED_OUT, 3, False, "asserted", True, "omission"),  # "ruled out sanctions"
        (CALLED_OFF, 3, True, "asserted", True, "halt"),  # "called off talks", as "cancelled"
        (PAUSED_PART, 5, True, "asserted", True, "halt"),  # "paused its participation in"
        (OR_OFFER, 7, True, "asserted", True, "omission"),
        (NEITHER, 4, False, "asserted", True, "omission"),
        (NEITHER_VERBS, 3, False, "asserted", True, "omission"),
        (NEITHER_VERBS, 6, True, "asserted", True, "omission"),
        (NOR_DID, 10, True, "asserted", True, "omission"),
        (WITHOUT, 6, False, "asserted", True, "omission"),
        (QUIT, 2, True, "asserted", True, "halt"),  # "quit", "boycotted", "exited" a cooperation
        (STOPPED_SHORT, 4, False, "asserted", True, "omission"),
        (NO_LONGER, 3, True, "asserted", True, "halt"),
        (WARNED_AGAINST, 4, True, "demanded", True, ""),
        (BANNED, 3, True, "demanded", True, ""),
        (DEMANDED, 5, False, "demanded", False, ""),
        (CONDITIONAL, 2, False, "hypothetical", False, ""),
        (CONDITIONAL, 6, False, "intended", False, ""),
        (COULD, 2, True, "hypothetical", False, ""),
    ],
)
def test_modality_frame_of_each_kind(
    spec: str, trigger: int, cooperative: bool, modality: str, negated: bool, how: str
) -> None:
    frame = frame_of(parsed(spec)[trigger], cooperative)
    assert (frame.modality, frame.negated, frame.how) == (modality, negated, how)


def test_modality_a_plain_act_is_asserted() -> None:
    doc = parsed(
        "Russia/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1 ./PUNCT/punct/1"
    )
    frame = frame_of(doc[1], False)
    assert (frame.modality, frame.negated, frame.how) == ("asserted", False, "")


def test_modality_halting_a_conflict_act_is_not_a_negation() -> None:
    """ "halted its offensive" stops a conflict act: the halt is not coded as a negated attack
    by the halt rule (which is for cooperation)."""
    doc = parsed(
        "Israel/PROPN/nsubj/1 halted/VERB/ROOT/1/halt its/PRON/poss/3 offensive/NOUN/dobj/1 "
        "./PUNCT/punct/1"
    )
    assert frame_of(doc[3], False).negated is False
    assert frame_of(doc[3], True).negated is True


def test_modality_no_before_a_side_of_a_vote_is_no_negation() -> None:
    """ "Cuba was in the no column" votes against; "Cuba sent no aid" sends none."""
    spec = (
        "Cuba/PROPN/nsubj/1 was/AUX/ROOT/1/be in/ADP/prep/1 the/DET/det/5 no/DET/{dep}/5 "
        "{noun}/NOUN/pobj/2 ./PUNCT/punct/1"
    )
    assert frame_of(parsed(spec.format(dep="det", noun="column"))[5], False).negated is False
    assert frame_of(parsed(spec.format(dep="det", noun="camp"))[5], False).negated is False
    no_aid = parsed(
        "Cuba/PROPN/nsubj/1 sent/VERB/ROOT/1/send no/DET/det/3 aid/NOUN/dobj/1 ./PUNCT/punct/1"
    )
    assert frame_of(no_aid[3], True).negated is True


def test_modality_a_negated_light_verb_negates_the_act_it_carries() -> None:
    """ "did not issue a condemnation" condemned no one; "did not condemn the attack" denies the
    condemnation, not the attack."""
    spec = (
        "Brazil/PROPN/nsubj/3 did/AUX/aux/3/do not/PART/neg/3 {verb}/VERB/ROOT/3/{lemma} "
        "a/DET/det/5 {noun}/NOUN/dobj/3 ./PUNCT/punct/3"
    )
    issued = parsed(spec.format(verb="issue", lemma="issue", noun="condemnation"))
    assert (frame_of(issued[5], False).negated, frame_of(issued[5], False).how) == (
        True,
        "omission",
    )
    condemned = parsed(spec.format(verb="condemn", lemma="condemn", noun="attack"))
    assert frame_of(condemned[5], False).negated is False
    # "Indonesia has never had relations with Israel": no ties kept
    never_had = parsed(
        "Indonesia/PROPN/nsubj/3 has/AUX/aux/3/have never/ADV/neg/3 had/VERB/ROOT/3/have "
        "relations/NOUN/dobj/3/relation with/ADP/prep/4 Israel/PROPN/pobj/5 ./PUNCT/punct/3"
    )
    assert frame_of(never_had[4], True).negated is True
