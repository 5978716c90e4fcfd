"""Schema changes never lose a user's data: migrations are tested on databases with rows."""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from risk.store import StoreError, migrate, open_database
from risk.store.engine import make_engine
from risk.store.migrate import (
    alembic_config,
    backup_before_upgrade,
    current_revision,
    head_revision,
    needs_upgrade,
    run_with_foreign_keys_off,
    upgrade,
)

FIRST = "0001"
CREATED = dt.datetime(2025, 1, 1, 8, 0)

# Rows in the shape of the first schema (0001): they must survive every later migration.
SEED: dict[str, list[dict[str, Any]]] = {
    "athlete": [
        {
            "id": 1,
            "name": "Ana",
            "body_mass_kg": 61.0,
            "v_max_ms": 8.1,
            "birth_year": 1990,
            "units": "km",
            "params": "{}",
            "created_at": CREATED,
        },
        {
            "id": 2,
            "name": "Bo",
            "body_mass_kg": 80.0,
            "v_max_ms": 7.5,
            "birth_year": None,
            "units": "mi",
            "params": '{"a": 20}',
            "created_at": CREATED,
        },
    ],
    "run": [
        {
            "id": i,
            "athlete_id": 1 + i % 2,
            "date": dt.date(2025, 1, i),
            "start_time": None,
            "type": "easy",
            "distance_km": 5.0 + i,
            "duration_min": 30.0 + i,
            "rpe": 4,
            "fast_km": None,
            "strides": i % 3,
            "speed_profile": None,
            "source": "manual",
            "source_id": None,
            "notes": f"run {i}",
        }
        for i in range(1, 21)
    ],
    "strength_session": [
        {"id": i, "athlete_id": 1, "date": dt.date(2025, 1, i), "rpe": 6, "notes": None}
        for i in range(1, 6)
    ],
    "strength_set": [
        {
            "id": i,
            "session_id": 1 + i % 5,
            "athlete_id": 1,
            "exercise": "nordic",
            "sets": 3,
            "reps": 5,
            "load_kg": 0.0,
            "assisted": False,
        }
        for i in range(1, 11)
    ],
    "checkin": [
        {
            "id": i,
            "athlete_id": 1,
            "date": dt.date(2025, 1, i),
            "soreness_left": i % 4,
            "soreness_right": 1,
            "fatigue": 3,
            "sleep": 4,
            "general_soreness": None,
            "stress": None,
            "mood": 5,
            "notes": None,
        }
        for i in range(1, 15)
    ],
    "injury": [
        {
            "id": 1,
            "athlete_id": 1,
            "date": dt.date(2025, 1, 10),
            "side": "left",
            "description": "strain",
            "severity": "moderate",
            "return_date": dt.date(2025, 1, 24),
        }
    ],
    "planned_session": [
        {
            "id": 1,
            "athlete_id": 2,
            "date": dt.date(2025, 2, 1),
            "type": "intervals",
            "distance_km": 10.0,
            "fast_km": 4.0,
            "strides": None,
            "notes": None,
        }
    ],
}


def _seed(conn: Connection) -> None:
    meta = sa.MetaData()
    meta.reflect(conn)
    for table, rows in SEED.items():
        conn.execute(sa.insert(meta.tables[table]), rows)


def _rows(engine: Engine, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    t = SQLModel.metadata.tables[table]
    with engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(sa.select(*(t.c[c] for c in columns)).order_by(t.c.id))
        ]


def test_upgrading_a_database_with_rows_keeps_every_row(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        _seed(conn)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    for table, rows in SEED.items():
        columns = [c for c in rows[0] if c not in ("params", "created_at")]
        expected = [tuple(r[c] for c in columns) for r in rows]
        assert _rows(engine, table, columns) == expected, table
    engine.dispose()


def test_0002_adds_the_import_fields_to_runs_that_hold_rows(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        _seed(conn)
    upgrade(engine, "0002")
    rows = _rows(engine, "run", ["distance_km", "elapsed_min", "avg_hr", "fingerprint"])
    assert rows == [(5.0 + i, None, None, None) for i in range(1, 21)]
    engine.dispose()


def test_0003_gives_stored_injuries_the_hamstring_site(db_url: str) -> None:
    """Injuries stored before sites existed are kept, each with the default site."""
    engine = make_engine(db_url)
    upgrade(engine, "0002")
    injuries = [
        {**SEED["injury"][0], "id": 1},
        {**SEED["injury"][0], "id": 2, "date": dt.date(2025, 3, 2), "side": "right",
         "description": "calf?", "severity": "mild", "return_date": None},
    ]  # fmt: skip
    with engine.begin() as conn:
        _seed(conn)
        meta = sa.MetaData()
        meta.reflect(conn, only=["injury"])
        conn.execute(sa.insert(meta.tables["injury"]), injuries[1:])
    upgrade(engine, "0003")
    columns = ["id", "date", "side", "description", "severity", "return_date", "site"]
    assert _rows(engine, "injury", columns) == [
        (*(r[c] for c in columns[:-1]), "hamstring") for r in injuries
    ]
    with engine.connect() as conn:  # and nothing else is lost on the way
        assert conn.execute(sa.text("SELECT count(*) FROM run")).scalar_one() == 20
    engine.dispose()


def test_0004_keeps_runs_stored_at_0003_and_gives_them_no_reps(db_url: str) -> None:
    """Runs stored before reps existed are kept as they were, the three rep columns empty."""
    engine = make_engine(db_url)
    upgrade(engine, "0003")
    imported = {
        **SEED["run"][0],
        "id": 21,
        "type": "intervals",
        "fast_km": 2.5,
        "source": "fit",
        "source_id": "a.fit",
        "elapsed_min": 50.0,
        "max_speed_ms": 7.1,
        "fingerprint": "abc",
    }
    with engine.begin() as conn:
        _seed(conn)
        meta = sa.MetaData()
        meta.reflect(conn, only=["run"])
        conn.execute(sa.insert(meta.tables["run"]), [imported])
    kept = ["id", "athlete_id", "date", "type", "distance_km", "duration_min", "fast_km",
            "strides", "source", "source_id", "notes"]  # fmt: skip
    before = _rows(engine, "run", [*kept, "elapsed_min", "max_speed_ms", "fingerprint"])
    assert len(before) == 21
    upgrade(engine, "0004")
    assert current_revision(engine) == "0004"
    after = _rows(
        engine,
        "run",
        [*kept, "elapsed_min", "max_speed_ms", "fingerprint", "reps", "rep_km",
         "rep_pace_s_per_km"],
    )  # fmt: skip
    assert after == [(*row, None, None, None) for row in before]
    with engine.connect() as conn:  # and nothing else is lost on the way
        assert conn.execute(sa.text("SELECT count(*) FROM strength_set")).scalar_one() == 10
        assert conn.execute(sa.text("SELECT count(*) FROM injury")).scalar_one() == 1
    engine.dispose()


def test_0005_keeps_checkins_stored_at_0004_and_gives_them_no_resting_hr(db_url: str) -> None:
    """Check-ins stored before resting heart rate existed are kept as they were."""
    engine = make_engine(db_url)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        _seed(conn)
    kept = ["id", "athlete_id", "date", "soreness_left", "soreness_right", "fatigue", "sleep",
            "general_soreness", "stress", "mood", "notes"]  # fmt: skip
    before = _rows(engine, "checkin", kept)
    assert len(before) == 14
    upgrade(engine, "0005")
    assert current_revision(engine) == "0005"
    assert _rows(engine, "checkin", [*kept, "resting_hr"]) == [(*row, None) for row in before]
    with engine.connect() as conn:  # and nothing else is lost on the way
        assert conn.execute(sa.text("SELECT count(*) FROM run")).scalar_one() == 20
        assert conn.execute(sa.text("SELECT count(*) FROM injury")).scalar_one() == 1
    engine.dispose()


def test_0006_gives_each_stored_runner_a_change_stamp_of_their_own(db_url: str) -> None:
    """Runners stored at 0004 are kept, each with a distinct random stamp (not the column's
    default, which two databases would share)."""
    engine = make_engine(db_url)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        _seed(conn)
    kept = ["id", "name", "body_mass_kg", "v_max_ms", "birth_year", "units"]
    before = _rows(engine, "athlete", kept)
    upgrade(engine, "0006")
    assert current_revision(engine) == "0006"
    after = _rows(engine, "athlete", [*kept, "stamp"])
    assert [row[:-1] for row in after] == before
    stamps = [row[-1] for row in after]
    assert len(set(stamps)) == len(stamps) == 2
    assert all(len(s) == 16 and int(s, 16) >= 0 for s in stamps)
    with engine.connect() as conn:  # and nothing else is lost on the way
        assert conn.execute(sa.text("SELECT count(*) FROM run")).scalar_one() == 20
        assert conn.execute(sa.text("SELECT count(*) FROM strength_set")).scalar_one() == 10
        conn.execute(  # a row written without a stamp (an older tool) still gets one
            sa.text(
                "INSERT INTO athlete (id, name, body_mass_kg, v_max_ms, units, params, "
                "created_at) VALUES (3, 'Cy', 70, 7, 'km', '{}', '2025-01-01')"
            )
        )
        assert conn.execute(sa.text("SELECT stamp FROM athlete WHERE name = 'Cy'")).scalar_one()
    engine.dispose()


def test_0009_keeps_every_runner_and_lets_two_clubs_share_a_name(db_url: str) -> None:
    """Runners stored at 0008 are kept as they were (stamps included); afterwards the
    database takes a second runner of the same name (the store decides who may)."""
    engine = make_engine(db_url)
    upgrade(engine, "0008")
    with engine.begin() as conn:
        _seed(conn)
    kept = ["id", "name", "body_mass_kg", "v_max_ms", "birth_year", "units", "stamp"]
    before = _rows(engine, "athlete", kept)
    upgrade(engine, "0009")
    assert current_revision(engine) == "0009"
    assert _rows(engine, "athlete", kept) == before
    name = before[0][1]
    with engine.begin() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM run")).scalar_one() == 20
        conn.execute(
            sa.text(
                "INSERT INTO athlete (id, name, body_mass_kg, v_max_ms, units, params, "
                "created_at, stamp) VALUES (9, :n, 70, 7, 'km', '{}', '2025-01-01', 'x')"
            ),
            {"n": name},
        )
        named = "SELECT count(*) FROM athlete WHERE name = :n"
        assert conn.execute(sa.text(named), {"n": name}).scalar_one() == 2
    engine.dispose()


def test_the_tables_match_the_migrations(db_url: str) -> None:
    """A model change without a migration fails here: autogenerate finds nothing to do."""
    engine = open_database(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
    engine.dispose()


def test_downgrade_and_upgrade_round_trip(db_url: str) -> None:
    engine = open_database(db_url)
    cfg = alembic_config()

    def down(conn: Connection) -> None:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")

    run_with_foreign_keys_off(engine, down)
    assert current_revision(engine) is None
    assert needs_upgrade(engine)
    upgrade(engine)
    assert not needs_upgrade(engine)
    engine.dispose()


def test_upgrading_twice_is_harmless(db_url: str) -> None:
    engine = open_database(db_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_batch_rebuilds_on_sqlite_keep_cascaded_children(sqlite_url: str) -> None:
    """The DESIGN pitfall: a batch rebuild of a parent table with foreign keys ON deletes the
    children through ON DELETE CASCADE. Our migration runner turns them off first."""
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        _seed(conn)

    def rebuild_athlete(conn: Connection) -> None:
        ops = Operations(MigrationContext.configure(conn))
        with ops.batch_alter_table("athlete", recreate="always") as batch:
            batch.add_column(sa.Column("note", sa.String(20), nullable=True))

    run_with_foreign_keys_off(engine, rebuild_athlete)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM run").scalar_one() == 20
        assert conn.exec_driver_sql("SELECT count(*) FROM strength_set").scalar_one() == 10
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()


def test_a_migration_that_breaks_references_is_rolled_back(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        _seed(conn)

    def orphan(conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM athlete WHERE id = 2")

    with pytest.raises(StoreError, match="broken references"):
        run_with_foreign_keys_off(engine, orphan)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM athlete").scalar_one() == 2
    engine.dispose()


def test_a_pending_migration_first_backs_up_the_sqlite_file(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        _seed(conn)
    engine.dispose()
    assert backup_before_upgrade(make_engine(sqlite_url)) is None  # nothing due: no copy

    current = head_revision()
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")  # pretend a newer schema
    monkeypatch.setattr(migrate, "script_head", lambda: "9999")
    engine = open_database(sqlite_url)
    db_file = Path(str(engine.url.database))
    (copy,) = db_file.parent.glob(f"{db_file.name}.before-{current}-*.bak")
    con = sqlite3.connect(copy)
    assert con.execute("SELECT count(*) FROM run").fetchone() == (20,)
    con.close()
    engine.dispose()


_KILLED_BACKUP = """
import sqlite3, sys, time
from risk.store import migrate
from risk.store.engine import make_engine

real = sqlite3.connect


class Slow:  # the source connection, copying one page at a time
    def __init__(self, conn):
        self.conn = conn

    def backup(self, dst):
        def step(*_):
            print("copying", flush=True)
            time.sleep(0.5)

        self.conn.backup(dst, pages=1, progress=step)

    def close(self):
        self.conn.close()


sqlite3.connect = lambda *a, **k: Slow(real(*a, **k)) if k.get("uri") else real(*a, **k)
migrate.head_revision = lambda: "9999"
migrate.backup_before_upgrade(make_engine(sys.argv[1]))
"""


def test_a_backup_killed_midway_leaves_no_file_that_looks_like_a_backup(
    sqlite_url: str, tmp_path: Path
) -> None:
    """kill -9 during the pre-upgrade copy: only a hidden ``.partial`` file may remain, never
    a half-written ``….bak`` under the name of a good backup."""
    engine = open_database(sqlite_url)
    with engine.begin() as conn:
        _seed(conn)
    engine.dispose()
    folder = Path(str(make_engine(sqlite_url).url.database)).parent
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BACKUP, sqlite_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "copying"
    child.kill()  # SIGKILL: no clean-up runs
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert list(folder.glob("*.bak")) == []
    leftovers = [p.name for p in folder.iterdir() if not p.name.startswith("eccentric.db")]
    assert all(name.startswith(".eccentric.db.before-") for name in leftovers), leftovers
    assert all(".bak." in name and ".partial" in name for name in leftovers), leftovers


def test_a_new_database_needs_no_backup(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    assert backup_before_upgrade(engine) is None
    engine.dispose()


def test_old_broken_references_do_not_lock_the_user_out(sqlite_url: str) -> None:
    """Rows orphaned before (say, by a tool that wrote with foreign keys off) are not blamed on
    the migration: the database still opens."""
    engine = open_database(sqlite_url)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.exec_driver_sql(
            "INSERT INTO run (athlete_id, date, type, distance_km, source) "
            "VALUES (42, '2025-01-01', 'easy', 5.0, 'manual')"
        )
        conn.commit()
    engine.dispose()
    engine = make_engine(sqlite_url)
    run_with_foreign_keys_off(engine, lambda conn: None)  # would raise if the orphan counted
    engine.dispose()


def test_the_quick_head_check_agrees_with_alembic(db_url: str) -> None:
    """open_database skips loading Alembic only when the database is at the newest
    revision, read from the migration files themselves."""
    assert migrate.script_head() == head_revision()
    engine = make_engine(db_url)
    assert not migrate.at_head(engine)  # empty: no alembic_version table
    upgrade(engine, FIRST)
    assert not migrate.at_head(engine)  # behind
    engine.dispose()
    engine = open_database(db_url)  # upgrades, since it is behind
    assert migrate.at_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
