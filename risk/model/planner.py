"""The speed-session planner: "is Thursday's interval session wise? If not, when?"

DESIGN.md, "Planner": project the series with the plan (days between today and then as
logged or planned, else rest) and report the band on the day and the two after, the
earliest good day, and the largest distance of the session that keeps L under the
amber threshold on its day.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from risk.model.assess import verdict_for
from risk.model.daily import Profile, cell, daily_frame, row_at
from risk.model.indicator import SORENESS_FLAGS, Reason
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
GOOD_BANDS = ("green", "amber")


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
    #: The session's own day is good: green or amber with no soreness warning.
    good_on_day: bool = False
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
) -> PlanAnswer:
    """Judge ``session`` on its day and the two after, and find a better day if needed.

    Logged entries up to ``today`` count as done; ``planned`` sessions after today count
    as if done (those on the session's own day are replaced by it); other days are rest.
    The earliest good day is searched over ``planner_days`` days from today (from the
    session's day when that is further out): green or amber with no soreness warning;
    ``candidates`` holds the band of each day searched, up to that day.
    ``max_distance_km`` is the largest distance (0.1 km steps, fast km scaled with it)
    that keeps the load-to-capacity ratio under ``ratio_amber`` that day; None when no
    distance reaches it.
    """
    runs_now = _until(runs, today)
    future = _future(planned, today, session.date)
    base_runs = (
        pd.concat([f for f in (runs_now, future) if len(f)], ignore_index=True)
        if (len(runs_now) or len(future))
        else runs_now
    )
    window_start = (
        today
        if session.date <= today + dt.timedelta(days=params.planner_days - 1)
        else session.date
    )
    candidates = [window_start + dt.timedelta(days=i) for i in range(params.planner_days)]
    end = max(session.date, candidates[-1]) + dt.timedelta(days=2)
    sets_now, checks_now = _until(sets, today), _until(checkins, today)

    def project(day: dt.date | None) -> pd.DataFrame:
        extra = [] if day is None else [session.row(day)]
        frame = (
            pd.concat([base_runs, _frame(extra, list(base_runs.columns))], ignore_index=True)
            if extra
            else base_runs
        )
        daily, _ = daily_frame(
            frame, sets_now, checks_now, profile, params, end=end, fit_until=today
        )
        return daily

    with_session = project(session.date)
    without = project(None)
    day_ts = pd.Timestamp(session.date)
    verdict = verdict_for(with_session, session.date, params)
    next_two = [
        verdict_for(with_session, session.date + dt.timedelta(days=k), params).band for k in (1, 2)
    ]
    bands: dict[dt.date, str] = {}
    earliest: dt.date | None = None
    for day in candidates:
        daily = with_session if day == session.date else project(day)
        row = row_at(daily, day)
        assert row is not None  # the projection spans every candidate day
        band = str(row["band"])
        sore = any(bool(row[flag]) for flag in SORENESS_FLAGS)
        bands[day] = band
        if band in GOOD_BANDS and not sore:
            earliest = day
            break  # the answer to "when?": later days need no projection
    max_km = _max_distance(without, day_ts, session, profile, params)
    on_day = row_at(with_session, session.date)
    good_on_day = (
        on_day is not None
        and verdict.band in GOOD_BANDS
        and not any(bool(on_day[flag]) for flag in SORENESS_FLAGS)
    )
    return PlanAnswer(
        session=session,
        band_on_day=verdict.band,
        bands_next_two_days=next_two,
        earliest_good_day=earliest,
        max_distance_km=max_km,
        reasons=verdict.reasons,
        good_on_day=good_on_day,
        candidates=bands,
        with_session=with_session,
        without_session=without,
    )


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


def _max_distance(
    without: pd.DataFrame,
    day: pd.Timestamp,
    session: PlannedRun,
    profile: Profile,
    params: Params,
) -> float | None:
    """Largest distance keeping L = ACWR / Cap under ``ratio_amber`` on ``day``.

    Both EWMAs are linear in the day's load H: acute = λa·H + (1 − λa)·A, chronic =
    λc·H + (1 − λc)·C with A, C the day before, so L < T ⇔ H < (T·c − a) / (λa − T·λc)
    when the denominator is positive (otherwise no load reaches T).
    """
    prev = day - pd.Timedelta(days=1)
    if not cell(without, prev, "day") >= 0:
        return None
    la, lc = 2.0 / (params.acute_days + 1), 2.0 / (params.chronic_days + 1)
    a = (1 - la) * cell(without, prev, "acute")
    c = (1 - lc) * cell(without, prev, "chronic")
    other = cell(without, day, "hel_run")
    target = params.ratio_amber * cell(without, day, "capacity")
    denom = la - target * lc
    if denom <= 0:
        return None
    limit = (target * c - a) / denom - other
    one = pd.DataFrame([session.row()])
    no_strides = pd.DataFrame([{**session.row(), "strides": None}])
    hel_full = float(hamstring_load(one, profile.v_max_ms, params)["hel"].iloc[0])
    hel_plain = float(hamstring_load(no_strides, profile.v_max_ms, params)["hel"].iloc[0])
    stride_part = hel_full - hel_plain
    per_km = hel_plain / session.distance_km if session.distance_km > 0 else 0.0
    if per_km <= 0:
        return None
    km = (limit - stride_part) / per_km
    if km <= 0 or not math.isfinite(km):
        return 0.0
    # Strictly under the threshold, in 0.1 km steps.
    steps = math.floor(km * 10 + 1e-9)
    if math.isclose(steps / 10, km, abs_tol=1e-9):
        steps -= 1
    return float(np.round(max(steps, 0) / 10, 1))
