"""The map page: every state's stance toward one actor or vote topic in one channel.

Each country of the packaged shapes (``data/world/countries.json``) is coloured by its score
on the heatmap's diverging scale (red -1, near-white 0, green +1), hatched when the evidence
is thin, grey without evidence, and links to its dyad page. States the shapes are too coarse
to draw (Singapore, Malta, ...) are listed under the map with their scores.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from geostance.web.views.charts import _diverging
from geostance.web.views.common import ActorRef, _Model, actor_ref, parse_day

CHANNELS = ("words", "deeds", "votes")
DEFAULT_TARGET = "PSE"
#: Fill of a country with no scored evidence (darker than the near-white of a 0 score).
NO_DATA = "#c9c9c9"
#: What each channel's colour says, for the page's title.
MEANING = {
    "words": "what each state says about {t}",
    "deeds": "what each state does toward {t}",
    "votes": "how each state votes on UN resolutions about {t}",
}
#: Targets offered by the chooser (any actor id, name or sided vote topic is accepted).
SUGGESTED = ("PSE", "ISR", "UKR", "RUS", "USA", "CHN", "IRN", "palestine", "gaza", "ukraine")


class MapCountry(_Model):
    id: str
    name: str
    path: str
    score: float | None
    low: float | None
    high: float | None
    n: int
    thin: bool
    color: str
    link: str | None
    title: str


class MapListed(_Model):
    """A scored state the shapes do not draw (too small at 1:110m), listed under the map."""

    id: str
    name: str
    score: float | None
    n: int
    thin: bool
    color: str
    link: str


class LegendItem(_Model):
    color: str
    label: str


class ChannelLink(_Model):
    channel: str
    link: str
    current: bool


class MapPage(_Model):
    page: str
    target: ActorRef
    target_query: str
    topic: str | None
    channel: str
    channels: list[ChannelLink]
    heading: str
    meaning: str
    since: str | None
    until: str | None
    min_evidence: int
    view_box: str
    projection: str
    shapes_source: str
    countries: list[MapCountry]
    unmapped: list[MapListed]
    legend: list[LegendItem]
    scored: int
    thin: int
    notes: list[str]
    suggested: list[str]
    method: str


@lru_cache(maxsize=1)
def shapes() -> dict[str, Any]:
    """The packaged country outlines (read once per process)."""
    text = resources.files("geostance").joinpath("data/world/countries.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def color(score: float | None) -> str:
    """The heatmap's diverging colour for a score in [-1, 1]; grey without one."""
    return NO_DATA if score is None else _diverging((score + 1) / 2)


def map(
    g: Any,
    target: str = DEFAULT_TARGET,
    *,
    channel: str = "words",
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """Every state's stance toward ``target`` in ``channel``, drawn on the world's shapes."""
    first, last = parse_day(since, "since"), parse_day(until, "until")
    result = g.stance_map(target, channel=channel, since=first, until=last)
    tgt = actor_ref(g, result.target)
    rows = {r.source: r for r in result.rows}
    world = shapes()
    countries = []
    for iso, shape in world["countries"].items():
        ref = actor_ref(g, iso)
        known = ref.name != iso
        name = ref.name if known else shape["name"]
        r = rows.get(iso)
        score = None if r is None else r.score
        countries.append(
            MapCountry(
                id=iso,
                name=name,
                path=shape["path"],
                score=_round(score),
                low=None if r is None else _round(r.low),
                high=None if r is None else _round(r.high),
                n=0 if r is None else r.n,
                thin=bool(r is not None and r.thin),
                color=color(score),
                link=f"/dyad/{iso}/{tgt.id}" if known else None,
                title=_title(name, r),
            )
        )
    unmapped = [
        MapListed(
            id=r.source,
            name=actor_ref(g, r.source).name,
            score=_round(r.score),
            n=r.n,
            thin=r.thin,
            color=color(r.score),
            link=f"/dyad/{r.source}/{tgt.id}",
        )
        for r in result.rows
        if r.source not in world["countries"] and r.score is not None
    ]
    unmapped.sort(key=lambda x: (-(x.score or 0.0), x.name))
    scored = [r for r in result.rows if r.score is not None]
    page_since = first.isoformat() if first else None
    page_until = last.isoformat() if last else None
    page = MapPage(
        page="map",
        target=tgt,
        target_query=target,
        topic=result.topic,
        channel=result.channel,
        channels=channel_links(target, result.channel, since=page_since, until=page_until),
        heading=_heading(result.channel, tgt, result.topic),
        meaning=_meaning(result.channel, tgt, result.min_evidence),
        since=page_since,
        until=page_until,
        min_evidence=result.min_evidence,
        view_box=world["viewBox"],
        projection=world["projection"],
        shapes_source=world["source"],
        countries=countries,
        unmapped=unmapped,
        legend=_legend(result.min_evidence),
        scored=len(scored),
        thin=sum(r.thin for r in scored),
        notes=list(result.notes),
        suggested=list(SUGGESTED),
        method=result.method,
    )
    return page.model_dump()


def channel_links(
    target: str, current: str, *, since: str | None = None, until: str | None = None
) -> list[ChannelLink]:
    """The channel switch: this map in each channel, with the same target and window."""
    out = []
    for c in CHANNELS:
        query = {"target": target, "channel": c, "since": since, "until": until}
        link = "/map?" + urlencode({k: v for k, v in query.items() if v})
        out.append(ChannelLink(channel=c, link=link, current=c == current))
    return out


def map_error(target: str, channel: str, message: str) -> dict[str, Any]:
    """What the page shows when the map cannot be drawn (unknown target, bad date): the
    message, and the chooser to try again."""
    chosen = channel if channel in CHANNELS else "words"
    return {
        "page": "map",
        "error": message,
        "target_query": target,
        "channel": chosen,
        "channels": [c.model_dump() for c in channel_links(target, chosen)],
        "suggested": list(SUGGESTED),
    }


def _heading(channel: str, target: ActorRef, topic: str | None) -> str:
    what = f"{target.name}" if topic is None else f"{target.name} (topic “{topic}”)"
    return f"Stance toward {what} in {channel}: green for, red against"


def _meaning(channel: str, target: ActorRef, min_evidence: int) -> str:
    what = MEANING[channel].format(t=target.name)
    return (
        f"{what[0].upper()}{what[1:]}, from red (against, −1) through white (even, 0) to green "
        f"(for, +1); grey: no evidence; hatched: thin evidence (fewer than {min_evidence})."
    )


def _legend(min_evidence: int) -> list[LegendItem]:
    steps = [(-1.0, "−1 against"), (-0.5, "−0.5"), (0.0, "0 even"), (0.5, "+0.5"), (1.0, "+1 for")]
    return [LegendItem(color=color(v), label=label) for v, label in steps] + [
        LegendItem(color=NO_DATA, label="no evidence"),
        LegendItem(color="url(#thin)", label=f"thin evidence (fewer than {min_evidence})"),
    ]


def _title(name: str, row: Any) -> str:
    if row is None or row.score is None:
        return f"{name}: no evidence"
    thin = " · thin evidence" if row.thin else ""
    return f"{name}: {row.score:+.2f} (n={row.n}){thin}"


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


__all__ = [
    "CHANNELS",
    "ChannelLink",
    "LegendItem",
    "MapCountry",
    "MapListed",
    "MapPage",
    "channel_links",
    "color",
    "map",
    "map_error",
    "shapes",
]
