"""From track points to what the model reads: speed profile, fast km, moving time, run type.

The speed profile is the km run in each band of the runner's max speed (< 60, 60–70,
70–80, 80–90, ≥ 90 %; DESIGN.md), found from the cumulative distance resampled every
``STEP_S`` seconds of moving time: GPS noise at 1 Hz would otherwise scatter easy km into
fast bands, where the convex speed factor inflates them.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np

from risk.ingest.activity import Activity, Samples
from risk.model.load import FAST_BANDS, SPEED_BANDS

STEP_S: Final = 5.0
#: A gap longer than this with almost no distance is a pause, not running.
PAUSE_GAP_S: Final = 30.0
PAUSE_SPEED_MS: Final = 0.5
#: Faster than this is a GPS jump, not a runner.
MAX_HUMAN_MS: Final = 12.5

#: FIT / GPX / TCX / Strava sport names -> our activity types (runs are typed later).
SPORTS: Final[dict[str, str]] = {
    "running": "run",
    "run": "run",
    "trail_running": "run",
    "trail run": "run",
    "treadmill": "run",
    "virtual run": "run",
    "track_running": "run",
    "cycling": "cycling",
    "biking": "cycling",
    "ride": "cycling",
    "virtual ride": "cycling",
    "e-bike ride": "cycling",
    "swimming": "swimming",
    "swim": "swimming",
    "rowing": "rowing",
    "elliptical": "elliptical",
    "walking": "walking",
    "walk": "walking",
    "hiking": "hiking",
    "hike": "hiking",
}


def activity_type(sport: str) -> str:
    """Our type for a file's sport name: "run" for running, else a cross-training type."""
    key = sport.strip().lower()
    return SPORTS.get(key) or SPORTS.get(key.replace("_", " ")) or "other"


def moving_segments(samples: Samples) -> tuple[np.ndarray, np.ndarray]:
    """Per segment between points: moving seconds and metres (pauses and GPS jumps give 0 s)."""
    dt_s = np.diff(samples.t.astype(float))
    dd = np.diff(samples.d.astype(float))
    dd = np.where(np.isfinite(dd) & (dd > 0), dd, 0.0)
    dt_s = np.where(np.isfinite(dt_s) & (dt_s > 0), dt_s, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dt_s > 0, dd / dt_s, 0.0)
    pause = (dt_s > PAUSE_GAP_S) & (speed < PAUSE_SPEED_MS)
    if samples.paused is not None and len(samples.paused) == len(samples.t):
        pause |= samples.paused[1:].astype(bool)
    jump = speed > MAX_HUMAN_MS
    moving = np.where(pause | jump, 0.0, dt_s)
    metres = np.where(pause | jump, 0.0, dd)
    return moving, metres


def moving_minutes(samples: Samples) -> float:
    """Moving time in minutes: the track's time without pauses."""
    moving, _ = moving_segments(samples)
    return float(moving.sum()) / 60.0


def grid_steps(samples: Samples) -> tuple[np.ndarray, np.ndarray]:
    """Metres and speed (m/s) of each ``STEP_S`` step of moving time."""
    moving, metres = moving_segments(samples)
    clock = np.concatenate(([0.0], np.cumsum(moving)))
    dist = np.concatenate(([0.0], np.cumsum(metres)))
    if clock[-1] < STEP_S or dist[-1] <= 0:
        return np.zeros(0), np.zeros(0)
    grid = np.arange(0.0, clock[-1] + STEP_S, STEP_S)
    grid[-1] = min(grid[-1], clock[-1])
    step_m = np.diff(np.interp(grid, clock, dist))
    step_s = np.diff(grid)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(step_s > 0, step_m / step_s, 0.0)
    return step_m, speed


def speed_profile(samples: Samples, v_max_ms: float, distance_km: float) -> dict[str, float]:
    """km per speed band (share of ``v_max_ms``), scaled so the bands add up to the file's
    own total ``distance_km`` (the session total is trusted over the sum of records)."""
    bands = dict.fromkeys(SPEED_BANDS, 0.0)
    step_m, speed = grid_steps(samples)
    if not step_m.size:
        return bands
    ratio = speed / v_max_ms
    edges = [hi for _, hi in SPEED_BANDS.values()][:-1]
    which = np.digitize(ratio, edges)
    per_band = np.bincount(which, weights=step_m, minlength=len(SPEED_BANDS))
    total = float(per_band.sum())
    scale = distance_km * 1000.0 / total if total > 0 else 0.0
    for k, name in enumerate(SPEED_BANDS):
        bands[name] = round(float(per_band[k]) * scale / 1000.0, 3)
    return bands


def guess_run_type(activity: Activity, v_max_ms: float) -> str:
    """A run type from the speed profile and average pace; the runner can change it.

    Intervals if at least 0.4 km and 8 % of the run were at ≥ 80 % of max speed; tempo if
    the average moving speed is ≥ 56 % of max; long from 18 km; recovery under 40 %.
    """
    distance = activity.distance_km
    fast = activity.fast_km or 0.0
    avg = activity.avg_speed_ms
    if avg is None and activity.moving_min:
        avg = distance * 1000.0 / (activity.moving_min * 60.0)
    ratio = (avg or 0.0) / v_max_ms
    if fast >= 0.4 and distance > 0 and fast / distance >= 0.08:
        return "intervals"
    if ratio >= 0.56:
        return "tempo"
    if distance >= 18.0:
        return "long"
    if 0 < ratio < 0.40:
        return "recovery"
    return "easy"


def finish(activity: Activity, v_max_ms: float) -> Activity:
    """Fill in type, speed profile, fast km and moving time for the runner's max speed."""
    kind = activity_type(activity.sport)
    samples = activity.samples
    if samples is not None and len(samples.t) > 1:
        if activity.moving_min is None:
            activity.moving_min = moving_minutes(samples)
        if kind == "run":
            activity.speed_profile = speed_profile(samples, v_max_ms, activity.distance_km)
            activity.fast_km = round(sum(activity.speed_profile[b] for b in FAST_BANDS), 3)
        if activity.max_speed_ms is None:
            _, speed = grid_steps(samples)
            activity.max_speed_ms = float(speed.max()) if speed.size else None
        if activity.avg_hr is None and samples.hr is not None:
            hr = samples.hr[np.isfinite(samples.hr) & (samples.hr > 0)]
            activity.avg_hr = float(hr.mean()) if hr.size else None
    if activity.avg_speed_ms is None and activity.moving_min:
        activity.avg_speed_ms = activity.distance_km * 1000.0 / (activity.moving_min * 60.0)
    if activity.type is None:
        activity.type = guess_run_type(activity, v_max_ms) if kind == "run" else kind
    activity.samples = None  # the points are not kept: memory stays flat over many files
    return activity


def local_date(start_utc: dt.datetime, offset: dt.timedelta | None, lon: float | None) -> dt.date:
    """The runner's calendar date of a start time.

    Uses the file's own UTC offset when it has one; else the solar offset of the start's
    longitude (one hour per 15°), which is right for almost every run that is not near
    midnight; else UTC.
    """
    if offset is None and lon is not None and np.isfinite(lon):
        offset = dt.timedelta(hours=round(lon / 15.0))
    return (start_utc + (offset or dt.timedelta(0))).date()
