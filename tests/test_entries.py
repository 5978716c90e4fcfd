"""risk.entries: the likely-duplicate question and the tables that read, on known values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from risk import entries

DAY = dt.date(2026, 11, 29)


def _runs(*rows: tuple[dt.date, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": [pd.Timestamp(d) for d, _, _ in rows],
            "type": [t for _, t, _ in rows],
            "distance_km": [km for _, _, km in rows],
        }
    )


@pytest.mark.parametrize("km", [9.7, 10.0, 10.3])
def test_a_run_within_3_percent_that_day_is_a_likely_duplicate(km: float) -> None:
    question = entries.likely_duplicate(_runs((DAY, "easy", 10.0)), DAY, km, "easy", "km")
    assert question == (
        "You already logged an easy run of 10.0 km on 2026-11-29, the same type. "
        "Is this the same run logged twice?"
    )


@pytest.mark.parametrize("km", [9.6, 10.4])
def test_a_run_more_than_3_percent_longer_or_shorter_is_not(km: float) -> None:
    assert entries.likely_duplicate(_runs((DAY, "easy", 10.0)), DAY, km, "easy", "km") is None


def test_a_run_of_the_same_length_on_another_day_is_not() -> None:
    runs = _runs((DAY - dt.timedelta(days=1), "easy", 10.0))
    assert entries.likely_duplicate(runs, DAY, 10.0, "easy", "km") is None


def test_the_question_names_another_type_in_the_runners_unit() -> None:
    question = entries.likely_duplicate(_runs((DAY, "easy", 16.09344)), DAY, 16.1, "tempo", "mi")
    assert question is not None
    assert "an easy run of 10.0 mi" in question
    assert "a different type from this tempo run" in question


def test_no_runs_no_question() -> None:
    assert entries.likely_duplicate(_runs(), DAY, 10.0, "easy", "km") is None


def test_average_pace_is_blank_without_a_duration() -> None:
    runs = pd.DataFrame({"duration_min": [50.0, None], "distance_km": [10.0, 8.0]})
    pace = entries.average_pace(runs)
    assert pace.iloc[0] == 300.0
    assert pd.isna(pace.iloc[1])


def test_latest_runs_read_newest_first() -> None:
    runs = pd.DataFrame(
        {
            "id": [1, 2],
            "date": [pd.Timestamp("2026-11-28"), pd.Timestamp("2026-11-29")],
            "type": ["long", "easy"],
            "distance_km": [16.09344, 8.0],
            "duration_min": [80.0, None],
            "rpe": [6, None],
        }
    )
    table = entries.latest_runs(runs, "mi")
    assert list(table["Date"]) == ["2026-11-29", "2026-11-28"]
    assert list(table["Distance (mi)"]) == [4.97, 10.0]
    assert list(table["Duration"]) == ["", "1:20:00"]
    assert list(table["Pace"]) == ["", "8:00/mi"]
    assert table["RPE"].isna().tolist() == [True, False]
