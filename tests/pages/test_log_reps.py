"""The run form's Reps section: what a runner knows (how many, how long, how fast), the fast
km it gives by the one definition shown before saving, and the three columns in History."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.model import hamstring_load
from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

from .conftest import button, key, texts

V_MAX = 8.0  # Ana's max speed: fast running is 2:36/km or faster


def _fill(
    at: AppTest,
    *,
    distance: float = 10.0,
    duration: str = "",
    reps: int | None = None,
    rep_distance: float | None = None,
    pace: str = "",
) -> AppTest:
    at.selectbox(key=key(at, "run_type")).set_value("intervals")
    at.number_input(key=key(at, "run_distance")).set_value(distance)
    if duration:
        at.text_input(key=key(at, "run_duration")).input(duration)
    at.number_input(key=key(at, "run_reps")).set_value(reps)
    at.number_input(key=key(at, "run_rep_distance")).set_value(rep_distance)
    at.text_input(key=key(at, "run_rep_pace")).input(pace)
    return at.run()


def _loads(engine: Engine, ana: int) -> pd.DataFrame:
    return hamstring_load(queries.runs(engine, ana, viewer=LOCAL_VIEWER), V_MAX)


def test_saving_a_run_with_reps_stores_them_and_the_fast_km_they_give(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = _fill(open_app("pages/log.py"), duration="45:00", reps=6, rep_distance=0.8, pace="3:50")
    assert not at.exception
    note = (
        "6 × 800 m at 3:50/km: 0 km fast — fast means ≥ 80 % of your max speed, "
        "2:36/km or faster; these reps are at 54 % of it."
    )
    assert note in [i.value for i in at.info]  # before saving
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).empty
    button(at, "Save run").click().run()
    assert not at.exception
    assert f"Saved: Intervals, 10.0 km on {TODAY}. {note}" in texts(at)
    row = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).iloc[0]
    assert (row["reps"], row["rep_km"], row["rep_pace_s_per_km"]) == (6, 0.8, 230.0)
    assert row["duration_min"] == 45.0
    assert row["fast_km"] != row["fast_km"]  # nothing typed: NaN, the model derives it
    derived = _loads(app_engine, ana).iloc[0]
    assert (derived["method"], derived["fast_km"]) == ("reps", 0.0)
    assert at.number_input(key=key(at, "run_reps")).value is None  # the form is fresh again

    at = _fill(at, distance=6.0, reps=10, rep_distance=0.2, pace="2:15")
    assert "10 × 200 m at 2:15/km: 2.0 km fast" in texts(at)
    button(at, "Save run").click().run()
    derived = _loads(app_engine, ana).iloc[1]
    assert (derived["method"], derived["fast_km"]) == ("reps", pytest.approx(2.0))


def test_a_miles_runner_gives_reps_in_miles(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.update_athlete(app_engine, ana, {"units": "mi"}, viewer=LOCAL_VIEWER)
    at = open_app("pages/log.py")
    assert at.number_input(key=key(at, "run_rep_distance")).label == "Rep distance (mi)"
    assert at.text_input(key=key(at, "run_rep_pace")).label == "Rep pace (mm:ss per mi)"
    at = _fill(at, distance=6.0, reps=4, rep_distance=0.5, pace="6:00")
    assert "4 × 0.50 mi at 6:00/mi: 0 mi fast" in texts(at)
    assert "4:11/mi or faster" in texts(at)
    button(at, "Save run").click().run()
    assert not at.exception
    row = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).iloc[0]
    assert row["reps"] == 4
    assert row["rep_km"] == pytest.approx(0.804672)
    assert row["rep_pace_s_per_km"] == pytest.approx(360 / 1.609344)


@pytest.mark.parametrize(
    ("entry", "messages"),
    [
        (
            {"reps": 6, "rep_distance": 0.8},
            ["Reps, rep distance and rep pace go together: give all three"],
        ),
        (
            {"reps": 6, "rep_distance": 0.8, "pace": "fast"},
            ["Rep pace: 'fast' is not a pace: use mm:ss per km"],
        ),
        (
            {"reps": 0, "rep_distance": 0.03, "pace": "1:00"},
            [
                "Reps must be between 1 and 200 (got 0)",
                "Rep distance must be between 50 m and 20 km (got 30 m)",
                "Rep pace must be between 1:30/km and 12:00/km (got 1:00/km)",
            ],
        ),
        (
            {"reps": 20, "rep_distance": 0.8, "pace": "3:50"},
            ["The reps (20 × 0.80 km = 16.00 km) must not exceed the distance (10.00 km)"],
        ),
        (
            {"reps": 6, "rep_distance": 0.8, "pace": "5:30", "duration": "50:00"},
            ["Rep pace (5:30/km) must not be slower than the run's average pace (5:00/km)"],
        ),
    ],
    ids=["no pace", "pace not a time", "out of range", "longer than the run", "slower than avg"],
)
def test_bad_reps_show_the_messages_and_save_nothing(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    entry: dict[str, object],
    messages: list[str],
) -> None:
    at = _fill(open_app("pages/log.py"), **entry)  # type: ignore[arg-type]
    button(at, "Save run").click().run()
    assert not at.exception
    error = at.error[0].value
    assert error.startswith("Nothing was saved")
    for message in messages:
        assert message in error
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).empty
    assert at.number_input(key=key(at, "run_reps")).value == entry["reps"]  # kept, to correct


def _edit(at: AppTest, rows: dict[int, dict[str, object]]) -> None:
    at.session_state["editor_run_0"] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_history_shows_and_edits_the_reps(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    day = TODAY - dt.timedelta(days=1)
    reps = {"reps": 6, "rep_km": 0.8, "rep_pace_s_per_km": 230.0}
    run = writes.add_run(
        app_engine,
        ana,
        {"date": day, "type": "intervals", "distance_km": 10, **reps},
        viewer=LOCAL_VIEWER,
    )
    at = open_app("pages/history.py")
    table = at.dataframe[0].value
    assert list(table["Reps"]) == [6]
    assert list(table["Rep distance"]) == [0.8]
    assert list(table["Rep pace"]) == ["3:50"]
    _edit(at, {0: {"Rep pace": "3:40", "Reps": 8}})
    at.run()
    button(at, "Save changes").click().run()
    assert not at.exception
    row = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).set_index("id").loc[run]
    assert (row["reps"], row["rep_pace_s_per_km"]) == (8, 220.0)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"Rep pace": "soon"}, "Rep pace must be a number (got 'soon')"),
        ({"Reps": 20}, "must not exceed the distance"),
        ({"Rep pace": None}, "Reps, rep distance and rep pace go together"),
    ],
    ids=["pace not a time", "too many reps", "pace cleared"],
)
def test_a_bad_reps_edit_in_history_changes_nothing(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    cells: dict[str, object],
    message: str,
) -> None:
    day = TODAY - dt.timedelta(days=1)
    reps = {"reps": 6, "rep_km": 0.8, "rep_pace_s_per_km": 230.0}
    writes.add_run(
        app_engine,
        ana,
        {"date": day, "type": "intervals", "distance_km": 10, **reps},
        viewer=LOCAL_VIEWER,
    )
    before = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)
    at = open_app("pages/history.py")
    _edit(at, {0: cells})
    at.run()
    button(at, "Save changes").click().run()
    assert message in at.error[0].value
    pd.testing.assert_frame_equal(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER), before)
