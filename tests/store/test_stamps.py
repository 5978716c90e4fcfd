"""Every write for a runner gives the runner a new change stamp in the same transaction
(the app's cached reads key on it); a refused write and other runners' stamps stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from risk import analysis
from risk.store import InvalidEntry, queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.clock import TODAY

DAY = TODAY - dt.timedelta(days=1)
RUN = {"date": DAY, "type": "easy", "distance_km": 8.0}
STRENGTH = {"date": DAY, "exercises": [{"exercise": "nordic", "sets": 3, "reps": 5}]}
CHECKIN = {"date": DAY, "soreness_left": 2, "soreness_right": 1}
INJURY = {"date": DAY, "side": "left", "description": "tight", "severity": "mild"}
PLANNED = {"date": TODAY + dt.timedelta(days=3), "type": "intervals", "distance_km": 10.0}


def _first_run(engine: Engine, athlete_id: int) -> int:
    return int(queries.runs(engine, athlete_id, viewer=LOCAL_VIEWER)["id"].iloc[0])


WRITES: dict[str, Callable[[Engine, int], Any]] = {
    "run": lambda e, a: writes.add_run(e, a, RUN, viewer=LOCAL_VIEWER),
    "strength": lambda e, a: writes.add_strength_session(e, a, STRENGTH, viewer=LOCAL_VIEWER),
    "check-in": lambda e, a: writes.save_checkin(e, a, CHECKIN, viewer=LOCAL_VIEWER),
    "check-in again": lambda e, a: (
        writes.save_checkin(e, a, CHECKIN, viewer=LOCAL_VIEWER),
        writes.save_checkin(e, a, {**CHECKIN, "soreness_left": 5}, viewer=LOCAL_VIEWER),
    ),
    "injury": lambda e, a: writes.add_injury(e, a, INJURY, viewer=LOCAL_VIEWER),
    "plan": lambda e, a: writes.add_planned_session(e, a, PLANNED, viewer=LOCAL_VIEWER),
    "profile": lambda e, a: writes.update_athlete(e, a, {"body_mass_kg": 62}, viewer=LOCAL_VIEWER),
    "settings": lambda e, a: analysis.save_params(e, a, {"acute_days": 9}, viewer=LOCAL_VIEWER),
    "import": lambda e, a: writes.add_bulk(
        e, a, runs=[{**RUN, "source": "fit", "source_id": "x"}], viewer=LOCAL_VIEWER
    ),
    "history edit": lambda e, a: writes.update_entries(
        e, "run", a, {_first_run(e, a): {"distance_km": 9.0}}, viewer=LOCAL_VIEWER
    ),
    "history delete": lambda e, a: writes.delete_entries(
        e, "run", a, [_first_run(e, a)], viewer=LOCAL_VIEWER
    ),
}


def _stamps(engine: Engine) -> dict[int, str]:
    return queries.stamps(engine, viewer=LOCAL_VIEWER)


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_gives_its_runner_a_new_stamp_and_leaves_the_others(
    engine: Engine, runner: int, write: str
) -> None:
    other = writes.create_athlete(
        engine, {"name": "Bo", "body_mass_kg": 80, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    assert other.id is not None
    writes.add_run(engine, runner, {**RUN, "date": DAY - dt.timedelta(days=1)}, viewer=LOCAL_VIEWER)
    before = _stamps(engine)
    WRITES[write](engine, runner)
    after = _stamps(engine)
    assert after[runner] != before[runner]
    assert after[other.id] == before[other.id]


def test_a_new_runner_gets_a_stamp_no_other_runner_has(engine: Engine, runner: int) -> None:
    name = writes.delete_athlete(engine, runner, viewer=LOCAL_VIEWER)
    again = writes.create_athlete(
        engine, {"name": name, "body_mass_kg": 61, "v_max_ms": 8.0}, viewer=LOCAL_VIEWER
    )
    assert again.id is not None
    stamp = _stamps(engine)[again.id]
    assert len(stamp) == 16 and stamp != "0"


def test_a_refused_write_keeps_the_stamp(engine: Engine, runner: int) -> None:
    before = _stamps(engine)
    with pytest.raises(InvalidEntry):
        writes.add_run(engine, runner, {**RUN, "distance_km": -3}, viewer=LOCAL_VIEWER)
    assert _stamps(engine) == before
    writes.save_checkin(engine, runner, CHECKIN, viewer=LOCAL_VIEWER)
    before = _stamps(engine)
    with pytest.raises(InvalidEntry):  # a clash rolls the stamp back with the rest
        writes.add_bulk(engine, runner, checkins=[CHECKIN], viewer=LOCAL_VIEWER)
    assert _stamps(engine) == before
