"""Sources -> documents: text, Markdown, HTML, RSS/Atom, JSON Lines, folders and http(s) URLs.

``iter_documents`` is the one entry point the facade uses. It yields, in order:

* a ``Document`` per readable item (a file, a feed entry, a JSON line, a page);
* a ``SourceError`` (yielded, not raised; ``FetchError`` for URLs) per failure, with the
  ``origin`` and the fix, after which the batch goes on;
* a ``SourceWarning(origin, message)`` for something worth knowing about an item that was
  still read (invalid UTF-8 replaced, a feed link that could not be followed, a date that
  was ignored). A warning about a document comes *before* that document and has the same
  ``origin``; a few warnings concern a whole folder or feed (their ``origin`` is the folder
  or feed as given).

Origins: a file's path as given (files in a folder: the folder joined with the relative
path), a URL as given, ``feed#entry-N`` for the N-th (1-based) entry of a feed,
``file:N`` for line N of a JSON Lines file, ``file#N`` for item N of a JSON array.

Documents stream: at most one source's documents are held at a time, and JSON Lines are
read line by line.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator, Sequence

import httpx

from geostance.config import Settings
from geostance.errors import FetchError, SourceError
from geostance.models import Document
from geostance.sources.base import Item, SourceWarning, parse_date
from geostance.sources.files import kind_for_content_type, read_bytes, read_path
from geostance.sources.normalise import (
    NearDuplicateIndex,
    document_id,
    find_near_duplicate,
    hamming,
    make_document,
    near_duplicate,
    normalise_text,
    simhash,
)
from geostance.sources.web import (
    FetchedPage,
    fetch,
    is_url,
    make_client,
    refused_scheme,
    scheme_message,
)

__all__ = [
    "FetchedPage",
    "Item",
    "NearDuplicateIndex",
    "SourceWarning",
    "document_id",
    "fetch",
    "find_near_duplicate",
    "hamming",
    "iter_documents",
    "make_document",
    "near_duplicate",
    "normalise_text",
    "parse_date",
    "simhash",
]


class _LazyClient:
    """One http client for the whole batch, made on first use and closed at the end."""

    def __init__(self, settings: Settings, client: httpx.Client | None) -> None:
        self.settings = settings
        self.given = client
        self.owned: httpx.Client | None = None

    def get(self) -> httpx.Client:
        if self.given is not None:
            return self.given
        if self.owned is None:
            self.owned = make_client(self.settings)
        return self.owned

    def fetch(self, url: str) -> FetchedPage:
        return fetch(url, settings=self.settings, client=self.get())

    def close(self) -> None:
        if self.owned is not None:
            self.owned.close()
            self.owned = None


def _read_url(url: str, clients: _LazyClient, follow: bool) -> Iterator[Item]:
    try:
        page = clients.fetch(url)
    except FetchError as e:
        yield e
        return
    kind = kind_for_content_type(page.content_type, page.url, page.content[:8192])
    yield from read_bytes(
        page.content,
        origin=url,
        kind=kind,
        url=page.url,
        charset=page.encoding,
        fetch_page=clients.fetch if follow else None,
    )


def iter_documents(
    origins: Iterable[str],
    *,
    settings: Settings,
    client: httpx.Client | None = None,
    follow: bool = False,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Generator[Document | SourceError | SourceWarning, None, None]:
    """Yield a Document per readable item and a SourceError (not raised) per failure.

    ``origins`` are paths (files or folders) and http(s) URLs. ``follow`` fetches the page
    each feed entry links to. ``include``/``exclude`` are globs on paths inside folders.
    ``client`` is used for every fetch when given (it is not closed); otherwise one client
    is made on first need and closed when the iterator finishes or is closed.
    """
    if isinstance(origins, str):  # one path given bare, not a list of characters
        origins = [origins]
    clients = _LazyClient(settings, client)
    try:
        for origin in origins:
            yield from _read_origin(origin, settings, clients, follow, include, exclude)
    finally:
        clients.close()


def _read_origin(
    origin: str,
    settings: Settings,
    clients: _LazyClient,
    follow: bool,
    include: Sequence[str],
    exclude: Sequence[str],
) -> Iterator[Item]:
    if not isinstance(origin, str) or not origin.strip():
        yield SourceError(str(origin), "empty source name; give a path or an http(s) URL")
        return
    if is_url(origin.strip()):
        yield from _read_url(origin.strip(), clients, follow)
        return
    scheme = refused_scheme(origin)
    if scheme is not None and not _exists(origin):
        yield FetchError(origin, scheme_message(scheme))
        return
    yield from read_path(
        origin,
        settings=settings,
        include=include,
        exclude=exclude,
        fetch_page=clients.fetch if follow else None,
    )


def _exists(path: str) -> bool:
    return os.path.exists(path)
