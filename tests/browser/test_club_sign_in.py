"""Club mode end to end: a real OIDC provider, a real Streamlit server, Debian's chromium.

The provider is ``oidc-provider-mock`` (PyPI), a real OpenID Connect provider (discovery,
authorization code flow, signed ID tokens, end-session) that runs in a thread of the test
on a free port, with its users' claims set by the test. Streamlit discovers it through
``server_metadata_url`` on http://localhost like any provider, so the app's sign-in is
the production code path, unmocked. The database is a throwaway PostgreSQL database when
``ECCENTRIC_TEST_POSTGRES_URL`` is set, else a SQLite file.

One story, one browser context (cookie jar) per person: Ada signs in first and becomes
admin; she invites coach Cat and athletes Bo and Di to her club, starts club B and invites
Yu there. Each signs in and sees only what they may; a sign-out ends the session; a
tampered or an expired sign-in cookie shows the sign-in page.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import ROOT, _free_port
from tests.club.conftest import throwaway_postgres
from tests.conftest import PG_ENV

pytestmark = pytest.mark.browser

ARTEFACTS = ROOT / "test-results" / "club_sign_in"  # git-ignored screenshots
PEOPLE = ("ada", "cat", "bo", "di", "yu", "eve")
USER_COOKIE = "_streamlit_user"


@pytest.fixture
def provider() -> Iterator[str]:
    """A local OIDC provider knowing each person's email and name; its base URL."""
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(
            sub=sub,
            claims={"email": f"{sub}@club.org", "email_verified": True, "name": sub.title()},
        )
        for sub in PEOPLE
    ]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    if os.environ.get(PG_ENV):
        yield from throwaway_postgres()
    else:
        yield f"sqlite:///{tmp_path / 'club.db'}"


@pytest.fixture
def club_server(
    tmp_path: Path, provider: str, database_url: str, chromium_path: str
) -> Iterator[dict[str, str]]:
    """``streamlit run app.py`` in club mode: a secrets.toml with ``[auth]`` pointing at
    the provider, in the server's working folder (where Streamlit looks for it)."""
    port = _free_port()
    app_url = f"http://localhost:{port}"
    cookie_secret = secrets.token_hex(32)
    folder = tmp_path / "site"
    (folder / ".streamlit").mkdir(parents=True)
    (folder / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        'client_id = "eccentric"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=folder,
        env={**os.environ, "ECCENTRIC_DATABASE_URL": database_url, "HOME": str(tmp_path)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        raise RuntimeError(f"streamlit did not start: {(tmp_path / 'server.log').read_text()}")
    try:
        yield {"url": app_url, "cookie_secret": cookie_secret}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def settled(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)


def sign_in_page_shown(page: Page, why: str) -> None:
    """The sign-in page and nothing of the app: no sidebar, no page list."""
    try:
        expect(page.get_by_role("button", name="Sign in"), why).to_be_visible(timeout=60_000)
    finally:
        page.screenshot(path=str(ARTEFACTS / f"sign_in_{why}.png"))
    expect(page.get_by_role("heading", name="Eccentric", level=1), why).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]'), why).to_have_count(0)


def sign_in(browser: Browser, app: str, sub: str) -> tuple[BrowserContext, Page]:
    """A fresh browser (no cookies) signing ``sub`` in through the provider's form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app)
    settled(page)
    sign_in_page_shown(page, f"before_{sub}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(app) + r"/?(\?.*)?$"))
    settled(page)
    return context, page


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (once the page is quiet: a
    rerun in flight redraws the box and closes its list)."""
    settled(page)
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        page.get_by_role("combobox", name=label).click()
        try:
            wanted.click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            settled(page)
    else:
        pytest.fail(f"no option {option!r} in {label!r}")
    expect(page.get_by_role("combobox", name=label)).to_have_value(option)


def invite(page: Page, email: str, role: str) -> None:
    """Invite ``email`` through the form, once the page is quiet: a rerun still drawing
    (after the club was switched) redraws the form and drops what was typed."""
    box = page.get_by_role("textbox", name="Email")
    for _ in range(3):
        settled(page)
        box.fill(email)
        choose(page, "Role", role)
        if box.input_value() == email:
            break
    expect(box).to_have_value(email)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text(f"Invited {email} as {role}")).to_be_visible()


def create_profile(page: Page, name: str) -> None:
    expect(page.get_by_role("heading", name="Welcome to Eccentric")).to_be_visible()
    expect(page.get_by_role("button", name="Explore with demo data")).to_have_count(0)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="A recent 5 km time (mm:ss)").fill("21:00")
    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Today"))).to_be_visible()


def runner_choices(page: Page) -> list[str]:
    """The names in the sidebar's runner selector ([] when there is none), read once the
    sidebar is drawn (its units control comes after the selector)."""
    settled(page)
    expect(page.get_by_text("Distances", exact=True)).to_be_visible()
    box = page.get_by_role("combobox", name="Runner")
    if box.count() == 0:
        return []
    box.click()
    names = [o.inner_text().strip() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    return names


def signed_in_cookie(context: BrowserContext) -> dict[str, Any]:
    (cookie,) = [c for c in context.cookies() if c["name"] == USER_COOKIE]
    return dict(cookie)


def open_with_cookie(browser: Browser, app: str, cookie: dict[str, Any]) -> Page:
    context = browser.new_context()
    context.add_cookies([cookie])  # type: ignore[list-item]
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app)
    settled(page)
    return page


def test_club_members_sign_in_through_a_real_provider_and_see_only_their_own(
    browser: Browser, club_server: dict[str, str], tmp_path: Path
) -> None:
    app = club_server["url"]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)

    # Signed out: only the sign-in page.
    page = browser.new_page()
    page.goto(app)
    settled(page)
    sign_in_page_shown(page, "signed_out")
    page.close()

    # Ada is first: admin of a new club. She invites a coach and two athletes.
    ada_ctx, ada = sign_in(browser, app, "ada")
    expect(ada.get_by_role("heading", name="Club members")).to_be_visible()
    expect(ada.get_by_text("Ada's club")).to_be_visible()
    invite(ada, "cat@club.org", "coach")
    invite(ada, "bo@club.org", "athlete")
    invite(ada, "di@club.org", "athlete")
    # ...and starts club B, where she invites Yu.
    ada.get_by_text("Start another club").click()
    ada.get_by_role("textbox", name="Club name").fill("B club")
    ada.get_by_role("button", name="Start club").click()
    expect(ada.get_by_text("Started B club: you are its admin.")).to_be_visible()
    choose(ada, "Club", "B club")
    invite(ada, "yu@club.org", "athlete")
    ada.screenshot(path=str(ARTEFACTS / "members.png"), full_page=True)

    # The athletes sign in, each creating their runner: each sees only their own.
    people: dict[str, Page] = {}
    for sub in ("bo", "di", "yu"):
        _, people[sub] = sign_in(browser, app, sub)
        create_profile(people[sub], sub.title())
        assert runner_choices(people[sub]) == []
        expect(people[sub].get_by_text(f"Nothing logged for {sub.title()} yet")).to_be_visible()
        expect(people[sub].get_by_text(f"Signed in as {sub.title()}")).to_be_visible()

    # The coach sees her club's athletes, not club B's.
    cat_ctx, cat = sign_in(browser, app, "cat")
    # With two athletes, the coach opens on the Roster of them.
    expect(cat.get_by_role("heading", name=re.compile(r"^Roster"))).to_be_visible()
    assert runner_choices(cat) == ["Bo", "Di"]
    cat.screenshot(path=str(ARTEFACTS / "coach.png"), full_page=True)

    # Someone nobody invited has no club yet.
    _, eve = sign_in(browser, app, "eve")
    expect(
        eve.get_by_text(
            "You have no club yet: ask your coach or club admin for an invitation to eve@club.org."
        )
    ).to_be_visible()

    # A tampered cookie (one character of its signature changed) shows the sign-in page.
    # Not the last character: in base64 its low bits are padding, so some changes to it
    # decode to the same signature.
    good = signed_in_cookie(cat_ctx)
    value = str(good["value"])
    tampered = {**good, "value": value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]}
    sign_in_page_shown(open_with_cookie(browser, app, tampered), "tampered")

    # An expired one (Bo's own sign-in, signed 40 days ago with the server's secret) too.
    from streamlit.web.server.starlette.starlette_app_utils import (
        create_signed_value,
        decode_signed_value,
    )

    secret = club_server["cookie_secret"]
    claims = decode_signed_value(secret, USER_COOKIE, value)
    assert claims is not None and json.loads(claims)["email"] == "cat@club.org"
    forty_days_ago = time.time() - 40 * 86400
    with mock.patch("itsdangerous.timed.time.time", return_value=forty_days_ago):
        expired = create_signed_value(secret, USER_COOKIE, claims.decode()).decode()
    assert decode_signed_value(secret, USER_COOKIE, expired) is None
    sign_in_page_shown(open_with_cookie(browser, app, {**good, "value": expired}), "expired")
    # ...while the same claims signed now are accepted: the expiry is what was refused.
    fresh = create_signed_value(secret, USER_COOKIE, claims.decode()).decode()
    still = open_with_cookie(browser, app, {**good, "value": fresh})
    expect(still.get_by_role("heading", name=re.compile(r"^Roster"))).to_be_visible(timeout=60_000)

    # Signing out ends the session: the app shows the sign-in page again.
    cat.get_by_role("button", name="Sign out").click()
    cat.wait_for_url("**/oauth2/end_session**")  # Streamlit cleared its cookie, then asks
    # the provider to end its own session too (the mock advertises end_session_endpoint).
    cat.goto(app)
    settled(cat)
    sign_in_page_shown(cat, "after_sign_out")
    assert USER_COOKIE not in {c["name"] for c in cat_ctx.cookies()}

    expect(ada.locator('[data-testid="stException"]')).to_have_count(0)
    ada_ctx.close()
