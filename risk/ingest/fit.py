"""FIT activity files (Garmin, Coros, Wahoo, Suunto…): what an activity is made of.

The file is decoded by :mod:`risk.ingest.fit_decode` (fitfast, or fitdecode for damaged
and very large files).

The session message's totals (distance, timer time) are trusted over sums of records;
records give the speed profile. Timer stop/start events mark pauses. A timestamp below
0x10000000 is device-relative (seconds since the watch powered on, its clock unset): such
a file has no calendar date of its own, so it needs a date from elsewhere (the Strava
export's activities.csv) or is refused. Several sessions (multisport) become one activity
each, with the records of its own time span.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, BinaryIO

import numpy as np

from risk.ingest.activity import Activity, Rejected, Samples
from risk.ingest.fit_decode import DEVICE_RELATIVE, decode_fit
from risk.ingest.fit_decode import seconds as _seconds
from risk.ingest.profile import local_date

__all__ = ["DEVICE_RELATIVE", "read_fit", "read_fit_bytes"]


def read_fit(
    stream: BinaryIO, name: str, *, date_hint: dt.datetime | None = None
) -> list[Activity]:
    """The activities of one FIT file; raises :class:`Rejected` with the reason if none."""
    decoded = decode_fit(stream.read(), name)
    file_id, sessions = decoded.file_id, decoded.sessions
    activity_msg, sport_msg = decoded.activity, decoded.sport
    warnings = list(decoded.warnings)
    records = decoded.records
    t, d, hr = records.t, records.distance, records.heart_rate
    known_lon = records.lon[np.isfinite(records.lon)]
    lon = [float(known_lon[0])] if known_lon.size else []
    stops = decoded.stops
    if not file_id:
        raise Rejected(f"{name}: not a FIT activity file (no file_id message)")
    if not sessions:
        if len(t) < 2:
            raise Rejected(f"{name}: no activity in this FIT file (no session and no records)")
        sessions = [_session_from_records(t.tolist(), d.tolist())]
        warnings.append("No session summary in the file: totals come from the track points")

    times = np.asarray(t, dtype=float)
    dists = np.asarray(d, dtype=float)
    beats = np.asarray(hr, dtype=float)
    paused = np.zeros(len(times), dtype=bool)
    if stops and len(times):
        idx = np.searchsorted(times, np.asarray(stops), side="left")
        paused[idx[idx < len(times)]] = True
    offset = None
    if "local_timestamp" in activity_msg and isinstance(activity_msg.get("timestamp"), dt.datetime):
        local = activity_msg["local_timestamp"]
        if isinstance(local, dt.datetime):
            offset = local.replace(tzinfo=None) - activity_msg["timestamp"].replace(tzinfo=None)
            if abs(offset) > dt.timedelta(hours=15):
                offset = None
    ident = _identity(file_id, name)
    out = []
    for k, session in enumerate(sessions):
        suffix = f"#{k + 1}" if len(sessions) > 1 else ""
        out.append(
            _activity(
                session,
                sport_msg,
                times,
                dists,
                beats,
                paused,
                offset,
                lon[0] if lon else None,
                f"{ident}{suffix}",
                name,
                date_hint,
                list(warnings),
            )
        )
    return out


def _identity(file_id: dict[str, Any], name: str) -> str:
    serial = file_id.get("serial_number")
    created = _seconds(file_id.get("time_created"))
    if serial is not None and created is not None:
        return f"{serial}-{int(created)}"
    return name


def _session_from_records(t: list[float], d: list[float]) -> dict[str, Any]:
    dist = np.asarray(d, dtype=float)
    total = float(np.nanmax(dist)) if np.isfinite(dist).any() else 0.0
    return {
        "start_time": t[0],
        "total_distance": total,
        "total_elapsed_time": t[-1] - t[0],
        "sport": "running",
        "_relative": not t[0] >= DEVICE_RELATIVE,
    }


def _activity(
    session: dict[str, Any],
    sport_msg: dict[str, Any],
    times: np.ndarray,
    dists: np.ndarray,
    beats: np.ndarray,
    paused: np.ndarray,
    offset: dt.timedelta | None,
    lon: float | None,
    source_id: str,
    name: str,
    date_hint: dt.datetime | None,
    warnings: list[str],
) -> Activity:
    start_raw = session.get("start_time")
    start = _seconds(start_raw)
    elapsed = session.get("total_elapsed_time")
    timer = session.get("total_timer_time")
    end = start + float(elapsed) if start is not None and elapsed is not None else None
    sport = str(session.get("sport") or sport_msg.get("sport") or "running")
    sub = str(session.get("sub_sport") or sport_msg.get("sub_sport") or "")
    if sport in ("fitness_equipment", "generic") and sub:
        sport = {
            "treadmill": "treadmill",
            "elliptical": "elliptical",
            "indoor_rowing": "rowing",
            "indoor_cycling": "cycling",
        }.get(sub, sport)
    if sport == "running" and sub == "treadmill":
        sport = "treadmill"

    if isinstance(start_raw, dt.datetime):
        start_utc: dt.datetime | None = start_raw.astimezone(dt.UTC)
        if start is not None and start < DEVICE_RELATIVE:
            start_utc = None
    else:
        start_utc = None
    if start_utc is None:
        if date_hint is None:
            raise Rejected(
                f"{name}: the watch stored no calendar date in this file (only the time since "
                "it was switched on): import it from your Strava export, which dates it, or "
                "log this run by hand"
            )
        start_utc = date_hint.astimezone(dt.UTC)
        warnings.append("The watch stored no date: the date comes from activities.csv")
        day = date_hint.date()
    else:
        day = local_date(start_utc, offset, lon)

    distance_m = session.get("total_distance")
    in_span = np.ones(len(times), dtype=bool)
    if start is not None and end is not None and len(times):
        in_span = (times >= start - 1) & (times <= end + 1)
    t_s, d_s = times[in_span], dists[in_span]
    if distance_m is None:
        known = d_s[np.isfinite(d_s)]
        distance_m = float(known.max() - known.min()) if known.size else 0.0
    samples = None
    finite = np.isfinite(d_s)
    if finite.sum() >= 2:
        samples = Samples(
            t=t_s[finite], d=d_s[finite], hr=beats[in_span][finite], paused=paused[in_span][finite]
        )
    elif finite.sum() < 2 and len(t_s):
        warnings.append(
            "No distance in the track points (treadmill without a foot pod?): "
            "no speed profile, the run type is a guess from the pace"
        )
    return Activity(
        source="fit",
        source_id=source_id,
        sport=sport,
        distance_km=float(distance_m) / 1000.0,
        start_utc=start_utc,
        local_date=day,
        moving_min=float(timer) / 60.0 if timer is not None else None,
        elapsed_min=float(elapsed) / 60.0 if elapsed is not None else None,
        avg_speed_ms=_float(session.get("enhanced_avg_speed", session.get("avg_speed"))),
        max_speed_ms=_float(session.get("enhanced_max_speed", session.get("max_speed"))),
        avg_hr=_float(session.get("avg_heart_rate")),
        samples=samples,
        file=name,
        warnings=warnings,
    )


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def read_fit_bytes(
    data: bytes, name: str, *, date_hint: dt.datetime | None = None
) -> list[Activity]:
    """:func:`read_fit` on bytes in memory."""
    return read_fit(io.BytesIO(data), name, date_hint=date_hint)
