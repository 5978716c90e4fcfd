"""Training-load ratios on a daily series: EWMA, ACWR, monotony, strain, week-over-week.

A daily series is a ``pd.Series`` on consecutive calendar days. Days before the first
entry are NaN (unknown, not rest) and stay NaN in every result; after the first entry a
missing day counts as rest (0).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

AcwrMethod = Literal["ewma", "coupled", "uncoupled"]


def _from_first(daily: pd.Series) -> tuple[int, pd.Series]:
    """Position of the first known day and the series from there, gaps as rest."""
    values = daily.to_numpy(float)
    known = np.flatnonzero(~np.isnan(values))
    if known.size == 0:
        return len(daily), daily.iloc[:0].astype(float)
    first = int(known[0])
    return first, daily.iloc[first:].astype(float).fillna(0.0)


def ewma(daily: pd.Series, n: int, seed_days: int = 7) -> pd.Series:
    """Exponentially weighted moving average with λ = 2 / (N + 1) (Williams et al. 2017).

    E_t = λ · x_t + (1 − λ) · E_{t−1}, seeded with E_{−1} = the mean of the first
    ``seed_days`` known days, which is pandas' ``ewm(alpha=λ, adjust=False)`` on the
    series with the seed prepended (``adjust=True`` would be another formula).
    """
    return pd.Series(ewma_values(daily.to_numpy(float), n, seed_days), index=daily.index)


def ewma_values(values: np.ndarray, n: int, seed_days: int = 7) -> np.ndarray:
    """:func:`ewma` of a daily array (NaN before the first known day, gaps after it as 0)."""
    if n < 1:
        raise ValueError("the EWMA span must be at least 1 day")
    out = np.full(len(values), np.nan)
    known = np.flatnonzero(~np.isnan(values))
    if known.size:
        first = int(known[0])
        rest = np.where(np.isnan(values[first:]), 0.0, values[first:])  # gaps are rest
        seed = float(rest[:seed_days].mean())
        smoothed = (
            pd.Series(np.concatenate(([seed], rest)))
            .ewm(alpha=2.0 / (n + 1), adjust=False)
            .mean()
            .to_numpy()
        )
        out[first:] = smoothed[1:]
    return out


def _ratio(num: pd.Series | np.ndarray, den: pd.Series | np.ndarray) -> np.ndarray:
    num_a = np.asarray(num, dtype=float)
    den_a = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den_a > 0, num_a / den_a, np.nan)


def acwr(
    daily: pd.Series,
    method: AcwrMethod = "ewma",
    acute: int = 7,
    chronic: int = 28,
    seed_days: int = 7,
) -> pd.Series:
    """Acute:chronic workload ratio of a daily series; NaN where the chronic load is 0.

    - ``"ewma"``: EWMA(acute) / EWMA(chronic) (Williams et al. 2017).
    - ``"coupled"``: mean of the last ``acute`` days / mean of the last ``chronic`` days,
      which include the acute days, so it never exceeds chronic / acute (4 for 7/28).
    - ``"uncoupled"``: mean of the last ``acute`` days / mean of the ``chronic − acute``
      days before them (Lolli et al. 2019 on the coupling artefact).
    Rolling ratios need full windows of known days; the bands 0.8–1.3 / > 1.5 come from
    team sports and are disputed (Impellizzeri et al. 2020).
    """
    if not 1 <= acute < chronic:
        raise ValueError("acute must be at least 1 day and shorter than chronic")
    first, known = _from_first(daily)
    out = np.full(len(daily), np.nan)
    if known.empty:
        return pd.Series(out, index=daily.index)
    if method == "ewma":
        ratio = _ratio(ewma(known, acute, seed_days), ewma(known, chronic, seed_days))
    elif method == "coupled":
        ratio = _ratio(known.rolling(acute).mean(), known.rolling(chronic).mean())
    elif method == "uncoupled":
        before = known.rolling(chronic - acute).mean().shift(acute)
        ratio = _ratio(known.rolling(acute).mean(), before)
    else:
        raise ValueError(f"unknown ACWR method {method!r} (ewma, coupled or uncoupled)")
    out[first:] = ratio
    return pd.Series(out, index=daily.index)


def _windows(values: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum and population SD of each trailing ``window`` of days (NaN unless all known)."""
    n = len(values)
    total, sd = np.full(n, np.nan), np.full(n, np.nan)
    if n >= window:
        blocks = np.lib.stride_tricks.sliding_window_view(values, window)
        total[window - 1 :] = blocks.sum(axis=1)
        sd[window - 1 :] = blocks.std(axis=1)
    return total, sd


def monotony(daily: pd.Series, window: int = 7, cap: float = 10.0) -> pd.Series:
    """Training monotony = mean / population SD of the last ``window`` daily loads.

    Foster 1998; rest days count as 0, an SD of 0 gives ``cap`` (10, as Runalyze does),
    a window of nothing but rest gives 0. NaN until a full window of known days.
    """
    return pd.Series(monotony_values(daily.to_numpy(float), window, cap), index=daily.index)


def monotony_values(values: np.ndarray, window: int = 7, cap: float = 10.0) -> np.ndarray:
    """:func:`monotony` of a daily array."""
    total, sd = _windows(values, window)
    return _monotony(total / window, sd, cap)


def _monotony(mean: np.ndarray, sd: np.ndarray, cap: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        mono = np.where(sd > 1e-9 * np.maximum(1.0, np.abs(mean)), mean / sd, cap)
    mono = np.where(mean <= 0, 0.0, np.minimum(mono, cap))
    return np.where(np.isnan(mean), np.nan, mono)


def strain(daily: pd.Series, window: int = 7, cap: float = 10.0) -> pd.Series:
    """Training strain = load of the last ``window`` days × monotony (Foster 1998)."""
    return pd.Series(strain_values(daily.to_numpy(float), window, cap), index=daily.index)


def strain_values(values: np.ndarray, window: int = 7, cap: float = 10.0) -> np.ndarray:
    """:func:`strain` of a daily array."""
    return monotony_and_strain(values, window, cap)[1]


def monotony_and_strain(
    values: np.ndarray, window: int = 7, cap: float = 10.0
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`monotony` and :func:`strain` of a daily array, from one pass over its windows."""
    total, sd = _windows(values, window)
    mono = _monotony(total / window, sd, cap)
    return mono, total * mono


def week_over_week(daily: pd.Series, week_start: int = 0) -> pd.DataFrame:
    """Load per calendar week and its change on the week before.

    ``week_start`` is the first weekday (0 = Monday). Returns, indexed by the week's first
    day: ``load``, ``previous``, ``change_pct`` (NaN when undefined) and ``new_load``
    (True for a loaded week after an empty one: "new load", never an infinite percentage).
    Weeks entirely before the first entry have NaN load.
    """
    if not isinstance(daily.index, pd.DatetimeIndex):
        raise TypeError("week_over_week needs a series indexed by date")
    if not 0 <= week_start <= 6:
        raise ValueError("week_start is a weekday number, 0 (Monday) to 6 (Sunday)")
    shift = (daily.index.day_of_week - week_start) % 7
    starts = daily.index - pd.to_timedelta(shift, unit="D")
    load = daily.astype(float).groupby(starts).sum(min_count=1)
    load.index.name = "week"
    previous = load.shift(1)
    # Weeks are consecutive only if the series is; reindex so a missing week is NaN.
    if len(load) > 1:
        full = pd.date_range(load.index[0], load.index[-1], freq="7D")
        load = load.reindex(full)
        previous = load.shift(1)
    change = pd.Series(_ratio(load - previous, previous) * 100.0, index=load.index)
    new_load = (previous == 0) & (load > 0)
    frame = pd.DataFrame(
        {"load": load, "previous": previous, "change_pct": change, "new_load": new_load}
    )
    frame.index.name = "week"
    return frame
