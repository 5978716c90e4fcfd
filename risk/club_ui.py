"""Club mode in the app: who is looking (the viewer), the sign-in page, the page for a
person with no club, and the sidebar's sign-out.

In the local app every function here is a no-op or returns
:data:`~risk.store.access.LOCAL_VIEWER`. In club mode :func:`viewer` turns the signed-in
person (:func:`risk.auth.current_identity`) into a store viewer through
:func:`risk.store.accounts.sign_in`, and stops the page with the sign-in page until
someone is signed in.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from risk import auth, ui_db
from risk.store import InvalidEntry, StoreError, accounts, database_url
from risk.store.access import LOCAL_VIEWER, Viewer

APP_NAME = "Eccentric"
TAGLINE = (
    "A hamstring-load dashboard for runners and their coaches: sign in to see your club's training."
)
#: How long (s) a sign-in is remembered before it is recorded again (a changed email or
#: name, an invitation sent since): memberships themselves are read on every page view.
SIGN_IN_TTL_S = 60
#: Where this session keeps its viewer for the rest of a page view (see :func:`viewer`).
_RUN_VIEWER = "_eccentric_viewer"


def hosted() -> bool:
    """Whether Eccentric runs in club mode (an ``[auth]`` section in the secrets); a
    secrets file that cannot be read stops the page with the reason."""
    try:
        return auth.mode() == "hosted"
    except auth.AuthConfigError as exc:
        st.error(f"{APP_NAME} cannot start: {exc}")
        st.stop()
        raise  # unreachable: st.stop() raises


@st.cache_data(ttl=SIGN_IN_TTL_S, show_spinner=False)
def _signed_in(url: str, identity: auth.Identity) -> Viewer:
    return accounts.sign_in(
        ui_db.engine_for(url),
        identity.issuer,
        identity.subject,
        identity.email,
        identity.name,
        email_verified=identity.email_verified,
    )


def _show(page: Callable[[], None], title: str, route: bool) -> None:
    """Show ``page`` alone and stop: from app.py (``route``) as the only page of a hidden
    navigation, so the sidebar lists none of the app's pages to a visitor."""
    if route:
        st.navigation([st.Page(page, title=title, default=True)], position="hidden").run()
    else:
        page()
    st.stop()


def viewer(route: bool = False) -> Viewer:
    """Whoever the pages act for: the local app's viewer, or in club mode the signed-in
    member. In club mode it shows the sign-in page (and stops) until someone is signed
    in, and the no-club page (and stops) for a person who belongs to no club; app.py
    passes ``route`` so these pages replace its navigation.

    The member's roles are read from the database once a page view: app.py's call (with
    ``route``, first in every run) reads them; the page's later calls get the same
    viewer from this session's state. A membership removed a moment ago therefore
    counts on the next view, without a cache to wait out."""
    if not hosted():
        return LOCAL_VIEWER
    identity = auth.current_identity()
    kept = st.session_state.get(_RUN_VIEWER)
    if not route and isinstance(kept, tuple) and identity is not None and kept[0] == identity:
        return kept[1]
    problems = auth.config_problems()
    if problems:
        st.error(
            f"{APP_NAME} is set up for club sign-in but its secrets are incomplete:\n"
            + "\n".join(f"- {p}" for p in problems)
        )
        st.stop()
    if identity is None:
        st.session_state.pop(_RUN_VIEWER, None)
        _show(sign_in_page, "Sign in", route)
    assert identity is not None
    try:
        found = accounts.refresh_viewer(ui_db.engine(), _signed_in(database_url(), identity))
    except InvalidEntry as exc:
        st.error("Your sign-in cannot be used:\n" + "\n".join(f"- {m}" for m in exc.messages))
        sign_out_button()
        st.stop()
        raise  # unreachable
    except (StoreError, SQLAlchemyError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        st.error(f"{APP_NAME} cannot reach its database to sign you in ({detail}).")
        st.stop()
        raise  # unreachable
    st.session_state[_RUN_VIEWER] = (identity, found)
    if not found.roles:
        _show(lambda: no_club_page(found), "No club yet", route)
    return found


def forget_viewers() -> None:
    """Sign in afresh on the next run (after a change to memberships or at sign-out)."""
    _signed_in.clear()
    st.session_state.pop(_RUN_VIEWER, None)


def sign_in_page() -> None:
    """The page a signed-out visitor sees in club mode: the app's name, what it is, and
    the sign-in button (Streamlit's ``st.login``, the configured OIDC provider)."""
    st.title(APP_NAME)
    st.write(TAGLINE)
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign_in"):
        st.login()
    st.caption("Sign-in goes through your club's identity provider; Eccentric keeps no passwords.")


def no_club_page(who: Viewer) -> None:
    """The page for a signed-in person who belongs to no club yet."""
    st.title(APP_NAME)
    st.info(accounts.no_club_message(who.email), icon=":material/group_add:")
    st.caption(f"Signed in as {who.display_name}" + (f" ({who.email})" if who.email else ""))
    sign_out_button()


def sign_out_button() -> None:
    """The sign-out button (ends the session: Streamlit clears its sign-in cookie)."""
    if st.button("Sign out", icon=":material/logout:", key="sign_out"):
        forget_viewers()
        st.logout()  # the browser is sent to the sign-out route, then back to sign-in
        st.stop()


def sidebar(who: Viewer) -> None:
    """In club mode, who is signed in and the sign-out button (call inside the sidebar)."""
    if who.is_local:
        return
    st.caption(f"Signed in as **{who.display_name}**" + (f" ({who.email})" if who.email else ""))
    sign_out_button()
