"""Reads: an athlete's entries for a date range as pandas DataFrames.

Frames have stable columns even when empty, ``date`` as ``datetime64[ns]`` (a
calendar day at midnight, no time zone) and nullable integer columns, so the
model and the charts never special-case an empty log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select
from sqlmodel import col as column_of

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
    "session_id",
    "birth_year",
}
_DATE_COLUMNS = ("date", "return_date")


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


def _select(
    engine: Engine,
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
    with engine.connect() as conn:
        rows = conn.execute(stmt).fetchall()
    return _frame(rows, _columns(model))


def runs(
    engine: Engine, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The athlete's runs and cross-training between ``start`` and ``end`` (inclusive)."""
    return _select(engine, Run, athlete_id, start, end)


def strength_sessions(
    engine: Engine, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The athlete's strength sessions (date, rpe, notes), one row each."""
    return _select(engine, StrengthSession, athlete_id, start, end)


def strength_sets(
    engine: Engine, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
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
    with engine.connect() as conn:
        rows = conn.execute(stmt).fetchall()
    return _frame(rows, cols)


def checkins(
    engine: Engine, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The athlete's daily check-ins."""
    return _select(engine, Checkin, athlete_id, start, end)


def injuries(
    engine: Engine, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The athlete's injuries."""
    return _select(engine, Injury, athlete_id, start, end)


def planned_sessions(
    engine: Engine, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The athlete's planned sessions."""
    return _select(engine, PlannedSession, athlete_id, start, end)


def athletes(engine: Engine) -> list[Athlete]:
    """Every runner, oldest profile first."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(Athlete).order_by(column_of(Athlete.id))).all())


def stamps(engine: Engine) -> dict[int, str]:
    """Every runner's change stamp by id (one small query): a stamp changes with every write
    for its runner, so a cache keyed on it is fresh whoever wrote."""
    t = SQLModel.metadata.tables["athlete"]
    with engine.connect() as conn:
        return {int(i): str(s) for i, s in conn.execute(sa.select(t.c.id, t.c.stamp))}


def athlete(engine: Engine, athlete_id: int) -> Athlete | None:
    """One runner by id."""
    with Session(engine, expire_on_commit=False) as session:
        return session.get(Athlete, athlete_id)


def athlete_by_name(engine: Engine, name: str) -> Athlete | None:
    """One runner by exact name."""
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(Athlete).where(Athlete.name == name)).first()


def table_frame(engine: Engine, table_name: str) -> pd.DataFrame:
    """A whole table as stored (all athletes), for export."""
    t = SQLModel.metadata.tables[table_name]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t).order_by(t.c.id)).fetchall()
    df = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(t.columns.keys()))
    _nullable_ints(df)
    return df


def entry_counts(engine: Engine, athlete_id: int) -> dict[str, int]:
    """How many entries of each kind the athlete has."""
    out: dict[str, int] = {}
    with engine.connect() as conn:
        for name in ("run", "strength_session", "checkin", "injury", "planned_session"):
            t = SQLModel.metadata.tables[name]
            stmt = sa.select(sa.func.count()).select_from(t).where(t.c.athlete_id == athlete_id)
            out[name] = int(conn.execute(stmt).scalar_one())
    return out
