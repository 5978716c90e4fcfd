"""The planner: only green is a good day, the search looks forward, limits speak the
binding rule and never exceed what the runner has done plus the margin."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from risk.model import PLAN_KEYS, PlannedRun, plan_session
from risk.model.daily import cell
from risk.model.planner import largest_done
from tests.model.helpers import PROFILE, checkins, day, easy_days, runs, sets

TODAY = day(55)


def steady_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Eight weeks of 8 km easy a day with a weekly interval session, no strength work."""
    rows = easy_days(0, 55, km=8.0)
    for d in range(2, 56, 7):
        rows[d] = {"day": d, "type": "intervals", "distance_km": 10.0, "fast_km": 3.0}
    return runs(*rows), sets()


def test_a_usual_session_is_good_on_its_own_day() -> None:
    log, strength = steady_log()
    answer = plan_session(
        log, strength, None, PROFILE, PlannedRun(day(58), "intervals", 10.0, 3.0), today=TODAY
    )
    assert answer.band_on_day == "green"
    assert answer.good_on_day
    assert len(answer.bands_next_two_days) == 2
    assert answer.earliest_good_day == day(58)
    assert list(answer.candidates) == [day(58)]  # the search starts on the planned day
    assert set(answer.as_dict()) == set(PLAN_KEYS)
    assert answer.max_distance_km is None  # nothing to change


def test_the_search_never_looks_before_the_planned_day() -> None:
    log, strength = steady_log()
    session = PlannedRun(day(60), "intervals", 10.0, fast_km=3.0)
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    assert min(answer.candidates) == day(60)


def test_the_search_never_looks_before_today() -> None:
    log, strength = steady_log()
    session = PlannedRun(day(50), "intervals", 10.0, fast_km=3.0)  # a date in the past
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    assert min(answer.candidates) >= TODAY


def test_amber_is_not_a_good_day() -> None:
    log, strength = steady_log()
    session = PlannedRun(day(58), "intervals", 10.0, fast_km=5.2)  # +2.2 km fast: large
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    assert answer.band_on_day == "amber"
    assert not answer.good_on_day
    assert answer.earliest_good_day != day(58)


def test_a_fast_spike_is_answered_in_fast_km_within_what_was_done() -> None:
    log, strength = steady_log()
    session = PlannedRun(day(58), "intervals", 10.0, fast_km=6.0)
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    assert answer.band_on_day in ("amber", "red")
    assert "fast_spike" in answer.binding
    fast = answer.max_fast_km
    assert fast is not None and fast <= 3.0 * 1.1  # the most done (3 km) + 10 %

    def band(fast_km: float) -> str:
        trial = PlannedRun(day(58), "intervals", 10.0, fast_km=fast_km)
        return plan_session(log, strength, None, PROFILE, trial, today=TODAY).band_on_day

    assert band(fast) == "green"


def test_a_monster_session_is_red_and_never_offered_beyond_the_longest_done() -> None:
    log, strength = steady_log()
    monster = PlannedRun(day(57), "intervals", 40.0, fast_km=20.0)
    answer = plan_session(log, strength, None, PROFILE, monster, today=TODAY)
    assert answer.band_on_day == "red"
    assert not answer.good_on_day
    assert answer.earliest_good_day is None  # too big on any day of the week
    assert list(answer.candidates) == [day(57) + dt.timedelta(days=k) for k in range(7)]
    assert set(answer.candidates.values()) <= {"amber", "red"}
    km = answer.max_distance_km
    assert km is not None and 0 < km <= 11.0  # longest intervals done: 10 km, + 10 %
    assert answer.largest_done_km == pytest.approx(10.0)

    smaller = PlannedRun(day(57), "intervals", km, fast_km=20.0 * km / 40.0)
    assert plan_session(log, strength, None, PROFILE, smaller, today=TODAY).good_on_day


def test_no_size_is_offered_when_soreness_binds() -> None:
    log, strength = steady_log()
    sore = checkins({55: 8})  # severe soreness reported today
    session = PlannedRun(TODAY, "easy", 8.0)
    answer = plan_session(log, strength, sore, PROFILE, session, today=TODAY)
    assert answer.band_on_day == "red"
    assert answer.binding == ("sore_reported",)
    assert answer.max_distance_km is None


def test_largest_done_reads_the_log() -> None:
    log, _ = steady_log()
    assert largest_done(log, "intervals") == (10.0, 3.0)
    assert largest_done(log, "tempo") == (10.0, 3.0)  # none logged: the longest of any kind


def test_plan_counts_other_planned_sessions_and_replaces_its_own_day() -> None:
    log, strength = steady_log()
    session = PlannedRun(day(58), "intervals", 10.0, fast_km=3.0)
    planned = pd.DataFrame(
        [
            {"date": day(56), "type": "sprints", "distance_km": 6.0, "fast_km": 3.0},
            {"date": day(58), "type": "intervals", "distance_km": 99.0, "fast_km": 3.0},
        ]
    )
    alone = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    busy = plan_session(log, strength, None, PROFILE, session, today=TODAY, planned=planned)
    d56, d58 = pd.Timestamp(day(56)), pd.Timestamp(day(58))
    assert cell(busy.with_session, d56, "hel_run") > cell(alone.with_session, d56, "hel_run")
    assert cell(busy.with_session, d58, "km") == pytest.approx(10.0)  # not 99 + 10


def test_plan_far_ahead_searches_from_the_planned_day() -> None:
    log, strength = steady_log()
    session = PlannedRun(day(80), "intervals", 10.0, fast_km=3.0)
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    assert min(answer.candidates) == day(80)
    assert answer.with_session.index[-1] >= pd.Timestamp(day(80) + dt.timedelta(days=8))


def test_fast_km_done_count_reps_and_strides_not_only_the_logged_column() -> None:
    log = runs(
        {"day": 0, "type": "easy", "distance_km": 8.0, "strides": 8},
        {
            "day": 1,
            "type": "intervals",
            "distance_km": 8.0,
            "reps": 10,
            "rep_km": 0.2,
            "rep_pace_s_per_km": 1000 / (0.9 * PROFILE.v_max_ms),
        },
    )
    assert largest_done(log, "intervals", PROFILE.v_max_ms) == (8.0, pytest.approx(2.0))
    assert largest_done(runs(*easy_days(0, 3)), "easy", PROFILE.v_max_ms) == (10.0, 0.0)


@pytest.mark.parametrize("fast_km", [3.0, 5.2, 20.0])
def test_without_sizes_the_verdict_and_earliest_day_are_the_same(fast_km: float) -> None:
    """Today and the Calendar skip the size search: the same verdict, bands and earliest
    good day as the full answer, and no sizes."""
    log, strength = steady_log()
    session = PlannedRun(day(57), "intervals", 10.0 + fast_km, fast_km=fast_km)
    full = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    quick = plan_session(log, strength, None, PROFILE, session, today=TODAY, sizes=False)
    assert (quick.band_on_day, quick.bands_next_two_days, quick.good_on_day) == (
        full.band_on_day,
        full.bands_next_two_days,
        full.good_on_day,
    )
    assert quick.earliest_good_day == full.earliest_good_day
    assert quick.candidates == full.candidates
    assert quick.max_distance_km is None and quick.max_fast_km is None
    if fast_km == 20.0:
        assert full.max_distance_km is not None  # the full answer did search a size
