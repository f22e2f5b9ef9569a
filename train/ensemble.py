#!/usr/bin/env python3
"""Join separately trained coder models into one ensemble and tune its decision rules.

    python train/ensemble.py --train                  # make train: the whole recipe
    python train/ensemble.py /tmp/coder-seed7 /tmp/coder-seed11 --out DIR   # join given models

``--train`` trains one model per seed of ``ensemble_seeds`` in ``train/config.cfg`` with
``train/train_coder.py`` into ``build/coder-members/seed<N>`` (a member already there is
kept; ``--retrain`` trains it again), then joins them into the package's ``data/coder``, and
trains the act tagger into ``build/act-tagger`` (``train/train_act_tagger.py``; kept
likewise). The tagger in ``build/act-tagger``, when there is one, is added to the joined model
before its rules are tuned, and so is the call class (``train/train_call_class.py`` into
``build/call-class``).
Each member is a model written by ``train/train_coder.py`` (one seed each, same recipe).
The ensemble holds, for every trained component, one network per member
(``geostance.EventEnsemble.v1``) and averages their outputs: the trigger probabilities, the
role probabilities and the event filter's confidence. Stage 3 of the recipe (the decision
rules with the best development F1 at ``min_precision``) is then run again on the joined
model, since an average is calibrated differently from any of its members.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import spacy
import train_act_tagger
import train_call_class
import train_coder
from coder_data import read_config
from thinc.api import Config

from geostance.nlp.pipeline import TRAINED, coder_model_path

ENSEMBLE = "geostance.EventEnsemble.v1"
SINGLE = "geostance.EventNet.v1"
MEMBERS = train_coder.REPO / "build" / "coder-members"


def ensemble_config(member: Path, n: int, floor: float = 0.0) -> Config:
    """The first member's pipeline config with every trained network made an ensemble of
    ``n`` members of the same shape, and the trigger component's sentence floor ``floor``
    (``[rules]`` in ``train/config.cfg``)."""
    cfg = Config().from_disk(member / "config.cfg", interpolate=False)
    cfg["components"]["geostance_triggers"]["sentence_floor"] = floor
    for name in TRAINED:
        model = cfg["components"][name]["model"]
        if model["@architectures"] == ENSEMBLE:
            raise SystemExit(f"{member} is already an ensemble; give single models")
        if model["@architectures"] != SINGLE:
            raise SystemExit(f"{member}: {name} is not a {SINGLE} network")
        model["@architectures"] = ENSEMBLE
        model["members"] = n
    return cfg


def _shapes(model: Any) -> list[tuple[str, tuple[int, ...]]]:
    """Every weight's name and shape, in the network's order."""
    return [
        (f"{node.name}.{p}", tuple(node.get_param(p).shape))
        for node in model.walk()
        for p in node.param_names
        if node.has_param(p)
    ]


def join(members: list[Path], floor: float = 0.0) -> Any:
    """A pipeline whose trained components average the members' networks (``floor``: the
    trigger component's sentence floor)."""
    loaded = [spacy.load(m) for m in members]
    nlp = spacy.blank("en", config=ensemble_config(members[0], len(members), floor))
    nlp.initialize()
    for name in TRAINED:
        target = nlp.get_pipe(name)
        for k, member in enumerate(loaded):
            source = member.get_pipe(name)
            if _shapes(source.model) != _shapes(target.model.layers[k]):
                raise SystemExit(f"{members[k]}: {name} has another shape than the first member")
            target.model.layers[k].from_bytes(source.model.to_bytes())
        target.cfg.update(loaded[0].get_pipe(name).cfg)
    nlp.get_pipe("geostance_triggers").cfg["sentence_floor"] = floor
    return nlp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("members", type=Path, nargs="*", help="models from train_coder.py")
    ap.add_argument("--out", type=Path, default=None, help="default: the package's data/coder")
    ap.add_argument("--config", type=Path, default=train_coder.CONFIG)
    ap.add_argument("--train", action="store_true", help="train the members of the recipe first")
    ap.add_argument("--retrain", action="store_true", help="with --train: retrain kept members")
    ap.add_argument("--no-tune", action="store_true", help="keep the first member's rules")
    args = ap.parse_args(argv)
    cfg = read_config(args.config)
    members = list(args.members)
    if args.train:
        for seed in cfg["training"]["ensemble_seeds"]:
            where = MEMBERS / f"seed{int(seed)}"
            if args.retrain or not (where / "meta.json").exists():
                train_coder.log(f"member seed {seed}: training into {where}")
                run = ["--seed", str(seed), "--out", str(where), "--config", str(args.config)]
                # the joined model is tuned below; a member's own rules would go unused
                run.append("--no-tune")
                if train_coder.main(run) != 0:
                    return 1
            members.append(where)
    if not members:
        ap.error("give the members' model directories, or --train")
    args.out = args.out or coder_model_path()
    nlp = join(members, float(cfg["rules"]["sentence_floor"]))
    nlp.to_disk(args.out)
    train_coder.log(f"joined {len(members)} members into {args.out}")
    # the components trained apart, each kept in its build directory once trained
    for script, saved in ((train_act_tagger, "meta.json"), (train_call_class, "weights.json")):
        if args.train and (args.retrain or not (script.OUT / saved).exists()):
            if script.main(["--config", str(args.config)]) != 0:
                return 1
        if (script.OUT / saved).exists():
            script.main(["--config", str(args.config), "--attach", str(args.out), "--attach-only"])
    if args.no_tune:
        return 0
    return train_coder.main(["--tune-only", "--out", str(args.out), "--config", str(args.config)])


if __name__ == "__main__":
    sys.exit(main())
