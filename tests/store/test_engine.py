"""Connections: where the database is and how SQLite is set up."""

from __future__ import annotations

from pathlib import Path

import pytest

from risk.store import StoreError, database_url
from risk.store.engine import DEFAULT_DB_PATH, ENV_VAR, make_engine


def test_default_is_the_sqlite_file_in_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert database_url() == f"sqlite:///{DEFAULT_DB_PATH}"
    assert DEFAULT_DB_PATH.parent.name == "data"


def test_environment_variable_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "sqlite:////tmp/elsewhere.db")
    assert database_url() == "sqlite:////tmp/elsewhere.db"


def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 5000
    assert (tmp_path / "sub").is_dir()
    engine.dispose()


def test_plain_postgresql_urls_use_psycopg3() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/test")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y"])
def test_bad_urls_are_reported_in_one_line(url: str) -> None:
    with pytest.raises(StoreError) as err:
        make_engine(url)
    assert "\n" not in str(err.value)
