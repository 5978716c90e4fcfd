"""Paths and readers for the import tests."""

from __future__ import annotations

import datetime as dt
import json
import math
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from risk.ingest.activity import Activity
from risk.ingest.profile import finish
from risk.ingest.readers import read_source
from risk.ingest.sources import Limits, from_paths, from_upload
from tests.ingest.fixtures.make_tracks import M_PER_DEG_LAT, gpx, points, tcx

FIXTURES = Path(__file__).parent / "fixtures"
FIT = FIXTURES / "fit"
EXPECTED: dict[str, Any] = json.loads((FIT / "EXPECTED.json").read_text(encoding="utf-8"))
V_MAX = 7.0


def read(path: Path, v_max: float = V_MAX, **kw: Any) -> list[Activity]:
    """Every activity of one file, finished for a runner with max speed ``v_max``."""
    (source,) = list(from_paths([path]))
    assert not isinstance(source, tuple)
    return [finish(a, v_max) for a in read_source(source, Limits(), **kw)]


def read_bytes(name: str, data: bytes, **kw: Any) -> list[Activity]:
    return [finish(a, V_MAX) for a in read_source(from_upload(name, data), Limits(), **kw)]


def haversine_sum(path: Path) -> float:
    """Metres along a GPX/TCX track, computed independently of the importer."""
    root = ElementTree.fromstring(path.read_bytes().lstrip())
    pts: list[tuple[float, float]] = []
    for elem in root.iter():
        tag = elem.tag.rsplit("}", 1)[-1]
        if tag == "trkpt":
            pts.append((float(elem.get("lat", "nan")), float(elem.get("lon", "nan"))))
        elif tag == "Position":
            vals = {c.tag.rsplit("}", 1)[-1]: float(c.text or "nan") for c in elem}
            pts.append((vals["LatitudeDegrees"], vals["LongitudeDegrees"]))
    total = 0.0
    for (la1, lo1), (la2, lo2) in pairwise(pts):
        p1, p2 = math.radians(la1), math.radians(la2)
        a = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
        )
        total += 2 * 6_371_000 * math.asin(math.sqrt(a))
    return total


def gpx_track(
    legs: list[tuple[float, int]],
    *,
    name: str = "Fixture run",
    sport: str | None = None,
    spikes: dict[int, float] | None = None,
    start: dt.datetime = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC),
) -> bytes:
    """A GPX track of legs (m/s, seconds), one point a second, no sport unless given;
    ``spikes`` throws the point at index i that many metres north (a GPS spike)."""
    pts = points(legs, start)
    for i, metres in (spikes or {}).items():
        lat, lon, t, hr = pts[i]
        pts[i] = (lat + metres / M_PER_DEG_LAT, lon, t, hr)
    text = gpx([pts], sport=sport).replace("<name>Fixture run</name>", f"<name>{name}</name>")
    return text.encode()


def tcx_file(activities: list[tuple[str, list[tuple[float, int]], float | None]]) -> bytes:
    """A TCX file of activities (sport, legs, lap max speed or None), back to back."""
    start = dt.datetime(2026, 6, 2, 7, 0, tzinfo=dt.UTC)
    built = []
    for sport, legs, max_speed in activities:
        pts = points(legs, start)
        metres = sum(speed * seconds for speed, seconds in legs)
        seconds = float(sum(s for _, s in legs))
        built.append((sport, pts, seconds, metres, True, max_speed))
        start = pts[-1][2] + dt.timedelta(minutes=2)
    text = tcx([b[:5] for b in built])
    for b in built:  # the generator writes 5.9 m/s: set each lap's own
        text = text.replace(
            "<MaximumSpeed>5.9</MaximumSpeed>",
            f"<MaximumSpeed>{b[5] or 5.0}</MaximumSpeed>".replace("MaximumSpeed>", "MaxSpeedX>"),
            1,
        )
    return text.replace("MaxSpeedX>", "MaximumSpeed>").encode()


def junk_header_csv(path: Path, size: int = 329 * 1024) -> Path:
    """A CSV whose header is ``size`` bytes of made-up column names (no date, no distance):
    its refusal must not echo the whole header."""
    names = [f"col{n:06d}x" for n in range(size // 11 + 1)]
    path.write_text(",".join(names)[:size] + "\n" + "1," * 3 + "\n", encoding="utf-8")
    return path
