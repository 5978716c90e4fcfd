"""What the dashboard pages show, computed from the model's frames: metrics with their
change, tables in the runner's unit, the sessions of a day or a week.

Pure pandas (no Streamlit, no SQL), so it is tested directly; pages only lay it out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from risk import formats, vocab
from risk.model import ParamInfo, Params, PlanAnswer, PlannedRun, SorenessFit
from risk.model.daily import row_at
from risk.model.indicator import number_or_none
from risk.model.load import FAST_RATIO, rep_summary
from risk.model.params import describe
from risk.model.speed import five_k_from_vmax
from risk.model.validation import InjuryCase, ValidationReport
from risk.vocab import Units

BAND_COLOURS: Final[dict[str, str]] = {
    "none": "#bdbdbd",
    "grey": "#9e9e9e",
    "rebuilding": "#1565c0",
    "green": "#2e7d32",
    "amber": "#f9a825",
    "red": "#c62828",
    "injured": "#6a1b9a",
}
#: Background of a risky week's row.
RISKY_ROW: Final = "rgba(198, 40, 40, 0.12)"
BAND_LABELS: Final[dict[str, str]] = {
    "none": "No log yet",
    "grey": "Warming up",
    "rebuilding": "Rebuilding",
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "injured": "Injured",
}
BAND_MEANING: Final[dict[str, str]] = {
    "none": "Nothing is logged on or before this day.",
    "grey": "Too little log for a colour yet.",
    "rebuilding": "Back after a long break: build easy running before speed work.",
    "green": "Load within what your hamstrings are used to.",
    "amber": "Load above usual, or a warning: keep speed work short.",
    "red": "Load well above what your hamstrings are used to: ease off.",
    "injured": "An injury is open: recover first, no speed work.",
}
#: Streamlit's coloured-text names for each band.
BAND_TEXT: Final[dict[str, str]] = {
    "none": "gray",
    "grey": "gray",
    "rebuilding": "blue",
    "green": "green",
    "amber": "orange",
    "red": "red",
    "injured": "violet",
}


def read_only_line(name: str) -> str:
    """Why a coach sees a runner's log but cannot change it, and who can change that."""
    return f"Only {name} can change {name}'s log; ask {name} to allow coach editing on Profile."


def band_label(band: str) -> str:
    """The band as a runner reads it."""
    return BAND_LABELS.get(band, band)


def band_badge(band: str) -> str:
    """The band as Streamlit markdown: a filled dot in its colour, then the label on its
    colour (readable without colour too). A Material icon, not an emoji: emoji fonts are
    missing on many Linux machines."""
    colour = BAND_TEXT.get(band, "gray")
    return f":{colour}[:material/fiber_manual_record:] :{colour}-background[{band_label(band)}]"


def distance(km: float | None, units: Units, digits: int = 1) -> str:
    """A distance in km shown in ``units`` ("–" when unknown)."""
    if km is None or (isinstance(km, float) and math.isnan(km)):
        return "–"
    return f"{vocab.km_to(km, units):.{digits}f} {units}"


def day(date: dt.date) -> str:
    """A date as "Thu 3 Dec"."""
    return f"{date:%a} {date.day} {date:%b}"


def number(value: float | None, digits: int = 2) -> str:
    """A number with ``digits`` decimals ("–" when unknown)."""
    return "–" if value is None or math.isnan(value) else f"{value:.{digits}f}"


DeltaColour = Literal["normal", "inverse", "off"]


@dataclass(frozen=True)
class Metric:
    """A number for ``st.metric``: its label, value, change on a week before, and help."""

    label: str
    value: str
    delta: str | None
    help: str
    delta_color: DeltaColour = "off"


#: Metrics of the Today page: daily-frame column, label, decimals, help, and whether a
#: rise is bad (shown red) — None when a rise is neither good nor bad.
_TODAY: Final = (
    ("acute", "Acute load", 1, "7-day EWMA of hamstring load (HEL a day)", True),
    ("chronic", "Chronic load", 1, "28-day EWMA of hamstring load: what you are used to", None),
    ("acwr", "Acute:chronic", 2, "Acute ÷ chronic load (Williams et al. 2017)", True),
    ("capacity", "Capacity", 2, "What your strength work adds to tolerance (0.7–1.5)", False),
    ("ratio", "Load ÷ capacity", 2, "ACWR ÷ capacity: 1.3 turns a day amber, 1.5 red", True),
)


def today_metrics(daily: pd.DataFrame, on: dt.date) -> list[Metric]:
    """The Today page's load metrics for ``on`` with their change since 7 days before."""
    row, before = row_at(daily, on), row_at(daily, on - dt.timedelta(days=7))
    out = []
    for col, label, digits, help_text, rise_bad in _TODAY:
        now = number_or_none(row[col]) if row is not None else None
        then = number_or_none(before[col]) if before is not None else None
        delta = None
        if now is not None and then is not None:
            delta = f"{now - then:+.{digits}f} on a week ago"
        colour: DeltaColour = "off" if rise_bad is None else ("inverse" if rise_bad else "normal")
        out.append(Metric(label, number(now, digits), delta, help_text, colour))
    return out


def soreness_peak(fit: SorenessFit, after: str = "") -> str:
    """When the runner's soreness peaks: "48 h after", or with ``after`` "about 48 h
    after hard running" / "on the same day as hard running"."""
    if not after:
        return "same day" if fit.peak_days == 0 else f"{fit.peak_hours} h after"
    return (
        f"on the same day as {after}"
        if fit.peak_days == 0
        else (f"about {fit.peak_hours} h after {after}")
    )


def soreness_metrics(fit: SorenessFit) -> list[Metric]:
    """The Soreness page's numbers: usual level, gain, when soreness peaks, how well the
    prediction follows the check-ins it was fitted to and those it had not seen, and how
    many check-ins it used."""
    lag_how = (
        "chosen from your check-ins: the lag that best predicted later check-ins"
        if fit.lag == "fitted"
        else "your own lag kernel from Model settings"
        if fit.lag == "own"
        else "the default lag, until there are enough check-ins to find yours"
    )
    return [
        Metric(
            "Your usual soreness",
            number(fit.baseline, 1),
            None,
            "Soreness on a day without unaccustomed load (the fit's intercept); the "
            "prediction starts from it once fitted",
        ),
        Metric(
            "Soreness gain k",
            f"{fit.gain:.2f}",
            None,
            "Predicted soreness = your usual soreness + k × the lagged load above what you "
            "are used to",
        ),
        Metric("Soreness peaks", soreness_peak(fit), None, f"After hard running: {lag_how}"),
        Metric(
            "Fit r²",
            number(fit.r2),
            None,
            "How much of the ups and downs of your check-ins the prediction explains, on "
            "the check-ins it was fitted to (1 perfect, 0 no better than your usual soreness)",
        ),
        Metric(
            "r² on unseen check-ins",
            number(fit.r2_out_of_sample),
            None,
            "The same, on check-ins each fit had not seen: fitted on earlier check-ins, "
            "scored on later ones. Lower than the fit r² is normal; it is the honest one",
        ),
        Metric("Check-ins", f"{fit.n_checkins}", None, "Check-ins up to today used in the fit"),
    ]


def soreness_summary(fit: SorenessFit, params: Params) -> str:
    """The soreness fit in a sentence or two a runner reads."""
    hard = soreness_peak(fit, "hard running")
    if fit.lag == "fitted":
        lag = (
            f"Your soreness peaks {hard}: of the lags from the same day to "
            f"{24 * params.lag_peak_max_days} h, that one best predicted your later check-ins."
        )
    elif fit.lag == "own":
        lag = f"Your own lag kernel peaks {soreness_peak(fit, 'the load')}."
    else:
        lag = (
            f"The default lag (peak {hard}) is used until {params.lag_fit_min_checkins} "
            "check-ins; then the app finds when yours peaks."
        )
    if not fit.fitted:
        return f"{lag} The default gain is used until it can be fitted to your check-ins."
    explained = f"How well it follows you: r² {fit.r2:.2f} on the check-ins it was fitted to"
    if fit.r2_out_of_sample is not None:
        explained += f", {fit.r2_out_of_sample:.2f} on check-ins it had not seen yet"
    return f"{lag} {explained} (1 would be perfect, 0 no better than your usual soreness)."


def seven_day_totals(daily: pd.DataFrame, on: dt.date, units: Units) -> list[Metric]:
    """Raw totals of the 7 days up to ``on``, beside the ratios: HEL, distance, fast."""
    end = pd.Timestamp(on)
    week = daily.loc[end - pd.Timedelta(days=6) : end]
    prev = daily.loc[end - pd.Timedelta(days=13) : end - pd.Timedelta(days=7)]
    out = []
    for col, label, help_text in (
        ("hel_run", "Hamstring load, 7 days", "Sum of the days' HEL (easy-km equivalents)"),
        ("km", "Distance, 7 days", "Running distance of the last 7 days"),
        ("fast_km", "Fast running, 7 days", "Distance at 80 % of max speed or faster"),
    ):
        now, then = float(week[col].sum()), float(prev[col].sum())
        if col == "hel_run":
            value, delta = f"{now:.1f} HEL", f"{now - then:+.1f} on the 7 days before"
        else:
            value = distance(now, units)
            delta = f"{vocab.km_to(now - then, units):+.1f} on the 7 days before"
        out.append(Metric(label, value, delta if len(prev) else None, help_text, "off"))
    return out


def is_speed(row: pd.Series) -> bool:
    """A planned row is a speed session: a speed type, or fast km or strides planned."""
    fast = number_or_none(row.get("fast_km"))
    strides = number_or_none(row.get("strides"))
    return str(row.get("type")) in vocab.SPEED_TYPES or bool(fast and fast > 0) or bool(strides)


def next_speed_session(planned: pd.DataFrame, today: dt.date) -> PlannedRun | None:
    """The first planned speed session on or after ``today``, if any."""
    if planned is None or planned.empty:
        return None
    ahead = planned[pd.to_datetime(planned["date"]) >= pd.Timestamp(today)]
    ahead = ahead.sort_values("date")
    for _, row in ahead.iterrows():
        if is_speed(row):
            fast = number_or_none(row.get("fast_km"))
            strides = number_or_none(row.get("strides"))
            return PlannedRun(
                pd.Timestamp(row["date"]).date(),
                str(row["type"]),
                float(row["distance_km"]),
                fast,
                int(strides) if strides is not None else None,
            )
    return None


def already_planned(planned: pd.DataFrame, session: PlannedRun) -> bool:
    """Whether ``planned`` holds a session of the same type and distance (to 10 m) on the
    same day."""
    if planned is None or planned.empty:
        return False
    same = (
        (pd.to_datetime(planned["date"]) == pd.Timestamp(session.date))
        & (planned["type"] == session.type)
        & ((planned["distance_km"] - session.distance_km).abs() < 0.01)
    )
    return bool(same.any())


def session_label(session: PlannedRun, units: Units) -> str:
    """ "Intervals, 10.0 km (4.0 km fast) on Thu 3 Dec"."""
    parts = [vocab.label(vocab.ACTIVITY_TYPES, session.type), distance(session.distance_km, units)]
    extra = []
    if session.fast_km:
        extra.append(f"{distance(session.fast_km, units)} fast")
    if session.strides:
        extra.append(f"{session.strides} strides")
    text = ", ".join(parts) + (f" ({', '.join(extra)})" if extra else "")
    return f"{text} on {day(session.date)}"


def between(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The rows of ``frame`` dated from ``start`` to ``end`` inclusive."""
    if frame is None or frame.empty:
        return frame
    dates = pd.to_datetime(frame["date"])
    return frame[(dates >= start) & (dates <= end)]


def _numbers(frame: pd.DataFrame, col: str) -> np.ndarray:
    if col not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[col], errors="coerce").to_numpy(float)


def _run_texts(runs: pd.DataFrame, units: Units) -> list[str]:
    scale = 1 / vocab.KM_PER_MILE if units == "mi" else 1.0
    out = []
    for kind, km, fast, strides in zip(
        runs["type"].astype(str),
        _numbers(runs, "distance_km") * scale,
        _numbers(runs, "fast_km") * scale,
        _numbers(runs, "strides"),
        strict=True,
    ):
        text = f"{vocab.label(vocab.ACTIVITY_TYPES, kind)} {km:.1f} {units}"
        if fast > 0:
            text += f" ({fast:.1f} {units} fast)"
        if strides > 0:
            text += f" + {strides:.0f} strides"
        out.append(text)
    return out


def _set_texts(sets: pd.DataFrame) -> list[str]:
    out = []
    for name, n_sets, reps, load in zip(
        sets["exercise"].astype(str),
        _numbers(sets, "sets"),
        _numbers(sets, "reps"),
        _numbers(sets, "load_kg"),
        strict=True,
    ):
        text = f"{vocab.label(vocab.EXERCISES, name)} {n_sets:.0f}×{reps:.0f}"
        out.append(text + (f" @ {load:g} kg" if load > 0 else ""))
    return out


def day_sessions(runs: pd.DataFrame, sets: pd.DataFrame, units: Units) -> pd.Series:
    """Each day's sessions in words ("Intervals 10.0 km (4.0 km fast) · Nordic… 3×6"),
    indexed by day; days without a session are absent."""
    dates: list[pd.Series] = []
    texts: list[str] = []
    if runs is not None and len(runs):
        dates.append(pd.to_datetime(runs["date"]).dt.normalize())
        texts += _run_texts(runs, units)
    if sets is not None and len(sets):
        dates.append(pd.to_datetime(sets["date"]).dt.normalize())
        texts += _set_texts(sets)
    if not texts:
        return pd.Series(dtype=object)
    frame = pd.DataFrame({"date": pd.concat(dates, ignore_index=True).to_numpy(), "text": texts})
    return frame.groupby("date", sort=True)["text"].agg(" · ".join)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` in the right number: "1 week", "3 weeks", "0 weeks"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def week_columns(units: Units, params: Params) -> dict[str, tuple[str, str]]:
    """The columns of :func:`weeks_table` as the page heads them: column -> (a short
    header in plain words, what it means). The first five are the ones a runner reads
    first (:func:`week_columns_short`); they fit a phone held upright."""
    return {
        "Week of": ("Week of", "The week's Monday; weeks run Monday to Sunday."),
        f"Distance ({units})": ("Distance", f"Distance run that week, in {units}."),
        f"Fast ({units})": (
            "Fast",
            f"Fast running that week, in {units}: at 80 % or more of your max sprint speed "
            "(strides, sprints, fast reps).",
        ),
        "Hamstring load (HEL)": (
            "HEL",
            "Hamstring eccentric load: the week's running weighted by how fast it was, in "
            "easy-km equivalents (an easy km is about 1). The colours are worked out from it.",
        ),
        "Band": (
            "Band",
            "The week's worst day: green, amber or red (or warming up, rebuilding, injured).",
        ),
        "sRPE load": (
            "Effort load (sRPE)",
            "Session RPE load: how hard it felt (RPE 1-10) × minutes, summed over the "
            "week's sessions (Foster et al. 2001). For reference; the colours use HEL.",
        ),
        "Strength sessions": ("Strength", "Hamstring strength sessions logged that week."),
        "Peak load ÷ capacity": (
            "Peak ratio",
            "The week's highest load-to-capacity ratio: acute ÷ chronic hamstring load "
            f"(ACWR), divided by what your strength work adds. {params.ratio_amber:g} "
            f"turns a day amber, {params.ratio_red:g} red.",
        ),
        "Max soreness reported": (
            "Soreness (you)",
            "The highest soreness (0-10) you reported that week.",
        ),
        "Max soreness predicted": (
            "Soreness (model)",
            "The highest soreness (0-10) the model predicted that week.",
        ),
        "HEL vs week before": (
            "HEL change",
            "HEL against the week before ('new load' after a week without any).",
        ),
        "Injury": ("Injury", "Days injured that week (site and side), or 'returning'."),
        "Risky": (
            "Risky",
            f"A red day, or {params.risky_week_ambers} or more amber days: the row is shaded.",
        ),
    }


def week_columns_short(units: Units) -> list[str]:
    """The columns of :func:`weeks_table` shown unless the runner asks for more."""
    return ["Week of", f"Distance ({units})", f"Fast ({units})", "Hamstring load (HEL)", "Band"]


def last_complete_week(starts: list[dt.date], today: dt.date) -> int:
    """The position in ``starts`` (weeks' Mondays, any order) of the newest week that has
    ended by ``today`` (its Sunday is today or before); the newest week when none has."""
    if not starts:
        return 0
    done = [i for i, s in enumerate(starts) if s + dt.timedelta(days=6) <= today]
    pool = done or list(range(len(starts)))
    return max(pool, key=lambda i: starts[i])


def weeks_table(
    weekly: pd.DataFrame, units: Units, daily: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The Weeks page's table, newest week first, distances in ``units``; with ``daily``,
    an "Injury" column marks the weeks of an open injury or a return
    (:func:`week_injuries`)."""
    w = weekly.iloc[::-1]
    change = w["hel_change_pct"].to_numpy(float)
    change_text = [
        "new load" if new else ("–" if np.isnan(c) else f"{c:+.0f} %")
        for c, new in zip(change, w["new_load"].to_numpy(bool), strict=True)
    ]
    table = pd.DataFrame(
        {
            "Week of": pd.DatetimeIndex(w.index).date,
            f"Distance ({units})": np.round(w["km"].map(lambda k: vocab.km_to(k, units)), 1),
            f"Fast ({units})": np.round(w["fast_km"].map(lambda k: vocab.km_to(k, units)), 1),
            "Hamstring load (HEL)": np.round(w["hel"].to_numpy(float), 1),
            "sRPE load": np.round(w["srpe"].to_numpy(float), 0),
            "Strength sessions": w["strength_sessions"].to_numpy(int),
            "Peak load ÷ capacity": np.round(w["peak_ratio"].to_numpy(float), 2),
            "Max soreness reported": w["max_soreness_reported"].to_numpy(float),
            "Max soreness predicted": np.round(w["max_soreness_predicted"].to_numpy(float), 1),
            "HEL vs week before": change_text,
            "Band": [band_label(b) for b in w["band"]],
            "Risky": w["risky"].to_numpy(bool),
        }
    )
    if daily is not None:
        table.insert(len(table.columns) - 2, "Injury", week_injuries(weekly, daily)[::-1])
    return table


def week_days(
    daily: pd.DataFrame, week_start: dt.date, sessions: pd.Series, units: Units
) -> pd.DataFrame:
    """The seven days of the week starting ``week_start``: band, loads, soreness, sessions."""
    start = pd.Timestamp(week_start)
    days = daily.loc[start : start + pd.Timedelta(days=6)]
    days = days[days["day"] >= 0]
    index = pd.DatetimeIndex(days.index)
    return pd.DataFrame(
        {
            "Day": [day(d) for d in index],
            "Band": [band_label(b) for b in days["band"]],
            "Sessions": [str(sessions.get(d, "rest")) for d in index],
            f"Distance ({units})": np.round(days["km"].map(lambda k: vocab.km_to(k, units)), 1),
            "HEL": np.round(days["hel_run"].to_numpy(float), 1),
            "Acute": np.round(days["acute"].to_numpy(float), 1),
            "Chronic": np.round(days["chronic"].to_numpy(float), 1),
            "Load ÷ capacity": np.round(days["ratio"].to_numpy(float), 2),
            "Soreness reported": days["soreness_reported"].to_numpy(float),
            "Soreness predicted": np.round(days["soreness_predicted"].to_numpy(float), 1),
            "Injury": _day_injuries(days),
        }
    )


def _day_injuries(days: pd.DataFrame) -> list[str]:
    if "injured" not in days:
        return [""] * len(days)
    return [
        "injured" if hurt else ("returning" if back else "")
        for hurt, back in zip(
            days["injured"].to_numpy(bool), days["returning"].to_numpy(bool), strict=True
        )
    ]


def kind_label(kind: str) -> str:
    """A session kind of :func:`risk.model.soreness.before_sorest_days` in words."""
    if kind.startswith("strength:"):
        name = kind.split(":", 1)[1]
        return "Strength: " + vocab.label(vocab.EXERCISES, name)
    return vocab.label(vocab.ACTIVITY_TYPES, kind)


def before_sorest_table(table: pd.DataFrame, min_days: int = 2) -> pd.DataFrame:
    """:func:`risk.model.soreness.before_sorest_days` for display: the kinds that came
    before at least ``min_days`` sorest days first, most over-represented first."""
    often = table["sorest_days"].to_numpy(int) >= min_days
    ordered = pd.concat(
        [
            table[often].sort_values(["lift", "sorest_days"], ascending=False),
            table[~often],
        ]
    )
    return pd.DataFrame(
        {
            "Session kind": [kind_label(k) for k in ordered["kind"]],
            "× as common before sore days": np.round(ordered["lift"].to_numpy(float), 1),
            "Sorest days after it": ordered["sorest_days"].astype(int).to_numpy(),
            "% of sorest days": np.round(ordered["share_sorest"].to_numpy(float) * 100, 0),
            "% of all days": np.round(ordered["share_all"].to_numpy(float) * 100, 0),
        }
    )


def param_step(info: ParamInfo) -> tuple[float, str]:
    """A number input's step and format for a setting, from its default's magnitude."""
    if info.integer:
        return 1.0, "%d"
    ref = abs(float(info.default)) or float(info.max)
    step = 10.0 ** (math.floor(math.log10(ref)) - 1)
    decimals = max(2, -math.floor(math.log10(step)))
    return step, f"%.{decimals}f"


def kernel_text(weights: tuple[float, ...]) -> str:
    """The soreness kernel as a runner edits it: "0.35, 1, 0.8"."""
    return ", ".join(f"{w:g}" for w in weights)


def parse_kernel(text: str) -> list[float]:
    """Comma-separated weights; raises ValueError naming the bad item."""
    items = [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]
    out = []
    for i, item in enumerate(items):
        try:
            out.append(float(item))
        except ValueError:
            raise ValueError(f"kernel: {item!r} (weight {i + 1}) is not a number") from None
    return out


def setting_problem(message: str, params: Params) -> str:
    """A settings problem in the runner's words: the setting's meaning first, its name in
    brackets ("Amber ratio … (ratio_amber) must be between 1 and 3 (got 99)")."""
    name, _, rest = message.partition(" ")
    meanings = {info.name: info.meaning for info in describe(params)}
    if name in meanings and rest:
        return f"{meanings[name]} ({name}) {rest}"
    return message


def setting_value(value: object) -> str:
    """A setting's value as text (the kernel as a list)."""
    if isinstance(value, tuple):
        return kernel_text(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def session_verdict(answer: PlanAnswer) -> str:
    """The band a planned session is shown with: its day's band, or, when that day is
    green but a day after is not, the worst of those days (green would mislead)."""
    if answer.band_on_day != "green" or answer.good_on_day:
        return answer.band_on_day
    order = {"green": 0, "amber": 1, "red": 2}
    return max(answer.bands_next_two_days, key=lambda b: order.get(b, 0))


#: The planner's binding rules in a runner's words.
RULE_WORDS: Final[dict[str, str]] = {
    "ratio_red": "the load-to-capacity ratio",
    "ratio_amber": "the load-to-capacity ratio",
    "hel_rise": "the rise in hamstring load",
    "fast_spike": "the rise in fast running",
    "sore_reported": "the soreness you reported",
    "sore_above_median": "the soreness you reported",
    "sore_predicted": "the soreness the session would bring",
}


def plan_advice(answer: PlanAnswer, units: Units, params: Params) -> list[str]:
    """What would make the planned day green, in the terms of the rules that bind, and
    within what the runner has done (the planner caps its offers there)."""
    if answer.good_on_day or answer.band_on_day in ("grey", "none"):
        return []
    if answer.band_on_day == "injured":
        return [
            "An injury is open: no speed session is a good idea until you are back and "
            "running pain-free. Log the return date on History when you are."
        ]
    if answer.band_on_day == "rebuilding":
        return [
            "You are rebuilding after a long break or an injury: easy runs first, a little "
            "more each week; speed sessions wait until the day comes out green."
        ]
    rules = sorted({RULE_WORDS[c] for c in answer.binding if c in RULE_WORDS})
    lines = []
    if answer.band_on_day == "green":
        after = ", ".join(band_label(b) for b in answer.bands_next_two_days)
        lines.append(f"Green that day, but the two days after come out {after}.")
    if rules:
        lines.append("What keeps the day from green: " + ", ".join(rules) + ".")
    session = answer.session
    if answer.max_fast_km is not None and session.fast_km:
        lines.append(
            f"Keep fast running to {distance(answer.max_fast_km, units)} "
            f"(not {distance(session.fast_km, units)}) at the same distance."
        )
    load_rules = {"ratio_red", "ratio_amber", "hel_rise", "sore_predicted"}
    # When only fast running binds, the fast-km limit is the answer; a shorter session
    # with fast km scaled along would only blur it.
    shorter = bool(load_rules & set(answer.binding)) or answer.max_fast_km is None
    if answer.max_distance_km is not None and shorter:
        share = answer.max_distance_km / session.distance_km if session.distance_km else 0.0
        fast = f" with {distance(session.fast_km * share, units)} fast" if session.fast_km else ""
        lead = "Or" if answer.max_fast_km is not None else "Keep it to"
        lines.append(f"{lead} {distance(answer.max_distance_km, units)} at most{fast}.")
    if answer.largest_done_km is not None and answer.max_distance_km is not None and shorter:
        kind = vocab.RUN_TYPES.get(session.type, session.type).lower()
        lines.append(
            f"(Never more than your longest {kind} so far, "
            f"{distance(answer.largest_done_km, units)}, plus {params.planner_margin:.0%}.)"
        )
    if (
        "fast_spike" in answer.binding
        and session.fast_km
        and answer.max_fast_km is None
        and not answer.most_fast_done_km
    ):
        lines.append(
            "You have logged no fast running yet: start with a few strides on an easy run "
            "before a session of it."
        )
    if {"sore_reported", "sore_above_median"} & set(answer.binding):
        lines.append("No shorter session helps while you are sore: wait for a good day.")
    elif answer.max_distance_km is None and answer.max_fast_km is None and rules:
        lines.append("No smaller version of this session is green that day: pick another day.")
    if answer.earliest_good_day is None:
        lines.append("No day in the next week is green for this session as it is.")
    return lines


# Injuries -------------------------------------------------------------------------------
#: How a site reads after "left"/"right" ("left hamstring", "right Achilles").
_SITE_WORDS: Final[dict[str, str]] = {
    "hamstring": "hamstring",
    "calf": "calf",
    "achilles": "Achilles",
    "knee": "knee",
    "other": "leg (other site)",
}


def short_day(date: dt.date) -> str:
    """A date as "12 Nov"."""
    return f"{date.day} {date:%b}"


def injury_place(site: object, side: object) -> str:
    """ "left hamstring", "both calves"-style words for an injury's side and site."""
    site_key = site if isinstance(site, str) and site else "hamstring"
    word = _SITE_WORDS.get(site_key, vocab.label(vocab.INJURY_SITES, site_key).lower())
    if side in ("left", "right"):
        return f"{side} {word}"
    if side == "both":
        return f"{word}, both sides"
    return word


@dataclass(frozen=True)
class InjuryNotice:
    """What Today says first about an open or recent injury: a headline and what to do."""

    kind: Literal["injured", "returning"]
    headline: str
    guidance: tuple[str, ...]


_INJURED_GUIDANCE: Final = (
    "Walk pain-free first, then easy jogging on flat ground; stop when it hurts.",
    "No speed work, strides or hills until easy running is pain-free, and the day after too.",
    "Build back over weeks, not days: more easy distance first, pace last.",
    "See a clinician (physiotherapist or sports doctor) for sharp, worsening or lasting "
    "pain, or if walking hurts.",
)
_RETURNING_GUIDANCE: Final = (
    "Add easy distance before pace; keep most runs easy for now.",
    "Bring speed back in small doses (a few relaxed strides first), only when the next "
    "day is pain-free.",
    "Stop and step back a week if the pain returns; see a clinician if it is sharp or lasting.",
)
_HAMSTRING_STRENGTH: Final = (
    "Strength work when pain allows: gentle holds (isometric bridges) first, Nordic curls "
    "only once they are pain-free."
)


def _date_of(value: object) -> dt.date | None:
    if value is None or not isinstance(value, dt.date | np.datetime64) or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def injury_notice(daily: pd.DataFrame, on: dt.date, params: Params) -> InjuryNotice | None:
    """The Today page's first words when an injury is open on ``on`` ("Injured since
    12 Nov, left hamstring") or the runner came back within ``params.return_weeks`` weeks
    ("Back since 20 Nov"), with short return-to-running guidance (a graded return:
    Heiderscheit et al. 2010; Erickson & Sherry 2017); None otherwise."""
    row = row_at(daily, on)
    if row is None or "injured" not in row:
        return None
    place = injury_place(row["injury_site"], row["injury_side"])
    hamstring = row["injury_site"] == "hamstring"
    since = _date_of(row["injury_since"])
    if bool(row["injured"]) and since is not None:
        days = (on - since).days
        length = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
        headline = (
            f"Injured since {short_day(since)} ({length}), {place}: the injury comes "
            "before any load colour. Log your return date under History when you are back."
        )
        steps = list(_INJURED_GUIDANCE)
        if hamstring:
            steps.insert(3, _HAMSTRING_STRENGTH)
        return InjuryNotice("injured", headline, tuple(steps))
    back = _date_of(row["injury_back"])
    if bool(row["returning"]) and back is not None:
        until = back + dt.timedelta(weeks=params.return_weeks)
        headline = (
            f"Back since {short_day(back)} from a {place} injury: build up gradually until "
            f"about {short_day(until)} ({params.return_weeks} weeks)."
        )
        steps = list(_RETURNING_GUIDANCE)
        if hamstring:
            steps.insert(2, "Keep up the strength work (Nordic curls): it protects the hamstring.")
        return InjuryNotice("returning", headline, tuple(steps))
    return None


def injury_spans(
    daily: pd.DataFrame, column: str = "layoff"
) -> list[tuple[pd.Timestamp, pd.Timestamp, str]]:
    """Runs of consecutive days where ``column`` is true: (first day, last day, the
    injury in words, e.g. "left hamstring"), for charts to shade."""
    if column not in daily or daily.empty:
        return []
    mask = daily[column].to_numpy(bool)
    index = pd.DatetimeIndex(daily.index)
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(np.int8), 0]))
    out = []
    for first, stop in zip(edges[::2], edges[1::2], strict=True):
        row = daily.iloc[first]
        out.append(
            (index[first], index[stop - 1], injury_place(row["injury_site"], row["injury_side"]))
        )
    return out


def week_injuries(weekly: pd.DataFrame, daily: pd.DataFrame) -> list[str]:
    """For each week of ``weekly`` (indexed by its first day), its injury in words:
    "injured 5 d (left hamstring)", "returning", or "" (in the weekly frame's order)."""
    starts = pd.DatetimeIndex(weekly.index)
    if "injured" not in daily or len(starts) == 0:
        return [""] * len(starts)
    index = pd.DatetimeIndex(daily.index)
    week = starts.searchsorted(index, side="right") - 1
    inside = (week >= 0) & (index < starts[-1] + pd.Timedelta(days=7))
    injured = np.bincount(week[inside], daily["injured"].to_numpy(bool)[inside], len(starts))
    returning = np.bincount(week[inside], daily["returning"].to_numpy(bool)[inside], len(starts))
    out = []
    for i in range(len(starts)):
        if injured[i]:
            days = index[inside][(week[inside] == i) & daily["injured"].to_numpy(bool)[inside]]
            row = daily.loc[days[-1]]
            place = injury_place(row["injury_site"], row["injury_side"])
            out.append(f"injured {int(injured[i])} d ({place})")
        elif returning[i]:
            out.append("returning")
        else:
            out.append("")
    return out


def rep_distance(km: float, units: Units) -> str:
    """One rep's distance as a runner says it: ``800 m``, ``1.5 km`` or ``0.50 mi``."""
    if units == "mi":
        return f"{vocab.km_to(km, 'mi'):.2f} mi"
    return f"{km * 1000:.0f} m" if km < 1 else f"{km:g} km"


def rep_fast_note(
    reps: int, rep_km: float, rep_pace_s_per_km: float, v_max_ms: float, units: Units
) -> str:
    """The fast km that reps give by the one definition (≥ 80 % of max speed), in words:
    "6 × 800 m at 3:50/km: 0 km fast — fast means ≥ 80 % of your max speed, 2:36/km or
    faster; these reps are at 57 % of it." The model counts the same
    (:func:`risk.model.load.rep_summary`)."""
    s = rep_summary(reps, rep_km, rep_pace_s_per_km, v_max_ms)
    head = (
        f"{reps} × {rep_distance(rep_km, units)} at {formats.format_pace(rep_pace_s_per_km, units)}"
        f": {formats.format_distance(s.fast_km, units) if s.fast_km else f'0 {units}'} fast"
    )
    rule = (
        f"fast means ≥ {FAST_RATIO * 100:.0f} % of your max speed, "
        f"{formats.format_pace(s.fast_pace_s_per_km, units)} or faster"
    )
    return f"{head} — {rule}; these reps are at {s.ratio * 100:.0f} % of it."


@dataclass(frozen=True)
class RepsEntry:
    """The Reps section of the run form read: stored values, problems, the derived note."""

    values: dict[str, Any]
    problems: list[str]
    note: str | None


def reps_entry(
    reps: int | None,
    rep_km: float | None,
    pace_text: str,
    units: Units,
    v_max_ms: float,
) -> RepsEntry:
    """Read the run form's Reps section: the number of reps, one rep's distance (already in
    km) and the pace typed per the runner's unit (``mm:ss``). Range and all-or-none checks
    are the store's (:class:`risk.store.inputs.RunIn`); this only reads the pace."""
    problems: list[str] = []
    pace: float | None = None
    if pace_text.strip():
        try:
            pace = formats.parse_pace(pace_text, units)
        except ValueError as exc:
            problems.append(f"Rep pace: {exc}")
    values = {"reps": reps, "rep_km": rep_km, "rep_pace_s_per_km": pace}
    note = None
    if reps and rep_km and pace and not problems:
        note = rep_fast_note(int(reps), float(rep_km), pace, v_max_ms, units)
    return RepsEntry(values, problems, note)


# Does it work for me? ------------------------------------------------------------------


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def validation_table(report: ValidationReport) -> pd.DataFrame:
    """One row per score: how it separated the days before injuries from ordinary days.

    AUC only with enough injuries; every share is of days or of injuries, never a chance
    of getting injured."""
    rows = []
    for s in report.scores:
        auc = (
            "–"
            if s.auc is None
            else f"{s.auc:.2f} ({s.auc_low:.2f}–{s.auc_high:.2f})"
            if s.auc_low is not None and s.auc_high is not None
            else f"{s.auc:.2f}"
        )
        rows.append(
            {
                "Score": s.label,
                "AUC (95 % interval)": auc,
                "Alarm": s.alarm,
                "Ordinary days alarmed": _share(
                    None if s.alarm_days_pct is None else s.alarm_days_pct / 100
                ),
                "False alarms per injury": "–"
                if s.false_alarms_per_injury is None
                else f"{s.false_alarms_per_injury:.1f}",
                "Injuries with an alarm the week before": _share(s.hit_share),
                "Any week (chance)": _share(s.chance_share),
                "Reading": s.reading or "–",
            }
        )
    return pd.DataFrame(rows)


def injury_days_table(case: InjuryCase, units: Units) -> pd.DataFrame:
    """The days before one injury as the indicator showed them, oldest first."""

    def num(value: float | None, digits: int = 1) -> str:
        return "" if value is None else f"{value:.{digits}f}"

    return pd.DataFrame(
        [
            {
                "Day": day(d.date),
                "Band": band_label(d.band),
                "HEL": num(d.hel),
                "Acute": num(d.acute),
                "Chronic": num(d.chronic),
                "ACWR": num(d.acwr, 2),
                "Load ÷ capacity": num(d.ratio, 2),
                f"Fast, 7 days ({units})": num(
                    None if d.fast_7d is None else vocab.km_to(d.fast_7d, units)
                ),
                "Why": "; ".join(d.reasons),
            }
            for d in case.days
        ]
    )


def injury_title(case: InjuryCase) -> str:
    """An injury as a heading: date, side, site, whether it was judged and flagged."""
    side = f"{case.side} " if case.side and case.side not in ("both", "unknown") else ""
    back = f", back {day(case.return_date)}" if case.return_date else ", not back yet"
    flagged = (
        "Amber or red in the week before"
        if case.alarm_before
        else "No amber or red in the week before"
    )
    judged = "" if case.judged else " (not judged: too soon after a lay-off or the start)"
    return f"{day(case.date)}: {side}{case.site}{back}. {flagged}{judged}"


def model_card(report: ValidationReport, params: Params) -> list[str]:
    """What the indicator is, in a runner's words: what it uses and ignores, its rules and
    sources, this runner's alarm rate, its known weaknesses, and what to do with a colour."""
    band = next((s for s in report.scores if s.name == "band"), None)
    rate = (
        f"On your ordinary days it was amber or red on {band.alarm_days_pct:.0f} % of them."
        if band is not None and band.alarm_days_pct is not None
        else "Your log is too short to say how often it warns you."
    )
    return [
        "**What it uses**: your runs (distance, type, pace, reps, fast km, strides, imported "
        "speed profiles), strength sessions, soreness check-ins and injuries. **What it "
        "ignores**: sleep, stress, illness, terrain, shoes, other sports' strain, your history "
        "before the log.",
        "**Its rules**: hamstring load from running speed (Chumanov 2011; Schache 2012), the "
        f"load-to-capacity ratio at {params.ratio_amber:g} and {params.ratio_red:g} (Gabbett "
        "2016, disputed), a rise of the week's load (Nielsen 2014), a rise of fast running "
        "(Duhig 2016), soreness you report and the model predicts; strength work widens what "
        "counts as too much (van Dyk 2019). The README and Model settings list every number.",
        f"**How often it warns you**: {rate}",
        "**Known weaknesses**: its thresholds come from team sports; the acute:chronic ratio "
        "is coupled and disputed (Impellizzeri 2020; Lolli 2019); one runner has few "
        "injuries, so any check on them is uncertain; load explains only part of why "
        "hamstrings strain.",
        "**What to do with a colour**: green, train as planned; amber, keep speed work short "
        "or move it a day; red, an easy day or rest. It is a prompt to reflect, not a "
        "diagnosis: see a clinician for sharp or lasting pain.",
    ]


def five_k_clock(v_max_ms: float) -> str:
    """The 5 km time (m:ss) that gives the max sprint speed ``v_max_ms``: the time the
    runner entered, back from the speed it set."""
    return formats.format_clock(five_k_from_vmax(v_max_ms))


def body_mass(kg: float, units: Units) -> str:
    """A body mass in the runner's unit, e.g. ``"132.3 lb"``."""
    return f"{vocab.kg_to(kg, units):.1f} {vocab.mass_unit(units)}"


def profile_line(v_max_ms: float, body_mass_kg: float, units: Units) -> str:
    """The profile's numbers in words: the 5 km time, the max sprint speed, the body mass."""
    return (
        f"A 5 km in {five_k_clock(v_max_ms)} · max sprint speed {v_max_ms:.2f} m/s · "
        f"body mass {body_mass(body_mass_kg, units)}"
    )
