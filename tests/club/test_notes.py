"""Notes and comments (risk.store.notes): who may write and read them, what is unread,
and that a refused or bad write stores nothing and leaves the runner's stamp alone."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from risk.store import accounts, notes, queries, writes
from risk.store.access import LOCAL_VIEWER, NOT_EDITABLE, NOT_YOURS, AccessDenied
from risk.store.inputs import InvalidEntry
from tests.clock import TODAY
from tests.club.test_access import World, build_world

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


@pytest.fixture
def world(club_engine: Engine) -> World:
    w = build_world(club_engine)
    zed = w.viewer("zed")
    accounts.invite(club_engine, zed, w.club_b, "kim@club.org", "coach")  # club B's coach
    return w


def _stamp(engine: Engine, athlete_id: int) -> str:
    return queries.stamps(engine, viewer=LOCAL_VIEWER)[athlete_id]


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_an_athlete_leaves_a_note_their_coach_reads(world: World) -> None:
    bo, before = world.runners["bo"], _stamp(world.engine, world.runners["bo"])
    made = notes.add_note(
        world.engine,
        world.viewer("bo"),
        bo,
        {"date": TODAY, "note": "  Left hamstring tight after the track\r\nnothing sharp "},
    )
    assert made.text == "Left hamstring tight after the track\nnothing sharp"
    assert (made.author, made.mine) == ("Bo", True)
    assert _stamp(world.engine, bo) != before  # the same transaction marks the runner
    (seen,) = notes.notes(world.engine, world.viewer("cat"), bo)
    assert (seen.text, seen.author, seen.mine, seen.date) == (made.text, "Bo", False, TODAY)
    summary = notes.summaries(world.engine, world.viewer("cat"), [bo, world.runners["di"]])
    assert summary[bo].latest_note == seen
    assert summary[world.runners["di"]].latest_note is None


@pytest.mark.parametrize(
    ("who", "message"),
    [("cat", NOT_EDITABLE), ("kim", NOT_YOURS), ("zed", NOT_YOURS), ("di", NOT_YOURS)],
)
def test_only_the_runner_leaves_their_notes(world: World, who: str, message: str) -> None:
    bo, before = world.runners["bo"], _stamp(world.engine, world.runners["bo"])
    with pytest.raises(AccessDenied) as refused:
        notes.add_note(world.engine, world.viewer(who), bo, {"date": TODAY, "note": "hi"})
    assert refused.value.message == message
    assert _count(world.engine, "athlete_note") == 0
    assert _stamp(world.engine, bo) == before


def test_a_coach_allowed_to_edit_still_comments_rather_than_notes(world: World) -> None:
    bo = world.runners["bo"]
    accounts.set_coach_editing(world.engine, world.viewer("bo"), bo, True)
    with pytest.raises(AccessDenied) as refused:
        notes.add_note(world.engine, world.viewer("cat"), bo, {"date": TODAY, "note": "hi"})
    assert refused.value.message == notes.NOT_OWN_RUNNER
    assert _count(world.engine, "athlete_note") == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": TODAY, "note": "   "}, "Note is required"),
        ({"date": TODAY, "note": "x" * 1001}, "Note must be at most 1000 characters (got 1001)"),
        (
            {"date": TODAY + dt.timedelta(days=2), "note": "later"},
            f"Date must not be after tomorrow (got {TODAY + dt.timedelta(days=2)})",
        ),
        ({"note": "when?"}, "Date is required"),
    ],
)
def test_a_bad_note_is_refused_and_stores_nothing(
    world: World, data: dict[str, object], message: str
) -> None:
    bo, before = world.runners["bo"], _stamp(world.engine, world.runners["bo"])
    with pytest.raises(InvalidEntry) as refused:
        notes.add_note(world.engine, world.viewer("bo"), bo, data)
    assert refused.value.messages == [message]
    assert _count(world.engine, "athlete_note") == 0
    assert _stamp(world.engine, bo) == before


def test_a_coach_comments_on_a_week_and_the_athlete_replies(world: World) -> None:
    engine, bo = world.engine, world.runners["bo"]
    cat, athlete = world.viewer("cat"), world.viewer("bo")
    before = _stamp(engine, bo)
    first = notes.add_comment(engine, cat, bo, {"week": MONDAY, "comment": "Easy this week"})
    assert _stamp(engine, bo) != before
    assert (first.author, first.mine, first.unread) == ("Cat", True, False)
    # Unread for the athlete, not for the coach who wrote it.
    assert notes.unread_weeks(engine, athlete, bo) == {MONDAY: 1}
    assert notes.unread_weeks(engine, cat, bo) == {}
    (shown,) = notes.week_comments(engine, athlete, bo, MONDAY)
    assert (shown.text, shown.author, shown.unread, shown.mine) == (
        "Easy this week",
        "Cat",
        True,
        False,
    )
    assert notes.mark_read(engine, athlete, [shown.id]) == 1
    assert notes.mark_read(engine, athlete, [shown.id]) == 0  # once
    assert notes.unread_weeks(engine, athlete, bo) == {}
    notes.add_comment(engine, athlete, bo, {"week": MONDAY, "comment": "Will do"})
    assert notes.summaries(engine, cat, [bo])[bo].unread_comments == 1
    thread = notes.week_comments(engine, cat, bo, MONDAY)
    assert [(c.author, c.text, c.unread) for c in thread] == [
        ("Cat", "Easy this week", False),
        ("Bo", "Will do", True),
    ]
    assert notes.week_comments(engine, cat, bo, MONDAY - dt.timedelta(days=7)) == []


@pytest.mark.parametrize("who", ["kim", "zed", "di", "ada"])
def test_no_one_outside_the_runners_coaches_reads_or_comments(world: World, who: str) -> None:
    engine, bo = world.engine, world.runners["bo"]
    notes.add_comment(engine, world.viewer("cat"), bo, {"week": MONDAY, "comment": "Easy"})
    notes.add_note(engine, world.viewer("bo"), bo, {"date": TODAY, "note": "tight"})
    viewer = world.viewer(who)
    with pytest.raises(AccessDenied, match="not yours"):
        notes.add_comment(engine, viewer, bo, {"week": MONDAY, "comment": "Hello"})
    for read in (
        lambda: notes.week_comments(engine, viewer, bo, MONDAY),
        lambda: notes.notes(engine, viewer, bo),
        lambda: notes.unread_weeks(engine, viewer, bo),
    ):
        with pytest.raises(AccessDenied):
            read()
    assert notes.summaries(engine, viewer, [bo]) == {}
    assert notes.mark_read(engine, viewer, [1]) == 0
    assert _count(engine, "week_comment") == 1
    assert _count(engine, "comment_read") == 0


def test_a_runner_that_does_not_exist_is_refused_as_not_yours(world: World) -> None:
    with pytest.raises(AccessDenied, match="not yours"):
        notes.add_comment(world.engine, world.viewer("cat"), 9999, {"week": MONDAY, "comment": "x"})
    with pytest.raises(InvalidEntry, match="No runner with id 9999"):
        notes.add_comment(world.engine, LOCAL_VIEWER, 9999, {"week": MONDAY, "comment": "x"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"week": MONDAY + dt.timedelta(days=1), "comment": "x"},
            f"Week must be given by its Monday (got Tuesday {MONDAY + dt.timedelta(days=1)})",
        ),
        ({"week": MONDAY, "comment": ""}, "Comment is required"),
        ({"week": MONDAY, "comment": "y" * 1001}, "Comment must be at most 1000 characters"),
    ],
)
def test_a_bad_comment_is_refused_and_stores_nothing(
    world: World, data: dict[str, object], message: str
) -> None:
    bo, before = world.runners["bo"], _stamp(world.engine, world.runners["bo"])
    with pytest.raises(InvalidEntry) as refused:
        notes.add_comment(world.engine, world.viewer("cat"), bo, data)
    assert refused.value.messages[0].startswith(message)
    assert _count(world.engine, "week_comment") == 0
    assert _stamp(world.engine, bo) == before


def test_the_local_app_writes_as_you_and_has_nothing_unread(world: World) -> None:
    engine, old = world.engine, world.runners["old"]
    note = notes.add_note(engine, LOCAL_VIEWER, old, {"date": TODAY, "note": "sore"})
    comment = notes.add_comment(engine, LOCAL_VIEWER, old, {"week": MONDAY, "comment": "rest"})
    assert (note.author, note.mine, comment.author, comment.mine) == ("you", True, "you", True)
    assert notes.summaries(engine, LOCAL_VIEWER, [old])[old].unread_comments == 0
    assert notes.unread_weeks(engine, LOCAL_VIEWER, old) == {}
    assert [c.author for c in notes.week_comments(engine, LOCAL_VIEWER, old, MONDAY)] == ["you"]


def test_club_members_read_local_app_notes_as_from_the_local_app(world: World) -> None:
    engine, bo = world.engine, world.runners["bo"]
    notes.add_note(engine, LOCAL_VIEWER, bo, {"date": TODAY, "note": "before sign-in"})
    (seen,) = notes.notes(engine, world.viewer("cat"), bo)
    assert (seen.author, seen.mine) == ("the local app", False)


def test_the_latest_note_per_runner_is_the_newest_day(world: World) -> None:
    engine, bo = world.engine, world.runners["bo"]
    athlete = world.viewer("bo")
    for days, text in ((3, "older"), (0, "newest"), (5, "oldest")):
        notes.add_note(engine, athlete, bo, {"date": TODAY - dt.timedelta(days=days), "note": text})
    latest = notes.summaries(engine, world.viewer("cat"), [bo])[bo].latest_note
    assert latest is not None and latest.text == "newest"
    assert [n.text for n in notes.notes(engine, athlete, bo, limit=2)] == ["newest", "older"]


def test_notes_and_comments_go_with_their_runner(world: World) -> None:
    engine, old = world.engine, world.runners["old"]
    notes.add_note(engine, LOCAL_VIEWER, old, {"date": TODAY, "note": "sore"})
    notes.add_comment(engine, LOCAL_VIEWER, old, {"week": MONDAY, "comment": "rest"})
    writes.delete_athlete(engine, old, viewer=LOCAL_VIEWER)
    assert _count(engine, "athlete_note") == 0
    assert _count(engine, "week_comment") == 0
