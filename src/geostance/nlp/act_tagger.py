"""The act tagger: a second, independent reading of which words carry an act, from words alone.

``geostance_act_tagger`` is spaCy's tagger with its own small network (hashed word forms
through a window CNN, spaCy's ``Tok2Vec.v2``), trained from scratch on the act labels of the
training corpus (``train/train_act_tagger.py``): every token gets a probability for each act
label of :mod:`geostance.nlp.acts` and for ``NONE``. It reads a word with its three neighbours
each side and nothing the parser found, so its errors are not those of the trigger model
(hashed parse features and the English model's vectors, :mod:`geostance.nlp.triggers`), and
the two averaged find more act words at the same precision than either alone (bench/README.md,
"An act tagger over the words").

It writes the probabilities to ``doc._.geostance_word_acts`` (tokens x labels, in the order
of :data:`geostance.nlp.acts.LABELS`) and never the tokens' tags; the trigger component
averages them into its own and clears them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Model

from geostance.nlp.acts import LABELS

__all__ = ["DEFAULT_MODEL", "ActTagger", "word_act_probs"]

if not Doc.has_extension("geostance_word_acts"):
    Doc.set_extension("geostance_word_acts", default=None)

DEFAULT_MODEL = {
    "@architectures": "spacy.Tagger.v2",
    "normalize": False,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": 64,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "rows": [10000, 2000, 5000, 2500],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": 64,
            "depth": 3,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    },
}


def _softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype("float32")


class ActTagger(Tagger):
    """spaCy's tagger over the act labels, storing probabilities instead of tags."""

    def predict(self, docs: Iterable[Doc]) -> list[np.ndarray]:
        docs = list(docs)
        width = len(self.labels)
        if not any(len(doc) for doc in docs):
            return [np.zeros((len(doc), width), dtype="float32") for doc in docs]
        scores = self.model.predict(docs)
        return [_softmax(np.asarray(self.model.ops.to_numpy(s))) for s in scores]

    def set_annotations(self, docs: Iterable[Doc], scores: Any) -> None:
        labels = list(self.labels)
        if labels == list(LABELS):
            for doc, probs in zip(docs, scores, strict=True):
                doc._.geostance_word_acts = probs
            return
        # a model trained on another label set: its columns in LABELS order, zero if absent
        cols = [labels.index(lab) if lab in labels else -1 for lab in LABELS]
        for doc, probs in zip(docs, scores, strict=True):
            out = np.zeros((len(probs), len(LABELS)), dtype="float32")
            for k, c in enumerate(cols):
                if c >= 0:
                    out[:, k] = probs[:, c]
            doc._.geostance_word_acts = out

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        labels: Iterable[str] | None = None,
    ) -> None:
        """As spaCy's tagger, with the act labels in their fixed order by default."""
        super().initialize(get_examples, nlp=nlp, labels=list(labels or LABELS))


def word_act_probs(doc: Doc, tokens: list[int]) -> np.ndarray | None:
    """The word-act probabilities of ``tokens`` (rows in LABELS order), or None when the
    component has not run on ``doc``."""
    probs = doc._.geostance_word_acts
    if probs is None or len(probs) != len(doc):
        return None
    return np.asarray(probs, dtype="float32")[tokens]


@Language.factory(
    "geostance_act_tagger",
    default_config={"model": DEFAULT_MODEL},
    assigns=["doc._.geostance_word_acts"],
)
def make_act_tagger(nlp: Language, name: str, model: Model[Any, Any]) -> ActTagger:
    """Factory of the act tagger (trained by ``train/train_act_tagger.py``)."""
    return ActTagger(nlp.vocab, model, name, label_smoothing=0.0)
