"""A synthetic runner for demos and benchmarks: seeded, so every run gives the same log.

Two years by default, ending today: base blocks of easy running with strides,
speed blocks with intervals and tempo, a race at the end of each cycle, Nordic /
bridge / RDL sessions twice a week (with one three-week gap), daily check-ins
whose soreness rises after hard days, and one hamstring strain a few days into a
spike of fast running that comes straight after the strength gap.
``years`` and ``athletes`` scale it for benchmarks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from risk import vocab
from risk.store import inputs, queries, writes

DEMO_NAME = "Demo runner"
_CYCLE = ["base"] * 6 + ["speed"] * 6 + ["taper", "recover", "recover"]


@dataclass
class DemoRunner:
    """One synthetic runner: a profile and record dicts ready for :func:`writes.add_bulk`."""

    athlete: dict[str, Any]
    runs: list[dict[str, Any]] = field(default_factory=list)
    strength: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    injuries: list[dict[str, Any]] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Runs, strength-set rows and check-ins shaped like the store's queries give them."""
        runs = pd.DataFrame.from_records(self.runs)
        sets = pd.DataFrame.from_records(
            [
                {
                    "date": s["date"],
                    "session_id": i,
                    "rpe": s.get("rpe"),
                    "load_kg": 0.0,
                    "assisted": False,
                    **e,
                }
                for i, s in enumerate(self.strength)
                for e in s["exercises"]
            ]
        )
        checkins = pd.DataFrame.from_records(self.checkins)
        for frame in (runs, sets, checkins):
            if len(frame):
                frame["date"] = pd.to_datetime(frame["date"])
        return runs, sets, checkins


def _run(
    day: dt.date, kind: str, km: float, pace_s_per_km: float, rpe: int, **extra: Any
) -> dict[str, Any]:
    km = round(km, 2)
    return {
        "date": day,
        "type": kind,
        "distance_km": km,
        "duration_min": round(km * pace_s_per_km / 60.0, 1),
        "rpe": rpe,
        "source": "demo",
        **extra,
    }


def generate(
    *, years: float = 2.0, end: dt.date | None = None, seed: int = 7, name: str = DEMO_NAME
) -> DemoRunner:
    """Build a deterministic runner whose log spans ``years`` up to ``end`` (default today)."""
    rng = np.random.default_rng(seed)
    end = end or inputs.today()
    n_weeks = max(round(years * 52.18), 8)
    first_monday = end - dt.timedelta(days=end.weekday()) - dt.timedelta(weeks=n_weeks - 1)

    five_k_s = float(rng.uniform(19.5, 23.5) * 60)  # 5 km time
    v5k = 5000.0 / five_k_s
    easy_pace = 1000.0 / (v5k * 0.78)
    runner = DemoRunner(
        athlete={
            "name": name,
            "body_mass_kg": round(float(rng.uniform(58, 78)), 1),
            "v_max_ms": round(1.75 * v5k, 2),
            "birth_year": int(rng.integers(1975, 2000)),
            "units": "km",
        }
    )

    # The strength gap sits ~6 months before the end and the injury right after it,
    # so the two-year demo shows the episode and the recovery from it.
    gap_start = max(n_weeks - 27, 4)
    spike_week = gap_start + 3
    injury_day: dt.date | None = None
    out_until: dt.date | None = None
    fast_by_day: dict[dt.date, float] = {}

    plan: list[tuple[int, str, float, float, int, dict[str, Any]]] = []

    def add(offset: int, kind: str, km: float, pace: float, rpe: int, **extra: Any) -> None:
        plan.append((offset, kind, km, pace, rpe, extra))

    for w in range(n_weeks):
        monday = first_monday + dt.timedelta(weeks=w)
        phase = "spike" if w == spike_week else _CYCLE[w % len(_CYCLE)]
        volume = 1.0 + 0.15 * np.sin(w / 9.0) + float(rng.normal(0, 0.05))
        plan.clear()

        if phase == "base":
            add(1, "easy", 8, easy_pace, 4)
            add(2, "easy", 10, easy_pace, 4, strides=6)
            add(4, "recovery", 6, easy_pace * 1.08, 3)
            add(5, "easy", 8, easy_pace, 4, strides=8)
            add(6, "long", 18 + w % 3, easy_pace * 1.03, 5)
        elif phase == "speed":
            reps_km = float(rng.choice([4.0, 4.8, 5.0, 6.0]))
            add(
                1,
                "intervals",
                reps_km + 4,
                1000.0 / (v5k * 0.95),
                8,
                fast_km=round(reps_km * 0.5, 1),
            )
            add(2, "recovery", 6, easy_pace * 1.08, 3)
            add(3, "tempo", 10, 1000.0 / (v5k * 0.88), 7)
            add(5, "easy", 8, easy_pace, 4, strides=8)
            add(6, "long", 16 + w % 4, easy_pace, 5)
        elif phase == "spike":
            # Fast running roughly triples in one week, straight after the strength gap.
            add(0, "sprints", 6, easy_pace * 0.9, 8, fast_km=1.6, strides=10)
            add(1, "intervals", 11, 1000.0 / (v5k * 0.98), 9, fast_km=4.5)
            add(3, "intervals", 10, 1000.0 / (v5k * 0.98), 9, fast_km=4.0)
            injury_day = monday + dt.timedelta(days=4)
            out_until = injury_day + dt.timedelta(days=13)
        elif phase == "taper":
            add(1, "easy", 6, easy_pace, 3, strides=6)
            add(3, "easy", 5, easy_pace, 3, strides=4)
            add(5, "race_5k", 5, five_k_s / 5.0 * float(rng.uniform(0.98, 1.03)), 10, fast_km=1.0)
        else:  # recover
            add(1, "easy", 6, easy_pace * 1.05, 3)
            add(3, "easy", 8, easy_pace, 4)
            add(5, "cycling", 25, 150.0, 3)
            add(6, "long", 14, easy_pace * 1.05, 4)

        week = [
            _run(monday + dt.timedelta(days=off), kind, km * volume, pace, rpe, **extra)
            for off, kind, km, pace, rpe, extra in plan
        ]
        for run in week:
            day = run["date"]
            if day > end or (injury_day and out_until and injury_day < day <= out_until):
                continue
            runner.runs.append(run)
            fast_by_day[day] = (
                fast_by_day.get(day, 0.0)
                + float(run.get("fast_km") or 0.0)
                + 0.1 * float(run.get("strides") or 0)
            )

        in_gap = gap_start <= w < gap_start + 3
        laid_off = (
            injury_day is not None
            and out_until is not None
            and monday <= out_until
            and (monday + dt.timedelta(days=6) >= injury_day)
        )
        if not in_gap and not laid_off and phase != "taper":
            progress = min(w / 20.0, 1.0)
            for offset in (0, 3):
                day = monday + dt.timedelta(days=offset)
                if day > end:
                    continue
                runner.strength.append(
                    {
                        "date": day,
                        "rpe": int(rng.integers(5, 8)),
                        "exercises": [
                            {"exercise": "nordic", "sets": 3, "reps": 4 + round(3 * progress)},
                            {
                                "exercise": "rdl",
                                "sets": 3,
                                "reps": 8,
                                "load_kg": round(30 + 30 * progress),
                            },
                            {"exercise": "single_leg_bridge", "sets": 2, "reps": 12},
                        ],
                    }
                )

    # Daily check-ins (~90 %): soreness follows unaccustomed work of the last days
    # (a DOMS-like lag on the excess of km + 2.5 × fast km over 1.5 × the 4-week daily mean)
    # plus some from any fast running.
    work: dict[dt.date, float] = {}
    for run in runner.runs:
        if run["type"] in vocab.RUN_TYPES:
            work[run["date"]] = work.get(run["date"], 0.0) + run["distance_km"]
    for d, fast in fast_by_day.items():
        work[d] = work.get(d, 0.0) + 2.5 * fast
    excess: dict[dt.date, float] = {}
    for d, load in work.items():
        usual = sum(work.get(d - dt.timedelta(days=k), 0.0) for k in range(1, 29)) / 28.0
        excess[d] = max(0.0, load / (1.5 * max(usual, 2.0)) - 1.0)
    lag = (0.3, 1.0, 0.7, 0.3)
    day = first_monday
    base = float(rng.uniform(0.5, 1.5))
    while day <= end:
        if rng.random() < 0.9:
            recent = fast_by_day.get(day - dt.timedelta(days=1), 0.0) + 0.5 * fast_by_day.get(
                day - dt.timedelta(days=2), 0.0
            )
            doms = sum(g * excess.get(day - dt.timedelta(days=k), 0.0) for k, g in enumerate(lag))
            hurt = 0.0
            if injury_day and injury_day <= day <= injury_day + dt.timedelta(days=20):
                hurt = max(0.0, 7.0 - 0.3 * (day - injury_day).days)
            sore = base + 2.0 * doms + 0.2 * recent + hurt + float(rng.normal(0, 0.5))
            left = int(np.clip(round(sore + float(rng.normal(0, 0.4))), 0, 10))
            right = int(np.clip(round(sore + (hurt * 0.3) + float(rng.normal(0, 0.4))), 0, 10))
            wellness = {
                k: int(np.clip(round(4 - 0.25 * recent + float(rng.normal(0, 0.6))), 1, 5))
                for k in ("fatigue", "sleep", "general_soreness", "stress", "mood")
            }
            runner.checkins.append(
                {"date": day, "soreness_left": left, "soreness_right": right, **wellness}
            )
        day += dt.timedelta(days=1)

    if injury_day is not None and injury_day <= end:
        back = injury_day + dt.timedelta(days=14)
        runner.injuries.append(
            {
                "date": injury_day,
                "side": "right",
                "description": "Right hamstring strain (biceps femoris) in the last interval rep",
                "severity": "moderate",
                "return_date": back if back <= end else None,
            }
        )

    thursday = end + dt.timedelta(days=(3 - end.weekday()) % 7 or 7)
    runner.planned.append(
        {
            "date": thursday,
            "type": "intervals",
            "distance_km": 10.0,
            "fast_km": 4.0,
            "notes": "6 x 800 m at 5 km pace",
        }
    )
    return runner


def load_demo(
    engine: Engine,
    *,
    years: float = 2.0,
    athletes: int = 1,
    seed: int = 7,
    replace: bool = False,
    end: dt.date | None = None,
) -> list[int]:
    """Store ``athletes`` demo runners ("Demo runner", "Demo runner 2", ...); returns their ids.

    An existing runner of the same name is an error unless ``replace`` is set, which
    deletes that runner (and only that runner) first.
    """
    ids: list[int] = []
    for k in range(athletes):
        name = DEMO_NAME if k == 0 else f"{DEMO_NAME} {k + 1}"
        existing = queries.athlete_by_name(engine, name)
        if existing is not None:
            if not replace:
                raise inputs.InvalidEntry(
                    [
                        f"A runner named {name!r} exists already "
                        "(eccentric demo --replace loads it afresh)"
                    ]
                )
            assert existing.id is not None
            writes.delete_athlete(engine, existing.id)
        runner = generate(years=years, end=end, seed=seed + k, name=name)
        athlete = writes.create_athlete(engine, runner.athlete)
        assert athlete.id is not None
        try:
            writes.add_bulk(
                engine,
                athlete.id,
                runs=runner.runs,
                strength=runner.strength,
                checkins=runner.checkins,
                injuries=runner.injuries,
                planned=runner.planned,
            )
        except Exception:
            writes.delete_athlete(engine, athlete.id)
            raise
        ids.append(athlete.id)
    return ids
