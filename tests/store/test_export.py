"""CSV export (formula-safe) and online SQLite backup."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from risk.store import StoreError, open_database, writes
from risk.store.access import LOCAL_VIEWER
from risk.store.export import EXPORT_TABLES, backup_sqlite, export_csv, neutralise
from tests.clock import TODAY

DAY = TODAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("easy run", "easy run"),
        (-5.0, -5.0),
        (None, None),
    ],
)
def test_neutralise(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_export_writes_one_safe_csv_per_table(engine: Engine, runner: int, tmp_path: Path) -> None:
    writes.add_run(
        engine,
        runner,
        {"date": DAY, "type": "easy", "distance_km": 8, "notes": "=cmd|' /C calc'!A0"},
        viewer=LOCAL_VIEWER,
    )
    writes.add_run(
        engine,
        runner,
        {
            "date": DAY,
            "type": "long",
            "distance_km": 21.1,
            "notes": "Ünïcødé ✓",
            "speed_profile": {"<60": 20.1, "60-70": 1.0},
        },
        viewer=LOCAL_VIEWER,
    )
    files = export_csv(engine, tmp_path / "out", viewer=LOCAL_VIEWER)
    assert sorted(f.stem for f in files) == sorted(EXPORT_TABLES)
    with (tmp_path / "out" / "run.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["notes"] for r in rows] == ["'=cmd|' /C calc'!A0", "Ünïcødé ✓"]
    assert [r["distance_km"] for r in rows] == ["8.0", "21.1"]
    assert rows[0]["strides"] == ""
    assert json.loads(rows[1]["speed_profile"]) == {"<60": 20.1, "60-70": 1.0}


def test_export_holds_the_checkins_resting_heart_rate(
    engine: Engine, runner: int, tmp_path: Path
) -> None:
    base = {"soreness_left": 1, "soreness_right": 2}
    writes.save_checkin(
        engine, runner, {"date": DAY, **base, "resting_hr": 48}, viewer=LOCAL_VIEWER
    )
    writes.save_checkin(engine, runner, {"date": TODAY, **base}, viewer=LOCAL_VIEWER)
    export_csv(engine, tmp_path / "out", viewer=LOCAL_VIEWER)
    with (tmp_path / "out" / "checkin.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["date"], r["resting_hr"]) for r in rows] == [
        (DAY.isoformat(), "48"),
        (TODAY.isoformat(), ""),
    ]


def test_backup_is_a_consistent_copy_while_a_writer_is_busy(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = open_database(sqlite_url)
    athlete = writes.create_athlete(
        engine, {"name": "Ana", "body_mass_kg": 60, "v_max_ms": 8}, viewer=LOCAL_VIEWER
    )
    assert athlete.id is not None
    writes.add_bulk(
        engine,
        athlete.id,
        runs=[{"date": DAY, "type": "easy", "distance_km": 5 + k % 10} for k in range(300)],
        viewer=LOCAL_VIEWER,
    )
    # An open write transaction in another connection (the app in the middle of a save).
    db_file = engine.url.database
    assert db_file is not None
    other = sqlite3.connect(db_file)
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO run (athlete_id, date, type, distance_km, source) "
        "VALUES (1, '2026-01-01', 'easy', 1.0, 'manual')"
    )
    try:
        target = backup_sqlite(engine, tmp_path / "backup.db", viewer=LOCAL_VIEWER)
    finally:
        other.rollback()
        other.close()
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM run").fetchone()[0] == 300
    assert copy.execute("SELECT name FROM athlete").fetchall() == [("Ana",)]
    copy.close()
    engine.dispose()


def test_backup_refuses_to_overwrite(sqlite_url: str, tmp_path: Path) -> None:
    engine = open_database(sqlite_url)
    (tmp_path / "taken.db").write_text("precious")
    with pytest.raises(StoreError, match="exists already"):
        backup_sqlite(engine, tmp_path / "taken.db", viewer=LOCAL_VIEWER)
    assert (tmp_path / "taken.db").read_text() == "precious"
    engine.dispose()


def test_a_backup_that_cannot_be_written_says_why_and_leaves_no_file(
    sqlite_url: str, tmp_path: Path
) -> None:
    engine = open_database(sqlite_url)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="cannot write the backup to"):
        backup_sqlite(engine, blocker / "copy.db", viewer=LOCAL_VIEWER)
    assert not [p for p in tmp_path.rglob("*") if "copy" in p.name or "partial" in p.name]
    engine.dispose()


def test_a_failed_copy_removes_its_partial_file(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    engine = open_database(sqlite_url)
    real = sqlite3.connect

    class Broken:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def backup(self, _dst: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        def close(self) -> None:
            self.conn.close()

    calls = iter([True, False])

    def connect(*args: Any, **kwargs: Any) -> Any:
        conn = real(*args, **kwargs)
        return Broken(conn) if next(calls) else conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(StoreError, match="disk I/O error"):
        backup_sqlite(engine, tmp_path / "backups" / "copy.db", viewer=LOCAL_VIEWER)
    assert not list((tmp_path / "backups").iterdir())  # no partial, no half backup
    engine.dispose()


def test_backup_explains_postgresql(db_url: str, tmp_path: Path) -> None:
    engine = open_database(db_url)
    if engine.dialect.name == "sqlite":
        backup_sqlite(engine, tmp_path / "ok.db", viewer=LOCAL_VIEWER)
        assert (tmp_path / "ok.db").exists()
    else:
        with pytest.raises(StoreError, match="pg_dump"):
            backup_sqlite(engine, tmp_path / "x.db", viewer=LOCAL_VIEWER)
    engine.dispose()
