"""Club mode in the pages: a coach reads an athlete's log and changes it only once the
athlete allows it on Profile; cached reads never cross from one viewer to another."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import accounts, queries, writes
from risk.store.access import LOCAL_VIEWER, NOT_YOURS
from tests.clock import TODAY
from tests.pages.test_club_mode import AUTH, ISSUER, hosted
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


def _read_runs_of(runner: int) -> None:
    """An AppTest script: whoever is signed in asks the app's cached read for ``runner``'s
    runs, as a page would."""
    import streamlit as st

    from risk import club_ui, ui

    club_ui.viewer(route=True)
    ui.begin_run()
    st.write(f"runs: {len(ui.frame('run', runner))}")


def _reading(sub: str, runner: int) -> AppTest:
    at = AppTest.from_function(_read_runs_of, args=(runner,), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": sub, "email": f"{sub}@club.org"}
    at.run()
    assert not at.exception, at.exception
    return at


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
    # Cached work is shared by runner (Bo and his coach compute it once), so the check
    # comes before the cache: Bo's runs are cached now, and Yu, of another club, asking
    # for them by id is refused on this very view, with nothing of Bo's shown.
    assert "runs: 1" in texts(_reading("bo", bo_ran))
    assert "runs: 1" in texts(_reading("cat", bo_ran))  # Bo's coach reads the same
    yu_reads = _reading("yu", bo_ran)
    assert [e.value for e in yu_reads.error] == [NOT_YOURS]
    assert not [t for t in texts(yu_reads) if t.startswith("runs:")]


def test_a_removed_coach_loses_the_runner_on_the_next_view(bo_ran: int, app_engine: Engine) -> None:
    cat_at = hosted("cat")
    assert "runs: 1" in texts(_reading("cat", bo_ran))
    ada = accounts.sign_in(app_engine, ISSUER, "ada", "ada@club.org", "Ada")
    cat = accounts.sign_in(app_engine, ISSUER, "cat", "cat@club.org", "Cat")
    (coach,) = [r for r in cat.roles if r.role == "coach"]
    accounts.remove_membership(app_engine, ada, coach.membership_id)
    # No cache to wait out: the very next view reads the memberships afresh.
    cat_at.run()
    assert not cat_at.exception, cat_at.exception
    assert "Bo" not in texts(cat_at)
    cat_reads = _reading("cat", bo_ran)  # no club left: the no-club page, nothing of Bo's
    assert accounts.no_club_message("cat@club.org") in [i.value for i in cat_reads.info]
    assert not [t for t in texts(cat_reads) if t.startswith("runs:")]


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
