"""What trustscore.dask's workers run on signal files: a block of a file
parsed by the library's reader (one block, one call, columns back), its
signals split into buckets by entity, and a bucket of every block scored in
one EvidenceStore. numpy and the C library only: no pandas parsing, no
Python object per signal, and one per distinct id only for the result's
index.

A block is a byte range of a file cut at line ends, the file's header line
put in front; whole files (blocksize=None) are read by path. Buckets: an
entity goes to bucket ``hash(id) % buckets``, with a 64-bit hash of its UTF-8
bytes computed once per distinct id of a block (numpy over the reader's id
table), the same in every process. A bucket task joins the id tables of
its pieces by those hashes and lets the store check the join: every piece's
ids go in by id, so the store finds the distinct ids exactly, and the
hashes must name as many (else the ids are compared as text).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple, Optional

import numpy as np

from . import errors
from ._csv import csv_options, decode_ids, read_columns
from ._inputs import address
from ._lib import LIB, check
from ._model import Model
from ._results import score_frame
from ._store import EvidenceStore

_U8 = np.uint8


class BlockSpec(NamedTuple):
    """Bytes [start, start+length) of the file at path, moved to the line
    ends at or after both (as dask.bytes cuts blocks), with header (the
    file's first line) put in front when start > 0; length None: the whole
    file. last: whether the block ends the file. fs: an fsspec file system,
    None for a local file (read whole by the library itself); compression:
    fsspec's, for fs."""

    path: str
    start: int
    length: Optional[int]
    header: bytes
    last: bool
    fs: Any = None
    compression: Optional[str] = None


def _seek_line_end(f) -> None:
    """Moves f just past the next b"\\n" (or to the end of the file)."""
    while True:
        chunk = f.read(1 << 16)
        if not chunk:
            return
        i = chunk.find(b"\n")
        if i >= 0:
            f.seek(f.tell() - len(chunk) + i + 1)
            return


def _open(spec: BlockSpec):
    if spec.fs is None:
        return open(spec.path, "rb")
    return spec.fs.open(spec.path, "rb", compression=spec.compression)


def read_block(spec: BlockSpec, model: Model, lines=False):
    """The CsvData of one block (see BlockSpec). A bad row raises
    BadFormatError with the line in the file, as for the whole file."""
    if spec.length is None and spec.fs is None:
        return read_columns(model, path=spec.path, options=csv_options(), lines=lines)
    with _open(spec) as f:
        if spec.length is None:
            text, start = f.read(), 0
        else:
            if spec.start:
                f.seek(spec.start)
                _seek_line_end(f)
            start = f.tell()
            f.seek(spec.start + spec.length)
            _seek_line_end(f)
            end = f.tell()
            f.seek(start)
            text = f.read(end - start)
    if start:
        text = spec.header + text
    try:
        return read_columns(model, text=text, name=spec.path, options=csv_options(), lines=lines)
    except errors.BadFormatError as e:
        raise _in_file_lines(e, spec, start) from None


def _in_file_lines(e, spec: BlockSpec, start: int):
    """The error of a block with its lines counted from the file's start,
    and a hint where a quoted line break may cross the block's end."""
    message = str(e)
    if start:
        with _open(spec) as f:
            before = 0  # line ends before the block
            left = start
            while left:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    break
                before += chunk.count(b"\n")
                left -= len(chunk)
        # Line 1 of the text is the header put in front; line 2 is the
        # block's first, line before + 1 of the file.
        name = re.escape(spec.path)
        message = re.sub(
            name + r":(\d+):", lambda m: f"{spec.path}:{int(m.group(1)) + before - 1}:", message
        )
        message = re.sub(
            r"on line (\d+)", lambda m: f"on line {int(m.group(1)) + before - 1}", message
        )
    if not spec.last and "never closed" in message:
        message += (
            " (the file was read in blocks cut at line ends: a quoted field with a line"
            " break cannot be cut so; read such files with blocksize=None)"
        )
    return type(e)(message)


# ---- Buckets by entity --------------------------------------------------------------------


def id_hashes(id_data: bytes, id_offsets: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each id of a table (FNV-style multiply and add over
    its bytes, then a finalizer that mixes the high bits down), in numpy
    vector operations over the whole table: one pass over the bytes."""
    count = len(id_offsets) - 1
    if count == 0:
        return np.empty(0, dtype=np.uint64)
    raw = np.frombuffer(id_data, dtype=_U8).astype(np.uint64)
    lengths = np.diff(id_offsets)
    position = np.arange(len(raw), dtype=np.int64) - np.repeat(id_offsets[:-1], lengths)
    powers = np.cumprod(
        np.full(int(lengths.max()) + 1, 0x100000001B3, dtype=np.uint64), dtype=np.uint64
    )
    with np.errstate(over="ignore"):
        terms = (raw + np.uint64(1)) * powers[position]
        h = np.add.reduceat(terms, id_offsets[:-1]) if len(raw) else np.zeros(count, np.uint64)
        h[lengths == 0] = 0  # reduceat gives the next id's first term there
        h ^= lengths.astype(np.uint64)
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xC4CEB9FE1A85EC53)
        h ^= h >> np.uint64(33)
    return h


def take_ids(id_data: bytes, id_offsets: np.ndarray, chosen: np.ndarray):
    """The table of the ids `chosen` (indices, in that order): (bytes, offsets)."""
    lengths = id_offsets[chosen + 1] - id_offsets[chosen]
    offsets = np.zeros(len(chosen) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    source = np.repeat(id_offsets[chosen] - offsets[:-1], lengths) + np.arange(offsets[-1])
    return np.frombuffer(id_data, dtype=_U8)[source].tobytes(), offsets


def split_block(spec, model_bytes, buckets, default_time):
    """One block task: the block's signals in `buckets` pieces by entity.
    Returns (newest time, piece 0, ..., piece buckets-1); a piece is a dict
    of the bucket's id table (ids, offsets, hashes), codes into it and the
    signal columns, times set (default_time where a row has none)."""
    data = read_block(spec, Model.from_bytes(model_bytes))
    time = data.time
    missing = np.isnan(time)
    if missing.any():
        if np.isnan(default_time):
            raise ValueError(
                f"{spec.path}: {int(missing.sum())} signals have no time: give default_time (one"
                " process would date them by the wall clock at ingest, which differs between"
                " workers)"
            )
        time[missing] = default_time
    newest = float(time.max()) if len(time) else float("nan")
    hashes = id_hashes(data.id_data, data.id_offsets)
    id_bucket = (hashes % np.uint64(buckets)).astype(np.uint16 if buckets < 65536 else np.int64)
    signal_bucket = id_bucket[data.codes]
    # A stable sort keeps each bucket's signals in file order (radix sort on 16 bits).
    order = np.argsort(signal_bucket, kind="stable")
    ends = np.cumsum(np.bincount(signal_bucket, minlength=buckets))
    id_order = np.argsort(id_bucket, kind="stable")
    id_ends = np.cumsum(np.bincount(id_bucket, minlength=buckets))
    # The ids of bucket p, numbered from 0 in table order (first appearance).
    local = np.empty(len(hashes), dtype=np.int64)
    local[id_order] = np.arange(len(hashes)) - np.repeat(
        np.concatenate(([0], id_ends[:-1])), np.diff(np.concatenate(([0], id_ends)))
    )
    pieces = []
    for p in range(buckets):
        signals = order[(ends[p - 1] if p else 0) : ends[p]]
        chosen = id_order[(id_ends[p - 1] if p else 0) : id_ends[p]]
        ids, offsets = take_ids(data.id_data, data.id_offsets, chosen)
        pieces.append(
            {
                "ids": ids,
                "offsets": offsets,
                "hashes": hashes[chosen],
                "codes": local[data.codes[signals]],
                "factor": data.factor[signals],
                "value": data.value[signals],
                "weight": data.weight[signals],
                "time": time[signals],
            }
        )
    return (newest, *pieces)


def newest_time(*times) -> float:
    """The newest of the blocks' newest times (NaN: no signals at all)."""
    times = [t for t in times if not np.isnan(t)]
    return max(times) if times else float("nan")


# ---- Scoring a bucket ----------------------------------------------------------------


def _first_of_each_code(codes: np.ndarray) -> np.ndarray:
    """Whether signal i is the first of its code, for codes numbered in order
    of first appearance (a new code is the largest so far plus one)."""
    first = np.ones(len(codes), dtype=bool)
    if len(codes) > 1:
        first[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    return first


def _nul_terminated(ids: bytes, offsets: np.ndarray):
    """The ids of a table as C strings: (buffer, pointers): both must live
    during the call that reads them."""
    count = len(offsets) - 1
    raw = np.frombuffer(ids, dtype=_U8)
    buffer = np.zeros(len(raw) + count, dtype=_U8)
    lengths = np.diff(offsets)
    buffer[np.arange(len(raw)) + np.repeat(np.arange(count), lengths)] = raw
    pointers = (offsets[:-1] + np.arange(count)).astype(np.uint64) + np.uint64(address(buffer))
    return buffer, pointers


def _add_by_id(store, ids, offsets, factor, value, weight, time) -> None:
    """One signal per id of the table (in table order) added by id: the
    store creates an entity for each new id, in that order."""
    buffer, pointers = _nul_terminated(ids, offsets)
    columns = [np.ascontiguousarray(c) for c in (factor, value, weight, time)]
    check(
        LIB.trustscore_store_add_signals(
            store._handle(),
            len(pointers),
            address(pointers) if len(pointers) else None,
            None,
            *(address(c) if len(c) else None for c in columns),
            None,
            float("nan"),
        )
    )
    store._refresh_count()


def _same_ids(ids: bytes, offsets: np.ndarray, other: np.ndarray) -> bool:
    """Whether id e of the table equals id other[e] for every e (bytes compared)."""
    lengths = np.diff(offsets)
    if not np.array_equal(lengths, lengths[other]):
        return False
    raw = np.frombuffer(ids, dtype=_U8)
    shift = np.repeat(offsets[other] - offsets[:-1], lengths)
    return bool(np.array_equal(raw[shift + np.arange(len(raw))], raw))


def _entities(ids: bytes, offsets: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Each id's entity (ids of the joined tables, in order of first
    appearance): equal hashes, each checked to be equal bytes; ids whose
    hashes collide are joined by their text instead."""
    import pandas as pd

    entity = pd.factorize(hashes)[0].astype(np.int64)
    first = np.flatnonzero(_first_of_each_code(entity))
    if not _same_ids(ids, offsets, first[entity]):
        entity = pd.factorize(decode_ids(ids, offsets))[0].astype(np.int64)
    return entity


def score_bucket(model_bytes, as_of, profile, confidence, explain, threads, *pieces):
    """One bucket task: every signal of the bucket's entities (a piece of
    each block) in one store, scored; the score frame indexed by entity id.
    Each entity's first signal goes in by id (its id copied once into a C
    string), the others by the entity's index."""
    model = Model.from_bytes(model_bytes)
    if as_of is not None and np.isnan(as_of):  # no signals at all
        as_of = None
    ids = b"".join(p["ids"] for p in pieces)
    byte_base = np.cumsum([0] + [len(p["ids"]) for p in pieces])
    offsets = np.concatenate(
        [np.zeros(1, np.int64)] + [p["offsets"][1:] + byte_base[k] for k, p in enumerate(pieces)]
    )
    entry_base = np.cumsum([0] + [len(p["hashes"]) for p in pieces])
    signal_base = np.cumsum([0] + [len(p["codes"]) for p in pieces])
    # Entry (an id of a piece's table) of each signal, and each entry's first signal.
    entry = np.concatenate([p["codes"] + entry_base[k] for k, p in enumerate(pieces)])
    first_signal = np.concatenate(
        [
            np.flatnonzero(_first_of_each_code(p["codes"])) + signal_base[k]
            for k, p in enumerate(pieces)
        ]
    )
    columns = [
        np.concatenate([p[c] for p in pieces]) for c in ("factor", "value", "weight", "time")
    ]
    entity_of_entry = _entities(ids, offsets, np.concatenate([p["hashes"] for p in pieces]))
    first_entry = np.flatnonzero(_first_of_each_code(entity_of_entry))
    names_table = take_ids(ids, offsets, first_entry)
    with EvidenceStore(model) as store:
        leaders = first_signal[first_entry]  # entity k's first signal, in entity order
        _add_by_id(store, *names_table, *(c[leaders] for c in columns))
        if len(store) != len(first_entry):
            raise RuntimeError("the store did not number entities in order of appearance")
        rest = np.ones(len(entry), dtype=bool)
        rest[leaders] = False
        if rest.any():
            store.add(entity_of_entry[entry[rest]], *(c[rest] for c in columns))
        result = store.score(
            model,
            profile=profile,
            as_of=as_of,
            confidence=confidence,
            explain=explain,
            threads=threads,
        )
        frame = score_frame(result, decode_ids(*names_table), store.factors)
    frame.attrs.clear()
    return frame
