"""The access policy: who may read and change which runner (risk.store.access)."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from risk.store import InvalidEntry, accounts, open_database, queries, writes
from risk.store.access import (
    LOCAL_VIEWER,
    NAME_TAKEN,
    NOT_EDITABLE,
    NOT_YOURS,
    AccessDenied,
    Viewer,
    readable_athletes,
    require_admin,
    require_read,
    require_write,
    viewer_for,
    writable_athletes,
)
from risk.store.club_tables import AppUser, Club, Membership
from risk.store.engine import make_engine
from tests.club.conftest import runner

ISSUER = "http://localhost:9400"


@dataclass
class World:
    """Club A: admin Ada, coach Cat, athletes Bo and Di; club B: admin Zed, athlete Yu;
    Old, a runner of the local app with no club."""

    engine: Engine
    club_a: int
    club_b: int
    runners: dict[str, int]

    def viewer(self, sub: str) -> Viewer:
        return accounts.sign_in(self.engine, ISSUER, sub, f"{sub}@club.org", sub.title())


def _athlete(engine: Engine, admin: Viewer, club: int, sub: str) -> int:
    accounts.invite(engine, admin, club, f"{sub}@club.org", "athlete")
    viewer = accounts.sign_in(engine, ISSUER, sub, f"{sub}@club.org", sub.title())
    made = accounts.create_own_runner(
        engine, viewer, {"name": sub.title(), "body_mass_kg": 60, "v_max_ms": 8.0}
    )
    return int(made.id or 0)


def build_world(engine: Engine) -> World:
    old = runner(engine, "Old")
    ada = accounts.sign_in(engine, ISSUER, "ada", "ada@club.org", "Ada")
    (club_a,) = ada.clubs()
    accounts.invite(engine, ada, club_a, "cat@club.org", "coach")
    runners = {"old": old}
    for sub in ("bo", "di"):
        runners[sub] = _athlete(engine, ada, club_a, sub)
    club_b = accounts.create_club(engine, ada, "B club")
    ada = accounts.sign_in(engine, ISSUER, "ada", "ada@club.org", "Ada")
    accounts.invite(engine, ada, club_b, "zed@club.org", "admin")
    zed = accounts.sign_in(engine, ISSUER, "zed", "zed@club.org", "Zed")
    runners["yu"] = _athlete(engine, zed, club_b, "yu")
    # Ada started club B; she leaves it to Zed.
    own_b = next(r for r in ada.roles if r.club_id == club_b)
    accounts.remove_membership(engine, zed, own_b.membership_id)
    return World(engine, club_a, club_b, runners)


@pytest.fixture
def world(club_engine: Engine) -> World:
    return build_world(club_engine)


def test_the_local_viewer_reads_and_writes_every_runner(world: World) -> None:
    with Session(world.engine) as s:
        assert readable_athletes(s, LOCAL_VIEWER) == sorted(world.runners.values())
        assert writable_athletes(s, LOCAL_VIEWER) == sorted(world.runners.values())
        for athlete_id in world.runners.values():
            require_read(s, LOCAL_VIEWER, athlete_id)
            require_write(s, LOCAL_VIEWER, athlete_id)


@pytest.mark.parametrize(
    ("sub", "reads", "writes"),
    [
        ("bo", {"bo"}, {"bo"}),
        ("di", {"di"}, {"di"}),
        ("cat", {"bo", "di"}, set()),
        ("ada", set(), set()),
        ("zed", set(), set()),
        ("yu", {"yu"}, {"yu"}),
    ],
)
def test_each_member_reads_and_writes_only_what_their_role_allows(
    world: World, sub: str, reads: set[str], writes: set[str]
) -> None:
    viewer = world.viewer(sub)
    ids = {v: k for k, v in world.runners.items()}
    with Session(world.engine) as s:
        assert {ids[i] for i in readable_athletes(s, viewer)} == reads
        assert {ids[i] for i in writable_athletes(s, viewer)} == writes
        for name, athlete_id in world.runners.items():
            if name in reads:
                require_read(s, viewer, athlete_id)
            else:
                with pytest.raises(AccessDenied, match=NOT_YOURS):
                    require_read(s, viewer, athlete_id)
            if name not in writes:
                with pytest.raises(AccessDenied):
                    require_write(s, viewer, athlete_id)


def test_a_coach_writes_only_once_the_athlete_allows_it(world: World) -> None:
    cat, bo = world.viewer("cat"), world.viewer("bo")
    with Session(world.engine) as s, pytest.raises(AccessDenied, match=NOT_EDITABLE):
        require_write(s, cat, world.runners["bo"])
    accounts.set_coach_editing(world.engine, bo, world.runners["bo"], True)
    with Session(world.engine) as s:
        require_write(s, cat, world.runners["bo"])
        with pytest.raises(AccessDenied, match=NOT_EDITABLE):
            require_write(s, cat, world.runners["di"])
    with pytest.raises(AccessDenied, match="Only the runner themselves"):
        accounts.set_coach_editing(world.engine, cat, world.runners["di"], True)


def test_a_removed_member_loses_access_at_once_whatever_viewer_the_page_holds(
    world: World,
) -> None:
    cat = world.viewer("cat")
    ada = world.viewer("ada")
    coach_membership = cat.roles[0].membership_id
    accounts.remove_membership(world.engine, ada, coach_membership)
    with Session(world.engine) as s:
        assert readable_athletes(s, cat) == []  # the stale viewer still lists the role
        with pytest.raises(AccessDenied):
            require_read(s, cat, world.runners["bo"])


def test_a_missing_runner_is_refused_like_someone_elses(world: World) -> None:
    with Session(world.engine) as s, pytest.raises(AccessDenied, match=NOT_YOURS):
        require_read(s, world.viewer("bo"), 999_999)


def test_admin_rights_are_per_club(world: World) -> None:
    with Session(world.engine) as s:
        require_admin(s, world.viewer("ada"), world.club_a)
        require_admin(s, world.viewer("zed"), world.club_b)
        for sub, club in (("ada", world.club_b), ("zed", world.club_a), ("cat", world.club_a)):
            with pytest.raises(AccessDenied):
                require_admin(s, world.viewer(sub), club)
        with pytest.raises(AccessDenied, match="club mode"):
            require_admin(s, LOCAL_VIEWER, world.club_a)


def test_viewers_compare_by_value_for_cache_keys(world: World) -> None:
    assert world.viewer("bo") == world.viewer("bo")
    assert hash(world.viewer("bo")) == hash(world.viewer("bo"))


def test_every_admin_and_account_function_refuses_a_viewer_of_another_club(
    world: World,
) -> None:
    """Zed (admin of B) and Yu (athlete of B) try everything on club A: refused, no change."""
    ada = world.viewer("ada")
    bo_role = next(r for r in world.viewer("bo").roles)
    pending = accounts.invite(world.engine, ada, world.club_a, "new@club.org", "athlete")

    def snapshot() -> tuple[object, ...]:
        return (
            accounts.members(world.engine, ada, world.club_a),
            accounts.pending_invitations(world.engine, ada, world.club_a),
            world.viewer("bo").roles,
        )

    before = snapshot()
    for sub in ("zed", "yu"):
        outsider = world.viewer(sub)
        attempts = {
            "members": lambda v=outsider: accounts.members(world.engine, v, world.club_a),
            "pending": lambda v=outsider: accounts.pending_invitations(
                world.engine, v, world.club_a
            ),
            "invite": lambda v=outsider: accounts.invite(
                world.engine, v, world.club_a, "x@club.org", "coach"
            ),
            "cancel": lambda v=outsider: accounts.cancel_invitation(
                world.engine, v, pending.invitation_id
            ),
            "remove": lambda v=outsider: accounts.remove_membership(
                world.engine, v, bo_role.membership_id
            ),
            "club name": lambda v=outsider: accounts.club_name(world.engine, v, world.club_a),
            "unclaimed": lambda v=outsider: accounts.unclaimed_runners(
                world.engine, v, world.club_a
            ),
            "coach editing": lambda v=outsider: accounts.set_coach_editing(
                world.engine, v, world.runners["bo"], True
            ),
            "create runner": lambda v=outsider: accounts.create_own_runner(
                world.engine,
                v,
                {"name": "Sneaky", "body_mass_kg": 60, "v_max_ms": 8},
                bo_role.membership_id,
            ),
        }
        for name, attempt in attempts.items():
            with pytest.raises(AccessDenied):
                attempt()
                pytest.fail(f"{sub}: {name} was allowed")
    assert snapshot() == before


# The property: whatever the clubs and roles, nobody reads a runner outside their clubs.
@dataclass(frozen=True)
class _Grant:
    user: int
    club: int
    role: str


_grants = st.lists(
    st.builds(
        _Grant,
        user=st.integers(0, 5),
        club=st.integers(0, 2),
        role=st.sampled_from(["athlete", "coach", "admin"]),
    ),
    max_size=14,
    unique_by=lambda g: (g.user, g.club, g.role),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("access") / "template.db"
    engine = open_database(f"sqlite:///{path}")
    engine.dispose()
    yield path


_counter = itertools.count()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(grants=_grants, coach_edit=st.booleans())
def test_property_no_viewer_reads_a_runner_outside_their_clubs(
    template: Path, tmp_path: Path, grants: list[_Grant], coach_edit: bool
) -> None:
    path = tmp_path / f"world{next(_counter)}.db"
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as s:
            users = [
                AppUser(issuer=ISSUER, subject=f"u{n}", display_name=f"U{n}") for n in range(6)
            ]
            clubs = [Club(name=f"C{n}") for n in range(3)]
            s.add_all([*users, *clubs])
            s.flush()
            runner_club: dict[int, int] = {}
            for g in grants:
                athlete_id = None
                if g.role == "athlete":
                    athlete_id = runner_for(s, f"r{g.user}-{g.club}")
                    runner_club[athlete_id] = g.club
                s.add(
                    Membership(
                        user_id=int(users[g.user].id or 0),
                        club_id=int(clubs[g.club].id or 0),
                        role=g.role,
                        athlete_id=athlete_id,
                        coach_can_edit=coach_edit,
                    )
                )
            s.commit()
            club_index = {c.id: n for n, c in enumerate(clubs)}
            for n, user in enumerate(users):
                viewer = viewer_for(s, int(user.id or 0))
                mine = {g.club for g in grants if g.user == n}
                coached = {g.club for g in grants if g.user == n and g.role == "coach"}
                own = {r.athlete_id for r in viewer.roles if r.athlete_id is not None}
                readable = set(readable_athletes(s, viewer))
                writable = set(writable_athletes(s, viewer))
                assert writable <= readable
                for athlete_id in readable:
                    assert runner_club[athlete_id] in mine
                    assert athlete_id in own or runner_club[athlete_id] in coached
                for athlete_id in writable - own:
                    assert coach_edit and runner_club[athlete_id] in coached
                assert own <= readable
                assert {club_index[c] for c in viewer.clubs()} == mine
    finally:
        engine.dispose()


def runner_for(session: Session, name: str) -> int:
    from risk.store.tables import Athlete

    athlete = Athlete(name=name, body_mass_kg=60.0, v_max_ms=8.0)
    session.add(athlete)
    session.flush()
    return int(athlete.id or 0)


def _rename(world: World, sub: str, runner_id: int, name: str) -> None:
    writes.update_athlete(world.engine, runner_id, {"name": name}, viewer=world.viewer(sub))


def test_a_name_taken_only_in_another_club_is_free(world: World) -> None:
    """A refusal would tell Yu that club A has a Bo: the name is checked among the
    runners Yu may see, so Yu may be called Bo too."""
    _rename(world, "yu", world.runners["yu"], "Bo")
    assert queries.athlete(world.engine, world.runners["yu"], viewer=world.viewer("yu"))
    # Each member still finds exactly their own by that name.
    bo_id = world.runners["bo"]
    yus = queries.athlete_by_name(world.engine, "Bo", viewer=world.viewer("yu"))
    cats = queries.athlete_by_name(world.engine, "Bo", viewer=world.viewer("cat"))
    assert yus is not None and yus.id == world.runners["yu"]
    assert cats is not None and cats.id == bo_id
    # The local viewer (the server's command line) sees both and is told so.
    with pytest.raises(InvalidEntry, match="Several runners are named 'Bo'"):
        queries.athlete_by_name(world.engine, "Bo", viewer=LOCAL_VIEWER)


def test_a_name_one_viewer_sees_twice_is_refused(world: World) -> None:
    accounts.set_coach_editing(world.engine, world.viewer("di"), world.runners["di"], True)
    with pytest.raises(InvalidEntry, match=NAME_TAKEN):
        _rename(world, "cat", world.runners["di"], "Bo")  # Cat coaches both
    with pytest.raises(InvalidEntry, match=NAME_TAKEN):  # the local app sees everyone
        writes.create_athlete(
            world.engine, {"name": "Yu", "body_mass_kg": 60, "v_max_ms": 8.0}, viewer=LOCAL_VIEWER
        )
    _rename(world, "bo", world.runners["bo"], "Bo")  # keeping one's own name is fine
