"""The app never shows a traceback: a broken database gets one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from risk.store.engine import ENV_VAR

from .conftest import APP


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("sqlite:///{tmp}/garbage.db", "file is not a database"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot reach the database"),
        ("not-a-url", "is not a database URL"),
    ],
)
def test_unusable_database_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, fragment: str
) -> None:
    (tmp_path / "garbage.db").write_text("not sqlite at all")
    monkeypatch.setenv(ENV_VAR, url.replace("{tmp}", str(tmp_path)))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "Eccentric cannot open its database" in at.error[0].value
    assert fragment in at.error[0].value
    assert ENV_VAR in at.error[0].value
