"""Learned weights over the C ABI: per-factor trust values of a store (the
features), a logistic model of outcome labels fitted on them
(include/trustscore/eval/logistic_fit.hpp), and that fit as a Model of kind
"logistic" (scoring, explanations and saving like any model)."""

from __future__ import annotations

import math
from collections import namedtuple
from ctypes import byref, c_double, c_int64

import numpy as np

from ._constants import TRUSTSCORE_E_BUFFER_TOO_SMALL
from ._inputs import score_options
from ._model import Model
from ._store import EvidenceStore
from ._lib import LIB, check


class LogisticFit(namedtuple("LogisticFit", ["weights", "bias", "iterations"])):
    """A fit of :func:`fit_logistic`: weights (one per feature), bias and the
    Newton iterations taken. ``platt`` is the Platt calibrator (a, b) a
    calibrated fit folded into its weights and bias (None: not calibrated)."""

    platt = None  # set on the instance by fit_logistic(calibrate=...)

    def to_model(self, base=None) -> "Model":
        """The fit as a Model of kind logistic (see :func:`logistic_model`)."""
        return logistic_model(self, base=base)


def logistic_model(weights, bias=None, *, base=None) -> "Model":
    """A Model of kind "logistic": score = sigmoid(bias + sum_f weights[f] *
    t_f), t_f each factor's Beta mean (:func:`factor_trust`). weights: a
    :class:`LogisticFit` of factor_trust features (its bias is used), one
    weight per factor of `base` in order, or a dict {factor id: weight}
    (factors left out weigh 0). base: the model whose factors, factor
    parameters and profiles are kept (None: the default model)."""
    if base is None:
        base = Model()
    if not isinstance(base, Model):
        raise TypeError(f"base must be a trustscore.Model, not {type(base).__name__}")
    if isinstance(weights, LogisticFit):
        if bias is not None:
            raise TypeError("bias is taken from the LogisticFit; give weights and bias otherwise")
        weights, bias = weights.weights, weights.bias
    bias = 0.0 if bias is None else float(bias)
    if isinstance(weights, dict):
        weights = {str(k): float(v) for k, v in weights.items()}
        values = list(weights.values())
    else:
        values = [float(w) for w in np.asarray(weights, dtype=np.float64).ravel()]
        if len(values) != len(base.factors):
            raise ValueError(
                f"{len(values)} weights for {len(base.factors)} factors "
                "(one per factor of base, in order)"
            )
        weights = values
    if not all(math.isfinite(w) for w in values) or not math.isfinite(bias):
        raise ValueError("weights and bias must be finite")
    config = base.to_dict()
    config["kind"] = "logistic"
    config["parameters"] = {"weights": weights, "bias": bias}
    return Model.from_dict(config)


def factor_trust(model, store, *, profile=None, as_of=None) -> np.ndarray:
    """Each factor's Beta mean (r + a W) / (r + s + W) for every entity of
    `store`, as of `as_of` (None: the newest signal): an (entities, factors)
    float64 array, the features of :func:`fit_logistic`."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    if not isinstance(store, EvidenceStore):
        raise TypeError(f"store must be a trustscore.EvidenceStore, not {type(store).__name__}")
    opts = score_options(profile, as_of, 0.95, 1)[1]
    # Held shared, as by every call on the store: close() waits for it.
    store._lock.acquire_read()
    try:
        while True:
            out = np.empty((len(store), len(model.factors)))
            status = LIB.trustscore_factor_trust(
                model._hv, store._handle(), opts, out.ctypes.data if out.size else None, out.size
            )
            if status != TRUSTSCORE_E_BUFFER_TOO_SMALL:
                check(status)
                return out
            # An add on another thread grew the store since len() was read.
            store._refresh_count()
    finally:
        store._lock.release_read()


def fit_logistic(
    x, y, *, l2=1.0, non_negative=False, sample_weight=None, calibrate=None, seed=1
) -> LogisticFit:
    """Logistic regression of labels y (0/1) on features x (n, f) by Newton's
    method: minimises the log loss plus l2 / 2 * ||weights||^2 (the bias is
    not penalised): scikit-learn's LogisticRegression(C=1/l2). non_negative
    keeps the weights >= 0. Returns LogisticFit(weights, bias, iterations).

    calibrate: Platt scaling of the fit, fitted on out-of-fold decision
    values (scikit-learn's CalibratedClassifierCV(method="sigmoid",
    ensemble=False)): an int K >= 2 for K folds stratified by label (seeded
    by `seed`), or one fold index per row. The calibrator sigmoid(a z + b) is
    folded into the returned weights (a * w) and bias (a * bias + b), so the
    fit is a logistic model as before; ``fit.platt`` is (a, b) and
    ``fit.iterations`` the Newton steps of the fit on all rows."""
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
    args = (
        x.ctypes.data if x.size else None,
        y.ctypes.data if n else None,
        None if w is None else w.ctypes.data,
        n,
        f,
        float(l2),
        int(bool(non_negative)),
    )
    if calibrate is None:
        check(
            LIB.trustscore_fit_logistic(
                *args, weights.ctypes.data if f else None, byref(bias), byref(iterations)
            )
        )
        return LogisticFit(weights, bias.value, iterations.value)
    fold, folds = None, calibrate
    if not isinstance(calibrate, (int, np.integer)) or isinstance(calibrate, bool):
        fold = np.asarray(calibrate)
        if fold.shape != y.shape or not np.issubdtype(fold.dtype, np.integer):
            raise ValueError("calibrate must be a number of folds or one integer fold per row of x")
        fold = np.ascontiguousarray(fold, dtype=np.int64)
        folds = int(fold.max()) + 1 if fold.size else 0
    platt = np.empty(2)
    check(
        LIB.trustscore_fit_logistic_calibrated(
            *args,
            None if fold is None else fold.ctypes.data,
            int(folds),
            int(seed),
            weights.ctypes.data if f else None,
            byref(bias),
            platt.ctypes.data,
            byref(iterations),
        )
    )
    fit = LogisticFit(weights, bias.value, iterations.value)
    fit.platt = (float(platt[0]), float(platt[1]))
    return fit
