"""Injuries in what the pages show: Today's notice, the Weeks column, the chart marks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from risk import charts, views
from risk.model import DEFAULT, Assessment, Params, assess
from tests.dashboard.conftest import ON
from tests.model.helpers import PROFILE, day


def _injury(start: int, back: int | None, site: str = "hamstring", side: str = "left") -> dict:
    return {
        "date": pd.Timestamp(day(start)),
        "return_date": pd.Timestamp(day(back)) if back is not None else pd.NaT,
        "site": site,
        "side": side,
        "severity": "moderate",
    }


@pytest.fixture(scope="module")
def hurt(log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> Assessment:
    """The dashboard runner with an old calf injury (days 10-20) and an open hamstring one
    (from day 58)."""
    r, s, c = log
    injuries = pd.DataFrame([_injury(10, 20, "calf", "right"), _injury(58, None)])
    return assess(r, s, c, PROFILE, on=ON, injuries=injuries)


def test_an_open_injury_heads_today(hurt: Assessment) -> None:
    notice = views.injury_notice(hurt.daily, ON, hurt.params)
    assert notice is not None and notice.kind == "injured"
    assert notice.headline.startswith(
        f"Injured since {views.short_day(day(58))} (4 days ago), left hamstring:"
    )
    steps = "\n".join(notice.guidance)
    for words in ("pain-free", "easy jogging", "No speed work", "weeks", "clinician", "Nordic"):
        assert words in steps
    assert "%" not in notice.headline + steps


def test_a_return_says_build_up_until_the_window_ends(hurt: Assessment) -> None:
    notice = views.injury_notice(hurt.daily, day(22), hurt.params)
    assert notice is not None and notice.kind == "returning"
    until = views.short_day(day(20) + dt.timedelta(weeks=3))
    assert notice.headline == (
        f"Back since {views.short_day(day(20))} from a right calf injury: build up gradually "
        f"until about {until} (3 weeks)."
    )
    assert not any("Nordic" in step for step in notice.guidance)  # a calf, not a hamstring
    assert views.injury_notice(hurt.daily, day(45), hurt.params) is None  # window over


def test_no_injury_no_notice(result: Assessment) -> None:
    assert views.injury_notice(result.daily, ON, DEFAULT) is None
    assert views.injury_notice(result.daily, day(500), DEFAULT) is None  # outside the log


@pytest.mark.parametrize(
    ("site", "side", "words"),
    [
        ("hamstring", "left", "left hamstring"),
        ("achilles", "right", "right Achilles"),
        ("knee", "both", "knee, both sides"),
        ("other", None, "leg (other site)"),
        (None, None, "hamstring"),
    ],
)
def test_injury_place(site: str | None, side: str | None, words: str) -> None:
    assert views.injury_place(site, side) == words


def test_weeks_mark_injured_and_returning_weeks(hurt: Assessment) -> None:
    table = views.weeks_table(hurt.weekly, "km", hurt.daily).set_index("Week of")
    marks = table["Injury"]
    assert marks[day(7)] == "injured 4 d (right calf)"  # days 10-13 of the Mon-Sun week 7-13
    assert marks[day(14)] == "injured 6 d (right calf)"  # back on day 20 (a Sunday)
    assert marks[day(21)] == "returning"
    assert marks[day(56)] == "injured 5 d (left hamstring)"  # days 58-62
    assert marks[day(0)] == ""
    assert "Injury" not in views.weeks_table(hurt.weekly, "km").columns


def test_week_days_say_injured_or_returning(hurt: Assessment) -> None:
    days = views.week_days(hurt.daily, day(14), pd.Series(dtype=object), "km")
    assert list(days["Injury"]) == ["injured"] * 6 + ["returning"]


def test_load_chart_shades_each_lay_off_and_marks_it(hurt: Assessment) -> None:
    fig = charts.load_strength(hurt.daily, pd.Series(dtype=object), hurt.params, "km")
    names = [s.name for s in fig.layout.shapes]
    assert names == [
        "Lay-off: right calf",
        "Lay-off: left hamstring",
        "Returning: right calf",
    ]
    marks = next(t for t in fig.data if t.name == charts.INJURY_NAME)
    assert [pd.Timestamp(x) for x in marks.x] == [pd.Timestamp(day(10)), pd.Timestamp(day(58))]
    assert "Right calf injury, off" in marks.customdata[0]


def test_a_trimmed_chart_names_the_injury_date_not_the_first_shown_day(hurt: Assessment) -> None:
    fig = charts.load_strength(
        hurt.daily, pd.Series(dtype=object), hurt.params, "km", start=day(15)
    )
    marks = next(t for t in fig.data if t.name == charts.INJURY_NAME)
    assert marks.customdata[0].startswith(f"Right calf injury, off {views.short_day(day(10))}")


def test_no_injury_no_marks(result: Assessment) -> None:
    fig = charts.load_strength(result.daily, pd.Series(dtype=object), result.params, "km")
    assert not fig.layout.shapes
    assert all(t.name != charts.INJURY_NAME for t in fig.data)


def test_today_chart_shades_the_lay_off(hurt: Assessment) -> None:
    fig = charts.recent_days(hurt.daily, ON, hurt.params)
    assert "Lay-off: left hamstring" in [s.name for s in fig.layout.shapes]


def test_return_weeks_sets_the_window(log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    r, s, c = log
    injuries = pd.DataFrame([_injury(10, 20, "calf", "right")])
    longer = assess(r, s, c, PROFILE, Params(return_weeks=6), on=ON, injuries=injuries)
    notice = views.injury_notice(longer.daily, day(50), longer.params)
    assert notice is not None and "(6 weeks)" in notice.headline
