"""The eccentric command: demo, export, backup, db; one clear line on error."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from risk.cli import main
from risk.store.engine import ENV_VAR


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{path}")
    return path


def test_demo_export_backup(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "Loaded 'Demo runner'" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "csv")]) == 0
    run_csv = (tmp_path / "csv" / "run.csv").read_text(encoding="utf-8")
    assert run_csv.count("\n") > 300
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    copy = sqlite3.connect(tmp_path / "copy.db")
    original = sqlite3.connect(db)
    for table in ("run", "strength_set", "checkin"):
        q = f"SELECT count(*) FROM {table}"
        assert copy.execute(q).fetchone() == original.execute(q).fetchone()
    copy.close()
    original.close()


def test_demo_twice_needs_replace(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--years", "0.5"]) == 0
    capsys.readouterr()
    assert main(["demo", "--years", "0.5"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "exists already" in err
    assert main(["demo", "--years", "0.5", "--replace"]) == 0


def test_demo_scales_to_several_athletes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--years", "0.3", "--athletes", "3"]) == 0
    out = capsys.readouterr().out
    assert "'Demo runner 3'" in out


def test_db_upgrade_and_current(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current"]) == 0
    assert "behind" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "setup", "fragment"),
    [
        (["backup", "{tmp}/taken"], "taken", "exists already"),
        (["export", "{tmp}/afile"], "afile", "is a file, not a folder"),
        (["db", "upgrade"], "garbage-db", "file is not a database"),
        (["demo", "--years", "0"], None, "--years must be above 0"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    setup: str | None,
    fragment: str,
) -> None:
    if setup == "garbage-db":
        db.write_text("this is not sqlite")
    elif setup:
        (tmp_path / setup).write_text("x")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    err = capsys.readouterr().err
    assert code == 1
    assert fragment in err
    assert err.count("\n") == 1 and err.startswith("eccentric: error:")


def test_unreachable_server_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach the database" in err


def test_console_script_is_installed(db: Path) -> None:
    exe = Path(sys.executable).with_name("eccentric")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "demo" in result.stdout and "backup" in result.stdout
