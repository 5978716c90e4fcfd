"""Keep what is real, flag what is not running: whole files through the importer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from risk.ingest import pipeline
from risk.ingest.sources import from_upload
from risk.store import InvalidEntry, queries
from risk.store.access import LOCAL_VIEWER
from tests.ingest.conftest import _row, build_export
from tests.ingest.fitwriter import FitFile, Session, steady
from tests.ingest.helpers import gpx_track, read_bytes, tcx_file

START = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)


def fit_run(**session: object) -> bytes:
    """A 10.5 km FIT run at 3.5 m/s (3000 s) with the session fields given."""
    fields: dict[str, object] = {"seconds": 3000, "metres": 10500.0, "max_speed": 4.2}
    fields.update(session)
    return FitFile(
        START,
        steady(START, [(3.5, 3000)]),
        [Session("running", START, **fields)],  # type: ignore[arg-type]
    ).encode()


def preview(engine: Engine, runner: int, *files: tuple[str, bytes]) -> pipeline.Preview:
    return pipeline.preview(
        engine, runner, [from_upload(n, d) for n, d in files], viewer=LOCAL_VIEWER
    )


# Keep what is real ---------------------------------------------------------------------


def test_a_gps_spike_in_a_watch_run_is_cleaned_not_refused(engine: Engine, runner: int) -> None:
    plan = preview(engine, runner, ("time-jump.fit", fit_run(max_speed=16.2)))
    (item,) = plan.items
    assert item.status == "new", item.reason
    assert item.record is not None and item.record["max_speed_ms"] == pytest.approx(3.5)
    assert item.record["distance_km"] == pytest.approx(10.5)  # the watch's total is kept
    assert "max speed (16.2 m/s) is a GPS spike" in item.reason


def test_a_gps_spike_comes_out_of_a_gpx_distance_and_its_fast_km() -> None:
    clean = gpx_track([(3.3, 3000)])
    spiked = gpx_track([(3.3, 3000)], spikes={1500: 400.0})
    (plain,) = read_bytes("clean.gpx", clean)
    (run,) = read_bytes("spike.gpx", spiked)
    assert run.distance_km == pytest.approx(plain.distance_km, abs=0.02)  # not +0.8 km
    assert run.fast_km == pytest.approx(0.0, abs=0.01) and run.type == "easy"
    assert run.max_speed_ms is not None and run.max_speed_ms < 4.0
    assert any("2 GPS spikes (faster than 12.5 m/s) taken out" in w for w in run.warnings)


def test_a_time_jump_in_the_records_does_not_make_fast_km() -> None:
    """A guard (the old importer passed it too): a clock that steps back mid-run."""
    records = steady(START, [(3.5, 1500)])
    back = steady(START, [(3.5, 1500)], t0=1440.0)  # the clock steps back a minute
    records += [(t, d + records[-1][1], hr) for t, d, hr in back[1:]]  # type: ignore[operator]
    data = FitFile(START, records, [Session("running", START, 3000, 10500.0, 4.2)]).encode()
    (run,) = read_bytes("time-jump.fit", data)
    assert run.fast_km == pytest.approx(0.0, abs=0.05)


def test_a_heart_rate_of_zero_is_no_heart_rate(engine: Engine, runner: int) -> None:
    (item,) = preview(engine, runner, ("hr0.fit", fit_run(avg_hr=0))).items
    assert item.status == "new", item.reason
    assert item.record is not None and item.record["avg_hr"] is None


def test_a_ride_with_a_fast_descent_is_kept(engine: Engine, runner: int) -> None:
    data = FitFile(
        START, steady(START, [(8.0, 3600)]), [Session("cycling", START, 3600, 28800.0, 21.5)]
    ).encode()
    (item,) = preview(engine, runner, ("ride.fit", data)).items
    assert item.status == "new", item.reason
    assert item.record is not None and item.record["max_speed_ms"] == pytest.approx(21.5)


def test_a_triathlon_keeps_its_legs_when_a_transition_spikes(engine: Engine, runner: int) -> None:
    swim = Session("swimming", START, 1800, 1500.0, 1.2)
    t1_start = START + dt.timedelta(seconds=1800)
    t1 = Session("transition", t1_start, 120, 300.0, 15.7)
    run_start = t1_start + dt.timedelta(seconds=120)
    run = Session("running", run_start, 2800, 9300.0, 16.4)  # a spike in the run too
    records = steady(run_start, [(3.32, 2800)], t0=1920.0)
    data = FitFile(START, records, [swim, t1, run]).encode()
    plan = preview(engine, runner, ("triathlon.fit", data))
    by_sport = {i.activity.sport: i for i in plan.items if i.activity is not None}
    assert by_sport["running"].status == "new", by_sport["running"].reason
    assert by_sport["running"].record is not None
    assert by_sport["running"].record["distance_km"] == pytest.approx(9.3)
    assert by_sport["swimming"].status == "new"
    summary = pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)
    assert summary.added == 3
    assert sorted(queries.runs(engine, runner, viewer=LOCAL_VIEWER)["type"]) == [
        "easy",
        "other",
        "swimming",
    ]


def test_a_tcx_with_three_runs_keeps_the_good_ones(engine: Engine, runner: int) -> None:
    data = tcx_file(
        [
            ("Running", [(3.3, 1800)], None),
            ("Running", [(3.3, 1800)], 17.0),  # one spike in the lap's max speed
            ("Running", [(3.3, 1800)], None),
        ]
    )
    plan = preview(engine, runner, ("three.tcx", data))
    assert [i.status for i in plan.items] == ["new", "new", "new"]


def test_one_leg_that_cannot_be_imported_does_not_sink_its_siblings(
    engine: Engine, runner: int
) -> None:
    good = Session("running", START, 3000, 10500.0, 4.2)
    empty = Session("cycling", START + dt.timedelta(hours=1), 1800, 0.0, 0.0)
    data = FitFile(START, steady(START, [(3.5, 3000)]), [good, empty]).encode()
    plan = preview(engine, runner, ("brick.fit", data))
    assert [i.status for i in plan.items] == ["new", "rejected"]
    assert "no distance recorded" in plan.items[1].reason


def test_a_treadmill_run_with_no_distance_says_so_truly(engine: Engine, runner: int) -> None:
    records: list[tuple[float, float | None, int]] = [(t, None, 140) for t in range(0, 1800, 5)]
    data = FitFile(START, records, [Session("running", START, 1800, 0.0, 0.0)]).encode()
    (item,) = preview(engine, runner, ("treadmill.fit", data)).items
    assert item.status == "rejected"
    assert item.reason == (
        "no distance recorded (a treadmill without a foot pod?): log it by hand with the "
        "treadmill's distance"
    )
    assert "between 0 and 400" not in item.reason


# Flag what is not running ------------------------------------------------------------


def test_a_vehicle_track_without_a_sport_is_asked_about_not_intervals(
    engine: Engine, runner: int
) -> None:
    car = gpx_track([(1000 / 150, 3330)], name="Afternoon")  # 22.2 km at 2:30 min/km
    plan = preview(engine, runner, ("car.gpx", car))
    (item,) = plan.items
    assert item.status == "confirm"
    assert item.activity is not None and item.activity.type == "cycling"
    assert "faster than anyone has run that far" in item.reason
    assert item.record is not None and item.record["fast_km"] is None  # no hamstring load
    assert plan.frame()["fast_km"].tolist() == [0.0]
    assert (
        pipeline.commit(
            engine, runner, preview(engine, runner, ("car.gpx", car)), viewer=LOCAL_VIEWER
        ).added
        == 0
    )
    assert queries.runs(engine, runner, viewer=LOCAL_VIEWER).empty


def test_a_run_faster_than_the_runner_is_asked_about(engine: Engine, runner: int) -> None:
    ride = gpx_track([(5.5, 3600)], name="Sunday")  # 19.8 km at 3:02 min/km
    (item,) = preview(engine, runner, ("sunday.gpx", ride)).items
    assert item.status == "confirm" and "faster than your 5 km time" in item.reason


def test_a_walk_without_a_sport_is_asked_about_as_walking(engine: Engine, runner: int) -> None:
    walk = gpx_track([(1.5, 2400)], name="Afternoon")  # 11:07 min/km
    (item,) = preview(engine, runner, ("walk.gpx", walk)).items
    assert item.status == "confirm" and "walking pace" in item.reason
    assert item.activity is not None and item.activity.type == "walking"


def test_a_walk_named_walk_is_walking() -> None:
    (walk,) = read_bytes("walk.gpx", gpx_track([(2.08, 2400)], name="Evening walk"))
    assert walk.type == "walking" and not walk.confirm and walk.fast_km is None


def test_a_track_named_cycling_is_a_ride() -> None:
    (ride,) = read_bytes("ride.gpx", gpx_track([(4.5, 2400)], name="Cycling 10/2/17"))
    assert ride.type == "cycling" and not ride.confirm


def test_a_run_called_parkrun_is_a_5k_race_with_its_fast_km_from_the_data() -> None:
    (race,) = read_bytes("parkrun.gpx", gpx_track([(5000 / 1260, 1260)], name="Parkrun"))
    assert race.type == "race_5k"
    (tempo,) = read_bytes("t.gpx", gpx_track([(3.6, 1800)], name="Treadmill tempo"))
    assert tempo.type == "tempo"


def test_confirming_imports_as_chosen_and_skipping_imports_nothing(
    engine: Engine, runner: int
) -> None:
    walk = ("walk.gpx", gpx_track([(1.5, 2400)], name="Afternoon"))
    car = ("car.gpx", gpx_track([(1000 / 150, 3330)], name="Afternoon", start=START.replace(day=3)))
    plan = preview(engine, runner, walk, car)
    assert [i.status for i in plan.items] == ["confirm", "confirm"]
    plan.accept(0, "recovery")  # it was a slow run after all
    with pytest.raises(InvalidEntry):
        plan.accept(0)  # already accepted
    summary = pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)
    assert (summary.added, summary.unconfirmed) == (1, 1)
    assert "not confirmed" in summary.lines()[0]
    runs = queries.runs(engine, runner, viewer=LOCAL_VIEWER)
    assert runs["type"].tolist() == ["recovery"]
    assert isinstance(runs["speed_profile"].iloc[0], dict)  # a run keeps its profile


def test_strava_activity_type_wins_over_the_name(
    engine: Engine, runner: int, tmp_path: Path
) -> None:
    rows = [
        _row("1", "Jun 1, 2026, 7:00:00 AM", "Morning Ride", "Run", "", 1800, "6,0", 6000.0, 1800),
        _row("2", "Jun 2, 2026, 7:00:00 AM", "Parkrun", "Run", "", 1260, "5,0", 5000.0, 1260),
        _row("3", "Jun 3, 2026, 7:00:00 AM", "Run home", "Ride", "", 1800, "9,0", 9000.0, 1800),
        _row("4", "Jun 4, 2026, 7:00:00 AM", "Long", "Run", "", 3330, "22,2", 22200.0, 3330),
    ]
    export = build_export(tmp_path / "export.zip", rows)
    plan = pipeline.preview(
        engine, runner, pipeline.sources_from_paths([export]), viewer=LOCAL_VIEWER
    )
    kinds = {i.activity.source_id: (i.status, i.activity.type) for i in plan.items if i.activity}
    assert kinds["1"] == ("new", "easy")
    assert kinds["2"] == ("new", "race_5k")
    assert kinds["3"] == ("new", "cycling")
    assert kinds["4"] == ("confirm", "cycling")  # 22.2 km at 2:30 min/km, whatever it says
