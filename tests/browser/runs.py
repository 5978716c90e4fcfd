"""When a Streamlit run is over in the browser: the server's ``script_finished`` message
has arrived (read off the page's websocket) and every visible chart and table is drawn.

A run's first messages can come before Streamlit shows its "running" sign, so waiting for
that sign to go proves nothing; the websocket says when the script is done.
"""

from __future__ import annotations

import time
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

#: The page's main heading is there, nothing is stale or loading, and each visible chart
#: and table is drawn.
DRAWN = """() => {
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (document.querySelector('[data-stale="true"], [data-testid*="Skeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (c.offsetParent !== null && !c.querySelector('.main-svg')) return false;
  for (const d of document.querySelectorAll('[data-testid="stDataFrame"]'))
    if (d.offsetParent !== null && !d.querySelector('canvas')) return false;
  return true;
}"""
#: What a run's end is, besides the switch to another page.
_ENDED = {"FINISHED_SUCCESSFULLY", "FINISHED_WITH_COMPILE_ERROR"}


class Runs:
    """Watches ``page``'s websockets and records when each Streamlit run finished."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.finished: list[float] = []
        page.on("websocket", self._watch)

    def _watch(self, ws: Any) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, str):
            return
        try:
            msg = ForwardMsg.FromString(payload)
        except Exception:  # not a message of ours: nothing to record
            return
        kind = msg.WhichOneof("type")
        if kind == "script_finished" and (
            ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished) in _ENDED
        ):
            self.finished.append(time.perf_counter())

    def wait(self, since: float, timeout: float = 60.0) -> float:
        """Wait for a run that finished after ``since`` (perf_counter) and for the page to
        be drawn; returns when it was drawn."""
        deadline = since + timeout
        while not any(t > since for t in self.finished):
            if time.perf_counter() > deadline:
                raise TimeoutError("no Streamlit run finished")
            self.page.wait_for_timeout(10)
        self.page.wait_for_function(DRAWN, timeout=timeout * 1000, polling=20)
        return time.perf_counter()
