"""An editable table of stored entries for the History and Calendar pages.

Shows an athlete's entries in ``st.data_editor`` in the runner's units, finds the
cells the runner changed, validates and saves them all at once (or none), and
deletes ticked rows only after an explicit confirmation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st

from risk import entries, formats, ui, vocab
from risk.store import writes

Kind = Literal["date", "text", "int", "float", "distance", "pace", "clock", "choice", "bool"]
DELETE = "Delete"


@dataclass(frozen=True)
class Col:
    """One column of an entry table: the stored field, its label and how it is edited."""

    field: str
    label: str
    kind: Kind
    options: dict[str, str] | None = None
    editable: bool = True
    help: str | None = None


#: The columns each kind of entry is edited with (History, Calendar).
RUN_COLS: list[Col] = [
    Col("date", "Date", "date"),
    Col("type", "Type", "choice", vocab.ACTIVITY_TYPES),
    Col("distance_km", "Distance", "distance"),
    Col("duration_min", "Duration", "clock", help="h:mm:ss (or minutes)"),
    Col("avg_pace_s_per_km", "Pace", "pace", editable=False, help="Average pace of the run"),
    Col("rpe", "RPE", "int", help="Effort 1-10"),
    Col("fast_km", "Fast", "distance", help="At 80 % or more of max sprint speed"),
    Col("strides", "Strides", "int"),
    Col("reps", "Reps", "int", help="Hard repetitions (1-200); give reps, rep distance and pace"),
    Col("rep_km", "Rep distance", "distance", help="Distance of one rep"),
    Col("rep_pace_s_per_km", "Rep pace", "pace", help="mm:ss; fast km if ≥ 80 % of max speed"),
    Col("notes", "Notes", "text"),
    Col("source", "Source", "text", editable=False),
]
SESSION_COLS: list[Col] = [
    Col("date", "Date", "date"),
    Col("rpe", "RPE", "int"),
    Col("notes", "Notes", "text"),
]
SET_COLS: list[Col] = [
    Col("date", "Session date", "date", editable=False),
    Col("exercise", "Exercise", "text", help="nordic, single_leg_bridge, rdl or any name"),
    Col("sets", "Sets", "int"),
    Col("reps", "Reps", "int"),
    Col("load_kg", "Load (kg)", "float"),
    Col("assisted", "Assisted", "bool"),
]
CHECKIN_COLS: list[Col] = [
    Col("date", "Date", "date"),
    Col("soreness_left", "Left soreness", "int", help="0-10"),
    Col("soreness_right", "Right soreness", "int", help="0-10"),
    *[Col(k, v, "int", help="1-5") for k, v in vocab.WELLNESS_ITEMS.items()],
    Col("resting_hr", "Resting HR", "int", help="bpm, 25-120"),
    Col("notes", "Notes", "text"),
]
INJURY_COLS: list[Col] = [
    Col("date", "Date", "date"),
    Col("site", "Site", "choice", vocab.INJURY_SITES),
    Col("side", "Side", "choice", vocab.INJURY_SIDES),
    Col("severity", "Severity", "choice", vocab.INJURY_SEVERITIES),
    Col("description", "What happened", "text"),
    Col("return_date", "Back on", "date"),
]
PLAN_COLS: list[Col] = [
    Col("date", "Date", "date"),
    Col("type", "Type", "choice", vocab.ACTIVITY_TYPES),
    Col("distance_km", "Distance", "distance"),
    Col("fast_km", "Fast", "distance"),
    Col("strides", "Strides", "int"),
    Col("notes", "Notes", "text"),
]


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _to_display(series: pd.Series, col: Col, units: vocab.Units) -> pd.Series:
    if col.kind == "date":
        return pd.Series(
            [None if _is_missing(v) else pd.Timestamp(v).date() for v in series],
            index=series.index,
            dtype=object,
        )
    if col.kind == "distance":
        return series.astype("float64").map(lambda v: round(vocab.km_to(v, units), 2))
    if col.kind == "pace":  # seconds per km shown as mm:ss per the runner's unit
        return series.map(
            lambda v: (
                ""
                if _is_missing(v)
                else formats.format_clock(formats.pace_per_unit(float(v), units))
            )
        )
    if col.kind == "clock":  # minutes shown as h:mm:ss
        return series.map(entries.clock_or_blank)
    if col.kind == "choice" and col.options is not None:
        opts = col.options
        return series.map(lambda v: opts.get(v, v) if isinstance(v, str) else v)
    if col.kind == "text":
        return series.map(lambda v: "" if _is_missing(v) else str(v))
    return series


def _from_display(value: Any, col: Col, units: vocab.Units) -> Any:
    if _is_missing(value) or (isinstance(value, str) and not value.strip() and col.kind != "text"):
        return None
    if col.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        return pd.Timestamp(value).date() if not isinstance(value, dt.date) else value
    if col.kind == "distance":
        return vocab.to_km(float(value), units)
    if col.kind == "pace":
        try:
            return formats.parse_pace(str(value), units)
        except ValueError:
            return str(value)  # refused by validation with the field's own message
    if col.kind == "clock":
        try:
            return formats.parse_clock(str(value)) / 60.0
        except ValueError:
            return str(value)  # refused by validation with the field's own message
    if col.kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(a: Any, b: Any) -> bool:
    if _is_missing(a) and _is_missing(b):
        return True
    if _is_missing(a) or _is_missing(b):
        return False
    if isinstance(a, float | int) and isinstance(b, float | int):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        try:
            return pd.Timestamp(a).date() == pd.Timestamp(b).date()
        except (ValueError, TypeError):
            return False
    return bool(a == b)


def _column_config(col: Col, units: vocab.Units) -> Any:
    cc = st.column_config
    label = f"{col.label} ({units})" if col.kind == "distance" else col.label
    if col.kind == "pace":
        label = f"{col.label} (per {units})"
    if col.kind == "date":
        return cc.DateColumn(label, format="YYYY-MM-DD", help=col.help)
    if col.kind == "distance":
        return cc.NumberColumn(label, format="%.2f", help=col.help)
    if col.kind == "float":
        return cc.NumberColumn(label, format="%.1f", help=col.help)
    if col.kind in ("pace", "clock"):
        return cc.TextColumn(label, help=col.help)
    if col.kind == "int":
        return cc.NumberColumn(label, format="%d", step=1, help=col.help)
    if col.kind == "choice" and col.options is not None:
        return cc.SelectboxColumn(
            label, options=list(col.options.values()), help=col.help, width="medium"
        )
    if col.kind == "bool":
        return cc.CheckboxColumn(label, help=col.help)
    return cc.TextColumn(label, help=col.help)


def pending_changes(
    shown: pd.DataFrame,
    edited: pd.DataFrame,
    ids: pd.Series,
    cols: list[Col],
    units: vocab.Units,
    rows: Iterable[int] | None = None,
) -> dict[int, dict[str, Any]]:
    """The cells the runner changed, as ``{entry id: {field: stored value}}``, looking at
    the row positions ``rows`` only (those the editor reports edited; default: all)."""
    changes: dict[int, dict[str, Any]] = {}
    id_list = [int(x) for x in ids.tolist()]
    for pos in range(len(shown)) if rows is None else sorted(rows):
        for col in cols:
            if not col.editable:
                continue
            before, after = shown[col.label].iat[pos], edited[col.label].iat[pos]
            if not _same(before, after):
                entry = changes.setdefault(id_list[pos], {})
                entry[col.field] = _from_display(after, col, units)
    return changes


def _edited_rows(key: str) -> list[int] | None:
    """The row positions the data editor ``key`` reports edited (None: it does not say,
    so every row is compared). Comparing every cell of a long period took most of a
    History page view."""
    state = st.session_state.get(key)
    edited = state.get("edited_rows") if isinstance(state, dict) else None
    if not isinstance(edited, dict):
        return None
    return [int(pos) for pos in edited]


def entry_editor(
    kind: str,
    noun: str,
    athlete_id: int,
    df: pd.DataFrame,
    cols: list[Col],
    *,
    newest_first: bool = True,
    scope: str = "",
) -> None:
    """Show ``df`` (stored entries of ``kind``) as an editable table with save and delete.

    ``scope`` sets the widgets apart when the same kind is edited for different rows on
    one page (the Calendar's chosen day): edits made for one day never carry to another.
    """
    units = ui.units()
    if df.empty:
        st.info(f"No {noun}s in this period. Log one on the Log page.")
        return
    kind_key = f"{kind}{scope}"
    df = df.sort_values(["date", "id"], ascending=not newest_first).reset_index(drop=True)
    shown = pd.DataFrame({c.label: _to_display(df[c.field], c, units) for c in cols})
    if not ui.can_write(athlete_id):  # a coach not allowed to edit: the rows to read
        config = {c.label: _column_config(c, units) for c in cols}
        st.dataframe(shown, column_config=config, hide_index=True, width="stretch")
        return
    shown[DELETE] = False
    version = st.session_state.setdefault(f"editor_version_{kind_key}", 0)
    editor_key = f"editor_{kind_key}_{version}"
    config = {c.label: _column_config(c, units) for c in cols}
    config[DELETE] = st.column_config.CheckboxColumn(DELETE, help="Tick, then confirm below")
    edited = st.data_editor(
        shown,
        column_config=config,
        disabled=[c.label for c in cols if not c.editable],
        hide_index=True,
        num_rows="fixed",
        width="stretch",
        column_order=[DELETE, *(c.label for c in cols)],  # Delete in sight without scrolling
        placeholder="",  # an empty cell reads empty, not "None"
        key=editor_key,
    )
    changes = pending_changes(shown, edited, df["id"], cols, units, _edited_rows(editor_key))
    doomed = [int(i) for i, d in zip(df["id"], edited[DELETE], strict=True) if bool(d)]

    def reset() -> None:
        st.session_state[f"editor_version_{kind_key}"] = version + 1

    engine = ui.engine()
    if changes:
        c1, c2 = st.columns([3, 1])
        c1.info(f"{len(changes)} edited {noun}(s) not saved yet.")
        if c2.button("Save changes", key=f"save_{kind_key}", type="primary"):
            done = ui.save(
                lambda: writes.update_entries(
                    engine, kind, athlete_id, changes, units=units, viewer=ui.viewer()
                ),
                lambda n: f"Saved changes to {n} {noun}(s).",
            )
            if done is not None:
                reset()
                st.rerun()
        if c2.button("Discard", key=f"discard_{kind_key}"):
            reset()
            st.rerun()
    if doomed:
        c1, c2 = st.columns([3, 1])
        c1.warning(f"Delete {len(doomed)} {noun}(s)? This cannot be undone.")
        if c2.button(f"Yes, delete {len(doomed)}", key=f"delete_{kind_key}", type="primary"):
            done = ui.save(
                lambda: writes.delete_entries(engine, kind, athlete_id, doomed, viewer=ui.viewer()),
                lambda n: f"Deleted {n} {noun}(s).",
            )
            if done is not None:
                reset()
                st.rerun()
