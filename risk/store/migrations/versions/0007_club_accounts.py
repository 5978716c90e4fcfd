"""club mode: users who sign in, clubs, memberships with a role, invitations by email

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Four new tables; no existing table changes, so every stored runner and entry is kept and
stays usable in the local app (a runner without a membership is the local app's).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROLE_CHECK = "role IN ('athlete', 'coach', 'admin')"


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "subject", name="uq_app_user_identity"),
    )
    op.create_index("ix_app_user_email", "app_user", ["email"])
    op.create_table(
        "club",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("club_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("coach_can_edit", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_ROLE_CHECK, name="ck_membership_role"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["club_id"], ["club.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id", name="uq_membership_athlete"),
        sa.UniqueConstraint("user_id", "club_id", "role", name="uq_membership_role"),
    )
    op.create_index("ix_membership_club_id", "membership", ["club_id"])
    op.create_index("ix_membership_user_id", "membership", ["user_id"])
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("club_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=True),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_ROLE_CHECK, name="ck_invitation_role"),
        sa.ForeignKeyConstraint(["athlete_id"], ["athlete.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["club_id"], ["club.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invited_by"], ["app_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("club_id", "email", "role", name="uq_invitation"),
    )
    op.create_index("ix_invitation_club_id", "invitation", ["club_id"])
    op.create_index("ix_invitation_email", "invitation", ["email"])


def downgrade() -> None:
    op.drop_table("invitation")
    op.drop_table("membership")
    op.drop_table("club")
    op.drop_table("app_user")
