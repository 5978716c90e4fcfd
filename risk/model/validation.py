"""Does it work for me? The indicator checked against the runner's own injuries.

Pure pandas/numpy (no store, no Streamlit): a daily frame from
:func:`risk.model.assess` (with ``injuries=``) and the injuries frame in, a frozen
:class:`ValidationReport` out (DESIGN.md, "Validation"; issue 11).

- **Cases**: each injury's onset day (hamstring injuries only by default; all sites on
  request). **Controls**: ordinary days, i.e. not in any lay-off (injury date to return
  date), not within :data:`WASHOUT_DAYS` days from a return date (the graded return and the
  weeks after it are not ordinary training), not warming up, and not an onset day.
- **No look-ahead**: the score of a day is read from the row of the *day before* (the
  daily frame's own values at ``t - 1`` only use data up to ``t - 1``), so an injury
  logged on day t is judged on what the indicator showed before it.
- **Scores**: the band (ordinal: grey, rebuilding and green 0 < amber 1 < red 2), the
  load-to-capacity ratio, the ACWR, the raw acute load, the raw 7-day fast km, and a
  **random-chronic null**: the ACWR with the chronic load drawn at random from the
  runner's other days, repeated :data:`NULL_REPEATS` times (seeded). Impellizzeri et al.
  2020 (IJSPP 15:907) showed such a ratio "predicts" as well as the real one, so a ratio
  that does no better than its null adds nothing over the acute load.
- **AUC** (Mann–Whitney, ties count half) as the mean of each case's *placement* (the
  share of its runner's controls scoring lower, ties half), with a bootstrap 95 % interval
  (bootstrap standard error, Student-t quantile) resampling injuries (one runner) or
  runners (a club, then injuries within each), seeded; inside each resample a tied case
  is placed at random among its ties, so a coarse score (the band: most days green) is
  not given a falsely narrow interval. An injury is judged (a case) only when its onset
  would have been a control day: not within a washout, not right after a lay-off or
  warming up. With fewer than :data:`MIN_INJURIES` injuries no AUC is given: the report
  lists each injury with its 14
  days before and says there are too few injuries to judge.
- **Alarms**: the band alarms on amber or red; the ratio at ``Params.ratio_amber``; the
  ACWR at 1.3 (the upper end of the team-sport "sweet spot", Gabbett 2016); the raw loads
  and the null at the quantile that gives them the band's alarm rate on ordinary days
  (so they are compared at equal alarm rates). For each: % of ordinary days alarmed,
  false-alarm episodes per injury (alarm episodes, runs of alarm days at most 2 quiet days
  apart, not followed by an injury within 7 days), the share of injuries with an alarm in
  the 7 days before, and the same share over all ordinary days (the chance rate).
- Lövdal et al. 2021 (IJSPP 16:1362; 74 competitive runners, 7 years, a cohort machine
  learning model, not one runner's rule): AUC 0.724 per day, 0.678 per week; shown
  beside, never as this runner's result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from risk.model.indicator import reasons
from risk.model.injury import DEFAULT_SITE, injuries_frame
from risk.model.params import DEFAULT, Params

#: Fewer injuries than this: no AUC, only the list of injuries (a rank statistic on a
#: handful of cases has an interval spanning most of 0-1).
MIN_INJURIES: Final = 10
#: Days from a return date that are not controls (the graded return: Params.return_weeks
#: is 3 weeks; a further week for the load baselines to settle). Ours.
WASHOUT_DAYS: Final = 28
#: Days before an onset shown in the injury list; days an alarm "before" counts.
DAYS_BEFORE: Final = 14
HIT_WINDOW: Final = 7
NULL_REPEATS: Final = 200
BOOTSTRAP: Final = 1000
SEED: Final = 11
#: The ACWR's alarm threshold (the top of Gabbett 2016's 0.8-1.3 range).
ACWR_ALARM: Final = 1.3
#: Lövdal et al. 2021: the cohort model's AUC per day and per week (74 runners).
LOVDAL: Final = {"per_day": 0.724, "per_week": 0.678}
LOVDAL_NOTE: Final = (
    "Lövdal et al. 2021: AUC 0.724 per day, 0.678 per week, a machine-learning model "
    "fitted to a cohort of 74 competitive runners, not one runner's rule"
)

BAND_SCORE: Final = {"grey": 0.0, "rebuilding": 0.0, "green": 0.0, "amber": 1.0, "red": 2.0}

#: Score name -> what it is, in words.
SCORES: Final = {
    "band": "Band (green < amber < red)",
    "ratio": "Load-to-capacity ratio",
    "acwr": "Acute:chronic ratio (ACWR)",
    "acute": "Acute load (7-day, raw)",
    "fast_7d": "Fast km in 7 days (raw)",
    "null": "ACWR with a random chronic load (null)",
}


@dataclass(frozen=True)
class ScoreResult:
    """How one score separated injury days from ordinary days."""

    name: str
    label: str
    auc: float | None
    auc_low: float | None
    auc_high: float | None
    cases: int
    controls: int
    alarm: str
    alarm_days_pct: float | None
    false_alarms_per_injury: float | None
    hit_share: float | None
    chance_share: float | None
    #: "better than chance", "worse than chance", "not distinguishable from chance", or
    #: for the null "reference" (it is the bar to beat, never a finding); None without AUC.
    reading: str | None = None


@dataclass(frozen=True)
class DayBefore:
    """One of the days before an injury, as the indicator showed it."""

    date: dt.date
    band: str
    hel: float | None
    acute: float | None
    chronic: float | None
    acwr: float | None
    ratio: float | None
    fast_7d: float | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class InjuryCase:
    """One injury and the days before it."""

    date: dt.date
    return_date: dt.date | None
    site: str
    side: str | None
    judged: bool
    alarm_before: bool
    days: tuple[DayBefore, ...]
    #: Each score as read for this injury (from the day before; the null left out).
    scores: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class RunnerRow:
    """One runner of a pooled report."""

    name: str
    injuries: int
    cases: int
    controls: int
    band_auc: float | None
    alarm_days_pct: float | None
    hit_share: float | None


@dataclass(frozen=True)
class ValidationReport:
    """The indicator checked against injuries; ``as_dict()`` is JSON-ready."""

    sites: str
    injuries: int
    cases: int
    controls: int
    enough: bool
    verdict: str
    scores: tuple[ScoreResult, ...]
    injury_list: tuple[InjuryCase, ...]
    settings: dict[str, Any]
    washout_days: int
    min_injuries: int
    null_repeats: int
    bootstrap: int
    seed: int
    reference: dict[str, float] = field(default_factory=lambda: dict(LOVDAL))
    reference_note: str = LOVDAL_NOTE
    runners: tuple[RunnerRow, ...] = ()

    def score(self, name: str) -> ScoreResult:
        return next(s for s in self.scores if s.name == name)

    def as_dict(self) -> dict[str, Any]:
        def clean(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [clean(v) for v in value]
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, float) and not np.isfinite(value):
                return None
            return value

        out: dict[str, Any] = clean(asdict(self))
        return out


# --- The pieces ---------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def tie_ranges(cases: np.ndarray, controls: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each case's share of controls strictly below it and at or below it (NaN scores give
    NaN): the case's placement lies anywhere in between when ties are broken at random."""
    ctrl = np.sort(controls[np.isfinite(controls)])
    low = np.full(len(cases), np.nan)
    high = np.full(len(cases), np.nan)
    if len(ctrl) == 0:
        return low, high
    ok = np.isfinite(cases)
    low[ok] = np.searchsorted(ctrl, cases[ok], side="left") / len(ctrl)
    high[ok] = np.searchsorted(ctrl, cases[ok], side="right") / len(ctrl)
    return low, high


def placements(cases: np.ndarray, controls: np.ndarray) -> np.ndarray:
    """Each case's share of controls scoring lower (ties half); NaN scores give NaN."""
    low, high = tie_ranges(cases, controls)
    return (low + high) / 2


def auc(cases: np.ndarray, controls: np.ndarray) -> float | None:
    """Mann–Whitney AUC (ties half): the mean placement of the cases."""
    p = placements(np.asarray(cases, float), np.asarray(controls, float))
    p = p[np.isfinite(p)]
    return float(p.mean()) if len(p) else None


def episodes(alarm: np.ndarray, gap: int = 2) -> list[tuple[int, int]]:
    """Alarm episodes as (first, last) positions: runs of alarm days, merged when at
    most ``gap`` quiet days apart."""
    out: list[tuple[int, int]] = []
    for i in np.flatnonzero(alarm):
        if out and i - out[-1][1] <= gap + 1:
            out[-1] = (out[-1][0], int(i))
        else:
            out.append((int(i), int(i)))
    return out


@dataclass
class _Runner:
    """One runner's days, prepared: scores of the day before, cases and controls."""

    name: str
    daily: pd.DataFrame
    injuries: pd.DataFrame  # the injuries judged (by site)
    all_injuries: pd.DataFrame
    scores: dict[str, np.ndarray]
    case_pos: np.ndarray  # calendar positions of judged onsets
    control: np.ndarray  # bool per calendar day
    ordinary: np.ndarray  # bool per day: not lay-off/washout/warming up (alarm rates)
    onset_pos: np.ndarray  # positions of all judged onsets inside the calendar


def _prepare(
    name: str,
    daily: pd.DataFrame,
    injuries: pd.DataFrame | None,
    *,
    all_sites: bool,
    washout_days: int,
    null_repeats: int,
    rng: np.random.Generator,
) -> _Runner:
    inj_all = injuries_frame(injuries)
    inj = inj_all if all_sites else inj_all[inj_all["site"] == DEFAULT_SITE]
    days = pd.DatetimeIndex(daily.index)
    n = len(days)
    x = days.to_numpy("datetime64[ns]")

    def prev(column: str) -> np.ndarray:
        values = pd.to_numeric(daily[column], errors="coerce").to_numpy(float)
        return np.concatenate([[np.nan], values[:-1]]) if n else values

    band_today = daily["band"].astype(str).map(BAND_SCORE).to_numpy(float)
    band = np.concatenate([[np.nan], band_today[:-1]]) if n else band_today
    acute, chronic = prev("acute"), prev("chronic")
    warm = daily["warming_up"].to_numpy(bool) if "warming_up" in daily else np.zeros(n, bool)
    warm_prev = np.concatenate([[True], warm[:-1]]) if n else warm
    scores = {
        "band": band,
        "ratio": prev("ratio"),
        "acwr": prev("acwr"),
        "acute": acute,
        "fast_7d": prev("fast_7d") if "fast_7d" in daily else np.full(n, np.nan),
    }
    layoff = daily["layoff"].to_numpy(bool) if "layoff" in daily else np.zeros(n, bool)
    washout = np.zeros(n, bool)
    for back in inj_all["return_date"].dropna():
        start = pd.Timestamp(back).to_datetime64()
        washout |= (x >= start) & (x < start + np.timedelta64(washout_days, "D"))
    ordinary = ~layoff & ~washout & ~warm_prev
    onset = np.zeros(n, bool)
    onset_pos = []
    for date in inj["date"]:
        pos = days.get_indexer(pd.DatetimeIndex([pd.Timestamp(date)]))[0]
        if pos > 0:
            onset_pos.append(pos)
            onset[pos] = True
    onset_all = np.zeros(n, bool)
    for date in inj_all["date"]:
        pos = days.get_indexer(pd.DatetimeIndex([pd.Timestamp(date)]))[0]
        if pos >= 0:
            onset_all[pos] = True
    control = ordinary & ~onset_all
    # A case is judged when the day before was scored (not warming up, not in a lay-off).
    layoff_prev = np.concatenate([[True], layoff[:-1]]) if n else layoff
    # Judged like the controls: not in a washout, not the day after warming up or a lay-off.
    case_pos = np.array(
        [p for p in onset_pos if not warm_prev[p] and not layoff_prev[p] and not washout[p]],
        dtype=int,
    )
    # The random-chronic null: acute of the day before over the chronic of a random other
    # (scored, ordinary) day; averaged over repeats through the placements (see _scores).
    pool = np.flatnonzero(ordinary & np.isfinite(chronic) & (chronic > 0))
    if len(pool) and null_repeats:
        draws = chronic[pool[rng.integers(0, len(pool), size=(null_repeats, n))]]
        null = acute[None, :] / draws
    else:
        null = np.full((max(null_repeats, 1), n), np.nan)
    scores["null"] = null  # 2-D: repeats x days
    return _Runner(
        name, daily, inj, inj_all, scores, case_pos, control, ordinary, np.array(onset_pos, int)
    )


def _case_ranges(r: _Runner, name: str) -> tuple[np.ndarray, np.ndarray]:
    """The cases' tie ranges (see :func:`tie_ranges`); for the null, averaged over its
    repeats."""
    s = r.scores[name]
    if s.ndim == 2:
        if len(r.case_pos) == 0 or not np.isfinite(s).any():
            empty = np.full(len(r.case_pos), np.nan)
            return empty, empty
        pairs = [tie_ranges(row[r.case_pos], row[r.control]) for row in s]
        return (np.mean([p[0] for p in pairs], axis=0), np.mean([p[1] for p in pairs], axis=0))
    return tie_ranges(s[r.case_pos], s[r.control])


def _alarms(r: _Runner, name: str, params: Params, band_rate: float | None) -> np.ndarray:
    """Alarm days (bool per calendar day) of a score, by the score of the day itself
    (the band's colour is the alarm a runner saw that day)."""
    s = r.scores[name]
    today = s[0] if s.ndim == 2 else s
    # The score of day t is the value of t-1: shift back to read day t's own value.
    own = np.concatenate([today[1:], [np.nan]]) if len(today) else today
    if name == "band":
        return own >= 1
    if name == "ratio":
        return own >= params.ratio_amber - 1e-9
    if name == "acwr":
        return own >= ACWR_ALARM - 1e-9
    values = own[r.ordinary & np.isfinite(own)]
    if band_rate is None or len(values) == 0 or band_rate <= 0:
        return np.zeros(len(own), bool)
    cut = float(np.quantile(values, 1 - band_rate))
    return own > cut


def _alarm_stats(
    runners: Sequence[_Runner], alarms: Sequence[np.ndarray]
) -> tuple[float | None, float | None, float | None, float | None, list[list[bool]]]:
    """% ordinary days alarmed, false-alarm episodes per injury, hit share, chance share,
    and per runner which judged injuries had an alarm in the 7 days before."""
    alarm_days = ordinary_days = false_eps = injuries = hits = 0
    chance_hits = chance_days = 0
    per_runner: list[list[bool]] = []
    for r, a in zip(runners, alarms, strict=True):
        a = a & r.ordinary
        alarm_days += int(a.sum())
        ordinary_days += int(r.ordinary.sum())
        onsets = r.onset_pos
        for first, last in episodes(a):
            if not np.any((onsets >= first) & (onsets <= last + HIT_WINDOW)):
                false_eps += 1
        # any alarm in the 7 days before each day: a rolling window over a
        cum = np.concatenate([[0], np.cumsum(a)])
        pos = np.arange(len(a))
        lo = np.clip(pos - HIT_WINDOW, 0, None)
        before = (cum[pos] - cum[lo]) > 0
        flags = [bool(before[p]) for p in r.case_pos]
        per_runner.append(flags)
        hits += sum(flags)
        injuries += len(r.case_pos)
        chance_hits += int(before[r.control].sum())
        chance_days += int(r.control.sum())
    pct = 100.0 * alarm_days / ordinary_days if ordinary_days else None
    fa = false_eps / injuries if injuries else None
    hit = hits / injuries if injuries else None
    chance = chance_hits / chance_days if chance_days else None
    return pct, fa, hit, chance, per_runner


def _interval(
    low: np.ndarray, high: np.ndarray, group: np.ndarray, rng: np.random.Generator, bootstrap: int
) -> tuple[float | None, float | None, float | None]:
    """AUC (ties half) and its bootstrap 95 % interval, resampling the ``group``s (injuries
    or runners) with replacement. In each resample a tied case is placed at random within
    its ties (uniformly between ``low`` and ``high``): a tie carries no order, and without
    this a coarse score whose cases all tie (every injury on a green day) would get an
    interval of one point."""
    ok = np.isfinite(low)
    low, high, group = low[ok], high[ok], group[ok]
    if len(low) == 0:
        return None, None, None
    point = float(((low + high) / 2).mean())
    groups = np.unique(group)
    codes = np.searchsorted(groups, group)
    idx = rng.integers(0, len(groups), size=(bootstrap, len(groups)))
    weight = np.zeros((bootstrap, len(groups)))
    np.add.at(weight, (np.arange(bootstrap)[:, None], idx), 1.0)
    w = weight[:, codes]
    if len(groups) < len(low):  # resampling runners: then injuries within each (Poisson)
        w = w * rng.poisson(1.0, size=w.shape)
    vals = low + rng.random((bootstrap, len(low))) * (high - low)
    den = w.sum(axis=1)
    boots = (w * vals).sum(axis=1)[den > 0] / den[den > 0]
    if len(boots) < 2:
        return point, None, None
    # Few injuries (10-20) make a percentile interval too narrow; the bootstrap's standard
    # error with a Student-t quantile on n - 1 degrees of freedom and the small-sample
    # factor sqrt(n / (n - 1)) keeps the coverage near 95 % (checked on random injuries).
    n = len(groups)
    half = t975(n - 1) * float(np.std(boots)) * np.sqrt(n / max(n - 1, 1))
    return point, float(max(0.0, point - half)), float(min(1.0, point + half))


def t975(dof: int) -> float:
    """The 97.5 % quantile of Student's t (Cornish-Fisher expansion; within 0.3 % from
    3 degrees of freedom)."""
    z = 1.959964
    v = max(dof, 1)
    return (
        z
        + (z**3 + z) / (4 * v)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
    )


def _days_before(daily: pd.DataFrame, onset: pd.Timestamp, params: Params) -> tuple[DayBefore, ...]:
    part = daily.loc[onset - pd.Timedelta(days=DAYS_BEFORE) : onset - pd.Timedelta(days=1)]
    out = []
    for date, row in part.iterrows():
        why = tuple(r.message for r in reasons(row, params)) if "reasons" in row else ()
        out.append(
            DayBefore(
                date=pd.Timestamp(str(date)).date(),
                band=str(row.get("band", "none")),
                hel=_num(row.get("hel_run")),
                acute=_num(row.get("acute")),
                chronic=_num(row.get("chronic")),
                acwr=_num(row.get("acwr")),
                ratio=_num(row.get("ratio")),
                fast_7d=_num(row.get("fast_7d")),
                reasons=why,
            )
        )
    return tuple(out)


def _verdict(enough: bool, n_inj: int, n_cases: int, band: ScoreResult, min_inj: int) -> str:
    if n_inj == 0:
        return "No injuries logged: nothing to check yet."
    if not enough:
        return (
            f"Too few injuries to judge: {n_cases} with training logged before them "
            f"(at least {min_inj} are needed). Look at the days before each one below."
        )
    assert band.auc is not None and band.auc_low is not None and band.auc_high is not None
    where = (
        "better than chance"
        if band.auc_low > 0.5
        else ("worse than chance" if band.auc_high < 0.5 else "not distinguishable from chance")
    )
    return (
        f"On {n_cases} injuries the band ranked the day before an injury above an ordinary "
        f"day {band.auc:.2f} of the time (95 % interval {band.auc_low:.2f}–"
        f"{band.auc_high:.2f}): {where}."
    )


def validate_runners(
    runners: Sequence[tuple[str, pd.DataFrame, pd.DataFrame | None]],
    params: Params = DEFAULT,
    *,
    all_sites: bool = False,
    washout_days: int = WASHOUT_DAYS,
    min_injuries: int = MIN_INJURIES,
    null_repeats: int = NULL_REPEATS,
    bootstrap: int = BOOTSTRAP,
    seed: int = SEED,
) -> ValidationReport:
    """The report pooled over runners (a club): each case is placed among its own
    runner's controls, and the interval resamples runners. ``runners`` are
    (name, daily frame from ``assess(..., injuries=...)``, injuries frame)."""
    rng = np.random.default_rng(seed)
    prepared = [
        _prepare(
            name,
            daily,
            inj,
            all_sites=all_sites,
            washout_days=washout_days,
            null_repeats=null_repeats,
            rng=rng,
        )
        for name, daily, inj in runners
    ]
    pooled = len(prepared) > 1
    n_inj = sum(len(r.injuries) for r in prepared)
    n_cases = sum(len(r.case_pos) for r in prepared)
    n_controls = sum(int(r.control.sum()) for r in prepared)
    enough = n_cases >= min_injuries
    band_alarm = [_alarms(r, "band", params, None) for r in prepared]
    ordinary = sum(int(r.ordinary.sum()) for r in prepared)
    band_rate = (
        sum(int((a & r.ordinary).sum()) for a, r in zip(band_alarm, prepared, strict=True))
        / ordinary
        if ordinary
        else None
    )
    results = []
    hits_by_runner: list[list[bool]] = [[] for _ in prepared]
    for name, label in SCORES.items():
        alarms = [_alarms(r, name, params, band_rate) for r in prepared]
        pct, fa, hit, chance, per = _alarm_stats(prepared, alarms)
        if name == "band":
            hits_by_runner = per
        point = low = high = None
        if enough:
            ranges = [_case_ranges(r, name) for r in prepared]
            lows = np.concatenate([lo for lo, _ in ranges])
            highs = np.concatenate([hi for _, hi in ranges])
            group = (
                np.concatenate([np.full(len(lo), k) for k, (lo, _) in enumerate(ranges)])
                if pooled
                else np.arange(len(lows))
            )
            point, low, high = _interval(
                lows, highs, group, np.random.default_rng(seed + 1), bootstrap
            )
        alarm = {
            "band": "amber or red",
            "ratio": f"ratio ≥ {params.ratio_amber:g}",
            "acwr": f"ACWR ≥ {ACWR_ALARM:g}",
        }.get(name, "the top days, as many as the band alarms on")
        reading = None
        if low is not None and high is not None:
            reading = (
                "reference"
                if name == "null"
                else "better than chance"
                if low > 0.5
                else "worse than chance"
                if high < 0.5
                else "not distinguishable from chance"
            )
        results.append(
            ScoreResult(
                name,
                label,
                point,
                low,
                high,
                n_cases,
                n_controls,
                alarm,
                pct,
                fa,
                hit,
                chance,
                reading,
            )
        )
    cases = []
    for r, flags in zip(prepared, hits_by_runner, strict=True):
        judged = {int(p): f for p, f in zip(r.case_pos, flags, strict=True)}
        days = pd.DatetimeIndex(r.daily.index)
        for _, inj in r.injuries.iterrows():
            onset = pd.Timestamp(inj["date"])
            pos = int(days.get_indexer(pd.DatetimeIndex([onset]))[0])
            back = inj["return_date"]
            cases.append(
                InjuryCase(
                    date=onset.date(),
                    return_date=None if pd.isna(back) else pd.Timestamp(back).date(),
                    site=str(inj["site"]),
                    side=inj["side"] if isinstance(inj["side"], str) else None,
                    judged=pos in judged,
                    alarm_before=judged.get(pos, False),
                    days=_days_before(r.daily, onset, params),
                    scores={
                        k: (_num(v[pos]) if pos > 0 else None)
                        for k, v in r.scores.items()
                        if v.ndim == 1
                    },
                )
            )
    rows: tuple[RunnerRow, ...] = ()
    if pooled:
        rows = tuple(
            RunnerRow(
                name=r.name,
                injuries=len(r.injuries),
                cases=len(r.case_pos),
                controls=int(r.control.sum()),
                band_auc=(
                    auc(r.scores["band"][r.case_pos], r.scores["band"][r.control])
                    if len(r.case_pos) >= min_injuries
                    else None
                ),
                alarm_days_pct=(
                    100.0 * float((a & r.ordinary).sum()) / r.ordinary.sum()
                    if r.ordinary.any()
                    else None
                ),
                hit_share=(sum(f) / len(f) if f else None),
            )
            for r, a, f in zip(prepared, band_alarm, hits_by_runner, strict=True)
        )
    band = results[0]
    return ValidationReport(
        sites="all sites" if all_sites else "hamstring",
        injuries=n_inj,
        cases=n_cases,
        controls=n_controls,
        enough=enough,
        verdict=_verdict(enough, n_inj, n_cases, band, min_injuries),
        scores=tuple(results),
        injury_list=tuple(cases),
        settings=params.overrides(),
        washout_days=washout_days,
        min_injuries=min_injuries,
        null_repeats=null_repeats,
        bootstrap=bootstrap,
        seed=seed,
        runners=rows,
    )


def validate(
    daily: pd.DataFrame,
    injuries: pd.DataFrame | None,
    params: Params = DEFAULT,
    *,
    all_sites: bool = False,
    washout_days: int = WASHOUT_DAYS,
    min_injuries: int = MIN_INJURIES,
    null_repeats: int = NULL_REPEATS,
    bootstrap: int = BOOTSTRAP,
    seed: int = SEED,
) -> ValidationReport:
    """One runner's report: ``daily`` from ``assess(..., injuries=injuries)``, the interval
    resampling injuries. ``params`` are the settings in force (their overrides are named
    in the report)."""
    return validate_runners(
        [("runner", daily, injuries)],
        params,
        all_sites=all_sites,
        washout_days=washout_days,
        min_injuries=min_injuries,
        null_repeats=null_repeats,
        bootstrap=bootstrap,
        seed=seed,
    )
