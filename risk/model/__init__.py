"""The load and risk model: pure pandas/numpy, no store, no importers, no Streamlit.

The stable public API::

    from risk.model import (Params, ewma, acwr, monotony, strain, week_over_week,
                            epley_1rm, hamstring_load, assess, plan_session)

Frames in, frames out: see :func:`assess` and :func:`plan_session` for the shapes.
"""

from risk.model.assess import VERDICT_KEYS, Assessment, Verdict, assess, verdict_for
from risk.model.daily import Profile, daily_frame
from risk.model.indicator import BANDS, Reason, reasons
from risk.model.injury import injury_columns
from risk.model.load import SPEED_BANDS, hamstring_load, speed_factor
from risk.model.params import DEFAULT, InvalidParams, ParamInfo, Params, describe
from risk.model.planner import PLAN_KEYS, PlanAnswer, PlannedRun, plan_session
from risk.model.ratios import acwr, ewma, monotony, strain, week_over_week
from risk.model.soreness import SorenessFit
from risk.model.strength import capacity, epley_1rm, strength_index
from risk.model.weekly import weekly_frame

__all__ = [
    "BANDS",
    "DEFAULT",
    "PLAN_KEYS",
    "SPEED_BANDS",
    "VERDICT_KEYS",
    "Assessment",
    "InvalidParams",
    "ParamInfo",
    "Params",
    "PlanAnswer",
    "PlannedRun",
    "Profile",
    "Reason",
    "SorenessFit",
    "Verdict",
    "acwr",
    "assess",
    "capacity",
    "daily_frame",
    "describe",
    "epley_1rm",
    "ewma",
    "hamstring_load",
    "injury_columns",
    "monotony",
    "plan_session",
    "reasons",
    "speed_factor",
    "strain",
    "strength_index",
    "verdict_for",
    "week_over_week",
    "weekly_frame",
]
