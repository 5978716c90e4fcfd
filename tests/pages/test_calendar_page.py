"""The Calendar page: the month on show, moving by month, opening a day, and editing or
deleting what the day holds through History's editors and the store's validated writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import analysis, demo, views
from risk import calendar_view as cv
from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

from .conftest import button, texts

PAGE = "pages/calendar.py"
#: The Sunday of today's ISO week: always on the grid of today's month.
SUNDAY = TODAY + dt.timedelta(days=6 - TODAY.weekday())


def _subheaders(at: AppTest) -> list[str]:
    return [str(s.value) for s in at.subheader]


def _open(at: AppTest, day: dt.date) -> None:
    at.button(key=f"cal_open_{day.isoformat()}").click().run()
    assert not at.exception, at.exception


def _edit(at: AppTest, kind: str, day: dt.date, rows: dict[int, dict[str, object]]) -> None:
    """Edit the day's table of ``kind`` as a runner would: ``{row: {column: value}}``."""
    at.session_state[f"editor_{kind}_{day.isoformat()}_0"] = {
        "edited_rows": rows,
        "added_rows": [],
        "deleted_rows": [],
    }


@pytest.fixture
def day_log(app_engine: Engine, ana: int) -> tuple[int, int]:
    """Ana's day today: two runs, a check-in, a strength session and an injury; a plan on
    Sunday. Returns the two runs' ids."""
    first = writes.add_run(
        app_engine,
        ana,
        {"date": TODAY, "type": "easy", "distance_km": 8, "duration_min": 44},
        viewer=LOCAL_VIEWER,
    )
    second = writes.add_run(
        app_engine,
        ana,
        {"date": TODAY, "type": "intervals", "distance_km": 12, "fast_km": 3},
        viewer=LOCAL_VIEWER,
    )
    writes.save_checkin(
        app_engine,
        ana,
        {"date": TODAY, "soreness_left": 3, "soreness_right": 5},
        viewer=LOCAL_VIEWER,
    )
    writes.add_strength_session(
        app_engine,
        ana,
        {"date": TODAY, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 5}]},
        viewer=LOCAL_VIEWER,
    )
    writes.add_injury(
        app_engine,
        ana,
        {"date": TODAY, "site": "calf", "side": "left", "severity": "mild", "description": "Tight"},
        viewer=LOCAL_VIEWER,
    )
    writes.add_planned_session(
        app_engine,
        ana,
        {"date": SUNDAY, "type": "tempo", "distance_km": 9, "fast_km": 1},
        viewer=LOCAL_VIEWER,
    )
    return first, second


def test_it_opens_on_this_month_with_every_day_of_the_grid(
    open_app: Callable[..., AppTest], ana: int
) -> None:
    at = open_app(PAGE)
    assert at.title[0].value == "Calendar"
    assert _subheaders(at)[0] == cv.month_title(TODAY.year, TODAY.month)
    grid = cv.grid_dates(TODAY.year, TODAY.month)
    days = [b for b in at.button if str(b.key).startswith("cal_open_")]
    assert [b.key for b in days] == [f"cal_open_{d.isoformat()}" for d in grid]


def test_a_new_runner_sees_an_empty_month_and_what_to_do(
    open_app: Callable[..., AppTest], ana: int
) -> None:
    at = open_app(PAGE)
    assert "Nothing logged yet, so the calendar is empty." in texts(at)
    assert "Log your first run" in texts(at)
    links = [str(link.proto.label) for link in at.get("page_link")]
    assert "Log a session" in links and "Import files" in links


def test_previous_next_today_and_the_address_move_the_month(
    open_app: Callable[..., AppTest], ana: int
) -> None:
    at = open_app(PAGE)
    before = cv.shift_month(TODAY.year, TODAY.month, -1)
    button(at, "Previous").click().run()
    assert _subheaders(at)[0] == cv.month_title(*before)
    assert at.query_params["month"] == cv.month_key(*before)
    button(at, "Previous").click().run()
    button(at, "Next").click().run()
    button(at, "Next").click().run()
    button(at, "Next").click().run()
    assert _subheaders(at)[0] == cv.month_title(*cv.shift_month(TODAY.year, TODAY.month, 1))
    button(at, "Today").click().run()
    assert _subheaders(at)[0] == cv.month_title(TODAY.year, TODAY.month)

    at.query_params["month"] = "2025-02"
    at.run()
    assert _subheaders(at)[0] == "February 2025"
    assert f"cal_open_{dt.date(2025, 2, 28).isoformat()}" in [b.key for b in at.button]
    at.query_params["month"] = "next spring"  # a hand-edited address falls back to today
    at.run()
    assert not at.exception
    assert _subheaders(at)[0] == cv.month_title(TODAY.year, TODAY.month)


def test_a_cell_shows_runs_strength_soreness_injury_and_plan(
    open_app: Callable[..., AppTest], day_log: tuple[int, int]
) -> None:
    at = open_app(PAGE)
    page = texts(at)
    assert "Easy 8.0" in page and "Intervals 12.0" in page
    assert "Strength" in page and "Sore L3 R5" in page
    assert "Injury: left calf, open 1 d" in page
    assert "Plan: Tempo 9.0 (1.0 fast)" in page


def test_opening_a_day_shows_its_details_with_editors(
    open_app: Callable[..., AppTest], day_log: tuple[int, int]
) -> None:
    at = open_app(PAGE)
    _open(at, TODAY)
    assert cv.day_title(TODAY) in _subheaders(at)
    assert at.query_params["day"] == TODAY.isoformat()
    tables = {tuple(t.value.columns)[1]: t.value for t in at.dataframe}
    runs = at.dataframe[0].value
    assert sorted(runs["Distance"]) == [8.0, 12.0]
    assert "Session date" in [c for t in tables.values() for c in t.columns]
    assert "Left soreness" in [c for t in tables.values() for c in t.columns]
    assert "**Injury** (Injury: left calf, open 1 d)" in texts(at)

    _open(at, SUNDAY)
    assert cv.day_title(SUNDAY) in _subheaders(at)
    assert "Tempo 9.0 km (1.0 km fast)" in texts(at)


def test_an_empty_day_says_so(open_app: Callable[..., AppTest], ana: int) -> None:
    at = open_app(PAGE)
    _open(at, TODAY)
    assert "Nothing logged or planned on this day." in texts(at)


def test_edit_a_run_from_the_calendar(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int, day_log: tuple[int, int]
) -> None:
    first, second = day_log
    at = open_app(PAGE)
    _open(at, TODAY)
    _edit(at, "run", TODAY, {1: {"Distance": 9.5, "RPE": 4}})  # newest first: row 1 is the easy run
    at.run()
    assert "1 edited run(s) not saved yet" in texts(at)
    button(at, "Save changes").click().run()
    assert not at.exception
    assert "Saved changes to 1 run(s)" in texts(at)
    runs = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).set_index("id")
    assert (runs.loc[first, "distance_km"], runs.loc[first, "rpe"]) == (9.5, 4)
    assert runs.loc[second, "distance_km"] == 12.0
    assert "Easy 9.5" in texts(at)  # the cell follows
    assert cv.day_title(TODAY) in _subheaders(at)  # the day stays open


def test_a_bad_edit_is_refused_and_changes_nothing(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int, day_log: tuple[int, int]
) -> None:
    before = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)
    at = open_app(PAGE)
    _open(at, TODAY)
    _edit(at, "run", TODAY, {0: {"Distance": 9.0}, 1: {"Distance": -3.0}})
    at.run()
    button(at, "Save changes").click().run()
    assert "Nothing was saved" in at.error[0].value
    assert "between 0 and 400 km (got -3 km)" in at.error[0].value
    pd.testing.assert_frame_equal(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER), before)


def test_delete_asks_first(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int, day_log: tuple[int, int]
) -> None:
    first, _ = day_log
    at = open_app(PAGE)
    _open(at, TODAY)
    _edit(at, "run", TODAY, {0: {"Delete": True}})  # the newer run
    at.run()
    assert "Delete 1 run(s)? This cannot be undone." in texts(at)
    assert (
        len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 2
    )  # nothing gone before the confirmation
    button(at, "Yes, delete 1").click().run()
    assert "Deleted 1 run(s)" in texts(at)
    assert list(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)["id"]) == [first]
    assert "Intervals 12.0" not in texts(at)


def test_edits_made_on_one_day_do_not_follow_to_another(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int, day_log: tuple[int, int]
) -> None:
    other = TODAY - dt.timedelta(days=1)
    writes.add_run(
        app_engine, ana, {"date": other, "type": "easy", "distance_km": 5}, viewer=LOCAL_VIEWER
    )
    at = open_app(PAGE)
    _open(at, TODAY)
    _edit(at, "run", TODAY, {0: {"Distance": 99.0}})
    at.run()
    assert "1 edited run(s) not saved yet" in texts(at)
    at.query_params["day"] = other.isoformat()  # the day before may lie in another month
    at.run()
    assert cv.day_title(other) in _subheaders(at)
    assert list(at.dataframe[0].value["Distance"]) == [5.0]
    assert "edited run(s) not saved yet" not in texts(at)


def test_miles_runner_sees_miles(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int, day_log: tuple[int, int]
) -> None:
    writes.update_athlete(app_engine, ana, {"units": "mi"}, viewer=LOCAL_VIEWER)
    at = open_app(PAGE)
    assert "Easy 5.0" in texts(at)  # 8 km
    assert "Distances in mi" in "\n".join(str(c.value) for c in at.caption)


def test_the_demo_runners_plan_shows_the_planners_verdict(
    open_app: Callable[..., AppTest], app_engine: Engine
) -> None:
    (athlete_id,) = demo.load_demo(app_engine, viewer=LOCAL_VIEWER)
    log = analysis.load_log(app_engine, athlete_id, viewer=LOCAL_VIEWER)
    at = open_app(PAGE)
    assert not at.exception
    grid = cv.grid_dates(TODAY.year, TODAY.month)
    judged = cv.planned_to_judge(log.planned, grid, TODAY)
    assert judged  # the demo plans next Thursday: on this grid for every pinned today
    for run in judged.values():
        verdict = views.session_verdict(analysis.plan_for_runner(log, run, TODAY))
        assert f"Plan: {cv.plan_text(run.type, run.distance_km, run.fast_km, 'km')}" in texts(at)
        assert views.band_label(verdict) in texts(at)

    assert log.injuries is not None
    injury = log.injuries.iloc[0]
    start = pd.Timestamp(injury["date"]).date()
    at.selectbox(key="cal_month_pick").set_value(cv.month_key(start.year, start.month)).run()
    assert _subheaders(at)[0] == cv.month_title(start.year, start.month)
    assert at.query_params["month"] == cv.month_key(start.year, start.month)
    assert "Injury: " in texts(at)
