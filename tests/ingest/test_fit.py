"""FIT files from ../shared/fixtures/fit (copied here) against their EXPECTED.json."""

from __future__ import annotations

import datetime as dt

import pytest

from risk.ingest.activity import Rejected
from risk.ingest.profile import activity_type
from tests.ingest.helpers import EXPECTED, FIT, read

VALID = [
    k
    for k, v in EXPECTED.items()
    if isinstance(v, dict)
    and "error" not in v
    and k != "compressed-speed-distance.fit"
    and not k.startswith("invalid/")
]


@pytest.mark.parametrize("name", VALID)
def test_session_totals_sport_and_start(name: str) -> None:
    want = EXPECTED[name]
    (activity,) = read(FIT / name)
    assert activity.distance_km * 1000 == pytest.approx(want["distance_m"], rel=0.005)
    assert activity.moving_min is not None
    assert abs(activity.moving_min * 60 - want["timer_s"]) <= 1.0
    assert activity.sport == want["sport"]
    if "start_utc" in want:
        assert activity.start_utc == dt.datetime.fromisoformat(want["start_utc"])
    if "max_speed_ms" in want:
        assert activity.max_speed_ms == pytest.approx(want["max_speed_ms"], abs=0.001)
    assert activity.source == "fit" and activity.source_id
    assert activity.local_date is not None


def test_a_run_gets_a_speed_profile_that_adds_up_to_its_distance() -> None:
    (run,) = read(FIT / "activity-small-fenix2-run.fit", v_max=4.0)
    assert run.speed_profile is not None
    assert sum(run.speed_profile.values()) == pytest.approx(run.distance_km, abs=0.01)
    assert run.fast_km == pytest.approx(run.speed_profile["80-90"] + run.speed_profile[">=90"])
    assert run.fast_km is not None and run.fast_km > 0  # a 4 m/s max makes some of it fast
    assert run.avg_hr is not None and 100 < run.avg_hr < 200
    assert run.type in ("easy", "intervals", "tempo", "recovery")


def test_other_sports_are_cross_training_with_no_profile() -> None:
    (bike,) = read(FIT / "garmin-fenix-5-bike.fit")
    (walk,) = read(FIT / "garmin-fenix-5-walk.fit")
    assert (bike.type, walk.type) == ("cycling", "walking")
    assert bike.speed_profile is None and bike.fast_km is None
    assert activity_type("cycling") == "cycling" and activity_type("kitesurfing") == "other"


def test_local_date_comes_from_the_file_offset() -> None:
    (run,) = read(FIT / "activity-small-fenix2-run.fit")
    # activity.local_timestamp is two hours ahead of UTC (CEST): still 15 August.
    assert run.local_date == dt.date(2015, 8, 15)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Settings.fit", "not an activity file (file type: settings)"),
        ("invalid/activity-unexpected-eof.fit", "truncated FIT file"),
        ("invalid/activity-settings-corruptheader.fit", "not a FIT file, or its header is corrupt"),
    ],
)
def test_invalid_files_are_refused_with_a_clear_message(name: str, message: str) -> None:
    with pytest.raises(Rejected) as exc:
        read(FIT / name)
    assert message in str(exc.value)
    assert str(exc.value).startswith(str(FIT / name))


def test_a_crc_mismatch_imports_with_a_warning() -> None:
    (activity,) = read(FIT / "invalid/activity-filecrc.fit")
    assert activity.distance_km * 1000 == pytest.approx(5.73, rel=0.005)
    assert activity.moving_min is not None and abs(activity.moving_min * 60 - 13.749) < 1
    assert any("checksum" in w for w in activity.warnings)


def test_device_relative_time_is_never_turned_into_1989() -> None:
    with pytest.raises(Rejected) as exc:
        read(FIT / "compressed-speed-distance.fit")
    assert "no calendar date" in str(exc.value)
    hint = dt.datetime(2012, 2, 13, 10, 16, tzinfo=dt.UTC)
    (run,) = read(FIT / "compressed-speed-distance.fit", date_hint=hint)
    want = EXPECTED["compressed-speed-distance.fit"]
    assert run.local_date == dt.date(2012, 2, 13) and run.start_utc == hint
    assert run.distance_km * 1000 == pytest.approx(want["distance_m"], rel=0.005)
    assert run.moving_min is not None and abs(run.moving_min * 60 - want["timer_s"]) <= 1
    assert run.elapsed_min is not None and abs(run.elapsed_min * 60 - want["elapsed_s"]) <= 1
    assert run.speed_profile is not None  # the records (compressed speed/distance) decode
    assert sum(run.speed_profile.values()) == pytest.approx(run.distance_km, abs=0.01)
