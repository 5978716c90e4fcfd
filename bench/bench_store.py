"""Store benchmark: validated bulk load and DataFrame reads, against bare sqlite3 baselines.

Run on demand: ``uv run python bench/bench_store.py [--years 10]``. Prints each timing with
its baseline from the same run and the ratio (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd
from timing import best

from risk.demo import generate
from risk.store import open_database, queries, writes
from risk.store.access import LOCAL_VIEWER


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    runner = generate(years=args.years)
    n_runs, n_sessions, n_checkins = len(runner.runs), len(runner.strength), len(runner.checkins)
    print(
        f"demo runner, {args.years:g} years: {n_runs} runs, {n_sessions} strength sessions, "
        f"{n_checkins} check-ins"
    )

    with tempfile.TemporaryDirectory() as tmp:
        load_times, base_times = [], []
        for k in range(args.repeat):
            engine = open_database(f"sqlite:///{Path(tmp) / f'e{k}.db'}")
            athlete = writes.create_athlete(engine, runner.athlete, viewer=LOCAL_VIEWER)
            assert athlete.id is not None
            t0 = time.perf_counter()
            writes.add_bulk(
                engine,
                athlete.id,
                runs=runner.runs,
                strength=runner.strength,
                checkins=runner.checkins,
                viewer=LOCAL_VIEWER,
            )
            load_times.append(time.perf_counter() - t0)

            # Baseline: the same run and check-in rows through bare sqlite3, no validation,
            # into a second runner of the same database.
            other = writes.create_athlete(
                engine, {**runner.athlete, "name": "Baseline"}, viewer=LOCAL_VIEWER
            )
            con = sqlite3.connect(Path(tmp) / f"e{k}.db")
            t0 = time.perf_counter()
            with con:
                con.executemany(
                    "INSERT INTO run (athlete_id, date, type, distance_km, duration_min, rpe, "
                    "fast_km, strides, source) VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            other.id,
                            r["date"].isoformat(),
                            r["type"],
                            r["distance_km"],
                            r.get("duration_min"),
                            r.get("rpe"),
                            r.get("fast_km"),
                            r.get("strides"),
                            "bench",
                        )
                        for r in runner.runs
                    ],
                )
                con.executemany(
                    "INSERT INTO checkin (athlete_id, date, soreness_left, soreness_right) "
                    "VALUES (?,?,?,?)",
                    [
                        (other.id, c["date"].isoformat(), c["soreness_left"], c["soreness_right"])
                        for c in runner.checkins
                    ],
                )
            base_times.append(time.perf_counter() - t0)
            con.close()
            engine.dispose()

        engine = open_database(f"sqlite:///{Path(tmp) / 'e0.db'}")
        first = queries.athletes(engine, viewer=LOCAL_VIEWER)[0].id or 0
        read = best(lambda: queries.runs(engine, first, viewer=LOCAL_VIEWER), args.repeat)
        con = sqlite3.connect(Path(tmp) / "e0.db")
        bare = best(
            lambda: pd.read_sql_query(
                "SELECT * FROM run WHERE athlete_id = ?", con, params=(first,)
            ),
            args.repeat,
        )
        con.close()
        engine.dispose()

    load, base = statistics.median(load_times), statistics.median(base_times)
    rows = n_runs + n_checkins + n_sessions
    print(f"validated bulk load : {load * 1000:8.1f} ms  ({rows / load:,.0f} records/s)")
    print(f"bare sqlite3 insert : {base * 1000:8.1f} ms  (runs + check-ins, no validation)")
    print(f"ratio               : {load / base:8.1f} x")
    print(f"queries.runs        : {read * 1000:8.1f} ms")
    print(f"bare read_sql_query : {bare * 1000:8.1f} ms")
    print(f"ratio               : {read / bare:8.1f} x")


if __name__ == "__main__":
    main()
