"""The trained class of a call: does it ask its target to stop or to comply?

A call on an actor to stop, withdraw, release or comply with what it is accused of breaching
is verbal conflict (a demand, CAMEO 10); any other call is cooperation (an appeal, CAMEO 02)
(annotation guide §8, rule 4). Word lists (:func:`.classes.asks_to_stop`) catch the plain
cases; what a call asks is often said otherwise ("wean itself off Russian arms", "defer the
visit", "respect the ruling"). ``geostance_call_class`` is a logistic model over the words
the call governs (up to three steps down its parse), the call word itself, whether the word
lists fire, and whether the call is addressed to more than one actor. It is trained by
``train/train_call_class.py`` on the training split's annotated calls and shipped with the
other trained components; on the development split it classes 77 % of calls right, the word
lists 74 %.

The component writes ``doc._.geostance_calls`` (registered by :mod:`.classes`, which reads
it): ``[trigger, p one target, p several]`` rows, the probability that the call at
``trigger`` is a demand when addressed to one actor and to several.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Token

from geostance.nlp.classes import DEMAND_LEMMAS, asks_to_stop

__all__ = ["CALL_LABEL", "DEPTH", "CallClass", "call_features"]

CALL_LABEL = "call_for"
DEPTH = 3  # how far down the call's parse its words are read
MULTI = ("multi=False", "multi=True")  # the one feature known only once targets are chosen
_CONTENT_POS = frozenset(["VERB", "NOUN", "ADJ", "ADV", "PART", "ADP"])


def call_features(trigger: Token) -> list[str]:
    """The model's features of a call word, but for the number of its targets (``MULTI``)."""
    lemma = trigger.lemma_.lower()
    out = [
        "bias",
        f"trig={lemma}",
        f"stop={asks_to_stop(trigger)}",
        f"dem={lemma in DEMAND_LEMMAS}",
        f"pos={trigger.pos_}",
    ]
    for tok in trigger.subtree:
        if tok.i == trigger.i or tok.is_punct:
            continue
        depth, cur = 0, tok
        while cur.i != trigger.i and depth <= DEPTH:
            cur, depth = cur.head, depth + 1
        if depth > DEPTH:
            continue
        word = tok.lemma_.lower()
        if tok.pos_ in _CONTENT_POS or tok.dep_ == "neg":
            out += [f"w={word}", f"dw={tok.dep_}|{word}"]
        if tok.dep_ == "neg":
            out.append("neg_in_content")
        if tok.dep_ == "poss":
            out.append(f"poss={tok.lower_}")
    return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class CallClass:
    """Holds the call-class weights (feature -> weight); scores the Doc's call triggers."""

    def __init__(self, name: str = "geostance_call_class") -> None:
        self.name = name
        self.weights: dict[str, float] = {}

    def logit(self, features: Iterable[str]) -> float:
        """The model's score of a call's features (a demand from 0)."""
        return sum(self.weights.get(f, 0.0) for f in features)

    def probabilities(self, trigger: Token) -> tuple[float, float]:
        """P(demand) of a call addressed to one actor, and to several."""
        feats = call_features(trigger)
        return (_sigmoid(self.logit([*feats, MULTI[0]])), _sigmoid(self.logit([*feats, MULTI[1]])))

    def __call__(self, doc: Doc) -> Doc:
        rows: list[list[Any]] = []
        if self.weights:
            for ti, label, *_ in doc._.geostance_triggers or []:
                if label == CALL_LABEL:
                    one, several = self.probabilities(doc[int(ti)])
                    rows.append([int(ti), round(one, 4), round(several, 4)])
        doc._.geostance_calls = rows
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "weights.json", dict(sorted(self.weights.items())))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CallClass:
        found = srsly.read_json(Path(path) / "weights.json")
        self.weights = {str(k): float(v) for k, v in dict(found).items()}
        return self


@Language.factory(
    "geostance_call_class",
    requires=["doc._.geostance_triggers"],
    assigns=["doc._.geostance_calls"],
)
def make_call_class(nlp: Language, name: str) -> CallClass:
    """Factory of the call-class component (weights come from disk or the training script)."""
    return CallClass(name)
