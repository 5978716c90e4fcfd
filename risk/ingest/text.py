"""Text files of unknown encoding: BOMs, UTF-8, then Windows-1252, else a clear refusal."""

from __future__ import annotations

import codecs

from risk.ingest.activity import Rejected


def decode_text(data: bytes, name: str) -> str:
    """Decode a CSV: UTF-8/16/32 by BOM, else UTF-8, else Windows-1252 (Excel's default)."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise Rejected(f"{name}: damaged {encoding} text ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise Rejected(
            f"{name}: not a text file, or in an encoding we cannot tell (save it as CSV UTF-8)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise Rejected(f"{name}: unknown text encoding (save it as CSV UTF-8)") from None
