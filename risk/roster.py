"""The squad at a glance: one row per runner, who needs attention first.

A coach (or a runner keeping a few profiles) reads, for each runner: today's band and
its main reason, an open injury, days since the last check-in, the soreness trend, the
speed sessions planned for the next 7 days with the band each would bring, and the last 4 weeks'
hamstring load against their usual. Pure pandas over the model (no Streamlit, no SQL).

One projection per runner: the model is causal (a day's row depends only on what came
before it, ``tests/model/test_causal.py``), so the daily frame with the coming week's planned
sessions counted as done gives both today's verdict (identical to the Today page's) and
the band on each planned day — about the cost of one :func:`risk.model.assess`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any, Final

import numpy as np
import pandas as pd

from risk import vocab
from risk.model import Params, PlannedRun, Profile, columns
from risk.model.daily import daily_frame, row_at, worse_side
from risk.model.indicator import number_or_none, reasons
from risk.views import BAND_COLOURS, BAND_LABELS, distance, injury_place, is_speed, short_day
from risk.vocab import Units

#: Days of check-ins compared for the soreness trend (this week against the one before).
TREND_DAYS: Final = 7
#: A change in mean soreness (0-10) smaller than this is "steady".
TREND_STEP: Final = 0.5
#: Days without a check-in after which a runner is worth a nudge.
CHECKIN_STALE_DAYS: Final = 7
#: Days ahead whose planned speed sessions the roster judges (on a Sunday: the coming week).
AHEAD_DAYS: Final = 7
#: Days of hamstring load summed for "the last 4 weeks".
LOAD_DAYS: Final = 28

#: Attention order, most urgent first (see :func:`attention`).
ATTENTION: Final[tuple[str, ...]] = (
    "cannot assess",
    "red today",
    "injured",
    "amber today",
    "planned session not green",
    "soreness rising",
    "no recent check-in",
    "rebuilding",
    "warming up",
    "green",
    "no log",
)


@dataclass(frozen=True)
class PlannedVerdict:
    """A planned speed session and the band it would bring on its day."""

    date: dt.date
    type: str
    distance_km: float
    fast_km: float | None
    band: str


@dataclass(frozen=True)
class RosterRow:
    """One runner's line of the roster, with the raw numbers behind each word."""

    athlete_id: int
    name: str
    band: str
    reason: str
    attention: str
    injury: str | None
    last_checkin: dt.date | None
    days_since_checkin: int | None
    soreness_recent: float | None
    soreness_before: float | None
    planned: tuple[PlannedVerdict, ...]
    load_4w: float | None
    usual_4w: float | None
    ratio: float | None

    @property
    def soreness_trend(self) -> str:
        """ "rising", "falling", "steady", or "" when either week has no check-in."""
        return soreness_trend(self.soreness_recent, self.soreness_before)


def soreness_trend(recent: float | None, before: float | None) -> str:
    """Compare the mean worse-side soreness of the last week with the week before."""
    if recent is None or before is None:
        return ""
    if recent - before >= TREND_STEP:
        return "rising"
    if before - recent >= TREND_STEP:
        return "falling"
    return "steady"


def _mean_worse_side(
    worse: np.ndarray, dates: np.ndarray, start: dt.date, end: dt.date
) -> float | None:
    """Mean of the check-ins' worse-side soreness ``worse`` (dated ``dates``) over
    ``start``..``end``; None without any."""
    inside = (dates >= np.datetime64(start, "D")) & (dates <= np.datetime64(end, "D"))
    known = worse[inside & ~np.isnan(worse)]
    return float(known.mean()) if known.size else None


def planned_ahead(
    planned: pd.DataFrame | None, today: dt.date, days: int = AHEAD_DAYS
) -> list[PlannedRun]:
    """Planned speed sessions from ``today`` over the next ``days`` days, in date order."""
    if planned is None or planned.empty:
        return []
    dates = columns.days(planned)
    first = np.datetime64(today, "D")
    ahead = np.flatnonzero((dates >= first) & (dates < first + np.timedelta64(days, "D")))
    out = []
    for i in ahead[np.argsort(dates[ahead], kind="stable")]:
        row = planned.iloc[int(i)]
        if not is_speed(row):
            continue
        strides = number_or_none(row.get("strides"))
        out.append(
            PlannedRun(
                pd.Timestamp(row["date"]).date(),
                str(row["type"]),
                float(row["distance_km"]),
                number_or_none(row.get("fast_km")),
                int(strides) if strides is not None else None,
            )
        )
    return out


def _projected(
    runs: pd.DataFrame | None,
    sets: pd.DataFrame | None,
    checkins: pd.DataFrame | None,
    profile: Profile,
    params: Params,
    today: dt.date,
    sessions: list[PlannedRun],
    injuries: pd.DataFrame | None,
) -> pd.DataFrame:
    """The daily frame up to two days after the last planned session, with logged
    entries up to ``today`` and the planned sessions counted as done."""

    def until(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None or frame.empty:
            return frame
        logged = columns.days(frame) <= np.datetime64(today, "D")
        return frame if logged.all() else frame[logged]

    logged = until(runs)
    done: pd.DataFrame | columns.Table | None = logged
    if sessions:  # stacked as arrays: a pandas concat costs more than the runs' sums
        rows = [s.row() for s in sessions]
        extra = pd.DataFrame({key: [r[key] for r in rows] for key in rows[0]})
        done = columns.Table.stacked(*[f for f in (logged, extra) if f is not None])
    end = max([today, *[s.date + dt.timedelta(days=2) for s in sessions]])
    daily, _ = daily_frame(
        done,
        until(sets),
        until(checkins),
        profile,
        params,
        end=end,
        fit_until=today,
        injuries=injuries,
    )
    return daily


def _session_band(days: pd.DatetimeIndex, bands: np.ndarray, day: dt.date) -> str:
    """The band a planned session is shown with (as :func:`risk.views.session_verdict`):
    its day's band, or, when that is green but a day after is amber or red, the worse.
    ``bands`` holds each of ``days``' band, ``none`` before the first entry."""

    def band_on(when: dt.date) -> str:
        pos = int(days.searchsorted(pd.Timestamp(when)))
        return str(bands[pos]) if pos < len(days) and days[pos] == pd.Timestamp(when) else "none"

    band = band_on(day)
    if band != "green":
        return band
    after = [band_on(day + dt.timedelta(days=k)) for k in (1, 2)]
    order = {"green": 0, "amber": 1, "red": 2}
    return max([band, *after], key=lambda b: order.get(b, 0))


def _injury_text(row: pd.Series | None) -> str | None:
    if row is None or "injured" not in row or not bool(row["injured"]):
        return None
    since = row.get("injury_since")
    place = injury_place(row.get("injury_site"), row.get("injury_side"))
    if since is None or pd.isna(since):
        return place
    return f"{place} since {short_day(pd.Timestamp(since).date())}"


def attention(row: RosterRow) -> str:
    """Why a runner comes where they do in the roster (one of :data:`ATTENTION`)."""
    if row.band == "red":
        return "red today"
    if row.band == "injured" or row.injury:
        return "injured"
    if row.band == "amber":
        return "amber today"
    if any(p.band in ("amber", "red") for p in row.planned):
        return "planned session not green"
    if row.soreness_trend == "rising":
        return "soreness rising"
    if row.band != "none" and (
        row.days_since_checkin is None or row.days_since_checkin >= CHECKIN_STALE_DAYS
    ):
        return "no recent check-in"
    return {"rebuilding": "rebuilding", "grey": "warming up", "green": "green"}.get(
        row.band, "no log"
    )


def sort_key(row: RosterRow) -> tuple[int, float, str]:
    """Most urgent first; within a group the higher load-to-capacity ratio first."""
    ratio = row.ratio if row.ratio is not None and math.isfinite(row.ratio) else -1.0
    return (ATTENTION.index(row.attention), -ratio, row.name.casefold())


def roster_row(
    athlete_id: int,
    name: str,
    runs: pd.DataFrame | None,
    sets: pd.DataFrame | None,
    checkins: pd.DataFrame | None,
    planned: pd.DataFrame | None,
    profile: Profile,
    params: Params,
    today: dt.date,
    *,
    injuries: pd.DataFrame | None = None,
) -> RosterRow:
    """One runner's roster line on ``today`` (see the module docstring)."""
    sessions = planned_ahead(planned, today)
    has_log = any(f is not None and len(f) for f in (runs, sets, checkins))
    daily = (
        _projected(runs, sets, checkins, profile, params, today, sessions, injuries)
        if has_log
        else pd.DataFrame()
    )
    row = row_at(daily, today) if has_log else None
    band = "none" if row is None or int(row["day"]) < 0 else str(row["band"])
    why = reasons(row, params) if row is not None else []
    main = next((r.message for r in why if r.kind != "note"), why[0].message if why else "")
    if not main and band == "green":
        main = "Nothing stands out: the load is within the usual range"

    last = None
    checkin_days = np.empty(0, "datetime64[D]")
    worse = np.empty(0)
    if checkins is not None and len(checkins):
        table = columns.Table(checkins)
        checkin_days, worse = table.days(), worse_side(table)
        logged = checkin_days[checkin_days <= np.datetime64(today, "D")]
        last = logged.max().item() if len(logged) else None  # a datetime.date
    recent = _mean_worse_side(worse, checkin_days, today - dt.timedelta(days=TREND_DAYS - 1), today)
    before = _mean_worse_side(
        worse,
        checkin_days,
        today - dt.timedelta(days=2 * TREND_DAYS - 1),
        today - dt.timedelta(days=TREND_DAYS),
    )

    load = usual = None
    if row is not None:
        # Running load, as the chronic it is set beside, over the LOAD_DAYS up to today.
        upto = int(daily.index.searchsorted(pd.Timestamp(today), side="right"))
        hel_run = daily["hel_run"].to_numpy(float)[max(0, upto - LOAD_DAYS) : upto]
        load = float(np.nansum(hel_run))
        chronic = number_or_none(row.get("chronic"))
        usual = chronic * LOAD_DAYS if chronic is not None else None

    days = pd.DatetimeIndex(daily.index)
    bands = daily["band"].to_numpy(object) if has_log else np.empty(0, object)
    out = RosterRow(
        athlete_id=athlete_id,
        name=name,
        band=band,
        reason=main,
        attention="",
        injury=_injury_text(row),
        last_checkin=last,
        days_since_checkin=(today - last).days if last is not None else None,
        soreness_recent=recent,
        soreness_before=before,
        planned=tuple(
            PlannedVerdict(
                s.date, s.type, s.distance_km, s.fast_km, _session_band(days, bands, s.date)
            )
            for s in sessions
        ),
        load_4w=load,
        usual_4w=usual,
        ratio=number_or_none(row.get("ratio")) if row is not None else None,
    )
    return _with_attention(out)


def _with_attention(row: RosterRow) -> RosterRow:
    return replace(row, attention=attention(row))


def unusable(athlete_id: int, name: str, problems: list[str]) -> RosterRow:
    """The line of a runner whose log cannot be assessed (e.g. saved settings that no
    longer validate): no band, the first problem as the reason, shown first."""
    return RosterRow(
        athlete_id=athlete_id,
        name=name,
        band="none",
        reason="Cannot assess: " + (problems[0] if problems else "unknown problem"),
        attention="cannot assess",
        injury=None,
        last_checkin=None,
        days_since_checkin=None,
        soreness_recent=None,
        soreness_before=None,
        planned=(),
        load_4w=None,
        usual_4w=None,
        ratio=None,
    )


def sorted_roster(rows: list[RosterRow]) -> list[RosterRow]:
    """The roster, most urgent first (:func:`sort_key`)."""
    return sorted(rows, key=sort_key)


def planned_text(planned: tuple[PlannedVerdict, ...], units: Units) -> str:
    """ "Thu intervals 10 km: amber; Sat strides 6 km: green" (empty when none planned)."""
    return "; ".join(
        f"{p.date:%a} {vocab.label(vocab.ACTIVITY_TYPES, p.type).lower()} "
        f"{distance(p.distance_km, units)}: {BAND_LABELS.get(p.band, p.band)}"
        for p in planned
    )


#: Attention reasons that the band already says (the column stays blank for them).
_PLAIN: Final = frozenset({"red today", "amber today", "injured", "green", "no log"})


def roster_table(rows: list[RosterRow], units: Units) -> pd.DataFrame:
    """The roster as a table a runner or coach reads: words and the raw numbers beside."""
    records = []
    for r in rows:
        change = (
            f"{(r.load_4w / r.usual_4w - 1) * 100:+.0f} %"
            if r.load_4w is not None and r.usual_4w
            else ""
        )
        trend = r.soreness_trend
        sore = (
            f"{trend} ({r.soreness_before:.1f} → {r.soreness_recent:.1f})"
            if trend
            else (f"{r.soreness_recent:.1f}" if r.soreness_recent is not None else "")
        )
        records.append(
            {
                "Runner": r.name,
                "Today": BAND_LABELS.get(r.band, r.band),
                "Attention": "" if r.attention in _PLAIN else r.attention,
                "Main reason": r.reason,
                "Injury": r.injury or "",
                "Last check-in": (
                    "never"
                    if r.days_since_checkin is None
                    else "today"
                    if r.days_since_checkin == 0
                    else f"{r.days_since_checkin} day{'s' if r.days_since_checkin != 1 else ''} ago"
                ),
                "Soreness (0-10)": sore,
                "Speed, next 7 days": planned_text(r.planned, units),
                "HEL, 4 weeks": None if r.load_4w is None else round(r.load_4w, 1),
                "Usual, 4 weeks": None if r.usual_4w is None else round(r.usual_4w, 1),
                "vs usual": change,
                "athlete_id": r.athlete_id,
            }
        )
    return pd.DataFrame.from_records(records)


def summary(rows: list[RosterRow]) -> str:
    """ "**12 runners**: 1 red · 2 amber · 9 green", bands in order of urgency."""
    order = ("red", "injured", "amber", "rebuilding", "grey", "green", "none")
    counts = {b: sum(r.band == b for r in rows) for b in order}
    parts = [f"{n} {BAND_LABELS[b].lower()}" for b, n in counts.items() if n]
    noun = "runner" if len(rows) == 1 else "runners"
    return f"**{len(rows)} {noun}**" + (": " + " · ".join(parts) if parts else "")


def styled(table: pd.DataFrame) -> Any:
    """The roster table with each Today cell on its band's colour (white text), so the
    colours read at a glance and the words without colour."""
    colours = {BAND_LABELS[b]: c for b, c in BAND_COLOURS.items()}

    def cell(label: object) -> str:
        colour = colours.get(str(label))
        return f"background-color: {colour}; color: white" if colour else ""

    return table.style.map(cell, subset=["Today"])
