"""Regression floors for the event coder (``bench/eval_events.py``).

news_dev (measure only, never trained on) and the peer suites' test splits, read from
../shared/eval. The floors sit a little (about 0.03) under the figures of the shipped model, so
a change that makes the coder worse fails here; the figures themselves are in bench/README.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[1] / "bench" / "eval_events.py"
EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("geostance_bench_eval_events", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(nlp) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    if not (EVAL / "news_dev").is_dir():
        pytest.skip(f"the shared eval suites are not at {EVAL}")
    bench = _bench()
    from geostance.nlp.actors import default_gazetteer

    return bench.evaluate(  # type: ignore[no-any-return]
        ("news_dev", "conflibert", "plover_gsr_cameo", "petr2_gsr_validation"),
        split="test",
        nlp=nlp,
        gazetteer=default_gazetteer(),
    )


def test_news_dev_events(results) -> None:  # type: ignore[no-untyped-def]
    r = results["news_dev"]
    assert r["gold_required"] == 1038
    assert r["dyad_quad_precision"] >= FLOOR["news_dev_p"]
    assert r["dyad_quad_recall"] >= FLOOR["news_dev_r"]
    assert r["dyad_quad_precision"] > r["dyad_quad_recall"]


def test_conflibert_test_dyads(results) -> None:  # type: ignore[no-untyped-def]
    r = results["conflibert_test"]
    assert r["dyad_precision"] >= FLOOR["conflibert_p"]
    assert r["dyad_recall"] >= FLOOR["conflibert_r"]


def test_plover_test_dyads(results) -> None:  # type: ignore[no-untyped-def]
    r = results["plover_gsr_cameo_test"]
    assert r["dyad_precision"] >= FLOOR["plover_p"]
    assert r["dyad_recall"] >= FLOOR["plover_r"]


def test_petrarch_real_news_dyads(results) -> None:  # type: ignore[no-untyped-def]
    r = results["petr2_gsr_validation"]
    assert r["dyad_precision"] >= FLOOR["petr2_p"]
    assert r["dyad_recall"] >= FLOOR["petr2_r"]


def test_gold_actor_codes_compare_at_country_level() -> None:
    bench = _bench()
    assert bench.gold_key("USAGOV") == "USA"
    assert bench.gold_key("IGOUNOMIL") == "IGO:UNO"
    assert bench.gold_key("---REB") is None
    assert bench.gold_key("JAP") == "JPN"
    assert bench.keys_match("IGO", "IGO:EUR")
    assert not bench.keys_match(None, "USA")


def test_plover_split_is_stable_and_even() -> None:
    bench = _bench()
    halves = [bench.plover_half(f"PLOVER-{k:04d}") for k in range(400)]
    assert halves == [bench.plover_half(f"PLOVER-{k:04d}") for k in range(400)]
    assert 150 < halves.count("test") < 250


def test_strict_view_matches_a_null_target_only_with_no_target() -> None:
    if not (EVAL / "news_dev" / "score_events.py").exists():
        pytest.skip(f"the news_dev scorer is not at {EVAL}")
    bench = _bench()
    lenient = bench.load_scorer()
    strict = bench.strict_scorer(lenient)
    sentence = "Peru welcomed the border accord and thanked Brazil for its mediation."
    gold = {
        "doc": "t.txt", "sentence": sentence, "source": "PER", "target": None,
        "action": "support", "negated": False, "verbal_or_material": "verbal",
        "coop_or_conflict": "cooperation", "optional": False, "alt_actions": [],
        "alt_targets": ["ECU"],
    }  # fmt: skip
    coded = {"doc": "t.txt", "sentence": sentence, "source": "PER", "quad_class": 1}
    chile, ecuador, none = (dict(coded, target=t) for t in ("CHL", "ECU", None))
    # the suite's scorer, left as it was: a null target matches any target
    assert lenient.matches(gold, chile, 1)
    assert not strict.matches(gold, chile, 1)
    assert strict.matches(gold, ecuador, 1) and strict.matches(gold, none, 1)
    met = dict(gold, action="meet/host")  # a symmetric act, read from either side
    assert strict.matches(met, dict(coded, source="ECU", target="PER"), 1)
    assert not strict.matches(met, dict(coded, source="CHL", target="PER"), 1)
    named = dict(gold, target="BRA")  # a named target: both views alike
    assert strict.matches(named, dict(coded, target="BRA"), 1)
    assert not strict.matches(named, none, 1) and not lenient.matches(named, none, 1)


# floors: about 0.03 under the shipped model's figures (bench/README.md)
FLOOR = {
    "news_dev_p": 0.68,
    "news_dev_r": 0.42,
    "conflibert_p": 0.65,
    "conflibert_r": 0.38,
    "plover_p": 0.72,
    "plover_r": 0.37,
    # 0.69 / 0.36 before the corpus grew to 600 documents (bench/README.md: 78 records, and
    # the one suite that lost)
    "petr2_p": 0.57,
    "petr2_r": 0.27,
}


def test_document_suites_can_be_cut_to_some_batches() -> None:
    bench = _bench()
    docs, gold = bench._documents("heldout", "o3")
    assert docs and all(d.origin.startswith("o3_") for d in docs)
    assert gold and {g["doc"] for g in gold} <= {d.origin for d in docs}
    everything, _ = bench._documents("heldout")
    assert len(everything) > len(docs)
    none, no_gold = bench._documents("heldout", "no-such-batch")
    assert none == [] and no_gold == []
