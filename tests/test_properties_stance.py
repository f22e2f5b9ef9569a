"""Property tests of the stance measures: order-free, bounded, mirrored by mirrored events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geostance.measures import shifts
from geostance.measures.stance import measure, series
from stance_helpers import ACTS, ev, mirror

acts = st.sampled_from(sorted(ACTS))
events_strategy = st.lists(
    st.builds(
        lambda act, neg, mod, day: ev(act, negated=neg, modality=mod, date=day),
        acts,
        st.booleans(),
        st.sampled_from(["asserted", "intended", "hypothetical", "demanded"]),
        st.dates(dt.date(1990, 1, 1), dt.date(2025, 12, 31)),
    ),
    max_size=40,
)


def _scores(m):  # type: ignore[no-untyped-def]
    return [(c.score, c.low, c.high, c.n, c.negated) for c in m.channels]


@settings(max_examples=60, deadline=None)
@given(events_strategy, st.randoms(use_true_random=False))
def test_measure_does_not_depend_on_event_order(events, rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(events)
    rnd.shuffle(shuffled)
    a = measure(events, source="RUS", target="PSE")
    b = measure(shuffled, source="RUS", target="PSE")
    for x, y in zip(_scores(a), _scores(b), strict=True):
        assert x == pytest.approx(y)
    assert a.quad.counts == b.quad.counts
    assert a.top_types == b.top_types
    sa = series(events, source="RUS", target="PSE")
    sb = series(shuffled, source="RUS", target="PSE")
    assert [m.period for m in sa] == [m.period for m in sb]
    assert [p.label for p in shifts.periods(sa)] == [p.label for p in shifts.periods(sb)]


@settings(max_examples=60, deadline=None)
@given(events_strategy)
def test_scores_and_intervals_stay_in_bounds(events) -> None:  # type: ignore[no-untyped-def]
    m = measure(events, source="RUS", target="PSE")
    for c in m.channels:
        if c.score is None:
            assert c.n == 0
            continue
        assert -1.0 <= c.low <= c.score <= c.high <= 1.0
    if m.gap is not None:
        assert -2.0 <= m.gap <= 2.0


@settings(max_examples=60, deadline=None)
@given(events_strategy)
def test_mirroring_every_event_mirrors_the_score(events) -> None:  # type: ignore[no-untyped-def]
    a = measure(events, source="RUS", target="PSE")
    b = measure([mirror(e) for e in events], source="RUS", target="PSE")
    for x, y in zip(a.channels, b.channels, strict=True):
        assert x.n == y.n and x.negated == y.negated
        if x.score is None:
            assert y.score is None
            continue
        assert y.score == pytest.approx(-x.score, abs=1e-12)
        assert y.low == pytest.approx(-x.high, abs=1e-12)
        assert y.high == pytest.approx(-x.low, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_nan=False), max_size=30),
    st.integers(1, 3),
)
def test_change_points_are_valid_cuts(values, min_size) -> None:  # type: ignore[no-untyped-def]
    cuts = shifts.change_points(values, [5.0] * len(values), min_size=min_size)
    assert cuts == sorted(set(cuts))
    bounds = [0, *cuts, len(values)]
    assert all(b - a >= min_size for a, b in zip(bounds, bounds[1:], strict=False)) or not cuts
