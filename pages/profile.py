"""The runner's profile and units; add another runner."""

from __future__ import annotations

import streamlit as st

from risk import ui, views
from risk.store import queries, writes

engine = ui.engine()
athlete = ui.current_athlete()
athlete_id = athlete.id or 0

st.title("Profile")
ui.show_flash()

ui.coach_editing_toggle(athlete)
locked = ui.read_only(athlete)
values = None if locked else ui.profile_form("profile", athlete, "Save profile")
if values is not None:
    changes = values
    saved = ui.save(
        lambda: writes.update_athlete(engine, athlete_id, changes, viewer=ui.viewer()),
        lambda a: f"Saved {a.name}'s profile (max sprint speed {a.v_max_ms:.2f} m/s).",
    )
    if saved is not None:
        st.rerun()

counts = queries.entry_counts(engine, athlete_id, viewer=ui.viewer())
profile = views.profile_line(athlete.v_max_ms, athlete.body_mass_kg, ui.units())
st.caption(
    f"{profile} · {views.plural(counts['run'], 'run')}, "
    f"{views.plural(counts['strength_session'], 'strength session')}, "
    f"{views.plural(counts['checkin'], 'check-in')} logged."
)

if ui.viewer().is_local:  # in club mode runners come by invitation (Club members)
    with st.expander("Add another runner"):
        new = ui.profile_form("add_runner", None, "Add runner", mass_units=ui.units())
        if new is not None:
            ui.create_runner(new, lambda a: f"Added {a.name}. Switch runners in the sidebar.")

if ui.can_delete(athlete_id):  # the runner themselves (every runner, locally)
    with st.expander("Delete this runner"):
        st.warning(
            f"This deletes {athlete.name} and every run, strength session, check-in, injury and "
            "plan of theirs. It cannot be undone: export or back up first "
            "(`uv run eccentric export DIR` or `uv run eccentric backup FILE`)."
        )
        typed = st.text_input(f"Type {athlete.name!r} to confirm", key="delete_confirm")
        if st.button(
            f"Delete {athlete.name}", disabled=typed.strip() != athlete.name, key="delete_runner"
        ):
            deleted = ui.save(
                lambda: writes.delete_athlete(engine, athlete_id, viewer=ui.viewer()),
                lambda name: f"Deleted {name}.",
            )
            if deleted is not None:
                ui.select_athlete(None)
                st.rerun()
