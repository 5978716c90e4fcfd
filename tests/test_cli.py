"""The eccentric command: demo, report, plan, export, backup, db; one clear line on error."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from risk import analysis
from risk.cli import MAX_ECHO, echo, main, safe
from risk.formats import MAX_MESSAGE
from risk.model import Params
from risk.store import InvalidEntry, inputs, open_database, queries
from risk.store.access import LOCAL_VIEWER
from risk.store.engine import ENV_VAR
from tests.ingest.helpers import junk_header_csv


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{path}")
    return path


def test_demo_export_backup(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "Loaded 'Demo runner'" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "csv")]) == 0
    run_csv = (tmp_path / "csv" / "run.csv").read_text(encoding="utf-8")
    assert run_csv.count("\n") > 300
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    copy = sqlite3.connect(tmp_path / "copy.db")
    original = sqlite3.connect(db)
    for table in ("run", "strength_set", "checkin"):
        q = f"SELECT count(*) FROM {table}"
        assert copy.execute(q).fetchone() == original.execute(q).fetchone()
    copy.close()
    original.close()


def test_demo_twice_needs_replace(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--years", "0.5"]) == 0
    capsys.readouterr()
    assert main(["demo", "--years", "0.5"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "exists already" in err
    assert main(["demo", "--years", "0.5", "--replace"]) == 0


def test_demo_scales_to_several_athletes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--years", "0.3", "--athletes", "3"]) == 0
    out = capsys.readouterr().out
    assert "'Demo runner 3'" in out


def test_db_upgrade_and_current(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current"]) == 0
    assert "behind" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "setup", "fragment"),
    [
        (["backup", "{tmp}/taken"], "taken", "exists already"),
        (["export", "{tmp}/afile"], "afile", "is a file, not a folder"),
        (["db", "upgrade"], "garbage-db", "file is not a database"),
        (["demo", "--years", "0"], None, "--years: must be a finite number above 0"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    setup: str | None,
    fragment: str,
) -> None:
    if setup == "garbage-db":
        db.write_text("this is not sqlite")
    elif setup:
        (tmp_path / setup).write_text("x")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert code == 1
    assert fragment in err
    assert err.count("\n") == 1 and err.startswith("eccentric: error:")


def test_unreachable_server_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach the database" in err


def test_console_script_is_installed(db: Path) -> None:
    exe = Path(sys.executable).with_name("eccentric")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "demo" in result.stdout and "backup" in result.stdout


# report and plan ------------------------------------------------------------------------------
@pytest.fixture
def demo_db(db: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["demo", "--years", "1"]) == 0
    capsys.readouterr()
    return db


def _verdict_of_demo(day: dt.date, params: Params | None = None) -> dict[str, object]:
    """The model's verdict on the stored demo runner (their saved settings unless ``params``)."""
    engine = open_database()
    try:
        runner = queries.athlete_by_name(engine, "Demo runner", viewer=LOCAL_VIEWER)
        assert runner is not None and runner.id is not None
        log = analysis.load_log(engine, runner.id, viewer=LOCAL_VIEWER)
        return analysis.assess_runner(log, day, params=params).verdict.as_dict()
    finally:
        engine.dispose()


def test_report_json_has_exactly_the_keys_and_the_models_numbers(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    day = inputs.today() - dt.timedelta(days=10)
    assert main(["report", "--athlete", "Demo runner", "--date", day.isoformat(), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "band",
        "reasons",
        "hel",
        "acute",
        "chronic",
        "acwr",
        "capacity",
        "load_capacity_ratio",
        "soreness_predicted",
        "soreness_reported",
    ]
    assert data == json.loads(json.dumps(_verdict_of_demo(day)))
    assert data["band"] in ("green", "amber", "red")
    assert data["acwr"] == pytest.approx(data["acute"] / data["chronic"])
    for reason in data["reasons"]:
        assert set(reason) == {"code", "kind", "message", "value", "threshold"}


def test_report_table_defaults_to_today_and_the_only_runner(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Demo runner on {inputs.today():%a %d %b %Y}: ")
    assert "Load-to-capacity ratio" in out and "Acute load" in out and "Chronic load" in out
    assert "not a diagnosis" in out
    assert "%" not in out.split("Reasons")[0]  # no probability anywhere in the numbers


def test_report_before_the_log_starts(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--date", "2001-01-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["band"] == "none" and data["acwr"] is None
    assert data["reasons"][0]["code"] == "no_log"


def test_plan_json(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = inputs.today() + dt.timedelta(days=3)
    args = [
        "plan",
        "--athlete",
        "Demo runner",
        "--date",
        day.isoformat(),
        "--type",
        "Intervals",
        "--distance-km",
        "40",
        "--fast-km",
        "20",
        "--json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "band_on_day",
        "bands_next_two_days",
        "earliest_good_day",
        "max_distance_km",
        "reasons",
    ]
    assert data["band_on_day"] == "red"
    assert len(data["bands_next_two_days"]) == 2
    # A shorter session when one can be green (the demo's planned Thursday intervals may
    # keep the days after red whatever the size): never the 40 km asked for.
    assert data["max_distance_km"] is None or 0 < data["max_distance_km"] < 40
    assert data["earliest_good_day"] is None or dt.date.fromisoformat(data["earliest_good_day"])
    codes = {r["code"] for r in data["reasons"]}
    assert codes & {"ratio_red", "ratio_amber", "hel_rise", "fast_spike"}
    assert main(args[:-1]) == 0
    out = capsys.readouterr().out
    assert "What keeps the day from green: " in out and "RED" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--athlete", "Nobody"], "No runner named 'Nobody' (runners: 'Demo runner')"),
        (
            ["plan", "--date", "2020-01-01", "--type", "bogus", "--distance-km", "-3"],
            "Type must be one of",
        ),
        (
            [
                "plan",
                "--date",
                "2020-01-01",
                "--type",
                "tempo",
                "--distance-km",
                "5",
                "--fast-km",
                "9",
            ],
            "must not exceed the distance",
        ),
    ],
)
def test_report_and_plan_errors_are_one_line(
    demo_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_report_needs_a_name_with_several_runners(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--years", "0.2", "--athletes", "2"]) == 0
    capsys.readouterr()
    assert main(["report"]) == 1
    assert "Say which runner with --athlete NAME" in capsys.readouterr().err


def test_saved_settings_change_the_report_and_bad_ones_are_refused(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = open_database()
    try:
        runner = queries.athlete_by_name(engine, "Demo runner", viewer=LOCAL_VIEWER)
        assert runner is not None and runner.id is not None
        with pytest.raises(InvalidEntry) as bad:
            analysis.save_params(engine, runner.id, {"hel_a": -1, "nope": 1}, viewer=LOCAL_VIEWER)
        assert bad.value.messages == [
            "hel_a must be between 0 and 200 (got -1)",
            "Unknown model setting 'nope'",
        ]
        stored = queries.athlete(engine, runner.id, viewer=LOCAL_VIEWER)
        assert stored is not None and stored.params == {}
        analysis.save_params(
            engine, runner.id, {"chronic_days": 42, "hel_a": 25}, viewer=LOCAL_VIEWER
        )
        stored = queries.athlete(engine, runner.id, viewer=LOCAL_VIEWER)
        assert stored is not None and stored.params == {"chronic_days": 42}  # defaults dropped
    finally:
        engine.dispose()
    day = inputs.today()
    assert main(["report", "--date", day.isoformat(), "--json"]) == 0
    tuned = json.loads(capsys.readouterr().out)
    assert tuned == json.loads(json.dumps(_verdict_of_demo(day)))
    assert tuned["chronic"] != _verdict_of_demo(day, Params())["chronic"]


# import ---------------------------------------------------------------------------------------
FIXTURES = Path(__file__).parent / "ingest" / "fixtures"


def test_import_dry_run_writes_nothing_then_imports(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def count() -> int:
        con = sqlite3.connect(demo_db)
        n = int(con.execute("SELECT count(*) FROM run WHERE source = 'fit'").fetchone()[0])
        con.close()
        return n

    assert main(["import", str(FIXTURES / "fit"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    # activity-filecrc.fit (5.7 m of "running" in 14 s) is walking pace: left out to confirm
    assert "Dry run: would add 5" in out and "leave out 1 to confirm" in out
    assert "Nothing was written." in out
    assert "rejected  " in out and "not an activity file (file type: settings)" in out
    assert count() == 0
    assert main(["import", str(FIXTURES / "fit"), "--athlete", "Demo runner"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported into 'Demo runner': 5 added, 0 already there")
    assert "1 not confirmed, so not imported" in out and "walking pace" in out
    assert count() == 5
    assert main(["import", str(FIXTURES / "fit"), "--accept-flagged"]) == 0
    assert "1 added, 5 already there" in capsys.readouterr().out
    assert count() == 6
    assert main(["import", str(FIXTURES / "fit")]) == 0  # all duplicates: fine, nothing new
    assert "0 added, 6 already there" in capsys.readouterr().out


def test_import_of_nothing_usable_fails(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(FIXTURES / "fit" / "Settings.fit"), "nope.gpx"]) == 1
    captured = capsys.readouterr()
    assert "nope.gpx: no such file or folder" in captured.out
    assert captured.err == "eccentric: error: nothing could be imported (see the reasons above)\n"


def test_a_junk_header_csv_is_reported_in_a_capped_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = junk_header_csv(tmp_path / "junk.csv")
    assert main(["import", str(junk), "--dry-run"]) == 1
    captured = capsys.readouterr()
    (line,) = [x for x in captured.out.splitlines() if x.startswith("rejected")]
    assert "no column for date and distance" in line and line.endswith("…")
    assert len(line) <= MAX_MESSAGE + len(str(junk)) + 20
    assert main(["import", str(junk)]) == 1
    captured = capsys.readouterr()
    assert max(len(x) for x in captured.out.splitlines()) <= MAX_MESSAGE
    assert captured.err == "eccentric: error: nothing could be imported (see the reasons above)\n"


def test_an_error_message_is_capped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--athlete", "x" * 5000]) == 1
    err = capsys.readouterr().err
    assert len(err.strip()) <= MAX_MESSAGE + len("eccentric: error: ")


def test_import_csv_options(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "csv" / "ambiguous_dates.csv"
    assert main(["import", str(path)]) == 1
    assert "could be day-first or month-first" in capsys.readouterr().out
    assert main(["import", str(path), "--date-order", "dmy", "--units", "mi"]) == 0
    con = sqlite3.connect(demo_db)
    rows = con.execute("SELECT date, distance_km FROM run WHERE source='csv' ORDER BY date")
    assert [(d, round(km, 2)) for d, km in rows] == [("2026-04-03", 12.88), ("2026-06-05", 16.09)]
    con.close()


# validate -------------------------------------------------------------------------------------
def test_validate_on_the_demo_lists_its_injury_and_gives_no_auc(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--athlete", "Demo runner"]) == 0
    out = capsys.readouterr().out
    assert "Too few injuries to judge" in out
    assert "14 days before" in out and "bands:" in out
    assert "Lövdal" in out and "0.724" in out
    assert "not a diagnosis" in out
    assert "% risk" not in out and "probability" not in out
    assert main(["validate", "--json", "--all-sites"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["enough"] is False and data["injuries"] >= 1
    assert all(s["auc"] is None for s in data["scores"])
    assert len(data["injury_list"][0]["days"]) == 14
    assert data["sites"] == "all sites"


def test_validate_without_injuries_says_what_to_log(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = open_database()
    try:
        from risk.store import writes

        writes.create_athlete(
            engine, {"name": "Ann", "v_max_ms": 8.0, "body_mass_kg": 60}, viewer=LOCAL_VIEWER
        )
    finally:
        engine.dispose()
    assert main(["validate", "--athlete", "Ann"]) == 0
    out = capsys.readouterr().out
    assert "No injuries logged: nothing to check yet." in out
    assert "Log each injury" in out


def test_validate_pools_a_club_with_a_row_per_runner(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--athletes", "3", "--years", "1"]) == 0
    capsys.readouterr()
    assert main(["validate", "--club"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Every runner (3): does the indicator work for you?")
    assert out.count("injuries, amber or red on") == 3
    assert main(["validate", "--club", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data["runners"]] == ["Demo runner", "Demo runner 2", "Demo runner 3"]


def test_runner_add_and_list(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runner", "list"]) == 0
    assert "runner add NAME" in capsys.readouterr().out
    argv = ["runner", "add", "Ana", "--body-mass-kg", "60", "--units", "mi", "--5k-time", "20:00"]
    assert main(argv) == 0
    assert "Added 'Ana' (max sprint speed 7.29 m/s)" in capsys.readouterr().out
    assert main(["runner", "list"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Ana: mi, A 5 km in 20:00 · max sprint speed 7.29 m/s · body mass 132.3 lb"
    )
    ana = queries.athlete_by_name(open_database(), "Ana", viewer=LOCAL_VIEWER)
    assert ana is not None and (ana.body_mass_kg, ana.units) == (60.0, "mi")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["runner", "add"], "runner add needs a NAME"),
        (["runner", "add", "Bo", "--5k-time", "fast"], "--5k-time"),
        (["runner", "add", "Bo", "--5k-time", "9:00"], "between 12:00 and 90:00"),
        (["runner", "add", "Bo", "--body-mass-kg", "900"], "Body mass"),
        (["runner", "add", "  "], "Name"),
    ],
)
def test_runner_add_errors_are_one_line(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert fragment in err
    assert err.count("\n") == 1 and err.startswith("eccentric: error:")
    assert queries.athletes(open_database(), viewer=LOCAL_VIEWER) == []


def test_a_taken_name_is_refused_and_import_points_to_runner_add(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "log.csv").write_text("date,distance_km\n2026-01-05,10\n")
    assert main(["import", str(tmp_path / "log.csv")]) == 1
    assert "eccentric runner add NAME" in capsys.readouterr().err
    assert main(["runner", "add", "Ana"]) == 0
    assert main(["runner", "add", "Ana"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


# refusals of the command line: one line, exit 1, the option named ---------------------------
def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``argv``, check it was refused in one line with exit status 1, return the line."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("eccentric: error:")
    assert "Traceback" not in captured.err
    return captured.err


def test_demo_refuses_years_nan(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, ["demo", "--years", "nan"])
    assert "--years" in err and "finite" in err and "'nan'" in err
    assert not db.exists()


def test_demo_refuses_years_inf(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, ["demo", "--years", "inf"])
    assert "--years" in err and "finite" in err


def test_demo_refuses_negative_years(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, ["demo", "--years", "-1"])
    assert "--years: must be a finite number above 0, not '-1'" in err


def test_demo_refuses_years_that_are_not_a_number(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refused(capsys, ["demo", "--years", "two"])
    assert "--years: must be a number, not 'two'" in err


def test_plan_refuses_fast_km_nan_instead_of_reading_no_fast_km(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["plan", "--date", "2020-01-01", "--type", "intervals", "--distance-km", "10"]
    err = _refused(capsys, [*argv, "--fast-km", "nan"])
    assert "--fast-km" in err and "finite" in err


def test_plan_refuses_fast_km_inf(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--date", "2020-01-01", "--type", "intervals", "--distance-km", "10"]
    err = _refused(capsys, [*argv, "--fast-km=-inf"])
    assert "--fast-km" in err and "finite" in err


def test_plan_refuses_distance_nan(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--date", "2020-01-01", "--type", "intervals", "--distance-km", "nan"]
    err = _refused(capsys, argv)
    assert "--distance-km" in err and "finite" in err


def test_a_missing_option_is_one_line_with_exit_1(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _refused(capsys, ["plan", "--date", "2020-01-01"])
    assert "required" in err and "--type" in err


def test_control_characters_are_shown_escaped() -> None:
    assert safe("Ann\x1b[2J\x07\x7f\x9b\tB\nC") == "Ann\\x1b[2J\\x07\\x7f\\x9b\\x09B\\x0aC"
    assert safe("Zoë Ünal – 5 km") == "Zoë Ünal – 5 km"


def test_long_input_in_an_error_is_cut_to_200_characters() -> None:
    shown = echo("x" * 5000)
    assert len(shown) == MAX_ECHO == 200 and shown.endswith("…")
    assert echo("short") == "short"


def test_an_unknown_runner_name_is_echoed_escaped_and_cut(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--athlete", "\x1b[31mEvil" + "y" * 1000]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err
    assert "No runner named '\\x1b[31mEvil" in err and "…'" in err
    assert len(err) < 400


def test_a_bad_date_is_echoed_escaped_and_cut(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(capsys, ["report", "--date", "\x1b]0;title\x07" + "9" * 500])
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;title" in err
    assert len(err) < 300


def test_a_runner_name_with_escapes_is_printed_escaped(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = open_database()
    try:
        runner = queries.athlete_by_name(engine, "Demo runner", viewer=LOCAL_VIEWER)
        assert runner is not None and runner.id is not None
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE athlete SET name = ? WHERE id = ?", ("Demo\x1b[2Jrunner", runner.id)
            )
    finally:
        engine.dispose()
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and out.startswith("Demo\\x1b[2Jrunner on ")


def test_demo_club_loads_a_coach_and_athletes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["demo", "--club", "--years", "0.2", "--athletes", "3", "--invite", "me@x.org"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Loaded 'Demo club': a coach and 3 athletes" in out
    assert "me@x.org is invited as its coach and admin" in out
    assert main(["runner", "list"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in ("Ada", "Bea", "Cal"))
    assert main(["demo", "--invite", "me@x.org"]) == 1
    assert "--invite goes with --club" in capsys.readouterr().err
