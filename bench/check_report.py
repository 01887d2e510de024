#!/usr/bin/env python3
"""Checks the form of a benchmark report written by bench/report.py (the
ctest bench_report_check runs it on a --quick report):

- the header gives the date, the machine, the load average and the command;
- every area has its "## " heading, followed by a markdown table with a
  "ratio" column and at least one data row;
- every row either has a number in each ratio cell ("85%", "14.5x", "1.42"),
  or "—" where the row has no baseline, or says "skipped: why"; no row says
  "failed:";
- every table has at least one numeric ratio, unless all its rows are skipped
  for a reason the report may give (an optional module missing, data absent,
  --quick);
- a filled target cell says met or not met;
- no path of the machine that wrote it: the repository's own folder, or a
  temporary folder (`/tmp/...`), appears nowhere (paths are relative to the
  repository root).

    bench/check_report.py REPORT.md
"""

import os
import re
import sys

# Kept apart from report_cells.HEADINGS on purpose: a table the report stops
# writing must fail here.
HEADINGS = [
    "Beta kernel against a plain loop (bench_kernel)",
    "Batch model kernels against plain loops (bench_models)",
    "Model kinds scoring a store against a plain loop (bench_store_kinds)",
    "Saving and loading against raw stdio (bench_persist)",
    "Python package (C ABI) against numpy (python_bench.py)",
    "Ids through Python against indices (python_ids_bench.py)",
    "EigenTrust against scipy.sparse and igraph (graph_bench.py)",
    "Trust graph memory, C++ (bench_graph)",
    "Bitcoin OTC leave-one-out (bench_edge_prediction)",
    "CSV reader against pandas.read_csv and numpy.loadtxt (csv_bench.py)",
    "trustscore.dask against one process (dask_bench.py)",
    "Online use: chosen entities and retraction (bench_online)",
    "Online use: serving while ingesting (bench_serving)",
    "Journal: appends, group commit and recovery (bench_journal)",
    "Tuning on the Bitcoin OTC temporal split (tune_bench.py)",
]
NUMBER = re.compile(r"^\**[0-9][0-9,]*(\.[0-9]+)?(x|%)?\**$")
ACCEPTED_SKIPS = re.compile(r"skipped: .*(not importable|not found|--quick|--skip-epinions)")
HEADER_LINES = [
    r"^- Date: \d{4}-\d\d-\d\d \d\d:\d\d",
    r"^- Machine: \d+ cores",
    r"^- Load average \(1 / 5 / 15 min\): [0-9.]+ / [0-9.]+ / [0-9.]+ before, "
    r"[0-9.]+ / [0-9.]+ / [0-9.]+ after",
    r"^- Command: `[^`]*report\.py",
]


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_after(lines, start):
    """The rows (lists of cells) of the first table after line start, before the next heading."""
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append(cells(line))
        elif rows:
            break
    return rows


def check(text):
    errors = []
    lines = text.splitlines()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for needle in (repo + os.sep, "/tmp/trustscore-report-"):
        if needle in text:
            errors.append(f"a machine path {needle!r} appears in the report")
    for pattern in HEADER_LINES:
        if not any(re.match(pattern, line) for line in lines):
            errors.append(f"header: no line matching {pattern!r}")
    for heading in HEADINGS:
        at = [i for i, line in enumerate(lines) if line == f"## {heading}"]
        if len(at) != 1:
            errors.append(f"{heading}: {len(at)} headings, want 1")
            continue
        rows = table_after(lines, at[0])
        if len(rows) < 3 or not all(re.fullmatch(r":?-+:?", c) for c in rows[1]):
            errors.append(f"{heading}: no table with a data row")
            continue
        columns, data = rows[0], rows[2:]
        ratio_columns = [i for i, c in enumerate(columns) if c.lower().startswith("ratio")]
        target_columns = [i for i, c in enumerate(columns) if c.lower() == "target"]
        if not ratio_columns:
            errors.append(f"{heading}: no ratio column in {columns}")
            continue
        numeric, skipped = 0, []
        for row in data:
            line = " | ".join(row)
            if len(row) != len(columns):
                errors.append(f"{heading}: {len(row)} cells, want {len(columns)}: {line}")
            if "failed:" in line:
                errors.append(f"{heading}: a failed row: {line}")
                continue
            if "skipped:" in line:
                skipped.append(line)
                continue
            for i in ratio_columns:
                value = row[i] if i < len(row) else ""
                if NUMBER.match(value):
                    numeric += 1
                elif value != "—":
                    errors.append(f"{heading}: ratio {value!r} is not a number: {line}")
            for i in target_columns:
                value = row[i] if i < len(row) else ""
                if value and not re.search(r"\b(met|not met)\b", value):
                    errors.append(
                        f"{heading}: target {value!r} says neither met nor not met: {line}"
                    )
        if numeric == 0:
            unexplained = [s for s in skipped if not ACCEPTED_SKIPS.search(s)]
            if not skipped or unexplained:
                errors.append(
                    f"{heading}: no numeric ratio"
                    + (f"; skipped for another reason: {unexplained[0]}" if unexplained else "")
                )
    return errors


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        errors = check(f.read())
    for e in errors:
        print(f"check_report.py: {e}", file=sys.stderr)
    if errors:
        return 1
    print(
        f"check_report.py: {sys.argv[1]}: {len(HEADINGS)} tables, all with numeric ratios or reasons"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
