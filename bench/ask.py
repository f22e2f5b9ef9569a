"""Benchmark: ``ask`` and a full report on a generated store of 10k documents, 100k events.

    .venv/bin/python bench/ask.py [--docs 10000] [--events 100000] [--db PATH] [--repeat 7]
                                  [--with-votes ../shared/data/unvotes]

The store is synthetic (sentences written from templates, events drawn with a fixed seed)
and inserted through the Store's connection in bulk. Targets (issue 5): ``ask`` median
<= 1 s, a full HTML report <= 5 s. Prints the figures; exits 1 when a target is missed.

``--with-votes PATH`` then imports the UN voting files at PATH (a folder or files) into the same
store and times ``ask`` again with the votes channel filled: the first call of a fresh facade
(store reopened, nothing cached: the votes path reads roll calls and one state's votes from
DuckDB) and the median of later calls. The same targets apply.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from geostance import config
from geostance.app import Geostance
from geostance.models import CODER_NAME

STATES = {
    "RUS": "Russia",
    "USA": "the United States",
    "CHN": "China",
    "GBR": "Britain",
    "FRA": "France",
    "PSE": "the Palestinians",
    "ISR": "Israel",
    "EGY": "Egypt",
    "IRN": "Iran",
    "TUR": "Turkey",
    "DEU": "Germany",
    "IND": "India",
    "BRA": "Brazil",
    "JOR": "Jordan",
    "QAT": "Qatar",
    "SAU": "Saudi Arabia",
    "UKR": "Ukraine",
    "JPN": "Japan",
}
ACTS = [  # cameo, root, quad, goldstein, verb
    ("051", "05", 1, 3.4, "praised"),
    ("040", "04", 1, 1.0, "held talks with"),
    ("057", "05", 1, 8.0, "signed an agreement with"),
    ("073", "07", 2, 7.4, "sent aid to"),
    ("061", "06", 2, 6.4, "expanded trade with"),
    ("111", "11", 3, -2.0, "condemned"),
    ("130", "13", 3, -4.4, "threatened"),
    ("163", "16", 4, -8.0, "imposed sanctions on"),
    ("190", "19", 4, -10.0, "attacked"),
]
HOT = [("RUS", "PSE"), ("RUS", "ISR"), ("USA", "ISR"), ("CHN", "PSE"), ("USA", "PSE")]


def generate(n_docs: int, n_events: int, seed: int = 7) -> tuple[pd.DataFrame, ...]:
    """Documents, sentences and events as DataFrames in the store's column order."""
    rnd = random.Random(seed)
    ids = list(STATES)
    per_doc = max(1, n_events // n_docs)
    docs, sents, events = [], [], []
    for d in range(n_docs):
        day = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(27000))
        parts: list[str] = []
        pos = 0
        doc_id = hashlib.sha1(f"doc{d}".encode()).hexdigest()[:16]
        rows = []
        for k in range(per_doc):
            if rnd.random() < 0.3:
                src, tgt = rnd.choice(HOT)
            else:
                src, tgt = rnd.sample(ids, 2)
            cameo, root, quad, gold, verb = rnd.choice(ACTS)
            neg = rnd.random() < 0.03
            verb_text = ("did not " + verb.split()[0].rstrip("ed")) if neg else verb
            text = f"{STATES[src].capitalize()} {verb_text} {STATES[tgt]} in talk {d}-{k}."
            start = pos
            parts.append(text)
            pos += len(text) + 1
            sents.append((doc_id, k, start, start + len(text), 0, text))
            eid = hashlib.sha1(f"{doc_id}:{k}".encode()).hexdigest()[:16]
            rows.append(
                (eid, doc_id, f"gen://{d}", text, start, start + len(text), src, src, start,
                 start + 3, tgt, tgt, start + 10, start + 13, verb, start + 5, start + 9, cameo,
                 root, quad, gold, "X", None, neg, "asserted", day, None, "day", "document",
                 0.7, CODER_NAME, None)
            )  # fmt: skip
        events += rows
        text = " ".join(parts)
        docs.append(
            (doc_id, f"gen://{d}", "text", f"Generated story {d}", day,
             f"https://bench.example.org/{d}", "bench", text, rnd.getrandbits(63), None)
        )  # fmt: skip
    return (
        pd.DataFrame(docs, columns=[
            "id", "origin", "kind", "title", "date", "url", "source", "text", "fingerprint",
            "duplicate_of"]),
        pd.DataFrame(sents, columns=["doc_id", "idx", "start", "end", "paragraph", "text"]),
        pd.DataFrame(events, columns=EVENT_COLUMNS),
    )  # fmt: skip


EVENT_COLUMNS = [
    "id", "doc_id", "doc", "sentence", "sentence_start", "sentence_end", "source",
    "source_text", "source_start", "source_end", "target", "target_text", "target_start",
    "target_end", "trigger", "trigger_start", "trigger_end", "cameo", "cameo_root",
    "quad_class", "goldstein", "plover", "plover_mode", "negated", "modality", "date",
    "date_end", "date_precision", "date_method", "confidence", "coder", "attribution",
]  # fmt: skip


def fill(g: Geostance, n_docs: int, n_events: int) -> None:
    docs, sents, events = generate(n_docs, n_events)
    con = g.store.con
    with g.store.transaction():
        for name, df in (("documents", docs), ("sentences", sents), ("events", events)):
            con.register("bench_df", df)
            cols = ", ".join(f'"{c}"' for c in df.columns)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM bench_df")
            con.unregister("bench_df")


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


QUESTIONS = [
    "Does Russia support Palestine?",
    "What does the US do with Israel?",
    "Did Russia condemn Israel after October 7?",
    "Compare Russia, the US and China on Palestine",
]


def ask_medians(g: Geostance, repeat: int, label: str = "") -> dict[str, float]:
    """Median time of each question over ``repeat`` calls, printed as it goes."""
    results = {}
    for q in QUESTIONS:
        times = [timed(lambda q=q: g.ask(q)) for _ in range(repeat)]
        results[q] = statistics.median(times)
        print(f"ask{label} {q!r}: median {results[q] * 1000:.0f} ms over {repeat}")
    return results


def with_votes(settings: config.Settings, paths: list[str], repeat: int) -> dict[str, float]:
    """Import the UN votes, reopen the store and time ``ask`` cold (first call) and warm."""
    with Geostance(settings=settings) as g:
        if g.store.vote_counts()["votes"] == 0:
            t = timed(lambda: g.import_votes(*paths))
            print(f"imported UN votes from {', '.join(paths)} in {t:.1f} s")
        print(f"votes: {g.store.vote_counts()}")
    with Geostance(settings=settings) as g:  # a fresh facade: no gazetteer, no vote caches
        t_cold = timed(lambda: g.ask(QUESTIONS[0]))
        print(f"with votes, first ask of a fresh facade (cold): {t_cold:.2f} s")
        answer = g.ask(QUESTIONS[0])
        n = answer.measure.votes.n if answer.measure else 0
        print(f"  (votes channel: {n} UN votes scored, {len(answer.votes)} cited)")
        results = ask_medians(g, repeat, label=" (votes)")
    results["cold first call"] = t_cold
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--db", default=None, help="store file (default: a temporary one)")
    ap.add_argument(
        "--with-votes",
        metavar="PATH",
        nargs="+",
        default=None,
        help="UN voting files or a folder (e.g. ../shared/data/unvotes) to import, then time "
        "ask again with the votes channel",
    )
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = args.db or str(Path(tmp.name) / "bench.duckdb")
    settings = config.load(env={}, path=None, db=db)
    with Geostance(settings=settings) as g:
        if g.store.counts()["events"] == 0:
            t = timed(lambda: fill(g, args.docs, args.events))
            print(f"generated {args.docs} documents, {args.events} events in {t:.1f} s")
        counts = g.store.counts()
        print(f"store: {counts}")
        t = timed(lambda: g.ask("Does Russia support Palestine?"))
        print(f"first ask (loads the gazetteer): {t:.2f} s")
        results = ask_medians(g, args.repeat)
        t_index = timed(lambda: g.search("sanctions"))
        print(f"search, first call (builds the full-text index): {t_index:.2f} s")
        t_search = statistics.median(timed(lambda: g.search("sanctions")) for _ in range(5))
        print(f"search median: {t_search * 1000:.0f} ms")
        reps = [timed(lambda: g.report("RUS", "PSE")) for _ in range(3)]
        t_report = statistics.median(reps)
        print(f"full HTML report RUS->PSE: median {t_report:.2f} s over 3")
    if args.with_votes:
        voted = with_votes(settings, args.with_votes, args.repeat)
        results.update({f"{q} (votes)": t for q, t in voted.items()})
    worst = max(results.values())
    ok = worst <= 1.0 and t_report <= 5.0
    print(f"targets: ask median <= 1 s (worst {worst:.2f} s), report <= 5 s ({t_report:.2f} s): "
          f"{'met' if ok else 'MISSED'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
