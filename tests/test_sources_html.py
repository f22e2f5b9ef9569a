"""HTML pages and fragments (geostance.sources.html)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geostance.errors import SourceError
from geostance.models import Document
from geostance.sources import Item, SourceWarning
from geostance.sources.html import html_charset, html_to_text, read_html

DATA = Path(__file__).parent / "data" / "sources"

BODY = (
    "<p>The foreign ministry said it would send a delegation to the conference on "
    "river pollution next month, reversing an earlier decision to stay away.</p>"
    "<p>Officials gave no reason for the change but said the agenda had been widened "
    "to include compensation for fishing villages.</p>"
)


def items_of(data: bytes | str, origin: str = "page.html", **kw: str) -> list[Item]:
    return list(read_html(data, origin=origin, **kw))


def document_of(data: bytes | str, **kw: str) -> Document:
    items = items_of(data, **kw)
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 1, items
    return docs[0]


def test_article_text_title_date_canonical_and_site() -> None:
    doc = document_of((DATA / "article.html").read_bytes())
    assert doc.kind == "html"
    assert doc.title == "Ministers back a joint grain corridor"
    assert doc.date == dt.date(2023, 5, 4)
    assert doc.url == "https://herald.example.org/world/2023/05/grain-corridor"
    assert doc.source == "Example Herald"
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) >= 3
    assert any(p.startswith("Trade ministers from four") for p in paragraphs)
    assert "Home" not in doc.text and "Copyright" not in doc.text


def test_page_without_a_date_gets_none_not_a_guess() -> None:
    """The footer's "Copyright 2021" must not become 2021-01-01, nor may today be used."""
    doc = document_of((DATA / "nodate.html").read_bytes())
    assert doc.date is None
    assert doc.title == "Regional council approves new water rules"


def test_date_in_body_text_only_is_not_taken_as_publication_date() -> None:
    lead = "<p>On 3 March 2019 the treaty expired.</p>"
    page = f"<html><body><article>{lead}{BODY}</article></body></html>"
    assert document_of(page).date is None


def test_hostile_html_yields_text_without_script_content() -> None:
    page = (
        "<html><head><script>var secret = 'token-123';</script></head><body><article>"
        f"{BODY}<img src=x onerror=\"alert('pwned')\">"
        "<script>document.write('injected-words')</script>"
        "<iframe src='javascript:alert(2)'>frame-words</iframe>"
        "<style>p { content: 'style-words' }</style>"
        '<a href="javascript:alert(3)">click</a></article></body></html>'
    )
    doc = document_of(page)
    for bad in ("token-123", "pwned", "injected-words", "frame-words", "style-words", "alert"):
        assert bad not in doc.text
    assert "river pollution" in doc.text


def test_canonical_link_wins_over_fetch_url() -> None:
    page = f'<html><head><link rel="canonical" href="https://a.example/story"></head><body>{BODY}</body></html>'
    assert document_of(page, url="https://a.example/story?utm=x").url == "https://a.example/story"
    plain = f"<html><body>{BODY}</body></html>"
    assert document_of(plain, url="https://b.example/p").url == "https://b.example/p"


@pytest.mark.parametrize("name", ["links.html", "app.html"])
def test_page_of_links_or_script_app_is_an_error(name: str) -> None:
    items = items_of((DATA / name).read_bytes(), origin=name)
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert items[0].origin == name
    assert "no article text found" in items[0].reason
    assert "Save the article page itself" in items[0].reason


@pytest.mark.parametrize(
    "page",
    [
        b"",
        b"   \n",
        "<html></html>",
        "<html><body><div></div></body></html>",
        "<<<>>>",
        "<!-- only -->",
    ],
)
def test_html_with_no_text_is_an_error(page: bytes | str) -> None:
    items = items_of(page)
    assert len(items) == 1 and isinstance(items[0], SourceError)


def test_meta_charset_is_honoured_and_utf8_errors_warn() -> None:
    head = '<head><meta charset="iso-8859-1"></head>'
    page = f"<html>{head}<body><p>Caf\u00e9 owners protested.</p>{BODY}</body></html>"
    assert "Caf\u00e9 owners" in document_of(page.encode("latin-1")).text
    assert html_charset(page.encode("latin-1")) == "iso-8859-1"
    bad = f"<html><body><p>Broken \xff byte in a paragraph here.</p>{BODY}</body></html>".encode(
        "latin-1"
    )
    items = items_of(bad)  # no charset declared, not UTF-8: read as Windows-1252, said so
    assert isinstance(items[0], SourceWarning) and "not UTF-8" in items[0].message
    assert isinstance(items[1], Document) and "Broken \u00ff byte" in items[1].text


def test_xml_declaration_and_malformed_markup_are_survived() -> None:
    page = f'<?xml version="1.0" encoding="utf-8"?><html><body><div><p>Unclosed {BODY}'
    assert "river pollution" in document_of(page).text


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_markup_is_read_with_a_warning(depth: int) -> None:
    """Nesting past lxml's 256 levels used to be called "a page of links" and dropped."""
    page = "<div>" * depth + BODY + "</div>" * depth
    items = items_of(page)
    assert isinstance(items[0], SourceWarning) and "nested deeper" in items[0].message
    assert isinstance(items[1], Document) and "river pollution" in items[1].text


def test_html_to_text_keeps_blocks_and_drops_scripts() -> None:
    fragment = (
        "<p>First <b>bold</b> &amp; entity.</p><script>evil()</script>"
        "<ul><li>one</li><li>two</li></ul>line<br>break<div>Last</div>"
    )
    assert html_to_text(fragment) == "First bold & entity.\n\none\n\ntwo\n\nline\nbreak\n\nLast"
    assert html_to_text("") == ""
    assert html_to_text("<style>x{}</style><noscript>enable js</noscript>") == ""
    assert html_to_text("plain words") == "plain words"


def test_oversized_page_is_refused_before_parsing() -> None:
    from geostance.sources.html import MAX_HTML_BYTES

    page = b"<html><body><p>" + b"x" * MAX_HTML_BYTES + b"</p></body></html>"
    (item,) = items_of(page, origin="huge.html")
    assert isinstance(item, SourceError)
    assert "larger than" in item.reason and ".txt" in item.reason
