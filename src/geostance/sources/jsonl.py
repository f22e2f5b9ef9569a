"""JSON Lines -> one document per line, read line by line.

Fields: ``text`` (required), ``title``, ``date`` (ISO ``YYYY-MM-DD`` or an ISO datetime),
``url``, ``source``; other fields are ignored. A bad line is a ``SourceError`` naming
``file:line`` and the fix, and the following lines go on. A file is never read whole: a
100 MB file holds one line in memory at a time.

A ``.json`` file holding one array of such objects is read too (whole, since JSON arrays
cannot be streamed with the standard library); its items are numbered from 1.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Generator, Iterable, Iterator
from typing import Any

from geostance.errors import SourceError
from geostance.sources.base import Item, SourceWarning, invalid_text_warning, parse_date
from geostance.sources.normalise import make_document

JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")
JSON_EXTENSIONS = (".json",)
FIELDS = ("text", "title", "date", "url", "source")
_FIX = 'each line must be one JSON object such as {"text": "...", "date": "2023-05-02"}'


def read_jsonl(lines: Iterable[bytes], *, origin: str) -> Generator[Item, None, None]:
    """One document per non-blank line of ``lines`` (raw bytes, as a binary file yields)."""
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        where = f"{origin}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw.decode("utf-8", errors="replace")
            yield SourceWarning(where, invalid_text_warning("utf-8", e.start))
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield SourceError(where, f"not valid JSON ({e.msg} at column {e.colno}); {_FIX}")
            continue
        except RecursionError:
            yield SourceError(where, f"JSON nested too deeply to read; {_FIX}")
            continue
        yield from read_record(record, origin=where)


def read_json_array(data: bytes, *, origin: str) -> Iterator[Item]:
    """One document per object of a JSON array (``origin#N``); an object alone is one item."""
    text = data.decode("utf-8-sig", errors="replace")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        if text.lstrip().startswith("{"):  # several objects, one per line: JSON Lines
            yield from read_jsonl(data.splitlines(), origin=origin)
            return
        yield SourceError(
            origin,
            f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}); "
            "give a JSON array of objects or JSON Lines",
        )
        return
    except RecursionError:
        yield SourceError(origin, "JSON nested too deeply to read")
        return
    if isinstance(value, dict):
        yield from read_record(value, origin=origin)
        return
    if not isinstance(value, list):
        yield SourceError(origin, 'expected a JSON array of objects with a "text" field')
        return
    for number, record in enumerate(value, start=1):
        yield from read_record(record, origin=f"{origin}#{number}")


def _string_field(record: dict[str, Any], key: str, origin: str) -> Iterator[SourceWarning]:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        yield SourceWarning(origin, f'field "{key}" should be a string; ignored')


def read_record(record: Any, *, origin: str) -> Iterator[Item]:
    """One document from one decoded JSON object, or the error that says what to fix."""
    if not isinstance(record, dict):
        kind = type(record).__name__.replace("dict", "object").replace("list", "array")
        yield SourceError(origin, f"expected a JSON object, got {kind}; {_FIX}")
        return
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problem = 'has no "text" field' if text is None else 'has an empty or non-string "text"'
        yield SourceError(origin, f"the object {problem}; {_FIX}")
        return
    for key in ("title", "url", "source"):
        yield from _string_field(record, key, origin)
    date = None
    try:
        date = parse_date(record.get("date"))
    except ValueError as e:
        yield SourceWarning(origin, f"date ignored: {e}")

    def text_or_none(key: str) -> str | None:
        value = record.get(key)
        return value if isinstance(value, str) else None

    try:
        yield make_document(
            text,
            origin=origin,
            kind="jsonl",
            title=text_or_none("title"),
            date=date,
            url=text_or_none("url"),
            source=text_or_none("source"),
        )
    except SourceError as e:
        yield SourceError(origin, f'{e.reason} ("text" held only whitespace or controls)')
