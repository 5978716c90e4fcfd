"""Log a run, a strength session, a daily check-in or an injury."""

from __future__ import annotations

from typing import Any

import streamlit as st

from risk import entries, formats, ui, views, vocab
from risk.store import inputs, writes

engine = ui.engine()
athlete = ui.current_athlete()
athlete_id = athlete.id or 0
u = ui.units()

st.title("Log")
ui.show_flash()
if ui.read_only(athlete):
    st.stop()

# Keyed and tracked, so a save or a new exercise row leaves the runner on the same tab.
run_tab, strength_tab, checkin_tab, injury_tab = st.tabs(
    ["Run", "Strength session", "Daily check-in", "Injury"], key="log_tab", on_change="rerun"
)


#: (exercise, reps) each new exercise row starts with.
DEFAULT_EXERCISES = [("nordic", 5), ("single_leg_bridge", 12), ("rdl", 8), ("custom", 10)]


def _optional(value: Any) -> Any:
    return None if value in (None, "—") else value


with run_tab:
    # Not an st.form: the Reps section shows the fast km it derives as the runner types.
    k = ui.form_key("run_")
    c1, c2, c3 = st.columns(3)
    run_date = c1.date_input("Date", value=ui.today(), format="YYYY-MM-DD", key=k("date"))
    run_type = c2.selectbox(
        "Type",
        list(vocab.ACTIVITY_TYPES),
        format_func=lambda k: vocab.ACTIVITY_TYPES[k],
        key=k("type"),
        help="Cross-training is kept but adds no hamstring load.",
    )
    distance = ui.distance_input("Distance", key=k("distance"), value=None, container=c3)
    c4, c5, c6, c7 = st.columns(4)
    duration_text = c4.text_input(
        "Duration (h:mm:ss or minutes)", key=k("duration"), placeholder="optional"
    )
    rpe = c5.selectbox(
        "Effort (RPE 1-10)",
        ["—", *range(1, 11)],
        key=k("rpe"),
        help="Rate of perceived exertion for the whole session: 1 very easy, 10 maximal.",
    )
    fast = ui.distance_input(
        "Fast distance", key=k("fast"), value=None, optional=True, container=c6
    )
    strides = c7.number_input(
        "Strides", min_value=0, step=1, value=None, key=k("strides"), placeholder="optional"
    )
    st.caption(
        f"Fast distance: {u} run at 80 % or more of your max sprint speed "
        f"({athlete.v_max_ms:.1f} m/s), if you know it. Or give your reps below and the "
        "fast distance is worked out from them."
    )
    with st.expander("Reps (optional): the hard part of an interval session", expanded=True):
        r1, r2, r3 = st.columns(3)
        n_reps = r1.number_input(
            "Number of reps", min_value=0, step=1, value=None, key=k("reps"),
            placeholder="e.g. 6",
        )  # fmt: skip
        rep_km = ui.distance_input(
            "Rep distance", key=k("rep_distance"), value=None, optional=True, container=r2
        )
        rep_pace_text = r3.text_input(
            f"Rep pace (mm:ss per {u})", key=k("rep_pace"), placeholder="e.g. 3:50"
        )
        rep_entry = views.reps_entry(n_reps, rep_km, rep_pace_text, u, athlete.v_max_ms)
        if rep_entry.note:
            st.info(rep_entry.note)
    notes = st.text_area("Notes", key=k("notes"), height=80)
    if st.button("Save run", type="primary", key=k("save")):
        problems: list[str] = list(rep_entry.problems)
        duration_min = None
        if duration_text.strip():
            try:
                duration_min = formats.parse_clock(duration_text) / 60.0
            except ValueError as exc:
                problems.append(f"Duration: {exc}")
        data = {
            "date": run_date,
            "type": run_type,
            "distance_km": distance,
            "duration_min": duration_min,
            "rpe": _optional(rpe),
            "fast_km": fast,
            "strides": strides,
            "notes": notes,
            **rep_entry.values,
        }
        problems += ui.problems(inputs.RunIn, data, u)
        if problems:
            ui.refused(problems)
        else:
            assert distance is not None  # validated
            st.session_state["pending_run"] = {
                "data": data,
                "question": entries.likely_duplicate(
                    ui.frame("run", athlete_id), run_date, distance, run_type, u
                ),
                "saved": f"Saved: {vocab.ACTIVITY_TYPES[run_type]}, "
                f"{formats.format_distance(distance, u)} on {run_date}."
                + (f" {rep_entry.note}" if rep_entry.note else ""),
            }
    pending = st.session_state.get("pending_run")
    if pending is not None and pending["question"]:
        st.warning(pending["question"], icon=":material/content_copy:")
        b1, b2, _ = st.columns([1, 1, 4])
        confirmed = b1.button("Save anyway", type="primary", key="run_dup_save")
        if b2.button("Cancel", key="run_dup_cancel"):
            del st.session_state["pending_run"]
            st.rerun()
    else:
        confirmed = pending is not None
    if confirmed and pending is not None:
        del st.session_state["pending_run"]
        run_data = pending["data"]
        saved = ui.save(
            lambda: writes.add_run(engine, athlete_id, run_data, units=u, viewer=ui.viewer()),
            pending["saved"],
        )
        if saved is not None:
            ui.fresh_form("run_")

with strength_tab:
    k = ui.form_key("st_")
    n_exercises = int(
        st.columns([1, 3])[0].number_input(
            "How many exercises?", min_value=1, max_value=10, value=1, key=k("n")
        )
    )
    with st.form("log_strength"):
        c1, c2 = st.columns(2)
        st_date = c1.date_input("Date", value=ui.today(), format="YYYY-MM-DD", key=k("date"))
        st_rpe = c2.selectbox("Effort (RPE 1-10)", ["—", *range(1, 11)], key=k("rpe"))
        choices = [*vocab.EXERCISES, "custom"]
        rows: list[dict[str, Any]] = []
        for i in range(n_exercises):
            # Rows start as a typical hamstring session: Nordics, bridges, then RDLs.
            ex_default, reps_default = DEFAULT_EXERCISES[min(i, len(DEFAULT_EXERCISES) - 1)]
            cols = st.columns([3, 2, 1, 1, 1.2, 1.3])
            ex = cols[0].selectbox(
                "Exercise",
                choices,
                index=choices.index(ex_default),
                format_func=lambda k: vocab.EXERCISES.get(k, "Other (name it →)"),
                key=k(f"ex_{i}"),
            )
            custom = cols[1].text_input("Other exercise", key=k(f"custom_{i}"))
            sets = cols[2].number_input("Sets", min_value=0, value=3, step=1, key=k(f"sets_{i}"))
            reps = cols[3].number_input(
                "Reps", min_value=0, value=reps_default, step=1, key=k(f"reps_{i}")
            )
            load = cols[4].number_input(
                "Load (kg)", min_value=0.0, value=0.0, step=2.5, format="%.1f", key=k(f"load_{i}")
            )
            assisted = cols[5].checkbox(
                "Assisted",
                key=k(f"assist_{i}"),
                help="Band-assisted or partial-range Nordics.",
            )
            rows.append(
                {
                    "exercise": custom if ex == "custom" else ex,
                    "sets": sets,
                    "reps": reps,
                    "load_kg": load,
                    "assisted": assisted,
                }
            )
        st_notes = st.text_area("Notes", key=k("notes"), height=80)
        if st.form_submit_button("Save strength session", type="primary"):
            data = {"date": st_date, "rpe": _optional(st_rpe), "notes": st_notes, "exercises": rows}
            saved = ui.save(
                lambda: writes.add_strength_session(engine, athlete_id, data, viewer=ui.viewer()),
                f"Saved: strength session with {len(rows)} exercise(s) on {st_date}.",
            )
            if saved is not None:
                ui.fresh_form("st_")

k = ui.form_key("ci_")
with checkin_tab, st.form("log_checkin", enter_to_submit=False):
    ci_date = st.date_input("Date", value=ui.today(), format="YYYY-MM-DD", key=k("date"))
    c1, c2 = st.columns(2)
    left = c1.slider("Left hamstring soreness", 0, 10, 0, key=k("left"), help="0 none, 10 worst")
    right = c2.slider("Right hamstring soreness", 0, 10, 0, key=k("right"), help="0 none, 10 worst")
    wellness: dict[str, Any] = {}
    with st.expander("Wellness (optional, 1 = worst, 5 = best) and resting heart rate"):
        cols = st.columns(len(vocab.WELLNESS_ITEMS))
        for col, (item, item_label) in zip(cols, vocab.WELLNESS_ITEMS.items(), strict=True):
            wellness[item] = _optional(col.selectbox(item_label, ["—", 1, 2, 3, 4, 5], key=k(item)))
        wellness["resting_hr"] = st.columns(3)[0].number_input(
            vocab.RESTING_HR_LABEL,
            value=None,
            step=1,
            key=k("resting_hr"),
            placeholder="optional",
            help=vocab.RESTING_HR_HELP,
        )
    ci_notes = st.text_area("Notes", key=k("notes"), height=68)
    if st.form_submit_button("Save check-in", type="primary"):
        data = {
            "date": ci_date,
            "soreness_left": left,
            "soreness_right": right,
            "notes": ci_notes,
            **wellness,
        }
        checkin = ui.save(
            lambda: writes.save_checkin(engine, athlete_id, data, viewer=ui.viewer()),
            lambda r: f"{'Saved' if r[1] else 'Updated'} the check-in for {ci_date}.",
        )
        if checkin is not None:
            ui.fresh_form("ci_")

k = ui.form_key("inj_")
# Enter in "What happened" starts a new line; only the button saves.
with injury_tab, st.form("log_injury", enter_to_submit=False):
    c1, c2, c3, c4 = st.columns([1, 1, 1.2, 1.5])
    inj_date = c1.date_input("Date", value=ui.today(), format="YYYY-MM-DD", key=k("date"))
    site = c2.selectbox(
        "Site",
        list(vocab.INJURY_SITES),
        format_func=lambda k: vocab.INJURY_SITES[k],
        key=k("site"),
    )
    side = c3.radio(
        "Side",
        list(vocab.INJURY_SIDES),
        format_func=lambda k: vocab.INJURY_SIDES[k],
        horizontal=True,
        key=k("side"),
    )
    severity = c4.selectbox(
        "Severity",
        list(vocab.INJURY_SEVERITIES),
        format_func=lambda k: vocab.INJURY_SEVERITIES[k],
        key=k("severity"),
    )
    description = st.text_area(
        "What happened",
        key=k("desc"),
        height=68,
        placeholder="e.g. right hamstring twinge in the last rep",
    )
    back = st.date_input(
        "Back to running on (leave empty if not yet)",
        value=None,
        format="YYYY-MM-DD",
        key=k("back"),
    )
    if st.form_submit_button("Save injury", type="primary"):
        data = {
            "date": inj_date,
            "site": site,
            "side": side,
            "severity": severity,
            "description": description,
            "return_date": back,
        }
        saved = ui.save(
            lambda: writes.add_injury(engine, athlete_id, data, viewer=ui.viewer()),
            f"Saved the {views.injury_place(site, side)} injury of {inj_date}. Take care — "
            "and see a clinician if it is sharp or lasting.",
        )
        if saved is not None:
            ui.fresh_form("inj_")

st.divider()
recent = ui.recent_runs(athlete_id)
if recent.empty:
    st.info(
        "No runs yet. Log today's run above, or bring your history in from your watch or "
        "Strava on the Import page; every run, strength session and check-in builds the "
        "picture of what your hamstrings are used to."
    )
else:
    st.subheader("Latest runs")
    st.dataframe(recent, hide_index=True, placeholder="")
    st.caption("Edit or delete entries on the History page.")
