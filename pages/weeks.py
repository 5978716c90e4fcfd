"""Weeks: one row per calendar week, risky weeks highlighted, a calendar heat map, and
the days and sessions of a chosen week."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from risk import charts, ui, ui_notes, views

athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()

st.title("Weeks")
result = ui.logged_assessment(athlete_id, "Nothing logged yet, so there are no weeks to sum up.")

period = ui.period_control("weeks_period")
table = views.weeks_table(ui.within_days(result.weekly, period), units, result.daily)
risky = int(table["Risky"].sum())
st.caption(
    f"{views.plural(len(table), 'week')}, {risky} risky (a red day, or "
    f"{views.plural(result.params.risky_week_ambers, 'amber day')}), shaded. "
    f"Distances in {units}. A column's header says what it means when you point at it."
)
more = st.toggle(
    "More columns",
    key="weeks_more",
    help="Effort load (sRPE), strength sessions, the peak ratio, soreness, the change on "
    "the week before and injuries, in this table and the week's days below.",
)
heads = views.week_columns(units, result.params)
config: dict[str, Any] = {
    column: st.column_config.Column(label, help=meaning)
    for column, (label, meaning) in heads.items()
}
config["Week of"] = st.column_config.DateColumn(
    heads["Week of"][0], help=heads["Week of"][1], format="D MMM YYYY"
)
config["Peak load ÷ capacity"] = st.column_config.NumberColumn(
    heads["Peak load ÷ capacity"][0], help=heads["Peak load ÷ capacity"][1], format="%.2f"
)
config["Risky"] = st.column_config.CheckboxColumn(heads["Risky"][0], help=heads["Risky"][1])


def _highlight(frame: pd.DataFrame) -> pd.DataFrame:
    """Risky weeks' rows shaded (all rows at once: a call per row cost a long history
    most of the page's time)."""
    risky = frame["Risky"].to_numpy(bool)
    style = np.where(risky, f"background-color: {views.RISKY_ROW}", "")
    return pd.DataFrame(
        np.repeat(style[:, None], frame.shape[1], axis=1), index=frame.index, columns=frame.columns
    )


shown = list(table.columns) if more else views.week_columns_short(units)
st.dataframe(
    table.style.apply(_highlight, axis=None).format(precision=1, na_rep="–"),
    hide_index=True,
    column_order=shown,
    column_config=config,
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
shown_days = ui.within_days(result.daily, period)
if len(table) > charts.CALENDAR_DAILY_WEEKS:
    st.caption("Over a year: one cell a week, its total; a row per year.")
st.plotly_chart(
    ui.figure(
        athlete_id,
        "calendar_heatmap",
        (period, metric, units),
        lambda: charts.calendar_heatmap(shown_days, metric, units),
    ),
    config={"displayModeBar": False},
    key="weeks_heatmap",
)

st.subheader("One week")
starts = list(table["Week of"])
chosen = st.selectbox(
    "Week of",
    starts,
    index=ui_notes.week_index(athlete_id, starts, views.last_complete_week(starts, ui.today())),
    format_func=lambda d: f"{d:%a %d %b %Y}",
    key="weeks_week",
)
if chosen is not None:
    row = table[table["Week of"] == chosen].iloc[0]
    st.markdown(
        f"**{row[f'Distance ({units})']:.1f} {units}**, "
        f"{row['Hamstring load (HEL)']:.1f} HEL, "
        f"{views.plural(int(row['Strength sessions']), 'strength session')}, "
        f"peak ratio {views.number(row['Peak load ÷ capacity'])}: **{row['Band']}**"
        + (" — a risky week" if row["Risky"] else "")
        + (f"; {row['Injury']}" if row["Injury"] else "")
    )

    def _days() -> pd.DataFrame:
        week = (pd.Timestamp(chosen), pd.Timestamp(chosen) + pd.Timedelta(days=6))
        sessions = views.day_sessions(
            views.between(ui.frame("run", athlete_id), *week),
            views.between(ui.frame("strength_set", athlete_id), *week),
            units,
        )
        return views.week_days(result.daily, chosen, sessions, units)

    days = ui.derived(athlete_id, "week_days", (chosen, units), _days)
    st.dataframe(
        days,
        hide_index=True,
        column_order=list(days.columns) if more else ["Day", "Band", "HEL", "Sessions"],
        column_config={
            "Day": st.column_config.TextColumn(width="small"),
            "Band": st.column_config.TextColumn(width="small"),
            "HEL": st.column_config.NumberColumn(
                width="small", help=heads["Hamstring load (HEL)"][1]
            ),
            "Sessions": st.column_config.TextColumn(width="large"),
        },
        key="weeks_days",
    )
    ui_notes.week_thread(athlete_id, pd.Timestamp(chosen).date())
ui.honest_line()
