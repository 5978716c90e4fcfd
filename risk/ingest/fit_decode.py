"""A FIT file decoded into the messages an activity summary reads (:class:`FitMessages`).

Two decoders give the same result:

- **fitfast** (the rustyfit Rust crate) for files up to :data:`FAST_MAX_BYTES`, about
  20-60× faster than fitdecode. It verifies the header and file CRCs while it decodes
  and refuses the whole file on any damage (bad CRC, cut short, garbage), so nothing
  damaged comes out of it.
- **fitdecode** (pure Python, streaming, constant memory) for every file fitfast refuses
  or that is larger: it gives the specific refusals (truncated, not a FIT file, damaged)
  and, for a file whose checksum alone does not match, imports what decodes with a
  warning, as Eccentric always has.

Two gaps of fitfast 0.1 are bridged here (checked against fitdecode on every fixture by
``tests/ingest/test_fit_decode.py``): a 14-byte header whose CRC is 0 ("not computed",
written by older Garmin watches) makes it check the file CRC over the data records alone,
so the stored CRC is re-based (:func:`_rebase_file_crc`, exact: CRC-16 is linear); and it
does not expand ``compressed_speed_distance`` (Forerunner 60/70), done by
:func:`_expand_compressed_speed_distance`.

Conventions of the result (fitdecode's): dates are UTC datetimes, or the raw count of
seconds when below :data:`DEVICE_RELATIVE` (the watch's clock was unset); enums are profile
names. Record columns are float arrays, NaN where absent, for records with a timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import fitdecode
import fitfast
import numpy as np

from risk.ingest.activity import Rejected
from risk.ingest.fit_crc import after_zeros, crc16
from risk.ingest.limits import check_points, check_time

#: Timestamps below this are seconds since the device powered on (FIT profile).
DEVICE_RELATIVE: Final = 0x10000000
#: Files above this go to the streaming decoder: fitfast holds every decoded message in
#: memory (about 35× the file's size), fitdecode one at a time.
FAST_MAX_BYTES: Final = 4 * 1024 * 1024
#: Seconds from the POSIX epoch to the FIT epoch (1989-12-31 00:00 UTC).
FIT_EPOCH_S: Final = 631_065_600
_SEMICIRCLE_DEG: Final = 180.0 / 2**31
#: Fields holding a FIT date_time or local_date_time in the messages kept as dicts.
_DATE_KEYS: Final = frozenset({"timestamp", "start_time", "time_created", "local_timestamp"})
_RECORD_FIELDS: Final = frozenset(
    {
        "timestamp",
        "distance",
        "enhanced_speed",
        "speed",
        "heart_rate",
        "position_lat",
        "position_long",
    }
)
CRC_WARNING: Final = "The file's checksum does not match (it may be damaged): imported what decodes"


@dataclass
class Records:
    """The record messages with a timestamp, as columns of equal length.

    ``t`` is POSIX seconds (or seconds since power-on if device-relative), ``distance``
    cumulative metres, ``heart_rate`` bpm, ``speed`` m/s (enhanced speed when present),
    ``lat``/``lon`` degrees; NaN where a record lacks the field.
    """

    t: np.ndarray
    distance: np.ndarray
    heart_rate: np.ndarray
    speed: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[float, float, float, float, float, float]]) -> Records:
        """Columns from (t, distance, heart_rate, speed, lat, lon) rows."""
        table = np.asarray(list(rows), dtype=float).reshape(-1, 6)
        return cls(*(table[:, k].copy() for k in range(6)))


@dataclass
class FitMessages:
    """What an activity summary reads from one FIT file (the last file_id, activity and
    sport message; every session and lap; timer-stop times; the records)."""

    file_id: dict[str, Any] = field(default_factory=dict)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    laps: list[dict[str, Any]] = field(default_factory=list)
    activity: dict[str, Any] = field(default_factory=dict)
    sport: dict[str, Any] = field(default_factory=dict)
    stops: list[float] = field(default_factory=list)
    records: Records = field(default_factory=lambda: Records.from_rows([]))
    warnings: list[str] = field(default_factory=list)
    #: Which decoder read it: "fitfast" or "fitdecode".
    decoder: str = ""


def seconds(value: Any) -> float | None:
    """A FIT timestamp as seconds: POSIX for a date, the raw count if device-relative."""
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def decode_fit(data: bytes, name: str) -> FitMessages:
    """The messages of one FIT file; raises :class:`Rejected` with the reason if it is
    not an activity file or cannot be read at all. Any failure of the fast decoder,
    whatever its kind, hands the file to fitdecode, which gives the specific reason.
    Either way a file of more records than the limit per file, or that takes longer
    than its CPU time, is refused (:mod:`risk.ingest.limits`)."""
    if len(data) <= FAST_MAX_BYTES and intact(data):
        try:
            messages = decode_fast(data)
        except BaseException as exc:
            # A Rust panic arrives as pyo3's PanicException, a BaseException. Whatever
            # failed, the streaming decoder reads the file again and says what is wrong.
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
        else:
            _check_activity(messages.file_id, name)
            # fitfast decodes the whole file at once (at most FAST_MAX_BYTES): its records
            # are counted after, and the CPU time it took is checked.
            check_points(len(messages.records.t), name)
            check_time()
            return messages
    return decode_streaming(data, name)


def intact(data: bytes) -> bool:
    """True if ``data`` is one FIT file (not chained, nothing after it) whose header and
    file CRCs match. Only such a file goes to fitfast: its decoder can panic on damaged
    input (printing a Rust backtrace) before it reaches the checksum."""
    if len(data) < 14 or data[0] not in (12, 14) or data[8:12] != b".FIT":
        return False
    head = data[0]
    end = head + int.from_bytes(data[4:8], "little")
    if len(data) != end + 2:
        return False
    stated = int.from_bytes(data[12:14], "little") if head == 14 else 0
    if stated and crc16(data[:12]) != stated:
        return False
    return crc16(data[:end]) == int.from_bytes(data[end:], "little")


def _check_activity(file_id: dict[str, Any], name: str) -> None:
    kind = file_id.get("type")
    if kind is not None and kind != "activity":
        raise Rejected(f"{name}: not an activity file (file type: {kind})")


# --- fitfast -------------------------------------------------------------------------


def decode_fast(data: bytes) -> FitMessages:
    """:class:`FitMessages` with fitfast; raises (anything) if the file is damaged."""
    parsed = fitfast.parse(_rebase_file_crc(data), enum_names=True, datetimes=False)
    out = FitMessages(decoder="fitfast")
    for kind, target in (("file_id", "file_id"), ("activity", "activity"), ("sport", "sport")):
        found = parsed.get(kind)
        if found:
            setattr(out, target, _dates(found[-1]))
    out.sessions = [_dates(m) for m in parsed.get("session", [])]
    out.laps = [_dates(m) for m in parsed.get("lap", [])]
    for event in parsed.get("event", []):
        if event.get("event") == "timer" and str(event.get("event_type", "")).startswith("stop"):
            ts = _fast_seconds(event.get("timestamp"))
            if ts is not None:
                out.stops.append(ts)
    out.records = _fast_records(parsed.get("record", []))
    return out


def _fast_seconds(value: Any) -> float | None:
    """fitfast's POSIX seconds as :func:`seconds` would give fitdecode's value."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    raw = value - FIT_EPOCH_S
    return float(raw if raw < DEVICE_RELATIVE else value)


def _dates(message: dict[str | int, Any]) -> dict[str, Any]:
    """A fitfast message with fitdecode's keys and date values (unknown fields dropped)."""
    out: dict[str, Any] = {}
    for key, value in message.items():
        if not isinstance(key, str) or value is None:
            continue
        if key in _DATE_KEYS and isinstance(value, int) and not isinstance(value, bool):
            raw = value - FIT_EPOCH_S
            out[key] = raw if raw < DEVICE_RELATIVE else dt.datetime.fromtimestamp(value, dt.UTC)
        else:
            out[key] = value
    return out


def _num(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return np.nan


def _column(messages: list[dict[str | int, Any]], key: str) -> np.ndarray:
    # None becomes NaN; a list or bytes value raises, and the file goes to fitdecode.
    return np.array([m.get(key) for m in messages], dtype=float)


def _fast_records(messages: list[dict[str | int, Any]]) -> Records:
    stamps = _column(messages, "timestamp")
    raw = stamps - FIT_EPOCH_S
    keep = np.isfinite(stamps)
    enhanced, plain = _column(messages, "enhanced_speed"), _column(messages, "speed")
    records = Records(
        t=np.where(raw < DEVICE_RELATIVE, raw, stamps)[keep],
        distance=_column(messages, "distance")[keep],
        heart_rate=_column(messages, "heart_rate")[keep],
        speed=np.where(np.isnan(enhanced), plain, enhanced)[keep],
        lat=_column(messages, "position_lat")[keep] * _SEMICIRCLE_DEG,
        lon=_column(messages, "position_long")[keep] * _SEMICIRCLE_DEG,
    )
    if any("compressed_speed_distance" in m for m in messages):
        packed = [
            m.get("compressed_speed_distance") for m, k in zip(messages, keep, strict=True) if k
        ]
        _expand_compressed_speed_distance(records, packed)
    return records


def _expand_compressed_speed_distance(records: Records, packed: list[Any]) -> None:
    """Speed and distance from the record field ``compressed_speed_distance`` (3 bytes:
    speed in 12 bits at 1/100 m/s, distance in 12 bits at 1/16 m, accumulated with
    roll-over at 4096; FIT profile), where the record has no plain distance or speed."""
    where = [k for k, v in enumerate(packed) if isinstance(v, bytes) and len(v) == 3]
    if not where:
        return
    raw = np.frombuffer(b"".join(packed[k] for k in where), dtype=np.uint8).reshape(-1, 3)
    word = (
        raw[:, 0].astype(np.int64)
        | raw[:, 1].astype(np.int64) << 8
        | raw[:, 2].astype(np.int64) << 16
    )
    steps = np.diff((word >> 12) & 0xFFF, prepend=0) & 0xFFF
    distance, speed = np.cumsum(steps) / 16.0, (word & 0xFFF) / 100.0
    at = np.asarray(where)
    records.distance[at] = np.where(np.isnan(records.distance[at]), distance, records.distance[at])
    records.speed[at] = np.where(np.isnan(records.speed[at]), speed, records.speed[at])


def _rebase_file_crc(data: bytes) -> bytes:
    """``data`` with its file CRC re-based onto the data records alone, when its 14-byte
    header carries CRC 0; else ``data`` as it is.

    The FIT file CRC runs over header and data. fitfast 0.1 restarts it after a 14-byte
    header, which gives the same number only when the header holds its own CRC. CRC-16
    with a zero start is linear: crc(header + data) = crc(header + zeros) ^ crc(data), so
    xor-ing the stored CRC with crc(header + zeros) gives exactly crc(data) for an intact
    file, and a damaged one still fails.
    """
    if len(data) < 16 or data[0] != 14 or data[12:14] != b"\0\0":
        return data
    size = int.from_bytes(data[4:8], "little")
    end = 14 + size
    if end + 2 > len(data):
        return data
    shift = after_zeros(crc16(data[:14]), size)
    if not shift:
        return data
    stored = int.from_bytes(data[end : end + 2], "little")
    return data[:end] + (stored ^ shift).to_bytes(2, "little") + data[end + 2 :]


# --- fitdecode -----------------------------------------------------------------------


def _fields(frame: Any) -> dict[str, Any]:
    return {f.name: f.value for f in frame.fields if f.value is not None}


def decode_streaming(data: bytes, name: str) -> FitMessages:
    """:class:`FitMessages` with fitdecode, one message at a time; a checksum mismatch
    keeps what decoded (with a warning), any other damage raises :class:`Rejected`."""
    out = FitMessages(decoder="fitdecode")
    # One packed column per field (8 bytes a record, not a tuple of floats: ~30 bytes):
    # a file of a million records stays at tens of MB until the point limit refuses it.
    columns = tuple(array("d") for _ in range(6))
    nan = np.nan
    try:
        with fitdecode.FitReader(
            io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE, keep_raw_chunks=False
        ) as reader:
            for frames, frame in enumerate(reader, start=1):
                if not frames % 4096:
                    check_time()
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                msg = frame.name
                if msg == "record":
                    v = {f.name: f.value for f in frame.fields if f.name in _RECORD_FIELDS}
                    ts = seconds(v.get("timestamp"))
                    if ts is None:
                        continue
                    speed = v.get("enhanced_speed")
                    speed = v.get("speed") if speed is None else speed
                    lat, lon = v.get("position_lat"), v.get("position_long")
                    row = (
                        ts,
                        nan if v.get("distance") is None else float(v["distance"]),
                        nan if v.get("heart_rate") is None else float(v["heart_rate"]),
                        _num(speed),
                        _num(lat) * _SEMICIRCLE_DEG,
                        _num(lon) * _SEMICIRCLE_DEG,
                    )
                    for column, value in zip(columns, row, strict=True):
                        column.append(value)
                    check_points(len(columns[0]), name)
                elif msg == "event":
                    values = _fields(frame)
                    if values.get("event") == "timer" and str(
                        values.get("event_type", "")
                    ).startswith("stop"):
                        ts = seconds(values.get("timestamp"))
                        if ts is not None:
                            out.stops.append(ts)
                elif msg == "session":
                    out.sessions.append(_fields(frame))
                elif msg == "lap":
                    out.laps.append(_fields(frame))
                elif msg == "file_id":
                    out.file_id = _fields(frame)
                    _check_activity(out.file_id, name)
                elif msg == "activity":
                    out.activity = _fields(frame)
                elif msg == "sport":
                    out.sport = _fields(frame)
    except fitdecode.FitCRCError:
        if not out.sessions and not columns[0]:
            raise Rejected(
                f"{name}: damaged FIT file (checksum mismatch, nothing readable)"
            ) from None
        out.warnings.append(CRC_WARNING)
    except fitdecode.FitEOFError:
        raise Rejected(
            f"{name}: truncated FIT file (it ends early; was the copy cut short?)"
        ) from None
    except fitdecode.FitHeaderError as exc:
        raise Rejected(f"{name}: not a FIT file, or its header is corrupt ({exc})") from None
    except fitdecode.FitError as exc:
        raise Rejected(f"{name}: damaged FIT file ({exc})") from None
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise Rejected(f"{name}: damaged FIT file ({type(exc).__name__}: {exc})") from None
    out.records = Records(*(np.array(column, dtype=float) for column in columns))
    return out
