"""How much one import may read, and the meters that hold it to that.

:class:`Limits` caps the size of a file, its rows (CSV lines, activities.csv rows) and
track points, the CPU time spent on one file and on the whole import, the bytes unpacked
in one import, and the activities it may add. A real ten-year Strava export (~5,000
activities) and a twenty-year CSV log (~15,000 lines) fit well under the defaults; each
can be changed through an environment variable (``ENV``).

The meters are context-local so the readers need no extra arguments: :func:`importing`
opens one for a whole import (bytes unpacked, CPU time), :func:`reading` one for each file
(CPU time), and the readers call :func:`check_time` (through the capped streams of
:mod:`risk.ingest.sources`) and :func:`check_points` as they go. Outside them the limits
are the defaults and nothing is metered. Context variables do not cross processes: an
import worker is given the limits and meters its file itself, and the CPU time it took is
added to the import's (:func:`charge`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Any, Final

from risk.ingest.activity import Rejected

ENV_MAX_MB: Final = "ECCENTRIC_IMPORT_MAX_MB"
MB: Final = 1024 * 1024
GB: Final = 1024 * MB

#: Environment variable -> (Limits field, unit multiplier, description, upper bound).
ENV: Final[dict[str, tuple[str, float, str, float]]] = {
    ENV_MAX_MB: ("max_file_bytes", MB, "megabytes", 10_000),
    "ECCENTRIC_IMPORT_MAX_ROWS": ("max_rows", 1, "rows", 10_000_000),
    "ECCENTRIC_IMPORT_MAX_POINTS": ("max_points", 1, "track points", 100_000_000),
    "ECCENTRIC_IMPORT_MAX_ACTIVITIES": ("max_activities", 1, "activities", 10_000_000),
    "ECCENTRIC_IMPORT_MAX_CPU_S": ("max_file_cpu_s", 1, "seconds", 86_400),
    "ECCENTRIC_IMPORT_MAX_TOTAL_CPU_S": ("max_import_cpu_s", 1, "seconds", 864_000),
    "ECCENTRIC_IMPORT_MAX_TOTAL_GB": ("max_import_bytes", GB, "gigabytes", 10_000),
}
_VAR: Final = {field: var for var, (field, *_) in ENV.items()}


class LimitReached(Rejected):
    """A limit of the whole import (not of one file) was reached: the import stops here."""


@dataclass(frozen=True)
class Limits:
    """Safety limits of one import (defaults in brackets).

    Per file: its size (100 MB, also after ungzipping), its rows (50,000 CSV lines or
    activities.csv rows), its track points or FIT records (1,000,000: eleven days at one
    a second), its CPU time (30 s). Per zip: files (20,000), declared unpacked size
    (4 GB), compression ratio (200:1). Per import: bytes unpacked (8 GB), activities
    (50,000), CPU time (15 min).
    """

    max_file_bytes: int = 100 * MB
    max_zip_files: int = 20_000
    max_zip_total_bytes: int = 4 * GB
    max_ratio: float = 200.0
    max_rows: int = 50_000
    max_points: int = 1_000_000
    max_file_cpu_s: float = 30.0
    max_activities: int = 50_000
    max_import_bytes: int = 8 * GB
    max_import_cpu_s: float = 900.0

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, with any limit set by its environment variable (see ``ENV``)."""
        limits = cls()
        for var, (name, unit, what, top) in ENV.items():
            raw = os.environ.get(var, "").strip()
            if not raw:
                continue
            try:
                value = float(raw)
            except ValueError:
                raise Rejected(f"{var} must be a number of {what} (got {raw!r})") from None
            if not 0 < value <= top:
                raise Rejected(f"{var} must be between 0 and {top:g} (got {raw})")
            kind = {f.name: f.type for f in fields(cls)}[name]
            scaled: Any = int(value * unit) if kind == "int" else value * unit
            limits = replace(limits, **{name: scaled})
        return limits


def env_hint(field: str) -> str:
    """'(VARIABLE raises it)' for a limit that has an environment variable, else ''."""
    var = _VAR.get(field)
    return f" ({var} raises it)" if var else ""


def size_text(size: float) -> str:
    """A byte count for messages: '12 MB', '3 GB' or '500 bytes'."""
    if size >= GB and size % GB == 0:
        return f"{size / GB:.0f} GB"
    return f"{size / MB:.0f} MB" if size >= MB else f"{size:.0f} bytes"


@dataclass
class _Import:
    limits: Limits
    started: float
    unpacked: int = 0
    #: CPU seconds spent for this import elsewhere (import workers).
    charged: float = 0.0


@dataclass
class _File:
    name: str
    limits: Limits
    started: float


_import: ContextVar[_Import | None] = ContextVar("eccentric_import", default=None)
_file: ContextVar[_File | None] = ContextVar("eccentric_import_file", default=None)


def _cpu() -> float:
    # This thread's CPU time: the app's other sessions and threads do not count.
    return time.thread_time()


@contextmanager
def importing(limits: Limits) -> Iterator[None]:
    """Meter one import: bytes unpacked and CPU time, against ``limits``."""
    token = _import.set(_Import(limits, _cpu()))
    try:
        yield
    finally:
        _import.reset(token)


@contextmanager
def reading(name: str, limits: Limits) -> Iterator[None]:
    """Meter one file: its CPU time and track points, against ``limits``."""
    token = _file.set(_File(name, limits, _cpu()))
    try:
        yield
    finally:
        _file.reset(token)


def current() -> Limits:
    """The limits of the file (or import) being read; the defaults outside one."""
    meter = _file.get() or _import.get()
    return meter.limits if meter is not None else Limits()


def check_time() -> None:
    """Refuse the file, or stop the import, once its CPU time is over the limit."""
    now = _cpu()
    meter = _file.get()
    if meter is not None and now - meter.started > meter.limits.max_file_cpu_s:
        raise Rejected(
            f"{meter.name}: refused: reading it took over {meter.limits.max_file_cpu_s:g} s "
            f"of CPU time, the limit per file{env_hint('max_file_cpu_s')}"
        )
    whole = _import.get()
    if whole is not None and now - whole.started + whole.charged > whole.limits.max_import_cpu_s:
        raise LimitReached(
            f"import stopped: over {whole.limits.max_import_cpu_s:g} s of CPU time, the "
            f"limit per import{env_hint('max_import_cpu_s')}; the files after this one "
            "were not read"
        )


def charge(cpu_s: float) -> None:
    """Add CPU time spent for the import in another process (a worker reading one of its
    files) to the import's own; stop it once over the limit."""
    whole = _import.get()
    if whole is None:
        return
    whole.charged += cpu_s
    check_time()


def count_unpacked(n: int) -> None:
    """Add ``n`` unpacked bytes to the import; stop it once over the limit."""
    whole = _import.get()
    if whole is None:
        return
    whole.unpacked += n
    if whole.unpacked > whole.limits.max_import_bytes:
        raise LimitReached(
            f"import stopped: over {size_text(whole.limits.max_import_bytes)} of (unpacked) "
            f"file data read, the limit per import{env_hint('max_import_bytes')}; the files "
            "after this one were not read"
        )


def check_points(count: int, name: str) -> None:
    """Refuse a file with more than the limit of track points (or FIT records)."""
    cap = current().max_points
    if count > cap:
        raise Rejected(
            f"{name}: refused: over {cap:,} track points, the limit per file"
            f"{env_hint('max_points')}"
        )


def check_rows(count: int, name: str, what: str = "rows") -> None:
    """Refuse a file with more than the limit of rows."""
    if not count % 4096:  # a CSV already in memory passes no metered stream
        check_time()
    cap = current().max_rows
    if count > cap:
        raise Rejected(
            f"{name}: refused: over {cap:,} {what}, the limit per file{env_hint('max_rows')}"
        )
