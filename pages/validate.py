"""Does it work for me? The colours checked against the runner's own injuries, and a
model card: what the indicator uses and ignores, its rules, its weaknesses."""

from __future__ import annotations

import streamlit as st

from risk import ui, views

athlete = ui.current_athlete()
athlete_id = athlete.id or 0
units = ui.units()

st.title("Does it work for me?")
st.caption(
    "The colours you saw, checked against the injuries you logged: was the day before an "
    "injury amber or red more often than an ordinary day? Every score is read from the day "
    "before, as you would have seen it."
)
result = ui.logged_assessment(athlete_id, "Nothing logged yet, so there is nothing to check.")
all_sites = st.toggle(
    "Count every injury, not only hamstring ones", key="validate_all_sites", value=False
)
report = ui.validation(athlete_id, all_sites=all_sites)

if report.injuries == 0:
    st.info(
        "No injuries logged: nothing to check yet. When a strain or a niggle stops your "
        "training, log it under **Log → Injury** (the day it happened, the side and the "
        "site, and later the day you were back): this page then shows what the colours "
        "said in the days before it.",
        icon=":material/info:",
    )
else:
    st.markdown(f"**{report.verdict}**")
    if report.enough:
        st.dataframe(views.validation_table(report), hide_index=True)
        st.caption(
            "AUC: how often the score ranked the day before an injury above an ordinary day "
            "(0.5 is chance, 1 perfect); the interval resamples your injuries. Alarm rates "
            "are shares of days or of injuries, never a chance of getting injured. The last "
            "row is a null: the ratio with a random chronic load; a score that does no "
            "better adds nothing. " + report.reference_note + "."
        )
    else:
        st.write(
            f"With fewer than {report.min_injuries} injuries no score can be judged fairly, "
            "so none is given. Here is what the indicator showed before each one."
        )
    for case in report.injury_list:
        with st.expander(views.injury_title(case), expanded=len(report.injury_list) <= 3):
            st.dataframe(views.injury_days_table(case, units), hide_index=True)
    settings = report.settings or {}
    st.caption(
        "Settings in force: "
        + (", ".join(f"{k} = {v}" for k, v in settings.items()) if settings else "the defaults")
        + f". Ordinary days leave out lay-offs and the {report.washout_days} days after a "
        "return."
    )

st.subheader("About the indicator")
st.markdown("\n".join(f"- {line}" for line in views.model_card(report, result.params)))
ui.honest_line()
