"""Reading the actor gazetteer's CSV files: rows checked, parsed and merged into specs.

The package ships four files (``geostance/data/actors/``: states, organisations, groups,
persons) and a user may add one with the same columns (``docs/actors.md``). ``Builder``
collects the package's rows, then the user's, with the override rules of that page; the
``Gazetteer`` (``actors.py``) turns its specs into actors and lookup tables. A bad user file
raises ConfigError naming the file, the line and the fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from geostance.errors import ConfigError
from geostance.models import Actor

__all__ = [
    "COLUMNS",
    "FORMS",
    "KINDS",
    "MAX_FORM",
    "PACKAGE_FILES",
    "Builder",
    "Spec",
    "SurfaceForm",
    "covers",
    "exact",
    "fold",
    "is_case_sensitive",
    "office",
    "read_package",
    "read_user",
    "span",
    "term_key",
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
    "places",
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
    "places": "place",
}
FORMS: tuple[str, ...] = (*FORM_COLUMNS.values(), "person")
#: Lower is stronger when one text names several entries.
_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_MAX_USER_BYTES = 20_000_000
_MAX_FIELD = 2000
MAX_FORM = 200


# --------------------------------------------------------------------------- forms and terms


@dataclass(frozen=True, slots=True)
class SurfaceForm:
    """One way of writing an entry, for a PhraseMatcher or a lookup.

    ``form`` is name|official|short|adjective|demonym|capital|seat|alias|place|person. Adjective
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


def is_case_sensitive(text: str) -> bool:
    """A short all-capital acronym ("US", "WHO") that must match exactly."""
    letters = [c for c in text.removeprefix("the ") if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


def _role_slug(role: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (role or "").lower()).strip("_")


def span(start: dt.date | None, end: dt.date | None) -> str:
    """A term's dates as written in reasons: '2000-05-07..2008-05-07'."""
    return f"{start.isoformat() if start else ''}..{end.isoformat() if end else ''}"


def office(term: Actor) -> str:
    """'prime minister of RUS'; 'chairman of the PLO, for PLO' when the role names a body."""
    joint = ", for" if " of " in (term.role or "") else " of"
    return f"{term.role}{joint} {term.country}"


def covers(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    """Whether a term that runs from start to end (open ends allowed) includes the day on."""
    return (start is None or start <= on) and (end is None or on <= end)


def term_key(spec: Spec) -> str:
    """The id of one person's term: person id, start date and office."""
    start = spec.start.isoformat() if spec.start else ""
    return f"{spec.id}@{start}/{_role_slug(spec.role)}"


@dataclass(slots=True)
class Spec:
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


def exact(text: str) -> str:
    """The key of a case-sensitive form: spacing and punctuation unified, case kept."""
    text = " ".join(text.translate(_APOSTROPHES).translate(_DASHES).split())
    return text[4:] if text[:4] in ("the ", "The ") else text


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split("|") if p.strip()]


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


def _parse(row: dict[str, str], where: str) -> Spec:
    """One CSV row -> a checked Spec (references to other ids are checked after merging)."""
    for column, value in row.items():
        _text(value, column, where)
    actor_id = row.get("id", "")
    if not _ID_RE.match(actor_id):
        raise _fail(where, f"id {actor_id!r} is not valid", "use upper case, digits and _ (RUS)")
    kind = row.get("kind", "")
    if kind not in KINDS:
        raise _fail(where, f"kind {kind!r} is unknown", f"use one of {', '.join(KINDS)}")
    spec = Spec(id=actor_id, kind=kind, name=row.get("name", ""), where=where)
    _fill(spec, row, where)
    return spec


def _fill(spec: Spec, row: dict[str, str], where: str) -> None:
    for column, form in FORM_COLUMNS.items():
        values = _split(row.get(column, ""))
        for v in values:
            _text(v, column, where, MAX_FORM)
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


def _check_person(spec: Spec, where: str) -> None:
    missing = [c for c in ("country", "role", "start") if not getattr(spec, c)]
    if missing:
        raise _fail(
            where,
            f"person {spec.id} has no {', '.join(missing)}",
            "a person row is one term: give country, role and start (end empty if in office)",
        )


def read_package(name: str) -> str:
    return (resources.files("geostance.data") / "actors" / name).read_text(encoding="utf-8")


def read_user(path: Path) -> str:
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


class Builder:
    """Collects package rows, then user rows, with the override rules of docs/actors.md."""

    def __init__(self) -> None:
        self.entries: dict[str, Spec] = {}
        self.terms: dict[str, list[Spec]] = {}
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

    def _add(self, spec: Spec, user: bool, where: str) -> None:
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

    def _add_term(self, spec: Spec, user: bool, where: str) -> None:
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


def _merge_scalars(old: Spec, new: Spec) -> None:
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
