"""Club mode's roster on the synthetic club, notes for the coach and comments on a week,
through the app (AppTest, signed in with ``hosted``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from risk import analysis, demo, notes_view, roster, views
from risk.store import accounts, inputs, notes
from risk.store.access import LOCAL_VIEWER
from tests.pages.conftest import button, texts
from tests.pages.test_club_mode import ISSUER, hosted

Club = demo.DemoClub


def _monday(day: Any) -> dt.date:
    assert isinstance(day, dt.date)
    return day - dt.timedelta(days=day.weekday())


def _club_b(engine: Engine, club: Club) -> int:
    """Club B beside the demo club: its own admin and athlete Yu (with a runner)."""
    club_b = accounts.create_club(engine, club.admin, "B club")
    admin = accounts.sign_in(engine, ISSUER, "admin", None, "Club admin")
    accounts.invite(engine, admin, club_b, "yu@club.org", "athlete")
    yu = accounts.sign_in(engine, ISSUER, "yu", "yu@club.org", "Yu")
    made = accounts.create_own_runner(
        engine, yu, {"name": "Yu", "body_mass_kg": 60, "v_max_ms": 8.0}
    )
    return int(made.id or 0)


@pytest.fixture
def big_club(app_engine: Engine) -> Club:
    club = demo.load_club(app_engine, years=0.4, issuer=ISSUER)
    _club_b(app_engine, club)
    return club


def _roster(at: AppTest) -> Any:
    at.switch_page("pages/roster.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Roster")
    return at.dataframe(key="roster_table").value


def _runner_box(at: AppTest) -> Any:
    return next(s for s in at.sidebar.selectbox if s.label == "Runner")


def test_the_coach_roster_lists_exactly_the_clubs_twenty_most_urgent_first(
    big_club: Club, app_engine: Engine
) -> None:
    at = hosted("coach")
    assert len(_runner_box(at).options) == 20
    shown = _roster(at)
    expected = roster.sorted_roster(
        [
            analysis.roster_line(
                analysis.load_log(app_engine, a, viewer=LOCAL_VIEWER), inputs.today()
            )
            for a in big_club.runners.values()
        ]
    )
    assert shown["Runner"].tolist() == [line.name for line in expected]
    assert set(shown["Runner"]) == set(big_club.runners)  # club B's Yu is not there
    # Sorted by attention, and the club is varied enough for the order to mean something.
    groups = [roster.ATTENTION.index(line.attention) for line in expected]
    assert groups == sorted(groups)
    assert len(set(groups)) >= 3
    assert {"injured", "no recent check-in"} <= {line.attention for line in expected}
    by_name = shown.set_index("Runner")
    assert by_name.loc["Ada", notes_view.UNREAD_COLUMN] == 1  # Ada replied to the coach
    assert by_name.loc["Bea", notes_view.UNREAD_COLUMN] == 0
    assert by_name.loc["Ada", notes_view.NOTE_COLUMN] == (
        f"{views.short_day(inputs.today())}: Left hamstring a bit tight after Thursday's reps; "
        "nothing sharp."
    )
    assert by_name.loc["Bea", notes_view.NOTE_COLUMN] == ""
    assert "**20 runners**" in texts(at)


def test_a_row_opens_that_athletes_today_read_only_for_the_coach(
    big_club: Club, app_engine: Engine
) -> None:
    at = hosted("coach")
    shown = _roster(at)
    row = shown["Runner"].tolist().index("Dov")  # stopped checking in: the form is there
    dov = big_club.runners["Dov"]
    at.session_state["roster_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Today")
    assert _runner_box(at).value == dov
    assert next(r for r in at.sidebar.radio if r.label == "Distances").disabled
    assert "Leave note" not in [b.label for b in at.button]  # notes are the athlete's
    # AppTest reruns the page it was last switched to (Roster), not the one the script
    # switched to: stay on Today as a browser would.
    at.switch_page("pages/today.py").run()
    assert _runner_box(at).value == dov
    # No check-in form for a coach who may not edit (the store would refuse it anyway).
    assert "Check in" not in [b.label for b in at.button]
    assert "No check-in today yet." in [c.value for c in at.caption]


@pytest.fixture
def small_club(app_engine: Engine) -> Club:
    return demo.load_club(app_engine, athletes=2, years=0.3, issuer=ISSUER)


def _weeks(at: AppTest) -> AppTest:
    at.switch_page("pages/weeks.py").run()
    assert not at.exception, at.exception
    return at


def _comment_box(at: AppTest) -> Any:
    return next(
        t for t in at.text_area if t.label in ("Comment on this week", "Reply to your coach")
    )


def test_the_coach_comments_on_a_week_and_the_athlete_reads_and_replies(
    small_club: Club, app_engine: Engine
) -> None:
    bea = small_club.runners["Bea"]
    coach = _weeks(hosted("coach"))
    _runner_box(coach).set_value(bea).run()
    weeks = coach.selectbox(key="weeks_week")
    weeks.select_index(len(weeks.options) - 4).run()  # last week holds the demo's comment
    week = coach.selectbox(key="weeks_week").value
    assert "No comments on this week yet" in "\n".join(c.value for c in coach.caption)
    _comment_box(coach).input("Strong week: keep Thursday controlled")
    button(coach, "Post comment").click().run()
    assert not coach.exception, coach.exception
    assert "Comment posted." in texts(coach)
    assert notes_view.safe_markdown("Strong week: keep Thursday controlled") in texts(coach)
    assert _comment_box(coach).value in ("", None)  # the box is fresh again

    athlete = hosted("bea")  # Bea: the demo's comment on last week, and this one
    last_week = _monday(inputs.today()) - dt.timedelta(days=7)
    assert (
        f"New comments on the weeks of {views.short_day(_monday(week))} (1) and "
        f"{views.short_day(last_week)} (1)."
    ) in texts(athlete)
    athlete = _weeks(athlete)
    chosen = athlete.selectbox(key="weeks_week")
    assert _monday(chosen.value) == last_week  # opens on the latest new comment
    chosen.set_value(week).run()
    # hosted() signs the coach in as "Coach" (the provider's name wins over the demo's).
    assert "**Coach** · " in texts(athlete) and "**new**" in texts(athlete)
    assert _comment_box(athlete).label == "Reply to your coach"
    _comment_box(athlete).input("Will do")
    button(athlete, "Reply").click().run()
    assert not athlete.exception, athlete.exception
    coach_viewer = accounts.sign_in(app_engine, ISSUER, "coach", "coach@club.org", "Coach")
    (comments,) = [notes.week_comments(app_engine, coach_viewer, bea, _monday(week))]
    assert [(c.author, c.text, c.unread) for c in comments] == [
        ("Coach", "Strong week: keep Thursday controlled", False),
        ("Bea", "Will do", True),
    ]
    assert _roster(hosted("coach")).set_index("Runner").loc["Bea", notes_view.UNREAD_COLUMN] == 1


def test_an_athlete_leaves_a_note_the_coach_sees_on_the_roster(
    small_club: Club, app_engine: Engine
) -> None:
    at = hosted("bea")
    box = next(t for t in at.text_area if t.label == "Note for your coach")
    button(at, "Leave note").click().run()
    assert "Nothing was saved:\n- Note is required" in at.error[0].value
    box = next(t for t in at.text_area if t.label == "Note for your coach")
    box.input("Left hamstring tight\n**after** [the](http://x) reps")
    button(at, "Leave note").click().run()
    assert not at.exception, at.exception
    assert "Note left: your coach sees it on their Roster." in texts(at)
    shown = _roster(hosted("coach")).set_index("Runner")
    note = str(shown.loc["Bea", notes_view.NOTE_COLUMN])
    assert note.endswith(": Left hamstring tight **after** [the](http://x) reps")


def test_the_local_app_notes_and_comments_are_yours(
    open_app: Callable[..., AppTest], app_engine: Engine, ana: int
) -> None:
    (demo_id,) = demo.load_demo(app_engine, years=0.3, viewer=LOCAL_VIEWER)
    at = open_app("pages/roster.py")
    shown = at.dataframe(key="roster_table").value
    assert notes_view.NOTE_COLUMN in shown.columns
    assert notes_view.UNREAD_COLUMN not in shown.columns  # nothing is unread on one's own
    at = open_app()
    _runner_box(at).set_value(demo_id).run()
    at = _weeks(at)
    _comment_box(at).input("Easy week, legs fresh")
    button(at, "Post comment").click().run()
    assert "**You** · " in texts(at)
    week = _monday(at.selectbox(key="weeks_week").value)
    (comment,) = notes.week_comments(app_engine, LOCAL_VIEWER, demo_id, week)
    assert (comment.author, comment.text) == ("you", "Easy week, legs fresh")
    at.switch_page("pages/today.py").run()
    box = next(t for t in at.text_area if t.label == "Note for your coach")
    box.input("Felt flat")
    button(at, "Leave note").click().run()
    assert not at.exception, at.exception
    at = open_app("pages/roster.py")
    shown = at.dataframe(key="roster_table").value.set_index("Runner")
    assert str(shown.loc["Demo runner", notes_view.NOTE_COLUMN]).endswith(": Felt flat")
    assert shown.loc["Ana", notes_view.NOTE_COLUMN] == ""
