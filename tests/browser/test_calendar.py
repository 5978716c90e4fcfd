"""The Calendar in a real browser on the demo runner, on a laptop (1280 px) and a phone
(390 px): the month grid is drawn, a click on a day opens its details, and at 390 px the
seven days of a week sit side by side with nothing wider than the screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Locator, Page, expect

from risk import calendar_view as cv
from risk import demo
from risk.store import open_database, queries
from risk.store.access import LOCAL_VIEWER
from tests.browser.test_first_run import _settled
from tests.clock import TODAY

pytestmark = pytest.mark.browser

#: Elements right of the screen's edge, outside a table's own scroll area (a data
#: editor scrolls inside itself, which is how a wide table stays usable on a phone).
_OVERFLOW_JS = """(width) => Array.from(document.querySelectorAll('[data-testid="stMain"] *'))
  .filter(e => !e.closest('.dvn-scroller'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
  .slice(0, 5)
  .map(e => `${e.tagName}.${String(e.className).slice(0, 50)} `
    + `right=${Math.round(e.getBoundingClientRect().right)}`)"""


def _run_days(db: Path) -> list[dt.date]:
    """The demo runner's days with a run on this month's grid, up to today."""
    engine = open_database(f"sqlite:///{db}")
    try:
        (athlete_id,) = demo.load_demo(engine, viewer=LOCAL_VIEWER)
        runs = queries.runs(engine, athlete_id, viewer=LOCAL_VIEWER)
    finally:
        engine.dispose()
    grid = cv.grid_dates(TODAY.year, TODAY.month)
    dates = sorted(set(pd.to_datetime(runs["date"]).dt.date))
    return [d for d in dates if grid[0] <= d <= min(grid[-1], TODAY)]


def _cell(page: Page, day: dt.date) -> Locator:
    return page.locator(f'[class*="st-key-cal_day_{day.isoformat()}_"]')


def _open_day(page: Page, day: dt.date) -> None:
    heading = page.get_by_role("heading", name=cv.day_title(day))
    for _ in range(3):
        # Anywhere in the cell: the day's button covers it. A click that lands while a
        # rerun redraws the grid (a fresh server's first view reruns once) can be lost:
        # click again then, as a runner would.
        _cell(page, day).click(position={"x": 20, "y": 30})
        _settled(page)
        try:
            expect(heading).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            continue
    expect(heading).to_be_visible()
    expect(page.get_by_text("Runs", exact=True)).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()


def test_the_calendar_on_a_laptop_and_a_phone(page: Page, server: str, tmp_path: Path) -> None:
    days = _run_days(tmp_path / "browser.db")
    assert len(days) >= 2, "the demo runs most days"
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/calendar")
    _settled(page)
    expect(page.get_by_role("heading", name="Calendar")).to_be_visible(timeout=60_000)
    expect(
        page.get_by_role("heading", name=cv.month_title(TODAY.year, TODAY.month))
    ).to_be_visible()
    expect(page.locator('[class*="st-key-cal_day_"]')).to_have_count(
        len(cv.grid_dates(TODAY.year, TODAY.month))
    )
    today_cell = page.locator('[class*="st-key-cal_day_"][class*="_today"]')
    expect(today_cell).to_have_count(1)
    expect(page.get_by_text("Week", exact=True)).to_be_visible()  # the totals column
    _open_day(page, days[-1])
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.screenshot(path=str(tmp_path / "calendar-1280.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(500)  # the media query applies on the next layout
    first_week = page.locator('[class*="st-key-cal_day_"]').nth(0).bounding_box()
    seventh = page.locator('[class*="st-key-cal_day_"]').nth(6).bounding_box()
    assert first_week is not None and seventh is not None
    assert abs(first_week["y"] - seventh["y"]) < 2, "a week's seven days share one row"
    assert seventh["x"] + seventh["width"] <= 390
    assert first_week["width"] >= 36, "a phone cell is wide enough to tap and read"
    expect(page.get_by_text("Week", exact=True)).to_be_hidden()  # totals move under the week
    expect(page.locator(".cal-week-phone").first).to_be_visible()
    _open_day(page, days[-2])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(_OVERFLOW_JS, 390) == []
    page.screenshot(path=str(tmp_path / "calendar-390.png"))
