"""Stage 2 of the coder's training: the event filter (``geostance_filter``).

The filter learns which candidate events an annotator would code. Its training candidates must
come from trigger and role models that did not see the documents (else every candidate looks
right), so the training documents are split in two folds: models trained on one fold propose
candidates on the other. A candidate is positive when it matches a required annotated event
or an announced (intended) one (the news_dev scorer's rules, dyad + QuadClass), left out when it
matches only another optional one, and negative otherwise.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from typing import Any

from coder_data import Parsed
from thinc.api import Adam

from geostance.models import Document
from geostance.nlp.assemble import Coded, Thresholds, chunk_events
from geostance.nlp.discourse import Discourse
from geostance.nlp.filter import EventFilter, Signals
from geostance.nlp.mentions import ActorTable

__all__ = ["candidates", "fit_filter"]

# Permissive rules for proposing candidates: the filter, not the thresholds, decides.
PROPOSE = Thresholds(
    source=0.4, target=0.4, source_fallback=0.2, target_fallback=0.1, null_cutoff=0.2
)


def _record(c: Coded, doc_name: str, text: str) -> dict[str, Any]:
    return {
        "doc": doc_name,
        "sentence": text[c.sent_start : c.sent_end],
        "source": c.source,
        "target": c.target,
        "cameo": c.cameo,
        "quad_class": c.quad,
        "negated": c.negated,
    }


def candidates(
    parsed: list[Parsed],
    documents: dict[str, Document],
    gold: dict[str, list[dict]],
    run_models: Callable[[list[Any]], None],
    table: ActorTable,
    scorer: Any,
    null_rates: tuple[tuple[str, float], ...],
) -> tuple[list[Signals], list[float]]:
    """Candidate events of ``parsed`` documents with their labels (1, 0), after
    ``run_models`` has set the trigger and role annotations on each chunk."""
    items: list[Signals] = []
    labels: list[float] = []
    th = Thresholds(
        source=PROPOSE.source,
        target=PROPOSE.target,
        source_fallback=PROPOSE.source_fallback,
        target_fallback=PROPOSE.target_fallback,
        null_cutoff=PROPOSE.null_cutoff,
        null_rates=null_rates,
    )
    for p in parsed:
        document = documents[p.name]
        rows = gold.get(p.name, [])
        # an act announced for the future is coded (guide §9), though our annotators marked it
        # optional: the filter learns to keep it; demanded and hypothetical acts stay neutral
        required = [g for g in rows if not g["optional"] or g["modality"] == "intended"]
        optional = [g for g in rows if g["optional"] and g["modality"] != "intended"]
        run_models(p.docs)
        memory = Discourse(table)
        for d in p.docs:
            for c in chunk_events(d, memory, document.date, th, None):
                if c.signals is None or c.modality not in ("asserted", "intended"):
                    continue
                rec = _record(c, p.name, d.text)
                if any(scorer.matches(g, rec, 1) for g in required):
                    label = 1.0
                elif any(scorer.matches(g, rec, 1) for g in optional):
                    continue
                else:
                    label = 0.0
                items.append(c.signals)
                labels.append(label)
    return items, labels


def fit_filter(
    pipe: EventFilter,
    items: list[Signals],
    labels: list[float],
    *,
    epochs: int = 8,
    batch: int = 64,
    seed: int = 7,
    learn_rate: float = 0.001,
) -> None:
    """Train the filter network on labelled candidates."""
    rng = random.Random(seed)
    order = list(range(len(items)))
    opt = Adam(learn_rate)
    pos = sum(labels)
    print(f"filter: {len(items)} candidates, {int(pos)} positive", file=sys.stderr)
    for epoch in range(epochs):
        rng.shuffle(order)
        total = 0.0
        for i in range(0, len(order), batch):
            part = order[i : i + batch]
            total += pipe.fit([items[j] for j in part], [labels[j] for j in part], opt)
        print(f"filter epoch {epoch} loss {total:.2f}", file=sys.stderr)
