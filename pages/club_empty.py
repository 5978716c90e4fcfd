"""Club mode: a coach whose club has no runner to show yet."""

from __future__ import annotations

import streamlit as st

from risk import club_ui

viewer = club_ui.viewer()
st.title("Your club")
st.info(
    "No runners to show yet: your club's athletes appear here once they have signed in "
    "and created their runner profile. Ask your club admin to invite them by email.",
    icon=":material/groups:",
)
