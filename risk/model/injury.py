"""The runner's own injuries on the daily calendar: open, returning, and the lay-off.

Frames in, arrays out, no clock: an injury is *open* (``injured``) from its date until the
day before its return date, or to the end of the calendar while no return date is known;
the runner is *returning* for ``Params.return_weeks`` weeks from the return date; and the
*lay-off* (injury date to return date) is the span every "usual" (chronic) baseline must
leave out (DESIGN.md, "Indicator"): days off injured are not what the hamstrings are used
to, and counting them as rest would make the first weeks back look like a spike.

Why a return window: re-injury is most likely in the first weeks after a hamstring strain
(Orchard & Best 2002), so return-to-sport guidance asks for a graded, criteria-based
return — pain-free daily activity and jogging first, running speed built up over weeks,
sprinting last (Heiderscheit et al. 2010 JOSPT 40:67; van der Horst et al. 2016, a Delphi
consensus on return to play after hamstring injury, BJSM 2017;51:1583; Erickson & Sherry
2017 J Sport Health Sci 6:262). The window's length is ours (``return_weeks``), not a
clinical criterion: a reminder to build up, never a clearance.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from risk.model.params import DEFAULT, Params

#: The columns the model reads of an injuries frame (as ``risk.store.queries.injuries``).
INJURY_COLUMNS: Final = ("date", "return_date", "site", "side", "severity")

#: The daily-frame columns :func:`injury_columns` adds.
DAILY_COLUMNS: Final = (
    "injured",
    "returning",
    "layoff",
    "injury_site",
    "injury_side",
    "injury_since",
    "injury_back",
)

#: Site of an injury whose site is not given (the app is about hamstrings).
DEFAULT_SITE: Final = "hamstring"

_NAT = np.datetime64("NaT", "ns")


def injuries_frame(injuries: pd.DataFrame | None) -> pd.DataFrame:
    """The injuries as the model reads them: one row per injury with a date, sorted by date.

    ``date`` and ``return_date`` become midnight ``datetime64[ns]`` (NaT when no return
    date is known); a missing ``site`` becomes hamstring, a missing ``side`` or
    ``severity`` None. Rows without a date are dropped, and a return date before the
    injury date (which the store refuses) is read as the injury date.
    """
    if injuries is None or len(injuries) == 0:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="datetime64[ns]"),
                "return_date": pd.Series(dtype="datetime64[ns]"),
                "site": pd.Series(dtype=object),
                "side": pd.Series(dtype=object),
                "severity": pd.Series(dtype=object),
            }
        )
    n = len(injuries)

    def column(name: str) -> pd.Series:
        if name in injuries:
            return injuries[name].reset_index(drop=True)
        return pd.Series([None] * n, dtype=object)

    date = pd.to_datetime(column("date"), errors="coerce").dt.normalize()
    back = pd.to_datetime(column("return_date"), errors="coerce").dt.normalize()
    back = back.where(back.isna() | (back >= date), date)
    site = column("site").map(lambda s: s if isinstance(s, str) and s else DEFAULT_SITE)
    side = column("side").map(lambda s: s if isinstance(s, str) and s else None)
    severity = column("severity").map(lambda s: s if isinstance(s, str) and s else None)
    out = pd.DataFrame(
        {
            "date": date.astype("datetime64[ns]"),
            "return_date": back.astype("datetime64[ns]"),
            "site": site.astype(object),
            "side": side.astype(object),
            "severity": severity.astype(object),
        }
    )
    out = out[out["date"].notna()]
    return out.sort_values("date", kind="stable").reset_index(drop=True)


Day = pd.Timestamp | np.datetime64 | None


def _ns(value: Day) -> np.datetime64:
    """A date as numpy nanoseconds (NaT for None or NaT)."""
    if value is None or pd.isna(value):
        return _NAT
    return pd.Timestamp(value).to_datetime64().astype("datetime64[ns]")


def open_on(days: pd.DatetimeIndex, date: Day, back: Day) -> np.ndarray:
    """Days on which one injury is open: on or after ``date`` and before ``back`` (the
    return date; None or NaT while the runner is not back yet)."""
    x = days.to_numpy("datetime64[ns]")
    after = x >= _ns(date)
    stop = _ns(back)
    return after if np.isnat(stop) else after & (x < stop)


def returning_on(days: pd.DatetimeIndex, back: Day, weeks: int) -> np.ndarray:
    """Days within ``weeks`` weeks from the return date ``back``, the return day included
    (a graded return: Heiderscheit et al. 2010; Erickson & Sherry 2017); none without a
    return date."""
    x = days.to_numpy("datetime64[ns]")
    start = _ns(back)
    if np.isnat(start):
        return np.zeros(len(x), bool)
    return (x >= start) & (x < start + np.timedelta64(7 * weeks, "D"))


def layoff_on(days: pd.DatetimeIndex, injuries: pd.DataFrame) -> np.ndarray:
    """The lay-off: every day from an injury's date to the day before its return (to the
    end of the calendar while it is open), over all injuries. Leave these days out of any
    "usual" baseline (DESIGN.md, "Indicator"; the validation's controls exclude them too).

    ``injuries`` is a :func:`injuries_frame`. The same days as ``injured``; kept as its own
    column because it answers another question (which days are not training history), and
    a baseline may later widen it (a washout) without changing what "injured" means.
    """
    out = np.zeros(len(days), bool)
    for date, back in zip(injuries["date"], injuries["return_date"], strict=True):
        out |= open_on(days, date, back)
    return out


def injury_columns(
    days: pd.DatetimeIndex, injuries: pd.DataFrame | None, params: Params = DEFAULT
) -> dict[str, np.ndarray]:
    """The injury columns of the daily frame for the calendar ``days``.

    - ``injured``: an injury is open that day (see :func:`open_on`);
    - ``returning``: not injured, and back from an injury within ``params.return_weeks``
      weeks (see :func:`returning_on`);
    - ``layoff``: the day is in a lay-off (see :func:`layoff_on`);
    - ``injury_site``, ``injury_side``: the open injury's site and side (the most recent
      one if several are open) or, while returning, those of the injury returned from
      (the latest return); None otherwise;
    - ``injury_since``: the open injury's date, NaT when none is open;
    - ``injury_back``: while returning, the date the runner came back, NaT otherwise.

    ``injuries`` has the columns of :data:`INJURY_COLUMNS` (the store's injuries query);
    None or empty gives all-False and empty columns.
    """
    n = len(days)
    if injuries is None or len(injuries) == 0:  # the usual case: nothing to mark
        nothing = np.full(n, None, dtype=object)
        return {
            "injured": np.zeros(n, bool),
            "returning": np.zeros(n, bool),
            "layoff": np.zeros(n, bool),
            "injury_site": nothing,
            "injury_side": nothing.copy(),
            "injury_since": np.full(n, _NAT).astype("datetime64[ns]"),
            "injury_back": np.full(n, _NAT).astype("datetime64[ns]"),
        }
    inj = injuries_frame(injuries)
    injured = np.zeros(n, bool)
    returning_any = np.zeros(n, bool)
    site = np.full(n, None, dtype=object)
    side = np.full(n, None, dtype=object)
    since = np.full(n, _NAT)
    back_on = np.full(n, _NAT)
    open_site = np.full(n, None, dtype=object)
    open_side = np.full(n, None, dtype=object)
    dates = inj["date"].to_numpy("datetime64[ns]")
    backs = inj["return_date"].to_numpy("datetime64[ns]")
    sites, sides = inj["site"].to_numpy(object), inj["side"].to_numpy(object)
    # Sorted by date, so a later injury overwrites an earlier one on the days they share;
    # returns are applied in order of return date for the same reason.
    for i in range(len(inj)):
        is_open = open_on(days, dates[i], backs[i])
        injured |= is_open
        open_site[is_open], open_side[is_open] = sites[i], sides[i]
        since[is_open] = dates[i]
    for i in np.argsort(backs, kind="stable"):  # NaT (not back yet) sorts last
        back = returning_on(days, backs[i], params.return_weeks)
        returning_any |= back
        site[back], side[back] = sites[i], sides[i]
        back_on[back] = backs[i]
    returning = returning_any & ~injured
    nothing = np.full(n, None, dtype=object)
    site = np.where(injured, open_site, np.where(returning, site, nothing))
    side = np.where(injured, open_side, np.where(returning, side, nothing))
    back_on = np.where(returning, back_on, _NAT)
    return {
        "injured": injured,
        "returning": returning,
        "layoff": layoff_on(days, inj),
        "injury_site": site.astype(object),
        "injury_side": side.astype(object),
        "injury_since": since.astype("datetime64[ns]"),
        "injury_back": back_on.astype("datetime64[ns]"),
    }


def with_injuries(
    daily: pd.DataFrame, injuries: pd.DataFrame | None, params: Params = DEFAULT
) -> pd.DataFrame:
    """A copy of a daily frame with its injury columns (:data:`DAILY_COLUMNS`) set from
    ``injuries``: for frames made without them (the planner's projections)."""
    if len(daily) == 0:
        return daily.copy()
    return daily.assign(**injury_columns(pd.DatetimeIndex(daily.index), injuries, params))
