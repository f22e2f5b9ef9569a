#!/usr/bin/env python3
"""Remove from the training corpus every sentence that comes close to a sentence we measure on.

    python3 train/decontaminate.py [--dry-run]

news_dev and our held-out set (``bench/heldout``) are measure-only. Our documents were written
without reading them, but they tell the same real events, and a few sentences came out close to
their wording. A corpus sentence is removed, with its annotated events, when it shares
``MIN_SHARED`` or more six-word sequences with one such sentence. ``tests/test_train_corpus.py``
checks that none is left. Standard library.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "train" / "corpus"
NEWS_DEV = REPO.parent / "shared" / "eval" / "news_dev"
HELDOUT = REPO / "bench" / "heldout"
MIN_SHARED = 3
N = 6


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + N]) for i in range(len(w) - N + 1)}


def body(text: str) -> str:
    m = re.match(r"---\n.*?\n---\n", text, re.S)
    return text[m.end() :] if m else text


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?”\"])\s+|\n+", text) if len(s.strip()) > 20]


def news_dev_index() -> dict[tuple[str, ...], set[int]]:
    """The six-word sequences of news_dev's sentences (sequence -> sentence numbers)."""
    return index_of(sorted(NEWS_DEV.glob("d*.txt")))


def measured_index() -> dict[tuple[str, ...], set[int]]:
    """The same for news_dev and the held-out set together."""
    return index_of(sorted(NEWS_DEV.glob("d*.txt")) + sorted(HELDOUT.glob("*/*.txt")))


def index_of(files: list[Path]) -> dict[tuple[str, ...], set[int]]:
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    k = 0
    for f in files:
        for s in sentences(body(f.read_text(encoding="utf-8"))):
            for g in shingles(s):
                index[g].add(k)
            k += 1
    return index


def close(sentence: str, index: dict[tuple[str, ...], set[int]]) -> bool:
    counts: dict[int, int] = defaultdict(int)
    for g in shingles(sentence):
        for k in index.get(g, ()):
            counts[k] += 1
    return max(counts.values(), default=0) >= MIN_SHARED


def main(argv: list[str]) -> int:
    if not NEWS_DEV.is_dir():
        print(f"news_dev not found at {NEWS_DEV}")
        return 2
    dry = "--dry-run" in argv
    index = measured_index()
    removed = 0
    for batch in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        gold_path = batch / "gold.jsonl"
        if not gold_path.exists():
            continue
        rows = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x]
        drop: dict[str, list[str]] = defaultdict(list)
        for doc in sorted(batch.glob("*.txt")):
            text = doc.read_text(encoding="utf-8")
            head_len = len(text) - len(body(text))
            for s in sentences(body(text)):
                if close(s, index):
                    drop[doc.name].append(s)
            if drop[doc.name] and not dry:
                new_body = body(text)
                for s in drop[doc.name]:
                    new_body = new_body.replace(s, "", 1)
                new_body = re.sub(r"[ \t]+\n", "\n", re.sub(r"  +", " ", new_body))
                new_body = re.sub(r"\n{3,}", "\n\n", new_body)
                doc.write_text(text[:head_len] + new_body, encoding="utf-8")
        for name, gone in drop.items():
            for s in gone:
                removed += 1
                print(f"{batch.name}/{name}: {s[:100]}")
        if not dry:
            keep = [
                r
                for r in rows
                if not any(r["sentence"] in s or s in r["sentence"] for s in drop.get(r["doc"], []))
            ]
            if len(keep) < len(rows):  # batches with nothing removed are left as they are
                gold_path.write_text("".join(json.dumps(r) + "\n" for r in keep), encoding="utf-8")
    print(f"{removed} sentences {'would be ' if dry else ''}removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
