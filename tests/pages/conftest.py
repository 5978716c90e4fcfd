"""AppTest harness: the real app.py on a fresh SQLite file per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit import config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from risk.store import open_database
from risk.store.engine import ENV_VAR
from tests.conftest import create_ana

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(autouse=True)
def _navigation_not_pages_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest re-detects a ``pages/`` folder on every run and then runs page files on their
    own (multipage v1), skipping app.py and its sidebar. The real server stops doing that
    once app.py calls st.navigation; make AppTest behave the same."""
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(autouse=True)
def _error_details_for_tests() -> Iterator[None]:
    """.streamlit/config.toml hides error details from visitors; AppTest's ``at.exception``
    should still carry the message (errors raise as they are: ECCENTRIC_RAISE_ERRORS)."""
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", before)


@pytest.fixture
def app_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The database the app under test uses (a fresh SQLite file)."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv(ENV_VAR, url)
    st.cache_data.clear()
    engine = open_database(url)
    yield engine
    engine.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def open_app(app_engine: Engine) -> Callable[..., AppTest]:
    """Start the app (optionally on a page) and run it once."""

    def start(page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        if page is not None:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return start


@pytest.fixture
def ana(app_engine: Engine) -> int:
    """A runner, Ana (km), in the app's database; returns her id."""
    return create_ana(app_engine)


def button(at: AppTest, label: str) -> Any:
    """The (form submit) button labelled ``label``."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}: {[b.label for b in at.button]}"
    return matches[0]


def texts(at: AppTest) -> str:
    """Every message the page shows (success, error, info, warning, markdown), joined."""
    parts = [e.value for e in (*at.success, *at.error, *at.info, *at.warning, *at.markdown)]
    return "\n".join(str(p) for p in parts)


def key(at: AppTest, name: str) -> str:
    """The current key of a Log form widget (``"run_distance"``): each save gives the form's
    widgets new keys (:func:`risk.ui.form_key`) so the form comes back fresh."""
    prefix = name.split("_")[0] + "_"
    try:
        version = int(at.session_state[f"form_version_{prefix}"])
    except KeyError:
        version = 0
    return name + (f"_v{version}" if version else "")
