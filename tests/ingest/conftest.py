"""A Strava-style bulk export built from the fixtures (as Strava lays it out)."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import pytest

from tests.ingest.helpers import FIT, FIXTURES

HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Max Heart Rate",
    "Average Heart Rate",
]


def _row(
    ident: str,
    date: str,
    name: str,
    kind: str,
    file: str,
    elapsed: float,
    km: str,
    metres: float | str,
    moving: float,
    description: str = "",
) -> list[str]:
    return [
        ident,
        date,
        name,
        kind,
        description,
        str(int(elapsed)),
        km,
        "",
        "",
        "false",
        "",
        "",
        file,
        "",
        "",
        str(elapsed),
        str(moving),
        str(metres),
        "",
        "",
        "",
        "",
        "",
    ]


ROWS = [
    _row(
        "101",
        "Aug 15, 2015, 2:45:08 PM",
        "Sunday run",
        "Run",
        "activities/101.fit.gz",
        2832,
        "9,01",
        9008.2,
        2832,
        'Felt good.\nLegs heavy on the hill, "ok"',
    ),
    _row(
        "102",
        "13 févr. 2012, 10:16:00",
        "Old watch",
        "Run",
        "activities/102.fit.gz",
        3883,
        "10,25",
        10248.7,
        3772,
    ),
    _row(
        "103",
        "16.06.2026, 17:00:00",
        "Track 6x400",
        "Run",
        "activities/103.gpx",
        2019,
        "7,12",
        7119.0,
        2019,
    ),
    _row(
        "104",
        "Jun 20, 2026, 5:00:00 PM",
        "TCX run",
        "Run",
        "activities/104.tcx.gz",
        1560,
        "5,15",
        5148.0,
        1500,
    ),
    _row("105", "Jun 23, 2026, 7:00:00 AM", "Treadmill", "Run", "", 1800, "5,00", 5000.0, 1800),
    _row(
        "106",
        "Jun 24, 2026, 7:00:00 AM",
        "Lost file",
        "Ride",
        "activities/106.fit.gz",
        600,
        "4,0",
        4000.0,
        600,
    ),
    _row(
        "107",
        "Jun 12, 2017, 4:09:22 PM",
        "Commute",
        "Ride",
        "activities/107.fit.gz",
        60,
        "0,46",
        459.5,
        60,
    ),
]


def build_export(path: Path, rows: list[list[str]] | None = None) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(ROWS if rows is None else rows)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities.csv", text.getvalue())
        z.writestr("profile.csv", "Athlete ID\n1\n")
        z.writestr(
            "activities/101.fit.gz",
            gzip.compress((FIT / "activity-small-fenix2-run.fit").read_bytes()),
        )
        z.writestr(
            "activities/102.fit.gz",
            gzip.compress((FIT / "compressed-speed-distance.fit").read_bytes()),
        )
        z.writestr(
            "activities/103.gpx", b"\n  " + (FIXTURES / "gpx" / "intervals.gpx").read_bytes()
        )
        z.writestr(
            "activities/104.tcx.gz", gzip.compress((FIXTURES / "tcx" / "run.tcx").read_bytes())
        )
        z.writestr(
            "activities/107.fit.gz", gzip.compress((FIT / "garmin-fenix-5-bike.fit").read_bytes())
        )
    return path


@pytest.fixture
def strava_zip(tmp_path: Path) -> Path:
    return build_export(tmp_path / "export_12345.zip")
