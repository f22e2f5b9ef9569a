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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, Sigmoid, Softmax, chain

__all__ = ["build_event_ensemble", "build_event_net"]

Inputs = tuple[np.ndarray, np.ndarray]


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
