"""A shared server works out every runner's day ahead of their first view
(:mod:`risk.ui_warm`): into the very caches the pages read, once per change stamp and day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from risk import analysis, demo, ui, ui_warm, views
from risk.store import database_url, queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY


def _refuse(*_: object, **__: object) -> None:
    raise AssertionError("computed again: the warmed cache was not used")


def test_the_warmed_day_is_what_the_pages_read(
    app_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = demo.load_demo(app_engine, years=1, athletes=2, viewer=LOCAL_VIEWER)
    writes.add_planned_session(
        app_engine,
        ids[0],
        {"date": TODAY + dt.timedelta(days=2), "type": "intervals", "distance_km": 10.0},
        viewer=LOCAL_VIEWER,
    )
    url = database_url()
    ui_warm._DONE.clear()
    assert ui_warm.warm_once(url, TODAY) == 2
    assert ui_warm.warm_once(url, TODAY) == 0  # nothing changed: nothing to do

    # The pages' own cached calls now answer without computing.
    monkeypatch.setattr(analysis, "assess_runner", _refuse)
    monkeypatch.setattr(analysis, "roster_line", _refuse)
    monkeypatch.setattr(analysis, "plan_for_runner", _refuse)
    stamps = queries.stamps(app_engine, viewer=LOCAL_VIEWER)
    for athlete_id in ids:
        stamp = stamps[athlete_id]
        assert ui._assessment(athlete_id, url, stamp, TODAY, LOCAL_VIEWER).verdict.date == TODAY
        assert ui._roster_line(athlete_id, url, stamp, TODAY, LOCAL_VIEWER).athlete_id == athlete_id
    planned = ui._frame("planned_session", ids[0], url, stamps[ids[0]], LOCAL_VIEWER)
    session = views.next_speed_session(planned, TODAY)
    assert session is not None
    answer = ui._plan(ids[0], url, stamps[ids[0]], session, TODAY, False, LOCAL_VIEWER)
    assert answer.session == session


def test_a_write_or_a_new_day_is_warmed_again(app_engine: Engine) -> None:
    ids = demo.load_demo(app_engine, years=1, athletes=2, viewer=LOCAL_VIEWER)
    url = database_url()
    ui_warm._DONE.clear()
    assert ui_warm.warm_once(url, TODAY) == 2
    writes.add_run(
        app_engine, ids[1], {"date": TODAY, "type": "easy", "distance_km": 6.0}, viewer=LOCAL_VIEWER
    )
    assert ui_warm.warm_once(url, TODAY) == 1  # only the runner who changed
    assert ui_warm.warm_once(url, TODAY + dt.timedelta(days=1)) == 2  # a new day: everyone


def test_one_runner_that_fails_leaves_the_others_warmed(
    app_engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ids = demo.load_demo(app_engine, years=1, athletes=2, viewer=LOCAL_VIEWER)
    assess = analysis.assess_runner

    def odd(log: analysis.RunnerLog, on: dt.date, *args: object, **kw: object) -> object:
        if log.athlete.id == ids[0]:
            raise ValueError("an odd log")
        return assess(log, on, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "assess_runner", odd)
    ui_warm._DONE.clear()
    with caplog.at_level("WARNING", logger="eccentric.warm"):
        assert ui_warm.warm_once(database_url(), TODAY) == 2
    assert f"could not work out runner {ids[0]}'s day" in caplog.text
    assert ui_warm.warm_once(database_url(), TODAY) == 0  # not tried again every minute


def test_a_pass_stops_at_its_deadline(app_engine: Engine) -> None:
    demo.load_demo(app_engine, years=1, athletes=2, viewer=LOCAL_VIEWER)
    ui_warm._DONE.clear()
    assert ui_warm.warm_once(database_url(), TODAY, deadline=0.0) == 0
    assert ui_warm.warm_once(database_url(), TODAY) == 2  # the next pass does the rest
