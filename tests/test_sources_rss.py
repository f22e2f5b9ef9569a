"""RSS and Atom feeds read from bytes (geostance.sources.rss).

Following entry links over http is tested against a loopback server in test_sources_web.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geostance.errors import SourceError
from geostance.models import Document
from geostance.sources import Item, SourceWarning
from geostance.sources.rss import read_feed

DATA = Path(__file__).parent / "data" / "sources"


def read(name: str) -> list[Item]:
    return list(read_feed((DATA / name).read_bytes(), origin=name))


def by_origin(items: list[Item]) -> dict[str, Item]:
    return {i.origin: i for i in items if not isinstance(i, SourceWarning)}


def test_rss_entries_become_documents_and_a_broken_entry_an_error() -> None:
    items = by_origin(read("feed.xml"))
    assert sorted(items) == [f"feed.xml#entry-{n}" for n in (1, 2, 3, 4)]
    first = items["feed.xml#entry-1"]
    assert isinstance(first, Document)
    assert first.kind == "feed"
    assert first.title == "Envoys resume border talks"
    assert first.url == "https://wire.example.org/2023/03/envoys"
    assert first.source == "Example Wire World Desk"
    # 23:30 at UTC-5 is the 7th in UTC; the publisher's own day is kept.
    assert first.date == dt.date(2023, 3, 6)
    assert first.text.split("\n\n") == [
        "Envoys from two neighbouring states resumed talks on their disputed border "
        "after a pause of six months.",
        "Both sides called the first session constructive.",
    ]
    assert "steal" not in first.text
    broken = items["feed.xml#entry-2"]
    assert isinstance(broken, SourceError)
    assert "https://wire.example.org/2023/03/empty" in broken.reason
    assert "no text" in broken.reason


def test_full_content_is_preferred_over_the_teaser() -> None:
    entry = by_origin(read("feed.xml"))["feed.xml#entry-3"]
    assert isinstance(entry, Document)
    assert entry.text.startswith("The parliament passed next year's budget")
    assert "teaser" not in entry.text


def test_entry_without_date_or_link_keeps_none() -> None:
    entry = by_origin(read("feed.xml"))["feed.xml#entry-4"]
    assert isinstance(entry, Document)
    assert entry.date is None and entry.url is None


def test_atom_entry_uses_published_date_and_alternate_link() -> None:
    (entry,) = read("feed.atom")
    assert isinstance(entry, Document)
    assert entry.date == dt.date(2023, 6, 1)
    assert entry.url == "https://observer.example.net/summit"
    assert entry.source == "Example Observer"
    assert entry.text.startswith("Leaders at the regional summit")


def test_malformed_feed_keeps_the_readable_entries_and_warns() -> None:
    items = read("broken_feed.xml")
    warning = items[0]
    assert isinstance(warning, SourceWarning) and warning.origin == "broken_feed.xml"
    assert "not well-formed" in warning.message
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.title for d in docs] == ["A complete entry"]


def test_xml_that_is_not_a_feed_is_an_error() -> None:
    (item,) = read("not_a_feed.xml")
    assert isinstance(item, SourceError)
    assert "not an RSS or Atom feed" in item.reason


def test_feed_without_entries_is_an_error() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    (item,) = list(read_feed(empty, origin="quiet.xml"))
    assert isinstance(item, SourceError) and "no entries" in item.reason


def test_garbage_bytes_are_not_a_feed() -> None:
    (item,) = list(read_feed(b"\x01\x02 definitely { not xml", origin="junk.xml"))
    assert isinstance(item, SourceError) and item.origin == "junk.xml"


def test_external_entities_are_not_expanded() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>T</title><item><title>x</title>'
        b"<description>Before &xxe; after the entity.</description></item></channel></rss>"
    )
    docs = [i for i in read_feed(hostile, origin="xxe.xml") if isinstance(i, Document)]
    assert len(docs) == 1
    assert "root:" not in docs[0].text
    assert docs[0].text.startswith("Before")


def test_feed_string_that_looks_like_a_url_is_not_fetched() -> None:
    """feedparser fetches a str that is a URL; bytes never are, so this is plain garbage."""
    (item,) = list(read_feed(b"http://127.0.0.1:9/feed.xml", origin="u.xml"))
    assert isinstance(item, SourceError)
