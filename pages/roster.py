"""Roster: every runner on one screen, who needs attention first; a row opens their Today."""

from __future__ import annotations

import streamlit as st

from risk import notes_view, roster, ui, ui_notes, views

st.title(f"Roster · {views.day(ui.today())}")
ui.show_flash()
units = ui.units()
lines = ui.roster()
st.caption(
    "One row per runner, the most urgent first: red today, an open injury, amber, a planned "
    "speed session that would not be green, rising soreness, no check-in for a week. "
    "HEL is hamstring eccentric load in easy-km equivalents; *usual* is the runner's chronic "
    "load over the same 4 weeks. *Latest note*: what the runner last wrote for their coach. "
    "Select a row to open that runner's pages (comment on a week in Weeks)."
)
table = notes_view.with_notes(
    roster.roster_table(lines, units),
    ui_notes.roster_notes([line.athlete_id for line in lines]),
    unread=ui.hosted(),
)
st.markdown(roster.summary(lines))
picked = st.dataframe(
    roster.styled(table),
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    column_order=[c for c in table.columns if c != "athlete_id"],
    column_config={
        "Runner": st.column_config.TextColumn(pinned=True),
        "Attention": st.column_config.TextColumn(
            help="Why this runner comes this high when the colour does not say it"
        ),
        "Main reason": st.column_config.TextColumn(
            width="medium", help="The first reason behind today's colour"
        ),
        "Soreness (0-10)": st.column_config.TextColumn(
            help="Mean of the worse side's check-in soreness, the last 7 days against the 7 before"
        ),
        "Speed, next 7 days": st.column_config.TextColumn(
            help="Planned speed sessions of the next 7 days and the band each would bring, "
            "with everything planned before it counted as done"
        ),
        notes_view.NOTE_COLUMN: st.column_config.TextColumn(
            width="medium",
            help="What the runner last wrote for their coach (Today → Leave a note)",
        ),
        notes_view.UNREAD_COLUMN: st.column_config.NumberColumn(
            help="Comments on the runner's weeks you have not opened yet (Weeks)"
        ),
        "HEL, 4 weeks": st.column_config.NumberColumn(format="%.1f"),
        "Usual, 4 weeks": st.column_config.NumberColumn(
            format="%.1f", help="Chronic hamstring load × 28 days"
        ),
    },
    key="roster_table",
)
rows = picked.selection.rows if picked is not None else []
if rows:
    chosen = int(table.iloc[rows[0]]["athlete_id"])
    ui.select_athlete(chosen)
    st.switch_page("pages/today.py")
ui.honest_line()
