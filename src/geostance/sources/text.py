"""Plain text and Markdown -> one document each.

Both may start with a small front matter block (``---``, ``key: value`` lines, ``---``)
giving ``title``, ``date``, ``url`` and ``source``. A Markdown file without a front matter
title takes its first ``# Heading``. Markdown syntax is reduced to plain text with the
paragraphs kept, because the event coder reads paragraphs; no Markdown library is needed
for the handful of constructs news text uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from geostance.errors import SourceError
from geostance.sources.base import Item, SourceWarning, parse_date
from geostance.sources.normalise import make_document

TEXT_EXTENSIONS = (".txt", ".text")
MARKDOWN_EXTENSIONS = (".md", ".markdown")
FRONT_MATTER_KEYS = ("title", "date", "url", "source")

_FRONT_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
#: Front matter is a short header; a first "---" followed by pages of text is a rule.
_FRONT_MAX_CHARS = 4000


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The recognised keys of a front matter block (others are ignored)."""

    fields: dict[str, str]
    body: str


def split_front_matter(text: str) -> FrontMatter:
    """Separate a leading ``---`` block of ``key: value`` lines from the body.

    Without a well-formed block (opening and closing line, only ``key: value`` or blank
    lines between), the whole text is the body.
    """
    opening = _FRONT_OPEN.match(text)
    if not opening:
        return FrontMatter({}, text)
    closing = _FRONT_CLOSE.search(text, opening.end(), opening.end() + _FRONT_MAX_CHARS)
    if not closing:
        return FrontMatter({}, text)
    fields: dict[str, str] = {}
    for line in text[opening.end() : closing.start()].splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            return FrontMatter({}, text)
        key, value = match.group(1).lower(), _unquote(match.group(2))
        if key in FRONT_MATTER_KEYS and value:
            fields[key] = value
    return FrontMatter(fields, text[closing.end() :].lstrip("\r\n"))


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].strip()
    return value


# -- Markdown to plain text -------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]*(```|~~~).*$", re.MULTILINE)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_EMPTY_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_RULE = re.compile(
    r"^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$", re.MULTILINE
)
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE)
_BULLET = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
_TABLE_PIPE = re.compile(r"[ \t]*\|[ \t]*")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)|!\[([^\]\n]*)\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\n]|\([^)\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_TAG_NAMES = (
    r"a|abbr|b|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|figcaption|figure|font|"
    r"h[1-6]|hr|i|iframe|img|ins|kbd|li|mark|ol|p|picture|pre|q|s|small|source|span|strong|sub|"
    r"summary|sup|table|tbody|td|tfoot|th|thead|tr|u|ul|video|audio|section|article|aside|nav"
)
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})\b[^<>]*>", re.IGNORECASE)
_SCRIPT = re.compile(
    r"<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_EMPH = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~<])")
_ESCAPED_BASE = 0xF0000  # a private-use plane that text does not use
_ESCAPED = re.compile("[\U000f0000-\U000f007f]")


def markdown_to_text(markdown: str) -> str:
    """Markdown reduced to plain text with paragraphs kept.

    Removes heading marks, emphasis, links (their text stays), images, list bullets,
    block quotes, rules, code fences, table pipes and inline HTML tags.
    """
    # Escaped characters are hidden from the other rules, then restored as themselves.
    text = _ESCAPE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), markdown)
    text = _SCRIPT.sub("", text)
    text = _COMMENT.sub("", text)
    text = _FENCE.sub("", text)
    text = _REF_DEF.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _EMPTY_HEADING.sub("", text)
    text = _TABLE_RULE.sub("", text)
    text = _RULE.sub("", text)
    text = _SETEXT.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub(r"\1", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\2", text)
    text = _STRIKE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis such as ***both***
        text = _STRONG.sub(r"\2", text)
        text = _EMPH.sub(r"\2", text)
    text = "\n".join(_table_row(line) for line in text.split("\n"))
    return _ESCAPED.sub(lambda m: chr(ord(m.group()) - _ESCAPED_BASE), text)


def _table_row(line: str) -> str:
    """``| a | b |`` -> ``a b``; other lines unchanged."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return _TABLE_PIPE.sub(" ", stripped).strip()
    return line


def first_heading(markdown: str) -> str | None:
    """The text of a ``# Heading`` on the first non-blank line, if there is one."""
    for line in markdown.splitlines():
        if not line.strip():
            continue
        match = _HEADING.match(line)
        if match is None:
            return None
        return markdown_to_text(match.group(1)).strip() or None
    return None


# -- reader ----------------------------------------------------------------------------


def read_text(text: str, *, origin: str, markdown: bool) -> Iterator[Item]:
    """One document from decoded text (``markdown`` says whether to strip Markdown)."""
    yield from read_text_owned([text], origin=origin, markdown=markdown)


def read_text_owned(box: list[str], *, origin: str, markdown: bool) -> Iterator[Item]:
    """Like ``read_text``, taking the only reference to the text out of ``box`` so that the
    raw text is freed as soon as the front matter is split off (large files)."""
    text = box.pop()
    front = split_front_matter(text)
    del text
    meta = front.fields
    title = meta.get("title")
    body = front.body
    del front
    if markdown:
        title = title or first_heading(body)
        body = markdown_to_text(body)
    elif title:
        title = markdown_to_text(title)
    date = None
    if "date" in meta:
        try:
            date = parse_date(meta["date"])
        except ValueError as e:
            yield SourceWarning(origin, f"front matter date ignored: {e}")
    if not body.strip():
        yield SourceError(origin, "no text after the front matter; add the article text")
        return
    try:
        yield make_document(
            body,
            origin=origin,
            kind="markdown" if markdown else "text",
            title=title,
            date=date,
            url=meta.get("url"),
            source=meta.get("source"),
        )
    except SourceError as e:
        yield e
