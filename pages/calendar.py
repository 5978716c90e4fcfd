"""Calendar: a month of days (band, runs, strength, soreness, injury, plans) and each
week's totals; a click on a day opens it to edit or delete what it holds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from risk import calendar_html, calendar_view, entries, ui, views
from risk.ui_editor import (
    CHECKIN_COLS,
    INJURY_COLS,
    PLAN_COLS,
    RUN_COLS,
    SESSION_COLS,
    SET_COLS,
    entry_editor,
)

athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()
today = ui.today()

MONTH, DAY, PICK = "month", "day", "cal_month_pick"


def shown_month() -> tuple[int, int]:
    """The month in the address (``?month=2026-11``), else today's."""
    return calendar_view.parse_month(st.query_params.get(MONTH)) or calendar_view.month_of(today)


def go_to(year: int, month: int) -> None:
    """Show ``year``-``month`` (a callback: the picker follows)."""
    key = calendar_view.month_key(year, month)
    st.query_params[MONTH] = key
    st.session_state[PICK] = key


def move(months: int) -> None:
    go_to(*calendar_view.shift_month(*shown_month(), months))


def picked() -> None:
    go_to(*(calendar_view.parse_month(st.session_state[PICK]) or shown_month()))


def open_day(day: dt.date) -> None:
    st.query_params[DAY] = day.isoformat()
    go_to(*shown_month())


def chosen_day() -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(st.query_params.get(DAY, "")))
    except ValueError:
        return None


st.title("Calendar")
ui.show_flash()

year, month = shown_month()
log = ui.runner_log(athlete_id)
result = ui.assessment(athlete_id)
sessions = ui.frame("strength_session", athlete_id)
entry_dates = calendar_view.entry_dates(log.runs, sessions, log.checkins, log.planned)
options = calendar_view.month_options(entry_dates, today)
key = calendar_view.month_key(year, month)
if key not in options:
    options = sorted({*options, key}, reverse=True)
if st.session_state.get(PICK) not in options or st.session_state.get(PICK) != key:
    st.session_state[PICK] = key

nav = st.container(key="cal_nav")
prev_col, today_col, next_col, pick_col = nav.columns([1, 1, 1, 2], vertical_alignment="bottom")
prev_col.button(
    "Previous",
    icon=":material/chevron_left:",
    on_click=move,
    args=(-1,),
    key="cal_prev",
    width="stretch",
)
today_col.button(
    "Today", on_click=go_to, args=calendar_view.month_of(today), key="cal_today", width="stretch"
)
pick_col.selectbox(
    "Month",
    options,
    format_func=lambda k: calendar_view.month_title(
        *(calendar_view.parse_month(k) or (year, month))
    ),
    key=PICK,
    on_change=picked,
    label_visibility="collapsed",
)
next_col.button(
    "Next",
    icon=":material/chevron_right:",
    icon_position="right",
    on_click=move,
    args=(1,),
    key="cal_next",
    width="stretch",
)

grid_days = calendar_view.grid_dates(year, month)
opened_day = chosen_day()
verdicts = {
    pid: views.session_verdict(ui.plan(athlete_id, run, sizes=False))
    for pid, run in calendar_view.planned_to_judge(log.planned, grid_days, today).items()
}


def _month() -> calendar_view.Month:
    return calendar_view.build_month(
        year,
        month,
        today=today,
        units=units,
        runs=log.runs,
        strength_sessions=sessions,
        checkins=log.checkins,
        injuries=log.injuries,
        planned=log.planned,
        daily=result.daily,
        v_max_ms=log.profile.v_max_ms,
        params=log.params,
        verdicts=verdicts,
    )


shown = ui.derived(
    athlete_id, "calendar_month", (year, month, units, tuple(sorted(verdicts.items()))), _month
)

st.subheader(shown.title)
if not entry_dates:
    ui.empty_state("Nothing logged yet, so the calendar is empty.")
elif shown.empty:
    st.caption("Nothing logged or planned this month.")

st.html(calendar_html.grid_css())
with st.container(key=calendar_html.GRID_KEY):
    head = st.columns(8, gap="small")
    for col, name in zip(head, [*calendar_view.WEEKDAYS, "Week"], strict=True):
        col.markdown(f'<div class="cal-head">{name}</div>', unsafe_allow_html=True)
    for week in shown.weeks:
        row = st.container(key=calendar_html.week_key(week.totals), gap="xxsmall")
        cols = row.columns(8, gap="small")
        for col, cell in zip(cols, week.days, strict=False):
            with col.container(key=calendar_html.day_key(cell, cell.date == opened_day)):
                st.button(
                    str(cell.date.day),
                    key=f"cal_open_{cell.date.isoformat()}",
                    type="tertiary",
                    on_click=open_day,
                    args=(cell.date,),
                    help=calendar_view.day_title(cell.date),
                )
                st.markdown(calendar_html.cell_html(cell), unsafe_allow_html=True)
        cols[7].markdown(calendar_html.totals_html(week.totals, units), unsafe_allow_html=True)
        with row.container(key=calendar_html.phone_week_key(week.totals)):
            st.markdown(
                calendar_html.totals_html(week.totals, units, phone=True), unsafe_allow_html=True
            )
st.caption(
    f"Distances in {units}; fast = the distance run at 80 % or more of your max speed; "
    "HEL is hamstring "
    "eccentric load. A dot is the day's band; a plan shows the planner's verdict. "
    "Click a day to see, edit or delete what it holds. On a phone a cell shows the day's "
    "distance, or S (strength only), P (a plan) or x (cross-training only)."
)

if opened_day is not None:
    day = opened_day
    st.subheader(calendar_view.day_title(day))
    opened = next((c for c in shown.days if c.date == day), None)
    if opened is not None and opened.band:
        st.markdown(f"{views.band_badge(opened.band)} {views.BAND_MEANING[opened.band]}")
    scope = f"_{day.isoformat()}"

    def one(kind: str) -> pd.DataFrame:
        return calendar_view.on_day(ui.frame(kind, athlete_id), day)

    nothing = True
    runs = one("run")
    if len(runs):
        nothing = False
        st.markdown("**Runs**")
        runs["avg_pace_s_per_km"] = entries.average_pace(runs)
        entry_editor("run", "run", athlete_id, runs, RUN_COLS, scope=scope)
    day_sessions = one("strength_session")
    if len(day_sessions):
        nothing = False
        st.markdown("**Strength** (deleting a session deletes its exercises)")
        entry_editor(
            "strength_session",
            "strength session",
            athlete_id,
            day_sessions,
            SESSION_COLS,
            scope=scope,
        )
        entry_editor(
            "strength_set", "exercise", athlete_id, one("strength_set"), SET_COLS, scope=scope
        )
    checkin = one("checkin")
    if len(checkin):
        nothing = False
        st.markdown("**Check-in**")
        entry_editor("checkin", "check-in", athlete_id, checkin, CHECKIN_COLS, scope=scope)
    hurt = calendar_view.injuries_on(ui.frame("injury", athlete_id), day, today)
    if len(hurt):
        nothing = False
        st.markdown(
            "**Injury**" + (f" ({opened.injury})" if opened is not None and opened.injury else "")
        )
        entry_editor("injury", "injury", athlete_id, hurt, INJURY_COLS, scope=scope)
    plans = one("planned_session")
    if len(plans):
        nothing = False
        st.markdown("**Planned**")
        for line in opened.planned if opened is not None else ():
            st.markdown(
                f"- {line.detail}: "
                + (views.band_badge(line.verdict) if line.verdict else "past: not judged")
            )
        entry_editor(
            "planned_session",
            "planned session",
            athlete_id,
            plans,
            PLAN_COLS,
            newest_first=False,
            scope=scope,
        )
        st.page_link("pages/plan.py", label="Open the planner", icon=":material/event:")
    if nothing:
        st.info("Nothing logged or planned on this day.")
        st.page_link("pages/log.py", label="Log a session", icon=":material/edit_note:")
ui.honest_line()
