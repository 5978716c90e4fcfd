"""Strength work: dose, protection, strength index, its trend, and capacity.

Inputs are strength-set rows (``date``, ``exercise``, ``sets``, ``reps``, ``load_kg``,
``assisted``), one per exercise of a session, as the store's ``strength_sets`` gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from risk.model import columns
from risk.model.params import DEFAULT, Params
from risk.model.ratios import ewma_values


def epley_1rm(load_kg: Any, reps: Any, max_reps: int = 10) -> Any:
    """Estimated one-rep max e1RM = w · (1 + reps / 30) (Epley 1985).

    NaN where ``reps`` is outside 1..``max_reps`` (the estimate is poor for long sets).
    Works on scalars and arrays: 100 kg × 5 → 116.67 kg; 100 kg × 10 → 133.33 kg.
    """
    w = np.asarray(load_kg, dtype=float)
    r = np.asarray(reps, dtype=float)
    out = np.where((r >= 1) & (r <= max_reps), w * (1.0 + r / 30.0), np.nan)
    return float(out) if out.ndim == 0 else out


def _multiplier(sets: columns.Table, body_mass_kg: float, params: Params) -> np.ndarray:
    """m = 1 + load_kg / body mass (an assisted Nordic × ``assisted_m``) (DESIGN.md).

    DESIGN.md gives a Nordic m = 1; an unloaded Nordic still has m = 1 here, and one done
    holding a plate counts the plate like any other exercise.
    """
    load = sets.amounts("load_kg")
    m = 1.0 + np.clip(load, 0.0, None) / body_mass_kg
    nordic = sets.labels("exercise").equals("nordic")
    return np.where(nordic & sets.flags("assisted"), m * params.assisted_m, m)


def set_dose(sets: pd.DataFrame, body_mass_kg: float, params: Params = DEFAULT) -> pd.Series:
    """Nordic-equivalent reps of each row: w_e · sets · reps · m_e (DESIGN.md)."""
    return pd.Series(dose_values(columns.Table(sets), body_mass_kg, params), index=sets.index)


def dose_values(sets: columns.Table, body_mass_kg: float, params: Params = DEFAULT) -> np.ndarray:
    """:func:`set_dose` of each row of a table."""
    w = sets.labels("exercise").lookup(params.exercise_weights(), params.w_custom)
    n = sets.amounts("sets")
    reps = sets.amounts("reps")
    return w * n * reps * _multiplier(sets, body_mass_kg, params)


def nordic_reps(sets: pd.DataFrame, params: Params = DEFAULT) -> pd.Series:
    """Nordic reps of each row (sets × reps, an assisted rep × ``assisted_m``), else 0."""
    return pd.Series(nordic_values(columns.Table(sets), params), index=sets.index)


def nordic_values(sets: columns.Table, params: Params = DEFAULT) -> np.ndarray:
    """:func:`nordic_reps` of each row of a table."""
    nordic = sets.labels("exercise").equals("nordic")
    reps = sets.amounts("sets") * sets.amounts("reps")
    reps = reps * np.where(sets.flags("assisted"), params.assisted_m, 1.0)
    return np.where(nordic, reps, 0.0)


def protection(daily_dose: pd.Series, params: Params = DEFAULT) -> pd.DataFrame:
    """Weekly dose W = 7 × EWMA_21 of the daily dose and protection P = W / (W + D).

    D = ``dose_target`` (20 Nordic-equivalent reps a week) gives half the protection: the
    low-volume dose that works (Presland et al. 2018), with diminishing returns above it
    (a saturating dose-response: ours). DESIGN.md's min(W/20, 1.5)/1.5 reached its cap at
    30 reps a week, so capacity sat at its ceiling on most days of any real programme and
    no longer told one week of strength work from another.
    Returns columns ``weekly_dose`` and ``protection`` (0–1).
    """
    weekly, p = protection_values(daily_dose.to_numpy(float), params)
    return pd.DataFrame({"weekly_dose": weekly, "protection": p}, index=daily_dose.index)


def protection_values(
    daily_dose: np.ndarray, params: Params = DEFAULT
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`protection` of a daily array: (weekly dose W, protection P)."""
    weekly = 7.0 * ewma_values(daily_dose, params.dose_days, params.seed_days)
    return weekly, weekly / (weekly + params.dose_target)


BUILT_IN: tuple[str, ...] = ("nordic", "rdl", "single_leg_bridge")


def _performance(sets: columns.Table, body_mass_kg: float, params: Params) -> np.ndarray:
    """One performance value per row: RDL e1RM per kg body mass, Nordic and bridge reps × m."""
    exercise = sets.labels("exercise")
    reps = sets.numbers("reps")
    load = sets.amounts("load_kg")
    m = _multiplier(sets, body_mass_kg, params)
    with np.errstate(invalid="ignore"):
        value = np.where(
            exercise.equals("rdl"),
            epley_1rm(load, reps, params.e1rm_max_reps) / body_mass_kg,
            reps * m,
        )
        return np.where(value > 0, value, np.nan)


def strength_index(
    sets: pd.DataFrame, days: pd.DatetimeIndex, body_mass_kg: float, params: Params = DEFAULT
) -> pd.DataFrame:
    """Strength index per exercise and combined, as % of the athlete's own baseline.

    Per built-in exercise, a session's value is its best set: RDL e1RM (Epley) per kg
    body mass, Nordic reps (× 0.7 assisted), bridge reps × m. The baseline (= 100) is the
    mean of the sessions in the first ``si_baseline_days`` of that exercise; an exercise
    counts only after its baseline period (before, it says nothing about change). Its
    index on a day is the best session of the last ``si_window_days``; after that it fades
    linearly back to 100 over ``si_fade_days`` (detraining: Timmins et al. 2016; Presland
    et al. 2018). The combined index ``si`` is the mean of the exercises that count, 100
    when none does. ``si_trend`` is the least-squares slope of ``si`` over the last
    ``trend_weeks`` weeks, in index points per week.
    """
    n = len(days)
    idx = np.empty(0, np.int64)
    if n and len(sets):
        idx = (columns.days(sets) - days[0].to_datetime64().astype("datetime64[D]")).astype(
            np.int64
        )
    table = columns.Table(sets)
    return pd.DataFrame(strength_index_values(table, idx, n, body_mass_kg, params), index=days)


def strength_index_values(
    sets: columns.Table, idx: np.ndarray, n: int, body_mass_kg: float, params: Params = DEFAULT
) -> dict[str, np.ndarray]:
    """:func:`strength_index` on an ``n``-day calendar, ``idx`` being each set's day in it."""
    out: dict[str, np.ndarray] = {}
    if n and len(sets):
        value = _performance(sets, body_mass_kg, params)
        exercise = sets.labels("exercise")
        pos = np.arange(n, dtype=float)
        for name in BUILT_IN:
            rows = exercise.equals(name) & ~np.isnan(value) & (idx >= 0) & (idx < n)
            if not rows.any():
                continue
            best = np.full(n, np.nan)
            np.fmax.at(best, idx[rows], value[rows])
            first = int(idx[rows].min())
            base_end = first + params.si_baseline_days - 1
            baseline = float(np.nanmean(best[first : base_end + 1]))
            window = _window_max(best, params.si_window_days)
            has = ~np.isnan(best)
            last = np.maximum.accumulate(np.where(has, pos, -1.0))
            at_last = np.where(last >= 0, window[np.maximum(last, 0).astype(np.int64)], np.nan)
            since = pos - last - (params.si_window_days - 1)
            fade = np.clip(1.0 - since / params.si_fade_days, 0.0, 1.0)
            carried = 100.0 + (at_last / baseline * 100.0 - 100.0) * fade
            si_e = np.where(np.isnan(window), carried, window / baseline * 100.0)
            out[f"si_{name}"] = np.where(pos > base_end, si_e, np.nan)
    if out:
        stacked = np.vstack(list(out.values()))
        counted = (~np.isnan(stacked)).sum(axis=0)
        total = np.nansum(stacked, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            si = np.where(counted > 0, total / np.maximum(counted, 1), 100.0)
    else:
        si = np.full(n, 100.0)
    out["si"] = si
    out["si_trend"] = _rolling_slope(si, params.trend_weeks * 7) * 7.0
    return out


def _window_max(values: np.ndarray, window: int) -> np.ndarray:
    """Largest known value of each trailing ``window`` of days (NaN when none is known)."""
    if len(values) == 0:
        return np.empty(0)
    padded = np.concatenate((np.full(window - 1, np.nan), values))
    blocks = np.lib.stride_tricks.sliding_window_view(padded, window)
    return np.fmax.reduce(blocks, axis=1)


def _rolling_slope(y: np.ndarray, window: int) -> np.ndarray:
    """Least-squares slope per step of ``y`` over trailing windows (cumulative sums, O(n))."""
    n = len(y)
    out = np.full(n, np.nan)
    if n < window or window < 2:
        return out
    t = np.arange(n, dtype=float)
    cs_y = np.concatenate(([0.0], np.cumsum(y)))
    cs_ty = np.concatenate(([0.0], np.cumsum(t * y)))
    sum_y = cs_y[window:] - cs_y[:-window]
    sum_ty = cs_ty[window:] - cs_ty[:-window]
    start = t[: n - window + 1]
    # Within a window, u = t − start runs 0..window−1.
    sum_uy = sum_ty - start * sum_y
    su = window * (window - 1) / 2.0
    suu = (window - 1) * window * (2 * window - 1) / 6.0
    out[window - 1 :] = (window * sum_uy - su * sum_y) / (window * suu - su * su)
    return out


def capacity(protection_p: Any, si: Any, params: Params = DEFAULT) -> Any:
    """Cap = clip(1 + 0.5 · P + 0.25 · (SI/100 − 1), 0.7, 1.6) (DESIGN.md's form; weights ours).

    Nordic programmes roughly halve hamstring strains (van Dyk et al. 2019), hence a
    capacity that grows with dose and strength.
    """
    raw = (
        1.0
        + params.cap_protection_weight * np.asarray(protection_p, dtype=float)
        + params.cap_si_weight * (np.asarray(si, dtype=float) / 100.0 - 1.0)
    )
    out = np.clip(raw, params.cap_min, params.cap_max)
    return float(out) if out.ndim == 0 else out
