"""Bring a database to the latest schema with Alembic, keeping every row.

On SQLite, migrations run with foreign keys OFF: a batch table rebuild with them
ON would silently delete cascaded child rows (DESIGN.md pitfalls). Afterwards
``PRAGMA foreign_key_check`` must come back clean, or the upgrade is rolled back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from risk.store.access import LOCAL_VIEWER
from risk.store.engine import StoreError, is_sqlite
from risk.store.export import backup_sqlite

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported where it is used: opening a database that is already at the latest
# revision (every start of the app but the first after an update) need not load it.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^revision\b[^=]*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\b[^=]*=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE)


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty (unversioned) database."""
    from alembic.runtime.migration import MigrationContext

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
    from alembic import command

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
    # The server's own step before a migration, not a member's request: the local viewer.
    target = source.with_name(f"{source.name}.before-{current}-{stamp}.bak")
    return backup_sqlite(engine, target, viewer=LOCAL_VIEWER)


def needs_upgrade(engine: Engine) -> bool:
    """Whether the database is behind the latest migration."""
    return current_revision(engine) != head_revision()


def script_head() -> str | None:
    """The newest revision read straight from the migration files (no Alembic import):
    the one revision no other names as its ``down_revision``; None if that is unclear."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the database's ``alembic_version`` already names the newest migration
    (a quick check before loading Alembic; False whenever in doubt)."""
    head = script_head()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except sa.exc.DBAPIError:
        return False
    return [r[0] for r in rows] == [head]
