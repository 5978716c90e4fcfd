"""The validation report ("Does it work for me?") on a club: 20 runners × 10 years.

Run on demand: ``uv run python bench/bench_validation.py [--runners 20] [--years 10]``.
Prints the pooled report's time beside ``assess`` alone on the same runners in the same
run (the report needs each runner's daily frame, so ``assess`` is its floor), and the
ratio. Target: the report itself (after the frames) ≤ 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import pandas as pd

from risk.demo import generate
from risk.model import Profile, assess
from risk.model.validation import validate_runners

END = dt.date(2026, 11, 29)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=20)
    parser.add_argument("--years", type=float, default=10.0)
    args = parser.parse_args()
    club = []
    for k in range(args.runners):
        r = generate(years=args.years, end=END, seed=100 + k, name=f"Runner {k + 1}")
        runs, sets, checks = r.frames()
        injuries = pd.DataFrame.from_records(r.injuries)
        profile = Profile(r.athlete["v_max_ms"], r.athlete["body_mass_kg"])
        club.append((r.athlete["name"], runs, sets, checks, profile, injuries))
    injuries_total = sum(len(c[5]) for c in club)
    print(f"{args.runners} runners × {args.years:g} years, {injuries_total} injuries")

    t0 = time.perf_counter()
    frames = [
        (name, assess(runs, sets, checks, profile, on=END, injuries=inj).daily, inj)
        for name, runs, sets, checks, profile, inj in club
    ]
    t_assess = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = validate_runners(frames)
    t_report = time.perf_counter() - t0
    print(f"assess alone:      {t_assess * 1000:8.0f} ms")
    print(
        f"validation report: {t_report * 1000:8.0f} ms  (target ≤ 2000 ms; "
        f"{t_report / t_assess:.2f}× assess)"
    )
    band = report.score("band")
    auc = "–" if band.auc is None else f"{band.auc:.2f} ({band.auc_low:.2f}–{band.auc_high:.2f})"
    print(f"pooled: {report.cases} injuries judged; band AUC {auc}; {report.verdict}")


if __name__ == "__main__":
    main()
