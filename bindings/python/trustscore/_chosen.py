"""Scoring chosen entities of a store: ``store.score(model, entities=...)``
over trustscore_score_entities, the call a product makes per page view to
read a few scores out of millions.

A call for a few ids (a list or tuple of at most SMALL_RESULTS_MAX str, no
explain, no out=) takes a lean path: the ids go into a per-thread ctypes
array of char*, the results into per-thread chunks (ChosenPool, as
SmallResults in trustscore._results does for whole stores), and the C
function is called with ctypes objects only (no argtypes conversions).
Everything else takes the general path, which checks and converts any
sequence of ids or dense indices.
"""

from __future__ import annotations

import ctypes
from ctypes import byref, c_char_p, c_int64, c_void_p

import numpy as np

from . import _lib
from ._constants import TRUSTSCORE_SCORE_OUTPUTS_VERSION
from ._id_table import id_table, is_categorical
from ._inputs import (
    I8,
    INT64_MAX,
    INT64_MIN,
    address,
    addressof,
    from_buffer,
    index_column,
    is_id_column,
    options_cache,
    score_options,
)
from ._lib import LIB
from ._model import Model
from ._results import (
    SMALL_RESULTS_MAX,
    ChosenScoreResult,
    output_arrays,
    score_frame,
    thread_state,
)

# The C function for the lean path: its own function object without argtypes
# (trustscore_score_entities in _lib.FUNCTIONS documents the types).
_score_entities = LIB["trustscore_score_entities"]
_score_entities.restype = ctypes.c_int
# count as the int64_t the C function takes (a bare Python int would be a C int).
_COUNTS = tuple(c_int64(i) for i in range(SMALL_RESULTS_MAX + 1))
_tuple_new = tuple.__new__
_str = str

# Below this many entities a call runs on one thread (as for whole stores).
_SMALL = 4096


class ChosenPool:
    """Per-thread memory of the lean path, reused call after call: the char*
    array of the ids, the outputs struct, and chunks the results are written
    to, handed out in consecutive slices of `n` entities (score, lower and
    upper in three columns of one float64 chunk, the dense indices in an
    int64 one). A result is a view of its chunks, so a slice is never written
    twice: a spent chunk is replaced by new ones."""

    CHUNK = 256  # entities
    __slots__ = (
        "ids",
        "outputs",
        "ref",
        "pointer",
        "unknown",
        "unknown_ref",
        "scores",
        "indices",
        "base",
        "index_base",
        "used",
    )

    def __init__(self):
        self.ids = (c_char_p * SMALL_RESULTS_MAX)()
        self.outputs = _lib.ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, SMALL_RESULTS_MAX)
        self.ref = byref(self.outputs)
        self.pointer = c_void_p()
        self.unknown = c_int64()
        self.unknown_ref = byref(self.unknown)
        self.refill()

    def refill(self):
        self.scores = np.empty(3 * self.CHUNK)
        self.indices = np.empty(self.CHUNK, dtype=I8)
        self.base = addressof(from_buffer(self.scores))
        self.index_base = addressof(from_buffer(self.indices))
        self.used = 0


def _lean(model_handle, store_handle, opts, ids, n):
    """Scores n (1 to SMALL_RESULTS_MAX) ids, a list or tuple; None when an id
    is not a plain str without NUL (the general path then checks it)."""
    try:
        pool = thread_state.chosen
    except AttributeError:
        pool = thread_state.chosen = ChosenPool()
    names = pool.ids
    if n == 1:  # the common call, without the loop
        e = ids[0]
        if e.__class__ is not _str or "\0" in e:
            return None
        names[0] = e.encode()
    else:
        i = 0
        for e in ids:
            if e.__class__ is not _str or "\0" in e:
                return None
            names[i] = e.encode()
            i += 1
    start = pool.used
    if start > _LAST_START:
        pool.refill()
        start = 0
    end = pool.used = start + n
    a = pool.base + 8 * start
    outputs = pool.outputs  # its capacity: SMALL_RESULTS_MAX, always room from any start
    outputs.score = a
    outputs.lower = a + _LOWER
    outputs.upper = a + _UPPER
    pool.pointer.value = pool.index_base + 8 * start
    status = _score_entities(
        model_handle,
        store_handle,
        opts,
        _COUNTS[n],
        names,
        None,
        pool.pointer,
        pool.unknown_ref,
        pool.ref,
    )
    if status:
        raise _lib.error(status)
    scores = pool.scores
    result = _tuple_new(
        ChosenScoreResult,
        (
            scores[start:end],
            scores[start + _CHUNK : end + _CHUNK],
            scores[start + 2 * _CHUNK : end + 2 * _CHUNK],
            None,
            None,
            None,
            outputs.baseline,
        ),
    )
    result.index = pool.indices[start:end]
    result.unknown_count = pool.unknown.value
    return result


_CHUNK = ChosenPool.CHUNK
# A slice starts at most here, so that SMALL_RESULTS_MAX entities (the outputs
# struct's capacity) fit after it.
_LAST_START = _CHUNK - SMALL_RESULTS_MAX
_LOWER = 8 * _CHUNK  # bytes from a score to its lower bound, and to its upper
_UPPER = 16 * _CHUNK


def entity_arguments(entities):
    """The entities of a chosen-entity call as (n, keep, table, index_address,
    ids): ids (str) or dense indices (int) from a list, tuple, numpy array or
    pandas Index or Series (a categorical too); table the ids as an id table
    struct (trustscore._id_table; None for dense indices); keep holds the
    memory the struct or address points into; ids the ids asked for, as
    given (None for dense indices; id_list makes them a list of str)."""
    if isinstance(entities, (str, bytes)):
        raise TypeError(
            "entities must be a sequence of entity ids (str) or dense indices (int), not one "
            f"{type(entities).__name__}; pass [id] for one entity"
        )
    if isinstance(entities, (list, tuple)):
        # The first element says which: ids (id_table names any later
        # element that is not one) or dense indices.
        if not entities or isinstance(entities[0], (str, bytes)):
            values = entities
        else:
            for i, e in enumerate(entities):
                if isinstance(e, (bool, np.bool_)) or not isinstance(e, (int, np.integer)):
                    raise TypeError(
                        f"entities[{i}] is {type(e).__name__}; entities must be all ids (str) "
                        "or all dense indices (int)"
                    )
            bad = next((int(e) for e in entities if not INT64_MIN <= e <= INT64_MAX), None)
            if bad is not None:
                raise ValueError(f"entities: {bad} does not fit in int64")
            a = np.array(entities, dtype=I8)
            return len(a), [a], None, address(a), None
    elif is_categorical(entities) and is_id_column(entities):
        values = entities
    else:
        a = entities if isinstance(entities, np.ndarray) else np.asarray(entities)
        if a.ndim != 1:
            raise ValueError(f"entities must be 1-dimensional, got shape {a.shape}")
        if a.dtype.kind in "iu":
            a = index_column(a, "entities", I8, INT64_MIN, INT64_MAX)
            return len(a), [a], None, address(a), None
        if a.size and a.dtype.kind not in "USO":
            raise TypeError(
                "entities must be entity ids (str) or dense indices (int), got an array of "
                f"dtype {a.dtype}"
            )
        values = a
    table, keep = id_table(values, "entities")  # names the first id that is not a str
    return len(values), keep + [table], table, 0, values


def id_list(ids) -> list:
    """Ids as given to a call (a list, an array, a pandas column) as a list of str."""
    items = ids.tolist() if hasattr(ids, "tolist") else list(ids)
    return [e.decode("utf-8") if isinstance(e, bytes) else e for e in items]


def _general(model, store, h, opts, entities, explain, out):
    """Scores any entities (see entity_arguments); returns the result and the
    ids asked for (None for dense indices)."""
    n, keep, table, index_address, ids = entity_arguments(entities)
    arrays, addresses = output_arrays(n, len(store._factors), explain, out)
    outputs = _lib.ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, n, *addresses)
    index = np.empty(n, dtype=I8)
    unknown = c_int64()
    if table is not None:
        status = LIB.trustscore_score_entities_ids(
            model._h,
            h,
            opts,
            n,
            byref(table),
            address(index) or None,
            byref(unknown),
            byref(outputs),
        )
    else:
        status = LIB.trustscore_score_entities(
            model._h,
            h,
            opts,
            n,
            None,
            index_address or None,
            address(index) or None,
            byref(unknown),
            byref(outputs),
        )
    if status:
        raise _lib.error(status)
    del keep
    result = ChosenScoreResult(*arrays, outputs.baseline)
    result.index = index
    result.unknown_count = unknown.value
    return result, ids


def score_chosen(
    store, model, entities, profile, as_of, confidence, explain, threads, out, as_frame
):
    """EvidenceStore.score(model, ..., entities=entities): see its docstring."""
    try:
        n = len(entities)
    except TypeError:
        n = _SMALL  # not a sequence: entity_arguments says so
    if threads == 0 and n < _SMALL:
        threads = 1  # what the library picks for so few entities (see EvidenceStore.score)
    try:
        opts = options_cache[(profile, as_of, confidence, threads)][1]
    except (KeyError, TypeError):
        opts = score_options(profile, as_of, confidence, threads)[1]
    if model.__class__ is not Model and not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    lock = store._lock
    # lock.acquire_read(), inlined as in EvidenceStore.score
    active = lock._active
    active.append(None)
    if lock._blocked:
        lock.queue_read()
    try:
        h = store._hv
        if h is None:
            raise ValueError("the evidence store is closed")
        result = ids = None
        cls = entities.__class__
        if (
            0 < n <= SMALL_RESULTS_MAX
            and (cls is list or cls is tuple)
            and out is None
            and not explain
        ):
            result = _lean(model._hv, h, opts, entities, n)
            ids = entities
        if result is None:
            result, ids = _general(model, store, h.value, opts, entities, explain, out)
    finally:
        active.pop()
        if lock._blocked:
            lock.wake_writer()
    if not as_frame:
        return result
    if ids is None:  # dense indices: the frame is indexed by their ids
        ids = store._entity_ids_at(result.index.tolist())
    ids = id_list(ids)
    frame = score_frame(result, ids, store._factors)
    frame.attrs["unknown"] = [e for e, u in zip(ids, result.unknown.tolist()) if u]
    return frame
