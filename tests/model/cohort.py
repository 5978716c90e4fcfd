"""A synthetic cohort for the validation report: a test bed that cannot flatter.

Runners are built like ``tests/model/alarm_budget.py``'s :class:`Builder`: weeks of five
runs with one interval session (3 fast km), random spikes (a week of doubled intervals,
probability ``spike_p`` a week), random week-to-week volume (× 0.85-1.15) and strength
blocks (Nordics and RDLs on or off in blocks of 4-10 weeks).

**The hazard, defined independently of the indicator's rules** (``hazard="load"``): on a
day t the chance of a hamstring injury is

    h(t) = base + slope · max(0, F(t) − tol(t))

where F(t) is the fast km (km at ≥ 80 % of max speed) *logged* on days t−7..t−1 (the
generator's own records, not the model's) and tol(t) the runner's tolerance: 4 km, or
5.5 km when a strength session was done in the 21 days before t. No ratio, no chronic
load, no band enters it. ``hazard="random"`` places injuries at a constant daily rate
instead, so no score can find them except by chance.

An injury lays the runner off for ``layoff_days`` (no runs, return date logged), then
training resumes. Everything is seeded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from risk.model import Profile, assess
from tests.model.alarm_budget import PROFILE, Builder

BASE = 0.0005
SLOPE = 0.03
TOLERANCE_KM = 4.0
TOLERANCE_STRONG_KM = 5.5
STRENGTH_MEMORY_DAYS = 21
LAYOFF_DAYS = 14
RANDOM_RATE = 2.5 / 365  # injuries a day under the random hazard


@dataclass
class CohortRunner:
    name: str
    runs: pd.DataFrame
    sets: pd.DataFrame
    checkins: pd.DataFrame
    injuries: pd.DataFrame
    end: dt.date
    profile: Profile = field(default=PROFILE)

    def daily(self) -> pd.DataFrame:
        return assess(
            self.runs,
            self.sets,
            self.checkins,
            self.profile,
            on=self.end,
            end=self.end,
            injuries=self.injuries,
        ).daily


def runner(
    seed: int,
    weeks: int = 104,
    hazard: Literal["load", "random"] = "load",
    spike_p: float = 0.2,
) -> CohortRunner:
    """One synthetic runner and the injuries the hazard gave them."""
    b = Builder(f"cohort {seed}", noise=0.05, seed=seed)
    rng = np.random.default_rng(seed + 10_000)
    strong = bool(rng.integers(0, 2))
    block_left = int(rng.integers(4, 11))
    for _ in range(weeks):
        if block_left == 0:
            strong, block_left = not strong, int(rng.integers(4, 11))
        block_left -= 1
        spike = rng.random() < spike_p
        b.week(
            scale=float(rng.uniform(0.85, 1.15)),
            intervals=2 if spike else 1,
            strength=strong,
        )
    story = b.story
    runs, sets, checks = story.frames()
    first = pd.Timestamp(runs["date"].min())
    n = (pd.Timestamp(story.end) - first).days + 1
    days = pd.date_range(first, periods=n, freq="D")
    pos = ((runs["date"] - first).dt.days).to_numpy()
    fast = np.zeros(n)
    np.add.at(fast, pos, runs["fast_km"].fillna(0).to_numpy(float))
    did_strength = np.zeros(n, bool)
    if len(sets):
        did_strength[((sets["date"] - first).dt.days).to_numpy()] = True
    kept_fast = fast.copy()
    off = np.zeros(n, bool)
    injuries = []
    t = 28  # no injuries during the first four weeks (warm-up)
    while t < n:
        if hazard == "load":
            f7 = kept_fast[max(0, t - 7) : t].sum()
            strong_now = did_strength[max(0, t - STRENGTH_MEMORY_DAYS) : t].any()
            tol = TOLERANCE_STRONG_KM if strong_now else TOLERANCE_KM
            h = BASE + SLOPE * max(0.0, f7 - tol)
        else:
            h = RANDOM_RATE
        if rng.random() < h and t + LAYOFF_DAYS < n:
            back = t + LAYOFF_DAYS
            off[t:back] = True
            kept_fast[t:back] = 0.0
            injuries.append(
                {
                    "date": days[t].date(),
                    "return_date": days[back].date(),
                    "site": "hamstring",
                    "side": "left" if rng.random() < 0.5 else "right",
                    "severity": "moderate",
                }
            )
            t = back + 7
            continue
        t += 1
    runs = runs[~off[pos]].reset_index(drop=True)
    inj = pd.DataFrame.from_records(
        injuries, columns=["date", "return_date", "site", "side", "severity"]
    )
    return CohortRunner(story.name, runs, sets, checks, inj, story.end)


def cohort(
    size: int, seed: int = 0, hazard: Literal["load", "random"] = "load", weeks: int = 104
) -> list[CohortRunner]:
    """``size`` runners, seeded from ``seed``."""
    return [runner(seed * 1000 + k, weeks=weeks, hazard=hazard) for k in range(size)]


def members(runners: list[CohortRunner]) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """The (name, daily, injuries) triples :func:`risk.model.validation.validate_runners`
    takes."""
    return [(r.name, r.daily(), r.injuries) for r in runners]
