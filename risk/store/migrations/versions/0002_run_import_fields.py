"""run: fields from imports (elapsed time, speeds, heart rate, fingerprint)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run") as batch_op:
        batch_op.add_column(sa.Column("elapsed_min", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("avg_speed_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("max_speed_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("avg_hr", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run") as batch_op:
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("avg_hr")
        batch_op.drop_column("max_speed_ms")
        batch_op.drop_column("avg_speed_ms")
        batch_op.drop_column("elapsed_min")
