"""First start: onboarding creates a profile or loads the demo runner."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import queries
from risk.store.access import LOCAL_VIEWER

from .conftest import button, texts


def test_empty_database_shows_onboarding(open_app: Callable[..., AppTest]) -> None:
    at = open_app()
    assert at.title[0].value == "Welcome to Eccentric"
    assert [b.label for b in at.button] == ["Create profile", "Explore with demo data"]
    assert "not a diagnosis" in at.caption[0].value


def test_creating_a_profile_opens_today_with_where_to_start(
    open_app: Callable[..., AppTest], app_engine: Engine
) -> None:
    at = open_app()
    at.text_input[0].input("Ana")
    at.number_input[0].set_value(61.5)
    at.radio[0].set_value("mi")
    at.text_input[1].input("20:00")
    button(at, "Create profile").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Today")
    assert "Welcome, Ana!" in texts(at)
    assert "Nothing logged for Ana yet" in texts(at)
    assert {link.proto.page for link in at.get("page_link")} >= {"log", "import_data"}
    (ana,) = queries.athletes(app_engine, viewer=LOCAL_VIEWER)
    assert (ana.name, ana.body_mass_kg, ana.units) == ("Ana", 61.5, "mi")
    assert ana.v_max_ms == round(1.75 * 5000 / 1200, 2)


def test_bad_profile_is_refused_with_reasons(
    open_app: Callable[..., AppTest], app_engine: Engine
) -> None:
    at = open_app()
    at.number_input[0].set_value(20.0)
    at.text_input[1].input("5 minutes")
    button(at, "Create profile").click().run()
    assert "5 km time" in at.error[0].value
    at.text_input[1].input("21:30")
    button(at, "Create profile").click().run()
    message = at.error[0].value
    assert "Name is required" in message
    assert "Body mass must be between 25 and 250 kg (got 20 kg)" in message
    assert queries.athletes(app_engine, viewer=LOCAL_VIEWER) == []
    assert at.title[0].value == "Welcome to Eccentric"


def test_explore_with_demo_data(open_app: Callable[..., AppTest], app_engine: Engine) -> None:
    at = open_app()
    button(at, "Explore with demo data").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Today")
    assert at.markdown[0].value.startswith("### ")  # the band comes first
    assert "-background[" in at.markdown[0].value
    (demo,) = queries.athletes(app_engine, viewer=LOCAL_VIEWER)
    assert demo.name == "Demo runner"
    assert demo.id is not None
    assert queries.entry_counts(app_engine, demo.id, viewer=LOCAL_VIEWER)["run"] > 400
