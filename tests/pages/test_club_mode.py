"""Club mode in the app (AppTest): the sign-in page, the first admin, invitations, each
member seeing only their own runners. AppTest cannot sign anyone in through a provider;
``AppTest.user`` seeds ``st.user`` (Streamlit's seam) and ``[auth]`` goes in
``AppTest.secrets``. The real sign-in is proven in tests/browser/test_club_sign_in.py."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk.store import accounts, queries
from risk.store.access import LOCAL_VIEWER
from tests.club.conftest import runner

from .conftest import APP, button, texts

ISSUER = "http://localhost:9400"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 40,
    "client_id": "eccentric",
    "client_secret": "secret",
    "server_metadata_url": f"{ISSUER}/.well-known/openid-configuration",
}


def hosted(sub: str | None, *, auth: dict[str, Any] | None = None) -> AppTest:
    """The app in club mode, with ``sub`` signed in (nobody when None), run once."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = auth or AUTH
    at.user = (
        {"is_logged_in": False}
        if sub is None
        else {
            "is_logged_in": True,
            "iss": ISSUER,
            "sub": sub,
            "email": f"{sub}@club.org",
            "name": sub.title(),
        }
    )
    at.run()
    assert not at.exception, at.exception
    return at


def profile(at: AppTest, name: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input("20:00")
    button(at, "Create profile").click().run()
    assert not at.exception, at.exception
    return at


def sidebar_runners(at: AppTest) -> list[str]:
    boxes = [s for s in at.sidebar.selectbox if s.label == "Runner"]
    if not boxes:
        return []
    return list(boxes[0].options)  # the labels shown


@pytest.fixture
def club(app_engine: Engine) -> dict[str, Any]:
    """Ada (admin, first), coach Cat, athletes Bo and Di with runners in club A; club B
    (started by Ada, handed to Zed) with admin Zed and athlete Yu; Old, a runner of the
    local app."""
    runner(app_engine, "Old")
    ada = accounts.sign_in(app_engine, ISSUER, "ada", "ada@club.org", "Ada")
    (club_a,) = ada.clubs()
    accounts.invite(app_engine, ada, club_a, "cat@club.org", "coach")
    accounts.sign_in(app_engine, ISSUER, "cat", "cat@club.org", "Cat")
    for sub in ("bo", "di"):
        accounts.invite(app_engine, ada, club_a, f"{sub}@club.org", "athlete")
        viewer = accounts.sign_in(app_engine, ISSUER, sub, f"{sub}@club.org", sub.title())
        accounts.create_own_runner(
            app_engine, viewer, {"name": sub.title(), "body_mass_kg": 60, "v_max_ms": 8.0}
        )
    club_b = accounts.create_club(app_engine, ada, "B club")
    ada = accounts.sign_in(app_engine, ISSUER, "ada", "ada@club.org", "Ada")
    accounts.invite(app_engine, ada, club_b, "zed@club.org", "admin")
    zed = accounts.sign_in(app_engine, ISSUER, "zed", "zed@club.org", "Zed")
    ada_in_b = next(r for r in ada.roles if r.club_id == club_b)
    accounts.remove_membership(app_engine, zed, ada_in_b.membership_id)  # B is Zed's now
    accounts.invite(app_engine, zed, club_b, "yu@club.org", "athlete")
    yu = accounts.sign_in(app_engine, ISSUER, "yu", "yu@club.org", "Yu")
    accounts.create_own_runner(app_engine, yu, {"name": "Yu", "body_mass_kg": 60, "v_max_ms": 8.0})
    return {"a": club_a, "b": club_b}


def test_signed_out_visitors_see_only_the_sign_in_page(app_engine: Engine) -> None:
    runner(app_engine, "Old")
    at = hosted(None)
    assert at.title[0].value == "Eccentric"
    assert "sign in to see your club's training" in at.markdown[0].value
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Old" not in texts(at)
    assert sidebar_runners(at) == []


def test_incomplete_auth_secrets_stop_with_what_is_missing(app_engine: Engine) -> None:
    at = hosted(None, auth={"client_id": "eccentric", "cookie_secret": "short"})
    message = at.error[0].value
    assert "secrets are incomplete" in message
    assert "[auth] needs redirect_uri" in message
    assert "[auth] needs server_metadata_url" in message
    assert "cookie_secret must be a long random string" in message
    assert not at.button


def test_the_first_person_to_sign_in_becomes_admin_and_invites(app_engine: Engine) -> None:
    at = hosted("ada")
    assert at.title[0].value == "Club members"
    assert "Ada's club" in texts(at) or "Ada's club" in at.caption[0].value
    at.text_input[0].input("Bo@Club.org")
    at.selectbox[0].set_value("athlete")
    button(at, "Invite").click().run()
    assert not at.exception
    assert "Invited bo@club.org as athlete" in texts(at)
    (invited,) = accounts.pending_invitations(
        app_engine, accounts.sign_in(app_engine, ISSUER, "ada", None, "Ada"), 1
    )
    assert (invited.email, invited.role) == ("bo@club.org", "athlete")


def test_a_bad_invitation_is_refused_and_stores_nothing(app_engine: Engine) -> None:
    at = hosted("ada")
    at.text_input[0].input("not an email")
    button(at, "Invite").click().run()
    assert "is not an email address" in at.error[0].value
    admin = accounts.sign_in(app_engine, ISSUER, "ada", "ada@club.org", "Ada")
    assert accounts.pending_invitations(app_engine, admin, 1) == []


def test_an_invited_athlete_creates_their_own_runner_and_sees_only_it(
    app_engine: Engine,
) -> None:
    runner(app_engine, "Old")
    ada = accounts.sign_in(app_engine, ISSUER, "ada", "ada@club.org", "Ada")
    accounts.invite(app_engine, ada, 1, "bo@club.org", "athlete")
    at = hosted("bo")
    assert at.title[0].value == "Welcome to Eccentric"
    assert "Explore with demo data" not in [b.label for b in at.button]
    at = profile(at, "Bo")
    assert at.title[0].value.startswith("Today")
    assert "Old" not in texts(at)
    assert sidebar_runners(at) == []  # one runner: no selector
    bo = accounts.sign_in(app_engine, ISSUER, "bo", "bo@club.org", "Bo")
    (mine,) = bo.own_athletes
    assert queries.athlete(app_engine, mine, viewer=LOCAL_VIEWER).name == "Bo"  # type: ignore[union-attr]
    assert "Signed in as **Bo** (bo@club.org)" in [c.value for c in at.sidebar.caption]


def test_each_member_sees_only_the_runners_they_may(club: dict[str, Any]) -> None:
    assert sidebar_runners(hosted("cat")) == ["Bo", "Di"]
    for sub, own in (("bo", "Bo"), ("di", "Di"), ("yu", "Yu")):
        at = hosted(sub)
        assert sidebar_runners(at) == []
        assert at.title[0].value.startswith("Today"), sub
        assert own in at.title[0].value or own in texts(at), sub
        others = {"Bo", "Di", "Yu", "Old"} - {own}
        shown = texts(at)
        assert not any(f"for {o}" in shown for o in others), sub


def test_an_admin_who_coaches_nobody_sees_the_members_page_not_runners(
    club: dict[str, Any],
) -> None:
    at = hosted("zed")
    assert at.title[0].value == "Club members"
    assert sidebar_runners(at) == []
    table = at.dataframe[0].value
    assert list(table["Name"]) == ["Zed", "Yu"]


def test_a_coach_cannot_change_an_athletes_profile_unless_allowed(
    club: dict[str, Any], app_engine: Engine
) -> None:
    at = hosted("cat")
    at.switch_page("pages/profile.py").run()
    # No profile form for a coach the runner has not allowed to edit (the store would
    # refuse the change anyway: tests/club/test_isolation.py).
    assert "Only Bo can change Bo's log" in at.info[0].value
    assert "Save profile" not in [b.label for b in at.button]
    assert {a.name for a in queries.athletes(app_engine, viewer=LOCAL_VIEWER)} == {
        "Old",
        "Bo",
        "Di",
        "Yu",
    }
    units = next(r for r in at.sidebar.radio if r.label == "Distances")
    assert units.disabled


def test_a_person_with_no_club_is_told_whom_to_ask(club: dict[str, Any]) -> None:
    at = hosted("eve")
    assert at.info[0].value == (
        "You have no club yet: ask your coach or club admin for an invitation to eve@club.org."
    )
    assert [b.label for b in at.button] == ["Sign out"]


def test_the_sign_out_button_signs_out(club: dict[str, Any]) -> None:
    at = hosted("bo")
    button(at, "Sign out").click().run()
    assert not at.exception
    at.run()  # a browser follows the sign-out redirect to a new session
    assert at.title[0].value == "Eccentric"
    assert [b.label for b in at.button] == ["Sign in"]


def test_the_admin_removes_a_coach_who_then_sees_no_runner(
    club: dict[str, Any], app_engine: Engine
) -> None:
    at = hosted("ada")
    assert at.title[0].value == "Club members"
    remove = next(s for s in at.selectbox if s.label == "Remove a membership")
    remove.select_index(next(i for i, o in enumerate(remove.options) if "Cat" in o))
    button(at, "Remove from club").click().run()
    assert "Removed cat@club.org (coach) from the club" in texts(at)
    assert "Cat" not in list(at.dataframe[0].value["Name"])
    at = hosted("cat")
    assert "You have no club yet" in at.info[0].value


def test_the_last_admin_cannot_remove_themselves(club: dict[str, Any]) -> None:
    at = hosted("zed")
    remove = next(s for s in at.selectbox if s.label == "Remove a membership")
    remove.select_index(next(i for i, o in enumerate(remove.options) if "Zed" in o))
    button(at, "Remove from club").click().run()
    assert "A club needs an admin" in at.error[0].value
