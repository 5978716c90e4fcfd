"""The Calendar's month model: which days a month shows, what each day holds, the week
totals, moving by month, and the words in a cell."""

from __future__ import annotations

import datetime as dt
import doctest
import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk import calendar_view as cv
from risk.model import DEFAULT, hamstring_load

D = dt.date


def _runs(*rows: tuple[dt.date, str, float, float | None]) -> pd.DataFrame:
    """Runs as the store's query gives them: date, type, distance, logged fast km."""
    return pd.DataFrame(
        {
            "id": range(1, len(rows) + 1),
            "date": pd.to_datetime([r[0] for r in rows]),
            "type": [r[1] for r in rows],
            "distance_km": [r[2] for r in rows],
            "fast_km": [r[3] for r in rows],
        }
    )


def _frame(dates: list[dt.date], **cols: object) -> pd.DataFrame:
    return pd.DataFrame({"id": range(1, len(dates) + 1), "date": pd.to_datetime(dates), **cols})


def test_the_doctests_hold() -> None:
    assert doctest.testmod(cv).failed == 0


class TestGridDates:
    def test_a_month_across_the_year_boundary_starts_in_the_old_year(self) -> None:
        days = cv.grid_dates(2027, 1)  # 1 Jan 2027 is a Friday
        assert days[0] == D(2026, 12, 28) and days[0].weekday() == 0
        assert days[-1] == D(2027, 1, 31) and days[-1].weekday() == 6
        assert len(days) == 35

    def test_december_ends_in_the_new_year(self) -> None:
        days = cv.grid_dates(2026, 12)
        assert days[-1] == D(2027, 1, 3)

    def test_a_leap_february_holds_the_29th(self) -> None:
        days = cv.grid_dates(2028, 2)
        assert D(2028, 2, 29) in days
        assert [d for d in days if d.month == 2] == [D(2028, 2, n) for n in range(1, 30)]

    def test_a_plain_february_starting_on_monday_is_four_weeks(self) -> None:
        assert cv.grid_dates(2027, 2) == [D(2027, 2, 1) + dt.timedelta(days=i) for i in range(28)]


class TestMonths:
    def test_shift_crosses_years_both_ways(self) -> None:
        assert cv.shift_month(2026, 12, 1) == (2027, 1)
        assert cv.shift_month(2027, 1, -1) == (2026, 12)
        assert cv.shift_month(2026, 1, -25) == (2023, 12)

    @pytest.mark.parametrize(
        "text", ["2026-13", "2026-00", "26-11", "", None, "2026-11-03", 202611]
    )
    def test_a_bad_month_in_the_address_is_ignored(self, text: object) -> None:
        assert cv.parse_month(text) is None

    def test_month_key_and_title(self) -> None:
        assert cv.month_key(2026, 3) == "2026-03"
        assert cv.parse_month("2026-03") == (2026, 3)
        assert cv.month_title(2026, 3) == "March 2026"

    def test_options_run_from_the_first_entry_to_the_last_plan_newest_first(self) -> None:
        options = cv.month_options([D(2026, 9, 14), D(2027, 1, 7)], D(2026, 11, 29))
        assert options == ["2027-01", "2026-12", "2026-11", "2026-10", "2026-09"]

    def test_a_new_runner_can_pick_this_month(self) -> None:
        assert cv.month_options([], D(2026, 11, 29)) == ["2026-11"]


class TestBuildMonth:
    TODAY = D(2026, 11, 29)

    def test_runs_show_type_distance_and_the_models_fast_km(self) -> None:
        runs = _runs((D(2026, 11, 3), "intervals", 10.0, 3.0), (D(2026, 11, 3), "easy", 4.0, None))
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", runs=runs)
        cell = next(c for c in month.days if c.date == D(2026, 11, 3))
        fast = float(hamstring_load(runs, 7.0, DEFAULT)["fast_km"].iloc[0])
        assert cell.runs == (f"Intervals 10.0 · {fast:.1f} fast", "Easy 4.0")
        assert cell.km == pytest.approx(14.0)
        assert cell.fast_km == pytest.approx(fast)
        assert cell.hel == pytest.approx(hamstring_load(runs, 7.0, DEFAULT)["hel"].sum())

    def test_cross_training_is_listed_but_not_counted(self) -> None:
        runs = _runs((D(2026, 11, 4), "cycling", 30.0, None))
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", runs=runs)
        cell = next(c for c in month.days if c.date == D(2026, 11, 4))
        assert cell.runs == ("Cycling 30.0",)
        assert (cell.km, cell.hel) == (0.0, 0.0)
        assert cv.compact_text(cell) == "x"

    def test_miles_runner_sees_miles_in_days_and_totals(self) -> None:
        runs = _runs(
            (D(2026, 11, 2), "easy", 16.09344, None), (D(2026, 11, 4), "long", 32.18688, None)
        )
        month = cv.build_month(2026, 11, today=self.TODAY, units="mi", runs=runs)
        week = next(w for w in month.weeks if w.totals.start == D(2026, 11, 2))
        assert week.days[0].runs == ("Easy 10.0",)
        assert week.totals.km == pytest.approx(30.0)
        assert cv.totals_text(week.totals, "mi")[0] == "30.0 mi"

    def test_week_totals_sum_the_days_and_take_the_worst_band(self) -> None:
        runs = _runs(
            (D(2026, 11, 9), "easy", 8.0, None),
            (D(2026, 11, 11), "intervals", 10.0, 2.0),
            (D(2026, 11, 16), "easy", 5.0, None),  # the next week
        )
        sessions = _frame([D(2026, 11, 10), D(2026, 11, 13)])
        days = pd.date_range("2026-11-09", "2026-11-15")
        daily = pd.DataFrame(
            {"day": range(7), "band": ["green", "green", "amber", "green", "red", "green", "grey"]},
            index=days,
        )
        month = cv.build_month(
            2026,
            11,
            today=self.TODAY,
            units="km",
            runs=runs,
            strength_sessions=sessions,
            daily=daily,
        )
        week = next(w for w in month.weeks if w.totals.start == D(2026, 11, 9))
        assert week.totals.km == pytest.approx(18.0)
        assert week.totals.strength == 2
        assert week.totals.peak_band == "red"
        assert week.totals.hel == pytest.approx(sum(d.hel for d in week.days))
        later = next(w for w in month.weeks if w.totals.start == D(2026, 11, 16))
        assert later.totals.km == pytest.approx(5.0)
        assert later.totals.peak_band is None  # no band known that week

    def test_days_outside_the_month_are_kept_and_marked(self) -> None:
        runs = _runs((D(2026, 10, 27), "easy", 6.0, None))
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", runs=runs)
        first = month.weeks[0]
        assert first.days[0].date == D(2026, 10, 26) and not first.days[0].in_month
        assert first.days[1].runs == ("Easy 6.0",)
        assert first.totals.km == pytest.approx(6.0)
        assert [c.date for c in month.days if c.is_today] == [self.TODAY]

    def test_no_band_before_the_first_entry_or_after_today(self) -> None:
        days = pd.date_range("2026-11-20", "2026-11-29")
        daily = pd.DataFrame(
            {"day": [-1, -1, *range(8)], "band": ["none"] * 2 + ["grey"] * 8}, index=days
        )
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", daily=daily)
        bands = {c.date: c.band for c in month.days}
        assert bands[D(2026, 11, 20)] is None
        assert bands[D(2026, 11, 22)] == "grey"
        assert bands[D(2026, 11, 30)] is None

    def test_checkin_soreness_left_and_right(self) -> None:
        checkins = _frame(
            [D(2026, 11, 5), D(2026, 11, 6)],
            soreness_left=pd.array([3, None], dtype="Int64"),
            soreness_right=pd.array([4, 2], dtype="Int64"),
        )
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", checkins=checkins)
        sore = {c.date: cv.soreness_text(c.soreness) for c in month.days}
        assert sore[D(2026, 11, 5)] == "Sore L3 R4"
        assert sore[D(2026, 11, 6)] == "Sore L– R2"
        assert sore[D(2026, 11, 7)] == ""

    def test_an_open_injury_counts_its_days_up_to_today(self) -> None:
        injuries = _frame(
            [D(2026, 11, 20)],
            return_date=[None],
            site=["hamstring"],
            side=["left"],
        )
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", injuries=injuries)
        hurt = {c.date: c.injury for c in month.days}
        assert hurt[D(2026, 11, 20)] == "Injury: left hamstring, open 10 d"
        assert hurt[D(2026, 11, 21)] == "injured, day 2"
        assert hurt[D(2026, 11, 29)] == "injured, day 10"
        assert hurt[D(2026, 11, 30)] is None  # the future is not known

    def test_a_closed_injury_shows_its_length_and_the_return(self) -> None:
        injuries = _frame(
            [D(2026, 10, 30)],
            return_date=pd.to_datetime([D(2026, 11, 6)]),
            site=["calf"],
            side=["right"],
        )
        month = cv.build_month(2026, 11, today=self.TODAY, units="km", injuries=injuries)
        hurt = {c.date: c.injury for c in month.days}
        assert hurt[D(2026, 10, 30)] == "Injury: right calf, 7 d"
        assert hurt[D(2026, 11, 5)] == "injured, day 7"
        assert hurt[D(2026, 11, 6)] == "Back: right calf"
        assert hurt[D(2026, 11, 7)] is None

    def test_plans_carry_the_planners_verdict_from_today_on(self) -> None:
        planned = _frame(
            [D(2026, 11, 26), D(2026, 12, 3)],
            type=["intervals", "tempo"],
            distance_km=[10.0, 8.0],
            fast_km=[4.0, None],
            strides=pd.array([None, 6], dtype="Int64"),
        )
        judged = cv.planned_to_judge(planned, cv.grid_dates(2026, 11), self.TODAY)
        assert list(judged) == [2]  # the past plan is not judged
        assert (judged[2].date, judged[2].type, judged[2].strides) == (D(2026, 12, 3), "tempo", 6)
        month = cv.build_month(
            2026, 11, today=self.TODAY, units="km", planned=planned, verdicts={1: "red", 2: "amber"}
        )
        plans = {c.date: c.planned for c in month.days if c.planned}
        assert plans[D(2026, 11, 26)] == (
            cv.PlanLine("Intervals 10.0 (4.0 fast)", None, "Intervals 10.0 km (4.0 km fast)"),
        )
        assert plans[D(2026, 12, 3)][0].verdict == "amber"
        assert cv.compact_text(next(c for c in month.days if c.date == D(2026, 12, 3))) == "P"

    def test_an_empty_log_gives_an_empty_month(self) -> None:
        month = cv.build_month(2026, 11, today=self.TODAY, units="km")
        assert month.empty
        assert len(month.days) == 42  # 1 Nov 2026 is a Sunday: six rows
        assert all(w.totals.km == 0 and w.totals.strength == 0 for w in month.weeks)

    def test_the_days_of_a_day_and_its_injuries(self) -> None:
        runs = _runs((D(2026, 11, 3), "easy", 8.0, None), (D(2026, 11, 4), "easy", 5.0, None))
        assert list(cv.on_day(runs, D(2026, 11, 4))["distance_km"]) == [5.0]
        injuries = _frame(
            [D(2026, 11, 1), D(2026, 11, 20)],
            return_date=pd.to_datetime(pd.Series([D(2026, 11, 10), None])),
        )
        assert list(cv.injuries_on(injuries, D(2026, 11, 10), self.TODAY)["id"]) == [1]
        assert list(cv.injuries_on(injuries, D(2026, 11, 15), self.TODAY)["id"]) == []
        assert list(cv.injuries_on(injuries, D(2026, 11, 25), self.TODAY)["id"]) == [2]


# Properties -------------------------------------------------------------------------------
months = st.tuples(st.integers(1901, 2199), st.integers(1, 12))


@given(months)
def test_every_day_of_the_month_appears_exactly_once(ym: tuple[int, int]) -> None:
    year, month = ym
    days = cv.grid_dates(year, month)
    inside = [d for d in days if d.month == month]
    assert len(inside) == len(set(inside))
    assert inside[0] == D(year, month, 1)
    assert (inside[-1] + dt.timedelta(days=1)).month != month
    assert len(days) % 7 == 0 and 28 <= len(days) <= 42
    assert days[0].weekday() == 0 and days[-1].weekday() == 6
    assert all((b - a).days == 1 for a, b in itertools.pairwise(days))


@settings(max_examples=40, deadline=None)
@given(
    months,
    st.lists(
        st.tuples(
            st.integers(-7, 44),
            st.sampled_from(["easy", "intervals", "long", "cycling"]),
            st.floats(0.5, 40.0),
            st.one_of(st.none(), st.floats(0.0, 0.5)),
        ),
        max_size=25,
    ),
    st.sampled_from(["km", "mi"]),
)
def test_week_totals_equal_the_sum_of_their_days(
    ym: tuple[int, int], rows: list[tuple[int, str, float, float | None]], units: str
) -> None:
    year, month = ym
    start = D(year, month, 1)
    runs = _runs(
        *[
            (start + dt.timedelta(days=off), kind, km, None if share is None else km * share)
            for off, kind, km, share in rows
        ]
    )
    shown = cv.build_month(
        year, month, today=D(2200, 1, 1), units="mi" if units == "mi" else "km", runs=runs
    )
    for week in shown.weeks:
        assert week.totals.km == pytest.approx(sum(d.km for d in week.days))
        assert week.totals.fast_km == pytest.approx(sum(d.fast_km for d in week.days))
        assert week.totals.hel == pytest.approx(sum(d.hel for d in week.days))
    first, last = shown.days[0].date, shown.days[-1].date
    dates = pd.to_datetime(runs["date"]).dt.date
    inside = runs[(dates >= first) & (dates <= last) & (runs["type"] != "cycling")]
    scale = 1 / 1.609344 if units == "mi" else 1.0
    total = sum(w.totals.km for w in shown.weeks)
    assert total == pytest.approx(float(inside["distance_km"].sum()) * scale)
