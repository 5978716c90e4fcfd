"""Seeded mutants of the import fixtures, for the fuzz test and ``bench/fuzz_import.py``.

Each mutant is a real file of ours damaged the ways files get damaged: bits flipped,
cut short, bytes inserted or zeroed, a chunk repeated; and the same packed in a zip and
in a Strava-style export. The same seed gives the same mutants on every machine.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).parent / "fixtures"
#: The well-formed fixtures to damage, by format (the hostile ones are tested elsewhere).
SEEDS: dict[str, list[Path]] = {
    "fit": sorted(p for p in (FIXTURES / "fit").glob("*.fit")),
    "gpx": [FIXTURES / "gpx" / n for n in ("intervals.gpx", "pauses.gpx", "cycling.gpx")],
    "tcx": sorted((FIXTURES / "tcx").glob("*.tcx")),
    "csv": [FIXTURES / "csv" / n for n in ("template.csv", "spreadsheet_miles.csv")],
}
FORMATS = (*SEEDS, "zip")


def mutate(data: bytes, rng: np.random.Generator) -> bytes:
    """One damaged copy of ``data``."""
    buf = bytearray(data)
    n = len(buf)
    how = int(rng.integers(0, 6))
    if n == 0:
        return bytes(rng.integers(0, 256, 16, dtype=np.uint8))
    if how == 0:  # flip a few bits
        for _ in range(int(rng.integers(1, 12))):
            i = int(rng.integers(0, n))
            buf[i] ^= 1 << int(rng.integers(0, 8))
    elif how == 1:  # cut short
        del buf[int(rng.integers(0, n)) :]
    elif how == 2:  # random bytes inserted
        i = int(rng.integers(0, n))
        buf[i:i] = bytes(rng.integers(0, 256, int(rng.integers(1, 64)), dtype=np.uint8))
    elif how == 3:  # a chunk zeroed
        i = int(rng.integers(0, n))
        j = min(n, i + int(rng.integers(1, 256)))
        buf[i:j] = bytes(j - i)
    elif how == 4:  # a chunk repeated
        i = int(rng.integers(0, n))
        j = min(n, i + int(rng.integers(1, 512)))
        buf[j:j] = buf[i:j]
    else:  # a run of bytes overwritten with random ones
        i = int(rng.integers(0, n))
        j = min(n, i + int(rng.integers(1, 32)))
        buf[i:j] = bytes(rng.integers(0, 256, j - i, dtype=np.uint8))
    return bytes(buf)


def _zipped(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            zf.writestr(name, data)
    return out.getvalue()


def _strava(name: str, data: bytes, rng: np.random.Generator) -> bytes:
    """A one-activity Strava export around ``data``, its activities.csv damaged at times."""
    listing = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename\n"
        f'1,"Mar 1, 2026, 7:00:00 AM",Morning Run,Run,3000,10.0,activities/{name}\n'
    ).encode()
    if rng.random() < 0.5:
        listing = mutate(listing, rng)
    return _zipped([("activities.csv", listing), (f"activities/{name}", data)])


def mutants(fmt: str, count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """``count`` damaged files of format ``fmt`` (or zips of them), as (name, bytes)."""
    rng = np.random.default_rng([seed, FORMATS.index(fmt)])
    pool = [p for paths in SEEDS.values() for p in paths] if fmt == "zip" else SEEDS[fmt]
    originals = [(p.name, p.read_bytes()) for p in pool]
    for k in range(count):
        name, data = originals[int(rng.integers(0, len(originals)))]
        damaged = mutate(data, rng)
        if fmt != "zip":
            yield f"{k}-{name}", damaged
        elif rng.random() < 0.5:
            yield f"{k}-pack.zip", mutate(_zipped([(name, damaged)]), rng)
        else:
            yield f"{k}-export.zip", _strava(name, damaged, rng)
