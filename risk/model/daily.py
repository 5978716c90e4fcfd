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

from risk.model import columns, injury, load, ratios, soreness, strength
from risk.model.params import DEFAULT, Params

#: The columns the model reads from runs, strength sets and check-ins (the input contract
#: :func:`risk.model.assess.assess` refers to): others are ignored, and a column that is
#: missing reads as missing values (:class:`risk.model.columns.Table`), except ``date``.
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


def _dated(frame: pd.DataFrame | columns.Table | None) -> tuple[columns.Table, np.ndarray]:
    """The rows with a date and their dates as ``datetime64[D]``. Columns missing from
    ``frame`` read as missing values (:class:`risk.model.columns.Table`)."""
    table = columns.Table() if frame is None else columns.table(frame)
    if len(table) == 0:
        return table, np.empty(0, "datetime64[D]")
    if not table.has("date"):
        raise KeyError("date")  # as pandas would: every entry of a log has a date column
    dates = table.days()
    ok = ~np.isnat(dates)
    if ok.all():
        return table, dates
    return table.take(ok), dates[ok]


def _per_day(idx: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum of ``values`` per calendar day (rows outside the calendar ignored)."""
    inside = (idx >= 0) & (idx < n)
    return np.bincount(idx[inside], weights=columns.zeroed(values[inside]), minlength=n)[:n]


def daily_frame(
    runs: pd.DataFrame | columns.Table | None,
    sets: pd.DataFrame | columns.Table | None,
    checkins: pd.DataFrame | columns.Table | None,
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

    runs_f, run_days = _dated(runs)
    sets_f, set_days = _dated(sets)
    checks_f, check_days = _dated(checkins)
    entries = [d for d in (run_days, set_days, check_days) if len(d)]
    # Nanoseconds, as pandas keeps midnight datetimes (and the calendar's index with them).
    first = (
        pd.Timestamp(min(d.min() for d in entries).astype("datetime64[ns]")) if entries else None
    )
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
        last_entry = pd.Timestamp(max(d.max() for d in entries).astype("datetime64[ns]"))
        hi = last_day if last_day is not None else max(last_entry, first)
        days = pd.date_range(lo, max(hi, lo), freq="D")
    days.name = "date"
    n = len(days)
    start_day = days[0].to_datetime64().astype("datetime64[D]") if n else _EPOCH
    run_idx = (run_days - start_day).astype(np.int64)
    set_idx = (set_days - start_day).astype(np.int64)
    pos = np.arange(n)
    first_pos = int(days.searchsorted(first)) if first is not None else n
    known = pos >= first_pos
    cols: dict[str, np.ndarray] = {"day": np.where(known, pos - first_pos, -1)}

    def per_day(idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.where(known, _per_day(idx, values, n), np.nan)

    # A log without a type column has runs of unknown type (their RPE gives the speed).
    per_run = load.hamstring_values(runs_f, profile.v_max_ms, params, untyped=None)
    cross = per_run["cross"]
    dist = runs_f.amounts("distance_km")
    cols["km"] = per_day(run_idx, np.where(cross, 0.0, dist))
    cols["cross_km"] = per_day(run_idx, np.where(cross, dist, 0.0))
    cols["fast_km"] = per_day(run_idx, per_run["fast_km"])
    cols["runs"] = per_day(run_idx, (~cross).astype(float))
    cols["hel_run"] = per_day(run_idx, per_run["hel"])
    cols["srpe"] = per_day(run_idx, load.session_rpe_values(runs_f))
    nordic = strength.nordic_values(sets_f, params) * params.nordic_rep_hel
    cols["hel_nordic"] = per_day(set_idx, nordic)
    dose = strength.dose_values(sets_f, profile.body_mass_kg, params)
    cols["dose"] = per_day(set_idx, dose)
    cols["hel"] = cols["hel_run"] + cols["hel_nordic"]

    hel_run = cols["hel_run"]
    cols["acute"] = ratios.ewma_values(hel_run, params.acute_days, params.seed_days)
    chronic = ratios.ewma_values(hel_run, params.chronic_days, params.seed_days)
    cols["chronic"] = chronic
    cols["acwr"] = ratios._ratio(cols["acute"], chronic)
    if rolling_ratios:
        hel_series = pd.Series(hel_run, index=days)
        for method in ("coupled", "uncoupled"):
            cols[f"acwr_{method}"] = ratios.acwr(
                hel_series, method, params.acute_days, params.chronic_days
            ).to_numpy()
    cols["monotony"], cols["strain"] = ratios.monotony_and_strain(hel_run, 7, params.monotony_cap)

    cols["weekly_dose"], cols["protection"] = strength.protection_values(cols["dose"], params)
    si = strength.strength_index_values(
        sets_f, set_idx - first_pos, n - first_pos, profile.body_mass_kg, params
    )
    for col, values in si.items():
        cols[col] = np.concatenate((np.full(first_pos, np.nan), values))
    cap = strength.capacity(cols["protection"], cols["si"], params)
    cols["capacity"] = np.where(known, cap, np.nan)
    cols["ratio"] = cols["acwr"] / cols["capacity"]

    e = soreness.excess_values(cols["hel"], _day_before(hel_run, chronic, params), params)
    cols["excess"] = e
    reported = _reported(checks_f, (check_days - start_day).astype(np.int64), n)
    cols["soreness_reported"] = reported
    upto = None
    if fit_until is not None:  # the calendar is sorted: the days up to fit_until
        upto = int(days.searchsorted(pd.Timestamp(fit_until), side="right"))
    fit = soreness.fit_soreness_values(e, reported, params, upto=upto)
    x = soreness.lagged_values(e, fit.kernel)
    cols["soreness_predicted"] = soreness.predicted_values(x, fit.gain, fit.level)
    # The part above the runner's usual soreness: what the predicted-soreness warning
    # judges (a runner who is usually a bit sore is not warned every day).
    cols["soreness_predicted_above_usual"] = soreness.predicted_values(x, fit.gain)

    cols.update(injury.injury_columns(days, injuries, params))
    cols.update(indicator.indicate(cols, days, sets_f, set_idx, params))
    out = pd.DataFrame(cols, index=days)
    return out, fit


def _day_before(values: np.ndarray, chronic: np.ndarray, params: Params) -> np.ndarray:
    """The chronic load of the day before each day; on the first day, the EWMA's seed."""
    before = np.concatenate(([np.nan], chronic[:-1]))
    known = np.flatnonzero(~np.isnan(values))
    if known.size:
        first = int(known[0])
        before[first] = float(columns.zeroed(values[first:][: params.seed_days]).mean())
    return before


def worse_side(checkins: columns.Table) -> np.ndarray:
    """Hamstring soreness of each check-in: the sorer side reported (one side alone counts;
    NaN when neither was)."""
    return np.fmax(checkins.numbers("soreness_left"), checkins.numbers("soreness_right"))


def _reported(checkins: columns.Table, idx: np.ndarray, n: int) -> np.ndarray:
    """Hamstring soreness reported per day of an ``n``-day calendar: the sorer side of the
    day's check-in (NaN without one)."""
    out = np.full(n, np.nan)
    if len(checkins):
        worst = worse_side(checkins)
        inside = (idx >= 0) & (idx < n) & ~np.isnan(worst)
        np.fmax.at(out, idx[inside], worst[inside])
    return out
