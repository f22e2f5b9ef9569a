"""The coder's ensemble: ``geostance.EventEnsemble.v1`` averages its members' outputs, and
``train/ensemble.py`` joins separately trained pipelines into one that does the same. The
members here are small networks initialised with different seeds (no training needed to check
the averaging); the shipped model is checked to be the ensemble its recipe names. The event
filter scores with the members' weights stacked in numpy (``network.Stacked``): the same
figures as the model's own prediction, and never the weights of before an update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from thinc.api import Adam, Linear, chain, fix_random_seed

from geostance.nlp import network
from geostance.nlp.filter import N_DENSE, N_SIGNALS, EventFilter, Signals
from geostance.nlp.filter import _inputs as _signals_inputs
from geostance.nlp.network import FEW, Stacked, build_event_ensemble, build_event_net
from geostance.nlp.pipeline import TRAINED, coder_model_path
from train_helpers import train_module

REPO = Path(__file__).resolve().parents[1]
SMALL = {"embed_width": 8, "rows": 64, "hidden": 6}


def _inputs(n: int, n_features: int, dense: int, seed: int = 3) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, 2**40, size=(n, n_features), dtype="uint64")
    return ids, rng.normal(size=(n, dense)).astype("float32")


def _randomise(model: Any, seed: int) -> None:
    """Random weights everywhere (thinc starts output layers at zero, so fresh networks of
    one shape would all agree)."""
    rng = np.random.default_rng(seed)
    for node in model.walk():
        for p in node.param_names:
            if node.has_param(p):
                shape = node.get_param(p).shape
                node.set_param(p, rng.normal(scale=0.5, size=shape).astype("float32"))


def _net(seed: int, output: str = "softmax", n_out: int = 4) -> Any:
    fix_random_seed(seed)
    net = build_event_net(3, 5, n_out=n_out, output=output, **SMALL)  # type: ignore[arg-type]
    net.initialize()
    _randomise(net, seed)
    return net


@pytest.mark.parametrize(("output", "n_out"), [("softmax", 4), ("sigmoid", 2)])
def test_ensemble_output_is_the_mean_of_its_members(output: str, n_out: int) -> None:
    a, b = _net(1, output, n_out), _net(2, output, n_out)
    ens = build_event_ensemble(2, 3, 5, n_out=n_out, output=output, **SMALL)  # type: ignore[arg-type]
    ens.initialize()
    ens.layers[0].from_bytes(a.to_bytes())
    ens.layers[1].from_bytes(b.to_bytes())
    X = _inputs(7, 3, 5)
    pa, pb, pe = a.predict(X), b.predict(X), ens.predict(X)
    assert not np.allclose(pa, pb)  # the members differ, so the mean is not either of them
    np.testing.assert_allclose(pe, (pa + pb) / 2, rtol=1e-5, atol=1e-6)
    if output == "softmax":
        np.testing.assert_allclose(pe.sum(axis=1), 1.0, rtol=1e-5)
    assert ens.get_dim("nD") == 5 and ens.get_dim("nO") == n_out


def test_ensemble_of_one_is_its_member_and_of_none_is_refused() -> None:
    a = _net(4)
    one = build_event_ensemble(1, 3, 5, n_out=4, **SMALL)  # type: ignore[arg-type]
    one.initialize()
    one.layers[0].from_bytes(a.to_bytes())
    X = _inputs(5, 3, 5)
    np.testing.assert_allclose(one.predict(X), a.predict(X), rtol=1e-6)
    with pytest.raises(ValueError, match="at least one member"):
        build_event_ensemble(0, 3, 5)


def _member(path: Path, seed: int, hidden: int = 6) -> Path:
    """A pipeline with the three trained components at small sizes, seeded apart."""
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    shapes = {
        "geostance_triggers": (16, 96, 22, "softmax"),
        "geostance_roles": (26, 192, 2, "sigmoid"),
        "geostance_filter": (20, 16, 1, "sigmoid"),
    }
    for name in TRAINED:
        nf, nd, no, out = shapes[name]
        model = {
            "@architectures": "geostance.EventNet.v1",
            "n_features": nf,
            "dense_width": nd,
            "embed_width": 8,
            "rows": 64,
            "hidden": hidden,
            "n_out": no,
            "output": out,
        }
        nlp.add_pipe(name, config={"model": model})
    nlp.initialize()
    for name in TRAINED:
        _randomise(nlp.get_pipe(name).model, seed)
    nlp.get_pipe("geostance_filter").cfg["trained"] = True
    nlp.get_pipe("geostance_roles").cfg["thresholds"] = {"event": 0.5}
    nlp.to_disk(path)
    return path


def test_join_averages_every_trained_component(tmp_path: Path) -> None:
    ens_mod = train_module("ensemble")
    a, b = _member(tmp_path / "a", 1), _member(tmp_path / "b", 2)
    joined = ens_mod.join([a, b], 0.25)
    joined.to_disk(tmp_path / "joined")
    back = spacy.load(tmp_path / "joined")  # saved and loaded like the shipped model
    members = [spacy.load(a), spacy.load(b)]
    for name in TRAINED:
        model = back.get_pipe(name).model
        X = _inputs(6, model.get_dim("nF"), model.get_dim("nD"))
        outs = [m.get_pipe(name).model.predict(X) for m in members]
        np.testing.assert_allclose(model.predict(X), (outs[0] + outs[1]) / 2, rtol=1e-5, atol=1e-6)
    # the components' settings come with them (the rules are tuned again afterwards)
    assert back.get_pipe("geostance_filter").cfg["trained"] is True
    assert back.get_pipe("geostance_roles").cfg["thresholds"] == {"event": 0.5}
    # the sentence floor is a rule of the joined model; the members trained without it
    assert [m.get_pipe("geostance_triggers").cfg["sentence_floor"] for m in members] == [0, 0]
    assert back.get_pipe("geostance_triggers").cfg["sentence_floor"] == 0.25
    with pytest.raises(SystemExit, match="already an ensemble"):
        ens_mod.join([tmp_path / "joined", a])


def test_join_refuses_members_of_another_shape(tmp_path: Path) -> None:
    ens_mod = train_module("ensemble")
    a, b = _member(tmp_path / "a", 1), _member(tmp_path / "b", 2, hidden=7)
    with pytest.raises(SystemExit, match="another shape"):
        ens_mod.join([a, b])


def test_shipped_coder_is_the_ensemble_its_recipe_names() -> None:
    from thinc.api import Config

    recipe = Config().from_disk(REPO / "train" / "config.cfg")
    seeds = list(recipe["training"]["ensemble_seeds"])
    shipped = Config().from_disk(coder_model_path() / "config.cfg", interpolate=False)
    for name in TRAINED:
        model = shipped["components"][name]["model"]
        assert model["@architectures"] == "geostance.EventEnsemble.v1"
        assert model["members"] == len(seeds)
        single = dict(recipe["components"][name]["model"])
        single.pop("@architectures")
        assert {k: model[k] for k in single} == single  # each member has the recipe's shape
    floor = shipped["components"]["geostance_triggers"]["sentence_floor"]
    assert floor == recipe["rules"]["sentence_floor"]  # set by the join, as the recipe says


def test_a_member_starts_from_the_weights_of_its_seed() -> None:
    """``train_coder.build_nlp`` draws the networks' first weights from the recipe's seed:
    whatever ran before in the process, one seed gives one start (two runs of one seed gave two
    members before), and another seed another."""
    coder = train_module("train_coder")
    recipe = coder.read_config(REPO / "train" / "config.cfg")

    def start(seed: int) -> dict[str, bytes]:
        recipe["training"]["seed"] = seed
        nlp = coder.build_nlp(recipe)
        return {name: nlp.get_pipe(name).model.to_bytes() for name in TRAINED}

    first = start(7)
    np.random.default_rng().random(5)  # the global generators move on between the builds
    fix_random_seed(123)
    assert start(7) == first
    other = start(11)
    assert all(other[name] != first[name] for name in TRAINED)


@pytest.mark.parametrize(("output", "n_out"), [("softmax", 4), ("sigmoid", 1)])
@pytest.mark.parametrize("rows", [1, 6, FEW + 1, 300])
def test_stacked_weights_predict_as_the_model_does(output: str, n_out: int, rows: int) -> None:
    """Few rows run in one pass, many member by member (features repeat across rows there,
    as a batch's do, and each distinct one is embedded once)."""
    a, b = _net(5, output, n_out), _net(6, output, n_out)
    ens = build_event_ensemble(2, 3, 5, n_out=n_out, output=output, **SMALL)  # type: ignore[arg-type]
    ens.initialize()
    ens.layers[0].from_bytes(a.to_bytes())
    ens.layers[1].from_bytes(b.to_bytes())
    ids, dense = _inputs(rows, 3, 5, seed=rows)
    X = (ids % 40 if rows > FEW else ids, dense)
    for model in (a, ens):
        stacked = Stacked.of(model)
        assert stacked is not None
        got = stacked.predict(X)
        assert got.shape == (rows, n_out)
        np.testing.assert_allclose(got, model.predict(X), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(network.predict(model, X), got)


def test_predict_leaves_other_models_to_thinc_and_reads_the_weights_of_now() -> None:
    """``network.predict``, which the trigger and role models call on each batch, gives a
    model it does not compute to thinc, and reads the weights at every call: a training
    step (or spaCy swapping in averaged weights to evaluate) is seen at once."""
    linear = Linear(2, 3)
    linear.initialize()
    X = np.ones((4, 3), dtype="float32")
    np.testing.assert_allclose(network.predict(linear, X), linear.predict(X))  # type: ignore[arg-type]
    net = _net(7)
    X = _inputs(FEW + 5, 3, 5)
    before = network.predict(net, X)
    _randomise(net, 8)
    after = network.predict(net, X)
    assert np.abs(after - before).max() > 1e-3
    np.testing.assert_allclose(after, net.predict(X), rtol=1e-5, atol=1e-6)


def test_stacked_weights_refuse_a_model_of_another_shape() -> None:
    assert Stacked.of(Linear(2, 3)) is None
    assert Stacked.of(chain(_net(1), _net(2))) is None
    hot = _net(3)
    next(node for node in hot.walk() if node.name == "softmax").attrs["softmax_temperature"] = 2.0
    assert Stacked.of(hot) is None  # its outputs are thinc's to compute
    assert Stacked.of(_net(3)) is not None


def test_event_filter_scores_with_the_weights_it_has_now() -> None:
    """The filter reads its weights once for scoring; an update must not leave it scoring
    with the old ones."""
    fix_random_seed(9)
    net = build_event_net(N_SIGNALS, N_DENSE, n_out=1, output="sigmoid", **SMALL)  # type: ignore[arg-type]
    pipe = EventFilter(spacy.blank("en").vocab, net, "geostance_filter")
    pipe.initialize(list)
    items = [
        Signals(tuple(f"f{j}={i % 3}" for j in range(N_SIGNALS)), (i / 5.0,) * N_DENSE)
        for i in range(5)
    ]
    sgd = Adam(0.5)
    pipe.fit(items, [1.0, 0.0, 1.0, 0.0, 1.0], sgd)
    before = pipe.score(items)
    np.testing.assert_allclose(before, net.predict(_signals_inputs(items)).reshape(-1), rtol=1e-5)
    for _ in range(3):
        pipe.fit(items, [0.0, 1.0, 0.0, 1.0, 0.0], sgd)
    after = pipe.score(items)
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, net.predict(_signals_inputs(items)).reshape(-1), rtol=1e-5)
