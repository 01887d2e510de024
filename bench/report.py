#!/usr/bin/env python3
"""One benchmark report: runs every bench/ binary of a build and the Python
baselines in one go, and writes a markdown table per area of the throughputs
and of trustscore's ratio to the baseline measured in the same run.

    cmake --preset release && cmake --build --preset release
    bench/report.py [--output bench/REPORT.md] [--repetitions 3] [--quick]

- Every executable bench_* in --bench-dir (default build/release/bench) runs
  with --benchmark_format=json, --benchmark_repetitions=N and
  --benchmark_report_aggregates_only=true (medians of N), in random
  interleaving, from the repository root (so that bench_graph finds
  ../shared/data).
- bench/python_bench.py (C ABI vs numpy), bench/python_ids_bench.py (ids
  through Python against indices), bench/csv_bench.py (the CSV reader vs
  pandas.read_csv and numpy.loadtxt), bench/graph_bench.py (EigenTrust vs
  scipy.sparse and igraph) and bench/dask_bench.py (trustscore.dask, 1 and 2
  workers) run with /usr/bin/python3 or --python, with TRUSTSCORE_LIBRARY set
  to --library (default: the build's src/libtrustscore.so); each writes its
  numbers with --json, which this script reads.
- --quick: tiny sizes (TRUSTSCORE_BENCH_ENTITIES=20000, the 3,000-edge Bitcoin
  OTC slice of tests/data, --benchmark_min_time=0.01, one repetition), no
  Epinions in Python and no dask (starting two clusters alone takes longer
  than the rest): seconds, for the test that checks the report's form.

Missing data (../shared/data) or an optional module (igraph, dask) makes the
rows say "skipped: why". A binary or script that fails makes the script exit
with status 1, after writing the report of what did run.
"""

import argparse
import datetime
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import report_page

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# The Python baselines: script, arguments (full, quick), modules they need.
QUICK_OTC = os.path.join(REPO, "tests", "data", "graph", "bitcoin_otc_first3000.csv")

PYTHON_STEPS = [
    (
        "python_bench",
        "python_bench.py",
        [],
        ["--entities", "20000", "--calls", "2000", "--repeat", "1"],
        ["numpy"],
    ),
    # docs/guide/benchmarks.md's run: medians of 3, igraph once (tens of seconds a run on the generated graph).
    (
        "graph_bench",
        "graph_bench.py",
        ["--repeat", "3", "--igraph-repeat", "1"],
        [
            "--nodes",
            "20000",
            "--edges",
            "200000",
            "--repeat",
            "1",
            "--igraph-repeat",
            "1",
            "--skip-epinions",
        ],
        ["numpy", "scipy"],
    ),
    # Ids through Python against indices (issue 23): medians of 5 runs.
    (
        "python_ids_bench",
        "python_ids_bench.py",
        [],
        ["--signals", "200000", "--entities", "20000", "--repeat", "2"],
        ["numpy", "pandas"],
    ),
    # Issue 23's file: 4,000,000 signals, about 195 MB.
    (
        "csv_bench",
        "csv_bench.py",
        ["--repeat", "3"],
        ["--signals", "100000", "--entities", "12500", "--repeat", "1", "--loadtxt-rows", "10000"],
        ["numpy", "pandas"],
    ),
    # Issue 22: tuning on the Bitcoin OTC temporal split (the full file).
    (
        "tune_bench",
        "tune_bench.py",
        ["--repeat", "3"],
        ["--repeat", "1", "--ratings", QUICK_OTC, "--split", "2011-03-01"],
        ["numpy", "pandas"],
    ),
    (
        "dask_bench",
        "dask_bench.py",
        ["--entities", "200000", "--repeat", "3"],
        None,
        ["numpy", "pandas", "dask", "distributed"],
    ),
]

QUICK_ENTITIES = "20000"


def shown(text):
    """A path or command as the report prints it: relative to the repository root (where
    every step runs) and with the temporary folder named OUT, so that no machine's paths
    reach the page."""
    text = re.sub(r"\S*/trustscore-report-[^/\s]+", "OUT", text)
    return text.replace(REPO + os.sep, "")


def loadavg():
    return list(os.getloadavg())


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def run_step(name, command, env):
    """Runs one command from the repository root; stdout is captured (the JSON of
    a Google Benchmark binary); stderr is shown when the step ends and its last
    lines are kept (a failed step's row quotes them)."""
    print(f"report.py: {name}: {shlex.join(command)}", file=sys.stderr, flush=True)
    step = {"name": name, "command": shown(shlex.join(command)), "load_before": loadavg()}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=err)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    sys.stderr.write(stderr)
    step.update(
        seconds=time.perf_counter() - start,
        load_after=loadavg(),
        returncode=proc.returncode,
        stdout=proc.stdout.decode(errors="replace"),
        stderr_tail=stderr.strip().splitlines()[-3:],
    )
    step["status"] = "ok" if proc.returncode == 0 else "failed"
    return step


def seconds(value, unit):
    return value * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def parse_benchmarks(text):
    """Google Benchmark's JSON to {run name: numbers}: the median aggregate
    where there is one, else the median of the iteration runs (one
    repetition reports no aggregates). Times in seconds; "/real_time" and
    "/iterations:N" stay in the run name, lookups match by prefix."""
    data = json.loads(text)
    runs, medians = {}, {}
    for b in data.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if b.get("error_occurred"):
            runs.setdefault(name, []).append({"error": b.get("error_message", "error")})
            continue
        record = {
            k: v for k, v in b.items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
        record["real_time"] = seconds(b["real_time"], b.get("time_unit", "ns"))
        record["cpu_time"] = seconds(b["cpu_time"], b.get("time_unit", "ns"))
        if "label" in b:
            record["label"] = b["label"]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = record
        else:
            runs.setdefault(name, []).append(record)
    result = dict(medians)
    for name, records in runs.items():
        if name in result:
            continue
        if any("error" in r for r in records):
            result[name] = next(r for r in records if "error" in r)
            continue
        merged = dict(records[0])
        for key, value in records[0].items():
            if isinstance(value, (int, float)):
                merged[key] = statistics.median(r[key] for r in records if key in r)
        result[name] = merged
    return {"context": data.get("context", {}), "benchmarks": result}


def run_binaries(args, env):
    steps = {}
    names = sorted(
        f
        for f in os.listdir(args.bench_dir)
        if f.startswith("bench_")
        and os.access(os.path.join(args.bench_dir, f), os.X_OK)
        and os.path.isfile(os.path.join(args.bench_dir, f))
    )
    for name in names:
        if args.only and name not in args.only:
            continue
        command = [
            os.path.join(args.bench_dir, name),
            "--benchmark_format=json",
            f"--benchmark_repetitions={args.repetitions}",
            "--benchmark_report_aggregates_only=true",
            "--benchmark_enable_random_interleaving=true",
        ]
        if args.quick:
            command.append("--benchmark_min_time=0.01")
        step = run_step(name, command, env)
        if step["status"] == "ok":
            if not step["stdout"].strip():
                # bench_edge_prediction without its data file says so and measures nothing.
                step["status"] = "skipped"
                step["why"] = step["stderr_tail"][-1] if step["stderr_tail"] else "no output"
            else:
                try:
                    step.update(parse_benchmarks(step["stdout"]))
                except (ValueError, KeyError) as e:
                    step["status"], step["why"] = "failed", f"unreadable JSON: {e}"
        del step["stdout"]
        steps[name] = step
    return steps, names


def missing_modules(python, modules, env):
    """The modules that python (the baselines' interpreter, not necessarily the
    one running this script) cannot import, or why it cannot be asked."""
    code = (
        "import importlib.util, sys; "
        "print(' '.join(m for m in sys.argv[1:] if not importlib.util.find_spec(m)))"
    )
    try:
        out = subprocess.run(
            [python, "-c", code] + modules, env=env, capture_output=True, text=True
        )
    except OSError as e:
        return f"{python}: {e.strerror}"
    if out.returncode != 0:
        return f"{python} failed: {out.stderr.strip()[-200:]}"
    missing = out.stdout.split()
    return f"{', '.join(missing)} not importable by {python}" if missing else None


def run_python(args, env):
    steps = {}
    for name, script, full, quick, modules in PYTHON_STEPS:
        if args.only and name not in args.only:
            continue
        missing = missing_modules(args.python, modules, env)
        if missing:
            steps[name] = {"name": name, "status": "skipped", "why": missing}
            continue
        if args.quick and quick is None:
            steps[name] = {
                "name": name,
                "status": "skipped",
                "why": "--quick (starting its two clusters takes longer than the rest)",
            }
            continue
        with tempfile.TemporaryDirectory(prefix="trustscore-report-") as folder:
            out = os.path.join(folder, "numbers.json")
            command = (
                [args.python, os.path.join(HERE, script)]
                + (quick if args.quick else full)
                + ["--json", out]
            )
            step = run_step(name, command, env)
            del step["stdout"]
            if step["status"] == "ok":
                try:
                    with open(out) as f:
                        step["data"] = json.load(f)
                except (OSError, ValueError) as e:
                    step["status"], step["why"] = "failed", f"no JSON numbers: {e}"
        steps[name] = step
    return steps


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": nproc,
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "memory_bytes": memory,
        "python": sys.version.split()[0],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--bench-dir",
        default=os.path.join(REPO, "build", "release", "bench"),
        help="where the bench_* binaries are (default: build/release/bench)",
    )
    ap.add_argument(
        "--library",
        help="libtrustscore.so for the Python baselines "
        "(default: BENCH_DIR/../src/libtrustscore.so)",
    )
    ap.add_argument(
        "--python",
        default="/usr/bin/python3",
        help="interpreter of the Python baselines (Debian's sees numpy, scipy, igraph, dask)",
    )
    ap.add_argument("--output", default=os.path.join(HERE, "REPORT.md"))
    ap.add_argument(
        "--repetitions",
        type=int,
        default=None,
        help="Google Benchmark repetitions, medians reported (default 3; --quick: 1)",
    )
    ap.add_argument(
        "--quick", action="store_true", help="tiny sizes, seconds: checks the report, not speed"
    )
    ap.add_argument(
        "--only",
        help="comma-separated steps to run (bench_kernel,...,python_bench,"
        "graph_bench,dask_bench); the others' rows say skipped",
    )
    args = ap.parse_args()
    args.bench_dir = os.path.abspath(args.bench_dir)
    args.library = os.path.abspath(
        args.library or os.path.join(args.bench_dir, "..", "src", "libtrustscore.so")
    )
    if args.repetitions is None:
        args.repetitions = 1 if args.quick else 3
    args.only = set(args.only.split(",")) if args.only else None
    if not os.path.isdir(args.bench_dir):
        sys.exit(
            f"report.py: {args.bench_dir} does not exist: build first "
            "(cmake --preset release && cmake --build --preset release)"
        )

    env = dict(os.environ)
    env["TRUSTSCORE_LIBRARY"] = args.library
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [os.path.join(REPO, "bindings", "python"), env.get("PYTHONPATH")])
    )
    if args.quick:
        env["TRUSTSCORE_BENCH_ENTITIES"] = QUICK_ENTITIES
        env["TRUSTSCORE_OTC_CSV"] = QUICK_OTC
    else:
        # A size left in the environment would shrink the full run unseen.
        env.pop("TRUSTSCORE_BENCH_ENTITIES", None)

    report = {
        "started": now(),
        "load_before": loadavg(),
        "machine": machine(),
        "command": shown(
            shlex.join([os.path.relpath(os.path.abspath(sys.argv[0]), REPO)] + sys.argv[1:])
        ),
        "quick": args.quick,
        "repetitions": args.repetitions,
        "bench_dir": shown(args.bench_dir),
        "library": shown(args.library),
        "interpreter": args.python,
        "environment": {
            k: env[k]
            for k in (
                "TRUSTSCORE_BENCH_ENTITIES",
                "TRUSTSCORE_OTC_CSV",
                "TRUSTSCORE_EPINIONS",
                "TRUSTSCORE_BENCH_DIR",
            )
            if k in env
        },
    }
    binaries, found = run_binaries(args, env)
    python = run_python(args, env)
    report.update(
        finished=now(),
        load_after=loadavg(),
        binaries=binaries,
        found=found,
        python=python,
        only=args.only,
    )
    # Paths in the tables and the environment too (a data file, TRUSTSCORE_BENCH_DIR): all shown.
    text = shown(report_page.render(report))
    with open(args.output, "w") as f:
        f.write(text)
    print(f"report.py: wrote {args.output}", file=sys.stderr)
    failed = [
        s["name"]
        for s in list(binaries.values()) + list(python.values())
        if s["status"] == "failed"
    ]
    if failed:
        print(f"report.py: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
