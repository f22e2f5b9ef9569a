"""The CAMEO vocabulary the event coder codes in.

``data/cameo/codes.csv`` holds every CAMEO 1.1b3 code (roots, three- and four-digit codes) with
a short name in our own words, its root, our QuadClass, the Goldstein weight and the PLOVER
event type and mode. Numbers come from the published CAMEO and PLOVER codebooks (GDELT Goldstein
weights; 1213/1214 have none published and take their parent's). QuadClass follows the issue's
convention: roots 01-05 = 1 verbal cooperation, 06-08 = 2 material cooperation, 09-13 = 3
verbal conflict, 14-20 = 4 material conflict (see ``docs/coding.md`` for GDELT and Phoenix).

Which words carry which act is learned (:mod:`geostance.nlp.triggers`); :mod:`geostance.nlp.acts`
maps each act label to its code here.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

from geostance.errors import ExtractionError

__all__ = [
    "CodeInfo",
    "all_codes",
    "lookup",
    "phoenix_quad",
]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One CAMEO code and what goes with it."""

    code: str
    root: str
    level: int
    name: str
    quad_class: int
    goldstein: float
    plover: str
    plover_mode: str | None


def _read(name: str) -> str:
    try:
        return resources.files("geostance").joinpath("data", "cameo", name).read_text("utf-8")
    except (OSError, FileNotFoundError) as e:  # pragma: no cover - broken install
        raise ExtractionError(
            f"the CAMEO data file {name!r} is missing from the geostance package ({e}); "
            "reinstall geostance"
        ) from None


@functools.lru_cache(maxsize=1)
def all_codes() -> dict[str, CodeInfo]:
    """Every CAMEO code keyed by its code string ("01", "051", "1056")."""
    out: dict[str, CodeInfo] = {}
    for row in csv.DictReader(io.StringIO(_read("codes.csv"))):
        out[row["code"]] = CodeInfo(
            code=row["code"],
            root=row["root"],
            level=int(row["level"]),
            name=row["name"],
            quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"]),
            plover=row["plover"],
            plover_mode=row["plover_mode"] or None,
        )
    return out


def lookup(cameo: str) -> CodeInfo:
    """The CodeInfo of a CAMEO code; raises ExtractionError naming the code when unknown."""
    info = all_codes().get(str(cameo).strip())
    if info is None:
        raise ExtractionError(
            f"unknown CAMEO code {cameo!r}; use a code from data/cameo/codes.csv "
            "(two-digit roots 01-20, three- or four-digit codes such as 051 or 1056)"
        )
    return info


def phoenix_quad(cameo: str) -> int:
    """The Phoenix five-way class of a code (used by ConfliBERT's gold): 0 for roots 01-02,
    1 for 03-05, 2 for 06-08, 3 for 09-13 and 16, 4 for 14-15 and 17-20."""
    root = int(lookup(cameo).root)
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4
