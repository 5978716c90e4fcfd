"""Notes and comments in the app: the runner's "Leave a note for your coach" (Today), a
week's comments and the box to add one (Weeks), the roster's note columns.

Every read and write goes through :mod:`risk.store.notes` with the page's viewer, which
checks access itself: a coach comments on the runners they may see, a runner leaves
notes on their own runner only. Forms only return text; the store validates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from risk import club_ui, notes_view, ui
from risk.store import notes
from risk.store.inputs import MAX_NOTE
from risk.store.notes import RunnerNotes

_NOTE = "coachnote_"
_COMMENT = "weekcomment_"


def text_form(key: str, label: str, button: str, placeholder: str) -> str | None:
    """A text box and its button; the text typed when the button is pressed, else None."""
    field = ui.form_key(key)
    with st.form(field("form"), enter_to_submit=False, border=False):
        text = st.text_area(
            label, key=field("text"), max_chars=MAX_NOTE, placeholder=placeholder, height=90
        )
        if not st.form_submit_button(button):
            return None
    return text


def may_leave_notes(athlete_id: int) -> bool:
    """Whether the viewer leaves notes for this runner's coach: the runner themselves (and
    anyone in the local app)."""
    viewer = club_ui.viewer()
    return viewer.is_local or athlete_id in viewer.own_athletes


def note_box(athlete_id: int, on: dt.date) -> None:
    """Today's "Leave a note for your coach" (folded), with the last note left; nothing
    for someone else's runner (a coach comments on a week instead)."""
    if not may_leave_notes(athlete_id):
        return
    viewer = club_ui.viewer()
    latest = notes.notes(ui.engine(), viewer, athlete_id, limit=1)
    with st.expander("Leave a note for your coach", icon=":material/sticky_note_2:"):
        if latest:
            st.caption(
                f"Your last note ({notes_view.when(latest[0].created_at)}): "
                + notes_view.safe_markdown(notes_view.note_preview(latest[0]))
            )
        else:
            st.caption(
                "How the legs feel, a session missed, what worked: your coach sees your "
                "latest note on their Roster."
            )
        text = text_form(
            _NOTE, "Note for your coach", "Leave note", "Left hamstring tight after the reps…"
        )
        if text is None:
            return
        saved = ui.save(
            lambda: notes.add_note(ui.engine(), viewer, athlete_id, {"date": on, "note": text}),
            "Note left: your coach sees it on their Roster.",
        )
        if saved is not None:
            ui.fresh_form(_NOTE)


def unread_notice(athlete_id: int) -> None:
    """Today's line when this runner's weeks hold comments new to the viewer, with a
    link to Weeks (which opens on the latest such week)."""
    weeks = notes.unread_weeks(ui.engine(), club_ui.viewer(), athlete_id)
    if weeks:
        st.info(notes_view.unread_line(weeks), icon=":material/forum:")
        st.page_link("pages/weeks.py", label="Read them on Weeks", icon=":material/forum:")


def week_index(athlete_id: int, starts: list[Any], default: int) -> int:
    """The week the Weeks page opens on: the latest with comments new to the viewer, else
    ``default``; says which weeks hold new comments."""
    weeks = notes.unread_weeks(ui.engine(), club_ui.viewer(), athlete_id)
    if weeks:
        st.caption(notes_view.unread_line(weeks))
    return notes_view.week_to_open(starts, default, weeks)


def week_thread(athlete_id: int, week: dt.date) -> None:
    """A week's comments (author, when, new ones marked) and the box to add one; shown
    comments become read."""
    viewer = club_ui.viewer()
    engine = ui.engine()
    st.markdown("#### Comments on this week")
    ui.show_flash()
    thread = notes.week_comments(engine, viewer, athlete_id, week)
    own = viewer.is_local or athlete_id in viewer.own_athletes
    if not thread:
        st.caption(
            "No comments on this week yet. "
            + (
                "Your coach's comments show here; you can reply below."
                if own and not viewer.is_local
                else "Write one below: the runner reads it here and can reply."
            )
        )
    for comment in thread:
        with st.container(border=True):
            st.markdown(notes_view.comment_heading(comment))
            st.markdown(notes_view.safe_markdown(comment.text))
    notes.mark_read(engine, viewer, [c.id for c in thread if c.unread])
    label, button = (
        ("Reply to your coach", "Reply")
        if own and not viewer.is_local and thread
        else ("Comment on this week", "Post comment")
    )
    text = text_form(_COMMENT, label, button, "What you see in this week…")
    if text is None:
        return
    posted = ui.save(
        lambda: notes.add_comment(engine, viewer, athlete_id, {"week": week, "comment": text}),
        "Comment posted.",
        for_runner=False,  # the store lets anyone who may see the runner comment
    )
    if posted is not None:
        ui.fresh_form(_COMMENT)


def roster_notes(athlete_ids: list[int]) -> dict[int, RunnerNotes]:
    """Each runner's latest note and the comments new to the viewer (read afresh)."""
    return notes.summaries(ui.engine(), club_ui.viewer(), athlete_ids)
