"""The trigger model's dense inputs (``triggers.trigger_vectors``): a candidate's own contextual
vector, its syntactic head's and its dependents' mean, on a sentence parsed by hand with a
known tensor (no model is loaded)."""

from __future__ import annotations

import numpy as np
import pytest

from doc_helpers import parsed
from geostance.nlp.features import candidate_tokens
from geostance.nlp.triggers import trigger_vectors

SPEC = (
    "Turkey/PROPN/nsubj/1 held/VERB/ROOT/1/hold talks/NOUN/dobj/1/talk with/ADP/prep/1 "
    "Iraq/PROPN/pobj/3 ./PUNCT/punct/1"
)
WIDTH = 4


def _doc():  # type: ignore[no-untyped-def]
    doc = parsed(SPEC)
    doc.tensor = np.arange(len(doc) * WIDTH, dtype="float32").reshape((len(doc), WIDTH))
    return doc


def test_one_block_is_the_word_s_own_vector() -> None:
    doc = _doc()
    cands = candidate_tokens(doc)
    assert cands == [0, 1, 2, 4]
    out = trigger_vectors(doc, cands, WIDTH)
    assert np.array_equal(out, doc.tensor[cands])


def test_wider_networks_add_the_head_and_the_dependents() -> None:
    doc = _doc()
    out = trigger_vectors(doc, [1, 2], 3 * WIDTH)
    t = doc.tensor
    # "held": its own vector, itself as head (the root), the mean of Turkey, talks and with
    assert np.array_equal(out[0], np.concatenate([t[1], t[1], t[[0, 2, 3]].mean(axis=0)]))
    # "talks": its head is "held"; it has no dependents, so the third block is zeros
    assert np.array_equal(out[1], np.concatenate([t[2], t[1], np.zeros(WIDTH)]))
    two = trigger_vectors(doc, [2], 2 * WIDTH)
    assert np.array_equal(two[0], np.concatenate([t[2], t[1]]))


@pytest.mark.parametrize("width", [WIDTH + 1, 4 * WIDTH])
def test_a_width_that_fits_no_blocks_gives_zeros(width: int) -> None:
    out = trigger_vectors(_doc(), [1, 2], width)
    assert out.shape == (2, width)
    assert not out.any()


def test_a_parse_without_vectors_gives_zeros_and_no_candidates_give_no_rows() -> None:
    doc = parsed(SPEC)
    assert not trigger_vectors(doc, [1], 3 * WIDTH).any()
    assert trigger_vectors(_doc(), [], 3 * WIDTH).shape == (0, 3 * WIDTH)


def test_hashed_features_read_the_word_its_children_and_its_neighbours() -> None:
    """``features.trigger_features`` (read by the trigger model; its order and strings are
    the shipped weights' own): modal and negation, prepositions sorted, the first object."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    from geostance.nlp.features import N_TRIGGER_FEATURES, trigger_features

    doc = parsed(
        "Chile/PROPN/nsubj/3 will/AUX/aux/3 not/PART/neg/3 send/VERB/ROOT/3 "
        "troops/NOUN/dobj/3/troop to/ADP/prep/3 Peru/PROPN/pobj/5 up/ADP/prt/3 ./PUNCT/punct/3"
    )
    out = trigger_features(doc, [3], [])
    assert out.shape == (1, N_TRIGGER_FEATURES)
    want = [
        "low=send", "lemma=send", "lp=send|VERB", "suf=end", "dep=ROOT|send", "hd=VERB|ROOT",
        "preps=to+up", "lprep=send|to", "gov=ROOT", "mod=neg|will", "obj=troop",
        "amod=|send", "q=False|VERB", "ent=", "prev=not|send", "next=send|troops",
    ]  # fmt: skip
    assert [int(x) for x in out[0]] == [hash_string(v) for v in want]
    # the last word has no next word, the first no previous one
    ends = trigger_features(doc, [0, 8], [])
    assert ends[0][14] == hash_string("prev=<s>|chile")
    assert ends[1][15] == hash_string("next=.|</s>")
