"""Validated input models: everything is checked here before a row is written.

Each model turns raw form, CLI or editor values into clean values, or raises
:class:`InvalidEntry` with one message per problem, written for a runner
("Distance must be between 0 and 400 km (got -5 km)").
Distances are kept in km; pass ``units="mi"`` to :func:`validate` so that
messages about distances speak the runner's unit.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Final, Self, TypeVar

import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from risk import formats, vocab

#: Limits of DESIGN.md / the Foundation issue, in one place.
MAX_DISTANCE_KM = 400.0
#: Speeds a run may carry (faster than any sprinter), and any entry (a fast descent on a
#: bike or skis); the importer cleans GPS spikes below both (risk.ingest.plausible).
MAX_RUN_SPEED_MS = 15.0
MAX_SPEED_MS = 50.0
MAX_DURATION_MIN = 48 * 60.0
MAX_NAME = 100
MAX_NOTES = 2000
EARLIEST_DATE = dt.date(1970, 1, 1)
MAX_PLAN_AHEAD_DAYS = 366


class InvalidEntry(ValueError):
    """Raised when input fails validation; ``messages`` lists every problem."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


#: Set to a date (YYYY-MM-DD) to pin "today" for the app, the CLI and the demo: tests pin
#: it so they pass on any calendar day, and a demo or screenshot can be reproduced.
TODAY_ENV = "ECCENTRIC_TODAY"


def today() -> dt.date:
    """The runner's local calendar date, or the date pinned by ``ECCENTRIC_TODAY``."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(
                f"{TODAY_ENV} must be a date like 2026-11-29 (got {pinned!r})"
            ) from None
    return dt.date.today()  # noqa: DTZ011 - the runner's local calendar is what we want


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def _units(info: ValidationInfo) -> vocab.Units:
    ctx = info.context or {}
    return "mi" if ctx.get("units") == "mi" else "km"


def _fast_over(fast_km: float, distance_km: float, units: vocab.Units) -> str:
    """The message for fast running longer than the whole run, in the runner's unit."""
    return (
        f"Fast distance ({formats.readable_distance(fast_km, units)}) must not exceed the "
        f"distance ({formats.readable_distance(distance_km, units)})"
    )


def between(
    label: str,
    lo: float,
    hi: float,
    unit: str = "",
    *,
    lo_open: bool = False,
    distance: bool = False,
    mass: bool = False,
) -> Callable[[Any, ValidationInfo], Any]:
    """An after-validator: ``lo <= value <= hi`` (``lo < value`` when ``lo_open``). A
    ``distance`` (km) or ``mass`` (kg) is reported in miles or pounds when validated with
    ``units="mi"``, the unit the runner typed it in."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return value
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{label} must be a number (got {value})")
        too_low = value <= lo if lo_open else value < lo
        if too_low or value > hi:
            u = unit
            shown_lo, shown_hi, shown = float(lo), float(hi), float(value)
            if distance and _units(info) == "mi":
                u = "mi"
                shown_lo, shown_hi = vocab.km_to(lo, "mi"), vocab.km_to(hi, "mi")
                shown = vocab.km_to(value, "mi")
                shown_lo, shown_hi = round(shown_lo, 1), round(shown_hi, 1)
            if mass and _units(info) == "mi":
                u = vocab.mass_unit("mi")
                shown_lo, shown_hi = (
                    round(vocab.kg_to(lo, "mi"), 1),
                    round(vocab.kg_to(hi, "mi"), 1),
                )
                shown = round(vocab.kg_to(value, "mi"), 1)
            if distance:
                shown = round(shown, 2)
            suffix = f" {u}" if u else ""
            rule = f"between {_fmt(shown_lo)} and {_fmt(shown_hi)}{suffix}"
            if lo_open and value == lo:  # "between 0 and 400 km (got 0 km)" reads as fine
                rule = f"more than {_fmt(shown_lo)}{suffix}"
            raise ValueError(f"{label} must be {rule} (got {_fmt(shown)}{suffix})")
        return value

    return check


def _date_rule(label: str, *, ahead_days: int = 1) -> Callable[[dt.date | None], dt.date | None]:
    def check(value: dt.date | None) -> dt.date | None:
        if value is None:
            return None
        if value < EARLIEST_DATE:
            raise ValueError(f"{label} must not be before 1970 (got {value.isoformat()})")
        latest = today() + dt.timedelta(days=ahead_days)
        if value > latest:
            if ahead_days == 1:
                raise ValueError(f"{label} must not be after tomorrow (got {value.isoformat()})")
            raise ValueError(
                f"{label} must be at most {ahead_days} days ahead (got {value.isoformat()})"
            )
        return value

    return check


_ANSI_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]")
"""An ANSI control sequence (CSI: colours, cursor moves, clearing), dropped whole."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x85]")


def without_controls(value: str, *, multiline: bool) -> str:
    """``value`` without C0/C1 control characters (and whole ANSI escape sequences).

    Multi-line text (notes) keeps tabs and newlines (a CR-LF becomes a newline); in a
    one-line field (a name) tabs and line breaks become spaces so words stay apart.
    """
    value = _ANSI_SEQUENCE.sub("", value)
    if multiline:
        value = value.replace("\r\n", "\n")
        return _CONTROL.sub(lambda m: m.group() if m.group() in "\t\n" else "", value)
    value = _LINE_BREAKS.sub(" ", value)
    return _CONTROL.sub("", value)


def _text_rule(
    label: str, max_len: int, *, required: bool, multiline: bool = False
) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is None:
            value = ""
        value = without_controls(value, multiline=multiline).strip()
        if required and not value:
            raise ValueError(f"{label} must not be empty")
        if len(value) > max_len:
            raise ValueError(f"{label} must be at most {max_len} characters (got {len(value)})")
        return value or (None if not required else value)

    return check


def _choice(label: str, options: Mapping[str, str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        key = value.strip()
        if key in options:
            return key
        by_label = {v.lower(): k for k, v in options.items()}
        if key.lower() in by_label:
            return by_label[key.lower()]
        raise ValueError(f"{label} must be one of: {', '.join(options)} (got {value!r})")

    return check


# Reusable field types -------------------------------------------------------------------
EntryDate = Annotated[dt.date, AfterValidator(_date_rule("Date"))]
Distance = Annotated[
    float,
    AfterValidator(between("Distance", 0, MAX_DISTANCE_KM, "km", lo_open=True, distance=True)),
]
FastKm = Annotated[
    float | None,
    AfterValidator(between("Fast distance", 0, MAX_DISTANCE_KM, "km", distance=True)),
]
Duration = Annotated[
    float | None, AfterValidator(between("Duration", 0, MAX_DURATION_MIN, "min", lo_open=True))
]
Rpe = Annotated[int | None, AfterValidator(between("RPE", 1, 10))]

#: Limits of the reps of a run (issue 10, item 7).
MAX_REPS = 200
REP_KM = (0.05, 20.0)
REP_PACE_S_PER_KM = (90.0, 720.0)  # 1:30 to 12:00 min/km


def _rep_distance(value: float | None, info: ValidationInfo) -> float | None:
    if value is None:
        return None
    lo, hi = REP_KM
    if not math.isfinite(value) or not lo <= value <= hi:
        if _units(info) == "mi":
            rule = f"between {vocab.km_to(lo, 'mi'):.2f} and {vocab.km_to(hi, 'mi'):.1f} mi"
            got = f"{vocab.km_to(value, 'mi'):.2f} mi"
        else:
            rule = f"between {lo * 1000:g} m and {hi:g} km"
            got = f"{value * 1000:g} m" if value < 1 else f"{value:g} km"
        raise ValueError(f"Rep distance must be {rule} (got {got})")
    return value


def _rep_pace(value: float | None, info: ValidationInfo) -> float | None:
    if value is None:
        return None
    lo, hi = REP_PACE_S_PER_KM
    if not math.isfinite(value) or not lo <= value <= hi:
        u = _units(info)
        shown = formats.format_pace(value, u) if math.isfinite(value) and value > 0 else "?"
        raise ValueError(
            f"Rep pace must be between {formats.format_pace(lo, u)} and "
            f"{formats.format_pace(hi, u)} (got {shown})"
        )
    return value


Reps = Annotated[int | None, AfterValidator(between("Reps", 1, MAX_REPS))]
RepKm = Annotated[float | None, AfterValidator(_rep_distance)]
RepPace = Annotated[float | None, AfterValidator(_rep_pace)]
Strides = Annotated[int | None, AfterValidator(between("Strides", 0, 100))]
Notes = Annotated[
    str | None, AfterValidator(_text_rule("Notes", MAX_NOTES, required=False, multiline=True))
]
Soreness = Annotated[int, AfterValidator(between("Hamstring soreness", 0, 10))]
Wellness = Annotated[int | None, AfterValidator(between("Wellness scores", 1, 5))]
#: A resting heart rate outside this range is a typo, not a runner.
RESTING_HR: Final = (25, 120)
RestingHr = Annotated[int | None, AfterValidator(between("Resting heart rate", *RESTING_HR, "bpm"))]

_FIELD_LABELS: dict[str, str] = {
    "date": "Date",
    "distance_km": "Distance",
    "duration_min": "Duration",
    "rpe": "RPE",
    "fast_km": "Fast distance",
    "strides": "Strides",
    "type": "Type",
    "notes": "Notes",
    "name": "Name",
    "body_mass_kg": "Body mass",
    "v_max_ms": "Max sprint speed",
    "birth_year": "Birth year",
    "units": "Units",
    "exercise": "Exercise",
    "sets": "Sets",
    "reps": "Reps",
    "load_kg": "Load",
    "assisted": "Assisted",
    "soreness_left": "Left hamstring soreness",
    "soreness_right": "Right hamstring soreness",
    "side": "Side",
    "site": "Site",
    "severity": "Severity",
    "description": "Description",
    "return_date": "Return date",
    "start_time": "Start time",
    "source": "Source",
    "source_id": "Source id",
    "speed_profile": "Speed profile",
    "elapsed_min": "Elapsed time",
    "avg_speed_ms": "Average speed",
    "max_speed_ms": "Max speed",
    "avg_hr": "Average heart rate",
    "fingerprint": "Fingerprint",
    "rep_km": "Rep distance",
    "rep_pace_s_per_km": "Rep pace",
    "exercises": "Exercises",
    "resting_hr": "Resting heart rate",
    **vocab.WELLNESS_ITEMS,
}

_TYPE_WORDS = {
    "float": "a number",
    "int": "a whole number",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time",
    "bool": "yes or no",
    "string": "text",
    "missing": None,
}


class _Input(BaseModel):
    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, str_strip_whitespace=True, frozen=True
    )


class AthleteIn(_Input):
    """A runner's profile. ``v_max_ms`` is the max sprint speed in m/s."""

    name: Annotated[str, AfterValidator(_text_rule("Name", MAX_NAME, required=True))]
    body_mass_kg: Annotated[float, AfterValidator(between("Body mass", 25, 250, "kg", mass=True))]
    v_max_ms: Annotated[float, AfterValidator(between("Max sprint speed", 4, 12.5, "m/s"))]
    birth_year: Annotated[int | None, AfterValidator(between("Birth year", 1900, 2030))] = None
    units: Annotated[str, AfterValidator(_choice("Units", {u: u for u in vocab.UNITS}))] = "km"


class RunIn(_Input):
    """A run or cross-training entry, distances in km."""

    date: EntryDate
    type: Annotated[str, AfterValidator(_choice("Type", vocab.ACTIVITY_TYPES))]
    distance_km: Distance
    duration_min: Duration = None
    rpe: Rpe = None
    fast_km: FastKm = None
    strides: Strides = None
    start_time: dt.datetime | None = None
    speed_profile: dict[str, float] | None = None
    source: Annotated[str, AfterValidator(_choice("Source", {s: s for s in vocab.SOURCES}))] = (
        "manual"
    )
    source_id: Annotated[
        str | None, AfterValidator(_text_rule("Source id", 200, required=False))
    ] = None
    notes: Notes = None
    elapsed_min: Annotated[
        float | None, AfterValidator(between("Elapsed time", 0, MAX_DURATION_MIN, "min"))
    ] = None
    avg_speed_ms: Annotated[
        float | None, AfterValidator(between("Average speed", 0, MAX_SPEED_MS, "m/s"))
    ] = None
    max_speed_ms: Annotated[
        float | None, AfterValidator(between("Max speed", 0, MAX_SPEED_MS, "m/s"))
    ] = None
    avg_hr: Annotated[float | None, AfterValidator(between("Average heart rate", 20, 250))] = None
    fingerprint: Annotated[
        str | None, AfterValidator(_text_rule("Fingerprint", 64, required=False))
    ] = None
    reps: Reps = None
    rep_km: RepKm = None
    rep_pace_s_per_km: RepPace = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Self:
        problems = self._rep_problems(_units(info))
        if (
            self.elapsed_min is not None
            and self.duration_min is not None
            and self.elapsed_min < self.duration_min - 0.05
        ):
            problems.append(
                f"Elapsed time ({_fmt(self.elapsed_min)} min) must not be shorter than the "
                f"moving time ({_fmt(self.duration_min)} min)"
            )
        if self.fast_km is not None and self.fast_km > self.distance_km + 1e-9:
            problems.append(_fast_over(self.fast_km, self.distance_km, _units(info)))
        if self.type in vocab.RUN_TYPES:
            for label, speed in (("Average", self.avg_speed_ms), ("Max", self.max_speed_ms)):
                if speed is not None and speed > MAX_RUN_SPEED_MS:
                    problems.append(
                        f"{label} speed must be at most {MAX_RUN_SPEED_MS:g} m/s for a run "
                        f"(got {_fmt(speed)} m/s)"
                    )
        if self.start_time is not None and self.start_time.tzinfo is None:
            problems.append("Start time must carry a time zone")
        if self.speed_profile is not None and any(
            not math.isfinite(v) or v < 0 for v in self.speed_profile.values()
        ):
            problems.append("Speed profile distances must be 0 or more")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _rep_problems(self, units: vocab.Units) -> list[str]:
        """The reps go together, fit in the distance and are not slower than the average."""
        given = [v is not None for v in (self.reps, self.rep_km, self.rep_pace_s_per_km)]
        if not any(given):
            return []
        if not all(given):
            return [
                "Reps, rep distance and rep pace go together: give all three, or leave all "
                "three empty"
            ]
        assert self.reps is not None and self.rep_km is not None
        assert self.rep_pace_s_per_km is not None
        if self.type in vocab.CROSS_TRAINING_TYPES:
            return [f"Reps are for runs, not {self.type.replace('_', ' ')}"]
        problems = []
        total = self.reps * self.rep_km
        if total > self.distance_km + 1e-9:
            problems.append(
                f"The reps ({self.reps} × {formats.format_distance(self.rep_km, units, 2)} = "
                f"{formats.format_distance(total, units, 2)}) must not exceed the distance "
                f"({formats.format_distance(self.distance_km, units, 2)})"
            )
        elif self.duration_min is not None:
            average = self.duration_min * 60.0 / self.distance_km
            if self.rep_pace_s_per_km > average + 0.5:  # half a second: typed to the second
                problems.append(
                    f"Rep pace ({formats.format_pace(self.rep_pace_s_per_km, units)}) must not "
                    f"be slower than the run's average pace "
                    f"({formats.format_pace(average, units)}): reps are the hard part of a "
                    "session"
                )
        return problems


class PlannedSessionIn(_Input):
    """A planned session, dated up to a year ahead."""

    date: Annotated[dt.date, AfterValidator(_date_rule("Date", ahead_days=MAX_PLAN_AHEAD_DAYS))]
    type: Annotated[str, AfterValidator(_choice("Type", vocab.ACTIVITY_TYPES))]
    distance_km: Distance
    fast_km: FastKm = None
    strides: Strides = None
    notes: Notes = None

    @model_validator(mode="after")
    def _fast_within(self, info: ValidationInfo) -> Self:
        if self.fast_km is not None and self.fast_km > self.distance_km + 1e-9:
            raise ValueError(_fast_over(self.fast_km, self.distance_km, _units(info)))
        return self


class StrengthSetIn(_Input):
    """One exercise of a strength session."""

    exercise: Annotated[str, AfterValidator(_text_rule("Exercise", MAX_NAME, required=True))]
    sets: Annotated[int, AfterValidator(between("Sets", 1, 20))]
    reps: Annotated[int, AfterValidator(between("Reps", 1, 200))]
    load_kg: Annotated[float, AfterValidator(between("Load", 0, 500, "kg"))] = 0.0
    assisted: bool = False

    @model_validator(mode="after")
    def _known_names(self) -> Self:
        # "Nordic hamstring curl" typed in full is the built-in nordic, not a custom one.
        by_label = {v.lower(): k for k, v in vocab.EXERCISES.items()}
        key = by_label.get(self.exercise.lower(), self.exercise)
        if key != self.exercise:
            object.__setattr__(self, "exercise", key)
        return self


class StrengthSessionInfoIn(_Input):
    """A strength session's own fields (date, RPE, notes), as edited in History."""

    date: EntryDate
    rpe: Rpe = None
    notes: Notes = None


class StrengthSessionIn(StrengthSessionInfoIn):
    """A strength session with at least one exercise."""

    exercises: list[StrengthSetIn] = Field(min_length=1, max_length=30)


class CheckinIn(_Input):
    """A daily check-in: soreness 0-10 per side, McLean wellness 1-5 and the resting heart
    rate in bpm (both optional)."""

    date: EntryDate
    soreness_left: Soreness
    soreness_right: Soreness
    fatigue: Wellness = None
    sleep: Wellness = None
    general_soreness: Wellness = None
    stress: Wellness = None
    mood: Wellness = None
    resting_hr: RestingHr = None
    notes: Notes = None


class InjuryIn(_Input):
    """An injury; the return date, if known, is on or after the injury date. The site is
    one of :data:`risk.vocab.INJURY_SITES` (key or label), hamstring when not given."""

    date: EntryDate
    site: Annotated[str, AfterValidator(_choice("Site", vocab.INJURY_SITES))] = (
        vocab.DEFAULT_INJURY_SITE
    )
    side: Annotated[str, AfterValidator(_choice("Side", vocab.INJURY_SIDES))]
    description: Annotated[
        str, AfterValidator(_text_rule("Description", 500, required=True, multiline=True))
    ]
    severity: Annotated[str, AfterValidator(_choice("Severity", vocab.INJURY_SEVERITIES))]
    return_date: Annotated[
        dt.date | None, AfterValidator(_date_rule("Return date", ahead_days=MAX_PLAN_AHEAD_DAYS))
    ] = None

    @model_validator(mode="after")
    def _return_after(self) -> Self:
        if self.return_date is not None and self.return_date < self.date:
            raise ValueError(
                f"Return date ({self.return_date.isoformat()}) must not be before the injury "
                f"date ({self.date.isoformat()})"
            )
        return self


#: The longest athlete's note or week comment, in characters.
MAX_NOTE = 1000


def _monday(value: dt.date) -> dt.date:
    if value.weekday() != 0:
        raise ValueError(f"Week must be given by its Monday (got {value:%A} {value.isoformat()})")
    return value


class NoteIn(_Input):
    """A runner's note for their coach about a day (at most :data:`MAX_NOTE` characters)."""

    date: EntryDate
    note: Annotated[
        str, AfterValidator(_text_rule("Note", MAX_NOTE, required=True, multiline=True))
    ]


class WeekCommentIn(_Input):
    """A comment on a calendar week, given by its Monday (a planned week may be commented
    on up to :data:`MAX_PLAN_AHEAD_DAYS` ahead)."""

    week: Annotated[
        dt.date,
        AfterValidator(_date_rule("Week", ahead_days=MAX_PLAN_AHEAD_DAYS)),
        AfterValidator(_monday),
    ]
    comment: Annotated[
        str, AfterValidator(_text_rule("Comment", MAX_NOTE, required=True, multiline=True))
    ]


M = TypeVar("M", bound=BaseModel)


def _message(err: Any, model: type[BaseModel]) -> str:
    loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
    field = loc[-1] if loc else ""
    label = _FIELD_LABELS.get(field, field.replace("_", " ").capitalize())
    kind = err.get("type", "")
    got = err.get("input")
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "missing" or (got is None and kind.endswith("_type")):
        return f"{label} is required"
    if kind == "extra_forbidden":
        return f"Unknown field {field!r}"
    if kind == "finite_number":
        return f"{label} must be a number (got {got})"
    if kind in ("too_short", "too_long") and field == "exercises":
        if kind == "too_short":
            return "A strength session needs at least one exercise"
        return "A strength session can hold at most 30 exercises"
    for word, shown in _TYPE_WORDS.items():
        if kind.startswith(word) and shown:
            return f"{label} must be {shown} (got {got!r})"
    return f"{label}: {err.get('msg', 'invalid value')}"


def validate(model: type[M], data: Mapping[str, Any], *, units: vocab.Units = "km") -> M:
    """Validate raw values into ``model`` or raise :class:`InvalidEntry`.

    Empty strings and NaN (pandas' missing value) count as "not given".
    """
    clean = {k: _blank_to_none(v) for k, v in data.items()}
    try:
        return model.model_validate(clean, context={"units": units})
    except pydantic.ValidationError as exc:
        messages: list[str] = []
        for err in exc.errors(include_url=False):
            for msg in _message(err, model).split("; "):
                if msg not in messages:
                    messages.append(msg)
        raise InvalidEntry(messages) from None


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is not None and type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, list):
        return [
            {k: _blank_to_none(v) for k, v in x.items()} if isinstance(x, dict) else x
            for x in value
        ]
    return value
