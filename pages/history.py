"""Every entry, editable: runs, strength, check-ins, injuries and planned sessions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk import entries, ui, vocab
from risk.ui_editor import Col, entry_editor

athlete = ui.current_athlete()
athlete_id = athlete.id or 0

st.title("History")
ui.show_flash()
st.caption("Edit a cell, then **Save changes**. Tick **Delete** on rows to remove them.")

period = ui.period_control("history_period")


def rows(kind: str) -> pd.DataFrame:
    return ui.within(ui.frame(kind, athlete_id), period)


RUN_COLS = [
    Col("date", "Date", "date"),
    Col("type", "Type", "choice", vocab.ACTIVITY_TYPES),
    Col("distance_km", "Distance", "distance"),
    Col("duration_min", "Duration", "clock", help="h:mm:ss (or minutes)"),
    Col("avg_pace_s_per_km", "Pace", "pace", editable=False, help="Average pace of the run"),
    Col("rpe", "RPE", "int", help="Effort 1-10"),
    Col("fast_km", "Fast", "distance", help="At 80 % or more of max sprint speed"),
    Col("strides", "Strides", "int"),
    Col("reps", "Reps", "int", help="Hard repetitions (1-200); give reps, rep distance and pace"),
    Col("rep_km", "Rep distance", "distance", help="Distance of one rep"),
    Col("rep_pace_s_per_km", "Rep pace", "pace", help="mm:ss; fast km if ≥ 80 % of max speed"),
    Col("notes", "Notes", "text"),
    Col("source", "Source", "text", editable=False),
]
runs_tab, strength_tab, checkin_tab, injury_tab, plan_tab = st.tabs(
    ["Runs", "Strength", "Check-ins", "Injuries", "Planned"]
)
with runs_tab:
    runs = rows("run")
    runs["avg_pace_s_per_km"] = entries.average_pace(runs)
    entry_editor("run", "run", athlete_id, runs, RUN_COLS)

with strength_tab:
    st.markdown("**Sessions** (deleting a session deletes its exercises)")
    entry_editor(
        "strength_session",
        "strength session",
        athlete_id,
        rows("strength_session"),
        [Col("date", "Date", "date"), Col("rpe", "RPE", "int"), Col("notes", "Notes", "text")],
    )
    st.markdown("**Exercises**")
    entry_editor(
        "strength_set",
        "exercise",
        athlete_id,
        rows("strength_set"),
        [
            Col("date", "Session date", "date", editable=False),
            Col("exercise", "Exercise", "text", help="nordic, single_leg_bridge, rdl or any name"),
            Col("sets", "Sets", "int"),
            Col("reps", "Reps", "int"),
            Col("load_kg", "Load (kg)", "float"),
            Col("assisted", "Assisted", "bool"),
        ],
    )

with checkin_tab:
    entry_editor(
        "checkin",
        "check-in",
        athlete_id,
        rows("checkin"),
        [
            Col("date", "Date", "date"),
            Col("soreness_left", "Left soreness", "int", help="0-10"),
            Col("soreness_right", "Right soreness", "int", help="0-10"),
            *[Col(k, v, "int", help="1-5") for k, v in vocab.WELLNESS_ITEMS.items()],
            Col("resting_hr", "Resting HR", "int", help="bpm, 25-120"),
            Col("notes", "Notes", "text"),
        ],
        newest_first=False,
    )

with injury_tab:
    entry_editor(
        "injury",
        "injury",
        athlete_id,
        rows("injury"),
        [
            Col("date", "Date", "date"),
            Col("site", "Site", "choice", vocab.INJURY_SITES),
            Col("side", "Side", "choice", vocab.INJURY_SIDES),
            Col("severity", "Severity", "choice", vocab.INJURY_SEVERITIES),
            Col("description", "What happened", "text"),
            Col("return_date", "Back on", "date"),
        ],
    )

with plan_tab:
    entry_editor(
        "planned_session",
        "planned session",
        athlete_id,
        ui.frame("planned_session", athlete_id),
        [
            Col("date", "Date", "date"),
            Col("type", "Type", "choice", vocab.ACTIVITY_TYPES),
            Col("distance_km", "Distance", "distance"),
            Col("fast_km", "Fast", "distance"),
            Col("strides", "Strides", "int"),
            Col("notes", "Notes", "text"),
        ],
        newest_first=False,
    )
