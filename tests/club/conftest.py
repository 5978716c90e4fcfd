"""Club-mode store fixtures: a fresh database per test on SQLite and, when
``ECCENTRIC_TEST_POSTGRES_URL`` is set, on a throwaway PostgreSQL database of its own
(created and dropped around the test, so tests running at once never share one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from risk.store import open_database, writes
from risk.store.access import LOCAL_VIEWER
from tests.conftest import PG_ENV


def throwaway_postgres() -> Iterator[str]:
    """A URL to a new, empty PostgreSQL database on the test server; dropped afterwards.
    Skips when the server is not configured (CI sets it)."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (CI sets it)")
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"eccentric_club_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def club_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, on SQLite and then on PostgreSQL when configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'club.db'}"
    else:
        yield from throwaway_postgres()


@pytest.fixture
def club_engine(club_url: str) -> Iterator[Engine]:
    """A migrated, empty database."""
    engine = open_database(club_url)
    yield engine
    engine.dispose()


def runner(engine: Engine, name: str) -> int:
    """Store a runner profile called ``name``; its id."""
    athlete = writes.create_athlete(
        engine,
        {"name": name, "body_mass_kg": 60, "v_max_ms": 8.0, "units": "km"},
        viewer=LOCAL_VIEWER,
    )
    assert athlete.id is not None
    return athlete.id
