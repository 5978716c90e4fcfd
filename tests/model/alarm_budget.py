"""The alarm budget: synthetic runners with known stories, and what the indicator says of them.

A runner ignores a colour that is amber on a normal week, so the indicator is held to
numbers (issue "A verdict a runner can trust"): how often it warns on steady training,
and which designed dangers it must flag. ``tests/model/test_alarm_budget.py`` asserts
the targets; ``bench/bench_alarms.py`` prints the whole table.

The runners are written from training a runner would recognise, independently of the
indicator's rules: a week of five runs with one interval session (3 km at ≥ 80 % of max
speed), two strength sessions, noise on every distance. Each story changes one thing:
a rest or deload week, strides after weeks without speed, months off, a week of doubled
intervals with or without an 8-week Nordic block before it, six weeks of detraining.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from risk.model import Params, Profile, assess
from risk.model.params import DEFAULT

START = dt.date(2024, 1, 1)  # a Monday
PROFILE = Profile(v_max_ms=8.0, body_mass_kg=70.0)
WARM_UP_WEEKS = 4
ALARM = ("amber", "red")


@dataclass
class Story:
    """A synthetic runner: their log, and the days that matter in their story."""

    name: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    sets: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    weeks: int = 0
    #: Days the indicator must flag on or before (amber or red within the 7 days up to it).
    dangers: list[dt.date] = field(default_factory=list)
    #: The days a rule is judged on (e.g. the 14 days after a rest week).
    window: tuple[dt.date, dt.date] | None = None

    @property
    def end(self) -> dt.date:
        return START + dt.timedelta(weeks=self.weeks) - dt.timedelta(days=1)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        runs = pd.DataFrame.from_records(
            self.runs,
            columns=["date", "type", "distance_km", "duration_min", "fast_km", "strides", "rpe"],
        )
        sets = pd.DataFrame.from_records(
            self.sets, columns=["date", "session_id", "exercise", "sets", "reps", "load_kg"]
        ).assign(assisted=False)
        checks = pd.DataFrame.from_records(
            self.checkins, columns=["date", "soreness_left", "soreness_right"]
        )
        for frame in (runs, sets, checks):
            frame["date"] = pd.to_datetime(frame["date"])
        return runs, sets, checks


def _week_days(week: int) -> list[dt.date]:
    monday = START + dt.timedelta(weeks=week)
    return [monday + dt.timedelta(days=k) for k in range(7)]


class Builder:
    """Adds weeks of training to a :class:`Story`, seeded so every build is the same."""

    def __init__(self, name: str, noise: float = 0.05, seed: int = 1) -> None:
        self.story = Story(name)
        self.noise = noise
        self.rng = np.random.default_rng(seed)

    def _km(self, km: float) -> float:
        if self.noise == 0:
            return km
        return round(km * float(1 + self.rng.normal(0, self.noise)), 2)

    def run(self, day: dt.date, kind: str, km: float, **extra: Any) -> None:
        self.story.runs.append({"date": day, "type": kind, "distance_km": self._km(km), **extra})

    def strength(self, day: dt.date, nordic_reps: int = 6, nordic_sets: int = 3) -> None:
        sid = len(self.story.sets)
        self.story.sets.append(
            {
                "date": day,
                "session_id": sid,
                "exercise": "nordic",
                "sets": nordic_sets,
                "reps": nordic_reps,
                "load_kg": 0.0,
            }
        )
        self.story.sets.append(
            {"date": day, "session_id": sid, "exercise": "rdl", "sets": 3, "reps": 8, "load_kg": 40}
        )

    def week(
        self,
        *,
        scale: float = 1.0,
        intervals: int = 1,
        fast_km: float = 3.0,
        strength: bool = True,
        strides: int | None = None,
        tempo: bool = False,
    ) -> None:
        """Mon rest, Tue intervals, Wed easy, Thu easy, Fri rest, Sat easy, Sun long."""
        mon, tue, wed, thu, _fri, sat, sun = _week_days(self.story.weeks)
        if intervals >= 1:
            self.run(tue, "intervals", 10 * scale, fast_km=self._km(fast_km))
        else:
            self.run(tue, "easy", 10 * scale)
        self.run(wed, "easy", 8 * scale)
        if intervals >= 2:
            self.run(thu, "intervals", 10 * scale, fast_km=self._km(fast_km))
        elif tempo:
            self.run(thu, "tempo", 6 * scale)
        else:
            self.run(thu, "easy", 10 * scale)
        self.run(sat, "easy", 8 * scale, strides=strides)
        self.run(sun, "long", 16 * scale)
        if strength:
            self.strength(mon)
            self.strength(thu)
        self.story.weeks += 1

    def easy_week(self, *, scale: float = 1.0, strength: bool = True) -> None:
        """Five easy runs, no fast running."""
        self.week(scale=scale, intervals=0, strength=strength)

    def rest_week(self, *, strength: bool = False) -> None:
        mon, *_rest = _week_days(self.story.weeks)
        if strength:
            self.strength(mon)
        self.story.weeks += 1

    def nothing(self, weeks: int) -> None:
        self.story.weeks += weeks

    def week_start(self) -> dt.date:
        return START + dt.timedelta(weeks=self.story.weeks)


# --- The stories --------------------------------------------------------------------------


def steady(noise: float = 0.05, strength: bool = True, weeks: int = 52) -> Story:
    b = Builder(f"steady, noise {noise:.0%}" + ("" if strength else ", no strength"), noise)
    for _ in range(weeks):
        b.week(strength=strength)
    return b.story


def _judged_fortnight(b: Builder) -> tuple[dt.date, dt.date]:
    first = b.week_start()
    return first, first + dt.timedelta(days=13)


def after_rest_week(noise: float = 0.05) -> Story:
    b = Builder("rebound after a rest week", noise)
    for _ in range(20):
        b.week()
    b.rest_week()
    b.story.window = _judged_fortnight(b)
    for _ in range(8):
        b.week()
    return b.story


def after_deload_week(noise: float = 0.05) -> Story:
    b = Builder("rebound after a deload week", noise)
    for _ in range(20):
        b.week()
    b.week(scale=0.5, intervals=0)
    b.story.window = _judged_fortnight(b)
    for _ in range(8):
        b.week()
    return b.story


def strides_after_break(kind: str = "strides", noise: float = 0.05) -> Story:
    """Eight weeks of easy running only, then a week with 6 strides or a short tempo."""
    b = Builder(f"{kind} after 8 weeks without speed", noise)
    for _ in range(12):
        b.week()
    for _ in range(8):
        b.easy_week()
    b.story.window = _judged_fortnight(b)
    if kind == "strides":
        b.week(intervals=0, strides=6)
    else:
        b.week(intervals=0, tempo=True)
    for _ in range(3):
        b.easy_week()
    return b.story


def return_after_months_off(noise: float = 0.05) -> Story:
    """A year of training, 12 weeks off, then two weeks of small easy runs (6 km + 5 km)."""
    b = Builder("return after 12 weeks off", noise)
    for _ in range(40):
        b.week()
    b.nothing(12)
    b.story.window = _judged_fortnight(b)
    for _ in range(2):
        tue, thu = b.week_start() + dt.timedelta(days=1), b.week_start() + dt.timedelta(days=3)
        b.run(tue, "easy", 6)
        b.run(thu, "easy", 5)
        b.story.weeks += 1
    return b.story


def interval_spike(strength_block: bool, noise: float = 0.05) -> Story:
    """16 weeks of steady running without strength work, then a week of doubled
    intervals (two sessions of 3 fast km instead of one); with ``strength_block`` the 8
    weeks before it add Nordics."""
    name = "interval spike " + ("after an 8-week Nordic block" if strength_block else "alone")
    b = Builder(name, noise)
    for w in range(16):
        b.week(strength=strength_block and w >= 8)
    b.story.window = _judged_fortnight(b)
    b.week(intervals=2, strength=strength_block)
    b.story.dangers.append(b.week_start() - dt.timedelta(days=4))  # the second session
    for _ in range(3):
        b.week(strength=strength_block)
    return b.story


def detraining(noise: float = 0.05) -> Story:
    """20 weeks with strength work, then 6 weeks of the same running without it."""
    b = Builder("six weeks of detraining", noise)
    for _ in range(20):
        b.week()
    b.story.window = (b.week_start(), b.week_start() + dt.timedelta(weeks=6, days=-1))
    for _ in range(6):
        b.week(strength=False)
    return b.story


def return_running_daily(noise: float = 0.05) -> Story:
    """A year of training, 5 weeks off, then easy 5 km every day for three weeks."""
    b = Builder("return after 5 weeks off, daily easy runs", noise)
    for _ in range(40):
        b.week()
    b.nothing(5)
    b.story.window = _judged_fortnight(b)
    for _ in range(3):
        for k in range(7):
            b.run(b.week_start() + dt.timedelta(days=k), "easy", 5)
        b.story.weeks += 1
    return b.story


def spike_after_detraining(detrained: bool, noise: float = 0.05) -> Story:
    """20 weeks with strength work, 6 more weeks with or without it, then a week of
    doubled intervals: detraining alone must be able to change the spike's band."""
    name = "interval spike after " + ("6 weeks of detraining" if detrained else "26 strong weeks")
    b = Builder(name, noise)
    for _ in range(20):
        b.week()
    for _ in range(6):
        b.week(strength=not detrained)
    b.story.window = _judged_fortnight(b)
    b.week(intervals=2, strength=not detrained)
    b.story.dangers.append(b.week_start() - dt.timedelta(days=4))
    for _ in range(2):
        b.week(strength=not detrained)
    return b.story


STORIES: dict[str, Callable[[], Story]] = {
    "steady 0 %": lambda: steady(0.0),
    "steady 5 %": lambda: steady(0.05),
    "steady 10 %": lambda: steady(0.10),
    "steady 5 %, no strength": lambda: steady(0.05, strength=False),
    "after a rest week": after_rest_week,
    "after a deload week": after_deload_week,
    "strides after a break": lambda: strides_after_break("strides"),
    "short tempo after a break": lambda: strides_after_break("tempo"),
    "return after months off": return_after_months_off,
    "daily easy runs after weeks off": return_running_daily,
    "interval spike alone": lambda: interval_spike(False),
    "interval spike after Nordics": lambda: interval_spike(True),
    "detraining": detraining,
    "spike after detraining": lambda: spike_after_detraining(True),
    "spike while strong": lambda: spike_after_detraining(False),
}


# --- Measuring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """What the indicator said of one runner, after warm-up."""

    name: str
    days: int
    amber_pct: float
    red_pct: float
    risky_weeks_pct: float
    episodes_per_month: float
    #: For each designed danger day: the worst band of the 7 days up to it.
    dangers: tuple[str, ...]
    #: Share of alarm days (amber/red) inside the story's window, %.
    window_alarm_pct: float | None
    window: tuple[dt.date, dt.date] | None
    daily: pd.DataFrame = field(repr=False, compare=False)


def episodes(alarm: Iterable[bool], gap: int = 2) -> int:
    """Alarm episodes: runs of alarm days, two runs at most ``gap`` quiet days apart as one."""
    count, quiet = 0, gap + 1
    for flag in alarm:
        if flag:
            if quiet > gap:
                count += 1
            quiet = 0
        else:
            quiet += 1
    return count


def worst(bands: pd.Series) -> str:
    order = {"none": -1, "grey": 0, "rebuilding": 1, "green": 2, "amber": 3, "red": 4, "injured": 5}
    return max(bands, key=lambda b: order.get(str(b), -1)) if len(bands) else "none"


def measure(
    name: str,
    runs: pd.DataFrame,
    sets: pd.DataFrame,
    checkins: pd.DataFrame,
    profile: Profile,
    end: dt.date,
    *,
    dangers: list[dt.date] | None = None,
    window: tuple[dt.date, dt.date] | None = None,
    params: Params = DEFAULT,
    injuries: pd.DataFrame | None = None,
) -> Budget:
    """The budget numbers of one runner's log, judged from the end of warm-up to ``end``."""
    extra: dict[str, Any] = {} if injuries is None else {"injuries": injuries}
    result = assess(runs, sets, checkins, profile, params, on=end, end=end, **extra)
    daily = result.daily
    judged = daily[daily["day"] >= params.warmup_days]
    bands = judged["band"].astype(str)
    alarm = bands.isin(ALARM).to_numpy()
    n = max(len(judged), 1)
    weekly = result.weekly
    first_week = judged.index[0] - pd.Timedelta(days=6) if len(judged) else None
    full_weeks = weekly[weekly.index >= first_week] if first_week is not None else weekly
    found = tuple(
        worst(daily.loc[pd.Timestamp(d) - pd.Timedelta(days=6) : pd.Timestamp(d), "band"])
        for d in dangers or []
    )
    window_pct = None
    if window is not None:
        part = daily.loc[pd.Timestamp(window[0]) : pd.Timestamp(window[1]), "band"].astype(str)
        window_pct = 100.0 * float(part.isin(ALARM).mean()) if len(part) else None
    return Budget(
        name=name,
        days=len(judged),
        amber_pct=100.0 * float((bands == "amber").sum()) / n,
        red_pct=100.0 * float((bands == "red").sum()) / n,
        risky_weeks_pct=100.0 * float(full_weeks["risky"].mean()) if len(full_weeks) else 0.0,
        episodes_per_month=episodes(alarm) / (n / 30.44),
        dangers=found,
        window_alarm_pct=window_pct,
        window=window,
        daily=daily,
    )


def measure_story(story: Story, params: Params = DEFAULT) -> Budget:
    runs, sets, checks = story.frames()
    return measure(
        story.name,
        runs,
        sets,
        checks,
        PROFILE,
        story.end,
        dangers=story.dangers,
        window=story.window,
        params=params,
    )


# --- The demo runner ------------------------------------------------------------------------

DEMO_END = dt.date(2026, 11, 29)


def measure_demo(params: Params = DEFAULT, years: float = 2.0) -> Budget:
    """The demo runner (ending on a pinned Sunday): the danger is the day before its injury."""
    from risk.demo import generate

    runner = generate(years=years, end=DEMO_END)
    runs, sets, checks = runner.frames()
    profile = Profile(runner.athlete["v_max_ms"], runner.athlete["body_mass_kg"])
    dangers = [i["date"] - dt.timedelta(days=1) for i in runner.injuries]
    injuries = pd.DataFrame.from_records(runner.injuries)
    return measure(
        "demo runner",
        runs,
        sets,
        checks,
        profile,
        DEMO_END,
        dangers=dangers,
        params=params,
        injuries=injuries,
    )


# --- The targets ------------------------------------------------------------------------------

Check = tuple[str, bool]


def targets(budget: Budget, steady_alarm_pct: float | None = None) -> list[Check]:
    """The targets that apply to ``budget`` (by its story), each with whether it is met.

    ``steady_alarm_pct`` is the steady runner's alarm rate at the same noise, which the
    rebound windows are held to (+5 points).
    """
    name = budget.name
    alarm_pct = budget.amber_pct + budget.red_pct
    checks: list[Check] = []
    if name.startswith("steady"):
        checks += [
            (f"amber days {budget.amber_pct:.1f} % ≤ 5 %", budget.amber_pct <= 5.0),
            (f"red days {budget.red_pct:.1f} % = 0", budget.red_pct == 0.0),
            (f"risky weeks {budget.risky_weeks_pct:.1f} % ≤ 5 %", budget.risky_weeks_pct <= 5.0),
        ]
    elif name.startswith("rebound"):
        limit = (steady_alarm_pct or 0.0) + 5.0
        got = budget.window_alarm_pct or 0.0
        checks.append(
            (f"14 days after: alarms {got:.1f} % ≤ steady + 5 = {limit:.1f} %", got <= limit)
        )
    elif "after 8 weeks without speed" in name:
        got = budget.window_alarm_pct or 0.0
        checks.append((f"no alarm in the fortnight it starts ({got:.1f} %)", got == 0.0))
    elif name.startswith("return after"):
        bands = budget.daily["band"].astype(str)
        tail = bands.iloc[-14:]
        checks += [
            ("never red on small easy runs", not (tail == "red").any()),
            ("shows 'rebuilding'", bool((tail == "rebuilding").any())),
        ]
    elif name in ("interval spike alone", "interval spike after 6 weeks of detraining"):
        checks.append(
            (f"spike week is red (worst: {budget.dangers[0]})", budget.dangers[0] == "red")
        )
    elif name == "interval spike after 26 strong weeks":
        band = budget.dangers[0]
        checks.append((f"spike week at most amber ({band})", band in ("green", "amber")))
    elif name.startswith("interval spike after"):
        band = budget.dangers[0]
        checks.append((f"spike week at most amber ({band})", band in ("green", "amber")))
        checks.append((f"but flagged ({band})", band == "amber"))
    elif name == "six weeks of detraining" and budget.window is not None:
        daily = budget.daily
        first, last = (pd.Timestamp(d) for d in budget.window)
        before = float(daily.loc[first - pd.Timedelta(days=7) : first, "ratio"].mean())
        after = float(daily.loc[last - pd.Timedelta(days=6) : last, "ratio"].mean())
        checks.append((f"ratio moves {before:.2f} → {after:.2f} (≥ +0.15)", after - before >= 0.15))
    elif name == "demo runner":
        checks += [
            (f"amber/red days {alarm_pct:.1f} % ≤ 15 %", alarm_pct <= 15.0),
            (f"risky weeks {budget.risky_weeks_pct:.1f} % ≤ 20 %", budget.risky_weeks_pct <= 20.0),
            (
                f"alarm episodes {budget.episodes_per_month:.2f} a month ≤ 1",
                budget.episodes_per_month <= 1.0,
            ),
            (
                f"the 7 days before the injury flagged ({', '.join(budget.dangers)})",
                all(b in ALARM for b in budget.dangers) and len(budget.dangers) > 0,
            ),
        ]
    return checks
