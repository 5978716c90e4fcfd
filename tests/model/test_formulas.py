"""Every formula of the model against hand-computed values (DESIGN.md, "The model")."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from risk.model import DEFAULT, Params, capacity, daily_frame, hamstring_load, speed_factor
from risk.model.daily import cell
from risk.model.load import session_rpe_load
from risk.model.soreness import excess, fit_gain, lagged, predicted
from risk.model.strength import _rolling_slope, protection, set_dose, strength_index
from tests.model.helpers import PROFILE, START, day, easy_days, nordics, runs, sets

V = 8.0  # max speed of the test runner, m/s


@pytest.mark.parametrize(("r", "f"), [(0.3, 1.0), (0.6, 1.0), (0.8, 2.0), (0.9, 3.25), (1.0, 5.0)])
def test_speed_factor_published_points(r: float, f: float) -> None:
    assert speed_factor(r) == pytest.approx(f)


def one(**row: object) -> pd.Series:
    return hamstring_load(pd.DataFrame([row]), V).iloc[0]


def test_hel_from_speed_profile_outranks_everything() -> None:
    out = one(
        type="intervals",
        distance_km=6.5,
        duration_min=30,
        fast_km=3,
        strides=10,
        speed_profile={"<60": 5.0, "80-90": 1.0, ">=90": 0.5},
    )
    # 5·1 + 1·f(0.85) + 0.5·f(0.95) = 5 + 2.5625 + 2.03125
    assert out["hel"] == pytest.approx(9.59375)
    assert out["fast_km"] == pytest.approx(1.5)
    assert out["method"] == "profile"


def test_hel_profile_shorter_than_run_adds_the_rest_easy() -> None:
    out = one(type="easy", distance_km=10, speed_profile={"<60": 8.0})
    assert out["hel"] == pytest.approx(10.0)


def test_hel_from_fast_km_outranks_average_pace() -> None:
    # 4 km at r = 0.85 (f = 2.5625) and 6 km at the easy ratio 0.45 (f = 1).
    for duration in (None, 45.0):
        out = one(type="intervals", distance_km=10, fast_km=4, duration_min=duration)
        assert out["hel"] == pytest.approx(4 * 2.5625 + 6)
        assert out["fast_km"] == pytest.approx(4)
        assert out["method"] == "fast_km"


def test_hel_from_pace() -> None:
    # 10 km in 35 min with v_max 6 m/s: r = 0.793651, f = 1 + 25·0.193651² = 1.937515
    out = hamstring_load(
        pd.DataFrame([{"type": "tempo", "distance_km": 10, "duration_min": 35}]), 6.0
    ).iloc[0]
    assert out["hel"] == pytest.approx(19.37515, abs=1e-4)
    assert out["fast_km"] == 0
    assert out["method"] == "pace"


def test_hel_from_type_default_and_rpe() -> None:
    # A sprint session known by its type: 10 % of it at r 0.95 (f 4.0625), the rest easy.
    sprint = one(type="sprints", distance_km=6)
    assert sprint["hel"] == pytest.approx(0.6 * 4.0625 + 5.4 * 1.0)
    assert sprint["fast_km"] == pytest.approx(0.6)
    # Intervals by type: 40 % at r 0.72 (f 1.36), the rest at the easy ratio.
    reps = one(type="intervals", distance_km=10)
    assert reps["hel"] == pytest.approx(4 * (1 + 25 * 0.12**2) + 6 * 1.0)
    assert reps["fast_km"] == 0
    assert one(type="long", distance_km=20)["hel"] == pytest.approx(20.0)
    unknown = one(type="fartlek", distance_km=5, rpe=8)  # r = 0.35 + 0.48 = 0.83
    assert unknown["hel"] == pytest.approx(5 * (1 + 25 * 0.23**2))
    assert unknown["method"] == "rpe"


def test_strides_add_their_share_and_cross_training_adds_nothing() -> None:
    easy = one(type="easy", distance_km=8, strides=6)  # 8 + 0.6·3.25
    assert easy["hel"] == pytest.approx(9.95)
    assert easy["fast_km"] == pytest.approx(0.6)
    bike = one(type="cycling", distance_km=30, duration_min=60, rpe=6)
    assert bike["hel"] == 0 and bike["fast_km"] == 0 and bike["method"] == "cross"


def test_session_rpe_load_foster() -> None:
    frame = pd.DataFrame({"rpe": [5, None, 7], "duration_min": [60, 30, None]})
    assert session_rpe_load(frame).tolist() == [300.0, 0.0, 0.0]


def test_strength_dose_per_exercise() -> None:
    frame = sets(
        {"day": 0, "exercise": "nordic", "sets": 3, "reps": 5},
        {"day": 0, "exercise": "nordic", "sets": 3, "reps": 5, "assisted": True},
        {"day": 0, "exercise": "rdl", "sets": 3, "reps": 8, "load_kg": 40.0},
        {"day": 0, "exercise": "single_leg_bridge", "sets": 2, "reps": 12},
        {"day": 0, "exercise": "goblet squat", "sets": 3, "reps": 10, "load_kg": 20.0},
    )
    assert set_dose(frame, 80.0).tolist() == pytest.approx([15.0, 10.5, 14.4, 9.6, 0.0])


def test_protection_is_half_at_the_target_dose_and_keeps_rising_above_it() -> None:
    days = pd.date_range(START, periods=200, freq="D")
    p = protection(pd.Series(20.0 / 7.0, index=days))
    assert p["weekly_dose"].iloc[-1] == pytest.approx(20.0)
    assert p["protection"].iloc[-1] == pytest.approx(0.5)
    triple = protection(pd.Series(60.0 / 7.0, index=days))["protection"]
    assert triple.iloc[-1] == pytest.approx(0.75)  # no ceiling at 30 reps a week any more


@pytest.mark.parametrize(
    ("p", "si", "cap"),
    [(0, 100, 1.0), (1, 100, 1.5), (0, 0, 0.75), (0.5, 120, 1.30), (1, 200, 1.6)],
)
def test_capacity(p: float, si: float, cap: float) -> None:
    assert capacity(p, si) == pytest.approx(cap)


def test_strength_index_baseline_window_and_fade() -> None:
    # Nordic best set 5 reps for 4 weeks (baseline), then 6 reps, then nothing.
    rows = nordics(range(0, 28, 3), reps=5) + nordics(range(28, 50, 3), reps=6)
    days = pd.date_range(START, periods=150, freq="D")
    si = strength_index(sets(*rows), days, 80.0)
    assert si["si_nordic"].iloc[:28].isna().all()  # the baseline says nothing about change
    assert cell(si, day(30), "si_nordic") == pytest.approx(120.0)
    last = 49
    held = last + 27
    assert cell(si, day(held), "si_nordic") == pytest.approx(120.0)
    assert cell(si, day(held + 14), "si_nordic") == pytest.approx(110.0)
    assert cell(si, day(held + 28), "si_nordic") == pytest.approx(100.0)
    assert si["si"].iloc[:28].eq(100.0).all()


def test_strength_index_rdl_uses_epley_per_kg() -> None:
    rows = [
        {"day": d, "exercise": "rdl", "sets": 3, "reps": 5, "load_kg": 60.0}
        for d in range(0, 28, 7)
    ]
    rows.append({"day": 30, "exercise": "rdl", "sets": 3, "reps": 10, "load_kg": 60.0})
    si = strength_index(sets(*rows), pd.date_range(START, periods=40, freq="D"), 80.0)
    # 60·(1 + 10/30) / 60·(1 + 5/30) = 80 / 70
    assert cell(si, day(30), "si_rdl") == pytest.approx(100 * 80 / 70)


def test_rolling_slope_matches_polyfit() -> None:
    rng = np.random.default_rng(3)
    y = rng.normal(100, 5, 120).cumsum()
    slopes = _rolling_slope(y, 56)
    for end in (55, 80, 119):
        expected = np.polyfit(np.arange(56), y[end - 55 : end + 1], 1)[0]
        assert slopes[end] == pytest.approx(expected)
    assert np.isnan(slopes[:55]).all()


def test_soreness_excess_and_kernel() -> None:
    idx = pd.date_range(START, periods=8, freq="D")
    hel = pd.Series([30.0, 30.0, 0, 0, 0, 0, 0, 0], index=idx)
    before = pd.Series([10.0, 1.0, 10, 10, 10, 10, 10, 10], index=idx)
    e = excess(hel, before)
    assert e.iloc[0] == pytest.approx(1.0)  # 30 / (1.5·10) − 1
    assert e.iloc[1] == pytest.approx(9.0)  # the floor 2: 30 / 3 − 1
    single = pd.Series([1.0, 0, 0, 0, 0, 0, 0, 0], index=idx)
    s = predicted(lagged(single), 3.0)
    assert s.tolist() == pytest.approx([1.05, 3.0, 2.4, 1.2, 0.45, 0.15, 0.0, 0.0])
    assert predicted(lagged(single * 10), 3.0).max() == 10.0


def test_soreness_fit_recovers_a_known_gain() -> None:
    rng = np.random.default_rng(11)
    x = pd.Series(rng.exponential(0.5, 120))
    y = (1.0 + 2.5 * x + rng.normal(0, 0.2, 120)).round(1)
    fit = fit_gain(x, y)
    assert fit.fitted
    assert fit.gain == pytest.approx(2.5, abs=0.1)
    assert fit.baseline == pytest.approx(1.0, abs=0.1)
    assert fit.r2 is not None and fit.r2 > 0.9
    assert fit.n_checkins == 120
    assert "fitted to 120 check-ins" in fit.note


def test_soreness_fit_falls_back_with_a_note() -> None:
    x = pd.Series(np.linspace(0, 1, 9))
    few = fit_gain(x, x * 3)
    assert not few.fitted and few.gain == DEFAULT.soreness_gain
    assert "9 of 10 check-ins" in few.note
    rng = np.random.default_rng(5)
    noise = fit_gain(pd.Series(rng.random(60)), pd.Series(rng.random(60)))
    assert not noise.fitted and noise.gain == 3.0 and "r²" in noise.note
    flat = fit_gain(pd.Series(np.zeros(30)), pd.Series(np.ones(30)))
    assert not flat.fitted and "No hard days" in flat.note


def test_daily_calendar_rest_days_and_days_before_first_entry() -> None:
    frame, _ = daily_frame(
        runs(*easy_days(3, 3), *easy_days(6, 6)),
        None,
        None,
        PROFILE,
        start=START,
        end=day(9),
    )
    assert frame.index[0] == pd.Timestamp(START)
    assert frame["hel_run"].iloc[:3].isna().all()  # before the first entry: unknown
    assert frame["hel_run"].iloc[3:].tolist() == [10.0, 0, 0, 10.0, 0, 0, 0]
    assert frame["acute"].iloc[:3].isna().all()
    assert frame["day"].tolist() == [-1, -1, -1, 0, 1, 2, 3, 4, 5, 6]
    assert frame["band"].iloc[:3].eq("none").all()
    assert frame["band"].iloc[3:].eq("grey").all()


def test_chronic_and_acute_are_seeded_with_the_first_week() -> None:
    frame, _ = daily_frame(runs(*easy_days(0, 13)), None, None, PROFILE)
    # A constant load from day one: the seed is that load, so both EWMAs stay on it.
    assert frame["acute"].tolist() == pytest.approx([10.0] * 14)
    assert frame["chronic"].tolist() == pytest.approx([10.0] * 14)
    assert frame["acwr"].tolist() == pytest.approx([1.0] * 14)


def test_nordic_reps_feed_soreness_not_the_ratio() -> None:
    base = runs(*easy_days(0, 40))
    without, _ = daily_frame(base, None, None, PROFILE)
    with_n, _ = daily_frame(base, sets(*nordics(range(30, 31), reps=10)), None, PROFILE)
    d30 = pd.Timestamp(day(30))
    assert cell(with_n, d30, "hel_nordic") == pytest.approx(30 * 0.15)
    assert cell(with_n, d30, "hel") == pytest.approx(10 + 4.5)
    assert with_n["acwr"].equals(without["acwr"])
    assert cell(with_n, d30, "ratio") < cell(without, d30, "ratio")


def test_params_are_hashable_and_carry_sources() -> None:
    from risk.model import describe

    assert hash(Params()) == hash(DEFAULT)
    infos = describe(DEFAULT)
    assert {i.name for i in infos} >= {"hel_a", "acute_days", "kernel", "ratio_red"}
    assert all(i.meaning and i.source for i in infos)
    assert not math.isnan(DEFAULT.type_r()["intervals"])


def test_a_logged_zero_fast_km_holds_for_an_interval_session_with_a_duration() -> None:
    run = one(type="intervals", distance_km=10, duration_min=45, fast_km=0)
    assert run["fast_km"] == 0
    assert run["method"] != "pace_split"
