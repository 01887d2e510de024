"""Times as unix seconds: the package's one conversion from datetimes to the
float64 seconds since 1970-01-01 UTC that the C library takes.

What is a time: unix seconds (int or float, taken as they are); a
``datetime.datetime`` (naive ones are UTC, aware ones are converted); a
pandas ``Timestamp`` (nanoseconds kept); a numpy ``datetime64`` of any unit;
and, as columns, numpy datetime64 arrays and pandas datetime Series or Index
(time-zone aware ones converted to UTC). None, NaT and NaN are "no time":
NaN. Text is no time here (trustscore.dask reads ISO-8601 text in CSV
files, then converts the datetimes here).

The rule, for every kind of datetime, scalar or column: the time is counted
in whole ticks of its unit since the epoch (nanoseconds for a Timestamp,
microseconds for a datetime, the dtype's unit for a datetime64), split into
whole seconds (floor) and the ticks left over, and the result is
``float(whole) + float(left_over) / ticks_per_second`` in IEEE double
arithmetic. The whole seconds are exact (up to 2**53 s); the two roundings
give the double nearest to the exact time (ties to even) for every time at
least 2**20 s (about 12 days) away from 1970-01-01, which the tests check
against exact integer division, and a result within one unit in the last
place nearer to 1970. Scalars and columns give the same double for the same
time (below 2**53 s), so an ``as_of`` equals the signal time it was taken from.
"""

from __future__ import annotations

import datetime as _dt
import sys

import numpy as np

_NAN = float("nan")
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_F8 = np.dtype(np.float64)

# Units finer than a second: ticks per second. Units of a second or more:
# seconds per tick. Years and months have no fixed length: numpy converts
# them to seconds first.
_TICKS_PER_SECOND = {
    "ms": 10**3,
    "us": 10**6,
    "ns": 10**9,
    "ps": 10**12,
    "fs": 10**15,
    "as": 10**18,
}
_SECONDS_PER_TICK = {"s": 1, "m": 60, "h": 3600, "D": 86400, "W": 604800}


def _ticks_to_seconds(ticks: int, per_second: int) -> float:
    """The rule (see the module docstring) on one Python int."""
    whole, left_over = divmod(ticks, per_second)
    return float(whole) + float(left_over) / float(per_second)


def to_unix(x, name: str) -> float:
    """One time as unix seconds (see the module docstring); TypeError naming
    `name` for anything that is no time."""
    if x is None:
        return _NAN
    if isinstance(x, _dt.datetime):
        if x != x:  # pandas.NaT: a datetime that equals nothing
            return _NAN
        to_datetime64 = getattr(x, "to_datetime64", None)  # pandas.Timestamp
        if to_datetime64 is not None:
            return to_unix(to_datetime64(), name)  # its UTC nanoseconds
        if x.tzinfo is None:
            x = x.replace(tzinfo=_dt.timezone.utc)
        delta = x - _EPOCH
        micros = (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds
        return _ticks_to_seconds(micros, 10**6)
    if isinstance(x, np.datetime64):
        if np.isnat(x):
            return _NAN
        unit, count = np.datetime_data(x.dtype)
        if unit in ("Y", "M"):
            x, unit, count = x.astype("datetime64[s]"), "s", 1
        ticks = int(x.astype(np.int64)) * count
        if unit in _SECONDS_PER_TICK:
            return float(ticks * _SECONDS_PER_TICK[unit])
        return _ticks_to_seconds(ticks, _TICKS_PER_SECOND[unit])
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be unix seconds, a datetime or None, not {type(x).__name__}")
    return float(x)


def datetime64_to_unix(a: np.ndarray) -> np.ndarray:
    """A numpy datetime64 array (any unit) as a new float64 array of unix
    seconds, NaN where NaT (see the module docstring for the rounding)."""
    a = np.asarray(a)
    unit, count = np.datetime_data(a.dtype)
    if unit in ("Y", "M", "generic"):
        a, unit, count = a.astype("datetime64[s]"), "s", 1
    elif count != 1:
        a, count = a.astype(f"datetime64[{unit}]"), 1
    nat = np.isnat(a)
    ticks = a.view(np.int64)
    if unit in _SECONDS_PER_TICK:
        # Float multiplication: exact below 2**53 s, and no int64 overflow for
        # the far dates that days and weeks can hold.
        seconds = ticks.astype(_F8) * float(_SECONDS_PER_TICK[unit])
    else:
        per_second = _TICKS_PER_SECOND[unit]
        whole, left_over = np.divmod(ticks, per_second)
        seconds = whole.astype(_F8) + left_over.astype(_F8) / float(per_second)
    seconds[nat] = _NAN
    return seconds


def datetimes_to_unix(x):
    """x's times as a float64 array of unix seconds if x is a column of
    datetimes (a numpy datetime64 array, a pandas datetime Series or Index,
    naive or time-zone aware), else None (for the caller to read numbers)."""
    if isinstance(x, np.ndarray):
        return datetime64_to_unix(x) if x.dtype.kind == "M" else None
    pd = sys.modules.get("pandas")  # a pandas object means pandas is imported
    if pd is None or not isinstance(x, (pd.Series, pd.Index)):
        return None
    if not pd.api.types.is_datetime64_any_dtype(x.dtype):
        return None
    if isinstance(x, pd.Series):
        if x.dt.tz is not None:
            x = x.dt.tz_convert("UTC").dt.tz_localize(None)
    elif x.tz is not None:
        x = x.tz_convert("UTC").tz_localize(None)
    return datetime64_to_unix(x.to_numpy())
