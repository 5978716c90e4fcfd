"""The model applied to a stored runner: read the log, apply their settings, assess, plan.

The one place where store and model meet (DESIGN.md: store → queries → model), used by
the CLI and the pages, so neither holds SQL or formulas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from risk.model import (
    Assessment,
    InvalidParams,
    Params,
    PlanAnswer,
    PlannedRun,
    Profile,
    assess,
    plan_session,
)
from risk.model.validation import ValidationReport, validate, validate_runners
from risk.roster import RosterRow, roster_row
from risk.store import InvalidEntry, queries, writes
from risk.store.access import Viewer
from risk.store.tables import Athlete


@dataclass(frozen=True)
class RunnerLog:
    """Everything the model reads of one runner."""

    athlete: Athlete
    profile: Profile
    params: Params
    runs: pd.DataFrame
    sets: pd.DataFrame
    checkins: pd.DataFrame
    planned: pd.DataFrame
    #: The runner's injuries (the store's injuries query); None reads as none logged.
    injuries: pd.DataFrame | None = None


def params_for(athlete: Athlete) -> Params:
    """The runner's model settings: the defaults with their saved overrides.

    Raises :class:`InvalidEntry` naming the bad settings if the saved ones no longer
    validate (e.g. edited by hand in the database).
    """
    try:
        return Params().with_overrides(athlete.params or {})
    except InvalidParams as exc:
        raise InvalidEntry([f"Saved model setting: {m}" for m in exc.messages]) from exc


def save_params(
    engine: Engine, athlete_id: int, overrides: Mapping[str, Any], *, viewer: Viewer
) -> Params:
    """Validate ``overrides`` against :class:`Params` and store those that differ from the
    defaults; raises :class:`InvalidEntry` (nothing saved) on an unknown name or bad value."""
    try:
        params = Params().with_overrides(overrides)
    except InvalidParams as exc:
        raise InvalidEntry(exc.messages) from exc
    writes.set_athlete_params(engine, athlete_id, params.overrides(), viewer=viewer)
    return params


def runner_log(
    athlete: Athlete,
    runs: pd.DataFrame,
    sets: pd.DataFrame,
    checkins: pd.DataFrame,
    planned: pd.DataFrame,
    injuries: pd.DataFrame | None = None,
) -> RunnerLog:
    """A :class:`RunnerLog` from frames already read (the pages' cached queries)."""
    return RunnerLog(
        athlete=athlete,
        profile=Profile(athlete.v_max_ms, athlete.body_mass_kg),
        params=params_for(athlete),
        runs=runs,
        sets=sets,
        checkins=checkins,
        planned=planned,
        injuries=injuries,
    )


def load_log(engine: Engine, athlete_id: int, *, viewer: Viewer) -> RunnerLog:
    """Read one runner's whole log and settings (each read checks that ``viewer`` may)."""
    athlete = queries.athlete(engine, athlete_id, viewer=viewer)
    if athlete is None:
        raise InvalidEntry([f"There is no runner with id {athlete_id}"])
    return runner_log(
        athlete,
        queries.runs(engine, athlete_id, viewer=viewer),
        queries.strength_sets(engine, athlete_id, viewer=viewer),
        queries.checkins(engine, athlete_id, viewer=viewer),
        queries.planned_sessions(engine, athlete_id, viewer=viewer),
        queries.injuries(engine, athlete_id, viewer=viewer),
    )


def assess_runner(
    log: RunnerLog, on: dt.date, params: Params | None = None, **options: Any
) -> Assessment:
    """:func:`risk.model.assess` on a runner's log (``params`` overrides their settings),
    their injuries included."""
    return assess(
        log.runs,
        log.sets,
        log.checkins,
        log.profile,
        params or log.params,
        on=on,
        injuries=log.injuries,
        **options,
    )


def plan_for_runner(
    log: RunnerLog,
    session: PlannedRun,
    today: dt.date,
    params: Params | None = None,
    *,
    sizes: bool = True,
) -> PlanAnswer:
    """:func:`risk.model.plan_session` on a runner's log, their planned sessions and
    injuries counted (``sizes`` False: the verdict and its earliest good day only)."""
    used = params or log.params
    answer = plan_session(
        log.runs,
        log.sets,
        log.checkins,
        log.profile,
        session,
        used,
        today=today,
        planned=log.planned,
        injuries=log.injuries,
        sizes=sizes,
    )
    return answer


def roster_line(log: RunnerLog, today: dt.date) -> RosterRow:
    """The runner's line of the squad roster on ``today`` (:func:`risk.roster.roster_row`)
    with their settings, planned sessions and injuries."""
    athlete = log.athlete
    return roster_row(
        athlete.id or 0,
        athlete.name,
        log.runs,
        log.sets,
        log.checkins,
        log.planned,
        log.profile,
        log.params,
        today,
        injuries=log.injuries,
    )


def validate_runner(
    log: RunnerLog, today: dt.date, *, all_sites: bool = False, params: Params | None = None
) -> ValidationReport:
    """Does it work for me? The runner's log assessed up to ``today`` and checked against
    their own injuries (:func:`risk.model.validation.validate`; hamstring injuries only
    unless ``all_sites``)."""
    used = params or log.params
    daily = assess_runner(log, today, params=used).daily
    return validate(daily, log.injuries, used, all_sites=all_sites)


def validate_club(
    engine: Engine, today: dt.date, *, viewer: Viewer, all_sites: bool = False
) -> ValidationReport:
    """The report pooled over every runner ``viewer`` may see (the whole database for the
    local app), each runner's days assessed with their own settings, resampled by runner,
    with a row per runner."""
    frames = []
    for athlete in queries.athletes(engine, viewer=viewer):
        assert athlete.id is not None
        log = load_log(engine, athlete.id, viewer=viewer)
        frames.append((athlete.name, assess_runner(log, today).daily, log.injuries))
    return validate_runners(frames, all_sites=all_sites)
