"""The morning check-in component of Today (risk.ui_checkin), alone with
``AppTest.from_function``, and once through the whole Today page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import demo
from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY
from tests.pages.conftest import button, texts

YESTERDAY = TODAY - dt.timedelta(days=1)


# The scripts run as the app's source, without this module's imports: only builtins and
# quoted names in their signatures.
def _form_script(defaults: dict[str, int], on: "dt.date") -> None:  # noqa: UP037
    import streamlit as st

    from risk.ui_checkin import checkin_form

    st.session_state["got"] = checkin_form("t", defaults, on)


def _component_script(athlete_id: int, on: "dt.date") -> None:  # noqa: UP037
    from risk.ui_checkin import morning_checkin

    morning_checkin(athlete_id, on)


def _component(athlete_id: int) -> AppTest:
    at = AppTest.from_function(_component_script, args=(athlete_id, TODAY), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def _widget(at: AppTest, kind: str, key: str) -> Any:
    return at.get(kind)[[w.key for w in at.get(kind)].index(key)]


def test_the_form_returns_what_was_chosen_when_checked_in() -> None:
    at = AppTest.from_function(
        _form_script, args=({"soreness_left": 3, "soreness_right": 1}, TODAY), default_timeout=30
    )
    at.run()
    assert [s.value for s in at.slider] == [3, 1]  # starts at the defaults
    assert at.session_state["got"] is None  # nothing until the button
    at.slider(key="t_left").set_value(4)
    at.selectbox(key="t_sleep").set_value(2)
    at.number_input(key="t_resting_hr").set_value(51)
    button(at, "Check in").click().run()
    assert at.session_state["got"] == {
        "date": TODAY,
        "soreness_left": 4,
        "soreness_right": 1,
        "sleep": 2,
        "fatigue": None,
        "resting_hr": 51,
    }


def test_one_tap_saves_yesterdays_soreness_and_shows_checked_in(
    app_engine: Engine, ana: int
) -> None:
    writes.save_checkin(
        app_engine,
        ana,
        {"date": YESTERDAY, "soreness_left": 2, "soreness_right": 5},
        viewer=LOCAL_VIEWER,
    )
    at = _component(ana)
    assert [s.value for s in at.slider] == [2, 5]
    _widget(at, "number_input", "morning_checkin_resting_hr").set_value(52)
    button(at, "Check in").click().run()
    assert not at.exception, at.exception
    saved = queries.checkins(app_engine, ana, viewer=LOCAL_VIEWER).iloc[-1]
    assert saved["date"].date() == TODAY
    assert (saved["soreness_left"], saved["soreness_right"], saved["resting_hr"]) == (2, 5, 52)
    assert "**Checked in** · left 2/10, right 5/10 · resting HR 52 bpm" in texts(at)
    assert "Check in" not in [b.label for b in at.button]


def test_a_resting_heart_rate_out_of_range_is_refused_and_nothing_saved(
    app_engine: Engine, ana: int
) -> None:
    at = _component(ana)
    _widget(at, "number_input", "morning_checkin_resting_hr").set_value(130)
    button(at, "Check in").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "Nothing was saved:\n- Resting heart rate must be between 25 and 120 bpm (got 130 bpm)"
    ]
    assert queries.checkins(app_engine, ana, viewer=LOCAL_VIEWER).empty
    assert "Check in" in [b.label for b in at.button]  # the form stays to correct it


def test_already_checked_in_shows_the_values_and_no_form(app_engine: Engine, ana: int) -> None:
    writes.save_checkin(
        app_engine,
        ana,
        {"date": TODAY, "soreness_left": 1, "soreness_right": 0, "sleep": 4, "fatigue": 3},
        viewer=LOCAL_VIEWER,
    )
    at = _component(ana)
    assert not at.button
    assert not at.slider
    assert "**Checked in** · left 1/10, right 0/10 · fatigue 3/5 · sleep quality 4/5" in texts(at)


def test_checking_in_on_today_updates_the_reported_soreness(
    open_app: Callable[..., AppTest], app_engine: Engine
) -> None:
    (runner,) = demo.load_demo(app_engine, viewer=LOCAL_VIEWER)
    with app_engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM checkin WHERE date = :d"), {"d": TODAY.isoformat()})
    at = open_app()
    assert "reported –/10" in texts(at)
    at.slider(key="morning_checkin_left").set_value(7)
    button(at, "Check in").click().run()
    assert not at.exception, at.exception
    assert "reported 7/10" in texts(at)
    assert "Check in" not in [b.label for b in at.button]
    assert queries.checkins(app_engine, runner, viewer=LOCAL_VIEWER).iloc[-1]["soreness_left"] == 7
