"""The synthetic club (risk.demo.load_club, `eccentric demo --club`): a coach who sees
exactly the club's 20 athletes, made as club mode makes members."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from risk import demo
from risk.store import accounts, notes, queries
from risk.store.access import LOCAL_VIEWER, readable_athletes, writable_athletes
from risk.store.inputs import InvalidEntry
from tests.club.conftest import runner


def test_the_demo_club_has_a_coach_and_twenty_athletes_with_logs(club_engine: Engine) -> None:
    club = demo.load_club(club_engine, years=0.3)
    assert len(club.runners) == 20
    assert len(set(club.runners.values())) == 20
    with Session(club_engine) as session:
        assert readable_athletes(session, club.coach) == sorted(club.runners.values())
        assert writable_athletes(session, club.coach) == []  # no athlete allowed editing
        assert readable_athletes(session, club.admin) == []  # an admin reads no training
    for athlete_id in club.runners.values():
        assert queries.entry_counts(club_engine, athlete_id, viewer=LOCAL_VIEWER)["run"] > 20
    (member,) = [
        m for m in accounts.members(club_engine, club.admin, club.club_id) if m.role == "coach"
    ]
    assert member.name == "Coach Kim"
    summary = notes.summaries(club_engine, club.coach, club.runners.values())
    assert sum(s.latest_note is not None for s in summary.values()) == 5
    assert sum(s.unread_comments for s in summary.values()) == 1  # Ada's reply


def test_a_second_demo_club_or_a_taken_name_is_refused_before_anything_is_stored(
    club_engine: Engine,
) -> None:
    runner(club_engine, "Cal")
    with pytest.raises(InvalidEntry, match="Runners named Cal exist already"):
        demo.load_club(club_engine, athletes=3, years=0.2)
    assert [a.name for a in queries.athletes(club_engine, viewer=LOCAL_VIEWER)] == ["Cal"]
    demo.load_club(club_engine, athletes=2, years=0.2)
    with pytest.raises(InvalidEntry, match="A club named 'Demo club' exists already"):
        demo.load_club(club_engine, athletes=1, years=0.2)
    with pytest.raises(InvalidEntry, match="1 to 20 athletes"):
        demo.load_club(club_engine, athletes=21)
