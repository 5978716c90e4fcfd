"""The fast FIT decoder (fitfast) against the streaming one (fitdecode): the same activity
from every fixture, the reference totals of EXPECTED.json, and damage still detected."""

from __future__ import annotations

import contextlib
import datetime as dt
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fitdecode.utils import compute_crc
from hypothesis import given, settings
from hypothesis import strategies as st

from risk.ingest import fit, fit_crc, fit_decode
from risk.ingest.activity import Activity, Rejected
from risk.ingest.fit_decode import decode_fast, decode_fit, decode_streaming
from risk.ingest.profile import finish
from tests.ingest.helpers import EXPECTED, FIT, V_MAX
from tests.ingest.mutants import mutants

ACTIVITIES = sorted(
    k for k, v in EXPECTED.items() if isinstance(v, dict) and "error" not in v and "/" not in k
)
#: The one fixture without a date of its own (device-relative time): read with a hint.
HINTS = {"compressed-speed-distance.fit": dt.datetime(2012, 2, 13, 10, 16, tzinfo=dt.UTC)}
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def _read(data: bytes, name: str, decoder: str) -> list[Activity]:
    """The activities of one file (track points kept: not finished) with the given
    decoder forced."""
    decode = decode_fast if decoder == "fitfast" else (lambda b: decode_streaming(b, name))
    original = fit.decode_fit
    fit.decode_fit = lambda b, n: decode(b)  # type: ignore[assignment]
    try:
        found = fit.read_fit_bytes(data, name, date_hint=HINTS.get(Path(name).name))
    finally:
        fit.decode_fit = original
    return found


def _same(a: Activity, b: Activity) -> None:
    """Every field of two activities equal, the track points included, and again once
    finished (speed profile, fast km, type)."""
    left, right = vars(a).copy(), vars(b).copy()
    sa, sb = left.pop("samples"), right.pop("samples")
    assert left == right
    assert (sa is None) == (sb is None)
    if sa is not None:
        for col in ("t", "d", "hr", "paused"):
            np.testing.assert_array_equal(getattr(sa, col), getattr(sb, col))
    assert vars(finish(a, V_MAX)) == vars(finish(b, V_MAX))


@pytest.mark.parametrize("name", ACTIVITIES)
def test_fitfast_reads_every_fixture_itself(name: str) -> None:
    messages = decode_fit((FIT / name).read_bytes(), name)
    assert messages.decoder == "fitfast"  # no fixture falls back to the slow decoder
    assert not messages.warnings


@pytest.mark.parametrize("name", ACTIVITIES)
def test_both_decoders_give_the_same_activity(name: str) -> None:
    data = (FIT / name).read_bytes()
    fast, slow = _read(data, name, "fitfast"), _read(data, name, "fitdecode")
    assert len(fast) == len(slow) >= 1
    for a, b in zip(fast, slow, strict=True):
        _same(a, b)


@pytest.mark.parametrize("name", ACTIVITIES)
def test_the_fast_decoder_gives_the_reference_totals(name: str) -> None:
    want: dict[str, Any] = EXPECTED[name]
    data = (FIT / name).read_bytes()
    if "records" in want:
        assert len(decode_fast(data).records.t) == want["records"]
    (run,) = _read(data, name, "fitfast")
    finish(run, V_MAX)
    assert run.distance_km * 1000 == pytest.approx(want["distance_m"], rel=0.005)
    assert run.moving_min is not None and abs(run.moving_min * 60 - want["timer_s"]) <= 1
    assert run.sport == want["sport"] if "sport" in want else True
    if "start_utc" in want:
        assert run.start_utc == dt.datetime.fromisoformat(want["start_utc"])
    if "elapsed_s" in want:
        assert run.elapsed_min is not None and abs(run.elapsed_min * 60 - want["elapsed_s"]) <= 1
    if "max_speed_ms" in want:
        assert run.max_speed_ms == pytest.approx(want["max_speed_ms"], abs=0.001)
    if run.sport == "running":
        assert run.speed_profile is not None and run.fast_km is not None
        assert sum(run.speed_profile.values()) == pytest.approx(run.distance_km, abs=0.01)


def test_compressed_speed_and_distance_are_expanded_as_fitdecode_does() -> None:
    data = (FIT / "compressed-speed-distance.fit").read_bytes()
    fast, slow = decode_fast(data).records, decode_streaming(data, "c.fit").records
    assert np.isfinite(fast.distance).sum() > 700
    np.testing.assert_array_equal(fast.distance, slow.distance)
    np.testing.assert_array_equal(fast.speed, slow.speed)
    np.testing.assert_array_equal(fast.t, slow.t)


# --- damage is still detected -------------------------------------------------------

#: A fixture whose 14-byte header carries CRC 0, the case whose file CRC is re-based.
ZERO_HEADER_CRC = (FIT / "2013-02-06-12-11-14.fit").read_bytes()


def test_the_zero_header_crc_fixture_is_the_case_it_claims() -> None:
    assert ZERO_HEADER_CRC[0] == 14 and ZERO_HEADER_CRC[12:14] == b"\0\0"


@settings(max_examples=150, deadline=None)
@given(
    where=st.integers(min_value=0, max_value=len(ZERO_HEADER_CRC) - 1),
    flip=st.integers(min_value=1, max_value=255),
)
def test_any_changed_byte_is_refused_by_the_fast_decoder(where: int, flip: int) -> None:
    damaged = bytearray(ZERO_HEADER_CRC)
    damaged[where] ^= flip
    with pytest.raises(BaseException):  # noqa: B017 (fitfast's error, or a panic)
        decode_fast(bytes(damaged))


def test_a_checksum_mismatch_falls_back_and_imports_with_a_warning() -> None:
    data = bytearray(ZERO_HEADER_CRC)
    data[-1] ^= 0x01  # the file CRC itself: the data decodes, the checksum does not match
    messages = decode_fit(bytes(data), "x.fit")
    assert messages.decoder == "fitdecode"
    assert messages.warnings == [fit_decode.CRC_WARNING]


def test_a_twelve_byte_header_is_read_by_the_fast_decoder() -> None:
    data = (FIT / "activity-small-fenix2-run.fit").read_bytes()
    size = struct.unpack_from("<I", data, 4)[0]
    body = bytes([12]) + data[1:12] + data[14 : 14 + size]
    short = body + struct.pack("<H", compute_crc(body))
    assert decode_fit(short, "short.fit").decoder == "fitfast"
    (a,) = _read(short, "short.fit", "fitfast")
    (b,) = _read(data, "short.fit", "fitfast")
    _same(a, b)


@pytest.mark.parametrize("count", [0, 1, 2, 13, 17_909, 100_000_000])
def test_crc_after_zeros_is_the_crc_of_zero_bytes(count: int) -> None:
    state = compute_crc(ZERO_HEADER_CRC[:14])
    want = compute_crc(bytes(count), crc=state) if 0 < count <= 20_000 else None
    if count == 0:
        want = state
    got = fit_crc.after_zeros(state, count)
    if want is not None:
        assert got == want
    else:  # too long to run byte by byte: split it, the map composes
        half = fit_crc.after_zeros(state, count // 2)
        assert got == fit_crc.after_zeros(half, count - count // 2)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000), state=st.integers(min_value=0, max_value=0xFFFF))
def test_the_numpy_crc_is_fitdecodes_crc(data: bytes, state: int) -> None:
    want = compute_crc(data, crc=state) if data else state
    assert fit_crc.crc16(data, state) == want


@pytest.mark.parametrize("name", ACTIVITIES)
def test_every_fixture_is_intact(name: str) -> None:
    assert fit_decode.intact((FIT / name).read_bytes())


def test_a_damaged_file_never_reaches_the_fast_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = fit_decode.fitfast.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_decode.fitfast, "parse", counted)
    for name, data in mutants("fit", 40, seed=9):
        with contextlib.suppress(Exception):  # read_source makes any error a refusal
            decode_fit(data, name)
        assert not calls or fit_decode.intact(data)
        calls.clear()


def test_a_mutant_the_fast_decoder_accepts_reads_the_same_with_fitdecode() -> None:
    accepted = 0
    for name, data in mutants("fit", 120, seed=5):
        try:
            fast = decode_fast(data)
        except BaseException:
            continue
        accepted += 1
        slow = decode_streaming(data, name)  # never raises: fitfast found nothing wrong
        assert not slow.warnings
        assert fast.file_id.get("type") == slow.file_id.get("type")
        if fast.file_id.get("type") == "activity" and slow.sessions:
            for a, b in zip(
                _read(data, name, "fitfast"), _read(data, name, "fitdecode"), strict=True
            ):
                _same(a, b)
    assert accepted < 120  # most mutants are damaged, and refused


def test_a_panic_in_the_fast_decoder_falls_back_to_fitdecode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Panic(BaseException):  # how pyo3 raises a Rust panic
        pass

    def panic(*_: object, **__: object) -> None:
        raise Panic("index out of bounds")

    monkeypatch.setattr(fit_decode.fitfast, "parse", panic)
    data = (FIT / "activity-small-fenix2-run.fit").read_bytes()
    assert decode_fit(data, "p.fit").decoder == "fitdecode"
    with pytest.raises(Rejected, match="truncated"):
        decode_fit(data[:5000], "p.fit")


def test_a_large_file_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fit_decode, "FAST_MAX_BYTES", 1000)
    data = (FIT / "activity-small-fenix2-run.fit").read_bytes()
    assert decode_fit(data, "big.fit").decoder == "fitdecode"


def test_a_settings_file_is_refused_by_either_decoder() -> None:
    data = (FIT / "Settings.fit").read_bytes()
    with pytest.raises(Rejected, match=r"not an activity file \(file type: settings\)"):
        decode_fit(data, "Settings.fit")
    with pytest.raises(Rejected, match="file type: settings"):
        decode_streaming(data, "Settings.fit")
