"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from risk.store import open_database, writes
from risk.store.access import LOCAL_VIEWER
from risk.store.inputs import TODAY_ENV
from risk.ui_guard import RAISE_ENV
from tests.clock import TODAY

# Pin "today" for everything the tests run, subprocesses included (tests/clock.py).
os.environ[TODAY_ENV] = TODAY.isoformat()
# Page errors raise as they are (AppTest's ``at.exception``), not as the visitor's one line
# with a reference (risk.ui_guard); tests of that line unset it.
os.environ[RAISE_ENV] = "1"

PG_ENV = "ECCENTRIC_TEST_POSTGRES_URL"


def reset_postgres(url: str) -> None:
    """Empty the PostgreSQL test database (drop and recreate the public schema)."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def pytest_report_header(config: pytest.Config) -> list[str]:
    clock = f"Today is pinned to {TODAY:%a %d %b %Y} (ECCENTRIC_TEST_TODAY moves it)"
    if os.environ.get(PG_ENV):
        return [clock, f"PostgreSQL store tests: on ({PG_ENV} is set)"]
    return [
        clock,
        f"PostgreSQL store tests: skipped; set {PG_ENV}="
        "postgresql+psycopg://postgres@127.0.0.1:5432/test to run them",
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to an empty database: a SQLite file, then PostgreSQL if configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'eccentric.db'}"
    return postgres_url()


def postgres_url() -> str:
    """The PostgreSQL test database, emptied; skips the test when it is not configured
    (deliberate: developers without a server run the SQLite half; CI sets the variable).

    Under pytest-xdist each worker has a database of its own (``<name>_gw0``…), created
    on first use: the workers run tests at the same time and would empty each other's.
    """
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (CI sets it)")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        url = _worker_database(url, worker)
    reset_postgres(url)
    return url


def _worker_database(url: str, worker: str) -> str:
    """``url`` moved to the database ``<its name>_<worker>``, created if missing."""
    base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).first()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL to an empty SQLite file (for tests about SQLite itself)."""
    return f"sqlite:///{tmp_path / 'eccentric.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty database on each engine."""
    eng = open_database(db_url)
    yield eng
    eng.dispose()


def create_ana(engine: Engine) -> int:
    """Store the test runner Ana (61 kg, 8 m/s, km) and return her id."""
    athlete = writes.create_athlete(
        engine,
        {"name": "Ana", "body_mass_kg": 61, "v_max_ms": 8.0, "units": "km"},
        viewer=LOCAL_VIEWER,
    )
    assert athlete.id is not None
    return athlete.id


@pytest.fixture
def runner(engine: Engine) -> int:
    """The id of a runner profile in ``engine``."""
    return create_ana(engine)
