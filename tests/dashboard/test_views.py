"""What the pages show, computed from the model: metrics and their change, tables in the
runner's unit, the next speed session, what to do, settings inputs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from risk import advice, views
from risk.model import DEFAULT, Assessment, PlannedRun, SorenessFit, describe
from risk.model.daily import cell
from risk.vocab import Units
from tests.dashboard.conftest import ON
from tests.model.helpers import PROFILE, day

MILE = 1.609344


def test_today_metrics_are_the_days_values_and_their_weekly_change(result: Assessment) -> None:
    metrics = {m.label: m for m in views.today_metrics(result.daily, ON)}
    week_ago = ON - dt.timedelta(days=7)
    for label, col, digits in (
        ("Acute load", "acute", 1),
        ("Chronic load", "chronic", 1),
        ("Acute:chronic", "acwr", 2),
        ("Capacity", "capacity", 2),
        ("Load ÷ capacity", "ratio", 2),
    ):
        now, then = cell(result.daily, ON, col), cell(result.daily, week_ago, col)
        assert metrics[label].value == f"{now:.{digits}f}"
        assert metrics[label].delta == f"{now - then:+.{digits}f} on a week ago"
    assert metrics["Load ÷ capacity"].delta_color == "inverse"  # a rise is bad
    assert metrics["Capacity"].delta_color == "normal"  # a rise is good


def test_today_metrics_before_the_log_are_unknown(result: Assessment) -> None:
    metrics = views.today_metrics(result.daily, day(-2))
    assert {m.value for m in metrics} == {"–"}
    assert {m.delta for m in metrics} == {None}


def test_seven_day_totals_in_miles(result: Assessment) -> None:
    totals = {m.label: m for m in views.seven_day_totals(result.daily, ON, "mi")}
    # Days 56-62: intervals 12 km (5 fast) on 57, easy 10 km on 58-62, rest on 56.
    assert totals["Distance, 7 days"].value == f"{62 / MILE:.1f} mi"
    assert totals["Fast running, 7 days"].value == f"{5 / MILE:.1f} mi"
    # Days 49-55: four interval days (48 km, 20 fast).
    assert totals["Distance, 7 days"].delta == f"{(62 - 48) / MILE:+.1f} on the 7 days before"
    hel = result.daily.loc[pd.Timestamp(day(56)) : pd.Timestamp(ON), "hel_run"].sum()
    assert totals["Hamstring load, 7 days"].value == f"{hel:.1f} HEL"


def _planned(*rows: tuple[int, str, float, float | None, int | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"date": pd.Timestamp(day(d)), "type": t, "distance_km": km, "fast_km": f, "strides": s}
            for d, t, km, f, s in rows
        ]
    )


def test_next_speed_session_skips_the_past_and_easy_runs() -> None:
    planned = _planned(
        (60, "intervals", 10.0, 4.0, None),  # past
        (63, "easy", 8.0, None, None),  # not speed
        (64, "easy", 8.0, None, 6),  # strides make it speed
        (66, "tempo", 12.0, None, None),
    )
    found = views.next_speed_session(planned, ON)
    assert found is not None
    assert (found.date, found.type, found.strides) == (day(64), "easy", 6)
    assert views.next_speed_session(planned.iloc[:2], ON) is None
    assert views.next_speed_session(pd.DataFrame(), ON) is None
    assert views.session_label(found, "mi") == "Easy, 5.0 mi (6 strides) on Tue 10 Mar"


def test_already_planned_matches_day_type_and_distance() -> None:
    planned = _planned((64, "intervals", 10.0, 4.0, None))
    assert views.already_planned(planned, PlannedRun(day(64), "intervals", 10.004))
    assert not views.already_planned(planned, PlannedRun(day(64), "intervals", 12.0))
    assert not views.already_planned(planned, PlannedRun(day(65), "intervals", 10.0))
    assert not views.already_planned(planned, PlannedRun(day(64), "tempo", 10.0))
    assert not views.already_planned(pd.DataFrame(), PlannedRun(day(64), "tempo", 10.0))


def test_weeks_table_newest_first_in_miles(result: Assessment) -> None:
    table = views.weeks_table(result.weekly, "mi")
    assert table["Week of"].iloc[0] == day(56)
    assert table.columns[1] == "Distance (mi)"
    last = result.weekly.iloc[-1]
    assert table["Distance (mi)"].iloc[0] == round(last["km"] / MILE, 1)
    assert table["Hamstring load (HEL)"].iloc[0] == round(last["hel"], 1)
    assert table["Band"].iloc[0] == "Red"
    assert bool(table["Risky"].iloc[0])  # 4 red days
    assert table["HEL vs week before"].iloc[-1] == "–"  # the first week has none before it
    change = result.weekly["hel_change_pct"].iloc[-1]
    assert table["HEL vs week before"].iloc[0] == f"{change:+.0f} %"


def test_week_days_lists_days_and_sessions(
    result: Assessment, log: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]
) -> None:
    runs, sets, _ = log
    sessions = views.day_sessions(runs, sets, "km")
    days = views.week_days(result.daily, day(49), sessions, "km")
    assert len(days) == 7
    assert days["Day"].iloc[0] == "Mon 23 Feb"
    assert days["Sessions"].iloc[0] == "Intervals 12.0 km (5.0 km fast)"
    assert days["Sessions"].iloc[1] == "rest"
    assert days["Band"].iloc[0] == "Red"
    assert days["HEL"].iloc[0] == round(cell(result.daily, day(49), "hel_run"), 1)


def test_day_sessions_joins_a_days_sessions() -> None:
    runs = pd.DataFrame(
        [
            {
                "date": pd.Timestamp(day(0)),
                "type": "easy",
                "distance_km": 8.0,
                "fast_km": None,
                "strides": 6,
            }
        ]
    )
    sets = pd.DataFrame(
        [
            {
                "date": pd.Timestamp(day(0)),
                "exercise": "rdl",
                "sets": 3,
                "reps": 8,
                "load_kg": 60.0,
            },
            {
                "date": pd.Timestamp(day(1)),
                "exercise": "copenhagen",
                "sets": 2,
                "reps": 10,
                "load_kg": 0.0,
            },
        ]
    )
    text = views.day_sessions(runs, sets, "km")
    assert text[pd.Timestamp(day(0))] == "Easy 8.0 km + 6 strides · Romanian deadlift 3×8 @ 60 kg"
    assert text[pd.Timestamp(day(1))] == "copenhagen 2×10"
    assert views.day_sessions(runs.iloc[:0], sets.iloc[:0], "km").empty


def test_param_inputs() -> None:
    infos = {i.name: i for i in describe(DEFAULT)}
    assert views.param_step(infos["acute_days"]) == (1.0, "%d")
    assert views.param_step(infos["hel_a"]) == (1.0, "%.2f")
    assert views.param_step(infos["ratio_amber"]) == (0.1, "%.2f")
    assert views.param_step(infos["hel_r0"]) == pytest.approx((0.01, "%.2f"))
    assert views.param_step(infos["w_custom"])[0] == pytest.approx(0.1)  # default 0: from max
    assert views.kernel_text(DEFAULT.kernel) == "0.35, 1, 0.8, 0.4, 0.15, 0.05"
    assert views.parse_kernel("0.5; 1, 0.5 ,") == [0.5, 1.0, 0.5]
    with pytest.raises(ValueError, match="'x' \\(weight 2\\) is not a number"):
        views.parse_kernel("1, x")


def test_every_setting_is_in_one_group() -> None:
    infos = describe(DEFAULT)
    assert len({i.group for i in infos}) == 7
    assert [i.group for i in infos if i.name == "ratio_amber"] == ["Indicator bands and warnings"]
    assert [i.group for i in infos if i.name == "return_weeks"] == ["Injuries"]


def test_what_to_do_follows_the_flags(result: Assessment) -> None:
    tips = advice.what_to_do(result.daily, ON, result.params)
    # Day 62: green, no Nordic session since day 39 (23 days).
    assert tips == [
        "No eccentric strength session for 23 days: a light Nordic session (2×5) early this "
        "week brings protection back."
    ]
    spike = advice.what_to_do(result.daily, day(54), result.params, "mi")
    assert spike[0].startswith("Today: rest or an easy run")  # a red day comes first
    assert any(
        t.startswith(
            "Your hamstrings are sore (7/10): easy running only until it falls back "
            "(your usual is 1)"
        )
        for t in spike
    )
    assert any(
        "Fast running is above your usual: keep the next 7 days near" in t and " mi " in t
        for t in spike
    )


def test_what_to_do_times_the_nordic_around_the_next_speed_session(result: Assessment) -> None:
    thursday = PlannedRun(ON + dt.timedelta(days=4), "intervals", 10.0, 4.0)
    tips = advice.what_to_do(
        result.daily, ON, result.params, next_speed=thursday, next_speed_band="green"
    )
    assert tips[0] == (
        "No eccentric strength session for 23 days: a light Nordic session (2×5) by Tuesday, "
        "not within 48 h of Thursday's intervals."
    )
    tomorrow = PlannedRun(ON + dt.timedelta(days=1), "tempo", 10.0)
    tips = advice.what_to_do(
        result.daily, ON, result.params, next_speed=tomorrow, next_speed_band="amber"
    )
    assert tips == [
        "No eccentric strength session for 23 days: a light Nordic session (2×5) on "
        "Wednesday, 48 h after Monday's tempo.",
        "Monday's tempo comes out amber: open the planner for a better day or a shorter session.",
    ]


def test_what_to_do_before_the_log_and_while_warming_up(result: Assessment) -> None:
    assert advice.what_to_do(result.daily, day(-2), result.params)[0].startswith("Log a run")
    assert advice.what_to_do(result.daily, day(10), result.params) == [
        "Keep logging: 17 more days and the indicator shows a colour. Log strength sessions "
        "and a daily soreness check-in too, they shape the model."
    ]


def test_plan_advice_speaks_the_binding_rule_within_what_was_done() -> None:
    from risk.model import plan_session
    from tests.model.test_planner import TODAY, steady_log

    log, strength = steady_log()
    session = PlannedRun(day(58), "intervals", 10.0, fast_km=6.0)
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY)
    lines = views.plan_advice(answer, "km", DEFAULT)
    assert lines[0] == "What keeps the day from green: the rise in fast running."
    assert f"Keep fast running to {answer.max_fast_km:.1f} km (not 6.0 km)" in lines[1]
    usual = plan_session(
        log, strength, None, PROFILE, PlannedRun(day(58), "intervals", 10.0, 3.0), today=TODAY
    )
    assert views.plan_advice(usual, "km", DEFAULT) == []


def test_the_soreness_summary_says_when_soreness_peaks_and_both_r2() -> None:
    fit = SorenessFit(
        2.5, True, 200, 0.66, 1.9, "", peak_days=2, r2_out_of_sample=0.61, lag="fitted"
    )
    text = views.soreness_summary(fit, DEFAULT)
    assert text.startswith("Your soreness peaks about 48 h after hard running")
    assert "r² 0.66 on the check-ins it was fitted to, 0.61 on check-ins it had not seen" in text
    assert "%" not in text
    labels = {m.label: m.value for m in views.soreness_metrics(fit)}
    assert labels["Soreness peaks"] == "48 h after"
    assert labels["r² on unseen check-ins"] == "0.61"


def test_the_soreness_summary_before_the_lag_is_fitted_names_the_default() -> None:
    fit = SorenessFit(3.0, False, 5, None, None, "5 of 10 check-ins needed")
    text = views.soreness_summary(fit, DEFAULT)
    assert "The default lag (peak about 24 h after hard running) is used until 28" in text
    assert "The default gain is used" in text
    assert {m.label: m.value for m in views.soreness_metrics(fit)}["r² on unseen check-ins"] == "–"


def test_a_green_day_before_red_days_is_not_shown_green() -> None:
    from risk.model import plan_session
    from tests.model.test_planner import TODAY, steady_log

    log, strength = steady_log()
    planned = pd.DataFrame(
        [{"date": day(59), "type": "intervals", "distance_km": 10.0, "fast_km": 3.0}]
    )
    session = PlannedRun(day(58), "intervals", 10.0, fast_km=3.0)
    answer = plan_session(log, strength, None, PROFILE, session, today=TODAY, planned=planned)
    assert answer.band_on_day == "green" and not answer.good_on_day
    assert views.session_verdict(answer) in ("amber", "red")
    assert views.plan_advice(answer, "km", DEFAULT)[0].startswith("Green that day, but")


def test_the_rep_note_says_the_fast_km_by_the_one_definition() -> None:
    # v_max 8 m/s: fast is 2:36/km or faster; 3:50/km is 54 % of it.
    assert views.rep_fast_note(6, 0.8, 230.0, 8.0, "km") == (
        "6 × 800 m at 3:50/km: 0 km fast — fast means ≥ 80 % of your max speed, "
        "2:36/km or faster; these reps are at 54 % of it."
    )
    assert views.rep_fast_note(10, 0.2, 1000 / 7.2, 8.0, "km").startswith(
        "10 × 200 m at 2:19/km: 2.0 km fast"
    )


def test_the_reps_section_reads_a_pace_and_leaves_ranges_to_the_store() -> None:
    entry = views.reps_entry(6, 0.8, "3:50", "km", 8.0)
    assert entry.values == {"reps": 6, "rep_km": 0.8, "rep_pace_s_per_km": 230.0}
    assert entry.problems == [] and entry.note is not None
    bad = views.reps_entry(6, 0.8, "soon", "km", 8.0)
    assert bad.problems == ["Rep pace: 'soon' is not a pace: use mm:ss per km"]
    assert bad.note is None
    assert views.reps_entry(None, None, "", "km", 8.0).values == {
        "reps": None,
        "rep_km": None,
        "rep_pace_s_per_km": None,
    }


def test_what_to_do_on_an_injured_day_is_only_the_injury() -> None:
    from risk.model import assess
    from tests.model.helpers import easy_days, runs

    injuries = pd.DataFrame(
        [{"date": day(35), "return_date": None, "site": "hamstring", "side": "left"}]
    )
    result = assess(runs(*easy_days(0, 34)), None, None, PROFILE, on=day(40), injuries=injuries)
    tips = advice.what_to_do(result.daily, day(40), result.params)
    assert len(tips) == 1 and tips[0].startswith("An injury is open")


@pytest.mark.parametrize(
    ("n", "word", "said"),
    [(0, "week", "0 weeks"), (1, "week", "1 week"), (2, "week", "2 weeks")],
)
def test_plural_says_one_without_an_s(n: int, word: str, said: str) -> None:
    assert views.plural(n, word) == said
    assert views.plural(1, "strength session") == "1 strength session"


def test_last_complete_week_is_the_newest_that_has_ended() -> None:
    mondays = [dt.date(2026, 11, 23), dt.date(2026, 11, 16), dt.date(2026, 11, 9)]
    # Thursday 26 Nov: the week of 23 Nov is under way, the one of 16 Nov is complete.
    assert views.last_complete_week(mondays, dt.date(2026, 11, 26)) == 1
    # Sunday 29 Nov: the week of 23 Nov ends today, so it is complete (Sunday's review).
    assert views.last_complete_week(mondays, dt.date(2026, 11, 29)) == 0
    # Oldest first works too, and with no complete week the newest is shown.
    assert views.last_complete_week(mondays[::-1], dt.date(2026, 11, 26)) == 1
    assert views.last_complete_week(mondays[:1], dt.date(2026, 11, 24)) == 0
    assert views.last_complete_week([], dt.date(2026, 11, 24)) == 0


@pytest.mark.parametrize("units", ["km", "mi"])
def test_week_columns_head_every_column_of_the_weeks_table(
    result: Assessment, units: Units
) -> None:
    table = views.weeks_table(result.weekly, units, result.daily)
    heads = views.week_columns(units, result.params)
    assert list(heads) == [c for c in heads if c in table.columns]
    assert set(table.columns) <= set(heads)
    assert set(views.week_columns_short(units)) <= set(table.columns)
    assert len(views.week_columns_short(units)) == 5
    assert "Foster" in heads["sRPE load"][1] and "× minutes" in heads["sRPE load"][1]
    assert "eccentric" in heads["Hamstring load (HEL)"][1]
    assert all(meaning for _, meaning in heads.values())


def test_a_settings_problem_leads_with_the_settings_meaning() -> None:
    from risk.model import DEFAULT

    said = views.setting_problem("ratio_amber must be between 1 and 3 (got 99)", DEFAULT)
    assert said.startswith("Load-to-capacity ratio that turns a day amber (ratio_amber) must")
    assert said.endswith("(got 99)")
    assert views.setting_problem("something else", DEFAULT) == "something else"
