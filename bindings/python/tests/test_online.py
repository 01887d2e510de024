"""A store in service: scoring chosen entities (store.score(model,
entities=...)), retracting signals, removing an entity's evidence, and
adding while other threads score. Chosen rows equal the whole store's bit for
bit; a store after retraction scores as one that never had the signals; every
refused call leaves the store as it was."""

import pickle
import threading
import time

import numpy as np
import pandas as pd
import pytest

import trustscore as ts

T = 1_700_000_000.0
DAY = 86400.0
KINDS = [
    "beta",
    "weighted_mean",
    "bayesian_average",
    "wilson",
    "dirichlet",
    "subjective_logic",
    "logistic",
]
OUTPUTS = ("score", "lower", "upper", "contributions", "gains", "best_lever")


def kind_model(kind):
    if kind == "logistic":
        return ts.Model("logistic", weights=list(np.linspace(0.2, 1.8, 9)), bias=-0.4)
    return ts.Model(kind)


def signals(n_entities, n_signals, seed, prefix="e"):
    """Random signals of n_entities ids, with decay, weights and credibility."""
    rng = np.random.default_rng(seed)
    return dict(
        entity=[f"{prefix}{i}" for i in rng.integers(0, n_entities, n_signals)],
        factor=rng.integers(0, 9, n_signals).astype(np.int32),
        value=rng.integers(0, 5, n_signals) / 4.0,  # rating levels
        weight=rng.random(n_signals) * 3,
        time=T - rng.random(n_signals) * 90 * DAY,
        credibility=rng.random(n_signals),
    )


def random_store(model, n_entities=40, n_signals=400, seed=5):
    store = ts.EvidenceStore(model)
    store.add(**signals(n_entities, n_signals, seed))
    store.add(f"e{n_entities}", "values", 0.5, weight=0.0, time=T)  # an entity without evidence
    assert len(store) == n_entities + 1
    return store


def same_rows(chosen, whole, rows):
    """chosen's row i is whole's row rows[i], bit for bit, for every output computed."""
    for name in OUTPUTS:
        a, b = getattr(chosen, name), getattr(whole, name)
        if b is None:
            assert a is None, name
            continue
        assert a.tobytes() == b[rows].tobytes(), name
    assert chosen.baseline == whole.baseline or np.isnan(whole.baseline)


def snapshot(model, store):
    """What a refused call must leave alone: the entity count and every score."""
    return len(store), store.entities, store.score(model, explain=True, threads=1)


def assert_unchanged(model, store, before):
    n, ids, result = before
    assert len(store) == n and store.entities == ids
    same_rows(store.score(model, explain=True, threads=1), result, slice(None))


# ---- Scoring chosen entities ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_chosen_rows_equal_whole_rows(kind):
    model = kind_model(kind)
    store = random_store(model)
    whole = store.score(model, explain=True)
    index = {e: i for i, e in enumerate(store.entities)}
    ids = ["e7", "e3", "e7", "e40", store.entities[0], "e12", "e3"]
    rows = [index[e] for e in ids]
    for entities in (
        ids,
        tuple(ids),
        np.array(ids),
        np.array(ids, dtype=object),
        pd.Index(ids),
    ):
        chosen = store.score(model, explain=True, entities=entities)
        assert isinstance(chosen, ts.ChosenScoreResult) and isinstance(chosen, ts.ScoreResult)
        same_rows(chosen, whole, rows)
        assert chosen.index.tolist() == rows and chosen.unknown_count == 0
        assert not chosen.unknown.any()
    # By dense index: a numpy integer array or a list of int.
    for entities in (np.array(rows, dtype=np.int32), rows, np.array(rows, dtype=np.uint64)):
        chosen = store.score(model, explain=True, entities=entities)
        same_rows(chosen, whole, rows)
        assert chosen.index.tolist() == rows
    # The lean path (a few ids, no explain) gives the same rows.
    lean = store.score(model, entities=ids)
    for name in ("score", "lower", "upper"):
        assert getattr(lean, name).tobytes() == getattr(whole, name)[rows].tobytes()
    assert lean.contributions is None and lean.index.tolist() == rows


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_ids_score_as_no_evidence(kind):
    model = kind_model(kind)
    store = random_store(model)
    n = len(store)
    whole = store.score(model, explain=True)
    empty = store.entity_index("e40")  # its one signal has weight 0
    ids = ["nobody", "e5", "nobody", "also nobody"]
    for explain in (False, True):
        chosen = store.score(model, explain=explain, entities=ids)
        assert chosen.unknown.tolist() == [True, False, True, True]
        assert chosen.unknown_count == 3
        assert chosen.index.tolist() == [-1, store.entity_index("e5"), -1, -1]
        rows = [empty, store.entity_index("e5"), empty, empty]
        for name in ("score", "lower", "upper"):
            assert getattr(chosen, name).tobytes() == getattr(whole, name)[rows].tobytes()
    if kind == "beta":
        assert chosen.score[0] == whole.baseline
    assert len(store) == n and "nobody" not in store  # looking up adds nothing


def test_frames_of_chosen_entities():
    model = ts.Model()
    store = random_store(model)
    whole = store.score(model, explain=True, as_frame=True)
    frame = store.score(model, explain=True, as_frame=True, entities=["e3", "nobody", "e3"])
    assert list(frame.index) == ["e3", "nobody", "e3"] and frame.index.name == "entity"
    assert list(frame.columns) == list(whole.columns)
    pd.testing.assert_frame_equal(frame.iloc[[0, 2]], whole.loc[["e3", "e3"]])
    assert frame.attrs["unknown"] == ["nobody"]
    assert frame.loc["nobody", "score"] == whole.attrs["baseline"]
    # By index: the frame is indexed by the entities' ids.
    by_index = store.score(model, as_frame=True, entities=np.array([2, 0]))
    assert list(by_index.index) == [store.entities[2], store.entities[0]]
    assert by_index.attrs["unknown"] == []


def test_lean_results_stay_valid_across_many_calls():
    # Lean results are views of per-thread chunks; later calls never write them.
    model = ts.Model()
    store = random_store(model)
    whole = store.score(model)
    ids = store.entities
    results = [(i, store.score(model, entities=[ids[i % 40]])) for i in range(2000)]
    results += [(i, store.score(model, entities=(ids[i % 40], "nobody"))) for i in range(500)]
    for i, r in results:
        assert r.score[0] == whole.score[i % 40] and r.index[0] == i % 40
        assert r.unknown_count == len(r.score) - 1
    assert store.score(model, entities=[]).score.shape == (0,)
    assert store.score(model, entities=np.array([], dtype=np.int64)).index.shape == (0,)


def test_chosen_results_pickle_and_module_function():
    model = ts.Model()
    store = random_store(model)
    r = ts.score(model, store, entities=["e1", "nobody"], explain=True)
    back = pickle.loads(pickle.dumps(r))
    assert type(back) is ts.ChosenScoreResult
    assert back.index.tolist() == r.index.tolist() and back.unknown_count == 1
    same_rows(back, r, slice(None))


@pytest.mark.parametrize(
    "entities, exc, message",
    [
        ("e1", TypeError, "not one str; pass \\[id\\]"),
        (["e1", None], TypeError, r"entities\[1\] is NoneType"),
        (["e1", 3], TypeError, r"entities\[1\] is int; ids must all be str"),
        ([3, "e1"], TypeError, r"entities\[1\] is str; entities must be all ids \(str\) or all"),
        ([1.5], TypeError, r"entities\[0\] is float"),
        ([True], TypeError, r"entities\[0\] is bool"),
        (np.array([0.5, 1.5]), TypeError, "dtype float64"),
        (np.array([["e1"]]), ValueError, "1-dimensional"),
        (["e\x001"], ValueError, "NUL"),
        ([2**63], ValueError, "does not fit in int64"),
        (np.array([0, 41]), ts.InvalidArgumentError, r"entities\[1\]: entity index 41 out of"),
        ([-1], ts.InvalidArgumentError, r"entity index -1 out of range \[0, 41\)"),
        (pd.Index([1.5, 2.5]), TypeError, "dtype float64"),
    ],
)
def test_bad_entities_raise(entities, exc, message):
    model = ts.Model()
    store = random_store(model)
    before = snapshot(model, store)
    with pytest.raises(exc, match=message):
        store.score(model, entities=entities)
    with pytest.raises(exc, match=message):
        store.score(model, entities=entities, explain=True)
    assert_unchanged(model, store, before)


# ---- Retraction --------------------------------------------------------------------


def never_had(kind, seed):
    """A store of signals A, one of A + B with B retracted (both from dicts of
    columns), the model, and B."""
    model = kind_model(kind)
    a, b = signals(30, 300, seed), signals(30, 60, seed + 1)
    b["entity"][0] = "only-in-b"  # an entity whose one signal is retracted
    never = ts.EvidenceStore(model)
    never.add(**a)
    never.add("only-in-b", "values", 0.5, weight=0.0, time=T)
    both = ts.EvidenceStore(model)
    both.add(**a)
    both.add("only-in-b", "values", 0.5, weight=0.0, time=T)
    both.add(**b)
    return model, never, both, b


@pytest.mark.parametrize("kind", KINDS)
def test_retraction_equals_a_store_that_never_had_the_signals(kind):
    model, never, both, b = never_had(kind, 11)
    assert both.retract(**b) == len(b["value"])
    as_of = T + 3 * DAY  # both stores decay alike (their newest signals may differ)
    got = both.score(model, explain=True, as_of=as_of, entities=never.entities)
    want = never.score(model, explain=True, as_of=as_of)
    for name in OUTPUTS:
        np.testing.assert_allclose(getattr(got, name), getattr(want, name), rtol=0, atol=1e-12)


def test_retraction_by_index_and_from_a_dataframe():
    model, never, both, b = never_had("beta", 3)
    frame = pd.DataFrame(b)
    half = len(frame) // 2
    both.retract(frame.iloc[:half])
    rest = frame.iloc[half:]
    index = np.array([both.entity_index(e) for e in rest["entity"]])
    both.retract(
        index, rest["factor"], rest["value"], rest["weight"], rest["time"], rest["credibility"]
    )
    got = both.score(model, as_of=T + DAY, entities=never.entities)
    want = never.score(model, as_of=T + DAY)
    np.testing.assert_allclose(got.score, want.score, rtol=0, atol=1e-12)
    # A default time stands for missing ones, as on add.
    store = ts.EvidenceStore(model)
    store.add("x", "experts", 1.0, default_time=T)
    assert store.retract("x", "experts", 1.0, default_time=T) == 1
    assert store.score(model).score[0] == store.score(model).baseline


def retraction_errors():
    # Each: keyword arguments changed from the valid retraction of e0's
    # authenticity signal (value 1, weight 2 at T), the error and its message.
    return [
        (dict(entity="nobody"), ts.InvalidArgumentError, "entity 'nobody' is not in the store"),
        (dict(entity=5), ts.InvalidArgumentError, r"entity index 5 out of range \[0, 2\)"),
        (dict(entity=-1), ts.InvalidArgumentError, r"entity index -1 out of range"),
        (dict(entity=[None]), TypeError, "entity must be entity ids"),
        (dict(entity=[3.5]), TypeError, "entity must be entity ids"),
        (dict(factor="no_such_factor"), ValueError, "unknown factor id 'no_such_factor'"),
        (dict(factor=9), ts.InvalidArgumentError, r"factor index 9 out of range \[0, 9\)"),
        (dict(value=float("nan")), ts.InvalidArgumentError, "value is NaN"),
        (dict(value=1.5), ts.InvalidArgumentError, r"value 1.5\d* outside \[0, 1\]"),
        (dict(weight=4.0), ts.InvalidArgumentError, "takes more positive mass"),
        (dict(weight=-1.0), ts.InvalidArgumentError, "weight is negative"),
        (dict(factor="experts"), ts.InvalidArgumentError, "holds no signal"),
        (dict(time=None), ts.InvalidArgumentError, "no time"),
        (dict(time=float("nan")), ts.InvalidArgumentError, "no time"),
        (dict(time=T + DAY), ts.InvalidArgumentError, "after the newest signal"),
        (dict(credibility=2.0), ts.InvalidArgumentError, r"credibility must be in \[0, 1\]"),
        (dict(value=[1.0, 1.0]), ValueError, "value has 2 elements but entity has 1"),
    ]


@pytest.mark.parametrize("change, exc, message", retraction_errors())
def test_bad_retractions_raise_and_change_nothing(change, exc, message):
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(["e0", "e1"], "authenticity", 1.0, weight=2.0, time=T)
    before = snapshot(model, store)
    good = dict(entity=["e0"], factor="authenticity", value=1.0, weight=2.0, time=T)
    with pytest.raises(exc, match=message):
        store.retract(**{**good, **change})
    assert_unchanged(model, store, before)
    # All or nothing: a valid signal before the bad one is put back.
    if exc is ts.InvalidArgumentError and "entity" not in change:
        first = dict(factor=0, value=1.0, weight=2.0, time=T, credibility=1.0)
        second = {**first, **change}
        if isinstance(second["factor"], str):
            second["factor"] = store.factors.index(second["factor"])
        pair = {k: [v, second[k]] for k, v in first.items()}
        with pytest.raises(exc, match="signal 1"):
            store.retract(["e1", "e0"], **pair)
        assert_unchanged(model, store, before)
    assert store.retract(**good) == 1  # the store still works


# ---- Removing an entity's evidence -----------------------------------------------------


def test_remove_entity():
    model = ts.Model()
    store = random_store(model)
    whole = store.score(model)
    e3 = store.entity_index("e3")
    held = sum(1 for e in signals(40, 400, 5)["entity"] if e == "e3")
    assert store.remove_entity("e3") == held > 0
    assert store.entity_index("e3") == e3 and len(store) == 41  # it keeps its index
    after = store.score(model)
    assert after.score[e3] == whole.baseline
    others = np.arange(41) != e3
    assert after.score[others].tobytes() == whole.score[others].tobytes()
    assert store.remove_entity(e3) == 0  # nothing left
    assert store.remove_entity(np.int64(0)) > 0
    store.add("e3", "values", 1.0, time=T)  # it takes signals again
    assert store.score(model, entities=["e3"]).score[0] > whole.baseline


@pytest.mark.parametrize(
    "entity, exc, message",
    [
        ("nobody", ts.InvalidArgumentError, "entity 'nobody' is not in the store"),
        (41, ts.InvalidArgumentError, r"entity index 41 out of range \[0, 41\)"),
        (-1, ts.InvalidArgumentError, r"entity index -1 out of range"),
        (2**63, ValueError, "does not fit in int64"),
        (1.0, TypeError, "entity id \\(str\\) or a dense index \\(int\\), not float"),
        (True, TypeError, "not bool"),
        (None, TypeError, "not NoneType"),
        ("e\x00", ValueError, "NUL"),
    ],
)
def test_bad_removals_raise_and_change_nothing(entity, exc, message):
    model = ts.Model()
    store = random_store(model)
    before = snapshot(model, store)
    with pytest.raises(exc, match=message):
        store.remove_entity(entity)
    assert_unchanged(model, store, before)


# ---- Threads ---------------------------------------------------------------------------


def test_writers_and_readers_at_once_end_as_one_thread_would():
    # Two writers add signals of disjoint entities in batches while four
    # readers score chosen entities (and now and then the whole store) for
    # about a second; the store then scores as one built on one thread.
    model = ts.Model()

    def batch(w, k):
        return signals(300, 200, seed=10_000 * w + k, prefix=f"w{w}-")

    store = ts.EvidenceStore(model)
    stop = threading.Event()
    errors, reads, writes = [], [0] * 4, [0, 0]

    def writer(w):
        try:
            while not stop.is_set() and writes[w] < 5000:
                store.add(**batch(w, writes[w]))
                writes[w] += 1
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    def reader(r):
        rng = np.random.default_rng(r)
        try:
            while not stop.is_set():
                ids = [f"w{rng.integers(2)}-{rng.integers(300)}" for _ in range(3)]
                res = store.score(model, entities=ids)
                known = ~res.unknown
                assert np.all((res.score[known] >= 0) & (res.score[known] <= 1))
                if reads[r] % 20 == 0:
                    res = store.score(model)
                    assert len(res.score) <= len(store)
                reads[r] += 1
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(w,)) for w in (0, 1)]
    threads += [threading.Thread(target=reader, args=(r,)) for r in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert min(reads) > 0 and min(writes) > 0, (reads, writes)

    serial = ts.EvidenceStore(model)
    for w in (0, 1):
        for k in range(writes[w]):
            serial.add(**batch(w, k))
    assert sorted(store.entities) == sorted(serial.entities)
    got = store.score(model, explain=True, entities=serial.entities)
    want = serial.score(model, explain=True)
    assert got.unknown_count == 0
    for name in OUTPUTS:
        np.testing.assert_allclose(getattr(got, name), getattr(want, name), rtol=0, atol=1e-12)


def test_calls_overlap_and_only_close_waits():
    # A call in flight holds the store's lock shared: adds, retractions and
    # scoring go on beside it; close() waits for it.
    model = ts.Model()
    store = random_store(model)
    store._lock.acquire_read()  # as a score call in flight does
    try:
        done = []
        other = threading.Thread(
            target=lambda: done.append(
                (
                    store.add("new", "values", 1.0, time=T),
                    store.retract("new", "values", 1.0, time=T),
                )
            )
        )
        other.start()
        other.join(10)
        assert done == [(1, 1)]
        closer = threading.Thread(target=store.close)
        closer.start()
        closer.join(0.3)
        assert closer.is_alive()  # waiting for the call in flight
    finally:
        store._lock.release_read()
    closer.join(10)
    assert not closer.is_alive()
    with pytest.raises(ValueError, match="closed"):
        store.score(model, entities=["e1"])
    with pytest.raises(ValueError, match="closed"):
        store.retract("e1", "values", 1.0, time=T)
