"""The small typed values that flow through geostance.

Data flows one way: sources -> documents -> sentences -> events -> measures -> answers.
Every value here is a frozen dataclass built from the standard library only, so that
each stage can be tested without a database or a model.

Offsets are character offsets into ``Document.text`` (Python ``str`` indices),
half-open: ``text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year", "range", "unknown"]
Modality = Literal["asserted", "intended", "hypothetical", "demanded"]
ActorKind = Literal["state", "former_state", "igo", "group", "person", "media"]
VoteValue = Literal["yes", "no", "abstain", "absent"]

CODER_NAME = "geostance.events.v2"


@dataclass(frozen=True, slots=True)
class Document:
    """One article, page, feed entry or text, normalised.

    ``id`` is a hash of the normalised text, so the same text ingested twice has the same id.
    ``origin`` is the path or URL as the user gave it (the ``doc`` field of events).
    ``duplicate_of`` links a near-identical copy (syndication) to the first one stored.
    """

    id: str
    text: str
    origin: str
    kind: str = "text"
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    fingerprint: int = 0
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document with its character offsets and paragraph index."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Actor:
    """An entry of the gazetteer.

    ``id`` is ISO 3166-1 alpha-3 for states and a documented upper-case id for
    organisations and groups. A person's ``country`` says which actor the person
    speaks for between ``start`` and ``end`` (inclusive; ``None`` is open).
    """

    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a name resolved to an actor id, and why (shown by ``actors --find``)."""

    name: str
    actor: str | None
    via: str
    reason: str


@dataclass(frozen=True, slots=True)
class Event:
    """One coded political act or stance, with its evidence.

    Offsets of the source, target and trigger words are offsets into the document text.
    ``negated`` keeps the act's own code ("did not condemn" is CAMEO 111 with negated=True).
    ``target`` is ``None`` for an act with no actor target; ``issue`` then names what the act
    is about when the text says ("ceasefire", "two-state solution").
    """

    doc_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    source: str
    source_text: str
    source_start: int
    source_end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover: str
    target: str | None = None
    target_text: str | None = None
    target_start: int | None = None
    target_end: int | None = None
    plover_mode: str | None = None
    negated: bool = False
    modality: Modality = "asserted"
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    date_method: str = "document"
    confidence: float = 0.5
    coder: str = CODER_NAME
    attribution: str | None = None
    issue: str | None = None
    doc: str = ""

    @property
    def id(self) -> str:
        """A stable id: the same event coded twice from the same text has the same id."""
        import hashlib

        key = "|".join(
            str(x)
            for x in (
                self.doc_id,
                self.sentence_start,
                self.trigger_start,
                self.source,
                self.source_start,
                self.target,
                self.target_start,
                self.cameo,
                self.coder,
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        """The JSON-lines contract of ``geostance code`` and ``geostance events``."""
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["date_end"] = self.date_end.isoformat() if self.date_end else None
        d["id"] = self.id
        return d


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one source given to ``ingest``: kept, duplicate, linked, or failed
    with a reason; "skipped" (a file left out for its extension, an unreadable folder) and
    "warning" (something about a source that was still read, e.g. a feed that is not
    well-formed) say what was not read."""

    origin: str
    status: Literal["kept", "duplicate", "linked", "failed", "skipped", "warning"]
    doc_id: str | None = None
    reason: str | None = None
    events: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
