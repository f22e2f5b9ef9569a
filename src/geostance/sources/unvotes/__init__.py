"""UN voting files -> typed tables (roll calls, votes, issues, vetoes, ideal points, coincidence).

One module per source, each declaring its ``FORMATS`` and ``PARSERS``: ``voeten`` (Voeten's GA
roll calls), ``undl`` (UN Digital Library records as scraped, 1946-2021), ``undl_published``
(the library's own GA and SC voting data), ``ga_palestine``, ``unsc`` (SC draft votes and
vetoes), ``idealpoints``, ``coincidence``. ``common`` and ``fields`` hold the one validation
path they share.

Each format is recognised by its columns (see ``FORMATS`` and ``docs/votes.md``). A file is read
whole (plain or gzip), decoded as UTF-8, parsed and validated before anything is returned, so the
caller can write it in one transaction or not at all: a bad file raises ``VotesError`` naming the
file, the line and the fix, and nothing is half-imported.

Countries get ISO 3166-1 alpha-3 ids, the ids the event coder uses. Historical seats follow the
data: the USSR seat is ``RUS``, the Federal Republic of Germany ``DEU``, the GDR ``DDR``, the
Republic of China's "China" seat until 1971-10-25 ``TWN``. This module is pure: it reads the path
it is given and returns values; it never touches the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from geostance.errors import VotesError
from geostance.sources.unvotes import (
    coincidence,
    ga_palestine,
    idealpoints,
    undl,
    undl_published,
    unsc,
    voeten,
)
from geostance.sources.unvotes.common import (
    _LINES_HOLDER,
    COINCIDENCE_COLUMNS,
    EARLIEST,
    IDEALPOINT_COLUMNS,
    ISSUE_COLUMNS,
    MAX_ERRORS_SHOWN,
    ROC_SEAT_END,
    ROLLCALL_COLUMNS,
    VETO_COLUMNS,
    VOTE_CODES,
    VOTE_COLUMNS,
    FileReport,
    Format,
    ParsedFile,
    Parser,
    _physical_lines,
    _Problems,
    _read_csv,
    checksum,
    decode,
    detect_among,
    read_bytes,
)
from geostance.sources.unvotes.fields import CountryTable, countries, normalise_symbol
from geostance.sources.unvotes.ga_palestine import GA_2023_TITLES
from geostance.sources.unvotes.unsc import VETO_MEMBERS
from geostance.sources.unvotes.voeten import ISSUES

_MODULES = (voeten, undl, ga_palestine, unsc, idealpoints, coincidence, undl_published)

FORMATS: tuple[Format, ...] = tuple(f for m in _MODULES for f in m.FORMATS)
"""Every recognised format, in the order ties between equally specific matches are broken."""

PARSERS: dict[str, Parser] = {k: v for m in _MODULES for k, v in m.PARSERS.items()}

__all__ = [
    "COINCIDENCE_COLUMNS",
    "EARLIEST",
    "FORMATS",
    "GA_2023_TITLES",
    "IDEALPOINT_COLUMNS",
    "ISSUES",
    "ISSUE_COLUMNS",
    "MAX_ERRORS_SHOWN",
    "PARSERS",
    "ROC_SEAT_END",
    "ROLLCALL_COLUMNS",
    "VETO_COLUMNS",
    "VETO_MEMBERS",
    "VOTE_CODES",
    "VOTE_COLUMNS",
    "CountryTable",
    "FileReport",
    "Format",
    "ParsedFile",
    "checksum",
    "countries",
    "decode",
    "detect_format",
    "normalise_symbol",
    "parse_bytes",
    "parse_file",
    "read_bytes",
]


def detect_format(path: str, columns: Sequence[str]) -> Format:
    """The format whose required columns the header holds; ``VotesError`` if none or ambiguous."""
    return detect_among(path, columns, FORMATS)


def parse_bytes(path: str, data: bytes) -> ParsedFile:
    """Recognise, parse and validate one file's bytes; raise ``VotesError`` on any problem."""
    text = decode(path, data)
    df = _read_csv(path, text)
    df.columns = [c.strip() for c in df.columns]
    fmt = detect_format(path, list(df.columns))
    report = FileReport(path=path, format=fmt.name, checksum=checksum(data), rows=len(df))
    if df.empty:
        raise VotesError(f"{path}, line 2: the file has a header but no rows; fix: give data rows")
    lines = _physical_lines(text)
    problems = _Problems(path, lines)
    _LINES_HOLDER[id(df)] = lines
    try:
        tables = PARSERS[fmt.name](df, problems, report)
    finally:
        _LINES_HOLDER.pop(id(df), None)
    problems.raise_if_any()
    report.tables = {k: len(v) for k, v in tables.items()}
    return ParsedFile(report, tables)


def parse_file(path: str | Path, *, max_bytes: int = 500_000_000) -> ParsedFile:
    """Read and validate one UN voting file (plain or gzip CSV)."""
    return parse_bytes(str(path), read_bytes(path, max_bytes=max_bytes))
