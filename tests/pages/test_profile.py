"""Profile: edit the runner, switch units, add and switch runners."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import queries, writes
from risk.store.access import LOCAL_VIEWER

from .conftest import button, texts


def test_profile_shows_and_saves_the_runner(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/profile.py")
    assert at.title[0].value == "Profile"
    assert at.text_input[0].value == "Ana"
    assert at.number_input[1].value == pytest.approx(8.0)
    at.number_input[0].set_value(60.0)
    at.radio[0].set_value("mi")
    button(at, "Save profile").click().run()
    assert not at.exception
    assert "Saved Ana's profile (max sprint speed 8.00 m/s)" in texts(at)
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None
    assert (athlete.body_mass_kg, athlete.units, athlete.v_max_ms) == (60.0, "mi", 8.0)


def test_the_profile_shows_the_5k_time_back_and_a_miles_runner_weighs_in_lb(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.update_athlete(
        app_engine, ana, {"units": "mi", "body_mass_kg": 60.0}, viewer=LOCAL_VIEWER
    )
    at = open_app("pages/profile.py")
    assert at.text_input[1].value == "18:14"  # 1.75 × 5000 m / 8.0 m/s = 1093.75 s
    assert at.number_input[0].label == "Body mass (lb)"
    assert at.number_input[0].value == pytest.approx(132.3)
    captions = " ".join(c.value for c in at.caption)
    assert "A 5 km in 18:14 · max sprint speed 8.00 m/s · body mass 132.3 lb" in captions
    button(at, "Save profile").click().run()  # unchanged: nothing drifts
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None
    assert (athlete.body_mass_kg, athlete.v_max_ms) == (60.0, 8.0)
    at.number_input[0].set_value(150.0)
    button(at, "Save profile").click().run()
    assert not at.exception
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None and athlete.body_mass_kg == pytest.approx(68.04)
    assert "body mass 150.0 lb" in " ".join(c.value for c in at.caption)


def test_a_miles_runner_hears_about_body_mass_in_lb(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.update_athlete(
        app_engine, ana, {"units": "mi", "body_mass_kg": 60.0}, viewer=LOCAL_VIEWER
    )
    at = open_app("pages/profile.py")
    at.number_input[0].set_value(30.0)
    at.text_input[1].set_value("5:00")  # and a 5 km time out of range: both said at once
    button(at, "Save profile").click().run()
    assert not at.exception
    error = at.error[0].value
    assert "Nothing was saved" in error
    assert "Body mass must be between 55.1 and 551.2 lb (got 30 lb)" in error
    assert "5 km time" in error
    assert "kg" not in error
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None and athlete.body_mass_kg == 60.0


def test_a_km_runner_hears_about_body_mass_in_kg(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/profile.py")
    at.number_input[0].set_value(300.0)
    button(at, "Save profile").click().run()
    assert "Body mass must be between 25 and 250 kg (got 300 kg)" in at.error[0].value
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None and athlete.body_mass_kg == 61


def test_a_5k_time_resets_the_sprint_speed(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/profile.py")
    at.text_input[1].input("18:00")
    button(at, "Save profile").click().run()
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None and athlete.v_max_ms == pytest.approx(8.1)


def test_sidebar_units_switch_saves_the_profile(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/log.py")
    assert at.sidebar.radio[0].value == "km"
    at.sidebar.radio[0].set_value("mi").run()
    assert not at.exception
    athlete = queries.athlete(app_engine, ana, viewer=LOCAL_VIEWER)
    assert athlete is not None and athlete.units == "mi"
    assert at.number_input(key="run_distance").label == "Distance (mi)"


def test_add_a_second_runner_and_switch(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/profile.py")
    form = [t for t in at.text_input if t.form_id == "add_runner"]
    form[0].input("Bo")
    button(at, "Add runner").click().run()
    assert not at.exception
    assert "Added Bo" in texts(at)
    bo = queries.athlete_by_name(app_engine, "Bo", viewer=LOCAL_VIEWER)
    assert bo is not None
    assert at.sidebar.selectbox[0].value == bo.id
    assert at.text_input[0].value == "Bo"
    at.sidebar.selectbox[0].set_value(ana).run()
    assert at.text_input[0].value == "Ana"


def test_a_taken_name_is_refused(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/profile.py")
    form = [t for t in at.text_input if t.form_id == "add_runner"]
    form[0].input("Ana")
    button(at, "Add runner").click().run()
    assert "A runner with that name exists already" in at.error[0].value
    assert len(queries.athletes(app_engine, viewer=LOCAL_VIEWER)) == 1


def test_deleting_a_runner_needs_their_name_typed(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    writes.create_athlete(
        app_engine, {"name": "Bo", "body_mass_kg": 80, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    at = open_app("pages/profile.py")
    delete = at.button(key="delete_runner")
    assert delete.disabled
    at.text_input(key="delete_confirm").input("Ana").run()
    at.button(key="delete_runner").click().run()
    assert not at.exception
    assert [a.name for a in queries.athletes(app_engine, viewer=LOCAL_VIEWER)] == ["Bo"]
    assert "Deleted Ana." in texts(at)
    assert at.text_input[0].value == "Bo"


def test_deleting_the_last_runner_returns_to_onboarding(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    at = open_app("pages/profile.py")
    at.text_input(key="delete_confirm").input("Ana").run()
    at.button(key="delete_runner").click().run()
    assert not at.exception
    assert queries.athletes(app_engine, viewer=LOCAL_VIEWER) == []
    assert at.title[0].value == "Welcome to Eccentric"


def test_the_local_app_adds_another_runner_on_profile(
    open_app: Callable[..., AppTest], ana: int
) -> None:
    at = open_app("pages/profile.py")
    assert "Add another runner" in [e.label for e in at.main.expander]
