"""Files on the server's own disk (the Import page's "From this computer"): when a visitor
may name one, and how a named file or folder is gathered without leaving it.

Only a start on this machine for one person may read paths: Streamlit listening on a
loopback address and no sign-in configured. Even then a folder's symbolic links are not
followed out of it, /proc, /sys and /dev are refused, and devices, pipes and sockets are
never opened. Gathering only looks at names and file types: nothing is read until the
runner has seen the list and asked for it.
"""

from __future__ import annotations

import ipaddress
import os
import stat
from pathlib import Path
from typing import IO, Final

from risk.ingest.sources import ACTIVITY_EXTENSIONS, Source

LOCALHOST: Final = "localhost"
#: Folders of the kernel and devices, never read as files.
SYSTEM_DIRS: Final = (Path("/proc"), Path("/sys"), Path("/dev"))
#: The most files one folder may hold (Limits.max_zip_files, for the same reason).
MAX_FILES: Final = 20_000


def is_loopback(address: str | None) -> bool:
    """Whether a server address reaches this machine only (127.0.0.0/8, ::1, localhost);
    an empty address (every interface) does not."""
    text = (address or "").strip().strip("[]").lower()
    if text == LOCALHOST:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def paths_allowed(address: str | None, sign_in: bool) -> bool:
    """Whether the Import page may read paths on the server's disk: only when the server
    listens on a loopback address (``server.address``) and no sign-in is configured (an
    ``[auth]`` secrets section means a hosted start with several people)."""
    return is_loopback(address) and not sign_in


def _wanted(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return lower.endswith((*ACTIVITY_EXTENSIONS, ".zip"))


def _system(path: Path) -> bool:
    return any(path == d or path.is_relative_to(d) for d in SYSTEM_DIRS)


def _open_regular(path: Path) -> IO[bytes]:
    """Open a regular file, refusing a link or a special file swapped in since it was listed."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is no longer a regular file")
    return os.fdopen(fd, "rb")


def _source(path: Path, size: int) -> Source:
    return Source(str(path), size, lambda: _open_regular(path), path)


def gather(raw: str) -> list[Source | tuple[str, str]]:
    """The files a typed path names, without reading them: a file, or every FIT, GPX, TCX,
    CSV and zip file in a folder and its subfolders (sorted; hidden ones passed over);
    ``(name, reason)`` for what is refused, each reason one line."""
    typed = raw.strip()
    path = Path(typed).expanduser()
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        return [(typed, "no such file or folder")]
    except (OSError, RuntimeError) as exc:  # a loop of links, no permission
        return [(typed, f"cannot be read ({getattr(exc, 'strerror', None) or exc})")]
    if _system(real):
        return [(typed, "refused: /proc, /sys and /dev hold no activity files")]
    try:
        info = real.stat()
    except OSError as exc:
        return [(typed, f"cannot be read ({exc.strerror or exc})")]
    if stat.S_ISREG(info.st_mode):
        return [_source(real, info.st_size)]
    if not stat.S_ISDIR(info.st_mode):
        return [(typed, "refused: not a regular file (a device, pipe or socket)")]
    return _folder(real)


def _folder(root: Path) -> list[Source | tuple[str, str]]:
    found: list[Source | tuple[str, str]] = []
    problems: list[tuple[str, str]] = []

    def unreadable(exc: OSError) -> None:
        problems.append((str(exc.filename or root), f"cannot be read ({exc.strerror or exc})"))

    count = 0
    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not _wanted(name):
                continue
            count += 1
            if count > MAX_FILES:
                return [
                    (
                        str(root),
                        f"more than {MAX_FILES:,} activity files: choose the export's own folder",
                    )
                ]
            found.append(_entry(root, Path(folder) / name))
    return found + problems


def _entry(root: Path, path: Path) -> Source | tuple[str, str]:
    """One file of a folder: a regular file, or a link to one inside the folder."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(root):
                return (str(path), "refused: a link to a file outside the folder")
            path, info = target, target.stat()
    except (OSError, RuntimeError) as exc:
        return (str(path), f"cannot be read ({getattr(exc, 'strerror', None) or exc})")
    if not stat.S_ISREG(info.st_mode):
        return (str(path), "refused: not a regular file (a device, pipe or socket)")
    return _source(path, info.st_size)
