"""The facade end to end with the real model: ingest, duplicates, failures, kill mid-ingest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geostance.app import Geostance
from geostance.config import Settings

pytestmark = pytest.mark.slow

BRIEF = (
    "Russia condemned the Israeli strikes on Gaza on 10 October 2023.\n\n"
    "China called for an immediate ceasefire in Gaza.\n"
)


@pytest.fixture
def geo(settings: Settings, nlp):  # type: ignore[no-untyped-def]
    g = Geostance(settings=settings)
    g.__dict__["nlp"] = nlp  # share the session's pipeline (cached_property slot)
    yield g
    g.close()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_kept_then_duplicate(geo: Geostance, tmp_path: Path) -> None:
    src = write(tmp_path, "a.txt", BRIEF)
    first = geo.ingest(str(src))
    assert [r.status for r in first] == ["kept"]
    assert first[0].events >= 1
    again = geo.ingest(str(src))
    assert [r.status for r in again] == ["duplicate"]
    assert geo.store.counts()["documents"] == 1


def test_ingest_same_text_other_whitespace_is_duplicate(geo: Geostance, tmp_path: Path) -> None:
    geo.ingest(str(write(tmp_path, "a.txt", BRIEF)))
    other = write(tmp_path, "b.txt", BRIEF.replace(" ", "  ") + "\n\n\n")
    assert [r.status for r in geo.ingest(str(other))] == ["duplicate"]


def test_ingest_bad_sources_reported_and_batch_goes_on(geo: Geostance, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", BRIEF)
    empty = write(tmp_path, "empty.txt", "")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    missing = tmp_path / "missing.txt"
    results = geo.ingest(str(empty), str(binary), str(missing), str(good))
    by_origin = {Path(r.origin).name: r for r in results}
    assert by_origin["good.txt"].status == "kept"
    for name in ("empty.txt", "blob.txt", "missing.txt"):
        assert by_origin[name].status == "failed", name
        assert by_origin[name].reason
    assert geo.store.counts()["documents"] == 1


def test_every_stored_event_cites_its_document(geo: Geostance, tmp_path: Path) -> None:
    geo.ingest(str(write(tmp_path, "a.txt", BRIEF)))
    events = geo.events()
    assert events, "the brief states a condemnation; the coder found nothing"
    for e in events:
        doc = geo.document(e.doc_id)
        assert doc is not None
        assert doc.text[e.sentence_start : e.sentence_end] == e.sentence
        assert doc.text[e.source_start : e.source_end] == e.source_text
        assert doc.text[e.trigger_start : e.trigger_end] == e.trigger


KILL_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from geostance.app import Geostance
    from geostance import config
    folder, db = sys.argv[1], sys.argv[2]
    s = config.load(env={}, path=None, db=db, batch_size=1)
    with Geostance(settings=s) as g:
        def report(r):
            print(json.dumps({"status": r.status, "doc_id": r.doc_id}), flush=True)
        g.ingest(folder, on_result=report)
    """
)


def test_killed_mid_ingest_keeps_every_reported_document(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        write(folder, f"{i:03d}.txt", f"Report {i}. Russia criticised Israel over item {i}.\n")
    db = tmp_path / "kill.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(folder), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    reported: list[str] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    while len(reported) < 5 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        rec = json.loads(line)
        if rec["status"] in ("kept", "linked"):
            reported.append(rec["doc_id"])
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert len(reported) >= 5, "the ingest never reported five documents"
    with Geostance(db=db) as g:
        for doc_id in reported:
            assert g.store.has_document(doc_id), doc_id
        orphans = g.store.query(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)"
        )
        assert orphans == [(0,)]
        stored_before = g.store.counts()["documents"]
        assert stored_before < 60
        results = g.ingest(str(folder))
        assert g.store.counts()["documents"] == 60
        assert sum(r.status in ("kept", "linked") for r in results) == 60 - stored_before


def test_ingest_warning_of_a_duplicate_stays_with_it(geo: Geostance, tmp_path: Path) -> None:
    good = write(tmp_path, "a.txt", BRIEF)
    bad = tmp_path / "b.txt"
    bad.write_bytes(BRIEF.encode("utf-8") + b"\xff")
    geo.ingest(str(good))
    results = geo.ingest(str(bad))
    assert [r.status for r in results] in (["duplicate"], ["kept"], ["linked"])
    assert all(r.status != "skipped" for r in results)
    assert any("UTF-8" in w or "utf-8" in w.lower() for r in results for w in r.warnings)


def test_ingest_folder_says_every_skip(geo: Geostance, tmp_path: Path) -> None:
    """Files left out for their extension and feeds that are not well-formed are each
    reported (they used to vanish: exit 0, nothing printed)."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Egypt hosted talks with Qatar on Monday.\n", encoding="utf-8")
    (folder / "b.xyz").write_text("Some notes.\n", encoding="utf-8")
    (folder / "c.rss").write_text(
        '<?xml version="1.0"?><rss><channel><item><title>Talks</title>'
        "<description>Jordan recalled its ambassador from Israel.</description></item>"
        "</channel>",  # the closing </rss> is missing
        encoding="utf-8",
    )
    results = {Path(r.origin).name: r for r in geo.ingest(str(folder))}
    assert results["a.txt"].status == "kept"
    assert results["b.xyz"].status == "skipped" and "--include '*.xyz'" in (
        results["b.xyz"].reason or ""
    )
    assert results["c.rss"].status == "warning" and "not well-formed" in (
        results["c.rss"].reason or ""
    )
