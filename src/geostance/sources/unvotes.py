"""UN voting files -> typed tables (roll calls, votes, issues, vetoes, ideal points, coincidence).

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

import csv
import datetime as dt
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
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

ISSUES: dict[str, str] = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

VETO_MEMBERS: dict[str, str] = {
    "USSR": "RUS",
    "Russia": "RUS",
    "USA": "USA",
    "UK": "GBR",
    "France": "FRA",
    "China": "CHN",
}

GA_2023_TITLES: dict[str, str] = {
    # Our own short descriptions of the twelve votes in unga_palestine_gaza_votes_2023_2025.csv,
    # which holds symbols only. Used for display and for the topic rules of docs/votes.md.
    "A/RES/ES-10/21": "Gaza: protection of civilians; humanitarian truce (Oct 2023)",
    "A/RES/ES-10/22": "Gaza: demand for an immediate humanitarian ceasefire (Dec 2023)",
    "A/RES/ES-10/23": "Admission of Palestine as a UN member; added rights in the Assembly",
    "A/RES/ES-10/24": "ICJ advisory opinion: end of Israel's presence in the occupied "
    "Palestinian territory",
    "A/RES/ES-10/25": "Support for UNRWA, the agency for Palestine refugees (Dec 2024)",
    "A/RES/ES-10/26": "Gaza: demand for an immediate, permanent ceasefire (Dec 2024)",
    "A/RES/79/232": "Request for an ICJ advisory opinion on Israel's obligations towards "
    "UN and aid bodies in the occupied Palestinian territory",
    "A/RES/ES-10/27": "Gaza: protection of civilians; ceasefire demand (Jun 2025)",
    "A/DEC/80/506": "Endorsement of the New York declaration on the two-State solution (Palestine)",
    "A/RES/80/1": "Participation of the State of Palestine by video in the high-level week",
    "A/RES/80/78": "Palestine question resolution of 5 Dec 2025 (title not in the source file)",
    "A/RES/80/116": "Palestine question resolution of 12 Dec 2025 (title not in the source file)",
}

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


_IP_SESSION = r"(NVotes|IdealPoint|QO%|Q5%|Q10%|Q50%|Q90%|Q95%|Q100%)[A-Za-z]*"
_IP_YEAR = (
    r"(q0|qo|q5|q10|q50|q90|q95|q100)(fp|all)|nvotes(fp|all|Legacy)|idealpoint(fp|all|legacy)"
)

FORMATS: tuple[Format, ...] = (
    Format(
        "voeten_rollcalls",
        frozenset({"rcid", "session", "date", "unres"}),
        frozenset({"year", "importantvote", "amend", "para", "short", "descr", *ISSUES}),
        description="Voeten/unvotes GA roll calls (one row per roll call)",
    ),
    Format(
        "voeten_issues",
        frozenset({"rcid", "short_name"}),
        frozenset({"issue"}),
        description="Voeten/unvotes issue codes, long form",
    ),
    Format(
        "voeten_votes",
        frozenset({"rcid", "vote"}),
        frozenset({"country", "country_code", "iso3"}),
        description="Voeten/unvotes GA votes (one row per country and roll call)",
    ),
    Format(
        "undl_records",
        frozenset({"undl_id", "council", "date", "resolution", "title"}),
        frozenset(
            {
                "year",
                "total_yes",
                "total_no",
                "total_abstain",
                "total_non_voting",
                "total_members",
                "undl_link",
            }
        ),
        description="UN Digital Library voting records, GA and SC",
    ),
    Format(
        "undl_votes",
        frozenset({"undl_id", "vote"}),
        frozenset({"iso3", "country_raw"}),
        description="UN Digital Library votes (one row per country and record)",
    ),
    Format(
        "ga_palestine",
        frozenset({"resolution", "date", "vote"}),
        frozenset({"iso3", "country", "source"}),
        description="GA votes on Gaza, UNRWA and Palestine since Oct 2023",
    ),
    Format(
        "unsc_votes",
        frozenset({"decision_id", "date", "draft", "outcome", "vote"}),
        frozenset(
            {
                "year",
                "resolution",
                "meeting",
                "agenda_item",
                "topic",
                "category",
                "region",
                "submitted_by",
                "member_state",
                "iso3",
                "membership_status",
            }
        ),
        description="Security Council votes on drafts, one row per member and decision",
    ),
    Format(
        "unsc_vetoes",
        frozenset({"date", "draft", "member_veto1"}),
        frozenset(
            {
                "year",
                "month",
                "meeting_record",
                "agenda_item",
                "crisis_topic",
                "region",
                "member_veto2",
                "member_veto3",
                "single_veto",
                "multiple_vetoes",
                "China",
                "France",
                "Russia",
                "USSR",
                "USA",
                "UK",
                "russia_china",
                "usa_uk",
                "usa_france",
                "usa_france_uk",
                "france_uk",
            }
        ),
        description="Security Council vetoes (Dag Hammarskjold Library list)",
    ),
    Format(
        "idealpoints_yearly",
        frozenset({"ccode", "year", "idealpointfp"}),
        frozenset({"iso3c", "countryname"}),
        optional_pattern=_IP_YEAR,
        description="Bailey-Strezhnev-Voeten ideal points by calendar year",
    ),
    Format(
        "idealpoints_session",
        frozenset({"ccode", "session"}),
        frozenset({"iso3c", "Countryname"}),
        optional_pattern=_IP_SESSION,
        description="Bailey-Strezhnev-Voeten ideal points by session (overall or per issue)",
    ),
    Format(
        "statedept_coincidence",
        frozenset({"year", "same", "oppose", "partial", "coincidence_published"}),
        frozenset(
            {
                "country",
                "iso3",
                "absent",
                "coincidence_recomputed",
                "formula_check",
                "matches_published",
            }
        ),
        description="US State Department voting coincidence with the United States",
    ),
)
_BY_NAME = {f.name: f for f in FORMATS}


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

    def add(self, kind: str, rows: Sequence[int], detail: Callable[[int], str], fix: str) -> None:
        for r in rows[:MAX_ERRORS_SHOWN]:
            self.items.append((kind, self.lines(int(r)), detail(int(r)), fix))
        extra = len(rows) - MAX_ERRORS_SHOWN
        if extra > 0:
            self.items.append((kind, 0, f"and {extra} more rows like these", fix))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        kinds: dict[str, int] = {}
        for kind, *_ in self.items:
            kinds[kind] = kinds.get(kind, 0) + 1
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
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) > 1 and b"\x00" in data[:4096]):
        raise VotesError(
            f"{path}, line 1: the file looks like UTF-16 (byte-order mark or NUL bytes); "
            "fix: re-save it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8"
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


def detect_format(path: str, columns: Sequence[str]) -> Format:
    """The format whose required columns the header holds; ``VotesError`` if none or ambiguous."""
    cols = [c.strip() for c in columns]
    matches = [f for f in FORMATS if f.accepts(cols)]
    if not matches:
        known = "; ".join(f"{f.name}: {', '.join(sorted(f.required))}" for f in FORMATS)
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


# -- countries -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CountryTable:
    """Country names (any case) -> ISO3, and the set of ISO3 ids the vote files use."""

    by_name: dict[str, str]
    codes: frozenset[str]

    def resolve(self, code: str, name: str, date: dt.date | None = None) -> str | None:
        """The ISO3 id of a country given as a code and/or a name, or None if unknown."""
        code = code.strip().upper()
        if name.strip().upper() == "CHINA" and not code:
            return "TWN" if date is not None and date <= ROC_SEAT_END else "CHN"
        if code in self.codes:
            return code
        return self.by_name.get(name.strip().lower())


@lru_cache(maxsize=1)
def countries() -> CountryTable:
    """The shipped name -> ISO3 table (``geostance/data/unvotes/countries.csv``)."""
    text = resources.files("geostance").joinpath("data/unvotes/countries.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_name = {r["name"].strip().lower(): r["iso3"].strip() for r in rows}
    return CountryTable(by_name, frozenset(by_name.values()))


# -- small helpers ---------------------------------------------------------------------------
def normalise_symbol(symbol: str) -> str:
    """One spelling per document symbol: ``R/67/19`` -> ``A/RES/67/19``; ``893 (1994)`` ->
    ``S/RES/893(1994)``; spaces dropped. Used to join sources and to look votes up."""
    s = re.sub(r"\s+", "", symbol.strip())
    if not s:
        return ""
    if re.fullmatch(r"R/\d+/.+", s):
        return "A/RES/" + s[2:]
    if re.fullmatch(r"\d+\(\d{4}\)", s):
        return "S/RES/" + s
    return s.upper()


def _parse_dates(values: pd.Series, fmt: str) -> tuple[pd.Series, np.ndarray]:
    """Parse dates; return (dates as datetime64 or NaT, mask of unparseable values)."""
    parsed = pd.to_datetime(values, format=fmt, errors="coerce")
    bad = parsed.isna().to_numpy() & (values.str.strip() != "").to_numpy()
    return parsed, bad


def _dates(
    df: pd.DataFrame, col: str, problems: _Problems, fmt: str = "%Y-%m-%d", *, allow_year: bool
) -> pd.Series:
    """Dates of a column; a bare year is kept as a missing date when ``allow_year``."""
    raw = df[col].str.strip()
    parsed, bad = _parse_dates(raw, fmt)
    if allow_year:
        bad &= ~raw.str.fullmatch(r"\d{4}").to_numpy()
    lo, hi = pd.Timestamp(EARLIEST), pd.Timestamp(dt.date.today() + dt.timedelta(days=366))
    out_of_range = (parsed.notna() & ((parsed < lo) | (parsed > hi))).to_numpy()
    rows = np.flatnonzero(bad | out_of_range)
    problems.add(
        "bad dates",
        rows.tolist(),
        lambda r: f"{col} {raw.iloc[r]!r} is not a date between 1945-10-24 and next year",
        f"write dates as {fmt.replace('%', '').replace('Y', 'YYYY')} (e.g. 2012-11-29)",
    )
    return parsed.dt.date.where(parsed.notna(), None)


def _ints(df: pd.DataFrame, col: str, problems: _Problems, *, required: bool) -> pd.Series:
    raw = df[col].str.strip() if col in df else pd.Series([""] * len(df), dtype=str)
    num = pd.to_numeric(raw.str.replace(r"\.0$", "", regex=True), errors="coerce")
    bad = num.isna() & (raw != "") if not required else num.isna()
    bad |= num.notna() & (num != num.round())
    rows = np.flatnonzero(bad.to_numpy())
    problems.add(
        "bad numbers",
        rows.tolist(),
        lambda r: f"{col} {raw.iloc[r]!r} is not a whole number",
        f"give {col} as a whole number",
    )
    return num.astype("Int64")


def _floats(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df:
        return pd.Series([np.nan] * len(df), dtype="float64")
    return pd.to_numeric(df[col].str.strip().replace({"": None, "NA": None}), errors="coerce")


def _flag(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df:
        return pd.Series([None] * len(df), dtype="boolean")
    v = pd.to_numeric(df[col].str.strip(), errors="coerce")
    return (v > 0).astype("boolean").where(v.notna(), pd.NA)


def _votes(df: pd.DataFrame, col: str, problems: _Problems) -> pd.Series:
    raw = df[col].str.strip()
    mapped = raw.str.lower().map(VOTE_CODES)
    rows = np.flatnonzero(mapped.isna().to_numpy())
    problems.add(
        "unknown vote values",
        rows.tolist(),
        lambda r: f"vote {raw.iloc[r]!r} is not a known vote",
        "use yes/no/abstain/absent or Y/N/A/X",
    )
    return mapped


def _country_ids(
    df: pd.DataFrame,
    code_col: str | None,
    name_col: str | None,
    problems: _Problems,
    report: FileReport,
    dates: pd.Series | None = None,
) -> pd.Series:
    """Resolve each row's country; unknown ones are problems, fixed codes are warnings."""
    table = countries()
    codes = df[code_col].str.strip() if code_col and code_col in df else pd.Series([""] * len(df))
    names = df[name_col].str.strip() if name_col and name_col in df else pd.Series([""] * len(df))
    roc = (
        pd.Series([d is not None and d <= ROC_SEAT_END for d in dates], dtype=str)
        if dates is not None
        else pd.Series(["False"] * len(df), dtype=str)
    )
    keys = pd.Series(codes.to_numpy(), dtype=str) + "\x1f" + pd.Series(names.to_numpy(), dtype=str)
    keys = keys + "\x1f" + roc.to_numpy()
    resolved: dict[str, str | None] = {}
    for key in keys.unique():
        code, name, is_roc = str(key).split("\x1f")
        iso = table.resolve(code, name, ROC_SEAT_END if is_roc == "True" else None)
        if iso and code and code.upper() != iso:
            report.warnings.append(f"code {code!r} is not ISO3; used {iso} from name {name!r}")
        resolved[str(key)] = iso
    ids = keys.map(resolved).astype(object)
    rows = np.flatnonzero(ids.isna().to_numpy())
    problems.add(
        "unknown countries",
        rows.tolist(),
        lambda r: (
            f"country {names.iloc[r] or codes.iloc[r]!r} (code {codes.iloc[r]!r}) is "
            "not in the country table"
        ),
        "give its ISO 3166 alpha-3 code in the iso3 column, or a UN name of the country",
    )
    return ids


def _duplicates(
    df: pd.DataFrame, keys: list[str], problems: _Problems, what: str, fix: str
) -> None:
    dup = df.duplicated(keys, keep="first").to_numpy()
    rows = np.flatnonzero(dup)
    problems.add(
        f"duplicate {what}",
        rows.tolist(),
        lambda r: f"duplicate {what}: {', '.join(f'{k}={df[k].iloc[r]}' for k in keys)}",
        fix,
    )


def _empty_rollcalls(n: int) -> dict[str, Any]:
    return {c: [None] * n for c in ROLLCALL_COLUMNS}


def _frame(cols: tuple[str, ...], data: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({c: data[c] for c in cols})


# -- one parser per format -------------------------------------------------------------------
def _voeten_rollcalls(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    rcid = _ints(df, "rcid", p, required=True)
    _duplicates(df, ["rcid"], p, "roll calls", "keep one row per rcid")
    dates = _dates(df, "date", p, allow_year=False)
    n = len(df)
    d = _empty_rollcalls(n)
    d.update(
        id="voeten:" + rcid.astype(str),
        dataset="voeten",
        body="GA",
        session=_ints(df, "session", p, required=True),
        year=pd.Series([x.year if x else None for x in dates], dtype="Int64"),
        date=dates,
        symbol=df["unres"].map(normalise_symbol).replace("", None),
        title=df["short"].str.strip() if "short" in df else None,
        descr=df["descr"].str.strip() if "descr" in df else None,
        amend=_flag(df, "amend"),
        para=_flag(df, "para"),
        important=_flag(df, "importantvote"),
    )
    rollcalls = _frame(ROLLCALL_COLUMNS, d)
    issues = [
        pd.DataFrame({"rollcall": rollcalls["id"][_flag(df, k).fillna(False)], "issue": k})
        for k in ISSUES
        if k in df
    ]
    iss = pd.concat(issues) if issues else pd.DataFrame(columns=["rollcall", "issue"])
    iss["name"] = iss["issue"].map(ISSUES)
    return {"rollcalls": rollcalls, "issues": iss.reset_index(drop=True)}


def _voeten_issues(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    rcid = _ints(df, "rcid", p, required=True)
    code = df["short_name"].str.strip().str.lower()
    rows = np.flatnonzero(~code.isin(list(ISSUES)).to_numpy())
    p.add(
        "unknown issue codes",
        rows.tolist(),
        lambda r: f"issue code {code.iloc[r]!r} is unknown",
        f"use one of {', '.join(ISSUES)}",
    )
    _duplicates(df, ["rcid", "short_name"], p, "issue rows", "keep one row per rcid and issue")
    out = pd.DataFrame({"rollcall": "voeten:" + rcid.astype(str), "issue": code})
    out["name"] = code.map(ISSUES)
    return {"issues": out}


def _vote_rows(
    df: pd.DataFrame,
    p: _Problems,
    rep: FileReport,
    ids: pd.Series,
    code_col: str,
    name_col: str,
    dates: pd.Series | None = None,
) -> pd.DataFrame:
    vote = _votes(df, "vote", p)
    country = _country_ids(df, code_col, name_col, p, rep, dates)
    raw = (
        df[name_col].str.strip() if name_col in df else df.get(code_col, pd.Series([""] * len(df)))
    )
    return pd.DataFrame({"rollcall": ids, "country": country, "country_raw": raw, "vote": vote})


def _voeten_votes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    rcid = _ints(df, "rcid", p, required=True)
    votes = _vote_rows(df, p, rep, "voeten:" + rcid.astype(str), "iso3", "country")
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per rcid and country")
    return {"votes": votes}


def _undl_records(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    uid = _ints(df, "undl_id", p, required=True)
    _duplicates(df, ["undl_id"], p, "records", "keep one row per undl_id")
    dates = _dates(df, "date", p, allow_year=True)
    council = df["council"].str.strip().str.upper()
    rows = np.flatnonzero(~council.isin(["GA", "SC"]).to_numpy())
    p.add(
        "unknown council",
        rows.tolist(),
        lambda r: f"council {council.iloc[r]!r} is not GA or SC",
        "write GA or SC",
    )
    year = _ints(df, "year", p, required=False) if "year" in df else None
    yfd = pd.Series([x.year if x else None for x in dates], dtype="Int64")
    no_day = int(sum(x is None for x in dates))
    if no_day:
        rep.warnings.append(f"{no_day} record(s) have a year but no day; stored without a date")
    d = _empty_rollcalls(len(df))
    d.update(
        id="undl:" + uid.astype(str),
        dataset="undl",
        body=council,
        year=yfd.fillna(year) if year is not None else yfd,
        date=dates,
        symbol=df["resolution"].map(normalise_symbol).replace("", None),
        title=df["title"].str.strip(),
        url=df["undl_link"].str.strip().replace("", None) if "undl_link" in df else None,
        total_yes=_ints(df, "total_yes", p, required=False) if "total_yes" in df else None,
        total_no=_ints(df, "total_no", p, required=False) if "total_no" in df else None,
        total_abstain=(
            _ints(df, "total_abstain", p, required=False) if "total_abstain" in df else None
        ),
        total_absent=(
            _ints(df, "total_non_voting", p, required=False) if "total_non_voting" in df else None
        ),
    )
    return {"rollcalls": _frame(ROLLCALL_COLUMNS, d)}


def _undl_votes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    uid = _ints(df, "undl_id", p, required=True)
    votes = _vote_rows(df, p, rep, "undl:" + uid.astype(str), "iso3", "country_raw")
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per record and country")
    return {"votes": votes}


def _ga_palestine(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    dates = _dates(df, "date", p, allow_year=False)
    sym = df["resolution"].map(normalise_symbol)
    ids = "ga:" + sym
    votes = _vote_rows(df, p, rep, ids, "iso3", "country", dates)
    _duplicates(votes, ["rollcall", "country"], p, "votes", "keep one row per resolution and state")
    first = pd.DataFrame({"id": ids, "symbol": sym, "date": dates}).drop_duplicates("id")
    counts = votes.groupby("rollcall")["vote"].value_counts().unstack(fill_value=0)
    d = _empty_rollcalls(len(first))
    d.update(
        id=first["id"].to_numpy(),
        dataset="ga_palestine",
        body="GA",
        date=first["date"].to_numpy(),
        year=[x.year if x else None for x in first["date"]],
        symbol=first["symbol"].to_numpy(),
        title=[GA_2023_TITLES.get(s, s) for s in first["symbol"]],
        session=[_ga_session(x) for x in first["date"]],
        outcome="Adopted",
    )
    for col, v in (("total_yes", "yes"), ("total_no", "no"), ("total_abstain", "abstain")):
        d[col] = [int(counts.at[i, v]) if v in counts else 0 for i in first["id"]]
    d["total_absent"] = [
        int(counts.at[i, "absent"]) if "absent" in counts else 0 for i in first["id"]
    ]
    return {"rollcalls": _frame(ROLLCALL_COLUMNS, d), "votes": votes}


def _ga_session(day: dt.date | None) -> int | None:
    """The GA session of a date: a regular session opens in mid-September (1 = 1946)."""
    if day is None:
        return None
    after_opening = (day.month, day.day) >= (9, 8)
    return max(1, day.year - 1945 if after_opening else day.year - 1946)


def _unsc_votes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    did = _ints(df, "decision_id", p, required=True)
    dates = _dates(df, "date", p, allow_year=False)
    ids = "unsc:" + did.astype(str)
    votes = _vote_rows(df, p, rep, ids, "iso3", "member_state")
    dup = votes.duplicated(["rollcall", "country"], keep="first")
    if dup.any():
        # The source lists a member twice in a few decisions (documented in its README);
        # the first row is kept and each extra row reported.
        lines = _physical_lines_from(df)
        for r in np.flatnonzero(dup.to_numpy())[:MAX_ERRORS_SHOWN]:
            rep.warnings.append(
                f"line {lines(int(r))}: {votes['country'].iloc[r]} listed twice in decision "
                f"{did.iloc[r]}; kept the first row"
            )
        rep.skipped += int(dup.sum())
        votes = votes[~dup.to_numpy()]
    meta = pd.DataFrame({"id": ids, "date": dates})
    for c in ("resolution", "draft", "agenda_item", "topic", "outcome", "submitted_by"):
        meta[c] = df[c].str.strip() if c in df else ""
    meta = meta.drop_duplicates("id")
    d = _empty_rollcalls(len(meta))
    # Later rows of the source sometimes hold the draft symbol under "resolution" and the
    # adopted S/RES symbol under "draft": put each back in its place.
    res = meta["resolution"].map(normalise_symbol)
    drf = meta["draft"].map(normalise_symbol)
    swapped = drf.str.startswith("S/RES/") & ~res.str.startswith("S/RES/")
    sym = res.where(~swapped, drf)
    meta["draft"] = meta["draft"].where(~swapped, meta["resolution"])
    d.update(
        id=meta["id"].to_numpy(),
        dataset="unsc",
        body="SC",
        date=meta["date"].to_numpy(),
        year=[x.year if x else None for x in meta["date"]],
        symbol=sym.where(sym.str.startswith("S/RES/"), None).to_numpy(),
        draft=meta["draft"].replace("", None).to_numpy(),
        title=(meta["agenda_item"] + (" - " + meta["topic"]).where(meta["topic"] != "", "")),
        outcome=meta["outcome"].to_numpy(),
        submitted_by=meta["submitted_by"].replace("", None).to_numpy(),
    )
    rc = _frame(ROLLCALL_COLUMNS, d)
    counts = votes.groupby("rollcall")["vote"].value_counts().unstack(fill_value=0)
    for col, v in (("total_yes", "yes"), ("total_no", "no"), ("total_abstain", "abstain")):
        rc[col] = rc["id"].map(counts[v] if v in counts else {}).fillna(0).astype("Int64")
    return {"rollcalls": rc, "votes": votes.reset_index(drop=True)}


_LINES_HOLDER: dict[int, Callable[[int], int]] = {}


def _physical_lines_from(df: pd.DataFrame) -> Callable[[int], int]:
    return _LINES_HOLDER.get(id(df), lambda r: r + 2)


def _veto_detail(raw: str, _row: int) -> str:
    return f"vetoing member {raw!r} is not a permanent member"


def _unsc_vetoes(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    dates = _dates(df, "date", p, "%m/%d/%Y", allow_year=False)
    rows: list[dict[str, Any]] = []
    for i in range(len(df)):
        for col in ("member_veto1", "member_veto2", "member_veto3"):
            raw = df[col].iloc[i].strip() if col in df else ""
            if not raw:
                continue
            iso = VETO_MEMBERS.get(raw)
            if iso == "CHN" and dates.iloc[i] is not None and dates.iloc[i] <= ROC_SEAT_END:
                iso = "TWN"
            if iso is None:
                p.add(
                    "unknown veto members",
                    [i],
                    partial(_veto_detail, raw),
                    f"use one of {', '.join(VETO_MEMBERS)}",
                )
                continue
            rows.append(
                {
                    "dataset": "vetoes",
                    "seq": i + 1,
                    "date": dates.iloc[i],
                    "year": dates.iloc[i].year if dates.iloc[i] else None,
                    "draft": df["draft"].iloc[i].strip(),
                    "meeting": df.get("meeting_record", df["draft"]).iloc[i].strip(),
                    "agenda": " ".join(df["agenda_item"].iloc[i].split())
                    if "agenda_item" in df
                    else "",
                    "topic": df["crisis_topic"].iloc[i].strip() if "crisis_topic" in df else "",
                    "region": df["region"].iloc[i].strip() if "region" in df else "",
                    "member": iso,
                    "member_raw": raw,
                }
            )
    return {"vetoes": pd.DataFrame(rows, columns=list(VETO_COLUMNS))}


def _ip_country(df: pd.DataFrame, name_col: str, p: _Problems, rep: FileReport) -> pd.Series:
    """BSV files use ``YAR`` for both Yemens; the votes use YEM (678) and YMD (680)."""
    code = df["iso3c"].str.strip() if "iso3c" in df else pd.Series([""] * len(df))
    ccode = pd.to_numeric(df["ccode"], errors="coerce")
    code = code.mask((code == "YAR") & (ccode == 678), "YEM").mask(
        (code == "YAR") & (ccode == 680), "YMD"
    )
    fixed = df.copy()
    fixed["iso3c"] = code
    return _country_ids(fixed, "iso3c", name_col, p, rep)


def _idealpoints_yearly(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    empty = (df["idealpointfp"].str.strip().isin(["", "NA"])) & (
        df["iso3c"].str.strip() == "" if "iso3c" in df else True
    )
    if empty.any():
        rep.warnings.append(f"{int(empty.sum())} row(s) without country or estimate skipped")
        rep.skipped += int(empty.sum())
        df = df[~empty.to_numpy()].reset_index(drop=True)
    country = _ip_country(df, "countryname", p, rep)
    year = _ints(df, "year", p, required=True)
    ccode = _ints(df, "ccode", p, required=True)
    frames = []
    for variant, col, ncol in (
        ("fp", "idealpointfp", "nvotesfp"),
        ("all", "idealpointall", "nvotesall"),
        ("legacy", "idealpointlegacy", "nvotesLegacy"),
    ):
        if col not in df:
            continue
        sfx = variant if variant != "legacy" else None
        frames.append(
            pd.DataFrame(
                {
                    "dataset": "bsv_yearly",
                    "issue": "all",
                    "period_kind": "year",
                    "period": year,
                    "variant": variant,
                    "ccode": ccode,
                    "country": country,
                    "country_raw": df.get("countryname", pd.Series([""] * len(df))),
                    "idealpoint": _floats(df, col),
                    "nvotes": _floats(df, ncol).astype("Int64"),
                    "q05": _floats(df, f"q5{sfx}") if sfx else np.nan,
                    "q50": _floats(df, f"q50{sfx}") if sfx else np.nan,
                    "q95": _floats(df, f"q95{sfx}") if sfx else np.nan,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out = out[out["idealpoint"].notna()]
    _duplicates(
        out, ["variant", "period", "ccode"], p, "ideal points", "one row per ccode and year"
    )
    return {"idealpoints": out.reset_index(drop=True)}


def _idealpoints_session(
    df: pd.DataFrame, p: _Problems, rep: FileReport
) -> dict[str, pd.DataFrame]:
    ipcol = next((c for c in df.columns if c.startswith("IdealPoint")), None)
    if ipcol is None:
        raise VotesError(
            f"{p.path}, line 1: no IdealPoint<Issue> column; fix: keep the estimate column"
        )
    sfx = ipcol[len("IdealPoint") :]
    issue = {"": "all", "MiddleEast": "me", "HumanRights": "hr", "Nuclear": "nu"}.get(
        sfx, sfx.lower()
    )
    country = _ip_country(df, "Countryname", p, rep)
    out = pd.DataFrame(
        {
            "dataset": "bsv_session",
            "issue": issue,
            "period_kind": "session",
            "period": _ints(df, "session", p, required=True),
            "variant": "session",
            "ccode": _ints(df, "ccode", p, required=True),
            "country": country,
            "country_raw": df.get("Countryname", pd.Series([""] * len(df))),
            "idealpoint": _floats(df, ipcol),
            "nvotes": _floats(df, f"NVotes{sfx}").astype("Int64"),
            "q05": _floats(df, f"Q5%{sfx}"),
            "q50": _floats(df, f"Q50%{sfx}"),
            "q95": _floats(df, f"Q95%{sfx}"),
        }
    )
    _duplicates(out, ["period", "ccode"], p, "ideal points", "one row per ccode and session")
    return {"idealpoints": out[out["idealpoint"].notna()].reset_index(drop=True)}


def _coincidence(df: pd.DataFrame, p: _Problems, rep: FileReport) -> dict[str, pd.DataFrame]:
    country = _country_ids(df, "iso3", "country", p, rep)
    out = pd.DataFrame(
        {
            "year": _ints(df, "year", p, required=True),
            "country": country,
            "country_raw": df.get("country", pd.Series([""] * len(df))),
            "same": _ints(df, "same", p, required=True),
            "oppose": _ints(df, "oppose", p, required=True),
            "partial": _ints(df, "partial", p, required=True),
            "absent": _ints(df, "absent", p, required=False),
            "published": _floats(df, "coincidence_published"),
            "recomputed": _floats(df, "coincidence_recomputed"),
        }
    )
    _duplicates(out, ["year", "country"], p, "countries", "one row per country and year")
    return {"coincidence": out}


PARSERS: dict[str, Callable[[pd.DataFrame, _Problems, FileReport], dict[str, pd.DataFrame]]] = {
    "voeten_rollcalls": _voeten_rollcalls,
    "voeten_issues": _voeten_issues,
    "voeten_votes": _voeten_votes,
    "undl_records": _undl_records,
    "undl_votes": _undl_votes,
    "ga_palestine": _ga_palestine,
    "unsc_votes": _unsc_votes,
    "unsc_vetoes": _unsc_vetoes,
    "idealpoints_yearly": _idealpoints_yearly,
    "idealpoints_session": _idealpoints_session,
    "statedept_coincidence": _coincidence,
}


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
