"""Model, EvidenceStore and scoring over the C ABI.

numpy memory crosses the boundary without copies both ways: inputs go
through ``np.ascontiguousarray`` with the C type (a contiguous array of the
right dtype is passed by pointer as it is; anything else is converted once),
and outputs are ``np.empty`` arrays (or the caller's own, ``out=``) that the C
library fills in place.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import threading
import weakref
from collections import namedtuple
from ctypes import byref, c_double, c_int64, c_void_p

import numpy as np

from . import _lib, _persist
from ._constants import TRUSTSCORE_SCORE_OPTIONS_VERSION, TRUSTSCORE_SCORE_OUTPUTS_VERSION
from ._lib import LIB, ScoreOptions, check
from ._time import datetimes_to_unix, to_unix

# The score call, bound once: the hot path of one-entity calls. Its outputs go
# in one struct (four arguments instead of sixteen), and this function object
# has no argtypes: its arguments are passed as ctypes objects already (handles
# as c_void_p, the rest by reference), which skips a conversion per argument.
# trustscore_score_into's declaration in _lib.FUNCTIONS documents the types.
_ScoreOutputs = _lib.ScoreOutputs
_score_into = LIB["trustscore_score_into"]  # a new function object, not LIB's
_score_into.restype = ctypes.c_int
_byref = byref

_NAN = float("nan")
_F8 = np.dtype(np.float64)
_I8 = np.dtype(np.int64)
_I4 = np.dtype(np.int32)
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_INT64_MAX = 2**63 - 1

# Address of a writable numpy array: ctypes.c_char.from_buffer is several
# times cheaper than ndarray.ctypes.data (it matters for one-entity calls).
_from_buffer = ctypes.c_char.from_buffer
_addressof = ctypes.addressof


def _address(array: np.ndarray) -> int:
    """Address of array's first element (0 for an empty array)."""
    if array.size == 0:
        return 0
    if array.flags.writeable:
        return _addressof(_from_buffer(array))
    return array.ctypes.data


def _pandas():
    """pandas if the caller has imported it (we never import it for them)."""
    return sys.modules.get("pandas")


def _is_dataframe(x) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(x, pd.DataFrame)


# ---- Converting inputs --------------------------------------------------------


def _length(x):
    """len of an array-like argument, or None for a scalar."""
    if x is None or isinstance(x, (str, bytes)):
        return None
    if isinstance(x, np.ndarray):
        return None if x.ndim == 0 else len(x)
    if hasattr(x, "__len__"):
        return len(x)
    return None


def _array(x, name: str) -> np.ndarray:
    a = x if isinstance(x, np.ndarray) else np.asarray(x)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {a.shape}")
    return a


def _float_column(x, name: str, n: int, time: bool = False) -> np.ndarray:
    """x as a contiguous float64 array of n elements (no copy when it is one)."""
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]  # its scalar: a datetime64 stays one (.item() would make it an int)
    if _length(x) is None:  # a scalar for every signal
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
    a = _array(x, name)
    if len(a) != n:
        raise ValueError(f"{name} has {len(a)} elements, expected {n} (one per signal)")
    kind = a.dtype.kind
    if kind in "fiub":
        return np.ascontiguousarray(a, dtype=_F8)
    if kind == "O":
        try:
            return np.ascontiguousarray(a, dtype=_F8)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{name} must be numbers, got an array of dtype {a.dtype}")


def _index_column(a: np.ndarray, name: str, dtype: np.dtype, limit_low: int, limit_high: int):
    """An integer array as a contiguous array of dtype, refusing values that
    would wrap around."""
    if a.dtype != dtype and a.size:
        low, high = int(a.min()), int(a.max())
        if low < limit_low or high > limit_high:
            bad = low if low < limit_low else high
            raise ValueError(f"{name} {bad} does not fit in {dtype.name}")
    return np.ascontiguousarray(a, dtype=dtype)


def _is_text(a: np.ndarray) -> bool:
    if a.dtype.kind in "US":
        return True
    if a.dtype.kind == "O" and a.size:
        return all(isinstance(v, (str, bytes)) for v in a.tolist())
    return False


def _encode_ids(values, name: str):
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


# ---- Model --------------------------------------------------------------------


def _handle_from_json(text) -> c_void_p:
    if isinstance(text, str):
        text = text.encode("utf-8")
    elif not isinstance(text, (bytes, bytearray)):
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    text = bytes(text)
    handle = c_void_p()
    check(LIB.trustscore_model_from_json(text, len(text), byref(handle)))
    return handle


class Model:
    """A scoring model: its kind (``beta`` unless chosen) and the kind's
    parameters, the factor catalog (nine built-in factors and custom ones),
    per-factor parameters and named profiles (weight vectors).

    ``Model()`` is the default model; ``Model("wilson")`` or
    ``Model("weighted_mean", min_coverage=0.5)`` the default with another
    kind (see the README, "Model kinds"); :meth:`from_json` and
    :meth:`from_dict` start from the default and change what the
    configuration names ("Model configuration"). A model is immutable and may
    be used from any number of threads at once.
    """

    __slots__ = ("_h", "_hv", "_factors", "_profiles", "_finalizer", "__weakref__")

    def __init__(self, kind=None, **parameters) -> None:
        if kind is None and not parameters:
            handle = c_void_p()
            check(LIB.trustscore_model_create(byref(handle)))
        else:
            if kind is not None and not isinstance(kind, str):
                raise TypeError(f"kind must be str, not {type(kind).__name__}")
            config = {"kind": kind or "beta"}
            if parameters:
                config["parameters"] = parameters
            try:
                text = json.dumps(config, allow_nan=False)
            except (TypeError, ValueError) as e:
                raise TypeError(f"model parameters must be JSON numbers or lists: {e}") from None
            handle = _handle_from_json(text)
        self._adopt(handle)

    @classmethod
    def from_json(cls, text) -> "Model":
        """A model configured by JSON text (str or bytes)."""
        handle = _handle_from_json(text)
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    @classmethod
    def from_dict(cls, config: dict) -> "Model":
        """A model configured by a dict of the JSON schema."""
        if not isinstance(config, dict):
            raise TypeError(f"config must be a dict, not {type(config).__name__}")
        return cls.from_json(json.dumps(config, allow_nan=False))

    def _adopt(self, handle: c_void_p) -> None:
        self._h = handle.value
        self._hv = handle  # the handle as ctypes passes it with no conversion (hot path)
        self._finalizer = weakref.finalize(self, LIB.trustscore_model_free, handle.value)
        count = c_int64()
        check(LIB.trustscore_model_factor_count(self._h, byref(count)))
        self._factors = tuple(
            _lib.get_string(LIB.trustscore_model_factor_id, self._h, i) for i in range(count.value)
        )
        check(LIB.trustscore_model_profile_count(self._h, byref(count)))
        self._profiles = tuple(
            _lib.get_string(LIB.trustscore_model_profile_name, self._h, i)
            for i in range(count.value)
        )

    # -- saving and loading (the README's "Saving and loading")

    def save(self, path, archive: str = "binary") -> None:
        """Saves the model to path (replaced atomically); archive: "binary",
        "text" or "xml"."""
        check(
            LIB.trustscore_model_save(
                self._h, _persist.path_bytes(path), _persist.archive_code(archive)
            )
        )

    @classmethod
    def load(cls, path) -> "Model":
        """The model saved in path (errors: BadFormatError, VersionMismatchError,
        TrustscoreIOError, naming the problem)."""
        handle = c_void_p()
        check(LIB.trustscore_model_load(_persist.path_bytes(path), byref(handle)))
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    def to_bytes(self, archive: str = "binary") -> bytes:
        """The model as a saved file's bytes."""
        return _persist.saved_bytes(LIB.trustscore_model_save_buffer, self._h, archive)

    @classmethod
    def from_bytes(cls, data) -> "Model":
        data = _persist.input_bytes(data)
        handle = c_void_p()
        check(LIB.trustscore_model_load_buffer(data, len(data), byref(handle)))
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    def __reduce__(self):
        return (Model.from_bytes, (self.to_bytes(),))

    def to_json(self) -> str:
        """The full configuration; ``Model.from_json`` of it gives an equal model."""
        return _lib.get_string(LIB.trustscore_model_to_json, self._h)

    def to_dict(self) -> dict:
        return json.loads(self.to_json())

    @property
    def factors(self) -> list:
        """Factor ids in index order (built-in first, then custom)."""
        return list(self._factors)

    @property
    def profiles(self) -> list:
        """Profile names."""
        return list(self._profiles)

    @property
    def default_profile(self) -> str:
        return self.to_dict()["default_profile"]

    @property
    def kind(self) -> str:
        """The scoring model's name: beta, weighted_mean, bayesian_average,
        wilson, dirichlet, subjective_logic or logistic."""
        return self.to_dict()["kind"]

    @property
    def parameters(self) -> dict:
        """The kind's parameters (empty for kinds that take none)."""
        return self.to_dict().get("parameters", {})

    def factor_index(self, factor_id: str) -> int:
        """Index of a factor id (InvalidArgumentError if the model has none)."""
        if not isinstance(factor_id, str):
            raise TypeError(f"factor_id must be str, not {type(factor_id).__name__}")
        index = c_int64()
        check(LIB.trustscore_model_factor_index(self._h, factor_id.encode("utf-8"), byref(index)))
        return index.value

    def __eq__(self, other) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<trustscore.Model {self.kind}: {len(self._factors)} factors,"
            f" profiles {list(self._profiles)}>"
        )


# ---- Evidence store -------------------------------------------------------------


# Whether a GIL serialises Python code (False on a free-threaded build).
_GIL = getattr(sys, "_is_gil_enabled", lambda: True)()


class _ReadWriteLock:
    """Many readers (scoring, look-ups) or one writer (adding, closing): the C
    contract forbids a non-const call overlapping any other call on a store.
    The GIL is released inside the C calls, so Python must enforce this.

    Readers take no mutex while no writer is about (a one-entity score call is
    a few microseconds; a mutex taken twice would be a sixth of it): a reader
    appends to _active, then reads _blocked; a writer sets _blocked, then
    waits for _active to empty. list.append and list.pop are atomic and the
    GIL orders these steps, so one of the two always sees the other: either
    the writer waits for the reader, or the reader backs out and queues. A
    leaving reader that sees _blocked wakes the waiting writer. Without a GIL
    _blocked stays True and every reader queues under the mutex.
    """

    __slots__ = ("_mutex", "_cond", "_active", "_blocked", "_writing", "_writers_waiting")

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._cond = threading.Condition(self._mutex)
        self._active = []  # one entry per reader inside
        self._blocked = not _GIL  # a writer holds or waits for the lock
        self._writing = False
        self._writers_waiting = 0

    def acquire_read(self) -> None:
        self._active.append(None)
        if self._blocked:
            self.queue_read()

    def queue_read(self) -> None:
        """The slow path of acquire_read: called right after its append saw
        _blocked; leaves with the read lock held."""
        self._active.pop()
        with self._mutex:
            self._cond.notify_all()  # the writer may be waiting on our entry
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._active.append(None)

    def release_read(self) -> None:
        self._active.pop()
        if self._blocked:
            self.wake_writer()

    def wake_writer(self) -> None:
        with self._mutex:
            self._cond.notify_all()

    def _update_blocked(self) -> None:
        self._blocked = self._writing or self._writers_waiting > 0 or not _GIL

    def acquire_write(self) -> None:
        with self._mutex:
            self._writers_waiting += 1
            self._blocked = True
            try:
                while self._writing or self._active:
                    self._cond.wait()
            except BaseException:  # interrupted: give up the claim
                self._writers_waiting -= 1
                self._update_blocked()
                raise
            # _blocked stays True from here on: readers keep out without the mutex.
            self._writers_waiting -= 1
            self._writing = True

    def release_write(self) -> None:
        with self._mutex:
            self._writing = False
            self._update_blocked()
            self._cond.notify_all()


CsvReport = namedtuple("CsvReport", ["added", "skipped"])
CsvReport.__doc__ = "Signals added from a CSV file and bad rows skipped."

_RESULT_FIELDS = ["score", "lower", "upper", "contributions", "gains", "best_lever", "baseline"]


class ScoreResult(namedtuple("ScoreResult", _RESULT_FIELDS)):
    """Scores of every entity, in entity index order.

    score, lower, upper: float64 arrays (N,): the score in [0, 1] and its
    interval. contributions, gains: float64 (N, F) (None without explain):
    per-factor contributions (they add up to score - baseline) and the gain
    of one more unit of positive evidence. best_lever: int32 (N,) (None
    without explain): the factor index with the largest gain, -1 if none.
    baseline: the score of an entity without evidence.
    """

    __slots__ = ()


_tuple_new = tuple.__new__
_OUT_SHAPES = {"score": 1, "lower": 1, "upper": 1, "contributions": 2, "gains": 2, "best_lever": 1}
_EXPLAIN_OUTPUTS = ("contributions", "gains", "best_lever")

# Below this many entities a score call runs on one thread.
_SMALL = 4096


class _SmallResults:
    """Per-thread memory for the results of small calls (the common one-entity
    call): one chunk of float64 handed out in consecutive slices and an
    outputs struct pointing into it, both reused call after call. A result is a
    view of its chunk, so a chunk lives while any of its results does and is
    never written twice; a spent chunk is replaced by a new one. This spares a
    small call the allocation of its array, the look-up of its address and
    the construction of a ctypes struct (about half of the call's time)."""

    CHUNK = 768  # float64s: 256 one-entity results, 6 KiB
    __slots__ = ("outputs", "ref", "chunk", "base", "used")

    def __init__(self):
        self.outputs = _ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, 0, None, None, None)
        self.ref = byref(self.outputs)
        self.refill()

    def refill(self):
        self.chunk = np.empty(self.CHUNK)
        self.base = _addressof(_from_buffer(self.chunk))
        self.used = 0


# Each thread's _SmallResults, as `_thread_state.small` (one thread-local look-up
# per call; the pool's own attributes are plain slots, cheaper than thread-local ones).
_thread_state = threading.local()
# Calls of up to this many entities take their results from _SmallResults.
_SMALL_RESULTS_MAX = 16

# Score options structs, shared read-only by all calls (the C library only
# reads them), keyed by (profile, as_of, confidence, threads).
_options_cache: dict = {}


def _options(profile, as_of, confidence, threads):
    key = (profile, as_of, confidence, threads)
    try:
        return _options_cache[key]
    except (KeyError, TypeError):
        pass
    if profile is not None and not isinstance(profile, str):
        raise TypeError(f"profile must be str or None, not {type(profile).__name__}")
    if isinstance(threads, (bool, np.bool_)) or not isinstance(threads, (int, np.integer)):
        raise TypeError(f"threads must be an int, not {type(threads).__name__}")
    if not _INT32_MIN <= threads <= _INT32_MAX:
        raise ValueError(f"threads {threads} is out of range")
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
        if len(_options_cache) >= 256:
            _options_cache.clear()
        _options_cache[key] = entry
    except TypeError:  # unhashable as_of (e.g. a 0-d array): do not cache
        pass
    return entry


class EvidenceStore:
    """Evidence about entities: positive and negative mass per (entity, factor).

    Created for a model, whose factors (and their half-lives and negativity,
    applied on ingest) it copies. Scoring and look-ups may run from many
    threads at once; adding waits until they are done (and vice versa).
    """

    __slots__ = (
        "_h",
        "_hv",
        "_factors",
        "_factor_index",
        "_n",
        "_ids",
        "_ids_lock",
        "_lock",
        "_finalizer",
        "__weakref__",
    )

    def __init__(self, model: Model) -> None:
        if not isinstance(model, Model):
            raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
        handle = c_void_p()
        check(LIB.trustscore_store_create(model._h, byref(handle)))
        self._adopt(handle)

    def _adopt(self, handle: c_void_p) -> None:
        self._h = handle.value
        self._hv = handle  # the handle as ctypes passes it with no conversion (hot path)
        self._finalizer = weakref.finalize(self, LIB.trustscore_store_free, handle.value)
        count = c_int64()
        check(LIB.trustscore_store_factor_count(self._h, byref(count)))
        self._factors = tuple(
            _lib.get_string(LIB.trustscore_store_factor_id, self._h, i) for i in range(count.value)
        )
        self._factor_index = {f: i for i, f in enumerate(self._factors)}
        self._ids: list = []  # entity ids read so far (ids never change)
        self._ids_lock = threading.Lock()
        self._lock = _ReadWriteLock()
        self._refresh_count()

    # -- saving and loading (the README's "Saving and loading")

    def save(self, path, archive: str = "binary") -> None:
        """Saves the store to path (replaced atomically); archive: "binary",
        "text" or "xml". Waits for writers, runs beside readers."""
        self._lock.acquire_read()
        try:
            check(
                LIB.trustscore_store_save(
                    self._handle(), _persist.path_bytes(path), _persist.archive_code(archive)
                )
            )
        finally:
            self._lock.release_read()

    @classmethod
    def load(cls, path) -> "EvidenceStore":
        """The store saved in path (errors: BadFormatError, VersionMismatchError,
        TrustscoreIOError, naming the problem)."""
        handle = c_void_p()
        check(LIB.trustscore_store_load(_persist.path_bytes(path), byref(handle)))
        store = cls.__new__(cls)
        store._adopt(handle)
        return store

    def to_bytes(self, archive: str = "binary") -> bytes:
        """The store as a saved file's bytes."""
        self._lock.acquire_read()
        try:
            return _persist.saved_bytes(LIB.trustscore_store_save_buffer, self._handle(), archive)
        finally:
            self._lock.release_read()

    @classmethod
    def from_bytes(cls, data) -> "EvidenceStore":
        data = _persist.input_bytes(data)
        handle = c_void_p()
        check(LIB.trustscore_store_load_buffer(data, len(data), byref(handle)))
        store = cls.__new__(cls)
        store._adopt(handle)
        return store

    def __reduce__(self):
        return (EvidenceStore.from_bytes, (self.to_bytes(),))

    # -- lifetime

    def close(self) -> None:
        """Frees the store now (otherwise when it is garbage-collected)."""
        self._lock.acquire_write()
        try:
            self._finalizer()
            self._h = None
            self._hv = None
        finally:
            self._lock.release_write()

    def __enter__(self) -> "EvidenceStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _handle(self) -> int:
        if self._h is None:
            raise ValueError("the evidence store is closed")
        return self._h

    def _refresh_count(self) -> None:
        count = c_int64()
        check(LIB.trustscore_store_entity_count(self._h, byref(count)))
        self._n = count.value

    # -- look-ups

    @property
    def factors(self) -> list:
        """Factor ids of the store (those of the model it was created for)."""
        return list(self._factors)

    def __len__(self) -> int:
        """Number of entities."""
        return self._n

    @property
    def entities(self) -> list:
        """Entity ids in dense index order."""
        self._lock.acquire_read()
        try:
            h = self._handle()
            with self._ids_lock:  # readers may run together; the cache is theirs to share
                ids = self._ids
                for i in range(len(ids), self._n):
                    ids.append(_lib.get_string(LIB.trustscore_store_entity_id, h, i))
                return ids[: self._n]
        finally:
            self._lock.release_read()

    def entity_index(self, entity_id: str) -> int:
        """Dense index of an entity id, or -1 if the store has none."""
        if not isinstance(entity_id, str):
            raise TypeError(f"entity_id must be str, not {type(entity_id).__name__}")
        index = c_int64()
        self._lock.acquire_read()
        try:
            check(
                LIB.trustscore_store_entity_index(
                    self._handle(), entity_id.encode("utf-8"), byref(index)
                )
            )
        finally:
            self._lock.release_read()
        return index.value

    def __contains__(self, entity_id) -> bool:
        return isinstance(entity_id, str) and self.entity_index(entity_id) >= 0

    @property
    def latest_time(self) -> float:
        """Newest signal time in unix seconds; NaN while the store is empty."""
        t = c_double()
        self._lock.acquire_read()
        try:
            check(LIB.trustscore_store_latest_time(self._handle(), byref(t)))
        finally:
            self._lock.release_read()
        return t.value

    def __repr__(self) -> str:
        state = "closed" if self._h is None else f"{self._n} entities"
        return f"<trustscore.EvidenceStore: {state}, {len(self._factors)} factors>"

    # -- adding evidence

    def _factor_column(self, x, n: int) -> np.ndarray:
        if _length(x) is None:
            if isinstance(x, str):
                return np.full(n, self._factor_id(x), dtype=_I4)
            if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)):
                if not _INT32_MIN <= x <= _INT32_MAX:
                    raise ValueError(f"factor {x} does not fit in int32")
                return np.full(n, x, dtype=_I4)
            raise TypeError(
                f"factor must be factor ids (str) or indices (int), not {type(x).__name__}"
            )
        a = _array(x, "factor")
        if len(a) != n:
            raise ValueError(f"factor has {len(a)} elements, expected {n} (one per signal)")
        if a.dtype.kind in "iu":
            return _index_column(a, "factor", _I4, _INT32_MIN, _INT32_MAX)
        if _is_text(a):
            unique, inverse = np.unique(a, return_inverse=True)
            codes = np.array([self._factor_id(u) for u in unique.tolist()], dtype=_I4)
            return np.ascontiguousarray(codes[inverse.reshape(-1)], dtype=_I4)
        if a.size == 0:
            return np.zeros(0, dtype=_I4)
        raise TypeError(f"factor must be factor ids (str) or indices (int), got dtype {a.dtype}")

    def _factor_id(self, factor) -> int:
        if isinstance(factor, bytes):
            factor = factor.decode("utf-8")
        try:
            return self._factor_index[factor]
        except KeyError:
            raise ValueError(
                f"factor: unknown factor id {factor!r} (the store's factors: {', '.join(self._factors)})"
            ) from None

    def add(
        self,
        entity,
        factor=None,
        value=None,
        weight=None,
        time=None,
        credibility=None,
        default_time=None,
    ) -> int:
        """Adds signals and returns how many.

        entity: entity ids (str; new ids become new entities) or dense indices
        of existing entities (int). factor: factor ids (str) or indices (int).
        value: in [0, 1]. weight (default 1), time (unix seconds, datetime64
        or pandas datetimes; NaN/NaT: default_time) and credibility of each
        signal's source (in [0, 1], default 1) are optional. Each argument is
        a sequence (numpy array, list, pandas Series) with one element per
        signal, or a scalar that applies to every signal. ``add(df)`` takes
        the columns entity, factor, value[, weight, time, credibility] of a
        pandas DataFrame. default_time: for signals without a time; None
        means the wall clock.

        All signals are checked before any is applied: on error (an
        InvalidArgumentError naming the signal) the store is unchanged.
        """
        if _is_dataframe(entity):
            if any(v is not None for v in (factor, value, weight, time, credibility)):
                raise TypeError(
                    "add(df) takes the columns from the DataFrame; pass no other columns"
                )
            df = entity
            allowed = ("entity", "factor", "value", "weight", "time", "credibility")
            unknown = [c for c in df.columns if c not in allowed]
            if unknown:
                raise ValueError(
                    f"DataFrame has unknown columns {unknown}; expected entity, factor, value"
                    "[, weight, time, credibility]"
                )
            missing = [c for c in ("entity", "factor", "value") if c not in df.columns]
            if missing:
                raise ValueError(f"DataFrame lacks the columns {missing}")
            columns = {c: df[c] for c in df.columns}
            return self.add(default_time=default_time, **columns)
        if factor is None or value is None:
            raise TypeError("add() needs entity, factor and value")

        lengths = [
            (name, _length(x))
            for name, x in (
                ("entity", entity),
                ("factor", factor),
                ("value", value),
                ("weight", weight),
                ("time", time),
                ("credibility", credibility),
            )
        ]
        given = [(name, m) for name, m in lengths if m is not None]
        n = given[0][1] if given else 1
        for name, m in given:
            if m != n:
                raise ValueError(
                    f"{name} has {m} elements but {given[0][0]} has {n} (one per signal)"
                )

        keep = []  # objects whose memory the C call reads
        ids_address = 0
        index_address = 0
        if _length(entity) is None:
            if isinstance(entity, (str, bytes)):
                entity = [entity] * n
            elif isinstance(entity, (int, np.integer)) and not isinstance(entity, (bool, np.bool_)):
                entity = np.full(n, entity, dtype=_I8)
            else:
                raise TypeError(
                    f"entity must be entity ids (str) or indices (int), not {type(entity).__name__}"
                )
        if isinstance(entity, (list, tuple)) and any(isinstance(v, (str, bytes)) for v in entity):
            blob, pointers = _encode_ids(entity, "entity")
            keep += [blob, pointers]
            ids_address = _address(pointers)
        else:
            a = _array(entity, "entity")
            if a.dtype.kind in "iu":
                a = _index_column(a, "entity", _I8, -_INT64_MAX - 1, _INT64_MAX)
                keep.append(a)
                index_address = _address(a)
            elif _is_text(a):
                blob, pointers = _encode_ids(a.tolist(), "entity")
                keep += [blob, pointers]
                ids_address = _address(pointers)
            elif a.size == 0:
                pass
            else:
                raise TypeError(
                    f"entity must be entity ids (str) or indices (int), got dtype {a.dtype}"
                )

        factor_a = self._factor_column(factor, n)
        value_a = _float_column(value, "value", n)
        weight_a = None if weight is None else _float_column(weight, "weight", n)
        time_a = None if time is None else _float_column(time, "time", n, time=True)
        cred_a = None if credibility is None else _float_column(credibility, "credibility", n)
        keep += [factor_a, value_a, weight_a, time_a, cred_a]
        default = to_unix(default_time, "default_time")
        if n == 0:
            return 0

        self._lock.acquire_write()
        try:
            h = self._handle()
            status = LIB.trustscore_store_add_signals(
                h,
                n,
                ids_address or None,
                index_address or None,
                _address(factor_a),
                _address(value_a),
                None if weight_a is None else _address(weight_a),
                None if time_a is None else _address(time_a),
                None if cred_a is None else _address(cred_a),
                default,
            )
            if status:
                raise _lib.error(status)
            self._refresh_count()
        finally:
            self._lock.release_write()
        del keep
        return n

    def add_csv(self, path, skip_bad_rows: bool = False, default_time=None) -> CsvReport:
        """Adds the signals of a CSV file (header entity,factor,value[,weight,
        time,source]). A bad row raises BadFormatError naming file, line and
        column (the store is unchanged) unless skip_bad_rows is true, in which
        case bad rows are left out and counted. A missing or unreadable file
        raises TrustscoreIOError."""
        encoded = os.fsencode(path)
        added, skipped = c_int64(), c_int64()
        default = to_unix(default_time, "default_time")
        self._lock.acquire_write()
        try:
            status = LIB.trustscore_store_add_csv(
                self._handle(),
                encoded,
                1 if skip_bad_rows else 0,
                default,
                byref(added),
                byref(skipped),
            )
            if status:
                raise _lib.error(status)
            self._refresh_count()
        finally:
            self._lock.release_write()
        return CsvReport(added.value, skipped.value)

    # -- scoring

    def score(
        self,
        model: Model,
        profile=None,
        as_of=None,
        confidence=0.95,
        explain=False,
        threads=0,
        out=None,
        as_frame=False,
    ):
        """Scores every entity with model; see :class:`ScoreResult`.

        profile: a profile name (None: the model's default). as_of: the time
        to score at (unix seconds or a datetime; None: the newest signal).
        confidence: of the interval. explain: also contributions, gains and
        best lever. threads: 0 uses every core. out: arrays to fill in place
        (a dict name -> array, or a previous ScoreResult): float64 (int32 for
        best_lever), C-contiguous, writable, shape (N,) or (N, F); missing
        ones are allocated. as_frame: return a pandas DataFrame indexed by
        entity id instead. The GIL is released while the C library scores.
        """
        if threads == 0 and self._n < _SMALL:
            # One thread is what the library picks for so few entities anyway
            # (results never depend on the thread count); saying so spares it
            # asking the OS for the core count, which costs microseconds.
            threads = 1
        try:
            opts = _options_cache[(profile, as_of, confidence, threads)][1]
        except (KeyError, TypeError):
            opts = _options(profile, as_of, confidence, threads)[1]
        if model.__class__ is not Model and not isinstance(model, Model):
            raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
        lock = self._lock
        # lock.acquire_read(), inlined: this is the hot path of small calls.
        active = lock._active
        active.append(None)
        if lock._blocked:
            lock.queue_read()
        try:
            h = self._hv
            if h is None:
                raise ValueError("the evidence store is closed")
            n = self._n
            if out is None and not explain:
                if n <= _SMALL_RESULTS_MAX:
                    # The fastest path: no allocation, no new struct.
                    try:
                        pool = _thread_state.small
                    except AttributeError:
                        pool = _thread_state.small = _SmallResults()
                    start = pool.used
                    if start + 3 * n > _SmallResults.CHUNK:
                        pool.refill()
                        start = 0
                    pool.used = start + 3 * n
                    block = pool.chunk  # results are sliced from it at `start`
                    a = pool.base + 8 * start
                    outputs = pool.outputs
                    outputs.capacity = n
                    outputs.score = a
                    outputs.lower = a + 8 * n
                    outputs.upper = a + 16 * n
                    ref = pool.ref
                else:
                    # One allocation, one address, three views.
                    block, start = np.empty(3 * n), 0
                    a = _addressof(_from_buffer(block)) if n else 0
                    outputs = _ScoreOutputs(
                        TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, n, a, a + 8 * n, a + 16 * n
                    )
                    ref = _byref(outputs)
                arrays = None
            else:
                arrays, addresses = self._outputs(n, explain, out)
                outputs = _ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, n, *addresses)
                ref = _byref(outputs)
            status = _score_into(model._hv, h, opts, ref)
            if status:
                raise _lib.error(status)
        finally:
            # lock.release_read(), inlined
            active.pop()
            if lock._blocked:
                lock.wake_writer()
        if arrays is None:
            result = _tuple_new(
                ScoreResult,
                (
                    block[start : start + n],
                    block[start + n : start + 2 * n],
                    block[start + 2 * n : start + 3 * n],
                    None,
                    None,
                    None,
                    outputs.baseline,
                ),
            )
        else:
            result = ScoreResult(*arrays, outputs.baseline)
        if as_frame:
            return self._frame(result)
        return result

    def _outputs(self, n: int, explain: bool, out):
        """The output arrays (in ScoreResult order; None where not computed)
        and their addresses (None where not computed) for trustscore_score_outputs."""
        if out is None:
            given = {}
        elif isinstance(out, ScoreResult):
            given = dict(zip(_OUT_SHAPES, out[:6]))
        elif isinstance(out, dict):
            given = out
            unknown = [k for k in given if k not in _OUT_SHAPES]
            if unknown:
                raise ValueError(f"out has unknown keys {unknown}; known: {list(_OUT_SHAPES)}")
        else:
            raise TypeError(
                f"out must be a dict of arrays or a ScoreResult, not {type(out).__name__}"
            )
        if not explain:
            extra = [k for k in _EXPLAIN_OUTPUTS if given.get(k) is not None]
            if extra:
                raise ValueError(f"out gives {extra}, which only explain=True computes")
        F = len(self._factors)
        arrays = []
        args = []
        for name, ndim in _OUT_SHAPES.items():
            a = given.get(name)
            if a is None:
                if not explain and name in _EXPLAIN_OUTPUTS:
                    arrays.append(None)
                    args.append(None)
                    continue
                a = np.empty(
                    (n,) if ndim == 1 else (n, F), dtype=_I4 if name == "best_lever" else _F8
                )
            elif not isinstance(a, np.ndarray):
                raise TypeError(f"out[{name!r}] must be a numpy array, not {type(a).__name__}")
            else:
                dtype = _I4 if name == "best_lever" else _F8
                if a.dtype != dtype:
                    raise TypeError(f"out[{name!r}] must have dtype {dtype.name}, not {a.dtype}")
                shape = (n,) if ndim == 1 else (n, F)
                if a.shape != shape:
                    raise ValueError(f"out[{name!r}] must have shape {shape}, not {a.shape}")
            arrays.append(a)
            if a.size == 0:
                args.append(None)
                continue
            try:
                address = _addressof(_from_buffer(a))  # needs a writable, C-contiguous buffer
            except (TypeError, ValueError, BufferError):
                if not a.flags.c_contiguous:
                    raise ValueError(f"out[{name!r}] must be C-contiguous") from None
                raise ValueError(f"out[{name!r}] is read-only") from None
            args.append(address)
        return arrays, args

    def _frame(self, result: ScoreResult, entities=None):
        """result as a DataFrame indexed by entity id; entities: the ids in
        index order when the caller knows them (reading them back from the
        library costs two calls per entity)."""
        pd = _pandas()
        if pd is None:
            try:
                import pandas as pd  # noqa: F811
            except ImportError as e:
                raise ImportError("as_frame=True needs pandas (pip install pandas)") from e
        index = pd.Index(self.entities if entities is None else entities, name="entity")
        data = {"score": result.score, "lower": result.lower, "upper": result.upper}
        if result.best_lever is not None:
            names = np.array(list(self._factors) + [None], dtype=object)
            data["best_lever"] = names[result.best_lever]  # -1 -> None
            for f, factor in enumerate(self._factors):
                data[f"contribution:{factor}"] = result.contributions[:, f]
            for f, factor in enumerate(self._factors):
                data[f"gain:{factor}"] = result.gains[:, f]
        frame = pd.DataFrame(data, index=index)
        frame.attrs["baseline"] = result.baseline
        return frame


def score(model: Model, store: EvidenceStore, **options):
    """``store.score(model, **options)``."""
    return store.score(model, **options)
