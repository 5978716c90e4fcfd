"""The Roster page: every runner on one screen, most urgent first, with the model's numbers."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import analysis, demo, roster
from risk.store import inputs
from risk.store.access import LOCAL_VIEWER
from tests.pages.conftest import texts


def test_the_roster_lists_every_runner_most_urgent_first(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    ids = demo.load_demo(app_engine, years=1, athletes=2, viewer=LOCAL_VIEWER)
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
    # The demo plans Thursday's intervals: the roster shows them with a band.
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
