"""An import: read every file, preview what it would add, then write it file by file.

:func:`preview` reads the sources (files, folders, zips, a Strava export), finishes each
activity for the runner (speed profile, fast km, type), validates it as a run, and sorts
it into: **new**; **confirm** (a please-confirm row: its speeds or name say it may not
be the run it claims to be, :mod:`risk.ingest.judge`; imported only once the runner
accepts it, :meth:`Preview.accept`); **duplicate** (the same source and id is stored
with the same totals, or a run from another source started within two minutes with the
same distance); **changed** (the same source and id is stored with other totals: reported, never
merged); or **rejected**, with the reason. :func:`commit` writes the new ones, one
transaction per file. A CSV log is imported whole or not at all (a bad row usually means
the columns were misread); the legs of a multisport file are judged one by one. Every
file is read within the limits of :mod:`risk.ingest.limits`; a limit of the whole import
(activities, bytes unpacked, CPU time) stops it with one refusal that names the limit.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from risk.formats import capped
from risk.ingest import judge, parallel, strava
from risk.ingest.activity import Activity, Rejected, unreadable
from risk.ingest.csvlog import CsvOptions
from risk.ingest.limits import LimitReached, env_hint, importing
from risk.ingest.profile import finish
from risk.ingest.readers import read_source
from risk.ingest.sources import Limits, Source, from_paths, member_source, zip_members
from risk.store import InvalidEntry, StoreError, inputs, queries, writes
from risk.store.access import Viewer
from risk.vocab import CROSS_TRAINING_TYPES, Units

Status = Literal["new", "confirm", "duplicate", "changed", "rejected"]
Progress = Callable[[int, int, str], None]
SAME_START_S = 120.0
SAME_DISTANCE = 0.03


@dataclass
class Item:
    """One activity (or one unreadable file) of an import, and what will happen to it."""

    file: str
    status: Status
    reason: str = ""
    activity: Activity | None = None
    record: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        # Readers prefix their messages with the file's name; the item shows it apart.
        if self.reason.startswith(f"{self.file}: "):
            self.reason = self.reason[len(self.file) + 2 :]
        self.reason = capped(self.reason)


@dataclass
class Preview:
    """Everything an import would do, before it does it."""

    items: list[Item] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for i in self.items if i.status == status)

    def accept(self, index: int, activity_type: str | None = None) -> None:
        """Import the please-confirm item at ``index`` (as ``activity_type`` if given).

        Raises :class:`InvalidEntry` when that type does not fit the activity.
        """
        item = self.items[index]
        if item.status != "confirm" or item.activity is None:
            raise InvalidEntry([f"{item.file}: nothing to confirm"])
        if activity_type is not None:
            item.activity.type = activity_type
        record = item.activity.record()
        inputs.validate(inputs.RunIn, record)
        item.record = record
        item.status = "new"

    def frame(self, units: str = "km") -> pd.DataFrame:
        """One row per item for a preview table (distances in the runner's unit)."""
        factor = 1.0 / 1.609344 if units == "mi" else 1.0
        rows = []
        for item in self.items:
            a = item.activity
            rows.append(
                {
                    "status": item.status,
                    "file": item.file,
                    "date": a.local_date if a else None,
                    "type": a.type if a else None,
                    f"distance_{units}": round(a.distance_km * factor, 2) if a else None,
                    "moving": _clock(a.moving_min) if a else None,
                    f"fast_{units}": round(_fast(a) * factor, 2) if a else None,
                    "reason": item.reason,
                }
            )
        return pd.DataFrame(rows)

    def confirm_frame(self, units: str = "km") -> pd.DataFrame:
        """The please-confirm items, one row each, for the runner to tick (``import``,
        False until ticked) and retype (``type``, the type it would be imported as);
        ``item`` is its index for :meth:`accept`."""
        factor = 1.0 / 1.609344 if units == "mi" else 1.0
        rows = []
        for n, item in enumerate(self.items):
            a = item.activity
            if item.status != "confirm" or a is None:
                continue
            rows.append(
                {
                    "item": n,
                    "import": False,
                    "date": a.local_date,
                    "file": item.file.rsplit("/", 1)[-1],
                    "type": a.type,
                    f"distance_{units}": round(a.distance_km * factor, 2),
                    "moving": _clock(a.moving_min),
                    "reason": item.reason,
                }
            )
        columns = ["item", "import", "date", "file", "type", f"distance_{units}", "moving"]
        return pd.DataFrame(rows, columns=[*columns, "reason"])


@dataclass
class Summary:
    """What an import did."""

    files: int = 0
    added: int = 0
    duplicates: int = 0
    changed: int = 0
    rejected: int = 0
    unconfirmed: int = 0
    messages: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (
            f"{self.added} added, {self.duplicates} already there, {self.changed} changed "
            f"since imported (not merged), {self.rejected} rejected ({self.files} files read)"
        )
        if self.unconfirmed:
            head += f"; {self.unconfirmed} not confirmed, so not imported"
        return [head, *self.messages]


def _fast(activity: Activity) -> float:
    """Fast km as imported: none for cross-training (no hamstring load)."""
    return 0.0 if activity.type in CROSS_TRAINING_TYPES else activity.fast_km or 0.0


def _km(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _clock(minutes: float | None) -> str | None:
    if minutes is None:
        return None
    total = round(minutes * 60)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


class _Existing:
    """The runner's stored runs, as the duplicate check needs them."""

    def __init__(self, runs: pd.DataFrame) -> None:
        self.by_id: dict[tuple[str, str], str | None] = {}
        self.when: dict[tuple[str, str], dt.date] = {}
        starts: list[tuple[float, float, str]] = []
        for row in runs.itertuples(index=False):
            source, ident = str(row.source), row.source_id
            if isinstance(ident, str) and ident:
                self.by_id[(source, ident)] = (
                    row.fingerprint if isinstance(row.fingerprint, str) else None
                )
                day = row.date
                if isinstance(day, dt.date):
                    self.when[(source, ident)] = (
                        day if not isinstance(day, dt.datetime) else day.date()
                    )
            start = row.start_time
            if isinstance(start, dt.datetime) and not pd.isna(start):  # Timestamps too, not NaT
                starts.append((start.timestamp(), _km(row.distance_km), source))
        starts.sort()
        self.starts = starts
        self.keys = [s[0] for s in starts]
        self.batch: dict[tuple[str, str], str] = {}

    def add(self, activity: Activity, label: str) -> None:
        key = (activity.source, activity.source_id)
        self.by_id[key] = activity.fingerprint()
        self.batch[key] = label
        if activity.start_utc is not None:
            entry = (activity.start_utc.timestamp(), activity.distance_km, activity.source)
            pos = bisect.bisect(self.keys, entry[0])
            self.keys.insert(pos, entry[0])
            self.starts.insert(pos, entry)

    def forget(self, activity: Activity) -> None:
        """Undo :meth:`add` for an activity that will not be imported after all."""
        key = (activity.source, activity.source_id)
        self.by_id.pop(key, None)
        self.batch.pop(key, None)
        if activity.start_utc is not None:
            t = activity.start_utc.timestamp()
            pos = bisect.bisect_left(self.keys, t)
            while pos < len(self.keys) and self.keys[pos] == t:
                if self.starts[pos][1] == activity.distance_km:
                    del self.keys[pos]
                    del self.starts[pos]
                    break
                pos += 1

    def same_run(self, activity: Activity) -> str | None:
        if activity.start_utc is None:
            return None
        t = activity.start_utc.timestamp()
        lo = bisect.bisect_left(self.keys, t - SAME_START_S)
        hi = bisect.bisect_right(self.keys, t + SAME_START_S)
        for _, km, source in self.starts[lo:hi]:
            if abs(km - activity.distance_km) <= max(SAME_DISTANCE * km, 0.05):
                return source
        return None


def _expand(
    source: Source, limits: Limits, csv_options: CsvOptions | None, on_total: Callable[[int], None]
) -> Iterator[tuple[str, list[Activity] | Rejected]]:
    if source.kind != "zip":
        try:
            yield source.name, read_source(source, limits, csv_options=csv_options)
        except Rejected as exc:
            yield source.name, exc
        return
    try:
        target: bytes | Path = source.path if source.path is not None else source.read(limits)
        archive, members, refused = zip_members(target, source.name, limits)
    except Rejected as exc:
        yield source.name, exc
        return
    except Exception as exc:  # a damaged archive is refused, never a traceback
        yield source.name, unreadable(source.name, exc)
        return
    with archive:
        for name, reason in refused:
            yield name, Rejected(f"{name}: {reason}")
        if strava.is_export(members):
            on_total(sum(1 for m in members if not m.filename.lower().endswith(".csv")))
            try:
                yield from strava.read_export(archive, members, source.name, limits)
            except Rejected as exc:
                yield source.name, exc
            except Exception as exc:  # activities.csv itself is damaged
                yield source.name, unreadable(source.name, exc)
            return
        on_total(len(members))

        def jobs() -> Iterator[parallel.Job[str]]:
            for member in members:
                inner = member_source(archive, member, source.name)
                if inner.kind == "zip":
                    refusal = Rejected(f"{inner.name}: a zip inside a zip: unzip it first")
                    yield inner.name, refusal, None
                else:
                    yield inner.name, inner, None

        reads = parallel.read_all(jobs(), limits, count=len(members), csv_options=csv_options)
        with closing(reads):
            for label, result in reads:
                yield label, result
                if isinstance(result, LimitReached):
                    return


def preview(
    engine: Engine,
    athlete_id: int,
    sources: Iterable[Source | tuple[str, str]],
    *,
    limits: Limits | None = None,
    csv_options: CsvOptions | None = None,
    progress: Progress | None = None,
    viewer: Viewer,
) -> Preview:
    """Read every source and say what importing it into runner ``athlete_id`` would do;
    writes nothing. Refused (:class:`AccessDenied`) unless ``viewer`` may change them."""
    writes.require_writable(engine, athlete_id, viewer=viewer)
    athlete = queries.athlete(engine, athlete_id, viewer=viewer)
    if athlete is None:
        raise InvalidEntry([f"No runner with id {athlete_id}"])
    limits = limits or Limits.from_env()
    existing = _Existing(queries.runs(engine, athlete_id, viewer=viewer))
    out = Preview()
    listed = list(sources)
    total = [len(listed)]
    done = 0
    activities = 0
    units: Units = "mi" if athlete.units == "mi" else "km"

    def grow(n: int) -> None:
        total[0] += n

    with importing(limits):
        for source in listed:
            if isinstance(source, tuple):
                out.items.append(Item(source[0], "rejected", f"{source[0]}: {source[1]}"))
                done += 1
                continue
            for label, result in _expand(source, limits, csv_options, grow):
                done += 1
                if progress is not None:
                    progress(done, max(total[0], done), label)
                if isinstance(result, Rejected):
                    out.items.append(Item(label, "rejected", str(result)))
                    if isinstance(result, LimitReached):
                        return out
                    continue
                activities += len(result)
                if activities > limits.max_activities:
                    out.items.append(Item(label, "rejected", _too_many(limits)))
                    return out
                items = [
                    _classify_safely(label, a, athlete.v_max_ms, existing, units) for a in result
                ]
                out.items.extend(_whole_file(items, existing))
    return out


def _too_many(limits: Limits) -> str:
    return (
        f"import stopped: over {limits.max_activities:,} activities, the limit per import"
        f"{env_hint('max_activities')}; this file and the ones after it are not imported"
    )


def _whole_file(items: list[Item], existing: _Existing) -> list[Item]:
    """A CSV log is imported whole or not at all: one bad row refuses its new siblings.
    The legs of a multisport FIT or TCX file are judged alone (a bad transition leg
    does not lose the run)."""
    bad = [i for i in items if i.status == "rejected"]
    if not bad:
        return items
    for item in items:
        if item.activity is None or item.activity.source != "csv":
            continue
        if item.status in ("new", "confirm"):
            existing.forget(item.activity)
            item.status = "rejected"
            item.reason = (
                f"{item.activity.where or 'this activity'}: not imported, because "
                f"{len(bad)} other entr{'y' if len(bad) == 1 else 'ies'} of this file "
                "could not be (a file is imported whole or not at all)"
            )
    return items


def _classify_safely(
    label: str, activity: Activity, v_max_ms: float, existing: _Existing, units: Units = "km"
) -> Item:
    """:func:`_classify`, with any error of a damaged activity turned into a refusal."""
    try:
        return _classify(label, activity, v_max_ms, existing, units)
    except Exception as exc:
        return Item(label, "rejected", str(unreadable(activity.where or label, exc)), activity)


def _classify(
    label: str, activity: Activity, v_max_ms: float, existing: _Existing, units: Units = "km"
) -> Item:
    finish(activity, v_max_ms, units)
    record = activity.record()
    warn = "; ".join(activity.warnings)
    where = f"{activity.where}: " if activity.where else ""
    empty = judge.no_distance(activity)
    if empty is not None:
        return Item(label, "rejected", where + empty, activity, record)
    try:
        inputs.validate(inputs.RunIn, record)
    except InvalidEntry as exc:
        return Item(label, "rejected", where + "; ".join(exc.messages), activity, record)
    key = (activity.source, activity.source_id)
    if key in existing.batch:
        return Item(
            label, "duplicate", f"the same activity as {existing.batch[key]}", activity, record
        )
    if key in existing.by_id:
        stored = existing.by_id[key]
        if stored is None or stored == activity.fingerprint():
            return Item(label, "duplicate", "already imported", activity, record)
        when = existing.when.get(key)
        return Item(
            label,
            "changed",
            f"changed since it was imported{f' (run of {when})' if when else ''}: not merged; "
            "delete that run in History to import this version",
            activity,
            record,
        )
    other = existing.same_run(activity)
    if other is not None:
        return Item(
            label, "duplicate", f"the same run is already there (from {other})", activity, record
        )
    existing.add(activity, label)
    if activity.confirm:
        return Item(
            label, "confirm", "; ".join([activity.confirm, *activity.warnings]), activity, record
        )
    return Item(label, "new", warn, activity, record)


def commit(
    engine: Engine,
    athlete_id: int,
    plan: Preview,
    *,
    progress: Progress | None = None,
    viewer: Viewer,
) -> Summary:
    """Write the new activities of a preview, one transaction per file. Refused
    (:class:`AccessDenied`, nothing written) unless ``viewer`` may change runner
    ``athlete_id``; each file's transaction checks again."""
    writes.require_writable(engine, athlete_id, viewer=viewer)
    groups: dict[str, list[Item]] = {}
    for item in plan.items:
        groups.setdefault(item.file, []).append(item)
    summary = Summary(files=len(groups))
    counts = Counter(item.status for item in plan.items)
    summary.duplicates = counts["duplicate"]
    summary.changed = counts["changed"]
    summary.rejected = counts["rejected"]
    summary.unconfirmed = counts["confirm"]
    for item in plan.items:
        if item.reason and item.status == "new":
            summary.messages.append(f"{item.file}: imported, with a note: {item.reason}")
        elif item.status == "confirm":
            summary.messages.append(f"{item.file}: not confirmed, not imported: {item.reason}")
        elif item.reason and item.status in ("rejected", "changed"):
            summary.messages.append(f"{item.file}: {item.reason}")
    for n, (label, items) in enumerate(groups.items(), start=1):
        new = [i.record for i in items if i.status == "new" and i.record is not None]
        if new:
            _write_file(engine, viewer, athlete_id, label, new, summary)
        if progress is not None:
            progress(n, len(groups), label)
    return summary


def _write_file(
    engine: Engine,
    viewer: Viewer,
    athlete_id: int,
    label: str,
    new: list[dict[str, Any]],
    summary: Summary,
) -> None:
    """Write one file's new runs in one transaction. When that clashes because another
    import wrote some of them since the preview (two imports of the same files at once),
    those count as already there and the rest are written again, once."""
    for attempt in (1, 2):
        try:
            writes.add_bulk(engine, athlete_id, runs=new, viewer=viewer)
            summary.added += len(new)
            return
        except InvalidEntry as exc:
            problem = "; ".join(exc.messages)
        except (StoreError, SQLAlchemyError) as exc:  # this file only; the others go on
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        try:
            stored = _stored_ids(engine, viewer, athlete_id)
        except (StoreError, SQLAlchemyError):
            stored = set()
        left = [r for r in new if (r.get("source"), r.get("source_id")) not in stored]
        if len(left) < len(new):
            gone = len(new) - len(left)
            summary.duplicates += gone
            summary.messages.append(
                capped(f"{label}: {gone} already there (written by another import meanwhile)")
            )
            new = left
            if not new:
                return
            if attempt == 1:
                continue
        break
    summary.rejected += len(new)
    summary.messages.append(capped(f"{label}: not imported: {problem}"))


def _stored_ids(engine: Engine, viewer: Viewer, athlete_id: int) -> set[tuple[object, object]]:
    """The (source, source id) of every stored run of the runner."""
    runs = queries.runs(engine, athlete_id, viewer=viewer)
    return set(zip(runs["source"], runs["source_id"], strict=True))


def sources_from_paths(paths: Iterable[str | Path]) -> list[Source | tuple[str, str]]:
    """Sources for CLI arguments (files and folders)."""
    return list(from_paths(paths))
