#!/usr/bin/env python3
"""Benchmarks the Python package against its targets, in one run:

(a) call overhead: ``store.score(model)`` on a store of one entity, timed over
    many calls with time.perf_counter (target: < 5 us per call). Beside it,
    the same call with ``out=`` (no allocation) and the bare ctypes call with
    prebuilt arguments (the floor: ctypes plus the C library's own work).
(b) throughput: 1 million entities x 9 factors scored by the package, and by
    the same Beta math written in vectorised numpy (target: >= 3x numpy).
    Both are first checked to give the same scores to 1e-12; only the score
    calls are timed (best of --repeat runs). The store is built as a user
    would: entities created by id, then signals added with integer entity
    indices through EvidenceStore.add.

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/python_bench.py [--entities 1000000] [--calls 200000]

Prints a markdown table; --json PATH also writes the measured numbers there
(bench/report.py reads them).
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


def best_of(repeat, fn):
    """Best and median wall time (time.perf_counter) of repeat runs of fn."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def best_cpu_of(repeat, fn):
    """Best CPU time of this thread (time.thread_time) over repeat runs: on a
    busy machine it leaves out the time the thread waited for a core."""
    times = []
    for _ in range(repeat):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return min(times)


# ---- (a) call overhead ----------------------------------------------------------------


def call_overhead(calls, repeat):
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add("solo", np.arange(9, dtype=np.int32), np.linspace(0.1, 0.9, 9), time=T)

    def loop_score():
        score = store.score
        for _ in range(calls):
            score(model)

    out = store.score(model)

    def loop_out():
        score = store.score
        for _ in range(calls):
            score(model, out=out)

    opts = _lib.ScoreOptions()
    _lib.check(_lib.LIB.trustscore_score_options_init(ctypes.byref(opts)))
    opts.threads = 1  # as store.score asks for so few entities
    opts_ref = ctypes.byref(opts)
    buf = np.empty(3)
    a = buf.ctypes.data
    outputs = _lib.ScoreOutputs(_constants.TRUSTSCORE_SCORE_OUTPUTS_VERSION, 0, 1, a, a + 8, a + 16)
    fn = _lib.LIB.trustscore_score_into
    mh, sh = model._h, store._h

    def loop_raw():
        for _ in range(calls):
            fn(mh, sh, opts_ref, outputs)

    assert fn(mh, sh, opts_ref, outputs) == 0
    assert np.array_equal(buf, np.concatenate([out.score, out.lower, out.upper]))
    results = {}
    for name, loop in [("score", loop_score), ("out", loop_out), ("raw", loop_raw)]:
        loop()  # warm up
        best, median = best_of(repeat, loop)
        cpu = best_cpu_of(repeat, loop)
        results[name] = (best / calls * 1e6, median / calls * 1e6, cpu / calls * 1e6)
    return results


# ---- (b) throughput -------------------------------------------------------------------


def build(model, n, seed=11):
    """A store of n entities with one signal per (entity, factor), and the
    positive and negative masses of each cell as of T, computed in numpy."""
    config = model.to_dict()
    factors = config["factors"]
    F = len(factors)
    rng = np.random.default_rng(seed)
    store = ts.EvidenceStore(model)
    t0 = time.perf_counter()
    ids = [f"e{i:07d}" for i in range(n)]
    store.add(ids, 0, 0.5, weight=0.0, time=T)  # creates the entities
    del ids
    R = np.empty((F, n))
    S = np.empty((F, n))
    entity = np.arange(n, dtype=np.int64)
    for f, factor in enumerate(factors):
        value = rng.random(n)
        weight = rng.random(n) * 3
        age = rng.random(n) * 400 * DAY
        half_life = factor["half_life_days"]
        d = np.ones(n) if half_life is None else np.exp2(-age / (half_life * DAY))
        R[f] = weight * value * d
        S[f] = weight * (1 - value) * factor["negativity"] * d
        store.add(entity, np.full(n, f, dtype=np.int32), value, weight=weight, time=T - age)
    return store, R, S, time.perf_counter() - t0


def numpy_params(model, as_of, profile="decision", confidence=0.95):
    config = model.to_dict()
    factors = config["factors"]
    weights = np.array([config["profiles"][profile][f["id"]] for f in factors])
    col = lambda x: np.asarray(x, dtype=np.float64).reshape(-1, 1)  # noqa: E731
    a = col([f["base_rate"] for f in factors])
    W = col([f["prior_weight"] for f in factors])
    d = col(
        [
            1.0
            if f["half_life_days"] is None
            else 2.0 ** (-(as_of - T) / (f["half_life_days"] * DAY))
            for f in factors
        ]
    )
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
    return dict(w=weights / weights.sum(), a=a, W=W, aW=a * W, d=d, z=z)


def numpy_score(R, S, w, a, W, aW, d, z):
    """The Beta evidence model in vectorised numpy (R, S: factors x entities)."""
    n = (R + S) * d + W
    p = (R * d + aW) / n
    score = w @ p
    var = (w * w) @ (p * (1 - p) / (n + 1))
    sd = np.sqrt(var)
    return score, np.clip(score - z * sd, 0, 1), np.clip(score + z * sd, 0, 1)


def throughput(n, repeat, threads_all):
    model = ts.Model()
    store, R, S, build_s = build(model, n)
    as_of = T + 30 * DAY
    params = numpy_params(model, as_of)

    # Same scores first.
    ref = numpy_score(R, S, **params)
    got = store.score(model, as_of=as_of)
    diff = max(float(np.max(np.abs(x - y))) for x, y in zip(ref, got[:3]))
    if not diff <= 1e-12:
        sys.exit(f"trustscore and numpy disagree: max |difference| {diff:.3g} > 1e-12")

    out = {k: np.empty(n) for k in ("score", "lower", "upper")}
    rows = {}
    rows["numpy"] = best_of(repeat, lambda: numpy_score(R, S, **params))
    rows["ts_all"] = best_of(repeat, lambda: store.score(model, as_of=as_of, threads=0))
    rows["ts_1"] = best_of(repeat, lambda: store.score(model, as_of=as_of, threads=1))
    rows["ts_all_out"] = best_of(repeat, lambda: store.score(model, as_of=as_of, out=out))
    rows["ts_explain"] = best_of(repeat, lambda: store.score(model, as_of=as_of, explain=True))
    return rows, diff, build_s


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200_000, help="calls per overhead run")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the best is reported")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON here")
    args = parser.parse_args()

    cores = os.cpu_count()
    print(
        f"trustscore {ts.LIBRARY_VERSION} ({ts.LIBRARY_PATH}), numpy {np.__version__}, "
        f"Python {sys.version.split()[0]}, {cores} cores\n"
    )

    over = call_overhead(args.calls, args.repeat)
    rows, diff, build_s = throughput(args.entities, args.repeat, cores)
    n = args.entities
    t_np = rows["numpy"][0]

    print("| measurement | best | median | target |")
    print("| --- | ---: | ---: | --- |")
    for key, label, target in [
        ("score", "one entity: `store.score(model)`", "< 5 µs"),
        ("out", "one entity: `store.score(model, out=previous)`", ""),
        ("raw", "one entity: bare ctypes call, prebuilt arguments", "(floor: ctypes + C)"),
    ]:
        best, median, cpu = over[key]
        print(f"| {label} | {best:.2f} µs (CPU {cpu:.2f} µs) | {median:.2f} µs | {target} |")
    labels = [
        ("numpy", "numpy, same Beta math"),
        ("ts_all", f"trustscore, threads=0 ({cores} cores)"),
        ("ts_1", "trustscore, threads=1"),
        ("ts_all_out", "trustscore, threads=0, out="),
        ("ts_explain", "trustscore, threads=0, explain=True"),
    ]
    for key, label in labels:
        best, median = rows[key]
        ratio = "" if key == "numpy" else f"{t_np / best:.1f}x numpy"
        target = ">= 3x numpy" if key in ("ts_all", "ts_1") else ""
        print(
            f"| {n:,} x 9: {label} | {best * 1e3:.1f} ms ({n / best / 1e6:.1f} M entities/s) | "
            f"{median * 1e3:.1f} ms | {ratio} {target} |".replace("  |", " |")
        )
    print(
        f"\nScores agree with numpy to {diff:.1e} (checked before timing). Building the store "
        f"({n:,} entities by id, then {9 * n:,} signals by index) took {build_s:.1f} s."
    )
    if args.json:
        write_json(args.json, args, cores, over, rows, diff, build_s)


def write_json(path, args, cores, over, rows, diff, build_s):
    """The numbers of the table, in seconds per call or per run (best and
    median wall time; CPU time where measured), for bench/report.py."""
    result = {
        "library_version": ts.LIBRARY_VERSION,
        "library_path": ts.LIBRARY_PATH,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "cores": cores,
        "entities": args.entities,
        "calls": args.calls,
        "repeat": args.repeat,
        "max_difference": diff,
        "build_s": build_s,
        "call": {
            key: {"best_s": best * 1e-6, "median_s": median * 1e-6, "best_cpu_s": cpu * 1e-6}
            for key, (best, median, cpu) in over.items()
        },
        "throughput": {
            key: {"best_s": best, "median_s": median} for key, (best, median) in rows.items()
        },
    }
    with open(path, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
