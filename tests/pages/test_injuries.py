"""Injuries on the pages: logged with a site, shown first on Today, marked on Load & strength
and Weeks, the site edited in History."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import analysis, charts, views
from risk.model import PlannedRun
from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY
from tests.pages.conftest import button, texts
from tests.pages.test_dashboard import charts_of, trace

HURT = TODAY - dt.timedelta(days=17)


def _easy_weeks(engine: Engine, athlete_id: int, days: int = 60) -> None:
    """Easy runs every other day for ``days`` days up to today."""
    writes.add_bulk(
        engine,
        athlete_id,
        runs=[
            {"date": TODAY - dt.timedelta(days=d), "type": "easy", "distance_km": 8.0}
            for d in range(0, days, 2)
        ],
        viewer=LOCAL_VIEWER,
    )


def _order(at: AppTest) -> list[tuple[str, str]]:
    """The main area's messages in screen order: (kind, text)."""
    out: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        kind = getattr(node, "type", "")
        if kind in ("alert", "markdown", "title") or type(node).__name__ in (
            "Warning",
            "Info",
            "Markdown",
            "Title",
        ):
            out.append((type(node).__name__, str(getattr(node, "value", ""))))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return out


def test_a_logged_open_injury_shows_first_on_today_with_its_site(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _easy_weeks(app_engine, ana)
    at = open_app("pages/log.py")
    at.date_input(key="inj_date").set_value(HURT)
    at.selectbox(key="inj_site").set_value("hamstring")
    at.radio(key="inj_side").set_value("left")
    at.text_area(key="inj_desc").input("Pulled up in the last rep")
    button(at, "Save injury").click().run()
    assert not at.exception
    assert f"Saved the left hamstring injury of {HURT}" in texts(at)
    assert list(queries.injuries(app_engine, ana, viewer=LOCAL_VIEWER)["site"]) == ["hamstring"]

    at.switch_page("pages/today.py").run()
    assert not at.exception
    headline = f"Injured since {views.short_day(HURT)} (17 days ago), left hamstring"
    assert headline in at.warning[0].value
    assert "easy jogging" in at.warning[0].value
    assert "No speed work" in at.warning[0].value
    assert "clinician" in at.warning[0].value
    order = _order(at)
    first_warning = next(i for i, (kind, _) in enumerate(order) if kind == "Warning")
    band_line = next(i for i, (_, text) in enumerate(order) if text.startswith("### "))
    assert first_warning < band_line, order  # the injury comes before the verdict
    assert "%" not in at.warning[0].value


def test_a_recent_return_says_build_up_gradually(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _easy_weeks(app_engine, ana)
    back = TODAY - dt.timedelta(days=5)
    writes.add_injury(
        app_engine,
        ana,
        {"date": HURT, "site": "calf", "side": "right", "severity": "moderate",
         "description": "calf strain", "return_date": back}, viewer=LOCAL_VIEWER,
    )  # fmt: skip
    at = open_app("pages/today.py")
    assert not at.exception
    assert not at.warning
    note = at.info[0].value
    assert f"Back since {views.short_day(back)} from a right calf injury" in note
    assert "build up gradually" in note


def test_an_old_injury_says_nothing_on_today(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _easy_weeks(app_engine, ana)
    writes.add_injury(
        app_engine,
        ana,
        {"date": TODAY - dt.timedelta(days=58), "side": "left", "severity": "mild",
         "description": "twinge", "return_date": TODAY - dt.timedelta(days=50)},
        viewer=LOCAL_VIEWER,
    )  # fmt: skip
    at = open_app("pages/today.py")
    assert "Injured since" not in texts(at) and "Back since" not in texts(at)


def test_the_load_chart_shades_the_lay_off_and_marks_the_injury(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _easy_weeks(app_engine, ana)
    back = TODAY - dt.timedelta(days=9)
    writes.add_injury(
        app_engine,
        ana,
        {"date": HURT, "site": "hamstring", "side": "left", "severity": "moderate",
         "description": "strain", "return_date": back}, viewer=LOCAL_VIEWER,
    )  # fmt: skip
    at = open_app("pages/load.py")
    assert not at.exception
    (spec,) = charts_of(at)
    marks = trace(spec, charts.INJURY_NAME)
    assert [pd.Timestamp(x).date() for x in marks["x"]] == [HURT]
    assert "Left hamstring injury" in marks["customdata"][0]
    shapes = {s["name"]: s for s in spec["layout"]["shapes"]}
    layoff = shapes["Lay-off: left hamstring"]
    assert pd.Timestamp(layoff["x0"]) < pd.Timestamp(HURT) < pd.Timestamp(layoff["x1"])
    assert pd.Timestamp(layoff["x1"]) < pd.Timestamp(back)
    assert "Returning: left hamstring" in shapes
    assert "lay-off" in "\n".join(str(c.value) for c in at.caption)


def test_weeks_mark_the_injury(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    _easy_weeks(app_engine, ana)
    writes.add_injury(
        app_engine,
        ana,
        {"date": HURT, "site": "knee", "side": "both", "severity": "severe",
         "description": "sore knees"}, viewer=LOCAL_VIEWER,
    )  # fmt: skip
    at = open_app("pages/weeks.py")
    assert not at.exception
    table = at.dataframe[0].value
    marked = [t for t in table["Injury"] if t]
    assert marked and all("knee, both sides" in t for t in marked)
    assert table["Injury"].iloc[0].startswith("injured")  # this week: still injured
    assert table["Injury"].iloc[-1] == ""  # weeks before it say nothing


def test_history_shows_and_edits_the_site(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.add_injury(
        app_engine,
        ana,
        {"date": HURT, "side": "left", "severity": "mild", "description": "tight"},
        viewer=LOCAL_VIEWER,
    )
    at = open_app("pages/history.py")
    table = next(df.value for df in at.dataframe if "Site" in df.value.columns)
    assert list(table["Site"]) == ["Hamstring"]
    at.session_state["editor_injury_0"] = {
        "edited_rows": {0: {"Site": "Achilles tendon"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    for save in [b for b in at.button if b.label == "Save changes"]:
        save.click().run()
    assert not at.exception
    assert list(queries.injuries(app_engine, ana, viewer=LOCAL_VIEWER)["site"]) == ["achilles"]


def test_a_stored_runner_is_assessed_and_planned_with_their_injuries(
    app_engine: Engine, ana: int
) -> None:
    """risk.analysis reads the injuries with the log and hands them to the model."""
    _easy_weeks(app_engine, ana)
    writes.add_injury(
        app_engine,
        ana,
        {"date": HURT, "site": "calf", "side": "left", "severity": "moderate",
         "description": "calf", "return_date": TODAY - dt.timedelta(days=3)}, viewer=LOCAL_VIEWER,
    )  # fmt: skip
    log = analysis.load_log(app_engine, ana, viewer=LOCAL_VIEWER)
    assert log.injuries is not None and list(log.injuries["site"]) == ["calf"]
    daily = analysis.assess_runner(log, TODAY).daily
    assert int(daily["layoff"].sum()) == 14
    today = daily.loc[pd.Timestamp(TODAY)]
    assert today["returning"] and today["injury_site"] == "calf"
    answer = analysis.plan_for_runner(log, PlannedRun(TODAY, "intervals", 8.0, 2.0), TODAY)
    assert int(answer.with_session["layoff"].sum()) == 14
    assert answer.without_session.loc[pd.Timestamp(TODAY), "returning"]
