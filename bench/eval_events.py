"""Score the event coder against news_dev and the peer suites in ../shared/eval.

    python bench/eval_events.py                 # all suites, two tables
    python bench/eval_events.py --suite news_dev
    python bench/eval_events.py --json          # machine-readable figures
    python bench/eval_events.py --coder DIR     # a retrained coder (train/ensemble.py --out DIR)
    python bench/eval_events.py --suite corpus_dev --batches 'k*'   # only those batches

Document suites, scored by ``news_dev/score_events.py`` (dyad, dyad + QuadClass, dyad +
action, and dyad + QuadClass with a strict view of null targets, :func:`strict_scorer`;
predictions are what ``geostance code`` prints): ``news_dev`` (30 documents written
outside the team; measure only, never trained on) and ``corpus_dev`` (the development split
of our own training corpus, used to pick epochs and decision rules, so flattering) and
``heldout`` (``bench/heldout/``: documents we wrote in styles unlike the training corpus —
agency wire, foreign-desk reports, analysis essays, explainers and live blogs — annotated
under the same guide; never trained on nor tuned on, a second check of what news_dev says).

Sentence suites, test splits only (the training script trains roles on the train splits):
ConfliBERT ``test``, the ``test`` half of PLOVER GSR (by a hash of the record id), and all of
PETRARCH-2's real-news GSR records and the CAMEO manual examples (not trained on).

Per sentence suite: precision, recall and F1 of the (source, target) dyad, QuadClass accuracy on
matched events and CAMEO-root (or PLOVER type) accuracy. How the comparison is made:

* Dyads are counted once per sentence (two triggers for the same pair are one prediction).
* Actors: gold CAMEO codes are cut to the country (first three letters: USAGOV -> USA),
  with CAMEO codes that differ from ISO mapped (JAP -> JPN, USR -> SUN ...); organisations
  compare by family ("IGOUNO..." = any UN body, "IGOEUR..." = EU, a bare "IGO" = any
  organisation); our groups compare as CAMEO codes them, by home country (HAMAS, PA, PLO ->
  PSE; HEZBOLLAH -> LBN; ISIS, AL_QAEDA -> IMG). Gold "---" (unknown actor) never matches.
* PLOVER records: the gold dyads are actor x recipient, or every ordered pair of actors when
  no recipient is given; QuadClass compares PLOVER types' quads, "root" the PLOVER type.
* ConfliBERT: a dyad matches when our source and target texts overlap the gold source and
  target spans (joint-actor spans count as both); QuadClass uses the Phoenix five-way scheme
  (``codes.phoenix_quad``). "quad acc" is on dyad-matched events; "sent quad acc" compares the
  highest-confidence event of every sentence we code with the sentence's label.
* CAMEO manual examples have no actors: "root acc" and "quad acc" compare the
  highest-confidence event of each coded sentence with the example's code; no dyad figures.
* CAMEO folds negation into codes where we keep a flag; :func:`cameo_view` maps ours
  (refused cooperation -> 12x, halted material cooperation -> 16x) before codes are compared.
  Acts coded with modality "demanded" are left out: CAMEO codes the appeal, which we also code.
* ``analysis_dev`` is our own development set of analytical prose
  (``tests/data/coder/analysis_dev.jsonl``: hedged, reported, historical, comparative and
  nominal sentences, headlines, questions). Gold actors are our own ids and compare exactly;
  a dyad may carry several gold acts, and the event of the dyad whose root is one of them is
  the one compared. Besides the dyad figures it reports negation and modality accuracy on
  matched events and ``no_event_ok``, the share of sentences that must give nothing and do.
* ``coverage`` is the share of records with at least one event.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / ".." / "shared" / "eval"
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from geostance.config import Settings  # noqa: E402
from geostance.models import Document, Event  # noqa: E402
from geostance.nlp import codes as cameo  # noqa: E402
from geostance.nlp.actors import Gazetteer, default_gazetteer  # noqa: E402
from geostance.nlp.coder import code_documents, doc_id_for  # noqa: E402
from geostance.nlp.pipeline import add_trained, make_nlp  # noqa: E402

SUITES = (
    "news_dev",
    "corpus_dev",
    "heldout",
    "petr2_gsr_validation",
    "plover_gsr_cameo",
    "conflibert",
    "cameo_manual",
    "analysis_dev",
)
NEWS_DEV = EVAL / "news_dev"
CORPUS = REPO / "train" / "corpus"
HELDOUT = REPO / "bench" / "heldout"
DOCUMENT_SUITES = ("news_dev", "corpus_dev", "heldout")
SHOWN = ("asserted", "intended")  # what `geostance code` prints by default
DEV_FILE = REPO / "tests" / "data" / "coder" / "analysis_dev.jsonl"

# CAMEO country codes that differ from ISO 3166-1 alpha-3 (and typos seen in the gold).
CAMEO_TO_ISO = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VAT",
    "USR": "SUN",
    "ROM": "ROU",
    "GMY": "DEU",
    "UKG": "GBR",
    "SPN": "ESP",
    "SWZ": "CHE",
    "SRI": "LKA",
    "KOS": "XKX",
    "BOS": "BIH",
}
# Organisation families: gold "IGOUNO..." compares to any UN body, "IGOEUR..." to the EU.
IGO_FAMILY = {
    "UN": "UNO",
    "UNSC": "UNO",
    "UNGA": "UNO",
    "UNSG": "UNO",
    "UNRWA": "UNO",
    "WHO": "UNO",
    "ICJ": "UNO",
    "UNHRC": "UNO",
    "UNICEF": "UNO",
    "UNHCR": "UNO",
    "WFP": "UNO",
    "IAEA": "UNO",
    "OCHA": "UNO",
    "UNESCO": "UNO",
    "UNDP": "UNO",
    "UNIFIL": "UNO",
    "EU": "EUR",
    "NATO": "NAT",
    "AU": "AFR",
    "ARAB_LEAGUE": "ARL",
    "INTERPOL": "COP",
    "OPEC": "OPC",
    "ICC": "ICC",
}
# Groups compare as CAMEO codes them: by their home country, international militants as IMG.
GROUP_HOME = {
    "HAMAS": "PSE",
    "FATAH": "PSE",
    "PLO": "PSE",
    "PA": "PSE",
    "PIJ": "PSE",
    "HEZBOLLAH": "LBN",
    "HOUTHIS": "YEM",
    "TALIBAN": "AFG",
    "PKK": "TUR",
    "HTS": "SYR",
    "WAGNER": "RUS",
    "ISIS": "IMG",
    "AL_QAEDA": "IMG",
    "AL_SHABAAB": "SOM",
    "BOKO_HARAM": "NGA",
}
PLOVER_QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}


# ---------------------------------------------------------------- records
@dataclass
class Record:
    """One gold sentence: its text, date and gold dyads/classes (whatever the suite has)."""

    id: str
    text: str
    date: dt.date | None = None
    dyads: list[tuple[str | None, str | None]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # gold CAMEO code per dyad
    quad: int | None = None  # sentence-level gold class (suite's own scheme)
    label: str | None = None  # sentence-level gold CAMEO root or PLOVER type
    spans: dict[str, list[str]] | None = None  # ConfliBERT source/target spans
    scorable_dyads: bool = True
    expected: list[dict[str, Any]] = field(default_factory=list)  # analysis_dev gold acts


def _date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s) if s else None
    except ValueError:
        return None


def gold_key(code: str | None) -> str | None:
    """A gold CAMEO actor code reduced to what we compare: the country (first three letters),
    "IGO:<family>" for organisations, "IMG" for international militants; "---" (unknown) is
    None and cannot be matched."""
    if not code:
        return None
    code = code.strip().upper()
    if code.startswith("---") or len(code) < 3:
        return None
    if code.startswith("IGO"):
        return "IGO:" + code[3:6] if len(code) >= 6 else "IGO"
    head = code[:3]
    return CAMEO_TO_ISO.get(head, head)


def our_key(actor_id: str | None, gazetteer: Gazetteer) -> str | None:
    """A coded actor id reduced the same way as :func:`gold_key`."""
    if actor_id is None:
        return None
    actor = gazetteer.get(actor_id)
    kind = actor.kind if actor is not None else "state"
    if kind == "igo":
        return "IGO:" + IGO_FAMILY.get(actor_id, actor_id)
    if kind == "group":
        home = (
            GROUP_HOME.get(actor_id)
            or gazetteer.parent(actor_id)
            or (actor.country if actor is not None else None)
        )
        return home or actor_id
    return actor_id


def keys_match(gold: str | None, ours: str | None) -> bool:
    if gold is None or ours is None:
        return False
    if gold == "IGO":
        return ours.startswith("IGO")
    return gold == ours


def _jsonl(name: str | Path) -> Iterable[dict[str, Any]]:
    with open(EVAL / name, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def plover_half(record_id: str) -> str:
    """PLOVER GSR has no split: the training script trains roles on the ``train`` half (by a
    hash of the id) and the figures here are on the ``test`` half."""
    import hashlib

    return "test" if int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 2 else "train"


def load_suite(suite: str, split: str | None = None) -> list[Record]:
    """The records of a suite (``conflibert`` takes ``split`` = train or test)."""
    out: list[Record] = []
    if suite == "petr2_gsr_validation":
        for r in _jsonl("petrarch_validation.jsonl"):
            if r["suite"] != suite:
                continue
            rec = Record(r["id"], r["text"], _date(r.get("date")))
            for e in r["expected_events"]:
                rec.dyads.append((gold_key(e["source"]), gold_key(e["target"])))
                rec.codes.append(e["code"])
            out.append(rec)
    elif suite == "plover_gsr_cameo":
        for r in _jsonl("plover_gsr_cameo.jsonl"):
            if split and plover_half(r["id"]) != split:
                continue
            rec = Record(r["id"], r["text"], None, label=r.get("event_plover_2021"))
            actors = [gold_key(a.get("code")) for a in r.get("actors", [])]
            recips = [gold_key(a.get("code")) for a in r.get("recipients", [])]
            if recips:
                pairs = [(a, b) for a in actors for b in recips]
            else:
                pairs = [(a, b) for a in actors for b in actors if a != b]
            rec.dyads = pairs
            rec.codes = [""] * len(pairs)
            out.append(rec)
    elif suite == "conflibert":
        for r in _jsonl("conflibert_cameo_gold.jsonl"):
            if split and r["split"] != split:
                continue
            spans = None
            if "source_spans" in r:
                spans = {
                    "source": r.get("source_spans", []) + r.get("joint_actor_spans", []),
                    "target": r.get("target_spans", []) + r.get("joint_actor_spans", []),
                }
            out.append(
                Record(
                    r["id"],
                    r["text"],
                    None,
                    quad=r["quad_class"],
                    spans=spans,
                    scorable_dyads=spans is not None,
                )
            )
    elif suite == "cameo_manual":
        for r in _jsonl("cameo_manual_examples.jsonl"):
            if not r.get("text") or r["text"] in ("NAT", "NA"):
                continue
            code = str(r["expected_code"])
            try:
                root = cameo.lookup(code).root
            except Exception:
                continue
            out.append(Record(r["id"], r["text"], None, label=root, scorable_dyads=False))
    elif suite == "analysis_dev":
        for r in _jsonl(DEV_FILE):
            exp = list(r.get("expected", []))
            rec = Record(r["id"], r["text"], _date(r.get("doc_date")), expected=exp)
            rec.dyads = list(dict.fromkeys((e["source"], e["target"]) for e in exp))
            out.append(rec)
    else:
        raise SystemExit(f"unknown suite {suite!r}; choose from {', '.join(SUITES)}")
    return out


# ---------------------------------------------------------------- scoring
def code_records(nlp: Any, records: Sequence[Record], gazetteer: Gazetteer) -> list[list[Event]]:
    """Code every record's text (one document each) and return the events per record.

    Acts coded with modality "demanded" (the act in "called on X to withdraw") are left out:
    CAMEO codes the appeal or demand, which we also code, and never the act demanded."""
    docs = [
        Document(id=doc_id_for(r.id + r.text), text=r.text, origin=r.id, date=r.date)
        for r in records
    ]
    return [
        [e for e in evs if e.modality != "demanded"]
        for _, _, evs in code_documents(nlp, docs, gazetteer=gazetteer)
    ]


def _despace(s: str) -> str:
    return "".join(s.split()).lower().replace("\u02bc", "'").replace("\u2019", "'")


def _span_match(ours: str | None, gold_spans: list[str]) -> bool:
    if not ours:
        return False
    o = _despace(ours)
    return any(o and g and (o in _despace(g) or _despace(g) in o) for g in gold_spans)


def cameo_view(e: Event) -> cameo.CodeInfo:
    """The code a CAMEO coder gives our event. CAMEO folds negation into codes where we keep
    a flag: a refused or withheld cooperation is a rejection (12x: "would not provide support"
    = 121, as the PETRARCH-2 gold says), a halted material cooperation is a reduction of
    relations (16x: "suspended aid" = 162). Negated conflict acts keep their code."""
    if not e.negated:
        return cameo.lookup(e.cameo)
    root = e.cameo_root
    if root in ("06", "07") and e.modality == "asserted":
        return cameo.lookup("162" if root == "07" else "160")
    mapped = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
    return cameo.lookup(mapped.get(root, e.cameo))


def _best(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.confidence) if events else None


def score(
    suite: str, records: Sequence[Record], coded: Sequence[list[Event]], gazetteer: Gazetteer
) -> dict[str, Any]:
    """Precision, recall, F1 of dyads; QuadClass and root accuracy on matched events."""
    tp = fp = fn = 0
    quad_ok = quad_n = root_ok = root_n = 0
    sent_quad_ok = sent_quad_n = 0
    with_event = 0
    for rec, events in zip(records, coded, strict=True):
        best = _best(events)
        if events:
            with_event += 1
        # sentence-level classes
        if best is not None and rec.quad is not None:
            sent_quad_n += 1
            sent_quad_ok += int(cameo.phoenix_quad(cameo_view(best).code) == rec.quad)
        if best is not None and rec.label is not None:
            if suite == "plover_gsr_cameo":
                root_n += 1
                root_ok += int(cameo_view(best).plover == rec.label)
            elif suite == "cameo_manual":
                root_n += 1
                view = cameo_view(best)
                root_ok += int(view.root == rec.label)
                quad_n += 1
                quad_ok += int(view.quad_class == cameo.lookup(rec.label).quad_class)
        if not rec.scorable_dyads:
            continue
        # dyads: one prediction per distinct (source, target) in a sentence
        seen: dict[tuple[str | None, str | None], Event] = {}
        for e in events:
            k = (e.source, e.target)
            if k not in seen or e.confidence > seen[k].confidence:
                seen[k] = e
        if suite == "conflibert":
            assert rec.spans is not None
            gold_n = 1 if rec.spans["source"] and rec.spans["target"] else 0
            hit = None
            for e in seen.values():
                if _span_match(e.source_text, rec.spans["source"]) and _span_match(
                    e.target_text, rec.spans["target"]
                ):
                    hit = e
                    break
            tp += int(hit is not None and gold_n > 0)
            fp += len(seen) - int(hit is not None and gold_n > 0)
            fn += gold_n - int(hit is not None and gold_n > 0)
            if hit is not None and rec.quad is not None:
                quad_n += 1
                quad_ok += int(cameo.phoenix_quad(cameo_view(hit).code) == rec.quad)
            continue
        unmatched = list(range(len(rec.dyads)))
        for e in seen.values():
            s, t = our_key(e.source, gazetteer), our_key(e.target, gazetteer)
            j = next(
                (
                    j
                    for j in unmatched
                    if keys_match(rec.dyads[j][0], s) and keys_match(rec.dyads[j][1], t)
                ),
                None,
            )
            if j is None:
                fp += 1
                continue
            unmatched.remove(j)
            tp += 1
            if suite == "petr2_gsr_validation":
                gold = cameo.lookup(_known(rec.codes[j]))
                view = cameo_view(e)
                quad_n += 1
                quad_ok += int(gold.quad_class == view.quad_class)
                root_n += 1
                root_ok += int(gold.root == view.root)
            elif suite == "plover_gsr_cameo" and rec.label:
                quad_n += 1
                quad_ok += int(PLOVER_QUAD.get(rec.label) == PLOVER_QUAD.get(cameo_view(e).plover))
        fn += len(unmatched)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    scorable = any(rec.scorable_dyads for rec in records)
    out: dict[str, Any] = {
        "records": len(records),
        "coverage": round(with_event / len(records), 3) if records else 0.0,
        "dyad_precision": round(p, 3) if scorable else None,
        "dyad_recall": round(r, 3) if scorable else None,
        "dyad_f1": round(f1, 3) if scorable else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "quad_accuracy": round(quad_ok / quad_n, 3) if quad_n else None,
        "quad_n": quad_n,
        "root_accuracy": round(root_ok / root_n, 3) if root_n else None,
        "root_n": root_n,
    }
    if sent_quad_n:
        out["sentence_quad_accuracy"] = round(sent_quad_ok / sent_quad_n, 3)
        out["sentence_quad_n"] = sent_quad_n
    return out


def score_dev(records: Sequence[Record], coded: Sequence[list[Event]]) -> dict[str, Any]:
    """The analysis_dev figures: dyads compared exactly (our ids), one prediction per distinct
    (source, target) of a record; on a matched dyad the event whose root is one of the gold
    roots (else the most confident one) is compared for QuadClass, root, negation, modality."""
    tp = fp = fn = 0
    quad_ok = root_ok = neg_ok = mod_ok = n = 0
    clean = clean_n = with_event = 0
    for rec, events in zip(records, coded, strict=True):
        with_event += int(bool(events))
        if not rec.expected:
            clean_n += 1
            clean += int(not events)
        by_dyad: dict[tuple[str | None, str | None], list[Event]] = {}
        for e in events:
            by_dyad.setdefault((e.source, e.target), []).append(e)
        gold = set(rec.dyads)
        tp += len(gold & set(by_dyad))
        fp += len(set(by_dyad) - gold)
        fn += len(gold - set(by_dyad))
        for dyad in gold & set(by_dyad):
            acts = [g for g in rec.expected if (g["source"], g["target"]) == dyad]
            evs = sorted(by_dyad[dyad], key=lambda e: -e.confidence)
            pick = next(
                ((e, g) for e in evs for g in acts if e.cameo_root == g["cameo_root"]),
                (evs[0], acts[0]),
            )
            e, g = pick
            n += 1
            root_ok += int(e.cameo_root == g["cameo_root"])
            quad_ok += int(e.quad_class == cameo.lookup(g["cameo_root"]).quad_class)
            neg_ok += int(e.negated == bool(g.get("negated", False)))
            mod_ok += int(e.modality == g.get("modality", "asserted"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "records": len(records),
        "coverage": round(with_event / len(records), 3) if records else 0.0,
        "dyad_precision": round(p, 3),
        "dyad_recall": round(r, 3),
        "dyad_f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "quad_accuracy": round(quad_ok / n, 3) if n else None,
        "quad_n": n,
        "root_accuracy": round(root_ok / n, 3) if n else None,
        "root_n": n,
        "negation_accuracy": round(neg_ok / n, 3) if n else None,
        "modality_accuracy": round(mod_ok / n, 3) if n else None,
        "no_event_ok": round(clean / clean_n, 3) if clean_n else None,
        "no_event_n": clean_n,
    }


def _known(code: str) -> str:
    """Gold codes outside CAMEO 1.1b3 (a few test-only ones) fall back to their root."""
    code = code.strip()
    for c in (code, code[:3], code[:2]):
        try:
            return cameo.lookup(c).code
        except Exception:
            continue
    return "01"


def evaluate(
    suites: Sequence[str] = SUITES,
    *,
    split: str | None = None,
    limit: int | None = None,
    nlp: Any = None,
    gazetteer: Gazetteer | None = None,
    batches: str = "*",
) -> dict[str, dict[str, Any]]:
    """Score each suite; ``conflibert`` is reported on ``split`` (both splits when None);
    ``batches`` picks the batch folders of ``corpus_dev`` and ``heldout``."""
    gazetteer = gazetteer or default_gazetteer()
    nlp = nlp or make_nlp(Settings(), gazetteer)
    results: dict[str, dict[str, Any]] = {}
    for suite in suites:
        if suite in DOCUMENT_SUITES:
            results[suite] = score_documents(suite, nlp, gazetteer, batches)
            continue
        splits = [split] if split else ["test"]
        for sp in splits if suite in ("conflibert", "plover_gsr_cameo") else [None]:
            records = load_suite(suite, sp)
            if limit:
                records = records[:limit]
            coded = code_records(nlp, records, gazetteer)
            name = f"{suite}_{sp}" if sp else suite
            if suite == "analysis_dev":
                results[name] = score_dev(records, coded)
            else:
                results[name] = score(suite, records, coded, gazetteer)
    return results


def coder_nlp(coder: Path | None, gazetteer: Gazetteer) -> Any:
    """The pipeline with the package's trained components, or with those saved at ``coder``
    (a model ``train/ensemble.py --out`` or ``train/train_coder.py --out`` wrote)."""
    nlp = make_nlp(Settings(), gazetteer, trained=coder is None)
    if coder is not None:
        import spacy

        add_trained(nlp, spacy.load(coder))
    return nlp


def load_scorer(path: Path | None = None) -> Any:
    """The news_dev scorer's module (its matching rules), from ``path`` or ../shared."""
    import importlib.util

    path = path or NEWS_DEV / "score_events.py"
    spec = importlib.util.spec_from_file_location("score_events", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def strict_scorer(se: Any) -> Any:
    """A copy of the scorer in which an annotated null target matches only an event with no
    target (or one of the annotated ``alt_targets``). The scorer lets a null target match any
    target; a user reading "WHO warned the US" where the text names no one sees a wrong event,
    so a change that gains only in the scorer's view is not kept (``bench/README.md``)."""
    strict = load_scorer(Path(se.__file__))
    lenient = strict.matches

    def matches(g: dict[str, Any], p: dict[str, Any], level: int) -> bool:
        if not lenient(g, p, level):
            return False
        if g.get("target") is not None or p.get("target") is None:
            return True
        alts = list(g.get("alt_targets") or [])
        pairs = [(g["source"], t) for t in alts]
        if g["action"] in strict.SYMMETRIC:  # "met" read from either side, as the scorer does
            pairs += [(t, g["source"]) for t in alts]
        same = strict.same_actor
        return any(same(s, p.get("source")) and same(t, p.get("target")) for s, t in pairs)

    strict.matches = matches
    return strict


def _documents(suite: str, batches: str = "*") -> tuple[list[Document], list[dict[str, Any]]]:
    """The documents and gold events of a document-level suite: ``news_dev`` (measure only,
    never trained on), ``corpus_dev`` (the development split of our training corpus, as
    ``train/config.cfg`` sets it: documents numbered 6, 12, 18, 24 of each batch and every
    document of its ``dev_batches``) or ``heldout`` (every document of
    ``bench/heldout``); for the last two only the batch folders ``batches`` (a glob) matches.
    In our own documents non-asserted acts count as optional."""
    from geostance.sources import iter_documents

    if suite == "news_dev":
        paths = sorted(NEWS_DEV.glob("d*.txt"))
        gold = [r for f in sorted(NEWS_DEV.glob("gold_d[0-9].jsonl")) for r in _jsonl(f)]
    else:
        root = HELDOUT if suite == "heldout" else CORPUS
        paths = sorted(root.glob(f"{batches}/*.txt"))
        if suite == "corpus_dev":
            dev = _dev_split()
            paths = [p for p in paths if dev(p.name)]
        names = {p.name for p in paths}
        gold = [
            dict(r, optional=r["optional"] or r.get("modality", "asserted") != "asserted")
            for f in sorted(root.glob(f"{batches}/gold.jsonl"))
            for r in _jsonl(f)
            if r["doc"] in names
        ]
    docs = []
    for p in paths:
        for item in iter_documents([str(p)], settings=Settings()):
            if isinstance(item, Document):
                docs.append(Document(id=item.id, text=item.text, origin=p.name, date=item.date))
    return docs, gold


def _dev_split() -> Any:
    """The development split's rule, the training recipe's own (``train/coder_data.py`` over
    ``train/config.cfg``)."""
    if str(REPO / "train") not in sys.path:
        sys.path.insert(0, str(REPO / "train"))
    import coder_data

    return coder_data.dev_split(coder_data.read_config(REPO / "train" / "config.cfg")["training"])


def score_documents(
    suite: str, nlp: Any, gazetteer: Gazetteer, batches: str = "*"
) -> dict[str, Any]:
    """Document-level suites scored by the news_dev scorer (``score_events.py``): P, R and F1
    at the dyad, dyad + QuadClass (the headline) and dyad + action levels."""
    se = load_scorer()
    docs, gold = _documents(suite, batches)
    pred = [
        e.to_record()
        for _, _, evs in code_documents(nlp, docs, gazetteer=gazetteer)
        for e in evs
        if e.modality in SHOWN
    ]
    out: dict[str, Any] = {
        "records": len(docs),
        "gold_required": sum(not g.get("optional") for g in gold),
        "predicted": len(pred),
    }
    for level, name in enumerate(("dyad", "dyad_quad", "dyad_action")):
        p, r, f1, _ = se.score(gold, pred, level)
        out[f"{name}_precision"] = round(p, 3)
        out[f"{name}_recall"] = round(r, 3)
        out[f"{name}_f1"] = round(f1, 3)
    p, r, f1, _ = strict_scorer(se).score(gold, pred, 1)
    out.update(strict_precision=round(p, 3), strict_recall=round(r, 3), strict_f1=round(f1, 3))
    return out


def _doc_table(results: dict[str, dict[str, Any]]) -> str:
    rows = [
        f"{'suite':12}{'docs':>6}{'required':>10}{'predicted':>10}"
        + "".join(
            f"{h:>22}"
            for h in ("dyad P/R/F1", "dyad+quad P/R/F1", "dyad+action P/R/F1", "strict null P/R/F1")
        )
    ]
    for name, r in results.items():
        cells = "".join(
            f"{r[f'{lv}_precision']:>8.3f}{r[f'{lv}_recall']:>7.3f}{r[f'{lv}_f1']:>7.3f}"
            for lv in ("dyad", "dyad_quad", "dyad_action", "strict")
        )
        rows.append(
            f"{name:12}{r['records']:>6}{r['gold_required']:>10}{r['predicted']:>10}{cells}"
        )
    return "\n".join(rows)


def _table(results: dict[str, dict[str, Any]]) -> str:
    cols = (
        ("records", "records"),
        ("coverage", "coverage"),
        ("dyad_precision", "dyad P"),
        ("dyad_recall", "dyad R"),
        ("dyad_f1", "dyad F1"),
        ("quad_accuracy", "quad acc"),
        ("sentence_quad_accuracy", "sent quad acc"),
        ("root_accuracy", "root acc"),
        ("negation_accuracy", "neg acc"),
        ("modality_accuracy", "mod acc"),
        ("no_event_ok", "no-event ok"),
    )
    head = f"{'suite':24}" + "".join(f"{label:>14}" for _, label in cols)
    lines = [head, "-" * len(head)]
    for name, r in results.items():
        cells = "".join(f"{'-' if r.get(c) is None else r.get(c):>14}" for c, _ in cols)
        lines.append(f"{name:24}" + cells)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--suite", choices=SUITES, action="append")
    ap.add_argument(
        "--split", choices=("train", "test"), help="ConfliBERT/PLOVER split (default: test)"
    )
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", action="store_true", help="print machine-readable figures")
    ap.add_argument("--show", action="store_true", help="print each record's events (debug)")
    ap.add_argument(
        "--coder", type=Path, help="trained components to score instead of the package's"
    )
    ap.add_argument(
        "--batches", default="*", help="corpus_dev / heldout: only batch folders matching this glob"
    )
    args = ap.parse_args(argv)
    suites = args.suite or list(SUITES)
    gaz = default_gazetteer()
    nlp = coder_nlp(args.coder, gaz)
    if args.show:
        for suite in suites:
            recs = load_suite(suite, args.split)[: args.limit]
            for rec, evs in zip(recs, code_records(nlp, recs, gaz), strict=True):
                got = [(e.source, e.target, e.cameo, e.trigger, e.negated, e.modality) for e in evs]
                if rec.expected:
                    want = [tuple(g.values()) for g in rec.expected]
                    print(rec.id, want, "|", rec.text)
                else:
                    print(rec.id, rec.quad, rec.label, rec.dyads, rec.codes, "|", rec.text)
                print("    ->", got)
        return 0
    results = evaluate(
        suites, split=args.split, limit=args.limit, nlp=nlp, gazetteer=gaz, batches=args.batches
    )
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    docs = {k: v for k, v in results.items() if k in DOCUMENT_SUITES}
    rest = {k: v for k, v in results.items() if k not in docs}
    if docs:
        print(_doc_table(docs))
        print()
    if rest:
        print(_table(rest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
