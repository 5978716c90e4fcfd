"""Plan a speed session: is it wise on that day and the two after? If not, when, and
how long may it be?"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from risk import charts, ui, views, vocab
from risk.model import PlannedRun, reasons
from risk.model.daily import row_at
from risk.store import InvalidEntry, inputs, writes

engine = ui.engine()
athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()
today = ui.today()

st.title("Plan a speed session")
ui.show_flash()
st.caption(
    "Try a session before you run it: the model adds it to your log (and to the sessions "
    "you planned) and looks at that day and the two after."
)
result = ui.logged_assessment(
    athlete_id, "The planner judges a session against your log, and it is empty."
)

upcoming = views.next_speed_session(ui.frame("planned_session", athlete_id), today)
types = list(vocab.RUN_TYPES)
with st.form("plan_form"):
    c1, c2 = st.columns(2)
    day = c1.date_input(
        "Date",
        value=upcoming.date if upcoming else today + dt.timedelta(days=1),
        min_value=today,
        max_value=today + dt.timedelta(days=inputs.MAX_PLAN_AHEAD_DAYS),
        format="YYYY-MM-DD",
        key="plan_date",
    )
    kind = c2.selectbox(
        "Type",
        types,
        index=types.index(upcoming.type if upcoming else "intervals"),
        format_func=lambda k: vocab.RUN_TYPES[k],
        key="plan_type",
    )
    c3, c4, c5 = st.columns(3)
    km = ui.distance_input(
        "Distance",
        key="plan_distance",
        value=upcoming.distance_km if upcoming else 10.0,
        container=c3,
    )
    fast = ui.distance_input(
        "Fast running",
        key="plan_fast",
        value=upcoming.fast_km if upcoming else None,
        optional=True,
        container=c4,
    )
    strides = c5.number_input(
        "Strides",
        value=upcoming.strides if upcoming else None,
        min_value=0,
        step=1,
        placeholder="optional",
        key="plan_strides",
    )
    asked = st.form_submit_button("Is it wise?", type="primary")

if asked:
    try:
        clean = inputs.validate(
            inputs.PlannedSessionIn,
            {"date": day, "type": kind, "distance_km": km, "fast_km": fast, "strides": strides},
            units=units,
        )
    except InvalidEntry as exc:
        st.error("Cannot check this session:\n" + "\n".join(f"- {m}" for m in exc.messages))
        st.session_state.pop("plan_session", None)
    else:
        st.session_state["plan_session"] = PlannedRun(
            clean.date, clean.type, clean.distance_km, clean.fast_km, clean.strides
        )

session: PlannedRun | None = st.session_state.get("plan_session")
if session is None:
    st.info("Fill in the session and press **Is it wise?**", icon=":material/event:")
    ui.honest_line()
    st.stop()

answer = ui.plan(athlete_id, session)
band = answer.band_on_day
st.markdown(f"## {views.band_badge(band)}  {views.session_label(session, units)}")
row = row_at(answer.with_session, session.date)
why = reasons(row, result.params, units) if row is not None else answer.reasons
if why:
    st.markdown("\n".join(f"- {r.message}" for r in why))
else:
    st.markdown("- Within your usual range that day.")

st.markdown(
    "**The two days after:** "
    + " · ".join(
        f"{views.day(session.date + dt.timedelta(days=k))} {views.band_badge(b)}"
        for k, b in zip((1, 2), answer.bands_next_two_days, strict=True)
    )
    + " (with the session counted)"
)
good = answer.earliest_good_day
if band == "grey":
    st.info(
        f"Your log is too short for a verdict: the colours, the earliest good day and the "
        f"longest safe distance start once it holds {result.params.warmup_days} days. The "
        "chart below still shows how the session would add to your load.",
        icon=":material/hourglass_top:",
    )
else:
    m2, m3 = st.columns(2)
    m2.metric(
        "Earliest good day",
        f"{views.day(good)}" if good else "none this week",
        help=f"The first of {result.params.planner_days} days from the planned one where the "
        "session comes out green and neither day after is amber or red",
    )
    limit = answer.max_distance_km
    m3.metric(
        "Longest that keeps the day green",
        "as planned"
        if answer.good_on_day
        else "–"
        if limit is None
        else views.distance(limit, units),
        help="The largest distance that day (fast running scaled with it) that comes out "
        "green, never more than your longest session of this kind plus "
        f"{result.params.planner_margin:.0%}",
    )
    advice_lines = views.plan_advice(answer, units, result.params)
    if advice_lines:
        st.markdown("\n".join(f"- {line}" for line in advice_lines))
    st.markdown(
        "**Days searched, up to the first good one:** "
        + " · ".join(f"{views.day(d)} {views.band_badge(b)}" for d, b in answer.candidates.items())
    )
st.plotly_chart(
    ui.figure(athlete_id, "plan", session, lambda: charts.plan_chart(answer, today, result.params)),
    config=charts.CONFIG,
    key="plan_chart",
)
st.caption(
    "Top: each day's hamstring load (orange: the session; grey: planned days) and the "
    "acute load with the session (solid) and without it (dotted). Bottom: the "
    "load-to-capacity ratio with and without it."
)


def _save(planned: PlannedRun) -> None:
    """Store ``planned`` (and rerun) unless the same session is already planned that day."""
    label = views.session_label(planned, units)
    if views.already_planned(ui.frame("planned_session", athlete_id), planned):
        st.info(f"Already in your plan: {label}.")
        return
    values = {
        "date": planned.date,
        "type": planned.type,
        "distance_km": planned.distance_km,
        "fast_km": planned.fast_km,
        "strides": planned.strides,
    }
    saved = ui.save(
        lambda: writes.add_planned_session(engine, athlete_id, values, viewer=ui.viewer()),
        f"Planned: {label}. It shows on Today.",
    )
    if saved is not None:
        st.session_state["plan_session"] = planned
        st.rerun()


if not ui.can_write(athlete_id):  # a coach reading: the answer, not the save buttons
    st.caption(views.read_only_line(athlete.name))
    ui.honest_line()
    st.stop()
s1, s2 = st.columns(2)
if s1.button(f"Save to my plan on {views.day(session.date)}", icon=":material/bookmark_add:"):
    _save(session)
if (
    good is not None
    and good != session.date
    and not answer.good_on_day
    and s2.button(f"Save it on {views.day(good)} instead", icon=":material/event_available:")
):
    _save(PlannedRun(good, session.type, session.distance_km, session.fast_km, session.strides))
ui.honest_line()
