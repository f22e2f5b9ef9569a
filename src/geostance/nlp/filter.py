"""The trained event filter: how likely a candidate event is one the text states.

The trigger and role models each see one decision; the filter sees the candidate event whole —
its act, how its source and target were found (a name, a pronoun, a description, a fallback, an
earlier act answered), its frame, where it sits in the sentence and the other models'
probabilities — and gives the probability that an annotator would code it. That probability is
the event's ``confidence``; candidates under the tuned threshold are dropped.

``geostance_filter`` is a spaCy component that does nothing to a Doc; it holds the network
(``geostance.EventNet.v1`` with one sigmoid output) so that it is saved, versioned and loaded
with the other trained components. It is trained by ``train/train_coder.py`` on candidates the
other two models produce on documents they were not trained on (two folds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span, Token
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Model, Optimizer

from geostance.nlp.features import clause_role, dep_path
from geostance.nlp.mentions import Mention
from geostance.nlp.network import Stacked

__all__ = ["N_DENSE", "N_SIGNALS", "EventFilter", "Signals", "signals_of"]

N_SIGNALS = 20
N_DENSE = 16
DEFAULT_MODEL = {
    "@architectures": "geostance.EventNet.v1",
    "n_features": N_SIGNALS,
    "dense_width": N_DENSE,
    "embed_width": 32,
    "rows": 12000,
    "hidden": 64,
    "n_out": 1,
    "output": "sigmoid",
}


@dataclass(frozen=True, slots=True)
class Signals:
    """What the filter sees of one candidate: hashed feature strings and numbers."""

    words: tuple[str, ...]
    numbers: tuple[float, ...]


def _kind(m: Mention | None) -> str:
    if m is None:
        return "none"
    return f"{m.kind}:{m.actor_kind or m.form.lower()}"


def signals_of(
    doc: Doc,
    sent: Span,
    trigger: Token,
    label: str,
    how: str,
    modality: str,
    negated: bool,
    source: Mention,
    target: Mention | None,
    origin: str,
    probs: tuple[float, float, float],
    counts: tuple[int, int, int],
    in_quote: bool,
    speaker_is_source: bool,
) -> Signals:
    """The filter's view of a candidate event (see the module docstring). ``origin`` says how
    the target was found: ``role``, ``fallback``, ``answered``, ``vote``, ``group`` or
    ``none``; ``counts`` = (sources of the trigger, targets, triggers in the sentence)."""
    h = doc[source.head]
    ups, downs, _ = dep_path(trigger, h)
    spath = "^" + "|".join(ups[:3]) + "v" + "|".join(downs[:3])
    tpath = "none"
    trole = "none"
    if target is not None:
        tu, td, _ = dep_path(trigger, doc[target.head])
        tpath = "^" + "|".join(tu[:3]) + "v" + "|".join(td[:3])
        trole = clause_role(trigger, doc[target.head])
    srole = clause_role(trigger, h)
    lemma = trigger.lemma_.lower()
    words = (
        f"label={label}",
        f"neg={label}|{negated}|{how}",
        f"mod={label}|{modality}",
        f"origin={label}|{origin}",
        f"sk={_kind(source)}",
        f"tk={_kind(target)}",
        f"lsk={label}|{source.kind}",
        f"ltk={label}|{target.kind if target is not None else 'none'}",
        f"lemma={lemma}",
        f"ll={lemma}|{label}",
        f"pos={trigger.pos_}|{trigger.dep_}",
        f"spath={spath}",
        f"tpath={tpath}",
        f"srole={label}|{srole}",
        f"trole={label}|{trole}",
        f"quote={in_quote}|{speaker_is_source}",
        f"neghow={negated}|{how}|{modality}",
        f"gov={trigger.head.lemma_.lower()}|{trigger.dep_}",
        f"tgtnull={label}|{target is None}|{origin}",
        f"counts={min(counts[0], 3)}|{min(counts[1], 3)}",
    )
    p_t, p_s, p_g = probs
    n_tok = len(sent)
    numbers = (
        p_t,
        p_s,
        p_g,
        float(target is None),
        float(origin == "fallback"),
        float(origin == "answered"),
        float(origin == "vote"),
        float(negated),
        float(modality != "asserted"),
        min(counts[0], 6) / 6.0,
        min(counts[1], 6) / 6.0,
        min(counts[2], 10) / 10.0,
        min(n_tok, 80) / 80.0,
        min(abs(source.head - trigger.i), 30) / 30.0,
        min(abs(target.head - trigger.i), 30) / 30.0 if target is not None else 1.0,
        float(in_quote),
    )
    return Signals(words, numbers)


def _inputs(items: Sequence[Signals]) -> tuple[Any, Any]:
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    ids = np.asarray([[hash_string(w) for w in s.words] for s in items], dtype="uint64")
    dense = np.asarray([s.numbers for s in items], dtype="float32")
    return ids.reshape((len(items), N_SIGNALS)), dense.reshape((len(items), N_DENSE))


class EventFilter(TrainablePipe):
    """Holds the event filter network; scoring is called by the assembler, not per Doc."""

    def __init__(self, vocab: Vocab, model: Model[Any, Any], name: str) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {"threshold": 0.0, "trained": False}
        # the weights read for scoring, until they change (False: a model Stacked cannot run)
        self._stacked: Stacked | bool | None = None

    def __call__(self, doc: Doc) -> Doc:
        return doc

    def score(self, items: Sequence[Signals]) -> list[float]:
        """The probability that each candidate is an event the text states. Called once a
        sentence on a few candidates, so it runs the members stacked in numpy (:class:`Stacked`,
        the same figures as ``model.predict`` in a third of the time)."""
        if not items or not self.cfg.get("trained"):
            return [1.0] * len(items)
        if self._stacked is None:  # read once, not at every sentence
            self._stacked = Stacked.of(self.model) or False
        X = _inputs(items)
        if isinstance(self._stacked, Stacked):
            out = self._stacked.predict(X)
        else:
            out = self.model.ops.to_numpy(self.model.predict(X))
        return [float(x) for x in out.reshape(-1)]

    def from_disk(self, path: Any, *, exclude: Iterable[str] = ()) -> EventFilter:
        self._stacked = None
        super().from_disk(path, exclude=exclude)
        return self

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> EventFilter:
        self._stacked = None
        super().from_bytes(bytes_data, exclude=exclude)
        return self

    def fit(
        self,
        items: Sequence[Signals],
        truth: Sequence[float],
        sgd: Optimizer,
        *,
        weights: Sequence[float] | None = None,
    ) -> float:
        """One update on a batch of candidates labelled 1 (an annotated event) or 0."""
        self._stacked = None  # the weights change
        probs, backprop = self.model.begin_update(_inputs(items))
        y = np.asarray(truth, dtype="float32").reshape((-1, 1))
        w = np.ones_like(y) if weights is None else np.asarray(weights, "float32").reshape((-1, 1))
        backprop((probs - y) * w / max(len(items), 1))
        self.finish_update(sgd)
        self.cfg["trained"] = True
        eps = 1e-7
        return float(-(y * np.log(probs + eps) + (1 - y) * np.log(1 - probs + eps)).mean())

    def predict(self, docs: Iterable[Doc]) -> None:
        return None

    def set_annotations(self, docs: Iterable[Doc], scores: Any) -> None:
        return None

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None
    ) -> None:
        self.model.initialize()


@Language.factory(
    "geostance_filter",
    default_config={"model": DEFAULT_MODEL},
    requires=["doc._.geostance_roles"],
    assigns=[],
)
def make_filter(nlp: Language, name: str, model: Model[Any, Any]) -> EventFilter:
    """Factory of the event filter (a holder of the network; see the module docstring)."""
    return EventFilter(nlp.vocab, model, name)
