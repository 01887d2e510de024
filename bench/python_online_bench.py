#!/usr/bin/env python3
"""Benchmarks scoring chosen entities from Python, the call a product makes
per page view: one entity by id out of a store of --entities entities.

(a) ``store.score(model, entities=[id])``, the package's lean path (target:
    <= 3 us per call), ids cycling through --distinct random ids of the store;
(b) the bare ctypes call of trustscore_score_entities with prebuilt
    arguments (the floor: ctypes plus the C library's own work);
(c) for context: (a) and (b) for one id asked again and again (its evidence
    stays in cache: what is left is call overhead), 16 ids per call, and one
    id with explain=True (the general path).

Each is timed over --calls calls with time.perf_counter (best and median of
--repeat runs) and time.thread_time (best). Before timing, every path is
checked to give the whole store's rows.

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/python_online_bench.py [--entities 1000000] [--calls 200000]

Prints a markdown table; --json PATH also writes the numbers there (the form
of bench/python_bench.py's "call" entries).
"""

import argparse
import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bindings", "python"))

import trustscore as ts  # noqa: E402
from trustscore import _constants, _lib  # noqa: E402

DAY = 86400.0
T = 1_750_000_000.0  # newest signal


def build(n, seed=5):
    """A store of n entities ("e0000000", ...) with four random signals each."""
    rng = np.random.default_rng(seed)
    model = ts.Model()
    store = ts.EvidenceStore(model)
    t0 = time.perf_counter()
    store.add([f"e{i:07d}" for i in range(n)], 0, 0.5, weight=0.0, time=T)
    k = 4 * n
    store.add(
        rng.integers(0, n, k),
        rng.integers(0, 9, k).astype(np.int32),
        rng.random(k),
        weight=rng.random(k) * 3,
        time=T - rng.random(k) * 200 * DAY,
    )
    return model, store, time.perf_counter() - t0


def timed(repeat, calls, loop):
    """(best, median, best CPU) seconds per call of loop() doing `calls` calls."""
    loop()  # warm up
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.thread_time()
        loop()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.thread_time() - c0)
    return min(walls) / calls, statistics.median(walls) / calls, min(cpus) / calls


def measure(model, store, calls, repeat, distinct, seed=9):
    rng = np.random.default_rng(seed)
    n = len(store)
    chosen = rng.integers(0, n, distinct)
    ids = [f"e{i:07d}" for i in chosen]
    whole = store.score(model, explain=True)
    laps = max(1, calls // distinct)
    calls = laps * distinct

    # Same rows first, on every path timed below.
    singles = [[e] for e in ids]
    for e, one in zip(chosen, singles):
        r = store.score(model, entities=one)
        assert r.score[0] == whole.score[e] and r.index[0] == e, e
    sixteen = [ids[i : i + 16] for i in range(0, distinct - 15, 16)]
    r = store.score(model, entities=sixteen[0])
    assert r.score.tobytes() == whole.score[chosen[:16]].tobytes()
    r = store.score(model, entities=singles[0], explain=True)
    assert r.contributions.tobytes() == whole.contributions[chosen[:1]].tobytes()

    # The bare call: one prebuilt char* array per id, the rest shared.
    fn = _lib.LIB["trustscore_score_entities"]  # no argtypes: ctypes objects go as they are
    fn.restype = ctypes.c_int
    opts = _lib.ScoreOptions()
    _lib.check(
        _lib.LIB.trustscore_score_options_init_version(
            ctypes.byref(opts), _constants.TRUSTSCORE_SCORE_OPTIONS_VERSION
        )
    )
    opts.threads = 1  # as the package asks for so few entities
    buf = np.empty(3)
    a = buf.ctypes.data
    outputs = _lib.ScoreOutputs(_constants.TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, 1, a, a + 8, a + 16)
    index = np.empty(1, dtype=np.int64)
    unknown = ctypes.c_int64()
    args = (
        ctypes.c_void_p(model._h),
        ctypes.c_void_p(store._h),
        ctypes.byref(opts),
        ctypes.c_int64(1),
    )
    tail = (None, ctypes.c_void_p(index.ctypes.data), ctypes.byref(unknown), ctypes.byref(outputs))
    arrays = [(ctypes.c_char_p * 1)(e.encode()) for e in ids]
    for e, names in zip(chosen, arrays):
        assert fn(*args, names, *tail) == 0 and buf[0] == whole.score[e] and index[0] == e

    score = store.score

    def loop_score():
        for _ in range(laps):
            for one in singles:
                score(model, entities=one)

    def loop_raw():
        for _ in range(laps):
            for names in arrays:
                fn(*args, names, *tail)

    hot_one, hot_names = singles[0], arrays[0]

    def loop_hot_score():
        for _ in range(calls):
            score(model, entities=hot_one)

    def loop_hot_raw():
        for _ in range(calls):
            fn(*args, hot_names, *tail)

    def loop_sixteen():
        for _ in range(laps):
            for group in sixteen:
                score(model, entities=group)

    def loop_explain():
        for one in singles:
            score(model, entities=one, explain=True)

    results = {
        "score": timed(repeat, calls, loop_score),
        "raw": timed(repeat, calls, loop_raw),
        "hot_score": timed(repeat, calls, loop_hot_score),
        "hot_raw": timed(repeat, calls, loop_hot_raw),
        "sixteen": timed(repeat, laps * len(sixteen), loop_sixteen),
        "explain": timed(repeat, distinct, loop_explain),
    }
    return results, calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200_000, help="calls per timed run")
    parser.add_argument("--distinct", type=int, default=4096, help="ids the calls cycle through")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is reported")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON here")
    args = parser.parse_args()

    print(
        f"trustscore {ts.LIBRARY_VERSION} ({ts.LIBRARY_PATH}), numpy {np.__version__}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores\n"
    )
    model, store, build_s = build(args.entities)
    results, calls = measure(model, store, args.calls, args.repeat, args.distinct)

    print("| measurement | best | median | target |")
    print("| --- | ---: | ---: | --- |")
    for key, label, target in [
        ("score", "one entity by id: `store.score(model, entities=[id])`", "<= 3 µs"),
        ("raw", "one entity by id: bare ctypes call, prebuilt arguments", "(floor: ctypes + C)"),
        ("hot_score", "the same id every call: `store.score(model, entities=[id])`", ""),
        ("hot_raw", "the same id every call: bare ctypes call", ""),
        ("sixteen", "16 entities by id: `store.score(model, entities=ids)`", ""),
        ("explain", "one entity by id, `explain=True` (general path)", ""),
    ]:
        best, median, cpu = results[key]
        print(
            f"| {label} | {best * 1e6:.2f} µs (CPU {cpu * 1e6:.2f} µs) | {median * 1e6:.2f} µs "
            f"| {target} |"
        )
    print(
        f"\nStore of {args.entities:,} entities (4 signals each) built in {build_s:.1f} s; "
        f"calls cycle through {args.distinct} random ids; every path checked against the "
        "whole store's rows before timing."
    )
    if args.json:
        result = {
            "library_version": ts.LIBRARY_VERSION,
            "library_path": ts.LIBRARY_PATH,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "cores": os.cpu_count(),
            "entities": args.entities,
            "calls": calls,
            "distinct": args.distinct,
            "repeat": args.repeat,
            "build_s": build_s,
            "call": {
                key: {"best_s": best, "median_s": median, "best_cpu_s": cpu}
                for key, (best, median, cpu) in results.items()
            },
        }
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
