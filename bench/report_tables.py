"""The markdown of bench/report.py: one table per area, each pairing a
trustscore measurement with the baseline measured in the same run.

Ratios are speeds relative to the baseline: a percentage where the baseline is
a bound trustscore cannot beat (a plain loop over the same bytes, raw stdio),
a factor ("14.5x") where the baseline is another library doing the same job.
Targets are those docs/guide/benchmarks.md states; a row with a target says met or not met.

The pieces the tables are built from (Table, Binary, the cell formats) are in
report_cells.py; the page around them (header, summary of targets, runs) is
in report_page.py.
"""

from report_cells import (
    Binary,
    Table,
    bandwidth_row,
    fmt_bytes,
    fmt_items,
    fmt_time,
    pct,
    plural,
    python_step,
    threads_label,
    times,
    verdict,
)

# The binaries that have a table below (the others go to "Other benchmarks").
KNOWN_BINARIES = {
    "bench_kernel",
    "bench_models",
    "bench_store_kinds",
    "bench_persist",
    "bench_graph",
    "bench_edge_prediction",
}


# ---- the tables -------------------------------------------------------------------------

BANDWIDTH_COLUMNS = [
    "case",
    "plain loop (baseline): bytes/s, time",
    "trustscore: bytes/s, time",
    "ratio (trustscore / plain loop, bytes/s)",
    "target",
]


def kernel_table(report):
    bench = Binary(report, "bench_kernel")
    table = Table(
        "kernel",
        BANDWIDTH_COLUMNS,
        "The Beta kernel over caller-owned columns (9 factors) beside a plain loop in the same "
        "binary that reads the same input bytes and writes the same output bytes: the memory "
        "bandwidth the kernel cannot beat. Wall time (threads).",
    )
    for t in (1, 2):
        bandwidth_row(
            table,
            bench,
            f"score and interval, doubles, {threads_label(t)}",
            f"BM_PlainLoop/threads:{t}",
            f"BM_BetaKernel/threads:{t}",
            target=0.85,
        )
    for t in (1, 2):
        bandwidth_row(
            table,
            bench,
            f"also contributions, gains, best lever, {threads_label(t)}",
            f"BM_PlainLoopExplain/threads:{t}",
            f"BM_BetaKernelExplain/threads:{t}",
            target=0.85,
        )
    for t in (1, 2):
        bandwidth_row(
            table,
            bench,
            f"score and interval, floats, {threads_label(t)}",
            f"BM_PlainLoopFloat/threads:{t}",
            f"BM_BetaKernelFloat/threads:{t}",
        )
    if not bench.why:
        step = report["binaries"]["bench_kernel"]
        context = step.get("context", {})
        table.notes.append(
            f"{context.get('entities', '?')} entities x {context.get('factors', '?')} factors; "
            f"kernel path {context.get('kernel_isa', '?')}. The explained kernel's plain loop "
            "moves its bytes: the same inputs, and score, bounds, contributions, gains and best "
            "lever out."
        )
    return table


def models_table(report):
    bench = Binary(report, "bench_models")
    table = Table(
        "models",
        BANDWIDTH_COLUMNS,
        "The batch kernels of `detail/model_batch.hpp` beside a plain loop over the same input "
        "and output columns (sums them).",
    )
    for name, fn in [
        ("wilson (score and interval)", "BM_Wilson"),
        ("bayesian_average", "BM_BayesianAverage"),
        ("dirichlet", "BM_Dirichlet"),
        ("weighted_mean", "BM_WeightedMean"),
    ]:
        for t in (1, 2):
            bandwidth_row(
                table,
                bench,
                f"{name}, {threads_label(t)}",
                f"{fn}Plain/threads:{t}",
                f"{fn}/threads:{t}",
            )
    return table


def store_kinds_table(report):
    bench = Binary(report, "bench_store_kinds")
    table = Table(
        "store_kinds",
        BANDWIDTH_COLUMNS,
        "Every model kind scoring one evidence store (score and interval: the path of the C "
        "ABI, Python and the CLI) beside a plain loop that reads the store's 18 columns and "
        "writes three. dirichlet also reads 45 level columns; its ratio is of bytes/s. Every kind "
        "gives the bits of its plain scalar loop (score_kind_reference) on every path.",
    )
    kinds = {}
    for name, record in bench.matching("BM_StoreKind/").items():
        parts = dict(p.split(":", 1) for p in name.split("/")[1:] if ":" in p)
        if "kind" in parts and "threads" in parts:
            kinds[(int(parts["threads"]), int(parts["kind"]))] = (name, record)
    if bench.why or not kinds:
        table.missing("every kind", bench.why or "skipped: no BM_StoreKind runs in the output")
        return table
    for (threads, _), (name, record) in sorted(kinds.items()):
        label = record.get("label", name)
        bandwidth_row(
            table,
            bench,
            f"{label}, {threads_label(threads)}",
            f"BM_StorePlainLoop/threads:{threads}",
            name.split("/real_time")[0],
            target=0.85,
        )
    return table


def persist_table(report):
    bench = Binary(report, "bench_persist")
    table = Table(
        "persist",
        [
            "operation",
            "raw stdio (baseline): bytes/s, time",
            "trustscore: bytes/s, time",
            "ratio (trustscore / raw stdio, bytes/s)",
            "target",
        ],
        "Saving (then fflush and fsync) and loading an evidence store with the binary archive, "
        "beside fwrite and fread of the same arrays.",
    )
    for label, base_name, ts_name in [
        ("save", "BM_RawFwrite", "BM_SaveBinary"),
        ("load", "BM_RawFread", "BM_LoadBinary"),
    ]:
        bandwidth_row(table, bench, label, base_name, ts_name, target=0.5, entities=False)
    if not bench.why:
        context = report["binaries"]["bench_persist"].get("context", {})
        if "raw_bytes" in context:
            table.notes.append(
                f"{fmt_bytes(int(context['raw_bytes']))} of ids and masses; "
                "files in TRUSTSCORE_BENCH_DIR (default /tmp)."
            )
    return table


def python_table(report):
    data, why = python_step(report, "python_bench")
    table = Table(
        "python",
        [
            "measurement",
            "baseline",
            "trustscore",
            "ratio (baseline time / trustscore time)",
            "target",
        ],
        "One run of `bench/python_bench.py`: the call overhead of `store.score` on one entity "
        "(baseline: the bare ctypes call with prebuilt arguments, the floor), and a store scored "
        "by the package beside the same Beta math in vectorised numpy (checked equal first). "
        "Best of the runs, medians beside.",
    )
    if data is None:
        table.missing("every measurement", why)
        return table
    call, raw = data["call"], data["call"]["raw"]
    raw_cell = (
        f"bare ctypes call: median {fmt_time(raw['median_s'])} (best {fmt_time(raw['best_s'])})"
    )
    for key, label, target in [
        ("score", "one entity, `store.score(model)`", 5e-6),
        ("out", "one entity, `store.score(model, out=previous)`", None),
    ]:
        c = call[key]
        cells = [
            label,
            raw_cell,
            f"median {fmt_time(c['median_s'])} (best {fmt_time(c['best_s'])}, "
            f"CPU {fmt_time(c['best_cpu_s'])})",
            times(raw["median_s"] / c["median_s"]),
        ]
        if target:
            cells.append(verdict(c["median_s"] < target, "< 5 µs (median)"))
        table.row(*cells)
    n, cores, rows = data["entities"], data["cores"], data["throughput"]
    numpy = rows["numpy"]
    numpy_cell = f"numpy: {fmt_time(numpy['best_s'])} ({fmt_items(n / numpy['best_s'])})"
    for key, label, target in [
        ("ts_1", "threads=1", 3),
        ("ts_all", f"threads=0 ({cores} cores)", 3),
        ("ts_all_out", "threads=0, `out=`", None),
        ("ts_explain", "threads=0, `explain=True` (more work than numpy's)", None),
    ]:
        r = rows[key]
        ratio = numpy["best_s"] / r["best_s"]
        cells = [
            f"{n:,} x 9, {label}",
            numpy_cell,
            f"{fmt_time(r['best_s'])} ({fmt_items(n / r['best_s'])}), median {fmt_time(r['median_s'])}",
            times(ratio),
        ]
        if target:
            cells.append(verdict(ratio >= target, f"≥ {target}x numpy"))
        table.row(*cells)
    table.notes.append(
        f"{data['calls']:,} calls per overhead run, {plural(data['repeat'], 'run')}; "
        f"numpy {data['numpy']}, "
        f"Python {data['python']}; scores agree with numpy to {data['max_difference']:.1e}."
    )
    return table


def python_ids_table(report):
    data, why = python_step(report, "python_ids_bench")
    table = Table(
        "python_ids",
        ["entities given as", "trustscore", "ratio (of the by-index throughput)", "target"],
        "Ids through Python against indices: one run of `bench/python_ids_bench.py`, "
        "`store.add` of the same signals with the entities as dense indices and as ids in "
        "each form a user holds them (each form's store checked equal first). Best of the runs.",
    )
    if data is None:
        table.missing("every measurement", why)
        return table
    rows, n = data["rows"], data["signals"]
    base = rows["indices"]["best_s"]
    for form, r in rows.items():
        ratio = base / r["best_s"]
        table.row(
            form,
            f"{fmt_time(r['best_s'])} ({fmt_items(n / r['best_s'], 'signals')}), "
            f"median {fmt_time(r['median_s'])}",
            pct(ratio),
            "" if form == "indices" else verdict(ratio >= 0.5, "≥ 50% of indices"),
        )
    table.notes.append(
        f"{n:,} signals over {data['entities']:,} entities, {plural(data['repeat'], 'run')}; "
        f"numpy {data['numpy']}, pandas {data['pandas']}, Python {data['python']}."
    )
    return table


def graphs_table(report):
    data, why = python_step(report, "graph_bench")
    table = Table(
        "graphs",
        [
            "graph",
            "baseline",
            "trustscore: median wall, CPU",
            "baseline: median wall, CPU",
            "ratio, wall (baseline / trustscore)",
            "ratio, CPU",
            "target",
        ],
        "One run of `bench/graph_bench.py`: EigenTrust (α = 0.15, L1 tolerance 1e-8) from int64 "
        "edge arrays to the trust vector, beside scipy.sparse power iteration (networkx's "
        "`_pagerank_scipy`) and python-igraph's PRPACK (graph build + solve), the results "
        "compared first. trustscore runs on every core of the machine (`threads=0`) "
        "and, beside, on one (`threads=1`, the default); CPU is the process's time, every "
        "thread's. The targets are on wall time with every core, CPU shown beside: ≥ 5x scipy "
        "on both graphs (issue 24; this replaces the graph work's one-core target on the "
        "generated graph), ≥ 2x igraph on Epinions. The one-core rows have no target of their "
        "own: they show that one core stays as fast as before.",
    )
    if data is None:
        table.missing("every graph", why)
        return table
    for skipped in data["skipped"]:
        table.missing(skipped["graph"], f"skipped: {skipped['why']}")
    for graph in data["graphs"]:
        methods = graph["methods"]
        runs = [("trustscore", f"every core ({data['cpus']})")]
        if "trustscore_one_thread" in methods:  # reports from before issue 24 have one run
            runs.append(("trustscore_one_thread", "one core"))
        for ts_key, cores in runs:
            graph_rows(table, graph, methods, ts_key, cores, targets=ts_key == "trustscore")
        l1 = ", ".join(f"{k} {v:.1e}" for k, v in graph["l1"].items())
        table.notes.append(
            f"- {graph['graph']}: n = {graph['nodes']:,}, m = {graph['edges']:,}, "
            f"{graph['dangling']:,} dangling; L1 differences {l1}; trustscore "
            f"{plural(methods['trustscore']['runs'], 'run')}."
        )
    table.notes.append(
        f"- scipy {data['scipy']}, igraph {data['igraph'] or 'not importable'}, "
        f"numpy {data['numpy']}."
    )
    return table


def graph_rows(table, graph, methods, ts_key, cores, targets):
    """The rows of one trustscore run (every core or one) against each baseline."""
    ts = methods[ts_key]
    ts_cell = f"{cores}: {ts['median_s']:.3f} s, {ts['median_cpu_s']:.3f} s"
    for method, label, target in [
        ("scipy", "scipy.sparse power iteration", 5),
        (
            "igraph",
            "igraph PRPACK, build + solve",
            2 if graph["graph"].startswith("Epinions") else None,
        ),
    ]:
        target = target if targets else None
        m = methods.get(method)
        if m is None or "skipped" in m:
            if not targets:  # said once, on the every-core rows
                continue
            table.missing(
                f"{graph['graph']}",
                f"skipped: {m['skipped'] if m else method + ' not run'}",
            )
            continue
        wall, cpu = (
            m["median_s"] / ts["median_s"],
            m["median_cpu_s"] / ts["median_cpu_s"],
        )
        label += f" ({plural(m['runs'], 'run')})"
        cells = [
            graph["graph"],
            label,
            ts_cell,
            f"{m['median_s']:.3f} s, {m['median_cpu_s']:.3f} s",
            times(wall),
            times(cpu),
        ]
        cells.append(verdict(wall >= target, f"≥ {target}x, wall") if target else "")
        table.row(*cells)


def graph_memory_table(report):
    bench = Binary(report, "bench_graph")
    table = Table(
        "graph_memory",
        [
            "graph",
            "nodes, edges",
            "CPU time (wall)",
            "sweeps",
            "CSR arrays (baseline)",
            "peak heap",
            "ratio peak heap / CSR",
            "target",
        ],
        "The C++ path from edge arrays to trust (TrustGraph build + EigenTrust), its peak heap "
        "beside the size of the CSR arrays, 8 (n + 1) + 16 m bytes (the graph's own storage, "
        "which any CSR solver reads).",
    )
    for label, name in [
        ("Epinions, positive edges", "BM_EpinionsEndToEnd"),
        ("generated, ratings all 1 (Gauss–Seidel)", "BM_GeneratedEndToEnd"),
        (
            "generated, ratings in (0, 1] (power iteration)",
            "BM_GeneratedWeightedEndToEnd",
        ),
    ]:
        r, why = bench.get(name)
        if r is None:
            table.missing(label, why)
            continue
        ratio = r["peak_over_csr"]
        table.row(
            label,
            f"{r['nodes']:,.0f}, {r['edges']:,.0f}",
            f"{fmt_time(r['cpu_time'])} " f"({fmt_time(r['real_time'])})",
            f"{r['sweeps']:.0f}",
            f"{r['csr_MB']:.2f} MB",
            f"{r['peak_heap_MB']:.2f} MB",
            f"{ratio:.2f}",
            verdict(ratio <= 1.5, "≤ 1.5"),
        )
    build, _ = bench.get("BM_GeneratedBuild")
    if build:
        table.notes.append(
            f"Building the generated graph alone: {fmt_time(build['cpu_time'])} CPU."
        )
    return table


def edge_prediction_table(report):
    bench = Binary(report, "bench_edge_prediction")
    source = report["environment"].get(
        "TRUSTSCORE_OTC_CSV", "../shared/data/bitcoin-otc/soc-sign-bitcoinotc.csv"
    )
    table = Table(
        "edge_prediction",
        [
            "measurement",
            "trustscore: CPU (wall)",
            "baseline: CPU (wall)",
            "ratio, CPU (baseline / trustscore)",
            "target",
        ],
        f"Leave-one-out over every edge of `{source}` (tolerance 1e-6). Baseline: a whole-graph "
        "fairness–goodness iteration per left-out edge, warm-started from the full solution, "
        "timed on about 1,000 edges and scaled to all of them.",
    )
    loo, why = bench.get("BM_LeaveOneOutOTC")
    local, why_local = bench.get("BM_FairnessGoodnessLocalOTC")
    warm, why_warm = bench.get("BM_FairnessGoodnessGlobalWarmOTC1000")
    edges = int(loo["edges"]) if loo else None
    label = (
        f"fairness and goodness without each edge, all {edges:,} edges"
        if edges
        else "fairness and goodness without each edge"
    )
    if local is None or warm is None or edges is None:
        table.missing(label, why_local or why_warm or why)
    else:
        timed = len(range(0, edges, max(1, edges // 1000)))  # the edges the baseline leaves out
        scale = edges / timed
        table.row(
            label,
            f"{fmt_time(local['cpu_time'])} ({fmt_time(local['real_time'])})",
            f"{fmt_time(warm['cpu_time'] * scale)} ({fmt_time(warm['real_time'] * scale)}), "
            f"{timed:,} edges timed",
            times(warm["cpu_time"] * scale / local["cpu_time"]),
        )
    if loo is None:
        table.missing("whole evaluation, all predictors", why)
    else:
        table.row(
            "whole evaluation (`trustscore graph eval`), all predictors",
            f"{fmt_time(loo['cpu_time'])} ({fmt_time(loo['real_time'])})",
            "—",
            "—",
        )
        table.notes.append(
            f"fairness × goodness: RMSE {loo['fg_rmse']:.3f}, Pearson {loo['fg_pearson']:.3f}."
        )
    return table


def csv_table(report):
    data, why = python_step(report, "csv_bench")
    table = Table(
        "csv",
        [
            "measurement",
            "median wall (CPU)",
            "MB/s",
            "ratio, to pandas (pandas' time / this)",
            "ratio, to threads=1 (threads=1's time / this)",
            "target",
        ],
        "One run of `bench/csv_bench.py`: issue 23's generated file (entity, factor, value, "
        "weight, time, source) parsed by the library's reader (into a store with "
        "`EvidenceStore.add_csv`, into a DataFrame with `trustscore.read_csv`), by "
        "`pandas.read_csv` (its default parser) and by `numpy.loadtxt` (dtype str, on a slice, "
        "scaled by bytes).",
    )
    if data is None:
        table.missing("every measurement", why)
        return table
    runs = {r["measurement"]: r for r in data["runs"]}
    pandas_s = runs["pandas.read_csv"]["median_s"]
    for name, r in runs.items():
        cells = [
            name,
            f"{r['median_s']:.2f} s ({r['median_cpu_s']:.2f} s)",
            f"{r['megabytes_per_s']:.0f}",
        ]
        if name.endswith("threads=1"):
            ratio = pandas_s / r["median_s"]
            speed = r["megabytes_per_s"]
            cells += [
                times(ratio),
                "—",
                verdict(speed >= 300, "≥ 300 MB/s one core")
                + "; "
                + verdict(ratio >= 10, "≥ 10x pandas"),
            ]
        elif name.endswith("threads=2"):
            one = runs[name.replace("threads=2", "threads=1")]["median_s"]
            cells += [
                times(pandas_s / r["median_s"]),
                times(one / r["median_s"]),
                verdict(one / r["median_s"] >= 1.7, "≥ 1.7x on 2 threads"),
            ]
        elif name.startswith("numpy"):
            cells += [times(pandas_s / r["median_s"]), "—", ""]
        else:
            cells += ["—", "—", ""]
        table.row(*cells)
    table.notes.append(
        f"{data['signals']:,} signals, {data['megabytes']:.0f} MB; medians of {data['repeat']}; "
        f"numpy.loadtxt on the first {data['loadtxt_rows']:,} rows "
        f"({data['loadtxt_megabytes']:.1f} MB); pandas {data['pandas']}, numpy {data['numpy']}; "
        f"{data['cores']} cores shared with other work (CPU time is this process's, all threads)."
    )
    return table


def dask_table(report):
    data, why = python_step(report, "dask_bench")
    table = Table(
        "dask",
        [
            "configuration",
            "input",
            "dask: median wall (CPU s, all processes)",
            "one process, add_csv + score (baseline)",
            "ratio (baseline time / dask time)",
            "target",
        ],
        "One run of `bench/dask_bench.py`: from CSV files (or from signals already persisted in "
        "the workers' memory) to a pandas table of scores, with `trustscore.dask` on a "
        "LocalCluster of 1 and 2 worker processes, beside one process reading the files with "
        "the C reader. On 2 cores shared with other work, two workers rarely get two cores.",
    )
    if data is None:
        table.missing("every configuration", why)
        return table
    runs = {(r["configuration"], r["input"]): r for r in data["runs"]}
    base = runs[("one process (add_csv, score)", "files")]
    base_cell = f"{base['median_s']:.2f} s ({base['median_cpu_s']:.1f})"
    for (config, source), r in runs.items():
        if config.startswith("one process"):
            continue
        ratio = base["median_s"] / r["median_s"]
        cells = [
            config,
            source,
            f"{r['median_s']:.2f} s ({r['median_cpu_s']:.1f})",
            base_cell,
            times(ratio),
        ]
        if (config, source) == ("dask, 1 worker", "files"):
            cells.append(verdict(ratio >= 0.8, "≥ 0.8x one process"))
        table.row(*cells)
    for source, efficiency in data["scaling_efficiency"].items():
        table.row(
            "scaling efficiency: throughput(2 workers) / (2 x throughput(1 worker))",
            source,
            "",
            "",
            pct(efficiency),
            verdict(efficiency >= 0.85, "≥ 85%") if source == "files" else "",
        )
    one, two = runs[("dask, 1 worker", "files")], runs[("dask, 2 workers", "files")]
    table.notes.append(
        f"CPU seconds, files: {one['median_cpu_s']:.1f} with 1 worker, "
        f"{two['median_cpu_s']:.1f} with 2 (all processes): the work two workers add."
    )
    if not data.get("dask_malloc", True):
        table.notes.append(
            "Workers run without dask's MALLOC_TRIM_THRESHOLD_=65536 (with it, glibc maps "
            "every large buffer afresh and the CSV reader runs about 4x slower)."
        )
    table.notes.append(
        f"{data['signals']:,} signals about {data['entities']:,} entities in {data['files']} "
        f"files ({data['megabytes']:.0f} MB); medians of {data['repeat']}; dask {data['dask']}."
    )
    return table
