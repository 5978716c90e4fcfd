"""The speed-session planner: "is Thursday's interval session wise? If not, when?"

DESIGN.md, "Planner" (revised): project the series with the plan (days between today and
then as logged or planned, else rest) and report the band on the day and the two after.
Only green is a good day; the search runs from the planned day forward, never before it
nor before today. When the day is not green, the answer says what would make it green in
the terms of the rule that binds (fast km, distance), and never offers more than the
runner has done of that kind plus ``planner_margin``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from risk.model.assess import verdict_for
from risk.model.daily import Profile, daily_frame, row_at
from risk.model.indicator import WARNINGS, Reason
from risk.model.load import hamstring_load
from risk.model.params import DEFAULT, Params

#: Keys of the planner's answer as the CLI's ``plan --json`` prints it.
PLAN_KEYS = (
    "band_on_day",
    "bands_next_two_days",
    "earliest_good_day",
    "max_distance_km",
    "reasons",
)
#: Only green is a good day for a speed session (DESIGN.md "Planner", revised).
GOOD_BANDS = ("green",)
ALARM_BANDS = ("amber", "red")


@dataclass(frozen=True)
class PlannedRun:
    """A session to try: date, run type, distance, and optionally fast km and strides."""

    date: dt.date
    type: str
    distance_km: float
    fast_km: float | None = None
    strides: int | None = None

    def row(self, day: dt.date | None = None) -> dict[str, Any]:
        return {
            "date": pd.Timestamp(day or self.date),
            "type": self.type,
            "distance_km": self.distance_km,
            "fast_km": self.fast_km,
            "strides": self.strides,
        }


@dataclass(frozen=True)
class PlanAnswer:
    """The planner's answer, with the projected daily frames with and without the session."""

    session: PlannedRun
    band_on_day: str
    bands_next_two_days: list[str]
    earliest_good_day: dt.date | None
    max_distance_km: float | None
    reasons: list[Reason]
    #: The session's own day is good: green, and neither day after amber or red.
    good_on_day: bool = False
    #: Most fast km that would make the day good at the same distance (None: not the
    #: binding rule, or no fast km planned).
    max_fast_km: float | None = None
    #: The rules that keep the day from green, by code (``ratio_amber``, ``fast_spike``…).
    binding: tuple[str, ...] = ()
    #: The longest session of this kind in the log and the most fast km of any session:
    #: limits never exceed them by more than ``planner_margin``.
    largest_done_km: float | None = None
    most_fast_done_km: float | None = None
    candidates: dict[dt.date, str] = field(default_factory=dict)
    with_session: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    without_session: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The answer with exactly :data:`PLAN_KEYS`, JSON-ready (dates as ISO strings)."""
        return {
            "band_on_day": self.band_on_day,
            "bands_next_two_days": list(self.bands_next_two_days),
            "earliest_good_day": (
                self.earliest_good_day.isoformat() if self.earliest_good_day else None
            ),
            "max_distance_km": self.max_distance_km,
            "reasons": [asdict(r) for r in self.reasons],
        }


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return (
        pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    )


def plan_session(
    runs: pd.DataFrame | None,
    sets: pd.DataFrame | None,
    checkins: pd.DataFrame | None,
    profile: Profile,
    session: PlannedRun,
    params: Params = DEFAULT,
    *,
    today: dt.date,
    planned: pd.DataFrame | None = None,
    injuries: pd.DataFrame | None = None,
    sizes: bool = True,
) -> PlanAnswer:
    """Judge ``session`` on its day and the two after, and find a better day or size.

    Logged entries up to ``today`` count as done; ``planned`` sessions after today count
    as if done (those on the session's own day are replaced by it; a session tried on
    another day adds to what is planned there); other days are rest.
    A day is good when its band with the session is green and neither day after is amber
    or red. The earliest good day is searched over ``planner_days`` days from the later
    of the session's day and today; ``candidates`` holds the band of each day searched,
    up to the first good one. When the day is not good, ``max_distance_km`` is the
    longest session (fast km scaled along, 0.1 km steps) and ``max_fast_km`` the most
    fast km at the planned distance that would make it good, each capped at what the
    runner has done (:func:`largest_done`) plus ``planner_margin``; None when the session
    is good as it is, or when no size helps (e.g. a soreness warning). ``injuries`` (as
    :func:`risk.model.assess` takes them): while one is open no day is green, so no speed
    session is good. With ``sizes`` False the sizes are not searched (both None): each
    costs a few projections, and a verdict with its earliest good day needs none.
    """
    runs_now = _until(runs, today)
    future = _future(planned, today, session.date)
    base_runs = (
        pd.concat([f for f in (runs_now, future) if len(f)], ignore_index=True)
        if (len(runs_now) or len(future))
        else runs_now
    )
    window_start = max(session.date, today)
    candidates = [window_start + dt.timedelta(days=i) for i in range(params.planner_days)]
    end = max(session.date, candidates[-1]) + dt.timedelta(days=2)
    sets_now, checks_now = _until(sets, today), _until(checkins, today)

    def project(trial: PlannedRun | None) -> pd.DataFrame:
        if trial is None:
            frame = base_runs
        else:
            extra = _frame([trial.row()], list(base_runs.columns))
            frame = pd.concat([base_runs, extra], ignore_index=True)
        daily, _ = daily_frame(
            frame,
            sets_now,
            checks_now,
            profile,
            params,
            end=end,
            fit_until=today,
            injuries=injuries,
        )
        return daily

    def good(daily: pd.DataFrame, day: dt.date) -> bool:
        band = verdict_for(daily, day, params).band
        after = [verdict_for(daily, day + dt.timedelta(days=k), params).band for k in (1, 2)]
        return band in GOOD_BANDS and not any(b in ALARM_BANDS for b in after)

    with_session = project(session)
    without = project(None)
    verdict = verdict_for(with_session, session.date, params)
    next_two = [
        verdict_for(with_session, session.date + dt.timedelta(days=k), params).band for k in (1, 2)
    ]
    good_on_day = good(with_session, session.date)
    bands: dict[dt.date, str] = {}
    earliest: dt.date | None = None
    for day in candidates:
        moved = replace(session, date=day)
        daily = with_session if day == session.date else project(moved)
        bands[day] = verdict_for(daily, day, params).band
        if good(daily, day):
            earliest = day
            break  # the answer to "when?": later days need no projection
    done_km, done_fast = largest_done(runs_now, session.type, profile.v_max_ms, params)
    binding = tuple(
        dict.fromkeys(
            code
            for k in range(3)
            for code in _binding(with_session, session.date + dt.timedelta(days=k))
        )
    )
    max_km = max_fast = None
    if sizes and not good_on_day and verdict.band not in ("grey", "none", "injured"):
        fits = _size_rules_only(binding)
        if fits:
            max_km = _largest(
                lambda s: good(project(_scaled(session, s)), session.date),
                session.distance_km,
                _ceiling(done_km, params),
            )
            if session.fast_km and "fast_spike" in binding:
                fast = session.fast_km
                max_fast = _largest(
                    lambda s: good(project(replace(session, fast_km=fast * s)), session.date),
                    fast,
                    _ceiling(done_fast, params),
                )
    return PlanAnswer(
        session=session,
        band_on_day=verdict.band,
        bands_next_two_days=next_two,
        earliest_good_day=earliest,
        max_distance_km=max_km,
        reasons=verdict.reasons,
        good_on_day=good_on_day,
        max_fast_km=max_fast,
        binding=binding,
        largest_done_km=done_km,
        most_fast_done_km=done_fast,
        candidates=bands,
        with_session=with_session,
        without_session=without,
    )


def largest_done(
    runs: pd.DataFrame, kind: str, v_max_ms: float | None = None, params: Params = DEFAULT
) -> tuple[float | None, float | None]:
    """The longest logged run of ``kind`` (of any kind when none of it is logged) and the
    most fast km of any logged run (0 when none was fast).

    With ``v_max_ms`` the fast km are the model's, from reps, strides and speed profiles
    too (:func:`risk.model.load.hamstring_load`); without, the logged ``fast_km`` column.
    """
    if runs is None or runs.empty or "distance_km" not in runs:
        return None, None
    same = runs[runs["type"] == kind] if "type" in runs else runs.iloc[0:0]
    if same.empty:
        same = runs
    km = pd.to_numeric(same["distance_km"], errors="coerce").max() if len(same) else np.nan
    if v_max_ms is not None and "type" in runs:
        fast = hamstring_load(runs, v_max_ms, params)["fast_km"].max()
    else:
        fast = pd.to_numeric(runs["fast_km"], errors="coerce").max() if "fast_km" in runs else 0
    return (
        float(km) if pd.notna(km) else None,
        float(fast) if pd.notna(fast) else 0.0,
    )


def _binding(daily: pd.DataFrame, day: dt.date) -> tuple[str, ...]:
    """The rules behind a non-green day: ratio flags and warnings of any level."""
    row = row_at(daily, day)
    if row is None:
        return ()
    codes = ("ratio_red", "ratio_amber", *WARNINGS)
    return tuple(c for c in codes if bool(row.get(c, False)))


#: Rules a smaller session cannot help: the soreness the runner reported needs days.
REPORTED_SORENESS = ("sore_reported", "sore_above_median")


def _size_rules_only(binding: tuple[str, ...]) -> bool:
    """Whether a smaller session can help: no reported-soreness warning binds."""
    return bool(binding) and not any(c in REPORTED_SORENESS for c in binding)


def _scaled(session: PlannedRun, share: float) -> PlannedRun:
    """The session at ``share`` × its distance, fast km and strides (strides rounded down)."""
    return replace(
        session,
        distance_km=session.distance_km * share,
        fast_km=None if session.fast_km is None else session.fast_km * share,
        strides=None if session.strides is None else int(session.strides * share),
    )


def _largest(ok: Callable[[float], bool], full: float, ceiling: float | None) -> float | None:
    """The largest size in 0.1 km steps, up to ``full`` and ``ceiling``, for which
    ``ok(share of full)`` holds; None when no step is ok.

    A binary search on the 0.1 km grid (smaller is assumed safer), so each answer costs
    about log2(steps) projections and the returned size is itself one that was checked.
    """
    top = math.floor(min(full, ceiling if ceiling is not None else full) * 10 + 1e-9)
    if top <= 0 or full <= 0:
        return None
    if ok(top / 10 / full):
        return round(top / 10, 1)
    lo, hi = 0, top  # ok(lo) is assumed (nothing at all), ok(hi) is False
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid / 10 / full):
            lo = mid
        else:
            hi = mid
    return round(lo / 10, 1) if lo > 0 else None


def _ceiling(done: float | None, params: Params) -> float | None:
    """The most the planner offers: what was done × (1 + ``planner_margin``), or None
    (no ceiling) when nothing was done."""
    return None if done is None else done * (1 + params.planner_margin)


def _until(frame: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["date"]) if frame is None else frame
    dates = pd.to_datetime(frame["date"])
    return frame[dates <= pd.Timestamp(today)]


def _future(planned: pd.DataFrame | None, today: dt.date, day: dt.date) -> pd.DataFrame:
    if planned is None or planned.empty:
        return pd.DataFrame(columns=["date", "type", "distance_km", "fast_km", "strides"])
    dates = pd.to_datetime(planned["date"])
    keep = (dates > pd.Timestamp(today)) & (dates != pd.Timestamp(day))
    cols = [c for c in ("date", "type", "distance_km", "fast_km", "strides") if c in planned]
    return planned.loc[keep, cols]
