"""What every table of bench/report.py's markdown is made of: the headings
and area names, the cell formats of numbers (times, bytes, rates, ratios,
verdicts), where a measurement comes from (a bench binary's medians, a Python
baseline's JSON, or why there are none), Table, and the bandwidth row shared
by the tables that pair trustscore with a plain loop.
"""

# One "## " heading per table, in this order (bench/check_report.py looks for each).
HEADINGS = {
    "kernel": "Beta kernel against a plain loop (bench_kernel)",
    "models": "Batch model kernels against plain loops (bench_models)",
    "store_kinds": "Model kinds scoring a store against a plain loop (bench_store_kinds)",
    "persist": "Saving and loading against raw stdio (bench_persist)",
    "python": "Python package (C ABI) against numpy (python_bench.py)",
    "python_ids": "Ids through Python against indices (python_ids_bench.py)",
    "graphs": "EigenTrust against scipy.sparse and igraph (graph_bench.py)",
    "graph_memory": "Trust graph memory, C++ (bench_graph)",
    "edge_prediction": "Bitcoin OTC leave-one-out (bench_edge_prediction)",
    "csv": "CSV reader against pandas.read_csv and numpy.loadtxt (csv_bench.py)",
    "dask": "trustscore.dask against one process (dask_bench.py)",
    "online": "Online use: chosen entities and retraction (bench_online)",
    "serving": "Online use: serving while ingesting (bench_serving)",
    "journal": "Journal: appends, group commit and recovery (bench_journal)",
    "tuning": "Tuning on the Bitcoin OTC temporal split (tune_bench.py)",
}
# Short names of the areas, for the summary of targets.
AREAS = {
    "kernel": "Beta kernel",
    "models": "batch model kernels",
    "store_kinds": "model kinds",
    "persist": "persistence",
    "python": "Python vs numpy",
    "python_ids": "ids through Python",
    "graphs": "EigenTrust vs scipy/igraph",
    "graph_memory": "graph memory",
    "edge_prediction": "OTC leave-one-out",
    "csv": "CSV reader",
    "dask": "trustscore.dask",
    "online": "online use",
    "serving": "serving while ingesting",
    "journal": "journal",
    "tuning": "tuning",
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
