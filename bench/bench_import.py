"""Import benchmark: a Strava-style export of 500 activities, against bare decoding.

Run on demand: ``uv run python bench/bench_import.py [--n 500]``. Builds an export from the
test fixtures with every copy's dates shifted (FIT files rewritten by bench/fitshift.py,
GPX/TCX times moved), then measures in one run:
- bare decoding: every file read from the zip, ungzipped and decoded with the decoder
  alone (fitdecode for FIT, defusedxml's iterparse for GPX/TCX), nothing else;
- the preview alone (read, decode with risk.ingest.fit_decode, speed profile, type,
  validation, duplicate check), with the worker pool (risk.ingest.parallel) and without
  it (``ECCENTRIC_IMPORT_WORKERS=1``): target ≤ 0.5× bare decoding;
- the whole import: preview and commit (one transaction per activity) into a fresh SQLite
  file (target ≤ 1.5× bare);
and reports activities per second and the ratios. Memory: the peak resident size of a
fresh process importing n/5 and n activities (flat = about equal).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import defusedxml.ElementTree as SafeET
import fitdecode

sys.path.insert(0, str(Path(__file__).parent))
from fitshift import shift_fit

from risk.ingest import parallel, pipeline
from risk.store import open_database, writes
from risk.store.access import LOCAL_VIEWER

ROOT = Path(__file__).parents[1]
FIX = ROOT / "tests" / "ingest" / "fixtures"
#: (file, share of the export, Strava type): mostly FIT, as real exports are.
MIX = [
    (FIX / "fit" / "activity-small-fenix2-run.fit", 0.2, "Run"),
    (FIX / "fit" / "2013-02-06-12-11-14.fit", 0.35, "Run"),
    (FIX / "fit" / "compressed-speed-distance.fit", 0.2, "Run"),
    (FIX / "fit" / "garmin-fenix-5-bike.fit", 0.05, "Ride"),
    (FIX / "fit" / "garmin-fenix-5-run.fit", 0.05, "Run"),
    (FIX / "gpx" / "intervals.gpx", 0.1, "Run"),
    (FIX / "tcx" / "run.tcx", 0.05, "Run"),
]
HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Elapsed Time",
    "Distance",
    "Filename",
    "Elapsed Time",
    "Moving Time",
    "Distance",
]
_ISO = re.compile(rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})")


def _shift_xml(data: bytes, days: int) -> bytes:
    def move(m: re.Match[bytes]) -> bytes:
        t = dt.datetime.fromisoformat(m[1].decode()) + dt.timedelta(days=days)
        return t.strftime("%Y-%m-%dT%H:%M:%S").encode()

    return _ISO.sub(move, data)


def build_export(path: Path, n: int) -> int:
    """Write an export of ``n`` activities to ``path``; returns the bytes of its files."""
    plan: list[tuple[Path, str]] = []
    for file, share, kind in MIX:
        plan += [(file, kind)] * round(share * n)
    plan = (plan * 2)[:n]
    rows = []
    total = 0
    base = dt.datetime(2020, 1, 1, 7, 0, tzinfo=dt.UTC)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for k, (file, kind) in enumerate(plan):
            raw = file.read_bytes()
            if file.suffix == ".fit":
                data = gzip.compress(shift_fit(raw, 86_400 * (k + 1)), compresslevel=5)
                name = f"activities/{1000 + k}.fit.gz"
            else:
                data = gzip.compress(_shift_xml(raw, -(k + 1) - 730), compresslevel=5)
                name = f"activities/{1000 + k}{file.suffix}.gz"
            total += len(data)
            z.writestr(name, data)
            when = base + dt.timedelta(days=k)
            rows.append(
                [
                    str(1000 + k),
                    when.strftime("%b %-d, %Y, %-I:%M:%S %p"),
                    f"Copy {k}",
                    kind,
                    "3600",
                    "10",
                    name,
                    "3600",
                    "3500",
                    "10000",
                ]
            )
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(HEADER)
        writer.writerows(rows)
        z.writestr("activities.csv", text.getvalue())
    return total


def bare_decode(path: Path) -> int:
    """Decode every activity file of the export with the decoder library alone."""
    frames = 0
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if not info.filename.startswith("activities/"):
                continue
            data = gzip.decompress(z.read(info))
            if info.filename.endswith(".fit.gz"):
                with fitdecode.FitReader(io.BytesIO(data)) as reader:
                    for _ in reader:
                        frames += 1
            else:
                for _ in SafeET.iterparse(io.BytesIO(data.lstrip()), forbid_dtd=True):
                    frames += 1
    return frames


def preview_only(path: Path, db: Path, workers: str) -> pipeline.Preview:
    """Eccentric's preview of the export with ``workers`` import workers; writes nothing."""
    engine = open_database(f"sqlite:///{db}")
    athlete = writes.create_athlete(
        engine, {"name": "Bench", "body_mass_kg": 70, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    assert athlete.id is not None
    before = os.environ.get(parallel.ENV_WORKERS)
    os.environ[parallel.ENV_WORKERS] = workers
    try:
        return pipeline.preview(
            engine, athlete.id, pipeline.sources_from_paths([path]), viewer=LOCAL_VIEWER
        )
    finally:
        if before is None:
            del os.environ[parallel.ENV_WORKERS]
        else:
            os.environ[parallel.ENV_WORKERS] = before
        engine.dispose()


def full_import(path: Path, db: Path) -> pipeline.Summary:
    engine = open_database(f"sqlite:///{db}")
    athlete = writes.create_athlete(
        engine, {"name": "Bench", "body_mass_kg": 70, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    assert athlete.id is not None
    plan = pipeline.preview(
        engine, athlete.id, pipeline.sources_from_paths([path]), viewer=LOCAL_VIEWER
    )
    summary = pipeline.commit(engine, athlete.id, plan, viewer=LOCAL_VIEWER)
    engine.dispose()
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "export.zip"
        size = build_export(export, args.n)
        print(f"export: {args.n} activities, {size / 1e6:.1f} MB of gzipped files")
        bare, ours, pooled, serial = [], [], [], []
        summary = None
        pool_workers = str(min(os.cpu_count() or 1, parallel.MAX_WORKERS))
        for k in range(args.repeat):
            t0 = time.perf_counter()
            bare_decode(export)
            bare.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            plan = preview_only(export, Path(tmp) / f"p{k}.db", pool_workers)
            pooled.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            preview_only(export, Path(tmp) / f"s{k}.db", "1")
            serial.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            summary = full_import(export, Path(tmp) / f"bench{k}.db")
            ours.append(time.perf_counter() - t0)
        assert summary is not None
        print(f"imported: {summary.added} added, {summary.rejected} rejected")
        print(f"preview: {plan.count('new')} new, {plan.count('rejected')} rejected")
        b, o = min(bare), min(ours)
        print(f"bare decoding: {b:6.2f} s ({args.n / b:5.0f} activities/s)")
        for label, times in (
            (f"preview, {pool_workers} workers", pooled),
            ("preview, serial", serial),
        ):
            p = min(times)
            print(
                f"{label + ':':22s} {p:6.2f} s ({args.n / p:5.0f} activities/s) → "
                f"{p / b:4.2f}× bare (target ≤ 0.5×)"
            )
        print(
            f"{'whole import:':22s} {o:6.2f} s ({args.n / o:5.0f} activities/s) → "
            f"{o / b:4.2f}× bare (target ≤ 1.5×)"
        )

        small = Path(tmp) / "small.zip"
        build_export(small, max(args.n // 5, 1))
        peaks = []
        for k, target in enumerate((small, export)):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(target), str(Path(tmp) / f"m{k}.db")],
                capture_output=True,
                text=True,
                check=True,
            )
            peaks.append(int(out.stdout.split()[-1]) / 1024)
        print(
            f"peak resident memory: {peaks[0]:.0f} MB importing {max(args.n // 5, 1)} "
            f"activities, {peaks[1]:.0f} MB importing {args.n} ({peaks[1] / peaks[0]:.2f}×)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        full_import(Path(sys.argv[2]), Path(sys.argv[3]))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux
    else:
        main()
