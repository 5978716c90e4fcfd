"""Calendar weeks of the daily frame: totals, peaks, change on the week before, the band."""

from __future__ import annotations

import numpy as np
import pandas as pd

from risk.model.indicator import BANDS
from risk.model.params import DEFAULT, Params

_RANK = {b: i for i, b in enumerate(BANDS)}


def weekly_frame(
    daily: pd.DataFrame,
    sessions: pd.Series | None = None,
    params: Params = DEFAULT,
    week_start: int = 0,
) -> pd.DataFrame:
    """One row per calendar week (``week_start`` 0 = Monday) of a daily frame.

    Columns: ``km``, ``fast_km``, ``hel``, ``srpe``, ``strength_sessions``, ``peak_ratio``,
    ``max_soreness_predicted``, ``max_soreness_reported``, ``hel_change_pct`` (NaN when
    the week before had no load), ``new_load`` (a loaded week after an empty one),
    ``red_days``, ``amber_days``, ``band`` (the week's worst day) and ``risky`` (a red
    day or ``risky_week_ambers`` amber days, DESIGN.md). ``sessions`` counts strength
    sessions per day (default: days with a positive dose).
    """
    # Days before the first entry (day −1) come first: the known days are a suffix of a
    # daily frame, read as arrays from ``first`` on (a frame made otherwise is filtered).
    known = daily["day"].to_numpy() >= 0
    first = int(np.argmax(known)) if known.any() else len(daily)
    if not known[first:].all():
        daily, first = daily[known], 0
    if first >= len(daily):
        return pd.DataFrame(
            columns=[
                "km",
                "fast_km",
                "hel",
                "srpe",
                "strength_sessions",
                "peak_ratio",
                "max_soreness_predicted",
                "max_soreness_reported",
                "hel_change_pct",
                "new_load",
                "red_days",
                "amber_days",
                "band",
                "risky",
            ],
            index=pd.DatetimeIndex([], name="week"),
        )
    index = pd.DatetimeIndex(daily.index[first:])
    offset = (int(index[0].day_of_week) - week_start) % 7
    week_no = (np.arange(len(index)) + offset) // 7
    starts = np.flatnonzero(np.r_[True, week_no[1:] != week_no[:-1]])
    week_index = pd.DatetimeIndex(
        index[starts] - pd.to_timedelta(np.r_[offset, np.zeros(len(starts) - 1, int)], unit="D"),
        name="week",
    )

    def column(name: str) -> np.ndarray:
        return daily[name].to_numpy()[first:]

    def total(col: str) -> np.ndarray:
        return np.add.reduceat(np.nan_to_num(column(col).astype(float)), starts)

    def peak(values: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.fmax.reduceat(values, starts)

    if sessions is None:
        per_day = (column("dose").astype(float) > 0).astype(float)
    elif sessions.index.equals(daily.index):
        per_day = np.nan_to_num(sessions.to_numpy(float)[first:])
    else:
        per_day = sessions.reindex(index).fillna(0).to_numpy(float)
    band = column("band").astype(object)
    hel = total("hel_run")
    previous = np.r_[np.nan, hel[:-1]]
    with np.errstate(invalid="ignore", divide="ignore"):
        change = np.where(previous > 0, (hel - previous) / previous * 100.0, np.nan)
    codes, names = pd.factorize(band)
    rank = np.append([_RANK.get(b, 0) for b in names], 0)[codes]
    ranks = np.fmax.reduceat(rank.astype(float), starts)
    out = pd.DataFrame(
        {
            "km": total("km"),
            "fast_km": total("fast_km"),
            "hel": hel,
            "srpe": total("srpe"),
            "strength_sessions": np.add.reduceat(per_day, starts).astype(int),
            "peak_ratio": peak(column("ratio").astype(float)),
            "max_soreness_predicted": peak(column("soreness_predicted").astype(float)),
            "max_soreness_reported": peak(column("soreness_reported").astype(float)),
            "hel_change_pct": change,
            "new_load": (previous == 0) & (hel > 0),
            "red_days": np.add.reduceat((band == "red").astype(int), starts),
            "amber_days": np.add.reduceat((band == "amber").astype(int), starts),
            "band": np.asarray(BANDS, dtype=object)[ranks.astype(int)],
        },
        index=week_index,
    )
    out["risky"] = (out["red_days"] > 0) | (out["amber_days"] >= params.risky_week_ambers)
    return out
