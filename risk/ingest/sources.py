"""Where files come from: paths, folders, uploads, zips and gzip members, read safely.

Nothing is ever extracted to disk. A zip is read member by member with limits on the
number of files, the total unpacked size and the compression ratio (zip bombs), and a
member whose name climbs out of the archive (``../``) or is absolute is refused. Every
read is a stream capped at the file size limit, whatever the archive claims, and metered
against the limits of the import (:mod:`risk.ingest.limits`).
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Final, cast

from risk.ingest.activity import Rejected
from risk.ingest.limits import ENV_MAX_MB, Limits, check_time, count_unpacked

__all__ = ["ENV_MAX_MB", "Limits", "Source", "from_paths", "from_upload", "zip_members"]

#: Extensions the importer reads (``.gz`` of each too).
ACTIVITY_EXTENSIONS: Final = (".fit", ".gpx", ".tcx", ".csv")
_CHUNK: Final = 64 * 1024
_READ_ERRORS: Final = (OSError, EOFError, zipfile.BadZipFile, zlib.error)


class _Capped(io.RawIOBase):
    """A read-only stream that refuses to give more than ``cap`` bytes; the last layer
    of a file also meters the import's unpacked bytes and the CPU time."""

    def __init__(
        self, inner: IO[bytes], cap: int, over: str, damaged: str, *, metered: bool = False
    ) -> None:
        self._inner = inner
        self._cap = cap
        self._over = over
        self._damaged = damaged
        self._metered = metered
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._cap + 1 - self._count)
        try:
            data = self._inner.read(max(want, 1))
        except _READ_ERRORS as exc:
            raise Rejected(f"{self._damaged} ({exc})") from None
        n = len(data)
        buffer[:n] = data
        self._count += n
        if self._count > self._cap:
            raise Rejected(self._over)
        if self._metered:
            count_unpacked(n)
            check_time()
        return n


class _Prepended(io.RawIOBase):
    """``head`` followed by the rest of ``stream`` (after a peek at a file's first bytes)."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def prepend(head: bytes, stream: IO[bytes]) -> IO[bytes]:
    """A stream of ``head`` then the rest of ``stream``."""
    return io.BufferedReader(_Prepended(head, stream), buffer_size=_CHUNK)


@dataclass(frozen=True)
class Source:
    """One file to read: its display name and how to get its bytes (read lazily)."""

    name: str
    size: int | None
    opener: Callable[[], IO[bytes]]
    path: Path | None = None

    @contextmanager
    def open(self, limits: Limits) -> Iterator[IO[bytes]]:
        """The file's bytes as a stream (ungzipped if it ends in .gz) that refuses, with
        a :class:`Rejected`, more than the file size limit, a gzip bomb, and (inside
        :func:`~risk.ingest.limits.importing`) more than the import may unpack or spend."""
        if self.size is not None and self.size > limits.max_file_bytes:
            raise Rejected(
                f"{self.name}: {_mb(self.size)} is over the "
                f"{_mb(limits.max_file_bytes)} limit ({ENV_MAX_MB} raises it)"
            )
        try:
            raw = self.opener()
        except _READ_ERRORS as exc:
            raise Rejected(f"{self.name}: cannot be read ({exc})") from None
        with raw:
            gz = self.name.lower().endswith(".gz")
            stream: IO[bytes] = io.BufferedReader(
                _Capped(
                    raw,
                    limits.max_file_bytes,
                    f"{self.name}: over the {_mb(limits.max_file_bytes)} limit",
                    f"{self.name}: cannot be read",
                    metered=not gz,
                ),
                buffer_size=_CHUNK,
            )
            if gz:
                packed = self.size if self.size is not None else limits.max_file_bytes
                cap = min(limits.max_file_bytes, int(max(packed, 1) * limits.max_ratio))
                unpacked = gzip.GzipFile(fileobj=stream, mode="rb")
                stream = io.BufferedReader(
                    _Capped(
                        cast(IO[bytes], unpacked),
                        cap,
                        f"{self.name}: unpacks to more than {_mb(cap)} "
                        "(a compression bomb, or over the file size limit)",
                        f"{self.name}: damaged gzip file",
                        metered=True,
                    ),
                    buffer_size=_CHUNK,
                )
            yield stream

    def read(self, limits: Limits) -> bytes:
        """The file's bytes (ungzipped if it ends in .gz), refusing what exceeds the limit."""
        with self.open(limits) as stream:
            return stream.read()

    @property
    def kind(self) -> str:
        """The file's format from its name: fit, gpx, tcx, csv, zip or '' (unknown)."""
        name = self.name.lower()
        if name.endswith(".gz"):
            name = name[:-3]
        for ext in (*ACTIVITY_EXTENSIONS, ".zip"):
            if name.endswith(ext):
                return ext[1:]
        return ""


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not path.is_absolute() and ".." not in path.parts and ":" not in path.parts[0]


def zip_members(
    data_or_path: bytes | Path, name: str, limits: Limits
) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo], list[tuple[str, str]]]:
    """Open a zip and vet its members: (archive, safe file members, refused (name, reason))."""
    try:
        archive = zipfile.ZipFile(
            io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
        )
    except (zipfile.BadZipFile, OSError) as exc:
        raise Rejected(f"{name}: not a readable zip file ({exc})") from None
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > limits.max_zip_files:
        archive.close()
        raise Rejected(
            f"{name}: {len(infos):,} files in the zip, over the limit of {limits.max_zip_files:,}"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_zip_total_bytes:
        archive.close()
        raise Rejected(
            f"{name}: unpacks to {_mb(total)}, over the limit of {_mb(limits.max_zip_total_bytes)}"
        )
    safe: list[zipfile.ZipInfo] = []
    refused: list[tuple[str, str]] = []
    for info in infos:
        if not _safe_member(info.filename):
            refused.append(
                (
                    f"{name}/{info.filename}",
                    "refused: its path leaves the archive (../ or absolute)",
                )
            )
        elif info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            refused.append(
                (
                    f"{name}/{info.filename}",
                    f"refused: compressed {info.file_size / info.compress_size:.0f}:1 "
                    "(a zip bomb?)",
                )
            )
        elif info.file_size > limits.max_file_bytes:
            refused.append(
                (
                    f"{name}/{info.filename}",
                    f"{_mb(info.file_size)} is over the {_mb(limits.max_file_bytes)} limit",
                )
            )
        else:
            safe.append(info)
    return archive, safe, refused


def member_source(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Source:
    """A zip member as a :class:`Source` (read lazily, capped like any file)."""
    return Source(f"{name}/{info.filename}", info.file_size, lambda: archive.open(info))


def from_paths(paths: Iterable[str | Path]) -> Iterator[Source | tuple[str, str]]:
    """Sources for files and folders (recursively, sorted); (name, reason) for bad paths."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                source = _file_source(child)
                if source.kind:  # other files in a folder (photos, notes) are passed over
                    yield source
        elif path.is_file():
            yield _file_source(path)
        elif path.exists():
            yield (str(path), "not a regular file")
        else:
            yield (str(path), "no such file or folder")


def _file_source(path: Path) -> Source:
    return Source(str(path), path.stat().st_size, lambda: path.open("rb"), path)


def from_upload(name: str, data: bytes) -> Source:
    """An uploaded file (already in memory) as a :class:`Source`."""
    return Source(name, len(data), lambda: io.BytesIO(data))
