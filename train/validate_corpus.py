#!/usr/bin/env python3
"""Check a batch of training documents and their gold events (see train/ANNOTATING.md).

    python3 train/validate_corpus.py train/corpus/g1 [train/corpus/g2 ...]

Prints each problem with the file and line, a summary per batch, and ``OK`` when a batch is clean.
Exit status 1 when any batch has errors. Standard library only.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ACTORS = REPO / "src" / "geostance" / "data" / "actors"

ACTIONS = {
    "support": ("verbal", "cooperation"),
    "recognize": ("verbal", "cooperation"),
    "vote_for": ("verbal", "cooperation"),
    "meet/host": ("verbal", "cooperation"),
    "visit": ("verbal", "cooperation"),
    "call_for": ("verbal", "cooperation"),
    "mediate/negotiate": ("verbal", "cooperation"),
    "aid/give": ("material", "cooperation"),
    "military_aid": ("material", "cooperation"),
    "trade/economic_coop": ("material", "cooperation"),
    "security_coop": ("material", "cooperation"),
    "oppose/criticize": ("verbal", "conflict"),
    "condemn": ("verbal", "conflict"),
    "accuse/blame": ("verbal", "conflict"),
    "vote_against": ("verbal", "conflict"),
    "veto": ("verbal", "conflict"),
    "sue/legal_action": ("verbal", "conflict"),
    "attack/use_force": ("material", "conflict"),
    "vote_abstain": ("verbal", "neutral"),
    "statement_neutral": ("verbal", "neutral"),
    "refuse_to_condemn": ("verbal", "neutral"),
}
KEYS = [
    "doc", "sentence", "source", "target", "action", "negated", "date", "verbal_or_material",
    "coop_or_conflict", "notes", "optional", "alt_actions", "alt_targets",
    "trigger", "source_text", "target_text", "modality", "issue",
]  # fmt: skip
MODALITIES = {"asserted", "demanded", "hypothetical", "intended"}
EXTRA_CODES = {
    "UN", "UNSG", "UNSC", "UNGA", "UNRWA", "WHO", "IAEA", "ICJ", "ICC", "EU", "NATO", "AU",
    "ARAB_LEAGUE", "OIC", "GCC", "G7", "G20", "BRICS", "HEZBOLLAH", "HOUTHIS", "ISIS", "WAGNER",
    "RSF", "TALIBAN", "PA", "PSE", "PLO", "HAMAS", "FATAH", "SUN",
}  # fmt: skip
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


def known_codes() -> set[str]:
    codes = set(EXTRA_CODES)
    for name in ("states.csv", "organisations.csv", "groups.csv"):
        with open(ACTORS / name, encoding="utf-8") as f:
            codes.update(row["id"] for row in csv.DictReader(f))
    return codes


def body_of(path: Path) -> tuple[str, str, list[str]]:
    """(title, body, problems) of a document file."""
    problems = []
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if not m:
        return "", text, [f"{path.name}: no front matter (--- title/date/source ---)"]
    head = m.group(1)
    for key in ("title", "date", "source"):
        if not re.search(rf"^{key}:", head, re.M):
            problems.append(f"{path.name}: front matter has no {key}:")
    tm = re.search(r'^title:\s*"?(.*?)"?\s*$', head, re.M)
    return (tm.group(1) if tm else ""), text[m.end() :], problems


def check_batch(folder: Path, codes: set[str]) -> tuple[list[str], list[str], Counter[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    stats: Counter[str] = Counter()
    docs = {p.name: body_of(p) for p in sorted(folder.glob("*.txt"))}
    for _, _, probs in docs.values():
        errors.extend(probs)
    gold = folder / "gold.jsonl"
    if not gold.exists():
        return [f"{folder}: no gold.jsonl"], warnings, stats
    seen_docs: set[str] = set()
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"gold.jsonl:{n}"
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: not JSON ({e})")
            continue
        missing = [k for k in KEYS if k not in r]
        if missing:
            errors.append(f"{where}: missing keys {missing}")
            continue
        stats["events"] += 1
        if r["doc"] not in docs:
            errors.append(f"{where}: doc {r['doc']!r} is not a .txt file of the batch")
            continue
        seen_docs.add(r["doc"])
        title, body, _ = docs[r["doc"]]
        sent = r["sentence"]
        if not isinstance(sent, str) or not sent.strip():
            errors.append(f"{where}: empty sentence")
            continue
        headline = sent == title
        if sent not in body and not headline:
            errors.append(f"{where}: sentence is not an exact substring of the body: {sent[:70]!r}")
        for key in ("trigger", "source_text", "target_text"):
            val = r[key]
            if val is None:
                continue
            if not isinstance(val, str) or val not in sent:
                errors.append(f"{where}: {key} {val!r} is not an exact substring of the sentence")
        if r["trigger"] is None:
            errors.append(f"{where}: trigger is null")
        for key in ("source", "target"):
            code = r[key]
            if code is None:
                if key == "source":
                    errors.append(f"{where}: source is null")
                continue
            if not re.fullmatch(r"[A-Z0-9_+]{2,24}", str(code)):
                errors.append(f"{where}: {key} {code!r} is not an upper-case code")
            elif code not in codes:
                stats[f"unlisted code {code}"] += 1
        if r["target"] is not None and r["target"] == r["source"]:
            errors.append(f"{where}: source and target are both {r['source']}")
        action = r["action"]
        if action not in ACTIONS:
            errors.append(f"{where}: action {action!r} is not one of the 21 labels")
            continue
        for alt in r["alt_actions"] or []:
            if alt.removesuffix("+negated") not in ACTIONS:
                errors.append(f"{where}: alt action {alt!r} is not a label")
        if not isinstance(r["negated"], bool) or not isinstance(r["optional"], bool):
            errors.append(f"{where}: negated and optional must be true or false")
        if r["modality"] not in MODALITIES:
            errors.append(f"{where}: modality {r['modality']!r} not in {sorted(MODALITIES)}")
        elif r["modality"] != "asserted" and not r["optional"]:
            errors.append(f"{where}: a {r['modality']} act must have optional: true")
        if r["date"] is not None and not DATE.match(str(r["date"])):
            errors.append(f"{where}: date {r['date']!r} is not YYYY, YYYY-MM, YYYY-MM-DD or A/B")
        mode, cls = ACTIONS[action]
        vm, cc = r["verbal_or_material"], r["coop_or_conflict"]
        if vm not in ("verbal", "material") or cc not in ("cooperation", "conflict", "neutral"):
            errors.append(f"{where}: verbal_or_material/coop_or_conflict values are wrong")
            continue
        if vm != mode and not (action == "oppose/criticize" and vm == "material"):
            errors.append(f"{where}: {action} is {mode}, not {vm} (guide §8)")
        if cc != cls and not (r["negated"] or action in ("vote_for", "vote_against", "call_for")):
            warnings.append(f"{where}: {action} is usually {cls}, here {cc}: check guide §8")
        if r["target"] is None and r["issue"] is None and action in ("call_for", "support"):
            stats["null target without issue"] += 1
        stats[f"action {action}"] += 1
        stats["negated"] += bool(r["negated"])
        stats["optional"] += bool(r["optional"])
        stats["null target"] += r["target"] is None
        stats[f"modality {r['modality']}"] += 1
    for name in docs:
        if name not in seen_docs:
            warnings.append(f"{name}: no events annotated")
    stats["documents"] = len(docs)
    stats["words"] = sum(len(b.split()) for _, b, _ in docs.values())
    return errors, warnings, stats


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    codes = known_codes()
    bad = 0
    for arg in argv:
        folder = Path(arg)
        errors, warnings, stats = check_batch(folder, codes)
        print(f"== {folder}")
        for e in errors:
            print("ERROR", e)
        for w in warnings:
            print("warn ", w)
        for k, v in sorted(stats.items()):
            print(f"  {k}: {v}")
        if errors:
            bad += 1
            print(f"{len(errors)} errors")
        else:
            print("OK")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
