"""Soreness: predicted against reported, the fitted gain, and what came before the
sorest days."""

from __future__ import annotations

import streamlit as st

from risk import charts, ui, views
from risk.model.soreness import before_sorest_days

athlete = ui.current_athlete()
athlete_id = athlete.id or 0

st.title("Soreness")
result = ui.logged_assessment(athlete_id, "Nothing logged yet, so there is no soreness to compare.")

fit = result.fit
c1, c2, c3, c4 = st.columns(4)
c1.metric(
    "Soreness gain k",
    f"{fit.gain:.2f}",
    help="Predicted soreness = k × the lagged load above what you are used to",
)
c2.metric(
    "Fit r²", views.number(fit.r2), help="Share of your check-ins' ups and downs the fit explains"
)
c3.metric("Check-ins", f"{fit.n_checkins}", help="Check-ins up to today used in the fit")
c4.metric(
    "Your usual soreness",
    views.number(fit.baseline, 1),
    help="The fit's intercept: soreness on a day without unaccustomed load",
)
if fit.fitted:
    st.caption(fit.note)
else:
    st.info(
        f"{fit.note}. Log a daily check-in (Log → Check-in) and the gain is fitted to you "
        f"from {result.params.fit_min_checkins} check-ins on.",
        icon=":material/info:",
    )

checkins = int(result.daily["soreness_reported"].notna().sum())
period = ui.period_control("soreness_period")
st.plotly_chart(
    charts.soreness_chart(ui.within_days(result.daily, period), fit, result.params),
    key="soreness_chart",
)
st.caption(
    "Dots: the soreness you reported (the worse side). Line: what the model predicts from "
    "load above what you are used to, spread over the next 24–72 h. Open circles: your "
    "sorest days (your top 10 % of check-ins, above your median). The fit and the "
    "table below use every check-in."
)

st.subheader("What came before the sorest days")
table = before_sorest_days(
    result.daily, ui.frame("run", athlete_id), ui.frame("strength_set", athlete_id)
)
if table.empty:
    st.write(
        "No sorest days yet: they need check-ins whose soreness rises above your usual."
        if checkins
        else "No check-ins yet."
    )
else:
    st.dataframe(views.before_sorest_table(table), hide_index=True, key="soreness_before")
    st.caption(
        "A session 'comes before' a day when it was on that day or the two days before. "
        "'× as common' compares the share of your sorest days it came before with the "
        "share of all your checked-in days: well above 1 is a kind to watch. Counts, not "
        "causes."
    )
ui.honest_line()
