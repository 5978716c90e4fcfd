"""The ``eccentric`` command: demo data, export, backup and migrations.

Every command acts on ``ECCENTRIC_DATABASE_URL`` (default data/eccentric.db),
upgrades the schema first, and on error prints one clear line to stderr and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from risk import demo
from risk.store import InvalidEntry, StoreError, database_url, open_database, queries
from risk.store.engine import make_engine
from risk.store.export import backup_sqlite, export_csv
from risk.store.migrate import current_revision, head_revision


class CliError(Exception):
    """An error to show as one line, with exit status 1."""


def _redacted_url() -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(database_url()).render_as_string(hide_password=True)
    except Exception:  # pragma: no cover - the URL error is reported elsewhere
        return "(invalid URL)"


def _cmd_demo(args: argparse.Namespace, engine: Engine) -> None:
    ids = demo.load_demo(
        engine, years=args.years, athletes=args.athletes, seed=args.seed, replace=args.replace
    )
    for athlete_id in ids:
        athlete = queries.athlete(engine, athlete_id)
        counts = queries.entry_counts(engine, athlete_id)
        assert athlete is not None
        print(
            f"Loaded {athlete.name!r}: {counts['run']} runs, {counts['strength_session']} "
            f"strength sessions, {counts['checkin']} check-ins, {counts['injury']} injury"
        )


def _cmd_export(args: argparse.Namespace, engine: Engine) -> None:
    folder = Path(args.directory)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} is a file, not a folder")
    files = export_csv(engine, folder)
    print(f"Wrote {len(files)} CSV files to {folder}")


def _cmd_backup(args: argparse.Namespace, engine: Engine) -> None:
    target = backup_sqlite(engine, Path(args.file))
    print(f"Backed up the database to {target} ({target.stat().st_size:,} bytes)")


def _cmd_db(args: argparse.Namespace, engine: Engine) -> None:
    if args.action == "upgrade":
        print(f"Database {_redacted_url()} is at revision {current_revision(engine)} (latest)")
    else:
        rev = current_revision(engine)
        head = head_revision()
        state = "up to date" if rev == head else f"behind (latest is {head})"
        print(f"Database {_redacted_url()} is at revision {rev}: {state}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``eccentric``."""
    parser = argparse.ArgumentParser(
        prog="eccentric",
        description="Eccentric: hamstring load and soreness for runners. "
        "Acts on ECCENTRIC_DATABASE_URL (default: data/eccentric.db).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="load the synthetic demo runner")
    p.add_argument("--years", type=float, default=2.0, help="years of history (default 2)")
    p.add_argument("--athletes", type=int, default=1, help="how many demo runners (default 1)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--replace", action="store_true", help="replace demo runners already there")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("export", help="write one CSV per table into DIR")
    p.add_argument("directory", metavar="DIR")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("backup", help="copy the SQLite database to FILE, safely while in use")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=_cmd_backup)

    p = sub.add_parser("db", help="database schema: upgrade or show the revision")
    p.add_argument("action", choices=["upgrade", "current"])
    p.set_defaults(func=_cmd_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eccentric``; returns the exit status."""
    args = build_parser().parse_args(argv)
    if getattr(args, "years", 1) <= 0 or getattr(args, "athletes", 1) < 1:
        print(
            "eccentric: error: --years must be above 0 and --athletes at least 1", file=sys.stderr
        )
        return 1
    engine: Engine | None = None
    try:
        engine = make_engine() if args.command == "db" and args.action == "current" else None
        engine = engine or open_database()
        args.func(args, engine)
    except InvalidEntry as exc:
        print(f"eccentric: error: {'; '.join(exc.messages)}", file=sys.stderr)
        return 1
    except (StoreError, CliError, OSError) as exc:
        print(f"eccentric: error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"eccentric: error: database {_redacted_url()}: {detail}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
