"""Columns of the store's frames as plain numpy arrays, each read once per model call.

The model's inputs are pandas frames shaped like the store's queries, but its arithmetic
is on numpy arrays: a pandas operation costs tens of microseconds before it touches a
number, and a daily frame of one runner needs hundreds of them. Text columns come as
Arrow-backed strings (pandas 3), whose ``map``, ``isin`` and ``==`` are slower still;
here they become object arrays once and are looked up through :func:`pandas.factorize`.

A :class:`Table` wraps one input for the length of one call and keeps each column it
has converted, so the several formulas that read a runner's ``exercise`` or ``reps``
convert it once. It never outlives the call: a frame changed afterwards is read afresh.
Arrays it returns may be read-only views of the caller's frame: never write into them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd


class Table:
    """The columns of one input frame (or of several stacked), converted on first use."""

    def __init__(self, frame: pd.DataFrame | None = None) -> None:
        self._frames: list[pd.DataFrame] = [] if frame is None else [frame]
        self._arrays: dict[str, np.ndarray] = {}  # converted columns, rows kept
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

    def texts(self, name: str) -> np.ndarray:
        """Column ``name`` as an object array (None where missing or absent)."""
        return self._column(name, _texts, lambda k: np.full(k, None, dtype=object))

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


def _texts(column: pd.Series) -> np.ndarray:
    values = np.array(column.to_numpy(dtype=object), dtype=object)  # a copy: filled below
    values[pd.isna(values)] = None
    return values


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


def numbers(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Column ``name`` of ``frame`` as floats (see :meth:`Table.numbers`)."""
    return _numbers(frame[name]) if name in frame else np.full(len(frame), np.nan)


def texts(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Column ``name`` of ``frame`` as an object array (see :meth:`Table.texts`)."""
    return _texts(frame[name]) if name in frame else np.full(len(frame), None, dtype=object)


def days(frame: pd.DataFrame) -> np.ndarray:
    """The ``date`` column of ``frame`` as ``datetime64[D]`` (NaT where missing)."""
    return _days(frame["date"])


def member(values: np.ndarray, allowed: Collection[object]) -> np.ndarray:
    """Whether each of ``values`` is one of ``allowed`` (an object-array ``isin``)."""
    codes, uniques = pd.factorize(values)
    wanted = frozenset(allowed)
    hit = np.fromiter((u in wanted for u in uniques), dtype=bool, count=len(uniques))
    return np.append(hit, False)[codes]  # code -1 (a missing value) reads the last


def lookup(values: np.ndarray, by: Mapping[str, float], default: float = np.nan) -> np.ndarray:
    """``by[v]`` for each of ``values``, ``default`` where ``v`` is not a key."""
    codes, uniques = pd.factorize(values)
    found = np.fromiter((by.get(u, default) for u in uniques), dtype=float, count=len(uniques))
    return np.append(found, default)[codes]
