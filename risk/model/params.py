"""Every constant of the model, with its meaning, its source and the range it may take.

:class:`Params` is frozen and hashable, so a cache can key on it. A runner's
overrides (the ``params`` JSON of the athlete) go through :func:`Params.with_overrides`,
which rejects an unknown name or an out-of-range value with a message a runner reads.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

OURS: Final = "our default, tunable"

#: Settings an earlier version had: a runner's saved value is passed over, not refused.
RETIRED: Final = frozenset({"protection_cap"})


class InvalidParams(ValueError):
    """Overrides that cannot be used; ``messages`` says what is wrong with each."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _p(
    default: Any, meaning: str, source: str, lo: float, hi: float, *, integer: bool = False
) -> Any:
    return field(
        default=default,
        metadata={"meaning": meaning, "source": source, "min": lo, "max": hi, "integer": integer},
    )


@dataclass(frozen=True)
class Params:
    """The model's constants (DESIGN.md, "The model"). Each field documents itself in metadata."""

    # Hamstring eccentric load of a run: f(r) = 1 + a · max(0, r − r0)^p.
    hel_a: float = _p(25.0, "Steepness a of the speed factor f(r)", OURS, 0.0, 200.0)
    hel_r0: float = _p(
        0.6,
        "Speed ratio r0 (share of max speed) above which braking load rises",
        "Chumanov et al. 2011; Schache et al. 2012 (shape); value " + OURS,
        0.3,
        0.95,
    )
    hel_p: float = _p(2.0, "Exponent p of the speed factor f(r)", OURS, 1.0, 4.0)
    stride_km: float = _p(0.1, "Distance of one stride (km)", OURS, 0.02, 0.3)
    stride_r: float = _p(0.9, "Speed ratio of a stride", OURS, 0.6, 1.0)
    fast_r: float = _p(0.85, "Speed ratio of logged fast km", OURS, 0.6, 1.0)
    nordic_rep_hel: float = _p(
        0.15,
        "Hamstring load of one Nordic rep (feeds soreness: unaccustomed Nordics make you sore)",
        OURS,
        0.0,
        2.0,
    )
    rpe_r0: float = _p(0.35, "Speed ratio at RPE 0 when only RPE is known", OURS, 0.1, 0.8)
    rpe_r_slope: float = _p(0.06, "Speed ratio per RPE point when only RPE is known", OURS, 0, 0.1)
    max_pace_r: float = _p(1.0, "Cap on the speed ratio of an average pace", OURS, 0.6, 1.2)
    sprint_share: float = _p(
        0.1,
        "Share of a sprint or strides session's distance run at its speed when only its type "
        "is known",
        "a typical session: 6-10 × 60-100 m within 6 km; share " + OURS,
        0.01,
        0.5,
    )
    rep_share: float = _p(
        0.4,
        "Share of an interval, hill or sprint session's distance run as reps when only its "
        "average pace is known (the rest at the type's easy ratio, the reps' speed solved "
        "from the total time)",
        "a typical session: 5 × 800 m to 5 × 1 km, or 10 × 400 m, within 10 km with warm-up, "
        "jogs and cool-down; share " + OURS,
        0.1,
        0.9,
    )

    # Speed ratio of each run type when nothing better is known (DESIGN.md).
    r_recovery: float = _p(0.40, "Speed ratio of a recovery run", OURS, 0.2, 1.0)
    r_easy: float = _p(0.45, "Speed ratio of an easy run", OURS, 0.2, 1.0)
    r_long: float = _p(0.47, "Speed ratio of a long run", OURS, 0.2, 1.0)
    r_tempo: float = _p(0.58, "Speed ratio of a tempo run", OURS, 0.2, 1.0)
    r_threshold: float = _p(0.62, "Speed ratio of a threshold run", OURS, 0.2, 1.0)
    r_hills: float = _p(0.65, "Speed ratio of a hill session", OURS, 0.2, 1.0)
    r_intervals: float = _p(0.72, "Speed ratio of an interval session", OURS, 0.2, 1.0)
    r_strides: float = _p(0.90, "Speed ratio of a strides session", OURS, 0.2, 1.0)
    r_sprints: float = _p(0.95, "Speed ratio of a sprint session", OURS, 0.2, 1.0)
    r_race_5k: float = _p(0.60, "Speed ratio of a 5 km race", OURS, 0.2, 1.0)
    r_race_10k: float = _p(0.57, "Speed ratio of a 10 km race", OURS, 0.2, 1.0)
    r_race_half: float = _p(0.53, "Speed ratio of a half marathon", OURS, 0.2, 1.0)
    r_race_marathon: float = _p(0.50, "Speed ratio of a marathon", OURS, 0.2, 1.0)

    # Acute and chronic load.
    acute_days: int = _p(7, "Acute EWMA span N (days)", "Williams et al. 2017", 3, 14, integer=True)
    chronic_days: int = _p(
        28, "Chronic EWMA span N (days)", "Williams et al. 2017", 14, 56, integer=True
    )
    seed_days: int = _p(
        7, "Days whose mean seeds the EWMAs", "Williams et al. 2017", 1, 28, integer=True
    )
    warmup_days: int = _p(
        28, "Days of log before a band is shown (grey until then)", OURS, 7, 84, integer=True
    )
    monotony_cap: float = _p(
        10.0, "Cap on monotony when the 7-day SD is 0", "Foster 1998; Runalyze", 2.0, 100.0
    )

    # Strength and capacity.
    w_nordic: float = _p(1.0, "Dose weight of a Nordic rep", "van Dyk et al. 2019", 0.0, 3.0)
    w_single_leg_bridge: float = _p(0.4, "Dose weight of a single-leg bridge rep", OURS, 0, 3)
    w_rdl: float = _p(0.4, "Dose weight of a Romanian deadlift rep", OURS, 0.0, 3.0)
    w_custom: float = _p(
        0.0, "Dose weight of a rep of a custom exercise (unknown muscle)", OURS, 0.0, 3.0
    )
    assisted_m: float = _p(0.7, "Load multiplier of an assisted Nordic", OURS, 0.1, 1.0)
    dose_days: int = _p(
        21, "EWMA span of the daily strength dose (days)", OURS, 7, 84, integer=True
    )
    dose_target: float = _p(
        20.0,
        "Nordic-equivalent reps a week that give half the protection",
        "Presland et al. 2018",
        5.0,
        200.0,
    )
    e1rm_max_reps: int = _p(
        10, "Most reps a set may have to give an Epley e1RM", "Epley 1985", 1, 20, integer=True
    )
    si_baseline_days: int = _p(
        28,
        "Days from an exercise's first session that set its baseline (= 100)",
        OURS,
        7,
        84,
        integer=True,
    )
    si_window_days: int = _p(
        28, "Days over which an exercise's best performance counts", OURS, 7, 84, integer=True
    )
    si_fade_days: int = _p(
        28,
        "Days over which a strength gain fades back to baseline without training",
        "Timmins et al. 2016; Presland et al. 2018",
        7,
        180,
        integer=True,
    )
    trend_weeks: int = _p(8, "Weeks of the strength trend slope", OURS, 2, 26, integer=True)
    cap_protection_weight: float = _p(
        0.5, "Capacity gained as protection nears 1 (a dose well above the target)", OURS, 0, 2
    )
    cap_si_weight: float = _p(0.25, "Capacity gained per unit of strength index", OURS, 0.0, 2.0)
    cap_min: float = _p(0.7, "Lowest capacity", OURS, 0.1, 1.0)
    cap_max: float = _p(1.6, "Highest capacity", OURS, 1.0, 5.0)

    # Soreness.
    excess_factor: float = _p(
        1.5, "A day's load above this multiple of the chronic load is excess", OURS, 1.0, 5.0
    )
    chronic_floor: float = _p(
        2.0, "Floor on the chronic load when judging excess (HEL/day)", OURS, 0.1, 20.0
    )
    kernel: tuple[float, ...] = _p(
        (0.35, 1.0, 0.8, 0.4, 0.15, 0.05),
        "Soreness lag kernel for 0, 1, 2, … days after (peak at 24–48 h)",
        "DOMS time course (Cheung et al. 2003); weights " + OURS,
        0.0,
        5.0,
    )
    soreness_gain: float = _p(3.0, "Soreness gain k until fitted to check-ins", OURS, 0.1, 50.0)
    fit_min_checkins: int = _p(
        10, "Check-ins needed before the gain is fitted", OURS, 3, 365, integer=True
    )
    fit_min_r2: float = _p(0.1, "Fits with a lower r² fall back to the default gain", OURS, 0, 1)
    lag_peak_max_days: int = _p(
        3,
        "Latest soreness peak tried when fitting your lag (days after the load; tried from 0)",
        "DOMS peaks 24–72 h after unaccustomed eccentric work (Cheung et al. 2003)",
        1,
        5,
        integer=True,
    )
    lag_fit_min_checkins: int = _p(
        28,
        "Check-ins needed before the lag's peak is chosen (fewer: the default kernel)",
        OURS,
        14,
        365,
        integer=True,
    )
    lag_cv_folds: int = _p(
        5,
        "Forward-chaining folds that score each lag on check-ins after those it was fitted to",
        "Time-ordered cross-validation (Bergmeir & Benítez 2012); count " + OURS,
        2,
        20,
        integer=True,
    )

    # Indicator (DESIGN.md "Indicator").
    ratio_amber: float = _p(
        1.3, "Load-to-capacity ratio that turns a day amber", "Gabbett 2016 (disputed)", 1.0, 3.0
    )
    ratio_red: float = _p(
        1.5, "Load-to-capacity ratio that turns a day red", "Gabbett 2016 (disputed)", 1.0, 4.0
    )
    ratio_low: float = _p(
        0.8,
        "Ratio below which a note says the load is well below usual",
        "Gabbett 2016 (disputed)",
        0,
        1,
    )
    ratio_min_acute: float = _p(
        3.0,
        "Acute load (HEL a day) below which the ratio cannot raise the band",
        "ratios of small numbers mislead (Impellizzeri et al. 2020); value " + OURS,
        0.0,
        30.0,
    )
    warn_large: float = _p(
        2.0,
        "A warning this many times its allowance (the rise a rule lets pass) is large: amber alone",
        OURS,
        1.0,
        10.0,
    )
    warn_severe: float = _p(
        2.5,
        "A warning this many times its allowance (the rise a rule lets pass) is severe: red alone",
        OURS,
        1.0,
        20.0,
    )
    warn_strength_scale: float = _p(
        1.0,
        "How much capacity widens the load warnings' allowances: 1 + s · (capacity − 1)",
        "van Dyk et al. 2019 (Nordics halve strains); scale " + OURS,
        0.0,
        5.0,
    )
    hel_rise: float = _p(
        0.30,
        "Rise of 7-day load on the week before or the usual week (the higher) that warns "
        "(0.30 = 30 %)",
        "Nielsen et al. 2014",
        0.05,
        3,
    )
    hel_rise_min: float = _p(
        10.0, "Smallest rise of 7-day load (HEL) that can warn", OURS, 0.0, 100.0
    )
    fast_sd: float = _p(
        1.0, "SDs above the 8-week mean of weekly fast km that warn", "Duhig et al. 2016", 0, 4
    )
    fast_min_km: float = _p(
        1.0, "Smallest rise of weekly fast km over the usual that can warn (km)", OURS, 0.1, 20.0
    )
    fast_rel: float = _p(
        0.25, "Rise of weekly fast km, as a share of the usual, that can warn", OURS, 0.0, 5.0
    )
    fast_weeks: int = _p(
        8, "Weeks of fast-km history compared against", "Duhig et al. 2016", 4, 26, integer=True
    )
    fast_min_weeks: int = _p(
        4, "Weeks of history before the fast-km warning applies", OURS, 2, 26, integer=True
    )
    sore_reported: float = _p(4.0, "Reported soreness that warns (small, 0–10)", OURS, 1.0, 10.0)
    sore_large: float = _p(
        6.0, "Reported or predicted soreness that is a large warning (0–10)", OURS, 1.0, 10.0
    )
    sore_severe: float = _p(
        8.0, "Reported soreness that is severe (red; see a clinician)", OURS, 1.0, 10.0
    )
    sore_above_median: float = _p(
        2.0, "Reported soreness this far above your own median warns", OURS, 0.5, 10.0
    )
    sore_predicted: float = _p(4.0, "Predicted soreness that warns (small, 0–10)", OURS, 1.0, 10.0)
    no_strength_days: int = _p(
        14, "Days without an eccentric session before a note", OURS, 3, 90, integer=True
    )
    risky_week_ambers: int = _p(
        3, "Amber days that make a week risky (one red day does)", OURS, 1, 7, integer=True
    )
    rebuild_gap_days: int = _p(
        28,
        "Days without running after which the return is 'rebuilding'",
        OURS,
        7,
        365,
        integer=True,
    )
    rebuild_days: int = _p(
        42, "Days a return after a long break stays 'rebuilding'", OURS, 7, 180, integer=True
    )

    # Injuries (risk.model.injury).
    return_weeks: int = _p(
        3,
        "Weeks after a return from injury during which the runner is 'returning' (a graded "
        "return: build up, speed work last)",
        "Heiderscheit et al. 2010; van der Horst et al. 2016; Erickson & Sherry 2017 "
        "(graded, criteria-based return); weeks " + OURS,
        1,
        12,
        integer=True,
    )

    # Planner and speed.
    planner_days: int = _p(7, "Days the planner searches for a good day", OURS, 1, 28, integer=True)
    planner_margin: float = _p(
        0.1,
        "How much more than your longest session of a kind the planner may offer",
        "10 % a week (a cautious step; Buist et al. 2008 found no harm in it); " + OURS,
        0.0,
        1.0,
    )
    vmax_per_v5k: float = _p(
        1.75, "Max sprint speed as a multiple of 5 km race speed", OURS, 1.2, 2.5
    )

    def __post_init__(self) -> None:
        problems = _check(self)
        if problems:
            raise InvalidParams(problems)

    def type_r(self) -> dict[str, float]:
        """Speed ratio of each run type (DESIGN.md), keyed by the vocabulary's type names."""
        return {f.name[2:]: getattr(self, f.name) for f in _FIELDS if f.name.startswith("r_")}

    def exercise_weights(self) -> dict[str, float]:
        """Dose weight per built-in exercise."""
        return {
            "nordic": self.w_nordic,
            "single_leg_bridge": self.w_single_leg_bridge,
            "rdl": self.w_rdl,
        }

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Params:
        """These params with ``overrides`` applied; raises :class:`InvalidParams` on bad input."""
        if not overrides:
            return self
        problems: list[str] = []
        clean: dict[str, Any] = {}
        for name, value in overrides.items():
            if name in RETIRED:
                continue
            spec = _BY_NAME.get(str(name))
            if spec is None:
                problems.append(f"Unknown model setting {name!r}")
                continue
            try:
                clean[spec.name] = _coerce(spec, value)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise InvalidParams(problems)
        return dataclasses.replace(self, **clean)

    def overrides(self) -> dict[str, Any]:
        """The settings that differ from the defaults, JSON-ready (lists for tuples)."""
        out: dict[str, Any] = {}
        for f in _FIELDS:
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class ParamInfo:
    """One setting as a settings page lists it."""

    name: str
    value: Any
    default: Any
    meaning: str
    source: str
    min: float
    max: float
    integer: bool
    group: str


_FIELDS: Final = dataclasses.fields(Params)
_BY_NAME: Final = {f.name: f for f in _FIELDS}

#: The settings in groups a settings page shows, each name in exactly one group.
GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "Hamstring load of a run": tuple(
        f.name
        for f in _FIELDS
        if f.name.startswith(
            (
                "hel_",
                "stride_",
                "fast_r",
                "nordic_",
                "rpe_",
                "max_pace",
                "rep_share",
                "sprint_share",
                "r_",
            )
        )
        and not f.name.startswith("hel_rise")
        and f.name != "fast_rel"
    ),
    "Acute and chronic load": (
        "acute_days",
        "chronic_days",
        "seed_days",
        "warmup_days",
        "monotony_cap",
    ),
    "Strength and capacity": tuple(
        f.name
        for f in _FIELDS
        if f.name.startswith(("w_", "assisted", "dose_", "e1rm", "si_", "cap_"))
        or f.name == "trend_weeks"
    ),
    "Soreness": (
        "excess_factor",
        "chronic_floor",
        "kernel",
        "soreness_gain",
        "fit_min_checkins",
        "fit_min_r2",
        "lag_peak_max_days",
        "lag_fit_min_checkins",
        "lag_cv_folds",
    ),
    "Indicator bands and warnings": (
        "ratio_amber",
        "ratio_red",
        "ratio_low",
        "ratio_min_acute",
        "warn_large",
        "warn_severe",
        "warn_strength_scale",
        "hel_rise",
        "hel_rise_min",
        "fast_sd",
        "fast_min_km",
        "fast_rel",
        "fast_weeks",
        "fast_min_weeks",
        "sore_reported",
        "sore_large",
        "sore_severe",
        "sore_above_median",
        "sore_predicted",
        "no_strength_days",
        "risky_week_ambers",
        "rebuild_gap_days",
        "rebuild_days",
    ),
    "Injuries": ("return_weeks",),
    "Planner and speed": ("planner_days", "planner_margin", "vmax_per_v5k"),
}


_GROUP_OF: Final = {name: group for group, names in GROUPS.items() for name in names}


def describe(params: Params) -> list[ParamInfo]:
    """Every setting with its current value, default, meaning, source and allowed range."""
    return [
        ParamInfo(
            name=f.name,
            value=getattr(params, f.name),
            default=f.default,
            meaning=f.metadata["meaning"],
            source=f.metadata["source"],
            min=f.metadata["min"],
            max=f.metadata["max"],
            integer=f.metadata["integer"],
            group=_GROUP_OF[f.name],
        )
        for f in _FIELDS
    ]


def _number(spec: dataclasses.Field[Any], value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number (got {value!r})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number")
    lo, hi = spec.metadata["min"], spec.metadata["max"]
    if not lo <= number <= hi:
        raise ValueError(f"{what} must be between {lo:g} and {hi:g} (got {number:g})")
    if spec.metadata["integer"] and number != int(number):
        raise ValueError(f"{what} must be a whole number (got {number:g})")
    return number


def _coerce(spec: dataclasses.Field[Any], value: Any) -> Any:
    if spec.name == "kernel":
        if not isinstance(value, list | tuple) or not 1 <= len(value) <= 14:
            raise ValueError("kernel must be a list of 1 to 14 numbers")
        weights = tuple(_number(spec, v, f"kernel[{i}]") for i, v in enumerate(value))
        if not any(weights):
            raise ValueError("kernel must have at least one weight above 0")
        return weights
    number = _number(spec, value, spec.name)
    return int(number) if spec.metadata["integer"] else number


def _check(params: Params) -> list[str]:
    """Relations between settings that single ranges cannot express."""
    problems = []
    if params.ratio_red < params.ratio_amber:
        problems.append("ratio_red must not be below ratio_amber")
    if params.cap_max < params.cap_min:
        problems.append("cap_max must not be below cap_min")
    if params.chronic_days <= params.acute_days:
        problems.append("chronic_days must be longer than acute_days")
    if params.fast_min_weeks > params.fast_weeks:
        problems.append("fast_min_weeks must not exceed fast_weeks")
    if params.warn_severe < params.warn_large:
        problems.append("warn_severe must not be below warn_large")
    if not params.sore_reported <= params.sore_large <= params.sore_severe:
        problems.append("sore_reported ≤ sore_large ≤ sore_severe must hold")
    if params.sore_predicted > params.sore_large:
        problems.append("sore_predicted must not be above sore_large")
    return problems


DEFAULT: Final = Params()
