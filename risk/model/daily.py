"""The daily calendar: loads, ratios, strength, capacity and soreness, one row per day.

The calendar runs from the athlete's first entry (run, strength session or check-in)
to ``end``; rest days are 0. When ``start`` is earlier than the first entry, the days
before it are NaN (unknown), never 0 (DESIGN.md, "The model").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from risk.model import injury, load, ratios, soreness, strength
from risk.model.params import DEFAULT, Params

RUN_COLUMNS = (
    "date",
    "type",
    "distance_km",
    "duration_min",
    "rpe",
    "fast_km",
    "strides",
    "speed_profile",
    "reps",
    "rep_km",
    "rep_pace_s_per_km",
)
SET_COLUMNS = ("date", "exercise", "sets", "reps", "load_kg", "assisted")
CHECKIN_COLUMNS = ("date", "soreness_left", "soreness_right")


@dataclass(frozen=True)
class Profile:
    """What the model needs of a runner: max sprint speed (m/s) and body mass (kg)."""

    v_max_ms: float
    body_mass_kg: float

    def __post_init__(self) -> None:
        if not (self.v_max_ms > 0 and self.body_mass_kg > 0):
            raise ValueError("max speed and body mass must be positive")


def cell(frame: pd.DataFrame, day: dt.date | pd.Timestamp, column: str) -> float:
    """The float value of ``column`` on ``day`` of a daily frame (NaN if the day is absent)."""
    ts = pd.Timestamp(day)
    pos = int(frame.index.searchsorted(ts))
    if pos >= len(frame) or frame.index[pos] != ts:
        return float("nan")
    return float(frame[column].to_numpy()[pos])


def row_at(frame: pd.DataFrame, day: dt.date | pd.Timestamp) -> pd.Series | None:
    """The row of ``day`` of a daily frame, or None."""
    ts = pd.Timestamp(day)
    pos = int(frame.index.searchsorted(ts))
    if pos >= len(frame) or frame.index[pos] != ts:
        return None
    return frame.iloc[pos]


_EPOCH = np.datetime64("1970-01-01", "D")


def _dates(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """Rows with a date, ``date`` as midnight datetimes, every column of ``columns`` present."""
    if frame is None or len(frame) == 0:
        return pd.DataFrame(
            {c: pd.Series(dtype="datetime64[ns]" if c == "date" else object) for c in columns}
        )
    dates = pd.to_datetime(frame["date"]).to_numpy().astype("datetime64[D]")
    ok = ~np.isnat(dates)
    out = frame.loc[ok] if not ok.all() else frame
    extra = {c: None for c in columns if c not in out}
    return out.assign(date=dates[ok].astype("datetime64[ns]"), **extra)


def _day_index(frame: pd.DataFrame, first_day: np.datetime64) -> np.ndarray:
    """Position of each row's date in a calendar starting on ``first_day``."""
    return (frame["date"].to_numpy().astype("datetime64[D]") - first_day).astype(np.int64)


def _per_day(idx: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum of ``values`` per calendar day (rows outside the calendar ignored)."""
    inside = (idx >= 0) & (idx < n)
    return np.bincount(idx[inside], weights=np.nan_to_num(values[inside]), minlength=n)[:n]


def first_entry(
    runs: pd.DataFrame, sets: pd.DataFrame, checkins: pd.DataFrame
) -> pd.Timestamp | None:
    """The first day with any entry, or None for an empty log."""
    firsts = [f["date"].min() for f in (runs, sets, checkins) if len(f)]
    firsts = [f for f in firsts if pd.notna(f)]
    return min(firsts) if firsts else None


def daily_frame(
    runs: pd.DataFrame | None,
    sets: pd.DataFrame | None,
    checkins: pd.DataFrame | None,
    profile: Profile,
    params: Params = DEFAULT,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    fit_until: dt.date | None = None,
    rolling_ratios: bool = False,
    injuries: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, soreness.SorenessFit]:
    """The daily series of one athlete and the soreness fit it used.

    Columns: ``km``, ``fast_km``, ``cross_km``, ``runs``, ``hel_run`` (running HEL, the
    load of every ratio), ``hel_nordic``, ``hel`` (both; drives soreness), ``srpe``,
    ``acute``, ``chronic``, ``acwr`` (+ ``acwr_coupled``/``acwr_uncoupled`` when
    ``rolling_ratios``), ``monotony``, ``strain``, ``dose``, ``weekly_dose``,
    ``protection``, ``si`` (+ one ``si_<exercise>`` each), ``si_trend``, ``capacity``,
    ``ratio`` (load-to-capacity L = ACWR / Cap), ``excess``, ``soreness_predicted``,
    ``soreness_reported``, ``day`` (0 on the first entry), the injury columns of
    :func:`risk.model.injury.injury_columns` (``injured``, ``returning``, ``layoff``,
    ``injury_site``, ``injury_side``, ``injury_since``, ``injury_back``; from
    ``injuries``, a frame like the store's injuries query, all False/empty without one)
    and, from :func:`risk.model.indicator.indicate`, flags, ``band`` and ``reasons``.

    Nordic reps add to ``hel`` (they make you sore) but not to ``hel_run``: counting the
    protective work in the spike ratio would let one more Nordic session raise the ratio
    once protection is capped. Predicted soreness is the runner's usual level plus a
    gain times the lagged excess, with the lag's peak chosen per runner
    (:func:`risk.model.soreness.fit_soreness`); all three are fitted on check-ins up to
    ``fit_until`` (default ``end``), so a verdict never learns from later days.
    """
    from risk.model import indicator  # indicator builds on this module's columns

    runs_f = _dates(runs, RUN_COLUMNS)
    sets_f = _dates(sets, SET_COLUMNS)
    checks_f = _dates(checkins, CHECKIN_COLUMNS)
    first = first_entry(runs_f, sets_f, checks_f)
    last_day = pd.Timestamp(end) if end is not None else None
    if first is None:
        anchor = last_day if last_day is not None else pd.Timestamp(start) if start else None
        days = (
            pd.date_range(pd.Timestamp(start) if start else anchor, anchor, freq="D")
            if anchor is not None
            else pd.DatetimeIndex([])
        )
    else:
        lo = min(pd.Timestamp(start), first) if start is not None else first
        hi = (
            last_day
            if last_day is not None
            else max(first_entry_last(runs_f, sets_f, checks_f), first)
        )
        days = pd.date_range(lo, max(hi, lo), freq="D")
    days.name = "date"
    n = len(days)
    start_day = days[0].to_datetime64().astype("datetime64[D]") if n else _EPOCH
    run_idx = _day_index(runs_f, start_day)
    set_idx = _day_index(sets_f, start_day)
    pos = np.arange(n)
    first_pos = int(days.searchsorted(first)) if first is not None else n
    known = pos >= first_pos
    cols: dict[str, np.ndarray] = {"day": np.where(known, pos - first_pos, -1)}

    def per_day(idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.where(known, _per_day(idx, values, n), np.nan)

    per_run = load.hamstring_load(runs_f, profile.v_max_ms, params)
    cross = per_run["cross"].to_numpy(bool)
    dist = np.nan_to_num(pd.to_numeric(runs_f["distance_km"], errors="coerce").to_numpy(float))
    cols["km"] = per_day(run_idx, np.where(cross, 0.0, dist))
    cols["cross_km"] = per_day(run_idx, np.where(cross, dist, 0.0))
    cols["fast_km"] = per_day(run_idx, per_run["fast_km"].to_numpy(float))
    cols["runs"] = per_day(run_idx, (~cross).astype(float))
    cols["hel_run"] = per_day(run_idx, per_run["hel"].to_numpy(float))
    cols["srpe"] = per_day(run_idx, load.session_rpe_load(runs_f).to_numpy(float))
    nordic = strength.nordic_reps(sets_f, params).to_numpy(float) * params.nordic_rep_hel
    cols["hel_nordic"] = per_day(set_idx, nordic)
    dose = strength.set_dose(sets_f, profile.body_mass_kg, params).to_numpy(float)
    cols["dose"] = per_day(set_idx, dose)
    cols["hel"] = cols["hel_run"] + cols["hel_nordic"]

    hel_run = pd.Series(cols["hel_run"], index=days)
    cols["acute"] = ratios.ewma(hel_run, params.acute_days, params.seed_days).to_numpy()
    chronic = ratios.ewma(hel_run, params.chronic_days, params.seed_days).to_numpy()
    cols["chronic"] = chronic
    cols["acwr"] = ratios._ratio(cols["acute"], cols["chronic"])
    if rolling_ratios:
        for method in ("coupled", "uncoupled"):
            cols[f"acwr_{method}"] = ratios.acwr(
                hel_run, method, params.acute_days, params.chronic_days
            ).to_numpy()
    cols["monotony"] = ratios.monotony(hel_run, 7, params.monotony_cap).to_numpy()
    cols["strain"] = ratios.strain(hel_run, 7, params.monotony_cap).to_numpy()

    prot = strength.protection(pd.Series(cols["dose"], index=days), params)
    cols["weekly_dose"] = prot["weekly_dose"].to_numpy()
    cols["protection"] = prot["protection"].to_numpy()
    si = strength.strength_index(sets_f, days[first_pos:], profile.body_mass_kg, params)
    for col in si.columns:
        cols[col] = np.concatenate((np.full(first_pos, np.nan), si[col].to_numpy(float)))
    cap = strength.capacity(cols["protection"], cols["si"], params)
    cols["capacity"] = np.where(known, cap, np.nan)
    cols["ratio"] = cols["acwr"] / cols["capacity"]

    chronic_before = pd.Series(_day_before(hel_run, chronic, params), index=days)
    e = soreness.excess(pd.Series(cols["hel"], index=days), chronic_before, params)
    cols["excess"] = e.to_numpy()
    reported = _reported(checks_f, _day_index(checks_f, start_day), days)
    cols["soreness_reported"] = reported.to_numpy(float)
    cutoff = pd.Timestamp(fit_until) if fit_until is not None else days[-1] if n else None
    fit = soreness.fit_soreness(e, reported, params, until=cutoff)
    x = soreness.lagged(e, params, fit.kernel)
    cols["soreness_predicted"] = soreness.predicted(x, fit.gain, fit.level).to_numpy()
    # The part above the runner's usual soreness: what the predicted-soreness warning
    # judges (a runner who is usually a bit sore is not warned every day).
    cols["soreness_predicted_above_usual"] = soreness.predicted(x, fit.gain).to_numpy()

    cols.update(injury.injury_columns(days, injuries, params))
    cols.update(indicator.indicate(cols, days, sets_f, set_idx, params))
    out = pd.DataFrame(cols, index=days)
    return out, fit


def first_entry_last(
    runs: pd.DataFrame, sets: pd.DataFrame, checkins: pd.DataFrame
) -> pd.Timestamp:
    """The last day with any entry (the default end of the calendar)."""
    lasts = [f["date"].max() for f in (runs, sets, checkins) if len(f)]
    return max(pd.Timestamp(x) for x in lasts)


def _day_before(daily: pd.Series, chronic: np.ndarray, params: Params) -> np.ndarray:
    """The chronic load of the day before each day; on the first day, the EWMA's seed."""
    values = daily.to_numpy(float)
    before = np.concatenate(([np.nan], chronic[:-1]))
    known = np.flatnonzero(~np.isnan(values))
    if known.size:
        first = int(known[0])
        before[first] = float(np.nan_to_num(values[first:][: params.seed_days]).mean())
    return before


def _reported(checkins: pd.DataFrame, idx: np.ndarray, days: pd.DatetimeIndex) -> pd.Series:
    """Hamstring soreness reported per day: the sorer side of the day's check-in."""
    out = np.full(len(days), np.nan)
    if len(checkins):
        left = pd.to_numeric(checkins["soreness_left"], errors="coerce").to_numpy(float)
        right = pd.to_numeric(checkins["soreness_right"], errors="coerce").to_numpy(float)
        worst = np.fmax(left, right)
        inside = (idx >= 0) & (idx < len(days)) & ~np.isnan(worst)
        np.fmax.at(out, idx[inside], worst[inside])
    return pd.Series(out, index=days)
