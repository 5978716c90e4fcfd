"""Invariants checked on generated input (hypothesis)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from risk import formats, vocab
from risk.store import inputs
from risk.store.export import neutralise

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.floats(), max_size=3),
)

MODELS: list[type[BaseModel]] = [
    inputs.AthleteIn,
    inputs.RunIn,
    inputs.PlannedSessionIn,
    inputs.StrengthSessionIn,
    inputs.StrengthSetIn,
    inputs.CheckinIn,
    inputs.InjuryIn,
]


def _records(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    fields = list(model.model_fields)
    return st.dictionaries(st.sampled_from([*fields, "extra"]), ANY_VALUE, max_size=len(fields) + 1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_validation_either_accepts_or_explains(model: type[BaseModel], data: st.DataObject) -> None:
    """Whatever arrives, validation returns a clean model or InvalidEntry with messages;
    never another exception (that would be a traceback on a page)."""
    record = data.draw(_records(model))
    try:
        inputs.validate(model, record)
    except inputs.InvalidEntry as exc:
        assert exc.messages
        assert all(isinstance(m, str) and m and "\n" not in m for m in exc.messages)


@settings(max_examples=300, deadline=None)
@given(
    distance=st.floats(min_value=0.01, max_value=400),
    rpe=st.none() | st.integers(1, 10),
    back=st.integers(0, 20000),
)
def test_valid_runs_pass_unchanged(distance: float, rpe: int | None, back: int) -> None:
    day = inputs.today() - dt.timedelta(days=back)
    if day < inputs.EARLIEST_DATE:
        return
    run = inputs.validate(
        inputs.RunIn, {"date": day, "type": "easy", "distance_km": distance, "rpe": rpe}
    )
    assert (run.date, run.distance_km, run.rpe) == (day, distance, rpe)


@given(km=st.floats(min_value=0, max_value=1e6))
def test_miles_round_trip(km: float) -> None:
    assert vocab.to_km(vocab.km_to(km, "mi"), "mi") == pytest.approx(km, rel=1e-12, abs=1e-12)
    assert vocab.km_to(km, "km") == km


@given(seconds=st.integers(min_value=0, max_value=99 * 3600))
def test_clock_round_trip(seconds: int) -> None:
    assert formats.parse_clock(formats.format_clock(seconds)) == seconds


@given(text=st.text(max_size=20))
def test_parse_clock_never_crashes_differently(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert formats.parse_clock(text) >= 0


@given(cell=st.text(max_size=20))
def test_neutralised_cells_never_start_a_formula(cell: str) -> None:
    out = neutralise(cell)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out.endswith(cell)
