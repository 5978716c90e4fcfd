"""athlete: a runner's name is no longer unique across the whole database

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

On a club server a database-wide unique name let a member learn that a name was taken in
another club ("a runner with that name exists already"). Names are now unique among the
runners a viewer may see (checked by the store before it writes: every runner for the
local app, one's own and coached runners for a member), and the column keeps a plain
index for lookups by name. Every stored runner is kept as it is.

Downgrading puts the unique constraint back, which fails while two runners share a name.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: SQLite's unique constraint from 0001 has no name; batch mode names it by this.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("athlete", naming_convention=_NAMES) as batch_op:
            batch_op.drop_constraint("uq_athlete_name", type_="unique")
            batch_op.create_index("ix_athlete_name", ["name"], unique=False)
        return
    for unique in sa.inspect(bind).get_unique_constraints("athlete"):
        if unique["column_names"] == ["name"] and unique["name"]:
            op.drop_constraint(unique["name"], "athlete", type_="unique")
    op.create_index("ix_athlete_name", "athlete", ["name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("athlete", naming_convention=_NAMES) as batch_op:
        batch_op.drop_index("ix_athlete_name")
        batch_op.create_unique_constraint("uq_athlete_name", ["name"])
