"""Import under fire (issue 14): every limit refuses early with a message that names it,
and the readers stream, so memory does not grow with the size of a file.

The hostile inputs of ``bench/bench_hostile.py`` at a scale of seconds: small files
against small limits. Timings are never asserted; memory is measured with tracemalloc
against the file's size.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from risk.ingest import fit_decode, parallel, pipeline
from risk.ingest.activity import Rejected
from risk.ingest.csvlog import read_csv_log
from risk.ingest.gpx_tcx import MAX_DEPTH, read_gpx, read_tcx
from risk.ingest.limits import ENV, LimitReached, Limits, charge, importing, reading
from risk.ingest.readers import read_bytes, read_source
from risk.ingest.sources import from_upload, zip_members
from risk.ingest.strava import read_export
from risk.store import open_database
from risk.store.access import LOCAL_VIEWER
from tests.conftest import create_ana
from tests.ingest.conftest import HEADER, _row
from tests.ingest.helpers import FIXTURES

GPX = (FIXTURES / "gpx" / "intervals.gpx").read_bytes()
TCX = (FIXTURES / "tcx" / "multisport.tcx").read_bytes()


def _csv_log(lines: int) -> bytes:
    out = ["date,type,distance_km,duration"]
    day = dt.date(2020, 1, 1)
    out += [f"{day + dt.timedelta(days=k)},easy,{5 + k % 5},30:00" for k in range(lines)]
    return ("\n".join(out) + "\n").encode()


def _track(points: int) -> bytes:
    start = dt.datetime(2026, 5, 1, 6, tzinfo=dt.UTC)
    body = "".join(
        f'<trkpt lat="{52 + k * 2.7e-5:.7f}" lon="4.3"><time>'
        f"{(start + dt.timedelta(seconds=k)):%Y-%m-%dT%H:%M:%SZ}</time>"
        "<extensions><hr>150</hr></extensions></trkpt>"
        for k in range(points)
    )
    return f'<?xml version="1.0"?><gpx><trk><trkseg>{body}</trkseg></trk></gpx>'.encode()


def _strava(rows: list[list[str]], members: dict[str, bytes]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([HEADER, *rows])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities.csv", text.getvalue())
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _strava_row(ident: str, file: str) -> list[str]:
    return _row(ident, "Jun 16, 2026, 5:00:00 PM", "Track", "Run", file, 2019, "7,1", 7119.0, 2019)


def _export(data: bytes, limits: Limits) -> dict[str, object]:
    archive, members, _ = zip_members(data, "export.zip", limits)
    with archive, importing(limits):
        return dict(read_export(archive, members, "export.zip", limits))


# --- rows, points and members ------------------------------------------------------------


def test_a_csv_log_over_the_row_limit_is_refused_naming_the_limit() -> None:
    source = from_upload("log.csv", _csv_log(30))
    assert len(read_source(source, Limits(max_rows=30))) == 30
    with pytest.raises(Rejected) as exc:
        read_source(source, Limits(max_rows=29))
    assert "over 29 lines, the limit per file (ECCENTRIC_IMPORT_MAX_ROWS raises it)" in str(
        exc.value
    )


def test_activities_csv_over_the_row_limit_refuses_the_export() -> None:
    data = _strava([_strava_row(str(k), "") for k in range(12)], {})
    with pytest.raises(Rejected, match=r"over 10 activities, the limit per file"):
        _export(data, Limits(max_rows=10))


def test_a_gpx_over_the_point_limit_is_refused_naming_the_limit() -> None:
    data = _track(120)
    assert read_gpx(data, "t.gpx")[0].distance_km > 0.3
    with pytest.raises(Rejected) as exc, reading("t.gpx", Limits(max_points=100)):
        read_gpx(data, "t.gpx")
    assert "over 100 track points, the limit per file (ECCENTRIC_IMPORT_MAX_POINTS" in str(
        exc.value
    )


@pytest.mark.parametrize("decoder", ["fitfast", "fitdecode"])
def test_a_fit_over_the_point_limit_is_refused(
    decoder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fit = (FIXTURES / "fit" / "activity-small-fenix2-run.fit").read_bytes()
    if decoder == "fitdecode":  # as a file over fitfast's size is
        monkeypatch.setattr(fit_decode, "FAST_MAX_BYTES", 0)
    assert fit_decode.decode_fit(fit, "run.fit").decoder == decoder
    source = from_upload("run.fit", fit)
    assert read_source(source, Limits())
    with pytest.raises(Rejected, match=r"over 10 track points, the limit per file"):
        read_source(source, Limits(max_points=10))
    with pytest.raises(Rejected, match=r"of CPU time, the limit per file"):
        read_source(source, Limits(max_file_cpu_s=1e-9))


def test_each_member_of_a_strava_export_is_read_once() -> None:
    rows = [
        _strava_row("1", "activities/a.gpx"),
        _strava_row("2", "activities/a.gpx"),
        _strava_row("3", "activities.csv"),
        _strava_row("4", "activities/notes.csv"),
    ]
    data = _strava(rows, {"activities/a.gpx": GPX, "activities/notes.csv": _csv_log(3)})
    out = _export(data, Limits())
    first, again, itself, log = (out[k] for k in out if "activity" in k)
    assert isinstance(first, list) and len(first) == 1
    assert isinstance(again, Rejected) and "already read as activity 1" in str(again)
    assert isinstance(itself, Rejected) and "list of activities itself" in str(itself)
    assert isinstance(log, Rejected) and "not a FIT, GPX or TCX file" in str(log)


# --- time and bytes -------------------------------------------------------------------------


def test_a_file_over_its_cpu_time_is_refused_naming_the_limit() -> None:
    source = from_upload("big.gpx", _track(3000))
    with pytest.raises(Rejected) as exc:
        read_source(source, Limits(max_file_cpu_s=1e-9))
    message = str(exc.value)
    assert "of CPU time, the limit per file (ECCENTRIC_IMPORT_MAX_CPU_S raises it)" in message


def test_a_gzip_bomb_streams_only_to_its_cap() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(Rejected, match="a compression bomb"):
        read_source(from_upload("x.gpx.gz", bomb), Limits(max_ratio=10))


def _names(plan: pipeline.Preview) -> list[str]:
    return [i.file for i in plan.items]


def test_the_import_stops_at_its_unpacked_byte_limit(engine: Engine, runner: int) -> None:
    sources = [from_upload(f"log{k}.csv", _csv_log(5)) for k in range(6)]
    size = len(_csv_log(5))
    plan = pipeline.preview(
        engine, runner, sources, limits=Limits(max_import_bytes=3 * size), viewer=LOCAL_VIEWER
    )
    last = plan.items[-1]
    assert last.status == "rejected" and "limit per import" in last.reason
    assert "ECCENTRIC_IMPORT_MAX_TOTAL_GB" in last.reason
    assert "log5.csv" not in _names(plan)  # the files after it are not read


def test_the_import_stops_at_its_activity_limit(engine: Engine, runner: int) -> None:
    sources = [from_upload(f"log{k}.csv", _csv_log(4)) for k in range(4)]
    plan = pipeline.preview(
        engine, runner, sources, limits=Limits(max_activities=10), viewer=LOCAL_VIEWER
    )
    assert plan.count("new") == 8
    assert plan.items[-1].reason.startswith("import stopped: over 10 activities")
    assert "ECCENTRIC_IMPORT_MAX_ACTIVITIES" in plan.items[-1].reason
    assert "log3.csv" not in _names(plan)


def test_every_limit_has_its_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ENV:
        monkeypatch.setenv(var, "3")
    limits = Limits.from_env()
    assert (limits.max_rows, limits.max_points, limits.max_activities) == (3, 3, 3)
    assert limits.max_file_cpu_s == limits.max_import_cpu_s == 3.0
    assert limits.max_import_bytes == 3 * 1024**3 and limits.max_file_bytes == 3 * 1024**2
    monkeypatch.setenv("ECCENTRIC_IMPORT_MAX_ROWS", "-1")
    with pytest.raises(Rejected, match="ECCENTRIC_IMPORT_MAX_ROWS must be between"):
        Limits.from_env()


# --- XML shapes -------------------------------------------------------------------------------


def test_deep_nesting_is_refused() -> None:
    n = MAX_DEPTH + 5
    data = b"<gpx>" + b"<a>" * n + b"</a>" * n + b"</gpx>"
    with pytest.raises(Rejected, match=f"nested over {MAX_DEPTH} deep"):
        read_gpx(data, "deep.gpx")


def test_a_track_point_of_thousands_of_elements_is_refused() -> None:
    data = b'<gpx><trk><trkseg><trkpt lat="1" lon="1">' + b"<x/>" * 5000
    data += b"</trkpt></trkseg></trk></gpx>"
    with pytest.raises(Rejected, match="a <trkpt> of over 1,000 elements"):
        read_gpx(data, "fat.gpx")


def test_the_root_element_is_checked_before_the_rest_is_read() -> None:
    with pytest.raises(Rejected, match="not a TCX file"):
        read_tcx(b"<gpx>" + b"<trkpt/>" * 10 + b"<broken", "x.tcx")


# --- memory -----------------------------------------------------------------------------------


def _peak(data: bytes, reader: str) -> int:
    stream = io.BytesIO(data)
    tracemalloc.start()
    try:
        with contextlib.suppress(Rejected):
            (read_gpx if reader == "gpx" else read_tcx)(stream, "t")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_gpx_of_empty_elements_is_parsed_in_bounded_memory() -> None:
    data = b"<gpx><trk><trkseg>" + b"<trkpt/>" * 500_000 + b"</trkseg></trk></gpx>"
    peak = _peak(data, "gpx")
    assert peak < 1_000_000 < len(data)  # 4 MB of elements; the whole tree took 40 MB


def test_a_multi_megabyte_gpx_track_is_parsed_in_memory_well_below_its_size() -> None:
    data = _track(40_000)  # 4.5 MB; the reader that built the whole tree peaked at ~10x that
    peak = _peak(data, "gpx")
    assert peak < len(data)


def test_a_tcx_is_streamed_too() -> None:
    text = (FIXTURES / "tcx" / "run.tcx").read_text(encoding="utf-8")
    head, rest = text.split("<Trackpoint>", 1)
    point = "<Trackpoint>" + rest.split("</Trackpoint>", 1)[0] + "</Trackpoint>"
    tail = "</Track>" + rest.rsplit("</Track>", 1)[1]
    data = (head + point * 30_000 + tail).encode()  # ~ 8 MB of the same point
    assert _peak(data, "tcx") < len(data)  # the whole tree took ~10x the file


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    engine = open_database(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def runner(engine: Engine) -> int:
    return create_ana(engine)


# --- streaming gives the same answer however the bytes arrive ---------------------------


class _Trickle(io.RawIOBase):
    """A stream that hands out at most ``sizes[i]`` bytes per read, as pipes and zips do."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data = memoryview(data)
        self._sizes = sizes or [1]
        self._k = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self._sizes[self._k % len(self._sizes)], len(self._data))
        self._k += 1
        buffer[:n] = self._data[:n]
        self._data = self._data[n:]
        return n


@settings(max_examples=25, deadline=None)
@given(
    blank=st.integers(0, 3000),
    sizes=st.lists(st.integers(1, 70_000), min_size=1, max_size=8),
    tcx=st.booleans(),
)
def test_a_track_read_in_any_chunks_after_any_blank_space_is_the_same(
    blank: int, sizes: list[int], tcx: bool
) -> None:
    data = TCX if tcx else GPX
    reader = read_tcx if tcx else read_gpx
    whole = reader(data, "x")
    chunked = reader(io.BufferedReader(_Trickle(b" \n" * blank + data, sizes)), "x")
    assert [(a.distance_km, a.start_utc, a.moving_min, a.source_id) for a in chunked] == [
        (a.distance_km, a.start_utc, a.moving_min, a.source_id) for a in whole
    ]
    assert all(
        np.array_equal(a.samples.t, b.samples.t) and np.array_equal(a.samples.d, b.samples.d)
        for a, b in zip(chunked, whole, strict=True)
        if a.samples is not None and b.samples is not None
    )


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 5000), min_size=1, max_size=6), cp1252=st.booleans())
def test_a_csv_log_read_in_any_chunks_is_the_same(sizes: list[int], cp1252: bool) -> None:
    data = _csv_log(200).replace(b",duration", b",notes").replace(b",30:00", b",Loop")
    if cp1252:  # a byte that is not UTF-8 on the last line: all read again as Windows-1252
        data = data[: data.rindex(b"Loop")] + "Café\n".encode("cp1252")
    runs = read_csv_log(lambda: nullcontext(io.BufferedReader(_Trickle(data, sizes))), "log.csv")
    assert [(r.distance_km, r.name) for r in runs] == [
        (r.distance_km, r.name) for r in read_csv_log(data, "log.csv")
    ]
    assert runs[-1].name == ("Café" if cp1252 else "Loop")


def test_bytes_in_memory_are_held_to_the_cpu_time_too() -> None:
    # A reader handed bytes (no metered stream) checks the clock as it parses.
    data = b"<gpx><trk><trkseg>" + b"<trkpt/>" * 50_000 + b"</trkseg></trk></gpx>"
    late = Limits(max_file_cpu_s=1e-9)
    with pytest.raises(Rejected, match="of CPU time, the limit per file"), reading("x", late):
        read_gpx(data, "x.gpx")
    with pytest.raises(Rejected, match="of CPU time, the limit per file"), reading("x", late):
        read_csv_log(_csv_log(5000), "log.csv")


# --- import workers: the limits cross into other processes --------------------------------


def test_bytes_read_for_a_worker_keep_the_limits_they_are_given() -> None:
    fit = (FIXTURES / "fit" / "activity-small-fenix2-run.fit").read_bytes()
    assert read_bytes("run.fit", "fit", fit, limits=Limits())
    with pytest.raises(Rejected, match=r"over 10 track points"):
        read_bytes("run.fit", "fit", fit, limits=Limits(max_points=10))
    with pytest.raises(Rejected, match=r"of CPU time, the limit per file"):
        read_bytes("t.gpx", "gpx", _track(3000), limits=Limits(max_file_cpu_s=1e-9))
    with pytest.raises(Rejected, match=r"over 29 lines"):
        read_bytes("log.csv", "csv", _csv_log(30), limits=Limits(max_rows=29))


def test_a_workers_cpu_time_counts_towards_the_import() -> None:
    done: Future[tuple[parallel.Result, float]] = Future()
    done.set_result(([], 50.0))
    file = ("a.fit", "fit", b"", None, None)
    with importing(Limits(max_import_cpu_s=100)):
        assert parallel._collect("k", done, file) == ("k", [])
        charge(10.0)
        _, result = parallel._collect("k", done, file)
    assert isinstance(result, LimitReached) and "limit per import" in str(result)


@pytest.mark.parametrize("which", ["zip", "strava"])
def test_pooled_imports_keep_the_limits_per_file(
    engine: Engine, runner: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, which: str
) -> None:
    fit = (FIXTURES / "fit" / "activity-small-fenix2-run.fit").read_bytes()
    if which == "zip":
        data = _zip({f"{k}.fit": fit for k in range(4)} | {"a.gpx": GPX, "log.csv": _csv_log(30)})
    else:
        rows = [_strava_row(str(k), f"activities/{k}.fit") for k in range(4)]
        rows += [_strava_row("5", "activities/0.fit"), _strava_row("6", "activities.csv")]
        data = _strava(rows, {f"activities/{k}.fit": fit for k in range(4)})
    path = tmp_path / "many.zip"
    path.write_bytes(data)
    tight = Limits(max_points=10, max_rows=29)
    monkeypatch.setenv(parallel.ENV_WORKERS, "1")
    serial = pipeline.preview(
        engine, runner, pipeline.sources_from_paths([path]), limits=tight, viewer=LOCAL_VIEWER
    )
    monkeypatch.setenv(parallel.ENV_WORKERS, "2")
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 2)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    started: list[int] = []
    pool = parallel.ProcessPoolExecutor

    def counted(*args: Any, **kw: Any) -> Any:
        started.append(1)
        return pool(*args, **kw)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counted)
    pooled = pipeline.preview(
        engine, runner, pipeline.sources_from_paths([path]), limits=tight, viewer=LOCAL_VIEWER
    )
    assert started  # the files went to workers
    table = [(i.file, i.status, i.reason) for i in pooled.items]
    assert table == [(i.file, i.status, i.reason) for i in serial.items]
    over = sum("over 10 track points" in i.reason for i in pooled.items)
    if which == "strava":
        assert over == 4
        assert any("already read as activity 0" in i.reason for i in pooled.items)
        assert any("list of activities itself" in i.reason for i in pooled.items)
    else:
        assert over == 5  # the FIT files and the GPX
        assert any("over 29 lines" in i.reason for i in pooled.items)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()
