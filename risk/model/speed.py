"""Speed references of a runner."""

from __future__ import annotations

#: v_max ≈ 1.75 × v_5k: max sprint speed from 5 km race speed (DESIGN.md; our default,
#: tunable). A 20:00 5 km (4.17 m/s) gives ~7.3 m/s.
VMAX_PER_V5K = 1.75


def vmax_from_5k(seconds: float) -> float:
    """Estimated max sprint speed in m/s from a 5 km time in seconds (v_max ≈ 1.75 · v_5k)."""
    if seconds <= 0:
        raise ValueError("a 5 km time must be positive")
    return VMAX_PER_V5K * 5000.0 / seconds
