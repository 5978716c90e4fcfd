"""What the Today page shows besides the verdict: the day's numbers in a few short lines
(raw loads beside every ratio), and the morning check-in: whether there is one, what its
form starts at, and what it says.

Pure pandas (no Streamlit, no SQL), so it is tested directly; the page only lays it out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import pandas as pd

from risk import vocab
from risk.model.daily import row_at
from risk.model.indicator import number_or_none
from risk.views import distance, number
from risk.vocab import Units

#: The wellness items the one-tap check-in asks for (the rest are on Log → Check-in).
MORNING_WELLNESS: Final = ("sleep", "fatigue")


def _value(row: pd.Series | None, col: str) -> float | None:
    return None if row is None or col not in row.index else number_or_none(row[col])


def numbers(daily: pd.DataFrame, on: dt.date, units: Units) -> list[str]:
    """The day's numbers as three markdown lines: the load-to-capacity ratio with the acute
    and chronic loads, the ACWR and capacity it comes from; the raw totals of the last 7
    days; and reported against predicted soreness."""
    row = row_at(daily, on)
    acute, chronic = _value(row, "acute"), _value(row, "chronic")
    end = pd.Timestamp(on)
    week = daily.loc[end - pd.Timedelta(days=6) : end]
    hel = float(week["hel_run"].sum()) if len(week) else None
    km = float(week["km"].sum()) if len(week) else None
    fast = float(week["fast_km"].sum()) if len(week) else None
    reported = _value(row, "soreness_reported")
    return [
        f"**Load ÷ capacity {number(_value(row, 'ratio'))}**: acute {number(acute, 1)} vs "
        f"chronic {number(chronic, 1)} HEL a day = ACWR {number(_value(row, 'acwr'))}, "
        f"÷ capacity {number(_value(row, 'capacity'))}",
        f"**Last 7 days**: {number(hel, 1)} HEL · {distance(km, units)} · "
        f"{distance(fast, units)} fast",
        f"**Soreness**: reported {'–' if reported is None else f'{reported:.0f}'}/10 · "
        f"predicted {number(_value(row, 'soreness_predicted'), 1)}/10",
    ]


def checkin_on(checkins: pd.DataFrame, on: dt.date) -> pd.Series | None:
    """The check-in logged on ``on``, or None."""
    if checkins is None or checkins.empty:
        return None
    rows = checkins[pd.to_datetime(checkins["date"]) == pd.Timestamp(on)]
    return None if rows.empty else rows.iloc[-1]


def checkin_defaults(checkins: pd.DataFrame, on: dt.date) -> dict[str, int]:
    """Where the morning check-in's soreness starts: the day before's values per side,
    else 0 (soreness fades: an older check-in is not carried over)."""
    before = checkin_on(checkins, on - dt.timedelta(days=1))
    out = {}
    for side in ("soreness_left", "soreness_right"):
        value = _value(before, side)
        out[side] = 0 if value is None else round(value)
    return out


def checkin_summary(row: pd.Series | dict[str, Any]) -> str:
    """A check-in in one line: "left 2/10, right 3/10 · sleep 4/5 · fatigue 3/5 ·
    resting HR 52 bpm" (the optional items only when logged, wellness in
    :data:`risk.vocab.WELLNESS_ITEMS` order)."""
    series = pd.Series(row, dtype=object)
    parts = [
        f"left {_value(series, 'soreness_left') or 0:.0f}/10, "
        f"right {_value(series, 'soreness_right') or 0:.0f}/10"
    ]
    for item in vocab.WELLNESS_ITEMS:
        value = _value(series, item)
        if value is not None:
            parts.append(f"{vocab.WELLNESS_ITEMS[item].lower()} {value:.0f}/5")
    hr = _value(series, "resting_hr")
    if hr is not None:
        parts.append(f"resting HR {hr:.0f} bpm")
    return " · ".join(parts)
