"""Logging that forgives (issue 13): a form is fresh after a save, a likely duplicate asks
first, the tab stays where the runner was, every problem shows at once in the runner's
units; and History's tables read (blanks, h:mm:ss, pace, Delete first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

from .conftest import button, key, texts


def _log_run(at: AppTest, distance: float, run_type: str = "easy") -> AppTest:
    at.selectbox(key=key(at, "run_type")).set_value(run_type)
    at.number_input(key=key(at, "run_distance")).set_value(distance)
    return button(at, "Save run").click().run()


def _ten_km_today(engine: Engine, ana: int) -> None:
    writes.add_run(
        engine, ana, {"date": TODAY, "type": "easy", "distance_km": 10.0}, viewer=LOCAL_VIEWER
    )


def test_the_run_form_is_empty_again_after_a_save(
    open_app: Callable[..., AppTest], ana: int
) -> None:
    at = open_app("pages/log.py")
    at.text_input(key=key(at, "run_duration")).input("50:00")
    at.text_area(key=key(at, "run_notes")).input("hilly")
    at = _log_run(at, 10.0, "tempo")
    assert "Saved: Tempo, 10.0 km" in texts(at)
    assert at.number_input(key=key(at, "run_distance")).value is None
    assert at.selectbox(key=key(at, "run_type")).value == "easy"
    assert at.text_input(key=key(at, "run_duration")).value == ""
    assert at.text_area(key=key(at, "run_notes")).value == ""


def test_the_injury_form_is_empty_again_after_a_save(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.text_area(key=key(at, "inj_desc")).input("Twinge\nin the last rep")
    at.radio(key=key(at, "inj_side")).set_value("right")
    button(at, "Save injury").click().run()
    assert list(queries.injuries(app_engine, ana, viewer=LOCAL_VIEWER)["description"]) == [
        "Twinge\nin the last rep"
    ]
    assert at.text_area(key=key(at, "inj_desc")).value == ""
    assert at.radio(key=key(at, "inj_side")).value == "left"


def test_the_strength_form_is_back_to_one_exercise_after_a_save(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.number_input(key=key(at, "st_n")).set_value(3).run()
    button(at, "Save strength session").click().run()
    assert len(queries.strength_sets(app_engine, ana, viewer=LOCAL_VIEWER)) == 3
    assert at.number_input(key=key(at, "st_n")).value == 1


def test_a_run_as_long_as_one_logged_that_day_asks_before_saving(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _ten_km_today(app_engine, ana)
    at = _log_run(open_app("pages/log.py"), 10.2)
    question = at.warning[0].value
    assert f"You already logged an easy run of 10.0 km on {TODAY}, the same type" in question
    assert {"Save anyway", "Cancel"} <= {b.label for b in at.button}
    assert len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 1


def test_the_question_says_when_the_other_run_is_of_another_type(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _ten_km_today(app_engine, ana)
    at = _log_run(open_app("pages/log.py"), 9.8, "tempo")
    assert "a different type from this tempo run" in at.warning[0].value


def test_save_anyway_saves_exactly_one_more_run(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _ten_km_today(app_engine, ana)
    at = _log_run(open_app("pages/log.py"), 10.2)
    button(at, "Save anyway").click().run()
    assert not at.exception
    assert sorted(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)["distance_km"]) == [10.0, 10.2]
    assert "Saved: Easy, 10.2 km" in texts(at)
    assert not at.warning
    at.run()
    assert len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 2


def test_cancel_saves_nothing_and_keeps_the_form(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _ten_km_today(app_engine, ana)
    at = _log_run(open_app("pages/log.py"), 10.2)
    button(at, "Cancel").click().run()
    assert len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 1
    assert not at.warning
    assert at.number_input(key=key(at, "run_distance")).value == 10.2


def test_a_run_of_another_length_that_day_saves_without_asking(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _ten_km_today(app_engine, ana)
    at = _log_run(open_app("pages/log.py"), 5.0)
    assert not at.warning
    assert len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 2


def test_the_strength_tab_stays_open_after_adding_an_exercise_and_saving(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    at.session_state["log_tab"] = "Strength session"  # the runner opens the tab
    at.run()
    at.number_input(key=key(at, "st_n")).set_value(2).run()
    assert at.session_state["log_tab"] == "Strength session"
    button(at, "Save strength session").click().run()
    assert len(queries.strength_sets(app_engine, ana, viewer=LOCAL_VIEWER)) == 2
    assert at.session_state["log_tab"] == "Strength session"


def test_a_miles_runner_sees_every_problem_at_once_in_miles(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.update_athlete(app_engine, ana, {"units": "mi"}, viewer=LOCAL_VIEWER)
    at = open_app("pages/log.py")
    at.number_input(key=key(at, "run_distance")).set_value(6.0)
    at.number_input(key=key(at, "run_fast")).set_value(9.0)
    at.text_input(key=key(at, "run_duration")).input("forty")
    at.text_input(key=key(at, "run_rep_pace")).input("6:00")
    button(at, "Save run").click().run()
    assert len(at.error) == 1
    error = at.error[0].value
    assert "Duration: 'forty' is not a time" in error
    assert "Fast distance (9.0 mi) must not exceed the distance (6.0 mi)" in error
    assert "Reps, rep distance and rep pace go together" in error
    assert " km" not in error
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).empty


def test_history_shows_durations_as_clock_times_and_the_pace(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    day = TODAY - dt.timedelta(days=1)
    writes.add_run(app_engine, ana, {"date": day, "type": "long", "distance_km": 12.5,
                                     "duration_min": 62.5}, viewer=LOCAL_VIEWER)  # fmt: skip
    at = open_app("pages/history.py")
    table = at.dataframe[0].value
    assert list(table["Duration"]) == ["1:02:30"]
    assert list(table["Pace"]) == ["5:00"]
    assert at.dataframe[0].proto.column_order[0] == "Delete"


def test_history_gives_the_pace_per_mile_to_a_miles_runner(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.update_athlete(app_engine, ana, {"units": "mi"}, viewer=LOCAL_VIEWER)
    writes.add_run(app_engine, ana, {"date": TODAY, "type": "easy", "distance_km": 16.09344,
                                     "duration_min": 80}, viewer=LOCAL_VIEWER)  # fmt: skip
    at = open_app("pages/history.py")
    assert list(at.dataframe[0].value["Pace"]) == ["8:00"]


def test_history_leaves_cells_without_a_value_blank(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.add_run(
        app_engine, ana, {"date": TODAY, "type": "easy", "distance_km": 8.0}, viewer=LOCAL_VIEWER
    )
    at = open_app("pages/history.py")
    table = at.dataframe[0].value
    assert list(table["Duration"]) == [""]
    assert list(table["Pace"]) == [""]
    assert at.dataframe[0].proto.placeholder == ""  # empty numbers (RPE…) too
    assert at.dataframe[0].proto.HasField("placeholder")


def test_an_edited_clock_time_is_saved_in_minutes(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.add_run(
        app_engine, ana, {"date": TODAY, "type": "easy", "distance_km": 8.0}, viewer=LOCAL_VIEWER
    )
    at = open_app("pages/history.py")
    at.session_state["editor_run_0"] = {
        "edited_rows": {0: {"Duration": "1:02:30"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    button(at, "Save changes").click().run()
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).iloc[0]["duration_min"] == 62.5


def test_latest_runs_read_with_clock_times_pace_and_blanks(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.add_run(app_engine, ana, {"date": TODAY, "type": "long", "distance_km": 12.5,
                                     "duration_min": 62.5}, viewer=LOCAL_VIEWER)  # fmt: skip
    writes.add_run(
        app_engine, ana, {"date": TODAY, "type": "easy", "distance_km": 5.0}, viewer=LOCAL_VIEWER
    )
    at = open_app("pages/log.py")
    latest = at.dataframe[0].value
    assert list(latest["Date"]) == [TODAY.isoformat()] * 2
    assert list(latest["Duration"]) == ["", "1:02:30"]
    assert list(latest["Pace"]) == ["", "5:00/km"]
