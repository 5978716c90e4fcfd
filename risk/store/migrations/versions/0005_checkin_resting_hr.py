"""checkin: the morning resting heart rate (bpm), optional

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Every stored check-in is kept with no resting heart rate. The model does not read it: it
is logged beside the soreness for the runner to read back (History, CSV export).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("checkin") as batch_op:
        batch_op.add_column(sa.Column("resting_hr", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkin") as batch_op:
        batch_op.drop_column("resting_hr")
