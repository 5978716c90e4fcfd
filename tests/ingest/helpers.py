"""Paths and readers for the import tests."""

from __future__ import annotations

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


def junk_header_csv(path: Path, size: int = 329 * 1024) -> Path:
    """A CSV whose header is ``size`` bytes of made-up column names (no date, no distance):
    its refusal must not echo the whole header."""
    names = [f"col{n:06d}x" for n in range(size // 11 + 1)]
    path.write_text(",".join(names)[:size] + "\n" + "1," * 3 + "\n", encoding="utf-8")
    return path
