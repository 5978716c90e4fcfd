"""Small builders of model inputs for the model tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from risk.model import Profile

START = dt.date(2026, 1, 5)  # a Monday
PROFILE = Profile(v_max_ms=8.0, body_mass_kg=80.0)


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def runs(*rows: dict[str, Any]) -> pd.DataFrame:
    """Run rows; ``day`` offsets become dates, missing columns are left out."""
    records = [{**{k: v for k, v in r.items() if k != "day"}, "date": day(r["day"])} for r in rows]
    return pd.DataFrame.from_records(records)


def easy_days(first: int, last: int, km: float = 10.0, kind: str = "easy") -> list[dict[str, Any]]:
    return [{"day": d, "type": kind, "distance_km": km} for d in range(first, last + 1)]


def sets(*rows: dict[str, Any]) -> pd.DataFrame:
    records = [
        {
            "load_kg": 0.0,
            "assisted": False,
            **{k: v for k, v in r.items() if k != "day"},
            "date": day(r["day"]),
        }
        for r in rows
    ]
    return pd.DataFrame.from_records(
        records, columns=["date", "exercise", "sets", "reps", "load_kg", "assisted"]
    )


def nordics(days: range, reps: int = 5, n_sets: int = 3) -> list[dict[str, Any]]:
    return [{"day": d, "exercise": "nordic", "sets": n_sets, "reps": reps} for d in days]


def checkins(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        [{"date": day(d), "soreness_left": v, "soreness_right": 0} for d, v in values.items()],
        columns=["date", "soreness_left", "soreness_right"],
    )
