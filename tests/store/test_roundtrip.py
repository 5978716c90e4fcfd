"""What goes into the store comes back out, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from risk.store import InvalidEntry, queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

DAY = TODAY - dt.timedelta(days=2)


def test_a_run_comes_back_with_every_field(engine: Engine, runner: int) -> None:
    start = dt.datetime(2026, 3, 1, 6, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    run_id = writes.add_run(
        engine,
        runner,
        {
            "date": DAY,
            "type": "Intervals",  # the label is accepted and stored as its key
            "distance_km": 10.5,
            "duration_min": 48.25,
            "rpe": 8,
            "fast_km": 4.0,
            "strides": 6,
            "start_time": start,
            "speed_profile": {"<60": 5.0, "80-90": 4.0},
            "notes": "  6 x 800 m  ",
        },
        viewer=LOCAL_VIEWER,
    )
    df = queries.runs(engine, runner, viewer=LOCAL_VIEWER)
    assert len(df) == 1
    row = df.iloc[0]
    assert row["id"] == run_id
    assert row["date"] == pd.Timestamp(DAY)
    assert row["type"] == "intervals"
    assert row["distance_km"] == pytest.approx(10.5)
    assert row["duration_min"] == pytest.approx(48.25)
    assert row["rpe"] == 8
    assert row["fast_km"] == pytest.approx(4.0)
    assert row["strides"] == 6
    assert row["start_time"] == pd.Timestamp("2026-03-01 04:30", tz="UTC")
    assert row["speed_profile"] == {"<60": 5.0, "80-90": 4.0}
    assert row["source"] == "manual"
    assert row["notes"] == "6 x 800 m"


def test_empty_frames_keep_their_columns(engine: Engine, runner: int) -> None:
    for read in (queries.runs, queries.strength_sets, queries.checkins, queries.injuries):
        df = read(engine, runner, viewer=LOCAL_VIEWER)
        assert df.empty
        assert "date" in df.columns
        assert df["date"].dtype == "datetime64[ns]"


def test_date_range_is_inclusive(engine: Engine, runner: int) -> None:
    for back in (10, 5, 1):
        writes.add_run(
            engine,
            runner,
            {"date": DAY - dt.timedelta(days=back), "type": "easy", "distance_km": back},
            viewer=LOCAL_VIEWER,
        )
    df = queries.runs(
        engine,
        runner,
        start=DAY - dt.timedelta(days=5),
        end=DAY - dt.timedelta(days=1),
        viewer=LOCAL_VIEWER,
    )
    assert sorted(df["distance_km"]) == [1.0, 5.0]


def test_strength_sets_carry_their_session_date(engine: Engine, runner: int) -> None:
    sid = writes.add_strength_session(
        engine,
        runner,
        {
            "date": DAY,
            "rpe": 6,
            "exercises": [
                {"exercise": "Nordic hamstring curl", "sets": 3, "reps": 5},
                {"exercise": "rdl", "sets": 3, "reps": 8, "load_kg": 40},
                {"exercise": "Kettlebell swing", "sets": 2, "reps": 15, "load_kg": 16},
                {"exercise": "nordic", "sets": 1, "reps": 3, "assisted": True},
            ],
        },
        viewer=LOCAL_VIEWER,
    )
    sets = queries.strength_sets(engine, runner, viewer=LOCAL_VIEWER)
    assert list(sets["exercise"]) == ["nordic", "rdl", "Kettlebell swing", "nordic"]
    assert set(sets["session_id"]) == {sid}
    assert (sets["date"] == pd.Timestamp(DAY)).all()
    assert list(sets["assisted"]) == [False, False, False, True]
    assert sets["load_kg"].sum() == pytest.approx(56.0)


def test_a_second_checkin_on_a_day_updates_the_first(engine: Engine, runner: int) -> None:
    first, created = writes.save_checkin(
        engine,
        runner,
        {"date": DAY, "soreness_left": 1, "soreness_right": 2, "mood": 4},
        viewer=LOCAL_VIEWER,
    )
    assert created
    again, created = writes.save_checkin(
        engine, runner, {"date": DAY, "soreness_left": 5, "soreness_right": 2}, viewer=LOCAL_VIEWER
    )
    assert (again, created) == (first, False)
    df = queries.checkins(engine, runner, viewer=LOCAL_VIEWER)
    assert len(df) == 1
    assert df.iloc[0]["soreness_left"] == 5
    assert pd.isna(df.iloc[0]["mood"])


def test_editing_a_checkin_onto_a_taken_day_is_refused(engine: Engine, runner: int) -> None:
    writes.save_checkin(
        engine, runner, {"date": DAY, "soreness_left": 1, "soreness_right": 1}, viewer=LOCAL_VIEWER
    )
    other, _ = writes.save_checkin(
        engine,
        runner,
        {"date": DAY - dt.timedelta(days=1), "soreness_left": 1, "soreness_right": 1},
        viewer=LOCAL_VIEWER,
    )
    with pytest.raises(InvalidEntry, match="already a check-in on that date"):
        writes.update_entries(
            engine, "checkin", runner, {other: {"date": DAY}}, viewer=LOCAL_VIEWER
        )


def test_edits_are_validated_and_saved(engine: Engine, runner: int) -> None:
    run_id = writes.add_run(
        engine, runner, {"date": DAY, "type": "easy", "distance_km": 8}, viewer=LOCAL_VIEWER
    )
    writes.update_entries(
        engine, "run", runner, {run_id: {"distance_km": 9.5, "rpe": 4}}, viewer=LOCAL_VIEWER
    )
    row = queries.runs(engine, runner, viewer=LOCAL_VIEWER).iloc[0]
    assert (row["distance_km"], row["rpe"]) == (9.5, 4)


def test_edits_cannot_touch_another_runners_entries(engine: Engine, runner: int) -> None:
    other = writes.create_athlete(
        engine, {"name": "Bo", "body_mass_kg": 80, "v_max_ms": 8}, viewer=LOCAL_VIEWER
    )
    assert other.id is not None
    theirs = writes.add_run(
        engine, other.id, {"date": DAY, "type": "easy", "distance_km": 8}, viewer=LOCAL_VIEWER
    )
    with pytest.raises(InvalidEntry, match="no longer exists"):
        writes.update_entries(
            engine, "run", runner, {theirs: {"distance_km": 1.0}}, viewer=LOCAL_VIEWER
        )
    assert writes.delete_entries(engine, "run", runner, [theirs], viewer=LOCAL_VIEWER) == 0
    assert len(queries.runs(engine, other.id, viewer=LOCAL_VIEWER)) == 1


def test_deleting_a_session_deletes_its_exercises(engine: Engine, runner: int) -> None:
    keep = writes.add_strength_session(
        engine,
        runner,
        {"date": DAY, "exercises": [{"exercise": "nordic", "sets": 2, "reps": 4}]},
        viewer=LOCAL_VIEWER,
    )
    gone = writes.add_strength_session(
        engine,
        runner,
        {"date": DAY, "exercises": [{"exercise": "rdl", "sets": 3, "reps": 8}]},
        viewer=LOCAL_VIEWER,
    )
    assert (
        writes.delete_entries(engine, "strength_session", runner, [gone], viewer=LOCAL_VIEWER) == 1
    )
    sets = queries.strength_sets(engine, runner, viewer=LOCAL_VIEWER)
    assert list(sets["session_id"]) == [keep]


def test_deleting_a_runner_deletes_everything_of_theirs(engine: Engine, runner: int) -> None:
    other = writes.create_athlete(
        engine, {"name": "Bo", "body_mass_kg": 80, "v_max_ms": 8}, viewer=LOCAL_VIEWER
    )
    assert other.id is not None
    for who in (runner, other.id):
        writes.add_run(
            engine, who, {"date": DAY, "type": "easy", "distance_km": 8}, viewer=LOCAL_VIEWER
        )
        writes.add_strength_session(
            engine,
            who,
            {"date": DAY, "exercises": [{"exercise": "nordic", "sets": 2, "reps": 4}]},
            viewer=LOCAL_VIEWER,
        )
    writes.delete_athlete(engine, runner, viewer=LOCAL_VIEWER)
    assert queries.runs(engine, runner, viewer=LOCAL_VIEWER).empty
    assert queries.strength_sets(engine, runner, viewer=LOCAL_VIEWER).empty
    assert len(queries.runs(engine, other.id, viewer=LOCAL_VIEWER)) == 1
    assert len(queries.strength_sets(engine, other.id, viewer=LOCAL_VIEWER)) == 1


def test_profile_updates_are_validated(engine: Engine, runner: int) -> None:
    writes.update_athlete(
        engine, runner, {"units": "mi", "body_mass_kg": 63.5}, viewer=LOCAL_VIEWER
    )
    athlete = queries.athlete(engine, runner, viewer=LOCAL_VIEWER)
    assert athlete is not None
    assert (athlete.units, athlete.body_mass_kg) == ("mi", 63.5)
    assert athlete.created_at.tzinfo is not None
    with pytest.raises(InvalidEntry, match="Body mass"):
        writes.update_athlete(engine, runner, {"body_mass_kg": 10}, viewer=LOCAL_VIEWER)
    athlete = queries.athlete(engine, runner, viewer=LOCAL_VIEWER)
    assert athlete is not None and athlete.body_mass_kg == 63.5


def test_bulk_insert_counts(engine: Engine, runner: int) -> None:
    counts = writes.add_bulk(
        engine,
        runner,
        runs=[{"date": DAY, "type": "easy", "distance_km": k} for k in (5, 6, 7)],
        strength=[{"date": DAY, "exercises": [{"exercise": "nordic", "sets": 1, "reps": 5}]}],
        checkins=[{"date": DAY, "soreness_left": 0, "soreness_right": 0}],
        viewer=LOCAL_VIEWER,
    )
    assert counts == {
        "run": 3,
        "strength_session": 1,
        "checkin": 1,
        "injury": 0,
        "planned_session": 0,
    }
    assert len(queries.strength_sets(engine, runner, viewer=LOCAL_VIEWER)) == 1
    assert queries.entry_counts(engine, runner, viewer=LOCAL_VIEWER)["run"] == 3


def test_optional_fields_may_be_given_as_none(engine: Engine, runner: int) -> None:
    writes.add_injury(
        engine,
        runner,
        {"date": DAY, "side": "left", "severity": "mild", "description": "x", "return_date": None},
        viewer=LOCAL_VIEWER,
    )
    writes.add_run(
        engine,
        runner,
        {
            "date": DAY,
            "type": "easy",
            "distance_km": 5,
            "rpe": None,
            "fast_km": None,
            "duration_min": None,
            "strides": None,
            "notes": None,
        },
        viewer=LOCAL_VIEWER,
    )
    assert pd.isna(queries.injuries(engine, runner, viewer=LOCAL_VIEWER).iloc[0]["return_date"])
