"""Calendar weeks of the daily frame: totals, peaks, change on the week before, the band."""

from __future__ import annotations

import numpy as np
import pandas as pd

from risk.model.indicator import BANDS
from risk.model.params import DEFAULT, Params
from risk.model.ratios import week_over_week

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
    known = daily[daily["day"] >= 0]
    if known.empty:
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
    index = pd.DatetimeIndex(known.index)
    shift = (index.day_of_week - week_start) % 7
    week = index - pd.to_timedelta(shift, unit="D")
    groups = known.groupby(week)
    if sessions is None:
        sessions = (known["dose"] > 0).astype(int)
    out = pd.DataFrame(
        {
            "km": groups["km"].sum(),
            "fast_km": groups["fast_km"].sum(),
            "hel": groups["hel_run"].sum(),
            "srpe": groups["srpe"].sum(),
            "strength_sessions": sessions.reindex(known.index).fillna(0).groupby(week).sum(),
            "peak_ratio": groups["ratio"].max(),
            "max_soreness_predicted": groups["soreness_predicted"].max(),
            "max_soreness_reported": groups["soreness_reported"].max(),
            "red_days": (known["band"] == "red").groupby(week).sum().astype(int),
            "amber_days": (known["band"] == "amber").groupby(week).sum().astype(int),
        }
    )
    out.index.name = "week"
    wow = week_over_week(known["hel_run"], week_start)
    out["hel_change_pct"] = wow["change_pct"].reindex(out.index)
    out["new_load"] = wow["new_load"].reindex(out.index).fillna(False).astype(bool)
    ranks = known["band"].map(_RANK).fillna(0).groupby(week).max().astype(int)
    out["band"] = np.asarray(BANDS, dtype=object)[ranks.reindex(out.index).to_numpy()]
    out["risky"] = (out["red_days"] > 0) | (out["amber_days"] >= params.risky_week_ambers)
    out["strength_sessions"] = out["strength_sessions"].astype(int)
    return out
