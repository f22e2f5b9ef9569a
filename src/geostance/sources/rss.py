"""RSS and Atom feeds -> one document per entry.

An entry's text is its content (or summary) with HTML stripped; its title, published date
and link come from the entry, the feed title is the source. With ``follow``, each entry's
link is fetched and the page's article text replaces the summary (a failed fetch falls
back to the summary, with a warning). An entry without text is a ``SourceError`` for that
entry (origin ``feed#entry-N``, 1-based) and the other entries go on.

feedparser is always given bytes, never a string: given a string that looks like a URL or
a path, it would fetch or open it itself, past our checks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from geostance.errors import FetchError, SourceError
from geostance.sources.base import Item, SourceWarning, parse_date
from geostance.sources.html import html_to_text, read_html
from geostance.sources.normalise import make_document, normalise_title
from geostance.sources.web import Fetcher, is_url

FEED_EXTENSIONS = (".rss", ".atom", ".xml", ".rdf")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_FULL_DATE = re.compile(r"\d{1,2}\D{1,12}\d{4}|\d{4}\D\d{1,2}\D\d{1,2}")


def _text_of(detail: Any, fallback: str) -> str:
    """Plain text of a feedparser content/summary/title detail."""
    value = fallback
    kind = ""
    if isinstance(detail, dict):
        value = detail.get("value", fallback) or ""
        kind = str(detail.get("type") or "")
    if kind in _HTML_TYPES or "<" in value:
        return html_to_text(value)
    return value


def entry_text(entry: Any) -> str:
    """The longest of an entry's contents, else its summary, as plain text."""
    texts = [_text_of(c, "") for c in entry.get("content") or () if isinstance(c, dict)]
    best = max(texts, key=len, default="")
    if best.strip():
        return best
    return _text_of(entry.get("summary_detail"), entry.get("summary") or "")


def entry_date(entry: Any) -> dt.date | None:
    """The entry's published (else updated) day as the publisher wrote it, or ``None``."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return parse_date(raw)
        except ValueError:
            parsed = entry.get(f"{key}_parsed")
            if parsed and _FULL_DATE.search(str(raw)):
                return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def parse_feed(data: bytes, url: str | None = None) -> Any:
    """feedparser's result for raw feed bytes (``url`` resolves relative links)."""
    import feedparser  # imported here: only feeds need it

    headers = {"content-location": url} if url else None
    return feedparser.parse(data, response_headers=headers)


def read_feed(
    data: bytes,
    *,
    origin: str,
    url: str | None = None,
    fetch_page: Fetcher | None = None,
) -> Iterator[Item]:
    """One document per feed entry; ``fetch_page`` given means follow each entry's link."""
    try:
        feed = parse_feed(data, url)
    except Exception as e:  # noqa: BLE001 - a parser crash on hostile input is a bad source
        yield SourceError(origin, f"could not parse the feed ({type(e).__name__}: {e})")
        return
    entries = list(feed.get("entries") or ())
    if not entries:
        if feed.get("bozo") or not feed.get("version"):
            problem = feed.get("bozo_exception")
            why = f" ({problem})" if problem else ""
            yield SourceError(
                origin, f"not an RSS or Atom feed{why}; give a feed, an HTML page or text"
            )
        else:
            yield SourceError(origin, "the feed has no entries; nothing to read")
        return
    if feed.get("bozo"):
        yield SourceWarning(
            origin,
            f"the feed is not well-formed ({feed.get('bozo_exception')}); "
            f"read the {len(entries)} entries that could be parsed",
        )
    source = normalise_title(_text_of(feed.feed.get("title_detail"), feed.feed.get("title", "")))
    for number, entry in enumerate(entries, start=1):
        yield from _read_entry(entry, f"{origin}#entry-{number}", source, fetch_page)


def _read_entry(
    entry: Any, origin: str, source: str | None, fetch_page: Fetcher | None
) -> Iterator[Item]:
    link = str(entry.get("link") or "").strip() or None
    title = _text_of(entry.get("title_detail"), entry.get("title") or "")
    text = entry_text(entry)
    date = entry_date(entry)
    url = link
    if fetch_page is not None and link and is_url(link):
        page_doc = None
        for item in _follow(link, origin, fetch_page):
            if isinstance(item, SourceWarning):
                yield item
            else:
                page_doc = item
        if page_doc is not None:
            text = page_doc.text
            date = date or page_doc.date
            url = page_doc.url or link
            source = source or page_doc.source
    if not text.strip():
        where = f" ({link})" if link else ""
        yield SourceError(
            origin,
            f"entry{where} has no text (no content or summary); the rest of the feed was read"
            + ("" if fetch_page else "; --follow fetches the linked page"),
        )
        return
    try:
        yield make_document(
            text, origin=origin, kind="feed", title=title, date=date, url=url, source=source
        )
    except SourceError as e:
        yield e


def _follow(link: str, origin: str, fetch_page: Fetcher) -> Iterator[Any]:
    """The linked page as a document, or a warning saying why the summary is used instead."""
    try:
        page = fetch_page(link)
    except FetchError as e:
        yield SourceWarning(origin, f"could not follow the link, kept the summary: {e.reason}")
        return
    for item in read_html(page.content, origin=origin, url=page.url, charset=page.encoding):
        if isinstance(item, SourceError):
            yield SourceWarning(
                origin, f"the linked page {link} gave no text ({item.reason}); kept the summary"
            )
        else:
            yield item
