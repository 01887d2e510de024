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
    r = ts.eigentrust(s, t, w, alpha=0.15, seeds=seeds, tolerance=1e-13)
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


def edges(seed=3):
    rng = np.random.default_rng(seed)
    s, t = rng.integers(0, 40, 300), rng.integers(0, 40, 300)
    return s, t, rng.choice([-1.0, 1.0], 300, p=[0.2, 0.8])


def test_tolerance_and_max_iterations_are_the_c_names_and_take_effect():
    s, t, w = edges()
    loose = ts.eigentrust(s, t, w, tolerance=1e-3)
    tight = ts.eigentrust(s, t, w, tolerance=1e-12)
    assert loose.iterations < tight.iterations and tight.residual < 1e-12
    assert ts.eigentrust(s, t, w, tolerance=1e-12, max_iterations=3).iterations == 3
    fg = ts.fairness_goodness(s, t, w, tolerance=1e-12)
    assert ts.fairness_goodness(s, t, w, tolerance=1e-2).iterations < fg.iterations
    assert ts.fairness_goodness(s, t, w, tolerance=1e-12, max_iterations=2).iterations == 2


def test_tol_and_max_iter_still_work_with_a_deprecation_warning():
    s, t, w = edges()
    cases = [
        (ts.eigentrust, dict(tol=1e-5, max_iter=4), dict(tolerance=1e-5, max_iterations=4)),
        (ts.eigentrust, dict(tol=1e-5), dict(tolerance=1e-5)),
        (ts.fairness_goodness, dict(tol=1e-4, max_iter=3), dict(tolerance=1e-4, max_iterations=3)),
        (ts.fairness_goodness, dict(max_iter=2), dict(max_iterations=2)),
    ]
    for function, old, new in cases:
        with pytest.warns(DeprecationWarning) as caught:
            got = function(s, t, w, **old)
        assert len(caught) == len(old)
        for name in old:
            assert any(f"{name} is deprecated" in str(c.message) for c in caught), name
        assert all(c.filename == __file__ for c in caught)  # it points at the caller
        want = function(s, t, w, **new)
        for a, b in zip(got, want):
            assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
    tiny = (["a", "b", "a", "c", "b", "c"], ["b", "a", "c", "a", "c", "b"], [1, -1, 1, 1, 1, -1])
    with pytest.warns(DeprecationWarning, match="tol is deprecated, call it tolerance"):
        with pytest.raises(ts.Error, match="tolerance"):
            ts.edge_prediction(*tiny, folds=0, tol=0)  # the old name reaches the C options


def test_old_and_new_names_together_or_unknown_names_are_refused():
    s, t, w = edges()
    with pytest.raises(TypeError, match="give tolerance only"):
        ts.eigentrust(s, t, w, tolerance=1e-6, tol=1e-5)
    with pytest.raises(TypeError, match="give max_iterations only"):
        ts.fairness_goodness(s, t, w, max_iterations=5, max_iter=4)
    with pytest.raises(TypeError, match="unexpected keyword argument 'max_iter'"):
        ts.edge_prediction(s, t, w, folds=0, max_iter=4)  # it never had one
    with pytest.raises(TypeError, match="unexpected keyword argument 'tolerence'"):
        ts.eigentrust(s, t, w, tolerence=1e-6)


def test_signature_defaults_come_from_the_library():
    """eigentrust's and scoring's defaults are the library's options structs'
    (trustscore_*_init), not numbers restated in Python."""
    import inspect

    from trustscore import _lib

    et = inspect.signature(ts.eigentrust).parameters
    assert et["alpha"].default == _lib.EIGENTRUST_DEFAULTS.alpha == 0.15
    assert et["tolerance"].default == _lib.EIGENTRUST_DEFAULTS.tolerance == 1e-8
    assert et["max_iterations"].default == _lib.EIGENTRUST_DEFAULTS.max_iterations == 1000
    assert et["scale"].default == (-1.0, 1.0)
    score = inspect.signature(ts.EvidenceStore.score).parameters
    assert score["confidence"].default == _lib.SCORE_DEFAULTS.confidence == 0.95


@pytest.mark.parametrize("ones", [True, False])  # Gauss-Seidel, power iteration
def test_threads_give_one_threads_result_to_the_tolerance(ones):
    # Big enough to split: 5,000 nodes (Gauss-Seidel blocks of >= 1,024
    # nodes), 40,000 edges (power iteration and fairness-goodness: >= 16,384
    # edges a thread).
    rng = np.random.default_rng(9)
    s, t = rng.integers(0, 5000, 40000), rng.integers(0, 5000, 40000)
    w = np.ones(len(s)) if ones else rng.uniform(-1, 1, len(s))
    tol = 1e-11
    one = ts.eigentrust(s, t, w, tolerance=tol, threads=1)
    for threads in (2, 8, 0):
        split = ts.eigentrust(s, t, w, tolerance=tol, threads=threads)
        assert (split.nodes == one.nodes).all()
        assert np.abs(split.trust - one.trust).sum() <= 10 * tol
    assert np.abs(ts.eigentrust(s, t, w, tolerance=tol, threads=2).trust - one.trust).sum() > 0
    fg_one = ts.fairness_goodness(s, t, w, tolerance=tol, threads=1)
    fg_two = ts.fairness_goodness(s, t, w, tolerance=tol, threads=2)
    assert np.abs(fg_two.fairness - fg_one.fairness).sum() <= 10 * tol
    assert np.abs(fg_two.goodness - fg_one.goodness).sum() <= 10 * tol


def test_threads_default_one_and_bad_counts_are_refused():
    import inspect

    sig = inspect.signature
    assert sig(ts.eigentrust).parameters["threads"].default == 1
    assert sig(ts.fairness_goodness).parameters["threads"].default == 1
    for solve in (ts.eigentrust, ts.fairness_goodness):
        with pytest.raises(ts.InvalidArgumentError, match="threads must be >= 0"):
            solve([1, 2], [2, 3], [1.0, 1.0], threads=-1)
        with pytest.raises(TypeError, match="threads must be an int"):
            solve([1, 2], [2, 3], [1.0, 1.0], threads=1.5)
