"""Damaged files never escape as an exception: each is refused with its own one-line
reason, and the files beside it import as usual (issue "Import and store under fire").

A seeded, bounded campaign runs here on every CI run; ``bench/fuzz_import.py`` runs a
longer one on demand and prints the counts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from risk.ingest import pipeline
from risk.ingest.sources import from_upload
from risk.store import open_database, queries
from risk.store.access import LOCAL_VIEWER
from tests.conftest import create_ana
from tests.ingest.mutants import FORMATS, SEEDS, mutants

PER_FORMAT = 60
# fitdecode warns on every damaged definition message it passes over.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_damaged_file_escapes_preview_or_commit(
    sqlite_engine: Engine, sqlite_runner: int, fmt: str
) -> None:
    for name, data in mutants(fmt, PER_FORMAT, seed=11):
        plan = pipeline.preview(
            sqlite_engine, sqlite_runner, [from_upload(name, data)], viewer=LOCAL_VIEWER
        )
        for item in plan.items:
            assert item.status in ("new", "duplicate", "changed", "rejected")
            if item.status == "rejected":
                assert item.reason and "\n" not in item.reason and len(item.reason) < 600
        pipeline.commit(sqlite_engine, sqlite_runner, plan, viewer=LOCAL_VIEWER)


def test_a_damaged_file_does_not_sink_the_good_one_beside_it(
    sqlite_engine: Engine, sqlite_runner: int
) -> None:
    good = SEEDS["tcx"][0]
    sources = [from_upload(n, d) for n, d in mutants("fit", 20, seed=3)]
    sources.append(from_upload(good.name, good.read_bytes()))
    plan = pipeline.preview(sqlite_engine, sqlite_runner, sources, viewer=LOCAL_VIEWER)
    summary = pipeline.commit(sqlite_engine, sqlite_runner, plan, viewer=LOCAL_VIEWER)
    assert any(i.file == good.name and i.status == "new" for i in plan.items)
    assert summary.added >= 1
    assert len(queries.runs(sqlite_engine, sqlite_runner, viewer=LOCAL_VIEWER)) == summary.added


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    """The fuzz campaign on SQLite only: the database is not what is under test here."""
    engine = open_database(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_runner(sqlite_engine: Engine) -> int:
    return create_ana(sqlite_engine)
