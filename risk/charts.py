"""Plotly figures of the dashboard: model frames in, figures out (no Streamlit).

Every chart shows raw loads beside the ratios it draws (DESIGN.md, "Science honesty").
HEL (hamstring eccentric load) is in easy-km equivalents, so it is not converted to
miles; distances in hovers follow the runner's unit.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from risk import vocab
from risk.model import Params, PlanAnswer, SorenessFit, reasons
from risk.model.soreness import sorest_days
from risk.views import BAND_COLOURS, band_label, injury_spans, short_day
from risk.vocab import Units

HEL_COLOUR: Final = "#5c7cfa"
ACUTE_COLOUR: Final = "#e8590c"
CHRONIC_COLOUR: Final = "#343a40"
STRENGTH_COLOUR: Final = "#2b8a3e"
SAFE_FILL: Final = "rgba(46, 125, 50, 0.12)"
INJURY_COLOUR: Final = "#862e9c"
LAYOFF_FILL: Final = "rgba(134, 46, 156, 0.16)"
RETURNING_FILL: Final = "rgba(134, 46, 156, 0.06)"
#: Name of the marker trace and of the shaded lay-off regions (tests look for it).
INJURY_NAME: Final = "Injury (lay-off shaded)"
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: The shortest span a date axis shows, so a log of a day or two reads as days, not as
#: milliseconds around midnight with one bar filling the plot.
MIN_AXIS_DAYS: Final = 14
DAY_TICKS: Final = "%d %b"
_DAY: Final = pd.Timedelta(days=1)
#: How each flagged band is marked on the Load & strength chart: the legend name, the
#: marker symbol and size (amber and red apart, readable without colour too).
FLAG_MARKS: Final[dict[str, tuple[str, str, int]]] = {
    "amber": ("Amber day", "triangle-down", 9),
    "red": ("Red day", "diamond", 10),
}
#: The order in which day colours are listed in a legend.
BAND_ORDER: Final = ("grey", "rebuilding", "green", "amber", "red", "injured")
#: Plotly's toolbar floats over the legend and the top of the plot: every chart goes
#: without it (zoom by dragging, double-click to reset, still work).
CONFIG: Final[dict[str, object]] = {"displayModeBar": False}
_HOVER_WIDTH: Final = 60

_LEGEND: Final[dict[str, object]] = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
_LAYOUT: Final = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "legend": _LEGEND,
    "hovermode": "x unified",
    "plot_bgcolor": "white",
}


def _known(daily: pd.DataFrame, start: dt.date | None = None) -> pd.DataFrame:
    """Days of the log (not the unknown ones before it), from ``start``."""
    d = daily[daily["day"] >= 0]
    if start is not None:
        d = d[d.index >= pd.Timestamp(start)]
    return d


def date_axis(
    x: pd.DatetimeIndex,
    last: pd.Timestamp | None = None,
    width: pd.Timedelta = _DAY,
    min_days: int = MIN_AXIS_DAYS,
) -> dict[str, object]:
    """Layout of a date x-axis over ``x`` (bars or cells ``width`` wide): day ticks, and a
    range of at least ``min_days`` days ending on the last day shown (``last``, else the
    last of ``x``); no range when there is nothing to show."""
    axis: dict[str, object] = {
        "type": "date",
        "tickformat": DAY_TICKS,
        "hoverformat": "%a %d %b %Y",
    }
    if last is None:
        if len(x) == 0:
            return axis
        last = x.max()
    end = pd.Timestamp(last) + width / 2
    start = end - pd.Timedelta(days=min_days)
    if len(x):
        start = min(start, x.min() - width / 2)
    axis["range"] = [str(start), str(end)]
    return axis


def day_strings(x: pd.DatetimeIndex) -> np.ndarray:
    """The days of ``x`` as "YYYY-MM-DD", for a trace on a date axis: Plotly sends a
    datetime as "2026-11-29T00:00:00.000000000", so on a chart of ten years each trace's
    x took 120 kB of the page instead of 47 kB."""
    return np.asarray(x.strftime("%Y-%m-%d"), dtype=object)


def _grid(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(showgrid=False, linecolor="#ced4da")
    fig.update_yaxes(gridcolor="#f1f3f5", zeroline=False)
    return fig


def reason_texts(
    d: pd.DataFrame, params: Params, units: Units, bands: tuple[str, ...] = ("amber", "red")
) -> np.ndarray:
    """For each day of the daily frame ``d`` whose band is in ``bands``, the reasons
    behind its colour in words (:func:`risk.model.reasons`), one per line and wrapped for
    a hover box ("<br>" breaks); "" for the other days."""
    out = np.full(len(d), "", dtype=object)
    for i in np.flatnonzero(np.isin(d["band"].to_numpy(object), bands)):
        lines = [
            "<br>".join(textwrap.wrap(r.message, _HOVER_WIDTH))
            for r in reasons(d.iloc[i], params, units)
        ]
        out[i] = "<br>".join(lines)
    return out


def injury_shapes(d: pd.DataFrame) -> list[dict[str, object]]:
    """Shaded regions behind a chart of the daily frame ``d``: each lay-off (injury to
    return) in a stronger tint, the return-to-running weeks after it in a lighter one."""
    half = pd.Timedelta(hours=12)  # cover whole day bars
    shapes: list[dict[str, object]] = []
    for column, fill, what in (
        ("layoff", LAYOFF_FILL, "Lay-off"),
        ("returning", RETURNING_FILL, "Returning"),
    ):
        for first, last, place in injury_spans(d, column):
            shapes.append(
                {"type": "rect", "xref": "x", "x0": first - half, "x1": last + half,
                 "yref": "paper", "y0": 0, "y1": 1, "fillcolor": fill, "line": {"width": 0},
                 "layer": "below", "name": f"{what}: {place}"}
            )  # fmt: skip
    return shapes


def injury_markers(d: pd.DataFrame, y: float, yaxis: str = "y") -> go.Scatter | None:
    """A marker on the first shown day of each lay-off, its hover naming the injury and
    its dates; None when ``d`` has no lay-off."""
    spans = injury_spans(d, "layoff")
    if not spans:
        return None
    texts = []
    index = pd.DatetimeIndex(d.index)
    sinces = pd.DatetimeIndex(d["injury_since"]) if "injury_since" in d else index
    for first, last, place in spans:
        since = sinces[int(index.searchsorted(first))]
        start = first if pd.isna(since) else since
        texts.append(f"{place.capitalize()} injury, off {short_day(start)} – {short_day(last)}")
    return go.Scatter(
        x=[first for first, _, _ in spans],
        y=[y] * len(spans),
        yaxis=yaxis,
        mode="markers",
        name=INJURY_NAME,
        marker={"symbol": "x", "size": 10, "color": INJURY_COLOUR},
        customdata=texts,
        hovertemplate="%{customdata}<extra>injury</extra>",
    )


def safe_band(daily: pd.DataFrame, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The acute loads (HEL a day) that keep a day free of ratio notes and flags: from
    ``ratio_low`` × chronic (below it the load is well below usual) up to ``ratio_amber``
    × capacity × chronic (where L = ACWR / capacity reaches amber)."""
    chronic = daily["chronic"].to_numpy(float)
    upper = params.ratio_amber * daily["capacity"].to_numpy(float) * chronic
    lower = np.minimum(params.ratio_low * chronic, upper)
    return lower, upper


def load_strength(
    daily: pd.DataFrame,
    sessions: pd.Series,
    params: Params,
    units: Units,
    start: dt.date | None = None,
) -> go.Figure:
    """Daily hamstring load as bars, acute and chronic load as lines, the capacity-adjusted
    safe band shaded, amber and red days marked apart (their reasons on hover), and the
    strength index on a second axis.
    Injury lay-offs are shaded (the weeks back after them lightly) with a marker on each.

    ``sessions`` holds each day's sessions in words (hover); ``start`` trims the range.
    """
    d = _known(daily, start)
    x = pd.DatetimeIndex(d.index)
    days = day_strings(x)
    lower, upper = safe_band(d, params)
    hel = d["hel_run"].to_numpy(float)
    km = np.round(d["km"].to_numpy(float) / (vocab.KM_PER_MILE if units == "mi" else 1), 1)
    text = [str(sessions.get(day, "rest")) for day in x]
    bands = d["band"].to_numpy(object)
    why = reason_texts(d, params, units)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(
            x=days,
            y=lower,
            mode="lines",
            line={"width": 0},
            name="Safe band (low)",
            showlegend=False,
            hoverinfo="skip",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Scatter(
            x=days,
            y=upper,
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=SAFE_FILL,
            name=f"Safe band (acute load for ratio < {params.ratio_amber:g})",
            hovertemplate="safe up to %{y:.1f} HEL<extra></extra>",
        ),
        secondary_y=False,
    )
    fig.add_trace(
        go.Bar(
            x=days,
            y=hel,
            name="Hamstring load (HEL)",
            marker_color=HEL_COLOUR,
            opacity=0.55,
            customdata=np.column_stack([text, km, [band_label(b) for b in bands], why.astype(str)]),
            hovertemplate=(
                "%{y:.1f} HEL, %{customdata[1]} " + units + " · %{customdata[2]}"
                "<br>%{customdata[0]}<br>%{customdata[3]}<extra></extra>"
            ),
        ),
        secondary_y=False,
    )
    for col, name, colour in (
        ("acute", "Acute load (7-day)", ACUTE_COLOUR),
        ("chronic", "Chronic load (28-day)", CHRONIC_COLOUR),
    ):
        fig.add_trace(
            go.Scatter(
                x=days,
                y=d[col].to_numpy(float),
                mode="lines",
                name=name,
                line={"color": colour, "width": 2},
                hovertemplate="%{y:.1f}<extra>" + name + "</extra>",
            ),
            secondary_y=False,
        )
    top = float(np.nanmax(np.r_[hel, upper, d["acute"].to_numpy(float), 1.0]))
    for band, (name, symbol, size) in FLAG_MARKS.items():
        flagged = bands == band
        fig.add_trace(
            go.Scatter(
                x=days[flagged],
                y=np.full(int(flagged.sum()), top * 1.05),
                mode="markers",
                name=name,
                showlegend=bool(flagged.any()),
                marker={"symbol": symbol, "size": size, "color": BAND_COLOURS[band]},
                customdata=why[flagged],
                # The day's bar says why; a marker in the unified hover would also show
                # beside a neighbouring day.
                hoverinfo="skip",
            ),
            secondary_y=False,
        )
    fig.add_trace(
        go.Scatter(
            x=days,
            y=d["si"].to_numpy(float),
            mode="lines",
            name="Strength index (right)",
            line={"color": STRENGTH_COLOUR, "width": 2, "dash": "dot"},
            hovertemplate="%{y:.0f} % of baseline<extra>strength</extra>",
        ),
        secondary_y=True,
    )
    marks = injury_markers(d, top * 1.12)
    if marks is not None:
        fig.add_trace(marks, secondary_y=False)
    fig.update_layout(**_LAYOUT, barmode="overlay", height=460, shapes=injury_shapes(d))
    fig.update_xaxes(**date_axis(x))
    fig.update_yaxes(title_text="Hamstring load (HEL a day)", rangemode="tozero", secondary_y=False)
    # Keep 100 (the baseline) in view so a flat index does not look like a swing.
    si = d["si"].to_numpy(float)
    known_si = si[np.isfinite(si)]
    lo = float(min(known_si.min(initial=100.0), 100.0))
    hi = float(max(known_si.max(initial=100.0), 100.0))
    fig.update_yaxes(
        title_text="Strength index (% of baseline)",
        secondary_y=True,
        showgrid=False,
        range=[min(lo - 10, 80.0), max(hi + 10, 120.0)],
        tickformat=".0f",
    )
    return _grid(fig)


#: The longest span the calendar shows day by day; longer, it shows one cell a week.
CALENDAR_DAILY_WEEKS: Final = 53
#: Zero is a pale grey and any load above it at least a visible blue, so a light day in a
#: long sparse history does not vanish into the background.
_HEAT_SCALE: Final = [[0.0, "#f1f3f5"], [1e-6, "#c5d5f5"], [1.0, "#1c3f94"]]
#: Where each month starts on an axis of ISO week numbers (near enough for ticks).
_MONTH_WEEKS: Final = (1, 5, 9, 14, 18, 22, 27, 31, 36, 40, 44, 49)


def calendar_heatmap(daily: pd.DataFrame, value: str, units: Units) -> go.Figure:
    """A calendar of ``value`` ("hel_run" or "km"): up to :data:`CALENDAR_DAILY_WEEKS`
    weeks, one cell a day (one column per week, Monday first, one row per weekday);
    longer, one cell a week holding its total (one row per year, one column per ISO week),
    so years of history stay readable. Hover gives the date, the value and the band."""
    d = _known(daily)
    x = pd.DatetimeIndex(d.index)
    if len(x) == 0:
        return go.Figure(layout={"height": 260, **_LAYOUT})
    values = d[value].to_numpy(float)
    label = "HEL" if value == "hel_run" else units
    if value != "hel_run":
        values = np.array([vocab.km_to(v, units) for v in values])
    monday = x - pd.to_timedelta(x.day_of_week.to_numpy(), unit="D")
    if len(set(monday)) > CALENDAR_DAILY_WEEKS:
        return _weekly_calendar(monday, values, label)
    weekday = x.day_of_week.to_numpy()
    weeks = pd.DatetimeIndex(sorted(set(monday)))
    col = weeks.get_indexer(monday)
    z = np.full((7, len(weeks)), np.nan)
    z[weekday, col] = values
    dates = np.full((7, len(weeks)), "", dtype=object)
    dates[weekday, col] = [f"{t:%a %d %b %Y}" for t in x]
    bands = np.full((7, len(weeks)), "", dtype=object)
    bands[weekday, col] = [band_label(b) for b in d["band"]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=weeks,
            y=list(WEEKDAYS),
            colorscale=_HEAT_SCALE,
            zmin=0,
            xgap=1,
            ygap=1,
            customdata=np.dstack([dates, bands]),
            colorbar={"title": {"text": label}, "thickness": 12},
            hovertemplate="%{customdata[0]}: %{z:.1f} "
            + label
            + " · %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(**{**_LAYOUT, "hovermode": "closest"}, height=280)
    fig.update_xaxes(**date_axis(weeks, width=7 * _DAY))
    fig.update_yaxes(autorange="reversed")
    return fig


def _weekly_calendar(monday: pd.DatetimeIndex, values: np.ndarray, label: str) -> go.Figure:
    """One cell per week (the week's total), one row per ISO year, one column per ISO
    week (1-53); weeks outside the log are blank."""
    totals = pd.Series(values, index=monday).groupby(level=0).sum()
    starts = pd.DatetimeIndex(totals.index)
    iso = starts.isocalendar()
    years = sorted(set(iso["year"].astype(int)))
    row = np.searchsorted(years, iso["year"].to_numpy(int))
    col = iso["week"].to_numpy(int) - 1
    z = np.full((len(years), 53), np.nan)
    z[row, col] = totals.to_numpy(float)
    dates = np.full((len(years), 53), "", dtype=object)
    dates[row, col] = [f"Week of {t:%a %d %b %Y}" for t in starts]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(1, 54)),
            y=[str(y) for y in years],
            colorscale=_HEAT_SCALE,
            zmin=0,
            xgap=1,
            ygap=1,
            customdata=dates,
            colorbar={"title": {"text": f"{label} a week"}, "thickness": 12},
            hovertemplate="%{customdata}: %{z:.1f} " + label + "<extra></extra>",
        )
    )
    fig.update_layout(**{**_LAYOUT, "hovermode": "closest"}, height=max(200, 60 + 24 * len(years)))
    fig.update_xaxes(
        tickvals=list(_MONTH_WEEKS),
        ticktext=[f"{dt.date(2001, m, 1):%b}" for m in range(1, 13)],
        range=[0.5, 53.5],
        showgrid=False,
    )
    fig.update_yaxes(autorange="reversed", type="category")
    return fig


def soreness_chart(daily: pd.DataFrame, fit: SorenessFit, params: Params) -> go.Figure:
    """Predicted soreness (a line) against reported soreness (dots), the sorest days
    marked, the runner's usual soreness and the warning level."""
    d = _known(daily)
    x = pd.DatetimeIndex(d.index)
    days = day_strings(x)
    reported = d["soreness_reported"]
    sore = sorest_days(reported)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=days,
            y=reported.to_numpy(float),
            mode="markers",
            name="Reported",
            marker={"color": "#495057", "size": 5},
            hovertemplate="%{y:.0f}/10<extra>reported</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=days,
            y=d["soreness_predicted"].to_numpy(float),
            mode="lines",
            name="Predicted",
            line={"color": ACUTE_COLOUR, "width": 2},
            hovertemplate="%{y:.1f}/10<extra>predicted</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=sore,
            y=reported.reindex(sore).to_numpy(float),
            mode="markers",
            name="Sorest days",
            marker={
                "color": BAND_COLOURS["red"],
                "size": 9,
                "symbol": "circle-open",
                "line": {"width": 2},
            },
            hoverinfo="skip",
        )
    )
    if fit.baseline is not None:
        fig.add_hline(
            y=fit.baseline,
            line={"dash": "dot", "color": "#868e96"},
            annotation_text=f"your usual {fit.baseline:.1f}",
            annotation_position="top left",
        )
    fig.add_hline(
        y=params.sore_predicted,
        line={"dash": "dash", "color": BAND_COLOURS["amber"]},
        annotation_text=f"warning {params.sore_predicted:g}",
        annotation_position="top right",
    )
    fig.update_layout(**_LAYOUT, height=380)
    fig.update_xaxes(**date_axis(x))
    fig.update_yaxes(title_text="Hamstring soreness (0–10)", range=[-0.3, 10.3])
    return _grid(fig)


def plan_chart(
    answer: PlanAnswer, today: dt.date, params: Params, days_before: int = 21
) -> go.Figure:
    """The projected days around a planned session, with and without it: daily HEL and
    acute load on top, the load-to-capacity ratio below with the amber and red lines.

    Built in one go (two stacked axes sharing x) rather than with ``make_subplots`` and
    ``add_hline``: it is drawn after every planner question, so its cost counts.
    """
    start = pd.Timestamp(today - dt.timedelta(days=days_before))
    with_s = _known(answer.with_session, start.date())
    without = _known(answer.without_session, start.date())
    x = pd.DatetimeIndex(with_s.index)
    day = pd.Timestamp(answer.session.date)
    colours = [
        ACUTE_COLOUR if t == day else ("#adb5bd" if t > pd.Timestamp(today) else HEL_COLOUR)
        for t in x
    ]
    traces: list[go.Bar | go.Scatter] = [
        go.Bar(
            x=x,
            y=with_s["hel_run"].to_numpy(float),
            name="Daily load (HEL)",
            marker_color=colours,
            opacity=0.7,
            hovertemplate="%{y:.1f} HEL<extra>that day</extra>",
        )
    ]
    for frame, name, dash in (
        (with_s, "with the session", "solid"),
        (without, "without it", "dot"),
    ):
        fx = pd.DatetimeIndex(frame.index)
        traces.append(
            go.Scatter(
                x=fx,
                y=frame["acute"].to_numpy(float),
                mode="lines",
                name=f"Acute load {name}",
                line={"color": ACUTE_COLOUR, "dash": dash, "width": 2},
                hovertemplate="%{y:.1f}<extra>acute " + name + "</extra>",
            )
        )
        traces.append(
            go.Scatter(
                x=fx,
                y=frame["ratio"].to_numpy(float),
                xaxis="x2",
                yaxis="y2",
                mode="lines",
                name=f"Load ÷ capacity {name}",
                line={"color": CHRONIC_COLOUR, "dash": dash, "width": 2},
                hovertemplate="%{y:.2f}<extra>ratio " + name + "</extra>",
            )
        )
    shapes: list[dict[str, object]] = []
    notes: list[dict[str, object]] = []
    for level, band in ((params.ratio_amber, "amber"), (params.ratio_red, "red")):
        line, label = _level(level, band, "y2")
        shapes.append(line)
        notes.append(label)
    marks: tuple[tuple[pd.Timestamp, dict[str, object]], ...] = (
        (day, {"color": ACUTE_COLOUR, "width": 1}),
        (pd.Timestamp(today), {"color": "#868e96", "dash": "dot", "width": 1}),
    )
    for when, style in marks:
        shapes.append(
            {"type": "line", "xref": "x", "x0": when, "x1": when, "yref": "paper",
             "y0": 0, "y1": 1, "line": style}
        )  # fmt: skip
    layout = {
        **_LAYOUT,
        "height": 480,
        "barmode": "overlay",
        "shapes": shapes,
        "annotations": notes,
        "xaxis": {"anchor": "y", "matches": "x2", "showticklabels": False, "type": "date"},
        "xaxis2": {"anchor": "y2", **date_axis(x)},
        "yaxis": {"domain": [0.5, 1.0], "title": {"text": "HEL a day"}, "rangemode": "tozero"},
        "yaxis2": {
            "domain": [0.0, 0.42],
            "title": {"text": "Load ÷ capacity"},
            "rangemode": "tozero",
        },
    }
    return _grid(go.Figure(data=traces, layout=layout))


def _level(
    level: float, band: str, yref: str, below: bool = False
) -> tuple[dict[str, object], dict[str, object]]:
    """A dashed horizontal line across the plot at ``level`` on axis ``yref``, and its
    label at the right end, above the line (``below``: under it)."""
    line = {
        "type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": yref, "y0": level,
        "y1": level, "line": {"dash": "dash", "color": BAND_COLOURS[band]},
    }  # fmt: skip
    label = {
        "xref": "paper", "x": 1, "xanchor": "right", "yref": yref, "y": level,
        "yanchor": "top" if below else "bottom", "text": f"{band} {level:g}",
        "showarrow": False,
        "font": {"size": 11, "color": "#868e96"},
    }  # fmt: skip
    return line, label


def recent_days(
    daily: pd.DataFrame, on: dt.date, params: Params, days: int = 28, units: Units = "km"
) -> go.Figure:
    """The last ``days`` days to ``on`` in two panels on one date axis: daily HEL as bars
    in their day's colour (one legend entry per colour shown, amber and red days' reasons
    on hover); below, the load-to-capacity ratio on its own axis with its amber and red
    lines, so a threshold never reads as a level of the load bars. Lay-offs shaded."""
    start = pd.Timestamp(on) - pd.Timedelta(days=days - 1)
    d = _known(daily)
    d = d[(d.index >= start) & (d.index <= pd.Timestamp(on))]
    x = pd.DatetimeIndex(d.index)
    bands = d["band"].to_numpy(object)
    hel = d["hel_run"].to_numpy(float)
    ratios = d["ratio"].to_numpy(float)
    why = reason_texts(d, params, units)
    labels = np.array([band_label(b) for b in bands], dtype=object)
    # One trace for every bar, so hovering a day shows that day only; the legend gets a
    # key per colour shown instead (a many-coloured trace's legend shows one colour).
    traces: list[go.Bar | go.Scatter] = [
        go.Bar(
            x=x,
            y=hel,
            name="Hamstring load (HEL)",
            showlegend=False,
            marker_color=[BAND_COLOURS.get(b, HEL_COLOUR) for b in bands],
            customdata=np.column_stack([labels, why]) if len(x) else None,
            hovertemplate="%{y:.1f} HEL · %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    ]
    for band in (*BAND_ORDER, *sorted(set(bands) - set(BAND_ORDER))):
        if band in set(bands):
            traces.append(
                go.Bar(
                    x=[None],
                    y=[None],
                    name=f"{band_label(band)} day",
                    marker_color=BAND_COLOURS.get(band, HEL_COLOUR),
                    hoverinfo="skip",
                )
            )
    traces.append(
        go.Scatter(
            x=x,
            y=ratios,
            xaxis="x2",
            yaxis="y2",
            mode="lines+markers",
            name="Load ÷ capacity",
            line={"color": CHRONIC_COLOUR},
            marker={"size": 4},
            hovertemplate="%{y:.2f}<extra>load ÷ capacity</extra>",
        )
    )
    marks = injury_markers(d, float(np.nanmax(np.r_[hel, 1.0])) * 1.1)
    if marks is not None:
        traces.append(marks)
    shapes: list[dict[str, object]] = []
    notes: list[dict[str, object]] = []
    for level, level_band in ((params.ratio_amber, "amber"), (params.ratio_red, "red")):
        # Amber's label under its line, red's over it: they never overlap.
        line, note = _level(level, level_band, "y2", below=level_band == "amber")
        shapes.append(line)
        notes.append(note)
    top = max(float(np.nanmax(ratios, initial=0.0)), params.ratio_red) * 1.15
    axis = date_axis(x, last=pd.Timestamp(on), min_days=max(days, MIN_AXIS_DAYS))
    layout = {
        **_LAYOUT,
        "height": 380,
        "barmode": "overlay",
        "legend": {**_LEGEND, "itemclick": False, "itemdoubleclick": False},
        "shapes": [*shapes, *injury_shapes(d)],
        "annotations": notes,
        "xaxis": {**axis, "anchor": "y", "matches": "x2", "showticklabels": False},
        "xaxis2": {**axis, "anchor": "y2"},
        "yaxis": {
            "domain": [0.42, 1.0],
            "title": {"text": "HEL a day"},
            "rangemode": "tozero",
        },
        "yaxis2": {
            "domain": [0.0, 0.32],
            "title": {"text": "Load ÷ capacity"},
            "range": [0, top],
            "tickformat": ".1f",
        },
    }
    return _grid(go.Figure(data=traces, layout=layout))


def settings_preview(
    current: pd.DataFrame,
    edited: pd.DataFrame,
    on: dt.date,
    edited_params: Params,
    days: int = 84,
) -> go.Figure:
    """The load-to-capacity ratio of the last ``days`` days with the saved settings and
    with the edited ones, and the edited amber and red lines."""
    start = pd.Timestamp(on) - pd.Timedelta(days=days - 1)
    fig = go.Figure()
    for frame, name, dash in (
        (current, "saved settings", "dot"),
        (edited, "edited settings", "solid"),
    ):
        d = _known(frame)
        d = d[(d.index >= start) & (d.index <= pd.Timestamp(on))]
        fig.add_trace(
            go.Scatter(
                x=pd.DatetimeIndex(d.index),
                y=d["ratio"].to_numpy(float),
                mode="lines",
                name=f"Load ÷ capacity, {name}",
                line={
                    "color": CHRONIC_COLOUR if dash == "dot" else ACUTE_COLOUR,
                    "dash": dash,
                    "width": 2,
                },
                hovertemplate="%{y:.2f}<extra>" + name + "</extra>",
            )
        )
    for level, band in ((edited_params.ratio_amber, "amber"), (edited_params.ratio_red, "red")):
        fig.add_hline(
            y=level,
            line={"dash": "dash", "color": BAND_COLOURS[band]},
            annotation_text=f"{band} {level:g}",
        )
    fig.update_layout(**_LAYOUT, height=320)
    fig.update_xaxes(
        **date_axis(
            pd.DatetimeIndex([]),
            last=pd.Timestamp(on),
            min_days=max(days - 1, MIN_AXIS_DAYS),
            width=pd.Timedelta(0),
        )
    )
    fig.update_yaxes(title_text="Load ÷ capacity", rangemode="tozero")
    return _grid(fig)
