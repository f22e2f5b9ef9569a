#!/usr/bin/env python3
"""Train one model of the coder's components (one seed; ``make train`` runs it per seed).

    python train/train_coder.py --out /tmp/coder     # train on train/corpus, save the best
    python train/train_coder.py --epochs 8 --out /tmp/coder   # elsewhere, shorter
    python train/train_coder.py --tune-only          # re-pick the decision rules of a model

The recipe, all of it (``train/config.cfg`` holds the sizes, epochs and the seed):

1. Read every batch ``train/corpus/*/`` (documents written by the team in its own words, events
   annotated under ``train/ANNOTATING.md``). Documents whose number is a multiple of
   ``dev_every``, and every document of the batches ``dev_batches``, are the development
   split; all others train. ``news_dev`` is never read.
   Role examples also come from the peer suites' train splits (``coder_data.peer_examples``).
2. Stage 1: train the trigger and role models (``geostance_triggers``, ``geostance_roles``)
   with thinc's Adam; keep each model's best epoch on the development split.
3. Stage 2: train the event filter (``geostance_filter``) on candidates that stage-1 models
   trained on one half of the training documents propose on the other half (``filter_stage``).
4. Stage 3: with the final models, code the development documents and pick the decision rules
   (role thresholds, the filter's threshold) with the best F1 there; store them in the model.
5. Save with ``nlp.to_disk`` and print the development figures.

The shipped coder is not one such model but the average of one per seed of ``ensemble_seeds``
(``train/ensemble.py --train``, what ``make train`` runs): its members are trained with
``--no-tune`` and stage 3 is run once, on the joined model.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import itertools
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import spacy
from coder_data import (
    CONFIG,
    CORPUS,
    REPO,
    Parsed,
    corpus_files,
    dev_split,
    examples_of,
    load_gold,
    log,
    parse_corpus,
    peer_examples,
    read_config,
    trigger_counts,
    word_labels,
)
from filter_stage import candidates, fit_filter
from spacy.training import Example
from thinc.api import Adam, Config, fix_random_seed

from geostance.config import Settings
from geostance.models import Document
from geostance.nlp import triggers as trig_mod
from geostance.nlp.acts import label_of
from geostance.nlp.assemble import Thresholds
from geostance.nlp.coder import _add_chunk, _Pending, split_paragraphs
from geostance.nlp.discourse import Discourse
from geostance.nlp.mentions import ActorTable
from geostance.nlp.pipeline import ACT_TAGGER, CALL_CLASS, TRAINED, coder_model_path, make_nlp
from geostance.nlp.roles import GOLD_KEY as ROLES_KEY

SCORER = REPO / ".." / "shared" / "eval" / "news_dev" / "score_events.py"
MODELS = ("geostance_triggers", "geostance_roles")  # stage 1
GRID = {
    "target": (0.4, 0.5),
    "target_fallback": (0.1, 0.2),
    "null_cutoff": (0.1,),
    "event": (0.2, 0.25, 0.3, 0.35, 0.36, 0.38, 0.4, 0.5, 0.6, 0.7),
    "event_negated": (0.2, 0.3, 0.4, 0.5, 0.6),
}


# ---------------------------------------------------------------- stage 1
def evaluate(nlp: Any, examples: list[Example]) -> dict[str, float]:
    """Trigger F1 (token and label) and role F1 (on gold triggers) on examples."""
    trig = nlp.get_pipe("geostance_triggers")
    roles = nlp.get_pipe("geostance_roles")
    tp = fp = fn = 0
    rtp = rfp = rfn = 0
    for eg in examples:
        d = eg.predicted
        trig.set_annotations([d], trig.predict([d]))
        pred = {int(r[0]): r[1] for r in d._.geostance_triggers}
        gold = d.user_data.get(trig_mod.GOLD_KEY, {})
        counts = trigger_counts(pred, gold)
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
        gold_roles = d.user_data.get(ROLES_KEY, {})
        d._.geostance_triggers = [[ti, v[0], 1.0] for ti, v in gold_roles.items()]
        roles.set_annotations([d], roles.predict([d]))
        for ti, k, ps, pt in d._.geostance_roles:
            _, srcs, tgts = gold_roles[ti]
            for p, truth in ((ps, k in srcs), (pt, k in tgts)):
                rtp += p >= 0.5 and truth
                rfp += p >= 0.5 and not truth
                rfn += p < 0.5 and truth
        d._.geostance_triggers = None
        d._.geostance_roles = None
    return {
        "trigger_f1": 2 * tp / max(2 * tp + fp + fn, 1),
        "trigger_p": tp / max(tp + fp, 1),
        "trigger_r": tp / max(tp + fn, 1),
        "role_f1": 2 * rtp / max(2 * rtp + rfp + rfn, 1),
    }


def build_nlp(cfg: Config) -> Any:
    """A blank pipeline of the trained components, their weights drawn from the recipe's seed
    (unseeded, two runs of one seed started from other weights and never met)."""
    fix_random_seed(int(cfg["training"]["seed"]))
    nlp = spacy.blank("en")
    for name in TRAINED:
        nlp.add_pipe(name, config=dict(cfg["components"][name]))
    nlp.initialize()
    return nlp


def train_models(
    nlp: Any, train_eg: list[Example], dev_eg: list[Example], cfg: Config
) -> dict[str, float]:
    """Stage 1 on ``nlp``: each model ends at its best development epoch."""
    t = cfg["training"]
    fix_random_seed(int(t["seed"]))
    rng = random.Random(int(t["seed"]))
    train_eg = list(train_eg)
    opt = Adam(float(t["learn_rate"]), L2=float(t["l2"]))
    keys = {"geostance_triggers": "trigger_f1", "geostance_roles": "role_f1"}
    best = {name: -1.0 for name in MODELS}
    best_bytes: dict[str, bytes] = {}
    best_scores: dict[str, float] = {}
    batch = int(t["batch_size"])
    averaged = bool(t.get("averages", False))
    for epoch in range(int(t["epochs"])):
        rng.shuffle(train_eg)
        losses: dict[str, float] = {}
        for i in range(0, len(train_eg), batch):
            for name in MODELS:
                nlp.get_pipe(name).update(train_eg[i : i + batch], sgd=opt, losses=losses)
        # with ``averages``, the optimiser's running average of the weights (what spaCy's own
        # training evaluates and saves) is scored and kept instead of the last batch's
        with nlp.use_params(opt.averages) if averaged else contextlib.nullcontext():
            scores = evaluate(nlp, dev_eg)
            marks = []
            for name in MODELS:
                if scores[keys[name]] > best[name]:
                    best[name] = scores[keys[name]]
                    best_bytes[name] = nlp.get_pipe(name).to_bytes()
                    prefix = keys[name].split("_")[0]
                    best_scores.update({k: v for k, v in scores.items() if k.startswith(prefix)})
                    marks.append(name.split("_")[1])
        log(
            f"epoch {epoch:2d} loss {json.dumps({k: round(v, 2) for k, v in losses.items()})} "
            + " ".join(f"{k} {v:.3f}" for k, v in scores.items())
            + (" * " + ",".join(marks) if marks else "")
        )
    for name in MODELS:
        nlp.get_pipe(name).from_bytes(best_bytes[name])
    return best_scores


def run_models(nlp: Any) -> Any:
    """A function setting the stage-1 annotations of ``nlp`` on parsed chunks (after the
    act tagger's, when ``nlp`` has it: the trigger component reads them; and the call class's
    after, when it has that)."""
    names = ([ACT_TAGGER] if ACT_TAGGER in nlp.pipe_names else []) + list(MODELS)
    calls = nlp.get_pipe(CALL_CLASS) if CALL_CLASS in nlp.pipe_names else None

    def run(docs: list[Any]) -> None:
        for name in names:
            pipe = nlp.get_pipe(name)
            pipe.set_annotations(docs, pipe.predict(docs))
        if calls is not None:
            for doc in docs:
                calls(doc)

    return run


# ---------------------------------------------------------------- stages 2 and 3
def load_scorer() -> Any:
    """The news_dev scorer's functions (its matching rules), when ../shared is present."""
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def null_rates(gold: dict[str, list[dict]], parsed: list[Parsed]) -> dict[str, float]:
    """How often each act label has no target among the training split's required events."""
    n: dict[str, int] = defaultdict(int)
    null: dict[str, int] = defaultdict(int)
    for p in parsed:
        if p.dev:
            continue
        for r in gold.get(p.name, []):
            if r["optional"]:
                continue
            label = label_of(r["action"], r["verbal_or_material"] == "material")
            n[label] += 1
            null[label] += r["target"] is None
    return {k: round(null[k] / n[k], 4) for k in sorted(n)}


def train_filter(
    cfg: Config,
    parsed: list[Parsed],
    extra: list[Example],
    documents: dict[str, Document],
    gold: dict[str, list[dict]],
    table: ActorTable,
    scorer: Any,
    rates: dict[str, float],
    final: Any,
) -> None:
    """Stage 2: two folds of the training documents; the filter trains on each fold's
    candidates from models trained on the other fold."""
    train_docs = [p for p in parsed if not p.dev]
    dev_eg = examples_of(parsed, dev=True)
    items: list[Any] = []
    labels: list[float] = []
    small = Config().from_str(cfg.to_str())
    small["training"]["epochs"] = int(cfg["training"]["fold_epochs"])
    for fold in (0, 1):
        held = [p for k, p in enumerate(train_docs) if k % 2 == fold]
        used = [p for k, p in enumerate(train_docs) if k % 2 != fold]
        log(f"fold {fold}: training on {len(used)} documents, proposing on {len(held)}")
        nlp = build_nlp(small)
        train_models(nlp, examples_of(used, dev=False) + extra, dev_eg, small)
        got = candidates(
            held, documents, gold, run_models(nlp), table, scorer, tuple(sorted(rates.items()))
        )
        items.extend(got[0])
        labels.extend(got[1])
    fit_filter(
        final.get_pipe("geostance_filter"),
        items,
        labels,
        epochs=int(cfg["training"]["filter_epochs"]),
        seed=int(cfg["training"]["seed"]),
    )


def dev_documents(
    parsed: list[Parsed], documents: dict[str, Document]
) -> list[tuple[Document, list[tuple[int, int, str]], list[Any]]]:
    return [
        (documents[p.name], list(split_paragraphs(documents[p.name].text)), p.docs)
        for p in parsed
        if p.dev
    ]


def code_dev(
    dev: list[tuple[Document, list[tuple[int, int, str]], list[Any]]],
    table: ActorTable,
    th: Thresholds,
    event_filter: Any,
) -> list[dict]:
    out: list[dict] = []
    for document, chunks, docs in dev:
        pend = _Pending(document, Discourse(table))
        for (para, start, _), d in zip(chunks, docs, strict=True):
            _add_chunk(pend, d, para, start, th, event_filter)
        out.extend(e.to_record() for e in pend.events if e.modality in ("asserted", "intended"))
    return out


def tune(
    cfg_training: Any,
    final: Any,
    parsed: list[Parsed],
    documents: dict[str, Document],
    gold: dict[str, list[dict]],
    table: ActorTable,
    scorer: Any,
    rates: dict[str, float],
) -> dict[str, Any]:
    """Stage 3: the decision rules with the best development F1 (dyad + QuadClass) among those
    whose development precision reaches ``min_precision`` (the most precise when none does)."""
    dev = dev_documents(parsed, documents)
    for _, _, docs in dev:
        run_models(final)(docs)
    gold_rows = [
        dict(r, optional=r["optional"] or r["modality"] != "asserted")
        for p in parsed
        if p.dev
        for r in gold.get(p.name, [])
    ]
    flt = final.get_pipe("geostance_filter")
    rate_items = tuple(sorted(rates.items()))
    floor = float(cfg_training["min_precision"])
    tried: list[tuple[float, float, float, dict[str, float]]] = []
    for values in itertools.product(*GRID.values()):
        rules = dict(zip(GRID, values, strict=True))
        pred = code_dev(dev, table, Thresholds(**rules, null_rates=rate_items), flt)
        p, r, f1, _ = scorer.score(gold_rows, pred, 1)
        tried.append((p, r, f1, rules))
    for want in sorted({0.6, 0.65, 0.7, 0.75, floor}):
        ok = [t for t in tried if t[0] >= want]
        if ok:  # the rules too: another floor's rules can be set without tuning again
            p, r, f1, best = max(ok, key=lambda t: t[2])
            log(f"  best with dev precision >= {want}: P={p:.3f} R={r:.3f} F1={f1:.3f}")
            log("    rules:", json.dumps(best))
    ok = [t for t in tried if t[0] >= floor]
    rules = (max(ok, key=lambda t: t[2]) if ok else max(tried, key=lambda t: t[0]))[3]
    log("chosen decision rules:", json.dumps(rules))
    pred = code_dev(dev, table, Thresholds(**rules, null_rates=rate_items), flt)
    for level, name in enumerate(["dyad", "dyad+quad", "dyad+action"]):
        p, r, f, _ = scorer.score(gold_rows, pred, level)
        log(f"dev documents, whole coder, {name:12s} P={p:.3f} R={r:.3f} F1={f:.3f}")
    return dict(rules, null_rates=rates)


# ---------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=None, help="default: the package's data/coder")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--no-filter", action="store_true", help="skip stage 2 (quicker)")
    ap.add_argument(
        "--tune-only", action="store_true", help="only stage 3, on the model already at --out"
    )
    ap.add_argument(
        "--no-tune", action="store_true", help="skip stage 3 (an ensemble member: the join tunes)"
    )
    args = ap.parse_args(argv)
    cfg = read_config(args.config)
    if args.epochs is not None:
        cfg["training"]["epochs"] = args.epochs
    if args.seed is not None:
        cfg["training"]["seed"] = args.seed
    out = args.out or coder_model_path()
    scorer = load_scorer()
    if scorer is None:
        raise SystemExit("train_coder needs ../shared/eval/news_dev/score_events.py (its rules)")
    files = corpus_files(args.corpus)
    gold = load_gold(g for _, g in files)
    nlp_parse = make_nlp(Settings(), trained=False)
    table = nlp_parse.get_pipe("geostance_mentions").table
    parsed = parse_corpus(nlp_parse, table, files, gold, dev_split(cfg["training"]))
    documents = {p.name: p.document for p in parsed}
    rates = null_rates(gold, parsed)
    if args.tune_only:
        final = spacy.load(out)
        rules = tune(cfg["training"], final, parsed, documents, gold, table, scorer, rates)
        final.get_pipe("geostance_roles").cfg["thresholds"] = rules
        final.to_disk(out)
        log(f"decision rules saved to {out}")
        return 0
    extra = (
        peer_examples(nlp_parse, table, word_labels(parsed))
        if cfg["training"]["peer_suites"]
        else []
    )
    final = build_nlp(cfg)
    log(f"stage 1: {len(examples_of(parsed, dev=False))} chunks, {len(extra)} peer examples")
    best = train_models(
        final, examples_of(parsed, dev=False) + extra, examples_of(parsed, True), cfg
    )
    log("stage 1 best dev:", json.dumps({k: round(v, 4) for k, v in best.items()}))
    if not args.no_filter:
        train_filter(cfg, parsed, extra, documents, gold, table, scorer, rates, final)
    if not args.no_tune:
        rules = tune(cfg["training"], final, parsed, documents, gold, table, scorer, rates)
        final.get_pipe("geostance_roles").cfg["thresholds"] = rules
    out.parent.mkdir(parents=True, exist_ok=True)  # build/coder-members/ on a fresh checkout
    final.to_disk(out)
    log(f"saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
