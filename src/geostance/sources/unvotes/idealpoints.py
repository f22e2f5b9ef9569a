"""Bailey-Strezhnev-Voeten ideal points, by calendar year and by session (overall or per issue)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geostance.errors import VotesError
from geostance.sources.unvotes.common import FileReport, Format, Parser, _Problems
from geostance.sources.unvotes.fields import _country_ids, _duplicates, _floats, _ints

_IP_SESSION = r"(NVotes|IdealPoint|QO%|Q5%|Q10%|Q50%|Q90%|Q95%|Q100%)[A-Za-z]*"
_IP_YEAR = (
    r"(q0|qo|q5|q10|q50|q90|q95|q100)(fp|all)|nvotes(fp|all|Legacy)|idealpoint(fp|all|legacy)"
)

FORMATS: tuple[Format, ...] = (
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
)


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


PARSERS: dict[str, Parser] = {
    "idealpoints_yearly": _idealpoints_yearly,
    "idealpoints_session": _idealpoints_session,
}
