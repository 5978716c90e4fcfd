"""The array layer under the model: each fast helper against the pandas it replaced."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk.model import assess, columns, ratios
from risk.model.daily import daily_frame
from risk.model.indicator import _median_known
from risk.model.strength import _window_max
from tests.model.helpers import PROFILE

SETTINGS = settings(max_examples=80, deadline=None)
loads = st.lists(
    st.one_of(st.none(), st.floats(0.0, 80.0, allow_nan=False)), min_size=0, max_size=60
).map(lambda xs: np.array([np.nan if x is None else x for x in xs], dtype=float))


def test_a_table_reads_arrow_strings_numbers_flags_and_absent_columns() -> None:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series(["2026-01-05", None, "2026-01-07"])),
            "type": pd.array(["easy", None, "tempo"], dtype="str"),
            "reps": pd.array([5, None, 3], dtype="Int64"),
            "load_kg": ["20", "x", None],
            "assisted": [True, None, False],
        }
    )
    table = columns.Table(frame)
    assert table.labels("type").equals("easy").tolist() == [True, False, False]
    assert table.labels("type").isin({"easy", "tempo"}).tolist() == [True, False, True]
    np.testing.assert_array_equal(table.numbers("reps"), [5.0, np.nan, 3.0])
    np.testing.assert_array_equal(table.numbers("load_kg"), [20.0, np.nan, np.nan])
    assert list(table.flags("assisted")) == [True, False, False]
    assert np.isnat(table.days()[1]) and table.days()[2] == np.datetime64("2026-01-07")
    assert np.isnan(table.numbers("rpe")).all()
    assert table.labels("exercise").lookup({"nordic": 1.0}, 0.5).tolist() == [0.5] * 3
    assert not table.has("rpe") and table.has("type")


def test_a_stacked_table_is_the_concat_and_a_take_keeps_the_rows_asked_for() -> None:
    runs = pd.DataFrame(
        {"date": pd.to_datetime(["2026-01-01", "2026-01-02"]), "distance_km": [5.0, 8.0]}
    )
    planned = pd.DataFrame(
        {"date": [dt.date(2026, 1, 4)], "distance_km": [10.0], "fast_km": [None]}
    )
    table = columns.Table.stacked(runs, planned)
    assert len(table) == 3
    np.testing.assert_array_equal(table.numbers("distance_km"), [5.0, 8.0, 10.0])
    np.testing.assert_array_equal(table.numbers("fast_km"), [np.nan, np.nan, np.nan])
    assert list(table.days()) == list(
        np.array(["2026-01-01", "2026-01-02", "2026-01-04"], dtype="datetime64[D]")
    )
    kept = table.take(np.array([True, False, True])).take(np.array([False, True]))
    assert len(kept) == 1 and kept.numbers("distance_km").tolist() == [10.0]


def test_labels_treat_missing_values_as_absent_across_stacked_frames() -> None:
    first = pd.DataFrame({"type": pd.array(["easy", None, "tempo"], dtype="str")})
    second = pd.DataFrame({"type": ["swim", "easy", None]})  # object strings
    labels = columns.Table.stacked(first, second, pd.DataFrame({"x": [1]})).labels("type")
    assert labels.isin({"easy", "swim"}).tolist() == [True, False, False, True, True, False, False]
    np.testing.assert_array_equal(
        labels.lookup({"easy": 1.0, "tempo": 2.0}, -1.0), [1.0, -1.0, 2.0, -1.0, 1.0, -1.0, -1.0]
    )
    kept = columns.Table.stacked(first, second)
    kept.labels("type")  # factorized before the rows are taken
    taken = kept.take(np.array([1, 0, 1, 1, 0, 0], bool))  # easy, tempo, swim
    assert taken.labels("type").equals("tempo").tolist() == [False, True, False]
    assert columns.Labels.constant(2, None).isin({None}).tolist() == [False, False]


def test_the_daily_frame_of_a_table_is_the_daily_frame_of_its_frame() -> None:
    runs = pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=30, freq="2D"),
            "type": ["easy", "intervals", "tempo"] * 10,
            "distance_km": np.linspace(4, 16, 30),
            "duration_min": np.linspace(25, 90, 30),
        }
    )
    a, _ = daily_frame(runs, None, None, PROFILE)
    b, _ = daily_frame(columns.Table(runs), None, None, PROFILE)
    pd.testing.assert_frame_equal(a, b)


@SETTINGS
@given(loads, st.integers(1, 10))
def test_monotony_and_strain_match_pandas_rolling(values: np.ndarray, window: int) -> None:
    """Foster's monotony and strain from sliding windows, as pandas' rolling computes them."""
    cap = 10.0
    series = pd.Series(values)
    mean = series.rolling(window).mean().to_numpy()
    sd = series.rolling(window).std(ddof=0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        mono = np.where(sd > 1e-9 * np.maximum(1.0, np.abs(mean)), mean / sd, cap)
    mono = np.where(mean <= 0, 0.0, np.minimum(mono, cap))
    mono = np.where(np.isnan(mean), np.nan, mono)
    strain = series.rolling(window).sum().to_numpy() * mono
    got_mono, got_strain = ratios.monotony_and_strain(values, window, cap)
    np.testing.assert_allclose(got_mono, mono, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(got_strain, strain, rtol=1e-6, atol=1e-6)


@SETTINGS
@given(loads, st.integers(1, 40), st.integers(1, 10))
def test_the_ewma_matches_pandas_ewm_with_the_seed_prepended(
    values: np.ndarray, n: int, seed_days: int
) -> None:
    known = np.flatnonzero(~np.isnan(values))
    expected = np.full(len(values), np.nan)
    if known.size:
        rest = pd.Series(values[known[0] :]).fillna(0.0)
        seeded = pd.concat([pd.Series([rest.iloc[:seed_days].mean()]), rest])
        smoothed = seeded.ewm(alpha=2 / (n + 1), adjust=False).mean().to_numpy()[1:]
        expected[known[0] :] = smoothed
    np.testing.assert_allclose(ratios.ewma_values(values, n, seed_days), expected, rtol=1e-12)


@SETTINGS
@given(loads, st.integers(1, 30))
def test_the_window_max_matches_pandas_rolling_max(values: np.ndarray, window: int) -> None:
    expected = pd.Series(values).rolling(window, min_periods=1).max().to_numpy()
    np.testing.assert_array_equal(_window_max(values, window), expected)


@SETTINGS
@given(st.lists(loads.filter(lambda a: len(a) >= 4).map(lambda a: a[:4]), max_size=20))
def test_the_median_of_known_values_matches_nanmedian(rows: list[np.ndarray]) -> None:
    blocks = np.array(rows, dtype=float).reshape(len(rows), 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows
        expected = np.nanmedian(blocks, axis=1) if len(rows) else np.empty(0)
    np.testing.assert_array_equal(_median_known(blocks), expected)


@pytest.mark.parametrize("bad", [["2026-01-01T10:00"], ["not a date"]])
def test_dates_that_are_not_plain_dates_still_parse_or_fail_as_pandas_does(
    bad: list[str],
) -> None:
    frame = pd.DataFrame({"date": pd.Series(bad, dtype=object)})
    try:
        expected = pd.to_datetime(frame["date"]).to_numpy().astype("datetime64[D]")
    except (ValueError, TypeError) as error:
        with pytest.raises(type(error)):
            columns.days(frame)
    else:
        np.testing.assert_array_equal(columns.days(frame), expected)


def test_runs_without_a_type_column_take_their_speed_from_rpe_as_runs_of_no_type() -> None:
    """A log with no type column reads like one whose types are all missing."""
    days = pd.date_range("2026-01-01", periods=10)
    bare = pd.DataFrame({"date": days, "distance_km": 10.0, "rpe": 8})
    typed = bare.assign(type=None)
    a, _ = daily_frame(bare, None, None, PROFILE)
    b, _ = daily_frame(typed, None, None, PROFILE)
    pd.testing.assert_frame_equal(a, b)
    easy, _ = daily_frame(bare.assign(type="easy"), None, None, PROFILE)
    assert a["hel_run"].iloc[0] > easy["hel_run"].iloc[0]  # RPE 8 is faster than easy


def test_a_missing_date_does_not_cut_the_calendar_short() -> None:
    runs = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series(["2026-01-01", None, "2026-02-01"])),
            "type": "easy",
            "distance_km": 8.0,
        }
    )
    result = assess(runs, None, None, PROFILE, on=dt.date(2026, 1, 10))
    assert result.daily.index[-1] == pd.Timestamp("2026-02-01")


def test_strength_sessions_are_counted_by_any_kind_of_session_id() -> None:
    day = pd.Timestamp("2026-01-05")
    sets = pd.DataFrame(
        {
            "date": [day, day, day],
            "session_id": ["a", "a", "b"],
            "exercise": "nordic",
            "sets": 3,
            "reps": 5,
            "load_kg": 0.0,
            "assisted": False,
        }
    )
    weekly = assess(None, sets, None, PROFILE, on=day.date()).weekly
    assert weekly["strength_sessions"].sum() == 2


def test_time_zone_aware_dates_fall_on_the_local_day() -> None:
    frame = pd.DataFrame(
        {"date": pd.to_datetime(["2026-01-01 23:30"]).tz_localize("America/New_York")}
    )
    assert columns.days(frame)[0] == np.datetime64("2026-01-01")


def test_a_log_without_a_date_column_is_refused() -> None:
    with pytest.raises(KeyError):
        daily_frame(pd.DataFrame({"distance_km": [5.0]}), None, None, PROFILE)
