"""Learned weights: fit_logistic against scikit-learn's LogisticRegression
(coefficients to 1e-6) and, with non-negative weights, against scipy's
bounded optimiser; factor_trust against the Beta mean written out; errors."""

import threading

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
    ref = lm.LogisticRegression(C=2.0, tol=1e-9, max_iter=1000, solver="newton-cg").fit(
        x, y, sample_weight=sw
    )
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
    ref = optimize.minimize(
        objective,
        np.zeros(x.shape[1] + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options=dict(ftol=1e-15, gtol=1e-12, maxiter=10_000),
    )
    fit = ts.fit_logistic(x, y, l2=l2, non_negative=True)
    assert fit.weights[1] == 0.0  # its unconstrained value is negative
    np.testing.assert_allclose(fit.weights, ref.x[:-1], atol=1e-5)
    assert fit.bias == pytest.approx(ref.x[-1], abs=1e-5)


def sklearn_calibrated(x, y, l2, fold, sample_weight=None):
    calibration = pytest.importorskip("sklearn.calibration")
    folds = int(fold.max()) + 1
    cv = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in range(folds)]
    base = lm.LogisticRegression(C=1 / l2, tol=1e-10, max_iter=1000, solver="newton-cg")
    ref = calibration.CalibratedClassifierCV(base, method="sigmoid", cv=cv, ensemble=False)
    return ref.fit(x, y, sample_weight=sample_weight)


@pytest.mark.parametrize("weighted", [False, True])
def test_calibrated_fit_equals_sklearn_calibrated_classifier(weighted):
    x, y = data(7, n=800)
    fold = np.random.default_rng(8).integers(0, 5, len(y))
    sw = np.random.default_rng(9).random(len(y)) * 2 if weighted else None
    fit = ts.fit_logistic(x, y, l2=4.0, sample_weight=sw, calibrate=fold)
    ref = sklearn_calibrated(x, y, 4.0, fold, sw)
    calibrator = ref.calibrated_classifiers_[0].calibrators[0]
    # sklearn writes 1 / (1 + exp(A z + B)); its BFGS stops at gradient 1e-5.
    a, b = fit.platt
    assert a == pytest.approx(-calibrator.a_, abs=1e-6)
    assert b == pytest.approx(-calibrator.b_, abs=1e-6)
    p = 1 / (1 + np.exp(-(x @ fit.weights + fit.bias)))
    np.testing.assert_allclose(p, ref.predict_proba(x)[:, 1], rtol=0, atol=1e-7)
    # The calibrator folded into the uncalibrated fit on all rows.
    plain = ts.fit_logistic(x, y, l2=4.0, sample_weight=sw)
    np.testing.assert_allclose(fit.weights, a * plain.weights, rtol=1e-12, atol=0)
    assert fit.bias == pytest.approx(a * plain.bias + b, abs=1e-12)
    assert a > 1  # l2 = 4 shrinks the weights; calibration widens them
    assert fit.iterations > 0 and plain.platt is None


def test_calibrated_fit_with_stratified_folds_is_an_ordinary_model():
    base = ts.Model()
    store = random_store(base)
    x = ts.factor_trust(base, store)
    y = (np.random.default_rng(10).random(len(x)) < x[:, 0]).astype(float)
    fit = ts.fit_logistic(x, y, l2=2.0, calibrate=4, seed=3)
    again = ts.fit_logistic(x, y, l2=2.0, calibrate=4, seed=3)
    np.testing.assert_array_equal(fit.weights, again.weights)
    assert fit.platt == again.platt
    other = ts.fit_logistic(x, y, l2=2.0, calibrate=4, seed=4)
    assert other.platt != fit.platt  # other folds, another calibrator
    scores = store.score(fit.to_model(base)).score
    np.testing.assert_allclose(
        scores, 1 / (1 + np.exp(-(x @ fit.weights + fit.bias))), rtol=0, atol=1e-12
    )
    nonneg = ts.fit_logistic(x, y, l2=2.0, non_negative=True, calibrate=4)
    assert nonneg.platt[0] >= 0 and np.all(nonneg.weights >= 0)


def test_calibration_errors():
    x, y = data(11, n=40)
    with pytest.raises(ts.InvalidArgumentError, match="folds must be >= 2"):
        ts.fit_logistic(x, y, calibrate=1)
    with pytest.raises(ValueError, match="one integer fold per row"):
        ts.fit_logistic(x, y, calibrate=np.zeros(39, dtype=int))
    with pytest.raises(ValueError, match="one integer fold per row"):
        ts.fit_logistic(x, y, calibrate=np.zeros(40))
    with pytest.raises(ts.InvalidArgumentError, match="rows outside fold 0 all have label 0"):
        ts.fit_logistic(x, y, calibrate=np.where(y == 1, 0, 1))
    with pytest.raises(ts.InvalidArgumentError, match="needs 2 or more rows of each label"):
        ts.fit_logistic(x[:4], [1, 0, 0, 0], calibrate=2)


def test_factor_trust_is_the_beta_mean():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(
        ["a", "a", "b"],
        ["experts", "values", "experts"],
        [1.0, 0.25, 0.5],
        weight=[3, 1, 2],
        time=T,
    )
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


def random_store(model, seed=5, n=300):
    rng = np.random.default_rng(seed)
    store = ts.EvidenceStore(model)
    k = 4 * n
    ids = [f"e{i % n}" for i in range(k)]
    store.add(
        ids,
        rng.integers(0, len(model.factors), k),
        np.floor(rng.random(k) * 5) / 4,
        weight=0.5 + rng.random(k),
        time=T + 3600.0 * np.arange(k),
    )
    return store


def test_logistic_model_scores_the_fit_and_equals_sklearn():
    base = ts.Model()
    store = random_store(base)
    x = ts.factor_trust(base, store)
    rng = np.random.default_rng(6)
    y = (rng.random(len(x)) < 1 / (1 + np.exp(-(3 * x[:, 0] - 2 * x[:, 6] + 0.2)))).astype(float)
    fit = ts.fit_logistic(x, y, l2=0.5)
    model = fit.to_model(base)
    assert model.kind == "logistic"
    r = store.score(model, explain=True)
    np.testing.assert_allclose(
        r.score, 1 / (1 + np.exp(-(fit.bias + x @ fit.weights))), rtol=0, atol=1e-12
    )
    ref = lm.LogisticRegression(C=2.0, tol=1e-9, max_iter=1000, solver="newton-cg").fit(x, y)
    np.testing.assert_allclose(r.score, ref.predict_proba(x)[:, 1], rtol=0, atol=1e-6)
    assert np.all((r.lower <= r.score) & (r.score <= r.upper))
    np.testing.assert_allclose(
        r.contributions.sum(axis=1), r.score - r.baseline, rtol=0, atol=1e-13
    )
    # The baseline: every factor at its base rate 0.5.
    assert r.baseline == pytest.approx(
        1 / (1 + np.exp(-(fit.bias + 0.5 * fit.weights.sum()))), abs=1e-15
    )
    # The same model through its JSON, its saved bytes and the weights given by hand.
    assert ts.Model.from_json(model.to_json()) == model
    for archive in ("binary", "text", "xml"):
        back = ts.Model.from_bytes(model.to_bytes(archive))
        assert back == model
        np.testing.assert_array_equal(store.score(back).score, r.score)
    by_hand = ts.logistic_model(dict(zip(base.factors, fit.weights)), fit.bias)
    np.testing.assert_array_equal(store.score(by_hand).score, r.score)


def test_logistic_model_parameters_and_errors():
    m = ts.Model.from_dict(
        {"kind": "logistic", "parameters": {"weights": {"experts": 0.8}, "bias": -1.2}}
    )
    weights = m.parameters["weights"]
    assert m.parameters["bias"] == -1.2
    assert weights["experts"] == 0.8 and sum(weights.values()) == 0.8 and len(weights) == 9
    unfitted = ts.Model("logistic", bias=np.log(3.0))  # no weights: sigmoid(bias) for all
    store = random_store(unfitted, n=20)
    np.testing.assert_allclose(store.score(unfitted).score, 0.75, rtol=0, atol=1e-15)
    with pytest.raises(ts.BadFormatError, match="parameters.weights: unknown factor 'karma'"):
        ts.Model("logistic", weights={"karma": 1.0})
    with pytest.raises(ts.BadFormatError, match="has 2 weights for 9 factors"):
        ts.Model("logistic", weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="3 weights for 9 factors"):
        ts.logistic_model([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="finite"):
        ts.logistic_model([float("nan")] * 9)
    with pytest.raises(TypeError, match="bias is taken from the LogisticFit"):
        ts.logistic_model(ts.LogisticFit(np.zeros(9), 0.0, 1), 1.0)


def test_factor_trust_waits_while_the_store_is_closed_or_closing():
    # The store's lock keeps close() from freeing the store during the C call
    # (the GIL is released inside it), as it does for scoring.
    model = ts.Model()
    store = random_store(model)
    results = []
    store._lock.acquire_write()  # what close() holds while it frees the store
    try:
        reader = threading.Thread(target=lambda: results.append(ts.factor_trust(model, store)))
        reader.start()
        reader.join(0.3)
        assert reader.is_alive() and not results  # waiting for the writer
    finally:
        store._lock.release_write()
    reader.join(10)
    assert not reader.is_alive() and results[0].shape == (len(store), len(model.factors))
