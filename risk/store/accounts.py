"""Club mode's accounts: sign-in to a user, the first admin, invitations, memberships.

:func:`sign_in` turns what the OIDC provider says (issuer, subject, email, name) into a
user and their :class:`~risk.store.access.Viewer`: the first person to sign in on a
database with no users becomes admin of a new club; a pending invitation for their email
joins them to that club in the invited role; anyone else has no club yet. It is
idempotent and safe when two sign-ins race: it runs under a database-wide write lock
(``BEGIN IMMEDIATE`` on SQLite, a transaction advisory lock on PostgreSQL), the unique
constraints back it, and a clash is retried.

Admin functions (:func:`invite`, :func:`remove_membership`, ...) take the viewer and
refuse (:class:`~risk.store.access.AccessDenied`) unless they are an admin of the club.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from risk.store import inputs as i
from risk.store.access import (
    AccessDenied,
    Viewer,
    require_admin,
    require_name_free,
    viewer_for,
)
from risk.store.club_tables import ROLES, AppUser, Club, Invitation, Membership
from risk.store.engine import is_sqlite
from risk.store.inputs import InvalidEntry
from risk.store.tables import Athlete, new_stamp, utcnow

T = TypeVar("T")

MAX_ISSUER = 500
MAX_SUBJECT = 255
MAX_EMAIL = 320
MAX_DISPLAY_NAME = 200
MAX_CLUB_NAME = 100
#: A plain address check: one @, something on each side, a dot in the domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: An arbitrary constant naming the sign-in lock for pg_advisory_xact_lock.
_PG_LOCK_KEY = 0x0EC12
_RETRIES = 5


def no_club_message(email: str | None) -> str:
    """What a signed-in person with no membership is told."""
    who = email or "the email address you sign in with"
    return f"You have no club yet: ask your coach or club admin for an invitation to {who}."


def normalise_email(value: str | None, *, required: bool = False) -> str | None:
    """``value`` trimmed and lowercased if it is a plausible email address; None when
    empty and not ``required``; else :class:`InvalidEntry` saying why."""
    text = i.without_controls(value or "", multiline=False).strip().lower()
    if not text:
        if required:
            raise InvalidEntry(["Email is required"])
        return None
    if len(text) > MAX_EMAIL:
        raise InvalidEntry([f"Email must be at most {MAX_EMAIL} characters (got {len(text)})"])
    if not _EMAIL.match(text):
        raise InvalidEntry([f"{text[:200]!r} is not an email address (like name@club.org)"])
    return text


def _role(value: str) -> str:
    role = (value or "").strip().lower()
    if role not in ROLES:
        raise InvalidEntry([f"Role must be one of {', '.join(ROLES)} (got {value!r})"])
    return role


@dataclass(frozen=True)
class _Identity:
    issuer: str
    subject: str
    email: str | None
    display_name: str


def _identity(issuer: str, subject: str, email: str | None, name: str | None) -> _Identity:
    problems: list[str] = []
    clean_issuer = i.without_controls(issuer or "", multiline=False).strip()
    clean_subject = i.without_controls(subject or "", multiline=False).strip()
    for label, text, limit in (
        ("Issuer", clean_issuer, MAX_ISSUER),
        ("Subject", clean_subject, MAX_SUBJECT),
    ):
        if not text:
            problems.append(f"The sign-in gave no {label.lower()}")
        elif len(text) > limit:
            problems.append(f"{label} must be at most {limit} characters (got {len(text)})")
    clean_email: str | None = None
    try:
        clean_email = normalise_email(email)
    except InvalidEntry as exc:
        problems.extend(exc.messages)
    display = i.without_controls(name or "", multiline=False).strip()[:MAX_DISPLAY_NAME]
    if not display:
        display = (clean_email or "").split("@")[0] or "Member"
    if problems:
        raise InvalidEntry(problems)
    return _Identity(clean_issuer, clean_subject, clean_email, display)


@contextmanager
def _locked(engine: Engine) -> Iterator[Session]:
    """A transaction holding the database's write lock from its first statement, so
    "is anyone here yet?" and the insert that follows cannot interleave with another
    sign-in."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            conn = session.connection()
            if is_sqlite(engine):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _retrying(work: Callable[[], T]) -> T:
    """Run ``work``; when it clashes with a concurrent writer (a unique constraint, a
    busy SQLite file) run it again, a few times."""
    for attempt in range(_RETRIES):
        try:
            return work()
        except (sa.exc.IntegrityError, sa.exc.OperationalError):
            if attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def sign_in(
    engine: Engine,
    issuer: str,
    subject: str,
    email: str | None,
    name: str | None,
    *,
    email_verified: bool | None = None,
) -> Viewer:
    """The viewer for the person the OIDC provider signed in, creating their user on the
    first sign-in (and updating email and name on later ones).

    The first user of a database with no users becomes admin of a new club. Each pending
    invitation to their email (unless the provider says the email is not verified) is
    accepted: they join that club in the invited role (an athlete invitation that names a
    runner profile hands it to them). A viewer with no roles has no club yet
    (:func:`no_club_message`). Bad input raises :class:`InvalidEntry` and changes nothing.
    """
    who = _identity(issuer, subject, email, name)

    def work() -> tuple[int, str, str | None]:
        with _locked(engine) as session:
            user = session.exec(
                select(AppUser).where(AppUser.issuer == who.issuer, AppUser.subject == who.subject)
            ).first()
            if user is None:
                first = session.exec(select(AppUser.id).limit(1)).first() is None
                user = AppUser(
                    issuer=who.issuer,
                    subject=who.subject,
                    email=who.email,
                    display_name=who.display_name,
                )
                session.add(user)
                session.flush()
                if first and session.exec(select(Club.id).limit(1)).first() is None:
                    club = Club(name=f"{who.display_name}'s club"[:MAX_CLUB_NAME])
                    session.add(club)
                    session.flush()
                    assert user.id is not None and club.id is not None
                    session.add(Membership(user_id=user.id, club_id=club.id, role="admin"))
            elif (user.email, user.display_name) != (who.email, who.display_name):
                user.email, user.display_name = who.email, who.display_name
                session.add(user)
            assert user.id is not None
            if who.email and email_verified is not False:
                _accept_invitations(session, user.id, who.email)
            session.flush()
            return user.id, user.display_name, user.email

    user_id, display, mail = _retrying(work)
    with Session(engine) as session:
        return viewer_for(session, user_id, display, mail)


def refresh_viewer(engine: Engine, viewer: Viewer) -> Viewer:
    """``viewer`` with their memberships as stored now (the local app's viewer as it is):
    one small read a page view, so a membership an admin removed or changed a moment ago
    counts on the very next view. Someone whose user is gone comes back with no role."""
    if viewer.user_id is None:
        return viewer
    with Session(engine) as session:
        return viewer_for(session, viewer.user_id, viewer.display_name, viewer.email)


def _accept_invitations(session: Session, user_id: int, email: str) -> None:
    pending = session.exec(
        select(Invitation)
        .where(Invitation.email == email, Invitation.accepted_at.is_(None))  # type: ignore[union-attr]
        .order_by(Invitation.id)  # type: ignore[arg-type]
    ).all()
    for invitation in pending:
        exists = session.exec(
            select(Membership.id).where(
                Membership.user_id == user_id,
                Membership.club_id == invitation.club_id,
                Membership.role == invitation.role,
            )
        ).first()
        if exists is None:
            runner = invitation.athlete_id if invitation.role == "athlete" else None
            if runner is not None and _has_membership(session, runner):
                runner = None  # handed to someone else meanwhile: they create their own
            session.add(
                Membership(
                    user_id=user_id,
                    club_id=invitation.club_id,
                    role=invitation.role,
                    athlete_id=runner,
                )
            )
        invitation.accepted_at = utcnow()
        session.add(invitation)


def _has_membership(session: Session, athlete_id: int) -> bool:
    found = session.exec(select(Membership.id).where(Membership.athlete_id == athlete_id)).first()
    return found is not None


# The signed-in athlete's own runner ----------------------------------------------------------
def _membership(session: Session, viewer: Viewer, membership_id: int) -> Membership:
    membership = session.get(Membership, membership_id)
    if membership is None or viewer.user_id is None or membership.user_id != viewer.user_id:
        raise AccessDenied("That membership is not yours.")
    return membership


def create_own_runner(
    engine: Engine, viewer: Viewer, values: Mapping[str, Any], membership_id: int | None = None
) -> Athlete:
    """Store the signed-in athlete's runner profile (validated as any profile) and make it
    theirs: ``membership_id``'s (default their first athlete membership without one)."""
    clean = i.validate(i.AthleteIn, values)
    with Session(engine, expire_on_commit=False) as session:
        if membership_id is None:
            waiting = [
                r.membership_id
                for r in viewer.roles
                if r.role == "athlete" and r.athlete_id is None
            ]
            if not waiting:
                raise AccessDenied(
                    "Only a club's athlete without a runner profile can create one here."
                )
            membership_id = waiting[0]
        membership = _membership(session, viewer, membership_id)
        if membership.role != "athlete" or membership.athlete_id is not None:
            raise AccessDenied("This membership already has its runner profile.")
        require_name_free(session, viewer, clean.name)
        athlete = Athlete(**clean.model_dump(), stamp=new_stamp())
        session.add(athlete)
        session.flush()
        membership.athlete_id = athlete.id
        session.add(membership)
        session.commit()
        session.refresh(athlete)
        return athlete


def set_coach_editing(engine: Engine, viewer: Viewer, athlete_id: int, allowed: bool) -> None:
    """Let (or stop) the coaches of the athlete's club edit runner ``athlete_id``'s
    entries; only the athlete who owns the runner may."""
    with Session(engine) as session:
        membership = session.exec(
            select(Membership).where(
                Membership.athlete_id == athlete_id, Membership.role == "athlete"
            )
        ).first()
        if membership is None or viewer.user_id is None or membership.user_id != viewer.user_id:
            raise AccessDenied("Only the runner themselves can allow their coach to edit.")
        membership.coach_can_edit = bool(allowed)
        session.add(membership)
        session.commit()


# Admin: members and invitations ------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One membership of a club, as an admin sees it."""

    membership_id: int
    user_id: int
    name: str
    email: str | None
    role: str
    runner: str | None


@dataclass(frozen=True)
class Pending:
    """One invitation not yet accepted."""

    invitation_id: int
    email: str
    role: str
    created_at: dt.datetime


def create_club(engine: Engine, viewer: Viewer, name: str) -> int:
    """A new club named ``name`` with the viewer as its admin (who then invites its
    coaches, athletes and other admins); only an admin of a club may start another."""
    clean = i.without_controls(name or "", multiline=False).strip()
    if not clean:
        raise InvalidEntry(["Club name must not be empty"])
    if len(clean) > MAX_CLUB_NAME:
        raise InvalidEntry([f"Club name must be at most {MAX_CLUB_NAME} characters"])
    if viewer.user_id is None or not viewer.clubs("admin"):
        raise AccessDenied("Only a club admin may start another club.")
    with Session(engine) as session:
        # Still an admin now, not only when the viewer was made.
        require_admin(session, viewer, min(viewer.clubs("admin")))
        club = Club(name=clean)
        session.add(club)
        session.flush()
        assert club.id is not None
        session.add(Membership(user_id=viewer.user_id, club_id=club.id, role="admin"))
        session.commit()
        return int(club.id or 0)


def club_name(engine: Engine, viewer: Viewer, club_id: int) -> str:
    """The name of a club the viewer belongs to."""
    if club_id not in viewer.clubs():
        raise AccessDenied("You are not a member of this club.")
    with Session(engine) as session:
        club = session.get(Club, club_id)
        if club is None:
            raise AccessDenied("You are not a member of this club.")
        return club.name


def members(engine: Engine, viewer: Viewer, club_id: int) -> list[Member]:
    """The club's memberships (admins first, then coaches, then athletes; by name)."""
    with Session(engine) as session:
        require_admin(session, viewer, club_id)
        rows = session.exec(
            select(Membership, AppUser, col(Athlete.name))
            .join(AppUser, col(AppUser.id) == col(Membership.user_id))
            .outerjoin(Athlete, col(Athlete.id) == col(Membership.athlete_id))
            .where(Membership.club_id == club_id)
        ).all()
    order = {r: n for n, r in enumerate(("admin", "coach", "athlete"))}
    found = [
        Member(
            membership_id=int(m.id or 0),
            user_id=int(u.id or 0),
            name=u.display_name,
            email=u.email,
            role=m.role,
            runner=runner,
        )
        for m, u, runner in rows
    ]
    return sorted(found, key=lambda x: (order[x.role], x.name.lower(), x.membership_id))


def pending_invitations(engine: Engine, viewer: Viewer, club_id: int) -> list[Pending]:
    """The club's invitations nobody has accepted yet, oldest first."""
    with Session(engine) as session:
        require_admin(session, viewer, club_id)
        rows = session.exec(
            select(Invitation)
            .where(Invitation.club_id == club_id, Invitation.accepted_at.is_(None))  # type: ignore[union-attr]
            .order_by(Invitation.id)  # type: ignore[arg-type]
        ).all()
    return [Pending(int(r.id or 0), r.email, r.role, r.created_at) for r in rows]


def invite(
    engine: Engine,
    viewer: Viewer,
    club_id: int,
    email: str,
    role: str,
    athlete_id: int | None = None,
) -> Pending:
    """Invite ``email`` to ``club_id`` as ``role``: their next sign-in with that email
    joins them. An athlete invitation may hand over ``athlete_id``, a runner profile of
    the local app (no membership yet), and only an admin of the database's first club
    may do that (the club set up on the database that held those runners)."""
    problems: list[str] = []
    clean_email: str | None = None
    clean_role = ""
    try:
        clean_email = normalise_email(email, required=True)
    except InvalidEntry as exc:
        problems.extend(exc.messages)
    try:
        clean_role = _role(role)
    except InvalidEntry as exc:
        problems.extend(exc.messages)
    if athlete_id is not None and clean_role and clean_role != "athlete":
        problems.append("Only an athlete invitation can hand over a runner profile")
    if problems:
        raise InvalidEntry(problems)
    assert clean_email is not None

    def work() -> Pending:
        with Session(engine, expire_on_commit=False) as session:
            require_admin(session, viewer, club_id)
            if athlete_id is not None:
                _check_handover(session, club_id, athlete_id)
            already = session.exec(
                select(col(Membership.id))
                .join(AppUser, col(AppUser.id) == col(Membership.user_id))
                .where(
                    Membership.club_id == club_id,
                    Membership.role == clean_role,
                    AppUser.email == clean_email,
                )
            ).first()
            if already is not None:
                raise InvalidEntry([f"{clean_email} is already a {clean_role} of this club"])
            invitation = session.exec(
                select(Invitation).where(
                    Invitation.club_id == club_id,
                    Invitation.email == clean_email,
                    Invitation.role == clean_role,
                )
            ).first()
            if invitation is not None and invitation.accepted_at is None:
                raise InvalidEntry([f"{clean_email} is invited as {clean_role} already"])
            if invitation is None:
                invitation = Invitation(club_id=club_id, email=clean_email, role=clean_role)
            invitation.accepted_at = None
            invitation.created_at = utcnow()
            invitation.invited_by = viewer.user_id
            invitation.athlete_id = athlete_id
            session.add(invitation)
            session.commit()
            session.refresh(invitation)
            return Pending(
                int(invitation.id or 0), invitation.email, invitation.role, invitation.created_at
            )

    return _retrying(work)


def _check_handover(session: Session, club_id: int, athlete_id: int) -> None:
    first_club = session.exec(select(sa.func.min(Club.id))).first()
    if club_id != first_club:
        raise AccessDenied(
            "Only the first club on this server can take over the runners of the local app."
        )
    if session.get(Athlete, athlete_id) is None or _has_membership(session, athlete_id):
        raise AccessDenied("That runner profile belongs to someone already.")


def unclaimed_runners(engine: Engine, viewer: Viewer, club_id: int) -> list[tuple[int, str]]:
    """Runner profiles with no membership (kept from the local app), as (id, name), for an
    admin of the database's first club to hand over by invitation; otherwise none."""
    with Session(engine) as session:
        require_admin(session, viewer, club_id)
        if club_id != session.exec(select(sa.func.min(Club.id))).first():
            return []
        claimed = select(col(Membership.athlete_id)).where(col(Membership.athlete_id).is_not(None))
        rows = session.exec(
            select(col(Athlete.id), col(Athlete.name))
            .where(col(Athlete.id).not_in(claimed))
            .order_by(col(Athlete.name))
        ).all()
    return [(int(a or 0), str(n)) for a, n in rows]


def cancel_invitation(engine: Engine, viewer: Viewer, invitation_id: int) -> str:
    """Withdraw a pending invitation; returns the email it was for."""
    with Session(engine) as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None:
            raise InvalidEntry(["That invitation does not exist any more"])
        require_admin(session, viewer, invitation.club_id)
        if invitation.accepted_at is not None:
            raise InvalidEntry([f"{invitation.email} has accepted already: remove the member"])
        email = invitation.email
        session.delete(invitation)
        session.commit()
        return email


def remove_membership(engine: Engine, viewer: Viewer, membership_id: int) -> str:
    """Remove a membership from its club (the runner profile of an athlete is kept, with
    no club); an admin cannot remove the club's last admin. Returns who lost which role."""

    def work() -> str:
        with _locked(engine) as session:
            membership = session.get(Membership, membership_id)
            if membership is None:
                raise InvalidEntry(["That membership does not exist any more"])
            require_admin(session, viewer, membership.club_id)
            if membership.role == "admin":
                admins = session.exec(
                    select(sa.func.count())
                    .select_from(Membership)
                    .where(Membership.club_id == membership.club_id, Membership.role == "admin")
                ).one()
                if admins <= 1:
                    raise InvalidEntry(
                        ["A club needs an admin: make someone else admin before leaving"]
                    )
            user = session.get(AppUser, membership.user_id)
            who = (user.email or user.display_name) if user else "someone"
            role = membership.role
            session.delete(membership)
            return f"Removed {who} ({role}) from the club: they no longer see its runners."

    return _retrying(work)
