"""Score the gazetteer on the NGEC actor-resolution checks (country field only).

Run: `.venv/bin/python bench/actors_ngec.py [-v]`. Prints counts, precision of resolved
names and recall; `-v` lists the disagreements (mostly coding conventions: NGEC codes UN
bodies as UNO, the EU as EUR and other bodies as IGO).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import sys
from pathlib import Path

from geostance.nlp.actors import Gazetteer

SUITE = (
    Path(__file__).resolve().parents[2] / "shared" / "eval" / "ngec_actor_resolution_tests.jsonl"
)


def expected_country(record: dict) -> str | None:  # type: ignore[type-arg]
    for e in record["expected"]:
        if e["field"] in ("country", "return.cc") and e["op"] == "Eq" and e["value"]:
            return str(e["value"])
    return None


def main() -> None:
    g = Gazetteer.load()
    stats: collections.Counter[str] = collections.Counter()
    misses = []
    for line in SUITE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        want = expected_country(record)
        if want is None:
            continue
        day = (record.get("date") or "")[:10]
        on = dt.date.fromisoformat(day) if len(day) == 10 and day[4] == "-" else None
        res = g.resolve(record["mention"], on)
        got = res.actor
        actor = g.get(got) if got else None
        if actor and actor.kind not in ("state", "former_state"):
            got = g.parent(actor.id) or got
        stats["total"] += 1
        if got is None:
            stats["unresolved"] += 1
        elif got == want:
            stats["correct"] += 1
        else:
            stats["wrong"] += 1
            misses.append((record["mention"], record.get("date"), want, got, res.via))
    resolved = stats["correct"] + stats["wrong"]
    print(dict(stats))
    print(f"precision (of resolved): {stats['correct'] / max(1, resolved):.3f}")
    print(f"recall: {stats['correct'] / max(1, stats['total']):.3f}")
    if "-v" in sys.argv:
        for miss in misses:
            print("DIFFERS", miss)


if __name__ == "__main__":
    main()
