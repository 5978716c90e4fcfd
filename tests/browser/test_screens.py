"""A screenshot walk: every page at a laptop's and a phone's width, for a new runner and
for the demo runner. Each page must run without an exception and fit the window (nothing
wider than the viewport); the screenshots are kept to look at.

Screenshots go to ``ECCENTRIC_SCREENSHOTS_DIR`` if set, else ``tests/browser/artefacts/``
(git-ignored); the folder is printed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from risk import demo
from risk.store import open_database, writes
from risk.store.access import LOCAL_VIEWER
from tests.browser.runs import DRAWN, Runs

pytestmark = pytest.mark.browser

ARTEFACTS = Path(
    os.environ.get("ECCENTRIC_SCREENSHOTS_DIR") or Path(__file__).resolve().parent / "artefacts"
)
#: URL path -> the name of its screenshot.
PAGES: dict[str, str] = {
    "": "today",
    "load": "load",
    "weeks": "weeks",
    "calendar": "calendar",
    "soreness": "soreness",
    "plan": "plan",
    "validate": "validate",
    "log": "log",
    "history": "history",
    "import_data": "import",
    "profile": "profile",
    "settings": "settings",
}
#: With several runners the app opens on the Roster.
SQUAD_PAGES: dict[str, str] = {"": "roster", "today": "today"}
WIDTHS = (1280, 390)
#: Boxes wider than their window: the document and Streamlit's main area (it scrolls
#: inside itself, so the document alone would not show it).
_OVERFLOW = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) out.push(['document', root.scrollWidth]);
  for (const id of ['stMain', 'stMainBlockContainer', 'stAppViewContainer']) {
    const e = document.querySelector(`[data-testid="${id}"]`);
    if (e && e.scrollWidth > e.clientWidth + 1) out.push([id, e.scrollWidth]);
  }
  return out;
}"""


def _content_height(page: Page) -> int:
    return int(
        page.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 900"
        )
    )


def _visit(runs: Runs, server: str, path: str, shot: Path, width: int) -> None:
    page = runs.page
    page.set_viewport_size({"width": width, "height": 900})
    t0 = time.perf_counter()
    page.goto(f"{server}/{path}")
    runs.wait(t0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert page.evaluate(_OVERFLOW) == [], f"{path or 'today'} at {width} px is too wide"
    # The main area scrolls inside the window: grow the window to the page to shoot it whole.
    page.set_viewport_size({"width": width, "height": min(_content_height(page) + 40, 8000)})
    page.wait_for_function(DRAWN, timeout=60_000)
    page.wait_for_timeout(500)
    assert page.evaluate(_OVERFLOW) == [], f"{path or 'today'} at {width} px is too wide"
    page.screenshot(path=str(shot))


@pytest.mark.parametrize("who", ["new", "demo", "squad"])
def test_every_page_fits_a_laptop_and_a_phone(
    page: Page, server: str, tmp_path: Path, who: str
) -> None:
    page.set_default_timeout(60_000)
    engine = open_database(f"sqlite:///{tmp_path / 'browser.db'}")  # the server's database
    if who in ("demo", "squad"):
        demo.load_demo(engine, athletes=3 if who == "squad" else 1, viewer=LOCAL_VIEWER)
    else:
        writes.create_athlete(
            engine,
            {"name": "Ana", "body_mass_kg": 61, "v_max_ms": 8.0, "units": "km"},
            viewer=LOCAL_VIEWER,
        )
    engine.dispose()
    folder = ARTEFACTS / who
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    runs = Runs(page)
    for width in WIDTHS:
        for path, name in (SQUAD_PAGES if who == "squad" else PAGES).items():
            _visit(runs, server, path, folder / f"{name}-{width}.png", width)
    # The Weeks table shows its five columns whole on a phone (no sideways scrolling).
    if who == "demo":
        page.set_viewport_size({"width": 390, "height": 900})
        t0 = time.perf_counter()
        page.goto(f"{server}/weeks")
        runs.wait(t0)
        grid = page.locator('[data-testid="stDataFrame"] .dvn-scroller').first
        wide, shown = grid.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert wide <= shown, f"the Weeks table scrolls sideways at 390 px ({wide} > {shown})"
