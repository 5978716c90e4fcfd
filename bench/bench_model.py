"""Model benchmark: the whole ``assess`` against a bare pandas baseline of the same run.

Run on demand: ``uv run python bench/bench_model.py``. Measures
- one athlete, 10 years (demo runner with every run split in two: ≈ 5,000 runs,
  ≈ 1,000 strength sessions, ≈ 3,000 check-ins);
- 20 years, to show the cost is linear in days (target ≤ 2.5 × 10 years);
- 100 athletes × 5 years (target ≤ 2 s), and the roster of those 100 (one line each:
  today's verdict, the planned week judged, soreness, 4-week load; target ≤ 2 s);
- the planner on the 10-year runner.
The baseline is the least any such model must do: daily sums of distance, and the two
EWMAs with pandas. Times are the best of ``--repeat`` runs; ratios come from the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

import pandas as pd
from timing import best

from risk.demo import generate
from risk.model import DEFAULT, PlannedRun, Profile, assess, plan_session
from risk.roster import roster_row, sorted_roster

END = dt.date(2026, 11, 29)
Inputs = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, Profile, pd.DataFrame]


def inputs(years: float, seed: int = 7, split: bool = True) -> Inputs:
    runner = generate(years=years, end=END, seed=seed)
    runs, sets, checkins = runner.frames()
    planned = pd.DataFrame(runner.planned)
    if split:  # two runs a day (a double), same total: ≈ 5,000 runs in 10 years
        half = runs.assign(
            distance_km=runs["distance_km"] / 2,
            duration_min=runs["duration_min"] / 2,
            fast_km=runs["fast_km"] / 2,
        )
        runs = pd.concat([half, half], ignore_index=True)
    profile = Profile(runner.athlete["v_max_ms"], runner.athlete["body_mass_kg"])
    return runs, sets, checkins, profile, planned


def baseline(runs: pd.DataFrame) -> pd.DataFrame:
    """Daily km, then acute and chronic EWMAs: the floor under any load model."""
    daily = runs.groupby("date")["distance_km"].sum().asfreq("D", fill_value=0.0)
    return pd.DataFrame(
        {
            "acute": daily.ewm(alpha=2 / 8, adjust=False).mean(),
            "chronic": daily.ewm(alpha=2 / 29, adjust=False).mean(),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    ten = inputs(10)
    twenty = inputs(20)
    print(
        f"10 years: {len(ten[0])} runs, {ten[1]['session_id'].nunique()} strength sessions, "
        f"{len(ten[2])} check-ins"
    )

    def run(x: Inputs) -> Callable[[], object]:
        return lambda: assess(*x[:3], x[3], on=END)

    run(ten)()  # warm caches and imports
    t10 = best(run(ten), args.repeat)
    b10 = best(lambda: baseline(ten[0]), args.repeat)
    t20 = best(run(twenty), args.repeat)
    print(
        f"assess, 10 years:   {t10 * 1000:7.1f} ms  (target ≤ 50 ms)   "
        f"baseline {b10 * 1000:5.1f} ms → {t10 / b10:4.1f}×"
    )
    print(
        f"assess, 20 years:   {t20 * 1000:7.1f} ms  → {t20 / t10:4.2f}× the 10 years "
        "(target ≤ 2.5×)"
    )

    squad = [inputs(5, seed=100 + k, split=False) for k in range(100)]
    squad_time = best(lambda: [run(x)() for x in squad], max(2, args.repeat // 3))
    squad_base = best(lambda: [baseline(x[0]) for x in squad], max(2, args.repeat // 3))
    print(
        f"assess, 100 × 5 y:  {squad_time * 1000:7.0f} ms  (target ≤ 2000 ms)  "
        f"baseline {squad_base * 1000:5.0f} ms → {squad_time / squad_base:4.1f}×"
    )

    def squad_roster() -> object:
        return sorted_roster(
            [
                roster_row(k, f"R{k}", x[0], x[1], x[2], x[4], x[3], DEFAULT, END)
                for k, x in enumerate(squad)
            ]
        )

    roster_time = best(squad_roster, max(2, args.repeat // 3))
    print(
        f"roster, 100 × 5 y:  {roster_time * 1000:7.0f} ms  (target ≤ 2000 ms)  "
        f"baseline {squad_base * 1000:5.0f} ms → {roster_time / squad_base:4.1f}×"
    )

    session = PlannedRun(END + dt.timedelta(days=4), "intervals", 10.0, fast_km=4.0)
    tp = best(lambda: plan_session(*ten[:3], ten[3], session, today=END), 3)
    print(
        f"plan_session, 10 y: {tp * 1000:7.1f} ms  ({tp / t10:4.1f}× one assess: "
        "with and without the session, then each day searched up to the first good one)"
    )


if __name__ == "__main__":
    main()
