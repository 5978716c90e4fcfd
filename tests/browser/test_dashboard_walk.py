"""The dashboard in a real browser: load the demo, walk every page, see a drawn chart on
each and no exception, then ask the planner about a session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_first_run import _settled

pytestmark = pytest.mark.browser

#: Sidebar link -> the page's heading.
PAGES: dict[str, str | re.Pattern[str]] = {
    "Today": re.compile(r"^Today · "),
    "Load & strength": "Load & strength",
    "Weeks": "Weeks",
    "Soreness": "Soreness",
    "Plan a speed session": "Plan a speed session",
    "Model settings": "Model settings",
}


def _chart_drawn(page: Page) -> None:
    """A Plotly chart is on screen with its traces drawn (SVG trace groups inside it)."""
    chart = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first
    expect(chart).to_be_visible(timeout=30_000)
    expect(chart.locator("g.trace, g.hm").first).to_be_attached(timeout=30_000)


def test_walk_every_dashboard_page_and_plan_a_session(
    page: Page, server: str, tmp_path: Path
) -> None:
    page.set_default_timeout(30_000)
    page.goto(server)
    _settled(page)
    page.get_by_role("button", name="Explore with demo data").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Today · "))).to_be_visible(timeout=60_000)
    for link, heading in PAGES.items():
        page.get_by_role("link", name=link, exact=True).click()
        _settled(page)
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        if link == "Plan a speed session":
            page.get_by_role("button", name="Is it wise?").click()
            _settled(page)
            expect(page.get_by_text("Earliest good day")).to_be_visible()
            expect(
                page.get_by_text(re.compile(r"Longest that keeps the day green"))
            ).to_be_visible()
        if link == "Model settings":
            page.get_by_text("Indicator bands and warnings").click()
            expect(
                page.get_by_text("Load-to-capacity ratio that turns a day amber")
            ).to_be_visible()
        _chart_drawn(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.get_by_text("not a diagnosis").first).to_be_attached()
        page.screenshot(path=str(tmp_path / f"{link.split()[0].lower()}.png"), full_page=True)
