"""``Store.cursor()``: a Store on the same database through its own DuckDB cursor.

The web app gives each request thread such a store; these tests pin what it promises: the
same data both ways, its own temporary views, no migrations, and ``close()`` that leaves the
parent open.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from geostance.errors import StoreError
from geostance.models import Document, Event, Sentence
from geostance.store import Store


def doc(doc_id: str, text: str = "Chile thanked Peru.") -> Document:
    return Document(id=doc_id, text=text, origin=f"{doc_id}.txt")


def event(doc_id: str, source: str = "CHL", target: str = "PER") -> Event:
    return Event(
        doc_id=doc_id,
        sentence="Chile thanked Peru.",
        sentence_start=0,
        sentence_end=19,
        source=source,
        source_text="Chile",
        source_start=0,
        source_end=5,
        trigger="thanked",
        trigger_start=6,
        trigger_end=13,
        cameo="051",
        cameo_root="05",
        quad_class=1,
        goldstein=3.4,
        plover="AGREE",
        target=target,
        target_text="Peru",
        target_start=14,
        target_end=18,
        date=dt.date(2023, 3, 9),
        date_precision="day",
    )


def add(store: Store, doc_id: str) -> None:
    sent = Sentence(doc_id, 0, 0, 19, "Chile thanked Peru.")
    assert store.add_document(doc(doc_id), [sent], [event(doc_id)]) is True


@pytest.fixture
def parent(tmp_path: Path) -> Store:
    s = Store(tmp_path / "cur.duckdb")
    add(s, "first")
    return s


def test_cursor_sees_the_same_data_both_ways(parent: Store) -> None:
    cur = parent.cursor()
    assert isinstance(cur, Store) and cur is not parent and cur.con is not parent.con
    assert cur.path == parent.path
    assert cur.counts() == parent.counts() == {"documents": 1, "sentences": 1, "events": 1}
    add(cur, "second")  # a write through the cursor (its own transaction) ...
    assert parent.counts()["documents"] == 2  # ... is committed for the parent
    add(parent, "third")
    assert cur.has_document("third")
    assert {e.doc_id for e in cur.events()} == {"first", "second", "third"}
    cur.close()
    parent.close()


def test_cursor_has_its_own_temporary_views(parent: Store) -> None:
    cur = parent.cursor()
    # all_events / all_documents are TEMP views: they exist per connection, so a bare
    # con.cursor() would not have them; Store.cursor() builds them.
    rows = cur.query("SELECT count(*) FROM all_events")
    assert rows == [(1,)]
    assert cur.query("SELECT id FROM all_documents") == [("first",)]
    parent.close()


def test_cursor_runs_no_migrations(parent: Store) -> None:
    last = parent.migrations()[-1]
    parent.con.execute("DELETE FROM _migrations WHERE name = ?", [last])
    cur = parent.cursor()
    assert last not in cur.migrations()  # migrate() would have recorded it again
    assert Store(":memory:").migrations()[-1] == last
    parent.close()


def test_cursor_reports_missing_attachments(parent: Store, tmp_path: Path) -> None:
    gone = str(tmp_path / "no-such-dask-output")
    parent.con.execute("INSERT INTO attachments (path) VALUES (?)", [gone])
    cur = parent.cursor()
    assert any(gone in note for note in cur.attach_notes)
    assert cur.query("SELECT count(*) FROM all_events") == [(1,)]  # native rows still served
    parent.close()


def test_closing_the_cursor_leaves_the_parent_open(parent: Store) -> None:
    cur = parent.cursor()
    cur.close()
    with pytest.raises(Exception):  # noqa: B017 - duckdb's own "connection closed" error
        cur.counts()
    assert parent.counts()["documents"] == 1
    with parent.cursor() as again:
        assert again.has_document("first")
    assert parent.has_document("first")
    parent.close()


def test_cursor_of_a_closed_store_names_the_fix(parent: Store) -> None:
    parent.close()
    with pytest.raises(StoreError, match="closed; open it again"):
        parent.cursor()


def test_cursor_of_a_read_only_store(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    with Store(path) as s:
        add(s, "only")
    with Store(path, read_only=True) as ro:
        cur = ro.cursor()
        assert cur.query("SELECT id FROM all_documents") == [("only",)]
        with pytest.raises(StoreError):
            add(cur, "refused")
        cur.close()


def test_cursors_serve_threads_at_once(parent: Store) -> None:
    for i in range(20):
        add(parent, f"d{i:02d}")
    errors: list[BaseException] = []
    seen: list[int] = []

    def work() -> None:
        cur = parent.cursor()
        try:
            for _ in range(25):
                seen.append(cur.query("SELECT count(*) FROM all_events")[0][0])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            cur.close()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert seen == [21] * 150
    parent.close()
