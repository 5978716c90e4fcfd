"""GPX and TCX: distances against an independent haversine sum, pauses, time zones, safety."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from risk.ingest.activity import Rejected
from tests.ingest.helpers import FIXTURES, haversine_sum, read, read_bytes

GPX, TCX = FIXTURES / "gpx", FIXTURES / "tcx"


@pytest.mark.parametrize(
    "path",
    [
        GPX / "easy_local_time.gpx",
        GPX / "intervals.gpx",
        GPX / "pauses.gpx",
        GPX / "no_point_times.gpx",
        TCX / "run.tcx",
    ],
    ids=lambda p: p.name,
)
def test_distance_within_two_percent_of_the_haversine_sum(path: Path) -> None:
    (activity,) = read(path)
    assert activity.distance_km * 1000 == pytest.approx(haversine_sum(path), rel=0.02)


def test_local_time_zone_gives_the_local_date_and_hr_comes_from_extensions() -> None:
    (run,) = read(GPX / "easy_local_time.gpx")  # starts 00:20 at +02:00
    assert run.start_utc == dt.datetime(2026, 6, 14, 22, 20, tzinfo=dt.UTC)
    assert run.local_date == dt.date(2026, 6, 15)
    assert run.avg_hr is not None and 140 < run.avg_hr < 150
    assert run.moving_min == pytest.approx(1667 / 60, abs=0.1)
    assert run.type == "easy"


def test_utc_times_take_the_date_of_the_longitude() -> None:
    (run,) = read(GPX / "intervals.gpx")  # 17:00 UTC at 4.3° E
    assert run.local_date == dt.date(2026, 6, 16)


def test_pauses_count_for_elapsed_not_moving_time() -> None:
    (run,) = read(GPX / "pauses.gpx")  # 2 × 10 min running, 3 min standing, 10 min gap
    assert run.moving_min == pytest.approx(20.0, abs=0.2)
    assert run.elapsed_min == pytest.approx(33.0, abs=0.2)
    assert run.speed_profile is not None
    assert run.speed_profile["<60"] == pytest.approx(run.distance_km, abs=0.01)  # 3.2 m/s


def test_intervals_show_in_the_speed_profile_and_the_type() -> None:
    (run,) = read(GPX / "intervals.gpx")  # 6 × 400 m at 6.5 m/s = 93 % of 7 m/s
    assert run.speed_profile is not None
    assert run.fast_km == pytest.approx(2.4, abs=0.15)
    assert run.speed_profile[">=90"] == pytest.approx(2.4, abs=0.2)
    assert run.type == "intervals"
    assert run.max_speed_ms == pytest.approx(6.5, abs=0.1)  # over 5-second steps


def test_no_point_times_keep_the_distance_and_the_metadata_date() -> None:
    (run,) = read(GPX / "no_point_times.gpx")
    assert run.local_date == dt.date(2026, 6, 17)
    assert run.moving_min is None and run.speed_profile is None
    assert any("no times" in w for w in run.warnings)


def test_cycling_gpx_is_cross_training() -> None:
    (ride,) = read(GPX / "cycling.gpx")
    assert ride.type == "cycling" and ride.fast_km is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no_times_at_all.gpx", "no times, so no date"),
        ("external_entity.gpx", "declares a DTD or entities"),
        ("billion_laughs.gpx", "declares a DTD or entities"),
        ("truncated.gpx", "not well-formed XML"),
    ],
)
def test_bad_gpx_is_refused(name: str, message: str) -> None:
    with pytest.raises(Rejected) as exc:
        read(GPX / name)
    assert message in str(exc.value)


def test_whitespace_before_the_xml_declaration_is_accepted() -> None:
    data = (GPX / "intervals.gpx").read_bytes()
    (run,) = read_bytes("strava.gpx", b"\n\n   \t" + data)
    assert run.distance_km > 7


def test_tcx_trusts_lap_totals_and_splits_multisport() -> None:
    (run,) = read(TCX / "run.tcx")
    assert run.moving_min == pytest.approx(25.0)  # the lap's TotalTimeSeconds
    assert run.elapsed_min == pytest.approx(26.0)
    assert run.avg_hr is not None
    run2, ride = read(TCX / "multisport.tcx")
    assert (run2.type, ride.type) == ("easy", "cycling")
    assert run2.source_id.endswith("#1") and ride.source_id.endswith("#2")
    (tread,) = read(TCX / "treadmill.tcx")  # no positions: distance from the lap
    assert tread.distance_km == pytest.approx(3.6)


def test_not_a_gpx_or_tcx() -> None:
    with pytest.raises(Rejected, match="not a GPX file"):
        read_bytes("x.gpx", b"<?xml version='1.0'?><kml></kml>")
    with pytest.raises(Rejected, match="no activity in this TCX"):
        read_bytes("x.tcx", b"<TrainingCenterDatabase><Courses/></TrainingCenterDatabase>")
    with pytest.raises(Rejected, match="empty file"):
        read_bytes("x.gpx", b"   ")
