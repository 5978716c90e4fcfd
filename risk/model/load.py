"""Hamstring eccentric load (HEL) of runs and strength sets, in easy-km equivalents.

HEL = Σ_bands km_b · f(r_b) + strides · stride_km · f(stride_r), with r the speed as a
share of the runner's max sprint speed and f(r) = 1 + a · max(0, r − r0)^p. Braking
force and negative work of the hamstrings rise steeply with running speed (Chumanov et
al. 2011; Schache et al. 2012), hence a convex f; its constants are ours (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import numpy as np
import pandas as pd

from risk import vocab
from risk.model.params import DEFAULT, Params

#: Speed-profile bands (share of max speed) and the speed ratio each stands for: the
#: middle of the band. Imports write these keys (DESIGN.md, "Import").
SPEED_BANDS: Final[dict[str, tuple[float, float]]] = {
    "<60": (0.0, 0.6),
    "60-70": (0.6, 0.7),
    "70-80": (0.7, 0.8),
    "80-90": (0.8, 0.9),
    ">=90": (0.9, 1.0),
}
BAND_R: Final[dict[str, float]] = {
    "<60": 0.5,
    "60-70": 0.65,
    "70-80": 0.75,
    "80-90": 0.85,
    ">=90": 0.95,
}
#: Bands that count as fast km (≥ 80 % of max speed, DESIGN.md "run").
FAST_BANDS: Final[tuple[str, ...]] = ("80-90", ">=90")

#: How the HEL of each run was found, best first (DESIGN.md fallbacks).
METHODS: Final[tuple[str, ...]] = ("cross", "profile", "fast_km", "pace", "type", "rpe")


def speed_factor(r: Any, params: Params = DEFAULT) -> Any:
    """f(r) = 1 + a · max(0, r − r0)^p: load of one km at speed ratio ``r`` (DESIGN.md).

    With the defaults f(0.8) = 2, f(0.9) = 3.25, f(1.0) = 5. Works on scalars and arrays.
    """
    excess = np.maximum(0.0, np.asarray(r, dtype=float) - params.hel_r0)
    out = 1.0 + params.hel_a * excess**params.hel_p
    return float(out) if np.ndim(out) == 0 else out


def _profile_frame(profiles: pd.Series) -> pd.DataFrame:
    """km per speed band for each run with a profile (unknown keys ignored, missing = 0)."""
    records = [p if isinstance(p, Mapping) else {} for p in profiles]
    frame = pd.DataFrame.from_records(records, index=profiles.index)
    return frame.reindex(columns=list(SPEED_BANDS)).astype(float).fillna(0.0)


def hamstring_load(runs: pd.DataFrame, v_max_ms: float, params: Params = DEFAULT) -> pd.DataFrame:
    """HEL, fast km and the method used for each run (index kept).

    ``runs`` needs ``type`` and ``distance_km``; ``duration_min``, ``rpe``, ``fast_km``,
    ``strides`` and ``speed_profile`` are used when present. Speed comes from, best
    first: the imported speed profile; logged fast km at ``fast_r`` plus the rest at
    the type's easy ratio; the average pace; the type's default ratio; the RPE
    (r = 0.35 + 0.06 · RPE). Cross-training carries no hamstring load (DESIGN.md).

    Logged fast km outrank the average pace (DESIGN.md lists pace first): f is convex,
    so the average pace of an interval session (reps plus jogs) hides most of its load.
    """
    n = len(runs)
    idx = runs.index

    def num(name: str) -> np.ndarray:
        if name not in runs:
            return np.full(n, np.nan)
        return np.asarray(pd.to_numeric(runs[name], errors="coerce"), dtype=float)

    distance = np.nan_to_num(np.clip(num("distance_km"), 0.0, None), nan=0.0)

    duration, rpe, fast, strides = num("duration_min"), num("rpe"), num("fast_km"), num("strides")
    kinds = runs["type"] if "type" in runs else pd.Series("easy", index=idx)
    type_r = pd.to_numeric(kinds.map(params.type_r()), errors="coerce").to_numpy(float)
    cross = kinds.isin(list(vocab.CROSS_TRAINING_TYPES)).to_numpy(bool)
    easy_r = np.minimum(np.nan_to_num(type_r, nan=params.r_easy), params.r_easy)

    hel = np.zeros(n)
    fast_km = np.zeros(n)
    method = np.full(n, "type", dtype=object)

    # Type default, then RPE for a type without one.
    r = type_r.copy()
    no_type = np.isnan(r)
    from_rpe = no_type & ~np.isnan(rpe)
    r[from_rpe] = params.rpe_r0 + params.rpe_r_slope * rpe[from_rpe]
    r[no_type & ~from_rpe] = params.r_easy
    method[from_rpe] = "rpe"

    # Average pace where a duration is known.
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = distance * 1000.0 / (duration * 60.0)
    has_pace = np.isfinite(speed) & (speed > 0) & (distance > 0)
    r = np.where(has_pace, np.minimum(speed / v_max_ms, params.max_pace_r), r)
    method[has_pace] = "pace"
    hel = distance * speed_factor(r, params)
    fast_km = np.where(np.asarray(r) >= 0.8, distance, 0.0)

    # Logged fast km at fast_r, the rest at the type's easy ratio.
    has_fast = ~np.isnan(fast) & (fast > 0)
    fast_part = np.minimum(np.nan_to_num(fast), distance)
    split = fast_part * speed_factor(params.fast_r, params) + (distance - fast_part) * (
        speed_factor(easy_r, params)
    )
    hel = np.where(has_fast, split, hel)
    fast_km = np.where(has_fast, fast_part, fast_km)
    method[has_fast] = "fast_km"
    logged_zero = ~np.isnan(fast) & (fast == 0) & ~has_pace
    fast_km = np.where(logged_zero, 0.0, fast_km)

    # Strides: short fast efforts on top of the run.
    n_strides = np.nan_to_num(strides)
    stride_km = n_strides * params.stride_km
    hel = hel + stride_km * speed_factor(params.stride_r, params)
    fast_km = fast_km + stride_km

    # An imported speed profile outranks everything (its fast bands include strides).
    if "speed_profile" in runs:
        profiles = runs["speed_profile"]
        mask = profiles.notna().to_numpy(bool).copy()
        if mask.any():
            mask[mask] = [isinstance(p, Mapping) and bool(p) for p in profiles[mask]]
        if mask.any():
            bands = _profile_frame(runs.loc[mask, "speed_profile"])
            factors = np.array([speed_factor(BAND_R[b], params) for b in SPEED_BANDS])
            band_km = bands.to_numpy(float)
            covered = band_km.sum(axis=1)
            rest = np.clip(distance[mask] - covered, 0.0, None)
            hel[mask] = band_km @ factors + rest * speed_factor(easy_r[mask], params)
            fast_km[mask] = bands[list(FAST_BANDS)].to_numpy(float).sum(axis=1)
            method[mask] = "profile"

    hel = np.where(cross, 0.0, hel)
    fast_km = np.where(cross, 0.0, fast_km)
    method[cross] = "cross"
    return pd.DataFrame(
        {"hel": hel, "fast_km": fast_km, "method": method, "cross": cross}, index=idx
    )


def session_rpe_load(runs: pd.DataFrame) -> pd.Series:
    """Session-RPE load = RPE × minutes (Foster et al. 2001); 0 where either is missing."""
    if "rpe" not in runs or "duration_min" not in runs:
        return pd.Series(0.0, index=runs.index)
    rpe = pd.to_numeric(runs["rpe"], errors="coerce").astype(float)
    minutes = pd.to_numeric(runs["duration_min"], errors="coerce").astype(float)
    return (rpe * minutes).fillna(0.0)
