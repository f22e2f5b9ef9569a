#!/usr/bin/env python3
"""Train the act tagger (``geostance_act_tagger``, src/geostance/nlp/act_tagger.py).

    python train/train_act_tagger.py                      # into build/act-tagger
    python train/train_act_tagger.py --attach src/geostance/data/coder   # and add it there

The recipe (settings in ``[act_tagger]`` of ``train/config.cfg``): the training split of
train/corpus, split and annotated as ``train_coder.py`` does (``coder_data.parse_corpus``;
``news_dev`` is never read), becomes one tag per token, the act label of the words annotated
as an act's trigger and ``NONE`` for every other; with ``peer_suites`` of ``[training]``, the
peer suites' training sentences add the act word each marks (their other words untagged:
unknown, not "no act"; ``coder_data.peer_examples``). spaCy's tagger with its own network, from
scratch, learns them with spaCy's ``nlp.update``; the epoch kept is the one with the best
trigger F1 on the development split's candidate words, at probability 0.5, alone.

``--attach DIR`` adds the tagger to the coder model in DIR (before its trigger component) and
sets the trigger component's ``act_tagger`` weight and threshold from the config. The decision
rules of DIR were tuned without it: run ``train_coder.py --tune-only --out DIR`` after (``make
train`` trains it before joining the members, and tunes the joined model with it).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from coder_data import (
    REPO,
    component_parser,
    corpus_files,
    dev_split,
    load_gold,
    log,
    parse_corpus,
    peer_examples,
    read_config,
    trigger_counts,
    word_labels,
)
from spacy.tokens import Doc
from spacy.training import Example
from thinc.api import Adam, fix_random_seed

from geostance.config import Settings
from geostance.nlp import triggers as trig_mod
from geostance.nlp.acts import LABELS, NONE
from geostance.nlp.features import candidate_tokens
from geostance.nlp.pipeline import ACT_TAGGER, make_nlp

OUT = REPO / "build" / "act-tagger"


def words_of(doc: Doc, vocab: Any, tags: list[str] | None = None) -> Doc:
    """A Doc of ``doc``'s words alone (what the tagger reads), with ``tags`` if given."""
    spaces = [bool(t.whitespace_) for t in doc]
    return Doc(vocab, words=[t.text for t in doc], spaces=spaces, tags=tags)


def tagged(doc: Doc, vocab: Any) -> Example:
    """A training example: the chunk's words, tagged with its annotated act labels. A
    peer-suite sentence marks one act word only (``ROLES_ONLY``): its other words are left
    untagged, which spaCy's tagger reads as unknown, not as no act."""
    gold = doc.user_data.get(trig_mod.GOLD_KEY, {})
    other = "" if doc.user_data.get(trig_mod.ROLES_ONLY) else NONE
    return Example(words_of(doc, vocab), words_of(doc, vocab, [gold.get(t.i, other) for t in doc]))


def trigger_f1(nlp: Any, dev: list[Doc]) -> float:
    """F1 of the tagger alone on the development chunks' candidate words (label and word)."""
    pipe = nlp.get_pipe(ACT_TAGGER)
    tp = fp = fn = 0
    copies = [words_of(d, nlp.vocab) for d in dev]
    for doc, probs in zip(dev, pipe.predict(copies), strict=True):
        gold = doc.user_data.get(trig_mod.GOLD_KEY, {})
        pred = {}
        for i in candidate_tokens(doc):
            if 1.0 - probs[i][0] >= 0.5:
                pred[i] = LABELS[int(np.argmax(probs[i][1:])) + 1]
        counts = trigger_counts(pred, gold)
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
    return 2 * tp / max(2 * tp + fp + fn, 1)


def train(settings: dict[str, Any], parsed: list[Any], extra: list[Doc]) -> Any:
    """The tagger at its best development epoch (``extra``: peer-suite sentences)."""
    seed = int(settings["seed"])
    fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe(ACT_TAGGER)
    train_eg = [tagged(d, nlp.vocab) for p in parsed if not p.dev for d in p.docs]
    train_eg += [tagged(d, nlp.vocab) for d in extra]
    dev = [d for p in parsed if p.dev for d in p.docs]
    nlp.initialize(lambda: train_eg)
    opt = Adam(float(settings["learn_rate"]), L2=float(settings["l2"]), grad_clip=1.0)
    rng = random.Random(seed)
    best, best_bytes = -1.0, b""
    for epoch in range(int(settings["epochs"])):
        rng.shuffle(train_eg)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train_eg, int(settings["batch_size"])):
            nlp.update(batch, sgd=opt, losses=losses, drop=float(settings["dropout"]))
        f1 = trigger_f1(nlp, dev)
        mark = ""
        if f1 > best:
            best, best_bytes, mark = f1, nlp.get_pipe(ACT_TAGGER).to_bytes(), " *"
        log(f"epoch {epoch} loss {losses[ACT_TAGGER]:.1f} trigger F1 {f1:.4f}{mark}")
    nlp.get_pipe(ACT_TAGGER).from_bytes(best_bytes)
    return nlp


def attach(coder: Path, tagger: Path, settings: dict[str, Any]) -> None:
    """Add the tagger at ``tagger`` to the coder model at ``coder``, read by its trigger
    component with the config's weight and threshold."""
    nlp = spacy.load(coder)
    if ACT_TAGGER in nlp.pipe_names:
        nlp.remove_pipe(ACT_TAGGER)
    nlp.add_pipe(ACT_TAGGER, source=spacy.load(tagger), first=True)
    nlp.get_pipe("geostance_triggers").cfg["act_tagger"] = {
        "weight": float(settings["weight"]),
        "threshold": float(settings["threshold"]),
    }
    nlp.to_disk(coder)
    log(f"act tagger from {tagger} added to {coder}")


def main(argv: list[str] | None = None) -> int:
    args = component_parser(__doc__, OUT).parse_args(argv)
    cfg = read_config(args.config)
    settings = dict(cfg["act_tagger"])
    if not args.attach_only:
        files = corpus_files(args.corpus)
        gold = load_gold(g for _, g in files)
        nlp_parse = make_nlp(Settings(), trained=False)
        table = nlp_parse.get_pipe("geostance_mentions").table
        parsed = parse_corpus(nlp_parse, table, files, gold, dev_split(cfg["training"]))
        extra = (
            [eg.reference for eg in peer_examples(nlp_parse, table, word_labels(parsed))]
            if cfg["training"]["peer_suites"]
            else []
        )
        nlp = train(settings, parsed, extra)
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out)
        log(f"saved to {args.out}")
    if args.attach is not None:
        attach(args.attach, args.out, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
