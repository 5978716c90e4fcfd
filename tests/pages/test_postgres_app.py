"""The app on PostgreSQL (hosted mode): the same first steps as on SQLite."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from risk.store import open_database, queries
from risk.store.access import LOCAL_VIEWER
from risk.store.engine import ENV_VAR
from tests.conftest import postgres_url

from .conftest import APP, button, texts


def test_demo_today_log_and_history_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    url = postgres_url()
    monkeypatch.setenv(ENV_VAR, url)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    button(at, "Explore with demo data").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Today")  # the dashboard works on PostgreSQL too
    assert at.get("plotly_chart")
    at.switch_page("pages/log.py").run()
    # A distance the demo never runs, so no day holds a likely duplicate to ask about.
    at.number_input(key="run_distance").set_value(33.3)
    button(at, "Save run").click().run()
    assert "Saved: Easy, 33.3 km" in texts(at)
    at.switch_page("pages/history.py").run()
    assert not at.exception
    assert 33.3 in list(at.dataframe[0].value["Distance"])
    engine = open_database(url)
    (demo,) = queries.athletes(engine, viewer=LOCAL_VIEWER)
    assert demo.id is not None
    assert queries.entry_counts(engine, demo.id, viewer=LOCAL_VIEWER)["run"] > 400
    engine.dispose()
    st.cache_resource.clear()
