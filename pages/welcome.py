"""First start: create a runner profile or explore the demo runner."""

from __future__ import annotations

import streamlit as st

from risk import ui

ui.engine()

st.title("Welcome to Eccentric")
st.markdown(
    "Fast running makes your hamstrings brake the lower leg, lengthening under load. "
    "That **eccentric** work is what makes them sore and, when it piles up past what they "
    "tolerate, strains them. Strength work such as Nordic curls raises what they tolerate.\n\n"
    "Eccentric keeps your runs and strength sessions and shows how your hamstring load "
    "compares with what you are used to — so you can ask, before Thursday's intervals, "
    "*is this wise?*"
)
st.caption(ui.HONEST_LINE)

left, right = st.columns([3, 2], gap="large") if not ui.hosted() else (st.container(), None)
with left:
    st.subheader("Create your runner profile")
    values = ui.profile_form("onboarding", None, "Create profile")
    if values is not None:
        ui.create_runner(
            values,
            lambda a: (
                f"Welcome, {a.name}! Log your first run or import your watch's files to start."
            ),
        )
if right is not None:  # the demo runner is the local app's, not a club member's
    with right:
        st.subheader("Or look around first")
        st.write(
            "Load a made-up runner with two years of training: base and speed blocks, a "
            "race, Nordic sessions with a three-week gap, daily check-ins and one hamstring "
            "strain."
        )
        if st.button("Explore with demo data", icon=":material/science:"):
            ui.load_demo_runner()
