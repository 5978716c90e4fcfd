"""Weeks: one row per calendar week, risky weeks highlighted, a calendar heat map, and
the days and sessions of a chosen week."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from risk import charts, ui, views

athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()

st.title("Weeks")
result = ui.logged_assessment(athlete_id, "Nothing logged yet, so there are no weeks to sum up.")

period = ui.period_control("weeks_period")
table = views.weeks_table(ui.within_days(result.weekly, period), units, result.daily)
risky = int(table["Risky"].sum())
st.caption(
    f"{len(table)} weeks, {risky} risky (a red day, or {result.params.risky_week_ambers} "
    "amber days). Distances in " + units + "; HEL is hamstring eccentric load. "
    "**Injury** marks the weeks of an open injury or a return to running."
)


def _highlight(row: pd.Series) -> list[str]:
    style = f"background-color: {views.RISKY_ROW}" if row["Risky"] else ""
    return [style] * len(row)


st.dataframe(
    table.style.apply(_highlight, axis=1).format(precision=1, na_rep="–"),
    hide_index=True,
    column_config={
        "Week of": st.column_config.DateColumn("Week of", format="ddd D MMM YYYY"),
        "Peak load ÷ capacity": st.column_config.NumberColumn(format="%.2f"),
        "Risky": st.column_config.CheckboxColumn("Risky"),
        "Injury": st.column_config.TextColumn(
            "Injury", help="Days injured that week (site and side), or 'returning'"
        ),
    },
    key="weeks_table",
)

st.subheader("Daily load by week")
metric = st.radio(
    "Colour by",
    ["hel_run", "km"],
    format_func=lambda m: "Hamstring load (HEL)" if m == "hel_run" else f"Distance ({units})",
    horizontal=True,
    key="weeks_heat_metric",
)
st.plotly_chart(
    charts.calendar_heatmap(ui.within_days(result.daily, period), metric, units),
    config={"displayModeBar": False},
    key="weeks_heatmap",
)

st.subheader("One week")
starts = list(table["Week of"])
chosen = st.selectbox(
    "Week of",
    starts,
    format_func=lambda d: f"{d:%a %d %b %Y}",
    key="weeks_week",
)
if chosen is not None:
    row = table[table["Week of"] == chosen].iloc[0]
    st.markdown(
        f"**{row[f'Distance ({units})']:.1f} {units}**, "
        f"{row['Hamstring load (HEL)']:.1f} HEL, {int(row['Strength sessions'])} strength "
        f"sessions, peak ratio {views.number(row['Peak load ÷ capacity'])}: "
        f"**{row['Band']}**"
        + (" — a risky week" if row["Risky"] else "")
        + (f"; {row['Injury']}" if row["Injury"] else "")
    )
    week = (pd.Timestamp(chosen), pd.Timestamp(chosen) + pd.Timedelta(days=6))
    sessions = views.day_sessions(
        views.between(ui.frame("run", athlete_id), *week),
        views.between(ui.frame("strength_set", athlete_id), *week),
        units,
    )
    st.dataframe(
        views.week_days(result.daily, chosen, sessions, units),
        hide_index=True,
        key="weeks_days",
    )
ui.honest_line()
