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

Both clusters are up for the whole run. Their worker processes start
without dask's default MALLOC_TRIM_THRESHOLD_=65536 (the nanny's
pre-spawn-environ), under which glibc maps and unmaps every large buffer
and the library's CSV reader runs about 4x slower; --dask-malloc keeps it. Each configuration is run once
untimed (imports, warm-up; its result checked), then --repeat rounds run every
configuration in turn; the median is reported, with the median CPU seconds of every process taking
part (workers, client and scheduler), which other load on the machine moves
less than the wall time. The dask results are checked equal to the
single-process scores to 1e-12 first. Prints a markdown table and the scaling
efficiency, throughput(2 workers) / (2 x throughput(1 worker)); --json PATH
also writes the numbers there (bench/report.py reads them).
"""

import argparse
import functools
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
    frame = pd.DataFrame(
        {
            "entity": ids[rng.integers(0, entities, n)],
            "factor": factors[rng.integers(0, len(factors), n)],
            "value": rng.integers(0, 5, n) / 4,
            "weight": np.round(rng.random(n) * 3, 3),
            "time": T - np.floor(rng.random(n) * 800 * DAY),
        }
    )
    for k, part in enumerate(np.array_split(np.arange(n), files)):
        frame.iloc[part].to_csv(os.path.join(folder, f"signals-{k:03d}.csv"), index=False)
    return n


def one_process(folder, model):
    store = ts.EvidenceStore(model)
    for name in sorted(os.listdir(folder)):
        store.add_csv(os.path.join(folder, name))
    return store.score(model, as_frame=True)


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
    parser.add_argument("--json", metavar="PATH", help="also write the numbers as JSON here")
    parser.add_argument(
        "--dask-malloc",
        action="store_true",
        help="keep dask's MALLOC_TRIM_THRESHOLD_ for the workers (slow large allocations)",
    )
    args = parser.parse_args()
    if not args.dask_malloc:
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
        environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        dask.config.set({"distributed.nanny.pre-spawn-environ": environ})

    model = ts.Model()
    with tempfile.TemporaryDirectory(prefix="trustscore-dask-bench-") as folder, LocalCluster(
        n_workers=1, processes=True, threads_per_worker=1, memory_limit=0, dashboard_address=":0"
    ) as cluster1, LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, memory_limit=0, dashboard_address=":0"
    ) as cluster2, Client(
        cluster1, set_as_default=False
    ) as client1, Client(
        cluster2, set_as_default=False
    ) as client2:
        n = write_files(folder, args.entities, args.signals_per_entity, args.files)
        mb = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6
        print(
            f"{n:,} signals, {args.entities:,} entities, {args.files} files, {mb:.0f} MB,"
            f" {os.cpu_count()} cores, workers with"
            f" {'dask' if args.dask_malloc else 'glibc'}'s malloc settings",
            file=sys.stderr,
        )
        pattern = os.path.join(folder, "*.csv")

        def from_files(client):
            return tsd.score(tsd.read_csv(pattern, blocksize=None), model).compute(scheduler=client)

        def from_memory(client, persisted):
            return tsd.score(persisted, model).compute(scheduler=client)

        runs = {
            ("one process (add_csv, score)", "files"): (
                lambda: one_process(folder, model),
                process_cpu,
            )
        }
        for name, client in (("dask, 1 worker", client1), ("dask, 2 workers", client2)):
            persisted = client.persist(tsd.read_csv(pattern, blocksize=None))
            with client.as_current():
                wait(persisted)
            cpu = functools.partial(cluster_cpu, client)
            runs[(name, "files")] = (functools.partial(from_files, client), cpu)
            runs[(name, "memory")] = (functools.partial(from_memory, client, persisted), cpu)

        want = one_process(folder, model)
        worst = max(check_equal(fn(), want) for fn, _ in runs.values())  # also the warm-up
        print(
            f"dask scores equal to one process's (largest difference {worst:.1e})", file=sys.stderr
        )
        # Rounds of every configuration in turn, so that load from elsewhere
        # on the machine falls on all of them alike rather than on one.
        walls = {key: [] for key in runs}
        cpus = {key: [] for key in runs}
        for _ in range(args.repeat):
            for key, (fn, cpu) in runs.items():
                cpu_start, start = cpu(), time.perf_counter()
                fn()
                walls[key].append(time.perf_counter() - start)
                cpus[key].append(cpu() - cpu_start)

    print(
        f"\n| {n:,} signals, {args.entities:,} entities | input | wall, median of {args.repeat} |"
        " signals/s | entities/s | CPU s | runs (s) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    throughput = {}
    for key in runs:
        seconds = statistics.median(walls[key])
        throughput[key] = n / seconds
        print(
            f"| {key[0]} | {key[1]} | {seconds:.2f} s | {n / seconds / 1e6:.2f} M |"
            f" {args.entities / seconds / 1e6:.3f} M | {statistics.median(cpus[key]):.1f} |"
            f" {', '.join(f'{r:.2f}' for r in walls[key])} |"
        )
    print()
    efficiency = {}
    for source in ("files", "memory"):
        one, two = throughput[("dask, 1 worker", source)], throughput[("dask, 2 workers", source)]
        efficiency[source] = two / (2 * one)
        print(
            f"scaling efficiency from {source}: {two:,.0f} / (2 x {one:,.0f}) signals/s"
            f" = {two / (2 * one):.0%}"
        )
    if args.json:
        runs_json = [
            {
                "configuration": key[0],
                "input": key[1],
                "median_s": statistics.median(walls[key]),
                "median_cpu_s": statistics.median(cpus[key]),
                "runs_s": walls[key],
            }
            for key in runs
        ]
        with open(args.json, "w") as f:
            json.dump(
                {
                    "signals": n,
                    "entities": args.entities,
                    "files": args.files,
                    "megabytes": mb,
                    "repeat": args.repeat,
                    "dask": dask.__version__,
                    "dask_malloc": args.dask_malloc,
                    "runs": runs_json,
                    "scaling_efficiency": efficiency,
                },
                f,
                indent=1,
            )


if __name__ == "__main__":
    dask.config.set(
        {"distributed.worker.memory.target": False, "distributed.worker.memory.spill": False}
    )
    main()
