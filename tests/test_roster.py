"""The roster: one line per runner, the same verdict as Today, planned sessions judged as
the planner judges them, the most urgent first, words with their raw numbers."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from risk import roster, views
from risk.model import DEFAULT, PlannedRun, assess, plan_session
from risk.roster import RosterRow, roster_row
from tests.model.helpers import PROFILE, checkins, day, easy_days, nordics, runs, sets

TODAY = day(63)  # a Monday, 9 weeks into the log


def steady() -> pd.DataFrame:
    rows = easy_days(0, 63, km=8.0)
    for d in range(2, 64, 7):
        rows[d] = {"day": d, "type": "intervals", "distance_km": 10.0, "fast_km": 3.0}
    return runs(*rows)


def planned(*rows: tuple[int, str, float, float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"date": day(d), "type": t, "distance_km": km, "fast_km": fast, "strides": None}
            for d, t, km, fast in rows
        ],
        columns=["date", "type", "distance_km", "fast_km", "strides"],
    )


def line(**changes: object) -> RosterRow:
    base = RosterRow(
        athlete_id=1,
        name="Ana",
        band="green",
        reason="",
        attention="",
        injury=None,
        last_checkin=TODAY,
        days_since_checkin=0,
        soreness_recent=2.0,
        soreness_before=2.0,
        planned=(),
        load_4w=100.0,
        usual_4w=100.0,
        ratio=1.0,
    )
    out = replace(base, **changes)  # type: ignore[arg-type]
    return replace(out, attention=roster.attention(out))


def test_the_verdict_is_the_one_today_shows() -> None:
    log = steady()
    plan = planned((66, "intervals", 14.0, 6.0))
    got = roster_row(1, "Ana", log, sets(), None, plan, PROFILE, DEFAULT, TODAY)
    today = assess(log, sets(), None, PROFILE, on=TODAY).verdict
    assert got.band == today.band
    assert got.ratio == pytest.approx(today.load_capacity_ratio)


def test_a_planned_session_gets_the_planners_band() -> None:
    log = steady()
    session = PlannedRun(day(65), "intervals", 16.0, 9.0)
    got = roster_row(
        1, "Ana", log, sets(), None, planned((65, "intervals", 16.0, 9.0)), PROFILE, DEFAULT, TODAY
    )
    answer = plan_session(log, sets(), None, PROFILE, session, today=TODAY)
    assert [p.band for p in got.planned] == [views.session_verdict(answer)]
    assert got.planned[0].band in ("amber", "red")  # a doubled session is not green...
    assert got.attention == "planned session not green"  # ...and puts the runner up


def test_only_speed_sessions_of_the_next_seven_days_are_listed() -> None:
    plan = planned(
        (64, "easy", 8.0, None),  # not speed
        (65, "intervals", 10.0, 3.0),
        (69, "tempo", 10.0, 4.0),  # the sixth day after today: listed
        (70, "tempo", 10.0, 4.0),  # a week from today: not yet
        (62, "intervals", 10.0, 3.0),  # yesterday
    )
    sessions = roster.planned_ahead(plan, TODAY)
    assert [s.date for s in sessions] == [day(65), day(69)]


def test_the_most_urgent_come_first() -> None:
    lines = [
        line(name="Green"),
        line(name="Stale", days_since_checkin=9),
        line(name="Amber", band="amber"),
        line(name="Injured", band="injured", injury="left hamstring since 2 Mar"),
        line(name="Red", band="red"),
        line(name="Sore", soreness_recent=5.0, soreness_before=3.0),
        line(name="Never", days_since_checkin=None, last_checkin=None),
    ]
    order = [r.name for r in roster.sorted_roster(lines)]
    assert order == ["Red", "Injured", "Amber", "Sore", "Never", "Stale", "Green"]


def test_within_a_group_the_higher_ratio_comes_first() -> None:
    lines = [line(name="A", band="amber", ratio=1.2), line(name="B", band="amber", ratio=1.4)]
    assert [r.name for r in roster.sorted_roster(lines)] == ["B", "A"]


@pytest.mark.parametrize(
    ("recent", "before", "trend"),
    [(3.0, 2.0, "rising"), (2.0, 3.0, "falling"), (2.2, 2.0, "steady"), (2.0, None, "")],
)
def test_the_soreness_trend(recent: float, before: float | None, trend: str) -> None:
    assert roster.soreness_trend(recent, before) == trend


def test_soreness_is_the_worse_side_over_each_week() -> None:
    log = steady()
    checks = checkins({63: 4.0, 61: 2.0, 53: 1.0})
    got = roster_row(1, "Ana", log, sets(), checks, None, PROFILE, DEFAULT, TODAY)
    assert got.soreness_recent == pytest.approx(3.0)
    assert got.soreness_before == pytest.approx(1.0)
    assert got.soreness_trend == "rising"
    assert got.days_since_checkin == 0


def test_a_check_in_with_one_side_counts_that_side_as_the_daily_frame_does() -> None:
    log = steady()
    checks = checkins({63: 4.0, 53: 1.0}).astype({"soreness_right": float})
    checks.loc[0, "soreness_right"] = None  # only the left side reported today
    got = roster_row(1, "Ana", log, sets(), checks, None, PROFILE, DEFAULT, TODAY)
    daily = assess(log, sets(), checks, PROFILE, on=TODAY).daily
    assert got.soreness_recent == pytest.approx(4.0)
    assert daily.loc[pd.Timestamp(TODAY), "soreness_reported"] == pytest.approx(4.0)


def test_the_load_is_the_running_load_beside_the_usual() -> None:
    """Nordic reps add to soreness, not to the running load the chronic (the usual) is
    made of: the 4-week sum leaves them out, as Weeks and Today do."""
    log, strength = steady(), sets(*nordics(range(0, 64, 4)))
    got = roster_row(1, "Ana", log, strength, None, None, PROFILE, DEFAULT, TODAY)
    daily = assess(log, strength, None, PROFILE, on=TODAY).daily
    window = daily.loc[pd.Timestamp(day(36)) : pd.Timestamp(TODAY)]
    assert got.load_4w == pytest.approx(window["hel_run"].sum())
    assert window["hel"].sum() > window["hel_run"].sum()  # the Nordic load is there...
    assert got.usual_4w == pytest.approx(float(daily["chronic"][pd.Timestamp(TODAY)]) * 28)


def test_a_runner_with_nothing_logged_has_no_band_and_comes_last() -> None:
    got = roster_row(2, "New", None, None, None, None, PROFILE, DEFAULT, TODAY)
    assert got.band == "none"
    assert got.attention == "no log"
    lines = roster.sorted_roster([got, line(name="Green")])
    assert lines[-1].name == "New"


def test_the_table_speaks_the_runners_units_and_plurals() -> None:
    one = line(
        days_since_checkin=1,
        planned=(roster.PlannedVerdict(day(65), "intervals", 16.09344, 3.0, "amber"),),
    )
    table = roster.roster_table([one], "mi")
    assert table.loc[0, "Last check-in"] == "1 day ago"
    assert table.loc[0, "Speed, next 7 days"] == "Wed intervals 10.0 mi: Amber"
    assert table.loc[0, "vs usual"] == "+0 %"
    assert roster.summary([one]) == "**1 runner**: 1 green"
    assert roster.summary([one, line(band="red")]) == "**2 runners**: 1 red · 1 green"


def test_a_runner_who_cannot_be_assessed_comes_first_with_the_problem() -> None:
    bad = roster.unusable(3, "Bo", ["acute_days must be between 3 and 14 (got 99)"])
    lines = roster.sorted_roster([line(band="red"), bad])
    assert lines[0].name == "Bo"
    assert "acute_days" in lines[0].reason
