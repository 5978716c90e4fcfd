"""run: the reps of a session (how many, distance of one, pace), all optional

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Every stored run is kept; the three columns are empty on existing runs (a run without reps
is judged as before: speed profile, fast km, pace, type). The model reads them as one
definition of fast km: the reps' km count as fast only at 80 % of max speed or more.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run") as batch_op:
        batch_op.add_column(sa.Column("reps", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rep_km", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("rep_pace_s_per_km", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run") as batch_op:
        batch_op.drop_column("rep_pace_s_per_km")
        batch_op.drop_column("rep_km")
        batch_op.drop_column("reps")
