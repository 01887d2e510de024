"""The markdown of bench/report.py: one table per area, each pairing a
trustscore measurement with the baseline measured in the same run.

Ratios are speeds relative to the baseline: a percentage where the baseline is
a bound trustscore cannot beat (a plain loop over the same bytes, raw stdio),
a factor ("14.5x") where the baseline is another library doing the same job.
Targets are those the README states; a row with a target says met or not met.
"""

# One "## " heading per table, in this order (bench/check_report.py looks for each).
HEADINGS = {
    "kernel": "Beta kernel against a plain loop (bench_kernel)",
    "models": "Batch model kernels against plain loops (bench_models)",
    "store_kinds": "Model kinds scoring a store against a plain loop (bench_store_kinds)",
    "persist": "Saving and loading against raw stdio (bench_persist)",
    "python": "Python package (C ABI) against numpy (python_bench.py)",
    "graphs": "EigenTrust against scipy.sparse and igraph (graph_bench.py)",
    "graph_memory": "Trust graph memory, C++ (bench_graph)",
    "edge_prediction": "Bitcoin OTC leave-one-out (bench_edge_prediction)",
    "dask": "trustscore.dask against one process (dask_bench.py)",
}
# Short names of the areas, for the summary of targets.
AREAS = {
    "kernel": "Beta kernel",
    "models": "batch model kernels",
    "store_kinds": "model kinds",
    "persist": "persistence",
    "python": "Python vs numpy",
    "graphs": "EigenTrust vs scipy/igraph",
    "graph_memory": "graph memory",
    "edge_prediction": "OTC leave-one-out",
    "dask": "trustscore.dask",
}
KNOWN_BINARIES = {
    "bench_kernel",
    "bench_models",
    "bench_store_kinds",
    "bench_persist",
    "bench_graph",
    "bench_edge_prediction",
}

# ---- numbers ----------------------------------------------------------------------------


def three_digits(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def fmt_time(s):
    for scale, unit in [(1, "s"), (1e-3, "ms"), (1e-6, "µs")]:
        if s >= scale:
            return f"{three_digits(s / scale)} {unit}"
    return f"{s * 1e9:.0f} ns"


def fmt_bytes(n):
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def fmt_rate(bytes_per_second):
    if bytes_per_second >= 1e9:
        return f"{bytes_per_second / 1e9:.2f} GB/s"
    return f"{bytes_per_second / 1e6:.0f} MB/s"


def fmt_items(items_per_second, what="entities"):
    return f"{items_per_second / 1e6:.1f} M {what}/s"


def pct(ratio):
    return f"{ratio * 100:.0f}%"


def times(ratio):
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.1f}x"


def verdict(met, text):
    return f"{text}: **met**" if met else f"{text}: not met"


def load(values):
    return " / ".join(f"{v:.2f}" for v in values)


# ---- where the numbers come from --------------------------------------------------------


def exit_text(returncode):
    if returncode is not None and returncode < 0:
        return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


class Binary:
    """One bench binary's medians, or why there are none."""

    def __init__(self, report, name):
        self.name = name
        step = report["binaries"].get(name)
        self.benchmarks, self.why = {}, None
        if step is None:
            if report["only"] and name not in report["only"]:
                self.why = "skipped: not selected (--only)"
            else:
                self.why = f"skipped: {name} is not built in {report['bench_dir']}"
        elif step["status"] == "failed":
            last = step.get("why") or (step["stderr_tail"][-1] if step["stderr_tail"] else "")
            self.why = f"failed: {name} {exit_text(step['returncode'])}: {last}"
        elif step["status"] == "skipped":
            self.why = f"skipped: {step['why']}"
        else:
            self.benchmarks = step["benchmarks"]

    def get(self, prefix):
        """(record, None) for the run named prefix (or prefix/...), else (None, why)."""
        if self.why:
            return None, self.why
        for name, record in self.benchmarks.items():
            if name == prefix or name.startswith(prefix + "/"):
                if "error" in record:
                    return None, f"skipped: {record['error']}"
                return record, None
        return None, f"skipped: {prefix} not in {self.name}'s output"

    def matching(self, prefix):
        return {k: v for k, v in self.benchmarks.items() if k.startswith(prefix)}


def python_step(report, name):
    """(numbers, None) of a Python baseline, else (None, why)."""
    step = report["python"].get(name)
    if step is None:
        return None, "skipped: not selected (--only)"
    if step["status"] == "failed":
        last = step.get("why") or (step["stderr_tail"][-1] if step.get("stderr_tail") else "")
        return None, f"failed: {name} {exit_text(step.get('returncode'))}: {last}"
    if step["status"] == "skipped":
        return None, f"skipped: {step['why']}"
    return step["data"], None


class Table:
    def __init__(self, key, columns, intro=""):
        self.key, self.heading, self.columns, self.intro = key, HEADINGS[key], columns, intro
        self.rows, self.notes, self.targets = [], [], []

    def row(self, *cells):
        cells = list(cells) + [""] * (len(self.columns) - len(cells))
        self.rows.append(cells)
        if "target" in self.columns and cells[self.columns.index("target")]:
            # For the summary: the row's ratios (named by their column where there are several).
            ratios = [(c, cells[i]) for i, c in enumerate(self.columns) if c.startswith("ratio")]
            ratio = (
                ratios[0][1]
                if len(ratios) == 1
                else ", ".join(f"{v} {c.split(',')[1].split('(')[0].strip()}" for c, v in ratios)
            )
            label = " ".join(cells[:2]) if self.key == "graphs" else cells[0]
            self.targets.append(
                [AREAS[self.key], label, ratio, cells[self.columns.index("target")]]
            )

    def missing(self, label, why):
        """A row saying why a measurement is absent ("skipped: ..." or "failed: ...")."""
        self.row(label, why)

    def markdown(self):
        lines = [f"## {self.heading}", ""]
        if self.intro:
            lines += [self.intro, ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append(
            "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(self.columns))) + " |"
        )
        lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in self.rows]
        if self.notes:
            lines += [""] + self.notes
        return "\n".join(lines) + "\n"


def plural(n, word):
    return f"{n} {word}" + ("s" if n != 1 else "")


def threads_label(t):
    return plural(t, "thread")


def bandwidth_row(table, bench, label, base_name, ts_name, target=None, entities=True):
    """A trustscore benchmark beside its plain loop: both bytes/s (the loop's is
    the bound), ratio of bytes/s (equal to the ratio of speeds when both move
    the same bytes)."""
    base, why = bench.get(base_name)
    ts, why_ts = bench.get(ts_name)
    if base is None or ts is None:
        table.missing(label, why or why_ts)
        return
    ratio = ts["bytes_per_second"] / base["bytes_per_second"]
    ts_cell = f"{fmt_rate(ts['bytes_per_second'])}, {fmt_time(ts['real_time'])}"
    if entities and "items_per_second" in ts:
        ts_cell += f" ({fmt_items(ts['items_per_second'])})"
    cells = [
        label,
        f"{fmt_rate(base['bytes_per_second'])}, {fmt_time(base['real_time'])}",
        ts_cell,
        pct(ratio),
    ]
    if target is not None:
        cells.append(verdict(ratio >= target, f"≥ {pct(target)}"))
    table.row(*cells)


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
            f"BM_PlainLoop/threads:{t}",
            f"BM_BetaKernelExplain/threads:{t}",
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
            f"kernel path {context.get('kernel_isa', '?')}. The explained kernel moves more "
            "bytes per entity; its ratio is of bytes/s against the plain loop's."
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
        "writes three. dirichlet also reads 45 level columns; its ratio is of bytes/s.",
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
        "compared first. All run on the calling thread: CPU is that thread's time. A target "
        "is met when both ratios reach it.",
    )
    if data is None:
        table.missing("every graph", why)
        return table
    for skipped in data["skipped"]:
        table.missing(skipped["graph"], f"skipped: {skipped['why']}")
    for graph in data["graphs"]:
        methods = graph["methods"]
        ts = methods["trustscore"]
        ts_cell = f"{ts['median_s']:.3f} s, {ts['median_cpu_s']:.3f} s"
        for method, label, target in [
            ("scipy", "scipy.sparse power iteration", 5),
            (
                "igraph",
                "igraph PRPACK, build + solve",
                2 if graph["graph"].startswith("Epinions") else None,
            ),
        ]:
            m = methods.get(method)
            if m is None or "skipped" in m:
                table.missing(
                    f"{graph['graph']}", f"skipped: {m['skipped'] if m else method + ' not run'}"
                )
                continue
            wall, cpu = m["median_s"] / ts["median_s"], m["median_cpu_s"] / ts["median_cpu_s"]
            label += f" ({plural(m['runs'], 'run')})"
            cells = [
                graph["graph"],
                label,
                ts_cell,
                f"{m['median_s']:.3f} s, {m['median_cpu_s']:.3f} s",
                times(wall),
                times(cpu),
            ]
            if target:
                met = [wall >= target, cpu >= target]
                text = f"≥ {target}x"
                cells.append(
                    verdict(True, text)
                    if all(met)
                    else f"{text}: met in wall time only"
                    if met[0]
                    else f"{text}: met in CPU time only"
                    if met[1]
                    else verdict(False, text)
                )
            table.row(*cells)
        l1 = ", ".join(f"{k} {v:.1e}" for k, v in graph["l1"].items())
        table.notes.append(
            f"- {graph['graph']}: n = {graph['nodes']:,}, m = {graph['edges']:,}, "
            f"{graph['dangling']:,} dangling; L1 differences {l1}; trustscore "
            f"{plural(ts['runs'], 'run')}."
        )
    table.notes.append(
        f"- scipy {data['scipy']}, igraph {data['igraph'] or 'not importable'}, "
        f"numpy {data['numpy']}."
    )
    return table


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
        ("generated, ratings in (0, 1] (power iteration)", "BM_GeneratedWeightedEndToEnd"),
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
        table.row(
            config,
            source,
            f"{r['median_s']:.2f} s ({r['median_cpu_s']:.1f})",
            base_cell,
            times(base["median_s"] / r["median_s"]),
        )
    for source, efficiency in data["scaling_efficiency"].items():
        table.row(
            "scaling efficiency: throughput(2 workers) / (2 x throughput(1 worker))",
            source,
            "",
            "",
            pct(efficiency),
        )
    table.notes.append(
        f"{data['signals']:,} signals about {data['entities']:,} entities in {data['files']} "
        f"files ({data['megabytes']:.0f} MB); medians of {data['repeat']}; dask {data['dask']}."
    )
    return table


def other_table(report):
    """Binaries this script has no table for: their medians as they are."""
    names = [n for n in report["found"] if n not in KNOWN_BINARIES and n in report["binaries"]]
    if not names:
        return ""
    lines = [
        "## Other benchmarks",
        "",
        "| benchmark | wall | CPU | items/s |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in names:
        bench = Binary(report, name)
        if bench.why:
            lines.append(f"| {name} | {bench.why} | | |")
        for run, r in bench.benchmarks.items():
            if "error" in r:
                lines.append(f"| {name} {run} | skipped: {r['error']} | | |")
            else:
                items = fmt_items(r["items_per_second"], "items") if "items_per_second" in r else ""
                lines.append(
                    f"| {name} {run} | {fmt_time(r['real_time'])} | {fmt_time(r['cpu_time'])} | "
                    f"{items} |"
                )
    return "\n".join(lines) + "\n"


def runs_table(report):
    lines = [
        "## Runs",
        "",
        "| step | wall | load average before → after (1 min) | status | command |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for step in list(report["binaries"].values()) + list(report["python"].values()):
        status = step["status"] + (f": {step['why']}" if step.get("why") else "")
        if "command" not in step:
            lines.append(f"| {step['name']} | | | {status} | |")
            continue
        lines.append(
            f"| {step['name']} | {step['seconds']:.1f} s | {step['load_before'][0]:.2f} → "
            f"{step['load_after'][0]:.2f} | {status} | `{step['command']}` |"
        )
    return "\n".join(lines) + "\n"


def header(report):
    m = report["machine"]
    start, end = report["started"], report["finished"]
    minutes = (end - start).total_seconds() / 60
    memory = f", {m['memory_bytes'] / 2**30:.1f} GiB memory" if m["memory_bytes"] else ""
    env = ", ".join(f"`{k}={v}`" for k, v in report["environment"].items())
    isa = report["binaries"].get("bench_kernel", {}).get("context", {}).get("kernel_isa")
    if report["quick"]:
        sizes = (
            "**--quick: tiny sizes (TRUSTSCORE_BENCH_ENTITIES=20000, the 3,000-edge OTC slice, "
            "20,000 Python entities, a 20,000-node graph, one repetition); the numbers check the "
            "report's form, they say nothing about speed.**"
        )
    else:
        sizes = (
            "Sizes: each program's defaults (10 M entities x 9 factors for bench_kernel, "
            "bench_models and bench_persist, 2 M for bench_store_kinds, 1 M nodes / 10 M edges and "
            "Epinions for the graphs, all 35,592 Bitcoin OTC edges; python_bench.py 1 M entities; "
            "graph_bench.py medians of 3, igraph once; dask_bench.py 200,000 entities, medians of 3)."
        )
    return "\n".join(
        [
            "# trustscore benchmark report",
            "",
            "Written by `bench/report.py`: every benchmark binary of the build and the Python baselines in "
            "one run; each ratio compares two measurements from this run.",
            "",
            f"- Date: {start:%Y-%m-%d %H:%M}–{end:%H:%M} UTC ({minutes:.0f} min).",
            f"- Machine: {m['nproc']} cores (nproc; {m['cpu_count']} CPUs), {m['cpu_model']}{memory}"
            + (f"; Beta kernel path {isa}" if isa else "")
            + f". Python baselines run by `{report['interpreter']}` "
            f"(this script by Python {m['python']}).",
            f"- Load average (1 / 5 / 15 min): {load(report['load_before'])} before, "
            f"{load(report['load_after'])} after.",
            "- This machine is a shared VM: other engineers build and benchmark on the same cores, so wall "
            "times include waiting for a core and its speed drifts over minutes; ratios move between runs "
            "by 10% or more. CPU times are shown where the benchmark measures them.",
            f"- Command: `{report['command']}` (in `{report['cwd']}`); Google Benchmark medians of "
            f"{plural(report['repetitions'], 'repetition')}, random interleaving."
            + (f" Environment: {env}." if env else ""),
            f"- Library: `{report['library']}`; binaries: `{report['bench_dir']}`.",
            f"- {sizes}",
            "",
        ]
    )


def summary(tables):
    """The rows that have a target (those the README states), from every table."""
    lines = [
        "## Targets",
        "",
        "Every row below with a target, from the tables that follow.",
        "",
        "| area | measurement | ratio | target |",
        "| --- | --- | ---: | ---: |",
    ]
    rows = [r for t in tables for r in t.targets]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if not rows:
        lines.append("| every area | no measurement with a target ran | | |")
    return "\n".join(lines) + "\n"


def render(report):
    tables = [
        t(report)
        for t in (
            kernel_table,
            models_table,
            store_kinds_table,
            persist_table,
            python_table,
            graphs_table,
            graph_memory_table,
            edge_prediction_table,
            dask_table,
        )
    ]
    parts = [header(report), summary(tables)] + [t.markdown() for t in tables]
    other = other_table(report)
    if other:
        parts.append(other)
    parts.append(runs_table(report))
    return "\n".join(parts)
