"""Shift every date in a FIT file by whole seconds (for building benchmark exports).

Walks the FIT records at the byte level (definition and data messages, compressed
timestamp headers), adds ``seconds`` to every date-time field (uint32 seconds since the
FIT epoch: field 253 of any message, plus file_id.time_created, session/lap start_time and
activity.local_timestamp), leaves device-relative values (< 0x10000000) alone, and
rewrites the file CRC. Used only by bench/, never by the importer.
"""

from __future__ import annotations

import struct

from fitdecode.utils import compute_crc

#: (global message number, field number) pairs holding a date-time, besides field 253.
DATE_FIELDS = {(0, 4), (18, 2), (19, 2), (34, 5)}
DEVICE_RELATIVE = 0x10000000


def shift_fit(data: bytes, seconds: int) -> bytes:
    """A copy of one FIT file (not chained) with its dates moved by ``seconds``."""
    out = bytearray(data)
    header_size = out[0]
    data_size = struct.unpack_from("<I", out, 4)[0]
    pos, end = header_size, header_size + data_size
    # local message type -> (little endian?, global number, [(field, size, offset)], size)
    defs: dict[int, tuple[bool, int, list[tuple[int, int, int]], int]] = {}
    while pos < end:
        head = out[pos]
        pos += 1
        if head & 0x80:  # compressed timestamp header: a data message with no timestamp field
            local = (head >> 5) & 0x3
            pos += defs[local][3]
            continue
        local = head & 0x0F
        if head & 0x40:  # definition message
            arch = out[pos + 1]
            little = arch == 0
            global_no = struct.unpack_from("<H" if little else ">H", out, pos + 2)[0]
            n_fields = out[pos + 4]
            pos += 5
            fields: list[tuple[int, int, int]] = []
            offset = 0
            for _ in range(n_fields):
                number, size = out[pos], out[pos + 1]
                fields.append((number, size, offset))
                offset += size
                pos += 3
            if head & 0x20:  # developer fields
                n_dev = out[pos]
                pos += 1
                for _ in range(n_dev):
                    offset += out[pos + 1]
                    pos += 3
            defs[local] = (little, global_no, fields, offset)
            continue
        little, global_no, fields, size = defs[local]
        fmt = "<I" if little else ">I"
        for number, field_size, offset in fields:
            if field_size == 4 and (number == 253 or (global_no, number) in DATE_FIELDS):
                at = pos + offset
                value = struct.unpack_from(fmt, out, at)[0]
                if DEVICE_RELATIVE <= value < 0xFFFFFFFF:
                    struct.pack_into(fmt, out, at, value + seconds)
        pos += size
    if header_size == 14:
        struct.pack_into("<H", out, 12, compute_crc(bytes(out[:12])))
    struct.pack_into("<H", out, end, compute_crc(bytes(out[:end])))
    return bytes(out[: end + 2])
