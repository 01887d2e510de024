#!/usr/bin/env python3
"""The library's CSV reader against pandas.read_csv and numpy.loadtxt on the
same generated file, in one run:

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/csv_bench.py [--signals 4000000] [--entities 500000] [--repeat 3]

The file is issue 23's: --signals rows of entity,factor,value,weight,time,source
(ids "m00000042", built-in factors, unix seconds, a source on three rows in
four), about 195 MB at 4,000,000 signals, written once to a temporary folder
(--file PATH: use or write that file instead). Timed, each --repeat times in
rounds (every measurement in turn, so that other load falls on all alike):

- EvidenceStore.add_csv with threads=1 and threads=2 (parse and add, a new
  store each time);
- trustscore.read_csv with threads=1 and 2 (parse into a DataFrame: entity
  and factor Categoricals, value, weight, time, credibility);
- pandas.read_csv of the file (its default parser and type inference: the
  time a user pays to have the file as a DataFrame at all);
- numpy.loadtxt (dtype=str) of the first --loadtxt-rows rows, scaled to the
  whole file by bytes (it is too slow for the whole file), once per round.

Reported: the median wall time and CPU time (this process, all threads),
MB/s of the file, and the ratios the issue asks for: the reader's speed on one
thread, pandas' time over the reader's, and threads=1 over threads=2. --json
PATH also writes the numbers (bench/report.py reads them).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bindings", "python"))

import trustscore as ts  # noqa: E402

T = 1_750_000_000.0
DAY = 86400.0


def write_file(path, signals, entities, seed=1):
    """Issue 23's generated file (as /tmp/cb/gen.py wrote it)."""
    rng = np.random.default_rng(seed)
    factors = np.array(ts.Model().factors)
    ids = np.char.add("m", np.char.zfill(np.arange(entities).astype(str), 8))
    frame = pd.DataFrame(
        {
            "entity": ids[rng.integers(0, entities, signals)],
            "factor": factors[rng.integers(0, len(factors), signals)],
            "value": rng.integers(0, 5, signals) / 4,
            "weight": np.round(rng.random(signals) * 3, 3),
            "time": T - np.floor(rng.random(signals) * 800 * DAY),
            "source": np.array(["s1", "s2", "s3", ""])[rng.integers(0, 4, signals)],
        }
    )
    frame.to_csv(path, index=False)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn):
    cpu, start = cpu_seconds(), time.perf_counter()
    result = fn()
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signals", type=int, default=4_000_000)
    parser.add_argument("--entities", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--loadtxt-rows", type=int, default=200_000)
    parser.add_argument("--file", help="the CSV file to read (written first if missing)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="trustscore-csv-bench-") as folder:
        path = args.file or os.path.join(folder, "signals.csv")
        if not os.path.exists(path):
            write_file(path, args.signals, args.entities)
        size = os.path.getsize(path)
        # The slice numpy.loadtxt reads: the header and the first rows.
        slice_path = os.path.join(folder, "slice.csv")
        with open(path, "rb") as src, open(slice_path, "wb") as dst:
            for _ in range(args.loadtxt_rows + 1):
                line = src.readline()
                if not line:
                    break
                dst.write(line)
        slice_size = os.path.getsize(slice_path)
        model = ts.Model()
        n = len(ts.read_csv(path, model))  # also a warm-up (page cache, imports)
        print(
            f"{path if args.file else 'generated file'}: {size / 1e6:.0f} MB, {n:,} signals;"
            f" numpy.loadtxt on the first {args.loadtxt_rows:,} rows ({slice_size / 1e6:.1f} MB),"
            " scaled to the file by bytes",
            file=sys.stderr,
        )

        def add_csv(threads):
            store = ts.EvidenceStore(model)
            report = store.add_csv(path, threads=threads)
            assert report.added == n, report
            store.close()

        def read_csv(threads):
            assert len(ts.read_csv(path, model, threads=threads)) == n

        def pandas_read():
            assert len(pd.read_csv(path)) == n

        def loadtxt():
            np.loadtxt(slice_path, delimiter=",", skiprows=1, dtype=str)

        runs = {
            "add_csv, threads=1": (lambda: add_csv(1), 1.0),
            "add_csv, threads=2": (lambda: add_csv(2), 1.0),
            "trustscore.read_csv, threads=1": (lambda: read_csv(1), 1.0),
            "trustscore.read_csv, threads=2": (lambda: read_csv(2), 1.0),
            "pandas.read_csv": (pandas_read, 1.0),
            "numpy.loadtxt (scaled)": (loadtxt, size / slice_size),
        }
        walls = {k: [] for k in runs}
        cpus = {k: [] for k in runs}
        for _ in range(args.repeat):
            for name, (fn, scale) in runs.items():
                wall, cpu, _ = timed(fn)
                walls[name].append(wall * scale)
                cpus[name].append(cpu * scale)

    median = {k: statistics.median(v) for k, v in walls.items()}
    median_cpu = {k: statistics.median(v) for k, v in cpus.items()}
    print(f"\n| {size / 1e6:.0f} MB, {n:,} signals | median wall | CPU | MB/s (wall) | runs (s) |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name in runs:
        print(
            f"| {name} | {median[name]:.2f} s | {median_cpu[name]:.2f} s |"
            f" {size / 1e6 / median[name]:.0f} | {', '.join(f'{r:.2f}' for r in walls[name])} |"
        )
    pandas_s = median["pandas.read_csv"]
    ratios = {
        "add_csv_vs_pandas": pandas_s / median["add_csv, threads=1"],
        "read_csv_vs_pandas": pandas_s / median["trustscore.read_csv, threads=1"],
        "add_csv_threads_2": median["add_csv, threads=1"] / median["add_csv, threads=2"],
        "read_csv_threads_2": median["trustscore.read_csv, threads=1"]
        / median["trustscore.read_csv, threads=2"],
    }
    print()
    for key, value in ratios.items():
        print(f"{key}: {value:.2f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "signals": n,
                    "megabytes": size / 1e6,
                    "loadtxt_rows": args.loadtxt_rows,
                    "loadtxt_megabytes": slice_size / 1e6,
                    "repeat": args.repeat,
                    "pandas": pd.__version__,
                    "numpy": np.__version__,
                    "cores": os.cpu_count(),
                    "runs": [
                        {
                            "measurement": name,
                            "median_s": median[name],
                            "median_cpu_s": median_cpu[name],
                            "megabytes_per_s": size / 1e6 / median[name],
                            "runs_s": walls[name],
                        }
                        for name in runs
                    ],
                    "ratios": ratios,
                },
                f,
                indent=1,
            )


if __name__ == "__main__":
    main()
