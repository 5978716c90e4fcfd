"""Bands, reasons, weeks and the planner on hand-built logs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from risk.model import (
    DEFAULT,
    VERDICT_KEYS,
    Params,
    assess,
    daily_frame,
    weekly_frame,
)
from risk.model.indicator import indicate
from tests.model.helpers import PROFILE, START, checkins, day, easy_days, nordics, runs, sets

N = 60
DAYS = pd.date_range(START, periods=N, freq="D")
STRENGTH = sets(*nordics(range(0, N, 3)))


def neutral(**changes: Any) -> dict[str, np.ndarray]:
    """Daily columns of a steady runner on day 59, with ``changes`` on the last day."""
    cols: dict[str, np.ndarray] = {
        "day": np.arange(N),
        "hel_run": np.full(N, 10.0),
        "fast_km": np.full(N, 1.0),
        "ratio": np.full(N, 1.0),
        "acwr": np.full(N, 1.0),
        "soreness_reported": np.full(N, 1.0),
        "soreness_predicted": np.zeros(N),
    }
    for name, value in changes.items():
        cols[name] = cols[name].copy()
        cols[name][-1] = value
    return cols


def last_band(changes: dict[str, float], strength: pd.DataFrame = STRENGTH) -> tuple[str, str]:
    out = indicate(neutral(**changes), DAYS, strength)
    return str(out["band"][-1]), str(out["reasons"][-1])


@pytest.mark.parametrize(
    ("changes", "band", "codes"),
    [
        ({}, "green", ""),
        ({"ratio": 1.35}, "amber", "ratio_amber"),
        ({"ratio": 1.55}, "red", "ratio_red"),
        # A small warning alone is a note: the reason shows, the colour stays.
        ({"soreness_reported": 5.0}, "green", "sore_reported"),
        ({"soreness_reported": 6.0}, "amber", "sore_reported"),  # large
        ({"soreness_reported": 8.0}, "red", "sore_reported"),  # severe
        ({"soreness_reported": 3.0}, "green", "sore_above_median"),  # median 1, +2
        ({"soreness_predicted": 4.2}, "green", "sore_predicted"),
        ({"soreness_predicted": 6.2}, "amber", "sore_predicted"),
        (
            {"soreness_reported": 5.0, "soreness_predicted": 4.2},
            "amber",
            "sore_reported sore_predicted",
        ),
        ({"ratio": 1.35, "soreness_predicted": 4.2}, "red", "ratio_amber sore_predicted"),
        ({"acwr": 0.7, "ratio": 0.7}, "green", "ratio_low"),  # a note never raises the band
        ({"hel_run": 20.0}, "green", ""),  # 7-day HEL 80 against 70 is +14 %: no warning
        # Fast km 10 against a usual 7 ± 0: the allowance is 25 % of 7 = 1.75 km.
        ({"fast_km": 4.0}, "green", "fast_spike"),  # +3 km = 1.7 allowances: small
        ({"fast_km": 5.0}, "amber", "fast_spike"),  # +4 km = 2.3 allowances: large
        ({"fast_km": 6.0}, "red", "fast_spike"),  # +5 km = 2.9 allowances: severe
    ],
)
def test_band_table(changes: dict[str, float], band: str, codes: str) -> None:
    assert last_band(changes) == (band, codes)


def test_a_hel_rise_over_thirty_percent_is_a_small_warning() -> None:
    cols = neutral()
    cols["hel_run"][-3:] = 20.0  # 7-day HEL 100 against 70: +43 %
    out = indicate(cols, DAYS, STRENGTH)
    assert out["band"][-1] == "green" and out["reasons"][-1] == "hel_rise"
    assert out["hel_rise_level"][-1] == 1
    assert out["hel_rise_pct"][-1] == pytest.approx(100 / 70 * 100 - 100)


def test_a_hel_rise_over_twice_the_allowance_turns_amber() -> None:
    cols = neutral()
    cols["hel_run"][-5:] = 20.0  # 7-day HEL 120 against 70: +71 % = 2.4 × 30 %
    out = indicate(cols, DAYS, STRENGTH)
    assert out["band"][-1] == "amber" and out["hel_rise_level"][-1] == 2


def test_a_rise_is_judged_against_the_usual_week_not_only_the_week_before() -> None:
    cols = neutral()
    cols["hel_run"][-14:-7] = 0.0  # a rest week, then the usual 70
    out = indicate(cols, DAYS, STRENGTH)
    assert out["hel_prev_7d"][-1] == 0.0
    assert out["hel_ref_7d"][-1] == pytest.approx(70.0)
    assert not out["hel_rise"][-1]


def test_a_tie_is_not_a_rise() -> None:
    cols = neutral()
    cols["fast_km"] = np.full(N, 0.6)  # sums of 0.6 differ in the 15th digit week to week
    cols["fast_km"][-1] = 0.6 + 1.05 + 3e-16  # exactly the allowance above the usual
    out = indicate(cols, DAYS, STRENGTH, params=Params(fast_rel=0.25, fast_min_km=1.05))
    assert not out["fast_spike"][-1]


def test_strength_widens_the_allowance_of_a_load_warning() -> None:
    weak = neutral(fast_km=5.0)
    strong = {**neutral(fast_km=5.0), "capacity": np.full(N, 1.5)}
    assert indicate(weak, DAYS, STRENGTH)["band"][-1] == "amber"
    out = indicate(strong, DAYS, STRENGTH)
    assert out["band"][-1] == "green" and out["fast_spike_level"][-1] == 1


def test_the_ratio_of_a_tiny_acute_load_does_not_raise_the_band() -> None:
    cols = {**neutral(ratio=1.8), "acute": np.full(N, 1.1)}
    out = indicate(cols, DAYS, STRENGTH)
    assert out["band"][-1] == "green" and not out["ratio_red"][-1]


def test_notes_never_raise_the_band() -> None:
    no_strength = sets()
    assert last_band({}, no_strength) == ("green", "no_strength")
    assert last_band({"ratio": 1.35}, no_strength) == ("amber", "ratio_amber no_strength")


def test_fast_spike_needs_four_weeks_of_history() -> None:
    cols = neutral()
    cols["day"] = np.arange(N) - (N - 25)  # only 25 days of log: before them, unknown
    cols["fast_km"][: N - 25] = np.nan
    cols["hel_run"][: N - 25] = np.nan
    cols["fast_km"][-1] = 10.0
    out = indicate(cols, DAYS, STRENGTH)
    assert not out["fast_spike"][-1]
    assert out["band"][-1] == "grey"  # and under 28 days: warming up


def test_warming_up_is_grey_and_says_so() -> None:
    result = assess(runs(*easy_days(0, 9)), None, None, PROFILE, on=day(9))
    assert result.verdict.band == "grey"
    assert result.verdict.reasons[0].code == "warming_up"
    assert "10 of 28 days" in result.verdict.reasons[0].message


def spike_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Eight steady weeks of 10 km easy a day and no strength work, then speed every day."""
    steady = easy_days(0, 55)
    spike = [
        {"day": d, "type": "intervals", "distance_km": 15.0, "fast_km": 8.0} for d in range(56, 63)
    ]
    return runs(*steady, *spike), sets()


def test_a_spike_turns_red_with_its_reasons_and_numbers() -> None:
    log, strength = spike_log()
    result = assess(log, strength, None, PROFILE, on=day(60))
    v = result.verdict
    assert v.band == "red"
    codes = [r.code for r in v.reasons]
    assert codes[0] == "ratio_red"
    assert {"hel_rise", "fast_spike"} <= set(codes)
    ratio = next(r for r in v.reasons if r.code == "ratio_red")
    assert ratio.value == pytest.approx(v.load_capacity_ratio)
    assert ratio.threshold == 1.5
    assert f"{v.load_capacity_ratio:.2f}" in ratio.message
    assert f"acute {v.acute:.1f}" in ratio.message  # raw loads beside the ratio
    assert set(v.as_dict()) == set(VERDICT_KEYS)


def test_weekly_summary() -> None:
    log, strength = spike_log()
    result = assess(log, strength, checkins({60: 6}), PROFILE, on=day(62))
    weeks = result.weekly
    assert len(weeks) == 9 and weeks.index[0] == pd.Timestamp(START)
    assert weeks["km"].iloc[0] == pytest.approx(70.0)
    assert weeks["hel"].iloc[0] == pytest.approx(70.0)
    assert weeks["strength_sessions"].iloc[0] == 0
    assert weeks["max_soreness_reported"].iloc[-1] == 6
    assert weeks["band"].iloc[0] == "grey"
    assert weeks["band"].iloc[-1] == "red" and weeks["risky"].iloc[-1]
    assert not weeks["risky"].iloc[5]
    assert weeks["hel_change_pct"].iloc[1] == pytest.approx(0.0)
    assert weeks["hel_change_pct"].iloc[-1] > 100


def test_week_after_an_empty_week_is_new_load() -> None:
    log = runs(*easy_days(0, 6), *easy_days(14, 20))
    frame, _ = daily_frame(log, None, None, PROFILE)
    weeks = weekly_frame(frame)
    assert weeks["new_load"].tolist() == [False, False, True]
    assert np.isnan(weeks["hel_change_pct"].iloc[2])
    assert weeks["hel_change_pct"].iloc[1] == pytest.approx(-100.0)


def test_three_amber_days_make_a_risky_week() -> None:
    frame, _ = daily_frame(runs(*easy_days(0, 13)), None, None, PROFILE)
    frame["band"] = ["green"] * 7 + ["amber"] * 3 + ["green"] * 4
    frame.loc[frame.index[:7], "band"] = [
        "amber",
        "amber",
        "green",
        "green",
        "green",
        "green",
        "green",
    ]
    weeks = weekly_frame(frame)
    assert weeks["risky"].tolist() == [False, True]
    assert weeks["band"].tolist() == ["amber", "amber"]


def test_weeks_can_start_on_sunday() -> None:
    frame, _ = daily_frame(runs(*easy_days(0, 13)), None, None, PROFILE)  # Mon 5 .. Sun 18 Jan
    weeks = weekly_frame(frame, week_start=6)
    assert [d.date() for d in weeks.index] == [day(-1), day(6), day(13)]
    assert weeks["km"].tolist() == [60.0, 70.0, 10.0]


def test_a_runner_who_is_usually_a_bit_sore_is_not_warned_every_day() -> None:
    cols = neutral()
    cols["soreness_reported"] = np.full(N, 3.0)
    cols["soreness_predicted"] = np.full(N, 4.2)  # usual 3.2 + 1.0 from the last days
    cols["soreness_predicted_above_usual"] = np.full(N, 1.0)
    out = indicate(cols, DAYS, STRENGTH)
    assert not out["sore_predicted"][-1] and out["band"][-1] == "green"


@pytest.mark.parametrize("days_off", [27, 28, 150])
def test_months_without_running_are_rebuilding_not_green(days_off: int) -> None:
    """A runner whose last run was months ago is not 'within what they are used to':
    once the break is ``rebuild_gap_days`` long, today is rebuilding with its reason."""
    log = runs(*easy_days(0, 90, km=8.0))
    today = day(90 + days_off)
    result = assess(log, None, None, PROFILE, on=today)
    if days_off < DEFAULT.rebuild_gap_days:
        assert result.verdict.band == "green"
        return
    assert result.verdict.band == "rebuilding"
    (reason,) = [r for r in result.verdict.reasons if r.code == "rebuilding"]
    assert reason.value == days_off
    assert f"{days_off / 7:.0f} weeks without running" in reason.message
