"""pandas in (store.add(df)) and out (score(..., as_frame=True))."""

import numpy as np
import pytest

import trustscore as ts

pd = pytest.importorskip("pandas")

T = 1_700_000_000.0


def frame():
    return pd.DataFrame(
        {
            "entity": ["acme", "acme", "bolt", "core"],
            "factor": ["experts", "values", "experts", "data_security"],
            "value": [0.9, 0.75, 0.2, 1.0],
            "weight": [2, 1, 1, 3],
            "time": pd.to_datetime([T, T - 86400, T, T - 3600], unit="s"),
            "credibility": [1.0, 0.5, 1.0, 1.0],
        }
    )


def test_dataframe_in_equals_arrays_in():
    model = ts.Model()
    df = frame()
    a = ts.EvidenceStore(model)
    assert a.add(df) == 4
    b = ts.EvidenceStore(model)
    b.add(
        df["entity"].tolist(),
        df["factor"].to_numpy(),
        df["value"].to_numpy(),
        weight=[2.0, 1.0, 1.0, 3.0],
        time=np.array([T, T - 86400, T, T - 3600]),
        credibility=df["credibility"],
    )
    assert a.entities == b.entities == ["acme", "bolt", "core"]
    assert a.latest_time == b.latest_time == T
    for x, y in zip(a.score(model, explain=True), b.score(model, explain=True)):
        assert np.array_equal(x, y)


def test_dataframe_with_indices_categories_and_timezones():
    model = ts.Model()
    ref = ts.EvidenceStore(model)
    ref.add(frame())
    other = ts.EvidenceStore(model)
    other.add(["acme", "bolt", "core"], "experts", 0.5, weight=0.0, time=T)
    df = frame()
    df["entity"] = [0, 0, 1, 2]  # dense indices
    df["factor"] = df["factor"].astype("category")
    df["time"] = df["time"].dt.tz_localize("UTC").dt.tz_convert("Asia/Tokyo")
    other.add(df)
    assert np.array_equal(ref.score(model).score, other.score(model).score)


def test_missing_times_use_default_time():
    model = ts.Model()
    s = ts.EvidenceStore(model)
    df = pd.DataFrame(
        {
            "entity": ["a", "b"],
            "factor": ["values", "values"],
            "value": [1.0, 0.0],
            "time": pd.to_datetime([T - 10, None], unit="s"),
        }
    )
    s.add(df, default_time=T)
    assert s.latest_time == T


def test_dataframe_column_checks():
    s = ts.EvidenceStore(ts.Model())
    with pytest.raises(ValueError, match=r"unknown columns \['source'\]"):
        s.add(frame().assign(source="koc:x"))
    with pytest.raises(ValueError, match=r"lacks the columns \['value'\]"):
        s.add(frame().drop(columns=["value"]))
    with pytest.raises(TypeError, match="pass no other columns"):
        s.add(frame(), "experts")
    assert len(s) == 0


def test_as_frame():
    model = ts.Model()
    s = ts.EvidenceStore(model)
    s.add(frame())
    res = s.score(model, explain=True)
    df = s.score(model, explain=True, as_frame=True)
    assert list(df.index) == ["acme", "bolt", "core"] and df.index.name == "entity"
    assert np.array_equal(df["score"].to_numpy(), res.score)
    assert np.array_equal(df["lower"].to_numpy(), res.lower)
    assert np.array_equal(df["upper"].to_numpy(), res.upper)
    for f, factor in enumerate(model.factors):
        assert np.array_equal(df[f"contribution:{factor}"].to_numpy(), res.contributions[:, f])
        assert np.array_equal(df[f"gain:{factor}"].to_numpy(), res.gains[:, f])
    assert list(df["best_lever"]) == [model.factors[i] for i in res.best_lever]
    assert df.attrs["baseline"] == res.baseline
    contribution_sum = df.filter(like="contribution:").sum(axis=1)
    np.testing.assert_allclose(contribution_sum, df["score"] - res.baseline, atol=1e-12)
    plain = ts.score(model, s, as_frame=True)
    assert list(plain.columns) == ["score", "lower", "upper"]
    assert plain.sort_values("score", ascending=False).index[0] == df["score"].idxmax()
