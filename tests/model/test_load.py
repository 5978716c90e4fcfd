"""One meaning of fast (issue 10, item 7): km at ≥ 80 % of v_max, whichever way a session
is entered; the same session entered three ways carries the same load within 10 %."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk.model import DEFAULT, Params, hamstring_load
from risk.model.load import fast_pace_s_per_km, rep_summary
from risk.model.params import GROUPS

V = 8.0  # max speed of the test runner, m/s
# The session: 10 km, of which 4 km of reps at 0.75 of v_max (the middle of the profile
# band "70-80") and 6 km of warm-up, jogs and cool-down at 0.45 (the easy ratio, "<60").
REP_PACE = 1000.0 / (0.75 * V)  # 166.67 s/km
JOG_PACE = 1000.0 / (0.45 * V)  # 277.78 s/km
MINUTES = (4 * REP_PACE + 6 * JOG_PACE) / 60.0  # 38.9 min


def load(**row: Any) -> pd.Series:
    return hamstring_load(pd.DataFrame([row]), V).iloc[0]


def by_pace() -> pd.Series:
    return load(type="intervals", distance_km=10.0, duration_min=MINUTES)


def by_reps() -> pd.Series:
    return load(
        type="intervals",
        distance_km=10.0,
        duration_min=MINUTES,
        reps=5,
        rep_km=0.8,
        rep_pace_s_per_km=REP_PACE,
    )


def by_profile() -> pd.Series:
    return load(
        type="intervals",
        distance_km=10.0,
        duration_min=MINUTES,
        speed_profile={"<60": 6.0, "70-80": 4.0},
    )


def test_the_session_entered_three_ways_carries_the_same_load_within_ten_percent() -> None:
    hels = [by_pace()["hel"], by_reps()["hel"], by_profile()["hel"]]
    assert max(hels) <= 1.1 * min(hels), hels
    assert hels[2] == pytest.approx(6 + 4 * 1.5625)  # 12.25: the profile, exactly


def test_each_way_is_named_in_the_method() -> None:
    assert [by_pace()["method"], by_reps()["method"], by_profile()["method"]] == [
        "pace_split",
        "reps",
        "profile",
    ]


def test_the_average_pace_spread_evenly_would_miss_the_reps_load() -> None:
    even = load(type="tempo", distance_km=10.0, duration_min=MINUTES)  # not an interval type
    assert even["method"] == "pace"
    assert even["hel"] < 0.85 * by_profile()["hel"]


def test_reps_below_eighty_percent_of_max_speed_are_no_fast_km() -> None:
    assert by_pace()["fast_km"] == 0
    assert by_reps()["fast_km"] == 0
    assert by_profile()["fast_km"] == 0


def test_five_km_pace_reps_give_no_fast_km() -> None:
    five_k_pace = 1000.0 / (V / DEFAULT.vmax_per_v5k)  # v_max ≈ 1.75 · v_5k: r = 0.571
    out = load(
        type="intervals", distance_km=10.0, reps=6, rep_km=0.8, rep_pace_s_per_km=five_k_pace
    )
    assert out["fast_km"] == 0
    assert out["method"] == "reps"
    assert rep_summary(6, 0.8, five_k_pace, V).fast_km == 0


def test_200_m_reps_at_ninety_percent_give_their_km_as_fast_km() -> None:
    out = load(
        type="intervals", distance_km=8.0, reps=10, rep_km=0.2, rep_pace_s_per_km=1000 / (0.9 * V)
    )
    assert out["fast_km"] == pytest.approx(10 * 0.2)
    # 2 km at f(0.9) = 3.25, 6 km at the easy ratio
    assert out["hel"] == pytest.approx(2 * 3.25 + 6)


def test_reps_exactly_at_eighty_percent_are_fast() -> None:
    summary = rep_summary(8, 0.4, fast_pace_s_per_km(V), V)
    assert summary.fast and summary.fast_km == pytest.approx(3.2)
    assert fast_pace_s_per_km(V) == pytest.approx(156.25)  # 2:36/km at v_max 8 m/s


def test_logged_fast_km_keep_their_meaning_and_weight() -> None:
    out = load(type="intervals", distance_km=10.0, fast_km=4.0, duration_min=MINUTES)
    assert out["method"] == "fast_km"
    assert out["fast_km"] == 4.0
    assert out["hel"] == pytest.approx(4 * 2.5625 + 6)  # at fast_r = 0.85


def test_reps_outrank_logged_fast_km_and_rank_below_a_profile() -> None:
    both = load(
        type="intervals",
        distance_km=10.0,
        fast_km=4.0,
        reps=5,
        rep_km=0.8,
        rep_pace_s_per_km=REP_PACE,
    )
    assert both["method"] == "reps"
    assert both["fast_km"] == 0
    all_three = load(
        type="intervals",
        distance_km=10.0,
        reps=5,
        rep_km=0.8,
        rep_pace_s_per_km=REP_PACE,
        speed_profile={"<60": 10.0},
    )
    assert all_three["method"] == "profile"


def test_reps_without_a_duration_have_the_rest_at_the_easy_ratio() -> None:
    out = load(type="intervals", distance_km=10.0, reps=4, rep_km=1.0, rep_pace_s_per_km=REP_PACE)
    assert out["hel"] == pytest.approx(12.25)


def test_the_rest_of_a_run_with_reps_runs_at_its_own_average_speed() -> None:
    # 4 km of reps at 0.75, 6 km of steady running at 0.7 of v_max (f = 1.25).
    minutes = (4 * REP_PACE + 6 * 1000 / (0.7 * V)) / 60
    out = load(
        type="intervals",
        distance_km=10.0,
        duration_min=minutes,
        reps=4,
        rep_km=1.0,
        rep_pace_s_per_km=REP_PACE,
    )
    assert out["hel"] == pytest.approx(4 * 1.5625 + 6 * 1.25)


def test_a_template_split_that_leaves_the_reps_slower_than_the_jogs_uses_the_average() -> None:
    out = load(type="intervals", distance_km=10.0, duration_min=75.0)  # 7:30/km with rests
    assert out["method"] == "pace"
    assert out["hel"] == pytest.approx(10.0)


def test_a_template_split_too_fast_for_max_speed_puts_the_reps_at_max_speed() -> None:
    # 10 km in 24 min: 6 km at the easy ratio would leave 4 km of reps faster than v_max.
    out = load(type="intervals", distance_km=10.0, duration_min=24.0)
    assert out["method"] == "pace_split"
    assert out["fast_km"] >= 4.0
    uniform = load(type="tempo", distance_km=10.0, duration_min=24.0)
    assert out["hel"] >= uniform["hel"]


def test_rep_share_is_a_setting_of_the_run_load_group() -> None:
    assert Params().rep_share == 0.4
    assert "rep_share" in GROUPS["Hamstring load of a run"]
    names = [name for group in GROUPS.values() for name in group]
    assert sorted(names) == sorted(set(names))  # each setting in exactly one group
    with pytest.raises(ValueError, match="rep_share"):
        Params().with_overrides({"rep_share": 1.5})


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(
    kind=st.sampled_from(["intervals", "hills", "sprints", "tempo", "easy"]),
    distance=st.floats(1.0, 40.0),
    reps=st.integers(1, 200),
    rep_km=st.floats(0.05, 20.0),
    pace=st.floats(90.0, 720.0),
    minutes_per_km=st.none() | st.floats(2.5, 12.0),
)
def test_reps_never_count_less_than_the_same_distance_all_easy(
    kind: str,
    distance: float,
    reps: int,
    rep_km: float,
    pace: float,
    minutes_per_km: float | None,
) -> None:
    row: dict[str, Any] = {
        "type": kind,
        "distance_km": distance,
        "reps": reps,
        "rep_km": min(rep_km, distance / reps),
        "rep_pace_s_per_km": pace,
    }
    if minutes_per_km is not None:
        row["duration_min"] = distance * minutes_per_km
    easy = load(type="easy", distance_km=distance)["hel"]
    assert load(**row)["hel"] >= easy - 1e-9


@PROPERTY
@given(
    distance=st.floats(2.0, 30.0),
    share=st.floats(0.05, 1.0),
    p1=st.floats(90.0, 720.0),
    p2=st.floats(90.0, 720.0),
    minutes_per_km=st.none() | st.floats(3.0, 12.0),
)
def test_reps_load_grows_with_rep_speed(
    distance: float, share: float, p1: float, p2: float, minutes_per_km: float | None
) -> None:
    quick, slow = sorted((p1, p2))  # seconds per km: lower is faster

    def hel(pace: float) -> float:
        row: dict[str, Any] = {
            "type": "intervals",
            "distance_km": distance,
            "reps": 4,
            "rep_km": distance * share / 4,
            "rep_pace_s_per_km": pace,
        }
        if minutes_per_km is not None:
            row["duration_min"] = distance * minutes_per_km
        return float(load(**row)["hel"])

    assert hel(slow) <= hel(quick) + 1e-9
