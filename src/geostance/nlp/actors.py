"""The actor gazetteer: which state, organisation or group a name stands for, on a date.

The data ship as four CSV files in ``geostance/data/actors/`` (states, organisations, groups,
persons; see ``docs/actors.md``) and a user may add one more file with the same columns.
Everything is parsed once into dictionaries (folded alias -> surface forms), so a lookup is
a dictionary hit; nothing here imports spaCy, so the event coder and the CLI share one table.

Persons are rows of terms (one per office held). A person's name resolves to the actor the
person spoke for on the date asked about: "Putin" in 2010 is Russia via the prime minister's
office, "Clinton" in 1995 is the president and in 2010 the secretary of state.

Reading, checking and merging the files is in ``actor_files.py``; the table and its lookups
are here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import gc
import re
from collections.abc import Iterable
from pathlib import Path

from geostance.errors import QuestionError
from geostance.models import Actor, Resolution
from geostance.nlp.actor_files import (
    COLUMNS,
    FORMS,
    KINDS,
    MAX_FORM,
    PACKAGE_FILES,
    Builder,
    Spec,
    SurfaceForm,
    covers,
    exact,
    fold,
    is_case_sensitive,
    office,
    read_package,
    read_user,
    span,
    term_key,
)

__all__ = [
    "COLUMNS",
    "FORMS",
    "FORM_RANK",
    "Gazetteer",
    "SurfaceForm",
    "default_gazetteer",
    "fold",
]

#: How strongly a form names its actor (lower first; also the form a mention keeps).
FORM_RANK = {
    "name": 0, "official": 0, "short": 0, "alias": 1, "seat": 1, "capital": 1, "person": 1,
    "adjective": 2, "demonym": 2, "place": 3,
}  # fmt: skip
_VIA = {
    "name": "name",
    "official": "official name",
    "short": "short name",
    "adjective": "adjective",
    "demonym": "demonym",
    "capital": "capital",
    "seat": "seat of government",
    "alias": "alias",
    "place": "place",
}
#: Titles put before a person's short name ("President Putin") by the role held.
_TITLES = {
    "president": ("President",),
    "acting president": ("President", "Acting President"),
    "prime minister": ("Prime Minister", "PM"),
    "premier": ("Premier",),
    "chancellor": ("Chancellor",),
    "foreign minister": ("Foreign Minister",),
    "external affairs minister": ("External Affairs Minister", "Foreign Minister"),
    "secretary of state": ("Secretary of State",),
    "foreign secretary": ("Foreign Secretary",),
    "secretary-general": ("Secretary-General", "Secretary General"),
    "supreme leader": ("Supreme Leader",),
    "crown prince": ("Crown Prince",),
}
_HEAD_ROLES: tuple[str, ...] = (
    "president",
    "king",
    "queen",
    "emir",
    "sultan",
    "supreme leader",
    "chancellor",
    "pope",
    "general secretary",
    "chairman",
    "leader",
    "secretary-general",
)
#: Words that, after a state's name or adjective, still mean the state ("Russian officials").
_BODIES = frozenset(
    """government govt administration authorities officials official leader leaders leadership
    cabinet parliament president presidency prime minister foreign ministry ministry of foreign
    affairs foreign office foreign minister defence defense army military armed forces navy
    air force troops embassy ambassador envoy delegation mission spokesman spokeswoman
    spokesperson regime state media diplomats diplomat negotiators""".split()
)
#: Words that may stand before a person's name ("French Foreign Minister Jean-Yves Le Drian").
_TITLE_WORDS = frozenset(
    """president prime minister foreign secretary of state chancellor king queen emir crown
    prince former acting sen. senator deputy defence defense interior minister leader general
    gen. lt. mr mr. mrs mrs. ms ms. dr dr. supreme ayatollah sheikh premier vice spokesman pm
    external affairs un u.n. secretary-general chief the""".split()
)


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Actors by id and by every way of writing them, with date-aware person resolution."""

    def __init__(self, builder: Builder) -> None:
        self._entries: dict[str, Actor] = {}
        self._parent: dict[str, str] = {}
        self._successors: dict[str, tuple[str, ...]] = {}
        self._un: dict[str, str] = {}
        self._terms: dict[str, list[Actor]] = {}
        self._forms: list[SurfaceForm] = []
        self._ci: dict[str, list[SurfaceForm]] = {}
        self._cs: dict[str, list[SurfaceForm]] = {}
        for spec in builder.entries.values():
            self._add_entry(spec)
        for pid, terms in builder.terms.items():
            self._add_person(pid, terms, builder.person_forms.get(pid, {}))
        for sf in self._forms:
            index = self._cs if sf.case_sensitive else self._ci
            index.setdefault(exact(sf.text) if sf.case_sensitive else fold(sf.text), []).append(sf)

    @classmethod
    def load(cls, extra: str | Path | None = None) -> Gazetteer:
        """The package data, extended or overridden by the user's CSV file ``extra``.

        A bad user file raises ConfigError naming the file, the line and the fix.
        """
        paused = gc.isenabled()
        gc.disable()  # thousands of small objects: a collection mid-load would double the time
        try:
            builder = Builder()
            for name in PACKAGE_FILES:
                builder.add_file(read_package(name), f"geostance/data/actors/{name}", user=False)
            if extra:
                path = Path(extra)
                builder.add_file(read_user(path), str(path), user=True)
            builder.check()
            return cls(builder)
        finally:
            if paused:
                gc.enable()

    # ---- building

    def _add_entry(self, spec: Spec) -> None:
        forms = [("name", spec.name), *((f, t) for f, ts in spec.forms.items() for t in ts)]
        actor = Actor(
            id=spec.id,
            name=spec.name,
            kind=spec.kind,  # type: ignore[arg-type]  # checked against KINDS when parsed
            aliases=tuple(dict.fromkeys(t for _, t in forms if t != spec.name)),
            country=spec.parent,
            start=spec.start,
            end=spec.end,
            note=spec.note,
        )
        self._entries[spec.id] = actor
        if spec.parent:
            self._parent[spec.id] = spec.parent
        if spec.successors:
            self._successors[spec.id] = spec.successors
        if spec.un:
            self._un[spec.id] = spec.un
        self._add_forms(spec.id, forms, {fold(a) for a in spec.ambiguous})

    def _add_person(self, pid: str, specs: list[Spec], forms: dict[str, list[str]]) -> None:
        specs = sorted(specs, key=lambda s: (s.start or dt.date.min, s.role or ""))
        texts = [specs[0].name, *(t for ts in forms.values() for t in ts)]
        shorts = forms.get("short", [])
        for spec in specs:
            for title in _TITLES.get(spec.role or "", ()):
                texts.extend(f"{title} {s}" for s in shorts)
        texts = list(dict.fromkeys(texts))
        terms = []
        for spec in specs:
            term = Actor(
                id=pid,
                name=spec.name,
                kind="person",
                aliases=tuple(t for t in texts if t != spec.name),
                country=spec.country,
                role=spec.role,
                start=spec.start,
                end=spec.end,
                note=spec.note,
            )
            self._entries[term_key(spec)] = term
            terms.append(term)
        self._terms[pid] = terms
        ambiguous = {fold(a) for s in specs for a in s.ambiguous}
        self._add_forms(pid, [("person", t) for t in texts], ambiguous)

    def _add_forms(self, key: str, forms: Iterable[tuple[str, str]], ambiguous: set[str]) -> None:
        seen: set[str] = set()
        for form, text in forms:
            if not text or text in seen:
                continue
            seen.add(text)
            self._forms.append(
                SurfaceForm(text, key, form, fold(text) in ambiguous, is_case_sensitive(text))
            )

    # ---- listing

    def actors(self, kind: str | None = None) -> list[Actor]:
        """Every actor (persons: one per term), optionally of one kind, in id order."""
        if kind is not None and kind not in KINDS:
            raise QuestionError(f"no actor kind {kind!r}; use one of {', '.join(KINDS)}")
        out = [a for a in self._entries.values() if kind is None or a.kind == kind]
        order = {k: i for i, k in enumerate(KINDS)}
        return sorted(out, key=lambda a: (order[a.kind], a.id, a.start or dt.date.min))

    def get(self, actor_id: str) -> Actor | None:
        """An actor by id (any case); a person id gives the person's latest term."""
        actor_id = actor_id.strip().upper()
        if actor_id in self._terms:
            return self._terms[actor_id][-1]
        actor = self._entries.get(actor_id)
        return actor if actor is not None and actor.kind != "person" else None

    def entry(self, key: str) -> Actor:
        """The Actor behind an entry key: an actor id, a person id or a person's term key."""
        actor = self._entries.get(key) or self.get(key)
        if actor is None:
            raise QuestionError(f"no gazetteer entry {key!r}; keys come from surface_forms()")
        return actor

    def forms(self) -> list[SurfaceForm]:
        """Every surface form with its entry key, form kind and ambiguity flags."""
        return list(self._forms)

    def surface_forms(self) -> list[tuple[str, str]]:
        """(surface text, entry key) for every form, for a spaCy PhraseMatcher.

        Forms written with "the" also come without it and with "The"; persons are keyed by
        person id (use ``speaks_for`` with the sentence date). Possessives are left to the
        matcher's user.
        """
        out: dict[tuple[str, str], None] = {}
        for sf in self._forms:
            out[(sf.text, sf.key)] = None
            if sf.text.startswith("the "):
                out[(sf.text[4:], sf.key)] = None
                out[("The " + sf.text[4:], sf.key)] = None
        return list(out)

    def un_status(self, actor_id: str) -> str | None:
        """'member', 'observer' or None (not a UN member state)."""
        return self._un.get(actor_id)

    def successor(self, actor_id: str) -> str | None:
        """The (first) successor of a former state or body: SUN -> RUS, OAU -> AU."""
        successors = self._successors.get(actor_id)
        return successors[0] if successors else None

    def parent(self, actor_id: str) -> str | None:
        """The actor this one belongs to or represents: UNSC -> UN, PA -> PSE."""
        return self._parent.get(actor_id)

    def terms(self, person_id: str) -> list[Actor]:
        """A person's terms in date order (empty for an unknown id)."""
        return list(self._terms.get(person_id.split("@")[0], ()))

    # ---- resolving

    def candidates(self, name: str) -> list[SurfaceForm]:
        """The surface forms a text matches exactly (case-sensitive forms) or folded."""
        found = list(self._cs.get(exact(name), ())) + list(self._ci.get(fold(name), ()))
        if not found:
            bare = re.sub(r"['\u2019]s?$", "", name.strip())
            if bare != name.strip():
                found = list(self._cs.get(exact(bare), ())) + list(self._ci.get(fold(bare), ()))
        return found

    def speaks_for(self, key: str, on: dt.date | None) -> str | None:
        """The actor id a person (id or term key) spoke for on ``on``; None outside any term.

        With ``on`` None the current term counts (data as of 2025). A non-person entry
        speaks for itself.
        """
        pid = key.split("@")[0]
        if pid not in self._terms:
            actor = self._entries.get(key)
            if actor is None:
                raise QuestionError(f"no gazetteer entry {key!r}; keys come from surface_forms()")
            return actor.id
        term = self._term_on(pid, on)
        return term.country if term else None

    def resolve(self, name: str, on: dt.date | None = None, *, hints: bool = True) -> Resolution:
        """How a name resolves to an actor id on a date, and why (``actors --find``).

        ``hints=False`` skips the "did you mean" search (about 20 ms per unknown name),
        for callers that resolve many spans and do not show the reason to a person.
        """
        text = " ".join(name.split())
        if not text:
            return Resolution(name, None, "empty", "no name given; pass a name such as 'Russia'")
        if len(text) > MAX_FORM:
            return Resolution(name, None, "unknown", f"a {len(text)}-character name is no actor")
        found = self.candidates(text)
        if found:
            return self._choose(name, found, on)
        by_id = self.get(text) if text.isupper() else None
        if by_id is not None and by_id.kind != "person":
            return Resolution(name, by_id.id, "actor id", f"{text!r} is the id of {by_id.name}")
        body = self._government_body(name, text, on) or self._titled_person(name, text, on)
        if body is not None:
            return body
        near = ", ".join(f"{a.name} ({a.id})" for a in self.suggest(text)) if hints else ""
        reason = f"no actor {text!r}" + (f"; did you mean {near}?" if near else "")
        return Resolution(name, None, "unknown", reason)

    def suggest(self, name: str, n: int = 3) -> list[Actor]:
        """Actors whose forms are closest to ``name`` (difflib), for "did you mean ...?"."""
        keys = list(self._ci) + [fold(k) for k in self._cs]
        close = difflib.get_close_matches(fold(name), keys, n=n * 4, cutoff=0.6)
        out: dict[str, Actor] = {}
        for key in close:
            for sf in self._ci.get(key, []) + self._cs.get(key.upper(), []):
                actor = self.get(sf.key)
                if actor is not None and len(out) < n:
                    out.setdefault(actor.id if actor.kind != "person" else sf.key, actor)
        return list(out.values())

    def _choose(self, name: str, found: list[SurfaceForm], on: dt.date | None) -> Resolution:
        best: dict[str, SurfaceForm] = {}
        for sf in found:
            if sf.key not in best or FORM_RANK[sf.form] < FORM_RANK[best[sf.key].form]:
                best[sf.key] = sf
        things = [sf for sf in best.values() if sf.form != "person"]
        if things:
            return self._choose_actor(name, things, on)
        return self._choose_person(name, list(best.values()), on)

    def _choose_actor(self, name: str, found: list[SurfaceForm], on: dt.date | None) -> Resolution:
        def rank(sf: SurfaceForm) -> tuple[int, bool, int]:
            a = self._entries[sf.key]
            bounded = on is not None and a.end is not None and covers(a.start, a.end, on)
            return (FORM_RANK[sf.form], sf.ambiguous, 0 if bounded else 1)

        active = [sf for sf in found if self._active(self._entries[sf.key], on)]
        pool = sorted(active or found, key=rank)
        top = [sf for sf in pool if rank(sf) == rank(pool[0])]
        if len({sf.key for sf in top}) > 1:
            listed = ", ".join(f"{self._entries[sf.key].name} ({sf.key}, {sf.form})" for sf in top)
            return Resolution(
                name, None, "ambiguous", f"{name.strip()!r} names several actors: {listed}"
            )
        sf = top[0]
        return Resolution(name, sf.key, _VIA[sf.form], self._actor_reason(name, sf, on))

    def _active(self, actor: Actor, on: dt.date | None) -> bool:
        if on is None:
            return actor.end is None
        return covers(actor.start, actor.end, on)

    def _actor_reason(self, name: str, sf: SurfaceForm, on: dt.date | None) -> str:
        actor = self._entries[sf.key]
        reason = f"{name.strip()!r} is the {_VIA[sf.form]} of {actor.name} ({actor.id})"
        if actor.kind == "former_state" or (actor.end and actor.kind == "igo"):
            reason += f"; it existed {span(actor.start, actor.end)}"
            if self.successor(actor.id):
                reason += f", successor {self.successor(actor.id)}"
        if sf.ambiguous:
            reason += "; this form is marked ambiguous: require an entity label before coding"
        if actor.id in self._parent:
            reason += f"; part of {self._parent[actor.id]}"
        return reason

    def _term_on(self, pid: str, on: dt.date | None) -> Actor | None:
        """The term of a person in force on a date (None: the current term), best role first."""
        terms = self._terms[pid]
        live = [t for t in terms if (t.end is None if on is None else covers(t.start, t.end, on))]
        if not live:
            return None
        return min(live, key=self._term_rank)

    def _term_rank(self, term: Actor) -> tuple[int, int, int]:
        """Order of a person's overlapping terms: for a state before a group, head first."""
        country = self._entries.get(term.country or "")
        state = 0 if country is not None and country.kind in ("state", "former_state") else 1
        role = (term.role or "").lower()
        if role in ("prime minister", "premier"):
            rank = 1
        elif any(role.startswith(h) for h in _HEAD_ROLES):
            rank = 0
        else:
            rank = 2
        return (state, rank, -(term.start or dt.date.min).toordinal())

    def _choose_person(self, name: str, found: list[SurfaceForm], on: dt.date | None) -> Resolution:
        live = {sf.key: t for sf in found if (t := self._term_on(sf.key, on)) is not None}
        when = on.isoformat() if on else "the current date of the data (2025)"
        if live:
            countries = {t.country for t in live.values()}
            if len(countries) > 1:
                listed = ", ".join(f"{t.name} ({office(t)})" for t in live.values())
                return Resolution(
                    name,
                    None,
                    "ambiguous",
                    f"{name.strip()!r} names several people in office on {when}: {listed}; "
                    "give the full name",
                )
            term = min(live.values(), key=self._term_rank)
            reason = f"{name.strip()!r} names {term.name}, {office(term)} on {when}"
            return Resolution(name, term.country, self._person_via(term), reason)
        term = self._nearest_term([sf.key for sf in found], on)
        reason = (
            f"{name.strip()!r} names {term.name}, who held no listed office on {when}; "
            f"using the most recent term: {office(term)} "
            f"{span(term.start, term.end)}"
        )
        return Resolution(name, term.country, self._person_via(term), reason)

    def _nearest_term(self, pids: list[str], on: dt.date | None) -> Actor:
        """Outside every term: the latest term that ended before ``on``, else the first after."""
        terms = [t for pid in pids for t in self._terms[pid]]
        if on is not None:
            before = [t for t in terms if t.end is not None and t.end < on]
            if before:
                return max(before, key=lambda t: t.end or dt.date.min)
            return min(terms, key=lambda t: t.start or dt.date.min)
        return max(terms, key=lambda t: t.end or dt.date.max)

    @staticmethod
    def _person_via(term: Actor) -> str:
        return f"person {term.name} ({office(term)}, {span(term.start, term.end)})"

    def _titled_person(self, name: str, text: str, on: dt.date | None) -> Resolution | None:
        """'French Foreign Minister Jean-Yves Le Drian' -> the person after titles and origin."""
        words = text.split()
        for i in range(1, len(words)):
            people = [sf for sf in self.candidates(" ".join(words[i:])) if sf.form == "person"]
            if people and all(self._is_title(w) for w in words[:i]):
                found = self._choose_person(" ".join(words[i:]), people, on)
                reason = f"{' '.join(words[:i])!r} are titles; {found.reason}"
                return Resolution(name, found.actor, found.via, reason)
        return None

    def _is_title(self, word: str) -> bool:
        if fold(word) in _TITLE_WORDS:
            return True
        return any(sf.form != "person" for sf in self.candidates(word))

    def _government_body(self, name: str, text: str, on: dt.date | None) -> Resolution | None:
        """'Russian officials', 'the Foreign Ministry of Russia' -> the state, not a person."""
        words = text.split()
        low = [fold(w) for w in words]
        split_at = [i for i, w in enumerate(low) if w == "of"]
        tries: list[tuple[str, str]] = []
        for i in split_at:
            tries.append((" ".join(words[:i]), " ".join(words[i + 1 :])))
        for i in range(len(words) - 1, 0, -1):
            tries.append((" ".join(words[i:]), " ".join(words[:i])))
        for body, who in tries:
            body_words = fold(body).split()
            if not body_words or any(w not in _BODIES for w in body_words):
                continue
            things = [sf for sf in self.candidates(who) if sf.form != "person"]
            if things:
                inner = self._choose_actor(who, things, on)
                if inner.actor is not None:
                    reason = f"{body.strip()!r} is a government body; {inner.reason}"
                    return Resolution(name, inner.actor, f"government body ({inner.via})", reason)
        return None


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The package gazetteer, loaded once per process."""
    return Gazetteer.load()
