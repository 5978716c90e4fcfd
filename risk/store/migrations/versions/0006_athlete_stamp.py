"""athlete: a change stamp, new with every write for the runner

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02

Every write for a runner (entries, edits, deletes, imports, profile, settings) sets a new
random stamp in the same transaction; the app keys its cached reads on it, so a write from
another process (the CLI, another server) shows on the next page view, and a write for one
runner leaves the others' caches alone. Existing runners get a random stamp each.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athlete") as batch_op:
        batch_op.add_column(sa.Column("stamp", sa.String(32), nullable=False, server_default="0"))
    conn = op.get_bind()
    athlete = sa.table("athlete", sa.column("id", sa.Integer), sa.column("stamp", sa.String))
    for (athlete_id,) in conn.execute(sa.select(athlete.c.id)).fetchall():
        conn.execute(
            sa.update(athlete).where(athlete.c.id == athlete_id).values(stamp=secrets.token_hex(8))
        )


def downgrade() -> None:
    with op.batch_alter_table("athlete") as batch_op:
        batch_op.drop_column("stamp")
