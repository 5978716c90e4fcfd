"""The store: SQLModel tables, engine, migrations, validated writes and DataFrame reads.

Open a database with :func:`open_database`; it creates and migrates it as needed.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from risk.store.engine import StoreError, database_url, make_engine
from risk.store.inputs import InvalidEntry
from risk.store.migrate import at_head, backup_before_upgrade, upgrade

__all__ = ["InvalidEntry", "StoreError", "database_url", "open_database"]


def open_database(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine on ``url`` (default ``ECCENTRIC_DATABASE_URL`` or data/eccentric.db),
    migrated to the latest schema unless ``migrate`` is False."""
    engine = make_engine(url)
    if migrate and not at_head(engine):
        backup_before_upgrade(engine)
        upgrade(engine)
    return engine
