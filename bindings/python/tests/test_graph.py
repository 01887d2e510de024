"""Trust graphs from Python: EigenTrust equals networkx's PageRank of the same
problem (personalization = the seeds, alpha = 1 - alpha) to 1e-9; fairness and
goodness against a hand-solved graph; errors."""

import numpy as np
import networkx as nx
import pytest

import trustscore as ts


def random_edges(seed, n=200, m=1500):
    rng = np.random.default_rng(seed)
    s, t = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = s != t
    return s[keep] + 1000, t[keep] + 1000, rng.uniform(-1, 1, keep.sum())


@pytest.mark.parametrize("seeds", [None, [1000, 1003, 1010]])
def test_eigentrust_is_networkx_pagerank(seeds):
    s, t, w = random_edges(4)
    r = ts.eigentrust(s, t, w, alpha=0.15, seeds=seeds, tol=1e-13)
    # The same problem in networkx: positive ratings as weights (duplicates averaged,
    # as trustscore does), the seeds as personalization, nodes that trust nobody
    # jumping to the seeds (networkx's default for dangling nodes).
    g = nx.DiGraph()
    g.add_nodes_from(r.nodes.tolist())
    pairs = {}
    for a, b, x in zip(s.tolist(), t.tolist(), w.tolist()):
        pairs.setdefault((a, b), []).append(x)
    for (a, b), xs in pairs.items():
        mean = sum(xs) / len(xs)
        if mean > 0:
            g.add_edge(a, b, weight=mean)
    personalization = None if seeds is None else {x: 1.0 for x in seeds}
    expected = nx.pagerank(
        g, alpha=0.85, personalization=personalization, tol=1e-15, max_iter=10000
    )
    got = dict(zip(r.nodes.tolist(), r.trust))
    for node, value in expected.items():
        assert got[node] == pytest.approx(value, abs=1e-9)
    assert r.trust.sum() == pytest.approx(1, abs=1e-12)


def test_fairness_goodness_hand_solved():
    r = ts.fairness_goodness(["a", "b", "d"], ["c", "c", "c"], [1, 1, -1])
    got = dict(zip(r.nodes.tolist(), zip(r.fairness, r.goodness)))
    assert got["c"][1] == pytest.approx(1 / 3, abs=1e-9)
    assert got["a"][0] == pytest.approx(2 / 3, abs=1e-9)
    assert got["d"][0] == pytest.approx(1 / 3, abs=1e-9)


def test_dataframe_and_errors():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"source": [1, 2], "target": [2, 3], "rating": [10, -5]})
    r = ts.eigentrust(df, scale=(-10, 10))
    assert list(r.nodes) == [1, 2, 3]
    with pytest.raises(ts.InvalidArgumentError, match="off the scale"):
        ts.eigentrust(df)
    with pytest.raises(ValueError, match="duplicates"):
        ts.eigentrust([1], [2], duplicates="max")
    with pytest.raises(ts.InvalidArgumentError, match="alpha"):
        ts.eigentrust([1], [2], alpha=1.0)
    with pytest.raises(ValueError, match="seed"):
        ts.eigentrust([1], [2], seeds=[7])
    with pytest.raises(ValueError, match="one length"):
        ts.fairness_goodness([1, 2], [2], [1.0])
