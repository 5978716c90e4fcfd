"""Import in a real browser: drop a FIT and a GPX file, preview, confirm, see them in History."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_first_run import _settled

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parents[1] / "ingest" / "fixtures"


def test_upload_preview_and_import(page: Page, server: str, tmp_path: Path) -> None:
    page.set_default_timeout(30_000)
    page.goto(server)
    _settled(page)
    page.get_by_role("textbox", name="Name").fill("Ana")
    page.get_by_role("textbox", name="A recent 5 km time (mm:ss)").fill("21:00")
    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Today"))).to_be_visible()

    page.get_by_role("link", name="Import", exact=True).click()
    _settled(page)
    expect(page.get_by_text("Drop files above to see what would be imported")).to_be_visible()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
        [
            str(FIXTURES / "fit" / "activity-small-fenix2-run.fit"),
            str(FIXTURES / "gpx" / "intervals.gpx"),
            str(FIXTURES / "fit" / "Settings.fit"),
        ]
    )
    button = page.get_by_role("button", name="Import 2 activities")
    expect(button).to_be_visible(timeout=60_000)
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=True)
    button.click()
    expect(page.get_by_text(re.compile(r"Imported into Ana: 2 added"))).to_be_visible()

    page.get_by_role("link", name="History").click()
    _settled(page)
    page.locator('[data-testid="stButtonGroup"]').get_by_text("All", exact=True).click()
    _settled(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_contain_text("Intervals")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
