"""A small synthetic runner assessed by the model, for the chart and view tests."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from risk.model import Assessment, assess
from tests.model.helpers import PROFILE, START, checkins, day, easy_days, nordics, runs, sets

#: The day the synthetic runner is assessed on (day 62 of the log).
ON = day(62)


@pytest.fixture(scope="module")
def log() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Nine weeks: easy 10 km days, intervals in week 7, then a spike week of intervals;
    Nordics twice a week until day 40; check-ins every day with soreness after the spike."""
    plain = easy_days(0, 48)
    speed = [
        {"day": d, "type": "intervals", "distance_km": 12.0, "fast_km": 5.0}
        for d in (49, 51, 53, 55, 57)
    ]
    tail = easy_days(58, 62)
    r = runs(*plain, *speed, *tail)
    s = sets(*nordics(range(0, 41, 3)))
    soreness = {d: 1.0 for d in range(63)}
    soreness.update({50: 5.0, 52: 6.0, 54: 7.0, 56: 6.0, 58: 5.0})
    return r, s, checkins(soreness)


@pytest.fixture(scope="module")
def result(log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> Assessment:
    r, s, c = log
    return assess(r, s, c, PROFILE, on=ON, start=START - dt.timedelta(days=3))
