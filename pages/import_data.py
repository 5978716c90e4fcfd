"""Import runs from watches, Strava and spreadsheets: preview, confirm, summary."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from risk import ui, vocab
from risk.formats import capped
from risk.ingest import csvlog, local, pipeline
from risk.ingest.activity import Rejected
from risk.ingest.csvlog import CsvOptions
from risk.ingest.sources import Limits, Source, from_upload
from risk.store import InvalidEntry

#: More columns than any run log has: a CSV like this is not offered for matching.
MAX_COLUMNS = 200

engine = ui.engine()
athlete = ui.current_athlete()
athlete_id = athlete.id or 0
u = ui.units()

st.title("Import")
st.caption(
    "FIT files from any watch, GPX and TCX tracks, your whole Strava export (the zip), or a "
    "CSV log. Nothing is written until you confirm; importing the same files again adds "
    "nothing."
)
ui.show_flash()
done = st.session_state.pop("import_done", None)
if done is not None:
    headline, notes = done
    st.success(headline)
    if notes:
        with st.expander(f"{len(notes)} notes"):
            st.markdown("\n".join(f"- {d}" for d in notes))
if ui.read_only(athlete):
    st.stop()

# Paths on the server's disk only for a start on this machine for one person (never hosted).
paths_allowed = ui.local_paths_allowed()
tabs = st.tabs(
    ["Files or a zip", "A folder"]
    + (["From this computer"] if paths_allowed else [])
    + ["Where are my files?"]
)
files_tab, folder_tab, help_tab = tabs[0], tabs[1], tabs[-1]
with files_tab:
    picked = st.file_uploader(
        "Drag files or a zip here",
        type=["fit", "gpx", "tcx", "csv", "zip", "gz"],
        accept_multiple_files=True,
        key="import_files",
    )
with folder_tab:
    folder = st.file_uploader(
        "Choose a folder (every FIT, GPX, TCX and CSV file in it)",
        accept_multiple_files="directory",
        key="import_folder",
    )
on_disk: list[Source | tuple[str, str]] = []
waiting = False  # files listed on this computer, not read yet
if paths_allowed:
    with tabs[2]:
        typed = st.text_input(
            "A file or folder on this computer",
            key="import_path",
            placeholder="/home/me/Downloads/export_12345.zip",
            help="For exports too big to upload. Only offered when Eccentric runs on this "
            "machine for you alone (address 127.0.0.1, no sign-in).",
        ).strip()
        found = local.gather(typed) if typed else []
        files = [s for s in found if isinstance(s, Source)]
        if st.session_state.get("import_path_read") == typed and files:
            on_disk = found
        elif found and not files:  # nothing to read: say why in one line
            name, reason = next(s for s in found if isinstance(s, tuple))
            st.warning(capped(f"{name}: {reason}"))
        elif files:  # names only until the runner asks: nothing is read before
            waiting = True
            skipped = len(found) - len(files)
            st.caption(
                f"{len(files)} file{'s' if len(files) != 1 else ''} to read"
                + (f", {skipped} refused (listed after reading)" if skipped else "")
                + "."
            )
            if st.button(
                f"Read {len(files)} file{'s' if len(files) != 1 else ''}",
                key="import_path_go",
                type="primary",
            ):
                st.session_state["import_path_read"] = typed
                st.rerun()
with help_tab:
    st.markdown(
        "- **Strava**: Settings → My Account → *Download or delete your account* → "
        "*Request your archive*. Drop the zip here as it is.\n"
        "- **Garmin**: Garmin Connect → an activity → ⚙ → *Export original* (a FIT file), or "
        "the watch's `GARMIN/Activity` folder over USB.\n"
        "- **Coros, Suunto, Wahoo, Polar**: export FIT, GPX or TCX from their apps.\n"
        "- **A spreadsheet**: save it as CSV. The template below shows our columns; other "
        "columns can be matched after you drop the file."
    )
    st.download_button(
        "Download the CSV template",
        csvlog.TEMPLATE,
        file_name="eccentric-runs-template.csv",
        mime="text/csv",
    )

uploads: list[Any] = [*(picked or []), *(folder or [])]
sources: list[Source | tuple[str, str]] = [from_upload(f.name, f.getvalue()) for f in uploads]
sources.extend(on_disk)

if not sources and waiting:
    st.stop()
if not sources:
    st.info(
        "Drop files above to see what would be imported. Not sure where your files are? "
        "See *Where are my files?*."
    )
    st.stop()

# CSV logs: match their columns to ours (guessed from the header; the runner can change it).
options = CsvOptions()
csv_sources = [s for s in sources if isinstance(s, Source) and s.kind == "csv"]
if csv_sources:
    first = csv_sources[0]
    try:
        columns = csvlog.header(lambda: first.open(Limits.from_env()), first.name)
    except Rejected as exc:
        columns = []
        st.warning(capped(exc))
    if len(columns) > MAX_COLUMNS:  # not a run log: no mapping of thousands of columns
        st.warning(
            capped(
                f"{first.name.rsplit('/', 1)[-1]} has {len(columns):,} columns; a run log has "
                "a handful, so they are not offered for matching."
            )
        )
        columns = []
    if columns and "activity id" not in [c.lower() for c in columns]:
        guessed, guessed_units = csvlog.guess_mapping(columns)
        with st.expander(f"Columns of {first.name.rsplit('/', 1)[-1]}", expanded=True):
            st.caption("Which column holds what (applies to every CSV log in this import).")
            choice = ["—", *columns]
            cols = st.columns(4)
            mapping: dict[str, str] = {}
            for n, (name, label) in enumerate(csvlog.FIELDS.items()):
                current = guessed.get(name, "—")
                value = cols[n % 4].selectbox(
                    label,
                    choice,
                    index=choice.index(current),
                    format_func=lambda c: capped(c, 60),
                    key=f"import_map_{name}",
                )
                if value != "—":
                    mapping[name] = value
            c1, c2 = st.columns(2)
            units = c1.radio(
                "Distances in this file",
                list(vocab.UNITS),
                index=list(vocab.UNITS).index(guessed_units),
                horizontal=True,
                key="import_units",
            )
            order = c2.radio(
                "Dates like 03/04/2026 are",
                ["auto", "dmy", "mdy"],
                format_func={
                    "auto": "Decide from the data",
                    "dmy": "Day first (3 April)",
                    "mdy": "Month first (4 March)",
                }.get,
                horizontal=True,
                key="import_date_order",
            )
            options = CsvOptions(
                mapping=mapping,
                units="mi" if units == "mi" else "km",
                date_order="dmy" if order == "dmy" else "mdy" if order == "mdy" else "auto",
            )

signature = (
    tuple((s.name, s.size) if isinstance(s, Source) else s for s in sources),
    tuple(sorted(options.mapping.items())),
    options.units,
    options.date_order,
    athlete_id,
)
state = st.session_state.get("import_preview")
if state is None or state[0] != signature:
    bar = st.progress(0.0, text="Reading files…")

    def step(done: int, total: int, label: str) -> None:
        name = label.rsplit("/", 1)[-1]
        bar.progress(min(done / max(total, 1), 1.0), text=f"Reading {done} of {total}: {name}")

    try:
        plan = pipeline.preview(
            engine, athlete_id, sources, csv_options=options, progress=step, viewer=ui.viewer()
        )
    except (Rejected, InvalidEntry) as exc:
        bar.empty()
        st.error(capped(exc))
        st.stop()
    bar.empty()
    st.session_state["import_preview"] = (signature, plan)
else:
    plan = state[1]

new, dup = plan.count("new"), plan.count("duplicate")
changed, rejected = plan.count("changed"), plan.count("rejected")
asked = plan.count("confirm")
metrics = st.columns(5 if asked else 4)
metrics[0].metric("To add", new)
metrics[1].metric("Already there", dup)
metrics[2].metric("Changed since imported", changed, help="Reported, never merged.")
metrics[3].metric("Rejected", rejected)
if asked:
    metrics[4].metric("Please confirm", asked, help="Not imported unless you tick them below.")

table = plan.frame(u)
table["status"] = table["status"].map(
    {
        "new": "add",
        "confirm": "confirm?",
        "duplicate": "already there",
        "changed": "changed: not merged",
        "rejected": "rejected",
    }
)
table["type"] = table["type"].map(lambda t: vocab.ACTIVITY_TYPES.get(t, t) if t else t)
table["file"] = table["file"].map(lambda f: f.rsplit("/", 1)[-1])
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "status": st.column_config.TextColumn("Status", width="small"),
        "file": "File",
        "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        "type": "Type",
        f"distance_{u}": st.column_config.NumberColumn(f"Distance ({u})", format="%.2f"),
        "moving": "Moving time",
        f"fast_{u}": st.column_config.NumberColumn(f"Fast ({u})", format="%.2f"),
        "reason": st.column_config.TextColumn("Why / notes", width="large"),
    },
    key="import_table",
)
accepted: dict[int, str] = {}
if asked:
    st.subheader("Please confirm")
    st.caption(
        "These do not look like the runs their files say (faster than anyone runs that "
        "far, faster than your 5 km time allows, or walking pace), or their name says "
        "another sport. Tick the ones to import, and change the type if ours is wrong; the "
        "others are left out."
    )
    labels = vocab.ACTIVITY_TYPES
    by_label = {label: kind for kind, label in labels.items()}
    asked_table = plan.confirm_frame(u)
    asked_table["type"] = asked_table["type"].map(lambda t: labels.get(t, t))
    decided = st.data_editor(
        asked_table,
        hide_index=True,
        width="stretch",
        disabled=["date", "file", f"distance_{u}", "moving", "reason"],
        column_config={
            "item": None,
            "import": st.column_config.CheckboxColumn("Import?", width="small"),
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "file": "File",
            "type": st.column_config.SelectboxColumn(
                "Import as", options=list(labels.values()), required=True
            ),
            f"distance_{u}": st.column_config.NumberColumn(f"Distance ({u})", format="%.2f"),
            "moving": "Moving time",
            "reason": st.column_config.TextColumn("Why", width="large"),
        },
        key="import_confirm",
    )
    accepted = {
        int(item): by_label.get(str(kind), str(kind))
        for item, tick, kind in zip(
            decided["item"], decided["import"], decided["type"], strict=True
        )
        if bool(tick)
    }

to_add = new + len(accepted)
if to_add and st.button(
    f"Import {to_add} activit{'y' if to_add == 1 else 'ies'}", type="primary", key="import_go"
):
    chosen = copy.deepcopy(plan)  # the preview stays as it was if a choice is refused
    try:
        for item, kind in accepted.items():
            chosen.accept(item, kind)
    except InvalidEntry as exc:
        st.error("Nothing was imported: " + "; ".join(exc.messages))
        st.stop()
    bar = st.progress(0.0, text="Writing…")

    def wrote(done: int, total: int, label: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Writing {done} of {total} files")

    summary = pipeline.commit(engine, athlete_id, chosen, progress=wrote, viewer=ui.viewer())
    bar.empty()
    ui.after_write()
    st.session_state.pop("import_preview", None)
    head, *details = summary.lines()
    # Read the files again, so the preview says what is there now (already there), and
    # show what was done above it.
    st.session_state["import_done"] = (f"Imported into {athlete.name}: {head}", details)
    st.rerun()
elif not new and not asked:
    st.info("Nothing new to import in these files.")
elif not to_add:
    st.info("Tick the activities above that you want imported.")
