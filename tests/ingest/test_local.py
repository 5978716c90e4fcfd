"""Paths on the server's disk: only for a loopback start without sign-in, never out of the
folder chosen, never /proc, /sys, /dev or special files, nothing read while listing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from risk.ingest import local
from risk.ingest.activity import Rejected
from risk.ingest.sources import Limits, Source


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.1.1", True),
        (" LOCALHOST ", True),
        ("", False),
        (None, False),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("eccentric.example.org", False),
    ],
)
def test_is_loopback(address: str | None, loopback: bool) -> None:
    assert local.is_loopback(address) is loopback


@pytest.mark.parametrize(
    ("address", "sign_in", "allowed"),
    [
        ("127.0.0.1", False, True),
        ("127.0.0.1", True, False),  # sign-in: a hosted start with several people
        ("0.0.0.0", False, False),
        (None, False, False),  # every interface
    ],
)
def test_paths_allowed_only_on_loopback_without_sign_in(
    address: str | None, sign_in: bool, allowed: bool
) -> None:
    assert local.paths_allowed(address, sign_in) is allowed


def _names(found: list[Source | tuple[str, str]]) -> list[str]:
    return [Path(s.name).name for s in found if isinstance(s, Source)]


def _refused(found: list[Source | tuple[str, str]]) -> dict[str, str]:
    return {Path(s[0]).name: s[1] for s in found if isinstance(s, tuple)}


def _one_refusal(found: list[Source | tuple[str, str]]) -> tuple[str, str]:
    (only,) = found
    assert isinstance(only, tuple), only
    return only


def test_a_missing_path_is_one_line(tmp_path: Path) -> None:
    assert local.gather(str(tmp_path / "nope.zip")) == [
        (str(tmp_path / "nope.zip"), "no such file or folder")
    ]


@pytest.mark.parametrize("path", ["/proc/1", "/proc", "/sys", "/dev/null", "/dev"])
def test_system_folders_are_refused(path: str) -> None:
    if not Path(path).exists():
        pytest.skip(f"{path} does not exist here")
    name, reason = _one_refusal(local.gather(path))
    assert name == path
    assert reason == "refused: /proc, /sys and /dev hold no activity files"


def test_a_link_into_proc_is_refused_too(tmp_path: Path) -> None:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    (tmp_path / "proc.csv").symlink_to("/proc/self/environ")
    assert _refused(local.gather(str(tmp_path / "proc.csv")))
    assert _refused(local.gather(str(tmp_path))) == {
        "proc.csv": "refused: a link to a file outside the folder"
    }


def test_a_pipe_is_refused_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "run.csv"
    os.mkfifo(fifo)
    _, reason = _one_refusal(local.gather(str(fifo)))
    assert reason == "refused: not a regular file (a device, pipe or socket)"
    assert _refused(local.gather(str(tmp_path))) == {"run.csv": reason}


def test_a_folder_never_leads_out_of_itself(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("date,distance_km\n2026-01-01,5\n", encoding="utf-8")
    chosen = tmp_path / "export"
    (chosen / "sub").mkdir(parents=True)
    (chosen / "a.fit").write_bytes(b"x")
    (chosen / "sub" / "b.gpx").write_bytes(b"y")
    (chosen / "notes.txt").write_text("not an activity", encoding="utf-8")
    (chosen / ".hidden.csv").write_text("x", encoding="utf-8")
    (chosen / "leak.csv").symlink_to(outside / "secret.csv")
    (chosen / "linked_dir").symlink_to(outside, target_is_directory=True)
    (chosen / "same.fit").symlink_to(chosen / "a.fit")  # a link inside the folder is fine
    found = local.gather(str(chosen))
    assert sorted(_names(found)) == ["a.fit", "a.fit", "b.gpx"]
    assert _refused(found) == {"leak.csv": "refused: a link to a file outside the folder"}
    assert not any("secret" in str(s) for s in found if isinstance(s, Source))


def test_listing_reads_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.csv").write_text("date,distance_km\n", encoding="utf-8")

    def no_reading(path: Path) -> None:
        raise AssertionError(f"{path} was opened while listing")

    monkeypatch.setattr(local, "_open_regular", no_reading)
    assert _names(local.gather(str(tmp_path))) == ["a.csv"]
    assert _names(local.gather(str(tmp_path / "a.csv"))) == ["a.csv"]


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    chosen = tmp_path / "export"
    chosen.mkdir()
    (chosen / "a.csv").write_text("date,distance_km\n", encoding="utf-8")
    (source,) = local.gather(str(chosen))
    assert isinstance(source, Source)
    (chosen / "a.csv").unlink()
    (chosen / "a.csv").symlink_to(outside)
    with pytest.raises(Rejected, match="cannot be read"):
        source.read(Limits())


def test_too_many_files_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "MAX_FILES", 3)
    for n in range(4):
        (tmp_path / f"{n}.fit").write_bytes(b"x")
    name, reason = _one_refusal(local.gather(str(tmp_path)))
    assert name == str(tmp_path)
    assert reason == "more than 3 activity files: choose the export's own folder"
