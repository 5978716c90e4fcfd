"""The Roster page: every runner on one screen, most urgent first, with the model's numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import analysis, demo, roster
from risk.store import inputs, writes
from risk.store.access import LOCAL_VIEWER
from tests.pages.conftest import APP, texts


def test_the_roster_lists_every_runner_most_urgent_first(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    ids = demo.load_demo(app_engine, years=1, athletes=2, viewer=LOCAL_VIEWER)
    # A speed session two days ahead (the demo's own plans depend on the day of the week).
    ahead = inputs.today() + dt.timedelta(days=2)
    writes.add_planned_session(
        app_engine,
        ids[0],
        {"date": ahead, "type": "intervals", "distance_km": 10.0, "fast_km": 3.0},
        viewer=LOCAL_VIEWER,
    )
    at = open_app("pages/roster.py")
    assert not at.exception
    (table,) = at.dataframe
    shown = table.value
    assert len(shown) == 3
    expected = roster.sorted_roster(
        [
            analysis.roster_line(
                analysis.load_log(app_engine, i, viewer=LOCAL_VIEWER), inputs.today()
            )
            for i in ids
        ]
    )
    # Ana has logged nothing: she comes last, with no band.
    assert shown["Runner"].tolist() == [line.name for line in expected] + ["Ana"]
    assert shown["Today"].iloc[-1] == "No log yet"
    first = expected[0]
    assert shown["HEL, 4 weeks"].iloc[0] == round(first.load_4w or 0, 1)
    # The planned intervals show with a band.
    assert any(line.planned for line in expected)
    assert any(
        ": Green" in s or ": Amber" in s or ": Red" in s for s in shown["Speed, next 7 days"]
    )
    assert "**3 runners**" in texts(at)


def test_a_runner_with_broken_settings_is_listed_with_the_problem(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    (demo_id,) = demo.load_demo(app_engine, years=1, viewer=LOCAL_VIEWER)
    with app_engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE athlete SET params = ? WHERE id = ?", ('{"acute_days": 99}', demo_id)
        )
    at = open_app("pages/roster.py")
    assert not at.exception
    shown = at.dataframe[0].value
    assert shown["Runner"].iloc[0] == "Demo runner"
    assert shown["Main reason"].iloc[0].startswith("Cannot assess: ")


def test_a_link_opens_that_runners_pages_once(app_engine: Engine, ana: int) -> None:
    (demo_id,) = demo.load_demo(app_engine, years=1, viewer=LOCAL_VIEWER)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["runner"] = str(demo_id)
    at.run()
    assert not at.exception
    assert at.selectbox(key="athlete_id").value == demo_id
    assert "runner" not in at.query_params  # used once: the sidebar decides from now on
    at.selectbox(key="athlete_id").set_value(ana).run()
    assert at.selectbox(key="athlete_id").value == ana


def test_a_link_to_no_runner_keeps_the_current_one(app_engine: Engine, ana: int) -> None:
    demo.load_demo(app_engine, years=1, viewer=LOCAL_VIEWER)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["runner"] = "9999"
    at.run()
    assert not at.exception
    assert at.selectbox(key="athlete_id").value == ana
    assert "names no runner" in at.toast[0].value
