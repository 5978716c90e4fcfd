"""The app's one database engine per URL, shared by every session of the server.

Its own module so that both :mod:`risk.club_ui` (sign-in) and :mod:`risk.ui` (the pages'
reads) use the same engine and pool: an engine made per call would check the schema
and open fresh connections every time.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from risk.store import StoreError, database_url, open_database


@st.cache_resource(show_spinner="Opening the database…")
def engine_for(url: str) -> Engine:
    """The engine on ``url``, migrated to the latest schema (once per server process)."""
    return open_database(url)


def engine() -> Engine:
    """The process-wide engine on ``ECCENTRIC_DATABASE_URL``, migrated; stops the page
    with a clear message if the database cannot be opened."""
    try:
        return engine_for(database_url())
    except (StoreError, SQLAlchemyError, OSError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        st.error(
            f"Eccentric cannot open its database: {detail}\n\n"
            "Check `ECCENTRIC_DATABASE_URL` (unset, it uses `data/eccentric.db`)."
        )
        st.stop()
        raise  # unreachable: st.stop() raises
