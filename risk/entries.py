"""What the Log and History pages show of logged runs: a likely duplicate before a run is
saved, each run's average pace, and the latest runs as a table that reads.

Pure pandas (no Streamlit, no SQL), so it is tested directly; pages only lay it out.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Final

import pandas as pd

from risk import formats, vocab
from risk.vocab import Units

#: Two runs on one day whose distances differ by at most this share are likely one run
#: logged twice (a form saved again, or a run typed in and then imported).
DUPLICATE_SHARE: Final = 0.03


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def likely_duplicate(
    runs: pd.DataFrame, day: dt.date, distance_km: float, run_type: str, units: Units
) -> str | None:
    """What to ask before saving a run of ``distance_km`` on ``day`` when ``runs`` (date,
    type, distance_km) already hold one that day within :data:`DUPLICATE_SHARE` of its
    distance, of the same type or not (the question says which); None when there is none.

    >>> runs = pd.DataFrame({"date": [pd.Timestamp("2026-11-29")], "type": ["easy"],
    ...                      "distance_km": [10.0]})
    >>> likely_duplicate(runs, dt.date(2026, 11, 29), 10.2, "easy", "km")[:44]
    'You already logged an easy run of 10.0 km on'
    """
    if runs.empty or distance_km is None or distance_km <= 0:
        return None
    same_day = runs[pd.to_datetime(runs["date"]).dt.date == day]
    for _, row in same_day.iterrows():
        other = float(row["distance_km"])
        if abs(other - distance_km) > DUPLICATE_SHARE * max(other, distance_km) + 1e-9:
            continue
        kind = vocab.label(vocab.ACTIVITY_TYPES, row["type"]).lower()
        article = "an" if kind[:1] in "aeiou" else "a"
        said = (
            f"You already logged {article} {kind} run of "
            f"{formats.readable_distance(other, units)} on {day.isoformat()}"
        )
        if row["type"] == run_type:
            return f"{said}, the same type. Is this the same run logged twice?"
        this = vocab.label(vocab.ACTIVITY_TYPES, run_type).lower()
        return (
            f"{said}: a different type from this {this} run, but about as long. "
            "Is this the same run logged twice?"
        )
    return None


def average_pace(runs: pd.DataFrame) -> pd.Series:
    """Each run's average pace in seconds per km (NaN without a duration or distance)."""
    minutes = pd.to_numeric(runs["duration_min"], errors="coerce").astype("float64")
    km = pd.to_numeric(runs["distance_km"], errors="coerce").astype("float64")
    return (minutes * 60.0 / km.where(km > 0)).astype("float64")


def clock_or_blank(minutes: Any) -> str:
    """A duration in minutes as ``h:mm:ss`` (``mm:ss`` under an hour); blank if missing."""
    return "" if _missing(minutes) else formats.format_clock(float(minutes) * 60.0)


def pace_or_blank(s_per_km: Any, units: Units) -> str:
    """A pace per the runner's unit (``"5:00/km"``); blank if missing."""
    return "" if _missing(s_per_km) else formats.format_pace(float(s_per_km), units)


def latest_runs(runs: pd.DataFrame, units: Units, n: int = 5) -> pd.DataFrame:
    """The last ``n`` runs, newest first, to read: date (YYYY-MM-DD), type, distance in the
    runner's unit, duration (h:mm:ss), average pace and RPE, blank where not logged."""
    if runs.empty:
        return pd.DataFrame(columns=["Date", "Type", f"Distance ({units})", "Duration", "Pace"])
    last = runs.sort_values(["date", "id"]).tail(n).iloc[::-1]
    pace = average_pace(last)
    return pd.DataFrame(
        {
            "Date": pd.to_datetime(last["date"]).dt.strftime("%Y-%m-%d"),
            "Type": last["type"].map(lambda k: vocab.label(vocab.ACTIVITY_TYPES, k)),
            f"Distance ({units})": last["distance_km"].map(
                lambda km: round(vocab.km_to(km, units), 2)
            ),
            "Duration": last["duration_min"].map(clock_or_blank),
            "Pace": pace.map(lambda p: pace_or_blank(p, units)),
            "RPE": pd.to_numeric(last["rpe"], errors="coerce").astype("Int64"),
        }
    ).reset_index(drop=True)
