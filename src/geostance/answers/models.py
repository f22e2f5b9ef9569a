"""The typed results of ``ask``: a parsed question, its evidence and its answer.

Pure data: the parser (``parse``) fills a ``Question``; the facade fetches; ``render``
fills an ``Answer``. Every item an answer cites says where to read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

from geostance.measures.shifts import Period
from geostance.measures.stance import METHOD, Balance, ChannelScore, Gap, Measure, StanceResult
from geostance.models import Actor, Resolution

Kind = Literal[
    "stance",
    "relation",
    "votes",
    "deeds",
    "compare",
    "search",
    "vote_record",
    "who_voted",
    "reaction",
    "acts",
    "gap",
    "balance",
    "shift",
    "issue",
    "multi",
]
#: The kinds a question can take, each with what it answers (``geostance ask --help``).
KINDS: Mapping[str, str] = {
    "stance": "does X support / oppose Y; X's position on Y",
    "relation": "did X condemn / praise / meet / arm / sanction Y",
    "votes": "how X voted on Y (all recorded votes about Y)",
    "vote_record": "how X voted on one resolution (symbol, number, or description + date)",
    "who_voted": "which states vetoed / voted against / abstained on a resolution; adopted?",
    "deeds": "what X did toward Y",
    "acts": "what X did about an act or issue in a period",
    "reaction": "how X reacted to an act",
    "issue": "X's stance on an issue, deal or plan (not an actor)",
    "gap": "the gap between what X says and does toward Y, against peers",
    "balance": "how X balances Y and Z",
    "shift": "how X's stance toward Y changed over time, by era",
    "compare": "several states side by side toward Y",
    "multi": "several questions in one: one answer each",
    "search": "not understood: the most relevant stored sentences",
}


class ActorIndex(Protocol):
    """What answers need of the gazetteer (``geostance.nlp.actors.Gazetteer``)."""

    def resolve(self, name: str, on: dt.date | None = None) -> Resolution: ...

    def get(self, id: str) -> Actor | None: ...

    def suggest(self, name: str, n: int = 3) -> list[Actor]: ...

    def surface_forms(self) -> list[tuple[str, str]]: ...


@dataclass(frozen=True, slots=True)
class Question:
    """A parsed question. ``names`` maps every actor id to its display name."""

    text: str
    kind: Kind
    subjects: tuple[str, ...] = ()
    object: str | None = None
    relation: str = "support"
    polarity: int = 1
    cameo: tuple[str, ...] = ()
    channel: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    topic: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: UN symbols, Council resolution numbers ("S/RES/2728") or a description to match.
    symbols: tuple[str, ...] = ()
    #: Other targets: the second side of a balance, the actor behind an act reacted to.
    others: tuple[str, ...] = ()
    #: The act or issue asked about, in the question's words ("arms sale", "grain deal").
    act: str | None = None
    #: For ``who_voted``: the vote asked about ("veto", "no", "yes", "abstain", "adopted").
    vote_filter: str | None = None

    def name(self, actor: str | None) -> str:
        if actor is None:
            return "?"
        return self.names.get(actor, actor)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["since"] = self.since.isoformat() if self.since else None
        d["until"] = self.until.isoformat() if self.until else None
        d["names"] = dict(self.names)
        return d


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One cited sentence: the event it holds and where to read it.

    ``anchor`` is the id of the sentence in a report's evidence list (``#ev-...``).
    """

    anchor: str
    doc_id: str
    sentence: str
    start: int
    end: int
    source: str
    target: str | None
    cameo: str
    action: str
    quad_class: int
    goldstein: float
    negated: bool
    modality: str
    date: dt.date | None
    title: str | None
    url: str | None
    origin: str
    event_id: str | None = None
    date_precision: str = "day"
    date_end: dt.date | None = None

    @property
    def link(self) -> str | None:
        """The document's URL, else its origin (a path), else nothing."""
        return self.url or (self.origin or None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["link"] = self.link
        return d


@dataclass(frozen=True, slots=True)
class VoteItem:
    """One UN vote of a subject on a resolution about the object."""

    source: str
    date: dt.date | None
    body: str
    symbol: str
    title: str
    vote: str
    sign: int
    url: str | None

    @property
    def favours(self) -> str:
        """'for', 'against' or 'neither' (the target), reading the vote with its sign."""
        if self.vote not in ("yes", "no"):
            return "neither"
        return "for" if (self.vote == "yes") == (self.sign == 1) else "against"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["favours"] = self.favours
        return d


@dataclass(frozen=True, slots=True)
class Hit:
    """A full-text search hit: a stored sentence with its BM25 score and document."""

    doc_id: str
    index: int
    start: int
    end: int
    sentence: str
    score: float
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    origin: str = ""
    events: int = 0

    @property
    def link(self) -> str | None:
        return self.url or (self.origin or None)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["score"] = round(self.score, 4)
        d["link"] = self.link
        return d


@dataclass(frozen=True, slots=True)
class ChannelVerdict:
    """A channel's verdict in plain words with the score behind it.

    ``source`` and ``source_name`` say whose verdict it is when an answer holds several
    states' (a comparison: one row per state, each in its best channel).
    """

    channel: str
    label: str
    text: str
    score: ChannelScore
    thin: bool
    source: str | None = None
    source_name: str | None = None

    @property
    def heading(self) -> str:
        """'votes', or 'Russia (votes)' when the verdict names its state."""
        return (
            f"{self.source_name or self.source} ({self.channel})" if self.source else self.channel
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "label": self.label,
            "text": self.text,
            "thin": self.thin,
            "score": self.score.to_dict(),
            "source": self.source,
            "source_name": self.source_name,
            "heading": self.heading,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """A cited answer. ``headline`` is the one-line verdict; the rest is what supports it."""

    question: Question
    kind: Kind
    headline: str
    channels: tuple[ChannelVerdict, ...] = ()
    measure: Measure | None = None
    peers: tuple[Measure, ...] = ()
    gaps: tuple[Gap, ...] = ()
    timeline: tuple[Measure, ...] = ()
    periods: tuple[Period, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    votes: tuple[VoteItem, ...] = ()
    hits: tuple[Hit, ...] = ()
    notes: tuple[str, ...] = ()
    thin: bool = False
    method: str = METHOD
    rollcalls: tuple[RollCall, ...] = ()
    balance: Balance | None = None
    volumes: tuple[Volume, ...] = ()
    parts: tuple[Answer, ...] = ()
    #: "consistent", "mixed", "thin", "none" (no evidence) or "" (not a stance verdict).
    reading: str = ""

    @property
    def verdict(self) -> str:
        return self.headline

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.to_dict(),
            "kind": self.kind,
            "headline": self.headline,
            "thin": self.thin,
            "channels": [c.to_dict() for c in self.channels],
            "measure": self.measure.to_dict() if self.measure else None,
            "peers": [m.to_dict() for m in self.peers],
            "gaps": [g.to_dict() for g in self.gaps],
            "timeline": [m.to_dict() for m in self.timeline],
            "periods": [p.to_dict() for p in self.periods],
            "evidence": [e.to_dict() for e in self.evidence],
            "votes": [v.to_dict() for v in self.votes],
            "hits": [h.to_dict() for h in self.hits],
            "notes": list(self.notes),
            "method": self.method,
            "rollcalls": [r.to_dict() for r in self.rollcalls],
            "balance": self.balance.to_dict() if self.balance else None,
            "volumes": [v.to_dict() for v in self.volumes],
            "parts": [p.to_dict() for p in self.parts],
            "reading": self.reading,
        }


@dataclass(frozen=True, slots=True)
class RollCall:
    """One recorded UN vote: what was voted, when, the outcome and how the asked states voted.

    ``votes`` holds (actor id, name, vote) for the states the question asked about;
    ``groups`` maps a vote ("no", "veto", ...) to the names of every state that cast it,
    filled when the question asks who voted that way.
    """

    body: str
    symbol: str
    draft: str | None
    date: dt.date | None
    title: str
    outcome: str
    yes: int | None
    no: int | None
    abstain: int | None
    url: str | None
    votes: tuple[tuple[str, str, str], ...] = ()
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def tally(self) -> str | None:
        """'yes-no-abstain', e.g. '159-9-11' (None when not recorded)."""
        if self.yes is None or self.no is None or self.abstain is None:
            return None
        return f"{self.yes}-{self.no}-{self.abstain}"

    @property
    def label(self) -> str:
        """The symbol, with the draft's when the resolution has both."""
        if self.draft and self.draft != self.symbol and self.symbol:
            return f"{self.symbol} (draft {self.draft})"
        return self.symbol or self.draft or "?"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["tally"] = self.tally
        d["votes"] = [{"actor": a, "name": n, "vote": v} for a, n, v in self.votes]
        d["groups"] = {k: list(v) for k, v in self.groups.items()}
        return d


@dataclass(frozen=True, slots=True)
class Volume:
    """How much a source says for a target against how much it does (the volume gap).

    Counts and Goldstein-weighted intensity of verbal and material cooperation and conflict
    (QuadClass 1-4); ``deed_share`` is the material share of the cooperative intensity.
    """

    source: str
    target: str
    counts: tuple[int, int, int, int]
    intensity: tuple[float, float, float, float]

    @property
    def said(self) -> float:
        return self.intensity[0]

    @property
    def done(self) -> float:
        return self.intensity[1]

    @property
    def deed_share(self) -> float | None:
        total = self.said + self.done
        return None if total <= 0 else self.done / total

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "counts": list(self.counts),
            "intensity": [round(x, 2) for x in self.intensity],
            "deed_share": None if self.deed_share is None else round(self.deed_share, 3),
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """Several sources toward one target, side by side (``rows`` in the order given)."""

    target: str
    rows: tuple[Measure, ...]
    gaps: tuple[Gap, ...]
    names: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "rows": [m.to_dict() for m in self.rows],
            "gaps": [g.to_dict() for g in self.gaps],
            "names": dict(self.names),
            "notes": list(self.notes),
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a dyad report shows; the ``reports`` package renders it as HTML or Markdown."""

    source: str
    target: str
    names: Mapping[str, str]
    stance: StanceResult
    peers: Comparison
    balance: Balance | None
    votes: tuple[VoteItem, ...]
    evidence: tuple[EvidenceItem, ...]
    qa: tuple[Answer, ...]
    notes: tuple[str, ...] = ()
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "names": dict(self.names),
            "stance": self.stance.to_dict(),
            "peers": self.peers.to_dict(),
            "balance": self.balance.to_dict() if self.balance else None,
            "votes": [v.to_dict() for v in self.votes],
            "evidence": [e.to_dict() for e in self.evidence],
            "qa": [a.to_dict() for a in self.qa],
            "notes": list(self.notes),
            "method": self.method,
        }
