"""Streamlit helpers shared by app.py and pages/: the cached engine, the current runner,
units, cached reads and the one way pages write (validate, report, mark the reads stale).

Cached reads are keyed on the runner's change stamp (``athlete.stamp``, new with every
write, whichever process wrote): each page view reads every runner's stamp once
(:func:`begin_run`), so another process's write shows on the next view, and a write for one
runner leaves every other runner's cached reads in place.

They are not keyed on the viewer: an athlete and their coach share the work done for that
runner. What a viewer may see is decided on every page view instead: :func:`begin_run`
reads the runners they may see (and change) as the store answers now, and
:func:`_stamp`, through which every cached read passes, refuses any other runner before a
cache is asked. A miss reads through the store as the viewer, which checks again.

Pages stay thin: they lay out widgets and call these helpers, the store and the model.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.pages_manager import PagesManager

from risk import analysis, club_ui, demo, entries, formats, ui_db, views, vocab
from risk import roster as roster_mod
from risk.ingest import local
from risk.model import Assessment, PlanAnswer, PlannedRun
from risk.model.speed import vmax_from_5k
from risk.model.validation import ValidationReport
from risk.roster import RosterRow
from risk.store import (
    InvalidEntry,
    StoreError,
    accounts,
    database_url,
    inputs,
    queries,
    writes,
)
from risk.store.access import NOT_YOURS, AccessDenied, Viewer
from risk.store.tables import Athlete

T = TypeVar("T")

HONEST_LINE = vocab.HONEST_LINE


_engine = ui_db.engine_for
engine = ui_db.engine


_STAMPS = "_eccentric_stamps"
_WRITABLE = "_eccentric_writable"
#: How many runners' reads and results the caches hold (a club server warms up to 200,
#: risk/ui_warm.py); a day's assessment of five years is about 1 MB.
CACHED_RUNNERS = 256


def viewer() -> Viewer:
    """Whoever this page view acts for (:func:`risk.club_ui.viewer`): every store call of
    the pages passes it."""
    return club_ui.viewer()


def begin_run() -> dict[int, str]:
    """Read, for this page view, the change stamp of every runner the viewer may see and
    which of them they may change (:func:`risk.store.queries.visible`, one small read);
    app.py calls it first on every run. The cached reads below are keyed on the stamps
    and served only for a runner in them, so what a viewer may see is decided afresh on
    every view, while the cached work itself is shared by everyone who may see that
    runner (an athlete and their coach compute a runner's assessment once)."""
    who = viewer()
    seen = queries.visible(engine(), viewer=who)
    st.session_state[_STAMPS] = (who.user_id, seen.stamps)
    st.session_state[_WRITABLE] = (who.user_id, seen.writable)
    return seen.stamps


def _kept(name: str) -> Any:
    """What :func:`begin_run` kept under ``name`` for this viewer (None if it was read for
    someone else, or not yet)."""
    kept = st.session_state.get(name)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == viewer().user_id:
        return kept[1]
    return None


def _stamps() -> dict[int, str]:
    """This page view's stamps (read now if app.py has not read them yet for this viewer)."""
    known = _kept(_STAMPS)
    return known if isinstance(known, dict) else begin_run()


def _stamp(athlete_id: int) -> str:
    """The runner's change stamp for this view. In club mode a runner the viewer may not
    see now is refused here (:class:`AccessDenied`), before any cache is asked: a cached
    read is handed only to a viewer who may see that runner on this very view. (The
    local app sees every runner; an unknown id reads as no runner.)"""
    known = _stamps()
    if athlete_id not in known and not viewer().is_local:
        raise AccessDenied(NOT_YOURS)
    return known.get(athlete_id, "")


@st.cache_data(show_spinner=False, max_entries=8 * CACHED_RUNNERS)
def _frame(kind: str, athlete_id: int, url: str, stamp: str, _who: Viewer) -> pd.DataFrame:
    read: dict[str, Callable[..., pd.DataFrame]] = {
        "run": queries.runs,
        "strength_session": queries.strength_sessions,
        "strength_set": queries.strength_sets,
        "checkin": queries.checkins,
        "injury": queries.injuries,
        "planned_session": queries.planned_sessions,
    }
    return read[kind](_engine(url), athlete_id, viewer=_who)


def _refused(exc: AccessDenied) -> None:
    """Stop the page saying the store refused a read (a membership removed a moment ago)."""
    st.error(exc.message, icon=":material/lock:")
    st.stop()


def _stamp_or_stop(athlete_id: int) -> str:
    """:func:`_stamp`, or the page stops with the refusal (a membership removed a moment
    ago)."""
    try:
        return _stamp(athlete_id)
    except AccessDenied as exc:
        _refused(exc)
        raise  # unreachable: st.stop() raises


def frame(kind: str, athlete_id: int) -> pd.DataFrame:
    """The athlete's entries of ``kind`` (cached until their next write); a copy to edit."""
    try:
        return _frame(kind, athlete_id, database_url(), _stamp(athlete_id), viewer()).copy()
    except AccessDenied as exc:
        _refused(exc)
        raise


@st.cache_data(show_spinner=False, max_entries=CACHED_RUNNERS)
def _athletes(url: str, stamps: tuple[tuple[int, str], ...], _who: Viewer) -> list[Athlete]:
    return queries.athletes(_engine(url), viewer=_who)


def athletes() -> list[Athlete]:
    """The runners the viewer may see (cached until any runner's next write): every runner
    in the local app; in club mode their own and those of the clubs they coach, as read
    on this page view."""
    stamps = _stamps()
    everyone = _athletes(database_url(), tuple(sorted(stamps.items())), viewer())
    return [a for a in everyone if a.id in stamps]


def can_write(athlete_id: int | None) -> bool:
    """Whether the viewer may change runner ``athlete_id`` (always, in the local app), as
    read on this page view (the store checks again when it writes)."""
    who = viewer()
    if who.is_local:
        return True
    if athlete_id is None:
        return False
    writable = _kept(_WRITABLE)
    if not isinstance(writable, frozenset):
        begin_run()
        writable = _kept(_WRITABLE)
    return athlete_id in writable


def can_delete(athlete_id: int | None) -> bool:
    """Whether the viewer may delete runner ``athlete_id``'s profile: the runner themselves
    (always, in the local app); the store checks again when it deletes."""
    who = viewer()
    return who.is_local or (athlete_id is not None and athlete_id in who.own_athletes)


def read_only(athlete: Athlete) -> bool:
    """Whether the viewer may look at ``athlete``'s log but not change it (a coach the
    runner has not allowed to edit); if so, says why in one line. Never in the local app."""
    if can_write(athlete.id):
        return False
    st.info(views.read_only_line(athlete.name), icon=":material/visibility:")
    return True


def coach_editing_toggle(athlete: Athlete) -> None:
    """For the runner themselves (club mode): whether their club's coaches may change
    their log and profile (:func:`risk.store.accounts.set_coach_editing`)."""
    who = viewer()
    own = next((r for r in who.roles if r.role == "athlete" and r.athlete_id == athlete.id), None)
    if own is None or athlete.id is None:
        return
    athlete_id = athlete.id
    allowed = st.toggle(
        "Let my club's coaches edit my log",
        value=own.coach_can_edit,
        key="coach_editing",
        help="Coaches always see your log; with this on they may also log, import and edit "
        "entries for you (never delete your profile).",
    )
    if allowed != own.coach_can_edit:

        def allow() -> bool:
            accounts.set_coach_editing(engine(), who, athlete_id, allowed)
            return allowed

        done = save(
            allow,
            "Your coaches may now edit your log."
            if allowed
            else "Your coaches now see your log without changing it.",
            for_runner=False,
        )
        club_ui.forget_viewers()
        if done is not None:
            st.rerun()


@st.cache_data(show_spinner=False, max_entries=CACHED_RUNNERS)
def _athlete(athlete_id: int, url: str, stamp: str, _who: Viewer) -> Athlete | None:
    return queries.athlete(_engine(url), athlete_id, viewer=_who)


def _log(athlete_id: int, url: str, stamp: str, who: Viewer) -> analysis.RunnerLog:
    athlete = _athlete(athlete_id, url, stamp, who)
    if athlete is None:
        raise InvalidEntry([f"There is no runner with id {athlete_id}"])
    return analysis.runner_log(
        athlete,
        _frame("run", athlete_id, url, stamp, who),
        _frame("strength_set", athlete_id, url, stamp, who),
        _frame("checkin", athlete_id, url, stamp, who),
        _frame("planned_session", athlete_id, url, stamp, who),
        _frame("injury", athlete_id, url, stamp, who),
    )


@st.cache_data(show_spinner=False, max_entries=CACHED_RUNNERS)
def _assessment(athlete_id: int, url: str, stamp: str, on: dt.date, _who: Viewer) -> Assessment:
    return analysis.assess_runner(_log(athlete_id, url, stamp, _who), on)


@st.cache_data(show_spinner=False, max_entries=2 * CACHED_RUNNERS)
def _plan(
    athlete_id: int,
    url: str,
    stamp: str,
    session: PlannedRun,
    on: dt.date,
    sizes: bool,
    _who: Viewer,
) -> PlanAnswer:
    return analysis.plan_for_runner(_log(athlete_id, url, stamp, _who), session, on, sizes=sizes)


@st.cache_data(show_spinner="Checking the colours against your injuries…", max_entries=16)
def _validation(
    athlete_id: int, url: str, stamp: str, on: dt.date, all_sites: bool, _who: Viewer
) -> ValidationReport:
    return analysis.validate_runner(_log(athlete_id, url, stamp, _who), on, all_sites=all_sites)


@st.cache_data(show_spinner=False, max_entries=2 * CACHED_RUNNERS)
def _roster_line(athlete_id: int, url: str, stamp: str, on: dt.date, _who: Viewer) -> RosterRow:
    return analysis.roster_line(_log(athlete_id, url, stamp, _who), on)


def roster(athlete_ids: list[int] | None = None) -> list[RosterRow]:
    """The squad's roster lines on today, most urgent first. Each line is cached per
    runner, their change stamp and the day, so one runner's write recomputes only their
    line. A runner whose saved settings no longer validate is shown with their problem
    instead of stopping the page."""
    url, on = database_url(), today()
    ids = athlete_ids if athlete_ids is not None else [a.id or 0 for a in athletes()]
    lines = []
    with st.spinner(f"Assessing {len(ids)} runners…"):
        for athlete_id in ids:
            try:
                lines.append(_roster_line(athlete_id, url, _stamp(athlete_id), on, viewer()))
            except AccessDenied:
                continue  # no longer theirs (a membership removed a moment ago)
            except InvalidEntry as exc:
                name = next((a.name for a in athletes() if a.id == athlete_id), "?")
                lines.append(roster_mod.unusable(athlete_id, name, exc.messages))
    return roster_mod.sorted_roster(lines)


def validation(athlete_id: int, all_sites: bool = False) -> ValidationReport:
    """The indicator checked against the runner's own injuries up to today, cached until
    the next write."""
    try:
        return _validation(
            athlete_id, database_url(), _stamp(athlete_id), today(), all_sites, viewer()
        )
    except AccessDenied as exc:
        _refused(exc)
        raise
    except InvalidEntry as exc:
        _settings_problem(exc)
        raise


def _settings_problem(exc: InvalidEntry) -> None:
    st.error(
        "Your saved model settings cannot be used:\n"
        + "\n".join(f"- {m}" for m in exc.messages)
        + "\n\nFix or reset them under **Model settings**."
    )
    st.stop()


def runner_log(athlete_id: int) -> analysis.RunnerLog:
    """The runner's log and settings from the cached queries."""
    try:
        return _log(athlete_id, database_url(), _stamp(athlete_id), viewer())
    except AccessDenied as exc:
        _refused(exc)
        raise
    except InvalidEntry as exc:
        _settings_problem(exc)
        raise  # unreachable: st.stop() raises


#: The arguments of the cached computations this process has run (see :func:`_once`).
_COMPUTED: set[tuple[Any, ...]] = set()


def _once(compute: Callable[..., T], args: tuple[Any, ...], message: str) -> T:
    """``compute(*args)`` (a cached function); the first time this process asks for those
    arguments (the first view after a write, or of a new day) it says ``message`` at once
    while it works."""
    key = (compute.__name__, *args)
    if key in _COMPUTED:
        return compute(*args)
    with working(message):
        result = compute(*args)
    if len(_COMPUTED) > 10_000:  # a long-running server: forget, at worst say it again
        _COMPUTED.clear()
    _COMPUTED.add(key)
    return result


def assessment(athlete_id: int, on: dt.date | None = None) -> Assessment:
    """The model's assessment of the runner on ``on`` (default today), cached per runner
    and day until the runner's next write."""
    try:
        return _once(
            _assessment,
            (athlete_id, database_url(), _stamp(athlete_id), on or today(), viewer()),
            "Working out your loads…",
        )
    except AccessDenied as exc:
        _refused(exc)
        raise
    except InvalidEntry as exc:
        _settings_problem(exc)
        raise


def plan(athlete_id: int, session: PlannedRun, *, sizes: bool = True) -> PlanAnswer:
    """The planner's answer for ``session`` from today, cached until the next write
    (``sizes`` False: the verdict and its earliest good day, without the size search)."""
    try:
        return _once(
            _plan,
            (athlete_id, database_url(), _stamp(athlete_id), session, today(), sizes, viewer()),
            f"Projecting {session.date:%A}'s session…",
        )
    except AccessDenied as exc:
        _refused(exc)
        raise
    except InvalidEntry as exc:
        _settings_problem(exc)
        raise


@st.cache_resource(show_spinner=False, max_entries=128)
def _figure(
    name: str, athlete_id: int, url: str, stamp: str, on: dt.date, key: Hashable,
    _build: Callable[[], go.Figure],
) -> go.Figure:  # fmt: skip
    return _build()


def figure(athlete_id: int, name: str, key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """The chart ``name`` of the runner, built by ``build`` once per change stamp, day and
    ``key`` (what else it depends on: period, units…), then the same figure for every page
    view until the runner's next write.

    Kept as it is, not pickled (a resource cache): Plotly re-validates a figure it
    rebuilds, which costs as much as building it. ``st.plotly_chart`` only reads it; a
    figure from here must not be changed."""
    stamp = _stamp_or_stop(athlete_id)
    return _figure(name, athlete_id, database_url(), stamp, today(), key, build)


@st.cache_data(show_spinner=False, max_entries=128)
def _derived(
    name: str, athlete_id: int, url: str, stamp: str, on: dt.date, key: Hashable,
    _build: Callable[[], T],
) -> T:  # fmt: skip
    return _build()


def derived(athlete_id: int, name: str, key: Hashable, build: Callable[[], T]) -> T:
    """What ``build`` computes from the runner's log (a table a page shows), once per
    change stamp, day and ``key``; a copy each time, as :func:`frame` gives."""
    stamp = _stamp_or_stop(athlete_id)
    return _derived(name, athlete_id, database_url(), stamp, today(), key, build)


@contextlib.contextmanager
def working(message: str) -> Iterator[None]:
    """Say ``message`` at once (with an hourglass) while the block runs, then clear it:
    for work that can take a second, where Streamlit's own spinner would wait 0.5 s."""
    slot = st.empty()
    slot.caption(f":material/hourglass_top: {message}")
    try:
        yield
    finally:
        slot.empty()


def has_log(result: Assessment) -> bool:
    """Whether the assessment holds any logged day."""
    return bool(len(result.daily)) and bool((result.daily["day"] >= 0).any())


def empty_state(what: str) -> None:
    """Say there is nothing to show yet and where to start: log, import, or the demo."""
    st.info(
        f"{what} Log your first run or strength session, import your watch's files or a "
        "Strava export, or explore the demo runner to see a full dashboard.",
        icon=":material/info:",
    )
    c1, c2, c3 = st.columns(3)
    c1.page_link("pages/log.py", label="Log a session", icon=":material/edit_note:")
    c2.page_link("pages/import_data.py", label="Import files", icon=":material/upload_file:")
    if not club_ui.viewer().is_local:
        return  # the demo runner is the local app's
    if c3.button("Explore the demo runner", icon=":material/science:", key="empty_demo"):
        load_demo_runner()


def logged_assessment(athlete_id: int, nothing_yet: str) -> Assessment:
    """The runner's assessment for today; when nothing is logged yet, show the empty state
    (``nothing_yet`` first, then where to start) and the honest line, and stop the page."""
    result = assessment(athlete_id)
    if not has_log(result):
        empty_state(nothing_yet)
        honest_line()
        st.stop()
    return result


def load_demo_runner() -> None:
    """Store the demo runner (or switch to it if it exists) and rerun (the local app
    only: in club mode every runner belongs to a member)."""
    if not club_ui.viewer().is_local:
        st.info("The demo runner is part of the local app; a club's runners are its members.")
        return
    existing = next((a for a in athletes() if a.name == demo.DEMO_NAME), None)
    if existing is not None:
        select_athlete(existing.id)
        st.rerun()
    with st.spinner("Creating two years of demo training…"):
        ids = save(
            lambda: demo.load_demo(engine(), viewer=viewer()),
            "Demo runner loaded. Switch runners in the sidebar.",
        )
    if ids:
        select_athlete(ids[0])
        st.rerun()


def injury_notice(notice: views.InjuryNotice | None) -> None:
    """Say an open or recent injury first (:func:`risk.views.injury_notice`): the headline
    and its return-to-running steps, in a warning while injured, a note while returning."""
    if notice is None:
        return
    body = f"**{notice.headline}**\n\n" + "\n".join(f"- {step}" for step in notice.guidance)
    if notice.kind == "injured":
        st.warning(body, icon=":material/healing:")
    else:
        st.info(body, icon=":material/directions_run:")


def honest_line() -> None:
    """The one honest line every analysis page carries."""
    st.caption(HONEST_LINE, help="No probabilities, no % risk: a colour and its reasons.")


#: History periods: label -> days back from today (None: everything).
PERIODS: dict[str, int | None] = {"4 weeks": 28, "12 weeks": 84, "1 year": 365, "All": None}


def period_control(key: str, default: str = "12 weeks") -> str:
    """The "Show" control of a page: a :data:`PERIODS` label (``default`` until chosen)."""
    chosen = st.segmented_control("Show", list(PERIODS), default=default, key=key)
    return chosen or default


def within(df: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of ``df`` dated within ``period`` (a :data:`PERIODS` label) up to today."""
    days = PERIODS.get(period)
    if days is None or df.empty:
        return df
    start = pd.Timestamp(today() - dt.timedelta(days=days - 1))
    return df[df["date"] >= start]


def within_days(daily: pd.DataFrame, period: str) -> pd.DataFrame:
    """The rows of a frame indexed by date (days, or weeks by their first day) within
    ``period`` up to today."""
    days = PERIODS.get(period)
    if days is None:
        return daily
    return daily[daily.index >= pd.Timestamp(today() - dt.timedelta(days=days - 1))]


def recent_runs(athlete_id: int, n: int = 5) -> pd.DataFrame:
    """The athlete's last ``n`` runs to read (:func:`risk.entries.latest_runs`)."""
    return entries.latest_runs(frame("run", athlete_id), units(), n)


def after_write() -> None:
    """Read the stamps again after a write, so the rest of this run (and the next) reads
    what was written; other runners' cached reads stay."""
    begin_run()


def _through_router() -> None:
    """Make sure app.py routes this run.

    On a server's first run Streamlit sees the ``pages/`` folder and runs a deep-linked
    page file on its own (multipage v1), skipping app.py: no page config, no sidebar.
    Once app.py has called ``st.navigation`` it stops doing that; until then, hand the
    run back to app.py.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


#: The query parameter of a link to a runner's pages (the roster's links).
RUNNER_PARAM = "runner"


def runner_from_link(value: str | None, everyone: list[Athlete]) -> int | None:
    """The runner id a ``?runner=ID`` link names, if it is one of ``everyone``."""
    if value is None or not value.strip().isdigit():
        return None
    wanted = int(value.strip())
    return wanted if any(a.id == wanted for a in everyone) else None


def current_athlete() -> Athlete:
    """The runner chosen in the sidebar (the first one by default); stops if there is none.

    Every page starts here, so this is also where a page run that bypassed app.py is
    handed back to it.
    """
    _through_router()
    everyone = athletes()
    if not everyone:
        st.info("Create a runner profile first.")
        st.stop()
    pending = st.session_state.pop("select_athlete", None)
    if pending is not None:
        st.session_state["athlete_id"] = pending
    linked = runner_from_link(st.query_params.get(RUNNER_PARAM), everyone)
    if RUNNER_PARAM in st.query_params:
        # A link (?runner=ID) picks the runner once; the sidebar decides after that.
        del st.query_params[RUNNER_PARAM]
        if linked is None:
            st.toast("That link names no runner here; showing the current one.")
        else:
            st.session_state["athlete_id"] = linked
    chosen = st.session_state.get("athlete_id")
    for a in everyone:
        if a.id == chosen:
            return a
    st.session_state["athlete_id"] = everyone[0].id
    return everyone[0]


def select_athlete(athlete_id: int | None) -> None:
    """Make ``athlete_id`` the current runner from the next run on (safe after the sidebar
    selectbox exists)."""
    st.session_state["select_athlete"] = athlete_id


def create_runner(values: dict[str, Any], success: Callable[[Athlete], str]) -> None:
    """Store a new runner from :func:`profile_form` values, make them current and rerun."""
    who = viewer()
    if who.is_local:
        athlete = save(lambda: writes.create_athlete(engine(), values, viewer=who), success)
    else:  # club mode: the signed-in athlete's own runner, linked to their membership
        athlete = save(
            lambda: accounts.create_own_runner(engine(), who, values), success, for_runner=False
        )
    if athlete is not None:
        select_athlete(athlete.id)
        st.rerun()


def units() -> vocab.Units:
    """The current runner's distance unit."""
    return "mi" if current_athlete().units == "mi" else "km"


def save(
    action: Callable[[], T], success: str | Callable[[T], str], *, for_runner: bool = True
) -> T | None:
    """Run a write; on success clear caches and say ``success``; on bad input list every
    problem and change nothing. Returns the write's result, or None if it was refused
    (so ``action`` must not return None itself).

    In club mode a write ``for_runner`` (the current runner's entries or profile) is
    refused unless the viewer may change that runner; other writes (memberships,
    invitations) are checked by the store itself."""
    try:
        if for_runner and not club_ui.viewer().is_local and not can_write(current_athlete().id):
            raise AccessDenied(
                "You may not change this runner's entries: only the runner can, or their "
                "coach once the runner allows coach editing."
            )
        result = action()
    except InvalidEntry as exc:
        refused(exc.messages)
        return None
    except AccessDenied as exc:
        st.error(f"Nothing was saved: {exc.message}")
        return None
    except (StoreError, SQLAlchemyError) as exc:
        detail = formats.capped(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
        st.error(f"Nothing was saved: the database refused the change ({detail}).")
        return None
    after_write()
    if not for_runner:  # memberships or invitations changed: who sees whom, read afresh
        club_ui.forget_viewers()
    st.session_state["flash"] = success(result) if callable(success) else success
    return result


def _version_key(prefix: str) -> str:
    return f"form_version_{prefix}"


def form_key(prefix: str) -> Callable[[str], str]:
    """The widget keys of a form that comes back fresh after each save: ``key("date")`` is
    ``{prefix}date`` until the first save, then ``{prefix}date_v1``, ``…_v2``. A new key is
    a new widget, so the browser shows its default too (deleting the old key's state
    alone leaves the browser showing what was typed)."""
    version = int(st.session_state.get(_version_key(prefix), 0))
    return lambda name: f"{prefix}{name}" + (f"_v{version}" if version else "")


def fresh_form(prefix: str) -> None:
    """Bring the form whose widget keys come from ``form_key(prefix)`` back empty after a
    successful save: the next run uses new keys; the old values are forgotten. Reruns."""
    for key in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[key]
    version_key = _version_key(prefix)
    st.session_state[version_key] = int(st.session_state.get(version_key, 0)) + 1
    st.rerun()


def refused(messages: list[str]) -> None:
    """Say that nothing was saved and every reason why, in one box."""
    st.error("Nothing was saved:\n" + "\n".join(f"- {formats.capped(m)}" for m in messages))


def problems(model: type[inputs.M], data: dict[str, Any], units: vocab.Units) -> list[str]:
    """Every problem :func:`risk.store.inputs.validate` finds in ``data`` (none: [])."""
    try:
        inputs.validate(model, data, units=units)
    except InvalidEntry as exc:
        return list(exc.messages)
    return []


def show_flash() -> None:
    """Show the message of the last successful write once (it survives an st.rerun)."""
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def profile_form(
    key: str, current: Athlete | None, submit_label: str, mass_units: vocab.Units = "km"
) -> dict[str, Any] | None:
    """The runner-profile form; returns the raw profile values when submitted, else None.

    The 5 km time shows the one the max sprint speed came from; when changed it sets the
    max sprint speed (:func:`risk.model.speed.vmax_from_5k`), else the speed is taken as
    typed. Body mass is in lb for a miles runner (``current``'s units, else
    ``mass_units``) and stored in kg.
    """
    u: vocab.Units = "mi" if (current.units if current else mass_units) == "mi" else "km"
    shown_5k = views.five_k_clock(current.v_max_ms) if current else "25:00"
    shown_mass = round(vocab.kg_to(float(current.body_mass_kg) if current else 70.0, u), 1)
    with st.form(key):
        name = st.text_input("Name", value=current.name if current else "", max_chars=100)
        c1, c2 = st.columns(2)
        body_mass = c1.number_input(
            f"Body mass ({vocab.mass_unit(u)})",
            value=shown_mass,
            step=0.5,
            format="%.1f",
        )
        unit_choice = c2.radio(
            "Distances in",
            options=list(vocab.UNITS),
            index=1 if current and current.units == "mi" else 0,
            format_func=lambda u: "kilometres" if u == "km" else "miles",
            horizontal=True,
        )
        c3, c4 = st.columns(2)
        five_k = c3.text_input(
            "A recent 5 km time (mm:ss)",
            value=shown_5k,
            help="When changed, sets your max sprint speed (about 1.75 × your 5 km speed).",
        )
        v_max = c4.number_input(
            "…or your max sprint speed (m/s)",
            value=float(current.v_max_ms) if current else None,
            step=0.1,
            format="%.2f",
            help="Measured over a flying 20-30 m. Leave empty to estimate it from the 5 km time.",
        )
        birth_year = st.number_input(
            "Birth year (optional)",
            value=current.birth_year if current else None,
            step=1,
            format="%d",
        )
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    values: dict[str, Any] = {
        "name": name,
        "body_mass_kg": (
            float(current.body_mass_kg)  # unchanged: no drift through the lb rounding
            if current and body_mass == shown_mass
            else round(vocab.to_kg(float(body_mass), u), 2)
        ),
        "units": unit_choice,
        "birth_year": int(birth_year) if birth_year is not None else None,
        "v_max_ms": v_max,
    }
    changed = five_k.strip() and (current is None or five_k.strip() != shown_5k)
    wrong: list[str] = []
    if changed:  # a new 5 km time sets the max sprint speed
        try:
            values["v_max_ms"] = round(vmax_from_5k(formats.parse_five_k(five_k)), 2)
        except ValueError as exc:
            wrong.append(f"5 km time: {exc}")
    elif values["v_max_ms"] is None:
        wrong.append("Give a recent 5 km time or your max sprint speed")
    # Every other problem at once, body mass in the unit it was typed in (lb or kg); a
    # missing speed is said above, not again.
    rest = {**values, "v_max_ms": values["v_max_ms"] or vmax_from_5k(25 * 60)}
    wrong += problems(inputs.AthleteIn, rest, u)
    if wrong:
        refused(wrong)
        return None
    return values


def distance_input(
    label: str, *, key: str, value: float | None, optional: bool = False, container: Any = st
) -> float | None:
    """A distance field in the runner's unit; returns km (None if left empty)."""
    u = units()
    shown = None if value is None else round(vocab.km_to(value, u), 2)
    entered = container.number_input(
        f"{label} ({u})",
        key=key,
        value=shown,
        min_value=0.0,
        step=0.1,
        format="%.2f",
        placeholder="optional" if optional else None,
    )
    return None if entered is None else vocab.to_km(float(entered), u)


def sign_in_configured() -> bool:
    """Whether Streamlit's secrets hold an ``[auth]`` section (a hosted start with sign-in).
    No secrets at all means no; secrets that cannot be read count as yes (the safe side)."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError as exc:
        return getattr(exc, "error_id", None) != "no-secrets-found"


def local_paths_allowed() -> bool:
    """Whether the Import page may read paths on this server's disk: only on a loopback
    address without sign-in (:func:`risk.ingest.local.paths_allowed`)."""
    return local.paths_allowed(st.get_option("server.address"), sign_in_configured())


def today() -> dt.date:
    """Today's date for form defaults (the same clock validation uses)."""
    return inputs.today()


def hosted() -> bool:
    """Whether Eccentric runs in club mode (sign-in required)."""
    return club_ui.hosted()
