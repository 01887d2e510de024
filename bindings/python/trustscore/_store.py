"""EvidenceStore: evidence about entities over the C ABI, adding signals
(arrays, DataFrames, CSV files), look-ups, saving and loading, and scoring."""

from __future__ import annotations

import ctypes
import threading
import weakref
from ctypes import byref, c_double, c_int64, c_void_p

import numpy as np

from . import _chosen, _csv, _history, _journal, _lib, _persist
from ._constants import TRUSTSCORE_E_BUFFER_TOO_SMALL, TRUSTSCORE_SCORE_OUTPUTS_VERSION
from ._inputs import (
    addressof as _addressof,
    from_buffer as _from_buffer,
    options_cache as _options_cache,
    score_options,
)
from ._lib import LIB, check
from ._model import Model
from ._results import (
    SMALL_RESULTS_MAX as _SMALL_RESULTS_MAX,
    CsvReport,
    ScoreResult,
    SmallResults as _SmallResults,
    output_arrays,
    score_frame,
    thread_state as _thread_state,
)
from ._rwlock import ReadWriteLock
from ._signals import signal_columns

# The score call, bound once: the hot path of one-entity calls. Its outputs go
# in one struct (four arguments instead of sixteen), and this function object
# has no argtypes: its arguments are passed as ctypes objects already (handles
# as c_void_p, the rest by reference), which skips a conversion per argument.
# trustscore_score_into's declaration in _lib.FUNCTIONS documents the types.
# The names the hot path reads are module globals of this module (one dict
# look-up each).
_ScoreOutputs = _lib.ScoreOutputs
_score_into = LIB["trustscore_score_into"]  # a new function object, not LIB's
_score_into.restype = ctypes.c_int
_byref = byref
_tuple_new = tuple.__new__
_E_BUFFER_TOO_SMALL = TRUSTSCORE_E_BUFFER_TOO_SMALL

# The writers, by name (looked up per call): (entities by index, entities by
# id as a table).
_ADD = ("trustscore_store_add_signals", "trustscore_store_add_ids")
_RETRACT = ("trustscore_store_retract_signals", "trustscore_store_retract_ids")
_ADD_JOURNALED = ("trustscore_store_add_journaled", "trustscore_store_add_journaled_ids")
_RETRACT_JOURNALED = (
    "trustscore_store_retract_journaled",
    "trustscore_store_retract_journaled_ids",
)

# Below this many entities a score call runs on one thread.
_SMALL = 4096


class EvidenceStore(_journal.JournalMethods):
    """Evidence about entities: positive and negative mass per (entity, factor).

    Created for a model, whose factors (and their half-lives and negativity,
    applied on ingest) it copies. Every method may run from many threads at
    once: adds and retractions run beside scoring (the library's store has a
    lock of its own, and the GIL is released during its calls); a scorer
    sees each signal whole, and an add of many signals in chunks. Only
    close() waits for the calls in flight.

    EvidenceStore.open(directory, ...) gives a journaled store, kept in a
    directory: every change is journaled before its call returns
    (checkpoint(), sync(), recovery; trustscore._journal).
    """

    __module__ = "trustscore"  # where pickles find the class (see trustscore._core)

    __slots__ = (
        "_h",
        "_hv",
        "_factors",
        "_factor_index",
        "_n",
        "_ids",
        "_ids_lock",
        "_count_lock",
        "_lock",
        "_recovery",
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
        self._ids_lock = threading.Lock()  # the id cache
        self._count_lock = threading.Lock()  # _n (a reader filling the id cache keeps _ids_lock)
        self._lock = ReadWriteLock()
        self._recovery = None  # a journaled store's (EvidenceStore.open)
        self._n = 0
        self._refresh_count()

    # -- saving and loading (docs/guide/persistence.md)

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
        """Frees the store now (otherwise when it is garbage-collected). A
        journaled store is closed first: its journal synced, its directory
        released; a failure to sync raises once the store is freed."""
        self._lock.acquire_write()
        try:
            error = self._close_journal()
            self._finalizer()
            self._h = None
            self._hv = None
        finally:
            self._lock.release_write()
        if error is not None:
            raise error

    def __enter__(self) -> "EvidenceStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _handle(self) -> int:
        if self._h is None:
            raise ValueError("the evidence store is closed")
        return self._h

    def _refresh_count(self) -> None:
        """Reads the entity count. It only grows, and threads adding at once
        may read it in any order: _n keeps the largest seen."""
        count = c_int64()
        check(LIB.trustscore_store_entity_count(self._h, byref(count)))
        with self._count_lock:
            if count.value > self._n:
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

    def _entity_ids_at(self, indices) -> list:
        """The ids of dense indices (-1: None), from the cache when it has them."""
        self._lock.acquire_read()
        try:
            h = self._handle()
            ids = self._ids
            return [
                None
                if i < 0
                else ids[i]
                if i < len(ids)
                else _lib.get_string(LIB.trustscore_store_entity_id, h, i)
                for i in indices
            ]
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
        if self._recovery is not None:
            state += ", journaled"
        return f"<trustscore.EvidenceStore: {state}, {len(self._factors)} factors>"

    # -- adding and retracting evidence

    def add(
        self,
        entity,
        factor=None,
        value=None,
        weight=None,
        time=None,
        credibility=None,
        default_time=None,
        source=None,
        durability=None,
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
        Scoring from other threads goes on meanwhile and sees the signals
        in chunks of 256.

        A journaled store (EvidenceStore.open) journals the call; there,
        source names who gave each signal (one str for all, or one str or
        None per signal; ``add(df)`` takes a "source" column), for
        retraction by source, and durability ("sync", "interval", "none";
        None: the store's) says when the call returns.
        """
        if self._recovery is not None:  # a plain store's frame has no source column
            entity, source = _journal.split_source(entity, source)
        arguments = (entity, factor, value, weight, time, credibility, default_time)
        if source is None and durability is None:
            return self._signals("add", _ADD, arguments)
        journaled = _journal.journaled_arguments(source, durability)
        return self._signals("add", _ADD_JOURNALED, arguments, journaled)

    def retract(
        self,
        entity,
        factor=None,
        value=None,
        weight=None,
        time=None,
        credibility=None,
        default_time=None,
        durability=None,
    ) -> int:
        """Takes back signals added before and returns how many: the store
        then scores as one that never had them (up to rounding).

        The arguments are those of :meth:`add`, each signal given with the
        fields it was added with. Every signal needs its time (time, or
        default_time: None here means none, not the wall clock), since its
        mass depends on it. Each is checked against what its cell holds: an
        entity the store does not hold, a cell without signals, a time after
        the newest signal or more mass than the cell holds raise
        InvalidArgumentError naming the signal. All or nothing: on error
        the store is unchanged. durability: as in :meth:`add`.
        """
        arguments = (entity, factor, value, weight, time, credibility, default_time)
        if durability is None:
            return self._signals("retract", _RETRACT, arguments)
        journaled = _journal.journaled_arguments(None, durability, retract=True)
        return self._signals("retract", _RETRACT_JOURNALED, arguments, journaled)

    def _signals(self, verb, functions, arguments, journaled=None) -> int:
        """Calls functions[0] (entities by index) or functions[1] (by id, as
        a table) with the columns of arguments; journaled (a function of the
        columns) gives the C arguments of a journaled call."""
        columns = signal_columns(verb, self._factor_index, self._factors, *arguments)
        if columns.n == 0:
            return 0
        function = getattr(LIB, functions[1] if columns.by_id else functions[0])
        c_arguments = columns.arguments if journaled is None else journaled(columns)
        self._lock.acquire_read()  # the library's store locks itself; this keeps close() out
        try:
            status = function(self._handle(), *c_arguments)
            if status:
                raise _lib.error(status)
            self._refresh_count()
        finally:
            self._lock.release_read()
        return columns.n  # columns (their memory) lived until the call returned

    def add_csv(
        self, path, skip_bad_rows: bool = False, default_time=None, threads=1, block_bytes=None
    ) -> CsvReport:
        """Adds the signals of a CSV file (header entity,factor,value[,weight,
        time,source]) with the library's reader, which streams the file a
        block of block_bytes at a time (None: 4 MiB) and parses each block
        with `threads` threads (0: every core; the result never depends on
        it). A bad row raises BadFormatError naming file, line and
        column (the store is unchanged) unless skip_bad_rows is true, in which
        case bad rows are left out and counted. A missing or unreadable file
        raises TrustscoreIOError."""
        options = _csv.csv_options(skip_bad_rows, default_time, threads, block_bytes)
        self._lock.acquire_read()  # as in add
        try:
            added, skipped = _csv.add_csv(self._handle(), path, options)
            self._refresh_count()
        finally:
            self._lock.release_read()
        return CsvReport(added, skipped)

    def remove_entity(self, entity) -> int:
        """Removes every signal of one entity (an id, str, or a dense index,
        int) and returns how many it had. The entity keeps its index, with
        no evidence: it scores as the baseline until it gets signals again.
        An id the store does not hold or an index out of range raises
        InvalidArgumentError."""
        if isinstance(entity, str):
            name, index = entity.encode("utf-8"), 0
            if b"\0" in name:
                raise ValueError("entity contains a NUL character")
        elif isinstance(entity, (int, np.integer)) and not isinstance(entity, (bool, np.bool_)):
            name, index = None, int(entity)
            if not -(2**63) <= index < 2**63:
                raise ValueError(f"entity index {index} does not fit in int64")
        else:
            raise TypeError(
                f"entity must be an entity id (str) or a dense index (int), not {type(entity).__name__}"
            )
        removed = c_int64()
        self._lock.acquire_read()
        try:
            check(LIB.trustscore_store_remove_entity(self._handle(), name, index, byref(removed)))
        finally:
            self._lock.release_read()
        return removed.value

    # -- history of a journaled store (docstrings in trustscore._history)

    history = _history.entity_history
    retract_source = _history.retract_source

    # -- scoring

    def score(
        self,
        model: Model,
        profile=None,
        as_of=None,
        confidence=_lib.SCORE_DEFAULTS.confidence,
        explain=False,
        threads=0,
        out=None,
        as_frame=False,
        entities=None,
    ):
        """Scores every entity with model, or the chosen `entities`; see
        :class:`ScoreResult`.

        profile: a profile name (None: the model's default). as_of: the time
        to score at (unix seconds or a datetime; None: the newest signal).
        confidence: of the interval. explain: also contributions, gains and
        best lever. threads: 0 uses every core. out: arrays to fill in place
        (a dict name -> array, or a previous ScoreResult): float64 (int32 for
        best_lever), C-contiguous, writable, shape (N,) or (N, F); missing
        ones are allocated. as_frame: return a pandas DataFrame indexed by
        entity id instead. The GIL is released while the C library scores.

        A journaled store (EvidenceStore.open) also scores as of a time
        before its newest signal: the scores of the signals live then, read
        from its journals (keep_history), a retraction or removal counting
        from when it was recorded; other stores refuse such an as_of.

        entities: score only these, in this order (N above is their count):
        entity ids (a list or tuple of str, a numpy array of str or object,
        a pandas Index) or dense indices (a numpy integer array, or a list of
        int). The result is a :class:`ChosenScoreResult`, whose rows equal the
        entities' rows of scoring the whole store; an id the store does not
        hold scores as an entity without evidence and is marked in
        ``result.unknown`` (its frame lists such ids in
        ``frame.attrs["unknown"]``); an index out of range raises
        InvalidArgumentError. Ids may repeat. A few ids in a list take a
        lean path (a few microseconds a call).
        """
        if as_of is not None and _history.scores_the_past(self, as_of):
            return _history.score_as_of(
                self, model, entities, profile, as_of, confidence, explain, threads, out, as_frame
            )
        if entities is not None:
            return _chosen.score_chosen(
                self, model, entities, profile, as_of, confidence, explain, threads, out, as_frame
            )
        if threads == 0 and self._n < _SMALL:
            # One thread is what the library picks for so few entities anyway
            # (results never depend on the thread count); saying so spares it
            # asking the OS for the core count, which costs microseconds.
            threads = 1
        try:
            opts = _options_cache[(profile, as_of, confidence, threads)][1]
        except (KeyError, TypeError):
            opts = score_options(profile, as_of, confidence, threads)[1]
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
            while True:
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
                    arrays, addresses = output_arrays(n, len(self._factors), explain, out)
                    outputs = _ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, n, *addresses)
                    ref = _byref(outputs)
                status = _score_into(model._hv, h, opts, ref)
                if status != _E_BUFFER_TOO_SMALL or out is not None:
                    break
                # An add on another thread grew the store after _n was read
                # (the library checks capacities under its lock): read it again.
                self._refresh_count()
                n = self._n
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
            return score_frame(result, self.entities[:n], self._factors)
        return result


def score(model: Model, store: EvidenceStore, **options):
    """``store.score(model, **options)``."""
    return store.score(model, **options)
