"""The trained trigger model: which words carry a political act, and which act.

``geostance_triggers`` labels every candidate token (verbs, nouns, adjectives) with one of the
act labels of :mod:`geostance.nlp.acts` or ``NONE``, from hashed features of the word and its
place in the parse (:func:`geostance.nlp.features.trigger_features`) joined to the spaCy model's
contextual vectors. It writes ``doc._.geostance_triggers``: ``[token, label, probability]`` rows.

Gold labels for training sit in the reference Doc's ``user_data["geostance_triggers"]``
(token index -> label); ``train/train_coder.py`` builds them from the annotated corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Token
from spacy.training import Example
from spacy.vocab import Vocab
from thinc.api import Model, Optimizer

from geostance.nlp import network
from geostance.nlp.act_tagger import word_act_probs
from geostance.nlp.acts import (
    LABELS,
    NONE,
    approval_label,
    criticises,
    fired_at,
    hosts_forces,
    material_label,
    message_label,
    offered_label,
    states_sanction,
    tie_label,
)
from geostance.nlp.features import (
    N_TRIGGER_FEATURES,
    candidate_tokens,
    dense_width,
    trigger_features,
)
from geostance.nlp.relabels import (
    THREATENED,
    said_by_threat,
    struck_label,
    threatened,
    ties_label,
)
from geostance.nlp.roles import mentions_of, quotes_of
from geostance.nlp.verdicts import verdict, verdict_label
from geostance.nlp.votes import ruled_vote_label

__all__ = ["GOLD_KEY", "TriggerModel", "sentence_floor", "trigger_vectors"]

GOLD_KEY = "geostance_triggers"
ROLES_ONLY = "geostance_roles_only"
DEFAULT_MODEL = {
    "@architectures": "geostance.EventNet.v1",
    "n_features": N_TRIGGER_FEATURES,
    "dense_width": 96,
    "embed_width": 48,
    "rows": 24000,
    "hidden": 128,
    "n_out": len(LABELS),
    "output": "softmax",
}

if not Doc.has_extension("geostance_triggers"):
    Doc.set_extension("geostance_triggers", default=None)
if not Doc.has_extension("geostance_quotes"):
    Doc.set_extension("geostance_quotes", default=None)


def _inputs(docs: Iterable[Doc], width: int) -> tuple[list[list[int]], tuple[Any, Any]]:
    """(candidate tokens per doc, stacked (ids, dense) inputs)."""
    toks: list[list[int]] = []
    ids: list[np.ndarray] = []
    dense: list[np.ndarray] = []
    for doc in docs:
        cands = candidate_tokens(doc)
        toks.append(cands)
        ids.append(trigger_features(doc, cands, quotes_of(doc)))
        dense.append(trigger_vectors(doc, cands, width))
    all_ids = np.concatenate(ids) if ids else np.zeros((0, N_TRIGGER_FEATURES), dtype="uint64")
    all_dense = np.concatenate(dense) if dense else np.zeros((0, width), dtype="float32")
    return toks, (all_ids, all_dense)


def trigger_vectors(doc: Doc, cands: list[int], width: int) -> np.ndarray:
    """The dense inputs of candidate tokens for a network ``width`` wide: one, two or three
    blocks of the parser's contextual vectors — the word's own, its syntactic head's, and the
    mean of its dependents' (punctuation aside) — so that "talks" is read with "held" and
    "held" with "talks". Zeros when the parse has no vectors or ``width`` fits none."""
    own = dense_width(doc)
    if not cands or not own or width % own or width // own > 3:
        return np.zeros((len(cands), width), dtype="float32")
    tensor = np.asarray(doc.tensor, dtype="float32")
    blocks = [tensor[cands]]
    if width // own >= 2:
        blocks.append(tensor[[doc[i].head.i for i in cands]])
    if width // own == 3:
        kids = np.zeros((len(cands), own), dtype="float32")
        for row, i in enumerate(cands):
            under = [c.i for c in doc[i].children if not c.is_punct]
            if under:
                kids[row] = tensor[under].mean(axis=0)
        blocks.append(kids)
    # one block (the shipped network) needs no copy beyond the row selection
    return blocks[0] if len(blocks) == 1 else np.hstack(blocks)


def _p(row: np.ndarray) -> float:
    """The probability that a word is an act at all, from its row (``NONE`` first)."""
    return round(1.0 - float(row[0]), 4)


def sentence_floor(
    doc: Doc, cands: Sequence[int], probs: np.ndarray, found: Sequence[Sequence[Any]], floor: float
) -> list[int]:
    """Rows of ``cands`` to add as acts: in a sentence that names two or more actors (or
    persons) and where no word reached the threshold, the likeliest word, when its probability
    reaches ``floor``. The trigger model is cautious with words it has seen few times; news
    rarely names two states in a sentence where neither does anything, and the event filter
    still judges what such a word proposes ("Doha also cultivated Washington")."""
    start_of = [s.start for s in doc.sents for _ in s]  # each token's sentence, read once
    taken = {start_of[int(r[0])] for r in found}
    named: dict[int, int] = {}
    for m in mentions_of(doc):
        if m.kind in ("actor", "person"):
            start = start_of[m.head]
            named[start] = named.get(start, 0) + 1
    best: dict[int, int] = {}
    for k, i in enumerate(cands):
        start = start_of[i]
        if start in taken or named.get(start, 0) < 2 or _p(probs[k]) < floor:
            continue
        if start not in best or _p(probs[k]) > _p(probs[best[start]]):
            best[start] = k
    return sorted(best.values())


def _spoken_act(word: Token, found: list[list[Any]]) -> bool:
    """Whether the verb reporting a verdict's clause ("argued that the occupation was
    unlawful") is an act already: the verdict is that act's, not a second one."""
    return word.dep_ in ("attr", "acomp") and any(int(r[0]) == word.head.head.i for r in found)


class TriggerModel(TrainablePipe):
    """Labels candidate tokens with act labels (see the module docstring)."""

    def __init__(
        self,
        vocab: Vocab,
        model: Model[Any, Any],
        name: str,
        *,
        threshold: float = 0.5,
        sentence_floor: float = 0.0,
    ) -> None:
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict[str, Any] = {
            "labels": list(LABELS),
            "threshold": threshold,
            "sentence_floor": sentence_floor,
        }

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def _width(self) -> int:
        return int(self.model.get_dim("nD"))

    def predict(self, docs: Iterable[Doc]) -> tuple[list[list[int]], np.ndarray]:
        docs = list(docs)
        toks, X = _inputs(docs, self._width())
        if not len(X[0]):
            return toks, np.zeros((0, len(self.labels)), dtype="float32")
        probs = network.predict(self.model, X)
        return toks, self._with_act_tagger(docs, toks, probs)

    def _with_act_tagger(
        self, docs: list[Doc], toks: list[list[int]], probs: np.ndarray
    ) -> np.ndarray:
        """``probs`` averaged with the act tagger's (:mod:`.act_tagger`) by the weight in
        ``cfg["act_tagger"]``, for the docs it has run on."""
        weight = float(self.cfg.get("act_tagger", {}).get("weight", 0.0))
        if not weight:
            return probs
        row = 0
        for doc, cands in zip(docs, toks, strict=True):
            other = word_act_probs(doc, cands)
            if other is not None and other.shape[1] == probs.shape[1]:
                probs[row : row + len(cands)] *= 1.0 - weight
                probs[row : row + len(cands)] += weight * other
            row += len(cands)
        return probs

    def set_annotations(self, docs: Iterable[Doc], scores: Any) -> None:
        toks, probs = scores
        row = 0
        for doc, cands in zip(docs, toks, strict=True):
            threshold = self._threshold(doc)
            doc._.geostance_word_acts = None  # read by predict; no longer needed
            found = []
            # a sanction stated by its form (acts.states_sanction) is one act: the words it
            # acts on ("cut ties", "recalled its ambassador") carry no act of their own
            sanctions = {i: objs for i in cands if (objs := states_sanction(doc[i]))}
            covered = {j for i, objs in sanctions.items() for j in objs if j != i}
            for i in cands:
                p = probs[row]
                row += 1
                if i in covered:
                    continue
                ruled = ruled_vote_label(doc[i]) or ("sanction" if i in sanctions else None)
                ruled = ruled or ("oppose/criticize" if criticises(doc[i]) else None)
                if ruled is not None:  # the rules say which act; the model, how sure
                    found.append([i, ruled, _p(p)])
                elif 1.0 - float(p[0]) >= threshold:
                    label = self._label(doc, i, p)
                    if label != NONE:  # "struck a defiant note": no act
                        found.append([i, label, _p(p)])
                elif (said := verdict(doc[i])) and not _spoken_act(doc[i], found):
                    found.append([i, said, _p(p)])  # "what he called an illegitimate regime"
            floor = float(self.cfg.get("sentence_floor", 0.0))
            if floor > 0.0:
                rows = probs[row - len(cands) : row]
                for k in sentence_floor(doc, cands, rows, found, floor):
                    label = self._label(doc, cands[k], rows[k])
                    if label != NONE:
                        found.append([cands[k], label, _p(rows[k])])
                found.sort(key=lambda r: int(r[0]))
            labels = {int(r[0]): str(r[1]) for r in found}
            # "threatened to impose tariffs": one threat, stated by its verb
            found = [r for r in found if not said_by_threat(doc[int(r[0])], str(r[1]), labels)]
            for r in found:  # "offered to send peacekeepers": the sending
                r[1] = offered_label(doc[int(r[0])], str(r[1]), labels)
            doc._.geostance_triggers = found

    def _label(self, doc: Doc, i: int, p: np.ndarray) -> str:
        """The act of word ``i`` whose probabilities (``NONE`` first) are ``p``."""
        label = verdict_label(doc[i], self.labels[int(np.argmax(p[1:])) + 1])
        label = approval_label(doc[i], label)  # "appreciated": never a criticism
        if label in ("meet/host", "visit") and hosts_forces(doc[i]):
            label = "security_coop"  # "hosted French troops": not a meeting
        if label in ("meet/host", "mediate/negotiate", "visit", "support"):
            label = material_label(doc[i]) or tie_label(doc[i]) or label
        if label in ("military_aid", "aid/give") and fired_at(doc[i]):
            label = "attack/use_force"  # "sent drones toward Israel": not a delivery
        if label in ("military_aid", "aid/give"):
            label = message_label(doc[i]) or label  # "sent Putin a letter": a contact
        label = struck_label(doc[i], label) or label  # "struck a deal": not an attack
        if label == "recognize":
            label = ties_label(doc[i]) or label  # "restored trade ties": trade, not recognition
        if label in THREATENED and threatened(doc[i]):
            label = "oppose/criticize"  # "threatened tariffs": the threat, not the sanction
        return label

    def _threshold(self, doc: Doc) -> float:
        """The probability a word needs to be an act: ``cfg["act_tagger"]["threshold"]`` when
        the act tagger's reading was averaged in, else ``cfg["threshold"]``."""
        both = self.cfg.get("act_tagger", {})
        if both.get("weight") and doc._.geostance_word_acts is not None:
            return float(both.get("threshold", self.cfg.get("threshold", 0.5)))
        return float(self.cfg.get("threshold", 0.5))

    def _truth(self, examples: Iterable[Example], toks: list[list[int]]) -> np.ndarray:
        index = {label: k for k, label in enumerate(self.labels)}
        out: list[int] = []
        for eg, cands in zip(examples, toks, strict=True):
            gold = eg.reference.user_data.get(GOLD_KEY, {})
            out.extend(index.get(gold.get(i, NONE), 0) for i in cands)
        return np.asarray(out, dtype="int32")

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optimizer | None = None,
        losses: dict[str, float] | None = None,
    ) -> dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        toks, X = _inputs([eg.predicted for eg in examples], self._width())
        if not len(X[0]):
            return losses
        probs, backprop = self.model.begin_update(X)
        truth = self._truth(examples, toks)
        d_probs, loss = self._loss(probs, truth)
        # examples that only mark one act (peer suites) teach that act's word, nothing else
        mask = self._mask(examples, toks)
        if mask is not None:
            d_probs = d_probs * self.model.ops.xp.asarray(mask).reshape((-1, 1))
        backprop(d_probs)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def _mask(self, examples: list[Example], toks: list[list[int]]) -> np.ndarray | None:
        """Rows that count in the loss: all of a fully annotated document, only the marked
        act words of a peer-suite sentence (:data:`ROLES_ONLY`)."""
        if not any(eg.reference.user_data.get(ROLES_ONLY) for eg in examples):
            return None
        out: list[float] = []
        for eg, cands in zip(examples, toks, strict=True):
            if eg.reference.user_data.get(ROLES_ONLY):
                marked = eg.reference.user_data.get(GOLD_KEY, {})
                out.extend(1.0 if i in marked else 0.0 for i in cands)
            else:
                out.extend(1.0 for _ in cands)
        return np.asarray(out, dtype="float32")

    def _loss(self, probs: Any, truth: np.ndarray) -> tuple[Any, float]:
        """Softmax cross-entropy gradient; NONE rows weigh less (most tokens are no act)."""
        xp = self.model.ops.xp
        target = xp.zeros_like(probs)
        target[xp.arange(len(truth)), xp.asarray(truth)] = 1.0
        weight = xp.where(xp.asarray(truth) == 0, 0.5, 1.0).astype("float32")[:, None]
        d = (probs - target) * weight / max(len(truth), 1)
        loss = float(-(xp.log(probs[xp.arange(len(truth)), xp.asarray(truth)] + 1e-9)).mean())
        return d, loss

    def get_loss(self, examples: Iterable[Example], scores: Any) -> tuple[float, Any]:
        examples = list(examples)
        toks, probs = scores
        d, loss = self._loss(probs, self._truth(examples, toks))
        return loss, d

    def initialize(
        self, get_examples: Callable[[], Iterable[Example]], *, nlp: Language | None = None
    ) -> None:
        self.model.initialize()


@Language.factory(
    "geostance_triggers",
    default_config={"model": DEFAULT_MODEL, "threshold": 0.5, "sentence_floor": 0.0},
    requires=["token.dep", "token.lemma", "token.pos", "doc.tensor"],
    assigns=["doc._.geostance_triggers"],
)
def make_triggers(
    nlp: Language, name: str, model: Model[Any, Any], threshold: float, sentence_floor: float
) -> TriggerModel:
    """Factory of the trained trigger component (``sentence_floor``: :func:`sentence_floor`;
    off while the networks train, set on the joined model by ``train/ensemble.py``)."""
    return TriggerModel(nlp.vocab, model, name, threshold=threshold, sentence_floor=sentence_floor)
