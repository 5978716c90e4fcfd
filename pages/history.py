"""Every entry, editable: runs, strength, check-ins, injuries and planned sessions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk import entries, ui
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

st.title("History")
ui.show_flash()
if not ui.read_only(athlete):
    st.caption("Edit a cell, then **Save changes**. Tick **Delete** on rows to remove them.")

period = ui.period_control("history_period")


def rows(kind: str) -> pd.DataFrame:
    return ui.within(ui.frame(kind, athlete_id), period)


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
        "strength_session", "strength session", athlete_id, rows("strength_session"), SESSION_COLS
    )
    st.markdown("**Exercises**")
    entry_editor("strength_set", "exercise", athlete_id, rows("strength_set"), SET_COLS)

with checkin_tab:
    entry_editor(
        "checkin", "check-in", athlete_id, rows("checkin"), CHECKIN_COLS, newest_first=False
    )

with injury_tab:
    entry_editor("injury", "injury", athlete_id, rows("injury"), INJURY_COLS)

with plan_tab:
    entry_editor(
        "planned_session",
        "planned session",
        athlete_id,
        ui.frame("planned_session", athlete_id),
        PLAN_COLS,
        newest_first=False,
    )
