"""Isolation below the pages: every public function of the store refuses another club.

The functions are found by introspection, so a new public function of
``risk.store.queries``, ``writes``, ``export`` or ``accounts`` (or of the import's
``pipeline.preview``/``commit``) without a case here fails
:func:`test_every_public_store_function_has_a_case`. Each case calls its function with a
member of club B (its admin, its coach, its athlete) against club A's runner Bo and
expects a refusal (:class:`AccessDenied`) or, for a listing, nothing of club A; every
table of the database is compared before and after each call.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from risk.ingest import pipeline
from risk.store import accounts, export, queries, writes
from risk.store.access import (
    LOCAL_VIEWER,
    NOT_EDITABLE,
    AccessDenied,
    Viewer,
    readable_athletes,
)
from risk.store.club_tables import Invitation, Membership
from tests.clock import TODAY

ISSUER = "http://localhost:9400"
MODULES: tuple[ModuleType, ...] = (queries, writes, export, accounts)
#: Functions of the import that touch a runner's data (the rest of pipeline reads files).
IMPORT: tuple[Callable[..., Any], ...] = (pipeline.preview, pipeline.commit)
#: Public functions that touch no database (no ``engine`` parameter): nothing to refuse.
PURE = {
    "risk.store.export.neutralise",
    "risk.store.accounts.no_club_message",
    "risk.store.accounts.normalise_email",
}
RUN = {"date": TODAY, "type": "easy", "distance_km": 8.0, "duration_min": 45.0}
PROFILE = {"name": "Zz", "body_mass_kg": 60, "v_max_ms": 8.0}
CHECKIN = {"date": TODAY, "soreness_left": 2, "soreness_right": 1}
INJURY = {"side": "left", "severity": "mild", "description": "twinge"}


@dataclass
class World:
    """Club A: admin Ada, coach Cat, athlete Bo (a runner with one entry of each kind and
    a pending invitation); club B: admin Zed, coach Kim, athlete Yu (a runner)."""

    engine: Engine
    club_a: int
    club_b: int
    bo: int
    yu: int
    bo_run: int
    bo_membership: int
    invitation: int
    tmp: Path

    def viewer(self, sub: str) -> Viewer:
        """``sub``'s viewer as signed in now (their memberships read afresh)."""
        return accounts.sign_in(self.engine, ISSUER, sub, f"{sub}@club.org", sub.title())


def _member(engine: Engine, admin: Viewer, club: int, sub: str, role: str) -> Viewer:
    accounts.invite(engine, admin, club, f"{sub}@club.org", role)
    return accounts.sign_in(engine, ISSUER, sub, f"{sub}@club.org", sub.title())


def _runner(engine: Engine, viewer: Viewer, name: str) -> int:
    made = accounts.create_own_runner(
        engine, viewer, {"name": name, "body_mass_kg": 60, "v_max_ms": 8.0}
    )
    return int(made.id or 0)


def build_world(engine: Engine, tmp: Path) -> World:
    """Two clubs on one database (club B started by Zed, the first to sign in there)."""
    ada = accounts.sign_in(engine, ISSUER, "ada", "ada@club.org", "Ada")
    (club_a,) = ada.clubs()
    _member(engine, ada, club_a, "cat", "coach")
    bo = _runner(engine, _member(engine, ada, club_a, "bo", "athlete"), "Bo")
    accounts.invite(engine, ada, club_a, "new@club.org", "athlete")
    club_b = accounts.create_club(engine, ada, "B club")
    ada = accounts.sign_in(engine, ISSUER, "ada", "ada@club.org", "Ada")
    zed = _member(engine, ada, club_b, "zed", "admin")
    _member(engine, zed, club_b, "kim", "coach")
    yu = _runner(engine, _member(engine, zed, club_b, "yu", "athlete"), "Yu")
    own_b = next(r for r in ada.roles if r.club_id == club_b)
    accounts.remove_membership(engine, zed, own_b.membership_id)
    local = LOCAL_VIEWER
    run = writes.add_run(engine, bo, RUN, viewer=local)
    writes.add_strength_session(
        engine,
        bo,
        {"date": TODAY, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 5}]},
        viewer=local,
    )
    writes.save_checkin(engine, bo, CHECKIN, viewer=local)
    writes.add_injury(engine, bo, {**INJURY, "date": TODAY - dt.timedelta(days=90)}, viewer=local)
    writes.add_planned_session(
        engine,
        bo,
        {"date": TODAY + dt.timedelta(days=2), "type": "tempo", "distance_km": 8},
        viewer=local,
    )
    with Session(engine) as session:
        membership = session.exec(select(Membership).where(Membership.athlete_id == bo)).one()
        invitation = session.exec(
            select(Invitation).where(Invitation.email == "new@club.org")
        ).one()
    return World(
        engine,
        club_a,
        club_b,
        bo,
        yu,
        run,
        int(membership.id or 0),
        int(invitation.id or 0),
        tmp,
    )


@pytest.fixture
def world(club_engine: Engine, tmp_path: Path) -> World:
    return build_world(club_engine, tmp_path)


def dump(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (as text, sorted): equal dumps mean nothing changed."""
    out: dict[str, list[tuple[str, ...]]] = {}
    with engine.connect() as conn:
        meta = sa.MetaData()
        meta.reflect(conn)
        for name, table in sorted(meta.tables.items()):
            rows = conn.execute(sa.select(table)).fetchall()
            out[name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


# The cases: what each function is called with, and what a refusal looks like ---------------
Call = Callable[[World, Viewer], Any]
Check = Callable[[World, Any], None]


@dataclass(frozen=True)
class Case:
    call: Call
    #: None: the call must raise AccessDenied; else a check of what it returned.
    empty: Check | None = None
    #: The club B members who try (create_club is an admin's own business: only the
    #: others, who may not start a club, are refused).
    who: tuple[str, ...] = ("zed", "kim", "yu")


def _no_bo(w: World, result: Any) -> None:
    assert w.bo not in {a.id for a in result}


def _none(w: World, result: Any) -> None:
    assert result is None


def _no_bo_rows(w: World, result: Any) -> None:
    assert isinstance(result, pd.DataFrame)
    assert w.bo not in set(result["athlete_id"])


def _no_bo_stamp(w: World, result: Any) -> None:
    assert w.bo not in result


def _no_bo_visible(w: World, result: Any) -> None:
    assert w.bo not in result.stamps
    assert w.bo not in result.writable


def _no_club_a_role(w: World, result: Any) -> None:
    assert w.club_a not in result.clubs()
    assert w.bo not in result.own_athletes


def _no_bo_in_files(w: World, result: Any) -> None:
    athletes = pd.read_csv(w.tmp / "export" / "athlete.csv")
    assert "Bo" not in set(athletes["name"])
    for name in ("run", "checkin", "injury", "strength_set"):
        assert w.bo not in set(pd.read_csv(w.tmp / "export" / f"{name}.csv")["athlete_id"])


def _cannot_read_bo(w: World, result: Any) -> None:
    with Session(w.engine) as session:
        assert w.bo not in readable_athletes(session, result)


def _preview(w: World) -> pipeline.Preview:
    record = {**RUN, "date": TODAY - dt.timedelta(days=3), "source": "csv", "source_id": "x"}
    return pipeline.Preview([pipeline.Item("log.csv", "new", "", None, record)])


def _entries(read: Callable[..., Any]) -> Case:
    return Case(lambda w, v: read(w.engine, w.bo, viewer=v))


CASES: dict[str, Case] = {
    # queries
    "risk.store.queries.runs": _entries(queries.runs),
    "risk.store.queries.strength_sessions": _entries(queries.strength_sessions),
    "risk.store.queries.strength_sets": _entries(queries.strength_sets),
    "risk.store.queries.checkins": _entries(queries.checkins),
    "risk.store.queries.injuries": _entries(queries.injuries),
    "risk.store.queries.planned_sessions": _entries(queries.planned_sessions),
    "risk.store.queries.athlete": _entries(queries.athlete),
    "risk.store.queries.entry_counts": _entries(queries.entry_counts),
    "risk.store.queries.athletes": Case(lambda w, v: queries.athletes(w.engine, viewer=v), _no_bo),
    "risk.store.queries.stamps": Case(
        lambda w, v: queries.stamps(w.engine, viewer=v), _no_bo_stamp
    ),
    "risk.store.queries.visible": Case(
        lambda w, v: queries.visible(w.engine, viewer=v), _no_bo_visible
    ),
    "risk.store.queries.athlete_by_name": Case(
        lambda w, v: queries.athlete_by_name(w.engine, "Bo", viewer=v), _none
    ),
    "risk.store.queries.table_frame": Case(
        lambda w, v: queries.table_frame(w.engine, "run", viewer=v), _no_bo_rows
    ),
    # writes
    "risk.store.writes.create_athlete": Case(
        lambda w, v: writes.create_athlete(w.engine, PROFILE, viewer=v)
    ),
    "risk.store.writes.update_athlete": Case(
        lambda w, v: writes.update_athlete(w.engine, w.bo, {"body_mass_kg": 99}, viewer=v)
    ),
    "risk.store.writes.set_athlete_params": Case(
        lambda w, v: writes.set_athlete_params(w.engine, w.bo, {"acute_days": 9}, viewer=v)
    ),
    "risk.store.writes.delete_athlete": Case(
        lambda w, v: writes.delete_athlete(w.engine, w.bo, viewer=v)
    ),
    "risk.store.writes.require_writable": Case(
        lambda w, v: writes.require_writable(w.engine, w.bo, viewer=v)
    ),
    "risk.store.writes.add_run": Case(
        lambda w, v: writes.add_run(
            w.engine, w.bo, {**RUN, "date": TODAY - dt.timedelta(days=1)}, viewer=v
        )
    ),
    "risk.store.writes.add_strength_session": Case(
        lambda w, v: writes.add_strength_session(
            w.engine,
            w.bo,
            {"date": TODAY, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 5}]},
            viewer=v,
        )
    ),
    "risk.store.writes.save_checkin": Case(
        lambda w, v: writes.save_checkin(w.engine, w.bo, {**CHECKIN, "fatigue": 5}, viewer=v)
    ),
    "risk.store.writes.add_injury": Case(
        lambda w, v: writes.add_injury(w.engine, w.bo, {**INJURY, "date": TODAY}, viewer=v)
    ),
    "risk.store.writes.add_planned_session": Case(
        lambda w, v: writes.add_planned_session(
            w.engine,
            w.bo,
            {"date": TODAY + dt.timedelta(days=3), "type": "easy", "distance_km": 5},
            viewer=v,
        )
    ),
    "risk.store.writes.update_entries": Case(
        lambda w, v: writes.update_entries(
            w.engine, "run", w.bo, {w.bo_run: {"distance_km": 1.0}}, viewer=v
        )
    ),
    "risk.store.writes.delete_entries": Case(
        lambda w, v: writes.delete_entries(w.engine, "run", w.bo, [w.bo_run], viewer=v)
    ),
    "risk.store.writes.add_bulk": Case(
        lambda w, v: writes.add_bulk(
            w.engine, w.bo, runs=[{**RUN, "date": TODAY - dt.timedelta(days=2)}], viewer=v
        )
    ),
    # export
    "risk.store.export.export_csv": Case(
        lambda w, v: export.export_csv(w.engine, w.tmp / "export", viewer=v), _no_bo_in_files
    ),
    "risk.store.export.backup_sqlite": Case(
        lambda w, v: export.backup_sqlite(w.engine, w.tmp / "copy.db", viewer=v)
    ),
    # accounts
    "risk.store.accounts.sign_in": Case(
        lambda w, v: w.viewer(v.display_name.lower()), _cannot_read_bo
    ),
    "risk.store.accounts.refresh_viewer": Case(
        lambda w, v: accounts.refresh_viewer(w.engine, v), _no_club_a_role
    ),
    "risk.store.accounts.create_own_runner": Case(
        lambda w, v: accounts.create_own_runner(w.engine, v, PROFILE, w.bo_membership)
    ),
    "risk.store.accounts.set_coach_editing": Case(
        lambda w, v: accounts.set_coach_editing(w.engine, v, w.bo, True)
    ),
    "risk.store.accounts.create_club": Case(
        lambda w, v: accounts.create_club(w.engine, v, "Mine"), who=("kim", "yu")
    ),
    "risk.store.accounts.club_name": Case(lambda w, v: accounts.club_name(w.engine, v, w.club_a)),
    "risk.store.accounts.members": Case(lambda w, v: accounts.members(w.engine, v, w.club_a)),
    "risk.store.accounts.pending_invitations": Case(
        lambda w, v: accounts.pending_invitations(w.engine, v, w.club_a)
    ),
    "risk.store.accounts.invite": Case(
        lambda w, v: accounts.invite(w.engine, v, w.club_a, "spy@club.org", "coach")
    ),
    "risk.store.accounts.unclaimed_runners": Case(
        lambda w, v: accounts.unclaimed_runners(w.engine, v, w.club_a)
    ),
    "risk.store.accounts.cancel_invitation": Case(
        lambda w, v: accounts.cancel_invitation(w.engine, v, w.invitation)
    ),
    "risk.store.accounts.remove_membership": Case(
        lambda w, v: accounts.remove_membership(w.engine, v, w.bo_membership)
    ),
    # the import
    "risk.ingest.pipeline.preview": Case(
        lambda w, v: pipeline.preview(w.engine, w.bo, [("x.csv", "unreadable")], viewer=v)
    ),
    "risk.ingest.pipeline.commit": Case(
        lambda w, v: pipeline.commit(w.engine, w.bo, _preview(w), viewer=v)
    ),
}


def _name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__name__}"


def public_functions() -> dict[str, Callable[..., Any]]:
    """Every public function defined in the store's modules, and the import's."""
    found: dict[str, Callable[..., Any]] = {
        _name(obj): obj
        for module in MODULES
        for name, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and name[0] != "_"
    }
    found.update({_name(f): f for f in IMPORT})
    return found


def test_every_public_store_function_has_a_case() -> None:
    found = public_functions()
    untouched = {n for n, f in found.items() if "engine" not in inspect.signature(f).parameters}
    assert untouched == PURE, "a public function without a database? list it in PURE"
    missing = set(found) - PURE - set(CASES)
    assert not missing, f"add an isolation case for {sorted(missing)}"
    assert not set(CASES) - set(found), "a case for a function that is gone"


def test_every_runner_function_needs_a_viewer_by_keyword() -> None:
    """A caller cannot forget the viewer: it is keyword-only with no default."""
    for name, function in public_functions().items():
        if name.startswith("risk.store.accounts.") or name in PURE:
            continue  # accounts take the viewer first, positionally, as before
        parameter = inspect.signature(function).parameters.get("viewer")
        assert parameter is not None, f"{name} takes no viewer"
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.default is inspect.Parameter.empty, f"{name}'s viewer has a default"


def _refused(world: World, sub: str, name: str, case: Case) -> str | None:
    """Call ``case`` as ``sub``; what went wrong, or None when it was refused cleanly."""
    viewer = world.viewer(sub)
    before = dump(world.engine)
    try:
        result = case.call(world, viewer)
    except AccessDenied:
        result = AccessDenied
    except Exception as exc:  # the report names every failing case at once
        return f"{name} as {sub}: {type(exc).__name__}: {exc}"
    if case.empty is None and result is not AccessDenied:
        return f"{name} as {sub}: not refused (returned {result!r:.80})"
    if case.empty is not None:
        try:
            case.empty(world, result)
        except AssertionError as exc:
            return f"{name} as {sub}: showed club A's data {exc}"
    if dump(world.engine) != before:
        return f"{name} as {sub}: changed the database"
    return None


@pytest.mark.parametrize("module", ["queries", "writes", "export", "accounts", "pipeline"])
def test_another_clubs_members_are_refused_and_change_nothing(world: World, module: str) -> None:
    cases = {n: c for n, c in CASES.items() if n.split(".")[-2] == module}
    assert cases
    failures = [
        problem
        for name, case in cases.items()
        for sub in case.who
        if (problem := _refused(world, sub, name, case)) is not None
    ]
    assert not failures, "\n".join(failures)


WRITES = [n for n in CASES if n.startswith("risk.store.writes.") or n.endswith("commit")]


def test_a_coach_reads_their_athlete_but_changes_nothing_until_allowed(world: World) -> None:
    cat = world.viewer("cat")
    assert len(queries.runs(world.engine, world.bo, viewer=cat)) == 1
    assert [a.name for a in queries.athletes(world.engine, viewer=cat)] == ["Bo"]
    before = dump(world.engine)
    for name in WRITES:
        with pytest.raises(AccessDenied):
            CASES[name].call(world, cat)
        assert dump(world.engine) == before, name
    with pytest.raises(AccessDenied, match=NOT_EDITABLE):
        writes.add_run(world.engine, world.bo, RUN, viewer=cat)


def test_once_the_athlete_allows_it_their_coach_edits_but_never_deletes_them(
    world: World,
) -> None:
    accounts.set_coach_editing(world.engine, world.viewer("bo"), world.bo, True)
    cat = world.viewer("cat")
    writes.add_run(
        world.engine, world.bo, {**RUN, "date": TODAY - dt.timedelta(days=1)}, viewer=cat
    )
    assert len(queries.runs(world.engine, world.bo, viewer=cat)) == 2
    summary = pipeline.commit(world.engine, world.bo, _preview(world), viewer=cat)
    assert summary.added == 1
    with pytest.raises(AccessDenied, match="Only the runner themselves"):
        writes.delete_athlete(world.engine, world.bo, viewer=cat)
    # Kim coaches club B: Bo's permission is for club A's coaches only.
    with pytest.raises(AccessDenied):
        writes.add_run(world.engine, world.bo, RUN, viewer=world.viewer("kim"))


def test_the_athlete_deletes_their_own_profile(world: World) -> None:
    bo = world.viewer("bo")
    assert writes.delete_athlete(world.engine, world.bo, viewer=bo) == "Bo"
    assert queries.athletes(world.engine, viewer=LOCAL_VIEWER)[0].name == "Yu"


def test_a_member_exports_only_the_runners_they_see(world: World) -> None:
    export.export_csv(world.engine, world.tmp / "export", viewer=world.viewer("cat"))
    assert pd.read_csv(world.tmp / "export" / "athlete.csv")["name"].tolist() == ["Bo"]
    assert set(pd.read_csv(world.tmp / "export" / "run.csv")["athlete_id"]) == {world.bo}
