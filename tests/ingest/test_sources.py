"""Hostile archives and oversized files: refused with a message, nothing extracted."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from risk.ingest.activity import Rejected
from risk.ingest.sources import ENV_MAX_MB, Limits, from_paths, from_upload, zip_members
from tests.ingest.helpers import FIXTURES


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_members_and_path_traversal_are_refused() -> None:
    gpx = (FIXTURES / "gpx" / "intervals.gpx").read_bytes()
    data = _zip(
        {"ok.gpx": gpx, "bomb.gpx": b"\0" * 20_000_000, "../../etc/evil.gpx": gpx, "/abs.gpx": gpx}
    )
    assert len(data) < 200_000
    archive, safe, refused = zip_members(data, "upload.zip", Limits())
    archive.close()
    assert [m.filename for m in safe] == ["ok.gpx"]
    reasons = dict(refused)
    assert "a zip bomb?" in reasons["upload.zip/bomb.gpx"]
    assert "leaves the archive" in reasons["upload.zip/../../etc/evil.gpx"]
    assert "leaves the archive" in reasons["upload.zip//abs.gpx"]


def test_too_many_files_or_too_much_unpacked_data() -> None:
    data = _zip({f"{i}.gpx": b"<gpx/>" for i in range(6)})
    with pytest.raises(Rejected, match="6 files in the zip, over the limit of 5"):
        zip_members(data, "many.zip", Limits(max_zip_files=5))
    with pytest.raises(Rejected, match="unpacks to"):
        zip_members(data, "big.zip", Limits(max_zip_total_bytes=10))
    with pytest.raises(Rejected, match="not a readable zip"):
        zip_members(b"PK\x03\x04 broken", "broken.zip", Limits())


def test_gzip_bombs_and_damaged_gzip() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(Rejected, match="compression bomb"):
        from_upload("x.fit.gz", bomb).read(Limits())
    with pytest.raises(Rejected, match="damaged gzip"):
        from_upload("x.fit.gz", b"\x1f\x8b\x08\x00 not really").read(Limits())


def test_size_limit_and_its_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    source = from_upload("big.gpx", b"x" * 2000)
    with pytest.raises(Rejected, match=r"2000 bytes is over the 1000 bytes limit"):
        source.read(Limits(max_file_bytes=1000))
    monkeypatch.setenv(ENV_MAX_MB, "0.5")
    assert Limits.from_env().max_file_bytes == 512 * 1024
    monkeypatch.setenv(ENV_MAX_MB, "lots")
    with pytest.raises(Rejected, match="must be a number"):
        Limits.from_env()
    monkeypatch.delenv(ENV_MAX_MB)
    assert Limits.from_env().max_file_bytes == 100 * 1024 * 1024


def test_folders_are_walked_and_other_files_passed_over(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "run.gpx").write_bytes(b"<gpx/>")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.fit").write_bytes(b"")
    found = list(from_paths([tmp_path, tmp_path / "missing.fit"]))
    names = [s if isinstance(s, tuple) else s.name for s in found]
    assert names == [
        str(tmp_path / "a" / "run.gpx"),
        (str(tmp_path / "missing.fit"), "no such file or folder"),
    ]
