"""Learned weights: fit_logistic against scikit-learn's LogisticRegression
(coefficients to 1e-6) and, with non-negative weights, against scipy's
bounded optimiser; factor_trust against the Beta mean written out; errors."""

import numpy as np
import pytest

import trustscore as ts

lm = pytest.importorskip("sklearn.linear_model")
optimize = pytest.importorskip("scipy.optimize")

T = 1_700_000_000.0


def data(seed, n=3000, w=(2.0, -1.0, 0.5, 0.0, 1.2), b=-0.4):
    rng = np.random.default_rng(seed)
    x = rng.random((n, len(w)))
    y = (rng.random(n) < 1 / (1 + np.exp(-(x @ np.array(w) + b)))).astype(float)
    return x, y


@pytest.mark.parametrize("l2", [0.1, 1.0, 30.0])
def test_fit_logistic_equals_sklearn(l2):
    x, y = data(1)
    fit = ts.fit_logistic(x, y, l2=l2)
    ref = lm.LogisticRegression(C=1 / l2, tol=1e-9, max_iter=1000, solver="newton-cg").fit(x, y)
    np.testing.assert_allclose(fit.weights, ref.coef_[0], atol=1e-6)
    assert fit.bias == pytest.approx(ref.intercept_[0], abs=1e-6)
    assert 0 < fit.iterations < 30


def test_sample_weights_equal_sklearn():
    x, y = data(2, n=500)
    sw = np.random.default_rng(3).random(500) * 3
    fit = ts.fit_logistic(x, y, l2=0.5, sample_weight=sw)
    ref = lm.LogisticRegression(C=2.0, tol=1e-9, max_iter=1000, solver="newton-cg").fit(x, y, sample_weight=sw)
    np.testing.assert_allclose(fit.weights, ref.coef_[0], atol=1e-6)
    assert fit.bias == pytest.approx(ref.intercept_[0], abs=1e-6)


def test_non_negative_weights_equal_a_bounded_optimiser():
    x, y = data(4)
    l2 = 1.0

    def objective(beta):
        z = x @ beta[:-1] + beta[-1]
        p = 1 / (1 + np.exp(-z))
        value = np.sum(np.logaddexp(0, z) - y * z) + 0.5 * l2 * beta[:-1] @ beta[:-1]
        grad = np.append(x.T @ (p - y) + l2 * beta[:-1], np.sum(p - y))
        return value, grad

    bounds = [(0, None)] * x.shape[1] + [(None, None)]
    ref = optimize.minimize(objective, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B",
                            bounds=bounds, options=dict(ftol=1e-15, gtol=1e-12, maxiter=10_000))
    fit = ts.fit_logistic(x, y, l2=l2, non_negative=True)
    assert fit.weights[1] == 0.0  # its unconstrained value is negative
    np.testing.assert_allclose(fit.weights, ref.x[:-1], atol=1e-5)
    assert fit.bias == pytest.approx(ref.x[-1], abs=1e-5)


def test_factor_trust_is_the_beta_mean():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(["a", "a", "b"], ["experts", "values", "experts"], [1.0, 0.25, 0.5], weight=[3, 1, 2], time=T)
    x = ts.factor_trust(model, store)
    f = list(model.factors).index("experts")
    assert x.shape == (2, len(model.factors))
    # a, experts: r = 3, s = 0, base rate 0.5, prior weight 2: (3 + 1) / (3 + 2).
    assert x[0, f] == pytest.approx(0.8, abs=1e-15)
    # b, experts: r = 1, s = 1 x negativity 2 = 2: (1 + 1) / (3 + 2).
    assert x[1, f] == pytest.approx(0.4, abs=1e-15)
    untouched = [i for i, name in enumerate(model.factors) if name not in ("experts", "values")]
    assert np.all(x[:, untouched] == 0.5)  # no evidence: the base rate


def test_errors():
    with pytest.raises(ts.InvalidArgumentError, match="label 0 is 0.5"):
        ts.fit_logistic([[1.0]], [0.5])
    with pytest.raises(ValueError, match="2-dimensional"):
        ts.fit_logistic([1.0, 2.0], [0, 1])
    with pytest.raises(ValueError, match="one label per row"):
        ts.fit_logistic([[1.0], [2.0]], [0, 1, 1])
    with pytest.raises(ts.InvalidArgumentError, match="sample weight 0"):
        ts.fit_logistic([[1.0], [0.0]], [1, 0], sample_weight=[-1.0, 1.0])
    with pytest.raises(TypeError, match="store must be"):
        ts.factor_trust(ts.Model(), None)
