#!/usr/bin/env python3
"""The coder's misses and false events on a scored suite, counted by construction.

    geostance code ../shared/eval/news_dev/d*.txt --format jsonl > /tmp/p.jsonl
    python bench/misses.py --gold ../shared/eval/news_dev/gold_d[123].jsonl --pred /tmp/p.jsonl

Matching is the suite scorer's own (``score_events.py``, dyad + QuadClass). Each required
event not matched is put in one class: nothing coded in its sentence; the right source with
another or no target; the right target with another source; the right dyad with the wrong
class; or only other events coded in its sentence. Unmatched predictions are classed alike.
The counts say which construction to work on next; the table by act says where it sits.
Measure only: nothing here feeds training.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from eval_events import NEWS_DEV, load_scorer

SCORER = NEWS_DEV / "score_events.py"


def read(paths: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for p in paths for line in p.open(encoding="utf-8") if line.strip()]


def classify(
    se: ModuleType, gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]]]:
    """(misses by class, unmatched predictions by class, misses by class and act)."""
    by_sentence: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return os.path.basename(a["doc"]) == os.path.basename(b["doc"]) and bool(
            se.same_sentence(a["sentence"], b["sentence"])
        )

    misses: Counter[str] = Counter()
    acts: Counter[tuple[str, str]] = Counter()
    for g in (g for g in gold if not g.get("optional")):
        if any(se.matches(g, p, 1) for p in pred):
            misses["matched"] += 1
            continue
        key = (g["doc"], g["sentence"])
        ps = by_sentence.setdefault(key, [p for p in pred if same(g, p)])
        if not ps:
            kind = "nothing coded in the sentence"
        elif any(se.matches(g, p, 0) for p in ps):
            kind = "right dyad, wrong class"
        elif any(se.same_actor(g["source"], p["source"]) for p in ps):
            has_null = any(
                p.get("target") is None for p in ps if se.same_actor(g["source"], p["source"])
            )
            kind = (
                "right source, no target"
                if has_null and g["target"]
                else "right source, other target"
            )
        elif g["target"] and any(se.same_actor(g["target"], p.get("target")) for p in ps):
            kind = "right target, other source"
        else:
            kind = "only other events in the sentence"
        misses[kind] += 1
        acts[(kind, g["action"])] += 1
    false: Counter[str] = Counter()
    for p in pred:
        gs = [g for g in gold if same(g, p)]
        if any(se.matches(g, p, 1) for g in gs):
            continue
        if not gs:
            kind = "no gold event in the sentence"
        elif any(se.matches(g, p, 0) for g in gs):
            kind = "right dyad, wrong class or negation"
        elif any(se.same_actor(g["source"], p["source"]) for g in gs):
            kind = "right source, wrong target" if p.get("target") else "right source, no target"
        else:
            kind = "wrong source"
        false[kind] += 1
    return misses, false, acts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--gold", type=Path, nargs="+", required=True)
    ap.add_argument("--pred", type=Path, required=True)
    ap.add_argument("--scorer", type=Path, default=SCORER)
    ap.add_argument("--top", type=int, default=15, help="rows of the class-by-act table")
    args = ap.parse_args(argv)
    se = load_scorer(args.scorer)
    gold = read(args.gold)
    docs = {os.path.basename(g["doc"]) for g in gold}
    pred = [p for p in read([args.pred]) if os.path.basename(p["doc"]) in docs]
    misses, false, acts = classify(se, gold, pred)
    required = sum(misses.values())
    print(f"required events: {required}, matched: {misses.pop('matched', 0)}")
    print("missed, by construction:")
    for kind, n in misses.most_common():
        print(f"  {n:5d}  {n / max(required, 1):5.1%}  {kind}")
    print(f"unmatched predictions: {sum(false.values())} of {len(pred)}")
    for kind, n in false.most_common():
        print(f"  {n:5d}  {kind}")
    print("missed, by construction and act:")
    for (kind, act), n in acts.most_common(args.top):
        print(f"  {n:5d}  {kind:36s} {act}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
