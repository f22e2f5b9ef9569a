"""The training corpus, the held-out set and the shipped model: the corpus validates and never
contains news_dev text, the held-out set stays apart from both, and the package carries the
trained components with their decision rules."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "train" / "corpus"
HELDOUT = REPO / "bench" / "heldout"
NEWS_DEV = REPO.parent / "shared" / "eval" / "news_dev"


def _validator() -> ModuleType:
    path = REPO / "train" / "validate_corpus.py"
    spec = importlib.util.spec_from_file_location("geostance_validate_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _decontaminate() -> ModuleType:
    path = REPO / "train" / "decontaminate.py"
    spec = importlib.util.spec_from_file_location("geostance_decontaminate", path)
    assert spec is not None and spec.loader is not None
    dc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dc)
    return dc


DOC = """---
title: "Kenya and Tanzania reopen a border post"
date: 2019-03-14
source: Test Wire
---

Kenya and Tanzania reopened the Namanga post on Thursday. Kenya thanked Uganda.
"""
GOOD = {
    "doc": "t_01_border.txt",
    "sentence": "Kenya thanked Uganda.",
    "source": "KEN",
    "target": "UGA",
    "action": "support",
    "negated": False,
    "date": "2019-03-14",
    "verbal_or_material": "verbal",
    "coop_or_conflict": "cooperation",
    "notes": "",
    "optional": False,
    "alt_actions": [],
    "alt_targets": [],
    "trigger": "thanked",
    "source_text": "Kenya",
    "target_text": "Uganda",
    "modality": "asserted",
    "issue": None,
}


def _batch(tmp_path: Path, *records: dict) -> Path:
    (tmp_path / "t_01_border.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    return tmp_path


def test_validator_accepts_a_clean_batch(tmp_path: Path) -> None:
    v = _validator()
    errors, _, stats = v.check_batch(_batch(tmp_path, GOOD), v.known_codes())
    assert errors == []
    assert stats["events"] == 1 and stats["documents"] == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"sentence": "Kenya praised Uganda."}, "not an exact substring of the body"),
        ({"trigger": "praised"}, "trigger"),
        ({"action": "praise"}, "not one of the 21 labels"),
        ({"source": "kenya"}, "not an upper-case code"),
        ({"modality": "hypothetical"}, "must have optional: true"),
        ({"verbal_or_material": "material"}, "support is verbal"),
        ({"target": "KEN"}, "source and target are both"),
    ],
)
def test_validator_names_each_problem(tmp_path: Path, change: dict, problem: str) -> None:
    v = _validator()
    errors, _, _ = v.check_batch(_batch(tmp_path, {**GOOD, **change}), v.known_codes())
    assert any(problem in e for e in errors), errors


def test_validator_reports_malformed_lines(tmp_path: Path) -> None:
    v = _validator()
    batch = _batch(tmp_path, GOOD)
    with (batch / "gold.jsonl").open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    errors, _, _ = v.check_batch(batch, v.known_codes())
    assert any("not JSON" in e for e in errors)


def test_shipped_corpus_is_valid() -> None:
    v = _validator()
    codes = v.known_codes()
    batches = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    assert len(batches) >= 14
    for batch in batches:
        errors, _, stats = v.check_batch(batch, codes)
        assert errors == [], (batch.name, errors[:3])
        assert stats["documents"] >= 8


def test_no_news_dev_text_in_the_training_corpus() -> None:
    """news_dev is measure-only: no corpus sentence shares three six-word sequences with one
    of its sentences (``train/decontaminate.py`` removes any that does)."""
    if not NEWS_DEV.is_dir():
        pytest.skip("news_dev is not present")
    dc = _decontaminate()
    index = dc.news_dev_index()
    assert len(index) > 10_000
    close = [
        s
        for doc in CORPUS.glob("*/*.txt")
        for s in dc.sentences(dc.body(doc.read_text(encoding="utf-8")))
        if dc.close(s, index)
    ]
    assert close == []
    nd = next(NEWS_DEV.glob("d*.txt"))
    assert dc.close(dc.sentences(dc.body(nd.read_text(encoding="utf-8")))[0], index)


def test_heldout_set_is_valid_and_apart_from_the_training_corpus() -> None:
    """bench/heldout is measured, never trained on: it validates under the same rules, and no
    sentence of it shares three six-word sequences with a training-corpus or news_dev
    sentence (same events told alike would flatter the coder)."""
    v = _validator()
    codes = v.known_codes()
    batches = sorted(p for p in HELDOUT.iterdir() if p.is_dir())
    assert len(batches) >= 4
    for batch in batches:
        errors, _, stats = v.check_batch(batch, codes)
        assert errors == [], (batch.name, errors[:3])
        assert stats["documents"] >= 6
    dc = _decontaminate()
    index = dc.index_of(sorted(CORPUS.glob("*/*.txt")) + sorted(NEWS_DEV.glob("d*.txt")))
    ours = [
        s
        for doc in HELDOUT.glob("*/*.txt")
        for s in dc.sentences(dc.body(doc.read_text(encoding="utf-8")))
    ]
    assert len(ours) > 500
    assert [s for s in ours if dc.close(s, index)] == []
    # the check can fail: a corpus sentence is close to itself (the longest of the first
    # document in name order: directory order varies, and a short one has no six words)
    first = min(CORPUS.glob("*/*.txt"))
    assert dc.close(max(dc.sentences(dc.body(first.read_text(encoding="utf-8"))), key=len), index)


def test_shipped_model_has_the_trained_components_and_their_rules() -> None:
    from geostance.nlp.pipeline import TRAINED, coder_model_path

    path = coder_model_path()
    for name in TRAINED:
        assert (path / name / "model").stat().st_size > 10_000
    cfg = json.loads((path / "geostance_roles" / "cfg").read_text())
    rules = cfg["thresholds"]
    assert 0.0 < rules["target"] <= 1.0
    assert rules["null_rates"]["call_for"] > rules["null_rates"]["attack/use_force"]
    assert json.loads((path / "geostance_filter" / "cfg").read_text())["trained"] is True


def test_development_split_is_every_sixth_document_and_the_dev_batches() -> None:
    """The recipe's development split (train/config.cfg): documents numbered 6, 12, … of every
    batch, and every document of the batches written after the shipped model was trained;
    the bench's corpus_dev suite reads the same rule."""
    sys.path.insert(0, str(REPO / "train"))
    try:
        import coder_data
    finally:
        sys.path.remove(str(REPO / "train"))
    cfg = coder_data.read_config(REPO / "train" / "config.cfg")["training"]
    every, batches = int(cfg["dev_every"]), list(cfg["dev_batches"])
    assert batches and all((CORPUS / b / "gold.jsonl").exists() for b in batches)
    assert coder_data.is_dev("g1_06_topic.txt", every, batches)
    assert not coder_data.is_dev("g1_05_topic.txt", every, batches)
    assert coder_data.is_dev(f"{batches[0]}_05_topic.txt", every, batches)
    assert not coder_data.is_dev("no_number.txt", every, batches)
    split = coder_data.dev_split(cfg)
    dev = [p for p in CORPUS.glob("*/*.txt") if split(p.name)]
    trained = [p for p in CORPUS.glob("*/*.txt") if not split(p.name)]
    assert len(trained) > 2 * len(dev) > 0
    assert not {p.parent.name for p in trained} & set(batches)
