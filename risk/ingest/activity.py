"""What a reader makes of one activity, before it becomes a run in the store."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from risk import vocab


class Rejected(Exception):
    """A file (or one activity in it) that cannot be imported; the message says why."""


#: Longest reason kept from an unexpected error (a damaged file can carry megabytes).
_MAX_REASON = 160


def unreadable(name: str, exc: BaseException) -> Rejected:
    """The :class:`Rejected` for a file a reader choked on: one line that names the file
    and the kind of failure, so one damaged file never sinks the files beside it."""
    detail = " ".join(str(exc).split())[:_MAX_REASON]
    kind = type(exc).__name__
    return Rejected(
        f"{name}: damaged or unsupported, not imported ({kind}{': ' + detail if detail else ''})"
    )


@dataclass
class Samples:
    """Track points of one activity: seconds (any origin), cumulative metres, heart rate.

    ``paused`` marks the segment ending at each point as paused (timer stopped), so it
    counts neither for moving time nor for the speed profile.
    """

    t: np.ndarray
    d: np.ndarray
    hr: np.ndarray | None = None
    paused: np.ndarray | None = None


@dataclass
class Activity:
    """One activity as read from a file: totals trusted from the file's own summary."""

    source: str
    source_id: str
    sport: str
    distance_km: float
    start_utc: dt.datetime | None = None
    local_date: dt.date | None = None
    moving_min: float | None = None
    elapsed_min: float | None = None
    avg_speed_ms: float | None = None
    max_speed_ms: float | None = None
    avg_hr: float | None = None
    name: str | None = None
    samples: Samples | None = None
    type: str | None = None
    speed_profile: dict[str, float] | None = None
    fast_km: float | None = None
    file: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Where in its file, for messages ("line 4"); empty for one-activity files.
    where: str = ""
    #: Further run fields a log states outright (rpe, fast_km, strides).
    extra: dict[str, Any] = field(default_factory=dict)
    #: False when the file does not say its sport (a GPX without <type>): the sport is
    #: then read from the name or the speeds (:mod:`risk.ingest.judge`).
    sport_stated: bool = True
    #: True when the distance is the sum of the track's positions (GPX): GPS spikes are
    #: then taken out of it too; a watch's own total is trusted as it is.
    distance_from_track: bool = False
    #: Why the runner should confirm this activity before it is imported; empty if not.
    confirm: str = ""

    def fingerprint(self) -> str:
        """Hash of the imported totals: a re-import with other totals is a changed duplicate."""
        parts = [
            self.local_date.isoformat() if self.local_date else "",
            self.sport,
            f"{self.distance_km:.2f}",
            f"{self.moving_min or 0:.1f}",
        ]
        if self.source == "csv":  # a log's own type and fields are part of what it says
            parts += [self.type or "", *(f"{k}={v}" for k, v in sorted(self.extra.items()))]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def record(self) -> dict[str, Any]:
        """The run as :class:`risk.store.inputs.RunIn` takes it (cross-training keeps no
        speed profile or fast km: it carries no hamstring load)."""
        cross = self.type in vocab.CROSS_TRAINING_TYPES
        return {
            "date": self.local_date,
            "start_time": self.start_utc,
            "type": self.type or "easy",
            "distance_km": round(self.distance_km, 3),
            "duration_min": _round(self.moving_min, 2),
            "elapsed_min": _round(self.elapsed_min, 2),
            "avg_speed_ms": _round(self.avg_speed_ms, 3),
            "max_speed_ms": _round(self.max_speed_ms, 3),
            "avg_hr": _round(self.avg_hr, 1),
            "fast_km": None if cross else _round(self.fast_km, 3),
            "speed_profile": None if cross else self.speed_profile,
            "source": self.source,
            "source_id": self.source_id,
            "fingerprint": self.fingerprint(),
            "notes": self.name,
            **self.extra,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
