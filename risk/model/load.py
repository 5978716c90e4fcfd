"""Hamstring eccentric load (HEL) of runs and strength sets, in easy-km equivalents.

HEL = Σ_bands km_b · f(r_b) + strides · stride_km · f(stride_r), with r the speed as a
share of the runner's max sprint speed and f(r) = 1 + a · max(0, r − r0)^p. Braking
force and negative work of the hamstrings rise steeply with running speed (Chumanov et
al. 2011; Schache et al. 2012), hence a convex f; its constants are ours (DESIGN.md).

**Fast km have one meaning everywhere**: km run at 80 % or more of the runner's max speed
v_max (DESIGN.md, "run"; the profile bands "80-90" and ">=90"). Reps at 5 km pace (about
0.57 of v_max, since v_max ≈ 1.75 · v_5k) are hard running but not fast km.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from risk import vocab
from risk.model import columns
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
#: The one definition of fast running: at least this share of v_max (DESIGN.md "run").
#: Not a setting: the imported profile bands are cut at it.
FAST_RATIO: Final = 0.8
#: Run types whose average pace hides reps and jogs: split by a template (``rep_share``).
INTERVAL_TYPES: Final[tuple[str, ...]] = ("intervals", "hills", "sprints")
#: Types whose hard part, known by type alone, is a short share of the distance.
SPRINT_TYPES: Final[tuple[str, ...]] = ("sprints", "strides")
#: A ratio this close below 0.8 counts as 0.8 (a pace typed to the second is rounded).
_TOL: Final = 1e-9

#: How the HEL of each run was found, best first (DESIGN.md fallbacks, plus the reps the
#: runner logged and the template split of an interval session's average pace).
METHODS: Final[tuple[str, ...]] = (
    "cross",
    "profile",
    "reps",
    "fast_km",
    "pace_split",
    "pace",
    "type",
    "rpe",
)


def speed_factor(r: Any, params: Params = DEFAULT) -> Any:
    """f(r) = 1 + a · max(0, r − r0)^p: load of one km at speed ratio ``r`` (DESIGN.md).

    With the defaults f(0.8) = 2, f(0.9) = 3.25, f(1.0) = 5. Works on scalars and arrays.
    """
    excess = np.maximum(0.0, np.asarray(r, dtype=float) - params.hel_r0)
    out = 1.0 + params.hel_a * excess**params.hel_p
    return float(out) if np.ndim(out) == 0 else out


def is_fast(r: Any) -> Any:
    """Whether a speed ratio counts as fast running: r ≥ 0.8 of v_max (the one definition)."""
    out = np.asarray(r, dtype=float) >= FAST_RATIO - _TOL
    return bool(out) if np.ndim(out) == 0 else out


def pace_ratio(pace_s_per_km: Any, v_max_ms: float) -> Any:
    """Speed ratio r = (1000 / pace) / v_max of a pace in seconds per km (NaN if not > 0)."""
    pace = np.asarray(pace_s_per_km, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(pace > 0, 1000.0 / pace / v_max_ms, np.nan)
    return float(out) if np.ndim(out) == 0 else out


def fast_pace_s_per_km(v_max_ms: float) -> float:
    """The slowest pace that is fast running: 80 % of v_max, in seconds per km."""
    return 1000.0 / (FAST_RATIO * v_max_ms)


@dataclass(frozen=True)
class RepSummary:
    """What reps mean for the model: their km, speed ratio and fast km (the one definition)."""

    rep_total_km: float
    ratio: float
    fast_km: float
    fast: bool
    #: The slowest pace that counts as fast for this runner (s/km).
    fast_pace_s_per_km: float


def rep_summary(reps: int, rep_km: float, rep_pace_s_per_km: float, v_max_ms: float) -> RepSummary:
    """Fast km of ``reps`` × ``rep_km`` at ``rep_pace_s_per_km``: all of them when the reps
    are at 80 % of v_max or more, else 0 (DESIGN.md "run"). The Log page shows this before
    saving; :func:`hamstring_load` counts the same."""
    total = max(0.0, float(reps) * float(rep_km))
    ratio = pace_ratio(rep_pace_s_per_km, v_max_ms)
    fast = bool(np.isfinite(ratio) and is_fast(ratio))
    return RepSummary(
        rep_total_km=total,
        ratio=float(ratio),
        fast_km=total if fast else 0.0,
        fast=fast,
        fast_pace_s_per_km=fast_pace_s_per_km(v_max_ms),
    )


def _profile_frame(profiles: pd.Series) -> pd.DataFrame:
    """km per speed band for each run with a profile (unknown keys ignored, missing = 0)."""
    records = [p if isinstance(p, Mapping) else {} for p in profiles]
    frame = pd.DataFrame.from_records(records, index=profiles.index)
    return frame.reindex(columns=list(SPEED_BANDS)).astype(float).fillna(0.0)


def hamstring_load(runs: pd.DataFrame, v_max_ms: float, params: Params = DEFAULT) -> pd.DataFrame:
    """HEL, fast km and the method used for each run (index kept).

    ``runs`` needs ``type`` and ``distance_km``; ``duration_min``, ``rpe``, ``fast_km``,
    ``strides``, ``speed_profile``, ``reps``, ``rep_km`` and ``rep_pace_s_per_km`` are used
    when present. Speed comes from, best first (``method``):

    - ``profile``: the imported speed profile (km per band of v_max);
    - ``reps``: the reps the runner logged (:func:`_reps`);
    - ``fast_km``: logged fast km (km at ≥ 80 % of v_max) weighted at ``fast_r``, the rest
      at the type's easy ratio;
    - ``pace_split``: an interval, hill or sprint session with only its average pace, split
      by a template (:func:`_pace_split`);
    - ``pace``: the average pace (distance / duration) as if run evenly;
    - ``type``: the type's default ratio; for a hard type only a share of the distance
      (``rep_share`` of intervals and hills, ``sprint_share`` of sprints and strides), the
      rest at the easy ratio; ``rpe``: r = 0.35 + 0.06 · RPE.

    Cross-training carries no hamstring load (DESIGN.md). Fast km are km at ≥ 80 % of
    v_max whatever the method (:data:`FAST_RATIO`).

    Logged fast km and reps outrank the average pace (DESIGN.md lists pace first): f is
    convex, so the average pace of an interval session (reps plus jogs) hides most of its
    load; for the same reason an interval session's average pace is split, not spread.
    """
    return pd.DataFrame(hamstring_values(columns.Table(runs), v_max_ms, params), index=runs.index)


def hamstring_values(
    table: columns.Table,
    v_max_ms: float,
    params: Params = DEFAULT,
    *,
    untyped: str | None = "easy",
) -> dict[str, np.ndarray]:
    """:func:`hamstring_load` of a table's rows: arrays ``hel``, ``fast_km``, ``method``,
    ``cross``. Without a ``type`` column every run is of type ``untyped`` (None: no type,
    so the ratio comes from RPE, as for a row whose type is missing)."""
    n = len(table)
    num = table.numbers

    distance = columns.zeroed(np.clip(num("distance_km"), 0.0, None), nan=0.0)

    duration, rpe, fast, strides = num("duration_min"), num("rpe"), num("fast_km"), num("strides")
    kinds = table.labels("type") if table.has("type") else columns.Labels.constant(n, untyped)
    type_r = kinds.lookup(params.type_r())
    cross = kinds.isin(vocab.CROSS_TRAINING_TYPES)
    interval = kinds.isin(INTERVAL_TYPES)
    sprint = kinds.isin(SPRINT_TYPES)
    easy_r = np.minimum(columns.zeroed(type_r, nan=params.r_easy), params.r_easy)

    fast_km = np.zeros(n)
    method = np.full(n, "type", dtype=object)

    # Type default, then RPE for a type without one.
    r = type_r.copy()
    no_type = np.isnan(r)
    from_rpe = no_type & ~np.isnan(rpe)
    r[from_rpe] = params.rpe_r0 + params.rpe_r_slope * rpe[from_rpe]
    r[no_type & ~from_rpe] = params.r_easy
    method[from_rpe] = "rpe"

    # A hard session known by its type alone: only part of it is run at the type's ratio
    # (a sprint session is a few hundred metres of sprints, not 6 km of them).
    by_type = (method == "type") & ~np.isnan(type_r) & (type_r > easy_r) & ~cross
    share = np.where(sprint, params.sprint_share, 1.0)
    share = np.where(interval & ~sprint, params.rep_share, share)
    hard = np.where(by_type, distance * share, distance)
    type_hel = hard * speed_factor(r, params) + (distance - hard) * speed_factor(easy_r, params)
    type_fast = np.where(is_fast(r), hard, 0.0)

    # Average pace where a duration is known, as if run evenly.
    seconds = duration * 60.0
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = distance * 1000.0 / seconds
    has_pace = np.isfinite(speed) & (speed > 0) & (distance > 0)
    r = np.where(has_pace, np.minimum(speed / v_max_ms, params.max_pace_r), r)
    method[has_pace] = "pace"
    hel = np.where(has_pace, distance * speed_factor(r, params), type_hel)
    fast_km = np.where(has_pace, np.where(is_fast(r), distance, 0.0), type_fast)

    # An interval session with only its average pace: reps and jogs by a template.
    split = interval & has_pace & ~cross & np.isnan(fast)
    if split.any():
        s_hel, s_fast, s_ok = _pace_split(
            distance[split], seconds[split], easy_r[split], v_max_ms, params
        )
        pos = np.flatnonzero(split)[s_ok]
        hel[pos], fast_km[pos] = s_hel[s_ok], s_fast[s_ok]
        method[pos] = "pace_split"

    # Logged fast km at fast_r, the rest at the type's easy ratio.
    has_fast = ~np.isnan(fast) & (fast > 0)
    fast_part = np.minimum(columns.zeroed(fast), distance)
    by_fast = fast_part * speed_factor(params.fast_r, params) + (distance - fast_part) * (
        speed_factor(easy_r, params)
    )
    hel = np.where(has_fast, by_fast, hel)
    fast_km = np.where(has_fast, fast_part, fast_km)
    method[has_fast] = "fast_km"
    logged_zero = ~np.isnan(fast) & (fast == 0)
    fast_km = np.where(logged_zero, 0.0, fast_km)

    # Reps the runner logged: how many, how long, how fast.
    n_reps, rep_km, rep_pace = num("reps"), num("rep_km"), num("rep_pace_s_per_km")
    has_reps = (
        np.isfinite(n_reps)
        & (n_reps > 0)
        & np.isfinite(rep_km)
        & (rep_km > 0)
        & np.isfinite(rep_pace)
        & (rep_pace > 0)
        & (distance > 0)
    )
    if has_reps.any():
        r_hel, r_fast = _reps(
            distance[has_reps],
            seconds[has_reps],
            n_reps[has_reps] * rep_km[has_reps],
            rep_pace[has_reps],
            easy_r[has_reps],
            v_max_ms,
            params,
        )
        hel[has_reps], fast_km[has_reps] = r_hel, r_fast
        method[has_reps] = "reps"

    # Strides: short fast efforts on top of the run.
    n_strides = columns.zeroed(strides)
    stride_km = n_strides * params.stride_km
    hel = hel + stride_km * speed_factor(params.stride_r, params)
    fast_km = fast_km + stride_km

    # An imported speed profile outranks everything (its fast bands include strides).
    if table.has("speed_profile"):
        profiles = table.objects("speed_profile")
        mask = np.fromiter(
            (isinstance(p, Mapping) and bool(p) for p in profiles), dtype=bool, count=n
        )
        if mask.any():
            bands = _profile_frame(pd.Series(profiles[mask]))
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
    return {"hel": hel, "fast_km": fast_km, "method": method, "cross": cross}


def _reps(
    distance: np.ndarray,
    seconds: np.ndarray,
    rep_total: np.ndarray,
    rep_pace: np.ndarray,
    easy_r: np.ndarray,
    v_max_ms: float,
    params: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """HEL and fast km of runs with logged reps: reps · rep_km at their pace, the rest of the
    distance at the rest's own average speed.

    HEL = reps · rep_km · f(r_rep) + rest · f(r_rest), r_rep = (1000 / rep pace) / v_max
    (capped at ``max_pace_r`` like an average pace, and timed at that cap). When a duration is
    known the rest runs at (remaining distance) / (remaining time), kept between the type's
    easy ratio and the reps' ratio: no slower than easy, because a duration typed by hand often
    holds standing recoveries that would make the jogs look slower than they were (and so a
    session with reps never counts less than the same distance easy); no faster than the reps,
    which are the hard part of the session. Without a duration, or when the reps alone take the
    whole time, the rest is at the type's easy ratio. Fast km are the reps' km when r_rep ≥
    0.8, else 0 (the one definition); the rest is never fast km.
    """
    reps_km = np.minimum(rep_total, distance)
    rest_km = distance - reps_km
    r_raw = pace_ratio(rep_pace, v_max_ms)
    r_rep = np.minimum(r_raw, params.max_pace_r)
    # Reps faster than the cap are timed at the cap, as their load is: a faster rep pace
    # beyond it must not slow the rest down and lower the load.
    rest_s = seconds - reps_km * 1000.0 / (r_rep * v_max_ms)
    with np.errstate(divide="ignore", invalid="ignore"):
        r_avg = rest_km * 1000.0 / rest_s / v_max_ms
    known = np.isfinite(r_avg) & (rest_s > 0) & (rest_km > 0)
    r_rest = np.where(
        known, np.minimum(np.maximum(r_avg, easy_r), np.maximum(r_rep, easy_r)), easy_r
    )
    hel = reps_km * speed_factor(r_rep, params) + rest_km * speed_factor(r_rest, params)
    return hel, np.where(is_fast(r_raw), reps_km, 0.0)


def _pace_split(
    distance: np.ndarray,
    seconds: np.ndarray,
    easy_r: np.ndarray,
    v_max_ms: float,
    params: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """HEL, fast km and where it applies, for interval-type runs known by average pace only.

    A share ``rep_share`` of the distance is taken as reps and the rest as warm-up, jogs and
    cool-down at the type's easy ratio; the reps' speed is what the total time leaves them
    (rep time = total − rest km at easy speed). f is convex, so spreading the average
    evenly would hide most of the reps' load (an interval session of 4 km at 0.75 of v_max
    in 10 km averages 0.54: 10 HEL evenly, 12.25 split).

    Where the template does not fit the time:

    - reps that would be slower than the jogs (the session averaged no faster than easy,
      e.g. a duration with long standing rests): not applied, the uniform average is used;
    - reps that would be faster than ``max_pace_r`` (1.0: v_max), including "no time left
      for the reps" (rest slower than 0): the reps are put at that cap and the time left is
      given to the rest, which then runs faster than easy; a total faster than the cap all
      along is the uniform average at the cap. So the load never drops as the same session
      gets faster, and the split meets the uniform average at both ends.

    Fast km are the reps' km when their ratio is ≥ 0.8, the rest's when it is ≥ 0.8.
    """
    cap = params.max_pace_r
    reps_km = params.rep_share * distance
    rest_km = distance - reps_km
    with np.errstate(divide="ignore", invalid="ignore"):
        rest_s = rest_km * 1000.0 / (easy_r * v_max_ms)
        rep_s = seconds - rest_s
        r_rep = np.where(rep_s > 0, reps_km * 1000.0 / rep_s / v_max_ms, np.inf)
        # Reps beyond the cap: reps at the cap, the time left to the rest.
        left_s = seconds - reps_km * 1000.0 / (cap * v_max_ms)
        r_fast_rest = np.where(left_s > 0, rest_km * 1000.0 / left_s / v_max_ms, np.inf)
    over = r_rep > cap
    r_reps = np.where(over, cap, r_rep)
    r_rest = np.where(over, np.minimum(np.maximum(r_fast_rest, easy_r), cap), easy_r)
    ok = np.isfinite(seconds) & (seconds > 0) & (r_rep >= easy_r)
    r_reps = np.where(ok, r_reps, easy_r)
    r_rest = np.where(ok, r_rest, easy_r)
    hel = reps_km * speed_factor(r_reps, params) + rest_km * speed_factor(r_rest, params)
    fast = np.where(is_fast(r_reps), reps_km, 0.0) + np.where(is_fast(r_rest), rest_km, 0.0)
    return hel, fast, ok


def session_rpe_load(runs: pd.DataFrame) -> pd.Series:
    """Session-RPE load = RPE × minutes (Foster et al. 2001); 0 where either is missing."""
    return pd.Series(session_rpe_values(columns.Table(runs)), index=runs.index)


def session_rpe_values(runs: columns.Table) -> np.ndarray:
    """:func:`session_rpe_load` of each row of a table."""
    if not (runs.has("rpe") and runs.has("duration_min")):
        return np.zeros(len(runs))
    return columns.zeroed(runs.numbers("rpe") * runs.numbers("duration_min"), nan=0.0)
