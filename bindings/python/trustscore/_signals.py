"""The arguments of EvidenceStore.add and EvidenceStore.retract (one per
signal: entity, factor, value, weight, time, credibility, or a DataFrame of
those columns) as the columns trustscore_store_add_signals and
trustscore_store_retract_signals read."""

from __future__ import annotations

from collections import namedtuple
from ctypes import byref

import numpy as np

from ._inputs import (
    I4,
    INT32_MAX,
    INT32_MIN,
    address,
    entity_column,
    float_column,
    index_column,
    is_dataframe,
    is_text,
    length,
    one_dimensional,
)
from ._time import to_unix

#: The columns of a signal call: n signals; keep, the objects whose memory the
#: addresses point into (hold them during the C call); the C arguments after
#: the store, in the order of trustscore_store_add_signals, or when by_id (the
#: entities are ids, as a table: trustscore._id_table) of
#: trustscore_store_add_ids.
SignalColumns = namedtuple("SignalColumns", ["n", "keep", "arguments", "by_id"])

_COLUMNS = ("entity", "factor", "value", "weight", "time", "credibility")


def factor_code(factor, factor_index: dict, factors) -> int:
    """The index of a factor id (str or bytes) among the store's factors."""
    if isinstance(factor, bytes):
        factor = factor.decode("utf-8")
    try:
        return factor_index[factor]
    except KeyError:
        raise ValueError(
            f"factor: unknown factor id {factor!r} (the store's factors: {', '.join(factors)})"
        ) from None


def factor_column(x, n: int, factor_index: dict, factors) -> np.ndarray:
    """The factor argument (ids, indices, or a scalar of either) as n int32."""
    if length(x) is None:
        if isinstance(x, (str, bytes)):
            return np.full(n, factor_code(x, factor_index, factors), dtype=I4)
        if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)):
            if not INT32_MIN <= x <= INT32_MAX:
                raise ValueError(f"factor {x} does not fit in int32")
            return np.full(n, x, dtype=I4)
        raise TypeError(f"factor must be factor ids (str) or indices (int), not {type(x).__name__}")
    a = one_dimensional(x, "factor")
    if len(a) != n:
        raise ValueError(f"factor has {len(a)} elements, expected {n} (one per signal)")
    if a.dtype.kind in "iu":
        return index_column(a, "factor", I4, INT32_MIN, INT32_MAX)
    if is_text(a):
        unique, inverse = np.unique(a, return_inverse=True)
        codes = np.array([factor_code(u, factor_index, factors) for u in unique.tolist()], dtype=I4)
        return np.ascontiguousarray(codes[inverse.reshape(-1)], dtype=I4)
    if a.size == 0:
        return np.zeros(0, dtype=I4)
    raise TypeError(f"factor must be factor ids (str) or indices (int), got dtype {a.dtype}")


def frame_columns(df) -> dict:
    """The signal columns of a DataFrame given to add(df) or retract(df)."""
    unknown = [c for c in df.columns if c not in _COLUMNS]
    if unknown:
        raise ValueError(
            f"DataFrame has unknown columns {unknown}; expected entity, factor, value"
            "[, weight, time, credibility]"
        )
    missing = [c for c in ("entity", "factor", "value") if c not in df.columns]
    if missing:
        raise ValueError(f"DataFrame lacks the columns {missing}")
    return {c: df[c] for c in df.columns}


def signal_columns(
    verb, factor_index, factors, entity, factor, value, weight, time, credibility, default_time
) -> SignalColumns:
    """Checks and converts the arguments of add or retract (verb, for
    messages) into SignalColumns; a DataFrame as `entity` gives the columns."""
    if is_dataframe(entity):
        if any(v is not None for v in (factor, value, weight, time, credibility)):
            raise TypeError(
                f"{verb}(df) takes the columns from the DataFrame; pass no other columns"
            )
        columns = frame_columns(entity)
        return signal_columns(
            verb,
            factor_index,
            factors,
            columns["entity"],
            columns["factor"],
            columns["value"],
            columns.get("weight"),
            columns.get("time"),
            columns.get("credibility"),
            default_time,
        )
    if factor is None or value is None:
        raise TypeError(f"{verb}() needs entity, factor and value")

    lengths = [
        (name, length(x))
        for name, x in zip(_COLUMNS, (entity, factor, value, weight, time, credibility))
    ]
    given = [(name, m) for name, m in lengths if m is not None]
    n = given[0][1] if given else 1
    for name, m in given:
        if m != n:
            raise ValueError(f"{name} has {m} elements but {given[0][0]} has {n} (one per signal)")

    keep, table, index_address = entity_column(entity, n)
    factor_a = factor_column(factor, n, factor_index, factors)
    value_a = float_column(value, "value", n)
    weight_a = None if weight is None else float_column(weight, "weight", n)
    time_a = None if time is None else float_column(time, "time", n, time=True)
    cred_a = None if credibility is None else float_column(credibility, "credibility", n)
    keep += [factor_a, value_a, weight_a, time_a, cred_a]
    default = to_unix(default_time, "default_time")
    optional = [None if a is None else address(a) for a in (weight_a, time_a, cred_a)]
    entities = (byref(table),) if table is not None else (None, index_address or None)
    arguments = (n, *entities, address(factor_a), address(value_a), *optional, default)
    keep.append(table)
    return SignalColumns(n, keep, arguments, table is not None)
