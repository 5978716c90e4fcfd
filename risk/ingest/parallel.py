"""Reading many files of one import at once, in worker processes, in their own order.

The main process reads each file's bytes (from its zip, ungzipped, within the limits);
a pool of up to ``min(cores, 4)`` workers parses them (:func:`risk.ingest.readers.read_bytes`)
and the results come back in the order the files were given, with at most a few files
per worker in flight, so memory stays bounded. Small imports (fewer than
:data:`MIN_PARALLEL` files) are read in the main process: a pool's start costs more than
it saves. Workers come from a ``forkserver`` (``spawn`` where there is none), never a
``fork`` of the main process, whose threads (Streamlit's) a fork would copy mid-step.

Isolation stays per file: a reader's error comes back as that file's refusal, and if a
worker dies the files it held are read again in the main process.

The limits hold in workers too (:mod:`risk.ingest.limits`): context variables do not
cross processes, so each file goes with the import's :class:`Limits` and the worker reads
it inside its own per-file meter (points, rows, CPU time of the parse; the main process
meters the fetch: bytes unpacked, CPU time of unzipping). A worker's CPU time is charged
to the import's budget when its result is collected. Without a pool each file is
streamed from its source (:func:`risk.ingest.readers.read_source`), not fetched whole.

``ECCENTRIC_IMPORT_WORKERS`` sets the number of workers; unset, there is no pool: on the
2-core benchmark machine (busy) a 500-activity export previewed in 51 s with 2 workers
against 25 s in one process, since FIT decoding (fitfast) now takes milliseconds a file
and a worker's start and the pickling of each file's track points cost more than it saves.
Set it on a machine with idle cores and many GPX/TCX files (which still parse slowly).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Final, TypeVar

from risk.ingest.activity import Activity, Rejected, unreadable
from risk.ingest.csvlog import CsvOptions
from risk.ingest.limits import LimitReached, charge
from risk.ingest.readers import fetch, read_bytes, read_source
from risk.ingest.sources import Limits, Source

ENV_WORKERS: Final = "ECCENTRIC_IMPORT_WORKERS"
MAX_WORKERS: Final = 4
#: Fewer files than this are read in the main process.
MIN_PARALLEL: Final = 48
#: Files in flight per worker.
PER_WORKER: Final = 4

K = TypeVar("K")
Result = list[Activity] | Rejected
#: One file to read: a key the caller keeps, the file (or its result, known already),
#: and the date to give a FIT file without one.
Job = tuple[K, Source | Result, dt.datetime | None]
_File = tuple[str, str, bytes, dt.datetime | None, CsvOptions | None]
_KINDS: Final = ("fit", "gpx", "tcx", "csv")


def worker_count() -> int:
    """Workers for an import: ``ECCENTRIC_IMPORT_WORKERS`` (bounded by min(cores, 4)) if
    set, else 1 (no pool)."""
    raw = os.environ.get(ENV_WORKERS, "").strip()
    if raw.isdigit():
        return max(1, min(int(raw), os.cpu_count() or 1, MAX_WORKERS))
    return 1


def parse(
    name: str,
    kind: str,
    data: bytes,
    date_hint: dt.datetime | None,
    csv_options: CsvOptions | None,
    limits: Limits | None = None,
) -> Result:
    """One file's activities or its refusal, read within ``limits`` (by default those of
    the import being read); never raises: it runs in a worker."""
    try:
        return read_bytes(
            name, kind, data, date_hint=date_hint, csv_options=csv_options, limits=limits
        )
    except Rejected as exc:
        return exc
    except Exception as exc:
        return unreadable(name, exc)


def _work(
    name: str,
    kind: str,
    data: bytes,
    date_hint: dt.datetime | None,
    csv_options: CsvOptions | None,
    limits: Limits,
) -> tuple[Result, float]:
    """:func:`parse` in a worker, with the CPU time it took (for the import's budget)."""
    started = time.thread_time()
    result = parse(name, kind, data, date_hint, csv_options, limits)
    return result, time.thread_time() - started


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server imports the readers once; each worker forks from it ready to parse.
        context.set_forkserver_preload(["risk.ingest.parallel"])
        return context
    return multiprocessing.get_context("spawn")


def read_all(
    jobs: Iterable[Job[K]],
    limits: Limits,
    *,
    count: int,
    csv_options: CsvOptions | None = None,
) -> Generator[tuple[K, Result], None, None]:
    """Each job's key and result, in the jobs' order; ``count`` (how many jobs there
    are) decides between the pool and the main process."""
    workers = worker_count()
    if workers < 2 or count < MIN_PARALLEL:
        for key, job, hint in jobs:
            yield key, _here(job, hint, limits, csv_options)
        return
    pool = ProcessPoolExecutor(min(workers, count), mp_context=_context())
    try:
        pending: deque[tuple[K, Future[tuple[Result, float]] | Result, _File | None]] = deque()
        for key, job, hint in jobs:
            if not isinstance(job, Source) or job.kind not in _KINDS:
                pending.append((key, _here(job, hint, limits, csv_options), None))
                continue
            try:
                data = fetch(job, limits)
            except Rejected as exc:
                pending.append((key, exc, None))
                if isinstance(exc, LimitReached):
                    break  # the import stops: nothing after this file is fetched
                continue
            file = (job.name, job.kind, data, hint, csv_options)
            pending.append((key, pool.submit(_work, *file, limits), file))
            while len(pending) > workers * PER_WORKER:
                yield _collect(*pending.popleft())
        while pending:
            yield _collect(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _here(
    job: Source | Result, hint: dt.datetime | None, limits: Limits, csv_options: CsvOptions | None
) -> Result:
    if not isinstance(job, Source):
        return job
    try:
        return read_source(job, limits, date_hint=hint, csv_options=csv_options)
    except Rejected as exc:
        return exc
    except Exception as exc:
        return unreadable(job.name, exc)


def _collect(
    key: K, outcome: Future[tuple[Result, float]] | Result, file: _File | None
) -> tuple[K, Result]:
    if not isinstance(outcome, Future) or file is None:
        return key, outcome  # type: ignore[return-value]
    try:
        result, cpu_s = outcome.result()
    except Exception:  # the worker died (or its result would not pickle): read it here
        return key, parse(*file)
    try:
        charge(cpu_s)
    except LimitReached as exc:
        return key, exc
    return key, result
