"""Strava's bulk export: activities.csv plus activities/*.fit.gz, *.gpx, *.tcx.gz.

activities.csv repeats column names: the first "Distance" is in the account's unit (km
or mi), the second in metres; the first "Elapsed Time" and the later one are both
seconds. Dates are written in the account's locale ("Feb 6, 2013, 12:11:14 PM",
"6 févr. 2013, 12:11:14", "06.02.2013, 12:11:14"), in UTC. Descriptions may hold
newlines (quoted). Each listed activity becomes one run or cross-training entry with
source ``strava-csv`` and Strava's activity id, so re-importing the export adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import IO, Final

from risk.ingest import parallel
from risk.ingest.activity import Activity, Rejected, unreadable
from risk.ingest.limits import LimitReached, check_rows, reading
from risk.ingest.sources import Limits, member_source
from risk.ingest.text import Opener, with_text

#: Month names and abbreviations (accents removed, lower case) of the locales Strava uses.
MONTHS: Final[dict[str, int]] = {}
for _month, _names in enumerate(
    [
        "jan january janvier januar enero gennaio januari janeiro ene gen janv jänner",
        "feb february fevrier februar febrero febbraio februari fevereiro fev febr",
        "mar march mars marz marzo maart marco mär",
        "apr april avril abril aprile avr",
        "may mai mayo maggio mei maio mag",
        "jun june juin juni junio giugno junho giu",
        "jul july juillet juli julio luglio julho juil lug",
        "aug august aout agosto augustus ago",
        "sep sept september septembre septiembre settembre setembro set",
        "oct october octobre oktober octubre ottobre oktober outubro okt ott out",
        "nov november novembre noviembre novembro",
        "dec december decembre dezember diciembre dicembre desember dezembro dez dic",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _month

STRAVA_TYPES: Final = {
    "run": "running",
    "virtualrun": "running",
    "trailrun": "trail_running",
    "ride": "cycling",
    "virtualride": "cycling",
    "ebikeride": "cycling",
    "mountainbikeride": "cycling",
    "gravelride": "cycling",
    "walk": "walking",
    "hike": "hiking",
    "swim": "swimming",
    "rowing": "rowing",
    "elliptical": "elliptical",
    "weighttraining": "other",
    "workout": "other",
    "yoga": "other",
}


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def parse_date(text: str) -> dt.datetime:
    """A Strava export date (UTC) in any of its locale formats; raises ValueError."""
    raw = text.strip()
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    plain = _plain(raw)
    pm = bool(re.search(r"\bpm\b|\bp\.m\.", plain))
    am = bool(re.search(r"\bam\b|\ba\.m\.", plain))
    clocks = list(re.finditer(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", plain))
    clock = clocks[-1] if clocks else None
    if clock is None:
        raise ValueError(f"no time of day in {text!r}")
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    if pm and hour < 12:
        hour += 12
    if am and hour == 12:
        hour = 0
    date_part = plain[: clock.start()] if clock.start() > 0 else plain
    numeric = re.search(r"(\d{1,4})[./-](\d{1,2})[./-](\d{2,4})", date_part)
    if numeric:
        a, b, c = (int(x) for x in numeric.groups())
        if a > 31:
            year, month, day = a, b, c
        elif numeric[0].count(".") or a > 12:
            day, month, year = a, b, c
        else:
            month, day, year = a, b, c
    else:
        words = re.findall(r"[a-z]+", date_part)
        month_no = next((MONTHS[w] for w in words if w in MONTHS), None)
        if month_no is None:
            month_no = next((MONTHS[w[:3]] for w in words if w[:3] in MONTHS), None)
        numbers = [int(x) for x in re.findall(r"\d+", date_part)]
        if month_no is None or len(numbers) < 2:
            raise ValueError(f"unrecognised date {text!r}")
        year = next((x for x in numbers if x > 31), numbers[-1])
        day = next(x for x in numbers if x != year)
        month = month_no
    if year < 100:
        year += 2000
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    decimal_comma = "," in value and "." not in value
    value = value.replace(",", ".") if decimal_comma else value.replace(",", "")
    try:
        return float(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Row:
    """One line of activities.csv."""

    line: int
    activity_id: str
    start_utc: dt.datetime
    name: str
    sport: str
    filename: str
    distance_m: float | None
    moving_s: float | None
    elapsed_s: float | None
    max_speed: float | None
    avg_speed: float | None
    avg_hr: float | None


def parse_activities_csv(
    data: bytes | Opener, name: str = "activities.csv"
) -> tuple[list[Row], list[str]]:
    """The rows of activities.csv, and one message per row that could not be read (read
    row by row; more rows than the limit per file refuse the export)."""
    return with_text(data, name, lambda text: _parse_rows(text, name))


def _parse_rows(text: IO[str], name: str) -> tuple[list[Row], list[str]]:
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise Rejected(f"{name}: empty file") from None
    where: dict[str, list[int]] = {}
    for i, col in enumerate(header):
        where.setdefault(col.strip().lower(), []).append(i)
    for needed in ("activity id", "activity date", "activity type"):
        if needed not in where:
            raise Rejected(f"{name}: not Strava's activities.csv (no {needed!r} column)")

    def cell(values: list[str], column: str, nth: int = 0) -> str | None:
        idx = where.get(column, [])
        if len(idx) <= nth or idx[nth] >= len(values):
            return None
        return values[idx[nth]]

    rows: list[Row] = []
    problems: list[str] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        check_rows(len(rows) + len(problems) + 1, name, "activities")
        line = reader.line_num
        ident = (cell(values, "activity id") or "").strip()
        try:
            start = parse_date(cell(values, "activity date") or "")
        except ValueError as exc:
            problems.append(f"{name} line {line}: {exc}")
            continue
        distance_m = _number(cell(values, "distance", 1))
        if distance_m is None:
            first = _number(cell(values, "distance", 0))
            distance_m = first * 1000.0 if first is not None else None
        elapsed = _number(cell(values, "elapsed time", 0))
        moving = _number(cell(values, "moving time", 0))
        rows.append(
            Row(
                line=line,
                activity_id=ident,
                start_utc=start,
                name=(cell(values, "activity name") or "").strip(),
                sport=(cell(values, "activity type") or "").strip(),
                filename=(cell(values, "filename") or "").strip(),
                distance_m=distance_m,
                moving_s=moving,
                elapsed_s=elapsed,
                max_speed=_number(cell(values, "max speed", 0)),
                avg_speed=_number(cell(values, "average speed", 0)),
                avg_hr=_number(cell(values, "average heart rate", 0)),
            )
        )
    return rows, problems


def strava_sport(name: str) -> str:
    """Strava's activity type as a sport name :mod:`risk.ingest.profile` maps."""
    key = name.strip().lower()
    squashed = key.replace(" ", "").replace("-", "").replace("_", "")
    return STRAVA_TYPES.get(squashed) or key or "running"


def _from_row(row: Row, file_label: str) -> Activity:
    distance_m = row.distance_m or 0.0
    if row.distance_m is None:
        raise Rejected(f"{file_label}: activities.csv line {row.line} has no distance")
    return Activity(
        source="strava-csv",
        source_id=row.activity_id,
        sport=strava_sport(row.sport),
        distance_km=distance_m / 1000.0,
        start_utc=row.start_utc,
        local_date=row.start_utc.date(),
        moving_min=row.moving_s / 60.0 if row.moving_s else None,
        elapsed_min=row.elapsed_s / 60.0 if row.elapsed_s else None,
        avg_speed_ms=row.avg_speed or None,
        max_speed_ms=row.max_speed or None,
        avg_hr=row.avg_hr or None,
        name=row.name or None,
        file=file_label,
    )


def read_export(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str, limits: Limits
) -> Iterator[tuple[str, list[Activity] | Rejected]]:
    """For each activity of activities.csv: its label and its activities, or why not."""
    listing = min(
        (m for m in members if m.filename.lower().endswith("activities.csv")),
        key=lambda m: len(m.filename),
    )
    prefix = listing.filename[: -len("activities.csv")]
    listed = member_source(archive, listing, name)
    with reading(listed.name, limits):
        rows, problems = parse_activities_csv(lambda: listed.open(limits), listed.name)
    for problem in problems:
        yield problem.split(": ", 1)[0], Rejected(problem)
    by_name = {m.filename: m for m in members}
    # Each file of the zip is read once, for the first row that names it (issue 14).
    read_for: dict[str, str] = {listing.filename: "the list of activities itself"}

    def jobs() -> Iterator[parallel.Job[tuple[str, Row]]]:
        for row in rows:
            label = f"{name}: activity {row.activity_id or row.line} ({row.name or row.sport})"
            try:
                if not row.filename:
                    yield (label, row), [_from_row(row, label)], None
                    continue
                member = by_name.get(prefix + row.filename) or by_name.get(row.filename)
                if member is None:
                    raise Rejected(
                        f"{label}: {row.filename} is listed in activities.csv but not in the zip"
                    )
                if member.filename in read_for:
                    raise Rejected(
                        f"{label}: refused: its file {row.filename} is already read as "
                        f"{read_for[member.filename]} (each file of the export is read once)"
                    )
                read_for[member.filename] = f"activity {row.activity_id or row.line}"
                source = member_source(archive, member, name)
                if source.kind not in ("fit", "gpx", "tcx"):
                    raise Rejected(
                        f"{label}: refused: {row.filename} is not a FIT, GPX or TCX file, "
                        "the files Strava exports activities as"
                    )
                yield (label, row), source, row.start_utc
            except Rejected as exc:
                yield (label, row), exc, None
            except Exception as exc:  # one damaged row never sinks the rest
                yield (label, row), unreadable(label, exc), None

    with closing(parallel.read_all(jobs(), limits, count=len(rows))) as results:
        yield from _finish(results)


def _finish(
    results: Iterator[tuple[tuple[str, Row], parallel.Result]],
) -> Iterator[tuple[str, list[Activity] | Rejected]]:
    """Each row's activities, named and typed as activities.csv says."""
    for (label, row), found in results:
        if isinstance(found, LimitReached):
            raise found  # a limit of the whole import: the rows after this one are not read
        if isinstance(found, Rejected):
            yield label, found
            continue
        try:
            activities: list[Activity] = []
            for k, activity in enumerate(found):
                activity.source = "strava-csv"
                activity.source_id = row.activity_id + (f"#{k + 1}" if len(found) > 1 else "")
                if row.sport:
                    activity.sport = strava_sport(row.sport)
                activity.name = row.name or activity.name
                activity.file = label
                activities.append(activity)
            yield label, activities
        except Exception as exc:  # one damaged activity never sinks the rest
            yield label, unreadable(label, exc)


def is_export(members: list[zipfile.ZipInfo]) -> bool:
    """True for a zip that holds Strava's activities.csv."""
    return any(m.filename.lower().endswith("activities.csv") for m in members)
