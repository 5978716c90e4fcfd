"""The Calendar's cells as HTML: what a cell says, escaped, and the keys the CSS selects on."""

from __future__ import annotations

import datetime as dt

from risk import calendar_html as ch
from risk.calendar_view import DayCell, PlanLine, WeekTotals
from risk.views import BAND_COLOURS

DAY = dt.date(2026, 11, 26)


def test_a_full_cell_lists_everything_in_order() -> None:
    cell = DayCell(
        DAY,
        in_month=True,
        is_today=False,
        band="amber",
        km=10.0,
        runs=("Intervals 10.0 · 2.1 fast",),
        strength=2,
        soreness=(3, 4),
        injury="injured, day 2",
        planned=(PlanLine("Tempo 8.0", "green", "Tempo 8.0 km"),),
    )
    html = ch.cell_html(cell)
    order = ["Amber", "Intervals 10.0 · 2.1 fast", "Strength ×2", "Sore L3 R4", "injured, day 2"]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert BAND_COLOURS["amber"] in html and BAND_COLOURS["green"] in html
    assert "Plan: Tempo 8.0" in html
    assert '<span class="cal-compact">10.0</span>' in html


def test_cell_text_is_escaped() -> None:
    cell = DayCell(DAY, True, False, runs=("<script>x</script>",))
    assert "<script>" not in ch.cell_html(cell)
    assert "&lt;script&gt;" in ch.cell_html(cell)


def test_day_keys_say_month_today_and_open() -> None:
    assert ch.day_key(DayCell(DAY, True, False)) == "cal_day_2026-11-26_in"
    assert ch.day_key(DayCell(DAY, False, True), opened=True) == "cal_day_2026-11-26_out_today_open"


def test_week_totals_as_a_column_and_as_a_phone_line() -> None:
    totals = WeekTotals(DAY, km=42.25, fast_km=1.5, hel=55.4, strength=2, peak_band="red")
    column = ch.totals_html(totals, "km")
    assert "42.2 km" in column and "1.5 km fast" in column and "55 HEL" in column
    assert "2 strength" in column and "Red" in column
    line = ch.totals_html(totals, "km", phone=True)
    assert line.startswith('<div class="cal-week-phone">Week: 42.2 km · 1.5 km fast')


def test_the_css_keeps_seven_columns_and_compacts_below_the_phone_width() -> None:
    css = ch.grid_css()
    assert "flex-wrap: nowrap" in css
    assert f"@media (max-width: {ch.PHONE_PX}px)" in css
    phone = css.split("@media", 1)[1]
    assert ".cal-line" in phone and "display: none" in phone
