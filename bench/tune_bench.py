#!/usr/bin/env python3
"""Tuning on the Bitcoin OTC temporal split (issue 22), in one run:

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \\
        /usr/bin/python3 bench/tune_bench.py [--ratings PATH] [--repeat 3]

Signals are the ratings before 2014-01-01 about the rated user (``trustscore graph
signals``: value (r + 10) / 20, weight 1, the rater as source); the outcome of a user is the
mean scaled rating received from 2014-01-01 on, for the 226 users with at least 3 such
ratings and one before (bench/otc_outcomes.py). The same as the commands

    trustscore graph signals ../shared/data/bitcoin-otc/soc-sign-bitcoinotc.csv > otc.csv
    python3 bench/otc_outcomes.py ../shared/data/bitcoin-otc/soc-sign-bitcoinotc.csv > out.csv
    trustscore tune --signals otc.csv --outcomes out.csv --cutoff 2014-01-01

Measured: ``trustscore.tune`` with its default space and RMSE (5 outer folds, 3 inner),
--repeat times: its configurations per second (the search alone, as the report gives it, and
the whole call); and, as the baseline, evaluating one configuration from scratch with
``trustscore.evaluate`` (read the file, build the store, score, metrics on 5 folds; the
harness also times scoring 5 times). Reported: the medians, their ratio, and the outer-fold
table (RMSE, Pearson) of tuned, the defaults and the baselines. --json PATH also writes the
numbers (bench/report.py reads them).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "bindings", "python"))
sys.path.insert(0, HERE)

import trustscore as ts  # noqa: E402
from otc_outcomes import outcome_rows, unix, write_outcomes  # noqa: E402

SPLIT = "2014-01-01"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--ratings",
        default=os.environ.get(
            "TRUSTSCORE_OTC_CSV",
            os.path.join(REPO, "..", "shared", "data", "bitcoin-otc", "soc-sign-bitcoinotc.csv"),
        ),
    )
    library = os.environ.get("TRUSTSCORE_LIBRARY")
    ap.add_argument(
        "--cli",
        default=os.path.join(
            os.path.dirname(library) if library else os.path.join(REPO, "build", "release", "src"),
            "trustscore",
        ),
        help="the trustscore tool (default: beside TRUSTSCORE_LIBRARY, or build/release/src)",
    )
    ap.add_argument("--split", default=SPLIT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args()
    if not os.path.exists(args.ratings):
        sys.exit(f"tune_bench: {args.ratings} not found (set TRUSTSCORE_OTC_CSV)")
    cutoff = unix(args.split)
    with tempfile.TemporaryDirectory(prefix="trustscore-tune-") as folder:
        signals = os.path.join(folder, "otc.csv")
        outcomes = os.path.join(folder, "outcomes.csv")
        with open(signals, "w") as f:
            subprocess.run([args.cli, "graph", "signals", args.ratings], stdout=f, check=True)
        rows = outcome_rows(args.ratings, cutoff)
        with open(outcomes, "w") as f:
            write_outcomes(rows, f)

        search_rates, call_seconds, evaluate_seconds = [], [], []
        result = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = ts.tune(signals, outcomes, cutoff=cutoff, metric="rmse")
            call_seconds.append(time.perf_counter() - start)
            search_rates.append(result.configs_per_second)
            start = time.perf_counter()
            ts.evaluate(
                signals,
                outcomes,
                models={"one": result.best},
                folds=5,
                cutoff=cutoff,
                baselines=False,
            )
            evaluate_seconds.append(time.perf_counter() - start)

    configs = len(result.trials)
    table = result.table
    out = {
        "outcomes": len(rows),
        "configs": configs,
        "search_configs_per_second": statistics.median(search_rates),
        "call_configs_per_second": configs / statistics.median(call_seconds),
        "evaluate_one_seconds": statistics.median(evaluate_seconds),
        "best": result.best_config,
        "rows": [
            {
                "model": name,
                "rmse": row["rmse"],
                "rmse_sd": row["rmse_sd"],
                "pearson": row["pearson"],
                "pearson_sd": row["pearson_sd"],
            }
            for name, row in table.iterrows()
        ],
    }
    out["evaluate_configs_per_second"] = 1 / out["evaluate_one_seconds"]
    print(
        f"{configs} configurations: {out['search_configs_per_second']:.0f}/s searching, "
        f"{out['call_configs_per_second']:.0f}/s for the whole call; one configuration from "
        f"scratch with evaluate: {out['evaluate_one_seconds'] * 1000:.1f} ms"
    )
    for r in out["rows"]:
        print(
            f"{r['model']:28s} rmse {r['rmse']:.4f} ± {r['rmse_sd']:.4f}  "
            f"pearson {r['pearson']:.4f} ± {r['pearson_sd']:.4f}"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
