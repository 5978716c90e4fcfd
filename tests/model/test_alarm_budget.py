"""The alarm budget holds: each synthetic story and the demo meet their targets.

The stories and targets are in ``tests/model/alarm_budget.py``; ``bench/bench_alarms.py``
prints the same numbers as a table. One test per story, named after what it must show.
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.model.alarm_budget import (
    STORIES,
    Budget,
    episodes,
    measure_demo,
    measure_story,
    targets,
)


@cache
def budget(name: str) -> Budget:
    return measure_story(STORIES[name]())


def steady_alarm_pct() -> float:
    b = budget("steady 5 %")
    return b.amber_pct + b.red_pct


def assert_met(b: Budget) -> None:
    checks = targets(b, steady_alarm_pct())
    assert checks, f"no target for {b.name}"
    missed = [text for text, ok in checks if not ok]
    assert not missed, f"{b.name}: {missed}"


@pytest.mark.parametrize(
    "name", ["steady 0 %", "steady 5 %", "steady 10 %", "steady 5 %, no strength"]
)
def test_a_steady_runner_is_almost_never_amber_and_never_red(name: str) -> None:
    assert_met(budget(name))


@pytest.mark.parametrize("name", ["after a rest week", "after a deload week"])
def test_a_normal_week_after_an_easy_one_is_no_alarm(name: str) -> None:
    assert_met(budget(name))


@pytest.mark.parametrize("name", ["strides after a break", "short tempo after a break"])
def test_a_little_speed_after_a_break_never_turns_a_day_amber(name: str) -> None:
    assert_met(budget(name))


@pytest.mark.parametrize("name", ["return after months off", "daily easy runs after weeks off"])
def test_easy_runs_after_a_long_break_are_rebuilding_never_red(name: str) -> None:
    assert_met(budget(name))


def test_doubled_intervals_without_strength_work_are_red() -> None:
    assert_met(budget("interval spike alone"))


def test_an_eight_week_nordic_block_turns_the_same_spike_amber_at_most() -> None:
    b = budget("interval spike after Nordics")
    assert_met(b)
    assert b.dangers[0] != budget("interval spike alone").dangers[0]  # strength changed it


def test_six_weeks_without_strength_move_the_ratio() -> None:
    assert_met(budget("detraining"))


def test_six_weeks_without_strength_can_change_the_band_of_the_same_spike() -> None:
    detrained, strong = budget("spike after detraining"), budget("spike while strong")
    assert_met(detrained)
    assert_met(strong)
    assert detrained.dangers[0] == "red" and strong.dangers[0] != "red"


def test_the_demo_runner_warns_rarely_and_still_before_its_injury() -> None:
    assert_met(measure_demo())


def test_alarm_episodes_merge_days_close_together() -> None:
    assert episodes([True, True, False, False, True, False, False, False, True]) == 2
    assert episodes([]) == 0
