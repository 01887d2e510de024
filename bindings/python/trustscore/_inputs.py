"""Converting the arguments of Python calls into what the C ABI reads: numpy
columns of the C types (passed by address, without a copy when the caller's
array already is one), entity ids as C strings, and the score options struct.

numpy memory crosses the boundary without copies both ways: inputs go
through ``np.ascontiguousarray`` with the C type (a contiguous array of the
right dtype is passed by pointer as it is; anything else is converted once),
and outputs are ``np.empty`` arrays (or the caller's own, ``out=``) that the C
library fills in place (trustscore._results).
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import byref, c_void_p

import numpy as np

from ._constants import TRUSTSCORE_SCORE_OPTIONS_VERSION
from ._id_table import id_table, is_categorical, repeated_id_table
from ._lib import ScoreOptions
from ._time import datetimes_to_unix, to_unix

F8 = np.dtype(np.float64)
I8 = np.dtype(np.int64)
I4 = np.dtype(np.int32)
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Address of a writable numpy array: ctypes.c_char.from_buffer is several
# times cheaper than ndarray.ctypes.data (it matters for one-entity calls).
from_buffer = ctypes.c_char.from_buffer
addressof = ctypes.addressof


def address(array: np.ndarray) -> int:
    """Address of array's first element (0 for an empty array)."""
    if array.size == 0:
        return 0
    if array.flags.writeable:
        return addressof(from_buffer(array))
    return array.ctypes.data


def pandas():
    """pandas if the caller has imported it (we never import it for them)."""
    return sys.modules.get("pandas")


def is_dataframe(x) -> bool:
    pd = pandas()
    return pd is not None and isinstance(x, pd.DataFrame)


# ---- Columns ------------------------------------------------------------------


def length(x):
    """len of an array-like argument, or None for a scalar."""
    if x is None or isinstance(x, (str, bytes)):
        return None
    if isinstance(x, np.ndarray):
        return None if x.ndim == 0 else len(x)
    if hasattr(x, "__len__"):
        return len(x)
    return None


def one_dimensional(x, name: str) -> np.ndarray:
    a = x if isinstance(x, np.ndarray) else np.asarray(x)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {a.shape}")
    return a


def float_column(x, name: str, n: int, time: bool = False) -> np.ndarray:
    """x as a contiguous float64 array of n elements (no copy when it is one)."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]  # its scalar: a datetime64 stays one (.item() would make it an int)
    if length(x) is None:  # a scalar for every signal
        value = to_unix(x, name) if time else x
        if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)
        ):
            raise TypeError(f"{name} must be numbers, not {type(value).__name__}")
        return np.full(n, float(value))
    if time:
        seconds = datetimes_to_unix(x)  # None unless x holds datetimes
        if seconds is not None:
            x = seconds
    a = one_dimensional(x, name)
    if len(a) != n:
        raise ValueError(f"{name} has {len(a)} elements, expected {n} (one per signal)")
    kind = a.dtype.kind
    if kind in "fiub":
        return np.ascontiguousarray(a, dtype=F8)
    if kind == "O":
        try:
            return np.ascontiguousarray(a, dtype=F8)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{name} must be numbers, got an array of dtype {a.dtype}")


def index_column(a: np.ndarray, name: str, dtype: np.dtype, limit_low: int, limit_high: int):
    """An integer array as a contiguous array of dtype, refusing values that
    would wrap around."""
    if a.dtype != dtype and a.size:
        low, high = int(a.min()), int(a.max())
        if low < limit_low or high > limit_high:
            bad = low if low < limit_low else high
            raise ValueError(f"{name} {bad} does not fit in {dtype.name}")
    return np.ascontiguousarray(a, dtype=dtype)


def is_text(a: np.ndarray) -> bool:
    if a.dtype.kind in "US":
        return True
    if a.dtype.kind == "O" and a.size:
        return all(isinstance(v, (str, bytes)) for v in a.tolist())
    return False


def encode_ids(values, name: str):
    """Strings as one NUL-separated buffer and an array of pointers into it;
    both must stay alive during the call."""
    encoded = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            v = v.encode("utf-8")
        elif not isinstance(v, bytes):
            raise TypeError(f"{name}[{i}] is {type(v).__name__}; ids must all be str")
        encoded.append(v)
    n = len(encoded)
    blob = b"\0".join(encoded) + b"\0"
    if blob.count(b"\0") != n:
        bad = next(i for i, v in enumerate(encoded) if b"\0" in v)
        raise ValueError(f"{name}[{bad}] contains a NUL character")
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
    offsets = np.zeros(n, dtype=np.uint64)
    if n > 1:
        np.cumsum(lengths[:-1] + 1, out=offsets[1:], dtype=np.uint64)
    base = ctypes.cast(ctypes.c_char_p(blob), c_void_p).value
    pointers = offsets + np.uint64(base)
    return blob, pointers


def is_id_column(a) -> bool:
    """Whether an array or pandas column holds ids: numpy str or bytes, an
    object array whose first element is a str or bytes (a later one that is
    not is an error naming it), a pandas categorical of such."""
    if is_categorical(a):
        return is_id_column(a.dtype.categories)
    kind = a.dtype.kind
    if kind in "US":
        return True
    if kind == "O" and len(a):
        first = a[0] if isinstance(a, np.ndarray) else a.iloc[0] if hasattr(a, "iloc") else a[0]
        return isinstance(first, (str, bytes))
    return getattr(a.dtype, "name", "") == "string"  # pandas' string dtype, even empty


def entity_column(entity, n: int):
    """The entity argument of EvidenceStore.add for n signals (ids, indices,
    a scalar of either) as (keep, table, indices): table the ids as a
    trustscore_id_table struct (trustscore._id_table), or None; indices the
    address of n int64 entity indices, or 0; keep the objects whose memory
    they point into, to hold during the C call."""
    if length(entity) is None:
        if isinstance(entity, (str, bytes)):
            table, keep = repeated_id_table(entity, n, "entity")
            return keep, table, 0
        if isinstance(entity, (int, np.integer)) and not isinstance(entity, (bool, np.bool_)):
            entity = np.full(n, entity, dtype=I8)
        else:
            raise TypeError(
                f"entity must be entity ids (str) or indices (int), not {type(entity).__name__}"
            )
    if isinstance(entity, (list, tuple)):
        if any(isinstance(v, (str, bytes)) for v in entity):
            table, keep = id_table(entity, "entity")
            return keep, table, 0
    elif hasattr(entity, "dtype") and getattr(entity, "ndim", 1) == 1 and is_id_column(entity):
        table, keep = id_table(entity, "entity")
        return keep, table, 0
    a = one_dimensional(entity, "entity")
    if a.dtype.kind in "iu":
        a = index_column(a, "entity", I8, INT64_MIN, INT64_MAX)
        return [a], None, address(a)
    if is_text(a):  # e.g. a list of ids that numpy made into an array
        table, keep = id_table(a, "entity")
        return keep, table, 0
    if a.size == 0:
        return [], None, 0
    raise TypeError(f"entity must be entity ids (str) or indices (int), got dtype {a.dtype}")


# ---- Score options --------------------------------------------------------------


# Score options structs, shared read-only by all calls (the C library only
# reads them), keyed by (profile, as_of, confidence, threads).
options_cache: dict = {}


def check_threads(threads):
    """threads as an int for the C options' int32 (0: every core; the library
    rejects a negative one): TypeError or ValueError for others."""
    if isinstance(threads, (bool, np.bool_)) or not isinstance(threads, (int, np.integer)):
        raise TypeError(f"threads must be an int, not {type(threads).__name__}")
    if not INT32_MIN <= threads <= INT32_MAX:
        raise ValueError(f"threads {threads} is out of range")
    return int(threads)


def score_options(profile, as_of, confidence, threads):
    """(struct, byref(struct)): the trustscore_score_options of a score call,
    checked, made once per distinct arguments and cached."""
    key = (profile, as_of, confidence, threads)
    try:
        return options_cache[key]
    except (KeyError, TypeError):
        pass
    if profile is not None and not isinstance(profile, str):
        raise TypeError(f"profile must be str or None, not {type(profile).__name__}")
    check_threads(threads)
    if isinstance(confidence, (bool, np.bool_)) or not isinstance(
        confidence, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"confidence must be a number, not {type(confidence).__name__}")
    opts = ScoreOptions(
        TRUSTSCORE_SCORE_OPTIONS_VERSION,
        int(threads),
        None if profile is None else profile.encode("utf-8"),
        to_unix(as_of, "as_of"),
        float(confidence),
    )
    entry = (opts, byref(opts))
    try:
        if len(options_cache) >= 256:
            options_cache.clear()
        options_cache[key] = entry
    except TypeError:  # unhashable as_of (e.g. a 0-d array): do not cache
        pass
    return entry
