"""The sentence floor of the trigger model (``triggers.sentence_floor``): a sentence that names
two actors and where no word reached the threshold keeps its likeliest word as a candidate act,
on sentences parsed by hand with probabilities set by hand (no model is loaded)."""

from __future__ import annotations

import numpy as np

from doc_helpers import mentions_in, parsed
from geostance.nlp import components  # noqa: F401  (registers the Doc extensions)
from geostance.nlp.features import candidate_tokens
from geostance.nlp.triggers import sentence_floor

# three sentences: two actors and no act found; two actors and an act found; one actor
SPEC = (
    "Doha/PROPN/nsubj/2 also/ADV/advmod/2 cultivated/VERB/ROOT/2/cultivate "
    "Washington/PROPN/dobj/2 ./PUNCT/punct/2 "
    "Qatar/PROPN/nsubj/6 hosted/VERB/ROOT/6/host Iran/PROPN/dobj/6 talks/NOUN/npadvmod/6/talk "
    "./PUNCT/punct/6 "
    "Doha/PROPN/nsubj/11 grew/VERB/ROOT/11/grow quickly/ADV/advmod/11 ./PUNCT/punct/11"
)
P_ACT = {2: 0.3, 6: 0.9, 8: 0.28, 11: 0.3}  # token -> probability that it is an act


def _case(floor: float, found_rows: list[list[object]] | None = None) -> list[int]:
    doc = parsed(SPEC)
    _, found = mentions_in(doc)
    doc._.geostance_mentions = [m.pack() for m in found]
    cands = candidate_tokens(doc)
    probs = np.zeros((len(cands), 3), dtype="float32")
    for row, i in enumerate(cands):
        p = P_ACT.get(i, 0.02)
        probs[row] = (1.0 - p, p * 0.75, p * 0.25)
    rows = [[6, "meet/host", 0.9]] if found_rows is None else found_rows
    return [cands[k] for k in sentence_floor(doc, cands, probs, rows, floor)]


def test_a_sentence_naming_two_actors_with_no_act_keeps_its_likeliest_word() -> None:
    assert [len(list(parsed(SPEC).sents))] == [3]
    # "cultivated" (0.3) in the first sentence; the second has its act, the third one actor
    assert _case(0.25) == [2]


def test_the_floor_is_a_floor_and_a_found_act_closes_the_sentence() -> None:
    assert _case(0.35) == []  # no word of the first sentence reaches it
    # with no act found in the second sentence, its likeliest word ("hosted") is kept too
    assert _case(0.25, found_rows=[]) == [2, 6]
    # an act found anywhere in a sentence leaves it alone
    assert _case(0.25, found_rows=[[3, "visit", 0.6], [6, "meet/host", 0.9]]) == []
