"""What every UN voting format shares: the tables' columns, the format record, the file report,
the error collector, and reading bytes into a CSV frame (plain or gzip, UTF-8).

Pure: reads the bytes it is given and returns values; a problem is a ``VotesError`` naming the
file, the line and the fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geostance.errors import VotesError

ROC_SEAT_END = dt.date(1971, 10, 25)
"""The Republic of China held the "China" seat until this day (GA resolution 2758)."""

EARLIEST = dt.date(1945, 10, 24)
MAX_ERRORS_SHOWN = 5

VOTE_CODES: dict[str, str] = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "abstain": "abstain",
    "abstention": "abstain",
    "a": "abstain",
    "absent": "absent",
    "x": "absent",
    "non-voting": "absent",
    "not voting": "absent",
}
"""Vote spellings of the recognised files -> the four values of ``models.VoteValue``."""

ROLLCALL_COLUMNS: tuple[str, ...] = (
    "id",
    "dataset",
    "body",
    "session",
    "year",
    "date",
    "symbol",
    "draft",
    "title",
    "descr",
    "amend",
    "para",
    "important",
    "outcome",
    "submitted_by",
    "url",
    "total_yes",
    "total_no",
    "total_abstain",
    "total_absent",
    "agenda",
    "subjects",
)
VOTE_COLUMNS: tuple[str, ...] = ("rollcall", "country", "country_raw", "vote")
ISSUE_COLUMNS: tuple[str, ...] = ("rollcall", "issue", "name")
VETO_COLUMNS: tuple[str, ...] = (
    "dataset",
    "seq",
    "date",
    "year",
    "draft",
    "meeting",
    "agenda",
    "topic",
    "region",
    "member",
    "member_raw",
)
IDEALPOINT_COLUMNS: tuple[str, ...] = (
    "dataset",
    "issue",
    "period_kind",
    "period",
    "variant",
    "ccode",
    "country",
    "country_raw",
    "idealpoint",
    "nvotes",
    "q05",
    "q50",
    "q95",
)
COINCIDENCE_COLUMNS: tuple[str, ...] = (
    "year",
    "country",
    "country_raw",
    "same",
    "oppose",
    "partial",
    "absent",
    "published",
    "recomputed",
)


# -- formats ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    """A recognised file format: the columns it must have and those it may have."""

    name: str
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    optional_pattern: str | None = None
    description: str = ""

    def accepts(self, columns: Sequence[str]) -> bool:
        return self.required <= set(columns)

    def unknown(self, columns: Sequence[str]) -> list[str]:
        known = self.required | self.optional
        pat = re.compile(self.optional_pattern) if self.optional_pattern else None
        return [c for c in columns if c not in known and not (pat and pat.fullmatch(c))]


# -- reports ---------------------------------------------------------------------------------
@dataclass
class FileReport:
    """What validation found in one file: rows read, rows per table, warnings (kept going)."""

    path: str
    format: str
    checksum: str
    rows: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0


@dataclass
class ParsedFile:
    """A validated file: its report and the tables to store (pandas DataFrames)."""

    report: FileReport
    tables: dict[str, pd.DataFrame]


class _Problems:
    """Collects validation failures so that one error message can count them all."""

    def __init__(self, path: str, lines: Callable[[int], int]) -> None:
        self.path = path
        self.lines = lines
        self.items: list[tuple[str, int, str, str]] = []
        self.counts: dict[str, int] = {}

    def add(self, kind: str, rows: Sequence[int], detail: Callable[[int], str], fix: str) -> None:
        if len(rows):
            self.counts[kind] = self.counts.get(kind, 0) + len(rows)
        for r in rows[:MAX_ERRORS_SHOWN]:
            self.items.append((kind, self.lines(int(r)), detail(int(r)), fix))
        extra = len(rows) - MAX_ERRORS_SHOWN
        if extra > 0:
            self.items.append((kind, 0, f"and {extra} more rows like these", fix))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        kinds = self.counts  # every problem row, not only the ones shown
        first = self.items[0]
        lines = [
            f"{self.path}, line {first[1]}: {first[2]}; fix: {first[3]}",
            "nothing was imported from this file; problems found: "
            + ", ".join(f"{k} ({n})" for k, n in kinds.items()),
        ]
        for _kind, line, detail, _fix in self.items[1:]:
            where = f"line {line}: " if line else ""
            lines.append(f"  {where}{detail}")
        raise VotesError("\n".join(lines))


Parser = Callable[[pd.DataFrame, _Problems, FileReport], dict[str, pd.DataFrame]]
"""A format's parser: the file's frame, the problem collector and the report -> its tables."""


# -- reading bytes ---------------------------------------------------------------------------
def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: str | Path, *, max_bytes: int = 500_000_000) -> bytes:
    """The file's raw bytes; a missing, unreadable or oversized file is a ``VotesError``."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise VotesError(
                f"{path}, line 1: file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                "fix: split the file or raise the limit"
            )
        return p.read_bytes()
    except OSError as e:
        raise VotesError(
            f"{path}, line 1: cannot read the file ({e.strerror or e}); fix: check the path"
        ) from None


def decode(path: str, data: bytes) -> str:
    """Gunzip if needed and decode UTF-8; name the line of a truncation or a bad byte."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(path, data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise VotesError(
            f"{path}, line 1: the file looks like UTF-16 (byte-order mark); "
            "fix: re-save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8"
        )
    if len(data) > 1 and b"\x00" in data[:4096]:
        raise VotesError(
            f"{path}, line 1: the file holds NUL bytes, so it is binary or UTF-16, not a CSV "
            "text file; fix: give the CSV file itself, or re-save UTF-16 text as UTF-8, e.g. "
            "iconv -f UTF-16 -t UTF-8"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start : e.start + 1].hex()
        raise VotesError(
            f"{path}, line {line}: byte 0x{bad} is not UTF-8 (the file may be Latin-1 or "
            "Windows-1252); fix: re-save it as UTF-8, e.g. iconv -f latin1 -t UTF-8"
        ) from None


def _gunzip(path: str, data: bytes) -> bytes:
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data) + d.flush()
    except zlib.error as e:
        raise VotesError(
            f"{path}, line 1: the gzip data are corrupt ({e}); fix: download the file again"
        ) from None
    if not d.eof:
        line = out.count(b"\n") + 1
        raise VotesError(
            f"{path}, line {line}: the gzip file is truncated (it ends after {len(out):,} "
            "uncompressed bytes); fix: download the file again (geostance votes download resumes)"
        )
    return out


def _physical_lines(text: str) -> Callable[[int], int]:
    """Map a data-row index (0-based) to its 1-based line in the file.

    Quoted cells may hold line breaks, so rows and lines differ; the csv module knows both.
    Computed lazily, only when an error needs a line number.
    """
    cache: list[int] = []

    def line_of(row: int) -> int:
        if not cache:
            reader = csv.reader(io.StringIO(text))
            next(reader, None)
            start = reader.line_num
            for _ in reader:
                cache.append(start + 1)
                start = reader.line_num
        return cache[row] if 0 <= row < len(cache) else row + 2

    return line_of


def _read_csv(path: str, text: str) -> pd.DataFrame:
    if not text.strip():
        raise VotesError(f"{path}, line 1: the file is empty; fix: give a UN voting CSV file")
    try:
        return pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, engine="c"
        )
    except pd.errors.ParserError as e:
        msg = str(e)
        m = re.search(r"line (\d+)|row (\d+)", msg)
        line = int(next(g for g in m.groups() if g)) if m else 0
        raise VotesError(
            f"{path}, line {line}: malformed CSV ({msg.strip()}); fix: check quoting and "
            "the number of fields on that line"
        ) from None
    except (pd.errors.EmptyDataError, UnicodeError, ValueError) as e:
        raise VotesError(f"{path}, line 1: not a CSV file ({e}); fix: give a CSV file") from None


_LINES_HOLDER: dict[int, Callable[[int], int]] = {}
"""Data-row -> file-line maps of the frames being parsed (set by ``parse_bytes``)."""


def _physical_lines_from(df: pd.DataFrame) -> Callable[[int], int]:
    return _LINES_HOLDER.get(id(df), lambda r: r + 2)


def detect_among(path: str, columns: Sequence[str], formats: Sequence[Format]) -> Format:
    """The format whose required columns the header holds; ``VotesError`` if none or ambiguous."""
    cols = [c.strip() for c in columns]
    matches = [f for f in formats if f.accepts(cols)]
    if not matches:
        known = "; ".join(f"{f.name}: {', '.join(sorted(f.required))}" for f in formats)
        raise VotesError(
            f"{path}, line 1: columns {', '.join(cols)[:300]} match no known UN voting format; "
            f"fix: rename the columns to one of these sets ({known})"
        )
    # The most specific match wins (more required columns).
    best = max(matches, key=lambda f: len(f.required))
    unknown = best.unknown(cols)
    if unknown:
        allowed = ", ".join(sorted(best.required | best.optional))
        raise VotesError(
            f"{path}, line 1: unknown column(s) {', '.join(unknown)} for format {best.name}; "
            f"fix: remove or rename them (known columns: {allowed})"
        )
    return best
