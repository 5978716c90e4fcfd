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
    kind = source.kind
    if kind not in ("fit", "gpx", "tcx", "csv"):
        raise Rejected(f"{source.name}: not a file type Eccentric imports ({SUPPORTED})")
    try:
        return _read(source, kind, limits, date_hint, csv_options)
    except Rejected:
        raise
    except Exception as exc:  # a reader library's own error on a damaged file
        raise unreadable(source.name, exc) from exc


def _read(
    source: Source,
    kind: str,
    limits: Limits,
    date_hint: dt.datetime | None,
    csv_options: CsvOptions | None,
) -> list[Activity]:
    data = source.read(limits)
    if not data.strip():
        raise Rejected(f"{source.name}: empty file")
    if data[8:12] == b".FIT" or kind == "fit":
        return read_fit_bytes(data, source.name, date_hint=date_hint)
    if kind in ("gpx", "tcx"):
        found = sniff(data) or kind
        return read_gpx(data, source.name) if found == "gpx" else read_tcx(data, source.name)
    return read_csv_log(data, source.name, csv_options)
