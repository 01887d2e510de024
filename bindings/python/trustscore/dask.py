"""trustscore on Dask: signals that outgrow one machine, scored by the C kernel
on the workers of a cluster::

    import trustscore as ts
    import trustscore.dask as tsd
    from distributed import Client

    client = Client("scheduler:8786")                 # or LocalCluster()
    signals = tsd.read_csv("signals/*.csv")             # a dask DataFrame
    scores = tsd.score(signals, ts.Model(), profile="decision")  # lazy
    table = scores.compute()                            # pandas, indexed by entity

:func:`read_csv` plans one task per block of a file (cut at line ends, the
file's header put in front; ``blocksize=None``: whole files), which the
library's reader parses in one call into columns: entity ids as codes into a
table of distinct ids, factors as the model's indices. Given such a frame
(read_csv's own, unchanged), :func:`score` does not use dask's shuffle: each
block task splits its signals into ``npartitions`` buckets by a hash of the
entity id (computed once per distinct id, in numpy), and each bucket task
puts bucket p of every block into one EvidenceStore and scores it, so only
numpy columns travel between workers. Any other dask DataFrame (from
pandas, parquet, or read_csv's frame after any operation) is shuffled by
entity with dask's shuffle, then scored per partition the same way.

Changed from the pandas-based reader (0.x): read_csv's partitions have
entity and factor as Categoricals and no source column; keyword arguments
other than storage_options and compression (pandas options) are refused;
factor ids are checked against ``model`` (default: the built-in factors)
when a partition is read, and score() reads the files with its own model.
A quoted field with a line break breaks blocks cut at line ends: the block
that ends inside it fails with the reader's error and asks for
``blocksize=None``; no wrong rows are read (a block never ends inside quotes
unnoticed: the reader reports the quote it cannot close).

Either way an entity's signals end up in one partition. An entity's score
depends only on its own signals, the model and the time it
is scored as of, so this equals scoring everything in one process (to rounding
in the last bits: a partition sums an entity's signals in another order, from
its own reference time) provided every partition scores as of the same time and no signal takes the
wall clock of the worker that happens to ingest it. Hence: the time scored as
of defaults to the newest signal of the whole frame (one reduction in the same
graph), and signals without a time need an explicit ``default_time``.

The model travels to the workers as its saved bytes (one graph key, shared by
every partition) and is rebuilt with Model.from_bytes per partition, never
re-parsed from configuration.

:func:`evaluate` runs the evaluation harness (trustscore.evaluate) with its
models spread over the workers: one task per model, each running that model's
folds and attacks, the results gathered into one table equal to a single
process's.
"""

from __future__ import annotations

import numbers
import os

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.base import tokenize
from dask.dataframe.utils import clear_known_categories

# The package's public names, and the shared helpers of its modules (their
# names without an underscore: what a module offers the rest of the package).
from . import EvidenceStore, Model
from . import evaluate as _evaluate_in_one_process
from ._evaluate import report_frame
from ._csv import signals_frame
from ._dask_csv import BlockSpec, newest_time, read_block, score_bucket, split_block
from ._lib import SCORE_DEFAULTS
from ._results import score_frame
from ._time import datetimes_to_unix, to_unix

__all__ = ["evaluate", "read_csv", "score"]

#: Columns a signals frame may have: as EvidenceStore.add(df), plus source
#: (what add_csv does with it: nothing without per-source credibilities, which
#: the Python API gives as a credibility column instead).
REQUIRED_COLUMNS = ("entity", "factor", "value")
OPTIONAL_COLUMNS = ("weight", "time", "credibility", "source")
_CSV_COLUMNS = ("entity", "factor", "value", "weight", "time", "source")


# ---- Reading signal files ------------------------------------------------------

#: Keyword arguments of pandas.read_csv that the old reader refused by name.
_PARSER_OPTIONS = ("dtype", "converters", "keep_default_na", "na_filter")


def read_csv(
    urlpath,
    *,
    blocksize="64MB",
    model=None,
    storage_options=None,
    compression=None,
    **kwargs,
) -> dd.DataFrame:
    """Signal CSV files (header entity,factor,value[,weight,time,source], as
    the CLI and EvidenceStore.add_csv read them) as a dask DataFrame whose
    partitions the library's reader parses: one task per block of a file,
    the block's bytes to columns in one call.

    urlpath: a folder (its ``*.csv`` files), a file, a glob
    (``"signals/2026-*.csv"``) or a list of them, local or any URL fsspec
    opens (storage_options go to its file system). blocksize: bytes per
    partition, cut at line ends, each block parsed with its file's header
    line in front ("64MB"; None: one partition per file, read whole, and
    for local files streamed by the reader). A quoted field with a line break
    cannot be cut at a line end: a block that ends inside one fails with the
    reader's "quote ... is never closed" and a hint; read such files with
    blocksize=None. compression: None, "infer" or an fsspec compression
    (compressed files are read whole). model: whose factors the factor
    column names (default: trustscore.Model(), the built-in factors; a file
    with other factors needs its model here, or goes straight to
    :func:`score`, which reads the files with its own model).

    Columns: entity (a Categorical of str ids), factor (a Categorical of
    the model's factor ids), value, weight (1 where empty), time (float unix
    seconds; NaN where empty: give score() a default_time). A bad row
    raises BadFormatError "file:line: column c (name): what is wrong" when
    the partition is computed; the header is checked here.
    """
    import fsspec
    from fsspec.implementations.local import LocalFileSystem

    for key in _PARSER_OPTIONS:
        if key in kwargs:
            raise TypeError(f"read_csv sets {key} itself (the library's reader parses every field)")
    if kwargs:
        raise TypeError(
            f"read_csv takes no {sorted(kwargs)}: files are parsed by the library's reader,"
            " not pandas (storage_options go to fsspec)"
        )
    if model is None:
        model = Model()
    elif not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    if isinstance(blocksize, str):
        blocksize = dask.utils.parse_bytes(blocksize)
    if blocksize is not None:
        _check_count(blocksize, "blocksize", 1)
    if isinstance(urlpath, os.PathLike):
        urlpath = os.fspath(urlpath)
    if isinstance(urlpath, str) and "://" not in urlpath and os.path.isdir(urlpath):
        urlpath = os.path.join(urlpath, "*.csv")
    fs, _, paths = fsspec.core.get_fs_token_paths(
        urlpath, mode="rb", storage_options=storage_options or {}
    )
    if not paths:
        raise FileNotFoundError(f"no files match {urlpath!r}")
    local = isinstance(fs, LocalFileSystem)
    specs, versions = [], []
    for path in paths:
        codec = fsspec.utils.infer_compression(path) if compression == "infer" else compression
        with fs.open(path, "rb", compression=codec) as f:
            header = f.readline()
        _check_header(header, path)
        versions.append(fs.ukey(path))  # the file's size and time: a changed file, a new graph
        size = None if codec else fs.size(path)
        where = None if local and not codec else fs
        if blocksize is None or size is None or size <= blocksize:
            specs.append(BlockSpec(path, 0, None, header, True, where, codec))
            continue
        for start in range(0, size, blocksize):
            last = start + blocksize >= size
            specs.append(BlockSpec(path, start, blocksize, header, last, where, codec))
    meta = _signals_meta(model.factors)
    return dd.from_map(
        _BlockReader(model.to_bytes()),
        specs,
        meta=meta,
        label="trustscore-read-csv",
        token=tokenize(specs, versions, model.to_bytes()),
        enforce_metadata=False,
    )


def _check_header(line: bytes, path: str) -> None:
    """The header's columns as the reader wants them (checked before any
    partition is read): the same rules, raised on the client."""
    text = line.decode("utf-8-sig", "replace").rstrip("\r\n")
    columns = [c.strip().strip('"').strip() for c in text.split(",")]
    unknown = [c for c in columns if c not in _CSV_COLUMNS]
    if unknown:
        raise ValueError(
            f"{path}: unknown CSV columns {unknown}; expected entity, factor, value[, weight,"
            " time, source]"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"{path}: the CSV header lacks the columns {missing}")
    if len(set(columns)) != len(columns):
        raise ValueError(f"{path}: duplicate CSV columns in {columns}")


def _signals_meta(factors) -> pd.DataFrame:
    """The empty frame of read_csv's partitions (entity's categories unknown:
    each partition has its own)."""
    meta = pd.DataFrame(
        {
            "entity": pd.Categorical([]),
            "factor": pd.Categorical([], categories=list(factors)),
            "value": np.empty(0),
            "weight": np.empty(0),
            "time": np.empty(0),
        }
    )
    return clear_known_categories(meta, cols=["entity"])


class _BlockReader:
    """read_csv's partition function: a block of a file through the
    library's reader with the model's factors, as a DataFrame. score()
    recognises a frame made of these and reads the blocks itself."""

    def __init__(self, model_bytes: bytes) -> None:
        self.model_bytes = model_bytes

    def __call__(self, spec: BlockSpec) -> pd.DataFrame:
        model = Model.from_bytes(self.model_bytes)
        frame = signals_frame(read_block(spec, model), model.factors)
        return frame.drop(columns="credibility")


def _read_csv_blocks(signals: dd.DataFrame):
    """The block specs of a frame that is read_csv's, unchanged (no column
    chosen, nothing mapped over it); None for any other frame."""
    layer = signals.dask.layers.get(signals._name)
    reader = getattr(layer, "io_func", None)
    if not isinstance(reader, _BlockReader) or len(signals.dask.layers) != 1:
        return None
    return list(layer.inputs)


# ---- Times --------------------------------------------------------------------


def _unix_seconds(column: pd.Series, name: str = "time") -> pd.Series:
    """A time column as float unix seconds (NaN where missing): numbers,
    datetimes (naive ones are UTC) or text (unix seconds or ISO-8601)."""
    if pd.api.types.is_bool_dtype(column.dtype):
        raise TypeError(f"{name} must be unix seconds, datetimes or text, not booleans")
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.astype(np.float64)
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return pd.Series(datetimes_to_unix(column), index=column.index, name=column.name)
    if column.dtype.kind not in "OUS" and not pd.api.types.is_string_dtype(column.dtype):
        raise TypeError(f"{name} must be unix seconds, datetimes or text, not {column.dtype}")
    values = column.astype(object)
    seconds = pd.to_numeric(values, errors="coerce").to_numpy(np.float64, copy=True)
    # Dates, blanks and bad text: few fields unless the times are dates.
    pending = np.flatnonzero(np.isnan(seconds) & values.notna().to_numpy())
    if len(pending):
        rest = values.iloc[pending].map(str).str.strip()
        given = (rest != "").to_numpy()  # a blank field is no time
        # As the C reader decides: text with '-' at index 4 is a date, else a number.
        dates = given & ((rest.str.len() >= 10) & (rest.str[4] == "-")).to_numpy()
        if dates.any():
            parsed = pd.to_datetime(rest.iloc[np.flatnonzero(dates)], utc=True, errors="coerce")
            seconds[pending[dates]] = datetimes_to_unix(parsed)
        bad = given & np.isnan(seconds[pending])
        if bad.any():
            raise ValueError(
                f"{name}: malformed time {rest.iloc[np.flatnonzero(bad)[0]]!r}"
                " (expected unix seconds or ISO-8601 UTC)"
            )
    return pd.Series(seconds, index=column.index, name=column.name)


# ---- Scoring --------------------------------------------------------------------


def score(
    signals,
    model: Model,
    *,
    profile=None,
    as_of=None,
    confidence=SCORE_DEFAULTS.confidence,
    explain=False,
    default_time=None,
    npartitions=None,
    shuffle=None,
    threads=1,
) -> dd.DataFrame:
    """Scores every entity of a dask DataFrame of signals; returns a lazy dask
    DataFrame indexed by entity id with the columns of
    ``EvidenceStore.score(as_frame=True)``: score, lower, upper, and with
    explain=True best_lever, ``contribution:FACTOR`` and ``gain:FACTOR``.
    Nothing is computed until the result is.

    signals: columns entity (str ids), factor (ids or indices), value, and
    optionally weight, time (unix seconds, datetimes or ISO-8601 text),
    credibility and source (ignored, as by add_csv); :func:`read_csv` reads
    signal files so. model: a trustscore.Model (sent to the workers as bytes).
    profile, confidence: as EvidenceStore.score. as_of: the time every entity
    is scored as of; None: the newest signal of the whole frame (the
    single-process default), found by a reduction over the frame.
    default_time: the time of signals without one (NaN/NaT or no time
    column). It is required whenever a time is missing: one process would use
    the wall clock at ingest, which differs between workers and runs.
    npartitions: partitions after the shuffle by entity, or buckets of
    read_csv's blocks (default: as many as signals has); shuffle: dask's
    shuffle method (not used for read_csv's own frame), "tasks", "disk" or "p2p"
    (None: dask's "shuffle" setting, else "tasks", which works on every
    scheduler; dask itself falls back to "disk", which is wrong on a cluster
    when the graph is built before the Client exists).
    threads: scoring threads per partition (1: Dask runs partitions in
    parallel already; results never depend on it). The order of entities is
    that of the partitions; sort the computed frame if order matters.
    """
    if not isinstance(signals, dd.DataFrame):
        hint = (
            " (dask.dataframe.from_pandas makes one)" if isinstance(signals, pd.DataFrame) else ""
        )
        raise TypeError(f"signals must be a dask DataFrame, not {type(signals).__name__}{hint}")
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    if not isinstance(explain, (bool, np.bool_)):
        raise TypeError(f"explain must be a bool, not {type(explain).__name__}")
    _check_count(threads, "threads", 0)
    if npartitions is not None:
        _check_count(npartitions, "npartitions", 1)
    columns = list(signals.columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(f"signals lack the columns {missing}")
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise ValueError(
            f"signals have unknown columns {unknown}; expected entity, factor, value"
            "[, weight, time, credibility, source]"
        )
    entity_dtype = signals._meta["entity"].dtype
    if not (
        entity_dtype == object
        or pd.api.types.is_string_dtype(entity_dtype)
        or isinstance(entity_dtype, pd.CategoricalDtype)
    ):
        raise TypeError(
            f"entity must be str ids, not {entity_dtype} (read files with trustscore.dask.read_csv,"
            " or dask's read_csv with dtype={'entity': str})"
        )
    default = to_unix(default_time, "default_time")
    if "time" not in columns and np.isnan(default):
        raise ValueError(
            "signals have no time column: give default_time (one process would date them by the"
            " wall clock at ingest, which differs between workers)"
        )
    as_of_seconds = to_unix(as_of, "as_of")
    # The output columns, and a check of profile and confidence now rather
    # than on a worker: an empty store scored exactly as the partitions are.
    meta = EvidenceStore(model).score(
        model,
        profile=profile,
        as_of=None if np.isnan(as_of_seconds) else as_of_seconds,
        confidence=confidence,
        explain=bool(explain),
        threads=1,
        as_frame=True,
    )
    meta.attrs.clear()
    blob = model.to_bytes()
    # One key holding the bytes, a dependency of every partition's task: the
    # graph carries it once, and the scheduler ships it to each worker once.
    model_bytes = dask.delayed(blob, name="trustscore-model-" + tokenize(blob))
    options = (profile, float(confidence), bool(explain), int(threads))

    blocks = _read_csv_blocks(signals)
    if blocks is not None:  # read_csv's files: the workers read them, no dask shuffle
        buckets = npartitions or len(blocks)
        return _score_blocks(blocks, model_bytes, buckets, default, as_of_seconds, options, meta)

    kept = [c for c in columns if c != "source"]
    factors = tuple(model.factors)
    prepared_meta = _prepare(signals._meta[kept], 0.0, factors)
    prepared = signals[kept].map_partitions(
        _prepare, default, factors, meta=prepared_meta, token="trustscore-prepare"
    )
    if np.isnan(as_of_seconds):
        # One reduction in the same graph: the partitions it reads are the
        # ones the shuffle reads, so the files are read once.
        as_of_value = prepared["time"].max()
    else:
        as_of_value = as_of_seconds
    shuffle = shuffle or dask.config.get("shuffle", None) or "tasks"
    by_entity = prepared.shuffle(
        "entity", npartitions=npartitions, shuffle=shuffle, ignore_index=True
    )
    return by_entity.map_partitions(
        _score_partition, model_bytes, as_of_value, *options, meta=meta, token="trustscore-score"
    )


def _score_blocks(blocks, model_bytes, buckets, default_time, as_of, options, meta):
    """score() of read_csv's files: a task per block reads it with the
    library's reader and splits its signals into `buckets` pieces by a hash
    of the entity id; a task per bucket puts piece p of every block into one
    store and scores it. Pieces are numpy columns and id tables: the only
    Python objects per entity are the ids of the result's index."""
    split = dask.delayed(split_block, pure=True, nout=buckets + 1)
    parts = [split(spec, model_bytes, buckets, default_time) for spec in blocks]
    if np.isnan(as_of):
        # The newest signal of all files: from the block tasks' first
        # outputs, so the files are read once.
        as_of = dask.delayed(newest_time, pure=True)(*[p[0] for p in parts])
    score = dask.delayed(score_bucket, pure=True)
    scored = [
        score(model_bytes, as_of, *options, *[part[1 + b] for part in parts])
        for b in range(buckets)
    ]
    return dd.from_delayed(scored, meta=meta, prefix="trustscore-score", verify_meta=False)


def _check_count(x, name: str, least: int) -> None:
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {type(x).__name__}")
    if x < least:
        raise ValueError(f"{name} must be >= {least}, not {x}")


def _prepare(frame: pd.DataFrame, default_time: float, factors: tuple) -> pd.DataFrame:
    """One partition's signals as the stores will take them: factor indices
    of the model (int32: unknown ids fail here, before the shuffle, and the
    shuffle moves four bytes per signal instead of a string), and the time
    every store will give them: float unix seconds, default_time where
    missing (an error without one)."""
    out = frame.copy(deep=False)
    out["factor"] = _factor_indices(out["factor"], factors)
    if "time" in out.columns:
        time = _unix_seconds(out["time"])
        missing = time.isna()
        if missing.any():
            if np.isnan(default_time):
                raise ValueError(
                    f"{int(missing.sum())} signals have no time: give default_time (one process"
                    " would date them by the wall clock at ingest, which differs between workers)"
                )
            time = time.mask(missing, default_time)
    else:
        time = pd.Series(default_time, index=out.index, dtype=np.float64)
    out["time"] = time
    if out["entity"].dtype != object:
        out["entity"] = out["entity"].astype(object)
    return out


def _score_partition(frame, model_bytes, as_of, profile, confidence, explain, threads):
    """Scores one partition, which holds all signals of its entities."""
    model = Model.from_bytes(model_bytes)
    if as_of is not None and np.isnan(as_of):  # the frame had no signals at all
        as_of = None
    # Entity ids are encoded for the library once per entity, not once per
    # signal: the first signal of each entity goes in by id, which creates
    # the entities in order of first appearance (pandas' factorize order),
    # and the others by that dense index. Encoding every signal's id and
    # reading every id back for the index took most of a partition's time.
    codes, ids = pd.factorize(frame["entity"])
    if (codes < 0).any():
        raise ValueError("entity: missing entity ids (NaN or None)")
    first = np.zeros(len(codes), dtype=bool)
    first[np.unique(codes, return_index=True)[1]] = True
    rest = ~first
    columns = {
        "value": frame["value"].to_numpy(),
        "weight": frame["weight"].to_numpy() if "weight" in frame.columns else None,
        "time": frame["time"].to_numpy(),
        "credibility": frame["credibility"].to_numpy() if "credibility" in frame.columns else None,
    }
    with EvidenceStore(model) as store:
        factor = frame["factor"].to_numpy()
        if len(codes):
            store.add(
                ids.tolist(),
                factor[first],
                **{k: None if v is None else v[first] for k, v in columns.items()},
            )
        if rest.any():
            store.add(
                codes[rest].astype(np.int64),
                factor[rest],
                **{k: None if v is None else v[rest] for k, v in columns.items()},
            )
        if len(store) != len(ids) or (len(ids) and store.entity_index(ids[-1]) != len(ids) - 1):
            raise RuntimeError("the store did not number entities in order of appearance")
        result = store.score(
            model,
            profile=profile,
            as_of=as_of,
            confidence=confidence,
            explain=explain,
            threads=threads,
        )
        frame = score_frame(result, ids, store.factors)
    frame.attrs.clear()
    return frame


def _factor_indices(factor: pd.Series, factors: tuple) -> np.ndarray:
    """Factor ids (or indices) as int32 indices into factors, each distinct id
    looked up once (pandas hashes them; the store would sort every signal's
    id instead)."""
    if factor.dtype.kind in "iu":
        codes = factor.to_numpy()
        bad = (codes < 0) | (codes >= len(factors))
        if bad.any():
            raise ValueError(
                f"factor: index {codes[bad][0]} out of range (the model has {len(factors)} factors)"
            )
        return codes.astype(np.int32)
    codes, uniques = pd.factorize(factor)
    if (codes < 0).any():
        raise ValueError("factor: missing factor ids (NaN or None)")
    index = {f: i for i, f in enumerate(factors)}
    looked_up = []
    for u in uniques:
        if u not in index:
            raise ValueError(
                f"factor: unknown factor id {u!r} (the model's factors: {', '.join(factors)})"
            )
        looked_up.append(index[u])
    return np.array(looked_up, dtype=np.int32)[codes]


def _evaluate_model(signals, outcomes, model, options):
    """One task of :func:`evaluate`: the harness's report for one model."""
    return _evaluate_in_one_process(signals, outcomes, models=[model], as_frame=False, **options)


def evaluate(signals, outcomes, *, models, client=None, **options) -> pd.DataFrame:
    """trustscore.evaluate with one task per model on the workers: each task
    scores its model's copy of the data, runs the folds (and the attacks, if
    any) and returns its part of the report; the parts are joined in the order
    of `models`. The result equals trustscore.evaluate of the same arguments
    (the timing column aside): the same harness computes every number.

    signals, outcomes: paths that every worker can read (a shared file
    system, or files copied to each machine). models: the model names to
    spread (kinds and "logistic"; required: each is a task). client: a
    distributed.Client (None: dask's current scheduler). options: those of
    trustscore.evaluate (folds, seed, cutoff, profile, l2, default_time,
    attacks, attack_targets, attack_signals).
    """
    if isinstance(models, str):
        models = [models]
    models = list(models)
    if not models:
        raise ValueError("models must name at least one model (one task each)")
    if "as_frame" in options:
        raise TypeError("evaluate always returns a DataFrame; the report is in .attrs['report']")
    signals, outcomes = os.fspath(signals), os.fspath(outcomes)
    # The reference rows (baselines) do not depend on the model: the first task computes them.
    tasks = [
        dask.delayed(_evaluate_model, pure=True)(
            signals, outcomes, m, options if i == 0 else dict(options, baselines=False)
        )
        for i, m in enumerate(models)
    ]
    parts = client.gather(client.compute(tasks)) if client is not None else dask.compute(*tasks)
    report = dict(parts[0])
    # The first part is its model's row and the reference rows; the others their model's row.
    report["models"] = [p["models"][0] for p in parts] + parts[0]["models"][1:]
    # Attacks in the single-process order: attack by attack, then model by model.
    attacks = [a for p in parts for a in p["attacks"]]
    order = {name: i for i, name in enumerate(options.get("attacks") or [])}
    model_order = {name: i for i, name in enumerate(models)}
    report["attacks"] = sorted(
        attacks, key=lambda a: (order.get(a["attack"], 0), model_order[a["model"]])
    )
    return report_frame(report)
