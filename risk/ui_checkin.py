"""The morning check-in on Today: a form that saves in one tap, or what was logged.

The form (:func:`checkin_form`) only returns the values; :func:`morning_checkin` saves
them through the same validation and store write as Log → Check-in
(:func:`risk.store.writes.save_checkin`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from risk import today as today_view
from risk import ui, views, vocab
from risk.store import writes

_SCALE = ["—", 1, 2, 3, 4, 5]


def _optional(value: Any) -> Any:
    return None if value in (None, "—") else value


def checkin_form(key: str, defaults: Mapping[str, int], on: dt.date) -> dict[str, Any] | None:
    """The one-tap morning check-in: left and right hamstring soreness (0-10, starting at
    ``defaults``), and, folded away, sleep quality, fatigue (1-5) and resting heart rate.
    Returns the check-in for ``on`` when "Check in" is pressed, else None. It does not
    validate: the store does, with the same messages as everywhere."""
    with st.form(key, enter_to_submit=False):
        st.markdown(f"**Morning check-in** · {views.day(on)}")
        c1, c2 = st.columns(2)
        left = c1.slider(
            "Left hamstring soreness",
            0,
            10,
            int(defaults.get("soreness_left", 0)),
            key=f"{key}_left",
            help="0 none, 10 worst. Starts at yesterday's check-in.",
        )
        right = c2.slider(
            "Right hamstring soreness",
            0,
            10,
            int(defaults.get("soreness_right", 0)),
            key=f"{key}_right",
            help="0 none, 10 worst. Starts at yesterday's check-in.",
        )
        with st.expander("Sleep, fatigue, resting heart rate (optional)"):
            c3, c4, c5 = st.columns(3)
            sleep = c3.selectbox(
                vocab.WELLNESS_ITEMS["sleep"], _SCALE, key=f"{key}_sleep", help="1 worst, 5 best"
            )
            fatigue = c4.selectbox(
                vocab.WELLNESS_ITEMS["fatigue"],
                _SCALE,
                key=f"{key}_fatigue",
                help="1 worst (exhausted), 5 best (fresh)",
            )
            resting_hr = c5.number_input(
                vocab.RESTING_HR_LABEL,
                value=None,
                step=1,
                key=f"{key}_resting_hr",
                placeholder="optional",
                help=vocab.RESTING_HR_HELP,
            )
        if not st.form_submit_button("Check in", type="primary", icon=":material/check:"):
            return None
    return {
        "date": on,
        "soreness_left": left,
        "soreness_right": right,
        "sleep": _optional(sleep),
        "fatigue": _optional(fatigue),
        "resting_hr": resting_hr,
    }


def morning_checkin(athlete_id: int, on: dt.date, key: str = "morning_checkin") -> None:
    """Today's check-in: "Checked in" with what was logged when there is one; else the
    one-tap form, saved like Log → Check-in. A refused check-in lists every problem and
    saves nothing; a saved one reruns the page, so the reported soreness follows."""
    checkins = ui.frame("checkin", athlete_id)
    logged = today_view.checkin_on(checkins, on)
    if logged is not None:
        st.markdown(
            f":material/check_circle: **Checked in** · {today_view.checkin_summary(logged)}"
        )
        st.caption("Change it on **Log → Daily check-in** (the same day replaces it).")
        return
    if not ui.can_write(athlete_id):  # a coach reading: no form they could not save
        st.caption("No check-in today yet.")
        return
    values = checkin_form(key, today_view.checkin_defaults(checkins, on), on)
    if values is None:
        return
    saved = ui.save(
        lambda: writes.save_checkin(ui.engine(), athlete_id, values, viewer=ui.viewer()),
        f"Checked in for {views.day(on)}: {today_view.checkin_summary(values)}.",
    )
    if saved is not None:
        st.rerun()
