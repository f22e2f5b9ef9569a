"""The DuckDB store: migrations, one transaction per document, filters, duplicates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from geostance.errors import StoreError
from geostance.models import Document, Event, Sentence
from geostance.store import Store
from geostance.store.migrations import MIGRATIONS


def make_doc(doc_id: str = "d1", text: str = "Russia condemned Israel.", **kw: object) -> Document:
    return Document(id=doc_id, text=text, origin=f"{doc_id}.txt", **kw)  # type: ignore[arg-type]


def make_event(doc_id: str = "d1", **kw: object) -> Event:
    base = dict(
        doc_id=doc_id,
        sentence="Russia condemned Israel.",
        sentence_start=0,
        sentence_end=24,
        source="RUS",
        source_text="Russia",
        source_start=0,
        source_end=6,
        trigger="condemned",
        trigger_start=7,
        trigger_end=16,
        cameo="111",
        cameo_root="11",
        quad_class=3,
        goldstein=-2.0,
        plover="ACCUSE",
        target="ISR",
        target_text="Israel",
        target_start=17,
        target_end=23,
        date=dt.date(2024, 1, 5),
        date_precision="day",
    )
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_store_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        assert s.migrations() == sorted(name for name, _ in MIGRATIONS)
    with Store(path) as s:
        assert s.migrate() == []


def test_store_add_document_is_idempotent(store: Store) -> None:
    sent = Sentence("d1", 0, 0, 24, "Russia condemned Israel.")
    assert store.add_document(make_doc(), [sent], [make_event()]) is True
    assert store.add_document(make_doc(), [sent], [make_event()]) is False
    assert store.counts() == {"documents": 1, "sentences": 1, "events": 1}


def test_store_event_round_trip_keeps_every_field(store: Store) -> None:
    event = make_event(negated=True, modality="intended", attribution="TASS", confidence=0.7)
    store.add_document(make_doc(), [], [event])
    (back,) = store.events()
    assert back == event
    assert back.id == event.id


def test_store_null_target_and_issue_round_trip(store: Store) -> None:
    """Coder v2 keeps acts with no actor target and names their issue (0004_event_issue)."""
    event = make_event(
        target=None, target_text=None, target_start=None, target_end=None, issue="ceasefire",
        cameo="020", cameo_root="02", quad_class=1, trigger="called",
    )  # fmt: skip
    store.add_document(make_doc(), [], [event])
    (back,) = store.events()
    assert (back.target, back.issue) == (None, "ceasefire")
    assert back == event


def test_store_failed_write_leaves_nothing(store: Store) -> None:
    bad = dataclasses.replace(make_event(), cameo=None)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="d1.txt"):
        store.add_document(make_doc(), [], [bad])
    assert store.counts()["documents"] == 0
    assert store.add_document(make_doc(), [], [make_event()]) is True


def test_store_event_filters(store: Store) -> None:
    store.add_document(make_doc("a"), [], [make_event("a")])
    store.add_document(
        make_doc("b", text="China praised Palestine."),
        [],
        [make_event("b", source="CHN", target="PSE", date=dt.date(2012, 11, 29))],
    )
    assert [e.source for e in store.events(source="CHN")] == ["CHN"]
    assert [e.target for e in store.events(target="ISR")] == ["ISR"]
    assert len(store.events(since=dt.date(2020, 1, 1))) == 1
    assert len(store.events(until=dt.date(2020, 1, 1))) == 1
    assert store.events_df(source="RUS").shape[0] == 1


def test_store_near_duplicates_counted_once(store: Store) -> None:
    store.add_document(make_doc("a"), [], [make_event("a")])
    store.add_document(make_doc("b", duplicate_of="a"), [], [make_event("b")])
    assert len(store.events()) == 1
    assert len(store.events(include_duplicates=True)) == 2
    assert [i for i, _ in store.fingerprints()] == ["a"]


def test_store_document_by_prefix(store: Store) -> None:
    store.add_document(make_doc("abcdef0123456789", title="T", date=dt.date(2024, 4, 18)))
    doc = store.document("abcdef")
    assert doc is not None and doc.title == "T" and doc.date == dt.date(2024, 4, 18)
    assert store.document("zzz") is None


def test_store_documents_newest_first_undated_last(store: Store) -> None:
    """Issue 14: the home page's recent documents came in ingestion order, not by date."""
    for doc_id, day in (("old", dt.date(2001, 1, 1)), ("nodate", None),
                        ("new", dt.date(2024, 5, 1)), ("mid", dt.date(2015, 6, 1))):  # fmt: skip
        store.add_document(make_doc(doc_id, text=f"{doc_id} text.", date=day))
    assert [d.id for d in store.documents()] == ["new", "mid", "old", "nodate"]
    assert [d.id for d in store.documents(limit=2)] == ["new", "mid"]


def test_store_unopenable_path_names_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open store"):
        Store(blocker / "sub" / "s.duckdb")


def test_store_not_a_database_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.duckdb"):
        Store(junk)


def test_store_memory_limit_is_applied(tmp_path: Path) -> None:
    with Store(tmp_path / "m.duckdb", memory_limit="256MB") as s:
        (value,) = s.query("SELECT current_setting('memory_limit')")[0]
        assert value.replace(" ", "").upper().startswith(("256", "244"))


def test_store_bad_memory_limit_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="memory_limit 'lots'.*512MB"):
        Store(tmp_path / "m.duckdb", memory_limit="lots")
    with pytest.raises(StoreError, match="not a size"):
        Store(tmp_path / "m.duckdb", memory_limit="1GB'; DROP TABLE x; --")


def test_store_second_connection_with_other_limit_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "two.duckdb"
    with Store(path, memory_limit="512MB"), Store(path) as other:
        assert other.counts()["documents"] == 0


def test_store_a_document_with_twenty_thousand_events(tmp_path: Path) -> None:
    """Events go in as one Arrow table: 20,000 in one document under DuckDB's default memory
    limit (a per-row insert with ON CONFLICT failed from about 1,300)."""
    s = Store(tmp_path / "big.duckdb")
    n = 20_000
    text = "Russia condemned Israel. " * n
    sentences = [Sentence("big", i, 25 * i, 25 * i + 24, "Russia condemned Israel.", i)
                 for i in range(n)]  # fmt: skip
    events = [
        make_event(
            "big",
            sentence_start=25 * i,
            sentence_end=25 * i + 24,
            source_start=25 * i,
            source_end=25 * i + 6,
            trigger_start=25 * i + 7,
            trigger_end=25 * i + 16,
            target_start=25 * i + 17,
            target_end=25 * i + 23,
        )  # fmt: skip
        for i in range(n)
    ]
    assert len({e.id for e in events}) == n
    assert s.add_document(make_doc("big", text), sentences, [*events, events[0]])
    assert s.query("SELECT count(*) FROM events WHERE doc_id = 'big'")[0][0] == n
    assert s.query("SELECT count(*) FROM sentences WHERE doc_id = 'big'")[0][0] == n
    # recoding replaces them all, and a second store of the same document writes nothing
    assert s.replace_events("big", events[: n // 2]) == n // 2
    assert not s.add_document(make_doc("big", text), sentences, events)
    assert s.query("SELECT count(*) FROM events WHERE doc_id = 'big'")[0][0] == n // 2
    s.close()
