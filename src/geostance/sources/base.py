"""What every reader yields, and the byte-level checks they share.

A reader never raises for a bad input: it yields a ``SourceError`` (with the origin and the
fix) and goes on, so one broken file does not stop a batch. Things worth knowing that did
not stop reading (invalid UTF-8 replaced, a feed entry that fell back to its summary) are
yielded as ``SourceWarning`` *before* the document they concern, with the same ``origin``,
so the facade can attach them to that document's result.

Kinds of document (``Document.kind``): ``text``, ``markdown``, ``html``, ``feed`` (one feed
entry), ``jsonl`` (one JSON line).
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from geostance.errors import SourceError
from geostance.models import Document


@dataclass(frozen=True, slots=True)
class SourceWarning:
    """Something the user should know about a source that was still read.

    ``origin`` equals the ``Document.origin`` of the document it concerns (when there is one),
    so it can be shown next to that document's result.
    """

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item: TypeAlias = Document | SourceError | SourceWarning
Items: TypeAlias = Iterator[Item]

#: Bytes looked at to decide whether a file is binary and what it is.
SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# (magic bytes, offset, what it looks like); checked in order.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive, e.g. .docx, .xlsx or .epub"),
    (b"\x1f\x8b", 0, "gzip-compressed data"),
    (b"BZh", 0, "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", 0, "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"\x89PNG", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF8", 0, "a GIF image"),
    (b"RIFF", 0, "audio, video or a WebP image"),
    (b"ID3", 0, "an MP3 file"),
    (b"\x7fELF", 0, "a program (ELF executable)"),
    (b"MZ", 0, "a Windows program"),
    (b"SQLite format 3\x00", 0, "a SQLite database"),
    (b"DUCK", 8, "a DuckDB database"),
    (b"PAR1", 0, "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", 0, "an old Microsoft Office document"),
)

# Control bytes that do not occur in text (tab, newline, CR, form feed, backspace, ESC do).
_CONTROL = bytes(b for b in range(32) if b not in (8, 9, 10, 12, 13, 27)) + b"\x7f"
# Signatures that plain text never starts with (non-ASCII or control bytes in them).
_SURE = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"SQLite format 3\x00",
    b"\xd0\xcf\x11\xe0",
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` announces, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Guess UTF-16 text saved without a BOM: ASCII letters with a NUL beside each."""
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    return None


def text_encoding(head: bytes) -> str | None:
    """The encoding a BOM or the NUL pattern of UTF-16 shows; ``None`` means try UTF-8."""
    return bom_encoding(head) or _utf16_without_bom(head)


def looks_like(head: bytes) -> str:
    """Name the kind of binary data ``head`` starts with, for the error message."""
    for magic, offset, name in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return name
    return "unknown binary data"


def binary_reason(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of an input) is not text, or ``None`` if it is text.

    Text with a BOM or in UTF-16 is text. Otherwise a NUL byte, a known file signature, or
    more than 10% control bytes means binary.
    """
    if not head or text_encoding(head):
        return None
    sample = head[:SNIFF_BYTES]
    if sample.startswith(_SURE) or b"\x00" in sample:
        return looks_like(sample)
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > 0.1 * len(sample):
        return looks_like(sample)
    return None


def binary_message(what: str) -> str:
    """The one wording for a binary input."""
    return f"binary file (looks like {what}); give text, HTML, a feed or JSON Lines"


def decode(data: bytes, *, charset: str | None = None) -> tuple[str, str | None]:
    """Decode ``data`` to text and say what went wrong, if anything.

    Order: a BOM, then a declared ``charset`` (from HTTP), then UTF-8. Bytes that do not
    decode are replaced with U+FFFD and the second value is the warning to show; it is
    ``None`` when decoding was clean.
    """
    encoding = text_encoding(data[:SNIFF_BYTES])
    if encoding is None and charset:
        try:
            encoding = codecs.lookup(charset).name
        except LookupError:
            encoding = None
    encoding = encoding or "utf-8"
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as e:
        if encoding == "utf-8" and not charset:
            # Not UTF-8 and nothing declared: most such files are Latin-1 / Windows-1252.
            try:
                return data.decode("cp1252"), (
                    f"not UTF-8 (invalid byte at {e.start}): read as Windows-1252 (Latin-1); "
                    "if that is wrong, pass --encoding NAME or re-save the file as UTF-8"
                )
            except UnicodeDecodeError:
                pass
        text = data.decode(encoding, errors="replace")
        return text, invalid_text_warning(encoding, e.start)


def invalid_text_warning(encoding: str, position: int) -> str:
    """The one wording for undecodable bytes."""
    name = "UTF-8" if encoding.replace("-sig", "") == "utf-8" else encoding
    return (
        f"invalid {name} from byte {position}; undecodable bytes were replaced with U+FFFD; "
        "re-save the file as UTF-8 to keep every character"
    )


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_FULL_DATE_HINT = re.compile(r"\d{1,2}\D{1,12}\d{4}|\d{4}\D{1,12}\d{1,2}\D\d{1,2}")


def parse_date(value: object) -> dt.date | None:
    """A calendar day from an ISO date, ISO datetime, RFC 822 date or a written full date.

    Never invents a part: a value without a year, month and day raises ``ValueError`` (the
    caller turns that into a warning and keeps ``date=None``). A datetime keeps the day of
    its own time zone, as the publisher wrote it. Empty values give ``None``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a date must be a string like 2023-05-02, not {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    if _ISO_DAY.match(text):
        try:
            return dt.datetime.fromisoformat(text.replace("z", "Z")).date()
        except ValueError:
            pass
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"{text!r} is not a valid date") from None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    return _written_date(text)


def _written_date(text: str) -> dt.date:
    """Parse '2 May 2023' and the like with dateparser, requiring day, month and year."""
    if not _FULL_DATE_HINT.search(text) or len(text) > 64:
        raise ValueError(f"{text!r} is not a full date (give year, month and day, e.g. 2023-05-02)")
    import dateparser  # slow to import; only needed for dates written out in words

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise ValueError(f"{text!r} is not a full date (give year, month and day, e.g. 2023-05-02)")
    return parsed.date()
