#!/usr/bin/env python3
"""Benchmarks string ids through Python against dense indices, in one run
(issue 23, item 2): ``store.add(entity=..., ...)`` of --signals signals over
--entities entities, the entities given as dense indices (the baseline) and
as ids in each form a user holds them: a numpy str ('U') array, an object
array, a list, and pandas columns of object, string and categorical dtype.
Target: each at >= 50% of the by-index throughput.

Every add goes into a fresh copy of one store that already holds every
entity (so both forms do the same work in the store: no new entity), and
each form's store is checked equal to the by-index store first. Only the
add call is timed; best of --repeat runs, medians beside.

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/python_ids_bench.py [--signals 1000000] [--entities 100000]

Prints a markdown table; --json PATH also writes the numbers there
(bench/report.py reads them).
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bindings", "python"))

import trustscore as ts  # noqa: E402

T = 1_750_000_000.0


def forms(names, idx):
    """{form: entities} for the same signals."""
    u = names[idx]
    obj = u.astype(object)
    return {
        "indices": idx,
        "numpy str": u,
        "numpy object": obj,
        "list": obj.tolist(),
        "pandas object": pd.Series(obj),
        "pandas string": pd.Series(obj, dtype="string"),
        "pandas categorical": pd.Series(pd.Categorical.from_codes(idx, names)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON here")
    args = parser.parse_args()
    rng = np.random.default_rng(23)
    n, m = args.signals, args.entities
    names = np.array([f"entity-{i:07d}" for i in range(m)])
    idx = rng.integers(0, m, n)
    factor = rng.integers(0, 9, n).astype(np.int32)
    value = rng.random(n)
    time_s = T - rng.random(n) * 1e7
    model = ts.Model()
    base = ts.EvidenceStore(model)
    base.add(names, 0, 0.5, weight=0.0, time=T)
    saved = base.to_bytes()

    def run(entities):
        store = ts.EvidenceStore.from_bytes(saved)
        len(store.score(model, entities=[0]).score)  # build the id index before timing
        start = time.perf_counter()
        store.add(entities, factor, value, time=time_s)
        return time.perf_counter() - start, store

    cases = forms(names, idx)
    _, want = run(idx)
    want_scores = want.score(model).score
    rows = {}
    for form, entities in cases.items():  # checked equal first
        _, got = run(entities)
        assert np.array_equal(got.score(model).score, want_scores), form
    for form, entities in cases.items():
        times = [run(entities)[0] for _ in range(args.repeat)]
        rows[form] = {"best_s": min(times), "median_s": statistics.median(times)}
    base_s = rows["indices"]["best_s"]
    print(f"{n:,} signals, {m:,} entities, best of {args.repeat}\n")
    print("| entities given as | best | signals/s | of by-index throughput |")
    print("| --- | --- | --- | --- |")
    for form, r in rows.items():
        r["ratio"] = base_s / r["best_s"]
        print(
            f"| {form} | {r['best_s'] * 1e3:.1f} ms | {n / r['best_s'] / 1e6:.1f} M "
            f"| {r['ratio'] * 100:.0f}% |"
        )
    if args.json:
        result = {
            "signals": n,
            "entities": m,
            "repeat": args.repeat,
            "rows": rows,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "python": sys.version.split()[0],
        }
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
