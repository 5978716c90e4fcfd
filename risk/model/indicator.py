"""The daily indicator: grey / green / amber / red, and the reasons behind each colour.

DESIGN.md, "Indicator": grey while warming up; red if L ≥ 1.5, or L ≥ 1.3 together
with any warning or note; amber if L ≥ 1.3 or any warning; else green. Warnings raise
the band; notes are shown but never raise it alone. A heuristic for reflection, not a
diagnosis: the ratio bands come from team-sport studies and are disputed (Impellizzeri
et al. 2020; Lolli et al. 2019).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd

from risk.model.params import DEFAULT, Params
from risk.vocab import Units, km_to

BANDS: Final[tuple[str, ...]] = ("grey", "green", "amber", "red")
Kind = Literal["ratio", "warning", "note", "status"]

#: Flag columns of the daily frame, in the order reasons are listed, with their kind.
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
MEDIAN_MIN_CHECKINS: Final = 7


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
    sums = np.concatenate(([0.0], np.cumsum(np.nan_to_num(values))))
    full = (unknown[window:] - unknown[:-window]) == 0
    out[window - 1 :] = np.where(full, sums[window:] - sums[:-window], np.nan)
    return out


def _shift(values: np.ndarray, k: int) -> np.ndarray:
    out = np.full(len(values), np.nan)
    if k < len(values):
        out[k:] = values[: len(values) - k]
    return out


def indicate(
    cols: dict[str, np.ndarray],
    days: pd.DatetimeIndex,
    sets: pd.DataFrame,
    set_idx: np.ndarray | None = None,
    params: Params = DEFAULT,
) -> dict[str, np.ndarray]:
    """Flag columns, ``band`` and ``reasons`` for the daily columns ``cols``.

    Also returns the values the reasons quote: ``hel_7d``, ``hel_prev_7d``,
    ``hel_rise_pct``, ``fast_7d``, ``fast_usual``, ``fast_usual_sd``,
    ``soreness_median``, ``days_since_strength`` and ``warming_up``. ``set_idx`` is the
    calendar position of each strength row (computed from the dates when not given).
    """
    n = len(days)
    day = cols["day"]
    known = day >= 0
    ratio, acwr = cols["ratio"], cols["acwr"]
    out: dict[str, np.ndarray] = {}

    # Rolling 7-day HEL against the 7 days before (Nielsen et al. 2014).
    hel7 = _rolling_sum(cols["hel_run"], 7)
    prev7 = _shift(hel7, 7)
    with np.errstate(invalid="ignore", divide="ignore"):
        rise = np.where(prev7 > 0, hel7 / prev7 - 1.0, np.nan)
    out["hel_7d"], out["hel_prev_7d"], out["hel_rise_pct"] = hel7, prev7, rise * 100.0

    # Fast km of the last 7 days against the weeks before (Duhig et al. 2016).
    fast7 = _rolling_sum(cols["fast_km"], 7)
    blocks = (
        np.column_stack([_shift(fast7, 7 * k) for k in range(1, params.fast_weeks + 1)])
        if n
        else np.empty((0, params.fast_weeks))
    )
    weeks_known = (~np.isnan(blocks)).sum(axis=1)
    enough = weeks_known >= params.fast_min_weeks
    filled = np.where(enough[:, None], blocks, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        usual = np.where(enough, np.nanmean(filled, axis=1), np.nan)
        sd = np.where(enough, np.nanstd(filled, axis=1, ddof=1), np.nan)
    out["fast_7d"], out["fast_usual"], out["fast_usual_sd"] = fast7, usual, sd

    rep = cols["soreness_reported"]
    reported = pd.Series(rep)
    counted = reported.notna().cumsum().to_numpy()
    median = reported.expanding().median().ffill().to_numpy(float)
    median = np.where(counted >= MEDIAN_MIN_CHECKINS, median, np.nan)
    out["soreness_median"] = median
    pred = cols["soreness_predicted"]

    if set_idx is None:
        first_day = days[0].to_datetime64().astype("datetime64[D]") if n else None
        set_idx = (
            (pd.to_datetime(sets["date"]).to_numpy().astype("datetime64[D]") - first_day).astype(
                np.int64
            )
            if n
            else np.empty(0, np.int64)
        )
    pos = np.arange(n, dtype=float)
    dosed = set_idx[_eccentric(sets, params) & (set_idx >= 0) & (set_idx < n)]
    session_pos = np.full(n, np.nan)
    session_pos[dosed] = pos[dosed]
    last = pd.Series(session_pos).ffill().to_numpy()
    first_pos = float(np.argmax(known)) if known.any() else float(n)
    since = pos - np.where(np.isnan(last), first_pos, last)
    out["days_since_strength"] = np.where(known & ~np.isnan(last), since, np.nan)

    with np.errstate(invalid="ignore"):
        flags = {
            "ratio_red": ratio >= params.ratio_red,
            "ratio_amber": (ratio >= params.ratio_amber) & (ratio < params.ratio_red),
            "hel_rise": rise > params.hel_rise,
            "fast_spike": (fast7 > 0) & (fast7 > usual + params.fast_sd * sd),
            "sore_reported": rep >= params.sore_reported,
            "sore_above_median": (rep - median >= params.sore_above_median)
            & ~(rep >= params.sore_reported),
            "sore_predicted": pred >= params.sore_predicted,
            "no_strength": since >= params.no_strength_days,
            "ratio_low": acwr < params.ratio_low,
        }
    for code, values in flags.items():
        out[code] = np.asarray(values, dtype=bool) & known

    warning = np.zeros(n, dtype=bool)
    for code in WARNINGS:
        warning |= out[code]
    note = out["no_strength"] | out["ratio_low"]
    high = out["ratio_amber"] | out["ratio_red"]
    warming = known & (day < params.warmup_days)
    out["warming_up"] = warming
    out["band"] = np.select(
        [~known, warming, out["ratio_red"] | (high & (warning | note)), high | warning],
        ["none", "grey", "red", "amber"],
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


def _eccentric(sets: pd.DataFrame, params: Params) -> np.ndarray:
    """Rows of an eccentric hamstring exercise (a positive dose weight)."""
    weights = params.exercise_weights()
    exercise = sets["exercise"]
    dosed = exercise.isin([e for e, w in weights.items() if w > 0]).to_numpy(bool)
    if params.w_custom > 0:
        dosed |= ~exercise.isin(list(weights)).to_numpy(bool)
    reps = pd.to_numeric(sets["reps"], errors="coerce").fillna(0).to_numpy(float)
    return dosed & (reps > 0)


def number_or_none(value: object) -> float | None:
    """A finite-or-infinite float from a frame cell; None for a missing value or NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def reasons(row: pd.Series, params: Params = DEFAULT, units: Units = "km") -> list[Reason]:
    """The reasons behind one day's colour, in words and numbers, from a daily-frame row.

    Distances in the messages are in ``units``; ``value`` and ``threshold`` stay in km.
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
    if row.get("ratio_red") and ratio is not None:
        out.append(
            Reason(
                "ratio_red",
                "ratio",
                f"Load-to-capacity ratio {ratio:.2f} is at or above {params.ratio_red:g} ({loads})",
                ratio,
                params.ratio_red,
            )
        )
    if row.get("ratio_amber") and ratio is not None:
        out.append(
            Reason(
                "ratio_amber",
                "ratio",
                f"Load-to-capacity ratio {ratio:.2f} is at or above "
                f"{params.ratio_amber:g} ({loads})",
                ratio,
                params.ratio_amber,
            )
        )
    if row.get("hel_rise"):
        pct = float(row["hel_rise_pct"])
        out.append(
            Reason(
                "hel_rise",
                "warning",
                f"Hamstring load up {pct:.0f} % on the 7 days before "
                f"({row['hel_7d']:.1f} vs {row['hel_prev_7d']:.1f} HEL)",
                pct,
                params.hel_rise * 100.0,
            )
        )
    if row.get("fast_spike"):
        usual, sd = float(row["fast_usual"]), float(row["fast_usual_sd"])
        limit = usual + params.fast_sd * sd
        fast, u_usual, u_sd = (km_to(float(x), units) for x in (row["fast_7d"], usual, sd))
        out.append(
            Reason(
                "fast_spike",
                "warning",
                f"{fast:.1f} {units} of fast running in 7 days, above your usual "
                f"{u_usual:.1f} ± {u_sd:.1f} {units} a week over the {params.fast_weeks} "
                "weeks before",
                float(row["fast_7d"]),
                limit,
            )
        )
    if row.get("sore_reported"):
        rep = float(row["soreness_reported"])
        out.append(
            Reason(
                "sore_reported",
                "warning",
                f"You reported hamstring soreness {rep:.0f}/10 "
                f"({params.sore_reported:g} or more warns)",
                rep,
                params.sore_reported,
            )
        )
    if row.get("sore_above_median"):
        rep, med = float(row["soreness_reported"]), float(row["soreness_median"])
        out.append(
            Reason(
                "sore_above_median",
                "warning",
                f"You reported soreness {rep:.0f}/10, {rep - med:.0f} above your usual {med:g}",
                rep,
                med + params.sore_above_median,
            )
        )
    if row.get("sore_predicted"):
        pred = float(row["soreness_predicted"])
        out.append(
            Reason(
                "sore_predicted",
                "warning",
                f"Predicted soreness {pred:.1f}/10 from the last days' hard running",
                pred,
                params.sore_predicted,
            )
        )
    if row.get("no_strength"):
        since = number_or_none(row.get("days_since_strength"))
        text = (
            f"No eccentric strength session for {since:.0f} days"
            if since is not None
            else "No eccentric strength session logged yet"
        )
        out.append(
            Reason(
                "no_strength",
                "note",
                text + " (a note: it does not change the colour on its own)",
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
