"""A short "what to do" for the Today page, read from the day's flags and numbers.

Plain suggestions for reflection, in the order a runner acts on them; never a
diagnosis. Each one follows a flag of the indicator (DESIGN.md, "Indicator"), so the
reasons shown beside it explain where it comes from.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from risk import vocab
from risk.model import Params, PlannedRun
from risk.model.daily import row_at
from risk.model.indicator import number_or_none
from risk.vocab import Units

#: Hours to keep between an eccentric strength session and a speed session.
GAP_HOURS = 48


def _session_name(session: PlannedRun) -> str:
    kind = vocab.label(vocab.ACTIVITY_TYPES, session.type).lower()
    return f"{session.date:%A}'s {kind}"


def _strength_tip(days: float | None, on: dt.date, speed: PlannedRun | None) -> str:
    gap = GAP_HOURS // 24
    head = (
        f"No eccentric strength session for {days:.0f} days"
        if days is not None
        else "No eccentric strength session logged yet"
    )
    if speed is None or (speed.date - on).days > 7:
        return f"{head}: a light Nordic session (2×5) early this week brings protection back."
    until = (speed.date - on).days
    name = _session_name(speed)
    if until >= gap:
        last = speed.date - dt.timedelta(days=gap)
        when = "today" if last == on else f"by {last:%A}"
        return f"{head}: a light Nordic session (2×5) {when}, not within {GAP_HOURS} h of {name}."
    after = speed.date + dt.timedelta(days=gap)
    return f"{head}: a light Nordic session (2×5) on {after:%A}, {GAP_HOURS} h after {name}."


def what_to_do(
    daily: pd.DataFrame,
    on: dt.date,
    params: Params,
    units: Units = "km",
    next_speed: PlannedRun | None = None,
    next_speed_band: str | None = None,
) -> list[str]:
    """Suggestions for ``on`` from its row of the daily frame, most pressing first.

    ``next_speed`` is the next planned speed session and ``next_speed_band`` the
    planner's band for it, when there is one.
    """
    row = row_at(daily, on)
    if row is None or int(row["day"]) < 0:
        return [
            "Log a run or import your watch's files: the indicator starts from your log.",
        ]
    if str(row["band"]) == "injured":
        return [
            "An injury is open: the steps above come first. No speed work, strides or hills "
            "until easy running is pain-free; log the return date under History when you "
            "are back. Sharp or lasting pain is for a clinician, not a training plan."
        ]
    if bool(row["warming_up"]):
        left = params.warmup_days - int(row["day"]) - 1
        return [
            f"Keep logging: {left} more days and the indicator shows a colour. Log strength "
            "sessions and a daily soreness check-in too, they shape the model."
        ]
    tips: list[str] = []
    band = str(row["band"])
    if bool(row.get("rebuilding", False)):
        since = "back from an injury" if bool(row.get("returning", False)) else "after a long break"
        tips.append(
            f"You are rebuilding {since}: easy runs only for now, a little more each week "
            "(about 10 %), then strides before full speed sessions."
        )
    if band == "red":
        tips.append(
            "Today: rest or an easy run. Move speed work until the band drops; the planner "
            "finds the day."
        )
    reported = number_or_none(row["soreness_reported"])
    if (row["sore_reported"] or row["sore_above_median"]) and reported is not None:
        usual = number_or_none(row["soreness_median"])
        back = f" (your usual is {usual:g})" if usual is not None else ""
        tips.append(
            f"Your hamstrings are sore ({reported:.0f}/10): easy running only until it falls "
            f"back{back}. Sharp or lasting pain is for a clinician, not a training plan."
        )
    elif row["sore_predicted"]:
        tips.append(
            f"Predicted soreness {float(row['soreness_predicted']):.1f}/10 from recent hard "
            "running: keep the next 24–48 h easy."
        )
    if row["hel_rise"]:
        tips.append(
            f"Hamstring load rose {float(row['hel_rise_pct']):.0f} % on your recent weeks: hold "
            "this week's volume rather than add to it."
        )
    if row["fast_spike"]:
        usual = float(row["fast_usual"])
        tips.append(
            f"Fast running is above your usual: keep the next 7 days near "
            f"{vocab.km_to(usual, units):.1f} {units} of it."
        )
    if row["ratio_low"]:
        tips.append(
            "Your load is well below usual: return to speed gradually, strides or short "
            "reps before full sessions."
        )
    if row["no_strength"]:
        tips.append(_strength_tip(number_or_none(row["days_since_strength"]), on, next_speed))
    if next_speed is not None and next_speed_band is not None:
        name = _session_name(next_speed)
        if next_speed_band in ("red", "amber"):
            tips.append(
                f"{name[0].upper()}{name[1:]} comes out {next_speed_band}: open the planner "
                "for a better day or a shorter session."
            )
        elif not tips:
            tips.append(f"{name[0].upper()}{name[1:]}: within your current load.")
    if not tips:
        tips.append(
            "All within your usual range: train as planned and keep one or two Nordic "
            "sessions a week."
        )
    return tips
