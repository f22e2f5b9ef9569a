"""Names in a question -> actors: gazetteer surfaces, ids, demonyms, persons for their state."""

from __future__ import annotations

import re

from geostance.answers.models import ActorIndex
from geostance.errors import QuestionError
from geostance.models import Actor

STOP = {"the", "a", "an", "un", "u.n.", "of", "on", "about", "its", "their", "and", "s"}
_STOP = STOP


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
    return [text[a:b] for a, b in _surface_spans(text, actors)]


def _surface_spans(text: str, actors: ActorIndex) -> list[tuple[int, int]]:
    words = list(re.finditer(r"[\w][\w.'’\-]*", text))
    table = _surface_table(actors)
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        hit = None
        for j in range(min(len(words), i + 6), i, -1):
            span = text[words[i].start() : words[j - 1].end()].rstrip(".'’")
            if span.endswith(("'s", "’s")):
                span = span[:-2]
            key = span.lower()
            if key in table and (not table[key] or span == table[key]):
                hit = (words[i].start(), words[i].start() + len(span), j)
                break
            if j == i + 1 and _demonym_actor(span, actors) is not None:
                hit = (words[i].start(), words[i].start() + len(span), j)
                break
        if hit:
            found.append((hit[0], hit[1]))
            i = hit[2]
        else:
            i += 1
    return found


def actor_spans(text: str, actors: ActorIndex) -> list[tuple[int, int, Actor]]:
    """Actors named in ``text`` with their character spans, in order (repeats kept)."""
    out = []
    for a, b in _surface_spans(text, actors):
        actor = _resolve_name(text[a:b], actors)
        if actor is not None:
            out.append((a, b, actor))
    return out


def as_state(actor: Actor, actors: ActorIndex, names: dict[str, str], notes: list[str]) -> str:
    """An actor's id, a person read as the state they speak for (and said so in ``notes``)."""
    if actor.kind == "person" and actor.country:
        notes.append(f"{actor.name} is read as {actor.country} (whom they speak for)")
        state = _get(actors, actor.country)
        names[actor.country] = state.name if state else actor.country
        return actor.country
    names[actor.id] = actor.name
    return actor.id


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
