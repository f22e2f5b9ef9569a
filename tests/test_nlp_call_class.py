"""The call class: a logistic model of whether a call is a demand (guide §8 rule 4).

Unit tests build parsed sentences by hand and set the model's weights; the last tests use the
shipped coder and the real spaCy model.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import spacy

from doc_helpers import parsed
from geostance.nlp.actors import default_gazetteer
from geostance.nlp.call_class import MULTI, CallClass, call_features
from geostance.nlp.classes import event_class, learned_demand
from geostance.nlp.coder import code_text
from geostance.nlp.discourse import Discourse
from geostance.nlp.mentions import ActorTable
from geostance.nlp.modality import Frame
from geostance.nlp.pipeline import CALL_CLASS, coder_model_path
from train_helpers import train_module

REPO = Path(__file__).resolve().parents[1]

# "Ghana urged Togo to halt the raids on the camps ."
HALT = (
    "Ghana/PROPN/nsubj/1 urged/VERB/ROOT/1/urge Togo/PROPN/dobj/1 to/PART/aux/4 "
    "halt/VERB/xcomp/1 the/DET/det/6 raids/NOUN/dobj/4/raid on/ADP/prep/6 the/DET/det/9 "
    "camps/NOUN/pobj/7/camp ./PUNCT/punct/1"
)
# "Ghana urged Togo to join the talks ."
JOIN = (
    "Ghana/PROPN/nsubj/1 urged/VERB/ROOT/1/urge Togo/PROPN/dobj/1 to/PART/aux/4 "
    "join/VERB/xcomp/1 the/DET/det/6 talks/NOUN/dobj/4/talk ./PUNCT/punct/1"
)


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_the_features_are_the_call_word_and_the_words_it_governs_three_steps_down() -> None:
    feats = call_features(parsed(HALT)[1])
    assert {"trig=urge", "stop=True", "w=halt", "dw=xcomp|halt", "w=raid", "w=on"} <= set(feats)
    assert "w=camp" not in feats  # four steps below the call word
    assert "w=ghana" not in feats and "w=togo" not in feats  # names do not say what is asked
    assert "stop=False" in call_features(parsed(JOIN)[1])


def test_the_component_scores_each_call_for_one_target_and_for_several() -> None:
    doc = parsed(HALT)
    doc._.geostance_triggers = [[1, "call_for", 0.9], [5, "attack/use_force", 0.7]]
    model = CallClass()
    model.weights = {"bias": -1.0, "w=halt": 3.0, MULTI[1]: -4.0}
    model(doc)
    assert doc._.geostance_calls == [[1, round(_sigmoid(2.0), 4), round(_sigmoid(-2.0), 4)]]


def test_a_component_without_weights_says_nothing() -> None:
    doc = parsed(HALT)
    doc._.geostance_triggers = [[1, "call_for", 0.9]]
    CallClass()(doc)
    assert doc._.geostance_calls == []


def _class(doc, target_k: int = 0, n_targets: int = 1, negated: bool = False):  # type: ignore[no-untyped-def]
    discourse = Discourse(ActorTable(default_gazetteer()))
    frame = Frame(negated=negated, how="omission" if negated else "")
    return event_class(
        "call_for", "cooperation", frame, doc[1], doc, [], target_k, discourse, n_targets
    )


def test_the_learned_reading_decides_over_the_word_lists() -> None:
    doc = parsed(HALT)
    assert _class(doc) == ("conflict", True)  # no reading: the word lists ("halt")
    doc._.geostance_calls = [[1, 0.2, 0.1]]
    assert _class(doc) == ("cooperation", False)
    doc = parsed(JOIN)
    assert _class(doc) == ("cooperation", False)
    doc._.geostance_calls = [[1, 0.8, 0.3]]
    assert learned_demand(doc, doc[1], 1) is True
    assert _class(doc) == ("conflict", True)
    assert _class(doc, n_targets=2) == ("cooperation", False)  # the several-target reading
    assert _class(doc, target_k=-1) == ("cooperation", False)  # no target: always an appeal
    assert _class(doc, negated=True) == ("neutral", False)  # "did not urge": §8 rule 1


def test_the_weights_are_saved_and_loaded(tmp_path: Path) -> None:
    model = CallClass()
    model.weights = {"bias": -0.5, "w=halt": 2.25}
    model.to_disk(tmp_path / "calls")
    assert CallClass().from_disk(tmp_path / "calls").weights == model.weights


def test_fitting_learns_which_words_make_a_demand_and_drops_rare_ones() -> None:
    mod = train_module("train_call_class")
    rows = [["bias", "w=halt", MULTI[0]]] * 6 + [["bias", "w=join", MULTI[0]]] * 6
    rows += [["bias", "w=once", MULTI[0]]]
    truth = [True] * 6 + [False] * 6 + [True]
    settings = {"min_count": 2, "l2": 1.0, "learn_rate": 1.0, "steps": 300}
    weights = mod.fit(rows, truth, settings)
    assert weights["w=halt"] > 0 > weights["w=join"]
    assert "w=once" not in weights
    assert mod.fit(rows, truth, settings) == weights  # the same weights every time


def test_training_calls_are_the_annotated_calls_with_a_target() -> None:
    mod = train_module("train_call_class")
    doc = parsed(HALT)
    base = {"sentence": doc.text, "trigger": "urged", "source": "GHA", "negated": False}
    events = [
        {**base, "action": "call_for", "target": "TGO", "coop_or_conflict": "conflict"},
        {**base, "action": "call_for", "target": "BEN", "coop_or_conflict": "conflict"},
        {**base, "action": "call_for", "target": None, "coop_or_conflict": "cooperation"},
        {**base, "action": "oppose/criticize", "target": "TGO", "coop_or_conflict": "conflict"},
    ]
    assert sorted(mod.calls_of(doc, events)) == [(1, 2, True), (1, 2, True)]


def test_calls_written_apart_join_the_training_calls(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mod = train_module("train_call_class")
    said = "Ghana urged Togo and Benin to halt the raids."
    lines = [
        {"sentence": said, "trigger": "urged", "source": "Ghana", "target": t, "demand": True}
        for t in ("Togo", "Benin")
    ]
    asked = "Mali asked Niger to send food aid."
    lines.append({"sentence": asked, "trigger": "asked", "target": "Niger", "demand": False})
    lines.append({"sentence": asked, "trigger": "begged", "target": "Niger", "demand": False})
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    rows = mod.written(nlp, tmp_path)  # "begged" is not in its sentence: skipped
    got = [({"trig=urge", "w=halt", MULTI[1]} <= set(f), demand, dev) for f, demand, dev, _ in rows]
    assert got == [(True, True, False), (True, True, False), (False, False, False)]
    assert {"trig=ask", "w=send", MULTI[0]} <= set(rows[2][0])  # one target: not several


@pytest.fixture(scope="module")
def gazetteer():  # type: ignore[no-untyped-def]
    return default_gazetteer()


def test_the_shipped_coder_classes_calls_with_its_call_class(nlp, gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert nlp.pipe_names[-1] == CALL_CLASS
    assert len(spacy.load(coder_model_path()).get_pipe(CALL_CLASS).weights) > 100
    text = "Germany asked Poland to put off the visit."  # no word of the lists
    calls = [e for e in code_text(nlp, text, gazetteer=gazetteer) if e.source == "DEU"]
    assert [(e.target, e.quad_class, e.cameo[:2]) for e in calls] == [("POL", 3, "10")]
    with nlp.select_pipes(disable=[CALL_CLASS]):
        calls = [e for e in code_text(nlp, text, gazetteer=gazetteer) if e.source == "DEU"]
    assert [(e.target, e.quad_class, e.cameo[:2]) for e in calls] == [("POL", 1, "02")]
    text = "Japan urged South Korea to join the talks on trade."
    coded = [e for e in code_text(nlp, text, gazetteer=gazetteer) if e.source == "JPN"]
    calls = [e for e in coded if e.modality == "asserted"]  # the talks it asks for: demanded
    assert [(e.target, e.quad_class) for e in calls] == [("KOR", 1)]
