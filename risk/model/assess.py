"""One call for everything about an athlete: the daily frame, the weeks, the day's verdict."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from risk.model import columns
from risk.model.daily import Profile, daily_frame, row_at
from risk.model.indicator import Reason, number_or_none, reasons
from risk.model.params import DEFAULT, Params
from risk.model.soreness import SorenessFit
from risk.model.weekly import weekly_frame

#: The keys of a verdict as the CLI's ``report --json`` prints it.
VERDICT_KEYS = (
    "band",
    "reasons",
    "hel",
    "acute",
    "chronic",
    "acwr",
    "capacity",
    "load_capacity_ratio",
    "soreness_predicted",
    "soreness_reported",
)


@dataclass(frozen=True)
class Verdict:
    """The indicator for one day, the raw loads behind it, and its reasons."""

    date: dt.date
    band: str
    reasons: list[Reason]
    hel: float | None
    acute: float | None
    chronic: float | None
    acwr: float | None
    capacity: float | None
    load_capacity_ratio: float | None
    soreness_predicted: float | None
    soreness_reported: float | None

    def as_dict(self) -> dict[str, Any]:
        """The verdict with exactly :data:`VERDICT_KEYS`, JSON-ready."""
        data = asdict(self)
        data["reasons"] = [asdict(r) for r in self.reasons]
        return {key: data[key] for key in VERDICT_KEYS}


@dataclass(frozen=True)
class Assessment:
    """What :func:`assess` returns."""

    daily: pd.DataFrame
    weekly: pd.DataFrame
    verdict: Verdict
    fit: SorenessFit
    params: Params


def verdict_for(daily: pd.DataFrame, day: dt.date, params: Params = DEFAULT) -> Verdict:
    """The verdict of ``day`` read from a daily frame (``none`` if outside the log)."""
    row = row_at(daily, day)
    if row is None or int(row["day"]) < 0:
        return Verdict(
            day,
            "none",
            reasons(pd.Series({"band": "none"}), params),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        )
    return Verdict(
        date=day,
        band=str(row["band"]),
        reasons=reasons(row, params),
        hel=number_or_none(row["hel"]),
        acute=number_or_none(row["acute"]),
        chronic=number_or_none(row["chronic"]),
        acwr=number_or_none(row["acwr"]),
        capacity=number_or_none(row["capacity"]),
        load_capacity_ratio=number_or_none(row["ratio"]),
        soreness_predicted=number_or_none(row["soreness_predicted"]),
        soreness_reported=number_or_none(row["soreness_reported"]),
    )


def assess(
    runs: pd.DataFrame | None,
    sets: pd.DataFrame | None,
    checkins: pd.DataFrame | None,
    profile: Profile,
    params: Params = DEFAULT,
    *,
    on: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    week_start: int = 0,
    rolling_ratios: bool = False,
    injuries: pd.DataFrame | None = None,
) -> Assessment:
    """Assess one athlete: the daily frame, the weekly frame and the verdict for ``on``.

    ``runs``, ``sets`` (strength-set rows) and ``checkins`` are frames shaped like the
    store's queries (``date`` plus the columns :mod:`risk.model.daily` lists; any may be
    ``None`` or empty). ``on`` is the day of the verdict (the model never reads the
    clock); the daily frame runs from the first
    entry (or ``start``) to ``end`` (default: the later of ``on`` and the last entry).
    The soreness gain is fitted on check-ins up to ``on``. ``injuries`` (a frame like the
    store's injuries query: date, return_date, site, side, severity) adds the injury
    columns to the daily frame (:mod:`risk.model.injury`); injuries do not extend the
    calendar.
    """
    if end is None:
        dated = [columns.days(f) for f in (runs, sets, checkins) if f is not None and len(f)]
        lasts = [d[~np.isnat(d)].max() for d in dated if (~np.isnat(d)).any()]
        end = max([np.datetime64(on, "D"), *lasts]).item()
    daily, fit = daily_frame(
        runs,
        sets,
        checkins,
        profile,
        params,
        start=start,
        end=end,
        fit_until=on,
        rolling_ratios=rolling_ratios,
        injuries=injuries,
    )
    sessions = None
    if sets is not None and len(sets) and "session_id" in sets:
        sessions = _sessions_per_day(sets, daily.index)
    weekly = weekly_frame(daily, sessions, params, week_start)
    return Assessment(daily, weekly, verdict_for(daily, on, params), fit, params)


def _sessions_per_day(sets: pd.DataFrame, days: pd.Index) -> pd.Series:
    """Distinct strength sessions on each of ``days`` (sets rows carry ``session_id``)."""
    start = days[0].to_datetime64().astype("datetime64[D]") if len(days) else None
    out = np.zeros(len(days))
    if start is not None:
        pos = (columns.days(sets) - start).astype(np.int64)
        ids, _ = pd.factorize(sets["session_id"])  # any hashable id; -1 where missing
        inside = (pos >= 0) & (pos < len(days)) & (ids >= 0)
        pos, ids = pos[inside], ids[inside]
        order = np.lexsort((ids, pos))  # by day, then session
        pos, ids = pos[order], ids[order]
        first = np.r_[True, (pos[1:] != pos[:-1]) | (ids[1:] != ids[:-1])][: len(pos)]
        np.add.at(out, pos[first], 1.0)
    return pd.Series(out, index=days)
