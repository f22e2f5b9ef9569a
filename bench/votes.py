"""Benchmark of the UN votes channel (issue 4): import, all-pairs agreement, ideal points.

Run: .venv/bin/python bench/votes.py [--baseline-sessions N]
Reads ../shared/data/unvotes (tests and benchmarks may); prints seconds and ratios to targets.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from geostance.app import Geostance
from geostance.measures import idealpoints as ip
from geostance.measures import votes as mv

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "unvotes"


def pandas_baseline(votes: pd.DataFrame, rollcalls: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """The straightforward way: self-join votes on roll call, score, group by pair."""
    score = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
    v = votes[votes["vote"].isin(list(score))].merge(
        rollcalls[["id", "session"]], left_on="rollcall", right_on="id"
    )
    v = v.assign(s=v["vote"].map(score))[["session", "rollcall", "country", "s"]]
    out = {}
    for sess, g in v.groupby("session"):
        pairs = g.merge(g, on=["session", "rollcall"], suffixes=("_a", "_b"))
        pairs["agree"] = 1.0 - (pairs["s_a"] - pairs["s_b"]).abs()
        out[int(sess)] = pairs.groupby(["country_a", "country_b"])["agree"].mean().unstack()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--baseline-sessions",
        type=int,
        default=8,
        help="sessions the pandas baseline runs on (extrapolated to all)",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Geostance(str(Path(tmp) / "b.duckdb")) as g:
        t = time.perf_counter()
        report = g.import_votes(SHARED)
        t_import = time.perf_counter() - t
        print(
            f"import all of {SHARED.name}: {t_import:.1f} s "
            f"({report.total_stored:,} rows; target 30 s, ratio {30 / t_import:.1f}x)"
        )

        rc = g.store.rollcalls_df(body="GA", datasets=["voeten"])
        votes = g.store.votes_df(datasets=["voeten"])
        t = time.perf_counter()
        mats = mv.agreement_matrices(votes, rc, by="session")
        t_fast = time.perf_counter() - t
        print(
            f"all-pairs agreement, {len(mats)} sessions, {len(rc):,} roll calls, "
            f"{len(votes):,} votes: {t_fast:.2f} s (target 2 s)"
        )

        sessions = sorted(rc["session"].dropna().unique())
        step = max(1, len(sessions) // args.baseline_sessions)
        subset = sessions[::step][: args.baseline_sessions]
        sub_rc = rc[rc["session"].isin(subset)]
        t = time.perf_counter()
        base = pandas_baseline(votes[votes["rollcall"].isin(sub_rc["id"])], sub_rc)
        t_sub = time.perf_counter() - t
        t_base = t_sub * len(rc) / max(len(sub_rc), 1)
        s0 = subset[-1]
        diff = (mats[s0] - base[s0]).abs().max().max()
        print(
            f"pandas group-by baseline on {len(subset)} sessions ({len(sub_rc):,} roll calls): "
            f"{t_sub:.2f} s, extrapolated by roll calls to all: {t_base:.1f} s; "
            f"speed-up {t_base / t_fast:.0f}x (target 10x); max difference {diff:.2e}"
        )

        t = time.perf_counter()
        ours = ip.idealpoints(votes, rc)
        t_ip = time.perf_counter() - t
        pub = g.store.idealpoints_df(dataset="bsv_session", issue="all")
        cor = ip.correlate(ours, pub)
        print(
            f"ideal points, {ours['session'].nunique()} sessions: {t_ip:.1f} s "
            f"(target 60 s, ratio {60 / t_ip:.1f}x); correlation with Bailey-Strezhnev-Voeten "
            f"median {cor['r'].median():.3f}, min {cor['r'].min():.3f}"
        )


if __name__ == "__main__":
    main()
