"""Evaluation metrics over the C library (include/trustscore/eval/metrics.hpp):
how well scores rank and predict outcomes. Ties are handled as scikit-learn
and scipy handle them; the tests compare every metric with them.

Every function takes the truth first, as scikit-learn does: labels 0/1 for
roc_auc, average_precision, log_loss, brier and expected_calibration_error;
numbers for rmse, mae, pearson, spearman and kendall_tau_b; non-negative gains
for ndcg. Inputs are 1-d arrays of one length (numpy arrays, lists, pandas
Series); float64 contiguous arrays pass without copies. Bad input raises
trustscore.InvalidArgumentError (a ValueError) naming the metric.
"""

from __future__ import annotations

from ctypes import byref, c_double

import numpy as np

from . import _constants as _c
from ._lib import LIB, check

_CODES = {
    "roc_auc": _c.TRUSTSCORE_METRIC_ROC_AUC,
    "average_precision": _c.TRUSTSCORE_METRIC_AVERAGE_PRECISION,
    "log_loss": _c.TRUSTSCORE_METRIC_LOG_LOSS,
    "brier": _c.TRUSTSCORE_METRIC_BRIER,
    "expected_calibration_error": _c.TRUSTSCORE_METRIC_ECE,
    "rmse": _c.TRUSTSCORE_METRIC_RMSE,
    "mae": _c.TRUSTSCORE_METRIC_MAE,
    "pearson": _c.TRUSTSCORE_METRIC_PEARSON,
    "spearman": _c.TRUSTSCORE_METRIC_SPEARMAN,
    "kendall_tau_b": _c.TRUSTSCORE_METRIC_KENDALL_TAU_B,
    "ndcg": _c.TRUSTSCORE_METRIC_NDCG,
}
NAMES = tuple(_CODES)


def _pair(truth, prediction, name):
    t = np.ascontiguousarray(truth, dtype=np.float64)
    p = np.ascontiguousarray(prediction, dtype=np.float64)
    if t.ndim != 1 or p.ndim != 1:
        raise ValueError(f"{name}: truth and prediction must be 1-dimensional")
    if len(t) != len(p):
        raise ValueError(f"{name}: truth has {len(t)} values, prediction {len(p)}")
    return t, p


def metric(name: str, truth, prediction, parameter: int = 0) -> float:
    """The metric called `name` (one of NAMES) of prediction against truth;
    parameter is k for ndcg (0: all), the bin count for
    expected_calibration_error (0: 10), otherwise 0."""
    if name not in _CODES:
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(NAMES)}")
    t, p = _pair(truth, prediction, name)
    value = c_double()
    check(
        LIB.trustscore_metric(
            _CODES[name],
            t.ctypes.data if len(t) else None,
            p.ctypes.data if len(p) else None,
            len(t),
            int(parameter),
            byref(value),
        )
    )
    return value.value


def roc_auc(y_true, y_score) -> float:
    """Area under the ROC curve (tied scores count one half)."""
    return metric("roc_auc", y_true, y_score)


def average_precision(y_true, y_score) -> float:
    """Average precision: Σ (R_k - R_{k-1}) P_k over distinct score thresholds."""
    return metric("average_precision", y_true, y_score)


def log_loss(y_true, y_prob) -> float:
    """Mean negative log-likelihood, probabilities clipped to [eps, 1 - eps]."""
    return metric("log_loss", y_true, y_prob)


def brier(y_true, y_prob) -> float:
    """Mean squared difference of probability and label."""
    return metric("brier", y_true, y_prob)


def expected_calibration_error(y_true, y_prob, bins: int = 10) -> float:
    """Σ_b (n_b / n) ``|mean label - mean probability|`` over equal-width bins."""
    if bins < 1:
        raise ValueError(f"expected_calibration_error: bins must be >= 1, not {bins}")
    return metric("expected_calibration_error", y_true, y_prob, bins)


def rmse(y_true, y_pred) -> float:
    return metric("rmse", y_true, y_pred)


def mae(y_true, y_pred) -> float:
    return metric("mae", y_true, y_pred)


def pearson(x, y) -> float:
    """Pearson correlation (NaN when either side is constant)."""
    return metric("pearson", x, y)


def spearman(x, y) -> float:
    """Spearman rank correlation with average ranks for ties."""
    return metric("spearman", x, y)


def kendall_tau_b(x, y) -> float:
    """Kendall's tau-b, O(n log n)."""
    return metric("kendall_tau_b", x, y)


def ndcg(gains, y_score, k: int = 0) -> float:
    """NDCG of the ranking by y_score with relevance `gains`, over the top k
    (0: all); tied scores share their positions' discounts."""
    if k < 0:
        raise ValueError(f"ndcg: k must be >= 0, not {k}")
    return metric("ndcg", gains, y_score, k)
