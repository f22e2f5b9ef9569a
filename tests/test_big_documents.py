"""A document of any size (issue 13): its sentences and events are staged a batch at a time
and stored whole, in one transaction; a failure or a kill -9 mid-document leaves none of it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from geostance.app import Geostance
from geostance.config import Settings
from geostance.errors import StoreError
from geostance.models import Document, Event, Sentence
from geostance.store import Store
from geostance.store.writer import DocumentWriter, staging_prefix, sweep_staging

SENTENCE = "Russia condemned Israel."  # 24 characters, then a space


def make_doc(text: str, doc_id: str = "big") -> Document:
    return Document(id=doc_id, text=text, origin=f"{doc_id}.txt")


def make_event(i: int, doc_id: str = "big", **kw: object) -> Event:
    at = 25 * i
    base = dict(
        doc_id=doc_id, sentence=SENTENCE, sentence_start=at, sentence_end=at + 24,
        source="RUS", source_text="Russia", source_start=at, source_end=at + 6,
        trigger="condemned", trigger_start=at + 7, trigger_end=at + 16,
        cameo="111", cameo_root="11", quad_class=3, goldstein=-2.0, plover="ACCUSE",
        target="ISR" if i % 3 else None, target_text="Israel" if i % 3 else None,
        target_start=at + 17 if i % 3 else None, target_end=at + 23 if i % 3 else None,
        date=dt.date(2024, 1, 5) if i % 2 else None, date_precision="day" if i % 2 else None,
        negated=i % 5 == 0,
    )  # fmt: skip
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def pieces(n: int, size: int, doc_id: str = "big") -> Iterator[tuple[list[Sentence], list[Event]]]:
    """``n`` sentences with an event each, ``size`` at a time, as the coder gives them."""
    for lo in range(0, n, size):
        idx = range(lo, min(n, lo + size))
        yield (
            [Sentence(doc_id, i, 25 * i, 25 * i + 24, SENTENCE, i // 10) for i in idx],
            [make_event(i, doc_id) for i in idx],
        )


def staging_folders(store_path: str | Path) -> list[Path]:
    root, prefix = staging_prefix(str(store_path))
    return sorted(root.glob(f"{prefix}*"))


@pytest.mark.parametrize("shared", [False, True])
def test_a_document_larger_than_a_batch_is_stored_whole(tmp_path: Path, shared: bool) -> None:
    path = tmp_path / "s.duckdb"
    n = 230
    store = Store(path, shared=shared)
    with store.writer(make_doc((SENTENCE + " ") * n), batch=40) as w:
        for k, (sents, events) in enumerate(pieces(n, 17)):
            w.add(sents, events + ([make_event(3)] if k == 9 else []))  # a duplicate, later
            assert len(w._events) + len(w._sentences) < 40  # never more than a batch held
        assert w.staged and staging_folders(path)
        assert w.commit() == n
    assert staging_folders(path) == []
    assert store.counts() == {"documents": 1, "sentences": n, "events": n}
    back = {e.id: e for e in store.events(doc_id="big")}
    assert back == {e.id: e for e in (make_event(i) for i in range(n))}
    # stored once: a second writer of the same document stores nothing
    with store.writer(make_doc("again", "big"), batch=40) as w:
        w.add(*next(pieces(50, 50)))
        assert w.commit() is None
    assert store.counts()["events"] == n
    store.close()


def test_a_failure_mid_document_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    store = Store(path)
    # a bad event in the last batch: the insert fails, the transaction rolls back
    w = store.writer(make_doc("x" * 5000), batch=30)
    for sents, events in pieces(100, 10):
        w.add(sents, events)
    bad = dataclasses.replace(make_event(100), cameo=None)  # type: ignore[arg-type]
    w.add([], [bad])
    with pytest.raises(StoreError, match="big.txt"):
        w.commit()
    assert store.counts() == {"documents": 0, "sentences": 0, "events": 0}
    assert staging_folders(path) == []
    # a value that cannot be staged fails at once, naming the document
    w = store.writer(make_doc("y" * 5000, "other"), batch=5)
    with pytest.raises(StoreError, match="other.txt"):
        w.add([], [make_event(i, "other", sentence_start="x") for i in range(6)])
    w.discard()
    assert staging_folders(path) == []
    assert store.counts() == {"documents": 0, "sentences": 0, "events": 0}
    store.close()


def test_staging_left_by_a_dead_process_is_swept(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    root, prefix = staging_prefix(str(path))
    stale = root / f"{prefix}{dead.stdout.strip()}-abc"
    stale.mkdir()
    (stale / "events.parquet").write_bytes(b"PAR1")
    mine = root / f"{prefix}{os.getpid()}-abc"
    mine.mkdir()
    assert sweep_staging(str(path)) == [stale]
    assert staging_folders(path) == [mine]


# -- through ingest, with the real model ------------------------------------------------------
STATES = ["Chile", "Peru", "Kenya", "Norway", "Vietnam", "Morocco", "Canada", "Poland", "Ghana"]
ACTS = [
    "signed a fishing accord with", "recalled its ambassador from", "sent flood relief to",
    "criticised the election held in", "imposed new tariffs on", "praised the mediation by",
]  # fmt: skip


def long_text(paragraphs: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    out = []
    for p in range(paragraphs):
        sents = []
        for _ in range(5):
            a, b = rng.sample(STATES, 2)
            sents.append(f"{a} {rng.choice(ACTS)} {b} on Monday, officials said in item {p}.")
        out.append(" ".join(sents))
    return "\n\n".join(out) + "\n"


def geostance(settings: Settings, nlp: object, **changes: object) -> Geostance:
    g = Geostance(settings=settings.replace(**changes))
    g.__dict__["nlp"] = nlp  # share the session's pipeline (cached_property slot)
    return g


@pytest.mark.slow
def test_ingest_stores_a_document_of_many_batches_whole(
    settings: Settings,
    nlp: object,
    tmp_path: Path,
) -> None:
    text = long_text(24)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Chile thanked Peru for the rescue.\n", encoding="utf-8")
    with geostance(settings, nlp, insert_batch=1_000_000, db=str(tmp_path / "one.duckdb")) as g:
        (whole,) = g.ingest(str(tmp_path / "long.txt"))
        ids_whole = {e.id for e in g.events(doc_id=whole.doc_id)}
    with geostance(settings, nlp, insert_batch=8) as g:
        results = g.ingest(str(tmp_path / "long.txt"), str(tmp_path / "short.txt"))
        assert [r.status for r in results] == ["kept", "kept"]
        big = results[0]
        assert big.events > 16  # more than two batches of events alone
        stored = g.store.query("SELECT count(*) FROM events WHERE doc_id = ?", [big.doc_id])
        assert stored == [(big.events,)]
        assert {e.id for e in g.events(doc_id=big.doc_id)} == ids_whole
        assert big.events == whole.events
        sentences = g.store.sentences(big.doc_id)
        assert [s.index for s in sentences] == list(range(len(sentences))) and len(sentences) == 120
    assert staging_folders(settings.db) == []


@pytest.mark.slow
def test_ingest_failing_mid_document_stores_none_of_it(
    settings: Settings,
    nlp: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-long.txt").write_text(long_text(12), encoding="utf-8")
    (folder / "b-short.txt").write_text("Chile thanked Peru for the rescue.\n", encoding="utf-8")
    spill = DocumentWriter._spill
    calls = 0

    def failing_spill(self: DocumentWriter) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise StoreError(f"cannot stage document {self.doc.origin}: disk full")
        spill(self)

    monkeypatch.setattr(DocumentWriter, "_spill", failing_spill)
    with geostance(settings, nlp, insert_batch=8) as g:
        results = g.ingest(str(folder))
        assert [(r.origin.rsplit("/", 1)[-1], r.status) for r in results] == [
            ("a-long.txt", "failed"),
            ("b-short.txt", "kept"),
        ]
        assert "disk full" in (results[0].reason or "")
        assert g.store.query("SELECT count(*) FROM documents") == [(1,)]
        orphans = "SELECT count(*) FROM {} WHERE doc_id NOT IN (SELECT id FROM documents)"
        assert g.store.query(orphans.format("events")) == [(0,)]
        assert g.store.query(orphans.format("sentences")) == [(0,)]
    assert staging_folders(settings.db) == []
    # the coder itself failing mid-document: ingest raises, nothing of the document is kept
    monkeypatch.setattr(DocumentWriter, "_spill", spill)
    import geostance.nlp.coder as coder

    real = coder.code_pieces

    def crashing(*args: object, **kw: object) -> Iterator[object]:
        for k, piece in enumerate(real(*args, **kw)):  # type: ignore[arg-type]
            if k == 6:
                assert staging_folders(settings.db), "no batch was staged before the crash"
                raise RuntimeError("coder crashed")
            yield piece

    monkeypatch.setattr(coder, "code_pieces", crashing)
    (tmp_path / "c-long.txt").write_text(long_text(12, seed=9), encoding="utf-8")
    with geostance(settings, nlp, insert_batch=8) as g:
        with pytest.raises(RuntimeError, match="coder crashed"):
            g.ingest(str(tmp_path / "c-long.txt"))
        assert g.store.query("SELECT count(*) FROM documents") == [(1,)]
        assert g.store.counts()["events"] == results[1].events
    assert staging_folders(settings.db) == []


KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from geostance.app import Geostance
    with Geostance(db=sys.argv[2], insert_batch=8) as g:
        g.ingest(sys.argv[1])
    """
)


@pytest.mark.slow
def test_killed_mid_document_leaves_nothing_and_reingest_stores_it(
    settings: Settings, nlp: object, tmp_path: Path
) -> None:
    path = tmp_path / "long.txt"
    path.write_text(long_text(150), encoding="utf-8")
    db = tmp_path / "kill.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(path), str(db)])
    deadline = time.monotonic() + 120
    while not staging_folders(db) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)  # a few batches staged
    assert proc.poll() is None, "the ingest ended before it was killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert staging_folders(db), "nothing was staged before the kill"
    with geostance(settings, nlp, db=str(db), insert_batch=50) as g:
        assert g.store.counts() == {"documents": 0, "sentences": 0, "events": 0}
        (result,) = g.ingest(str(path))
        assert result.status == "kept" and result.events > 300
        assert g.store.counts()["events"] == result.events
    assert staging_folders(db) == []  # the dead process's folder is swept
