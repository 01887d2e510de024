"""What a score call returns: ScoreResult (and CsvReport, what add_csv
returns), the output arrays the C library fills in place (the caller's own
with ``out=``, or new ones), the per-thread pools that small calls take their
results from, and results as pandas DataFrames."""

from __future__ import annotations

import threading
from collections import namedtuple
from ctypes import byref

import numpy as np

from ._constants import TRUSTSCORE_SCORE_OUTPUTS_VERSION
from ._inputs import F8, I4, addressof, from_buffer, pandas
from ._lib import ScoreOutputs

# The public classes name the package as their module: pickles record
# trustscore.CsvReport, not the module that defines it (see trustscore._core).
CsvReport = namedtuple("CsvReport", ["added", "skipped"], module="trustscore")
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
    __module__ = "trustscore"


class ChosenScoreResult(ScoreResult):
    """Scores of chosen entities (``store.score(model, entities=...)``): a
    ScoreResult whose row i is the i-th entity asked for (equal to its row of
    scoring the whole store). Besides the fields of ScoreResult:

    index: int64 array (n,): each entity's dense index, -1 for an id the
    store does not hold (scored as an entity without evidence: the
    baseline, the widest interval). unknown: bool array (n,), index == -1.
    unknown_count: how many of the ids the store does not hold.
    """

    # No __slots__: index and unknown_count are set on each instance.
    __module__ = "trustscore"

    @property
    def unknown(self) -> np.ndarray:
        return self.index < 0


#: The outputs of a score call and their dimensions (1: one per entity; 2:
#: entities x factors), in ScoreResult order.
OUT_SHAPES = {"score": 1, "lower": 1, "upper": 1, "contributions": 2, "gains": 2, "best_lever": 1}
#: The outputs only explain=True computes.
EXPLAIN_OUTPUTS = ("contributions", "gains", "best_lever")


class SmallResults:
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
        self.outputs = ScoreOutputs(TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, 0, None, None, None)
        self.ref = byref(self.outputs)
        self.refill()

    def refill(self):
        self.chunk = np.empty(self.CHUNK)
        self.base = addressof(from_buffer(self.chunk))
        self.used = 0


# Each thread's SmallResults, as `thread_state.small` (one thread-local look-up
# per call; the pool's own attributes are plain slots, cheaper than thread-local ones).
thread_state = threading.local()
# Calls of up to this many entities take their results from SmallResults.
SMALL_RESULTS_MAX = 16


def output_arrays(n: int, factor_count: int, explain: bool, out):
    """The output arrays of a score call of n entities and factor_count
    factors (in ScoreResult order; None where not computed) and their
    addresses (None where not computed) for trustscore_score_outputs. out:
    the caller's arrays to fill (a dict name -> array or a ScoreResult), checked
    here; the missing ones are allocated."""
    if out is None:
        given = {}
    elif isinstance(out, ScoreResult):
        given = dict(zip(OUT_SHAPES, out[:6]))
    elif isinstance(out, dict):
        given = out
        unknown = [k for k in given if k not in OUT_SHAPES]
        if unknown:
            raise ValueError(f"out has unknown keys {unknown}; known: {list(OUT_SHAPES)}")
    else:
        raise TypeError(f"out must be a dict of arrays or a ScoreResult, not {type(out).__name__}")
    if not explain:
        extra = [k for k in EXPLAIN_OUTPUTS if given.get(k) is not None]
        if extra:
            raise ValueError(f"out gives {extra}, which only explain=True computes")
    F = factor_count
    arrays = []
    args = []
    for name, ndim in OUT_SHAPES.items():
        a = given.get(name)
        if a is None:
            if not explain and name in EXPLAIN_OUTPUTS:
                arrays.append(None)
                args.append(None)
                continue
            a = np.empty((n,) if ndim == 1 else (n, F), dtype=I4 if name == "best_lever" else F8)
        elif not isinstance(a, np.ndarray):
            raise TypeError(f"out[{name!r}] must be a numpy array, not {type(a).__name__}")
        else:
            dtype = I4 if name == "best_lever" else F8
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
            address = addressof(from_buffer(a))  # needs a writable, C-contiguous buffer
        except (TypeError, ValueError, BufferError):
            if not a.flags.c_contiguous:
                raise ValueError(f"out[{name!r}] must be C-contiguous") from None
            raise ValueError(f"out[{name!r}] is read-only") from None
        args.append(address)
    return arrays, args


def score_frame(result: ScoreResult, entities, factors):
    """result as a DataFrame indexed by entity id (entities: the ids in
    index order) with the columns score, lower, upper and, when explained,
    best_lever (a factor id, None for none), ``contribution:FACTOR`` and
    ``gain:FACTOR`` (factors: the factor ids in index order);
    ``.attrs["baseline"]`` is the score of an entity without evidence."""
    pd = pandas()
    if pd is None:
        try:
            import pandas as pd  # noqa: F811
        except ImportError as e:
            raise ImportError("as_frame=True needs pandas (pip install pandas)") from e
    index = pd.Index(entities, name="entity")
    data = {"score": result.score, "lower": result.lower, "upper": result.upper}
    if result.best_lever is not None:
        names = np.array(list(factors) + [None], dtype=object)
        data["best_lever"] = names[result.best_lever]  # -1 -> None
        for f, factor in enumerate(factors):
            data[f"contribution:{factor}"] = result.contributions[:, f]
        for f, factor in enumerate(factors):
            data[f"gain:{factor}"] = result.gains[:, f]
    frame = pd.DataFrame(data, index=index)
    frame.attrs["baseline"] = result.baseline
    return frame
