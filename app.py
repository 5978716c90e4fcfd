"""Eccentric: the Streamlit entry point. Routes pages, holds the sidebar, onboards new users.

Run with ``uv run streamlit run app.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import inspect
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from risk.store.access import Viewer

#: What the pages import, with pandas, SQLAlchemy, Plotly and the file readers beneath.
LIBRARIES = (
    "risk.ui",
    "risk.ui_guard",
    "risk.ui_editor",
    "risk.calendar_html",
    "risk.ui_checkin",
    "risk.today",
    "risk.notes_view",
    "risk.ui_notes",
    "risk.charts",
    "risk.views",
    "risk.advice",
    "risk.store.writes",
    "risk.ingest.csvlog",
    "risk.ingest.pipeline",
)


def _club_pages(viewer: Viewer) -> list[st.Page]:
    """Club mode's own pages for this viewer: the members page for a club admin."""
    if viewer.clubs("admin"):
        return [st.Page("pages/club_admin.py", title="Members", icon=":material/group:")]
    return []


def _route() -> None:
    """Set up the page, the sidebar and the navigation, then run the chosen page."""
    from risk import club_ui, ui, vocab
    from risk.store import writes

    st.set_page_config(page_title="Eccentric", page_icon=":material/directions_run:", layout="wide")
    viewer = club_ui.viewer(route=True)  # club mode: the sign-in page until signed in
    engine = ui.engine()
    ui.begin_run()
    everyone = ui.athletes()
    club = _club_pages(viewer)

    if not everyone:
        first: list[st.Page] = []
        if viewer.is_local or any(r.role == "athlete" for r in viewer.roles):
            first.append(
                st.Page("pages/welcome.py", title="Welcome", icon=":material/waving_hand:")
            )
        elif not club:  # a coach whose athletes have no runner profile yet
            first.append(st.Page("pages/club_empty.py", title="Club", icon=":material/groups:"))
        with st.sidebar:
            club_ui.sidebar(viewer)
        pages = first + club
        page = st.navigation(pages, position="hidden" if len(pages) == 1 else "sidebar")
    else:
        athlete = ui.current_athlete()
        with st.sidebar:
            st.markdown("### Eccentric")
            if len(everyone) > 1:
                ids = [a.id for a in everyone]
                names = {a.id: a.name for a in everyone}
                st.selectbox(
                    "Runner",
                    ids,
                    format_func=lambda i: names[i],
                    key="athlete_id",
                )
                athlete = ui.current_athlete()
            chosen = st.radio(
                "Distances",
                list(vocab.UNITS),
                index=list(vocab.UNITS).index("mi" if athlete.units == "mi" else "km"),
                horizontal=True,
                disabled=not ui.can_write(athlete.id),
            )
            if chosen != athlete.units and athlete.id is not None:
                ui.save(
                    lambda: writes.update_athlete(
                        engine, athlete.id or 0, {"units": chosen}, viewer=ui.viewer()
                    ),
                    f"Distances now shown in {chosen}.",
                )
                st.rerun()
            st.caption(ui.HONEST_LINE)
            club_ui.sidebar(viewer)
        # With more than one runner (a coach, a family), the roster of all of them first.
        squad = (
            {
                "Squad": [
                    st.Page(
                        "pages/roster.py", title="Roster", icon=":material/groups:", default=True
                    )
                ]
            }
            if len(everyone) > 1
            else {}
        )
        page = st.navigation(
            {
                **squad,
                "Dashboard": [
                    st.Page(
                        "pages/today.py", title="Today", icon=":material/today:", default=not squad
                    ),
                    st.Page("pages/load.py", title="Load & strength", icon=":material/show_chart:"),
                    st.Page("pages/weeks.py", title="Weeks", icon=":material/calendar_month:"),
                    st.Page(
                        "pages/calendar.py", title="Calendar", icon=":material/calendar_view_month:"
                    ),
                    st.Page("pages/soreness.py", title="Soreness", icon=":material/healing:"),
                    st.Page("pages/plan.py", title="Plan a speed session", icon=":material/event:"),
                    st.Page(
                        "pages/validate.py",
                        title="Does it work for me?",
                        icon=":material/fact_check:",
                    ),
                ],
                "Training": [
                    st.Page("pages/log.py", title="Log", icon=":material/edit_note:"),
                    st.Page("pages/history.py", title="History", icon=":material/history:"),
                    st.Page("pages/import_data.py", title="Import", icon=":material/upload_file:"),
                ],
                "You": [
                    st.Page("pages/profile.py", title="Profile", icon=":material/person:"),
                    st.Page("pages/settings.py", title="Model settings", icon=":material/tune:"),
                ],
                **({"Club": club} if club else {}),
            }
        )

        if squad and page.title != "Roster":
            # With several runners every page says whose log it shows (the picker hides
            # in the folded sidebar on a phone).
            st.caption(f":material/person: **{athlete.name}** · change runner in the menu")
    page.run()


if __name__ == "__main__":  # Streamlit runs this file as __main__ for every page view.
    from risk.ui_guard import guarded

    guarded(_route)  # visitors see a reference, the server log the traceback
else:
    # `streamlit run app.py` imports this file to look for an ASGI app, then serves the
    # one it finds: this same file as the Streamlit script. Offering it lets the server
    # load the app's libraries (seconds, on a slow machine) while it starts, before it
    # answers, instead of during the first page view.

    def _load_libraries() -> None:
        for name in LIBRARIES:
            importlib.import_module(name)
        # The first element a server process draws calls inspect.stack() once (Streamlit
        # checks whether it runs in a REPL), which resolves the real path of every loaded
        # module: seconds with twenty first views queued behind it. Done here, inspect
        # keeps those paths and the first view finds them.
        inspect.stack()

    def _hosted() -> bool:
        from risk import auth

        try:
            return auth.mode() == "hosted"
        except auth.AuthConfigError:
            return False  # the pages say what is wrong with the secrets

    @contextlib.asynccontextmanager
    async def _preload(_app: st.App) -> AsyncIterator[None]:
        await asyncio.to_thread(_load_libraries)
        # Python's collector (and Streamlit's after a page view, when
        # runner.postScriptGC is on) would walk the ~170,000 objects of these libraries
        # while holding the GIL: 120-170 ms a time on a busy 2-core machine. They live as
        # long as the server, so leave them out of every collection.
        gc.collect()
        gc.freeze()
        if _hosted():  # a shared server: every runner's day worked out before it answers
            from risk import ui_warm

            await asyncio.to_thread(ui_warm.first_pass)
            stop = ui_warm.start()
            yield None
            stop.set()
            return
        yield None

    app = st.App(__file__, lifespan=_preload)
