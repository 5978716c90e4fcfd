"""Load & strength: daily hamstring load, acute and chronic load, the safe band, the
strength index, and the risky days."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import streamlit as st

from risk import charts, ui, views

athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()
today = ui.today()

st.title("Load & strength")
result = ui.logged_assessment(athlete_id, "Nothing logged yet, so there is no load to chart.")

period = ui.period_control("load_period")
days = ui.PERIODS[period]
start = None if days is None else today - dt.timedelta(days=days - 1)


def _chart() -> go.Figure:
    sessions = views.day_sessions(
        ui.within(ui.frame("run", athlete_id), period),
        ui.within(ui.frame("strength_set", athlete_id), period),
        units,
    )
    return charts.load_strength(result.daily, sessions, result.params, units, start)


st.plotly_chart(
    ui.figure(athlete_id, "load_strength", (period, units), _chart),
    config=charts.CONFIG,
    key="load_chart",
)
st.caption(
    "Bars: each day's hamstring eccentric load (HEL, in easy-km equivalents). Lines: the "
    "acute (7-day) and chronic (28-day) averages. The green band is the acute load that "
    f"keeps the load-to-capacity ratio under {result.params.ratio_amber:g} and above the "
    "'well below usual' note; it widens as strength work raises your capacity. Triangles "
    "mark amber days and diamonds red ones (hover one for its reasons); the dotted line is "
    "your strength index (right axis). "
    "Purple shading marks an injury lay-off (a cross on its first day), lighter purple the "
    f"{result.params.return_weeks} weeks back after it."
)
lower, upper = charts.safe_band(result.daily[result.daily.index == str(today)], result.params)
v = result.verdict
if v.acute is not None and v.chronic is not None and len(upper):
    st.markdown(
        f"**Today:** acute load {v.acute:.1f} HEL a day against chronic {v.chronic:.1f}; "
        f"the safe band runs from {lower[0]:.1f} to {upper[0]:.1f} "
        f"(capacity {views.number(v.capacity)}, ratio {views.number(v.load_capacity_ratio)})."
    )
ui.honest_line()
