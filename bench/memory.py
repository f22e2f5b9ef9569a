"""Peak memory of ``Geostance.ingest`` against input size: does memory grow with the input?

    .venv/bin/python bench/memory.py                      # JSON Lines of 2, 5, 10 MB + 100 MB text
    .venv/bin/python bench/memory.py --sizes 1 2 --text-mb 20 --json
    .venv/bin/python bench/memory.py --sizes --text-mb 0 --text-file-mb 50 --single-line-mb 5

Issue 3 asks that documents stream: peak memory stays under 1.5 GB on a 100 MB input. Coding
100 MB takes about an hour on this machine, so this measures the slope instead:

* **ingest**: for each size, a generated JSON Lines file is ingested by a fresh process (one
  subprocess per size, so peaks do not mix) through ``Geostance.ingest`` into a DuckDB *file*,
  the path users take. The child samples its RSS every 0.2 s and notes it at each quarter of
  the documents; it prints the RSS after the model is loaded (baseline), the peak
  (``ru_maxrss``) and the curve. The slope is (peak of the largest - peak of the smallest) /
  (difference in MB of input): MB of RSS per MB of input. Near 0 means memory is set by the
  model and the batch, not by the input.
* **reader**: one text file of ``--text-mb`` MB read by the product's file reader and cut into
  paragraph chunks (``split_paragraphs``), without parsing: the reader side of a 100 MB input.
* **one big document** (issue 13): ``--text-file-mb`` ingests one text file of that many MB
  (paragraphs separated by blank lines), ``--single-line-mb`` one written on a single line;
  each is one document, whose events must all be stored. These texts are our own words only:
  the sentences of the demo briefs in ``examples/`` and the template sentences below. The
  child notes its RSS every 30 s (``trace``), as one document gives no quarters to mark.

Texts: the English sentences of ``../shared/eval`` mixed with sentences written here from
templates (random states, acts, places and numbers), shuffled per document, so no two
documents are near-identical (the near-duplicate check would otherwise link them, and linked
copies are cheaper than real ones). Prints a table; ``--json`` prints the records.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / ".." / "shared" / "eval"
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

EVAL_FILES = (
    "petrarch_validation.jsonl",
    "plover_gsr_cameo.jsonl",
    "conflibert_cameo_gold.jsonl",
    "cameo_manual_examples.jsonl",
)
STATES = [
    "Chile", "Peru", "Kenya", "Norway", "Vietnam", "Morocco", "Canada", "Poland", "Ghana",
    "Indonesia", "Argentina", "Finland", "Egypt", "Japan", "Mexico", "Turkey", "Israel",
    "Russia", "China", "the United States", "Iran", "India", "Brazil", "Germany",
]  # fmt: skip
ACTS = [
    "signed a fishing accord with", "recalled its ambassador from", "sent flood relief to",
    "criticised the election held in", "agreed to reopen the border with",
    "imposed new tariffs on", "praised the mediation offered by",
    "threatened to expel diplomats of",
    "held talks on water rights with", "promised to buy grain from", "accused the navy of",
    "did not condemn the strike by", "urged restraint from", "opened a consulate in",
]  # fmt: skip
PLACES = [
    "Lima", "Nairobi", "Oslo", "Hanoi", "Rabat", "Ottawa", "Warsaw", "Accra", "Jakarta", "Quito",
    "the port city", "the northern province", "a border town", "the capital",
]  # fmt: skip
DAYS = ["on Monday", "on Tuesday", "late on Wednesday", "on Thursday", "on Friday", "this week"]


# -- inputs ------------------------------------------------------------------------------------
def eval_sentences() -> list[str]:
    """English sentences of the eval suites, deduplicated (benchmarks may read ../shared)."""
    seen: dict[str, None] = {}
    for name in EVAL_FILES:
        path = EVAL / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                text = (json.loads(line).get("text") or "").strip()
                if 5 <= len(text.split()) <= 80:
                    seen.setdefault(text, None)
    return list(seen)


def own_sentence(rng: random.Random) -> str:
    """A sentence of our own: two states, an act, a place and a figure drawn at random."""
    a, b = rng.sample(STATES, 2)
    act, place, day = rng.choice(ACTS), rng.choice(PLACES), rng.choice(DAYS)
    figure = rng.randrange(2, 900)
    return (
        f"{a[0].upper()}{a[1:]} {act} {b} {day}, officials in {place} said, "
        f"citing {figure} pages of notes."
    )


def own_pool() -> list[str]:
    """The sentences of the demo briefs (``examples/demo/*.md``, written by the team)."""
    out: dict[str, None] = {}
    for path in sorted((REPO / "examples" / "demo").glob("[0-9]*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for para in body.split("\n\n"):
            for sent in para.replace("\n", " ").split(". "):
                sent = sent.strip().rstrip(".")
                if 5 <= len(sent.split()) <= 60:
                    out.setdefault(sent + ".", None)
    return list(out)


def document_text(rng: random.Random, pool: list[str]) -> str:
    """Four paragraphs of five sentences, about half of them our own."""
    paras = []
    for _ in range(4):
        sents = [
            rng.choice(pool) if pool and rng.random() < 0.5 else own_sentence(rng) for _ in range(5)
        ]
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


def write_jsonl(path: Path, megabytes: float, seed: int) -> int:
    """A JSON Lines file of about ``megabytes`` MB; returns the number of documents."""
    rng = random.Random(seed)
    pool = eval_sentences()
    target = int(megabytes * 1_000_000)
    n = written = 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < target:
            day = f"20{rng.randrange(10, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            rec = {
                "title": f"Bench story {seed}-{n}",
                "date": day,
                "url": f"https://bench.example.org/{seed}/{n}",
                "text": document_text(rng, pool),
            }
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def write_text(
    path: Path, megabytes: float, seed: int, *, one_line: bool = False, own: bool = False
) -> None:
    """One plain-text file of about ``megabytes`` MB, paragraphs separated by blank lines
    (``one_line``: everything on a single line, no line break at all; ``own``: our own
    sentences only, see ``own_pool``)."""
    rng = random.Random(seed)
    pool = own_pool() if own else eval_sentences()
    target = int(megabytes * 1_000_000)
    written = 0
    sep = " " if one_line else "\n\n"
    with open(path, "w", encoding="utf-8") as fh:
        while written < target:
            block = document_text(rng, pool) + sep
            if one_line:
                block = block.replace("\n", " ")
            fh.write(block)
            written += len(block.encode("utf-8"))


# -- measuring (in the child) ------------------------------------------------------------------
def rss_mb() -> float:
    """Current resident set size of this process (Linux /proc), MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Sampler(threading.Thread):
    """Samples RSS every ``every`` seconds; keeps the maximum seen (a check on ru_maxrss) and,
    every ``trace_every`` seconds, (seconds, RSS MB) in ``trace`` (also printed to stderr)."""

    def __init__(self, every: float = 0.2, trace_every: float = 30.0) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.trace_every = trace_every
        self.max = 0.0
        self.trace: list[tuple[int, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        t0 = time.perf_counter()
        next_trace = 0.0
        while not self.stop.is_set():
            now = rss_mb()
            self.max = max(self.max, now)
            elapsed = time.perf_counter() - t0
            if elapsed >= next_trace:
                self.trace.append((round(elapsed), round(now, 1)))
                print(f"trace {round(elapsed)} s: RSS {now:.1f} MB", file=sys.stderr, flush=True)
                next_trace += self.trace_every
            self.stop.wait(self.every)


def child_ingest(path: str, db: str, total_docs: int) -> dict[str, Any]:
    """Ingest ``path`` into the store ``db``; RSS at baseline, each quarter and the peak."""
    from geostance import config
    from geostance.app import Geostance

    settings = config.load(env={}, path=None, db=db)
    start = rss_mb()
    with Geostance(settings=settings) as g:
        warm = Path(db).with_suffix(".warm.txt")
        warm.write_text("Chile thanked Peru for the rescue of its sailors on Monday.\n")
        g.ingest(str(warm))  # loads the model and the gazetteer: the fixed cost
        baseline = rss_mb()
        sampler = Sampler()
        sampler.start()
        marks = {round(total_docs * q / 4) for q in (1, 2, 3)}
        curve: list[tuple[int, float]] = []
        done = 0
        kept = events = 0

        def seen(result: Any) -> None:
            nonlocal done, kept, events
            done += 1
            kept += result.status == "kept"
            events += result.events
            if done in marks:
                curve.append((done, round(rss_mb(), 1)))

        t0 = time.perf_counter()
        results = g.ingest(path, on_result=seen)
        seconds = time.perf_counter() - t0
        curve.append((done, round(rss_mb(), 1)))
        sampler.stop.set()
        sampler.join()
        counts = g.store.counts()
        stored_events = g.store.query(
            "SELECT count(*) FROM events e JOIN documents d ON d.id = e.doc_id "
            "WHERE d.origin NOT LIKE '%.warm.txt'"
        )[0][0]
    size = os.path.getsize(path)
    return {
        "input_mb": round(size / 1e6, 2),
        "documents": len(results),
        "kept": kept,
        "events": events,
        "stored_events": int(stored_events),
        "stored_documents": counts["documents"] - 1,
        "seconds": round(seconds, 1),
        "mb_per_min": round(size / 1e6 / seconds * 60, 2),
        "start_rss_mb": round(start, 1),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(max(peak_mb(), sampler.max), 1),
        "peak_over_baseline_mb": round(max(peak_mb(), sampler.max) - baseline, 1),
        "curve": curve,
        "trace": sampler.trace,
        "db_mb": round(os.path.getsize(db) / 1e6, 1),
    }


def child_text(path: str) -> dict[str, Any]:
    """Read one text file with the product's reader and cut it into chunks; no parsing."""
    from geostance.config import Settings
    from geostance.models import Document
    from geostance.nlp.coder import split_paragraphs
    from geostance.sources.files import read_file

    baseline = rss_mb()
    t0 = time.perf_counter()
    chunks = chars = docs = 0
    size = os.path.getsize(path)
    # The default limit (200 MB) is what users get; raise it only for a larger test file.
    settings = Settings() if size <= Settings().max_file_bytes else Settings(max_file_bytes=size)
    for item in read_file(path, settings=settings):
        if isinstance(item, Document):
            docs += 1
            for _, _, chunk in split_paragraphs(item.text):
                chunks += 1
                chars += len(chunk)
    return {
        "input_mb": round(size / 1e6, 2),
        "documents": docs,
        "chunks": chunks,
        "chunk_chars": chars,
        "seconds": round(time.perf_counter() - t0, 1),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak_mb(), 1),
        "peak_over_baseline_mb": round(peak_mb() - baseline, 1),
    }


# -- driving (in the parent) -------------------------------------------------------------------
def run_child(args: list[str]) -> dict[str, Any]:
    """Run a child; its stderr (the RSS trace) goes through to ours as it comes."""
    out = subprocess.run(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed with exit code {out.returncode} (see above)")
    last: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return last


def big_document(path: Path, work: Path, label: str) -> dict[str, Any]:
    """Ingest one big text file as one document in a fresh store; print and return its row."""
    db = work / f"store-{path.stem}.duckdb"
    for p in (db, db.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    row = run_child(["--child-ingest", str(path), str(db), "1"])
    print(
        f"{label} {row['input_mb']} MB: {row['documents']} document(s), "
        f"{row['events']} events coded, {row['stored_events']} stored, {row['seconds']} s; "
        f"RSS baseline {row['baseline_rss_mb']} MB, peak {row['peak_rss_mb']} MB; "
        f"trace (s, MB) {row['trace']}",
        flush=True,
    )
    path.unlink()
    return row


def slope(rows: list[dict[str, Any]], key: str) -> float:
    """Least-squares slope of ``key`` (MB) against input MB."""
    xs = [r["input_mb"] for r in rows]
    ys = [r[key] for r in rows]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes", type=float, nargs="*", default=[2, 5, 10], help="JSONL MB (none: skip)"
    )
    ap.add_argument("--text-mb", type=float, default=100, help="text file MB (0: skip)")
    ap.add_argument("--workdir", default=None, help="where inputs and stores go (default: tmp)")
    ap.add_argument(
        "--single-line-mb",
        type=float,
        default=0,
        help="also ingest one text file of this many MB written on a single line (0: skip)",
    )
    ap.add_argument(
        "--text-file-mb",
        type=float,
        default=0,
        help="also ingest one text file of this many MB, with paragraphs, as one document "
        "(0: skip)",
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--child-ingest", nargs=3, metavar=("FILE", "DB", "DOCS"), help=argparse.SUPPRESS
    )
    ap.add_argument("--child-text", metavar="FILE", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_ingest:
        path, db, docs = args.child_ingest
        print(json.dumps(child_ingest(path, db, int(docs))))
        return 0
    if args.child_text:
        print(json.dumps(child_text(args.child_text)))
        return 0

    tmp = tempfile.TemporaryDirectory()
    work = Path(args.workdir or tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, mb in enumerate(args.sizes):
        src = work / f"input-{mb:g}mb.jsonl"
        n = write_jsonl(src, mb, seed=100 + i)
        db = work / f"store-{mb:g}mb.duckdb"
        for p in (db, db.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        row = run_child(["--child-ingest", str(src), str(db), str(n)])
        rows.append(row)
        print(
            f"ingest {row['input_mb']:>6} MB: {row['documents']} docs ({row['kept']} kept), "
            f"{row['events']} events, {row['seconds']} s; RSS baseline "
            f"{row['baseline_rss_mb']} MB, peak {row['peak_rss_mb']} MB; curve {row['curve']}",
            flush=True,
        )
        src.unlink()
    big_rows = []
    if args.single_line_mb > 0:
        src = work / f"input-{args.single_line_mb:g}mb-one-line.txt"
        write_text(src, args.single_line_mb, seed=11, one_line=True, own=True)
        big_rows.append(("single line", big_document(src, work, "one-line text")))
    if args.text_file_mb > 0:
        src = work / f"input-{args.text_file_mb:g}mb-paragraphs.txt"
        write_text(src, args.text_file_mb, seed=13, own=True)
        big_rows.append(("paragraphs", big_document(src, work, "text file")))
    text_row = None
    if args.text_mb > 0:
        src = work / f"input-{args.text_mb:g}mb.txt"
        write_text(src, args.text_mb, seed=7)
        text_row = run_child(["--child-text", str(src)])
        src.unlink()
    if args.json:
        print(json.dumps({"ingest": rows, "text": text_row, "big": dict(big_rows)}))
        return 0
    if big_rows:
        print(
            "\n| one document | events coded | events stored | time | RSS after model | peak RSS |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for kind, r in big_rows:
            print(
                f"| {r['input_mb']} MB, {kind} | {r['events']:,} | {r['stored_events']:,} | "
                f"{r['seconds']} s | {r['baseline_rss_mb']} MB | {r['peak_rss_mb']} MB |"
            )
    if rows:
        print()
        print(
            "| input (JSONL) | documents | events | time | RSS after model | peak RSS "
            "| peak - base |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['input_mb']} MB | {r['documents']} | {r['events']} | {r['seconds']} s | "
            f"{r['baseline_rss_mb']} MB | {r['peak_rss_mb']} MB | {r['peak_over_baseline_mb']} MB |"
        )
    if len(rows) >= 2:
        print(f"\nslope of peak RSS: {slope(rows, 'peak_rss_mb'):.1f} MB of RSS per MB of input")
        big = rows[-1]
        print(f"RSS through the largest run (documents done, MB): {big['curve']}")
    if text_row:
        print(
            f"\nreader only, {text_row['input_mb']} MB text file read + split into "
            f"{text_row['chunks']} chunks: {text_row['seconds']} s, peak RSS "
            f"{text_row['peak_rss_mb']} MB ({text_row['peak_over_baseline_mb']} MB over the "
            f"{text_row['baseline_rss_mb']} MB start)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
