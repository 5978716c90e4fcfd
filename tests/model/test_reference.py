"""The load formulas against published / independently computed reference vectors.

``reference-vectors.json`` is a copy of ../shared/fixtures/reference-vectors.json
(Runalyze's monotony tests, the acwr R package's examples, Epley).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from risk.model import acwr, epley_1rm, ewma, monotony, strain, week_over_week

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "reference-vectors.json").read_text(encoding="utf-8")
)


def parse_loads(text: str) -> list[float]:
    """'50 x 28 days, then 100 x 7 days' / '0 x 10 days, then 100 on day 11, then 0'."""
    loads: list[float] = []
    for part in text.split(", then "):
        if m := re.fullmatch(r"(\d+(?:\.\d+)?) x (\d+) days", part):
            loads += [float(m[1])] * int(m[2])
        elif m := re.fullmatch(r"(\d+(?:\.\d+)?) on day (\d+)", part):
            assert len(loads) == int(m[2]) - 1
            loads.append(float(m[1]))
        elif m := re.fullmatch(r"(\d+(?:\.\d+)?)", part):
            loads += [float(m[1])] * 7  # "then 0": a further week of it
        else:  # pragma: no cover - a new shape of vector needs a parser change
            raise AssertionError(f"unparsed load description {part!r}")
    return loads


def daily(values: list[float], start: str = "2026-01-05") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"))


def test_parser_reads_every_vector() -> None:
    assert parse_loads("50 x 28 days, then 100 x 7 days") == [50.0] * 28 + [100.0] * 7
    assert parse_loads("0 x 10 days, then 100 on day 11, then 0")[10] == 100.0


@pytest.mark.parametrize("case", VECTORS["monotony_population_sd"], ids=lambda c: str(c["loads"]))
def test_monotony_and_strain(case: dict[str, Any]) -> None:
    series = daily(case["loads"])
    assert monotony(series).iloc[-1] == pytest.approx(case["monotony"], abs=case["tol"] + 1e-12)
    if "strain" in case:
        assert strain(series).iloc[-1] == pytest.approx(case["strain"], abs=max(case["tol"], 0.01))


@pytest.mark.parametrize("case", VECTORS["rolling_acwr"], ids=lambda c: c["loads"])
def test_rolling_acwr(case: dict[str, Any]) -> None:
    series = daily(parse_loads(case["loads"]))
    coupled = acwr(series, "coupled")
    assert coupled.iloc[-1] == pytest.approx(case["coupled_7_28"], abs=case["tol"])
    assert coupled.max() <= 4.0 + 1e-12
    if "uncoupled_7_21" in case:
        assert acwr(series, "uncoupled").iloc[-1] == pytest.approx(
            case["uncoupled_7_21"], abs=case["tol"]
        )


@pytest.mark.parametrize("case", VECTORS["ewma_acute_n7"], ids=lambda c: c["loads"])
def test_ewma_acute(case: dict[str, Any]) -> None:
    acute = ewma(daily(parse_loads(case["loads"])), 7)
    assert acute.iloc[10] == pytest.approx(case["acute_day11"], abs=case["tol"])
    assert acute.iloc[11] == pytest.approx(case["acute_day12"], abs=case["tol"])


@pytest.mark.parametrize("case", VECTORS["week_over_week"], ids=lambda c: c["daily_loads"])
def test_week_over_week(case: dict[str, Any]) -> None:
    weeks = week_over_week(daily(parse_loads(case["daily_loads"])))  # starts on a Monday
    assert len(weeks) == 2
    last = weeks.iloc[-1]
    if isinstance(case["change_pct"], str):
        assert math.isnan(last["change_pct"])
        assert bool(last["new_load"])
    else:
        assert last["change_pct"] == pytest.approx(case["change_pct"], abs=case["tol"])
        assert not bool(last["new_load"])


@pytest.mark.parametrize("case", VECTORS["epley_e1rm"], ids=lambda c: f"{c['load_kg']}x{c['reps']}")
def test_epley(case: dict[str, Any]) -> None:
    assert epley_1rm(case["load_kg"], case["reps"]) == pytest.approx(case["e1rm"], abs=case["tol"])


def test_epley_refuses_long_sets_and_works_on_arrays() -> None:
    assert math.isnan(epley_1rm(100, 12))
    assert math.isnan(epley_1rm(100, 0))
    np.testing.assert_allclose(epley_1rm([60, 80], [3, 6]), [66.0, 96.0])
