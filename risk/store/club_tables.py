"""SQLModel tables of club mode (migration 0007): people who sign in, clubs, who belongs
to which club in which role, and invitations by email.

A runner profile (:class:`risk.store.tables.Athlete`) belongs to at most one athlete
membership; runners without one are the local app's and stay usable there.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from risk.store.tables import UTCDateTime, utcnow

#: The roles of a membership: an athlete owns one runner profile; a coach reads the
#: athletes of the club (and edits those who allowed it); an admin invites, removes and
#: assigns.
ROLES = ("athlete", "coach", "admin")


def _role_column() -> sa.Column[str]:
    return sa.Column(sa.String(10), nullable=False)


class AppUser(SQLModel, table=True):
    """A person who signed in: the OIDC issuer and subject name them for good; email
    and display name are what the provider said at the last sign-in."""

    __tablename__ = "app_user"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="uq_app_user_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(sa_column=sa.Column(sa.String(500), nullable=False))
    subject: str = Field(sa_column=sa.Column(sa.String(255), nullable=False))
    email: str | None = Field(default=None, sa_column=sa.Column(sa.String(320), index=True))
    display_name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False))
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )


class Club(SQLModel, table=True):
    """A club (or a coach's squad): the unit of isolation in club mode."""

    __tablename__ = "club"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(100), nullable=False))
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )


class Membership(SQLModel, table=True):
    """A user's role in a club. An athlete's membership names their own runner profile
    (``athlete_id``, once created) and whether the club's coaches may edit it."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "club_id", "role", name="uq_membership_role"),
        sa.UniqueConstraint("athlete_id", name="uq_membership_athlete"),
        sa.CheckConstraint("role IN ('athlete', 'coach', 'admin')", name="ck_membership_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    club_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("club.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    role: str = Field(sa_column=_role_column())
    athlete_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("athlete.id", ondelete="SET NULL"), nullable=True
        ),
    )
    coach_can_edit: bool = Field(
        default=False,
        sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false()),
    )
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )


class Invitation(SQLModel, table=True):
    """An invitation to join a club in a role, by email (stored lowercased): the first
    sign-in with that email accepts it. An athlete invitation may name an existing
    runner profile to hand over."""

    __tablename__ = "invitation"
    __table_args__ = (
        sa.UniqueConstraint("club_id", "email", "role", name="uq_invitation"),
        sa.CheckConstraint("role IN ('athlete', 'coach', 'admin')", name="ck_invitation_role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    club_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("club.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    email: str = Field(sa_column=sa.Column(sa.String(320), nullable=False, index=True))
    role: str = Field(sa_column=_role_column())
    athlete_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("athlete.id", ondelete="SET NULL"), nullable=True
        ),
    )
    invited_by: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True
        ),
    )
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )
    accepted_at: dt.datetime | None = Field(
        default=None, sa_column=sa.Column(UTCDateTime, nullable=True)
    )
