"""The numbers `trustscore eval` prints for the example data, recomputed here
from the package's scores with scikit-learn: the harness joins scores and
outcomes and computes its metrics correctly (the CLI test checks the same
values in its output)."""

import os

import numpy as np
import pytest

import trustscore as ts

sk = pytest.importorskip("sklearn.metrics")
pd = pytest.importorskip("pandas")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(REPO, "examples")
BASELINES = ["plain_mean", "bayes_7_at_3.5_stars", "bayes_7_at_global_mean", "global_mean"]


@pytest.mark.parametrize("kind, auc", [("beta", 0.72912037037037036), ("wilson", 0.7353)])
def test_example_auc_matches_the_cli(kind, auc):
    outcomes = pd.read_csv(os.path.join(EXAMPLES, "outcomes", "merchants_outcomes.csv")).set_index(
        "entity"
    )
    model = ts.Model(kind)
    store = ts.EvidenceStore(model)
    store.add_csv(os.path.join(EXAMPLES, "merchants.csv"))
    joined = store.score(model, as_frame=True).join(outcomes, how="right")
    assert len(joined) == 300 and not joined.score.isna().any()
    expected = sk.roc_auc_score(joined.outcome, joined.score)
    assert ts.metrics.roc_auc(joined.outcome, joined.score) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(auc, abs=5e-5 if kind == "wilson" else 1e-12)
    assert ts.metrics.brier(joined.outcome, joined.score) == pytest.approx(
        sk.brier_score_loss(joined.outcome, joined.score), abs=1e-12
    )
    assert np.all((joined.score >= 0) & (joined.score <= 1))


def test_evaluate_returns_the_harness_report_as_a_frame():
    signals = os.path.join(EXAMPLES, "merchants.csv")
    outcomes = os.path.join(EXAMPLES, "outcomes", "merchants_outcomes.csv")
    frame = ts.evaluate(
        signals,
        outcomes,
        models=["beta", "logistic"],
        folds=3,
        seed=4,
        attacks=["sybil", "sleeper"],
        attack_targets=2,
    )
    # The models, then the rating sites' formulas (baselines=True by default).
    assert list(frame.index) == ["beta", "logistic", *BASELINES]
    for column in (
        "roc_auc",
        "roc_auc_sd",
        "log_loss",
        "brier",
        "ece",
        "coverage",
        "entities_per_second",
    ):
        assert column in frame.columns
    report = frame.attrs["report"]
    assert report["outcomes"] == 300 and report["positives"] == 180 and report["folds"] == 3
    folds = report["models"][0]["metrics"]["roc_auc"]["folds"]
    assert len(folds) == 3 and frame.loc["beta", "roc_auc"] == pytest.approx(
        np.mean(folds), abs=1e-15
    )
    attacks = frame.attrs["attacks"]
    # Every attack on every model (logistic: the kind fitted on all outcomes).
    assert list(attacks.attack) == ["sybil", "sybil", "sleeper", "sleeper"]
    assert list(attacks.model) == ["beta", "logistic"] * 2
    beta = attacks[attacks.model == "beta"].reset_index(drop=True)
    assert beta.score_shift[0] > 0 > beta.score_shift[1]
    assert np.all(np.isfinite(attacks.score_shift))
    # One fold, all outcomes: the AUC scikit-learn gives for the package's beta scores.
    one = ts.evaluate(signals, outcomes, models="beta")
    assert one.loc["beta", "roc_auc"] == pytest.approx(0.72912037037037036, abs=1e-12)
    assert (
        ts.evaluate(signals, outcomes, models="beta", as_frame=False)["models"][0]["model"]
        == "beta"
    )


def test_platt_calibration_keeps_the_ranking_and_lowers_the_log_loss():
    signals = os.path.join(EXAMPLES, "merchants.csv")
    outcomes = os.path.join(EXAMPLES, "outcomes", "merchants_outcomes.csv")
    frame = ts.evaluate(
        signals,
        outcomes,
        models=["beta", "beta+platt", "logistic+platt"],
        folds=5,
        predictions=True,
    )
    assert list(frame.index) == ["beta", "beta+platt", "logistic+platt", *BASELINES]
    folds = {m["model"]: m["metrics"] for m in frame.attrs["report"]["models"]}
    # A monotone map per fold: each fold's AUC is beta's; the probabilities are better.
    np.testing.assert_allclose(
        folds["beta+platt"]["roc_auc"]["folds"],
        folds["beta"]["roc_auc"]["folds"],
        rtol=0,
        atol=1e-12,
    )
    assert frame.loc["beta+platt", "log_loss"] < frame.loc["beta", "log_loss"]
    assert frame.loc["beta+platt", "brier"] < frame.loc["beta", "brier"]
    p = frame.attrs["predictions"]
    assert p["beta+platt"].between(0, 1).all()
    assert p["logistic+platt"].between(0, 1).all() and p["logistic+platt"].nunique() > 100
    with pytest.raises(ts.InvalidArgumentError, match="beta\\+platt is fitted on the other folds"):
        ts.evaluate(signals, outcomes, models="beta+platt")
    with pytest.raises(ts.InvalidArgumentError, match="only 'platt'"):
        ts.evaluate(signals, outcomes, models="beta+isotonic", folds=2)


def test_evaluate_errors(tmp_path):
    signals = os.path.join(EXAMPLES, "merchants.csv")
    outcomes = os.path.join(EXAMPLES, "outcomes", "merchants_outcomes.csv")
    with pytest.raises(ts.InvalidArgumentError, match="unknown model kind 'logit'"):
        ts.evaluate(signals, outcomes, models=["logit"])
    with pytest.raises(ts.InvalidArgumentError, match="unknown attack 'ddos'"):
        ts.evaluate(signals, outcomes, attacks="ddos")
    with pytest.raises(ts.InvalidArgumentError, match="needs 2 or more folds"):
        ts.evaluate(signals, outcomes, models="logistic")
    with pytest.raises(ts.TrustscoreIOError, match="no-such.csv"):
        ts.evaluate(signals, tmp_path / "no-such.csv")
    with pytest.raises(
        ts.InvalidArgumentError, match="no outcome to evaluate at or after the cutoff"
    ):
        ts.evaluate(signals, outcomes, cutoff=2_000_000_000)


def test_evaluate_on_bitcoin_otc_against_rev2_labels(tmp_path):
    # Real data: the CI slice of Bitcoin OTC as signals about each rated user
    # (what `trustscore graph signals` writes), REV2's benign (1) and
    # fraudulent (0) users as outcomes.
    graph = os.path.join(REPO, "tests", "data", "graph")
    ratings = pd.read_csv(
        os.path.join(graph, "bitcoin_otc_first3000.csv"),
        header=None,
        names=["source", "target", "rating", "time"],
    )
    signals = pd.DataFrame(
        {
            "entity": ratings.target,
            "factor": "koc_word_of_mouth",
            "value": (ratings.rating + 10) / 20,
            "weight": 1.0,
            "time": ratings.time,
            "source": ratings.source,
        }
    )
    signals.to_csv(tmp_path / "otc.csv", index=False)
    outcomes = os.path.join(graph, "rev2_labels_first3000.csv")
    frame = ts.evaluate(str(tmp_path / "otc.csv"), outcomes, models=["beta", "weighted_mean"])
    assert frame.attrs["report"]["outcomes"] == 74 and frame.attrs["report"]["positives"] == 68
    # The same AUC scikit-learn gives for the package's own scores of these users.
    labels = pd.read_csv(outcomes).set_index("entity")
    for kind in ("beta", "weighted_mean"):
        model = ts.Model(kind)
        store = ts.EvidenceStore(model)
        store.add_csv(str(tmp_path / "otc.csv"))
        scores = store.score(model, as_frame=True)
        scores.index = scores.index.astype(int)
        joined = scores.join(labels, how="right")
        assert not joined.score.isna().any()
        assert frame.loc[kind, "roc_auc"] == pytest.approx(
            sk.roc_auc_score(joined.outcome, joined.score), abs=1e-12
        )
    # The mean rating a user received tells fraudsters apart.
    assert frame.loc["weighted_mean", "roc_auc"] > 0.8


def test_signature_defaults_are_the_librarys():
    """Python restates no default of the C options: the signatures read them
    from trustscore_option_defaults, which the CLI's usage text also shows.
    Every option the library has is a keyword here, or listed as left out on
    purpose, so that a new C option is a decision for Python too."""
    import inspect

    from trustscore import _lib

    evaluate = inspect.signature(ts.evaluate).parameters
    library = _lib.option_defaults("evaluate")
    assert set(library) <= set(evaluate)
    for key, value in library.items():
        if not isinstance(value, list):  # lists (models, attacks): None means the default
            assert evaluate[key].default == value, key
    assert evaluate["attack_signals"].default == 50
    assert evaluate["folds"].default == 1
    edge = inspect.signature(ts.edge_prediction).parameters
    library = _lib.option_defaults("edge_prediction")
    left_out = {"warm_start", "unrated_goodness"}  # solver internals of the published method
    assert set(library) - left_out <= set(edge)
    for key in set(library) - left_out:
        assert edge[key].default == library[key], key
    assert edge["tolerance"].default == 1e-6
    with pytest.raises(ts.InvalidArgumentError, match="evaluate"):
        _lib.option_defaults("nothing")
