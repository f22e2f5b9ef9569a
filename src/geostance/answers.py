"""Questions in, cited answers out (pure: the facade fetches, this module reads and weighs).

``parse_question`` turns "Does Russia support Palestine?" into a ``Question``: subjects,
relation, object, time window and channel focus, using the gazetteer's names and a small
relation vocabulary. An unknown name raises ``QuestionError`` with a suggestion. A question
outside the known forms becomes a ``search`` question, answered by full-text search.

``build_answer`` turns a question and the evidence the facade fetched (events, vote rows,
documents, peer measures) into an ``Answer``: a plain-words verdict per channel, the
numbers behind it, peers side by side, the timeline, the best evidence sentences with
title, date and link. It says when evidence is thin or absent and never invents: every
sentence it cites is an event's sentence, sliced from its document by the caller's store.
Verdict thresholds and reasons: ``docs/method.md``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

from geostance.errors import QuestionError
from geostance.measures.shifts import Period
from geostance.measures.stance import (
    CAMEO_ROOTS,
    METHOD,
    Balance,
    ChannelScore,
    Gap,
    Measure,
    StanceResult,
    channel_of,
    measure,
    say_do_gap,
    series,
    weight,
)
from geostance.models import Actor, Document, Event, Resolution

Kind = Literal["stance", "relation", "votes", "deeds", "compare", "search"]
#: Permanent members of the Security Council: the default peers of any answer.
DEFAULT_PEERS: tuple[str, ...] = ("USA", "RUS", "CHN", "GBR", "FRA")
#: Day-months that, said without a year, name one well-known day.
NAMED_DAYS: Mapping[tuple[int, int], dt.date] = {
    (10, 7): dt.date(2023, 10, 7),
    (9, 11): dt.date(2001, 9, 11),
}
MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTHS["sept"] = 9


class ActorIndex(Protocol):
    """What answers need of the gazetteer (``geostance.nlp.actors.Gazetteer``)."""

    def resolve(self, name: str, on: dt.date | None = None) -> Resolution: ...

    def get(self, id: str) -> Actor | None: ...

    def suggest(self, name: str, n: int = 3) -> list[Actor]: ...

    def surface_forms(self) -> list[tuple[str, str]]: ...


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation word family: its polarity, the CAMEO codes it names, its channel focus."""

    name: str
    polarity: int
    words: tuple[str, ...]
    cameo: tuple[str, ...] = ()
    channel: str | None = None


def _relation(
    name: str, polarity: int, words: str, cameo: str = "", channel: str | None = None
) -> Relation:
    """A Relation from compact strings: words separated by '|', CAMEO prefixes by spaces."""
    return Relation(name, polarity, tuple(words.split("|")), tuple(cameo.split()), channel)


RELATIONS: tuple[Relation, ...] = (
    _relation(
        "support",
        1,
        "support|supports|supported|supporting|back|backs|backed|backing|favour|favor|"
        "favours|favors|side with|sides with|stand with|stands with|stood with",
    ),
    _relation(
        "oppose",
        -1,
        "oppose|opposes|opposed|opposing|stand against|stands against|turn against|turned against",
    ),
    _relation(
        "condemn",
        -1,
        "condemn|condemns|condemned|condemning|denounce|denounces|denounced|criticise|"
        "criticize|criticised|criticized|criticises|criticizes|blame|blamed|blames|accuse|"
        "accused|accuses",
        "111 112 11",
        "words",
    ),
    _relation(
        "praise",
        1,
        "praise|praises|praised|endorse|endorses|endorsed|welcome|welcomes|welcomed",
        "051",
        "words",
    ),
    _relation(
        "recognise",
        1,
        "recognise|recognize|recognises|recognizes|recognised|recognized",
        "054",
        "words",
    ),
    _relation(
        "aid",
        1,
        "aid|aids|aided|help|helps|helped|arm|arms|armed|fund|funds|funded|supply|"
        "supplies|supplied",
        "07 06",
        "deeds",
    ),
    _relation(
        "meet",
        1,
        "meet|meets|met|meet with|met with|talk to|talk with|talked with|talked to",
        "04",
        "words",
    ),
    _relation(
        "sanction",
        -1,
        "sanction|sanctions|sanctioned|boycott|boycotts|boycotted",
        "163",
        "deeds",
    ),
    _relation("threaten", -1, "threaten|threatens|threatened", "13", "words"),
    _relation(
        "attack",
        -1,
        "attack|attacks|attacked|strike|strikes|struck|bomb|bombed|fight|fought|invade|invaded",
        "18 19 20",
        "deeds",
    ),
)
_REL_BY_WORD = {w: r for r in RELATIONS for w in r.words}
PAST = {
    "condemn": "condemned",
    "praise": "praised",
    "recognise": "recognised",
    "aid": "aided",
    "meet": "met",
    "sanction": "sanctioned",
    "threaten": "threatened",
    "attack": "attacked",
    "support": "supported",
    "oppose": "opposed",
}
_REL_ALT = "|".join(re.escape(w) for w in sorted(_REL_BY_WORD, key=len, reverse=True))
_AUX = r"(?:does|do|did|is|are|was|were|has|have|had|will|would|could)"
_ADV = r"(?:(?:still|really|ever|actually|now|also|openly)\s+)?"
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "compare",
        re.compile(
            r"^\s*compare\s+(?P<subjects>.+?)\s+(?:on|toward|towards|over|about|regarding)\s+"
            r"(?P<object>.+?)\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "votes",
        re.compile(
            rf"^\s*how\s+{_AUX}\s+(?P<subject>.+?)\s+(?:vote|voted|voting)\s+"
            r"(?:on|about|over|for|against|regarding)\s+(?P<object>.+?)\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "deeds",
        re.compile(
            rf"^\s*what\s+{_AUX}\s+(?P<subject>.+?)\s+(?:do|done|doing)\s+"
            r"(?:with|to|for|about|toward|towards|in)\s+(?P<object>.+?)\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "stance",
        re.compile(
            r"^\s*(?:what\s+is|what's|where\s+is)\s+(?P<subject>.+?)(?:'s|’s)\s+"
            r"(?:stance|position|view|policy)\s+(?:on|toward|towards|about)\s+"
            r"(?P<object>.+?)\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "stance",
        re.compile(
            r"^\s*where\s+(?:does|do|did)\s+(?P<subject>.+?)\s+stand\s+(?:on|toward|towards)\s+"
            r"(?P<object>.+?)\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "relation",
        re.compile(
            rf"^\s*{_AUX}\s+(?P<subject>.+?)\s+{_ADV}(?P<rel>{_REL_ALT})\s+"
            r"(?P<object>.+?)\s*[?.!]*\s*$",
            re.I,
        ),
    ),
)
_WINDOW = re.compile(
    r"\s+(?P<prep>after|since|from|before|until|till|up\s+to|in|during|between)\s+"
    r"(?P<when>(?:the\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec).*)$",
    re.I,
)
_STOP = {"the", "a", "an", "un", "u.n.", "of", "on", "about", "its", "their", "and", "s"}


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
    """A channel's verdict in plain words with the score behind it."""

    channel: str
    label: str
    text: str
    score: ChannelScore
    thin: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "label": self.label,
            "text": self.text,
            "thin": self.thin,
            "score": self.score.to_dict(),
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
    """Everything a dyad report shows; ``reports.py`` renders it as HTML or Markdown."""

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


# -- parsing -------------------------------------------------------------------------------


def parse_question(text: str, actors: ActorIndex, *, today: dt.date | None = None) -> Question:
    """Read a question into subjects, relation, object, window and channel focus.

    Raises QuestionError for an empty or oversized question, and for a name in an actor
    slot that matches no actor (with the gazetteer's suggestions).
    """
    clean = " ".join((text or "").split())
    if not clean:
        raise QuestionError("empty question; ask e.g. 'Does Russia support Palestine?'")
    if len(clean) > 500:
        raise QuestionError(f"question of {len(clean)} characters; keep it under 500")
    today = today or dt.date.today()
    for kind, pattern in FORMS:
        m = pattern.match(clean)
        if m:
            return _parse_form(clean, kind, m, actors, today)
    return Question(clean, "search", notes=("not one of the known question forms: searched",))


def _parse_form(
    text: str, kind: str, m: re.Match[str], actors: ActorIndex, today: dt.date
) -> Question:
    obj_text, since, until, window_note = split_window(m.group("object"), today)
    names: dict[str, str] = {}
    notes: list[str] = [window_note] if window_note else []
    if kind == "compare":
        subjects = tuple(
            resolve_slot(part, actors, names, notes) for part in split_list(m.group("subjects"))
        )
    else:
        subjects = (resolve_slot(m.group("subject"), actors, names, notes),)
    obj, topic = resolve_object(obj_text, actors, names, notes)
    rel = _REL_BY_WORD.get(m.group("rel").lower()) if kind == "relation" else None
    cameo: tuple[str, ...] = ()
    channel: str | None = None
    if rel is not None and rel.name in ("support", "oppose"):
        kind, cameo, channel = "stance", (), None
    elif rel is not None:
        cameo, channel = rel.cameo, rel.channel
    else:
        cameo, channel = (), {"votes": "votes", "deeds": "deeds"}.get(kind)
    return Question(
        text,
        kind,  # type: ignore[arg-type]
        subjects=tuple(dict.fromkeys(subjects)),
        object=obj,
        relation=rel.name if rel else ("vote" if kind == "votes" else "support"),
        polarity=rel.polarity if rel else 1,
        cameo=cameo,
        channel=channel,
        since=since,
        until=until,
        topic=topic,
        names=names,
        notes=tuple(notes),
    )


def split_list(text: str) -> list[str]:
    """'Russia, the US and China' -> ['Russia', 'the US', 'China']."""
    parts = re.split(r"\s*(?:,|;|\band\b|&|\bvs\.?\b|\bversus\b)\s*", text, flags=re.I)
    return [p for p in (x.strip() for x in parts) if p]


def resolve_slot(text: str, actors: ActorIndex, names: dict[str, str], notes: list[str]) -> str:
    """An actor slot's text -> actor id (a person stands for the state they speak for)."""
    actor = _resolve_name(text, actors) if re.fullmatch(r"\s*[A-Z][A-Z0-9_]+\s*", text) else None
    if actor is None:
        found = find_actors(text, actors)
        actor = found[0] if found else _resolve_name(_strip_article(text), actors)
    if actor is None:
        raise QuestionError(_unknown(text, actors))
    if actor.kind == "person" and actor.country:
        notes.append(f"{actor.name} is read as {actor.country} (whom they speak for)")
        try:
            state = actors.get(actor.country)
        except KeyError:
            state = None
        names[actor.country] = state.name if state else actor.country
        return actor.country
    names[actor.id] = actor.name
    return actor.id


def resolve_object(
    text: str, actors: ActorIndex, names: dict[str, str], notes: list[str]
) -> tuple[str, tuple[str, ...]]:
    """The object slot -> (actor id, topic words left over, e.g. ('membership',))."""
    found = find_actors(text, actors, with_spans=True)
    if not found:
        return resolve_slot(text, actors, names, notes), ()
    actor = found[0]
    names[actor.id] = actor.name
    rest = text
    for surface in _matched_surfaces(text, actors):
        rest = re.sub(re.escape(surface), " ", rest, flags=re.I)
    topic = tuple(w for w in re.findall(r"[a-z][a-z\-]+", rest.lower()) if w not in _STOP)
    return actor.id, topic


def find_actors(text: str, actors: ActorIndex, *, with_spans: bool = False) -> list[Actor]:
    """Actors named in a text, in order of appearance (longest name first at a position).

    Exact surface forms of the gazetteer first (all-capital short forms such as "US" must
    match case); then demonyms ("Palestinian", "Russian", "Chinese") through ``resolve``.
    """
    out: list[Actor] = []
    for surface in _matched_surfaces(text, actors):
        actor = _resolve_name(surface, actors)
        if actor is not None and actor.id not in {a.id for a in out}:
            out.append(actor)
    return out


def _matched_surfaces(text: str, actors: ActorIndex) -> list[str]:
    """Surfaces found in ``text``, earliest first, greedy longest, non-overlapping."""
    words = list(re.finditer(r"[\w][\w.'’\-]*", text))
    table = _surface_table(actors)
    found: list[str] = []
    i = 0
    while i < len(words):
        hit = None
        for j in range(min(len(words), i + 6), i, -1):
            span = text[words[i].start() : words[j - 1].end()].rstrip(".'’")
            key = span.lower()
            if key in table and (not table[key] or span == table[key]):
                hit = (span, j)
                break
            if j == i + 1 and _demonym_actor(span, actors) is not None:
                hit = (span, j)
                break
        if hit:
            found.append(hit[0])
            i = hit[1]
        else:
            i += 1
    return found


_TABLES: dict[int, dict[str, str]] = {}


def _surface_table(actors: ActorIndex) -> dict[str, str]:
    """lower(surface) -> '' or the exact case required (short all-capital forms)."""
    key = id(actors)
    table = _TABLES.get(key)
    if table is None:
        table = {}
        for surface, _actor_key in actors.surface_forms():
            s = surface.strip()
            if not s or s.lower() in _STOP:
                continue
            exact = s if (s.isupper() and len(s) <= 4) else ""
            table.setdefault(s.lower(), exact)
        _TABLES.clear()
        _TABLES[key] = table
    return table


def _resolve_name(name: str, actors: ActorIndex) -> Actor | None:
    name = name.strip()
    if not name:
        return None
    if re.fullmatch(r"[A-Z][A-Z0-9_]{1,15}", name):
        by_id = _get(actors, name)
        if by_id is not None:
            return by_id
    res = actors.resolve(name)
    if res.actor:
        return _get(actors, res.actor)
    return _demonym_actor(name, actors)


def _get(actors: ActorIndex, actor_id: str) -> Actor | None:
    try:
        return actors.get(actor_id)
    except KeyError:
        return None


def _demonym_actor(word: str, actors: ActorIndex) -> Actor | None:
    """'Palestinian' -> Palestine, 'Russian' -> Russia, 'Chinese' -> China, 'Israeli' -> Israel."""
    w = word.strip()
    if not w[:1].isupper() or len(w) < 5:
        return None
    low = w.lower()
    cands: list[str] = []
    if low.endswith("ian"):
        cands += [w[:-3] + "e", w[:-1], w[:-3], w[:-3] + "ia"]
    if low.endswith("an"):
        cands += [w[:-1], w[:-2]]
    if low.endswith("ese"):
        cands += [w[:-4] + "a", w[:-3]]
    if low.endswith("i"):
        cands += [w[:-1]]
    if low.endswith("ish"):
        cands += [w[:-3] + "ey", w[:-3] + "land"]
    for cand in cands:
        res = actors.resolve(cand)
        if res.actor and res.via not in ("fuzzy", "suggest"):
            return _get(actors, res.actor)
    return None


def _unknown(text: str, actors: ActorIndex) -> str:
    name = _strip_article(text)
    suggestions = actors.suggest(name, 3)
    if suggestions:
        best, rest = suggestions[0], suggestions[1:]
        also = f" (others: {', '.join(a.id for a in rest)})" if rest else ""
        return f"no actor {name!r}; did you mean {best.name} ({best.id})?{also}"
    return f"no actor {name!r}; list known actors with `geostance actors`"


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.I).strip(" ?.!,'\"")


def split_window(
    text: str, today: dt.date
) -> tuple[str, dt.date | None, dt.date | None, str | None]:
    """Split 'Hamas after October 7' into ('Hamas', since, until, a note saying how read)."""
    m = _WINDOW.search(text)
    if not m:
        return text, None, None, None
    prep = m.group("prep").lower()
    when = m.group("when").strip(" ?.!")
    if prep == "between":
        parts = re.split(r"\s+and\s+", when, maxsplit=1, flags=re.I)
        if len(parts) != 2:
            return text, None, None, None
        a, b = parse_when(parts[0], today), parse_when(parts[1], today)
        if a is None or b is None:
            return text, None, None, None
        since, until = a[0], b[1]
    else:
        span = parse_when(when, today)
        if span is None:
            return text, None, None, None
        if prep in ("after", "since", "from"):
            since, until = span[0], None
        elif prep in ("before", "until", "till") or prep.startswith("up"):
            since, until = None, span[1]
        else:
            since, until = span
    head = text[: m.start()].strip()
    window = f"from {since.isoformat() if since else 'the start'} to "
    window += until.isoformat() if until else "now"
    return head, since, until, f"window read as {window} ('{prep} {when}')"


def parse_when(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """A date or span in words -> (first day, last day); None when not understood.

    A day and month without a year is a named day when it is one (7 October -> 2023-10-07),
    else the latest such day not after ``today``.
    """
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().lower().replace(",", " "))
    t = re.sub(r"^the\s+", "", " ".join(t.split()))
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})s", t):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    if m := re.fullmatch(r"(\d{4})", t):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", t):
        mo = MONTHS.get(m[1])
        if mo:
            y = int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?", t) or re.fullmatch(
        r"([a-z]+)\.?\s+(\d{1,2})(?:\s+(\d{4}))?", t
    )
    if m:
        day_s, mon_s = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        mo = MONTHS.get(mon_s)
        if not mo:
            return None
        if m[3]:
            return _day(int(m[3]), mo, int(day_s))
        named = NAMED_DAYS.get((mo, int(day_s)))
        if named:
            return named, named
        for y in (today.year, today.year - 1):
            span = _day(y, mo, int(day_s))
            if span and span[0] <= today:
                return span
    return None


def _day(y: int, m: int, d: int) -> tuple[dt.date, dt.date] | None:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day, day


# -- verdicts ------------------------------------------------------------------------------


def label(score: ChannelScore, min_evidence: int = 3) -> tuple[str, bool]:
    """(label, thin) for a channel: the thresholds of docs/method.md.

    no evidence (n = 0); otherwise by the 95% interval: wholly above 0 -> "supportive"
    ("strongly supportive" when the score is at least 0.5), wholly below 0 -> "opposed"
    ("strongly opposed" at -0.5 or less), across 0 -> "mixed". Fewer than ``min_evidence``
    scored acts make the verdict "thin", worded as a lean.
    """
    if score.n == 0 or score.score is None or score.low is None or score.high is None:
        return "no evidence", True
    thin = score.n < min_evidence
    if score.low > 0:
        text = "strongly supportive" if score.score >= 0.5 else "supportive"
    elif score.high < 0:
        text = "strongly opposed" if score.score <= -0.5 else "opposed"
    else:
        text = "mixed"
    if thin:
        text = "leans " + (
            "supportive" if score.score > 0 else "opposed" if score.score < 0 else "neutral"
        )
    return text, thin


def channel_verdict(
    score: ChannelScore,
    subject: str,
    obj: str,
    *,
    min_evidence: int = 3,
    votes_available: bool = True,
) -> ChannelVerdict:
    """A channel's verdict as a sentence naming the numbers behind it."""
    lab, thin = label(score, min_evidence)
    what = {"words": "statements", "deeds": "actions", "votes": "UN votes"}[score.channel]
    if score.n == 0:
        if score.channel == "votes" and not votes_available:
            text = "no UN votes imported: run `geostance votes import PATH`"
        else:
            text = f"no {what} of {subject} toward {obj} in the record"
    else:
        assert score.score is not None and score.low is not None and score.high is not None
        unit = "vote" if score.channel == "votes" else "event"
        text = (
            f"{subject}'s {what} toward {obj}: {lab} (score {score.score:+.2f}, 95% interval "
            f"{score.low:+.2f} to {score.high:+.2f}, {score.n} {unit}{'s' if score.n != 1 else ''}"
            f"{', ' + _pro_con(score)})"
        )
        if thin:
            text += f"; thin evidence: fewer than {min_evidence} {unit}s"
    if score.negated:
        text += (
            f"; {score.negated} negated event{'s' if score.negated != 1 else ''} "
            f"(acts reported as not done) shown apart, not scored"
        )
    return ChannelVerdict(score.channel, lab, text, score, thin)


def _pro_con(score: ChannelScore) -> str:
    if score.channel == "votes":
        return f"{score.pro:g} for, {score.con:g} against, {score.neutral:g} abstentions"
    return f"{score.pro:g} cooperative, {score.con:g} conflictual, {score.neutral:g} neutral"


# -- building answers ----------------------------------------------------------------------


def evidence_item(event: Event, doc: Document | None) -> EvidenceItem:
    """An event as a citation; the document gives title, date and link."""
    return EvidenceItem(
        anchor=f"ev-{event.id}",
        doc_id=event.doc_id,
        sentence=event.sentence,
        start=event.sentence_start,
        end=event.sentence_end,
        source=event.source,
        target=event.target,
        cameo=event.cameo,
        action=CAMEO_ROOTS.get(event.cameo_root, f"CAMEO {event.cameo}"),
        quad_class=event.quad_class,
        goldstein=event.goldstein,
        negated=event.negated,
        modality=event.modality,
        date=event.date or (doc.date if doc else None),
        title=doc.title if doc else None,
        url=doc.url if doc else None,
        origin=(doc.origin if doc else event.doc) or "",
        event_id=event.id,
        date_precision=event.date_precision if event.date else "day",
        date_end=event.date_end if event.date else None,
    )


def vote_items(source: str, rows: Iterable[Mapping[str, Any]]) -> tuple[VoteItem, ...]:
    """Vote rows (``votes_toward`` records) as typed items, most recent first."""
    items = []
    for r in rows:
        day = r.get("date")
        if isinstance(day, dt.datetime):
            day = day.date()
        elif day is not None and not isinstance(day, dt.date):
            try:
                day = dt.date.fromisoformat(str(day)[:10])
            except ValueError:
                day = None
        try:
            sign = int(r.get("sign", 0))
        except (TypeError, ValueError):
            sign = 0
        items.append(
            VoteItem(
                source,
                day,
                str(r.get("body") or ""),
                str(r.get("symbol") or ""),
                str(r.get("title") or ""),
                str(r.get("vote") or "").lower(),
                sign,
                (str(r["url"]) if r.get("url") else None),
            )
        )
    items.sort(key=lambda v: (v.date or dt.date.min, v.symbol), reverse=True)
    return tuple(items)


def rank_evidence(
    events: Sequence[Event],
    docs: Mapping[str, Document],
    *,
    k: int = 6,
    channel: str | None = None,
    cameo: Sequence[str] = (),
    per_doc: int = 2,
    negated_slots: int = 2,
) -> tuple[EvidenceItem, ...]:
    """The best evidence: strong, confident, asserted acts in focus, spread across documents.

    Negated events get up to ``negated_slots`` places of their own, so they are shown as
    such rather than crowded out or silently dropped.
    """

    prefixes = tuple(cameo)

    def strength(e: Event) -> tuple[float, str, int, int]:
        s = abs(e.goldstein) / 10 + e.confidence + weight(e)
        if channel and channel_of(e) == channel:
            s += 1
        if prefixes and e.cameo.startswith(prefixes):
            s += 2
        return (-s, e.doc_id, e.sentence_start, e.trigger_start)

    chosen: list[Event] = []
    per: dict[str, int] = {}
    seen_sentences: set[tuple[str, int]] = set()
    pos = sorted((e for e in events if not e.negated), key=strength)
    neg = sorted((e for e in events if e.negated), key=strength)[:negated_slots]
    for e in [*pos, *neg]:
        key = (e.doc_id, e.sentence_start)
        if key in seen_sentences or per.get(e.doc_id, 0) >= per_doc:
            continue
        if len(chosen) >= k and not e.negated:
            continue
        if len(chosen) >= k + negated_slots:
            break
        chosen.append(e)
        seen_sentences.add(key)
        per[e.doc_id] = per.get(e.doc_id, 0) + 1
    return tuple(evidence_item(e, docs.get(e.doc_id)) for e in chosen)


def stance_result(
    events: Sequence[Event],
    votes: Sequence[Mapping[str, Any]],
    *,
    source: str,
    target: str,
    period: Any = "year",
    sources: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> StanceResult:
    """Overall measure, series, period table and gap for one dyad."""
    from geostance.measures.shifts import periods as cut

    overall = measure(events, votes, source=source, target=target)
    ser = series(events, votes, source=source, target=target, period=period)
    return StanceResult(
        source,
        target,
        overall,
        ser,
        cut(ser),
        say_do_gap(overall),
        tuple(sources) or (source,),
        tuple(notes),
    )


def build_answer(
    q: Question,
    events: Mapping[str, Sequence[Event]],
    votes: Mapping[str, Sequence[Mapping[str, Any]]],
    docs: Mapping[str, Document],
    *,
    peers: Mapping[str, Measure] | None = None,
    votes_available: bool = True,
    min_evidence: int = 3,
    period: Any = "year",
    notes: Sequence[str] = (),
) -> Answer:
    """Weigh the fetched evidence into an Answer for a parsed (non-search) question.

    ``events[s]`` are the events of subject ``s`` toward the object (already windowed),
    ``votes[s]`` its vote rows, ``docs`` the documents those events cite, ``peers`` the
    measures of other states toward the object (shown side by side).
    """
    if q.kind == "search" or q.object is None or not q.subjects:
        raise QuestionError(f"{q.text!r} is not a stance question; use search")
    all_notes = [*q.notes, *notes]
    if q.kind == "compare":
        return _compare_answer(
            q, events, votes, docs, min_evidence, votes_available, all_notes, peers or {}
        )
    subject = q.subjects[0]
    evs = list(events.get(subject, ()))
    vrows = list(votes.get(subject, ()))
    if q.kind == "votes" and q.topic:
        vrows, topic_note = _topic_votes(vrows, q.topic)
        if topic_note:
            all_notes.append(topic_note)
    res = stance_result(evs, vrows, source=subject, target=q.object, period=period)
    m = res.overall
    sname, oname = q.name(subject), q.name(q.object)
    verdicts = tuple(
        channel_verdict(c, sname, oname, min_evidence=min_evidence, votes_available=votes_available)
        for c in m.channels
    )
    peer_rows = tuple(v for k, v in (peers or {}).items() if k != subject)
    gaps = (say_do_gap(m), *(say_do_gap(p) for p in peer_rows))
    focus = q.channel
    evidence = rank_evidence(evs, docs, channel=focus, cameo=q.cameo)
    if q.kind == "relation":
        headline, thin = _relation_headline(q, evs, min_evidence)
    elif q.kind == "votes":
        headline, thin = _focus_headline(verdicts[2], sname, oname, "votes")
    elif q.kind == "deeds":
        headline, thin = _deeds_headline(m, verdicts[1], sname, oname)
    else:
        headline, thin = _stance_headline(verdicts, sname, oname)
    return Answer(
        q,
        q.kind,
        headline,
        verdicts,
        m,
        peer_rows,
        gaps,
        res.series,
        res.periods,
        evidence,
        vote_items(subject, vrows),
        notes=tuple(all_notes),
        thin=thin,
    )


def _topic_votes(
    rows: list[Mapping[str, Any]], topic: Sequence[str]
) -> tuple[list[Mapping[str, Any]], str | None]:
    """Votes whose title mentions a topic word ('membership'); all of them if none does."""
    words = [w for w in topic if len(w) > 3]
    if not words:
        return rows, None
    stems = [w[:6] for w in words]  # "membership" also finds "Members", "admission" "admit"
    hits = [r for r in rows if any(x in str(r.get("title", "")).lower() for x in stems)]
    if hits:
        return hits, f"votes on resolutions whose title mentions {', '.join(words)}"
    if rows:
        return rows, f"no vote title mentions {', '.join(words)}: all votes on the target shown"
    return rows, None


def _stance_headline(verdicts: Sequence[ChannelVerdict], s: str, o: str) -> tuple[str, bool]:
    scored = [v for v in verdicts if v.score.n > 0]
    if not scored:
        return (f"No evidence in the store about {s}'s stance toward {o}: no events or votes "
                f"found; nothing to conclude."), True  # fmt: skip
    parts = [f"{v.channel} {v.label} ({v.score.score:+.2f}, n={v.score.n})" for v in scored]
    labels = {v.label for v in scored if v.label != "no evidence"}
    thin = all(v.thin for v in scored)
    if labels <= {"supportive", "strongly supportive"}:
        lead = f"Yes: {s} supports {o}"
    elif labels <= {"opposed", "strongly opposed"}:
        lead = f"No: {s} opposes {o}"
    elif thin:
        lead = f"Too little evidence to say whether {s} supports {o}"
    else:
        lead = f"Mixed: {s}'s stance toward {o} differs by channel or over time"
    text = f"{lead} — " + "; ".join(parts) + "."
    if thin:
        text += " Evidence is thin: read the sentences below before relying on this."
    return text, thin


def _focus_headline(v: ChannelVerdict, s: str, o: str, what: str) -> tuple[str, bool]:
    if v.score.n == 0:
        return f"{s}: {v.text}.", True
    return f"{s} on {o} ({what}): {v.text}.", v.thin


def _deeds_headline(m: Measure, v: ChannelVerdict, s: str, o: str) -> tuple[str, bool]:
    mat = m.quad.counts[1] + m.quad.counts[3]
    if mat == 0:
        verbal = m.quad.counts[0] + m.quad.counts[2]
        return (f"No material acts of {s} toward {o} in the record"
                f"{f' (only {verbal} verbal events)' if verbal else ''}."), True  # fmt: skip
    types = ", ".join(f"{t} ({k})" for t, k in m.top_types) or "various acts"
    text = (
        f"{s} toward {o}: {m.quad.counts[1]} acts of material cooperation, "
        f"{m.quad.counts[3]} of material conflict; mainly {types}. Deeds {v.label}"
        f" ({v.score.score:+.2f}, n={v.score.n})."
    )
    return text, v.thin


def _relation_headline(q: Question, evs: Sequence[Event], min_evidence: int) -> tuple[str, bool]:
    s, o = q.name(q.subjects[0]), q.name(q.object)
    window = _window_words(q)
    match = [e for e in evs if e.cameo.startswith(q.cameo)]
    did = [e for e in match if not e.negated]
    did_not = [e for e in match if e.negated]
    if did:
        first = min((e.date for e in did if e.date), default=None)
        text = (
            f"Yes: {len(did)} reported act{'s' if len(did) != 1 else ''} in which {s} "
            f"{PAST.get(q.relation, q.relation)} {o}{window}"
            f"{f', the first dated {first.isoformat()}' if first else ''}."
        )
    else:
        text = (
            f"No evidence that {s} {PAST.get(q.relation, q.relation)} {o}{window} "
            "in the stored documents"
        )
        text += f" ({len(evs)} other events between them)." if evs else " (no events between them)."
    if did_not:
        text += (
            f" {_plural(len(did_not), 'sentence')} report that {s} did not {q.relation} "
            f"{o} (negated, shown as such)."
        )
    return text, len(did) < min_evidence


def _window_words(q: Question) -> str:
    if q.since and q.until:
        return f" between {q.since.isoformat()} and {q.until.isoformat()}"
    if q.since:
        return f" since {q.since.isoformat()}"
    if q.until:
        return f" until {q.until.isoformat()}"
    return ""


def _compare_answer(
    q: Question,
    events: Mapping[str, Sequence[Event]],
    votes: Mapping[str, Sequence[Mapping[str, Any]]],
    docs: Mapping[str, Document],
    min_evidence: int,
    votes_available: bool,
    notes: list[str],
    measures: Mapping[str, Measure],
) -> Answer:
    """Subjects side by side; ``measures`` (from the store's counts) win over ``events``."""
    assert q.object is not None
    comp = compare_measures(q.subjects, q.object, events, votes, names=q.names)
    if measures:
        rows = tuple(measures.get(m.source, m) for m in comp.rows)
        comp = Comparison(comp.target, rows, tuple(say_do_gap(m) for m in rows), comp.names)
    lines: list[str] = []
    evidence: list[EvidenceItem] = []
    verdicts: list[ChannelVerdict] = []
    for m in comp.rows:
        v = channel_verdict(
            _best_channel(m), q.name(m.source), q.name(q.object),
            min_evidence=min_evidence, votes_available=votes_available,
        )  # fmt: skip
        verdicts.append(v)
        lines.append(f"{q.name(m.source)}: {_summary_line(m)}")
        evidence += rank_evidence(list(events.get(m.source, ())), docs, k=2, negated_slots=1)
    thin = all(m.n < min_evidence for m in comp.rows)
    head = f"Compared on {q.name(q.object)}: " + "; ".join(lines) + "."
    if thin:
        head += " Evidence is thin for every state."
    return Answer(
        q,
        "compare",
        head,
        tuple(verdicts),
        None,
        comp.rows,
        comp.gaps,
        evidence=tuple(evidence),
        notes=tuple(notes),
        thin=thin,
    )


def _best_channel(m: Measure) -> ChannelScore:
    return max(m.channels, key=lambda c: (c.n, c.channel == "words"))


def _summary_line(m: Measure) -> str:
    parts = []
    for c in m.channels:
        if c.n:
            assert c.score is not None
            parts.append(f"{c.channel} {c.score:+.2f} (n={c.n})")
    return ", ".join(parts) if parts else "no evidence"


def compare_measures(
    sources: Sequence[str],
    target: str,
    events: Mapping[str, Sequence[Event]],
    votes: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    names: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
) -> Comparison:
    """Measures of several sources toward one target, with their say-do gaps."""
    rows = tuple(
        measure(events.get(s, ()), votes.get(s, ()), source=s, target=target) for s in sources
    )
    return Comparison(target, rows, tuple(say_do_gap(m) for m in rows), dict(names or {}),
                      tuple(notes))  # fmt: skip


def search_answer(q: Question, hits: Sequence[Hit]) -> Answer:
    """A fallback answer: the most relevant stored sentences, each cited."""
    if not hits:
        head = f"No stored sentence matches {q.text!r}; nothing to cite."
    else:
        head = (
            f"Not a question form geostance measures; the {len(hits)} most relevant stored "
            f"sentence{'s' if len(hits) != 1 else ''} (full-text search, BM25) follow."
        )
    return Answer(q, "search", head, hits=tuple(hits), notes=q.notes, thin=not hits)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
