"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "athlete",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("body_mass_kg", sa.Float(), nullable=False),
        sa.Column("v_max_ms", sa.Float(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("units", sa.String(length=2), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("soreness_left", sa.Integer(), nullable=False),
        sa.Column("soreness_right", sa.Integer(), nullable=False),
        sa.Column("fatigue", sa.Integer(), nullable=True),
        sa.Column("sleep", sa.Integer(), nullable=True),
        sa.Column("general_soreness", sa.Integer(), nullable=True),
        sa.Column("stress", sa.Integer(), nullable=True),
        sa.Column("mood", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id", "date", name="uq_checkin_day"),
    )
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkin_date"), ["date"], unique=False)

    op.create_table(
        "injury",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("return_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("injury", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_injury_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_injury_date"), ["date"], unique=False)

    op.create_table(
        "planned_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=False),
        sa.Column("fast_km", sa.Float(), nullable=True),
        sa.Column("strides", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("planned_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_planned_session_athlete_id"), ["athlete_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_planned_session_date"), ["date"], unique=False)

    op.create_table(
        "run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Integer(), nullable=True),
        sa.Column("fast_km", sa.Float(), nullable=True),
        sa.Column("strides", sa.Integer(), nullable=True),
        sa.Column("speed_profile", sa.JSON(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id", "source", "source_id", name="uq_run_source"),
    )
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_athlete_id"), ["athlete_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_run_date"), ["date"], unique=False)

    op.create_table(
        "strength_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rpe", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("strength_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strength_session_athlete_id"), ["athlete_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_strength_session_date"), ["date"], unique=False)

    op.create_table(
        "strength_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("exercise", sa.String(length=100), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=False),
        sa.Column("assisted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["strength_session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("strength_set", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strength_set_athlete_id"), ["athlete_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_strength_set_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("strength_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strength_set_session_id"))
        batch_op.drop_index(batch_op.f("ix_strength_set_athlete_id"))

    op.drop_table("strength_set")
    with op.batch_alter_table("strength_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strength_session_date"))
        batch_op.drop_index(batch_op.f("ix_strength_session_athlete_id"))

    op.drop_table("strength_session")
    with op.batch_alter_table("run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_run_date"))
        batch_op.drop_index(batch_op.f("ix_run_athlete_id"))

    op.drop_table("run")
    with op.batch_alter_table("planned_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planned_session_date"))
        batch_op.drop_index(batch_op.f("ix_planned_session_athlete_id"))

    op.drop_table("planned_session")
    with op.batch_alter_table("injury", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_injury_date"))
        batch_op.drop_index(batch_op.f("ix_injury_athlete_id"))

    op.drop_table("injury")
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_date"))
        batch_op.drop_index(batch_op.f("ix_checkin_athlete_id"))

    op.drop_table("checkin")
    op.drop_table("athlete")
