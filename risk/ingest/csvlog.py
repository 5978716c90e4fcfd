"""A CSV log of runs: our template, or any spreadsheet export through a column mapping.

The template (``TEMPLATE``) has one run per line::

    date,type,distance_km,duration,rpe,fast_km,strides,notes
    2026-11-23,easy,10.2,52:30,4,,6,Canal loop

Other CSVs are read through a mapping {field: column}; :func:`guess_mapping` proposes one
from the header (e.g. "Distance (mi)" → distance in miles, "Time" → duration). Dates are
ISO, or day-first / month-first as the runner says (ambiguous ones are refused rather
than guessed). A file whose rows do not all validate is refused as a whole, with the line
of each problem, so nothing of it is half-written.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Final, Literal

from risk import vocab
from risk.formats import parse_clock
from risk.ingest.activity import Activity, Rejected
from risk.ingest.limits import check_rows
from risk.ingest.text import Opener, with_text

FIELDS: Final[dict[str, str]] = {
    "date": "Date (required)",
    "distance": "Distance (required)",
    "type": "Type",
    "duration": "Duration (h:mm:ss or minutes)",
    "rpe": "RPE 1-10",
    "fast_km": "Fast distance",
    "strides": "Strides",
    "notes": "Notes",
}
REQUIRED: Final = ("date", "distance")
TEMPLATE: Final = (
    "date,type,distance_km,duration,rpe,fast_km,strides,notes\n"
    "2026-11-23,easy,10.2,52:30,4,,6,Canal loop\n"
    "2026-11-25,intervals,11.0,58:10,8,4.0,,6 x 800 m\n"
    "2026-11-28,cycling,35,1:20:00,3,,,Commute\n"
)
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "date": ("date", "day", "activity date", "datum", "fecha", "when"),
    "distance": (
        "distance_km",
        "distance (km)",
        "distance km",
        "km",
        "distance",
        "distance_mi",
        "distance (mi)",
        "distance mi",
        "miles",
        "mi",
        "dist",
    ),
    "type": ("type", "run type", "activity type", "sport", "kind", "workout", "session"),
    "duration": (
        "duration",
        "time",
        "moving time",
        "duration_min",
        "minutes",
        "elapsed time",
        "duration (min)",
        "mins",
    ),
    "rpe": ("rpe", "effort", "perceived effort", "rate of perceived exertion"),
    "fast_km": ("fast_km", "fast km", "fast distance", "fast (km)"),
    "strides": ("strides",),
    "notes": ("notes", "note", "comments", "comment", "description", "title", "name"),
}
TYPE_WORDS: Final[dict[str, str]] = {
    "run": "easy",
    "running": "easy",
    "jog": "recovery",
    "interval": "intervals",
    "reps": "intervals",
    "track": "intervals",
    "speed": "intervals",
    "tempo run": "tempo",
    "long run": "long",
    "lsr": "long",
    "hill": "hills",
    "hill repeats": "hills",
    "race": "race_5k",
    "5k": "race_5k",
    "10k": "race_10k",
    "half": "race_half",
    "half marathon": "race_half",
    "marathon": "race_marathon",
    "bike": "cycling",
    "ride": "cycling",
    "cycle": "cycling",
    "swim": "swimming",
    "row": "rowing",
    "walk": "walking",
    "hike": "hiking",
    "cross-training": "other",
    "xt": "other",
}
DateOrder = Literal["auto", "dmy", "mdy"]


@dataclass
class CsvOptions:
    """How to read a CSV log: column mapping, distance unit, date order."""

    mapping: dict[str, str] = field(default_factory=dict)
    units: vocab.Units | None = None  # None: from the column's name, else km
    date_order: DateOrder = "auto"


def header(data: bytes | Opener, name: str) -> list[str]:
    """The column names of a CSV file (only its first line is read)."""

    def first(text: IO[str]) -> list[str]:
        try:
            return [h.strip() for h in next(csv.reader(text))]
        except StopIteration:
            raise Rejected(f"{name}: empty file") from None

    return with_text(data, name, first)


def guess_mapping(columns: list[str]) -> tuple[dict[str, str], vocab.Units]:
    """A mapping {field: column} from the header, and the distance unit its name implies."""
    lower = {c.strip().lower(): c for c in columns}
    mapping: dict[str, str] = {}
    for name, words in SYNONYMS.items():
        for word in words:
            if word in lower and lower[word] not in mapping.values():
                mapping[name] = lower[word]
                break
    dist = mapping.get("distance", "").lower()
    units: vocab.Units = "mi" if re.search(r"\bmi\b|mile|_mi\b|\(mi\)", dist) else "km"
    return mapping, units


def _date(text: str, order: DateOrder) -> dt.date:
    raw = text.strip()
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})(?:[ T].*)?", raw)
    if not m:
        raise ValueError(f"{raw!r} is not a date (use YYYY-MM-DD, or DD/MM/YYYY)")
    a, b, year = int(m[1]), int(m[2]), int(m[3])
    year += 2000 if year < 100 else 0
    if order == "auto":
        if a > 12 >= b:
            order = "dmy"
        elif b > 12 >= a:
            order = "mdy"
        elif a == b:
            order = "dmy"
        else:
            raise ValueError(f"{raw!r} could be day-first or month-first: say which")
    day, month = (a, b) if order == "dmy" else (b, a)
    return dt.date(year, month, day)


def _type(value: str) -> tuple[str, bool]:
    key = value.strip().lower()
    if not key:
        return "easy", True
    for code, label in vocab.ACTIVITY_TYPES.items():
        if key in (code, label.lower(), code.replace("_", " ")):
            return code, True
    if key in TYPE_WORDS:
        return TYPE_WORDS[key], True
    return "easy", False


def read_csv_log(
    data: bytes | Opener, name: str, options: CsvOptions | None = None
) -> list[Activity]:
    """The runs of a CSV log (every row validated; any bad row refuses the whole file),
    read row by row; more rows than the limit per file refuse it."""
    return with_text(data, name, lambda text: _read_rows(text, name, options or CsvOptions()))


def _read_rows(text: IO[str], name: str, options: CsvOptions) -> list[Activity]:
    reader = csv.DictReader(text)
    columns = [c.strip() for c in reader.fieldnames or []]
    if not columns:
        raise Rejected(f"{name}: empty file")
    mapping, guessed_units = guess_mapping(columns)
    units = options.units or guessed_units
    mapping = {**mapping, **{k: v for k, v in options.mapping.items() if v}}
    missing = [FIELDS[f].replace(" (required)", "") for f in REQUIRED if f not in mapping]
    if missing:
        raise Rejected(
            f"{name}: no column for {' and '.join(missing).lower()} (columns found: "
            f"{', '.join(columns) or 'none'}); use the template or map the columns"
        )
    absent = [col for col in mapping.values() if col not in columns]
    if absent:
        raise Rejected(f"{name}: no column named {', '.join(repr(a) for a in absent)}")
    seconds = "sec" in mapping.get("duration", "").lower()
    activities: list[Activity] = []
    problems: list[str] = []
    unknown: Counter[str] = Counter()
    per_day: Counter[dt.date] = Counter()
    # The header may carry padding spaces; DictReader keys keep them.
    raw_key = {c.strip(): c for c in reader.fieldnames or []}
    rows = 0
    for row in reader:
        line = reader.line_num
        rows += 1
        check_rows(rows, name, "lines")

        def get(field_name: str, row: dict[str, str | None] = row) -> str:
            column = mapping.get(field_name)
            value = row.get(raw_key.get(column, column)) if column else None
            return (value or "").strip()

        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            day = _date(get("date"), options.date_order)
            distance = _float(get("distance"), "distance")
            if distance is None:
                raise ValueError("the distance is empty")
            km = vocab.to_km(distance, units)
            kind, known = _type(get("type"))
            if not known:
                unknown[get("type")] += 1
            duration = get("duration")
            minutes = None
            if duration:
                minutes = (
                    float(duration.replace(",", ".")) / 60.0
                    if seconds and ":" not in duration
                    else parse_clock(duration) / 60.0
                )
            fast = _float(get("fast_km"), "fast distance")
            extra = {
                "rpe": _int(get("rpe"), "RPE"),
                "fast_km": vocab.to_km(fast, units) if fast is not None else None,
                "strides": _int(get("strides"), "strides"),
            }
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
            continue
        per_day[day] += 1
        activity = Activity(
            source="csv",
            source_id=f"{name.rsplit('/', 1)[-1]}:{day.isoformat()}#{per_day[day]}",
            sport="running" if kind in vocab.RUN_TYPES else kind,
            distance_km=km,
            local_date=day,
            moving_min=minutes,
            name=get("notes") or None,
            type=kind,
            file=name,
            where=f"line {line}",
        )
        activity.extra = {k: v for k, v in extra.items() if v is not None}
        activities.append(activity)
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise Rejected(f"{name}: nothing imported, {len(problems)} bad line(s): {shown}")
    if not activities:
        raise Rejected(f"{name}: no runs in this file (only a header?)")
    if unknown:
        listed = ", ".join(f"{k!r} ×{n}" for k, n in unknown.most_common(5))
        activities[0].warnings.append(
            f"Types we do not know were taken as easy runs ({listed}); change them in History"
        )
    return activities


def _float(text: str, what: str) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None


def _int(text: str, what: str) -> int | None:
    value = _float(text, what)
    if value is None:
        return None
    if value != int(value):
        raise ValueError(f"{what} {text!r} is not a whole number")
    return int(value)
