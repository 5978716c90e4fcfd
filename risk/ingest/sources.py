"""Where files come from: paths, folders, uploads, zips and gzip members, read safely.

Nothing is ever extracted to disk. A zip is read member by member with limits on the
number of files, the total unpacked size and the compression ratio (zip bombs), and a
member whose name climbs out of the archive (``../``) or is absolute is refused. Every
read is capped at the file size limit, whatever the archive claims.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Final

from risk.ingest.activity import Rejected

ENV_MAX_MB: Final = "ECCENTRIC_IMPORT_MAX_MB"
#: Extensions the importer reads (``.gz`` of each too).
ACTIVITY_EXTENSIONS: Final = (".fit", ".gpx", ".tcx", ".csv")


@dataclass(frozen=True)
class Limits:
    """Safety limits of one import (defaults: 100 MB a file, see ``ECCENTRIC_IMPORT_MAX_MB``)."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_zip_files: int = 20_000
    max_zip_total_bytes: int = 4 * 1024 * 1024 * 1024
    max_ratio: float = 200.0

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, with the per-file limit from ``ECCENTRIC_IMPORT_MAX_MB`` when set."""
        raw = os.environ.get(ENV_MAX_MB, "").strip()
        if not raw:
            return cls()
        try:
            mb = float(raw)
        except ValueError:
            raise Rejected(f"{ENV_MAX_MB} must be a number of megabytes (got {raw!r})") from None
        if not 0 < mb <= 10_000:
            raise Rejected(f"{ENV_MAX_MB} must be between 0 and 10000 (got {raw})")
        return cls(max_file_bytes=int(mb * 1024 * 1024))


@dataclass(frozen=True)
class Source:
    """One file to read: its display name and how to get its bytes (read lazily)."""

    name: str
    size: int | None
    opener: Callable[[], IO[bytes]]
    path: Path | None = None

    def read(self, limits: Limits) -> bytes:
        """The file's bytes (ungzipped if it ends in .gz), refusing what exceeds the limit."""
        if self.size is not None and self.size > limits.max_file_bytes:
            raise Rejected(
                f"{self.name}: {_mb(self.size)} is over the "
                f"{_mb(limits.max_file_bytes)} limit ({ENV_MAX_MB} raises it)"
            )
        try:
            with self.opener() as stream:
                data = stream.read(limits.max_file_bytes + 1)
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise Rejected(f"{self.name}: cannot be read ({exc})") from None
        if len(data) > limits.max_file_bytes:
            raise Rejected(f"{self.name}: over the {_mb(limits.max_file_bytes)} limit")
        if self.name.lower().endswith(".gz"):
            data = gunzip(data, self.name, limits)
        return data

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


def gunzip(data: bytes, name: str, limits: Limits) -> bytes:
    """Decompress gzip data in chunks, stopping at the size and ratio limits."""
    cap = min(limits.max_file_bytes, int(max(len(data), 1) * limits.max_ratio))
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            while chunk := gz.read(1024 * 1024):
                out.write(chunk)
                if out.tell() > cap:
                    raise Rejected(
                        f"{name}: unpacks to more than {_mb(cap)} "
                        "(a compression bomb, or over the file size limit)"
                    )
    except (OSError, EOFError, zlib.error) as exc:
        raise Rejected(f"{name}: damaged gzip file ({exc})") from None
    return out.getvalue()


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
