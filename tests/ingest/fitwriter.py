"""A minimal FIT activity writer for tests: file_id, records, sessions, with valid CRCs.

Enough of the FIT protocol (Garmin FIT SDK: 14-byte header, definition and data messages,
CRC-16 over the file) to build the files the importer meets in the wild: a GPS spike, a
heart rate of 0, a multisport session list with a transition, a treadmill without
distance. Decoded by the importer's own reader, so a test sees what a watch file gives.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
SPORTS = {"generic": 0, "running": 1, "cycling": 2, "transition": 3, "swimming": 5, "walking": 11}
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
# (field number, struct format, FIT base type)
_FILE_ID = ((0, "B", 0x00), (1, "H", 0x84), (3, "I", 0x8C), (4, "I", 0x86))
_RECORD = ((253, "I", 0x86), (5, "I", 0x86), (3, "B", 0x02), (1, "i", 0x85))
_SESSION = (
    (253, "I", 0x86),
    (2, "I", 0x86),
    (5, "B", 0x00),
    (7, "I", 0x86),
    (8, "I", 0x86),
    (9, "I", 0x86),
    (124, "I", 0x86),
    (125, "I", 0x86),
    (16, "B", 0x02),
)


def crc16(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 of ``data``."""
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC_TABLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def _ts(when: dt.datetime) -> int:
    return int((when - FIT_EPOCH).total_seconds())


@dataclass
class Session:
    """One session: sport, start, seconds and metres, max speed (m/s), average HR."""

    sport: str
    start: dt.datetime
    seconds: float
    metres: float
    max_speed: float
    avg_hr: int = 150


@dataclass
class FitFile:
    """Records (seconds from ``start``, cumulative metres, heart rate) and sessions."""

    start: dt.datetime
    records: list[tuple[float, float | None, int]] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)

    def encode(self) -> bytes:
        body = bytearray()

        def define(local: int, glob: int, fields: tuple[tuple[int, str, int], ...]) -> None:
            body.append(0x40 | local)
            body.extend(struct.pack("<BBHB", 0, 0, glob, len(fields)))
            for num, fmt, base in fields:
                body.extend(struct.pack("<BBB", num, struct.calcsize(fmt), base))

        def data(local: int, fields: tuple[tuple[int, str, int], ...], values: list[int]) -> None:
            body.append(local)
            for (_, fmt, _), value in zip(fields, values, strict=True):
                body.extend(struct.pack("<" + fmt, value))

        define(0, 0, _FILE_ID)
        data(0, _FILE_ID, [4, 1, 12345, _ts(self.start)])
        define(1, 20, _RECORD)
        lon = int(4.3 / (180.0 / 2**31))
        for seconds, metres, hr in self.records:
            when = _ts(self.start) + round(seconds)
            dist = 0xFFFFFFFF if metres is None else round(metres * 100)
            data(1, _RECORD, [when, dist, hr if hr else 0, lon])
        define(2, 18, _SESSION)
        for s in self.sessions:
            data(
                2,
                _SESSION,
                [
                    _ts(s.start) + int(s.seconds),
                    _ts(s.start),
                    SPORTS[s.sport],
                    int(s.seconds * 1000),
                    int(s.seconds * 1000),
                    int(s.metres * 100),
                    int(s.metres / s.seconds * 1000) if s.seconds else 0,
                    int(s.max_speed * 1000),
                    s.avg_hr,
                ],
            )
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
        header += struct.pack("<H", crc16(header))
        out = header + bytes(body)
        return out + struct.pack("<H", crc16(out))


def steady(
    start: dt.datetime, legs: list[tuple[float, int]], hr: int = 150, t0: float = 0.0
) -> list[tuple[float, float | None, int]]:
    """Records every second for legs of (m/s, seconds), from ``t0`` seconds."""
    out: list[tuple[float, float | None, int]] = [(t0, 0.0, hr)]
    t, d = t0, 0.0
    for speed, seconds in legs:
        for _ in range(seconds):
            t += 1.0
            d += speed
            out.append((t, d, hr))
    return out
