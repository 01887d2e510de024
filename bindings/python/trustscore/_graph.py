"""Trust graphs over the C ABI: EigenTrust, fairness/goodness and the
credibility of sources, on edge arrays (numpy arrays, lists, or the columns
of a pandas DataFrame) or a CSV file of source,target,rating[,time]."""

from __future__ import annotations

from collections import namedtuple
import json
import os
import warnings
from ctypes import byref, c_double, c_int64, c_void_p, string_at

import numpy as np

from . import _constants as _c
from ._inputs import check_threads
from ._lib import (
    EIGENTRUST_DEFAULTS,
    FAIRNESS_GOODNESS_DEFAULTS,
    GRAPH_DEFAULTS,
    LIB,
    EigenTrustOptions,
    FairnessGoodnessOptions,
    GraphOptions,
    check,
    get_string,
    option_defaults,
)

#: The rating scale of the library's graph options: ratings are on [-1, 1].
_DEFAULT_SCALE = (GRAPH_DEFAULTS.rating_min, GRAPH_DEFAULTS.rating_max)

_DUPLICATES = {
    "mean": _c.TRUSTSCORE_DUPLICATES_MEAN,
    "sum": _c.TRUSTSCORE_DUPLICATES_SUM,
    "last": _c.TRUSTSCORE_DUPLICATES_LAST,
    "error": _c.TRUSTSCORE_DUPLICATES_ERROR,
}
_SELF_LOOPS = {
    "drop": _c.TRUSTSCORE_SELF_LOOPS_DROP,
    "keep": _c.TRUSTSCORE_SELF_LOOPS_KEEP,
    "error": _c.TRUSTSCORE_SELF_LOOPS_ERROR,
}
_RULES = {
    "eigentrust": _c.TRUSTSCORE_CREDIBILITY_EIGENTRUST,
    "fairness": _c.TRUSTSCORE_CREDIBILITY_FAIRNESS,
}

EigenTrust = namedtuple("EigenTrust", ["trust", "nodes", "iterations", "residual"])
FairnessGoodness = namedtuple("FairnessGoodness", ["fairness", "goodness", "nodes", "iterations"])


# Keyword arguments renamed to the C API's names, still taken under the old one.
_RENAMED = {"tol": "tolerance", "max_iter": "max_iterations"}


def _renamed(function, deprecated: dict, **current):
    """current (the function's new-named arguments) with the `deprecated`
    keyword arguments (old name -> value) put in under their new names, each
    with a DeprecationWarning. TypeError for a name the function does not
    take, and for an old name whose new one was given too (not at its default)."""
    for old, value in deprecated.items():
        new = _RENAMED.get(old)
        if new not in current:
            raise TypeError(f"{function.__name__}() got an unexpected keyword argument {old!r}")
        if current[new] != function.__kwdefaults__[new]:
            raise TypeError(
                f"{function.__name__}() got {new} and {old}; give {new} only ({old} is its"
                " deprecated name)"
            )
        warnings.warn(
            f"{function.__name__}(): {old} is deprecated, call it {new} (the C API's name)",
            DeprecationWarning,
            stacklevel=3,
        )
        current[new] = value
    return current


def _choice(value, table, name):
    if value not in table:
        raise ValueError(f"{name} must be one of {sorted(table)}, not {value!r}")
    return table[value]


def _dense(src, dst):
    """(ids, s, t): the node ids, sorted and unique, and each edge's source and
    target as int64 indices into them. Non-negative integer ids up to a few
    times the edge count take a table instead of a sort (no copy at all when
    they are int64 and already 0..n-1); other ids take np.unique."""
    m = len(src)
    if m and src.dtype.kind in "iu" and dst.dtype.kind in "iu":
        lo, hi = min(int(src.min()), int(dst.min())), max(int(src.max()), int(dst.max()))
        if lo >= 0 and hi < 4 * m + 1024:
            present = np.zeros(hi + 1, dtype=bool)
            present[src] = True
            present[dst] = True
            ids_type = np.result_type(src.dtype, dst.dtype)
            if present.all():  # already dense
                return (
                    np.arange(hi + 1, dtype=ids_type),
                    np.ascontiguousarray(src, dtype=np.int64),
                    np.ascontiguousarray(dst, dtype=np.int64),
                )
            index = np.cumsum(present, dtype=np.int64) - 1
            return np.flatnonzero(present).astype(ids_type, copy=False), index[src], index[dst]
    ids, dense = np.unique(np.concatenate([src, dst]), return_inverse=True)
    dense = np.ascontiguousarray(dense, dtype=np.int64)
    return ids, dense[:m], dense[m:]


def _arrays(source, target, rating):
    """(ids, s, t, w): node ids, each edge's dense source and target (int64)
    and rating (float64, ones when None)."""
    if rating is None:
        rating = np.ones(len(source))
    src, dst = np.asarray(source), np.asarray(target)
    w = np.ascontiguousarray(rating, dtype=np.float64)
    if not (src.ndim == dst.ndim == w.ndim == 1 and len(src) == len(dst) == len(w)):
        raise ValueError("source, target and rating must be 1-d and of one length")
    ids, s, t = _dense(src, dst)
    return ids, s, t, w


def _graph_options(scale, duplicates, self_loops):
    """A trustscore_graph_options struct: the library's defaults, then these."""
    lo, hi = scale
    options = GraphOptions()
    check(LIB.trustscore_graph_options_init(byref(options), _c.TRUSTSCORE_GRAPH_OPTIONS_VERSION))
    options.rating_min, options.rating_max = float(lo), float(hi)
    options.duplicates = _choice(duplicates, _DUPLICATES, "duplicates")
    options.self_loops = _choice(self_loops, _SELF_LOOPS, "self_loops")
    return options


def _graph(source, target, rating, scale, duplicates, self_loops):
    """A C graph handle and the node ids (dense index -> id)."""
    ids, s, t, w = _arrays(source, target, rating)
    handle = c_void_p()
    options = _graph_options(scale, duplicates, self_loops)
    check(
        LIB.trustscore_graph_from_arrays(
            len(ids),
            s.ctypes.data,
            t.ctypes.data,
            w.ctypes.data,
            len(w),
            byref(options),
            byref(handle),
        )
    )
    return handle, ids


def _csv_graph(path, scale, duplicates, self_loops):
    """A C graph handle read from a CSV file, and its node ids (as in the file)."""
    handle = c_void_p()
    options = _graph_options(scale, duplicates, self_loops)
    check(LIB.trustscore_graph_from_csv(os.fsencode(path), byref(options), byref(handle)))
    try:
        nodes = c_int64()
        check(LIB.trustscore_graph_counts(handle, byref(nodes), None))
        ids = np.array(
            [get_string(LIB.trustscore_graph_node_id, handle, i) for i in range(nodes.value)],
            dtype=object,
        )
    except BaseException:
        LIB.trustscore_graph_free(handle)
        raise
    return handle, ids


def _open(source, target, rating, scale, duplicates, self_loops):
    """A C graph handle and node ids from a CSV path, a DataFrame or edge arrays."""
    if isinstance(source, (str, bytes, os.PathLike)) and target is None:
        if rating is not None:
            raise TypeError("rating is read from the CSV file; pass only its path")
        return _csv_graph(source, scale, duplicates, self_loops)
    return _graph(*_edges(source, target, rating), scale, duplicates, self_loops)


def _edges(source, target, rating):
    """(source, target, rating) of arrays, or the columns of a DataFrame."""
    if hasattr(source, "columns") and target is None:
        df = source
        return (
            df["source"].to_numpy(),
            df["target"].to_numpy(),
            (df["rating"].to_numpy() if "rating" in df.columns else None),
        )
    if target is None:
        raise TypeError("target is required (or pass a DataFrame with source, target, rating)")
    return source, target, rating


def eigentrust(
    source,
    target=None,
    rating=None,
    *,
    alpha=EIGENTRUST_DEFAULTS.alpha,
    seeds=None,
    tolerance=EIGENTRUST_DEFAULTS.tolerance,
    max_iterations=EIGENTRUST_DEFAULTS.max_iterations,
    scale=_DEFAULT_SCALE,
    duplicates="mean",
    self_loops="drop",
    threads=EIGENTRUST_DEFAULTS.threads,
    **deprecated,
):
    """Global trust of every node (Kamvar et al., WWW 2003): the fixed point of
    t = (1 - alpha) C^T t + alpha p with C the row-normalised positive ratings
    and p uniform over `seeds` (all nodes when None), by Gauss-Seidel (with
    Anderson acceleration where it converges slowly) when every rater's
    positive ratings are equal, else by power iteration. Returns
    EigenTrust(trust, nodes, iterations, residual); nodes[i] is the id of trust[i].
    tolerance: on the L1 change of a step, which ends the iteration;
    max_iterations: the most steps (tol and max_iter, their old names, are
    deprecated). threads: 0 every core, 1 (the default) the calling
    thread (two threads were slower on a 2-vCPU machine: measure first); the trust depends on the count within a few tolerances
    (L1), and 1 gives the one-thread result exactly.
    From arrays no graph is kept: trustscore_edges_eigentrust builds only what
    the solver reads."""
    if deprecated:
        given = _renamed(eigentrust, deprecated, tolerance=tolerance, max_iterations=max_iterations)
        tolerance, max_iterations = given["tolerance"], given["max_iterations"]
    from_file = isinstance(source, (str, bytes, os.PathLike)) and target is None
    if from_file:
        handle, ids = _open(source, target, rating, scale, duplicates, self_loops)
    else:
        handle, (ids, s, t, w) = None, _arrays(*_edges(source, target, rating))
    try:
        seed_index = np.zeros(0, dtype=np.int64)
        if seeds is not None:
            position = {x: i for i, x in enumerate(ids.tolist())}
            missing = [x for x in seeds if x not in position]
            if missing:
                raise ValueError(f"seed {missing[0]!r} is not a node of the graph")
            seed_index = np.array([position[x] for x in seeds], dtype=np.int64)
        trust = np.empty(len(ids))
        iterations, residual = c_int64(), c_double()
        options = EigenTrustOptions()
        check(
            LIB.trustscore_eigentrust_options_init(
                byref(options), _c.TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION
            )
        )
        options.alpha = float(alpha)
        options.seeds = seed_index.ctypes.data if len(seed_index) else None
        options.seed_count = len(seed_index)
        options.tolerance = float(tolerance)
        options.max_iterations = int(max_iterations)
        options.threads = check_threads(threads)
        outputs = (trust.ctypes.data, len(trust), byref(iterations), byref(residual))
        if from_file:
            check(LIB.trustscore_graph_eigentrust(handle, byref(options), *outputs))
        else:
            graph_options = _graph_options(scale, duplicates, self_loops)
            check(
                LIB.trustscore_edges_eigentrust(
                    len(ids),
                    s.ctypes.data,
                    t.ctypes.data,
                    w.ctypes.data,
                    len(w),
                    byref(graph_options),
                    byref(options),
                    *outputs,
                )
            )
        return EigenTrust(trust, ids, iterations.value, residual.value)
    finally:
        if handle is not None:
            LIB.trustscore_graph_free(handle)


def fairness_goodness(
    source,
    target=None,
    rating=None,
    *,
    tolerance=FAIRNESS_GOODNESS_DEFAULTS.tolerance,
    max_iterations=FAIRNESS_GOODNESS_DEFAULTS.max_iterations,
    scale=_DEFAULT_SCALE,
    duplicates="mean",
    self_loops="drop",
    threads=FAIRNESS_GOODNESS_DEFAULTS.threads,
    **deprecated,
):
    """Fairness of raters and goodness of rated nodes (Kumar et al., ICDM 2016)
    for signed ratings scaled to [-1, 1]. Returns
    FairnessGoodness(fairness, goodness, nodes, iterations). tolerance: on the
    L1 change of fairness and of goodness in a step, which ends the iteration;
    max_iterations: the most steps (tol and max_iter, their old names, are
    deprecated). threads: 0 every core, 1 (the default) the calling
    thread (two threads were slower on a 2-vCPU machine: measure first); results of different counts lie within a few tolerances.
    """
    if deprecated:
        given = _renamed(
            fairness_goodness, deprecated, tolerance=tolerance, max_iterations=max_iterations
        )
        tolerance, max_iterations = given["tolerance"], given["max_iterations"]
    handle, ids = _open(source, target, rating, scale, duplicates, self_loops)
    try:
        fairness, goodness = np.empty(len(ids)), np.empty(len(ids))
        iterations = c_int64()
        options = FairnessGoodnessOptions()
        check(
            LIB.trustscore_fairness_goodness_options_init(
                byref(options), _c.TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION
            )
        )
        options.tolerance = float(tolerance)
        options.max_iterations = int(max_iterations)
        options.threads = check_threads(threads)
        check(
            LIB.trustscore_graph_fairness_goodness(
                handle,
                byref(options),
                fairness.ctypes.data,
                goodness.ctypes.data,
                len(ids),
                byref(iterations),
                None,
            )
        )
        return FairnessGoodness(fairness, goodness, ids, iterations.value)
    finally:
        LIB.trustscore_graph_free(handle)


#: Edge prediction's defaults, read from the library.
_EDGE_DEFAULTS = option_defaults("edge_prediction")


def edge_prediction(
    source,
    target=None,
    rating=None,
    *,
    sample=_EDGE_DEFAULTS["sample"],
    seed=_EDGE_DEFAULTS["seed"],
    folds=_EDGE_DEFAULTS["folds"],
    l2=_EDGE_DEFAULTS["l2"],
    tolerance=_EDGE_DEFAULTS["tolerance"],
    max_iterations=_EDGE_DEFAULTS["max_iterations"],
    reciprocal_fallback=_EDGE_DEFAULTS["reciprocal_fallback"],
    predictions=_EDGE_DEFAULTS["predictions"],
    scale=_DEFAULT_SCALE,
    duplicates="mean",
    self_loops="drop",
    as_frame=True,
    **deprecated,
):
    """Leave-one-out edge-weight and edge-sign prediction, as `trustscore graph
    eval` runs it: every edge (or a seeded `sample` of them) is left out and
    predicted from the rest by fairness x goodness, goodness, reciprocal,
    global mean, EigenTrust rank, the target's Beta evidence, and a linear
    (weight) and a logistic (sign) regression on the edges' node features
    fitted on the other `folds` (0: leave the learned ones out).

    Returns a DataFrame indexed by predictor with rmse, pearson and sign_auc
    (the ROC AUC of the prediction for weight > 0). With predictions=True,
    ``.attrs["predictions"]`` has each evaluated edge's source and target ids,
    its weight on [-1, 1] and every predictor's prediction, and
    ``.attrs["features"]`` the node features the learned ones used (each
    computed without that edge). as_frame=False returns the JSON report as a
    dict (node indices, not ids). tolerance, max_iterations: of fairness and
    goodness (tol, its old name, is deprecated). The defaults are the
    library's (trustscore_option_defaults("edge_prediction"))."""
    if deprecated:
        tolerance = _renamed(edge_prediction, deprecated, tolerance=tolerance)["tolerance"]
    options = {
        "sample": int(sample),
        "seed": int(seed),
        "folds": int(folds),
        "l2": float(l2),
        "tolerance": float(tolerance),
        "max_iterations": int(max_iterations),
        "reciprocal_fallback": reciprocal_fallback,
        "predictions": bool(predictions),
    }
    handle, ids = _open(source, target, rating, scale, duplicates, self_loops)
    try:
        data, length = c_void_p(), c_int64()
        check(
            LIB.trustscore_edge_prediction(
                handle, json.dumps(options).encode("utf-8"), byref(data), byref(length)
            )
        )
        try:
            report = json.loads(string_at(data, length.value).decode("utf-8"))
        finally:
            LIB.trustscore_buffer_free(data)
    finally:
        LIB.trustscore_graph_free(handle)
    if not as_frame:
        return report
    import pandas as pd

    frame = pd.DataFrame(report["predictors"]).set_index("name")
    frame.index.name = "predictor"
    frame = frame.astype(float)  # null (one sign only) -> NaN
    frame.attrs["report"] = report
    if predictions:
        p = dict(report["predictions"])
        p["source"] = ids[np.asarray(p["source"], dtype=np.int64)]
        p["target"] = ids[np.asarray(p["target"], dtype=np.int64)]
        frame.attrs["predictions"] = pd.DataFrame(p)
        frame.attrs["features"] = pd.DataFrame(report["features"])
    return frame


class Credibility(namedtuple("Credibility", ["credibility", "nodes", "unknown"])):
    """Credibility in [0, 1] of every node of a trust graph (credibility[i] is
    that of nodes[i]) and `unknown`, the suggested credibility of a source
    outside the graph (the lowest of any node)."""

    __slots__ = ()

    def of(self, sources, unknown=None):
        """The credibility of each of `sources` (e.g. the source column of
        signals), for ``EvidenceStore.add(..., credibility=...)``; sources not
        in the graph get `unknown` (default: self.unknown)."""
        if unknown is None:
            unknown = self.unknown
        if not (0 <= unknown <= 1):
            raise ValueError(f"unknown must be in [0, 1], not {unknown!r}")
        table = dict(zip(self.nodes.tolist(), self.credibility.tolist()))
        items = sources.tolist() if hasattr(sources, "tolist") else list(sources)
        return np.fromiter(
            (table.get(x, unknown) for x in items), dtype=np.float64, count=len(items)
        )


def credibility(
    source,
    target=None,
    rating=None,
    *,
    rule="eigentrust",
    scale=_DEFAULT_SCALE,
    duplicates="mean",
    self_loops="drop",
):
    """Credibility of every node of the graph, to discount the signals of each
    source: rule "eigentrust" gives min(1, n * global trust) (alpha 0.15, all
    nodes seeds), "fairness" the node's fairness (Kumar et al., ICDM 2016).
    The graph is a CSV path, a DataFrame of edges or edge arrays. Returns
    Credibility(credibility, nodes, unknown); ``.of(sources)`` maps sources to it."""
    code = _choice(rule, _RULES, "rule")
    handle, ids = _open(source, target, rating, scale, duplicates, self_loops)
    try:
        out = np.empty(len(ids))
        unknown = c_double()
        check(
            LIB.trustscore_graph_credibility(
                handle, code, out.ctypes.data, len(out), byref(unknown)
            )
        )
        return Credibility(out, ids, unknown.value)
    finally:
        LIB.trustscore_graph_free(handle)
