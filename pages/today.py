"""Today, phone first: an open or recent injury first; then the band, its reasons and
what to do; the next speed session and the morning check-in; the numbers in a few lines
(all of them folded away); the last four weeks in a chart."""

from __future__ import annotations

import streamlit as st

from risk import advice, charts, ui, ui_checkin, ui_notes, views
from risk import today as today_view
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

session = views.next_speed_session(ui.frame("planned_session", athlete_id), today)
# Today shows the verdict and the earliest good day; the sizes are the planner's.
answer = None if session is None else ui.plan(athlete_id, session, sizes=False)
session_band = None if answer is None else views.session_verdict(answer)
row = row_at(result.daily, today)
why = reasons(row, result.params, units) if row is not None else verdict.reasons
tips = advice.what_to_do(result.daily, today, result.params, units, session, session_band)

# On a phone the columns stack: verdict and what to do first, then the session.
verdict_col, side_col = st.columns([3, 2], gap="large")
with verdict_col:
    st.markdown(f"### {views.band_badge(band)}  {views.BAND_MEANING[band]}")
    if why:
        st.markdown(
            "\n".join(f"- {'**Note:** ' if r.kind == 'note' else ''}{r.message}" for r in why)
        )
    else:
        st.markdown("- Nothing stands out: the load is within your usual range.")
    st.markdown("#### What to do")
    st.markdown("\n".join(f"- {tip}" for tip in tips))

with side_col:
    st.markdown("#### Next speed session")
    if session is None and band == "injured":
        st.write("None while an injury is open.")
    elif session is None or answer is None:
        st.write("No speed session planned.")
        st.page_link("pages/plan.py", label="Plan one", icon=":material/event:")
    else:
        label = views.session_label(session, units)
        st.markdown(f"{label}: {views.band_badge(session_band or '')}")
        good = answer.earliest_good_day
        if session_band not in GOOD_BANDS and good is not None and good != session.date:
            st.write(f"Earliest good day: **{views.day(good)}**.")
        st.page_link("pages/plan.py", label="Open the planner", icon=":material/event:")
    ui_checkin.morning_checkin(athlete_id, today)
    ui_notes.unread_notice(athlete_id)
    ui_notes.note_box(athlete_id, today)

st.markdown("#### The numbers")
st.markdown("\n".join(f"- {line}" for line in today_view.numbers(result.daily, today, units)))
# Drawn only when opened (a rerun): eleven metrics fewer on every view of Today.
numbers_box = st.expander(
    "Every number, with its change on a week ago", key="today_numbers", on_change="rerun"
)
if numbers_box.open:
    with numbers_box:
        for col, metric in zip(
            st.columns(5), views.today_metrics(result.daily, today), strict=True
        ):
            col.metric(
                metric.label,
                metric.value,
                metric.delta,
                help=metric.help,
                delta_color=metric.delta_color,
            )
        totals = views.seven_day_totals(result.daily, today, units)
        for col, metric in zip(st.columns(3), totals, strict=True):
            col.metric(
                metric.label, metric.value, metric.delta, help=metric.help, delta_color="off"
            )
        s1, s2, _ = st.columns(3)
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

st.plotly_chart(
    ui.figure(
        athlete_id,
        "recent_days",
        units,
        lambda: charts.recent_days(result.daily, today, result.params, units=units),
    ),
    config=charts.CONFIG,
    key="today_chart",
)
st.caption(
    "Bars: each day's hamstring load (HEL) in the day's colour; hover an amber or red day "
    f"for its reasons. Below: the load-to-capacity ratio, amber from "
    f"{result.params.ratio_amber:g}, red from {result.params.ratio_red:g}."
)
ui.honest_line()
