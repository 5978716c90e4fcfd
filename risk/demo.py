"""A synthetic runner for demos and benchmarks: seeded, so every run gives the same log.

Two years by default, ending today: base blocks of easy running with strides, speed
blocks with interval reps at 5 km pace, tempo runs and short sprint sessions, a 5 km
race at the end of each cycle, Nordic / bridge / RDL sessions twice a week (with one
three-week gap), daily check-ins whose soreness rises after unaccustomed work.

"Fast" means one thing here as in the model: running at 80 % or more of the runner's max
speed (strides, sprints), never 5 km-pace reps (about 55 % of it). Paces follow the
runner's 5 km time. The hamstring strain is not placed by hand: each day carries an
injury hazard computed from the runner's own training (:func:`injury_hazard`: fast
running against the four weeks before, tolerated more while strength work is recent),
and a seeded draw decides the day. With the default seed the draw falls in the week the
runner returns to sprinting straight after the strength gap.
``years`` and ``athletes`` scale it for benchmarks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from risk import vocab
from risk.store import accounts, inputs, notes, queries, writes
from risk.store.access import LOCAL_VIEWER, Viewer
from risk.store.club_tables import Club, Membership

DEMO_NAME = "Demo runner"
_CYCLE = ["base"] * 6 + ["speed"] * 6 + ["taper", "recover", "recover"]
#: Days from the injury to the return to running.
LAYOFF_DAYS = 14


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
    day: dt.date,
    kind: str,
    km: float,
    pace_s_per_km: float,
    rpe: int,
    *,
    minutes: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    km = round(km, 2)
    return {
        "date": day,
        "type": kind,
        "distance_km": km,
        "duration_min": round(minutes if minutes is not None else km * pace_s_per_km / 60.0, 1),
        "rpe": rpe,
        "source": "demo",
        **extra,
    }


def injury_hazard(fast_per_day: np.ndarray, strength_days: np.ndarray) -> np.ndarray:
    """Daily probability of a hamstring strain in the demo, from its own training.

    Written apart from the indicator (it shares none of its code or thresholds) so the
    demo's injury is not placed where the indicator looks: the 7-day fast running
    (``fast_per_day`` km, strides included) against the weekly mean of the 28 days before,
    both plus 0.5 km, divided by a tolerance of 1.5 while the 21 days before hold three
    or more strength sessions (a programme, not a single session after a gap; else 1).
    Above twice the tolerated usual the hazard climbs linearly to 0.45 a day at four
    times; below it stays at 2e-5.
    The shape follows the evidence the product stands on: spikes in high-speed running
    (Duhig et al. 2016) and protection by Nordic work (van Dyk et al. 2019).
    """
    n = len(fast_per_day)
    cum = np.concatenate(([0.0], np.cumsum(fast_per_day)))
    idx = np.arange(n)
    acute = cum[idx + 1] - cum[np.maximum(idx - 6, 0)]
    before = (cum[np.maximum(idx - 6, 0)] - cum[np.maximum(idx - 34, 0)]) / 4.0
    s_cum = np.concatenate(([0], np.cumsum(strength_days.astype(int))))
    recent = s_cum[idx] - s_cum[np.maximum(idx - 21, 0)]
    tolerance = np.where(recent >= 3, 1.5, 1.0)
    ratio = (acute + 0.5) / (before + 0.5) / tolerance
    hazard = 2e-5 + 0.45 * np.clip((ratio - 2.0) / 2.0, 0.0, 1.0)
    hazard[:56] = 0.0  # the first eight weeks set the usual
    return np.asarray(hazard, dtype=float)


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
    rep_pace = 1000.0 / (v5k * 0.97)  # just slower than 5 km race pace
    tempo_pace = 1000.0 / (v5k * 0.88)
    runner = DemoRunner(
        athlete={
            "name": name,
            "body_mass_kg": round(float(rng.uniform(58, 78)), 1),
            "v_max_ms": round(1.75 * v5k, 2),
            "birth_year": int(rng.integers(1975, 2000)),
            "units": "km",
        }
    )

    # The strength gap sits ~6 months before the end; the week after it the runner
    # returns to sprint work all at once.
    gap_start = max(n_weeks - 27, 4)
    spike_week = gap_start + 3
    plan: list[tuple[int, str, float, float, int, dict[str, Any]]] = []

    def add(offset: int, kind: str, km: float, pace: float, rpe: int, **extra: Any) -> None:
        plan.append((offset, kind, km, pace, rpe, extra))

    def intervals(offset: int) -> None:
        """Reps at 5 km pace with 3 km of warm-up and cool-down and 400 m jogs: not fast."""
        rep_km = float(rng.choice([0.8, 1.0]))
        reps = int(rng.integers(5, 7))
        jog = 0.4 * (reps - 1)
        km = reps * rep_km + 3.0 + jog
        minutes = (reps * rep_km * rep_pace + (3.0 + jog) * easy_pace * 1.1) / 60.0
        add(
            offset,
            "intervals",
            km,
            0.0,
            8,
            minutes=minutes,
            reps=reps,
            rep_km=rep_km,
            rep_pace_s_per_km=round(rep_pace, 1),
        )

    planned_weeks: list[list[dict[str, Any]]] = []
    for w in range(n_weeks):
        monday = first_monday + dt.timedelta(weeks=w)
        phase = "spike" if w == spike_week else _CYCLE[w % len(_CYCLE)]
        volume = 1.0 + 0.15 * np.sin(w / 9.0) + float(rng.normal(0, 0.05))
        plan.clear()

        if phase == "base":
            add(1, "easy", 8 * volume, easy_pace, 4)
            add(2, "easy", 10 * volume, easy_pace, 4, strides=6)
            add(4, "recovery", 6 * volume, easy_pace * 1.08, 3)
            add(5, "easy", 8 * volume, easy_pace, 4, strides=8)
            add(6, "long", (18 + w % 3) * volume, easy_pace * 1.03, 5)
        elif phase == "speed":
            intervals(1)
            add(2, "recovery", 6 * volume, easy_pace * 1.08, 3)
            add(3, "tempo", 10 * volume, tempo_pace, 7)
            add(4, "sprints", 6, easy_pace, 6, fast_km=0.6)  # 6 × 100 m near top speed
            add(6, "long", (16 + w % 4) * volume, easy_pace, 5)
        elif phase == "spike":
            # Back from three weeks without strength work, straight into sprint sessions.
            add(0, "sprints", 6, easy_pace * 0.95, 8, fast_km=1.6, strides=10)
            intervals(1)
            add(3, "sprints", 8, easy_pace * 0.95, 9, fast_km=2.0)
            add(5, "sprints", 6, easy_pace * 0.95, 9, fast_km=1.5)
            add(6, "long", 16 * volume, easy_pace, 5)
        elif phase == "taper":
            add(1, "easy", 6, easy_pace, 3, strides=6)
            add(3, "easy", 5, easy_pace, 3, strides=4)
            race_s = five_k_s * float(rng.uniform(0.98, 1.03))
            add(5, "race_5k", 5.0, race_s / 5.0, 10)
        else:  # recover
            add(1, "easy", 6 * volume, easy_pace * 1.05, 3)
            add(3, "easy", 8 * volume, easy_pace, 4)
            add(5, "cycling", 25, 150.0, 3)
            add(6, "long", 14 * volume, easy_pace * 1.05, 4)
        planned_weeks.append(
            [
                _run(monday + dt.timedelta(days=off), kind, km, pace, rpe, **extra)
                for off, kind, km, pace, rpe, extra in plan
            ]
        )
        in_gap = gap_start <= w < gap_start + 3
        if not in_gap and phase != "taper":
            progress = min(w / 20.0, 1.0)
            for offset in (0, 3):
                runner.strength.append(
                    {
                        "date": monday + dt.timedelta(days=offset),
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
    all_runs = [r for week in planned_weeks for r in week if r["date"] <= end]
    runner.strength = [s for s in runner.strength if s["date"] <= end]

    # The injury: the first day a seeded draw falls under the day's hazard.
    n_days = (end - first_monday).days + 1
    fast = np.zeros(n_days)
    for run in all_runs:
        i = (run["date"] - first_monday).days
        fast[i] += float(run.get("fast_km") or 0.0) + 0.1 * float(run.get("strides") or 0)
    strength_day = np.zeros(n_days, dtype=bool)
    for s in runner.strength:
        strength_day[(s["date"] - first_monday).days] = True
    hazard = injury_hazard(fast, strength_day)
    draws = np.random.default_rng(seed + 1000).random(n_days)
    struck = np.flatnonzero(draws < hazard)
    injury_day = first_monday + dt.timedelta(days=int(struck[0])) if len(struck) else None
    if injury_day is not None:
        back = injury_day + dt.timedelta(days=LAYOFF_DAYS)

        def laid_off(day: dt.date) -> bool:
            return injury_day < day < back

        all_runs = [r for r in all_runs if not laid_off(r["date"])]
        runner.strength = [s for s in runner.strength if not laid_off(s["date"])]
        runner.injuries.append(
            {
                "date": injury_day,
                "side": "right",
                "site": "hamstring",
                "description": "Right hamstring strain (biceps femoris) in a sprint",
                "severity": "moderate",
                "return_date": back if back <= end else None,
            }
        )
    runner.runs = all_runs

    # Daily check-ins (~90 %): soreness follows unaccustomed work of the last days
    # (a DOMS-like lag on the excess of km + 2.5 × fast km over 1.5 × the 4-week daily mean)
    # plus some from any fast running, and the strain itself for three weeks.
    fast_by_day: dict[dt.date, float] = {}
    for run in runner.runs:  # what was run, the lay-off left out
        f = float(run.get("fast_km") or 0.0) + 0.1 * float(run.get("strides") or 0)
        fast_by_day[run["date"]] = fast_by_day.get(run["date"], 0.0) + f
    work: dict[dt.date, float] = {}
    for run in runner.runs:
        if run["type"] in vocab.RUN_TYPES:
            work[run["date"]] = work.get(run["date"], 0.0) + run["distance_km"]
            f = float(run.get("fast_km") or 0.0) + 0.1 * float(run.get("strides") or 0)
            work[run["date"]] += 2.5 * f
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

    thursday = end + dt.timedelta(days=(3 - end.weekday()) % 7 or 7)
    runner.planned.append(
        {
            "date": thursday,
            "type": "intervals",
            "distance_km": 10.0,
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
    viewer: Viewer,
) -> list[int]:
    """Store ``athletes`` demo runners ("Demo runner", "Demo runner 2", ...); returns their ids
    (the local app only: ``viewer`` must be :data:`~risk.store.access.LOCAL_VIEWER`).

    An existing runner of the same name is an error unless ``replace`` is set, which
    deletes that runner (and only that runner) first.
    """
    ids: list[int] = []
    for k in range(athletes):
        name = DEMO_NAME if k == 0 else f"{DEMO_NAME} {k + 1}"
        existing = queries.athlete_by_name(engine, name, viewer=viewer)
        if existing is not None:
            if not replace:
                raise inputs.InvalidEntry(
                    [
                        f"A runner named {name!r} exists already "
                        "(eccentric demo --replace loads it afresh)"
                    ]
                )
            assert existing.id is not None
            writes.delete_athlete(engine, existing.id, viewer=viewer)
        runner = generate(years=years, end=end, seed=seed + k, name=name)
        athlete = writes.create_athlete(engine, runner.athlete, viewer=viewer)
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
                viewer=viewer,
            )
        except Exception:
            writes.delete_athlete(engine, athlete.id, viewer=viewer)
            raise
        ids.append(athlete.id)
    return ids


# A synthetic club ----------------------------------------------------------------------------
DEMO_CLUB = "Demo club"
#: The demo members' sign-in issuer: no real provider has it, so nobody signs in as them
#: unless a test says so (invite a real address with ``invite`` to try the club).
DEMO_ISSUER = "https://demo.eccentric.invalid"
DEMO_COACH = "coach"
_CLUB_NAMES = (
    "Ada", "Bea", "Cal", "Dov", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo",
    "Kai", "Lia", "Max", "Noa", "Oli", "Pia", "Quin", "Rae", "Sol", "Tia",
)  # fmt: skip
_NOTES = (
    "Left hamstring a bit tight after Thursday's reps; nothing sharp.",
    "Slept badly all week (new baby). Felt flat on the long run.",
    "Missed strength on Tuesday: travelling for work.",
    "Felt great on the strides, could have done more.",
)


@dataclass(frozen=True)
class DemoClub:
    """The synthetic club :func:`load_club` stored: its id, its coach and admin (demo
    sign-ins), and each athlete's runner id by name."""

    club_id: int
    admin: Viewer
    coach: Viewer
    runners: dict[str, int]


def _demo_member(engine: Engine, issuer: str, sub: str, name: str) -> Viewer:
    return accounts.sign_in(engine, issuer, sub, f"{sub}@demo.eccentric.invalid", name)


def load_club(
    engine: Engine,
    *,
    athletes: int = 20,
    years: float = 1.0,
    seed: int = 7,
    issuer: str = DEMO_ISSUER,
    invite: str | None = None,
    end: dt.date | None = None,
) -> DemoClub:
    """Store a club for demos and tests: an admin, a coach and ``athletes`` athletes
    (at most 20), each with a demo log of ``years`` (seeded, all different): a few stopped
    checking in, one has an open injury, some left their coach a note, and the coach
    commented on last week's training of the first three (one replied).

    Members are made as club mode makes them (sign-in, invitation, the athlete's own
    runner); only the club and its admin are put in place directly, as the command line
    acts for the server's operator. ``invite`` (an email) is invited as the club's coach
    and admin, so a real person can sign in and try it. Refused (:class:`InvalidEntry`)
    when a club named "Demo club" exists already.
    """
    if not 1 <= athletes <= len(_CLUB_NAMES):
        raise inputs.InvalidEntry([f"A demo club has 1 to {len(_CLUB_NAMES)} athletes"])
    end = end or inputs.today()
    with Session(engine) as session:
        if session.exec(select(Club.id).where(Club.name == DEMO_CLUB)).first() is not None:
            raise inputs.InvalidEntry([f"A club named {DEMO_CLUB!r} exists already"])
    names = _CLUB_NAMES[:athletes]
    taken = [
        n for n in names if queries.athlete_by_name(engine, n, viewer=LOCAL_VIEWER) is not None
    ]
    if taken:
        raise inputs.InvalidEntry([f"Runners named {', '.join(taken)} exist already"])
    with Session(engine) as session:
        club = Club(name=DEMO_CLUB)  # before the first sign-in: no club of its own
        session.add(club)
        session.commit()
        club_id = int(club.id or 0)
    admin = _demo_member(engine, issuer, "admin", "Club admin")
    with Session(engine) as session:
        session.add(Membership(user_id=admin.user_id or 0, club_id=club_id, role="admin"))
        session.commit()
    admin = _demo_member(engine, issuer, "admin", "Club admin")
    accounts.invite(engine, admin, club_id, f"{DEMO_COACH}@demo.eccentric.invalid", "coach")
    coach = _demo_member(engine, issuer, DEMO_COACH, "Coach Kim")
    if invite:
        for role in ("coach", "admin"):
            accounts.invite(engine, admin, club_id, invite, role)

    monday = end - dt.timedelta(days=end.weekday())
    runners: dict[str, int] = {}
    for k, name in enumerate(names):
        sub = name.lower()
        accounts.invite(engine, admin, club_id, f"{sub}@demo.eccentric.invalid", "athlete")
        member = _demo_member(engine, issuer, sub, name)
        log = generate(years=years, end=end, seed=seed + 100 + k, name=name)
        if k % 5 == 3:  # stopped checking in nine days ago
            log.checkins = [c for c in log.checkins if c["date"] <= end - dt.timedelta(days=9)]
        if k == 1:  # an open injury
            log.injuries.append(
                {
                    "date": end - dt.timedelta(days=4),
                    "side": "left",
                    "site": "hamstring",
                    "description": "Pulled up in a sprint",
                    "severity": "mild",
                }
            )
        athlete = accounts.create_own_runner(engine, member, log.athlete)
        athlete_id = int(athlete.id or 0)
        writes.add_bulk(
            engine,
            athlete_id,
            runs=log.runs,
            strength=log.strength,
            checkins=log.checkins,
            injuries=log.injuries,
            planned=log.planned,
            viewer=member,
        )
        member = _demo_member(engine, issuer, sub, name)
        if k % 4 == 0:
            day = end - dt.timedelta(days=k % 3)
            notes.add_note(
                engine, member, athlete_id, {"date": day, "note": _NOTES[(k // 4) % len(_NOTES)]}
            )
        if k < 3:
            last_week = monday - dt.timedelta(days=7)
            notes.add_comment(
                engine,
                coach,
                athlete_id,
                {"week": last_week, "comment": "Good week. Keep Thursday's reps controlled."},
            )
            if k == 0:
                notes.add_comment(
                    engine, member, athlete_id, {"week": last_week, "comment": "Will do, thanks!"}
                )
        runners[name] = athlete_id
    coach = _demo_member(engine, issuer, DEMO_COACH, "Coach Kim")
    return DemoClub(club_id=club_id, admin=admin, coach=coach, runners=runners)
