"""What every page shares: ids, the actor and document references, evidence rows and the
helpers that turn facade results into plain JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
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


NOT_YET = "not available yet"


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


class EvidenceRow(_Model):
    event_id: str
    doc_id: str
    doc_title: str | None
    sentence: str
    date: str | None
    date_precision: str = "day"
    date_end: str | None = None
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


class ErrorBody(_Model):
    error: str
    status: int


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
        date_precision=e.date_precision or "day",
        date_end=e.date_end.isoformat() if e.date_end else None,
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


#: Columns a measure's frame may name its period by, in the order tried.
PERIOD_KEYS = ("year", "session", "period", "date")


def period_value(rec: Any, value_keys: Sequence[str]) -> tuple[Any, Any] | None:
    """(period, value) of one row of a measure's frame, read tolerantly: the first period
    column of ``PERIOD_KEYS`` and the first of ``value_keys`` present (value None when none is);
    None for a row that is not a dict or names no period."""
    if not isinstance(rec, dict):
        return None
    period = next((rec[k] for k in PERIOD_KEYS if k in rec), None)
    if period is None:
        return None
    return period, next((rec[k] for k in value_keys if k in rec), None)
