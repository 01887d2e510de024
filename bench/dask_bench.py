#!/usr/bin/env python3
"""Throughput of trustscore.dask with 1 and 2 worker processes, beside one
process, in one run:

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/dask_bench.py [--entities 200000] [--files 8] [--repeat 3]

A folder of signal CSV files (--signals-per-entity signals per entity, unix
seconds, an entity's signals spread over all files) is written once. Then,
end to end from the files to a pandas table of scores and intervals:

- one process: EvidenceStore.add_csv of every file (the C reader), then
  store.score(model, as_frame=True), the fastest single-process path;
- trustscore.dask.read_csv + trustscore.dask.score + compute() on a
  distributed.LocalCluster of 1 and of 2 worker processes (1 thread each);
- the same from a dask DataFrame already in the workers' memory
  (persisted), which leaves out reading and parsing the files.

Each is run once untimed (imports, worker start-up) and timed --repeat times;
the median is reported, with the median CPU seconds of every process taking
part (workers, client and scheduler), which other load on the machine moves
less than the wall time. The dask results are checked equal to the
single-process scores to 1e-12 first. Prints a markdown table and the scaling
efficiency, throughput(2 workers) / (2 x throughput(1 worker)).
"""

import argparse
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

import dask  # noqa: E402
from distributed import Client, LocalCluster, wait  # noqa: E402

import trustscore as ts  # noqa: E402
import trustscore.dask as tsd  # noqa: E402

T = 1_750_000_000.0
DAY = 86400.0


def write_files(folder, entities, per_entity, files, seed=1):
    rng = np.random.default_rng(seed)
    n = entities * per_entity
    factors = np.array(ts.Model().factors)
    ids = np.char.add("m", np.char.zfill(np.arange(entities).astype(str), 8))
    frame = pd.DataFrame({
        "entity": ids[rng.integers(0, entities, n)],
        "factor": factors[rng.integers(0, len(factors), n)],
        "value": rng.integers(0, 5, n) / 4,
        "weight": np.round(rng.random(n) * 3, 3),
        "time": T - np.floor(rng.random(n) * 800 * DAY),
    })
    for k, part in enumerate(np.array_split(np.arange(n), files)):
        frame.iloc[part].to_csv(os.path.join(folder, f"signals-{k:03d}.csv"), index=False)
    return n


def one_process(folder, model):
    store = ts.EvidenceStore(model)
    for name in sorted(os.listdir(folder)):
        store.add_csv(os.path.join(folder, name))
    return store.score(model, as_frame=True)


def timed(repeat, fn, cpu):
    """Median wall seconds, the runs, and median CPU seconds (cpu(): CPU
    seconds used so far by every process taking part)."""
    fn()  # warm-up, untimed
    times, cpus = [], []
    for _ in range(repeat):
        cpu_start, start = cpu(), time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        cpus.append(cpu() - cpu_start)
    return statistics.median(times), times, statistics.median(cpus)


def process_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cluster_cpu(client):
    """CPU seconds of the worker processes and of this one (client and
    scheduler); a restarted worker would reset its count, none is here."""
    return sum(client.run(process_cpu).values()) + process_cpu()


def check_equal(got, want):
    got = got.loc[want.index]
    worst = float(np.nanmax(np.abs(got.to_numpy() - want.to_numpy())))
    if len(got) != len(want) or not worst <= 1e-12:
        sys.exit(f"dask scores differ from one process: {worst}")
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, default=200_000)
    parser.add_argument("--signals-per-entity", type=int, default=8)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    model = ts.Model()
    rows = []
    with tempfile.TemporaryDirectory(prefix="trustscore-dask-bench-") as folder:
        n = write_files(folder, args.entities, args.signals_per_entity, args.files)
        mb = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6
        print(f"{n:,} signals, {args.entities:,} entities, {args.files} files, {mb:.0f} MB,"
              f" {os.cpu_count()} cores", file=sys.stderr)

        want = one_process(folder, model)
        rows.append(("one process (add_csv, score)", "files",
                     *timed(args.repeat, lambda: one_process(folder, model), process_cpu)))

        pattern = os.path.join(folder, "*.csv")
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                              memory_limit=0, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                def from_files():
                    signals = tsd.read_csv(pattern, blocksize=None)
                    return tsd.score(signals, model).compute()

                worst = check_equal(from_files(), want)
                name = f"dask, {workers} worker{'s' if workers > 1 else ''}"
                cpu = lambda: cluster_cpu(client)  # noqa: E731
                rows.append((name, "files", *timed(args.repeat, from_files, cpu)))

                signals = tsd.read_csv(pattern, blocksize=None).persist()
                wait(signals)
                rows.append((name, "memory",
                             *timed(args.repeat, lambda: tsd.score(signals, model).compute(), cpu)))
                del signals
        print(f"dask scores equal to one process's (largest difference {worst:.1e})", file=sys.stderr)

    print(f"\n| {n:,} signals, {args.entities:,} entities | input | wall, median of {args.repeat} |"
          " signals/s | entities/s | CPU s | runs (s) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    throughput = {}
    for name, source, seconds, runs, cpu_seconds in rows:
        throughput[(name, source)] = n / seconds
        print(f"| {name} | {source} | {seconds:.2f} s | {n / seconds / 1e6:.2f} M |"
              f" {args.entities / seconds / 1e6:.3f} M | {cpu_seconds:.1f} |"
              f" {', '.join(f'{r:.2f}' for r in runs)} |")
    print()
    for source in ("files", "memory"):
        one, two = throughput[("dask, 1 worker", source)], throughput[("dask, 2 workers", source)]
        print(f"scaling efficiency from {source}: {two:,.0f} / (2 x {one:,.0f}) signals/s"
              f" = {two / (2 * one):.0%}")


if __name__ == "__main__":
    dask.config.set({"distributed.worker.memory.target": False, "distributed.worker.memory.spill": False})
    main()
