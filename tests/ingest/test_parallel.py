"""Reading an import's files in worker processes gives what reading them one by one gives,
in the same order, and a dead worker costs nothing but time."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from risk.ingest import parallel, pipeline
from risk.ingest.activity import Rejected
from risk.ingest.sources import Limits, from_upload
from risk.store import open_database
from risk.store.access import LOCAL_VIEWER
from tests.conftest import create_ana
from tests.ingest.helpers import FIT
from tests.ingest.mutants import mutants

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _table(plan: pipeline.Preview) -> list[tuple[str, str, str, float | None]]:
    return [
        (i.file, i.status, i.reason, i.activity.distance_km if i.activity else None)
        for i in plan.items
    ]


def _zip(tmp_path: Path) -> Path:
    """A plain zip of good and damaged files (more than the pool's threshold)."""
    path = tmp_path / "many.zip"
    good = sorted(FIT.glob("*.fit"))
    with zipfile.ZipFile(path, "w") as z:
        for k, (name, data) in enumerate(mutants("fit", 30, seed=4)):
            z.writestr(f"bad/{k:02d}-{name}", data)
            z.writestr(f"good/{k:02d}-{good[k % len(good)].name}", good[k % len(good)].read_bytes())
        z.writestr("notes.txt", b"not an activity")
    return path


@pytest.mark.parametrize("which", ["strava", "zip"])
def test_the_pool_gives_the_serial_preview_in_the_same_order(
    engine_sqlite: Engine,
    monkeypatch: pytest.MonkeyPatch,
    strava_zip: Path,
    tmp_path: Path,
    which: str,
) -> None:
    target = strava_zip if which == "strava" else _zip(tmp_path)
    runner = create_ana(engine_sqlite)
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")
    serial = pipeline.preview(
        engine_sqlite, runner, pipeline.sources_from_paths([target]), viewer=LOCAL_VIEWER
    )
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 2)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    pooled = pipeline.preview(
        engine_sqlite, runner, pipeline.sources_from_paths([target]), viewer=LOCAL_VIEWER
    )
    assert _table(pooled) == _table(serial)
    assert serial.count("new") >= 3


def test_a_small_import_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_: object, **__: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    data = (FIT / "activity-small-fenix2-run.fit").read_bytes()
    jobs = [(k, from_upload(f"{k}.fit", data), None) for k in range(3)]
    out = list(parallel.read_all(jobs, Limits(), count=3))
    assert [k for k, _ in out] == [0, 1, 2]
    assert all(isinstance(r, list) and len(r) == 1 for _, r in out)


def test_a_file_whose_worker_died_is_read_here() -> None:
    data = (FIT / "activity-small-fenix2-run.fit").read_bytes()
    failed: Future[tuple[parallel.Result, float]] = Future()
    failed.set_exception(BrokenProcessPool("a worker died"))
    key, result = parallel._collect("k", failed, ("a.fit", "fit", data, None, None))
    assert key == "k" and isinstance(result, list) and len(result) == 1


def test_a_worker_never_raises() -> None:
    assert isinstance(parallel.parse("x.fit", "fit", b"\x0e garbage", None, None), Rejected)
    assert isinstance(parallel.parse("x.gpx", "gpx", b"<gpx", None, None), Rejected)


def test_the_worker_count_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.ENV_WORKERS, raising=False)
    assert parallel.worker_count() == 1  # no pool unless asked for
    monkeypatch.setenv(parallel.ENV_WORKERS, "64")
    assert 1 <= parallel.worker_count() <= parallel.MAX_WORKERS
    monkeypatch.setenv(parallel.ENV_WORKERS, "0")
    assert parallel.worker_count() == 1


@pytest.fixture
def engine_sqlite(sqlite_url: str) -> Iterator[Engine]:
    engine = open_database(sqlite_url)
    yield engine
    engine.dispose()
