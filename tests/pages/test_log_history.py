"""Log entries through the forms, see them in History, edit and delete them there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

from .conftest import button, key, texts


def _history_table(at: AppTest, index: int = 0) -> pd.DataFrame:
    return at.dataframe[index].value


def test_log_a_run_and_see_it_in_history(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    assert at.title[0].value == "Log"
    at.selectbox(key=key(at, "run_type")).set_value("intervals")
    at.number_input(key=key(at, "run_distance")).set_value(10.0)
    at.text_input(key=key(at, "run_duration")).input("48:30")
    at.selectbox(key=key(at, "run_rpe")).set_value(8)
    at.number_input(key=key(at, "run_fast")).set_value(4.0)
    at.text_area(key=key(at, "run_notes")).input("6 x 800 m")
    button(at, "Save run").click().run()
    assert not at.exception
    assert "Saved: Intervals, 10.0 km" in texts(at)
    runs = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)
    assert len(runs) == 1
    row = runs.iloc[0]
    assert (row["type"], row["distance_km"], row["rpe"], row["fast_km"]) == (
        "intervals",
        10.0,
        8,
        4.0,
    )
    assert row["duration_min"] == pytest.approx(48.5)

    assert at.number_input(key=key(at, "run_distance")).value is None  # the form is fresh again
    assert at.text_area(key=key(at, "run_notes")).value == ""
    latest = _history_table(at)
    assert list(latest["Type"]) == ["Intervals"]
    assert list(latest["Distance (km)"]) == [10.0]

    at.switch_page("pages/history.py").run()
    assert not at.exception
    table = _history_table(at)
    assert list(table["Type"]) == ["Intervals"]
    assert list(table["Distance"]) == [10.0]
    assert list(table["Notes"]) == ["6 x 800 m"]


def test_a_bad_run_is_refused_and_nothing_saved(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    assert "No runs yet" in texts(at)
    at.number_input(key=key(at, "run_distance")).set_value(0.0)
    at.selectbox(key=key(at, "run_rpe")).set_value(5)
    button(at, "Save run").click().run()
    assert "Distance must be more than 0 km (got 0 km)" in at.error[0].value
    at.number_input(key=key(at, "run_distance")).set_value(8.0)
    at.text_input(key=key(at, "run_duration")).input("forty")
    button(at, "Save run").click().run()
    assert "Duration: 'forty' is not a time" in at.error[0].value
    assert at.number_input(key=key(at, "run_distance")).value == 8.0  # kept, to correct
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).empty


def test_miles_runner_logs_in_miles(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.update_athlete(app_engine, ana, {"units": "mi"}, viewer=LOCAL_VIEWER)
    at = open_app("pages/log.py")
    assert at.number_input(key=key(at, "run_distance")).label == "Distance (mi)"
    at.number_input(key=key(at, "run_distance")).set_value(5.0)
    button(at, "Save run").click().run()
    assert "5.0 mi" in texts(at)
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).iloc[0][
        "distance_km"
    ] == pytest.approx(8.04672)


def test_log_a_strength_session_with_a_custom_exercise(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.number_input(key=key(at, "st_n")).set_value(2).run()
    at.selectbox(key=key(at, "st_ex_0")).set_value("nordic")
    at.number_input(key=key(at, "st_reps_0")).set_value(6)
    at.selectbox(key=key(at, "st_ex_1")).set_value("custom")
    at.text_input(key=key(at, "st_custom_1")).input("Glute-ham raise")
    at.number_input(key=key(at, "st_load_1")).set_value(10.0)
    button(at, "Save strength session").click().run()
    assert not at.exception
    assert "2 exercise(s)" in texts(at)
    sets = queries.strength_sets(app_engine, ana, viewer=LOCAL_VIEWER)
    assert list(sets["exercise"]) == ["nordic", "Glute-ham raise"]
    assert list(sets["reps"]) == [6, 12]  # row 2 starts at the bridge default of 12
    assert list(sets["load_kg"]) == [0.0, 10.0]


def test_a_custom_exercise_needs_a_name(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.selectbox(key=key(at, "st_ex_0")).set_value("custom")
    button(at, "Save strength session").click().run()
    assert "Exercise is required" in at.error[0].value
    assert queries.strength_sets(app_engine, ana, viewer=LOCAL_VIEWER).empty


def test_checkin_saves_then_updates_the_day(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.slider(key=key(at, "ci_left")).set_value(3)
    at.selectbox(key=key(at, "ci_sleep")).set_value(4)
    button(at, "Save check-in").click().run()
    assert f"Saved the check-in for {TODAY}" in texts(at)
    at.slider(key=key(at, "ci_left")).set_value(6)
    button(at, "Save check-in").click().run()
    assert f"Updated the check-in for {TODAY}" in texts(at)
    ci = queries.checkins(app_engine, ana, viewer=LOCAL_VIEWER)
    assert list(ci["soreness_left"]) == [6]


def test_checkin_keeps_a_resting_heart_rate(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.number_input(key=key(at, "ci_resting_hr")).set_value(47)
    button(at, "Save check-in").click().run()
    assert f"Saved the check-in for {TODAY}" in texts(at)
    assert list(queries.checkins(app_engine, ana, viewer=LOCAL_VIEWER)["resting_hr"]) == [47]


def test_checkin_refuses_a_resting_heart_rate_out_of_range(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.number_input(key=key(at, "ci_resting_hr")).set_value(12)
    button(at, "Save check-in").click().run()
    assert "Resting heart rate must be between 25 and 120 bpm (got 12 bpm)" in at.error[0].value
    assert queries.checkins(app_engine, ana, viewer=LOCAL_VIEWER).empty


def test_injury_needs_a_description(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    button(at, "Save injury").click().run()
    assert "Description is required" in at.error[0].value
    at.text_area(key=key(at, "inj_desc")).input("Twinge, right hamstring")
    at.radio(key=key(at, "inj_side")).set_value("right")
    button(at, "Save injury").click().run()
    inj = queries.injuries(app_engine, ana, viewer=LOCAL_VIEWER)
    assert list(inj["side"]) == ["right"]


def _edit(at: AppTest, kind: str, rows: dict[int, dict[str, object]]) -> None:
    """Edit History's table of ``kind`` as a runner would: ``{row: {column: value}}``."""
    at.session_state[f"editor_{kind}_0"] = {
        "edited_rows": rows,
        "added_rows": [],
        "deleted_rows": [],
    }


def _two_runs(engine: Engine, ana: int) -> tuple[int, int]:
    first = writes.add_run(
        engine,
        ana,
        {"date": TODAY - dt.timedelta(days=2), "type": "easy", "distance_km": 8},
        viewer=LOCAL_VIEWER,
    )
    second = writes.add_run(
        engine,
        ana,
        {"date": TODAY - dt.timedelta(days=1), "type": "long", "distance_km": 20},
        viewer=LOCAL_VIEWER,
    )
    return first, second


def test_edit_a_run_in_history(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    first, _ = _two_runs(app_engine, ana)
    at = open_app("pages/history.py")
    _edit(at, "run", {1: {"Distance": 9.5, "RPE": 4}})  # newest first: row 1 is the older run
    at.run()
    assert "1 edited run(s) not saved yet" in texts(at)
    button(at, "Save changes").click().run()
    assert not at.exception
    assert "Saved changes to 1 run(s)" in texts(at)
    runs = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).set_index("id")
    assert runs.loc[first, "distance_km"] == 9.5
    assert runs.loc[first, "rpe"] == 4
    assert list(_history_table(at)["Distance"]) == [20.0, 9.5]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({0: {"Distance": 9.0}, 1: {"Distance": -3.0}}, "between 0 and 400 km (got -3 km)"),
        ({0: {"Distance": None, "Type": "Tempo"}}, "Distance is required"),
    ],
    ids=["one bad row of two", "cleared required cell"],
)
def test_a_bad_edit_changes_nothing(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    rows: dict[int, dict[str, object]],
    message: str,
) -> None:
    _two_runs(app_engine, ana)
    before = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)
    at = open_app("pages/history.py")
    _edit(at, "run", rows)
    at.run()
    button(at, "Save changes").click().run()
    assert message in at.error[0].value
    pd.testing.assert_frame_equal(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER), before)


def test_delete_asks_first(open_app: Callable[..., AppTest], app_engine: Engine, ana: int) -> None:
    first, _ = _two_runs(app_engine, ana)
    at = open_app("pages/history.py")
    _edit(at, "run", {0: {"Delete": True}})  # the newest run
    at.run()
    assert "Delete 1 run(s)? This cannot be undone." in texts(at)
    assert (
        len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 2
    )  # nothing gone before the confirmation
    button(at, "Yes, delete 1").click().run()
    assert "Deleted 1 run(s)" in texts(at)
    assert list(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)["id"]) == [first]
    assert list(_history_table(at)["Distance"]) == [8.0]


def test_history_in_miles(open_app: Callable[..., AppTest], app_engine: Engine, ana: int) -> None:
    writes.update_athlete(app_engine, ana, {"units": "mi"}, viewer=LOCAL_VIEWER)
    _two_runs(app_engine, ana)
    at = open_app("pages/history.py")
    assert list(_history_table(at)["Distance"]) == [12.43, 4.97]


def test_empty_history_says_what_to_do(open_app: Callable[..., AppTest], ana: int) -> None:
    at = open_app("pages/history.py")
    assert "No runs in this period. Log one on the Log page." in texts(at)


def test_edit_a_checkin_and_an_exercise(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.save_checkin(
        app_engine,
        ana,
        {"date": TODAY, "soreness_left": 1, "soreness_right": 1},
        viewer=LOCAL_VIEWER,
    )
    writes.add_strength_session(
        app_engine,
        ana,
        {"date": TODAY, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 5}]},
        viewer=LOCAL_VIEWER,
    )
    at = open_app("pages/history.py")
    _edit(at, "checkin", {0: {"Right soreness": 7, "Resting HR": 55}})
    _edit(at, "strength_set", {0: {"Reps": 8, "Assisted": True}})
    at.run()
    for save in [b for b in at.button if b.label == "Save changes"]:
        save.click().run()
    checkin = queries.checkins(app_engine, ana, viewer=LOCAL_VIEWER).iloc[0]
    assert (checkin["soreness_right"], checkin["resting_hr"]) == (7, 55)
    sets = queries.strength_sets(app_engine, ana, viewer=LOCAL_VIEWER)
    assert (sets.iloc[0]["reps"], bool(sets.iloc[0]["assisted"])) == (8, True)
