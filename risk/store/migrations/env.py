"""Alembic environment: runs with the connection :func:`risk.store.migrate.upgrade` hands in.

From the command line (``uv run alembic ...``, see alembic.ini) it connects to
``ECCENTRIC_DATABASE_URL`` itself. SQLite uses batch mode (DESIGN.md pitfalls).
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from risk.store.engine import make_engine
from risk.store.migrate import run_with_foreign_keys_off
from risk.store.tables import UTCDateTime  # also registers the tables on the metadata

config = context.config
target_metadata = SQLModel.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import our live table code: store UTCDateTime as its impl.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        render_item=_render_item,
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    engine = make_engine()
    try:
        run_with_foreign_keys_off(engine, _configure_and_run)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")
run_migrations_online()
