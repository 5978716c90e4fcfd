"""Speed references of a runner."""

from __future__ import annotations

from risk.model.params import DEFAULT, Params


def vmax_from_5k(seconds: float, params: Params = DEFAULT) -> float:
    """Estimated max sprint speed in m/s from a 5 km time: v_max ≈ 1.75 · v_5k (DESIGN.md).

    A 20:00 5 km (4.17 m/s) gives ~7.3 m/s; the factor is ``Params.vmax_per_v5k``.
    """
    if seconds <= 0:
        raise ValueError("a 5 km time must be positive")
    return params.vmax_per_v5k * 5000.0 / seconds


def five_k_from_vmax(v_max_ms: float, params: Params = DEFAULT) -> float:
    """The 5 km time in seconds that :func:`vmax_from_5k` turns into ``v_max_ms``."""
    if v_max_ms <= 0:
        raise ValueError("a max sprint speed must be positive")
    return params.vmax_per_v5k * 5000.0 / v_max_ms
