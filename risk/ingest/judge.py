"""Is it what it says? An activity's sport and run type from its file, name and speeds.

The rules, in order (thresholds and their sources in :mod:`risk.ingest.plausible`):

1. The sport the file or Strava states wins over guesses (Strava's Activity Type column,
   a FIT session's sport, a TCX activity's Sport, a GPX ``<type>``). A file that states
   none (a GPX without ``<type>``) takes its sport from its name ("Cycling 10/2/17" is a
   ride), else it is taken as a run and judged by its speeds below.
2. A run faster than the world record for its distance is not a run: the runner is asked
   to confirm it as cycling (or "other" above the hour record on a bike: a vehicle).
3. A run faster than the runner's own 5 km time allows over its distance is asked about
   too: as cycling when the file did not say running, else as a run (the 5 km time may
   be out of date).
4. A run at walking pace throughout is asked about as walking (not for trail runs).
5. A file that says running while its name says another sport is asked about.
6. A run's type comes from its name (:mod:`risk.ingest.names`), else from its speed
   profile (:func:`risk.ingest.profile.guess_run_type`); the fast km always come from the
   profile.

CSV logs state their own types and are not second-guessed here. "Asked" means the
activity becomes a *please confirm* row of the import preview, imported only if the
runner accepts it.
"""

from __future__ import annotations

import numpy as np

from risk import formats, vocab
from risk.ingest import names, plausible
from risk.ingest.activity import Activity

#: Our sport names a trail run keeps (slow climbs at walking pace are part of it).
TRAIL_SPORTS = frozenset({"trail_running", "trail run"})


def resolve_sport(activity: Activity) -> None:
    """Give an activity whose file states no sport the sport its name says, with a note."""
    if activity.sport_stated or activity.source == "csv":
        return
    said = names.sport_from_name(activity.name)
    if said is not None:
        activity.sport = said
        activity.sport_stated = True
        activity.warnings.append(f"The file does not say its sport: {said}, from its name")


def review(
    activity: Activity,
    v_max_ms: float,
    step_m: np.ndarray,
    step_speed: np.ndarray,
    units: vocab.Units = "km",
) -> None:
    """Rules 2–5 of the module docstring: set ``activity.confirm`` (and the type to import
    on confirmation) when a run's speeds or name say it is not one."""
    if activity.source == "csv" or plausible.activity_type(activity.sport) != "run":
        return
    distance = activity.distance_km
    avg = activity.avg_speed_ms
    if not avg or not np.isfinite(avg) or distance <= 0:
        return
    said = names.sport_from_name(activity.name)
    what = f"{formats.readable_distance(distance, units)} at {_pace(avg, units)}"
    told = "recorded as a run" if activity.sport_stated else "no sport in the file"
    if plausible.beyond_record(distance, avg):
        record = _pace(plausible.record_speed(distance), units)
        kind = _fast_sport(said, avg)
        _ask(
            activity,
            kind,
            f"{told}, but {what} is faster than anyone has run that far (world record "
            f"{record}): a ride or a drive?",
        )
        return
    if plausible.beyond_runner(distance, avg, v_max_ms):
        best = _pace(plausible.personal_speed(distance, v_max_ms), units)
        if activity.sport_stated:
            _ask(
                activity,
                None,
                f"{told}, but {what} is faster than your 5 km time says you can run that far "
                f"(about {best} at best): is your 5 km time on Profile out of date, or was "
                "it a ride?",
            )
        else:
            _ask(
                activity,
                _fast_sport(said, avg),
                f"{told}, and {what} is faster than your 5 km time says you can run that far "
                f"(about {best} at best): a ride?",
            )
        return
    if activity.sport not in TRAIL_SPORTS and plausible.walking_throughout(avg, step_m, step_speed):
        kind = "hiking" if said == "hiking" else "walking"
        _ask(
            activity,
            kind,
            f"{told}, but {_pace(avg, units)} throughout is walking pace (slower than "
            f"{_pace(plausible.WALK_AVG_MS, units)})",
        )
        return
    if said is not None and activity.sport_stated and activity.source != "strava-csv":
        _ask(activity, said, f"the file says running, but its name says {said}")


def no_distance(activity: Activity) -> str | None:
    """Why an activity with no distance is not imported (a time-only indoor session), or
    None when it has a distance."""
    if activity.distance_km != 0:  # a negative one is refused by validation
        return None
    kind = plausible.activity_type(activity.sport)
    if kind == "run":
        return (
            "no distance recorded (a treadmill without a foot pod?): log it by hand with "
            "the treadmill's distance"
        )
    label = vocab.ACTIVITY_TYPES.get(kind, kind).lower()
    return (
        f"no distance recorded, so not imported ({label}: Eccentric keeps sessions by their "
        "distance, and cross-training carries no hamstring load, so nothing is lost)"
    )


def _fast_sport(said: str | None, avg: float) -> str:
    if said in ("cycling", "other"):
        return said
    return "cycling" if avg <= plausible.HOUR_RECORD_MS else "other"


def _ask(activity: Activity, kind: str | None, why: str) -> None:
    """Make the activity a please-confirm row that imports as ``kind`` (or as a run)."""
    why = why if why.endswith("?") else why + "."
    if kind is not None:
        activity.type = kind
        label = kind.replace("_", " ")
        activity.confirm = (
            f"Please confirm: {why} Import it as {label} (cross-training, no hamstring load)?"
        )
    else:
        activity.confirm = f"Please confirm: {why} Import it as a run?"


def _pace(speed_ms: float, units: vocab.Units) -> str:
    return formats.format_pace(1000.0 / speed_ms, units)
