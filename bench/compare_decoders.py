"""FIT decoders on PyPI compared on every FIT fixture: time to decode, and whether the
activity Eccentric builds from their messages has the same totals as with fitdecode
(distance, moving and elapsed time, average and max speed, average HR, start, sport,
speed profile, fast km).

Run on demand, with the decoders that are not Eccentric's dependencies added for the run:
``uv run --with garmin-fit-sdk --with fitparse --with fit-tool --with chiptime --with fit
python bench/compare_decoders.py [--repeat 5]``. A decoder that is not installed is
listed as such. Decoders with an adapter (fitdecode, fitfast, garmin-fit-sdk, fitparse)
feed Eccentric's summary (``risk.ingest.fit``); the others are timed on a full decode.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import io
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from risk.ingest import fit
from risk.ingest.activity import Activity, Rejected
from risk.ingest.fit_decode import (
    DEVICE_RELATIVE,
    FitMessages,
    Records,
    decode_fast,
    decode_streaming,
    seconds,
)
from risk.ingest.profile import finish

ROOT = Path(__file__).resolve().parents[1]
DIRS = [ROOT / "tests" / "ingest" / "fixtures" / "fit", ROOT.parent / "shared" / "fixtures" / "fit"]
HINT = dt.datetime(2012, 2, 13, 10, 16, tzinfo=dt.UTC)
V_MAX = 7.0
#: PyPI facts as of this writing (latest release): what "maintained" means here.
STATUS = {
    "fitdecode": "0.11.0, 2025-08: maintained, pure Python (streaming)",
    "fitfast": "0.1.0, 2026-08: new, compiled (Rust rustyfit crate, PyO3)",
    "garmin-fit-sdk": "21.218.0, 2026-10: Garmin's official SDK, pure Python",
    "fitparse": "1.2.0, 2020-09: unmaintained (no release in 6 years), pure Python",
    "fit-tool": "0.9.16, 2026-08: maintained, pure Python (reader and writer)",
    "chiptime": "0.9.0, 2026-08: new, pure Python, recovery-minded",
    "fit": "0.5.1, 2026-03: pure Python reader/writer",
}


def _from_messages(pairs: Iterable[tuple[str, dict[str, Any]]]) -> FitMessages:
    """FitMessages from (message name, fields) pairs with fitdecode-like values."""
    out = FitMessages(decoder="adapter")
    rows = []
    for name, values in pairs:
        values = {k: v for k, v in values.items() if v is not None and isinstance(k, str)}
        if name == "record":
            ts = seconds(values.get("timestamp"))
            if ts is None:
                continue
            speed = values.get("enhanced_speed", values.get("speed"))
            lon = values.get("position_long")
            rows.append(
                (
                    ts,
                    float(values.get("distance", np.nan)),
                    float(values.get("heart_rate", np.nan)),
                    float(speed) if speed is not None else np.nan,
                    np.nan,
                    float(lon) * 180.0 / 2**31 if lon is not None else np.nan,
                )
            )
        elif name == "event":
            if values.get("event") == "timer" and str(values.get("event_type", "")).startswith(
                "stop"
            ):
                ts = seconds(values.get("timestamp"))
                if ts is not None:
                    out.stops.append(ts)
        elif name == "session":
            out.sessions.append(values)
        elif name == "file_id":
            out.file_id = values
        elif name == "activity":
            out.activity = values
        elif name == "sport":
            out.sport = values
    out.records = Records.from_rows(rows)
    return out


def _relative(value: Any) -> Any:
    """A datetime before 1998 (device-relative time read as a date) as its raw count."""
    if isinstance(value, dt.datetime):
        raw = value.timestamp() - 631_065_600
        if raw < DEVICE_RELATIVE:
            return round(raw)
    return value


def _sdk(data: bytes) -> FitMessages:
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise errors[0]
    pairs = []
    for key, found in messages.items():
        name = key.removesuffix("_mesgs")
        for m in found:
            pairs.append((name, {k: _relative(v) for k, v in m.items()}))
    order = {"file_id": 0, "record": 1, "event": 1, "session": 2, "activity": 3, "sport": 3}
    pairs.sort(key=lambda p: order.get(p[0], 4))
    return _from_messages(pairs)


def _fitparse(data: bytes) -> FitMessages:
    import fitparse

    f = fitparse.FitFile(data)
    return _from_messages(
        (m.name, {x.name: _relative(x.value) for x in m.fields}) for m in f.get_messages()
    )


def _full(package: str) -> Callable[[bytes], Any]:
    def run(data: bytes) -> Any:
        if package == "fit-tool":
            from fit_tool.fit_file import FitFile

            return FitFile.from_bytes(data)
        if package == "chiptime":
            import chiptime

            return chiptime.parse(data, mode="strict")
        from fit import FitFile as RembishFit

        with RembishFit.open(io.BytesIO(data)) as f:
            return sum(1 for _ in f)

    return run


DECODERS: dict[str, tuple[str, Callable[[bytes], Any], bool]] = {
    "fitdecode": ("fitdecode", lambda b: decode_streaming(b, "f.fit"), True),
    "fitfast": ("fitfast", decode_fast, True),
    "garmin-fit-sdk": ("garmin_fit_sdk", _sdk, True),
    "fitparse": ("fitparse", _fitparse, True),
    "fit-tool": ("fit_tool", _full("fit-tool"), False),
    "chiptime": ("chiptime", _full("chiptime"), False),
    "fit": ("fit", _full("fit"), False),
}


NOT_ACTIVITY = "not an activity file"


def totals(decoded: FitMessages | None, name: str) -> list[tuple[Any, ...]] | str:
    """The totals Eccentric keeps for each activity built from ``decoded``."""
    if decoded is None or decoded.file_id.get("type") not in (None, "activity"):
        return NOT_ACTIVITY
    original = fit.decode_fit
    fit.decode_fit = lambda data, n: decoded  # type: ignore[assignment]
    try:
        found: list[Activity] = fit.read_fit(io.BytesIO(b""), name, date_hint=HINT)
    finally:
        fit.decode_fit = original
    out = []
    for a in found:
        finish(a, V_MAX)
        out.append(
            (
                a.sport,
                a.start_utc,
                round(a.distance_km, 5),
                a.moving_min,
                a.elapsed_min,
                a.avg_speed_ms,
                a.max_speed_ms,
                a.avg_hr,
                a.speed_profile,
                a.fast_km,
                a.source_id,
            )
        )
    return out


def fixtures() -> list[Path]:
    seen: set[str] = set()
    out = []
    for folder in DIRS:
        for path in sorted(folder.glob("**/*.fit")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen and "invalid" not in path.parts:
                seen.add(digest)
                out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    files = fixtures()
    reference: dict[str, Any] = {}
    for path in files:
        try:
            reference[path.name] = totals(decode_streaming(path.read_bytes(), path.name), path.name)
        except Rejected as exc:
            reference[path.name] = NOT_ACTIVITY if NOT_ACTIVITY in str(exc) else str(exc)
    print(f"{len(files)} FIT fixtures ({', '.join(p.name for p in files)})\n")
    base = None
    for package, (module, decode, adapted) in DECODERS.items():
        try:
            importlib.import_module(module)
        except ImportError:
            print(f"{package:15s} not installed ({STATUS[package]})")
            continue
        seconds_total, failed, differ = 0.0, [], []
        for path in files:
            data = path.read_bytes()
            try:
                decoded = _decoded(decode, data)
                best = min(_timed(decode, data) for _ in range(args.repeat))
                seconds_total += best
            except Exception as exc:
                failed.append(f"{path.name} ({type(exc).__name__}: {str(exc)[:50]})")
                continue
            if adapted:
                try:
                    got: Any = totals(decoded, path.name)
                except Rejected as exc:
                    got = str(exc)
                if got != reference[path.name]:
                    differ.append(path.name)
        base = base or seconds_total
        same = "n/a (timed only)" if not adapted else ("identical" if not differ else "DIFFER")
        print(
            f"{package:15s} {seconds_total * 1000:8.1f} ms ({seconds_total / base:5.2f}× fitdecode)"
            f"  totals: {same}  [{STATUS[package]}]"
        )
        for item in failed:
            print(f"{'':17s}fails on {item}")
        for item in differ:
            print(f"{'':17s}other totals on {item}")


def _decoded(decode: Callable[[bytes], Any], data: bytes) -> Any:
    try:
        return decode(data)
    except Rejected as exc:  # fitdecode's path stops at a file_id that is not an activity
        if NOT_ACTIVITY in str(exc):
            return None
        raise


def _timed(decode: Callable[[bytes], Any], data: bytes) -> float:
    start = time.perf_counter()
    _decoded(decode, data)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
