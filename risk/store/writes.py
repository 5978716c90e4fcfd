"""Every write to the store: validate first, then one transaction, or nothing.

Each function takes raw values (form, CLI, editor), validates them with
:mod:`risk.store.inputs` and raises :class:`InvalidEntry` with runner-readable
messages before touching the database. Constraint clashes (a second check-in on
the same day, a duplicate name) are reported the same way and roll back.

Every write for a runner also gives the runner a new change stamp (``athlete.stamp``) in
the same transaction, so readers in any process can tell their cached reads are stale.

Every write takes the :class:`~risk.store.access.Viewer` it is for (keyword-only, no
default, so no caller can leave it out) and checks, in its own transaction before it
changes anything, that they may change that runner
(:class:`~risk.store.access.AccessDenied` otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from risk import vocab
from risk.store import inputs as i
from risk.store.access import (
    Viewer,
    require_local,
    require_name_free,
    require_owner,
    require_write,
)
from risk.store.engine import StoreError
from risk.store.inputs import InvalidEntry, M, validate
from risk.store.tables import (
    Athlete,
    Checkin,
    Injury,
    PlannedSession,
    Run,
    StrengthSession,
    StrengthSet,
    new_stamp,
)

#: What History can edit: entry kind -> (table, input model).
EDITABLE: dict[str, tuple[type[SQLModel], type[BaseModel]]] = {
    "run": (Run, i.RunIn),
    "strength_session": (StrengthSession, i.StrengthSessionInfoIn),
    "strength_set": (StrengthSet, i.StrengthSetIn),
    "checkin": (Checkin, i.CheckinIn),
    "injury": (Injury, i.InjuryIn),
    "planned_session": (PlannedSession, i.PlannedSessionIn),
}

CLUB_PROFILE = (
    "In club mode a runner profile is made by its athlete, on their first sign-in "
    "(Welcome), not added here."
)

_CLASH_MESSAGES = {
    "uq_checkin_day": "There is already a check-in on that date; edit it in History instead",
    "checkin.athlete_id, checkin.date": (
        "There is already a check-in on that date; edit it in History instead"
    ),
    "uq_run_source": "This activity was imported already",
    "run.athlete_id, run.source, run.source_id": "This activity was imported already",
}


@contextmanager
def _transaction(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except sa.exc.IntegrityError as exc:
            session.rollback()
            text = str(exc.orig)
            for key, message in _CLASH_MESSAGES.items():
                if key in text:
                    raise InvalidEntry([message]) from None
            raise InvalidEntry([f"The entry clashes with stored data: {text}"]) from None
        except BaseException:
            session.rollback()
            raise


def _table(model: type[SQLModel]) -> sa.Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


def _touch(session: Session, athlete_id: int) -> None:
    """Give the runner a new change stamp, in the transaction of the write it marks."""
    t = _table(Athlete)
    session.execute(sa.update(t).where(t.c.id == athlete_id).values(stamp=new_stamp()))


def _athlete(session: Session, athlete_id: int) -> Athlete:
    athlete = session.get(Athlete, athlete_id)
    if athlete is None:
        raise InvalidEntry([f"No runner with id {athlete_id}"])
    return athlete


# Athletes ------------------------------------------------------------------------------------
def create_athlete(engine: Engine, data: Mapping[str, Any], *, viewer: Viewer) -> Athlete:
    """Validate and store a new runner profile (the local app only: in club mode an
    athlete's profile is made with their membership, :func:`accounts.create_own_runner`)."""
    require_local(viewer, CLUB_PROFILE)
    clean = validate(i.AthleteIn, data)
    with _transaction(engine) as session:
        require_name_free(session, viewer, clean.name)
        athlete = Athlete(**clean.model_dump())
        session.add(athlete)
        session.flush()
        session.refresh(athlete)
        return athlete


def update_athlete(
    engine: Engine, athlete_id: int, changes: Mapping[str, Any], *, viewer: Viewer
) -> Athlete:
    """Validate the profile with ``changes`` applied and store it."""
    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        athlete = _athlete(session, athlete_id)
        current = athlete.model_dump(include=set(i.AthleteIn.model_fields))
        clean = validate(i.AthleteIn, {**current, **changes})
        require_name_free(session, viewer, clean.name, athlete_id)
        for key, value in clean.model_dump().items():
            setattr(athlete, key, value)
        athlete.stamp = new_stamp()
        session.add(athlete)
        return athlete


def set_athlete_params(
    engine: Engine, athlete_id: int, params: Mapping[str, Any], *, viewer: Viewer
) -> None:
    """Store the athlete's model overrides (validated by the model's Params, not here)."""
    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        athlete = _athlete(session, athlete_id)
        athlete.params = dict(params)
        athlete.stamp = new_stamp()
        session.add(athlete)


def delete_athlete(engine: Engine, athlete_id: int, *, viewer: Viewer) -> str:
    """Delete a runner and, through the cascade, every entry of theirs; returns their name.
    Only the runner themselves (or the local app) may."""
    with _transaction(engine) as session:
        require_owner(session, viewer, athlete_id)
        athlete = _athlete(session, athlete_id)
        session.delete(athlete)
        return athlete.name


# Entries -------------------------------------------------------------------------------------
def require_writable(engine: Engine, athlete_id: int, *, viewer: Viewer) -> None:
    """Refuse (:class:`AccessDenied`) unless ``viewer`` may change runner ``athlete_id``
    now; writes nothing (for a step that checks before it starts, like an import)."""
    with Session(engine) as session:
        require_write(session, viewer, athlete_id)


def _insert_one(
    engine: Engine, viewer: Viewer, athlete_id: int, table: type[SQLModel], clean: BaseModel
) -> int:
    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        _athlete(session, athlete_id)
        row = table(athlete_id=athlete_id, **clean.model_dump())
        session.add(row)
        session.flush()
        _touch(session, athlete_id)
        row_id = getattr(row, "id", None)
        assert row_id is not None
        return int(row_id)


def add_run(
    engine: Engine,
    athlete_id: int,
    data: Mapping[str, Any],
    units: vocab.Units = "km",
    *,
    viewer: Viewer,
) -> int:
    """Validate and store one run (distances in km); returns its id."""
    return _insert_one(engine, viewer, athlete_id, Run, validate(i.RunIn, data, units=units))


def add_strength_session(
    engine: Engine, athlete_id: int, data: Mapping[str, Any], *, viewer: Viewer
) -> int:
    """Validate and store a strength session with its exercises; returns the session id."""
    clean = validate(i.StrengthSessionIn, data)
    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        _athlete(session, athlete_id)
        header = StrengthSession(athlete_id=athlete_id, **clean.model_dump(exclude={"exercises"}))
        session.add(header)
        session.flush()
        assert header.id is not None
        for ex in clean.exercises:
            session.add(StrengthSet(session_id=header.id, athlete_id=athlete_id, **ex.model_dump()))
        _touch(session, athlete_id)
        return header.id


def _insert_for(engine: Engine) -> Any:
    """The dialect's ``insert`` with ``ON CONFLICT`` (SQLite and PostgreSQL both have it)."""
    if engine.dialect.name == "postgresql":
        return postgresql.insert
    if engine.dialect.name == "sqlite":
        return sqlite.insert
    raise StoreError(f"Check-ins cannot be saved on {engine.dialect.name}")  # pragma: no cover


def save_checkin(
    engine: Engine, athlete_id: int, data: Mapping[str, Any], *, viewer: Viewer
) -> tuple[int, bool]:
    """Store the day's check-in, replacing one already logged that day.

    A true upsert (``INSERT … ON CONFLICT (athlete_id, date)``), so two saves of the same
    day at once (two tabs, two processes) both succeed and leave one row: the last one
    written wins. Returns ``(id, created)``: ``created`` is False when an existing check-in
    was updated.
    """
    clean = validate(i.CheckinIn, data)
    values = clean.model_dump()
    table = _table(Checkin)
    insert = _insert_for(engine)
    key = ["athlete_id", "date"]
    # The first statement writes, so SQLite takes its write lock (and waits its busy
    # timeout) at once instead of failing to upgrade a read snapshot that went stale.
    fresh = (
        insert(table)
        .values(athlete_id=athlete_id, **values)
        .on_conflict_do_nothing(index_elements=key)
        .returning(table.c.id)
    )
    replace = insert(table).values(athlete_id=athlete_id, **values)
    replace = replace.on_conflict_do_update(
        index_elements=key, set_={name: replace.excluded[name] for name in values}
    ).returning(table.c.id)
    try:
        with _transaction(engine) as session:
            row_id = session.execute(fresh).scalar_one_or_none()
            created = row_id is not None
            if row_id is None:
                row_id = session.execute(replace).scalar_one()
            # Checked after the upsert (a refusal rolls it back): on SQLite a read first
            # would make the upsert upgrade a snapshot another writer may have made stale.
            require_write(session, viewer, athlete_id)
            _touch(session, athlete_id)
    except InvalidEntry:
        with Session(engine) as session:
            require_write(session, viewer, athlete_id)
            _athlete(session, athlete_id)  # "No runner with id …" when that is the cause
        raise
    return int(row_id), created


def add_injury(engine: Engine, athlete_id: int, data: Mapping[str, Any], *, viewer: Viewer) -> int:
    """Validate and store an injury; returns its id."""
    return _insert_one(engine, viewer, athlete_id, Injury, validate(i.InjuryIn, data))


def add_planned_session(
    engine: Engine,
    athlete_id: int,
    data: Mapping[str, Any],
    units: vocab.Units = "km",
    *,
    viewer: Viewer,
) -> int:
    """Validate and store a planned session; returns its id."""
    clean = validate(i.PlannedSessionIn, data, units=units)
    return _insert_one(engine, viewer, athlete_id, PlannedSession, clean)


def update_entries(
    engine: Engine,
    kind: str,
    athlete_id: int,
    changes: Mapping[int, Mapping[str, Any]],
    units: vocab.Units = "km",
    *,
    viewer: Viewer,
) -> int:
    """Apply History edits ``{entry id: {field: value}}``: all rows or none.

    Every edited row is validated as a whole; problems come back prefixed with the
    row's date so the runner can find them. Returns the number of rows changed.
    """
    table, model = EDITABLE[kind]
    problems: list[str] = []
    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        for entry_id, change in changes.items():
            row = session.get(table, entry_id)
            if row is None or getattr(row, "athlete_id", None) != athlete_id:
                problems.append(f"Entry {entry_id} no longer exists")
                continue
            current = row.model_dump(include=set(model.model_fields))
            try:
                clean = validate(model, {**current, **change}, units=units)
            except InvalidEntry as exc:
                where = getattr(row, "date", None) or f"entry {entry_id}"
                problems.extend(f"{where}: {m}" for m in exc.messages)
                continue
            for key, value in clean.model_dump(include=set(change)).items():
                setattr(row, key, value)
            session.add(row)
        if problems:
            raise InvalidEntry(problems)
        session.flush()
        _touch(session, athlete_id)
    return len(changes)


def delete_entries(
    engine: Engine, kind: str, athlete_id: int, ids: Iterable[int], *, viewer: Viewer
) -> int:
    """Delete the athlete's entries of ``kind`` with these ids; returns how many went.

    Deleting a strength session deletes its exercises too (cascade).
    """
    table = EDITABLE[kind][0]
    wanted = [int(x) for x in ids]
    t = _table(table)
    stmt = sa.delete(t).where(t.c.id.in_(wanted), t.c.athlete_id == athlete_id)
    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        if not wanted:
            return 0
        result = session.execute(stmt)
        _touch(session, athlete_id)
        return int(getattr(result, "rowcount", 0) or 0)


def add_bulk(
    engine: Engine,
    athlete_id: int,
    *,
    runs: Iterable[Mapping[str, Any]] = (),
    strength: Iterable[Mapping[str, Any]] = (),
    checkins: Iterable[Mapping[str, Any]] = (),
    injuries: Iterable[Mapping[str, Any]] = (),
    planned: Iterable[Mapping[str, Any]] = (),
    viewer: Viewer,
) -> dict[str, int]:
    """Validate every record, then insert them all in one transaction (or nothing).

    For bulk loaders (demo data, imports). Problems are reported with the record's
    kind and position; the first 20 are listed. Returns the count inserted per kind.
    """
    problems: list[str] = []

    def check(model: type[M], kind: str, records: Iterable[Mapping[str, Any]]) -> list[M]:
        out: list[M] = []
        for n, rec in enumerate(records, start=1):
            try:
                out.append(validate(model, rec))
            except InvalidEntry as exc:
                problems.extend(f"{kind} {n}: {m}" for m in exc.messages)
        return out

    clean_runs = check(i.RunIn, "run", runs)
    clean_strength = check(i.StrengthSessionIn, "strength session", strength)
    clean_checkins = check(i.CheckinIn, "check-in", checkins)
    clean_injuries = check(i.InjuryIn, "injury", injuries)
    clean_planned = check(i.PlannedSessionIn, "planned session", planned)
    if problems:
        more = len(problems) - 20
        raise InvalidEntry(problems[:20] + ([f"... and {more} more"] if more > 0 else []))

    def rows(records: list[Any], **extra: Any) -> list[dict[str, Any]]:
        return [
            {**r.model_dump(exclude={"exercises"}), "athlete_id": athlete_id, **extra}
            for r in records
        ]

    with _transaction(engine) as session:
        require_write(session, viewer, athlete_id)
        _athlete(session, athlete_id)
        conn = session.connection()
        for table, records in (
            (Run, clean_runs),
            (Checkin, clean_checkins),
            (Injury, clean_injuries),
            (PlannedSession, clean_planned),
        ):
            if records:
                conn.execute(sa.insert(_table(table)), rows(records))
        if clean_strength:
            t = _table(StrengthSession)
            ids = (
                conn.execute(
                    sa.insert(t).returning(t.c.id, sort_by_parameter_order=True),
                    rows(clean_strength),
                )
                .scalars()
                .all()
            )
            set_rows = [
                {**ex.model_dump(), "session_id": sid, "athlete_id": athlete_id}
                for sid, sess in zip(ids, clean_strength, strict=True)
                for ex in sess.exercises
            ]
            conn.execute(sa.insert(_table(StrengthSet)), set_rows)
        _touch(session, athlete_id)
    return {
        "run": len(clean_runs),
        "strength_session": len(clean_strength),
        "checkin": len(clean_checkins),
        "injury": len(clean_injuries),
        "planned_session": len(clean_planned),
    }
