"""Text files of unknown encoding: BOMs, UTF-8, then Windows-1252, else a clear refusal."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import IO, TypeVar

from risk.ingest.activity import Rejected

T = TypeVar("T")
#: Opens a file's bytes afresh each time it is called.
Opener = Callable[[], AbstractContextManager[IO[bytes]]]
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def opener(data: bytes | Opener) -> Opener:
    """An :data:`Opener` for bytes in memory (or the opener itself)."""
    if isinstance(data, bytes):
        return lambda: nullcontext(io.BytesIO(data))
    return data


def _by_bom(head: bytes, name: str) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head[:4096]:
        raise Rejected(
            f"{name}: not a text file, or in an encoding we cannot tell (save it as CSV UTF-8)"
        )
    return None


def with_text(data: bytes | Opener, name: str, use: Callable[[IO[str]], T]) -> T:
    """``use`` applied to the file as a text stream, read in chunks and decoded by its
    BOM (UTF-8/16/32), else as UTF-8, else as Windows-1252 (Excel's default): a file that
    turns out not to be UTF-8 is read again from the start."""
    open_bytes = opener(data)
    with open_bytes() as stream:
        by_bom = _by_bom(stream.read(4096), name)
    for encoding in [by_bom] if by_bom else ["utf-8", "cp1252"]:
        try:
            with open_bytes() as stream:
                return use(io.TextIOWrapper(stream, encoding=encoding, newline=""))
        except UnicodeDecodeError as exc:
            if by_bom:
                raise Rejected(f"{name}: damaged {encoding} text ({exc.reason})") from None
    raise Rejected(f"{name}: unknown text encoding (save it as CSV UTF-8)")
