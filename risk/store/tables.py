"""SQLModel tables: the schema of DESIGN.md, every row tied to an athlete.

These classes do not validate (SQLModel ``table=True`` models never do): write
only through :mod:`risk.store.writes`, which validates with :mod:`risk.store.inputs`
first. Any change here needs an Alembic migration in ``migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every engine.

    SQLite has no time zones and hands back naive values; this type refuses naive
    datetimes on the way in and returns aware UTC datetimes on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone (store UTC)")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - only raw SQLite text
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def new_stamp() -> str:
    """A fresh change stamp: random, so a runner deleted and created again under a reused id
    never gets back a stamp a cache has seen."""
    return secrets.token_hex(8)


def _fk(table: str) -> Any:
    return sa.Column(
        sa.Integer, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=True
    )


class Athlete(SQLModel, table=True):
    """A runner: body mass and max sprint speed scale the model; params override it."""

    __tablename__ = "athlete"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False, index=True))
    body_mass_kg: float
    v_max_ms: float
    birth_year: int | None = None
    units: str = Field(default="km", sa_column=sa.Column(sa.String(2), nullable=False))
    params: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False)
    )
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )
    # 0006: changes with every write for this runner (risk.store.writes), in the same
    # transaction, so any process can tell its cached reads of the runner are stale.
    stamp: str = Field(
        default_factory=new_stamp,
        sa_column=sa.Column(sa.String(32), nullable=False, server_default="0"),
    )


class Run(SQLModel, table=True):
    """One run, or one cross-training session (other sports carry no hamstring load)."""

    __tablename__ = "run"
    __table_args__ = (
        sa.UniqueConstraint("athlete_id", "source", "source_id", name="uq_run_source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=_fk("athlete"))
    date: dt.date = Field(index=True)
    start_time: dt.datetime | None = Field(
        default=None, sa_column=sa.Column(UTCDateTime, nullable=True)
    )
    type: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    distance_km: float
    duration_min: float | None = None
    rpe: int | None = None
    fast_km: float | None = None
    strides: int | None = None
    speed_profile: dict[str, float] | None = Field(
        default=None, sa_column=sa.Column(sa.JSON, nullable=True)
    )
    source: str = Field(default="manual", sa_column=sa.Column(sa.String(20), nullable=False))
    source_id: str | None = Field(default=None, sa_column=sa.Column(sa.String(200)))
    notes: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    # From imports (0002): elapsed time beside the moving time in duration_min, speeds,
    # heart rate, and a fingerprint of the imported totals to spot a changed re-import.
    elapsed_min: float | None = None
    avg_speed_ms: float | None = None
    max_speed_ms: float | None = None
    avg_hr: float | None = None
    fingerprint: str | None = Field(default=None, sa_column=sa.Column(sa.String(64)))
    # 0004: the hard reps of a session as the runner knows them (all three or none): how
    # many, the distance of one (km) and their pace (seconds per km).
    reps: int | None = None
    rep_km: float | None = None
    rep_pace_s_per_km: float | None = None


class StrengthSession(SQLModel, table=True):
    """A strength session; its exercises are rows of :class:`StrengthSet`."""

    __tablename__ = "strength_session"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=_fk("athlete"))
    date: dt.date = Field(index=True)
    rpe: int | None = None
    notes: str | None = Field(default=None, sa_column=sa.Column(sa.Text))


class StrengthSet(SQLModel, table=True):
    """One exercise of a session: ``sets`` x ``reps`` at ``load_kg`` external load."""

    __tablename__ = "strength_set"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=_fk("strength_session"))
    athlete_id: int = Field(sa_column=_fk("athlete"))
    exercise: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    sets: int
    reps: int
    load_kg: float = 0.0
    assisted: bool = False


class Checkin(SQLModel, table=True):
    """A daily check-in: hamstring soreness per side, optional wellness items (1-5) and
    resting heart rate (bpm, 0005)."""

    __tablename__ = "checkin"
    __table_args__ = (sa.UniqueConstraint("athlete_id", "date", name="uq_checkin_day"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=_fk("athlete"))
    date: dt.date = Field(index=True)
    soreness_left: int
    soreness_right: int
    fatigue: int | None = None
    sleep: int | None = None
    general_soreness: int | None = None
    stress: int | None = None
    mood: int | None = None
    # 0005: the morning resting heart rate in bpm (not read by the model).
    resting_hr: int | None = None
    notes: str | None = Field(default=None, sa_column=sa.Column(sa.Text))


class Injury(SQLModel, table=True):
    """An injury: when, where (site, 0003) and which side, how bad and when the runner
    was back."""

    __tablename__ = "injury"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=_fk("athlete"))
    date: dt.date = Field(index=True)
    side: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    description: str = Field(sa_column=sa.Column(sa.String(500), nullable=False))
    severity: str = Field(sa_column=sa.Column(sa.String(10), nullable=False))
    return_date: dt.date | None = None
    # 0003: where the injury is (risk.vocab.INJURY_SITES); older rows became "hamstring".
    site: str = Field(
        default="hamstring",
        sa_column=sa.Column(sa.String(20), nullable=False, server_default="hamstring"),
    )


class PlannedSession(SQLModel, table=True):
    """A planned session: never counted as done; the planner and Today read it."""

    __tablename__ = "planned_session"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=_fk("athlete"))
    date: dt.date = Field(index=True)
    type: str = Field(sa_column=sa.Column(sa.String(30), nullable=False))
    distance_km: float
    fast_km: float | None = None
    strides: int | None = None
    notes: str | None = Field(default=None, sa_column=sa.Column(sa.Text))


#: Every table that holds an athlete's entries, by the name the UI and CLI use.
ENTRY_TABLES: dict[str, type[SQLModel]] = {
    "run": Run,
    "strength_session": StrengthSession,
    "strength_set": StrengthSet,
    "checkin": Checkin,
    "injury": Injury,
    "planned_session": PlannedSession,
}


# Club mode's tables (0007) and notes and comments (0008) live in their own modules;
# importing them here puts them on the metadata wherever the tables are used (migrations,
# the schema check).
from risk.store import club_tables as _club_tables  # noqa: E402, F401
from risk.store import note_tables as _note_tables  # noqa: E402, F401
