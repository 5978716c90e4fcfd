"""Invariants of the model, for any log hypothesis can think of."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk import vocab
from risk.model import DEFAULT, acwr, daily_frame, hamstring_load
from tests.model.helpers import PROFILE, START, day, runs, sets

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TYPES = sorted(vocab.ACTIVITY_TYPES)
PROFILE_KEYS = ["<60", "60-70", "70-80", "80-90", ">=90"]

distances = st.floats(0.1, 60.0, allow_nan=False)
maybe = st.none() | st.floats(0.0, 1.0)


@st.composite
def run_rows(draw: st.DrawFn, days: int = 70) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 40))
    rows = []
    for _ in range(n):
        distance = draw(distances)
        row: dict[str, Any] = {
            "day": draw(st.integers(0, days - 1)),
            "type": draw(st.sampled_from(TYPES)),
            "distance_km": distance,
        }
        if draw(st.booleans()):
            row["duration_min"] = distance * draw(st.floats(2.5, 9.0))
        if draw(st.booleans()):
            row["fast_km"] = distance * draw(st.floats(0.0, 1.0))
        if draw(st.booleans()):
            row["strides"] = draw(st.integers(0, 12))
        if draw(st.booleans()):
            row["rpe"] = draw(st.integers(1, 10))
        rows.append(row)
    return rows


@st.composite
def set_rows(draw: st.DrawFn, days: int = 70) -> list[dict[str, Any]]:
    return [
        {
            "day": draw(st.integers(0, days - 1)),
            "exercise": draw(st.sampled_from(["nordic", "rdl", "single_leg_bridge", "curl"])),
            "sets": draw(st.integers(1, 5)),
            "reps": draw(st.integers(1, 15)),
            "load_kg": draw(st.sampled_from([0.0, 20.0, 60.0])),
            "assisted": draw(st.booleans()),
        }
        for _ in range(draw(st.integers(0, 15)))
    ]


def one_run(**row: Any) -> float:
    return float(hamstring_load(pd.DataFrame([row]), PROFILE.v_max_ms)["hel"].iloc[0])


@SETTINGS
@given(
    kind=st.sampled_from(TYPES),
    d1=distances,
    d2=distances,
    pace=st.none() | st.floats(2.5, 9.0),
    fast=maybe,
    strides=st.none() | st.integers(0, 12),
    profile=st.none() | st.lists(st.floats(0, 10), min_size=5, max_size=5),
)
def test_hel_is_non_negative_and_grows_with_distance(
    kind: str,
    d1: float,
    d2: float,
    pace: float | None,
    fast: float | None,
    strides: int | None,
    profile: list[float] | None,
) -> None:
    lo, hi = sorted((d1, d2))

    def hel(distance: float) -> float:
        row: dict[str, Any] = {"type": kind, "distance_km": distance, "strides": strides}
        if pace is not None:
            row["duration_min"] = distance * pace
        if fast is not None:
            row["fast_km"] = fast * lo  # the same fast km at both distances
        if profile is not None:
            row["speed_profile"] = dict(zip(PROFILE_KEYS, profile, strict=True))
        return one_run(**row)

    assert 0 <= hel(lo) <= hel(hi) + 1e-9


@SETTINGS
@given(
    kind=st.sampled_from(TYPES),
    distance=distances,
    p1=st.floats(2.5, 12.0),
    p2=st.floats(2.5, 12.0),
    shift=st.floats(0, 5),
)
def test_hel_grows_with_speed(
    kind: str, distance: float, p1: float, p2: float, shift: float
) -> None:
    fast_pace, slow_pace = sorted((p1, p2))  # min per km: lower is faster
    slow = one_run(type=kind, distance_km=distance, duration_min=distance * slow_pace)
    quick = one_run(type=kind, distance_km=distance, duration_min=distance * fast_pace)
    assert 0 <= slow <= quick + 1e-9
    # Moving km from a slower band to a faster one never lowers the load.
    before = one_run(type=kind, distance_km=10, speed_profile={"<60": 5.0, "70-80": 5.0})
    after = one_run(
        type=kind, distance_km=10, speed_profile={"<60": 5.0 - shift, "70-80": 5.0, ">=90": shift}
    )
    assert before <= after + 1e-9


@SETTINGS
@given(value=st.floats(0.01, 1000.0), days=st.integers(35, 120))
def test_acwr_of_a_constant_series_is_one(value: float, days: int) -> None:
    series = pd.Series(value, index=pd.date_range(START, periods=days, freq="D"))
    for method in ("ewma", "coupled", "uncoupled"):
        ratio = acwr(series, method).dropna()
        assert len(ratio) > 0
        np.testing.assert_allclose(ratio.to_numpy(), 1.0, rtol=1e-9)


@SETTINGS
@given(loads=st.lists(st.floats(0.0, 500.0), min_size=28, max_size=120))
def test_the_coupled_ratio_never_exceeds_four(loads: list[float]) -> None:
    series = pd.Series(loads, index=pd.date_range(START, periods=len(loads), freq="D"))
    assert (acwr(series, "coupled").dropna() <= 4.0 + 1e-9).all()


def frame_of(
    run_list: list[dict[str, Any]], set_list: list[dict[str, Any]], **kw: Any
) -> pd.DataFrame:
    frame, _ = daily_frame(
        runs(*run_list) if run_list else None, sets(*set_list), None, PROFILE, **kw
    )
    return frame


@SETTINGS
@given(run_list=run_rows(), set_list=set_rows())
def test_predicted_soreness_stays_within_zero_to_ten(
    run_list: list[dict[str, Any]], set_list: list[dict[str, Any]]
) -> None:
    sore = frame_of(run_list, set_list)["soreness_predicted"].dropna()
    assert ((sore >= 0) & (sore <= 10)).all()


@SETTINGS
@given(run_list=run_rows(), set_list=set_rows(), before=st.integers(1, 60))
def test_days_before_the_first_entry_never_count_as_rest(
    run_list: list[dict[str, Any]], set_list: list[dict[str, Any]], before: int
) -> None:
    plain = frame_of(run_list, set_list)
    first = plain.index[0]
    wider = frame_of(run_list, set_list, start=(first - pd.Timedelta(days=before)).date())
    assert len(wider) == len(plain) + before
    head = wider.iloc[:before]
    assert head[["hel_run", "acute", "chronic", "acwr", "ratio", "km"]].isna().all().all()
    assert (head["band"] == "none").all()
    numeric = plain.select_dtypes("number").columns
    pd.testing.assert_frame_equal(wider.iloc[before:][numeric], plain[numeric])


@SETTINGS
@given(run_list=run_rows(), set_list=set_rows(), seed=st.integers(0, 2**31))
def test_the_result_does_not_depend_on_row_order(
    run_list: list[dict[str, Any]], set_list: list[dict[str, Any]], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    plain = frame_of(run_list, set_list)
    shuffled = frame_of(
        [run_list[i] for i in rng.permutation(len(run_list))],
        [set_list[i] for i in rng.permutation(len(set_list))],
    )
    pd.testing.assert_frame_equal(plain, shuffled, check_exact=False, rtol=1e-9)


@SETTINGS
@given(
    run_list=run_rows(days=120),
    set_list=set_rows(days=120),
    extra_day=st.integers(0, 119),
    exercise=st.sampled_from(["nordic", "rdl", "single_leg_bridge", "curl"]),
    reps=st.integers(1, 15),
)
def test_more_strength_work_never_lowers_protection(
    run_list: list[dict[str, Any]],
    set_list: list[dict[str, Any]],
    extra_day: int,
    exercise: str,
    reps: int,
) -> None:
    """Any extra session within the log raises the dose, so protection never drops.

    (An entry before the first one moves the start of the log and with it the seed of
    every EWMA, so the log here starts on day 0.)"""
    run_list = [{"day": 0, "type": "easy", "distance_km": 5.0}, *run_list]
    extra = {
        "day": extra_day,
        "exercise": exercise,
        "sets": 3,
        "reps": reps,
        "load_kg": 0.0,
        "assisted": False,
    }
    end = day(130)
    before = frame_of(run_list, set_list, end=end, start=START)
    after = frame_of(run_list, [*set_list, extra], end=end, start=START)
    known = before["day"] >= 0
    assert (after.loc[known, "protection"] >= before.loc[known, "protection"] - 1e-12).all()


@SETTINGS
@given(
    run_list=run_rows(days=150),
    base_reps=st.lists(st.integers(3, 8), min_size=3, max_size=10),
    extra_day=st.integers(40, 149),
    exercise=st.sampled_from(["nordic", "rdl", "single_leg_bridge"]),
)
def test_adding_a_strength_session_never_raises_the_ratio(
    run_list: list[dict[str, Any]], base_reps: list[int], extra_day: int, exercise: str
) -> None:
    """One more session of an exercise in progress, as strong as any before it, after its
    first four weeks (the baseline), lowers or keeps the load-to-capacity ratio on every
    later day. (A weaker session is information: it may lower the strength index.)"""
    log = [
        {
            "day": 3 * i,
            "exercise": exercise,
            "sets": 3,
            "reps": r,
            "load_kg": 40.0,
            "assisted": False,
        }
        for i, r in enumerate(base_reps)
    ]
    extra = {
        "day": extra_day,
        "exercise": exercise,
        "sets": 3,
        "reps": 10,
        "load_kg": 40.0,
        "assisted": False,
    }
    end = day(160)
    before = frame_of(run_list, log, start=START, end=end)
    after = frame_of(run_list, [*log, extra], start=START, end=end)
    later = (before.index >= pd.Timestamp(day(extra_day))) & before["ratio"].notna().to_numpy()
    assert (after.loc[later, "ratio"] <= before.loc[later, "ratio"] + 1e-12).all()
    assert (after.loc[later, "capacity"] >= before.loc[later, "capacity"] - 1e-12).all()


def test_defaults_are_the_published_constants() -> None:
    assert (DEFAULT.hel_a, DEFAULT.hel_r0, DEFAULT.hel_p) == (25.0, 0.6, 2.0)
    assert (DEFAULT.acute_days, DEFAULT.chronic_days) == (7, 28)
    assert DEFAULT.kernel == (0.35, 1.0, 0.8, 0.4, 0.15, 0.05)
