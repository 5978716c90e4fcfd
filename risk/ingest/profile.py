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

from risk import vocab
from risk.ingest import judge, names
from risk.ingest.activity import Activity, Samples
from risk.ingest.plausible import SPIKE_MS, SPORTS, activity_type, clean_segments, spike_ms

__all__ = ["SPORTS", "activity_type"]  # kept here for the readers that import them
from risk.model.load import FAST_BANDS, SPEED_BANDS

STEP_S: Final = 5.0
#: A gap longer than this with almost no distance is a pause, not running.
PAUSE_GAP_S: Final = 30.0
PAUSE_SPEED_MS: Final = 0.5
#: Faster than this is a GPS jump, not a runner (Bolt's peak: 12.4 m/s).
MAX_HUMAN_MS: Final = SPIKE_MS["run"]


def _segments(samples: Samples, limit_ms: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per segment: seconds, metres with GPS spikes replaced, and the pause flags."""
    dt_s = np.diff(samples.t.astype(float))
    dd = np.diff(samples.d.astype(float))
    dd = np.where(np.isfinite(dd) & (dd > 0), dd, 0.0)
    dt_s = np.where(np.isfinite(dt_s) & (dt_s > 0), dt_s, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dt_s > 0, dd / dt_s, 0.0)
    pause = (dt_s > PAUSE_GAP_S) & (speed < PAUSE_SPEED_MS)
    if samples.paused is not None and len(samples.paused) == len(samples.t):
        pause |= samples.paused[1:].astype(bool)
    clean, _ = clean_segments(dt_s, dd, limit_ms)
    return dt_s, clean, pause


def moving_segments(
    samples: Samples, limit_ms: float = MAX_HUMAN_MS
) -> tuple[np.ndarray, np.ndarray]:
    """Per segment between points: moving seconds and metres. Pauses give 0 s and 0 m; a
    GPS spike (faster than ``limit_ms``) keeps its time at the speed around it
    (:func:`risk.ingest.plausible.clean_segments`)."""
    dt_s, metres, pause = _segments(samples, limit_ms)
    return np.where(pause, 0.0, dt_s), np.where(pause, 0.0, metres)


def spikes(samples: Samples, limit_ms: float) -> tuple[int, float, float]:
    """GPS spikes of a track: how many segments, its metres as recorded and once cleaned."""
    dt_s = np.diff(samples.t.astype(float))
    dd = np.diff(samples.d.astype(float))
    dd = np.where(np.isfinite(dd) & (dd > 0), dd, 0.0)
    dt_s = np.where(np.isfinite(dt_s) & (dt_s > 0), dt_s, 0.0)
    clean, count = clean_segments(dt_s, dd, limit_ms)
    return count, float(dd.sum()), float(clean.sum())


def moving_minutes(samples: Samples, limit_ms: float = MAX_HUMAN_MS) -> float:
    """Moving time in minutes: the track's time without pauses."""
    moving, _ = moving_segments(samples, limit_ms)
    return float(moving.sum()) / 60.0


def grid_steps(samples: Samples, limit_ms: float = MAX_HUMAN_MS) -> tuple[np.ndarray, np.ndarray]:
    """Metres and speed (m/s) of each ``STEP_S`` step of moving time."""
    moving, metres = moving_segments(samples, limit_ms)
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


def speed_profile(
    samples: Samples, v_max_ms: float, distance_km: float, limit_ms: float = MAX_HUMAN_MS
) -> dict[str, float]:
    """km per speed band (share of ``v_max_ms``), scaled so the bands add up to the file's
    own total ``distance_km`` (the session total is trusted over the sum of records)."""
    bands = dict.fromkeys(SPEED_BANDS, 0.0)
    step_m, speed = grid_steps(samples, limit_ms)
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


def finish(activity: Activity, v_max_ms: float, units: vocab.Units = "km") -> Activity:
    """Fill in type, speed profile, fast km and moving time for the runner's max speed.

    GPS spikes are cleaned first (a track distance that held them is shortened); a file's
    max speed beyond the sport's spike bound is replaced by the cleaned track's; an
    average heart rate of 0 (or outside 20–250) is no heart rate; then
    :mod:`risk.ingest.judge` checks the sport against the name and the speeds.
    """
    judge.resolve_sport(activity)
    kind = activity_type(activity.sport)
    limit = spike_ms(activity.sport)
    samples = activity.samples
    step_m, step_speed = np.zeros(0), np.zeros(0)
    if samples is not None and len(samples.t) > 1:
        _clean_distance(activity, samples, limit)
        if activity.moving_min is None:
            activity.moving_min = moving_minutes(samples, limit)
        step_m, step_speed = grid_steps(samples, limit)
        if kind == "run":
            activity.speed_profile = speed_profile(samples, v_max_ms, activity.distance_km, limit)
            activity.fast_km = round(sum(activity.speed_profile[b] for b in FAST_BANDS), 3)
        if activity.avg_hr is None and samples.hr is not None:
            hr = samples.hr[np.isfinite(samples.hr) & (samples.hr > 0)]
            activity.avg_hr = float(hr.mean()) if hr.size else None
    track_max = float(step_speed.max()) if step_speed.size else None
    if activity.max_speed_ms is None:
        activity.max_speed_ms = track_max
    elif not activity.max_speed_ms <= limit:
        activity.warnings.append(
            f"The file's max speed ({activity.max_speed_ms:.1f} m/s) is a GPS spike: "
            + (f"{track_max:.1f} m/s from the cleaned track" if track_max else "left out")
        )
        activity.max_speed_ms = track_max
    _check_heart_rate(activity)
    if activity.avg_speed_ms is None and activity.moving_min:
        activity.avg_speed_ms = activity.distance_km * 1000.0 / (activity.moving_min * 60.0)
    if kind == "run" and activity.type is None:
        judge.review(activity, v_max_ms, step_m, step_speed, units)
    if activity.type is None:
        if kind == "run":
            activity.type = names.run_type_from_name(
                activity.name, activity.distance_km
            ) or guess_run_type(activity, v_max_ms)
        else:
            activity.type = kind
    if kind == "run" and not activity.sport_stated and not activity.confirm:
        activity.warnings.append("The file does not say its sport: a run, from its speeds")
    if kind == "run" and names.is_indoor(activity.name) and activity.speed_profile is None:
        activity.warnings.append("Indoor run: no track, so the type is a guess from the pace")
    activity.samples = None  # the points are not kept: memory stays flat over many files
    return activity


def _clean_distance(activity: Activity, samples: Samples, limit_ms: float) -> None:
    """Take GPS spikes out of a distance summed from the track's positions (a GPX file),
    and say so; a watch's own total is trusted (its rare fast second is catching up on
    distance it really ran)."""
    if not activity.distance_from_track:
        return
    count, raw_m, clean_m = spikes(samples, limit_ms)
    total_m = activity.distance_km * 1000.0
    if not count or raw_m - clean_m < 10.0 or abs(raw_m - total_m) > 0.005 * max(total_m, 1):
        return
    activity.distance_km = max(total_m - (raw_m - clean_m), 0.0) / 1000.0
    activity.warnings.append(
        f"{count} GPS spike{'s' if count > 1 else ''} (faster than {limit_ms:g} m/s) taken out: "
        f"{total_m / 1000:.2f} km -> {activity.distance_km:.2f} km"
    )


def _check_heart_rate(activity: Activity) -> None:
    """An average heart rate of 0 means no heart rate; one outside 20–250 is sensor junk."""
    hr = activity.avg_hr
    if hr is None:
        return
    if not np.isfinite(hr) or hr <= 0:
        activity.avg_hr = None
    elif not 20 <= hr <= 250:
        activity.warnings.append(f"Average heart rate {hr:g} is not a heart rate: left out")
        activity.avg_hr = None


def local_date(start_utc: dt.datetime, offset: dt.timedelta | None, lon: float | None) -> dt.date:
    """The runner's calendar date of a start time.

    Uses the file's own UTC offset when it has one; else the solar offset of the start's
    longitude (one hour per 15°), which is right for almost every run that is not near
    midnight; else UTC.
    """
    if offset is None and lon is not None and np.isfinite(lon):
        offset = dt.timedelta(hours=round(lon / 15.0))
    return (start_utc + (offset or dt.timedelta(0))).date()
