"""The daily indicator: grey / green / amber / red, and the reasons behind each colour.

DESIGN.md, "Indicator" (revised; README "The indicator"): grey while warming up;
"injured" while an injury is open; "rebuilding" after a long break or an injury instead
of green. Each warning has a level; a small one alone is a note. Amber: L ≥ 1.3 (with a
minimum acute load), a large warning, or two warnings. Red: L ≥ 1.5, a severe warning,
L ≥ 1.3 with a warning, a large warning with another, or three. Notes never raise the
band. A heuristic for reflection, not a diagnosis: the ratio bands come from team-sport
studies and are disputed (Impellizzeri et al. 2020; Lolli et al. 2019).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd

from risk.model import columns
from risk.model.params import DEFAULT, Params
from risk.vocab import Units, km_to

#: Bands from least to most worrying. ``rebuilding`` is the honest state after a long
#: break: the ratios of tiny loads say nothing, so the colour speaks to the situation.
#: ``injured`` (an open injury) ranks last: a week with one reads as that week's story.
BANDS: Final[tuple[str, ...]] = ("grey", "rebuilding", "green", "amber", "red", "injured")
Kind = Literal["ratio", "warning", "note", "status"]

#: Flag columns of the daily frame, in the order reasons are listed, with their kind.
#: A warning fires at one of three levels (:data:`LEVELS`); a small one alone is shown as
#: a note and leaves the colour as it is.
FLAGS: Final[dict[str, Kind]] = {
    "ratio_red": "ratio",
    "ratio_amber": "ratio",
    "hel_rise": "warning",
    "fast_spike": "warning",
    "sore_reported": "warning",
    "sore_above_median": "warning",
    "sore_predicted": "warning",
    "no_strength": "note",
    "ratio_low": "note",
}
WARNINGS: Final = tuple(k for k, v in FLAGS.items() if v == "warning")
NOTES: Final = tuple(k for k, v in FLAGS.items() if v == "note")
SORENESS_FLAGS: Final = ("sore_reported", "sore_above_median", "sore_predicted")
LOAD_WARNINGS: Final = ("hel_rise", "fast_spike")
MEDIAN_MIN_CHECKINS: Final = 7
#: Warning levels: 0 none, 1 small (a note alone), 2 large (amber alone), 3 severe (red).
SMALL, LARGE, SEVERE = 1, 2, 3
LEVEL_NAMES: Final = {SMALL: "small", LARGE: "large", SEVERE: "severe"}
#: Relative tolerance of every comparison: a tie is not a rise (floating-point sums of
#: equal weeks differ in the 15th digit).
TIE: Final = 1e-9


@dataclass(frozen=True)
class Reason:
    """Why a day has its colour: a code, a sentence with the numbers, the value and threshold."""

    code: str
    kind: Kind
    message: str
    value: float | None
    threshold: float | None


def _rolling_sum(values: np.ndarray, window: int) -> np.ndarray:
    """Sum of the last ``window`` values; NaN unless all of them are known."""
    n = len(values)
    out = np.full(n, np.nan)
    if n < window:
        return out
    unknown = np.concatenate(([0], np.cumsum(np.isnan(values))))
    sums = np.concatenate(([0.0], np.cumsum(columns.zeroed(values))))
    full = (unknown[window:] - unknown[:-window]) == 0
    out[window - 1 :] = np.where(full, sums[window:] - sums[:-window], np.nan)
    return out


def _shift(values: np.ndarray, k: int) -> np.ndarray:
    out = np.full(len(values), np.nan)
    if k < len(values):
        out[k:] = values[: len(values) - k]
    return out


def _weeks_before(week_sums: np.ndarray, weeks: int) -> np.ndarray:
    """The ``weeks`` 7-day sums before each day's own 7 days, one column per week back."""
    if not len(week_sums):
        return np.empty((0, weeks))
    return np.column_stack([_shift(week_sums, 7 * k) for k in range(1, weeks + 1)])


def _median_known(rows: np.ndarray) -> np.ndarray:
    """The median of the known values of each row (``np.nanmedian`` for a few columns,
    without its per-call cost; a row with none known gives NaN)."""
    ordered = np.sort(rows, axis=1)  # NaN sorts last
    k = (~np.isnan(rows)).sum(axis=1)
    at = np.arange(len(rows))
    lo = ordered[at, np.maximum((k - 1) // 2, 0)]
    hi = ordered[at, k // 2]
    return np.where(k > 0, (lo + hi) / 2.0, np.nan)


def _level(z: np.ndarray, params: Params) -> np.ndarray:
    """Warning level of a score z = excess / allowance: > 1 small, ≥ large, ≥ severe."""
    with np.errstate(invalid="ignore"):
        return np.select(
            [
                z >= params.warn_severe - TIE,
                z >= params.warn_large - TIE,
                z > 1.0 + TIE,
            ],
            [SEVERE, LARGE, SMALL],
            default=0,
        ).astype(np.int8)


def strength_scale(capacity: np.ndarray, params: Params = DEFAULT) -> np.ndarray:
    """How much more of a jump in load the runner's hamstrings take: 1 + s · (Cap − 1).

    Our adaptation of the evidence that eccentric strength work roughly halves
    hamstring strains (van Dyk et al. 2019, RR 0.49) and that stronger hamstrings
    tolerate more (Opar et al. 2015): the allowance of every load warning grows with
    capacity, so the same spike can be red without strength work and amber with it.
    """
    cap = columns.zeroed(np.asarray(capacity, dtype=float), nan=1.0)
    return np.maximum(1.0 + params.warn_strength_scale * (cap - 1.0), 0.5)


def _without(values: np.ndarray, layoff: np.ndarray | None) -> np.ndarray:
    """``values`` with lay-off days unknown, so no 7-day block holding one is a baseline."""
    if layoff is None:
        return values
    return np.where(np.asarray(layoff, dtype=bool), np.nan, values)


def hel_rise(
    hel_run: np.ndarray,
    scale: np.ndarray,
    params: Params = DEFAULT,
    layoff: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The 7-day hamstring load against the usual week: values and warning level.

    The reference is the higher of the 7 days before and the runner's usual week (the
    median of the four 7-day blocks before), so a normal week after an easy one is no
    rise. A rise warns when it is more than ``hel_rise`` × the strength scale and at
    least ``hel_rise_min`` HEL: weekly increases above 30 % go with more running injuries
    in novice runners (Nielsen et al. 2014); the reference week and the floor are ours.
    Weeks holding a day of ``layoff`` (an injury lay-off or a long break) are left out of
    both references: the first weeks back are "rebuilding", not a rise.
    """
    hel7 = _rolling_sum(hel_run, 7)
    base7 = _rolling_sum(_without(hel_run, layoff), 7)
    prev7 = _shift(base7, 7)
    blocks = _weeks_before(base7, 4)
    usual = np.full(len(hel7), np.nan)
    enough = (~np.isnan(blocks)).sum(axis=1) >= 2
    usual[enough] = _median_known(blocks[enough])
    with np.errstate(invalid="ignore", divide="ignore"):
        reference = np.fmax(prev7, usual)
        rise = np.where(reference > 0, hel7 / reference - 1.0, np.nan)
        allowance = params.hel_rise * scale
        z = np.where(hel7 - reference >= params.hel_rise_min, rise / allowance, 0.0)
    return {
        "hel_7d": hel7,
        "hel_prev_7d": prev7,
        "hel_ref_7d": reference,
        "hel_rise_pct": rise * 100.0,
        "hel_rise_allowed_pct": allowance * 100.0,
        "hel_rise_level": _level(z, params),
    }


def fast_spike(
    fast_km: np.ndarray,
    scale: np.ndarray,
    params: Params = DEFAULT,
    layoff: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Fast km of the last 7 days against the weeks before: values and warning level.

    Spikes in high-speed running relative to what an athlete is used to go with
    hamstring strains (Duhig et al. 2016). The usual is the mean of the ``fast_weeks``
    7-day blocks before (``fast_min_weeks`` needed); the allowance above it is the largest
    of ``fast_sd`` SDs, ``fast_min_km`` and ``fast_rel`` × the usual (floors: ours, so that
    a steady runner's SD of 0.1 km or a first set of strides is no spike), times the
    strength scale. Weeks holding a day of ``layoff`` (an injury lay-off or a long
    break) are left out of the usual.
    """
    n = len(fast_km)
    fast7 = _rolling_sum(fast_km, 7)
    blocks = _weeks_before(_rolling_sum(_without(fast_km, layoff), 7), params.fast_weeks)
    weeks_known = (~np.isnan(blocks)).sum(axis=1) if n else np.zeros(0, int)
    enough = weeks_known >= params.fast_min_weeks
    filled = np.where(enough[:, None], blocks, 0.0) if n else blocks
    with np.errstate(invalid="ignore", divide="ignore"):
        usual = np.where(enough, np.nanmean(filled, axis=1), np.nan) if n else np.zeros(0)
        sd = np.where(enough, np.nanstd(filled, axis=1, ddof=1), np.nan) if n else np.zeros(0)
        allowance = (
            np.fmax.reduce(
                [params.fast_sd * sd, np.full(n, params.fast_min_km), params.fast_rel * usual]
            )
            * scale
            if n
            else np.zeros(0)
        )
        z = np.where(fast7 > 0, (fast7 - usual) / allowance, 0.0)
    return {
        "fast_7d": fast7,
        "fast_usual": usual,
        "fast_usual_sd": sd,
        "fast_allowed": usual + allowance,
        "fast_spike_level": _level(z, params),
    }


def soreness_levels(
    reported: np.ndarray, predicted: np.ndarray, params: Params = DEFAULT
) -> dict[str, np.ndarray]:
    """Warning levels of reported and predicted hamstring soreness (0–10 scales).

    Reported soreness at ``sore_reported`` is small, at ``sore_large`` large and at
    ``sore_severe`` severe; ``sore_above_median`` above the runner's own median (once
    ``MEDIAN_MIN_CHECKINS`` check-ins exist) is small and twice that large; predicted
    soreness above the runner's usual level (``predicted``) at ``sore_predicted`` is small
    and at ``sore_large`` large. Thresholds ours.
    """
    reported = np.asarray(reported, dtype=float)
    # "Usual" is the median of the check-ins before today.
    checked = ~np.isnan(reported)
    counted = np.cumsum(checked) - checked  # check-ins before each day
    running = pd.Series(reported[checked]).expanding().median().to_numpy(float)
    median = np.full(len(reported), np.nan)
    enough = counted >= MEDIAN_MIN_CHECKINS
    median[enough] = running[counted[enough] - 1]
    with np.errstate(invalid="ignore"):
        rep = np.select(
            [
                reported >= params.sore_severe - TIE,
                reported >= params.sore_large - TIE,
                reported >= params.sore_reported - TIE,
            ],
            [SEVERE, LARGE, SMALL],
            default=0,
        )
        above = reported - median
        above_level = np.select(
            [above >= 2 * params.sore_above_median - TIE, above >= params.sore_above_median - TIE],
            [LARGE, SMALL],
            default=0,
        )
        above_level = np.where(rep > 0, 0, above_level)  # one reason for one check-in
        pred = np.select(
            [predicted >= params.sore_large - TIE, predicted >= params.sore_predicted - TIE],
            [LARGE, SMALL],
            default=0,
        )
    return {
        "soreness_median": median,
        "sore_reported_level": rep.astype(np.int8),
        "sore_above_median_level": above_level.astype(np.int8),
        "sore_predicted_level": pred.astype(np.int8),
    }


def rebuilding(
    runs_per_day: np.ndarray, known: np.ndarray, params: Params = DEFAULT
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days in the first ``rebuild_days`` after a break of ``rebuild_gap_days`` or more
    without running, and the days of such a break still going on once it is that long;
    the length of the break (days; NaN elsewhere); and the days of the finished breaks
    themselves (left out of the usual baselines).

    After a long break the chronic load has all but vanished and any ratio of it is a
    ratio of tiny numbers (Impellizzeri et al. 2020): the band says "rebuilding" instead.
    A runner who has not run for months is not "within what they are used to" either:
    whatever they run next is a return.
    """
    n = len(runs_per_day)
    ran = columns.zeroed(runs_per_day) > 0
    run_pos = np.flatnonzero(ran)
    gap_len = np.full(n, np.nan)
    in_break = np.zeros(n, dtype=bool)
    if len(run_pos) > 1:
        gaps = np.diff(run_pos) - 1
        long = gaps >= params.rebuild_gap_days
        starts, lengths = run_pos[1:][long], gaps[long]
        for start, length in zip(starts, lengths, strict=True):
            stop = min(start + params.rebuild_days, n)
            gap_len[start:stop] = length
            in_break[start - length : start] = True
    if len(run_pos):
        # A break still going on: each day counts the days since the last run.
        last = np.maximum.accumulate(np.where(ran, np.arange(n), -1))
        since = np.arange(n) - last
        ongoing = (last >= 0) & ~ran & (since >= params.rebuild_gap_days)
        gap_len = np.where(ongoing, np.fmax(gap_len, since), gap_len)
    return ~np.isnan(gap_len) & known, gap_len, in_break


def indicate(
    cols: dict[str, np.ndarray],
    days: pd.DatetimeIndex,
    sets: pd.DataFrame | columns.Table,
    set_idx: np.ndarray | None = None,
    params: Params = DEFAULT,
) -> dict[str, np.ndarray]:
    """Flag columns, warning levels, ``band`` and ``reasons`` for the daily columns ``cols``.

    Rules (DESIGN.md "Indicator", revised): grey while warming up; the load-to-capacity
    ratio raises the band only when the acute load is at least ``ratio_min_acute``;
    each warning has a level (:func:`hel_rise`, :func:`fast_spike`,
    :func:`soreness_levels`); a small warning alone is a note. Amber: the ratio at
    ``ratio_amber``, a large warning, or two warnings. Red: the ratio at ``ratio_red``,
    a severe warning, the ratio at amber with any warning, a large warning with another,
    or three warnings. "rebuilding" replaces green after a long break (:func:`rebuilding`).
    Also returns the values the reasons quote. ``set_idx`` is the calendar position of
    each strength row (computed from the dates when not given).
    """
    n = len(days)
    table = columns.table(sets)
    day = cols["day"]
    known = day >= 0
    ratio, acwr = cols["ratio"], cols["acwr"]
    capacity = cols.get("capacity", np.ones(n))
    acute = cols.get("acute", np.full(n, np.inf))
    scale = strength_scale(capacity, params)
    layoff = cols.get("layoff")
    injured = np.asarray(cols.get("injured", np.zeros(n, bool)), dtype=bool) & known
    returning = np.asarray(cols.get("returning", np.zeros(n, bool)), dtype=bool) & known
    out: dict[str, np.ndarray] = {"warn_scale": scale}
    runs_per_day = cols.get("runs", np.where(columns.zeroed(cols["hel_run"]) > 0, 1.0, 0.0))
    rebuild, gap, in_break = rebuilding(runs_per_day, known, params)
    layoff = in_break if layoff is None else np.asarray(layoff, dtype=bool) | in_break
    out.update(hel_rise(cols["hel_run"], scale, params, layoff))
    out.update(fast_spike(cols["fast_km"], scale, params, layoff))
    above_usual = cols.get("soreness_predicted_above_usual", cols["soreness_predicted"])
    out.update(soreness_levels(cols["soreness_reported"], above_usual, params))
    # Back from an injury is rebuilding too: the ratio of a lay-off's small loads says little.
    out["rebuilding"], out["break_days"] = (rebuild | returning) & ~injured, gap

    if set_idx is None:
        first_day = days[0].to_datetime64().astype("datetime64[D]") if n else None
        set_idx = (table.days() - first_day).astype(np.int64) if n else np.empty(0, np.int64)
    pos = np.arange(n, dtype=float)
    dosed = set_idx[_eccentric(table, params) & (set_idx >= 0) & (set_idx < n)]
    session_pos = np.full(n, np.nan)
    session_pos[dosed] = pos[dosed]
    last = np.fmax.accumulate(session_pos)  # the last session so far (positions only grow)
    first_pos = float(np.argmax(known)) if known.any() else float(n)
    since = pos - np.where(np.isnan(last), first_pos, last)
    out["days_since_strength"] = np.where(known & ~np.isnan(last), since, np.nan)

    with np.errstate(invalid="ignore"):
        judged = (acute >= params.ratio_min_acute - TIE) & ~out["rebuilding"] & ~injured
        flags = {
            "ratio_red": judged & (ratio >= params.ratio_red - TIE),
            "ratio_amber": judged
            & (ratio >= params.ratio_amber - TIE)
            & ~(ratio >= params.ratio_red - TIE),
            "no_strength": since >= params.no_strength_days,
            "ratio_low": acwr < params.ratio_low - TIE,
        }
    levels = {code: out[f"{code}_level"] * known for code in WARNINGS}
    for code in WARNINGS:
        out[f"{code}_level"] = levels[code].astype(np.int8)
        out[code] = levels[code] > 0
    for code, values in flags.items():
        out[code] = np.asarray(values, dtype=bool) & known

    stacked = np.vstack([levels[c] for c in WARNINGS]) if n else np.zeros((len(WARNINGS), 0))
    count = (stacked > 0).sum(axis=0)
    large = (stacked >= LARGE).sum(axis=0)
    severe = (stacked >= SEVERE).any(axis=0)
    high = out["ratio_amber"] | out["ratio_red"]
    red = (
        out["ratio_red"]
        | severe
        | (high & (count > 0))
        | ((large >= 1) & (count >= 2))
        | (count >= 3)
    )
    amber = high | (large >= 1) | (count >= 2)
    warming = known & (day < params.warmup_days)
    out["warming_up"] = warming
    out["band"] = np.select(
        [~known, injured, warming, red, amber, out["rebuilding"]],
        ["none", "injured", "grey", "red", "amber", "rebuilding"],
        default="green",
    ).astype(object)
    # Reason codes per day, built once per distinct combination of flags.
    mask = np.zeros(n, dtype=np.int64)
    for bit, code in enumerate(FLAGS):
        mask |= out[code].astype(np.int64) << bit
    combos, inverse = np.unique(mask, return_inverse=True)
    names = list(FLAGS)
    texts = np.array(
        [" ".join(c for bit, c in enumerate(names) if int(m) >> bit & 1) for m in combos],
        dtype=object,
    )
    out["reasons"] = texts[inverse] if n else np.empty(0, dtype=object)
    return out


def _eccentric(sets: columns.Table, params: Params) -> np.ndarray:
    """Rows of an eccentric hamstring exercise (a positive dose weight)."""
    weights = sets.labels("exercise").lookup(params.exercise_weights(), params.w_custom)
    reps = sets.amounts("reps")
    return (weights > 0) & (reps > 0)


def number_or_none(value: object) -> float | None:
    """A finite-or-infinite float from a frame cell; None for a missing value or NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _raised(row: pd.Series) -> dict[str, bool]:
    """For each warning of the day, whether it raised the band (large, or not alone)."""
    levels = {
        c: int(number_or_none(row.get(f"{c}_level")) or int(bool(row.get(c)))) for c in WARNINGS
    }
    count = sum(level > 0 for level in levels.values())
    high = bool(row.get("ratio_amber")) or bool(row.get("ratio_red"))
    return {c: level >= LARGE or count >= 2 or high for c, level in levels.items() if level > 0}


def _level_word(row: pd.Series, code: str) -> str:
    level = int(number_or_none(row.get(f"{code}_level")) or 0)
    return LEVEL_NAMES.get(level, "small")


def _hel_rise_text(row: pd.Series, params: Params, units: Units) -> tuple[str, float, float]:
    pct, allowed = float(row["hel_rise_pct"]), float(row["hel_rise_allowed_pct"])
    prev, usual = number_or_none(row.get("hel_prev_7d")), float(row["hel_ref_7d"])
    than = "the 7 days before" if prev is not None and prev >= usual else "your usual week"
    return (
        f"Hamstring load up {pct:.0f} % on {than} ({row['hel_7d']:.1f} vs {usual:.1f} HEL; "
        f"at your capacity a rise over {allowed:.0f} % is a note, "
        f"{params.warn_large * allowed:.0f} % amber, {params.warn_severe * allowed:.0f} % red)",
        pct,
        allowed,
    )


def _fast_text(row: pd.Series, params: Params, units: Units) -> tuple[str, float, float]:
    usual, sd, allowed = (float(row[c]) for c in ("fast_usual", "fast_usual_sd", "fast_allowed"))
    fast, u_usual, u_sd, u_allowed = (
        km_to(float(x), units) for x in (row["fast_7d"], usual, sd, allowed)
    )
    step = u_allowed - u_usual
    return (
        f"{fast:.1f} {units} of fast running in 7 days, above your usual {u_usual:.1f} ± "
        f"{u_sd:.1f} {units} a week over the {params.fast_weeks} weeks before (at your "
        f"capacity over {u_allowed:.1f} {units} is a note, "
        f"{u_usual + params.warn_large * step:.1f} amber, "
        f"{u_usual + params.warn_severe * step:.1f} red)",
        float(row["fast_7d"]),
        allowed,
    )


def _sore_reported_text(row: pd.Series, params: Params, units: Units) -> tuple[str, float, float]:
    rep = float(row["soreness_reported"])
    extra = "; sharp or lasting pain is for a clinician" if rep >= params.sore_severe else ""
    return (
        f"You reported hamstring soreness {rep:.0f}/10 ({params.sore_reported:g} or more warns"
        f"{extra})",
        rep,
        params.sore_reported,
    )


def _sore_median_text(row: pd.Series, params: Params, units: Units) -> tuple[str, float, float]:
    rep, med = float(row["soreness_reported"]), float(row["soreness_median"])
    return (
        f"You reported soreness {rep:.0f}/10, {rep - med:.0f} above your usual {med:g}",
        rep,
        med + params.sore_above_median,
    )


def _sore_predicted_text(row: pd.Series, params: Params, units: Units) -> tuple[str, float, float]:
    pred = float(row["soreness_predicted"])
    above = number_or_none(row.get("soreness_predicted_above_usual"))
    extra = f" ({above:.1f} above your usual)" if above is not None and above < pred - 0.05 else ""
    return (
        f"Predicted soreness {pred:.1f}/10 from the last days' hard running{extra}",
        above if above is not None else pred,
        params.sore_predicted,
    )


#: The message of each warning, in :data:`WARNINGS` order: (text, value, threshold).
WARNING_TEXTS: Final = {
    "hel_rise": _hel_rise_text,
    "fast_spike": _fast_text,
    "sore_reported": _sore_reported_text,
    "sore_above_median": _sore_median_text,
    "sore_predicted": _sore_predicted_text,
}


def reasons(row: pd.Series, params: Params = DEFAULT, units: Units = "km") -> list[Reason]:
    """The reasons behind one day's colour, in words and numbers, from a daily-frame row.

    A warning that raised the band has kind ``warning``; one that did not (a small one on
    its own) is listed as a ``note`` and says so. Distances in the messages are in
    ``units``; ``value`` and ``threshold`` stay in km.
    """
    out: list[Reason] = []
    ratio = number_or_none(row.get("ratio"))
    acute, chronic = number_or_none(row.get("acute")), number_or_none(row.get("chronic"))
    acwr, cap = number_or_none(row.get("acwr")), number_or_none(row.get("capacity"))
    loads = (
        f"acute {acute:.1f} vs chronic {chronic:.1f} HEL a day = ACWR {acwr:.2f}, "
        f"capacity {cap:.2f}"
        if None not in (acute, chronic, acwr, cap)
        else ""
    )
    if row.get("band") == "none":
        return [Reason("no_log", "status", "Nothing logged yet on or before this day", None, None)]
    if row.get("warming_up"):
        day = int(row["day"]) + 1
        out.append(
            Reason(
                "warming_up",
                "status",
                f"Warming up: {day} of {params.warmup_days} days logged; the colours start "
                f"once the log holds {params.warmup_days} days",
                float(day),
                float(params.warmup_days),
            )
        )
    if row.get("injured"):
        since = row.get("injury_since")
        when = f" since {pd.Timestamp(since):%d %b}" if pd.notna(since) else ""
        out.append(
            Reason(
                "injured",
                "status",
                f"Injured{when}: the colour waits for your return and the planner offers no "
                "speed session; log the return date once you run pain-free",
                None,
                None,
            )
        )
    elif row.get("rebuilding") and row.get("returning"):
        back = row.get("injury_back")
        when = f" on {pd.Timestamp(back):%d %b}" if pd.notna(back) else ""
        out.append(
            Reason(
                "returning",
                "status",
                f"Back from injury{when}: rebuilding. Your usual load faded during the "
                f"lay-off; build easy running over {params.return_weeks} weeks before speed work",
                None,
                None,
            )
        )
    elif row.get("rebuilding"):
        gap = number_or_none(row.get("break_days")) or float(params.rebuild_gap_days)
        out.append(
            Reason(
                "rebuilding",
                "status",
                f"Rebuilding: {gap / 7:.0f} weeks without running before this day, so your "
                "usual load has faded and the ratios of small loads mean little. Build back "
                "with easy runs, a little more each week, before speed work",
                gap,
                float(params.rebuild_gap_days),
            )
        )
    for code, level in (("ratio_red", params.ratio_red), ("ratio_amber", params.ratio_amber)):
        if row.get(code) and ratio is not None:
            out.append(
                Reason(
                    code,
                    "ratio",
                    f"Load-to-capacity ratio {ratio:.2f} is at or above {level:g} ({loads})",
                    ratio,
                    level,
                )
            )
    raised = _raised(row)
    for code, text in WARNING_TEXTS.items():
        if code not in raised:
            continue
        message, value, threshold = text(row, params, units)
        if raised[code]:
            kind: Kind = "warning"
            message += f" ({_level_word(row, code)} warning)"
        else:
            kind = "note"
            message += " (small and alone: a note, the colour stays)"
        out.append(Reason(code, kind, message, value, threshold))
    if row.get("no_strength"):
        since = number_or_none(row.get("days_since_strength"))
        gap_text = (
            f"No eccentric strength session for {since:.0f} days"
            if since is not None
            else "No eccentric strength session logged yet"
        )
        out.append(
            Reason(
                "no_strength",
                "note",
                gap_text + " (a note: it does not change the colour on its own)",
                since,
                float(params.no_strength_days),
            )
        )
    if row.get("ratio_low") and acwr is not None:
        out.append(
            Reason(
                "ratio_low",
                "note",
                f"Acute:chronic ratio {acwr:.2f}, well below your usual load "
                f"({loads}): return to speed work gradually",
                acwr,
                params.ratio_low,
            )
        )
    return out
