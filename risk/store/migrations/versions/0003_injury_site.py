"""injury: where it is (site), existing injuries become "hamstring"

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

Every stored injury is kept. Rows logged before sites existed get "hamstring": the app
logs hamstring load and soreness, and its injury form asked about hamstrings ("e.g. right
hamstring twinge"), so that is what they most likely were; the runner can change it in
History. The server default also fills the column on PostgreSQL in one statement.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("injury") as batch_op:
        batch_op.add_column(
            sa.Column("site", sa.String(length=20), server_default="hamstring", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("injury") as batch_op:
        batch_op.drop_column("site")
