"""Saving a check-in is a true upsert: saves of the same day at once all succeed, one row stays."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy.engine import Engine

from risk.store import InvalidEntry, queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

DAY = TODAY - dt.timedelta(days=1)
SAVES = 50


def test_the_first_save_of_a_day_creates_and_the_second_replaces(
    engine: Engine, runner: int
) -> None:
    first, created = writes.save_checkin(
        engine,
        runner,
        {"date": DAY, "soreness_left": 1, "soreness_right": 2, "notes": "ok"},
        viewer=LOCAL_VIEWER,
    )
    assert created
    again, created = writes.save_checkin(
        engine, runner, {"date": DAY, "soreness_left": 4, "soreness_right": 3}, viewer=LOCAL_VIEWER
    )
    assert (again, created) == (first, False)
    rows = queries.checkins(engine, runner, viewer=LOCAL_VIEWER)
    assert len(rows) == 1
    assert (rows.iloc[0]["soreness_left"], rows.iloc[0]["soreness_right"]) == (4, 3)
    assert rows.iloc[0]["notes"] is None


def test_the_same_day_of_another_runner_is_a_separate_row(engine: Engine, runner: int) -> None:
    other = writes.create_athlete(
        engine, {"name": "Bo", "body_mass_kg": 70, "v_max_ms": 8.0}, viewer=LOCAL_VIEWER
    )
    assert other.id is not None
    writes.save_checkin(
        engine, runner, {"date": DAY, "soreness_left": 1, "soreness_right": 1}, viewer=LOCAL_VIEWER
    )
    _, created = writes.save_checkin(
        engine,
        other.id,
        {"date": DAY, "soreness_left": 2, "soreness_right": 2},
        viewer=LOCAL_VIEWER,
    )
    assert created
    assert (
        len(queries.checkins(engine, runner, viewer=LOCAL_VIEWER))
        == len(queries.checkins(engine, other.id, viewer=LOCAL_VIEWER))
        == 1
    )


def test_a_bad_checkin_is_refused_before_anything_is_written(engine: Engine, runner: int) -> None:
    with pytest.raises(InvalidEntry, match="soreness"):
        writes.save_checkin(
            engine,
            runner,
            {"date": DAY, "soreness_left": 11, "soreness_right": 1},
            viewer=LOCAL_VIEWER,
        )
    assert queries.checkins(engine, runner, viewer=LOCAL_VIEWER).empty


def test_a_checkin_for_a_runner_who_does_not_exist_is_refused(engine: Engine) -> None:
    with pytest.raises(InvalidEntry, match="No runner with id 999"):
        writes.save_checkin(
            engine, 999, {"date": DAY, "soreness_left": 1, "soreness_right": 1}, viewer=LOCAL_VIEWER
        )


def test_two_threads_saving_the_same_day_50_times_each_leave_one_row_and_no_error(
    engine: Engine, runner: int
) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def save_many(soreness: int) -> None:
        try:
            start.wait()
            for _ in range(SAVES):
                writes.save_checkin(
                    engine,
                    runner,
                    {"date": DAY, "soreness_left": soreness, "soreness_right": soreness},
                    viewer=LOCAL_VIEWER,
                )
        except BaseException as exc:  # collected and reported by the test thread
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(s,)) for s in (3, 7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    rows = queries.checkins(engine, runner, viewer=LOCAL_VIEWER)
    assert len(rows) == 1
    assert rows.iloc[0]["soreness_left"] in (3, 7)
    assert rows.iloc[0]["soreness_left"] == rows.iloc[0]["soreness_right"]
