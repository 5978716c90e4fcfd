"""The words Eccentric logs with: run types, strength exercises, units.

Shared by the store (validation), the model (per-type defaults) and the pages
(labels in forms); it imports nothing of the project, so every layer may use it.
"""

from __future__ import annotations

from typing import Final, Literal

#: Run types, in the order forms offer them, with a label a runner reads.
RUN_TYPES: Final[dict[str, str]] = {
    "easy": "Easy",
    "recovery": "Recovery",
    "long": "Long run",
    "tempo": "Tempo",
    "threshold": "Threshold",
    "hills": "Hills",
    "intervals": "Intervals",
    "strides": "Strides",
    "sprints": "Sprints",
    "race_5k": "Race: 5 km",
    "race_10k": "Race: 10 km",
    "race_half": "Race: half marathon",
    "race_marathon": "Race: marathon",
}

#: Other sports, kept as cross-training with no hamstring eccentric load (DESIGN.md).
CROSS_TRAINING_TYPES: Final[dict[str, str]] = {
    "cycling": "Cross-training: cycling",
    "swimming": "Cross-training: swimming",
    "rowing": "Cross-training: rowing",
    "elliptical": "Cross-training: elliptical",
    "walking": "Cross-training: walking",
    "hiking": "Cross-training: hiking",
    "other": "Cross-training: other",
}

ACTIVITY_TYPES: Final[dict[str, str]] = {**RUN_TYPES, **CROSS_TRAINING_TYPES}

#: Run types a planner treats as speed sessions.
SPEED_TYPES: Final[frozenset[str]] = frozenset(
    {"tempo", "threshold", "hills", "intervals", "strides", "sprints", "race_5k", "race_10k"}
)

#: Built-in hamstring exercises; any other non-empty name is a custom exercise.
EXERCISES: Final[dict[str, str]] = {
    "nordic": "Nordic hamstring curl",
    "single_leg_bridge": "Single-leg hamstring bridge",
    "rdl": "Romanian deadlift",
}

INJURY_SIDES: Final[dict[str, str]] = {"left": "Left", "right": "Right", "both": "Both"}
#: Where an injury is. Hamstring first: the product is about hamstrings, and rows logged
#: before sites existed get it (migration 0003).
INJURY_SITES: Final[dict[str, str]] = {
    "hamstring": "Hamstring",
    "calf": "Calf",
    "achilles": "Achilles tendon",
    "knee": "Knee",
    "other": "Other",
}
DEFAULT_INJURY_SITE: Final = "hamstring"
INJURY_SEVERITIES: Final[dict[str, str]] = {
    "mild": "Mild (trained through it)",
    "moderate": "Moderate (missed under 2 weeks)",
    "severe": "Severe (missed 2 weeks or more)",
}

#: McLean et al. 2010 wellness items, each scored 1 (worst) to 5 (best).
WELLNESS_ITEMS: Final[dict[str, str]] = {
    "fatigue": "Fatigue",
    "sleep": "Sleep quality",
    "general_soreness": "General muscle soreness",
    "stress": "Stress",
    "mood": "Mood",
}

#: The check-in's resting heart rate field (Log, Today).
RESTING_HR_LABEL: Final = "Resting heart rate (bpm)"
RESTING_HR_HELP: Final = (
    "Beats a minute on waking, before getting up (optional; 25-120). Logged for you to "
    "read back: the load model does not use it."
)

#: Shown beside every analysis: what the indicator is and is not.
HONEST_LINE: Final[str] = (
    "Eccentric is a training-load heuristic for reflection, not a diagnosis: its bands come "
    "from team-sport studies and are disputed. See a clinician for sharp or lasting pain."
)

Units = Literal["km", "mi"]
UNITS: Final[tuple[Units, ...]] = ("km", "mi")

#: One international mile in kilometres.
KM_PER_MILE: Final[float] = 1.609344

#: One pound in kilograms; a miles runner sees body mass in pounds.
KG_PER_LB: Final[float] = 0.45359237

SOURCES: Final[tuple[str, ...]] = ("manual", "fit", "gpx", "tcx", "strava-csv", "csv", "demo")


def km_to(value_km: float, units: Units) -> float:
    """Convert a distance in km to the runner's display unit."""
    return value_km / KM_PER_MILE if units == "mi" else value_km


def mass_unit(units: Units) -> str:
    """The body-mass unit of a runner: pounds for a miles runner, else kilograms."""
    return "lb" if units == "mi" else "kg"


def kg_to(value_kg: float, units: Units) -> float:
    """A body mass in kg in the runner's unit (lb for a miles runner)."""
    return value_kg / KG_PER_LB if units == "mi" else value_kg


def to_kg(value: float, units: Units) -> float:
    """A body mass entered in the runner's unit, in kg."""
    return value * KG_PER_LB if units == "mi" else value


def to_km(value: float, units: Units) -> float:
    """Convert a distance entered in the runner's display unit to km."""
    return value * KM_PER_MILE if units == "mi" else value


def label(mapping: dict[str, str], key: str) -> str:
    """The label of a vocabulary key, or the key itself for custom entries."""
    return mapping.get(key, key)
