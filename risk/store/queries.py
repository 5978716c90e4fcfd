"""Reads: an athlete's entries for a date range as pandas DataFrames.

Every read takes the :class:`~risk.store.access.Viewer` it is for (keyword-only, no
default) and checks, in the session of the read, that they may see that runner
(:class:`~risk.store.access.AccessDenied` otherwise); listings hold only the runners
they may see. The local app passes :data:`~risk.store.access.LOCAL_VIEWER`.

Frames have stable columns even when empty, ``date`` as ``datetime64[ns]`` (a
calendar day at midnight, no time zone) and nullable integer columns, so the
model and the charts never special-case an empty log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select
from sqlmodel import col as column_of

from risk.store.access import (
    AccessDenied,
    Viewer,
    access_now,
    readable_athletes,
    require_read,
)
from risk.store.inputs import InvalidEntry
from risk.store.tables import (
    Athlete,
    Checkin,
    Injury,
    PlannedSession,
    Run,
    StrengthSession,
)

_INT_COLUMNS = {
    "rpe",
    "strides",
    "sets",
    "reps",
    "soreness_left",
    "soreness_right",
    "fatigue",
    "sleep",
    "general_soreness",
    "stress",
    "mood",
    "resting_hr",
    "session_id",
    "birth_year",
}
_DATE_COLUMNS = ("date", "return_date")
NOT_RUNNER_TABLE = "Only the tables of runners' profiles and entries are exported to a member."


def _columns(model: type[SQLModel]) -> list[str]:
    return list(SQLModel.metadata.tables[str(model.__tablename__)].columns.keys())


def _nullable_ints(df: pd.DataFrame) -> None:
    """Integer columns as nullable Int64, so a missing RPE stays missing, not 5.0-style float."""
    for name in _INT_COLUMNS & set(df.columns):
        df[name] = pd.array(df[name].tolist(), dtype="Int64")


def _frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame.from_records([tuple(r) for r in rows], columns=columns)
    for col in _DATE_COLUMNS:
        if col in df:
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    _nullable_ints(df)
    if "start_time" in df:
        df["start_time"] = pd.to_datetime(df["start_time"], utc=True)
    for col in ("distance_km", "duration_min", "fast_km", "load_kg", "rep_km", "rep_pace_s_per_km"):
        if col in df:
            df[col] = pd.to_numeric(df[col]).astype("float64")
    if "assisted" in df:
        df["assisted"] = df["assisted"].astype(bool)
    return df


def _read(engine: Engine, viewer: Viewer, athlete_id: int, stmt: Any) -> Sequence[Any]:
    """The rows of ``stmt`` (one runner's), after checking in the same session that
    ``viewer`` may see runner ``athlete_id``."""
    with Session(engine) as session:
        require_read(session, viewer, athlete_id)
        return session.execute(stmt).fetchall()


def _select(
    engine: Engine,
    viewer: Viewer,
    model: type[SQLModel],
    athlete_id: int,
    start: dt.date | None,
    end: dt.date | None,
) -> pd.DataFrame:
    t = SQLModel.metadata.tables[str(model.__tablename__)]
    stmt = sa.select(t).where(t.c.athlete_id == athlete_id)
    if start is not None:
        stmt = stmt.where(t.c.date >= start)
    if end is not None:
        stmt = stmt.where(t.c.date <= end)
    stmt = stmt.order_by(t.c.date, t.c.id)
    return _frame(_read(engine, viewer, athlete_id, stmt), _columns(model))


def runs(
    engine: Engine,
    athlete_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    viewer: Viewer,
) -> pd.DataFrame:
    """The athlete's runs and cross-training between ``start`` and ``end`` (inclusive)."""
    return _select(engine, viewer, Run, athlete_id, start, end)


def strength_sessions(
    engine: Engine,
    athlete_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    viewer: Viewer,
) -> pd.DataFrame:
    """The athlete's strength sessions (date, rpe, notes), one row each."""
    return _select(engine, viewer, StrengthSession, athlete_id, start, end)


def strength_sets(
    engine: Engine,
    athlete_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    viewer: Viewer,
) -> pd.DataFrame:
    """Every exercise row of the athlete's strength sessions, with the session's date and RPE."""
    sets = SQLModel.metadata.tables["strength_set"]
    sess = SQLModel.metadata.tables["strength_session"]
    stmt = (
        sa.select(
            sets.c.id,
            sets.c.session_id,
            sess.c.date,
            sess.c.rpe,
            sets.c.exercise,
            sets.c.sets,
            sets.c.reps,
            sets.c.load_kg,
            sets.c.assisted,
        )
        .join(sess, sess.c.id == sets.c.session_id)
        .where(sets.c.athlete_id == athlete_id)
    )
    if start is not None:
        stmt = stmt.where(sess.c.date >= start)
    if end is not None:
        stmt = stmt.where(sess.c.date <= end)
    stmt = stmt.order_by(sess.c.date, sets.c.id)
    cols = ["id", "session_id", "date", "rpe", "exercise", "sets", "reps", "load_kg", "assisted"]
    return _frame(_read(engine, viewer, athlete_id, stmt), cols)


def checkins(
    engine: Engine,
    athlete_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    viewer: Viewer,
) -> pd.DataFrame:
    """The athlete's daily check-ins."""
    return _select(engine, viewer, Checkin, athlete_id, start, end)


def injuries(
    engine: Engine,
    athlete_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    viewer: Viewer,
) -> pd.DataFrame:
    """The athlete's injuries."""
    return _select(engine, viewer, Injury, athlete_id, start, end)


def planned_sessions(
    engine: Engine,
    athlete_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    viewer: Viewer,
) -> pd.DataFrame:
    """The athlete's planned sessions."""
    return _select(engine, viewer, PlannedSession, athlete_id, start, end)


def athletes(engine: Engine, *, viewer: Viewer) -> list[Athlete]:
    """The runners ``viewer`` may see, oldest profile first (every runner for the local app)."""
    with Session(engine, expire_on_commit=False) as session:
        stmt = select(Athlete).order_by(column_of(Athlete.id))
        if not viewer.is_local:
            stmt = stmt.where(column_of(Athlete.id).in_(readable_athletes(session, viewer)))
        return list(session.exec(stmt).all())


@dataclass(frozen=True)
class Visible:
    """What a viewer may see and change right now: the change stamp of every runner they
    may see (by id), and the ids of those whose entries they may change."""

    stamps: dict[int, str]
    writable: frozenset[int]


def visible(engine: Engine, *, viewer: Viewer) -> Visible:
    """The runners ``viewer`` may see, with their change stamps, and those they may
    change, read now in one session (a page view reads it once: a stamp changes with
    every write for its runner, so a cache keyed on it is fresh whoever wrote, and a
    membership removed a moment ago counts at once)."""
    t = SQLModel.metadata.tables["athlete"]
    stmt = sa.select(t.c.id, t.c.stamp)
    with Session(engine) as session:
        if viewer.is_local:
            found = {int(i): str(s) for i, s in session.execute(stmt)}
            return Visible(found, frozenset(found))
        access = access_now(session, viewer)
        stmt = stmt.where(t.c.id.in_(list(access)))
        found = {int(i): str(s) for i, s in session.execute(stmt)}
        return Visible(found, frozenset(i for i in found if access[i]))


def stamps(engine: Engine, *, viewer: Viewer) -> dict[int, str]:
    """The change stamp of every runner ``viewer`` may see, by id (:func:`visible`)."""
    return visible(engine, viewer=viewer).stamps


def athlete(engine: Engine, athlete_id: int, *, viewer: Viewer) -> Athlete | None:
    """One runner by id (None if there is none; refused if ``viewer`` may not see them)."""
    with Session(engine, expire_on_commit=False) as session:
        require_read(session, viewer, athlete_id)
        return session.get(Athlete, athlete_id)


def athlete_by_name(engine: Engine, name: str, *, viewer: Viewer) -> Athlete | None:
    """One runner by exact name, among those ``viewer`` may see (None otherwise, so the
    answer says nothing about other clubs' runners). Names are unique among the runners
    one viewer sees; should two still share one (made in two clubs, then read by the
    local viewer, who sees both), it raises :class:`InvalidEntry` naming their ids."""
    with Session(engine, expire_on_commit=False) as session:
        found = [
            a
            for a in session.exec(
                select(Athlete).where(Athlete.name == name).order_by(column_of(Athlete.id))
            ).all()
            if a.id is not None
        ]
        if found and not viewer.is_local:
            mine = set(readable_athletes(session, viewer))
            found = [a for a in found if a.id in mine]
        if len(found) > 1:
            ids = ", ".join(str(a.id) for a in found)
            raise InvalidEntry([f"Several runners are named {name!r} (ids {ids})"])
        return found[0] if found else None


def table_frame(engine: Engine, table_name: str, *, viewer: Viewer) -> pd.DataFrame:
    """A whole table as stored, for export: every row for the local app; for a signed-in
    viewer only the rows of the runners they may see (a table not about runners, refused)."""
    t = SQLModel.metadata.tables[table_name]
    stmt = sa.select(t).order_by(t.c.id)
    with Session(engine) as session:
        if not viewer.is_local:
            key = t.c.id if table_name == "athlete" else t.c.get("athlete_id")
            if key is None:
                raise AccessDenied(NOT_RUNNER_TABLE)
            stmt = stmt.where(key.in_(readable_athletes(session, viewer)))
        rows = session.execute(stmt).fetchall()
    df = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(t.columns.keys()))
    _nullable_ints(df)
    return df


def entry_counts(engine: Engine, athlete_id: int, *, viewer: Viewer) -> dict[str, int]:
    """How many entries of each kind the athlete has."""
    out: dict[str, int] = {}
    with Session(engine) as session:
        require_read(session, viewer, athlete_id)
        for name in ("run", "strength_session", "checkin", "injury", "planned_session"):
            t = SQLModel.metadata.tables[name]
            stmt = sa.select(sa.func.count()).select_from(t).where(t.c.athlete_id == athlete_id)
            out[name] = int(session.execute(stmt).scalar_one())
    return out
