"""Which mode Eccentric runs in, and who is signed in.

Two modes, one app. With no ``[auth]`` section in Streamlit's secrets (or no secrets file
at all) Eccentric is the **local** app: one household, served on 127.0.0.1, no sign-in.
With ``[auth]`` it is **hosted** (club mode): every page needs a sign-in through
Streamlit's own OIDC support (``st.login`` / ``st.user`` / ``st.logout``), and the store
refuses what the signed-in viewer may not see.

:func:`current_identity` is the one place that reads ``st.user``; page tests seed it
through ``AppTest.user`` (Streamlit's own seam) or monkeypatch this function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st
from streamlit.errors import StreamlitAPIException

Mode = Literal["local", "hosted"]

#: What ``[auth]`` must hold for a single (default) OIDC provider.
REQUIRED_AUTH_KEYS = (
    "redirect_uri",
    "cookie_secret",
    "client_id",
    "client_secret",
    "server_metadata_url",
)


class AuthConfigError(RuntimeError):
    """The secrets file asks for club mode but cannot be used as it is."""


@dataclass(frozen=True)
class Identity:
    """Who the OIDC provider says is signed in: issuer and subject name the person;
    email and name are what the provider tells about them."""

    issuer: str
    subject: str
    email: str | None
    name: str | None
    email_verified: bool | None = None


def _auth_section() -> dict[str, Any] | None:
    """The ``[auth]`` section of Streamlit's secrets, or None when there is none (no
    secrets file at all counts as none); a secrets file that cannot be read raises
    :class:`AuthConfigError` rather than silently opening the app to everyone."""
    try:
        if "auth" not in st.secrets:
            return None
        section = st.secrets["auth"]
    except FileNotFoundError as exc:  # StreamlitSecretNotFoundError
        if getattr(exc, "error_id", None) == "no-secrets-found":
            return None  # no secrets file anywhere: the local app
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AuthConfigError(f"Streamlit's secrets.toml cannot be read: {first}") from exc
    except (StreamlitAPIException, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AuthConfigError(f"Streamlit's secrets.toml cannot be read: {first}") from exc
    if not hasattr(section, "keys"):
        raise AuthConfigError("[auth] in secrets.toml must be a section, not a single value")
    return {str(k): section[k] for k in section}


def auth_problems(section: dict[str, Any]) -> list[str]:
    """What is missing or wrong in an ``[auth]`` section for the default provider (none: [])."""
    problems = [
        f"[auth] needs {key}" for key in REQUIRED_AUTH_KEYS if not str(section.get(key, "")).strip()
    ]
    redirect = str(section.get("redirect_uri", ""))
    if redirect and not redirect.rstrip("/").endswith("/oauth2callback"):
        problems.append("[auth] redirect_uri must end in /oauth2callback")
    if 0 < len(str(section.get("cookie_secret", ""))) < 32:
        problems.append("[auth] cookie_secret must be a long random string (32 characters or more)")
    return problems


def mode() -> Mode:
    """``"hosted"`` when Streamlit's secrets hold an ``[auth]`` section, else ``"local"``."""
    return "local" if _auth_section() is None else "hosted"


def config_problems() -> list[str]:
    """Why club mode cannot start as configured (none: []); local mode has none."""
    try:
        section = _auth_section()
    except AuthConfigError as exc:
        return [str(exc)]
    return [] if section is None else auth_problems(section)


def current_identity() -> Identity | None:
    """The signed-in person from ``st.user``, or None when nobody is signed in (or the
    provider gave no issuer and subject, which name a person for good)."""
    user = st.user
    if not user.get("is_logged_in"):
        return None
    issuer, subject = str(user.get("iss") or "").strip(), str(user.get("sub") or "").strip()
    if not issuer or not subject:
        return None
    email = user.get("email")
    name = user.get("name") or user.get("preferred_username")
    verified = user.get("email_verified")
    return Identity(
        issuer=issuer,
        subject=subject,
        email=str(email) if email else None,
        name=str(name) if name else None,
        email_verified=None if verified is None else bool(verified),
    )
