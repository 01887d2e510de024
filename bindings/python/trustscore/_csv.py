"""The library's CSV reader from Python (include/trustscore/csv.h):
:func:`read_csv` parses signals CSV into a pandas DataFrame without adding it
anywhere, EvidenceStore.add_csv takes its options (threads, block size), and
trustscore.dask's workers parse their blocks with :func:`read_columns`.

The reader returns entities as codes into a table of the distinct ids (one
buffer of UTF-8 bytes and offsets). :func:`decode_ids` turns that table into
Python strings with numpy vector operations (one decode of the buffer, no
Python loop per id), so that an entity column is a pandas Categorical built
from the codes and those strings.
"""

from __future__ import annotations

import ctypes
import os
from ctypes import byref, c_int64, c_void_p

import numpy as np

from ._constants import TRUSTSCORE_CSV_OPTIONS_VERSION
from ._lib import LIB, CsvColumns, CsvOptions, check
from ._time import to_unix


#: The reader's defaults, read once from the library.
CSV_DEFAULTS = CsvOptions()
check(LIB.trustscore_csv_options_init(byref(CSV_DEFAULTS), TRUSTSCORE_CSV_OPTIONS_VERSION))


def csv_options(skip_bad_rows=False, default_time=None, threads=1, block_bytes=None) -> CsvOptions:
    """The options struct of a reader call, checked here where Python types
    are concerned (the library checks the values)."""
    for name, x in (("threads", threads), ("block_bytes", block_bytes)):
        if x is not None and (
            isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, np.integer))
        ):
            raise TypeError(f"{name} must be an int, not {type(x).__name__}")
    if not isinstance(skip_bad_rows, (bool, np.bool_)):
        raise TypeError(f"skip_bad_rows must be a bool, not {type(skip_bad_rows).__name__}")
    options = CsvOptions()
    ctypes.pointer(options)[0] = CSV_DEFAULTS
    options.skip_bad_rows = 1 if skip_bad_rows else 0
    options.default_time = to_unix(default_time, "default_time")
    if not -(2**31) <= threads < 2**31:
        raise ValueError(f"threads {threads} is out of range")
    options.threads = int(threads)
    if block_bytes is not None:
        if not 0 <= block_bytes < 2**63:
            raise ValueError(f"block_bytes {block_bytes} is out of range")
        options.block_bytes = int(block_bytes)
    return options


def add_csv(store_handle, path, options: CsvOptions):
    """trustscore_store_add_csv_with: (added, skipped)."""
    added, skipped = c_int64(), c_int64()
    check(
        LIB.trustscore_store_add_csv_with(
            store_handle, os.fsencode(path), byref(options), byref(added), byref(skipped)
        )
    )
    return added.value, skipped.value


# ---- Reading into columns -------------------------------------------------------


def _copy(address: int, count: int, dtype) -> np.ndarray:
    """count elements of dtype at address, copied into a new numpy array."""
    dtype = np.dtype(dtype)
    if count == 0:
        return np.empty(0, dtype=dtype)
    buffer = (ctypes.c_char * (count * dtype.itemsize)).from_address(address)
    return np.frombuffer(buffer, dtype=dtype).copy()


class CsvData:
    """Signals read by the library, copied out of it: id_data (bytes) and
    id_offsets (int64, id_count + 1) the distinct entity ids, codes (int64)
    each signal's id, factor (int32 indices of the model), value, weight,
    time (NaN where none), credibility (float64), line (int64, or None),
    rows and skipped (counts)."""

    __slots__ = (
        "id_data",
        "id_offsets",
        "codes",
        "factor",
        "value",
        "weight",
        "time",
        "credibility",
        "line",
        "rows",
        "skipped",
    )

    def __len__(self) -> int:
        return len(self.codes)


def read_columns(model, path=None, text=None, name=None, options=None, lines=True) -> CsvData:
    """Reads signals CSV (the file at path, or text: bytes-like) with the
    library's reader and model's factors. name: what messages call text
    (default "<text>"). A bad row raises BadFormatError "name:line: column c
    (name): ..."; a missing file TrustscoreIOError."""
    if (path is None) == (text is None):
        raise TypeError("read_columns takes a path or text, not both or neither")
    keep = None
    if path is not None:
        encoded_path, address, size = os.fsencode(path), None, 0
    else:
        encoded_path = None
        view = memoryview(text).cast("B")
        size = len(view)
        if size and view.readonly:  # bytes: its buffer, without a copy
            keep = text if isinstance(text, bytes) else bytes(view)
            address = ctypes.cast(ctypes.c_char_p(keep), c_void_p).value
        elif size:
            keep = (ctypes.c_char * size).from_buffer(view)
            address = ctypes.addressof(keep)
        else:
            address = None
    encoded_name = None if name is None else os.fsencode(name)
    signals = c_void_p()
    check(
        LIB.trustscore_csv_read(
            model._h,
            encoded_path,
            address,
            size,
            encoded_name,
            None if options is None else byref(options),
            byref(signals),
        )
    )
    del keep
    try:
        columns = CsvColumns()
        check(LIB.trustscore_csv_signals_columns(signals, byref(columns)))
        n, ids = columns.count, columns.id_count
        data = CsvData()
        data.id_offsets = _copy(columns.id_offsets, ids + 1, np.int64)
        size = int(data.id_offsets[-1])
        data.id_data = ctypes.string_at(columns.id_data, size) if size else b""
        data.codes = _copy(columns.codes, n, np.int64)
        data.factor = _copy(columns.factor, n, np.int32)
        data.value = _copy(columns.value, n, np.float64)
        data.weight = _copy(columns.weight, n, np.float64)
        data.time = _copy(columns.time, n, np.float64)
        data.credibility = _copy(columns.credibility, n, np.float64)
        data.line = _copy(columns.line, n, np.int64) if lines else None
        data.rows, data.skipped = columns.rows, columns.skipped
    finally:
        LIB.trustscore_csv_signals_free(signals)
    return data


# ---- Id tables as Python strings ------------------------------------------------------

#: Above this many cells (ids x the longest id) the fixed-width numpy array
#: decode_ids builds would be mostly padding: it slices one str instead.
_MAX_FIXED_CELLS = 1 << 26


def decode_ids(id_data: bytes, id_offsets: np.ndarray) -> np.ndarray:
    """The ids of a table (UTF-8 bytes back to back, offsets) as an object
    array of str. The buffer is decoded once; its code points are scattered
    into a fixed-width numpy unicode array (one row per id), which numpy
    turns into str objects in C. An id table where one long id would make
    that array mostly padding is sliced from the decoded str instead."""
    id_offsets = np.asarray(id_offsets, dtype=np.int64)
    count = len(id_offsets) - 1
    if count <= 0:
        return np.empty(0, dtype=object)
    text = id_data.decode("utf-8")  # the reader checked the UTF-8
    if len(text) == len(id_data):  # ASCII: characters are bytes
        starts = id_offsets
    else:  # offsets of characters: count the bytes that start one
        raw = np.frombuffer(id_data, dtype=np.uint8)
        leading = np.concatenate(([0], np.cumsum((raw & 0xC0) != 0x80)))
        starts = leading[id_offsets]
    lengths = np.diff(starts)
    width = int(lengths.max())
    cells = count * width
    # numpy's fixed-width strings drop trailing NULs: ids with a NUL, too, are sliced.
    if width == 0 or (cells > _MAX_FIXED_CELLS and cells > 4 * len(text)) or "\0" in text:
        bounds = starts.tolist()
        ids = np.empty(count, dtype=object)
        ids[:] = [text[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        return ids
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cells = np.zeros((count, width), dtype=np.uint32)
    # Row r holds the points of id r: cell (r, j) = points[starts[r] + j].
    rows = np.repeat(np.arange(count), lengths)
    columns = np.arange(len(points)) - np.repeat(starts[:-1], lengths)
    cells[rows, columns] = points
    return cells.view(f"<U{width}").reshape(count).astype(object)


# ---- trustscore.read_csv ---------------------------------------------------------------


def signals_frame(data: CsvData, factors, lines: bool = False):
    """The pandas DataFrame of signals read: entity and factor as
    Categoricals (factor's categories are all of the model's factors, in
    order, so that ``frame.factor.cat.codes`` are the model's factor
    indices), value, weight, time, credibility, and line if asked for."""
    import pandas as pd

    entity = pd.Categorical.from_codes(
        data.codes, categories=pd.Index(decode_ids(data.id_data, data.id_offsets), dtype=object)
    )
    factor = pd.Categorical.from_codes(data.factor, categories=pd.Index(list(factors)))
    columns = {
        "entity": entity,
        "factor": factor,
        "value": data.value,
        "weight": data.weight,
        "time": data.time,
        "credibility": data.credibility,
    }
    if lines:
        columns["line"] = data.line
    frame = pd.DataFrame(columns, copy=False)
    frame.attrs.update(rows=int(data.rows), skipped=int(data.skipped))
    return frame


def read_csv(
    source,
    model,
    *,
    skip_bad_rows=False,
    threads=1,
    block_bytes=None,
    name=None,
    lines=False,
):
    """Reads signals CSV (header entity,factor,value[,weight,time,source], as
    EvidenceStore.add_csv and the CLI read it) into a pandas DataFrame,
    without adding it to any store: the library's reader, every row checked
    as add_csv checks it, many times faster than pandas.read_csv.

    source: a path (str or os.PathLike), or the CSV text itself as bytes (or
    any bytes-like object); messages name bytes `name` (default "<bytes>").
    model: a trustscore.Model, whose factor ids the factor column must name.
    skip_bad_rows: leave bad rows out (counted in ``frame.attrs["skipped"]``)
    instead of raising. threads: threads parsing each block (0: every core;
    the result never depends on it). block_bytes: text read at a time (None:
    the library's default, 4 MiB). lines: add a column ``line``, the line of
    the file each signal was read from.

    Columns: entity (a Categorical of str ids, categories in order of first
    appearance), factor (a Categorical whose categories are all of the
    model's factor ids in the model's order: ``.cat.codes`` are factor
    indices), value, weight (1 where empty), time (float unix seconds, NaN
    where empty), credibility (float64, 1: a file's sources carry no
    credibility here). ``frame.attrs`` has rows (data rows seen) and skipped.
    A bad row raises BadFormatError "file:line: column c (name): what is
    wrong"; a missing or unreadable file TrustscoreIOError.
    """
    from ._model import Model

    if not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    options = csv_options(skip_bad_rows, None, threads, block_bytes)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = read_columns(model, text=source, name=name or "<bytes>", options=options)
    elif isinstance(source, (str, os.PathLike)):
        if name is not None:
            raise TypeError("name is for bytes; a file is named by its path")
        data = read_columns(model, path=source, options=options)
    else:
        raise TypeError(
            f"source must be a path or the CSV text as bytes, not {type(source).__name__}"
        )
    return signals_frame(data, model.factors, lines)
