"""The Import page: empty state, preview from a path, confirm, summary, CSV column mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from streamlit import config
from streamlit.testing.v1 import AppTest

from risk.formats import MAX_MESSAGE
from risk.store import accounts, queries
from risk.store.access import LOCAL_VIEWER
from tests.ingest.conftest import build_export
from tests.ingest.helpers import gpx_track, junk_header_csv
from tests.pages.conftest import APP, button, texts
from tests.pages.test_club_mode import ISSUER
from tests.pages.test_club_mode import hosted as hosted_app

FIXTURES = Path(__file__).parents[1] / "ingest" / "fixtures"
PAGE = "pages/import_data.py"


def read_path(at: AppTest, path: Path) -> None:
    """Type a path in "From this computer" and ask for its files to be read."""
    at.text_input(key="import_path").input(str(path)).run()
    assert not at.exception
    at.button(key="import_path_go").click().run()
    assert not at.exception


def test_empty_state_says_what_to_do(open_app: Callable[..., AppTest], ana: int) -> None:
    at = open_app(PAGE)
    assert "Drop files above to see what would be imported" in texts(at)
    assert "Strava" in texts(at)  # the "Where are my files?" help
    assert [b.proto.label for b in at.get("download_button")] == ["Download the CSV template"]


def test_preview_then_import_a_strava_export(
    open_app: Callable[..., AppTest], ana: int, app_engine: Engine, tmp_path: Path
) -> None:
    export = build_export(tmp_path / "export.zip")
    at = open_app(PAGE)
    read_path(at, export)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "To add": "6",
        "Already there": "0",
        "Changed since imported": "0",
        "Rejected": "1",
    }
    table = at.dataframe[0].value
    assert (table["status"] == "add").sum() == 6
    assert "not in the zip" in " ".join(table["reason"].astype(str))
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).empty  # the preview wrote nothing
    button(at, "Import 6 activities").click().run()
    assert not at.exception
    assert "Imported into Ana: 6 added, 0 already there" in texts(at)
    assert len(queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)) == 6
    at.run()  # the same export again: nothing new
    assert {m.label: m.value for m in at.metric}["Already there"] == "6"
    assert "Nothing new to import in these files." in texts(at)


def test_a_bad_file_shows_its_reason_and_writes_nothing(
    open_app: Callable[..., AppTest], ana: int, app_engine: Engine
) -> None:
    at = open_app(PAGE)
    read_path(at, FIXTURES / "gpx" / "external_entity.gpx")
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Rejected"] == "1"
    assert "declares a DTD or entities" in at.dataframe[0].value["reason"].iloc[0]
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER).empty


def test_csv_columns_are_guessed_and_can_be_changed(
    open_app: Callable[..., AppTest], ana: int, app_engine: Engine, tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    log.write_text("When,How far,Kind\n2026-11-20,5,Tempo\n", encoding="utf-8")
    at = open_app(PAGE)
    read_path(at, log)
    assert at.selectbox(key="import_map_date").value == "When"
    assert {m.label: m.value for m in at.metric}["Rejected"] == "1"  # no distance column yet
    at.selectbox(key="import_map_distance").select("How far").run()
    at.selectbox(key="import_map_type").select("Kind").run()
    at.radio(key="import_units").set_value("mi").run()
    assert {m.label: m.value for m in at.metric}["To add"] == "1"
    assert round(at.dataframe[0].value["distance_km"].iloc[0], 2) == 8.05  # shown in Ana's km
    button(at, "Import 1 activity").click().run()
    runs = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)
    assert runs["distance_km"].round(3).tolist() == [8.047]
    assert runs["type"].tolist() == ["tempo"]


def test_please_confirm_rows_import_only_when_ticked(
    open_app: Callable[..., AppTest], ana: int, app_engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "tracks"
    folder.mkdir()
    (folder / "car.gpx").write_bytes(gpx_track([(1000 / 150, 3330)], name="Afternoon"))
    walk_day = dt.datetime(2026, 6, 3, 7, 0, tzinfo=dt.UTC)
    (folder / "walk.gpx").write_bytes(gpx_track([(1.5, 2400)], name="Evening", start=walk_day))
    run_day = dt.datetime(2026, 6, 5, 7, 0, tzinfo=dt.UTC)
    (folder / "run.gpx").write_bytes(gpx_track([(3.2, 1800)], name="Easy run", start=run_day))
    at = open_app(PAGE)
    read_path(at, folder)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["To add"], metrics["Please confirm"]) == ("1", "2")
    asked = at.dataframe[1].value  # the please-confirm editor
    assert asked["import"].tolist() == [False, False]
    assert "faster than anyone has run that far" in asked["reason"].iloc[0]
    assert "walking pace" in asked["reason"].iloc[1]
    # Ticked: the walk, as walking (the type we proposed); the car ride is left out.
    at.session_state["import_confirm"] = {
        "edited_rows": {1: {"import": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    button(at, "Import 2 activities").click().run()
    assert not at.exception
    assert "2 added" in texts(at) and "1 not confirmed, so not imported" in texts(at)
    # The preview above now says what is there: nothing left to add.
    after = {m.label: m.value for m in at.metric}
    assert (after["To add"], after["Already there"]) == ("0", "2")
    runs = queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)
    assert sorted(runs["type"]) == ["easy", "walking"]


def test_a_confirmed_row_can_be_imported_as_another_type(
    open_app: Callable[..., AppTest], ana: int, app_engine: Engine, tmp_path: Path
) -> None:
    walk = tmp_path / "slow.gpx"
    walk.write_bytes(gpx_track([(1.5, 2400)], name="Afternoon"))
    at = open_app(PAGE)
    read_path(at, walk)
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert "Tick the activities above that you want imported." in texts(at)
    at.session_state["import_confirm"] = {
        "edited_rows": {0: {"import": True, "type": "Recovery"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    button(at, "Import 1 activity").click().run()
    assert not at.exception
    assert queries.runs(app_engine, ana, viewer=LOCAL_VIEWER)["type"].tolist() == ["recovery"]


@pytest.fixture
def server_address() -> Iterator[Callable[[str], None]]:
    """Set Streamlit's ``server.address`` for the test (restored after)."""
    before = config.get_option("server.address")
    yield lambda address: config.set_option("server.address", address)
    config.set_option("server.address", before)


def _tabs(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


def test_a_loopback_start_offers_paths_and_reads_nothing_before_asked(
    open_app: Callable[..., AppTest],
    ana: int,
    tmp_path: Path,
    server_address: Callable[[str], None],
) -> None:
    server_address("127.0.0.1")
    log = tmp_path / "log.csv"
    log.write_text("Secret column,Other\n2026-11-20,private value\n", encoding="utf-8")
    at = open_app(PAGE)
    assert "From this computer" in _tabs(at)
    at.text_input(key="import_path").input(str(log)).run()
    assert "1 file to read." in [c.value for c in at.caption]
    shown = texts(at) + " ".join(str(s.options) for s in at.selectbox)
    assert "Secret column" not in shown and "private value" not in shown
    assert not at.dataframe and not at.metric
    at.button(key="import_path_go").click().run()
    assert "Secret column" in at.selectbox(key="import_map_date").options  # now the mapping


@pytest.mark.parametrize("hosted", ["every interface", "sign-in"])
def test_a_hosted_start_offers_no_paths(
    open_app: Callable[..., AppTest],
    app_engine: Engine,
    ana: int,
    server_address: Callable[[str], None],
    hosted: str,
) -> None:
    server_address("0.0.0.0" if hosted == "every interface" else "127.0.0.1")
    if hosted == "sign-in":  # club mode, an athlete with a runner of their own signed in
        admin = accounts.sign_in(app_engine, ISSUER, "ada", "ada@club.org", "Ada")
        (club,) = admin.clubs()
        accounts.invite(app_engine, admin, club, "bo@club.org", "athlete")
        bo = accounts.sign_in(app_engine, ISSUER, "bo", "bo@club.org", "Bo")
        accounts.create_own_runner(
            app_engine, bo, {"name": "Bo", "body_mass_kg": 60, "v_max_ms": 8.0}
        )
        at = hosted_app("bo")
    else:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert _tabs(at) == ["Files or a zip", "A folder", "Where are my files?"]
    assert not [t for t in at.text_input if t.key == "import_path"]


@pytest.mark.parametrize("path", ["/proc/1", "/dev/zero"])
def test_system_paths_are_refused_in_one_line(
    open_app: Callable[..., AppTest], ana: int, server_address: Callable[[str], None], path: str
) -> None:
    server_address("127.0.0.1")
    at = open_app(PAGE)
    at.text_input(key="import_path").input(path).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        f"{path}: refused: /proc, /sys and /dev hold no activity files"
    ]
    assert not [b for b in at.button if b.key == "import_path_go"]


def test_a_junk_header_is_refused_in_short_messages(
    open_app: Callable[..., AppTest], ana: int, tmp_path: Path
) -> None:
    junk = junk_header_csv(tmp_path / "junk.csv")
    at = open_app(PAGE)
    read_path(at, junk)
    assert not at.exception
    assert all(len(str(w.value)) <= MAX_MESSAGE for w in at.warning)
    assert "columns; a run log has a handful" in texts(at)
    assert not [s for s in at.selectbox if str(s.key).startswith("import_map_")]
    (reason,) = at.dataframe[0].value["reason"]
    assert len(reason) <= MAX_MESSAGE and reason.startswith("no column for date and distance")
