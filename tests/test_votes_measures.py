"""Agreement conventions, positions, sign rule and ideal points on small hand-made votes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geostance.errors import VotesError
from geostance.measures import idealpoints as ip
from geostance.measures import votes as mv


def _votes(table: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for country, vs in table.items():
        for i, v in enumerate(vs):
            if v:
                rows.append({"rollcall": f"r{i}", "country": country, "vote": v})
    return pd.DataFrame(rows)


def _rollcalls(n: int, **cols: list[object]) -> pd.DataFrame:
    base = {
        "id": [f"r{i}" for i in range(n)],
        "body": ["GA"] * n,
        "dataset": ["undl"] * n,
        "year": [2018] * n,
        "session": [73] * n,
        "date": [pd.Timestamp("2018-12-01").date()] * n,
        "symbol": [f"A/RES/73/{i}" for i in range(n)],
        "draft": [None] * n,
        "title": ["x"] * n,
        "descr": [None] * n,
        "amend": [None] * n,
        "para": [None] * n,
        "submitted_by": [None] * n,
        "issues": [None] * n,
    }
    base.update(cols)
    return pd.DataFrame(base)


VOTES = _votes(
    {
        "AAA": ["yes", "yes", "no", "abstain", "yes", "yes"],
        "BBB": ["yes", "no", "abstain", "abstain", "absent", "no"],
    }
)


def test_conventions_by_hand() -> None:
    rc = _rollcalls(6)
    # same: r0 (yes/yes), r3 (abstain/abstain); opposite: r1, r5; partial: r2; absent: r4
    v = mv.agreement(VOTES, rc, "AAA", "BBB", by="year", convention="voeten").iloc[0]
    assert (v["same"], v["opposite"], v["partial"], v["absent"]) == (2, 2, 1, 1)
    assert v["agreement"] == pytest.approx((2 + 0.5) / 5)
    s = mv.agreement(VOTES, rc, "AAA", "BBB", by="year", convention="identical").iloc[0]
    assert s["agreement"] == pytest.approx(1 / 3, abs=1e-3)
    later = _rollcalls(6, year=[2023] * 6)
    d = mv.agreement(VOTES, later, "AAA", "BBB", by="year", convention="statedept").iloc[0]
    assert d["agreement"] == pytest.approx((2 + 0.5 * (1 + 1)) / 6)


def test_matrix_equals_pairwise() -> None:
    rng = np.random.default_rng(4)
    states = [f"S{i:02d}" for i in range(12)]
    table = {s: list(rng.choice(["yes", "no", "abstain", "absent", ""], 40)) for s in states}
    votes, rc = _votes(table), _rollcalls(40)
    m = mv.agreement_matrix(mv.encode(votes, rollcalls=list(rc["id"])))
    for a, b in (("S00", "S01"), ("S03", "S07"), ("S11", "S05")):
        pair = mv.agreement(votes, rc, a, b, by=None)["agreement"].iloc[0]
        assert m.loc[a, b] == pytest.approx(pair)
    assert np.allclose(np.diag(m.to_numpy()), 1.0)


def test_unknown_convention_and_grouping() -> None:
    with pytest.raises(VotesError, match="convention"):
        mv.agreement(VOTES, _rollcalls(6), "AAA", "BBB", convention="bogus")
    with pytest.raises(VotesError, match="group"):
        mv.agreement_matrices(VOTES, _rollcalls(6), by="decade")
    with pytest.raises(VotesError, match="empty topic"):
        mv.topic_mask(_rollcalls(6), " ")


def test_sign_rule() -> None:
    rc = _rollcalls(
        5,
        title=[
            "Israeli settlements in the Occupied Palestinian Territory",
            "Status of Palestine in the United Nations",
            "Elimination of racial discrimination",
            "Assistance to Palestine refugees",
            "Gaza draft",
        ],
        amend=[None, None, None, None, True],
        symbol=["A/RES/1/1", "A/RES/1/2", "A/RES/46/86", "A/RES/1/4", "A/RES/1/5"],
    )
    pse = mv.relation(rc, "PSE").tolist()
    isr = mv.relation(rc, "ISR").tolist()
    assert pse[:2] == [1.0, 1.0] and pse[2] == -1.0 and pse[3] == 1.0 and np.isnan(pse[4])
    assert isr[0] == -1.0 and np.isnan(isr[1]) and np.isnan(isr[4])
    assert mv.relation(rc, "PLO").tolist()[:2] == [1.0, 1.0]
    assert mv.relation(rc, "FRA").isna().all()


def test_position_shares() -> None:
    rc = _rollcalls(6, title=["Question of Palestine"] * 3 + ["Other"] * 3)
    votes = pd.concat([VOTES, _votes({"CCC": ["yes"] * 6, "DDD": ["yes"] * 6})])
    pos = mv.position(votes, rc, "BBB", on="palestine").iloc[0]
    assert (pos["votes"], pos["yes"], pos["no"], pos["abstain"]) == (3, 1, 1, 1)
    assert pos["share_yes"] == pytest.approx(1 / 3, abs=1e-3)
    assert pos["with_majority"] == pytest.approx(1 / 3, abs=1e-3)
    assert pos["in_favour"] == pytest.approx(1 / 3, abs=1e-3)
    assert mv.position(votes, rc, "ZZZ", on="palestine").empty


def test_idealpoints_recover_a_known_order() -> None:
    rng = np.random.default_rng(7)
    x = np.linspace(-2, 2, 40)
    a, b = rng.normal(0, 1, 120), rng.normal(0, 1.5, 120)
    p = 1 / (1 + np.exp(-(a[None, :] + b[None, :] * x[:, None]) * 1.7))
    draw = rng.random(p.shape) < p
    codes = np.where(draw, 1, 3).astype(np.int8)
    codes[rng.random(codes.shape) < 0.05] = 2
    est = ip.fit_irt(codes)
    assert abs(np.corrcoef(est, x)[0, 1]) > 0.9
    assert est.mean() == pytest.approx(0, abs=1e-9) and est.std() == pytest.approx(1, rel=1e-6)


def test_idealpoints_orientation_and_session_errors() -> None:
    states = ["USA", "GBR", "FRA", "RUS", "CUB", "CHN"]
    lean = {"USA": 1, "GBR": 1, "FRA": 1, "RUS": 0, "CUB": 0, "CHN": 0}
    table = {
        s: ["yes" if (lean[s] + (i % 3 == 0)) % 2 else "no" for i in range(30)] for s in states
    }
    table["FRA"][0] = "abstain"
    votes, rc = _votes(table), _rollcalls(30)
    out = ip.idealpoints(votes, rc, min_votes=1).set_index("country")["idealpoint"]
    assert out["USA"] > 0 and out["CUB"] < 0
    with pytest.raises(VotesError, match="session 3"):
        ip.idealpoints(votes, rc, session=3)
