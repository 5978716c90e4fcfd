"""Predicted soreness: the runner's usual level plus a gain times the lagged excess, with
the lag's peak chosen per runner by forward-chaining cross-validation.

The synthetic runner below runs easy most days and hard on irregular days; their
check-ins are made from the model's own excess with a known lag peak, usual level and
gain, plus noise, rounded to whole numbers like a real check-in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from risk.model import DEFAULT, Params, SorenessFit, daily_frame
from risk.model.soreness import (
    fit_gain,
    forward_chaining_sse,
    lag_kernels,
    lagged,
    predicted,
)
from tests.model.helpers import PROFILE, day

DAYS = 180
USUAL = 2.0  # the synthetic runner's soreness on quiet days
GAIN = 2.5
LAST = day(DAYS - 1)


def training(seed: int = 3) -> pd.DataFrame:
    """Easy 8 km most days; on about one day in six, intervals of 14 km with 3–8 fast km."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(DAYS):
        if rng.random() < 1 / 6:
            rows.append(
                {
                    "date": day(d),
                    "type": "intervals",
                    "distance_km": 14.0,
                    "fast_km": float(rng.uniform(3.0, 8.0)),
                }
            )
        elif rng.random() < 0.8:
            rows.append({"date": day(d), "type": "easy", "distance_km": 8.0})
    return pd.DataFrame.from_records(rows)


def excess_of(runs: pd.DataFrame) -> pd.Series:
    frame, _ = daily_frame(runs, None, None, PROFILE, end=LAST)
    return frame["excess"]


def checkins_peaking(
    peak_days: int, runs: pd.DataFrame, seed: int = 4, every: int = 1, share: float = 0.9
) -> pd.DataFrame:
    """Check-ins on about ``share`` of every ``every``-th day: usual level + gain × the
    excess lagged by the family's kernel peaking ``peak_days`` after, noise SD 0.6."""
    rng = np.random.default_rng(seed)
    x = lagged(excess_of(runs), kernel=lag_kernels()[peak_days])
    sore = USUAL + GAIN * x.to_numpy() + rng.normal(0, 0.6, len(x))
    keep = (np.arange(len(x)) % every == 0) & (rng.random(len(x)) < share)
    values = np.clip(np.round(sore), 0, 10)[keep]
    return pd.DataFrame(
        {"date": x.index[keep].date, "soreness_left": values, "soreness_right": 0.0}
    )


def fit_of(
    runs: pd.DataFrame, checkins: pd.DataFrame, params: Params = DEFAULT
) -> tuple[pd.DataFrame, SorenessFit]:
    return daily_frame(runs, None, checkins, PROFILE, params, end=LAST)


def test_the_lag_family_is_the_default_kernel_shifted_to_each_peak() -> None:
    g = DEFAULT.kernel
    assert lag_kernels() == {
        1: g,
        0: g[1:],
        2: (0.0, *g),
        3: (0.0, 0.0, *g),
    }


@pytest.mark.parametrize("peak_days", [1, 2, 3], ids=["24h", "48h", "72h"])
def test_the_fit_finds_when_the_runners_soreness_peaks_within_a_day(peak_days: int) -> None:
    runs = training()
    _, fit = fit_of(runs, checkins_peaking(peak_days, runs))
    assert fit.lag == "fitted"
    assert abs(fit.peak_days - peak_days) <= 1
    assert fit.kernel == lag_kernels()[fit.peak_days]


def test_the_chosen_lag_predicts_later_check_ins_better_than_the_fixed_lag_fits_them() -> None:
    runs = training()
    checkins = checkins_peaking(3, runs)
    frame, fit = fit_of(runs, checkins)
    fixed = fit_gain(lagged(frame["excess"]), frame["soreness_reported"])
    assert fit.r2_out_of_sample is not None and fixed.r2 is not None
    assert fit.r2_out_of_sample > fixed.r2 + 0.2


def test_the_usual_level_is_added_so_quiet_days_predict_it() -> None:
    runs = training()
    frame, fit = fit_of(runs, checkins_peaking(2, runs))
    assert fit.fitted and fit.baseline is not None
    assert fit.baseline == pytest.approx(USUAL, abs=0.3)
    quiet = lagged(frame["excess"], kernel=fit.kernel) == 0
    assert quiet.sum() > 10
    np.testing.assert_allclose(frame.loc[quiet, "soreness_predicted"], fit.baseline)


def test_without_a_fit_the_prediction_is_the_default_gain_with_no_usual_level() -> None:
    runs = training()
    checkins = checkins_peaking(1, runs).head(DEFAULT.fit_min_checkins - 1)
    frame, fit = fit_of(runs, checkins)
    assert not fit.fitted and fit.level == 0.0
    expected = predicted(lagged(frame["excess"]), DEFAULT.soreness_gain)
    np.testing.assert_allclose(frame["soreness_predicted"], expected)


def test_too_few_check_ins_keep_the_default_lag_with_a_note() -> None:
    runs = training()
    checkins = checkins_peaking(3, runs).head(DEFAULT.lag_fit_min_checkins - 1)
    _, fit = fit_of(runs, checkins)
    assert fit.fitted  # the usual level and the gain are fitted from 10 check-ins
    assert fit.lag == "default"
    assert fit.kernel == DEFAULT.kernel and fit.peak_days == 1
    assert fit.r2_out_of_sample is None
    assert "27 of 28 check-ins needed to find when your soreness peaks" in fit.note


def test_a_kernel_the_runner_set_is_kept_and_only_level_and_gain_are_fitted() -> None:
    runs = training()
    own = Params().with_overrides({"kernel": [0.2, 0.6, 1.0, 0.5]})
    _, fit = fit_of(runs, checkins_peaking(2, runs), own)
    assert fit.fitted and fit.lag == "own"
    assert fit.kernel == own.kernel and fit.peak_days == 2
    assert fit.r2_out_of_sample is not None
    assert "your own lag kernel" in fit.note


def test_check_ins_after_the_fit_date_leave_the_fit_unchanged() -> None:
    runs = training()
    checkins = checkins_peaking(2, runs)
    until = day(120)
    kept = checkins[pd.to_datetime(checkins["date"]) <= pd.Timestamp(until)]
    full, fit_full = daily_frame(runs, None, checkins, PROFILE, end=LAST, fit_until=until)
    cut, fit_cut = daily_frame(runs, None, kept, PROFILE, end=LAST, fit_until=until)
    assert fit_full.lag == "fitted"
    assert fit_full == fit_cut
    np.testing.assert_allclose(full["soreness_predicted"], cut["soreness_predicted"])


def test_forward_chaining_predicts_an_exact_relation_without_error() -> None:
    x = np.random.default_rng(1).exponential(0.5, 60)
    sse, sst = forward_chaining_sse(x, 1.0 + 2.0 * x, folds=5)
    assert sse == pytest.approx(0.0, abs=1e-9)
    assert sst > 0


def test_forward_chaining_scores_the_last_block_only_from_the_check_ins_before_it() -> None:
    rng = np.random.default_rng(2)
    x = rng.exponential(0.5, 60)
    y = 1.0 + 2.0 * x + rng.normal(0, 0.3, 60)
    changed = y.copy()
    changed[54:] += 3.0  # the last of 5 test blocks: check-ins 54–59 (the first 30 train)
    k, b = np.polyfit(x[:54], y[:54], 1)  # what the last block is predicted from
    pred = np.clip(b + k * x[54:], 0, 10)
    moved = float(((changed[54:] - pred) ** 2).sum() - ((y[54:] - pred) ** 2).sum())
    before, after = forward_chaining_sse(x, y, 5)[0], forward_chaining_sse(x, changed, 5)[0]
    assert after - before == pytest.approx(moved)
