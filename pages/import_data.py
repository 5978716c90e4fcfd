"""Import runs from watches, Strava and spreadsheets: preview, confirm, summary."""

from __future__ import annotations

from typing import Any

import streamlit as st

from risk import ui, vocab
from risk.ingest import csvlog, pipeline
from risk.ingest.activity import Rejected
from risk.ingest.csvlog import CsvOptions
from risk.ingest.sources import Limits, Source, from_upload
from risk.store import InvalidEntry
from risk.store.engine import is_sqlite

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

files_tab, folder_tab, path_tab, help_tab = st.tabs(
    ["Files or a zip", "A folder", "From this computer", "Where are my files?"]
)
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
with path_tab:
    local_path = ""
    if is_sqlite(engine):
        local_path = st.text_input(
            "A file or folder on this computer",
            key="import_path",
            placeholder="/home/me/Downloads/export_12345.zip",
            help="For exports too big to upload. Only offered when Eccentric runs on your own "
            "machine (the SQLite default).",
        ).strip()
    else:
        st.info("Hosted Eccentric reads only uploaded files.")
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
if local_path:
    sources.extend(pipeline.sources_from_paths([local_path]))

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
        st.warning(str(exc))
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
                    label, choice, index=choice.index(current), key=f"import_map_{name}"
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
        plan = pipeline.preview(engine, athlete_id, sources, csv_options=options, progress=step)
    except (Rejected, InvalidEntry) as exc:
        bar.empty()
        st.error(str(exc))
        st.stop()
    bar.empty()
    st.session_state["import_preview"] = (signature, plan)
else:
    plan = state[1]

new, dup = plan.count("new"), plan.count("duplicate")
changed, rejected = plan.count("changed"), plan.count("rejected")
m1, m2, m3, m4 = st.columns(4)
m1.metric("To add", new)
m2.metric("Already there", dup)
m3.metric("Changed since imported", changed, help="Reported, never merged.")
m4.metric("Rejected", rejected)

table = plan.frame(u)
table["status"] = table["status"].map(
    {
        "new": "add",
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
if new and st.button(
    f"Import {new} activit{'y' if new == 1 else 'ies'}", type="primary", key="import_go"
):
    bar = st.progress(0.0, text="Writing…")

    def wrote(done: int, total: int, label: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"Writing {done} of {total} files")

    summary = pipeline.commit(engine, athlete_id, plan, progress=wrote)
    bar.empty()
    ui.after_write()
    st.session_state.pop("import_preview", None)
    head, *details = summary.lines()
    st.success(f"Imported into {athlete.name}: {head}")
    if details:
        with st.expander(f"{len(details)} notes"):
            st.markdown("\n".join(f"- {d}" for d in details))
elif not new:
    st.info("Nothing new to import in these files.")
