"""Soreness: predicted against reported, the fit (usual level, gain, when soreness
peaks, r² on fitted and unseen check-ins), and what came before the sorest days."""

from __future__ import annotations

import streamlit as st

from risk import charts, ui, views
from risk.model.soreness import before_sorest_days

athlete = ui.current_athlete()
athlete_id = athlete.id or 0

st.title("Soreness")
result = ui.logged_assessment(athlete_id, "Nothing logged yet, so there is no soreness to compare.")

fit = result.fit
metrics = views.soreness_metrics(fit)
for row in (metrics[:3], metrics[3:]):
    for col, metric in zip(st.columns(3), row, strict=True):
        col.metric(metric.label, metric.value, help=metric.help)
st.write(views.soreness_summary(fit, result.params))
if not fit.fitted:
    st.info(
        f"{fit.note}. Log a daily check-in (Log → Check-in) and the gain is fitted to you "
        f"from {result.params.fit_min_checkins} check-ins on.",
        icon=":material/info:",
    )

checkins = int(result.daily["soreness_reported"].notna().sum())
period = ui.period_control("soreness_period")
st.plotly_chart(
    ui.figure(
        athlete_id,
        "soreness",
        period,
        lambda: charts.soreness_chart(ui.within_days(result.daily, period), fit, result.params),
    ),
    config=charts.CONFIG,
    key="soreness_chart",
)
st.caption(
    "Dots: the soreness you reported (the worse side). Line: what the model predicts: "
    "your usual soreness plus load above what you are used to, spread over the days "
    f"after with its peak {views.soreness_peak(fit, 'the load')}. Open circles: your "
    "sorest days (your top 10 % of check-ins, above your median). The fit and the "
    "table below use every check-in."
)

st.subheader("What came before the sorest days")
table = ui.derived(
    athlete_id,
    "before_sorest_days",
    None,
    lambda: before_sorest_days(
        result.daily, ui.frame("run", athlete_id), ui.frame("strength_set", athlete_id)
    ),
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
