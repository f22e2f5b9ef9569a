"""Roll calls -> one-dimensional ideal points per session (pure, vectorised).

The model is the binary probit IRT of Imai, Lo and Olmsted (2016, "Fast estimation of ideal
points with massive data"), fitted by their EM algorithm: y*_ij = a_j + b_j x_i + e_ij,
e ~ N(0, 1), vote yes iff y* > 0, priors x ~ N(0, 1) and (a, b) ~ N(0, 25 I). Each roll call is
entered as two binary items - "yes vs. abstain or no" and "yes or abstain vs. no" - so that an
abstention sits between yes and no as in the ordered model of Bailey, Strezhnev and Voeten
(2017), without an ordered-probit step. Start: the first singular vector of the double-centred
vote matrix (1 / 0.5 / 0). The scale is fixed to mean 0, sd 1 and oriented so that the United
States is positive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import erfcx

from geostance.errors import VotesError
from geostance.measures.votes import CODES, encode

_SQRT2 = np.sqrt(2.0)
_SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)
ANCHOR = "USA"


def _items(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Binary items (1, 0, missing as NaN) from a states x roll-calls code matrix."""
    yes, abst, no = codes == CODES["yes"], codes == CODES["abstain"], codes == CODES["no"]
    cast = yes | abst | no
    first = np.where(cast, yes.astype(float), np.nan)
    second = np.where(cast, (yes | abst).astype(float), np.nan)
    y = np.concatenate([first, second], axis=1)
    # Drop items where (almost) everyone is on one side: they carry no information.
    obs = ~np.isnan(y)
    ones = np.nansum(y, axis=0)
    n = obs.sum(axis=0)
    keep = (ones >= 1) & (n - ones >= 1)
    return y[:, keep], obs[:, keep]


def _start(codes: np.ndarray) -> np.ndarray:
    score = np.select(
        [codes == CODES["yes"], codes == CODES["abstain"], codes == CODES["no"]],
        [1.0, 0.5, 0.0],
        default=np.nan,
    )
    row_mean = np.nanmean(np.where(np.isnan(score), np.nan, score), axis=1, keepdims=True)
    filled = np.where(np.isnan(score), np.nan_to_num(row_mean, nan=0.5), score)
    centred = filled - filled.mean(axis=0, keepdims=True)
    centred -= centred.mean(axis=1, keepdims=True)
    # The leading eigenvector of the states' Gram matrix is the first left singular vector.
    _w, vecs = np.linalg.eigh(centred @ centred.T)
    x = vecs[:, -1]
    return (x - x.mean()) / (x.std() or 1.0)


def fit_irt(
    codes: np.ndarray,
    *,
    iterations: int = 30,
    tol: float = 1e-6,
    prior_var: float = 25.0,
) -> np.ndarray:
    """EM for the binary probit IRT model; returns one ideal point per row (mean 0, sd 1)."""
    y, obs = _items(codes)
    x = _start(codes)
    if y.shape[1] == 0:
        return x
    prior = np.diag([1.0 / prior_var, 1.0 / prior_var])
    for _ in range(iterations):
        # M-step for the items given x, using the current E[y*].
        design = np.column_stack([np.ones_like(x), x])
        if _ == 0:
            ystar = np.where(obs, np.where(y > 0, 1.0, -1.0), 0.0)
        ab = np.linalg.solve(design.T @ design + prior, design.T @ ystar)
        alpha, beta = ab[0], ab[1]
        # M-step for x given the items.
        x_new = ((ystar - alpha) @ beta) / (beta @ beta + 1.0)
        x_new = (x_new - x_new.mean()) / (x_new.std() or 1.0)
        # E-step: truncated-normal means of y*.
        mu = alpha[None, :] + x_new[:, None] * beta[None, :]
        sgn = np.where(y > 0, 1.0, -1.0)  # NaN (missing) -> -1, masked out below
        mills = sgn * _SQRT_2_OVER_PI / erfcx(-sgn * mu / _SQRT2)
        ystar = np.where(obs, mu + mills, mu)
        done = np.max(np.abs(x_new - x)) < tol
        x = x_new
        if done:
            break
    return x


def idealpoints(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    *,
    session: int | None = None,
    min_votes: int = 5,
    iterations: int = 30,
) -> pd.DataFrame:
    """Ideal points per session: columns session, country, idealpoint, votes.

    ``rollcalls`` needs ``id`` and ``session``; states with fewer than ``min_votes`` yes/no/
    abstain votes in a session are left out.
    """
    rc = rollcalls[rollcalls["session"].notna()]
    if session is not None:
        rc = rc[rc["session"] == session]
        if rc.empty:
            raise VotesError(
                f"no roll calls in session {session}; import the roll-call files or pick "
                "another session (1 = 1946)"
            )
    groups = {int(k): list(v) for k, v in rc.groupby("session")["id"]}
    whole = encode(votes, rollcalls=[i for g in groups.values() for i in g])
    frames, start = [], 0
    for sess, ids in groups.items():
        codes = whole.codes[:, start : start + len(ids)]
        start += len(ids)
        cast = np.isin(codes, (1, 2, 3)).sum(axis=1)
        keep = cast >= min_votes
        if keep.sum() < 3:
            continue
        x = _orient(fit_irt(codes[keep], iterations=iterations), whole.countries[keep])
        frames.append(
            pd.DataFrame(
                {
                    "session": sess,
                    "country": whole.countries[keep],
                    "idealpoint": x,
                    "votes": cast[keep],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["session", "country", "idealpoint", "votes"])
    return pd.concat(frames, ignore_index=True)


def _orient(x: np.ndarray, countries: np.ndarray) -> np.ndarray:
    """Flip the scale so that the anchor (the United States) is positive."""
    hit = np.flatnonzero(countries == ANCHOR)
    if hit.size and x[hit[0]] < 0:
        return -x
    return x


def correlate(
    ours: pd.DataFrame, published: pd.DataFrame, *, period: str = "session"
) -> pd.DataFrame:
    """Pearson correlation per period between our estimates and published ones.

    ``published`` needs ``period``, ``country`` and ``idealpoint`` (as stored from the
    Bailey-Strezhnev-Voeten files). Returns period, n (states in both), r.
    """
    pub = published.rename(columns={"period": period, "idealpoint": "published"})
    pub = pub.groupby([period, "country"], as_index=False)["published"].mean()
    both = ours.merge(pub, on=[period, "country"])
    rows = []
    for p, g in both.groupby(period):
        r = float(np.corrcoef(g["idealpoint"], g["published"])[0, 1]) if len(g) > 2 else np.nan
        rows.append({period: int(p), "n": len(g), "r": r})
    return pd.DataFrame(rows, columns=[period, "n", "r"])
