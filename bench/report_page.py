"""The page of bench/report.py's markdown around the tables of
report_tables.py: the header (date, machine, load, command, sizes), the summary
of the rows with a target, the medians of binaries without a table, and the
runs with their wall times and statuses.
"""

from report_cells import Binary, fmt_items, fmt_time, load, plural
from report_journal import JOURNAL_BINARIES, journal_table
from report_online import ONLINE_BINARIES, online_table, serving_table
from report_tuning import tune_table
from report_tables import (
    KNOWN_BINARIES,
    csv_table,
    dask_table,
    edge_prediction_table,
    graph_memory_table,
    graphs_table,
    kernel_table,
    models_table,
    persist_table,
    python_ids_table,
    python_table,
    store_kinds_table,
)


def other_table(report):
    """Binaries this script has no table for: their medians as they are."""
    known = KNOWN_BINARIES | ONLINE_BINARIES | JOURNAL_BINARIES
    names = [n for n in report["found"] if n not in known and n in report["binaries"]]
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
            "graph_bench.py medians of 3, igraph once; dask_bench.py 200,000 entities, medians of 3; "
            "bench_online 1 M and 10 M entities, bench_serving 1 M; bench_journal 1 M entities, "
            "10 M journaled signals)."
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
            f"- Command: `{report['command']}` (from the repository root); Google Benchmark medians of "
            f"{plural(report['repetitions'], 'repetition')}, random interleaving."
            + (f" Environment: {env}." if env else ""),
            f"- Library: `{report['library']}`; binaries: `{report['bench_dir']}`.",
            f"- {sizes}",
            "",
        ]
    )


def summary(tables):
    """The rows that have a target (those docs/guide/benchmarks.md states), from every table."""
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
            python_ids_table,
            graphs_table,
            graph_memory_table,
            edge_prediction_table,
            csv_table,
            dask_table,
            online_table,
            serving_table,
            journal_table,
            tune_table,
        )
    ]
    parts = [header(report), summary(tables)] + [t.markdown() for t in tables]
    other = other_table(report)
    if other:
        parts.append(other)
    parts.append(runs_table(report))
    return "\n".join(parts)
