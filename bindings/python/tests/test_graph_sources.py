"""Trust graphs from CSV files and the credibility of sources: the rules
against EigenTrust and fairness computed separately, the mapping to signals,
discounting on ingest, and errors."""

import os

import numpy as np
import pytest

import trustscore as ts

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OTC = os.path.join(REPO, "tests", "data", "graph", "bitcoin_otc_first3000.csv")
T = 1_700_000_000.0


@pytest.fixture
def ratings(tmp_path):
    path = tmp_path / "ratings.csv"
    # x is rated +10 by a and b, -10 by c; a's older -10 of x is superseded (duplicates="last").
    path.write_text(
        "source,target,rating,time\n"
        "a,x,10,1700000000\nb,x,10,1700000001\nc,x,-10,2024-01-01T00:00:00Z\n"
        "a,x,-10,1600000000\n"
    )
    return path


def test_graph_from_csv_equals_graph_from_arrays():
    pd = pytest.importorskip("pandas")
    from_file = ts.eigentrust(OTC, scale=(-10, 10))
    df = pd.read_csv(
        OTC, header=None, names=["source", "target", "rating", "time"], dtype={0: str, 1: str}
    )
    from_frame = ts.eigentrust(df, scale=(-10, 10))
    assert len(from_file.nodes) == 687
    assert list(from_file.nodes[:3]) == ["6", "2", "5"]  # the file's order of first appearance
    got = dict(zip(from_file.nodes.tolist(), from_file.trust))
    for node, value in zip(from_frame.nodes.tolist(), from_frame.trust):
        assert got[node] == pytest.approx(value, abs=1e-14)
    fg = ts.fairness_goodness(str(OTC), scale=(-10, 10))
    assert fg.fairness.shape == (687,) and np.all((fg.fairness >= 0) & (fg.fairness <= 1))


def test_credibility_rules(ratings):
    fair = ts.credibility(ratings, rule="fairness", scale=(-10, 10), duplicates="last")
    assert list(fair.nodes) == ["a", "x", "b", "c"]
    # g(x) = 1/3; f(a) = f(b) = 1 - |1 - 1/3| / 2 = 2/3; f(c) = 1 - |-1 - 1/3| / 2 = 1/3.
    np.testing.assert_allclose(fair.credibility, [2 / 3, 1, 2 / 3, 1 / 3], atol=1e-9)
    assert fair.unknown == fair.credibility.min()

    et = ts.credibility(ratings, scale=(-10, 10), duplicates="last")
    trust = ts.eigentrust(ratings, scale=(-10, 10), duplicates="last").trust
    np.testing.assert_allclose(et.credibility, np.minimum(1, 4 * trust), rtol=1e-14)
    assert et.unknown == et.credibility.min()


def test_credibility_of_sources_discounts_signals(ratings):
    cred = ts.credibility(ratings, rule="fairness", scale=(-10, 10), duplicates="last")
    sources = np.array(["a", "c", "stranger", "x"], dtype=object)
    c = cred.of(sources)
    np.testing.assert_allclose(c, [2 / 3, 1 / 3, 1 / 3, 1], atol=1e-9)
    np.testing.assert_array_equal(cred.of(sources, unknown=0.0)[2], 0.0)
    with pytest.raises(ValueError, match="unknown"):
        cred.of(sources, unknown=1.5)

    model = ts.Model()
    credited, weighted = ts.EvidenceStore(model), ts.EvidenceStore(model)
    credited.add(["shop"] * 4, "experts", 1.0, weight=2.0, time=T, credibility=c)
    weighted.add(["shop"] * 4, "experts", 1.0, weight=2.0 * c, time=T)
    a, b = credited.score(model), weighted.score(model)
    np.testing.assert_allclose(a.score, b.score, rtol=1e-14)
    np.testing.assert_allclose(a.lower, b.lower, rtol=1e-14)


def test_graph_csv_errors(tmp_path, ratings):
    with pytest.raises(ts.TrustscoreIOError, match="no-such.csv"):
        ts.eigentrust(tmp_path / "no-such.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,1\nb,c,ten\n")
    with pytest.raises(
        ts.BadFormatError, match=r"bad.csv:2: column 3 \(rating\): 'ten' is not a number"
    ):
        ts.credibility(bad)
    with pytest.raises(ts.InvalidArgumentError, match="off the scale"):
        ts.credibility(ratings)  # ratings of +-10 on the default scale -1..1
    with pytest.raises(ValueError, match="rule"):
        ts.credibility(ratings, rule="pagerank", scale=(-10, 10))
    with pytest.raises(TypeError, match="rating is read from the CSV"):
        ts.eigentrust(ratings, None, [1.0])
