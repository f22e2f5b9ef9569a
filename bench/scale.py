"""Scaling benchmark: documents per second on 1 and 2 Dask workers, memory, GDELT-scale sizing.

    .venv/bin/python bench/scale.py [--docs 600] [--words 150] [--json]

Builds a JSON Lines corpus of ``--docs`` news-like documents (sentences from the shared
evaluation sets, mixed deterministically; each document is unique), then, for 1 and 2
workers, starts a ``LocalCluster`` of single-threaded worker processes, loads the model in
every worker first (the load is timed apart), and codes the corpus with
``code_distributed`` into a fresh folder. It prints docs/s, words/s, the speed-up, the
peak RSS per worker, and how many workers a day of GDELT-scale volume needs from the
measured per-worker rate.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared" / "eval"
sys.path.insert(0, str(REPO / "src"))

from geostance import config  # noqa: E402
from geostance.scale import dask as sd  # noqa: E402

#: Assumptions for the sizing table (stated in the output and in bench/README.md).
DAILY_ARTICLES = (100_000, 200_000, 300_000)
MEAN_WORDS = 600  # a typical wire story; GDELT's sources range from 200 to 2,000 words
HEADROOM = 0.5  # run workers at half their measured rate: bursts, retries, slower texts


def sentences() -> list[str]:
    """English sentences from the shared evaluation sets (news prose), de-duplicated."""
    out: list[str] = []
    for name in ("conflibert_cameo_gold.jsonl", "plover_gsr_cameo.jsonl"):
        path = SHARED / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            if 40 < len(text) < 400:
                out.append(text.strip())
    if not out:
        raise SystemExit(f"no sentences found under {SHARED}; the shared data is needed")
    return sorted(set(out))


def build_corpus(path: Path, docs: int, words: int) -> int:
    """Write ``docs`` unique documents of about ``words`` words; return the total words."""
    rng = random.Random(7)
    pool = sentences()
    total = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(docs):
            chosen: list[str] = []
            n = 0
            while n < words:
                s = rng.choice(pool)
                chosen.append(s)
                n += len(s.split())
            paragraphs = ["\n".join(chosen[j : j + 3]) for j in range(0, len(chosen), 3)]
            text = f"Dispatch {i}.\n\n" + "\n\n".join(paragraphs)
            total += len(text.split())
            day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
            fh.write(json.dumps({"text": text, "title": f"Dispatch {i}", "date": day}) + "\n")
    return total


def run(corpus: Path, workers: int, partition_size: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    settings = config.load(env={}, path=None, db=":memory:")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        t0 = time.perf_counter()
        client.run(sd.warm_up, settings)
        load = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as out:
            report = sd.code_distributed(
                [corpus], out, settings=settings, client=client, partition_size=partition_size
            )
            ids = event_ids(Path(out))
    per_worker = report.per_worker()
    cpu = sum(w["cpu_s"] for w in per_worker.values())
    return {
        "workers": workers,
        "failures": len(report.failures) + len(report.failed),
        "cpu_seconds": cpu,
        "docs_per_cpu_s": report.documents / cpu if cpu else 0.0,
        "documents": report.documents,
        "events": report.events,
        "seconds": report.seconds,
        "docs_per_s": report.docs_per_second,
        "model_load_s": load,
        "rss_mb": max((w["rss_mb"] for w in per_worker.values()), default=0.0),
        "loads": max((w["model_loads"] for w in per_worker.values()), default=0),
        "ids": ids,
    }


def event_ids(out: Path) -> list[str]:
    import pyarrow.parquet as pq

    ids: list[str] = []
    for f in sorted(out.glob("events/*/*/*.parquet")):
        ids.extend(pq.read_table(f, columns=["id"]).column("id").to_pylist())
    return sorted(ids)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=600, help="documents in the corpus")
    ap.add_argument("--words", type=int, default=150, help="words per document, about")
    ap.add_argument("--partition-size", type=int, default=50)
    ap.add_argument("--json", action="store_true", help="print machine-readable figures")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        words = build_corpus(corpus, args.docs, args.words)
        results = [run(corpus, n, args.partition_size) for n in (1, 2)]
    same = results[0].pop("ids") == results[1].pop("ids")
    mean_words = words / args.docs
    one, two = results
    speedup = two["docs_per_s"] / one["docs_per_s"] if one["docs_per_s"] else 0.0
    # Sizing uses the CPU-time rate of one worker: on a shared machine wall time also
    # counts other people's work, CPU time counts only ours (a dedicated core's rate).
    words_per_s_worker = one["docs_per_cpu_s"] * mean_words
    rate = words_per_s_worker / MEAN_WORDS  # articles/s of a GDELT-like mean length
    sizing = []
    for daily in DAILY_ARTICLES:
        need = daily / 86_400 / (rate * HEADROOM)
        sizing.append({"articles_per_day": daily, "workers": max(1, int(-(-need // 1)))})
    figures = {
        "corpus": {"documents": args.docs, "words": words, "mean_words": round(mean_words, 1)},
        "runs": results,
        "speedup_2_vs_1": round(speedup, 3),
        "same_events_1_and_2_workers": same,
        "load_average": os.getloadavg(),
        "per_worker_words_per_s": round(words_per_s_worker),
        "assumptions": {"mean_words": MEAN_WORDS, "headroom": HEADROOM},
        "sizing": sizing,
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"corpus: {args.docs} documents, {words} words ({mean_words:.0f} words/document)")
    head = ("workers", "docs", "events", "seconds", "docs/s", "words/s", "docs/cpu-s", "RSS MB")
    widths = (7, 6, 7, 8, 8, 8, 10, 7)
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, widths, strict=True)), "load s", "failed")
    for r in results:
        print(
            f"{r['workers']:>7} {r['documents']:>6} {r['events']:>7} {r['seconds']:>8.1f} "
            f"{r['docs_per_s']:>8.1f} {r['docs_per_s'] * mean_words:>8.0f} "
            f"{r['docs_per_cpu_s']:>10.1f} {r['rss_mb']:>7.0f} {r['model_load_s']:>6.1f} "
            f"{r['failures']:>6}"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"speed-up 2 vs 1 worker: {speedup:.2f}x (target >= 1.7x); load average {load}")
    print(f"same events on 1 and 2 workers: {'yes' if same else 'NO'}")
    print(
        f"sizing at {words_per_s_worker:.0f} words/s per worker, {MEAN_WORDS}-word articles, "
        f"workers run at {HEADROOM:.0%} of that rate:"
    )
    print(f"{'articles/day':>13} {'workers':>8}")
    for row in sizing:
        print(f"{row['articles_per_day']:>13,} {row['workers']:>8}")


if __name__ == "__main__":
    main()
