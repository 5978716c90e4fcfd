"""A new runner in a real browser: create a profile, log a run, find it in History."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _settled(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=30_000)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=30_000)


def test_new_runner_logs_a_run_and_sees_it_in_history(
    page: Page, server: str, tmp_path: Path
) -> None:
    page.set_default_timeout(30_000)
    page.goto(server)
    _settled(page)
    # A fresh server's first run imports pandas, SQLAlchemy and Plotly: allow for it.
    expect(page.get_by_role("heading", name="Welcome to Eccentric")).to_be_visible(timeout=30_000)

    page.get_by_role("textbox", name="Name").fill("Ana")
    page.get_by_role("textbox", name="A recent 5 km time (mm:ss)").fill("21:00")
    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Today"))).to_be_visible()
    expect(page.get_by_text("Welcome, Ana!")).to_be_visible()
    expect(page.get_by_text("Nothing logged for Ana yet")).to_be_visible()
    page.get_by_role("link", name="Log", exact=True).click()
    _settled(page)
    expect(page.get_by_role("heading", name="Log", exact=True)).to_be_visible()

    distance = page.get_by_role("spinbutton", name="Distance (km)", exact=True)
    distance.fill("12.5")
    page.get_by_role("textbox", name="Duration (h:mm:ss or minutes)").fill("1:02:30")
    page.get_by_role("button", name="Save run").click()
    expect(page.get_by_text(re.compile(r"Saved: Easy, 12\.5 km"))).to_be_visible()

    page.get_by_role("link", name="History").click()
    _settled(page)
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    expect(grid).to_contain_text("Easy")
    expect(grid).to_contain_text("12.5")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
