"""One file in, its activities out: dispatch on the file's content and name."""

from __future__ import annotations

import datetime as dt

from risk.ingest.activity import Activity, Rejected, unreadable
from risk.ingest.csvlog import CsvOptions, read_csv_log
from risk.ingest.fit import read_fit_bytes
from risk.ingest.gpx_tcx import read_gpx, read_tcx, sniff
from risk.ingest.sources import Limits, Source

SUPPORTED = "FIT, GPX, TCX, CSV, or a zip of them (a Strava export)"


def read_source(
    source: Source,
    limits: Limits,
    *,
    date_hint: dt.datetime | None = None,
    csv_options: CsvOptions | None = None,
) -> list[Activity]:
    """The activities in one (non-zip) file; raises :class:`Rejected` with the reason,
    whatever the reader raised (a damaged file is refused, never a traceback)."""
    if source.kind not in ("fit", "gpx", "tcx", "csv"):
        raise Rejected(f"{source.name}: not a file type Eccentric imports ({SUPPORTED})")
    return read_bytes(
        source.name,
        source.kind,
        fetch(source, limits),
        date_hint=date_hint,
        csv_options=csv_options,
    )


def fetch(source: Source, limits: Limits) -> bytes:
    """The bytes of ``source``; raises :class:`Rejected` whatever went wrong (an encrypted
    or oddly compressed zip member too)."""
    try:
        return source.read(limits)
    except Rejected:
        raise
    except Exception as exc:
        raise unreadable(source.name, exc) from exc


def read_bytes(
    name: str,
    kind: str,
    data: bytes,
    *,
    date_hint: dt.datetime | None = None,
    csv_options: CsvOptions | None = None,
) -> list[Activity]:
    """The activities in the bytes of one file of format ``kind`` (as
    :attr:`Source.kind`); raises :class:`Rejected` whatever went wrong."""
    try:
        return _read(name, kind, data, date_hint, csv_options)
    except Rejected:
        raise
    except Exception as exc:  # a reader library's own error on a damaged file
        raise unreadable(name, exc) from exc


def _read(
    name: str,
    kind: str,
    data: bytes,
    date_hint: dt.datetime | None,
    csv_options: CsvOptions | None,
) -> list[Activity]:
    if not data.strip():
        raise Rejected(f"{name}: empty file")
    if data[8:12] == b".FIT" or kind == "fit":
        return read_fit_bytes(data, name, date_hint=date_hint)
    if kind in ("gpx", "tcx"):
        found = sniff(data) or kind
        return read_gpx(data, name) if found == "gpx" else read_tcx(data, name)
    return read_csv_log(data, name, csv_options)
