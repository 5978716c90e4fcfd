"""The Calendar page's month: which day holds what, each week's totals, moving by month.

A month is shown as whole ISO weeks (Monday to Sunday), so its first and last rows hold
days of the months beside it; those are kept (dimmed on the page) and count in their
week's totals. Distances are in the runner's unit; fast km and HEL are the model's
(:func:`risk.model.load.hamstring_load`), so they match every other page.

Pure pandas (no Streamlit, no SQL), so it is tested directly; the page only lays it out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from risk import vocab
from risk.model import DEFAULT, Params, PlannedRun
from risk.model.indicator import BANDS
from risk.model.load import hamstring_load
from risk.views import injury_place
from risk.vocab import Units

#: Column headings of the grid (ISO weeks start on Monday).
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_TEXT: Final = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_RANK: Final = {b: i for i, b in enumerate(BANDS)}


# Months ----------------------------------------------------------------------------------
def month_of(day: dt.date) -> tuple[int, int]:
    """The (year, month) ``day`` falls in."""
    return day.year, day.month


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """The month ``months`` after (before, when negative) ``year``-``month``.

    >>> shift_month(2026, 12, 1), shift_month(2027, 1, -1), shift_month(2026, 11, -14)
    ((2027, 1), (2026, 12), (2025, 9))
    """
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_key(year: int, month: int) -> str:
    """A month as ``YYYY-MM`` (its query-parameter and picker value)."""
    return f"{year:04d}-{month:02d}"


def parse_month(text: object) -> tuple[int, int] | None:
    """``"2026-11"`` as (2026, 11); None for anything else (a hand-edited address).

    >>> parse_month("2026-11"), parse_month("2026-13"), parse_month("soon")
    ((2026, 11), None, None)
    """
    found = _MONTH_TEXT.match(text) if isinstance(text, str) else None
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not (1 <= month <= 12 and dt.MINYEAR < year < dt.MAXYEAR):
        return None
    return year, month


def month_title(year: int, month: int) -> str:
    """ "November 2026"."""
    return f"{dt.date(year, month, 1):%B} {year}"


def grid_dates(year: int, month: int) -> list[dt.date]:
    """Every day shown for a month: from the Monday on or before its first day to the
    Sunday on or after its last, so 28 to 42 days in whole ISO weeks."""
    first = dt.date(year, month, 1)
    last = dt.date(*shift_month(year, month, 1), 1) - dt.timedelta(days=1)
    start = first - dt.timedelta(days=first.weekday())
    end = last + dt.timedelta(days=6 - last.weekday())
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def month_options(entry_dates: list[dt.date], today: dt.date) -> list[str]:
    """The picker's months, newest first: from the earliest entry's month (or today's) to
    the latest of today's month and the last entry's (a plan ahead)."""
    first = min([today, *entry_dates])
    last = max([today, *entry_dates])
    out = []
    year, month = month_of(last)
    while (year, month) >= month_of(first):
        out.append(month_key(year, month))
        year, month = shift_month(year, month, -1)
    return out


def entry_dates(*frames: pd.DataFrame | None) -> list[dt.date]:
    """The first and last date of each frame that has rows (for the month picker)."""
    out: list[dt.date] = []
    for frame in frames:
        if frame is not None and len(frame):
            dates = pd.to_datetime(frame["date"])
            out += [dates.min().date(), dates.max().date()]
    return sorted(out)


# Days ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanLine:
    """A planned session on a day: short for its cell, in full (units named) for the
    day's details, with the planner's verdict (None for a past day)."""

    text: str
    verdict: str | None
    detail: str = ""


@dataclass(frozen=True)
class DayCell:
    """What one day of the grid holds; distances in the runner's unit."""

    date: dt.date
    in_month: bool
    is_today: bool
    #: The model's band (None before the first entry and after today).
    band: str | None = None
    km: float = 0.0
    fast_km: float = 0.0
    hel: float = 0.0
    runs: tuple[str, ...] = ()
    strength: int = 0
    #: Left and right hamstring soreness of the day's check-in (None: no check-in).
    soreness: tuple[int | None, int | None] | None = None
    injury: str | None = None
    planned: tuple[PlanLine, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing logged or planned on the day."""
        return not (self.runs or self.strength or self.soreness or self.injury or self.planned)


@dataclass(frozen=True)
class WeekTotals:
    """One ISO week's totals: running distance and fast km (runner's unit), hamstring
    load (HEL), strength sessions and the worst band of its days."""

    start: dt.date
    km: float
    fast_km: float
    hel: float
    strength: int
    peak_band: str | None


@dataclass(frozen=True)
class Week:
    """Seven days, Monday first, and their totals."""

    days: tuple[DayCell, ...]
    totals: WeekTotals


@dataclass(frozen=True)
class Month:
    """A month of the calendar: whole weeks and the unit it is shown in."""

    year: int
    month: int
    units: Units
    weeks: tuple[Week, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return month_title(self.year, self.month)

    @property
    def days(self) -> list[DayCell]:
        return [d for w in self.weeks for d in w.days]

    @property
    def empty(self) -> bool:
        """Nothing logged or planned on any day shown."""
        return all(d.empty for d in self.days)


def _on(frame: pd.DataFrame | None, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The rows of ``frame`` dated from ``start`` to ``end``, with ``day`` as a date."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["day"])
    dates = pd.to_datetime(frame["date"]).dt.date
    keep = (dates >= start) & (dates <= end)
    out = frame[keep].copy()
    out["day"] = dates[keep]
    return out


def on_day(frame: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The rows of ``frame`` (a store query's frame) dated ``day``."""
    if frame.empty:
        return frame
    return frame[pd.to_datetime(frame["date"]).dt.date == day]


def _return_day(value: Any) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def injuries_on(injuries: pd.DataFrame, day: dt.date, today: dt.date) -> pd.DataFrame:
    """The injuries a day's details show: those that started that day, came back that
    day, or were open on it (an injury with no return date is open up to today)."""
    if injuries.empty:
        return injuries
    keep = []
    for start_value, back_value in zip(injuries["date"], injuries["return_date"], strict=True):
        start, back = pd.Timestamp(start_value).date(), _return_day(back_value)
        end = back if back is not None else max(today, start)
        keep.append(start <= day <= end)
    return injuries[keep]


def _number(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(out) else out


def _int_or_none(value: Any) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else int(out)


def short_type(kind: str) -> str:
    """A run type as a cell reads it: "Intervals", "Cycling" (cross-training unprefixed)."""
    return vocab.label(vocab.ACTIVITY_TYPES, kind).removeprefix("Cross-training: ").capitalize()


def run_text(kind: str, km: float, fast_km: float, units: Units) -> str:
    """ "Intervals 10.0 · 2.1 fast": a run's type, distance and fast running, in ``units``.

    >>> run_text("intervals", 10.0, 2.1, "km"), run_text("easy", 16.09344, 0.0, "mi")
    ('Intervals 10.0 · 2.1 fast', 'Easy 10.0')
    """
    text = f"{short_type(kind)} {vocab.km_to(km, units):.1f}"
    if fast_km > 0.05:
        text += f" · {vocab.km_to(fast_km, units):.1f} fast"
    return text


def plan_text(
    kind: str, km: float, fast_km: float | None, units: Units, *, named: bool = False
) -> str:
    """ "Intervals 10.0 (4.0 fast)": a planned session in a cell, in ``units``; ``named``
    adds the unit ("Intervals 10.0 km (4.0 km fast)").

    >>> plan_text("intervals", 10.0, 4.0, "km"), plan_text("tempo", 8.0, None, "km", named=True)
    ('Intervals 10.0 (4.0 fast)', 'Tempo 8.0 km')
    """
    unit = f" {units}" if named else ""
    text = f"{short_type(kind)} {vocab.km_to(km, units):.1f}{unit}"
    if fast_km:
        text += f" ({vocab.km_to(fast_km, units):.1f}{unit} fast)"
    return text


def planned_to_judge(
    planned: pd.DataFrame | None, days: list[dt.date], today: dt.date
) -> dict[int, PlannedRun]:
    """The planned sessions among ``days`` the planner can judge (today or later), by id."""
    rows = _on(planned, max(days[0], today), days[-1]) if days else _on(None, today, today)
    out: dict[int, PlannedRun] = {}
    for _, row in rows.iterrows():
        fast = _number(row.get("fast_km")) or None
        strides = _int_or_none(row.get("strides"))
        out[int(row["id"])] = PlannedRun(
            row["day"], str(row["type"]), _number(row["distance_km"]), fast, strides
        )
    return out


def _injury_lines(
    injuries: pd.DataFrame | None, days: list[dt.date], today: dt.date
) -> dict[dt.date, str]:
    """Per day, its injury in words: the start ("Injury: left hamstring, 14 d" — days to
    the return, "open 9 d" while none is logged), "injured, day N" while it lasts (up to
    today), and "Back: left hamstring" on the return date."""
    out: dict[dt.date, str] = {}
    if injuries is None or injuries.empty or not days:
        return out
    first, last = days[0], days[-1]
    for _, row in injuries.sort_values("date").iterrows():
        start = pd.Timestamp(row["date"]).date()
        back_value = row.get("return_date")
        back = (
            None if back_value is None or pd.isna(back_value) else pd.Timestamp(back_value).date()
        )
        place = injury_place(row.get("site"), row.get("side"))
        end = back if back is not None else today
        length = (end - start).days
        span = f"{length} d" if back is not None else f"open {length + 1} d"
        if first <= start <= last:
            out[start] = f"Injury: {place}, {span}"
        stop = min(last, (back - dt.timedelta(days=1)) if back is not None else today)
        day = max(first, start + dt.timedelta(days=1))
        while day <= stop:
            out.setdefault(day, f"injured, day {(day - start).days + 1}")
            day += dt.timedelta(days=1)
        if back is not None and first <= back <= last:
            out.setdefault(back, f"Back: {place}")
    return out


def _bands(daily: pd.DataFrame | None, days: list[dt.date], today: dt.date) -> dict[dt.date, str]:
    if daily is None or daily.empty or not days:
        return {}
    index = pd.DatetimeIndex(daily.index)
    window = daily[(index >= pd.Timestamp(days[0])) & (index <= pd.Timestamp(min(days[-1], today)))]
    known = window[window["day"] >= 0]
    return {
        pd.Timestamp(d).date(): str(b)
        for d, b in zip(known.index, known["band"], strict=True)
        if isinstance(b, str) and b != "none"
    }


def peak_band(bands: list[str | None]) -> str | None:
    """The worst of ``bands`` (grey < rebuilding < green < amber < red < injured); None
    when no day has one.

    >>> peak_band([None, "green", "amber", "green"]), peak_band([None])
    ('amber', None)
    """
    known = [b for b in bands if b is not None]
    return max(known, key=lambda b: _RANK.get(b, -1)) if known else None


def week_totals(days: tuple[DayCell, ...] | list[DayCell]) -> WeekTotals:
    """The sums of a week's days (distance, fast km, HEL, strength sessions) and its
    worst band."""
    return WeekTotals(
        start=days[0].date,
        km=sum(d.km for d in days),
        fast_km=sum(d.fast_km for d in days),
        hel=sum(d.hel for d in days),
        strength=sum(d.strength for d in days),
        peak_band=peak_band([d.band for d in days]),
    )


def build_month(
    year: int,
    month: int,
    *,
    today: dt.date,
    units: Units,
    runs: pd.DataFrame | None = None,
    strength_sessions: pd.DataFrame | None = None,
    checkins: pd.DataFrame | None = None,
    injuries: pd.DataFrame | None = None,
    planned: pd.DataFrame | None = None,
    daily: pd.DataFrame | None = None,
    v_max_ms: float = 7.0,
    params: Params | None = None,
    verdicts: Mapping[int, str] | None = None,
) -> Month:
    """The month's grid: each day's band (from the model's ``daily`` frame), runs (type,
    distance and the model's fast km, in ``units``), strength sessions, check-in soreness,
    injury and planned sessions (with ``verdicts`` by planned id), and each week's totals.

    Frames are shaped like the store's queries; each may be missing. Running distance,
    fast km and HEL leave cross-training out, as the model does.
    """
    days = grid_dates(year, month)
    first, last = days[0], days[-1]
    verdicts = verdicts or {}

    shown_runs = _on(runs, first, last)
    per_day_runs: dict[dt.date, list[str]] = {}
    km: dict[dt.date, float] = {}
    fast: dict[dt.date, float] = {}
    hel: dict[dt.date, float] = {}
    if len(shown_runs):
        loads = hamstring_load(shown_runs, v_max_ms, params or DEFAULT)
        for (_, row), (_, load) in zip(shown_runs.iterrows(), loads.iterrows(), strict=True):
            day, dist = row["day"], _number(row["distance_km"])
            run_fast, run_hel = _number(load["fast_km"]), _number(load["hel"])
            per_day_runs.setdefault(day, []).append(
                run_text(str(row["type"]), dist, run_fast, units)
            )
            if not bool(load["cross"]):
                km[day] = km.get(day, 0.0) + vocab.km_to(dist, units)
                fast[day] = fast.get(day, 0.0) + vocab.km_to(run_fast, units)
                hel[day] = hel.get(day, 0.0) + run_hel

    strength = _on(strength_sessions, first, last)
    sessions = strength.groupby("day").size().to_dict() if len(strength) else {}
    soreness: dict[dt.date, tuple[int | None, int | None]] = {}
    for _, row in _on(checkins, first, last).iterrows():
        soreness[row["day"]] = (
            _int_or_none(row.get("soreness_left")),
            _int_or_none(row.get("soreness_right")),
        )
    plans: dict[dt.date, list[PlanLine]] = {}
    for _, row in _on(planned, first, last).iterrows():
        kind, dist, fast_km = (
            str(row["type"]),
            _number(row["distance_km"]),
            _number(row.get("fast_km")),
        )
        verdict = verdicts.get(int(row["id"])) if row["day"] >= today else None
        plans.setdefault(row["day"], []).append(
            PlanLine(
                plan_text(kind, dist, fast_km, units),
                verdict,
                plan_text(kind, dist, fast_km, units, named=True),
            )
        )
    hurt = _injury_lines(injuries, days, today)
    bands = _bands(daily, days, today)

    cells = [
        DayCell(
            date=d,
            in_month=d.month == month,
            is_today=d == today,
            band=bands.get(d),
            km=km.get(d, 0.0),
            fast_km=fast.get(d, 0.0),
            hel=hel.get(d, 0.0),
            runs=tuple(per_day_runs.get(d, ())),
            strength=int(sessions.get(d, 0)),
            soreness=soreness.get(d),
            injury=hurt.get(d),
            planned=tuple(plans.get(d, ())),
        )
        for d in days
    ]
    weeks = tuple(
        Week(tuple(cells[i : i + 7]), week_totals(cells[i : i + 7]))
        for i in range(0, len(cells), 7)
    )
    return Month(year, month, units, weeks)


# Words -----------------------------------------------------------------------------------
def soreness_text(soreness: tuple[int | None, int | None] | None) -> str:
    """ "Sore L3 R4" (a dash for a side not given); "" without a check-in.

    >>> soreness_text((3, None)), soreness_text(None)
    ('Sore L3 R–', '')
    """
    if soreness is None:
        return ""
    left, right = ("–" if s is None else str(s) for s in soreness)
    return f"Sore L{left} R{right}"


def compact_text(cell: DayCell) -> str:
    """A phone cell's one number: the day's running distance ("10.2"), "P" for a plan
    only, "S" for strength only, else ""."""
    if cell.km > 0:
        return f"{cell.km:.1f}" if cell.km < 100 else f"{cell.km:.0f}"
    if cell.runs:
        return "x"  # cross-training only
    if cell.planned:
        return "P"
    if cell.strength:
        return "S"
    return ""


def totals_text(totals: WeekTotals, units: Units) -> list[str]:
    """A week's totals as short lines: distance, fast, HEL, strength sessions."""
    return [
        f"{totals.km:.1f} {units}",
        f"{totals.fast_km:.1f} {units} fast",
        f"{totals.hel:.0f} HEL",
        f"{totals.strength} strength",
    ]


def day_title(day: dt.date) -> str:
    """ "Thursday 3 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"
