"""Who may see and change which runner: the access policy of club mode, below the pages.

A :class:`Viewer` is whoever the store acts for. The local app's viewer
(:data:`LOCAL_VIEWER`) may do everything, as before club mode. A hosted viewer is a
signed-in user with their memberships:

- an **athlete** reads and writes their own runner profile;
- a **coach** reads the runners of the athletes of every club they coach, and writes a
  runner's entries only where that athlete allowed it (``coach_can_edit``, off by default);
- an **admin** manages the memberships and invitations of their club (and reads no
  training unless also a coach or the athlete).

The checks read the memberships from the database each time, so a membership removed a
moment ago stops access on the next call, whatever viewer object a page still holds.
Refusals raise :class:`AccessDenied` with a message to show as it is; a runner that does
not exist is refused with the same message as one that is not yours, so a refusal tells
nothing about other clubs.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from risk.store.club_tables import Membership
from risk.store.inputs import InvalidEntry
from risk.store.tables import Athlete


class AccessDenied(PermissionError):
    """The viewer may not see or change what they asked for; ``message`` says so."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Role:
    """One membership of a viewer: their ``role`` in ``club_id`` (an athlete's names
    their runner profile once it exists)."""

    membership_id: int
    club_id: int
    role: str
    athlete_id: int | None = None
    coach_can_edit: bool = False


@dataclass(frozen=True)
class Viewer:
    """Whoever the store acts for: ``user_id`` None is the local app (everything);
    otherwise a signed-in user and their memberships when the viewer was made."""

    user_id: int | None
    roles: tuple[Role, ...] = ()
    display_name: str = ""
    email: str | None = None

    @property
    def is_local(self) -> bool:
        """Whether this is the local app's viewer, who may do everything."""
        return self.user_id is None

    def clubs(self, *roles: str) -> frozenset[int]:
        """The clubs where the viewer holds any of ``roles`` (every role when none given)."""
        return frozenset(r.club_id for r in self.roles if not roles or r.role in roles)

    @property
    def own_athletes(self) -> frozenset[int]:
        """The runner profiles the viewer owns as an athlete."""
        return frozenset(
            r.athlete_id for r in self.roles if r.role == "athlete" and r.athlete_id is not None
        )


#: The local app's viewer: one household, no sign-in, everything visible.
LOCAL_VIEWER = Viewer(user_id=None, display_name="local")

NOT_YOURS = "You may not see this runner: they are not yours and not in a club you coach."
NOT_EDITABLE = (
    "You may not change this runner's entries: only the runner can, or their coach once "
    "the runner allows coach editing."
)
NOT_OWNER = "Only the runner themselves may delete their runner profile."
LOCAL_ONLY = (
    "This is done in the local app (or on the server's command line), not by a signed-in member."
)
NOT_ADMIN = "Only an admin of this club may manage its members and invitations."
SIGNED_OUT = "You are not signed in (or your account was removed): sign in again."


def viewer_for(
    session: Session, user_id: int, display_name: str = "", email: str | None = None
) -> Viewer:
    """The hosted viewer of ``user_id`` with their memberships as stored now."""
    rows = session.exec(
        select(Membership).where(Membership.user_id == user_id).order_by(Membership.id)  # type: ignore[arg-type]
    ).all()
    roles = tuple(
        Role(
            membership_id=int(m.id or 0),
            club_id=m.club_id,
            role=m.role,
            athlete_id=m.athlete_id,
            coach_can_edit=bool(m.coach_can_edit),
        )
        for m in rows
    )
    return Viewer(user_id=user_id, roles=roles, display_name=display_name, email=email)


def access_now(session: Session, viewer: Viewer) -> dict[int, bool]:
    """Every runner a hosted ``viewer`` may read, by id, with whether they may also change
    it, read afresh in one query: their own runner (read and change), and the runners of
    the athletes of every club they coach (changed only where that athlete allowed it)."""
    me = viewer.user_id
    coach = aliased(Membership)
    coached_clubs = select(col(coach.club_id)).where(coach.user_id == me, coach.role == "coach")
    m = Membership
    rows = session.exec(
        select(m.athlete_id, m.user_id, m.coach_can_edit).where(
            m.role == "athlete",
            col(m.athlete_id).is_not(None),
            sa.or_(col(m.user_id) == me, col(m.club_id).in_(coached_clubs)),
        )
    ).all()
    found: dict[int, bool] = {}
    for athlete_id, user_id, coach_can_edit in rows:
        if athlete_id is not None:
            mine = user_id == me or bool(coach_can_edit)
            found[int(athlete_id)] = found.get(int(athlete_id), False) or mine
    return found


def _athlete_ids(session: Session, viewer: Viewer, *, writable: bool) -> set[int]:
    """The runners the viewer may read (or, with ``writable``, change), read afresh."""
    if viewer.user_id is None:
        return {int(i) for i in session.exec(select(Athlete.id)).all() if i is not None}
    return {
        i for i, may_change in access_now(session, viewer).items() if may_change or not writable
    }


def readable_athletes(session: Session, viewer: Viewer) -> list[int]:
    """The ids of the runners ``viewer`` may see, ascending: every runner for the local
    app; for a hosted viewer their own runner and those of the clubs they coach."""
    return sorted(_athlete_ids(session, viewer, writable=False))


def writable_athletes(session: Session, viewer: Viewer) -> list[int]:
    """The ids of the runners whose entries ``viewer`` may change, ascending."""
    return sorted(_athlete_ids(session, viewer, writable=True))


def require_read(session: Session, viewer: Viewer, athlete_id: int) -> None:
    """Refuse (:class:`AccessDenied`) unless ``viewer`` may see runner ``athlete_id``."""
    if viewer.user_id is None:
        return
    if athlete_id not in _athlete_ids(session, viewer, writable=False):
        raise AccessDenied(NOT_YOURS)


def require_write(session: Session, viewer: Viewer, athlete_id: int) -> None:
    """Refuse (:class:`AccessDenied`) unless ``viewer`` may change runner ``athlete_id``'s
    profile and entries."""
    if viewer.user_id is None:
        return
    if athlete_id not in _athlete_ids(session, viewer, writable=False):
        raise AccessDenied(NOT_YOURS)
    if athlete_id not in _athlete_ids(session, viewer, writable=True):
        raise AccessDenied(NOT_EDITABLE)


def require_admin(session: Session, viewer: Viewer, club_id: int) -> None:
    """Refuse (:class:`AccessDenied`) unless ``viewer`` is an admin of ``club_id`` now
    (the local app administers no club: clubs exist only in club mode)."""
    if viewer.user_id is None:
        raise AccessDenied("Clubs are managed in club mode, signed in as a club admin.")
    found = session.exec(
        select(Membership.id).where(
            Membership.user_id == viewer.user_id,
            Membership.club_id == club_id,
            Membership.role == "admin",
        )
    ).first()
    if found is None:
        raise AccessDenied(NOT_ADMIN)


def require_owner(session: Session, viewer: Viewer, athlete_id: int) -> None:
    """Refuse (:class:`AccessDenied`) unless ``viewer`` owns runner ``athlete_id`` as its
    athlete now (the local app owns every runner): deleting a profile is theirs alone."""
    if viewer.user_id is None:
        return
    require_read(session, viewer, athlete_id)
    found = session.exec(
        select(Membership.id).where(
            Membership.user_id == viewer.user_id,
            Membership.role == "athlete",
            Membership.athlete_id == athlete_id,
        )
    ).first()
    if found is None:
        raise AccessDenied(NOT_OWNER)


def require_local(viewer: Viewer, message: str = LOCAL_ONLY) -> None:
    """Refuse (:class:`AccessDenied`, ``message``) unless ``viewer`` is the local app's:
    for what spans every runner or makes a runner without a member (the demo, a new bare
    profile, a backup of the whole database)."""
    if viewer.user_id is not None:
        raise AccessDenied(message)


NAME_TAKEN = "A runner with that name exists already; choose another name"


def require_name_free(
    session: Session, viewer: Viewer, name: str, athlete_id: int | None = None
) -> None:
    """Refuse (:class:`~risk.store.inputs.InvalidEntry`) a runner name that another runner
    ``viewer`` may see already has (``athlete_id`` is the runner being renamed): among
    every runner for the local app, so a name picks one runner on the command line; among
    a member's own and coached runners in club mode. A name used only in another club is
    free, so the answer tells nothing about other clubs."""
    taken = {
        int(i)
        for i in session.exec(select(Athlete.id).where(Athlete.name == name)).all()
        if i is not None and i != athlete_id
    }
    if taken and viewer.user_id is not None:
        taken &= _athlete_ids(session, viewer, writable=False)
    if taken:
        raise InvalidEntry([NAME_TAKEN])
