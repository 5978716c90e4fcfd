"""One file in, its activities out: dispatch on the file's content and name."""

from __future__ import annotations

import datetime as dt
from typing import IO, BinaryIO, Final, cast

from risk.ingest.activity import Activity, Rejected, unreadable
from risk.ingest.csvlog import CsvOptions, read_csv_log
from risk.ingest.fit import read_fit
from risk.ingest.gpx_tcx import read_gpx, read_tcx, sniff
from risk.ingest.limits import reading
from risk.ingest.sources import Limits, Source, prepend

SUPPORTED = "FIT, GPX, TCX, CSV, or a zip of them (a Strava export)"
#: The first bytes looked at to tell a file's format (and whether it is blank).
HEAD: Final = 64 * 1024


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
    kind = source.kind
    if kind not in ("fit", "gpx", "tcx", "csv"):
        raise Rejected(f"{source.name}: not a file type Eccentric imports ({SUPPORTED})")
    try:
        with reading(source.name, limits):
            return _read(source, kind, limits, date_hint, csv_options)
    except Rejected:
        raise
    except MemoryError:
        raise Rejected(f"{source.name}: refused: too large to read in memory") from None
    except Exception as exc:  # a reader library's own error on a damaged file
        raise unreadable(source.name, exc) from exc


def _read(
    source: Source,
    kind: str,
    limits: Limits,
    date_hint: dt.datetime | None,
    csv_options: CsvOptions | None,
) -> list[Activity]:
    with source.open(limits) as stream:
        head = stream.read(HEAD)
        if not head.strip():
            _refuse_blank(stream, source.name)
        if head[8:12] == b".FIT" or kind == "fit":
            return read_fit(cast(BinaryIO, prepend(head, stream)), source.name, date_hint=date_hint)
        if kind in ("gpx", "tcx"):
            found = sniff(head) or kind
            reader = read_gpx if found == "gpx" else read_tcx
            return reader(prepend(head, stream), source.name)
    # A CSV may need a second pass (UTF-8 turned out wrong: Windows-1252), so it is reopened.
    return read_csv_log(lambda: source.open(limits), source.name, csv_options)


def _refuse_blank(stream: IO[bytes], name: str) -> None:
    while chunk := stream.read(HEAD):
        if chunk.strip():
            raise Rejected(f"{name}: refused: starts with over 64 KB of blank space")
    raise Rejected(f"{name}: empty file")
