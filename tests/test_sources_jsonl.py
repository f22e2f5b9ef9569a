"""JSON Lines and JSON arrays (geostance.sources.jsonl)."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from geostance.errors import SourceError
from geostance.models import Document
from geostance.sources import Item, SourceWarning
from geostance.sources.jsonl import read_json_array, read_jsonl

DATA = Path(__file__).parent / "data" / "sources"


def read_lines(raw: bytes, origin: str = "in.jsonl") -> list[Item]:
    return list(read_jsonl(raw.splitlines(keepends=True), origin=origin))


def test_good_lines_become_documents_and_bad_lines_errors_naming_the_line() -> None:
    with open(DATA / "docs.jsonl", "rb") as handle:
        items = list(read_jsonl(handle, origin="docs.jsonl"))
    docs = {i.origin: i for i in items if isinstance(i, Document)}
    errors = {i.origin: i for i in items if isinstance(i, SourceError)}
    assert sorted(docs) == ["docs.jsonl:1", "docs.jsonl:3", "docs.jsonl:4", "docs.jsonl:9"]
    assert sorted(errors) == ["docs.jsonl:5", "docs.jsonl:6", "docs.jsonl:7", "docs.jsonl:8"]
    first = docs["docs.jsonl:1"]
    assert (first.title, first.date, first.url, first.source, first.kind) == (
        "Fuel price freeze",
        dt.date(2023, 4, 3),
        "https://example.org/fuel",
        "Example Daily",
        "jsonl",
    )
    assert docs["docs.jsonl:3"].date == dt.date(2023, 4, 5)
    assert "not valid JSON" in errors["docs.jsonl:5"].reason
    assert '{"text": "...", "date": "2023-05-02"}' in errors["docs.jsonl:5"].reason
    assert "array" in errors["docs.jsonl:6"].reason
    assert '"text"' in errors["docs.jsonl:7"].reason


def test_bad_date_warns_before_its_document_and_keeps_none() -> None:
    items = read_lines(b'{"text": "Talks went on.", "date": "2023-02-30"}\n')
    assert isinstance(items[0], SourceWarning) and items[0].origin == "in.jsonl:1"
    assert isinstance(items[1], Document) and items[1].date is None


def test_invalid_utf8_line_is_replaced_with_a_warning() -> None:
    raw = b'{"text": "Good line."}\n{"text": "Bad \xff\xfe bytes in a line."}\n'
    items = read_lines(raw)
    warning = next(i for i in items if isinstance(i, SourceWarning))
    assert warning.origin == "in.jsonl:2" and "UTF-8" in warning.message
    doc = next(i for i in items if isinstance(i, Document) and i.origin == "in.jsonl:2")
    assert "\ufffd" in doc.text


def test_bom_on_first_line_is_ignored() -> None:
    items = read_lines(codecs.BOM_UTF8 + b'{"text": "With a byte order mark."}\n')
    assert [type(i) for i in items] == [Document]


def test_wrong_field_types_are_ignored_with_a_warning() -> None:
    items = read_lines(b'{"text": "Typed fields.", "title": 5, "url": ["x"], "date": 20230101}\n')
    warnings = [i.message for i in items if isinstance(i, SourceWarning)]
    assert len(warnings) == 3
    doc = items[-1]
    assert isinstance(doc, Document)
    assert doc.title is None and doc.url is None and doc.date is None


def test_hostile_lines_are_errors_not_crashes() -> None:
    deep = b"[" * 100_000 + b"\n"
    items = read_lines(deep + b'{"text": "still read"}\n' + b'"just a string"\n' + b"\x00\x01\n")
    assert isinstance(items[0], SourceError)
    assert isinstance(items[1], Document) and items[1].text == "still read"
    assert isinstance(items[2], SourceError) and items[3].origin == "in.jsonl:4"


def test_reading_is_lazy() -> None:
    """The first document is yielded after reading only the first line."""
    consumed = 0

    def lines() -> Iterator[bytes]:
        nonlocal consumed
        for n in range(1_000_000):
            consumed += 1
            yield json.dumps({"text": f"Line number {n} of a long stream."}).encode() + b"\n"

    stream = read_jsonl(lines(), origin="stream.jsonl")
    first = next(stream)
    assert isinstance(first, Document) and first.origin == "stream.jsonl:1"
    assert consumed == 1
    stream.close()


def test_json_array_items_are_numbered() -> None:
    raw = json.dumps([{"text": "Item one here."}, {"title": "no text"}, {"text": "Item three."}])
    items = list(read_json_array(raw.encode(), origin="a.json"))
    assert [(type(i).__name__, i.origin) for i in items] == [
        ("Document", "a.json#1"),
        ("SourceError", "a.json#2"),
        ("Document", "a.json#3"),
    ]


def test_json_file_with_one_object_per_line_is_read_as_lines() -> None:
    raw = b'{"text": "First object."}\n{"text": "Second object."}\n'
    items = list(read_json_array(raw, origin="b.json"))
    assert [i.origin for i in items] == ["b.json:1", "b.json:2"]


def test_json_that_is_neither_is_an_error() -> None:
    (item,) = list(read_json_array(b'"a string"', origin="c.json"))
    assert isinstance(item, SourceError)
    (item,) = list(read_json_array(b"[1, 2", origin="d.json"))
    assert isinstance(item, SourceError) and "not valid JSON" in item.reason
