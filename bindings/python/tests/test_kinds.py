"""Model kinds chosen by name from Python: each against an independent
computation (statsmodels for Wilson, numpy for the others), parameters, and
errors."""

import math

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

import trustscore

KINDS = [
    "beta",
    "weighted_mean",
    "bayesian_average",
    "wilson",
    "dirichlet",
    "subjective_logic",
    "logistic",
]
NF = 9


def flat_model(kind, **parameters):
    """A model of kind with no decay, negativity 1 and a flat default profile
    (every signal counts once)."""
    config = {
        "kind": kind,
        "factors": [
            {"id": f, "half_life_days": None, "negativity": 1} for f in trustscore.Model().factors
        ],
        "profiles": {"flat": [1] * NF},
        "default_profile": "flat",
    }
    if parameters:
        config["parameters"] = parameters
    return trustscore.Model.from_dict(config)


def counts_store(model, positive, negative, factor=0):
    """Entity i gets positive[i] units of value 1 and negative[i] of value 0."""
    n = len(positive)
    store = trustscore.EvidenceStore(model)
    ids = [f"e{i}" for i in range(n)]
    store.add(
        ids + ids,
        factor,
        np.r_[np.ones(n), np.zeros(n)],
        weight=np.r_[positive, negative],
        time=0.0,
    )
    return store


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_by_name(kind):
    m = trustscore.Model(kind)
    assert m.kind == kind
    assert trustscore.Model.from_json(m.to_json()) == m
    assert kind in repr(m)
    store = trustscore.EvidenceStore(m)
    store.add(["a", "a", "b"], ["experts", "values", "experts"], [1.0, 0.25, 0.5], time=0.0)
    r = store.score(m, explain=True)
    assert r.score.shape == (2,) and r.contributions.shape == (2, NF)
    assert np.all((r.lower <= r.score) & (r.score <= r.upper))


def test_default_is_beta_and_parameters_read_back():
    assert trustscore.Model().kind == "beta"
    assert trustscore.Model().parameters == {}
    m = trustscore.Model("bayesian_average", prior_count=10, prior_mean=0.7)
    assert m.parameters == {"prior_count": 10, "prior_mean": 0.7}
    assert trustscore.Model("dirichlet", levels=3).parameters == {"level_utilities": [0, 0.5, 1]}
    assert trustscore.Model(min_coverage=0.5, kind="weighted_mean").parameters == {
        "min_coverage": 0.5
    }


@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_wilson_matches_statsmodels(confidence):
    rng = np.random.default_rng(7)
    n = 2000
    positive = rng.integers(0, 500, n).astype(float)
    negative = rng.integers(0, 500, n).astype(float)
    negative[positive + negative == 0] = 1  # statsmodels needs nobs > 0
    positive[:5] = [0, 1, 7, 499, 250]
    negative[:5] = [3, 0, 0, 1, 250]
    m = flat_model("wilson")
    r = counts_store(m, positive, negative).score(m, confidence=confidence)
    lower, upper = proportion_confint(
        positive, positive + negative, alpha=1 - confidence, method="wilson"
    )
    np.testing.assert_allclose(r.score, lower, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.lower, lower, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.upper, upper, rtol=0, atol=1e-12)


def test_bayesian_average_is_imdb_without_decay():
    # Star ratings 1-5, as [0, 1] values (stars - 1) / 4; C = 7 ratings at 3.5 stars.
    rng = np.random.default_rng(3)
    stars = rng.integers(1, 6, 400)
    entity = rng.integers(0, 40, 400)
    m = flat_model("bayesian_average", prior_count=7, prior_mean=(3.5 - 1) / 4)
    store = trustscore.EvidenceStore(m)
    ids = [f"e{i}" for i in entity]
    store.add(ids, rng.integers(0, NF, 400), (stars - 1) / 4.0, time=0.0)
    r = store.score(m)
    for i, eid in enumerate(store.entities):
        mine = stars[entity == int(eid[1:])]
        v, R = len(mine), mine.mean()
        wr = v / (v + 7) * R + 7 / (v + 7) * 3.5  # IMDb's weighted rating, in stars
        assert r.score[i] == pytest.approx((wr - 1) / 4, abs=1e-14)


def test_weighted_mean_leaves_missing_factors_out_and_not_rated_is_nan():
    m = flat_model("weighted_mean", min_coverage=2 / 9)
    store = trustscore.EvidenceStore(m)
    store.add(
        ["a", "a", "a", "b"], [0, 0, 3, 5], [1.0, 0.5, 0.2, 0.9], weight=[1, 3, 1, 1], time=0.0
    )
    r = store.score(m, explain=True)
    assert r.score[0] == pytest.approx(((1 + 1.5) / 4 + 0.2) / 2, abs=1e-15)
    assert math.isnan(r.score[1])  # one factor of nine: coverage 1/9 < 2/9
    assert np.isnan(r.contributions[1]).all()
    assert r.contributions[0].sum() == pytest.approx(r.score[0], abs=1e-15)
    assert r.best_lever[1] == -1


def test_dirichlet_against_numpy():
    utilities = np.array([0, 0.25, 0.5, 0.75, 1.0])
    m = flat_model("dirichlet")
    store = trustscore.EvidenceStore(m)
    levels = [4, 4, 1, 3]  # two 5-star, one 2-star, one 4-star ratings on authenticity
    store.add(["a"] * 4, "authenticity", utilities[levels], time=0.0)
    r = store.score(m)
    counts = np.bincount(levels, minlength=5).astype(float)
    alpha = counts + 2 / 5  # prior weight 2, uniform base rates
    e0 = utilities @ alpha / alpha.sum()
    expected = (e0 + 8 * utilities.mean()) / 9
    assert r.score[0] == pytest.approx(expected, abs=1e-15)


def test_subjective_logic_interval_is_belief_to_plausibility():
    m = flat_model("subjective_logic")
    beta = flat_model("beta")
    sl_store, beta_store = trustscore.EvidenceStore(m), trustscore.EvidenceStore(beta)
    for st in (sl_store, beta_store):
        st.add(["a", "a"], [0, 1], [1.0, 0.0], weight=[6, 2], time=0.0)
    r, b = sl_store.score(m), beta_store.score(beta)
    assert r.score[0] == pytest.approx(b.score[0], abs=1e-15)
    # Factor 0: b = 6/8; factor 1: d = 2/4; the other seven vacuous.
    assert r.lower[0] == pytest.approx(6 / 8 / 9, abs=1e-15)
    assert r.upper[0] == pytest.approx(1 - 2 / 4 / 9, abs=1e-15)


def test_bad_kinds_and_parameters_raise():
    with pytest.raises(trustscore.BadFormatError, match="unknown model kind 'pagerank'"):
        trustscore.Model("pagerank")
    with pytest.raises(TypeError, match="kind must be str"):
        trustscore.Model(3)
    with pytest.raises(
        trustscore.BadFormatError, match="'min_coverage' does not apply to kind 'wilson'"
    ):
        trustscore.Model("wilson", min_coverage=0.5)
    with pytest.raises(trustscore.InvalidArgumentError, match="min_coverage must lie in"):
        trustscore.Model("weighted_mean", min_coverage=1.5)
    with pytest.raises(TypeError, match="JSON numbers"):
        trustscore.Model("weighted_mean", min_coverage=float("nan"))
    with pytest.raises(trustscore.InvalidArgumentError, match="increase"):
        trustscore.Model("dirichlet", level_utilities=[0, 1, 0.5])
    # A dirichlet model needs a store built for its levels.
    store = trustscore.EvidenceStore(trustscore.Model())
    store.add(["a"], [0], [1.0])
    with pytest.raises(trustscore.InvalidArgumentError, match="level"):
        store.score(trustscore.Model("dirichlet"))
    assert store.score(trustscore.Model()).score.shape == (1,)  # still usable
