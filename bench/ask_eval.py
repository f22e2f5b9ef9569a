"""Benchmark: ``ask`` on the analysts' question set (issue 11); prints the pass rate.

    .venv/bin/python bench/ask_eval.py [--db PATH] [--rebuild] [--questions FILE]
                                       [--shared ../shared] [--show-failures] [--kind KIND]

The store holds the demo corpus (``examples/demo``), the 30 ``news_dev`` documents and the
shared UN votes; it is built once into ``--db`` (default: a file in the system's temp
folder) and reused. Each question of ``bench/ask_questions.jsonl`` passes when the rendered
text answer (first line, details, cited sentences) contains every ``must_include`` fact
(a string, or a list of alternatives; case-insensitive) and no ``must_not_include``.
Prints the pass rate per kind and overall, and the median time per question.
Target (issue 11): at least 90 % overall.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from geostance import reports
from geostance.app import Geostance
from geostance.errors import GeostanceError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def build(db: Path, shared: Path) -> None:
    """Ingest the demo corpus and news_dev, import the UN votes, into a fresh store."""
    db.unlink(missing_ok=True)
    Path(str(db) + ".wal").unlink(missing_ok=True)
    with Geostance(str(db)) as g:
        g.ingest(str(ROOT / "examples" / "demo"), exclude=["README.md"])
        g.ingest(str(shared / "eval" / "news_dev"), include=["*.txt"])
        g.import_votes(shared / "data" / "unvotes")


def passes(text: str, item: dict) -> tuple[bool, list[str]]:
    low = text.lower()
    missing = []
    for fact in item.get("must_include", []):
        alts = fact if isinstance(fact, list) else [fact]
        if not any(str(a).lower() in low for a in alts):
            missing.append("|".join(map(str, alts)))
    for bad in item.get("must_not_include", []):
        if str(bad).lower() in low:
            missing.append(f"NOT {bad}")
    return not missing, missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "geostance-ask-eval.duckdb"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--questions", default=str(HERE / "ask_questions.jsonl"))
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--kind", default=None)
    args = ap.parse_args(argv)
    db = Path(args.db)
    if args.rebuild or not db.exists():
        t = time.perf_counter()
        build(db, Path(args.shared))
        print(f"built {db} in {time.perf_counter() - t:.0f} s")
    items = [json.loads(x) for x in Path(args.questions).read_text().splitlines() if x.strip()]
    if args.kind:
        items = [i for i in items if i["kind"] == args.kind]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    times = []
    with Geostance(str(db)) as g:
        for item in items:
            t = time.perf_counter()
            try:
                text = reports.render(g.ask(item["question"]), "text")
            except GeostanceError as e:
                text = f"error: {e}"
            times.append(time.perf_counter() - t)
            ok, missing = passes(text, item)
            by_kind[item["kind"]].append(ok)
            if not ok and args.show_failures:
                head = text.strip().splitlines()[:3]
                print(
                    f"FAIL {item['id']} {item['question']}\n  missing: {missing}\n  "
                    + "\n  ".join(head)[:600]
                )
    total = [ok for oks in by_kind.values() for ok in oks]
    print(f"{'kind':14} {'pass':>5} {'n':>4}")
    for kind, oks in sorted(by_kind.items()):
        print(f"{kind:14} {sum(oks):5d} {len(oks):4d}")
    rate = sum(total) / len(total) if total else 0.0
    median = statistics.median(times) if times else 0.0
    print(f"overall: {sum(total)}/{len(total)} = {rate:.1%}; median {median:.2f} s per question")
    return 0 if rate >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
