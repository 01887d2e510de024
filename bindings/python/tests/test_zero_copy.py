"""numpy memory crosses the C boundary without copies, both ways.

What these tests prove, precisely:

- Outputs: the addresses trustscore_score_into receives are the data addresses of
  the arrays the caller gets back (recorded by wrapping the ctypes function),
  so results are written by C straight into them and never copied after;
  with out=, the very array objects the caller passed are filled in place.
- Inputs: for C-contiguous arrays of the C dtype (int64 entity indices, int32
  factor indices, float64 values, weights, times, credibilities) the address
  trustscore_store_add_signals receives is the caller's array's own data
  address: the C library reads the caller's memory, no copy is made. Other
  inputs (non-contiguous, other dtypes, lists) are converted once, so the
  address differs, and the result equals that of the clean arrays.
"""

import numpy as np
import pytest

import trustscore as ts
from trustscore import _lib, _results, _store

T = 1_700_000_000.0


def data_address(a):
    return a.__array_interface__["data"][0]


@pytest.fixture
def model():
    return ts.Model()


@pytest.fixture
def store(model):
    s = ts.EvidenceStore(model)
    s.add([f"e{i}" for i in range(50)], "experts", 0.5, weight=0.0, time=T)
    return s


@pytest.fixture
def record(monkeypatch):
    """Wraps a C function of the library to record the arguments it gets."""

    def wrap(name):
        calls = []
        original = getattr(_lib.LIB, name)

        def recorder(*args):
            calls.append(args)
            return original(*args)

        monkeypatch.setattr(_lib.LIB, name, recorder)
        if name == "trustscore_score_into":  # bound once by the package, for speed
            monkeypatch.setattr(_store, "_score_into", recorder)
        return calls

    return wrap


def signals(n=400, seed=1):
    rng = np.random.default_rng(seed)
    return dict(
        entity=rng.integers(0, 50, n).astype(np.int64),
        factor=rng.integers(0, 9, n).astype(np.int32),
        value=rng.random(n),
        weight=rng.random(n) * 2,
        time=T - rng.random(n) * 1e7,
        credibility=rng.random(n),
    )


def test_ascontiguousarray_does_not_copy_arrays_of_the_right_dtype():
    for a, dtype in [
        (np.arange(5.0), np.float64),
        (np.arange(5), np.int64),
        (np.arange(5, dtype=np.int32), np.int32),
    ]:
        assert np.ascontiguousarray(a, dtype=dtype) is a
    a = np.arange(10.0)[::2]
    assert np.ascontiguousarray(a, dtype=np.float64) is not a


def test_contiguous_inputs_reach_c_by_pointer(store, record):
    calls = record("trustscore_store_add_signals")
    s = signals()
    store.add(**s)
    (args,) = calls
    _, count, ids, entity, factor, value, weight, time, credibility, _ = args
    assert count == 400 and ids is None
    assert entity == data_address(s["entity"])
    assert factor == data_address(s["factor"])
    assert value == data_address(s["value"])
    assert weight == data_address(s["weight"])
    assert time == data_address(s["time"])
    assert credibility == data_address(s["credibility"])


def test_read_only_inputs_reach_c_by_pointer(store, record):
    calls = record("trustscore_store_add_signals")
    s = signals()
    for a in s.values():
        a.flags.writeable = False
    store.add(**s)
    (args,) = calls
    assert args[5] == data_address(s["value"]) and args[3] == data_address(s["entity"])


def test_converted_inputs_give_the_same_result(model, record):
    s = signals()
    clean = ts.EvidenceStore(model)
    clean.add([f"e{i}" for i in range(50)], "experts", 0.5, weight=0.0, time=T)
    clean.add(**s)
    expected = clean.score(model, explain=True)

    calls = record("trustscore_store_add_signals")
    other = ts.EvidenceStore(model)
    other.add([f"e{i}" for i in range(50)], "experts", 0.5, weight=0.0, time=T)
    # Every column in another form: non-contiguous, other dtypes, lists.
    wide_value = np.repeat(s["value"], 2)[::2]  # non-contiguous view
    assert not wide_value.flags.c_contiguous
    fortran = np.asfortranarray(np.stack([s["weight"], s["weight"]], axis=1))[:, 0]
    converted = dict(
        entity=s["entity"].astype(np.int32),
        factor=s["factor"].astype(np.uint8),
        value=wide_value,
        weight=fortran,
        time=list(s["time"]),
        credibility=s["credibility"].tolist(),
    )
    other.add(**converted)
    args = calls[-1]
    assert args[3] != data_address(converted["entity"])  # int32 -> int64 copy
    assert args[4] != data_address(converted["factor"])  # uint8 -> int32 copy
    assert args[5] != data_address(wide_value)  # made contiguous
    result = other.score(model, explain=True)
    for a, b in zip(expected, result):
        assert np.array_equal(a, b)


def test_int_values_and_float32_are_converted_exactly(model):
    a = ts.EvidenceStore(model)
    a.add(["x", "x", "y"], [0, 6, 6], [1, 0, 1], weight=np.array([2, 1, 3], np.int16), time=T)
    b = ts.EvidenceStore(model)
    b.add(
        ["x", "x", "y"],
        ["authenticity", "experts", "experts"],
        [1.0, 0.0, 1.0],
        weight=np.array([2.0, 1.0, 3.0], np.float32),
        time=T,
    )
    assert np.array_equal(a.score(model).score, b.score(model).score)
    bools = ts.EvidenceStore(model)
    bools.add(["x", "x", "y"], [0, 6, 6], np.array([True, False, True]), weight=[2, 1, 3], time=T)
    assert np.array_equal(a.score(model).score, bools.score(model).score)


def test_default_outputs_are_the_arrays_c_wrote(model, store, record):
    store.add(**signals())
    calls = record("trustscore_score_into")
    res = store.score(model)
    (args,) = calls
    out = args[3]._obj  # the trustscore_score_outputs struct (passed by reference)
    assert out.version == 1 and out.capacity == 50
    assert out.score == data_address(res.score)
    assert out.lower == data_address(res.lower)
    assert out.upper == data_address(res.upper)
    assert out.contributions is None and out.gains is None and out.best_lever is None
    assert out.baseline == res.baseline
    for a in (res.score, res.lower, res.upper):
        assert a.dtype == np.float64 and a.flags.c_contiguous and a.shape == (50,)
    assert not np.shares_memory(res.score, res.lower) and not np.shares_memory(res.lower, res.upper)

    res = store.score(model, explain=True)
    out = calls[-1][3]._obj
    assert out.score == data_address(res.score)
    assert out.contributions == data_address(res.contributions) and res.contributions.shape == (
        50,
        9,
    )
    assert out.gains == data_address(res.gains) and res.gains.shape == (50, 9)
    assert out.best_lever == data_address(res.best_lever)


def test_small_results_are_the_arrays_c_wrote_and_never_shared(model, record):
    """Calls of a few entities take their results from a per-thread chunk:
    still C's own output, and no result is ever overwritten by a later call,
    also across the chunk's replacement."""
    one = ts.EvidenceStore(model)
    one.add(["a"], "experts", 0.9, time=T)
    three = ts.EvidenceStore(model)
    three.add(["a", "b", "c"], "experts", [0.9, 0.2, 0.5], time=T)
    calls = record("trustscore_score_into")
    expected = {1: one.score(model, out={}), 3: three.score(model, out={})}  # the general path
    kept = []
    for i in range(2 * _results.SmallResults.CHUNK):  # several chunks
        store = one if i % 3 else three
        res = store.score(model)
        out = calls[-1][3]._obj
        assert out.capacity == len(store)
        assert out.score == data_address(res.score)
        assert out.lower == data_address(res.lower) and out.upper == data_address(res.upper)
        kept.append((len(store), res))
    for n, res in kept:
        for name in ("score", "lower", "upper"):
            assert getattr(res, name).shape == (n,)
            np.testing.assert_array_equal(getattr(res, name), getattr(expected[n], name))
    addresses = [data_address(a) for _, res in kept for a in res[:3]]
    assert len(set(addresses)) == len(addresses)


def test_out_arrays_are_filled_in_place(model, store):
    store.add(**signals())
    expected = store.score(model, explain=True)
    out = {
        "score": np.full(50, -1.0),
        "lower": np.full(50, -1.0),
        "upper": np.full(50, -1.0),
        "contributions": np.full((50, 9), -1.0),
        "gains": np.full((50, 9), -1.0),
        "best_lever": np.full(50, -7, dtype=np.int32),
    }
    addresses = {k: data_address(v) for k, v in out.items()}
    res = store.score(model, explain=True, out=out)
    for name, array in out.items():
        got = getattr(res, name)
        assert got is array, name  # the same object ...
        assert data_address(got) == addresses[name]  # ... with the same memory
        assert np.array_equal(got, getattr(expected, name)), name
    assert res.baseline == expected.baseline


def test_out_may_be_partial_or_a_previous_result(model, store):
    store.add(**signals())
    mine = np.empty(50)
    res = store.score(model, out={"score": mine})
    assert res.score is mine and res.lower is not None and res.contributions is None
    again = store.score(model, explain=True, as_of=T + 1e6)
    before = {k: data_address(getattr(again, k)) for k in ("score", "contributions", "best_lever")}
    reused = store.score(model, explain=True, out=again)  # refill a previous result
    for k, address in before.items():
        assert getattr(reused, k) is getattr(again, k)
        assert data_address(getattr(reused, k)) == address
    assert np.array_equal(reused.score, store.score(model).score)


def test_string_entity_inputs(model):
    s = ts.EvidenceStore(model)
    s.add(np.array(["b", "a", "b"]), "values", [1.0, 0.0, 1.0], time=T)  # numpy unicode
    s.add(np.array([b"c"]), "values", [1.0], time=T)  # numpy bytes
    s.add(np.array(["a"], dtype=object), "values", [1.0], time=T)  # object array
    s.add(("d",), "values", (1.0,), time=T)  # tuple
    s.add(["é"], "values", [1.0], time=T)  # UTF-8
    assert s.entities == ["b", "a", "c", "d", "é"]
    assert s.entity_index("é") == 4


def test_out_may_be_a_memory_mapped_file(model, store, tmp_path):
    store.add(**signals())
    mapped = np.memmap(tmp_path / "scores.f8", dtype=np.float64, mode="w+", shape=(50,))
    res = store.score(model, out={"score": mapped})
    assert res.score is mapped
    mapped.flush()
    on_disk = np.fromfile(tmp_path / "scores.f8", dtype=np.float64)
    assert np.array_equal(on_disk, store.score(model).score)
