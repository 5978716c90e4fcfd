"""Which kinds of session came before the sorest days (risk.model.soreness)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from risk.model.soreness import before_sorest_days, sorest_days
from tests.model.helpers import day


def _daily(soreness: list[float | None]) -> pd.DataFrame:
    index = pd.DatetimeIndex([pd.Timestamp(day(i)) for i in range(len(soreness))], name="date")
    return pd.DataFrame(
        {"soreness_reported": np.array([np.nan if s is None else s for s in soreness])},
        index=index,
    )


def test_sorest_days_are_the_top_share_above_the_median() -> None:
    daily = _daily([1, 1, 1, 1, 1, 1, 1, 1, 6, None, 1, 8])
    assert list(sorest_days(daily["soreness_reported"], 0.2)) == [
        pd.Timestamp(day(8)),
        pd.Timestamp(day(11)),
    ]
    # A runner who always reports the same has no sorest day.
    assert len(sorest_days(_daily([2] * 10)["soreness_reported"])) == 0
    assert len(sorest_days(_daily([None] * 3)["soreness_reported"])) == 0


def test_kinds_before_the_sorest_days_against_all_days() -> None:
    # Ten checked-in days; sore on days 4 and 9.
    daily = _daily([1, 1, 1, 1, 7, 1, 1, 1, 1, 7])
    runs = pd.DataFrame(
        {
            "date": [pd.Timestamp(day(d)) for d in (2, 3, 8, 0)],
            "type": ["intervals", "easy", "intervals", "easy"],
        }
    )
    sets = pd.DataFrame({"date": [pd.Timestamp(day(5))], "exercise": ["nordic"]})
    table = before_sorest_days(daily, runs, sets, top_share=0.2).set_index("kind")
    # Intervals on 2 and 8 precede (same day or 2 before) days 2-4 and 8-9 ... and 10.
    assert table.loc["intervals", "sorest_days"] == 2
    assert table.loc["intervals", "share_sorest"] == 1.0
    assert table.loc["intervals", "share_all"] == pytest.approx(5 / 10)  # days 2,3,4,8,9
    assert table.loc["intervals", "lift"] == pytest.approx(2.0)
    # Easy on 0 and 3 covers days 0-2 and 3-5: sore day 4 only.
    assert table.loc["easy", "sorest_days"] == 1
    assert table.loc["easy", "share_all"] == pytest.approx(6 / 10)
    assert table.loc["strength:nordic", "sorest_days"] == 0
    assert table.index[0] == "intervals"


def test_no_sorest_day_gives_an_empty_table() -> None:
    table = before_sorest_days(_daily([1] * 5), None, None)
    assert table.empty
    assert list(table.columns) == ["kind", "sorest_days", "share_sorest", "share_all", "lift"]
