"""The demo runner: deterministic, and it has the story DESIGN.md and the issue ask for."""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from risk.demo import generate
from risk.store import inputs

END = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo() -> dict[str, pd.DataFrame]:
    r = generate(end=END)
    return {
        "runs": pd.DataFrame(r.runs),
        "strength": pd.DataFrame([{"date": s["date"]} for s in r.strength]),
        "checkins": pd.DataFrame(r.checkins),
        "injuries": pd.DataFrame(r.injuries),
    }


def test_same_seed_same_runner() -> None:
    assert generate(end=END, years=0.5) == generate(end=END, years=0.5)
    assert generate(end=END, years=0.5, seed=1) != generate(end=END, years=0.5, seed=2)


def test_every_record_passes_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "today", lambda: END)
    r = generate(end=END)
    inputs.validate(inputs.AthleteIn, r.athlete)
    for run in r.runs:
        inputs.validate(inputs.RunIn, run)
    for s in r.strength:
        inputs.validate(inputs.StrengthSessionIn, s)
    for c in r.checkins:
        inputs.validate(inputs.CheckinIn, c)
    for p in r.planned:
        inputs.validate(inputs.PlannedSessionIn, p)


def test_two_years_up_to_the_end(demo: dict[str, pd.DataFrame]) -> None:
    runs = demo["runs"]
    span = (max(runs["date"]) - min(runs["date"])).days
    assert 700 <= span <= 740
    assert max(runs["date"]) <= END


def test_has_speed_blocks_a_race_and_cross_training(demo: dict[str, pd.DataFrame]) -> None:
    types = set(demo["runs"]["type"])
    assert {"easy", "long", "intervals", "tempo", "race_5k", "cycling"} <= types
    assert demo["runs"]["strides"].fillna(0).sum() > 100


def test_strength_twice_a_week_with_one_three_week_gap(demo: dict[str, pd.DataFrame]) -> None:
    dates = sorted(demo["strength"]["date"])
    gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
    assert sum(g > 20 for g in gaps) == 1  # the three-week gap (the injury layoff joins it)
    weeks = pd.Series(1, index=pd.to_datetime(dates)).resample("W").sum()
    assert weeks.median() == 2


def test_soreness_rises_after_unaccustomed_days(demo: dict[str, pd.DataFrame]) -> None:
    runs = demo["runs"].assign(date=lambda d: pd.to_datetime(d["date"]))
    runs = runs[runs["type"] != "cycling"]
    work = (runs["distance_km"] + 2.5 * runs["fast_km"].fillna(0)).groupby(runs["date"]).sum()
    work = work.asfreq("D", fill_value=0.0)
    usual = work.rolling(28).mean().shift(1)
    big = work.index[work > 2.5 * usual]
    after_big = {d + pd.Timedelta(days=1) for d in big}
    ci = demo["checkins"].assign(date=lambda d: pd.to_datetime(d["date"]))
    after = ci[ci["date"].isin(after_big)]["soreness_left"].mean()
    otherwise = ci[~ci["date"].isin(after_big)]["soreness_left"].mean()
    assert len(big) > 20
    assert after > otherwise + 1


def test_one_injury_right_after_a_spike_in_fast_running(demo: dict[str, pd.DataFrame]) -> None:
    assert len(demo["injuries"]) == 1
    day = pd.Timestamp(demo["injuries"].iloc[0]["date"])
    runs = demo["runs"].assign(date=lambda d: pd.to_datetime(d["date"]))
    fast = runs.set_index("date")["fast_km"].fillna(0)
    last_week = fast[(fast.index > day - pd.Timedelta(days=7)) & (fast.index <= day)].sum()
    before = fast[
        (fast.index > day - pd.Timedelta(days=63)) & (fast.index <= day - pd.Timedelta(days=7))
    ]
    weekly_before = before.sum() / 8
    assert last_week >= 3 * weekly_before


def test_scales_with_years() -> None:
    short, long = generate(end=END, years=1), generate(end=END, years=4)
    assert 3.5 < len(long.runs) / len(short.runs) < 4.5


def test_the_injury_comes_from_the_hazard_of_its_own_training() -> None:
    import numpy as np

    from risk.demo import injury_hazard

    r = generate(end=END)
    start = min(run["date"] for run in r.runs)
    n = (END - start).days + 1
    fast = np.zeros(n)
    for run in r.runs:
        fast[(run["date"] - start).days] += (run.get("fast_km") or 0) + 0.1 * (
            run.get("strides") or 0
        )
    strength = np.zeros(n, dtype=bool)
    for s in r.strength:
        strength[(s["date"] - start).days] = True
    hazard = injury_hazard(fast, strength)
    struck = (r.injuries[0]["date"] - start).days
    assert hazard[struck] > 0.1  # a day of high hazard, from fast running and no strength
    assert np.mean(hazard < 0.01) > 0.95  # ordinary training carries almost none


def test_fast_means_near_top_speed_not_five_km_pace() -> None:
    r = generate(end=END)
    intervals = [run for run in r.runs if run["type"] == "intervals"]
    assert intervals and all(not run.get("fast_km") for run in intervals)
    races = [run for run in r.runs if run["type"] == "race_5k"]
    assert races and all(run["distance_km"] == 5.0 for run in races)
    sprints = [run for run in r.runs if run["type"] == "sprints"]
    assert sprints and all(0 < run["fast_km"] <= 2.0 for run in sprints)
