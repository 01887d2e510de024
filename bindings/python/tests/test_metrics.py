"""Every metric against scikit-learn or scipy on random and heavily tied
inputs, to 1e-12; expected calibration error against its formula in numpy;
errors."""

import numpy as np
import pytest

import trustscore as ts
from trustscore import metrics as tm

sk = pytest.importorskip("sklearn.metrics")
stats = pytest.importorskip("scipy.stats")


def cases():
    rng = np.random.default_rng(12)
    for n, tied in [(10, False), (500, False), (500, True), (5000, True)]:
        y = (rng.random(n) < 0.3).astype(float)
        y[:2] = [0, 1]
        score = rng.integers(0, 8, n) / 7 if tied else rng.random(n)
        prob = np.clip(score * 0.98 + 0.01, 0, 1)
        value = rng.integers(0, 5, n).astype(float) if tied else rng.normal(size=n)
        other = value + (rng.integers(0, 3, n) if tied else rng.normal(size=n))
        yield y, score, prob, value, other


@pytest.mark.parametrize("case", list(cases()), ids=["10", "500", "500-tied", "5000-tied"])
def test_metrics_equal_sklearn_and_scipy(case):
    y, score, prob, value, other = case
    assert tm.roc_auc(y, score) == pytest.approx(sk.roc_auc_score(y, score), abs=1e-12)
    assert tm.average_precision(y, score) == pytest.approx(
        sk.average_precision_score(y, score), abs=1e-12
    )
    assert tm.log_loss(y, prob) == pytest.approx(sk.log_loss(y, prob), abs=1e-12)
    assert tm.brier(y, prob) == pytest.approx(sk.brier_score_loss(y, prob), abs=1e-12)
    assert tm.rmse(value, other) == pytest.approx(
        np.sqrt(sk.mean_squared_error(value, other)), abs=1e-12
    )
    assert tm.mae(value, other) == pytest.approx(sk.mean_absolute_error(value, other), abs=1e-12)
    assert tm.pearson(value, other) == pytest.approx(stats.pearsonr(value, other)[0], abs=1e-12)
    assert tm.spearman(value, other) == pytest.approx(stats.spearmanr(value, other)[0], abs=1e-12)
    assert tm.kendall_tau_b(value, other) == pytest.approx(
        stats.kendalltau(value, other)[0], abs=1e-12
    )
    gains = np.abs(value)
    for k in (0, 1, 5, len(y) // 3):
        expected = sk.ndcg_score(gains[None, :], score[None, :], k=k or None)
        assert tm.ndcg(gains, score, k) == pytest.approx(expected, abs=1e-12)


def test_expected_calibration_error_formula():
    rng = np.random.default_rng(3)
    p = rng.random(1000)
    p[:3] = [0.0, 1.0, 0.5]
    y = (rng.random(1000) < p).astype(float)
    for bins in (1, 10, 15):
        b = np.minimum((p * bins).astype(int), bins - 1)
        expected = sum(abs(y[b == i].sum() - p[b == i].sum()) for i in range(bins)) / len(p)
        assert tm.expected_calibration_error(y, p, bins) == pytest.approx(expected, abs=1e-12)


def test_log_loss_clips_certain_mistakes_like_sklearn():
    y, p = np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0])
    assert tm.log_loss(y, p) == pytest.approx(sk.log_loss(y, p), rel=1e-12)


def test_inputs_lists_and_errors():
    assert tm.roc_auc([0, 1, 1], [0.2, 0.9, 0.1]) == pytest.approx(0.5)
    assert tm.metric("ndcg", [1, 0], [1, 1]) == pytest.approx(0.5 * (1 + 1 / np.log2(3)))
    with pytest.raises(ts.InvalidArgumentError, match="roc_auc: needs both labels"):
        tm.roc_auc([1, 1], [0.2, 0.3])
    with pytest.raises(ts.InvalidArgumentError, match="label 0 is 0.5"):
        tm.brier([0.5, 1], [0.2, 0.3])
    with pytest.raises(ts.InvalidArgumentError, match="probability 1 is 1.2"):
        tm.log_loss([0, 1], [0.2, 1.2])
    with pytest.raises(ts.InvalidArgumentError, match="pearson: value 0 is NaN"):
        tm.pearson([np.nan, 1], [0.2, 0.3])
    with pytest.raises(ts.InvalidArgumentError, match="no values"):
        tm.rmse([], [])
    with pytest.raises(ValueError, match="truth has 2 values, prediction 3"):
        tm.mae([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="1-dimensional"):
        tm.mae([[1, 2]], [[1, 2]])
    with pytest.raises(ValueError, match="unknown metric 'f1'"):
        tm.metric("f1", [1], [1])
    with pytest.raises(ValueError, match="k must be"):
        tm.ndcg([1], [1], k=-1)
    with pytest.raises(ValueError, match="bins"):
        tm.expected_calibration_error([1], [1], bins=0)
    assert np.isnan(tm.kendall_tau_b([1, 1, 1], [1, 2, 3]))
