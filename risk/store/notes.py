"""Notes and comments: a runner's note for their coach, and comments on a runner's week.

Every function takes the :class:`~risk.store.access.Viewer` it acts for and checks access
in the transaction it reads or writes in:

- a **note** is written by the runner themselves (:func:`~risk.store.access.require_write`
  and ownership of the runner: a coach allowed to edit the log still comments instead);
- a **comment** on a week is written by anyone who may see the runner
  (:func:`~risk.store.access.require_read`): the club's coaches, and the runner replying.

Writes validate with :mod:`risk.store.inputs` first (bad input changes nothing) and give
the runner a new change stamp in the same transaction. In the local app (no sign-in) the
author is none, shown as "you", and nothing is ever unread.

A comment is unread for a signed-in member who may see it, until they open its week
(:func:`mark_read`), unless they wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from risk.store import inputs as i
from risk.store.access import (
    AccessDenied,
    Viewer,
    readable_athletes,
    require_read,
    require_write,
)
from risk.store.club_tables import AppUser, Membership
from risk.store.inputs import InvalidEntry, validate
from risk.store.note_tables import AthleteNote, CommentRead, WeekComment
from risk.store.tables import Athlete, new_stamp

#: Who wrote a note or comment in the local app (no sign-in).
LOCAL_AUTHOR = "you"
#: Who wrote it when it was written in the local app and read in club mode.
UNSIGNED_AUTHOR = "the local app"
NOT_OWN_RUNNER = (
    "Only the runner leaves notes for their coach; a coach comments on a week (Weeks page)."
)


@dataclass(frozen=True)
class Note:
    """A runner's note for their coach, as a viewer reads it."""

    id: int
    athlete_id: int
    date: dt.date
    text: str
    author: str
    mine: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Comment:
    """A comment on a runner's week (its Monday), as a viewer reads it: ``unread`` when
    the viewer has not opened it yet and did not write it."""

    id: int
    athlete_id: int
    week: dt.date
    text: str
    author: str
    mine: bool
    unread: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class RunnerNotes:
    """What the roster shows of a runner's notes and comments for a viewer."""

    athlete_id: int
    latest_note: Note | None
    unread_comments: int


def _author(viewer: Viewer, author_id: int | None, name: str | None) -> tuple[str, bool]:
    """The author's name as the viewer reads it, and whether it is the viewer."""
    if author_id is None:
        return (LOCAL_AUTHOR, True) if viewer.is_local else (UNSIGNED_AUTHOR, False)
    mine = viewer.user_id == author_id
    return (name or "a former member"), mine


def _existing(session: Session, athlete_id: int) -> None:
    if session.get(Athlete, athlete_id) is None:
        raise InvalidEntry([f"No runner with id {athlete_id}"])


def _touch(session: Session, athlete_id: int) -> None:
    """Give the runner a new change stamp, in the transaction of the write it marks."""
    table = Athlete.__table__  # type: ignore[attr-defined]
    session.execute(sa.update(table).where(table.c.id == athlete_id).values(stamp=new_stamp()))


def _require_owner(session: Session, viewer: Viewer, athlete_id: int) -> None:
    """Refuse unless the viewer owns runner ``athlete_id`` now (anyone, locally)."""
    if viewer.is_local:
        return
    owner = session.exec(
        select(Membership.id).where(
            Membership.user_id == viewer.user_id,
            Membership.role == "athlete",
            Membership.athlete_id == athlete_id,
        )
    ).first()
    if owner is None:
        raise AccessDenied(NOT_OWN_RUNNER)


def _unread_filter(viewer: Viewer) -> Any:
    """A WHERE clause: comments the (hosted) viewer neither wrote nor has read."""
    seen = select(col(CommentRead.comment_id)).where(CommentRead.user_id == viewer.user_id)
    return sa.and_(
        sa.or_(col(WeekComment.author_id).is_(None), col(WeekComment.author_id) != viewer.user_id),
        col(WeekComment.id).not_in(seen),
    )


# Notes ---------------------------------------------------------------------------------------
def add_note(engine: Engine, viewer: Viewer, athlete_id: int, data: Mapping[str, Any]) -> Note:
    """Store the runner's note (``date``, ``note``) for their coach; only the runner may
    (anyone in the local app). Bad input raises :class:`InvalidEntry`, a viewer who may
    not :class:`AccessDenied`; either way nothing is stored."""
    clean = validate(i.NoteIn, data)
    with Session(engine, expire_on_commit=False) as session:
        require_write(session, viewer, athlete_id)
        _require_owner(session, viewer, athlete_id)
        _existing(session, athlete_id)
        row = AthleteNote(
            athlete_id=athlete_id, date=clean.date, text=clean.note, author_id=viewer.user_id
        )
        session.add(row)
        _touch(session, athlete_id)
        session.commit()
        author, mine = _author(viewer, row.author_id, viewer.display_name)
        return Note(int(row.id or 0), athlete_id, row.date, row.text, author, mine, row.created_at)


def notes(engine: Engine, viewer: Viewer, athlete_id: int, limit: int = 20) -> list[Note]:
    """The runner's latest notes, newest first (at most ``limit``)."""
    with Session(engine) as session:
        require_read(session, viewer, athlete_id)
        rows = session.exec(
            select(AthleteNote, col(AppUser.display_name))
            .outerjoin(AppUser, col(AppUser.id) == col(AthleteNote.author_id))
            .where(AthleteNote.athlete_id == athlete_id)
            .order_by(col(AthleteNote.date).desc(), col(AthleteNote.id).desc())
            .limit(limit)
        ).all()
    return [_note(viewer, row, name) for row, name in rows]


def _note(viewer: Viewer, row: AthleteNote, name: str | None) -> Note:
    author, mine = _author(viewer, row.author_id, name)
    return Note(int(row.id or 0), row.athlete_id, row.date, row.text, author, mine, row.created_at)


# Comments ------------------------------------------------------------------------------------
def add_comment(
    engine: Engine, viewer: Viewer, athlete_id: int, data: Mapping[str, Any]
) -> Comment:
    """Store a comment (``week``: a Monday, ``comment``) on the runner's week; anyone who
    may see the runner may (their coaches; the runner, to reply)."""
    clean = validate(i.WeekCommentIn, data)
    with Session(engine, expire_on_commit=False) as session:
        require_read(session, viewer, athlete_id)
        _existing(session, athlete_id)
        row = WeekComment(
            athlete_id=athlete_id, week=clean.week, text=clean.comment, author_id=viewer.user_id
        )
        session.add(row)
        _touch(session, athlete_id)
        session.commit()
        author, mine = _author(viewer, row.author_id, viewer.display_name)
        return Comment(
            int(row.id or 0),
            athlete_id,
            row.week,
            row.text,
            author,
            mine,
            False,
            row.created_at,
        )


def week_comments(engine: Engine, viewer: Viewer, athlete_id: int, week: dt.date) -> list[Comment]:
    """The comments on the runner's week starting ``week`` (a Monday), oldest first, each
    marked unread for this viewer or not."""
    with Session(engine) as session:
        require_read(session, viewer, athlete_id)
        rows = session.exec(
            select(WeekComment, col(AppUser.display_name))
            .outerjoin(AppUser, col(AppUser.id) == col(WeekComment.author_id))
            .where(WeekComment.athlete_id == athlete_id, WeekComment.week == week)
            .order_by(col(WeekComment.created_at), col(WeekComment.id))
        ).all()
        unread: set[int] = set()
        if not viewer.is_local and rows:
            unread = {
                int(c or 0)
                for c in session.exec(
                    select(col(WeekComment.id)).where(
                        WeekComment.athlete_id == athlete_id,
                        WeekComment.week == week,
                        _unread_filter(viewer),
                    )
                ).all()
            }
    out = []
    for row, name in rows:
        author, mine = _author(viewer, row.author_id, name)
        out.append(
            Comment(
                int(row.id or 0),
                row.athlete_id,
                row.week,
                row.text,
                author,
                mine,
                int(row.id or 0) in unread,
                row.created_at,
            )
        )
    return out


def unread_weeks(engine: Engine, viewer: Viewer, athlete_id: int) -> dict[dt.date, int]:
    """The runner's weeks holding comments this viewer has not read, with how many
    (none in the local app)."""
    if viewer.is_local:
        return {}
    with Session(engine) as session:
        require_read(session, viewer, athlete_id)
        rows = session.exec(
            select(col(WeekComment.week), sa.func.count())
            .where(WeekComment.athlete_id == athlete_id, _unread_filter(viewer))
            .group_by(col(WeekComment.week))
        ).all()
    return {week: int(n) for week, n in rows}


def mark_read(engine: Engine, viewer: Viewer, comment_ids: Iterable[int]) -> int:
    """Record that the viewer has read these comments (those they may see and did not
    write); returns how many became read. Nothing to do in the local app."""
    wanted = {int(c) for c in comment_ids}
    if viewer.is_local or not wanted:
        return 0
    with Session(engine) as session:
        allowed = set(readable_athletes(session, viewer))
        fresh = session.exec(
            select(col(WeekComment.id)).where(
                col(WeekComment.id).in_(wanted),
                col(WeekComment.athlete_id).in_(allowed),
                _unread_filter(viewer),
            )
        ).all()
        for comment_id in fresh:
            session.add(CommentRead(comment_id=int(comment_id or 0), user_id=viewer.user_id or 0))
        try:
            session.commit()
        except sa.exc.IntegrityError:  # another tab marked them read a moment ago
            session.rollback()
            return 0
    return len(fresh)


# The roster ----------------------------------------------------------------------------------
def summaries(engine: Engine, viewer: Viewer, athlete_ids: Iterable[int]) -> dict[int, RunnerNotes]:
    """For each runner of ``athlete_ids`` the viewer may see: their latest note and how
    many comments on their weeks the viewer has not read (two queries in all)."""
    with Session(engine) as session:
        allowed = set(readable_athletes(session, viewer))
        ids = sorted({int(a) for a in athlete_ids} & allowed)
        if not ids:
            return {}
        newest = (
            select(
                col(AthleteNote.id),
                sa.func.row_number()
                .over(
                    partition_by=col(AthleteNote.athlete_id),
                    order_by=(col(AthleteNote.date).desc(), col(AthleteNote.id).desc()),
                )
                .label("n"),
            )
            .where(col(AthleteNote.athlete_id).in_(ids))
            .subquery()
        )
        latest = session.exec(
            select(AthleteNote, col(AppUser.display_name))
            .join(newest, newest.c.id == col(AthleteNote.id))
            .outerjoin(AppUser, col(AppUser.id) == col(AthleteNote.author_id))
            .where(newest.c.n == 1)
        ).all()
        counts: dict[int, int] = {}
        if not viewer.is_local:
            counts = {
                int(a): int(n)
                for a, n in session.exec(
                    select(col(WeekComment.athlete_id), sa.func.count())
                    .where(col(WeekComment.athlete_id).in_(ids), _unread_filter(viewer))
                    .group_by(col(WeekComment.athlete_id))
                ).all()
            }
    notes_by = {row.athlete_id: _note(viewer, row, name) for row, name in latest}
    return {a: RunnerNotes(a, notes_by.get(a), counts.get(a, 0)) for a in ids}
