"""Today: an open or recent injury first, then the band, its reasons, the loads behind
it, soreness, the next speed session and what to do."""

from __future__ import annotations

import streamlit as st

from risk import advice, charts, ui, views
from risk.model import reasons
from risk.model.daily import row_at
from risk.model.planner import GOOD_BANDS

athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()
today = ui.today()

result = ui.assessment(athlete_id)
verdict = result.verdict
band = verdict.band

st.title(f"Today · {views.day(today)}")
ui.show_flash()
ui.injury_notice(views.injury_notice(result.daily, today, result.params))
if not ui.has_log(result) or band == "none":
    ui.empty_state(f"Nothing logged for {athlete.name} yet, so there is no colour to show.")
    ui.honest_line()
    st.stop()

st.markdown(f"## {views.band_badge(band)}  {views.BAND_MEANING[band]}")
row = row_at(result.daily, today)
why = reasons(row, result.params, units) if row is not None else verdict.reasons
if why:
    st.markdown("\n".join(f"- {'**Note:** ' if r.kind == 'note' else ''}{r.message}" for r in why))
else:
    st.markdown("- Nothing stands out: the load is within your usual range.")

st.subheader("Hamstring load")
for col, metric in zip(st.columns(5), views.today_metrics(result.daily, today), strict=True):
    col.metric(
        metric.label, metric.value, metric.delta, help=metric.help, delta_color=metric.delta_color
    )
totals = views.seven_day_totals(result.daily, today, units)
for col, metric in zip(st.columns(3), totals, strict=True):
    col.metric(metric.label, metric.value, metric.delta, help=metric.help, delta_color="off")

left, right = st.columns([3, 2], gap="large")
with left:
    st.plotly_chart(
        charts.recent_days(result.daily, today, result.params),
        config={"displayModeBar": False},
        key="today_chart",
    )
with right:
    st.subheader("Soreness")
    s1, s2 = st.columns(2)
    s1.metric(
        "Predicted",
        f"{views.number(verdict.soreness_predicted, 1)} / 10",
        help="Your usual soreness plus the last days' load above what you are used to, "
        f"peaking {views.soreness_peak(result.fit, 'the load')}. " + result.fit.note,
    )
    s2.metric(
        "Reported",
        "–" if verdict.soreness_reported is None else f"{verdict.soreness_reported:.0f} / 10",
        help="The worse side of today's check-in",
    )
    if verdict.soreness_reported is None:
        st.caption("No check-in today: add one on **Log → Check-in**.")

    st.subheader("Next speed session")
    planned = ui.frame("planned_session", athlete_id)
    session = views.next_speed_session(planned, today)
    session_band = None
    if session is None and verdict.band == "injured":
        st.write("None while an injury is open.")
    elif session is None:
        st.write("No speed session planned.")
        st.page_link("pages/plan.py", label="Plan one", icon=":material/event:")
    else:
        answer = ui.plan(athlete_id, session)
        session_band = views.session_verdict(answer)
        st.markdown(f"{views.session_label(session, units)}: {views.band_badge(session_band)}")
        good = answer.earliest_good_day
        if session_band not in GOOD_BANDS and good is not None and good != session.date:
            st.write(f"Earliest good day: **{views.day(good)}**.")
        st.page_link("pages/plan.py", label="Open the planner", icon=":material/event:")

st.subheader("What to do")
tips = advice.what_to_do(result.daily, today, result.params, units, session, session_band)
st.markdown("\n".join(f"- {tip}" for tip in tips))
ui.honest_line()
