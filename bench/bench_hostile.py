"""Hostile imports (issue 14 "Import under fire"): each bounded in memory and CPU time.

Run on demand: ``uv run python bench/bench_hostile.py [--only NAME ...] [--keep DIR]``.
Every input is generated here (no stored blobs) into a temporary folder, then imported in
a fresh process (preview, and commit when something would be added) into a fresh SQLite
file, as ``eccentric import`` does. The parent reads the child's own peak resident size
and CPU time from ``os.wait4`` and prints one row per case: what happened (refused with
the message, or the counts), peak MB, CPU s, and whether the bounds held (no exception
escaped, peak ≤ 500 MB, CPU ≤ 60 s, and the outcome the case expects). Exit status 1 if
any bound did not hold.

Cases (baseline: one small valid file, for the interpreter's own size and start-up; then
the issue's five):
- strava-bomb-rows: 19,000 activities.csv rows all naming one gzip member that unpacks to
  ~100 MB of zeros;
- strava-self-rows: a ~5 KB zip whose 1,000 rows name activities.csv itself;
- csv-95mb: a valid CSV log of ~95 MB (1.7 M lines);
- gpx-empty-100mb: a ~99 MB GPX of empty <trkpt/> elements;
- many-files-10 / many-files-40: folders of 10 and 40 valid 7 MB GPX tracks (memory
  must not grow with the number of files);
- gpx-deep: 1 M nested elements;
- gpx-fat-point: one track point of 2 M children;
- gpx-big-valid: a valid ~35 MB GPX of a 24-hour run recorded every second (86,400
  Garmin-style points) that must import;
- fit-1.5m-records: a 15 MB FIT of 1.5 M records (over the point limit);
- strava-distinct-bombs: 2,500 rows each naming its own gzip bomb of blank space (each
  stops at its 200:1 cap; together they reach the import's unpacked-bytes limit);
- csv-20-years: a real-sized 20-year log (14,600 lines) that must import;
- strava-5000: 5,000 listed activities without files (a 10-year export's rows), imported.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PEAK_MB = 500.0
CPU_S = 60.0
STRAVA_HEADER = [
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


def _strava_zip(path: Path, rows: list[list[str]], members: dict[str, bytes]) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(STRAVA_HEADER)
    writer.writerows(rows)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities.csv", text.getvalue())
        for name, data in members.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)


def _row(k: int, filename: str) -> list[str]:
    when = dt.datetime(2016, 1, 1, 7, 0, tzinfo=dt.UTC) + dt.timedelta(
        days=k // 2, hours=9 * (k % 2)
    )
    date = when.strftime("%b %-d, %Y, %-I:%M:%S %p")
    return [
        str(10_000 + k),
        date,
        f"Run {k}",
        "Run",
        "3000",
        "10",
        filename,
        "3000",
        "2900",
        "10000",
    ]


def _zeros_gz(size: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1 << 20)
        for _ in range(size >> 20):
            gz.write(chunk)
    return out.getvalue()


def strava_bomb_rows(tmp: Path) -> list[Path]:
    path = tmp / "bomb-rows.zip"
    bomb = _zeros_gz(100 << 20)
    rows = [_row(k, "activities/bomb.fit.gz") for k in range(19_000)]
    _strava_zip(path, rows, {"activities/bomb.fit.gz": bomb})
    return [path]


def strava_self_rows(tmp: Path) -> list[Path]:
    path = tmp / "self-rows.zip"
    _strava_zip(path, [_row(k, "activities.csv") for k in range(1_000)], {})
    return [path]


def strava_distinct_bombs(tmp: Path) -> list[Path]:
    path = tmp / "distinct-bombs.zip"
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        for _ in range(48):
            gz.write(b" " * (1 << 20))
    bomb = out.getvalue()  # blank space: read to the end before it is found empty
    members = {f"activities/{k}.gpx.gz": bomb for k in range(2_500)}
    _strava_zip(path, [_row(k, f"activities/{k}.gpx.gz") for k in range(2_500)], members)
    return [path]


def strava_5000(tmp: Path) -> list[Path]:
    path = tmp / "export-5000.zip"
    _strava_zip(path, [_row(k, "") for k in range(5_000)], {})
    return [path]


def _csv_log(path: Path, lines: int) -> None:
    day = dt.date(2006, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("date,type,distance_km,duration,rpe,fast_km,strides,notes\n")
        for k in range(lines):
            when = day + dt.timedelta(days=k // 2)
            km = f"{8 + k % 7}.{k % 10}"
            f.write(f"{when.isoformat()},easy,{km},45:{k % 60:02d},4,,6,Canal loop no. {k:07d}\n")


def csv_95mb(tmp: Path) -> list[Path]:
    path = tmp / "log-95mb.csv"
    _csv_log(path, 1_740_000)
    return [path]


def csv_20_years(tmp: Path) -> list[Path]:
    path = tmp / "log-20-years.csv"
    _csv_log(path, 14_600)
    return [path]


def gpx_empty_100mb(tmp: Path) -> list[Path]:
    path = tmp / "empty-100mb.gpx"
    with path.open("wb") as f:
        f.write(b'<?xml version="1.0"?><gpx version="1.1"><trk><trkseg>')
        chunk = b"<trkpt/>" * 100_000
        for _ in range(99_000_000 // len(chunk)):
            f.write(chunk)
        f.write(b"</trkseg></trk></gpx>")
    return [path]


def gpx_deep(tmp: Path) -> list[Path]:
    path = tmp / "deep.gpx"
    n = 1_000_000
    path.write_bytes(b'<?xml version="1.0"?><gpx>' + b"<a>" * n + b"</a>" * n + b"</gpx>")
    return [path]


def gpx_fat_point(tmp: Path) -> list[Path]:
    path = tmp / "fat-point.gpx"
    path.write_bytes(
        b'<?xml version="1.0"?><gpx><trk><trkseg><trkpt lat="52" lon="4">'
        + b"<x/>" * 2_000_000
        + b"</trkpt></trkseg></trk></gpx>"
    )
    return [path]


def _track(path: Path, points: int, start: dt.datetime) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0"?><gpx version="1.1" creator="bench" '
            'xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            "<trk><type>running</type>"
        )
        f.write("<trkseg>")
        for k in range(points):
            when = (start + dt.timedelta(seconds=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
            lat = 52.0 + k * 0.0000270
            f.write(
                f'\n      <trkpt lat="{lat:.7f}" lon="4.3000000">\n        <ele>1.0</ele>\n'
                f"        <time>{when}</time>\n        <extensions>\n"
                "          <gpxtpx:TrackPointExtension>\n"
                "            <gpxtpx:atemp>21.0</gpxtpx:atemp>\n"
                "            <gpxtpx:hr>150</gpxtpx:hr>\n"
                "            <gpxtpx:cad>88</gpxtpx:cad>\n"
                "          </gpxtpx:TrackPointExtension>\n        </extensions>\n      </trkpt>"
            )
        f.write("</trkseg></trk></gpx>")


def gpx_big_valid(tmp: Path) -> list[Path]:
    path = tmp / "big-valid.gpx"
    _track(path, 86_400, dt.datetime(2025, 5, 1, 6, 0, tzinfo=dt.UTC))
    return [path]


def _many(tmp: Path, n: int) -> list[Path]:
    folder = tmp / f"many-{n}"
    folder.mkdir()
    for k in range(n):
        _track(
            folder / f"run{k:03d}.gpx",
            10_000,
            dt.datetime(2024, 1, 1, 6, tzinfo=dt.UTC) + dt.timedelta(days=k),
        )
    return [folder]


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], list[Path]]
    expect: str  # "refused": everything refused; "imported": something added


def _fit_records(records: int) -> bytes:
    """A FIT activity of ``records`` one-second records (file_id, then records, no session)."""
    from fitdecode.utils import compute_crc

    def definition(local: int, number: int, fields: list[tuple[int, int, int]]) -> bytes:
        head = bytes([0x40 | local, 0, 0]) + struct.pack("<HB", number, len(fields))
        return head + b"".join(struct.pack("BBB", *f) for f in fields)

    t0 = 1_000_000_000  # seconds since 1989-12-31: 2021
    body = bytearray(definition(0, 0, [(0, 1, 0x00), (4, 4, 0x86)]))  # file_id: type, created
    body += struct.pack("<BBI", 0, 4, t0)  # type 4: activity
    body += definition(1, 20, [(253, 4, 0x86), (5, 4, 0x86), (3, 1, 0x02)])  # t, cm, bpm
    record = struct.Struct("<BIIB")
    for k in range(records):
        body += record.pack(1, t0 + k, k * 300, 150)
    header = struct.pack("<BBHI4s", 14, 0x10, 2093, len(body), b".FIT")
    data = header + struct.pack("<H", compute_crc(header)) + body
    return data + struct.pack("<H", compute_crc(data))


def fit_records(tmp: Path) -> list[Path]:
    path = tmp / "records.fit"
    path.write_bytes(_fit_records(1_500_000))
    return [path]


def small_gpx(tmp: Path) -> list[Path]:
    path = tmp / "small.gpx"
    _track(path, 1_000, dt.datetime(2025, 4, 1, 6, 0, tzinfo=dt.UTC))
    return [path]


CASES = [
    Case("baseline-small-gpx", small_gpx, "imported"),
    Case("strava-bomb-rows", strava_bomb_rows, "refused"),
    Case("strava-self-rows", strava_self_rows, "refused"),
    Case("csv-95mb", csv_95mb, "refused"),
    Case("gpx-empty-100mb", gpx_empty_100mb, "refused"),
    Case("many-files-10", lambda tmp: _many(tmp, 10), "imported"),
    Case("many-files-40", lambda tmp: _many(tmp, 40), "imported"),
    Case("gpx-deep", gpx_deep, "refused"),
    Case("gpx-fat-point", gpx_fat_point, "refused"),
    Case("gpx-big-valid", gpx_big_valid, "imported"),
    Case("fit-1.5m-records", fit_records, "refused"),
    Case("strava-distinct-bombs", strava_distinct_bombs, "refused"),
    Case("csv-20-years", csv_20_years, "imported"),
    Case("strava-5000", strava_5000, "imported"),
]


def child(paths: list[str], db: str) -> None:
    """Import ``paths`` into a fresh database; print one JSON line of what happened."""
    from risk.ingest import pipeline
    from risk.store import open_database, writes
    from risk.store.access import LOCAL_VIEWER

    engine = open_database(f"sqlite:///{db}")
    athlete = writes.create_athlete(
        engine, {"name": "Bench", "body_mass_kg": 70, "v_max_ms": 7.5}, viewer=LOCAL_VIEWER
    )
    assert athlete.id is not None
    start_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    plan = pipeline.preview(
        engine, athlete.id, pipeline.sources_from_paths(paths), viewer=LOCAL_VIEWER
    )
    refused = [i.reason for i in plan.items if i.status == "rejected"]
    added = 0
    if plan.count("new"):
        added = pipeline.commit(engine, athlete.id, plan, viewer=LOCAL_VIEWER).added
    engine.dispose()
    print(
        json.dumps(
            {
                "start_kb": start_kb,
                "items": len(plan.items),
                "new": plan.count("new"),
                "added": added,
                "refused": len(refused),
                "reasons": [refused[0], refused[-1]] if len(set(refused)) > 1 else refused[:1],
            }
        )
    )


@dataclass
class Result:
    outcome: str
    peak_mb: float  # the child's peak resident size, interpreter and libraries included
    import_mb: float  # how far the import raised it over the child's size before it
    cpu_s: float
    held: bool


def run(case: Case, tmp: Path) -> Result:
    t0 = time.perf_counter()
    paths = case.build(tmp)
    size = sum(
        p.stat().st_size if p.is_file() else sum(f.stat().st_size for f in p.iterdir())
        for p in paths
    )
    print(f"  ({case.name}: {size / 1e6:.1f} MB input built in {time.perf_counter() - t0:.0f} s)")
    db = tmp / f"{case.name}.db"
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(db), *map(str, paths)], stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    if os.waitstatus_to_exitcode(status) != 0 or not stdout.strip():
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        return Result(f"ESCAPED: {last[:150]}", peak, 0.0, cpu, False)
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["added"]:
        outcome = f"imported {result['added']:,}, refused {result['refused']:,}"
    else:
        outcome = f"refused {result['refused']:,} of {result['items']:,}"
    if result["reasons"]:
        outcome += ": " + " | ".join(r.rsplit("/", 1)[-1][:150] for r in result["reasons"][:2])
    expected = (result["added"] > 0) == (case.expect == "imported")
    held = expected and peak <= PEAK_MB and cpu <= CPU_S
    return Result(outcome, peak, peak - result["start_kb"] / 1024, cpu, held)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    args = parser.parse_args()
    cases = [c for c in CASES if not args.only or c.name in args.only]
    rows: list[tuple[str, Result]] = []
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        for case in cases:
            tmp = base / case.name
            tmp.mkdir(parents=True, exist_ok=True)
            r = run(case, tmp)
            rows.append((case.name, r))
            print(
                f"{case.name:22} {r.peak_mb:5.0f} MB (+{r.import_mb:3.0f}) {r.cpu_s:5.1f} s  "
                f"{'yes' if r.held else 'NO'}  {r.outcome}",
                flush=True,
            )
            if args.keep is None:
                for p in sorted(tmp.rglob("*"), reverse=True):
                    p.unlink() if p.is_file() else p.rmdir()
    print()
    print(
        "| case | outcome | peak MB | of it the import | CPU s "
        f"| bound held (≤ {PEAK_MB:.0f} MB, ≤ {CPU_S:.0f} s) |"
    )
    print("|---|---|---:|---:|---:|---|")
    for name, r in rows:
        print(
            f"| {name} | {r.outcome.replace('|', '/')} | {r.peak_mb:.0f} | {r.import_mb:.0f} "
            f"| {r.cpu_s:.1f} | {'yes' if r.held else 'NO'} |"
        )
    escaped = sum(1 for _, r in rows if r.outcome.startswith("ESCAPED"))
    failed = sum(1 for _, r in rows if not r.held)
    many = {name: r.import_mb for name, r in rows}
    if "many-files-10" in many and "many-files-40" in many:
        few, lots = many["many-files-10"], many["many-files-40"]
        flat = lots <= 1.25 * few + 10
        failed += 0 if flat else 1
        print(
            f"\nmemory over files: importing 40 files raised the peak by {lots:.0f} MB, "
            f"10 files by {few:.0f} MB ({'flat' if flat else 'GROWS'}: ≤ 1.25 × + 10 MB)"
        )
    print(f"{escaped} escaped exceptions; {failed} bounds not held")
    return 1 if failed or escaped else 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        child(sys.argv[3:], sys.argv[2])
    else:
        sys.exit(main())
