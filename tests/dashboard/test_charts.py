"""Chart builders on their data: traces, axes, the shaded band, the marked days, units."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from risk import charts, views
from risk.model import Assessment, PlannedRun, assess, plan_session
from tests.dashboard.conftest import ON
from tests.model.helpers import PROFILE, START, checkins, day, easy_days, runs, sets


def _trace(fig: go.Figure, name: str) -> Any:
    matches = [t for t in fig.data if t.name == name]
    assert matches, [t.name for t in fig.data]
    return matches[0]


def test_load_strength_draws_the_model_columns(
    result: Assessment, log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]
) -> None:
    runs, sets, _ = log
    daily = result.daily
    known = daily[daily["day"] >= 0]
    sessions = views.day_sessions(runs, sets, "km")
    fig = charts.load_strength(daily, sessions, result.params, "km")
    names = [t.name for t in fig.data]
    assert names == [
        "Safe band (low)",
        "Safe band (acute load for ratio < 1.3)",
        "Hamstring load (HEL)",
        "Acute load (7-day)",
        "Chronic load (28-day)",
        "Amber or red day",
        "Strength index (right)",
    ]
    bars = _trace(fig, "Hamstring load (HEL)")
    # The three unknown days before the log are not drawn.
    assert pd.Timestamp(bars.x[0]) == pd.Timestamp(START)
    np.testing.assert_allclose(bars.y, known["hel_run"])
    np.testing.assert_allclose(_trace(fig, "Acute load (7-day)").y, known["acute"])
    np.testing.assert_allclose(_trace(fig, "Chronic load (28-day)").y, known["chronic"])
    # The safe band: 0.8 × chronic up to 1.3 × capacity × chronic, filled between.
    upper = _trace(fig, "Safe band (acute load for ratio < 1.3)")
    np.testing.assert_allclose(upper.y, 1.3 * known["capacity"] * known["chronic"])
    np.testing.assert_allclose(_trace(fig, "Safe band (low)").y, 0.8 * known["chronic"])
    assert upper.fill == "tonexty"
    # Amber and red days marked, and only those, in their band's colour.
    marks = _trace(fig, "Amber or red day")
    risky = known[known["band"].isin(["amber", "red"])]
    assert [pd.Timestamp(x) for x in marks.x] == list(risky.index)
    assert len(risky) == 11  # days 49-59: 5 fast km every other day after none is severe
    assert set(marks.marker.color) == {views.BAND_COLOURS["red"]}
    # The strength index on the second axis.
    si = _trace(fig, "Strength index (right)")
    assert si.yaxis == "y2"
    np.testing.assert_allclose(si.y, known["si"])
    assert fig.layout.yaxis2.title.text == "Strength index (% of baseline)"
    assert fig.layout.yaxis.title.text == "Hamstring load (HEL a day)"
    # Hover names the day's sessions.
    first = list(bars.customdata[0])
    assert first[0] == "Easy 10.0 km · Nordic hamstring curl 3×5"
    assert first[2] == "Warming up"


def test_load_strength_trims_to_the_range_and_follows_miles(
    result: Assessment, log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]
) -> None:
    runs, sets, _ = log
    sessions = views.day_sessions(runs, sets, "mi")
    fig = charts.load_strength(result.daily, sessions, result.params, "mi", start=day(35))
    bars = _trace(fig, "Hamstring load (HEL)")
    assert pd.Timestamp(bars.x[0]) == pd.Timestamp(day(35))
    assert len(bars.x) == 28
    spike = list(bars.customdata[49 - 35])
    assert spike[0] == "Intervals 7.5 mi (3.1 mi fast)"
    assert spike[1] == "7.5"
    assert " mi " in bars.hovertemplate


def test_calendar_heatmap_puts_each_day_in_its_weekday_and_week(result: Assessment) -> None:
    fig = charts.calendar_heatmap(result.daily, "km", "mi")
    heat = fig.data[0]
    z = np.asarray(heat.z, dtype=float)
    assert z.shape == (7, 9)  # Mon 5 Jan to Sun 8 Mar 2026: 9 whole weeks
    # START is a Monday: row 0, column 0; day 49 (intervals, 12 km) is a Monday in week 7.
    assert z[0, 0] == pytest.approx(10 / 1.609344)
    assert z[0, 7] == pytest.approx(12 / 1.609344)
    assert not np.isnan(z).any()
    assert heat.colorbar.title.text == "mi"
    assert list(heat.y) == list(charts.WEEKDAYS)


def test_calendar_heatmap_of_hel(result: Assessment) -> None:
    heat = charts.calendar_heatmap(result.daily, "hel_run", "km").data[0]
    z = np.asarray(heat.z, dtype=float)
    known = result.daily[result.daily["day"] >= 0]
    assert np.nansum(z) == pytest.approx(known["hel_run"].sum())
    assert heat.colorbar.title.text == "HEL"


def test_soreness_chart_marks_the_sorest_days(result: Assessment) -> None:
    fig = charts.soreness_chart(result.daily, result.fit, result.params)
    reported = _trace(fig, "Reported")
    known = result.daily[result.daily["day"] >= 0]
    np.testing.assert_allclose(reported.y, known["soreness_reported"])
    sorest = _trace(fig, "Sorest days")
    # Top 10 % of 63 check-ins (5 or more), all above the median of 1.
    assert [pd.Timestamp(x).date() for x in sorest.x] == [day(d) for d in (50, 52, 54, 56, 58)]
    np.testing.assert_allclose(_trace(fig, "Predicted").y, known["soreness_predicted"])
    levels = sorted(round(s.y0, 3) for s in fig.layout.shapes)
    assert levels == [round(result.fit.baseline or 0, 3), 4.0]


def test_plan_chart_with_and_without_the_session(
    log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame], result: Assessment
) -> None:
    runs, sets, checks = log
    session = PlannedRun(day(64), "intervals", 14.0, 6.0)
    answer = plan_session(runs, sets, checks, PROFILE, session, today=ON)
    fig = charts.plan_chart(answer, ON, result.params)
    bars = _trace(fig, "Daily load (HEL)")
    x = [pd.Timestamp(v).date() for v in bars.x]
    assert x[0] == ON - dt.timedelta(days=21)
    on_day = x.index(day(64))
    assert bars.marker.color[on_day] == charts.ACUTE_COLOUR
    assert bars.y[on_day] > 0 and bars.y[on_day - 1] == 0  # rest before, as projected
    with_ratio = _trace(fig, "Load ÷ capacity with the session")
    without = _trace(fig, "Load ÷ capacity without it")
    assert with_ratio.y[-1] > without.y[-1]
    assert with_ratio.xaxis == "x2"
    assert {round(s.y0, 2) for s in fig.layout.shapes if s.y0 == s.y1} == {1.3, 1.5}


def test_recent_days_colours_bars_by_band(result: Assessment) -> None:
    fig = charts.recent_days(result.daily, ON, result.params)
    bars = fig.data[0]
    assert len(bars.x) == 28
    known = result.daily.loc[pd.Timestamp(ON) - pd.Timedelta(days=27) : pd.Timestamp(ON)]
    assert list(bars.marker.color) == [views.BAND_COLOURS[b] for b in known["band"]]
    np.testing.assert_allclose(fig.data[1].y, known["ratio"])
    assert fig.data[1].yaxis == "y2"


def test_settings_preview_draws_both_settings(result: Assessment) -> None:
    stricter = result.params.with_overrides({"ratio_amber": 1.1, "ratio_red": 1.2})
    fig = charts.settings_preview(result.daily, result.daily, ON, stricter, days=14)
    assert [t.name for t in fig.data] == [
        "Load ÷ capacity, saved settings",
        "Load ÷ capacity, edited settings",
    ]
    assert len(fig.data[0].x) == 14
    assert {round(s.y0, 2) for s in fig.layout.shapes} == {1.1, 1.2}


def _one_day_log() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return runs(*easy_days(0, 0)), sets(), checkins({0: 1.0})


@pytest.fixture(scope="module")
def first_day() -> Assessment:
    """A runner on the day they start: one easy run and one check-in."""
    return assess(*_one_day_log(), PROFILE, on=day(0))


def _span_days(fig: go.Figure, axis: str = "xaxis") -> float:
    first, last = (pd.Timestamp(v) for v in fig.layout[axis].range)
    return (last - first) / pd.Timedelta(days=1)


def _last_on_axis(fig: go.Figure, axis: str = "xaxis") -> dt.date:
    return pd.Timestamp(fig.layout[axis].range[1]).date()


def test_a_one_day_log_gives_every_chart_two_weeks_of_days(first_day: Assessment) -> None:
    daily, params = first_day.daily, first_day.params
    session = PlannedRun(day(2), "intervals", 8.0, 2.0)
    answer = plan_session(*_one_day_log(), PROFILE, session, today=day(0))
    figures = {
        "load_strength": (charts.load_strength(daily, pd.Series(dtype=str), params, "km"), "xaxis"),
        "calendar_heatmap": (charts.calendar_heatmap(daily, "hel_run", "km"), "xaxis"),
        "soreness_chart": (charts.soreness_chart(daily, first_day.fit, params), "xaxis"),
        "recent_days": (charts.recent_days(daily, day(0), params), "xaxis"),
        "settings_preview": (charts.settings_preview(daily, daily, day(0), params), "xaxis"),
        "plan_chart": (charts.plan_chart(answer, day(0), params), "xaxis2"),
    }
    for name, (fig, axis) in figures.items():
        assert _span_days(fig, axis) >= charts.MIN_AXIS_DAYS, name
        assert fig.layout[axis].tickformat == "%d %b", name
    for name in ("load_strength", "soreness_chart", "recent_days", "settings_preview"):
        assert _last_on_axis(figures[name][0]) == day(0), name  # ends on the day shown
    # The heat map's one column (the week of day 0) ends the axis.
    assert pd.Timestamp(figures["calendar_heatmap"][0].layout.xaxis.range[1]).date() >= day(0)


def test_a_long_log_keeps_its_own_range(result: Assessment) -> None:
    fig = charts.load_strength(result.daily, pd.Series(dtype=str), result.params, "km")
    first, last = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    known = result.daily[result.daily["day"] >= 0]
    assert first.date() < known.index[0].date() <= (first + pd.Timedelta(days=1)).date()
    assert last.date() == known.index[-1].date()


def _sparse_years(years: int = 3) -> pd.DataFrame:
    """A daily frame over ``years`` years with one 5 km run (5 HEL) on the 1st of each
    month and nothing else: a long, sparse history."""
    index = pd.date_range("2024-01-03", periods=365 * years, freq="D")
    first = index.day == 1
    return pd.DataFrame(
        {
            "day": np.arange(len(index)),
            "hel_run": np.where(first, 5.0, 0.0),
            "km": np.where(first, 5.0, 0.0),
            "band": "green",
        },
        index=index,
    )


def test_calendar_heatmap_of_a_long_history_has_a_cell_a_week_and_a_row_a_year() -> None:
    daily = _sparse_years(3)
    heat = charts.calendar_heatmap(daily, "hel_run", "km").data[0]
    z = np.asarray(heat.z, dtype=float)
    assert z.shape == (3, 53)  # ISO years 2024 to 2026 (Fri 1 Jan 2027 is in 2026's week 53)
    assert list(heat.y) == ["2024", "2025", "2026"]
    assert np.nansum(z) == pytest.approx(daily["hel_run"].sum())
    assert np.count_nonzero(z > 0) == int((daily["hel_run"] > 0).sum())  # one run a week at most
    assert heat.colorbar.title.text == "HEL a week"
    # 2024-01-03 is in ISO week 1 of 2024: the weeks before the log are blank, not zero.
    assert np.isnan(z[0, 53 - 1])  # 2024 has no week 53
    assert z[0, 0] == 0.0
    assert z[2, 52] == 5.0  # 2026 has a week 53: Mon 28 Dec, with the run of 1 Jan 2027


def test_calendar_heatmap_shows_a_light_day_apart_from_an_empty_one() -> None:
    heat = charts.calendar_heatmap(_sparse_years(1)[:300], "km", "km").data[0]
    z = np.asarray(heat.z, dtype=float)
    assert z.shape[0] == 7  # under a year: day by day
    scale = [(float(stop), colour) for stop, colour in heat.colorscale]
    assert heat.zmin == 0
    assert scale[0][0] == 0.0 and scale[1][0] < 1e-3  # any load above 0 leaves the grey
    assert scale[0][1] != scale[1][1]


def test_calendar_heatmap_switches_to_weeks_past_a_year() -> None:
    days = _sparse_years(2)
    index = pd.DatetimeIndex(days.index)
    monday = index - pd.to_timedelta(index.day_of_week.to_numpy(), unit="D")
    cut = index[monday.isin(sorted(set(monday))[: charts.CALENDAR_DAILY_WEEKS])]
    assert np.asarray(charts.calendar_heatmap(days.loc[cut], "km", "km").data[0].z).shape[0] == 7
    assert np.asarray(charts.calendar_heatmap(days, "km", "km").data[0].z).shape[1] == 53
