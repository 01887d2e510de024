"""Learned weights over the C ABI: per-factor trust values of a store (the
features) and a logistic model of outcome labels fitted on them
(include/trustscore/eval/logistic.hpp)."""

from __future__ import annotations

from collections import namedtuple
from ctypes import byref, c_double, c_int64

import numpy as np

from . import _core
from ._lib import LIB, check

LogisticFit = namedtuple("LogisticFit", ["weights", "bias", "iterations"])


def factor_trust(model, store, *, profile=None, as_of=None) -> np.ndarray:
    """Each factor's Beta mean (r + a W) / (r + s + W) for every entity of
    `store`, as of `as_of` (None: the newest signal): an (entities, factors)
    float64 array, the features of :func:`fit_logistic`."""
    if not isinstance(model, _core.Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    if not isinstance(store, _core.EvidenceStore):
        raise TypeError(f"store must be a trustscore.EvidenceStore, not {type(store).__name__}")
    out = np.empty((len(store), len(model.factors)))
    opts = _core._options(profile, as_of, 0.95, 1)[1]
    check(LIB.trustscore_factor_trust(model._hv, store._handle(), opts,
                                      out.ctypes.data if out.size else None, out.size))
    return out


def fit_logistic(x, y, *, l2=1.0, non_negative=False, sample_weight=None) -> LogisticFit:
    """Logistic regression of labels y (0/1) on features x (n, f) by Newton's
    method: minimises the log loss plus l2 / 2 * ||weights||^2 (the bias is
    not penalised): scikit-learn's LogisticRegression(C=1/l2). non_negative
    keeps the weights >= 0. Returns LogisticFit(weights, bias, iterations)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-dimensional (rows, features), got shape {x.shape}")
    if y.ndim != 1 or len(y) != len(x):
        raise ValueError(f"y must be 1-dimensional with one label per row of x ({len(x)})")
    w = None
    if sample_weight is not None:
        w = np.ascontiguousarray(sample_weight, dtype=np.float64)
        if w.shape != y.shape:
            raise ValueError("sample_weight must have one weight per row of x")
    n, f = x.shape
    weights = np.empty(f)
    bias, iterations = c_double(), c_int64()
    check(LIB.trustscore_fit_logistic(x.ctypes.data if x.size else None, y.ctypes.data if n else None,
                                      None if w is None else w.ctypes.data, n, f, float(l2),
                                      int(bool(non_negative)), weights.ctypes.data if f else None,
                                      byref(bias), byref(iterations)))
    return LogisticFit(weights, bias.value, iterations.value)
