"""Parse-only spaCy versus full event coding, in one process, on the same text.

    python bench/throughput.py                 # ~200k words, prints words/s and the ratio
    python bench/throughput.py --words 50000   # quicker
    python bench/throughput.py --memory        # stream a generated ~100 MB input, peak RSS
    python bench/throughput.py --filter-ab     # the event filter in numpy vs thinc, paired
    python bench/throughput.py --networks-ab   # the trigger and role models likewise

The text is the sentences of the eval suites in ../shared/eval, shuffled deterministically and
grouped into paragraphs of five sentences and documents of four paragraphs. Parse-only runs
the same model with the same components (``load_model``); full coding is ``code_documents``
(the mention rules, the three trained components, assembly, dates and Event records).
Target: ratio >= 0.5 (issue 10).

``--filter-ab`` codes the documents once, scoring every sentence's candidates both through the
event filter's stacked numpy weights (``network.Stacked``, as shipped) and through thinc's
``model.predict``, and prints the seconds of each and the coding time with either.
``--networks-ab`` does the same for the trigger and role models' batches (``network.predict``).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / ".." / "shared" / "eval"
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from geostance.config import Settings  # noqa: E402
from geostance.models import Document  # noqa: E402
from geostance.nlp.actors import default_gazetteer  # noqa: E402
from geostance.nlp.coder import code_documents, doc_id_for, split_paragraphs  # noqa: E402
from geostance.nlp.pipeline import load_model, make_nlp  # noqa: E402

FILES = (
    "petrarch_validation.jsonl",
    "plover_gsr_cameo.jsonl",
    "conflibert_cameo_gold.jsonl",
    "cameo_manual_examples.jsonl",
)


def eval_sentences() -> list[str]:
    """Every English sentence text in the eval suites (deduplicated, in a fixed order)."""
    seen: dict[str, None] = {}
    for name in FILES:
        with open(EVAL / name, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = (rec.get("text") or "").strip()
                if len(text.split()) >= 5:
                    seen.setdefault(text, None)
    return list(seen)


def make_documents(words: int, seed: int = 7) -> list[Document]:
    """Documents of about ``words`` words in total, built from the eval sentences."""
    sents = eval_sentences()
    rng = random.Random(seed)
    docs: list[Document] = []
    total = 0
    while total < words:
        paras = []
        for _ in range(4):
            chosen = [rng.choice(sents) for _ in range(5)]
            total += sum(len(s.split()) for s in chosen)
            paras.append(" ".join(chosen))
        text = "\n\n".join(paras)
        docs.append(Document(id=doc_id_for(text), text=text, origin=f"bench-{len(docs)}"))
    return docs


def chunk_texts(docs: list[Document]) -> Iterator[str]:
    for d in docs:
        for _, _, chunk in split_paragraphs(d.text):
            yield chunk


def run_speed(words: int, batch_size: int) -> dict[str, float]:
    settings = Settings()
    gaz = default_gazetteer()
    docs = make_documents(words)
    n_words = sum(len(d.text.split()) for d in docs)
    parser = load_model(settings)
    coder = make_nlp(settings, gaz)
    # warm up both pipelines on a little text so model loading is not timed
    for _ in parser.pipe(list(chunk_texts(docs[:5]))):
        pass
    for _ in code_documents(coder, docs[:5], gazetteer=gaz):
        pass
    t0 = time.perf_counter()
    for _ in parser.pipe(chunk_texts(docs), batch_size=batch_size):
        pass
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = 0
    for _, _, evs in code_documents(coder, docs, gazetteer=gaz, batch_size=batch_size):
        events += len(evs)
    code_s = time.perf_counter() - t0
    return {
        "words": n_words,
        "parse_words_per_s": round(n_words / parse_s),
        "code_words_per_s": round(n_words / code_s),
        "ratio": round(parse_s / code_s, 3),
        "events": events,
    }


def run_filter_ab(words: int, batch_size: int) -> dict[str, float]:
    """The event filter's scoring through its stacked numpy weights (``network.Stacked``, as
    shipped) against thinc's ``model.predict``: both run on the same candidates at every call,
    one after the other, so that the machine's changing speed falls on both alike."""
    from geostance.nlp import filter as filter_module

    gaz = default_gazetteer()
    docs = make_documents(words)
    coder = make_nlp(Settings(), gaz)
    pipe = cast(filter_module.EventFilter, coder.get_pipe("geostance_filter"))
    stacked = filter_module.Stacked.of(pipe.model)
    if stacked is None:
        raise SystemExit("the shipped event filter is not a network of geostance.nlp.network")
    spent = {"thinc": 0.0, "numpy": 0.0}
    calls = 0

    def timed(items: Sequence[filter_module.Signals]) -> list[float]:
        nonlocal calls
        X = filter_module._inputs(items)
        t0 = time.perf_counter()
        pipe.model.ops.to_numpy(pipe.model.predict(X))
        t1 = time.perf_counter()
        out = stacked.predict(X)
        spent["thinc"] += t1 - t0
        spent["numpy"] += time.perf_counter() - t1
        calls += 1
        return [float(x) for x in out.reshape(-1)]

    pipe.score = timed  # type: ignore[method-assign]
    coding = _coded_both_ways(coder, docs, gaz, batch_size, spent)
    return {
        "words": sum(len(d.text.split()) for d in docs),
        "filter_calls": calls,
        "filter_thinc_s": round(spent["thinc"], 2),
        "filter_numpy_s": round(spent["numpy"], 2),
        **coding,
    }


def _coded_both_ways(
    coder: Any, docs: list[Document], gaz: Any, batch_size: int, spent: dict[str, float]
) -> dict[str, float]:
    """Code ``docs`` once, with a part timed both ways into ``spent`` (``thinc`` and
    ``numpy``): the whole coding time with each way, the rest of the time shared."""
    t0 = time.perf_counter()
    for _ in code_documents(coder, docs, gazetteer=gaz, batch_size=batch_size):
        pass
    rest = time.perf_counter() - t0 - spent["thinc"] - spent["numpy"]
    return {
        "coding_thinc_s": round(rest + spent["thinc"], 2),
        "coding_numpy_s": round(rest + spent["numpy"], 2),
        "coding_speedup": round((rest + spent["thinc"]) / (rest + spent["numpy"]), 3),
    }


def run_networks_ab(words: int, batch_size: int) -> dict[str, float]:
    """The trigger and role models' batches through ``network.predict`` (numpy on the stacked
    weights, as shipped) against thinc's ``model.predict``, paired as in :func:`run_filter_ab`;
    checks that both give the same figures."""
    import numpy as np

    from geostance.nlp import network

    gaz = default_gazetteer()
    docs = make_documents(words)
    coder = make_nlp(Settings(), gaz)
    shipped = network.predict
    spent = {"thinc": 0.0, "numpy": 0.0, "rows": 0.0, "calls": 0.0, "diff": 0.0}

    def timed(model: Any, X: Any) -> Any:
        t0 = time.perf_counter()
        theirs = model.ops.to_numpy(model.predict(X))
        t1 = time.perf_counter()
        ours = shipped(model, X)
        spent["thinc"] += t1 - t0
        spent["numpy"] += time.perf_counter() - t1
        spent["rows"] += len(X[0])
        spent["calls"] += 1
        spent["diff"] = max(spent["diff"], float(np.abs(ours - theirs).max(initial=0.0)))
        return ours

    network.predict = timed
    try:
        coding = _coded_both_ways(coder, docs, gaz, batch_size, spent)
    finally:
        network.predict = shipped
    return {
        "words": sum(len(d.text.split()) for d in docs),
        "batches": int(spent["calls"]),
        "rows": int(spent["rows"]),
        "largest_difference": spent["diff"],
        "networks_thinc_s": round(spent["thinc"], 2),
        "networks_numpy_s": round(spent["numpy"], 2),
        **coding,
    }


def generated_documents(target_bytes: int) -> Iterator[Document]:
    """Documents generated on the fly until ``target_bytes`` of text have been produced."""
    sents = eval_sentences()
    rng = random.Random(11)
    produced = 0
    k = 0
    while produced < target_bytes:
        text = "\n\n".join(" ".join(rng.choice(sents) for _ in range(6)) for _ in range(8))
        produced += len(text.encode("utf-8"))
        k += 1
        yield Document(id=f"mem-{k}", text=text, origin=f"mem-{k}")


def run_memory(megabytes: int, batch_size: int) -> dict[str, float]:
    gaz = default_gazetteer()
    coder = make_nlp(Settings(), gaz)
    t0 = time.perf_counter()
    docs = events = 0
    for _, _, evs in code_documents(
        coder, generated_documents(megabytes * 1_000_000), gazetteer=gaz, batch_size=batch_size
    ):
        docs += 1
        events += len(evs)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "input_mb": megabytes,
        "documents": docs,
        "events": events,
        "seconds": round(time.perf_counter() - t0, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--memory", action="store_true", help="stream a generated input instead")
    ap.add_argument("--megabytes", type=int, default=100)
    ap.add_argument("--filter-ab", action="store_true", help="the filter, numpy vs thinc")
    ap.add_argument("--networks-ab", action="store_true", help="triggers and roles, likewise")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.filter_ab:
        result = run_filter_ab(args.words, args.batch_size)
    elif args.networks_ab:
        result = run_networks_ab(args.words, args.batch_size)
    elif args.memory:
        result = run_memory(args.megabytes, args.batch_size)
    else:
        result = run_speed(args.words, args.batch_size)
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>20}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
