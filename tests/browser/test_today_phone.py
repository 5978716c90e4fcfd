"""Today on a phone, in a real browser: the verdict and what to do fill the first screen,
nothing is wider than the screen, and the morning check-in saves in one tap."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Locator, Page, ViewportSize, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from risk import demo
from risk.store import open_database, queries
from risk.store.access import LOCAL_VIEWER
from tests.browser.test_first_run import _settled
from tests.clock import TODAY

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
_SHOWN = """[...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter(e => e.getClientRects().length)"""
#: The right edge of the widest element of the page's main area, and that element.
WIDEST = f"Math.max(...{_SHOWN}.map(e => e.getBoundingClientRect().right))"
WIDEST_ELEMENT = f"""(() => {{
    const e = {_SHOWN}.sort((a, b) =>
        b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
    return [e.tagName, e.className.baseVal ?? e.className, e.getBoundingClientRect().right];
}})()"""


def _demo(tmp_path: Path, checked_in_today: bool) -> tuple[str, int]:
    """The demo runner in the server's database (``server`` uses ``tmp_path``), with or
    without today's check-in; returns the database URL and the runner's id."""
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    engine = open_database(url)
    (athlete_id,) = demo.load_demo(engine, viewer=LOCAL_VIEWER)
    if not checked_in_today:
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM checkin WHERE date = :d"), {"d": TODAY.isoformat()})
    engine.dispose()
    return url, athlete_id


def _open_today(page: Page, server: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(server)
    _settled(page)
    expect(page.get_by_role("heading", name=re.compile(r"^Today · "))).to_be_visible(timeout=60_000)
    _settled(page)


def _top(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None, locator
    return float(box["y"])


def _bottom(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None, locator
    return float(box["y"] + box["height"])


def test_today_on_a_phone_shows_the_verdict_and_what_to_do_first(
    page: Page, server: str, tmp_path: Path
) -> None:
    _demo(tmp_path, checked_in_today=True)
    page.set_viewport_size(PHONE)
    _open_today(page, server)
    main = page.locator('[data-testid="stMain"]')
    band = main.locator("h3").filter(has_text=re.compile(r"Green|Amber|Red|Rebuilding")).first
    expect(band).to_be_visible()
    first_reason = band.locator("xpath=following::li[1]")
    what = main.get_by_role("heading", name="What to do")
    first_tip = what.locator("xpath=following::li[1]")
    for part in (band, first_reason, what, first_tip):
        expect(part).to_be_visible()
    # The first screen holds the band, its first reason and what to do.
    assert _bottom(band) < PHONE["height"]
    assert _bottom(first_reason) < PHONE["height"]
    assert _bottom(what) < PHONE["height"]
    assert _top(first_tip) < PHONE["height"]
    # Then the next session and the numbers, then the chart.
    session = main.get_by_role("heading", name="Next speed session")
    numbers = main.get_by_role("heading", name="The numbers")
    chart = main.locator('[data-testid="stPlotlyChart"]')
    expect(chart).to_be_visible()
    assert _bottom(what) <= _top(session)
    assert _bottom(session) <= _top(numbers)
    assert _bottom(numbers) <= _top(chart)
    # Nothing is wider than the phone: no sideways scrolling, no element past the edge
    # (once the chart has been drawn and fitted to the screen: Plotly draws at its
    # default width first).
    chart.locator("g.trace").first.wait_for(state="attached", timeout=30_000)
    try:
        page.wait_for_function(f"{WIDEST} <= {PHONE['width'] + 1}", timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(f"wider than the phone: {page.evaluate(WIDEST_ELEMENT)}")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth")
    page.screenshot(path=str(tmp_path / "today-phone.png"), full_page=True)


def test_the_morning_check_in_saves_in_one_tap_and_shows(
    page: Page, server: str, tmp_path: Path
) -> None:
    url, athlete_id = _demo(tmp_path, checked_in_today=False)
    engine = open_database(url)
    before = queries.checkins(engine, athlete_id, viewer=LOCAL_VIEWER)
    yesterday = before.iloc[-1]
    assert yesterday["date"].date() == TODAY - dt.timedelta(days=1)
    page.set_viewport_size(PHONE)
    _open_today(page, server)
    expect(page.get_by_text("Morning check-in")).to_be_visible()
    expect(page.get_by_text("Checked in", exact=False)).to_have_count(0)

    page.get_by_role("button", name="Check in").click()  # the one tap
    _settled(page)
    left, right = int(yesterday["soreness_left"]), int(yesterday["soreness_right"])
    expect(
        page.get_by_text(re.compile(rf"Checked in · left {left}/10, right {right}/10"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Check in")).to_have_count(0)
    expect(page.get_by_text(f"reported {max(left, right)}/10")).to_be_visible()
    after = queries.checkins(engine, athlete_id, viewer=LOCAL_VIEWER)
    assert len(after) == len(before) + 1
    saved = after.iloc[-1]
    assert saved["date"].date() == TODAY
    assert (saved["soreness_left"], saved["soreness_right"]) == (left, right)
    engine.dispose()
    page.screenshot(path=str(tmp_path / "today-checked-in.png"), full_page=True)
