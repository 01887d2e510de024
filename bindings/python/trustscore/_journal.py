"""Journaled stores (include/trustscore/journal.h): EvidenceStore.open and
the methods only a journaled store has, mixed into EvidenceStore; the
source column and durability of its adds and retractions. See
docs/guide/journal.md."""

from __future__ import annotations

import math
from ctypes import byref, c_void_p
from dataclasses import dataclass

import numpy as np

from . import _lib, _persist
from ._constants import (
    TRUSTSCORE_DURABILITY_DEFAULT,
    TRUSTSCORE_DURABILITY_INTERVAL,
    TRUSTSCORE_DURABILITY_NONE,
    TRUSTSCORE_DURABILITY_SYNC,
    TRUSTSCORE_JOURNAL_OPTIONS_VERSION,
    TRUSTSCORE_RECOVERY_CHECKPOINT,
    TRUSTSCORE_RECOVERY_CUT_FILE,
    TRUSTSCORE_RECOVERY_REPORT_VERSION,
)
from ._id_table import id_table
from ._inputs import address, encode_ids, is_dataframe, length
from ._lib import LIB, check
from ._model import Model
from .errors import InvalidArgumentError

#: Durability names and their TRUSTSCORE_DURABILITY_* codes (None: the store's).
DURABILITIES = {
    "sync": TRUSTSCORE_DURABILITY_SYNC,
    "interval": TRUSTSCORE_DURABILITY_INTERVAL,
    "none": TRUSTSCORE_DURABILITY_NONE,
}
_DURABILITY_NAMES = {code: name for name, code in DURABILITIES.items()}
_DEFAULTS = _lib.JOURNAL_DEFAULTS


@dataclass(frozen=True)
class Recovery:
    """What opening a journaled store found and did (``store.recovery``).

    checkpoint: the checkpoint file loaded; journals, records, signals: the
    journal files, records and signals replayed after it. cut: whether a
    torn tail (a crash mid-write) was cut off the last journal, cut_file
    (None when not), where the cut began (cut_offset), and the bytes and
    records it held (a partial record counts one).
    """

    __module__ = "trustscore"  # where pickles find the class (see trustscore._core)

    checkpoint: str
    journals: int
    records: int
    signals: int
    cut: bool
    cut_file: str | None
    cut_offset: int
    cut_bytes: int
    cut_records: int


def durability_code(durability, default_allowed: bool) -> int:
    """The TRUSTSCORE_DURABILITY_* code of "sync", "interval" or "none" (or
    None, per call: the store's)."""
    if durability is None and default_allowed:
        return TRUSTSCORE_DURABILITY_DEFAULT
    try:
        return DURABILITIES[durability]
    except (KeyError, TypeError):
        names = "'sync', 'interval' or 'none'" + (" (or None: the store's)" * default_allowed)
        raise InvalidArgumentError(f"durability must be {names}, not {durability!r}") from None


def _recovery(handle) -> Recovery:
    report = _lib.RecoveryReport()
    check(LIB.trustscore_recovery_report_init(byref(report), TRUSTSCORE_RECOVERY_REPORT_VERSION))
    check(LIB.trustscore_store_recovery(handle, byref(report)))
    checkpoint = _lib.get_string(
        LIB.trustscore_store_recovery_file, handle, TRUSTSCORE_RECOVERY_CHECKPOINT
    )
    cut_file = _lib.get_string(
        LIB.trustscore_store_recovery_file, handle, TRUSTSCORE_RECOVERY_CUT_FILE
    )
    return Recovery(
        checkpoint=checkpoint,
        journals=report.journals,
        records=report.records,
        signals=report.signals,
        cut=bool(report.cut),
        cut_file=cut_file or None,
        cut_offset=report.cut_offset,
        cut_bytes=report.cut_bytes,
        cut_records=report.cut_records,
    )


def source_values(source, n: int):
    """The source argument of add for n signals (None, one str for every
    signal, or one str or None per signal) as a list of n str or bytes ("":
    none), or None for no sources; None (NaN from pandas) means no source."""
    if source is None:
        return None
    if length(source) is None:
        if not isinstance(source, (str, bytes)):
            raise TypeError(f"source must be str or a sequence of str, not {type(source).__name__}")
        return [source] * n
    values = list(source.tolist() if isinstance(source, np.ndarray) else source)
    if len(values) != n:
        raise ValueError(f"source has {len(values)} elements, expected {n} (one per signal)")
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values]


def source_column(source, n: int):
    """The sources (source_values) as (keep, address of n C strings or 0)."""
    values = source_values(source, n)
    if values is None:
        return [], 0
    blob, pointers = encode_ids(values, "source")
    return [blob, pointers], address(pointers)


def source_table(source, n: int):
    """The sources (source_values) as (keep, byref of an id table or None)."""
    values = source_values(source, n)
    if values is None:
        return [], None
    table, keep = id_table(values, "source")
    return keep + [table], byref(table)


class JournalMethods:
    """The journaled store's part of EvidenceStore (the class mixes it in)."""

    __slots__ = ()

    @classmethod
    def open(
        cls,
        directory,
        model=None,
        durability: str = _DURABILITY_NAMES[_DEFAULTS.durability],
        interval_ms: float = _DEFAULTS.interval_ms,
        keep_history: bool = bool(_DEFAULTS.keep_history),
    ):
        """The store kept in directory, journaled: every add, retraction and
        removal is appended to a journal before the call returns, and a
        reopened store holds every call that returned.

        With a model, a directory without a store is created (its parent
        must exist) with an empty store of the model's factors; without
        one, the directory must hold a store. durability: "sync" (a call
        returns once its signals are on disk), "interval" (on disk at most
        interval_ms later) or "none" (left to the operating system, and to
        checkpoint(), sync() and close()). keep_history: checkpoints keep
        the journals they cover. A directory open elsewhere (another
        process, or another store object here) raises TrustscoreIOError; a
        damaged journal BadFormatError naming the file and offset. Use it
        in a ``with`` block, or call close(): that syncs the journal and
        releases the directory.
        """
        options = _lib.JournalOptions()
        check(
            LIB.trustscore_journal_options_init(byref(options), TRUSTSCORE_JOURNAL_OPTIONS_VERSION)
        )
        options.durability = durability_code(durability, default_allowed=False)
        if isinstance(interval_ms, bool) or not isinstance(interval_ms, (int, float, np.number)):
            raise TypeError(f"interval_ms must be a number, not {type(interval_ms).__name__}")
        options.interval_ms = float(interval_ms)
        options.keep_history = 1 if keep_history else 0
        if model is not None and not isinstance(model, Model):
            raise TypeError(f"model must be a trustscore.Model or None, not {type(model).__name__}")
        handle = c_void_p()
        check(
            LIB.trustscore_store_open(
                _persist.path_bytes(directory),
                None if model is None else model._h,
                byref(options),
                byref(handle),
            )
        )
        store = cls.__new__(cls)
        store._adopt(handle)
        store._recovery = _recovery(store._h)
        return store

    @property
    def journaled(self) -> bool:
        """Whether the store is journaled (made by EvidenceStore.open)."""
        return self._recovery is not None

    @property
    def recovery(self) -> Recovery | None:
        """What opening found and did (a :class:`Recovery`); None for a
        store that is not journaled."""
        return self._recovery

    def checkpoint(self) -> None:
        """Saves the store whole (atomically) as a new checkpoint and starts
        a new journal; the older checkpoint goes, and the journals it covered
        unless keep_history. Writers wait meanwhile."""
        self._journal_call(LIB.trustscore_store_checkpoint)

    def sync(self) -> None:
        """Puts every journaled call so far on disk (for durability "none"
        or "interval")."""
        self._journal_call(LIB.trustscore_store_sync)

    def _journal_call(self, function) -> None:
        self._lock.acquire_read()
        try:
            check(function(self._handle()))
        finally:
            self._lock.release_read()

    def _close_journal(self):
        """Closes the journal of a journaled store that is still open (call
        with the store's lock held for writing): the exception to raise once
        the store is freed, or None."""
        if self._h is None or self._recovery is None:
            return None
        status = LIB.trustscore_store_close(self._h)
        return _lib.error(status) if status else None


def journaled_arguments(source, durability, retract: bool = False):
    """A function of SignalColumns giving the arguments of
    trustscore_store_add_journaled (or _retract_journaled) after the store."""
    code = durability_code(durability, default_allowed=True)

    def arguments(columns):
        *signal, default_time = columns.arguments
        if retract:
            return (*signal, default_time, code)
        if columns.by_id:
            keep, sources = source_table(source, columns.n)
        else:
            keep, sources = source_column(source, columns.n)
        columns.keep.extend(keep)  # held until the call returns, as the columns are
        return (*signal, sources or None, default_time, code)

    return arguments


def split_source(entity, source):
    """add(df): a "source" column of the DataFrame is the source argument."""
    if not is_dataframe(entity) or "source" not in entity.columns:
        return entity, source
    if source is not None:
        raise TypeError("add(df) takes the source column from the DataFrame; pass no source")
    return entity.drop(columns="source"), entity["source"]
