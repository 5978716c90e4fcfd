"""Predicted hamstring soreness (0–10) and its fit to the runner's own check-ins.

Eccentric work the muscle is not used to causes delayed-onset soreness that peaks
24–72 h later, and the repeated-bout effect makes familiar load hurt less (Cheung et al.
2003; McHugh 2003). So a day's load counts by its excess over the chronic load, spread
over the following days by a lag kernel (DESIGN.md, "Predicted soreness"), and the
prediction is the runner's usual soreness plus a gain times that lagged excess.

When the soreness peaks differs between runners (Cheung et al. 2003: 24–72 h), so the
lag's peak is chosen per runner from a small family of kernels (:func:`lag_kernels`) by
forward-chaining cross-validation (Bergmeir & Benítez 2012): fit on earlier check-ins,
score on later ones, never the other way round.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from risk.model.params import DEFAULT, Params


@dataclass(frozen=True)
class SorenessFit:
    """The soreness prediction in use and how it was found.

    ``gain`` is k and ``baseline`` the fitted intercept b (usual soreness on quiet
    days); ``r2`` is in-sample, ``r2_out_of_sample`` pooled over the forward-chaining
    folds (None when the lag was not cross-validated). ``kernel`` is the lag kernel in
    use and ``peak_days`` its peak (days after the load); ``lag`` says where the kernel
    came from: ``"fitted"`` (chosen from the runner's check-ins), ``"own"`` (set in the
    runner's settings) or ``"default"``.
    """

    gain: float
    fitted: bool
    n_checkins: int
    r2: float | None
    baseline: float | None
    note: str
    peak_days: int = 1
    r2_out_of_sample: float | None = None
    kernel: tuple[float, ...] = DEFAULT.kernel
    lag: Literal["fitted", "own", "default"] = "default"

    @property
    def level(self) -> float:
        """The usual level added to the prediction: b once fitted, else 0 (DESIGN.md)."""
        return float(self.baseline) if self.fitted and self.baseline is not None else 0.0

    @property
    def peak_hours(self) -> int:
        """The lag's peak in hours after the load."""
        return 24 * self.peak_days


def excess(hel: pd.Series, chronic_before: pd.Series, params: Params = DEFAULT) -> pd.Series:
    """e_s = max(0, HEL_s / (1.5 · max(C_{s−1}, 2)) − 1): load beyond what the runner is used to.

    ``chronic_before`` is the chronic daily load of the day before (DESIGN.md).
    """
    e = excess_values(hel.to_numpy(float), chronic_before.to_numpy(float), params)
    return pd.Series(e, index=hel.index)


def excess_values(
    hel: np.ndarray, chronic_before: np.ndarray, params: Params = DEFAULT
) -> np.ndarray:
    """:func:`excess` of daily arrays."""
    floor = np.maximum(chronic_before, params.chronic_floor)
    return np.maximum(0.0, hel / (params.excess_factor * floor) - 1.0)


def lagged(
    e: pd.Series, params: Params = DEFAULT, kernel: tuple[float, ...] | None = None
) -> pd.Series:
    """Σ_d g(d) · e_{t−d}: excess spread by the lag kernel g (NaN days count as 0).

    g is ``kernel`` when given, else ``params.kernel``.
    """
    values = e.to_numpy(float)
    return pd.Series(
        lagged_values(values, params.kernel if kernel is None else kernel), index=e.index
    )


def lagged_values(values: np.ndarray, kernel: tuple[float, ...]) -> np.ndarray:
    """:func:`lagged` of a daily array with the kernel ``kernel``."""
    conv = np.convolve(np.nan_to_num(values), np.asarray(kernel, float))[: len(values)]
    return np.where(np.isnan(values), np.nan, conv)


def predicted(x: pd.Series, gain: float, level: float = 0.0) -> pd.Series:
    """S_t = clip(b + k · Σ_d g(d) · e_{t−d}, 0, 10) for the lagged excess ``x``.

    ``level`` is the usual soreness b (0 until fitted, as DESIGN.md's formula).
    """
    return pd.Series(predicted_values(x.to_numpy(float), gain, level), index=x.index)


def predicted_values(x: np.ndarray, gain: float, level: float = 0.0) -> np.ndarray:
    """:func:`predicted` of a daily array."""
    return np.clip(x * gain + level, 0.0, 10.0)


def peak_of(kernel: tuple[float, ...]) -> int:
    """The day (after the load) of a kernel's largest weight; the first one on a tie."""
    return int(np.argmax(np.asarray(kernel, float)))


def shifted(kernel: tuple[float, ...], peak: int) -> tuple[float, ...]:
    """``kernel`` moved so its peak falls ``peak`` days after the load, same shape.

    A later peak puts zeros in front; an earlier one drops the leading weights (nothing
    can hurt before the load).
    """
    shift = peak - peak_of(kernel)
    if shift >= 0:
        return (0.0,) * shift + tuple(kernel)
    return tuple(kernel[-shift:])


def lag_kernels(params: Params = DEFAULT) -> dict[int, tuple[float, ...]]:
    """The family of lag kernels the fit chooses from, by peak day (0 … ``lag_peak_max_days``).

    Each is the default kernel g = [0.35, 1, 0.8, 0.4, 0.15, 0.05] (peak at 24 h)
    shifted, so all share the rise and the slow fall of DOMS (Cheung et al. 2003):

    - peak  0 h: [1, 0.8, 0.4, 0.15, 0.05]
    - peak 24 h: [0.35, 1, 0.8, 0.4, 0.15, 0.05] (the default)
    - peak 48 h: [0, 0.35, 1, 0.8, 0.4, 0.15, 0.05]
    - peak 72 h: [0, 0, 0.35, 1, 0.8, 0.4, 0.15, 0.05]

    The default kernel comes first, so it wins a tie.
    """
    base = DEFAULT.kernel
    peaks = [peak_of(base), *(p for p in range(params.lag_peak_max_days + 1) if p != peak_of(base))]
    return {p: shifted(base, p) for p in peaks}


def fit_gain(x: pd.Series, reported: pd.Series, params: Params = DEFAULT) -> SorenessFit:
    """Fit the gain k to reported soreness by least squares: y ≈ b + k · x.

    Uses days with both a check-in and a known lagged excess ``x``. The intercept b is the
    runner's usual soreness on quiet days; the prediction adds it to k · x once the fit
    is accepted (:func:`predicted`), and the warning judges only k · x, the part above
    the usual (the DESIGN.md formula has no intercept, and fitting without one would
    inflate k by the everyday soreness). Falls back to the default gain with a note when
    there are fewer than ``fit_min_checkins`` check-ins, no excess to learn from, a
    non-positive k, or r² below ``fit_min_r2``.
    """
    both = pd.DataFrame({"x": x, "y": reported}).dropna()
    return _fit(both["x"].to_numpy(float), both["y"].to_numpy(float), params)


def _fit(xs: np.ndarray, ys: np.ndarray, params: Params) -> SorenessFit:
    """:func:`fit_gain` on the paired check-ins ``xs``, ``ys`` (no NaN)."""
    n = len(ys)
    default = params.soreness_gain
    if n < params.fit_min_checkins:
        return SorenessFit(
            default,
            False,
            n,
            None,
            None,
            f"{n} of {params.fit_min_checkins} check-ins needed to fit your soreness: "
            f"using the default gain {default:g}",
        )
    var_x = float(np.var(xs))
    if var_x <= 1e-12:
        return SorenessFit(
            default,
            False,
            n,
            None,
            None,
            f"No hard days among your {n} check-ins yet: using the default gain {default:g}",
        )
    k = float(np.cov(xs, ys, bias=True)[0, 1] / var_x)
    b = float(ys.mean() - k * xs.mean())
    resid = ys - (b + k * xs)
    ss_tot = float(((ys - ys.mean()) ** 2).sum())
    r2 = 1.0 - float((resid**2).sum()) / ss_tot if ss_tot > 0 else 0.0
    if k <= 0 or r2 < params.fit_min_r2:
        return SorenessFit(
            default,
            False,
            n,
            r2,
            b,
            f"Your soreness does not follow hard days closely enough to fit (r² = {r2:.2f} "
            f"over {n} check-ins): using the default gain {default:g}",
        )
    return SorenessFit(
        k,
        True,
        n,
        r2,
        b,
        f"Gain {k:.2f} fitted to {n} check-ins (r² = {r2:.2f}); usual soreness {b:.1f}",
    )


def _when(days: int, after: str = "the load") -> str:
    """A lag's peak in words: "on the same day" or "about 48 h after <after>"."""
    return f"about {24 * days} h after {after}" if days else f"on the same day as {after}"


def forward_chaining_sse(x: np.ndarray, y: np.ndarray, folds: int) -> tuple[float, float]:
    """Squared error of y ≈ clip(b + k · x, 0, 10) on check-ins the fit had not seen.

    ``x`` and ``y`` are in time order. The first half of the check-ins is the first
    training window; the second half is cut into ``folds`` consecutive test blocks, and
    each block is predicted from b and k fitted by least squares (k ≥ 0) to every
    check-in before it: an expanding window on a rolling forecasting origin (Bergmeir &
    Benítez 2012). Returns (Σ squared error, Σ squared deviation from the training
    mean), whose 1 − ratio is the out-of-sample r² against "your usual level so far"
    (Campbell & Thompson 2008). Running sums make each fold O(1) before its test block.
    """
    n = len(y)
    zero = np.zeros(1)
    c1 = np.concatenate((zero, np.cumsum(x)))
    cy = np.concatenate((zero, np.cumsum(y)))
    cxx = np.concatenate((zero, np.cumsum(x * x)))
    cxy = np.concatenate((zero, np.cumsum(x * y)))
    edges = np.unique(np.linspace(n // 2, n, folds + 1).round().astype(int))
    sse = sst = 0.0
    for a, b in itertools.pairwise(int(v) for v in edges):
        if a < 2 or b <= a:
            continue
        mx, my = c1[a] / a, cy[a] / a
        var = cxx[a] / a - mx * mx
        cov = cxy[a] / a - mx * my
        k = max(0.0, cov / var) if var > 1e-12 else 0.0
        pred = np.clip(my - k * mx + k * x[a:b], 0.0, 10.0)
        sse += float(((y[a:b] - pred) ** 2).sum())
        sst += float(((y[a:b] - my) ** 2).sum())
    return sse, sst


def fit_soreness(
    e: pd.Series,
    reported: pd.Series,
    params: Params = DEFAULT,
    *,
    until: pd.Timestamp | None = None,
) -> SorenessFit:
    """Fit the soreness prediction to the check-ins up to ``until``: lag, b and k.

    ``e`` is the daily excess (:func:`excess`) and ``reported`` the daily reported
    soreness, on one calendar. With at least ``lag_fit_min_checkins`` check-ins and the
    default kernel, each kernel of :func:`lag_kernels` is scored by
    :func:`forward_chaining_sse` and the one with the least out-of-sample error is kept
    (the default on a tie); then b and k are fitted to every check-in with it
    (:func:`fit_gain`). With fewer check-ins the default kernel is kept, with a note. A
    kernel the runner set in their settings is kept as it is: only b and k are fitted
    (and cross-validated). Check-ins after ``until`` are never read.
    """
    upto = int(e.index.searchsorted(until, side="right")) if until is not None else None
    return fit_soreness_values(e.to_numpy(float), reported.to_numpy(float), params, upto=upto)


def fit_soreness_values(
    values: np.ndarray, y: np.ndarray, params: Params = DEFAULT, *, upto: int | None = None
) -> SorenessFit:
    """:func:`fit_soreness` on daily arrays of excess and reported soreness, reading only
    the first ``upto`` days (all when None)."""
    seen = ~np.isnan(y) & ~np.isnan(values)
    if upto is not None:
        seen[upto:] = False
    n = int(seen.sum())
    own = params.kernel != DEFAULT.kernel
    kernels = {peak_of(params.kernel): params.kernel} if own else lag_kernels(params)
    ys = y[seen]
    # Only the check-in days matter: the lagged excess there, one array per kernel.
    xs = {p: lagged_values(values, g)[seen] for p, g in kernels.items()}
    need = max(params.lag_fit_min_checkins, params.fit_min_checkins)
    scores: dict[int, tuple[float, float]] = {}
    if n >= need:
        for p, x in xs.items():
            scores[p] = forward_chaining_sse(x, ys, params.lag_cv_folds)
    peak = min(scores, key=lambda p: scores[p][0]) if scores and not own else next(iter(xs))
    fit = _fit(xs[peak], ys, params)
    sse, sst = scores.get(peak, (np.nan, np.nan))
    r2_oos = 1.0 - sse / sst if sst > 0 else None
    if own:
        lag_note = f"your own lag kernel (peak {_when(peak)}) is kept"
        if fit.fitted:
            lag_note += ": only your usual soreness and the gain are fitted"
    elif n < need:
        lag_note = (
            f"{n} of {need} check-ins needed to find when your soreness peaks: using the "
            f"default lag (peak {_when(peak)})"
        )
    elif not fit.fitted:
        peak, r2_oos = peak_of(DEFAULT.kernel), None
        fit = _fit(xs[peak], ys, params)
        lag_note = f"using the default lag (peak {_when(peak)})"
    else:
        lag_note = (
            f"your soreness peaks {_when(peak, 'hard running')}, the lag out of 0–"
            f"{24 * params.lag_peak_max_days} h that best predicted later check-ins"
        )
    if r2_oos is not None and fit.fitted:
        lag_note += f" (r² {r2_oos:.2f} on check-ins each fit had not seen)"
    return SorenessFit(
        fit.gain,
        fit.fitted,
        fit.n_checkins,
        fit.r2,
        fit.baseline,
        f"{fit.note}; {lag_note}",
        peak_days=peak,
        r2_out_of_sample=r2_oos if fit.fitted else None,
        kernel=kernels[peak],
        lag="own" if own else "fitted" if scores and fit.fitted else "default",
    )


#: Columns of :func:`before_sorest_days`.
BEFORE_SOREST_COLUMNS = ("kind", "sorest_days", "share_sorest", "share_all", "lift")


def sorest_days(reported: pd.Series, top_share: float = 0.1) -> pd.DatetimeIndex:
    """Days whose reported soreness is in the runner's top ``top_share`` and above their
    median (so a runner who is never sore has no sorest days)."""
    known = reported.dropna()
    if known.empty:
        return pd.DatetimeIndex([])
    cut = float(known.quantile(1.0 - top_share))
    median = float(known.median())
    return pd.DatetimeIndex(known.index[(known >= cut) & (known > median)])


def before_sorest_days(
    daily: pd.DataFrame,
    runs: pd.DataFrame | None,
    sets: pd.DataFrame | None,
    *,
    top_share: float = 0.1,
    lookback_days: int = 3,
) -> pd.DataFrame:
    """Which kinds of session came before the sorest days, against how often they come
    before any checked-in day.

    A kind (a run type, or a strength exercise as ``strength:<name>``) "precedes" a day
    when it was done on that day or the ``lookback_days − 1`` days before: soreness from
    eccentric work peaks 24–72 h later (Cheung et al. 2003). ``share_sorest`` is the
    share of sorest days (:func:`sorest_days`) it preceded, ``share_all`` the share of
    all checked-in days, and ``lift`` their ratio (> 1: more common before sore days).
    Sorted by ``sorest_days``, most first; empty when there is no sorest day.
    """
    reported = daily["soreness_reported"]
    sore = sorest_days(reported, top_share)
    checked = pd.DatetimeIndex(reported.dropna().index)
    if len(sore) == 0:
        return pd.DataFrame(columns=list(BEFORE_SOREST_COLUMNS))
    index = pd.DatetimeIndex(daily.index)
    kinds: dict[str, np.ndarray] = {}

    def mark(kind: str, dates: pd.Series) -> None:
        pos = index.get_indexer(pd.DatetimeIndex(pd.to_datetime(dates)).normalize())
        hit = kinds.setdefault(kind, np.zeros(len(index), bool))
        hit[pos[pos >= 0]] = True

    if runs is not None and len(runs):
        for kind, group in runs.groupby("type"):
            mark(str(kind), group["date"])
    if sets is not None and len(sets):
        for kind, group in sets.groupby("exercise"):
            mark(f"strength:{kind}", group["date"])
    sore_pos = index.get_indexer(sore)
    all_pos = index.get_indexer(checked)
    rows = []
    for kind, hit in kinds.items():
        # Done on the day or the lookback_days - 1 days before: a rolling "any".
        near = (
            pd.Series(hit.astype(float)).rolling(lookback_days, min_periods=1).max().to_numpy() > 0
        )
        n_sore = int(near[sore_pos].sum())
        share_sore = n_sore / len(sore_pos)
        share_all = float(near[all_pos].mean()) if len(all_pos) else float("nan")
        lift = share_sore / share_all if share_all > 0 else float("nan")
        rows.append((kind, n_sore, share_sore, share_all, lift))
    out = pd.DataFrame(rows, columns=list(BEFORE_SOREST_COLUMNS))
    return out.sort_values(["sorest_days", "lift"], ascending=False, ignore_index=True)
