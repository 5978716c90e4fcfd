"""Export every table to CSV and back up a SQLite database while the app may run.

The export holds the runners the viewer may see (every runner for the local app; a
signed-in member gets their own runner and those of the clubs they coach). A backup
copies the whole database, so only the local app (the command line) may make one.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from risk.store.access import Viewer, require_local
from risk.store.engine import StoreError, is_sqlite
from risk.store.queries import table_frame
from risk.store.tables import ENTRY_TABLES

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_TABLES = ("athlete", *ENTRY_TABLES)
BACKUP_LOCAL = "A backup holds every runner: make it on the server (eccentric backup)."


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return neutralise(value)


def neutralise(value: Any) -> Any:
    """Prefix text cells that a spreadsheet would run as a formula with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(engine: Engine, folder: Path, *, viewer: Viewer) -> list[Path]:
    """Write one UTF-8 CSV per table into ``folder`` (created if missing); returns the files.
    Only the rows of the runners ``viewer`` may see are written.

    Text cells are neutralised against formula injection; numbers are left as numbers.
    """
    frames = {name: table_frame(engine, name, viewer=viewer) for name in EXPORT_TABLES}
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, df in frames.items():
        for col in df.columns:
            if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
                df[col] = df[col].map(_cell)
        path = folder / f"{name}.csv"
        df.to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def _remove(path: Path) -> None:
    """Delete ``path`` if it is there; a path that cannot even be looked at is left."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def backup_sqlite(engine: Engine, target: Path, *, viewer: Viewer) -> Path:
    """A consistent copy of the SQLite database at ``target``, made with SQLite's online
    backup API, so it is safe while the app is writing. The local app only: a backup
    holds every runner."""
    require_local(viewer, BACKUP_LOCAL)
    if not is_sqlite(engine):
        raise StoreError(
            "backup copies the SQLite database; for PostgreSQL use pg_dump on the server"
        )
    source = engine.url.database
    if not source or source == ":memory:":
        raise StoreError("there is no database file to back up (in-memory database)")
    target = target.expanduser().resolve()
    if target == Path(source).expanduser().resolve():
        raise StoreError("the backup file must not be the database itself")
    if target.exists():
        raise StoreError(f"{target} exists already; choose a new file name")
    # Written under a temporary name and renamed once complete: a crash mid-copy never
    # leaves a half-written file under a name that looks like a good backup.
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(f"file:{Path(source).expanduser()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        _remove(partial)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(f"cannot write the backup to {target}: {reason}") from None
    except BaseException:
        _remove(partial)
        raise
    return target
