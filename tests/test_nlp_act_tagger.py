"""The act tagger (``nlp/act_tagger.py``) and how the trigger component reads it: a tiny tagger
trained here, hand-built parses, and the shipped coder end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Adam, Config, fix_random_seed

from doc_helpers import parsed
from geostance.nlp import components  # noqa: F401  (registers the factories)
from geostance.nlp.acts import LABELS, NONE
from geostance.nlp.pipeline import ACT_TAGGER, coder_model_path
from train_helpers import train_module

REPO = Path(__file__).resolve().parents[1]
OPPOSE = LABELS.index("oppose/criticize")
# "Russia condemned Israel ."
CONDEMNED = "Russia/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1 ./PUNCT/punct/1"


def _tiny_tagger(labels: list[str] | None = None) -> spacy.language.Language:
    """A blank pipeline with an act tagger trained a little on two sentences."""
    fix_random_seed(3)
    nlp = spacy.blank("en")
    nlp.add_pipe(ACT_TAGGER)

    def example(words: list[str], tags: list[str]) -> Example:
        return Example(Doc(nlp.vocab, words=words), Doc(nlp.vocab, words=words, tags=tags))

    egs = [
        example(["Russia", "condemned", "Israel"], [NONE, "oppose/criticize", NONE]),
        example(["Egypt", "praised", "Qatar"], [NONE, "support", NONE]),
    ]
    nlp.get_pipe(ACT_TAGGER).initialize(lambda: egs, nlp=nlp, labels=labels)
    opt = Adam(0.01)
    for _ in range(30):
        nlp.update(egs, sgd=opt)
    return nlp


def test_the_tagger_stores_a_probability_per_label_and_leaves_the_tags_alone() -> None:
    nlp = _tiny_tagger()
    doc = Doc(nlp.vocab, words=["Russia", "condemned", "Israel"], tags=["NNP", "VBD", "NNP"])
    doc = nlp.get_pipe(ACT_TAGGER)(doc)
    probs = doc._.geostance_word_acts
    assert probs.shape == (3, len(LABELS))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert int(np.argmax(probs[1])) == OPPOSE  # learnt: "condemned" is a criticism
    assert int(np.argmax(probs[0])) == 0  # "Russia" is no act (NONE)
    assert [t.tag_ for t in doc] == ["NNP", "VBD", "NNP"]  # the parser's tags stay


def test_empty_text_gets_an_empty_table() -> None:
    nlp = _tiny_tagger()
    doc = nlp.get_pipe(ACT_TAGGER)(nlp.make_doc(""))
    assert doc._.geostance_word_acts.shape == (0, len(LABELS))


def test_a_tagger_of_other_labels_is_read_in_the_label_order() -> None:
    nlp = _tiny_tagger(labels=["support", NONE, "oppose/criticize"])
    doc = nlp.get_pipe(ACT_TAGGER)(Doc(nlp.vocab, words=["Russia", "condemned", "Israel"]))
    probs = doc._.geostance_word_acts
    assert probs.shape == (3, len(LABELS))
    assert int(np.argmax(probs[1])) == OPPOSE
    unused = [k for k, lab in enumerate(LABELS) if lab not in ("support", NONE, "oppose/criticize")]
    assert not probs[:, unused].any()


def _triggers(settings: dict[str, float] | None) -> spacy.pipeline.TrainablePipe:
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("geostance_triggers")
    nlp.initialize()
    if settings is not None:
        pipe.cfg["act_tagger"] = settings
    return pipe


def _tagged(p_oppose: float) -> Doc:
    """The hand-built parse with the act tagger's reading set: "condemned" an act of
    criticism at ``p_oppose``, every other word no act."""
    doc = parsed(CONDEMNED)
    probs = np.zeros((len(doc), len(LABELS)), dtype="float32")
    probs[:, 0] = 1.0
    probs[1] = 0.0
    probs[1, OPPOSE], probs[1, 0] = p_oppose, 1.0 - p_oppose
    doc._.geostance_word_acts = probs
    return doc


def test_the_trigger_component_averages_the_taggers_reading_in() -> None:
    # an untrained trigger network is unsure of every word; with the tagger's reading at full
    # weight its probabilities are the tagger's
    pipe = _triggers({"weight": 1.0, "threshold": 0.5})
    doc = _tagged(0.9)
    pipe.set_annotations([doc], pipe.predict([doc]))
    assert doc._.geostance_triggers == [[1, "oppose/criticize", 0.9]]
    assert doc._.geostance_word_acts is None  # read, then let go

    # at half weight the network's own probabilities count as much
    half = _triggers({"weight": 0.5, "threshold": 0.5})
    doc = _tagged(0.9)
    toks, probs = half.predict([doc])
    _, own = half.predict([parsed(CONDEMNED)])  # a doc the tagger has not read: its own
    row = toks[0].index(1)
    assert probs[row][OPPOSE] == pytest.approx(0.5 * own[row][OPPOSE] + 0.45, abs=1e-5)
    assert probs[row][0] == pytest.approx(0.5 * own[row][0] + 0.05, abs=1e-5)


def test_with_the_taggers_reading_the_tagger_threshold_decides() -> None:
    strict = _triggers({"weight": 1.0, "threshold": 0.95})
    doc = _tagged(0.9)
    strict.set_annotations([doc], strict.predict([doc]))
    assert doc._.geostance_triggers == []  # 0.9 < 0.95
    # a doc the tagger has not read keeps the component's own threshold and probabilities
    plain = parsed(CONDEMNED)
    _, probs = strict.predict([plain])
    strict.cfg.pop("act_tagger")
    _, own_probs = strict.predict([parsed(CONDEMNED)])
    np.testing.assert_allclose(probs, own_probs, rtol=1e-6)
    assert strict._threshold(plain) == 0.5


def test_without_settings_the_taggers_reading_is_ignored() -> None:
    pipe = _triggers(None)
    _, probs = pipe.predict([_tagged(1.0)])
    _, own_probs = pipe.predict([parsed(CONDEMNED)])
    np.testing.assert_allclose(probs, own_probs, rtol=1e-6)
    pipe.cfg["act_tagger"] = {"weight": 0.5, "threshold": 0.5}  # the check can fail
    _, mixed = pipe.predict([_tagged(1.0)])
    assert not np.allclose(mixed, own_probs)


def test_training_examples_tag_the_annotated_act_words_and_nothing_else() -> None:
    mod = train_module("train_act_tagger")
    doc = parsed(CONDEMNED)
    doc.user_data["geostance_triggers"] = {1: "oppose/criticize"}
    eg = mod.tagged(doc, doc.vocab)
    assert [t.tag_ for t in eg.reference] == [NONE, "oppose/criticize", NONE, NONE]
    assert [t.text for t in eg.predicted] == [t.text for t in doc]
    assert not any(t.tag_ for t in eg.predicted)  # the input carries no answer


def test_a_peer_suite_sentence_teaches_its_marked_word_only() -> None:
    mod = train_module("train_act_tagger")
    doc = parsed(CONDEMNED)
    doc.user_data["geostance_triggers"] = {1: "oppose/criticize"}
    doc.user_data["geostance_roles_only"] = True  # one act marked; the rest unannotated
    eg = mod.tagged(doc, doc.vocab)
    assert [t.tag_ for t in eg.reference] == ["", "oppose/criticize", "", ""]


def test_the_shipped_coder_reads_the_act_tagger_as_its_recipe_says() -> None:
    recipe = Config().from_disk(REPO / "train" / "config.cfg")["act_tagger"]
    shipped = spacy.load(coder_model_path())
    assert shipped.pipe_names.index(ACT_TAGGER) < shipped.pipe_names.index("geostance_triggers")
    assert list(shipped.get_pipe(ACT_TAGGER).labels) == list(LABELS)
    # srsly's JSON reader reads 0.35 as 0.35000000000000003: equal up to the last bit
    assert shipped.get_pipe("geostance_triggers").cfg["act_tagger"] == {
        "weight": pytest.approx(recipe["weight"]),
        "threshold": pytest.approx(recipe["threshold"]),
    }


def test_act_words_count_right_only_with_their_label() -> None:
    """The recipe's trigger F1 (tagger epochs, stage 1) counts a word right only with its act."""
    counts = train_module("coder_data").trigger_counts
    gold = {1: "support", 4: "meet/host", 7: "condemn"}
    assert counts({1: "support", 4: "visit"}, gold) == (1, 1, 2)
    assert counts({}, gold) == (0, 0, 3) and counts(gold, gold) == (3, 0, 0)
