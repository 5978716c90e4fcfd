"""What a human can do in each sport: GPS spikes to clean, and runs that are not runs.

Three kinds of bound, each with its reason:

- **A GPS spike** is a point-to-point speed nobody reaches in that sport: the segment is
  not a reason to refuse the file, it is replaced by the speed around it
  (:func:`clean_segments`). Running, walking and hiking: 12.5 m/s (Bolt's peak in the 2009
  100 m world record was 12.4 m/s; Graubner & Nixdorf 2011); cycling 35 m/s (126 km/h,
  beyond the fastest descents of road racing); skiing 45 m/s (downhill racing tops out
  near 40 m/s); rowing 8 m/s (the eight's 2 km world record averages 6.3 m/s); swimming
  5 m/s (the 50 m freestyle record averages 2.4 m/s; watches in water are noisy);
  anything else 45 m/s.
- **Faster than any human runs that far**: a "run" whose average moving speed beats the
  world record for its distance by more than :data:`RECORD_MARGIN` (GPS distance error)
  is a ride or a drive (:func:`record_speed`: men's world records, interpolated in log
  distance). The brief's rule of thumb "faster than 2:50 min/km for over 10 km" is
  looser than the record curve (2:37 min/km at 10 km, 2:51 at the marathon), so the curve
  is used.
- **Faster than this runner runs that far**: Riegel's endurance curve (Riegel 1981:
  time ∝ distance^1.06) from the runner's 5 km speed (v_max / 1.75, DESIGN.md), with
  :data:`PB_MARGIN` for a 5 km time that is out of date: asked, not decided.
- **Walking throughout**: the walk-to-run transition of adults is near 2.0 m/s (Hreljac
  1993, MSSE 25:932: 2.06 m/s); an activity whose average moving pace is slower than
  9:30 min/km (:data:`WALK_AVG_MS`) with under 10 % of its distance above 2.0 m/s is a
  walk, not a run.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

#: Point-to-point speed (m/s) beyond which a segment is a GPS spike, by sport family.
SPIKE_MS: Final[dict[str, float]] = {
    "run": 12.5,
    "walk": 12.5,
    "cycle": 35.0,
    "ski": 45.0,
    "row": 8.0,
    "swim": 5.0,
    "other": 45.0,
}

#: FIT / GPX / TCX / Strava sport names -> our activity types (runs are typed later).
SPORTS: Final[dict[str, str]] = {
    "running": "run",
    "run": "run",
    "trail_running": "run",
    "trail run": "run",
    "trail running": "run",
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


#: Our activity types -> the family whose bounds apply (skiing is "other" but skis fast).
FAMILIES: Final[dict[str, str]] = {
    "run": "run",
    "walking": "walk",
    "hiking": "walk",
    "cycling": "cycle",
    "swimming": "swim",
    "rowing": "row",
}
SKIING: Final = frozenset(
    {"alpine_skiing", "cross_country_skiing", "backcountry_skiing", "snowboarding", "skiing"}
)


#: Men's world records (metres, seconds): Bolt 2009, van Niekerk 2016, Rudisha 2012,
#: El Guerrouj 1998, Cheptegei 2020 (5000 and 10 000 m), Kiplimo 2025 (half marathon),
#: Kiptum 2023 (marathon), Sorokin 2022 (100 km).
WORLD_RECORDS: Final[tuple[tuple[float, float], ...]] = (
    (100.0, 9.58),
    (400.0, 43.03),
    (800.0, 100.91),
    (1500.0, 206.0),
    (5000.0, 755.36),
    (10000.0, 1571.0),
    (21097.5, 3402.0),
    (42195.0, 7235.0),
    (100000.0, 21941.0),
)
#: GPS distance on a good track is within about 2-3 %: a run must beat the record by more.
RECORD_MARGIN: Final = 1.03
#: Riegel's fatigue exponent (Riegel 1981, American Scientist 69:285).
RIEGEL_EXPONENT: Final = 1.06
#: A 5 km time may be out of date by this much before a faster run is questioned.
PB_MARGIN: Final = 1.15
#: Runs shorter than this are not questioned against the runner's 5 km time (reps run
#: faster than 5 km pace are the point of a short session).
PERSONAL_FROM_KM: Final = 3.0
#: Walk-to-run transition (Hreljac 1993) and the walking average pace (9:30 min/km).
WALK_RUN_MS: Final = 2.0
WALK_AVG_MS: Final = 1000.0 / (9.5 * 60.0)
#: Share of the distance that may be above the transition in a walk (GPS noise, a jog).
WALK_FAST_SHARE: Final = 0.10
#: The hour record on a bike (Ganna 2022, 56.792 km) as m/s: a faster average is a vehicle.
HOUR_RECORD_MS: Final = 56792.0 / 3600.0


def family(sport: str) -> str:
    """The family of a sport name ("run", "walk", "cycle", "ski", "row", "swim", "other")."""
    if sport.strip().lower().replace(" ", "_") in SKIING:
        return "ski"
    return FAMILIES.get(activity_type(sport), "other")


def spike_ms(sport: str) -> float:
    """Point-to-point speed in m/s beyond which a segment of this sport is a GPS spike."""
    return SPIKE_MS[family(sport)]


def record_speed(distance_km: float) -> float:
    """The men's world-record average speed (m/s) for a distance, interpolated linearly in
    log distance between the records of :data:`WORLD_RECORDS` (flat beyond both ends).

    >>> round(record_speed(10.0), 2)
    6.37
    >>> round(1000 / record_speed(42.195) / 60, 2)  # min/km
    2.86
    """
    metres = np.array([m for m, _ in WORLD_RECORDS])
    speeds = np.array([m / s for m, s in WORLD_RECORDS])
    x = math.log(max(distance_km * 1000.0, 1.0))
    return float(np.interp(x, np.log(metres), speeds))


def beyond_record(distance_km: float, avg_ms: float) -> bool:
    """True when a run of ``distance_km`` at ``avg_ms`` beats the world record for that
    distance by more than the GPS margin: nobody runs it."""
    return distance_km >= 1.0 and avg_ms > record_speed(distance_km) * RECORD_MARGIN


def personal_speed(distance_km: float, v_max_ms: float) -> float:
    """The fastest average (m/s) this runner could hold over ``distance_km``: the 5 km speed
    (v_max / 1.75) carried to the distance by Riegel's curve, times :data:`PB_MARGIN`."""
    v_5k = v_max_ms / 1.75
    return v_5k * (distance_km / 5.0) ** (1.0 - RIEGEL_EXPONENT) * PB_MARGIN


def beyond_runner(distance_km: float, avg_ms: float, v_max_ms: float) -> bool:
    """True when a run of at least :data:`PERSONAL_FROM_KM` is faster than this runner's
    5 km time says they can run it (with a margin for an out-of-date 5 km time)."""
    return distance_km >= PERSONAL_FROM_KM and avg_ms > personal_speed(distance_km, v_max_ms)


def walking_throughout(avg_ms: float, step_m: np.ndarray, step_speed: np.ndarray) -> bool:
    """True for a walk: average moving speed under 9:30 min/km and (when the track is
    known) under 10 % of the distance above the walk-to-run transition."""
    if not 0 < avg_ms < WALK_AVG_MS:
        return False
    total = float(step_m.sum())
    if total <= 0:
        return True
    fast = float(step_m[step_speed > WALK_RUN_MS].sum())
    return fast / total < WALK_FAST_SHARE


def clean_segments(dt_s: np.ndarray, dd: np.ndarray, limit_ms: float) -> tuple[np.ndarray, int]:
    """Metres per segment with GPS spikes replaced, and how many segments were spikes.

    A segment faster than ``limit_ms`` keeps its time but gets the median speed of the
    moving segments that are not spikes, so a spike neither shortens the moving time nor
    adds distance or fast km (a time jump of a few seconds, or a point thrown 300 m off the
    road and back, both give such segments).
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        speed = np.where(dt_s > 0, dd / dt_s, np.where(dd > 0, np.inf, 0.0))
    spike = speed > limit_ms
    if not spike.any():
        return dd, 0
    good = ~spike & (dt_s > 0) & (speed > 0)
    typical = float(np.median(speed[good])) if good.any() else 0.0
    return np.where(spike, dt_s * typical, dd), int(spike.sum())
