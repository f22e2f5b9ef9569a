"""Local files, folders, sniffing and bad input (geostance.sources.files, iter_documents)."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from geostance.config import Settings
from geostance.errors import FetchError, SourceError
from geostance.models import Document
from geostance.sources import Item, SourceWarning, iter_documents
from geostance.sources.files import kind_for_content_type, sniff_kind, walk_folder

DATA = Path(__file__).parent / "data" / "sources"
SETTINGS = Settings()
ARTICLE = (
    "The agriculture ministry said on Friday that it had approved emergency funds for "
    "farmers hit by the spring floods, after weeks of protests outside its offices.\n\n"
    "Farm groups said the money would arrive too late for this year's planting."
)


def run(*origins: str | Path, **kw: object) -> list[Item]:
    settings = kw.pop("settings", SETTINGS)
    assert isinstance(settings, Settings)
    return list(iter_documents([str(o) for o in origins], settings=settings, **kw))  # type: ignore[arg-type]


def documents(items: list[Item]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list[Item]) -> list[SourceError]:
    return [i for i in items if isinstance(i, SourceError)]


def single_error(path: Path | str, **kw: object) -> SourceError:
    items = run(path, **kw)
    assert len(items) == 1 and isinstance(items[0], SourceError), items
    assert items[0].origin == str(path)
    return items[0]


# -- every format through the one entry point ---------------------------------------------


def test_each_format_by_extension() -> None:
    names = ["story.txt", "heading.md", "article.html", "feed.xml", "feed.atom", "docs.jsonl"]
    items = run(*(DATA / n for n in names))
    kinds = {d.kind for d in documents(items)}
    assert kinds == {"text", "markdown", "html", "feed", "jsonl"}
    assert len(documents(items)) == 1 + 1 + 1 + 3 + 1 + 4
    assert len(errors(items)) == 1 + 4  # the feed's empty entry, the four bad JSON lines


def test_reading_twice_gives_the_same_ids() -> None:
    first = [d.id for d in documents(run(DATA / "story.txt", DATA / "feed.xml"))]
    second = [d.id for d in documents(run(DATA / "story.txt", DATA / "feed.xml"))]
    assert first == second and len(set(first)) == len(first)


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("feed.xml", "feed"),
        ("feed.atom", "feed"),
        ("article.html", "html"),
        ("docs.jsonl", "jsonl"),
        ("heading.md", "markdown"),
        ("plain.txt", "text"),
    ],
)
def test_files_without_extension_are_sniffed(tmp_path: Path, source: str, kind: str) -> None:
    target = tmp_path / "download"
    shutil.copy(DATA / source, target)
    docs = documents(run(target))
    assert docs and {d.kind for d in docs} == {kind}


def test_sniff_and_content_type_rules() -> None:
    assert sniff_kind(b"\xef\xbb\xbf  <?xml version='1.0'?><rss>") == "feed"
    assert sniff_kind(b"<!DOCTYPE html><p>x") == "html"
    assert sniff_kind(b"<div><p>fragment</p></div>") == "html"
    assert sniff_kind(b'{"text": 1}') == "jsonl"
    assert sniff_kind(b"[{}]") == "json"
    assert sniff_kind(b"Just words.") == "text"
    assert kind_for_content_type("text/html", "https://a/x.txt", b"") == "html"
    assert kind_for_content_type("application/xml", "https://a/f", b"<rss>") == "feed"
    assert kind_for_content_type("text/plain", "https://a/notes.md", b"") == "markdown"
    assert kind_for_content_type("text/plain", "https://a/page.html", b"<html>") == "text"
    assert kind_for_content_type("", "https://a/feed.rss?x=1", b"") == "feed"
    assert kind_for_content_type("application/octet-stream", "https://a/f", b"<html>") == "html"


# -- folders -------------------------------------------------------------------------------


def test_folder_is_walked_sorted_skipping_hidden_and_unknown() -> None:
    folder = DATA / "folder"
    items = run(folder)
    docs = documents(items)
    origins = [d.origin for d in docs]
    assert origins == [
        str(folder / "one.txt"),
        str(folder / "sub" / "three.jsonl") + ":1",
        str(folder / "sub" / "two.md"),
    ]
    assert not any("hidden" in d.text.lower() for d in docs)
    skipped = [i for i in items if isinstance(i, SourceWarning)]
    assert len(skipped) == 2  # one warning per file left out, named by its own path
    assert all(str(folder) in w.origin and "--include" in w.message for w in skipped)


def test_include_and_exclude_globs_on_relative_paths() -> None:
    folder = DATA / "folder"
    included = [d.origin for d in documents(run(folder, include=["*.md", "NOTES"]))]
    assert included == [str(folder / "NOTES"), str(folder / "sub" / "two.md")]
    excluded = [d.origin for d in documents(run(folder, exclude=["sub/*"]))]
    assert excluded == [str(folder / "one.txt")]
    walked = [p for p, note in walk_folder(str(folder), include=["*"]) if note is None]
    assert not any("/." in p for p in walked)


def test_empty_folder_or_nothing_matching_is_an_error(tmp_path: Path) -> None:
    error = single_error(tmp_path)
    assert "no files to read" in error.reason
    items = run(DATA / "folder", include=["*.pdf"])
    assert isinstance(items[-1], SourceError) and "--include" in items[-1].reason


# -- bad input: each is a clear error and the batch goes on --------------------------------


def test_batch_goes_on_after_every_kind_of_failure(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = run(
        tmp_path / "missing.txt",
        empty,
        DATA / "links.html",
        "ftp://files.example.org/a.txt",
        DATA / "plain.txt",
    )
    assert [type(i).__name__ for i in items] == [
        "SourceError",
        "SourceError",
        "SourceError",
        "FetchError",
        "Document",
    ]
    assert "no such file or directory" in errors(items)[0].reason
    assert "empty file" in errors(items)[1].reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\n  \r\n"])
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.md"
    path.write_bytes(content)
    assert "empty" in single_error(path).reason


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"plain start then a NUL \x00 byte", "unknown binary data"),
        (bytes(range(1, 32)) * 50, "unknown binary data"),
    ],
)
def test_binary_files_are_refused_naming_what_they_look_like(
    tmp_path: Path, content: bytes, looks_like: str
) -> None:
    path = tmp_path / "upload.txt"
    path.write_bytes(content + os.urandom(64))
    error = single_error(path)
    assert error.reason.startswith("binary file (looks like")
    assert looks_like in error.reason
    assert "give text, HTML, a feed or JSON Lines" in error.reason


def test_invalid_utf8_is_read_as_windows_1252_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Caf\u00e9 owners in the capital protested against new taxes.".encode("latin-1")
    )
    items = run(path)
    assert isinstance(items[0], SourceWarning) and items[0].origin == str(path)
    assert "not UTF-8 (invalid byte at 3): read as Windows-1252" in items[0].message
    assert isinstance(items[1], Document) and items[1].text.startswith("Caf\u00e9 owners")


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (b"", "utf-16-le"),  # no BOM: recognised by the NUL pattern
    ],
)
def test_byte_order_marks_are_honoured(tmp_path: Path, prefix: bytes, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(prefix + ARTICLE.encode(encoding))
    items = run(path)
    assert len(items) == 1 and isinstance(items[0], Document)
    assert items[0].text == ARTICLE


def test_file_larger_than_the_setting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")
    error = single_error(path, settings=Settings(max_file_bytes=1000))
    assert "max_file_bytes" in error.reason and "1000" in error.reason


def test_devices_and_pipes_are_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert "not a regular file" in single_error(pipe).reason
    assert "not a regular file" in single_error("/dev/zero").reason


def test_odd_origins(tmp_path: Path) -> None:
    assert "empty source name" in single_error("").reason
    assert "javascript" in single_error("javascript:alert(1)").reason
    assert isinstance(run("file:///etc/hostname")[0], FetchError)
    assert "check the path" in single_error("bad\x00name.txt").reason
    # a local file whose name merely looks like a scheme is still a file
    odd = tmp_path / "data:notes.txt"
    odd.write_text(ARTICLE, encoding="utf-8")
    assert isinstance(run(odd)[0], Document)


# -- size and memory ------------------------------------------------------------------------


def test_fifty_megabyte_text_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    paragraph = ARTICLE + "   \n\n\n"
    with open(path, "w", encoding="utf-8") as handle:
        for _ in range(50_000_000 // len(paragraph) + 1):
            handle.write(paragraph)
    assert path.stat().st_size > 50_000_000
    items = run(path)
    assert len(items) == 1 and isinstance(items[0], Document)
    doc = items[0]
    assert doc.text.startswith("The agriculture ministry")
    assert "   \n" not in doc.text[:10_000] and "\n\n\n" not in doc.text[:10_000]
    assert len(doc.text) > 45_000_000


def test_jsonl_streams_with_bounded_memory(tmp_path: Path) -> None:
    """Pulling the first documents of a 20 MB file allocates far less than the file."""
    path = tmp_path / "many.jsonl"
    line = json.dumps({"text": ARTICLE, "date": "2023-04-01"}) + "\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(line * (20_000_000 // len(line) + 1))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        stream = iter_documents([str(path)], settings=SETTINGS)
        first = [next(stream) for _ in range(50)]
        _, peak = tracemalloc.get_traced_memory()
        stream.close()
    finally:
        tracemalloc.stop()
    assert all(isinstance(d, Document) for d in first)
    assert first[-1].origin == f"{path}:50"
    assert peak < size / 10, (peak, size)
