"""Parsing and formatting of what runners type and read: clock times, paces, distances."""

from __future__ import annotations

import math
import re

from risk import vocab

_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:\.\d+)?)\s*$")


#: The longest message (a refusal's reason, an error) shown or printed; longer ones are cut.
MAX_MESSAGE = 300


def capped(text: object, limit: int = MAX_MESSAGE) -> str:
    """``text`` as at most ``limit`` characters, ending in "…" when cut (a junk file's
    reason can echo a whole 300 KB header).

    >>> capped("x" * 5, 4)
    'xxx…'
    """
    shown = str(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


#: The 5 km times a runner may give (the app's and the CLI's one rule).
FIVE_K_RANGE_S = (12 * 60.0, 90 * 60.0)


def parse_five_k(text: str) -> float:
    """Seconds of a 5 km time typed as ``mm:ss`` (or ``h:mm:ss``), within 12:00–90:00.

    Raises ValueError with a message a runner understands.
    """
    seconds = parse_clock(text)
    lo, hi = FIVE_K_RANGE_S
    if not lo <= seconds <= hi:
        raise ValueError(f"must be between 12:00 and 90:00 (got {format_clock(seconds)})")
    return seconds


def parse_clock(text: str) -> float:
    """Seconds in ``h:mm:ss``, ``mm:ss`` or plain minutes ("45", "45.5").

    Raises ValueError with a message a runner understands.
    """
    raw = text.strip()
    if not raw:
        raise ValueError("a time is required")
    try:
        minutes = float(raw.replace(",", "."))
    except ValueError:
        pass
    else:
        if not math.isfinite(minutes) or minutes < 0:
            raise ValueError(f"{raw!r} is not a time")
        return minutes * 60.0
    m = _CLOCK.match(raw)
    if not m:
        raise ValueError(f"{raw!r} is not a time: use h:mm:ss, mm:ss or minutes")
    hours, mins, secs = int(m.group(1) or 0), int(m.group(2)), float(m.group(3))
    if secs >= 60 or (m.group(1) is not None and mins >= 60):
        raise ValueError(f"{raw!r} is not a time: minutes and seconds run to 59")
    return hours * 3600 + mins * 60 + secs


def format_clock(seconds: float) -> str:
    """``h:mm:ss`` (or ``mm:ss`` under an hour)."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_distance(km: float, units: vocab.Units, digits: int = 1) -> str:
    """A distance in the runner's unit, e.g. ``"6.2 mi"``."""
    return f"{vocab.km_to(km, units):.{digits}f} {units}"


def readable_distance(km: float, units: vocab.Units) -> str:
    """A distance in the runner's unit for a message: one decimal, or two when one would
    round it (``"9.0 mi"``, ``"6.05 km"``)."""
    shown = vocab.km_to(km, units)
    digits = 1 if abs(shown - round(shown, 1)) < 0.005 else 2
    return f"{shown:.{digits}f} {units}"


def pace_per_unit(s_per_km: float, units: vocab.Units) -> float:
    """Seconds per km as seconds per the runner's unit (per mile is 1.609344 × longer)."""
    return s_per_km * vocab.KM_PER_MILE if units == "mi" else s_per_km


def format_pace(s_per_km: float, units: vocab.Units) -> str:
    """A pace in the runner's unit, e.g. ``"3:50/km"`` or ``"6:10/mi"``."""
    return f"{format_clock(pace_per_unit(s_per_km, units))}/{units}"


def parse_pace(text: str, units: vocab.Units) -> float:
    """Seconds per km from a pace typed per the runner's unit: ``mm:ss`` (or minutes).

    Raises ValueError with a message a runner understands.
    """
    raw = text.strip()
    for suffix in ("/km", "/mi", "min/km", "min/mi"):
        if raw.lower().endswith(suffix):
            raw = raw[: -len(suffix)].strip()
    if not raw:
        raise ValueError("a pace is required")
    try:
        seconds = parse_clock(raw)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a pace: use mm:ss per {units}") from None
    if seconds <= 0:
        raise ValueError(f"{text.strip()!r} is not a pace: use mm:ss per {units}")
    return seconds / vocab.KM_PER_MILE if units == "mi" else seconds
