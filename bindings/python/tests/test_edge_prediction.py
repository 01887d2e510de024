"""Leave-one-out edge prediction from Python (trustscore.edge_prediction over
trustscore_edge_prediction): the CLI's numbers on the Bitcoin OTC slice, the
metrics recomputed from the returned predictions with numpy and
scikit-learn, the simple predictors by their definitions, ids, errors."""

import os

import numpy as np
import pytest

import trustscore as ts

pd = pytest.importorskip("pandas")
sk = pytest.importorskip("sklearn.metrics")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OTC = os.path.join(REPO, "tests", "data", "graph", "bitcoin_otc_first3000.csv")


@pytest.fixture(scope="module")
def otc():
    return ts.edge_prediction(OTC, scale=(-10, 10), predictions=True)


def test_the_cli_numbers_on_the_otc_slice(otc):
    # tests/cli/cli_test.cmake checks the same rows in `trustscore graph eval`'s output.
    assert list(otc.index) == [
        "fairness_goodness",
        "goodness",
        "reciprocal",
        "global_mean",
        "eigentrust",
        "beta",
        "learned_linear",
        "learned_sign",
    ]
    assert otc.attrs["report"]["edges"] == 3000
    for name, rmse, pearson, auc in [
        ("fairness_goodness", 0.1984, 0.2741, 0.9469),
        ("learned_linear", 0.1503, 0.6332, 0.9211),
        ("learned_sign", 0.8220, 0.3437, 0.9939),
    ]:
        assert otc.loc[name, "rmse"] == pytest.approx(rmse, abs=5e-5)
        assert otc.loc[name, "pearson"] == pytest.approx(pearson, abs=5e-5)
        assert otc.loc[name, "sign_auc"] == pytest.approx(auc, abs=5e-5)


def test_metrics_recomputed_from_the_predictions(otc):
    p = otc.attrs["predictions"]
    assert len(p) == 3000 and len(otc.attrs["features"]) == 3000
    w = p.weight.to_numpy()
    for name in otc.index:
        x = p[name].to_numpy()
        assert otc.loc[name, "rmse"] == pytest.approx(np.sqrt(np.mean((x - w) ** 2)), abs=1e-12)
        assert otc.loc[name, "pearson"] == pytest.approx(np.corrcoef(x, w)[0, 1], abs=1e-12)
        assert otc.loc[name, "sign_auc"] == pytest.approx(sk.roc_auc_score(w > 0, x), abs=1e-12)
    # The simple predictors by their definitions, from the file itself.
    ratings = pd.read_csv(OTC, header=None, names=["source", "target", "rating", "time"])
    assert len(ratings) == 3000
    ratings["weight"] = ratings.rating / 10
    weight = {(a, b): x for a, b, x in zip(ratings.source, ratings.target, ratings.weight)}
    src, dst = p.source.astype(int).tolist(), p.target.astype(int).tolist()
    assert np.allclose(w, [weight[(a, b)] for a, b in zip(src, dst)], atol=0)
    assert np.array_equal(p.reciprocal, [weight.get((b, a), 0.0) for a, b in zip(src, dst)])
    total = ratings.weight.sum()
    assert np.allclose(p.global_mean, (total - w) / 2999, atol=1e-12)
    features = otc.attrs["features"]
    assert np.array_equal(features.fairness_goodness, p.fairness_goodness)
    assert np.array_equal(features.target_beta, p.beta)


def test_ids_from_arrays_samples_and_errors():
    s = np.array(["a", "b", "a", "c", "b", "c"])
    t = np.array(["b", "a", "c", "a", "c", "b"])
    w = np.array([0.5, -0.2, 0.8, 0.4, 0.9, -0.6])
    r = ts.edge_prediction(s, t, w, folds=2, predictions=True)
    p = r.attrs["predictions"]
    assert sorted(zip(p.source, p.target)) == sorted(zip(s, t))
    assert np.array_equal(
        p.reciprocal, [dict(zip(zip(s, t), w))[(b, a)] for a, b in zip(p.source, p.target)]
    )
    sampled = ts.edge_prediction(s, t, w, folds=0, sample=3, seed=5, predictions=True)
    assert len(sampled.attrs["predictions"]) == 3 and "learned_linear" not in sampled.index
    assert ts.edge_prediction(s, t, w, folds=0, as_frame=False)["edges"] == 6
    with pytest.raises(ts.Error, match="more folds"):
        ts.edge_prediction(s, t, w)  # 10 folds, 6 edges
    with pytest.raises(ts.Error, match="reciprocal_fallback"):
        ts.edge_prediction(s, t, w, folds=0, reciprocal_fallback="mean")
    with pytest.raises(ts.Error, match="tolerance"):
        ts.edge_prediction(s, t, w, folds=0, tolerance=0)
