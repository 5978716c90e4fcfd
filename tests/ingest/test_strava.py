"""Strava's bulk export: activities.csv quirks, files inside, dates from the CSV."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from risk.ingest.activity import Activity, Rejected
from risk.ingest.profile import finish
from risk.ingest.sources import Limits, zip_members
from risk.ingest.strava import parse_activities_csv, parse_date, read_export


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feb 6, 2013, 12:11:14 PM", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("Feb 6, 2013, 12:11:14 AM", dt.datetime(2013, 2, 6, 0, 11, 14)),
        ("Aug 15, 2015, 2:45:08 PM", dt.datetime(2015, 8, 15, 14, 45, 8)),
        ("6 Feb 2013, 12:11:14", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("6 févr. 2013, 12:11:14", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("06.02.2013, 12:11:14", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("6. Feb. 2013, 12:11:14", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("6 de febrero de 2013, 12:11:14", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("2013-02-06 12:11:14", dt.datetime(2013, 2, 6, 12, 11, 14)),
        ("12/31/2013, 9:05:00 PM", dt.datetime(2013, 12, 31, 21, 5)),
    ],
)
def test_locale_dates(text: str, expected: dt.datetime) -> None:
    assert parse_date(text) == expected.replace(tzinfo=dt.UTC)


def test_unreadable_date() -> None:
    with pytest.raises(ValueError):
        parse_date("sometime last week")


def test_activities_csv_repeated_columns_and_embedded_newlines(strava_zip: Path) -> None:
    with zipfile.ZipFile(strava_zip) as z:
        rows, problems = parse_activities_csv(z.read("activities.csv"))
    assert problems == []
    assert [r.activity_id for r in rows] == ["101", "102", "103", "104", "105", "106", "107"]
    first = rows[0]
    assert first.distance_m == pytest.approx(9008.2)  # the second "Distance", in metres
    assert first.elapsed_s == 2832 and first.moving_s == 2832
    assert first.start_utc == dt.datetime(2015, 8, 15, 14, 45, 8, tzinfo=dt.UTC)
    assert rows[1].line == 4  # the description's newline makes row 1 span two lines


def test_not_strava_csv() -> None:
    with pytest.raises(Rejected, match=r"not Strava's activities\.csv"):
        parse_activities_csv(b"date,distance\n2026-01-01,5\n")


def export(strava_zip: Path) -> dict[str, list[Activity] | Rejected]:
    archive, members, refused = zip_members(strava_zip, "export.zip", Limits())
    assert refused == []
    with archive:
        out = dict(read_export(archive, members, "export.zip", Limits()))
    for result in out.values():
        if not isinstance(result, Rejected):
            for a in result:
                finish(a, 7.0)
    return out


def test_every_listed_activity_is_read_with_strava_ids(strava_zip: Path) -> None:
    results = export(strava_zip)
    ok = {
        k.split("activity ")[1].split(" ")[0]: v
        for k, v in results.items()
        if not isinstance(v, Rejected)
    }
    assert sorted(ok) == ["101", "102", "103", "104", "105", "107"]
    for ident, (activity,) in ok.items():
        assert activity.source == "strava-csv" and activity.source_id == ident
    fenix = ok["101"][0]
    assert fenix.distance_km == pytest.approx(9.00822, rel=0.005)  # from the FIT session
    assert fenix.name == "Sunday run" and fenix.speed_profile is not None
    old = ok["102"][0]
    assert old.local_date == dt.date(2012, 2, 13)  # device-relative: dated by the CSV
    manual = ok["105"][0]
    assert manual.distance_km == pytest.approx(5.0) and manual.moving_min == pytest.approx(30)
    assert ok["107"][0].type == "cycling"
    lost = next(v for k, v in results.items() if "106" in k)
    assert isinstance(lost, Rejected) and "not in the zip" in str(lost)
