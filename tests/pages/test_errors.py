"""Error details never reach a visitor: one line with a reference, the traceback in the
server's log (risk/ui_guard.py); Streamlit's own st.stop and st.rerun pass through."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
from streamlit.testing.v1 import AppTest

from risk import ui
from risk.ui_guard import RAISE_ENV, guarded
from tests.pages.conftest import texts

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _broken(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("secret detail /srv/data/eccentric.db")


def test_an_unexpected_error_shows_a_reference_and_logs_the_traceback(
    open_app: Callable[..., AppTest],
    ana: int,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv(RAISE_ENV)
    at = open_app()
    monkeypatch.setattr(ui, "show_flash", _broken)
    with caplog.at_level(logging.ERROR, logger="eccentric"):
        at.switch_page("pages/log.py").run()
    assert not at.exception
    (error,) = at.error
    found = re.search(r"Something went wrong on our side \(reference ([0-9a-f]{6})\)", error.value)
    assert found, error.value
    assert "secret detail" not in texts(at)
    (record,) = [r for r in caplog.records if r.name == "eccentric"]
    assert record.getMessage() == f"ref {found.group(1)}"
    assert record.exc_info is not None
    assert "secret detail" in str(record.exc_info[1])
    assert at.sidebar.radio, "the sidebar is still drawn"


def test_tests_see_the_error_itself(
    open_app: Callable[..., AppTest], ana: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ECCENTRIC_RAISE_ERRORS (tests/conftest.py sets it) AppTest reports the error."""
    at = open_app()
    monkeypatch.setattr(ui, "show_flash", _broken)
    at.switch_page("pages/log.py").run()
    assert "secret detail" in at.exception[0].message


@pytest.mark.parametrize("control", [StopException, RerunException])
def test_streamlit_control_flow_passes_through(
    control: type[BaseException], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(RAISE_ENV)

    def page() -> None:
        raise control() if control is StopException else control(None)

    with pytest.raises(control):
        guarded(page)


def test_hosted_or_not_visitors_get_no_error_details() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
