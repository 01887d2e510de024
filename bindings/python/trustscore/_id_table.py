"""Ids for the C ABI as one table (trustscore_id_table,
include/trustscore/id_table.h): every id's UTF-8 bytes back to back, their
offsets, and codes when the ids come as codes into distinct ids (a pandas
categorical, or one id for every item).

Made with numpy vector operations, never a Python loop over the ids: a numpy
str array of ASCII ids becomes bytes by a view and a cast; a list, tuple or
object array by one ``"\\0".join`` and one encode, its offsets from where the
NULs fell; a categorical sends its codes and encodes only its categories.
The library checks the table (an empty id, invalid UTF-8); the checks here
are those only Python can make (an item that is not a str, a NUL in an id).
"""

from __future__ import annotations

import sys

import numpy as np

from ._constants import TRUSTSCORE_ID_TABLE_VERSION
from ._structs import IdTable

U1 = np.dtype(np.uint8)
I8 = np.dtype(np.int64)
_EMPTY_BYTES = np.zeros(0, dtype=U1)


def _address(array: np.ndarray):
    """Address of array's first element, or None for an empty array."""
    return array.ctypes.data if array.size else None


def _table(data: np.ndarray, offsets: np.ndarray, codes=None):
    """(IdTable struct, keep): keep holds the arrays the struct points into."""
    table = IdTable(
        TRUSTSCORE_ID_TABLE_VERSION,
        0,
        _address(data),
        data.size,
        _address(offsets),
        offsets.size - 1,
        None if codes is None else _address(codes),
    )
    return table, [data, offsets, codes]


def _not_an_id(items, name: str):
    """The TypeError for the first item that is neither str nor bytes (or
    None when every item is one)."""
    for i, v in enumerate(items):
        if not isinstance(v, (str, bytes)):
            return TypeError(f"{name}[{i}] is {type(v).__name__}; ids must all be str")
    return None


def _nul_error(items, name: str) -> ValueError:
    bad = next(i for i, v in enumerate(items) if ("\0" if isinstance(v, str) else b"\0") in v)
    return ValueError(f"{name}[{bad}] contains a NUL character")


def _from_joined(buffer: bytes, n: int, items, name: str):
    """The table of n ids joined by NUL bytes: the ids' bytes without the
    separators, and offsets where the separators fell. More NULs than
    separators is a NUL inside an id: a ValueError naming it."""
    joined = np.frombuffer(buffer, dtype=U1)
    offsets = np.empty(n + 1, dtype=I8)
    offsets[0] = 0
    offsets[n] = joined.size - (n - 1)
    if n == 1:
        if b"\0" in buffer:
            raise _nul_error(items, name)
        return _table(joined, offsets)
    is_separator = joined == 0
    separators = np.flatnonzero(is_separator)
    if separators.size != n - 1:
        raise _nul_error(items, name)
    # Id k starts after k separators; without them it starts k bytes earlier.
    np.subtract(separators, np.arange(n - 1, dtype=I8), out=offsets[1:n])
    return _table(joined[~is_separator], offsets)


def _from_items(items, name: str):
    """The table of a list of str (or of bytes) ids."""
    n = len(items)
    if n == 0:
        return _table(_EMPTY_BYTES, np.zeros(1, dtype=I8))
    try:
        buffer = "\0".join(items).encode("utf-8")
    except TypeError:
        error = _not_an_id(items, name)
        if error is not None:
            raise error from None
        # bytes ids (a mix of bytes and str is rare: each is encoded alone)
        buffer = b"\0".join(v.encode("utf-8") if isinstance(v, str) else v for v in items)
    return _from_joined(buffer, n, items, name)


def _from_fixed_width(units: np.ndarray, name: str):
    """The table of n fixed-width rows of code units (uint8 bytes, or uint32
    code points all below 0x80: then they are the bytes), each an id padded
    with zeros at its end (numpy's 'S' and 'U'). A zero inside an id is a
    NUL in it: a ValueError naming it."""
    n, width = units.shape
    offsets = np.zeros(n + 1, dtype=I8)
    if width == 0:  # every id empty: the library names the first
        return _table(_EMPTY_BYTES, offsets)
    nonzero = units != 0
    lengths = nonzero.argmin(axis=1)  # the first zero, or 0 where a row has none
    lengths[nonzero[:, -1]] = width
    np.cumsum(lengths, out=offsets[1:])
    if int(offsets[-1]) == n * width:  # every id full width: the rows are the data
        return _table(units.reshape(-1).astype(U1, copy=False), offsets)
    if np.count_nonzero(nonzero) != int(offsets[-1]):  # a zero before an id's last unit
        bad = int(np.flatnonzero(np.count_nonzero(nonzero, axis=1) != lengths)[0])
        raise ValueError(f"{name}[{bad}] contains a NUL character")
    if units.dtype != U1:
        units = units.astype(U1)  # ASCII code points: a byte each
    return _table(units[nonzero], offsets)


def _from_numpy_text(a: np.ndarray, name: str):
    """The table of a numpy 'U' or 'S' array."""
    a = np.ascontiguousarray(a)
    n = a.size
    if n == 0:
        return _table(_EMPTY_BYTES, np.zeros(1, dtype=I8))
    if a.dtype.kind == "S":
        return _from_fixed_width(a.view(U1).reshape(n, a.dtype.itemsize), name)
    code_points = a.view(np.uint32).reshape(n, a.dtype.itemsize // 4)
    if code_points.size == 0 or int(code_points.max()) < 0x80:  # ASCII
        return _from_fixed_width(code_points, name)
    return _from_numpy_text(np.char.encode(a, "utf-8"), name)


def _categorical(values, name: str):
    """The table of a pandas categorical: its codes (int64) and its
    categories' bytes; a missing value (code -1) is an error."""
    codes = np.ascontiguousarray(values.codes, dtype=I8)
    if codes.size and int(codes.min()) < 0:
        bad = int(np.flatnonzero(codes < 0)[0])
        raise TypeError(f"{name}[{bad}] is missing (NaN); ids must all be str")
    table, keep = id_table(values.categories, name + ".categories")
    table.codes = _address(codes)
    return table, keep + [codes]


def is_categorical(values) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(getattr(values, "dtype", None), pd.CategoricalDtype)


def id_table(values, name: str):
    """(IdTable struct, keep) of ids: a numpy 'U', 'S' or object array, a list
    or tuple, a pandas Series or Index (object, string or categorical dtype).
    Hold keep during the C call: the struct points into its arrays. An item
    that is not a str is a TypeError naming its position, a NUL in an id a
    ValueError."""
    if isinstance(values, (list, tuple)):
        return _from_items(values, name)
    if is_categorical(values):
        return _categorical(values.array if hasattr(values, "array") else values, name)
    if not isinstance(values, np.ndarray):  # a pandas column: its values as numpy
        values = values.to_numpy(dtype=object) if hasattr(values, "to_numpy") else values
        values = np.asarray(values)
    if values.dtype.kind in "US":
        return _from_numpy_text(values.reshape(-1), name)
    return _from_items(values.reshape(-1).tolist(), name)


def repeated_id_table(value, n: int, name: str):
    """(IdTable struct, keep) of one id (str or bytes) for each of n items:
    one id and n codes of 0."""
    encoded = value.encode("utf-8") if isinstance(value, str) else value
    if b"\0" in encoded:
        raise ValueError(f"{name}[0] contains a NUL character")
    data = np.frombuffer(encoded, dtype=U1) if encoded else _EMPTY_BYTES
    table, keep = _table(data, np.array([0, len(encoded)], dtype=I8), np.zeros(n, dtype=I8))
    keep.append(encoded)
    return table, keep
