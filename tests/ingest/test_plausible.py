"""What a human can do: world-record speeds, the runner's own bound, walking, spike cleaning.

The property test checks the invariant the speed profile relies on: once cleaned, no
segment is faster than the sport's bound, no time is lost, and clean segments are left
exactly as they were.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk.ingest import names, plausible


@pytest.mark.parametrize("module", [plausible, names])
def test_docstring_examples_hold(module: object) -> None:
    failed, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried > 0 and failed == 0


def test_record_speed_follows_the_world_records() -> None:
    assert plausible.record_speed(5.0) == pytest.approx(5000 / 755.36)
    assert plausible.record_speed(42.195) == pytest.approx(42195 / 7235)
    # between records, in log distance: 22 km sits just under the half marathon's speed
    assert 42195 / 7235 < plausible.record_speed(22.2) < 21097.5 / 3402


def test_a_vehicle_is_beyond_the_record_and_a_fast_runner_is_not() -> None:
    assert plausible.beyond_record(22.2, 1000 / 150)  # 2:30 min/km for 22 km
    assert not plausible.beyond_record(22.2, 1000 / 180)  # 3:00 min/km: an elite, not a car
    assert not plausible.beyond_record(0.4, 9.0)  # a 400 m rep at 44 s


def test_the_runner_bound_follows_riegel_from_the_5k_speed() -> None:
    v_max = 7.0  # 5 km speed 4.0 m/s (20:50)
    assert plausible.personal_speed(5.0, v_max) == pytest.approx(4.0 * 1.15)
    assert plausible.personal_speed(21.1, v_max) < plausible.personal_speed(5.0, v_max)
    assert not plausible.beyond_runner(2.0, 6.0, v_max)  # short: reps are fast on purpose


def test_walking_throughout_needs_a_slow_average_and_few_fast_steps() -> None:
    slow = np.full(100, 7.5)  # 1.5 m/s steps of 5 s
    assert plausible.walking_throughout(1.5, slow, slow / 5)
    jogged = np.concatenate([np.full(50, 7.5), np.full(50, 12.5)])
    assert not plausible.walking_throughout(1.7, jogged, jogged / 5)  # half of it jogged
    assert not plausible.walking_throughout(2.1, slow, slow / 5)  # 7:56 min/km is not


@pytest.mark.parametrize(
    ("sport", "limit"),
    [("running", 12.5), ("trail_running", 12.5), ("walking", 12.5), ("cycling", 35.0),
     ("alpine_skiing", 45.0), ("swimming", 5.0), ("transition", 45.0)],
)  # fmt: skip
def test_each_sport_has_its_own_spike_bound(sport: str, limit: float) -> None:
    assert plausible.spike_ms(sport) == limit


segments = st.lists(
    st.tuples(
        st.floats(0.0, 30.0, allow_nan=False),  # seconds
        st.floats(0.0, 2000.0, allow_nan=False),  # metres
    ),
    min_size=1,
    max_size=60,
)


@given(segments, st.sampled_from([5.0, 12.5, 35.0]))
def test_cleaned_segments_are_never_faster_than_the_bound(
    segs: list[tuple[float, float]], limit: float
) -> None:
    dt_s = np.array([s for s, _ in segs])
    dd = np.array([m for _, m in segs])
    clean, count = plausible.clean_segments(dt_s, dd, limit)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        speed = np.where(dt_s > 0, clean / dt_s, np.where(clean > 0, np.inf, 0.0))
        raw = np.where(dt_s > 0, dd / dt_s, np.where(dd > 0, np.inf, 0.0))
    assert np.all(speed <= limit + 1e-9)
    assert count == int((raw > limit).sum())
    ok = raw <= limit
    assert np.array_equal(clean[ok], dd[ok])  # clean segments untouched
