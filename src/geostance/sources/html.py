"""HTML pages -> one document: main text, title, published date, canonical URL, site name.

trafilatura finds the article among menus, footers and comments. Its date search is kept
to the page's metadata (``extensive_search=False``): the extensive search reads dates out
of the page text, so a footer saying "Copyright 2021" became a publication date of
2021-01-01. A page without a date gets ``date=None``; dates are never invented.

``html_to_text`` is the small converter for HTML fragments (feed summaries), where
trafilatura's article detection has too little to work with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from geostance.errors import SourceError
from geostance.sources.base import Item, SourceWarning, decode, parse_date
from geostance.sources.normalise import make_document

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
NO_TEXT = (
    "no article text found; is it a page of links or a script-only app? "
    "Save the article page itself"
)

#: Larger pages are refused: parsing builds a tree many times the page's size, and no
#: article page comes near this (a 100 MB page would need gigabytes).
MAX_HTML_BYTES = 25_000_000
#: A page counts as an article only with a paragraph of this many words outside links.
MIN_PARAGRAPH_WORDS = 4
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first 4 KB declares, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _clean_tree(html: str) -> tuple[Any, set[str]]:
    """The parsed page without script-like elements, and the texts of its links.

    trafilatura keeps ``<noscript>`` text ("You need to enable JavaScript"), which would turn
    a script-only app into a one-line article, so such elements go before extraction.
    """
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    for element in tree.xpath("//script|//style|//noscript|//template|//iframe|//object"):
        element.drop_tree()
    links = {_flat(a.text_content()) for a in tree.iter("a")}
    links.discard("")
    return tree, links


def _is_article(paragraphs: list[str], links: set[str]) -> bool:
    """True when some paragraph of at least ``MIN_PARAGRAPH_WORDS`` words is not a link's text;
    a page of links extracts to link texts only.
    """
    return any(len(p.split()) >= MIN_PARAGRAPH_WORDS and _flat(p) not in links for p in paragraphs)


def _extract(html: Any, url: str | None) -> Any:
    import trafilatura  # imported here: loading it takes a moment, and not every run needs it

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


MAX_DEPTH = 255
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")


def _too_deep(html: str) -> bool:
    """Whether open elements nest deeper than lxml's parser reads (about 256 levels)."""
    depth = 0
    for m in _TAG.finditer(html):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        depth += -1 if m.group(1) else 1
        if depth > MAX_DEPTH:
            return True
    return False


def _paragraphs(text: str) -> list[str]:
    """trafilatura puts one block per line; each is a paragraph for the coder."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def read_html(
    data: bytes | str,
    *,
    origin: str,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Item]:
    """One document from an HTML page (bytes are decoded: BOM, ``charset``, ``<meta>``, UTF-8).

    ``url`` is where the page was fetched from; a ``<link rel=canonical>`` in the page wins.
    """
    if len(data) > MAX_HTML_BYTES:
        yield SourceError(
            origin,
            f"HTML page of {len(data)} bytes is larger than {MAX_HTML_BYTES}; "
            "save the article page itself, or its text as a .txt file",
        )
        return
    if isinstance(data, bytes):
        html, problem = decode(data, charset=charset or html_charset(data))
        if problem:
            yield SourceWarning(origin, problem)
    else:
        html = data
    if not html.strip():
        yield SourceError(origin, "empty page; nothing to read")
        return
    try:
        tree, links = _clean_tree(html)
        result = _extract(tree, url)
    except Exception as e:  # noqa: BLE001 - a parser crash on hostile input is a bad source
        yield SourceError(origin, f"could not parse the HTML ({type(e).__name__}); {NO_TEXT}")
        return
    paragraphs = _paragraphs(getattr(result, "text", None) or "") if result is not None else []
    if not _is_article(paragraphs, links) and _too_deep(html):
        # lxml stops at 256 levels of nesting; the plain converter has no such limit
        paragraphs = _paragraphs(html_to_text(html))
        if _is_article(paragraphs, links):
            yield SourceWarning(
                origin,
                f"markup nested deeper than {MAX_DEPTH} levels: the article finder cannot read "
                "it, so the page's whole text was read (menus included, if any)",
            )
    del html
    if not _is_article(paragraphs, links):
        yield SourceError(origin, NO_TEXT)
        return
    text = "\n\n".join(paragraphs)
    date = None
    raw_date = getattr(result, "date", None)
    if raw_date:
        try:
            date = parse_date(raw_date)
        except ValueError:
            date = None
    try:
        yield make_document(
            text,
            origin=origin,
            kind="html",
            title=getattr(result, "title", None),
            date=date,
            url=getattr(result, "url", None) or url,
            source=getattr(result, "sitename", None) or getattr(result, "hostname", None),
        )
    except SourceError:
        yield SourceError(origin, NO_TEXT)


# -- small HTML fragment -> text converter ---------------------------------------------------

_BLOCK = frozenset(
    "address article aside blockquote caption dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul".split()
)
_SKIP = frozenset("script style noscript template head svg math iframe object embed select".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_PARA = "\x00"  # paragraph mark while collecting; NULs never survive decoding


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skipping.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append(_PARA)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append(_PARA)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            elif tag in self.skipping:
                del self.skipping[self.skipping.index(tag) :]
            return
        if tag in _BLOCK:
            self.parts.append(_PARA)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data.replace(_PARA, " ")))


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, block elements separated by blank lines.

    Script, style and similar elements are dropped with their content; attributes (such as
    ``onerror=``) are never text. Entities are decoded.
    """
    collector = _TextCollector()
    try:
        collector.feed(fragment)
        collector.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; keep what was read on a crash
        pass
    joined = "".join(collector.parts)
    lines = (line.strip() for line in joined.replace("\n", "\x01").split(_PARA))
    paragraphs = [re.sub(r" *\x01 *", "\n", p).strip("\x01\n ") for p in lines]
    return "\n\n".join(p for p in paragraphs if p)
