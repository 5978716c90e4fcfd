"""Bring a database to the latest schema with Alembic, keeping every row.

On SQLite, migrations run with foreign keys OFF: a batch table rebuild with them
ON would silently delete cascaded child rows (DESIGN.md pitfalls). Afterwards
``PRAGMA foreign_key_check`` must come back clean, or the upgrade is rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from risk.store.engine import StoreError, is_sqlite
from risk.store.export import backup_sqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty (unversioned) database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def run_with_foreign_keys_off(engine: Engine, work: Callable[[Connection], Any]) -> None:
    """Run ``work(connection)`` and commit; on SQLite with foreign keys OFF and checked after."""
    with engine.connect() as conn:
        broken_before = 0
        if is_sqlite(engine):
            conn.commit()  # PRAGMA foreign_keys is a no-op inside a transaction
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            broken_before = len(conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
        try:
            work(conn)
            if is_sqlite(engine):
                broken = len(conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
                if broken > broken_before:
                    conn.rollback()
                    raise StoreError(
                        f"migration left {broken - broken_before} rows with broken references; "
                        "rolled back"
                    )
            conn.commit()
        finally:
            if is_sqlite(engine):
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` (default: the latest)."""
    cfg = alembic_config()

    def work(conn: Connection) -> None:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)

    try:
        run_with_foreign_keys_off(engine, work)
    except sa.exc.OperationalError as exc:
        first_line = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else str(exc)
        raise StoreError(f"cannot reach the database: {first_line}") from exc


def backup_before_upgrade(engine: Engine) -> Path | None:
    """Before migrating a SQLite database that already has a schema, copy it beside itself
    (``eccentric.db.before-<revision>-<UTC time>.bak``); returns the copy, or None when no
    migration is due (or the database is new, or not SQLite)."""
    if not is_sqlite(engine) or not engine.url.database or engine.url.database == ":memory:":
        return None
    current = current_revision(engine)
    if current is None or current == head_revision():
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    source = Path(engine.url.database)
    return backup_sqlite(engine, source.with_name(f"{source.name}.before-{current}-{stamp}.bak"))


def needs_upgrade(engine: Engine) -> bool:
    """Whether the database is behind the latest migration."""
    return current_revision(engine) != head_revision()
