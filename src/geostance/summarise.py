"""Extractive summaries of one document, and briefs of a dyad across documents (pure).

``summarize``: LexRank over the document's sentences. Sentences are TF-IDF vectors
(log-scaled term frequency, smoothed IDF over the document's own sentences); the graph's
edges are cosine similarities above a small threshold; the ranking is PageRank with a
teleport vector weighted by the events each sentence holds (``1 + events``), and the
centrality is then multiplied by ``1 + ln(1 + events)``, so that a sentence reporting an act
outranks an equally central sentence of background. The top
``n`` sentences are returned in document order with ids and offsets; ties break by position,
so the result is deterministic.

``brief``: the most informative non-redundant sentences about a dyad across documents,
chosen by Maximal Marginal Relevance (relevance = event strength + centrality, redundancy
= TF-IDF cosine to what is already chosen), each cited. Formulas: ``docs/method.md``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from geostance.models import Document, Event, Sentence

METHOD = "geostance.summary.v1"
DAMPING = 0.85
EDGE_THRESHOLD = 0.05
_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in into is it its
    of on or our over said says she that the their them they this to was we were which while
    who will with would you not no than then there these those also after before about""".split()
)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence picked for a summary or brief, with where it is and why it ranked."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    score: float
    events: int = 0
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    origin: str = ""

    @property
    def link(self) -> str | None:
        return self.url or (self.origin or None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["score"] = round(self.score, 6)
        d["link"] = self.link
        return d


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """An event listed under a summary."""

    source: str
    target: str | None
    cameo: str
    quad_class: int
    goldstein: float
    negated: bool
    date: dt.date | None
    sentence_index: int | None
    trigger: str
    #: The event's id, so a page can link the sentence that states it (``#ev-<id>``).
    event_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary of one document: sentences in document order, key events."""

    doc_id: str
    title: str | None
    origin: str
    url: str | None
    date: dt.date | None
    sentences: tuple[SummarySentence, ...]
    events: tuple[KeyEvent, ...]
    total_sentences: int
    stored: bool = True
    method: str = METHOD

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "origin": self.origin,
            "url": self.url,
            "date": self.date.isoformat() if self.date else None,
            "sentences": [s.to_dict() for s in self.sentences],
            "events": [e.to_dict() for e in self.events],
            "total_sentences": self.total_sentences,
            "stored": self.stored,
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class Brief:
    """A multi-document briefing on a dyad: chosen sentences, each cited, in date order."""

    source: str
    target: str
    since: dt.date | None
    sentences: tuple[SummarySentence, ...]
    documents: int
    candidates: int
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "since": self.since.isoformat() if self.since else None,
            "sentences": [s.to_dict() for s in self.sentences],
            "documents": self.documents,
            "candidates": self.candidates,
            "method": self.method,
        }


# -- vectors and ranking -------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without stop words (letters first; numbers are dropped)."""
    return [w for w in (t.lower() for t in _WORD.findall(text)) if w not in _STOPWORDS]


def tfidf(texts: Sequence[str]) -> np.ndarray:
    """Row-normalised TF-IDF matrix: tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1."""
    docs = [Counter(tokens(t)) for t in texts]
    vocab = sorted({w for d in docs for w in d})
    if not vocab:
        return np.zeros((len(texts), 0))
    col = {w: i for i, w in enumerate(vocab)}
    mat = np.zeros((len(texts), len(vocab)))
    for r, counts in enumerate(docs):
        for w, c in counts.items():
            mat[r, col[w]] = 1.0 + math.log(c)
    df = (mat > 0).sum(axis=0)
    mat *= np.log((1 + len(texts)) / (1 + df)) + 1.0
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    return np.divide(mat, norms, out=np.zeros_like(mat), where=norms > 0)


def lexrank(
    vectors: np.ndarray,
    prior: Sequence[float] | None = None,
    *,
    damping: float = DAMPING,
    threshold: float = EDGE_THRESHOLD,
    iterations: int = 100,
) -> np.ndarray:
    """PageRank over the cosine-similarity graph, teleporting by ``prior`` (sums to 1)."""
    n = vectors.shape[0]
    if n == 0:
        return np.zeros(0)
    sim = vectors @ vectors.T
    np.fill_diagonal(sim, 0.0)
    sim[sim < threshold] = 0.0
    rows = sim.sum(axis=1, keepdims=True)
    p = np.array(prior if prior is not None else [1.0] * n, dtype=float)
    p = p / p.sum() if p.sum() > 0 else np.full(n, 1.0 / n)
    trans = np.divide(sim, rows, out=np.tile(p, (n, 1)), where=rows > 0)
    r = p.copy()
    for _ in range(iterations):
        nxt = (1 - damping) * p + damping * (r @ trans)
        if np.abs(nxt - r).sum() < 1e-10:
            r = nxt
            break
        r = nxt
    return r


def _event_counts(events: Sequence[Event], sentences: Sequence[Sentence]) -> list[int]:
    """Events per sentence, matched by the sentence's start offset."""
    by_start = Counter(e.sentence_start for e in events)
    return [by_start.get(s.start, 0) for s in sentences]


def summarize(
    doc: Document,
    sentences: Sequence[Sentence],
    events: Sequence[Event] = (),
    *,
    n: int = 5,
    stored: bool = True,
) -> Summary:
    """The ``n`` most central sentences of a document, in document order, with key events."""
    if n < 1:
        raise ValueError("a summary needs at least one sentence (n >= 1)")
    sents = [s for s in sentences if s.text.strip()]
    counts = _event_counts(events, sents)
    picked: list[SummarySentence] = []
    if sents:
        central = lexrank(tfidf([s.text for s in sents]), [1.0 + c for c in counts])
        scores = central * (1.0 + np.log1p(np.array(counts, dtype=float)))
        order = sorted(range(len(sents)), key=lambda i: (-round(float(scores[i]), 12), i))
        for i in sorted(order[:n]):
            s = sents[i]
            picked.append(
                SummarySentence(
                    doc.id,
                    s.index,
                    s.start,
                    s.end,
                    s.text,
                    float(scores[i]),
                    counts[i],
                    doc.title,
                    doc.date,
                    doc.url,
                    doc.origin,
                )  # fmt: skip
            )
    return Summary(
        doc.id,
        doc.title,
        doc.origin,
        doc.url,
        doc.date,
        tuple(picked),
        key_events(events, sents),
        len(sents),
        stored,
    )


def key_events(
    events: Sequence[Event], sentences: Sequence[Sentence] = (), k: int = 8
) -> tuple[KeyEvent, ...]:
    """The strongest distinct events (by |Goldstein|, then position), negated ones included."""
    index = {s.start: s.index for s in sentences}
    seen: set[tuple[str, str | None, str, bool]] = set()
    out = []
    for e in sorted(events, key=lambda e: (-abs(e.goldstein), e.sentence_start, e.trigger_start)):
        key = (e.source, e.target, e.cameo, e.negated)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            KeyEvent(
                e.source,
                e.target,
                e.cameo,
                e.quad_class,
                e.goldstein,
                e.negated,
                e.date,
                index.get(e.sentence_start),
                e.trigger,
                e.id,
            )  # fmt: skip
        )
        if len(out) >= k:
            break
    return tuple(sorted(out, key=lambda k_: (k_.sentence_index is None, k_.sentence_index or 0)))


def brief(
    events: Sequence[Event],
    docs: Mapping[str, Document],
    *,
    source: str,
    target: str,
    since: dt.date | None = None,
    n: int = 8,
    diversity: float = 0.7,
    max_candidates: int = 400,
) -> Brief:
    """The most informative non-redundant evidence sentences of a dyad across documents.

    Candidates are the distinct sentences holding the dyad's events. Relevance is
    ``sum(|goldstein| / 10 + weight) of the sentence's events`` scaled to [0, 1] plus half its
    LexRank centrality among candidates; MMR picks ``argmax diversity * rel - (1 - diversity)
    * max cos(chosen)``. The result is in date order (then document, offset).
    """
    cands: dict[tuple[str, int], list[Event]] = {}
    for e in events:
        cands.setdefault((e.doc_id, e.sentence_start), []).append(e)
    keys = sorted(cands)
    if len(keys) > max_candidates:
        keys = sorted(sorted(keys, key=lambda k: (-_strength(cands[k]), k))[:max_candidates])
    if not keys:
        return Brief(source, target, since, (), 0, 0)
    texts = [cands[k][0].sentence for k in keys]
    vecs = tfidf(texts)
    central = lexrank(vecs)
    strength = np.array([_strength(cands[k]) for k in keys])
    rel = strength / strength.max() + 0.5 * central / max(float(central.max()), 1e-12)
    chosen: list[int] = []
    while len(chosen) < min(n, len(keys)):
        best, best_val = -1, -math.inf
        for i in range(len(keys)):
            if i in chosen:
                continue
            red = max((float(vecs[i] @ vecs[j]) for j in chosen), default=0.0)
            val = diversity * float(rel[i]) - (1 - diversity) * red
            if val > best_val + 1e-12:
                best, best_val = i, val
        chosen.append(best)
    picked = []
    for i in chosen:
        doc_id, start = keys[i]
        e = cands[keys[i]][0]
        d = docs.get(doc_id)
        picked.append(
            SummarySentence(
                doc_id,
                -1,
                start,
                e.sentence_end,
                e.sentence,
                float(rel[i]),
                len(cands[keys[i]]),
                d.title if d else None,
                e.date or (d.date if d else None),
                d.url if d else None,
                d.origin if d else e.doc,
            )  # fmt: skip
        )
    picked.sort(key=lambda s: (s.date or dt.date.max, s.doc_id, s.start))
    return Brief(source, target, since, tuple(picked), len({k[0] for k in keys}), len(keys))


def _strength(events: Sequence[Event]) -> float:
    """A sentence's evidence strength: the sum of |Goldstein| / 10 + 1 over its events."""
    return sum(abs(e.goldstein) / 10 + 1.0 for e in events)
