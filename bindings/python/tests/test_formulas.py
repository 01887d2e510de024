"""Scores against values computed by hand from the Beta evidence formulas
(include/trustscore/kinds/beta.hpp):

    n = r + s + W,  p = (r + a W) / n,  var = p (1 - p) / (n + 1),
    gain = (1 - p) / (n + 1),  score = sum w p,  sd = sqrt(sum w^2 var),
    interval = clip(score -/+ z sd, 0, 1),  contribution = w (p - a).
"""

import math

import numpy as np
import pytest

import trustscore as ts

DAY = 86400.0
T = 1_700_000_000.0  # the time of the newest signal in these tests
Z95 = 1.959963984540054
Z90 = 1.6448536269514722

FACTORS = [
    "authenticity",
    "third_party_endorsement",
    "values",
    "data_security",
    "data_points",
    "official_backing",
    "experts",
    "koc_word_of_mouth",
    "service_details",
]
DECISION = [2.0, 1.5, 0.5, 2.0, 1.5, 1.0, 1.0, 2.0, 1.0]  # sums to 12.5
AWARENESS = [1.0, 1.5, 1.5, 0.5, 0.5, 2.0, 1.0, 2.0, 0.5]
HALF_LIFE_DAYS = [365, 365, 730, 730, 180, 1095, 365, 180, 90]


def reference(masses, weights, a=0.5, W=2.0, z=Z95):
    """Scalar formulas for one entity; masses: {factor index: (r, s)}."""
    total = sum(weights)
    w = [x / total for x in weights]
    score = var = 0.0
    contributions, gains = [], []
    for f in range(len(w)):
        r, s = masses.get(f, (0.0, 0.0))
        n = r + s + W
        p = (r + a * W) / n
        score += w[f] * p
        var += w[f] ** 2 * p * (1 - p) / (n + 1)
        contributions.append(w[f] * (p - a))
        gains.append(w[f] * (1 - p) / (n + 1))
    sd = math.sqrt(var)
    best = max((g, -f) for f, g in enumerate(gains) if w[f] > 0)
    return {
        "score": score,
        "lower": min(1.0, max(0.0, score - z * sd)),
        "upper": min(1.0, max(0.0, score + z * sd)),
        "contributions": contributions,
        "gains": gains,
        "best_lever": -best[1],
        "baseline": sum(wf * a for wf in w),
    }


def assert_matches(result, i, expected):
    for key in ("score", "lower", "upper"):
        assert getattr(result, key)[i] == pytest.approx(expected[key], abs=1e-12), key
    np.testing.assert_allclose(result.contributions[i], expected["contributions"], atol=1e-12)
    np.testing.assert_allclose(result.gains[i], expected["gains"], atol=1e-12)
    # The best lever is the factor of largest gain; factors whose gains tie
    # exactly in exact arithmetic may differ by rounding, so any of them does.
    best = result.best_lever[i]
    assert result.gains[i][best] == result.gains[i].max()
    assert expected["gains"][best] >= max(expected["gains"]) - 1e-12
    assert result.baseline == pytest.approx(expected["baseline"], abs=1e-15)


def test_one_positive_signal_by_hand():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add("acme", "authenticity", 1.0, time=T)
    res = store.score(model, explain=True)
    # authenticity: r = 1, s = 0, n = 3, p = 2/3, var = (2/9)/4 = 1/18, gain = 1/12.
    # Every other factor: n = 2, p = 1/2, var = 1/12, gain = 1/6.
    w = [x / 12.5 for x in DECISION]
    score = w[0] * 2 / 3 + (1 - w[0]) * 0.5  # 0.16 * 2/3 + 0.84 / 2 = 0.52666...
    assert score == pytest.approx(0.5266666666666667, abs=1e-15)
    var = w[0] ** 2 / 18 + sum(x**2 for x in w[1:]) / 12
    assert res.score[0] == pytest.approx(score, abs=1e-12)
    assert res.lower[0] == pytest.approx(score - Z95 * math.sqrt(var), abs=1e-12)
    assert res.upper[0] == pytest.approx(score + Z95 * math.sqrt(var), abs=1e-12)
    assert res.baseline == pytest.approx(0.5, abs=1e-15)
    assert res.contributions[0, 0] == pytest.approx(0.16 * (2 / 3 - 0.5), abs=1e-12)
    assert np.all(res.contributions[0, 1:] == 0)
    assert res.contributions[0].sum() == pytest.approx(res.score[0] - res.baseline, abs=1e-12)
    assert res.gains[0, 0] == pytest.approx(0.16 / 12, abs=1e-12)
    assert res.gains[0, 3] == pytest.approx(0.16 / 6, abs=1e-12)
    # data_security and koc_word_of_mouth tie at 0.16/6 (up to rounding).
    assert res.best_lever[0] in (FACTORS.index("data_security"), FACTORS.index("koc_word_of_mouth"))
    assert res.best_lever.dtype == np.int32


def test_negativity_decay_and_credibility():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    # experts, half-life 365 days: a year old signal counts half; credibility 0.5 halves
    # it again: strength 2 -> 0.5. value 0.25: r = 0.5 * 0.25, s = 0.5 * 0.75 * 2 (negativity).
    store.add("e", "experts", 0.25, weight=2.0, time=T - 365 * DAY, credibility=0.5)
    # koc_word_of_mouth: a negative review today: s = 1 * 1 * 2.
    store.add("e", "koc_word_of_mouth", 0.0, time=T)
    res = store.score(model, explain=True)
    masses = {6: (0.125, 0.75), 7: (0.0, 2.0)}
    assert_matches(res, 0, reference(masses, DECISION))
    # p of koc_word_of_mouth = (0 + 1) / (2 + 2) = 0.25, by hand:
    w_koc = 2.0 / 12.5
    assert res.contributions[0, 7] == pytest.approx(w_koc * (0.25 - 0.5), abs=1e-12)


def test_as_of_decays_evidence():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add("e", "service_details", 1.0, weight=4.0, time=T)  # half-life 90 days
    res = store.score(model, as_of=T + 90 * DAY, explain=True)
    assert_matches(res, 0, reference({8: (2.0, 0.0)}, DECISION))
    res = store.score(model, as_of=T + 180 * DAY, explain=True)
    assert_matches(res, 0, reference({8: (1.0, 0.0)}, DECISION))


def test_profile_and_confidence():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(
        ["a", "a", "b"],
        ["values", "official_backing", "data_points"],
        [1.0, 0.5, 0.75],
        weight=[3.0, 1.0, 2.0],
        time=T,
    )
    res = store.score(model, profile="awareness", confidence=0.9, explain=True)
    # official_backing 0.5: r = 0.5, s = 0.5 * 2; data_points 0.75 x 2: r = 1.5, s = 0.25 * 2 * 2.
    assert_matches(res, 0, reference({2: (3.0, 0.0), 5: (0.5, 1.0)}, AWARENESS, z=Z90))
    assert_matches(res, 1, reference({4: (1.5, 1.0)}, AWARENESS, z=Z90))


def test_many_entities_match_reference():
    rng = np.random.default_rng(7)
    model = ts.Model()
    store = ts.EvidenceStore(model)
    n = 1500
    entity = rng.integers(0, 200, n)
    factor = rng.integers(0, 9, n).astype(np.int32)
    value = rng.random(n)
    weight = rng.random(n) * 3
    age_days = rng.random(n) * 400
    ids = [f"ent{e:03d}" for e in entity]
    store.add(ids, factor, value, weight=weight, time=T - age_days * DAY)
    res = store.score(model, as_of=T, explain=True)  # default: the newest signal, not T
    order = {e: i for i, e in enumerate(store.entities)}
    masses = [dict() for _ in range(len(store))]
    for e, f, v, w, age in zip(ids, factor, value, weight, age_days):
        d = 2.0 ** (-age / HALF_LIFE_DAYS[f])
        r, s = masses[order[e]].get(int(f), (0.0, 0.0))
        masses[order[e]][int(f)] = (r + w * d * v, s + w * d * (1 - v) * 2.0)
    for i in range(len(store)):
        assert_matches(res, i, reference(masses[i], DECISION))


def test_empty_store_and_no_time():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    assert len(store) == 0
    assert math.isnan(store.latest_time)
    res = store.score(model, explain=True)
    assert res.score.shape == (0,) and res.contributions.shape == (0, 9)
    assert res.baseline == pytest.approx(0.5)
    store.add("x", "values", 1.0, default_time=T)  # no time: default_time
    assert store.latest_time == T


def test_scalars_broadcast_and_return_count():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    assert store.add("solo", "experts", 0.5, time=T) == 1
    assert store.add(["a", "b", "c"], "experts", 1.0, weight=2.0, time=T) == 3
    assert store.entities == ["solo", "a", "b", "c"]
    assert len(store) == 4 and "b" in store and "z" not in store
    assert store.entity_index("c") == 3 and store.entity_index("z") == -1
    res = store.score(model)
    assert res.score[1] == res.score[2] == res.score[3]
    # entity indices refer to existing entities
    store.add(np.array([0, 0]), "experts", 1.0, time=T)
    assert len(store) == 4
