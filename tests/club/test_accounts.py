"""Sign-in makes users; the first becomes admin; invitations join clubs; admins manage."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from risk.store import accounts
from risk.store.access import AccessDenied, Viewer
from risk.store.club_tables import AppUser, Club, Invitation, Membership
from risk.store.inputs import InvalidEntry
from tests.club.conftest import runner

ISSUER = "http://localhost:9400"


def sign(engine: Engine, sub: str, email: str | None = None, name: str | None = None) -> Viewer:
    return accounts.sign_in(engine, ISSUER, sub, email or f"{sub}@club.org", name or sub.title())


def count(engine: Engine, table: type) -> int:
    with Session(engine) as s:
        return int(s.exec(select(sa.func.count()).select_from(table)).one())


def test_the_first_sign_in_on_an_empty_database_makes_an_admin_of_a_new_club(
    club_engine: Engine,
) -> None:
    viewer = sign(club_engine, "ada", name="Ada Lovelace")
    assert [r.role for r in viewer.roles] == ["admin"]
    (club,) = viewer.clubs("admin")
    assert accounts.club_name(club_engine, viewer, club) == "Ada Lovelace's club"
    assert viewer.display_name == "Ada Lovelace"
    assert viewer.email == "ada@club.org"


def test_signing_in_again_is_idempotent_and_keeps_the_latest_email_and_name(
    club_engine: Engine,
) -> None:
    first = sign(club_engine, "ada")
    again = accounts.sign_in(club_engine, ISSUER, "ada", "ADA@New.org", "Ada L.")
    assert again.user_id == first.user_id
    assert again.roles == first.roles
    assert (again.email, again.display_name) == ("ada@new.org", "Ada L.")
    assert (count(club_engine, AppUser), count(club_engine, Club)) == (1, 1)


def test_a_later_stranger_has_no_club_and_is_told_whom_to_ask(club_engine: Engine) -> None:
    sign(club_engine, "ada")
    stranger = sign(club_engine, "eve")
    assert stranger.roles == ()
    message = accounts.no_club_message(stranger.email)
    assert message == (
        "You have no club yet: ask your coach or club admin for an invitation to eve@club.org."
    )
    assert count(club_engine, Club) == 1


def test_the_same_subject_from_another_issuer_is_another_person(club_engine: Engine) -> None:
    one = sign(club_engine, "ada")
    other = accounts.sign_in(club_engine, "https://other.example", "ada", "x@club.org", "X")
    assert other.user_id != one.user_id
    assert other.roles == ()


@pytest.mark.parametrize(
    ("issuer", "subject", "email", "message"),
    [
        ("", "ada", "ada@club.org", "The sign-in gave no issuer"),
        (ISSUER, "  ", "ada@club.org", "The sign-in gave no subject"),
        (ISSUER, "ada", "not-an-email", "is not an email address"),
        (ISSUER, "x" * 256, "ada@club.org", "Subject must be at most 255 characters"),
    ],
)
def test_a_sign_in_with_bad_claims_is_refused_and_writes_nothing(
    club_engine: Engine, issuer: str, subject: str, email: str, message: str
) -> None:
    with pytest.raises(InvalidEntry, match=message):
        accounts.sign_in(club_engine, issuer, subject, email, "Ada")
    assert count(club_engine, AppUser) == 0


def test_control_characters_are_dropped_from_the_display_name(club_engine: Engine) -> None:
    viewer = accounts.sign_in(club_engine, ISSUER, "ada", None, "\x1b[31mAda\x00 L")
    assert viewer.display_name == "Ada L"


def test_an_invitation_joins_the_club_at_the_first_sign_in_with_that_email(
    club_engine: Engine,
) -> None:
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    accounts.invite(club_engine, admin, club, "  Coach@Club.ORG ", "coach")
    assert [p.email for p in accounts.pending_invitations(club_engine, admin, club)] == [
        "coach@club.org"
    ]
    coach = accounts.sign_in(club_engine, ISSUER, "cat", "coach@club.org", "Cat")
    assert [(r.club_id, r.role) for r in coach.roles] == [(club, "coach")]
    assert accounts.pending_invitations(club_engine, admin, club) == []
    again = accounts.sign_in(club_engine, ISSUER, "cat", "coach@club.org", "Cat")
    assert again.roles == coach.roles  # accepted once


def test_an_unverified_email_does_not_accept_an_invitation(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    accounts.invite(club_engine, admin, club, "coach@club.org", "coach")
    viewer = accounts.sign_in(
        club_engine, ISSUER, "cat", "coach@club.org", "Cat", email_verified=False
    )
    assert viewer.roles == ()
    assert len(accounts.pending_invitations(club_engine, admin, club)) == 1


def test_an_invited_athlete_creates_their_runner_profile_and_owns_it(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    accounts.invite(club_engine, admin, club, "bo@club.org", "athlete")
    bo = sign(club_engine, "bo")
    assert [(r.role, r.athlete_id) for r in bo.roles] == [("athlete", None)]
    athlete = accounts.create_own_runner(
        club_engine, bo, {"name": "Bo", "body_mass_kg": 70, "v_max_ms": 8.5, "units": "km"}
    )
    bo = sign(club_engine, "bo")
    assert bo.own_athletes == {athlete.id}
    with pytest.raises(AccessDenied):
        accounts.create_own_runner(
            club_engine, bo, {"name": "Bo 2", "body_mass_kg": 70, "v_max_ms": 8.5}
        )


def test_a_bad_runner_profile_is_refused_and_links_nothing(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    accounts.invite(club_engine, admin, next(iter(admin.clubs())), "bo@club.org", "athlete")
    bo = sign(club_engine, "bo")
    with pytest.raises(InvalidEntry, match="Body mass"):
        accounts.create_own_runner(
            club_engine, bo, {"name": "Bo", "body_mass_kg": 5, "v_max_ms": 8}
        )
    assert sign(club_engine, "bo").roles[0].athlete_id is None


def test_an_admin_of_the_first_club_can_hand_over_a_runner_of_the_local_app(
    club_engine: Engine,
) -> None:
    local = runner(club_engine, "Old Ana")
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    assert accounts.unclaimed_runners(club_engine, admin, club) == [(local, "Old Ana")]
    accounts.invite(club_engine, admin, club, "ana@club.org", "athlete", athlete_id=local)
    ana = sign(club_engine, "ana")
    assert ana.own_athletes == {local}
    assert accounts.unclaimed_runners(club_engine, admin, club) == []


def test_another_club_cannot_take_over_a_local_runner(club_engine: Engine) -> None:
    local = runner(club_engine, "Old Ana")
    admin = sign(club_engine, "ada")
    other = accounts.create_club(club_engine, admin, "Harriers")
    admin = sign(club_engine, "ada")
    assert accounts.unclaimed_runners(club_engine, admin, other) == []
    with pytest.raises(AccessDenied, match="first club"):
        accounts.invite(club_engine, admin, other, "ana@club.org", "athlete", athlete_id=local)


def test_invitations_are_validated_and_refuse_doubles(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    with pytest.raises(InvalidEntry) as refused:
        accounts.invite(club_engine, admin, club, "nope", "boss")
    assert refused.value.messages == [
        "'nope' is not an email address (like name@club.org)",
        "Role must be one of athlete, coach, admin (got 'boss')",
    ]
    accounts.invite(club_engine, admin, club, "cat@club.org", "coach")
    with pytest.raises(InvalidEntry, match="invited as coach already"):
        accounts.invite(club_engine, admin, club, "CAT@club.org", "coach")
    sign(club_engine, "cat")
    with pytest.raises(InvalidEntry, match="already a coach of this club"):
        accounts.invite(club_engine, admin, club, "cat@club.org", "coach")
    assert count(club_engine, Invitation) == 1


def test_only_an_admin_of_the_club_manages_it(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    accounts.invite(club_engine, admin, club, "cat@club.org", "coach")
    coach = sign(club_engine, "cat")
    for attempt in (
        lambda: accounts.invite(club_engine, coach, club, "x@club.org", "athlete"),
        lambda: accounts.members(club_engine, coach, club),
        lambda: accounts.pending_invitations(club_engine, coach, club),
        lambda: accounts.remove_membership(club_engine, coach, admin.roles[0].membership_id),
        lambda: accounts.create_club(club_engine, coach, "Mine"),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert count(club_engine, Membership) == 2


def test_members_lists_roles_and_removing_one_ends_it(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada", name="Ada")
    (club,) = admin.clubs()
    accounts.invite(club_engine, admin, club, "bo@club.org", "athlete")
    accounts.invite(club_engine, admin, club, "cat@club.org", "coach")
    bo = sign(club_engine, "bo", name="Bo")
    accounts.create_own_runner(club_engine, bo, {"name": "Bo", "body_mass_kg": 70, "v_max_ms": 8})
    sign(club_engine, "cat", name="Cat")
    listed = accounts.members(club_engine, admin, club)
    assert [(m.name, m.role, m.runner) for m in listed] == [
        ("Ada", "admin", None),
        ("Cat", "coach", None),
        ("Bo", "athlete", "Bo"),
    ]
    said = accounts.remove_membership(club_engine, admin, listed[1].membership_id)
    assert said == "Removed cat@club.org (coach) from the club: they no longer see its runners."
    assert sign(club_engine, "cat").roles == ()


def test_the_last_admin_cannot_remove_themselves(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    with pytest.raises(InvalidEntry, match="A club needs an admin"):
        accounts.remove_membership(club_engine, admin, admin.roles[0].membership_id)
    assert sign(club_engine, "ada").roles == admin.roles


def test_a_cancelled_invitation_no_longer_joins(club_engine: Engine) -> None:
    admin = sign(club_engine, "ada")
    (club,) = admin.clubs()
    pending = accounts.invite(club_engine, admin, club, "bo@club.org", "athlete")
    assert accounts.cancel_invitation(club_engine, admin, pending.invitation_id) == "bo@club.org"
    assert sign(club_engine, "bo").roles == ()


def test_racing_first_sign_ins_make_exactly_one_admin(club_engine: Engine) -> None:
    """Eight people signing in at once on an empty database: one club, one admin."""
    barrier = threading.Barrier(8)
    results: list[Viewer] = []
    errors: list[BaseException] = []

    def go(n: int) -> None:
        barrier.wait()
        try:
            results.append(sign(club_engine, f"user{n}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(len(v.roles) for v in results) == [0] * 7 + [1]
    assert (count(club_engine, Club), count(club_engine, AppUser)) == (1, 8)


def test_one_person_signing_in_twice_at_once_is_one_user(club_engine: Engine) -> None:
    barrier = threading.Barrier(4)
    ids: list[int | None] = []

    def go() -> None:
        barrier.wait()
        ids.append(sign(club_engine, "ada").user_id)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1 and len(ids) == 4
    assert count(club_engine, AppUser) == 1
