"""The Weeks page as a runner reads it: a short table that fits a phone, the rest on
request, words in the right number, and the last complete week opened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import views
from risk.store import inputs, writes
from risk.store.access import LOCAL_VIEWER
from tests.pages.conftest import texts

WEEKS = "pages/weeks.py"


def _column_order(at: AppTest, n: int = 0) -> list[str]:
    return list(at.dataframe[n].proto.column_order)


def test_weeks_shows_five_columns_until_more_are_asked_for(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    today = inputs.today()
    writes.add_bulk(
        app_engine,
        ana,
        runs=[
            {"date": today - dt.timedelta(days=d), "type": "easy", "distance_km": 8.0}
            for d in range(0, 40, 2)
        ],
        viewer=LOCAL_VIEWER,
    )
    at = open_app(WEEKS)
    assert _column_order(at) == views.week_columns_short("km")
    assert _column_order(at, 1) == ["Day", "Band", "HEL", "Sessions"]
    table = at.dataframe[0].value
    assert "sRPE load" in table.columns  # there to show, not shown yet
    at.toggle(key="weeks_more").set_value(True).run()
    assert _column_order(at) == list(table.columns)
    assert len(_column_order(at, 1)) == len(at.dataframe[1].value.columns)


def test_one_week_opens_on_the_last_complete_week_and_counts_in_words(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    today = inputs.today()
    monday = today - dt.timedelta(days=today.weekday())
    last_week = monday - dt.timedelta(days=7)
    ended = last_week if monday + dt.timedelta(days=6) > today else monday
    writes.add_run(
        app_engine, ana, {"date": ended, "type": "easy", "distance_km": 8.0}, viewer=LOCAL_VIEWER
    )
    writes.add_strength_session(
        app_engine,
        ana,
        {"date": ended, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 6}]},
        viewer=LOCAL_VIEWER,
    )
    at = open_app(WEEKS)
    assert at.selectbox(key="weeks_week").value == ended
    assert "1 strength session," in texts(at)
    n = len(at.dataframe[0].value)
    assert at.caption[0].value.startswith(f"{n} week{'' if n == 1 else 's'}, 0 risky")
    assert "1 weeks" not in at.caption[0].value
