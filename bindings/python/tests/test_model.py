"""Model configuration: JSON and dict round trips, custom factors, profiles."""

import json
import math

import pytest

import trustscore as ts

T = 1_700_000_000.0
BUILTIN = [
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


def test_default_model():
    m = ts.Model()
    assert m.factors == BUILTIN
    assert m.profiles == ["awareness", "consideration", "decision", "nurturing"]
    assert m.default_profile == "decision"
    assert m.factor_index("experts") == 6
    d = m.to_dict()
    assert d["format"] == "trustscore.model" and d["version"] == 1 and d["kind"] == "beta"
    assert [f["id"] for f in d["factors"]] == BUILTIN
    assert d["profiles"]["decision"]["authenticity"] == 2.0
    assert "Model" in repr(m)


def test_json_round_trip():
    m = ts.Model.from_dict(
        {
            "factors": [
                {"id": "experts", "half_life_days": None, "negativity": 3, "base_rate": 0.4},
                {"id": "innovation", "description": "New ideas", "prior_weight": 4, "weight": 2},
            ],
            "profiles": {"launch": {"innovation": 3, "experts": 1}},
            "default_profile": "launch",
        }
    )
    text = m.to_json()
    again = ts.Model.from_json(text)
    assert again.to_json() == text
    assert again == m and again is not m
    assert ts.Model.from_dict(m.to_dict()) == m
    assert ts.Model.from_json(text.encode("utf-8")) == m
    assert m != ts.Model()
    d = json.loads(text)
    experts = d["factors"][6]
    assert experts["half_life_days"] is None  # no decay
    assert experts["negativity"] == 3 and experts["base_rate"] == 0.4
    assert d["factors"][9] == {
        "id": "innovation",
        "description": "New ideas",
        "half_life_days": 365.0,
        "negativity": 2.0,
        "base_rate": 0.5,
        "prior_weight": 4.0,
    }
    assert d["default_profile"] == "launch"
    assert d["profiles"]["launch"]["innovation"] == 3 and d["profiles"]["launch"]["values"] == 0


def test_custom_factor_scores():
    m = ts.Model.from_dict({"factors": [{"id": "innovation", "half_life_days": None, "weight": 3}]})
    assert m.factors == BUILTIN + ["innovation"]
    assert m.to_dict()["profiles"]["decision"]["innovation"] == 3
    store = ts.EvidenceStore(m)
    assert store.factors == m.factors
    # Old evidence on a factor without decay keeps its full weight.
    store.add("acme", "innovation", 1.0, weight=2.0, time=T - 10 * 365 * 86400)
    store.add("acme", "experts", 1.0, weight=0.0, time=T)
    res = store.score(m, explain=True)
    # innovation: r = 2, n = 4, p = 3/4; weight 3 of 12.5 + 3 = 15.5.
    w = 3 / 15.5
    assert res.score[0] == pytest.approx(w * 0.75 + (1 - w) * 0.5, abs=1e-12)
    assert res.contributions[0, 9] == pytest.approx(w * 0.25, abs=1e-12)
    assert res.contributions.shape == (1, 10)
    # factor given by index works as well as by id
    store.add("acme", 9, 1.0, weight=2.0, time=T)
    assert store.score(m).score[0] > res.score[0]


def test_profiles_replace_and_default():
    m = ts.Model.from_dict({"profiles": {"only_experts": {"experts": 1}}})
    assert "only_experts" in m.profiles and m.default_profile == "decision"
    store = ts.EvidenceStore(m)
    store.add("a", "experts", 1.0, time=T)  # r = 1: p = 2/3
    assert store.score(m, profile="only_experts").score[0] == pytest.approx(2 / 3, abs=1e-12)
    as_array = ts.Model.from_dict({"profiles": {"decision": [1, 0, 0, 0, 0, 0, 0, 0, 0]}})
    s2 = ts.EvidenceStore(as_array)
    s2.add("a", "authenticity", 0.0, time=T)  # s = 2: p = 1/4
    assert s2.score(as_array).score[0] == pytest.approx(0.25, abs=1e-12)


def test_model_outlives_nothing_it_needs():
    # The store copies what it needs from the model; the model may go away.
    m = ts.Model()
    store = ts.EvidenceStore(m)
    del m
    store.add("a", "experts", 1.0, time=T)
    assert not math.isnan(store.score(ts.Model()).score[0])
