"""Issue 13, item 6: the small faults, each with its test (hostile, odd and old inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geostance.app import Geostance
from geostance.config import Settings
from geostance.errors import VotesError
from geostance.sources import SourceError, SourceWarning
from geostance.sources.files import read_file
from geostance.sources.normalise import MAX_TITLE, MAX_URL, make_document


def items(path: Path, **settings: object) -> list[object]:
    return list(read_file(str(path), settings=Settings(**settings)))  # type: ignore[arg-type]


def test_a_byte_order_mark_alone_is_an_empty_file(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf")
    (err,) = items(bom)
    assert isinstance(err, SourceError) and "byte-order mark" in err.reason


def test_latin1_text_is_read_as_such_and_said(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café au Caire : la France et l'Égypte ont signé.\n".encode("latin-1"))
    got = items(path)
    warning = next(i for i in got if isinstance(i, SourceWarning))
    doc = next(i for i in got if not isinstance(i, SourceWarning))
    assert "read as Windows-1252" in warning.message and "--encoding" in warning.message
    assert "Café" in doc.text and "\ufffd" not in doc.text  # type: ignore[attr-defined]
    # an encoding given by the user is used as such, without a warning
    given = items(path, encoding="latin-1")
    assert not any(isinstance(i, SourceWarning) for i in given)
    assert "l'Égypte" in given[0].text  # type: ignore[attr-defined]


def test_titles_and_urls_are_capped() -> None:
    doc = make_document(
        "Egypt hosted talks.", origin="x", kind="text", title="T" * 5_000_000,
        url="https://example.org/" + "a" * (MAX_URL + 10),
    )  # fmt: skip
    assert doc.title is not None and len(doc.title) == MAX_TITLE and doc.title.endswith("…")
    assert doc.url is None
    ok = make_document("Egypt hosted talks.", origin="x", kind="text", url="https://example.org/a")
    assert ok.url == "https://example.org/a"


def test_votes_error_counts_every_duplicate_row(tmp_path: Path) -> None:
    header = "rcid,session,year,date,unres,importantvote,amend,para,me,nu,di,hr,co,ec,short,descr\n"
    row = "1,1,1946,1946-01-01,R/1/1,0,0,0,0,0,0,0,0,0,short,descr\n"
    path = tmp_path / "dups.csv"
    path.write_text(header + row * 301, encoding="utf-8")
    with Geostance(":memory:") as g, pytest.raises(VotesError) as e:
        g.import_votes(path)
    assert "problems found: duplicate roll calls (300)" in str(e.value)


def test_an_sqlite_file_as_the_store_is_named_as_such(tmp_path: Path) -> None:
    import sqlite3

    from geostance.errors import StoreError

    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (a)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="it is an SQLite database, not a geostance"):
        Geostance(str(path)).events()
