"""The model is causal: a day's row depends only on what was logged on or before it.

The roster (``risk/roster.py``) relies on this to read today's verdict and the band of
each planned session from one projection with the week's plan counted as done.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from risk.model.daily import daily_frame
from tests.model.helpers import PROFILE, checkins, day, easy_days, nordics, runs, sets


def _log() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rows = easy_days(0, 90, km=8.0)
    for d in range(3, 91, 7):
        rows[d] = {"day": d, "type": "intervals", "distance_km": 10.0, "fast_km": 3.0}
    return (
        runs(*rows),
        sets(*nordics(range(1, 91, 4))),
        checkins({d: (d * 7) % 5 for d in range(0, 91, 2)}),
    )


@settings(max_examples=25, deadline=None)
@given(
    cut=st.integers(min_value=20, max_value=85),
    ahead=st.integers(min_value=1, max_value=6),
    km=st.floats(min_value=1.0, max_value=40.0),
    fast=st.floats(min_value=0.0, max_value=1.0),
)
def test_a_later_run_never_changes_an_earlier_day(
    cut: int, ahead: int, km: float, fast: float
) -> None:
    log, strength, checks = _log()
    until = pd.Timestamp(day(cut))
    past = log[pd.to_datetime(log["date"]) <= until]
    extra = pd.DataFrame(
        [
            {
                "date": day(cut + ahead),
                "type": "intervals",
                "distance_km": km,
                "fast_km": km * fast,
            }
        ]
    )
    kept_sets = strength[pd.to_datetime(strength["date"]) <= until]
    kept_checks = checks[pd.to_datetime(checks["date"]) <= until]
    end = day(cut) + dt.timedelta(days=ahead + 2)
    without, _ = daily_frame(past, kept_sets, kept_checks, PROFILE, end=end, fit_until=day(cut))
    with_run, _ = daily_frame(
        pd.concat([past, extra], ignore_index=True),
        kept_sets,
        kept_checks,
        PROFILE,
        end=end,
        fit_until=day(cut),
    )
    upto = without.index <= until
    pd.testing.assert_frame_equal(without[upto], with_run[upto])
    # ...and the run does change its own day, so the comparison can fail.
    later = pd.Timestamp(day(cut + ahead))
    assert float(with_run["hel"][later]) > float(without["hel"][later])
