"""Where the database is and how we connect to it.

SQLite (the default, ``data/eccentric.db`` beside the code) gets WAL, foreign keys
and a busy timeout on every connection; PostgreSQL (hosted) runs through psycopg 3.
The URL comes from ``ECCENTRIC_DATABASE_URL``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

ENV_VAR = "ECCENTRIC_DATABASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "eccentric.db"
BUSY_TIMEOUT_MS = 5000


class StoreError(RuntimeError):
    """A database problem told in one line (bad URL, unreachable server, ...)."""


def database_url() -> str:
    """The configured SQLAlchemy URL: ``ECCENTRIC_DATABASE_URL`` or the SQLite default."""
    url = os.environ.get(ENV_VAR, "").strip()
    return url or f"sqlite:///{DEFAULT_DB_PATH}"


def _normalise(url: str) -> sa.URL:
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        # Not echoed: a malformed URL may still hold a password.
        raise StoreError(
            f"{ENV_VAR} is not a database URL (expected e.g. sqlite:///path/to/file.db or "
            "postgresql+psycopg://user@host/db)"
        ) from exc
    # A bare postgresql:// URL would pick psycopg2, which we do not ship.
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for ``url`` (default: :func:`database_url`), not yet migrated.

    For a SQLite file the parent folder is created if missing.
    """
    parsed = _normalise(url or database_url())
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {parsed.render_as_string()!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def is_sqlite(engine: Engine) -> bool:
    """Whether ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"
