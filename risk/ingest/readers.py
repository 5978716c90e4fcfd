"""One file in, its activities out: dispatch on the file's content and name.

Every read runs inside the limits of one file (:func:`risk.ingest.limits.reading`: rows,
points, CPU time). :func:`read_source` streams the file from its source (a zip member, an
upload, a path); :func:`fetch` and :func:`read_bytes` split that in two for the import
workers (:mod:`risk.ingest.parallel`): the main process fetches the bytes, a worker reads
them with the limits it is given (context variables do not cross processes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO, Final, TypeVar

from risk.ingest.activity import Activity, Rejected, unreadable
from risk.ingest.csvlog import CsvOptions, read_csv_log
from risk.ingest.fit import read_fit_bytes
from risk.ingest.gpx_tcx import read_gpx, read_tcx, sniff
from risk.ingest.limits import current, reading
from risk.ingest.sources import Limits, Source, prepend
from risk.ingest.text import Opener, opener

SUPPORTED = "FIT, GPX, TCX, CSV, or a zip of them (a Strava export)"
#: The first bytes looked at to tell a file's format (and whether it is blank).
HEAD: Final = 64 * 1024
T = TypeVar("T")


def read_source(
    source: Source,
    limits: Limits,
    *,
    date_hint: dt.datetime | None = None,
    csv_options: CsvOptions | None = None,
) -> list[Activity]:
    """The activities in one (non-zip) file; raises :class:`Rejected` with the reason,
    whatever the reader raised (a damaged file is refused, never a traceback). The file
    is streamed, within the limits of one file (size, rows, points, CPU time)."""
    if source.kind not in ("fit", "gpx", "tcx", "csv"):
        raise Rejected(f"{source.name}: not a file type Eccentric imports ({SUPPORTED})")
    with reading(source.name, limits):
        return _guarded(
            source.name,
            lambda: _read(
                source.name, source.kind, lambda: source.open(limits), date_hint, csv_options
            ),
        )


def fetch(source: Source, limits: Limits) -> bytes:
    """The bytes of ``source`` (within the limits of one file); raises :class:`Rejected`
    whatever went wrong (an encrypted or oddly compressed zip member too)."""
    with reading(source.name, limits):
        return _guarded(source.name, lambda: source.read(limits))


def read_bytes(
    name: str,
    kind: str,
    data: bytes,
    *,
    date_hint: dt.datetime | None = None,
    csv_options: CsvOptions | None = None,
    limits: Limits | None = None,
) -> list[Activity]:
    """The activities in the bytes of one file of format ``kind`` (as
    :attr:`Source.kind`), within ``limits`` (by default those of the import or file being
    read); raises :class:`Rejected` whatever went wrong."""
    with reading(name, limits if limits is not None else current()):
        return _guarded(name, lambda: _read(name, kind, opener(data), date_hint, csv_options))


def _guarded(name: str, read: Callable[[], T]) -> T:
    try:
        return read()
    except Rejected:
        raise
    except MemoryError:
        raise Rejected(f"{name}: refused: too large to read in memory") from None
    except Exception as exc:  # a reader library's own error on a damaged file
        raise unreadable(name, exc) from exc


def _read(
    name: str,
    kind: str,
    open_bytes: Opener,
    date_hint: dt.datetime | None,
    csv_options: CsvOptions | None,
) -> list[Activity]:
    with open_bytes() as stream:
        head = stream.read(HEAD)
        if not head.strip():
            _refuse_blank(stream, name)
        if head[8:12] == b".FIT" or kind == "fit":
            # The FIT decoders read a whole file (at most the file size limit).
            return read_fit_bytes(head + stream.read(), name, date_hint=date_hint)
        if kind in ("gpx", "tcx"):
            found = sniff(head) or kind
            reader = read_gpx if found == "gpx" else read_tcx
            return reader(prepend(head, stream), name)
    # A CSV may need a second pass (UTF-8 turned out wrong: Windows-1252), so it is reopened.
    return read_csv_log(open_bytes, name, csv_options)


def _refuse_blank(stream: IO[bytes], name: str) -> None:
    while chunk := stream.read(HEAD):
        if chunk.strip():
            raise Rejected(f"{name}: refused: starts with over 64 KB of blank space")
    raise Rejected(f"{name}: empty file")
