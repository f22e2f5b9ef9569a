"""One builder per page: each calls the ``Geostance`` facade and returns one plain dict.

The same dict is served as JSON (the page's twin) and rendered as HTML, so what a script
reads and what an analyst sees cannot drift apart. Builders never import the web framework;
``geostance.web`` routes requests to them. Facade methods that other channels add later
(stance, votes) are called through :func:`_channel`, which turns a missing method or a
``GeostanceError`` into a short "not available" note on that part of the page instead of
failing the whole page.

Charts are drawn on the server as SVG geometry (``*_chart`` functions) from the page dict:
no chart library and no network are needed to view them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from geostance.errors import ConfigError, GeostanceError
from geostance.models import Document, Event

#: Document ids are hex digests; a prefix of at least 6 digits is accepted, as on the CLI.
DOC_ID = re.compile(r"^[0-9a-f]{6,64}$")
#: Actor ids: ISO 3166 alpha-3 for states, documented upper-case ids for organisations.
ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLORS = {1: "#74add1", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b"}
SERIES_COLORS = ("#377eb8", "#e41a1c", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf")
DEFAULT_VOTE_STATES = ("USA", "RUS", "CHN", "GBR", "FRA", "IND", "BRA", "ZAF")
EXAMPLE_QUESTIONS = (
    "Does Russia support Palestine?",
    "What does Russia do with Israel?",
    "Compare Russia, the US and China on Palestine",
)
NOT_YET = "not available yet"
#: The second target a dyad's balance is measured against when the page does not say.
RIVALS = {"PSE": "ISR", "ISR": "PSE"}


# -- response models (the OpenAPI schema of every JSON twin) -----------------------------------
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorRef(_Model):
    id: str
    name: str


class DocRef(_Model):
    id: str
    title: str | None
    date: str | None
    url: str | None
    source: str | None
    origin: str
    duplicate_of: str | None = None
    link: str


class DyadRow(_Model):
    source: str
    target: str
    source_name: str
    target_name: str
    events: int
    cooperation: int
    conflict: int
    negated: int
    link: str


class HomePage(_Model):
    page: str
    recent_documents: list[DocRef]
    active_dyads: list[DyadRow]
    examples: list[str]


class EvidenceRow(_Model):
    event_id: str
    doc_id: str
    doc_title: str | None
    sentence: str
    date: str | None
    source: str
    target: str | None
    trigger: str
    cameo: str
    cameo_root: str
    quad_class: int
    quad_name: str
    plover: str | None
    goldstein: float
    negated: bool
    modality: str
    confidence: float | None
    link: str


class MixRow(_Model):
    period: str
    quad_class: int
    events: int
    goldstein: float


class EvidenceFilters(_Model):
    type: str | None
    since: str | None
    until: str | None
    negated: str
    vs: str | None
    limit: int
    offset: int


class DyadPage(_Model):
    page: str
    source: ActorRef
    target: ActorRef
    filters: EvidenceFilters
    stance: dict[str, Any] | None
    stance_error: str | None
    balance: dict[str, Any] | None
    balance_error: str | None
    event_mix: list[MixRow]
    votes: list[dict[str, Any]]
    votes_error: str | None
    evidence: list[EvidenceRow]
    evidence_total: int
    evidence_types: list[str]


class Partner(_Model):
    id: str
    name: str
    events: int
    cooperation: int
    conflict: int
    goldstein: float
    link: str


class AlignmentPoint(_Model):
    peer: str
    period: str
    agreement: float | None


class ActorPage(_Model):
    page: str
    actor: ActorRef
    events_as_source: int
    events_as_target: int
    partners: list[Partner]
    alignment: list[AlignmentPoint]
    alignment_error: str | None


class Segment(_Model):
    start: int
    end: int
    text: str
    event_ids: list[str]
    hover: str | None
    triggers: list[list[int]]


class DocumentPage(_Model):
    page: str
    document: DocRef
    text_length: int
    segments: list[Segment]
    events: list[EvidenceRow]
    summary: dict[str, Any] | None
    summary_error: str | None


class AnswerPage(_Model):
    page: str
    q: str
    answer: dict[str, Any] | None
    error: str | None


class SearchPage(_Model):
    page: str
    q: str
    hits: list[dict[str, Any]]
    error: str | None


class MatrixData(_Model):
    states: list[str]
    values: list[list[float | None]]


class PositionPoint(_Model):
    state: str
    period: str
    value: float | None


class VotesPage(_Model):
    page: str
    states: list[str]
    year: int | None
    on: str
    matrix: MatrixData | None
    matrix_error: str | None
    positions: list[PositionPoint]
    positions_error: str | None


class IngestItem(_Model):
    origin: str
    status: str
    doc_id: str | None
    reason: str | None
    events: int
    warnings: list[str]


class IngestResponse(_Model):
    results: list[IngestItem]


class ErrorBody(_Model):
    error: str
    status: int


# -- helpers ---------------------------------------------------------------------------------
def plain(value: Any) -> Any:
    """Turn facade results (dataclasses, ``to_dict`` objects, DataFrames, dates) into JSON."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not _is_frame(value):
        return plain(to_dict())
    if _is_frame(value):
        return [plain(r) for r in value.to_dict(orient="records")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return plain(item())
    return str(value)


def _is_frame(value: Any) -> bool:
    return hasattr(value, "to_dict") and hasattr(value, "columns") and hasattr(value, "iloc")


def _channel(g: Any, name: str, *args: Any, **kwargs: Any) -> tuple[Any, str | None]:
    """Call an optional facade method; a missing one or a GeostanceError becomes a note."""
    fn: Callable[..., Any] | None = getattr(g, name, None)
    if fn is None:
        return None, f"{name}: {NOT_YET}"
    try:
        return fn(*args, **kwargs), None
    except GeostanceError as e:
        return None, str(e)


def _by_id_or_name(g: Any, name: str, actors: Sequence[str], **kw: Any) -> tuple[Any, str | None]:
    """Call a facade method with actor ids; if it cannot resolve an id, try the names.

    The facade resolves what the user typed; a page knows ids. Names are the fallback so a
    page still shows the measure when id lookup is not supported.
    """
    value, error = _channel(g, name, *actors, **kw)
    if error is None or NOT_YET in error:
        return value, error
    names = [actor_ref(g, a).name for a in actors]
    if names == list(actors):
        return value, error
    again, second = _channel(g, name, *names, **kw)
    return (again, None) if second is None else (value, error)


def actor_ref(g: Any, actor_id: str) -> ActorRef:
    """The actor's id and display name (the id itself when the gazetteer does not know it)."""
    name = actor_id
    try:
        actor = g.gazetteer.get(actor_id)
        if actor is not None:
            name = actor.name
    except (GeostanceError, KeyError, AttributeError, ImportError):
        pass
    return ActorRef(id=actor_id, name=name)


def _names(g: Any, ids: Iterable[str]) -> dict[str, str]:
    return {i: actor_ref(g, i).name for i in set(ids)}


def doc_ref(doc: Document) -> DocRef:
    return DocRef(
        id=doc.id,
        title=doc.title,
        date=doc.date.isoformat() if doc.date else None,
        url=doc.url,
        source=doc.source,
        origin=doc.origin,
        duplicate_of=doc.duplicate_of,
        link=f"/document/{doc.id}",
    )


def evidence_row(e: Event, titles: Mapping[str, str | None]) -> EvidenceRow:
    return EvidenceRow(
        event_id=e.id,
        doc_id=e.doc_id,
        doc_title=titles.get(e.doc_id),
        sentence=e.sentence,
        date=e.date.isoformat() if e.date else None,
        source=e.source,
        target=e.target,
        trigger=e.trigger,
        cameo=e.cameo,
        cameo_root=e.cameo_root,
        quad_class=int(e.quad_class),
        quad_name=QUAD_NAMES.get(int(e.quad_class), "other"),
        plover=e.plover,
        goldstein=float(e.goldstein),
        negated=bool(e.negated),
        modality=e.modality,
        confidence=e.confidence,
        link=f"/document/{e.doc_id}#ev-{e.id}",
    )


def _titles(g: Any, doc_ids: Iterable[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for doc_id in sorted(set(doc_ids)):
        doc = g.document(doc_id)
        out[doc_id] = (doc.title or doc.origin) if doc else None
    return out


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A YYYY-MM-DD query parameter, or None when empty."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD") from None


def check_actor(actor_id: str) -> str | None:
    """The upper-cased actor id, or None when it is not a well-formed id."""
    up = actor_id.upper()
    return up if ACTOR_ID.match(up) else None


# -- pages -----------------------------------------------------------------------------------
def home(g: Any, *, documents: int = 10, dyads: int = 12) -> dict[str, Any]:
    """The ask box, the newest documents and the dyads with the most events."""
    recent = [doc_ref(d) for d in g.documents(limit=documents)]
    page = HomePage(
        page="home",
        recent_documents=recent,
        active_dyads=active_dyads(g, limit=dyads),
        examples=list(EXAMPLE_QUESTIONS),
    )
    return page.model_dump()


def active_dyads(g: Any, *, limit: int) -> list[DyadRow]:
    """Dyads ranked by their number of (non-duplicate) events."""
    df = g.events_df()
    if df is None or len(df) == 0:
        return []
    df = df[df["target"].notna()]
    if len(df) == 0:
        return []
    coop = df["quad_class"].isin([1, 2])
    agg = (
        df.assign(coop=coop.astype(int), conf=(~coop).astype(int), neg=df["negated"].astype(int))
        .groupby(["source", "target"], sort=False)
        .agg(
            events=("coop", "size"),
            cooperation=("coop", "sum"),
            conflict=("conf", "sum"),
            negated=("neg", "sum"),
        )
        .reset_index()
        .sort_values(["events", "source", "target"], ascending=[False, True, True])
        .head(limit)
    )
    names = _names(g, list(agg["source"]) + list(agg["target"]))
    return [
        DyadRow(
            source=r.source,
            target=r.target,
            source_name=names[r.source],
            target_name=names[r.target],
            events=int(r.events),
            cooperation=int(r.cooperation),
            conflict=int(r.conflict),
            negated=int(r.negated),
            link=f"/dyad/{r.source}/{r.target}",
        )
        for r in agg.itertuples(index=False)
    ]


def _type_matches(e: Event, kind: str | None) -> bool:
    """``type`` is a QuadClass (1-4), a QuadClass name, or a CAMEO root code ("11")."""
    if not kind:
        return True
    if kind.isdigit() and len(kind) == 1:
        return int(e.quad_class) == int(kind)
    if kind.isdigit():
        return e.cameo_root.zfill(2) == kind.zfill(2)
    return QUAD_NAMES.get(int(e.quad_class), "").replace(" ", "-") == kind.replace(" ", "-")


def _negation_matches(e: Event, negated: str) -> bool:
    if negated == "only":
        return bool(e.negated)
    if negated == "exclude":
        return not e.negated
    return True


NEGATION_CHOICES = ("any", "only", "exclude")


def dyad(
    g: Any,
    source: str,
    target: str,
    *,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    negated: str = "any",
    vs: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Stance over time per channel, the event mix, votes and the filterable evidence list."""
    if negated not in NEGATION_CHOICES:
        raise ConfigError(f"negated={negated!r}; use one of {', '.join(NEGATION_CHOICES)}")
    first, last = parse_day(since, "since"), parse_day(until, "until")
    limit = max(1, min(int(limit), 500))
    offset = max(0, int(offset))
    events = g.events(source=source, target=target, since=first, until=last)
    stance, stance_error = _by_id_or_name(g, "stance", (source, target), since=first, until=last)
    rival = check_actor(vs) if vs else RIVALS.get(target)
    balance, balance_error = None, None
    if rival and rival != target:
        balance, balance_error = _channel(
            g, "balance", source, target, rival, since=first, until=last
        )
    votes, votes_error = _channel(g, "votes_toward", source, target, since=first, until=last)
    chosen = [e for e in events if _type_matches(e, type) and _negation_matches(e, negated)]
    shown = chosen[offset : offset + limit]
    titles = _titles(g, (x.doc_id for x in shown))
    page = DyadPage(
        page="dyad",
        source=actor_ref(g, source),
        target=actor_ref(g, target),
        filters=EvidenceFilters(
            type=type or None,
            since=first.isoformat() if first else None,
            until=last.isoformat() if last else None,
            negated=negated,
            vs=rival,
            limit=limit,
            offset=offset,
        ),
        stance=plain(stance) if stance is not None else None,
        stance_error=stance_error,
        balance=plain(balance) if balance is not None else None,
        balance_error=balance_error,
        event_mix=event_mix(events),
        votes=plain(votes) if votes is not None else [],
        votes_error=votes_error,
        evidence=[evidence_row(e, titles) for e in shown],
        evidence_total=len(chosen),
        evidence_types=sorted({QUAD_NAMES[int(e.quad_class)].replace(" ", "-") for e in events}),
    )
    return page.model_dump()


def event_mix(events: Sequence[Event]) -> list[MixRow]:
    """Events and Goldstein sums per year and QuadClass (undated events under "undated")."""
    counts: Counter[tuple[str, int]] = Counter()
    sums: defaultdict[tuple[str, int], float] = defaultdict(float)
    for e in events:
        key = (str(e.date.year) if e.date else "undated", int(e.quad_class))
        counts[key] += 1
        sums[key] += float(e.goldstein)
    return [
        MixRow(period=p, quad_class=q, events=n, goldstein=round(sums[(p, q)], 3))
        for (p, q), n in sorted(counts.items())
    ]


def actor(g: Any, actor_id: str, *, peers: Sequence[str] = ("USA", "RUS", "CHN")) -> dict[str, Any]:
    """Whom the actor cooperates with and opposes, and its UN agreement with a few peers."""
    out_df = g.events_df(source=actor_id)
    in_df = g.events_df(target=actor_id)
    partners = _partners(g, actor_id, out_df, in_df)
    alignment: list[AlignmentPoint] = []
    errors: list[str] = []
    for peer in peers:
        if peer == actor_id:
            continue
        frame, error = _channel(g, "agreement", actor_id, peer, by="year")
        if error:
            errors.append(error)
            continue
        alignment.extend(_alignment_points(peer, plain(frame) or []))
    page = ActorPage(
        page="actor",
        actor=actor_ref(g, actor_id),
        events_as_source=len(out_df),
        events_as_target=len(in_df),
        partners=partners,
        alignment=alignment,
        alignment_error="; ".join(sorted(set(errors))) or None,
    )
    return page.model_dump()


def _partners(g: Any, actor_id: str, out_df: Any, in_df: Any) -> list[Partner]:
    """Counterparts in either direction, with cooperation and conflict counts."""
    rows: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
    for df, col in ((out_df, "target"), (in_df, "source")):
        if len(df) == 0:
            continue
        for other, quad, gold in zip(df[col], df["quad_class"], df["goldstein"], strict=True):
            if other is None or other != other or other == actor_id:
                continue
            r = rows[str(other)]
            r[0] += 1
            r[1 if int(quad) in (1, 2) else 2] += 1
            r[3] += float(gold)
    names = _names(g, rows)
    ranked = sorted(rows.items(), key=lambda kv: (-kv[1][0], kv[0]))[:24]
    return [
        Partner(
            id=k,
            name=names[k],
            events=int(v[0]),
            cooperation=int(v[1]),
            conflict=int(v[2]),
            goldstein=round(v[3], 3),
            link=f"/dyad/{actor_id}/{k}",
        )
        for k, v in ranked
    ]


def _alignment_points(peer: str, records: list[Any]) -> list[AlignmentPoint]:
    """Read an agreement frame tolerantly: a period column and an agreement column."""
    points = []
    for rec in records:
        if not isinstance(rec, dict):
            continue
        period = next((rec[k] for k in ("year", "session", "period", "date") if k in rec), None)
        value = next(
            (rec[k] for k in ("agreement", "coincidence", "value", "score") if k in rec), None
        )
        if period is None:
            continue
        points.append(
            AlignmentPoint(
                peer=peer,
                period=str(period),
                # a year without data is a gap in the chart, never a 0 (NaN -> None)
                agreement=float(value)
                if isinstance(value, int | float) and value == value
                else None,
            )
        )
    return points


def document(g: Any, doc_id: str, *, summary: int | None = None) -> dict[str, Any] | None:
    """The text cut into segments, each coded sentence carrying its events; None if unknown."""
    doc = g.document(doc_id)
    if doc is None:
        return None
    events = g.events(doc_id=doc.id)
    summary_value, summary_error = None, None
    if summary:
        n = max(1, min(int(summary), 20))
        summary_value, summary_error = _channel(g, "summarize", doc.id, sentences=n)
    titles = {doc.id: doc.title or doc.origin}
    page = DocumentPage(
        page="document",
        document=doc_ref(doc),
        text_length=len(doc.text),
        segments=segments(doc.text, events),
        events=[evidence_row(e, titles) for e in events],
        summary=plain(summary_value) if summary_value is not None else None,
        summary_error=summary_error,
    )
    return page.model_dump()


def _hover(events: Sequence[Event]) -> str:
    parts = []
    for e in events:
        date = e.date.isoformat() if e.date else "undated"
        neg = " (negated)" if e.negated else ""
        parts.append(f"CAMEO {e.cameo}{neg} · {e.source} → {e.target or '?'} · {date}")
    return "\n".join(parts)


def segments(text: str, events: Sequence[Event]) -> list[Segment]:
    """Cut the text at coded sentences: plain runs and marked sentences, covering it all.

    Overlapping sentence spans (never expected, but the data are outside input) are merged
    into the first one; spans outside the text are ignored.
    """
    by_span: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for e in events:
        if 0 <= e.sentence_start < e.sentence_end <= len(text):
            by_span[(e.sentence_start, e.sentence_end)].append(e)
    out: list[Segment] = []
    pos = 0
    for (start, end), evs in sorted(by_span.items()):
        if start < pos:
            continue
        if start > pos:
            out.append(
                Segment(
                    start=pos,
                    end=start,
                    text=text[pos:start],
                    event_ids=[],
                    hover=None,
                    triggers=[],
                )
            )
        triggers = sorted(
            {
                (e.trigger_start - start, e.trigger_end - start)
                for e in evs
                if start <= e.trigger_start < e.trigger_end <= end
            }
        )
        out.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                event_ids=[e.id for e in evs],
                hover=_hover(evs),
                triggers=[list(t) for t in _disjoint(triggers)],
            )
        )
        pos = end
    if pos < len(text):
        out.append(
            Segment(
                start=pos, end=len(text), text=text[pos:], event_ids=[], hover=None, triggers=[]
            )
        )
    return out


def _disjoint(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return kept


def pieces(segment: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """A marked segment's text as (text, is_trigger) runs, for the template to emphasise."""
    text: str = segment["text"]
    runs: list[tuple[str, bool]] = []
    pos = 0
    for s, e in segment["triggers"]:
        if s > pos:
            runs.append((text[pos:s], False))
        runs.append((text[s:e], True))
        pos = e
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs


def ask(g: Any, q: str) -> dict[str, Any]:
    """The facade's answer to a question, as its dict. A question it cannot parse is an error."""
    q = q.strip()
    if not q:
        return AnswerPage(page="answer", q="", answer=None, error=None).model_dump()
    fn = getattr(g, "ask", None)
    if fn is None:
        return AnswerPage(page="answer", q=q, answer=None, error=f"ask: {NOT_YET}").model_dump()
    answer = fn(q)
    return AnswerPage(page="answer", q=q, answer=plain(answer), error=None).model_dump()


def search(g: Any, q: str, *, limit: int = 20) -> dict[str, Any]:
    """Full-text search over stored sentences (the facade's BM25 index)."""
    q = q.strip()
    hits: list[dict[str, Any]] = []
    error = None
    if q:
        found, error = _channel(g, "search", q, limit=max(1, min(limit, 100)))
        hits = [h for h in (plain(found) or []) if isinstance(h, dict)]
    return SearchPage(page="search", q=q, hits=hits, error=error).model_dump()


def votes(
    g: Any,
    *,
    states: Sequence[str] = DEFAULT_VOTE_STATES,
    year: int | None = None,
    on: str = "palestine",
) -> dict[str, Any]:
    """The agreement heatmap of a few states and their position on a topic over time."""
    states = [s for s in dict.fromkeys(states) if s][:30]
    frame, matrix_error = _channel(g, "agreement_matrix", year=year)
    matrix = _matrix(frame, states) if frame is not None else None
    if frame is not None and matrix is None:
        matrix_error = "no votes for these states; import UN votes with `geostance votes import`"
    positions: list[PositionPoint] = []
    errors = []
    for state in states:
        rows, error = _channel(g, "position", state, on=on)
        if error:
            errors.append(error)
            continue
        positions.extend(_position_points(state, plain(rows) or []))
    page = VotesPage(
        page="votes",
        states=list(states),
        year=year,
        on=on,
        matrix=matrix,
        matrix_error=matrix_error,
        positions=positions,
        positions_error="; ".join(sorted(set(errors))) or None,
    )
    return page.model_dump()


def _matrix(frame: Any, states: Sequence[str]) -> MatrixData | None:
    """The sub-matrix of a square agreement frame (states as index and columns)."""
    if not _is_frame(frame):
        return None
    have = [s for s in states if s in set(frame.index) and s in set(frame.columns)]
    if not have:
        return None
    values = [[_num(frame.loc[a, b]) for b in have] for a in have]
    return MatrixData(states=have, values=values)


def _num(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return round(f, 4) if math.isfinite(f) else None


def _position_points(state: str, records: list[Any]) -> list[PositionPoint]:
    points = []
    for rec in records:
        if not isinstance(rec, dict):
            continue
        period = next((rec[k] for k in ("year", "session", "period", "date") if k in rec), None)
        value = next(
            (rec[k] for k in ("yes_share", "share_yes", "position", "value", "score") if k in rec),
            None,
        )
        if period is not None:
            points.append(PositionPoint(state=state, period=str(period), value=_num(value)))
    return points


def ingest_results(results: Iterable[Any]) -> dict[str, Any]:
    items = [
        IngestItem(
            origin=r.origin,
            status=r.status,
            doc_id=r.doc_id,
            reason=r.reason,
            events=int(r.events),
            warnings=list(r.warnings),
        )
        for r in results
    ]
    return IngestResponse(results=items).model_dump()


# -- charts: SVG geometry from the page dicts (HTML only) -------------------------------------
def line_chart(
    series: Mapping[str, Sequence[tuple[str, float | None]]],
    *,
    width: int = 640,
    height: int = 220,
    y_range: tuple[float, float] | None = None,
) -> dict[str, Any] | None:
    """Polylines over shared categorical x labels (sorted), one per series."""
    labels = sorted({x for pts in series.values() for x, y in pts if y is not None})
    values = [y for pts in series.values() for _, y in pts if y is not None]
    if not labels or not values:
        return None
    lo, hi = y_range or (min(values), max(values))
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    left, right, top, bottom = 44, 12, 12, 28
    step = (width - left - right) / max(1, len(labels) - 1)

    def sx(label: str) -> float:
        i = labels.index(label)
        return round(left + (i * step if len(labels) > 1 else (width - left - right) / 2), 1)

    def sy(v: float) -> float:
        return round(top + (hi - v) / (hi - lo) * (height - top - bottom), 1)

    lines = []
    for i, (name, pts) in enumerate(series.items()):
        marks = [(sx(x), sy(y), x, y) for x, y in sorted(pts) if y is not None]
        if not marks:
            continue
        lines.append(
            {
                "name": name,
                "color": SERIES_COLORS[i % len(SERIES_COLORS)],
                "points": " ".join(f"{x},{y}" for x, y, _, _ in marks),
                "marks": [
                    {"x": x, "y": y, "title": f"{name} {lab}: {v:.2f}"} for x, y, lab, v in marks
                ],
            }
        )
    every = max(1, len(labels) // 10)
    return {
        "width": width,
        "height": height,
        "lines": lines,
        "xticks": [{"x": sx(lab), "label": lab} for lab in labels[::every]],
        "yticks": [{"y": sy(v), "label": f"{v:.2g}"} for v in (lo, (lo + hi) / 2, hi)],
        "zero": sy(0.0) if lo < 0 < hi else None,
        "base": height - bottom,
        "left": left,
        "right": width - right,
    }


def mix_chart(
    mix: Sequence[Mapping[str, Any]], *, width: int = 640, height: int = 200
) -> dict[str, Any] | None:
    """Stacked bars of events per period, coloured by QuadClass."""
    if not mix:
        return None
    periods = sorted({m["period"] for m in mix})
    totals = {p: sum(m["events"] for m in mix if m["period"] == p) for p in periods}
    peak = max(totals.values()) or 1
    left, right, top, bottom = 44, 12, 12, 28
    band = (width - left - right) / len(periods)
    bars = []
    for i, p in enumerate(periods):
        y = height - bottom
        for q in (1, 2, 3, 4):
            n = sum(m["events"] for m in mix if m["period"] == p and m["quad_class"] == q)
            if not n:
                continue
            h = n / peak * (height - top - bottom)
            y -= h
            bars.append(
                {
                    "x": round(left + i * band + band * 0.1, 1),
                    "y": round(y, 1),
                    "w": round(band * 0.8, 1),
                    "h": round(max(h, 0.5), 1),
                    "color": QUAD_COLORS[q],
                    "title": f"{p}: {n} {QUAD_NAMES[q]}",
                }
            )
    every = max(1, len(periods) // 10)
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "xticks": [
            {"x": round(left + i * band + band / 2, 1), "label": p}
            for i, p in enumerate(periods)
            if i % every == 0
        ],
        "peak": peak,
        "base": height - bottom,
        "top": top,
        "left": left,
        "legend": [{"color": QUAD_COLORS[q], "label": QUAD_NAMES[q]} for q in (1, 2, 3, 4)],
    }


def graph_chart(
    center: str, partners: Sequence[Mapping[str, Any]], *, size: int = 420
) -> dict[str, Any] | None:
    """A radial layout: the actor in the middle, partners on a circle, edges by tone."""
    if not partners:
        return None
    c = size / 2
    r = size / 2 - 60
    peak = max(p["events"] for p in partners) or 1
    nodes = []
    for i, p in enumerate(partners):
        angle = 2 * math.pi * i / len(partners) - math.pi / 2
        x, y = c + r * math.cos(angle), c + r * math.sin(angle)
        coop = p["cooperation"] >= p["conflict"]
        nodes.append(
            {
                "id": p["id"],
                "name": p["name"],
                "x": round(x, 1),
                "y": round(y, 1),
                "lx": round(c + (r + 26) * math.cos(angle), 1),
                "ly": round(c + (r + 26) * math.sin(angle) + 4, 1),
                "width": round(1 + 7 * p["events"] / peak, 1),
                "color": "#1b7837" if coop else "#b2182b",
                "link": p["link"],
                "title": (
                    f"{p['name']}: {p['cooperation']} cooperative, {p['conflict']} conflictual"
                ),
            }
        )
    return {"size": size, "cx": c, "cy": c, "center": center, "nodes": nodes}


def heatmap_chart(matrix: Mapping[str, Any] | None, *, cell: int = 44) -> dict[str, Any] | None:
    """Cells coloured from red (0: never agree) to green (1: always agree)."""
    if not matrix or not matrix.get("states"):
        return None
    states = matrix["states"]
    pad = 48
    cells = []
    for i, a in enumerate(states):
        for j, b in enumerate(states):
            v = matrix["values"][i][j]
            cells.append(
                {
                    "x": pad + j * cell,
                    "y": pad + i * cell,
                    "color": _diverging(v),
                    "label": "" if v is None else f"{v:.2f}",
                    "title": f"{a}–{b}: {'no data' if v is None else f'{v:.2f}'}",
                }
            )
    size = pad + len(states) * cell + 4
    return {
        "size": size,
        "cell": cell,
        "cells": cells,
        "rows": [{"y": pad + i * cell + cell / 2 + 4, "label": s} for i, s in enumerate(states)],
        "cols": [{"x": pad + j * cell + cell / 2, "label": s} for j, s in enumerate(states)],
        "pad": pad,
    }


def _diverging(v: float | None) -> str:
    if v is None:
        return "#eeeeee"
    t = min(1.0, max(0.0, float(v)))
    red, green = (178, 24, 43), (27, 120, 55)
    mid = (247, 247, 247)
    a, b, u = (red, mid, t * 2) if t < 0.5 else (mid, green, (t - 0.5) * 2)
    return "#" + "".join(f"{round(x + (y - x) * u):02x}" for x, y in zip(a, b, strict=True))


def charts(page: Mapping[str, Any]) -> dict[str, Any]:
    """Every chart of a page, derived from its dict alone."""
    kind = page.get("page")
    out: dict[str, Any] = {}
    if kind == "dyad":
        out["mix"] = mix_chart(page["event_mix"])
        out["stance"] = line_chart(stance_series(page.get("stance")), y_range=(-1.0, 1.0))
    elif kind == "actor":
        out["graph"] = graph_chart(page["actor"]["id"], page["partners"])
        series: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
        for p in page["alignment"]:
            series[p["peer"]].append((p["period"], p["agreement"]))
        out["alignment"] = line_chart(series, y_range=(0.0, 1.0))
    elif kind == "votes":
        out["heatmap"] = heatmap_chart(page.get("matrix"))
        pos: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
        for p in page["positions"]:
            pos[p["state"]].append((p["period"], p["value"]))
        out["positions"] = line_chart(pos, y_range=(0.0, 1.0))
    elif kind == "answer" and page.get("answer"):
        out["stance"] = line_chart(stance_series(page["answer"]), y_range=(-1.0, 1.0))
    return out


def stance_series(data: Any) -> dict[str, list[tuple[str, float | None]]]:
    """Per-channel score series found in a stance or answer dict.

    Looks for a list of period rows (``series``, ``timeline`` or ``periods``) whose items name
    a period and hold per-channel scores, either as ``{"words": 0.3, ...}`` or as
    ``{"channel": "words", "score": 0.3}`` rows.
    """
    out: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    if not isinstance(data, Mapping):
        return out
    rows = next(
        (data[k] for k in ("series", "timeline", "periods") if isinstance(data.get(k), list)), None
    )
    if rows is None:
        nested = data.get("stance") or data.get("measure")
        return stance_series(nested) if isinstance(nested, Mapping) else out
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        period = next(
            (row[k] for k in ("period", "year", "label", "start") if row.get(k) is not None), None
        )
        if period is None:
            continue
        if "channel" in row and isinstance(row.get("score"), int | float):
            out[str(row["channel"])].append((str(period), float(row["score"])))
            continue
        nested = row.get("channels")
        chans: Mapping[str, Any] = nested if isinstance(nested, Mapping) else row
        for ch in ("words", "deeds", "votes"):
            v = chans.get(ch)
            if isinstance(v, Mapping):
                v = v.get("score")
            if isinstance(v, int | float):
                out[ch].append((str(period), float(v)))
    return out
