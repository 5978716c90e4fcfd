"""GPX and TCX tracks, parsed with defusedxml (no DTDs, no entities, no external references).

Strava writes whitespace before ``<?xml``; it is stripped. Times with a UTC offset give the
local date; times in UTC fall back to the start's longitude (see
:func:`risk.ingest.profile.local_date`). GPX distance is the haversine sum over the points
of each segment; TCX trusts the laps' own totals (like a FIT session) and falls back to
the track's distance, then to the haversine sum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Final
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
import numpy as np
from defusedxml import DefusedXmlException

from risk.ingest.activity import Activity, Rejected, Samples
from risk.ingest.profile import local_date

EARTH_RADIUS_M: Final = 6_371_008.8


def haversine_m(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distance in metres between consecutive points (mean Earth radius)."""
    phi, lam = np.radians(lat), np.radians(lon)
    dphi, dlam = np.diff(phi), np.diff(lam)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_root(data: bytes, name: str) -> Element:
    """The document's root, refusing DTDs and entities; whitespace before ``<?xml`` stripped."""
    data = data.lstrip(b"\xef\xbb\xbf").lstrip()
    try:
        events = SafeET.iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True)
        root: Element | None = None
        for _, elem in events:
            root = elem
        if root is None:
            raise Rejected(f"{name}: empty XML document")
        return root
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
    times: list[dt.datetime | None],
    lat: list[float],
    lon: list[float],
    hr: list[float],
    segment_start: list[bool],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """Seconds, cumulative metres, heart rate, pause flags, and the haversine total."""
    la, lo = np.asarray(lat, float), np.asarray(lon, float)
    steps = haversine_m(la, lo) if len(la) > 1 else np.zeros(0)
    new_segment = np.asarray(segment_start[1:], bool) if len(la) > 1 else np.zeros(0, bool)
    steps = np.where(new_segment, 0.0, steps)
    d = np.concatenate(([0.0], np.cumsum(steps)))
    known = [x for x in times if x is not None]
    t0 = known[0] if known else None
    t = np.array([(x - t0).total_seconds() if x is not None and t0 else np.nan for x in times])
    paused = np.concatenate(([False], new_segment))
    return t, d, np.asarray(hr, float), paused, float(steps.sum())


def read_gpx(data: bytes, name: str) -> list[Activity]:
    """The activity of one GPX file (its tracks joined; a new segment is a pause)."""
    root = _parse_root(data, name)
    if _local(root.tag) != "gpx":
        raise Rejected(f"{name}: not a GPX file (root element <{_local(root.tag)}>)")
    times: list[dt.datetime | None] = []
    lat: list[float] = []
    lon: list[float] = []
    hr: list[float] = []
    segment_start: list[bool] = []
    sport = None
    title = None
    for trk in (e for e in root if _local(e.tag) == "trk"):
        sport = sport or _text(trk, "type")
        title = title or _text(trk, "name")
        for seg in (e for e in trk if _local(e.tag) == "trkseg"):
            first = True
            for pt in (e for e in seg if _local(e.tag) == "trkpt"):
                la, lo = _number(pt.get("lat")), _number(pt.get("lon"))
                if la is None or lo is None or not (-90 <= la <= 90 and -180 <= lo <= 180):
                    continue
                lat.append(la)
                lon.append(lo)
                times.append(_time(_text(pt, "time")))
                hr.append(_hr(pt))
                segment_start.append(first)
                first = False
    if len(lat) < 2:
        raise Rejected(f"{name}: no track in this GPX file (a route or waypoints only?)")
    t, d, beats, paused, total = _track(times, lat, lon, hr, segment_start)
    warnings: list[str] = []
    start = next((x for x in times if x is not None), None)
    if start is None:
        start = _time(_text(root, "metadata", "time"))
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
        data,
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


def read_tcx(data: bytes, name: str) -> list[Activity]:
    """The activities of one TCX file (one per <Activity>, so multisport files split)."""
    root = _parse_root(data, name)
    if _local(root.tag) != "TrainingCenterDatabase":
        raise Rejected(f"{name}: not a TCX file (root element <{_local(root.tag)}>)")
    activities = [e for e in root.iter() if _local(e.tag) == "Activity"]
    if not activities:
        raise Rejected(f"{name}: no activity in this TCX file (a course or workout file?)")
    out = []
    for k, act in enumerate(activities):
        sport = act.get("Sport") or "Running"
        ident = _text(act, "Id")
        laps = [e for e in act if _local(e.tag) == "Lap"]
        timer = sum(_number(_text(lap, "TotalTimeSeconds")) or 0.0 for lap in laps)
        lap_m = sum(_number(_text(lap, "DistanceMeters")) or 0.0 for lap in laps)
        max_speed = max((_number(_text(lap, "MaximumSpeed")) or 0.0 for lap in laps), default=0)
        times: list[dt.datetime | None] = []
        lat: list[float] = []
        lon: list[float] = []
        hr: list[float] = []
        dist: list[float] = []
        segment_start: list[bool] = []
        for lap in laps:
            for track in (e for e in lap if _local(e.tag) == "Track"):
                first = True
                for pt in (e for e in track if _local(e.tag) == "Trackpoint"):
                    pos = _child(pt, "Position")
                    la = _number(_text(pos, "LatitudeDegrees")) if pos is not None else None
                    lo = _number(_text(pos, "LongitudeDegrees")) if pos is not None else None
                    lat.append(np.nan if la is None else la)
                    lon.append(np.nan if lo is None else lo)
                    times.append(_time(_text(pt, "Time")))
                    hr.append(_number(_text(pt, "HeartRateBpm", "Value")) or np.nan)
                    dist.append(_number(_text(pt, "DistanceMeters")) or np.nan)
                    segment_start.append(first)
                    first = False
        start = _time(ident) or next((x for x in times if x is not None), None)
        if start is None:
            raise Rejected(f"{name}: the TCX activity has no start time, so no date")
        warnings: list[str] = []
        samples = None
        geo_total = 0.0
        dist_a = np.asarray(dist, float)
        if len(times) >= 2:
            known = [x for x in times if x is not None]
            t0 = known[0] if known else start
            t = np.array([(x - t0).total_seconds() if x else np.nan for x in times])
            lat_a, lon_a = np.asarray(lat, float), np.asarray(lon, float)
            has_pos = np.isfinite(lat_a) & np.isfinite(lon_a)
            if has_pos.sum() >= 2:
                _, geo_d, _, _, geo_total = _track(
                    [times[i] for i in np.flatnonzero(has_pos)],
                    list(lat_a[has_pos]),
                    list(lon_a[has_pos]),
                    list(np.asarray(hr)[has_pos]),
                    [segment_start[i] for i in np.flatnonzero(has_pos)],
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
        known_t = [x for x in times if x is not None]
        if len(known_t) >= 2:
            elapsed = (known_t[-1] - known_t[0]).total_seconds() / 60.0
        first_lon = next((x for x in lon if np.isfinite(x)), None)
        suffix = f"#{k + 1}" if len(activities) > 1 else ""
        activity = _make(
            "tcx",
            start,
            data,
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
    data: bytes,
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
        source_id=start_utc.strftime("%Y-%m-%dT%H:%M:%SZ") if start else _digest(data),
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


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def sniff(data: bytes) -> str | None:
    """ "gpx" or "tcx" from the first bytes of an XML document, else None."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if b"<gpx" in head:
        return "gpx"
    if b"<trainingcenterdatabase" in head:
        return "tcx"
    return None
