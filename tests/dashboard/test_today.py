"""risk.today: the Today page's numbers in lines and the morning check-in's helpers."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from risk import today
from risk.model import Assessment
from tests.dashboard.conftest import ON

DAY = dt.date(2026, 11, 29)


def _checkins(*rows: tuple[dt.date, int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([r[0] for r in rows]),
            "soreness_left": pd.array([r[1] for r in rows], dtype="Int64"),
            "soreness_right": pd.array([r[2] for r in rows], dtype="Int64"),
        }
    )


def test_the_numbers_put_the_raw_loads_beside_every_ratio(result: Assessment) -> None:
    row = result.daily.loc[pd.Timestamp(ON)]
    week = result.daily.loc[pd.Timestamp(ON) - pd.Timedelta(days=6) : pd.Timestamp(ON)]
    ratio, totals, soreness = today.numbers(result.daily, ON, "km")
    assert ratio == (
        f"**Load ÷ capacity {row['ratio']:.2f}**: acute {row['acute']:.1f} vs chronic "
        f"{row['chronic']:.1f} HEL a day = ACWR {row['acwr']:.2f}, ÷ capacity "
        f"{row['capacity']:.2f}"
    )
    assert totals == (
        f"**Last 7 days**: {week['hel_run'].sum():.1f} HEL · {week['km'].sum():.1f} km · "
        f"{week['fast_km'].sum():.1f} km fast"
    )
    assert soreness == (
        f"**Soreness**: reported {row['soreness_reported']:.0f}/10 · predicted "
        f"{row['soreness_predicted']:.1f}/10"
    )


def test_the_numbers_follow_miles(result: Assessment) -> None:
    assert " mi · " in today.numbers(result.daily, ON, "mi")[1]


def test_the_numbers_before_the_log_are_unknown(result: Assessment) -> None:
    ratio, _, soreness = today.numbers(result.daily, dt.date(2000, 1, 1), "km")
    assert ratio.startswith("**Load ÷ capacity –**: acute – vs chronic –")
    assert soreness == "**Soreness**: reported –/10 · predicted –/10"


def test_the_check_in_starts_at_yesterdays_soreness() -> None:
    checkins = _checkins((DAY - dt.timedelta(days=2), 6, 6), (DAY - dt.timedelta(days=1), 2, 4))
    assert today.checkin_defaults(checkins, DAY) == {"soreness_left": 2, "soreness_right": 4}


def test_an_older_check_in_is_not_carried_over() -> None:
    checkins = _checkins((DAY - dt.timedelta(days=2), 6, 6))
    assert today.checkin_defaults(checkins, DAY) == {"soreness_left": 0, "soreness_right": 0}
    assert today.checkin_defaults(_checkins(), DAY) == {"soreness_left": 0, "soreness_right": 0}


def test_checkin_on_finds_the_days_check_in() -> None:
    checkins = _checkins((DAY - dt.timedelta(days=1), 2, 4), (DAY, 1, 0))
    found = today.checkin_on(checkins, DAY)
    assert found is not None
    assert (found["soreness_left"], found["soreness_right"]) == (1, 0)
    assert today.checkin_on(checkins, DAY + dt.timedelta(days=1)) is None


def test_the_summary_lists_only_what_was_logged() -> None:
    assert today.checkin_summary({"soreness_left": 3, "soreness_right": 0}) == (
        "left 3/10, right 0/10"
    )
    full = {"soreness_left": 3, "soreness_right": 1, "sleep": 2, "fatigue": None,
            "mood": 5, "resting_hr": 49}  # fmt: skip
    assert today.checkin_summary(full) == (
        "left 3/10, right 1/10 · sleep quality 2/5 · mood 5/5 · resting HR 49 bpm"
    )
