"""Fast pages (issue 13): charts and derived tables are built once per runner change stamp
and view, and rebuilt after a write; History compares only the rows an editor reports
edited; the planner's progress sign is gone once the answer shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import charts, vocab
from risk.store import inputs, writes
from risk.store.access import LOCAL_VIEWER
from risk.ui_editor import Col, pending_changes
from tests.pages.conftest import button


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of ``risk.charts.<name>`` (the pages look it up at each call)."""
    calls: list[int] = []
    original = getattr(charts, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(charts, name, counted)
    return calls


def _run(engine: Engine, athlete_id: int, km: float, days_ago: int) -> None:
    day = inputs.today() - dt.timedelta(days=days_ago)
    writes.add_run(
        engine, athlete_id, {"date": day, "type": "easy", "distance_km": km}, viewer=LOCAL_VIEWER
    )


def test_a_chart_is_built_once_per_stamp_and_view_and_again_after_a_write(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for days_ago in range(1, 40, 2):
        _run(app_engine, ana, 8.0, days_ago)
    built = _counting(monkeypatch, "load_strength")
    at = open_app("pages/load.py")
    assert len(built) == 1
    at.switch_page("pages/today.py").run()
    at.switch_page("pages/load.py").run()
    assert len(built) == 1, "a second view of the same chart rebuilt it"
    at.segmented_control(key="load_period").set_value("1 year").run()
    assert len(built) == 2, "another period is another chart"
    _run(app_engine, ana, 30.0, days_ago=0)  # a write: the runner's stamp changes
    at.run()
    assert not at.exception
    assert len(built) == 3


def test_the_today_chart_follows_a_change_of_units(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for days_ago in range(1, 30, 2):
        _run(app_engine, ana, 8.0, days_ago)
    built = _counting(monkeypatch, "recent_days")
    at = open_app()
    at.run()
    assert len(built) == 1
    at.sidebar.radio[0].set_value("mi").run()
    assert not at.exception
    assert len(built) == 2


def test_the_planner_answers_with_no_progress_sign_left_behind(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    for days_ago in range(1, 60, 2):
        _run(app_engine, ana, 8.0, days_ago)
    at = open_app("pages/plan.py")
    day = inputs.today() + dt.timedelta(days=2)
    at.date_input(key="plan_date").set_value(day)
    at.number_input(key="plan_distance").set_value(10.0)
    button(at, "Is it wise?").click().run()
    assert not at.exception
    assert at.get("plotly_chart"), "no answer shown"
    assert not [c for c in at.caption if "Projecting" in str(c.value)]


_COLS = [Col("distance_km", "Distance", "distance"), Col("rpe", "RPE", "int")]


def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    shown = pd.DataFrame({"Distance": [5.0, 8.0, 10.0], "RPE": [3, 4, 5]})
    edited = shown.copy()
    edited.loc[1, "Distance"] = 9.0
    edited.loc[2, "RPE"] = 6
    return shown, edited, pd.Series([11, 12, 13])


def test_pending_changes_look_at_the_rows_the_editor_reports() -> None:
    shown, edited, ids = _tables()
    everything = pending_changes(shown, edited, ids, _COLS, "km")
    assert everything == {12: {"distance_km": 9.0}, 13: {"rpe": 6}}
    assert pending_changes(shown, edited, ids, _COLS, "km", rows=[]) == {}
    assert pending_changes(shown, edited, ids, _COLS, "km", rows=[1]) == {12: {"distance_km": 9.0}}
    miles = pending_changes(shown, edited, ids, _COLS, "mi", rows=[1])
    assert miles[12]["distance_km"] == pytest.approx(vocab.to_km(9.0, "mi"))
