"""The dyad page: stance over time per channel, the event mix, votes and the evidence list."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from geostance.errors import ConfigError
from geostance.models import Event
from geostance.web.views.common import (
    QUAD_NAMES,
    ActorRef,
    EvidenceRow,
    _by_id_or_name,
    _channel,
    _Model,
    _titles,
    actor_ref,
    check_actor,
    evidence_row,
    parse_day,
    plain,
)

#: The second target a dyad's balance is measured against when the page does not say.
RIVALS = {"PSE": "ISR", "ISR": "PSE"}


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
    pooled: bool = True


class PooledActor(_Model):
    """An actor counted as one side of the dyad (a predecessor state, an organ)."""

    id: str
    name: str
    kind: str | None
    side: str
    into: str
    events: int


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
    #: Actors pooled into either side, with the events each brings (empty: none pooled).
    pooled: list[PooledActor] = []
    #: The dyad's events as coded, source and target ids exactly (in the date window).
    events_as_coded: int = 0
    #: The same with the pooled actors' events: what the stance measures and answers count.
    events_pooled: int | None = None
    #: The second target the balance weighs ``target`` against (None: no balance asked).
    rival: ActorRef | None = None


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
    pooled: bool = True,
) -> dict[str, Any]:
    """Stance over time per channel, the event mix, votes and the filterable evidence list.

    With ``pooled`` (the default) the event mix and the evidence count the events of actors
    pooled into either side (the Soviet Union into Russia, the PLO into Palestine), as the
    stance measures and answers do; without, only the two ids as coded. Either way the page
    says which actors are pooled and how many events each brings.
    """
    if negated not in NEGATION_CHOICES:
        raise ConfigError(f"negated={negated!r}; use one of {', '.join(NEGATION_CHOICES)}")
    first, last = parse_day(since, "since"), parse_day(until, "until")
    limit = max(1, min(int(limit), 500))
    offset = max(0, int(offset))
    coded = g.events(source=source, target=target, since=first, until=last)
    members, _ = _channel(g, "pooled_actors", source, target, since=first, until=last)
    members = [m for m in members or [] if m["events"]]  # those that change the counts
    wide = None
    if members and pooled:
        wide, _ = _channel(g, "pooled_events", source, target, since=first, until=last)
    events = coded if wide is None else wide
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
            pooled=wide is not None or (pooled and not members),
        ),
        stance=plain(stance) if stance is not None else None,
        stance_error=stance_error,
        balance=plain(balance) if balance is not None else None,
        balance_error=balance_error,
        rival=actor_ref(g, rival) if rival and rival != target else None,
        event_mix=event_mix(events),
        votes=plain(votes) if votes is not None else [],
        votes_error=votes_error,
        evidence=[evidence_row(e, titles) for e in shown],
        evidence_total=len(chosen),
        evidence_types=sorted({QUAD_NAMES[int(e.quad_class)].replace(" ", "-") for e in events}),
        pooled=[PooledActor(**plain(m)) for m in members],
        events_as_coded=len(coded),
        events_pooled=None if wide is None else len(wide),
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
