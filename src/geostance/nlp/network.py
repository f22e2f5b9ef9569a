"""The small network both trained components use, registered as ``geostance.EventNet.v1``.

Input: a pair (hashed feature ids, dense vectors) with one row per instance (a token for the
trigger model, a trigger-mention pair for the role model). The ids go through one hash
embedding table and are summed (a learned linear map of the sparse features), joined to the
dense vectors, and pass one maxout layer to the output: a softmax over labels, or independent
sigmoids. Written with thinc, spaCy's machine-learning library, so the component trains with
spaCy's optimiser and saves with ``nlp.to_disk``.

``geostance.EventEnsemble.v1`` holds ``members`` such networks of one shape and averages their
outputs. The members are trained apart, one per seed (``train/train_coder.py``), and joined by
``train/ensemble.py``: one training run moves every measured figure by about ±0.03, and the
average of several runs is both steadier and better calibrated than any one of them.

:class:`Stacked` computes what ``model.predict`` does with numpy on the members' weights
stacked. On the few candidates of one sentence (the event filter) it runs every member in one
pass, without thinc's calls through each layer of each member, which cost more than the
arithmetic. On the thousands of rows of a batch (the trigger and role models,
:func:`predict`) it runs the members one by one, each in numpy's matrix product, and embeds each
distinct feature id once: half thinc's time, the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, NumpyOps, Sigmoid, Softmax, chain

__all__ = ["Stacked", "build_event_ensemble", "build_event_net", "predict"]

Inputs = tuple[np.ndarray, np.ndarray]
_OPS = NumpyOps()  # the hash thinc's HashEmbed uses, for :class:`Stacked`
FEW = 64  # rows up to which :meth:`Stacked.predict` runs the members in one pass


@registry.architectures("geostance.EventNet.v1")
def build_event_net(
    n_features: int,
    dense_width: int,
    embed_width: int = 48,
    rows: int = 24000,
    hidden: int = 128,
    n_out: int = 2,
    output: str = "softmax",
    dropout: float = 0.1,
) -> Model[Inputs, Any]:
    """The network: hash embedding of ``n_features`` id columns (summed) joined to
    ``dense_width`` dense inputs, a maxout layer of ``hidden`` units, and ``n_out`` outputs
    (``softmax`` or ``sigmoid``)."""
    embed: Model[Any, Any] = HashEmbed(embed_width, rows, column=0, seed=7)
    n_in = embed_width + dense_width
    top: Model[Any, Any] = Softmax(n_out, hidden) if output == "softmax" else Sigmoid(n_out, hidden)
    rest: Model[Any, Any] = chain(Maxout(hidden, n_in, nP=3, dropout=dropout, normalize=True), top)
    return Model(
        "geostance_event_net",
        _forward,
        layers=[embed, rest],
        init=_init,
        dims={"nF": n_features, "nD": dense_width, "nO": n_out},
    )


def _init(model: Model[Inputs, Any], X: Inputs | None = None, Y: Any = None) -> None:
    embed, rest = model.layers
    embed.initialize()
    rest.initialize()


def _forward(
    model: Model[Inputs, Any], X: Inputs, is_train: bool
) -> tuple[Any, Callable[[Any], Inputs]]:
    embed, rest = model.layers
    ids, dense = X
    n, k = ids.shape
    flat = ids.reshape((n * k, 1))
    vectors, bp_embed = embed(flat, is_train)
    width = vectors.shape[1]
    summed = vectors.reshape((n, k, width)).sum(axis=1)
    joined = model.ops.xp.hstack((summed, dense.astype("float32"))) if dense.size else summed
    out, bp_rest = rest(joined, is_train)

    def backprop(d_out: Any) -> Inputs:
        d_joined = bp_rest(d_out)
        d_summed = d_joined[:, :width]
        d_vectors = model.ops.xp.repeat(d_summed[:, None, :], k, axis=1).reshape((n * k, width))
        bp_embed(d_vectors)
        return X

    return out, backprop


@registry.architectures("geostance.EventEnsemble.v1")
def build_event_ensemble(
    members: int,
    n_features: int,
    dense_width: int,
    embed_width: int = 48,
    rows: int = 24000,
    hidden: int = 128,
    n_out: int = 2,
    output: str = "softmax",
    dropout: float = 0.1,
) -> Model[Inputs, Any]:
    """``members`` networks of :func:`build_event_net`'s shape whose outputs are averaged
    (each member's weights are set from a separately trained model)."""
    if members < 1:
        raise ValueError(f"an ensemble needs at least one member, not {members}")
    nets = [
        build_event_net(n_features, dense_width, embed_width, rows, hidden, n_out, output, dropout)
        for _ in range(members)
    ]
    return Model(
        "geostance_event_ensemble",
        _ensemble_forward,
        layers=nets,
        init=_ensemble_init,
        dims={"nF": n_features, "nD": dense_width, "nO": n_out},
    )


def _ensemble_init(model: Model[Inputs, Any], X: Inputs | None = None, Y: Any = None) -> None:
    for net in model.layers:
        net.initialize()


def _ensemble_forward(
    model: Model[Inputs, Any], X: Inputs, is_train: bool
) -> tuple[Any, Callable[[Any], Inputs]]:
    outs, backprops = zip(*(net(X, is_train) for net in model.layers), strict=True)
    k = float(len(outs))
    mean = sum(outs[1:], outs[0]) / k

    def backprop(d_out: Any) -> Inputs:
        for bp in backprops:
            bp(d_out / k)
        return X

    return mean, backprop


@dataclass(frozen=True)
class Stacked:
    """The weights of an ensemble's members stacked along a first axis, read once, so that
    :meth:`predict` runs every member in one pass of numpy (see the module docstring)."""

    seed: int
    tables: np.ndarray  # (members, rows, width): the hash embeddings
    # the maxout layer's rows piece by piece (thinc's are unit by unit):
    maxout_w: np.ndarray  # (members, pieces * hidden, inputs)
    maxout_b: np.ndarray  # (members, pieces * hidden)
    pieces: int
    norm_g: np.ndarray  # (members, hidden)
    norm_b: np.ndarray
    top_w: np.ndarray  # (members, outputs, hidden)
    top_b: np.ndarray
    output: str  # "sigmoid" or "softmax"

    @classmethod
    def of(cls, model: Model[Inputs, Any]) -> Stacked | None:
        """The stacked weights of a network or ensemble of this module; None for a model of
        another shape, members that hash their features apart, or a softmax that is not the
        plain one."""
        nets = list(model.layers) if model.name == "geostance_event_ensemble" else [model]
        if not nets or not all(n.name == "geostance_event_net" for n in nets):
            return None
        layers = [{layer.name: layer for layer in net.walk()} for net in nets]
        if any(not {"hashembed", "maxout", "layernorm"} <= ls.keys() for ls in layers):
            return None
        seeds = {ls["hashembed"].attrs["seed"] for ls in layers}
        tops = {("sigmoid" if "sigmoid" in ls else "softmax") for ls in layers}
        if len(seeds) != 1 or len(tops) != 1 or not isinstance(model.ops, NumpyOps):
            return None
        top = [ls.get("sigmoid") or ls["softmax"] for ls in layers]
        output = tops.pop()
        plain = ("softmax_temperature", 1.0), ("softmax_normalize", True)
        if output == "softmax" and any(t.attrs.get(k, v) != v for t in top for k, v in plain):
            return None  # a softmax with a temperature, or left unnormalised: thinc's
        maxouts = [ls["maxout"] for ls in layers]
        pieces = maxouts[0].get_dim("nP")
        return cls(
            seed=seeds.pop(),
            tables=np.stack([_param(ls["hashembed"], "E") for ls in layers]),
            maxout_w=np.stack([_by_piece(_param(m, "W")) for m in maxouts]),
            maxout_b=np.stack([_by_piece(_param(m, "b")) for m in maxouts]),
            pieces=pieces,
            norm_g=np.stack([_param(ls["layernorm"], "G") for ls in layers]),
            norm_b=np.stack([_param(ls["layernorm"], "b") for ls in layers]),
            top_w=np.stack([_param(t, "W") for t in top]),
            top_b=np.stack([_param(t, "b") for t in top]),
            output=output,
        )

    def predict(self, X: Inputs) -> np.ndarray:
        """What ``model.predict(X)`` gives: each member's output, averaged."""
        ids, dense = X
        if len(ids) > FEW:
            return self._predict_many(ids, dense)
        n, k = ids.shape
        members, rows, width = self.tables.shape
        flat = np.ascontiguousarray(ids.reshape(n * k), dtype="uint64")
        keys = _OPS.hash(flat, self.seed) % rows  # (n * k, 4), as thinc's HashEmbed
        summed = self.tables[:, keys].sum(axis=2).reshape((members, n, k, width)).sum(axis=2)
        if dense.size:
            wide = np.broadcast_to(dense.astype("float32"), (members, *dense.shape))
            summed = np.concatenate((summed, wide), axis=2)
        hidden = np.einsum("mni,mhi->mnh", summed, self.maxout_w) + self.maxout_b[:, None, :]
        best = hidden.reshape((members, n, self.pieces, -1)).max(axis=2)
        normed = _layer_norm(best, self.norm_g[:, None, :], self.norm_b[:, None, :])
        scores = np.einsum("mnh,moh->mno", normed, self.top_w) + self.top_b[:, None, :]
        return np.asarray(self._out(scores).mean(axis=0), dtype="float32")

    def _predict_many(self, ids: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """:meth:`predict` on many rows: member by member, in matrix products; each distinct
        feature id is embedded once and the rows sum theirs by a sparse product."""
        n, k = ids.shape
        members, rows, width = self.tables.shape
        flat = np.ascontiguousarray(ids.reshape(n * k), dtype="uint64")
        distinct, at = np.unique(flat, return_inverse=True)
        keys = _OPS.hash(distinct, self.seed) % rows
        ones = np.ones(n * k, dtype="float32")
        picks = csr_matrix((ones, at.reshape(-1), np.arange(0, n * k + 1, k)), (n, len(distinct)))
        extra = dense.astype("float32") if dense.size else None
        outs = []
        for m in range(members):
            summed = np.asarray(picks @ self.tables[m][keys].sum(axis=1), dtype="float32")
            joined = summed if extra is None else np.concatenate((summed, extra), axis=1)
            hidden = joined @ self.maxout_w[m].T + self.maxout_b[m]
            best = hidden.reshape((n, self.pieces, -1)).max(axis=1)
            scores = _layer_norm(best, self.norm_g[m], self.norm_b[m]) @ self.top_w[m].T
            outs.append(self._out(scores + self.top_b[m]))
        return np.asarray(sum(outs[1:], outs[0]) / members, dtype="float32")

    def _out(self, scores: np.ndarray) -> np.ndarray:
        """The output layer's activation, over the last axis."""
        if self.output == "sigmoid":
            return 1.0 / (1.0 + np.exp(-scores))
        exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
        return exp / exp.sum(axis=-1, keepdims=True)


def _layer_norm(best: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """thinc's LayerNorm over the last axis (``gain`` and ``bias`` broadcast to it)."""
    mean = best.mean(axis=-1, keepdims=True)
    var = best.var(axis=-1, keepdims=True) + 1e-08
    return (best - mean) * var ** (-0.5) * gain + bias


def predict(model: Model[Inputs, Any], X: Inputs) -> np.ndarray:
    """``model.predict(X)`` as a numpy array, computed by :class:`Stacked` when the model is a
    network or ensemble of this module (the weights are read at every call, so an update or
    a swap of averaged weights in training is always seen)."""
    stacked = Stacked.of(model)
    if stacked is None:
        return np.asarray(model.ops.to_numpy(model.predict(X)))
    return stacked.predict(X)


def _by_piece(param: np.ndarray) -> np.ndarray:
    """A maxout weight (units, pieces, inputs) or bias (units, pieces) with its rows ordered
    piece by piece, so that each piece's block is a slice."""
    return np.ascontiguousarray(np.swapaxes(param, 0, 1)).reshape((-1, *param.shape[2:]))


def _param(layer: Model[Any, Any], name: str) -> np.ndarray:
    return np.asarray(layer.get_param(name))
