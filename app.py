"""Eccentric: the Streamlit entry point. Routes pages, holds the sidebar, onboards new users.

Run with ``uv run streamlit run app.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator

import streamlit as st

#: What the pages import, with pandas, SQLAlchemy, Plotly and the file readers beneath.
LIBRARIES = (
    "risk.ui",
    "risk.ui_guard",
    "risk.ui_editor",
    "risk.calendar_html",
    "risk.charts",
    "risk.views",
    "risk.advice",
    "risk.store.writes",
    "risk.ingest.csvlog",
    "risk.ingest.pipeline",
)


def _route() -> None:
    """Set up the page, the sidebar and the navigation, then run the chosen page."""
    from risk import ui, vocab
    from risk.store import writes

    st.set_page_config(page_title="Eccentric", page_icon=":material/directions_run:", layout="wide")
    engine = ui.engine()
    ui.begin_run()
    everyone = ui.athletes()

    if not everyone:
        page = st.navigation(
            [st.Page("pages/welcome.py", title="Welcome", icon=":material/waving_hand:")],
            position="hidden",
        )
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
                    index=ids.index(athlete.id),
                    format_func=lambda i: names[i],
                    key="athlete_id",
                )
                athlete = ui.current_athlete()
            chosen = st.radio(
                "Distances",
                list(vocab.UNITS),
                index=list(vocab.UNITS).index("mi" if athlete.units == "mi" else "km"),
                horizontal=True,
            )
            if chosen != athlete.units and athlete.id is not None:
                ui.save(
                    lambda: writes.update_athlete(engine, athlete.id or 0, {"units": chosen}),
                    f"Distances now shown in {chosen}.",
                )
                st.rerun()
            st.caption(ui.HONEST_LINE)
        # With more than one runner (a coach, a family), the roster of all of them first.
        squad = (
            {"Squad": [st.Page("pages/roster.py", title="Roster", icon=":material/groups:")]}
            if len(everyone) > 1
            else {}
        )
        page = st.navigation(
            {
                **squad,
                "Dashboard": [
                    st.Page("pages/today.py", title="Today", icon=":material/today:", default=True),
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
            }
        )

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

    @contextlib.asynccontextmanager
    async def _preload(_app: st.App) -> AsyncIterator[None]:
        await asyncio.to_thread(_load_libraries)
        yield None

    app = st.App(__file__, lifespan=_preload)
