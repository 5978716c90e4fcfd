"""Bad input gets a specific message and changes nothing in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from risk.store import InvalidEntry, queries, writes
from risk.store.access import LOCAL_VIEWER
from risk.store.inputs import PlannedSessionIn, RunIn, validate
from tests.clock import TODAY

DAY = TODAY - dt.timedelta(days=3)
RUN = {"date": DAY, "type": "easy", "distance_km": 8.0}
SESSION: dict[str, Any] = {"date": DAY, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 5}]}
CHECKIN = {"date": DAY, "soreness_left": 2, "soreness_right": 3}
INJURY = {"date": DAY, "side": "left", "severity": "mild", "description": "tight"}
PLAN = {"date": TODAY + dt.timedelta(days=4), "type": "intervals", "distance_km": 10.0}
PROFILE = {"name": "Bo", "body_mass_kg": 70.0, "v_max_ms": 8.0}


def _set(**changes: Any) -> dict[str, Any]:
    return {**SESSION, "exercises": [{**SESSION["exercises"][0], **changes}]}


REPS = {"reps": 6, "rep_km": 0.8, "rep_pace_s_per_km": 230.0}  # 6 × 800 m at 3:50/km

# (what, kind, data, expected message fragment)
CASES: list[tuple[str, str, dict[str, Any], str]] = [
    ("no reps", "run", {**RUN, **REPS, "reps": 0}, "Reps must be between 1 and 200 (got 0)"),
    (
        "reps on a bike ride",
        "run",
        {**RUN, **REPS, "type": "cycling", "distance_km": 30.0},
        "Reps are for runs, not cycling",
    ),
    ("too many reps", "run", {**RUN, **REPS, "reps": 201}, "Reps must be between 1 and 200"),
    (
        "rep too short",
        "run",
        {**RUN, **REPS, "rep_km": 0.03},
        "Rep distance must be between 50 m and 20 km (got 30 m)",
    ),
    ("rep too long", "run", {**RUN, **REPS, "rep_km": 21}, "Rep distance must be between"),
    (
        "rep pace too fast",
        "run",
        {**RUN, **REPS, "rep_pace_s_per_km": 80},
        "Rep pace must be between 1:30/km and 12:00/km (got 1:20/km)",
    ),
    ("rep pace too slow", "run", {**RUN, **REPS, "rep_pace_s_per_km": 800}, "Rep pace must be"),
    (
        "reps without a pace",
        "run",
        {**RUN, "reps": 6, "rep_km": 0.8},
        "Reps, rep distance and rep pace go together",
    ),
    (
        "reps longer than the run",
        "run",
        {**RUN, **REPS, "reps": 12},
        "The reps (12 × 0.80 km = 9.60 km) must not exceed the distance (8.00 km)",
    ),
    (
        "reps slower than the average",
        "run",
        {**RUN, **REPS, "rep_pace_s_per_km": 330, "duration_min": 40},
        "Rep pace (5:30/km) must not be slower than the run's average pace (5:00/km)",
    ),
    (
        "negative distance",
        "run",
        {**RUN, "distance_km": -5},
        "Distance must be between 0 and 400 km (got -5 km)",
    ),
    (
        "zero distance",
        "run",
        {**RUN, "distance_km": 0},
        "Distance must be more than 0 km (got 0 km)",
    ),
    (
        "huge distance",
        "run",
        {**RUN, "distance_km": 401},
        "Distance must be between 0 and 400 km (got 401 km)",
    ),
    (
        "distance text",
        "run",
        {**RUN, "distance_km": "ten"},
        "Distance must be a number (got 'ten')",
    ),
    ("distance NaN-like", "run", {**RUN, "distance_km": float("inf")}, "Distance must be a number"),
    ("missing distance", "run", {"date": DAY, "type": "easy"}, "Distance is required"),
    (
        "duration over 48 h",
        "run",
        {**RUN, "duration_min": 48 * 60 + 1},
        "Duration must be between 0 and 2880 min (got 2881 min)",
    ),
    (
        "negative duration",
        "run",
        {**RUN, "duration_min": -3},
        "Duration must be between 0 and 2880 min",
    ),
    (
        "future date",
        "run",
        {**RUN, "date": TODAY + dt.timedelta(days=2)},
        "Date must not be after tomorrow",
    ),
    (
        "date before 1970",
        "run",
        {**RUN, "date": dt.date(1969, 12, 31)},
        "Date must not be before 1970 (got 1969-12-31)",
    ),
    ("date garbage", "run", {**RUN, "date": "yesterday-ish"}, "Date must be a date (YYYY-MM-DD)"),
    ("RPE 0", "run", {**RUN, "rpe": 0}, "RPE must be between 1 and 10 (got 0)"),
    ("RPE 11", "run", {**RUN, "rpe": 11}, "RPE must be between 1 and 10 (got 11)"),
    ("RPE fraction", "run", {**RUN, "rpe": 5.5}, "RPE must be a whole number (got 5.5)"),
    ("unknown type", "run", {**RUN, "type": "jogging"}, "Type must be one of"),
    (
        "fast km over distance",
        "run",
        {**RUN, "fast_km": 9},
        "Fast distance (9.0 km) must not exceed the distance (8.0 km)",
    ),
    (
        "negative strides",
        "run",
        {**RUN, "strides": -1},
        "Strides must be between 0 and 100 (got -1)",
    ),
    (
        "notes too long",
        "run",
        {**RUN, "notes": "x" * 2001},
        "Notes must be at most 2000 characters (got 2001)",
    ),
    (
        "naive start time",
        "run",
        {**RUN, "start_time": dt.datetime(2026, 1, 1, 7)},
        "Start time must carry a time zone",
    ),
    ("unknown field", "run", {**RUN, "pace": 5}, "Unknown field 'pace'"),
    (
        "no exercises",
        "strength",
        {**SESSION, "exercises": []},
        "A strength session needs at least one exercise",
    ),
    ("sets 0", "strength", _set(sets=0), "Sets must be between 1 and 20 (got 0)"),
    ("sets 21", "strength", _set(sets=21), "Sets must be between 1 and 20 (got 21)"),
    ("reps 0", "strength", _set(reps=0), "Reps must be between 1 and 200 (got 0)"),
    ("reps 201", "strength", _set(reps=201), "Reps must be between 1 and 200 (got 201)"),
    (
        "load negative",
        "strength",
        _set(load_kg=-2.5),
        "Load must be between 0 and 500 kg (got -2.5 kg)",
    ),
    ("load 501", "strength", _set(load_kg=501), "Load must be between 0 and 500 kg (got 501 kg)"),
    ("exercise blank", "strength", _set(exercise="  "), "Exercise is required"),
    (
        "exercise too long",
        "strength",
        _set(exercise="n" * 101),
        "Exercise must be at most 100 characters (got 101)",
    ),
    (
        "strength RPE 12",
        "strength",
        {**SESSION, "rpe": 12},
        "RPE must be between 1 and 10 (got 12)",
    ),
    (
        "soreness -1",
        "checkin",
        {**CHECKIN, "soreness_left": -1},
        "Hamstring soreness must be between 0 and 10 (got -1)",
    ),
    (
        "soreness 11",
        "checkin",
        {**CHECKIN, "soreness_right": 11},
        "Hamstring soreness must be between 0 and 10 (got 11)",
    ),
    (
        "wellness 6",
        "checkin",
        {**CHECKIN, "mood": 6},
        "Wellness scores must be between 1 and 5 (got 6)",
    ),
    (
        "resting HR 130",
        "checkin",
        {**CHECKIN, "resting_hr": 130},
        "Resting heart rate must be between 25 and 120 bpm (got 130 bpm)",
    ),
    (
        "resting HR 24",
        "checkin",
        {**CHECKIN, "resting_hr": 24},
        "Resting heart rate must be between 25 and 120 bpm (got 24 bpm)",
    ),
    (
        "soreness missing",
        "checkin",
        {"date": DAY, "soreness_left": 1},
        "Right hamstring soreness is required",
    ),
    (
        "injury side",
        "injury",
        {**INJURY, "side": "middle"},
        "Side must be one of: left, right, both (got 'middle')",
    ),
    (
        "injury site",
        "injury",
        {**INJURY, "site": "elbow"},
        "Site must be one of: hamstring, calf, achilles, knee, other (got 'elbow')",
    ),
    ("injury no description", "injury", {**INJURY, "description": ""}, "Description is required"),
    (
        "injury return before",
        "injury",
        {**INJURY, "return_date": DAY - dt.timedelta(days=1)},
        "must not be before the injury date",
    ),
    (
        "plan too far",
        "plan",
        {**PLAN, "date": TODAY + dt.timedelta(days=400)},
        "Date must be at most 366 days ahead",
    ),
    (
        "plan distance 0",
        "plan",
        {**PLAN, "distance_km": 0},
        "Distance must be more than 0 km",
    ),
    (
        "body mass 24",
        "athlete",
        {**PROFILE, "body_mass_kg": 24},
        "Body mass must be between 25 and 250 kg (got 24 kg)",
    ),
    (
        "body mass 251",
        "athlete",
        {**PROFILE, "body_mass_kg": 251},
        "Body mass must be between 25 and 250 kg (got 251 kg)",
    ),
    ("name empty", "athlete", {**PROFILE, "name": "   "}, "Name is required"),
    (
        "name 101 chars",
        "athlete",
        {**PROFILE, "name": "a" * 101},
        "Name must be at most 100 characters (got 101)",
    ),
    (
        "sprint speed 20",
        "athlete",
        {**PROFILE, "v_max_ms": 20},
        "Max sprint speed must be between 4 and 12.5 m/s (got 20 m/s)",
    ),
    (
        "units furlongs",
        "athlete",
        {**PROFILE, "units": "furlong"},
        "Units must be one of: km, mi (got 'furlong')",
    ),
    (
        "duplicate name",
        "athlete",
        {**PROFILE, "name": "Ana"},
        "A runner with that name exists already",
    ),
]


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(sa.select(t).order_by(t.c.id))]
            for name, t in SQLModel.metadata.tables.items()
        }


def _writer(kind: str, engine: Engine, athlete_id: int) -> Callable[[dict[str, Any]], object]:
    return {
        "run": lambda d: writes.add_run(engine, athlete_id, d, viewer=LOCAL_VIEWER),
        "strength": lambda d: writes.add_strength_session(
            engine, athlete_id, d, viewer=LOCAL_VIEWER
        ),
        "checkin": lambda d: writes.save_checkin(engine, athlete_id, d, viewer=LOCAL_VIEWER),
        "injury": lambda d: writes.add_injury(engine, athlete_id, d, viewer=LOCAL_VIEWER),
        "plan": lambda d: writes.add_planned_session(engine, athlete_id, d, viewer=LOCAL_VIEWER),
        "athlete": lambda d: writes.create_athlete(engine, d, viewer=LOCAL_VIEWER),
    }[kind]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize(("what", "kind", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(
    engine: Engine, runner: int, what: str, kind: str, data: dict[str, Any], message: str
) -> None:
    writes.add_run(
        engine, runner, RUN, viewer=LOCAL_VIEWER
    )  # something already stored, that must stay as it is
    before = _snapshot(engine)
    with pytest.raises(InvalidEntry) as err:
        _writer(kind, engine, runner)(data)
    assert any(message in m for m in err.value.messages), err.value.messages
    assert _snapshot(engine) == before


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(InvalidEntry) as err:
        validate(RunIn, {"date": DAY, "type": "easy", "distance_km": -1, "rpe": 0, "strides": -2})
    assert len(err.value.messages) == 3


def test_distance_messages_speak_miles_to_a_miles_runner() -> None:
    with pytest.raises(InvalidEntry) as err:
        validate(RunIn, {**RUN, "distance_km": 500}, units="mi")
    assert err.value.messages == ["Distance must be between 0 and 248.5 mi (got 310.69 mi)"]


def test_fast_distance_over_the_run_speaks_miles_with_one_decimal() -> None:
    data = {**RUN, "distance_km": 9.65606, "fast_km": 14.4841}
    with pytest.raises(InvalidEntry) as err:
        validate(RunIn, data, units="mi")
    assert err.value.messages == ["Fast distance (9.0 mi) must not exceed the distance (6.0 mi)"]


def test_a_planned_session_speaks_miles_too() -> None:
    data = {"date": DAY, "type": "tempo", "distance_km": 9.65606, "fast_km": 14.4841}
    with pytest.raises(InvalidEntry) as err:
        validate(PlannedSessionIn, data, units="mi")
    assert err.value.messages == ["Fast distance (9.0 mi) must not exceed the distance (6.0 mi)"]


def test_reps_faster_than_the_average_are_stored_with_the_run(engine: Engine, runner: int) -> None:
    writes.add_run(
        engine,
        runner,
        {**RUN, **REPS, "type": "intervals", "duration_min": 40},
        viewer=LOCAL_VIEWER,
    )
    row = queries.runs(engine, runner, viewer=LOCAL_VIEWER).iloc[0]
    assert (row["reps"], row["rep_km"], row["rep_pace_s_per_km"]) == (6, 0.8, 230.0)


def test_rep_messages_speak_miles_to_a_miles_runner() -> None:
    with pytest.raises(InvalidEntry) as err:
        validate(RunIn, {**RUN, **REPS, "reps": 20, "rep_pace_s_per_km": 50}, units="mi")
    assert err.value.messages == [
        "Rep pace must be between 2:25/mi and 19:19/mi (got 1:20/mi)",
    ]
    with pytest.raises(InvalidEntry) as err:
        validate(RunIn, {**RUN, **REPS, "reps": 20}, units="mi")
    assert err.value.messages == [
        "The reps (20 × 0.50 mi = 9.94 mi) must not exceed the distance (4.97 mi)"
    ]


def test_a_refused_session_writes_no_half_rows(engine: Engine, runner: int) -> None:
    before = _snapshot(engine)
    bad = {
        **SESSION,
        "exercises": [
            {"exercise": "nordic", "sets": 3, "reps": 5},
            {"exercise": "rdl", "sets": 3, "reps": 500},
        ],
    }
    with pytest.raises(InvalidEntry, match="Reps must be between 1 and 200"):
        writes.add_strength_session(engine, runner, bad, viewer=LOCAL_VIEWER)
    assert _snapshot(engine) == before


def test_an_edit_batch_with_one_bad_row_changes_no_row(engine: Engine, runner: int) -> None:
    first = writes.add_run(engine, runner, RUN, viewer=LOCAL_VIEWER)
    second = writes.add_run(engine, runner, {**RUN, "distance_km": 5}, viewer=LOCAL_VIEWER)
    before = _snapshot(engine)
    with pytest.raises(InvalidEntry) as err:
        writes.update_entries(
            engine,
            "run",
            runner,
            {first: {"distance_km": 12.0}, second: {"rpe": 15}},
            viewer=LOCAL_VIEWER,
        )
    assert err.value.messages == [f"{DAY}: RPE must be between 1 and 10 (got 15)"]
    assert _snapshot(engine) == before


def test_bulk_insert_is_all_or_nothing(engine: Engine, runner: int) -> None:
    before = _snapshot(engine)
    with pytest.raises(InvalidEntry, match="run 2: Distance"):
        writes.add_bulk(
            engine,
            runner,
            runs=[RUN, {**RUN, "distance_km": -1}],
            checkins=[CHECKIN],
            viewer=LOCAL_VIEWER,
        )
    assert _snapshot(engine) == before


@pytest.mark.parametrize(
    ("given", "stored"),
    [(None, "hamstring"), ("calf", "calf"), ("Achilles tendon", "achilles"), (" knee ", "knee")],
)
def test_an_injury_site_is_checked_and_stored(
    engine: Engine, runner: int, given: str | None, stored: str
) -> None:
    """The site is a vocabulary key or its label; left out, it is hamstring."""
    data = INJURY if given is None else {**INJURY, "site": given}
    writes.add_injury(engine, runner, data, viewer=LOCAL_VIEWER)
    assert list(queries.injuries(engine, runner, viewer=LOCAL_VIEWER)["site"]) == [stored]


def test_entries_need_an_existing_runner(engine: Engine) -> None:
    with pytest.raises(InvalidEntry, match="No runner with id 999"):
        writes.add_run(engine, 999, RUN, viewer=LOCAL_VIEWER)


# control characters ---------------------------------------------------------------------------
def test_a_name_is_stored_without_control_characters(engine: Engine) -> None:
    athlete = writes.create_athlete(
        engine, {**PROFILE, "name": "\x1b[31mBo\x07 \x7fLund\x9b2J\x00"}, viewer=LOCAL_VIEWER
    )
    assert athlete.name == "Bo Lund"
    assert queries.athlete_by_name(engine, "Bo Lund", viewer=LOCAL_VIEWER) is not None


def test_a_line_break_in_a_name_becomes_a_space() -> None:
    from risk.store.inputs import AthleteIn

    assert validate(AthleteIn, {**PROFILE, "name": "Bo\nLund\tJr"}).name == "Bo Lund Jr"


def test_notes_keep_tabs_and_newlines_but_lose_other_control_characters(
    engine: Engine, runner: int
) -> None:
    writes.add_run(
        engine,
        runner,
        {**RUN, "notes": "6 x 800\r\n\tfelt\x1b[1m good\x1b[0m\x08\x85"},
        viewer=LOCAL_VIEWER,
    )
    assert queries.runs(engine, runner, viewer=LOCAL_VIEWER)["notes"].tolist() == [
        "6 x 800\n\tfelt good"
    ]


def test_control_characters_do_not_count_towards_the_length_limit() -> None:
    from risk.store.inputs import MAX_NAME, AthleteIn

    name = "\x1b[0m".join("a" * MAX_NAME)
    assert validate(AthleteIn, {**PROFILE, "name": name}).name == "a" * MAX_NAME


def test_a_name_of_only_control_characters_is_refused_as_empty() -> None:
    from risk.store.inputs import AthleteIn

    with pytest.raises(InvalidEntry) as err:
        validate(AthleteIn, {**PROFILE, "name": "\x1b[2J\x00\x07"})
    assert any("Name" in m and ("empty" in m or "required" in m) for m in err.value.messages)


def test_a_nul_in_notes_is_dropped_rather_than_refused() -> None:
    assert validate(RunIn, {**RUN, "notes": "easy\x00 jog"}).notes == "easy jog"
