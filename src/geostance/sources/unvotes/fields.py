"""Column helpers shared by the format parsers: countries, symbols, dates, numbers, votes.

Each helper reads one column of a file's frame, reports bad cells to the ``_Problems``
collector (so one error message counts them all) and returns the parsed column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from geostance.sources.unvotes.common import (
    EARLIEST,
    ROC_SEAT_END,
    ROLLCALL_COLUMNS,
    VOTE_CODES,
    FileReport,
    _Problems,
)


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


def _on_or_before(dates: pd.Series, day: dt.date) -> np.ndarray:
    """Which of a column of dates (``datetime.date``, None or NaT) fall on or before ``day``."""
    parsed = pd.to_datetime(pd.Series(dates, dtype=object), errors="coerce")
    return (parsed <= pd.Timestamp(day)).fillna(False).to_numpy(dtype=bool)


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
        pd.Series(_on_or_before(dates, ROC_SEAT_END), dtype=str)
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


def _ga_session(day: dt.date | None) -> int | None:
    """The GA session of a date: a regular session opens in mid-September (1 = 1946)."""
    if day is None:
        return None
    after_opening = (day.month, day.day) >= (9, 8)
    return max(1, day.year - 1945 if after_opening else day.year - 1946)
