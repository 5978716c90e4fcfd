"""Model settings: every constant of the model with its meaning and source, editable per
runner, with a live preview of today's verdict."""

from __future__ import annotations

from typing import Any

import streamlit as st

from risk import analysis, charts, ui, views
from risk.model import DEFAULT, InvalidParams, Params, describe, reasons
from risk.model.daily import row_at
from risk.model.params import GROUPS
from risk.store import InvalidEntry

engine = ui.engine()
athlete = ui.current_athlete()
athlete_id = athlete.id or 0
today = ui.today()

st.title("Model settings")
ui.show_flash()
st.caption(
    f"{athlete.name}'s settings. Each one says what it means and where its default comes "
    "from; most are our own defaults and worth tuning only with a reason. Changes preview "
    "below before you save them."
)
try:
    saved = analysis.params_for(athlete)
except InvalidEntry as exc:
    st.error("Your saved settings cannot be used:\n" + "\n".join(f"- {m}" for m in exc.messages))
    if st.button("Reset to defaults", key="reset_broken"):
        ui.save(
            lambda: analysis.save_params(engine, athlete_id, {}, viewer=ui.viewer()),
            "Settings reset.",
        )
        st.rerun()
    st.stop()
log = ui.runner_log(athlete_id)
prefix = f"param_{athlete_id}_"
edited: dict[str, Any] = {}
problems: list[str] = []
infos = {info.name: info for info in describe(saved)}
# A group's inputs are drawn only while it is open (hundreds of inputs slowed every visit
# to this page, and the next one); what was typed in a closed group is kept here.
typed: dict[str, Any] = st.session_state.setdefault(prefix + "typed", {})


def _shown(name: str) -> Any:
    """What the input of ``name`` holds: as typed (even in a closed group), else saved."""
    info = infos[name]
    if name in typed:
        return typed[name]
    if name == "kernel":
        return views.kernel_text(info.value)
    return int(info.value) if info.integer else float(info.value)


for number, (group, names) in enumerate(GROUPS.items()):
    changed = sum(1 for n in names if infos[n].value != infos[n].default)
    title = f"{group} ({changed} changed)" if changed else group
    box = st.expander(title, key=f"{prefix}group_{number}", on_change="rerun")
    if box.open:
        with box:
            for name in names:
                info = infos[name]
                left, right = st.columns([3, 2])
                help_text = f"`{name}` · allowed {info.min:g} to {info.max:g}"
                if name == "kernel":
                    typed[name] = left.text_input(
                        info.meaning, value=_shown(name), key=prefix + name, help=help_text
                    )
                else:
                    step, fmt = views.param_step(info)
                    typed[name] = left.number_input(
                        info.meaning,
                        value=_shown(name),
                        step=int(step) if info.integer else step,
                        format=fmt,
                        key=prefix + name,
                        help=help_text,
                    )
                right.caption(
                    f"Source: {info.source}. Default {views.setting_value(info.default)}."
                )
    for name in names:
        value = _shown(name)
        if name == "kernel":
            try:
                edited[name] = views.parse_kernel(value)
            except ValueError as exc:
                problems.append(str(exc))
        elif value is None:
            problems.append(f"{name}: give a value")
        else:
            edited[name] = value

candidate: Params | None = None
if not problems:
    try:
        candidate = DEFAULT.with_overrides(edited)
    except InvalidParams as exc:
        problems.extend(exc.messages)

st.subheader("Preview: today with these settings")
if problems:
    st.error(
        "These settings cannot be used (nothing is saved):\n"
        + "\n".join(f"- {views.setting_problem(m, DEFAULT)}" for m in problems)
    )
else:
    assert candidate is not None
    result = ui.assessment(athlete_id)
    if not ui.has_log(result):
        st.info("Log some training to preview the settings on your own days.")
    else:
        # Unchanged settings: the cached assessment is the preview.
        preview = (
            result if candidate == saved else analysis.assess_runner(log, today, params=candidate)
        )
        before, after = result.verdict, preview.verdict
        c1, c2 = st.columns(2)
        c1.metric(
            "Saved settings",
            views.band_label(before.band),
            f"ratio {views.number(before.load_capacity_ratio)}",
            delta_color="off",
        )
        c2.metric(
            "Edited settings",
            views.band_label(after.band),
            f"ratio {views.number(after.load_capacity_ratio)}",
            delta_color="off",
        )
        row = row_at(preview.daily, today)
        why = reasons(row, candidate, ui.units()) if row is not None else []
        if why:
            st.markdown("\n".join(f"- {r.message}" for r in why))
        st.plotly_chart(
            charts.settings_preview(result.daily, preview.daily, today, candidate),
            config={"displayModeBar": False},
            key="settings_chart",
        )
    differs = candidate.overrides()
    if differs:
        st.caption(
            "Different from the defaults: "
            + ", ".join(f"`{k}` = {views.setting_value(getattr(candidate, k))}" for k in differs)
        )


def _store(values: dict[str, Any], message: str) -> None:
    """Save ``values`` as the runner's settings; on success forget the inputs and rerun."""
    if (
        ui.save(
            lambda: analysis.save_params(engine, athlete_id, values, viewer=ui.viewer()), message
        )
        is not None
    ):
        ui.fresh_form(prefix)


if not ui.can_write(athlete_id):  # a coach reading: the preview, not the save buttons
    st.caption(views.read_only_line(athlete.name))
    ui.honest_line()
    st.stop()
b1, b2 = st.columns(2)
unsaved = candidate is not None and candidate != saved
if b1.button("Save settings", type="primary", disabled=bool(problems) or not unsaved):
    assert candidate is not None
    overrides = candidate.overrides()
    _store(overrides, f"Saved: {len(overrides)} settings differ from the defaults.")
if b2.button("Reset to defaults", disabled=saved == DEFAULT and not unsaved):
    _store({}, "Settings reset to the defaults.")
ui.honest_line()
