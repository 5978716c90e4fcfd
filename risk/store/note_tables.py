"""SQLModel tables of notes and comments (migration 0008): an athlete's note for their
coach, a comment on one of a runner's weeks, and who has read which comment.

An author is a signed-in user (club mode) or none: the local app, shown as "you". A
removed user's notes and comments stay, with no author.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from risk.store.tables import UTCDateTime, utcnow

#: The longest note or comment, in characters.
MAX_TEXT = 1000


def _athlete_fk() -> sa.Column[int]:
    return sa.Column(
        sa.Integer, sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True
    )


def _author_fk() -> sa.Column[int]:
    return sa.Column(sa.Integer, sa.ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True)


class AthleteNote(SQLModel, table=True):
    """A runner's note for their coach about a day ("left hamstring tight after the
    track"), written by the runner (``author_id``; none in the local app)."""

    __tablename__ = "athlete_note"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=_athlete_fk())
    date: dt.date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    text: str = Field(sa_column=sa.Column(sa.String(MAX_TEXT), nullable=False))
    author_id: int | None = Field(default=None, sa_column=_author_fk())
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )


class WeekComment(SQLModel, table=True):
    """A comment on a runner's calendar week (``week``: its Monday), by a coach or, as a
    reply, the runner."""

    __tablename__ = "week_comment"
    __table_args__ = (sa.Index("ix_week_comment_athlete_week", "athlete_id", "week"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False
        )
    )
    week: dt.date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    text: str = Field(sa_column=sa.Column(sa.String(MAX_TEXT), nullable=False))
    author_id: int | None = Field(default=None, sa_column=_author_fk())
    created_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )


class CommentRead(SQLModel, table=True):
    """That ``user_id`` has seen comment ``comment_id`` (a comment is unread for every
    member who may see it, except its author, until they open its week)."""

    __tablename__ = "comment_read"
    __table_args__ = (sa.UniqueConstraint("comment_id", "user_id", name="uq_comment_read"),)

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("week_comment.id", ondelete="CASCADE"), nullable=False
        )
    )
    user_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("app_user.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    read_at: dt.datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(UTCDateTime, nullable=False)
    )
