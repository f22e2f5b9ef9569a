"""Stance measures and shifts on hand-built events and vote rows."""

from __future__ import annotations

import datetime as dt

import pytest

from geostance.measures import shifts
from geostance.measures.stance import (
    METHOD,
    RUSSIA_ERAS,
    balance,
    channel_score,
    measure,
    period_key,
    quad_counts,
    say_do_gap,
    series,
    vote_score,
    wilson,
)
from stance_helpers import ev


def test_counts_and_goldstein_by_quadclass() -> None:
    events = [ev("praise"), ev("praise"), ev("aid"), ev("condemn"), ev("attack")]
    q = quad_counts(events)
    assert q.counts == (2, 1, 1, 1)
    assert q.goldstein == pytest.approx((6.8, 7.4, -2.0, -10.0))
    assert q.total == 5


def test_words_and_deeds_are_separate_channels() -> None:
    events = [ev("praise")] * 4 + [ev("attack")] * 4
    m = measure(events, source="RUS", target="PSE")
    assert m.words.score == pytest.approx(1.0)
    assert m.deeds.score == pytest.approx(-1.0)
    assert m.words.n == 4 and m.deeds.n == 4
    assert m.gap == pytest.approx(2.0)
    assert m.method == METHOD == "geostance.stance.v1"


def test_score_stays_within_interval_and_bounds() -> None:
    events = [ev("praise")] * 7 + [ev("condemn")] * 3
    c = channel_score(events, "words")
    assert c.score == pytest.approx(0.4)
    assert -1 <= c.low < c.score < c.high <= 1


def test_uncertainty_shrinks_as_evidence_grows() -> None:
    widths = []
    for n in (3, 30, 300):
        c = channel_score([ev("praise")] * n, "words")
        assert c.score == 1.0
        widths.append(c.width)
    assert widths[0] > widths[1] > widths[2]
    assert widths[0] > 0.5  # three events never look sure
    assert widths[2] < 0.05


def test_wilson_is_symmetric_and_empty_is_full_range() -> None:
    lo, hi = wilson(8, 2)
    mlo, mhi = wilson(2, 8)
    assert (lo, hi) == pytest.approx((-mhi, -mlo))
    assert wilson(0, 0) == (-1.0, 1.0)


def test_no_evidence_gives_no_score() -> None:
    c = channel_score([], "words")
    assert c.score is None and c.low is None and c.n == 0
    m = measure([ev("praise")], source="RUS", target="PSE")
    assert m.deeds.score is None and m.gap is None
    assert say_do_gap(m).gap is None


def test_negated_events_are_counted_apart_and_not_scored() -> None:
    events = [ev("praise")] * 3 + [ev("condemn", negated=True)] * 5
    c = channel_score(events, "words")
    assert c.n == 3 and c.score == 1.0  # not flipped into praise, not counted as condemnation
    assert c.negated == 5 and c.negated_con == 5 and c.negated_pro == 0
    assert quad_counts(events).negated == (0, 0, 5, 0)
    only_negated = channel_score([ev("condemn", negated=True)], "words")
    assert only_negated.score is None and only_negated.negated == 1


def test_modality_weighs_less_than_asserted_acts() -> None:
    asserted = channel_score([ev("praise"), ev("condemn")], "words")
    hypothetical = channel_score([ev("praise"), ev("condemn", modality="hypothetical")], "words")
    assert asserted.score == pytest.approx(0.0)
    assert hypothetical.score > 0.5


def test_neutral_statements_pull_towards_zero() -> None:
    c = channel_score([ev("praise")] * 2 + [ev("statement")] * 6, "words")
    assert 0 < c.score < 0.5
    assert c.neutral == 6


def test_vote_score_reads_sign_and_skips_bad_rows() -> None:
    rows = [
        {"vote": "yes", "sign": 1},
        {"vote": "no", "sign": -1},  # a no on a resolution against the target: for it
        {"vote": "no", "sign": 1},
        {"vote": "abstain", "sign": 1},
        {"vote": "absent", "sign": 1},
        {"vote": "yes", "sign": "x"},
        {"vote": "maybe", "sign": 1},
        {},
    ]
    c = vote_score(rows)
    assert c.n == 4
    assert (c.pro, c.con, c.neutral) == (2, 1, 1)
    assert c.score == pytest.approx((2.5 - 1.5) / 4)
    assert vote_score([]).score is None


def test_say_do_gap_interval_contains_gap() -> None:
    m = measure([ev("praise")] * 10 + [ev("attack")] * 10, source="RUS", target="PSE")
    g = say_do_gap(m)
    assert g.gap == pytest.approx(2.0)
    assert g.low <= g.gap <= g.high


def test_balance_between_two_targets() -> None:
    events = (
        [ev("aid", target="PSE")] * 3
        + [ev("aid", target="ISR")] * 2
        + [ev("condemn", target="ISR")] * 4
        + [ev("praise", target="PSE")]
        + [ev("praise", source="USA", target="ISR")] * 9
    )
    b = balance(events, source="RUS", a="PSE", b="ISR")
    assert b.material_with_both
    assert b.a.cooperation == 4 and b.b.cooperation == 2 and b.b.conflict == 4
    assert b.coop_share_a == pytest.approx(4 / 6)
    assert b.conflict_share_a == pytest.approx(0.0)
    assert b.tilt > 0.25
    assert "leans toward PSE" in b.verdict
    only_one = balance([ev("aid", target="PSE")], source="RUS", a="PSE", b="ISR")
    assert not only_one.material_with_both and only_one.tilt is None
    nothing = balance([], source="RUS", a="PSE", b="ISR")
    assert nothing.verdict.startswith("no events")


@pytest.mark.parametrize(
    ("period", "label", "start", "end"),
    [
        ("year", "2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("quarter", "2023-Q4", dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        ("month", "2023-11", dt.date(2023, 11, 1), dt.date(2023, 11, 30)),
        ("all", "all", None, None),
    ],
)
def test_period_keys(period: str, label: str, start: dt.date, end: dt.date) -> None:
    assert period_key(dt.date(2023, 11, 15), period) == (label, start, end)


def test_named_eras_and_bad_period() -> None:
    assert period_key(dt.date(1980, 1, 1), RUSSIA_ERAS)[0] == "Soviet era"
    assert period_key(dt.date(2023, 10, 7), RUSSIA_ERAS)[0] == "since 7 Oct 2023"
    with pytest.raises(ValueError, match="use year, quarter"):
        period_key(dt.date(2000, 1, 1), "decade")


def test_series_orders_periods_and_leaves_out_undated() -> None:
    events = [
        ev("praise", date=dt.date(2021, 3, 1)),
        ev("condemn", date=dt.date(2019, 3, 1)),
        ev("praise", date=None),
    ]
    votes = [{"date": dt.date(2020, 1, 5), "vote": "yes", "sign": 1}]
    s = series(events, votes, source="RUS", target="PSE")
    assert [m.period for m in s] == ["2019", "2020", "2021"]
    assert s[1].votes.n == 1 and s[1].words.n == 0
    assert sum(m.words.n for m in s) == 2


def test_change_points_find_a_real_shift_and_ignore_noise() -> None:
    assert shifts.change_points([0.8] * 6 + [-0.5] * 6, [20] * 12) == [6]
    assert shifts.change_points([0.8] * 6 + [0.75] * 6, [20] * 12) == []
    assert shifts.change_points([0.5], [3]) == []
    with pytest.raises(ValueError):
        shifts.change_points([0.1, 0.2], [1])


def test_period_table_from_a_series_with_two_eras() -> None:
    events = []
    for year in range(1980, 1990):
        events += [ev("aid", date=dt.date(year, 6, 1))] * 6
    for year in range(1992, 2000):
        events += [ev("condemn", date=dt.date(year, 6, 1))] * 5 + [
            ev("praise", date=dt.date(year, 7, 1))
        ]
    ser = series(events, source="RUS", target="PSE")
    table = shifts.periods(ser)
    assert len(table) == 2
    first, second = table
    assert first.first == "1980" and first.last == "1989"
    assert second.first == "1992" and second.last == "1999"
    assert first.deeds.score == 1.0 and "material cooperation" not in first.description
    assert "aid" in first.description and "cooperative deeds" in first.description
    assert second.words.score < 0 and "disapproval" in second.description
    assert second.start == dt.date(1992, 1, 1) and second.end == dt.date(1999, 12, 31)
    assert table[0].to_dict()["method"] == METHOD


def test_period_table_is_deterministic_and_empty_safe() -> None:
    events = [ev("praise", date=dt.date(2000 + i, 1, 1)) for i in range(8)]
    ser = series(events, source="RUS", target="PSE")
    assert shifts.periods(ser) == shifts.periods(ser)
    assert len(shifts.periods(ser)) == 1
    assert shifts.periods(()) == ()


def test_to_dict_is_json_ready() -> None:
    import json

    m = measure([ev("praise"), ev("attack", negated=True)], source="RUS", target="PSE")
    d = json.loads(json.dumps(m.to_dict()))
    assert d["channels"]["words"]["n"] == 1
    assert d["channels"]["deeds"]["negated"] == 1
    assert d["quad"]["material conflict"]["negated"] == 1


def test_an_act_demanded_of_the_actor_is_not_scored_as_its_own() -> None:
    done = [ev("aid"), ev("aid")]
    demanded = [ev("sanction", modality="demanded") for _ in range(5)]
    alone = channel_score(done, "deeds")
    mixed = channel_score([*done, *demanded], "deeds")
    assert (mixed.score, mixed.n) == (alone.score, alone.n)
    assert channel_score(demanded, "deeds").n == 0


@pytest.mark.parametrize("modality", ["demanded", "hypothetical", "intended"])
def test_an_act_not_done_is_never_a_deed(modality: str) -> None:
    """ "warned Beijing against sending weapons", "could send", "will send": not deeds."""
    events = [ev("aid")] + [ev("attack", modality=modality)] * 5
    m = measure(events, source="RUS", target="PSE")
    assert m.deeds.n == 1
    assert m.deeds.score == pytest.approx(1.0)


@pytest.mark.parametrize("modality", ["demanded", "hypothetical"])
def test_demanded_and_imagined_acts_are_not_scored_at_all(modality: str) -> None:
    events = [ev("praise")] + [ev("condemn", modality=modality)] * 5
    m = measure(events, source="RUS", target="PSE")
    assert m.words.n == 1
    assert m.words.score == pytest.approx(1.0)


def test_an_announced_intention_counts_as_words() -> None:
    m = measure([ev("attack", modality="intended")], source="RUS", target="PSE")
    assert (m.words.n, m.deeds.n) == (1, 0)
    assert m.words.score is not None and m.words.score < 0
