"""Injuries on the daily calendar: open, returning, lay-off (risk.model.injury)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk.model import DEFAULT, InvalidParams, Params, assess, daily_frame
from risk.model.daily import cell
from risk.model.injury import (
    DAILY_COLUMNS,
    injuries_frame,
    injury_columns,
    layoff_on,
    with_injuries,
)
from risk.model.params import GROUPS, describe
from tests.model.helpers import PROFILE, day, easy_days, runs

DAYS = pd.date_range(day(0), day(69), freq="D")


def injuries(*rows: dict[str, Any]) -> pd.DataFrame:
    """Injury rows; ``day`` and ``back`` are offsets from the helpers' START."""
    return pd.DataFrame.from_records(
        [
            {
                "date": pd.Timestamp(day(r["day"])),
                "return_date": pd.Timestamp(day(r["back"])) if r.get("back") is not None else None,
                "site": r.get("site", "hamstring"),
                "side": r.get("side", "left"),
                "severity": r.get("severity", "moderate"),
            }
            for r in rows
        ]
    )


def frame(inj: pd.DataFrame | None, params: Params = DEFAULT) -> pd.DataFrame:
    return pd.DataFrame(injury_columns(DAYS, inj, params), index=DAYS)


def on(cols: pd.DataFrame, offset: int) -> pd.Series:
    return cols.iloc[offset]


def test_no_injuries_mark_nothing() -> None:
    for inj in (None, injuries()):
        cols = frame(inj)
        assert list(cols.columns) == list(DAILY_COLUMNS)
        assert not cols[["injured", "returning", "layoff"]].to_numpy().any()
        assert cols["injury_since"].isna().all()


def test_an_open_injury_runs_from_its_date_to_the_end() -> None:
    cols = frame(injuries({"day": 20, "site": "calf", "side": "right"}))
    assert not cols["injured"].iloc[:20].any()
    assert cols["injured"].iloc[20:].all()
    assert (cols["layoff"] == cols["injured"]).all()
    assert not cols["returning"].any()
    today = on(cols, 40)
    assert (today["injury_site"], today["injury_side"]) == ("calf", "right")
    assert today["injury_since"] == pd.Timestamp(day(20))
    assert pd.isna(on(cols, 19)["injury_since"])


def test_a_returned_injury_is_open_until_the_day_before_the_return() -> None:
    cols = frame(injuries({"day": 10, "back": 24}))
    assert list(np.flatnonzero(cols["injured"])) == list(range(10, 24))
    assert list(np.flatnonzero(cols["layoff"])) == list(range(10, 24))
    back = on(cols, 24)
    assert not back["injured"] and back["returning"]
    assert pd.isna(back["injury_since"])
    assert back["injury_back"] == pd.Timestamp(day(24))
    assert back["injury_site"] == "hamstring"


def test_returning_lasts_return_weeks_from_the_return_day() -> None:
    for weeks in (1, 3, 6):
        cols = frame(injuries({"day": 5, "back": 12}), Params(return_weeks=weeks))
        assert list(np.flatnonzero(cols["returning"])) == list(range(12, 12 + 7 * weeks))
        assert pd.isna(on(cols, 12 + 7 * weeks)["injury_site"])


def test_a_return_on_the_injury_day_has_no_lay_off() -> None:
    cols = frame(injuries({"day": 30, "back": 30, "severity": "mild"}))
    assert not cols["injured"].any() and not cols["layoff"].any()
    assert cols["returning"].iloc[30 : 30 + 21].all()


def test_several_injuries_the_latest_open_one_speaks() -> None:
    cols = frame(
        injuries(
            {"day": 5, "back": 15, "site": "calf"},
            {"day": 20, "site": "knee", "side": "both"},
            {"day": 25, "back": 35, "site": "achilles", "side": "right"},
        )
    )
    assert list(np.flatnonzero(cols["injured"])) == [*range(5, 15), *range(20, 70)]
    assert cols["returning"].iloc[15:20].all()
    assert not cols["returning"].iloc[20:].any()  # still injured (the knee) after day 35
    assert on(cols, 17)["injury_site"] == "calf"
    assert (on(cols, 27)["injury_site"], on(cols, 27)["injury_since"]) == (
        "achilles",
        pd.Timestamp(day(25)),
    )
    assert (on(cols, 40)["injury_site"], on(cols, 40)["injury_since"]) == (
        "knee",
        pd.Timestamp(day(20)),
    )


def test_overlapping_lay_offs_join() -> None:
    inj = injuries({"day": 5, "back": 15}, {"day": 12, "back": 20})
    assert list(np.flatnonzero(layoff_on(DAYS, injuries_frame(inj)))) == list(range(5, 20))


def test_missing_site_reads_as_hamstring_and_rows_without_a_date_are_skipped() -> None:
    inj = pd.DataFrame(
        {
            "date": [pd.Timestamp(day(3)), pd.NaT],
            "return_date": [pd.NaT, pd.NaT],
            "side": ["left", "right"],
            "severity": ["mild", "mild"],
        }
    )
    cols = frame(inj)
    assert on(cols, 4)["injury_site"] == "hamstring"
    assert cols["injured"].sum() == 70 - 3


@st.composite
def injury_rows(draw: st.DrawFn) -> pd.DataFrame:
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(-20, 80))
        back = draw(st.none() | st.integers(start, start + 60))
        rows.append({"day": start, "back": back})
    return injuries(*rows) if rows else injuries()


@settings(max_examples=80, deadline=None)
@given(injury_rows(), st.integers(1, 12))
def test_lay_off_lies_between_each_date_and_its_return(inj: pd.DataFrame, weeks: int) -> None:
    """Every lay-off day is on or after some injury's date and before its return (or that
    injury is open); injured and returning never overlap; every open day is lay-off."""
    cols = frame(inj, Params(return_weeks=weeks))
    x = DAYS.to_numpy()
    within = np.zeros(len(x), bool)
    for date, back in zip(inj.get("date", []), inj.get("return_date", []), strict=True):
        stop = np.datetime64("2262-01-01") if pd.isna(back) else np.datetime64(back)
        within |= (x >= np.datetime64(date)) & (x < stop)
    layoff = cols["layoff"].to_numpy(bool)
    assert not (layoff & ~within).any()  # layoff ⊆ days between date and return
    assert (layoff == within).all()
    assert not (cols["injured"] & cols["returning"]).any()
    assert cols["injury_since"].notna().eq(cols["injured"]).all()
    assert cols["injury_back"].notna().eq(cols["returning"]).all()


def test_the_daily_frame_carries_the_injury_columns() -> None:
    log = runs(*easy_days(0, 40))
    inj = injuries({"day": 30, "site": "hamstring", "side": "left"})
    daily, _ = daily_frame(log, None, None, PROFILE, end=day(45), injuries=inj)
    assert set(DAILY_COLUMNS) <= set(daily.columns)
    assert daily.loc[pd.Timestamp(day(35)), "injured"]
    assert daily.loc[pd.Timestamp(day(35)), "injury_since"] == pd.Timestamp(day(30))
    without, _ = daily_frame(log, None, None, PROFILE, end=day(45))
    assert not without["injured"].any()
    # Injuries change no load or ratio; they change the band and the usual baselines.
    loads = ["hel_run", "acute", "chronic", "acwr", "capacity", "ratio"]
    pd.testing.assert_frame_equal(daily[loads], without[loads])
    assert (daily.loc[pd.Timestamp(day(31)) :, "band"] == "injured").all()
    assert not (without["band"] == "injured").any()


def test_lay_off_weeks_are_left_out_of_the_usual_fast_running() -> None:
    rows = easy_days(0, 69)
    for d in range(0, 70, 7):
        rows[d] = {"day": d, "type": "intervals", "distance_km": 10.0, "fast_km": 3.0}
    log = runs(*[r for r in rows if not 42 <= int(r["day"]) < 56])  # two weeks off, injured
    inj = injuries({"day": 42, "back": 56})
    with_layoff, _ = daily_frame(log, None, None, PROFILE, injuries=inj)
    plain, _ = daily_frame(log, None, None, PROFILE)
    on = pd.Timestamp(day(63))
    assert cell(with_layoff, on, "fast_usual") == pytest.approx(3.0)  # the weeks before it
    assert cell(plain, on, "fast_usual") < 3.0  # the empty lay-off weeks drag it down


def test_an_open_injury_is_no_good_day_for_any_speed_session() -> None:
    from risk.model import PlannedRun, plan_session

    log = runs(*easy_days(0, 40))
    inj = injuries({"day": 38})
    answer = plan_session(
        log,
        None,
        None,
        PROFILE,
        PlannedRun(day(41), "intervals", 6.0, 1.0),
        today=day(40),
        injuries=inj,
    )
    assert answer.band_on_day == "injured"
    assert answer.earliest_good_day is None and not answer.good_on_day
    assert answer.max_distance_km is None


def test_assess_passes_injuries_through() -> None:
    log = runs(*easy_days(0, 40))
    inj = injuries({"day": 30, "back": 38, "site": "calf"})
    result = assess(log, None, None, PROFILE, on=day(40), injuries=inj)
    row = result.daily.loc[pd.Timestamp(day(40))]
    assert row["returning"] and not row["injured"] and row["injury_site"] == "calf"
    assert result.daily["layoff"].sum() == 8


def test_with_injuries_sets_the_columns_of_a_frame_made_without() -> None:
    daily, _ = daily_frame(runs(*easy_days(0, 20)), None, None, PROFILE)
    marked = with_injuries(daily, injuries({"day": 15}))
    assert marked["injured"].sum() == 6
    assert with_injuries(pd.DataFrame(), injuries({"day": 1})).empty


@pytest.mark.parametrize("weeks", [0, 13, 2.5])
def test_return_weeks_is_a_validated_setting(weeks: float) -> None:
    with pytest.raises(InvalidParams, match="return_weeks"):
        Params().with_overrides({"return_weeks": weeks})


def test_return_weeks_is_in_the_injuries_group_with_a_source() -> None:
    assert GROUPS["Injuries"] == ("return_weeks",)
    info = next(i for i in describe(DEFAULT) if i.name == "return_weeks")
    assert info.group == "Injuries" and "Erickson" in info.source
    assert (info.default, info.min, info.max) == (3, 1, 12)


def test_injuries_do_not_read_the_clock() -> None:
    """An open injury is open to the end of the calendar it is given, whatever today is."""
    later = pd.date_range(dt.date(2040, 1, 1), periods=3)
    cols = injury_columns(later, injuries({"day": 0}))
    assert cols["injured"].all()
