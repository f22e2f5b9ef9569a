"""US State Department "voting coincidence with the United States", per country and year."""

from __future__ import annotations

import pandas as pd

from geostance.sources.unvotes.common import FileReport, Format, Parser, _Problems
from geostance.sources.unvotes.fields import _country_ids, _duplicates, _floats, _ints

FORMATS: tuple[Format, ...] = (
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


PARSERS: dict[str, Parser] = {"statedept_coincidence": _coincidence}
