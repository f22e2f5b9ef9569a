"""The actor gazetteer: which state, organisation or group a name stands for, on a date.

The data ship as four CSV files in ``geostance/data/actors/`` (states, organisations, groups,
persons; see ``docs/actors.md``) and a user may add one more file with the same columns.
Everything is parsed once into dictionaries (folded alias -> surface forms), so a lookup is
a dictionary hit; nothing here imports spaCy, so the event coder and the CLI share one table.

Persons are rows of terms (one per office held). A person's name resolves to the actor the
person spoke for on the date asked about: "Putin" in 2010 is Russia via the prime minister's
office, "Clinton" in 1995 is the president and in 2010 the secretary of state.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import gc
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from geostance.errors import ConfigError, QuestionError
from geostance.models import Actor, Resolution

__all__ = [
    "COLUMNS",
    "FORMS",
    "Gazetteer",
    "SurfaceForm",
    "default_gazetteer",
    "fold",
]

#: Every column a gazetteer file may have; ``id``, ``kind`` and ``name`` are required.
COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "name",
    "official",
    "short",
    "adjectives",
    "demonyms",
    "capitals",
    "seats",
    "aliases",
    "ambiguous",
    "country",
    "role",
    "un",
    "parent",
    "successor",
    "start",
    "end",
    "note",
)
REQUIRED: tuple[str, ...] = ("id", "kind", "name")
KINDS: tuple[str, ...] = ("state", "former_state", "igo", "group", "person", "media")
PACKAGE_FILES: tuple[str, ...] = ("states.csv", "organisations.csv", "groups.csv", "persons.csv")

#: The column each surface-form kind comes from (``person`` covers every form of a person).
FORM_COLUMNS: dict[str, str] = {
    "name": "name",
    "official": "official",
    "short": "short",
    "adjectives": "adjective",
    "demonyms": "demonym",
    "capitals": "capital",
    "seats": "seat",
    "aliases": "alias",
}
FORMS: tuple[str, ...] = (*FORM_COLUMNS.values(), "person")
#: Lower is stronger when one text names several entries.
_FORM_RANK = {
    "name": 0,
    "official": 0,
    "short": 0,
    "alias": 1,
    "seat": 1,
    "capital": 1,
    "person": 1,
    "adjective": 2,
    "demonym": 2,
}
_VIA = {
    "name": "name",
    "official": "official name",
    "short": "short name",
    "adjective": "adjective",
    "demonym": "demonym",
    "capital": "capital",
    "seat": "seat of government",
    "alias": "alias",
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
_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_MAX_USER_BYTES = 20_000_000
_MAX_FIELD = 2000
_MAX_FORM = 200


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    """One way of writing an entry, for a PhraseMatcher or a lookup.

    ``form`` is name|official|short|adjective|demonym|capital|seat|alias|person. Adjective
    and demonym forms ("Russian", "Israelis") are modifiers: "Russian officials" is Russia.
    ``ambiguous`` forms ("Georgia", "Jordan", "Jerusalem") also name other things, so a
    coder should require a place/organisation entity label before using them.
    ``case_sensitive`` forms are short all-capital acronyms ("US", "WHO", "IS") that must
    match exactly, or they would match the words "us", "who" and "is".
    """

    text: str
    key: str
    form: str
    ambiguous: bool = False
    case_sensitive: bool = False


@dataclass(slots=True)
class _Spec:
    """One parsed row (or one person's term) while files are merged; becomes an Actor."""

    id: str
    kind: str
    name: str
    where: str
    forms: dict[str, list[str]] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    country: str | None = None
    role: str | None = None
    un: str | None = None
    parent: str | None = None
    successors: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The lookup key of a text: accents, case, curly quotes, dashes and a leading "the" go.

    So "the Élysée", "Elysee" and "ELYSÉE" meet, and "Pérez de Cuéllar" is found when typed
    without accents. Cached: the same few thousand forms are folded at every load.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).translate(_DASHES))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.casefold().split())
    return text[4:] if text.startswith("the ") else text


def _exact(text: str) -> str:
    """The key of a case-sensitive form: spacing and punctuation unified, case kept."""
    text = " ".join(text.translate(_APOSTROPHES).translate(_DASHES).split())
    return text[4:] if text[:4] in ("the ", "The ") else text


def _is_case_sensitive(text: str) -> bool:
    letters = [c for c in text.removeprefix("the ") if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split("|") if p.strip()]


def _role_slug(role: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (role or "").lower()).strip("_")


def _term_key(spec: _Spec) -> str:
    start = spec.start.isoformat() if spec.start else ""
    return f"{spec.id}@{start}/{_role_slug(spec.role)}"


def _span(start: dt.date | None, end: dt.date | None) -> str:
    return f"{start.isoformat() if start else ''}..{end.isoformat() if end else ''}"


def _office(term: Actor) -> str:
    """'prime minister of RUS'; 'chairman of the PLO, for PLO' when the role names a body."""
    joint = ", for" if " of " in (term.role or "") else " of"
    return f"{term.role}{joint} {term.country}"


def _covers(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


# --------------------------------------------------------------------------- reading files


def _fail(where: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(f"{where}: {problem}; {fix}")


def _decode(data: bytes, origin: str) -> str:
    """Bytes -> text, refusing binary and non-UTF-8 input with the line where it breaks."""
    if not data.strip():
        raise _fail(
            origin, "the actors file is empty", f"start it with a header line: {','.join(REQUIRED)}"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise _fail(f"{origin}:{line}", "binary data (NUL byte)", "give a UTF-8 CSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise _fail(
            f"{origin}:{line}", f"not UTF-8 text (byte 0x{data[e.start]:02x})", "save as UTF-8"
        ) from None


def _rows(text: str, origin: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from CSV text after checking the header."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
        _check_header(header, origin)
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) > len(header):
                raise _fail(
                    f"{origin}:{line}",
                    f"the row has {len(row)} fields but the header has {len(header)}",
                    "quote fields that contain commas",
                )
            yield line, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
    except csv.Error as e:
        raise _fail(
            f"{origin}:{reader.line_num}", f"malformed CSV ({e})", "fix the quoting"
        ) from None


def _check_header(header: list[str], origin: str) -> None:
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise _fail(
            f"{origin}:1",
            f"unknown column(s) {', '.join(repr(u) for u in unknown)}",
            f"use only {', '.join(COLUMNS)}",
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise _fail(
            f"{origin}:1",
            f"missing column(s) {', '.join(missing)}",
            f"the header needs at least {','.join(REQUIRED)}",
        )
    if len(set(header)) != len(header):
        raise _fail(f"{origin}:1", "a column appears twice in the header", "name each column once")


def _date(value: str, column: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        if not _DATE_RE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"{column} {value!r} is not a date", "write YYYY-MM-DD") from None


def _text(value: str, column: str, where: str, limit: int = _MAX_FIELD) -> str:
    if len(value) > limit:
        raise _fail(where, f"{column} is {len(value)} characters long", f"keep it under {limit}")
    if _CONTROL.search(value):
        raise _fail(where, f"{column} contains control characters", "remove them")
    return value


def _parse(row: dict[str, str], where: str) -> _Spec:
    """One CSV row -> a checked _Spec (references to other ids are checked after merging)."""
    for column, value in row.items():
        _text(value, column, where)
    actor_id = row.get("id", "")
    if not _ID_RE.match(actor_id):
        raise _fail(where, f"id {actor_id!r} is not valid", "use upper case, digits and _ (RUS)")
    kind = row.get("kind", "")
    if kind not in KINDS:
        raise _fail(where, f"kind {kind!r} is unknown", f"use one of {', '.join(KINDS)}")
    spec = _Spec(id=actor_id, kind=kind, name=row.get("name", ""), where=where)
    _fill(spec, row, where)
    return spec


def _fill(spec: _Spec, row: dict[str, str], where: str) -> None:
    for column, form in FORM_COLUMNS.items():
        values = _split(row.get(column, ""))
        for v in values:
            _text(v, column, where, _MAX_FORM)
        if values:
            spec.forms.setdefault(form, []).extend(values)
    spec.ambiguous = _split(row.get("ambiguous", ""))
    spec.country = row.get("country") or None
    spec.role = row.get("role") or None
    spec.un = row.get("un") or None
    spec.parent = row.get("parent") or None
    spec.successors = tuple(_split(row.get("successor", "")))
    spec.start = _date(row.get("start", ""), "start", where)
    spec.end = _date(row.get("end", ""), "end", where)
    spec.note = row.get("note") or None
    if spec.start and spec.end and spec.end < spec.start:
        raise _fail(where, f"end {spec.end} is before start {spec.start}", "swap or fix them")
    if spec.un not in (None, "member", "observer"):
        raise _fail(where, f"un {spec.un!r} is unknown", "use member, observer or leave it empty")
    if spec.kind == "person":
        _check_person(spec, where)


def _check_person(spec: _Spec, where: str) -> None:
    missing = [c for c in ("country", "role", "start") if not getattr(spec, c)]
    if missing:
        raise _fail(
            where,
            f"person {spec.id} has no {', '.join(missing)}",
            "a person row is one term: give country, role and start (end empty if in office)",
        )


def _read_package(name: str) -> str:
    return (resources.files("geostance.data") / "actors" / name).read_text(encoding="utf-8")


def _read_user(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > _MAX_USER_BYTES:
            raise _fail(
                str(path), f"the file is {size} bytes", f"keep actor files under {_MAX_USER_BYTES}"
            )
        data = path.read_bytes()
    except OSError as e:
        raise _fail(
            str(path), f"cannot read the actors file ({e.strerror})", "check the path"
        ) from None
    return _decode(data, str(path))


# --------------------------------------------------------------------------- merging


class _Builder:
    """Collects package rows, then user rows, with the override rules of docs/actors.md."""

    def __init__(self) -> None:
        self.entries: dict[str, _Spec] = {}
        self.terms: dict[str, list[_Spec]] = {}
        self.person_forms: dict[str, dict[str, list[str]]] = {}

    def add_file(self, text: str, origin: str, user: bool) -> None:
        seen: dict[str, str] = {}
        for line, row in _rows(text, origin):
            where = f"{origin}:{line}"
            spec = _parse(row, where)
            ident = spec.id if spec.kind != "person" else f"{spec.id}|{spec.role}|{spec.start}"
            if ident in seen:
                raise _fail(where, f"{spec.id} is already defined at {seen[ident]}", "keep one row")
            seen[ident] = where
            self._add(spec, user, where)

    def _add(self, spec: _Spec, user: bool, where: str) -> None:
        if spec.kind == "person":
            self._add_term(spec, user, where)
            return
        old = self.entries.get(spec.id)
        if spec.id in self.terms or (old is not None and not user):
            raise _fail(
                where, f"{spec.id} is already defined at {self._where(spec.id)}", "rename it"
            )
        if old is None:
            if not spec.name:
                raise _fail(where, f"{spec.id} has no name", "give the actor a name")
            spec.forms = {f: [t for t in v if not t.startswith("-")] for f, v in spec.forms.items()}
            self.entries[spec.id] = spec
            return
        if old.kind != spec.kind:
            raise _fail(where, f"{spec.id} is a {old.kind}, not a {spec.kind}", "keep its kind")
        _merge_scalars(old, spec)
        _merge_forms(old.forms, spec.forms)
        removed = ["-" + t[1:] for ts in spec.forms.values() for t in ts if t.startswith("-")]
        old.ambiguous = _merged_list(old.ambiguous, spec.ambiguous + removed)

    def _add_term(self, spec: _Spec, user: bool, where: str) -> None:
        if spec.id in self.entries:
            raise _fail(where, f"{spec.id} is already a {self.entries[spec.id].kind}", "rename it")
        forms = self.person_forms.setdefault(spec.id, {})
        _merge_forms(forms, spec.forms)
        spec.forms = {}
        terms = self.terms.setdefault(spec.id, [])
        same = [t for t in terms if (t.role, t.start) == (spec.role, spec.start)]
        if same and user:
            _merge_scalars(same[0], spec)
            return
        if not spec.name and terms:
            spec.name = terms[0].name
        if user and spec.name and terms:
            for t in terms:
                t.name = spec.name
        if not spec.name:
            raise _fail(where, f"{spec.id} has no name", "give the person a name")
        terms.append(spec)

    def _where(self, actor_id: str) -> str:
        spec = self.entries.get(actor_id)
        return spec.where if spec else self.terms[actor_id][0].where

    def check(self) -> None:
        """References must point at known ids; ambiguous forms must be forms of the entry."""
        for spec in [*self.entries.values(), *(t for ts in self.terms.values() for t in ts)]:
            refs = [("country", spec.country), ("parent", spec.parent)]
            refs += [("successor", s) for s in spec.successors]
            for column, ref in refs:
                if ref and ref not in self.entries:
                    raise _fail(
                        spec.where,
                        f"{column} {ref!r} is not a state, organisation or group id",
                        "add that actor first or fix the id",
                    )
            forms = {fold(t) for ts in spec.forms.values() for t in ts} | {fold(spec.name)}
            for text in spec.ambiguous:
                if fold(text) not in forms:
                    raise _fail(
                        spec.where,
                        f"ambiguous form {text!r} is not one of {spec.id}'s forms",
                        "list it in a name column too",
                    )


def _merge_scalars(old: _Spec, new: _Spec) -> None:
    for attr in ("name", "country", "role", "un", "parent", "start", "end", "note"):
        value = getattr(new, attr)
        if value:
            setattr(old, attr, value)
    if new.successors:
        old.successors = new.successors
    old.where = new.where


def _merge_forms(old: dict[str, list[str]], new: dict[str, list[str]]) -> None:
    """Add new forms; a form written "-Text" removes Text from every column instead."""
    for form, texts in new.items():
        for text in texts:
            if text.startswith("-"):
                gone = fold(text[1:])
                for k in old:
                    old[k] = [t for t in old[k] if fold(t) != gone]
            elif text not in old.setdefault(form, []):
                old[form].append(text)


def _merged_list(old: list[str], new: list[str]) -> list[str]:
    out = list(old)
    for text in new:
        if text.startswith("-"):
            out = [t for t in out if fold(t) != fold(text[1:])]
        elif text not in out:
            out.append(text)
    return out


# --------------------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Actors by id and by every way of writing them, with date-aware person resolution."""

    def __init__(self, builder: _Builder) -> None:
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
            index.setdefault(_exact(sf.text) if sf.case_sensitive else fold(sf.text), []).append(sf)

    @classmethod
    def load(cls, extra: str | Path | None = None) -> Gazetteer:
        """The package data, extended or overridden by the user's CSV file ``extra``.

        A bad user file raises ConfigError naming the file, the line and the fix.
        """
        paused = gc.isenabled()
        gc.disable()  # thousands of small objects: a collection mid-load would double the time
        try:
            builder = _Builder()
            for name in PACKAGE_FILES:
                builder.add_file(_read_package(name), f"geostance/data/actors/{name}", user=False)
            if extra:
                path = Path(extra)
                builder.add_file(_read_user(path), str(path), user=True)
            builder.check()
            return cls(builder)
        finally:
            if paused:
                gc.enable()

    # ---- building

    def _add_entry(self, spec: _Spec) -> None:
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

    def _add_person(self, pid: str, specs: list[_Spec], forms: dict[str, list[str]]) -> None:
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
            self._entries[_term_key(spec)] = term
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
                SurfaceForm(text, key, form, fold(text) in ambiguous, _is_case_sensitive(text))
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
        found = list(self._cs.get(_exact(name), ())) + list(self._ci.get(fold(name), ()))
        if not found:
            bare = re.sub(r"['\u2019]s?$", "", name.strip())
            if bare != name.strip():
                found = list(self._cs.get(_exact(bare), ())) + list(self._ci.get(fold(bare), ()))
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
        if len(text) > _MAX_FORM:
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
            if sf.key not in best or _FORM_RANK[sf.form] < _FORM_RANK[best[sf.key].form]:
                best[sf.key] = sf
        things = [sf for sf in best.values() if sf.form != "person"]
        if things:
            return self._choose_actor(name, things, on)
        return self._choose_person(name, list(best.values()), on)

    def _choose_actor(self, name: str, found: list[SurfaceForm], on: dt.date | None) -> Resolution:
        def rank(sf: SurfaceForm) -> tuple[int, bool, int]:
            a = self._entries[sf.key]
            bounded = on is not None and a.end is not None and _covers(a.start, a.end, on)
            return (_FORM_RANK[sf.form], sf.ambiguous, 0 if bounded else 1)

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
        return _covers(actor.start, actor.end, on)

    def _actor_reason(self, name: str, sf: SurfaceForm, on: dt.date | None) -> str:
        actor = self._entries[sf.key]
        reason = f"{name.strip()!r} is the {_VIA[sf.form]} of {actor.name} ({actor.id})"
        if actor.kind == "former_state" or (actor.end and actor.kind == "igo"):
            reason += f"; it existed {_span(actor.start, actor.end)}"
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
        live = [t for t in terms if (t.end is None if on is None else _covers(t.start, t.end, on))]
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
                listed = ", ".join(f"{t.name} ({_office(t)})" for t in live.values())
                return Resolution(
                    name,
                    None,
                    "ambiguous",
                    f"{name.strip()!r} names several people in office on {when}: {listed}; "
                    "give the full name",
                )
            term = min(live.values(), key=self._term_rank)
            reason = f"{name.strip()!r} names {term.name}, {_office(term)} on {when}"
            return Resolution(name, term.country, self._person_via(term), reason)
        term = self._nearest_term([sf.key for sf in found], on)
        reason = (
            f"{name.strip()!r} names {term.name}, who held no listed office on {when}; "
            f"using the most recent term: {_office(term)} "
            f"{_span(term.start, term.end)}"
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
        return f"person {term.name} ({_office(term)}, {_span(term.start, term.end)})"

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
