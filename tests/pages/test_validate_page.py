"""The "Does it work for me?" page: the injury list on the demo, the empty state without
injuries, and the model card, with no probability anywhere."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import analysis, demo, views
from risk.store import inputs, writes
from risk.store.access import LOCAL_VIEWER
from tests.pages.conftest import texts

PAGE = "pages/validate.py"
NO_PROBABILITY = re.compile(r"(chance|probability|risk) of (an )?injur|% (injury )?risk", re.I)


def test_the_demo_runner_sees_its_injury_and_no_auc(
    open_app: Callable[..., AppTest], app_engine: Engine
) -> None:
    (athlete_id,) = demo.load_demo(app_engine, viewer=LOCAL_VIEWER)
    at = open_app(PAGE)
    assert not at.exception
    log = analysis.load_log(app_engine, athlete_id, viewer=LOCAL_VIEWER)
    report = analysis.validate_runner(log, inputs.today())
    assert report.injuries == 1 and not report.enough
    shown = texts(at)
    assert report.verdict in shown
    assert "no score can be judged fairly" in shown
    (case,) = report.injury_list
    assert [e.label for e in at.expander] == [views.injury_title(case)]
    table = at.dataframe[0].value
    assert len(table) == len(case.days) and list(table["Band"]) == [
        views.band_label(d.band) for d in case.days
    ]
    assert "About the indicator" in [h.value for h in at.subheader]
    assert not NO_PROBABILITY.search(shown)


def test_a_runner_without_injuries_is_told_what_to_log(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.add_run(
        app_engine,
        ana,
        {"date": inputs.today() - dt.timedelta(days=1), "type": "easy", "distance_km": 8.0},
        viewer=LOCAL_VIEWER,
    )
    at = open_app(PAGE)
    assert not at.exception
    assert "No injuries logged: nothing to check yet" in texts(at)
    assert "Log → Injury" in texts(at)
    assert not at.dataframe


def test_the_model_card_names_this_runners_alarm_rate(
    open_app: Callable[..., AppTest], app_engine: Engine
) -> None:
    (athlete_id,) = demo.load_demo(app_engine, viewer=LOCAL_VIEWER)
    at = open_app(PAGE)
    report = analysis.validate_runner(
        analysis.load_log(app_engine, athlete_id, viewer=LOCAL_VIEWER), inputs.today()
    )
    band = report.score("band")
    assert band.alarm_days_pct is not None
    assert f"amber or red on {band.alarm_days_pct:.0f} % of them" in texts(at)


def test_every_site_counts_on_request(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    today = inputs.today()
    for k in range(60):
        writes.add_run(
            app_engine,
            ana,
            {"date": today - dt.timedelta(days=k), "type": "easy", "distance_km": 8.0},
            viewer=LOCAL_VIEWER,
        )
    writes.add_injury(
        app_engine,
        ana,
        {
            "date": today - dt.timedelta(days=10),
            "side": "left",
            "site": "calf",
            "severity": "mild",
            "description": "calf",
            "return_date": today - dt.timedelta(days=3),
        },
        viewer=LOCAL_VIEWER,
    )
    at = open_app(PAGE)
    assert "No injuries logged" in texts(at)  # hamstring only by default
    at.toggle(key="validate_all_sites").set_value(True).run()
    assert not at.exception
    assert "No injuries logged" not in texts(at)
    assert len(at.expander) == 1
