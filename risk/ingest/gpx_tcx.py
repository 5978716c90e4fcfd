"""GPX and TCX tracks, parsed with defusedxml (no DTDs, no entities, no external references).

Both are streamed: each track point is read as it ends and then dropped, so memory
holds the point arrays, not the document (a 100 MB file of empty elements costs no more
than a small one); nesting and the size of one point are capped.

Strava writes whitespace before ``<?xml``; it is stripped. Times with a UTC offset give the
local date; times in UTC fall back to the start's longitude (see
:func:`risk.ingest.profile.local_date`). GPX distance is the haversine sum over the points
of each segment; TCX trusts the laps' own totals (like a FIT session) and falls back to
the track's distance, then to the haversine sum.
"""

from __future__ import annotations

import datetime as dt
import io
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Final
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
import numpy as np
from defusedxml import DefusedXmlException

from risk.ingest.activity import Activity, Rejected, Samples
from risk.ingest.limits import check_points, check_time
from risk.ingest.profile import local_date
from risk.ingest.sources import prepend

EARTH_RADIUS_M: Final = 6_371_008.8
#: Deepest nesting read: a GPX or TCX track point sits about 8 elements deep.
MAX_DEPTH: Final = 64
#: Most elements inside one track point (time, position, heart rate, extensions...).
MAX_POINT_ELEMENTS: Final = 1_000
#: The first bytes read to skip what comes before ``<``.
HEAD: Final = 64 * 1024


def haversine_m(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distance in metres between consecutive points (mean Earth radius)."""
    phi, lam = np.radians(lat), np.radians(lon)
    dphi, dlam = np.diff(phi), np.diff(lam)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _stream(data: bytes | IO[bytes]) -> IO[bytes]:
    """The document as a stream, from its first ``<`` (Strava writes whitespace first)."""
    if isinstance(data, bytes):
        return io.BytesIO(data.lstrip(b"\xef\xbb\xbf").lstrip())
    head = data.read(HEAD)
    return prepend(head.lstrip(b"\xef\xbb\xbf").lstrip(), data)


def _walk(
    data: bytes | IO[bytes], name: str, root: str, label: str, record: str
) -> Iterator[tuple[bool, Element, list[str]]]:
    """(is start, element, path of local names from the root) for each element, streamed.

    A ``record`` element (a track point) comes whole at its end, with its subtree; every
    other element is dropped from the tree once its end has been seen, so memory holds
    one point and its open ancestors, never the document. DTDs and entities, nesting
    deeper than ``MAX_DEPTH`` and points of more than ``MAX_POINT_ELEMENTS`` elements are
    refused; the path list is reused, so a caller copies what it keeps.
    """
    stack: list[Element] = []
    path: list[str] = []
    record_depth = 0  # depth of the open record element, 0 if none
    inside = 0
    events = 0
    try:
        for event, elem in SafeET.iterparse(
            _stream(data), events=("start", "end"), forbid_dtd=True
        ):
            events += 1
            if not events % 8192:  # bytes already in memory pass no metered stream
                check_time()
            if event == "start":
                stack.append(elem)
                path.append(_local(elem.tag))
                if len(stack) > MAX_DEPTH:
                    raise Rejected(
                        f"{name}: refused: elements nested over {MAX_DEPTH} deep "
                        f"(a {label} file needs about 8)"
                    )
                if len(stack) == 1 and path[0] != root:
                    raise Rejected(f"{name}: not a {label} file (root element <{path[0]}>)")
                if record_depth:
                    inside += 1
                    if inside > MAX_POINT_ELEMENTS:
                        raise Rejected(
                            f"{name}: refused: a <{record}> of over {MAX_POINT_ELEMENTS:,} "
                            "elements (a track point has about 10)"
                        )
                    continue
                if path[-1] == record:
                    record_depth, inside = len(stack), 0
                yield True, elem, path
                continue
            if record_depth and len(stack) > record_depth:
                stack.pop()
                path.pop()
                continue
            record_depth = 0
            yield False, elem, path
            stack.pop()
            path.pop()
            if stack:
                parent = stack[-1]
                if len(parent) and parent[-1] is elem:
                    del parent[-1]
                else:
                    parent.remove(elem)
    except DefusedXmlException:
        raise Rejected(
            f"{name}: refused: the XML declares a DTD or entities (never needed by GPX or "
            "TCX, and a way to attack the importer)"
        ) from None
    except ParseError as exc:
        raise Rejected(f"{name}: not well-formed XML ({exc}); is the file complete?") from None


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _child(elem: Element, name: str) -> Element | None:
    for child in elem:
        if _local(child.tag) == name:
            return child
    return None


def _text(elem: Element | None, *path: str) -> str | None:
    for name in path:
        if elem is None:
            return None
        elem = _child(elem, name)
    return elem.text.strip() if elem is not None and elem.text else None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _hr(point: Element) -> float:
    for elem in point.iter():
        if _local(elem.tag).lower() in ("hr", "heartrate") and elem.text:
            value = _number(elem.text)
            if value is not None:
                return value
    return np.nan


def _track(
    times: np.ndarray,
    lat: Sequence[float],
    lon: Sequence[float],
    hr: Sequence[float],
    segment_start: Sequence[bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """Seconds (from POSIX ``times``, NaN if unknown), cumulative metres, heart rate,
    pause flags, and the haversine total."""
    la, lo = np.asarray(lat, float), np.asarray(lon, float)
    steps = haversine_m(la, lo) if len(la) > 1 else np.zeros(0)
    new_segment = np.asarray(segment_start[1:], bool) if len(la) > 1 else np.zeros(0, bool)
    steps = np.where(new_segment, 0.0, steps)
    d = np.concatenate(([0.0], np.cumsum(steps)))
    known = times[np.isfinite(times)]
    t = times - known[0] if known.size else np.full(len(times), np.nan)
    paused = np.concatenate(([False], new_segment))
    return t, d, np.asarray(hr, float), paused, float(steps.sum())


def _posix(when: dt.datetime | None) -> float:
    return when.timestamp() if when is not None else np.nan


def read_gpx(data: bytes | IO[bytes], name: str) -> list[Activity]:
    """The activity of one GPX file (its tracks joined; a new segment is a pause), streamed."""
    times = array("d")
    lat = array("d")
    lon = array("d")
    hr = array("d")
    segment_start: list[bool] = []
    start: dt.datetime | None = None
    meta_time: dt.datetime | None = None
    sport = None
    title = None
    first = True
    metadata = 0
    seen: set[str] = set()  # what this <trk> has given
    meta_seen = False
    for is_start, elem, path in _walk(data, name, "gpx", "GPX", "trkpt"):
        depth = len(path)
        if is_start:
            if depth == 2 and path[1] == "trk":
                seen = set()
            elif depth == 2 and path[1] == "metadata":
                metadata += 1
            elif depth == 3 and path[1] == "trk" and path[2] == "trkseg":
                first = True
            continue
        if depth == 4 and path[3] == "trkpt" and path[2] == "trkseg" and path[1] == "trk":
            la, lo = _number(elem.get("lat")), _number(elem.get("lon"))
            if la is None or lo is None or not (-90 <= la <= 90 and -180 <= lo <= 180):
                continue
            when = _time(_text(elem, "time"))
            start = start or when
            lat.append(la)
            lon.append(lo)
            times.append(_posix(when))
            hr.append(_hr(elem))
            segment_start.append(first)
            first = False
            check_points(len(lat), name)
        elif depth == 3 and path[1] == "trk" and path[2] in ("type", "name"):
            if path[2] not in seen:
                seen.add(path[2])
                text = elem.text.strip() if elem.text else None
                if path[2] == "type":
                    sport = sport or text
                else:
                    title = title or text
        elif depth == 3 and path[1:] == ["metadata", "time"] and metadata == 1 and not meta_seen:
            meta_seen = True
            meta_time = _time(elem.text.strip() if elem.text else None)
    if len(lat) < 2:
        raise Rejected(f"{name}: no track in this GPX file (a route or waypoints only?)")
    t, d, beats, paused, total = _track(np.asarray(times), lat, lon, hr, segment_start)
    warnings: list[str] = []
    if start is None:
        start = meta_time
        if start is None:
            raise Rejected(f"{name}: the GPX track has no times, so no date: log it by hand")
        warnings.append("The track has no times: no speed profile or moving time")
    has_time = np.isfinite(t)
    samples = None
    if has_time.sum() >= 2:
        samples = Samples(t=t[has_time], d=d[has_time], hr=beats[has_time], paused=paused[has_time])
    elapsed = float(np.nanmax(t) - np.nanmin(t)) / 60.0 if has_time.sum() >= 2 else None
    stated = sport is not None and (not sport.isdigit() or sport in ("9", "1"))
    if sport is None or sport.isdigit():  # Garmin numbers: 9 running, 1 cycling
        sport = {"9": "running", "1": "cycling"}.get(sport or "", "running")
    activity = _make(
        "gpx",
        start,
        name,
        sport,
        total,
        None,
        elapsed,
        None,
        samples,
        lon[0],
        title,
        warnings,
    )
    activity.sport_stated = stated
    activity.distance_from_track = True
    return [activity]


@dataclass
class _TcxActivity:
    """What the stream of one <Activity> has given so far."""

    order: int
    depth: int
    sport: str
    ident: str | None = None
    id_seen: bool = False
    timer: float = 0.0
    lap_m: float = 0.0
    max_speed: float = 0.0
    lap: dict[str, float] = field(default_factory=dict)
    start: dt.datetime | None = None
    times: array[float] = field(default_factory=lambda: array("d"))
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))
    hr: array[float] = field(default_factory=lambda: array("d"))
    dist: array[float] = field(default_factory=lambda: array("d"))
    segment_start: list[bool] = field(default_factory=list)
    first: bool = True


_LAP_TOTALS: Final = ("TotalTimeSeconds", "DistanceMeters", "MaximumSpeed")


def _tcx_stream(data: bytes | IO[bytes], name: str) -> list[_TcxActivity]:
    """The activities of a TCX document, streamed (one per <Activity>, in document order)."""
    open_: list[_TcxActivity] = []
    done: list[_TcxActivity] = []
    started = 0
    points = 0
    for is_start, elem, path in _walk(data, name, "TrainingCenterDatabase", "TCX", "Trackpoint"):
        tag, depth = path[-1], len(path)
        if is_start:
            if tag == "Activity":
                open_.append(_TcxActivity(started, depth, elem.get("Sport") or "Running"))
                started += 1
            elif open_ and tag == "Lap" and depth == open_[-1].depth + 1:
                open_[-1].lap = {}
            elif open_ and tag == "Track" and depth == open_[-1].depth + 2 and path[-2] == "Lap":
                open_[-1].first = True
            continue
        if not open_:
            continue
        act = open_[-1]
        level = depth - act.depth
        if level == 3 and tag == "Trackpoint" and path[-2] == "Track" and path[-3] == "Lap":
            pos = _child(elem, "Position")
            la = _number(_text(pos, "LatitudeDegrees")) if pos is not None else None
            lo = _number(_text(pos, "LongitudeDegrees")) if pos is not None else None
            when = _time(_text(elem, "Time"))
            act.start = act.start or when
            act.lat.append(np.nan if la is None else la)
            act.lon.append(np.nan if lo is None else lo)
            act.times.append(_posix(when))
            act.hr.append(_number(_text(elem, "HeartRateBpm", "Value")) or np.nan)
            act.dist.append(_number(_text(elem, "DistanceMeters")) or np.nan)
            act.segment_start.append(act.first)
            act.first = False
            points += 1
            check_points(points, name)
        elif level == 2 and path[-2] == "Lap" and tag in _LAP_TOTALS and tag not in act.lap:
            act.lap[tag] = _number(elem.text.strip() if elem.text else None) or 0.0
        elif level == 1 and tag == "Lap":
            act.timer += act.lap.get("TotalTimeSeconds", 0.0)
            act.lap_m += act.lap.get("DistanceMeters", 0.0)
            act.max_speed = max(act.max_speed, act.lap.get("MaximumSpeed", 0.0))
        elif level == 1 and tag == "Id" and not act.id_seen:
            act.id_seen = True
            act.ident = elem.text.strip() if elem.text else None
        elif level == 0 and tag == "Activity":
            done.append(open_.pop())
    return sorted(done, key=lambda a: a.order)


def read_tcx(data: bytes | IO[bytes], name: str) -> list[Activity]:
    """The activities of one TCX file (one per <Activity>, so multisport files split)."""
    activities = _tcx_stream(data, name)
    if not activities:
        raise Rejected(f"{name}: no activity in this TCX file (a course or workout file?)")
    out = []
    for k, act in enumerate(activities):
        sport, ident, timer, lap_m = act.sport, act.ident, act.timer, act.lap_m
        max_speed = act.max_speed
        times = np.asarray(act.times)
        lat, lon, hr, dist = act.lat, act.lon, act.hr, act.dist
        segment_start = act.segment_start
        start = _time(ident) or act.start
        if start is None:
            raise Rejected(f"{name}: the TCX activity has no start time, so no date")
        warnings: list[str] = []
        samples = None
        geo_total = 0.0
        dist_a = np.asarray(dist, float)
        if len(times) >= 2:
            known = times[np.isfinite(times)]
            t = times - (known[0] if known.size else start.timestamp())
            lat_a, lon_a = np.asarray(lat, float), np.asarray(lon, float)
            has_pos = np.isfinite(lat_a) & np.isfinite(lon_a)
            if has_pos.sum() >= 2:
                _, geo_d, _, _, geo_total = _track(
                    times[has_pos],
                    lat_a[has_pos],
                    lon_a[has_pos],
                    np.asarray(hr)[has_pos],
                    np.asarray(segment_start, bool)[has_pos],
                )
            track_d = dist_a if np.isfinite(dist_a).sum() >= 2 else None
            if track_d is None and has_pos.sum() >= 2:
                track_d = np.full(len(times), np.nan)
                track_d[has_pos] = geo_d
            if track_d is not None:
                ok = np.isfinite(track_d) & np.isfinite(t)
                if ok.sum() >= 2:
                    samples = Samples(
                        t=t[ok],
                        d=track_d[ok],
                        hr=np.asarray(hr, float)[ok],
                        paused=np.asarray(segment_start, bool)[ok],
                    )
            else:
                warnings.append("No distance or positions in the track points (treadmill?)")
        total = lap_m or (float(np.nanmax(dist_a)) if np.isfinite(dist_a).any() else geo_total)
        elapsed = None
        known_t = times[np.isfinite(times)]
        if len(known_t) >= 2:
            elapsed = float(known_t[-1] - known_t[0]) / 60.0
        first_lon = next((x for x in lon if np.isfinite(x)), None)
        suffix = f"#{k + 1}" if len(activities) > 1 else ""
        activity = _make(
            "tcx",
            start,
            name,
            sport,
            total,
            timer / 60.0 if timer else None,
            elapsed,
            max_speed or None,
            samples,
            first_lon,
            None,
            warnings,
        )
        activity.source_id = (ident or activity.source_id) + suffix
        out.append(activity)
    return out


def _make(
    source: str,
    start: dt.datetime,
    name: str,
    sport: str,
    metres: float,
    moving_min: float | None,
    elapsed_min: float | None,
    max_speed: float | None,
    samples: Samples | None,
    lon: float | None,
    title: str | None,
    warnings: list[str],
) -> Activity:
    offset = start.utcoffset()
    start_utc = start.astimezone(dt.UTC)
    day = local_date(start_utc, offset if offset else None, lon)
    if elapsed_min is not None and moving_min is not None:
        elapsed_min = max(elapsed_min, moving_min)
    return Activity(
        source=source,
        source_id=start_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        sport=sport.lower(),
        distance_km=metres / 1000.0,
        start_utc=start_utc,
        local_date=day,
        moving_min=moving_min,
        elapsed_min=elapsed_min,
        max_speed_ms=max_speed,
        name=title,
        samples=samples,
        file=name,
        warnings=warnings,
    )


def sniff(data: bytes) -> str | None:
    """ "gpx" or "tcx" from the first bytes of an XML document, else None."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if b"<gpx" in head:
        return "gpx"
    if b"<trainingcenterdatabase" in head:
        return "tcx"
    return None
