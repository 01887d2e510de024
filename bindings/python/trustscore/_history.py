"""History of a journaled store (include/trustscore/history.h): an entity's
history as a pandas DataFrame, scores as of a past time, and retraction by
source. EvidenceStore.history, .retract_source and .score(as_of=<past>) call
these; the store must be journaled (EvidenceStore.open), and history and past
scores need the journals since its creation (keep_history).

Times are unix seconds (float64), as everywhere in the package: the rows'
times, the signals' times, and ``times=`` (which also takes datetimes, see
trustscore._time).
"""

from __future__ import annotations

import ctypes
from ctypes import byref, c_int64, c_void_p

import numpy as np

from . import _lib
from ._chosen import entity_arguments, id_list
from ._constants import (
    TRUSTSCORE_HISTORY_ADDED,
    TRUSTSCORE_HISTORY_AT_TIME,
    TRUSTSCORE_HISTORY_OPTIONS_VERSION,
    TRUSTSCORE_HISTORY_OUTPUTS_VERSION,
    TRUSTSCORE_HISTORY_REMOVED,
    TRUSTSCORE_HISTORY_RETRACTED,
    TRUSTSCORE_SCORE_OUTPUTS_VERSION,
)
from ._journal import durability_code
from ._id_table import id_table
from ._inputs import F8, I4, I8, address, score_options
from ._lib import LIB, check
from ._model import Model
from ._results import ChosenScoreResult, ScoreResult, output_arrays, score_frame
from ._time import datetimes_to_unix, to_unix


#: The event codes of the ``event`` column, by name.
EVENTS = {
    "added": TRUSTSCORE_HISTORY_ADDED,
    "retracted": TRUSTSCORE_HISTORY_RETRACTED,
    "removed": TRUSTSCORE_HISTORY_REMOVED,
    "at_time": TRUSTSCORE_HISTORY_AT_TIME,
}

#: The columns of a history frame before the contributions, in order.
COLUMNS = (
    "time",
    "event",
    "factor",
    "value",
    "weight",
    "signal_time",
    "credibility",
    "source",
    "score",
    "lower",
    "upper",
    "change",
)


def _times(times) -> np.ndarray:
    """times= as a float64 array of unix seconds: one time or a sequence
    (unix seconds, datetimes, a datetime64 array, a pandas datetime column)."""
    seconds = datetimes_to_unix(times)
    if seconds is not None:
        return seconds
    if isinstance(times, np.ndarray) and times.dtype.kind in "iuf":
        return np.ascontiguousarray(times, dtype=F8).reshape(-1)
    if isinstance(times, (list, tuple)) or isinstance(times, np.ndarray):
        return np.array([to_unix(t, f"times[{i}]") for i, t in enumerate(times)], dtype=F8)
    return np.array([to_unix(times, "times")], dtype=F8)


def _history_options(times, explain, profile, confidence):
    """(options struct, the times array it points into)."""
    options = _lib.struct_defaults(
        _lib.HistoryOptions, "trustscore_history_options_init", TRUSTSCORE_HISTORY_OPTIONS_VERSION
    )
    options.explain = 1 if explain else 0
    if profile is not None:
        if not isinstance(profile, str):
            raise TypeError(f"profile must be str or None, not {type(profile).__name__}")
        options.profile = profile.encode("utf-8")
    if confidence is not None:
        options.confidence = float(confidence)
    at = None
    if times is not None:
        at = _times(times)
        if np.isnan(at).any():
            raise ValueError("times has a missing time (None, NaT or NaN)")
        options.times = address(at) or None
        options.time_count = len(at)
    return options, at


def _read_columns(handle):
    """The columns of a history handle: {name: array} and the factor count."""
    rows, factors = c_int64(), c_int64()
    check(LIB.trustscore_history_size(handle, byref(rows), byref(factors)))
    n, nf = rows.value, factors.value
    columns = {
        name: np.empty(n, dtype=I4 if name in ("event", "factor") else F8)
        for name in COLUMNS
        if name != "source"
    }
    columns["contributions"] = np.empty((n, nf), dtype=F8)
    columns["source_end"] = np.empty(n, dtype=I8)
    outputs = _lib.struct_defaults(
        _lib.HistoryOutputs, "trustscore_history_outputs_init", TRUSTSCORE_HISTORY_OUTPUTS_VERSION
    )
    outputs.capacity = n
    for name, array in columns.items():
        setattr(outputs, name, address(array) or None)
    check(LIB.trustscore_history_read(handle, byref(outputs)))
    # The sources: one text, row i's ending at source_end[i] (bytes).
    length = c_int64()
    check(LIB.trustscore_history_sources(handle, None, 0, byref(length)))
    text = ctypes.create_string_buffer(length.value + 1)
    check(LIB.trustscore_history_sources(handle, text, length.value + 1, byref(length)))
    raw = text.raw[: length.value]
    ends = columns.pop("source_end").tolist()
    columns["source"] = [
        raw[start:end].decode("utf-8", "replace") for start, end in zip([0] + ends[:-1], ends)
    ]
    return columns, nf


def entity_history(
    store, model, entity: str, times=None, explain=True, profile=None, confidence=None
):
    """The history of one entity of a journaled store as a pandas DataFrame:
    one row per event (each signal added, retracted, or the entity's evidence
    removed) in time order, or one row per time in `times` (in their order).

    Columns: time (unix seconds: the row's scores are as of it; a retraction
    or removal counts from when it was recorded), event ("added",
    "retracted", "removed", "at_time"), factor (the signal's factor id; None
    for removed and at_time rows), value, weight, signal_time, credibility
    (the signal's; NaN where there is none), source (who gave it; "" for
    none), score, lower, upper (as of the row's time), change (the score
    after the event minus just before it, both as of the row's time; 0 for
    at_time rows) and, with explain, one ``contribution:FACTOR`` column per
    factor. ``frame.attrs["entity"]`` is the entity.

    times: unix seconds or datetimes, one or a sequence. profile: a profile
    name (None: the model's default); confidence: of the interval (None:
    0.95). An entity the journals never name raises InvalidArgumentError, as
    does a store that is not journaled or whose checkpoints removed journals
    (open it with keep_history). trustscore.plot_history draws the frame.
    """
    import pandas as pd

    if not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    if not isinstance(entity, str):
        raise TypeError(f"entity must be an entity id (str), not {type(entity).__name__}")
    name = entity.encode("utf-8")
    if b"\0" in name:
        raise ValueError("entity contains a NUL character")
    options, at = _history_options(times, explain, profile, confidence)
    handle = c_void_p()
    store._lock.acquire_read()
    try:
        check(
            LIB.trustscore_entity_history(
                model._h, store._handle(), name, byref(options), byref(handle)
            )
        )
    finally:
        store._lock.release_read()
    del at  # options pointed into it until the call returned
    try:
        columns, nf = _read_columns(handle)
    finally:
        LIB.trustscore_history_free(handle)
    names = {code: event for event, code in EVENTS.items()}
    factors = store.factors
    factor_ids = np.array(factors + [None], dtype=object)  # -1 -> None
    data = {
        "time": columns["time"],
        "event": pd.Categorical(
            [names.get(e, "unknown") for e in columns["event"].tolist()],
            categories=list(EVENTS),
        ),
        "factor": factor_ids[columns["factor"]],
    }
    for column in COLUMNS[3:]:
        data[column] = columns[column]
    if explain:
        for f, factor in enumerate(factors[:nf]):
            data[f"contribution:{factor}"] = columns["contributions"][:, f]
    frame = pd.DataFrame(data)
    frame.attrs["entity"] = entity
    return frame


def retract_source(store, source: str, durability=None) -> int:
    """Takes back every live signal that `source` gave to a journaled store
    and returns how many (a sybil account or a paid review site found
    later), as one journaled retraction with `durability` ("sync",
    "interval", "none"; None: the store's). A source with no live signal
    retracts nothing. A store that is not journaled raises
    InvalidArgumentError."""
    if not isinstance(source, str):
        raise TypeError(f"source must be str, not {type(source).__name__}")
    name = source.encode("utf-8")
    if b"\0" in name:
        raise ValueError("source contains a NUL character")
    code = durability_code(durability, default_allowed=True)
    retracted = c_int64()
    store._lock.acquire_read()
    try:
        check(LIB.trustscore_store_retract_source(store._handle(), name, code, byref(retracted)))
        store._refresh_count()
    finally:
        store._lock.release_read()
    return retracted.value


def scores_the_past(store, as_of) -> bool:
    """Whether a score call as of `as_of` reads the journals: a journaled
    store and a time before its newest signal, which its sums cannot leave
    out (a plain store refuses such as_of). Later times are the store's sums,
    decayed, as on a plain store: they hold every retraction made so far,
    also one recorded after as_of (history() shows when each took effect)."""
    if not store.journaled:
        return False
    return to_unix(as_of, "as_of") < store.latest_time


def score_as_of(
    store, model, entities, profile, as_of, confidence, explain, threads, out, as_frame
):
    """EvidenceStore.score of a journaled store as of a time before its newest
    signal: the scores of the signals live then, read from the journals.
    Every entity of the store (entities None) or the chosen ones."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    indices = None
    if entities is None:
        ids = store.entities
    else:
        n, keep, table, _, ids = entity_arguments(entities)
        if table is None:  # dense indices: scored by their ids
            indices = keep[0]
            ids = store._entity_ids_at(indices.tolist())
    if entities is None or indices is not None:
        table, keep = id_table(ids, "entities")
        keep.append(table)
    n = len(ids)
    arrays, addresses = output_arrays(n, len(store.factors), explain, out)
    outputs = _lib.ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, n, *addresses)
    opts = score_options(profile, as_of, confidence, threads)[1]
    unknown = c_int64()
    store._lock.acquire_read()
    try:
        h = store._handle()
        check(
            LIB.trustscore_score_as_of_ids(
                model._h, h, opts, n, byref(table), byref(unknown), byref(outputs)
            )
        )
        if entities is not None and indices is None:
            indices = np.empty(n, dtype=I8)
            check(LIB.trustscore_store_find_entities(h, n, byref(table), address(indices), None))
    finally:
        store._lock.release_read()
    del keep
    if entities is None:
        result = ScoreResult(*arrays, outputs.baseline)
        return score_frame(result, ids, store.factors) if as_frame else result
    result = ChosenScoreResult(*arrays, outputs.baseline)
    result.index = indices
    result.unknown_count = unknown.value
    if not as_frame:
        return result
    ids = id_list(ids)
    frame = score_frame(result, ids, store.factors)
    frame.attrs["unknown"] = [e for e, u in zip(ids, result.unknown.tolist()) if u]
    return frame
