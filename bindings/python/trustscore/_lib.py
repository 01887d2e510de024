"""Finds and loads libtrustscore and declares its C ABI (include/trustscore/trustscore.h).

Where it is looked for: :mod:`trustscore._library_location`.

The library is loaded with ``ctypes.CDLL``, which releases the GIL around every
call, so scoring from several Python threads runs in parallel. A library whose
``trustscore_abi_version()`` differs from :data:`EXPECTED_ABI_VERSION` is refused.
"""

from __future__ import annotations

import ctypes
import json
from ctypes import POINTER, c_char_p, c_double, c_int, c_int32, c_int64, c_uint64, c_void_p

from ._constants import (
    TRUSTSCORE_ABI_VERSION,
    TRUSTSCORE_E_BUFFER_TOO_SMALL,
    TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION,
    TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION,
    TRUSTSCORE_GRAPH_OPTIONS_VERSION,
    TRUSTSCORE_JOURNAL_OPTIONS_VERSION,
    TRUSTSCORE_SCORE_OPTIONS_VERSION,
)
from ._library_location import find_library
from ._library_search import ENV_VAR
from ._structs import (  # noqa: F401 (the package reads them here)
    ScoreOptions,
    GraphOptions,
    EigenTrustOptions,
    FairnessGoodnessOptions,
    ScoreOutputs,
    JournalOptions,
    RecoveryReport,
    HistoryOptions,
    HistoryOutputs,
    IdTable,
    CsvOptions,
    CsvColumns,
)
from ._version import __version__
from .errors import LibraryError, error_for_status

#: The ABI version this package is written against.
EXPECTED_ABI_VERSION = TRUSTSCORE_ABI_VERSION


# Handles are opaque pointers; arrays are passed as addresses (c_void_p taking
# a Python int: numpy memory goes down without a copy and without the cost of
# ndpointer checks). Out-parameters are byref() of ctypes scalars.
_handle = c_void_p
_array = c_void_p
_i64_out = POINTER(c_int64)
_f64_out = POINTER(c_double)
_handle_out = POINTER(c_void_p)
_string_out = [c_char_p, c_int64, _i64_out]  # buf, capacity, length
_out_array = [_array, c_int64]  # a caller's output array, its capacity in elements
_status = c_int

# The arguments of trustscore_store_add_ids and _retract_ids.
_SIGNALS_BY_TABLE = [
    _handle,  # store
    c_int64,  # count
    POINTER(IdTable),  # entities
    _array,  # factor: const int32_t*
    _array,  # value
    _array,  # weight
    _array,  # time
    _array,  # credibility
    c_double,  # default_time
]

#: One table: every exported function, its result type and argument types.
FUNCTIONS: dict[str, tuple] = {
    "trustscore_version": (c_char_p, []),
    "trustscore_abi_version": (c_int, []),
    "trustscore_status_str": (c_char_p, [c_int]),
    "trustscore_last_error": (c_char_p, []),
    "trustscore_model_create": (_status, [_handle_out]),
    "trustscore_model_from_json": (_status, [c_char_p, c_int64, _handle_out]),
    "trustscore_model_to_json": (_status, [_handle] + _string_out),
    "trustscore_model_free": (None, [_handle]),
    "trustscore_model_factor_count": (_status, [_handle, _i64_out]),
    "trustscore_model_factor_id": (_status, [_handle, c_int64] + _string_out),
    "trustscore_model_factor_index": (_status, [_handle, c_char_p, _i64_out]),
    "trustscore_model_find_factor": (_status, [_handle, c_char_p, _i64_out]),
    "trustscore_model_profile_count": (_status, [_handle, _i64_out]),
    "trustscore_model_profile_name": (_status, [_handle, c_int64] + _string_out),
    "trustscore_store_create": (_status, [_handle, _handle_out]),
    "trustscore_store_free": (None, [_handle]),
    "trustscore_store_entity_count": (_status, [_handle, _i64_out]),
    "trustscore_store_entity_id": (_status, [_handle, c_int64] + _string_out),
    "trustscore_store_factor_count": (_status, [_handle, _i64_out]),
    "trustscore_store_factor_id": (_status, [_handle, c_int64] + _string_out),
    "trustscore_store_entity_index": (_status, [_handle, c_char_p, _i64_out]),
    "trustscore_store_latest_time": (_status, [_handle, _f64_out]),
    "trustscore_store_add_signals": (
        _status,
        [
            _handle,  # store
            c_int64,  # count
            _array,  # entity_ids: const char* const*
            _array,  # entity_index: const int64_t*
            _array,  # factor: const int32_t*
            _array,  # value
            _array,  # weight
            _array,  # time
            _array,  # credibility
            c_double,  # default_time
        ],
    ),
    "trustscore_store_add_csv": (
        _status,
        [_handle, c_char_p, c_int, c_double, _i64_out, _i64_out],
    ),
    "trustscore_store_retract_signals": (
        _status,
        [
            _handle,  # store
            c_int64,  # count
            _array,  # entity_ids: const char* const*
            _array,  # entity_index: const int64_t*
            _array,  # factor: const int32_t*
            _array,  # value
            _array,  # weight
            _array,  # time
            _array,  # credibility
            c_double,  # default_time
        ],
    ),
    "trustscore_store_remove_entity": (_status, [_handle, c_char_p, c_int64, _i64_out]),
    "trustscore_journal_options_init": (_status, [POINTER(JournalOptions), c_int32]),
    "trustscore_store_open": (
        _status,
        [c_char_p, _handle, POINTER(JournalOptions), _handle_out],
    ),
    "trustscore_store_checkpoint": (_status, [_handle]),
    "trustscore_store_sync": (_status, [_handle]),
    "trustscore_store_close": (_status, [_handle]),
    "trustscore_store_add_journaled": (
        _status,
        [
            _handle,  # store
            c_int64,  # count
            _array,  # entity_ids: const char* const*
            _array,  # entity_index: const int64_t*
            _array,  # factor: const int32_t*
            _array,  # value
            _array,  # weight
            _array,  # time
            _array,  # credibility
            _array,  # sources: const char* const*
            c_double,  # default_time
            c_int32,  # durability
        ],
    ),
    "trustscore_store_retract_journaled": (
        _status,
        [
            _handle,  # store
            c_int64,  # count
            _array,  # entity_ids: const char* const*
            _array,  # entity_index: const int64_t*
            _array,  # factor: const int32_t*
            _array,  # value
            _array,  # weight
            _array,  # time
            _array,  # credibility
            c_double,  # default_time
            c_int32,  # durability
        ],
    ),
    "trustscore_recovery_report_init": (_status, [POINTER(RecoveryReport), c_int32]),
    "trustscore_store_recovery": (_status, [_handle, POINTER(RecoveryReport)]),
    "trustscore_store_recovery_file": (_status, [_handle, c_int] + _string_out),
    "trustscore_score_options_init": (_status, [POINTER(ScoreOptions)]),
    "trustscore_score_options_init_version": (_status, [POINTER(ScoreOptions), c_int32]),
    "trustscore_score": (
        _status,
        [
            _handle,  # model
            _handle,  # store
            POINTER(ScoreOptions),
            *_out_array,  # score
            *_out_array,  # lower
            *_out_array,  # upper
            *_out_array,  # contributions
            *_out_array,  # gains
            *_out_array,  # best_lever (int32)
            _f64_out,  # baseline
        ],
    ),
    "trustscore_model_save": (_status, [_handle, c_char_p, c_int]),
    "trustscore_model_load": (_status, [c_char_p, _handle_out]),
    "trustscore_model_save_buffer": (_status, [_handle, c_int, POINTER(c_void_p), _i64_out]),
    "trustscore_model_load_buffer": (_status, [c_char_p, c_int64, _handle_out]),
    "trustscore_store_save": (_status, [_handle, c_char_p, c_int]),
    "trustscore_store_load": (_status, [c_char_p, _handle_out]),
    "trustscore_store_save_buffer": (_status, [_handle, c_int, POINTER(c_void_p), _i64_out]),
    "trustscore_store_load_buffer": (_status, [c_char_p, c_int64, _handle_out]),
    "trustscore_buffer_free": (None, [c_void_p]),
    "trustscore_inspect_buffer": (
        _status,
        [c_char_p, c_int64, POINTER(c_int), POINTER(c_int), POINTER(c_int), _i64_out],
    ),
    "trustscore_inspect_file": (
        _status,
        [c_char_p, POINTER(c_int), POINTER(c_int), POINTER(c_int), _i64_out],
    ),
    "trustscore_graph_create": (
        _status,
        [c_int64, _array, _array, _array, c_int64, c_double, c_double, c_int, c_int, _handle_out],
    ),
    "trustscore_graph_load_csv": (
        _status,
        [c_char_p, c_double, c_double, c_int, c_int, _handle_out],
    ),
    "trustscore_graph_options_init": (_status, [POINTER(GraphOptions), c_int32]),
    "trustscore_eigentrust_options_init": (_status, [POINTER(EigenTrustOptions), c_int32]),
    "trustscore_graph_from_arrays": (
        _status,
        [c_int64, _array, _array, _array, c_int64, POINTER(GraphOptions), _handle_out],
    ),
    "trustscore_graph_from_csv": (_status, [c_char_p, POINTER(GraphOptions), _handle_out]),
    "trustscore_graph_eigentrust": (
        _status,
        [_handle, POINTER(EigenTrustOptions), _array, c_int64, _i64_out, _f64_out],
    ),
    "trustscore_edges_eigentrust": (
        _status,
        [
            c_int64,
            _array,
            _array,
            _array,
            c_int64,
            POINTER(GraphOptions),
            POINTER(EigenTrustOptions),
            _array,
            c_int64,
            _i64_out,
            _f64_out,
        ],
    ),
    "trustscore_graph_node_id": (_status, [_handle, c_int64, c_char_p, c_int64, _i64_out]),
    "trustscore_graph_node_index": (_status, [_handle, c_char_p, _i64_out]),
    "trustscore_graph_credibility": (_status, [_handle, c_int, _array, c_int64, _f64_out]),
    "trustscore_graph_free": (None, [_handle]),
    "trustscore_metric": (_status, [c_int, _array, _array, c_int64, c_int64, _f64_out]),
    "trustscore_evaluate": (_status, [c_char_p, c_char_p, c_char_p, POINTER(c_void_p), _i64_out]),
    "trustscore_tune": (
        _status,
        [c_char_p, c_char_p, _handle, c_char_p, POINTER(c_void_p), _i64_out],
    ),
    "trustscore_edge_prediction": (_status, [_handle, c_char_p, POINTER(c_void_p), _i64_out]),
    "trustscore_option_defaults": (_status, [c_char_p, c_char_p, c_int64, _i64_out]),
    "trustscore_factor_trust": (
        _status,
        [_handle, _handle, POINTER(ScoreOptions), _array, c_int64],
    ),
    "trustscore_fit_logistic": (
        _status,
        [_array, _array, _array, c_int64, c_int64, c_double, c_int, _array, _f64_out, _i64_out],
    ),
    "trustscore_fit_logistic_calibrated": (
        _status,
        [
            _array,
            _array,
            _array,
            c_int64,
            c_int64,
            c_double,
            c_int,
            _array,
            c_int64,
            c_uint64,
            _array,
            _f64_out,
            _array,
            _i64_out,
        ],
    ),
    "trustscore_graph_counts": (_status, [_handle, _i64_out, _i64_out]),
    "trustscore_eigentrust": (
        _status,
        [
            _handle,
            c_double,
            _array,
            c_int64,
            c_double,
            c_int64,
            _array,
            c_int64,
            _i64_out,
            _f64_out,
        ],
    ),
    "trustscore_eigentrust_edges": (
        _status,
        [
            c_int64,
            _array,
            _array,
            _array,
            c_int64,
            c_double,
            c_double,
            c_int,
            c_int,
            c_double,
            _array,
            c_int64,
            c_double,
            c_int64,
            _array,
            c_int64,
            _i64_out,
            _f64_out,
        ],
    ),
    "trustscore_fairness_goodness": (
        _status,
        [_handle, c_double, c_int64, _array, _array, c_int64, _i64_out],
    ),
    "trustscore_fairness_goodness_options_init": (
        _status,
        [POINTER(FairnessGoodnessOptions), c_int32],
    ),
    "trustscore_graph_fairness_goodness": (
        _status,
        [_handle, POINTER(FairnessGoodnessOptions), _array, _array, c_int64, _i64_out, _f64_out],
    ),
    "trustscore_score_outputs_init": (_status, [POINTER(ScoreOutputs)]),
    "trustscore_score_outputs_init_version": (_status, [POINTER(ScoreOutputs), c_int32]),
    "trustscore_score_into": (
        _status,
        [_handle, _handle, POINTER(ScoreOptions), POINTER(ScoreOutputs)],
    ),
    "trustscore_score_entities": (
        _status,
        [
            _handle,  # model
            _handle,  # store
            POINTER(ScoreOptions),
            c_int64,  # count
            _array,  # entity_ids: const char* const*
            _array,  # entity_index: const int64_t*
            _array,  # index_out: int64_t*
            _i64_out,  # unknown
            POINTER(ScoreOutputs),
        ],
    ),
    # trustscore/history.h
    "trustscore_history_event_name": (c_char_p, [c_int32]),
    "trustscore_history_options_init": (_status, [POINTER(HistoryOptions), c_int32]),
    "trustscore_entity_history": (
        _status,
        [_handle, _handle, c_char_p, POINTER(HistoryOptions), _handle_out],
    ),
    "trustscore_history_free": (None, [_handle]),
    "trustscore_history_size": (_status, [_handle, _i64_out, _i64_out]),
    "trustscore_history_outputs_init": (_status, [POINTER(HistoryOutputs), c_int32]),
    "trustscore_history_read": (_status, [_handle, POINTER(HistoryOutputs)]),
    "trustscore_history_sources": (_status, [_handle] + _string_out),
    "trustscore_score_as_of": (
        _status,
        [
            _handle,  # model
            _handle,  # store
            POINTER(ScoreOptions),
            c_int64,  # count
            _array,  # entity_ids: const char* const*
            _i64_out,  # unknown
            POINTER(ScoreOutputs),
        ],
    ),
    "trustscore_store_retract_source": (_status, [_handle, c_char_p, c_int32, _i64_out]),
    # trustscore/id_table.h: the calls above with their ids as one table
    "trustscore_id_table_init": (_status, [POINTER(IdTable), c_int32]),
    "trustscore_store_add_ids": (_status, _SIGNALS_BY_TABLE),
    "trustscore_store_retract_ids": (_status, _SIGNALS_BY_TABLE),
    "trustscore_store_find_entities": (
        _status,
        [_handle, c_int64, POINTER(IdTable), _array, _i64_out],  # store, count, ids, index_out
    ),
    "trustscore_score_entities_ids": (
        _status,
        [
            _handle,  # model
            _handle,  # store
            POINTER(ScoreOptions),
            c_int64,  # count
            POINTER(IdTable),  # entities
            _array,  # index_out: int64_t*
            _i64_out,  # unknown
            POINTER(ScoreOutputs),
        ],
    ),
    "trustscore_store_add_journaled_ids": (
        _status,
        _SIGNALS_BY_TABLE[:-1] + [POINTER(IdTable), c_double, c_int32],  # sources, default, dur.
    ),
    "trustscore_store_retract_journaled_ids": (_status, _SIGNALS_BY_TABLE + [c_int32]),
    "trustscore_score_as_of_ids": (
        _status,
        [
            _handle,  # model
            _handle,  # store
            POINTER(ScoreOptions),
            c_int64,  # count
            POINTER(IdTable),  # entities
            _i64_out,  # unknown
            POINTER(ScoreOutputs),
        ],
    ),
    "trustscore_graph_from_ids": (
        _status,
        [
            POINTER(IdTable),  # source
            POINTER(IdTable),  # target
            _array,  # rating
            c_int64,  # edges
            POINTER(GraphOptions),
            _handle_out,
        ],
    ),
    # trustscore/csv.h
    "trustscore_csv_options_init": (_status, [POINTER(CsvOptions), c_int32]),
    "trustscore_store_add_csv_with": (
        _status,
        [_handle, c_char_p, POINTER(CsvOptions), _i64_out, _i64_out],
    ),
    "trustscore_csv_read": (
        _status,
        [_handle, c_char_p, _array, c_int64, c_char_p, POINTER(CsvOptions), _handle_out],
    ),
    "trustscore_csv_signals_columns": (_status, [_handle, POINTER(CsvColumns)]),
    "trustscore_csv_signals_free": (None, [_handle]),
}


def declare(lib: ctypes.CDLL, path: str = "") -> None:
    """Sets restype and argtypes of every function in FUNCTIONS on lib."""
    for name, (restype, argtypes) in FUNCTIONS.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise LibraryError(f"{path or lib}: lacks the function {name}") from None
        fn.restype = restype
        fn.argtypes = argtypes


def load_library(path: str) -> ctypes.CDLL:
    """Loads the library at path, checks its ABI version, declares its functions."""
    try:
        lib = ctypes.CDLL(path)  # CDLL (not PyDLL): the GIL is released during calls
    except OSError as e:
        raise LibraryError(f"cannot load libtrustscore from {path!r}: {e}") from e
    try:
        abi = lib.trustscore_abi_version
    except AttributeError:
        raise LibraryError(f"{path!r} is not libtrustscore (no trustscore_abi_version)") from None
    abi.restype = c_int
    abi.argtypes = []
    found = abi()
    if found != EXPECTED_ABI_VERSION:
        raise LibraryError(
            f"{path!r} has ABI version {found}, but this trustscore package "
            f"({__version__}) needs ABI version {EXPECTED_ABI_VERSION}; install the "
            f"package that matches the library, or point {ENV_VAR} at a matching library"
        )
    declare(lib, path)
    return lib


LIB_PATH: str = find_library()
LIB: ctypes.CDLL = load_library(LIB_PATH)


def last_error() -> str:
    """The calling thread's latest C error message."""
    return LIB.trustscore_last_error().decode("utf-8", "replace")


def error(status: int):
    """The exception for a failed call's status (read right after the call,
    on the same thread: the C message is thread-local)."""
    message = last_error() or LIB.trustscore_status_str(status).decode("utf-8", "replace")
    return error_for_status(status, message)


def check(status: int) -> None:
    """Raises the trustscore.Error subclass for a non-zero status."""
    if status:
        raise error(status)


def struct_defaults(struct, init, version):
    """A versioned options struct as the library's init fills it: the
    defaults Python's signatures show, never restated here."""
    options = struct()
    check(getattr(LIB, init)(ctypes.byref(options), version))
    return options


def option_defaults(call: str) -> dict:
    """The defaults of a C call's JSON options ("evaluate", "edge_prediction"):
    the library's, so that Python's signatures never restate them."""
    return json.loads(get_string(LIB.trustscore_option_defaults, call.encode("utf-8")))


def get_string(fn, *args) -> str:
    """Calls a string-returning function (buf, capacity, length) and decodes it."""
    length = c_int64()
    buf = ctypes.create_string_buffer(128)
    status = fn(*args, buf, 128, ctypes.byref(length))
    if status == TRUSTSCORE_E_BUFFER_TOO_SMALL:  # *length is the size needed
        buf = ctypes.create_string_buffer(length.value + 1)
        status = fn(*args, buf, length.value + 1, ctypes.byref(length))
    check(status)
    return buf.raw[: length.value].decode("utf-8")


#: The defaults of the options structs, read once from the library.
SCORE_DEFAULTS = struct_defaults(
    ScoreOptions, "trustscore_score_options_init_version", TRUSTSCORE_SCORE_OPTIONS_VERSION
)
GRAPH_DEFAULTS = struct_defaults(
    GraphOptions, "trustscore_graph_options_init", TRUSTSCORE_GRAPH_OPTIONS_VERSION
)
EIGENTRUST_DEFAULTS = struct_defaults(
    EigenTrustOptions, "trustscore_eigentrust_options_init", TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION
)
FAIRNESS_GOODNESS_DEFAULTS = struct_defaults(
    FairnessGoodnessOptions,
    "trustscore_fairness_goodness_options_init",
    TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION,
)
JOURNAL_DEFAULTS = struct_defaults(
    JournalOptions, "trustscore_journal_options_init", TRUSTSCORE_JOURNAL_OPTIONS_VERSION
)
