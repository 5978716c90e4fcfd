"""The pinned "today" of the test suite, so every test passes on any calendar day.

The suite runs as if today were ``TODAY``: ``tests/conftest.py`` exports it as
``ECCENTRIC_TODAY`` before anything is imported, so the app, the CLI, the demo and any
server a test starts read the same date. ``ECCENTRIC_TEST_TODAY`` moves it: CI runs the
model and page tests again on a Monday and a Thursday.
"""

from __future__ import annotations

import datetime as dt
import os

DEFAULT_TODAY = "2026-11-29"  # a Sunday: the day a runner reviews the week
TODAY = dt.date.fromisoformat(os.environ.get("ECCENTRIC_TEST_TODAY") or DEFAULT_TODAY)
