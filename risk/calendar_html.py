"""The Calendar page's cells as HTML, and the CSS that lays the grid out on a laptop and a
phone (Streamlit has no media queries in Python; the browser applies these).

On a wide screen each cell lists the day's band, runs, strength, soreness, injury and
plans, and an eighth column holds the week's totals. Below 640 px the seven columns stay
side by side and each cell shrinks to its day number, band dot and distance; the week's
totals move to a line under the week. Pure strings (no Streamlit), so it is tested directly.
"""

from __future__ import annotations

import html
from typing import Final

from risk.calendar_view import DayCell, WeekTotals, compact_text, soreness_text, totals_text
from risk.views import BAND_COLOURS, band_label
from risk.vocab import Units

#: Below this width the grid shows compact cells (Streamlit stacks columns below it).
PHONE_PX: Final = 640
#: The container keys the page gives the grid and its cells (CSS selects on them).
GRID_KEY: Final = "cal_grid"
DAY_KEY_PREFIX: Final = "cal_day_"
PHONE_WEEK_PREFIX: Final = "cal_phoneweek_"
TODAY_OUTLINE: Final = "#1565c0"


def day_key(cell: DayCell, opened: bool = False) -> str:
    """The key of a day's container: its date, whether it is in the month, today, and
    whether its details are open (``cal_day_2026-11-29_in_today_open``), which the CSS
    dims, outlines or shades."""
    where = "in" if cell.in_month else "out"
    return (
        f"{DAY_KEY_PREFIX}{cell.date.isoformat()}_{where}"
        + ("_today" if cell.is_today else "")
        + ("_open" if opened else "")
    )


def week_key(totals: WeekTotals) -> str:
    """The key of a week's container (its row of days and its phone totals line)."""
    return f"cal_week_{totals.start.isoformat()}"


def phone_week_key(totals: WeekTotals) -> str:
    """The key of the container of a week's totals line shown on a phone."""
    return f"{PHONE_WEEK_PREFIX}{totals.start.isoformat()}"


def _dot(band: str | None) -> str:
    if band is None:
        return '<span class="cal-dot cal-dot-none"></span>'
    colour = BAND_COLOURS.get(band, "#9e9e9e")
    label = html.escape(band_label(band))
    return f'<span class="cal-dot" style="background:{colour}" title="{label}"></span>'


def _line(text: str, css: str = "") -> str:
    return f'<div class="cal-line {css}">{html.escape(text)}</div>'


def cell_html(cell: DayCell) -> str:
    """A day's cell: band dot and name (the compact distance on a phone), then its runs,
    strength sessions, soreness, injury and planned sessions with their verdicts."""
    band = (
        f'<span class="cal-band">{html.escape(band_label(cell.band))}</span>' if cell.band else ""
    )
    compact = html.escape(compact_text(cell))
    parts = [
        f'<div class="cal-top">{_dot(cell.band)}{band}'
        f'<span class="cal-compact">{compact}</span></div>'
    ]
    parts += [_line(run, "cal-run") for run in cell.runs]
    if cell.strength:
        times = f" ×{cell.strength}" if cell.strength > 1 else ""
        parts.append(_line(f"Strength{times}", "cal-strength"))
    if cell.soreness is not None:
        parts.append(_line(soreness_text(cell.soreness), "cal-sore"))
    if cell.injury:
        parts.append(_line(cell.injury, "cal-injury"))
    for plan in cell.planned:
        verdict = (
            f" {_dot(plan.verdict)}{html.escape(band_label(plan.verdict))}" if plan.verdict else ""
        )
        parts.append(
            f'<div class="cal-line cal-plan">Plan: {html.escape(plan.text)}{verdict}</div>'
        )
    return f'<div class="cal-cell">{"".join(parts)}</div>'


def totals_html(totals: WeekTotals, units: Units, *, phone: bool = False) -> str:
    """A week's totals: a column of lines beside the week, or (``phone``) one line under it."""
    lines = totals_text(totals, units)
    peak = (
        f"{_dot(totals.peak_band)}{html.escape(band_label(totals.peak_band))}"
        if totals.peak_band
        else ""
    )
    if phone:
        words = " · ".join(html.escape(x) for x in lines)
        return f'<div class="cal-week-phone">Week: {words} {peak}</div>'
    body = "".join(_line(x) for x in lines)
    return f'<div class="cal-week">{body}<div class="cal-line">{peak}</div></div>'


def grid_css() -> str:
    """The grid's CSS: a row of seven days and the week's totals at every width, compact
    cells below :data:`PHONE_PX`, days of other months dimmed, today outlined, and the
    whole cell a button (the day number's click area stretched over it)."""
    grid = f".st-key-{GRID_KEY}"
    cell = f'{grid} [class*="st-key-{DAY_KEY_PREFIX}"]'
    return f"""<style>
{grid} [data-testid="stHorizontalBlock"] {{
  flex-wrap: nowrap !important; gap: 4px !important;
}}
{grid} [data-testid="stColumn"] {{
  min-width: 0 !important; width: auto !important; flex: 1 1 0 !important;
}}
{grid} [data-testid="stColumn"]:nth-child(8) {{ flex: 1.15 1 0 !important; }}
.st-key-cal_nav [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; gap: 0.5rem; }}
.st-key-cal_nav [data-testid="stColumn"] {{ min-width: 0 !important; flex: 1 1 0 !important; }}
{cell} {{
  position: relative; gap: 0; min-height: 6.5rem; padding: 2px 5px 4px;
  border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 6px;
}}
{cell}:hover {{ background: rgba(128, 128, 128, 0.08); }}
{cell} [data-testid="stElementContainer"], {cell} .stButton, {cell} button {{
  position: static !important;
}}
{cell} button {{
  min-height: 0; padding: 0; font-weight: 600; line-height: 1.3;
}}
{cell} button::after {{ content: ""; position: absolute; inset: 0; }}
{cell} [data-testid="stMarkdownContainer"] p {{ margin: 0; }}
{cell}[class*="_out"] {{ opacity: 0.45; }}
{cell}[class*="_today"] {{ border: 2px solid {TODAY_OUTLINE}; }}
{cell}[class*="_open"] {{ background: rgba(21, 101, 192, 0.12); }}
{grid} .cal-cell, {grid} .cal-week {{ font-size: 0.74rem; line-height: 1.25; }}
{grid} .cal-line {{ overflow-wrap: anywhere; }}
{grid} .cal-top {{ display: flex; align-items: center; gap: 4px; min-height: 1rem; }}
{grid} .cal-dot {{
  display: inline-block; width: 0.6rem; height: 0.6rem; border-radius: 50%;
  vertical-align: middle; margin-right: 2px; flex: none;
}}
{grid} .cal-dot-none {{ border: 1px solid rgba(128, 128, 128, 0.5); }}
{grid} .cal-compact, {grid} [class*="st-key-{PHONE_WEEK_PREFIX}"] {{ display: none; }}
{grid} .cal-injury {{ color: #6a1b9a; font-weight: 600; }}
{grid} .cal-plan {{ font-style: italic; }}
{grid} .cal-head {{ font-size: 0.8rem; font-weight: 600; text-align: center; }}
@media (max-width: {PHONE_PX}px) {{
  {grid} [data-testid="stHorizontalBlock"] {{ gap: 2px !important; }}
  {grid} [data-testid="stColumn"]:nth-child(8) {{ display: none !important; }}
  .st-key-cal_nav [data-testid="stColumn"]:nth-child(4) {{ flex: 1 1 100% !important; }}
  {cell} {{ min-height: 3.2rem; padding: 1px 2px; }}
  {grid} .cal-line, {grid} .cal-band {{ display: none; }}
  {grid} .cal-compact {{ display: inline; font-size: 0.7rem; }}
  {grid} .cal-top {{ flex-direction: column; align-items: flex-start; gap: 0; }}
  {grid} [class*="st-key-{PHONE_WEEK_PREFIX}"] {{ display: flex; }}
  {grid} .cal-week-phone {{ font-size: 0.72rem; line-height: 1.3; }}
}}
</style>"""
