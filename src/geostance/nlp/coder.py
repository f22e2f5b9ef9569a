"""The event coder: documents in, sentences and events out (``geostance.events.v2``).

:func:`code_documents` streams documents through the spaCy pipeline built by
:func:`geostance.nlp.pipeline.make_nlp` — the parser, the mention rules, the trained trigger and
role models — a paragraph at a time, and puts each document's events together with one
:class:`~geostance.nlp.discourse.Discourse` per document, so that pronouns, names and "the
attack" resolve across paragraphs. Events get document offsets and dates (:mod:`.dates`).
The stages and their measured quality are described in ``docs/coding.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from geostance.models import CODER_NAME, Document, Event, Sentence
from geostance.nlp import codes as cameo
from geostance.nlp.actors import Gazetteer
from geostance.nlp.assemble import Coded, Thresholds, chunk_events
from geostance.nlp.dates import EventDate, event_date, find_dates
from geostance.nlp.discourse import Discourse
from geostance.nlp.filter import EventFilter
from geostance.nlp.mentions import ActorTable

__all__ = [
    "MAX_CHUNK",
    "Piece",
    "code_documents",
    "code_pieces",
    "code_text",
    "doc_id_for",
    "split_paragraphs",
]

MAX_CHUNK = 2_000  # characters parsed at once; longer paragraphs are cut at a sentence end
#: (nlp.pipe batches count chunks, and the trained components work per chunk: 64 chunks of
#: 2,000 characters keep a batch near the size of 64 ordinary paragraphs)
_PARA = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*")


def split_paragraphs(text: str, max_chunk: int | None = None) -> Iterator[tuple[int, int, str]]:
    """(paragraph index, start offset, text) chunks: paragraphs are separated by blank lines;
    a paragraph longer than ``max_chunk`` (default MAX_CHUNK) is cut at a line or sentence end
    (else hard), so spaCy never sees more than that at once."""
    max_chunk = max_chunk or MAX_CHUNK
    pos = 0
    para = 0
    n = len(text)
    while pos < n:
        m = _PARA.search(text, pos)
        end = m.start() if m else n
        nxt = m.end() if m else n
        block_start = pos
        emitted = False
        while block_start < end:
            while block_start < end and text[block_start].isspace():
                block_start += 1
            if block_start >= end:
                break
            stop = min(end, block_start + max_chunk)
            if stop < end:
                cut = max(
                    text.rfind("\n", block_start, stop),
                    text.rfind(". ", block_start, stop),
                )
                if cut > block_start + max_chunk // 2:
                    stop = cut + 1
            chunk = text[block_start:stop].rstrip()
            if chunk:
                emitted = True
                yield para, block_start, chunk
            block_start = stop
        para += int(emitted)
        pos = nxt


def doc_id_for(text: str) -> str:
    """The id of a text coded without a store: a hash of its whitespace-normalised text."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8", "replace")).hexdigest()[:16]


@dataclass
class _Pending:
    document: Document
    discourse: Discourse
    sentences: list[Sentence] = field(default_factory=list)  # of the chunk not yet yielded
    events: list[Event] = field(default_factory=list)
    n_sentences: int = 0  # sentences of the document so far (the next one's index)


class Piece(NamedTuple):
    """What :func:`code_pieces` yields: the sentences and events of one chunk of a document,
    or (``done``, with nothing new) the end of that document."""

    document: Document
    sentences: list[Sentence]
    events: list[Event]
    done: bool


def code_documents(
    nlp: Language,
    documents: Iterable[Document],
    *,
    gazetteer: Gazetteer,
    batch_size: int = 64,
    n_process: int = 1,
    thresholds: Thresholds | None = None,
) -> Iterator[tuple[Document, list[Sentence], list[Event]]]:
    """Stream: nlp.pipe over the documents' paragraphs (as_tuples), yield each document with
    its sentences (document offsets, paragraph index) and its events.

    Each document's sentences and events are gathered whole; a caller that must not hold a
    long document's events at once (``ingest``) takes :func:`code_pieces` instead."""
    sentences: list[Sentence] = []
    events: list[Event] = []
    for piece in code_pieces(
        nlp,
        documents,
        gazetteer=gazetteer,
        batch_size=batch_size,
        n_process=n_process,
        thresholds=thresholds,
    ):
        sentences.extend(piece.sentences)
        events.extend(piece.events)
        if piece.done:
            yield piece.document, sentences, events
            sentences, events = [], []


def code_pieces(
    nlp: Language,
    documents: Iterable[Document],
    *,
    gazetteer: Gazetteer,
    batch_size: int = 64,
    n_process: int = 1,
    thresholds: Thresholds | None = None,
) -> Iterator[Piece]:
    """Stream: nlp.pipe over the documents' paragraphs (as_tuples), yield the sentences
    (document offsets, paragraph index) and events of each chunk as it is coded, then a
    ``done`` piece per document, in document order.

    Documents are cut into paragraph chunks before parsing and nothing of a chunk is kept
    after it is yielded, so memory stays bounded whatever a document's length; the discourse
    memory carries across the chunks of a document."""
    table = _table_of(nlp, gazetteer)
    if thresholds is None:
        thresholds = thresholds_of(nlp)
    event_filter = filter_of(nlp)
    pending: deque[_Pending] = deque()

    def chunks() -> Iterator[tuple[str, tuple[int, int, int]]]:
        for k, document in enumerate(documents):
            pending.append(_Pending(document, Discourse(table)))
            for para, start, chunk in split_paragraphs(document.text):
                yield chunk, (k, para, start)

    first_index = 0
    for doc, (k, para, start) in nlp.pipe(
        chunks(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        while first_index < k:
            yield Piece(pending.popleft().document, [], [], True)
            first_index += 1
        p = pending[0]
        _add_chunk(p, doc, para, start, thresholds, event_filter)
        sentences, events = p.sentences, p.events
        p.sentences, p.events = [], []
        yield Piece(p.document, sentences, events, False)
    while pending:
        yield Piece(pending.popleft().document, [], [], True)


def thresholds_of(nlp: Language) -> Thresholds:
    """The role thresholds tuned with the trained model (its ``cfg``), else the defaults."""
    if "geostance_roles" in nlp.pipe_names:
        cfg = getattr(nlp.get_pipe("geostance_roles"), "cfg", {}) or {}
        found = cfg.get("thresholds")
        if isinstance(found, dict):
            values = {k: float(v) for k, v in found.items() if k != "null_rates"}
            rates = tuple(
                sorted((str(k), float(v)) for k, v in found.get("null_rates", {}).items())
            )
            return Thresholds(**values, null_rates=rates)
    return Thresholds()


def filter_of(nlp: Language) -> EventFilter | None:
    """The trained event filter of a pipeline, if it has one."""
    if "geostance_filter" in nlp.pipe_names:
        pipe = nlp.get_pipe("geostance_filter")
        if isinstance(pipe, EventFilter):
            return pipe
    return None


def _table_of(nlp: Language, gazetteer: Gazetteer) -> ActorTable:
    if "geostance_mentions" in nlp.pipe_names:
        table = getattr(nlp.get_pipe("geostance_mentions"), "table", None)
        if isinstance(table, ActorTable):
            return table
    return ActorTable(gazetteer)


def _add_chunk(
    p: _Pending,
    doc: Doc,
    para: int,
    offset: int,
    thresholds: Thresholds | None,
    event_filter: EventFilter | None = None,
) -> None:
    document = p.document
    for s in doc.sents:
        text = s.text.strip()
        if not text:
            continue
        lead = len(s.text) - len(s.text.lstrip())
        start = offset + s.start_char + lead
        p.sentences.append(
            Sentence(document.id, p.n_sentences, start, start + len(text), text, para)
        )
        p.n_sentences += 1
    coded = chunk_events(doc, p.discourse, document.date, thresholds, event_filter)
    if not coded:
        return
    para_dates = find_dates(doc.text, reference=document.date)
    # A sentence lies within one chunk, so duplicates are found per chunk (a set kept for the
    # whole document would grow with it).
    seen: set[tuple[int, str, str | None, str]] = set()
    for c in coded:
        before = [d for (_, e0, d) in para_dates if e0 <= c.sent_start]
        when = event_date(
            doc.text[c.sent_start : c.sent_end], paragraph_dates=before, doc_date=document.date
        )
        if when.method == "sentence" and _ongoing_since(doc, c):
            when = _until_document(when, document)
        ev = _to_event(c, document, offset, when)
        key = (ev.sentence_start, ev.source, ev.target, ev.cameo)
        if key in seen:
            continue
        seen.add(key)
        p.events.append(ev)


def _ongoing_since(doc: Doc, c: Coded) -> bool:
    """ "Russia has recognised the State of Palestine since 1988": a state that holds from the
    "since" date on, not a one-day act."""
    span = doc.char_span(c.trigger_start, c.trigger_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(x.dep_ == "prep" and x.lower_ == "since" for x in verb.children)


def _until_document(when: EventDate, document: Document) -> EventDate:
    if when.date is None or document.date is None or document.date <= when.date:
        return when
    return replace(when, date_end=document.date, precision="range")


def _to_event(c: Coded, document: Document, offset: int, when: EventDate) -> Event:
    """An Event from a chunk's Coded value; offsets become document offsets."""
    text = document.text
    info = cameo.lookup(c.cameo)
    sent = text[offset + c.sent_start : offset + c.sent_end]
    lead = len(sent) - len(sent.lstrip())
    sent = sent.strip()
    t_start = offset + c.target_start if c.target_start is not None else None
    t_end = offset + c.target_end if c.target_end is not None else None
    return Event(
        doc_id=document.id,
        sentence=sent,
        sentence_start=offset + c.sent_start + lead,
        sentence_end=offset + c.sent_start + lead + len(sent),
        source=c.source,
        source_text=text[offset + c.source_start : offset + c.source_end],
        source_start=offset + c.source_start,
        source_end=offset + c.source_end,
        trigger=text[offset + c.trigger_start : offset + c.trigger_end],
        trigger_start=offset + c.trigger_start,
        trigger_end=offset + c.trigger_end,
        cameo=info.code,
        cameo_root=info.root,
        quad_class=c.quad,
        goldstein=info.goldstein,
        plover=info.plover,
        target=c.target,
        target_text=text[t_start:t_end] if t_start is not None and t_end is not None else None,
        target_start=t_start,
        target_end=t_end,
        plover_mode=info.plover_mode,
        negated=c.negated,
        modality=c.modality,
        date=when.date,
        date_end=when.date_end,
        date_precision=when.precision,  # type: ignore[arg-type]
        date_method=when.method,
        confidence=c.confidence,
        coder=CODER_NAME,
        attribution=c.attribution,
        issue=c.issue,
        doc=document.origin,
    )


def code_text(
    nlp: Language,
    text: str,
    *,
    gazetteer: Gazetteer,
    doc_date: dt.date | None = None,
    origin: str = "<text>",
) -> list[Event]:
    """Code one text and return its events (a convenience for tests and the eval bench)."""
    document = Document(id=doc_id_for(text), text=text, origin=origin, date=doc_date)
    events: list[Event] = []
    for _, _, evs in code_documents(nlp, [document], gazetteer=gazetteer):
        events.extend(evs)
    return events
