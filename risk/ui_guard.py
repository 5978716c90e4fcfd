"""Unexpected errors on a page: one friendly line with a short reference for the visitor,
the whole traceback in the server's log under that reference.

Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``) passes through.
With ``ECCENTRIC_RAISE_ERRORS`` set (the tests set it) errors are raised as they are, so
``AppTest`` and a developer's terminal see them.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from typing import Final

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

RAISE_ENV: Final = "ECCENTRIC_RAISE_ERRORS"

logger = logging.getLogger("eccentric")
if not logger.handlers:  # Streamlit configures its own loggers only
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(logging.INFO)


def reference() -> str:
    """A short random reference (6 hex digits) naming one error in the log."""
    return secrets.token_hex(3)


def guarded(run: Callable[[], object]) -> None:
    """Run ``run`` (a page, the router); on an unexpected exception log its traceback under a
    new reference and show the visitor one line with that reference instead."""
    try:
        run()
    except ScriptControlException:
        raise
    except Exception:
        if os.environ.get(RAISE_ENV):
            raise
        ref = reference()
        logger.exception("ref %s", ref)
        st.error(
            f"Something went wrong on our side (reference {ref}). Try again or reload the "
            "page; if it keeps happening, give whoever runs Eccentric this reference: the "
            "details are in the server's log.",
            icon=":material/error:",
        )
