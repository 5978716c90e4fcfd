"""The alarm budget: how often the indicator warns, and whether it catches what it must.

Run on demand: ``uv run python bench/bench_alarms.py`` (``--json`` for a machine-readable
copy). For each synthetic runner of ``tests/model/alarm_budget.py`` and for the demo
runner it prints % of days amber and red after warm-up, % of risky weeks, alarm episodes
a month, the worst band of the week before each designed danger, the alarm rate in the
story's judged window, and each target with ✓ or ✗. Exit status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.model.alarm_budget import STORIES, Budget, measure_demo, measure_story, targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    budgets: list[Budget] = [measure_story(make()) for make in STORIES.values()]
    budgets.append(measure_demo())
    steady = next(b for b in budgets if b.name == "steady, noise 5%")
    rows = []
    for b in budgets:
        checks = targets(b, steady.amber_pct + steady.red_pct)
        rows.append((b, checks))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "runner": b.name,
                        "amber_pct": round(b.amber_pct, 2),
                        "red_pct": round(b.red_pct, 2),
                        "risky_weeks_pct": round(b.risky_weeks_pct, 2),
                        "episodes_per_month": round(b.episodes_per_month, 3),
                        "dangers": list(b.dangers),
                        "window_alarm_pct": b.window_alarm_pct,
                        "targets": [{"target": t, "met": ok} for t, ok in checks],
                    }
                    for b, checks in rows
                ],
                indent=1,
            )
        )
    else:
        head = f"{'runner':<36} {'days':>5} {'amber%':>7} {'red%':>6} {'risky wk%':>9} "
        print(head + f"{'ep/mo':>6} {'window%':>8}  danger bands")
        for b, _ in rows:
            window = "" if b.window_alarm_pct is None else f"{b.window_alarm_pct:.1f}"
            print(
                f"{b.name:<36} {b.days:>5} {b.amber_pct:>7.1f} {b.red_pct:>6.1f} "
                f"{b.risky_weeks_pct:>9.1f} {b.episodes_per_month:>6.2f} {window:>8}  "
                f"{' '.join(b.dangers)}"
            )
        print()
        for b, checks in rows:
            for text, ok in checks:
                print(f"{'✓' if ok else '✗'} {b.name}: {text}")
    missed = sum(not ok for _, checks in rows for _, ok in checks)
    total = sum(len(checks) for _, checks in rows)
    print(f"\n{total - missed} of {total} targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
