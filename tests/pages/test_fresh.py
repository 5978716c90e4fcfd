"""Cached reads are fresh across processes and per runner: they are keyed on each runner's
change stamp (risk.ui.begin_run), not cleared wholesale."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import make_engine, queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY
from tests.pages.conftest import button, key


def _distances(at: AppTest) -> list[float]:
    return list(at.dataframe[0].value["Distance"])


def _run(engine: Engine, athlete_id: int, km: float, days_ago: int = 1) -> int:
    day = TODAY - dt.timedelta(days=days_ago)
    return writes.add_run(
        engine, athlete_id, {"date": day, "type": "easy", "distance_km": km}, viewer=LOCAL_VIEWER
    )


def test_a_cli_import_in_another_process_shows_on_the_next_page_view(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int, tmp_path: Path
) -> None:
    _run(app_engine, ana, 8.0, days_ago=3)
    at = open_app("pages/history.py")
    assert _distances(at) == [8.0]
    log = tmp_path / "log.csv"
    day = TODAY - dt.timedelta(days=1)
    log.write_text(f"date,type,distance_km\n{day},easy,12.5\n", encoding="utf-8")
    exe = Path(sys.executable).with_name("eccentric")
    done = subprocess.run(
        [str(exe), "import", str(log), "--athlete", "Ana"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    at.run()
    assert not at.exception
    assert _distances(at) == [12.5, 8.0]


def test_a_write_through_a_second_engine_shows_on_the_next_page_view(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    """Another server (a second engine, its own connections) edits and deletes."""
    first = _run(app_engine, ana, 8.0, days_ago=3)
    second = _run(app_engine, ana, 10.0, days_ago=2)
    at = open_app("pages/history.py")
    assert _distances(at) == [10.0, 8.0]
    other = make_engine(str(app_engine.url))
    writes.update_entries(other, "run", ana, {first: {"distance_km": 9.0}}, viewer=LOCAL_VIEWER)
    at.run()
    assert _distances(at) == [10.0, 9.0]
    writes.delete_entries(other, "run", ana, [second], viewer=LOCAL_VIEWER)
    at.run()
    assert _distances(at) == [9.0]
    writes.update_athlete(other, ana, {"name": "Ana B"}, viewer=LOCAL_VIEWER)
    other.dispose()
    at.switch_page("pages/profile.py").run()
    assert at.text_input[0].value == "Ana B"


def test_one_runners_write_leaves_the_others_cached_reads(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bo = writes.create_athlete(
        app_engine, {"name": "Bo", "body_mass_kg": 80, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    assert bo.id is not None
    _run(app_engine, ana, 8.0)
    _run(app_engine, bo.id, 15.0)
    read = queries.runs
    calls: list[int] = []

    def counted(engine: Engine, athlete_id: int, *args: Any, **kwargs: Any) -> pd.DataFrame:
        calls.append(athlete_id)
        return read(engine, athlete_id, *args, **kwargs)

    monkeypatch.setattr(queries, "runs", counted)
    at = open_app("pages/history.py")  # Ana, the first runner (the Roster opened first)
    assert _distances(at) == [8.0]
    assert sorted(set(calls)) == [ana, bo.id]  # the Roster read both runners once
    calls.clear()
    at.run()
    assert calls == []  # the second view is a cache hit
    _run(app_engine, bo.id, 5.0, days_ago=2)  # a write for Bo, as another process would
    at.run()
    assert calls == []  # Ana's cached runs are still good
    _run(app_engine, ana, 6.0, days_ago=2)
    at.run()
    assert calls == [ana]  # hers are read again
    assert _distances(at) == [8.0, 6.0]


def test_a_write_on_a_page_clears_only_that_runners_reads(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bo = writes.create_athlete(
        app_engine, {"name": "Bo", "body_mass_kg": 80, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    assert bo.id is not None
    _run(app_engine, bo.id, 15.0)
    at = open_app("pages/history.py")
    at.selectbox(key="athlete_id").select(bo.id).run()  # Bo's runs are cached
    assert _distances(at) == [15.0]
    at.selectbox(key="athlete_id").select(ana).run()
    read = queries.runs
    calls: list[int] = []

    def counted(engine: Engine, athlete_id: int, *args: Any, **kwargs: Any) -> pd.DataFrame:
        calls.append(athlete_id)
        return read(engine, athlete_id, *args, **kwargs)

    monkeypatch.setattr(queries, "runs", counted)
    at.switch_page("pages/log.py").run()
    at.number_input(key=key(at, "run_distance")).set_value(7.0)
    button(at, "Save run").click().run()
    assert not at.exception
    assert ana in calls  # her new run is read
    calls.clear()
    at.selectbox(key="athlete_id").select(bo.id).run()
    at.switch_page("pages/history.py").run()
    assert bo.id not in calls  # Bo's runs came from the cache
    assert _distances(at) == [15.0]
