"""A shared server works out every runner's day before anyone asks (club mode only).

The first view of a runner on a new day (or after a restart, or after another process
wrote) computes their whole history: a few hundred milliseconds for five years. One
such view is quick; twenty members opening the app in the same minute share one Python
process, and each waits for all the others' (bench/bench_hosted.py measured the
slowest first views at 13 s on two cores). So the server does that work itself, ahead
of them, into the same caches the pages read:

- when it starts, before it answers its health check (``app.py``'s lifespan), so a
  restarted server is ready when the proxy sends it visitors;
- then again every :data:`EVERY_S` seconds in a background thread, which recomputes
  only runners whose change stamp or day is new to it: a new day (just after
  midnight), or a write made by another server process.

The pages' own writes recompute at once, in the writer's view. What is warmed is keyed by
runner, change stamp and day, as every cached read is; a visitor is still served only the
runners they may see, checked on every view (:func:`risk.ui._stamp`). The warmer reads as
the server itself (the local viewer), and only reads.

The local app (one person) does not warm: it would only slow its start.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from risk import ui, ui_db, views
from risk.store import InvalidEntry, database_url, queries
from risk.store.access import LOCAL_VIEWER

#: Seconds between background passes (a new day is warmed within this long of midnight).
EVERY_S = 60.0
#: The most runners a pass warms: what the pages' caches hold (:data:`risk.ui.CACHED_RUNNERS`)
#: with room left for what visitors are looking at; a larger club's other runners are
#: computed at their first view, as without warming.
MOST = 200
#: Seconds the server waits for its first pass before it answers anyway (the background
#: thread goes on with the rest).
FIRST_PASS_S = 60.0

_LOG = logging.getLogger("eccentric.warm")
#: (runner, stamp, day) already warmed by this process.
_DONE: set[tuple[int, str, dt.date]] = set()


def warm_once(
    url: str | None = None, on: dt.date | None = None, *, deadline: float | None = None
) -> int:
    """Work out, into the pages' caches, today's assessment, the roster line and the
    next speed session's verdict of every runner (up to :data:`MOST`, in id order) not
    yet warmed at their current change stamp; how many runners it computed. Stops early
    once ``time.monotonic()`` passes ``deadline``. A runner whose log cannot be worked
    out is logged in one line and left to their pages, which say what is wrong."""
    url = url or database_url()
    on = on or ui.today()
    engine = ui_db.engine_for(url)
    stamps = queries.stamps(engine, viewer=LOCAL_VIEWER)
    computed = 0
    for athlete_id, stamp in sorted(stamps.items())[:MOST]:
        key = (athlete_id, stamp, on)
        if key in _DONE:
            continue
        if deadline is not None and time.monotonic() > deadline:
            break
        try:
            ui._assessment(athlete_id, url, stamp, on, LOCAL_VIEWER)
            ui._roster_line(athlete_id, url, stamp, on, LOCAL_VIEWER)
            planned = ui._frame("planned_session", athlete_id, url, stamp, LOCAL_VIEWER)
            session = views.next_speed_session(planned, on)
            if session is not None:
                ui._plan(athlete_id, url, stamp, session, on, False, LOCAL_VIEWER)
        except InvalidEntry:
            pass  # settings that no longer validate: the runner's pages say so
        except Exception as exc:  # one odd log must not keep the others cold
            _LOG.warning("could not work out runner %d's day: %r", athlete_id, exc)
        _DONE.add(key)
        computed += 1
    if len(_DONE) > 100_000:
        _DONE.clear()
    return computed


def _pass(url: str, budget_s: float | None = None) -> None:
    t0 = time.perf_counter()
    deadline = None if budget_s is None else time.monotonic() + budget_s
    try:
        n = warm_once(url, deadline=deadline)
    except Exception:  # a bad pass (database away…) must not end the thread
        _LOG.exception("warming the runners' day failed; trying again later")
        return
    if n:
        _LOG.info("worked out %d runners' day in %.1f s", n, time.perf_counter() - t0)


def start(url: str | None = None, every_s: float = EVERY_S) -> threading.Event:
    """Start the background thread that warms every ``every_s`` seconds; setting the
    returned event stops it (app.py does when the server shuts down)."""
    url = url or database_url()
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            _pass(url)

    threading.Thread(target=loop, name="eccentric-warm", daemon=True).start()
    return stop


def first_pass() -> None:
    """The pass made before the server answers, at most :data:`FIRST_PASS_S` long (then
    :func:`start` goes on)."""
    _pass(database_url(), FIRST_PASS_S)
