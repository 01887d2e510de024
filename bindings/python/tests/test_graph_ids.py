"""Node ids of trust graphs: integer ids take a table instead of np.unique;
the result (nodes sorted, trust per node) is the same either way."""

import numpy as np
import pytest

import trustscore as ts


def _edges(rng, ids, m):
    return rng.choice(ids, m), rng.choice(ids, m), rng.uniform(-1, 1, m)


ID_SETS = [np.arange(50), np.arange(0, 500, 7), np.array([3, 10**12, 17, 5])]
# Every id set in every integer type that holds it.
CASES = [
    (ids, dtype)
    for ids in ID_SETS
    for dtype in (np.int64, np.int32, np.uint16)
    if ids.max() <= np.iinfo(dtype).max
]


@pytest.mark.parametrize("ids, dtype", CASES)
def test_integer_ids_as_strings(ids, dtype):
    rng = np.random.default_rng(5)
    s, t, w = _edges(rng, ids.astype(dtype), 300)
    fast = ts.eigentrust(s, t, w, tolerance=1e-13)
    # Strings take np.unique: same node order when ids sort the same as strings of equal width.
    width = len(str(ids.max()))
    slow = ts.eigentrust(
        np.char.zfill(s.astype(str), width), np.char.zfill(t.astype(str), width), w, tolerance=1e-13
    )
    assert fast.nodes.dtype == np.dtype(dtype)
    assert [int(x) for x in slow.nodes] == fast.nodes.tolist()
    np.testing.assert_allclose(fast.trust, slow.trust, rtol=0, atol=1e-15)


def test_negative_ids_take_unique():
    r = ts.eigentrust(np.array([-5, 2]), np.array([2, -5]), np.array([1.0, 1.0]))
    assert r.nodes.tolist() == [-5, 2]
    np.testing.assert_allclose(r.trust, [0.5, 0.5])
