"""Hand-built events for the stance, answers, summary and report tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from geostance.models import Event

_COUNTER = itertools.count()
#: (cameo, root, quad, goldstein) of a few acts, one per kind the tests need.
ACTS = {
    "praise": ("051", "05", 1, 3.4),
    "statement": ("010", "01", 1, 0.0),
    "aid": ("073", "07", 2, 7.4),
    "condemn": ("111", "11", 3, -2.0),
    "threaten": ("130", "13", 3, -4.4),
    "attack": ("190", "19", 4, -10.0),
    "sanction": ("163", "16", 4, -8.0),
}
MIRROR = {1: 3, 3: 1, 2: 4, 4: 2}


def ev(
    act: str = "praise",
    *,
    source: str = "RUS",
    target: str | None = "PSE",
    date: dt.date | None = dt.date(2020, 5, 1),
    negated: bool = False,
    modality: Any = "asserted",
    doc_id: str | None = None,
    sentence: str | None = None,
    start: int = 0,
) -> Event:
    """An event of the given act; each call gets its own document unless one is given."""
    cameo, root, quad, gold = ACTS[act]
    k = next(_COUNTER)
    text = sentence or f"Sentence {k} about {source} and {target} ({act})."
    return Event(
        doc_id=doc_id or f"doc{k:05d}",
        sentence=text,
        sentence_start=start,
        sentence_end=start + len(text),
        source=source,
        source_text=source,
        source_start=start,
        source_end=start + 3,
        trigger=act,
        trigger_start=start + 4,
        trigger_end=start + 4 + len(act),
        cameo=cameo,
        cameo_root=root,
        quad_class=quad,
        goldstein=gold,
        plover="X",
        target=target,
        target_text=target,
        negated=negated,
        modality=modality,
        date=date,
        date_precision="day" if date else "unknown",
        confidence=0.8,
    )


def mirror(e: Event) -> Event:
    """The same event with its polarity mirrored: goldstein negated, quad 1<->3, 2<->4."""
    import dataclasses

    return dataclasses.replace(e, goldstein=-e.goldstein, quad_class=MIRROR[e.quad_class])


class TableActors:
    """A small gazetteer over hand-made actors, implementing ``answers.ActorIndex``.

    Used where the real gazetteer (``geostance.nlp.actors``) is not importable yet, and to
    pin the parser's behaviour on a known table; the same tests also run on the real one.
    """

    def __init__(self) -> None:
        from geostance.models import Actor

        self._actors = {
            a.id: a
            for a in (
                Actor("RUS", "Russia", "state", ("Russian Federation", "Moscow", "Kremlin")),
                Actor("SUN", "Soviet Union", "former_state", ("USSR",)),
                Actor("PSE", "Palestine", "state", ("State of Palestine",)),
                Actor("ISR", "Israel", "state", ()),
                Actor("USA", "United States", "state", ("US", "U.S.", "the United States")),
                Actor("CHN", "China", "state", ("Beijing",)),
                Actor("GBR", "United Kingdom", "state", ("UK", "Britain")),
                Actor("FRA", "France", "state", ()),
                Actor("HAM", "Hamas", "group", ()),
                Actor("PUTIN", "Vladimir Putin", "person", ("Putin",), country="RUS"),
            )
        }
        self._forms = {}
        for a in self._actors.values():
            for s in (a.name, *a.aliases):
                self._forms[s.lower()] = a.id

    def resolve(self, name: str, on: Any = None) -> Any:
        from geostance.models import Resolution

        key = name.strip().lower()
        if name.strip().upper() in self._actors:
            return Resolution(name, name.strip().upper(), "id", "an actor id")
        if key in self._forms:
            return Resolution(name, self._forms[key], "alias", "an alias")
        return Resolution(name, None, "none", "no match")

    def get(self, id: str) -> Any:
        return self._actors.get(id)

    def suggest(self, name: str, n: int = 3) -> list[Any]:
        import difflib

        hits = difflib.get_close_matches(name.lower(), list(self._forms), n=n, cutoff=0.6)
        return list(dict.fromkeys(self._actors[self._forms[h]] for h in hits))

    def successor(self, id: str) -> str | None:
        return {"SUN": "RUS"}.get(id)

    def actors(self, kind: str | None = None) -> list[Any]:
        return [a for a in self._actors.values() if kind is None or a.kind == kind]

    def surface_forms(self) -> list[tuple[str, str]]:
        return [(a.name, a.id) for a in self._actors.values()] + [
            (s, a.id) for a in self._actors.values() for s in a.aliases
        ]


# -- end-to-end corpora (the real model, the real store) ---------------------------------

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

STANCE_DATA = Path(__file__).resolve().parent / "data" / "stance"
PRO = ("pro_1.txt", "pro_2.txt", "pro_3.txt")
CON = ("con_1.txt", "con_2.txt")


def open_with(path: Path, nlp: Any) -> Any:
    """A facade on ``path`` reusing the session's loaded pipeline (no second model load)."""
    from geostance import config
    from geostance.app import Geostance

    g = Geostance(settings=config.load(env={}, path=None, db=str(path)))
    g.__dict__["nlp"] = nlp
    return g


def build_db(path: Path, nlp: Any, names: tuple[str, ...]) -> Path:
    with open_with(path, nlp) as g:
        results = g.ingest(*(str(STANCE_DATA / n) for n in names))
        assert all(r.status == "kept" for r in results), results
    return path


@pytest.fixture(scope="session")
def pro_db(tmp_path_factory: Any, nlp: Any) -> Path:
    """A store holding the texts in which Russia backs the Palestinians."""
    return build_db(tmp_path_factory.mktemp("pro") / "pro.duckdb", nlp, PRO)


@pytest.fixture(scope="session")
def con_db(tmp_path_factory: Any, nlp: Any) -> Path:
    """A store holding the texts in which Russia turns against the Palestinians."""
    return build_db(tmp_path_factory.mktemp("con") / "con.duckdb", nlp, CON)


@pytest.fixture
def pro_copy(pro_db: Path, tmp_path: Path) -> Path:
    """A private copy of the pro store, for tests that write to it."""
    target = tmp_path / "copy.duckdb"
    shutil.copy(pro_db, target)
    return target
