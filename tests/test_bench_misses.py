"""``bench/misses.py`` puts each missed event and each false one in one class of construction,
with the suite scorer's own matching. The events are our own sentences."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
SCORER = REPO.parent / "shared" / "eval" / "news_dev" / "score_events.py"


def _misses() -> ModuleType:
    bench = str(REPO / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)  # misses.py imports eval_events beside it
    spec = importlib.util.spec_from_file_location(
        "geostance_bench_misses", REPO / "bench" / "misses.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def ev(sentence: str, source: str, target: str | None, action: str, **kw: object) -> dict:
    material = action in ("attack/use_force", "aid/give", "military_aid")
    conflict = action in ("condemn", "attack/use_force", "oppose/criticize")
    return {
        "doc": "t1.txt", "sentence": sentence, "source": source, "target": target,
        "action": action, "negated": False, "date": "2024-05-01",
        "verbal_or_material": "material" if material else "verbal",
        "coop_or_conflict": "conflict" if conflict else "cooperation",
        "optional": False, "alt_actions": [], "alt_targets": [], **kw,
    }  # fmt: skip


def coded(sentence: str, source: str, target: str | None, action: str, quad: int) -> dict:
    """A prediction as `geostance code` writes it (the scorer reads its `quad_class`)."""
    return dict(ev(sentence, source, target, action), quad_class=quad)


S1 = "Kenya condemned the Ethiopian shelling of a border town on Monday."
S2 = "Chile and Peru signed a fisheries accord in Lima."
S3 = "Norway sent Moldova two field hospitals."
S4 = "Brazil called on both sides to return to talks."


@pytest.mark.skipif(not SCORER.exists(), reason="the news_dev scorer is not in ../shared")
def test_each_miss_and_false_event_gets_its_class(tmp_path: Path) -> None:
    gold = [
        ev(S1, "KEN", "ETH", "condemn"),  # matched
        ev(S2, "CHL", "PER", "trade/economic_coop"),  # nothing coded in the sentence
        ev(S3, "NOR", "MDA", "aid/give"),  # right source, other target
        ev(S4, "BRA", None, "call_for"),  # right dyad, wrong class
    ]
    pred = [
        coded(S1, "KEN", "ETH", "condemn", 3),
        coded(S3, "NOR", "ROU", "aid/give", 2),
        coded(S4, "BRA", None, "attack/use_force", 4),
        coded("A sentence no annotator coded.", "FRA", "DEU", "support", 1),
    ]
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(json.dumps(x) + "\n" for x in gold), encoding="utf-8")
    p.write_text("".join(json.dumps(x) + "\n" for x in pred), encoding="utf-8")
    m = _misses()
    misses, false, acts = m.classify(m.load_scorer(SCORER), m.read([g]), m.read([p]))
    assert misses == {
        "matched": 1,
        "nothing coded in the sentence": 1,
        "right source, other target": 1,
        "right dyad, wrong class": 1,
    }
    assert false == {
        "right source, wrong target": 1,
        "right dyad, wrong class or negation": 1,
        "no gold event in the sentence": 1,
    }
    assert acts[("nothing coded in the sentence", "trade/economic_coop")] == 1
