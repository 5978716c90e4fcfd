"""The ``eccentric`` command: demo data, the day's verdict, the planner, export, backup, migrations.

Every command acts on ``ECCENTRIC_DATABASE_URL`` (default data/eccentric.db),
upgrades the schema first, and on error prints one clear line to stderr and exits 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from risk import analysis, demo, formats, views, vocab
from risk.model import PLAN_KEYS, VERDICT_KEYS, PlannedRun
from risk.model.speed import vmax_from_5k
from risk.store import (
    InvalidEntry,
    StoreError,
    database_url,
    inputs,
    open_database,
    queries,
    writes,
)
from risk.store.access import LOCAL_VIEWER
from risk.store.engine import make_engine
from risk.store.export import backup_sqlite, export_csv
from risk.store.migrate import current_revision, head_revision


class CliError(Exception):
    """An error to show as one line, with exit status 1."""


MAX_ECHO = 200
"""The longest piece of input an error message echoes (longer ones end in "…")."""


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 32 or 127 <= code < 160:
        return f"\\x{code:02x}"
    return ch


def safe(text: object) -> str:
    """``text`` with control characters (C0, DEL, C1: ANSI escapes too) shown as ``\\x1b``.

    Names, notes, file names and messages that came from input go through this before
    they reach the terminal, so a name cannot move the cursor, clear the screen or recolour
    what follows.
    """
    return "".join(_escape_char(ch) for ch in str(text))


def echo(text: object, limit: int = MAX_ECHO) -> str:
    """A piece of input for an error message: escaped and at most ``limit`` characters."""
    return formats.capped(safe(text), limit)


def say(text: object) -> str:
    """A message for the terminal (a reason, an error): escaped and at most
    :data:`risk.formats.MAX_MESSAGE` characters."""
    return formats.capped(safe(text))


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line as one line (``main`` exits 1), no usage."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{echo(message)} (see {self.prog} --help)")


def _number(*, above: float | None = None) -> Callable[[str], float]:
    """An argparse ``type=``: a finite number (above ``above`` when given).

    argparse names the option: "argument --years: must be a finite number, not 'nan'".
    """

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number, not '{echo(text)}'") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number, not '{echo(text)}'")
        if above is not None and value <= above:
            raise argparse.ArgumentTypeError(
                f"must be a finite number above {above:g}, not '{echo(text)}'"
            )
        return value

    return parse


def _redacted_url() -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(database_url()).render_as_string(hide_password=True)
    except Exception:  # pragma: no cover - the URL error is reported elsewhere
        return "(invalid URL)"


def _cmd_demo(args: argparse.Namespace, engine: Engine) -> None:
    if args.club:
        club = demo.load_club(
            engine,
            athletes=20 if args.athletes is None else args.athletes,
            years=args.years,
            seed=args.seed,
            invite=args.invite,
        )
        print(
            f"Loaded '{demo.DEMO_CLUB}': a coach and {len(club.runners)} athletes with "
            f"{args.years:g} years of training each"
            + (f"; {safe(args.invite)} is invited as its coach and admin" if args.invite else "")
        )
        return
    if args.invite:
        raise CliError("--invite goes with --club")
    ids = demo.load_demo(
        engine,
        years=args.years,
        athletes=1 if args.athletes is None else args.athletes,
        seed=args.seed,
        replace=args.replace,
        viewer=LOCAL_VIEWER,
    )
    for athlete_id in ids:
        athlete = queries.athlete(engine, athlete_id, viewer=LOCAL_VIEWER)
        counts = queries.entry_counts(engine, athlete_id, viewer=LOCAL_VIEWER)
        assert athlete is not None
        print(
            f"Loaded '{safe(athlete.name)}': {counts['run']} runs, {counts['strength_session']} "
            f"strength sessions, {counts['checkin']} check-ins, {counts['injury']} injury"
        )


def _cmd_export(args: argparse.Namespace, engine: Engine) -> None:
    folder = Path(args.directory)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} is a file, not a folder")
    files = export_csv(engine, folder, viewer=LOCAL_VIEWER)
    print(f"Wrote {len(files)} CSV files to {folder}")


def _cmd_backup(args: argparse.Namespace, engine: Engine) -> None:
    target = backup_sqlite(engine, Path(args.file), viewer=LOCAL_VIEWER)
    print(f"Backed up the database to {target} ({target.stat().st_size:,} bytes)")


def _cmd_db(args: argparse.Namespace, engine: Engine) -> None:
    if args.action == "upgrade":
        print(f"Database {_redacted_url()} is at revision {current_revision(engine)} (latest)")
    else:
        rev = current_revision(engine)
        head = head_revision()
        state = "up to date" if rev == head else f"behind (latest is {head})"
        print(f"Database {_redacted_url()} is at revision {rev}: {state}")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{echo(text)}' is not a date (YYYY-MM-DD)") from None


def _runner(engine: Engine, name: str | None) -> analysis.RunnerLog:
    """The named runner's log; without a name, the only runner there is."""
    runners = queries.athletes(engine, viewer=LOCAL_VIEWER)
    names = ", ".join(f"'{echo(a.name, 60)}'" for a in runners) or (
        "none yet: add one with 'eccentric runner add NAME' or try 'eccentric demo'"
    )
    if name is None:
        if len(runners) != 1:
            raise CliError(f"Say which runner with --athlete NAME (runners: {names})")
        chosen = runners[0]
    else:
        found = queries.athlete_by_name(engine, name.strip(), viewer=LOCAL_VIEWER)
        if found is None:
            raise CliError(f"No runner named '{echo(name)}' (runners: {names})")
        chosen = found
    assert chosen.id is not None
    return analysis.load_log(engine, chosen.id, viewer=LOCAL_VIEWER)


def _cmd_runner(args: argparse.Namespace, engine: Engine) -> None:
    if args.action == "list":
        runners = queries.athletes(engine, viewer=LOCAL_VIEWER)
        if not runners:
            print("No runners yet: add one with 'eccentric runner add NAME'")
        for a in runners:
            u: vocab.Units = "mi" if a.units == "mi" else "km"
            print(f"{safe(a.name)}: {a.units}, {views.profile_line(a.v_max_ms, a.body_mass_kg, u)}")
        return
    if not args.name:
        raise CliError("runner add needs a NAME")
    try:
        seconds = formats.parse_five_k(args.five_k)
    except ValueError as exc:
        raise CliError(f"--5k-time: {exc}") from None
    values = {
        "name": args.name,
        "body_mass_kg": args.body_mass_kg,
        "units": args.units,
        "v_max_ms": round(vmax_from_5k(seconds), 2),
    }
    inputs.validate(inputs.AthleteIn, values, units=args.units)
    athlete = writes.create_athlete(engine, values, viewer=LOCAL_VIEWER)
    print(f"Added '{safe(athlete.name)}' (max sprint speed {athlete.v_max_ms:.2f} m/s)")


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _cmd_report(args: argparse.Namespace, engine: Engine) -> None:
    log = _runner(engine, args.athlete)
    day = args.date or inputs.today()
    verdict = analysis.assess_runner(log, day).verdict
    if args.json:
        data = verdict.as_dict()
        assert tuple(data) == VERDICT_KEYS
        print(json.dumps(data, ensure_ascii=False))
        return
    rows = [
        ("Hamstring load (HEL) that day", _fmt(verdict.hel, 1)),
        ("Acute load (7-day EWMA, HEL/day)", _fmt(verdict.acute, 1)),
        ("Chronic load (28-day EWMA, HEL/day)", _fmt(verdict.chronic, 1)),
        ("Acute:chronic ratio", _fmt(verdict.acwr)),
        ("Capacity (strength)", _fmt(verdict.capacity)),
        ("Load-to-capacity ratio", _fmt(verdict.load_capacity_ratio)),
        ("Soreness predicted (0-10)", _fmt(verdict.soreness_predicted, 1)),
        ("Soreness reported (0-10)", _fmt(verdict.soreness_reported, 0)),
    ]
    band = "NO LOG YET" if verdict.band == "none" else verdict.band.upper()
    print(f"{safe(log.athlete.name)} on {day:%a %d %b %Y}: {band}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value:>6}")
    print("Reasons:" if verdict.reasons else "Reasons: none, the load is within your usual range")
    for reason in verdict.reasons:
        print(f"  - {reason.message}")
    print(vocab.HONEST_LINE)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _cmd_validate(args: argparse.Namespace, engine: Engine) -> None:
    if args.club:
        report = analysis.validate_club(
            engine, inputs.today(), all_sites=args.all_sites, viewer=LOCAL_VIEWER
        )
        who = f"Every runner ({len(report.runners)})"
    else:
        log = _runner(engine, args.athlete)
        report = analysis.validate_runner(log, inputs.today(), all_sites=args.all_sites)
        who = safe(log.athlete.name)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    print(f"{who}: does the indicator work for you? ({report.sites} injuries)")
    for row in report.runners:
        print(
            f"  {safe(row.name)}: {row.injuries} injuries, amber or red on "
            f"{_pct(row.alarm_days_pct)} of ordinary days, band AUC {_fmt(row.band_auc)}"
        )
    if report.injuries == 0:
        print("No injuries logged: nothing to check yet.")
        print("  Log each injury on the Log page (date, site, side, and the date you ran again);")
        print("  once 10 are logged this checks the colours against them.")
        print(vocab.HONEST_LINE)
        return
    print(f"  {report.verdict}")
    settings = ", ".join(f"{k} = {v}" for k, v in report.settings.items()) or "the defaults"
    print(f"  Settings in force: {settings}")
    band = report.score("band")
    print(
        f"  Amber or red on {_pct(band.alarm_days_pct)} of ordinary days; "
        f"alarms with no injury in the 7 days after: "
        f"{_fmt(band.false_alarms_per_injury, 1)} per injury"
    )
    print(
        f"  Injuries with amber or red in the 7 days before: {_pct(_share(band.hit_share))}"
        f" (any 7 days, by chance: {_pct(_share(band.chance_share))})"
    )
    if report.enough:
        print("  How well each number ranked the day before an injury above an ordinary day")
        print("  (0.5 = no better than a coin; 95 % interval in brackets):")
        for s in report.scores:
            print(
                f"    {s.label:<40} {_fmt(s.auc)} ({_fmt(s.auc_low)}–{_fmt(s.auc_high)})"
                f"  {s.reading or ''}"
            )
    print(f"  For scale: {report.reference_note}.")
    print("  The injuries and the 14 days before each:")
    for case in report.injury_list:
        side = f" ({case.side})" if case.side else ""
        print(f"    {case.date:%a %d %b %Y}: {case.site}{side}")
        bands = " ".join(_LETTER.get(d.band, "?") for d in case.days)
        print(f"      bands: {bands}  (G green, A amber, R red, g grey, b rebuilding, i injured)")
        for d in case.days:
            if d.reasons and d.band in ("amber", "red"):
                print(f"      {d.date:%a %d %b}: {d.band}: {'; '.join(d.reasons)}")
    print(vocab.HONEST_LINE)


_LETTER = {"green": "G", "amber": "A", "red": "R", "grey": "g", "rebuilding": "b", "injured": "i"}


def _share(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


def _cmd_plan(args: argparse.Namespace, engine: Engine) -> None:
    log = _runner(engine, args.athlete)
    clean = inputs.validate(
        inputs.PlannedSessionIn,
        {
            "date": args.date,
            "type": args.type,
            "distance_km": args.distance_km,
            "fast_km": args.fast_km,
            "strides": args.strides,
        },
    )
    session = PlannedRun(clean.date, clean.type, clean.distance_km, clean.fast_km, clean.strides)
    answer = analysis.plan_for_runner(log, session, inputs.today())
    if args.json:
        data = answer.as_dict()
        assert tuple(data) == PLAN_KEYS
        print(json.dumps(data, ensure_ascii=False))
        return
    label = vocab.label(vocab.ACTIVITY_TYPES, session.type)
    who = safe(log.athlete.name)
    print(f"{who}: {label}, {session.distance_km:g} km on {session.date:%a %d %b %Y}")
    print(
        f"  That day: {answer.band_on_day.upper()}; the two after: "
        f"{', '.join(b.upper() for b in answer.bands_next_two_days)}"
    )
    good = answer.earliest_good_day
    print(
        f"  Earliest good day: {good:%a %d %b %Y}"
        if good
        else "  Earliest good day: none in the days searched"
    )
    for reason in answer.reasons:
        print(f"  - {reason.message}")
    for line in views.plan_advice(answer, "km", log.params):
        print(f"  {line}")
    print(vocab.HONEST_LINE)


class _Bar:
    """A one-line progress bar on stderr (only when it is a terminal)."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.live = sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.live:
            return
        width = 30
        filled = round(width * done / max(total, 1))
        label = safe(label)
        name = label if len(label) <= 40 else "…" + label[-39:]
        sys.stderr.write(
            f"\r{self.what} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\r" + " " * 100 + "\r")
            sys.stderr.flush()


def _cmd_import(args: argparse.Namespace, engine: Engine) -> None:
    from risk.ingest import pipeline
    from risk.ingest.activity import Rejected
    from risk.ingest.csvlog import CsvOptions

    log = _runner(engine, args.athlete)
    assert log.athlete.id is not None
    options = CsvOptions(units=args.units, date_order=args.date_order)
    bar = _Bar("Reading")
    try:
        plan = pipeline.preview(
            engine,
            log.athlete.id,
            pipeline.sources_from_paths(args.paths),
            csv_options=options,
            progress=bar,
            viewer=LOCAL_VIEWER,
        )
    except Rejected as exc:
        raise CliError(str(exc)) from None
    finally:
        bar.close()
    if args.accept_flagged:
        for n, item in enumerate(plan.items):
            if item.status == "confirm":
                plan.accept(n)
    if args.dry_run:
        for item in plan.items:
            a = item.activity
            what = f"{a.local_date} {a.type} {a.distance_km:.2f} km" if a else ""
            print(f"{item.status:<9} {safe(item.file)}  {what}  {say(item.reason)}".rstrip())
        print(
            f"Dry run: would add {plan.count('new')}, skip {plan.count('duplicate')} "
            f"already there, report {plan.count('changed')} changed, reject "
            f"{plan.count('rejected')}, leave out {plan.count('confirm')} to confirm "
            "(--accept-flagged imports them). Nothing was written."
        )
        summary_ok = plan.count("new") + plan.count("duplicate") + plan.count("changed") > 0
    else:
        bar = _Bar("Writing")
        try:
            summary = pipeline.commit(
                engine, log.athlete.id, plan, progress=bar, viewer=LOCAL_VIEWER
            )
        finally:
            bar.close()
        lines = "\n".join(say(line) for line in summary.lines())
        print(f"Imported into '{safe(log.athlete.name)}': {lines}")
        summary_ok = summary.added + summary.duplicates + summary.changed > 0
    if not summary_ok:
        raise CliError("nothing could be imported (see the reasons above)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``eccentric``."""
    parser = _Parser(
        prog="eccentric",
        description="Eccentric: hamstring load and soreness for runners. "
        "Acts on ECCENTRIC_DATABASE_URL (default: data/eccentric.db).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="load the synthetic demo runner")
    p.add_argument(
        "--years", type=_number(above=0), default=2.0, help="years of history (default 2)"
    )
    p.add_argument(
        "--athletes", type=int, default=None, help="how many demo runners (default 1; club: 20)"
    )
    p.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    p.add_argument("--replace", action="store_true", help="replace demo runners already there")
    p.add_argument(
        "--club",
        action="store_true",
        help="a demo club for club mode: a coach and 20 athletes (try --years 1)",
    )
    p.add_argument(
        "--invite", metavar="EMAIL", help="with --club: invite EMAIL as its coach and admin"
    )
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("runner", help="add a runner or list them")
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("name", nargs="?", metavar="NAME", help="the new runner's name (add)")
    p.add_argument("--body-mass-kg", type=float, default=70.0, help="body mass (default 70)")
    p.add_argument("--units", choices=["km", "mi"], default="km", help="distances in (km)")
    p.add_argument(
        "--5k-time", dest="five_k", default="25:00", metavar="MM:SS",
        help="a recent 5 km time; sets the max sprint speed (default 25:00)",
    )  # fmt: skip
    p.set_defaults(func=_cmd_runner)

    p = sub.add_parser("report", help="the indicator for a day: band, reasons and raw loads")
    p.add_argument("--athlete", metavar="NAME", help="runner's name (optional with one runner)")
    p.add_argument("--date", type=_date, help="YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("validate", help="does it work for me? the colours against your injuries")
    p.add_argument("--athlete", metavar="NAME", help="runner's name (optional with one runner)")
    p.add_argument("--all-sites", action="store_true", help="every injury, not only hamstring")
    p.add_argument("--club", action="store_true", help="pooled over every runner in the database")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("plan", help="is a planned session wise? If not, when?")
    p.add_argument("--athlete", metavar="NAME", help="runner's name (optional with one runner)")
    p.add_argument("--date", type=_date, required=True, help="YYYY-MM-DD of the session")
    p.add_argument("--type", required=True, help="run type, e.g. intervals, tempo, sprints")
    p.add_argument("--distance-km", type=_number(), required=True, help="total distance in km")
    p.add_argument("--fast-km", type=_number(), help="km at 80 %% of max speed or faster")
    p.add_argument("--strides", type=int, help="number of strides")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(func=_cmd_plan)

    p = sub.add_parser(
        "import", help="import FIT, GPX, TCX, CSV files, folders or a Strava export zip"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or zips")
    p.add_argument("--athlete", metavar="NAME", help="runner's name (optional with one runner)")
    p.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")
    p.add_argument(
        "--accept-flagged",
        action="store_true",
        help="import the activities flagged 'please confirm' as proposed (a ride, a walk…)",
    )
    p.add_argument("--units", choices=["km", "mi"], help="distance unit of CSV logs")
    p.add_argument(
        "--date-order",
        choices=["auto", "dmy", "mdy"],
        default="auto",
        help="how CSV dates like 03/04/2025 read (default: decide from the data)",
    )
    p.set_defaults(func=_cmd_import)

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
    try:
        args = build_parser().parse_args(argv)
    except CliError as exc:
        print(f"eccentric: error: {say(exc)}", file=sys.stderr)
        return 1
    athletes = getattr(args, "athletes", None)
    if athletes is not None and athletes < 1:
        print("eccentric: error: --athletes must be at least 1", file=sys.stderr)
        return 1
    engine: Engine | None = None
    try:
        engine = make_engine() if args.command == "db" and args.action == "current" else None
        engine = engine or open_database()
        args.func(args, engine)
    except InvalidEntry as exc:
        print(f"eccentric: error: {say('; '.join(exc.messages))}", file=sys.stderr)
        return 1
    except (StoreError, CliError, OSError) as exc:
        print(f"eccentric: error: {say(exc)}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"eccentric: error: database {_redacted_url()}: {say(detail)}", file=sys.stderr)
        return 1
    finally:
        if engine is not None:
            engine.dispose()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
