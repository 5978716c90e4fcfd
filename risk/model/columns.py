"""Columns of the store's frames as plain numpy arrays, each read once per model call.

The model's inputs are pandas frames shaped like the store's queries, but its arithmetic
is on numpy arrays: a pandas operation costs tens of microseconds before it touches a
number, and a daily frame of one runner needs hundreds of them. Text columns come as
Arrow-backed strings (pandas 3), whose ``map``, ``isin`` and ``==`` are slower still;
here they are factorized once (:class:`Labels`) and each test runs per distinct value.

A :class:`Table` wraps one input for the length of one call and keeps each column it
has converted, so the several formulas that read a runner's ``exercise`` or ``reps``
convert it once. It never outlives the call: a frame changed afterwards is read afresh.
Arrays it returns may be read-only views of the caller's frame: never write into them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Labels:
    """A text column as codes into its distinct values (−1 where missing): each test on
    it (a membership, a lookup) runs once per distinct value, not once per row."""

    codes: np.ndarray
    names: tuple[object, ...]

    @classmethod
    def constant(cls, n: int, value: object) -> Labels:
        """``n`` rows of ``value`` (None: all missing)."""
        if value is None:
            return cls(np.full(n, -1, dtype=np.int64), ())
        return cls(np.zeros(n, dtype=np.int64), (value,))

    def isin(self, allowed: Collection[object]) -> np.ndarray:
        """Whether each row is one of ``allowed`` (a missing value is not)."""
        hit = [name in allowed for name in self.names]
        return np.array([*hit, False], dtype=bool)[self.codes]  # code −1 reads the last

    def equals(self, value: object) -> np.ndarray:
        """Whether each row is ``value``."""
        return self.isin((value,))

    def lookup(self, by: Mapping[str, float], default: float = np.nan) -> np.ndarray:
        """``by[row]`` for each row, ``default`` where it is missing or not a key."""
        found = [by.get(name, default) if isinstance(name, str) else default for name in self.names]
        return np.array([*found, default], dtype=float)[self.codes]


class Table:
    """The columns of one input frame (or of several stacked), converted on first use."""

    def __init__(self, frame: pd.DataFrame | None = None) -> None:
        self._frames: list[pd.DataFrame] = [] if frame is None else [frame]
        self._arrays: dict[str, np.ndarray] = {}  # converted columns, rows kept
        self._labels: dict[str, Labels] = {}
        self._rows: np.ndarray | None = None  # the rows kept by take(), None for all
        self.n = len(frame) if frame is not None else 0

    @classmethod
    def stacked(cls, *frames: pd.DataFrame) -> Table:
        """The rows of ``frames`` one after the other (no copy until a column is read)."""
        out = cls()
        out._frames = [f for f in frames if len(f)]
        out.n = sum(len(f) for f in out._frames)
        return out

    def take(self, rows: np.ndarray) -> Table:
        """The rows where the boolean mask ``rows`` is True."""
        out = Table.stacked(*self._frames)
        out._arrays = {k: v[rows] for k, v in self._arrays.items()}
        out._labels = {k: Labels(v.codes[rows], v.names) for k, v in self._labels.items()}
        out._rows = rows if self._rows is None else _compose(self._rows, rows)
        out.n = int(rows.sum())
        return out

    def __len__(self) -> int:
        return self.n

    def has(self, name: str) -> bool:
        """Whether any of the frames has a column ``name``."""
        return any(name in f for f in self._frames)

    def _column(
        self,
        name: str,
        convert: Callable[[pd.Series], np.ndarray],
        missing: Callable[[int], np.ndarray],
    ) -> np.ndarray:
        if name in self._arrays:
            return self._arrays[name]
        parts = [convert(f[name]) if name in f else missing(len(f)) for f in self._frames]
        values = parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else missing(0)
        if self._rows is not None:
            values = values[self._rows]
        self._arrays[name] = values
        return values

    def numbers(self, name: str) -> np.ndarray:
        """Column ``name`` as floats: NaN where missing or not a number, all NaN if absent."""
        return self._column(name, _numbers, lambda k: np.full(k, np.nan))

    def labels(self, name: str) -> Labels:
        """Column ``name`` as :class:`Labels` (missing values and an absent column: none)."""
        if name in self._labels:
            return self._labels[name]
        names: dict[object, int] = {}
        parts = []
        for frame in self._frames:
            if name not in frame:
                parts.append(np.full(len(frame), -1, dtype=np.int64))
                continue
            codes, uniques = pd.factorize(frame[name])  # C hashing, Arrow strings included
            to_all = [names.setdefault(u, len(names)) for u in uniques]
            parts.append(np.array([*to_all, -1], dtype=np.int64)[codes])
        codes = np.concatenate(parts) if parts else np.empty(0, np.int64)
        if self._rows is not None:
            codes = codes[self._rows]
        self._labels[name] = Labels(codes, tuple(names))
        return self._labels[name]

    def amounts(self, name: str) -> np.ndarray:
        """Column ``name`` as floats with missing (or absent) values as 0: counts, loads."""
        return zeroed(self.numbers(name))

    def flags(self, name: str) -> np.ndarray:
        """Column ``name`` as booleans, missing (or absent) as False."""
        return self._column(name, _flags, lambda k: np.zeros(k, bool))

    def objects(self, name: str) -> np.ndarray:
        """Column ``name`` as an object array, values as they are (None if absent)."""
        return self._column(
            name, lambda c: c.to_numpy(dtype=object), lambda k: np.full(k, None, dtype=object)
        )

    def days(self) -> np.ndarray:
        """The ``date`` column as ``datetime64[D]`` (NaT where missing)."""
        return self._column("date", _days, lambda k: np.full(k, np.datetime64("NaT", "D")))


def _compose(first: np.ndarray, then: np.ndarray) -> np.ndarray:
    """The mask of rows kept by ``first`` and then, among those, by ``then``."""
    out = first.copy()
    out[np.flatnonzero(first)[~then]] = False
    return out


def table(frame: pd.DataFrame | Table) -> Table:
    """``frame`` as a :class:`Table` (itself if it is one)."""
    return frame if isinstance(frame, Table) else Table(frame)


def _numbers(column: pd.Series) -> np.ndarray:
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "fiub":
        return column.to_numpy(dtype=float)
    return np.asarray(pd.to_numeric(column, errors="coerce"), dtype=float)


def _flags(column: pd.Series) -> np.ndarray:
    if column.dtype == bool:
        return column.to_numpy(bool)
    return np.array([bool(v) if not pd.isna(v) else False for v in column], dtype=bool)


def _days(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.DatetimeTZDtype):  # the day where it happened
        column = column.dt.tz_localize(None)
    if isinstance(column.dtype, np.dtype) and column.dtype.kind == "M":
        return column.to_numpy().astype("datetime64[D]")
    if column.dtype == object:  # datetime.date objects (the store's planned sessions)
        values = column.to_numpy()
        if all(type(v) is dt.date or v is None for v in values):
            return np.array(values, dtype="datetime64[D]")
    return pd.to_datetime(column).to_numpy().astype("datetime64[D]")


def days(frame: pd.DataFrame) -> np.ndarray:
    """The ``date`` column of ``frame`` as ``datetime64[D]`` (NaT where missing)."""
    return _days(frame["date"])


def zeroed(values: np.ndarray, nan: float = 0.0) -> np.ndarray:
    """``np.nan_to_num(values, nan=nan)``: NaN → ``nan``, ±inf → the largest finite float;
    quicker on the usual array that holds no infinity (a pass less than numpy's)."""
    out = np.where(np.isnan(values), nan, values)
    return np.nan_to_num(out, nan=nan) if np.isinf(out).any() else out
