"""Scoring one model and store from many Python threads at once gives exactly
the serial results, and the GIL is released while the C library works."""

import ctypes
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import trustscore as ts
from trustscore import _lib

T = 1_700_000_000.0


def big_store(model, entities, seed=3):
    rng = np.random.default_rng(seed)
    store = ts.EvidenceStore(model)
    store.add([f"m{i:07d}" for i in range(entities)], 0, 0.5, weight=0.0, time=T)
    n = entities * 4
    store.add(
        rng.integers(0, entities, n),
        rng.integers(0, 9, n).astype(np.int32),
        rng.random(n),
        weight=rng.random(n) * 3,
        time=T - rng.random(n) * 3e7,
    )
    return store


@pytest.fixture(scope="module")
def model():
    return ts.Model()


@pytest.fixture(scope="module")
def store(model):
    return big_store(model, 60_000)


def test_eight_threads_give_the_serial_results(model, store):
    variants = [
        dict(explain=True),
        dict(explain=True, threads=1),
        dict(profile="nurturing", confidence=0.8, explain=True, threads=3),
        dict(as_of=T + 1e6),
    ]
    serial = [store.score(model, **v) for v in variants]
    barrier = threading.Barrier(8)

    def work(k):
        barrier.wait()  # start together
        return [(i, store.score(model, **variants[i])) for i in [(k + j) % 4 for j in range(4)] * 3]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    for per_thread in results:
        for i, res in per_thread:
            for a, b in zip(serial[i], res):
                if isinstance(a, np.ndarray):
                    assert np.array_equal(a, b)
                else:
                    assert a == b


def test_adding_while_scoring_neither_crashes_nor_fails(model):
    # The library's store takes adds while it is scored (a scorer sees each
    # signal whole); a whole-store score sized before an add grew the store
    # reads the count again, so no call fails.
    store = big_store(model, 5_000)
    stop = threading.Event()
    errors = []

    def scorer():
        while not stop.is_set():
            res = store.score(model)
            if not np.all((res.score >= 0) & (res.score <= 1)):
                errors.append(res)

    threads = [threading.Thread(target=scorer) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for k in range(40):
            store.add([f"new{k}-{j}" for j in range(50)], "values", 1.0, time=T)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert len(store) == 5_000 + 40 * 50


def test_read_write_lock_never_lets_a_writer_overlap_a_reader():
    # The store's lock lets readers in without a mutex while no writer is
    # about (see trustscore._rwlock). With a tiny switch interval the threads
    # interleave at nearly every bytecode; a shared record of who is inside
    # must never show a writer together with anyone else.
    from trustscore._rwlock import ReadWriteLock

    lock = ReadWriteLock()
    inside = {"readers": 0, "writers": 0}
    bad = []
    counts = {"reads": 0, "writes": 0}
    guard = threading.Lock()  # protects the record itself, not the tested lock
    stop = threading.Event()

    def enter(kind):
        with guard:
            inside[kind] += 1
            if inside["writers"] > 1 or (inside["writers"] and inside["readers"]):
                bad.append(dict(inside))

    def leave(kind):
        with guard:
            inside[kind] -= 1

    def reader():
        while not stop.is_set():
            lock.acquire_read()
            enter("readers")
            leave("readers")
            lock.release_read()
            counts["reads"] += 1

    def writer():
        while not stop.is_set():
            lock.acquire_write()
            enter("writers")
            leave("writers")
            lock.release_write()
            counts["writes"] += 1

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    threads = [threading.Thread(target=reader) for _ in range(4)]
    threads += [threading.Thread(target=writer) for _ in range(2)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.0)
    finally:
        stop.set()
        for t in threads:
            t.join()
        sys.setswitchinterval(old)
    assert not bad, bad[:5]
    assert counts["reads"] > 100 and counts["writes"] > 10, counts  # both sides made progress
    assert lock._active == [] and not lock._writing and lock._writers_waiting == 0


def _progress_during_one_call(call):
    """How often another Python thread ran during one call of `call` by this
    thread. The switch interval is made huge, so the other thread can run only
    when this one gives the GIL up of its own accord: if `call` keeps the GIL,
    the count is exactly 0, whatever the timing."""
    counter = [0]
    stop = threading.Event()

    def other():
        while not stop.is_set():
            counter[0] += 1
            time.sleep(0.0005)  # gives the GIL up, then waits for it again

    old = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    thread = threading.Thread(target=other)
    try:
        thread.start()
        time.sleep(0.05)  # let the other thread get going
        before = counter[0]
        call()
        after = counter[0]
    finally:
        stop.set()
        sys.setswitchinterval(old)
        thread.join()
    return after - before


def test_the_gil_is_released_during_scoring(model):
    store = big_store(model, 200_000)
    out = {
        k: np.empty(
            (len(store), 9) if k in ("contributions", "gains") else len(store),
            dtype=np.int32 if k == "best_lever" else np.float64,
        )
        for k in ("score", "lower", "upper", "contributions", "gains", "best_lever")
    }
    assert (
        _progress_during_one_call(lambda: store.score(model, explain=True, threads=1, out=out)) > 0
    )

    # Control: the same C call through ctypes.PyDLL, which keeps the GIL, lets
    # the other thread run not once: the measurement can tell the two apart.
    held = ctypes.PyDLL(_lib.LIB_PATH)
    _lib.declare(held)
    opts = _lib.ScoreOptions()
    _lib.check(held.trustscore_score_options_init(ctypes.byref(opts)))
    opts.threads = 1
    n = len(store)
    addr = {k: v.ctypes.data for k, v in out.items()}
    args = (
        model._h,
        store._h,
        ctypes.byref(opts),
        addr["score"],
        n,
        addr["lower"],
        n,
        addr["upper"],
        n,
        addr["contributions"],
        9 * n,
        addr["gains"],
        9 * n,
        addr["best_lever"],
        n,
        None,
    )
    assert _progress_during_one_call(lambda: _lib.check(held.trustscore_score(*args))) == 0


def test_entity_ids_from_many_threads(model):
    store = ts.EvidenceStore(model)
    ids = [f"id{i}" for i in range(3000)]
    store.add(ids, "values", 1.0, time=T)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.entities, range(16)))
    assert all(r == ids for r in results)
