"""Predicted hamstring soreness (0–10) and its fit to the runner's own check-ins.

Eccentric work the muscle is not used to causes delayed-onset soreness that peaks
24–72 h later, and the repeated-bout effect makes familiar load hurt less (Cheung et al.
2003; McHugh 2003). So a day's load counts by its excess over the chronic load, spread
over the following days by a lag kernel (DESIGN.md, "Predicted soreness").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from risk.model.params import DEFAULT, Params


@dataclass(frozen=True)
class SorenessFit:
    """The soreness gain in use and how it was found."""

    gain: float
    fitted: bool
    n_checkins: int
    r2: float | None
    baseline: float | None
    note: str


def excess(hel: pd.Series, chronic_before: pd.Series, params: Params = DEFAULT) -> pd.Series:
    """e_s = max(0, HEL_s / (1.5 · max(C_{s−1}, 2)) − 1): load beyond what the runner is used to.

    ``chronic_before`` is the chronic daily load of the day before (DESIGN.md).
    """
    floor = np.maximum(chronic_before.to_numpy(float), params.chronic_floor)
    e = np.maximum(0.0, hel.to_numpy(float) / (params.excess_factor * floor) - 1.0)
    return pd.Series(e, index=hel.index)


def lagged(e: pd.Series, params: Params = DEFAULT) -> pd.Series:
    """Σ_d g(d) · e_{t−d}: excess spread by the lag kernel g (NaN days count as 0)."""
    values = e.to_numpy(float)
    unknown = np.isnan(values)
    conv = np.convolve(np.nan_to_num(values), np.asarray(params.kernel, float))[: len(values)]
    return pd.Series(np.where(unknown, np.nan, conv), index=e.index)


def predicted(x: pd.Series, gain: float) -> pd.Series:
    """S_t = clip(k · Σ_d g(d) · e_{t−d}, 0, 10) for the lagged excess ``x``."""
    return x.mul(gain).clip(0.0, 10.0)


def fit_gain(x: pd.Series, reported: pd.Series, params: Params = DEFAULT) -> SorenessFit:
    """Fit the gain k to reported soreness by least squares: y ≈ b + k · x.

    Uses days with both a check-in and a known lagged excess ``x``. The intercept b is the
    runner's usual soreness on quiet days; it is reported, and only k scales the
    prediction (the DESIGN.md formula has no intercept, and fitting without one would
    inflate k by the everyday soreness). Falls back to the default gain with a note when
    there are fewer than ``fit_min_checkins`` check-ins, no excess to learn from, a
    non-positive k, or r² below ``fit_min_r2``.
    """
    both = pd.DataFrame({"x": x, "y": reported}).dropna()
    n = len(both)
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
    xs = both["x"].to_numpy(float)
    ys = both["y"].to_numpy(float)
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
