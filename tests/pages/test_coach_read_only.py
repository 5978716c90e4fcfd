"""Club mode in the pages: a coach reads an athlete's log and changes it only once the
athlete allows it on Profile; cached reads never cross from one viewer to another."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import ui
from risk.store import accounts, database_url, queries, writes
from risk.store.access import LOCAL_VIEWER, AccessDenied
from tests.clock import TODAY
from tests.pages.test_club_mode import ISSUER, hosted
from tests.pages.test_club_mode import club as club
from tests.pages.test_dashboard import _fill_plan

from .conftest import button, key, texts

LINE = "Only Bo can change Bo's log; ask Bo to allow coach editing on Profile."
TOGGLE = "Let my club's coaches edit my log"


def _ids(engine: Engine) -> dict[str, int]:
    return {a.name: a.id or 0 for a in queries.athletes(engine, viewer=LOCAL_VIEWER)}


@pytest.fixture
def bo_ran(club: dict[str, Any], app_engine: Engine) -> int:
    """Bo's runner with one run of 8 km yesterday; Bo's id."""
    bo = _ids(app_engine)["Bo"]
    writes.add_run(
        app_engine,
        bo,
        {"date": TODAY - dt.timedelta(days=1), "type": "easy", "distance_km": 8.0},
        viewer=LOCAL_VIEWER,
    )
    return bo


def _main_buttons(at: AppTest) -> list[str]:
    """The labels of the page's buttons (the sidebar's Sign out left out)."""
    return [b.label for b in at.main.button]


def _as_cat(page: str) -> AppTest:
    """Coach Cat (Bo, the first of her runners, chosen) on ``page``."""
    at = hosted("cat")
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("screen", ["pages/log.py", "pages/import_data.py"])
def test_a_coach_not_allowed_to_edit_sees_why_and_no_form(bo_ran: int, screen: str) -> None:
    at = _as_cat(screen)
    assert LINE in [i.value for i in at.info]
    assert not _main_buttons(at) and not at.main.text_input and not at.main.number_input
    assert not at.get("file_uploader")


def test_a_coach_not_allowed_to_edit_reads_history_without_editors(bo_ran: int) -> None:
    at = _as_cat("pages/history.py")
    assert LINE in [i.value for i in at.info]
    table = at.dataframe[0].value
    assert list(table["Distance"]) == [8.0]
    assert "Delete" not in table.columns
    assert not _main_buttons(at)


def test_a_coach_not_allowed_to_edit_sees_the_profile_without_its_form(bo_ran: int) -> None:
    at = _as_cat("pages/profile.py")
    assert LINE in [i.value for i in at.info]
    assert "Save profile" not in [b.label for b in at.button]
    assert not [b for b in at.button if b.label.startswith("Delete")]
    assert TOGGLE not in [t.label for t in at.toggle]  # the athlete's to give


def test_the_athlete_allows_coach_editing_on_profile_and_the_coach_logs_a_run(
    bo_ran: int, app_engine: Engine
) -> None:
    at = hosted("bo")
    at.switch_page("pages/profile.py").run()
    toggle = next(t for t in at.toggle if t.label == TOGGLE)
    assert toggle.value is False
    toggle.set_value(True).run()
    assert not at.exception, at.exception
    assert "Your coaches may now edit your log." in texts(at)
    assert next(t for t in at.toggle if t.label == TOGGLE).value is True
    at = _as_cat("pages/log.py")
    assert LINE not in [i.value for i in at.info]
    at.number_input(key=key(at, "run_distance")).set_value(5.0)
    button(at, "Save run").click().run()
    assert not at.exception, at.exception
    assert sorted(queries.runs(app_engine, bo_ran, viewer=LOCAL_VIEWER)["distance_km"]) == [
        5.0,
        8.0,
    ]
    # Still Bo's alone to delete.
    at.switch_page("pages/profile.py").run()
    assert not [b for b in at.button if b.label.startswith("Delete")]


def test_the_athlete_sees_their_own_editors(bo_ran: int) -> None:
    at = hosted("bo")
    at.switch_page("pages/log.py").run()
    assert LINE not in [i.value for i in at.info]
    assert "Save run" in [b.label for b in at.button]


def test_cached_reads_never_cross_from_one_viewer_to_another(
    bo_ran: int, app_engine: Engine
) -> None:
    bo_at = hosted("bo")
    bo_at.switch_page("pages/history.py").run()
    assert list(bo_at.dataframe[0].value["Distance"]) == [8.0]  # Bo's runs, cached
    yu_at = hosted("yu")
    yu_at.session_state["athlete_id"] = bo_ran  # asks for Bo's runner by id
    yu_at.switch_page("pages/history.py").run()
    assert not yu_at.exception, yu_at.exception
    assert "Bo" not in texts(yu_at)
    assert "No runs in this period" in texts(yu_at)  # Yu's own, empty log
    # The cache holds Bo's runs under Bo's viewer: Yu's viewer is a different key, read
    # through the store, which refuses.
    yu = accounts.sign_in(app_engine, ISSUER, "yu", "yu@club.org", "Yu")
    bo = accounts.sign_in(app_engine, ISSUER, "bo", "bo@club.org", "Bo")
    stamp = queries.stamps(app_engine, viewer=LOCAL_VIEWER)[bo_ran]
    assert len(ui._frame("run", bo_ran, database_url(), stamp, bo)) == 1
    with pytest.raises(AccessDenied):
        ui._frame("run", bo_ran, database_url(), stamp, yu)


def test_a_coach_not_allowed_to_edit_gets_no_check_in_plan_or_settings_save(bo_ran: int) -> None:
    today = _as_cat("pages/today.py")
    assert "No check-in today yet." in [c.value for c in today.caption]
    assert not [b for b in _main_buttons(today) if "Check in" in b]
    plan = _as_cat("pages/plan.py")
    _fill_plan(plan, TODAY + dt.timedelta(days=2), "intervals", 10.0, 3.0)
    assert not plan.exception
    assert LINE in [c.value for c in plan.caption]  # the answer, then why no save...
    assert not [b for b in _main_buttons(plan) if b.startswith("Save")]  # ...buttons
    settings = _as_cat("pages/settings.py")
    assert not [b for b in _main_buttons(settings) if b in ("Save settings", "Reset to defaults")]
    assert LINE in [c.value for c in settings.caption]


def test_club_members_add_runners_by_invitation_not_on_profile(bo_ran: int) -> None:
    at = _as_cat("pages/profile.py")
    assert "Add another runner" not in [e.label for e in at.main.expander]
