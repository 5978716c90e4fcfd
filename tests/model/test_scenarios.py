"""The model on the demo runner: the stories the product has to tell right."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pytest

from risk.demo import DemoRunner, generate
from risk.model import Assessment, Profile, assess
from risk.model.daily import cell

END = dt.date(2026, 11, 29)


@cache
def runner() -> DemoRunner:
    return generate(years=2, end=END)


def profile(r: DemoRunner) -> Profile:
    return Profile(r.athlete["v_max_ms"], r.athlete["body_mass_kg"])


@cache
def demo_assessment() -> Assessment:
    r = runner()
    runs, sets, checkins = r.frames()
    return assess(runs, sets, checkins, profile(r), on=END)


def injury_day() -> pd.Timestamp:
    return pd.Timestamp(runner().injuries[0]["date"])


def spike_week() -> pd.DatetimeIndex:
    monday = injury_day() - pd.Timedelta(days=injury_day().day_of_week)
    return pd.date_range(monday, periods=7, freq="D")


def test_the_week_that_triples_fast_km_turns_amber_or_red_with_that_reason() -> None:
    daily = demo_assessment().daily
    week = daily.loc[spike_week()]
    before = daily["fast_km"].loc[: spike_week()[0] - pd.Timedelta(days=1)].iloc[-56:].sum() / 8
    assert week["fast_km"].sum() >= 3 * before
    flagged = week[week["fast_spike_level"] >= 2]  # large or severe: never a mere note
    assert len(flagged) >= 3
    assert flagged["band"].isin(["amber", "red"]).all()
    assert (week["band"] == "red").any()


def test_nordics_in_the_three_weeks_before_lower_the_ratio_of_that_week() -> None:
    r = runner()
    runs, sets, checkins = r.frames()
    first = spike_week()[0]
    extra = pd.DataFrame(
        [
            {
                "date": first - pd.Timedelta(days=d),
                "session_id": 10_000 + d,
                "exercise": "nordic",
                "sets": 3,
                "reps": 6,
                "load_kg": 0.0,
                "assisted": False,
            }
            for d in (21, 18, 14, 11, 7, 4)  # 36 Nordic reps a week for three weeks
        ]
    )
    with_nordics = assess(
        runs, pd.concat([sets, extra], ignore_index=True), checkins, profile(r), on=END
    ).daily
    plain = demo_assessment().daily
    days = spike_week()
    assert cell(with_nordics, days[0], "weekly_dose") >= 20
    assert (with_nordics.loc[days, "ratio"] < plain.loc[days, "ratio"]).all()
    assert (with_nordics.loc[days, "capacity"] > plain.loc[days, "capacity"]).all()


def test_fourteen_days_without_strength_work_raise_the_note() -> None:
    daily = demo_assessment().daily
    gap = daily.loc[spike_week()[0] - pd.Timedelta(days=21) : spike_week()[0]]
    since = gap["days_since_strength"]
    noted = gap[gap["no_strength"]]
    assert len(noted) > 0
    assert (since[gap["no_strength"]] >= 14).all()
    assert not gap.loc[since < 14, "no_strength"].any()
    reasons = demo_assessment().daily.loc[noted.index[0], "reasons"]
    assert "no_strength" in str(reasons)


def test_the_injury_falls_in_or_right_after_a_risky_week() -> None:
    weekly = demo_assessment().weekly
    week_of_injury = injury_day() - pd.Timedelta(days=injury_day().day_of_week)
    around = weekly.loc[week_of_injury - pd.Timedelta(days=7) : week_of_injury, "risky"]
    assert len(around) == 2
    assert around.any()


def test_the_verdict_shows_raw_loads_and_no_probability() -> None:
    verdict = demo_assessment().verdict
    assert verdict.date == END
    assert verdict.band in ("green", "amber", "red")
    acwr, capacity = verdict.acwr, verdict.capacity
    for value in (verdict.acute, verdict.chronic, acwr, capacity):
        assert value is not None and value > 0
    assert acwr is not None and capacity is not None
    assert verdict.load_capacity_ratio == pytest.approx(acwr / capacity)
    text = " ".join(r.message for r in verdict.reasons)
    assert "%" not in text.replace("% on the 7 days", "")  # a load change, never a risk


def test_the_soreness_gain_is_fitted_to_the_demo_check_ins() -> None:
    fit = demo_assessment().fit
    assert fit.fitted
    assert fit.n_checkins > 500
    assert fit.r2 is not None and 0.1 <= fit.r2 <= 1
