"""Preview and write an import on both engines: duplicates, changes, whole files only."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from risk.formats import MAX_MESSAGE
from risk.ingest import pipeline
from risk.ingest.sources import from_upload
from risk.model import hamstring_load
from risk.store import InvalidEntry, make_engine, queries, writes
from risk.store.access import LOCAL_VIEWER
from tests.ingest.helpers import FIT, FIXTURES, junk_header_csv


def run_import(engine: Engine, runner: int, *paths: Path) -> pipeline.Summary:
    plan = pipeline.preview(engine, runner, pipeline.sources_from_paths(paths), viewer=LOCAL_VIEWER)
    return pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)


def test_fit_folder_imports_then_adds_nothing_again(engine: Engine, runner: int) -> None:
    seen: list[tuple[int, int]] = []
    plan = pipeline.preview(
        engine,
        runner,
        pipeline.sources_from_paths([FIT]),
        progress=lambda done, total, _: seen.append((done, total)),
        viewer=LOCAL_VIEWER,
    )
    assert seen[-1][0] == seen[-1][1] == len(seen)  # the progress bar reaches the end
    # activity-filecrc.fit, 5.7 m of "running" in 14 s, is walking pace: asked, not added.
    assert plan.count("new") == 5 and plan.count("rejected") == 6
    assert plan.count("confirm") == 1
    assert queries.runs(engine, runner, viewer=LOCAL_VIEWER).empty  # a preview writes nothing
    summary = pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)
    assert summary.added == 5 and summary.unconfirmed == 1
    runs = queries.runs(engine, runner, viewer=LOCAL_VIEWER)
    assert sorted(runs["type"]) == [
        "cycling",
        "recovery",
        "recovery",
        "recovery",
        "walking",
    ]  # slow runs for a runner with 8 m/s
    fenix = runs[runs["distance_km"].round(2) == 9.01].iloc[0]
    assert fenix["duration_min"] == pytest.approx(2832 / 60, abs=0.01)
    assert fenix["elapsed_min"] == pytest.approx(47.2, abs=0.01)
    assert str(fenix["start_time"]).startswith("2015-08-15 14:45:08")
    assert isinstance(fenix["speed_profile"], dict) and fenix["fingerprint"]
    again = run_import(engine, runner, FIT)
    assert (again.added, again.duplicates, again.unconfirmed) == (0, 5, 1)
    assert len(queries.runs(engine, runner, viewer=LOCAL_VIEWER)) == 5


def test_the_strava_export_and_then_the_same_run_from_the_watch(
    engine: Engine, runner: int, strava_zip: Path
) -> None:
    summary = run_import(engine, runner, strava_zip)
    assert summary.added == 6 and summary.rejected == 1
    assert any(
        "106.fit.gz is listed in activities.csv but not in the zip" in m for m in summary.messages
    )
    runs = queries.runs(engine, runner, viewer=LOCAL_VIEWER)
    assert set(runs["source"]) == {"strava-csv"}
    assert set(runs["source_id"]) == {"101", "102", "103", "104", "105", "107"}
    assert run_import(engine, runner, strava_zip).added == 0
    watch = run_import(engine, runner, FIT / "activity-small-fenix2-run.fit")
    assert watch.added == 0 and watch.duplicates == 1
    plan = pipeline.preview(
        engine,
        runner,
        pipeline.sources_from_paths([FIT / "activity-small-fenix2-run.fit"]),
        viewer=LOCAL_VIEWER,
    )
    assert plan.items[0].reason == "the same run is already there (from strava-csv)"


def test_a_changed_reimport_is_reported_not_merged(engine: Engine, runner: int) -> None:
    first = b"date,type,distance_km,duration\n2026-11-23,easy,10,50:00\n2026-11-24,easy,8,40:00\n"
    changed = first.replace(b"2026-11-24,easy,8,", b"2026-11-24,easy,9,")
    plan = pipeline.preview(engine, runner, [from_upload("log.csv", first)], viewer=LOCAL_VIEWER)
    assert pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER).added == 2
    plan = pipeline.preview(engine, runner, [from_upload("log.csv", changed)], viewer=LOCAL_VIEWER)
    assert [i.status for i in plan.items] == ["duplicate", "changed"]
    assert "changed since it was imported (run of 2026-11-24): not merged" in plan.items[1].reason
    summary = pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)
    assert (summary.added, summary.changed) == (0, 1)
    assert sorted(queries.runs(engine, runner, viewer=LOCAL_VIEWER)["distance_km"]) == [8.0, 10.0]


def test_one_bad_row_keeps_the_whole_file_out(engine: Engine, runner: int) -> None:
    data = b"date,distance_km\n2026-11-23,10\n2026-11-24,-3\n2026-11-25,8\n"
    plan = pipeline.preview(engine, runner, [from_upload("log.csv", data)], viewer=LOCAL_VIEWER)
    assert [i.status for i in plan.items] == ["rejected"] * 3
    reasons = [i.reason for i in plan.items]
    assert reasons[1] == "line 3: Distance must be between 0 and 400 km (got -3 km)"
    assert "a file is imported whole or not at all" in reasons[0]
    assert pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER).added == 0
    assert queries.runs(engine, runner, viewer=LOCAL_VIEWER).empty


def test_a_write_that_fails_leaves_that_file_out_and_the_others_in(
    engine: Engine, runner: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = writes.add_bulk
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> dict[str, int]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise InvalidEntry(["disk full"])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writes, "add_bulk", flaky)
    files = [
        FIXTURES / "tcx" / "multisport.tcx",
        FIXTURES / "tcx" / "run.tcx",
        FIXTURES / "gpx" / "intervals.gpx",
    ]
    summary = run_import(engine, runner, *files)
    assert summary.added == 3  # multisport (2 activities) + intervals
    assert any("run.tcx: not imported: disk full" in m for m in summary.messages)
    assert len(queries.runs(engine, runner, viewer=LOCAL_VIEWER)) == 3


def test_imported_speed_profiles_feed_the_model(engine: Engine, runner: int) -> None:
    run_import(engine, runner, FIXTURES / "gpx" / "intervals.gpx")
    runs = queries.runs(engine, runner, viewer=LOCAL_VIEWER)
    loads = hamstring_load(runs, v_max_ms=8.0)
    assert loads["method"].tolist() == ["profile"]
    assert loads["fast_km"].iloc[0] == pytest.approx(runs["fast_km"].iloc[0], abs=0.01)
    assert runs["type"].iloc[0] == "intervals"


def test_preview_table_in_miles(engine: Engine, runner: int) -> None:
    plan = pipeline.preview(
        engine,
        runner,
        pipeline.sources_from_paths([FIXTURES / "gpx" / "intervals.gpx", FIT / "Settings.fit"]),
        viewer=LOCAL_VIEWER,
    )
    table = plan.frame("mi")
    assert list(table.columns) == [
        "status",
        "file",
        "date",
        "type",
        "distance_mi",
        "moving",
        "fast_mi",
        "reason",
    ]
    assert table["distance_mi"].iloc[0] == pytest.approx(7.119 / 1.609344, abs=0.01)
    assert table["reason"].iloc[1] == "not an activity file (file type: settings)"


def test_a_junk_header_is_refused_in_one_short_reason(
    engine: Engine, runner: int, tmp_path: Path
) -> None:
    junk = junk_header_csv(tmp_path / "junk.csv")
    assert junk.stat().st_size > 329 * 1024
    plan = pipeline.preview(
        engine, runner, pipeline.sources_from_paths([junk]), viewer=LOCAL_VIEWER
    )
    (item,) = plan.items
    assert item.status == "rejected"
    assert item.reason.startswith("no column for date and distance")
    assert len(item.reason) <= MAX_MESSAGE and item.reason.endswith("…")
    summary = pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)
    assert all(len(line) <= MAX_MESSAGE + len(str(junk)) + 2 for line in summary.lines())


def test_an_import_whose_files_another_import_wrote_meanwhile_says_already_there(
    engine: Engine, runner: int
) -> None:
    first = pipeline.preview(
        engine, runner, pipeline.sources_from_paths([FIT]), viewer=LOCAL_VIEWER
    )
    second = pipeline.preview(
        engine, runner, pipeline.sources_from_paths([FIT]), viewer=LOCAL_VIEWER
    )
    # The folder holds 5 runs to add and 1 to confirm (a walk-paced "run"), left out.
    assert pipeline.commit(engine, runner, first, viewer=LOCAL_VIEWER).added == 5
    late = pipeline.commit(engine, runner, second, viewer=LOCAL_VIEWER)
    assert (late.added, late.duplicates, late.rejected) == (0, 5, 6)  # 6 refused in preview
    assert not [m for m in late.messages if "not imported" in m and "confirm" not in m]
    assert any("already there (written by another import meanwhile)" in m for m in late.messages)
    assert len(queries.runs(engine, runner, viewer=LOCAL_VIEWER)) == 5


def test_a_file_half_written_meanwhile_writes_the_rest(
    engine: Engine, runner: int, tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "date,type,distance_km\n2026-11-20,easy,5\n2026-11-21,tempo,8\n", encoding="utf-8"
    )
    plan = pipeline.preview(engine, runner, pipeline.sources_from_paths([log]), viewer=LOCAL_VIEWER)
    assert plan.count("new") == 2
    record = plan.items[0].record
    assert record is not None
    writes.add_bulk(
        engine, runner, runs=[record], viewer=LOCAL_VIEWER
    )  # another import got the first row in
    summary = pipeline.commit(engine, runner, plan, viewer=LOCAL_VIEWER)
    assert (summary.added, summary.duplicates, summary.rejected) == (1, 1, 0)
    assert sorted(queries.runs(engine, runner, viewer=LOCAL_VIEWER)["distance_km"]) == [5.0, 8.0]


def test_two_imports_of_the_same_files_at_once(engine: Engine, runner: int) -> None:
    """Two processes (each its own engine) preview the same folder, then commit together:
    every run is added once and already there for the other import, none is refused."""
    url = engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url), make_engine(url)]
    plans = [
        pipeline.preview(e, runner, pipeline.sources_from_paths([FIT]), viewer=LOCAL_VIEWER)
        for e in engines
    ]
    start = threading.Barrier(2)
    results: list[pipeline.Summary] = []

    def run(n: int) -> None:
        start.wait()
        results.append(pipeline.commit(engines[n], runner, plans[n], viewer=LOCAL_VIEWER))

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for e in engines:
        e.dispose()
    assert len(results) == 2
    # Files are written one at a time, so the two may share them out: each file is added
    # by one and already there for the other (5 runs; the walk-paced one awaits a confirm).
    assert sum(r.added for r in results) == 5
    assert [r.added + r.duplicates for r in results] == [5, 5]
    assert [r.rejected for r in results] == [6, 6]  # only what the preview refused
    assert len(queries.runs(engine, runner, viewer=LOCAL_VIEWER)) == 5
