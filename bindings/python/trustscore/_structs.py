"""The C ABI's structs (include/trustscore/trustscore.h and the headers it includes) as
ctypes Structures: their fields in the header's order, for :mod:`trustscore._lib`'s
declarations and the package's calls."""

from __future__ import annotations

import ctypes
from ctypes import c_char_p, c_double, c_int32, c_int64, c_void_p


class ScoreOptions(ctypes.Structure):
    """trustscore_score_options (TRUSTSCORE_SCORE_OPTIONS_VERSION)."""

    _fields_ = [
        ("version", c_int32),
        ("threads", c_int32),
        ("profile", c_char_p),
        ("as_of", c_double),
        ("confidence", c_double),
    ]


class GraphOptions(ctypes.Structure):
    """trustscore_graph_options (TRUSTSCORE_GRAPH_OPTIONS_VERSION)."""

    _fields_ = [
        ("version", c_int32),
        ("duplicates", c_int32),
        ("self_loops", c_int32),
        ("reserved", c_int32),
        ("rating_min", c_double),
        ("rating_max", c_double),
    ]


class EigenTrustOptions(ctypes.Structure):
    """trustscore_eigentrust_options (TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION);
    seeds is an address (an int), as every array here."""

    _fields_ = [
        ("version", c_int32),
        ("reserved", c_int32),
        ("alpha", c_double),
        ("seeds", c_void_p),
        ("seed_count", c_int64),
        ("tolerance", c_double),
        ("max_iterations", c_int64),
        ("threads", c_int32),
        ("reserved2", c_int32),
    ]


class FairnessGoodnessOptions(ctypes.Structure):
    """trustscore_fairness_goodness_options (TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION)."""

    _fields_ = [
        ("version", c_int32),
        ("threads", c_int32),
        ("tolerance", c_double),
        ("max_iterations", c_int64),
        ("unrated_goodness", c_double),
    ]


class ScoreOutputs(ctypes.Structure):
    """trustscore_score_outputs (TRUSTSCORE_SCORE_OUTPUTS_VERSION). Array
    fields are addresses (ints), as everywhere in this package."""

    _fields_ = [
        ("version", c_int32),
        ("reserved", c_int32),
        ("capacity", c_int64),
        ("score", c_void_p),
        ("lower", c_void_p),
        ("upper", c_void_p),
        ("contributions", c_void_p),
        ("gains", c_void_p),
        ("best_lever", c_void_p),
        ("baseline", c_double),
        ("as_of", c_double),
    ]


class JournalOptions(ctypes.Structure):
    """trustscore_journal_options (TRUSTSCORE_JOURNAL_OPTIONS_VERSION)."""

    _fields_ = [
        ("version", c_int32),
        ("durability", c_int32),
        ("interval_ms", c_double),
        ("keep_history", c_int32),
        ("reserved", c_int32),
    ]


class RecoveryReport(ctypes.Structure):
    """trustscore_recovery_report (TRUSTSCORE_RECOVERY_REPORT_VERSION)."""

    _fields_ = [
        ("version", c_int32),
        ("cut", c_int32),
        ("journals", c_int64),
        ("records", c_int64),
        ("signals", c_int64),
        ("cut_offset", c_int64),
        ("cut_bytes", c_int64),
        ("cut_records", c_int64),
    ]


class HistoryOptions(ctypes.Structure):
    """trustscore_history_options (TRUSTSCORE_HISTORY_OPTIONS_VERSION); times is an address."""

    _fields_ = [
        ("version", c_int32),
        ("explain", c_int32),
        ("profile", c_char_p),
        ("confidence", c_double),
        ("times", c_void_p),
        ("time_count", c_int64),
    ]


class HistoryOutputs(ctypes.Structure):
    """trustscore_history_outputs (TRUSTSCORE_HISTORY_OUTPUTS_VERSION); arrays are addresses."""

    _fields_ = [("version", c_int32), ("reserved", c_int32), ("capacity", c_int64)] + [
        (name, c_void_p)
        for name in (
            "time",
            "event",
            "factor",
            "value",
            "weight",
            "signal_time",
            "credibility",
            "score",
            "lower",
            "upper",
            "change",
            "contributions",
            "source_end",
        )
    ]


class IdTable(ctypes.Structure):
    """trustscore_id_table (TRUSTSCORE_ID_TABLE_VERSION, trustscore/id_table.h):
    ids as bytes back to back plus offsets, and optionally codes; data,
    offsets and codes are addresses (ints)."""

    _fields_ = [
        ("version", c_int32),
        ("reserved", c_int32),
        ("data", c_void_p),
        ("data_size", c_int64),
        ("offsets", c_void_p),
        ("count", c_int64),
        ("codes", c_void_p),
    ]


class CsvOptions(ctypes.Structure):
    """trustscore_csv_options (TRUSTSCORE_CSV_OPTIONS_VERSION)."""

    _fields_ = [
        ("version", c_int32),
        ("skip_bad_rows", c_int32),
        ("default_time", c_double),
        ("threads", c_int32),
        ("reserved", c_int32),
        ("block_bytes", c_int64),
    ]


class CsvColumns(ctypes.Structure):
    """trustscore_csv_columns; arrays are addresses (ints)."""

    _fields_ = [
        ("count", c_int64),
        ("id_count", c_int64),
        ("id_data", c_void_p),
        ("id_offsets", c_void_p),
        ("codes", c_void_p),
        ("factor", c_void_p),
        ("value", c_void_p),
        ("weight", c_void_p),
        ("time", c_void_p),
        ("credibility", c_void_p),
        ("line", c_void_p),
        ("rows", c_int64),
        ("skipped", c_int64),
    ]
