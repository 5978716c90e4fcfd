"""Clock times, distances and the 5 km → sprint-speed estimate, on known values."""

from __future__ import annotations

import pytest

from risk import formats, vocab
from risk.model.speed import five_k_from_vmax, vmax_from_5k


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45", 2700),
        ("45.5", 2730),
        ("25:00", 1500),
        ("1:02:30", 3750),
        (" 19:59 ", 1199),
        ("0:45:00", 2700),
        ("3,5", 210),
    ],
)
def test_parse_clock(text: str, seconds: float) -> None:
    assert formats.parse_clock(text) == seconds


@pytest.mark.parametrize("text", ["", "forty", "1:75", "1:60:00", "-5", "12:3a"])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        formats.parse_clock(text)


def test_format_clock() -> None:
    assert formats.format_clock(3750) == "1:02:30"
    assert formats.format_clock(1199.6) == "20:00"


def test_format_distance() -> None:
    assert formats.format_distance(10, "km") == "10.0 km"
    assert formats.format_distance(vocab.KM_PER_MILE * 26.2, "mi") == "26.2 mi"


def test_vmax_from_5k() -> None:
    # 20:00 for 5 km is 4.1667 m/s; × 1.75 = 7.29 m/s (DESIGN.md).
    assert vmax_from_5k(1200) == pytest.approx(7.2917, abs=1e-4)
    with pytest.raises(ValueError):
        vmax_from_5k(0)


@pytest.mark.parametrize("seconds", [720, 1093.75, 1200, 1530, 5400])
def test_five_k_from_vmax_undoes_vmax_from_5k(seconds: float) -> None:
    assert five_k_from_vmax(vmax_from_5k(seconds)) == pytest.approx(seconds)
    with pytest.raises(ValueError):
        five_k_from_vmax(0)


@pytest.mark.parametrize(
    ("text", "units", "s_per_km"),
    [("3:50", "km", 230.0), ("6:00", "mi", 360 / 1.609344), ("3:50/km", "km", 230.0)],
)
def test_a_pace_is_read_per_the_runners_unit(
    text: str, units: vocab.Units, s_per_km: float
) -> None:
    assert formats.parse_pace(text, units) == pytest.approx(s_per_km)
    assert formats.format_pace(s_per_km, units) == f"{text.split('/')[0]}/{units}"


@pytest.mark.parametrize("text", ["fast", "", "0:00"])
def test_a_pace_that_is_not_a_time_is_refused_in_words(text: str) -> None:
    with pytest.raises(ValueError, match="pace"):
        formats.parse_pace(text, "km")


@pytest.mark.parametrize(
    ("km", "units", "shown"),
    [
        (14.4841, "mi", "9.0 mi"),
        (9.65606, "mi", "6.0 mi"),
        (8, "km", "8.0 km"),
        (6.05, "km", "6.05 km"),
    ],
)
def test_readable_distance_has_one_or_two_decimals(
    km: float, units: vocab.Units, shown: str
) -> None:
    assert formats.readable_distance(km, units) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [("short", "short"), ("x" * 300, "x" * 300), ("x" * 301, "x" * 299 + "…"), ("", "")],
    ids=["short", "at the cap", "one over", "empty"],
)
def test_capped_cuts_long_messages_with_an_ellipsis(text: str, shown: str) -> None:
    assert formats.capped(text) == shown
    assert len(formats.capped(text * 1000)) <= formats.MAX_MESSAGE
