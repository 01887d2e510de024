#!/usr/bin/env python3
"""EigenTrust / PageRank end to end, in one run: trustscore (the Python package
over the C ABI) against scipy.sparse power iteration and python-igraph's
PageRank (PRPACK), on

(a) Epinions, positive edges (SNAP soc-sign-epinions; J. Leskovec,
    D. Huttenlocher, J. Kleinberg, "Signed Networks in Social Media", CHI 2010),
    read from ../shared/data/epinions (or --epinions PATH);
(b) a generated graph of 1,000,000 node ids and 10,000,000 edges (--seed,
    default 1): sources and targets drawn independently with probability
    proportional to rank^-0.8 over two independent random orders of the nodes
    (skewed out- and in-degrees, hubs up to ~1% of the edges; nodes with no
    out-edge dangle), self-loops and duplicate pairs dropped, edges shuffled.

Both graphs are prepared before any timing: self-loops and duplicate pairs
are removed and node ids relabelled 0..n-1 over the nodes that have an edge,
so that all three solve the same problem: PageRank with damping 0.85
(trustscore's alpha = 0.15 is the teleport weight), uniform teleport, dangling
nodes jumping uniformly, unweighted edges. Each timed call starts from int64
numpy arrays (source, target) and ends with the trust vector:

- trustscore: ts.eigentrust(s, t, ones, alpha=0.15, tolerance=1e-8,
  threads=0): maps ids, builds the in-neighbour lists in C++ and solves (the
  C++ side stops when one sweep changes the vector by less than 1e-8 in L1),
  on every core of the machine (threads=0, the default); and again on one
  core (threads=1).
- scipy: the networkx _pagerank_scipy recipe: csr_array from (ones, (s, t)),
  rows scaled by 1/out-degree, x = 0.85 (x @ A + sum(x[dangling]) / n) +
  0.15 / n from x = 1/n until ||x_new - x||_1 < 1e-8.
- igraph: Graph(n, edges, directed=True) from the (m, 2) array, then
  pagerank(damping=0.85, implementation="prpack") (PRPACK's own fixed
  tolerance, 1e-10), the edges passed as a list of int pairs. Its
  construction and solve are also shown apart (medians of the same runs).

Each is run --repeat times (default 5; igraph --igraph-repeat, default 3);
the table shows medians (and the
fastest) and the ratios of the medians, to trustscore's on every core. CPU
time is the process's (every thread's), so a run on several cores shows the
work of all of them. The three results are compared in L1
before timing. Run with the Release library:

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/graph_bench.py [--repeat 5] [--seed 1]

--json PATH also writes the measured numbers there (bench/report.py reads them).
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "bindings", "python"))

import trustscore as ts  # noqa: E402

try:
    import igraph
except ImportError:  # reported in the table
    igraph = None

ALPHA = 0.15  # teleport; damping 0.85
TOL = 1e-8


def relabel(s, t):
    """Drops self-loops and duplicate pairs; ids to 0..n-1 over nodes with an edge."""
    keep = s != t
    s, t = s[keep], t[keep]
    ids, dense = np.unique(np.concatenate([s, t]), return_inverse=True)
    n = len(ids)
    s, t = dense[: len(s)].astype(np.int64), dense[len(s) :].astype(np.int64)
    key = s * n + t
    _, first = np.unique(key, return_index=True)
    first.sort()  # keep input order
    return n, np.ascontiguousarray(s[first]), np.ascontiguousarray(t[first])


def epinions(path):
    with gzip.open(path, "rt") as f:
        data = np.loadtxt(f, dtype=np.int64, comments="#")
    positive = data[:, 2] > 0
    return relabel(data[positive, 0], data[positive, 1])


def generated(nodes, edges, seed):
    rng = np.random.default_rng(seed)
    weight = 1.0 / np.arange(1, nodes + 1) ** 0.8
    weight /= weight.sum()
    draw = int(edges * 1.15)  # room for the self-loops and duplicates dropped
    out_order, in_order = rng.permutation(nodes), rng.permutation(nodes)
    s = out_order[rng.choice(nodes, size=draw, p=weight)]
    t = in_order[rng.choice(nodes, size=draw, p=weight)]
    keep = s != t
    s, t = s[keep], t[keep]
    _, first = np.unique(s * nodes + t, return_index=True)
    first = rng.permutation(first)[:edges]
    return relabel(s[first], t[first])


def run_trustscore(n, s, t, threads=0):
    r = ts.eigentrust(s, t, np.ones(len(s)), alpha=ALPHA, tolerance=TOL, threads=threads)
    assert len(r.trust) == n
    return r.trust


def run_scipy(n, s, t):
    A = sp.csr_array((np.ones(len(s)), (s, t)), shape=(n, n))
    S = A.sum(axis=1)
    nonzero = S != 0
    S[nonzero] = 1.0 / S[nonzero]
    A = (
        sp.csr_array(sp.diags_array(S) @ A)
        if hasattr(sp, "diags_array")
        else sp.csr_array(sp.spdiags(S, 0, n, n) @ A)
    )
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    dangling = np.flatnonzero(~nonzero)
    damping = 1 - ALPHA
    for _ in range(1000):
        last = x
        x = damping * (x @ A + x[dangling].sum() * p) + ALPHA * p
        if np.abs(x - last).sum() < TOL:
            return x
    raise RuntimeError("scipy power iteration did not converge")


def igraph_build(n, s, t):
    # Pairs of Python ints: igraph's fastest of the ways tried (an (m, 2)
    # numpy array or its .tolist() were slower).
    return igraph.Graph(n=n, edges=list(zip(s.tolist(), t.tolist())), directed=True)


def igraph_solve(g):
    return np.array(g.pagerank(damping=1 - ALPHA, directed=True, implementation="prpack"))


def run_igraph(n, s, t):
    return igraph_solve(igraph_build(n, s, t))


def timed(repeat, fn, *args):
    """Median and fastest wall time, and median CPU time of the process (every
    thread's: trustscore on several cores runs threads of its own; CPU time
    leaves out waiting for a core)."""
    wall, cpu = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn(*args)
        wall.append(time.perf_counter() - t0), cpu.append(time.process_time() - c0)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def bench(name, n, s, t, repeat, igraph_repeat, rows, graphs):
    dangling = int(np.count_nonzero(np.bincount(s, minlength=n) == 0))
    print(
        f"{name}: n = {n:,} nodes, m = {len(s):,} edges, {dangling:,} dangling",
        flush=True,
    )
    x_ts, x_sp = run_trustscore(n, s, t), run_scipy(n, s, t)
    print(f"  L1(trustscore - scipy) = {np.abs(x_ts - x_sp).sum():.2e}")
    # For --json: the same numbers as the table, per graph and method.
    graph = {
        "graph": name,
        "nodes": n,
        "edges": len(s),
        "dangling": dangling,
        "l1": {"trustscore-scipy": float(np.abs(x_ts - x_sp).sum())},
        "methods": {},
    }
    graphs.append(graph)
    x_ig = None
    if igraph is not None:
        x_ig = run_igraph(n, s, t)
        print(
            f"  L1(trustscore - igraph) = {np.abs(x_ts - x_ig).sum():.2e}, "
            f"L1(scipy - igraph) = {np.abs(x_sp - x_ig).sum():.2e}"
        )
        graph["l1"]["trustscore-igraph"] = float(np.abs(x_ts - x_ig).sum())
        graph["l1"]["scipy-igraph"] = float(np.abs(x_sp - x_ig).sum())
    for a, b in [(x_ts, x_sp)] + ([(x_ts, x_ig)] if x_ig is not None else []):
        if np.abs(a - b).sum() > 1e-6:
            raise SystemExit("the results differ by more than 1e-6 in L1")
    x_one = run_trustscore(n, s, t, 1)
    print(f"  L1(trustscore on every core - on one) = {np.abs(x_ts - x_one).sum():.2e}")
    graph["l1"]["trustscore-one_thread"] = float(np.abs(x_ts - x_one).sum())
    # Alternated, so that a busy spell of the machine falls on both.
    all_runs, one_runs = [], []
    for _ in range(repeat):
        all_runs.append(timed(1, run_trustscore, n, s, t, 0))
        one_runs.append(timed(1, run_trustscore, n, s, t, 1))
    med = statistics.median

    def summary(runs):
        return med(r[0] for r in runs), min(r[0] for r in runs), med(r[2] for r in runs)

    ts_med, ts_min, ts_cpu = summary(all_runs)
    one_med, one_min, one_cpu = summary(one_runs)
    sp_med, sp_min, sp_cpu = timed(repeat, run_scipy, n, s, t)
    base = (ts_med, ts_cpu)
    cores = os.cpu_count()
    rows.append((name, f"trustscore, every core ({cores})", ts_med, ts_min, ts_cpu, base))
    rows.append((name, "trustscore, one core", one_med, one_min, one_cpu, base))
    rows.append((name, "scipy.sparse power iteration", sp_med, sp_min, sp_cpu, base))
    graph["methods"]["trustscore"] = {
        "median_s": ts_med,
        "fastest_s": ts_min,
        "median_cpu_s": ts_cpu,
        "runs": repeat,
        "threads": cores,
    }
    graph["methods"]["trustscore_one_thread"] = {
        "median_s": one_med,
        "fastest_s": one_min,
        "median_cpu_s": one_cpu,
        "runs": repeat,
        "threads": 1,
    }
    graph["methods"]["scipy"] = {
        "median_s": sp_med,
        "fastest_s": sp_min,
        "median_cpu_s": sp_cpu,
        "runs": repeat,
    }
    if igraph is None:
        rows.append(
            (
                name,
                "igraph: not importable (apt install python3-igraph)",
                None,
                None,
                None,
                None,
            )
        )
        graph["methods"]["igraph"] = {"skipped": "igraph not importable"}
        return
    build, solve, total, cpu = [], [], [], []
    for _ in range(igraph_repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        g = igraph_build(n, s, t)
        t1 = time.perf_counter()
        igraph_solve(g)
        t2 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        build.append(t1 - t0), solve.append(t2 - t1), total.append(t2 - t0)
        del g
    rows.append(
        (
            name,
            f"igraph PRPACK (build + solve; {igraph_repeat} runs)",
            med(total),
            min(total),
            med(cpu),
            base,
        )
    )
    rows.append((name, "  igraph build only", med(build), min(build), None, None))
    rows.append((name, "  igraph PRPACK solve only", med(solve), min(solve), None, None))
    graph["methods"]["igraph"] = {
        "median_s": med(total),
        "fastest_s": min(total),
        "median_cpu_s": med(cpu),
        "build_median_s": med(build),
        "solve_median_s": med(solve),
        "runs": igraph_repeat,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--epinions",
        default=os.path.join(REPO, "..", "shared", "data", "epinions", "soc-sign-epinions.txt.gz"),
    )
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--edges", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--igraph-repeat",
        type=int,
        default=3,
        help="runs of igraph (slow: tens of seconds on the generated graph)",
    )
    ap.add_argument("--skip-igraph", action="store_true", help="leave igraph out (quick runs)")
    ap.add_argument("--skip-generated", action="store_true")
    ap.add_argument("--skip-epinions", action="store_true")
    ap.add_argument("--json", metavar="PATH", help="also write the numbers as JSON here")
    args = ap.parse_args()
    if args.skip_igraph:
        global igraph
        igraph = None

    print(
        f"trustscore {ts.__version__ if hasattr(ts, '__version__') else ''}, numpy {np.__version__}, "
        f"scipy {scipy.__version__}, "
        f"igraph {igraph.__version__ if igraph else 'not importable'}; {os.cpu_count()} CPUs"
    )
    rows, graphs, skipped = [], [], []
    if args.skip_epinions:
        skipped.append({"graph": "Epinions (positive)", "why": "--skip-epinions"})
    elif os.path.exists(args.epinions):
        bench(
            "Epinions (positive)",
            *epinions(args.epinions),
            args.repeat,
            args.igraph_repeat,
            rows,
            graphs,
        )
    else:
        print(f"Epinions not found at {args.epinions}: skipped")
        skipped.append({"graph": "Epinions (positive)", "why": f"{args.epinions} not found"})
    if not args.skip_generated:
        bench(
            f"generated ({args.nodes:,} ids, {args.edges:,} edges, seed {args.seed})",
            *generated(args.nodes, args.edges, args.seed),
            args.repeat,
            args.igraph_repeat,
            rows,
            graphs,
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "numpy": np.__version__,
                    "scipy": scipy.__version__,
                    "igraph": igraph.__version__ if igraph else None,
                    "cpus": os.cpu_count(),
                    "tolerance": TOL,
                    "alpha": ALPHA,
                    "graphs": graphs,
                    "skipped": skipped,
                },
                f,
                indent=1,
            )

    print()
    print(
        "| graph | method | median s | fastest s | median CPU s | wall / trustscore's | CPU / trustscore's |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for graph, method, med, fastest, cpu, base in rows:
        cell = lambda x: "" if x is None else f"{x:.3f}"  # noqa: E731
        wall_ratio = "" if base is None or med is None else f"{med / base[0]:.1f}x"
        cpu_ratio = "" if base is None or cpu is None else f"{cpu / base[1]:.1f}x"
        print(
            f"| {graph} | {method} | {cell(med)} | {cell(fastest)} | {cell(cpu)} | {wall_ratio} | {cpu_ratio} |"
        )


if __name__ == "__main__":
    main()
