"""Strength work: dose, protection, strength index, its trend, and capacity.

Inputs are strength-set rows (``date``, ``exercise``, ``sets``, ``reps``, ``load_kg``,
``assisted``), one per exercise of a session, as the store's ``strength_sets`` gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from risk.model.params import DEFAULT, Params
from risk.model.ratios import ewma


def epley_1rm(load_kg: Any, reps: Any, max_reps: int = 10) -> Any:
    """Estimated one-rep max e1RM = w · (1 + reps / 30) (Epley 1985).

    NaN where ``reps`` is outside 1..``max_reps`` (the estimate is poor for long sets).
    Works on scalars and arrays: 100 kg × 5 → 116.67 kg; 100 kg × 10 → 133.33 kg.
    """
    w = np.asarray(load_kg, dtype=float)
    r = np.asarray(reps, dtype=float)
    out = np.where((r >= 1) & (r <= max_reps), w * (1.0 + r / 30.0), np.nan)
    return float(out) if out.ndim == 0 else out


def _multiplier(sets: pd.DataFrame, body_mass_kg: float, params: Params) -> np.ndarray:
    """m = 1 + load_kg / body mass (an assisted Nordic × ``assisted_m``) (DESIGN.md).

    DESIGN.md gives a Nordic m = 1; an unloaded Nordic still has m = 1 here, and one done
    holding a plate counts the plate like any other exercise.
    """
    load = pd.to_numeric(sets["load_kg"], errors="coerce").fillna(0.0).to_numpy(float)
    m = 1.0 + np.clip(load, 0.0, None) / body_mass_kg
    assisted = sets["assisted"].fillna(False).astype(bool).to_numpy()
    nordic = (sets["exercise"] == "nordic").to_numpy()
    return np.where(nordic & assisted, m * params.assisted_m, m)


def set_dose(sets: pd.DataFrame, body_mass_kg: float, params: Params = DEFAULT) -> pd.Series:
    """Nordic-equivalent reps of each row: w_e · sets · reps · m_e (DESIGN.md)."""
    weights = params.exercise_weights()
    w = sets["exercise"].map(weights).fillna(params.w_custom).to_numpy(float)
    n = pd.to_numeric(sets["sets"], errors="coerce").fillna(0).to_numpy(float)
    reps = pd.to_numeric(sets["reps"], errors="coerce").fillna(0).to_numpy(float)
    return pd.Series(w * n * reps * _multiplier(sets, body_mass_kg, params), index=sets.index)


def nordic_reps(sets: pd.DataFrame, params: Params = DEFAULT) -> pd.Series:
    """Nordic reps of each row (sets × reps, an assisted rep × ``assisted_m``), else 0."""
    nordic = sets["exercise"] == "nordic"
    reps = pd.to_numeric(sets["sets"], errors="coerce").fillna(0) * pd.to_numeric(
        sets["reps"], errors="coerce"
    ).fillna(0)
    assisted = sets["assisted"].fillna(False).astype(bool)
    return (reps * np.where(assisted, params.assisted_m, 1.0)).where(nordic, 0.0).astype(float)


def protection(daily_dose: pd.Series, params: Params = DEFAULT) -> pd.DataFrame:
    """Weekly dose W = 7 × EWMA_21 of the daily dose and protection P = W / (W + D).

    D = ``dose_target`` (20 Nordic-equivalent reps a week) gives half the protection: the
    low-volume dose that works (Presland et al. 2018), with diminishing returns above it
    (a saturating dose-response: ours). DESIGN.md's min(W/20, 1.5)/1.5 reached its cap at
    30 reps a week, so capacity sat at its ceiling on most days of any real programme and
    no longer told one week of strength work from another.
    Returns columns ``weekly_dose`` and ``protection`` (0–1).
    """
    weekly = 7.0 * ewma(daily_dose, params.dose_days, params.seed_days)
    p = weekly / (weekly + params.dose_target)
    return pd.DataFrame({"weekly_dose": weekly, "protection": p}, index=daily_dose.index)


BUILT_IN: tuple[str, ...] = ("nordic", "rdl", "single_leg_bridge")


def _performance(sets: pd.DataFrame, body_mass_kg: float, params: Params) -> np.ndarray:
    """One performance value per row: RDL e1RM per kg body mass, Nordic and bridge reps × m."""
    exercise = sets["exercise"].to_numpy(object)
    reps = pd.to_numeric(sets["reps"], errors="coerce").to_numpy(float)
    load = pd.to_numeric(sets["load_kg"], errors="coerce").fillna(0.0).to_numpy(float)
    m = _multiplier(sets, body_mass_kg, params)
    with np.errstate(invalid="ignore"):
        value = np.where(
            exercise == "rdl",
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
    out: dict[str, np.ndarray] = {}
    if n and len(sets):
        first_day = days[0].to_datetime64().astype("datetime64[D]")
        idx = (pd.to_datetime(sets["date"]).to_numpy().astype("datetime64[D]") - first_day).astype(
            np.int64
        )
        value = _performance(sets, body_mass_kg, params)
        exercise = sets["exercise"].to_numpy(object)
        pos = np.arange(n, dtype=float)
        for name in BUILT_IN:
            rows = (exercise == name) & ~np.isnan(value) & (idx >= 0) & (idx < n)
            if not rows.any():
                continue
            best = np.full(n, np.nan)
            np.fmax.at(best, idx[rows], value[rows])
            first = int(idx[rows].min())
            base_end = first + params.si_baseline_days - 1
            baseline = float(np.nanmean(best[first : base_end + 1]))
            window = pd.Series(best).rolling(params.si_window_days, min_periods=1).max().to_numpy()
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
    return pd.DataFrame(out, index=days)


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
