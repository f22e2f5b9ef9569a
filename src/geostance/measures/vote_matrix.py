"""Votes as a states x roll-calls matrix: the vote codes (``CODES``, ``NAMES``), the
``VoteMatrix`` of small integers and ``encode``, which builds it from a (rollcall, country,
vote) frame with Arrow's hash lookup. The agreement counts and the ideal points start from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CODES: dict[str, int] = {"yes": 1, "abstain": 2, "no": 3, "absent": 4}
"""0 means no record (not a member, or not listed)."""
NAMES = np.array(["", "yes", "abstain", "no", "absent"], dtype=object)


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as a states x roll-calls int8 matrix (codes in ``CODES``; 0 = no record)."""

    countries: np.ndarray
    rollcalls: np.ndarray
    codes: np.ndarray

    def one_hot(self, dtype: type = np.float32) -> dict[str, np.ndarray]:
        c = self.codes
        return {k: (c == v).astype(dtype) for k, v in CODES.items()}


def encode(
    votes: pd.DataFrame,
    *,
    rollcalls: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
) -> VoteMatrix:
    """Build the matrix from a (rollcall, country, vote) frame; order follows the arguments."""
    rc_index = np.asarray(
        rollcalls if rollcalls is not None else pd.unique(votes["rollcall"]), dtype=object
    )
    c_index = np.asarray(
        countries if countries is not None else np.sort(pd.unique(votes["country"])), dtype=object
    )
    rows = _positions(votes["country"], c_index)
    cols = _positions(votes["rollcall"], rc_index)
    vals = _positions(votes["vote"], np.asarray(list(CODES), dtype=object)) + 1
    ok = (rows >= 0) & (cols >= 0) & (vals > 0)
    codes = np.zeros((len(c_index), len(rc_index)), dtype=np.int8)
    codes[rows[ok], cols[ok]] = vals[ok].astype(np.int8)
    return VoteMatrix(c_index, rc_index, codes)


def _positions(values: pd.Series, universe: np.ndarray) -> np.ndarray:
    """Index of each value in ``universe`` (-1 when absent), via Arrow's hash lookup: about ten
    times faster than a pandas indexer on 870k strings."""
    arr = pa.array(values, from_pandas=True)
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    found = pc.index_in(arr, value_set=pa.array([str(u) for u in universe], type=pa.string()))
    return np.asarray(found.fill_null(-1), dtype=np.int64)
